"""Practice widget for lesson 07: read a synthetic e-mail, say whether it is phishing, mark its red flags."""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox
from course.security.phishing import Email, flag_descriptions, get_email, judge, judgement_text, load_emails


def email_html(email: Email) -> str:
    """The e-mail as a reader would see it, with each link's real address shown (as hovering would)."""
    links = "".join(
        f"<li>link “{html.escape(text)}” goes to <code>{html.escape(url)}</code></li>"
        for text, url in email.links
    )
    attachments = ", ".join(html.escape(a) for a in email.attachments) or "none"
    return (
        '<div style="border:1px solid #767676;padding:0.5em">'
        f"<b>From:</b> {html.escape(email.from_name)} &lt;{html.escape(email.from_address)}&gt;<br>"
        f"<b>Subject:</b> {html.escape(email.subject)}<br><b>Attachments:</b> {attachments}"
        f"<p>{html.escape(email.body)}</p>{'<ul>' + links + '</ul>' if links else ''}</div>"
    )


def make_phishing_spotter() -> widgets.VBox:
    """Pick an e-mail, choose a verdict and tick red flags, then Check."""
    emails = load_emails()
    picker = widgets.Dropdown(
        options=[(f"{i + 1}. {e.subject}", e.email_id) for i, e in enumerate(emails)],
        description="E-mail:",
        layout=widgets.Layout(width="100%"),
    )
    shown = widgets.HTML()
    verdict = widgets.ToggleButtons(options=[("Genuine", False), ("Phishing", True)], value=None)
    flags = {
        key: widgets.Checkbox(
            value=False, description=text, indent=False, layout=widgets.Layout(width="100%")
        )
        for key, text in flag_descriptions().items()
    }
    check = widgets.Button(description="Check", button_style="primary")
    out = feedback_box()

    def show(_=None) -> None:
        shown.value = email_html(get_email(picker.value))
        verdict.value = None
        for b in flags.values():
            b.value = False
        out.value = ""

    def on_check() -> None:
        if verdict.value is None:
            out.value = feedback_html("Choose Genuine or Phishing first.", None)
            return
        email = get_email(picker.value)
        marked = {k for k, b in flags.items() if b.value}
        out.value = feedback_html(
            judgement_text(email, verdict.value, marked), judge(email, verdict.value, marked).perfect,
            f"phishing: {email.email_id}",
        )

    picker.observe(show, names="value")
    show()
    box = PracticeBox(
        [picker, shown, verdict, widgets.HTML("<b>Red flags you see:</b>"), *flags.values(), check, out]
    )
    box.on_press(check, on_check, out)
    box.picker, box.verdict, box.flags, box.check, box.feedback = picker, verdict, flags, check, out
    return box
