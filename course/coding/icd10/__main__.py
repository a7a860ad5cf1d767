"""Build (or check) the cached ICD-10-CM index: `python -m course.coding.icd10 [--cache-dir DIR]`.

Students never need this: the index builds itself on first use (a few seconds). An instructor can
pre-build it, e.g. into a JupyterHub image, and point every user at it with COURSE_CACHE_DIR=DIR
(a folder only root can write to is trusted).
"""

from __future__ import annotations

import argparse
import os
import time

from course.coding.icd10 import index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.coding.icd10", description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", help="folder to write the cache to (default: the per-user cache)")
    args = parser.parse_args(argv)
    if args.cache_dir:
        os.environ[index.CACHE_ENV] = args.cache_dir
    files = index._build.locate()
    start = time.perf_counter()
    name = index.cache_name(files)
    if args.cache_dir:  # build afresh and write there
        data = index.load_data(files, use_cache=False)
        where = index._write_cache(name, data)
        if where is not None:  # shared by every user: readable by all, writable by its owner only
            where.chmod(0o644)
            where.parent.chmod(0o755)
    else:
        data = index.load_data(files)
        where = next((d / name for d in index.cache_dirs() if (d / name).is_file()), None)
    idx = index.Icd10Index(data)
    elapsed = time.perf_counter() - start
    print(f"ICD-10-CM index ready in {elapsed:.2f} s: {len(idx.codes(billable_only=True)):,} billable codes")
    print(f"data: simple-icd-10-cm {files.version}, {files.xml.name}")
    print(f"cache: {where or 'not writable anywhere (the index works from memory)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
