"""Citations, inferred numbers, motions, people and mentions, checked
against a reading of the letters (footnotes and prose)."""

from __future__ import annotations

import json

from conftest import LETTERS

from jbz.citations import find_citations
from jbz.motions import find_motions


def test_other_citation_kinds_and_urls():
    found = find_citations(
        "Uitvoeringsbesluit (EU) 2025/2323 van de Commissie overeenkomstig Verordening (EU) 2024/1351; COM(2025) 795 final; "
        "ST 11333/24 INIT; Aanhangsel Handelingen II 2024/25, nr. 2758; Kamerstukken I 2025/26, 32317, nr. QF; "
        "Kamerstukken II, 2022-2023, 36414, nr. 1-4; Kamerstukken II, 2023-2024, 36410-VI, nr. 79."
    )
    by_kind = {(c["kind"], c["identifier"]): c for c in found}
    assert by_kind[("eu-act", "Uitvoeringsbesluit (EU) 2025/2323")]["url"].endswith("CELEX:32025D2323")
    assert by_kind[("eu-act", "Verordening (EU) 2024/1351")]["url"].endswith("CELEX:32024R1351")
    assert ("com", "COM(2025) 795") in by_kind
    assert by_kind[("council-doc", "ST-11333-2024-INIT")]["url"] == "https://data.consilium.europa.eu/doc/document/ST-11333-2024-INIT/nl/pdf"
    assert by_kind[("aanhangsel", "ah-tk-20242025-2758")]["url"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20242025-2758.html"
    qf = by_kind[("kamerstuk", "kst-32317-QF")]
    assert (qf["kamer"], qf["vergaderjaar"], qf["url"]) == ("Eerste Kamer", "2025-2026", "https://zoek.officielebekendmakingen.nl/kst-32317-QF.html")
    assert by_kind[("kamerstuk", "kst-36414-1-4")]["nummer"] == "1-4"
    assert by_kind[("kamerstuk", "kst-36410-VI-79")]["dossier"] == "36410-VI"


def test_citations_point_at_our_letters(tables):
    targets = {(c["letter_id"], c["target_letter_id"]) for c in tables["citations"] if c["target_letter_id"]}
    assert ("kst-32317-948", "kst-32317-935") in targets  # fn 11: the verslag of 5 and 7 March 2025
    assert ("kst-32317-978", "kst-32317-879") in targets  # fn 23: the agenda of 13-14 June 2024


def test_numbers_inferred_from_other_letters(letter_by_file):
    verslag = letter_by_file["002_3db471de729d300c.txt"]
    assert (verslag["id"], verslag["nummer"], verslag["nummer_source"], verslag["nummer_evidence_letter_id"]) == (
        "kst-32317-935", "935", "inferred", "kst-32317-948",
    )
    assert verslag["nummer_evidence"] == "Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935."
    agenda = letter_by_file["004_f13ffedc0b21ea13.txt"]
    # cited with that number by 948 (fn 9) and 978 (fn 23); the earliest citing letter is the evidence
    assert (agenda["id"], agenda["nummer_source"], agenda["nummer_evidence_letter_id"], agenda["kamer"]) == (
        "kst-32317-879", "inferred", "kst-32317-948", "Tweede Kamer",
    )
    assert agenda["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-879.html"


def test_renamed_letter_ids_follow_everywhere(tables):
    for name in ("paragraphs", "footnotes", "agenda_items", "citations", "mentions", "motions"):
        assert not any(str(r.get("id", "")).startswith("32317-") for r in tables[name]), name
    assert {r["letter_id"] for r in tables["agenda_items"]} >= {"kst-32317-879", "kst-32317-935"}


def test_commitments_declared_done(tables):
    done = [m for m in tables["motions"] if m["kind"] == "toezegging" and m["status"] == "declared_done"]
    assert [(m["letter_id"], m["name"][:50]) for m in done] == [("kst-32317-948", "toezegging van de minister-president om als Nederl")]


def test_motion_text_patterns():
    (m,) = find_motions("Het kabinet beschouwt de aangenomen motie Eerdmans/Van Hijum dan ook als afgedaan.")
    assert (m["movers"], m["status"]) == (["Eerdmans", "Van Hijum"], "declared_done")
    (m,) = find_motions("Het kabinet geeft hiermee uitvoering aan de motie Van Campen en Boswijk.")
    assert (m["movers"], m["status"]) == (["Van Campen", "Boswijk"], "carried_out")


def test_people_deduplicated_across_letters(tables):
    people = {p["id"]: p for p in tables["people"]}
    van_weel = people["dm-van-weel"]
    assert van_weel["letter_count"] == 4
    assert json.loads(van_weel["roles"]) == ["minister van Asiel en Migratie", "minister van Justitie en Veiligheid"]
    assert {s["person_id"] for s in tables["signatories"] if s["name"] == "D.M. van Weel"} == {"dm-van-weel"}
    assert sum(1 for p in people.values() if "signatory" in p["role_kinds"]) == 10  # 15 signatures by 10 people


def test_meetings_have_presidency_and_label(tables):
    meetings = {m["id"]: m for m in tables["meetings"]}
    assert meetings["jbz-2025-06-12"]["presidency"] == "2025-H1"  # Poland ("het Poolse voorzitterschap")
    assert meetings["jbz-2025-12-08"]["presidency"] == "2025-H2"  # Denmark
    assert meetings["jbz-2025-06-12"]["label"] == "JBZ-Raad 12-13 juni 2025, Luxemburg"
    presidencies = {p["id"]: p["country"] for p in tables["presidencies"]}
    assert (presidencies["2025-H1"], presidencies["2025-H2"], presidencies["2024-H1"]) == ("Polen", "Denemarken", "België")


def test_references_read_once_per_letter():
    """What the cross-letter steps read of a reference's words (kind of letter,
    meeting dates, the year from the citing letter's date) is worked out per
    letter and kept in its link input (jbz.link.prepared)."""
    from jbz.link.prepared import citation_facts, prepare, timeline_days

    letter = {"letter_date": "2025-06-20"}
    assert citation_facts("zie het verslag van de JBZ-Raad van 12 en 13 juni (Kamerstuk 32317, nr. 950)", letter) == {
        "_kind": "verslag", "_cited": (("2025-06-12", "2025-06-13"),),
        "_council": (("2025-06-12", "2025-06-13", "12 en 13 juni"),)}
    # a kind of letter without a Council named: dates for the numbers, none for the date check
    assert citation_facts("de geannoteerde agenda van 5 en 7 maart 2025", {"letter_date": None}) == {
        "_kind": "geannoteerde agenda", "_cited": (("2025-03-05", "2025-03-07"),), "_council": None}
    assert citation_facts("Kamerstuk 32317, nr. 950", letter) == {"_kind": None, "_cited": (), "_council": None}
    assert citation_facts(None, letter) == {"_kind": None, "_cited": (), "_council": None}
    assert timeline_days("In de JBZ-Raad van 12-13 juni is besloten dat EES in oktober 2025 start", letter) == ("2025-06-12",)
    inp = prepare({"letter": letter, "citations": [{"_context": "het verslag van 3 maart"}],
                   "timelines": [{"context": "Op 3 maart is het plan vastgesteld"}]})
    assert inp["citations"][0]["_cited"] == (("2025-03-03", "2025-03-03"),) and inp["timelines"][0]["_days"] == ("2025-03-03",)


def test_link_inputs_carry_prepared_references():
    from jbz.link import link_input
    from jbz.link.prepared import citation_facts
    from jbz.pipeline import parse_file

    inp = link_input(parse_file(LETTERS / "004_f13ffedc0b21ea13.txt"))  # an agenda without a date, citing earlier letters
    found = [(c["_kind"], c["_cited"]) for c in inp["citations"] if c["_kind"]]
    assert found[:2] == [("geannoteerde agenda", (("2024-03-04", "2024-03-05"),)), ("verslag", (("2024-01-25", "2024-01-26"),))]
    for c in inp["citations"]:
        assert {k: c[k] for k in ("_kind", "_cited", "_council")} == citation_facts(c["_context"], inp["letter"])
