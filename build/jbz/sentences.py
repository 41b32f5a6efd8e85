"""Splitting Dutch letter text into sentences without breaking on the
abbreviations these letters are full of (nr., jl., a.s., c.s., o.a., D.M.)."""

from __future__ import annotations

import re
from functools import lru_cache

ABBREVIATIONS = {
    "nr", "jl", "j.l", "a.s", "c.s", "o.a", "e.d", "d.d", "i.v.m", "t.a.v", "m.b.t", "art", "blz", "bijv", "vgl", "zgn",
    "resp", "ca", "incl", "excl", "mr", "dhr", "mevr", "drs", "dr", "prof", "ir", "ing", "t.b.v", "i.h.k.v", "e.a", "n.a.v",
    "m.u.v", "o.b.v", "p", "etc", "mln", "mld", "nl", "st",
}
# A run of [.!?], closing quotes or brackets, whitespace, and the start of a sentence. The same matches as
# `[.!?]+["”’)]*\s+(?=…)` (finditer takes a run whole: a match never starts inside one), without its
# cost: the run's first mark is read before the check that no mark stands before it (so the engine is
# searched for the marks, not tried at every character), and the repeats give nothing back (none of
# what follows could take it), so a long run is read once, not once per mark in it.
_CANDIDATE = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+[\"”’)]*+\s++(?=[A-Z“‘\"(0-9])")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`."""
    return list(sentence_spans(text))


def forget() -> None:
    """Drop the kept sentences (called per letter, so only one letter's texts are held)."""
    sentence_spans.cache_clear()


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`split_sentences` as a tuple, kept for the texts asked again: citations,
    motions, footnote markers and positions each read the sentences of the
    same paragraphs."""
    spans = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        i = m.start()
        if text[i] == ".":  # only a full stop may end an abbreviation
            before = text[max(start, i - 40) : i].rsplit(None, 1)  # the word before: abbreviations are short (linear time)
            if before:
                last = before[-1].lower().rstrip(".")
                # initials without a full stop are one letter: most words need no regex
                if last in ABBREVIATIONS or ("." in last or len(last) == 1) and _INITIALS.fullmatch(last):
                    continue  # an abbreviation or initials ("D.M. van Weel")
        spans.append((start, m.end()))
        start = m.end()
    # every sentence before the last holds its closing mark; only the rest of the text may be blank
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return tuple(spans)


def sentence_at(text: str, pos: int) -> str:
    for s, e in split_sentences(text):
        if s <= pos < e:
            return text[s:e].strip()
    return text.strip()
