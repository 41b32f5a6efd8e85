"""Datasette plugin for the JBZ letters site (loaded with --plugins-dir plugins).

- Cells: letter ids link to the letter's row and to its official publication
  on zoek.officielebekendmakingen.nl; ids in query results link to their
  rows; URLs are links; search snippets show their <mark> highlights (all
  other text stays escaped); JSON arrays read as lists.
- The home page and footer get the build information (the `_build_info`
  table written by `jbz build`, else the database file's modification time)
  and a summary of the tables, canned queries and charts.
- /-/jbz-site.css: the few styles of the home page and the snippets.
- Dutch first: column headers, vocabulary values with a Dutch label next to
  the stored one, canned-query forms with labels, help and choice lists
  filled from the data (all from the `jbz_site` plugin configuration that
  `jbz build` writes into metadata.yml).
- Charts: every chart query draws its chart (Vega-Lite, vendored in
  plugins/vendor/) from the query's full JSON result, with or without a
  #fragment in the URL.
- Read-only: any request but GET/HEAD/OPTIONS gets 405.
- Table search (`?_search=`) finds part of a word, as the search query does:
  Datasette's escape_fts() is replaced by `jbz.queries.table_search`, which
  looks the typed word up in the database's vocabulary (`search_terms`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import markupsafe
from datasette import hookimpl
from jbz.datasette_compat import canned_queries
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{}.html"
BUILD_INFO_TABLE = "_build_info"

# Columns holding an id, and the table the id is the primary key of.
ID_COLUMNS = {
    "letter_id": "letters",
    "target_letter_id": "letters",
    "nummer_evidence_letter_id": "letters",
    "agenda_letter_id": "letters",  # eu_file_thread: the letters' addresses are these links (letters.url)
    "report_letter_id": "letters",
    "agenda_item_id": "agenda_items",
    "report_item_id": "agenda_items",
    "meeting_id": "meetings",
    "citation_id": "citations",
    "motion_id": "motions",
    "person_id": "people",
    "paragraph_id": "paragraphs",
    "footnote_id": "footnotes",
    "eu_file_id": "eu_files",
}
# Reading pages (plugins/jbz_pages.py) of the tables that have one.
READING_PAGES = {"letters": "/brief/", "meetings": "/vergadering/", "agenda_items": "/agendapunt/",
                 "people": "/persoon/", "eu_files": "/eu-dossier/"}


def _read_link(datasette, table: str, value: str) -> str:
    if table not in READING_PAGES:
        return ""
    href = datasette.urls.path(READING_PAGES[table] + tilde_encode(value))
    return f' <a class="jbz-read-link" href="{markupsafe.escape(href)}" title="Lees als pagina">lees&nbsp;›</a>'
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
    """The letter's publication (letters.url: a Kamerstuk `kst-…` or an annex `blg-…` has one)."""
    if not letter_id.startswith(("kst-", "blg-")):
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


def _vocab(datasette, column: str, value) -> markupsafe.Markup | None:
    """A vocabulary value with its Dutch label next to it: the value stays
    what you filter and query on, the label is what it means."""
    labels = (site_config(datasette).get("value_labels") or {}).get(column) or {}
    label = labels.get(value) if isinstance(value, str) else None
    if not label or label == value:
        return None
    return markupsafe.Markup(
        f'<span class="vocab-nl">{markupsafe.escape(label)}</span> <code class="vocab">{markupsafe.escape(value)}</code>'
    )


_VOCABULARIES: dict = {}  # (database file, size, mtime) -> its search_terms, sorted


def _vocabulary(conn) -> list[str]:
    try:
        path = next((row[2] for row in conn.execute("pragma database_list") if row[1] == "main"), "")
        key = (path, *(lambda st: (st.st_size, st.st_mtime_ns))(os.stat(path))) if path else None
    except OSError:
        key = None
    if key is None or key not in _VOCABULARIES:
        try:
            terms = [row[0] for row in conn.execute("select term from search_terms order by rowid")]
        except Exception:  # an older build or another database: start-of-word search only,
            return []  # and not remembered, so a failed read is tried again on the next connection
        if key is None:
            return terms
        _VOCABULARIES[key] = terms
    return _VOCABULARIES[key]


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so this one is used
def prepare_connection(conn, database, datasette):
    from jbz.queries import table_search

    vocabulary = _vocabulary(conn)
    conn.create_function("escape_fts", 1, lambda text: table_search(text or "", vocabulary))


