"""Splitting Dutch letter text into sentences without breaking on the
abbreviations these letters are full of (nr., jl., a.s., c.s., o.a., D.M.)."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "nr", "jl", "j.l", "a.s", "c.s", "o.a", "e.d", "d.d", "i.v.m", "t.a.v", "m.b.t", "art", "blz", "bijv", "vgl", "zgn",
    "resp", "ca", "incl", "excl", "mr", "dhr", "mevr", "drs", "dr", "prof", "ir", "ing", "t.b.v", "i.h.k.v", "e.a", "n.a.v",
    "m.u.v", "o.b.v", "p", "etc", "mln", "mld", "nl", "st",
}
_CANDIDATE = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-Z“‘\"(0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    spans = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        before = text[max(start, m.start() - 40) : m.start()].split()  # the word before: abbreviations are short (linear time)
        last = before[-1].lower().rstrip(".") if before else ""
        if m.group(0).startswith(".") and (last in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last)):
            continue  # an abbreviation or initials ("D.M. van Weel")
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentence_at(text: str, pos: int) -> str:
    for s, e in split_sentences(text):
        if s <= pos < e:
            return text[s:e].strip()
    return text.strip()
