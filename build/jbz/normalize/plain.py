"""Plain-text exports: PDF text (hard-wrapped lines, page breaks, footnote
zones at page bottoms, markers glued to words) and text copied from web
pages (one paragraph a line, footnotes listed at the end)."""

from __future__ import annotations

import re

from ..dates import ABBREVIATIONS, MONTHS
from .common import GLUED_AFTER, Block, Joined, Normalized, clean_spaces, ends_sentence, join_continuations, resolve_glued_markers

FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})(?:\s+(\S.*))?$")
DATE_START = re.compile(r"^\s*\d{1,2}(\s*(en|-|–|t/m)\s*\d{1,2})?\s+(" + "|".join([*MONTHS, *ABBREVIATIONS]) + r")\b", re.I)
STRUCTURAL = re.compile(
    r"^\s*(\d{1,2}\s?\.\s|\(?[a-z]\s?[.)]+\s|[IVX]+\.\s|=|[-–•]\s|(De|Het)\s+(minister|staatssecretaris|Minister|Staatssecretaris)\b|Den Haag,|Aan de Voorzitter|https?://)"
)
PAGE_BREAK_BLANKS = 3
_NOTES_HEADING = re.compile(r"^\s*(?:Noten|Voetnoten|Eindnoten)\s*:?\s*$", re.I)


