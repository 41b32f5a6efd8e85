"""Word-to-text exports: `[footnoteRef:N]` markers, `[N: text]` footnote
bodies wherever Word put them, `[bookmark: …]` noise, one paragraph a line."""

from __future__ import annotations

import re

from .common import Block, Normalized, clean_spaces

BOOKMARK = re.compile(r"\[bookmark: [^\[\]\n]*\]")  # never past another bracket: linear time
MARKER = re.compile(r"\[footnoteRef:(\d+)\]")
FOOTNOTE_OPEN = re.compile(r"\[(\d{1,6}):[ \t\u00a0]")


def looks_like(text: str) -> bool:
    return bool(MARKER.search(text) or BOOKMARK.search(text))


def closing_brackets(text: str) -> dict[int, int]:
    """Index of each `[` -> index of the `]` that closes it (balanced), in one
    pass; an unclosed `[` has no entry."""
    closes: dict[int, int] = {}
    stack: list[int] = []
    for m in re.finditer(r"[\[\]]", text):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            closes[stack.pop()] = m.start()
    return closes


def _lift_footnotes(text: str) -> tuple[str, dict[int, str]]:
    """Cut every `[N: …]` body out of the text; brackets inside are balanced.
    The closing brackets are found once for the whole text, so a run of
    unclosed openings ("[1: [1: …") costs linear time."""
    footnotes: dict[int, str] = {}
    out: list[str] = []
    pos = 0
    closes = closing_brackets(text) if "[" in text else {}
    for m in FOOTNOTE_OPEN.finditer(text):
        end = closes.get(m.start())
        if m.start() < pos or end is None:  # inside a body already cut, or unbalanced: not a footnote body
            continue
        number = int(m.group(1))
        footnotes[number] = clean_spaces(text[m.end() : end])
        out.append(text[pos : m.start()])
        pos = end + 1
    out.append(text[pos:])
    return "".join(out), footnotes


def normalize(text: str) -> Normalized:
    text = BOOKMARK.sub("", text)
    text, footnotes = _lift_footnotes(text)
    blocks: list[Block] = []
    gap = False
    for line in text.splitlines():
        if "[footnoteRef:" in line:  # the marker's fixed start: most lines hold none
            refs = [int(n) for n in MARKER.findall(line)]
            line = MARKER.sub("", line)
        else:
            refs = []
        line = clean_spaces(line)
        if not line:
            gap = True
            continue
        blocks.append(Block(text=line, refs=refs, gap_before=gap))
        gap = False
    problems = []
    referenced = {n for b in blocks for n in b.refs}
    for n in sorted(set(footnotes) - referenced):
        problems.append(("unresolved-footnote-marker", f"footnote {n} has no [footnoteRef:{n}] marker"))
    for n in sorted(referenced - set(footnotes)):
        problems.append(("missing-footnote-text", f"marker [footnoteRef:{n}] has no footnote text"))
    return Normalized(format="word", blocks=blocks, footnotes=footnotes, problems=problems)
