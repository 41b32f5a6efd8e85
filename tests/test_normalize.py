"""The per-format normalisers on small texts shaped like the letters."""

from __future__ import annotations

import pytest

from jbz.normalize import detect_format, normalize
from jbz.parse import decisions


def test_word_markers_bodies_and_bookmarks():
    text = (
        "Het kabinet heeft de Commissie opgeroepen[footnoteRef:1]. Ook pleit het kabinet voor terugkeer[footnoteRef:2] en meer.  "
        "[1:  Kamerstuk II 2023/2023 32 317, nr. 878 ]  [2:  Kamerstuk II 2024-2025, 32 317, nr. 890\n] \n\n"
        "1. [bookmark: _Hlk190417819]Verordening over de bescherming van volwassenen\n"
    )
    assert detect_format(text) == "word"
    n = normalize(text)
    assert n.footnotes == {1: "Kamerstuk II 2023/2023 32 317, nr. 878", 2: "Kamerstuk II 2024-2025, 32 317, nr. 890"}
    assert n.blocks[0].text == "Het kabinet heeft de Commissie opgeroepen. Ook pleit het kabinet voor terugkeer en meer."
    assert n.blocks[0].refs == [1, 2]
    assert n.blocks[1].text == "1. Verordening over de bescherming van volwassenen"


def test_markdown_superscripts_markup_and_page_break_continuation():
    text = (
        "Nederland bracht het standpunt naar voren zoals opgenomen in het BNC-fiche¹ en heeft aandacht gevraagd "
        "voor het **Benelux** non-paper.² Dit politiek\n\n"
        "¹ BNC-fiche, *Kamerstukken II* 2025/26, 22112, nr. 4320.\n\n"
        "² Benelux non-paper, *Kamerstukken II* 2025/26, 22112, nr. 4360.\n\n"
        "akkoord creëert een grond voor het 28^{ste} regime.\n\n"
        "- a. **Verslag van de Commissie over de toestand van Schengen 2026**\n"
    )
    assert detect_format(text) == "markdown"
    n = normalize(text)
    assert n.footnotes[1] == "BNC-fiche, Kamerstukken II 2025/26, 22112, nr. 4320."
    assert n.blocks[0].text.endswith("voor het Benelux non-paper. Dit politiek akkoord creëert een grond voor het 28ste regime.")
    assert n.blocks[0].refs == [1, 2]
    assert n.blocks[1].bullet and n.blocks[1].text == "a. Verslag van de Commissie over de toestand van Schengen 2026"


def _pdf(lines: list[str]) -> str:
    # enough ordinary wrapped lines for the format test to see hard wrapping
    filler = ["Het kabinet zet zich in voor een aanscherping van de regels die "] * 24
    return "\n".join(filler + [""] + lines) + "\n"


def test_pdf_footnote_zone_glued_markers_and_page_break():
    text = _pdf(
        [
            "Op 11 november 2025 heeft de Europese Commissie de Mededeling ",
            "Europees jaarverslag asiel en migratie1, het Uitvoeringsbesluit2 en ",
            "een voorstel voor een Uitvoeringshandeling van de Raad tot de ",
            "",
            " ",
            "1 COM(2025) 795 final. ",
            "2 Uitvoeringsbesluit (EU) 2025/2323 van de Commissie van 11 november ",
            "2025 overeenkomstig artikel 11 van Verordening (EU) 2024/1351. ",
            "",
            "",
            " ",
            "",
            "vaststelling van de jaarlijkse solidariteitspool gepubliceerd. ",
        ]
    )
    assert detect_format(text) == "pdf"
    n = normalize(text)
    assert n.footnotes == {
        1: "COM(2025) 795 final.",
        2: "Uitvoeringsbesluit (EU) 2025/2323 van de Commissie van 11 november 2025 overeenkomstig artikel 11 van Verordening (EU) 2024/1351.",
    }
    last = n.blocks[-1]
    assert last.text == (
        "Op 11 november 2025 heeft de Europese Commissie de Mededeling Europees jaarverslag asiel en migratie, "
        "het Uitvoeringsbesluit en een voorstel voor een Uitvoeringshandeling van de Raad tot de "
        "vaststelling van de jaarlijkse solidariteitspool gepubliceerd."
    )
    assert last.refs == [1, 2]


