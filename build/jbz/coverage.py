"""The "nothing is lost" check: how much of a source's text the records hold.

Coverage is the share of the source's non-whitespace characters, markup
and footnote markers aside, found again in the letter's paragraphs and
footnotes. Words are compared as a multiset (order-free, so lifting a
footnote out of the body or joining a wrapped line costs nothing) and
punctuation is counted separately, so a hyphen joined into a compound or a
dropped page number shows up as a loss, not as a mismatch of whole words.
"""

from __future__ import annotations

import re
from collections import Counter

from .normalize import xml
from .normalize.common import SUPERSCRIPT_DIGITS
from .normalize.markdown import strip_inline

# Markup and markers that are not the letter's text.
_MARKERS = (
    re.compile(r"\[footnoteRef:\d+\]"),
    re.compile(r"\[bookmark: [^\[\]\n]*\]"),
    re.compile(r"(?<=\[)\d+:(?=[ \t\u00a0])"),  # the "N:" opening a Word footnote body
    re.compile(rf"[{SUPERSCRIPT_DIGITS}]+"),
    re.compile(r"\[\^\d+\]:?"),
)
_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")


def _strip_source(text: str, fmt: str, footnote_numbers: set[int]) -> str:
    if fmt == "xml":
        return xml.text_content(text)  # tags, attributes, metadata and footnote numbers are markup
    for pattern in _MARKERS:
        text = pattern.sub(" ", text)
    if fmt == "word":
        text = re.sub(r"[\[\]]", " ", text)  # the brackets around Word footnote bodies
    if fmt == "markdown":
        text = strip_inline(text)
    if fmt in ("pdf", "web") and footnote_numbers:
        # a footnote's own number at the start of its line, and markers glued to words
        numbers = "|".join(str(n) for n in sorted(footnote_numbers, reverse=True))
        text = re.sub(rf"(?m)^[ \t\f\v]*(?:{numbers})(?=\s)", " ", text)  # not \s*: blank lines would be rescanned per line
        text = re.sub(rf"(?<=[^\W\d_])(?:{numbers})+(?!\d)", " ", text)
        text = re.sub(rf"(?<=[.,;:)’”\"'])(?:{numbers})+(?=\s|$)", " ", text)
    return text


def _counts(text: str) -> tuple[Counter, Counter]:
    return Counter(_WORD.findall(text)), Counter(_PUNCT.findall(text))


def coverage(source_text: str, fmt: str, pieces: list[str], footnote_numbers: set[int]) -> float:
    """Share (0–1) of the source's characters found again in `pieces`."""
    src_words, src_punct = _counts(_strip_source(source_text, fmt, footnote_numbers))
    out_words, out_punct = _counts("\n".join(pieces))
    total = sum(len(w) * c for w, c in src_words.items()) + sum(src_punct.values())
    if not total:
        return 1.0
    found = sum(len(w) * min(c, out_words[w]) for w, c in src_words.items())
    found += sum(min(c, out_punct[p]) for p, c in src_punct.items())
    return found / total


def missing_words(source_text: str, fmt: str, pieces: list[str], footnote_numbers: set[int], limit: int = 20) -> list[str]:
    """The source words not found again (for debugging a low coverage)."""
    src_words, _ = _counts(_strip_source(source_text, fmt, footnote_numbers))
    out_words, _ = _counts("\n".join(pieces))
    lost = [(w, c - out_words[w]) for w, c in src_words.items() if c > out_words[w]]
    return [f"{w}×{n}" for w, n in sorted(lost, key=lambda x: -len(x[0]) * x[1])[:limit]]
