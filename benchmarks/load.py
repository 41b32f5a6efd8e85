"""Load and hostile-request benchmark for the site (issue 12).

Starts the server as `make serve` runs it (`jbz serve --workers 2`, on a
fresh build in a temporary folder, free port) unless --base points at a
running server, then:

1. load: 1, 10 and 50 concurrent clients reading home, table, facet, search
   and canned-query pages (search terms and facet values vary) and the
   downloads, each client asking again as soon as it has its answer; three
   runs: `warm` (the same 51 addresses over and over: the page cache
   answers), `mixed` (every other request a page that does not depend on
   the request, the others a search, facet or canned query never asked
   before) and `distinct` (every address new: the worst case, every page
   made); prints p50/p95/p99/max per level and per kind of page, the errors
   (anything but 200), CPU per request and the load average;
2. time limit: how long the never-ending queries take against the 2 s limit
   (the overshoot);
3. hostile: 12 recursive CTEs and the randomblob requests at once while a
   second client reads pages (their worst latency) and the server's peak RSS;
4. shutdown: seconds from SIGTERM to exit while a query runs.

    .venv/bin/python benchmarks/load.py [--base URL [--pid PID]] [--requests 600] [--port N]
        [--modes warm,mixed,distinct] [--clients 1,10,50] [--load-only] [--workers 2] [--think 0]

Client and server share the machine: run it when `uptime` shows low load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

TERMS = ["terugkeer", "Frontex", "migratie", "Schengen", "orientatie", "Europol", "asiel", "terrorisme",
         "digitaal", "Oekraïne", "grenzen", "justitie"]
FILES = ["temporary-protection", "return-regulation", "schengen-cycle", ""]
ENTITIES = ["Polen", "Oekraïne", "Europol", "Frontex", "Denemarken"]
MEETINGS = ["2025-06", "2025-12", "2024-06", "2025-03", "2026-06", ""]


def page_urls() -> list[tuple[str, str]]:
    """(kind, path) for one round over the site."""
    urls = [("home", "/"), ("table", "/jbz/agenda_items"), ("table", "/jbz/letters"),
            ("table", "/jbz/paragraphs"), ("download", "/jbz.db"), ("download", "/package/data/agenda_items.csv")]
    for i, term in enumerate(TERMS):
        meeting = MEETINGS[i % len(MEETINGS)]
        urls += [
            ("search", f"/jbz/search_letters?q={quote(term)}&letter="),
            ("search", f"/jbz/paragraphs?_search={quote(term)}"),
            ("facet", f"/jbz/agenda_items?meeting_id__contains={quote(meeting)}" if meeting
             else "/jbz/agenda_items?section=Justitie"),
            ("facet", f"/jbz/letters?doc_kind={'verslag' if i % 2 else 'geannoteerde+agenda'}"),
            ("canned", f"/jbz/meeting_agenda?meeting={quote(meeting)}&kind="),
            ("canned", f"/jbz/follow_eu_file?file={FILES[i % len(FILES)]}" if i % 2
             else f"/jbz/agenda_items_mentioning?entity={quote(ENTITIES[i % len(ENTITIES)])}"),
        ]
    return urls


def fixed_urls() -> list[tuple[str, str]]:
    """(kind, path) of pages that do not depend on the request: what a
    visitor opens first (the home page links to them)."""
    return [("home", "/"), ("table", "/jbz/agenda_items"), ("table", "/jbz/letters"), ("table", "/jbz/meetings"),
            ("table", "/jbz/paragraphs"), ("canned", "/jbz/search_letters"), ("canned", "/jbz/meeting_agenda"),
            ("canned", "/jbz/follow_eu_file"), ("home", "/downloads"), ("download", "/jbz.db"),
            ("download", "/package/data/agenda_items.csv")]


def asked_urls() -> list[tuple[str, str]]:
    """(kind, path) of pages a visitor asks for: searches, facets, canned queries with values."""
    return [(kind, url) for kind, url in page_urls() if kind in ("search", "facet", "canned")]


MODES = {
    "warm": "the same pages again (page cache warm)",
    "mixed": "half pages that do not depend on the request, half searches/facets/queries never asked before",
    "distinct": "every address distinct (no page cache)",
}


RUN = f"{os.getpid()}-{time.time_ns() % 10**9}"  # distinct addresses differ from those of earlier runs too


def request_url(mode: str, i: int, clients: int) -> tuple[str, str]:
    """The i-th request of a run: `warm` cycles over page_urls(); `distinct`
    the same with `_u=<n>` (ignored by Datasette) on every page, so none comes
    from the page cache; `mixed` alternates fixed_urls() (from the cache) and
    asked_urls() made distinct."""
    if mode == "mixed":
        if i % 2 == 0:
            fixed = fixed_urls()
            return fixed[(i // 2) % len(fixed)]
        asked = asked_urls()
        kind, url = asked[(i // 2) % len(asked)]
        return kind, url + ("&" if "?" in url else "?") + f"_u={RUN}-{i}-{clients}"
    urls = page_urls()
    kind, url = urls[i % len(urls)]
    if mode == "distinct" and kind != "download":
        url += ("&" if "?" in url else "?") + f"_u={RUN}-{i}-{clients}"
    return kind, url


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Connection:
    """A minimal keep-alive HTTP/1.1 client: the load generator shares the
    machine with the server, so it should cost far less CPU than httpx."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.reader = self.writer = None

    async def get(self, target: str) -> tuple[int, int]:
        """(status, body bytes); reconnects when the server closed the connection."""
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, int]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        size = 0
        if "content-length" in headers:
            size = int(headers["content-length"])
            await self.reader.readexactly(size)
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                n = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        if headers.get("connection") == "close":
            self.close()
        return status, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


