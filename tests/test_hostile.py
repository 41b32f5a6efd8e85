"""The hostile requests of issue 12 against a real `datasette serve` (run as
`make serve` runs it, plugins/jbz_guard.py included): every request ends
with a 4xx (or 503 when arbitrary SQL queues up) and a Dutch message, within
a generous safety bound, while pages keep answering and SIGTERM still stops
the server.  Precise times are in benchmarks/load.py, not here."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from serve_helpers import raw_get, running_server
from site_helpers import load_module

SAFETY_S = 10  # generous bound for one hostile request on a loaded machine
PAGE_SAFETY_S = 8  # generous bound for a page while hostile requests run (benchmarks/load.py: < 1 s)

CTE = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c"


def load_guard():
    return load_module("plugins/jbz_guard.py", "jbz_guard_under_test")


guard = load_guard()


def sql(query: str, fmt: str = ".json") -> str:
    return f"/jbz{fmt}?sql={quote(query)}"


@pytest.fixture(scope="module")
def server(bundle):
    with running_server(bundle, "hostile.log") as (base, _proc):
        yield base


def error_of(body: bytes) -> str:
    return json.loads(body)["error"]


# --- user mistakes: 4xx with a Dutch message -------------------------------------------------

MISTAKES = [
    # (request target, status, words of the message)
    ("/jbz/agenda_items.json?_sort=nope", 400, "Sorteren op 'nope' kan niet"),
    ("/jbz/agenda_items.json?_sort_desc=nope", 400, "Sorteren op 'nope' kan niet"),
    (sql("select 1; select 2"), 400, "één SQL-opdracht tegelijk"),
    ("/jbz/paragraphs.json?_search=" + quote("NEAR(") + "&_searchmode=raw", 400, "zoekterm kan niet worden gelezen"),
    ("/jbz/paragraphs.json?_search=ab", 400, "De zoekterm 'ab' is te kort"),
    ("/jbz/agenda_items.json?_search=" + quote("terugkeer EU"), 400, "De zoekterm 'terugkeer EU' is te kort"),
    ("/jbz/search_letters.json?q=ab&letter=", 400, "De zoekterm 'ab' is te kort"),
    ("/jbz/search_letters.json?q=%22%22&letter=", 400, "is te kort"),
    ("/jbz/paragraphs.json?_size=100000", 400, "kan niet worden uitgevoerd"),
    ("/jbz/paragraphs.json?_through=nope", 400, "geen geldige waarde"),
    ("/jbz/nope.json", 404, "Niet gevonden"),
    ("/static/../../etc/passwd", 400, "ongeldig pad"),
    ("/static/%2e%2e/%2e%2e/etc/passwd", 400, "ongeldig pad"),
    ("/package/../../../etc/passwd", 400, "ongeldig pad"),
    ("/jbz/" + "a" * 5000, 414, "Dit adres is te lang"),
    ("/jbz.json?sql=" + "1" * 9000, 414, "De vraag in dit adres is te lang"),
]


@pytest.mark.parametrize("target,status,words", MISTAKES, ids=[m[0][:40] for m in MISTAKES])
def test_user_mistakes_get_a_4xx_in_dutch(server, target, status, words):
    got, headers, body, seconds = raw_get(server, target)
    assert got == status, body[:300]
    text = body.decode("utf-8")
    if ".json" in target:
        text = error_of(body)
    assert words in text
    assert seconds < SAFETY_S


@pytest.mark.parametrize("method,target", [("POST", "/jbz/search_letters"), ("POST", "/jbz/letters.csv"),
                                           ("PUT", "/jbz/letters.json"), ("DELETE", "/"), ("PATCH", "/jbz.db")])
def test_writing_methods_get_a_405_in_dutch_without_the_body_being_read(server, method, target):
    import http.client

    conn = http.client.HTTPConnection(*server.removeprefix("http://").split(":"), timeout=30)
    try:
        # announces 1 GB and sends 1 MB: the answer comes without waiting for the rest
        conn.putrequest(method, target)
        conn.putheader("Content-Length", str(1_000_000_000))
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.endheaders()
        conn.send(b"q=" + b"x" * 1_000_000)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    assert response.status == 405 and response.getheader("allow") == "GET, HEAD, OPTIONS"
    assert "alleen gelezen worden" in body.decode()


def test_html_error_pages_use_the_site_template(server):
    got, _, body, _ = raw_get(server, "/jbz/agenda_items?_sort=nope")
    assert got == 400
    html = body.decode()
    assert "<h1>Ongeldig verzoek</h1>" in html and "Sorteren op &#39;nope&#39; kan niet" in html


def test_valid_searches_still_find(server):
    got, _, body, _ = raw_get(server, "/jbz/search_letters.json?q=terugkeerhub&letter=&_shape=array")
    assert got == 200
    assert any("terugkeerhub" in row["snippet"].lower() for row in json.loads(body))
    got, _, body, _ = raw_get(server, "/jbz/search_letters.json?q=&letter=&_shape=array")
    assert got == 200  # empty means all: the form's first visit


# --- bounded in memory and time --------------------------------------------------------------

def test_sqlite_length_limit_is_exactly_the_cap(server):
    got, _, body, _ = raw_get(server, sql(f"select length(zeroblob({guard.MAX_VALUE_BYTES}))"))
    assert got == 200 and json.loads(body)["rows"] == [[guard.MAX_VALUE_BYTES]]
    got, _, body, _ = raw_get(server, sql(f"select length(zeroblob({guard.MAX_VALUE_BYTES + 1}))"))
    assert got == 400 and "groter worden dan 16 MB" in error_of(body)


@pytest.mark.parametrize("target,words", [
    ("/jbz/paragraphs.json?_where=" + quote("length(randomblob(1e9))>0"), "groter worden dan 16 MB"),
    ("/jbz/paragraphs.json?_facet=letter_id&_where=" + quote("length(randomblob(1e9))>0"), "groter worden dan 16 MB"),
    ("/jbz/paragraphs.csv?_stream=on&_where=" + quote("length(randomblob(1e9))>0"), "groter worden dan 16 MB"),
    (sql("select randomblob(1e7) from paragraphs"), "groter dan 20 MB"),
    (sql("select randomblob(1e7) from paragraphs", ".csv"), "groter dan 20 MB"),
    (sql(CTE), "langer dan 2 seconden"),
    (sql("select count(*) from paragraphs a, paragraphs b, paragraphs c"), "langer dan 2 seconden"),
])
def test_hostile_query_ends_with_a_dutch_400(server, target, words):
    got, _, body, seconds = raw_get(server, target)
    assert got == 400, body[:300]
    assert words in body.decode()
    assert len(body) < 100_000 and seconds < SAFETY_S


def test_a_failed_query_as_csv_is_a_400(server):
    got, _, body, _ = raw_get(server, sql("select randomblob(1e9)", ".csv"))
    assert got == 400 and "geen CSV" in body.decode()
    got, _, body, _ = raw_get(server, sql("select id from letters order by id", ".csv"))
    assert got == 200 and body.decode().splitlines()[0] == "id"


def test_randomblob_in_sql_is_refused(server):
    got, _, body, seconds = raw_get(server, sql("select randomblob(1e9)"))
    assert got == 400 and error_of(body).startswith("Een waarde in deze vraag zou groter worden dan 16 MB")
    assert len(body) < 10_000 and seconds < SAFETY_S


# (SQL, words of the Dutch message, SQLite's English message that must not be shown)
BAD_SQL = [
    ("select randomblob(1e9)", "groter worden dan 16 MB", "string or blob too big"),
    ("select * from nope", "De tabel 'nope' bestaat niet", "no such table"),
    ("select nope from letters", "De kolom 'nope' bestaat niet", "no such column"),
    ("select nope(1)", "De functie 'nope' bestaat niet", "no such function"),
    ("select 1 +", "niet af", "incomplete input"),
    ("select 'a", "iets onleesbaars", "unrecognized token"),
    ("selec 1", "alleen vragen die gegevens lezen", "must be a SELECT"),
    ("pragma table_info(letters)", "alleen vragen die gegevens lezen", "must be a SELECT"),
    ("select 1 from letters where id like '" + "%" * 1200 + "'", "LIKE of GLOB is te lang", "too complex"),
    ("select " + ",".join(["1"] * 300), "te veel kolommen (meer dan 200)", "too many columns"),
    ("select " + "1+" * 300 + "1", "te diep genest (meer dan 200 niveaus)", "Expression tree"),
    (" union all ".join(["select 1"] * 60), "te veel SELECT's", "compound SELECT"),
    ("select char(" + ",".join(["65"] * 70) + ")", "De functie char krijgt te veel argumenten (meer dan 64)",
     "too many arguments"),
    ("select id from letters, meetings", "De kolomnaam 'id' komt in meer dan één tabel voor", "ambiguous"),
    ("select * from paragraphs_fts where paragraphs_fts match 'a)'", "zoekterm kan niet worden gelezen",
     "syntax error"),
    ("select 1 from letters limit 'x'", "verkeerde type", "datatype mismatch"),
    ("select (select 1, 2)", "geeft 2 kolommen", "sub-select"),
    ("select count(*) from letters group by count(*)", "HAVING", "aggregate functions"),
    ("select abs(-9223372036854775808)", "De database kan deze vraag niet uitvoeren", None),
]


@pytest.mark.parametrize("query,words,english", BAD_SQL, ids=[b[0][:30] for b in BAD_SQL])
def test_sql_errors_are_explained_in_dutch(server, query, words, english):
    for fmt in (".json", ""):
        got, _, body, _ = raw_get(server, sql(query, fmt))
        assert got == 400, body[:300]
        text = error_of(body) if fmt else body.decode()
        if not fmt:
            text = text.replace("&#39;", "'")
        assert words in text
        if english:
            assert english not in text


def test_table_filters_explain_sql_errors_in_dutch(server):
    got, _, body, _ = raw_get(server, "/jbz/letters.json?_where=" + quote("nope = 1"))
    assert got == 400 and error_of(body).startswith("De kolom 'nope' bestaat niet")


def test_pages_answer_while_hostile_requests_run(server, bundle):
    """12 never-ending recursive CTEs and the randomblob requests at once;
    a second client keeps reading the home page, a table page, a search, a
    canned query and the .db download."""
    hostile = [sql(CTE)] * 12 + [
        "/jbz/paragraphs.json?_where=" + quote("length(randomblob(1e9))>0"),
        sql("select randomblob(1e9)"),
        sql("select randomblob(1e7) from paragraphs"),
    ]
    pages = ["/", "/jbz/agenda_items", "/jbz/paragraphs?_search=terugkeer",
             "/jbz/search_letters?q=Frontex&letter=", "/jbz.db"]
    done = threading.Event()
    page_results: list = []

    def read_pages():
        while not done.is_set():
            for page in pages:
                got, _, body, seconds = raw_get(server, page)
                page_results.append((page, got, seconds, len(body)))

    reader = threading.Thread(target=read_pages)
    reader.start()
    try:
        with ThreadPoolExecutor(len(hostile)) as pool:
            results = list(pool.map(lambda t: raw_get(server, t), hostile))
    finally:
        done.set()
        reader.join()
    cte = results[:12]
    assert all(status in (400, 503) for status, *_ in cte)
    timed_out = [r for r in cte if r[0] == 400]
    assert len(timed_out) >= guard.HEAVY_THREADS
    assert all("langer dan 2 seconden" in error_of(body) for _, _, body, _ in timed_out)
    busy = [r for r in cte if r[0] == 503]
    assert all(headers.get("retry-after") == "5" and "druk" in error_of(body) for _, headers, body, _ in busy)
    assert all(status in (400, 503) for status, *_ in results[12:])  # 503: the queue was full
    assert all(seconds < SAFETY_S and len(body) < 100_000 for _, _, body, seconds in results)
    assert page_results, "the second client got no answer"
    assert all(got == 200 for _, got, _, _ in page_results), page_results
    assert max(seconds for _, _, seconds, _ in page_results) < PAGE_SAFETY_S
    db_size = (bundle / "dist" / "jbz.db").stat().st_size
    assert all(size == db_size for page, _, _, size in page_results if page == "/jbz.db")


# --- files and cached pages -------------------------------------------------------------------

def test_downloads_are_the_files(server, bundle):
    got, headers, body, _ = raw_get(server, "/jbz.db")
    assert got == 200 and body == (bundle / "dist" / "jbz.db").read_bytes()
    assert headers["content-disposition"] == 'attachment; filename="jbz.db"'
    got, _, _, _ = raw_get(server, "/jbz.db", headers={"If-None-Match": headers["etag"]})
    assert got == 304
    got, headers, body, _ = raw_get(server, "/package/data/agenda_items.csv")
    assert got == 200 and body == (bundle / "data" / "agenda_items.csv").read_bytes()
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert raw_get(server, "/package/data/nope.csv")[0] == 404


def test_pages_are_served_whole_from_the_cache(server):
    import http.client

    # one connection: the same worker process (each has its own cache)
    conn = http.client.HTTPConnection(*server.removeprefix("http://").split(":"), timeout=30)
    try:
        for target in ("/", "/jbz/agenda_items.json?section=Justitie"):
            answers = []
            for _ in range(2):
                conn.request("GET", target)
                response = conn.getresponse()
                answers.append((response.status, response.read()))
            (status1, first), (status2, second) = answers
            assert status1 == status2 == 200
            assert first == second  # query_ms in the JSON included: the page was not made again
    finally:
        conn.close()
    data = json.loads(first)
    section = data["columns"].index("section")
    assert data["rows"] and all(row[section] == "Justitie" for row in data["rows"])


def test_pages_that_do_not_depend_on_the_request_are_made_before_the_server_accepts_requests(server, bundle):
    from serve_helpers import WORKERS

    log = (bundle / "hostile.log").read_text()
    made = list(re.finditer(r"jbz_guard: (\d+) of (\d+) pages made in [\d.]+ s before accepting requests", log))
    started = [m.start() for m in re.finditer("Application startup complete", log)]
    assert len(made) == len(started) == WORKERS, log[:2000]  # each worker process, before it takes requests
    for m, start in zip(made, started):
        assert int(m.group(1)) == int(m.group(2)) >= 20  # home, downloads, database, tables, views, queries
        assert m.start() < start


def test_the_server_runs_in_worker_processes(server, bundle):
    from serve_helpers import WORKERS

    log = (bundle / "hostile.log").read_text()
    assert "Started parent process" in log
    assert len(re.findall(r"Started server process \[\d+\]", log)) == WORKERS


def test_worker_connections_send_without_waiting_for_acknowledgements():
    """uvicorn's shared listening socket has proto 0, for which asyncio
    leaves Nagle's algorithm on: answers then waited ~40 ms each."""
    import asyncio.base_events as base_events
    import socket

    from jbz import serve

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, like uvicorn's
    original = base_events._set_nodelay
    try:
        base_events._set_nodelay(sock)
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # asyncio alone
        serve._nodelay_on_shared_sockets()
        base_events._set_nodelay(sock)
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        base_events._set_nodelay = original
        sock.close()


