"""The biller's day: pick the claim to work next from the queue; the A/R figure moves as you work.

A thin view over `course.billing.workqueue` (the priority rule, the A/R by age bucket, the rates) and the
synthetic day of `course.billing.biller_day`. `pick_feedback`, `day_summary` and `queue_rows` are the
pure functions the widget shows; the tests call them directly.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

import ipywidgets as widgets

from course.billing.biller_day import PAYERS, BillerDay, biller_day
from course.billing.carc import CARC
from course.billing.queue_figure import queue_ar_alt, queue_ar_figure
from course.billing.workqueue import (
    NO_ANSWER_AFTER_DAYS,
    WorkItem,
    ar_by_bucket,
    days_left,
    ordered,
    urgency,
    why_first,
    written_off,
)
from course.plots import figure_html
from course.practice.feedback import answer_radios, feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

RULE = ("The course's rule: priority = dollars at stake x urgency, where urgency is 3 when the deadline is 0-7 "
        "days away, 2 when 8-30 days, 1 when further or when there is none, and 0 once it has passed (nothing "
        "left to win). Ties go to the nearer deadline.")
ASK = "Pick the claim to work next, then press Work this claim."
CAPTION = ("The queue's A/R by age. Hatched orange-red: still to work; blue: worked, waiting for payment. "
           "Written-off dollars leave the chart.")


def remaining(items: Sequence[WorkItem], worked: Mapping[str, str]) -> list[WorkItem]:
    """The items not worked yet, in claim-number order (the order the queue is shown in)."""
    return sorted((it for it in items if it.claim_id not in worked), key=lambda it: it.claim_id)


def pick_feedback(chosen: str | None, items: Sequence[WorkItem], worked: Mapping[str, str],
                  today: date) -> tuple[bool | None, str]:
    """Whether `chosen` is the claim to work next by the rule, and why, with both scores when it is not."""
    left = remaining(items, worked)
    if not left:
        return None, "The queue is empty: every claim is worked. Press Start the day again to practise once more."
    if chosen is None:
        return None, ASK
    by_id = {it.claim_id: it for it in left}
    if chosen not in by_id:
        return None, f"{chosen} is already worked: pick one of the claims still in the queue."
    top, pick = ordered(left, today)[0], by_id[chosen]
    if pick.claim_id == top.claim_id:
        return True, f"{pick.claim_id} is the highest priority left: {why_first(pick, today)}. Done: {pick.step_text}"
    hint = ""
    pick_left, top_left = days_left(pick, today), days_left(top, today)
    if urgency(pick_left) == 0:
        hint = " Its deadline has passed, so there is nothing left to win on it: clear it last."
    elif pick.amount > top.amount:
        hint = " The bigger amount can wait: its deadline is further away."
    elif pick_left is not None and (top_left is None or pick_left < top_left):
        hint = " A nearer deadline alone is not enough: more dollars are at stake on the other claim."
    return False, (f"{pick.claim_id} scores {why_first(pick, today)}; {top.claim_id} scores "
                   f"{why_first(top, today)}: work {top.claim_id} first.{hint}")


def deadline_words(item: WorkItem) -> str:
    """'2026-11-05 (filing)', or 'none' for an item with no deadline."""
    return f"{item.deadline} ({item.deadline_kind})" if item.deadline else "none"


def queue_rows(items: Sequence[WorkItem], worked: Mapping[str, str], today: date) -> list[dict[str, str]]:
    """The queue as the table shows it: the claims left, in claim-number order (no scores: you rank them)."""
    return [{"Claim": it.claim_id, "Patient": it.patient, "Payer": PAYERS[it.payer_id].name,
             "Why it is here": it.reason, "At stake": f"${it.amount:,.2f}",
             "Deadline": deadline_words(it), "Days left": str(days_left(it, today) if it.deadline else "-")}
            for it in remaining(items, worked)]


def rows_html(rows: list[dict[str, str]]) -> str:
    """A plain, left-aligned HTML table with a header row (screen readers read it as a table)."""
    if not rows:
        return "<p>The queue is empty.</p>"
    cell = "text-align:left;padding:2px 8px 2px 0;white-space:nowrap"
    head = "".join(f'<th scope="col" style="{cell}">{html.escape(k)}</th>' for k in rows[0])
    body = "".join("<tr>" + "".join(f'<td style="{cell}">{html.escape(v)}</td>' for v in r.values()) + "</tr>"
                   for r in rows)
    return f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def reasons_note(items: Sequence[WorkItem]) -> str:
    """What each reason in the queue means: the course's CARC paraphrases, e.g. 'CO-50: Not deemed ...'."""
    seen = dict.fromkeys(it.reason for it in items)
    parts = []
    for reason in seen:
        if reason == "no answer":
            parts.append(f"no answer: the payer has not answered {NO_ANSWER_AFTER_DAYS}+ days after the claim went in")
            continue
        group_carc, _, rarc = reason.partition(" ")
        carc = group_carc.partition("-")[2]
        text = f"{reason}: {CARC.get(carc, 'see the remittance')}"
        parts.append(text + (" (MA130: the claim could not be processed)" if rarc == "MA130" else ""))
    return "; ".join(parts) + "."


