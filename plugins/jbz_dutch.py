"""Datasette's own words in Dutch (loaded with --plugins-dir plugins).

The site speaks Dutch, but Datasette 0.65 writes its table, database, row,
query and error pages in English ("144 rows sorted by id", "Apply", "Next
page", "This data as json", "Run SQL" ...).  This plugin translates them in
one place, in three small tables:

- `TEMPLATE_EDITS`: exact (English, Dutch) replacements in the *source* of
  Datasette's own templates, applied by a Jinja loader that wraps Datasette's
  (hook `prepare_jinja2_environment`) before a template is compiled.  Only
  files in Datasette's template folder are edited; the project's templates/
  (which override some of them) are Dutch already and never touched.
- `PHRASES`: the English words Datasette computes in Python and passes to
  its templates (filter operators, "hide"/"show", error titles and
  messages), looked up by the `nl` filter the edited templates apply (and
  by plugins/jbz_guard.py for the details of its error pages).  SQLite's
  own messages are translated where the query fails, in jbz_guard.py.
- `JS_EDITS`: the column menu of Datasette's table.js ("Sort ascending",
  "Facet by this" ...), served translated at /-/jbz/table-nl.js.

Why translate the templates' source and not the rendered HTML: a page holds
data (English column descriptions of the data dictionary, quoted letters)
that must stay as it is, and a phrase like "where" or "rows" also occurs in
data; a template's text holds only Datasette's words.  Why edits rather than
copies of whole templates: Datasette's table.html puts all its words in one
big `content` block, so an override would copy 150 lines and silently fall
behind Datasette's own fixes; an edit names only the words.  Each edit must
match Datasette 0.65's template exactly as often as stated, and
tests/test_site_dutch.py fails when one does not (a Datasette upgrade that
changes a template shows up as a failing test, never as English on the
site).  At run time an edit that does not match is skipped, so a Datasette
1.0 alpha still loads the site (with some English) rather than failing
(tried with 1.0a41: its table, row, query and 404 pages render).

The row count line ("144 rijen, gesorteerd op datum brief (aflopend)") is
built from the page's filters, search and sort with the Dutch column labels
(`jbz_rows_line`) instead of Datasette's `human_description_en`.  Columns
(filter and sort choices, the database page, small-screen cell labels) show
their Dutch label and tables their Dutch title (`jbz_title`: crumbs, the
database page, a row's links from other tables); counts read 1.234.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import Response

DATASETTE_TEMPLATES = Path(__import__("datasette").__file__).parent / "templates"
DATASETTE_STATIC = Path(__import__("datasette").__file__).parent / "static"
TABLE_JS_PATH = "/-/jbz/table-nl.js"

# --- words Datasette computes in Python ----------------------------------------------

PHRASES = {
    # filter operators (Filters.lookups(), the select beside each filter)
    "contains": "bevat",
    "ends with": "eindigt op",
    "starts with": "begint met",
    "like": "past op patroon (LIKE)",
    "not like": "past niet op patroon (NOT LIKE)",
    "glob": "past op patroon (GLOB)",
    "in": "is een van",
    "not in": "is geen van",
    "array contains": "lijst bevat",
    "array does not contain": "lijst bevat niet",
    "date": "valt op datum",
    "is null": "is leeg (NULL)",
    "is not null": "is niet leeg (NOT NULL)",
    "is blank": "is leeg",
    "is not blank": "is niet leeg",
    # the SQL box of a query page
    "hide": "verbergen",
    "show": "tonen",
}

# Datasette's error titles and messages (its views and handle_exception); also
# the detail after "Niet gevonden: " and the like in jbz_guard.py's messages.
ERRORS = {
    "Invalid SQL": "Ongeldige SQL",
    "SQL Interrupted": "Vraag afgebroken",
    "Database not found": "deze database bestaat niet",
    "Table not found": "deze tabel bestaat niet",
    "Record not found": "deze rij bestaat niet",
    "No data": "geen gegevens",
    "Invalid database": "ongeldige database",
    "Cannot download database": "deze database kan niet worden gedownload",
    "Database download is forbidden": "deze database mag niet worden gedownload",
    "CSV streaming is disabled": "alle rijen als CSV (streaming) staat uit",
    "_next not allowed for CSV streaming": "_next kan niet samen met alle rijen als CSV (_stream)",
    "_size must be a positive integer": "_size moet een positief geheel getal zijn",
    "Cannot use _sort and _sort_desc at the same time": "_sort en _sort_desc kunnen niet samen",
    "Cannot search by that column": "in die kolom kan niet worden gezocht",
    "Invalid _through - could not find corresponding foreign key": "ongeldige _through: geen bijpassende verwijzing gevonden",
    "_where= is not allowed": "_where= is hier niet toegestaan",
    "_facet= is not allowed": "_facet= is hier niet toegestaan",
    "You do not have permission to view this table": "u mag deze tabel niet bekijken",
    "You do not have permission to view this database": "u mag deze database niet bekijken",
    "You do not have permission to view this query": "u mag deze vraag niet bekijken",
    "Permission denied": "geen toegang",
    "Forbidden": "Niet toegestaan",
    "Invalid token": "ongeldig token",
    "Root token has already been used": "dit token is al gebruikt",
    "Not found": "niet gevonden",
    "404": "deze pagina bestaat niet",
}
PHRASES.update(ERRORS)

# Filter operators as they read in the row count line ("waar soort = verslag").
CLAUSES = {
    "exact": "= {v}", "not": "≠ {v}", "contains": "bevat {v}", "endswith": "eindigt op {v}",
    "startswith": "begint met {v}", "gt": "> {v}", "gte": "≥ {v}", "lt": "< {v}", "lte": "≤ {v}",
    "like": "past op patroon {v}", "notlike": "past niet op patroon {v}", "glob": "past op patroon {v}", "in": "is een van {v}",
    "notin": "is geen van {v}", "arraycontains": "bevat {v}", "arraynotcontains": "bevat niet {v}",
    "date": "valt op {v}", "isnull": "is leeg (NULL)", "notnull": "is niet leeg (NOT NULL)",
    "isblank": "is leeg", "notblank": "is niet leeg",
}


def nl(text):
    """Datasette's English word or message in Dutch; anything else unchanged."""
    if text is None:
        return text
    markup = isinstance(text, markupsafe.Markup)
    plain = str(text)
    out = PHRASES.get(plain)
    if out is None:
        out = _with_known_detail(plain)
    if out is None:
        return text
    return markupsafe.Markup(markupsafe.escape(out)) if markup else out


