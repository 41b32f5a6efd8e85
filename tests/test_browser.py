"""The site in a real browser: Debian's chromium driven by Playwright against
`datasette serve` (run as `make serve` runs it) on a fresh build of letters/.
One server and one browser for the whole module.  Any request to a host other
than the local server, and any console error, fails the test.  A missing
chromium fails the suite (it is not skipped): `.ci/run` installs it.
Screenshots go to docs/screenshots/ with JBZ_SCREENSHOTS=docs (`make screenshots`)."""

from __future__ import annotations

import json
import os
import tempfile
import sqlite3
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jbz import queries as Q
from serve_helpers import running_server
from site_helpers import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Screenshots are taken on every run; they replace the committed ones in
# docs/screenshots/ only when JBZ_SCREENSHOTS=docs (so a test run leaves the
# checkout clean); otherwise they go to a temporary folder.
SCREENSHOTS = ROOT / "docs" / "screenshots" if os.environ.get("JBZ_SCREENSHOTS") == "docs" else Path(tempfile.gettempdir()) / "jbz-screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="module")
def db(bundle):
    conn = sqlite3.connect(bundle / "dist" / "jbz.db")
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def server(bundle):
    with running_server(bundle) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests cannot run (install Debian's chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that refuses, and records, every request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # a page that answers 4xx on purpose makes chromium log "Failed to load
    # resource"; failed scripts, styles and fetches are caught by status instead
    pg.on("console", lambda m: errors.append(f"console: {m.text}")
          if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    pg.on("response", lambda r: errors.append(f"{r.status} {r.url}")
          if r.status >= 400 and r.request.resource_type != "document" else None)
    yield pg
    context.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def shot(pg, name: str, locator=None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    (locator or pg).screenshot(path=str(path))


def test_home_page(server, page):
    page.goto(server + "/")
    assert "JBZ Brieven" in page.locator("h1").inner_text()
    intro = page.locator("section.jbz-intro").inner_text()
    assert "5 brieven over 5 vergaderingen van de Raad (2024-06-13 tot en met 2026-06-04)" in intro
    assert "Gebouwd " in intro and "UTC" in intro
    assert page.locator("a.chart-link").count() == len(Q.CHARTS)
    assert page.locator("dl.queries dt a").count() == len(Q.QUERIES) - len(Q.CHARTS)
    assert page.get_by_role("link", name="datapackage.json").count() == 1
    # every meeting and letter has its reading page one click from home
    assert page.locator("a.meeting-link").count() == 5 and page.locator("a.letter-link").count() == 5
    shot(page, "home")


def test_faceted_table_shows_counts(server, page):
    page.goto(server + "/jbz/agenda_items")
    assert page.locator("h3.jbz-rows-line").inner_text().startswith("144 rijen, gesorteerd op")
    meetings = page.locator(".facet-info-name", has_text="meeting_id").locator("xpath=..")
    # Letter 948 (the agenda of 12-13 June 2025) has 36 items.
    june_2025 = meetings.locator("li", has=page.locator('a[href*="meeting_id=jbz-2025-06-12"]'))
    assert june_2025.inner_text().strip().endswith("36")
    sections = page.locator(".facet-info-name", has_text="section").locator("xpath=..").inner_text()
    assert "Justitie" in sections and "Binnenlandse Zaken" in sections
    # Clicking a facet filters: five items ask for a general approach ("algemene oriëntatie"):
    # one in letter 948, three in 978, one (Richtlijn corruptiebestrijding) in June 2024.
    page.locator('a[href*="decision_type=general+approach"]').first.click()
    page.wait_for_load_state()
    assert page.locator("h3.jbz-rows-line").inner_text().startswith("5 rijen waar soort besluit = “general approach”")
    titles = page.locator("td.col-title").all_inner_texts()
    assert "Terugkeerverordening" in titles and "Richtlijn corruptiebestrijding" in titles
    page.goto(server + "/jbz/agenda_items")
    page.locator(".facet-results").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('h3').scrollIntoView()")
    shot(page, "agenda-items-facets")


def test_table_page_and_column_menu_speak_dutch(server, page):
    """What the browser shows of a table page, the column menu table.js
    draws included, holds none of Datasette's English phrases."""
    from test_site_dutch import ENGLISH_RE

    page.goto(server + "/jbz/letters")
    page.locator("th.col-letter_date svg.dropdown-menu-icon").click()
    menu = page.locator(".dropdown-menu")
    menu.wait_for(state="visible")
    assert "Sorteer oplopend" in menu.inner_text() and "Soort: TEXT" in menu.inner_text()
    shot(page, "table-letters-column-menu")
    for selector in ("header", "h1", "h3", "form.filters", "p.export-links", "#export", "footer", ".dropdown-menu"):
        for text in page.locator(selector).all_inner_texts():
            assert not ENGLISH_RE.findall(text), (selector, ENGLISH_RE.findall(text))
    assert not ENGLISH_RE.findall(page.title())


def test_search_from_the_home_page(server, page):
    page.goto(server + "/")
    page.fill('form.search input[name="q"]', "terugkeerhub")
    page.click('form.search input[type="submit"]')
    page.wait_for_selector("table.rows-and-columns")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 4
    marks = page.locator("table.rows-and-columns mark")
    assert marks.count() >= rows.count()
    assert marks.first.inner_text().lower().startswith("terugkeerhub")
    letters = set(page.locator("td.col-letter_id a:not(.jbz-official):not(.jbz-read-link)").all_inner_texts())
    assert letters == {"kst-32317-948", "kst-32317-QF", "kst-32317-978", "kst-32317-879"}
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()
    shot(page, "search-terugkeerhub")


CHART_FACTS = """() => {
  const box = document.querySelector('#jbz-chart.drawn svg');
  const r = box.getBoundingClientRect();
  const marks = Array.from(box.querySelectorAll('g.mark-rect path, g.mark-rect rect'));
  const legend = Array.from(box.querySelectorAll('g.role-legend-symbol path')).map(p => p.getAttribute('fill'));
  return {width: r.width, height: r.height, bars: marks.length, legend: legend,
          rows: Number(document.getElementById('jbz-chart').dataset.rows)};
}"""



def test_follow_an_eu_file_from_the_home_page(server, page):
    page.goto(server + "/")
    # the first section after the introduction: "Volg een EU-dossier" with a choice list of files
    assert page.locator("h2").first.inner_text() == "Volg een EU-dossier"
    assert page.locator("h1 + section.jbz-follow-file + section.jbz-intro").count() == 1  # first, before the introduction
    page.select_option("select#follow-file", "temporary-protection")
    page.click('form.follow-file input[type="submit"]')
    page.wait_for_selector("table.rows-and-columns")
    titles = page.locator("td.col-title").all_inner_texts()
    assert titles[0] == "Verlenging van de werking Richtlijn Tijdelijke Bescherming" and len(titles) == 4
    # on the query page the `file` box is a choice list too, with the chosen file selected
    page.wait_for_selector('form.sql select[name="file"]')
    assert page.locator('form.sql select[name="file"]').input_value() == "temporary-protection"
    assert page.locator('form.sql select[name="file"] option').count() > 30
    shot(page, "follow-eu-file")


@pytest.mark.parametrize("chart", Q.CHARTS, ids=[q.name for q in Q.CHARTS])
def test_chart_is_drawn_from_the_database_page(server, page, chart):
    """Opened the way a visitor finds it (the database page's list of
    queries, no #fragment), each chart query draws its chart from every row
    of its result, one distinct colour per category."""
    page.goto(f"{server}/jbz")
    page.locator(f'a[href="/jbz/{chart.name}"]').first.click()
    page.wait_for_url(f"**/jbz/{chart.name}")
    page.wait_for_selector("#jbz-chart.drawn svg", timeout=20000)
    facts = page.evaluate(CHART_FACTS)
    rows = json.loads(urllib.request.urlopen(
        f"{server}/jbz/{chart.name}.json?" + "&".join(f"{p}=" for p in chart.params) + "&_shape=array&_size=max").read())
    assert facts["rows"] == len(rows) > 1
    assert facts["width"] > 500 and facts["height"] > 250, facts
    assert facts["bars"] == len(rows), facts  # one bar (or stacked segment) per row
    categories = {r[chart.chart.color_column] for r in rows}
    assert len(facts["legend"]) == len(categories)
    assert len(set(facts["legend"])) == len(categories), "a colour is used for two categories"
    page.wait_for_timeout(200)
    shot(page, f"chart-{chart.name}", page.locator("#jbz-chart"))


def test_ranked_chart_is_sorted_by_value(server, page):
    """"Most named" draws its bars from the largest down."""
    page.goto(f"{server}/jbz/most_named_countries_and_bodies")
    page.wait_for_selector("#jbz-chart.drawn svg", timeout=20000)
    bars = page.evaluate("""() => Array.from(document.querySelectorAll('#jbz-chart g.mark-rect path'))
        .map(p => { const b = p.getBBox(); return [b.x, b.height]; })""")
    heights = [h for _, h in sorted(bars)]
    assert heights == sorted(heights, reverse=True) and heights[0] > heights[-1]


def test_undated_letter_is_placed_by_its_meeting_date(server, page):
    """Letter 879 has no date; its meeting (13-14 June 2024) is the oldest, so it comes first."""
    rows = json.loads(urllib.request.urlopen(f"{server}/jbz/citations_per_letter.json?kind=&_shape=array").read())
    assert rows[0]["letter"] == "z.d. · agenda · 879" and rows[0]["sort_date"] == "2024-06-13"


def test_search_form_explains_a_too_short_word(server, page):
    page.goto(f"{server}/jbz/search_letters")
    assert page.locator('label[for="qp-q"]').inner_text() == "Zoekterm"
    letters = page.locator('select[name="letter"] option').all_inner_texts()
    assert letters[0] == "— alle —" and "2025-05-28 · agenda · 948 (kst-32317-948)" in letters
    page.fill('input[name="q"]', "eu")
    page.click('form.jbz-form input[type="submit"]')  # the browser holds a too-short term back
    assert page.evaluate("document.querySelector('input[name=q]').validity.tooShort")
    assert page.url.endswith("/jbz/search_letters")
    page.goto(f"{server}/jbz/search_letters?q=eu&letter=")  # typed into the address bar: the server explains
    problem = page.locator(".jbz-problem").inner_text()
    assert "te kort" in problem and "minstens 3 tekens" in problem
    page.locator("a.back-to-form").click()
    page.wait_for_url("**/jbz/search_letters")
    shot(page, "form-search-too-short")


# --- reading pages ---------------------------------------------------------------------

def check_reading_page(pg, url: str, title: str) -> dict:
    """Open a reading page and check what every one must get right: its title,
    the text in a wide column at the left (not squeezed into a side column),
    every footnote marker pointing at a note on the page.  Returns figures."""
    response = pg.goto(url)
    assert response and response.status == 200, url
    found = pg.evaluate(PAGE_FACTS)
    assert found["h1"] == title.strip(), url
    doc, first = found["doc"], found["first"]
    assert doc["x"] < 60 and doc["width"] >= 600, (url, doc)
    if first:
        assert first["x"] < 80 and first["width"] >= 500, (url, first)
    assert set(found["markers"]) <= set(found["targets"]), (url, set(found["markers"]) - set(found["targets"]))
    return {"markers": len(found["markers"]), "notes": len(found["targets"])}


PAGE_FACTS = """() => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect(); return {x: r.x, width: r.width}; };
  return {
    h1: document.querySelector('h1').innerText.trim(),
    doc: box(document.querySelector('.jbz-doc')),
    first: box(document.querySelector('.jbz-text p, .jbz-text h3, .jbz-text li')),
    markers: Array.from(document.querySelectorAll('sup.fn a')).map(a => a.getAttribute('href')),
    targets: Array.from(document.querySelectorAll('.jbz-notes li[id]')).map(e => '#' + e.id),
  };
}"""


def test_every_letter_page(server, page, db):
    letters = db.execute("select id, title from letters order by id").fetchall()
    assert len(letters) == 5
    for letter in letters:
        figures = check_reading_page(page, f"{server}/brief/{letter['id']}", letter["title"])
        notes = db.execute("select count(*) from footnotes where letter_id = ?", (letter["id"],)).fetchone()[0]
        assert figures["notes"] == notes, letter["id"]
        placed = db.execute("select count(*) from footnotes where letter_id = ? and marker_offset is not null", (letter["id"],)).fetchone()[0]
        assert figures["markers"] == placed, letter["id"]
        items = db.execute("select id from agenda_items where letter_id = ?", (letter["id"],)).fetchall()
        for (item_id,) in items:  # every agenda item is an anchored section
            assert page.locator(f'section.item[id="{item_id}"]').count() == 1, item_id


def test_letter_948_reads_as_a_document(server, page):
    page.goto(f"{server}/brief/kst-32317-948")
    assert "Geannoteerde agenda · 2025-05-28 · agenda · 948" in page.locator(".kicker").inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "28 mei 2025" in facts and "JBZ-Raad 12-13 juni 2025, Luxemburg" in facts
    assert "D.M. van Weel" in facts
    assert page.locator('a.official[href="https://zoek.officielebekendmakingen.nl/kst-32317-948.html"]').count() == 1
    # The source download is the file itself: same SHA-256 as stated on the page.
    sha = page.locator("code.sha").inner_text().strip()
    href = page.locator("a.source").get_attribute("href")
    import hashlib

    body = urllib.request.urlopen(server + href).read()
    assert hashlib.sha256(body).hexdigest() == sha == hashlib.sha256((ROOT / "letters" / "000_30e947b90ac3b314.txt").read_bytes()).hexdigest()
    # Item 1 (letter text: "1. Verordening over de bescherming van volwassenen" /
    # "= Aanname gedeeltelijke algemene oriëntatie") is an anchored section.
    item = page.locator('section.item[id="kst-32317-948-01"]')
    assert "Verordening over de bescherming van volwassenen" in item.locator("h3").inner_text()
    assert "Aanname gedeeltelijke algemene oriëntatie" in item.inner_text()
    # Footnote 4 ("zorg te dragen[footnoteRef:4]") follows "dragen" and leads to its note.
    marker = item.locator('sup.fn a[href="#fn-4"]')
    assert marker.count() == 1
    assert page.evaluate("""() => { const a = document.querySelector('a#fnref-4');
        return a.parentElement.previousSibling.textContent.trimEnd().endsWith('zorg te dragen'); }""")
    marker.click()
    page.wait_for_function("location.hash === '#fn-4'")
    note = page.locator("li#fn-4")
    assert "Kamerstukken II, 2023-24, 22112, nr. 3739" in note.inner_text()
    box = note.bounding_box()
    assert 0 <= box["y"] < 900, "the note is scrolled into view"
    # The citation in the note is a link to the official publication.
    assert note.locator('a.cite[href="https://zoek.officielebekendmakingen.nl/kst-22112-3739.html"]').count() == 1
    note.locator("a.fn-back").click()
    page.wait_for_function("location.hash === '#fnref-4'")
    page.goto(f"{server}/brief/kst-32317-948")
    shot(page, "page-letter")


def test_every_meeting_page(server, page, db):
    meetings = db.execute("select id, label from meetings order by id").fetchall()
    assert len(meetings) == 5
    for m in meetings:
        check_reading_page(page, f"{server}/vergadering/{m['id']}", m["label"])
        shown = page.locator("ol.agenda > li").count()
        assert shown == db.execute("select count(*) from agenda_items where meeting_id = ?", (m["id"],)).fetchone()[0], m["id"]


def test_meeting_of_june_2025(server, page):
    page.goto(f"{server}/vergadering/jbz-2025-06-12")
    facts = page.locator("dl.facts").inner_text()
    # Letter 948: dated 28 May 2025 for the Council of 12-13 June 2025 in Luxemburg, Polish presidency.
    assert "Luxemburg" in facts and "Polen" in facts and "formele Raad" in facts
    assert "15 dagen vóór de vergadering" in facts
    first = page.locator("ol.agenda > li").first
    assert "Verordening over de bescherming van volwassenen" in first.inner_text()
    assert "gedeeltelijke algemene oriëntatie" in first.inner_text() and "partial general approach" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_url("**/agendapunt/kst-32317-948-01")
    page.go_back()
    shot(page, "page-meeting")


def test_meeting_with_agenda_and_report_counts_days(server, page):
    # The March 2025 verslag (935) is dated 21 March 2025, the meeting ended on 7 March: 14 days.
    page.goto(f"{server}/vergadering/jbz-2025-03-05")
    assert "14 dagen na afloop" in page.locator("dl.facts").inner_text()


def test_every_agenda_item_page(server, page, db):
    items = db.execute("select id, title from agenda_items order by id").fetchall()
    assert len(items) == 144
    markers = 0
    for item in items:
        markers += check_reading_page(page, f"{server}/agendapunt/{item['id']}", item["title"])["markers"]
    assert markers > 20  # most footnotes stand in agenda item text


def test_agenda_item_page_of_948_item_1(server, page):
    page.goto(f"{server}/agendapunt/kst-32317-948-01")
    facts = page.locator("dl.facts").inner_text()
    assert "JBZ-Raad 12-13 juni 2025, Luxemburg" in facts and "Justitie" in facts
    assert "Aanname gedeeltelijke algemene oriëntatie" in facts
    assert "Polen" in facts  # "Het Poolse voorzitterschap"
    text = page.locator(".jbz-text").inner_text()
    assert "Op 31 mei 2023 heeft de Europese Commissie" in text
    page.locator('sup.fn a[href="#fn-4"]').click()
    page.wait_for_function("location.hash === '#fn-4'")
    assert "22112, nr. 3739" in page.locator("li#fn-4").inner_text()
    page.goto(f"{server}/agendapunt/kst-32317-948-01")
    shot(page, "page-agenda-item")


def test_every_person_page(server, page, db):
    people = db.execute("select id, name from people order by id").fetchall()
    assert people
    for person in people:
        check_reading_page(page, f"{server}/persoon/{person['id']}", person["name"])
        signed = db.execute("select count(*) from signatories where person_id = ?", (person["id"],)).fetchone()[0]
        assert page.locator("ol.timeline:not(.named) > li").count() == signed, person["id"]


def test_person_page(server, page, db):
    person = db.execute("select id, name from people where name = 'D.M. van Weel'").fetchone()
    check_reading_page(page, f"{server}/persoon/{person['id']}", person["name"])
    # D.M. van Weel signed 935, 948, 978 and QF (see test_site), oldest first.
    links = page.locator("ol.timeline > li > a").all_inner_texts()
    assert [l.split(" · ", 1)[1] for l in links] == [
        "2025-03-21 · verslag · 935", "2025-05-28 · agenda · 948", "2025-11-20 · agenda · 978", "2026-06-22 · verslag · QF",
    ]
    shot(page, "page-person")


def test_eu_file_pages(server, page, db):
    assert db.execute("select 1 from sqlite_master where name = 'eu_files'").fetchone()
    files = db.execute("select * from eu_files").fetchall()
    assert files
    for f in files:
        row = dict(f)
        title = next(row[k] for k in ("name_nl", "title", "name", "label", "id") if row.get(k))
        check_reading_page(page, f"{server}/eu-dossier/{row['id']}", title)
        assert page.locator("ol.timeline > li").count() == db.execute(
            "select count(*) from agenda_items where eu_file_id = ?", (row["id"],)).fetchone()[0]
    page.goto(f"{server}/eu-dossier/temporary-protection")
    shot(page, "page-eu-file")


def test_agenda_item_leads_to_its_eu_file_and_the_other_appearances(server, page, db):
    assert db.execute("select 1 from sqlite_master where name = 'eu_files'").fetchone()
    items = [r[0] for r in db.execute(
        "select a.id from agenda_items a join meetings m on m.id = a.meeting_id "
        "where a.eu_file_id = 'temporary-protection' order by m.start_date, a.id")]
    assert len(items) >= 2
    page.goto(f"{server}/agendapunt/{items[0]}")
    page.locator("a.eu-file").click()
    page.wait_for_url("**/eu-dossier/temporary-protection")
    timeline = page.locator("ol.timeline > li a[href^='/agendapunt/']").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert timeline == [f"/agendapunt/{i}" for i in items]  # oldest meeting first
    page.goto(f"{server}/agendapunt/{items[0]}")
    others = page.locator("section.related li > a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert others == [f"/agendapunt/{i}" for i in items[1:]]
