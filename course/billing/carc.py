"""Claim adjustment group codes and a few claim adjustment reason codes (CARCs), paraphrased.

X12 maintains the CARC list and rewrites its wording several times a year: these are our own short
paraphrases for teaching, not the official text.
"""

from __future__ import annotations

GROUP_CODES: dict[str, str] = {
    "CO": "Contractual obligation: the provider writes it off and may not bill the patient",
    "PR": "Patient responsibility: the patient owes it (deductible, coinsurance, copay)",
    "OA": "Other adjustment: neither the provider's contract nor the patient",
    "PI": "Payer-initiated reduction without a contract basis",
}

CARC: dict[str, str] = {
    "1": "Deductible amount",
    "2": "Coinsurance amount",
    "3": "Copay amount",
    "16": "Claim lacks information or has a submission/billing error (a remark code says what)",
    "29": "The time limit for filing has expired",
    "45": "Charge is more than the fee schedule or contracted amount",
    "50": "Not deemed medically necessary by the payer",
    "97": "Paid as part of another service already adjudicated (bundled)",
}


def describe_adjustment(group: str, carc: str) -> str:
    """A readable line for one adjustment, e.g. ("PR", "1") -> "PR-1: Deductible amount (patient ...)"."""
    group = group.strip().upper()
    carc = str(carc).strip()
    g = GROUP_CODES.get(group, "unknown group")
    r = CARC.get(carc, "reason not in the course's list")
    return f"{group}-{carc}: {r} ({g.split(':')[0].lower()})"
