"""Judging a letter's decoded text: is it a government letter about the
JBZ-Raad (`looks_like_jbz_letter`), and is it whole, not cut off
(`looks_truncated`)? Pure functions of the text, each giving the reason in
words or None; `jbz.sources` reads the files and `jbz.pipeline` runs these
before parsing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import prefilter

if TYPE_CHECKING:  # the parser's types, without importing the parser
    from .normalize import Normalized

# --- is it a JBZ letter? -----------------------------------------------------

_S = r"[\s\u00a0]+"  # any whitespace, a line break left by wrapping included
_ITEM_HEADING = re.compile(r"^[ \t]*(?:\d{1,2}|[a-z]|[IVX]{1,4})\s?[.)][ \t]+\S", re.M)
_COUNCIL = re.compile(rf"\bJBZ\b|Justitie{_S}en{_S}Binnenlandse{_S}Zaken", re.I)
# The document's own title line, as the official editions print it after "Nr. 948".
# (Each line's start read from the "\n" before it, in "\n" + the text: the engine looks for line ends, where a
# pattern opening with (?m)^ is tried at every character; nothing in it reaches back over its line's start.)
_DOC_TITLE = re.compile(
    r"\n[ \t#*>_]*(?:Nr\.?[ \t]*[\dA-Z]{1,5}[ \t]+)?[*_]*(?P<title>(?=(?-i:[A-Z]))(?:"
    r"brief van (?:de|het)\b"
    r"|verslag van een (?:schriftelijk overleg|commissiedebat|notaoverleg|algemeen overleg|wetgevingsoverleg|mondeling overleg"
    r"|rondetafelgesprek|technische briefing|werkbezoek|gesprek|openbare hoorzitting)"
    r"|(?:nader )?verslag houdende"
    r"|lijst van (?:feitelijke )?vragen"
    r"|(?:gewijzigde )?motie van\b|amendement van\b"
    r"|nota naar aanleiding van"
    r"))",
    re.I | re.M,
)
# Marks of a committee document (report, motion) rather than a government letter.
_COMMITTEE = (
    re.compile(r"^[ \t*_]*Vastgesteld[ \t]+\d{1,2}[ \t]+\w+[ \t]+\d{4}[ \t*_]*$", re.M | re.I),
    re.compile(r"^[ \t*_]*De (?:voorzitter|griffier|adjunct-griffier) van de (?:vaste |algemene )?commissie,?[ \t*_]*$", re.M | re.I),
    re.compile(r"^[ \t*_]*(?:Voorgesteld)[ \t]+\d{1,2}[ \t]+\w+[ \t]+\d{4}[ \t*_]*$", re.M | re.I),
    re.compile(rf"^[ \t*_]*De Kamer,{_S}gehoord de beraadslaging", re.M | re.I),
)
# One pass that finds a line any of them would find (they share the line start), before trying each
_ANY_COMMITTEE = re.compile(  # read from the "\n" before a line, as _DOC_TITLE
    r"\n[ \t*_]*(?:" + "|".join(rx.pattern.removeprefix(r"^[ \t*_]*") for rx in _COMMITTEE) + ")", re.M | re.I
)
assert all(rx.pattern.startswith(r"^[ \t*_]*") and rx.flags == _ANY_COMMITTEE.flags for rx in _COMMITTEE)
_ADDRESSEE = re.compile(rf"Aan{_S}de{_S}[Vv]oorzitter{_S}van{_S}de{_S}(?:Tweede|Eerste){_S}Kamer")
# "Den" first, its word boundary (\bDen) checked behind it: a pattern that opens with a
# literal is searched for that literal, not tried at every character
_DATE_LINE = re.compile(rf"Den(?<!\wDen){_S}Haag,?{_S}\d{{1,2}}(?:e|ste|de)?{_S}[a-z]{{3,9}}\.?{_S}\d{{4}}")
_HIERBIJ = re.compile(
    rf"\bHierbij{_S}(?:bied|bieden|ontvangt|zend|zenden|stuur|sturen|informeer|informeren|doe|doen|treft|geef|geven)", re.I
)
# A signature: "De minister van Justitie en Veiligheid," alone on its line (a
# wrapped role may take two lines; some exports drop the comma), then the signer's name.
_SIGNATURE = re.compile(
    r"^[ \t*_>]*(?:De|Het|DE|HET)[ \t]+(?i:minister(?:-president)?|staatssecretaris)\b[^\n.;:]{0,120}"
    r"(?:\n[^\n.;:]{1,80})?,?[ \t*_]*\n(?:[ \t*_]*\n){0,6}[ \t*_>]*"
    r"(?:(?:mr|dr|drs|ir|prof|ing)\.[ \t]*)*(?:[A-Z]\.|[A-Z][^\W\d_]+)",
    re.M,
)
_PART_HEADING = re.compile(
    rf"^[ \t#*_>]*(?-i:[GV])(?:eannoteerde{_S}agenda|erslag{_S}(?:van{_S}de{_S}|van{_S}het{_S})?(?:informele{_S})?"
    rf"(?:bijeenkomst|vergadering|JBZ|Raad|Europese{_S}Raad|ministeriële))",
    re.I | re.M,
)
_COUNCIL_NAME = rf"(?:\bJBZ\b|Justitie{_S}en{_S}Binnenlandse{_S}Zaken)"
# The Council named where a letter says what it is about: its opening sentence,
# its agenda or report heading, or the dossier header "32 317 JBZ-Raad".
_ABOUT_COUNCIL = (
    re.compile(rf"\bHierbij\b[^.]{{0,300}}?{_COUNCIL_NAME}", re.I),
    re.compile(rf"^[ \t#*_>]*(?-i:[GV])(?:eannoteerde{_S}agenda|erslag)\b[^.]{{0,150}}?{_COUNCIL_NAME}", re.I | re.M),
    re.compile(r"^[ \t#*_>]*32[ \u00a0]?317[\s*#_]+JBZ-Raad", re.M),
)


def _from_line_ends(rx: re.Pattern) -> re.Pattern:
    """A (?m)^ pattern read from the "\n" before a line, to search "\n" + the
    text for whether it matches at all (as _DOC_TITLE): the engine looks for
    line ends instead of trying every character. For patterns that reach no
    further back than their line's start (no look-behind)."""
    assert rx.pattern.startswith("^") and rx.flags & re.M and "(?<" not in rx.pattern, rx.pattern
    return re.compile("\n" + rx.pattern[1:], rx.flags)


