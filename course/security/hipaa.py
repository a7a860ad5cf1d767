"""HIPAA facts for lesson 07, as data with their CFR citations (45 CFR Parts 160 and 164).

- `SAFE_HARBOR`: the 18 identifiers of 164.514(b)(2)(i)(A)-(R).
- `SAFEGUARDS`: Security Rule implementation specifications, Required (R) or Addressable (A), with their
  paragraph in 164.308 (administrative), 164.310 (physical) or 164.312 (technical).
- `BREACH_NOTICES`: who must be told after a breach of unsecured PHI, when, and under which section.
There is deliberately no de-identifier here: assignment a07 grades writing one.
"""

from __future__ import annotations

from dataclasses import dataclass

SAFE_HARBOR_CITATION = "45 CFR 164.514(b)(2)(i)"

# (letter in 164.514(b)(2)(i), short name, what it covers)
SAFE_HARBOR: tuple[tuple[str, str, str], ...] = (
    ("A", "Names", "of the patient, relatives, employers or household members"),
    (
        "B",
        "Geographic subdivisions smaller than a state",
        "street, city, county, ZIP code (the first 3 ZIP "
        "digits may stay if that 3-digit area has more than 20,000 people; otherwise 000)",
    ),
    (
        "C",
        "Dates (except year) and ages over 89",
        "birth, admission, discharge and death dates; ages over 89 "
        "and their dates are grouped as 90 or older",
    ),
    ("D", "Telephone numbers", ""),
    ("E", "Fax numbers", ""),
    ("F", "E-mail addresses", ""),
    ("G", "Social Security numbers", ""),
    ("H", "Medical record numbers", ""),
    ("I", "Health plan beneficiary numbers", "member IDs"),
    ("J", "Account numbers", "including patient account numbers"),
    ("K", "Certificate or license numbers", "driver's licence, professional licence"),
    ("L", "Vehicle identifiers and serial numbers", "including licence plates"),
    ("M", "Device identifiers and serial numbers", "pacemaker serial, insulin pump ID"),
    ("N", "Web addresses (URLs)", ""),
    ("O", "IP addresses", ""),
    ("P", "Biometric identifiers", "finger and voice prints"),
    ("Q", "Full-face photographs and comparable images", ""),
    (
        "R",
        "Any other unique identifying number, characteristic or code",
        "except a re-identification code the covered entity assigns under 164.514(c)",
    ),
)


@dataclass(frozen=True)
class Safeguard:
    name: str
    kind: str  # "administrative", "physical" or "technical"
    cfr: str  # paragraph of 45 CFR
    required: bool  # True = Required (R); False = Addressable (A)

    @property
    def label(self) -> str:
        return f"{self.name} ({'R' if self.required else 'A'}, 45 CFR {self.cfr})"


def _s(name: str, kind: str, cfr: str, flag: str) -> Safeguard:
    return Safeguard(name, kind, cfr, flag == "R")


