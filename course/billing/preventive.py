"""Preventive services: the codes on which the patient pays no deductible, copay or coinsurance.

- Non-grandfathered plans cover in-network preventive care with no cost sharing: ACIP-recommended
  vaccines, USPSTF A/B services and HRSA women's and children's preventive care (Public Health Service
  Act section 2713, 45 CFR 147.130).
- Medicare Part B applies no deductible (42 CFR 410.160(b)) and no coinsurance (ACA sections 4103-4104)
  to flu and pneumococcal vaccines and their administration (G0008, G0009), the "Welcome to Medicare"
  visit (G0402), the annual wellness visit (G0438, G0439) and screening Pap smears (Q0091).

So a remittance never carries PR-1, PR-2 or PR-3 on these lines (the course's synthetic practice follows
this; its tests check it). Only the contractual adjustment (CO-45) and the plan's payment remain.
"""

from __future__ import annotations

PREVENTIVE_CODES: dict[str, str] = {
    "G0008": "influenza vaccine administration",
    "G0009": "pneumococcal vaccine administration",
    "G0402": "initial preventive physical examination (Welcome to Medicare)",
    "G0438": "annual wellness visit, initial",
    "G0439": "annual wellness visit, subsequent",
    "Q0091": "screening Pap smear collection",
}


def is_preventive(code: str) -> bool:
    """True when `code` is one of the preventive services above (no patient cost sharing)."""
    return str(code).strip().upper() in PREVENTIVE_CODES