# where only whether they match counts: letter_marks, looks_like_jbz_letter, looks_truncated
_SIGNATURE_LINE, _PART_HEADING_LINE = _from_line_ends(_SIGNATURE), _from_line_ends(_PART_HEADING)
_ABOUT_COUNCIL_LINES = (_ABOUT_COUNCIL[0], *map(_from_line_ends, _ABOUT_COUNCIL[1:]))


def _openings(text: str) -> list[re.Match | None]:
    """The first addressee, place and date, and "Hierbij" of the text (each None when it has none)."""
    return [_ADDRESSEE.search(text), _DATE_LINE.search(text), _HIERBIJ.search(text)]


def _doc_title(text: str, found: list[re.Match | None] | None = None) -> str | None:
    """The document's title ("brief van de", "verslag van een schriftelijk
    overleg" …), looked for only above the letter's opening (addressee,
    place and date, "Hierbij"; `found`: `_openings(text)`, when at hand), where official editions and web pages print
    it; the last one there, as links to other documents may come before it."""
    openings = [m.start() for m in (_openings(text) if found is None else found) if m]
    titles = list(_DOC_TITLE.finditer("\n" + text, 0, (min(openings) if openings else 5000) + 1))
    return re.sub(r"\s+", " ", titles[-1].group("title")).lower() if titles else None


def _unix(text: str) -> str:
    if "\r" not in text:  # one fast search, where two replacements would read the text twice
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_UNSET = object()


def letter_marks(text: str, opened: list[re.Match | None] | None = None, title: str | None | object = _UNSET) -> list[str]:
    """Which marks of a government letter the text carries. `opened`
    (`_openings(text)`) and `title` (`_doc_title(text)`): when the caller has them."""
    opened = _openings(text) if opened is None else opened
    found = [name for name, m in zip(("addressee", "place and date", "'Hierbij …'"), opened) if m]
    lines = "\n" + text  # for the patterns read from a line's end
    for name, rx in (("signature", _SIGNATURE_LINE), ("agenda or report heading", _PART_HEADING_LINE)):
        if rx.search(lines):
            found.append(name)
    if ((_doc_title(text, opened) if title is _UNSET else title) or "").startswith("brief van"):
        found.append("'Brief van de minister' title")
    return found


