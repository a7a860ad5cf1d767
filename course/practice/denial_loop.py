"""Lesson 09's practice: work one denied claim until it is closed, in the denial simulator.

A thin view over `course.billing.denials` (start / options / choose / is_closed / result): the widget
shows the claim, what came back (the 835's lines with group codes, CARCs and remark codes, or a letter),
the deadline, and the choices open now; each choice is sent to the simulator, and its feedback, which
names the rule, is shown at once. The pure functions below build every text the widget shows, so they
are tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from course.billing import denials
from course.billing.claim import dollars
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

ACTION_LABELS: dict[str, str] = {
    "corrected_claim": "Send a corrected claim (frequency 7)",
    "new_claim": "Send a new claim (frequency 1)",
    "appeal": "Appeal (first level)",
    "bill_other_payer": "Bill another payer",
    "write_off": "Write off the balance",
    "bill_patient": "Bill the patient",
}
Action = denials.Action
CHOOSE_DETAIL = "(choose the detail)"
NO_DETAIL = "(no detail needed)"
PICK_ACTION = "Choose what to do, then press Send."
PICK_DETAIL = "Choose the detail (which fix, which evidence or what amount), then press Send."



def claim_lines(state: denials.State) -> list[str]:
    """The claim being worked, one line per service line (code, modifiers, units, charge)."""
    out = []
    for n, line in enumerate(state.claim.lines, start=1):
        mods = f"-{'-'.join(line.modifiers)}" if line.modifiers else ""
        out.append(f"line {n}: {line.code}{mods} x{line.units}, {dollars(line.charge)}, POS {line.place_of_service}")
    return out


def reply_rows(state: denials.State) -> list[dict[str, str]]:
    """The latest 835's lines as rows (code, charge, paid, adjustments, remarks); [] for a letter."""
    remit = state.reply.remittance
    if remit is None:
        return []
    rows = []
    for claim in remit.claims:
        for line in claim.lines:
            rows.append(
                {
                    "code": line.code,
                    "charge": dollars(line.charge),
                    "paid": dollars(line.paid),
                    "adjustments": "; ".join(f"{a.group}-{a.carc} {dollars(a.amount)}" for a in line.adjustments),
                    "remarks": ", ".join(getattr(line, "remarks", ())) or "none",
                }
            )
    return rows


def codes_explained(state: denials.State) -> list[str]:
    """Each group code + CARC and each remark code on the latest 835, with the course's paraphrase."""
    remit = state.reply.remittance
    if remit is None:
        return []
    seen: list[str] = []
    out = []
    for claim in remit.claims:
        for line in claim.lines:
            for a in line.adjustments:
                key = f"{a.group}-{a.carc}"
                if key not in seen:
                    seen.append(key)
                    out.append(denials.describe(a.group, a.carc))
            for r in getattr(line, "remarks", ()):
                if r not in seen:
                    seen.append(r)
                    code = denials.RARCS.get(r)
                    out.append(f"{r}: {code.meaning if code else 'a remark code outside the course list'}")
    return out


def choices(state: denials.State) -> dict[str, list[tuple[str, dict[str, object]]]]:
    """The choices open now, by action value: each a (label, details for `choose`) pair."""
    scn = denials.scenario(state.scenario_id)
    fixes = {f.key: f.label for f in scn.fixes}
    out: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for action, details in denials.options(state):
        if "fix" in details:
            label = f"fix: {fixes.get(str(details['fix']), details['fix'])}"
        elif "evidence" in details:
            label = f"with: {scn.evidence.get(str(details['evidence']), details['evidence'])}"
        elif "amount" in details:
            label = f"amount: {dollars(details['amount'])}"  # type: ignore[arg-type]
        else:
            label = ""
        out.setdefault(Action(action).value, []).append((label, dict(details)))
    return out


def status_line(state: denials.State) -> str:
    """Where the claim stands: the day, the money so far, the deadline, or how it closed."""
    money = (
        f"paid by payers {dollars(state.paid)}, billed to the patient {dollars(state.patient_billed)}, "
        f"written off {dollars(state.written_off)}"
    )
    if denials.is_closed(state):
        r = denials.result(state)
        assert state.outcome is not None
        return f"Closed ({state.outcome.code}): {state.outcome.says} {money}. Mistakes: {r['mistakes']}; points {r['points']}."
    deadline = f" Deadline for the right action: {state.deadline}." if state.deadline else ""
    return f"Open on {state.today}: {money}.{deadline}"



def reply_html(state: denials.State) -> str:
    """What came back, as HTML: the 835's lines with the codes explained, or the letter's text."""
    doc = state.reply
    head = f"<b>{html.escape(doc.title)}</b> ({doc.day})"
    rows = reply_rows(state)
    if not rows:
        return f"{head}<p>{html.escape(doc.text)}</p>"
    cells = "".join(
        "<tr>" + "".join(f"<td style='text-align:left;padding:2px 8px'>{html.escape(r[k])}</td>" for k in r) + "</tr>"
        for r in rows
    )
    header = "".join(f"<th style='text-align:left;padding:2px 8px'>{k}</th>" for k in rows[0])
    explained = "".join(f"<li>{html.escape(t)}</li>" for t in codes_explained(state))
    pcn = html.escape(state.payer_claim_number)
    return (
        f"{head}, payer's claim number (CLP07) <code>{pcn}</code>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{cells}</tbody></table><ul>{explained}</ul>"
    )


