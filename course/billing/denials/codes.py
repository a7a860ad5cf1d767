"""The codes and rules the denial simulator uses: each meaning paraphrased, each with its source.

`on_facts_sheet` is True when the course's domain-facts sheet (§3 "Adjudication" and §4, the sources the
course's answer keys rest on) carries the meaning: only those may be autograded. The others were checked against
copies of the X12 lists (CARC: x12.org/codes/claim-adjustment-reason-codes, also shipped by CMS as
Codes.ini; RARC: x12.org/codes/remittance-advice-remark-codes, maintained by CMS) and are taught, not graded.
X12 rewrites the wording three times a year: these are the course's own short paraphrases.
"""

from __future__ import annotations

from dataclasses import dataclass

FACTS = "X12 Claim Adjustment Reason Code list, paraphrased (as summarised by the TRICARE TED manual and ResDAC)"
X12_CARC = "X12 Claim Adjustment Reason Code list (x12.org/codes/claim-adjustment-reason-codes; CMS Codes.ini copy)"
X12_RARC = "Remittance Advice Remark Code list (x12.org/codes/remittance-advice-remark-codes, maintained by CMS)"


@dataclass(frozen=True)
class Code:
    """One group code, CARC or RARC: what it means here, where that comes from, and whether it may be graded."""

    code: str
    meaning: str
    source: str
    on_facts_sheet: bool


GROUPS: dict[str, Code] = {
    g: Code(g, m, "X12 group codes (ResDAC's table, citing X12)", True)
    for g, m in {
        "CO": "Contractual obligation: the provider absorbs it and may never bill the patient for it",
        "PR": "Patient responsibility: the patient owes it",
        "OA": "Other adjustment: neither the contract nor the patient",
        "PI": "Payer-initiated reduction without a contract basis",
    }.items()
}

CARCS: dict[str, Code] = {
    c.code: c
    for c in (
        Code("1", "Deductible amount", FACTS, True),
        Code("2", "Coinsurance amount", FACTS, True),
        Code("3", "Copay amount", FACTS, True),
        Code(
            "16", "The claim lacks information or has a submission/billing error; a remark code says what", FACTS, True
        ),
        Code("29", "The time limit for filing has expired", FACTS, True),
        Code("45", "The charge exceeds the fee schedule or contracted amount", FACTS, True),
        Code("50", "Not deemed medically necessary by the payer", FACTS, True),
        Code("97", "Included in the payment for another service already adjudicated (bundled)", FACTS, True),
        Code("4", "The procedure code does not fit the modifier, or a required modifier is missing", X12_CARC, False),
        Code("5", "The procedure code does not fit the place of service", X12_CARC, False),
        Code("7", "The procedure does not fit the patient's sex as the payer has it", X12_CARC, False),
        Code("11", "The diagnosis does not fit (support) the procedure", X12_CARC, False),
        Code("18", "Exact duplicate of a claim or service already received", X12_CARC, False),
        Code("22", "Another payer may cover this care first (coordination of benefits)", X12_CARC, False),
        Code("23", "What the prior payer(s) paid or adjusted has been taken into account", X12_CARC, False),
        Code("27", "The service was after the patient's coverage ended", X12_CARC, False),
        Code("31", "The patient cannot be identified as this payer's member", X12_CARC, False),
        Code("109", "Not covered by this payer: send the claim to the right payer", X12_CARC, False),
        Code("197", "Precertification/authorization/notification was not obtained", X12_CARC, False),
        Code("204", "The service is not covered under the patient's current benefit plan", X12_CARC, False),
    )
}

RARCS: dict[str, Code] = {
    c.code: c
    for c in (
        Code(
            "MA130",
            "Unprocessable claim: incomplete or invalid information, no appeal rights; send a new claim",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (CARC 16 with RARC MA130)",
            True,
        ),
        Code("M76", "Missing, incomplete or invalid diagnosis or condition", X12_RARC, False),
        Code("N20", "Not payable with another service on the same date", X12_RARC, False),
        Code("N130", "See the plan's benefit documents for this service's restrictions", X12_RARC, False),
        Code("N418", "Misrouted claim: see the payer's claim submission instructions", X12_RARC, False),
    )
}


