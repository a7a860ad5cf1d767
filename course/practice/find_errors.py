"""A "find the error" drill: synthetic claims with one planted mistake each; pick the CMS-1500 item.

The claims come from `course.synthetic.flawed_claims`; the explanation after each answer is the toolkit
scrubber's own message for that claim. `drill_feedback` is the pure function the widget shows.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from course.billing.claim import Claim, pointer_letter
from course.billing.scrubber import Problem, scrub
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

# The items a student can pick, with a hint that points the way without giving the item away.
ITEMS: dict[str, str] = {
    "1a": "1a insured's ID (member ID)",
    "21A": "21 diagnosis codes",
    "24A": "24A dates of service",
    "24B": "24B place of service",
    "24D": "24D procedure code and modifiers",
    "24E": "24E diagnosis pointers",
    "24F": "24F charges",
    "24G": "24G units",
    "24J": "24J rendering provider NPI",
    "33a": "33a billing provider NPI",
}
HINTS: dict[str, str] = {
    "1a": "Is everything the payer needs to find the member there?",
    "21A": "Is every diagnosis code complete enough to bill (all its characters)?",
    "24A": "Compare the dates of service with the day the claim was sent.",
    "24B": "Is every place-of-service code one that exists?",
    "24D": "Does every code have the shape of a HCPCS or CPT code?",
    "24E": "Does every pointer point at a diagnosis the claim lists?",
    "24F": "Would a payer pay a line with this charge?",
    "24G": "Is every line billed for at least one unit?",
    "24J": "Run the check-digit test on every NPI.",
    "33a": "Run the check-digit test on every NPI.",
}


def claim_form_html(claim: Claim) -> str:
    """The claim's key CMS-1500 items as a small HTML table (what the student inspects)."""
    p = claim.patient
    rows = [
        ("1a Insured's ID", p.member_id),
        ("2 Patient", f"{p.last_name}, {p.first_name}"),
        ("3 Birth date", p.birth_date.isoformat()),
        ("21 Diagnoses (ICD Ind 0)", "  ".join(f"{pointer_letter(i)}. {d}" for i, d in enumerate(claim.diagnoses, 1))),
        ("33a Billing NPI (fictitious)", claim.billing_provider.npi),
        ("Sent to the payer", claim.received_date.isoformat() if claim.received_date else "not yet"),
    ]
    head = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>{html.escape(str(v))}</td></tr>"
                   for k, v in rows)
    rendering = claim.rendering_provider.npi if claim.rendering_provider else claim.billing_provider.npi
    lines = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{html.escape(str(v))}</td>" for v in (
            n, ln.service_date.isoformat(), ln.place_of_service, " ".join((ln.code, *ln.modifiers)),
            "".join(pointer_letter(x) for x in ln.pointers), f"{ln.charge:.2f}", ln.units, rendering,
        )) + "</tr>"
        for n, ln in enumerate(claim.lines, 1)
    )
    cols = "".join(f"<th>{c}</th>" for c in ("line", "24A date", "24B POS", "24D code", "24E ptr", "24F $",
                                              "24G units", "24J NPI"))
    return (f"<table>{head}</table><table><tr>{cols}</tr>{lines}</table>")


def drill_feedback(pick: str | None, answer: str, problems: list[Problem]) -> tuple[bool | None, str]:
    """(None, prompt) before a pick; otherwise whether `pick` is the planted item, and why."""
    if pick is None:
        return None, "Pick the item that holds the mistake, then press Check."
    errors = [p.message for p in problems if p.severity == "error"]
    if pick == answer:
        said = errors[0] if errors else "this item is wrong."
        return True, f"The mistake is in item {ITEMS[answer]}. The scrubber says: {said}"
    return False, f"Item {ITEMS.get(pick, pick)} is fine on this claim. Hint: {HINTS[answer]}"


class FindErrors(PracticeBox):
    """One flawed claim at a time: the form, the choices, Check and Next, and a running score."""

    def __init__(self, drills: list[tuple[Claim, str]], today: date | None = None):
        if not drills:
            raise ValueError("the drill needs at least one claim")
        self.drills = drills
        self.today = today
        self.index = 0
        self.score = 0
        self.answered: set[int] = set()
        self.title = widgets.HTML()
        self.form = widgets.HTML()
        self.choices = widgets.RadioButtons(options=[(v, k) for k, v in ITEMS.items()], value=None)
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.next = widgets.Button(description="Next claim", icon="arrow-right")
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        self.next.on_click(lambda _b: self.go_next())
        super().__init__([self.title, self.form, self.choices, widgets.HBox([self.check, self.next]),
                          self.feedback])
        self.show_claim()

    def show_claim(self) -> None:
        """Display the current claim and clear the previous answer."""
        claim, _ = self.drills[self.index]
        self.title.value = (f"<b>Claim {self.index + 1} of {len(self.drills)}</b> "
                            f"(score {self.score}/{len(self.answered)})")
        self.form.value = claim_form_html(claim)
        self.choices.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Grade the pick against the planted mistake, with the scrubber's explanation."""
        claim, answer = self.drills[self.index]
        ok, message = drill_feedback(self.choices.value, answer, scrub(claim, today=self.today))
        if ok is not None and self.index not in self.answered:
            self.answered.add(self.index)
            self.score += int(ok)
        self.feedback.value = feedback_html(message, ok, f"find errors: claim {self.index + 1}")

    def go_next(self) -> None:
        """Move to the next claim (wrapping round to the first)."""
        self.index = (self.index + 1) % len(self.drills)
        self.show_claim()


def make_find_errors(seed: int = 2026, today: date | None = None) -> FindErrors:
    """The drill on the synthetic practice's flawed claims for `seed`."""
    from course.synthetic import flawed_claims

    return FindErrors(flawed_claims(seed), today)
