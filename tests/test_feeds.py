"""Atom feeds (datasette-atom on canned queries): new letters, per chamber and per
meeting, linked from the home page; expected entries read from the five letters."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from site_helpers import ROOT, Client, build_bundle, datasette_for

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    c = Client(datasette_for(build_bundle(tmp_path_factory)))
    yield c
    c.close()


def entries(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("application/xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}title").text
    return [
        {
            "id": e.find(f"{ATOM}id").text,
            "title": e.find(f"{ATOM}title").text,
            "updated": e.find(f"{ATOM}updated").text,
            "link": (e.find(f"{ATOM}link").get("href") if e.find(f"{ATOM}link") is not None else None),
            "author": e.findtext(f"{ATOM}author/{ATOM}name"),
            "content": e.findtext(f"{ATOM}content"),
        }
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_new_letters_feed_lists_every_letter_newest_first(client):
    got = entries(client, "/jbz/feed_new_letters.atom?kamer=")
    assert [e["id"].rsplit(":", 1)[1] for e in got] == [
        "kst-32317-QF", "kst-32317-978", "kst-32317-948", "kst-32317-935", "kst-32317-879"]
    updated = [e["updated"] for e in got]
    assert updated == sorted(updated, reverse=True)
    qf = got[0]
    assert qf["updated"].startswith("2026-06-22")  # "Den Haag, 22 juni 2026"
    assert qf["title"] == "Verslag JBZ-Raad 4-5 juni 2026, Luxemburg"
    assert qf["link"] == "https://zoek.officielebekendmakingen.nl/kst-32317-QF.html"
    assert qf["author"] == "D.M. van Weel, Bart van den Brink, Claudia van Bruggen"
    assert got[2]["title"] == "Geannoteerde agenda JBZ-Raad 12-13 juni 2025, Luxemburg"


def test_feed_per_chamber_and_per_meeting(client):
    assert [e["id"] for e in entries(client, "/jbz/feed_new_letters.atom?kamer=Eerste+Kamer")] == ["urn:jbz-brieven:letter:kst-32317-QF"]
    june = entries(client, "/jbz/feed_meeting.atom?meeting=jbz-2025-06-12")
    assert [e["id"] for e in june] == ["urn:jbz-brieven:letter:kst-32317-948"]
    assert june[0]["updated"].startswith("2025-05-28")


def test_feed_per_eu_file_follows_the_file_across_meetings(client):
    got = entries(client, "/jbz/feed_eu_file.atom?eu_file=migration-pact")
    items = client.json(
        "/jbz.json?_shape=array&sql=select+id+from+agenda_items+where+eu_file_id%3D%27migration-pact%27+and+not+is_group")
    assert sorted(e["id"].rsplit(":", 1)[1] for e in got) == sorted(r["id"] for r in items)
    # QF (22 June 2026): "4. Uitvoering van het Asiel- en Migratiepact (Pact)", the newest letter on the file
    assert got[0]["title"] == "JBZ-Raad 4-5 juni 2026, Luxemburg: Uitvoering van het Asiel- en Migratiepact (Pact)"
    assert got[0]["content"].startswith("Verslag: De Commissie informeerde de JBZ-Raad over de stand van zaken")
    # 948: "4. Asiel- en migratiepact: implementatie / = stand van zaken / Naar verwachting zal de Commissie …"
    june = next(e for e in got if e["id"].endswith("kst-32317-948-17"))
    assert june["content"].startswith("Geannoteerde agenda (stand van zaken): Naar verwachting zal de Commissie een update geven")
    assert june["link"] == "https://zoek.officielebekendmakingen.nl/kst-32317-948.html"
    updated = [e["updated"] for e in got]
    assert updated == sorted(updated, reverse=True)


def test_a_feed_with_nothing_in_it_yet_is_still_a_feed(client):
    got = entries(client, "/jbz/feed_meeting.atom?meeting=jbz-2030-01-01")
    assert len(got) == 1 and got[0]["title"] == "Nog geen brieven over jbz-2030-01-01"


def test_home_page_links_the_feeds(client):
    html = client.get("/").text
    assert '<link rel="alternate" type="application/atom+xml" title="JBZ Brieven: nieuwe brieven" href="/jbz/feed_new_letters.atom?kamer=">' in html
    assert 'href="/jbz/feed_new_letters.atom?kamer=Eerste+Kamer"' in html
    assert 'action="/jbz/feed_meeting.atom"' in html
    assert 'action="/jbz/feed_eu_file.atom"' in html and '<option value="migration-pact">' in html


def test_publish_recipes_install_the_pinned_plugins():
    """`datasette publish` installs the plugins again in the container: the same pins as pyproject."""
    pins = dict(re.findall(r'"([\w-]+)==([\w.]+)"', (ROOT / "pyproject.toml").read_text()))
    for name in ("README.md", "Makefile"):
        installs = dict(re.findall(r"--install ([\w-]+)==([\w.]+)", (ROOT / name).read_text()))
        assert {"datasette-atom"} <= set(installs), name  # charts: vendored Vega-Lite in plugins/vendor/
        for pkg, version in installs.items():
            assert pins.get(pkg) == version, (name, pkg)


def test_scheduled_workflow_runs_make_targets_that_exist():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "update.yml").read_text())
    triggers = flow.get("on", flow.get(True))
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    runs = " ".join(step.get("run", "") for step in flow["jobs"]["update"]["steps"])
    used = re.findall(r"\bmake (\w[\w-]*)", runs)
    assert {"install", "test", "fetch", "build", "validate", "publish"} <= set(used)
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    assert set(used) <= targets
