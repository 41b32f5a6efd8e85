"""Datasette plugin that bounds every request (loaded with --plugins-dir plugins).

The public site runs arbitrary read-only SQL from strangers, so no request may
take the server down.  Datasette's own time limit is a progress handler that
SQLite calls between virtual-machine steps; one step that builds a huge value
(`randomblob(1e9)`: 4.5 s and 1 GB in a single step) never reaches it.  So:

- SQLite limits on every connection (`SQLITE_LIMIT_LENGTH` and friends) keep
  every single step small; a process-wide SQLite heap limit is the backstop.
  pysqlite3 has no `Connection.setlimit`, so the limits are set through the
  library's own `sqlite3_limit` (ctypes), and checked after setting.
- The time limit also holds per request (all its queries together) and stops
  every query at once on SIGTERM, so shutdown never waits for a query.
- Arbitrary SQL (`?sql=`, `_where`, raw FTS) runs on its own threads with a
  bounded queue: a slow query never blocks the home page or table pages, and
  too many at once get 503 rather than a long wait.
- Every query's rows and every response body have a size cap.
- The `.db` file and static files (data package CSVs) are sent from memory or
  in large chunks, never through the SQL threads.  The database is immutable,
  so a page is the same until the next build: pages (not arbitrary SQL) are
  kept whole in a bounded least-recently-used cache.
- User mistakes (bad sort column, two statements, bad search syntax, path
  tricks, overlong addresses, too-short search terms) get a 4xx with a plain
  Dutch message instead of a 500 or silently empty results.

The caps are the constants below (README, "Serving").
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ctypes
import hashlib
import json
import mimetypes
import os
import re
import signal
import sys
import threading
import time
from collections import OrderedDict
from concurrent import futures
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from datasette import hookimpl
from jbz.datasette_compat import canned_queries

# --- caps -------------------------------------------------------------------------

MAX_PATH_CHARS = 1_000  # longer paths: 414
MAX_QUERY_STRING_CHARS = 8_000  # longer query strings (SQL included): 414
MAX_VALUE_BYTES = 16_000_000  # SQLITE_LIMIT_LENGTH: no string, blob or row larger
MAX_SQL_CHARS = 100_000  # SQLITE_LIMIT_SQL_LENGTH (Datasette's own SQL included)
SQLITE_HEAP_BYTES = 768_000_000  # process-wide SQLite heap limit (backstop)
MAX_ROWS_BYTES = 20_000_000  # text and blobs fetched by one query
MAX_BODY_BYTES = 50_000_000  # any generated response body (static files excepted)
REQUEST_SQL_SLACK_MS = 500  # all queries of one arbitrary-SQL request: sql_time_limit_ms + this
STREAM_SQL_BUDGET_S = 30  # all queries of one `_stream=on` CSV download
PROGRESS_STEPS = 1_000  # SQLite steps between time checks (Datasette's value, well under 1 ms)
HEAVY_THREADS = 1  # threads for arbitrary SQL, beside Datasette's num_sql_threads: on two cores one stays for pages
HEAVY_MAX_PENDING = 8  # arbitrary-SQL requests running or waiting; more get 503
MIN_SEARCH_CHARS = 3  # part of a word is looked up by its trigrams (search_terms_fts): nothing shorter
STATIC_IN_MEMORY_BYTES = 64_000_000  # static files up to this size are kept in memory
CACHED_PAGE_BYTES = 4_000_000  # pages cached whole: at most this big (canned queries at 2,000 letters: 2-3 MB)
RESPONSE_CACHE_BYTES = 64_000_000  # all cached pages together
RENDER_SLOTS = int(os.environ.get("JBZ_RENDER_SLOTS") or 4)  # pages made at once (not from the cache)
RENDER_QUEUE = int(os.environ.get("JBZ_RENDER_QUEUE") or 200)  # pages waiting for a slot; more get 503
PRERENDER_SECONDS = 20  # at start-up, before the server accepts requests: pages made in this time
PRERENDER_HOST = b"jbz-prerender.invalid"  # a page that prints this host depends on the request's host

# sqlite3_limit() categories (sqlite3.h) and the values set on every connection.
SQLITE_LIMITS = {
    0: MAX_VALUE_BYTES,  # SQLITE_LIMIT_LENGTH
    1: MAX_SQL_CHARS,  # SQLITE_LIMIT_SQL_LENGTH
    2: 200,  # SQLITE_LIMIT_COLUMN
    3: 200,  # SQLITE_LIMIT_EXPR_DEPTH
    4: 50,  # SQLITE_LIMIT_COMPOUND_SELECT
    6: 64,  # SQLITE_LIMIT_FUNCTION_ARG
    8: 1_000,  # SQLITE_LIMIT_LIKE_PATTERN_LENGTH
    10: 0,  # SQLITE_LIMIT_TRIGGER_DEPTH (read-only: no triggers run)
    11: 0,  # SQLITE_LIMIT_WORKER_THREADS: sorts stay on the request's thread
}

# Parameters that make a request run SQL written by the user.
HEAVY_PARAMS = {"sql", "_where"}

# --- messages (the site speaks Dutch) ------------------------------------------------

MSG_READ_ONLY = (
    "Deze site kan alleen gelezen worden: zij neemt niets aan (alleen GET en HEAD). Vragen stelt u in het adres, "
    "bijvoorbeeld /jbz?sql=select+..."
)
MSG_PATH_TOO_LONG = "Dit adres is te lang (meer dan {n} tekens). Gebruik een korter adres."
MSG_QUERY_TOO_LONG = (
    "De vraag in dit adres is te lang (meer dan {n} tekens). Maak de vraag korter of download de database "
    "en stel haar op uw eigen computer."
)
MSG_BAD_PATH = "Dit adres bevat een ongeldig pad (zoals '..' of een ongeldig teken). Begin opnieuw op de startpagina."
MSG_PAGES_BUSY = (
    "De server is op dit moment erg druk: er wachten al {n} pagina's. Probeer het over een paar seconden opnieuw."
)
MSG_BUSY = (
    "De server is op dit moment druk met andere zelfgeschreven vragen. Probeer het over een paar seconden "
    "opnieuw."
)
MSG_TIMEOUT = (
    "Deze vraag duurde langer dan {s} seconden en is afgebroken. Maak de vraag eenvoudiger of beperk haar, "
    "bijvoorbeeld met where of limit, of download de database en stel de vraag op uw eigen computer."
)
MSG_VALUE_TOO_BIG = "Een waarde in deze vraag zou groter worden dan {mb} MB; dat is hier niet toegestaan."
MSG_ROWS_TOO_BIG = (
    "Het antwoord op deze vraag wordt groter dan {mb} MB en is afgebroken. Vraag minder rijen of kolommen op, "
    "of download de hele database of de CSV-bestanden."
)
MSG_BODY_TOO_BIG = (
    "Het antwoord op deze vraag wordt groter dan {mb} MB en wordt daarom niet verstuurd. Vraag minder rijen of "
    "kolommen op, of download de hele database of de CSV-bestanden."
)
MSG_STREAM_CUT = (
    "AFGEBROKEN: dit bestand werd groter dan {mb} MB en is hier afgekapt. Download de hele database of de "
    "CSV-bestanden van het datapakket voor alle rijen."
)
MSG_NO_MEMORY = "Deze vraag gebruikt te veel geheugen en is afgebroken. Maak de vraag eenvoudiger."
MSG_ONE_STATEMENT = (
    "Voer één SQL-opdracht tegelijk uit: haal de puntkomma (;) en alles daarna weg."
)
MSG_SORT = "Sorteren op '{column}' kan niet: deze tabel heeft geen kolom met die naam. Kies een kolom uit de kop van de tabel."
MSG_SEARCH_SYNTAX = (
    "Deze zoekterm kan niet worden gelezen. Typ gewoon een of meer woorden, zonder aanhalingstekens, "
    "haakjes of woorden als AND, OR en NEAR."
)
MSG_SEARCH_SHORT = (
    "De zoekterm '{term}' is te kort: elk woord moet minstens {n} tekens hebben (bijvoorbeeld 'EES', "
    "'Frontex' of 'terugkeer'). Er wordt gezocht op (delen van) woorden van {n} tekens of meer."
)
MSG_CSV_FAILED = (
    "Deze vraag gaf een fout, dus er is geen CSV. Open dezelfde vraag zonder .csv in het adres om de melding "
    "te zien."
)
MSG_BAD_PARAMETER = "Een parameter in dit adres heeft geen geldige waarde: {detail}"
MSG_CANNOT = "Dit verzoek kan niet worden uitgevoerd: {detail}"
MSG_NOT_FOUND = "Niet gevonden: {detail}"
MSG_SQL_FALLBACK = (
    "De database kan deze vraag niet uitvoeren. Controleer de SQL (tabel- en kolomnamen staan op de pagina's van "
    "de tabellen). Technische melding van SQLite: {detail}"
)

# SQLite's own messages (English) as the site shows them: (pattern, Dutch).
# Groups of the pattern fill the {} of the Dutch text, in order.
SQL_MESSAGES = [
    (r"string or blob too big", MSG_VALUE_TOO_BIG.format(mb=MAX_VALUE_BYTES // 1_000_000)),
    (r"out of memory", MSG_NO_MEMORY),
    (r"statement too long", "De SQL-opdracht is te lang (meer dan {:,} tekens).".format(MAX_SQL_CHARS).replace(",", ".")),
    (r"too many columns.*", f"Deze vraag heeft te veel kolommen (meer dan {SQLITE_LIMITS[2]}). Vraag minder kolommen op."),
    (r"Expression tree is too large.*", f"Deze vraag is te diep genest (meer dan {SQLITE_LIMITS[3]} niveaus). "
                                        "Maak de vraag eenvoudiger."),
    (r"too many terms in compound SELECT", f"Deze vraag plakt te veel SELECT's aan elkaar (meer dan {SQLITE_LIMITS[4]},"
                                           " met UNION, INTERSECT of EXCEPT). Maak de vraag eenvoudiger."),
    (r"too many arguments on function (\w+)", "De functie {} krijgt te veel argumenten (meer dan "
                                               f"{SQLITE_LIMITS[6]})."),
    (r"LIKE or GLOB pattern too complex", f"Het patroon van LIKE of GLOB is te lang (meer dan "
                                          f"{SQLITE_LIMITS[8]:,} tekens).".replace(",", ".")),
    (r"too many SQL variables", "Deze vraag heeft te veel parameters."),
    (r"parser stack overflow", "Deze vraag is te diep genest. Maak de vraag eenvoudiger."),
    (r"no such table: (.+)", "De tabel '{}' bestaat niet. Alle tabellen staan op de startpagina."),
    (r"no such column: (.+)", "De kolom '{}' bestaat niet. De kolommen staan in de kop van elke tabel."),
    (r"no such function: (.+)", "De functie '{}' bestaat niet of is hier niet beschikbaar."),
    (r"ambiguous column name: (.+)", "De kolomnaam '{}' komt in meer dan één tabel voor: zet de tabelnaam ervoor "
                                     "(bijvoorbeeld letters.id)."),
    (r'near "(.*)": syntax error', "De SQL kan niet worden gelezen bij '{}': controleer de spelling en de volgorde "
                                   "van de woorden."),
    (r"incomplete input", "De SQL-opdracht is niet af: ontbreekt er een haakje, een aanhalingsteken of het einde?"),
    (r'unrecognized token: "(.*)"', "De SQL bevat iets onleesbaars: {} (staat er een aanhalingsteken te veel of "
                                    "te weinig?)."),
    (r"sub-select returns (\d+) columns - expected 1", "Een vraag binnen de vraag geeft {} kolommen; hier mag "
                                                       "maar één kolom."),
    (r"wrong number of arguments to function (\w+)\(\)", "De functie {} krijgt het verkeerde aantal argumenten."),
    (r"datatype mismatch", "Een waarde heeft het verkeerde type (bijvoorbeeld tekst waar een getal hoort)."),
    (r"(?:misuse of aggregate|aggregate functions are not allowed).*", "Een functie als count, sum of max staat op "
                                                                       "een plaats waar dat niet kan, zoals in WHERE "
                                                                       "of GROUP BY (een voorwaarde op zo'n functie "
                                                                       "hoort in HAVING)."),
    (r"Statement must be a SELECT", "Hier kunnen alleen vragen die gegevens lezen: begin met SELECT of WITH."),
    (r"Statement contained a disallowed PRAGMA.*", "Deze PRAGMA is hier niet toegestaan: alleen vragen die "
                                                   "gegevens lezen."),
    (r"Statement may not contain PRAGMA", "PRAGMA is hier niet toegestaan: alleen vragen die gegevens lezen."),
    (r"You can only execute one statement at a time\.?", MSG_ONE_STATEMENT),
    (r"(?:fts5: )?syntax error near \"(.+)\"", "Deze zoekterm kan niet worden gelezen (fout bij '{}'). Typ gewoon "
                                                "een of meer woorden, zonder aanhalingstekens, haakjes of woorden "
                                                "als AND, OR en NEAR."),
    (r"fts5: .*|malformed MATCH.*|unterminated string", MSG_SEARCH_SYNTAX),
]
_SQL_MESSAGES = [(re.compile(pattern, re.DOTALL), dutch) for pattern, dutch in SQL_MESSAGES]


def dutch_sql_message(text: str) -> str | None:
    """SQLite's (or Datasette's SQL check's) English message in plain Dutch;
    None when it is not one of theirs that we know."""
    text = text.strip()
    for pattern, dutch in _SQL_MESSAGES:
        m = pattern.fullmatch(text)
        if m:
            return dutch.format(*(g[:80] for g in m.groups()))
    return None


TITLES = {400: "Ongeldig verzoek", 403: "Niet toegestaan", 404: "Niet gevonden", 405: "Alleen lezen",
          414: "Adres te lang",
          503: "Even te druk"}


class RowsTooLarge(Exception):
    """The rows one query fetched passed MAX_ROWS_BYTES."""


class WaitedTooLong(Exception):
    """An arbitrary-SQL request's deadline passed while it waited for its thread."""