def test_decision_phrases():
    assert decisions.match_phrase("Informatie van het Voorzitterschap") == "information"
    assert decisions.match_phrase("(Gedeeltelijke) algemene oriëntatie") == "general approach"
    assert decisions.match_phrase("Aanname gedeeltelijke algemene oriëntatie") == "partial general approach"
    assert decisions.match_phrase("Presentatie door Hongarije") == "presentation"
    assert decisions.match_phrase("Het Voorzitterschap zal de Raad informeren over de voortgang.") is None
    assert decisions.classify("= goedkeuring zonder discussie (A-punt)") == "adoption"
    assert decisions.classify("= Presentatie en stand van zaken") == "presentation"
    assert decisions.classify("= principe akkoord") == "political agreement"
    assert decisions.split_trailing("Uniemechanisme voor Civiele Bescherming en Gezondheidsnoodhulp (UCPM) Voortgangsrapportage") == (
        "Uniemechanisme voor Civiele Bescherming en Gezondheidsnoodhulp (UCPM)",
        "Voortgangsrapportage",
    )
    assert decisions.split_trailing("Werkprogramma van het aantredende Voorzitterschap") is None


def test_markdown_marker_pattern_matches_as_written_plainly():
    """`markdown.MARKER` reads a superscript run's first digit before the check on
    the character before it (to be fast); it must find what `SUP|\\[\\^(\\d{1,6})\\]`
    finds: runs of 1 to 12 superscript digits standing alone, and "[^N]"."""
    import re

    from conftest import LETTERS
    from jbz.normalize import markdown

    plain = re.compile(rf"{markdown.SUP}|\[\^(\d{{1,6}})\]")
    cases = {
        "tekst¹ en tekst¹⁴¹⁵.": ["¹", "¹⁴¹⁵"],
        "x" + "¹" * 12 + " y" + "²" * 13 + " z[^7] [^1234567]": ["¹" * 12, "[^7]"],
        "⁰²³⁴⁵⁶⁷⁸⁹[^]": ["⁰²³⁴⁵⁶⁷⁸⁹"],
    }
    for text, expected in cases.items():
        assert [m.group(0) for m in markdown.MARKER.finditer(text)] == expected, text
    texts = list(cases)
    for path in sorted(LETTERS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    found = 0
    for text in texts:
        spans = [(m.span(), m.group(1)) for m in markdown.MARKER.finditer(text)]
        assert spans == [(m.span(), m.group(1)) for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 30


# --- joining wrapped lines in linear time ---------------------------------------------------------

JOIN_CASES = [
    # (pieces, their text by the joining rules), read by a person
    (["asiel-", "en migratie"], "asiel- en migratie"),
    (["EU-", "reisapplicatie"], "EU-reisapplicatie"),
    (["13-", "14 oktober"], "13-14 oktober"),
    (["zie https://www.rijksoverheid.nl/", "documenten/kamerstukken", "(Kamerstuk"], "zie https://www.rijksoverheid.nl/documenten/kamerstukken (Kamerstuk"),
    # a lower-case word after a web address is read as its wrapped rest
    (["zie https://www.eerstekamer.nl/", "behandeling/2024", "en https://a.eu/b", "c"], "zie https://www.eerstekamer.nl/behandeling/2024en https://a.eu/bc"),
    (["https://a.eu/b.", "Daarna"], "https://a.eu/b. Daarna"),
    (["h", "ttp:", "//x.nl", "y"], "h ttp: //x.nl y"),
    (["ht-", "tp:/", "/x", "y"], "ht-tp:/ /x y"),
    (["x-", "y://z", "abc"], "x-y://zabc"),
    (["de Raad", "besprak"], "de Raad besprak"),
]


@pytest.mark.parametrize("pieces,expected", JOIN_CASES)
def test_wrapped_pieces_joined_by_the_rules(pieces, expected):
    from jbz.normalize.common import Joined

    joined = Joined(pieces[0])
    for piece in pieces[1:]:
        joined.add(piece)
    assert joined.text == expected
    assert joined.length == len(expected)
