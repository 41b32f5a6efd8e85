"""Is a file one whole letter? Checks the pipeline runs around the parser.

A file is refused (with the reason, naming what was found where) when it
holds control characters, two letters, footnote markers without their
texts (or texts without markers), or when too little of its text ends up
in the records (coverage below 99 %). Typographic oddities that change no
word (no-break and other Unicode spaces, soft hyphens, zero-width
characters) are no reason to refuse: `reading_text` maps them away before
the text is checked and parsed; the letter's verbatim text is kept as is.
All pure functions of the text, linear time.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from . import prefilter
from .normalize import Normalized
from .normalize.plain import DATE_START

MIN_COVERAGE = 0.99

# Spaces other than the plain one (no-break, thin, figure, ideographic …).
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters that change no word: soft hyphen, zero-width space/joiners, word joiner, BOM, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
# C0 and C1 controls other than tab, line ends, form feed and vertical tab (which text exports use).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Line separators some exports use for line breaks.
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")
# The three kinds at once, each character with what `reading_text` puts in its place (one pass over the text).
_READING = re.compile("|".join(rx.pattern for rx in (_SPACES, _INVISIBLE, _LINE_SEPARATORS)))
_READ_AS = {
    **dict.fromkeys("\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))), " "),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff", ""),
    **dict.fromkeys("\u2028\u2029\x85", "\n"),
}
# A control character, the line separator U+0085 (NEL, a C1 code) aside.
_CONTROL_NOT_NEL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _holds(data: bytes, groups) -> bool:
    """Does the UTF-8 `data` hold one of the characters of `groups` (`prefilter.utf8_groups`)?"""
    return any(rx.search(data) is not None for rx in prefilter.utf8_present(data, groups))


_READING_UTF8 = prefilter.utf8_groups(_READ_AS)
_C0_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])  # the ASCII ones of _CONTROL_NOT_NEL
_C1_CONTROLS = prefilter.utf8_groups([*map(chr, range(0x80, 0x85)), *map(chr, range(0x86, 0xA0))])  # and the others


def reading_text(text: str) -> str:
    """The text as the parser reads it: Unicode spaces as plain spaces, soft
    hyphens and zero-width characters removed, Windows, old Mac and Unicode
    line separators as line ends. Words and line structure are unchanged."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return text
    # which of them the text holds (most: none or one, the no-break space), found in its UTF-8 by a few fast
    # searches; each then replaced by str.replace (one character by a text holding none of them: the same
    # as one pass of `_READING`), not by a regex reading every character and a call per match
    data = text.encode("utf-8", "surrogatepass")
    held: set[bytes] = set()
    for rx in prefilter.utf8_present(data, _READING_UTF8):
        held.update(rx.findall(data))
    for spelled in held:
        c = spelled.decode("utf-8")
        text = text.replace(c, _READ_AS[c])
    return text


def control_reason(text: str) -> str | None:
    """Why the text holds characters no letter holds (NUL, escape and other
    control characters), naming the first one and where it is."""
    # most texts hold none: the ASCII ones counted and the others looked for in the text's UTF-8 (fast
    # byte operations), before a regex reads the text to say which and where
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _C0_CONTROLS)) == len(data) and not _holds(data, _C1_CONTROLS):
        return None
    m = _CONTROL_NOT_NEL.search(text)  # NEL is a line end (see reading_text)
    if m is None:
        return None
    count = len(_CONTROL.findall(text))
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    what = "NUL" if m.group() == "\x00" else f"U+{ord(m.group()):04X}"
    return (
        f"holds {count} control character(s) ({what} at line {line}, column {column}): a damaged or binary file, "
        "not a clean text export; export the letter again"
    )


# Line-anchored marks a letter carries once: its addressee, its "Den Haag, <date>"
# line, and its agenda or report heading naming the Council.
_S = r"[ \t]*\n?[ \t]*"
_ADDRESSEE_LINE = re.compile(r"^[ \t#*_>]*Aan de Voorzitter van de (?:Tweede|Eerste) Kamer", re.M)
_DATE_LINE = re.compile(r"^[ \t#*_>]*Den Haag,?[ \t]+\d{1,2}(?:e|ste|de)?[ \t]+[a-z]{3,9}\.?[ \t]+\d{4}", re.M)
_HEADING_LINE = re.compile(
    r"^[ \t#*_>]*(?:Geannoteerde agenda|GEANNOTEERDE AGENDA|Verslag|VERSLAG)\b(?! van een| VAN EEN)[^.\n]{0,150}(?:\n[^.\n]{0,150}){0,2}?"
    r"(?:\bJBZ\b|Justitie en Binnenlandse Zaken|JUSTITIE EN BINNENLANDSE ZAKEN)",
    re.M,
)


