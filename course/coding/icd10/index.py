"""A fast, compact ICD-10-CM index: validity, billable status, descriptions, hierarchy, notes, search.

Built once from the data simple-icd-10-cm ships (see `course.coding.icd10.build`) and cached in a per-user
cache folder as one `marshal` file; later loads read that file (tens of milliseconds, ~30 MB)
instead of importing simple_icd_10_cm (~2 s, ~190 MB), which this module never imports.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import mmap
import os
import sys
import tempfile
from bisect import bisect_left
from pathlib import Path

from course.coding.icd10 import build as _build
from course.coding.icd10.build import (
    BLOCK,
    CATEGORY,
    CHAPTER,
    KIND_NAMES,
    NOTE_KEYS,
    WIDTH,
    DataFiles,
    tokens,
)

FORMAT = 3  # bump when the cached layout changes
CACHE_ENV = "COURSE_CACHE_DIR"


def normalize(code: str) -> str:
    """A code as the index stores it: surrounding spaces removed, upper case, no dot ('e11.9 ' -> 'E119')."""
    return code.strip().upper().replace(".", "")


def format_code(code: str) -> str:
    """A code as people write it: upper case, with the dot after the 3rd character when longer ('e119' -> 'E11.9')."""
    plain = normalize(code)
    return plain[:3] + "." + plain[3:] if len(plain) > 3 else plain


def _dot_ok(code: str) -> bool:
    """A dot is allowed only once, after the 3rd character and before a 4th."""
    text = code.strip()
    return "." not in text or (text.count(".") == 1 and text.index(".") == 3 and len(text) > 4)


def cache_dirs() -> list[Path]:
    """Where the index may be cached, first choice first (the last one always exists: the temp folder)."""
    dirs = []
    if os.environ.get(CACHE_ENV):
        dirs.append(Path(os.environ[CACHE_ENV]))
    if os.environ.get("XDG_CACHE_HOME"):
        dirs.append(Path(os.environ["XDG_CACHE_HOME"]) / "medical-coding-course")
    with contextlib.suppress(RuntimeError):  # no home directory (e.g. a grading sandbox)
        dirs.append(Path.home() / ".cache" / "medical-coding-course")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    dirs.append(Path(tempfile.gettempdir()) / f"medical-coding-course-{uid}")
    return dirs


def cache_name(files: DataFiles) -> str:
    """The cache file's name: format, Python's marshal version, package version and data hash."""
    py = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    return f"icd10-index-v{FORMAT}-{py}-{files.version}-{files.fingerprint()}.marshal"


def _trusted(folder: Path) -> bool:
    """Read a cache only from a folder that nobody but this user (or root) can write to.

    The temp folder is shared, so a planted file must not be loaded; a root-owned, read-only folder
    (e.g. one pre-built into a JupyterHub image, see `python -m course.coding.icd10 --help`) is fine.
    """
    if not hasattr(os, "getuid"):
        return True
    try:
        st = folder.stat()
    except OSError:
        return False
    return st.st_uid in (os.getuid(), 0) and not st.st_mode & 0o022


def _read_cache(name: str) -> dict | None:
    for folder in cache_dirs():
        path = folder / name
        if not _trusted(folder):
            continue
        try:  # marshal.loads over a read-only map: no second copy of the file in memory
            with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                data = marshal.loads(mapped)
        except (OSError, EOFError, ValueError, TypeError):
            continue
        if isinstance(data, dict) and data.get("format") == FORMAT:
            return data
    return None


def _write_cache(name: str, data: dict) -> Path | None:
    """Write atomically to the first writable cache folder; None if none is writable (still works)."""
    blob = marshal.dumps(data)
    for folder in cache_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _trusted(folder):  # it would never be read back
                continue
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".icd10-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / name)
            for stale in folder.glob("icd10-index-*.marshal"):
                if stale.name != name:
                    stale.unlink(missing_ok=True)
            return folder / name
        except OSError:
            continue
    return None


def load_data(files: DataFiles | None = None, *, use_cache: bool = True) -> dict:
    """The index data: from the cache when it is fresh, else built from the package's files (and cached)."""
    files = files or _build.locate()
    name = cache_name(files)
    if use_cache:
        data = _read_cache(name)
        if data is not None:
            return data
    data = _build.build(files)
    data["notes"] = marshal.dumps(data["notes"])  # decoded on first use only
    data["format"] = FORMAT
    data["source"] = {"version": files.version, "xml": files.xml.name, "code_list": files.code_list.name}
    if use_cache:
        _write_cache(name, data)
    return data


