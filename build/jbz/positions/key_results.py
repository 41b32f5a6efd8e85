"""Tie a report's "Belangrijkste resultaten" points to the items they summarise.

A point is a list item under a "Belangrijkste resultaten/uitkomsten" heading
outside any item. Its candidates are the items that follow it in the same
section (the section of the first item after it). Each candidate scores the
word stems it shares with the point: three per stem in its title, one per stem
in its body; the highest score wins, at least two. Stems are folded words of
five letters or more cut to six letters, so "Schengencyclus" meets
"Schengenraad-cyclus" and "prioriteiten" meets "prioritaire".
"""

from __future__ import annotations

import re

from ..normalize.common import fold

HEADING = re.compile(r"^Belangrijkste (?:resultaten|uitkomsten)\b")
_STOP = {"tijdens", "daarbij", "lidstaten", "belang", "werden", "bleek", "brede", "besprak", "bespraken", "verder", "tussen", "binnen", "onder", "worden", "hebben", "zijn", "eventuele", "mogelijke"}
MIN_SCORE = 2


def stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", fold(text)) if len(w) >= 5 and w not in _STOP}


def link(paragraphs: list[dict], items: list[dict]) -> dict[str, str]:
    """{paragraph id of a key-result point: id of the item it summarises}."""
    title_at = {}  # item id → ordinal of its title paragraph
    for para in paragraphs:
        if para["kind"] == "heading" and para["agenda_item_id"] and para["agenda_item_id"] not in title_at:
            title_at[para["agenda_item_id"]] = para["ordinal"]
    ordered = [i for i in items if i["id"] in title_at]
    links: dict[str, str] = {}
    item_stems: dict[int, tuple[set[str], set[str]]] = {}  # an item's title and body stems, read once (not once per point)
    for para in paragraphs:
        if para["agenda_item_id"] or para["kind"] != "list item" or not HEADING.match(para.get("heading") or ""):
            continue
        later = [i for i in ordered if title_at[i["id"]] > para["ordinal"]]
        if not later:
            continue
        section = later[0]["section"]
        point = stems(para["text"])
        best, best_score = None, MIN_SCORE - 1
        for item in later:
            if item["section"] != section:
                break
            if id(item) not in item_stems:
                item_stems[id(item)] = stems(item["title"]), stems(item["text"] or "")
            title, body = item_stems[id(item)]
            score = 3 * len(point & title) + len(point & body)
            if score > best_score:
                best, best_score = item, score
        if best is not None:
            links[para["id"]] = best["id"]
    return links
