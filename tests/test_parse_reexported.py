"""The same letter parses the same whatever export it came in.

The two Word letters are re-exported as PDF text, Markdown and web-page text
(`reexport.py`) and must give the same letter fields, agenda items,
footnotes and signatories as the original: a guard against rules that only
work for the file they were written for.
"""

from __future__ import annotations

import pytest
from conftest import LETTERS, WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER
from reexport import to_markdown, to_pdf, to_web

from jbz.coverage import coverage
from jbz.normalize import detect_format
from jbz.parse import parse_text

FORMATS = {
    "pdf": to_pdf,
    # some PDF exports put no blank line between the text and the footnotes at the page bottom
    "pdf-tight": lambda text: to_pdf(text).replace("\n\n \n", "\n"),
    "markdown": to_markdown,
    "web": to_web,
}


def _summary(records):
    letter = records["letters"][0]
    return {
        "letter": {k: letter[k] for k in ("id", "kamer", "nummer", "letter_date", "doc_kind", "meeting_id", "title", "signatory_names")},
        "meeting": records["meetings"],
        "items": [(r["section"], r["number"], r["sub"], r["title"], r["decision_raw"], r["decision_type"]) for r in records["agenda_items"]],
        "footnotes": [(f["number"], f["text"]) for f in records["footnotes"]],
        "signatories": [(s["name"], s["role"]) for s in records["signatories"]],
    }


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", [WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER])
def test_reexported_letter_parses_the_same(parsed, name, fmt):
    text = FORMATS[fmt]((LETTERS / name).read_text(encoding="utf-8"))
    fmt = fmt.split("-")[0]
    assert detect_format(text) == fmt
    records = parse_text(text, source_file=name)
    assert _summary(records) == _summary(parsed[name])
    # every marker found, and the text is all there
    assert all(f["paragraph_id"] for f in records["footnotes"])
    pieces = [p["text"] for p in records["paragraphs"]] + [f["text"] for f in records["footnotes"]]
    pieces += [i["message"] for i in records["data_issues"] if i["kind"] == "web-chrome-removed"]  # the site's chrome, cut and recorded
    assert coverage(text, fmt, pieces, {f["number"] for f in records["footnotes"]}) >= 0.995


@pytest.mark.parametrize("fmt", ["word"] + sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(p.name for p in LETTERS.glob("*.txt")))
def test_every_letter_round_trips_through_every_format(parsed, name, fmt):
    """Each letter, written back out from its rows as a Word export and
    re-exported from there, parses to the same letter, items, footnotes and
    signatories: the PDF and Markdown letters pass through the Word and web
    normalisers this way, and the Word letters through PDF and Markdown."""
    from reexport import word_from_records

    word = word_from_records(parsed[name])
    text = word if fmt == "word" else FORMATS[fmt](word)
    records = parse_text(text, source_file=name)
    assert _summary(records) == _summary(parsed[name])
