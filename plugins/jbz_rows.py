"""Big answers stay fast (loaded with --plugins-dir plugins).

Canned-query pages show one bounded page of rows; a whole table as CSV comes
from the data package.

A canned query with every box empty answers up to `max_returned_rows` (2,000)
rows.  Their SQL takes milliseconds, but Datasette renders every cell through
the plugins' `render_cell` and the page grows to 1-3 MB: 0.35-1.2 s per page
at 2,000 letters.  So the HTML page of a canned query shows ROWS_PER_PAGE rows
(`_vanaf=N` starts at row N, with links to the previous and next page) and
says in Dutch how many rows the answer has; the CSV and JSON of the same
address (`.csv`, `.json`) keep the whole answer, so do charts (they draw from
the JSON).  The query runs once, as before: only the rows put on the page are
cut, so the counts on the page are those of the answer.

A whole table as a streamed CSV (`/<db>/<table>.csv?_stream=on`, no filter,
search or sort) is sent to the data package's CSV of that table
(`/package/data/<table>.csv`, a 302): the same columns and every row, read
from a file instead of 2,000-row queries.  Through Datasette the stream ran
at a tenth of a direct dump and stopped at `max_csv_mb` (paragraphs at 2,000
letters: 150 MB).  The label columns of `_labels=on` are not in the package
file; a filtered, searched or sorted CSV is still streamed by Datasette.

Every connection reads the (immutable) database through a memory map: a
search for a frequent word looks up tens of thousands of rows by rowid, five
times per page (rows, count, three facets), and each page read from the file
was a system call and a copy.  Mapped, that page's SQL took 21 % less CPU at
2,000 letters (median of 12 interleaved runs: 301 -> 237 ms).  The map is
address space, not memory the server allocates: pages are the file's cached
pages, shared between connections and given back by the kernel under pressure.
"""

from __future__ import annotations

import contextvars
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from datasette import hookimpl
from jbz.datasette_compat import canned_queries

ROWS_PER_PAGE = 100
MMAP_BYTES = 2_000_000_000  # databases read through a memory map up to this size (SQLite's default cap is 2 GB)
START_PARAM = "_vanaf"  # 1-based number of the first row on the page

# The canned query of this request and what its answer held (set per request).
_PAGE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jbz_rows_page", default=None)
_QUERY_PAGE = re.compile(r"^/(?P<db>[^/]+)/(?P<name>[^/.]+)$")
_TABLE_CSV = re.compile(r"^/(?P<db>[^/]+)/(?P<table>[^/.]+)\.csv$")
# Arguments that leave a streamed CSV the whole table (anything else filters, sorts or reshapes it).
WHOLE_TABLE_ARGS = {"_stream", "_size", "_labels", "_dl"}


def start_row(query_string: bytes) -> int:
    """The `_vanaf` row asked for (1 when absent or not a positive number)."""
    for key, value in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True):
        if key == START_PARAM:
            try:
                return max(1, int(value.strip()))
            except ValueError:
                return 1
    return 1


async def _canned_sql(datasette, database: str, name: str) -> str | None:
    try:
        queries = await canned_queries(datasette, database)
    except Exception:  # noqa: BLE001 - no such database: Datasette answers 404 itself
        return None
    query = (queries or {}).get(name)
    return query.get("sql") if query else None


def cut(rows: list, start: int, per_page: int = ROWS_PER_PAGE) -> list:
    """The rows of the page that starts at row `start` (1-based)."""
    return list(rows[start - 1:start - 1 + per_page])


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.execute(f"pragma mmap_size={MMAP_BYTES}").fetchall()


@hookimpl
def startup(datasette):
    """Wrap Datasette's execute: the one query of a canned-query HTML page
    (run with truncate=True, Datasette's own SQL) hands back only the rows
    of the page; everything else passes untouched."""
    if getattr(datasette, "_jbz_rows_wrapped", False):
        return
    execute = datasette.execute

    async def paged_execute(db_name, sql, params=None, truncate=False, *args, **kwargs):
        results = await execute(db_name, sql, params, truncate, *args, **kwargs)
        page = _PAGE.get()
        if page is None or not truncate or "total" in page or sql.strip() != page["sql"].strip():
            return results
        page["total"] = len(results.rows)
        page["truncated"] = results.truncated
        results.rows = cut(results.rows, page["start"])
        return results

    datasette.execute = paged_execute
    datasette._jbz_rows_wrapped = True


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def paged(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                target = whole_table_csv(datasette, scope.get("path") or "", scope.get("query_string") or b"")
                if target:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode()), (b"content-type", b"text/plain; charset=utf-8")]})
                    await send({"type": "http.response.body", "body": f"De hele tabel als CSV: {target}".encode()})
                    return
            match = _QUERY_PAGE.match(scope.get("path") or "") if scope.get("type") == "http" else None
            sql = None
            if match and scope.get("method") in ("GET", "HEAD"):
                sql = await _canned_sql(datasette, unquote(match["db"]), unquote(match["name"]))
            if sql is None:
                await app(scope, receive, send)
                return
            token = _PAGE.set({"sql": sql, "start": start_row(scope.get("query_string") or b"")})
            try:
                await app(scope, receive, send)
            finally:
                _PAGE.reset(token)

        return paged

    return wrap


def whole_table_csv(datasette, path: str, query_string: bytes) -> str | None:
    """The data package's CSV address for a streamed CSV of a whole table, else None."""
    match = _TABLE_CSV.match(path)
    if not match:
        return None
    args = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    if not any(k == "_stream" and v not in ("", "0", "off") for k, v in args):
        return None
    if any(k not in WHOLE_TABLE_ARGS for k, _ in args):
        return None
    table = unquote(match["table"])
    if unquote(match["db"]) not in datasette.databases or not re.fullmatch(r"\w+", table):
        return None
    for mount, directory in getattr(datasette, "static_mounts", None) or []:
        if mount == "package" and (Path(directory) / "data" / f"{table}.csv").is_file():
            return datasette.urls.path(f"/package/data/{table}.csv")
    return None


def page_facts(page: dict | None, request, per_page: int = ROWS_PER_PAGE) -> dict | None:
    """What the template says about the rows on the page: which rows of how
    many, and the addresses of the previous and next page."""
    if not page or "total" not in page:
        return None
    from datasette.utils import path_with_removed_args, path_with_replaced_args

    start, total = page["start"], page["total"]
    shown = max(0, min(total, start - 1 + per_page) - (start - 1))
    facts = {"first": start, "last": start - 1 + shown, "total": total, "truncated": page["truncated"],
             "per_page": per_page, "paged": total > per_page or start > 1, "prev_url": None, "next_url": None,
             "first_url": path_with_removed_args(request, {START_PARAM})}
    if start > 1:
        previous = max(1, start - per_page)
        facts["prev_url"] = (facts["first_url"] if previous == 1
                             else path_with_replaced_args(request, {START_PARAM: str(previous)}))
    if start - 1 + per_page < total:
        facts["next_url"] = path_with_replaced_args(request, {START_PARAM: str(start + per_page)})
    return facts


@hookimpl
def extra_template_vars(template, request):
    if template != "query.html" and not template.startswith("query-"):
        return {}
    return {"jbz_rows": page_facts(_PAGE.get(), request)}
