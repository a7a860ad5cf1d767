"""Validate X12 text with pyx12 (4.0.0): the 837P claims and 835 remittances the course writes.

pyx12 walks the interchange against its implementation-guide map (e.g. 837.5010.X222.A1.xml) and records
errors per interchange, group, transaction and segment. `validate_x12` returns them as plain sentences.

pyx12 parses its XML map again for every document (about 0.2 s, nearly all of a one-claim validation).
The maps are read-only during validation (the walker keeps its own counters), so `validate_x12` keeps
the parsed maps in memory by default; `cache_maps=False` runs pyx12 exactly as shipped.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pyx12.errors
import pyx12.map_if
import pyx12.params
import pyx12.x12n_document

_ORIGINAL_LOAD = pyx12.map_if.load_map_file
_MAPS: dict[tuple[str, str | None], Any] = {}


def _cached_load(map_file: str, param: Any, map_path: str | None = None) -> Any:
    key = (map_file, map_path)
    if key not in _MAPS:
        _MAPS[key] = _ORIGINAL_LOAD(map_file, param, map_path)
    return _MAPS[key]


@dataclass(frozen=True)
class ValidationResult:
    """ok is True only when pyx12 accepted the text with no error at all."""

    ok: bool
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _flatten(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []

    def add(where: str, errs: list[dict[str, Any]]) -> None:
        for e in errs:
            val = e.get("err_val")
            extra = f" (value {val!r})" if val not in (None, "") else ""
            out.append(f"{where}: {e.get('err_str', '').strip()} [code {e.get('err_cde')}]{extra}")

    for isa in doc.get("interchanges", []):
        add("ISA interchange", isa.get("errors", []))
        for gs in isa.get("groups", []):
            add(f"GS group {gs.get('gs_control_num')}", gs.get("errors", []))
            for st in gs.get("transactions", []):
                add(f"ST transaction {st.get('trn_set_control_num')}", st.get("errors", []))
                for seg in st.get("segments", []):
                    where = f"segment {seg.get('seg_id')} #{seg.get('seg_count')} ({seg.get('name')})"
                    add(where, seg.get("errors", []))
                    for ele in seg.get("elements", []):
                        add(
                            f"{where}, element {ele.get('ele_pos')} ({ele.get('name')})",
                            ele.get("errors", []),
                        )
    return out


def validate_x12(text: str, *, cache_maps: bool = True) -> ValidationResult:
    """Run pyx12 over X12 text; ok=False with readable errors when anything is wrong."""
    if not text.lstrip().startswith("ISA"):
        return ValidationResult(False, ["not an X12 interchange: it must start with an ISA segment"])
    param = pyx12.params.params()
    fd_json = io.StringIO()
    capture = _Capture()
    logger = logging.getLogger("pyx12")
    logger.addHandler(capture)
    old_propagate = logger.propagate
    logger.propagate = False
    pyx12.map_if.load_map_file = _cached_load if cache_maps else _ORIGINAL_LOAD
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=param,
            src_file=io.StringIO(text),
            fd_997=None,
            fd_html=None,
            fd_xmldoc=None,
            fd_json=fd_json,
        )
    except (pyx12.errors.X12Error, pyx12.errors.EngineError) as exc:
        return ValidationResult(False, [f"pyx12 could not read it: {exc}"])
    finally:
        pyx12.map_if.load_map_file = _ORIGINAL_LOAD
        logger.removeHandler(capture)
        logger.propagate = old_propagate
    raw = fd_json.getvalue()
    errors = _flatten(json.loads(raw)) if raw else []
    # pyx12 also logs some errors its error tree does not hold (e.g. a "Not Used" element): keep those
    for message in capture.messages:
        core = message.split(" - ", 1)[-1]
        if not any(core[:40] in e for e in errors):
            errors.append(message)
    if not ok and not errors:
        errors.append("pyx12 rejected the interchange without a specific message")
    return ValidationResult(bool(ok) and not errors, errors)
