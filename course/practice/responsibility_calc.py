"""A patient-responsibility calculator: who pays what for one claim, with a stacked bar and a guess check.

The split is the toolkit's (`course.billing.responsibility.split_claim`); this module only reads the
inputs, explains the result in words and draws it. `explain_share` and `guess_feedback` are the pure
functions the widget shows; the tests call them directly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import ipywidgets as widgets
import pandas as pd

from course.billing.claim import dollars
from course.billing.figures import share_alt, share_figure
from course.billing.responsibility import Benefits, Share, split_claim
from course.plots import figure_html
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

# The domain-facts worked example: billed 250, allowed 150, deductible left 100, 20%, no copay.
STARTER = {"billed": 250.0, "allowed": 150.0, "deductible_left": 100.0, "coinsurance_pct": 20.0,
           "copay": 0.0, "oop_left": 1000.0}


def compute_share(values: dict[str, float]) -> Share:
    """The toolkit's split for the calculator's inputs (coinsurance given in percent)."""
    return split_claim(
        values["billed"],
        values["allowed"],
        deductible_left=values["deductible_left"],
        coinsurance=Decimal(str(values["coinsurance_pct"])) / 100,
        copay=values["copay"],
        oop_left=values["oop_left"],
    )



def money_markdown(text: str):
    """Markdown for text with dollar amounts: Jupyter reads a pair of $ as maths, so each $ is escaped."""
    from IPython.display import Markdown

    return Markdown(text.replace("$", r"\$"))


def explain_share(share: Share) -> str:
    """The split in plain words, every amount from `share`."""
    return (
        f"The plan allows {dollars(share.allowed)} of the {dollars(share.billed)} billed, so the practice writes "
        f"off {dollars(share.contractual)} (CO-45). The patient owes {dollars(share.patient)}: "
        f"{dollars(share.copay)} copay (PR-3), {dollars(share.deductible)} toward the deductible (PR-1) and "
        f"{dollars(share.coinsurance)} coinsurance (PR-2). The plan pays {dollars(share.plan)}. Check: "
        f"{dollars(share.plan)} + {dollars(share.patient)} + {dollars(share.contractual)} = "
        f"{dollars(share.plan + share.patient + share.contractual)}."
    )


def typical_slips(share: Share, values: dict[str, float] | None = None) -> list[tuple[Decimal, str]]:
    """The amounts a beginner typically guesses instead of the patient's share, each with what it is.

    With the calculator's `values` (coinsurance rate, OOP max left) two more slips can be named:
    coinsurance taken on the whole allowed amount, and the share before the out-of-pocket cap.
    """
    slips = [
        (share.contractual, f"That is the write-off (contractual adjustment, CO-45): the "
         f"{dollars(share.contractual)} billed above the allowed amount. The practice writes it off: "
         "nobody pays it, least of all the patient."),
        (share.billed, "That is the whole billed amount: the patient's share is worked out on the allowed "
         "amount, never on the billed one."),
        (share.allowed, "That is the whole allowed amount: the plan pays its part of it too."),
        (share.plan, "That is what the plan pays: the patient owes the rest of the allowed amount."),
    ]
    if share.deductible and (share.coinsurance or share.copay):
        slips.append((share.deductible, "That is the deductible part only: add the coinsurance on what is "
                      "left (and any copay)."))
    if share.coinsurance and (share.deductible or share.copay):
        slips.append((share.coinsurance, "That is the coinsurance only: the copay and the deductible come "
                      "first, and they are the patient's too."))
    if values is not None:
        rate = Decimal(str(values["coinsurance_pct"])) / 100
        on_whole = share.copay + share.deductible + (share.allowed - share.copay) * rate
        if share.deductible:
            slips.append((on_whole.quantize(Decimal("0.01")), "You took the coinsurance on the whole allowed "
                          "amount: it applies only to what is left after the copay and the deductible."))
        uncapped = compute_share({**values, "oop_left": 1e9}).patient
        if uncapped != share.patient:
            slips.append((uncapped, f"Right steps, but the out-of-pocket maximum caps it: only "
                          f"{dollars(values['oop_left'])} of it is left this year."))
    return slips


def guess_feedback(guess: object, share: Share, values: dict[str, float] | None = None) -> tuple[bool | None, str]:
    """Whether a guess of the patient's total is right to the cent, and if not, which slip it looks like."""
    if guess is None or str(guess).strip() == "":
        return None, "Type what you think the patient owes, then compare."
    try:
        value = Decimal(str(guess).strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        return False, f"{guess!r} is not an amount: type something like 110.00."
    if abs(value - share.patient) < Decimal("0.005"):
        return True, f"The patient owes {dollars(share.patient)}."
    named = [why for amount, why in typical_slips(share, values) if abs(value - amount) < Decimal("0.005")]
    if named:
        return False, " ".join(dict.fromkeys(named))  # an amount can be two slips at once: say both
    if value > share.allowed:
        return False, "The patient never pays more than the allowed amount."
    return False, "Go step by step: copay first, then the deductible, then coinsurance on the rest, capped by the OOP max."


ASK_FIRST = "Type what you think the patient owes and press Compare: the bar and the worked answer come after."


def is_amount(guess: object) -> bool:
    """Whether a guess reads as an amount of money (a guess the calculator can compare)."""
    try:
        return Decimal(str(guess).strip().lstrip("$").replace(",", "")).is_finite()
    except InvalidOperation:
        return False


class ResponsibilityCalculator(PracticeBox):
    """Inputs for one claim, a guess box, the stacked bar and the explanation."""

    def __init__(self, values: dict[str, float] | None = None):
        start = {**STARTER, **(values or {})}
        style = {"description_width": "14em"}
        labels = {"billed": "Billed ($)", "allowed": "Allowed ($)", "deductible_left": "Deductible left ($)",
                  "coinsurance_pct": "Coinsurance (%)", "copay": "Copay ($)", "oop_left": "Out-of-pocket max left ($)"}
        self.inputs = {
            k: widgets.BoundedFloatText(value=start[k], min=0, max=100 if k == "coinsurance_pct" else 1e6,
                                        step=1, description=label, style=style)
            for k, label in labels.items()
        }
        self.guess = widgets.Text(description="Patient owes? ($)", style=style, placeholder="your guess")
        self.check = widgets.Button(description="Compare", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.picture = widgets.HTML()
        self.explanation = widgets.HTML()
        for box in self.inputs.values():
            box.observe(lambda _c: self.refresh(reveal=False), names="value")
        self.on_press(self.check, self.show_guess, self.feedback)
        self.revealed = False  # the bar and the worked answer show only after a guess for these inputs
        super().__init__([*self.inputs.values(), widgets.HBox([self.guess, self.check]), self.feedback,
                          self.picture, self.explanation])
        self.refresh()

    @property
    def values(self) -> dict[str, float]:
        """The current inputs."""
        return {k: box.value for k, box in self.inputs.items()}

    def refresh(self, reveal: bool | None = None) -> None:
        """Recompute the split; draw it and explain it only once a guess was compared (ask, then tell).

        `reveal=False` (the inputs changed: a new claim) asks for a new guess; `True` shows the answer.
        """
        if reveal is not None:
            self.revealed = reveal
        if not self.revealed:
            self.feedback.value = ""
        try:
            share = compute_share(self.values)
        except ValueError as err:
            self.picture.value = ""
            self.explanation.value = feedback_html(str(err), False)
            return
        if not self.revealed:
            self.picture.value = ""
            self.explanation.value = feedback_html(ASK_FIRST, None)
            return
        self.picture.value = figure_html(share_figure(share), alt=share_alt(share))
        self.explanation.value = feedback_html(explain_share(share), None)

    def show_guess(self) -> None:
        """Compare the student's guess with the computed patient share."""
        try:
            share = compute_share(self.values)
        except ValueError as err:
            self.feedback.value = feedback_html(str(err), False)
            return
        ok, message = guess_feedback(self.guess.value, share, self.values)
        self.feedback.value = feedback_html(message, ok, f"responsibility: {sorted(self.values.items())}")
        if is_amount(self.guess.value):
            self.refresh(reveal=True)


def make_responsibility_calc(values: dict[str, float] | None = None) -> ResponsibilityCalculator:
    """The calculator, starting from the worked example (or from `values`)."""
    return ResponsibilityCalculator(values)


# A year of claims for one fictitious patient, used by Lesson 05 (claim id, billed, allowed).
EXAMPLE_YEAR: list[tuple[str, str, str]] = [
    ("Jan office visit", "180.00", "110.00"),
    ("Feb lab work", "90.00", "45.00"),
    ("Mar emergency room", "2400.00", "1500.00"),
    ("Apr imaging", "1800.00", "1100.00"),
    ("Jun surgery", "12000.00", "8000.00"),
    ("Sep office visit", "180.00", "110.00"),
]


def example_benefits() -> Benefits:
    """The plan of the Lesson 05 year: $1,500 deductible, 20% coinsurance, no copay, $3,000 OOP maximum."""
    return Benefits(deductible=Decimal("1500"), coinsurance=Decimal("0.20"), copay=Decimal("0"),
                    oop_max=Decimal("3000"))


def year_story(year: pd.DataFrame, benefits: Benefits) -> str:
    """A year of claims (from `year_of_claims`) told in words: when the deductible and OOP max were met."""
    met_ded = year[year["deductible_met"] >= benefits.deductible]
    met_oop = year[year["oop_met"] >= benefits.oop_max]
    parts = []
    if not met_ded.empty:
        parts.append(f"The {dollars(benefits.deductible)} deductible is met with the claim "
                     f"*{met_ded['claim_id'].iloc[0]}*.")
    if not met_oop.empty:
        first = met_oop["claim_id"].iloc[0]
        parts.append(f"The {dollars(benefits.oop_max)} out-of-pocket maximum is reached with *{first}*: "
                     "from then on the plan pays the whole allowed amount.")
    total = year[["billed", "patient", "plan", "contractual"]].sum()
    parts.append(
        f"Over the year {dollars(total['billed'])} was billed: the patient paid {dollars(total['patient'])}, "
        f"the plan {dollars(total['plan'])}, and the practice wrote off {dollars(total['contractual'])}."
    )
    return " ".join(parts)
