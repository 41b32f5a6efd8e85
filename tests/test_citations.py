"""Citations: every reference the letters make, checked against a reading of
their footnotes and prose. The lists below were made by reading the five
letters, not by running the code."""

from __future__ import annotations

import pytest

from jbz.citations import find_citations

# Every Kamerstuk reference (Kamerstukken, motions, BNC-fiches) of each letter, in the order the citations table
# keeps them (paragraphs first, then footnotes by number): (where, kind, dossier, nummer, vergaderjaar), where is
# "p" for the letter's prose or the footnote number. Vergaderjaar is what the reference writes, normalised.
KAMERSTUKKEN = {
    "kst-32317-948": [  # Word export, geannoteerde agenda 12-13 June 2025
        ("p", "kamerstuk", "32317", "926", "2024-2025"),  # "(Kamerstuk II, 2024-2025, 32 317, nr. 926)": a commitment's debate
        ("p", "motie", "19637", "3285", None),  # "motie van het lid Diederik van Dijk, Kamerstuk 19637, nr. 3285"
        (1, "kamerstuk", "32317", "878", "2023-2023"),  # the letter itself writes "2023/2023"
        (2, "kamerstuk", "32317", "890", "2024-2025"),
        (2, "bnc-fiche", "22112", "4031", None),  # second reference of fn 2: "Kamerstuk 22112, nr. 4031"
        (3, "kamerstuk", "30573", "227", "2024-2025"),
        (4, "bnc-fiche", "22112", "3739", "2023-2024"),
        (6, "kamerstuk", "32317", "925", "2024-2025"),
        (7, "kamerstuk", "32317", "890", None),  # "Kamerstukken II, 32317, nr. 890": no year
        (9, "kamerstuk", "32317", "879", "2023-2024"),  # the geannoteerde agenda of 13-14 June 2024: letter 004
        (11, "kamerstuk", "32317", "935", "2024-2025"),  # the verslag of 5 and 7 March 2025: letter 002
        (13, "bnc-fiche", "22112", "4050", "2024-2025"),
        (14, "kamerstuk", "32317", "872", "2023-2024"),  # "2023 – 24"
        (15, "bnc-fiche", "22112", "4031", "2024-2025"),  # "22 112"
        (16, "kamerstuk", "30573", "227", "2024-2025"),
        (18, "kamerstuk", "32317", "925", "2024-2025"),
        (19, "kamerstuk", "22112", "4042", "2024-2025"),  # the non-paper for the EU Ports Alliance, filed in the fiche dossier
        (20, "kamerstuk", "32317", "946", None),
    ],
    "kst-32317-QF": [  # Markdown export, Eerste Kamer verslag 4-5 June 2026
        (1, "bnc-fiche", "22112", "4320", "2025-2026"),  # "*Kamerstukken II* 2025/26"
        (2, "kamerstuk", "22112", "4360", "2025-2026"),  # a Benelux non-paper, not a fiche
        (3, "kamerstuk", "22122", "4363", "2025-2026"),  # dossier as written
        (6, "motie", "36848", "63", "2025-2026"),  # the motie Eerdmans, named where the marker stands
        (7, "motie", "30573", "232", "2024-2025"),  # marker in the heading "Motie van Nispen over …"
        (8, "motie", "32317", "1007", "2025-2026"),
        (11, "kamerstuk", None, "1474", "2024-2025"),  # "Kamerstukken II, 2024-2025, nr. 1474": no dossier
        (12, "kamerstuk", "28638", "235", "2023-2024"),
        (14, "motie", "36410-VI", "79", "2023-2024"),  # motie van de leden Brekelmans en Veldkamp
        (16, "kamerstuk", "36414", "1-4", "2022-2023"),
        (17, "kamerstuk", "30176", "39", "2024-2025"),  # "30176 nr. 39": no comma
        (18, "motie", "21501", "2185", "2025-2026"),  # "Motie TK, 21 501, nr. 2185"
        (19, "motie", "36045", "271", "2025-2026"),
        (23, "motie", "36871", "49", None),  # "Kamerstukken II, Motie 36 871, nr. 49"
        (24, "kamerstuk", "32317", "995", None),
        (25, "bnc-fiche", "22112", "4299", "2025-2026"),  # "2025 – 26"
        (27, "kamerstuk", "30821", "334", "2025-2026"),
    ],
    "kst-32317-935": [  # Word export without header, verslag 5 and 7 March 2025
        ("p", "motie", "19637", "3358", None),  # "motie van de leden Piri en Bontenbal (Kamerstuk 19637, nr. 3358)"
        (1, "motie", "21501-20", "2179", "2024-2025"),  # the motie Van Campen en Boswijk
        (2, "kamerstuk", "19637", "3389", "2024-2025"),
        (3, "kamerstuk", "32317", "882", "2023-2024"),
    ],
    "kst-32317-978": [  # PDF text, geannoteerde agenda 8-9 December 2025
        (4, "motie", "21501-20", "2306", "2025-2026"),  # "Tweede Kamer, vergaderjaar 2025–2026, 21 501-20, nr. 2306"
        (6, "bnc-fiche", "22112", "3982", None),  # "Fiche 2: … (Kamerstuk 22 112, nr. 3982)"
        (8, "kamerstuk", "19637", "3324", "2024-2025"),  # "nr.\n3324" wrapped
        (10, "kamerstuk", "32317", "973", "2025-2026"),
        (11, "bnc-fiche", "22112", "4064", None),
        (12, "bnc-fiche", "22112", "4097", None),
        (15, "bnc-fiche", "22112", "4156", None),
        (16, "kamerstuk", "32317", "977", "2025-2026"),  # "2025-26 nr. 32 317, nr. 977"
        (17, "kamerstuk", "32317", "975", "2025-2026"),
        (18, "bnc-fiche", "22112", "4116", "2024-2025"),
        (19, "bnc-fiche", "22112", "3598", "2022-2023"),
        (20, "bnc-fiche", "22112", "4085", "2024-2025"),  # continued on the next page
        (21, "kamerstuk", "32317", "975", "2024-2025"),  # the same verslag, with another year as written
        (23, "kamerstuk", "32317", "879", "2023-2024"),
    ],
    "kst-32317-879": [  # PDF text without header, geannoteerde agenda 13-14 June 2024
        (1, "kamerstuk", "32317", "872", "2023-2024"),  # "…, geannoteerde agenda JBZ-Raad 4-5 maart 2024, 32 317, nr. 872"
        (2, "kamerstuk", "32317", "878", "2023-2024"),
        (3, "kamerstuk", "32317", "869", "2023-2024"),  # "32 317 nr. 869"
        (4, "bnc-fiche", "22112", "3627", "2022-2023"),
        (6, "bnc-fiche", "22112", "3799", "2023-2024"),
        (8, "bnc-fiche", "22112", "3769", "2023-2024"),
        (9, "bnc-fiche", "22112", "3859", "2023-2024"),
        (14, "kamerstuk", "32317", "867", "2023-2024"),
        (15, "kamerstuk", "32317", "875", "2023-2024"),
        (16, "kamerstuk", "32317", "861", "2023-2024"),
        (17, "bnc-fiche", "22112", "3455", "2022-2023"),
        (18, "motie", "26643", "885", "2021-2022"),  # "de moties Van Raan c.s., …, Van Ginneken c.s. …, en Van Weerdenburg c.s."
        (18, "motie", "26643", "1011", "2022-2023"),
        (18, "motie", "26643", "1047", "2022-2023"),
        (22, "kamerstuk", "32317", "867", "2023-2024"),
        (22, "kamerstuk", "32317", "869", "2023-2024"),  # "… nr. 867 en 3 2317, nr. 869"
        (23, "bnc-fiche", "22112", "3842", "2023-2024"),
        (25, "kamerstuk", "29517", "251", "2023-2024"),
        (28, "bnc-fiche", "22122", "3596", "2022-2023"),  # "geïnformeerd via een BNC-fiche.28", dossier as written
        (31, "bnc-fiche", "22112", "3717", "2023-2024"),
        (32, "bnc-fiche", "22112", "3717", "2023-2024"),
        (33, "bnc-fiche", "22112", "3918", "2023-2024"),
        (34, "bnc-fiche", "22112", "3842", "2023-2024"),
    ],
}
# fn 19 of letter 879 ("Kamerstukken II, 2023-2024, Diverse onderwerpen migratiebeleid") is cut off by the page
# break before its number, and fn 4 of QF ("Kamerstukken II, 2025-2026, TZ202604-207") is a commitment: neither is
# a Kamerstuk reference with a number.