def _with_known_detail(text: str) -> str | None:
    """'Niet gevonden: Table not found' (a Dutch message with Datasette's detail)."""
    head, sep, detail = text.rpartition(": ")
    if sep and detail in ERRORS:
        return f"{head}: {ERRORS[detail]}"
    return None


def getal(n) -> str:
    """A count the Dutch way: 1.234 (a comma would read as a decimal point)."""
    try:
        return f"{int(n):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(n)


def rijen(n) -> str:
    return f"{getal(n)} {'rij' if n == 1 else 'rijen'}"


def table_title(name: str) -> str:
    """A table's Dutch title (metadata.yml) for crumbs, lists and links; its
    name when it has none."""
    return _titles().get(name, name)


def _titles() -> dict:
    """{table: title} of the metadata, read once per Datasette (and again
    only if its metadata object is replaced: Datasette's metadata() copies
    the whole configuration on every call)."""
    if not _DATASETTE:
        return {}
    datasette = _DATASETTE[0]
    owner = id(getattr(datasette, "_metadata_local", None))
    cached = datasette.__dict__.get("_jbz_titles")
    if cached is None or cached[0] != owner:
        titles = {}
        try:
            for db in (datasette.metadata("databases") or {}).values():
                for name, meta in (db.get("tables") or {}).items():
                    if isinstance(meta, dict) and meta.get("title"):
                        titles[name] = meta["title"]
        except Exception:  # noqa: BLE001 - another Datasette's metadata API: names stay names
            titles = {}
        cached = (owner, titles)
        datasette.__dict__["_jbz_titles"] = cached
    return cached[1]


