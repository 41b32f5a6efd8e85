"""Decision phrases under agenda item titles, mapped to `schema.DECISION_TYPES`.

A geannoteerde agenda states under each item what the Council is asked to
do ("= Aanname gedeeltelijke algemene oriëntatie"). Letters mark that line
with `=`, a dash, or nothing; unmarked lines are recognised only when the
whole line is a decision phrase (`match_phrase`), marked lines are always
decisions and are classified by their first matching phrase (`classify`).
"""

from __future__ import annotations

import re

from ..schema import DECISION_TYPES

_WHO = r"(?:\s+(?:door|van|over|aan|met|tot|bij)\b.{0,70})?"
_PAREN = r"(?:\s*\([^)]{0,60}\))?"

# (decision type, phrase pattern); order matters: the first match wins.
PHRASES: tuple[tuple[str, str], ...] = (
    ("partial general approach", r"(?:aanname\s+(?:van\s+(?:een|de)\s+)?)?gedeeltelijke\s+algemene\s+ori[eë]ntatie"),
    ("general approach", r"(?:aanname\s+(?:van\s+(?:een|de)\s+)?)?(?:\(gedeeltelijke\)\s+)?algemene\s+ori[eë]ntatie"),
    ("political agreement", r"(?:politiek|principe|principieel|voorlopig)\s+akkoord|politieke\s+overeenstemming|akkoord"),
    ("negotiating mandate", r"(?:aanname\s+(?:van\s+(?:een|het)\s+)?)?(?:onderhandelings)?mandaat"),
    ("progress report", r"voortgangsrapport(?:age)?|voortgangsverslag|voortgang"),
    ("state of play", r"stand\s+van\s+zaken|stavaza"),
    ("debriefing", r"terugkoppeling|debriefing|verslag\s+van\s+(?:het\s+voorzitterschap|de\s+commissie)"),
    ("presentation", r"presentatie"),
    ("information", r"informatie|informeren|informatiepunt|toelichting"),
    ("exchange of views", r"gedachtewisseling|beleidsdebat|ori[eë]nterend\s+debat|debat|discussie|bespreking"),
    ("lunch discussion", r"lunchbespreking|werklunch|lunchdiscussie"),
    ("endorsement", r"bekrachtiging|onderschrijving|endorsement"),
    ("consent", r"instemming|stemming"),
    ("adoption", r"aanname|aanneming|goedkeuring|vaststelling|besluitvorming|ondertekening|besluit"),
)
# Words that name a decision only on a marked line ("- Raadsconclusies"):
# unmarked, they more often start a title ("Conclusies over …").
MARKED_ONLY: tuple[tuple[str, str], ...] = (("adoption", r"(?:raads)?conclusies"),)

_KNOWN = {name for name, _ in DECISION_TYPES}
assert all(kind in _KNOWN for kind, _ in PHRASES), "decision phrases name an unknown type"

_MARK = re.compile(r"^\s*[=\-–—]\s*")
_FULL = [(kind, re.compile(rf"^(?:{pattern}){_PAREN}{_WHO}{_PAREN}\s*[.:]?$", re.I)) for kind, pattern in PHRASES]
_START = [(kind, re.compile(rf"^(?:{pattern})\b", re.I)) for kind, pattern in PHRASES + MARKED_ONLY]
_ANY = [(kind, re.compile(rf"\b(?:{pattern})\b", re.I)) for kind, pattern in PHRASES + MARKED_ONLY]


def is_marked(text: str) -> bool:
    """A line starting with `=` (or a dash followed by a phrase) is a decision line."""
    if text.lstrip().startswith("="):
        return True
    if _MARK.match(text) is None:
        return False  # most lines: no mark, and nothing to strip
    rest = strip_mark(text)
    return len(rest) <= 120 and any(pattern.match(rest) for _, pattern in _START)


_DASH_LINE = re.compile(r"^\s*[-–—]\s+\S")


def is_dash_line(text: str) -> bool:
    return bool(_DASH_LINE.match(text))


def strip_mark(text: str) -> str:
    return _MARK.sub("", text).strip()


def match_phrase(text: str) -> str | None:
    """The decision type when the whole (unmarked) line is a decision phrase."""
    text = strip_mark(text).strip()
    if len(text) > 120:
        return None
    for kind, pattern in _FULL:
        if pattern.match(text):
            return kind
    return None


def classify(text: str) -> str:
    """The decision type of a decision line (marked or not): its first phrase."""
    text = strip_mark(text)
    for kind, pattern in _START:
        if pattern.match(text):
            return kind
    best: tuple[int, str] | None = None
    for kind, pattern in _ANY:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else "other"


def split_trailing(title: str) -> tuple[str, str] | None:
    """Split a decision phrase that the export glued onto the end of a title
    ("… (UCPM) Voortgangsrapportage"), or that the letter wrote after a dash
    or in brackets ("… – algemene oriëntatie", "… (politiek akkoord)"),
    into (title, phrase)."""
    m = re.match(r"^(?P<head>.+?)\s*(?:\s[-–—]\s|:\s)(?P<tail>[^-–—:]+)$", title) or re.match(r"^(?P<head>.+?)\s*\((?P<tail>[^()]+)\)$", title)
    if m and match_phrase(m.group("tail")) and len(m.group("head")) > 3:
        return m.group("head").rstrip(" ,"), m.group("tail").strip()
    words = list(re.finditer(r"\S+", title))
    for w in words[1:]:
        head, tail = title[: w.start()].rstrip(), title[w.start() :].strip()
        if not (tail[:1].isupper() or tail[:1] == "("):
            continue
        if match_phrase(tail) and len(head) > 3:
            return head, tail
    return None