# --- per-request state ------------------------------------------------------------

_HEAVY = contextvars.ContextVar("jbz_guard_heavy", default=False)
_DEADLINE = contextvars.ContextVar("jbz_guard_deadline", default=None)
_STOPPING = threading.Event()  # set on SIGTERM/SIGINT: every query stops
_ROWS = threading.local()  # .left: bytes the running query may still fetch
_CONNECTIONS: list = []  # every connection, to interrupt them on shutdown
_CONNECTIONS_LOCK = threading.Lock()


class _Pools(futures.Executor):
    """Datasette's SQL executor split in two: arbitrary SQL on its own
    threads.  The request's context travels with each call, so the time
    limit knows the request's deadline."""

    def __init__(self, light: futures.Executor, heavy: futures.Executor):
        self.light, self.heavy = light, heavy

    def submit(self, fn, /, *args, **kwargs):
        ctx = contextvars.copy_context()
        pool = self.heavy if ctx.get(_HEAVY, False) else self.light
        return pool.submit(ctx.run, fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.light.shutdown(wait, cancel_futures=cancel_futures)
        self.heavy.shutdown(wait, cancel_futures=cancel_futures)


@contextlib.contextmanager
def bounded_timelimit(conn, ms):
    """Datasette's per-query time limit, also bounded by the request's
    deadline and by shutdown; resets the query's row budget."""
    deadline = time.perf_counter() + ms / 1000
    request_deadline = _DEADLINE.get()
    if request_deadline is not None:
        deadline = min(deadline, request_deadline)

    def handler():
        return 1 if _STOPPING.is_set() or time.perf_counter() >= deadline else 0

    n = 1 if ms <= 20 else PROGRESS_STEPS
    if request_deadline is not None and time.perf_counter() >= request_deadline:
        raise WaitedTooLong()
    _ROWS.left = MAX_ROWS_BYTES
    conn.set_progress_handler(handler, n)
    try:
        yield
    finally:
        conn.set_progress_handler(None, n)
        _ROWS.left = None


def _install_timelimit() -> bool:
    import datasette.database as dsdb

    if not hasattr(dsdb, "sqlite_timelimit"):
        return False
    dsdb.sqlite_timelimit = bounded_timelimit
    return True


_TIMELIMIT_INSTALLED = _install_timelimit()


def _quiet_default_errors() -> None:
    """Datasette's default error handler also runs after ours and prints a
    rich traceback with all locals for every error, 4xx included: 0.2-1.7 s
    of CPU per bad request, a denial of service by itself.  Plain
    tracebacks (500s only) are kept."""
    with contextlib.suppress(ImportError):
        import datasette.handle_exception as default

        if getattr(default, "rich", None) is not None:
            default.rich = None


_quiet_default_errors()


# --- SQLite limits -------------------------------------------------------------------

def _sqlite_library(conn):
    """The SQLite library the connection's module is linked with (ctypes)."""
    module = type(conn).__module__.split(".")[0]
    if module == "pysqlite3":
        import pysqlite3._sqlite3 as ext
    else:
        import _sqlite3 as ext
    lib = ctypes.CDLL(ext.__file__)
    lib.sqlite3_limit.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    lib.sqlite3_limit.restype = ctypes.c_int
    return lib


_LIB = None


def set_limits(conn, limits: dict[int, int] = SQLITE_LIMITS) -> None:
    """Set SQLite limits on one connection: `setlimit` where the module has it,
    else the library's sqlite3_limit on the connection's handle (the first
    field after the object header in pysqlite3 and CPython's module)."""
    if hasattr(conn, "setlimit"):
        for category, value in limits.items():
            conn.setlimit(category, value)
        return
    global _LIB
    if _LIB is None:
        _LIB = _sqlite_library(conn)
    handle = ctypes.c_void_p.from_address(id(conn) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
    for category, value in limits.items():
        _LIB.sqlite3_limit(handle, category, value)


def limits_hold(conn) -> bool:
    """A value one byte over MAX_VALUE_BYTES must be refused."""
    try:
        conn.execute("select length(zeroblob(?))", [MAX_VALUE_BYTES + 1]).fetchall()
    except Exception as e:  # pysqlite3 raises DataError ("string or blob too big")
        return "too big" in str(e)
    return False


_HEAP_SET = False


@hookimpl
def prepare_connection(conn, database, datasette):
    global _HEAP_SET
    set_limits(conn)
    if not limits_hold(conn):
        print("jbz_guard: WARNING: SQLite limits could not be set; values are not capped", file=sys.stderr)
    if not _HEAP_SET:
        conn.execute(f"pragma hard_heap_limit={SQLITE_HEAP_BYTES}")
        _HEAP_SET = True
    conn.row_factory = _counting(conn.row_factory)
    with _CONNECTIONS_LOCK:
        _CONNECTIONS.append(conn)


def _counting(row_factory):
    """Wrap a row factory so one query cannot fetch more than MAX_ROWS_BYTES."""

    def factory(cursor, row):
        left = getattr(_ROWS, "left", None)
        if left is not None:
            left -= sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in row)
            _ROWS.left = left
            if left < 0:
                raise RowsTooLarge()
        return row_factory(cursor, row) if row_factory else row

    return factory


def stop_all_queries() -> None:
    """Make every running and future query stop at its next step."""
    _STOPPING.set()
    with _CONNECTIONS_LOCK:
        for conn in _CONNECTIONS:
            with contextlib.suppress(Exception):
                conn.interrupt()


# --- start-up ---------------------------------------------------------------------------

@hookimpl
def startup(datasette):
    """Give arbitrary SQL its own threads; read the schema of immutable
    databases once."""
    if datasette.executor is not None and not isinstance(datasette.executor, _Pools):
        datasette.executor = _Pools(
            datasette.executor, futures.ThreadPoolExecutor(HEAVY_THREADS, thread_name_prefix="jbz-heavy-sql")
        )
    immutable = [db for name, db in datasette.databases.items() if name != "_internal"]
    if immutable and all(not db.is_mutable and not db.is_memory for db in immutable):
        for db in immutable:
            _memoize_schema(db)
        _refresh_schemas_once(datasette)
    _memoize_table_permissions(datasette)
    _plain_absolute_url(datasette)
    for name, db in datasette.databases.items():
        if name != "_internal" and not getattr(db.execute, "_jbz_dutch_errors", False):
            db.execute = _dutch_errors(db.execute)


# Schema questions Datasette asks again on every page (a facet page asks 20):
# each is a trip to an SQL thread, and an immutable file's answers never change.
SCHEMA_METHODS = (
    "table_exists", "table_names", "view_names", "hidden_table_names", "table_columns", "table_column_details",
    "primary_keys", "fts_table", "label_column_for_table", "foreign_keys_for_table", "get_all_foreign_keys",
    "get_table_definition", "get_view_definition",
)
SCHEMA_MEMO_ENTRIES = 2_000  # per question; names come from addresses, so bounded


def _memoize_schema(db) -> None:
    for name in SCHEMA_METHODS:
        method = getattr(db, name, None)
        if method is not None and asyncio.iscoroutinefunction(method) and name not in vars(db):
            setattr(db, name, _memo(method))
    if "execute" not in vars(db):
        db.execute = _schema_queries_memo(db.execute)


def _dutch_errors(execute):
    """SQLite's error messages in Dutch: Datasette shows the message of a
    failed query as it is (the ?sql= page, canned queries, table pages), so
    the error is raised again, same class, with the Dutch text; the English
    one stays its cause (and in the server log)."""
    from datasette.utils import sqlite3 as dsqlite

    async def translated(sql, params=None, *args, **kwargs):
        try:
            return await execute(sql, params, *args, **kwargs)
        except dsqlite.DatabaseError as e:
            if getattr(e, "jbz_dutch", None):
                raise
            text = str(e)
            dutch = dutch_sql_message(text) or MSG_SQL_FALLBACK.format(detail=text[:300])
            try:
                new = type(e)(dutch)
                new.jbz_dutch = dutch
            except Exception:  # noqa: BLE001 - a class that takes other arguments: keep the original
                raise e from None
            raise new from e

    translated._jbz_dutch_errors = True
    return translated


def _schema_queries_memo(execute):
    """Datasette's own small questions to sqlite_master (the home page asks
    one per table to check permissions: 80 trips) are answered once."""
    answers: dict = {}

    async def remembered(sql, params=None, *args, **kwargs):
        if "sqlite_master" not in sql or _HEAVY.get():
            return await execute(sql, params, *args, **kwargs)
        key = (sql, repr(params), repr(args), repr(sorted(kwargs.items())))
        if key in answers:
            old = answers[key]  # rows are sqlite3.Row (read-only); the list is copied
            return type(old)(list(old.rows), old.truncated, old.description)
        answer = await execute(sql, params, *args, **kwargs)
        if len(answers) < SCHEMA_MEMO_ENTRIES and len(answer.rows) <= 100:
            answers[key] = answer
        return answer

    return remembered


_ATOMS = (str, int, float, bool, bytes, type(None))


def _copy(value):
    """A deep copy of a schema answer (lists, tuples and dicts of strings and
    numbers) at a fraction of copy.deepcopy's cost (a facet page asks about
    40 of them); anything else goes to copy.deepcopy."""
    if isinstance(value, _ATOMS):
        return value
    kind = type(value)
    if kind is list:
        return [v if isinstance(v, _ATOMS) else _copy(v) for v in value]
    if kind is dict:
        return {k: v if isinstance(v, _ATOMS) else _copy(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(v if isinstance(v, _ATOMS) else _copy(v) for v in value)
    import copy

    return copy.deepcopy(value)


def _memo(method):
    answers: dict = {}

    async def remembered(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key in answers:
            return _copy(answers[key])  # callers may change what they get
        answer = await method(*args, **kwargs)
        if len(answers) < SCHEMA_MEMO_ENTRIES:
            answers[key] = _copy(answer)
        return answer

    return remembered


def _memoize_table_permissions(datasette) -> None:
    """Datasette 0.65.5 answers "may this table be viewed" by deep-copying
    the whole metadata (every table's description and every canned query)
    and merging it again: 3 ms per table, and the home page asks for every
    table.  The metadata does not change while the server runs, so each
    table's answer is worked out once (a new metadata object starts over)."""
    original = getattr(datasette, "_table_permission_allows", None)
    if original is None or "_table_permission_allows" in vars(datasette):
        return
    answers: dict = {}

    def remembered(database, table):
        key = (id(getattr(datasette, "_metadata_local", None)), database, table)
        if key not in answers:
            if len(answers) >= SCHEMA_MEMO_ENTRIES:
                return original(database, table)
            answers[key] = original(database, table)
        return list(answers[key])

    datasette._table_permission_allows = remembered


def _plain_absolute_url(datasette) -> None:
    """Datasette's absolute_url (called for every facet value's link) joins
    the request's URL with a PrefixedUrlString, whose every method lookup
    calls dir(str): about a fifth of a facet page's link work.  The same
    join with the path as a plain string gives the same URL."""
    original = getattr(datasette, "absolute_url", None)
    if original is None or "absolute_url" in vars(datasette):
        return

    def absolute_url(request, path):
        return original(request, str.__str__(path) if isinstance(path, str) else path)

    datasette.absolute_url = absolute_url


def _refresh_schemas_once(datasette) -> None:
    """Datasette re-reads every database's schema version on each request
    (three queries); immutable files need it once."""
    original = getattr(datasette, "refresh_schemas", None)
    if original is None:
        return
    done = asyncio.Event()

    async def once():
        if not done.is_set():
            await original()
            done.set()

    datasette.refresh_schemas = once


def _chain_shutdown_signals() -> None:
    """Run after the server installed its own handlers: on SIGTERM/SIGINT
    stop all queries first, then let the server shut down."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if getattr(previous, "_jbz_guard", False):
            continue

        def handler(signum, frame, previous=previous):
            stop_all_queries()
            if callable(previous):
                previous(signum, frame)
            elif previous == signal.SIG_DFL:
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)

        handler._jbz_guard = True
        signal.signal(sig, handler)


# --- error messages -----------------------------------------------------------------------

def _time_limit_s(datasette) -> str:
    ms = datasette.setting("sql_time_limit_ms") or 0
    return f"{ms / 1000:g}"


def _translated_in_chain(exception) -> str | None:
    """The Dutch message of an SQL error our execute wrapper translated, when
    Datasette raised its own error while handling it (DatasetteError(str(e)))."""
    seen = 0
    while exception is not None and seen < 8:
        dutch = getattr(exception, "jbz_dutch", None)
        if dutch:
            return dutch
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return None


def explain(exception, datasette) -> tuple[int, str] | None:
    """(status, Dutch message) for an exception a user's request caused."""
    from datasette.database import QueryInterrupted
    from datasette.utils.asgi import Base400

    text = str(getattr(exception, "message", None) or exception)
    if isinstance(exception, WaitedTooLong):
        return 503, MSG_BUSY
    if isinstance(exception, RowsTooLarge):
        return 400, MSG_ROWS_TOO_BIG.format(mb=MAX_ROWS_BYTES // 1_000_000)
    if isinstance(exception, MemoryError):
        return 400, MSG_NO_MEMORY
    if isinstance(exception, QueryInterrupted) or "interrupted" == text or "SQL query took too long" in text:
        return 400, MSG_TIMEOUT.format(s=_time_limit_s(datasette))
    translated = _translated_in_chain(exception)
    if translated is not None:
        return 400, translated
    dutch = dutch_sql_message(text)
    if dutch is not None:
        return 400, dutch
    m = re.match(r"Cannot sort table by (.*)", text)
    if m:
        return 400, MSG_SORT.format(column=m.group(1))
    if isinstance(exception, json.JSONDecodeError):
        return 400, MSG_BAD_PARAMETER.format(detail="geen geldige JSON")
    if isinstance(exception, Base400):
        if exception.status == 404:
            return 404, MSG_NOT_FOUND.format(detail=text)
        return exception.status, MSG_CANNOT.format(detail=text)
    status = getattr(exception, "status", None)
    if type(exception).__name__ == "DatasetteError":
        # Datasette raises these for requests it cannot answer; without a
        # status they would be a 500 although the request is at fault.
        return (status if status and status < 500 else 400), MSG_CANNOT.format(detail=text)
    return None


async def error_response(datasette, request, status: int, message: str, path: str, headers=None):
    from datasette.utils.asgi import Response

    title = TITLES.get(status, "Fout")
    # Datasette's own details in Dutch (plugins/jbz_dutch.py registers the filter; 1.0 alphas keep the environment private)
    env = getattr(datasette, "jinja_env", None) or getattr(datasette, "_jinja_env", None)
    translate = env.filters.get("nl") if env is not None else None
    if translate is not None:
        message = translate(message)
    if path.endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status, "title": title},
                             status=status, headers=headers)
    if path.endswith(".csv"):
        return Response.text(message + "\n", status=status, headers=headers)
    try:
        html = await datasette.render_template(
            [f"{status}.html", "error.html"],
            {"ok": False, "error": message, "status": status, "title": title},
            request=request,
        )
    except Exception:  # never let an error page fail
        html = f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{_escape(message)}</p>"
    return Response.html(html, status=status, headers=headers)


def _escape(text: str) -> str:
    import markupsafe

    return str(markupsafe.escape(text))


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    found = explain(exception, datasette)
    if found is None:
        return None
    status, message = found

    headers = {"retry-after": "5"} if status == 503 else None

    async def inner():
        return await error_response(datasette, request, status, message, request.path, headers)

    return inner


# --- checks before Datasette sees the request --------------------------------------------

_BAD_SEGMENT = re.compile(r"(^|/)\.{1,2}(/|$)")


def check_path(raw_path: bytes, path: str, query_string: bytes) -> tuple[int, str] | None:
    if len(raw_path) > MAX_PATH_CHARS or len(path) > MAX_PATH_CHARS:
        return 414, MSG_PATH_TOO_LONG.format(n=f"{MAX_PATH_CHARS:,}".replace(",", "."))
    if len(query_string) > MAX_QUERY_STRING_CHARS:
        return 414, MSG_QUERY_TOO_LONG.format(n=f"{MAX_QUERY_STRING_CHARS:,}".replace(",", "."))
    raw = raw_path.decode("latin-1")
    for candidate in (path, raw, unquote(raw)):
        if _BAD_SEGMENT.search(candidate) or "\x00" in candidate or "\\" in candidate:
            return 400, MSG_BAD_PATH
    return None


def short_search_term(params: list[tuple[str, str]], match_params: set[str]) -> str | None:
    """The first search text of a request too short for the part-of-a-word lookup:
    a word under MIN_SEARCH_CHARS in a table search (`_search`, `_search_col`:
    Datasette searches each word, so one short word finds nothing), or a
    canned query's MATCH parameter under MIN_SEARCH_CHARS as a whole (it is
    searched as one phrase).  Empty texts are fine: they mean "all"."""
    for key, value in params:
        if key == "_searchmode":
            continue
        if key.startswith("_search"):
            words = value.replace('"', " ").split()
            if any(len(w) < MIN_SEARCH_CHARS for w in words) or (value.strip() and not words):
                return value.strip()
        elif key in match_params:
            if value.strip() and len(value.replace('"', "").strip()) < MIN_SEARCH_CHARS:
                return value.strip()
    return None


_MATCH_PARAM = re.compile(r"\bmatch\b[^\n]*?:(\w+)", re.IGNORECASE)


_MATCH_PARAMS: dict = {}


async def match_params(datasette, database: str, query: str) -> set[str]:
    """Parameters a canned query uses in an FTS MATCH."""
    if (database, query) not in _MATCH_PARAMS:
        try:
            q = (await canned_queries(datasette, database)).get(query)
        except Exception:
            q = None
        _MATCH_PARAMS[(database, query)] = set(_MATCH_PARAM.findall(q.get("sql", ""))) if q else set()
    return _MATCH_PARAMS[(database, query)]


# --- the ASGI wrapper ----------------------------------------------------------------------


class _BodyTooLarge(Exception):
    """A streamed response reached MAX_BODY_BYTES: it was ended with a note;
    raised to stop the view making more."""


@hookimpl(trylast=True)
def asgi_wrapper(datasette):
    """Outermost layer (trylast): checks, static files, cached pages, arbitrary
    SQL on its own threads with a bounded queue, deadlines and a body cap."""
    from jbz.serve import worker_load

    state = {"heavy": 0, "load": worker_load()}  # load: None unless a worker of `jbz serve --workers N`
    cache = ResponseCache(RESPONSE_CACHE_BYTES)
    gate = RenderGate(RENDER_SLOTS, RENDER_QUEUE)
    static_cache: dict = {}

    def _prerender_first(app, send):
        """Hold the server's 'started' until the pages that do not depend
        on the request are in the cache: the first visitors get them made."""
        async def inner(message):
            if message.get("type") == "lifespan.shutdown.complete" and state.get("load"):
                state["load"].leave()
            if message.get("type") == "lifespan.startup.complete" and _cacheable(datasette, "/"):
                await datasette.invoke_startup()  # done already by `datasette serve`; not in `jbz serve`'s workers
                paths = await prerender_paths(datasette)
                stored, tried, took = await prerender(app, cache, paths, PRERENDER_SECONDS)
                print(f"jbz_guard: {stored} of {tried} pages made in {took:.1f} s before accepting requests",
                      file=sys.stderr)
            await send(message)

        return inner

    def wrap(app):
        async def guard(scope, receive, send):
            if scope["type"] == "lifespan":
                await app(scope, _lifespan_receive(receive), _prerender_first(app, send))
                return
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            if not state.get("load"):
                await answer(app, scope, receive, send)
                return
            load = state["load"]
            load.change(1)
            try:
                await answer(app, scope, receive, _hand_back_when_busier(send, load))
            finally:
                load.change(-1)

        return guard

    async def answer(app, scope, receive, send):
        path = scope.get("path", "")
        if scope.get("method") not in ("GET", "HEAD", "OPTIONS"):  # before anything reads a request body
            await _send_error(datasette, scope, receive, send, 405, MSG_READ_ONLY, [("allow", "GET, HEAD, OPTIONS")])
            return
        raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        query_string = scope.get("query_string", b"")
        problem = check_path(raw_path, path, query_string)
        if problem:
            await _send_error(datasette, scope, receive, send, *problem)
            return
        params = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
        short = await _short_search(datasette, path, params)
        if short:
            await _send_error(datasette, scope, receive, send, 400, short)
            return
        heavy = any(k in HEAVY_PARAMS for k, _ in params) or ("_searchmode", "raw") in params
        streaming = any(k == "_stream" and v not in ("", "0", "off") for k, v in params)
        if heavy and state["heavy"] >= HEAVY_MAX_PENDING:
            await _send_error(datasette, scope, receive, send, 503, MSG_BUSY, [("retry-after", "5")])
            return
        cacheable = False
        if scope.get("method") in ("GET", "HEAD"):
            static = _static_file(datasette, path)
            if static is not None:
                await _send_static(datasette, scope, send, static, static_cache)
                return
            cacheable = not heavy and not streaming and _cacheable(datasette, path)
            if cacheable and await cache.replay(scope, send):
                return
            if cacheable:
                await cache.wait_if_making(scope)
                if await cache.replay(scope, send):
                    return
        gated = not heavy and not streaming
        if gated and gate.full():
            await _send_error(datasette, scope, receive, send, 503, MSG_PAGES_BUSY.format(n=gate.waiting),
                              [("retry-after", "2")])
            return
        # Arbitrary SQL: all its queries end by a deadline counted from
        # arrival, so waiting in the queue counts; other pages have
        # Datasette's per-query limits (a queue wait under load is no fault).
        deadline = None
        if heavy or streaming:
            budget = STREAM_SQL_BUDGET_S if streaming else (
                (datasette.setting("sql_time_limit_ms") + REQUEST_SQL_SLACK_MS) / 1000)
            deadline = time.perf_counter() + budget
        tokens = (_HEAVY.set(heavy), _DEADLINE.set(deadline))
        if heavy:
            state["heavy"] += 1
        async def too_big():
            await _send_error(datasette, scope, receive, send, 400, MSG_BODY_TOO_BIG.format(mb=MAX_BODY_BYTES // 1_000_000))

        out = _capped(send, too_big)
        if path.endswith(".csv"):
            out = _csv_errors_visible(datasette, scope, receive, out)
        try:
            if gated:
                # The page is made in a slot and sent after: a client
                # that reads slowly never holds a slot.
                made: list = []

                async def keep(message):
                    made.append(message)

                with (cache.making_of(scope) if cacheable else contextlib.nullcontext()):
                    async with gate.slot():
                        if cacheable:
                            await cache.record(app, scope, receive, keep)
                        else:
                            await app(scope, receive, keep)
                for message in made:
                    await out(message)
            else:
                await app(scope, receive, out)
        except _BodyTooLarge:
            pass  # the response was ended with a note; the view is stopped
        finally:
            if heavy:
                state["heavy"] -= 1
            _DEADLINE.reset(tokens[1])
            _HEAVY.reset(tokens[0])

    return wrap


def _hand_back_when_busier(send, load):
    """`Connection: close` on the answer when this worker of `jbz serve` is
    busier than another (jbz.serve.WorkerLoad): the client's next request
    comes on a new connection, which the less busy worker usually takes."""
    async def inner(message):
        if message["type"] == "http.response.start" and load.should_hand_back():
            headers = [(k, v) for k, v in message.get("headers") or [] if k.lower() != b"connection"]
            message = {**message, "headers": headers + [(b"connection", b"close")]}
        await send(message)

    return inner


def _lifespan_receive(receive):
    async def inner():
        message = await receive()
        if message.get("type") == "lifespan.startup":
            _chain_shutdown_signals()
        return message

    return inner


def _capped(send, too_big):
    """No generated body over MAX_BODY_BYTES.  The response's start is held
    until its first body part: a body sent whole (every page, JSON and
    non-streamed CSV) that is too big is answered with `too_big()` (a 400
    with a Dutch message) instead.  A streamed body (`_stream=on`) has
    already started with 200 when it reaches the cap: it ends there, after
    its last whole part, with a Dutch note as its last line."""
    sent = 0
    held = None
    cut = False

    async def inner(message):
        nonlocal sent, held, cut
        if cut:
            raise _BodyTooLarge()
        if message["type"] == "http.response.start":
            held = message
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        if sent + len(body) > MAX_BODY_BYTES:
            cut = True
            if held is not None:  # nothing sent yet: a proper 4xx
                held = None
                await too_big()
                raise _BodyTooLarge()
            note = "\n" + MSG_STREAM_CUT.format(mb=MAX_BODY_BYTES // 1_000_000) + "\n"
            await send({"type": "http.response.body", "body": note.encode("utf-8"), "more_body": False})
            raise _BodyTooLarge()
        if held is not None:
            await send(held)
            held = None
        sent += len(body)
        await send(message)

    return inner


def _csv_errors_visible(datasette, scope, receive, send):
    """Datasette answers a query that failed as CSV with 200 and an empty
    body (no header row: a real answer always has one); make that a 400."""
    held: list = []  # the 200 start and the body so far, while it is blank

    async def inner(message):
        if message["type"] == "http.response.start" and message["status"] == 200:
            held.append(message)
            return
        if held and message["type"] == "http.response.body":
            held.append(message)
            blank = not any(m.get("body", b"").strip() for m in held[1:])
            if blank and message.get("more_body", False):
                return
            if blank:
                held.clear()
                await _send_error(datasette, scope, receive, send, 400, MSG_CSV_FAILED)
                return
            for m in held:
                await send(m)
            held.clear()
            return
        await send(message)

    return inner


async def _send_error(datasette, scope, receive, send, status, message, headers=None):
    from datasette.utils.asgi import Request

    # outside Datasette's CSRF layer: templates still expect a csrftoken() to call
    request = Request({"csrftoken": lambda: "", **scope}, receive)
    response = await error_response(datasette, request, status, message, scope.get("path", ""), dict(headers or []))
    await response.asgi_send(send)


async def _short_search(datasette, path: str, params) -> str | None:
    if not params:
        return None
    parts = [unquote(p) for p in path.split("/") if p]
    names: set[str] = set()
    if len(parts) == 2 and parts[0] in datasette.databases:
        names = await match_params(datasette, parts[0], parts[1].rsplit(".", 1)[0] if "." in parts[1] else parts[1])
    term = short_search_term(params, names)
    if term is None:
        return None
    shown = term if len(term) <= 40 else term[:40] + "…"
    return MSG_SEARCH_SHORT.format(term=shown, n=MIN_SEARCH_CHARS)


# Reading pages (plugins/jbz_pages.py): made from the immutable database and
# the address alone.
READING_PAGES = re.compile(r"^/(brief|vergadering|agendapunt|persoon|eu-dossier)/[^/]+$|^/downloads$")


def _cacheable(datasette, path: str) -> bool:
    """Pages of an immutable database (and the home page): the same address
    always gives the same page until the next build."""
    immutable = [db for name, db in datasette.databases.items() if name != "_internal"]
    if path == "/" or READING_PAGES.match(path):
        return bool(immutable) and all(not db.is_mutable and not db.is_memory for db in immutable)
    if path.startswith("/-/"):
        return False
    first = unquote(path.strip("/").split("/")[0]).split(".")[0]
    db = datasette.databases.get(first)
    return db is not None and not db.is_mutable and not db.is_memory


_SAFE_HOST = re.compile(rb"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")


class ResponseCache:
    """Whole 200 responses of cacheable pages, least recently used first
    out, at most `budget` bytes (entries up to CACHED_PAGE_BYTES).

    Datasette writes absolute links (`http://<host>/…`: facet links, the
    JSON alternate) into its pages, so a page is stored with the request's
    host replaced by PRERENDER_HOST and the host of each later request put
    back: one entry serves every host (hosts of letters, digits, dots and
    hyphens only; another host gets a page made for it).  A page that
    shows the host in another way is stored for that host alone.  A page
    being made is made once: the same request arriving meanwhile waits."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.entries: OrderedDict = OrderedDict()
        self.making: dict = {}  # key -> asyncio.Event of a page being made

    @staticmethod
    def key(scope, host: bytes = b"") -> tuple:
        return scope["method"], scope["path"], scope.get("query_string", b""), scope.get("scheme", "http"), host

    @staticmethod
    def host(scope) -> bytes:
        return dict(scope.get("headers") or []).get(b"host") or b"localhost"  # as Datasette's request.host

    def lookup(self, scope):
        """(start, body) for this request, or None."""
        host = self.host(scope)
        key = self.key(scope)
        entry = self.entries.get(key)
        if entry is not None:
            start, body, templated = entry
            if templated and not _SAFE_HOST.fullmatch(host):
                return None
            self.entries.move_to_end(key)
            if templated:
                start, body = _with_host(start, body, PRERENDER_HOST, host)
            return start, body
        entry = self.entries.get(self.key(scope, host))
        if entry is None:
            return None
        self.entries.move_to_end(self.key(scope, host))
        return entry[0], entry[1]

    async def replay(self, scope, send) -> bool:
        entry = self.lookup(scope)
        if entry is None:
            return False
        start, body = entry
        await send(start)
        await send({"type": "http.response.body", "body": body})
        return True

    async def wait_if_making(self, scope) -> None:
        """When the same page is being made (or waits to be), wait until it is done."""
        event = self.making.get(self.key(scope))
        if event is not None:
            await event.wait()

    @contextlib.contextmanager
    def making_of(self, scope):
        """While the page is made: the same request arriving meanwhile waits
        for it (from before it waits for a slot, so it is made once)."""
        key = self.key(scope)
        event = None
        if key not in self.making:
            event = self.making[key] = asyncio.Event()
        try:
            yield
        finally:
            if event is not None:
                del self.making[key]
                event.set()

    async def record(self, app, scope, receive, send, keep_host_bound: bool = True) -> None:
        captured: dict = {"body": [], "size": 0}

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["start"] = message
            elif captured["size"] <= CACHED_PAGE_BYTES:
                chunk = message.get("body", b"")
                captured["body"].append(chunk)
                captured["size"] += len(chunk)
            await send(message)

        with self.making_of(scope):
            await app(scope, receive, capture)
            self._store(scope, captured, keep_host_bound)

    def _store(self, scope, captured, keep_host_bound) -> None:
        start = captured.get("start")
        if (not start or start["status"] != 200 or captured["size"] > CACHED_PAGE_BYTES
                or any(k.lower() == b"set-cookie" for k, _ in start.get("headers", []))):
            return
        body = b"".join(captured["body"])
        host = self.host(scope)
        templated = bound = False
        if _SAFE_HOST.fullmatch(host) and (host == PRERENDER_HOST or not _mentions(start, body, PRERENDER_HOST)):
            if not _mentions(*_with_host(start, body, host, b""), host):  # the host only in links
                start, body = _with_host(start, body, host, PRERENDER_HOST)
                templated = True
        if not templated:
            bound = _mentions(start, body, host)
            if bound and not keep_host_bound:
                return
        key = self.key(scope, host if bound else b"")
        if key in self.entries:
            return
        self.entries[key] = (start, body, templated)
        self.size += len(body)
        while self.size > self.budget and self.entries:
            _, (_, old, _) = self.entries.popitem(last=False)
            self.size -= len(old)


def _mentions(start, body: bytes, text: bytes) -> bool:
    return text in body or any(text in v for _, v in start.get("headers", []))


def _with_host(start, body: bytes, old: bytes, new: bytes):
    """The response with the host `old` of its links (`//old`) made `new`,
    its content-length set again."""
    old, new = b"//" + old, b"//" + new
    headers = [(k, v.replace(old, new)) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    body = body.replace(old, new)
    if any(k.lower() == b"content-length" for k, _ in start.get("headers", [])):
        headers.append((b"content-length", str(len(body)).encode()))
    return {**start, "headers": headers}, body


class RenderGate:
    """At most `slots` pages made at once, at most `queue` waiting for a
    slot (first come, first served); `full()` says a new one should get 503.
    Two cores cannot make 50 pages at once faster than a few at a time, and
    pages from the cache never wait here."""

    def __init__(self, slots: int, queue: int):
        self.slots, self.queue = slots, queue
        self.running = self.waiting = 0
        self._semaphore = None

    def full(self) -> bool:
        return self.running >= self.slots and self.waiting >= self.queue

    @contextlib.asynccontextmanager
    async def slot(self):
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.slots)
        self.waiting += 1
        try:
            await self._semaphore.acquire()
        finally:
            self.waiting -= 1
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            self._semaphore.release()


async def prerender_paths(datasette) -> list[str]:
    """Pages that do not depend on the request, most visited first: the home
    page, the downloads page, each database page, and each table, view and
    canned query as the home page links to it (no parameters)."""
    paths = ["/", "/downloads"]
    later: list[str] = []
    for name, db in datasette.databases.items():
        if name == "_internal" or db.is_mutable or db.is_memory:
            continue
        paths.append(datasette.urls.database(name))
        with contextlib.suppress(Exception):
            hidden = set(await db.hidden_table_names())
            for table in list(await db.table_names()) + list(await db.view_names()):
                if table not in hidden:
                    paths.append(datasette.urls.table(name, table))
        with contextlib.suppress(Exception):
            for query in await canned_queries(datasette, name):
                later.append(datasette.urls.query(name, query))
    return paths + later


async def prerender(app, cache: ResponseCache, paths: list[str], seconds: float) -> tuple[int, int, float]:
    """Make `paths` into the cache through `app`, with a host no request
    has, for at most `seconds`: (pages stored, pages tried, seconds taken)."""
    started = time.perf_counter()
    tried = 0
    before = len(cache.entries)
    for path in paths:
        if time.perf_counter() - started > seconds:
            break
        tried += 1
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": unquote(path), "raw_path": path.encode("latin-1"), "query_string": b"", "root_path": "",
            "headers": [(b"host", PRERENDER_HOST)], "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0),
        }

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def discard(message):
            return None

        with contextlib.suppress(Exception):
            await cache.record(app, scope, receive, discard, keep_host_bound=False)
    return len(cache.entries) - before, tried, time.perf_counter() - started


# --- static files ----------------------------------------------------------------------------

def _static_file(datasette, path: str) -> tuple[Path, str | None] | None:
    """(file, download name) for the .db download and files of static mounts
    (`--static name:dir`, Datasette's /-/static/), else None."""
    name = unquote(path.lstrip("/"))
    if name.endswith(".db") and "/" not in name:
        db = datasette.databases.get(name[:-3])
        if db is not None and db.path and not db.is_mutable and not db.is_memory and datasette.setting("allow_download"):
            return Path(db.path), os.path.basename(db.path)
        return None
    mounts = list(getattr(datasette, "static_mounts", None) or [])
    mounts.append(("-/static", str(Path(__import__("datasette").__file__).parent / "static")))
    for mount, directory in mounts:
        prefix = "/" + mount.strip("/") + "/"
        if path.startswith(prefix):
            root = Path(directory).resolve()
            target = (root / unquote(path[len(prefix):])).resolve()
            if target.is_file() and target.is_relative_to(root):
                return target, None
            return None
    return None


async def _send_static(datasette, scope, send, static, cache):
    path, download_name = static
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    etag = cache.get(("etag",) + key)
    if etag is None:
        etag = '"%s"' % hashlib.sha256(f"{key}".encode()).hexdigest()[:32]
        cache[("etag",) + key] = etag
    content_type = "application/octet-stream" if download_name else (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    if content_type.startswith("text/") or content_type in ("application/json", "application/javascript"):
        content_type += "; charset=utf-8"
    headers = [
        (b"content-type", content_type.encode()),
        (b"etag", etag.encode()),
        (b"cache-control", f"public, max-age={datasette.setting('default_cache_ttl') or 0}".encode()),
    ]
    if download_name:
        headers.append((b"content-disposition", f'attachment; filename="{download_name}"'.encode()))
    request_headers = dict(scope.get("headers") or [])
    if request_headers.get(b"if-none-match", b"").decode("latin-1") == etag:
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers.append((b"content-length", str(stat.st_size).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    if scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b""})
        return
    if stat.st_size <= STATIC_IN_MEMORY_BYTES:
        body = cache.get(key)
        if body is None:
            body = await asyncio.to_thread(path.read_bytes)
            cached = sum(len(v) for v in cache.values() if isinstance(v, bytes))
            if cached + len(body) <= 4 * STATIC_IN_MEMORY_BYTES:
                cache[key] = body
        await send({"type": "http.response.body", "body": body})
        return
    with open(path, "rb") as f:
        while True:
            chunk = await asyncio.to_thread(f.read, 1 << 20)
            more = len(chunk) == 1 << 20
            await send({"type": "http.response.body", "body": chunk, "more_body": more})
            if not more:
                break
