"""Reading letter files and the two checks on their text (jbz.sources)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest
from conftest import (
    LETTERS,
    MARKDOWN_VERSLAG_QF,
    PDF_AGENDA_978,
    PDF_AGENDA_NO_HEADER,
    WORD_AGENDA_948,
    WORD_VERSLAG_NO_HEADER,
)
from sources_helpers import NOT_LETTERS, as_official_web_page, cut, letter_text

from jbz.recognise import looks_like_jbz_letter, looks_truncated, strip_debris
from jbz.sources import (
    MAX_BYTES,
    Source,
    SourceError,
    load_sources,
    read_source,
    record_errors,
    text_key,
)

sys.path.insert(0, str(Path(__file__).parent))
from reexport import to_markdown, to_pdf, to_web, word_from_records  # noqa: E402

FIVE = sorted(p.name for p in LETTERS.glob("*.txt"))


# --- reading -----------------------------------------------------------------


def test_the_five_letters_load_in_name_order():
    loaded, errors = load_sources(LETTERS)
    assert errors == []
    assert [s.name for s in loaded] == FIVE == [
        WORD_AGENDA_948, MARKDOWN_VERSLAG_QF, WORD_VERSLAG_NO_HEADER, PDF_AGENDA_978, PDF_AGENDA_NO_HEADER
    ]
    for src in loaded:
        data = (LETTERS / src.name).read_bytes()
        assert isinstance(src, Source)
        assert src.data == data and src.text == data.decode("utf-8").removeprefix("\ufeff")
        assert src.sha256 == hashlib.sha256(data).hexdigest()
        assert src.path == LETTERS / src.name


def test_text_is_kept_verbatim(tmp_path):
    raw = "\ufeffAan de Voorzitter\r\nDen Haag, 28 mei 2025\r\n\r\n\tHierbij …  \f\n".encode("utf-8")
    (tmp_path / "a.txt").write_bytes(raw)
    src = read_source(tmp_path / "a.txt")
    assert src.text == "Aan de Voorzitter\r\nDen Haag, 28 mei 2025\r\n\r\n\tHierbij …  \f\n"  # only the BOM goes
    assert src.data == raw and src.sha256 == hashlib.sha256(raw).hexdigest()


def test_text_key_read_off_the_bytes_is_the_texts():
    """`text_key(text, data)` drops the whitespace's bytes: the same key as
    dropping the text's whitespace, on the five letters and on random texts
    of every whitespace character, a byte-order mark and other characters."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    for path in sorted(LETTERS.iterdir()):
        data = path.read_bytes()
        text = data.decode("utf-8").removeprefix("\ufeff")
        assert text_key(text, data) == text_key(text) == hashlib.sha256("".join(text.split()).encode()).hexdigest()
    rng = __import__("random").Random(7)
    others = ["a", "é", "’", "–", "\u2000x", "\u3001", "\U0001f600", "\ufeff", "\x00", "\u200b"]
    for _ in range(3000):
        text = "".join(rng.choice(spaces if rng.random() < 0.5 else others) for _ in range(rng.randint(0, 30)))
        data = rng.choice([b"", b"\xef\xbb\xbf"]) + text.encode("utf-8")
        decoded = data.decode("utf-8").removeprefix("\ufeff")
        assert text_key(decoded, data) == text_key(decoded), repr(text)


