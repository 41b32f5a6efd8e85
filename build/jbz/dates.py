"""Dutch dates as letters write them: "28 mei 2025", "12 en 13 juni",
"13-\\n14 oktober a.s.", "22–23 juli", "29 februari t/m 1 maart 2024",
"1 juni jl.", and the numeric "27-05-2025" / "2025-05-27".

A year left out is inferred from a reference date (the letter's date):
"a.s." (aanstaande) means the next such day, "jl." (jongstleden) the last,
otherwise the occurrence nearest to the reference. Whitespace, including a
line break left by hard wrapping, may stand between any two parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_NOT_LETTER = r"(?![^\W\d_])"  # the month word ends here ("mei" but not "meisjes")
_MONTH = (
    r"(?P<{0}>(?:" + "|".join(MONTHS) + r")" + _NOT_LETTER
    + r"|(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\.?" + _NOT_LETTER + ")"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?:ste|de|e)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)(?!\d)"
_REL = r"(?P<rel>a\.\s?s\.?|aanstaande|j\.\s?l\.?|jl\.?|jongstleden)" + _NOT_LETTER
# Between the two days of a range: a dash (a wrapped "13-\n14" keeps its hyphen), "en", "t/m", "tot (en met)".
_SEP = r"(?P<sep>\s*[-–—‐‑/]\s*|\s+(?:en|t/m|t\.m\.|tot\s+en\s+met|tot)\s+)"
DATE_RANGE = re.compile(
    r"(?<![\w/-])(?<!\d[.,])" + _DAY.format("d1")
    + r"(?:\s+" + _MONTH.format("m1") + r"(?:\s+" + _YEAR.format("y1") + r")?)?"
    + r"(?:(?P<mid>(?:\s*,\s*[0-3]?\d(?:ste|de|e)?){1,5})?" + _SEP + _DAY.format("d2") + r")?"
    + r"\s+" + _MONTH.format("m2")
    + r"(?:\s+" + _YEAR.format("y2") + r"|\s+" + _REL + r")?",
    re.I,
)
NUMERIC = re.compile(
    r"(?<![\w/.-])(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)"
    r"|(?P<d>[0-3]?\d)(?P<s>[-./])(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d))(?![\w/-]|\.\d)"
)
_MAX_AND_GAP = 7  # "5 en 7 maart" is one meeting; "3 en 24 maart" are two dates


@dataclass(frozen=True)
class DateMatch:
    """A date or date range found in a text; `raw` is text[start:end]."""

    start_date: date
    end_date: date
    raw: str
    start: int
    end: int
    # "5 en 7 maart": the two days named, not the days between them
    only_ends: bool = False

    @property
    def days(self) -> list[date]:
        """The days the match names: both ends of "5 en 7 maart", every day of "12-13 juni"."""
        if self.only_ends:
            return [self.start_date, self.end_date]
        return [date.fromordinal(o) for o in range(self.start_date.toordinal(), self.end_date.toordinal() + 1)]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(word: str | None) -> int | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or ABBREVIATIONS.get(word)


def infer_year(month: int, day: int, reference: date | None, rel: str | None = None) -> int | None:
    """The year of day/month as a letter dated `reference` means it:
    'a.s.' the first on or after the reference, 'jl.' the last on or before
    it, else the nearest."""
    if reference is None:
        return None
    candidates = [(y, d) for y in range(reference.year - 1, reference.year + 2) if (d := _safe(y, month, day))]
    if not candidates:  # 29 February
        candidates = [(y, d) for y in range(reference.year - 4, reference.year + 5) if (d := _safe(y, month, day))]
    kind = (rel or "").lower()[:1]
    if kind == "a":
        later = [(y, d) for y, d in candidates if d >= reference]
        if later:
            return min(later, key=lambda c: c[1])[0]
    if kind == "j":
        earlier = [(y, d) for y, d in candidates if d <= reference]
        if earlier:
            return max(earlier, key=lambda c: c[1])[0]
    return min(candidates, key=lambda c: (abs((c[1] - reference).days), c[0]))[0] if candidates else None


def _span(m: re.Match, reference: date | None) -> list[tuple[date, date]]:
    """The date(s) one written match stands for: one range, one day, or two days."""
    d1 = int(m.group("d1"))
    d2 = int(m.group("d2")) if m.group("d2") else None
    m2 = _month(m.group("m2"))
    m1 = _month(m.group("m1")) or m2
    y1 = int(m.group("y1")) if m.group("y1") else None
    y2 = int(m.group("y2")) if m.group("y2") else None
    rel = m.group("rel")
    if d2 is None:
        year = y2 or infer_year(m2, d1, reference, rel)
        day = _safe(year, m2, d1) if year else None
        return [(day, day)] if day else []
    wraps = m1 > m2  # "30 december – 2 januari"
    if y2 or y1:
        end_year = y2 or (y1 + 1 if wraps else y1)
        start_year = y1 or (end_year - 1 if wraps else end_year)
    elif rel and rel.lower().startswith("a"):  # upcoming: the start lies ahead
        start_year = infer_year(m1, d1, reference, rel)
        end_year = start_year + 1 if start_year is not None and wraps else start_year
    else:  # past or unmarked: place the end
        end_year = infer_year(m2, d2, reference, rel)
        start_year = end_year - 1 if end_year is not None and wraps else end_year
    if start_year is None or end_year is None:
        return []
    start, end = _safe(start_year, m1, d1), _safe(end_year, m2, d2)
    if not start or not end or end < start:
        return []
    if m.group("sep").strip().lower() == "en" and (end - start).days > _MAX_AND_GAP:
        middle = [_safe(start_year, m1, int(d)) for d in re.findall(r"\d+", m.group("mid") or "")]
        return [(d, d) for d in [start, *middle, end] if d]
    if (end - start).days > 366:
        return []
    return [(start, end)]


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """Every date or date range in `text`, in order of position. A date
    without a year is left out when there is no reference to infer it from."""
    found: list[DateMatch] = []
    for m in DATE_RANGE.finditer(text):
        named_two = bool(m.group("d2")) and m.group("sep").strip().lower() == "en"
        for start, end in _span(m, reference):
            only_ends = named_two and (end - start).days > 1
            found.append(DateMatch(start, end, m.group(0), m.start(), m.end(), only_ends))
    for m in NUMERIC.finditer(text):
        if m.group("iy"):
            day = _safe(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            day = _safe(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day:
            found.append(DateMatch(day, day, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda d: (d.start, d.start_date))


def parse_date(text: str, reference: date | None = None) -> date | None:
    """The first date in `text` ("Den Haag, 28 mei 2025", "2025-05-28"); a
    range gives its first day."""
    found = find_dates(text, reference)
    return found[0].start_date if found else None
