"""Build speed, memory and search latency, printed as figures (no pass/fail).

    .venv/bin/python benchmarks/bench_build.py [--copies 50]

Builds letters/ once, then the same letters copied N times (each copy made
distinct so the duplicate check lets it through), and times a few searches
on the result.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from jbz.database import write_database
from jbz.package import write_package
from jbz.pipeline import build_tables

ROOT = Path(__file__).resolve().parent.parent


def build(folder: Path, out: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    result = build_tables(folder)
    write_database(result.tables, out / "dist" / "jbz.db")
    write_package(result.tables, out)
    return time.perf_counter() - start, len(result.tables["letters"]), (out / "dist" / "jbz.db").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seconds, letters, size = build(ROOT / "letters", tmp / "one")
        print(f"letters/ ({letters} letters): {seconds:.2f} s, database {size / 1e6:.2f} MB")
        many = tmp / "many"
        many.mkdir()
        for i in range(args.copies):
            for p in sorted((ROOT / "letters").glob("*.txt")):
                text = p.read_text(encoding="utf-8")
                # shifted years and numbers keep every copy a distinct letter
                text = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + i), text)
                text = re.sub(r"\bNr\. (\d+)", lambda m: f"Nr. {m.group(1)}{i:02d}", text, count=1)
                (many / f"{i:03d}_{p.name}").write_text(text + f"\n\ncopy {i}\n", encoding="utf-8")
        seconds, letters, size = build(many, tmp / "many_out")
        print(f"{args.copies} copies ({letters} distinct letters): {seconds:.2f} s, {letters / seconds:.1f} letters/s, database {size / 1e6:.2f} MB")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        from sqlite_utils.utils import sqlite3

        conn = sqlite3.connect(str(tmp / "many_out" / "dist" / "jbz.db"))
        for q in ("terugkeer", "orientatie", "Frontex", "algemene oriëntatie"):
            start = time.perf_counter()
            n = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?", (f'"{q}"',)).fetchone()[0]
            print(f"search {q!r}: {n} paragraphs in {(time.perf_counter() - start) * 1000:.1f} ms")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