def test_a_cached_page_carries_the_links_of_each_host(server):
    """Datasette writes absolute links (facets, the JSON alternate): the page
    made at start-up serves every host with that host in its links."""
    import http.client

    # one connection: the same worker process (pages of two workers differ in the time they took)
    conn = http.client.HTTPConnection(*server.removeprefix("http://").split(":"), timeout=30)

    def get_as(host: str):
        conn.putrequest("GET", "/jbz/letters", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    pages = {}
    for host in ("example.org", "127.0.0.1:8123", "jbz.example.nl"):
        got, headers, body = get_as(host)
        assert got == 200
        assert f"http://{host}/jbz/letters.json" in headers["Link"]
        assert f"//{host}/jbz/letters?" in body.decode() and b"prerender" not in body
        pages[host] = body
    assert pages["example.org"].replace(b"//example.org/", b"//jbz.example.nl/") == pages["jbz.example.nl"]
    got, headers, body = get_as("a_b")  # not a plain host name: the page is made for it
    conn.close()
    assert got == 200 and b"//a_b/jbz/letters?" in body and b"prerender" not in body


def _fake_app(pages_made: list, host_in_text: bool = False):
    async def app(scope, receive, send):
        host = dict(scope["headers"]).get(b"host", b"localhost")
        pages_made.append(scope["path"])
        body = b'<a href="http://' + host + scope["path"].encode() + b'?x=1">' + (b"on " + host if host_in_text else b"") + b"</a>"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"link", b"http://" + host + b"/x.json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return app



async def _get(app, path: str):
    """GET `path` from an ASGI app: (status, headers as a dict, body)."""
    sent: list = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    await app({"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
               "headers": [(b"host", b"x")]}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])

