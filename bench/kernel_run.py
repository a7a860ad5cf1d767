"""Execute a notebook headless in a fresh kernel while sampling the kernel's memory."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient


class _PeakSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                rss = self.process.memory_info().rss
                rss += sum(c.memory_info().rss for c in self.process.children(recursive=True))
            except psutil.Error:
                break
            self.peak = max(self.peak, rss)
            time.sleep(self.interval)


def execute(path: Path | None, cells: list[str] | None = None, timeout: int = 300) -> tuple[float, float]:
    """(wall seconds from kernel start to last cell done, kernel peak RSS in MiB) for a notebook or cells."""
    if path is not None:
        nb = nbformat.read(path, as_version=4)
        cwd = str(path.parent)
    else:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells or []])
        cwd = "."
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": cwd}})
    start = time.perf_counter()
    with client.setup_kernel():
        sampler = _PeakSampler(client.km.provisioner.pid)
        sampler.start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        sampler.stopped.set()
        sampler.join()
    return elapsed, sampler.peak / 2**20
