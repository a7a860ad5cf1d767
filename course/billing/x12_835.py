"""The X12 835 remittance advice (005010X221A1): write one from `Remittance` objects, read one into tables.

Segments written: ISA/GS(HP)/ST; BPR (payment), TRN (check/EFT number), DTM*405; 1000A payer (N1*PR, N3, N4,
PER*BL); 1000B payee (N1*PE with the NPI); per claim 2000 LX, 2100 CLP, NM1*QC, claim-level CAS; per line
2110 SVC, DTM*472, CAS, AMT*B6 (allowed), LQ*HE (remark codes, RARCs); PLB provider-level adjustments; SE/GE/IEA.
The reader understands the same subset (CLP, CAS, SVC, DTM, AMT, LQ, PLB, BPR, TRN, N1) of any 835.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from course.billing.remittance import Adjustment, Remittance
from course.billing.x12_837p import SUB, Envelope, _isa, amount, clean, segment


def _cas_segments(adjustments: Sequence[Adjustment]) -> list[str]:
    """One CAS per group code, up to six (reason, amount, quantity) triplets each."""
    segs: list[str] = []
    groups: dict[str, list[Adjustment]] = {}
    for a in adjustments:
        if a.amount != 0:
            groups.setdefault(a.group, []).append(a)
    for group, adjs in groups.items():
        for i in range(0, len(adjs), 6):
            elems: list[str] = []
            for a in adjs[i : i + 6]:
                elems += [a.carc, amount(a.amount), ""]
            segs.append(segment("CAS", group, *elems))
    return segs


def _transaction(remit: Remittance, st_control: str) -> list[str]:
    total = remit.total_paid
    d = remit.paid_date.strftime("%Y%m%d")
    if total > 0:
        bpr = segment("BPR", "I", amount(total), "C", "CHK", *([""] * 11), d)
    else:
        bpr = segment("BPR", "H", amount(total), "C", "NON", *([""] * 11), d)
    segs = [
        segment("ST", "835", st_control),
        bpr,
        segment("TRN", "1", clean(remit.check_number, 50), "1000000001"),
        segment("DTM", "405", d),
        segment("N1", "PR", clean(remit.payer_name, 60)),
        segment("N3", "PO BOX 0100"),
        segment("N4", "SPRINGFIELD", "IL", "62701"),
        segment("PER", "BL", "PROVIDER SERVICES", "TE", "2175550150"),
        segment("N1", "PE", clean(remit.payee_name, 60), "XX", remit.payee_npi),
    ]
    if remit.claims:
        segs.append(segment("LX", "1"))
    for c in remit.claims:
        segs += [
            segment(
                "CLP",
                clean(c.claim_id, 38),
                c.status,
                amount(c.charge),
                amount(c.paid),
                amount(c.patient_responsibility),
                c.filing_indicator or "12",
                clean(c.payer_claim_id, 50),
                "11",
                "1",
            ),
            segment(
                "NM1",
                "QC",
                "1",
                clean(c.patient_last, 60),
                clean(c.patient_first, 35),
                "",
                "",
                "",
                "MI",
                clean(c.member_id, 80),
            ),
        ]
        for ln in c.lines:
            proc = SUB.join(["HC", clean(ln.code, 48), *(clean(m, 2) for m in ln.modifiers[:4])])
            segs += [
                segment("SVC", proc, amount(ln.charge), amount(ln.paid), "", ln.units),
                segment("DTM", "472", ln.service_date.strftime("%Y%m%d")),
                *_cas_segments(ln.adjustments),
                segment("AMT", "B6", amount(ln.allowed)),
                *(segment("LQ", "HE", clean(r, 30)) for r in ln.remarks),
            ]
    for p in remit.provider_adjustments:
        segs.append(
            segment(
                "PLB",
                remit.payee_npi,
                f"{remit.paid_date.year}1231",
                SUB.join((p.reason, clean(p.reference, 50))),
                amount(p.amount),
            )
        )
    segs.append(segment("SE", len(segs) + 1, st_control))
    return segs


def remittance_to_835(
    remits: Sequence[Remittance] | Remittance,
    *,
    sender: str = "PAYERDEMO",
    receiver: str = "COURSEDEMO",
    control_number: int = 1,
    when: datetime | None = None,
) -> str:
    """One 835 interchange holding one transaction (ST) per remittance."""
    if isinstance(remits, Remittance):
        remits = [remits]
    env = Envelope(sender=sender, receiver=receiver, control_number=control_number)
    when = when or datetime(2026, 11, 26, 12, 0)
    body: list[str] = []
    for i, r in enumerate(remits, start=1):
        body += _transaction(r, f"{i:04d}")
    gc = str(control_number)
    return "".join(
        [
            _isa(env, when),
            segment(
                "GS",
                "HP",
                clean(sender, 15),
                clean(receiver, 15),
                when.strftime("%Y%m%d"),
                when.strftime("%H%M"),
                gc,
                "X",
                "005010X221A1",
            ),
            *body,
            segment("GE", len(remits), gc),
            segment("IEA", 1, f"{control_number:09d}"),
        ]
    )


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Remit835:
    """The tables read from an 835: payments, claims, service lines, adjustments, provider adjustments."""

    payments: pd.DataFrame
    claims: pd.DataFrame
    services: pd.DataFrame
    adjustments: pd.DataFrame
    plb: pd.DataFrame


def _segments(text: str) -> list[list[str]]:
    text = text.lstrip()
    if not text.startswith("ISA") or len(text) < 106:
        raise ValueError("not an X12 interchange: it must start with a 106-character ISA segment")
    ele, sub, term = text[3], text[104], text[105]
    segs = [s.strip().split(ele) for s in text.split(term) if s.strip()]
    return [[e.replace(sub, ":") for e in s] for s in segs]


def _dec(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01")) if value else Decimal("0.00")


def _date(value: str) -> date | None:
    return datetime.strptime(value, "%Y%m%d").date() if value else None


def _get(seg: list[str], i: int) -> str:
    return seg[i] if i < len(seg) else ""


def read_835_tables(text: str) -> Remit835:
    """Parse an 835 into five DataFrames (money as Decimal to the cent)."""
    payments, claims, services, adjustments, plb = [], [], [], [], []
    check = payer = ""
    claim: dict | None = None
    line_no = 0
    for seg in _segments(text):
        sid = seg[0]
        if sid == "BPR":
            payments.append(
                {
                    "handling": _get(seg, 1),
                    "total_paid": _dec(_get(seg, 2)),
                    "method": _get(seg, 4),
                    "paid_date": _date(_get(seg, 16)),
                    "check_number": "",
                    "payer": "",
                }
            )
        elif sid == "TRN":
            check = _get(seg, 2)
            if payments:
                payments[-1]["check_number"] = check
        elif sid == "N1" and _get(seg, 1) == "PR":
            payer = _get(seg, 2)
            if payments:
                payments[-1]["payer"] = payer
        elif sid == "CLP":
            line_no = 0
            claim = {
                "claim_id": seg[1],
                "status": _get(seg, 2),
                "charge": _dec(_get(seg, 3)),
                "paid": _dec(_get(seg, 4)),
                "patient_responsibility": _dec(_get(seg, 5)),
                "payer_claim_id": _get(seg, 7),
                "check_number": check,
                "payer": payer,
                "patient": "",
                "member_id": "",
            }
            claims.append(claim)
        elif sid == "NM1" and _get(seg, 1) == "QC" and claim is not None:
            claim["patient"] = f"{_get(seg, 3)}, {_get(seg, 4)}".strip(", ")
            claim["member_id"] = _get(seg, 9)
        elif sid == "SVC" and claim is not None:
            line_no += 1
            proc = _get(seg, 1).split(":")
            services.append(
                {
                    "claim_id": claim["claim_id"],
                    "line": line_no,
                    "code": _get(proc, 1),
                    "modifiers": tuple(m for m in proc[2:] if m),
                    "charge": _dec(_get(seg, 2)),
                    "paid": _dec(_get(seg, 3)),
                    "units": int(_get(seg, 5) or 1),
                    "service_date": None,
                    "allowed": None,
                    "remarks": (),
                }
            )
        elif sid == "DTM" and _get(seg, 1) == "472" and services and claim is not None and line_no:
            services[-1]["service_date"] = _date(_get(seg, 2))
        elif sid == "AMT" and _get(seg, 1) == "B6" and services and line_no:
            services[-1]["allowed"] = _dec(_get(seg, 2))
        elif sid == "LQ" and _get(seg, 1) == "HE" and services and line_no:
            services[-1]["remarks"] += (_get(seg, 2),)
        elif sid == "CAS" and claim is not None:
            for i in range(2, len(seg), 3):
                if seg[i]:
                    adjustments.append(
                        {
                            "claim_id": claim["claim_id"],
                            "line": line_no,
                            "group": seg[1],
                            "carc": seg[i],
                            "amount": _dec(_get(seg, i + 1)),
                        }
                    )
        elif sid == "PLB":
            for i in range(3, len(seg) - 1, 2):
                reason, _, ref = seg[i].partition(":")
                plb.append(
                    {
                        "provider": seg[1],
                        "reason": reason,
                        "reference": ref,
                        "amount": _dec(seg[i + 1]),
                        "check_number": check,
                    }
                )
    return Remit835(
        pd.DataFrame(payments, columns=["handling", "total_paid", "method", "paid_date", "check_number", "payer"]),
        pd.DataFrame(
            claims,
            columns=[
                "claim_id",
                "status",
                "charge",
                "paid",
                "patient_responsibility",
                "payer_claim_id",
                "check_number",
                "payer",
                "patient",
                "member_id",
            ],
        ),
        pd.DataFrame(
            services,
            columns=[
                "claim_id",
                "line",
                "code",
                "modifiers",
                "charge",
                "paid",
                "units",
                "service_date",
                "allowed",
                "remarks",
            ],
        ),
        pd.DataFrame(adjustments, columns=["claim_id", "line", "group", "carc", "amount"]),
        pd.DataFrame(plb, columns=["provider", "reason", "reference", "amount", "check_number"]),
    )


READ_835_COLUMNS = [
    "claim_id",
    "status",
    "charge",
    "paid",
    "patient_responsibility",
    "line",
    "code",
    "line_charge",
    "line_paid",
    "group",
    "carc",
    "amount",
]


def read_835(text: str) -> pd.DataFrame:
    """One row per adjustment (claim level: line 0), plus one row for any claim or line without one.

    Columns: claim_id, status, charge, paid, patient_responsibility, line, code, line_charge, line_paid,
    group, carc, amount (group/carc/amount empty on rows without an adjustment).
    """
    t = read_835_tables(text)
    rows = []
    for c in t.claims.to_dict("records"):
        base = {k: c[k] for k in ("claim_id", "status", "charge", "paid", "patient_responsibility")}
        claim_adj = t.adjustments[t.adjustments["claim_id"] == c["claim_id"]]
        for a in claim_adj[claim_adj["line"] == 0].to_dict("records"):
            rows.append(
                {
                    **base,
                    "line": 0,
                    "code": "",
                    "line_charge": None,
                    "line_paid": None,
                    "group": a["group"],
                    "carc": a["carc"],
                    "amount": a["amount"],
                }
            )
        for s in t.services[t.services["claim_id"] == c["claim_id"]].to_dict("records"):
            line = {
                **base,
                "line": s["line"],
                "code": s["code"],
                "line_charge": s["charge"],
                "line_paid": s["paid"],
            }
            adjs = claim_adj[claim_adj["line"] == s["line"]].to_dict("records")
            if not adjs:
                rows.append({**line, "group": None, "carc": None, "amount": None})
            for a in adjs:
                rows.append({**line, "group": a["group"], "carc": a["carc"], "amount": a["amount"]})
        if t.services[t.services["claim_id"] == c["claim_id"]].empty and claim_adj.empty:
            rows.append(
                {
                    **base,
                    "line": 0,
                    "code": "",
                    "line_charge": None,
                    "line_paid": None,
                    "group": None,
                    "carc": None,
                    "amount": None,
                }
            )
    return pd.DataFrame(rows, columns=READ_835_COLUMNS)