class Icd10Index:
    """The ICD-10-CM code set (the FY2026 edition simple-icd-10-cm bundles), loaded from a compact cache.

    "Code" means a category, subcategory or 7th-character code (E11, E11.9, S93.401A), never a chapter
    ("4") or a block ("E08-E13"): those are items of the hierarchy, not codes anyone reports.
    Every method accepts a code in any case, with or without the dot.
    """

    def __init__(self, data: dict) -> None:
        self._n = n = data["count"]
        self._names: str = data["names"]
        self._kinds: bytes = data["kinds"]
        self._leaf: bytes = data["leaf"]
        self._parents = _arr("i", data["parents"])
        self._ends = _arr("I", data["ends"])
        self._descs: str = data["descs"]
        self._desc_off = _arr("I", data["desc_off"])
        self._code_ids = _arr("I", data["code_ids"])  # code item ids sorted by plain code
        self._vocab: list[str] = data["vocab"].split("\n")
        self._post = _arr("I", data["post"])
        self._post_off = _arr("I", data["post_off"])
        self._first_post = _arr("I", data["first_post"])  # word -> ids whose description starts with it
        self._first_off = _arr("I", data["first_off"])
        self._headers: set[int] | None = None  # non-billable code ids, built on first billable-only search
        self._rank = _arr("I", data["rank"])  # tie-break: shorter base description, then tabular order
        self._seven: dict[int, tuple] = data["seven"]
        self._seven_note: dict[int, str] = data["seven_note"]
        self._notes_blob: bytes = data["notes"]
        self._notes: dict | None = None
        self.source: dict = data.get("source", {})
        self._chapters = {self._plain(i): i for i in range(n) if self._kinds[i] == CHAPTER}
        self._blocks = {self._plain(i): i for i in range(n) if self._kinds[i] == BLOCK}
        self._word_ids = {w: k for k, w in enumerate(self._vocab)}

    # -- items -------------------------------------------------------------------------------------
    def _plain(self, i: int) -> str:
        return self._names[i * WIDTH : i * WIDTH + WIDTH].rstrip()

    def _display(self, i: int) -> str:
        plain = self._plain(i)
        if self._kinds[i] >= CATEGORY and len(plain) > 3:
            return plain[:3] + "." + plain[3:]
        return plain

    def _desc(self, i: int) -> str:
        return self._descs[self._desc_off[i] : self._desc_off[i + 1]]

    def _sorted_code(self, k: int) -> str:
        return self._plain(self._code_ids[k])

    def _code_id(self, code: str) -> int | None:
        if not isinstance(code, str) or not _dot_ok(code):
            return None
        plain = normalize(code)
        if not 3 <= len(plain) <= WIDTH:
            return None
        k = bisect_left(range(len(self._code_ids)), plain, key=self._sorted_code)
        if k < len(self._code_ids) and self._sorted_code(k) == plain:
            return self._code_ids[k]
        return None

    def _item_id(self, item: str) -> int | None:
        i = self._code_id(item)
        if i is None:
            text = item.strip().upper() if isinstance(item, str) else ""
            i = self._chapters.get(text, self._blocks.get(text))
        return i

    def _require(self, item: str) -> int:
        i = self._item_id(item)
        if i is None:
            raise KeyError(f"{item!r} is not an ICD-10-CM code in this edition")
        return i

    # -- the public API ----------------------------------------------------------------------------
    normalize = staticmethod(normalize)
    format_code = staticmethod(format_code)

    def __len__(self) -> int:
        return self._n

    def is_valid(self, code: str) -> bool:
        """True for an existing code (category, subcategory or 7th-character code); False for chapters and blocks."""
        return self._code_id(code) is not None

    def is_billable(self, code: str) -> bool:
        """True when the code is valid and has no children (a "leaf": all required characters present)."""
        i = self._code_id(code)
        return i is not None and bool(self._leaf[i])

    def kind(self, item: str) -> str:
        """'chapter', 'block', 'category', 'subcategory' or 'extended subcategory' (a 7th-character code)."""
        return KIND_NAMES[self._kinds[self._require(item)]]

    def description(self, item: str) -> str:
        """The official description of a code (or of a chapter "4" or block "E08-E13"); KeyError if unknown."""
        return self._desc(self._require(item))

    def hierarchy(self, item: str) -> list[tuple[str, str]]:
        """[(id, description)] from the chapter down to the item itself: chapter, block, category, ..., code."""
        i = self._require(item)
        chain = []
        while i >= 0:
            chain.append((self._display(i), self._desc(i)))
            i = self._parents[i]
        return chain[::-1]

    def chapter(self, item: str) -> tuple[str, str]:
        """(chapter number, chapter description), e.g. ('4', 'Endocrine, nutritional and metabolic diseases (E00-E89)')."""
        return self.hierarchy(item)[0]

    def parent(self, item: str) -> str | None:
        """The item just above (a code, a block or a chapter), or None for a chapter."""
        p = self._parents[self._require(item)]
        return self._display(p) if p >= 0 else None

    def children(self, item: str) -> list[str]:
        """The items directly below, in tabular order."""
        i = self._require(item)
        out, j, end = [], i + 1, self._ends[i]
        while j < end:
            out.append(self._display(j))
            j = self._ends[j]
        return out

    def codes(self, billable_only: bool = False) -> list[str]:
        """Every code (with dots) in tabular order; only billable ones if asked."""
        return [
            self._display(i)
            for i in range(self._n)
            if self._kinds[i] >= CATEGORY and (self._leaf[i] or not billable_only)
        ]

    def seven_chr_def(self, code: str) -> dict[str, str]:
        """The 7th characters that apply to a code, from the nearest item (itself or above) defining them."""
        i = self._require(code)
        while i >= 0:
            if i in self._seven:
                return dict(self._seven[i])
            i = self._parents[i]
        return {}

    def notes(self, code: str, inherited: bool = True) -> dict[str, list[str]]:
        """Instructional notes of a code: excludes1, excludes2, includes, inclusion_term, code_first,
        use_additional_code, code_also, notes, seven_chr_def ("A: initial encounter", nearest ancestor
        defining them) and seven_chr_note.

        With `inherited` (the default), the list notes also include those of the code's ancestors up to its
        category (a category's Excludes1 applies to every code in it); inclusion terms are the code's own.
        Chapter and block notes are not inherited here: see `hierarchy()` and `notes()` of the block.
        """
        i = self._require(code)
        if self._notes is None:
            self._notes = marshal.loads(self._notes_blob)
        out: dict[str, list[str]] = {key: [] for key in NOTE_KEYS}
        chain = [i]
        if inherited and self._kinds[i] >= CATEGORY:
            p = self._parents[i]
            while p >= 0 and self._kinds[p] >= CATEGORY:
                chain.append(p)
                p = self._parents[p]
        for depth, j in enumerate(chain):
            for key, texts in self._notes.get(j, {}).items():
                if key == "inclusion_term" and depth > 0:
                    continue
                out[key].extend(texts)
        out["seven_chr_def"] = [f"{char}: {text}" for char, text in self.seven_chr_def(code).items()]
        note, j = [], i
        while j >= 0 and not note:
            if j in self._seven_note:
                note = [self._seven_note[j]]
            j = self._parents[j]
        out["seven_chr_note"] = note
        return out

    def has_prefix(self, prefix: str) -> bool:
        """True when some code starts with `prefix` (any case, dot optional): 'W19X' yes, 'W19Z' no."""
        plain = normalize(prefix)
        return bool(plain) and bool(self._code_prefix(plain, 1, False))

    def billable_per_chapter(self) -> dict[str, int]:
        """Number of billable codes in each chapter, keyed by chapter number ('1' ... '22'), in tabular order."""
        counts: dict[str, int] = {}
        for chap, i in self._chapters.items():
            counts[chap] = sum(self._leaf[i : self._ends[i]])
        return counts

    # -- search ------------------------------------------------------------------------------------
    def _code_prefix(self, plain: str, limit: int, billable_only: bool) -> list[int]:
        keys = range(len(self._code_ids))
        k = bisect_left(keys, plain, key=self._sorted_code)
        out = []
        while k < len(self._code_ids) and len(out) < limit:
            i = self._code_ids[k]
            if not self._plain(i).startswith(plain):
                break
            if self._leaf[i] or not billable_only:
                out.append(i)
            k += 1
        return out

    def _word_ranges(self, word: str) -> tuple[slice | None, list[slice]]:
        """Posting ranges of a query word: (its own word, or None; every word starting with it, 3+ letters)."""
        off = self._post_off
        k = self._word_ids.get(word)
        exact = slice(off[k], off[k + 1]) if k is not None else None
        if len(word) < 3:
            return exact, [exact] if exact else []
        lo = bisect_left(self._vocab, word)
        hi = bisect_left(self._vocab, word + "\x7f", lo)
        return exact, [slice(off[w], off[w + 1]) for w in range(lo, hi)]

    def search(self, query: str, limit: int = 20, billable_only: bool = False) -> list[tuple[str, str]]:
        """Codes matching a query, best first, as (code, description).

        Ranking: the exact code, then codes starting with the query ("E11", "s93.4"); then codes whose
        description contains every query word (a word may be the start of a longer one: "fract"),
        those with whole-word matches first, then those whose description starts with a query word,
        then shorter (more general) descriptions. A code of 3+ characters among words narrows the
        search to the codes under it ("E11 kidney").
        """
        if limit <= 0 or not isinstance(query, str) or not query.strip():
            return []
        found: list[int] = []
        plain = normalize(query)
        if plain[:1].isalpha() and plain.isalnum() and len(plain) <= WIDTH:
            found = self._code_prefix(plain, limit, billable_only)
        parts = query.split()
        codes = [normalize(p) for p in parts if _code_like(p) and self.has_prefix(p)]
        if codes and len(codes) < len(parts):
            words = list(dict.fromkeys(tokens(" ".join(p for p in parts if normalize(p) not in codes))))
            within = self._under(codes)
            found = self._rank_words(words, limit, billable_only, exclude=set(), within=within) if words else []
            if found:
                return [(self._display(i), self._desc(i)) for i in found]
        words = list(dict.fromkeys(tokens(query)))
        if len(found) < limit and words:
            found += self._rank_words(words, limit - len(found), billable_only, exclude=set(found))
        return [(self._display(i), self._desc(i)) for i in found]

    def _under(self, prefixes: list[str]) -> set[int]:
        """Ids of the codes starting with every one of `prefixes` (plain codes)."""
        keys = range(len(self._code_ids))
        out: set[int] | None = None
        for plain in prefixes:
            lo = bisect_left(keys, plain, key=self._sorted_code)
            hi = bisect_left(keys, plain + "\x7f", lo, key=self._sorted_code)
            ids = set(self._code_ids[lo:hi])
            out = ids if out is None else out & ids
        return out or set()

    def _header_ids(self) -> set[int]:
        if self._headers is None:
            self._headers = {i for i in range(self._n) if not self._leaf[i]}
        return self._headers

    def _rank_words(
        self, words: list[str], limit: int, billable_only: bool, exclude: set[int], within: set[int] | None = None
    ) -> list[int]:
        """Ids matching every word, ranked by set operations and a C-level key (no Python loop per match)."""
        post = self._post
        ranges = [self._word_ranges(w) for w in words]
        ranges.sort(key=lambda r: sum(s.stop - s.start for s in r[1]))
        candidates: set[int] = set()
        for part in ranges[0][1]:
            candidates.update(post[part])
        for _, parts in ranges[1:]:
            kept: set[int] = set()
            for part in parts:
                kept |= candidates.intersection(post[part])
            candidates = kept
        if within is not None:
            candidates &= within
        if billable_only:
            candidates -= self._header_ids()
        candidates -= exclude
        if not candidates:
            return []
        whole = candidates  # every query word present as a whole word
        for exact, parts in ranges:
            if not (len(parts) == 1 and parts[0] == exact):
                whole = whole.intersection(post[exact]) if exact else set()
        starters: set[int] = set()  # the description starts with one of the query words
        for word in words:
            k = self._word_ids.get(word)
            if k is not None:
                starters |= candidates.intersection(self._first_post[self._first_off[k] : self._first_off[k + 1]])
        rest = candidates - whole
        out: list[int] = []
        for group in (whole & starters, whole - starters, rest & starters, rest - starters):
            if len(out) >= limit:
                break
            out += heapq.nsmallest(limit - len(out), group, key=self._rank.__getitem__)
        return out


def _code_like(word: str) -> bool:
    """A word typed as a code (prefix) of 3+ characters: 'E11', 's93.4', 'QA0'."""
    plain = normalize(word)
    return 3 <= len(plain) <= WIDTH and plain[0].isalpha() and plain.isalnum() and _dot_ok(word)


def _arr(typecode: str, raw: bytes) -> memoryview:
    """A read-only typed view of the cached bytes, without copying them."""
    return memoryview(raw).cast(typecode)


_INDEX: Icd10Index | None = None


def get_index() -> Icd10Index:
    """The shared index, loaded (or built and cached) on first use."""
    global _INDEX
    if _INDEX is None:
        _INDEX = Icd10Index(load_data())
    return _INDEX
