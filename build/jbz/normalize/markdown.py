"""Markdown exports: Unicode superscript footnote numbers, footnote lines at
page bottoms, `**bold**`/`*italic*`, `^{ste}`, links, HTML fragments."""

from __future__ import annotations

import html
import re

from .. import prefilter
from .common import SUPERSCRIPT_DIGITS, SUPERSCRIPT_TABLE, Block, Normalized, clean_spaces, join_continuations

# A marker run holds a few footnote numbers (¹⁴¹⁵); a longer run of
# superscript digits is text, not markers (and would overflow int()).
SUP = f"(?<![{SUPERSCRIPT_DIGITS}])[{SUPERSCRIPT_DIGITS}]{{1,12}}(?![{SUPERSCRIPT_DIGITS}])"
FOOTNOTE_LINE = re.compile(rf"^\s*({SUP})\s+(.*)$|^\s*\[\^(\d{{1,6}})\]:\s*(.*)$")
# SUP with its first digit read before the check on the character before it ("¹(?<!¹¹)" where SUP has
# "(?<!¹)¹"), so the engine tries only places holding a superscript digit or a "[" (the same matches)
MARKER = re.compile(rf"[{SUPERSCRIPT_DIGITS}](?<![{SUPERSCRIPT_DIGITS}][{SUPERSCRIPT_DIGITS}])[{SUPERSCRIPT_DIGITS}]{{0,11}}(?![{SUPERSCRIPT_DIGITS}])|\[\^(\d{{1,6}})\]")
_HEADING = re.compile(r"^#+\s*")
BULLET = re.compile(r"^\s*[-*+•]\s+")


_SUP_LINE = re.compile(rf"^[ \t]*{SUP}[ \t]+\S", re.M)
_MARKUP = re.compile(r"\*\*[^*\n]+\*\*|\^\{[^{}\n]*\}|^[ \t]*\[\^\d+\]:", re.M)


def looks_like(text: str) -> bool:
    # through the prefilter: neither pattern starts with a fixed character, and a text without
    # superscript digits, "**", "^{" or "[^" (a PDF or web page's text) need not be scanned
    return bool(prefilter.search(_SUP_LINE, text) or prefilter.search(_MARKUP, text))


# What `strip_inline` removes, in its order, each with what replaces it.
_INLINE = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"<(https?://[^<>\s]+)>", r"\1"),
    (r"\[([^\[\]]*)\]\(#?\)", r"\1"),
    (r"\[([^\[\]]*)\]\(([^()\s]+)\)", r"\1 (\2)"),
    (r"</?[a-zA-Z][^<>]*>", " "),
    (r"\^\{([^{}]*)\}", r"\1"),
    (r"\*\*|__", ""),
    # "*italic*" ("(?<![\w*])\*(?=\S)…"): the "*" read before the check on the character before it, so the
    # engine tries only places holding a "*"
    (r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1"),
))
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")  # last: "\*" is a star


def strip_inline(text: str) -> str:
    """Remove Markdown/HTML markup, keep the words.

    Linear time: a bracketed part never runs over its own opening character
    (no `[` inside `[…]`, no `<` inside `<…>`), so a line of 1 MB of `[` is read once,
    not once per `[`. Each step runs only on a text that holds its fixed
    characters (`jbz.prefilter`; most paragraphs hold no markup), tested on
    the text as the steps before it left it.
    """
    if "<" not in text and "[" not in text and "*" not in text and "^" not in text and "_" not in text and "\\" not in text and "&" not in text:
        return text  # what every step needs (and html.unescape's "&"): most paragraphs hold none of them
    for pattern, replacement in _INLINE:
        if prefilter.possible(pattern, text):
            text = pattern.sub(replacement, text)
    if "\\" in text:  # one test for the backslash, where the prefilter would test its 15 pairs
        text = _ESCAPED.sub(r"\1", text)
    return html.unescape(text)


def _split_paragraphs(text: str) -> list[tuple[list[str], bool]]:
    """Group lines into Markdown paragraphs: (lines, blank line before)."""
    paras: list[tuple[list[str], bool]] = []
    current: list[str] = []
    gap = False
    for line in text.splitlines():
        if not line.strip():
            if current:
                paras.append((current, gap))
                current = []
            gap = True
            continue
        starts_new = BULLET.match(line) or "\t" in line or line.lstrip().startswith(("<", "|", "#"))
        if current and starts_new:
            paras.append((current, gap))
            current, gap = [], False
        current.append(line)
        if "\t" in line or line.lstrip().startswith(("<", "|")):
            paras.append((current, gap))
            current, gap = [], False
    if current:
        paras.append((current, gap))
    return paras


