"""The coder's track: turning a record into codes.

- `course.coding.icd10`: the ICD-10-CM FY2026 index (`get_index()`, cached per user) and the code-format rule;
  `python -m course.coding.icd10` pre-builds the cache.
- `course.coding.rules`: outpatient coding rules the lessons teach (uncertain diagnoses, 7th characters,
  Excludes1, first-listed code), as pure functions over notes and cases.
- `course.coding.cases`: the synthetic notes and 7th-character cases lesson 03's practice uses.
- `course.coding.hcpcs`: the HCPCS Level II code set (format, sections, the course's curated table, the
  codes the synthetic practice bills) and the shape of a procedure code (HCPCS or CPT).
"""
