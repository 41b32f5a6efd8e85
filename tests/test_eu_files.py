"""EU files: every agenda item of the five letters linked to the file it is
about (read from the letters), the same id across letters whatever the
wording, generic headings never a file, and the rules on small texts."""

from __future__ import annotations

import pytest

from jbz.link.eu_files import act_celex, com_key, find_identifiers, link_eu_files, strip_generic, vocabulary
from jbz.link.text import Phrase, similarity, words

# Item number (as in the id) → EU file, for every agenda item of each letter. None: a generic heading
# ("Overige onderwerpen", a presidency's work programme), a heading over sub-items on different files, or a
# point that is no EU file in the vocabulary (those are listed in data_issues).
EXPECTED = {
    "kst-32317-879": {  # geannoteerde agenda 13-14 June 2024 (PDF)
        "01": "schengen-cycle", "02": "schengen-cycle", "03": "schengen-cycle", "04": None, "05": "visa-policy",
        "06": "ebcg-frontex", "07": "ees-interoperability", "08": "csam-regulation", "09": "migration-pact",
        "10": "migration-pact", "11": "migration-pact", "12": "access-to-data", "13": None,
        "14": "geopolitics-internal-security", "15": "temporary-protection", "16": "security-threat-assessment",
        "17": "security-threat-assessment", "18": "security-threat-assessment", "19": "drug-trafficking-organised-crime",
        "20": "drug-trafficking-organised-crime", "21": "drug-trafficking-organised-crime", "22": "crisis-preparedness",
        "23": None, "24": "eu-us-jha-ministerial", "25": None, "26": "parenthood-regulation", "27": "insolvency-directive",
        "28": "anti-corruption-directive", "29": "csa-directive", "30": "eppo", "31": "ukraine-impunity",
        "32": "drug-trafficking-organised-crime", "33": None, "34": "istanbul-convention", "35": None,
        "36": "eu-us-e-evidence", "37": "eu-justice-scoreboard", "38": "access-to-data", "39": "eu-us-jha-ministerial", "40": None,
    },
    "kst-32317-935": {  # verslag 5 and 7 March 2025 (Word)
        "01": "schengen-cycle", "02": "schengen-cycle", "03": "ees-interoperability", "04": None, "05": None,
        "06": "external-dimension-migration", "07": "geopolitics-internal-security", "08": "geopolitics-internal-security",
        "09": "geopolitics-internal-security", "10": "drug-trafficking-organised-crime", "11": None, "12": "migration-pact",
        "13": None, "14": "insolvency-directive", "15": None, "16": "ukraine-impunity", "17": "charter-fundamental-rights",
        "18": None, "19": "cybercrime-convention", "20": "eu-us-e-evidence", "21": "judicial-cooperation-third-countries",
    },
    "kst-32317-948": {  # geannoteerde agenda 12-13 June 2025 (Word)
        "01": "protection-of-adults", "02": "insolvency-directive", "03": "echr-accession", "04": "eppo",
        "05": "ukraine-impunity", "06": "judicial-cooperation-third-countries", "07": None, "08": "eu-us-jha-ministerial",
        "09": "eu-us-e-evidence", "10": "access-to-data", "11": None, "12": "schengen-cycle", "13": "schengen-cycle",
        "14": "schengen-cycle", "15": "ees-interoperability", "16": "csam-regulation", "17": "migration-pact",
        "18": "temporary-protection", "19": "temporary-protection", "20": "temporary-protection",
        "21": "internal-security-strategy", "22": "return-regulation", "23": "access-to-data",
        "24": "geopolitics-internal-security", "25": "geopolitics-internal-security", "26": "geopolitics-internal-security",
        "27": "geopolitics-internal-security", "28": "security-threat-assessment", "29": "empact", "30": None,
        "31": "drug-trafficking-organised-crime", "32": None, "33": "eu-us-jha-ministerial", "34": None, "35": None,
        "36": "id-card-security",
    },
    "kst-32317-978": {  # geannoteerde agenda 8-9 December 2025 (PDF)
        "01": "return-regulation", "02": "schengen-cycle", "03": "ees-interoperability", "04": "safe-countries-of-origin",
        "05": "safe-third-country", "06": "ucpm", "07": None, "08": "migration-pact", "09": "migration-pact",
        "10": "solidarity-pool", "11": "geopolitics-internal-security", "12": "security-threat-assessment",
        "13": "drug-trafficking-organised-crime", "14": None, "15": "eu-drugs-strategy", "16": "access-to-data", "17": None,
        "18": "eu-us-jha-ministerial", "19": None, "20": "insolvency-directive", "21": "gdpr-simplification",
        "22": "criminal-law-model-provisions", "23": "ukraine-impunity", "24": "drug-trafficking-organised-crime",
        "25": "judicial-cooperation-third-countries", "26": None, "27": None, "28": "charter-fundamental-rights", "29": None,
    },
    "kst-32317-QF": {  # verslag 4-5 June 2026 (Markdown, Eerste Kamer)
        "01": "schengen-cycle", "02": "schengen-cycle", "03": "schengen-cycle", "04": "ees-interoperability",
        "05": "temporary-protection", "06": "migration-pact", "07": "external-dimension-migration", "08": None,
        "09": "eu-drugs-strategy", "10": "geopolitics-internal-security", "11": "internal-security-strategy", "12": None,
        "13": None, "14": "parenthood-regulation", "15": "justice-programme-2028-2034", "16": "eppo", "17": "ukraine-impunity",
        "18": "hate-speech-hate-crime",
    },
}