class DenialLoop(PracticeBox):
    """Pick a claim, read what came back, choose an action and its detail, Send; until it is closed."""

    def __init__(self, scenario_ids: Sequence[str] | None = None, first: str | None = None):
        ids = list(scenario_ids or denials.scenario_ids())
        labels = [(f"{i}: {denials.scenario(i).title}", i) for i in ids]
        self.pick = widgets.Dropdown(options=labels, value=first or ids[0], description="Work another claim:", style={"description_width": "initial"},
                                     layout={"width": "max-content"})
        self.context = widgets.HTML()
        self.reply = widgets.HTML()
        self.status = widgets.HTML()
        self.action = widgets.RadioButtons(options=[], value=None, description="Action:",
                                           layout={"width": "max-content"})
        self.detail = widgets.Dropdown(options=[], description="Detail:", layout={"width": "max-content"})
        self.send = widgets.Button(description="Send", button_style="primary", icon="paper-plane")
        self.again = widgets.Button(description="Start this claim again", icon="undo", layout={"width": "auto"})
        self.show_x12 = widgets.Checkbox(value=False, description="Show the X12 that came back", indent=False)
        self.x12 = widgets.HTML()
        self.history = widgets.HTML()
        self.feedback = feedback_box()
        self.on_press(self.send, self.do_send, self.feedback)
        self.again.on_click(lambda _b: self.restart())
        self.pick.observe(lambda _c: self.restart(), names="value")
        self.action.observe(lambda _c: self._fill_details(), names="value")
        self.show_x12.observe(lambda _c: self._show_x12(), names="value")
        super().__init__([  # the claim picker last: changing it starts another claim
            self.context, self.reply, self.status, self.action, self.detail,
            widgets.HBox([self.send, self.again]), self.feedback, self.history, self.show_x12, self.x12, self.pick,
        ])
        self.restart()

    def restart(self) -> None:
        """Start the chosen claim from its first 835."""
        self.state = denials.start(self.pick.value)
        scn = denials.scenario(self.pick.value)
        lines = "".join(f"<li>{html.escape(t)}</li>" for t in claim_lines(self.state))
        self.context.value = (
            f"<p><b>{html.escape(scn.title)}</b> to {html.escape(scn.claim.payer.name)}. "
            f"{html.escape(scn.context)}</p><ul>{lines}</ul>"
        )
        self.feedback.value = ""
        self._refresh()

    def choose(self, action: str, **details: object) -> denials.State:
        """Apply one choice (as the Send button does) and show the answer."""
        before = self.state
        self.state = denials.choose(self.state, action, **details)
        event = self.state.events[-1] if len(self.state.events) > len(before.events) else None
        right = event.right if event else False
        self.feedback.value = feedback_html(self.state.feedback, right, exercise=f"denial loop {self.state.scenario_id}")
        self._refresh()
        return self.state

    def do_send(self) -> None:
        """The Send button: the chosen action and detail, or a prompt when something is missing."""
        if denials.is_closed(self.state):
            self.feedback.value = feedback_html("This claim is closed: press Start this claim again, or pick another.", None)
            return
        if self.action.value is None:
            self.feedback.value = feedback_html(PICK_ACTION, None)
            return
        open_now = choices(self.state)[self.action.value]
        details = self.detail.value if any(label for label, _ in open_now) else open_now[0][1]
        if details is None:
            self.feedback.value = feedback_html(PICK_DETAIL, None)
            return
        self.choose(self.action.value, **details)

    def _fill_details(self) -> None:
        open_now = choices(self.state).get(self.action.value or "", [])
        labelled = [(label, d) for label, d in open_now if label]
        self.detail.options = [(CHOOSE_DETAIL if labelled else NO_DETAIL, None), *labelled]
        self.detail.index = 0  # the placeholder, shown (value None: nothing chosen yet)
        self.detail.disabled = not labelled

    def _show_x12(self) -> None:
        text = self.state.reply.text if self.show_x12.value else ""
        self.x12.value = f"<pre style='white-space:pre-wrap'>{html.escape(text.replace('~', '~' + chr(10)))}</pre>" if text else ""

    def _refresh(self) -> None:
        self.reply.value = reply_html(self.state)
        self.status.value = f"<p role='note'>{html.escape(status_line(self.state))}</p>"
        open_now = choices(self.state) if not denials.is_closed(self.state) else {}
        self.action.options = [(ACTION_LABELS.get(a, a), a) for a in open_now]
        self.action.value = None
        self.action.disabled = not open_now
        for control in (self.action, self.detail):
            control.layout.display = None if open_now else "none"  # a closed claim has nothing to choose
        self._fill_details()
        steps = "".join(
            f"<li>{'right' if e.right else 'not right'}: {html.escape(ACTION_LABELS.get(Action(e.action).value, str(e.action)))}"
            f"{' (' + html.escape(e.detail) + ')' if e.detail else ''}</li>"
            for e in self.state.events
        )
        self.history.value = f"<b>Your choices so far</b><ol>{steps}</ol>" if steps else ""
        self._show_x12()


def make_denial_loop(scenario_ids: Sequence[str] | None = None, first: str | None = None) -> DenialLoop:
    """The denial-loop practice over these scenarios (default: every scenario), starting at `first`."""
    return DenialLoop(scenario_ids, first)