def _request(cache, app, path: str, host: bytes):
    import asyncio

    sent: list = []
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "scheme": "http",
             "headers": [(b"host", host)]}

    async def send(message):
        sent.append(message)

    async def run():
        if not await cache.replay(scope, send):
            await cache.record(app, scope, None, send)

    asyncio.run(run())
    return dict(sent[0]["headers"]), sent[1]["body"]


def test_response_cache_serves_each_host_its_own_links():
    made: list = []
    cache = guard.ResponseCache(1_000_000)
    app = _fake_app(made)
    headers, body = _request(cache, app, "/p", b"one.example")
    headers2, body2 = _request(cache, app, "/p", b"two.example:8080")
    assert made == ["/p"]  # made once
    assert body2 == b'<a href="http://two.example:8080/p?x=1"></a>' and headers2[b"link"] == b"http://two.example:8080/x.json"
    assert headers2[b"content-length"] == str(len(body2)).encode()
    _request(cache, app, "/p", b'bad"host')  # not a plain host name: made for it, not from the template
    assert made == ["/p", "/p"]


def test_response_cache_keeps_a_page_showing_the_host_for_that_host_only():
    made: list = []
    cache = guard.ResponseCache(1_000_000)
    app = _fake_app(made, host_in_text=True)
    _, body = _request(cache, app, "/p", b"one.example")
    assert _request(cache, app, "/p", b"one.example")[1] == body and made == ["/p"]
    _, other = _request(cache, app, "/p", b"two.example")
    assert made == ["/p", "/p"] and other.endswith(b"on two.example</a>")