# The cover sentence that opens a letter ("Hierbij bieden wij uw Kamer … aan", "Hierbij ontvangt u …"),
# at the start of a line: a letter has it once (a letter without an addressee or date line too).
_COVER_LINE = re.compile(r"^[ \t#*_>]*Hierbij[ \t]+(?:bied|bieden|zend|zenden|stuur|sturen|ontvangt)\b", re.M)


# The literal words each of those lines holds right after its start (a quick count before the regex).
_LINE_WORDS = {
    _ADDRESSEE_LINE: ("Aan de Voorzitter van de ",),
    _DATE_LINE: ("Den Haag",),
    _HEADING_LINE: ("Geannoteerde agenda", "GEANNOTEERDE AGENDA", "Verslag", "VERSLAG"),
    _COVER_LINE: ("Hierbij",),
}


def two_letters_reason(text: str) -> str | None:
    """Why the text reads as two letters in one file: its addressee, its
    "Den Haag, <datum>" line, its agenda/report heading or its opening
    sentence ("Hierbij bieden wij …") twice."""
    for what, rx in (("the addressee line ('Aan de Voorzitter …')", _ADDRESSEE_LINE),
                     ("the place and date line ('Den Haag, <datum>')", _DATE_LINE),
                     ("an agenda or report heading about the JBZ-Raad", _HEADING_LINE),
                     ("the opening sentence ('Hierbij bieden wij …')", _COVER_LINE)):
        # tried only at the lines holding one of the words each such line holds after its start (which reads the
        # text once per word, as counting the words first would: most letters hold one of them twice)
        found = prefilter.line_matches(rx, text, _LINE_WORDS[rx])
        if len(found) >= 2:
            lines = [text.count("\n", 0, m.start()) + 1 for m in found[:3]]
            return (
                f"holds {what} {len(found)} times (lines {', '.join(map(str, lines))}): two letters in one file? "
                "Save each letter in its own file"
            )
    return None


# A footnote number printed as plain digits glued to the word before it
# ("migratie6", "jl.6", "(2024).6", "2025.6"), as PDF and web-page text
# print markers: after three letters or two small ones (not "Q1", "G7"), a
# word of two or more and a punctuation mark (not "nr.6", "art.6"), a closing bracket
# or a year, not followed by a letter, digit, "%" or a decimal part.
# Fixed-width lookbehinds only: linear.
# the end of a sentence, just before a glued marker (searched in the four characters before it)
_SENTENCE_MARK = re.compile(r"(?:[^\W\d_]{2}[.;:!?][)”’\"']?|[^\W\d_][)”’\"'][.;:]?)\Z")
_DIGITS = re.compile(r"\d*")
_NOTE_LINE = re.compile(r"(\d{1,3})(?:\s|$)")  # a block that is a footnote text left in the body ("7 Zie …")
# A digit 1-9 glued after three letters, two lower-case letters, two letters and a mark, ")" and a mark, or
# a year and a mark; not after "nr.", "art.", "blz.", "par.". The first digit comes before the look-behinds,
# each of which reads it too ("[1-9](?<=[a-z]{2}[1-9])" checks what "(?<=[a-z]{2})[1-9]" checks), so the
# engine tries only places holding such a digit (a look-ahead first does not let it skip the others).
_GLUED_MARKER = re.compile(
    r"([1-9](?:(?<=[^\W\d_]{3}[1-9])|(?<=[a-z]{2}[1-9])|(?<=[^\W\d_]{2}[.,;:’”\"'][1-9])|(?<=\)[.,;:][1-9])|(?<=\d{4}[.,][1-9]))"
    r"(?<![Nn]r\.[1-9])(?<![Aa]rt\.[1-9])(?<!blz\.[1-9])(?<!par\.[1-9])\d{0,11})(?![\d%]|[^\W\d_]|[.,]\d)"
)


def _readings(run: str) -> list[list[int]]:
    """The footnote numbers a glued digit run may hold: itself, or
    consecutive numbers written together ("67" is 6 and 7, "1415" is 14 and
    15, "121314151617" is 12 to 17)."""
    out = [[int(run)]] if len(run) <= 3 else []
    for width in range(1, min(3, len(run) - 1) + 1):
        first = int(run[:width])
        numbers, spelled = [], ""
        while len(spelled) < len(run):
            numbers.append(first + len(numbers))
            spelled += str(numbers[-1])
        if spelled == run:
            out.append(numbers)
    return out