CELL_MEMO_ENTRIES = 20_000  # rendered cells remembered per server (then started over)
CELL_MEMO_LENGTH = 300  # longer strings are rendered each time (and not kept)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """A cell's HTML depends only on the server's configuration, the
    database, table, column and value (the one exception, letters.text,
    is bytes and never remembered): ids, dates and vocabulary values come
    back on page after page, so their HTML (links built with Datasette's
    URL helpers, several per cell) is made once."""
    if isinstance(value, str):
        if len(value) > CELL_MEMO_LENGTH:
            return _render_cell(row, value, column, table, database, datasette)
        key = (database, table, column, value)
    elif isinstance(value, dict):
        inner, label = value.get("value"), value.get("label")
        if not (isinstance(inner, (str, int)) and isinstance(label, (str, int, type(None))) and len(value) == 2):
            return _render_cell(row, value, column, table, database, datasette)
        key = (database, table, column, "fk", type(inner), inner, type(label), label)
    else:
        return _render_cell(row, value, column, table, database, datasette)
    memo = _cell_memo(datasette)
    try:
        return memo[key]
    except KeyError:
        pass
    html = _render_cell(row, value, column, table, database, datasette)
    if len(memo) >= CELL_MEMO_ENTRIES:
        memo.clear()
    memo[key] = html
    return html


class RenderCellDirect:
    """Datasette asks the render_cell hook once per cell through pluggy,
    whose call machinery costs about four times this plugin's (remembered)
    answer: 1.8 against 0.4 microseconds a cell.  While this plugin's
    render_cell is the hook's only implementation it is called directly,
    with the list pluggy would give (its answer, or nothing for None);
    with any other implementation registered, pluggy's own hook caller
    answers, and every other attribute is the hook caller's."""

    def __init__(self, caller, function):
        self._caller = caller
        self._function = function

    def __call__(self, **kwargs):
        impls = self._caller.get_hookimpls()
        if len(impls) == 1 and impls[0].function is self._function:
            result = self._function(**kwargs)
            return [] if result is None else [result]
        return self._caller(**kwargs)

    def __getattr__(self, name):
        return getattr(self._caller, name)


@hookimpl
def startup(datasette):
    from datasette.plugins import pm

    caller = getattr(pm.hook, "render_cell", None)
    if caller is not None and not isinstance(caller, RenderCellDirect) and hasattr(caller, "get_hookimpls"):
        pm.hook.render_cell = RenderCellDirect(caller, render_cell)


def _cell_memo(datasette) -> dict:
    """Per Datasette, and new when its metadata object is replaced (as site_config)."""
    cached = datasette.__dict__.get("_jbz_cell_memo")
    owner = id(getattr(datasette, "_metadata_local", None))
    if cached is None or cached[0] != owner:
        cached = (owner, {})
        datasette.__dict__["_jbz_cell_memo"] = cached
    return cached[1]


