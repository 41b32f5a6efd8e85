"""Annex-only documents and web-page copies (fixtures written by
make_web_annex_fixtures.py from the real letters).

- An agenda published as a separate bijlage, without its cover letter, is
  read as a letter of its own (`annex_only`), linked to the main letter it
  names (in its text or in the official metadata), and never takes that
  letter's number.
- A letter copied from the Tweede Kamer's web site loses the site's
  navigation, document details and footer, and the cut is recorded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import LETTERS, PDF_AGENDA_978, WORD_AGENDA_948
from reexport import to_web
from xml_compare import comparable

from jbz import sources
from jbz.normalize import detect_format, normalize
from jbz.normalize.webpage import strip_chrome
from jbz.parse import parse_text
from jbz.pipeline import build_tables, parse_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANNEX_948 = FIXTURES / "annex" / "blg-948-agenda.txt"
COVER_948 = FIXTURES / "annex" / "kst-32317-948-cover.txt"
ANNEX_978_XML = FIXTURES / "annex" / "blg-1180002.xml"
TK_PAGE_948 = FIXTURES / "web" / "tk-kst-32317-948.txt"


def _items(records):
    """Items with their text, white space aside (the PDF export may wrap "benadrukken - conform" at the dash)."""
    return [(r["section"], r["number"], r["sub"], r["title"], r["decision_raw"], r["decision_type"], "".join(r["text"].split()))
            for r in records["agenda_items"]]


@pytest.fixture(scope="module")
def letter_948():
    return parse_text((LETTERS / WORD_AGENDA_948).read_text(encoding="utf-8"))


def test_a_text_annex_is_read_and_names_its_main_letter(letter_948):
    records = parse_source(sources.read_source(ANNEX_948))
    letter = records["letters"][0]
    assert detect_format(ANNEX_948.read_text(encoding="utf-8")) == "pdf"
    assert (letter["id"], letter["annex_only"], letter["main_document"], letter["nummer"]) == (
        "32317-2025-06-12-agenda-bijlage", 1, "kst-32317-948", None)
    assert (letter["doc_kind"], letter["meeting_id"]) == ("geannoteerde agenda", "jbz-2025-06-12")
    assert letter["title"] == "Geannoteerde agenda JBZ-Raad 12 en 13 juni 2025"  # no header: a descriptive title
    # the same 36 items as the agenda inside letter 948, and its footnotes 4-20, here numbered 1-17
    assert len(records["agenda_items"]) == 36
    assert _items(records) == _items(letter_948)
    assert [f["text"] for f in records["footnotes"]] == [f["text"] for f in letter_948["footnotes"][3:]]
    assert records["signatories"] == []
    kinds = {i["kind"]: i["message"] for i in records["data_issues"]}
    assert kinds["annex-only"].endswith("its main document is kst-32317-948")
    assert "missing-number" not in kinds and "missing-header" not in kinds
    assert letter["coverage"] >= 0.995


def test_an_xml_annex_takes_its_identifier_and_main_document_from_the_metadata():
    records = parse_source(sources.read_source(ANNEX_978_XML))
    letter = records["letters"][0]
    assert (letter["id"], letter["annex_only"], letter["main_document"], letter["source_format"]) == (
        "blg-1180002", 1, "kst-32317-978", "xml")
    assert letter["url"] == "https://zoek.officielebekendmakingen.nl/blg-1180002.html"
    assert letter["meeting_id"] == "jbz-2025-12-08"
    full = parse_text((LETTERS / PDF_AGENDA_978).read_text(encoding="utf-8"))
    assert _items(records) == _items(full)
    assert len(records["agenda_items"]) == 29
    # footnotes renumbered from 1 in the annex, their texts those of the letter's agenda part
    cover_notes = {f["number"] for f in full["footnotes"] if f["paragraph_id"] and not any(
        p["id"] == f["paragraph_id"] and p["part"] in ("agenda", "report", "attachment") for p in full["paragraphs"])}
    assert [f["text"] for f in records["footnotes"]] == [f["text"] for f in full["footnotes"] if f["number"] not in cover_notes]
    assert records["footnotes"][0]["number"] == 1


def test_cover_letter_and_annex_together(tmp_path):
    shutil.copy(COVER_948, tmp_path / COVER_948.name)
    shutil.copy(ANNEX_948, tmp_path / ANNEX_948.name)
    result = build_tables(tmp_path)
    assert result.ok, [e.message for e in result.errors]
    letters = {r["id"]: r for r in result.tables["letters"]}
    assert set(letters) == {"kst-32317-948", "32317-2025-06-12-agenda-bijlage"}
    cover, annex = letters["kst-32317-948"], letters["32317-2025-06-12-agenda-bijlage"]
    assert (cover["annex_only"], cover["main_document"], cover["doc_kind"]) == (0, None, "geannoteerde agenda")
    assert annex["main_document"] == cover["id"]  # linked: the main letter is in the bundle
    assert annex["nummer"] is None and annex["nummer_source"] is None
    items = result.tables["agenda_items"]
    assert len(items) == 36 and {r["letter_id"] for r in items} == {annex["id"]}
    # one meeting: its dates from the annex's heading, its place from the cover letter
    [meeting] = result.tables["meetings"]
    assert (meeting["id"], meeting["end_date"], meeting["location"]) == ("jbz-2025-06-12", "2025-06-13", "Luxemburg")


def test_a_tweede_kamer_web_page_loses_its_chrome(letter_948):
    text = TK_PAGE_948.read_text(encoding="utf-8")
    assert detect_format(text) == "web"
    records = parse_source(sources.read_source(TK_PAGE_948))
    got, expected = comparable(records), comparable(letter_948)
    assert got["letter"].pop("vergaderjaar") == "2024-2025"  # the page prints the year above the letter; the Word export does not
    expected["letter"].pop("vergaderjaar")
    for key in ("letter", "meetings", "agenda_items", "footnotes", "citations", "signatories", "body"):
        assert got[key] == expected[key], key
    texts = [p["text"] for p in records["paragraphs"]]
    assert texts[0] == "Tweede Kamer der Staten-Generaal" and texts[1] == "Vergaderjaar 2024-2025"
    assert not {"Direct naar de hoofdinhoud", "Kamerleden", "Deel deze pagina", "Privacy", "Open data"} & set(texts)
    [cut] = [i["message"] for i in records["data_issues"] if i["kind"] == "web-chrome-removed"]
    assert cut.startswith("web page chrome removed")
    assert "27 lines above the letter: Direct naar de hoofdinhoud | Tweede Kamer der Staten-Generaal | Zoeken" in cut
    assert "Preview document (origineel); 15 lines below the letter: Deel deze pagina | Facebook" in cut
    assert cut.endswith("Cookies | Open data")
    assert records["letters"][0]["coverage"] >= 0.995


@pytest.mark.parametrize("name", sorted(p.name for p in LETTERS.glob("*.txt")))
def test_letters_without_chrome_are_left_whole(name):
    text = (LETTERS / name).read_text(encoding="utf-8")
    assert strip_chrome(text) == (text, "", "")


def test_official_site_copy_loses_its_chrome_too():
    text = to_web((LETTERS / WORD_AGENDA_948).read_text(encoding="utf-8"))
    norm = normalize(text)
    assert [b.text for b in norm.blocks[:2]] == ["Tweede Kamer der Staten-Generaal", "32 317 JBZ-Raad"]
    # the letter ends on the last paragraph of its last agenda item, as in the Word export
    assert norm.blocks[-1].text.startswith("Uw Kamer is hierover apart geïnformeerd")
    [(kind, message)] = [p for p in norm.problems if p[0] == "web-chrome-removed"]
    assert "6 lines above the letter: Naar hoofdinhoud | Officiële bekendmakingen | Zoeken in de collectie" in message
    assert message.endswith("4 lines below the letter: Naar boven | Over deze site | Privacy | Toegankelijkheid")


def test_text_above_that_is_no_navigation_is_kept():
    para = "Dit is een lange alinea die geen menu of kruimelpad is, maar gewone tekst van een pagina die iemand heeft gekopieerd. " * 2
    text = f"Kop\n{para}\nAan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 1 juni 2025\n"
    assert strip_chrome(text) == (text, "", "")
