"""The site in a real browser: Debian's chromium driven by Playwright against
`datasette serve` (run as `make serve` runs it) on a fresh build of letters/.
Any request to a host other than the local server fails the test.
Screenshots go to docs/screenshots/ with JBZ_SCREENSHOTS=docs (`make screenshots`)."""

from __future__ import annotations

import os
import tempfile
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jbz import queries as Q
from jbz import site
from site_helpers import ROOT, build_bundle

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    bundle = build_bundle(tmp_path_factory)
    port = free_port()
    cmd = [
        str(Path(sys.executable).with_name("datasette")), "serve", "-i", "dist/jbz.db",
        "--inspect-file", "dist/inspect.json", "--metadata", "metadata.yml",
        "--plugins-dir", str(ROOT / "plugins"), "--template-dir", str(ROOT / "templates"),
        "--static", "package:dist/package",
        *site.serve_settings_args(),
        "--host", "127.0.0.1", "--port", str(port),
    ]
    log = open(bundle / "datasette.log", "w")
    proc = subprocess.Popen(cmd, cwd=bundle, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((bundle / "datasette.log").read_text())
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
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
    assert "5 letters about 5 Council meetings (2024-06-13 to 2026-06-04)" in intro
    assert "Built " in intro and "UTC" in intro
    assert page.locator("a.chart-link").count() == len(Q.CHARTS)
    assert page.locator("dl.queries dt a").count() == len(Q.QUERIES) - len(Q.CHARTS)
    assert page.get_by_role("link", name="datapackage.json").count() == 1
    shot(page, "home")


def test_faceted_table_shows_counts(server, page):
    page.goto(server + "/jbz/agenda_items?_nocol=text")
    assert "144 rows" in page.locator("h3").first.inner_text()
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
    assert page.locator("h3").first.inner_text().startswith("5 rows")
    titles = page.locator("td.col-title").all_inner_texts()
    assert "Terugkeerverordening" in titles and "Richtlijn corruptiebestrijding" in titles
    page.goto(server + "/jbz/agenda_items?_nocol=text")
    page.locator(".facet-results").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('h3').scrollIntoView()")
    shot(page, "agenda-items-facets")


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
    letters = set(page.locator("td.col-letter_id a:not(.jbz-official)").all_inner_texts())
    assert letters == {"kst-32317-948", "kst-32317-QF", "kst-32317-978", "kst-32317-879"}
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()
    shot(page, "search-terugkeerhub")


@pytest.mark.parametrize("chart", Q.CHARTS, ids=[q.name for q in Q.CHARTS])
def test_chart_is_drawn(server, page, chart):
    url = f"{server}/jbz/{chart.name}.json?" + "&".join(f"{p}=" for p in chart.params) + "&_shape=array"
    import json

    data = json.loads(urllib.request.urlopen(url).read())
    if len(data) < 2:
        pytest.skip(f"{chart.name} has {len(data)} row(s): datasette-vega draws from two rows on (links step pending?)")
    page.goto(f"{server}/jbz/{chart.name}#{chart.fragment}")
    page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=15000)
    # vega sizes the chart after it appears: wait until it is drawn at full size
    page.wait_for_function(
        """() => { const el = document.querySelector('.vega-embed canvas, .vega-embed svg');
                   if (!el) return false; const r = el.getBoundingClientRect(); return r.width > 100 && r.height > 100; }""",
        timeout=15000,
    )
    box = page.locator(".vega-embed canvas, .vega-embed svg").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    # The fragment preset the chart: the X and Y selects show its columns.
    assert page.locator('select[name="x_column"]').input_value() == chart.chart.x_column
    assert page.locator('select[name="y_column"]').input_value() == chart.chart.y_column
    page.wait_for_timeout(300)  # let vega finish painting before the screenshot
    shot(page, f"chart-{chart.name}", page.locator("form.datasette-vega").locator("xpath=../.."))


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
