"""Countries, EU institutions and agencies named in a text, from the curated
vocabularies in `jbz/vocab/` (countries.csv, eu_bodies.csv): names,
adjectives ("het Poolse voorzitterschap" → Polen) and abbreviations.

Matching is case-sensitive on whole words: "Commissie" is the European
Commission, "commissie" (a parliamentary committee) and "Commissievoorstel"
are not. A name may open a compound ("Frontex-personeel", "NAVO- en
EU-verband") and may follow "EU-" ("EU-VS", "EU-Turkije Verklaring"), but a
word joined before it by a hyphen is another name ("Wit-Rusland" is not
Rusland, "Latijns-Amerikaanse" not the United States).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# vocabulary `kind` → mentions.entity_kind
ENTITY_KIND = {"eu-institution": "eu-body", "eu-agency": "eu-body", "eu-body": "eu-body", "international": "international-body"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split(aliases: str) -> list[str]:
    return [_nfc(a.strip()) for a in (aliases or "").split("|") if a.strip()]


def _read(name: str) -> list[dict]:
    with resources.files("jbz.vocab").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict, ...]:
    """Every entity with the aliases that name it."""
    entities = []
    for row in _read("countries.csv"):
        kind = "eu-member-state" if row["eu_member"] == "1" else "country"
        entities.append({"id": row["id"], "name": _nfc(row["name"]), "kind": kind, "aliases": [_nfc(row["name"])] + _split(row["aliases"])})
    for row in _read("eu_bodies.csv"):
        entities.append({"id": row["id"], "name": _nfc(row["name"]), "kind": ENTITY_KIND[row["kind"]], "aliases": [_nfc(row["name"])] + _split(row["aliases"])})
    return tuple(entities)


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, dict]]:
    by_alias: dict[str, dict] = {}
    for entity in vocabulary():
        for alias in entity["aliases"]:
            by_alias.setdefault(alias, entity)
    # longest first, so "Europese Commissie" wins over "Commissie"
    alternatives = "|".join(re.escape(a) for a in sorted(by_alias, key=lambda a: (-len(a), a)))
    return re.compile(rf"(?:(?<![\w-])|(?<=\bEU-))(?:{alternatives})(?!\w)"), by_alias


def find_mentions(text: str) -> list[dict]:
    """One dict per entity named in `text`, in order of first mention: entity_id,
    entity (its Dutch name), entity_kind, the words matched (`; `-joined) and how often."""
    pattern, by_alias = _pattern()
    found: dict[str, dict] = {}
    for m in pattern.finditer(_nfc(text)):
        entity = by_alias[m.group(0)]
        hit = found.setdefault(entity["id"], {"entity_id": entity["id"], "entity": entity["name"], "entity_kind": entity["kind"], "matched": [], "count": 0})
        hit["count"] += 1
        if m.group(0) not in hit["matched"]:
            hit["matched"].append(m.group(0))
    return [dict(h, matched="; ".join(h["matched"])) for h in found.values()]