# The implementation specifications of the Security Rule (45 CFR 164.308, 164.310, 164.312), plus the
# standards that have none (which are themselves required).
SAFEGUARDS: tuple[Safeguard, ...] = (
    _s("Risk analysis", "administrative", "164.308(a)(1)(ii)(A)", "R"),
    _s("Risk management", "administrative", "164.308(a)(1)(ii)(B)", "R"),
    _s("Sanction policy", "administrative", "164.308(a)(1)(ii)(C)", "R"),
    _s("Information system activity review", "administrative", "164.308(a)(1)(ii)(D)", "R"),
    _s("Assigned security responsibility", "administrative", "164.308(a)(2)", "R"),
    _s("Authorization and/or supervision", "administrative", "164.308(a)(3)(ii)(A)", "A"),
    _s("Workforce clearance procedure", "administrative", "164.308(a)(3)(ii)(B)", "A"),
    _s("Termination procedures", "administrative", "164.308(a)(3)(ii)(C)", "A"),
    _s("Isolating health care clearinghouse functions", "administrative", "164.308(a)(4)(ii)(A)", "R"),
    _s("Access authorization", "administrative", "164.308(a)(4)(ii)(B)", "A"),
    _s("Access establishment and modification", "administrative", "164.308(a)(4)(ii)(C)", "A"),
    _s("Security reminders", "administrative", "164.308(a)(5)(ii)(A)", "A"),
    _s("Protection from malicious software", "administrative", "164.308(a)(5)(ii)(B)", "A"),
    _s("Log-in monitoring", "administrative", "164.308(a)(5)(ii)(C)", "A"),
    _s("Password management", "administrative", "164.308(a)(5)(ii)(D)", "A"),
    _s("Security incident response and reporting", "administrative", "164.308(a)(6)(ii)", "R"),
    _s("Data backup plan", "administrative", "164.308(a)(7)(ii)(A)", "R"),
    _s("Disaster recovery plan", "administrative", "164.308(a)(7)(ii)(B)", "R"),
    _s("Emergency mode operation plan", "administrative", "164.308(a)(7)(ii)(C)", "R"),
    _s("Testing and revision procedures", "administrative", "164.308(a)(7)(ii)(D)", "A"),
    _s("Applications and data criticality analysis", "administrative", "164.308(a)(7)(ii)(E)", "A"),
    _s("Evaluation", "administrative", "164.308(a)(8)", "R"),
    _s("Business associate written contract", "administrative", "164.308(b)(3)", "R"),
    _s("Contingency operations", "physical", "164.310(a)(2)(i)", "A"),
    _s("Facility security plan", "physical", "164.310(a)(2)(ii)", "A"),
    _s("Access control and validation procedures", "physical", "164.310(a)(2)(iii)", "A"),
    _s("Maintenance records", "physical", "164.310(a)(2)(iv)", "A"),
    _s("Workstation use", "physical", "164.310(b)", "R"),
    _s("Workstation security", "physical", "164.310(c)", "R"),
    _s("Disposal", "physical", "164.310(d)(2)(i)", "R"),
    _s("Media re-use", "physical", "164.310(d)(2)(ii)", "R"),
    _s("Accountability", "physical", "164.310(d)(2)(iii)", "A"),
    _s("Data backup and storage", "physical", "164.310(d)(2)(iv)", "A"),
    _s("Unique user identification", "technical", "164.312(a)(2)(i)", "R"),
    _s("Emergency access procedure", "technical", "164.312(a)(2)(ii)", "R"),
    _s("Automatic logoff", "technical", "164.312(a)(2)(iii)", "A"),
    _s("Encryption and decryption", "technical", "164.312(a)(2)(iv)", "A"),
    _s("Audit controls", "technical", "164.312(b)", "R"),
    _s("Mechanism to authenticate ePHI", "technical", "164.312(c)(2)", "A"),
    _s("Person or entity authentication", "technical", "164.312(d)", "R"),
    _s("Integrity controls (transmission)", "technical", "164.312(e)(2)(i)", "A"),
    _s("Encryption (transmission)", "technical", "164.312(e)(2)(ii)", "A"),
)


# Standards that have no implementation specifications of their own (they count as required).
STANDARDS_WITHOUT_SPECIFICATIONS = frozenset(
    {
        "Assigned security responsibility",
        "Evaluation",
        "Workstation use",
        "Workstation security",
        "Audit controls",
        "Person or entity authentication",
    }
)


def safeguard(name: str) -> Safeguard:
    """One safeguard by its exact name."""
    for s in SAFEGUARDS:
        if s.name == name:
            return s
    raise KeyError(name)


@dataclass(frozen=True)
class BreachNotice:
    who: str
    when: str
    threshold: str
    cfr: str


# Breach Notification Rule (45 CFR 164.400-414), for breaches of UNSECURED PHI. Encrypted ("secured") PHI
# that is lost is not a reportable breach.
INDIVIDUAL_NOTICE_DAYS = 60
MEDIA_NOTICE_MORE_THAN = 500  # residents of one State or jurisdiction: "more than 500"
HHS_IMMEDIATE_AT_LEAST = 500  # individuals in total: "500 or more"
BREACH_NOTICES: tuple[BreachNotice, ...] = (
    BreachNotice(
        "Each affected individual",
        "without unreasonable delay, at most 60 calendar days after discovery",
        "every breach of unsecured PHI",
        "164.404",
    ),
    BreachNotice(
        "Prominent media outlets in the State",
        "without unreasonable delay, at most 60 calendar days after discovery",
        "more than 500 residents of one State or jurisdiction",
        "164.406",
    ),
    BreachNotice(
        "HHS (the Secretary)",
        "at the same time as the individuals (contemporaneously)",
        "500 or more individuals",
        "164.408(b)",
    ),
    BreachNotice(
        "HHS (the Secretary)",
        "in a log, within 60 days after the end of the calendar year",
        "fewer than 500 individuals",
        "164.408(c)",
    ),
    BreachNotice(
        "The covered entity (from a business associate)",
        "without unreasonable delay, at most 60 calendar days after discovery",
        "every breach a business associate discovers",
        "164.410",
    ),
)
