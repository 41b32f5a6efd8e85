"""Agenda and report side by side: when the corpus holds both the
geannoteerde agenda and the verslag of one meeting, each agenda item is
linked to the report item about the same point (`agenda_items.counterpart_id`,
set on both), so "asked / Dutch position / outcome" reads as one row.

Report titles often differ from the agenda's ("Verlenging van de tijdelijke
bescherming" → "Toekomstige juridische status van ontheemden"), so a pair
is scored on the EU file both are linked to, the title similarity and the
section; pairs are taken best first, each item in at most one pair.
"""

from __future__ import annotations

from .text import similarity

Tables = dict[str, list[dict]]
AGENDA, REPORT = "geannoteerde agenda", "verslag"
MIN_SIMILARITY = 0.6  # titles this close pair up even without a shared EU file


def _score(a: dict, r: dict) -> float | None:
    sim = similarity(a.get("title") or "", r.get("title") or "")
    same_file = bool(a.get("eu_file_id")) and a.get("eu_file_id") == r.get("eu_file_id")
    if not same_file and sim < MIN_SIMILARITY:
        return None
    score = sim + (1.0 if same_file else 0.0)
    if a.get("section") and a.get("section") == r.get("section"):
        score += 0.25
    if bool(a.get("sub")) == bool(r.get("sub")):
        score += 0.1
    return score


def pair_items(items: list[dict]) -> dict[str, str]:
    """Agenda item id ↔ report item id (both directions) for items of the same
    meeting; each item in at most one pair, best scores first."""
    by_meeting: dict[str, dict[str, list[dict]]] = {}
    for a in items:
        if a.get("meeting_id") and a.get("doc_kind") in (AGENDA, REPORT):
            by_meeting.setdefault(a["meeting_id"], {}).setdefault(a["doc_kind"], []).append(a)
    pairs: dict[str, str] = {}
    for meeting in sorted(by_meeting):
        kinds = by_meeting[meeting]
        candidates = []
        for a in kinds.get(AGENDA, []):
            for r in kinds.get(REPORT, []):
                score = _score(a, r)
                if score is not None:
                    candidates.append((-score, a["id"], r["id"]))
        for _, a_id, r_id in sorted(candidates):
            if a_id in pairs or r_id in pairs:
                continue
            pairs[a_id], pairs[r_id] = r_id, a_id
    return pairs


def link_counterparts(tables: Tables) -> int:
    """Set agenda_items.counterpart_id in both directions on in-memory tables;
    returns the number of pairs."""
    pairs = pair_items(tables.get("agenda_items", []))
    for a in tables.get("agenda_items", []):
        a["counterpart_id"] = pairs.get(a["id"])
    return len(pairs) // 2