class _FakeDatasette:
    databases: dict = {}
    static_mounts: list = []

    def setting(self, name):
        return {"sql_time_limit_ms": 2000, "allow_download": True}.get(name)


def test_the_same_page_asked_for_at_once_is_made_once(monkeypatch):
    import asyncio
    import types

    monkeypatch.setattr(guard, "RENDER_SLOTS", 1)
    made: list = []

    async def slow_app(scope, receive, send):
        made.append(scope["path"])
        await asyncio.sleep(0.01)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    ds = _FakeDatasette()
    ds.databases = {"jbz": types.SimpleNamespace(is_mutable=False, is_memory=False)}
    app = guard.asgi_wrapper(ds)(slow_app)

    async def get(path):
        status, _, body = await _get(app, path)
        return status, body

    async def run():
        # the first takes the only slot; the others wait for it, not for a slot of their own
        return await asyncio.gather(get("/jbz/other"), *[get("/jbz/letters") for _ in range(5)])

    answers = asyncio.run(run())
    assert answers[1:] == [(200, b"/jbz/letters")] * 5
    assert sorted(made) == ["/jbz/letters", "/jbz/other"]


def test_pages_beyond_the_render_queue_get_a_503_in_dutch(monkeypatch):
    import asyncio

    monkeypatch.setattr(guard, "RENDER_SLOTS", 1)
    monkeypatch.setattr(guard, "RENDER_QUEUE", 2)
    release = None
    running: list = []

    async def slow_app(scope, receive, send):
        running.append(scope["path"])
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    app = guard.asgi_wrapper(_FakeDatasette())(slow_app)

    def get(path):
        return _get(app, path)

    async def run():
        nonlocal release
        release = asyncio.Event()
        first = [asyncio.create_task(get(f"/p{i}.json")) for i in range(3)]  # one running, two waiting
        await asyncio.sleep(0.05)
        status, headers, body = await get("/p3.json")  # the queue is full
        release.set()
        return [await t for t in first], (status, headers, body)

    answered, (status, headers, body) = asyncio.run(run())
    assert [a[0] for a in answered] == [200, 200, 200] and running == ["/p0.json", "/p1.json", "/p2.json"]
    assert status == 503 and headers[b"retry-after"] == b"2"
    assert "erg druk" in json.loads(body)["error"]