@dataclass(frozen=True)
class Rule:
    """A rule the feedback names: short name, what it says, and its source."""

    name: str
    says: str
    source: str
    on_facts_sheet: bool


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "unprocessable",
            "CARC 16 with MA130 (Medicare) means the claim was never processed: there are no appeal rights, and "
            "a corrected/replacement claim (frequency 7) is only for a processed claim; fix it and send a new "
            "claim (frequency 1).",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (CARC 16 / RARC MA130)",
            True,
        ),
        Rule(
            "replacement",
            "A processed claim with an error is fixed with a replacement claim: CLM05-3 frequency code 7 and the "
            "payer's claim control number (835 CLP07) in REF*F8. Sending it again as a new claim (frequency 1) "
            "looks like a duplicate (CARC 18).",
            "X12 837P 005010X222A1 (CLM05-3 claim frequency code; 2300 REF*F8 payer claim control number)",
            False,
        ),
        Rule(
            "co_never_billed",
            "Group CO is the provider's contractual obligation: it is written off and never billed to the patient.",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (group codes; CO-45 contractual write-off)",
            True,
        ),
        Rule(
            "pr_is_patients",
            "Group PR (deductible 1, coinsurance 2, copay 3, and non-covered PR amounts) is the patient's to pay: "
            "bill exactly the PR total, not a cent of the CO amounts.",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (group codes; deductible, coinsurance, copay)",
            True,
        ),
        Rule(
            "timely_filing_medicare",
            "Medicare's filing limit is 12 months (one calendar year) from the date of service; a claim denied "
            "CO-29 that really was late is the provider's loss (CO), never the patient's.",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (timely filing)",
            True,
        ),
        Rule(
            "timely_filing_proof",
            "A CO-29 denial on a claim that went out on time is appealed with proof of timely filing (the "
            "clearinghouse acceptance report dated inside the limit).",
            "payer appeal practice; the fictional plans' provider agreements in this simulator",
            False,
        ),
        Rule(
            "redetermination",
            "A Medicare first-level appeal (redetermination) must be filed within 120 days of receiving the "
            "initial determination; receipt is presumed 5 days after the notice date.",
            "42 CFR 405.942(a)",
            False,
        ),
        Rule(
            "plan_appeal",
            "The fictional commercial plans' provider agreements allow a first-level appeal within 180 days of "
            "the remittance date, and claims within 180 days of the date of service.",
            "the simulator's fictional provider agreements (not a real plan's terms)",
            False,
        ),
        Rule(
            "medical_necessity",
            "A CO-50 (not medically necessary) denial is appealed with the medical record that documents why "
            "the service was needed; a letter alone does not change the decision.",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (CARC 50); payer appeal practice",
            False,
        ),
        Rule(
            "bundled",
            "CO-97: the service is paid as part of another one. If it really was a separate, distinct service, "
            "a replacement claim with the modifier that says so can be paid; if not, it is written off (CO).",
            "X12 code lists as paraphrased by the TRICARE TED manual and ResDAC (CARC 97)",
            False,
        ),
        Rule(
            "cob",
            "When another payer is primary (coordination of benefits), bill the primary first, then the "
            "secondary with the primary's payment.",
            "X12 CARC 22 / 23 meanings; coordination of benefits practice",
            False,
        ),
        Rule(
            "wrong_payer",
            "CO-109 / CO-27: this payer does not cover the patient on that date: send the claim to the payer "
            "that does (check eligibility first).",
            "X12 CARC 109 / 27 meanings",
            False,
        ),
        Rule(
            "authorization",
            "CO-197: the payer required prior authorization. If it was obtained, send a replacement claim with "
            "the authorization number (REF*G1); if it never was, the loss is the provider's (CO).",
            "X12 CARC 197 meaning; 837P 2300 REF*G1",
            False,
        ),
        Rule(
            "not_covered",
            "PR-204: the plan does not cover the service; the payer put it in the patient's column (PR), so the "
            "patient is billed for it.",
            "X12 CARC 204 meaning; X12 group code PR (ResDAC's table)",
            False,
        ),
        Rule(
            "underpaid",
            "A payment below the contracted rate (too large a CO-45) is appealed with the contract's fee schedule.",
            "X12 CARC 45 (allowed amount = fee schedule or contract amount), as summarised by the TRICARE TED manual and ResDAC",
            False,
        ),
        Rule(
            "duplicate",
            "CO-18: the payer already has this claim. When the first one was paid, the duplicate's balance is "
            "adjusted off; resending it only brings another CO-18.",
            "X12 CARC 18 meaning",
            False,
        ),
        Rule(
            "coding_fit",
            "CO-4 / CO-5 / CO-7 / CO-11: something on the processed claim does not fit (modifier, place of "
            "service, the patient's sex on file, diagnosis): fix it and send a replacement claim.",
            "X12 CARC 4, 5, 7, 11 meanings; 837P CLM05-3",
            False,
        ),
        Rule(
            "too_many_turns",
            "Each wrong turn costs weeks. In this simulator the third wrong turn closes the claim: the filing and "
            "appeal windows are treated as gone and the balance is lost.",
            "the simulator's own rule",
            False,
        ),
    )
}


def describe(group: str, carc: str) -> str:
    """ "CO-29: The time limit for filing has expired (CO: Contractual obligation ...)"."""
    g = GROUPS.get(group)
    c = CARCS.get(carc)
    return f"{group}-{carc}: {c.meaning if c else 'reason not in the simulator list'} ({g.meaning if g else group})"


def rule_text(name: str) -> str:
    """'<what the rule says> (Source: ...)'."""
    r = RULES[name]
    return f"{r.says} (Source: {r.source}.)"
