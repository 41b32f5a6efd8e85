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

from .dates import MONTHS
from . import prefilter
from .prefilter import trie_pattern

# vocabulary `kind` → mentions.entity_kind
ENTITY_KIND = {"eu-institution": "eu-body", "eu-agency": "eu-body", "eu-body": "eu-body", "international": "international-body"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split(aliases: str) -> list[str]:
    return [_nfc(a.strip()) for a in (aliases or "").split("|") if a.strip()]


def _read(name: str) -> list[dict]:
    with resources.files("jbz.vocab").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _with_uninflected(aliases: list[str]) -> list[str]:
    """An adjective comes inflected and bare: "Amerikaanse" and "Amerikaans"
    ("het Amerikaans voorzitterschap" is rare, "Amerikaans beleid" is not)."""
    out = list(aliases)
    for a in aliases:
        if a.endswith("se") and len(a) > 5 and a[0].isupper() and " " not in a and a[:-1] not in out:
            out.append(a[:-1])
    return out


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict, ...]:
    """Every entity with the aliases that name it, Dutch and English (the
    letters quote English texts in their attachments)."""
    entities = []
    for row in _read("countries.csv"):
        kind = "eu-member-state" if row["eu_member"] == "1" else "country"
        aliases = _with_uninflected([_nfc(row["name"])] + _split(row["aliases"])) + _split(row.get("names_en", ""))
        entities.append({"id": row["id"], "name": _nfc(row["name"]), "kind": kind, "aliases": aliases})
    for row in _read("eu_bodies.csv"):
        aliases = [_nfc(row["name"])] + _split(row["aliases"]) + _split(row.get("names_en", ""))
        entities.append({"id": row["id"], "name": _nfc(row["name"]), "kind": ENTITY_KIND[row["kind"]], "aliases": aliases})
    return tuple(entities)


# "de Raad" on its own is the Council of the EU (the JBZ-Raad is that Council meeting in its Justice and Home
# Affairs configuration); "de Raad van State", "de Raad voor de rechtspraak", "de Raad van Arabische ministers"
# are other councils, and "de Europese Raad" or "de JBZ-Raad" are not "de Raad".
_THE_COUNCIL_PLAIN = r"\b[Dd]e\s+Raad(?![\w-])(?!\s+(?:van|voor)\b)|\b[Tt]he\s+Council(?![\w-])(?!\s+of\b)"
# The same, with each first letter before the check on the character before it ("d(?<!\wd)" reads the
# same characters as "\bd"), so the engine tries only places holding d, D, t or T.
THE_COUNCIL = re.compile(
    "|".join(
        rf"{first}(?<!\w{first}){rest}"
        for first, rest in (("D", r"e\s+Raad(?![\w-])(?!\s+(?:van|voor)\b)"), ("d", r"e\s+Raad(?![\w-])(?!\s+(?:van|voor)\b)"),
                            ("T", r"he\s+Council(?![\w-])(?!\s+of\b)"), ("t", r"he\s+Council(?![\w-])(?!\s+of\b)"))
    )
)
COUNCIL_ID = "CONSILIUM"
# A country named as the place of a meeting ("de JBZ-Raad … in Luxemburg", "(Luxemburg, 12 juni)") is where
# ministers met, not a subject of the text.
# what stands right before "in <place>" when the place is where a meeting is held: a date ("op 12 en 13 juni
# (2025) in Luxemburg") or the meeting itself ("de JBZ-Raad in …", "bijeenkomst in …", "vindt plaats in …");
# not "de situatie in Syrië", even in a sentence about the Council
_MEETING_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(MONTHS) + r")(?:\s+(?:19|20)\d{2})?|[Rr]aad\)?|bijeenkomst|vergadering|top|conferentie|forum|"
    r"plaats|plaatsvinden|plaatsvond|a\.s\.|jl\.)\s*,?\s*(?:in|te)\s+$"
)
_DATE_AFTER = re.compile(r"\s*,\s*\d")


def _aliases() -> dict[str, dict]:
    by_alias: dict[str, dict] = {}
    for entity in vocabulary():
        for alias in entity["aliases"]:
            by_alias.setdefault(alias, entity)
    return by_alias


def _ordered(aliases) -> list[str]:
    """Longest first, so "Europese Commissie" wins over "Commissie"."""
    return sorted(aliases, key=lambda a: (-len(a), a))


def _grouped(aliases: list[str]) -> re.Pattern:
    groups: dict[str, list[str]] = {}
    for alias in _ordered(aliases):
        groups.setdefault(alias[0], []).append(alias[1:])
    branches = []
    for first, rests in groups.items():
        c = re.escape(first)
        branches.append(rf"{c}(?:(?<![\w-]{c})|(?<=\bEU-{c})){_rests(rests)}")
    return re.compile(rf"(?:{'|'.join(branches)})(?!\w)")


