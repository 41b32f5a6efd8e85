"""Build speed, memory and size at N letters, beside physical baselines,
printed as a Markdown table (no pass/fail; figures depend on the machine and
on what else runs on it: the load average is printed with them).

    .venv/bin/python benchmarks/bench_build.py [--sizes 100 500 2000 10000] [--out benchmarks/results.md]

For each N: a corpus from benchmarks/corpus.py; a full build (`--full`) in its
own process (pool workers included in CPU and memory); an incremental build
after changing one letter and after adding one; and, in the same run, the
baselines: reading every file with one regex pass per line, and a raw
`executemany` of the same rows into an empty database without indexes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Corpus  # noqa: E402

# A build in a child process: timings of each step, CPU (self + pool workers), peak RSS.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from jbz.cli import build_info, write_all
from jbz.pipeline import parse_folder
letters, out, full = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "full"
t0 = time.perf_counter()
parsed = parse_folder(letters, cache_dir=out / "dist" / "cache", full=full)
steps = dict(parsed.timings)
written = write_all(parsed, out, build_info(list(parsed.links.letters.values()), parsed.errors), full=full)  # as jbz build
steps.update(written["timings"])
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "letters": len(parsed.links.letters), "rejected": len(parsed.errors), "parsed": parsed.parsed_files, "incremental": written["incremental"],
    "source_bytes": parsed.source_bytes, "wall": wall, "steps": steps,
    "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
    "rss_main_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024,
}))
"""

# Baseline 1: read every file and run one regex over each line.
READ = r"""
import re, sys, time
from pathlib import Path
t0 = time.perf_counter()
pattern = re.compile(r"\b(?:nr\.|Kamerstuk|COM\()", re.I)
n = 0
for p in sorted(Path(sys.argv[1]).iterdir()):
    for line in p.read_text(encoding="utf-8").splitlines():
        n += bool(pattern.search(line))
print(time.perf_counter() - t0)
"""

# Baseline 2: the same rows, raw executemany into an empty database (no indexes, no FTS).
LOAD = r"""
import sys, time
from pathlib import Path
from jbz.database import ddl, sqlite3
from jbz.schema import TABLES
src = sqlite3.connect(sys.argv[1])
dst_path = Path(sys.argv[2]); dst_path.unlink(missing_ok=True)
dst = sqlite3.connect(str(dst_path))
dst.execute("PRAGMA journal_mode = OFF"); dst.execute("PRAGMA synchronous = OFF")
spent = 0.0
for t in TABLES:
    dst.execute(ddl(t))
    cur = src.execute(f"SELECT * FROM [{t.name}]")
    sql = f"INSERT INTO [{t.name}] VALUES ({', '.join('?' for _ in t.columns)})"
    while True:
        rows = cur.fetchmany(20000)
        if not rows:
            break
        t0 = time.perf_counter(); dst.executemany(sql, rows); spent += time.perf_counter() - t0
t0 = time.perf_counter(); dst.commit(); spent += time.perf_counter() - t0
print(spent)
"""


def run(code: str, *args) -> str:
    env = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True, env=env).stdout


def sizes(db: Path) -> dict:
    """Database size, what the full-text indexes take (their segment blobs),
    the verbatim sources as stored (packed: jbz.sourcepack) and the paragraphs'
    text (bytes of the values), and
    the pages of each table and index (`dbstat`: Python's own sqlite3 has it,
    pysqlite3 does not; empty when neither does)."""
    import sqlite3 as stdlib_sqlite3

    from jbz.database import sqlite3

    conn = sqlite3.connect(str(db))

    def one(sql: str) -> float:
        return (conn.execute(sql).fetchone()[0] or 0) / 1e6

    fts = sum(one(f"select sum(length(block)) from [{name}]") for (name,) in conn.execute(
        "select name from sqlite_master where type = 'table' and name like '%\\_fts\\_data' escape '\\'").fetchall())
    out = {"db_mb": db.stat().st_size / 1e6, "fts_mb": fts,
           "letters_stored_mb": one("select sum(length(cast(text as blob))) from letters"),
           "paragraphs_text_mb": one("select sum(length(cast(text as blob))) from paragraphs")}
    conn.close()
    try:
        raw = stdlib_sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        out["objects_mb"] = {name: size / 1e6 for name, size in raw.execute(
            "select name, sum(pgsize) from dbstat group by name order by 2 desc, 1")}
        raw.close()
    except stdlib_sqlite3.Error:
        out["objects_mb"] = {}
    return out


def change_one(letters: Path) -> None:
    """Change one word in the middle of one letter (it stays a valid letter)."""
    path = sorted(letters.iterdir())[len(list(letters.iterdir())) // 2]
    text = path.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)
    path.write_text(text[:i] + " die " + text[i + 4:], encoding="utf-8")


