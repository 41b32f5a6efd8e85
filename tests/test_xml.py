"""The official XML as input: the five letters rendered in the official
structure (tests/fixtures/xml/, written by xmlrender.py) parse to the same
rows as their text exports; unknown elements keep their text and are
reported; marked references become citations with their target; unsafe
or broken XML is refused with a message naming the file."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import LETTERS, MARKDOWN_VERSLAG_QF, WORD_AGENDA_948
from xml_compare import comparable
from xmlrender import render

from jbz import enrich
from jbz.coverage import coverage
from jbz.normalize import detect_format, normalize, xml
from jbz.parse import parse_text
from jbz.pipeline import build_tables

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xml"
NAMES = sorted(p.name for p in LETTERS.glob("*.txt"))


def _xml_of(name: str) -> Path:
    return FIXTURES / (Path(name).stem + ".xml")


def _doc(body: str, head: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><kamerstuk>'
        f"{head}<stuk><brief><tekst>{body}</tekst></brief></stuk></kamerstuk></officiele-publicatie>\n"
    )


@pytest.mark.parametrize("name", NAMES)
def test_rendering_parses_to_the_same_rows_as_the_text_export(name):
    text = (LETTERS / name).read_text(encoding="utf-8")
    source = _xml_of(name).read_text(encoding="utf-8")
    assert detect_format(source) == "xml"
    records = parse_text(source, source_file=_xml_of(name).name)
    assert records["letters"][0]["source_format"] == "xml"
    assert not [i for i in records["data_issues"] if i["kind"].startswith("xml-")]
    expected, got = comparable(parse_text(text, source_file=name)), comparable(records)
    for key in expected:
        assert got[key] == expected[key], key
    pieces = [p["text"] for p in records["paragraphs"]] + [f["text"] for f in records["footnotes"]]
    assert coverage(source, "xml", pieces, {f["number"] for f in records["footnotes"]}) >= 0.995


@pytest.mark.parametrize("name", NAMES)
def test_fixtures_are_what_the_renderer_writes(name):
    """The fixtures are generated, not edited by hand: regenerate them with
    `cd tests && ../.venv/bin/python xmlrender.py ../letters fixtures/xml`."""
    assert _xml_of(name).read_text(encoding="utf-8") == render((LETTERS / name).read_text(encoding="utf-8"))


def test_rendering_of_948_has_the_official_structure():
    root = ET.parse(_xml_of(WORD_AGENDA_948)).getroot()
    assert root.tag == "officiele-publicatie"
    stuk = root.find("kamerstuk/stuk")
    assert root.findtext("kamerstuk/dossier/dossiernummer/dossiernr") == "32 317"
    assert root.findtext("kamerstuk/dossier/titel") == "JBZ-Raad"
    assert stuk.findtext("stuknr/ondernummer") == "948"
    assert stuk.findtext("brief/dagtekening") == "Den Haag, 28 mei 2025"
    assert [o.findtext("naam") for o in stuk.iter("ondertekening")] == ["D.M. van Weel", "T.H.D. Struycken", "M.H.M. Faber-van de Klashorst"]
    notes = list(root.iter("noot"))
    assert len(notes) == 20 and all(n.get("type") == "voet" for n in notes)
    assert notes[0].findtext("noot.nr") == "1"
    # footnote 1 sits inline, in the paragraph about out-of-the-box solutions, after "hiertoe opgeroepen"
    first = next(al for al in root.iter("al") if al.find("noot") is not None)
    assert (first.text or "").rstrip().endswith("Europese Commissie hiertoe opgeroepen")
    assert first.find("noot/noot.al/extref").get("doc") == "kst-32317-878"
    # items are divisions with a numbered heading
    kops = [(k.findtext("nr"), k.findtext("titel")) for k in root.iter("kop")]
    assert kops[0] == ("1.", "Verordening over de bescherming van volwassenen")
    assert len(kops) == 36


def test_rendering_of_qf_keeps_bold_and_bullets():
    root = ET.parse(_xml_of(MARKDOWN_VERSLAG_QF)).getroot()
    assert root.findtext("kamerstuk/kamerstukkop/tekstregel[@inhoud='vergaderjaar']") == "Vergaderjaar 2025-2026"
    assert root.findtext("kamerstuk/stuk/stuknr/ondernummer") == "QF"
    # the letter has 18 bullet lines; two of them ("- a. Verslag van de Commissie …", "- b. Prioritaire
    # acties …") are sub-items of item 1, so they are divisions with a numbered heading
    items = list(root.iter("li"))
    assert len(items) == 16 and all(li.findtext("li.nr") == "–" for li in items)
    kops = [(k.findtext("nr"), k.findtext("titel")) for k in root.iter("kop")]
    assert kops[1:3] == [("a.", "Verslag van de Commissie over de toestand van Schengen 2026"),
                         ("b.", "Prioritaire acties voor de Schengenraad-cyclus 2026–2027")]
    # its four web addresses are links; the one of Council document ST 10067/26 is cited as that document
    urls = [e.get("doc") for e in root.iter("extref") if e.get("soort") == "URL"]
    assert len(urls) == 4 and "https://data.consilium.europa.eu/doc/document/ST-10067-2026-INIT/en/pdf" in urls
    kinds = [c["kind"] for c in _citations(_xml_of(MARKDOWN_VERSLAG_QF).read_text(encoding="utf-8"))]
    assert (kinds.count("url"), kinds.count("council-doc")) == (3, 1)


def test_unknown_elements_keep_their_text_and_are_reported():
    source = _doc(
        "<al>Hierbij informeren wij uw Kamer over de <geheim>JBZ-Raad</geheim> van 12 juni.</al>"
        "<kaderblok><al>Tekst in een kader.</al></kaderblok>"
        "<losse-regel>Een regel die niemand kent.</losse-regel>"
    )
    norm = normalize(source)
    assert [b.text for b in norm.blocks] == [
        "Hierbij informeren wij uw Kamer over de JBZ-Raad van 12 juni.",
        "Tekst in een kader.",
        "Een regel die niemand kent.",
    ]
    assert norm.problems == [
        ("xml-unknown-element", "elements this reader does not know, their text kept: <geheim> ×1, <kaderblok> ×1, <losse-regel> ×1")
    ]
    issues = parse_text(source)["data_issues"]
    assert "xml-unknown-element" in {i["kind"] for i in issues}


def test_lists_notes_headings_and_header_from_markup():
    head = (
        '<kamerstukkop><tekstregel inhoud="kameraanduiding">Eerste Kamer der Staten-Generaal</tekstregel>'
        '<tekstregel inhoud="vergaderjaar">Vergaderjaar 2024–2025</tekstregel></kamerstukkop>'
        "<dossier><dossiernummer><dossiernr>32 317</dossiernr></dossiernummer><titel>JBZ-Raad</titel></dossier>"
    )
    source = _doc(
        '<al>Zie<noot id="n1" type="voet"><noot.nr>1</noot.nr><noot.al>Eerste noot.</noot.al></noot> ook dit.</al>'
        '<tussenkop kopopmaak="vet">Kopje</tussenkop>'
        '<lijst type="expliciet"><li><li.nr>a.</li.nr><al>eerste punt;</al></li>'
        '<li><li.nr>b.</li.nr><al>tweede punt,</al><lijst type="ongemarkeerd"><li><li.nr>–</li.nr><al>genest</al></li></lijst></li></lijst>'
        '<al><nadruk type="vet">Geheel vet</nadruk></al>',
        head,
    )
    norm = normalize(source)
    assert norm.meta == {"kamer": "Eerste Kamer", "vergaderjaar": "2024-2025", "dossier": "32317"}
    assert [(b.text, b.refs, b.bullet, b.emphasis, b.gap_before) for b in norm.blocks] == [
        ("Eerste Kamer der Staten-Generaal", [], False, False, False),
        ("Vergaderjaar 2024–2025", [], False, False, False),
        ("32 317", [], False, False, False),
        ("JBZ-Raad", [], False, False, False),
        ("Zie ook dit.", [1], False, False, False),
        ("Kopje", [], False, False, True),
        ("a. eerste punt;", [], False, False, False),
        ("b. tweede punt,", [], False, False, False),
        ("genest", [], True, False, False),
        ("Geheel vet", [], False, True, False),
    ]
    assert norm.footnotes == {1: "Eerste noot."}
    assert xml.plain_text(source, markers=True).splitlines()[4] == "Zie[footnoteRef:1] ook dit."


def test_date_and_number_from_markup_when_the_text_has_no_date_line():
    source = (
        '<?xml version="1.0"?><officiele-publicatie><kamerstuk>'
        "<dossier><dossiernummer><dossiernr>32 317</dossiernr></dossiernummer><titel>JBZ-Raad</titel></dossier>"
        "<stuk><stuknr>Nr. <ondernummer>990</ondernummer></stuknr><titel>BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID</titel>"
        '<datumtekst>Ontvangen <datum isodatum="2026-01-20">20 januari 2026</datum></datumtekst>'
        "<brief><tekst><al>Hierbij bied ik u het verslag aan van de JBZ-Raad van 12 januari 2026.</al></tekst></brief>"
        "</stuk></kamerstuk></officiele-publicatie>"
    )
    letter = parse_text(source)["letters"][0]
    assert (letter["id"], letter["letter_date"], letter["title"]) == (
        "kst-32317-990", "2026-01-20", "BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID")


def _citations(source: str) -> list[dict]:
    return enrich.enrich_letter(parse_text(source))["citations"]


def test_a_marked_reference_becomes_a_citation_without_reading_the_words():
    source = _doc(
        '<al>Hierbij informeren wij u, zoals in <extref soort="document" doc="kst-36800-XIV-80">de brief van 3 maart</extref> '
        'beloofd, over de JBZ-Raad; zie ook <extref soort="URL" doc="https://www.consilium.europa.eu/nl/meetings/jha/">de '
        "website van de Raad</extref>.</al>"
    )
    rows = [(c["raw"], c["kind"], c["dossier"], c["nummer"], c["identifier"], c["url"]) for c in _citations(source)]
    assert rows == [
        ("de brief van 3 maart", "kamerstuk", "36800-XIV", "80", "kst-36800-XIV-80",
         "https://zoek.officielebekendmakingen.nl/kst-36800-XIV-80.html"),
        ("de website van de Raad", "url", None, None, None, "https://www.consilium.europa.eu/nl/meetings/jha/"),
    ]


def test_the_marked_target_wins_over_the_words():
    source = _doc(
        '<al>De JBZ-Raad (<extref soort="document" doc="kst-32317-901">Kamerstuk 32 317, nr. 900</extref>) en '
        "Kamerstuk 32 317, nr. 902 zonder markering.</al>"
    )
    rows = [(c["raw"], c["nummer"], c["identifier"]) for c in _citations(source)]
    assert rows == [("Kamerstuk 32 317, nr. 900", "901", "kst-32317-901"), ("Kamerstuk 32 317, nr. 902", "902", "kst-32317-902")]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<officiele-publicatie><kamerstuk><stuk><al>&lol3;</al></stuk></kamerstuk></officiele-publicatie>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<officiele-publicatie><al>&secret;</al></officiele-publicatie>
"""


