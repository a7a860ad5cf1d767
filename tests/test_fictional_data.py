"""Fictional-data rules, repo-wide: every lesson, source and release notebook, course data file,
`course` module and README.

The phone / SSN / e-mail / link scanner is the one in tests/test_answer_keys_people.py (imported, not
copied). This module widens where it looks and adds what it does not check:

- links to real public sources (cms.gov, cdc.gov, bls.gov, ...) are allowed only in a notebook's
  References section, in README files and in `course` modules (where they attribute data); anywhere
  else a link must go to a reserved example domain;
- web addresses written without `https://` in prose (`www.clearwater-clinic.com`);
- phone numbers written with dots or as ten digits in a row (X12 segments);
- a ten-digit number next to the word NPI must be labelled fictitious: in the same cell, or by a
  sentence of the file that says its NPIs are fictitious.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.support import ROOT
from tests.test_answer_keys_people import FICTIONAL_DOMAIN, REFERENCE_HOSTS, violations

# Domains of the primary and secondary sources the lessons cite, on top of the people test's list
# (which already covers every .gov host, AAPC, AHIMA, NHA, AMBA, CAHIIM, O*NET, IETF, RFC Editor, NIST).
MORE_SOURCE_HOSTS = re.compile(
    r"(^|\.)(ama-assn\.org|aap\.org|nucc\.org|x12\.org|hfma\.org|mgma\.com|enter\.health|python\.org|"
    r"jupyterlab\.readthedocs\.io|nbgrader\.readthedocs\.io|jupyter\.org|github\.com)$",
    re.I,
)
BARE_HOST = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9-]+\.)+(?:com|org|net|edu|io|us|info|biz|health|co|gov))\b(?!\.\w)", re.I
)
DOTTED_PHONE = re.compile(r"(?<!\d)(?<!\d\.)\(?\d{3}\)?[.\s](\d{3})\.(\d{4})(?!\d|\.\d)")
RUN_PHONE = re.compile(r"(?<!\d)(?:1?\d{3})(555)(\d{4})(?!\d)")
TEN_DIGITS = re.compile(r"(?<![\d-])\d{10}(?![\d-])")
NPI_WORD = re.compile(r"npi", re.I)
FICTITIOUS = re.compile(r"fictitious|fictional|made-up|synthetic", re.I)
REFERENCE_HEADING = re.compile(r"^#{1,6}\s*(references|sources|further reading)\b", re.I)
HEADING = re.compile(r"^(#{1,6})\s")
LOOPBACK = {"localhost", "127.0.0.1", "[::1]"}


def is_source_host(host: str) -> bool:
    """A domain of a real public source the course cites (never a person's or a practice's site)."""
    return bool(REFERENCE_HOSTS.search(host) or MORE_SOURCE_HOSTS.search(host))


def _host_of(finding: str) -> str:
    """The host of a 'link https://host' finding of the people scanner."""
    return re.sub(r"^link https?://", "", finding).split(":")[0]


def scan(text: str, *, sources_ok: bool = False, prose: bool = False) -> list[str]:
    """Every fictional-data violation in `text`.

    `sources_ok`: links to cited public sources are allowed (a References section, a README, a module's
    data attribution). `prose`: the text is markdown or data, so bare web addresses are checked too.
    """
    found = [
        f
        for f in violations(text)
        if not (f.startswith("link ") and (_host_of(f) in LOOPBACK or (sources_ok and is_source_host(_host_of(f)))))
    ]
    for m in DOTTED_PHONE.finditer(text):
        if m.group(1) != "555" or not 100 <= int(m.group(2)) <= 199:
            found.append(f"phone {m.group(0)}")
    for m in RUN_PHONE.finditer(text):
        if not 100 <= int(m.group(2)) <= 199:
            found.append(f"phone {m.group(0)}")
    if prose:
        without_links = re.sub(r"https?://\S+|[\w.+-]+@[\w.-]+", " ", text)
        for m in BARE_HOST.finditer(without_links):
            host = m.group(1)
            if not (FICTIONAL_DOMAIN.search(host) or is_source_host(host)):
                found.append(f"web address {host}")
    return found


def says_npis_are_fictitious(text: str) -> bool:
    """Whether some sentence of `text` says its NPIs are fictitious ("Every person and NPI here is fictitious.")."""
    return any(
        re.search(r"\bNPIs?\b", sentence) and re.search(r"\b(fictitious|fictional)\b", sentence, re.I)
        for sentence in re.split(r"\.\s|\n\s*\n", text)
    )


def npi_problems(unit: str, file_text: str, window: int = 300) -> list[str]:
    """Ten-digit numbers next to 'NPI' in `unit` with no 'fictitious' label near them nor in the file's text."""
    found = []
    for m in TEN_DIGITS.finditer(unit):
        near = unit[max(0, m.start() - window) : m.end() + window]
        if NPI_WORD.search(near) and not RUN_PHONE.fullmatch(m.group(0)) and not FICTITIOUS.search(near):
            found.append(f"NPI {m.group(0)} not labelled fictitious")
    return found if found and not says_npis_are_fictitious(file_text) else []


