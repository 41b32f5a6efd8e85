"""Dutch dates as letters write them: "28 mei 2025", "12 en 13 juni",
"13-\n14 oktober a.s.", "22–23 juli", "29 februari t/m 1 maart 2024".

A year left out is inferred from a reference date (the letter's date):
"a.s." (aanstaande) means the next such day, "jl." (jongstleden) the last,
otherwise the occurrence nearest to the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4, "mei": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:e|ste|de)?"
_SEP = r"\s*(?:-|–|—|en|t/m|tot en met|tot)\s*"
DATE_RANGE = re.compile(
    r"\b" + _DAY.format(name="d1")
    + r"(?:\s+" + _MONTH.format(name="m1") + r"(?:\s+(?P<y1>(?:19|20)\d{2}))?)?"
    + r"(?:" + _SEP + _DAY.format(name="d2") + r")?"
    + r"\s+" + _MONTH.format(name="m2")
    + r"(?:\s+(?P<y2>(?:19|20)\d{2}))?"
    + r"(?:\s+(?P<rel>a\.s\.|jl\.|j\.l\.))?",
    re.I,
)


@dataclass(frozen=True)
class DateMatch:
    start_date: date
    end_date: date
    raw: str
    start: int
    end: int


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, reference: date | None, rel: str | None) -> int | None:
    if reference is None:
        return None
    candidates = [y for y in (reference.year - 1, reference.year, reference.year + 1) if _safe(y, month, day)]
    if not candidates:
        return None
    if rel and rel.lower().startswith("a"):
        later = [y for y in candidates if _safe(y, month, day) >= reference]
        if later:
            return min(later)
    if rel and rel.lower().startswith("j"):
        earlier = [y for y in candidates if _safe(y, month, day) <= reference]
        if earlier:
            return max(earlier)
    return min(candidates, key=lambda y: abs((_safe(y, month, day) - reference).days))


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """Every date or date range in `text`, in order; ranges give both ends."""
    found: list[DateMatch] = []
    for m in DATE_RANGE.finditer(text):
        d1 = int(m.group("d1"))
        d2 = int(m.group("d2")) if m.group("d2") else None
        m2 = MONTHS[m.group("m2").lower()]
        m1 = MONTHS[m.group("m1").lower()] if m.group("m1") else m2
        y2 = int(m.group("y2")) if m.group("y2") else None
        y1 = int(m.group("y1")) if m.group("y1") else None
        rel = m.group("rel")
        if d2 is None:
            year = y2 or _infer_year(m2, d1, reference, rel)
            if year is None or not (start := _safe(year, m2, d1)):
                continue
            found.append(DateMatch(start, start, m.group(0).strip(), m.start(), m.end()))
            continue
        end_year = y2 or _infer_year(m2, d2, reference, rel)
        if end_year is None:
            continue
        start_year = y1 or (end_year - 1 if m1 > m2 else end_year)
        start, end = _safe(start_year, m1, d1), _safe(end_year, m2, d2)
        if not start or not end or end < start or (end - start).days > 7:
            continue
        found.append(DateMatch(start, end, m.group(0).strip(), m.start(), m.end()))
    return found


def parse_date(text: str, reference: date | None = None) -> date | None:
    """The first date in `text`."""
    found = find_dates(text, reference)
    return found[0].start_date if found else None
