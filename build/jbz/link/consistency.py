"""What the letters contradict in each other, found in one pass over every
letter's references: a reference that names a Council meeting on days no
meeting of that month was held, and a cited dossier number that is most
likely a typo for a dossier cited often. Each finding is a `data_issues`
row with the words that show it; nothing is corrected."""

from __future__ import annotations

import re
from datetime import date

from .. import prefilter
from .numbers import _identifies

NEAR_DAYS = 20  # a named meeting this close to a known one of the same month is most likely that one
FREQUENT = 3  # a dossier cited this often is taken to be written right
NEAR_NUMBER = 400  # a typo'd dossier's number lies among the frequent dossier's numbers


def _issue(letter: dict | None, letter_id: str, kind: str, message: str) -> dict:
    return {"id": None, "letter_id": letter_id, "source_file": (letter or {}).get("source_file"), "kind": kind, "message": message}


def meeting_date_conflicts(citations: list[dict], letters: dict[str, dict], meetings: list[dict]) -> list[dict]:
    """A reference to "the verslag of the JBZ-Raad of 3 en 4 juni 2024" when
    the corpus knows the June 2024 Council met on 13-14 June."""
    by_month: dict[tuple[int, int], list[dict]] = {}
    for m in meetings:
        if m.get("start_date"):
            d = date.fromisoformat(m["start_date"])
            by_month.setdefault((d.year, d.month), []).append(m)
    issues = []
    for c in citations:
        if not c["_council"]:  # names no JBZ Council and kind of letter, or no date (jbz.link.prepared)
            continue
        citing = letters.get(c["letter_id"], {})
        for start_iso, end_iso, raw in c["_council"]:
            cited = [(start_iso, end_iso)]
            start = date.fromisoformat(start_iso)
            near = [m for m in by_month.get((start.year, start.month), [])
                    if abs((date.fromisoformat(m["start_date"]) - start).days) <= NEAR_DAYS]
            if near and not any(_identifies(m, cited) for m in near):
                m = near[0]
                issues.append(_issue(citing, c["letter_id"], "citation-date-conflict",
                                     f"names the JBZ-Raad of '{raw}', but the Council met that month on "
                                     f"{m['start_date']}{' to ' + m['end_date'] if m.get('end_date') not in (None, m['start_date']) else ''} "
                                     f"({m['id']}) and no meeting on the named days is known: \"{c.get('_sentence') or c.get('_context') or ''}\""))
    return issues


def dossier_typos(citations: list[dict], letters: dict[str, dict]) -> list[dict]:
    """"22 122, nr. 4363" among many "22 112" BNC-fiches: one digit off a
    frequent dossier, with a number among that dossier's numbers."""
    numbers: dict[str, list[int]] = {}
    for c in citations:
        if c.get("dossier") and (c.get("nummer") or "").isdigit():
            numbers.setdefault(c["dossier"], []).append(int(c["nummer"]))
    frequent = {d for d, ns in numbers.items() if len(ns) >= FREQUENT}
    issues = []
    for c in citations:
        dossier, nummer = c.get("dossier") or "", c.get("nummer") or ""
        if dossier in frequent or not dossier.isdigit() or not nummer.isdigit():
            continue
        for i, digit in enumerate(dossier):
            for other in "0123456789":
                candidate = dossier[:i] + other + dossier[i + 1 :]
                if other == digit or candidate not in frequent:
                    continue
                if min(abs(int(nummer) - n) for n in numbers[candidate]) <= NEAR_NUMBER:
                    issues.append(_issue(letters.get(c["letter_id"]), c["letter_id"], "citation-typo",
                                         f"cites dossier {dossier}, nr. {nummer}; probably {candidate}, nr. {nummer} "
                                         f"(dossier {candidate} is cited {len(numbers[candidate])} times, with numbers near {nummer}); "
                                         f"the reference is kept as printed: \"{c.get('_sentence') or ''}\""))
    return issues


# --- timelines: when an EU system goes live, as two letters state the same plan ---------------