# --- balancing the workers of `jbz serve` ---------------------------------------------------

def _busy_file(tmp_path):
    from jbz import serve

    path = tmp_path / "busy"
    path.write_bytes(bytes(serve.BUSY_SLOTS * 8))
    return path


def test_workers_see_how_busy_the_others_are(tmp_path, monkeypatch):
    """Each worker has a slot in the shared file; the one BUSY_MARGIN
    requests busier than the least busy answers with Connection: close and
    lets new connections wait for the other (at most ACCEPT_DEFER_MAX_S)."""
    from jbz import serve

    monkeypatch.setattr(serve, "BALANCE", True)
    path = _busy_file(tmp_path)
    a, b = serve.WorkerLoad(str(path)), serve.WorkerLoad(str(path))  # two slots (as two processes would take)
    assert a.offset != b.offset
    assert a.least_busy_other() == 0 and not a.should_hand_back() and not a.defer_accept()
    for _ in range(serve.BUSY_MARGIN):
        a.change(1)
    b.change(1)
    assert (a.least_busy_other(), b.least_busy_other()) == (1, serve.BUSY_MARGIN)
    assert not a.should_hand_back()  # busier by less than the margin
    assert a.defer_accept() and not b.defer_accept()  # but the other takes new connections first
    a.change(1)
    assert a.should_hand_back() and not b.should_hand_back()
    a.deferring_since -= serve.ACCEPT_DEFER_MAX_S
    assert not a.defer_accept()  # waited long enough: takes it itself
    for _ in range(serve.BUSY_MARGIN + 1):
        a.change(-1)
    assert not a.should_hand_back() and not a.defer_accept() and b.defer_accept()  # now b is the busier
    b.leave()
    assert a.least_busy_other() is None  # a worker that stopped no longer counts
    c = serve.WorkerLoad(str(path))
    assert c.offset == b.offset  # its slot is taken again