THINK_S = 0.0  # --think: mean pause of a client between an answer and its next request


async def load(base: str, clients: int, total: int, mode: str = "warm",
               think: float | None = None) -> list[tuple[str, float, object]]:
    """`total` requests from `clients` concurrent clients (one keep-alive
    connection each), each sending its next request when the last one is
    answered (no pause: a stress test, not visitors reading; --think adds a
    random pause, exponential with that mean, seeded); which addresses: see
    request_url()."""
    import random

    results: list = []
    counter = iter(range(total))
    pauses = random.Random(12)
    think = THINK_S if think is None else think

    async def worker():
        conn = Connection(base)
        try:
            for i in counter:
                if think:
                    await asyncio.sleep(pauses.expovariate(1 / think))
                kind, url = request_url(mode, i, clients)
                start = time.perf_counter()
                try:
                    outcome, _ = await asyncio.wait_for(conn.get(url), 60)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
                    outcome = type(e).__name__
                    conn.close()
                results.append((kind, time.perf_counter() - start, outcome))
        finally:
            conn.close()

    await asyncio.gather(*[worker() for _ in range(clients)])
    return results


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}"


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process and its child processes (the
    workers of `jbz serve`) so far (0 when unknown)."""
    if not pid:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's id
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def print_load(level: int, results, wall: float, cpu: float, client_cpu: float) -> None:
    times = [t for _, t, _ in results]
    errors = [o for _, _, o in results if o != 200]
    cpu_text = f"{cpu / len(results) * 1000:>8.1f}" if cpu else f"{'-':>8}"
    print(f"{level:>7} {len(results):>8} {len(results) / wall:>7.1f} {ms(percentile(times, 50))} "
          f"{ms(percentile(times, 95))} {ms(percentile(times, 99))} {ms(max(times))} {len(errors):>6}"
          f" {cpu_text} {client_cpu / len(results) * 1000:>8.1f} {os.getloadavg()[0]:>6.2f}"
          + (f"  {sorted(set(map(str, errors)))}" if errors else ""))


def print_kinds(results) -> None:
    kinds = sorted({k for k, _, _ in results})
    for kind in kinds:
        times = [t for k, t, _ in results if k == kind]
        errors = sum(1 for k, _, o in results if k == kind and o != 200)
        print(f"    {kind:<9} n={len(times):>4}  p50 {ms(percentile(times, 50))}  p95 {ms(percentile(times, 95))}"
              f"  p99 {ms(percentile(times, 99))}  max {ms(max(times))} ms  errors {errors}")


CTE = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c"
HOSTILE = {
    "?sql= recursive CTE": f"/jbz.json?sql={quote(CTE)}",
    "?sql= cross join": "/jbz.json?sql=" + quote("select count(*) from paragraphs a, paragraphs b, paragraphs c"),
    "_where randomblob(1e9)": "/jbz/paragraphs.json?_where=" + quote("length(randomblob(1e9))>0"),
    "?sql= randomblob(1e9)": "/jbz.json?sql=" + quote("select randomblob(1e9)"),
    "?sql= randomblob(1e7) rows": "/jbz.json?sql=" + quote("select randomblob(1e7) from paragraphs"),
}


async def time_limit(base: str, limit_s: float, repeat: int = 3) -> None:
    print(f"\nTime limit {limit_s:g} s: seconds per hostile request (alone), overshoot = time - limit")
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for name, url in HOSTILE.items():
            times, statuses, sizes = [], set(), []
            for _ in range(repeat):
                start = time.perf_counter()
                r = await client.get(url)
                times.append(time.perf_counter() - start)
                statuses.add(r.status_code)
                sizes.append(len(r.content))
            worst = max(times)
            print(f"  {name:<28} status {sorted(statuses)}  median {statistics.median(times):6.2f} s  max {worst:6.2f} s"
                  f"  overshoot {max(0.0, worst - limit_s):5.2f} s  body <= {max(sizes):,} B")


def server_pids(pid: int) -> list[int]:
    """The server process and its children (the workers of `jbz serve`)."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                pids.append(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return pids


