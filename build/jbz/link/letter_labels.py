"""Short unique labels for letters: "2025-05-28 · agenda · 948".

Printed titles repeat ("Brief van de minister …"), so tables, links and
charts need a label that does not. It is made from the letter's date, kind
and (possibly inferred) number, after linking; "z.d." (zonder datum) stands
for a missing date. Two letters that would still share a label get their id
added.
"""

from __future__ import annotations

KIND_WORDS = {"geannoteerde agenda": "agenda", "verslag": "verslag"}


def letter_label(letter: dict) -> str:
    kind = KIND_WORDS.get(letter.get("doc_kind") or "", "overig")
    return " · ".join((letter.get("letter_date") or "z.d.", kind, letter.get("nummer") or "zonder nr."))


def letter_labels(letters: list[dict], final_id=lambda lid: lid) -> None:
    """Set `label` on every letter row (in place)."""
    seen: dict[str, int] = {}
    for letter in letters:
        letter["label"] = letter_label(letter)
        seen[letter["label"]] = seen.get(letter["label"], 0) + 1
    for letter in letters:
        if seen[letter["label"]] > 1:
            letter["label"] += f" ({final_id(letter['id'])})"