def kamerstuk_rows(tables, letter_id):
    numbers = {f["id"]: f["number"] for f in tables["footnotes"]}
    rows = [c for c in tables["citations"] if c["letter_id"] == letter_id and c["kind"] in ("kamerstuk", "motie", "bnc-fiche")]
    return [(numbers[c["footnote_id"]] if c["footnote_id"] else "p", c["kind"], c["dossier"], c["nummer"], c["vergaderjaar"]) for c in rows]


@pytest.mark.parametrize("letter_id", sorted(KAMERSTUKKEN))
def test_kamerstuk_citations_of_every_letter_in_full(tables, letter_id):
    assert kamerstuk_rows(tables, letter_id) == KAMERSTUKKEN[letter_id]


# --- footnote styles of the letters, read as strings ------------------------------------------------------------


def _kst(text):
    return [(c["kind"], c["dossier"], c["nummer"], c["vergaderjaar"], c["kamer"]) for c in find_citations(text) if c["kind"] in ("kamerstuk", "motie", "bnc-fiche")]


def test_footnote_styles():
    assert _kst("Kamerstuk II 2023/2023 32 317, nr. 878") == [("kamerstuk", "32317", "878", "2023-2023", "Tweede Kamer")]
    assert _kst("Kamerstuk II 2024-2025, 32 317, nr. 890, Kamerstuk 22112, nr. 4031") == [
        ("kamerstuk", "32317", "890", "2024-2025", "Tweede Kamer"),
        ("bnc-fiche", "22112", "4031", None, None),
    ]
    assert _kst("*Kamerstukken II* 2025/26, 22112, nr. 4320") == [("bnc-fiche", "22112", "4320", "2025-2026", "Tweede Kamer")]
    assert _kst("Kamerstukken 32317, nr. 1-4") == [("kamerstuk", "32317", "1-4", None, None)]
    assert _kst("Kamerstukken I 2025/26, 32317, nr. QF") == [("kamerstuk", "32317", "QF", "2025-2026", "Eerste Kamer")]
    assert _kst("Kamerstukken II 2023/24, 36 410 VI, nr. 79") == [("kamerstuk", "36410-VI", "79", "2023-2024", "Tweede Kamer")]
    assert _kst("Tweede Kamer, vergaderjaar 2025–2026, 21 501-20, nr. 2306") == [("kamerstuk", "21501-20", "2306", "2025-2026", "Tweede Kamer")]
    assert _kst("Kamerstukken II, 2023-2024, Geannoteerde Agenda JBZ-Raad 25-26 januari 2024, 32 317, nr. 867 en 3 2317, nr. 869.") == [
        ("kamerstuk", "32317", "867", "2023-2024", "Tweede Kamer"),
        ("kamerstuk", "32317", "869", "2023-2024", "Tweede Kamer"),
    ]
    assert _kst("Zie in dit verband ook de moties Van Raan c.s., Kamerstukken II, 2021-22 26 643, nr. 885, Van Ginneken c.s. "
                "Kamerstukken II, 2022-23 26 643, nr. 1011, en Van Weerdenburg c.s. Kamerstukken II 2022-23 26 643, nr. 1047.") == [
        ("motie", "26643", "885", "2021-2022", "Tweede Kamer"),
        ("motie", "26643", "1011", "2022-2023", "Tweede Kamer"),
        ("motie", "26643", "1047", "2022-2023", "Tweede Kamer"),
    ]
    assert _kst("Kamerstukken II, vergaderjaar 2025-2026, Motie TK, 21 501, nr. 2185") == [("motie", "21501", "2185", "2025-2026", "Tweede Kamer")]
    # a 22112 Kamerstuk is a BNC-fiche unless the reference names another document
    assert [k for k, *_ in _kst("BNC-fiche, Kamerstukken II 2025/26, 22112, nr. 4320; Benelux non-paper, Kamerstukken II 2025/26, 22112, nr. 4360.")] == ["bnc-fiche", "kamerstuk"]
    # a motion named in an earlier sentence does not make a later reference a motion
    assert _kst("De motie Van Dijk vraagt dat. Zie de Kamerbrief (Kamerstuk 32317, nr. 12).") == [("kamerstuk", "32317", "12", None, None)]
    # a period in the prose is not a parliamentary year
    assert _kst("De EMPACT-cyclus 2026-2029 (conform de motie van het lid Diederik van Dijk, Kamerstuk 19637, nr. 3285).") == [
        ("motie", "19637", "3285", None, None)
    ]