def bench(n: int, corpus: Corpus, tmp: Path, keep: Path | None = None) -> dict:
    letters, out = tmp / f"letters-{n}", tmp / f"out-{n}"
    corpus.write(n, letters)
    read_s = float(run(READ, letters))
    full = json.loads(run(CHILD, letters, out, "full"))
    full.update(sizes(out / "dist" / "jbz.db"))
    full["csv_mb"] = sum(p.stat().st_size for p in (out / "data").glob("*.csv")) / 1e6
    full["load_s"] = float(run(LOAD, out / "dist" / "jbz.db", tmp / "raw.db"))
    (tmp / "raw.db").unlink(missing_ok=True)
    change_one(letters)
    full["incremental_change"] = json.loads(run(CHILD, letters, out, "cached"))
    (letters / corpus.name(n)).write_text(corpus.letter(n), encoding="utf-8")
    full["incremental_add"] = json.loads(run(CHILD, letters, out, "cached"))
    full["read_s"] = read_s
    if keep is not None:  # e.g. for benchmarks/bench_serve.py
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        shutil.move(str(letters), keep / "letters")
        shutil.move(str(out), keep / "out")
    else:
        shutil.rmtree(letters)
        shutil.rmtree(out)
    return full


STEPS = ("parse", "checks", "link", "db_load", "db_indexes", "db_fts", "db_summaries", "db_check", "db_vacuum", "csv")
# an incremental build's steps (jbz.incremental); each also as CPU seconds of the main process (cpu_<step>)
INCREMENTAL_STEPS = ("parse", "link", "plan", "db_copy", "db_rows", "db_terms", "db_summaries", "db_check", "db_analyze", "csv_wait", "inspect")


def table(results: list[dict]) -> str:
    lines = [
        "| N | wall s | CPU s | peak MB (main / worker) | ms/letter | MB/s source | source MB | DB MB | FTS MB | DB / source | CSV MB "
        "| read+regex s (wall ÷) | raw executemany s (load ÷) | incremental: 1 changed s (parsed) | 1 added s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        src = r["source_bytes"] / 1e6
        ic, ia = r["incremental_change"], r["incremental_add"]
        lines.append(
            f"| {r['letters']:,} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss_main_mb']:.0f} / {r['rss_worker_mb']:.0f} "
            f"| {1000 * r['wall'] / r['letters']:.1f} | {src / r['wall']:.2f} | {src:.1f} | {r['db_mb']:.1f} | {r['fts_mb']:.1f} "
            f"| {r['db_mb'] / src:.2f} | {r['csv_mb']:.1f} | {r['read_s']:.2f} ({r['wall'] / r['read_s']:.0f}×) "
            f"| {r['load_s']:.2f} ({r['steps']['db_load'] / r['load_s']:.1f}×) | {ic['wall']:.1f} ({ic['parsed']}) | {ia['wall']:.1f} |"
        )
    lines += ["", "Share of each step in the full build's wall time:", "",
              "| N | " + " | ".join(STEPS) + " |", "|---:|" + "---:|" * len(STEPS)]
    for r in results:
        lines.append(f"| {r['letters']:,} | " + " | ".join(f"{100 * r['steps'].get(s, 0) / r['wall']:.0f} %" for s in STEPS) + " |")
    for key, what in (("incremental_change", "changing one letter"), ("incremental_add", "adding one letter")):
        lines += ["", f"Incremental build after {what}: wall s / CPU s of the main process per step (the CSVs are "
                  "spliced in a second process: `csv` is its CPU s); the whole build's CPU includes every process:", "",
                  "| N | wall s | CPU s | " + " | ".join(INCREMENTAL_STEPS) + " | csv |", "|---:|---:|---:|" + "---:|" * (len(INCREMENTAL_STEPS) + 1)]
        for r in results:
            ic = r[key]
            cells = [f"{ic['steps'].get(s, 0):.2f} / {ic['steps'].get('cpu_' + s, 0):.2f}" for s in INCREMENTAL_STEPS]
            lines.append(f"| {r['letters']:,} | {ic['wall']:.2f} | {ic['cpu']:.2f} | " + " | ".join(cells) + f" | {ic['steps'].get('cpu_csv', 0):.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file (appended)")
    parser.add_argument("--tmp", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", type=Path, help="keep the letters and outputs of the last size here (letters/, out/)")
    args = parser.parse_args()
    corpus = Corpus()
    results = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for n in args.sizes:
            load_before = os.getloadavg()[0]
            r = bench(n, corpus, Path(tmp), args.keep if n == args.sizes[-1] else None)
            r["load"] = (load_before, os.getloadavg()[0])
            results.append(r)
            print(f"N={n}: {json.dumps(r)}", file=sys.stderr, flush=True)
    text = table(results)
    loads = ", ".join(f"N={r['letters']}: {r['load'][0]:.1f} → {r['load'][1]:.1f}" for r in results)
    header = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores "
              f"with Python {sys.version.split()[0]} ({interpreter()}) "
              f"(load average before → after each size: {loads}).\n")
    print(header + "\n" + text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as f:
            f.write("\n" + header + "\n" + text + "\n")


def interpreter() -> str:
    """The interpreter the builds ran on (the figures depend on how it was built: see the
    Makefile): its base, and whether libpython is linked into the executable or a shared library."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            shared = any("libpython" in line for line in maps)
    except OSError:
        return sys.base_prefix
    return f"{sys.base_prefix}, libpython {'shared' if shared else 'linked in'}"


if __name__ == "__main__":
    main()