@pytest.fixture(scope="module")
def items(tables):
    return {a["id"]: a for a in tables["agenda_items"]}


@pytest.mark.parametrize("letter_id", sorted(EXPECTED))
def test_every_item_of_each_letter_has_its_file(items, letter_id):
    found = {a_id.rsplit("-", 1)[1]: a["eu_file_id"] for a_id, a in items.items() if a["letter_id"] == letter_id}
    assert found == EXPECTED[letter_id]


def test_same_file_same_id_whatever_the_wording(items):
    # the Return Regulation: "Terugkeer" (lunch topic; footnote cites BNC-fiche 22 112 nr. 4031) and "Terugkeerverordening"
    assert [items[i]["title"] for i in ("kst-32317-948-22", "kst-32317-978-01")] == ["Terugkeer", "Terugkeerverordening"]
    assert {items[i]["eu_file_id"] for i in ("kst-32317-948-22", "kst-32317-978-01")} == {"return-regulation"}
    assert items["kst-32317-948-22"]["eu_file_method"] == "identifier" and items["kst-32317-948-22"]["eu_file_evidence"] == "bnc 4031"
    # CSAM: two different titles, one linked by its BNC-fiche (22 112, nr. 3455), one by its wording
    assert items["kst-32317-879-08"]["eu_file_evidence"] == "bnc 3455"
    assert items["kst-32317-948-16"]["eu_file_id"] == "csam-regulation"
    # the CSA *directive* is another file, though its title also speaks of sexual abuse of children
    assert items["kst-32317-879-29"]["eu_file_id"] == "csa-directive"
    # parenthood: "afstamming" (2024, COM (2022) 695 def.) and "ouderschap" (2026 report)
    assert items["kst-32317-879-26"]["eu_file_evidence"] == "com COM(2022) 695"
    assert items["kst-32317-QF-14"]["eu_file_id"] == "parenthood-regulation"


def test_threads_across_letters(tables):
    by_file: dict[str, set[str]] = {}
    for a in tables["agenda_items"]:
        if a["eu_file_id"]:
            by_file.setdefault(a["eu_file_id"], set()).add(a["letter_id"])
    assert by_file["ees-interoperability"] == {"kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978", "kst-32317-QF"}
    assert by_file["migration-pact"] == {"kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978", "kst-32317-QF"}
    assert by_file["temporary-protection"] == {"kst-32317-879", "kst-32317-948", "kst-32317-QF"}
    assert by_file["insolvency-directive"] == {"kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978"}
    files = {f["id"]: f for f in tables["eu_files"]}
    assert (files["temporary-protection"]["first_meeting_id"], files["temporary-protection"]["last_meeting_id"]) == ("jbz-2024-06-13", "jbz-2026-06-04")
    assert (files["temporary-protection"]["meetings"], files["temporary-protection"]["agenda_items"]) == (3, 5)
    assert files["return-regulation"]["bnc_fiche"] == "Kamerstuk 22112, nr. 4031"
    assert files["safe-third-country"]["meetings"] == 1
    assert {f["kind"] for f in tables["eu_files"]} == {"legislative", "non-legislative"}


def test_generic_headings_get_no_file_and_no_issue(tables, items):
    generic = [a for a in items.values() if a["title"] in ("Overige onderwerpen", "Overige punten")]
    assert len(generic) == 9
    assert all(a["eu_file_id"] is None for a in generic)
    assert items["kst-32317-879-25"]["eu_file_id"] is None  # "Werkprogramma van het aantredende Voorzitterschap"
    flagged = {i["message"].split('"')[0].split()[-1] for i in tables["data_issues"] if i["kind"] == "no-eu-file"}
    assert not flagged & {a["id"] for a in generic} and "kst-32317-879-25" not in flagged
    # a generic opening is stripped and the rest matched: "Werklunch – Justitiële samenwerking met derde landen"
    assert items["kst-32317-978-25"]["eu_file_id"] == "judicial-cooperation-third-countries"