def _render_cell(row, value, column, table, database, datasette):
    base_tables = _base_tables(datasette, database)
    if isinstance(value, dict) and isinstance(value.get("value"), str) and _vocab(datasette, column, value["value"]):
        href = datasette.urls.row(database, ID_COLUMNS.get(column) or "decision_types", tilde_encode(value["value"]))
        return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">{_vocab(datasette, column, value["value"])}</a>')
    if isinstance(value, dict):  # a foreign key Datasette expanded to its label
        if ID_COLUMNS.get(column) == "letters" and isinstance(value.get("value"), str):
            letter_id = value["value"]
            label = value.get("label") or letter_id
            return markupsafe.Markup(
                _row_link(datasette, database, "letters", letter_id, label)
                + f"&nbsp;<em>{markupsafe.escape(letter_id)}</em>"
                + _official_link(letter_id)
                + _read_link(datasette, "letters", letter_id)
            )
        target = ID_COLUMNS.get(column)
        if target in READING_PAGES and isinstance(value.get("value"), str):
            return markupsafe.Markup(
                _row_link(datasette, database, target, value["value"], value.get("label") or value["value"])
                + _read_link(datasette, target, value["value"])
            )
        return None
    if table == "letters" and column == "text" and isinstance(value, bytes) and row is not None and "id" in row.keys():
        # the verbatim source, stored compressed (jbz.schema: letters.text): a link to the file
        href = datasette.urls.path("/brief/" + tilde_encode(row["id"]) + "/bron.txt")
        size = f"{len(value):,}".replace(",", ".")
        return markupsafe.Markup(f'<a href="{markupsafe.escape(href)}">bron.txt</a> (gecomprimeerd, {size} bytes)')
    if not isinstance(value, str) or not value:
        return None
    if column == "snippet" and table not in base_tables:
        return marked(value)
    vocab = _vocab(datasette, column, value)
    if vocab:
        return vocab
    if table == "letters" and column == "id":
        return markupsafe.Markup(str(markupsafe.escape(value)) + _official_link(value) + _read_link(datasette, "letters", value))
    if column == "id" and table in READING_PAGES:
        return markupsafe.Markup(str(markupsafe.escape(value)) + _read_link(datasette, table, value))
    # Ids link to their rows: in query results and views, and on row pages
    # (where Datasette 0.65 does not expand foreign keys to labels).
    target = ID_COLUMNS.get(column)
    if column == "ref" and table not in base_tables:
        target = _ref_table(value)
    if target:
        link = _row_link(datasette, database, target, value)
        if target == "letters":
            link += _official_link(value)
        return markupsafe.Markup(link + _read_link(datasette, target, value))
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
    queries = list((await canned_queries(datasette, name, request.actor if request else None)).values())
    charts = site_config(datasette).get("charts") or {}
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
    reading = []
    if await db.table_exists("letters") and await db.table_exists("meetings"):
        by_meeting: dict = {}  # one pass over the letters (not one per meeting: 200 x 2,000 at 2,000 letters)
        for letter in (await db.execute(
                "select id, label, doc_kind, meeting_id from letters order by coalesce(letter_date, '9999'), id")).rows:
            by_meeting.setdefault(letter["meeting_id"], []).append(dict(letter))
        for m in (await db.execute("select id, label from meetings order by start_date desc limit 200")).rows:
            reading.append({"id": m["id"], "label": m["label"], "letters": by_meeting.get(m["id"], [])})
    return {
        "database": name,
        "eu_files": eu_files,
        "tables": tables,
        "views": views,
        "queries": [q for q in queries if q["name"] not in charts],
        "charts": [q for q in queries if q["name"] in charts],
        "scope": scope,
        "reading": reading,
        "has_package": _package_dir(datasette) is not None,
        "allow_download": datasette.setting("allow_download"),
    }


_TABLE_ORDER = {name: i for i, name in enumerate((
    "letters", "meetings", "agenda_items", "eu_files", "positions", "paragraphs", "footnotes", "citations", "motions",
    "signatories", "people", "mentions", "data_issues", "decision_types", "stances", "outcomes", "presidencies",
))}


def site_config(datasette) -> dict:
    """The plugin's configuration from metadata.yml, read once per Datasette
    (and again only if its metadata object is replaced).  Datasette's
    plugin_config copies the whole configuration on every call (to resolve
    $env secrets); render_cell asks once per cell, which made a canned-query
    page spend 80 % of its CPU copying it."""
    cached = datasette.__dict__.get("_jbz_site_config")
    owner = id(getattr(datasette, "_metadata_local", None))
    if cached is None or cached[0] != owner:
        cached = (owner, datasette.plugin_config("jbz_site") or {})
        datasette.__dict__["_jbz_site_config"] = cached
    return cached[1]


def _canned_query(request) -> str | None:
    """The canned query a /<db>/<name> page shows, if any."""
    if request is None:
        return None
    return (request.url_vars or {}).get("table")


def chart_for(datasette, request) -> dict | None:
    name = _canned_query(request)
    return (site_config(datasette).get("charts") or {}).get(name) if name else None


