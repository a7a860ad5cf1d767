"""`make bench`: every section says what it measured and why it skipped the rest; exit 0 unless a real error.

From a clone in a private folder the browser section used to fail whole ("the class user mcbteacher cannot
run the course's venv"), losing its lesson figures, and `make bench` exited non-zero.
"""

from __future__ import annotations

import math
import types
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_browser
from bench.common import Figure, Skip, failed, skipped


def _sections(monkeypatch, sections: dict) -> None:
    monkeypatch.setattr(bench_main.pkgutil, "iter_modules",
                        lambda path: [types.SimpleNamespace(name=f"bench_{n}") for n in sections])
    monkeypatch.setattr(bench_main.importlib, "import_module",
                        lambda name: types.SimpleNamespace(run=sections[name.removeprefix("bench.bench_")]))


def _raise(exc: BaseException):
    def run(*_args):
        raise exc
    return run


def test_skips_are_reported_with_their_reason_and_exit_0(monkeypatch, capsys):
    _sections(monkeypatch, {
        "a": lambda: [Figure("x", 1.0, "s"), skipped("y", "needs Node.js")],
        "b": _raise(Skip("Chromium is not installed")),
    })
    assert bench_main.main([]) == 0
    out = capsys.readouterr().out
    assert "skipped: needs Node.js" in out and "SKIPPED: Chromium is not installed" in out
    assert "1 figures measured, 2 skipped" in out


def test_a_real_error_exits_non_zero_and_the_other_figures_still_print(monkeypatch, capsys):
    _sections(monkeypatch, {
        "a": lambda: [Figure("kept", 2.0, "s"), failed("broken", ValueError("boom"))],
        "b": _raise(RuntimeError("crash")),
        "c": lambda: [Figure("also kept", 3.0, "s")],
    })
    assert bench_main.main([]) == 1
    out = capsys.readouterr().out
    assert "kept" in out and "also kept" in out and "FAILED: ValueError: boom" in out
    assert "FAILED: RuntimeError: crash" in out and "2 failed" in out


def test_figure_states():
    assert skipped("y", "why").skipped and not skipped("y", "why").failed and skipped("y", "why").ratio is None
    assert failed("z", OSError("x")).failed and not failed("z", OSError("x")).skipped
    assert not Figure("x", 1.0, "s").skipped and not math.isnan(Figure("x", 1.0, "s", 2.0).ratio)


@pytest.fixture
def machine(monkeypatch):
    """A machine where the browser section can start (its tools are faked; nothing is launched)."""
    monkeypatch.setattr(bench_browser, "npm_ci", lambda: None)
    monkeypatch.setattr(bench_browser.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setattr(bench_browser.os, "geteuid", lambda: 0)
    monkeypatch.setattr(bench_browser, "CHROMIUM", Path(__file__))  # exists


def test_the_hub_precondition_skips_the_hub_and_keeps_the_lessons(machine, monkeypatch):
    lesson = Figure("lesson 00: open to rendered, cold kernel", 4.0, "s", 3.0)
    monkeypatch.setattr(bench_browser, "lesson_figures", lambda base: [lesson])
    monkeypatch.setattr(bench_browser, "hub_figures", _raise(RuntimeError(
        "the class user mcbteacher cannot run the course's venv /root/tmp.X/.venv/bin (exit status 126)")))
    figures = bench_browser.run()
    assert figures[0] == lesson
    assert figures[1].skipped and "cannot run the course's venv /root/tmp.X" in figures[1].note


def test_a_hub_error_is_a_failed_figure_not_a_lost_section(machine, monkeypatch):
    monkeypatch.setattr(bench_browser, "lesson_figures", _raise(TimeoutError("Lab did not answer")))
    monkeypatch.setattr(bench_browser, "hub_figures", _raise(ValueError("hub broke")))
    figures = bench_browser.run()
    assert [f.failed for f in figures] == [True, True]
    assert "Lab did not answer" in figures[0].note and "hub broke" in figures[1].note


def test_missing_tools_skip_the_section_or_the_hub_with_the_reason(monkeypatch):
    monkeypatch.setattr(bench_browser, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(Skip, match="Chromium is not installed"):
        bench_browser.run()
    monkeypatch.setattr(bench_browser.os, "geteuid", lambda: 1000)
    assert "needs root" in bench_browser.hub_or_why()[0].note