def test_hidden_files_readmes_and_folders_are_not_letters(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01binary")
    (tmp_path / "README.md").write_text("Put the letters here.")
    (tmp_path / "readme.txt").write_text("Put the letters here.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(letter_text(WORD_VERSLAG_NO_HEADER))
    (tmp_path / "a.md").write_text(letter_text(MARKDOWN_VERSLAG_QF))
    loaded, errors = load_sources(tmp_path)
    assert [s.name for s in loaded] == ["a.md", "b.txt"] and errors == []


def test_missing_folder():
    loaded, errors = load_sources(Path("/nonexistent/letters"))
    assert loaded == [] and [(e.kind, e.source_file) for e in errors] == [("unreadable", "/nonexistent/letters")]


def _error(tmp_path, data: bytes, name: str = "bad.txt") -> SourceError:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SourceError) as info:
        read_source(tmp_path / name)
    err = info.value
    assert err.source_file == name and str(err) == f"{name}: {err.message}"
    return err


def test_empty_and_blank(tmp_path):
    assert _error(tmp_path, b"").kind == "empty"
    err = _error(tmp_path, b" \n\t\r\n\n")
    assert err.kind == "empty" and "only whitespace" in err.message
    assert _error(tmp_path, "\ufeff\n".encode()).kind == "empty"


@pytest.mark.parametrize(
    "data, says",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word"),
        (b"{\\rtf1\\ansi Aan de Voorzitter", "RTF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"Aan de Voorzitter\x00\x00\x00" * 10, "NUL"),
        (bytes(range(1, 9)) * 200, "control bytes"),
    ],
)
def test_binary(tmp_path, data, says):
    err = _error(tmp_path, data)
    assert err.kind == "binary" and says in err.message


def test_random_bytes_are_binary(tmp_path):
    import random

    data = random.Random(7).randbytes(20_000)
    assert _error(tmp_path, data).kind == "binary"


def test_windows_1252_is_named_with_the_fix(tmp_path):
    text = letter_text(WORD_AGENDA_948)
    data = text.encode("cp1252", errors="replace")
    err = _error(tmp_path, data, "948-ansi.txt")
    first = min(i for i, c in enumerate(text) if ord(c) > 127)
    offset = len(text[:first].encode("cp1252"))
    assert err.kind == "encoding"
    assert f"byte 0x{data[offset]:02X} at offset {offset}" in err.message
    assert "looks like Windows-1252" in err.message and "iconv -f cp1252 -t utf-8" in err.message


def test_windows_1252_shows_the_word(tmp_path):
    err = _error(tmp_path, "De Commissie heeft geïnformeerd over de oriëntatie.\n".encode("cp1252"))
    assert "line 1" in err.message and "in 'geïnformeerd'" in err.message


def test_utf16(tmp_path):
    err = _error(tmp_path, "Aan de Voorzitter van de Tweede Kamer".encode("utf-16"))
    assert err.kind == "encoding" and "UTF-16" in err.message and "iconv -f utf-16" in err.message


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: costs no disk
        f.seek(MAX_BYTES)
        f.write(b"x")
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    monkeypatch.setattr(Path, "read_bytes", lambda *a, **k: pytest.fail("the file was read"))
    with pytest.raises(SourceError) as info:
        read_source(big)
    assert info.value.kind == "too-large" and "5.2 MB" in info.value.message


def test_just_under_the_limit_is_read(tmp_path):
    text = letter_text(WORD_AGENDA_948)
    body = (text * (MAX_BYTES // len(text.encode())))[: MAX_BYTES // 2]
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    assert read_source(tmp_path / "long.txt").text == body


def test_unreadable(tmp_path):
    import os

    path = tmp_path / "locked.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root
            pytest.skip("root can read any file")
        with pytest.raises(SourceError) as info:
            read_source(path)
        assert info.value.kind == "unreadable" and "permission" in info.value.message.lower()
    finally:
        path.chmod(0o644)


def test_duplicates_name_both_files(tmp_path):
    text = letter_text(WORD_VERSLAG_NO_HEADER)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))  # same text, Windows line ends
    (tmp_path / "d.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # same text with a BOM
    loaded, errors = load_sources(tmp_path)
    assert [s.name for s in loaded] == ["a.txt"]
    assert [(e.source_file, e.kind) for e in errors] == [("b.txt", "duplicate"), ("c.txt", "duplicate"), ("d.txt", "duplicate")]
    assert "byte-for-byte copy of a.txt" in errors[0].message
    assert "same text as a.txt" in errors[1].message


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "0-empty.txt").write_bytes(b"")
    (tmp_path / "1-letter.txt").write_text(letter_text(PDF_AGENDA_978), encoding="utf-8")
    (tmp_path / "2-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "3-ansi.txt").write_bytes("geïnformeerd".encode("cp1252"))
    loaded, errors = load_sources(tmp_path)
    assert [s.name for s in loaded] == ["1-letter.txt"]
    assert [(e.source_file, e.kind) for e in errors] == [("0-empty.txt", "empty"), ("2-image.txt", "binary"), ("3-ansi.txt", "encoding")]


def test_record_errors_as_data_issues():
    tables = {"data_issues": [{"id": None, "letter_id": "kst-32317-948", "source_file": "x", "kind": "missing-date", "message": "m"}]}
    record_errors(tables, [SourceError("zz.txt", "empty", "is empty (0 bytes)"), SourceError("yy.txt", "duplicate", "is a copy")])
    assert tables["data_issues"][1:] == [
        {"id": None, "letter_id": None, "source_file": "zz.txt", "kind": "rejected-empty", "message": "is empty (0 bytes)"},
        {"id": None, "letter_id": None, "source_file": "yy.txt", "kind": "rejected-duplicate", "message": "is a copy"},
    ]


# --- is it a JBZ letter? -----------------------------------------------------


@pytest.mark.parametrize("name", FIVE)
def test_the_five_letters_are_jbz_letters(name):
    assert looks_like_jbz_letter(letter_text(name)) is None


def test_a_letter_from_the_official_web_site_is_one():
    page = as_official_web_page(letter_text(WORD_AGENDA_948))
    assert page.startswith("Kamerstuk 32317, nr. 948 | Overheid.nl")
    assert looks_like_jbz_letter(page) is None
    assert looks_truncated(page) is None


def test_the_agenda_alone_is_accepted():
    """A geannoteerde agenda sent as its own file, without the cover letter."""
    text = letter_text(WORD_AGENDA_948)
    agenda = text[text.index("Geannoteerde agenda van de bijeenkomst") :]
    assert looks_like_jbz_letter(agenda) is None


@pytest.mark.parametrize(
    "case, says",
    [
        ("schriftelijk overleg", "'verslag van een schriftelijk overleg …'"),
        ("commissiedebat", "'verslag van een commissiedebat …'"),
        ("motie", "'motie van …'"),
        ("lijst van vragen", "'lijst van vragen …'"),
        ("news", "too few marks of a government letter"),
        ("recipe", "does not mention the JBZ-Raad"),
        ("english", "does not mention the JBZ-Raad"),
        ("other council", "only in passing"),
    ],
)
def test_other_texts_are_not_jbz_letters(case, says):
    reason = looks_like_jbz_letter(NOT_LETTERS[case])
    assert reason is not None and says in reason


def test_committee_report_without_its_title_line():
    body = NOT_LETTERS["schriftelijk overleg"].replace("Nr. 950 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n", "")
    assert "committee document ('Vastgesteld 10 juni 2025')" in looks_like_jbz_letter(body)


def test_links_to_other_documents_above_the_letter_do_not_count():
    page = as_official_web_page(letter_text(WORD_AGENDA_948)).replace(
        "Zoeken\n", "Zoeken\nGerelateerde documenten\nVerslag van een schriftelijk overleg over de JBZ-Raad van 12 en 13 juni 2025\n"
    )
    assert "Verslag van een schriftelijk overleg" in page
    assert looks_like_jbz_letter(page) is None


def test_committee_report_quoting_a_letter_title_is_still_refused():
    body = NOT_LETTERS["schriftelijk overleg"].replace(
        "Vastgesteld 10 juni 2025\n", "Vastgesteld 10 juni 2025\nBrief van de minister van Justitie en Veiligheid van 28 mei 2025\n"
    )
    assert "committee document" in looks_like_jbz_letter(body)


def test_a_letter_that_mentions_a_committee_report_is_still_a_letter():
    text = letter_text(WORD_VERSLAG_NO_HEADER).replace(
        "Hierbij bieden wij",
        "In het verslag van een schriftelijk overleg heeft de vaste commissie voor Justitie en Veiligheid heeft vragen gesteld.\n\nHierbij bieden wij",
    )
    assert looks_like_jbz_letter(text) is None


# --- is it whole? ------------------------------------------------------------


@pytest.mark.parametrize("name", FIVE)
def test_the_five_letters_are_whole(name):
    assert looks_truncated(letter_text(name)) is None


@pytest.mark.parametrize("name", FIVE)
@pytest.mark.parametrize(
    "debris",
    [
        "\n\n\n\n",
        "   \n \t\n",
        "\f\n",
        "\n\f\n  12  \n\n",
        "\n\nPagina 12 van 12\n",
        "\n 23 \n\f",
        "\n\n________________\n\n",
        "\n- 9 -\n",
        # the official edition's running head and first-page foot
        "\n\nTweede Kamer, vergaderjaar 2024–2025, 32 317, nr. 948 12\n",
        "\n\nEerste Kamer, vergaderjaar 2025–2026, 32 317, QF 9\n",
        "\n\nkst-32317-948 ISSN 0921 - 7371 ’s-Gravenhage 2025\n",
    ],
)
def test_trailing_debris_is_no_cut(name, debris):
    assert looks_truncated(letter_text(name).rstrip() + debris) is None


@pytest.mark.parametrize("name", FIVE)
def test_windows_line_ends_are_no_cut(name):
    text = letter_text(name).replace("\n", "\r\n")
    assert looks_like_jbz_letter(text) is None and looks_truncated(text) is None


@pytest.mark.parametrize("name", FIVE)
@pytest.mark.parametrize("share", [0.4, 0.7])
def test_cut_letters_are_truncated(name, share):
    reason = looks_truncated(cut(letter_text(name), share))
    assert reason is not None and "cut off" in reason


def _exports(name: str) -> dict[str, str]:
    from jbz.parse import parse_text

    text = letter_text(name)
    word = text if "[footnoteRef:" in text else word_from_records(parse_text(text))
    return {"pdf": to_pdf(word), "markdown": to_markdown(word), "web": to_web(word), "official web page": as_official_web_page(word)}


@pytest.mark.parametrize("name", FIVE)
def test_every_export_of_a_letter_is_whole_and_its_cuts_are_seen(name):
    """The letter re-exported as PDF text, Markdown and web copies: whole, it
    passes; cut at 5%, 10% … 95%, nearly every cut is seen (on all five
    letters 373 of 380 when measured; most misses end on a finished sentence)."""
    for fmt, text in _exports(name).items():
        assert looks_like_jbz_letter(text) is None, fmt
        assert looks_truncated(text) is None, fmt
        seen = sum(looks_truncated(cut(text, pct / 100)) is not None for pct in range(5, 100, 5))
        assert seen >= 16, (fmt, seen)


@pytest.mark.parametrize("name", FIVE)
def test_every_export_of_a_letter_passes_every_check(name):
    """Whole, each export is accepted by all the checks the build runs (one
    letter, footnote markers and texts matched, no junk, coverage), not only
    by the cut-off check: e.g. Markdown's adjacent markers ¹² read as notes
    1 and 2 at the start of a letter, as note 12 after note 11."""
    from jbz.pipeline import parse_source

    for fmt, text in _exports(name).items():
        data = text.encode("utf-8")
        records = parse_source(Source(Path(name), name, data, text, hashlib.sha256(data).hexdigest()))
        assert records["letters"][0]["coverage"] >= 0.99, fmt


def test_share_of_cuts_detected():
    """Each letter cut at 5%, 10% … 95% of its length: 93 of the 95 cuts are
    seen. The two missed end on a finished sentence ("… kunnen steunen.") or
    a heading-like line of an attachment ("THE MINISTRY")."""
    missed = []
    for name in FIVE:
        text = letter_text(name)
        missed += [(name, pct) for pct in range(5, 100, 5) if looks_truncated(cut(text, pct / 100)) is None]
    assert len(missed) <= 2, missed


@pytest.mark.parametrize(
    "ending, says",
    [
        ("De Commissie gaf een toelichting op de stand van zaken en het kabinet steunt het voorstel van de", "mid-sentence"),
        ("Het kabinet steunt het voorstel van het Voorzitterschap om de samenwerking met derde landen te versterken en", "mid-sentence"),
        ("Het kabinet steunt het voorstel van het Voorzitterschap om de samenwerking met derde landen verder te versterk", "inside a paragraph"),
        ("De Commissie gaf een toelichting (zie bijlage", "inside brackets"),
        ("Tijdens de JBZ-Raad werd gesproken over de", "mid-sentence"),
        ("Het kabinet zal de presentatie aanhoren. De Commissie", "finished sentence inside an unfinished one"),
        ("Op dit moment zijn de directe gevolgen voor", "mid-sentence"),
        ("Daarnaast zal het Voorzitterschap", "start of a sentence"),
        ("Het Voo", "middle of a word"),
        ("Zie ook informatie over de maand van de implementatie in de m", "middle of a word"),
        ("H", "lone letter"),
        ("Tijde", "middle of a word"),
        ("7. Richtlijn corruptiebestrijding", "heading of an agenda item"),
        ("8.", "number of an agenda item"),
        ("[bookmark: _Hlk1904", "inside brackets"),
        ("Het kabinet zal het effectiever voorkomen en tegengaan van illegale grensoverschrijding e", "middle of a word"),
        ("Naar verwachting zal de C", "middle of a word"),
        # a word found nowhere else in the letter, whose ending no other word has
        ("Verschillende lidstaten benadrukten daarnaast het belang van de EU-rechtsstaatrapp", "middle of a word"),
        ("Ten aanzien van het Schengengebied", "start of a sentence"),
        ("Met EES wordt de wachtrij beheerst. Dit draagt concreet bij aan:", "ends on a colon"),
        ("- vergroten veiligheid door registratie van derdelanders;", "ends on a semicolon"),
        ("Dit draagt concreet bij aan:\n\nVergroten veiligheid in Nederland en het Schengengebied door registratie volgen",
         "first item of the list"),
    ],
)
def test_how_a_cut_reads(ending, says):
    text = letter_text(WORD_VERSLAG_NO_HEADER).rstrip() + "\n\n" + ending
    reason = looks_truncated(text)
    assert reason is not None and says in reason


@pytest.mark.parametrize(
    "ending",
    [
        "Het kabinet zal de presentatie aanhoren.",
        "Het kabinet zal de presentatie aanhoren.12",
        "Het kabinet vraagt: welke lidstaten doen mee?",
        "= Informatie van het Voorzitterschap",
        "De minister van Justitie en Veiligheid,\nD.M. van Weel",
        "Bart van den Brink\nMINISTER OF ASYLUM AND\nMIGRATION",
        "Naar boven\nOver deze site\nToegankelijkheid",
        "Zie https://www.consilium.europa.eu/nl/meetings/jha/2025/06/12-13/",
        "Totaal\t€ 21.050,00",
        # lone letters that are labels, numbers of Eerste Kamer documents or Roman figures
        "Zie de aanbeveling onder c",
        "Zie artikel 7 a",
        "Kamerstukken I 2025/26, 32317, nr. A",
        "Bijlage B",
        "Handelingen I",
        "De minister van Justitie en Veiligheid,\nI. Jansen",  # initials, not a part "I." of an agenda
        "Financiële gevolgen voor maatschappelijke sectoren\tgeen wijziging",  # a table row; "wijziging" is rare, "-ing" is not
        "De volgende stukken zijn bijgevoegd:\n\nNon-paper van Frankrijk",  # a short item after a colon
    ],
)
def test_true_endings(ending):
    text = letter_text(WORD_VERSLAG_NO_HEADER).rstrip() + "\n\n" + ending + "\n"
    assert looks_truncated(text) is None


@pytest.mark.parametrize("name", FIVE)
def test_cut_before_part_two(name):
    """Cut right after a finished paragraph at the end of part I of the
    agenda or report ("I. Justitie" … "II. Binnenlandse Zaken"): a part is
    numbered I only when a part II follows, so the cut is seen, in every
    export of the letter."""
    texts = {"as given": letter_text(name), **_exports(name)}
    for fmt, text in texts.items():
        at = next(m.start() for m in re.finditer(r"(?m)^[ \t#*_>]*II\.[ \t]+[A-Z]", text))
        head = text[:at].rstrip() + "\n"
        reason = looks_truncated(head)
        if fmt in ("web", "official web page"):
            assert reason is not None  # there its footnote texts, listed at the end, are gone too
            continue
        assert reason is not None and "stops inside part I" in reason and "no part II" in reason, (fmt, reason)
        assert looks_truncated(text) is None, fmt


@pytest.mark.parametrize("name", FIVE)
def test_a_signed_cover_letter_alone_is_whole(name):
    """The cover letter without its agenda or report (sent as its own file)
    ends on its signature; in PDF text the roles and names are one block
    ("De staatssecretaris …, A.C.L. Rutte"), which is no sentence cut off."""
    from jbz.recognise import _PART_HEADING

    texts = {"as given": letter_text(name), "pdf": _exports(name)["pdf"], "markdown": _exports(name)["markdown"]}
    for fmt, text in texts.items():
        cover = text[: _PART_HEADING.search(text).start()].rstrip() + "\n"
        assert looks_truncated(cover) is None, fmt


def test_parts_need_an_agenda_or_items():
    """"I." opens a part only under an agenda or report heading or before
    numbered items: a text with a line "I. Opmerkingen vooraf" alone is not
    judged by it."""
    text = letter_text(WORD_VERSLAG_NO_HEADER)
    part_two = text.index("II.  Justitie")
    assert "stops inside part I" in looks_truncated(text[:part_two])
    signature = text.index("De minister van Justitie en Veiligheid,")
    lone = text[:signature] + "I. Opmerkingen vooraf\n\nHet kabinet zal de informatie aanhoren.\n\n" + text[signature:text.index("Verslag van de bijeenkomst")]
    assert looks_truncated(lone) is None


def test_cut_before_the_signature():
    text = letter_text(PDF_AGENDA_978)
    head = text[: text.index("\nDe minister van Justitie en Veiligheid, \n")]
    assert head.rstrip().endswith("geïnformeerd worden.")  # a finished sentence, yet the letter is unsigned
    reason = looks_truncated(head)
    assert reason is not None and "signature" in reason


def test_cut_after_the_agenda_heading():
    text = letter_text(WORD_AGENDA_948)
    head = text[: text.index("Geannoteerde agenda van de bijeenkomst") + 120]
    reason = looks_truncated(head)
    assert reason is not None and "right after the heading" in reason


def test_cut_before_a_footnote_text():
    text = letter_text(WORD_AGENDA_948)
    head = text[: text.index("[20:")]
    assert head.rstrip().endswith("Koninkrijksrelaties.[footnoteRef:20]")
    assert "footnote 20" in looks_truncated(head)
    assert "inside brackets" in looks_truncated(head + "[20:  Kamerstuk 32317")


def test_strip_debris():
    assert strip_debris("tekst.\n\n 12 \n\f\nPagina 3 van 3\n \n") == "tekst."
    # a citation of the running head's form in a footnote has no page number: it stays
    note = "tekst.\n3 Tweede Kamer, vergaderjaar 2025–2026,\nTweede Kamer, vergaderjaar 2025–2026, 21 501-20, nr. 2306"
    assert strip_debris(note) == note
    assert strip_debris("1. Eerste punt\n2") == "1. Eerste punt"
