"""Practice widget: explain each character of an ICD-10-CM code the student types.

`dissect(code)` is the pure function (tested directly); `make_dissector()` is a thin view over it.
Everything it says comes from the FY2026 data (descriptions, children, 7th-character definitions).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.coding.icd10 import format_code, get_index, is_valid_format, normalize
from course.practice.feedback import BAD, GOOD, NEUTRAL
from course.practice.keyboard import PracticeBox

ORDINALS = {4: "4th", 5: "5th", 6: "6th", 7: "7th"}
LATERALITY = ("right", "left", "bilateral")


def _tidy(text: str) -> str:
    """Data text made readable: the CDC file joins some alternative wordings with '/' and a tab."""
    return " ".join(text.replace("/\t", " / ").split())


def format_problem(code: str) -> str | None:
    """Why `code` does not have the shape of an ICD-10-CM code, in plain words; None when it does."""
    text = code.strip().upper()
    if is_valid_format(text):
        return None
    plain = text.replace(".", "")
    if not plain:
        return "Type a code, for example S93.401A or E11.9."
    if not plain[0].isalpha():
        return f"An ICD-10-CM code starts with a letter, not {plain[0]!r}."
    if not plain.isalnum():
        bad = next(ch for ch in plain if not ch.isalnum())
        return f"Only letters and digits (and one dot) belong in a code, not {bad!r}."
    if len(plain) < 3:
        return "A code has at least 3 characters: the category, e.g. E11."
    if len(plain) > 7:
        return f"A code has at most 7 characters; this one has {len(plain)}."
    if "." in text and (text.count(".") > 1 or text.index(".") != 3):
        return "The dot goes after the 3rd character (E11.9), and only there."
    if text.endswith("."):
        return "Nothing follows the dot: drop it or add the 4th character."
    return "Characters 2 and 3 must include a digit (A00, C4A, QA0)."


def _words(text: str) -> set[str]:
    return set(text.lower().replace(",", " ").split())


def _choices(idx, plain: str, position: int) -> list[str]:
    """The characters that can follow `plain` at `position` (1-based) in real codes."""
    chars = {normalize(c)[position - 1] for c in idx.children(plain) if len(normalize(c)) >= position}
    return sorted(chars)


def dissect(code: str) -> list[tuple[str, str]]:
    """Explain a code character by character: [(part, explanation)], the last entry being the verdict.

    >>> dissect("S93.401A")[0][0]
    'S93'
    """
    problem = format_problem(code)
    if problem:
        return [(code.strip(), problem)]
    idx = get_index()
    plain = normalize(code)
    cat = plain[:3]
    if not idx.is_valid(cat):
        return [(cat, f"There is no category {cat} in ICD-10-CM (FY2026). Check the first three characters.")]
    chap, chap_desc = idx.chapter(cat)
    parts = [(cat, f"Category (characters 1-3): {idx.description(cat)}. Chapter {chap}: {chap_desc}.")]
    last_real = cat
    for pos in range(4, len(plain) + 1):
        ch, prefix, label = plain[pos - 1], plain[:pos], ORDINALS[pos]
        if pos == 7 and not idx.is_valid(prefix):
            sevens = idx.seven_chr_def(last_real)
            if sevens and ch in sevens and idx.is_valid(plain):
                parts.append((ch, f"{label} character (extension): {sevens[ch]}."))
                continue
        placeholder = ch == "X" and (
            idx.description(prefix) == idx.description(last_real) if idx.is_valid(prefix) else idx.has_prefix(prefix)
        )
        if placeholder:
            parts.append(
                (
                    ch,
                    f"{label} character: placeholder X. It fills an empty place so that the 7th character "
                    "still lands in position 7.",
                )
            )
            if idx.is_valid(prefix):
                last_real = prefix
        elif idx.is_valid(prefix):
            desc = idx.description(prefix)
            if idx.kind(prefix) == "extended subcategory":
                sevens = idx.seven_chr_def(prefix)
                parts.append((ch, f"{label} character (extension): {sevens.get(ch, desc)}."))
            else:
                new = _words(desc) - _words(idx.description(last_real))
                side = [w for w in LATERALITY if w in new]
                role = f"laterality ({side[0]})" if side else "more detail (etiology, anatomic site or severity)"
                parts.append((ch, f"{label} character, {role}: {format_code(prefix)} {desc}."))
            last_real = prefix
        else:
            choices = _choices(idx, last_real, pos)
            sevens = idx.seven_chr_def(last_real) if pos == 7 else {}
            if sevens and choices and set(choices) <= set(sevens):
                options = "; ".join(f"{c} = {sevens[c]}" for c in choices)
            elif choices:
                options = ", ".join(choices)
            else:
                parts.append((ch, f"{format_code(last_real)} is complete: no character can follow it."))
                parts.append((format_code(plain), "Not a valid ICD-10-CM code."))
                return parts
            hint = " Codes that need a 7th character use placeholder X in empty places." if "X" in choices else ""
            parts.append(
                (
                    ch,
                    f"No code {format_code(prefix)} exists. After {format_code(last_real)} the {label} "
                    f"character can be: {options}.{hint}",
                )
            )
            parts.append((format_code(plain), "Not a valid ICD-10-CM code."))
            return parts
    parts.append((format_code(plain), _verdict(idx, plain, last_real)))
    return parts


def _verdict(idx, plain: str, last_real: str) -> str:
    if not idx.is_valid(plain):  # e.g. W19.XXX: placeholders typed, 7th character missing
        sevens = "; ".join(f"{c} = {m}" for c, m in idx.seven_chr_def(last_real).items())
        return f"Not a valid code yet: it needs its 7th character: {sevens}."
    desc = idx.description(plain)
    if idx.is_billable(plain):
        return f"Valid and billable: {desc}."
    kids = idx.children(plain)
    if kids and idx.kind(kids[0]) == "extended subcategory":
        sevens = "; ".join(f"{c} = {m}" for c, m in idx.seven_chr_def(plain).items())
        pad = " (with placeholder X first)" if len(plain) < 6 else ""
        return f"Valid but NOT billable: this code needs a 7th character{pad}: {sevens}."
    choices = ", ".join(_choices(idx, plain, len(plain) + 1))
    return (
        f"Valid but NOT billable: it is a header. Add the {ORDINALS.get(len(plain) + 1, 'next')} character: {choices}."
    )


def dissection_html(code: str) -> str:
    """The dissection as an accessible HTML table, the verdict coloured (and worded) right or wrong."""
    rows = [(part, _tidy(text)) for part, text in dissect(code)]
    if not code.strip():
        return f'<div style="color:{NEUTRAL}">{html.escape(rows[0][1])}</div>'
    verdict = rows[-1][1]
    ok = verdict.startswith("Valid and billable")
    colour = GOOD if ok else (NEUTRAL if verdict.startswith("Valid but") else BAD)
    body = "".join(
        f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{html.escape(part)}</th>"
        f"<td style='text-align:left'>{html.escape(text)}</td></tr>"
        for part, text in rows[:-1]
    )
    last = rows[-1]
    return (
        f"<table role='table'>{body}</table>"
        f"<div role='status' style='color:{colour};font-weight:bold'>{html.escape(last[0])}: "
        f"{html.escape(last[1])}</div>"
    )


def make_dissector(initial: str = "S93.401A") -> widgets.VBox:
    """A text box and an explanation that updates as you type. Children: (code box, explanation)."""
    box = widgets.Text(value=initial, description="Code", placeholder="e.g. T45.0X1A", continuous_update=True)
    out = widgets.HTML(value=dissection_html(initial))

    def update(change: dict) -> None:
        out.value = dissection_html(change["new"])

    box.observe(update, names="value")
    return PracticeBox([box, out])
