"""Dutch dates as the letters write them (jbz.dates). Most cases are cut
from the five letters, with the letter's own date as reference."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import (
    LETTERS,
    MARKDOWN_VERSLAG_QF,
    PDF_AGENDA_978,
    PDF_AGENDA_NO_HEADER,
    WORD_AGENDA_948,
    WORD_VERSLAG_NO_HEADER,
)

from jbz.dates import find_dates, infer_year, iso, parse_date

# The letters' own dates ("Den Haag, …"); the PDF agenda without header is taken as dated a week before its Council.
DATED = {
    WORD_AGENDA_948: date(2025, 5, 28),
    MARKDOWN_VERSLAG_QF: date(2026, 6, 22),
    WORD_VERSLAG_NO_HEADER: date(2025, 3, 21),
    PDF_AGENDA_978: date(2025, 11, 20),
    PDF_AGENDA_NO_HEADER: date(2024, 6, 5),
}


def spans(text: str, reference: date | None = None) -> list[tuple[str, str]]:
    return [(iso(d.start_date), iso(d.end_date)) for d in find_dates(text, reference)]


# (letter, a piece of its text exactly as written, the date ranges in it)
FROM_THE_LETTERS = [
    (WORD_AGENDA_948, "Den Haag, 28 mei 2025", [("2025-05-28", "2025-05-28")]),
    (WORD_AGENDA_948, "(JBZ-Raad) op 12 en 13 juni in Luxemburg", [("2025-06-12", "2025-06-13")]),
    (WORD_AGENDA_948, "Tijdens de vorige JBZ-Raad van 5 en 7 maart 2025 is", [("2025-03-05", "2025-03-07")]),
    (WORD_AGENDA_948, "Beschouwingen van 18 en 19 september 2024,", [("2024-09-18", "2024-09-19")]),
    (MARKDOWN_VERSLAG_QF, "(JBZ-Raad) van 4-5 juni 2026 in Luxemburg", [("2026-06-04", "2026-06-05")]),
    (MARKDOWN_VERSLAG_QF, "En marge van de JBZ-Raad vond op 5 juni jl. een werkontbijt", [("2026-06-05", "2026-06-05")]),
    (MARKDOWN_VERSLAG_QF, "tot 6 september a.s. gebruik kan worden gemaakt", [("2026-09-06", "2026-09-06")]),
    (MARKDOWN_VERSLAG_QF, "Van 15-16 april jl. vond op uitnodiging van Finland", [("2026-04-15", "2026-04-16")]),
    (MARKDOWN_VERSLAG_QF, "Raad Justitie en Binnenlandse Zaken, 4 en 5 juni 2026", [("2026-06-04", "2026-06-05")]),
    (WORD_VERSLAG_NO_HEADER, "Binnenlandse Zaken,\n5 en 7 maart 2025", [("2025-03-05", "2025-03-07")]),
    # A range after a dash split over two lines, with "a.s." (the source's own slip: October had passed).
    (PDF_AGENDA_978, "(JBZ-Raad) van 13-\n14 oktober a.s. in Luxemburg", [("2026-10-13", "2026-10-14")]),
    (PDF_AGENDA_978, "tijdens de JBZ-Raad van 12-13 \njuni jl. een algemene", [("2025-06-12", "2025-06-13")]),
    (PDF_AGENDA_978, "Binnenlandse Zaken (Sarajevo, 30-31 Oktober 2025)", [("2025-10-30", "2025-10-31")]),
    (PDF_AGENDA_978, "(PB L, 2025/2323, 14.11.2025)", [("2025-11-14", "2025-11-14")]),
    (PDF_AGENDA_NO_HEADER, "(JBZ-Raad) op 13 en 14 \njuni 2024 in Luxemburg", [("2024-06-13", "2024-06-14")]),
    (PDF_AGENDA_NO_HEADER, "asielbeleid op 7 maart jl..", [("2024-03-07", "2024-03-07")]),
    (PDF_AGENDA_NO_HEADER, "terrorisme dat op 13 juni voorafgaand aan de JBZ-", [("2024-06-13", "2024-06-13")]),
    (PDF_AGENDA_NO_HEADER, "binnenlandse zaken (Brussel, 20-21 juni 2024)", [("2024-06-20", "2024-06-21")]),
    (PDF_AGENDA_NO_HEADER, "plaatsvindt, op 10 en 11 juni. Onderwerp", [("2024-06-10", "2024-06-11")]),
]


@pytest.mark.parametrize("letter, piece, expected", FROM_THE_LETTERS, ids=[p[:40] for _, p, _ in FROM_THE_LETTERS])
def test_dates_in_the_letters(letter, piece, expected):
    text = (LETTERS / letter).read_text(encoding="utf-8")
    assert piece in text, "the piece is quoted from the letter"
    assert spans(piece, DATED[letter]) == expected


def test_every_date_of_a_cover_letter_in_order():
    text = (LETTERS / WORD_AGENDA_948).read_text(encoding="utf-8")
    cover = text[text.index("Den Haag") : text.index("Toezeggingen")]
    found = find_dates(cover, DATED[WORD_AGENDA_948])
    assert [(iso(d.start_date), iso(d.end_date), d.raw) for d in found] == [
        ("2025-05-28", "2025-05-28", "28 mei 2025"),
        ("2025-06-12", "2025-06-13", "12 en 13 juni"),
    ]
    assert all(cover[d.start : d.end] == d.raw for d in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("28 mei 2025", "2025-05-28"),
        ("Den Haag, 21 maart 2025", "2025-03-21"),
        ("2025-05-28", "2025-05-28"),  # a letter_date column value
        ("27-05-2025", "2025-05-27"),
        ("1ste juni 2025", "2025-06-01"),
        ("2 juni 2025", "2025-06-02"),
        ("12 mrt. 2025", "2025-03-12"),
        ("5 jan 2024", "2024-01-05"),
        ("3 sept. 2024", "2024-09-03"),
        ("4-5 juni 2026", "2026-06-04"),  # a range gives its first day
        ("geen datum", None),
        ("31 februari 2025", None),
    ],
)
def test_parse_date(text, expected):
    assert iso(parse_date(text)) == expected


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        # jl. (jongstleden) = the last such day, a.s. (aanstaande) = the next one
        ("1 juni jl.", date(2025, 5, 28), "2024-06-01"),
        ("1 juni jl.", date(2025, 6, 20), "2025-06-01"),
        ("13 juni a.s.", date(2025, 5, 28), "2025-06-13"),
        ("13 juni a.s.", date(2025, 6, 20), "2026-06-13"),
        ("20 januari a.s.", date(2025, 12, 10), "2026-01-20"),
        ("10 december jl.", date(2026, 1, 15), "2025-12-10"),
        ("28 mei jl", date(2024, 6, 5), "2024-05-28"),
        ("3 december aanstaande", date(2025, 11, 20), "2025-12-03"),
        ("23 juli jongstleden", date(2025, 11, 20), "2025-07-23"),
        # no marker: the nearest occurrence
        ("12 januari", date(2025, 12, 20), "2026-01-12"),
        ("12 december", date(2026, 1, 5), "2025-12-12"),
        ("12 juni", date(2025, 5, 28), "2025-06-12"),
        ("29 februari", date(2025, 3, 1), "2024-02-29"),
        # a stated year wins over the marker
        ("14 mei 2024", date(2025, 11, 20), "2024-05-14"),
    ],
)
def test_year_from_the_reference(text, reference, expected):
    assert iso(parse_date(text, reference)) == expected


def test_no_year_and_no_reference_gives_nothing():
    assert find_dates("op 12 en 13 juni in Luxemburg") == []
    assert parse_date("1 juni jl.") is None


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("5 en 7 maart 2025", None, [("2025-03-05", "2025-03-07")]),
        ("12 en 13 juni", date(2025, 5, 28), [("2025-06-12", "2025-06-13")]),
        ("4-5 juni 2026", None, [("2026-06-04", "2026-06-05")]),
        ("13-14 oktober a.s.", date(2025, 9, 1), [("2025-10-13", "2025-10-14")]),
        ("22–23 juli a.s.", date(2025, 7, 1), [("2025-07-22", "2025-07-23")]),  # en dash
        ("22 — 23 juli 2025", None, [("2025-07-22", "2025-07-23")]),  # em dash with spaces
        ("13- 14 oktober 2025", None, [("2025-10-13", "2025-10-14")]),  # a hyphen left by joined lines
        ("13-\n14 oktober 2025", None, [("2025-10-13", "2025-10-14")]),
        ("13\nen\n14\noktober\n2025", None, [("2025-10-13", "2025-10-14")]),
        ("30 en 31 januari 2025", None, [("2025-01-30", "2025-01-31")]),
        ("29 februari t/m 1 maart 2024", None, [("2024-02-29", "2024-03-01")]),
        ("29 februari tot en met 1 maart 2024", None, [("2024-02-29", "2024-03-01")]),
        ("30 november – 1 december", date(2009, 11, 10), [("2009-11-30", "2009-12-01")]),
        ("30 november 2009 - 1 december 2009", None, [("2009-11-30", "2009-12-01")]),
        ("30 december – 2 januari a.s.", date(2025, 12, 1), [("2025-12-30", "2026-01-02")]),
        ("30 december – 2 januari jl.", date(2026, 1, 20), [("2025-12-30", "2026-01-02")]),
        ("12, 13 en 14 juni 2025", None, [("2025-06-12", "2025-06-14")]),
        ("van 1 tot 3 juli 2025", None, [("2025-07-01", "2025-07-03")]),
        # "en" joining days weeks apart names two dates, not a meeting
        ("op 3 en 24 maart 2025", None, [("2025-03-03", "2025-03-03"), ("2025-03-24", "2025-03-24")]),
        ("op 12 mei 2025 en 3 juni 2025", None, [("2025-05-12", "2025-05-12"), ("2025-06-03", "2025-06-03")]),
        # nonsense ranges are no dates
        ("14-13 juni 2025", None, []),
    ],
)
def test_ranges(text, reference, expected):
    assert spans(text, reference) == expected


def test_raw_and_offsets_point_into_the_text():
    text = "de JBZ-Raad van 13-\n14 oktober a.s. in Luxemburg en op 1 juni jl. in Brussel"
    found = find_dates(text, date(2025, 5, 28))
    assert [d.raw for d in found] == ["13-\n14 oktober a.s.", "1 juni jl."]
    assert all(text[d.start : d.end] == d.raw for d in found)


@pytest.mark.parametrize(
    "text",
    [
        "15 meisjes",  # "mei" inside a word
        "12 junior-medewerkers",
        "3 decimalen",
        "12 June 2024",  # English
        "vergaderjaar 2023-24",
        "nr. 2758",
        "artikel 3.1 van de Code",
        "1,5 juni",
        "COM(2025) 795 final",
        "21 501-20, nr. 2306",
    ],
)
def test_no_false_dates(text):
    assert find_dates(text, date(2025, 5, 28)) == []


def test_numeric_dates():
    assert spans("Entry EES (12/11/2024 → 09/04/2026)") == [("2024-11-12", "2024-11-12"), ("2026-04-09", "2026-04-09")]
    assert spans("zie besluit van 13-01-2000") == [("2000-01-13", "2000-01-13")]
    assert spans("32/13/2025") == []


def test_infer_year():
    assert infer_year(6, 12, date(2025, 5, 28)) == 2025
    assert infer_year(6, 12, date(2025, 5, 28), "jl.") == 2024
    assert infer_year(6, 12, None) is None
    assert iso(None) is None


def test_days_named_apart_or_in_a_row():
    from datetime import date

    from jbz.dates import find_dates

    assert find_dates("de JBZ-Raad van 5 en 7 maart 2025")[0].days == [date(2025, 3, 5), date(2025, 3, 7)]
    assert find_dates("de JBZ-Raad van 12 en 13 juni 2025")[0].days == [date(2025, 6, 12), date(2025, 6, 13)]
    assert find_dates("van 30 januari - 1 februari 2026")[0].days == [date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 1)]