def _marker_numbers(run: str, expected: list[int], following: int = 0, index: dict[int, int] | None = None,
                    seen: set[int] | None = None) -> list[int]:
    """A superscript run may hold several markers (¹⁴¹⁵ = 14, 15). Markers
    come in order, so the run is first read as the footnotes that come next
    (`following` on): after note 0, ¹² is notes 1 and 2, after note 11 it is 12.
    Otherwise the number itself if it has a footnote, else the first run of
    consecutive footnotes met nowhere before (`seen`) whose numbers spell it:
    after note 22, a ²³ whose footnote text is missing stays 23 (a marker
    without a text), not notes 2 and 3 again. `index` maps a footnote number
    to its place in `expected`; each run costs at most its own length squared."""
    digits = run.translate(SUPERSCRIPT_TABLE)
    number = int(digits)
    if index is None:
        index = {n: i for i, n in enumerate(expected)}

    def spelled_from(first: int) -> list[int] | None:
        acc, seq = "", []
        for n in expected[index[first]:index[first] + len(digits)]:
            if len(acc) >= len(digits) or (seq and n != seq[-1] + 1):
                break
            acc += str(n)
            seq.append(n)
        return seq if acc == digits else None

    if following in index and len(digits) > len(str(following)):
        seq = spelled_from(following)
        if seq:
            return seq
    if number in index or not expected:
        return [number]
    for k in range(1, len(digits)):  # the smallest first number wins
        if digits[0] != "0" and int(digits[:k]) in index:
            seq = spelled_from(int(digits[:k]))
            if seq and not (seen and any(n in seen for n in seq)):
                return seq
    return [number]


def normalize(text: str) -> Normalized:
    paras = _split_paragraphs(text)
    footnotes: dict[int, str] = {}
    body: list[tuple[str, bool, bool, bool, bool]] = []  # text, gap, after_zone, bullet, emphasis
    after_zone = False
    for lines, gap in paras:
        m = FOOTNOTE_LINE.match(lines[0])
        if m:
            number = int((m.group(1) or "").translate(SUPERSCRIPT_TABLE) or m.group(3))
            footnotes[number] = clean_spaces(strip_inline(" ".join([m.group(2) or m.group(4) or ""] + lines[1:])))
            after_zone = True
            continue
        raw = " ".join(line.strip() for line in lines)
        bullet = bool(BULLET.match(raw))
        if bullet:
            raw = BULLET.sub("", raw, count=1)
        stripped = raw.strip()
        emphasis = (stripped.startswith("**") and stripped.endswith("**")) or stripped.startswith("#")
        if raw.startswith("#"):
            raw = _HEADING.sub("", raw)
        body.append((raw, gap, after_zone, bullet, emphasis))
        after_zone = False

    expected = sorted(footnotes)
    index = {n: i for i, n in enumerate(expected)}
    blocks: list[Block] = []
    last = [0]  # the highest number met so far that has a footnote text
    seen: set[int] = set()
    for raw, gap, after_zone, bullet, emphasis in body:
        refs: list[int] = []

        def take(m: re.Match) -> str:
            if m.group(1):
                found = [int(m.group(1))]
            else:
                found = _marker_numbers(m.group(0), expected, last[0] + 1, index, seen)
            refs.extend(found)
            seen.update(found)
            last[0] = max([last[0]] + [n for n in found if n in index])
            return ""

        if prefilter.possible(MARKER, raw):  # most paragraphs hold no superscript digit and no "[^"
            raw = MARKER.sub(take, raw)
        line = clean_spaces(strip_inline(raw))
        if not line:
            continue
        blocks.append(Block(text=line, refs=refs, gap_before=gap, page_break_before=after_zone, bullet=bullet, emphasis=emphasis))
    blocks = join_continuations(blocks, lowercase_after_gap=True)
    problems = []
    referenced = {n for b in blocks for n in b.refs}
    for n in sorted(set(footnotes) - referenced):
        problems.append(("unresolved-footnote-marker", f"footnote {n} has no superscript marker in the text"))
    return Normalized(format="markdown", blocks=blocks, footnotes=footnotes, problems=problems)
