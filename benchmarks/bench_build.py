"""Build speed, memory, database size and search latency, printed as figures
(no pass/fail; timings depend on the machine).

    .venv/bin/python benchmarks/bench_build.py [--copies 50]

Builds letters/ once, then the same letters copied N times into a temp
folder, each copy made a distinct letter (years shifted, Kamerstuk number or
Eerste Kamer letter code changed, a line added) so the duplicate checks let
it through. Each build runs in its own process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process: parse, database, package, each timed.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from jbz.database import write_database
from jbz.package import write_package
from jbz.pipeline import build_tables
letters, out = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
result = build_tables(letters)
t1 = time.perf_counter()
write_database(result.tables, out / "dist" / "jbz.db")
t2 = time.perf_counter()
write_package(result.tables, out)
t3 = time.perf_counter()
print(json.dumps({
    "letters": len(result.tables["letters"]), "rejected": len(result.errors),
    "rows": sum(len(rows) for rows in result.tables.values()),
    "parse_s": t1 - t0, "database_s": t2 - t1, "package_s": t3 - t2, "total_s": t3 - t0,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

SEARCHES = ("terugkeer", "orientatie", "Frontex", "algemene oriëntatie", "asiel- en migratiepact")


def build(letters: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(letters), str(out)], capture_output=True, text=True, check=True)
    figures = json.loads(proc.stdout)
    figures["db_mb"] = (out / "dist" / "jbz.db").stat().st_size / 1e6
    figures["csv_mb"] = sum(p.stat().st_size for p in (out / "data").glob("*.csv")) / 1e6
    return figures


def letter_code(i: int) -> str:
    return chr(ord("A") + i // 26 % 26) + chr(ord("A") + i % 26)


def distinct_copy(text: str, i: int) -> str:
    """The letter as another letter: years + i, a new number, one extra line."""
    text = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + i), text)
    text, numbered = re.subn(r"\bNr\. (\d+)", lambda m: f"Nr. {m.group(1)}{i:02d}", text, count=1)
    if not numbered:  # an Eerste Kamer letter: its code (QF) stands alone on a line
        text = re.sub(r"(?m)^[A-Z]{1,3}[ \t]*$", letter_code(i), text, count=1)
    return text + f"\n\ncopy {i}\n"


def print_build(label: str, f: dict) -> None:
    print(
        f"{label}: {f['letters']} letters ({f['rejected']} rejected), {f['rows']} rows; "
        f"{f['total_s']:.2f} s (parse {f['parse_s']:.2f}, database {f['database_s']:.2f}, package {f['package_s']:.2f}), "
        f"{f['letters'] / f['total_s']:.1f} letters/s; peak RSS {f['peak_rss_mb']:.0f} MB; "
        f"database {f['db_mb']:.2f} MB, CSV {f['csv_mb']:.2f} MB"
    )


def search_latency(db_path: Path) -> None:
    from sqlite_utils.utils import sqlite3

    conn = sqlite3.connect(str(db_path))
    for q in SEARCHES:
        # the query Datasette runs for ?_search= on paragraphs
        sql = (
            "select id, text from paragraphs where rowid in "
            "(select rowid from paragraphs_fts where paragraphs_fts match ?) order by id limit 51"
        )
        phrase = f'"{q}"'
        count = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?", (phrase,)).fetchone()[0]
        times = []
        for _ in range(7):
            start = time.perf_counter()
            conn.execute(sql, (phrase,)).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        print(f"  search {q!r}: {count} paragraphs, first page in {statistics.median(times):.1f} ms (median of 7)")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = build(ROOT / "letters", tmp / "one")
        print_build("letters/", one)
        search_latency(tmp / "one" / "dist" / "jbz.db")
        many = tmp / "many"
        many.mkdir()
        sources = sorted((ROOT / "letters").glob("*.txt"))
        for i in range(args.copies):
            for p in sources:
                (many / f"{i:03d}_{p.name}").write_text(distinct_copy(p.read_text(encoding="utf-8"), i), encoding="utf-8")
        big = build(many, tmp / "many_out")
        print_build(f"{args.copies} copies of letters/ ({args.copies * len(sources)} files)", big)
        search_latency(tmp / "many_out" / "dist" / "jbz.db")


if __name__ == "__main__":
    main()
