"""The biller's toolkit: claims, NPIs, a scrubber, real X12 837P/835, patient responsibility and A/R.

API (names are stable; lessons 04-05 and assignments a04-a05 import them). Money is `decimal.Decimal`.

- `course.billing.npi`: `is_valid_npi(npi: str) -> bool`; `npi_check_digit(base9: str) -> int`;
  `make_fictitious_npi(rng: random.Random, first: str = "1") -> str` (valid check digit, labelled fictitious).
- `course.billing.claim`: dataclasses `Patient(patient_id, first_name, last_name, birth_date, sex, address,
  city, state, zip_code, member_id, phone="", email="", ssn="")`, `Provider(npi, name, last_name="",
  first_name="", taxonomy="", tax_id="", address, city, state, zip_code, is_organization=True)`,
  `Payer(payer_id, name)`, `ServiceLine(service_date: date, code: str, charge: Decimal, units: int = 1,
  modifiers: tuple[str, ...] = (), pointers: tuple[int, ...] = (1,), place_of_service: str = "11")`,
  `Claim(claim_id, patient, billing_provider, payer, diagnoses: list[str] (ICD-10-CM, dots optional),
  lines: list[ServiceLine], rendering_provider: Provider | None = None, received_date: date | None)`;
  `Claim.total_charge` (Decimal), `Claim.first_service_date`.
- `course.billing.scrubber`: `Problem(field: str, message: str, severity: "error" | "warning")`;
  `scrub(claim, *, today: date | None = None, timely_filing_days: int = 365) -> list[Problem]`
  (NPI check digits, billable ICD-10-CM codes, pointers A-L in range, max 12 dx / 4 pointers / 4 modifiers,
  HCPCS/CPT code shape, POS code known, positive charges/units, dates not in future, timely filing).
- `course.billing.pos`: `PLACE_OF_SERVICE: dict[str, str]`; `describe_pos(code) -> str`.
- `course.billing.carc`: `GROUP_CODES: dict[str, str]` (CO/PR/OA/PI); `CARC: dict[str, str]` (paraphrased
  1,2,3,16,29,45,50,97); `describe_adjustment(group, carc) -> str` e.g. "PR-1: ...".
- `course.billing.hcpcs`: `PROCEDURES: dict[str, str]` a few real HCPCS Level II codes with our own short
  wording, used by the synthetic practice (no CPT descriptors anywhere).
- `course.billing.x12_837p`: `Envelope(sender_id, receiver_id, ...)`;
  `claim_to_837p(claim, *, sender="COURSEDEMO", receiver="PAYERDEMO", control_number=1, when=None) -> str`;
  `claims_to_837p(claims, *, sender, receiver, control_number, when=None) -> str` (one interchange).
- `course.billing.x12_validate`: `ValidationResult(ok: bool, errors: list[str])`;
  `validate_x12(text: str) -> ValidationResult` (pyx12 4.0.0; 837P, 835 and other maps pyx12 has).
- `course.billing.x12_835`: `read_835(text) -> pandas.DataFrame` one row per adjustment or payment
  (columns: claim_id, status, charge, paid, patient_responsibility, line (0 = claim level), code,
  line_charge, line_paid, group, carc, amount); `read_835_tables(text) -> Remit835(claims, services,
  adjustments, plb)` DataFrames; `remittance_to_835(remits, *, payer, payee, control_number, ...) -> str`.
- `course.billing.responsibility`: `Benefits(deductible, copay, coinsurance, oop_max)`;
  `Accumulators(deductible_met, oop_met)`; `Share(allowed, deductible, copay, coinsurance, patient, plan,
  contractual)` with `.adjustments()` -> [("CO", "45", x), ("PR", "1", x), ...];
  `patient_share(billed, allowed, *, deductible_left, coinsurance, copay=0, oop_left) -> Share`;
  `year_of_claims(claims: iterable of (claim_id, billed, allowed), benefits) -> pandas.DataFrame`
  one row per claim with running deductible/OOP met.
- `course.billing.remittance`: `post_remittance(claims_df, remit_df) -> pandas.DataFrame` (posting: paid,
  adjustments, patient balance, balanced check); `reconcile(...)` problems list.
- `course.billing.ar`: `BUCKETS = ("0-30", "31-60", "61-90", "91-120", ">120")`;
  `aging_buckets(df, as_of, *, date_col="service_date", balance_col="balance") -> pandas.Series`;
  `days_in_ar(ar_total, charges_total, days) -> Decimal`; `clean_claim_rate(...)`, `denial_rate(...)`.
- `course.synthetic`: `practice(seed: int = 2026, n_patients: int = 40) -> Practice` with `.patients`,
  `.providers`, `.payers`, `.encounters`, `.claims` (list[Claim]), `.remittances`, `.claims_frame()`,
  `.remittance_frame()`, `.open_ar(as_of)`, `.to_837p()` and `.to_835()` texts.
"""