# --- the row count line of a table page ------------------------------------------------


def _labels(ctx) -> dict:
    labels = ctx.get("jbz_columns")
    if labels is None and _DATASETTE:
        labels = (_DATASETTE[0].plugin_config("jbz_site") or {}).get("column_labels")
    return labels or {}


def _quoted(value: str) -> str:
    return value if value.isdigit() else f"“{value}”"


def _and(parts: list[str]) -> str:
    return " en ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


@jinja2.pass_context
def jbz_rows_line(ctx) -> str:
    """'144 rijen, gesorteerd op datum brief (aflopend)'; with filters and
    search: '2 rijen met zoekterm “frontex” waar soort brief = “verslag”, …'."""
    labels = _labels(ctx)
    label = lambda column: labels.get(column, "rijnummer" if column == "rowid" else column)  # noqa: E731
    searches, clauses = [], []
    request = ctx.get("request")
    args = request.args if request is not None else None
    if args is not None:
        for key in args:
            if not (args.get(key) or "").strip():
                continue
            if key == "_search":
                searches.append(f"met zoekterm {_quoted(args.get(key))}")
            elif key.startswith("_search_"):
                searches.append(f"met {label(key[len('_search_'):])} {_quoted(args.get(key))}")
        for through in args.getlist("_through"):
            try:
                t = json.loads(through)
                clauses.append(f"{t['table']}.{t['column']} = {_quoted(str(t['value']))}")
            except (ValueError, KeyError, TypeError):
                pass
    filters = ctx.get("filters")
    if filters is not None:
        for column, lookup, value in filters.selections():
            clause = CLAUSES.get(lookup)
            if clause:
                shown = str(value) if lookup in ("in", "notin") else _quoted(str(value))
                clauses.append(f"{label(column)} {clause.format(v=shown)}")
    count = ctx.get("filtered_table_rows_count")
    words = [rijen(count)] if count is not None else []
    if searches:
        words.append(_and(searches))
    if clauses:
        words.append("waar " + _and(clauses))
    line = " ".join(words)
    sort, sort_desc = ctx.get("sort"), ctx.get("sort_desc")
    if sort or sort_desc:
        line += (", " if line else "") + f"gesorteerd op {label(sort or sort_desc)}" + (
            " (aflopend)" if sort_desc else "")
    return line[:1].upper() + line[1:] if count is None else line


# --- Datasette's templates, edited -------------------------------------------------------

COUNT_ROWS = '{{ "{:,}".format(filtered_table_rows_count) }} row{% if filtered_table_rows_count == 1 %}{% else %}s{% endif %}'
THIS_DATA_AS = "This data as {% for name, url in renderers.items() %}"
ACTIONS_TITLE = '<title id="actions-menu-links-title">Table actions</title>'

SMALL_SCREEN_LABEL = 'content: "{{ (jbz_columns.get(column, column) if jbz_columns else column)|escape_css_string }}"'

