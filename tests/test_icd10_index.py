"""The ICD-10-CM index: domain facts the course teaches, format rules, search ranking and the cache."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.coding.icd10 import format_code, get_index, is_valid_format, normalize
from course.coding.icd10 import index as index_module
from tests.support import ROOT


@pytest.fixture(scope="module")
def idx():
    return get_index()


@pytest.mark.parametrize("code", ["QA0", "C4A", "F32.A", "E11.A", "U07.1", "T45.0X1A", "W19.XXXA", "I10", "B20"])
def test_real_codes_are_valid(idx, code):
    assert idx.is_valid(code)
    assert idx.is_valid(code.lower().replace(".", ""))


@pytest.mark.parametrize("code", ["T45.01A", "W19.XXX", "I10.9", "E11.90", "4", "E08-E13", "", "E1.19", "E11."])
def test_non_codes_are_invalid(idx, code):
    assert not idx.is_valid(code)
    assert not idx.is_billable(code)


@pytest.mark.parametrize(
    ("code", "billable"),
    [
        ("E11", False),
        ("M54.5", False),
        ("S93.401", False),
        ("QA0", False),
        ("W19.XXXA", True),
        ("S93.401A", True),
        ("M54.50", True),
        ("F32.A", True),
        ("U07.1", True),
        ("Z23", True),
        ("I10", True),
    ],
)
def test_billable_status(idx, code, billable):
    assert idx.is_billable(code) is billable


def test_counts(idx):
    billable = idx.codes(billable_only=True)
    assert len(billable) == len(set(billable)) == 74_719
    assert sum(idx.billable_per_chapter().values()) == 74_719
    lengths = [len(c.replace(".", "")) for c in billable]
    assert [lengths.count(n) for n in (3, 4, 5, 6, 7)] == [214, 5398, 7143, 10479, 51485]
    assert list(idx.billable_per_chapter()) == [str(n) for n in range(1, 23)]


def test_descriptions_and_unknown_codes(idx):
    assert idx.description("e11.9") == "Type 2 diabetes mellitus without complications"
    assert idx.description("W19XXXA") == "Unspecified fall, initial encounter"
    assert idx.description("4").startswith("Endocrine, nutritional and metabolic diseases")
    with pytest.raises(KeyError):
        idx.description("E11.90")


def test_hierarchy_and_chapter(idx):
    chain = idx.hierarchy("s93.401a")
    assert [item for item, _ in chain] == ["19", "S90-S99", "S93", "S93.4", "S93.40", "S93.401", "S93.401A"]
    assert idx.chapter("QA0")[0] == "17"
    assert idx.chapter("U07.1") == ("22", idx.description("22"))
    assert idx.hierarchy("B20")[1][0] == "B20"  # the block that holds only category B20
    assert idx.children("W19") == ["W19.XXXA", "W19.XXXD", "W19.XXXS"]


def test_notes(idx):
    e11 = idx.notes("E11.9")
    assert any("(E10.-)" in note for note in e11["excludes1"])  # inherited from category E11
    assert any("E11.A" in note for note in e11["excludes1"])  # E11.9's own
    assert any("Z79.4" in note for note in e11["use_additional_code"])
    assert idx.notes("E11.9", inherited=False)["use_additional_code"] == []
    assert idx.notes("S93.401A")["seven_chr_def"] == ["A: initial encounter", "D: subsequent encounter", "S: sequela"]
    s52 = idx.seven_chr_def("S52.501")
    assert len(s52) == 16 and s52["A"].startswith("initial encounter for closed fracture")
    assert any("B95-B97" in note for note in idx.notes("N39.0")["use_additional_code"])
    assert set(idx.notes("I10")) >= {
        "excludes1",
        "excludes2",
        "includes",
        "inclusion_term",
        "code_first",
        "use_additional_code",
        "code_also",
        "seven_chr_def",
    }


def test_normalize_and_format():
    assert normalize(" e11.9 ") == "E119"
    assert format_code("s93401a") == "S93.401A"
    assert format_code("i10") == "I10"


@pytest.mark.parametrize(
    "code",
    [
        "QA0",
        "qa0",
        "C4A",
        "F32.A",
        "f32a",
        "E11.A",
        "U07.1",
        "T45.0X1A",
        "W19.XXXA",
        "A00",
        "Z99.89",
        " e11.9 ",
        "S93401A",
    ],
)
def test_format_accepts_real_shapes(code):
    assert is_valid_format(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "E",
        "E1",
        "1E11",
        "E11.",
        "E1.19",
        "E11..9",
        "E11.91234",
        "E119123A",
        "E 11",
        "E11-9",
        "E11.9!",
        "ABC",
        "11.9",
        ".E119",
        None,
        119,
    ],
)
def test_format_rejects_malformed(code):
    assert not is_valid_format(code)


def test_search_codes_first_then_words(idx):
    assert idx.search("E11")[0] == ("E11", idx.description("E11"))
    assert [code for code, _ in idx.search("s93.4", limit=3, billable_only=True)] == [
        "S93.401A",
        "S93.401D",
        "S93.401S",
    ]
    assert idx.search("covid")[0][0] == "U07.1"
    assert idx.search("low back pain", limit=3)[0][0] == "M54.5"
    assert idx.search("type 2 diabetes", billable_only=True, limit=50)
    for code, desc in idx.search("ankle sprain right", billable_only=True, limit=50):
        assert idx.is_billable(code)
        words = desc.lower()
        assert "ankle" in words and "sprain" in words and "right" in words, desc
    assert idx.search("") == [] and idx.search("zzzzqqq") == []
    narrowed = idx.search("e11 kidney", limit=10)
    assert narrowed and all(code.startswith("E11") and "kidney" in desc.lower() for code, desc in narrowed)
    assert idx.search("kidney E11", limit=10) == narrowed


def test_search_ranks_whole_words_above_word_starts(idx):
    results = idx.search("fracture femur", billable_only=True, limit=5)
    assert results and all("fracture" in d.lower() and "femur" in d.lower() for _, d in results)
    # "sprain" as a whole word beats words that only start with it (none here), and the prefix works:
    assert idx.search("spra ankle", limit=1)[0][1].lower().startswith("sprain")
    top = idx.search("hypertension", limit=3)
    assert top[0][1].lower().startswith("hypertension")


def test_cache_is_reused_rebuilt_when_stale_and_optional(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "cache_dirs", lambda: [tmp_path])
    files = index_module._build.locate()
    data = index_module.load_data(files)
    name = index_module.cache_name(files)
    assert (tmp_path / name).is_file()
    # A stale cache from another data edition is replaced, not used.
    (tmp_path / "icd10-index-v0-old.marshal").write_bytes(b"stale")
    stale_files = index_module._build.DataFiles(files.xml, files.code_list, "0.0-other")
    assert index_module.cache_name(stale_files) != name
    # A corrupt cache file is ignored and rebuilt.
    (tmp_path / name).write_bytes(b"not marshal")
    again = index_module.load_data(files)
    assert again["names"] == data["names"]
    assert index_module._read_cache(name) is not None
    assert not (tmp_path / "icd10-index-v0-old.marshal").exists()


def test_cache_key_follows_the_data_files_content(tmp_path):
    files = index_module._build.locate()
    copy = tmp_path / files.code_list.name
    copy.write_bytes(files.code_list.read_bytes())
    same = index_module._build.DataFiles(files.xml, copy, files.version)
    assert index_module.cache_name(same) == index_module.cache_name(files)
    copy.write_bytes(files.code_list.read_bytes() + b"Z999\n")  # an edited code list is a new edition
    assert index_module.cache_name(same) != index_module.cache_name(files)


def test_cache_in_a_folder_others_can_write_is_ignored(tmp_path, monkeypatch):
    files = index_module._build.locate()
    name = index_module.cache_name(files)
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setattr(index_module, "cache_dirs", lambda: [shared])
    (shared / name).write_bytes(marshal.dumps({"format": index_module.FORMAT, "planted": True}))
    shared.chmod(0o777)  # anyone could have planted that file
    assert index_module._read_cache(name) is None
    shared.chmod(0o755)
    assert index_module._read_cache(name) == {"format": index_module.FORMAT, "planted": True}


def test_prebuilt_shared_cache(tmp_path, monkeypatch, capsys):
    from course.coding.icd10.__main__ import main

    monkeypatch.setenv(index_module.CACHE_ENV, "")  # main() sets it; monkeypatch restores it afterwards
    assert main(["--cache-dir", str(tmp_path / "shared")]) == 0
    built = list((tmp_path / "shared").glob("icd10-index-*.marshal"))
    assert len(built) == 1 and built[0].stat().st_mode & 0o777 == 0o644
    assert str(built[0]) in capsys.readouterr().out


def test_unwritable_cache_still_works(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(index_module, "cache_dirs", lambda: [blocked / "sub"])
    data = index_module.load_data()
    assert index_module.Icd10Index(data).is_billable("E11.9")


def test_loading_does_not_import_simple_icd_10_cm():
    get_index()  # make sure the per-user cache exists
    code = (
        "import sys; from course.coding.icd10 import get_index; idx = get_index(); "
        "assert idx.is_billable('E11.9'); idx.search('asthma'); idx.notes('E11.9'); "
        "print('simple_icd_10_cm' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != index_module.CACHE_ENV}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False"


def test_no_copy_of_the_code_set_is_committed():
    big = [p for p in (ROOT / "course").rglob("*") if p.is_file() and p.stat().st_size > 1_000_000]
    assert big == [], f"large data files in course/: {big}"
    assert not list(Path(ROOT / "course").rglob("*.marshal"))
