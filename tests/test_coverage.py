"""Nothing is lost: every letter's text is found again in the records."""

from __future__ import annotations

import pytest
from conftest import LETTERS

from jbz.coverage import coverage


@pytest.mark.parametrize("name", sorted(p.name for p in LETTERS.glob("*.txt")))
def test_coverage_at_least_99_5_percent(letter_by_file, name):
    assert letter_by_file[name]["coverage"] >= 0.995


def test_source_kept_verbatim_with_its_hash(letter_by_file):
    import hashlib

    for name, letter in letter_by_file.items():
        data = (LETTERS / name).read_bytes()
        assert letter["text"] == data.decode("utf-8")
        assert letter["source_sha256"] == hashlib.sha256(data).hexdigest()


def test_the_measure_notices_a_lost_paragraph(parsed):
    name = "000_30e947b90ac3b314.txt"
    records = parsed[name]
    text = (LETTERS / name).read_text(encoding="utf-8")
    notes = {f["number"] for f in records["footnotes"]}
    paragraphs = [p["text"] for p in records["paragraphs"]]
    footnotes = [f["text"] for f in records["footnotes"]]
    whole = coverage(text, "word", paragraphs + footnotes, notes)
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    without = coverage(text, "word", paragraphs[:longest] + paragraphs[longest + 1 :] + footnotes, notes)
    assert whole == 1.0 and without < 0.995
    assert coverage(text, "word", paragraphs, notes) < whole  # footnotes count too


def _by_tokens(text: str, pieces: list[str]) -> float:
    """The measure as defined: tokens (a word or one punctuation mark) as multisets."""
    import re
    from collections import Counter

    token = re.compile(r"\w+|[^\w\s]")
    src, out = Counter(token.findall(text)), Counter(token.findall("\n".join(pieces)))
    total = sum(len(t) * c for t, c in src.items())
    return sum(len(t) * min(c, out[t]) for t, c in src.items()) / total if total else 1.0


@pytest.mark.parametrize(
    "text, pieces, expected",
    [
        ("Het kabinet steunt dit.", ["Het kabinet steunt dit."], 1.0),
        # "migratie-beleid" joined differently: a chunk not found whole, its tokens are
        ("migratie-beleid is goed", ["migratie -beleid is", "goed"], 1.0),
        # lost: the "." (1 of 8 characters outside whitespace)
        ("aa bb, cc.", ["aa bb, cc"], 7 / 8),
        # a chunk more often in the records than in the source counts once per source occurrence
        ("ja ja nee", ["ja ja ja ja"], 4 / 7),
        # the same tokens in other chunks: "(x)" in the source, "x" and "()" apart in the records ("y" lost)
        ("(x) en y", ["x () en"], 5 / 6),
        # whitespace that is not a space (no-break space, em space, \x1c) separates chunks like \s does
        ("a\u00a0b\u2003c\x1cd", ["a b c d"], 1.0),
        ("", ["iets"], 1.0),
        # lines found whole as a piece are taken out of both sides first; the rest as before
        ("a b.\nc d.\na b.", ["a b.", "c d.", "a b."], 1.0),
        ("a b.\n c d. \na b.", ["a b.", "a b.", "a b.", "c"], 8 / 9),
        ("a b.\r\n\u2028a  b.\n", ["a b.", "a b .", "a"], 1.0),
    ],
)
def test_coverage_by_chunks_is_the_token_measure(text, pieces, expected):
    assert coverage(text, "word", pieces, set()) == pytest.approx(expected)
    assert coverage(text, "word", pieces, set()) == _by_tokens(text, pieces)


def test_coverage_by_chunks_on_the_letters_with_paragraphs_left_out(parsed):
    for name, records in parsed.items():
        text = (LETTERS / name).read_text(encoding="utf-8")
        fmt = records["letters"][0]["source_format"]
        if fmt != "word":
            continue  # the markup-stripping differs per format; "word" strips only markers, which these sources keep out
        pieces = [p["text"] for p in records["paragraphs"]][::2] + [f["text"] for f in records["footnotes"]]
        from jbz.coverage import _strip_source

        stripped = _strip_source(text, fmt, {f["number"] for f in records["footnotes"]})
        assert coverage(text, fmt, pieces, {f["number"] for f in records["footnotes"]}) == _by_tokens(stripped, pieces) < 0.99


def test_a_footnote_s_own_number_at_a_line_start_is_markup():
    """In PDF or web text a footnote's number opening a line (after spaces or a
    tab, before whitespace) is not letter text; another number, or one glued to
    a word, is."""
    from jbz.coverage import _strip_source

    text = "1 Noot een\n 12\ttwee\n123 drie\n12x vier\n\n  1\n"
    assert _strip_source(text, "pdf", {1, 12}) == "  Noot een\n \ttwee\n123 drie\n12x vier\n\n \n"
    assert _strip_source(text, "web", {2}) == text