def _rests(rests: list[str]) -> str:
    """The rests of the aliases that begin with one character, as a trie
    (`prefilter.trie_pattern`: each character read once, not once per
    alias). Before `(?!\w)` it matches what their alternation longest first
    does: the longest rest followed by no letter (backtracking tries the
    shorter ones that end on the way, longest first)."""
    body = trie_pattern([r for r in rests if r])
    if not body:
        return ""
    return f"(?:{body})?" if "" in rests else f"(?:{body})"


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, dict]]:
    r"""Any alias as a whole word (or after "EU-"), the longest that fits.

    The same matches as `(?:(?<![\w-])|(?<=\bEU-))(?:alias|alias|…)(?!\w)`
    (`_plain_pattern`), written so the regex engine can skip ahead: the
    aliases are grouped by their first character, which comes first in each
    branch, and the check on the character before it follows that character
    ("X(?<![\w-]X)" looks at the same character as "(?<![\w-])X"). The
    engine then only tries positions holding such a first character, and
    there only the aliases that start with it."""
    by_alias = _aliases()
    return _grouped(list(by_alias)), by_alias


@lru_cache(maxsize=1)
def _scanners() -> tuple[re.Pattern, re.Pattern, tuple[str, ...], dict]:
    """(all aliases, the aliases that start with a capital, the others, the Council).
    The few aliases in lower case ("eu-LISA", "asielagentschap") would make
    every "e", "a" and "c" a place to try; a text that holds none of them is
    read with the capitals alone, which finds the same (a branch that can
    match nowhere in a text changes nothing there)."""
    pattern, by_alias = _pattern()
    lower = tuple(a for a in by_alias if not a[0].isupper())
    council = next(e for e in vocabulary() if e["id"] == COUNCIL_ID)
    return pattern, _grouped([a for a in by_alias if a[0].isupper()]), lower, council


def _plain_pattern() -> re.Pattern:
    """The aliases as one plain alternation: what `_pattern` matches, slowly (for the tests)."""
    alternatives = "|".join(re.escape(a) for a in _ordered(_aliases()))
    return re.compile(rf"(?:(?<![\w-])|(?<=\bEU-))(?:{alternatives})(?!\w)")


def _place_before(before: str) -> bool:
    r"""Does `before` end in "in " or "te " (whole words) or an opening bracket?
    What the regex `(?:\b(?:in|te)\s+|\(\s*)$` finds, read back from the end
    instead of tried at every character of the 60 before each country."""
    rest = before.rstrip()
    if rest.endswith("("):
        return True
    if len(rest) == len(before) or not rest.endswith(("in", "te")):
        return False  # no space after the word, or another word
    return len(rest) == 2 or not (rest[-3].isalnum() or rest[-3] == "_")  # "\b": no letter, digit or _ before it


def _meeting_place(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start() - 60) : m.start()]
    if not _place_before(before):
        return False
    if before.rstrip().endswith("("):
        return bool(_DATE_AFTER.match(text, m.end()))
    return bool(_MEETING_BEFORE.search(before))


_ARTICLE_BEFORE = (("Raad", ("de", "De")), ("Council", ("the", "The")))


def _the_council(text: str) -> list[re.Match]:
    """`list(THE_COUNCIL.finditer(text))`, tried only where a match can
    start: the article before the white space before each "Raad" or
    "Council" (found by str.find, where the pattern's scan tries every d
    and t of the text). Its matches cannot overlap (each holds one name,
    at its end), so matching each such place in order finds what finditer
    does. Linear: each name found once, the white space before it read once."""
    starts = []
    for name, articles in _ARTICLE_BEFORE:
        i = text.find(name)
        while i != -1:
            j = i
            while j and text[j - 1].isspace():  # \s is str.isspace
                j -= 1
            if j < i and j >= len(articles[0]) and text[j - len(articles[0]) : j] in articles:
                starts.append(j - len(articles[0]))
            i = text.find(name, i + len(name))
    found = []
    for start in sorted(starts):
        m = THE_COUNCIL.match(text, start)
        if m is not None:
            found.append(m)
    return found


def find_mentions(text: str) -> list[dict]:
    """One dict per entity and role named in `text`, in order of first
    mention: entity_id, entity (its Dutch name), entity_kind, role
    (`subject`, or `meeting-place` for a country where a meeting is held),
    the words matched (`; `-joined) and how often."""
    by_alias = _pattern()[1]
    every, capitals, lower, council = _scanners()
    text = _nfc(text)
    pattern = capitals
    for a in lower:  # a plain loop: cheaper than any() over a generator, and this runs for every paragraph
        if a in text:
            pattern = every
            break
    hits = [(m, by_alias[m.group(0)]) for m in pattern.finditer(text)]
    if prefilter.possible(THE_COUNCIL, text):
        taken = [(m.start(), m.end()) for m, _ in hits]
        hits += [(m, council) for m in _the_council(text) if not any(s <= m.end() - 1 < e for s, e in taken)]
        hits.sort(key=lambda h: h[0].start())
    if not hits:
        return []
    found: dict[tuple[str, str], dict] = {}
    for m, entity in hits:
        place = entity["kind"] in ("eu-member-state", "country") and _meeting_place(text, m)
        role = "meeting-place" if place else "subject"
        hit = found.get((entity["id"], role))
        if hit is None:  # not made for every hit, as setdefault's default would be
            hit = found[entity["id"], role] = {
                "entity_id": entity["id"], "entity": entity["name"], "entity_kind": entity["kind"], "role": role, "matched": [], "count": 0,
            }
        hit["count"] += 1
        if m.group(0) not in hit["matched"]:
            hit["matched"].append(m.group(0))
    return [dict(h, matched="; ".join(h["matched"])) for h in found.values()]
