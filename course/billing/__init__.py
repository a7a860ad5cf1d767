"""The biller's toolkit: claims, NPIs, a scrubber, real X12 837P/835, patient responsibility and A/R.

API (names are stable; lessons 04-05 import them; assignments must NOT import these as answers).
Money is `decimal.Decimal` to the cent. Every NPI in the course is fictitious.

- `course.billing.npi`: `is_valid_npi(npi: str) -> bool`; `npi_check_digit(base9: str) -> int`;
  `make_fictitious_npi(rng: random.Random, first: str = "1") -> str` (valid check digit).
- `course.billing.claim`: dataclasses `Patient(patient_id, first_name, last_name, birth_date, sex, address,
  city, state, zip_code, member_id, phone="", email="", ssn="")`; `Provider(npi, name, first_name="",
  is_organization=True, taxonomy="207Q00000X", tax_id="", address="", city="", state="", zip_code="",
  phone="")` (for a person `name` is the last name); `Payer(payer_id, name)`; `ServiceLine(service_date,
  code, charge, units=1, modifiers=(), pointers=(1,), place_of_service="11")` (pointers 1-based: 1 = A);
  `Claim(claim_id, patient, billing_provider, payer, diagnoses: list[str] (ICD-10-CM, dot optional),
  lines, rendering_provider=None, received_date=None)` with `.total_charge`, `.first_service_date`,
  `.place_of_service`; `money(x) -> Decimal`; `pointer_letter(1) -> "A"`.
- `course.billing.scrubber`: `Problem(field, message, severity)` (field names the CMS-1500 item, e.g.
  "33a billing provider NPI", "21B diagnosis", "24 line 2 (24E pointer)"; severity "error" | "warning");
  `scrub(claim, *, today=None, timely_filing_days=None) -> list[Problem]` (NPI check digits, billable
  FY2026 ICD-10-CM, 1-12 diagnoses, pointers in range and <= 4 and following `course.billing.pointers`,
  <= 4 two-character modifiers, HCPCS/CPT code shape, known POS, charge > 0, units >= 1, no future dates,
  member ID, timely filing: Medicare's one calendar year unless a payer's number of days is given);
  `filing_deadline(service_date, timely_filing_days=None) -> date`; `one_calendar_year_later(day)`;
  `icd10cm_status(code) -> "billable" | "not billable" | "invalid"`.
- `course.billing.edits`: the course's own teaching edit tables (FICTIONAL pairs and limits on real HCPCS
  Level II codes, course/data/edits_ptp.csv and edits_mue.csv, not CMS's): `pair_edits()`, `unit_limits()`,
  `edit_hits(lines) -> [EditHit(line, item, message, severity)]` (PTP indicator 0/1/9, units a line or a
  day, 25 / 59 / XE XS XP XU on the right lines); `scrub` reports them as problems.
- `course.billing.pointers`: `pointer_rule_problems(diagnoses, code, pointers) -> [(rule, sentence)]`
  (a line never points only at external-cause codes V00-Y99; G0008/G0009 point at Z23);
  `is_external_cause(code) -> bool`.
- `course.billing.preventive`: `PREVENTIVE_CODES` (G0008, G0009, G0402, G0438, G0439, Q0091: no patient
  cost sharing, 45 CFR 147.130, 42 CFR 410.160(b)); `is_preventive(code) -> bool`.
- `course.billing.pos`: `PLACE_OF_SERVICE: dict[str, str]`; `describe_pos("11") -> "Office"`.
- `course.billing.carc`: `GROUP_CODES` (CO/PR/OA/PI); `CARC` (paraphrased 1,2,3,16,29,45,50,97);
  `describe_adjustment("PR", "1") -> "PR-1: Deductible amount (patient responsibility)"`.
- `course.coding.hcpcs` (the coding track's one HCPCS module): `PROCEDURES: dict[str, str]` the HCPCS Level II
  codes the practice bills (CMS-checked, course wording); `MODIFIERS`; `code_shape(code) -> "HCPCS" | "CPT" |
  None` (CPT: 4 digits + a digit or A/F/T/U/M).
- `course.billing.x12_837p`: `claim_to_837p(claim, *, sender="COURSEDEMO", receiver="PAYERDEMO",
  control_number=1, when=None) -> str`; `claims_to_837p(claims, *, ...) -> str` (one interchange);
  `pretty(x12) -> str` (one segment per line).
- `course.billing.cms1500`: `cms1500_rows(claim) -> DataFrame(item, field, value)` (items 1a-33a, 21A-L,
  24A-J per line); `segment_table(x12_837p) -> DataFrame(segment, loop, what, cms1500_item)`.
- `course.billing.x12_validate`: `validate_x12(text, *, cache_maps=True) -> ValidationResult(ok, errors)`
  (pyx12 4.0.0; 837P and 835; errors are sentences naming the segment and element).
- `course.billing.remittance`: dataclasses `Adjustment(group, carc, amount)`, `RemitLine(code, charge, paid,
  service_date, units, modifiers, adjustments)` (`.allowed`), `RemitClaim(claim_id, status ("1" paid,
  "4" denied), charge, paid, patient_last, patient_first, member_id, payer_claim_id, lines)`
  (`.patient_responsibility`), `ProviderAdjustment(reason, reference, amount)`, `Remittance(payer_id,
  payer_name, payee_npi, payee_name, check_number, paid_date, claims, provider_adjustments)` (`.total_paid`);
  `line_balances(line) -> bool`; `post_remittance(claims_df[claim_id, charge], read_835(...)) -> DataFrame`
  (paid, contractual, patient, balance, answered, balanced); `reconcile(claims_df, read_835_tables(...))
  -> list[str]` (plain-sentence problems, [] when it all squares).
- `course.billing.x12_835`: `remittance_to_835(remits, *, sender, receiver, control_number, when) -> str`;
  `read_835_tables(text) -> Remit835(payments, claims, services, adjustments, plb)` DataFrames;
  `read_835(text) -> DataFrame` one row per adjustment (claim_id, status, charge, paid,
  patient_responsibility, line (0 = claim level), code, line_charge, line_paid, group, carc, amount).
- `course.billing.denials` (issue 15): the denial simulator, pure functions over immutable states:
  `start(scenario_id) -> State`, `choose(state, Action.X, fix=/evidence=/amount=) -> State` (the next 835 or
  letter in `state.reply`, `state.feedback` naming the rule and its source), `is_closed`, `options`, `result`;
  `scenario_ids()` (46: "D01"...), `scenario(id)`; `CARCS`, `RARCS`, `GROUPS`, `RULES` with sources and
  `on_facts_sheet`. `Claim` also has `frequency_code="1"` (CLM05-3; 7 = replacement), `payer_claim_number`
  (REF*F8) and `prior_authorization` (REF*G1); `Payer` and `RemitClaim` have `filing_indicator="12"` (837P
  SBR09 / 835 CLP06; "MB" Medicare Part B); `RemitLine.remarks` are RARCs (835 LQ*HE), read back in
  `read_835_tables(...).services["remarks"]`.
- `course.billing.responsibility`: `Benefits(deductible, copay, coinsurance (fraction), oop_max)`;
  `Accumulators(deductible_met=0, oop_met=0)`; `split_claim(billed, allowed, *, deductible_left,
  coinsurance, copay=0, oop_left) -> Share(billed, allowed, contractual, copay, deductible, coinsurance,
  plan)` with `.patient`, `.adjustments() -> [("CO", "45", x), ("PR", "1", x), ...]`, `.balances()`;
  `year_of_claims([(claim_id, billed, allowed), ...], benefits, start=None) -> DataFrame` one row per claim
  with running deductible_met / oop_met. (Named `split_claim`, not `patient_share`: a01 students write a
  function called patient_share.)
- `course.billing.ar`: `BUCKETS = ("0-30", "31-60", "61-90", "91-120", ">120")`; `bucket_for(days)`;
  `aging_buckets(df, as_of, *, date_col="service_date", balance_col="balance") -> Series` (all 5, in order);
  `days_in_ar(ar_total, charges, days=90) -> Decimal` (1 decimal); `clean_claim_rate(accepted_first_pass,
  submitted)`, `denial_rate(denied, adjudicated)` -> fractions.
- `course.billing.workqueue`: the biller's queue over `Claim` / `RemitClaim`: `PayerRules(name, appeal_days,
  filing_days=None, receipt_days=0)`; `WorkItem(claim_id, patient, payer_id, service_date, amount, reason,
  deadline, deadline_kind, step, step_text)`; `urgency(days_left)` (3: 0-7 days, 2: 8-30, 1: more, 0: passed),
  `priority(item, today)` = amount x urgency, `ordered(items, today)`, `why_first(item, today)`;
  `denial_item(claim, remit, remit_date, rules, step, step_text, rarc="")`, `no_answer_item(claim, rules,
  today)`; `ar_by_bucket(items, worked, today)` ('to work' / 'waiting for payment'), `written_off(...)`;
  `rates(claims, remits, needed_touch) -> Rates(submitted, clean, adjudicated, denied)` with
  `.clean_claim_rate` (HFMA MAP Key CL-1) and `.denial_rate` (AR-5, by count).
  `course.billing.biller_day`: `biller_day() -> BillerDay(today, claims, remits, remit_dates, items, rates)`,
  a synthetic month at a fictional practice; `course.billing.queue_figure`: `queue_ar_figure`, `queue_ar_alt`.
- `course.billing.revenue_cycle`: `CYCLE` (the steps, who does each), `JOURNEY` and `JOURNEY_HINTS` (lesson
  01's ordering practice); `course.billing.cycle_figure`: `draw_revenue_cycle()`, `revenue_cycle_alt()`.
- `course.billing.figures`: the biller lessons' figures (share, year, A/R aging, denials) and their `*_alt` texts.
- `course.synthetic`: `practice(seed=2026, n_patients=40, as_of=date(2026, 11, 2)) -> Practice` (a private
  copy each call) with `.patients`, `.billing_provider`, `.providers`, `.payers`, `.benefits`, `.claims`,
  `.remittances`, `.encounters` (DataFrame), `.claims_frame()`, `.remittance_frame()`, `.open_ar(as_of=None)`
  (balance, owed_by, age_days), `.denials()`, `.measures()`, `.to_837p()`, `.claim_837p(claim_id)`,
  `.to_835()`; `flawed_claims(seed) -> [(claim, CMS-1500 item with the planted mistake)]`.
"""
