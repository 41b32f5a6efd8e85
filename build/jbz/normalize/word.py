"""Word-to-text exports: `[footnoteRef:N]` markers, `[N: text]` footnote
bodies wherever Word put them, `[bookmark: …]` noise, one paragraph a line."""

from __future__ import annotations

import re

from .common import Block, Normalized, clean_spaces

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
MARKER = re.compile(r"\[footnoteRef:(\d+)\]")
FOOTNOTE_OPEN = re.compile(r"\[(\d+):[ \t\u00a0]")


def looks_like(text: str) -> bool:
    return bool(MARKER.search(text) or BOOKMARK.search(text))


def _lift_footnotes(text: str) -> tuple[str, dict[int, str]]:
    """Cut every `[N: …]` body out of the text; brackets inside are balanced."""
    footnotes: dict[int, str] = {}
    out: list[str] = []
    pos = 0
    for m in FOOTNOTE_OPEN.finditer(text):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == "[":
                depth += 1
            elif text[i] == "]":
                depth -= 1
            i += 1
        if depth:  # unbalanced: not a footnote body
            continue
        number = int(m.group(1))
        footnotes[number] = clean_spaces(text[m.end() : i - 1])
        out.append(text[pos : m.start()])
        pos = i
    out.append(text[pos:])
    return "".join(out), footnotes


def normalize(text: str) -> Normalized:
    text = BOOKMARK.sub("", text)
    text, footnotes = _lift_footnotes(text)
    blocks: list[Block] = []
    gap = False
    for line in text.splitlines():
        refs = [int(n) for n in MARKER.findall(line)]
        line = clean_spaces(MARKER.sub("", line))
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