_SYSTEM = re.compile(r"\((EES|ETIAS|SIS|VIS|ECRIS-TCN)\)|\b(Eurodac|EES|ETIAS|ECRIS-TCN)\b")
_PERIOD = re.compile(
    r"\b(?:(?P<q>eerste|tweede|derde|vierde|laatste)\s+kwartaal\s+(?:van\s+)?|(?P<m>januari|februari|maart|april|mei|juni|juli|"
    r"augustus|september|oktober|november|december)\s+|(?P<h>eerste|tweede)\s+helft\s+(?:van\s+)?)(?P<y>20\d{2})\b"
)
_PLANNED = re.compile(r"\b(?:gepland|voorzien|van\s+start|operationeel|in\s+gebruik|live)\b")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def timeline_statements(paragraphs: list[dict]) -> list[dict]:
    """Sentences that say when an EU information system starts ("ETIAS staat
    gepland voor het vierde kwartaal van 2026"), with the paragraph's text
    for the meeting it refers to."""
    out = []
    for p in paragraphs:
        text = p.get("text") or ""
        # a statement names a system, a period and a plan: a paragraph without the first (most) is not read further
        if not prefilter.possible(_SYSTEM, text) or "kwartaal" not in text and not prefilter.search(_PLANNED, text):
            continue
        for s in _SENTENCE.finditer(text):
            sentence = s.group(0)
            period = _PERIOD.search(sentence)
            systems = [m.group(1) or m.group(2) for m in _SYSTEM.finditer(sentence, 0, period.start())] if period else []
            if period and systems and prefilter.search(_PLANNED, sentence):
                out.append({"paragraph_id": p["id"], "system": systems[-1], "period": period.group(0), "sentence": sentence.strip(),
                            "context": text[:400]})
    return out


def timeline_conflicts(statements: list[dict], letters: dict[str, dict], meetings: list[dict]) -> list[dict]:
    """The same timeline — the one a Council meeting adopted — stated with
    another date in another letter: the meeting's report against a letter
    whose paragraph names that meeting."""
    by_days: dict[str, dict] = {}
    for m in meetings:
        for day in [m.get("start_date"), m.get("end_date")]:
            if day:
                by_days[day] = m
    claims: dict[tuple[str, str], list[dict]] = {}
    for st in statements:
        letter = letters.get(st["letter_id"], {})
        named = {by_days[day]["id"] for day in st["_days"] if day in by_days}  # its paragraph's dates (jbz.link.prepared)
        meeting_ids = named or ({letter.get("meeting_id")} if letter.get("doc_kind") == "verslag" else set())
        for mid in meeting_ids:
            if mid:
                claims.setdefault((mid, st["system"]), []).append(st)
    issues = []
    for (mid, system), found in sorted(claims.items()):
        found.sort(key=lambda st: (letters.get(st["letter_id"], {}).get("letter_date") or "9999", st["letter_id"]))
        first = found[0]  # the earliest letter stands; later ones that differ are reported
        for other in found[1:]:
            if other["letter_id"] != first["letter_id"] and other["period"].lower() != first["period"].lower():
                issues.append(_issue(letters.get(other["letter_id"]), other["letter_id"], "timeline-conflict",
                                     f"states {system} for '{other['period']}' in the timeline of {mid} (\"{other['sentence']}\"), "
                                     f"but {first['letter_id']} gives '{first['period']}' for it (\"{first['sentence']}\")"))
    return issues


def year_conflicts(citations: list[dict], letters: dict[str, dict]) -> list[dict]:
    """One Kamerstuk cited with two parliamentary years ("2025-26" in one
    note, "2024-25" in the next): at most one of them is right; both are kept."""
    years: dict[tuple[str, str], dict[str, list[str]]] = {}
    for c in citations:
        if c.get("dossier") and c.get("nummer") and c.get("vergaderjaar"):
            years.setdefault((c["dossier"], c["nummer"]), {}).setdefault(c["vergaderjaar"], []).append(c["letter_id"])
    issues = []
    for (dossier, nummer), by_year in sorted(years.items()):
        if len(by_year) < 2:
            continue
        stated = "; ".join(f"{y} (in {', '.join(sorted(set(ls)))})" for y, ls in sorted(by_year.items()))
        first = sorted({l for ls in by_year.values() for l in ls})[0]
        issues.append(_issue(letters.get(first), first, "citation-year-conflict",
                             f"Kamerstuk {dossier}, nr. {nummer} is cited with different parliamentary years: {stated}"))
    return issues
