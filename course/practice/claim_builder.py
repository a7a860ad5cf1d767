"""A CMS-1500 claim builder that checks the claim as the student fills it in.

The form's values (plain strings and numbers) become a `course.billing.claim.Claim` through a thin
adapter, and the toolkit's scrubber (`course.billing.scrubber.scrub`) says what is wrong, item by item.
`check_form` is the pure function the widget shows; the tests call it directly.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

import ipywidgets as widgets

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.pos import PLACE_OF_SERVICE
from course.billing.scrubber import scrub
from course.practice.feedback import BAD, GOOD, feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

LETTERS = "ABCDEFGHIJKL"

# A claim with two mistakes for the student to find and fix (all data fictitious).
STARTER: dict[str, object] = {
    "patient_name": "QUINTERO, LENA",
    "birth_date": "1958-09-30",
    "member_id": "XQA55501234",
    "billing_npi": "1234567893",
    "rendering_npi": "1357924680",
    "diagnoses": "E11, I10",
    "service_date": "2026-10-06",
    "pos": "11",
    "code": "G0439",
    "modifiers": "",
    "pointers": "A, B",
    "charge": "175.00",
    "units": 1,
}

FIELDS: dict[str, str] = {
    "patient_name": "2 Patient (LAST, FIRST)",
    "birth_date": "3 Birth date (YYYY-MM-DD)",
    "member_id": "1a Insured's ID",
    "diagnoses": "21 Diagnoses A-L (ICD-10-CM)",
    "service_date": "24A Date of service",
    "pos": "24B Place of service",
    "code": "24D HCPCS/CPT code",
    "modifiers": "24D Modifiers",
    "pointers": "24E Diagnosis pointers",
    "charge": "24F Charge ($)",
    "units": "24G Units",
    "rendering_npi": "24J Rendering NPI",
    "billing_npi": "33a Billing NPI",
}


def _split(text: object) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", str(text or "").strip().upper()) if part]


def _date(text: object, label: str, problems: list[tuple[str, str]]) -> date | None:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        problems.append((label, f"{str(text)!r} is not a date written YYYY-MM-DD."))
        return None


def form_to_claim(values: dict[str, object]) -> tuple[Claim | None, list[tuple[str, str]]]:
    """The claim the form describes, and (item, message) problems found while reading the form itself."""
    problems: list[tuple[str, str]] = []
    last, _, first = str(values.get("patient_name", "")).partition(",")
    if not last.strip() or not first.strip():
        problems.append(("2 patient's name", "Write the patient's name as LAST, FIRST."))
    birth = _date(values.get("birth_date", ""), "3 patient's birth date", problems)
    service = _date(values.get("service_date", ""), "24A date of service", problems)
    try:
        charge = Decimal(str(values.get("charge", "")).strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        problems.append(("24F charges", f"{values.get('charge')!r} is not an amount such as 175.00."))
        charge = None
    pointers = []
    for letter in _split(values.get("pointers", "")):
        if len(letter) == 1 and letter in LETTERS:
            pointers.append(LETTERS.index(letter) + 1)
        else:
            problems.append(("24E pointer", f"{letter!r} is not a pointer: pointers are the letters A to L."))
    try:
        units = int(values.get("units", 0))
    except (TypeError, ValueError):
        problems.append(("24G units", "Units are a whole number such as 1."))
        units = None
    if birth is None or service is None or charge is None or units is None:
        return None, problems
    patient = Patient(
        "FORM",
        first.strip().upper(),
        last.strip().upper(),
        birth,
        "U",
        "1 Example Way",
        "Springfield",
        "IL",
        "62701",
        str(values.get("member_id", "")).strip(),
    )
    claim = Claim(
        claim_id="FORM0001",
        patient=patient,
        billing_provider=Provider(str(values.get("billing_npi", "")).strip(), "PRACTICE (FICTITIOUS)"),
        payer=Payer("DEMO01", "DEMO HEALTH PLAN"),
        diagnoses=_split(values.get("diagnoses", "")),
        lines=[
            ServiceLine(
                service_date=service,
                code=str(values.get("code", "")).strip().upper(),
                charge=charge,
                units=units,
                modifiers=tuple(_split(values.get("modifiers", ""))),
                pointers=tuple(pointers),
                place_of_service=str(values.get("pos", "")).strip(),
            )
        ],
        rendering_provider=Provider(
            str(values.get("rendering_npi", "")).strip(), "CLINICIAN", first_name="FICTITIOUS", is_organization=False
        ),
    )
    return claim, problems


def check_form(values: dict[str, object], today: date | None = None) -> list[tuple[str, str, str]]:
    """Every problem in the form as (item, message, severity); an empty list means a clean claim."""
    claim, form_problems = form_to_claim(values)
    found = [(item, message, "error") for item, message in form_problems]
    if claim is not None:
        found += [(p.field, p.message, p.severity) for p in scrub(claim, today=today)]
    return found


def form_feedback_html(values: dict[str, object], today: date | None = None) -> str:
    """The feedback the builder shows: a clean-claim message, or one line per problem with its item."""
    problems = check_form(values, today)
    if not problems:
        return feedback_html("The scrubber finds nothing wrong: this claim is ready to send.", True, "claim builder")
    errors = sum(1 for _, _, sev in problems if sev == "error")
    head = f"{errors} error(s) and {len(problems) - errors} warning(s): fix them and watch this list shrink."
    rows = "".join(
        f'<li style="color:{BAD if sev == "error" else GOOD}"><b>{sev.upper()}</b> item {_esc(item)}: '
        f"{_esc(msg)}</li>"
        for item, msg, sev in problems
    )
    return feedback_html(head, None) + f"<ul>{rows}</ul>"


def _esc(text: str) -> str:
    import html

    return html.escape(text)


class ClaimBuilder(PracticeBox):
    """The form (one text box per CMS-1500 item), re-checked on every change."""

    def __init__(self, values: dict[str, object] | None = None, today: date | None = None):
        self.today = today
        start = {**STARTER, **(values or {})}
        style = {"description_width": "16em"}
        layout = widgets.Layout(width="34em")
        self.inputs: dict[str, widgets.ValueWidget] = {}
        for key, label in FIELDS.items():
            if key == "pos":
                options = [(f"{c} {name}", c) for c, name in PLACE_OF_SERVICE.items()] + [("99 (not a POS code)", "99")]
                box = widgets.Dropdown(options=options, value=str(start[key]), description=label, style=style)
            elif key == "units":
                box = widgets.IntText(value=int(start[key]), description=label, style=style, layout=layout)
            else:
                box = widgets.Text(value=str(start[key]), description=label, style=style, layout=layout)
            box.observe(lambda _change: self.refresh(), names="value")
            self.inputs[key] = box
        self.feedback = feedback_box()
        super().__init__([widgets.HTML("<b>CMS-1500 (02/12): the items that matter</b>"), *self.inputs.values(),
                          self.feedback])
        self.refresh()

    @property
    def values(self) -> dict[str, object]:
        """The form's current values."""
        return {key: box.value for key, box in self.inputs.items()}

    def refresh(self) -> None:
        """Re-check the claim and show what the scrubber says."""
        self.feedback.value = form_feedback_html(self.values, self.today)


def make_claim_builder(values: dict[str, object] | None = None, today: date | None = None) -> ClaimBuilder:
    """A claim builder pre-filled with a claim that has mistakes to fix (or with `values`)."""
    return ClaimBuilder(values, today)
