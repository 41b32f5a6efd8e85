"""People: the letters' signatories and everyone else they name (members of
parliament, commissioners, other states' ministers and officials),
deduplicated across letters: one person, several roles over time ("D.M. van
Weel" signs as minister of Justitie en Veiligheid and later of Asiel en
Migratie).

`find_named_people(text)` is pure (text in, names with their role out);
`build_people` joins signatures and named people into one row per person.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from importlib import resources

from .. import prefilter
from ..normalize.common import fold

ROLE_KINDS = ("signatory", "member-of-parliament", "commissioner", "minister", "official")

TITLES = {"mr", "dr", "drs", "prof", "ir", "ing", "ds"}


@lru_cache(maxsize=1 << 14)
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


@lru_cache(maxsize=1)
def _offices() -> dict[str, str]:
    """Every spelling of an office (folded) → its one spelling (vocab/offices.csv)."""
    out: dict[str, str] = {}
    with resources.files("jbz.vocab").joinpath("offices.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for spelling in [row["office"], *(a for a in (row["aliases"] or "").split("|") if a.strip())]:
                out[fold(re.sub(r"\s+", " ", spelling.strip()))] = row["office"]
    return out


@lru_cache(maxsize=1 << 14)
def normalise_role(role: str) -> str:
    """"De Minister voor Asiel en Migratie" → `minister van Asiel en Migratie`:
    the office's one spelling when the vocabulary knows it, else the printed
    office without its article, lower-case first letter."""
    role = re.sub(r"^(?:De|Het|de|het)\s+", "", re.sub(r"\s+", " ", role.strip().rstrip(",")))
    known = _offices().get(fold(role))
    if known:
        return known
    return role[:1].lower() + role[1:]


# --- people named in a text --------------------------------------------------------

_NAME = r"(?:(?:van|de|der|den|ter|von|di|da|Van|De|Der|Den|Ter|Von)\s+)*[A-Z][\w'’\-]*[^\W\d_]"
# "(Euro)commissaris Binnenlandse Zaken (Johansson)", "Eurocommissaris Brunner zal …"
_COMMISSIONER = re.compile(
    rf"\b(?:[Ee]uro|EU-)?[Cc]ommissaris\b(?:(?P<office>[^().;]{{0,60}}?)\s*\((?P<bracketed>{_NAME})\)|\s+(?P<name>{_NAME})(?=\s*[,.;:]|\s+[a-z]))"
)
# portfolio words that follow "commissaris" but name no one
_PORTFOLIO = {"binnenlandse", "zaken", "migratie", "justitie", "veiligheid", "democratie", "interne", "voor", "van"}
# "het lid Keijzer", "de leden Piri en Bontenbal", "Kamerlid Koekkoek", "Kamervragen van lid Koekkoek"
_PERSON = rf"{_NAME}(?:\s+{_NAME})*"
_MEMBERS = re.compile(rf"\b(?:[Hh]et\s+|van\s+)?(?:Kamer)?(?:lid|leden)\s+(?P<names>{_PERSON}(?:\s*(?:,|\ben\b)\s*{_PERSON})*)")
# What every match of _MEMBERS holds: "lid" or "leden" and whitespace. The prefilter's strings ("lid",
# "leden") are in most paragraphs ("lidstaten", "beleid"), and _MEMBERS, which starts with no fixed
# character, is tried at every position of them; this scan, which starts with a fixed one, is not.
_MEMBERS_GUARD = re.compile(r"l(?:id|eden)\s")
# "president Zelenskyy", "premier Meloni", "minister-president Tusk"
_LEADER = re.compile(rf"\b(?P<office>president|premier|minister-president|kanselier|koning|koningin)\s+(?P<name>{_NAME})(?:[’']s)?(?![\w-])")
# an attachment's signature line: "Matteo Piantedosi MINISTER OF INTERIOR", after "On behalf of the Ministry of … of <state>"
_SIGNATURE_LINE = re.compile(r"^(?P<name>(?:[A-Z][a-zà-ÿ'’-]+|van|de|der|den|ter)(?:\s+(?:[A-Z][a-zà-ÿ'’-]+|van|de|der|den|ter))+)\s+(?P<office>[A-Z][A-Z ,&-]{5,})$")
_ON_BEHALF = re.compile(r"\b(?:On behalf of|Namens|For the)\b.*\b(?:of|van)\s+(?:the\s+)?(?P<state>[A-Z][\w ]*?)\s*$")


def _attachment_signature(line: str, previous: str) -> list[dict]:
    m = _SIGNATURE_LINE.match(line)
    if not m:
        return []
    behalf = _ON_BEHALF.search(previous)
    if not behalf:
        return []
    office = m.group("office").strip()
    return [{"name": m.group("name"), "role_kind": "minister" if "MINISTER" in office else "official",
             "role": f"{normalise_role(office)} ({behalf.group('state')})", "start": 0}]
_NOT_A_NAME = {"de", "het", "een", "deze", "die", "dat", "zal", "is", "heeft", "en", "the", "of"}


def find_named_people(text: str, previous: str = "") -> list[dict]:
    """People a text names with the role it names them in: dicts with name
    (as printed), role_kind, role (office as printed, or NULL), start. `previous`
    is the text before (an attachment's "On behalf of …" line)."""
    found: list[dict] = []
    for m in prefilter.finditer(_COMMISSIONER, text):
        name = m.group("bracketed") or m.group("name")
        if fold(name.split()[0]) in _PORTFOLIO:
            continue
        office = re.sub(r"\s+", " ", ("commissaris " + (m.group("office") or "")).strip())
        found.append({"name": name, "role_kind": "commissioner", "role": office, "start": m.start()})
    for m in _MEMBERS.finditer(text) if _MEMBERS_GUARD.search(text) else ():
        from ..motions import NOT_A_MOVER  # here: linking (this module's other half) does not load the motions' patterns

        for name in re.split(r"\s*(?:,|\ben\b)\s*", m.group("names")):
            if not name or name.split()[0].lower() in NOT_A_MOVER:
                break  # "het lid Diederik van Dijk, Kamerstuk 19637": the list of names has ended
            if name.split()[0].lower() not in _NOT_A_NAME:
                found.append({"name": name, "role_kind": "member-of-parliament", "role": "Kamerlid", "start": m.start()})
    for m in prefilter.finditer(_LEADER, text):
        name = re.sub(r"[’']s$", "", m.group("name"))
        found.append({"name": name, "role_kind": "official", "role": m.group("office"), "start": m.start()})
    found += _attachment_signature(text.strip(), previous)
    if not found:
        return found  # most texts
    return [f for f in sorted(found, key=lambda f: f["start"]) if f["name"].split()[0].lower() not in _NOT_A_NAME]


@lru_cache(maxsize=1 << 14)
def _key(name: str, role_kind: str) -> tuple[str, str]:
    """People named by their surname only (members of parliament in motions:
    "motie Van Campen en Boswijk") are keyed by that surname; others by
    initial and surname."""
    if role_kind == "member-of-parliament" or len(name.split()) == 1 or name.split()[0].lower() in ("van", "de", "der", "den", "ter", "von"):
        return "", fold(name)
    return person_key(name)


def build_people(signatories: list[dict], named: list[dict] = ()) -> tuple[list[dict], dict[tuple[str, int], str], dict[str, str]]:
    """People rows; the person id of each (letter_id, ordinal) signature; the
    person id of each named-person row (by its id). A name printed as a
    signatory and named elsewhere in full is one person."""
    groups: dict[tuple[str, str], dict] = {}
    for sig in sorted(signatories, key=lambda s: (s["letter_id"], s["ordinal"])):
        g = groups.setdefault(person_key(sig["name"]), {"names": [], "roles": set(), "kinds": set(), "letters": set(), "sigs": [], "named": []})
        g["names"].append(sig["name"])
        g["kinds"].add("signatory")
        g["letters"].add(sig["letter_id"])
        g["sigs"].append(sig)
        if sig.get("role"):
            g["roles"].add(normalise_role(sig["role"]))
    for row in sorted(named, key=lambda r: r["id"]):
        key = _key(row["name"], row["role_kind"])
        if key not in groups and key[0] == "":
            # a surname alone joins the one full name that ends with it ("Van Weel" → "D.M. van Weel")
            matches = [k for k in groups if k[0] and k[1] == key[1]]
            key = matches[0] if len(matches) == 1 else key
        g = groups.setdefault(key, {"names": [], "roles": set(), "kinds": set(), "letters": set(), "sigs": [], "named": []})
        g["names"].append(row["name"])
        g["kinds"].add(row["role_kind"])
        g["letters"].add(row["letter_id"])
        g["named"].append(row)
        if row.get("role"):
            g["roles"].add(normalise_role(row["role"]))
    people, sig_ids, named_ids = [], {}, {}
    for g in groups.values():
        # the spelling printed most often names the person (ties: the fullest)
        spellings = g["names"]
        name = max(sorted(set(spellings)), key=lambda n: (spellings.count(n), len(n)))
        pid = person_id(name)
        people.append({"id": pid, "name": name, "roles": json.dumps(sorted(g["roles"]), ensure_ascii=False),
                       "role_kinds": json.dumps([k for k in ROLE_KINDS if k in g["kinds"]]),
                       "letter_count": len(g["letters"])})
        for s in g["sigs"]:
            sig_ids[(s["letter_id"], s["ordinal"])] = pid
        for r in g["named"]:
            named_ids[r["id"]] = pid
    return sorted(people, key=lambda p: p["id"]), sig_ids, named_ids
