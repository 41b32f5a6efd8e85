"""Serving on a big corpus: each page's latency through Datasette (served as
`make serve` does) beside the same SQL run in-process, as a Markdown table.

    .venv/bin/python benchmarks/bench_serve.py OUT [--port 8501] [--repeat 10]

OUT is a build's output folder (OUT/dist/jbz.db, e.g. from
`jbz build --letters DIR --out OUT`). Pages: the home page, table pages with
their facets, a facet click, table searches, every view and summary table,
every canned query and chart with every box empty (and a few with a value),
the second page of a long canned query. For each page:

- cold: the first request (nothing cached);
- cached p50/p95: `--repeat` requests of the same address (the page cache of
  plugins/jbz_guard.py answers them);
- uncached p50/p95 and server CPU: `--repeat` requests made distinct by an
  ignored `_bench=N` parameter, so each is rendered anew; the server's CPU
  time per request (from /proc) is robust to a loaded machine;
- in-process SQL: the same SQL with Python's sqlite3 on the same file (the
  rows the page needs, with the row count and facet counts of a filtered or
  searched table page; a canned query fetches up to max_returned_rows).

Verdict: `ok` when the page rendered anew (uncached p50) takes at most
500 ms and the page as visitors get it (cached p50) at most 3x its
in-process SQL (pages under 50 ms always pass that ratio: Datasette's own
page work is ~10-40 ms); else SLOW with the reason; ERROR for a status that
is not 200; FACET for a facet that timed out. "p50 ÷ SQL" is the uncached
p50 over the SQL: the cost of rendering beside the query.

Then the CSV downloads of the biggest table: the `_stream=on` CSV (rows
delivered against the table's rows, MB/s) beside a direct dump (Python's csv
module over the same SELECT) and the data package's file.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 500
RATIO = 3
RATIO_FLOOR_MS = 50
CLK_TCK = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def fetch(url: str) -> tuple[int, bytes, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, body, time.perf_counter() - t0


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) of the server process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


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


def _facet_sqls(name: str, facets, where: str = "") -> list[tuple[str, dict]]:
    """The facet counts a table page runs (over the rows its filter or search
    keeps), in the form Datasette's facets send them."""
    rows = f"select * from [{name}]" + (f" where {where}" if where else "")
    return [(f"select [{c}] as value, count(*) as count from ({rows}) where [{c}] is not null"
             f" group by [{c}] order by count desc, value limit 31", {}) for c in facets if isinstance(c, str)]


def _filtered_page(name: str, facets, where: str) -> list[tuple[str, dict]]:
    """All the SQL of a filtered or searched table page: its rows, their count
    (an unfiltered table's count comes from the inspect file) and its facets."""
    return [(f"select * from [{name}] where {where} order by id limit 51", {}),
            (f"select count(*) from [{name}] where {where}", {}), *_facet_sqls(name, facets, where)]


def _search(term: str) -> str:
    return f"rowid in (select rowid from paragraphs_fts where paragraphs_fts match '\"{term}\"')"


