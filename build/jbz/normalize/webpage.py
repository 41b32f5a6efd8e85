"""A letter copied from a web page (the Tweede Kamer's site, the official
publications site): the site's header, menus, document details, share
buttons and footer around the letter are cut off, and what was cut is
returned so the caller can record it (nothing is dropped unseen).

Where the letter starts: at its own first line as the official edition
prints it (the chamber's name followed by the parliamentary year or the
dossier, "Vergaderjaar …", the dossier line with "Nr." under it, "Nr. …
Brief van", the addressee, "Den Haag, <datum>" or "Hierbij …"), and only
when everything above it is short lines, as navigation is. Where it ends:
at a line that only site chrome holds ("Deel deze pagina", "Naar boven",
"Gerelateerde documenten" …), when at least two such lines follow the
letter and all lines from there on are short and no sentence.
Linear in the length of the text.
"""

from __future__ import annotations

import re

_CHAMBER = re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal$")
_YEAR = re.compile(r"^Vergaderjaar\s+\d{4}\s*[-–/]\s*\d{2,4}$")
_DOSSIER = re.compile(r"^\d{2}\s?\d{3}(?:[\s-]+[A-Z0-9]{1,5})?(?:\s+\S.*)?$")
_OPENING = re.compile(
    r"^(?:Nr\.\s*[\dA-Z]{1,5}\s+(?:Brief|BRIEF)\b|Aan de [Vv]oorzitter van de (?:Tweede|Eerste) Kamer|Den Haag,\s*\d|Hierbij\s)"
)
# Lines that only a web site's chrome holds (compared case-folded, trailing punctuation aside).
FOOTER_LINES = frozenset(
    s.casefold()
    for s in (
        "Deel deze pagina", "Delen", "Deel", "Delen op", "Naar boven", "Terug naar boven", "Naar de bovenkant",
        "Gerelateerde documenten", "Gerelateerde onderwerpen", "Gerelateerde informatie", "Gerelateerde items",
        "Over deze site", "Over deze website", "Over de Tweede Kamer", "Over de Eerste Kamer", "Over Overheid.nl",
        "Volg ons", "Volg de Kamer", "Service", "Contact", "Colofon", "Sitemap", "Toegankelijkheid", "Privacy",
        "Privacyverklaring", "Cookies", "Cookieverklaring", "Disclaimer", "Copyright", "Kwetsbaarheid melden",
        "Open data", "Nieuwsbrief", "RSS", "Print", "Printen", "Print deze pagina", "Download PDF", "Downloaden",
    )
)
SHORT = 120  # navigation lines are shorter than this
MAX_CHROME_LINES = 400


def _key(line: str) -> str:
    return line.strip().rstrip(" :>|»›").casefold()


def _start(lines: list[str], whole: bool = True) -> int | None:
    """Index of the letter's first line, 0 when the text does not start with chrome.
    With `whole` false, `lines` are only the text's first lines: None when
    they do not settle it (a line is judged with the three filled lines after it)."""
    filled = [i for i, line in enumerate(lines[:MAX_CHROME_LINES]) if line.strip()]
    for k, i in enumerate(filled):
        if not whole and k + 3 >= len(filled):
            return None
        line = lines[i].strip()
        if len(line) > SHORT:
            return 0  # a paragraph before any letter header: this is no page around a letter
        after = [lines[j].strip() for j in filled[k + 1 : k + 4]]
        starts = (
            (_CHAMBER.match(line) and any(_YEAR.match(a) or _DOSSIER.match(a) for a in after))
            or _YEAR.match(line)
            or (_DOSSIER.match(line) and any(a.startswith("Nr.") for a in after[:2]))
            or _OPENING.match(line)
        )
        if starts:
            return i if k > 0 else 0
    return 0 if whole else None


def _end(lines: list[str], start: int, whole: bool = True) -> int | None:
    """Index just past the letter's last line. With `whole` false, `lines`
    are only the text's last lines (`start` counted among them, so it may be
    below 0): None when they do not settle it."""
    end = len(lines)
    k = end - 1
    seen = chrome = 0
    while k > start and seen < MAX_CHROME_LINES:
        if k < 0:
            return None  # the lines before these are needed
        line = lines[k].strip()
        if line and (len(line) > SHORT or line[-1] in ".;!?"):
            break  # a sentence (a wrapped line of text, a footnote) is the letter's
        if _key(line) in FOOTER_LINES:
            end = k  # the earliest chrome line with only short lines after it
            chrome += 1
        k -= 1
        seen += 1
    return end if chrome >= 2 else len(lines)  # one such word alone may be the letter's own


_FEW = 64  # lines read first at each end: most texts are settled by them, without cutting all of the text into lines


def strip_chrome(text: str) -> tuple[str, str, str]:
    """(the letter, the chrome above it, the chrome below it); the letter is
    the text itself when no chrome is recognised. Its first and last lines
    are read first; only where they do not settle it, or chrome is found,
    is the whole text cut into lines."""
    head = text.split("\n", _FEW)
    start = _start(head) if len(head) <= _FEW else _start(head[:_FEW], whole=False)
    if start is not None:
        tail = text.rsplit("\n", _FEW)
        if len(tail) <= _FEW:
            end = _end(tail, start)
            count = len(tail)
        else:
            count = text.count("\n") + 1
            shift = count - _FEW  # tail[1:] are lines shift … count - 1
            end = _end(tail[1:], start - shift, whole=False)
            end = None if end is None else end + shift
        if end is not None and start == 0 and end == count:
            return text, "", ""
    lines = text.split("\n")
    start = _start(lines)
    end = _end(lines, start)
    if start == 0 and end == len(lines):
        return text, "", ""
    return "\n".join(lines[start:end]), "\n".join(lines[:start]), "\n".join(lines[end:])


def describe(top: str, bottom: str) -> str:
    """The data_issues message recording the removal, with the removed text itself."""
    parts = []
    for where, chunk in (("above", top), ("below", bottom)):
        kept = [line.strip() for line in chunk.splitlines() if line.strip()]
        if kept:
            parts.append(f"{len(kept)} lines {where} the letter: " + " | ".join(kept))
    return "web page chrome removed (site navigation, document details, footer); " + "; ".join(parts)
