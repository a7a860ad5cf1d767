"""A pool of grading workers with a watchdog: a submission that hangs its worker is killed and reported."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any


def become_subreaper() -> None:
    """Adopt orphaned descendants (a killed sandbox's inner processes) so `reap()` can collect them."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap() -> None:
    """Collect every finished child (call only when no child's exit status is still wanted)."""
    import os

    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


class _Slot:
    def __init__(self) -> None:
        self.proc: Any = None
        self.conn: Connection | None = None
        self.task: str | None = None
        self.started = 0.0


def run_pool(
    tasks: list[str],
    slots: int,
    target: Callable[[Connection, int], None],
    limit: float,
    on_result: Callable[[str, Any], None],
    on_timeout: Callable[[str], Any],
) -> None:
    """Give each task to a free worker process; a task past `limit` seconds gets its worker killed.

    `target(conn, slot)` runs in the worker: it receives task names from `conn` (None means stop) and
    sends one result back per task. `on_result(task, result)` is called in this process.
    """
    ctx = mp.get_context("fork")
    queue = deque(tasks)
    pool = [_Slot() for _ in range(max(1, min(slots, len(tasks))))]

    def start(i: int, s: _Slot) -> None:
        parent, child = ctx.Pipe()
        s.proc = ctx.Process(target=target, args=(child, i), daemon=True)
        s.proc.start()
        child.close()
        s.conn = parent

    def stop(s: _Slot, kill: bool) -> None:
        if s.proc is None:
            return
        if kill:
            s.proc.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                s.conn.send(None)
        s.proc.join(10)
        if s.proc.is_alive():
            s.proc.kill()
            s.proc.join()
        s.proc, s.conn, s.task = None, None, None

    try:
        while queue or any(s.task for s in pool):
            for i, s in enumerate(pool):
                if s.task is None and queue:
                    if s.proc is None:
                        start(i, s)
                    s.task, s.started = queue.popleft(), time.monotonic()
                    s.conn.send(s.task)
            busy = {s.conn: s for s in pool if s.task}
            for conn in wait(list(busy), timeout=1.0):
                s = busy[conn]
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    task = s.task
                    stop(s, kill=True)
                    on_result(task, None)  # the worker died: the caller reports it
                    continue
                task, s.task = s.task, None
                on_result(task, result)
            now = time.monotonic()
            for s in pool:
                if s.task and now - s.started > limit:
                    task = s.task
                    stop(s, kill=True)
                    on_result(task, on_timeout(task))
    finally:
        for s in pool:
            stop(s, kill=bool(s.task))