def pages(db: Path) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(label, path, [(sql, params) run in-process for the same answer])."""
    from jbz import queries as Q
    from jbz.database import sqlite3
    from jbz.schema import table

    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    rare = conn.execute("select nummer from letters where nummer is not null order by id limit 1").fetchone()[0]
    names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    top_file = conn.execute("select id from eu_files order by meetings desc, id limit 1").fetchone() if "eu_files" in names else None
    conn.close()
    items, paragraphs = table("agenda_items"), table("paragraphs")
    out = [
        ("home page", "/", [("select count(*) from letters", {})]),
        ("agenda_items table with facets", "/jbz/agenda_items", [
            ("select * from agenda_items order by id limit 51", {}), *_facet_sqls("agenda_items", items.facets)]),
        ("facet click (section = Justitie)", "/jbz/agenda_items?section=Justitie",
         _filtered_page("agenda_items", items.facets, "section = 'Justitie'")),
        ("paragraphs table with facets", "/jbz/paragraphs", [
            ("select * from paragraphs order by id limit 51", {}), *_facet_sqls("paragraphs", paragraphs.facets)]),
        ("table search, frequent (Commissie)", "/jbz/paragraphs?_search=Commissie",
         _filtered_page("paragraphs", paragraphs.facets, _search("Commissie"))),
        (f"table search, rare ({rare})", f"/jbz/paragraphs?_search={rare}",
         _filtered_page("paragraphs", paragraphs.facets, _search(rare))),
    ]
    for d in Q.DERIVED:
        if d.name not in names:
            continue
        kind = "view" if d.name in Q.VIEWS else "summary"
        order = f" order by [{d.sort_desc}] desc" if d.sort_desc else (f" order by [{d.sort}]" if d.sort else "")
        out.append((f"{kind} {d.name}", f"/jbz/{d.name}", [(f"select * from [{d.name}]{order} limit 51", {}),
                                                           *_facet_sqls(d.name, d.facets)]))
    for q in Q.QUERIES:
        params = {p: "" for p in q.params}
        if q.name == "search_letters":
            for term in ("Commissie", rare):
                out.append((f"search_letters q={term}", f"/jbz/search_letters?q={term}&letter=", [(q.sql, {**params, "q": term, "letter": ""})]))
            continue
        label = f"{'chart ' if q.chart else 'query '}{q.name}"
        qs = "&".join(f"{p}=" for p in params)
        out.append((label, f"/jbz/{q.name}" + (f"?{qs}" if qs else ""), [(q.sql, params)]))
        if q.name == "meeting_agenda":
            out.append(("query meeting_agenda, rows 101-200", f"/jbz/{q.name}?{qs}&_vanaf=101", [(q.sql, params)]))
        if q.name == "follow_eu_file" and top_file:
            out.append((f"query follow_eu_file file={top_file[0]}", f"/jbz/{q.name}?file={quote(top_file[0])}",
                        [(q.sql, {"file": top_file[0]})]))
    return out


def verdict(status: int, uncached: float, cached: float, sql_s: float, timed_out: str) -> str:
    """ok, or what is wrong: a status other than 200, a page rendered anew in
    over LIMIT_MS (uncached p50), a page served (cached p50, as visitors get
    it) in over RATIO x its in-process SQL, a facet that timed out."""
    problems = []
    if status != 200:
        problems.append(f"ERROR {status}")
    if uncached > LIMIT_MS / 1000 or cached > LIMIT_MS / 1000:
        problems.append(f"SLOW > {LIMIT_MS} ms")
    elif cached > RATIO * sql_s and cached > RATIO_FLOOR_MS / 1000:
        problems.append(f"SLOW > {RATIO}x SQL")
    if timed_out:
        problems.append(f"FACET TIMED OUT ({timed_out})")
    return "; ".join(problems) or "ok"


def _timed_out_facets(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    marker = 'class="facets-timed-out"'
    if marker not in text:
        return ""
    chunk = text.split(marker, 1)[1].split("</p>", 1)[0]
    return chunk.split(":", 1)[-1].strip()


def measure(base: str, pid: int, db: Path, label: str, path: str, sqls, repeat: int) -> dict:
    status, body, cold = fetch(base + path)
    cached = [fetch(base + path)[2] for _ in range(repeat)]
    sep = "&" if "?" in path else "?"
    cpu0 = server_cpu(pid)
    uncached = []
    for i in range(repeat):
        uncached.append(fetch(f"{base}{path}{sep}_bench={i}")[2])
    cpu = (server_cpu(pid) - cpu0) / repeat
    sql_s = sum(in_process(db, sql, params, 3) for sql, params in sqls)
    p50 = statistics.median(uncached)
    timed_out = _timed_out_facets(body)
    return {"label": label, "status": status, "kb": len(body) / 1e3, "cold": cold,
            "cached50": statistics.median(cached), "cached95": percentile(cached, 0.95),
            "p50": p50, "p95": percentile(uncached, 0.95), "cpu": cpu, "sql": sql_s,
            "verdict": verdict(status, p50, statistics.median(cached), sql_s, timed_out)}


HEADER = ("| page | status | KB | cold ms | cached p50 ms | uncached p50 ms | uncached p95 ms | server CPU ms/req "
          "| in-process SQL ms | p50 ÷ SQL | verdict |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


def row(m: dict) -> str:
    return (f"| {m['label']} | {m['status']} | {m['kb']:.0f} | {1000 * m['cold']:.0f} | {1000 * m['cached50']:.0f} "
            f"| {1000 * m['p50']:.0f} | {1000 * m['p95']:.0f} | {1000 * m['cpu']:.0f} | {1000 * m['sql']:.0f} "
            f"| {m['p50'] / max(m['sql'], 1e-4):.1f} | {m['verdict'] if m['verdict'] == 'ok' else '**' + m['verdict'] + '**'} |")


def csv_downloads(base: str, db: Path, package: Path | None, table_name: str = "paragraphs") -> list[str]:
    """The whole table as CSV three ways: rows, MB, seconds, MB/s."""
    from jbz.database import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    total = conn.execute(f"select count(*) from [{table_name}]").fetchone()[0]
    class Sink:  # counts the bytes a file would get
        size = 0

        def write(self, text: str) -> None:
            Sink.size += len(text.encode("utf-8"))

    t0, c0 = time.perf_counter(), time.process_time()
    cursor = conn.execute(f"select * from [{table_name}] order by rowid")
    writer = csv.writer(Sink())
    writer.writerow([d[0] for d in cursor.description])
    rows = 0
    for r in cursor:
        writer.writerow(r)
        rows += 1
    direct = (rows, Sink.size, time.perf_counter() - t0, time.process_time() - c0)
    conn.close()
    lines = []

    def line(what: str, rows: int, size: int, seconds: float, note: str = "") -> str:
        return (f"| {what} | {rows:,} of {total:,} ({100 * rows / max(total, 1):.0f} %) | {size / 1e6:.1f} | {seconds:.1f} "
                f"| {size / 1e6 / max(seconds, 1e-6):.1f} | {note} |")

    lines.append(line("direct dump (Python csv over the same SELECT, in-process)", *direct[:3], f"CPU {direct[3]:.1f} s"))
    for what, url in ((f"`/jbz/{table_name}.csv?_stream=on&_size=max`", f"{base}/jbz/{table_name}.csv?_stream=on&_size=max"),
                      (f"`/jbz/{table_name}.csv?_stream=on&_size=max&_sort=id` (Datasette's own stream: a sort is not sent to the package file)",
                       f"{base}/jbz/{table_name}.csv?_stream=on&_size=max&_sort=id"),
                      (f"`/package/data/{table_name}.csv` (data package file)", f"{base}/package/data/{table_name}.csv")):
        if "package" in url and package is None:
            continue
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=600) as r:
                body, status, final = r.read(), r.status, r.geturl()
        except urllib.error.HTTPError as e:
            body, status, final = e.read(), e.code, url
        except Exception as e:  # noqa: BLE001 - a cut connection: count what came
            body, status, final = b"", f"cut ({type(e).__name__})", url
        seconds = time.perf_counter() - t0
        rows = max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8", "replace")))) - 1)
        note = f"status {status}" + (f", served from {final.removeprefix(base)}" if final != url else "")
        lines.append(line(what, rows, len(body), seconds, note))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this text")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV download comparison")
    args = parser.parse_args()
    db = args.out / "dist" / "jbz.db"
    from jbz import site

    # metadata.yml of this code in a folder of our own: OUT is only read
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    site.write_site_files(work)
    inspect = args.out / "dist" / "inspect.json"
    if not inspect.exists():
        inspect = work / "inspect.json"
        subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect)], check=True)
    package = args.out if (args.out / "datapackage.json").is_file() and (args.out / "data").is_dir() else None
    cmd = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--inspect-file", str(inspect),
           "--metadata", str(work / "metadata.yml"), "--plugins-dir", str(ROOT / "plugins"), "--template-dir", str(ROOT / "templates"),
           *(["--static", f"package:{package}"] if package else []),
           *site.serve_settings_args(), "--host", "127.0.0.1", "--port", str(args.port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    load_before = os.getloadavg()[0]
    rows, csv_lines = [], []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        for label, path, sqls in pages(db):
            if args.only and args.only not in label:
                continue
            m = measure(base, server.pid, db, label, path, sqls, args.repeat)
            rows.append(row(m))
            print(rows[-1], file=sys.stderr, flush=True)
        if not args.no_csv:
            csv_lines = csv_downloads(base, db, package)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    from jbz.database import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    letters = conn.execute("select count(*) from letters").fetchone()[0]
    conn.close()
    slow = sum(1 for r in rows if not r.endswith("| ok |"))
    print(f"Serving {letters:,} letters ({db.stat().st_size / 1e6:.0f} MB database), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; {args.repeat} requests per page and kind "
          f"after one cold request. Verdict: {len(rows) - slow} of {len(rows)} pages ok.\n")
    print(HEADER)
    print("\n".join(rows))
    if csv_lines:
        print("\nThe whole paragraphs table as CSV:\n")
        print("| how | rows | MB | seconds | MB/s | |\n|---|---:|---:|---:|---:|---|")
        print("\n".join(csv_lines))


if __name__ == "__main__":
    main()
