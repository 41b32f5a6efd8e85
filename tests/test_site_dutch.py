"""The site speaks Dutch on Datasette's own pages too (plugins/jbz_dutch.py):
every page kind is fetched through Datasette's test client, its visible text
(data cells, SQL, column names and the English data dictionary left out) must
hold none of Datasette's English phrases, and some Dutch replacements must be
there.  Counts and labels are read from the build, not written down here."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, quote_plus

import pytest

from jbz import queries as Q
from jbz import site
from jbz.schema import TABLES
from site_helpers import load_module


DUTCH = load_module("plugins/jbz_dutch.py", "jbz_dutch_under_test")

# Datasette 0.65's words (templates, table.js and the English it computes in Python).
ENGLISH = (
    "rows", "row", "sorted by", "descending", "where", "Apply", "Next page", "Suggested facets",
    "View and edit SQL", "Advanced export", "advanced", "CSV options", "This data as", "Run SQL", "Format SQL",
    "Download SQLite DB", "Query took", "Queries took", "Custom SQL query", "returning", "Query parameters",
    "Edit SQL", "0 results", "Search:", "remove filter", "- column -", "Sort...", "Sort by", "JSON shape",
    "newline-delimited", "download file", "expand labels", "stream all rows", "Export CSV", "extra where clause",
    "remove", "Links from other tables", "Powered by", "Data license", "Data source", "About:", "Data built",
    "Error", "Table not found", "Database not found", "Record not found", "Invalid SQL", "no such column",
    "no such table", "syntax error", "These facets timed out", "hidden table", "Many rows", "Tables", "Queries",
    "Views", "hide", "show", "home", "contains", "starts with", "ends with", "is null", "is not null",
    "is blank", "is not blank", "not like", "array contains", "does not contain", "Log out", "Table actions",
    "(view)", "Sort ascending", "Sort descending", "Facet by this", "Hide this column", "Show all columns",
    "Show not-blank rows", "Remove this filter", "Forbidden", "Permission denied", "Link", "rowid", "views",
    "Debug", "Result", "Add message", "Set a message",
)
ENGLISH_RE = re.compile("|".join(rf"(?<![\w-]){re.escape(p)}(?![\w-])" for p in ENGLISH))

# Elements that hold data or the (English) data dictionary, not the site's own words.
DATA_ELEMENTS = re.compile(
    r"(?s)<(script|style|pre|textarea|code|td|dd)\b[^>]*>.*?</\1>"
    r"|<dl class=\"column-descriptions\">.*?</dl>"
    r"|<div class=\"metadata-description\">.*?</div>"
    r"|<span class=\"jbz-description\">.*?</span>"
)
ATTRIBUTE_TEXT = re.compile(r"""(?:aria-label|placeholder|alt)="([^"]*)"|<input type="submit" value="([^"]*)\"""")


def visible_text(page: str, data: tuple[str, ...] = ()) -> str:
    """The words a reader sees: element text (data elements and the given
    data, such as the user's own SQL, left out), the text of buttons and the
    labels read out to screen readers."""
    for value in data:
        page = page.replace(html.escape(value), " ").replace(value, " ")
    extra = " ".join(a or b for a, b in ATTRIBUTE_TEXT.findall(page))
    text = re.sub(r"<[^>]+>", " ", DATA_ELEMENTS.sub(" ", page))
    return re.sub(r"\s+", " ", html.unescape(text + " " + extra))


def english_in(page: str, data: tuple[str, ...] = ()) -> list[str]:
    return sorted(set(ENGLISH_RE.findall(visible_text(page, data))))


def test_phrase_check_finds_datasettes_english():
    """The check itself: Datasette's own rendering of a row count line and
    buttons is caught; data cells and the data dictionary are not."""
    sample = ('<h3>144 rows sorted by id</h3><input type="submit" value="Apply"><p>This data as json</p>'
              '<td>where the letter says</td><dl class="column-descriptions"><dd>Rows where</dd></dl>')
    assert english_in(sample) == ["Apply", "This data as", "rows", "sorted by"]


@pytest.fixture(scope="module")
def config(bundle):
    import yaml

    return yaml.safe_load((bundle / "metadata.yml").read_text())["plugins"]["jbz_site"]


@pytest.fixture(scope="module")
def first_letter(client):
    return client.json("/jbz/letters.json?_shape=array&_size=1")[0]["id"]


def _pages(first_letter: str) -> dict[str, str]:
    chart = Q.CHARTS[0].name
    canned = next(q.name for q in Q.QUERIES if q.name not in {c.name for c in Q.CHARTS} and q.params)
    return {
        "home": "/",
        "database": "/jbz",
        "table": "/jbz/letters",
        "table with facets and filters": "/jbz/agenda_items?decision_type=general+approach&meeting_id__contains=20&_facet=section",
        "table search": "/jbz/agenda_items?_search=terugkeer",
        "table with more pages": "/jbz/paragraphs",
        "table with array facet": "/jbz/people?_facet_array=role_kinds",
        "table with date facet and null filter": "/jbz/letters?_facet_date=letter_date&nummer__notnull=1",
        "table with extra where": "/jbz/paragraphs?_where=ordinal+%3C+3",
        "view": "/jbz/letters_overview",
        "summary table": "/jbz/summary_mentions",
        "vocabulary table": "/jbz/stances",
        "row": f"/jbz/letters/{first_letter}",
        "canned query": f"/jbz/{canned}",
        "chart query": f"/jbz/{chart}",
        "sql editor": "/jbz?sql=" + quote_plus("select id, letter_date from letters order by id"),
        "sql error": "/jbz?sql=" + quote_plus("select nope from letters"),
        "sql syntax error": "/jbz?sql=" + quote_plus("select from where"),
        "missing table": "/jbz/no_such_table",
        "missing database": "/no_such_database",
        "missing row": "/jbz/letters/no-such-letter",
        "bad sort": "/jbz/letters?_sort=nope",
        "bad page size": "/jbz/letters?_size=-1",
        "forbidden": "/-/permissions",
        "allow debug": "/-/allow-debug",
        "messages debug": "/-/messages",
        "two sort orders": "/jbz/letters?_sort=id&_sort_desc=id",
    }


PAGE_KINDS = list(_pages("x"))


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_english_datasette_phrases(client, first_letter, kind):
    path = _pages(first_letter)[kind]
    response = client.get(path)
    assert response.status_code in (200, 400, 403, 404), (path, response.status_code)
    sql = tuple(v for k, v in parse_qsl(path.partition("?")[2]) if k in ("sql", "_where"))
    assert english_in(response.text, sql) == [], path


def test_every_template_edit_matches_datasette(client, first_letter):
    """Each edit matches Datasette's template as often as it says (an upgrade
    that changes a template fails here, not silently on the site), and none
    was skipped while the pages above were rendered."""
    from datasette import __version__

    assert __version__.startswith("0.65"), "the edits are written for Datasette 0.65: check them against the new templates"
    for name, edits in DUTCH.TEMPLATE_EDITS.items():
        source = (DUTCH.DATASETTE_TEMPLATES / name).read_text(encoding="utf-8")
        for english, _, times in edits:
            assert source.count(english) == times, (name, english)
    js = (DUTCH.DATASETTE_STATIC / "table.js").read_text(encoding="utf-8")
    for english, _, times in DUTCH.JS_EDITS:
        assert js.count(english) == times, ("table.js", english)
    for path in _pages(first_letter).values():
        client.get(path)
    running = client.ds.jinja_env.filters["nl"].__globals__  # the plugin module Datasette loaded
    assert running["MISSED"] == set()


def test_row_count_line_is_dutch_with_the_sort_column_label(client, config):
    labels = config["column_labels"]
    n = client.json("/jbz/letters.json?_size=0")["filtered_table_rows_count"]
    page = client.get("/jbz/letters").text
    assert f"{n} rijen, gesorteerd op {labels['letter_date']} (aflopend)" in visible_text(page)
    n_people = client.json("/jbz/people.json?_size=0")["filtered_table_rows_count"]
    assert f"{n_people} rijen, gesorteerd op {labels['name']}" in visible_text(client.get("/jbz/people").text)


def test_row_count_line_names_filters_and_search_in_dutch(client, config):
    labels = config["column_labels"]
    path = "/jbz/agenda_items?decision_type=general+approach&_search=terugkeer"
    n = client.json(path.replace("agenda_items?", "agenda_items.json?") + "&_size=0")["filtered_table_rows_count"]
    assert n > 0
    text = visible_text(client.get(path).text)
    assert (f"{n} {'rij' if n == 1 else 'rijen'} met zoekterm “terugkeer” waar {labels['decision_type']} = "
            f"“general approach”, gesorteerd op") in text


def test_dutch_words_on_each_page_kind(client, first_letter):
    pages = _pages(first_letter)
    text = {kind: visible_text(client.get(path).text) for kind, path in pages.items()}
    for words, kinds in [
        (("Toepassen", "Deze gegevens als", "Exporteren met opties", "CSV-opties", "Zoeken:", "bevat", "Sorteer op",
          "aflopend", "SQL bekijken en bewerken", "Gemaakt met", "Opvragen duurde", "Licentie", "beginpagina"),
         ("table with facets and filters", "table search")),
        (("Volgende pagina",), ("table with more pages",)),
        (("1 extra SQL-voorwaarde", "weghalen"), ("table with extra where",)),
        (("soorten rol (lijst)",), ("table with array facet",)),
        (("datum brief (datum)", "waar nummer is niet leeg (NOT NULL)"), ("table with date facet and null filter",)),
        (("Eigen SQL-vraag", "SQL uitvoeren", "SQL opmaken", "SQLite-database downloaden", "Vragen", "Tabellen"),
         ("database",)),
        (("Deze gegevens als", "Verwijzingen vanuit andere tabellen"), ("row",)),
        (("Eigen SQL-vraag: ", " rijen", "(verbergen)", "SQL uitvoeren"), ("sql editor",)),
        (("De vraag gaf een fout: ", "nope"), ("sql error",)),
        (("De vraag gaf een fout: ",), ("sql syntax error",)),
        (("Niet gevonden", "deze tabel bestaat niet"), ("missing table",)),
        (("Niet gevonden", "deze database bestaat niet"), ("missing database",)),
        (("Niet gevonden", "deze rij bestaat niet"), ("missing row",)),
        (("_size moet een positief geheel getal zijn",), ("bad page size",)),
        (("Niet toegestaan", "geen toegang"), ("forbidden",)),
        (("_sort en _sort_desc kunnen niet samen",), ("two sort orders",)),
    ]:
        for kind in kinds:
            for word in words:
                assert word in text[kind].replace("( ", "(").replace(" )", ")"), (kind, word)


def test_known_details_are_translated_and_other_text_left_alone():
    assert DUTCH.nl("Niet gevonden: Table not found") == "Niet gevonden: deze tabel bestaat niet"
    assert DUTCH.nl("is not blank") == "is niet leeg"
    assert DUTCH.nl("Dit verzoek kan niet worden uitgevoerd: in") == "Dit verzoek kan niet worden uitgevoerd: in"
    assert DUTCH.nl("Terugkeerverordening") == "Terugkeerverordening"


def test_sql_editor_counts_rows_the_dutch_way(client):
    n = client.json("/jbz/letters.json?_size=0")["filtered_table_rows_count"]
    page = client.get("/jbz?sql=" + quote_plus("select id from letters")).text
    assert f"Eigen SQL-vraag: {n} {'rij' if n == 1 else 'rijen'}" in visible_text(page)


def test_error_details_are_dutch_in_json_too(client):
    response = client.get("/jbz/no_such_table.json")
    assert response.status_code == 404
    assert response.json()["error"] == "Niet gevonden: deze tabel bestaat niet"


def test_table_pages_use_the_dutch_column_menu(client):
    page = client.get("/jbz/letters").text
    assert DUTCH.TABLE_JS_PATH in page and "/-/static/table.js" not in page
    js = client.get(DUTCH.TABLE_JS_PATH)
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    for english, dutch, _ in DUTCH.JS_EDITS:
        assert english not in js.text and dutch in js.text


def test_small_screens_label_cells_in_dutch(client, config, first_letter):
    """Under 576 px Datasette writes each column's name before its cell (CSS)."""
    label = config["column_labels"]["letter_date"]
    for path in ("/jbz/letters", f"/jbz/letters/{first_letter}",
                 "/jbz?sql=" + quote_plus("select letter_date from letters")):
        page = client.get(path).text
        assert f'content: "{label}"' in page and 'content: "letter_date"' not in page, path


def test_filter_choices_show_dutch_labels_and_send_column_names(client, config):
    page = client.get("/jbz/letters").text
    label = config["column_labels"]["letter_date"]
    assert f'<option value="letter_date">{html.escape(label)}</option>' in page


# --- default sort orders ----------------------------------------------------------------

def test_every_table_declares_a_default_sort_order():
    for t in TABLES:
        assert t.sort or t.sort_desc, t.name
        assert (t.sort or t.sort_desc) in t.column_names, t.name
    for d in Q.DERIVED:
        assert d.sort or d.sort_desc, d.name
        assert (d.sort or d.sort_desc) in d.columns, d.name


def test_sort_orders_reach_both_configurations():
    meta = site.metadata()["databases"][site.DATABASE]["tables"]
    config = site.datasette_config()["databases"][site.DATABASE]["tables"]
    for name in [t.name for t in TABLES] + [d.name for d in Q.DERIVED]:
        for tables in (meta, config):
            assert tables[name].get("sort") or tables[name].get("sort_desc"), name


def test_people_open_sorted_by_name(client):
    names = [r["name"] for r in client.json("/jbz/people.json?_shape=array&_size=max")]
    assert len(names) > 1 and names == sorted(names)


def test_database_and_row_pages_name_tables_by_their_dutch_titles(client, bundle, config, first_letter):
    import yaml

    meta = yaml.safe_load((bundle / "metadata.yml").read_text())["databases"]["jbz"]["tables"]
    labels = config["column_labels"]
    database = visible_text(client.get("/jbz").text)
    for t in TABLES:
        if not t.hidden:
            assert html.unescape(meta[t.name]["title"]) in database, t.name
    assert ", ".join(labels.get(c, c) for c in ("id", "letter_id", "meeting_id")) in database
    n = client.json(f"/jbz/agenda_items.json?letter_id={first_letter}&_size=0")["filtered_table_rows_count"]
    assert n > 0
    row = visible_text(client.get(f"/jbz/letters/{first_letter}").text)
    assert f"{n} {'rij' if n == 1 else 'rijen'} in {meta['agenda_items']['title']} (kolom {labels['letter_id']})" in row


def test_table_head_is_the_template_loop_it_replaces():
    """templates/_table.html writes the header cells with jbz_table_head
    (Python, the query string parsed once), not a Jinja loop with a
    path_with_replaced_args per column: the same bytes."""
    import jinja2
    from datasette.utils import path_with_replaced_args, to_css_class
    from datasette.utils.asgi import Request

    loop = (
        '      <tr>\n      {% for column in display_columns %}\n'
        '        {% set label = (jbz_columns or {}).get(column.name, column.name) %}\n'
        '        <th {% if column.description %}data-column-description="{{ column.description }}" {% endif %}'
        'class="col-{{ column.name|to_css_class }}" scope="col" data-column="{{ column.name }}" '
        'data-column-type="{{ column.type.lower() }}" data-column-not-null="{{ column.notnull }}" '
        'data-is-pk="{% if column.is_pk %}1{% else %}0{% endif %}">\n'
        '          {%- if column.sortable -%}\n'
        '            {%- if column.name == sort -%}\n'
        '              <a href="{{ fix_path(path_with_replaced_args(request, {\'_sort_desc\': column.name, \'_sort\': None, '
        '\'_next\': None})) }}" rel="nofollow" title="sorteer aflopend">{{ label }}&nbsp;▼</a>\n'
        '            {%- else -%}\n'
        '              <a href="{{ fix_path(path_with_replaced_args(request, {\'_sort\': column.name, \'_sort_desc\': None, '
        '\'_next\': None})) }}" rel="nofollow" title="sorteer oplopend">{{ label }}'
        '{% if column.name == sort_desc %}&nbsp;▲{% endif %}</a>\n'
        '            {%- endif -%}\n'
        '          {%- else -%}{{ label }}{%- endif -%}\n'
        '          {% if label != column.name %}<code class="colname">{{ column.name }}</code>{% endif %}\n'
        '        </th>\n      {% endfor %}\n      </tr>'
    )
    env = jinja2.Environment(autoescape=True)
    env.filters["to_css_class"] = to_css_class
    columns = [
        {"name": "id", "sortable": True, "is_pk": True, "type": "TEXT", "notnull": 1, "description": None},
        {"name": "a b<\"", "sortable": True, "is_pk": False, "type": "INTEGER", "notnull": 0,
         "description": 'what "a" & <b> means'},
        {"name": "title", "sortable": False, "is_pk": False, "type": "", "notnull": 0, "description": ""},
        {"name": "date", "sortable": True, "is_pk": False, "type": "text", "notnull": 0, "description": "Datum"},
    ]
    labels = {"title": "Titel <kort>", "date": "Datum & tijd"}
    fix_path = lambda p: "/prefix" + p  # noqa: E731
    for query in ("", "_sort=date&x=%3C%22&_next=5&x=2", "_sort_desc=a+b%3C%22&_facet=section&_u=1"):
        request = Request.fake("/jbz/agenda_items" + ("?" + query if query else ""))
        for sort, sort_desc in ((None, None), ("date", None), (None, 'a b<"'), ("id", None)):
            for jbz_columns in (labels, None):
                for cols in (columns, []):
                    context = dict(display_columns=cols, jbz_columns=jbz_columns, request=request, sort=sort,
                                   sort_desc=sort_desc, fix_path=fix_path, path_with_replaced_args=path_with_replaced_args)
                    expected = env.from_string(loop).render(**context)
                    head = DUTCH.table_head(cols, jbz_columns, request, sort, sort_desc, fix_path, path_with_replaced_args)
                    assert "      <tr>\n      " + str(head) + "\n      </tr>" == expected


def test_query_body_is_the_template_loop_it_replaces():
    """templates/query.html writes a canned query's rows with jbz_query_body
    (Python), not a Jinja loop over every cell: the same bytes."""
    import jinja2
    import markupsafe
    from datasette.utils import to_css_class

    loop = ('  <tbody>\n  {% for row in display_rows %}\n    <tr>{% for column, td in zip(columns, row) %}'
            '<td class="col-{{ column|to_css_class }}">{{ td }}</td>{% endfor %}</tr>\n  {% endfor %}\n  </tbody>')
    env = jinja2.Environment(autoescape=True)
    env.filters["to_css_class"] = to_css_class
    env.globals["zip"] = zip
    columns = ["id", "a b<", "-n", "n"]
    rows = [
        [markupsafe.Markup('<a href="/x">x</a>'), "5 < 6 & \"q\"", None, 3],
        ["é", 2.5],
        ["x", "y", "z", "w", "beyond the columns"],
    ]
    for display_rows in (rows, []):
        for cols in (columns, []):
            expected = env.from_string(loop).render(columns=cols, display_rows=display_rows)
            assert "  <tbody>\n  " + str(DUTCH.query_body(cols, display_rows)) + "\n  </tbody>" == expected


def test_facet_values_are_the_template_loop_they_replace():
    """templates/_facet_results.html writes a facet's values with
    jbz_facet_values (Python), not a Jinja loop: the same bytes."""
    import jinja2
    import markupsafe

    loop = (
        '      {% for facet_value in facet_info.results %}\n'
        '        {% set shown = (facet_value.label | string()) or "-" %}\n'
        '        {% set nl = labels.get(facet_value.value) if facet_value.value is string else none %}\n'
        '        {% if not facet_value.selected %}\n'
        '          <li><a href="{{ facet_value.toggle_url }}">{% if nl and nl != shown %}{{ nl }} <code class="vocab">'
        '{{ shown }}</code>{% else %}{{ shown }}{% endif %}</a> {{ "{:,}".format(facet_value.count).replace(",", ".") }}</li>\n'
        '        {% else %}\n'
        '          <li>{% if nl and nl != shown %}{{ nl }} <code class="vocab">{{ shown }}</code>{% else %}{{ shown }}'
        '{% endif %} &middot; {{ "{:,}".format(facet_value.count).replace(",", ".") }} <a href="{{ facet_value.toggle_url }}"'
        ' class="cross" title="filter weghalen">&#x2716;</a></li>\n'
        '        {% endif %}\n'
        '      {% endfor %}'
    )
    env = jinja2.Environment(autoescape=True)
    results = [
        {"value": "aanvaard", "label": "aanvaard", "count": 1234567, "toggle_url": "/x?a=1&b=<2>", "selected": False},
        {"value": "aanvaard", "label": "aanvaard", "count": 3, "toggle_url": "/x?a=1", "selected": True},
        {"value": "same", "label": "same", "count": 0, "toggle_url": "/y", "selected": False},
        {"value": 7, "label": 7, "count": 12, "toggle_url": "/z", "selected": False},
        {"value": None, "label": None, "count": 1, "toggle_url": "/n", "selected": True},
        {"value": "", "label": "", "count": 2, "toggle_url": "/e", "selected": False},
        {"value": "a<b", "label": markupsafe.Markup("<i>a</i>"), "count": 1000, "toggle_url": "/m", "selected": False},
        {"value": "x & y", "label": "x & y", "count": 5, "toggle_url": "/q", "selected": True},
    ]
    labels = {"aanvaard": "Aanvaard <ok>", "same": "same", "a<b": "A & B", "x & y": "X en Y"}
    for facet_results in (results, []):
        for facet_labels in (labels, {}):
            expected = env.from_string(loop).render(facet_info={"results": facet_results}, labels=facet_labels)
            assert "      " + str(DUTCH.facet_values(facet_results, facet_labels)) == expected


def test_render_cell_called_directly_only_while_it_is_the_only_implementation():
    """jbz_site's RenderCellDirect: this plugin's answer as pluggy lists it
    ([answer], or [] for None) while it is the hook's only implementation;
    pluggy's caller otherwise; the caller's other attributes unchanged."""
    from types import SimpleNamespace

    site_plugin = load_module("plugins/jbz_site.py", "jbz_site_under_test")

    def ours(row, value, column, table, database, datasette):
        return None if value is None else f"<{column}={value}>"

    def other(**kwargs):
        return "other"

    class Caller:
        name = "render_cell"

        def __init__(self, functions):
            self.functions = functions
            self.asked = 0

        def get_hookimpls(self):
            return [SimpleNamespace(function=f) for f in self.functions]

        def __call__(self, **kwargs):
            self.asked += 1
            return [r for f in reversed(self.functions) if (r := f(**kwargs)) is not None]

    args = dict(row=None, column="meeting_id", table="agenda_items", database="jbz", datasette=None)
    alone = Caller([ours])
    direct = site_plugin.RenderCellDirect(alone, ours)
    assert direct(value="2025-06", **args) == ["<meeting_id=2025-06>"] == alone(value="2025-06", **args)
    assert direct(value=None, **args) == [] == alone(value=None, **args)
    assert alone.asked == 2 and direct.name == "render_cell"
    alone.functions.append(other)  # a second plugin registered later: pluggy answers
    assert direct(value="x", **args) == ["other", "<meeting_id=x>"] and alone.asked == 3
    assert site_plugin.RenderCellDirect(Caller([other]), ours)(value="x", **args) == ["other"]


def test_table_body_is_the_template_loop_it_replaces():
    """templates/_table.html writes the rows with jbz_table_body (Python), not
    a Jinja loop over every cell: the same bytes."""
    import jinja2
    import markupsafe
    from datasette.utils import to_css_class

    loop = ('    {% for row in display_rows %}\n      <tr>{% for cell in row %}<td class="col-{{ cell.column|to_css_class }}'
            ' type-{{ cell.value_type }}">{{ cell.value }}</td>{% endfor %}</tr>\n    {% endfor %}\n    </tbody>')
    env = jinja2.Environment(autoescape=True)
    env.filters["to_css_class"] = to_css_class
    rows = [
        [{"column": "id", "value": markupsafe.Markup('<a href="/x">x</a>'), "value_type": "pk"},
         {"column": "a b<", "value": "5 < 6 & \"q\"", "value_type": "str"},
         {"column": "-n", "value": None, "value_type": "none"},
         {"column": "n", "value": 3, "value_type": "int"}],
        [{"column": "id", "value": "é", "value_type": "str"}],
    ]
    for display_rows in (rows, []):
        expected = env.from_string(loop).render(display_rows=display_rows)
        assert "    " + str(DUTCH.table_body(display_rows)) + "\n    </tbody>" == expected