def test_eerste_kamer_letter_numbers():
    # the Eerste Kamer numbers with letters and may leave out "nr."; a Tweede Kamer reference may not
    assert _kst("Kamerstukken I 2023/24, 36 045, B.") == [("kamerstuk", "36045", "B", "2023-2024", "Eerste Kamer")]
    assert _kst("Kamerstukken II 2023/24, 36 045, B.") == []
    assert _kst("Kamerstukken I 2024/25, 32317, JBZ-Raad") == []


def test_reference_without_dossier():
    (c,) = find_citations("Kamerstukken II, 2024-2025, nr. 1474.")
    assert (c["kind"], c["dossier"], c["nummer"], c["url"]) == ("kamerstuk", None, "1474", None)


def test_kamerstuk_url_and_identifier():
    (c,) = find_citations("Zie verslag van de JBZ-Raad van 5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935.")
    assert c["identifier"] == "kst-32317-935"
    assert c["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-935.html"
    assert c["raw"] == "Kamerstukken II 2024-25, 32317, nr. 935"
    (qf,) = find_citations("Kamerstukken I 2025/26, 32317, nr. QF")
    assert qf["url"] == "https://zoek.officielebekendmakingen.nl/kst-32317-QF.html"
    (range_,) = find_citations("Kamerstukken II, 2022-2023, 36414, nr. 1-4.")
    assert range_["url"] is None  # a range is several documents


def test_handelingen_and_aanhangsel():
    (ah,) = find_citations("Aanhangsel Handelingen II 2024/25, nr. 2758.")
    assert (ah["kind"], ah["nummer"], ah["vergaderjaar"], ah["kamer"]) == ("aanhangsel", "2758", "2024-2025", "Tweede Kamer")
    assert ah["url"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20242025-2758.html"
    (h,) = find_citations("Handelingen II 2023/24, nr. 45, item 12")
    assert (h["kind"], h["identifier"]) == ("handelingen", "h-tk-20232024-45-12")
    assert h["url"] == "https://zoek.officielebekendmakingen.nl/h-tk-20232024-45-12.html"
    (h,) = find_citations("Handelingen I 2023/24, 12, item 3")
    assert (h["kind"], h["kamer"], h["identifier"]) == ("handelingen", "Eerste Kamer", "h-ek-20232024-12-3")


def _one(text, kind):
    found = [c for c in find_citations(text) if c["kind"] == kind]
    assert len(found) == 1, found
    return found[0]


def test_commission_documents():
    # a communication: CELEX sector DC; a proposal: PC; nothing said: by COM number
    c = _one("A renewed EU action plan against migrant smuggling (2021-2025), COM(2021) 591 final.", "com")
    assert (c["identifier"], c["url"]) == ("COM(2021) 591", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52021DC0591")
    c = _one("Proposal for a Council Implementing Decision on the Union Resettlement and Humanitarian Admission Plan (2026-2027), COM (2025) 702 final.", "com")
    assert (c["identifier"], c["url"]) == ("COM(2025) 702", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025PC0702")
    c = _one("COM(2025) 795 final.", "com")
    assert (c["identifier"], c["url"]) == ("COM(2025) 795", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=COM:2025:795:FIN")
    c = _one("COM (2022) 695 def.", "com")
    assert c["identifier"] == "COM(2022) 695"


def test_eu_acts():
    found = {c["identifier"]: c["url"] for c in find_citations(
        "Uitvoeringsbesluit (EU) 2025/2323 van de Commissie van 11 november 2025 overeenkomstig artikel 11 van "
        "Verordening (EU) 2024/1351 van het Europees Parlement en de Raad (PB L, 2025/2323, 14.11.2025)."
    ) if c["kind"] == "eu-act"}
    assert found == {
        "Uitvoeringsbesluit (EU) 2025/2323": "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32025D2323",
        "Verordening (EU) 2024/1351": "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32024R1351",
    }
    # the type stands in the word before: "Uniekaderverordening … (EU) 2024/1350"
    c = _one("het eerste Unieplan onder de Uniekaderverordening voor hervestiging en toelating op humanitaire gronden (EU) 2024/1350 (hierna: Hervestigingsverordening).", "eu-act")
    assert (c["identifier"], c["url"]) == ("Verordening (EU) 2024/1350", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32024R1350")
    # before 2015 acts were numbered number/year
    c = _one("de voorgenomen herziening van de verordening 904/2010 (Eurofisc)", "eu-act")
    assert c["url"].endswith("CELEX:32010R0904")
    c = _one("Besluit Nr.1313/2013/EU van het Europees Parlement en de Raad", "eu-act")
    assert (c["identifier"], c["url"]) == ("Besluit 1313/2013/EU", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32013D1313")
    assert _one("Richtlijn 2013/33/EU", "eu-act")["url"].endswith("CELEX:32013L0033")
    assert _one("Kaderbesluit 2008/841/JBZ", "eu-act")["url"].endswith("CELEX:32008F0841")


def test_council_documents_celex_and_urls():
    c = _one("ST 11333/24 INIT", "council-doc")
    assert (c["identifier"], c["url"]) == ("ST-11333-2024-INIT", "https://data.consilium.europa.eu/doc/document/ST-11333-2024-INIT/nl/pdf")
    found = find_citations("https://data.consilium.europa.eu/doc/document/ST-10067-2026-INIT/en/pdf")
    # one printed reference, one row: the URL names a Council document
    assert [(c["kind"], c["identifier"], c["raw"]) for c in found] == [
        ("council-doc", "ST-10067-2026-INIT", "https://data.consilium.europa.eu/doc/document/ST-10067-2026-INIT/en/pdf")]
    # a link printed twice (once per line of its anchor in a PDF) is one reference
    twice = "Strategie (2020). https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX%3A52020DC0711 https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX%3A52020DC0711"
    assert [(c["kind"], c["identifier"]) for c in find_citations(twice)] == [("celex", "52020DC0711")]
    c = _one("https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX%3A52020DC0711&qid=1608047356199", "celex")
    assert (c["identifier"], c["url"]) == ("52020DC0711", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52020DC0711")
    # two URLs glued together by a lost line break are two URLs; a closing full stop is not part of one
    urls = [c["url"] for c in find_citations("Zie https://a.europa.eu/x_enhttps://a.europa.eu/y_en. En https://www.rijksoverheid.nl/d>.") if c["kind"] == "url"]
    assert urls == ["https://a.europa.eu/x_en", "https://a.europa.eu/y_en", "https://www.rijksoverheid.nl/d"]


def test_commitment_numbers():
    c = _one("Kamerstukken II, 2025-2026, TZ202604-207.", "toezegging")
    assert (c["identifier"], c["url"]) == ("TZ202604-207", "https://www.tweedekamer.nl/kamerstukken/toezeggingen/detail?id=TZ202604-207")


def test_other_kinds_in_the_real_letters(tables):
    by_letter_kind = {}
    for c in tables["citations"]:
        by_letter_kind.setdefault((c["letter_id"], c["kind"]), []).append(c["identifier"])
    assert by_letter_kind[("kst-32317-978", "com")] == ["COM(2025) 795", "COM(2025) 702"]
    assert by_letter_kind[("kst-32317-978", "aanhangsel")] == ["ah-tk-20242025-2758"]
    assert "ST-11333-2024-INIT" in by_letter_kind[("kst-32317-978", "council-doc")]
    assert by_letter_kind[("kst-32317-QF", "toezegging")] == ["TZ202604-207"]
    assert by_letter_kind[("kst-32317-879", "com")] == ["COM(2024) 173", "COM(2022) 695"]


def test_citations_point_at_our_letters(tables):
    targets = sorted((c["letter_id"], c["target_letter_id"]) for c in tables["citations"] if c["target_letter_id"])
    assert targets == [
        ("kst-32317-948", "kst-32317-879"),  # fn 9: the agenda of 13-14 June 2024
        ("kst-32317-948", "kst-32317-935"),  # fn 11: the verslag of 5 and 7 March 2025
        ("kst-32317-978", "kst-32317-879"),  # fn 23
    ]


def test_citation_ids_and_places(tables):
    for c in tables["citations"]:
        assert c["id"].startswith(c["letter_id"] + "-c")
        assert (c["paragraph_id"] is None) != (c["footnote_id"] is None)
        assert not any(k.startswith("_") for k in c)


# Every other reference (EU documents, URLs, Handelingen) of two PDF letters, read from their footnotes and prose:
# (where, kind, identifier). A PDF prints a page's link targets after its notes, once per line of the link's text;
# each target is the reference of the note that carries the link, and a link printed twice is one reference.
OTHER_REFERENCES = {
    "kst-32317-879": [
        (5, "url", None),  # the Commission's news item on trafficking in human beings, printed twice
        (10, "url", None),  # the EESC rule-of-law report
        (11, "celex", "52024DC0173"),  # "hier te raadplegen: https://eur-lex…CELEX%3A52024DC0173", its link printed twice below
        (12, "com", "COM(2024) 173"),  # note 12 names the report by its COM number only; the links below it are note 11's
        (13, "eu-act", "Aanbeveling (EU) 2024/268"),  # "Aanbevelingen van de Europese Commissie, 2024/268"
        (24, "url", None),  # the Europol report
        (27, "com", "COM(2022) 695"),  # "COM (2022) 695 def."
    ],
    "kst-32317-978": [
        ("p", "eu-act", "Verordening (EU) 2024/1350"),  # "humanitaire gronden (EU) 2024/1350" in the prose
        (1, "com", "COM(2025) 795"),
        (2, "eu-act", "Uitvoeringsbesluit (EU) 2025/2323"),
        (2, "eu-act", "Verordening (EU) 2024/1351"),
        (3, "aanhangsel", "ah-tk-20242025-2758"),
        (7, "eu-act", "Verordening (EU) 2024/1350"),
        (7, "eu-act", "Verordening (EU) 2021/1147"),
        (9, "com", "COM(2025) 702"),
        (13, "eu-act", "Besluit 1313/2013/EU"),  # "Besluit Nr.1313/2013/EU"
        (14, "eu-act", "Besluit 1313/2013/EU"),  # the proposal repeals it: named again, in another note
        (22, "council-doc", "ST-11333-2024-INIT"),  # the title "Council conclusions …" was the link; not note 23's
        (24, "celex", "52020DC0711"),  # the Charter strategy, its link printed twice
    ],
}


@pytest.mark.parametrize("letter_id", sorted(OTHER_REFERENCES))
def test_other_references_of_two_letters_in_full(tables, letter_id):
    number = {f["id"]: f["number"] for f in tables["footnotes"]}
    found = [
        (number[c["footnote_id"]] if c["footnote_id"] else "p", c["kind"], c["identifier"])
        for c in tables["citations"]
        if c["letter_id"] == letter_id and c["kind"] not in ("kamerstuk", "motie", "bnc-fiche")
    ]
    assert found == OTHER_REFERENCES[letter_id]


def test_no_reference_twice_in_one_place(tables):
    seen = set()
    for c in tables["citations"]:
        key = (c["footnote_id"] or c["paragraph_id"], c["kind"], c["identifier"] or c["url"] or c["raw"])
        assert key not in seen, c
        seen.add(key)
