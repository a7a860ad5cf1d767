"""Money reads as money: the Lab page config the venv gets turns off the MathJax plugin JupyterLab has.

The browser proof is tests/browser/test_money.py (and test_lessons.py); this catches a JupyterLab
upgrade that renames the plugin, which would silently bring TeX back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.support import ROOT

PAGE_CONFIG = ROOT / "course" / "tools" / "lab_page_config.json"
LAB_STATIC = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"


def test_the_page_config_disables_the_mathjax_plugin_this_lab_has() -> None:
    disabled = json.loads(PAGE_CONFIG.read_text())["disabledExtensions"]
    assert list(disabled) == ["@jupyterlab/mathjax-extension:plugin"] and all(disabled.values())
    bundles = "".join(p.read_text(errors="replace") for p in LAB_STATIC.glob("jlab_core*.js"))
    assert bundles, f"no JupyterLab bundle under {LAB_STATIC}"
    assert 'id:"@jupyterlab/mathjax-extension:plugin"' in bundles, "JupyterLab renamed its MathJax plugin"


def test_make_installs_it_where_lab_reads_the_venv_config() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "LAB_PAGE_CONFIG := $(VENV)/etc/jupyter/labconfig/page_config.json" in makefile
    for target in ("venv:", "lab:", "test:"):
        line = next(line for line in makefile.splitlines() if line.startswith(target))
        assert "$(LAB_PAGE_CONFIG)" in line, f"`make {target[:-1]}` must install the page config"