def _glued_markers_without_text(norm: Normalized, texts: set[int]) -> list[tuple[int, str]]:
    """Footnote markers of PDF and web-page text whose footnote text is gone.

    Their markers are digits glued to a word, and the normaliser takes such
    digits for a marker only when the footnote's text is there: a letter whose
    footnote 6 lost its text keeps `migratie6` in its body (and the notes
    after it, no longer lifted out, too). Looked for, in the order markers
    come: the numbers missing between the notes present (between the
    markers of the notes before and after), then the numbers after the last
    note (after its marker; at least two in a row when the letter has no
    footnote text at all, so a stray "fase1" is no marker), and any number
    glued to the end of a sentence ("non-paper.12 …": a marker, since no
    other number is written there). A number whose text stands unlifted in
    the body after its marker (a block "7 Zie …") is not missing."""
    blocks = norm.blocks
    at_of: dict[int, list[tuple[int, int]]] = {}  # number -> its glued places (block, offset), in order
    sentence_ends: list[tuple[list[list[int]], tuple[int, int]]] = []  # runs glued after a finished sentence
    for i, b in enumerate(blocks):
        for m in _GLUED_MARKER.finditer(b.text):
            readings = _readings(m.group(1))
            for reading in readings:
                for k, n in enumerate(reading):
                    at_of.setdefault(n, []).append((i, m.start() + k))
            if _SENTENCE_MARK.search(b.text[max(0, m.start() - 4): m.start()]) and b.text[m.end(): m.end() + 1] in ("", " "):
                sentence_ends.append((readings, (i, m.start())))
    for places in at_of.values():
        places.sort()
    block_of: dict[int, int] = {}
    for i, b in enumerate(blocks):
        for n in b.refs:
            block_of.setdefault(n, i)
    note_blocks: dict[int, list[int]] = {}  # number -> blocks that read as its footnote text left in the body
    for i, b in enumerate(blocks):
        m = _NOTE_LINE.match(b.text)
        if m and not DATE_START.match(b.text):
            note_blocks.setdefault(int(m.group(1)), []).append(i)

    def after(n: int, where: tuple[int, int], last_block: int) -> tuple[int, int] | None:
        """The first glued `n` after `where`, up to block `last_block`."""
        places = at_of.get(n, [])
        k = bisect.bisect_right(places, where)
        return places[k] if k < len(places) and places[k][0] <= last_block else None

    def text_missing(n: int, where: tuple[int, int]) -> bool:
        """No footnote text for `n` stands in the body after its marker."""
        return n not in texts and note_blocks.get(n, [-1])[-1] < where[0]

    def shown(where: tuple[int, int]) -> str:
        """The marker's digits and the 30 characters before them."""
        i, at = where
        text = blocks[i].text
        return text[max(0, at - 30): _DIGITS.match(text, at).end()].strip()

    found: list[tuple[int, str]] = []
    top = max(texts, default=0)
    for n in sorted(set(at_of) - texts):  # missing between the notes present
        if n >= top or len(found) >= 8:
            break
        lo = max((block_of[k] for k in range(max(1, n - 3), n) if k in block_of), default=0)
        hi = min((block_of[k] for k in range(n + 1, n + 4) if k in block_of), default=len(blocks) - 1)
        where = after(n, (lo, -1), hi)
        if where and text_missing(n, where):
            found.append((n, shown(where)))
    # after the last note: the following numbers, each glued after the one before
    run: list[tuple[int, tuple[int, int]]] = []
    where, n = (block_of.get(top, 0), -1), top + 1
    while len(run) < 50:
        where = after(n, where, len(blocks) - 1)
        if where is None:
            break
        run.append((n, where))
        n += 1
    if len(run) >= (1 if texts else 2):
        found += [(n, shown(where)) for n, where in run if text_missing(n, where)][: 8]
    # a marker glued to the end of a sentence ("non-paper.12 De …"), whichever numbers it holds
    for readings, where in sentence_ends:
        if len(found) >= 8:
            break
        missing = [next((n for n in reading if text_missing(n, where)), None) for reading in readings]
        if all(n is not None for n in missing) and missing[0] not in {n for n, _ in found}:
            found.append((missing[0], shown(where)))
    return sorted(found)


