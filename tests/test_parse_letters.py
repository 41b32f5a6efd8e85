"""Letter and meeting fields, counts, footnotes and signatories of all five
letters, as a person reads them off the letters."""

from __future__ import annotations

import json

import pytest
from conftest import MARKDOWN_VERSLAG_QF, PDF_AGENDA_978, PDF_AGENDA_NO_HEADER, WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER

# file: (kamer, nummer, letter_date, doc_kind, meeting start, meeting end, location, informal)
LETTERS = {
    WORD_AGENDA_948: ("Tweede Kamer", "948", "2025-05-28", "geannoteerde agenda", "2025-06-12", "2025-06-13", "Luxemburg", 0),
    MARKDOWN_VERSLAG_QF: ("Eerste Kamer", "QF", "2026-06-22", "verslag", "2026-06-04", "2026-06-05", "Luxemburg", 0),
    WORD_VERSLAG_NO_HEADER: ("Tweede Kamer", None, "2025-03-21", "verslag", "2025-03-05", "2025-03-07", "Brussel", 0),
    # the cover letter names 13-14 October (a.s.) in Luxemburg, the agenda heading 8 and 9 December:
    # the heading wins and the cover letter's place is not trusted
    PDF_AGENDA_978: ("Tweede Kamer", "978", "2025-11-20", "geannoteerde agenda", "2025-12-08", "2025-12-09", None, 0),
    # no header, no date; the heading says "informele bijeenkomst", the cover letter a formal Council in Luxemburg
    PDF_AGENDA_NO_HEADER: (None, None, None, "geannoteerde agenda", "2024-06-13", "2024-06-14", "Luxemburg", 0),
}

# file: (agenda items, footnotes, signatories as (name, role))
COUNTS = {
    WORD_AGENDA_948: (36, 20),
    MARKDOWN_VERSLAG_QF: (18, 27),
    WORD_VERSLAG_NO_HEADER: (21, 3),
    PDF_AGENDA_978: (29, 24),
    PDF_AGENDA_NO_HEADER: (40, 34),
}

VAN_WEEL_CABINET = [
    ("D.M. van Weel", "De minister van Justitie en Veiligheid"),
    ("T.H.D. Struycken", "De staatssecretaris van Justitie en Veiligheid"),
    ("M.H.M. Faber-van de Klashorst", "De minister van Asiel en Migratie"),
]
SIGNATORIES = {
    WORD_AGENDA_948: VAN_WEEL_CABINET,
    WORD_VERSLAG_NO_HEADER: VAN_WEEL_CABINET,
    MARKDOWN_VERSLAG_QF: [
        ("D.M. van Weel", "De Minister van Justitie en Veiligheid"),
        ("Bart van den Brink", "De Minister voor Asiel en Migratie"),
        ("Claudia van Bruggen", "De Staatssecretaris van Justitie en Veiligheid"),
    ],
    PDF_AGENDA_978: [
        ("F. van Oosten", "De minister van Justitie en Veiligheid"),
        ("D.M. van Weel", "De minister van Asiel en Migratie"),
        ("A.C.L. Rutte", "De staatssecretaris van Justitie en Veiligheid"),
    ],
    PDF_AGENDA_NO_HEADER: [
        ("D. Yeşilgöz-Zegerius", "De minister van Justitie en Veiligheid"),
        ("F.M. Weerwind", "De minister voor Rechtsbescherming"),
        ("E. van der Burg", "De staatssecretaris van Justitie en Veiligheid"),
    ],
}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_and_meeting_fields(parsed, name):
    kamer, nummer, letter_date, kind, start, end, location, informal = LETTERS[name]
    letter = parsed[name]["letters"][0]
    assert (letter["kamer"], letter["nummer"], letter["letter_date"], letter["doc_kind"]) == (kamer, nummer, letter_date, kind)
    assert letter["dossier"] == "32317"
    assert letter["nummer_source"] == ("stated" if nummer else None)
    if nummer:
        assert letter["id"] == f"kst-32317-{nummer}"
    meeting = parsed[name]["meetings"][0]
    assert letter["meeting_id"] == meeting["id"] == f"jbz-{start}"
    assert (meeting["start_date"], meeting["end_date"], meeting["location"], meeting["informal"]) == (start, end, location, informal)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_counts(parsed, name):
    items, footnotes = COUNTS[name]
    assert len(parsed[name]["agenda_items"]) == items
    assert len(parsed[name]["footnotes"]) == footnotes
    assert [f["number"] for f in parsed[name]["footnotes"]] == list(range(1, footnotes + 1))
    # every footnote marker was found in the text
    assert all(f["paragraph_id"] for f in parsed[name]["footnotes"])


@pytest.mark.parametrize("name", sorted(SIGNATORIES))
def test_signatories(parsed, name):
    rows = sorted(parsed[name]["signatories"], key=lambda r: r["ordinal"])
    assert [(r["name"], r["role"]) for r in rows] == SIGNATORIES[name]
    assert json.loads(parsed[name]["letters"][0]["signatory_names"]) == [n for n, _ in SIGNATORIES[name]]


