"""Signatories deduplicated into people across letters: one person, several
roles over time ("D.M. van Weel" signs as minister of Justitie en
Veiligheid and later of Asiel en Migratie)."""

from __future__ import annotations

import json
import re

from ..normalize.common import fold

TITLES = {"mr", "dr", "drs", "prof", "ir", "ing", "ds"}


def person_key(name: str) -> tuple[str, str]:
    """(first initial, surname): "D.M. van Weel" and "D. van Weel" are one
    person, "Dilan Yeşilgöz-Zegerius" and "D. Yeşilgöz-Zegerius" too; the
    surname is everything after the initials or the first given name
    ("M.H.M. Faber-van de Klashorst" → `faber-van de klashorst`)."""
    words = [w for w in re.sub(r"\.", ". ", name).split() if fold(w).strip(".") not in TITLES]
    if not words:
        return "", ""
    initials = 0
    while initials < len(words) - 1 and re.fullmatch(r"[^\W\d_]{1,2}\.", words[initials]):
        initials += 1
    given = max(initials, 1) if len(words) > 1 else 0
    first = fold(words[0])[:1]
    surname = " ".join(fold(w) for w in words[given:])
    return first, surname


def person_id(name: str) -> str:
    """Slug of a name, titles left out: "D.M. van Weel" → `dm-van-weel`."""
    words = [w for w in re.sub(r"\.", ". ", name).split() if fold(w).strip(".") not in TITLES]
    folded = fold(" ".join(words))
    folded = re.sub(r"\b([^\W\d_])\.\s*(?=[^\W\d_]\.)", r"\1", folded)  # "d. m. van" → "dm. van"
    return re.sub(r"[^a-z0-9]+", "-", folded.replace(".", "")).strip("-")


def normalise_role(role: str) -> str:
    role = re.sub(r"^(?:De|Het)\s+", "", role.strip().rstrip(","))
    return role[:1].lower() + role[1:]


def build_people(signatories: list[dict]) -> tuple[list[dict], dict[tuple[str, int], str]]:
    """People rows, and the person id of each (letter_id, ordinal) signature."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for sig in sorted(signatories, key=lambda s: (s["letter_id"], s["ordinal"])):
        groups.setdefault(person_key(sig["name"]), []).append(sig)
    people, ids = [], {}
    for sigs in groups.values():
        # the spelling printed most often names the person (ties: the fullest)
        spellings = [s["name"] for s in sigs]
        name = max(sorted(set(spellings)), key=lambda n: (spellings.count(n), len(n)))
        pid = person_id(name)
        roles = sorted({normalise_role(s["role"]) for s in sigs if s.get("role")})
        people.append({"id": pid, "name": name, "roles": json.dumps(roles, ensure_ascii=False), "letter_count": len({s["letter_id"] for s in sigs})})
        for s in sigs:
            ids[(s["letter_id"], s["ordinal"])] = pid
    return sorted(people, key=lambda p: p["id"]), ids