def looks_wrapped(text: str) -> bool:
    """Hard-wrapped PDF text: most lines stop short of ~100 characters."""
    lengths = sorted(filter(None, map(len, map(str.rstrip, text.splitlines()))))  # the lines that are not blank, in C
    if len(lengths) < 20:
        return False
    p95 = lengths[int(len(lengths) * 0.95)]
    return p95 <= 110 and lengths[len(lengths) // 2] >= 30


def _is_footnote_start(line: str, expected: int) -> re.Match | None:
    m = FOOTNOTE_START.match(line.rstrip())
    if not m or int(m.group(1)) != expected or DATE_START.match(line):
        return None
    return m


_NOTE_TEXT = re.compile(r"^\s*\d{1,3}\s+(?:[0-9A-Z“\"'‘(\[]|https?://)")


def _looks_like_note(line: str, following: str, body: list[tuple[str | None, bool]], expected: int) -> bool:
    """A footnote with no blank line before it: it must start like a sentence
    or a reference, and its marker must stand, glued to a word, in the text
    just above."""
    if line.strip().isdigit():
        line = f"{line.strip()} {following.strip()}"  # the number alone, its text on the next line
    if not _NOTE_TEXT.match(line):
        return False
    # the marker may be the first of several glued together ("…afgedaan.1415")
    marker = re.compile(GLUED_AFTER + f"({expected})")
    recent = [text for text, _ in body[-60:] if text]
    return any(marker.search(text) for text in recent)


def _continues_open_note(lines: list[str], i: int, note: list[str]) -> bool:
    """A short lower-case run just before a page break, while the last
    footnote stopped mid-sentence on a full line, is that footnote's rest."""
    last = note[-1].rstrip()
    if not last or ends_sentence(last) or last.endswith(")") or len(last) < 45:
        return False
    if not lines[i].lstrip()[:1].islower():
        return False
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    if j - i > 4:
        return False
    k = j
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k - j >= 2


def _lift_zones(lines: list[str]) -> tuple[list[tuple[str | None, bool]], dict[int, list[str]], dict[int, int]]:
    """Split lines into body lines and footnote zones.

    Returns the body as (line or None for blank, zone-before flag), the
    footnotes' lines, and for each footnote the number of body lines that
    preceded its zone (its marker stands before that point).
    """
    body: list[tuple[str | None, bool]] = []
    notes: dict[int, list[str]] = {}
    where: dict[int, int] = {}
    expected = 1
    i = 0
    prev_blank = True
    zone_before = False
    filled = 0  # body lines that are not blank
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            body.append((None, False))
            prev_blank = True
            i += 1
            continue
        if prev_blank and notes and _continues_open_note(lines, i, notes[expected - 1]):
            # the rest of a footnote that ran over onto the next page
            while i < len(lines) and lines[i].strip():
                notes[expected - 1].append(lines[i])
                i += 1
            zone_before = True
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # the cheap test first: most lines start no footnote (one opens with a digit, or with \s and then one)
        m = _is_footnote_start(line, expected) if line[0].isdecimal() or line[0].isspace() else None
        if m and not prev_blank and not _looks_like_note(line, following, body, expected):
            m = None
        if m and (m.group(2) or (i + 1 < len(lines) and lines[i + 1].strip())):
            # a footnote zone: numbered notes and their continuation lines
            current = expected
            notes[current] = [m.group(2) or ""]
            where[current] = filled
            expected += 1
            i += 1
            zone = [current]
            links: list[str] = []  # the page's link annotations, printed after its notes
            while i < len(lines):
                line = lines[i]
                if not line.strip():
                    j = i
                    while j < len(lines) and not lines[j].strip():
                        j += 1
                    gap_ok = j < len(lines) and (
                        (j - i == 1 and _is_footnote_start(lines[j], expected)) or (j - i <= 2 and lines[j].lstrip().startswith("http"))
                    )
                    if gap_ok:
                        if lines[j].lstrip().startswith("http"):
                            links.append("")  # from here on: link lines, placed once the zone is read
                        i = j
                        continue
                    break
                m = _is_footnote_start(line, expected)
                last = notes[current][-1].split()[-1:] if notes[current][-1].strip() else []
                if last and "://" in last[0] and len(line.split()) > 1 and not re.match(r"^\S*[/?=&%_.]\S*(?:\s+https?://\S+)*\s*$", line):
                    break  # a note ending in a URL continues only with the URL's rest (and more URLs)
                if m:
                    current = expected
                    notes[current] = [m.group(2) or ""]
                    where[current] = where[current - 1]
                    expected += 1
                    zone.append(current)
                    links = []
                elif (STRUCTURAL.match(line) or line[:1].isspace()) and not line.lstrip().startswith("http"):
                    break  # the next page's text, glued to the zone by the export
                elif links:
                    links.append(line)
                else:
                    notes[current].append(line)
                i += 1
            _place_links(notes, zone, [l for l in links if l])
            zone_before = True
            prev_blank = True
            continue
        body.append((line, zone_before))
        filled += 1
        zone_before = False
        prev_blank = bool(_NOTES_HEADING.match(line))  # "Noten" over the notes of a web page: the zone may start right under it
        i += 1
    return body, notes, where


_OWN_REFERENCE = re.compile(r"https?://|\bnr\.|\bCOM\s?\(|\bCELEX|\d{2,4}/\d{2,4}|\b\d{2}\s?\d{3}\b")


def _place_links(notes: dict[int, list[str]], zone: list[int], links: list[str]) -> None:
    """A PDF export prints the targets of a page's hyperlinks after its
    footnotes, once per line the link's text spans. Each target belongs to the
    note that prints it already, else to a note of the zone that has no
    reference of its own (a title that was the link), else to the last note."""
    squeezed = {n: re.sub(r"\s", "", "".join(notes[n])) for n in zone}
    bare = [n for n in zone if not _OWN_REFERENCE.search(" ".join(notes[n]))]
    for line in links:
        url = re.sub(r"\s", "", line)
        owner = next((n for n in zone if url and url in squeezed[n]), None)
        if owner is None:
            owner = bare[0] if len(bare) == 1 else zone[-1]
        notes[owner].append(line)


def _join_note(lines: list[str]) -> str:
    pieces = [t for t in map(str.strip, lines) if t]
    if not pieces:
        return ""
    text = Joined(pieces[0])
    for piece in pieces[1:]:
        text.add(piece)
    return clean_spaces(text.text)


def _wrap_width(body: list[tuple[str | None, bool]]) -> int:
    lengths = sorted(filter(None, map(len, map(str.rstrip, [t for t, _ in body if t]))))  # body lines are never blank
    return lengths[int(len(lengths) * 0.95)] if lengths else 80


def normalize(text: str, wrapped: bool | None = None) -> Normalized:
    if wrapped is None:
        wrapped = looks_wrapped(text)
    lines = text.splitlines()
    body, notes, where = _lift_zones(lines)
    width = _wrap_width(body)
    threshold = width - max(4, int(width * 0.12))

    # A body line joins the block before it when wrapping (not the author) broke the line before it: not
    # a structural line, and it starts in lower case after no sentence's end or would not have fit on the
    # line before; after one blank line also only when it starts in lower case and its block ends no sentence.
    blocks: list[Block] = []
    line_block: list[int] = []  # body line number -> block index
    last_line = ""
    blanks = 0
    structural = STRUCTURAL.match
    for entry, zone_before in body:
        if entry is None:
            blanks += 1
            continue
        line = entry.rstrip()
        joined = False
        if wrapped and blocks and not zone_before and blanks <= 1 and not structural(line):
            lower = line.lstrip()[:1].islower()
            # after a blank line only a wrapped heading with a stray blank line in it goes on
            if not blanks or (lower and not current.ends_sentence()):
                joined = (lower and not ends_sentence(last_line)) or len(last_line) + 1 + len(line.split(None, 1)[0]) > threshold
        if joined:
            current.add(line.lstrip())
        else:
            if blocks:
                blocks[-1].text = current.text
            current = Joined(line.strip())  # the new block's text, joined with its lines in linear time
            blocks.append(Block(text="", gap_before=blanks > 0, page_break_before=zone_before or blanks >= PAGE_BREAK_BLANKS))
        line_block.append(len(blocks) - 1)
        last_line = line
        blanks = 0
    if blocks:
        blocks[-1].text = current.text
    for block in blocks:
        block.text = clean_spaces(block.text)

    footnotes = {n: _join_note(ls) for n, ls in notes.items()}
    limits = {n: (line_block[count - 1] if count else 0) for n, count in where.items()}
    problems = resolve_glued_markers(blocks, footnotes, limits)
    blocks = join_continuations([b for b in blocks if b.text])
    return Normalized(format="pdf" if wrapped else "web", blocks=blocks, footnotes=footnotes, problems=problems)
