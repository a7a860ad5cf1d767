"""Work a denied claim until it is closed: a thin view over `course.billing.denials`.

Pick a scenario, read the payer's answer (the 835 in plain words, or the letter), choose an action and
its detail, and see what comes back, with feedback naming the rule. `summary_html(state)` and
`choices(state, action)` are the pure functions the widget shows; the tests call them directly.
"""

from __future__ import annotations

import html
from decimal import Decimal

import ipywidgets as widgets

from course.billing.denials import (
    CARCS,
    RARCS,
    RULES,
    Action,
    State,
    choose,
    is_closed,
    options,
    result,
    scenario,
    scenario_ids,
    start,
)
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

ACTION_LABELS: dict[Action, str] = {
    Action.CORRECTED_CLAIM: "Send a corrected (replacement) claim",
    Action.NEW_CLAIM: "Send a new claim",
    Action.APPEAL: "File a first-level appeal",
    Action.BILL_OTHER_PAYER: "Bill the other payer",
    Action.WRITE_OFF: "Write the balance off",
    Action.BILL_PATIENT: "Send the patient a statement",
}


def choices(state: State, action: Action) -> list[tuple[str, dict[str, object]]]:
    """The (label, details) pairs open for `action` now: fixes, evidence or amounts, or one plain choice."""
    scn = state.scenario
    fixes = {f.key: f.label for f in scn.fixes}
    out = []
    for act, details in options(state):
        if act != action:
            continue
        if "fix" in details:
            label = fixes[str(details["fix"])]
        elif "evidence" in details:
            label = "with " + scn.evidence[str(details["evidence"])]
        elif "amount" in details:
            label = f"for ${Decimal(str(details['amount'])):,.2f}"
        else:
            label = ACTION_LABELS[action]
        out.append((label, details))
    return out


def _reply_html(state: State) -> str:
    doc = state.reply
    head = f"<b>{html.escape(doc.title)}</b> ({doc.day})"
    if doc.kind != "835" or doc.remittance is None:
        return f"{head}<br>{html.escape(doc.text)}"
    rows = []
    for rc in doc.remittance.claims:
        for ln in rc.lines:
            adjs = "; ".join(
                f"{a.group}-{a.carc} ${a.amount:,.2f}: {html.escape(CARCS[a.carc].meaning if a.carc in CARCS else '')}"
                for a in ln.adjustments
            )
            remarks = "; ".join(f"{r}: {html.escape(RARCS[r].meaning)}" for r in ln.remarks if r in RARCS)
            rows.append(
                f"<tr><td>{html.escape(ln.code)}{':' + ':'.join(ln.modifiers) if ln.modifiers else ''}</td>"
                f"<td>${ln.charge:,.2f}</td><td>${ln.paid:,.2f}</td><td>{adjs or '-'}</td><td>{remarks or '-'}</td></tr>"
            )
        payer = html.escape(doc.remittance.payer_name)
        head += f" from {payer}, payer claim number {html.escape(rc.payer_claim_id)}"
    table = (
        "<table><tr><th>Line</th><th>Charge</th><th>Paid</th><th>Adjustments (group-CARC)</th>"
        f"<th>Remarks (RARC)</th></tr>{''.join(rows)}</table>"
    )
    return f"{head}{table}"


def summary_html(state: State) -> str:
    """What the biller sees: the claim, the context, the latest answer, the deadline, or the result."""
    scn = state.scenario
    c = state.claim
    parts = [
        f"<h4>{html.escape(scn.scenario_id)}: {html.escape(scn.title)}</h4>",
        f"<p>Claim {html.escape(c.claim_id)} for {html.escape(c.patient.first_name)} "
        f"{html.escape(c.patient.last_name)}, date of service {c.first_service_date}, "
        f"billed ${c.total_charge:,.2f} to {html.escape(c.payer.name)}.</p>",
        f"<p><i>What you can see:</i> {html.escape(scn.context)}</p>",
        _reply_html(state),
    ]
    if is_closed(state):
        r = result(state)
        assert state.outcome is not None
        parts.append(
            f"<p><b>{html.escape(state.outcome.says)}</b> Points {r['points']}; paid by payers "
            f"${r['paid_by_payer']:,.2f}, billed to the patient ${r['billed_to_patient']:,.2f}, "
            f"written off ${r['written_off']:,.2f}, lost ${r['lost']:,.2f}.</p>"
        )
    else:
        hint = scn.steps[state.step].hint
        if hint:
            parts.append(f"<p><i>Where to look:</i> {html.escape(hint)}</p>")
    if not is_closed(state) and state.deadline is not None:
        source = RULES[state.deadline_rule].source if state.deadline_rule in RULES else ""
        parts.append(f"<p>Deadline for the next step: {state.deadline} (source: {html.escape(source)}).</p>")
    return "".join(parts)


def make_denial_sim(scenario_id: str = "D01") -> PracticeBox:
    """The simulator as a practice: scenario picker, the payer's answer, an action, its detail, and Do it."""
    picker = widgets.Dropdown(
        options=[(f"{sid}: {scenario(sid).title}", sid) for sid in scenario_ids()],
        value=scenario_id,
        description="Scenario",
        layout=widgets.Layout(width="90%"),
    )
    view = widgets.HTML()
    action_in = widgets.Dropdown(options=[(v, k) for k, v in ACTION_LABELS.items()], description="Action")
    detail_in = widgets.Dropdown(description="Detail", layout=widgets.Layout(width="90%"))
    do_it = widgets.Button(description="Do it", button_style="primary")
    restart = widgets.Button(description="Start over")
    x12 = widgets.Textarea(layout=widgets.Layout(width="95%", height="10em"), disabled=True)
    x12_box = widgets.Accordion(children=[x12], titles=("The latest file (X12 or letter)",))
    out = feedback_box()
    box = PracticeBox([picker, view, action_in, detail_in, widgets.HBox([do_it, restart]), out, x12_box])
    box.state = start(scenario_id)

    def refresh_details(_=None) -> None:
        pairs = choices(box.state, action_in.value)
        detail_in.options = [(label, i) for i, (label, _) in enumerate(pairs)]
        detail_in.disabled = len(pairs) <= 1
        do_it.disabled = not pairs

    def show() -> None:
        view.value = summary_html(box.state)
        x12.value = box.state.reply.text.replace("~", "~\n")
        refresh_details()

    def new_scenario(_=None) -> None:
        box.state = start(picker.value)
        out.value = ""
        show()

    def act() -> None:
        pairs = choices(box.state, action_in.value)
        if not pairs:
            out.value = feedback_html("This claim is closed: press Start over or pick another scenario.", None)
            return
        _, details = pairs[detail_in.value or 0]
        box.state = choose(box.state, action_in.value, **details)
        last = box.state.events[-1]
        message = last.feedback.removeprefix("Right: ")
        out.value = feedback_html(message, last.right, exercise=f"denial_sim.{box.state.scenario_id}")
        show()

    picker.observe(new_scenario, names="value")
    action_in.observe(refresh_details, names="value")
    restart.on_click(new_scenario)
    box.on_press(do_it, act, out)
    box.picker, box.view, box.action, box.detail, box.do_it, box.restart, box.feedback, box.x12 = (
        picker,
        view,
        action_in,
        detail_in,
        do_it,
        restart,
        out,
        x12,
    )
    show()
    return box