async def query_form(datasette, database: str, query: str, request) -> list[dict]:
    """The fields of a canned query's form: Dutch label, help, current value,
    a choice list from the data when the values are fixed, and the reason
    the input cannot be searched (too short) when that is so."""
    params = (site_config(datasette).get("params") or {}).get(query)
    if params is None:
        return []
    db = datasette.get_database(database)
    fields = []
    for name, conf in params.items():
        value = request.args.get(name, "") if request else ""
        field = {"name": name, "label": conf.get("label") or name, "help": conf.get("help") or "", "value": value,
                 "choices": [], "problem": "", "min_length": conf.get("min_length") or 0}
        if conf.get("choices_sql"):
            try:
                rows = await db.execute(conf["choices_sql"] + " limit 500")
                field["choices"] = [(str(r[0]), str(r[1])) for r in rows if r[0] is not None]
            except Exception:  # noqa: BLE001 - a table other work has not added yet: keep the free-text box
                field["choices"] = []
        minimum = conf.get("min_length") or 0
        if value.strip() and len(value.strip().replace('"', "")) < minimum:
            field["problem"] = (
                f"“{value.strip()}” is te kort om op te zoeken: typ minstens {minimum} letters. De zoekindex "
                f"vergelijkt groepjes van drie tekens, dus met minder kan hij niets vinden."
            )
        fields.append(field)
    return fields


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    async def inner():
        config = site_config(datasette)
        out = {"jbz_build": await build_info(datasette), "jbz_columns": config.get("column_labels") or {},
               "jbz_values": config.get("value_labels") or {}}
        if template == "index.html":
            out["jbz"] = await home(datasette, request)
        if template == "query.html" and database and _canned_query(request):
            out["jbz_form"] = await query_form(datasette, database, _canned_query(request), request)
            out["jbz_chart"] = chart_for(datasette, request) is not None
        return out

    return inner


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/jbz-site.css")]


VENDOR = Path(__file__).with_name("vendor")
VEGA = ("vega-5.33.1.min.js", "vega-lite-5.23.0.min.js")


@hookimpl
def extra_js_urls(template, request, datasette):
    if template == "query.html" and chart_for(datasette, request):
        return [datasette.urls.path(f"/-/jbz/vendor/{name}") for name in VEGA]
    return []


CHART_SCRIPT = """
(function () {
  var spec = %s;
  var box = document.getElementById('jbz-chart');
  if (!box || !window.vega || !window.vegaLite) return;
  var url = location.pathname.replace(/\\/$/, '') + '.json' + location.search
    + (location.search ? '&' : '?') + '_shape=objects&_size=max';
  fetch(url).then(function (r) { return r.json(); }).then(function (data) {
    var rows = data && data.rows;
    if (!Array.isArray(rows) || !rows.length) { box.textContent = 'Geen gegevens om te tekenen.'; return; }
    if (data.truncated) {  // the answer has more rows than the site returns for one question
      var note = document.createElement('p');
      note.className = 'jbz-chart-truncated message-warning';
      note.textContent = 'Let op: deze grafiek tekent alleen de eerste ' + rows.length.toLocaleString('nl-NL')
        + ' rijen van het antwoord; de rest valt weg. Vul een veld in om minder rijen te tekenen.';
      box.parentNode.insertBefore(note, box);
    }
    spec.data = {values: rows};
    var view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {renderer: 'svg', container: box, hover: true});
    return view.runAsync().then(function () { box.setAttribute('data-rows', rows.length); box.classList.add('drawn'); });
  }).catch(function (e) { box.textContent = 'De grafiek kon niet worden getekend: ' + e; });
})();
"""


@hookimpl
def extra_body_script(template, request, datasette):
    spec = chart_for(datasette, request) if template == "query.html" else None
    if spec is None:
        return None
    return CHART_SCRIPT % json.dumps(spec).replace("</", "<\\/")


