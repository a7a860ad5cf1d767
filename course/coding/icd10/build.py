"""Build the compact ICD-10-CM index from the CDC files that simple-icd-10-cm ships.

The files are found with `importlib.util.find_spec`, which locates the installed package WITHOUT
importing it (importing it, or asking `importlib.resources.files()` for it, would parse the whole
XML: ~2 s and ~190 MB). The tree is read with ElementTree following the same rules as
simple-icd-10-cm 1.5.0 (7th-character codes generated from `sevenChrDef`, kept only when listed in
the package's code list), so the two agree item for item (tests/test_icd10_agreement.py proves it).
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

PACKAGE = "simple_icd_10_cm"

# Item kinds, stored one byte per item.
CHAPTER, BLOCK, CATEGORY, SUBCATEGORY, EXTENDED = range(5)
KIND_NAMES = ("chapter", "block", "category", "subcategory", "extended subcategory")

# Note kinds kept per item, in the order the explorer shows them (XML tag -> key).
NOTE_TAGS = {
    "includes": "includes",
    "inclusionTerm": "inclusion_term",
    "excludes1": "excludes1",
    "excludes2": "excludes2",
    "codeFirst": "code_first",
    "useAdditionalCode": "use_additional_code",
    "codeAlso": "code_also",
    "notes": "notes",
}
NOTE_KEYS = tuple(NOTE_TAGS.values())

WIDTH = 7  # every item name without its dot fits in 7 characters ("A00-A09", "S93401A", "22")
TOKEN = re.compile(r"[a-z0-9]+")


class DataFiles(NamedTuple):
    """Where the installed package keeps its data, and what identifies this edition of it."""

    xml: Path
    code_list: Path
    version: str

    def fingerprint(self) -> str:
        """Package version + SHA-256 of both data files: a new or edited edition gives a new key."""
        digest = hashlib.sha256(self.version.encode())
        for path in (self.xml, self.code_list):
            digest.update(path.read_bytes())
        return digest.hexdigest()[:20]


def locate() -> DataFiles:
    """The XML tabular and the code list inside the installed simple-icd-10-cm (not imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed: pip install -r requirements.txt")
    pkg = Path(next(iter(spec.submodule_search_locations)))
    data = pkg / "data"
    xmls = sorted(data.glob("icd10c-tabular-*.xml"))
    lists = sorted(data.glob("code-list-*.txt"))
    if len(xmls) != 1 or len(lists) != 1:
        raise FileNotFoundError(f"expected one tabular XML and one code list in {data}")
    dist = sorted(pkg.parent.glob(f"{PACKAGE}-*.dist-info"))
    version = dist[-1].name.removeprefix(f"{PACKAGE}-").removesuffix(".dist-info") if dist else "unknown"
    return DataFiles(xml=xmls[0], code_list=lists[0], version=version)


def strip_dot(name: str) -> str:
    """'S93.401A' -> 'S93401A'; chapters and blocks are returned unchanged."""
    return name[:3] + name[4:] if len(name) > 4 and name[3] == "." else name


class _Builder:
    def __init__(self, confirmed: set[str]) -> None:
        self.confirmed = confirmed
        self.names: list[str] = []
        self.kinds = bytearray()
        self.parents = array("i")
        self.ends = array("I")
        self.descs: list[str] = []
        self.seven: dict[int, list[tuple[str, str]]] = {}  # item id -> [(char, meaning)]
        self.seven_note: dict[int, str] = {}
        self.notes: dict[int, dict[str, list[str]]] = {}

    def _add(self, name: str, kind: int, parent: int, desc: str) -> int:
        self.names.append(name)
        self.kinds.append(kind)
        self.parents.append(parent)
        self.ends.append(0)
        self.descs.append(desc)
        return len(self.names) - 1

    def node(self, elem: ET.Element, parent: int, seven_anc: int) -> None:
        if elem.tag == "chapter":
            kind = CHAPTER
        elif elem.tag == "section":
            kind = BLOCK
        else:
            kind = None  # decided from the name below
        name = elem.attrib.get("id", "")
        own_seven: list[tuple[str, str]] = []
        own_notes: dict[str, list[str]] = {}
        desc = ""
        children = []
        for sub in elem:
            tag = sub.tag
            if tag in ("section", "diag"):
                children.append(sub)
            elif tag == "name":
                name = sub.text or ""
            elif tag == "desc":
                desc = sub.text or ""
            elif tag in NOTE_TAGS:
                texts = [n.text for n in sub if n.text is not None]
                if texts:
                    own_notes.setdefault(NOTE_TAGS[tag], []).extend(texts)
            elif tag == "sevenChrDef":
                for ext in sub:
                    if ext.tag == "extension":
                        own_seven.append((ext.attrib["char"], ext.text or ""))
                    elif ext.tag == "note" and own_seven and ext.text is not None:
                        char, text = own_seven[-1]
                        own_seven[-1] = (char, text + "/" + ext.text)
            elif tag == "sevenChrNote" and len(sub) and sub[0].text is not None:
                own_notes.setdefault("seven_chr_note", []).append(sub[0].text)
        if kind is None:
            kind = CATEGORY if len(name) == 3 else SUBCATEGORY
        me = self._add(name, kind, parent, desc)
        if own_seven:
            self.seven[me] = own_seven
            seven_anc = me
        if own_notes:
            note = own_notes.pop("seven_chr_note", None)
            if note:
                self.seven_note[me] = note[0]
            if own_notes:
                self.notes[me] = own_notes
        for child in children:
            self.node(child, me, seven_anc)
        if not children and seven_anc >= 0:
            self._extend(me, name, desc, self.seven[seven_anc])
        self.ends[me] = len(self.names)

    def _extend(self, me: int, name: str, desc: str, seven: list[tuple[str, str]]) -> None:
        """Add the 7th-character codes of a leaf, with placeholder X, as the package does."""
        stem = name + "." if len(name) == 3 else name
        stem = stem.ljust(7, "X")
        for char, meaning in seven:
            if strip_dot(stem) + char in self.confirmed:
                ext = self._add(stem + char, EXTENDED, me, f"{desc}, {meaning}")
                self.ends[ext] = ext + 1


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers of a description, in order ('COVID-19' -> covid, 19)."""
    return TOKEN.findall(text.lower())


def build(files: DataFiles) -> dict:
    """Parse the CDC files into the plain-data form that `course.coding.icd10.index` loads (marshal-able)."""
    confirmed = {
        line.split(" ")[0].replace(".", "") for line in files.code_list.read_text(encoding="utf-8").split("\n")
    }
    import xml.etree.ElementTree as ET  # only needed when (re)building, not when loading the cache

    root = ET.fromstring(files.xml.read_bytes())
    builder = _Builder(confirmed)
    for elem in root:
        if elem.tag == "chapter":
            builder.node(elem, -1, -1)
    names = builder.names
    n = len(names)
    plain = [strip_dot(name) for name in names]
    if max(map(len, plain)) > WIDTH:
        raise ValueError("an item name is longer than the index's fixed width")
    code_ids = sorted((i for i in range(n) if builder.kinds[i] >= CATEGORY), key=plain.__getitem__)

    # Descriptions: one string and offsets, far smaller and faster to load than 98,505 str objects.
    offsets = array("I", [0])
    for desc in builder.descs:
        offsets.append(offsets[-1] + len(desc))

    # Inverted index over codes (not chapters/blocks): word -> sorted item ids.
    postings: dict[str, list[int]] = {}
    for i in code_ids:
        words = tokens(builder.descs[i])
        for word in dict.fromkeys(words):
            postings.setdefault(word, []).append(i)
    vocab = sorted(postings)
    word_id = {w: k for k, w in enumerate(vocab)}
    starts: list[list[int]] = [[] for _ in vocab]  # word -> ids whose description starts with it
    for i in sorted(code_ids):
        words = tokens(builder.descs[i])
        if words:
            starts[word_id[words[0]]].append(i)
    first_post = array("I")
    first_off = array("I", [0])
    for ids in starts:
        first_post.extend(ids)
        first_off.append(len(first_post))
    post = array("I")
    post_off = array("I", [0])
    for word in vocab:
        post.extend(sorted(postings[word]))
        post_off.append(len(post))

    # Static search rank: shorter description first (a 7th-character code counts its parent's, so
    # A/D/S stay together in tabular order), then tabular order.
    base = [len(builder.descs[builder.parents[i] if builder.kinds[i] == EXTENDED else i]) for i in range(n)]
    rank = array("I", [0]) * n
    for position, i in enumerate(sorted(range(n), key=lambda i: (base[i], i))):
        rank[i] = position

    leaf = bytes(1 if builder.kinds[i] >= CATEGORY and builder.ends[i] == i + 1 else 0 for i in range(n))
    return {
        "names": "".join(p.ljust(WIDTH) for p in plain),
        "kinds": bytes(builder.kinds),
        "leaf": leaf,
        "parents": builder.parents.tobytes(),
        "ends": builder.ends.tobytes(),
        "descs": "".join(builder.descs),
        "desc_off": offsets.tobytes(),
        "code_ids": array("I", code_ids).tobytes(),
        "vocab": "\n".join(vocab),
        "post": post.tobytes(),
        "post_off": post_off.tobytes(),
        "first_post": first_post.tobytes(),
        "first_off": first_off.tobytes(),
        "rank": rank.tobytes(),
        "seven": {i: tuple(v) for i, v in builder.seven.items()},
        "seven_note": builder.seven_note,
        "notes": {i: {k: tuple(v) for k, v in d.items()} for i, d in builder.notes.items()},
        "count": n,
    }
