"""The Datasette site on a real build of letters/: canned queries, facets,
search, links, settings and read-only serving, through Datasette's own test
client. Expected values were read from the letters themselves."""

from __future__ import annotations

import re

import pytest

from jbz import queries as Q
from jbz import site
from site_helpers import ROOT


def rows(client, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    return client.json(f"{path}{sep}_shape=array")


LINK_TABLES = ("citations", "motions", "mentions", "people")


def count(client, table: str, where: str = "1") -> int:
    return client.json(f"/jbz.json?sql=select+count(*)+as+n+from+{table}+where+{where}&_shape=array")[0]["n"]


def facet_counts(client, path: str, facet: str) -> dict:
    data = client.json(path)
    return {r["value"]: r["count"] for r in data["facet_results"][facet]["results"]}


def query_url(name: str, **params: str) -> str:
    from urllib.parse import urlencode

    full = {p: params.get(p, "") for p in Q.QUERIES_BY_NAME[name].params}
    return f"/jbz/{name}.json?" + urlencode(full)


# --- canned queries -----------------------------------------------------------------


def test_at_least_ten_canned_queries_and_three_charts():
    assert len(Q.QUERIES) >= 10
    assert len(Q.CHARTS) >= 3
    for q in Q.QUERIES:
        assert q.title and len(q.description) > 40, q.name


@pytest.mark.parametrize("name", [q.name for q in Q.QUERIES])
def test_canned_query_runs_with_every_parameter_empty(client, name):
    response = client.get(query_url(name))
    assert response.status_code == 200, response.text[:300]
    assert response.json()["ok"] is True


@pytest.mark.parametrize("name", [q.name for q in Q.QUERIES if q.examples])
def test_canned_query_example_returns_rows(client, name):
    sql = Q.QUERIES_BY_NAME[name].sql
    for table in LINK_TABLES:
        if re.search(rf"\b{table}\b", sql):
            assert count(client, table), f"{table} is empty"
    for example in Q.QUERIES_BY_NAME[name].examples:
        assert rows(client, query_url(name, **example)), (name, example)


def test_long_canned_query_page_shows_one_page_of_rows_and_downloads_all(client):
    """Every box empty, meeting_agenda lists every agenda item: the HTML page
    shows the first ROWS_PER_PAGE of them, says how many there are and links
    to the rest; CSV and JSON keep every row."""
    import csv
    import io
    import sys

    sys.path.insert(0, str(ROOT / "plugins"))
    from jbz_rows import ROWS_PER_PAGE

    everything = rows(client, query_url("meeting_agenda"))
    total = len(everything)
    assert total == count(client, "agenda_items") > ROWS_PER_PAGE
    html = client.get("/jbz/meeting_agenda?meeting=&kind=").text
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == ROWS_PER_PAGE
    assert f"Rij 1–{ROWS_PER_PAGE} van {total:,}".replace(",", ".") in html
    assert everything[0]["agenda_item_id"] in body and everything[ROWS_PER_PAGE]["agenda_item_id"] not in body
    following = re.search(r'href="([^"]*_vanaf=(\d+)[^"]*)" rel="next"', html)
    assert following and int(following[2]) == ROWS_PER_PAGE + 1
    second = client.get(following[1].replace("&amp;", "&")).text
    body = second.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == min(ROWS_PER_PAGE, total - ROWS_PER_PAGE)
    assert everything[ROWS_PER_PAGE]["agenda_item_id"] in body and 'rel="prev"' in second
    assert "Er is geen rij" in client.get(f"/jbz/meeting_agenda?_vanaf={total + 1}").text
    download = client.get("/jbz/meeting_agenda.csv?meeting=&kind=&_vanaf=101&_size=max").text
    assert len(list(csv.reader(io.StringIO(download)))) == total + 1


def test_whole_table_csv_stream_comes_from_the_data_package(client):
    """`_stream=on` for a whole table is sent to the package's CSV file (every
    row, every column); a filtered stream is still Datasette's."""
    import csv
    import io

    response = client.get("/jbz/paragraphs.csv?_stream=on&_size=max&_labels=on")
    assert response.status_code == 302
    assert response.headers["location"] == "/package/data/paragraphs.csv"
    whole = list(csv.DictReader(io.StringIO(client.get(response.headers["location"]).text)))
    assert len(whole) == count(client, "paragraphs")
    assert list(whole[0]) == client.json("/jbz/paragraphs.json?_size=1")["columns"]
    letter = whole[0]["letter_id"]
    filtered = client.get(f"/jbz/paragraphs.csv?_stream=on&_size=max&letter_id={letter}")
    assert filtered.status_code == 200
    found = list(csv.DictReader(io.StringIO(filtered.text)))
    assert len(found) == count(client, "paragraphs", f"letter_id='{letter}'") == sum(r["letter_id"] == letter for r in whole)


def test_meeting_agenda_of_june_2025_starts_with_adult_protection(client):
    # Letter 948: "I. Justitie / 1. Verordening over de bescherming van volwassenen
    # = Aanname gedeeltelijke algemene oriëntatie".
    items = rows(client, query_url("meeting_agenda", meeting="jbz-2025-06-12", kind="agenda"))
    assert items[0]["title"] == "Verordening over de bescherming van volwassenen"
    assert items[0]["section"] == "Justitie"
    assert items[0]["decision_as_written"] == "Aanname gedeeltelijke algemene oriëntatie"
    assert items[0]["decision_type"] == "partial general approach"
    assert {i["letter_id"] for i in items} == {"kst-32317-948"}


def test_empty_meeting_means_all_meetings(client):
    everything = rows(client, query_url("meeting_agenda"))
    assert {i["meeting_id"] for i in everything} == {
        "jbz-2024-06-13", "jbz-2025-03-05", "jbz-2025-06-12", "jbz-2025-12-08", "jbz-2026-06-04",
    }


def test_follow_eu_file_gives_the_thread_of_one_file(client):
    # Temporary protection for Ukrainians: 2024 agenda item 8b, 2025 agenda items 5a and 5b (under the group heading
    # "5. Toekomst van ontheemden uit Oekraïne", left out), 2026 report item 3.
    found = rows(client, query_url("follow_eu_file", file="temporary-protection"))
    assert [(r["meeting_date"], r["item"], r["title"]) for r in found] == [
        ("2024-06-13", "8b", "Verlenging van de werking Richtlijn Tijdelijke Bescherming"),
        ("2025-06-12", "5a", "Verlenging van de tijdelijke bescherming aan Oekraïners"),
        ("2025-06-12", "5b", "Gecoördineerde aanpak voor de overgang uit tijdelijke bescherming"),
        ("2026-06-04", "3", "Toekomstige juridische status van ontheemde personen uit Oekraïne"),
    ]
    assert [r["decision_asked"] for r in found] == ["principe akkoord", "politiek akkoord", "stand van zaken", None]
    assert [(r["agenda_letter_id"], r["report_letter_id"]) for r in found] == [
        ("kst-32317-879", None), ("kst-32317-948", None), ("kst-32317-948", None), (None, "kst-32317-QF")]
    assert found[-1]["report_item_id"] == "kst-32317-QF-05" and found[-1]["agenda_item_id"] is None
    # the letters' addresses are joined from letters.url (eu_file_thread keeps only the ids)
    assert [(r["agenda_letter_url"], r["report_letter_url"]) for r in found] == [
        ("https://zoek.officielebekendmakingen.nl/kst-32317-879.html", None),
        ("https://zoek.officielebekendmakingen.nl/kst-32317-948.html", None),
        ("https://zoek.officielebekendmakingen.nl/kst-32317-948.html", None),
        (None, "https://zoek.officielebekendmakingen.nl/kst-32317-QF.html")]
    assert (found[0]["meeting"], found[-1]["meeting"]) == ("JBZ-Raad 13-14 juni 2024, Luxemburg", "JBZ-Raad 4-5 juni 2026, Luxemburg")
    # the Dutch position with its sentence, and the outcome from the report (read in the letters)
    assert [r["nl_position"] for r in found] == ["support", "support", "support", "support_with_reservations"]
    assert found[1]["nl_position_sentence"] == "Het kabinet kan daarom de verlenging van de tijdelijke bescherming met één jaar steunen."
    assert found[3]["nl_position_sentence"].startswith("Verder heeft Nederland aangegeven open te staan voor een eventuele scopebeperking")
    assert [r["outcome"] for r in found] == [None, None, None, "discussed"]
    assert found[3]["outcome_evidence"].startswith("Tijdens een besloten lunch wisselden de lidstaten van gedachten")


def test_agenda_items_mentioning_gives_each_items_title_kind_and_letter(client):
    # summary_mentions_per_item keeps the item's id; the query joins its title, kind, decision type and letter
    found = rows(client, query_url("agenda_items_mentioning", entity="Oekraïne"))
    assert found and all(r["entity"] == "Oekraïne" for r in found)
    items = {a["id"]: a for a in client.json("/jbz/agenda_items.json?_shape=array&_size=max&_col=title&_col=doc_kind"
                                             "&_col=decision_type&_col=letter_id&_labels=off")}
    for r in found:
        a = items[r["agenda_item_id"]]
        assert (r["agenda_item"], r["doc_kind"], r["decision_type"], r["letter_id"]) == (a["title"], a["doc_kind"], a["decision_type"], a["letter_id"])
    view = rows(client, "/jbz/mentions_by_agenda_item.json?entity=Oekra%C3%AFne&_size=max")
    assert {(r["agenda_item_id"], r["title"], r["doc_kind"]) for r in view} == {
        (r["agenda_item_id"], r["agenda_item"], r["doc_kind"]) for r in found}


def test_positions_per_meeting_chart_follows_one_file(client):
    # the Return Regulation: one position in the December 2025 agenda ("Terugkeerverordening"), none in June 2025's "Terugkeer"
    found = rows(client, query_url("positions_per_meeting", file="return-regulation"))
    assert found == [{"meeting_date": "2025-12-08", "stance": "support_with_reservations",
                      "stance_nl": "steun met voorbehoud", "positions": 1}]
    everything = rows(client, query_url("positions_per_meeting"))
    assert {r["meeting_date"] for r in everything} == {"2024-06-13", "2025-03-05", "2025-06-12", "2025-12-08", "2026-06-04"}


def test_follow_eu_file_does_not_match_inside_words(client):
    # the old title search for "EES" also found "Europees Openbaar Ministerie"; files are chosen by id now
    found = rows(client, query_url("follow_eu_file", file="ees-interoperability"))
    assert [r["meeting_date"] for r in found] == ["2024-06-13", "2025-03-05", "2025-06-12", "2025-12-08", "2026-06-04"]
    assert not any("Openbaar Ministerie" in r["title"] for r in found)
    assert rows(client, query_url("follow_eu_file", file="EES")) == []


def test_decision_types_chart_counts_state_of_play_in_june_2025(client):
    # Letter 948 has eleven "= Stand van zaken" lines (any case) under its items.
    data = rows(client, query_url("decision_types_per_meeting", year="2025"))
    counts = {(r["meeting_date"], r["decision_type"]): r["items"] for r in data}
    assert counts[("2025-06-12", "state of play")] == 11
    assert counts[("2025-06-12", "general approach")] == 1
    assert all(r["meeting_date"].startswith("2025") for r in data)


def test_items_per_section_counts_each_meeting_once(client):
    data = rows(client, query_url("items_per_section_over_time"))
    total = sum(r["items"] for r in data)
    # group headings ("Overige onderwerpen" before its sub-items) are not items: 144 rows, 20 of them groups
    assert total == count(client, "agenda_items", "is_group=0") == 124
    assert {r["section"] for r in data} >= {"Justitie", "Binnenlandse Zaken"}


def test_letters_by_person_finds_van_weel_in_every_letter_he_signed(client):
    # D.M. van Weel signs letters 948, QF, 978 and the verslag of March 2025.
    found = rows(client, query_url("letters_by_person", person="Van Weel"))
    assert {r["letter_id"] for r in found} == {
        "kst-32317-948", "kst-32317-QF", "kst-32317-978", "kst-32317-935",
    }


def test_source_problems_lists_the_date_conflict_of_letter_978(client):
    # Its cover letter announces "13-14 oktober" while its agenda heading says 8 and 9 December 2025.
    found = rows(client, query_url("source_problems", kind="date-conflict"))
    assert any(r["letter_id"] == "kst-32317-978" and "oktober" in r["message"] for r in found)


def test_letter_citations_of_948_include_nr_878(client):
    cited = rows(client, query_url("letter_citations", letter="kst-32317-948"))
    # Footnote 1: "Kamerstuk II 2023/2023 32 317, nr. 878".
    assert any(c["dossier"] == "32317" and c["nummer"] == "878" for c in cited)
    assert any(c["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-878.html" for c in cited)


# --- views and summary tables ------------------------------------------------------------


def test_views_and_summary_tables_exist_and_facet(client):
    tables = {t["name"]: t for t in client.json("/jbz.json")["tables"]}
    views = {v["name"] for v in client.json("/jbz.json")["views"]} if "views" in client.json("/jbz.json") else set()
    for name in Q.SUMMARY_TABLES:
        assert name in tables
    for name in Q.VIEWS:
        assert name in views or client.get(f"/jbz/{name}.json").status_code == 200
    kinds = facet_counts(client, "/jbz/letters_overview.json", "doc_kind")
    assert kinds == {"geannoteerde agenda": 3, "verslag": 2}


# --- facets and search -----------------------------------------------------------------------


def test_letter_facets_by_kind_and_chamber(client):
    # Agendas: 948, 978 and the June 2024 one; reports: QF and March 2025.
    assert facet_counts(client, "/jbz/letters.json?_nocol=text", "doc_kind") == {"geannoteerde agenda": 3, "verslag": 2}
    kamer = facet_counts(client, "/jbz/letters.json?_nocol=text", "kamer")
    assert kamer["Eerste Kamer"] == 1  # QF is addressed to the Senate
    assert kamer["Tweede Kamer"] >= 3


def test_signatory_array_facet(client):
    counts = facet_counts(client, "/jbz/letters.json?_nocol=text", "signatory_names")
    assert counts["D.M. van Weel"] == 4


def test_agenda_item_facets_are_configured(client):
    data = client.json("/jbz/agenda_items.json")
    assert set(data["facet_results"]) == {"meeting_id", "section", "decision_type", "doc_kind", "nl_position", "outcome", "eu_file_id"}
    meetings = {r["value"]: r["count"] for r in data["facet_results"]["meeting_id"]["results"]}
    assert meetings["jbz-2025-06-12"] == 36


def test_no_suggested_facets(client):
    assert client.json("/jbz/agenda_items.json").get("suggested_facets", []) == []


def test_table_search_finds_compounds_and_ignores_accents(client):
    hits = rows(client, "/jbz/agenda_items.json?_search=terugkeer")
    assert "Terugkeerverordening" in {h["title"] for h in hits}
    para = rows(client, "/jbz/paragraphs.json?_search=orientatie")
    assert para and all("oriëntatie" in p["text"].lower() or "orientatie" in p["text"].lower() for p in para)


def test_search_query_highlights_terugkeerhub_in_four_letters(client):
    # "terugkeerhub" occurs in letters 948, QF, 978 and June 2024, not in the March 2025 verslag.
    hits = rows(client, query_url("search_letters", q="terugkeerhub"))
    assert {h["letter_id"] for h in hits} == {
        "kst-32317-948", "kst-32317-QF", "kst-32317-978", "kst-32317-879",
    }
    assert all("<mark>" in h["snippet"] and "</mark>" in h["snippet"] for h in hits)
    # the index holds words, so the whole word is marked: terugkeerhubs as well as terugkeerhub
    assert any(re.search(r"<mark>terugkeerhubs</mark>", h["snippet"], re.I) for h in hits)


def test_search_page_renders_marks_and_escapes_the_rest(client):
    html = client.get("/jbz/search_letters?q=orientatie&letter=").text
    results = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert re.search(r"<mark>oriëntatie</mark>", results, re.I)
    assert "&lt;mark&gt;" not in results


def test_search_with_stray_quotes_is_a_phrase_not_an_error(client):
    response = client.get(query_url("search_letters", q='"algemene oriëntatie'))
    assert response.status_code == 200
    assert response.json()["rows"]


# --- links ----------------------------------------------------------------------------------


def test_letter_row_links_to_official_publication(client):
    html = client.get("/jbz/letters/kst-32317-948").text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-32317-948.html"' in html


def test_letter_with_inferred_number_links_to_its_publication(client):
    # the PDF agenda of 13-14 June 2024 prints no number; letter 978 cites it as nr. 879
    html = client.get("/jbz/letters/kst-32317-879").text
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-32317-879.html"' in html
    assert "inferred" in html


def test_foreign_keys_show_labels_and_official_link(client):
    html = client.get("/jbz/agenda_items?meeting_id=jbz-2025-06-12").text
    assert 'href="/jbz/letters/kst-32317-948">2025-05-28 · agenda · 948</a>' in html
    assert "https://zoek.officielebekendmakingen.nl/kst-32317-948.html" in html


def test_row_page_links_ids(client):
    html = client.get("/jbz/agenda_items/kst-32317-948-01").text
    assert 'href="/jbz/letters/kst-32317-948"' in html
    assert 'href="/jbz/meetings/jbz-2025-06-12"' in html


def test_query_results_link_ids_to_rows(client):
    html = client.get("/jbz/meeting_agenda?meeting=jbz-2025-06-12&kind=").text
    assert 'href="/jbz/agenda_items/kst-32317-948-01"' in html
    assert 'href="/jbz/meetings/jbz-2025-06-12"' in html


def test_url_cells_are_links(client):
    html = client.get("/jbz/letters?_nocol=text").text
    assert '<a href="https://zoek.officielebekendmakingen.nl/kst-32317-QF.html"' in html


def test_citation_url_cells_are_links(client):
    cited = rows(client, "/jbz/citations.json?url__notblank=1&_size=1")
    assert cited
    html = client.get(f"/jbz/citations/{cited[0]['id']}").text
    assert f'<a href="{cited[0]["url"]}"' in html.replace("&amp;", "&")


# --- home page -------------------------------------------------------------------------------


def test_home_page_explains_and_links_everything(client):
    html = client.get("/").text
    assert "geannoteerde agenda" in html and "verslag" in html
    assert "5 brieven over 5 vergaderingen" in html
    assert re.search(r"Gebouwd \d{4}-\d\d-\d\d \d\d:\d\d UTC", html)
    assert 'action="/jbz/search_letters"' in html
    for chart in Q.CHARTS:
        assert f'class="chart-link" href="/jbz/{chart.name}"' in html
    assert "SQLite 3.45 of nieuwer" in html  # the .db link says what full-text search needs
    assert 'href="/downloads"' in html
    for q in Q.QUERIES:
        assert f"/jbz/{q.name}" in html
    assert 'href="/jbz.db"' in html
    assert 'href="/package/datapackage.json"' in html
    assert 'href="/package/data/agenda_items.csv"' in html


def test_package_and_downloads_are_served(client):
    assert client.json("/package/datapackage.json")["name"] == "jbz-brieven"
    csv = client.get("/package/data/letters.csv")
    assert csv.status_code == 200 and csv.text.startswith("id,")
    db = client.get("/jbz.db")
    assert db.status_code == 200 and db.content[:16] == b"SQLite format 3\x00"
    stream = client.get("/jbz/paragraphs.csv?_stream=on&_size=max", follow_redirects=True)
    assert stream.status_code == 200 and stream.text.count("\n") > 700


def test_footer_shows_build_time_on_table_pages(client):
    assert re.search(r"Gegevens gebouwd \d{4}-\d\d-\d\d", client.get("/jbz/meetings").text)


def test_nothing_is_loaded_from_another_host(client):
    for path in ("/", "/jbz/agenda_items", "/jbz/decision_types_per_meeting?year="):
        html = client.get(path).text
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            if 'rel="alternate"' in tag:
                continue  # a link to this page's JSON, not loaded
            src = re.search(r'(?:src|href)="([^"]+)"', tag)
            assert not src or not re.match(r"(https?:)?//", src.group(1)), tag


# --- safe public serving ----------------------------------------------------------------------


def test_settings_in_force(client):
    settings = client.json("/-/settings.json")
    for name, value in site.SETTINGS.items():
        assert settings[name] == value, name
    assert settings["suggest_facets"] is False


def test_makefile_serves_with_the_same_settings():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    found = dict(re.findall(r"--setting (\w+) (\S+)", recipe))
    expected = {name: site._setting_text(value) for name, value in site.SETTINGS.items()}
    assert found == expected
    assert "-i dist/jbz.db" in recipe and "--inspect-file dist/inspect.json" in recipe
    assert "--host 127.0.0.1 --port 8001" in recipe


def test_database_is_immutable(client):
    (db,) = client.json("/-/databases.json")
    assert db["is_mutable"] is False


def test_no_write_endpoints(client):
    assert client.post("/jbz/meeting_agenda", data={"meeting": ""}).status_code == 405
    assert client.post("/jbz/letters", data={"id": "x"}).status_code == 405
    assert client.get("/jbz.json?sql=delete+from+letters").status_code == 400
    for q in client.json("/jbz.json")["queries"]:
        assert not q.get("write"), q["name"]
    plugins = {p["name"] for p in client.json("/-/plugins.json")}
    assert plugins >= {"jbz_site.py", "jbz_pages.py", "jbz_guard.py"}  # datasette-atom: a read-only output renderer
    assert not {p for p in plugins if "write" in p or "upload" in p or "insert" in p}



@pytest.mark.parametrize("name", ["citations_per_letter", "letter_parts"])
def test_per_letter_chart_narrows_to_one_year(client, name):
    """A year keeps a per-letter chart small: exactly the rows of the letters
    placed in that year (undated letters by their meeting's date)."""
    everything = rows(client, query_url(name))
    years = {r["sort_date"][:4] for r in everything}
    assert len(years) > 1
    for year in years:
        found = rows(client, query_url(name, year=year))
        assert found == [r for r in everything if r["sort_date"].startswith(year)]


def test_served_connections_read_the_database_through_a_memory_map(client):
    """A frequent word's search looks rows up by rowid tens of thousands of
    times; mapped, those reads are no system calls (plugins/jbz_rows.py)."""
    import sys

    sys.path.insert(0, str(ROOT / "plugins"))
    from jbz_rows import MMAP_BYTES

    db = client.ds.get_database("jbz")
    mapped = client.loop.run_until_complete(db.execute_fn(lambda conn: [tuple(r) for r in conn.execute("pragma mmap_size")]))
    assert mapped == [(MMAP_BYTES,)]