def _agenda_of_the_council(text: str) -> bool:
    """An agenda or report sent as its own file (the cover letter apart): a
    heading naming the JBZ-Raad and numbered items under it."""
    heading = _ABOUT_COUNCIL[1].search(text)
    return bool(heading) and len(_ITEM_HEADING.findall(text, heading.end())) >= 2


def looks_like_jbz_letter(text: str) -> str | None:
    """None when the text reads as a government letter about a JBZ Council
    (also when a web page's header and navigation surround it), else the
    reason it does not.

    A letter names the Council where it says what it is about (cover
    sentence, agenda or report heading, or dossier 32 317) and carries at
    least two marks of a letter: addressee, "Den Haag, <datum>", "Hierbij …",
    a minister's signature, an agenda or report heading. A committee's report,
    a list of questions or a motion (same dossier, same words) is refused by
    its own title line ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG") or by lines
    no government letter holds ("Vastgesteld <datum>", "De griffier van de
    commissie,", "De Kamer, gehoord de beraadslaging").
    """
    text = _unix(text[:400_000])
    if not _COUNCIL.search(text):
        return "does not mention the JBZ-Raad (Raad Justitie en Binnenlandse Zaken): not a JBZ letter"
    opened = _openings(text)
    title = _doc_title(text, opened)
    if title and not title.startswith("brief van"):
        return f"is a parliamentary document ('{title} …'), not a government letter about the JBZ-Raad"
    for rx in _COMMITTEE if _ANY_COMMITTEE.search("\n" + text) else ():  # no government letter holds these lines
        m = rx.search(text)
        if m:
            return f"reads as a committee document ('{m.group(0).strip(' *_')[:50]}'), not a government letter about the JBZ-Raad"
    marks = letter_marks(text, opened, title)
    if len(marks) < 2 and not _agenda_of_the_council(text):
        has = f"only: {marks[0]}" if marks else "none"
        return (
            "has too few marks of a government letter (addressee, 'Den Haag, <datum>', 'Hierbij …', signature, "
            f"agenda or report heading; {has}): not a JBZ letter"
        )
    if not (_ABOUT_COUNCIL_LINES[0].search(text) or any(rx.search("\n" + text) for rx in _ABOUT_COUNCIL_LINES[1:])):
        return "mentions the JBZ-Raad only in passing (not in its opening, headings or dossier number): not a letter about the JBZ-Raad"
    return None


# --- is it whole? ------------------------------------------------------------

