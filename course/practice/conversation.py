"""Practice widget for lesson 06: a branching phone call with feedback on every reply and a final score.

A thin view over `course.patients.conversations`: the scenario graph, the feedback and the score come from there.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.patients import conversations as conv
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox


class ConversationWidget(PracticeBox):
    """Pick a scenario, answer the caller reply by reply, read feedback and the final score."""

    def __init__(self, scenario_id: str | None = None) -> None:
        scenarios = conv.load_scenarios()
        self.scenario_picker = widgets.Dropdown(
            options=[(s.title, s.scenario_id) for s in scenarios],
            value=scenario_id or scenarios[0].scenario_id,
            description="Call:",
        )
        self.setup = widgets.HTML()
        self.transcript = widgets.HTML()
        self.replies = widgets.RadioButtons(options=[], layout=widgets.Layout(width="100%"))
        self.say_button = widgets.Button(description="Say it", button_style="primary")
        self.restart_button = widgets.Button(description="Start again")
        self.feedback = feedback_box()
        self.summary = feedback_box()
        self.scenario_picker.observe(lambda _: self.restart(), names="value")
        self.on_press(self.say_button, self.say, self.feedback)
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__(
            [
                self.scenario_picker,
                self.setup,
                self.transcript,
                self.replies,
                widgets.HBox([self.say_button, self.restart_button]),
                self.feedback,
                self.summary,
            ]
        )
        self.restart()

    @property
    def scenario(self) -> conv.Scenario:
        return conv.get_scenario(self.scenario_picker.value)

    def restart(self) -> None:
        """Back to the start of the chosen call."""
        self.path: list[int] = []
        self.node_id = self.scenario.start
        self.lines = [f"<b>Caller:</b> {html.escape(self.scenario.nodes[self.node_id].caller)}"]
        self.setup.value = f"<p><i>{html.escape(self.scenario.setup)}</i></p>"
        self.feedback.value = ""
        self.summary.value = ""
        self._show()

    def _show(self) -> None:
        node = self.scenario.nodes[self.node_id]
        self.transcript.value = "<br>".join(self.lines)
        self.replies.options = [(c.say, i) for i, c in enumerate(node.choices)]
        self.replies.value = None
        # Say it stays enabled at the end: disabling the focused button would drop a keyboard user's focus.
        self.replies.disabled = node.is_end

    def say(self) -> None:
        """Give the selected reply: feedback on it, then the caller's next line (or the final score)."""
        if self.scenario.nodes[self.node_id].is_end:
            self.feedback.value = feedback_html("The call is over: read how you did below, or press Start again.", None)
            return
        if self.replies.value is None:
            self.feedback.value = feedback_html("Pick a reply first.", None)
            return
        index = self.replies.value
        choice = conv.choose(self.scenario, self.node_id, index)
        best = max(sum(c.scores.values()) for c in self.scenario.nodes[self.node_id].choices)
        self.feedback.value = feedback_html(
            conv.choice_feedback(choice), sum(choice.scores.values()) == best,
            f"call: {self.scenario.scenario_id} at {self.node_id}",
        )
        self.path.append(index)
        self.node_id = choice.next
        self.lines += [
            f"<b>You:</b> {html.escape(choice.say)}",
            f"<b>Caller:</b> {html.escape(self.scenario.nodes[self.node_id].caller)}",
        ]
        if self.scenario.nodes[self.node_id].is_end:
            self.summary.value = feedback_html(conv.final_feedback(self.scenario, self.path), None)
        self._show()


def make_conversation(scenario_id: str | None = None) -> ConversationWidget:
    """The branching-call simulator, optionally opened at one scenario."""
    return ConversationWidget(scenario_id)
