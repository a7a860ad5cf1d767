"""Home-office risk audit for lesson 07: score a remote worker's setup and name the rule behind each fix.

Each check is a yes/no question where "yes" is the safe answer. The rule cited is the HIPAA Security Rule
paragraph (45 CFR) the fix serves, or the NIST telework guide where HIPAA names no specific control.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    key: str
    question: str
    weight: int  # how much the risk matters, 1-3
    fix: str
    rule: str


CHECKS: tuple[Check, ...] = (
    Check(
        "vpn",
        "Do you reach the practice's systems only through its VPN?",
        3,
        "Connect only through the practice's VPN, never straight to systems over the internet.",
        "Transmission security, 45 CFR 164.312(e)(1); NIST SP 800-46 Rev. 2",
    ),
    Check(
        "mfa",
        "Does signing in need a second factor (app code or security key) as well as a password?",
        3,
        "Turn on multi-factor authentication for the VPN and every system with PHI.",
        "Person or entity authentication, 45 CFR 164.312(d); NIST SP 800-46 Rev. 2",
    ),
    Check(
        "disk_encryption",
        "Is the laptop's whole disk encrypted?",
        3,
        "Turn on full-disk encryption: a stolen encrypted laptop is not a reportable breach.",
        "Encryption and decryption, 45 CFR 164.312(a)(2)(iv); breach safe harbor for secured PHI, 164.402",
    ),
    Check(
        "screen_lock",
        "Does the screen lock itself after a few minutes idle (and when you step away)?",
        2,
        "Set an automatic screen lock of a few minutes, and lock the screen yourself when you leave it.",
        "Automatic logoff, 45 CFR 164.312(a)(2)(iii)",
    ),
    Check(
        "own_device",
        "Is the work computer used only by you, only for work?",
        3,
        "Use a work-only device: no family use, no games, no personal downloads.",
        "Workstation security, 45 CFR 164.310(c); workstation use, 164.310(b)",
    ),
    Check(
        "own_account",
        "Do you sign in with your own account, never a shared one?",
        3,
        "Never share log-ins: every person gets a unique user ID.",
        "Unique user identification, 45 CFR 164.312(a)(2)(i)",
    ),
    Check(
        "private_space",
        "Is your screen out of sight and your calls out of earshot of others at home?",
        2,
        "Work where no one can see the screen or hear calls: a closed door, a privacy screen, a headset.",
        "Workstation use, 45 CFR 164.310(b); Privacy Rule safeguards, 164.530(c)",
    ),
    Check(
        "paper_disposal",
        "Is paper with PHI kept locked away and shredded (cross-cut) when no longer needed?",
        2,
        "Avoid printing; lock up what you print and cross-cut shred it, or return it to the office.",
        "Disposal, 45 CFR 164.310(d)(2)(i); Privacy Rule safeguards, 164.530(c)",
    ),
    Check(
        "media_disposal",
        "Are old drives and USB sticks returned to IT to be wiped, never thrown away?",
        2,
        "Never keep PHI on USB sticks; return old media to IT for wiping or destruction.",
        "Disposal and media re-use, 45 CFR 164.310(d)(2)(i)-(ii)",
    ),
    Check(
        "home_wifi",
        "Is home Wi-Fi on WPA2 or WPA3 with a strong password and the router's default "
        "admin password changed?",
        2,
        "Set the router to WPA2/WPA3 with a strong passphrase and change its admin password.",
        "NIST SP 800-114 Rev. 1 (telework user guide); transmission security, 45 CFR 164.312(e)(1)",
    ),
    Check(
        "no_public_wifi",
        "Do you avoid public Wi-Fi for work, or use it only through the VPN?",
        1,
        "Work from public Wi-Fi only through the VPN, or not at all.",
        "NIST SP 800-114 Rev. 1; transmission security, 45 CFR 164.312(e)(1)",
    ),
    Check(
        "updates",
        "Do the operating system and anti-malware update automatically?",
        2,
        "Turn on automatic updates and keep the practice's anti-malware running.",
        "Protection from malicious software, 45 CFR 164.308(a)(5)(ii)(B)",
    ),
    Check(
        "work_tools_only",
        "Do you keep PHI out of personal e-mail, personal cloud drives and messaging apps?",
        3,
        "Use only the practice's systems for PHI; never forward it to personal e-mail or cloud storage.",
        "Access control, 45 CFR 164.312(a)(1); business associate contracts, 164.308(b)",
    ),
    Check(
        "report_incidents",
        "Do you know whom to call, at once, if a device is lost or you clicked a bad link?",
        2,
        "Save the security officer's number and report any incident at once, even a suspected one.",
        "Security incident procedures, 45 CFR 164.308(a)(6)(ii)",
    ),
)
CHECK_KEYS = tuple(c.key for c in CHECKS)


@dataclass(frozen=True)
class Audit:
    score: int  # 0-100, weighted share of checks passed
    fixes: tuple[Check, ...]  # failed checks, most important first

    @property
    def rating(self) -> str:
        if self.score == 100:
            return "ready for PHI"
        if self.score >= 80 and all(f.weight < 3 for f in self.fixes):
            return "nearly there"
        return "not ready for PHI"


def audit(answers: dict[str, bool]) -> Audit:
    """Score a setup from yes/no answers keyed by check key (a missing answer counts as "no")."""
    unknown = set(answers) - set(CHECK_KEYS)
    if unknown:
        raise KeyError(f"unknown checks: {sorted(unknown)}")
    total = sum(c.weight for c in CHECKS)
    passed = sum(c.weight for c in CHECKS if answers.get(c.key, False))
    fixes = sorted((c for c in CHECKS if not answers.get(c.key, False)), key=lambda c: -c.weight)
    return Audit(round(100 * passed / total), tuple(fixes))


def audit_report(answers: dict[str, bool]) -> str:
    """The audit in words: score, rating, then each fix with the rule behind it."""
    result = audit(answers)
    lines = [f"Score {result.score}/100: {result.rating}."]
    lines += [f"- Fix: {c.fix} Rule: {c.rule}." for c in result.fixes]
    return "\n".join(lines)
