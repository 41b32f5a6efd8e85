"""Rows of a letter, in a form to compare across input formats (used by test_xml.py)."""

from __future__ import annotations

import re

from jbz import enrich
from jbz.schema import table


def _ws(text):
    return re.sub(r"\s+", " ", text or "").strip()


def comparable(records: dict) -> dict:
    """Letter fields, meeting, agenda items, footnotes, citations, signatories
    and body paragraphs, texts modulo whitespace; a paragraph reference is
    compared by the paragraph's text, and the header (split over lines
    differently by each export) by its words."""
    records = enrich.enrich_letter(records)
    para_text = {p["id"]: _ws(p["text"]) for p in records["paragraphs"]}

    def cols(name, row, skip=()):
        out = {}
        for c in table(name).columns:
            if c.name in skip:
                continue
            v = row.get(c.name)
            if c.name == "paragraph_id":
                v = para_text.get(v)
            out[c.name] = _ws(v) if isinstance(v, str) else v
        return out

    letter = cols("letters", records["letters"][0], skip=("source_file", "source_sha256", "source_format", "coverage", "text"))
    header = " ".join(p["text"] for p in records["paragraphs"] if p["part"] == "header")
    body = [(p["part"], p["kind"], _ws(p["heading"]), _ws(p["text"]), p["agenda_item_id"])
            for p in records["paragraphs"] if p["part"] != "header"]
    return {
        "letter": letter,
        "meetings": [cols("meetings", m) for m in records["meetings"]],
        "agenda_items": [cols("agenda_items", r) for r in records["agenda_items"]],
        "footnotes": [cols("footnotes", r) for r in records["footnotes"]],
        "citations": [cols("citations", r) for r in records["citations"]],
        "signatories": [cols("signatories", r) for r in records["signatories"]],
        "header": re.sub(r"\s+", "", header),
        "body": body,
    }
