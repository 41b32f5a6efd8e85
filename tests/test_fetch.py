"""`jbz fetch` against a local server serving the recorded responses in
tests/fixtures/sru/ (see its README): listing in three pages, a 503 and a 429
with Retry-After, a stall past the timeout, a diagnostic, a changed and an
unchanged publication, annexes and publications that are not letters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jbz.fetch import inventory, plan, run, store, sru
from jbz.fetch.client import Client, FetchError
from sru_server import FIXTURES, FixtureServer

JBZ = Path(sys.executable).with_name("jbz")
LETTER_IDS = ["kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978", "kst-32317-QF"]
FETCHED = sorted(LETTER_IDS + ["blg-1180002"])  # the letters and the one annex with an XML text


def client(sleeps: list | None = None, **kw) -> Client:
    """No real waiting: the waits asked for are recorded instead."""
    return Client(delay=0, timeout=0.4, sleep=(sleeps if sleeps is not None else []).append, **kw)


def page(state: str, start: int) -> bytes:
    return (FIXTURES / "listing" / state / f"start-{start}.xml").read_bytes()


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}


# --- the listing, pure ---------------------------------------------------------


def test_listing_page_records_and_paging():
    first = sru.parse_page(page("first", 1))
    assert (first.total, len(first.records), first.next_position) == (10, 4, 5)
    last = sru.parse_page(page("first", 9))
    assert [r.identifier for r in last.records] == ["blg-1180002", "kst-32317-QF"]
    assert last.next_position is None
    qf = last.records[1]
    assert (qf.creator, qf.number, qf.subtype, qf.vergaderjaar, qf.date) == (
        "Eerste Kamer der Staten-Generaal", "QF", "Brief", "2025-2026", "2026-06-22")
    assert qf.item_urls["xml"].endswith("/kst/32317/kst-32317-QF/1/xml/kst-32317-QF.xml")
    assert qf.page_url == "https://zoek.officielebekendmakingen.nl/kst-32317-QF.html"
    annex = sru.parse_page(page("first", 5)).records[3]
    assert (annex.identifier, annex.doc_type, annex.main_document) == ("blg-1180001", "Bijlage", "kst-32317-948")
    assert sorted(annex.item_urls) == ["metadata", "pdf"]


def test_diagnostic_answered_with_200_is_an_error():
    with pytest.raises(sru.SruDiagnostic) as err:
        sru.parse_page((FIXTURES / "listing" / "diagnostic.xml").read_bytes())
    assert err.value.message == "Query syntax error"
    assert err.value.uri == "info:srw/diagnostic/1/10"
    assert "Query syntax error" in str(err.value) and "w.dossiernummer==32317 AND (" in str(err.value)


def test_answers_that_are_no_sru_listing_are_refused():
    with pytest.raises(sru.SruError, match="document type"):
        sru.parse_page((FIXTURES / "errors" / "503.html").read_bytes())
    with pytest.raises(sru.SruError, match="document type or entities"):
        sru.parse_page(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(sru.SruError, match="not XML"):
        sru.parse_page(b"Service down")
    with pytest.raises(sru.SruError, match="numberOfRecords"):
        sru.parse_page(b'<searchRetrieveResponse xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse"/>')


def test_query_names_the_dossier_both_publication_kinds_and_the_date():
    cql = sru.query("32317", "2025-01-01")
    assert "w.dossiernummer==32317" in cql and "w.publicatienaam==Bijlage" in cql and cql.endswith("dt.date>=2025-01-01")
    for bad in (("32317 OR x", None), ("32317", "1 januari")):
        with pytest.raises(ValueError):
            sru.query(*bad)


def test_what_is_fetched_and_why_not():
    records = {r.identifier: r for start in (1, 5, 9) for r in sru.parse_page(page("first", start)).records}
    fetched = sorted(i for i, r in records.items() if plan.why_not(r) is None)
    assert fetched == FETCHED
    assert plan.why_not(records["kst-32317-951"]) == "not a government letter (Motie); the build reads only letters"
    assert "Lijst van vragen" in plan.why_not(records["kst-32317-952"])
    assert "Verslag" in plan.why_not(records["kst-32317-950"])
    assert plan.why_not(records["blg-1180001"]).startswith("annex without an XML text (manifestations: metadata, pdf)")
    assert inventory.chamber(records["kst-32317-QF"]) == "Eerste Kamer"
    assert inventory.chamber(sru.Record("kst-32317-QG", number="QG")) == "Eerste Kamer"


# --- the runs -------------------------------------------------------------------


def test_full_run_then_a_run_that_downloads_nothing(tmp_path):
    letters = tmp_path / "letters"
    sleeps: list[float] = []
    with FixtureServer() as srv:
        summary = run.run(letters, client(sleeps), base_url=srv.sru_url, echo=lambda m: None)
        # 3 listing pages + one 503 retry; 6 publications x (XML + metadata); one 429 and one stall retried
        assert summary.requests == len(srv.log) == 18
        assert len(srv.requests("/sru")) == 4
        assert [r["status"] for r in srv.log if r["key"].endswith("kst-32317-935.xml")] == [429, 200]
        assert [r["status"] for r in srv.log if r["key"].endswith("kst-32317-QF.xml")] == ["stalled", 200]
        assert 1.0 in sleeps  # the 429's Retry-After: 1 was honoured
        assert all(r["headers"]["User-Agent"].startswith("jbz-brieven/") for r in srv.log)
        assert sorted(summary.downloaded) == FETCHED and not summary.failed
        assert (summary.listed, summary.count("not fetched")) == (10, 4)
        assert sorted(p.name for p in letters.glob("*.xml")) == [f"{i}.xml" for i in FETCHED]
        for ident in FETCHED:
            record = json.loads((letters / "official" / f"{ident}.json").read_text())
            body = (letters / f"{ident}.xml").read_bytes()
            import hashlib

            assert record["sha256"] == hashlib.sha256(body).hexdigest()
            assert record["etag"] and record["last_modified"] == "Wed, 01 Jul 2026 09:00:00 GMT"
            assert record["xml_url"].startswith(srv.base) and record["retrieved_at"]
            assert (letters / "official" / f"{ident}.metadata.xml").read_bytes().startswith(b"<?xml")
        listing = json.loads((letters / "official" / "listing.json").read_text())
        assert len(listing["records"]) == 10

        before = snapshot(letters)
        srv.log.clear()
        again = run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        assert again.requests == len(srv.log) == 3  # the listing only
        assert not again.downloaded and again.count("unchanged") == 6
        assert snapshot(letters) == before  # not one file touched


def test_changed_and_unchanged_publications(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        old = json.loads((letters / "official" / "kst-32317-948.json").read_text())
        before = snapshot(letters)
        srv.state = "later"  # 948 reprinted as version 2; 978 re-stamped, same text
        srv.log.clear()
        summary = run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        assert summary.requests == 6  # 3 pages, 948 XML + metadata, 978 answered 304
        assert summary.changed == ["kst-32317-948"] and summary.confirmed == ["kst-32317-978"]
        asked_978 = [r for r in srv.log if r["key"].endswith("kst-32317-978.xml")]
        assert [r["status"] for r in asked_978] == [304]
        assert asked_978[0]["headers"]["If-None-Match"] == json.loads((letters / "official" / "kst-32317-978.json").read_text())["etag"]
        after = snapshot(letters)
        assert after["kst-32317-978.xml"] == before["kst-32317-978.xml"]
        assert after["kst-32317-948.xml"] != before["kst-32317-948.xml"]
        assert b"Deze herdruk vervangt" in (letters / "kst-32317-948.xml").read_bytes()
        new = json.loads((letters / "official" / "kst-32317-948.json").read_text())
        assert [v["sha256"] for v in new["previous_versions"]] == [old["sha256"]]
        assert new["previous_versions"][0]["xml_url"].endswith("/1/xml/kst-32317-948.xml")
        assert new["xml_url"].endswith("/2/xml/kst-32317-948.xml")

    rows, issues = inventory.documents(*store.read_official(letters), letters=[], errors=[])
    by_id = {r["id"]: r for r in rows}
    assert by_id["kst-32317-948"]["previous_sha256"] == [old["sha256"]]
    assert by_id["kst-32317-978"]["previous_sha256"] == []
    assert [(i["kind"], i["source_file"]) for i in issues] == [("official-text-changed", "kst-32317-948.xml")]
    assert old["sha256"][:12] in issues[0]["message"]


def test_inventory_lists_every_listed_publication(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
    rows, issues = inventory.documents(*store.read_official(letters), letters=[], errors=[])
    assert len(rows) == 10 and not issues
    by_id = {r["id"]: r for r in rows}
    assert sorted(i for i, r in by_id.items() if r["fetched"]) == FETCHED
    assert {i: r["status"] for i, r in by_id.items() if not r["fetched"]} == {
        "blg-1180001": "not fetched", "kst-32317-950": "not fetched", "kst-32317-951": "not fetched", "kst-32317-952": "not fetched"}
    assert (by_id["kst-32317-951"]["subtype"], by_id["kst-32317-951"]["title"]) == ("Motie", "Motie van het lid Voorbeeld over terugkeer")
    assert by_id["blg-1180002"]["main_document_id"] == "kst-32317-978"
    assert by_id["kst-32317-QF"]["kamer"] == "Eerste Kamer" and by_id["kst-32317-948"]["kamer"] == "Tweede Kamer"
    assert by_id["blg-1180001"]["pdf_url"].endswith("/blg/blg-1180001/1/pdf/blg-1180001.pdf")
    assert by_id["kst-32317-948"]["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-948.html"


def test_an_interrupted_run_is_picked_up(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        stop_after = 3 + 2 * 2 + 1  # listing, two publications, and the XML of a third
        cut = client()
        original = cut._once

        def flaky(url, headers):
            if cut.requests >= stop_after:
                raise KeyboardInterrupt
            return original(url, headers)

        cut._once = flaky
        with pytest.raises(KeyboardInterrupt):
            run.run(letters, cut, base_url=srv.sru_url, echo=lambda m: None)
        done = sorted(p.stem for p in (letters / "official").glob("*.json") if p.name != "listing.json")
        assert done == FETCHED[:2]  # the third has no provenance record: not taken as fetched
        assert not list(letters.glob(".*.part"))  # no half-written file left
        srv.log.clear()
        summary = run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        assert sorted(summary.downloaded) == FETCHED[2:]
        assert summary.requests == 3 + 2 * len(FETCHED[2:])


def test_failures_are_reported_per_publication(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        srv.files["kst/32317/kst-32317-935/1/xml/kst-32317-935.xml"] = tmp_path / "absent.xml"  # a 404
        summary = run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
    assert len(summary.failed) == 1 and "kst-32317-935" in summary.failed[0] and "HTTP 404" in summary.failed[0]
    assert sorted(summary.downloaded) == [i for i in FETCHED if i != "kst-32317-935"]


def test_client_gives_up_after_its_retries():
    sleeps: list[float] = []
    with FixtureServer(faults=False) as srv:
        srv.faults = {"/frbr/officielepublicaties/x.xml": [{"status": 503, "headers": {}, "body": "errors/503.html"}] * 3}
        c = client(sleeps, retries=2, backoff=0.5)
        with pytest.raises(FetchError, match="HTTP 503, 3 attempts"):
            c.get(f"{srv.base}/frbr/officielepublicaties/x.xml")
        assert c.requests == 3 and sleeps == [0.5, 1.0]  # doubling backoff
        c = client()
        with pytest.raises(FetchError, match="HTTP 404"):
            c.get(f"{srv.base}/frbr/officielepublicaties/none.xml")
        assert c.requests == 1  # a 404 is not retried


def test_retry_after_as_a_date():
    c = client()
    assert c._retry_after("120") == 120.0
    assert c._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: at once
    assert c._retry_after("soon") is None


# --- the command ------------------------------------------------------------------


def _jbz(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(JBZ), *args], capture_output=True, text=True, timeout=120)


def test_command_fills_an_empty_folder_then_downloads_nothing(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer() as srv:  # real waits: Retry-After 1 s and a 2 s backoff after the stall
        args = ("fetch", "--letters", str(letters), "--base-url", srv.sru_url, "--delay", "0", "--timeout", "0.5")
        first = _jbz(*args)
        assert first.returncode == 0, first.stderr
        assert "10 listed (10 reported, 3 page(s)): 6 new" in first.stdout
        assert "6 downloaded (0 with a changed text)" in first.stdout and first.stdout.rstrip().endswith("18 request(s)")
        assert "[6/6] kst-32317-QF: downloaded" in first.stderr and "HTTP 429: trying again in 1 s" in first.stderr
        second = _jbz(*args)
        assert second.returncode == 0, second.stderr
        assert "0 new, 0 changed per the listing, 6 unchanged, 4 not to fetch" in second.stdout
        assert second.stdout.rstrip().endswith("3 request(s)")


def test_command_dry_run_writes_nothing(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        proc = _jbz("fetch", "--letters", str(letters), "--base-url", srv.sru_url, "--delay", "0", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "would fetch (new): kst-32317-948: not fetched before" in proc.stderr
    assert proc.stderr.count("would fetch") == 6
    assert "dry run, nothing written; 3 request(s)" in proc.stdout
    assert not letters.exists()


def test_command_reports_a_diagnostic(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(state="diagnostic") as srv:
        proc = _jbz("fetch", "--letters", str(letters), "--base-url", srv.sru_url, "--delay", "0")
    assert proc.returncode == 1
    assert "listing dossier 32317 failed: the search service answered with a diagnostic: Query syntax error" in proc.stderr
    assert not letters.exists()


def test_command_refuses_a_bad_date():
    proc = _jbz("fetch", "--since", "gisteren", "--dry-run")
    assert proc.returncode == 2 and "not a date (YYYY-MM-DD): 'gisteren'" in proc.stderr


# --- fetch, then build --------------------------------------------------------------


def _build(letters: Path):
    from jbz.pipeline import build_tables

    return build_tables(letters)


def test_fetch_then_build_gives_the_five_letters_and_the_inventory(tmp_path):
    """The five letters served as their official XML renderings (tests/fixtures/xml/), and an annex."""
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        result = _build(letters)
        got = {r["id"]: r for r in result.tables["letters"]}
        assert sorted(got) == FETCHED  # the five letters and the annex (978's agenda on its own)
        assert {r["source_file"] for r in got.values()} == {f"{i}.xml" for i in FETCHED}
        assert (got["blg-1180002"]["annex_only"], got["blg-1180002"]["main_document"]) == (1, "kst-32317-978")
        assert got["kst-32317-QF"]["kamer"] == "Eerste Kamer" and got["kst-32317-948"]["letter_date"] == "2025-05-28"
        docs = {r["id"]: r for r in result.tables["documents"]}
        assert len(docs) == 10
        assert {i for i, r in docs.items() if r["status"] == "parsed"} == set(FETCHED)
        assert all(docs[i]["letter_id"] == i and docs[i]["fetched"] and docs[i]["parsed"] for i in FETCHED)
        assert docs["kst-32317-951"]["status"] == "not fetched" and not docs["kst-32317-951"]["parsed"]
        assert docs["blg-1180002"]["main_document_id"] == "kst-32317-978" and docs["blg-1180002"]["reason"] is None
        assert docs["blg-1180001"]["reason"].startswith("annex without an XML text")
        assert not [i for i in result.tables["data_issues"] if i["kind"] == "official-text-changed"]

        srv.state = "later"  # 948 reprinted
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        result = _build(letters)
    changed = [i for i in result.tables["data_issues"] if i["kind"] == "official-text-changed"]
    assert [(i["letter_id"], i["source_file"]) for i in changed] == [("kst-32317-948", "kst-32317-948.xml")]
    paragraphs = [p["text"] for p in result.tables["paragraphs"] if p["letter_id"] == "kst-32317-948"]
    assert "Deze herdruk vervangt de eerder gepubliceerde versie van deze brief." in paragraphs
    docs = {r["id"]: r for r in result.tables["documents"]}
    assert len(docs["kst-32317-948"]["previous_sha256"]) == 1 and docs["kst-32317-948"]["status"] == "parsed"


def test_a_hand_added_export_and_the_fetched_xml_of_one_letter(tmp_path):
    """The same letter twice (README: Fetching): the Word export is kept by the content rule (jbz.duplicates), the XML reported."""
    import shutil

    from conftest import LETTERS, WORD_AGENDA_948

    letters = tmp_path / "letters"
    letters.mkdir()
    shutil.copy(LETTERS / WORD_AGENDA_948, letters)
    with FixtureServer(faults=False) as srv:
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
    result = _build(letters)
    by_id = {r["id"]: r for r in result.tables["letters"]}
    assert by_id["kst-32317-948"]["source_file"] == WORD_AGENDA_948
    doc = {r["id"]: r for r in result.tables["documents"]}["kst-32317-948"]
    assert (doc["status"], doc["fetched"], doc["parsed"], doc["letter_id"]) == ("parsed", True, True, "kst-32317-948")
    assert doc["source_file"] == WORD_AGENDA_948
    assert doc["reason"].startswith(f"read from {WORD_AGENDA_948}, a text export added by hand; the fetched kst-32317-948.xml")
    assert [e.source_file for e in result.errors if e.kind == "duplicate"] == ["kst-32317-948.xml"]


def test_one_request_at_a_time_with_the_delay_between():
    sleeps: list[float] = []
    now = [100.0]
    with FixtureServer(faults=False) as srv:
        c = Client(delay=1.5, sleep=lambda s: (sleeps.append(s), now.__setitem__(0, now[0] + s)), clock=lambda: now[0])
        url = f"{srv.base}/frbr/officielepublicaties/kst/32317/kst-32317-948/1/metadata/metadata.xml"
        c.get(url)
        now[0] += 0.5  # the caller took half a second before asking again
        c.get(url)
        c.get(url)
    assert sleeps == [1.0, 1.5] and c.requests == 3


def test_since_narrows_the_query_and_keeps_what_was_listed_before(tmp_path):
    letters = tmp_path / "letters"
    with FixtureServer(faults=False) as srv:
        run.run(letters, client(), base_url=srv.sru_url, echo=lambda m: None)
        srv.log.clear()
        summary = run.run(letters, client(), since="2025-06-01", base_url=srv.sru_url, echo=lambda m: None)
    assert all(r["query"]["query"][0].endswith(" AND dt.date>=2025-06-01") for r in srv.requests("/sru"))
    assert summary.requests == 3 and not summary.downloaded
    listing = json.loads((letters / "official" / "listing.json").read_text())
    assert len(listing["records"]) == 10 and "dt.date" not in listing["query"]
