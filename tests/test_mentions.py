"""Mentions of countries, EU institutions and agencies, from the curated
vocabularies (build/jbz/vocab/)."""

from __future__ import annotations

import csv
from importlib import resources

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
    assert find_mentions("De Raad heeft besloten; de JBZ-Raad en de Raad van State") == []  # "Raad" alone names too many councils
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
        assert m["id"] == f"{m['paragraph_id']}-{m['entity_id']}"
        assert m["entity_kind"] in ("eu-member-state", "country", "eu-body", "international-body")