def notebook_units(path: Path) -> Iterator[tuple[str, str, bool, bool]]:
    """(where, text, sources_ok, prose) for each part of a notebook: References sections apart."""
    nb = nbformat.read(path, as_version=4)
    in_refs_level = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            yield f"cell {i}", cell.source, False, False
            continue
        body, refs = [], []
        for line in cell.source.splitlines():
            heading = HEADING.match(line)
            if heading:
                level = len(heading.group(1))
                if REFERENCE_HEADING.match(line):
                    in_refs_level = level
                elif in_refs_level and level <= in_refs_level:
                    in_refs_level = 0
            (refs if in_refs_level else body).append(line)
        yield f"cell {i}", "\n".join(body), False, True
        if refs:
            yield f"cell {i} (References)", "\n".join(refs), True, True


def file_units(path: Path) -> Iterator[tuple[str, str, bool, bool]]:
    if path.suffix == ".ipynb":
        yield from notebook_units(path)
    elif path.suffix == ".py":
        yield "module", path.read_text(encoding="utf-8"), True, False
    else:  # data files and READMEs are prose; a README may point to its sources
        yield "file", path.read_text(encoding="utf-8"), path.name.lower().startswith("readme"), True


def scanned_files() -> list[Path]:
    patterns = [
        "course/lessons/*.ipynb",
        "source/*/*.ipynb",
        "release/*/*.ipynb",
        "course/data/*",
        "course/**/*.py",
        "README.md",
        "assignments/README.md",
    ]
    files = {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(files)


def file_problems(path: Path) -> list[str]:
    units = list(file_units(path))
    text = "\n\n".join(unit for _where, unit, _sources_ok, _prose in units)
    problems = []
    for where, unit, sources_ok, prose in units:
        problems += [f"{where}: {p}" for p in scan(unit, sources_ok=sources_ok, prose=prose)]
        problems += [f"{where}: {p}" for p in npi_problems(unit, text)]
    return problems


# --- the scanner itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "bad"),
    [
        ("Call 503-555-0142 or (971) 555-0199.", {}, False),
        ("Call 503.555.0142.", {}, False),
        ("Call 503.555.0200.", {}, True),
        ("Call 503.867.5309.", {}, True),
        ("45 CFR 162.1002 and 837.5010", {}, False),
        ('segment("PER", "IC", "TE", "2175550142")', {}, False),
        ('segment("PER", "IC", "TE", "2175550299")', {}, True),
        ("SSN 666-12-3456 or 123-00-4567.", {}, False),
        ("SSN 078-05-1120.", {}, True),
        ("Write to billing@example.net.", {}, False),
        ("Write to billing@clearwaterclinic.com.", {}, True),
        ("See https://www.cms.gov/medicare", {}, True),
        ("See https://www.cms.gov/medicare", {"sources_ok": True}, False),
        ("See https://www.clearwater-clinic.com/pay", {"sources_ok": True}, True),
        ("See https://github.com/azoner/pyx12", {"sources_ok": True}, False),
        ("See https://www.aap.org/en/practice-management", {"sources_ok": True}, False),
        ("Open http://127.0.0.1:8888/lab or http://localhost:8000", {}, False),
        ("Pay online at www.clearwater-clinic.com today.", {"prose": True}, True),
        ("Pay online at portal.clearwaterfp.example.org today.", {"prose": True}, False),
        ("Figures from bls.gov and x12.org.", {"prose": True}, False),
        ("Figures from salary-guru.com.", {"prose": True}, True),
        ("version 1.5.0 of simple-icd-10-cm; 2024-2034 projections; 005010X222A1", {"prose": True}, False),
    ],
)
def test_scanner_catches_what_it_should(text, kwargs, bad):
    assert bool(scan(text, **kwargs)) is bad, scan(text, **kwargs)


@pytest.mark.parametrize(
    ("unit", "file_text", "bad"),
    [
        ('billing_npi = "1357924681"', 'billing_npi = "1357924681"', True),
        ('billing_npi = "1357924681"  # fictitious', "", False),
        ('billing_npi = "1357924681"', "Every person and NPI in this notebook is fictitious.", False),
        ('claim_id = "1357924681"', 'claim_id = "1357924681"', False),  # not next to the word NPI
        ("NPI 1357924681 belongs to a fictitious clinic", "", False),
        ('npi = "1357924681"' + " " * 400 + "# fictitious", "", True),  # a label far away does not count
        ('npi = "1357924681"', "Every person and NPI below is\n**fictitious**; the codes are real.", False),
        ('PER*TE*2175550150~ N1*PE*XX*" + payee_npi', "", False),  # a fictional phone, not an NPI
    ],
)
def test_npi_rule(unit, file_text, bad):
    assert bool(npi_problems(unit, file_text)) is bad


def test_references_sections_are_found(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "## Key points\n\n- see https://www.cms.gov/x\n\n## References\n\n- https://www.cms.gov/y"
        ),
        nbformat.v4.new_markdown_cell("## Next\n\nhttps://www.cdc.gov/z"),
    ]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    problems = file_problems(path)
    assert problems == ["cell 0: link https://www.cms.gov", "cell 1: link https://www.cdc.gov"], problems


def test_scan_covers_the_whole_course():
    rels = {str(p.relative_to(ROOT)) for p in scanned_files()}
    assert {"README.md", "course/data/phishing_emails.json", "course/billing/x12_837p.py"} <= rels
    for kind, at_least in (("course/lessons/", 9), ("source/", 8), ("release/", 8)):
        assert sum(r.startswith(kind) and r.endswith(".ipynb") for r in rels) >= at_least, kind


# --- the course ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", scanned_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_file_follows_fictional_data_rules(path):
    problems = file_problems(path)
    assert problems == [], f"{path.relative_to(ROOT)}: {problems[:6]}"