@pytest.mark.parametrize("source", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused(source):
    with pytest.raises(xml.XmlError, match="DOCTYPE or ENTITY declaration"):
        normalize(source)


def test_deep_nesting_is_refused():
    source = "<officiele-publicatie>" + "<divisie>" * 500 + "x" + "</divisie>" * 500 + "</officiele-publicatie>"
    with pytest.raises(xml.XmlError, match="deep"):
        normalize(source)


def test_bad_xml_is_refused_with_the_file_named_and_the_rest_built(tmp_path):
    shutil.copy(LETTERS / WORD_AGENDA_948, tmp_path / WORD_AGENDA_948)
    (tmp_path / "kst-32317-999.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    broken = _xml_of(MARKDOWN_VERSLAG_QF).read_text(encoding="utf-8").replace("</brief>", "", 1)
    (tmp_path / "kst-32317-QF.xml").write_text(broken, encoding="utf-8")
    result = build_tables(tmp_path)
    assert [r["id"] for r in result.tables["letters"]] == ["kst-32317-948"]
    errors = {e.source_file: (e.kind, e.message) for e in result.errors}
    assert errors["kst-32317-999.xml"][0] == "bad-xml" and "DOCTYPE or ENTITY" in errors["kst-32317-999.xml"][1]
    assert errors["kst-32317-QF.xml"][0] == "bad-xml" and "not well-formed XML (mismatched tag: line" in errors["kst-32317-QF.xml"][1]


def test_the_xml_letters_build_like_the_text_letters():
    """The five renderings as a letters folder: the same letters, with the
    numbers of 935 and 879 inferred from the other letters' citations."""
    tables = build_tables(FIXTURES).tables
    got = {r["id"]: (r["source_format"], r["nummer_source"], r["coverage"]) for r in tables["letters"]}
    assert got == {
        "kst-32317-948": ("xml", "stated", 1.0),
        "kst-32317-QF": ("xml", "stated", 1.0),
        "kst-32317-935": ("xml", "inferred", 1.0),
        "kst-32317-978": ("xml", "stated", 1.0),
        "kst-32317-879": ("xml", "inferred", 1.0),
    }


def test_coverage_of_xml_can_fail():
    source = _xml_of(WORD_AGENDA_948).read_text(encoding="utf-8")
    records = parse_text(source)
    pieces = [p["text"] for p in records["paragraphs"] if p["agenda_item_id"] != "kst-32317-948-01"]
    pieces += [f["text"] for f in records["footnotes"]]
    assert coverage(source, "xml", pieces, set()) < 0.99


def test_namespaced_xml_reads_the_same():
    """Official files may declare a default namespace on the root: element names are read without it."""
    source = _xml_of(WORD_AGENDA_948).read_text(encoding="utf-8")
    spaced = source.replace('<officiele-publicatie xml:lang="nl">', '<officiele-publicatie xmlns="http://www.overheid.nl/2011/op" xml:lang="nl">', 1)
    assert spaced != source
    assert comparable(parse_text(spaced)) == comparable(parse_text(source))


def test_the_official_header_states_the_number_the_export_left_out():
    """The Word export of the verslag of 5 and 7 March 2025 has no Kamerstuk header (its number 935 is only
    inferred from other letters); its official XML has one, and then the number is stated."""
    from conftest import WORD_VERSLAG_NO_HEADER

    source = _xml_of(WORD_VERSLAG_NO_HEADER).read_text(encoding="utf-8")
    head = (
        '<kamerstukkop><tekstregel inhoud="kameraanduiding">Tweede Kamer der Staten-Generaal</tekstregel>'
        '<tekstregel inhoud="vergaderjaar">Vergaderjaar 2024–2025</tekstregel></kamerstukkop>'
        "<dossier><dossiernummer><dossiernr>32 317</dossiernr></dossiernummer><titel>JBZ-Raad</titel></dossier>"
        "<stuk><stuknr>Nr. <ondernummer>935</ondernummer></stuknr>"
        "<titel>BRIEF VAN DE MINISTERS VAN JUSTITIE EN VEILIGHEID EN VAN ASIEL EN MIGRATIE</titel>"
    )
    full = source.replace("<stuk>", head, 1)
    records, export = parse_text(full), parse_text(source)
    letter = records["letters"][0]
    assert (letter["id"], letter["nummer"], letter["nummer_source"], letter["vergaderjaar"], letter["kamer"]) == (
        "kst-32317-935", "935", "stated", "2024-2025", "Tweede Kamer")
    assert letter["title"] == "BRIEF VAN DE MINISTERS VAN JUSTITIE EN VEILIGHEID EN VAN ASIEL EN MIGRATIE"
    def strip(rows, letter_id):  # the items, their ids (and links to each other) aside
        return [{k: v.replace(letter_id, "<id>") if isinstance(v, str) else v for k, v in r.items()} for r in rows]

    assert len(records["agenda_items"]) == 21
    assert strip(records["agenda_items"], "kst-32317-935") == strip(export["agenda_items"], export["letters"][0]["id"])
    assert [f["text"] for f in records["footnotes"]] == [f["text"] for f in export["footnotes"]]
    assert "missing-number" not in {i["kind"] for i in records["data_issues"]}


def test_tables_and_images_of_the_official_xml():
    """CALS tables give one block per row (cells in order); an image has no text and is no unknown element."""
    source = _doc(
        '<table><tgroup cols="2"><colspec colname="c1"/><colspec colname="c2"/>'
        "<thead><row><entry>Lidstaat</entry><entry>Bijdrage</entry></row></thead>"
        "<tbody><row><entry>Nederland</entry><entry><nadruk type=\"vet\">12</nadruk> miljoen</entry></row></tbody>"
        '</tgroup></table><plaatje><illustratie naam="kst-32317-948-1.png" formaat="png"/></plaatje>'
        "<al>Zie de tabel hierboven (10<sup>3</sup> euro).</al>"
    )
    norm = normalize(source)
    assert [b.text for b in norm.blocks] == ["Lidstaat Bijdrage", "Nederland 12 miljoen", "Zie de tabel hierboven (103 euro)."]
    assert norm.problems == []