CSS = """
mark { background: #ffe27a; padding: 0 1px; }
dl.column-descriptions { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; font-size: 0.85em; }
dl.column-descriptions dt { font-weight: bold; }
dl.column-descriptions dd { margin: 0; color: #444; }
a.jbz-official, a.jbz-read-link { font-size: 0.8em; white-space: nowrap; }
.jbz-home section.content section { margin: 1.5em 0; }
.jbz-home .jbz-intro p { max-width: 52em; }
.jbz-home dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); gap: 0.8em; }
.jbz-home dl.cards > div { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 0.8em; }
.jbz-home dl.cards dt { font-weight: bold; }
.jbz-home dl.cards dd { margin: 0.3em 0 0 0; font-size: 0.9em; color: #333; }
.jbz-home .count { color: #666; font-weight: normal; }
.jbz-home form.search input[type=search] { font-size: 1.1em; width: 22em; max-width: 70%; padding: 4px; }
.jbz-home .built { color: #555; font-size: 0.9em; }
/* facet values wrap between words, never inside one ("Luxemburg", not "L uxemburg") */
.facet-info ul.tight-bullets li { word-break: normal; overflow-wrap: normal; hyphens: none; }
.facet-info { width: auto; min-width: 14em; max-width: 24em; }
.facet-info-name code.colname { display: block; }
/* reading pages (plugins/jbz_pages.py) */
.jbz-read section.content { max-width: 62em; }
.jbz-doc { max-width: 48em; margin: 0 auto 0 0; line-height: 1.55; font-size: 1.02rem; }
.jbz-doc h1 { font-size: 1.6em; line-height: 1.25; margin: 0.2em 0 0.6em; }
.jbz-doc .kicker { color: #555; text-transform: none; margin: 0; font-size: 0.95em; }
.jbz-doc dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1.2em; margin: 0 0 1em; }
.jbz-doc dl.facts dt { font-weight: bold; color: #333; }
.jbz-doc dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.jbz-doc ul.plain, .jbz-doc ol.plain { list-style: none; padding: 0; margin: 0; }
.jbz-doc .jbz-data { font-size: 0.9em; color: #444; border-top: 1px solid #ddd; border-bottom: 1px solid #ddd; padding: 0.4em 0; }
.jbz-doc code.sha { font-size: 0.8em; overflow-wrap: anywhere; }
.jbz-doc nav.toc { background: #f6f6f2; padding: 0.6em 1em; margin: 1em 0; }
.jbz-doc nav.toc h2 { font-size: 1.05em; margin: 0 0 0.3em; }
.jbz-doc nav.toc li { margin: 0.15em 0; }
.jbz-text p { margin: 0 0 0.8em; }
.jbz-text h2.part-title { font-size: 1.25em; margin: 1.6em 0 0.6em; border-bottom: 2px solid #c9c9c0; padding-bottom: 0.2em; }
.jbz-text h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
.jbz-text section.item { border-left: 3px solid #d8d8cf; padding-left: 0.9em; margin: 1.2em 0; }
.jbz-text section.item:target { border-left-color: #c27c0e; background: #fffbe8; }
.jbz-text .item-link { font-size: 0.8em; font-weight: normal; white-space: nowrap; }
.jbz-text .jbz-decision { font-style: italic; color: #333; }
.jbz-text .jbz-list-item { padding-left: 1.4em; text-indent: -0.9em; }
.jbz-text .jbz-list-item::before { content: "– "; }
.jbz-text sup.fn { vertical-align: super; font-size: 0.72em; line-height: 0; }
.jbz-text sup.fn a { text-decoration: none; padding: 0 0.15em; font-weight: bold; }
.jbz-text a.cite { text-decoration-style: dotted; }
.jbz-notes { border-top: 1px solid #ccc; margin-top: 2em; font-size: 0.92em; }
.jbz-notes h2 { font-size: 1.1em; }
.jbz-notes ol { list-style: none; padding: 0; }
.jbz-notes li { margin: 0 0 0.4em; overflow-wrap: anywhere; padding-left: 2em; text-indent: -2em; }
.jbz-notes .fn-num { display: inline-block; width: 2em; text-indent: 0; font-weight: bold; }
.jbz-notes li:target { background: #fffbe8; }
.jbz-notes a.fn-back { text-decoration: none; }
.jbz-doc .vocab code { font-size: 0.85em; color: #555; }
.jbz-doc .decision-raw { font-style: italic; }
.jbz-doc .decision-raw + .vocab::before { content: " — "; }
.jbz-doc ol.agenda { padding-left: 0; list-style: none; }
.jbz-doc ol.agenda li { margin: 0 0 0.7em; padding-left: 2.4em; text-indent: -2.4em; }
.jbz-doc ol.agenda .num { display: inline-block; width: 2.4em; text-indent: 0; color: #555; }
.jbz-doc ol.agenda .meta, .jbz-doc .timeline .meta { text-indent: 0; font-size: 0.9em; color: #444; }
.jbz-doc .timeline li { margin: 0 0 0.7em; }
.jbz-doc .timeline .when { font-variant-numeric: tabular-nums; color: #555; margin-right: 0.5em; }
.jbz-doc .count { color: #666; }
.jbz-doc blockquote { margin: 0.4em 0 0 1em; color: #444; font-size: 0.95em; }
p.crumbs { margin: 0; }
/* Dutch labels next to stored values and column names */
code.vocab, code.colname { font-size: 0.78em; color: #666; background: none; }
th code.colname { display: block; font-weight: normal; }
/* canned-query forms and charts */
form.jbz-form .field { margin: 0 0 0.8em; }
form.jbz-form label { display: block; font-weight: bold; }
form.jbz-form input[type=search], form.jbz-form select { font-size: 1em; padding: 3px; min-width: 20em; max-width: 100%; }
form.jbz-form small.help, form.jbz-form span.help { display: block; color: #555; font-size: 0.88em; }
form.jbz-form span.help { display: inline; }
.jbz-chart { width: 100%; max-width: 70em; min-height: 380px; margin: 1em 0; }
.jbz-chart svg { max-width: 100%; }
details.jbz-sql { margin: 1.5em 0; }
.jbz-downloads { margin: 0.8em 0 0.4em; }
"""


