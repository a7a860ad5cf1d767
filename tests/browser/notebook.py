"""What a student does to a notebook in JupyterLab, and what the tests check on the page.

Menus are clicked by their exact labels, as a student would; checks read the rendered DOM.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.lab import AXE_JS

OUTPUTS = ".jp-Cell-outputArea .jp-OutputArea-output"
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def open_notebook(page: Page, url: str, timeout: float = 60_000) -> None:
    """Open a notebook URL and wait until its kernel is idle."""
    page.goto(url)
    # the shown notebook: Lab may restore other tabs too, whose hidden panels can come first in the page
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.wait_for(state="visible", timeout=timeout)
    page.locator(IDLE).first.wait_for(state="attached", timeout=timeout)
    # the status bar names the kernel and its state once the kernel has really started
    page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle\s*$")).first.wait_for(timeout=timeout)


def menu(page: Page, top: str, item: str) -> None:
    """Click a menu-bar menu and one of its items, both by exact label."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(top)}$")).click()
    label = page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$"))
    label.first.click()


_ALL_RAN = """(after) => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')];
  if (!document.querySelector("__IDLE__")) return false;
  // Run All stops at the first error: the error is then what the checks report.
  const stderr = [...document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')];
  if (stderr.some(e => /Traceback|Error/.test(e.innerText))) return true;
  return cells.every(cell => {
    const src = (cell.querySelector('.cm-content') || {}).textContent || '';
    const prompt = (cell.querySelector('.jp-InputPrompt') || {}).textContent || '';
    const m = /\\[(\\d+)\\]/.exec(prompt);
    return src.trim() === '' || (m !== null && Number(m[1]) > after);
  });
}""".replace("__IDLE__", IDLE)


def last_execution_count(page: Page) -> int:
    """The highest execution count shown in the open notebook (0 before anything ran)."""
    return page.evaluate(
        """() => Math.max(0, ...[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
             .map(p => Number((/\\[(\\d+)\\]/.exec(p.textContent) || [0, 0])[1])))"""
    )


def run_all(page: Page, timeout: float = 120_000) -> float:
    """Run > Run All Cells, wait until every non-empty code cell has run (again); returns the seconds."""
    after = last_execution_count(page)
    start = time.perf_counter()
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(_ALL_RAN, arg=after, timeout=timeout, polling=200)
    wait_rendered(page)
    return time.perf_counter() - start


_RENDERED = """() => {
  const outs = [...document.querySelectorAll('__OUT__')];
  const imgs = outs.flatMap(o => [...o.querySelectorAll('img')]);
  if (!imgs.every(img => img.complete)) return false;
  const text = outs.map(o => o.innerText).join('\\n');
  return !/Loading widget/.test(text);
}""".replace("__OUT__", OUTPUTS)


def wait_rendered(page: Page, timeout: float = 30_000) -> bool:
    """Wait until every image has loaded and no widget is still loading; False if that never happens
    (`problems` then says what is stuck)."""
    try:
        page.wait_for_function(_RENDERED, timeout=timeout, polling=200)
    except PlaywrightTimeout:
        return False
    return True


_PROBLEMS = """() => {
  const problems = [];
  const outs = [...document.querySelectorAll('__OUT__')];
  for (const o of outs) {
    const mime = o.getAttribute('data-mime-type') || '';
    const text = (o.innerText || '').trim();
    // Lab renders both error outputs and stderr streams with the stderr mime type.
    if (mime === 'application/vnd.jupyter.stderr' && /Traceback|Error/.test(text))
      problems.push('error output: ' + text.split('\\n').filter(l => l.trim()).slice(-2).join(' | '));
    else if (mime === 'application/vnd.jupyter.stderr')
      problems.push('stderr output: ' + text.slice(0, 300));
    if (/Error displaying widget|Click to show javascript error/.test(text))
      problems.push('widget failed: ' + text.slice(0, 300));
    if (/Loading widget/.test(text)) problems.push('widget never rendered: ' + text.slice(0, 300));
    for (const img of o.querySelectorAll('img')) {
      if (!img.complete || img.naturalWidth === 0) problems.push('figure not rendered: ' + img.src.slice(0, 60));
      // Lab fills a missing alt with the word "Image", which tells a screen-reader user nothing.
      const alt = (img.getAttribute('alt') || '').trim();
      if (!alt || alt === 'Image') problems.push('figure without alt text');
    }
  }
  return problems;
}""".replace("__OUT__", OUTPUTS)


def problems(page: Page) -> list[str]:
    """What a student would see go wrong: errors, stderr, widgets that failed, figures that did not load."""
    return page.evaluate(_PROBLEMS)