def test_a_worker_that_died_is_not_counted(tmp_path):
    import struct

    from jbz import serve

    path = _busy_file(tmp_path)
    a = serve.WorkerLoad(str(path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    struct.pack_into("<ii", a.map, 8, int(gone.stdout), 0)  # slot 1: a process that is gone, never busy
    a.change(1)
    a.change(1)
    assert a.least_busy_other() is None
    assert serve.WorkerLoad(str(path)).offset == 8 + 4  # its slot is free


def test_a_busier_worker_answers_with_connection_close(monkeypatch):
    import asyncio

    class Load:
        busier = False

        def change(self, by):
            pass

        def should_hand_back(self):
            return self.busier

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"connection", b"keep-alive")]})
        await send({"type": "http.response.body", "body": b"{}"})

    load = Load()
    monkeypatch.setattr("jbz.serve.worker_load", lambda: load)
    wrapped = guard.asgi_wrapper(_FakeDatasette())(app)
    assert asyncio.run(_get(wrapped, "/p.json"))[1][b"connection"] == b"keep-alive"
    load.busier = True
    status, headers, body = asyncio.run(_get(wrapped, "/q.json"))
    assert (status, headers[b"connection"], body) == (200, b"close", b"{}")


def test_one_worker_has_no_busy_file(monkeypatch):
    from jbz import serve

    monkeypatch.delenv(serve.BUSY_FILE, raising=False)
    assert serve.worker_load() is None


# --- shutdown -------------------------------------------------------------------------------