# template -> [(English source, Dutch source, how often it occurs)]
TEMPLATE_EDITS: dict[str, list[tuple[str, str, int]]] = {
    "table.html": [
        ('{% block title %}{{ database }}: {{ table }}: {% if filtered_table_rows_count or filtered_table_rows_count == 0 %}'
         + COUNT_ROWS + '{% endif %}{% if human_description_en %} {{ human_description_en }}{% endif %}{% endblock %}',
         "{% block title %}{{ metadata.title or table }}: {{ jbz_rows_line() }}{% endblock %}", 1),
        # small screens show each cell with its column's name before it: the Dutch label
        ('content: "{{ column.name|escape_css_string }}"',
         'content: "{{ (jbz_columns.get(column.name, column.name) if jbz_columns else column.name)|escape_css_string }}"', 1),
        ("{% if is_view %} (view){% endif %}", "{% if is_view %} (samengestelde tabel){% endif %}", 1),
        (ACTIONS_TITLE, '<title id="actions-menu-links-title">Tabelacties</title>', 1),
        ('<h3>{% if filtered_table_rows_count or filtered_table_rows_count == 0 %}' + COUNT_ROWS + "{% endif %}\n"
         "        {% if human_description_en %}{{ human_description_en }}{% endif %}\n    </h3>",
         '<h3 class="jbz-rows-line">{{ jbz_rows_line() }}</h3>', 1),
        ('<label for="_search">Search:</label>', '<label for="_search">Zoeken:</label>', 1),
        ('<option value="">- remove filter -</option>', '<option value="">- filter weghalen -</option>', 1),
        ("<option{% if c == column %} selected{% endif %}>{{ c }}</option>",
         '<option value="{{ c }}"{% if c == column %} selected{% endif %}>{{ jbz_columns.get(c, c) if jbz_columns else c }}</option>', 1),
        ('<option value="">- column -</option>', '<option value="">- kolom -</option>', 1),
        ("<option>{{ column }}</option>",
         '<option value="{{ column }}">{{ jbz_columns.get(column, column) if jbz_columns else column }}</option>', 1),
        ("{% endif %}>{{ display }}</option>", "{% endif %}>{{ display|nl }}</option>", 2),
        ('<option value="">Sort...</option>', '<option value="">Sorteer op …</option>', 1),
        ("Sort by {{ column.name }}</option>",
         "Sorteer op {{ jbz_columns.get(column.name, column.name) if jbz_columns else column.name }}</option>", 1),
        ("{% if sort_desc %} checked{% endif %}> descending</label>", "{% if sort_desc %} checked{% endif %}> aflopend</label>", 1),
        ('<input type="submit" value="Apply">', '<input type="submit" value="Toepassen">', 1),
        ("<h3>{{ extra_wheres_for_ui|length }} extra where clause{% if extra_wheres_for_ui|length != 1 %}s{% endif %}</h3>",
         "<h3>{{ extra_wheres_for_ui|length }} extra SQL-voorwaarde{% if extra_wheres_for_ui|length != 1 %}n{% endif %}</h3>", 1),
        ('[<a href="{{ extra_where.remove_url }}">remove</a>]', '[<a href="{{ extra_where.remove_url }}">weghalen</a>]', 1),
        ('<span class="underlined">View and edit SQL</span>', '<span class="underlined">SQL bekijken en bewerken</span>', 1),
        (THIS_DATA_AS, "Deze gegevens als {% for name, url in renderers.items() %}", 1),
        ('(<a href="#export">advanced</a>)', '(<a href="#export">meer opties</a>)', 1),
        ("These facets timed out: ", "Deze facetten duurden te lang: ", 1),
        ('<a href="{{ next_url }}">Next page</a>', '<a href="{{ next_url }}">Volgende pagina</a>', 1),
        ("<h3>Advanced export</h3>", "<h3>Exporteren met opties</h3>", 1),
        ("<p>JSON shape:", "<p>JSON-vorm:", 1),
        (">default</a>,", ">standaard</a>,", 1),
        (">array</a>,", ">lijst (array)</a>,", 1),
        (">newline-delimited</a>", ">één rij per regel</a>", 1),
        (">object</a>", ">object per sleutel</a>", 1),
        ("CSV options:", "CSV-opties:", 1),
        ('name="_dl"> download file</label>', 'name="_dl"> als bestand downloaden</label>', 1),
        ("checked> expand labels</label>", "checked> met labels</label>", 1),
        ('name="_stream"> stream all rows</label>', 'name="_stream"> alle rijen</label>', 1),
        ('<input type="submit" value="Export CSV">', '<input type="submit" value="CSV exporteren">', 1),
        ("{{ urls.static('table.js') }}", "{{ urls.path('" + TABLE_JS_PATH + "') }}", 1),
    ],
    "database.html": [
        (ACTIONS_TITLE, '<title id="actions-menu-links-title">Databaseacties</title>', 1),
        ("<h3>Custom SQL query</h3>", "<h3>Eigen SQL-vraag</h3>", 1),
        ('hidden>Format SQL</button>', 'hidden>SQL opmaken</button>', 1),
        ('<input type="submit" value="Run SQL">', '<input type="submit" value="SQL uitvoeren">', 1),
        ("<p>The following databases are attached to this connection, and can be used for cross-database joins:</p>",
         "<p>Deze databases zijn ook verbonden en kunnen in dezelfde vraag worden gebruikt:</p>", 1),
        ("'table'\">tables</a>", "'table'\">tabellen</a>", 1),
        ('<h2 id="queries">Queries</h2>', '<h2 id="queries">Vragen</h2>', 1),
        ('<h2 id="tables">Tables</h2>', '<h2 id="tables">Tabellen</h2>', 1),
        ("<em> (hidden)</em>", "<em> (verborgen)</em>", 1),
        ('{{ urls.table(database, table.name) }}">{{ table.name }}</a>',
         '{{ urls.table(database, table.name) }}">{{ jbz_title(table.name) }}</a>'
         '{% if jbz_title(table.name) != table.name %} <code class="colname">{{ table.name }}</code>{% endif %}', 1),
        ("{% for column in table.columns %}{{ column }}{% if not loop.last %}",
         "{% for column in table.columns %}{{ jbz_columns.get(column, column) if jbz_columns else column }}{% if not loop.last %}", 1),
        ('{{ view.name|urlencode }}">{{ view.name }}</a>', '{{ view.name|urlencode }}">{{ jbz_title(view.name) }}</a>', 1),
        ('{% if table.count is none %}Many rows{% else %}{{ "{:,}".format(table.count) }} row{% if table.count == 1 %}{% else %}s{% endif %}{% endif %}',
         "{% if table.count is none %}Veel rijen{% else %}{{ jbz_rijen(table.count) }}{% endif %}", 1),
        ('<p>... and <a href="{{ urls.database(database) }}?_show_hidden=1">{{ "{:,}".format(hidden_count) }} hidden table{% if hidden_count == 1 %}{% else %}s{% endif %}</a></p>',
         '<p>… en <a href="{{ urls.database(database) }}?_show_hidden=1">{{ jbz_getal(hidden_count) }} verborgen tabel{% if hidden_count != 1 %}len{% endif %}</a></p>', 1),
        ('<h2 id="views">Views</h2>', '<h2 id="views">Samengestelde tabellen</h2>', 1),
        ("Download SQLite DB: ", "SQLite-database downloaden: ", 1),
    ],
    "row.html": [
        ('content: "{{ column|escape_css_string }}"', SMALL_SCREEN_LABEL, 1),
        ("{% block title %}{{ database }}: {{ table }}{% endblock %}",
         "{% block title %}{{ metadata.title or table }}: {{ ', '.join(primary_key_values) }}{% endblock %}", 1),
        ("#{{ database_color(database) }}\">{{ table }}: {{ ', '.join(primary_key_values) }}",
         "#{{ database_color(database) }}\">{{ metadata.title or table }}: {{ ', '.join(primary_key_values) }}", 1),
        (THIS_DATA_AS, "Deze gegevens als {% for name, url in renderers.items() %}", 1),
        ("<h2>Links from other tables</h2>", "<h2>Verwijzingen vanuit andere tabellen</h2>", 1),
        ('{{ "{:,}".format(other.count) }} row{% if other.count == 1 %}{% else %}s{% endif %}</a>\n'
         "                from {{ other.other_column }} in {{ other.other_table }}",
         "{{ jbz_rijen(other.count) }}</a>\n"
         "                in {{ jbz_title(other.other_table) }} (kolom {{ jbz_columns.get(other.other_column, other.other_column) if jbz_columns else other.other_column }})", 1),
    ],
    "query.html": [
        ('content: "{{ column|escape_css_string }}"', SMALL_SCREEN_LABEL, 1),
        ("{% block title %}{{ database }}{% if query and query.sql %}: {{ query.sql }}{% endif %}{% endblock %}",
         "{% block title %}{% if canned_query %}{{ metadata.title or canned_query }}{% else %}SQL-vraag"
         "{% if query and query.sql %}: {{ query.sql }}{% endif %}{% endif %}{% endblock %}", 1),
        ('<p class="message-error">This query cannot be executed because the database is immutable.</p>',
         '<p class="message-error">Deze vraag kan niet worden uitgevoerd: de database kan niet worden gewijzigd.</p>', 1),
        ('<h3>Custom SQL query{% if display_rows %} returning {% if truncated %}more than {% endif %}{{ "{:,}".format(display_rows|length) }} row{% if display_rows|length == 1 %}{% else %}s{% endif %}{% endif %}',
         "<h3>Eigen SQL-vraag{% if display_rows %}: {% if truncated %}meer dan {% endif %}{{ jbz_rijen(display_rows|length) }}{% endif %}", 1),
        ("{{ show_hide_text }}</a>", "{{ show_hide_text|nl }}</a>", 1),
        ('<p class="message-error">{{ error }}</p>', '<p class="message-error">De vraag gaf een fout: {{ error|nl }}</p>', 1),
        ("<h3>Query parameters</h3>", "<h3>Parameters van de vraag</h3>", 1),
        ('hidden>Format SQL</button>', 'hidden>SQL opmaken</button>', 1),
        ('<input type="submit" value="Run SQL"', '<input type="submit" value="SQL uitvoeren"', 1),
        ('class="canned-query-edit-sql">Edit SQL</a>', 'class="canned-query-edit-sql">SQL bewerken</a>', 1),
        (THIS_DATA_AS, "Deze gegevens als {% for name, url in renderers.items() %}", 1),
        ('<p class="zero-results">0 results</p>', '<p class="zero-results">Geen resultaten</p>', 1),
    ],
    "error.html": [
        ("{% if title %}{{ title }}{% else %}Error {{ status }}{% endif %}",
         "{% if title %}{{ title|nl }}{% else %}Fout {{ status }}{% endif %}", 2),
        ("border: 3px solid red;\">{{ error }}</div>", "border: 3px solid red;\">{{ error|nl }}</div>", 1),
    ],
    "base.html": [
        ('<button class="button-as-link">Log out</button>', '<button class="button-as-link">Uitloggen</button>', 1),
        ("<html>", '<html lang="nl">', 1),
    ],
    "_crumbs.html": [
        ("{{ item.label }}", "{{ 'beginpagina' if item.label == 'home' and loop.first else jbz_title(item.label) }}", 1),
    ],
    "_suggested_facets.html": [
        ("Suggested facets: ", "Voorgestelde facetten: ", 1),
    ],
    # Datasette's tools at /-/allow-debug and /-/messages (public, linked from nowhere)
    "allow_debug.html": [
        ("Debug allow rules", "Toegangsregels uitproberen", 2),
        ("<p>Use this tool to try out different actor and allow combinations. See ",
         "<p>Probeer hier uit of een gebruiker (actor) door een allow-blok wordt toegelaten. Zie ", 1),
        ('>Defining permissions with "allow" blocks</a> for documentation.</p>',
         '>de documentatie van Datasette (Engels)</a>.</p>', 1),
        ("<label>Allow block</label>", "<label>Allow-blok</label>", 1),
        ("<label>Actor</label>", "<label>Gebruiker (actor)</label>", 1),
        ('value="Apply allow block to actor"', 'value="Pas het allow-blok toe op de gebruiker"', 1),
        ("Result: allow</p>", "Uitkomst: toegelaten</p>", 1),
        ("Result: deny</p>", "Uitkomst: geweigerd</p>", 1),
    ],
    "messages_debug.html": [
        ("Debug messages", "Meldingen uitproberen", 2),
        ("<p>Set a message:</p>", "<p>Zet een melding (deze site is alleen-lezen: versturen wordt geweigerd):</p>", 1),
        ("<option>all</option>", '<option value="all">alle</option>', 1),
        ('<input type="submit" value="Add message">', '<input type="submit" value="Melding toevoegen">', 1),
    ],
    "_description_source_license.html": [
        ("%}Data license:", "%}Licentie:", 1),
        ("Data source: {%", "Bron: {%", 1),
        ("About: {%", "Over: {%", 1),
    ],
}

