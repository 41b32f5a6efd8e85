"""Motions (moties) and commitments (toezeggingen) a text names, and what the
cabinet says of them: declared done ("beschouwt … als afgedaan"), carried
out ("geeft hiermee uitvoering aan"), or only mentioned.

Movers are read as written: "motie Van Campen en Boswijk", "motie van het
lid Diederik van Dijk", "motie Eerdmans/Van Hijum", "moties Van Raan c.s.".
"""

from __future__ import annotations

import re

from .sentences import split_sentences

_PARTICLE = r"(?:van|de|der|den|ter|te|'t|Van|De|Der|Den|Ter)"
_TOKEN = r"[A-Z][\w'’\-]*[\wà-ÿ]"
PERSON = rf"(?:{_PARTICLE}\s+)*{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_TOKEN})*"
PEOPLE = rf"{PERSON}(?:\s*(?:,|\ben\b|/|&)\s*{PERSON})*(?:\s+c\.s\.)?"
MOTIE = re.compile(rf"\b(?P<word>[Mm]oties?)\s+(?:van\s+(?:het\s+lid|de\s+leden)\s+)?(?P<people>{PEOPLE})")
CS_NAME = re.compile(rf"(?P<people>{PERSON})\s+c\.s\.")
TOEZEGGING = re.compile(
    r"\b[Tt]oezegging(?:en)?\b(?=[^.]{0,120}\b(?i:minister|staatssecretaris|kabinet|minister-president|bewindspersoon)\b)"
    r"|^[Tt]oezegging(?:en)?\b(?=\s+\w+\s+\w+)|\btoegezegd\b(?=[^.]{0,60}\b(?:[Dd]ebat|Kamer|[Cc]ommissiedebat|overleg)\b)"
)
# Words that end a list of movers: "motie van het lid Diederik van Dijk, Kamerstuk …", "Motie TK, 21 501".
NOT_A_MOVER = {"kamerstuk", "kamerstukken", "tk", "ek", "tweede", "eerste", "kamer", "handelingen", "nr", "zie"}
DONE = re.compile(r"\bafgedaan\b")
CARRIED = re.compile(r"\buitvoering\s+(?:aan|gegeven|geeft)|\bgeeft\b[^.]{0,40}\b(?:uitvoering|invulling)\b|\binvulling\s+aan\b|\bgestand\b")
STRENGTH = {"mentioned": 0, "carried_out": 1, "declared_done": 2}


def status_of(sentence: str) -> str:
    if DONE.search(sentence):
        return "declared_done"
    if CARRIED.search(sentence):
        return "carried_out"
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


def find_motions(text: str) -> list[dict]:
    """Each motion and commitment named in `text`: kind, name, movers, status, sentence."""
    found: list[dict] = []
    for start, end in split_sentences(text):
        sentence = text[start:end].strip()
        status = status_of(sentence)
        for m in MOTIE.finditer(sentence):
            if m.group("word").lower() == "moties":
                # "de moties Van Raan c.s., …, Van Ginneken c.s. … en Van Weerdenburg c.s.": one motion per name
                names = [c.group("people") for c in CS_NAME.finditer(sentence, m.start("people"))] or [m.group("people")]
                for people in names:
                    movers = movers_of(people)
                    found.append({"kind": "motie", "name": f"motie {people.strip()} c.s.", "movers": movers, "status": status,
                                  "sentence": sentence, "start": start + sentence.find(people)})
                continue
            movers = movers_of(m.group("people"))
            if not movers:
                continue
            # the name as written, up to the last mover
            last = movers[-1]
            name = re.sub(r"\s+", " ", m.group(0)[: m.group(0).rfind(last) + len(last)].strip())
            found.append({"kind": "motie", "name": name[0].lower() + name[1:], "movers": movers, "status": status,
                          "sentence": sentence, "start": start + m.start()})
        t = TOEZEGGING.search(sentence)
        if t:
            name = re.sub(r"\s+", " ", sentence[t.start() : t.start() + 140]).strip()
            name = re.split(r"(?<=[a-z]),\s|\s\(", name)[0]
            found.append({"kind": "toezegging", "name": name, "movers": [], "status": status, "sentence": sentence, "start": start + t.start()})
    return found


def merge(mentions: list[dict]) -> list[dict]:
    """One row per motion per letter: its strongest status and that sentence."""
    merged: dict[tuple, dict] = {}
    order: list[tuple] = []
    for m in mentions:
        key = (m["kind"], key_of(m["movers"]) if m["kind"] == "motie" else m["sentence"])
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
