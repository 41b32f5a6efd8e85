"""Serving on a big corpus: each page's latency through Datasette (served as
`make serve` does) beside the same SQL run in-process, as a Markdown table.

    .venv/bin/python benchmarks/bench_serve.py OUT [--port 8501] [--repeat 10]

OUT is a build's output folder (OUT/dist/jbz.db, e.g. from
`benchmarks/bench_build.py --keep DIR`, then DIR/out). Each page is requested
`--repeat` times after one warm-up request; p50 and p95 of those, and the
first (cold) request, are printed. A page is flagged when its p50 is over
500 ms or over 3x its in-process SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def fetch(url: str) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, len(body), time.perf_counter() - t0


def in_process(db: Path, sql: str, params: dict, repeat: int, limit: int = 2001) -> float:
    from jbz.database import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        conn.execute(sql, params).fetchmany(limit)
        times.append(time.perf_counter() - t0)
    conn.close()
    return statistics.median(times)


def pages(db: Path) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(label, path, [(sql, params) run in-process for the same answer])."""
    from jbz import queries as Q
    from jbz.database import sqlite3

    conn = sqlite3.connect(str(db))
    rare = conn.execute("select nummer from letters where nummer is not null order by id limit 1").fetchone()[0]
    conn.close()
    out = [
        ("home page", "/", [("select count(*) from letters", {})]),
        ("agenda_items table with facets", "/jbz/agenda_items", [
            ("select * from agenda_items order by id limit 51", {}),
            *[(f"select [{c}], count(*) from agenda_items group by 1 order by 2 desc limit 31", {}) for c in ("meeting_id", "section", "decision_type", "doc_kind")],
        ]),
        ("facet click (section = Justitie)", "/jbz/agenda_items?section=Justitie", [
            ("select * from agenda_items where section = 'Justitie' order by id limit 51", {}),
        ]),
        ("paragraphs table with facets", "/jbz/paragraphs", [
            ("select * from paragraphs order by id limit 51", {}),
            *[(f"select [{c}], count(*) from paragraphs group by 1 order by 2 desc limit 31", {}) for c in ("part", "kind", "letter_id")],
        ]),
        ("table search, frequent (Commissie)", "/jbz/paragraphs?_search=Commissie", [
            ("select * from paragraphs where rowid in (select rowid from paragraphs_fts where paragraphs_fts match '\"Commissie\"') order by id limit 51", {}),
        ]),
        (f"table search, rare ({rare})", f"/jbz/paragraphs?_search={rare}", [
            (f"select * from paragraphs where rowid in (select rowid from paragraphs_fts where paragraphs_fts match '\"{rare}\"') order by id limit 51", {}),
        ]),
    ]
    for q in Q.QUERIES:
        params = {p: "" for p in q.params} if hasattr(q, "params") else {}
        if q.name == "search_letters":
            for term in ("Commissie", rare):
                out.append((f"search_letters q={term}", f"/jbz/search_letters?q={term}&letter=", [(q.sql, {**params, "q": term, "letter": ""})]))
            continue
        label = f"{'chart ' if getattr(q, 'chart', None) else 'query '}{q.name}"
        qs = "&".join(f"{p}=" for p in params)
        out.append((label, f"/jbz/{q.name}" + (f"?{qs}" if qs else ""), [(q.sql, params)]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    db = args.out / "dist" / "jbz.db"
    from jbz import site

    site.write_site_files(args.out)
    inspect = args.out / "dist" / "inspect.json"
    if not inspect.exists():
        subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect)], check=True)
    cmd = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--inspect-file", str(inspect),
           "--metadata", str(args.out / "metadata.yml"), "--plugins-dir", str(ROOT / "plugins"), "--template-dir", str(ROOT / "templates"),
           *site.serve_settings_args(), "--host", "127.0.0.1", "--port", str(args.port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        rows = []
        for label, path, sqls in pages(db):
            status, size, cold = fetch(base + path)
            times = [fetch(base + path)[2] for _ in range(args.repeat)]
            sql_s = sum(in_process(db, sql, params, 3) for sql, params in sqls)
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            flag = "**slow**" if p50 > 0.5 or (p50 > 3 * sql_s and p50 > 0.05) else ""
            rows.append(f"| {label} | {status} | {size / 1e3:.0f} | {1000 * cold:.0f} | {1000 * p50:.0f} | {1000 * p95:.0f} | {1000 * sql_s:.0f} | {p50 / max(sql_s, 1e-4):.1f} | {flag} |")
            print(rows[-1], file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    import sqlite3 as _s  # noqa: F401

    letters = subprocess.run([sys.executable, "-c", f"from jbz.database import sqlite3; print(sqlite3.connect('{db}').execute('select count(*) from letters').fetchone()[0])"],
                             capture_output=True, text=True).stdout.strip()
    print(f"Serving {letters} letters ({db.stat().st_size / 1e6:.0f} MB database), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {os.getloadavg()[0]:.1f}; {args.repeat} requests per page after one cold request.\n")
    print("| page | status | KB | cold ms | p50 ms | p95 ms | in-process SQL ms | p50 ÷ SQL | |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