def test_titles_and_header_fields(parsed):
    assert parsed[WORD_AGENDA_948]["letters"][0]["title"] == (
        "Brief van de minister en staatssecretaris van Justitie en Veiligheid en de minister van Asiel en Migratie"
    )
    # PDF: the title is wrapped over three lines, with a blank line inside
    assert parsed[PDF_AGENDA_978]["letters"][0]["title"] == (
        "Brief van de minister van Justitie en Veiligheid, de minister van Asiel en Migratie en de staatssecretaris van Justitie en Veiligheid"
    )
    qf = parsed[MARKDOWN_VERSLAG_QF]["letters"][0]
    assert qf["vergaderjaar"] == "2025-2026"
    assert qf["source_format"] == "markdown"
    assert {parsed[n]["letters"][0]["source_format"] for n in (WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER)} == {"word"}
    assert {parsed[n]["letters"][0]["source_format"] for n in (PDF_AGENDA_978, PDF_AGENDA_NO_HEADER)} == {"pdf"}


def _issue_kinds(parsed, name):
    return {row["kind"] for row in parsed[name]["data_issues"]}


def test_data_issues(parsed):
    assert "date-conflict" in _issue_kinds(parsed, PDF_AGENDA_978)
    kinds = _issue_kinds(parsed, PDF_AGENDA_978)  # number line present, dossier line not
    assert "missing-dossier" in kinds and not {"missing-header", "missing-number"} & kinds
    assert {"missing-date", "missing-number", "informal-conflict"} <= _issue_kinds(parsed, PDF_AGENDA_NO_HEADER)
    assert "missing-number" in _issue_kinds(parsed, WORD_VERSLAG_NO_HEADER)
    assert not {"date-conflict", "informal-conflict", "missing-number"} & _issue_kinds(parsed, WORD_AGENDA_948)


def test_footnotes_lifted_out_of_the_pdf_body(parsed):
    notes = {f["number"]: f for f in parsed[PDF_AGENDA_978]["footnotes"]}
    assert notes[1]["text"] == "COM(2025) 795 final."
    # a footnote whose second line starts with a number ("17 december 2013") stays one footnote
    assert notes[13]["text"] == (
        "Besluit Nr.1313/2013/EU van het Europees Parlement en de Raad van 17 december 2013 betreffende een Uniemechanisme voor civiele bescherming."
    )
    # a footnote continued on the next page is joined
    assert notes[20]["text"].endswith("small mid-cap ondernemingen en aanvullende vereenvoudigingsmaatregelen, Kamerstukken II, 2024-25, 22 112, nr. 4085.")
    paragraphs = {p["id"]: p["text"] for p in parsed[PDF_AGENDA_978]["paragraphs"]}
    # the double marker "Commissievoorstel1415" points both notes at one paragraph, and is gone from the text
    assert notes[14]["paragraph_id"] == notes[15]["paragraph_id"]
    assert "Nederland verwelkomt het Commissievoorstel en" in paragraphs[notes[14]["paragraph_id"]]
    # "migratie1," keeps its word and loses its marker
    assert "jaarverslag asiel en migratie, het Uitvoeringsbesluit" in paragraphs[notes[1]["paragraph_id"]]
    assert not any("Kamerstukken II, 2024-25, 22 112" in text for text in paragraphs.values())


def test_word_footnote_bodies_and_bookmarks_removed(parsed):
    texts = [p["text"] for p in parsed[WORD_AGENDA_948]["paragraphs"]]
    assert not any("[bookmark:" in t or "footnoteRef" in t or "[11:" in t for t in texts)
    notes = {f["number"]: f["text"] for f in parsed[WORD_AGENDA_948]["footnotes"]}
    assert notes[11] == "Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935."


def test_report_key_results_and_attachments(parsed):
    rows = parsed[MARKDOWN_VERSLAG_QF]["paragraphs"]
    results = [p for p in rows if p["heading"] == "Belangrijkste resultaten" and p["kind"] == "list item"]
    assert len(results) == 8  # four bullets under each section
    assert all(p["agenda_item_id"] is None and p["part"] == "report" for p in results)
    attachment = [p for p in rows if p["part"] == "attachment"]
    assert any(p["text"] == "DECLARATION OF INTENT" and p["kind"] == "heading" for p in attachment)
    assert any(p["text"].startswith("Onderbouwing doeltreffendheid, doelmatigheid en evaluatie (CW3.1)") for p in attachment)
    # numbered sections of the attached form are not agenda items
    titles = {r["title"] for r in parsed[MARKDOWN_VERSLAG_QF]["agenda_items"]}
    assert "Doel(en)" not in titles and "Beleidsinstrument(en)" not in titles
    # a verslag has no decisions
    assert all(r["decision_raw"] is None for r in parsed[MARKDOWN_VERSLAG_QF]["agenda_items"])
