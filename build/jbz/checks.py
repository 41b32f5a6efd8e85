"""Is a text a JBZ letter at all, and is it whole? Pure checks on the text,
run before parsing so that a wrong or cut-off file is refused with a reason."""

from __future__ import annotations

import re

from .normalize import normalize
from .normalize.common import ends_sentence

_COUNCIL = re.compile(r"\bJBZ\b|Justitie\s+en\s+Binnenlandse\s+Zaken", re.I)
_LETTER_FEATURES = (
    re.compile(r"Aan de [Vv]oorzitter van de (?:Tweede|Eerste) Kamer"),
    re.compile(r"\bDen Haag,\s+\d"),
    re.compile(r"\bHierbij\s+(?:bied|bieden|ontvangt|zend|stuur|informeer)", re.I),
    re.compile(r"^\s*(?:De|Het)\s+(?:[Mm]inister|[Ss]taatssecretaris)\b[^\n.]{0,110},\s*$", re.M),
    re.compile(r"^\s*[#*]*\s*(?:Geannoteerde\s+agenda|Verslag)\b.{0,80}\b(?:bijeenkomst|vergadering|JBZ|Raad)", re.I | re.M),
)
# A committee's own report or a list of questions is in the dossier too, but is no letter from government.
_NOT_GOVERNMENT = re.compile(
    r"\b(?:VERSLAG VAN EEN SCHRIFTELIJK OVERLEG|Verslag van een (?:schriftelijk overleg|commissiedebat|notaoverleg)|"
    r"LIJST VAN VRAGEN|Lijst van vragen en antwoorden|Vastgesteld\s+\d{1,2}\s+\w+\s+\d{4}|"
    r"De (?:vaste )?commissie voor [^\n]{0,80} heeft)",
)


def looks_like_jbz_letter(text: str) -> str | None:
    """None when the text reads as a government letter about a JBZ Council,
    else the reason it does not."""
    head = text[:200_000]
    if not _COUNCIL.search(head):
        return "does not mention the JBZ-Raad (Raad Justitie en Binnenlandse Zaken): not a JBZ letter"
    features = sum(1 for f in _LETTER_FEATURES if f.search(head))
    if _NOT_GOVERNMENT.search(head[:5000]):
        return "reads as a committee report or list of questions, not a government letter about the JBZ-Raad"
    if features < 2:
        return "has none of a letter's marks (addressee, 'Den Haag, <datum>', 'Hierbij …', signature, agenda or report heading): not a JBZ letter"
    return None


_CONNECTORS = {"de", "het", "een", "van", "en", "of", "in", "op", "te", "voor", "met", "aan", "dat", "die", "om", "tot", "naar", "bij", "door", "over", "is", "zijn", "wordt", "worden", "zal", "als", "uit"}


def looks_truncated(text: str) -> str | None:
    """The reason a letter seems cut off, or None.

    A whole letter ends on a finished sentence, a signature, a heading-like
    line or a decision line; a cut one stops inside a paragraph. The check
    runs on the normalised text, so lifted footnotes and page debris at the
    end do not count and a wrapped PDF paragraph is judged whole.
    """
    blocks = normalize(text).blocks
    if not blocks:
        return "holds no paragraphs"
    last = blocks[-1].text.rstrip(" *_")
    if ends_sentence(last) or last.endswith((")", "”", "’", '"', "'")):
        return None
    words = last.split()
    if words and words[-1].lower() in _CONNECTORS:
        return f"ends mid-sentence ('…{last[-60:]}'): the file seems cut off"
    if len(last) <= 100 and len(words) <= 12:
        return None  # a heading, a name, a decision line or a table cell
    return f"ends inside a paragraph ('…{last[-60:]}'): the file seems cut off"
