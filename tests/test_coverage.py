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
