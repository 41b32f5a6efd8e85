"""Mentions of countries, EU institutions and agencies, from the curated
vocabularies (build/jbz/vocab/)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from jbz.mentions import find_mentions, vocabulary


def _hits(text):
    return {h["entity"]: h for h in find_mentions(text)}


def test_names_adjectives_and_abbreviations():
    hits = _hits("Het Poolse voorzitterschap en de Europese Commissie vragen Frontex en de EOM om hulp; de Commissie ook.")
    assert (hits["Polen"]["entity_kind"], hits["Polen"]["entity_id"], hits["Polen"]["matched"]) == ("eu-member-state", "PL", "Poolse")
    assert (hits["Europese Commissie"]["count"], hits["Europese Commissie"]["matched"]) == (2, "Europese Commissie; Commissie")
    assert hits["Frontex"]["entity_kind"] == "eu-body"
    assert hits["Europees Openbaar Ministerie"]["matched"] == "EOM"
    assert _hits("Het aankomend Deense voorzitterschap en de Zweedse overheid")["Zweden"]["matched"] == "Zweedse"
    assert set(_hits("Het aankomend Deense voorzitterschap en de Zweedse overheid")) == {"Denemarken", "Zweden"}
    assert _hits("de VS en het VK")["Verenigde Staten"]["entity_kind"] == "country"
    assert _hits("Oekraïense ontheemden en Oekraïners")["Oekraïne"]["count"] == 2
    assert _hits("de Raad van Europa")["Raad van Europa"]["entity_kind"] == "international-body"


def test_the_netherlands_counts():
    hits = _hits("Nederland steunt dit, conform de Nederlandse inzet.")
    assert (hits["Nederland"]["entity_id"], hits["Nederland"]["count"]) == ("NL", 2)


def test_no_false_friends():
    assert find_mentions("het Commissievoorstel en de vaste commissie voor Justitie") == []
    # "de Raad" alone is the Council of the EU; "de JBZ-Raad" (a meeting of it) and "de Raad van State" are not matched
    assert [h["matched"] for h in find_mentions("De Raad heeft besloten; de JBZ-Raad en de Raad van State")] == ["De Raad"]
    assert "Rusland" not in _hits("Wit-Rusland")
    assert _hits("Wit-Rusland")["Belarus"]["matched"] == "Wit-Rusland"
    assert "Verenigde Staten" not in _hits("samenwerking met Latijns-Amerikaanse landen")
    assert "Europese Commissie" not in _hits("de nieuwe Commissievoorzitter")


def test_compounds_and_eu_pairs():
    assert _hits("inzet in NAVO- en EU-verband")["NAVO"]["count"] == 1
    assert _hits("het Frontex-personeel")["Frontex"]["matched"] == "Frontex"
    assert _hits("de EU-VS e-evidence overeenkomst")["Verenigde Staten"]["matched"] == "VS"
    assert "Turkije" in _hits("de EU-Turkije Verklaring")
    assert _hits("het Hof van Justitie van de EU (EU-Hof)")["Hof van Justitie van de EU"]["count"] == 2


def test_vocabularies_are_complete_and_documented():
    ids = [e["id"] for e in vocabulary()]
    assert len(ids) == len(set(ids))
    members = {e["id"] for e in vocabulary() if e["kind"] == "eu-member-state"}
    assert members == {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
    bodies = {e["id"] for e in vocabulary() if e["kind"] == "eu-body"}
    assert {"COM", "EP", "FRONTEX", "EUROPOL", "EUROJUST", "EPPO", "EULISA", "EUAA", "FRA"} <= bodies
    readme = resources.files("jbz.vocab").joinpath("README.md").read_text(encoding="utf-8")
    for name in ("countries.csv", "eu_bodies.csv", "presidencies.csv"):
        with resources.files("jbz.vocab").joinpath(name).open(encoding="utf-8") as f:
            columns = next(csv.reader(f))
        assert name in readme
        for column in columns:
            assert f"`{column}`" in readme, (name, column)


def test_mentions_in_the_letters(tables):
    rows = tables["mentions"]
    # agenda item 1 of the agenda of 12-13 June 2025: "Het Poolse voorzitterschap is voornemens …"
    poland = [m for m in rows if m["agenda_item_id"] == "kst-32317-948-01" and m["entity"] == "Polen"]
    assert [m["matched"] for m in poland] == ["Poolse"]
    # the verslag of 5 and 7 March 2025 names eu-LISA three times in one paragraph
    (lisa,) = [m for m in rows if m["letter_id"] == "kst-32317-935" and m["entity_id"] == "EULISA"]
    assert lisa["count"] == 3
    # the EU-VS ministerial meetings in the agenda of 13-14 June 2024
    assert any(m["letter_id"] == "kst-32317-879" and m["entity_id"] == "US" and "VS" in m["matched"] for m in rows)
    for m in rows:
        assert m["id"] == f"{m['paragraph_id']}-{m['entity_id']}" + ("-place" if m["role"] == "meeting-place" else "")
        assert m["entity_kind"] in ("eu-member-state", "country", "eu-body", "international-body")


# Every mention of 30 paragraphs of four letters, read by a person: {paragraph: {(entity_id, role, times named)}}.
READ_PARAGRAPHS = {
    # Word export, 948
    "kst-32317-948-p0005": {("CONSILIUM", "subject", 1), ("LU", "meeting-place", 1)},  # "de Raad Justitie … in Luxemburg"
    "kst-32317-948-p0069": {("COM", "subject", 2), ("US", "subject", 2)},  # "de VS", "de nieuwe Amerikaanse regering"
    "kst-32317-948-p0158": {("BE", "subject", 1), ("DE", "subject", 1), ("FR", "subject", 1), ("LU", "subject", 1), ("NL", "subject", 1)},
    "kst-32317-948-p0040": set(),  # insolvency: Titel VI, no country or body
    "kst-32317-948-p0100": {("COM", "subject", 2), ("UA", "subject", 1)},  # "Oekraïense ontheemden"
    "kst-32317-948-p0120": {("NL", "subject", 1)},
    "kst-32317-948-p0140": {("NL", "subject", 1)},  # EMPACT; "EU-lidstaten" names no one state
    # PDF export, 978
    "kst-32317-978-p0004": {("CONSILIUM", "subject", 1), ("LU", "meeting-place", 1)},  # "13-14 oktober a.s. in Luxemburg"
    "kst-32317-978-p0032": {("COM", "subject", 1)},
    "kst-32317-978-p0043": {("COM", "subject", 4), ("CONSILIUM", "subject", 3), ("NL", "subject", 1), ("US", "subject", 8)},
    "kst-32317-978-p0060": set(),  # a signature line
    "kst-32317-978-p0090": set(),  # "Uniemechanisme voor Civiele Bescherming …" heading
    "kst-32317-978-p0120": {("US", "subject", 1)},
    "kst-32317-978-p0150": {("EUROJUST", "subject", 1), ("NL", "subject", 1)},
    # Markdown export, QF, with its English attachment
    "kst-32317-QF-p0008": {("CONSILIUM", "subject", 1), ("LU", "meeting-place", 1)},
    "kst-32317-QF-p0050": {("CONSILIUM", "subject", 1)},
    "kst-32317-QF-p0100": set(),
    "kst-32317-QF-p0166": {("IT", "subject", 1), ("NL", "subject", 1)},  # "Italian Republic", "the Netherlands"
    "kst-32317-QF-p0167": {("IT", "subject", 1), ("NL", "subject", 1)},
    "kst-32317-QF-p0168": {("EUCO", "subject", 1)},
    "kst-32317-QF-p0171": {("UN", "subject", 1)},
    "kst-32317-QF-p0175": {("LY", "subject", 1), ("TN", "subject", 1), ("DZ", "subject", 1)},
    "kst-32317-QF-p0181": {("NL", "subject", 1)},
    # Word export without header, 935: read after the rules were written (a held-out sample; it found "de situatie
    # in Syrië" taken for a meeting place because the sentence named the JBZ-Raad)
    "kst-32317-935-p0025": set(),  # EU-CLASI: no state named
    "kst-32317-935-p0028": {("COM", "subject", 1), ("CONSILIUM", "subject", 1)},  # "uitte de Raad brede steun"
    "kst-32317-935-p0029": set(),  # "de Oostzee", "de Middellandse Zee": seas, not states
    "kst-32317-935-p0032": {("COM", "subject", 2), ("EEAS", "subject", 2), ("SY", "subject", 3)},
    "kst-32317-935-p0034": {("NL", "subject", 3), ("SY", "subject", 1)},
    "kst-32317-935-p0037": {("COM", "subject", 1), ("SY", "subject", 1)},  # "de veiligheidssituatie in Syrië"
    "kst-32317-935-p0038": {("EUCTC", "subject", 5), ("SY", "subject", 3)},
}


@pytest.mark.parametrize("paragraph_id", sorted(READ_PARAGRAPHS))
def test_every_mention_of_read_paragraphs(tables, paragraph_id):
    found = {(m["entity_id"], m["role"], m["count"]) for m in tables["mentions"] if m["paragraph_id"] == paragraph_id}
    assert found == READ_PARAGRAPHS[paragraph_id]


def test_the_council_from_dutch_usage():
    ids = lambda text: [(h["entity_id"], h["matched"]) for h in find_mentions(text)]  # noqa: E731
    assert ids("Het Europees Parlement en de Raad bereikten een akkoord.") == [("EP", "Europees Parlement"), ("CONSILIUM", "de Raad")]
    assert ids("De Raad van State adviseerde.") == []
    assert ids("de Raad voor de rechtspraak") == []
    assert ids("tijdens de JBZ-Raad en de Europese Raad") == [("EUCO", "Europese Raad")]
    assert ids("de Raad van de EU") == [("CONSILIUM", "Raad van de EU")]


def test_adjectives_bare_and_inflected_and_english_names():
    assert [h["entity_id"] for h in find_mentions("het Amerikaans beleid en de Poolse inzet")] == ["US", "PL"]
    assert [h["entity_id"] for h in find_mentions("returns from Libya and Tunisia")] == ["LY", "TN"]


def test_meeting_place_or_subject():
    roles = lambda text: [(h["entity_id"], h["role"]) for h in find_mentions(text)]  # noqa: E731
    assert roles("de JBZ-Raad van 4-5 juni 2026 in Luxemburg.") == [("LU", "meeting-place")]
    assert roles("Ministeriële bijeenkomst (Luxemburg, 12 juni 2025)") == [("LU", "meeting-place")]
    assert roles("Duitsland, Frankrijk, Luxemburg en Nederland legden in 1985 de basis.")[2] == ("LU", "subject")
    assert roles("De situatie in Polen verslechtert.") == [("PL", "subject")]
    assert roles("Tijdens de JBZ-Raad is stilgestaan bij de veiligheidssituatie in Syrië.") == [("SY", "subject")]
    assert roles("de JBZ-Raad van 13-14 oktober a.s. in Luxemburg.") == [("LU", "meeting-place")]


def test_grouped_pattern_matches_as_the_plain_alternation():
    """`_pattern` groups the aliases by first character to be fast; it must
    find exactly what one plain longest-first alternation finds: on every line
    of the five letters and on the hyphen and "EU-" cases."""
    from conftest import LETTERS
    from jbz.mentions import _pattern, _plain_pattern, _scanners

    fast, plain = _pattern()[0], _plain_pattern()
    every, capitals, lower, _council = _scanners()
    assert every is fast and "eu-LISA" in lower and "Polen" not in lower
    texts = ["Wit-Rusland en Rusland", "EU-Turkije Verklaring", "NAVO- en EU-verband", "Latijns-Amerikaanse", "xEU-VS en EU-VS",
             "de Europese Commissie, de Commissie en Commissievoorstel", "eu-LISA", "Frontex-personeel", "(Polen)", "Polen",
             "Frontex en eu-LISA, het asielagentschap (EUAA)"]
    for path in sorted(LETTERS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    found = lowered = 0
    for text in texts:
        spans = [(m.span(), m.group(0)) for m in fast.finditer(text)]
        assert spans == [(m.span(), m.group(0)) for m in plain.finditer(text)], text
        found += len(spans)
        if not any(a in text for a in lower):  # find_mentions reads such a text with the capitals alone
            assert [(m.span(), m.group(0)) for m in capitals.finditer(text)] == spans, text
        else:
            lowered += 1
    assert found > 500 and lowered >= 2


def test_the_council_pattern_matches_as_written_plainly():
    """THE_COUNCIL is written for speed; it must find what its plain form finds."""
    import re

    from conftest import LETTERS
    from jbz.mentions import _THE_COUNCIL_PLAIN, THE_COUNCIL

    plain = re.compile(_THE_COUNCIL_PLAIN)
    texts = ["de Raad", "De Raad van State", "xde Raad", "_de Raad", "1de Raad", "éde Raad", "-de Raad", "the Council of", "The Council,"]
    for path in sorted(LETTERS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    found = 0
    for text in texts:
        spans = [m.span() for m in THE_COUNCIL.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 20
