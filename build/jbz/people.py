"""Signatories deduplicated into people across letters: one person, several
roles over time ("D.M. van Weel" signs as minister of Justitie en
Veiligheid and later of Asiel en Migratie)."""

from __future__ import annotations

import json
import re
import unicodedata

PARTICLES = {"van", "de", "der", "den", "ter", "te", "het", "'t", "von", "du", "la", "le"}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def person_key(name: str) -> tuple[str, str]:
    """(first initial, surname with particles): "D.M. van Weel" and "Dilan van Weel" differ,
    "D.M. van Weel" and "D. van Weel" do not."""
    words = re.sub(r"\.", ". ", name).split()
    first = _fold(words[0])[0] if words else ""
    # the surname starts at the first particle or the last word
    idx = next((i for i, w in enumerate(words) if i > 0 and _fold(w) in PARTICLES), len(words) - 1)
    surname = " ".join(_fold(w).strip(".") for w in words[idx:])
    return first, surname


def person_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(name).replace(".", "")).strip("-")


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
        # the fullest spelling names the person
        name = max((s["name"] for s in sigs), key=lambda n: (len(n), n))
        pid = person_id(name)
        roles = sorted({normalise_role(s["role"]) for s in sigs if s.get("role")})
        people.append({"id": pid, "name": name, "roles": json.dumps(roles, ensure_ascii=False), "letter_count": len({s["letter_id"] for s in sigs})})
        for s in sigs:
            ids[(s["letter_id"], s["ordinal"])] = pid
    return sorted(people, key=lambda p: p["id"]), ids
