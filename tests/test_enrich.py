"""Enrichment and cross-letter links: numbers inferred from other letters'
citations, renamed ids, footnote markers placed in their sentence,
presidencies and reference tables."""

from __future__ import annotations

from jbz.enrich import enrich_letter
from jbz.link import cited_kind, rename_letter
from jbz.link import link_tables as link
from jbz.markers import marker_offsets
from jbz.reference import presidency_for, reference_tables
from jbz.schema import DECISION_TYPES

# --- on the five letters -----------------------------------------------------------------------------------------


def test_numbers_inferred_from_other_letters(letter_by_file):
    verslag = letter_by_file["002_3db471de729d300c.txt"]  # Word, no header, dated 21 maart 2025
    assert (verslag["id"], verslag["nummer"], verslag["nummer_source"], verslag["nummer_evidence_letter_id"]) == (
        "kst-32317-935", "935", "inferred", "kst-32317-948",
    )
    assert verslag["nummer_evidence"] == "Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935."
    assert verslag["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-935.html"
    # PDF without header or date; cited alike by 948 (fn 9, 28 mei 2025) and 978 (fn 23): the earlier letter is the evidence
    agenda = letter_by_file["004_f13ffedc0b21ea13.txt"]
    assert (agenda["id"], agenda["nummer"], agenda["nummer_source"], agenda["nummer_evidence_letter_id"], agenda["kamer"]) == (
        "kst-32317-879", "879", "inferred", "kst-32317-948", "Tweede Kamer",
    )
    assert agenda["nummer_evidence"] == "Zie geannoteerde agenda bij de JBZ-Raad van 13 en 14 juni 2024, Kamerstukken II, 2023-24, 32317, nr. 879."
    stated = {row["nummer_source"] for f, row in letter_by_file.items() if f not in ("002_3db471de729d300c.txt", "004_f13ffedc0b21ea13.txt")}
    assert stated == {"stated"}


def test_renamed_letter_ids_follow_everywhere(tables):
    letters = {l["id"] for l in tables["letters"]}
    assert letters == {"kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978", "kst-32317-QF"}
    for name, rows in tables.items():
        for row in rows:
            for key, value in row.items():
                if (key == "id" or key.endswith("_id")) and isinstance(value, str):
                    assert not value.startswith("32317-"), (name, key, value)
    for name in ("paragraphs", "footnotes", "agenda_items", "citations", "motions", "mentions", "signatories"):
        assert {r["letter_id"] for r in tables[name]} <= letters, name
    assert {r["letter_id"] for r in tables["agenda_items"]} >= {"kst-32317-879", "kst-32317-935"}


def test_meetings_have_presidency(tables):
    meetings = {m["id"]: m["presidency"] for m in tables["meetings"]}
    assert meetings == {
        "jbz-2024-06-13": "2024-H1",  # België ("het Belgische voorzitterschap")
        "jbz-2025-03-05": "2025-H1",
        "jbz-2025-06-12": "2025-H1",  # Polen ("het Poolse voorzitterschap")
        "jbz-2025-12-08": "2025-H2",  # Denemarken ("het Deense voorzitterschap")
        "jbz-2026-06-04": "2026-H1",  # Cyprus
    }
    presidencies = {p["id"]: p["country"] for p in tables["presidencies"]}
    assert (presidencies["2024-H1"], presidencies["2025-H1"], presidencies["2025-H2"], presidencies["2026-H1"]) == ("België", "Polen", "Denemarken", "Cyprus")


def test_no_number_conflicts_in_the_five_letters(tables):
    assert not [d for d in tables["data_issues"] if d["kind"] in ("number-conflict", "citation-conflict")]


# --- reference tables ----------------------------------------------------------------------------------------------


def test_reference_tables():
    ref = reference_tables()
    assert [r["id"] for r in ref["decision_types"]] == [name for name, _ in DECISION_TYPES]
    ids = [p["id"] for p in ref["presidencies"]]
    assert ids[0] == "2009-H1" and "2027-H2" in ids and len(ids) == len(set(ids))
    for p in ref["presidencies"]:  # half-years without gaps
        year, half = p["id"].split("-")
        assert (p["start_date"], p["end_date"]) == ((f"{year}-01-01", f"{year}-06-30") if half == "H1" else (f"{year}-07-01", f"{year}-12-31"))
    assert presidency_for("2016-03-01") == "2016-H1"
    assert presidency_for("2025-06-30") == "2025-H1" and presidency_for("2025-07-01") == "2025-H2"
    assert presidency_for(None) is None and presidency_for("1990-01-01") is None


# --- footnote markers ------------------------------------------------------------------------------------------------


def test_markers_in_word_markdown_and_pdf_text():
    para = {"id": "p1", "text": "Het kabinet steunt dit, zoals in de motie Van Dijk en Boswijk gevraagd, al langer. Ook de Commissie wil dit."}
    notes = [{"id": "f1", "number": 1, "paragraph_id": "p1"}, {"id": "f2", "number": 2, "paragraph_id": "p1"}]
    word = "Het kabinet steunt dit, zoals in de motie Van Dijk en Boswijk[footnoteRef:1] gevraagd, al langer. Ook de Commissie wil dit.[footnoteRef:2]"
    markdown = "Het kabinet steunt dit, zoals in de motie Van Dijk en Boswijk¹ gevraagd, al langer. Ook de Commissie\nwil dit.²\n\n¹ Kamerstukken II\n"
    pdf = "Het kabinet steunt dit, zoals in de motie Van Dijk en \nBoswijk1 gevraagd, al langer. Ook de Commis-\nsie wil dit.2 \n \n1 Kamerstukken II\n"
    expected = {"f1": para["text"].index(" gevraagd"), "f2": len(para["text"])}
    for source in (word, markdown, pdf):
        assert marker_offsets(source, [para], notes) == expected, source


def test_glued_marker_runs_and_digits_that_are_not_markers():
    para = {"id": "p1", "text": "Dit voorstel verving het besluit uit 2013. Nederland verwelkomt het voorstel van de NIS2-richtlijn en spreekt steun uit."}
    notes = [{"id": f"f{n}", "number": n, "paragraph_id": "p1"} for n in (13, 14, 15)]
    source = ("Dit voorstel verving het besluit13 \nuit 2013. Nederland verwelkomt het voorstel1415 van de NIS2-richtlijn en \n"
              "spreekt steun uit. \n13 Besluit nr. 1313/2013/EU\n")
    offsets = marker_offsets(source, [para], notes)
    assert offsets["f13"] == para["text"].index(" uit 2013")
    assert offsets["f14"] == offsets["f15"] == para["text"].index(" van de NIS2")


# --- one letter, then links across letters -------------------------------------------------------------------------


def _letter(lid, *, nummer, kind, meeting, date, paragraphs, footnotes=(), dossier="32317"):
    return {
        "letters": [{"id": lid, "dossier": dossier, "nummer": nummer, "nummer_source": "stated" if nummer else None,
                     "doc_kind": kind, "meeting_id": meeting, "letter_date": date, "source_file": f"{lid}.txt",
                     "kamer": "Tweede Kamer" if nummer else None, "text": "", "url": None}],
        "paragraphs": [{"id": f"{lid}-p{i:04d}", "letter_id": lid, "agenda_item_id": None, "part": "cover letter", "kind": "paragraph",
                        "text": t} for i, t in enumerate(paragraphs, start=1)],
        "footnotes": [{"id": f"{lid}-fn{i:02d}", "letter_id": lid, "number": i, "text": t, "paragraph_id": f"{lid}-p0001"}
                      for i, t in enumerate(footnotes, start=1)],
        "agenda_items": [], "signatories": [], "data_issues": [], "meetings": [],
    }


def _merge(*letters, meetings):
    tables: dict[str, list[dict]] = {}
    for records in letters:
        for name, rows in enrich_letter(records).items():
            tables.setdefault(name, []).extend(rows)
    tables["meetings"] = meetings
    return link(tables)


MEETINGS = [
    {"id": "jbz-2025-03-05", "start_date": "2025-03-05", "end_date": "2025-03-07"},
    {"id": "jbz-2025-06-12", "start_date": "2025-06-12", "end_date": "2025-06-13"},
]


def test_link_infers_a_number_and_renames():
    citing = _letter("kst-32317-948", nummer="948", kind="geannoteerde agenda", meeting="jbz-2025-06-12", date="2025-05-28",
                     paragraphs=["Tijdens de vorige JBZ-Raad is een tijdlijn aangenomen."],
                     footnotes=["Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935."])
    cited = _letter("32317-2025-03-21-verslag", nummer=None, kind="verslag", meeting="jbz-2025-03-05", date="2025-03-21",
                    paragraphs=["De Commissie gaf een toelichting."])
    tables = _merge(citing, cited, meetings=MEETINGS)
    letters = {l["id"]: l for l in tables["letters"]}
    assert set(letters) == {"kst-32317-948", "kst-32317-935"}
    new = letters["kst-32317-935"]
    assert (new["nummer"], new["nummer_source"], new["nummer_evidence_letter_id"], new["kamer"]) == ("935", "inferred", "kst-32317-948", "Tweede Kamer")
    assert [p["id"] for p in tables["paragraphs"] if p["letter_id"] == "kst-32317-935"] == ["kst-32317-935-p0001"]
    assert [m["id"] for m in tables["mentions"] if m["letter_id"] == "kst-32317-935"] == ["kst-32317-935-p0001-COM"]
    (c,) = [c for c in tables["citations"] if c["kind"] == "kamerstuk"]
    assert c["target_letter_id"] == "kst-32317-935"


def test_an_agenda_citation_does_not_number_a_verslag():
    citing = _letter("kst-32317-948", nummer="948", kind="geannoteerde agenda", meeting="jbz-2025-06-12", date="2025-05-28",
                     paragraphs=["Zie de geannoteerde agenda bij de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 930."])
    cited = _letter("32317-2025-03-21-verslag", nummer=None, kind="verslag", meeting="jbz-2025-03-05", date="2025-03-21", paragraphs=["Tekst."])
    tables = _merge(citing, cited, meetings=MEETINGS)
    assert {l["id"] for l in tables["letters"]} == {"kst-32317-948", "32317-2025-03-21-verslag"}


def test_conflicting_numbers_are_reported_not_used():
    a = _letter("kst-32317-948", nummer="948", kind="geannoteerde agenda", meeting="jbz-2025-06-12", date="2025-05-28",
                paragraphs=["Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935."])
    b = _letter("kst-32317-950", nummer="950", kind="verslag", meeting="jbz-2025-06-12", date="2025-06-20",
                paragraphs=["Zie het verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 936."])
    cited = _letter("32317-2025-03-21-verslag", nummer=None, kind="verslag", meeting="jbz-2025-03-05", date="2025-03-21", paragraphs=["Tekst."])
    tables = _merge(a, b, cited, meetings=MEETINGS)
    assert "32317-2025-03-21-verslag" in {l["id"] for l in tables["letters"]}
    (issue,) = [d for d in tables["data_issues"] if d["kind"] == "number-conflict"]
    assert (issue["letter_id"], "935" in issue["message"], "936" in issue["message"]) == ("32317-2025-03-21-verslag", True, True)


def test_a_citation_that_contradicts_a_stated_number_is_reported():
    a = _letter("kst-32317-948", nummer="948", kind="geannoteerde agenda", meeting="jbz-2025-06-12", date="2025-05-28",
                paragraphs=["Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 934."])
    cited = _letter("kst-32317-935", nummer="935", kind="verslag", meeting="jbz-2025-03-05", date="2025-03-21", paragraphs=["Tekst."])
    tables = _merge(a, cited, meetings=MEETINGS)
    (issue,) = [d for d in tables["data_issues"] if d["kind"] == "citation-conflict"]
    assert issue["letter_id"] == "kst-32317-948" and "nr. 934" in issue["message"]


def test_cited_kind():
    assert cited_kind("Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935") == "verslag"
    assert cited_kind("Zie geannoteerde agenda bij de JBZ-Raad van 13 en 14 juni 2024, Kamerstukken II") == "geannoteerde agenda"
    assert cited_kind("Zie Kamerbrief van 18 november 2025, Kamerstukken II, 2025-26 nr. 32 317, nr. 977") is None


def test_rename_leaves_other_letters_alone():
    tables = {
        "letters": [{"id": "32317-2025-03-21-verslag"}, {"id": "32317-2025-03-21-verslag-2"}],
        "paragraphs": [{"id": "32317-2025-03-21-verslag-p0001", "letter_id": "32317-2025-03-21-verslag"},
                       {"id": "32317-2025-03-21-verslag-2-p0001", "letter_id": "32317-2025-03-21-verslag-2"}],
        "citations": [{"id": "x-c001", "target_letter_id": "32317-2025-03-21-verslag", "raw": "32317-2025-03-21-verslag"}],
    }
    rename_letter(tables, "32317-2025-03-21-verslag", "kst-32317-935")
    assert [l["id"] for l in tables["letters"]] == ["kst-32317-935", "32317-2025-03-21-verslag-2"]
    assert [p["id"] for p in tables["paragraphs"]] == ["kst-32317-935-p0001", "32317-2025-03-21-verslag-2-p0001"]
    assert tables["citations"][0]["target_letter_id"] == "kst-32317-935"
    assert tables["citations"][0]["raw"] == "32317-2025-03-21-verslag"  # text is not an id


def test_enrich_letter_links_a_motion_to_the_footnote_in_its_sentence():
    text = ("Nederland steunt een sanctieregime, zoals benoemd in de motie van de leden Brekelmans en Veldkamp, al langer. "
            "Ook zal de nota bij het wetsvoorstel dit najaar worden verzonden.")
    records = _letter("kst-32317-QF", nummer="QF", kind="verslag", meeting="jbz-2025-06-12", date="2026-06-22", paragraphs=[text],
                      footnotes=["Kamerstukken II, 2023-2024, 36410-VI, nr. 79.", "Kamerstukken II, 2022-2023, 36414, nr. 1-4."])
    records["letters"][0]["text"] = text.replace("Veldkamp,", "Veldkamp¹,").replace("wetsvoorstel", "wetsvoorstel²")
    out = enrich_letter(records)
    (m,) = out["motions"]
    assert (m["id"], m["name"], m["dossier"], m["nummer"], m["citation_id"]) == (
        "kst-32317-QF-m01", "motie van de leden Brekelmans en Veldkamp", "36410-VI", "79", "kst-32317-QF-c001",
    )
    assert [c["kind"] for c in out["citations"]] == ["motie", "kamerstuk"]
