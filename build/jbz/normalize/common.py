"""The common representation every export format is normalised into."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Characters that end a sentence (or a clause that may end a paragraph).
TERMINAL = ".!?:;"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TABLE = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


# What may stand just before a footnote number glued to the text: a letter,
# or a letter or bracket and then punctuation ("migratie1", "Koekkoek.3",
# "(hierna: het HVV).4"), or a year and a full stop ("december 2023.25").
GLUED_AFTER = r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:)’”\"'])|(?<=\)[.,;:])|(?<=\d{4}[.,]))"
# A run of digits standing where GLUED_AFTER allows, as `(?=\d)` + GLUED_AFTER + `(\d+)(?!\d)` would find it: the
# first digit is read before the look-behinds (each of which reads it too), so the engine tries only places
# holding a digit (a look-ahead first does not let it skip the others).
_GLUED_RUN = re.compile(r"(\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_][.,;:)’”\"']\d)|(?<=\)[.,;:]\d)|(?<=\d{4}[.,]\d))\d*)(?!\d)")


@dataclass
class Block:
    """One logical line of the letter: a paragraph, heading or list item.

    `refs` are the footnote numbers whose markers stood in this block (the
    markers themselves are removed from `text`). `gap_before` says a blank
    line separated it from the previous block; `page_break_before` that a page
    break (or a lifted footnote zone) did.
    """

    text: str
    refs: list[int] = field(default_factory=list)
    gap_before: bool = False
    page_break_before: bool = False
    bullet: bool = False
    emphasis: bool = False  # the whole block was bold in the source (Markdown)
    # references the source marks with their target (official XML `extref`):
    # (start, end, soort, doc), offsets into `text`
    links: list[tuple[int, int, str, str]] = field(default_factory=list)


@dataclass
class Normalized:
    format: str
    blocks: list[Block]
    footnotes: dict[int, str]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)
    # what a structured source states outright (official XML: dossier, nummer,
    # kamer, vergaderjaar, title, date_iso); the parser uses it where the text says nothing
    meta: dict[str, str] = field(default_factory=dict)
    footnote_links: dict[int, list[tuple[int, int, str, str]]] = field(default_factory=dict)


_ASCII = frozenset(map(chr, range(128)))


def fold(text: str) -> str:
    """Lower case without accents ("Oekraïne" → "oekraine"), for keys and matching.

    NFKD splits an accented letter into letter and combining mark; the marks
    are dropped. Each distinct non-ASCII character is looked at once (not
    every character of the text), and ASCII text needs neither step."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    for c in set(text).difference(_ASCII):
        if unicodedata.combining(c):
            text = text.replace(c, "")
    return text.lower()


def clean_spaces(text: str) -> str:
    """Collapse runs of whitespace (incl. no-break spaces) to one space.

    `str.split()` splits on exactly the characters `\\s` matches (no-break
    spaces among them), and is several times faster than a regex."""
    return " ".join(text.split())


_AFTER_SENTENCE = " *_”\"'’)"  # what may follow a sentence's end


def ends_sentence(text: str) -> bool:
    t = text.rstrip(_AFTER_SENTENCE)
    return bool(t) and t[-1] in TERMINAL


def starts_lower(text: str) -> bool:
    t = text.lstrip(" *_(“\"'‘")
    return bool(t) and t[0].islower()


_JOIN_MARKS = ("-", "–", "/")  # what a break may follow to be joined without a space
ITEM_START = re.compile(r"^\s*(\d{1,2}|[a-z])\s?[.)]")


def _glue(end: str, url: bool, right: str) -> str:
    """What goes between two pieces of a line broken by wrapping ('' or ' '),
    from the left piece's last two characters (`end`), whether its last word
    holds a web address (`url`) and the right piece (stripped). A hyphen at
    the break is a real hyphen (EU-\nreisapplicatie), joined without a space,
    except before a conjunction (asiel- en migratie)."""
    if end[-1:] not in _JOIN_MARKS and not url:
        return " "
    if end[-1:] in ("-", "–") and end[-2:-1].isdecimal() and right[:1].isdigit():  # r"\d[-–]$"
        return ""  # a date range broken after its dash: 13-\n14 oktober
    if end.endswith(("-", "/")) and right[:1].islower() and not re.match(r"(en|of|tot|t/m)\b", right):
        return ""
    first = right.split(None, 1)[0] if right else ""
    if url and end[-1:] not in ".,;:)" and not first.startswith(("http", "www.")) and (first[:1].islower() or first[:1].isdigit() or re.search(r"[/?=&%_]", first)):
        return ""  # a web address wrapped over two lines
    return " "