# Datasette's table.js: the column menu.
JS_EDITS: list[tuple[str, str, int]] = [
    (">Sort ascending</a>", ">Sorteer oplopend</a>", 1),
    (">Sort descending</a>", ">Sorteer aflopend</a>", 1),
    (">Facet by this</a>", ">Facet op deze kolom</a>", 1),
    (">Hide this column</a>", ">Verberg deze kolom</a>", 1),
    (">Show all columns</a>", ">Toon alle kolommen</a>", 1),
    (">Show not-blank rows</a>", ">Alleen rijen met een waarde</a>", 1),
    ("`Type: ${", "`Soort: ${", 1),
    ('"Remove this filter"', '"Filter weghalen"', 1),
]

MISSED: set[tuple[str, str]] = set()  # (file, English source) edits that did not match


def apply_edits(name: str, source: str, edits) -> str:
    for english, dutch, times in edits:
        if source.count(english) == times:
            source = source.replace(english, dutch)
        else:
            MISSED.add((name, english))
    return source


class DutchLoader(jinja2.BaseLoader):
    """Datasette's template loader with TEMPLATE_EDITS applied to the files
    of Datasette's own template folder."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if filename and Path(filename).parent == DATASETTE_TEMPLATES:
            name = Path(filename).name
            source = apply_edits(name, source, TEMPLATE_EDITS.get(name, ()))
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def table_body(display_rows) -> markupsafe.Markup:
    """The rows of a table or row page (templates/_table.html), as its
    `{% for row %}<tr>{% for cell %}<td …>` loop wrote them, byte for byte.
    Datasette renders its templates asynchronously, where each cell's
    attributes, filter and output are awaited one by one: on a table page
    of 50 rows and 20 columns the loop took about half of the page's CPU."""
    from datasette.utils import to_css_class

    escape = markupsafe.escape
    classes: dict = {}
    out = []
    for row in display_rows:
        out.append("\n      <tr>")
        for cell in row:
            column = cell["column"]
            css = classes.get(column)
            if css is None:
                css = classes[column] = str(escape(to_css_class(column)))
            out.append(f'<td class="col-{css} type-{escape(cell["value_type"])}">{escape(cell["value"])}</td>')
        out.append("</tr>\n    ")
    return markupsafe.Markup("".join(out))