# Trailing lines that are no content: page numbers, "Pagina 3 van 9", rules, form feeds.
# Matched against the line stripped of spaces and emphasis (see `_is_debris`),
# so no quantifier at the start has to be retried at every space of a long line.
_DEBRIS_LINE = re.compile(
    r"\d{1,3}|[-–][ \t]{0,3}\d{1,3}[ \t]{0,3}[-–]|(?:Pagina|Blad|Page)[ \t]{1,3}\d{1,4}(?:[ \t]{1,3}(?:van|of)[ \t]{1,3}\d{1,4})?"
    r"|\d{1,4}[ \t]{0,3}/[ \t]{0,3}\d{1,4}|[-_=.·•\u2014]{3,}|\[bookmark:[^\[\]\n]*\]"
    # the official edition's running head (with the page number) and its first page's foot, which PDF text may leave
    # at the end:
    # "Tweede Kamer, vergaderjaar 2024–2025, 32 317, nr. 948 3", "kst-32317-948 ISSN 0921 - 7371 ’s-Gravenhage 2025"
    r"|(?:Tweede|Eerste)[ \t]Kamer,[ \t]vergaderjaar[ \t]\d{4}[–-]\d{4},[ \t][\d \-A-Z]{2,20},[ \t](?:nr\.[ \t])?[\dA-Z]{1,6}"
    r"[ \t]{1,3}\d{1,3}"  # its page number: a citation of the same form in a footnote has none
    r"|kst-[\dA-Z-]{3,40}[ \t]{1,3}ISSN[ \t]\d{4}[ \t]?-[ \t]?\d{3}[\dX][ \t]{1,3}\S{0,3}s-Gravenhage[ \t]\d{4}",
    re.I,
)
_DEBRIS_SPACE = " \t\f\u00a0*_"
_CONNECTORS = frozenset(
    "de het een van en of in op te voor met aan dat die om tot naar bij door over is zijn wordt worden zal zullen "
    "als uit dan ook niet maar omdat wanneer waarin waarbij waarmee welke onder tussen tegen zoals the of and to".split()
)
_ARTICLES = frozenset("de het een the an".split())
# Words a lone small letter may follow at a text's end: it is a label ("onder c", "bijlage b", "a en b").
_LABEL_WORDS = frozenset(
    "bijlage bijlagen annex appendix onder sub lid punt letter optie variant categorie onderdeel paragraaf fase type "
    "deel scenario model niveau klasse groep pijler titel hoofdstuk artikel sectie plan nr no zie en of tot t/m and or".split()
)
# Words that open a sentence in these letters but hardly a heading, a name or a web page's footer.
_OPENERS = frozenset(
    "De Het Een Op In Tijdens Zoals Ook Daarnaast Dit Deze Er Onder Nederland Dat Die Bij Met Uit Om Verder Voorts "
    "Na Sinds Vanwege Door Wij Ik Hierbij Hierover Daarom Daarbij Momenteel Vervolgens Tevens Bovendien Volgens "
    "Indien Wanneer Naast Gezien Inmiddels Hiermee Daarmee Desondanks Echter Wel Niet Alle Veel Enkele Diverse "
    "Ten Hoewel Ondanks Gelet Hiertoe Daartoe Hierin Daarin Hiervoor Daarvoor".split()
)
_SENTENCE_END = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}[.!?]\s+[A-Z]")  # from word starts only: linear
_BARE_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[a-z]|[IVX]{1,4})\s?[.)]{1,2}$")
_WORD = re.compile(r"[^\W\d_]+")
_MARKED_SENTENCE_END = re.compile(r"[^\W\d_][.!?…][\"'”’)\]»]*\d{1,12}$")
# The first part of an agenda or report, numbered in Roman figures ("I. Justitie", "**I.  Binnenlandse Zaken**"):
# a short heading line. A part II is any line that opens with "II" (or "Il", as a misread PDF may have it; "II\." as
# Markdown may escape it) and a mark or a word, not "II, 2024-25" of a wrapped "Kamerstukken II" (lenient: a stray
# one only keeps the check quiet).
_PART_ONE = re.compile(r"^[ \t#*_>]*I[ \t]*[.)][ \t]+(?P<title>[^\W\d_][^\n]{0,80})$", re.M)
_PART_TWO = re.compile(r"^[ \t#*_>]*(?:II|Il|lI|ll)\\?[ \t]*(?:[.):\-–]|$|(?<=[ \t])[^\W\d_])", re.M)
_SURNAME = re.compile(r"[A-Z\u00c0-\u00de][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")  # "Rutte", "Faber-van", "Yeşilgöz-Zegerius", "D'Hondt"
_FIRST_ITEM = re.compile(r"^[ \t#*_>]*1[ \t]*[.)][ \t]+\S", re.M)


def _is_debris(line: str) -> bool:
    core = line.strip(_DEBRIS_SPACE)
    return not core or _DEBRIS_LINE.fullmatch(core) is not None


def strip_debris(text: str) -> str:
    """The text without trailing blank lines, page numbers and page-break debris.
    Read line by line from the end (only the last lines are looked at), not
    by cutting the whole text into lines."""
    text = text.rstrip()
    end = len(text)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        if not _is_debris(text[start:end]):
            return text[:end].rstrip()
        end = start - 1  # the line before: up to the "\n" ending it (-1: there is none)
    return ""


def _word_start(word: str) -> str:
    """A regex for `word` where no letter stands before it, the word first and
    the check on the character before it after it ("abc(?<![^\\W\\d_]abc)"
    reads what "(?<![^\\W\\d_])abc" reads), so the engine looks only at places
    holding its first letter instead of trying every character of the text."""
    w = re.escape(word)
    return rf"{w}(?<![^\W\d_]{w})"