def day_summary(day: BillerDay, worked: Mapping[str, str]) -> str:
    """Where the day stands: claims worked, dollars by state, and the month's clean-claim and denial rates."""
    ar = ar_by_bucket(day.items, worked, day.today)
    to_work = sum(ar["to work"].values())
    waiting = sum(ar["waiting for payment"].values())
    r = day.rates
    return (
        f"Worked {len(worked)} of {len(day.items)} claims. To work: ${to_work:,.2f}; waiting for payment: "
        f"${waiting:,.2f}; written off: ${written_off(day.items, worked):,.2f}. "
        f"This month's clean-claim rate: {r.clean_claim_rate:.1%} ({r.clean} of {r.submitted} claims went out "
        "with no one fixing them and were not denied; HFMA's MAP Key CL-1 counts the first part). "
        f"Denial rate: {r.denial_rate:.1%} ({r.denied} of {r.adjudicated} answered claims denied; HFMA MAP Key "
        "AR-5, by count). Working the queue brings money in but changes neither rate: only claims that go out "
        "right the first time do, which is what the scrubber's edits are for. (Targets often quoted, 95% or "
        "more clean and under 5-10% denied, are rules of thumb, not standards.)"
    )


class WorkQueuePractice(PracticeBox):
    """The queue table, a choice of the claim to work next, the feedback, the A/R figure and the rates."""

    def __init__(self, day: BillerDay | None = None):
        self.day = day or biller_day()
        self.worked: dict[str, str] = {}
        start = ar_by_bucket(self.day.items, {}, self.day.today)
        self.ymax = 1.1 * float(max(start["to work"].values()))
        self.table = widgets.HTML()
        self.choice = answer_radios(description="Work next:", style={"description_width": "initial"})
        self.work = widgets.Button(description="Work this claim", button_style="primary", icon="check",
                                   layout={"width": "auto"})
        self.again = widgets.Button(description="Start the day again", icon="refresh", layout={"width": "auto"})
        self.feedback = feedback_box()
        self.picture = widgets.HTML()
        self.summary = widgets.HTML()
        self.on_press(self.work, self.work_chosen, self.feedback)
        self.again.on_click(lambda _b: self.restart())
        note = widgets.HTML(f"<p><small>{html.escape(reasons_note(self.day.items))}</small></p>")
        super().__init__([widgets.HTML(f"<p><b>Today is {self.day.today}.</b> {html.escape(RULE)}</p>"), self.table, note,
                          self.choice, widgets.HBox([self.work, self.again]), self.feedback, self.picture,
                          self.summary])
        self.refresh()

    def refresh(self) -> None:
        """Redraw the table, the choices, the figure and the summary from `worked`."""
        today = self.day.today
        self.table.value = rows_html(queue_rows(self.day.items, self.worked, today))
        self.choice.options = [(f"{it.claim_id} {it.patient}, ${it.amount:,.2f}, deadline {deadline_words(it)}",
                                it.claim_id) for it in remaining(self.day.items, self.worked)]
        self.choice.value = None
        ar = ar_by_bucket(self.day.items, self.worked, today)
        off = written_off(self.day.items, self.worked)
        self.picture.value = figure_html(queue_ar_figure(ar, off, self.ymax), alt=queue_ar_alt(ar, off),
                                         caption=CAPTION)
        # plain text, not a role=status area: the page reads it when asked, and only the feedback is announced
        self.summary.value = f"<p>{html.escape(day_summary(self.day, self.worked))}</p>"

    def work_chosen(self) -> None:
        """Check the pick against the rule; a right pick is worked (its step applied) and everything redrawn."""
        chosen = self.choice.value
        ok, message = pick_feedback(chosen, self.day.items, self.worked, self.day.today)
        if ok:
            item = next(it for it in self.day.items if it.claim_id == chosen)
            self.worked[chosen] = item.step
            self.refresh()
        self.feedback.value = feedback_html(message, ok, exercise=f"work queue: {chosen}")

    def restart(self) -> None:
        """The day from the start: nothing worked."""
        self.worked = {}
        self.feedback.value = feedback_html(ASK, None)
        self.refresh()


def make_work_queue(day: BillerDay | None = None) -> WorkQueuePractice:
    """The biller's-day practice over the synthetic month (or `day`, e.g.
    `course.billing.queue_from_denials.denials_day()`, a queue of the denial simulator's claims)."""
    return WorkQueuePractice(day)

