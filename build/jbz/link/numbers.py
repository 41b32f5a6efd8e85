"""Numbers a letter leaves out, inferred from other letters' citations.

A letter without a Kamerstuk number gets it from another letter's citation
that names its kind and its meeting's dates ("verslag van de JBZ-Raad van 5
en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935"). When several
letters cite it alike, the earliest citing letter is the evidence; when they
disagree, no number is used and the conflict is reported. A citation that
names a numbered letter by kind and dates but gives another number is
reported too.

Each citation finds its candidate letters through an index (dossier, kind,
meeting day) instead of a scan of all letters: O(citations + letters).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .. import dates

MAX_MEETING_DAYS = 31  # a meeting "spanning" more days is a data error; its other days are not indexed


@lru_cache(maxsize=1 << 16)
def cited_kind(context: str) -> str | None:
    """Which kind of letter a reference names, from its own words:
    "verslag van de JBZ-Raad van …", "geannoteerde agenda bij de JBZ-Raad …"."""
    agenda = [m.end() for m in re.finditer(r"geannoteerde\s+agenda", context, re.I)]
    verslag = [m.end() for m in re.finditer(r"\bverslag\b", context, re.I)]
    if not agenda and not verslag:
        return None
    return "geannoteerde agenda" if max(agenda, default=-1) > max(verslag, default=-1) else "verslag"


@lru_cache(maxsize=1 << 16)
def found_dates(text: str, reference_date=None) -> tuple[dates.DateMatch, ...]:
    """`dates.find_dates`, worked out once per text and reference date: the
    numbers, the consistency checks and the letters' own dates read the same
    texts (the matches are shared: read them, do not change them)."""
    return tuple(dates.find_dates(text, reference_date))


def letter_date(text: str | None):
    """The date of a letters row's `letter_date` (as `dates.parse_date`), or None."""
    found = found_dates(text) if text else ()
    return found[0].start_date if found else None


def _identifies(meeting: dict, cited: list[tuple[str, str]]) -> bool:
    """The reference names this meeting: its exact dates, or one day of it."""
    start, end = meeting.get("start_date"), meeting.get("end_date") or meeting.get("start_date")
    if not start:
        return False
    return any((s, e) == (start, end) or (s == e and start <= s <= end) for s, e in cited)


def _days(meeting: dict) -> list[str]:
    start, end = meeting.get("start_date"), meeting.get("end_date") or meeting.get("start_date")
    if not start:
        return []
    try:
        d0, d1 = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return [start]
    n = min((d1 - d0).days, MAX_MEETING_DAYS)
    return [(d0 + timedelta(days=i)).isoformat() for i in range(max(n, 0) + 1)]


def _index(letters: list[dict], meetings: dict[str, dict]) -> dict[tuple, list[dict]]:
    """(dossier, doc_kind, day) -> letters whose meeting covers that day, in input order."""
    index: dict[tuple, list[dict]] = {}
    for letter in letters:
        meeting = meetings.get(letter.get("meeting_id"))
        if meeting is None or letter.get("annex_only"):
            continue  # a citation of an agenda or report names the main letter, never its annex published apart
        for day in _days(meeting):
            index.setdefault((letter.get("dossier"), letter.get("doc_kind"), day), []).append(letter)
    return index


def infer_numbers(letters: list[dict], meetings: dict[str, dict], citations: list[dict], issues: list[dict]) -> dict[str, str]:
    """Fill in `nummer` (and its evidence) on the letters rows that lack one;
    returns {old id: new id}. `citations` are Kamerstuk references with a
    number, their `_context`/`_sentence` and the kind and meeting dates they
    name, read once per letter (`jbz.link.prepared`); conflicts go to `issues`."""
    by_id = {l["id"]: l for l in letters}
    index = _index(letters, meetings)
    found: dict[str, dict[str, list[tuple]]] = {}
    for c in citations:
        kind = c["_kind"]
        citing = by_id.get(c["letter_id"])
        if kind is None or citing is None:
            continue
        cited = c["_cited"]
        seen: set[str] = set()
        candidates = []
        for s, e in cited:
            for letter in index.get((c.get("dossier"), kind, s), ()):
                if letter["id"] not in seen:
                    seen.add(letter["id"])
                    candidates.append(letter)
        for letter in candidates:
            meeting = meetings[letter["meeting_id"]]
            if letter["id"] == citing["id"] or not _identifies(meeting, cited):
                continue
            if letter.get("nummer") and letter["nummer"] != c["nummer"]:
                issues.append(
                    {"id": None, "letter_id": citing["id"], "source_file": citing.get("source_file"), "kind": "citation-conflict",
                     "message": f"cites the {kind} of {meeting['id']} ({letter['id']}) as nr. {c['nummer']}: \"{c['_sentence']}\""}
                )
                continue
            evidence = (citing.get("letter_date") or "9999", citing["id"], c["_sentence"])
            found.setdefault(letter["id"], {}).setdefault(c["nummer"], []).append(evidence)
    taken = {(l.get("dossier"), l.get("nummer")) for l in letters if l.get("nummer")}
    renames: dict[str, str] = {}
    for old_id, numbers in sorted(found.items()):
        letter = by_id[old_id]
        if letter.get("nummer"):
            continue
        if len(numbers) != 1:
            issues.append(
                {"id": None, "letter_id": old_id, "source_file": letter.get("source_file"), "kind": "number-conflict",
                 "message": f"other letters cite this letter with different numbers: {', '.join(sorted(numbers))}; none is used"}
            )
            continue
        ((nummer, evidence),) = numbers.items()
        if (letter.get("dossier"), nummer) in taken:
            issues.append(
                {"id": None, "letter_id": old_id, "source_file": letter.get("source_file"), "kind": "number-conflict",
                 "message": f"other letters cite this letter as nr. {nummer}, which another letter already has; not used"}
            )
            continue
        from ..citations import kst_url  # here: only a renamed letter needs it (and linking does not load the citation patterns)

        taken.add((letter.get("dossier"), nummer))
        _, evidence_letter, sentence = min(evidence)
        letter.update(nummer=nummer, nummer_source="inferred", nummer_evidence=sentence, nummer_evidence_letter_id=evidence_letter,
                      url=kst_url(letter.get("dossier"), nummer))
        renames[old_id] = f"kst-{letter['dossier']}-{nummer}"
    return renames