def query_body(columns, display_rows) -> markupsafe.Markup:
    """The rows of a canned query's answer (templates/query.html), as its
    `{% for row %}<tr>{% for column, td in zip(columns, row) %}<td …>` loop
    wrote them, byte for byte (one Python pass, as table_body)."""
    from datasette.utils import to_css_class

    escape = markupsafe.escape
    starts = [f'<td class="col-{escape(to_css_class(column))}">' for column in columns]
    out = []
    for row in display_rows:
        out.append("\n    <tr>")
        for start, td in zip(starts, row):
            out.append(f"{start}{escape(td)}</td>")
        out.append("</tr>\n  ")
    return markupsafe.Markup("".join(out))


def facet_values(results, labels) -> markupsafe.Markup:
    """The values of one facet (templates/_facet_results.html), as its
    `{% for facet_value in facet_info.results %}<li>…` loop wrote them,
    byte for byte: the value's Dutch label (`labels`) beside it, its count
    with a point per thousand, a link that selects it or a cross that
    removes it."""
    escape = markupsafe.escape
    labels = labels or {}
    out = []
    for facet_value in results:
        label = facet_value["label"]
        shown = (label if isinstance(label, str) else str(label)) or "-"
        value = facet_value["value"]
        nl = labels.get(value) if isinstance(value, str) else None
        text = f'{escape(nl)} <code class="vocab">{escape(shown)}</code>' if nl and nl != shown else str(escape(shown))
        count = escape("{:,}".format(facet_value["count"]).replace(",", "."))
        url = escape(facet_value["toggle_url"])
        if not facet_value["selected"]:
            li = f'<li><a href="{url}">{text}</a> {count}</li>'
        else:
            li = f'<li>{text} &middot; {count} <a href="{url}" class="cross" title="filter weghalen">&#x2716;</a></li>'
        out.append("\n        \n        \n        \n          " + li + "\n        \n      ")
    return markupsafe.Markup("".join(out))


