"""Where each footnote marker stood in its paragraph.

Paragraph rows carry their text without footnote markers and footnote rows
only the paragraph they belong to; to know which *sentence* a footnote
belongs to (the motion named in it), we find the marker again in the
verbatim source (`letters.text`): `[footnoteRef:N]` (Word), superscript
digits or `[^N]` (Markdown), or digits glued to a word (PDF text:
"migratie1", "Commissievoorstel1415"). A candidate counts only if the words
just before it are found in the footnote's paragraph; the offset is where
they end. Pure: text in, offsets out; anything not found is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from .normalize.common import SUPERSCRIPT_DIGITS as SUPERSCRIPT

_TO_SUP = str.maketrans("0123456789", SUPERSCRIPT)
_EXPLICIT = re.compile(r"\[footnoteRef:\d+\]|\[\^\d+\]|\[bookmark:[^\[\]\n]*\]|[" + SUPERSCRIPT + "]+")
# what a glued marker may follow: a letter or closing punctuation (not a digit, a space or a hyphen)
_GLUE_BEFORE = re.compile(r"[^\W\d_]|[.,;:)\]’”'\"?!]")
# letters and digits before a marker that must be found in the paragraph; shorter
# ones for a marker near the paragraph's start, where the window holds the paragraph before
SNIPPETS = (30, 18, 10)
_LEADING_SPACE = re.compile(r"[^\S\n]*")
MAX_CANDIDATES = 60
MAX_SCANNED = 5000  # superscript runs looked at per footnote


_DIGITS = re.compile(r"\d+")
_ALNUM_RUN = re.compile(r"([^\W_]+)")  # letters and digits: exactly the characters str.isalnum() accepts


class _Positions:
    """Where the k-th letter or digit of a text stands (`self[k]`), read off
    its runs of letters and digits on demand instead of listed one by one."""

    __slots__ = ("_starts", "_counts")

    def __init__(self, pieces: list[str]) -> None:  # re.split with a group: gap, run, gap, run, …, gap
        lengths = list(map(len, pieces))
        self._starts = list(accumulate(lengths))[0:-1:2]  # each run starts where the gap before it ends
        self._counts = list(accumulate(lengths[1::2]))  # letters and digits up to the end of each run

    def __getitem__(self, k: int) -> int:
        run = bisect_right(self._counts, k)
        if k < 0 or run == len(self._counts):
            raise IndexError(k)
        return self._starts[run] + k - (self._counts[run - 1] if run else 0)


def _squeeze(text: str) -> tuple[str, _Positions]:
    """Letters and digits only, case-folded, with each one's index in `text`
    (case folding has no context: folding the joined runs is folding each character)."""
    pieces = _ALNUM_RUN.split(text)
    return "".join(pieces[1::2]).casefold(), _Positions(pieces)


def _squeezed(text: str) -> str:
    """`_squeeze(text)` without the indexes."""
    return "".join(_ALNUM_RUN.findall(text)).casefold()


def _kind(source: str) -> str:
    """How the source marks footnotes: 'word' ([footnoteRef:N] or [^N]), 'superscript' or 'glued' digits."""
    if "[footnoteRef:" in source or re.search(r"\[\^\d+\]", source):
        return "word"
    if any(c in source for c in SUPERSCRIPT):
        return "superscript"
    return "glued"


def _candidates(source: str, n: int, cursor: int, previous_end: int | None, kind: str | None = None):
    """Spans where the marker of footnote `n` may stand, from `cursor` on
    (`kind`: `_kind(source)`, when the caller keeps it)."""
    kind = kind or _kind(source)
    word = re.compile(rf"\[footnoteRef:{n}\]|\[\^{n}\]")
    if kind == "word":
        for m in word.finditer(source):
            yield m.start(), m.end()
        return
    sup = str(n).translate(_TO_SUP)
    if kind == "superscript":
        i = source.find(sup, cursor)
        line_start, text_start, seen = -1, 0, cursor  # the line of i, where its text starts (linear: each line read once)
        for _ in range(MAX_SCANNED):  # a run of thousands of superscripts is no marker text: stop looking
            if i == -1:
                break
            before = source[i - 1] if i else "\n"
            nl = source.rfind("\n", seen, i)
            if nl != -1 or line_start == -1:
                line_start = (nl if nl != -1 else source.rfind("\n", 0, i)) + 1
                text_start = _LEADING_SPACE.match(source, line_start).end()
            seen = i
            if (i == previous_end or before not in SUPERSCRIPT) and i > text_start:
                yield i, i + len(sup)
            i = source.find(sup, i + 1)
        return
    digits = str(n)
    if previous_end is not None and source.startswith(digits, previous_end):
        yield previous_end, previous_end + len(digits)
    # the digits first, then the check on the character before them ("12(?<!\d12)" checks what "(?<!\d)12"
    # does), so the engine looks for the digits as a fixed string instead of trying every place
    # (from `cursor` in the source, not in a copy of its rest: a run at `cursor` after a digit, which a copy's
    # start would let through, fails the check on the character before it below instead)
    for m in re.compile(rf"{digits}(?<!\d{digits})(?=\d*(?:[\s.,;:)]|$))").finditer(source, cursor):
        i = m.start()
        if i == 0 or not _GLUE_BEFORE.match(source[i - 1]):
            continue
        run = _DIGITS.match(source, i).group(0)  # at i, not on a copy of the rest of the source per candidate
        # "1415" is footnote 14 then 15: a glued run must be consecutive numbers from n on
        expected, k = "", n
        while len(expected) < len(run):
            expected += str(k)
            k += 1
        if expected == run:
            yield i, i + len(digits)


def _closing_marks(text: str) -> str:
    r"""The marks (neither letter, digit, `_` nor space) that end `text`, spaces
    after them aside: what `re.search(r"[^\w\s]*\s*$", text).group(0).strip()`
    gives, read back from the end instead of tried at every character."""
    rest = text.rstrip()
    i = len(rest)
    while i and not (rest[i - 1].isalnum() or rest[i - 1] == "_" or rest[i - 1].isspace()):
        i -= 1
    return rest[i:]


def _offset_in(paragraph: str, source: str, marker_start: int, found_spans: list[tuple[int, int]], after: int,
               squeezed_paragraph: tuple[str, _Positions] | None = None) -> int | None:
    """Offset in `paragraph` where the source text before the marker ends
    (`squeezed_paragraph`: `_squeeze(paragraph)`, when the caller keeps it)."""
    window_start = max(0, marker_start - 300)
    window = list(source[window_start:marker_start])
    for s, e in found_spans:  # earlier markers glued to the same words are not text
        for i in range(max(s, window_start), min(e, marker_start)):
            window[i - window_start] = " "
    clean = _EXPLICIT.sub(" ", "".join(window))
    before = _squeezed(clean)
    # punctuation between the last word and the marker ("dit.²") stands before it in the paragraph too
    tail = _closing_marks(clean)
    squeezed, index = squeezed_paragraph or _squeeze(paragraph)
    for length in SNIPPETS:
        snippet = before[-length:]
        if len(snippet) < length:
            continue
        j = squeezed.find(snippet)
        while j != -1:
            offset = index[j + len(snippet) - 1] + 1
            if offset >= after:
                return offset + len(tail) if tail and paragraph.startswith(tail, offset) else offset
            j = squeezed.find(snippet, j + 1)
    return None


def marker_offsets(source: str, paragraphs: list[dict], footnotes: list[dict]) -> dict[str, int]:
    """Footnote id → character offset in its paragraph's text where its marker stood."""
    from .normalize import xml  # the official XML: its footnotes are marked up, read them from the tree

    if xml.looks_like(source):
        source = xml.plain_text(source, markers=True)
    text_of = {p["id"]: p["text"] or "" for p in paragraphs}
    offsets: dict[str, int] = {}
    last_in_paragraph: dict[str, int] = {}
    found_spans: list[tuple[int, int]] = []
    cursor, previous_end = 0, None
    squeezed: dict[str, tuple[str, _Positions]] = {}  # each paragraph squeezed once, not once per candidate
    kind = _kind(source)  # once, not once per footnote
    for note in sorted(footnotes, key=lambda f: f.get("number") or 0):
        pid = note.get("paragraph_id")
        if pid not in text_of or not note.get("number"):
            continue
        for k, (s, e) in enumerate(_candidates(source, note["number"], cursor, previous_end, kind)):
            if k >= MAX_CANDIDATES:
                break
            if pid not in squeezed:
                squeezed[pid] = _squeeze(text_of[pid])
            offset = _offset_in(text_of[pid], source, s, found_spans, last_in_paragraph.get(pid, 0), squeezed[pid])
            if offset is not None:
                offsets[note["id"]] = offset
                last_in_paragraph[pid] = offset
                found_spans.append((s, e))
                cursor, previous_end = e, e
                break
    return offsets
