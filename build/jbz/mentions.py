"""Countries, EU institutions and agencies named in a text, from the curated
vocabularies in `jbz/vocab/` (countries.csv, eu_bodies.csv): names,
adjectives ("het Poolse voorzitterschap" → Polen) and abbreviations."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict, ...]:
    """Every entity with the aliases that name it."""
    entities = []
    with resources.files("jbz.vocab").joinpath("countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = "eu-member-state" if row["eu_member"] == "1" else "country"
            entities.append({"id": row["id"], "name": row["name"], "kind": kind, "aliases": [row["name"]] + _split(row["aliases"])})
    with resources.files("jbz.vocab").joinpath("eu_bodies.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            entities.append({"id": row["id"], "name": row["name"], "kind": row["kind"], "aliases": [row["name"]] + _split(row["aliases"])})
    return tuple(entities)


def _split(aliases: str) -> list[str]:
    return [a.strip() for a in (aliases or "").split("|") if a.strip()]


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, dict]]:
    by_alias: dict[str, dict] = {}
    for entity in vocabulary():
        for alias in entity["aliases"]:
            by_alias.setdefault(alias, entity)
    # longest first, so "Europese Commissie" wins over "Commissie"
    alternatives = "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), by_alias


def find_mentions(text: str) -> list[dict]:
    """One dict per entity named in `text`: id, name, kind, the words matched, and how often."""
    pattern, by_alias = _pattern()
    found: dict[str, dict] = {}
    for m in pattern.finditer(text):
        entity = by_alias[m.group(0)]
        hit = found.setdefault(entity["id"], {"entity_id": entity["id"], "entity": entity["name"], "entity_kind": entity["kind"], "matched": [], "count": 0})
        hit["count"] += 1
        if m.group(0) not in hit["matched"]:
            hit["matched"].append(m.group(0))
    return [dict(h, matched="; ".join(h["matched"])) for h in found.values()]