def table_head(display_columns, jbz_columns, request, sort, sort_desc, fix_path, path_with_replaced_args) -> markupsafe.Markup:
    """The header cells of a table or row page (templates/_table.html), as
    its `{% for column in display_columns %}<th …>` loop wrote them, byte for
    byte: each sortable column's link is Datasette's
    path_with_replaced_args, with the request's query string parsed once
    instead of once per column."""
    from urllib.parse import parse_qsl, urlencode

    from datasette.utils import to_css_class

    escape = markupsafe.escape
    labels = jbz_columns or {}
    pairs = None
    path = request.path if request is not None else None

    def replaced(args: dict) -> str:
        nonlocal pairs
        if request is None or not isinstance(path, str) or not path:
            return path_with_replaced_args(request, args)  # Datasette's own, for anything unusual
        if pairs is None:
            pairs = parse_qsl(request.query_string)
        current = [(k, v) for k, v in pairs if k not in args]
        current.extend((k, v) for k, v in args.items() if v is not None)
        query = urlencode(current)
        return path + ("?" + query if query else "")

    out = []
    for column in display_columns:
        name = column["name"]
        label = labels.get(name, name)
        description = column.get("description")
        out.append("\n        \n        <th ")
        if description:
            out.append(f'data-column-description="{escape(description)}" ')
        out.append(
            f'class="col-{escape(to_css_class(name))}" scope="col" data-column="{escape(name)}"'
            f' data-column-type="{escape(column["type"].lower())}" data-column-not-null="{escape(column["notnull"])}"'
            f' data-is-pk="{"1" if column["is_pk"] else "0"}">'
        )
        if column.get("sortable"):
            if name == sort:
                href = fix_path(replaced({"_sort_desc": name, "_sort": None, "_next": None}))
                out.append(f'<a href="{escape(href)}" rel="nofollow" title="sorteer aflopend">{escape(label)}&nbsp;▼</a>')
            else:
                href = fix_path(replaced({"_sort": name, "_sort_desc": None, "_next": None}))
                arrow = "&nbsp;▲" if name == sort_desc else ""
                out.append(f'<a href="{escape(href)}" rel="nofollow" title="sorteer oplopend">{escape(label)}{arrow}</a>')
        else:
            out.append(str(escape(label)))
        if label != name:
            out.append(f'<code class="colname">{escape(name)}</code>')
        out.append("\n        </th>\n      ")
    return markupsafe.Markup("".join(out))


