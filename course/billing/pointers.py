"""Which diagnoses a service line may point to (CMS-1500 item 24E): the rules the course grades.

- A line points to 1-4 of the claim's diagnoses (A-L), the one that best justifies the service first.
- External-cause codes (ICD-10-CM chapter 20, V00-Y99) say how or where an injury happened. They are
  never the reason for a service (OCG I.C.20), so a line does not point at them: pointing only at them
  leaves the service unjustified (an error), pointing at them besides the injury is a slip payers may
  reject (a warning; a08 grades it wrong). Reporting them is voluntary unless a payer or a state
  requires it.
- Giving a vaccine (G0008, G0009) is justified by Z23, *Encounter for immunization*: the line points at
  Z23 (OCG I.C.21.c.2; CMS vaccine billing guidance).
"""

from __future__ import annotations

from collections.abc import Sequence

VACCINE_ADMINISTRATION = frozenset({"G0008", "G0009"})
IMMUNIZATION = "Z23"


def plain(code: str) -> str:
    """A diagnosis code as compared here: no spaces, upper case, no dot."""
    return str(code).strip().upper().replace(".", "")


def is_external_cause(code: str) -> bool:
    """True for an ICD-10-CM chapter 20 code (V00-Y99): how or where an injury happened."""
    return plain(code)[:1] in {"V", "W", "X", "Y"}


EXTERNAL_CAUSE_ONLY = "external cause only"
EXTERNAL_CAUSE_TOO = "external cause besides the condition"
VACCINE_WITHOUT_Z23 = "vaccine without Z23"


def pointer_rule_problems(diagnoses: Sequence[str], code: str, pointers: Sequence[int]) -> list[tuple[str, str]]:
    """The graded pointer rules a line breaks, as (rule, sentence) pairs ([] when it follows them).

    `diagnoses` is item 21 in order; `pointers` are 1-based positions in it (1 = A). Pointers outside
    the list are the scrubber's range check, not repeated here.
    """
    pointed = [diagnoses[p - 1] for p in pointers if 1 <= p <= len(diagnoses)]
    out = []
    if pointed and all(is_external_cause(dx) for dx in pointed):
        out.append(
            (
                EXTERNAL_CAUSE_ONLY,
                f"The line points only at {', '.join(pointed)}, an external-cause code: it says how or where an "
                "injury happened and never justifies a service. Point the line at the injury or condition treated.",
            )
        )
    elif any(is_external_cause(dx) for dx in pointed):
        out.append(
            (
                EXTERNAL_CAUSE_TOO,
                f"The line also points at {', '.join(dx for dx in pointed if is_external_cause(dx))}: "
                "external-cause codes explain how or where, they do not justify a service. Point only at the "
                "injury or condition treated.",
            )
        )
    if str(code).strip().upper() in VACCINE_ADMINISTRATION and IMMUNIZATION not in {plain(d) for d in pointed}:
        out.append(
            (
                VACCINE_WITHOUT_Z23,
                f"{code} gives a vaccine: point the line at Z23 (encounter for immunization), "
                "adding Z23 to item 21 if it is missing.",
            )
        )
    return out
