"""Shapes the issue names that the five letters do not show: 2009-2012
letters (ministry "Veiligheid en Justitie", decision lines marked with a
dash or not at all, numbering that runs on across sections, "te Luxemburg"),
and a cover letter whose agenda follows without a heading of its own.
The texts are short hand-written letters in those shapes."""

from __future__ import annotations

from jbz.parse import parse_text

OLD_STYLE = """32 317
JBZ-Raad

Nr. 12
BRIEF VAN DE MINISTER VAN VEILIGHEID EN JUSTITIE

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 1 juni 2011

Hierbij bied ik u, mede namens de minister van Binnenlandse Zaken en Koninkrijksrelaties, de geannoteerde agenda aan van de JBZ-Raad van 9 en 10 juni 2011 te Luxemburg.

De Minister van Veiligheid en Justitie,
I.W. Opstelten

Geannoteerde agenda JBZ-Raad 9-10 juni 2011

Justitie

1. Richtlijn inzake het recht op informatie in strafprocedures
- Politiek akkoord
Het voorzitterschap streeft naar een politiek akkoord. Nederland kan met de tekst instemmen.

2. Verordening erfrecht
Beleidsdebat
Het voorzitterschap wil een debat over de reikwijdte. Nederland steunt de aanpak.

Binnenlandse Zaken

3. Schengengovernance
- Raadsconclusies
Nederland steunt de conclusies.

4. Diversen
Informatie van de Commissie
De Commissie informeert over lopende voorstellen.
"""


def test_old_style_letter():
    records = parse_text(OLD_STYLE, source_file="old.txt")
    letter = records["letters"][0]
    assert (letter["id"], letter["letter_date"], letter["doc_kind"], letter["meeting_id"]) == (
        "kst-32317-12", "2011-06-01", "geannoteerde agenda", "jbz-2011-06-09",
    )
    assert records["meetings"][0]["location"] == "Luxemburg"
    assert records["meetings"][0]["end_date"] == "2011-06-10"
    items = [(r["section"], r["number"], r["title"], r["decision_raw"], r["decision_type"]) for r in records["agenda_items"]]
    assert items == [
        ("Justitie", "1", "Richtlijn inzake het recht op informatie in strafprocedures", "Politiek akkoord", "political agreement"),
        ("Justitie", "2", "Verordening erfrecht", "Beleidsdebat", "exchange of views"),
        ("Binnenlandse Zaken", "3", "Schengengovernance", "Raadsconclusies", "adoption"),
        ("Binnenlandse Zaken", "4", "Diversen", "Informatie van de Commissie", "information"),
    ]
    assert [(s["name"], s["role"]) for s in records["signatories"]] == [("I.W. Opstelten", "De Minister van Veiligheid en Justitie")]


AGENDA_WITHOUT_HEADING = """Aan de Voorzitter van de Eerste Kamer der Staten-Generaal
Den Haag, 2 oktober 2024

Hierbij bieden wij u de geannoteerde agenda aan van de informele JBZ-Raad van 22–23 juli a.s. in Boedapest.

I. Justitie
1. Toekomst van het strafrecht
= Gedachtewisseling
Het voorzitterschap wil spreken over de toekomst van het strafrecht.
"""


def test_agenda_without_heading_and_year_inferred():
    records = parse_text(AGENDA_WITHOUT_HEADING)
    letter = records["letters"][0]
    assert letter["kamer"] == "Eerste Kamer"
    assert letter["doc_kind"] == "geannoteerde agenda"
    meeting = records["meetings"][0]
    # "22–23 juli a.s." in a letter of 2 October 2024: the next July
    assert (meeting["start_date"], meeting["end_date"], meeting["location"], meeting["informal"]) == ("2025-07-22", "2025-07-23", "Boedapest", 1)
    assert [(r["section"], r["number"], r["title"], r["decision_type"]) for r in records["agenda_items"]] == [
        ("Justitie", "1", "Toekomst van het strafrecht", "exchange of views")
    ]


NUMBERED_SUBITEMS = """Den Haag, 3 december 2012

Hierbij bied ik u de geannoteerde agenda aan van de JBZ-Raad van 6 en 7 december 2012 te Brussel.

Verslag van de bijeenkomst van de Raad Algemene Zaken

Dit kopje hoort bij de brief, niet bij de JBZ-agenda.

Geannoteerde agenda JBZ-Raad 6 en 7 december 2012

Binnenlandse Zaken
1. Schengen
= Gedachtewisseling
Tekst over Schengen.
2a. Visumcode
= Algemene oriëntatie
Tekst over visa.
2b. Visumsancties
= Informatie van de Commissie
Tekst over sancties.
"""


def test_numbered_subitems_and_other_council_headings():
    records = parse_text(NUMBERED_SUBITEMS)
    items = [(r["number"], r["sub"], r["title"], r["decision_type"]) for r in records["agenda_items"]]
    assert items == [
        ("1", None, "Schengen", "exchange of views"),
        ("2", "a", "Visumcode", "general approach"),
        ("2", "b", "Visumsancties", "information"),
    ]
    # the heading about another Council stays in the cover letter
    cover = [p["text"] for p in records["paragraphs"] if p["part"] == "cover letter"]
    assert "Verslag van de bijeenkomst van de Raad Algemene Zaken" in cover
    assert records["meetings"][0]["location"] == "Brussel"


UNNUMBERED_REPORT = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
Den Haag, 20 december 2016

Hierbij bied ik u het verslag aan van de JBZ-Raad van 8 en 9 december 2016 in Brussel.

De Minister van Veiligheid en Justitie,
G.A. van der Steur

Verslag van de JBZ-Raad van 8 en 9 december 2016

Justitie

Richtlijn bestrijding terrorisme
De Raad heeft kennis genomen van de stand van zaken. Nederland steunde het compromis.

EOM-verordening
De Raad sprak over het Europees Openbaar Ministerie. Een akkoord ligt in het verschiet.

Binnenlandse Zaken

Visumliberalisatie Georgië
De Raad nam een positie in over de opschortingsclausule.
"""


def test_report_with_unnumbered_items():
    records = parse_text(UNNUMBERED_REPORT)
    assert records["letters"][0]["doc_kind"] == "verslag"
    items = [(r["section"], r["number"], r["title"], r["decision_raw"]) for r in records["agenda_items"]]
    assert items == [
        ("Justitie", None, "Richtlijn bestrijding terrorisme", None),
        ("Justitie", None, "EOM-verordening", None),
        ("Binnenlandse Zaken", None, "Visumliberalisatie Georgië", None),
    ]
    assert records["agenda_items"][1]["text"] == "De Raad sprak over het Europees Openbaar Ministerie. Een akkoord ligt in het verschiet."