_DATASETTE: list = []


@hookimpl
def prepare_jinja2_environment(env, datasette):
    _DATASETTE[:] = [datasette]
    if not isinstance(env.loader, DutchLoader):
        env.loader = DutchLoader(env.loader)
        if getattr(env, "cache", None) is not None:
            env.cache.clear()
    env.filters["nl"] = nl
    env.globals["jbz_rows_line"] = jbz_rows_line
    env.globals["jbz_table_body"] = table_body
    env.globals["jbz_table_head"] = table_head
    env.globals["jbz_query_body"] = query_body
    env.globals["jbz_facet_values"] = facet_values
    env.globals["jbz_getal"] = getal
    env.globals["jbz_rijen"] = rijen
    env.globals["jbz_title"] = table_title


_TABLE_JS: list[bytes] = []


def table_js() -> bytes:
    if not _TABLE_JS:
        source = (DATASETTE_STATIC / "table.js").read_text(encoding="utf-8")
        _TABLE_JS.append(apply_edits("table.js", source, JS_EDITS).encode("utf-8"))
    return _TABLE_JS[0]


async def serve_table_js(request):
    return Response(table_js(), content_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "public, max-age=3600"})


@hookimpl
def register_routes():
    return [(r"^" + TABLE_JS_PATH.replace(".", r"\.") + "$", serve_table_js)]