def test_identifier_beats_a_generic_looking_title(items):
    # "Overige onderwerpen: lopende wetsvoorstellen" (Justitie) is about the insolvency directive and cites its BNC-fiche
    assert (items["kst-32317-978-20"]["eu_file_id"], items["kst-32317-978-20"]["eu_file_evidence"]) == ("insolvency-directive", "bnc 3598")
    # the same title on the Home Affairs day names no file and cites none: no file, listed as an issue
    assert items["kst-32317-978-07"]["eu_file_id"] is None


def test_unlinked_items_are_listed_for_the_vocabulary(tables):
    flagged = sorted(i["message"].split('"')[0].split()[-1] for i in tables["data_issues"] if i["kind"] == "no-eu-file")
    assert flagged == [
        "kst-32317-879-04", "kst-32317-879-33", "kst-32317-935-04", "kst-32317-935-05", "kst-32317-935-13", "kst-32317-935-15",
        "kst-32317-948-32", "kst-32317-948-35", "kst-32317-978-07", "kst-32317-978-17", "kst-32317-978-27", "kst-32317-978-29",
        "kst-32317-QF-08", "kst-32317-QF-13",
    ]


def test_sub_items_and_parents(items):
    # "6. Asiel- en migratiepact: implementatie" → "a) Follow-up door het Voorzitterschap"
    assert (items["kst-32317-879-10"]["eu_file_id"], items["kst-32317-879-10"]["eu_file_method"]) == ("migration-pact", "parent")
    # "1. Algemene staat van het Schengegebied" (sic) takes the file its two sub-items share
    assert (items["kst-32317-QF-01"]["eu_file_id"], items["kst-32317-QF-01"]["eu_file_method"]) == ("schengen-cycle", "sub-items")
    # "8. Russische agressie tegen Oekraïne": a) internal security, b) temporary protection: the heading gets neither
    assert items["kst-32317-879-13"]["eu_file_id"] is None
    assert [items[f"kst-32317-879-{n}"]["eu_file_id"] for n in ("14", "15")] == ["geopolitics-internal-security", "temporary-protection"]


# --- the rules on small texts ------------------------------------------------------------------------------------


def test_phrases_match_whole_words_in_order():
    assert Phrase("pact").match(words("De impact van de huidige geopolitieke situatie")) is False
    assert Phrase("ees").match(words("Europees Openbaar Ministerie")) is False
    assert Phrase("ees").match(words("Verordening over de geleidelijke invoering van het Entry/Exit System (EES)")) is True
    assert Phrase("=terugkeer").match(words("Terugkeer")) is True
    assert Phrase("=terugkeer").match(words("Thematische Schengenevaluatie op het gebied van terugkeer")) is False
    gap = Phrase("verordening … terugkeer")
    assert gap.match(words("Voorstel voor een verordening tot vaststelling van een gemeenschappelijk systeem voor terugkeer")) is True
    assert gap.match(words("Verordening veilige landen van herkomst")) is False


def test_generic_openings():
    assert strip_generic("Overige onderwerpen") is None
    assert strip_generic("Diversen") is None
    assert strip_generic("Werkprogramma van het inkomende Voorzitterschap") is None
    assert strip_generic("Lunch") is None
    assert strip_generic("Werklunch – Terugkeer") == ["terugkeer"]
    assert strip_generic("Lunchbespreking: migratie") == ["migratie"]


def test_identifier_forms():
    assert com_key("COM (2022) 695 def.") == "COM(2022) 695"
    assert com_key("COM(2025) 0101 final") == "COM(2025) 101"
    assert act_celex("Verordening (EU) 2024/1351") == "32024R1351"
    assert act_celex("Besluit 1313/2013/EU") == "32013D1313"
    assert act_celex("Richtlijn 2001/55/EG") == "32001L0055"
    cites = [{"kind": "kamerstuk", "dossier": "22112", "nummer": "4031"}, {"kind": "bnc-fiche", "dossier": "22122", "nummer": "3596"}]
    assert find_identifiers(["zie procedure 2025/0059 (COD)"], cites) == [("bnc", "4031"), ("bnc", "3596"), ("procedure", "2025/0059(COD)")]


