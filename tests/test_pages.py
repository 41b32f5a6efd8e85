"""Reading pages, Dutch labels, forms, hidden columns and downloads, through
Datasette's test client on a real build (the browser checks are in
test_browser.py).  Expected values were read from the letters."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from jbz import labels as L
from jbz import queries as Q
from jbz import schema
from site_helpers import ROOT


# --- labels ------------------------------------------------------------------------

def test_every_table_column_query_and_parameter_has_a_dutch_label():
    """A new table, column or query needs its Dutch label in build/jbz/labels.py."""
    for t in schema.TABLES:
        assert t.name in L.TABLES_NL, t.name
        for c in t.columns:
            assert c.name in L.COLUMNS_NL, f"{t.name}.{c.name}"
    for d in Q.DERIVED:
        assert d.name in L.TABLES_NL, d.name
        for c in d.columns:
            assert c in L.COLUMNS_NL, f"{d.name}.{c}"
    for q in Q.QUERIES:
        nl = L.QUERIES_NL[q.name]
        assert nl["title"] and len(nl["description"]) > 40, q.name
        in_sql = set(re.findall(r"(?<![:\w]):(\w+)", re.sub(r"'[^']*'", "''", q.sql)))  # not inside string literals
        assert set(nl["params"]) == in_sql, q.name
        for p in nl["params"].values():
            assert p.label and p.help, q.name
    for q in Q.CHARTS:
        assert set(L.CHARTS_NL[q.name]) == {"x", "y", "color"}
    assert set(L.DECISION_TYPES_NL) >= {k for k, _ in schema.DECISION_TYPES}


@pytest.mark.parametrize("name", [q.name for q in Q.QUERIES])
def test_every_result_column_has_a_dutch_label(client, name):
    data = client.json(f"/jbz/{name}.json?" + "&".join(f"{p}=" for p in Q.QUERIES_BY_NAME[name].params))
    assert not [c for c in data["columns"] if c not in L.COLUMNS_NL]


def test_letter_labels_are_short_and_unique(bundle):
    import sqlite3

    conn = sqlite3.connect(bundle / "dist" / "jbz.db")
    labels = dict(conn.execute("select id, label from letters"))
    conn.close()
    # 948 is dated "Den Haag, 28 mei 2025"; the June 2024 agenda (879) prints no date.
    assert labels["kst-32317-948"] == "2025-05-28 · agenda · 948"
    assert labels["kst-32317-879"] == "z.d. · agenda · 879"
    assert labels["kst-32317-QF"] == "2026-06-22 · verslag · QF"
    assert len(set(labels.values())) == len(labels)


def test_letter_labels_stay_unique_when_date_kind_and_number_repeat():
    from jbz.link.letter_labels import letter_labels

    rows = [{"id": "a", "letter_date": None, "doc_kind": "verslag", "nummer": None},
            {"id": "b", "letter_date": None, "doc_kind": "verslag", "nummer": None}]
    letter_labels(rows)
    assert rows[0]["label"] == "z.d. · verslag · zonder nr. (a)" and rows[1]["label"].endswith("(b)")


# --- reading pages ---------------------------------------------------------------------

def test_reading_pages_answer_and_unknown_ids_are_404(client):
    for path in ("/brief/kst-32317-948", "/vergadering/jbz-2025-06-12", "/agendapunt/kst-32317-948-01",
                 "/persoon/dm-van-weel", "/downloads"):
        assert client.get(path).status_code == 200, path
    for path in ("/brief/kst-0", "/vergadering/jbz-1900-01-01", "/agendapunt/x", "/persoon/nobody"):
        assert client.get(path).status_code == 404, path


def test_letter_page_puts_footnote_markers_where_they_stood(client):
    html = client.get("/brief/kst-32317-948").text
    # "… voor burgers in de EU zorg te dragen[footnoteRef:4]. Het voorstel …"
    assert re.search(r'zorg te dragen<sup class="fn"><a id="fnref-4" href="#fn-4"', html)
    assert '<li id="fn-4">' in html


def test_letter_source_download_is_the_file_verbatim(client):
    body = client.get("/brief/kst-32317-948/bron.txt").content
    assert body == (ROOT / "letters" / "000_30e947b90ac3b314.txt").read_bytes()


def test_meeting_page_counts_days_and_lists_its_letters(client):
    html = client.get("/vergadering/jbz-2025-03-05").text
    # verslag 935, "Den Haag, 21 maart 2025", after the Council of 5 and 7 March 2025
    assert "14 dagen na afloop" in html and 'href="/brief/kst-32317-935"' in html


def test_agenda_item_page_links_the_same_subject_elsewhere(client):
    # "Staat van het Schengengebied" is on the agenda of June 2024 (879) and of June 2025 (948)
    html = client.get("/agendapunt/kst-32317-879-01").text
    others = re.findall(r'href="/agendapunt/([^"]+)"', html.split('class="related"', 1)[1]) if 'class="related"' in html else []
    assert others, "the June 2025 'Staat van het Schengengebied' (948) is not linked"
    assert all(o != "kst-32317-879-01" for o in others)


# --- tables, forms, downloads -------------------------------------------------------------

def test_table_pages_hide_long_text_until_asked(client):
    page = client.get("/jbz/letters").text
    assert 'data-column="text"' not in page and 'data-column="title"' in page
    assert "Niet getoond: <code>text</code>, <code>nummer_evidence</code>, <code>source_sha256</code>" in page
    assert "Toon alle kolommen" in page and "_alle_kolommen=1" in page
    # links on the page (facets, sorting) keep the choice
    assert "_nocol=text" in page
    everything = client.get("/jbz/letters?_alle_kolommen=1")
    assert everything.status_code == 200 and 'data-column="text"' in everything.text
    # the verbatim source is stored compressed: its cell links to the file instead of "<Binary: …>"
    assert '/brief/kst-32317-948/bron.txt">bron.txt</a> (gecomprimeerd, ' in everything.text and "&lt;Binary" not in everything.text
    assert "text" in client.json("/jbz/letters.json")["columns"]  # JSON keeps every column


def test_vocabulary_values_show_their_dutch_label(client):
    html = client.get("/jbz/agenda_items?meeting_id=jbz-2025-06-12").text
    assert '<span class="vocab-nl">gedeeltelijke algemene oriëntatie</span> <code class="vocab">partial general approach</code>' in html


def test_forms_offer_choices_from_the_data(client):
    html = client.get("/jbz/meeting_agenda").text
    assert '<label for="qp-meeting">Vergadering</label>' in html
    assert '<option value="jbz-2025-06-12">JBZ-Raad 12-13 juni 2025, Luxemburg (jbz-2025-06-12)</option>' in html
    assert '<option value="">— alle —</option>' in html
    html = client.get("/jbz/decision_phrases").text
    assert '<option value="general approach">' in html


def test_search_too_short_explains_why(client):
    # plugins/jbz_guard.py refuses the request (400); the page says why and leads back to the form
    response = client.get("/jbz/search_letters?q=eu&letter=")
    assert response.status_code == 400
    assert "te kort" in response.text and 'class="back-to-form" href="/jbz/search_letters"' in response.text
    form = client.get("/jbz/search_letters").text
    assert 'name="q" value="" aria-describedby="help-q" minlength="3"' in form


def test_search_csv_has_no_markup(client):
    csv = client.get("/jbz/search_letters.csv?q=terugkeerhub&letter=").text
    assert "terugkeerhub" in csv.lower() and "<mark>" not in csv and "</mark>" not in csv
    assert "<mark>" in client.get("/jbz/search_letters.json?q=terugkeerhub&letter=").text


def test_downloads_page_lists_every_file_with_its_hash(client, bundle):
    manifest = json.loads((bundle / "dist" / "downloads.json").read_text())
    names = {f["name"] for f in manifest["files"]}
    assert {"jbz.db", "datapackage.json"} | {f"{t.name}.csv" for t in schema.TABLES} <= names
    html = client.get("/downloads").text
    for f in manifest["files"]:
        served = client.get(f["url"]).content
        assert hashlib.sha256(served).hexdigest() == f["sha256"] and len(served) == f["bytes"], f["name"]
        assert f["sha256"] in html
    assert "SQLite 3.45.0 of nieuwer" in html


def test_facets_speak_dutch_and_keep_the_stored_value(client):
    html = client.get("/jbz/agenda_items").text
    facets = html.split('class="facet-results"', 1)[1]
    assert "<strong>soort besluit" in facets and '<code class="colname">decision_type</code>' in facets
    # the link still filters on the stored value; the Dutch label stands beside it
    assert re.search(r'decision_type=general\+approach[^"]*">algemene oriëntatie <code class="vocab">general approach</code></a> 5', facets)
