"""Datasette plugin for the JBZ letters site (loaded with --plugins-dir plugins).

- Cells: letter ids link to the letter's row and to its official publication
  on zoek.officielebekendmakingen.nl; ids in query results link to their
  rows; URLs are links; search snippets show their <mark> highlights (all
  other text stays escaped); JSON arrays read as lists.
- The home page and footer get the build information (the `_build_info`
  table written by `jbz build`, else the database file's modification time)
  and a summary of the tables, canned queries and charts.
- /-/jbz-site.css: the few styles of the home page and the snippets.
- Read-only: any request but GET/HEAD/OPTIONS gets 405.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{}.html"
BUILD_INFO_TABLE = "_build_info"

# Columns holding an id, and the table the id is the primary key of.
ID_COLUMNS = {
    "letter_id": "letters",
    "target_letter_id": "letters",
    "nummer_evidence_letter_id": "letters",
    "agenda_item_id": "agenda_items",
    "meeting_id": "meetings",
    "citation_id": "citations",
    "motion_id": "motions",
    "person_id": "people",
    "paragraph_id": "paragraphs",
    "footnote_id": "footnotes",
}
ARRAY_COLUMNS = {"signatory_names", "movers", "roles"}
URL_RE = re.compile(r"^https?://\S+$")
MARKS = {"&lt;mark&gt;": "<mark>", "&lt;/mark&gt;": "</mark>"}


def _ref_table(value: str) -> str:
    """The table of a `ref` id in search results (paragraph, footnote or item)."""
    if re.search(r"-p\d+$", value):
        return "paragraphs"
    if re.search(r"-fn\d+$", value):
        return "footnotes"
    return "agenda_items"


def _row_link(datasette, database: str, table: str, value: str, label: str | None = None) -> str:
    href = datasette.urls.row(database, table, tilde_encode(value))
    return f'<a href="{markupsafe.escape(href)}">{markupsafe.escape(label or value)}</a>'


def _official_link(letter_id: str) -> str:
    if not letter_id.startswith("kst-"):
        return ""
    url = OFFICIAL_URL.format(letter_id)
    return (
        f' <a class="jbz-official" href="{markupsafe.escape(url)}" rel="nofollow noopener"'
        f' title="The letter on officielebekendmakingen.nl">officiële publicatie ↗</a>'
    )


def _url_link(url: str) -> markupsafe.Markup:
    return markupsafe.Markup(
        f'<a href="{markupsafe.escape(url)}" rel="nofollow noopener">{markupsafe.escape(url)}</a>'
    )


def marked(text: str) -> markupsafe.Markup:
    """Escape a search snippet, then let only its <mark> tags through."""
    html = str(markupsafe.escape(text))
    for escaped, tag in MARKS.items():
        html = html.replace(escaped, tag)
    html = re.sub(r"&lt;/?m?a?r?k?$", "", html)  # a tag cut at the end of the window
    if html.count("<mark>") > html.count("</mark>"):
        html += "</mark>"
    return markupsafe.Markup(html)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    base_tables = _base_tables(datasette, database)
    if isinstance(value, dict):  # a foreign key Datasette expanded to its label
        if ID_COLUMNS.get(column) == "letters" and isinstance(value.get("value"), str):
            letter_id = value["value"]
            label = value.get("label") or letter_id
            return markupsafe.Markup(
                _row_link(datasette, database, "letters", letter_id, label)
                + f"&nbsp;<em>{markupsafe.escape(letter_id)}</em>"
                + _official_link(letter_id)
            )
        return None
    if not isinstance(value, str) or not value:
        return None
    if column == "snippet" and table not in base_tables:
        return marked(value)
    if table == "letters" and column == "id":
        return markupsafe.Markup(str(markupsafe.escape(value)) + _official_link(value))
    # Ids link to their rows: in query results and views, and on row pages
    # (where Datasette 0.65 does not expand foreign keys to labels).
    target = ID_COLUMNS.get(column)
    if column == "ref" and table not in base_tables:
        target = _ref_table(value)
    if target:
        link = _row_link(datasette, database, target, value)
        if target == "letters":
            link += _official_link(value)
        return markupsafe.Markup(link)
    if URL_RE.match(value.strip()):
        return _url_link(value.strip())
    if column in ARRAY_COLUMNS and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if isinstance(items, list):
            return markupsafe.Markup("; ".join(str(markupsafe.escape(str(i))) for i in items))
    return None


_BASE_TABLES: dict[str, frozenset[str]] = {}


def _base_tables(datasette, database: str | None) -> frozenset[str]:
    """The schema's tables (whose foreign keys Datasette links itself)."""
    if database not in _BASE_TABLES:
        try:
            from jbz.schema import TABLES

            _BASE_TABLES[database] = frozenset(t.name for t in TABLES)
        except ImportError:  # serving without the jbz package installed
            _BASE_TABLES[database] = frozenset(
                {"letters", "meetings", "agenda_items", "paragraphs", "footnotes", "signatories", "data_issues",
                 "decision_types", "presidencies", "citations", "motions", "people", "mentions",
                 "positions", "stances", "outcomes"}
            )
    return _BASE_TABLES[database]


# --- build information and home page -------------------------------------------

def _jbz_database(datasette):
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        return name, db
    return None, None