def counts(page: Page) -> dict[str, int]:
    """How many figures, widgets and code cells the open notebook shows."""
    return page.evaluate(
        """() => ({
          figures: document.querySelectorAll('__OUT__ img').length,
          widgets: document.querySelectorAll('__OUT__ .jupyter-widgets.widget-box, __OUT__ .widget-button').length,
          cells: document.querySelectorAll('.jp-CodeCell').length,
        })""".replace("__OUT__", OUTPUTS)
    )


@dataclass(frozen=True)
class Violation:
    """One axe-core rule broken in the course's content."""

    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.impact}: {self.rule} ({self.help}) at {', '.join(self.targets[:3])}"


def axe(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Violation]:
    """Run axe-core on the course's own content (outputs and rendered markdown); the violations found."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
          const nodes = [...document.querySelectorAll(
            '.jp-Cell-outputArea .jp-OutputArea-output, .jp-MarkdownCell .jp-RenderedMarkdown')];
          if (!nodes.length) return [];
          const r = await axe.run(nodes, {resultTypes: ['violations']});
          return r.violations.map(v => ({rule: v.id, impact: v.impact || '', help: v.help,
                                         targets: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [Violation(**v) for v in result if v["impact"] in impacts]


def output_with(page: Page, text: str) -> Locator:
    """The output area whose text contains `text` (e.g. a practice's question)."""
    return page.locator(OUTPUTS).filter(has_text=text).first


def status_text(box: Locator) -> str:
    """The feedback a practice shows (its role=status areas), joined."""
    return " ".join(t.strip() for t in box.locator("[role=status]").all_inner_texts()).strip()


def press(box: Locator, label: str) -> None:
    """Click the widget button labelled exactly `label` inside `box`."""
    box.locator("button.jupyter-button", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first.click()


def type_into(box: Locator, text: str, index: int = 0) -> None:
    """Type into the `index`-th text field of `box`, as a student would, then leave the field."""
    field = box.locator(".widget-text input, .widget-textarea textarea").nth(index)
    field.click()
    field.press("Control+a")
    field.press_sequentially(text, delay=10)
    field.press("Tab")


def wait_status(box: Locator, pattern: str, timeout: float = 30_000) -> str:
    """Wait until the practice's feedback matches `pattern` (a regex); returns the feedback."""
    deadline = time.monotonic() + timeout / 1000
    text = ""
    while time.monotonic() < deadline:
        text = status_text(box)
        if re.search(pattern, text):
            return text
        time.sleep(0.1)
    raise AssertionError(f"feedback {text!r} never matched {pattern!r}")


def drive_generic(page: Page, limit: int = 12) -> list[tuple[str, str]]:
    """Act on every practice widget like a student who guesses: choose, type, press the first button.

    Practices that already show feedback (answered by a specific driver) are left alone. Returns
    (question, feedback) for each practice whose text changed after pressing.
    """
    reacted: list[tuple[str, str]] = []
    boxes = page.locator(OUTPUTS).filter(has=page.locator("button.jupyter-button"))
    for i in range(min(boxes.count(), limit)):
        box = boxes.nth(i)
        if status_text(box):
            continue  # already answered by a specific driver
        box.scroll_into_view_if_needed()
        before = box.inner_text()
        radios = box.locator(".widget-radio-box input[type=radio]")
        if radios.count():
            radios.first.dispatch_event("click")  # long option labels can overlap the neighbouring input
        selects = box.locator(".widget-dropdown select")
        for j in range(selects.count()):
            options = selects.nth(j).locator("option")
            if options.count() > 1:
                selects.nth(j).select_option(index=1)
        # only fields a student can see (a collapsed accordion, e.g. a practice's code explorer, hides its own)
        fields = box.locator(".widget-text input:not([disabled]), .widget-textarea textarea:not([disabled])")
        for j in range(fields.count()):
            if fields.nth(j).is_visible():
                type_into(box, "A00", j)
        box.locator("button.jupyter-button").first.click()
        deadline = time.monotonic() + 15  # the kernel answers the click; the machine may be busy
        after = before
        while time.monotonic() < deadline:
            after = box.inner_text()
            if after != before:
                break
            time.sleep(0.1)
        if after != before:
            question = before.strip().splitlines()[0] if before.strip() else f"widget {i}"
            reacted.append((question, status_text(box) or after.strip()[-200:]))
    return reacted


def shut_down_kernel(page: Page) -> None:
    """Kernel > Shut Down Kernel (confirming if Lab asks), so finished lessons free their memory."""
    menu(page, "Kernel", "Shut Down Kernel")
    dialog = page.locator(".jp-Dialog")
    try:
        dialog.wait_for(timeout=2_000)
    except PlaywrightTimeout:
        return
    dialog.locator(".jp-Dialog-footer button.jp-mod-accept").click()