def footnote_reason(norm: Normalized) -> str | None:
    """Footnote markers without a footnote text, or (where markers are explicit:
    Word and Markdown) footnote texts without a marker. In PDF and web-page
    text, where a marker is digits glued to a word, also the markers left in
    the text whose footnote text is missing (see `_glued_markers_without_text`)."""
    refs = {n for b in norm.blocks for n in b.refs}
    texts = {n for n, t in norm.footnotes.items() if t and t.strip()}
    no_text = sorted(refs - texts)
    if not no_text and norm.format in ("pdf", "web"):
        glued = _glued_markers_without_text(norm, texts)
        if glued:
            shown = ", ".join(f"{n} in '…{where}'" for n, where in glued[:3]) + (" …" if len(glued) > 3 else "")
            return (
                f"has footnote markers without a footnote text (note {shown}): footnote texts are missing "
                "or are not where a footnote stands"
            )
    if no_text:
        shown = ", ".join(map(str, no_text[:8])) + (" …" if len(no_text) > 8 else "")
        return f"has footnote markers without a footnote text (note {shown}): footnote texts are missing"
    no_marker = sorted(texts - refs)
    if no_marker and norm.format in ("word", "markdown"):
        shown = ", ".join(map(str, no_marker[:8])) + (" …" if len(no_marker) > 8 else "")
        return f"has footnote texts without a marker in the text (note {shown}): footnote markers are missing"
    return None


LONG_WORD = 80  # characters of a "word" (a run without whitespace) that no language has
_RULE = re.compile(r"([-_=.·•…*~])\1*")  # a dotted or dashed rule: one punctuation mark repeated (a run of letters is junk)
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _few_letters(text: str, visible: int) -> bool:
    """Fewer than 40 % of the visible characters are letters. The ASCII
    letters, counted on the bytes, usually settle it; only when they fall
    short are all letters counted."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) - len(data.translate(None, _ASCII_LETTERS)) >= 0.4 * visible:
        return False
    return sum(map(len, _LETTERS.findall(text))) < 0.4 * visible


def _junk_in(text: str) -> int:
    """Characters of `text` that are no language: an 80+ character "word"
    that is no web address or rule, a long stretch with few letters, or a
    long stretch made mostly of a handful of words repeated."""
    if len(text) >= 500:
        visible = len(text) - text.count(" ")
        if _few_letters(text, visible):
            return len(text)
        words = text.lower().split()
        if len(words) >= 100 and _mostly_five_words(words):
            return len(text)  # Dutch prose: the five commonest words make ~25 % of a paragraph
        # the lower-case words stand where the words stand (no case maps to or from whitespace), none shorter
        # (only "İ" changes length, to two): when none reaches LONG_WORD, no word does
        longest = len(max(words, key=len, default=""))
    else:
        longest = len(text)
    if longest < LONG_WORD:
        return 0
    # str.split cuts at exactly the characters \s matches: its long pieces are what `(?<!\S)\S{80,}` finds,
    # read without trying the regex at every character; most texts have none (their longest, found in C, is shorter)
    words = text.split()
    if len(max(words, key=len, default="")) < LONG_WORD:
        return 0
    return sum(len(t) for t in words if len(t) >= LONG_WORD and "/" not in t and not _RULE.fullmatch(t))


def _mostly_five_words(words: list[str]) -> bool:
    """Do the five commonest words make 60 % or more of `words`? Each word
    beyond five distinct ones takes at least one place, which bounds the five
    from above without counting them (in prose far below 60 %); only where
    that bound reaches 60 % are the words counted."""
    distinct = len(set(words))
    if distinct > 5 and len(words) - (distinct - 5) < 0.6 * len(words):
        return False
    return sum(n for _, n in Counter(words).most_common(5)) >= 0.6 * len(words)


def junk_share(norm: Normalized) -> tuple[float, str]:
    """Share of the letter's text (paragraphs and footnotes) that is junk, and
    the start of the first junk piece."""
    pieces = [b.text for b in norm.blocks] + list(norm.footnotes.values())
    total = sum(len(p) for p in pieces) or 1
    junk, first = 0, ""
    for piece in pieces:
        n = _junk_in(piece)
        if n and not first:
            first = piece[:40]
        junk += n
    return junk / total, first


def junk_reason(norm: Normalized) -> str | None:
    """More than 1 % of the letter's text is junk (see `_junk_in`): the text
    the records would hold is not the letter's, whatever the coverage."""
    share, first = junk_share(norm)
    if share <= 1 - MIN_COVERAGE:
        return None
    return (
        f"only {(1 - share) * 100:.1f} % of its text reads as letter text (at least {MIN_COVERAGE * 100:.0f} % is needed; "
        f"junk such as '{first}…'): junk or a damaged export"
    )


def coverage_reason(coverage: float, missing: list[str] | None = None) -> str | None:
    """Too little of the source found again in paragraphs and footnotes."""
    if coverage >= MIN_COVERAGE:
        return None
    lost = f"; not found: {', '.join(missing[:6])}" if missing else ""
    return (
        f"only {coverage * 100:.1f} % of its text was recognised as letter text (at least {MIN_COVERAGE * 100:.0f} % "
        f"is needed){lost}: junk or a damaged export"
    )
