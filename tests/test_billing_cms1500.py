"""The CMS-1500 view of a claim and the 837P segment table line up with the claim."""

from __future__ import annotations

from course.billing.cms1500 import cms1500_rows, segment_table
from course.synthetic import practice


def test_segment_table_describes_every_segment_of_a_practice_claim():
    p = practice()
    claim = next(c for c in p.claims if len(c.diagnoses) > 1 and c.rendering_provider is not None)
    df = segment_table(p.claim_837p(claim.claim_id))
    assert "?" not in set(df["loop"]), df[df["loop"] == "?"]
    by_segment = dict(zip(df["segment"].str.split("*").str[0] + df["loop"], df["cms1500_item"], strict=False))
    assert by_segment["HI2300"].startswith("21")
    assert by_segment["NM12010AA"] == "33, 33a"
    assert by_segment["N32010BA"] == "5, 7"
    assert df["segment"].iloc[0].startswith("ISA") and df["segment"].iloc[-1].startswith("IEA")


def test_cms1500_rows():
    p = practice()
    claim = p.claims[0]
    df = cms1500_rows(claim).set_index("item")
    assert df.loc["28", "value"] == f"{claim.total_charge:.2f}"
    assert df.loc["21A", "value"] == claim.diagnoses[0].replace(".", "")
    assert df.loc["33a", "value"] == p.billing_provider.npi
    assert df.loc["24E/1", "value"][0] == "A"