def rss_kb(pid: int, field: str) -> int:
    """`field` of /proc/PID/status (VmRSS, VmHWM) summed over the server's processes."""
    total = 0
    for p in server_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


async def hostile_with_pages(base: str, pid: int | None) -> None:
    print("\nHostile: 12 recursive CTEs + randomblob requests at once; a second client reads pages")
    before = rss_kb(pid, "VmRSS") if pid else 0
    page_times: list = []
    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=40)) as client:
        async def reader():
            pages = ["/", "/jbz/agenda_items", "/jbz/paragraphs?_search=terugkeer", "/jbz/search_letters?q=Frontex&letter=",
                     "/jbz/letters?doc_kind=verslag", "/jbz.db"]
            while not done.is_set():
                for page in pages:
                    start = time.perf_counter()
                    r = await client.get(page)
                    page_times.append((page, time.perf_counter() - start, r.status_code))

        async def hostile(url):
            start = time.perf_counter()
            r = await client.get(url)
            return r.status_code, time.perf_counter() - start, len(r.content)

        task = asyncio.create_task(reader())
        urls = [HOSTILE["?sql= recursive CTE"]] * 12 + [HOSTILE[k] for k in list(HOSTILE)[1:]]
        start = time.perf_counter()
        results = await asyncio.gather(*[hostile(u) for u in urls])
        wall = time.perf_counter() - start
        done.set()
        await task
    statuses: dict = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"  {len(results)} hostile requests: statuses {statuses}, slowest {max(t for _, t, _ in results):.2f} s,"
          f" all done in {wall:.2f} s, largest body {max(n for _, _, n in results):,} B")
    times = [t for _, t, _ in page_times]
    bad = [p for p in page_times if p[2] != 200]
    print(f"  pages meanwhile: {len(times)} requests, errors {len(bad)}, p50 {ms(percentile(times, 50))} ms,"
          f" max {ms(max(times))} ms ({max(page_times, key=lambda p: p[1])[0]})")
    if pid:
        print(f"  server RSS: {before / 1024:.0f} MB before, now {rss_kb(pid, 'VmRSS') / 1024:.0f} MB,"
              f" peak (VmHWM, whole run) {rss_kb(pid, 'VmHWM') / 1024:.0f} MB (summed over its processes)")


def shutdown_time(bundle: Path, port: int = 0) -> None:
    port = port or free_port()
    proc = start_server(bundle, port)
    base = f"http://127.0.0.1:{port}"
    try:
        import threading

        threading.Thread(target=lambda: _quiet_get(base + HOSTILE["?sql= recursive CTE"]), daemon=True).start()
        time.sleep(0.5)
        start = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        print(f"\nShutdown: SIGTERM during a running query -> exit after {time.perf_counter() - start:.2f} s")
    finally:
        if proc.poll() is None:
            proc.kill()