# --- read-only serving ---------------------------------------------------------------

READ_METHODS = ("GET", "HEAD", "OPTIONS")


@hookimpl
def asgi_wrapper(datasette):
    """Refuse every request that could write (POST, PUT, PATCH, DELETE): the
    public site serves an immutable file and has nothing to accept."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                query = _hide_long_columns(datasette, scope)
                if query is not None:
                    scope = {**scope, "query_string": query.encode("latin-1")}
            if scope.get("type") == "http" and CSV_PATH.match(scope.get("path") or ""):
                await app(scope, receive, _without_marks(send))
                return
            if scope.get("type") == "http" and scope.get("method") not in READ_METHODS:
                await send({
                    "type": "http.response.start", "status": 405,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS")],
                })
                await send({"type": "http.response.body", "body": "Deze site kan alleen gelezen worden (alleen GET en HEAD).".encode()})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


CSV_PATH = re.compile(r"^/[^/]+/[^/]+\.csv$")
MARK_TAGS = re.compile(r"</?mark>")


def _without_marks(send):
    """CSV carries data, not markup: the <mark> highlights search snippets
    get for the HTML page are dropped from CSV responses (a tag cut between
    two chunks is held back until the next one)."""
    held = b""

    async def wrapped(message):
        nonlocal held
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body":
            body = held + message.get("body", b"")
            more = message.get("more_body", False)
            cut = body.rfind(b"<", max(0, len(body) - 6)) if more else -1
            held, body = (body[cut:], body[:cut]) if cut >= 0 else (b"", body)
            text = MARK_TAGS.sub("", body.decode("utf-8", "surrogateescape"))
            message = {**message, "body": text.encode("utf-8", "surrogateescape")}
        await send(message)

    return wrapped


SHOW_ALL = "_alle_kolommen"  # ignored by Datasette (it starts with _); marks "show every column"
TABLE_PAGE = re.compile(r"^/(?P<db>[^/.]+)/(?P<table>[^/.]+)$")


def _hide_long_columns(datasette, scope) -> str | None:
    """The query string of a table page opened without a column choice, with
    its long text columns left out (`_nocol`): the address stays as it was,
    the page lists what it left out and offers it back with one click
    (`_alle_kolommen=1`).  HTML pages only: JSON and CSV keep every column."""
    match = TABLE_PAGE.match(scope.get("path") or "")
    if not match:
        return None
    hidden = (site_config(datasette).get("hidden_columns") or {}).get(match["table"])
    if not hidden:
        return None
    from urllib.parse import parse_qsl, urlencode

    query = (scope.get("query_string") or b"").decode("latin-1")
    args = parse_qsl(query, keep_blank_values=True)
    if any(k in ("_col", "_nocol", SHOW_ALL) for k, _ in args):
        return None
    args += [("_nocol", c) for c in hidden]
    return urlencode(args)


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


async def vendor(request):
    name = request.url_vars["name"]
    if name not in VEGA:
        return Response.text("Niet gevonden", status=404)
    return Response(
        (VENDOR / name).read_text(encoding="utf-8"), content_type="text/javascript; charset=utf-8",
        headers={"cache-control": "public, max-age=31536000, immutable"},
    )


@hookimpl
def register_routes():
    return [
        (r"^/-/jbz-site\.css$", css),
        (r"^/-/jbz/vendor/(?P<name>[\w.-]+\.js)$", vendor),
    ]
