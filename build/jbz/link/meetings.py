"""Meetings across letters: the letters about one meeting each bring a
meetings row; one is kept, gaps filled from the others, disagreements noted,
and each gets its presidency and label. One pass with a map: O(letters)."""

from __future__ import annotations

import json
from datetime import date

from .. import dates, reference

MONTHS = tuple(dates.MONTHS)  # "januari" … "december", in order


def merge_meetings(rows: list[dict], issues: list[dict]) -> list[dict]:
    """Keep one row per meeting id (the first letter's), filling gaps from the
    others and noting where they disagree."""
    merged: dict[str, dict] = {}
    for row in rows:
        have = merged.get(row["id"])
        if have is None:
            merged[row["id"]] = dict(row)
            continue
        for key, value in row.items():
            if have.get(key) is None:
                have[key] = value
            elif value is not None and value != have[key] and key in ("end_date", "location", "informal"):
                issues.append(
                    {"id": None, "letter_id": None, "source_file": None, "kind": "meeting-conflict",
                     "message": f"letters about {row['id']} disagree on {key}: {have[key]!r} vs {value!r}"}
                )
    for meeting in merged.values():
        meeting["presidency"] = reference.presidency_for(meeting["start_date"])
        meeting["label"] = meeting_label(meeting)
    return list(merged.values())


def meeting_label(meeting: dict) -> str:
    """"JBZ-Raad 12-13 juni 2025, Luxemburg"; "JBZ-Raad 5 en 7 maart 2025" (two days apart); "Informele JBZ-Raad 30-31 januari 2025"."""
    start, end = meeting["start_date"], meeting["end_date"] or meeting["start_date"]
    y1, m1, d1 = (int(x) for x in start.split("-"))
    y2, m2, d2 = (int(x) for x in end.split("-"))
    days = json.loads(meeting.get("days") or "[]")
    consecutive = len(days) != 2 or (date.fromisoformat(days[1]) - date.fromisoformat(days[0])).days <= 1
    if start == end:
        when = f"{d1} {MONTHS[m1 - 1]} {y1}"
    elif (y1, m1) == (y2, m2):
        when = f"{d1}{'-' if consecutive else ' en '}{d2} {MONTHS[m1 - 1]} {y1}"
    else:
        when = f"{d1} {MONTHS[m1 - 1]}{'' if y1 == y2 else f' {y1}'} - {d2} {MONTHS[m2 - 1]} {y2}"
    name = "Informele JBZ-Raad" if meeting.get("informal") else "JBZ-Raad"
    return f"{name} {when}" + (f", {meeting['location']}" if meeting.get("location") else "")