def _quiet_get(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=30).read()
    except Exception:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(out: Path) -> Path:
    subprocess.run([str(BIN / "jbz"), "build", "--letters", str(ROOT / "letters"), "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    package = out / "dist" / "package"
    package.mkdir(exist_ok=True)
    shutil.copy(out / "datapackage.json", package)
    shutil.copytree(out / "data", package / "data", dirs_exist_ok=True)
    return out


WORKERS = 2  # `make serve`'s default


def start_server(bundle: Path, port: int) -> subprocess.Popen:
    from jbz import site

    cmd = [str(BIN / "jbz"), "serve", "--workers", str(WORKERS), "-i", "dist/jbz.db", "--inspect-file", "dist/inspect.json",
           "--metadata", "metadata.yml", "--plugins-dir", str(ROOT / "plugins"),
           "--template-dir", str(ROOT / "templates"), "--static", "package:dist/package",
           *site.serve_settings_args(), "--host", "127.0.0.1", "--port", str(port)]
    log = bundle / f"server-{port}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=bundle, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            if log.read_text().count("Application startup complete") >= WORKERS:  # every worker is ready
                made = [line for line in log.read_text().splitlines() if "pages made" in line]
                print("\n".join(made))
                return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("the server did not start:\n" + log.read_text()[-2000:])
        time.sleep(0.2)


async def run(base: str, pid: int | None, total: int, levels: list[int], hostile: bool = True,
              modes: tuple[str, ...] = tuple(MODES)) -> None:
    from jbz import site

    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
          f" ({os.cpu_count()} CPUs)")
    await load(base, 5, 2 * len(page_urls()), think=0)  # warm up: connections, page cache
    for mode in modes:
        print(f"\nLoad, {MODES[mode]}" + (f"; each client pauses {THINK_S:g} s on average between requests"
                                         if THINK_S else ""))
        print("clients requests   req/s     p50     p95     p99     max errors  cpu/req   client  load1"
              "   (ms; CPU per request of server and load client; load average when the level ended)")
        for level in levels:
            start, cpu, own = time.perf_counter(), cpu_seconds(pid), time.process_time()
            results = await load(base, level, max(total, level * 10) if level > 1 else total // 3, mode)
            print_load(level, results, time.perf_counter() - start, cpu_seconds(pid) - cpu, time.process_time() - own)
            if level == max(levels):
                print_kinds(results)
    if hostile:
        await time_limit(base, site.SETTINGS["sql_time_limit_ms"] / 1000)
        await hostile_with_pages(base, pid)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    global WORKERS, THINK_S
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", help="URL of a running server (default: start one on a fresh build)")
    parser.add_argument("--requests", type=int, default=600, help="requests per concurrency level")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--load-only", action="store_true", help="skip the time-limit, hostile and shutdown parts")
    parser.add_argument("--modes", default=",".join(MODES), help="which load runs: " + ", ".join(MODES))
    parser.add_argument("--port", type=int, default=0, help="port for the server it starts (default: a free one)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a client pauses before its next request (default 0: a stress test)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="server processes (`jbz serve --workers`)")
    parser.add_argument("--pid", type=int, help="with --base: the server's process id, for its CPU per request")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    WORKERS, THINK_S = args.workers, args.think
    modes = tuple(m for m in args.modes.split(",") if m)
    if args.base:
        asyncio.run(run(args.base, args.pid, args.requests, levels, not args.load_only, modes))
        return
    with tempfile.TemporaryDirectory(prefix="jbz-load-") as tmp:
        bundle = build(Path(tmp))
        port = args.port or free_port()
        proc = start_server(bundle, port)
        print(f"server: jbz serve --workers {WORKERS} (as make serve) on a fresh build of letters/, port {port}")
        try:
            asyncio.run(run(f"http://127.0.0.1:{port}", proc.pid, args.requests, levels, not args.load_only, modes))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log = bundle / f"server-{port}.log"
            print("\n".join(line for line in log.read_text().splitlines() if line.startswith("jbz serve:")))
        if not args.load_only:
            shutdown_time(bundle, args.port + 1 if args.port else 0)


if __name__ == "__main__":
    main()