def test_sigterm_stops_the_server_during_a_query(bundle):
    with running_server(bundle, "sigterm.log") as (base, proc):
        answers: list = []

        def query():
            try:
                answers.append(raw_get(base, sql(CTE))[0])
            except OSError as e:  # the connection may be closed by the shutdown
                answers.append(repr(e))

        client = threading.Thread(target=query)
        client.start()
        time.sleep(0.5)  # the query is running
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=SAFETY_S)
        stopped_after = time.monotonic() - started
        client.join(timeout=SAFETY_S)
    assert proc.returncode is not None and stopped_after < SAFETY_S
    assert answers and answers[0] in (400, 503) or "Error" in str(answers)


# --- the rules themselves ---------------------------------------------------------------------

def test_short_search_terms():
    match = {"q"}
    assert guard.short_search_term([("_search", "ab")], set()) == "ab"
    assert guard.short_search_term([("_search", "terugkeer EU")], set()) == "terugkeer EU"
    assert guard.short_search_term([("_search", "terugkeer Frontex")], set()) is None
    assert guard.short_search_term([("_search", "")], set()) is None
    assert guard.short_search_term([("q", "de EU")], match) is None  # one phrase of five characters
    assert guard.short_search_term([("q", "EU")], match) == "EU"
    assert guard.short_search_term([("q", '""')], match) == '""'
    assert guard.short_search_term([("q", "EU")], set()) is None  # not a search parameter
    assert guard.short_search_term([("_searchmode", "raw")], set()) is None


def test_path_checks():
    assert guard.check_path(b"/jbz/agenda_items", "/jbz/agenda_items", b"") is None
    assert guard.check_path(b"/jbz/a..b", "/jbz/a..b", b"") is None  # dots inside a name are fine
    assert guard.check_path(b"/static/../x", "/static/../x", b"")[0] == 400
    assert guard.check_path(b"/static/%2E%2E/x", "/static/../x", b"")[0] == 400
    assert guard.check_path(b"/a%00b", "/a\x00b", b"")[0] == 400
    assert guard.check_path(b"/" + b"a" * 1000, "/" + "a" * 1000, b"")[0] == 414


def _through_cap(messages):
    """What a client gets when a view sends `messages` through the body cap:
    (messages sent, whether the 4xx was sent instead, whether the view was stopped)."""
    import asyncio

    sent: list = []
    refused: list = []

    async def send(message):
        sent.append(message)

    async def too_big():
        refused.append(True)

    async def run():
        capped = guard._capped(send, too_big)
        try:
            for message in messages:
                await capped(message)
        except guard._BodyTooLarge:
            return True
        return False

    stopped = asyncio.run(run())
    return sent, bool(refused), stopped


START = {"type": "http.response.start", "status": 200, "headers": []}


def test_a_whole_body_over_the_cap_becomes_a_4xx():
    cap = guard.MAX_BODY_BYTES
    sent, refused, stopped = _through_cap([START, {"type": "http.response.body", "body": b"x" * (cap + 1)}])
    assert refused and stopped and sent == []  # the 200 start was never sent
    sent, refused, stopped = _through_cap([START, {"type": "http.response.body", "body": b"x" * cap}])
    assert not refused and not stopped and [m.get("status") for m in sent] == [200, None]
    assert len(sent[1]["body"]) == cap