def _is_fragment(word: str, text: str) -> bool:
    """A word cut in two: it stands nowhere else as a whole word, but other words start with it."""
    if len(word) > 20:
        return False
    low = _word_start(word.lower())
    wholes = re.finditer(rf"{low}(?![^\W\d_])", text, re.I)
    if next(wholes, None) is not None and next(wholes, None) is not None:
        return False  # stands twice as a whole word (no need to count the rest)
    return re.search(rf"{low}[^\W\d_]", text, re.I) is not None


def _is_unheard_of(word: str, text: str) -> bool:
    """A small-letter word no other word of the text resembles: it stands
    nowhere else, and no other word ends in its last three letters (a cut
    leaves "rechtsstaatrapp"; a real word's ending, "-ing", "-tie", "-ijt",
    recurs in a letter's other words)."""
    if len(word) < 4 or len(word) > 40 or not word.islower():
        return False
    low = word.lower()
    wholes = re.finditer(rf"{_word_start(low)}(?![^\W\d_])", text, re.I)
    if next(wholes, None) is not None and next(wholes, None) is not None:
        return False  # stands elsewhere too
    ending = re.escape(low[-3:])
    endings = re.finditer(rf"{ending}(?<=[^\W\d_]{ending})(?![^\W\d_])", text, re.I)  # after a letter
    return next(endings, None) is None or next(endings, None) is None  # only the word itself ends so


def _ending_reason(last: str, text: str) -> str | None:
    """Why the last block of a text cannot be the end of a letter, if it cannot.

    A paragraph ends on a finished sentence; a short line (a signer's name, a
    decision line, a table cell, a web page's footer) may end as it likes,
    unless it reads as the start of a sentence or of an agenda item.
    """
    last = last.strip().rstrip(" *_")
    tail = f"'…{last[-60:]}'"
    words = last.split()
    if not words:
        return None
    if _BARE_NUMBER.match(last):
        return f"ends on the number of an agenda item ({tail}) without its title: the file seems cut off"
    if len(last) == 1 and last.isalpha():
        return f"ends on a lone letter ({tail}): the file seems cut off"
    if len(last) <= 3 and last.isalpha() and not last.isupper() and _is_fragment(last, text):
        return f"ends in the middle of a word ({tail}): the file seems cut off"
    if len(words) == 1 and len(last) >= 3 and last not in _OPENERS and any(o.startswith(last) for o in _OPENERS):
        return f"ends in the middle of a word ({tail}): the file seems cut off"  # "Tijde" of a sentence opening "Tijdens"
    if last[-1] in ":;" and len(words) >= 2:
        what = "a colon" if last[-1] == ":" else "a semicolon"
        return f"ends on {what} ({tail}), so what it announces is missing: the file seems cut off"
    if len(words) >= 2 and len(words[-1]) == 1 and words[-1].isalpha() and (
        words[-1].islower() and words[-1] != "u" and words[-2].lower().strip(".,") not in _LABEL_WORDS
        and not any(c.isdigit() for c in words[-2])
        or words[-2].lower() in _ARTICLES
    ):  # "… grensoverschrijding e", "… zal de C"; not "onder c", "artikel 7 a", "nr. A", "Bijlage B", "… wij u"
        return f"ends in the middle of a word ({tail}): the file seems cut off"
    if re.search(r"[.!?;:…][\"'”’)\]»*_]*$", last) or last.startswith(("=", "-", "–")) or "://" in words[-1]:
        return None  # a finished sentence, a decision line ("= Instemming"), a web address
    if _MARKED_SENTENCE_END.search(last[-12:]):
        return None  # a finished sentence and the footnote marker glued to it (PDF text: "…relaties.20")
    if last.count("(") > last.count(")") or last.count("[") > last.count("]"):
        return f"ends inside brackets ({tail}): the file seems cut off"
    if words[-1].lower() in _CONNECTORS:
        return f"ends mid-sentence ({tail}): the file seems cut off"
    if len(last) > 100 or len(words) > 12:
        return f"ends inside a paragraph ({tail}): the file seems cut off"
    if _SENTENCE_END.search(last):
        return f"ends after a finished sentence inside an unfinished one ({tail}): the file seems cut off"
    final = _WORD.findall(words[-1])
    sentence_like = len(words) >= 3 or (len(words) == 2 and words[0] in _OPENERS)
    if sentence_like and final and words[-1].endswith(final[-1]) and (
        _is_fragment(final[-1], text) or len(words) >= 4 and _is_unheard_of(final[-1], text)
    ):
        return f"ends in the middle of a word ({tail}): the file seems cut off"
    if len(words) >= 3 and words[0] in _OPENERS:
        return f"ends on the start of a sentence ({tail}): the file seems cut off"
    if _ITEM_HEADING.match(last) and len(words) >= 2 and not _signed(last, text):
        return f"ends on the heading of an agenda item ({tail}) without its text: the file seems cut off"
    return None  # a heading-like line, a name, a table cell, a web page's footer


