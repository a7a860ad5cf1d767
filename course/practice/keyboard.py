"""Practices answered by keyboard alone: keys pressed inside a practice stay inside it.

In JupyterLab a focused radio button, dropdown or button inside a cell output is in the notebook's
command mode, so arrows, letters and Enter run notebook shortcuts (select another cell, turn the cell
into markdown...) and focus jumps away. Lumino, Lab's toolkit, skips its shortcuts for any element
inside one that carries the attribute `data-lm-suppress-shortcuts`. Python can only give a widget CSS
classes, so every practice's outer box (`PracticeBox`) has the class `course-practice`, and displaying
one also runs a small script once per page: it puts the attribute on every `course-practice` element,
now and whenever Lab adds one, and on every control inside (Lumino matches a shortcut on the focused
element itself, so an attribute on the box alone is not enough). It also gives each question's radio
buttons a common name, which ipywidgets does not, so the arrows move between the answers. Tab, the
arrows, Space and Enter then do what the browser does with each control; Tab leaves the practice.

The same script shows "Checking…" in the practice's feedback area the moment a button wired with
`PracticeBox.on_press` is pressed (the kernel may be busy for seconds); the kernel first sets the area to
"Checking…" too, then to its answer, so the answer always replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from IPython.display import Javascript, display

PRACTICE_CLASS = "course-practice"
CHECKS_CLASS = "course-checks"  # a button whose press is answered in the practice's feedback area
FEEDBACK_CLASS = "course-feedback"  # see feedback.feedback_box
CHECKING = "Checking…"

KEYBOARD_JS = """
(function () {
  var CLASS = "__CLASS__", CHECKS = "__CHECKS__", FEEDBACK = "__FEEDBACK__", CHECKING = "__CHECKING__";
  // `element` is the output area Lab gives this script, which shows nothing: hide it once attached.
  (function hide(tries) {
    var child = typeof element !== "undefined" && element && element.closest && element.closest(".jp-OutputArea-child");
    if (child) { child.style.display = "none"; } else if (tries > 0) { setTimeout(function () { hide(tries - 1); }, 50); }
  })(40);
  var FOCUSABLE = ["", " input", " select", " button", " textarea", " [tabindex]"].map(function (part) {
    return "." + CLASS + part + ":not([data-lm-suppress-shortcuts])";
  }).join(", ");
  function mark(root) {
    // Lab matches a shortcut on the focused element itself, so each control needs the attribute.
    root.querySelectorAll(FOCUSABLE).forEach(function (node) {
      node.setAttribute("data-lm-suppress-shortcuts", "true");
    });
    // ipywidgets gives a question's radio buttons no common name: give them one, so the arrows
    // move between the answers as in any radio group.
    root.querySelectorAll("." + CLASS + " .widget-radio-box").forEach(function (box) {
      var name = box.getAttribute("data-course-group");
      if (!name) {
        window.coursePracticeGroups = (window.coursePracticeGroups || 0) + 1;  // one count per page
        name = "course-radio-" + window.coursePracticeGroups;
        box.setAttribute("data-course-group", name);
      }
      box.querySelectorAll("input[type=radio]").forEach(function (radio) {
        if (radio.name !== name) { radio.name = name; }
      });
    });
  }
  mark(document);
  if (window.coursePracticeKeys) { return; }
  window.coursePracticeKeys = new MutationObserver(function () { mark(document); });
  window.coursePracticeKeys.observe(document.body, {childList: true, subtree: true});
  // A press answered in the feedback area shows "Checking…" at once, even while the kernel is busy;
  // the kernel's answer replaces it (on_press always changes the area twice).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("." + CLASS + " button." + CHECKS + ":not([disabled])");
    var box = button && button.closest("." + CLASS);
    var status = box && box.querySelector("." + FEEDBACK + " .widget-html-content");
    if (status) {
      status.innerHTML = '<div role="status" style="color:#212121">' + CHECKING + "</div>";
    }
  }, true);
})();
""".replace("__CLASS__", PRACTICE_CLASS).replace("__CHECKS__", CHECKS_CLASS).replace(
    "__FEEDBACK__", FEEDBACK_CLASS).replace("__CHECKING__", CHECKING)


def checking_html() -> str:
    """The feedback area while the kernel works on a press."""
    from course.practice.feedback import feedback_html

    return feedback_html(CHECKING, None)


def keep_keys_inside() -> None:
    """Display the (invisible) script that keeps keys inside practices on this page."""
    display(Javascript(KEYBOARD_JS))


class PracticeBox(widgets.VBox):
    """The outer box of a practice: keys pressed inside it stay inside it (see the module's docstring)."""

    def __init__(self, children: Any = (), **kwargs: Any) -> None:
        super().__init__(children, **kwargs)
        self.add_class(PRACTICE_CLASS)

    def on_press(self, button: widgets.Button, action: Callable[[], object], feedback: widgets.HTML) -> None:
        """Run `action` when `button` is pressed, showing "Checking…" in `feedback` until it is done.

        The area always changes twice (to "Checking…", then to the answer or back), so the page
        replaces the "Checking…" it shows at once even when the answer is the same as before.
        """
        button.add_class(CHECKS_CLASS)

        def run(_button: widgets.Button) -> None:
            before = feedback.value
            feedback.value = checking_html()
            try:
                action()
            finally:
                if feedback.value == checking_html():
                    feedback.value = before

        button.on_click(run)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        keep_keys_inside()
        return super()._repr_mimebundle_(**kwargs)