def test_a_streamed_body_over_the_cap_ends_with_a_dutch_note():
    cap = guard.MAX_BODY_BYTES
    part = {"type": "http.response.body", "body": b"a,b\n" * (cap // 8), "more_body": True}
    never = {"type": "http.response.body", "body": b"never sent", "more_body": True}
    sent, refused, stopped = _through_cap([START, part, part, part, never])
    assert not refused and stopped
    assert sent[0]["status"] == 200 and [m["body"] for m in sent[1:3]] == [part["body"], part["body"]]
    assert len(sent) == 4 and sent[3]["more_body"] is False
    assert sent[3]["body"].decode().strip().startswith("AFGEBROKEN: dit bestand werd groter dan 50 MB")
    assert sum(len(m.get("body", b"")) for m in sent[1:3]) <= cap


def test_a_json_answer_over_the_body_cap_is_a_dutch_400(server):
    """10 MB of control characters fit every SQLite cap, but JSON writes each
    as \\u0001: a 60 MB body."""
    query = "select replace(hex(zeroblob(5000000)), '0', char(1)) as x"
    got, _, body, seconds = raw_get(server, sql(query))
    assert got == 400 and "groter dan 50 MB" in error_of(body) and "niet verstuurd" in error_of(body)
    assert len(body) < 10_000 and seconds < SAFETY_S
    got, _, body, _ = raw_get(server, sql("select replace(hex(zeroblob(100)), '0', char(1)) as x"))
    assert got == 200 and json.loads(body)["rows"] == [["\x01" * 200]]


def test_limits_on_a_plain_connection():
    import pysqlite3

    conn = pysqlite3.connect(":memory:")
    assert not guard.limits_hold(conn)
    guard.set_limits(conn)
    assert guard.limits_hold(conn)
    assert conn.execute(f"select length(zeroblob({guard.MAX_VALUE_BYTES}))").fetchone() == (guard.MAX_VALUE_BYTES,)


def test_csv_cap_agrees_with_the_body_cap():
    from jbz import site

    assert site.SETTINGS["max_csv_mb"] * 1_000_000 == guard.MAX_BODY_BYTES


def test_no_request_answered_500(server, bundle):
    """Runs after the tests above on the same server: none got a 500."""
    log = (bundle / "hostile.log").read_text()
    answered = [line for line in log.splitlines() if '" 5' in line and "HTTP/1.1" in line]
    assert all('" 503 ' in line for line in answered), answered
    assert "Exception in ASGI application" not in log


def test_schema_answers_are_remembered_as_copies():
    import asyncio

    calls: list = []

    async def table_columns(table):
        calls.append(table)
        return ["id", "title"]

    remembered = guard._memo(table_columns)

    async def run():
        first = await remembered("letters")
        first.append("changed by a caller")
        return await remembered("letters"), await remembered("meetings")

    again, other = asyncio.run(run())
    assert again == ["id", "title"] and other == ["id", "title"]
    assert calls == ["letters", "meetings"]


def test_table_permissions_are_worked_out_once_per_table():
    calls: list = []

    class FakeDatasette:
        _metadata_local = {"databases": {"jbz": {"tables": {"secret": {"allow": {"id": "root"}}}}}}

        def _table_permission_allows(self, database, table):
            calls.append((database, table))
            tables = self._metadata_local["databases"][database]["tables"]
            return [tables[table]["allow"]] if table in tables else []

    ds = FakeDatasette()
    guard._memoize_table_permissions(ds)
    assert ds._table_permission_allows("jbz", "secret") == [{"id": "root"}]
    ds._table_permission_allows("jbz", "secret").append("changed by a caller")
    assert ds._table_permission_allows("jbz", "secret") == [{"id": "root"}]
    assert ds._table_permission_allows("jbz", "letters") == []
    assert calls == [("jbz", "secret"), ("jbz", "letters")]
    ds._metadata_local = {"databases": {"jbz": {"tables": {}}}}  # new metadata: asked again
    assert ds._table_permission_allows("jbz", "secret") == []


def test_load_benchmark_addresses():
    """benchmarks/load.py: `distinct` never repeats an address, `mixed`
    alternates pages that do not depend on the request with new ones."""
    load = load_module("benchmarks/load.py", "load_benchmark")
    distinct = [load.request_url("distinct", i, 50) for i in range(500)]
    pages = [url for kind, url in distinct if kind != "download"]
    assert len(set(pages)) == len(pages)
    assert {kind for kind, _ in distinct} == {"home", "table", "facet", "search", "canned", "download"}
    mixed = [load.request_url("mixed", i, 50) for i in range(200)]
    assert all(item in load.fixed_urls() for item in mixed[0::2])
    asked = [url for _, url in mixed[1::2]]
    assert len(set(asked)) == len(asked) and all("_u=" in url for url in asked)
    warm = [load.request_url("warm", i, 50) for i in range(200)]
    assert set(warm) == set(load.page_urls())