class Joined:
    """Stripped, non-empty pieces of lines broken by wrapping (or of blocks a
    page break cut), joined by `_glue`, in time linear in their length:
    joining each piece onto the growing text as a string copied and searched
    all of it for each piece, which on a paragraph or footnote of many
    thousand lines (hostile input) was quadratic."""

    __slots__ = ("parts", "end", "url", "length")

    def __init__(self, first: str):
        self.parts = [first]
        self.length = len(first)
        self.end = first[-2:]  # the text's last two characters
        self.url = "://" in first and "://" in first.rsplit(None, 1)[-1]  # whether the text's last word holds a web address

    def add(self, piece: str) -> None:
        end, url = self.end, self.url
        glue = " " if end[-1:] not in _JOIN_MARKS and not url else _glue(end, url, piece)  # most breaks: no dash, slash or address
        if glue and "://" not in piece:
            self.url = False  # the last word is the piece's, and holds no address
        else:
            word = piece.rsplit(None, 1)
            if len(word) > 1 or glue:  # the last word is the piece's
                self.url = "://" in word[-1]
            else:  # the piece goes on the text's last word
                self.url = url or "://" in end + piece[:2] or "://" in piece
        self.end = piece[-2:] if len(piece) > 1 else (end + glue + piece)[-2:]
        self.length += len(glue) + len(piece)
        self.parts.append(glue)
        self.parts.append(piece)

    def ends_sentence(self) -> bool:
        """`ends_sentence` of the text, from its last parts."""
        for part in reversed(self.parts):
            t = part.rstrip(_AFTER_SENTENCE)
            if t:
                return t[-1] in TERMINAL
        return False

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0]


def join_continuations(blocks: list[Block], lowercase_after_gap: bool = False) -> list[Block]:
    """Rejoin paragraphs a page break (or a lifted footnote zone) cut in two.

    A block continues the previous one when a page break separates them,
    the previous one does not end a sentence and is not a heading, and the
    block starts in lower case or the previous one is a long body paragraph.
    With `lowercase_after_gap`, an ordinary blank line followed by lower case
    also continues (Markdown converted from PDF keeps page breaks as blank
    lines).
    """
    out: list[Block] = []
    text: Joined | None = None  # the last block's text, joined with its continuations in linear time
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and not block.bullet and not prev.emphasis and not text.ends_sentence() and not ITEM_START.match(block.text):
            strong = block.page_break_before and (starts_lower(block.text) or text.length > 200)
            weak = lowercase_after_gap and block.gap_before and starts_lower(block.text)
            if strong or weak:
                text.add(block.text)
                prev.refs.extend(block.refs)
                continue
        if prev is not None:
            prev.text = text.text
        out.append(block)
        text = Joined(block.text)
    if out:
        out[-1].text = text.text
    return out


def resolve_glued_markers(blocks: list[Block], footnotes: dict[int, str], limits: dict[int, int] | None = None) -> list[tuple[str, str]]:
    """Find footnote markers printed as plain digits glued to a word.

    PDF text loses superscript, so footnote 1 appears as `migratie1` and
    footnotes 14 and 15 as `Commissievoorstel1415`. Markers are searched in
    numeric order from the previous marker on; a digit run counts only when
    it spells the expected number (or consecutive expected numbers), which
    keeps years and amounts out. `limits[n]` is the index of the last block
    that may hold marker n (the footnote's own page). The blocks come with
    their spaces cleaned (`clean_spaces`); a block a marker is taken from is
    cleaned again.
    """
    problems: list[tuple[str, str]] = []
    numbers = sorted(footnotes)
    cursor_block, cursor_pos = 0, 0
    changed: set[int] = set()
    pattern = _GLUED_RUN
    i = 0
    while i < len(numbers):
        n = numbers[i]
        found = False
        limit = len(blocks) - 1 if not limits else min(len(blocks) - 1, limits.get(n, len(blocks) - 1) + 1)
        b = cursor_block
        pos = cursor_pos
        while b <= limit and not found:
            text = blocks[b].text
            for m in pattern.finditer(text, pos):
                run = m.group(1)
                # How many consecutive expected numbers does the run spell?
                seq, k, acc = [], i, ""
                while k < len(numbers) and len(acc) < len(run):
                    acc += str(numbers[k])
                    seq.append(numbers[k])
                    k += 1
                    if acc == run:
                        break
                if acc != run or not run.startswith(str(n)):
                    continue
                after = text[m.end() : m.end() + 1]
                if after and after.isalpha():
                    continue
                if after == "%" or (after in ",." and text[m.end() + 1 : m.end() + 2].isdigit()):
                    continue
                blocks[b].text = text[: m.start()] + text[m.end() :]
                blocks[b].refs.extend(seq)
                changed.add(b)
                cursor_block, cursor_pos = b, m.start()
                i += len(seq)
                found = True
                break
            if not found:
                b += 1
                pos = 0
        if not found:
            problems.append(("unresolved-footnote-marker", f"no marker found in the text for footnote {n}"))
            i += 1
    for b in sorted(changed):  # the others are clean already
        blocks[b].text = clean_spaces(blocks[b].text)
    return problems