def _signed(last: str, text: str) -> bool:
    """Is `last`, at the end of `text`, a signer's name under a role ending in
    a comma ("De minister van …,", then "I. Jansen": initials, no item "I.")?"""
    tail = text.rstrip(" \t\n*_")[-(len(last) + 300):]
    at = tail.rfind(last)
    return at > 0 and tail[:at].rstrip(" \t\n*_").endswith(",")


def _ends_on_signature(text: str) -> bool:
    """Does the text end on a signature: a role ("De minister van Justitie en
    Veiligheid,") and under it the signer's name, ending in a surname (one
    signer under the other: the last one counts)? A letter may end so (a
    cover letter sent without its annex, a letter signed at its end)."""
    tail = text[-800:]
    last = None
    for last in _SIGNATURE.finditer(tail):
        pass
    if last is None:
        return False
    name = tail[tail.rfind("\n", 0, last.end()) + 1:].strip()  # the line the name starts on, to the end
    words = name.split()
    surname = words[-1] if words else ""
    return (
        "\n" not in name and len(name) <= 80 and len(surname) >= 3 and _SURNAME.fullmatch(surname) is not None
        and not _is_fragment(surname, text)  # "van We" of "van Weel", cut
    )


def _list_reason(blocks: list) -> str | None:
    """A sentence that announces a list with a colon ("Dit draagt bij aan:")
    followed, at the very end, by one item that stops without a full stop
    and in a small-letter word: a list is not left at an unfinished first
    item, so the file was cut inside it. (A short item, or one that ends in
    a name, a number or brackets, may be a label or a table cell: let be.)"""
    if len(blocks) < 2:
        return None
    intro, last = (b.text.strip().rstrip(" *_") for b in blocks)
    words = last.split()
    if not intro.endswith(":") or len(intro.split()) < 4 or len(words) < 8:
        return None
    if not words[-1].isalpha() or not words[-1].islower():
        return None
    return (
        f"ends on the first item of the list that '…{intro[-40:]}' announces, and that item stops without a full stop "
        f"('…{last[-60:]}'): the file seems cut off"
    )


def _parts_reason(text: str) -> str | None:
    """An agenda or report whose parts are numbered (I. Justitie, II.
    Binnenlandse Zaken) that stops inside part I: nobody numbers a lone part
    "I.", so a part II must follow. A line "I. …" counts as a part heading
    when it stands under the agenda or report heading or numbered items
    ("1. …") follow it, and the line before it does not end in a comma (a
    signer's role: "I. Jansen" is a name)."""
    last = None
    for m in prefilter.line_matches(_PART_ONE, text, ("I",)):  # tried only at lines holding an "I"
        before = text[max(0, m.start() - 300): m.start()].rstrip(" \t\n*_")  # a window: linear on many "I." lines
        if before.endswith(",") or m.group("title").rstrip(" *_").endswith((".", ",", ";")):
            continue  # a signer's initials after the role, or a sentence that happens to open with "I."
        last = m
    if last is None or _PART_TWO.search(text, last.end()):
        return None
    heading = _PART_HEADING.search(text, 0, last.start())
    if heading is None and _FIRST_ITEM.search(text, last.end()) is None:
        return None  # neither under an agenda or report heading nor followed by numbered items: no part of an agenda
    title = last.group(0).strip(" \t#*_>")
    return (
        f"stops inside part I of its agenda or report ('{title[:60]}'): there is no part II, "
        "yet a part is numbered I only when more parts follow; the file seems cut off"
    )


def _fewer_visible(text: str, start: int, n: int) -> bool:
    """Fewer than `n` non-space characters in `text[start:]`? A window of 4n
    characters holding n of them answers it without reading the rest (the
    heading the cut-off check asks about stands near a letter's top)."""
    if len("".join(text[start : start + 4 * n].split())) >= n:
        return False
    return len("".join(text[start:].split())) < n


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f]*\n")
_TAIL = 4000  # characters at a text's end in which its last paragraph break is looked for first