def _tables(titles: list[str], texts: dict[int, str] | None = None) -> dict:
    items = [{"id": f"L-{i:02d}", "letter_id": "L", "meeting_id": "M", "section": None, "number": str(i), "sub": None,
              "title": t, "doc_kind": "geannoteerde agenda"} for i, t in enumerate(titles, 1)]
    paragraphs = [{"id": f"L-p{i}", "agenda_item_id": f"L-{i:02d}", "text": text} for i, text in (texts or {}).items()]
    return {"agenda_items": items, "paragraphs": paragraphs, "footnotes": [], "citations": [], "letters": [{"id": "L", "source_file": "x.txt"}],
            "meetings": [{"id": "M", "start_date": "2030-01-01"}], "data_issues": []}


def test_procedure_number_in_the_text_links_an_unnamed_item():
    t = _tables(["Werklunch", "Een voorstel van de Commissie"], {2: "Het voorstel (procedure 2025/0059(COD)) wordt besproken."})
    counts = link_eu_files(t)
    assert [a["eu_file_id"] for a in t["agenda_items"]] == [None, "return-regulation"]
    assert counts == {"generic": 1, "identifier": 1}


def test_similarity_links_a_misspelt_title_and_nothing_unrelated():
    t = _tables(["Richtlijn tot harmonisatie van bepaalde aspecten van het insolventierecht",
                 "Richtlijn harmonisatie bepaalde aspecten van het insolventierrecht",  # misspelt: no alias matches
                 "Samenwerking met Zuid-Amerika"])
    link_eu_files(t)
    got = [(a["eu_file_id"], a["eu_file_method"]) for a in t["agenda_items"]]
    assert got == [("insolvency-directive", "vocabulary"), ("insolvency-directive", "similarity"), (None, None)]
    assert [i["kind"] for i in t["data_issues"]] == ["no-eu-file"]
    assert similarity("Algemene staat van het Schengegebied", "Staat van het Schengengebied") < 0.8  # a heading, not enough alone


def test_vocabulary_is_well_formed():
    files = vocabulary()
    ids = [f["id"] for f in files]
    assert len(ids) == len(set(ids))
    assert all(f["kind"] in ("legislative", "non-legislative") and f["name_nl"] and f["name_en"] for f in files)
    owners: dict = {}
    for f in files:
        for ident in f["identifiers"]:
            assert ident not in owners, (ident, f["id"], owners.get(ident))
            owners[ident] = f["id"]


def test_positions_carry_the_file_of_their_item(tables):
    items = {a["id"]: a for a in tables["agenda_items"]}
    positions = tables["positions"]
    assert positions and all(p["eu_file_id"] == (items[p["agenda_item_id"]]["eu_file_id"] if p["agenda_item_id"] else None) for p in positions)
    # "Het kabinet kan daarom de verlenging van de tijdelijke bescherming met één jaar steunen." (948, item 5a)
    p = next(p for p in positions if p["sentence"] == "Het kabinet kan daarom de verlenging van de tijdelijke bescherming met één jaar steunen.")
    assert (p["agenda_item_id"], p["eu_file_id"]) == ("kst-32317-948-19", "temporary-protection")


@pytest.mark.parametrize("threshold", [0.5, 0.65, 0.8])
def test_similar_titles_index_finds_what_comparing_all_pairs_finds(tables, threshold):
    from jbz.link.text import SimilarTitles, trigrams

    titles = sorted({a["title"] for a in tables["agenda_items"]})
    known = [(t, f"f{i % 7}") for i, t in enumerate(titles[::2])]
    index = SimilarTitles(known, threshold)
    for title in titles[1::2] + ["Algemene staat van het Schengegebied", "Richtlijn corruptiebestrijdin"]:
        grams = trigrams(" ".join(words(title)))
        brute = (0.0, None, "")
        for text, payload in index.entries:
            other = trigrams(text)
            score = 2 * len(grams & other) / (len(grams) + len(other))
            if score >= threshold and (score > brute[0] or (score == brute[0] and (payload, text) < (brute[1] or "", brute[2]))):
                brute = (score, payload, text)
        assert index.best(title) == brute, title


def test_the_official_xml_renderings_get_the_same_files():
    # the five letters in the official XML structure (tests/fixtures/xml): other export, same files and methods
    from pathlib import Path

    from jbz.pipeline import build_tables

    xml = build_tables(Path(__file__).parent / "fixtures" / "xml")
    found = {}
    for a in xml.tables["agenda_items"]:
        found.setdefault(a["letter_id"], {})[a["id"].rsplit("-", 1)[1]] = a["eu_file_id"]
    assert found == EXPECTED
