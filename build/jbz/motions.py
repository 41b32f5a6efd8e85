"""Motions (moties) and commitments (toezeggingen) a text names, and what the
cabinet says of them:

- `declared_done`: the letter declares it handled ("beschouwt … als afgedaan",
  "hiermee is … afgedaan");
- `carried_out`: the letter says the cabinet acts on it without declaring it
  done ("geeft hiermee uitvoering/invulling aan", "conform de motie …",
  "in lijn met de toezegging …", "zoals toegezegd", "gestand doen");
- `mentioned`: anything else.

Movers are read as written: "motie Van Campen en Boswijk", "motie van het
lid Diederik van Dijk", "motie Eerdmans/Van Hijum", "moties Van Raan c.s.".
A commitment is named by "toezegging" with the official who made it
("de toezegging van de minister-president om …") or by "zoals toegezegd
tijdens het Commissiedebat …"; later sentences of the same text that speak
of "de toezegging(en)" are further mentions of it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import prefilter
from .sentences import split_sentences

# Linear time on any text: a name part starts only at a word start, the
# particles before it are taken atomically ("De" is a particle or a name, never
# both ways, which made "De De De …" take exponential time), and a name has at
# most 7 parts, so a run of capitalised words is read once, not once per word.
_PARTICLE = r"(?:van|de|der|den|ter|te|'t|Van|De|Der|Den|Ter)"
_TOKEN = r"(?<![\w'’\-])[A-Z][\w'’\-]*[\wà-ÿ]"
_PARTICLES = rf"(?>(?:{_PARTICLE}\s+){{0,4}})"
PERSON = rf"{_PARTICLES}{_TOKEN}(?:\s+{_PARTICLES}{_TOKEN}){{0,6}}"
PEOPLE = rf"{PERSON}(?:\s*(?:,|\ben\b|/|&)\s*{PERSON})*+(?:\s+c\.s\.)?"
MOTIE = re.compile(rf"\b(?P<word>[Mm]oties?)(?:\s+|-)(?:van\s+(?:het\s+lid|de\s+leden)\s+)?(?P<people>{PEOPLE})")
CS_NAME = re.compile(rf"(?P<people>{PERSON})\s+c\.s\.")
OFFICIAL = r"minister-president|minister|staatssecretaris|kabinet|bewindspersoon|premier"
TOEZEGGING = re.compile(
    rf"\b[Tt]oezegging(?:en)?\b(?=[^.]{{0,120}}\b(?i:{OFFICIAL})\b)"
    r"|\btoegezegd\b(?=[^.]{0,60}\b(?:[Dd]ebat|Kamer|[Cc]ommissiedebat|[Pp]lenair|overleg|[Bb]eschouwingen)\b)"
)
# "de toezegging(en)" again, later in the same text: the same commitment
TOEZEGGING_AGAIN = re.compile(r"\b[Tt]oezegging(?:en)?\b")
# Words that end a list of movers: "motie van het lid Diederik van Dijk, Kamerstuk …", "Motie TK, 21 501".
NOT_A_MOVER = {"kamerstuk", "kamerstukken", "tk", "ek", "tweede", "eerste", "kamer", "handelingen", "nr", "zie"}
DONE = re.compile(r"\bafgedaan\b")
CARRIED = re.compile(
    r"\buitvoering\s+(?:aan|gegeven|geeft)|\bgeeft\b[^.]{0,40}\b(?:uitvoering|invulling)\b|\binvulling\s+aan\b|\bgestand\b"
    r"|\b(?:[Cc]onform|[Ii]n\s+lijn\s+met|[Tt]er\s+uitvoering\s+van|[Ii]ngevolge)\s+(?:de\s+|het\s+)?(?:aangenomen\s+)?(?:[Mm]oties?|[Tt]oezegging)"
    r"|\b[Zz]oals\s+(?:eerder\s+)?toegezegd\b"
)
# The sentence speaks of what is still to come: "zal … oproepen", "wordt momenteel gepland – daarmee zullen de
# toezeggingen gestand worden gedaan".
FUTURE = re.compile(
    r"\b(?:zal|zullen)\b|\bwordt\s+(?:momenteel\s+|nu\s+|op\s+dit\s+moment\s+)?(?:gepland|voorbereid|uitgewerkt|bezien)\b"
    r"|\bbinnenkort\b|\bin\s+voorbereiding\b|\bvoornemens\b"
)
STRENGTH = {"mentioned": 0, "planned": 1, "carried_out": 2, "declared_done": 3}


def status_of(sentence: str) -> str:
    """`declared_done` ("beschouwt … als afgedaan"), `planned` (acting on it
    is announced for later), `carried_out` (the letter acts on it now) or
    `mentioned`."""
    if DONE.search(sentence):
        return "declared_done"
    if CARRIED.search(sentence):
        return "planned" if FUTURE.search(sentence) else "carried_out"
    return "mentioned"


def movers_of(people: str) -> list[str]:
    people = re.sub(r"\s+c\.s\.$", "", people.strip())
    movers = []
    for p in re.split(r"\s*(?:,|\ben\b|/|&)\s*", people):
        p = p.strip()
        if not p:
            continue
        if p.split()[0].lower() in NOT_A_MOVER:
            break
        movers.append(p)
    return movers


def key_of(movers: list[str]) -> str:
    """Case and particles aside, the same movers are the same motion."""
    return "|".join(re.sub(r"\s+", " ", m.lower()) for m in movers)


def official_of(text: str) -> str:
    """Who made a commitment: the first office named after the word ("minister van Asiel en Migratie")."""
    m = re.search(rf"\b(?i:{OFFICIAL})\b(?:\s+(?:van|voor)\s+(?:[A-Z][\w-]*(?:\s+en\s+|\s+))*[A-Z][\w-]*)?", text)
    return re.sub(r"\s+", " ", m.group(0)).lower() if m else ""


def _motions_in(sentence: str, start: int, status: str) -> list[dict]:
    found = []
    for m in MOTIE.finditer(sentence):
        if m.group("word").lower() == "moties":
            # "de moties Van Raan c.s., …, Van Ginneken c.s. … en Van Weerdenburg c.s.": one motion per name;
            # "de moties Eerdmans en Van Dijk": one motion per mover
            cs = [c.group("people") for c in CS_NAME.finditer(sentence, m.start("people"))]
            names = [f"{p.strip()} c.s." for p in cs] or movers_of(m.group("people"))
            for name in names:
                movers = movers_of(name)
                if movers:
                    found.append({"kind": "motie", "name": f"motie {name}", "movers": movers, "status": status,
                                  "sentence": sentence, "start": start + sentence.find(name, m.start("people"))})
            continue
        movers = movers_of(m.group("people"))
        if not movers:
            continue
        # the name as written, up to the last mover
        last = movers[-1]
        name = re.sub(r"\s+", " ", m.group(0)[: m.group(0).rfind(last) + len(last)].strip())
        found.append({"kind": "motie", "name": name[0].lower() + name[1:], "movers": movers, "status": status,
                      "sentence": sentence, "start": start + m.start()})
    return found


_NAME_END = re.compile(r"(?<=\w),\s|\s\(|:|\s(?=(?:beschouwt|geeft|komt|informeert|is|zijn|wordt|worden|heeft|zal|zullen)\b)")
# "… over welke landen … kansrijk zijn om …": a copula inside a clause of the name does not end it
_SUBCLAUSE = re.compile(r"\b(?:welke|wat|waar\w*|hoe|wanneer)\b")


def commitment_name(text: str) -> str:
    """A commitment's name: from the word to the first comma, bracket or
    colon, or to the verb of the sentence (not a verb of a clause within it)."""
    end = len(text)
    for m in _NAME_END.finditer(text):
        copula = text[m.end() : m.end() + 5].rstrip() in ("is", "zijn")
        if not copula or not _SUBCLAUSE.search(text, 0, m.start()):
            end = m.start()
            break
    name = re.sub(r"\s+", " ", text[:end]).strip()
    name = re.sub(r"\s+het\s+volgende$", "", name)
    return re.sub(r"\.$", "", name)[:200]


@lru_cache(maxsize=1)
def _named_words() -> tuple[str, ...]:
    """Strings one of which every match of MOTIE or TOEZEGGING holds (`prefilter.needles`):
    one test of a text for both, where most texts hold none."""
    return prefilter.needles(MOTIE) + prefilter.needles(TOEZEGGING)


def find_motions(text: str) -> list[dict]:
    """Each motion and commitment named in `text`, in order: kind, name, movers,
    status, the sentence, its offset (`start`) and, for a commitment, `official`
    (`again` marks a later mention of a commitment already found)."""
    found: list[dict] = []
    if not prefilter.may_match(_named_words(), text):
        return found  # no word that names a motion or a commitment ("motie", "toezegging", "toegezegd")
    commitment: dict | None = None
    for start, end in split_sentences(text):
        sentence = text[start:end].strip()
        if not (prefilter.possible(MOTIE, sentence) or prefilter.possible(TOEZEGGING, sentence)):
            continue  # nothing to find here ("toezegging" again is one of TOEZEGGING's words too)
        start += len(text[start:end]) - len(text[start:end].lstrip())
        status = status_of(sentence)
        found += _motions_in(sentence, start, status)
        t = TOEZEGGING.search(sentence)
        if t:
            name = commitment_name(sentence[t.start() :])
            commitment = {"kind": "toezegging", "name": name, "movers": [], "status": status, "sentence": sentence,
                          "start": start + t.start(), "official": official_of(sentence[t.start() :])}
            found.append(commitment)
        elif commitment is not None and (a := TOEZEGGING_AGAIN.search(sentence)):
            found.append(dict(commitment, status=status, sentence=sentence, start=start + a.start(), again=True))
    return found


def merge(mentions: list[dict]) -> list[dict]:
    """One row per motion per letter (same movers) and per commitment per text
    and official (`_ref` names the text): its strongest status and that
    sentence; `mentions` keeps every mention."""
    merged: dict[tuple, dict] = {}
    order: list[tuple] = []
    for m in mentions:
        if m["kind"] == "motie":
            key = ("motie", key_of(m["movers"]))
        else:
            key = ("toezegging", m.get("_ref"), m.get("official"))
        have = merged.get(key)
        if have is None:
            merged[key] = dict(m, mentions=[m])
            order.append(key)
            continue
        mentions_so_far = have["mentions"] + [m]
        if STRENGTH[m["status"]] > STRENGTH[have["status"]]:
            merged[key] = dict(m)
        merged[key]["mentions"] = mentions_so_far
    return [merged[k] for k in order]
