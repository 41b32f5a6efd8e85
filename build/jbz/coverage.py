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
from itertools import filterfalse

from .normalize import xml
from .normalize.common import SUPERSCRIPT_DIGITS
from .normalize.markdown import strip_inline

# Markup and markers that are not the letter's text, each with what replaces it.
# Each pattern starts with a literal where it can, which the regex engine finds fast.
_MARKERS = (
    (re.compile(r"\[footnoteRef:\d+\]"), " "),
    (re.compile(r"\[bookmark: [^\[\]\n]*\]"), " "),
    (re.compile(r"\[\d+:(?=[ \t\u00a0])"), "[ "),  # the "N:" opening a Word footnote body (its "[" stays)
    (re.compile(rf"[{SUPERSCRIPT_DIGITS}]+"), " "),
    (re.compile(r"\[\^\d+\]:?"), " "),
)
_SUPERSCRIPT = _MARKERS[3][0]
_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")
_TOKEN = re.compile(r"\w+|[^\w\s]")  # a word or one punctuation mark: the two kinds never share a key


def _strip_source(text: str, fmt: str, footnote_numbers: set[int]) -> str:
    if fmt == "xml":
        return xml.text_content(text)  # tags, attributes, metadata and footnote numbers are markup
    bracket = "[" in text  # every marker pattern but the superscripts opens with one (and none makes one)
    for pattern, replacement in _MARKERS:
        if pattern is not _SUPERSCRIPT and not bracket:
            continue
        if pattern is _SUPERSCRIPT:
            # each digit a space, not each run one space: the same chunks (all that coverage counts), and no step
            # after this one tells one space from several (each looks at most at the one character before or
            # after a mark). Ten quick replacements (each returns the text when it holds no such digit, as most
            # texts do) instead of a regex tried at every character.
            for digit in SUPERSCRIPT_DIGITS:
                text = text.replace(digit, " ")
            continue
        text = pattern.sub(replacement, text)
    if fmt == "word":
        text = re.sub(r"[\[\]]", " ", text)  # the brackets around Word footnote bodies
    if fmt == "markdown":
        text = strip_inline(text)
    if fmt in ("pdf", "web") and footnote_numbers:
        # a footnote's own number at the start of its line, and markers glued to words
        numbers = frozenset(map(str, footnote_numbers))
        # a "\n" put before the text makes its start a line's too, and is taken off after
        text = _NOTE_NUMBER_LINE.sub(lambda m: "\n " if m.group(1) in numbers else m.group(0), "\n" + text)[1:]
        text = _DIGIT_RUN.sub(_marker_runs(footnote_numbers), text)
    return text


# A line opening with a run of digits (after spaces, not line ends: not \s, or blank lines would be read again per
# line) and whitespace: a footnote's own number when the run is one (what `(?m)^[ \t\f\v]*(?:14|13|…|1)(?=\s)` took:
# a number followed by whitespace is the line's whole run). From the "\n" before the line, so the engine looks
# for line ends instead of trying every character; one pattern for every letter, not one made per letter.
_NOTE_NUMBER_LINE = re.compile(r"\n[ \t\f\v]*(\d+)(?=\s)")
_LETTER = re.compile(r"[^\W\d_]")
_MARK_BEFORE = frozenset(".,;:)’”\"'")
# A run of ASCII digits after a letter or one of _MARK_BEFORE: the only runs `_marker_runs` may replace. A run
# starts after a character that is no ASCII digit, so a match starts where a whole run starts and takes all of
# it; the check on the character before follows the first digit, so the engine tries only places holding one.
_DIGIT_RUN = re.compile(r"[0-9](?<=[^\W\d_][0-9]|[.,;:)’”\"'][0-9])[0-9]*")


def _marker_runs(footnote_numbers: set[int]):
    r"""A replacement for `re.sub` over runs of ASCII digits (`_DIGIT_RUN`: those after a letter or a mark; any
    other run stays as it is): a run that marks
    footnotes becomes a space, any other run stays. A marker run is glued to a
    letter ("migratie1", "Commissievoorstel1415") and no other digit follows,
    or it follows punctuation and a space or the end follows ("Koekkoek.3 "),
    and it reads as footnote numbers one after another ("1415" = 14, 15).
    (The same as `(?<=[^\W\d_])(?:14|1|…)+(?!\d)` and then
    `(?<=[.,;:)’”"'])(?:14|1|…)+(?=\s|$)`, in one pass and without their
    backtracking, exponential over "111…10".)"""
    numbers = frozenset(str(n) for n in footnote_numbers)
    lengths = sorted({len(n) for n in numbers})

    def spelled(run: str) -> bool:
        reach = bytearray(len(run) + 1)  # reach[i]: run[:i] is numbers one after another
        reach[0] = 1
        for i in range(len(run)):
            if reach[i]:
                for n in lengths:
                    if i + n <= len(run) and run[i : i + n] in numbers:
                        reach[i + n] = 1
        return bool(reach[-1])

    def replace(m: re.Match) -> str:
        text, start, end = m.string, m.start(), m.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before and before.isdecimal():
            return m.group()  # the end of a longer run of digits (one of them not ASCII)
        glued = bool(before) and _LETTER.match(before) is not None and not after.isdecimal()
        marked = before in _MARK_BEFORE and (not after or after.isspace())
        return " " if (glued or marked) and spelled(m.group()) else m.group()

    return replace


