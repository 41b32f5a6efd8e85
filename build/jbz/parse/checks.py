"""What a letter contradicts in itself, found from its own rows (pure): each
check gives `(kind, message)` pairs for `data_issues`, with the words that
show it, and says no more than the letter does."""

from __future__ import annotations

import re

from .. import reference
from ..mentions import find_mentions

# "het aankomend Poolse voorzitterschap", "het inkomende voorzitterschap van Denemarken"
_INCOMING = re.compile(r"\b(?:aankomende?|inkomende?|komende|volgende|aantredende?)\s+(?P<adj>[A-Z][\w-]+)\s+[Vv]oorzitterschap")


def _next_presidency(meeting_date: str) -> dict | None:
    rows = reference.presidencies()
    for i, row in enumerate(rows):
        if row["start_date"] <= meeting_date <= row["end_date"]:
            return rows[i + 1] if i + 1 < len(rows) else None
    return None


def incoming_presidency(paragraphs: list[dict], meeting_date: str | None) -> list[tuple[str, str]]:
    """A text that calls another state "the incoming presidency" than the
    one that follows the meeting's half-year (the Council's fixed order)."""
    if not meeting_date:
        return []
    following = _next_presidency(meeting_date)
    if following is None:
        return []
    issues = []
    for p in paragraphs:
        if "oorzitterschap" not in (p.get("text") or ""):
            continue  # every match ends in "[Vv]oorzitterschap"
        for m in _INCOMING.finditer(p.get("text") or ""):
            named = [h["entity"] for h in find_mentions(m.group("adj")) if h["entity_kind"] == "eu-member-state"]
            if named and named[0] != following["country"]:
                issues.append((
                    "presidency-conflict",
                    f"{p['id']} speaks of \"{m.group(0)}\" ({named[0]}), but the presidency after this meeting "
                    f"({meeting_date}) is {following['country']} ({following['id']})",
                ))
    return issues


def repeated_footnotes(footnotes: list[dict]) -> list[tuple[str, str]]:
    """Two notes with the same text (a copy-paste, or a note meant to differ)."""
    first: dict[str, dict] = {}
    issues = []
    for f in footnotes:
        key = re.sub(r"\W+", "", (f.get("text") or "").lower())
        if len(key) < 20:
            continue
        if key in first:
            issues.append(("footnote-repeated", f"footnote {f['number']} repeats footnote {first[key]['number']} word for word: \"{f['text']}\""))
        else:
            first[key] = f
    return issues


def stray_markers(refs: set[int], footnotes: list[dict]) -> list[tuple[str, str]]:
    """Markers in the text whose footnote the letter does not print."""
    missing = sorted(refs - {f["number"] for f in footnotes})
    return [("stray-footnote-marker", f"the text has a marker for footnote {n} but the letter prints no footnote {n}") for n in missing]