def _last_paragraph(text: str) -> str:
    """What follows the text's last paragraph break (`_PARAGRAPH_BREAK`), as
    `re.split(...)[-1]` gives it, whitespace at its start aside: read in the
    text's last characters when a break stands there (any whitespace between
    the break found there and the one `re.split` finds is the break's own)."""
    last = None
    for last in _PARAGRAPH_BREAK.finditer(text, max(0, len(text) - _TAIL)):
        pass
    if last is None and len(text) > _TAIL:
        return _PARAGRAPH_BREAK.split(text)[-1]
    return text[last.end():] if last is not None else text


def looks_truncated(text: str, norm: Normalized | None = None) -> str | None:
    """The reason a letter seems cut off, or None when it looks whole.

    What marks the true end of a letter: its last paragraph is finished (a
    sentence, or a short line such as a signer's name, a decision line, a
    table cell or a web page's footer; never a colon, a semicolon, a word cut
    short or the first item of a list a colon announced), its footnotes are
    all there, a letter that opens as a letter ("Aan de Voorzitter …",
    "Hierbij …") is signed, and an agenda or report whose parts are numbered
    has more than part I. Trailing blank lines and page debris do not count. The check
    reads the normalised text (jbz.normalize), so lifted footnote zones and
    hard-wrapped lines are judged as the parser will see them. `norm` is the
    text already normalised by the caller, so the pipeline normalises once.
    """
    from .normalize import normalize  # here, so reading files does not need the parser's code

    unix = _unix(text)
    text = strip_debris(unix)
    if not text.strip():
        return "holds no text"
    if norm is None or text != unix.rstrip():
        norm = normalize(text)  # the caller's normalised text has page debris at its end: judge it without
    if not norm.blocks:
        return "holds no paragraphs"
    if not _SIGNATURE_LINE.search("\n" + text) and (_ADDRESSEE.search(text) or _HIERBIJ.search(text[:20_000])):
        return "opens as a letter but stops before its signature ('De minister van …,' and a name): the file seems cut off"
    heading = _PART_HEADING.search(text)
    if heading is not None and _fewer_visible(text, heading.end(), 150):
        return f"stops right after the heading '{heading.group(0).strip(' #*_')}…': the file seems cut off"
    signed = _ends_on_signature(text)  # then the last block is the signature (one block in PDF text: "De minister …, F. van Oosten")
    reason = None if signed else _ending_reason(norm.blocks[-1].text, text) or _list_reason(norm.blocks[-2:])
    if reason:
        return reason
    refs = {n for b in norm.blocks for n in b.refs}
    missing = refs - {n for n, t in norm.footnotes.items() if t and t.strip()}
    if missing and min(missing) > max(set(norm.footnotes) - missing, default=0):
        return f"stops before the text of footnote {min(missing)}: the file seems cut off"
    # A cut inside a footnote zone or a Word field: normalising lifts it out, so judge the raw end too.
    raw_last = text.rsplit("\n", 1)[-1].strip().rstrip(" *_")
    if raw_last.count("[") > raw_last.count("]"):
        return f"ends inside brackets ('…{raw_last[-60:]}'): the file seems cut off"
    if signed:
        return None
    words = _last_paragraph(text).split()
    tail = f"'…{' '.join(words)[-60:]}'"
    if norm.format == "pdf" and words:
        # the last paragraph of a PDF text as printed (a footnote zone may have swallowed it, or it is the last footnote)
        reason = _ending_reason(" ".join(words[1:] if re.fullmatch(r"\d{1,3}", words[0]) else words), text)
        if reason:
            return reason
    if len(words) >= 3 and words[-1].lower() in _CONNECTORS:
        return f"ends mid-sentence ({tail}): the file seems cut off"
    if len(words) >= 3 and _WORD.fullmatch(words[-1]) and _is_fragment(words[-1], text):
        return f"ends in the middle of a word ({tail}): the file seems cut off"
    if len(words) >= 3 and words[-2].lower() in _ARTICLES and len(words[-1]) == 1 and words[-1].islower():
        return f"ends in the middle of a word ({tail}): the file seems cut off"  # "… over de m": no article stands before a lone letter
    return _parts_reason(text)