def _counts(text: str) -> tuple[Counter, Counter]:
    return Counter(_WORD.findall(text)), Counter(_PUNCT.findall(text))


def coverage(source_text: str, fmt: str, pieces: list[str], footnote_numbers: set[int]) -> float:
    """Share (0–1) of the source's characters found again in `pieces`."""
    # Tokens (a word or one punctuation mark) never hold whitespace, so a text's tokens are those of its
    # whitespace-separated chunks, and a chunk found as often in the records as in the source is found
    # whole: its characters count for both sums. Only the chunks found more or less often (a word
    # joined at a hyphen, a lifted marker, a dropped page number) are cut into tokens and compared
    # as before, which gives the same two sums as cutting the whole texts (str.split and the regex's
    # \s agree on what whitespace is).
    source = _strip_source(source_text, fmt, footnote_numbers)
    total = found = 0
    if fmt != "pdf":  # one paragraph a line (a PDF's lines are wrapped: seldom a whole paragraph)
        source, pieces, total = _without_whole_lines(source, pieces)
        found = total
    source, out, taken = _without_shared_sentences(source, pieces)
    total += taken
    found += taken
    src_chunks = Counter(source)
    out_chunks = Counter(out)
    src_rest: list[str] = []
    for chunk, c in src_chunks.items():
        size = len(chunk) * c
        total += size
        o = out_chunks.pop(chunk, 0)
        if o >= c:
            found += size
        else:
            found += len(chunk) * o
            src_rest.extend([chunk] * (c - o))
        if o > c:
            out_chunks[chunk] = o - c
    if not total:
        return 1.0
    if src_rest:
        src = Counter(_TOKEN.findall(" ".join(src_rest)))
        out = Counter(_TOKEN.findall(" ".join(out_chunks.elements())))
        found += sum(len(t) * min(c, out[t]) for t, c in src.items())
    return found / total


def _without_shared_sentences(source: str, pieces: list[str]) -> tuple[list[str], list[str], int]:
    """The chunks of the source and of the pieces but for the sentences both
    hold as often, and the characters (whitespace aside) of those. Each side,
    its chunks one space apart and a space after the last, cut at ". ", gives
    parts that each stand for the chunks of the part and its "." (all but the
    last part, which stands for its own): a part found as often on both sides
    is one same multiset of chunks taken from both, which changes no sum (see
    `_without_whole_lines`). Most of a letter's sentences come through whole:
    some hundred parts are compared, in C, instead of ten thousand chunks."""
    spaced = " ".join(source.split())
    src_units = (spaced + " ").split(". ")
    out_units = (" ".join(pieces) + " ").split(". ")  # a piece spaced otherwise: its parts are only not taken
    src_tail, out_tail = src_units.pop(), out_units.pop()
    src_count, out_count = Counter(src_units), Counter(out_units)
    shared = src_count.keys() & out_count.keys()
    if len(src_count) < len(src_units) or len(out_count) < len(out_units):  # a part found more often on one side stays
        shared.difference_update([u for u, n in src_count.items() if n > 1 and out_count.get(u) != n])
        shared.difference_update([u for u, n in out_count.items() if n > 1 and src_count.get(u) != n])
    if not shared:
        return source.split(), "\n".join(pieces).split(), 0
    src_units = list(filterfalse(shared.__contains__, src_units))
    out_units = list(filterfalse(shared.__contains__, out_units))
    src_units.append(src_tail)
    out_units.append(out_tail)
    src_rest = ". ".join(src_units).split()
    # the characters taken: the source's (its chunks one space apart) but for those left
    taken = len(spaced) - spaced.count(" ") - sum(map(len, src_rest))
    return src_rest, ". ".join(out_units).split(), taken


def _without_whole_lines(source: str, pieces: list[str]) -> tuple[str, list[str], int]:
    """The source without its lines found whole as a piece, the pieces without
    those, and the characters (whitespace aside) of the lines taken out. A line
    and a piece that are the same text have the same chunks, so taking both out
    of the sums changes neither the chunks found nor those compared after
    (each sum gains what both lose), and most of a Word or Markdown export's
    lines are one paragraph each: the chunks are then counted for a few lines
    instead of for the whole text."""
    lines = source.splitlines()  # its line ends are whitespace: the lines' chunks are the text's
    whole = Counter(map(str.strip, lines)) & Counter(map(str.strip, pieces))
    whole.pop("", None)
    if not whole:
        return source, pieces, 0
    taken = sum(len("".join(line.split())) * n for line, n in whole.items())
    left = dict(whole)
    kept_lines = []
    for line in lines:
        key = line.strip()
        if left.get(key):
            left[key] -= 1
        else:
            kept_lines.append(line)
    left = dict(whole)
    kept_pieces = []
    for piece in pieces:
        key = piece.strip()
        if left.get(key):
            left[key] -= 1
        else:
            kept_pieces.append(piece)
    return "\n".join(kept_lines), kept_pieces, taken


def missing_words(source_text: str, fmt: str, pieces: list[str], footnote_numbers: set[int], limit: int = 20) -> list[str]:
    """The source words not found again (for debugging a low coverage)."""
    src_words, _ = _counts(_strip_source(source_text, fmt, footnote_numbers))
    out_words, _ = _counts("\n".join(pieces))
    lost = [(w, c - out_words[w]) for w, c in src_words.items() if c > out_words[w]]
    return [f"{w}×{n}" for w, n in sorted(lost, key=lambda x: -len(x[0]) * x[1])[:limit]]
