"""What linking reads of a letter's references and timeline statements that
depends on that letter alone, worked out once per letter.

The cross-letter pass reads the dates a reference names ("het verslag van
de JBZ-Raad van 5 en 7 maart 2025") and the kind of letter it names for
every reference of every letter on every build; reading them is most of that
pass's work on dates (`dates.find_dates` over some 5,000 texts at 2,000
letters). They depend only on the reference's own words and its letter's
date, so `link_input` (run in the build's workers, kept in the parse cache)
works them out once and stores them with the reference, under keys that
start with `_` (never written out):

- `_kind`: `numbers.cited_kind` of its words;
- `_cited`: the (start, end) ISO dates of each meeting it names, with the
  letter's `letter_date` read as `numbers.letter_date` reads it (for
  `numbers.infer_numbers`);
- `_council`: for a reference naming a JBZ Council and a kind of letter,
  (ISO start date, ISO end date, words) of each date it names, the letter's
  date as the year's reference (for `consistency.meeting_date_conflicts`);
  else None (strings, not `date`s: every build loads every link input, and
  unpickling dates was half the time of loading the references);
- a timeline statement's `_days`: the ISO start day of each date in its
  paragraph (for `consistency.timeline_conflicts`).

`prepare` fills them in place; it is called by `link_input`, so every link
input has them, and the cross-letter steps read nothing else of those texts.
"""

from __future__ import annotations

import re
from datetime import date

from .numbers import cited_kind, found_dates, letter_date

COUNCIL = re.compile(r"JBZ-[Rr]aad|Raad\s+(?:voor\s+)?Justitie\s+en\s+Binnenlandse\s+Zaken")


def _iso_reference(letter: dict):
    return date.fromisoformat(letter["letter_date"]) if letter.get("letter_date") else None


def citation_facts(context: str | None, letter: dict) -> dict:
    """The prepared keys of one reference with words `context` in `letter` (its letters row)."""
    if context is None:
        return {"_kind": None, "_cited": (), "_council": None}
    kind = cited_kind(context)
    cited = ()
    if kind is not None:
        ref = letter_date(letter.get("letter_date"))
        cited = tuple((d.start_date.isoformat(), d.end_date.isoformat()) for d in found_dates(context, ref))
    council = None
    if kind is not None and COUNCIL.search(context):
        council = tuple((d.start_date.isoformat(), d.end_date.isoformat(), d.raw) for d in found_dates(context, _iso_reference(letter)))
    return {"_kind": kind, "_cited": cited, "_council": council}


def timeline_days(context: str, letter: dict) -> tuple[str, ...]:
    """The ISO start day of each date in a timeline statement's paragraph."""
    return tuple(d.start_date.isoformat() for d in found_dates(context, _iso_reference(letter)))


def prepare(inp: dict) -> dict:
    """Fill in the prepared keys of one link input's references and timeline statements (in place)."""
    letter = inp["letter"]
    for c in inp["citations"]:
        c.update(citation_facts(c.get("_context"), letter))
    for t in inp.get("timelines", ()):
        t["_days"] = timeline_days(t["context"], letter)
    return inp