async def build_info(datasette) -> dict:
    """The `_build_info` rows, with `built` (UTC) from its `built_at` or the file's mtime."""
    name, db = _jbz_database(datasette)
    if db is None:
        return {}
    info: dict = {"database": name}
    if await db.table_exists(BUILD_INFO_TABLE):
        rows = await db.execute(f"select key, value from [{BUILD_INFO_TABLE}] order by key")
        info.update({r["key"]: r["value"] for r in rows})
    if info.get("built_at"):
        info["built"] = _readable_time(info.pop("built_at"))
    if "built" not in info and db.path and os.path.exists(db.path):
        mtime = dt.datetime.fromtimestamp(os.path.getmtime(db.path), tz=dt.timezone.utc)
        info["built"] = mtime.strftime("%Y-%m-%d %H:%M UTC")
    if db.path and os.path.exists(db.path):
        info["size_mb"] = round(os.path.getsize(db.path) / 1e6, 1)
    return info


async def _table_meta(datasette, database: str, table: str) -> dict:
    """Title and description of a table: Datasette 0.65 and 1.0 alphas."""
    if hasattr(datasette, "table_metadata"):
        return datasette.table_metadata(database, table) or {}
    getter = getattr(datasette, "get_resource_metadata", None)
    return (await getter(database, table) or {}) if getter else {}


def _readable_time(value: str) -> str:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")


async def home(datasette, request) -> dict:
    """What the home page lists: scope, tables, queries, charts, downloads."""
    name, db = _jbz_database(datasette)
    if db is None:
        return {}
    counts = await db.table_counts(limit=100)
    hidden = set(await db.hidden_table_names())
    tables = []
    for table in await db.table_names():
        if table in hidden or table.startswith("_"):
            continue
        meta = await _table_meta(datasette, name, table)
        tables.append(
            {"name": table, "title": meta.get("title") or table, "description": meta.get("description") or "",
             "description_html": meta.get("description_html"),
             "count": counts.get(table), "summary": table.startswith("summary_")}
        )
    tables.sort(key=lambda t: (t["summary"], _TABLE_ORDER.get(t["name"], 99), t["name"]))
    views = []
    for view in sorted(await db.view_names()):
        meta = await _table_meta(datasette, name, view)
        views.append({"name": view, "title": meta.get("title") or view, "description": meta.get("description") or ""})
    queries = list((await datasette.get_canned_queries(name, request.actor if request else None)).values())
    scope = {}
    if await db.table_exists("letters") and await db.table_exists("meetings"):
        row = (await db.execute(
            "select (select count(*) from letters) as letters, (select count(*) from meetings) as meetings,"
            " (select min(start_date) from meetings) as first_meeting, (select max(start_date) from meetings) as last_meeting,"
            " (select count(*) from agenda_items) as agenda_items"
        )).first()
        scope = dict(row) if row else {}
    eu_files = []
    if await db.table_exists("eu_files"):  # the "follow a file" choice list: files on at least one agenda, most followed first
        eu_files = [dict(r) for r in (await db.execute(
            "select id, name_nl, meetings from eu_files where meetings > 0 order by meetings desc, name_nl"
        )).rows]
    return {
        "database": name,
        "eu_files": eu_files,
        "tables": tables,
        "views": views,
        "queries": [q for q in queries if not q.get("fragment")],
        "charts": [q for q in queries if q.get("fragment")],
        "scope": scope,
        "has_package": _package_dir(datasette) is not None,
        "allow_download": datasette.setting("allow_download"),
    }


_TABLE_ORDER = {name: i for i, name in enumerate((
    "letters", "meetings", "agenda_items", "eu_files", "positions", "paragraphs", "footnotes", "citations", "motions",
    "signatories", "people", "mentions", "data_issues", "decision_types", "stances", "outcomes", "presidencies",
))}


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    async def inner():
        out = {"jbz_build": await build_info(datasette)}
        if template == "index.html":
            out["jbz"] = await home(datasette, request)
        return out

    return inner


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/jbz-site.css")]


CSS = """
mark { background: #ffe27a; padding: 0 1px; }
dl.column-descriptions { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; font-size: 0.85em; }
dl.column-descriptions dt { font-weight: bold; }
dl.column-descriptions dd { margin: 0; color: #444; }
a.jbz-official { font-size: 0.8em; white-space: nowrap; }
.jbz-home section.content section { margin: 1.5em 0; }
.jbz-home .jbz-intro p { max-width: 52em; }
.jbz-home dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); gap: 0.8em; }
.jbz-home dl.cards > div { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 0.8em; }
.jbz-home dl.cards dt { font-weight: bold; }
.jbz-home dl.cards dd { margin: 0.3em 0 0 0; font-size: 0.9em; color: #333; }
.jbz-home .count { color: #666; font-weight: normal; }
.jbz-home form.search input[type=search] { font-size: 1.1em; width: 22em; max-width: 70%; padding: 4px; }
.jbz-home .built { color: #555; font-size: 0.9em; }
"""


# --- read-only serving ---------------------------------------------------------------

READ_METHODS = ("GET", "HEAD", "OPTIONS")


@hookimpl
def asgi_wrapper(datasette):
    """Refuse every request that could write (POST, PUT, PATCH, DELETE): the
    public site serves an immutable file and has nothing to accept."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") not in READ_METHODS:
                await send({
                    "type": "http.response.start", "status": 405,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS")],
                })
                await send({"type": "http.response.body", "body": "This site is read-only.".encode()})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


# --- routes ----------------------------------------------------------------------

def _package_dir(datasette) -> Path | None:
    """The folder mounted at /package/ (`--static package:dist/package`)
    when it holds the data package."""
    for mount, directory in getattr(datasette, "static_mounts", None) or []:
        if mount == "package" and Path(directory, "datapackage.json").is_file():
            return Path(directory)
    return None


async def css(request):
    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [
        (r"^/-/jbz-site\.css$", css),
    ]
