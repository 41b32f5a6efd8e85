"""Which EU file each agenda item is about, so one file can be followed from
meeting to meeting whatever each letter calls it.

The files and their names are data (`jbz/vocab/eu_files.csv`, documented in
`jbz/vocab/README.md`); the rules below are general. For each item, in order:

1. *generic*: a heading such as "Overige onderwerpen", "Diversen" or
   "Werkprogramma van het aankomende voorzitterschap"
   (`vocab/generic_headings.csv`) is never a file. When such words only open
   the title ("Werklunch – Justitiële samenwerking met derde landen"), the
   rest of the title is what is matched below.
2. *identifier*: a COM number, interinstitutional procedure number, CELEX
   number (or the EU act it stands for) or BNC-fiche (Kamerstuk 22 112) cited
   in the item's paragraphs or their footnotes that the vocabulary gives for
   a file. The strongest evidence: the letter itself says which document it
   is about. When identifiers name several files, the one the title also
   names wins, else the one cited first.
3. *vocabulary*: a name or alias of a file in the title; the longest
   matching alias wins, a tie between files links nothing.
4. *similarity*: the title is close (character trigrams) to the name of a
   file or to the title of an item linked by its title (3) in any letter.
5. *structure*: a sub-item without a file of its own takes its parent's
   ("Asiel- en migratiepact: implementatie" → "a) Follow-up door het
   Voorzitterschap"); a parent without one takes the file all its linked
   sub-items share.

Steps 1–3 read only the item's own letter (`item_summaries`, run per
letter in the build's workers, a small summary per item goes to linking);
steps 4–5 run across letters (`link_agenda`, from `jbz.link.core`).

An item left without a file (and not a generic heading or a parent whose
sub-items carry files) is reported in `data_issues` (`no-eu-file`) with the
identifiers it cites, so the vocabulary can be extended.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from .. import prefilter
from .text import Phrase, SimilarTitles, words

Tables = dict[str, list[dict]]
SIMILAR = 0.8  # trigram Dice a title needs to join a file by similarity
# citation kinds that identify an EU document
PROCEDURE = re.compile(r"\b((?:19|20)\d\d)\s*/\s*(\d{4})\s*\(\s*(COD|CNS|NLE|APP|SYN|AVC|CNB)\s*\)")
COM = re.compile(r"^COM\s*\(\s*(\d{4})\s*\)\s*0*(\d+)")
ACT = re.compile(r"\b(Verordening|Richtlijn|Besluit|Uitvoeringsbesluit|Uitvoeringsverordening)\b.*?(\d+)\s*/\s*(\d+)", re.I)
ACT_LETTER = {"verordening": "R", "uitvoeringsverordening": "R", "richtlijn": "L", "besluit": "D", "uitvoeringsbesluit": "D"}
BNC_DOSSIER = "22112"


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read(name: str) -> list[dict]:
    with resources.files("jbz.vocab").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def com_key(text: str) -> str | None:
    """`COM(2025) 101 final`, `COM (2022) 695 def.` → `COM(2025) 101`."""
    m = COM.match((text or "").strip())
    return f"COM({m.group(1)}) {int(m.group(2))}" if m else None


def act_celex(text: str) -> str | None:
    """The CELEX number of an EU act named as in the letters: `Verordening (EU)
    2024/1351` → 32024R1351, `Besluit 1313/2013/EU` → 32013D1313, `Richtlijn
    2001/55/EG` → 32001L0055. The year is the part that looks like one."""
    m = ACT.search(text or "")
    if not m:
        return None
    a, b = int(m.group(2)), int(m.group(3))
    is_year = lambda n: 1950 <= n <= 2099  # noqa: E731
    if is_year(a) and (not is_year(b) or "(EU)" in text or m.group(1).lower() == "richtlijn"):
        year, number = a, b
    elif is_year(b):
        year, number = b, a
    else:
        return None
    return f"3{year}{ACT_LETTER[m.group(1).lower()]}{number:04d}"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict, ...]:
    """The curated EU files, each with its identifiers and alias phrases."""
    files = []
    for row in _read("eu_files.csv"):
        f = dict(row)
        f["identifiers"] = (
            {("com", k) for v in _split(row["com"]) if (k := com_key(v))}
            | {("procedure", v.replace(" ", "")) for v in _split(row["procedure"])}
            | {("celex", v) for v in _split(row["celex"])}
            | {("bnc", v.split("-")[-1]) for v in _split(row["bnc_fiche"])}
        )
        f["phrases"] = [Phrase(a) for a in [row["name_nl"], *_split(row["aliases"])]]
        files.append(f)
    return tuple(files)


@lru_cache(maxsize=1)
def generic_phrases() -> tuple[Phrase, ...]:
    return tuple(Phrase(r["phrase"]) for r in _read("generic_headings.csv"))


def strip_generic(title: str) -> list[str] | None:
    """The title's words without a generic opening ("Werklunch –", "AOB");
    None when the whole title is generic."""
    kept = _strip_generic(title)
    return None if kept is None else list(kept)


@lru_cache(maxsize=1 << 14)
def _strip_generic(title: str) -> tuple[str, ...] | None:  # titles recur from letter to letter: each is read once
    tokens = words(title)
    if not tokens:
        return None
    for phrase in generic_phrases():
        end = phrase.prefix(tokens)
        if end is not None:
            return tuple(tokens[end:]) or None
    return tuple(tokens)


def find_identifiers(texts: list[str], citations: list[dict]) -> list[tuple[str, str]]:
    """(kind, value) of every EU-document identifier in an item, in order of
    appearance: its citations first, then procedure numbers in its texts."""
    found: list[tuple[str, str]] = []
    for c in citations:
        kind, ident = c.get("kind"), c.get("identifier") or ""
        if kind == "com" and (k := com_key(ident or c.get("raw") or "")):
            found.append(("com", k))
        elif kind == "celex" and ident:
            found.append(("celex", ident))
        elif kind == "eu-act" and (k := act_celex(ident or c.get("raw") or "")):
            found.append(("celex", k))
        elif c.get("nummer") and (kind == "bnc-fiche" or (kind == "kamerstuk" and c.get("dossier") == BNC_DOSSIER)):
            found.append(("bnc", c["nummer"]))
    for text in texts:
        for m in prefilter.finditer(PROCEDURE, text or ""):  # most texts hold none of its codes (COD, NLE, …)
            found.append(("procedure", f"{m.group(1)}/{m.group(2)}({m.group(3)})"))
    return list(dict.fromkeys(found))


def _by_identifier(idents: list[tuple[str, str]], tokens: list[str]) -> tuple[dict, str] | None:
    hits = [(f, f"{kind} {value}") for kind, value in idents for f in vocabulary() if (kind, value) in f["identifiers"]]
    if not hits:
        return None
    named = [h for h in hits if any(p.match(tokens) for p in h[0]["phrases"])]
    return (named or hits)[0]


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, list[tuple[int, dict, Phrase]]]:
    """Each vocabulary phrase under its first word, with its place in the
    vocabulary's order: a phrase can only match a title that holds its first word."""
    index: dict[str, list[tuple[int, dict, Phrase]]] = {}
    order = 0
    for f in vocabulary():
        for p in f["phrases"]:
            if p.parts:  # a phrase without words matches nothing
                index.setdefault(p.parts[0][0], []).append((order, f, p))
            order += 1
    return index


def _by_vocabulary(tokens: list[str]) -> tuple[dict | None, str, list[str]]:
    """(file, alias) of the longest alias in the title; (None, '', tied ids) on a tie."""
    f, alias, tied = _by_vocabulary_of(tuple(tokens))
    return f, alias, list(tied)


@lru_cache(maxsize=1 << 14)
def _by_vocabulary_of(key: tuple[str, ...]) -> tuple[dict | None, str, tuple[str, ...]]:  # titles recur: each read once
    tokens = list(key)  # a phrase's parts are lists, compared with slices of the tokens
    best: dict[str, tuple[int, str]] = {}
    index = _phrases_by_first_word()
    # only the phrases that start with one of the title's words, in vocabulary order (the same result as trying all)
    candidates = sorted((c for w in set(tokens) for c in index.get(w, ())), key=lambda c: c[0])
    for _, f, p in candidates:
        if p.match(tokens) and p.size > best.get(f["id"], (0, ""))[0]:
            best[f["id"]] = (p.size, p.text)
    if not best:
        return None, "", ()
    top = max(size for size, _ in best.values())
    winners = sorted(fid for fid, (size, _) in best.items() if size == top)
    if len(winners) > 1:
        return None, "", tuple(winners)
    fid = winners[0]
    return next(f for f in vocabulary() if f["id"] == fid), best[fid][1], ()


def _item_texts(records: Tables) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """Per agenda item: its paragraph and footnote texts, and its citations."""
    para_item = {p["id"]: p.get("agenda_item_id") for p in records.get("paragraphs", [])}
    note_item = {f["id"]: para_item.get(f.get("paragraph_id")) for f in records.get("footnotes", [])}
    texts: dict[str, list[str]] = {}
    for p in records.get("paragraphs", []):
        if p.get("agenda_item_id"):
            texts.setdefault(p["agenda_item_id"], []).append(p.get("text") or "")
    for f in records.get("footnotes", []):
        if note_item.get(f["id"]):
            texts.setdefault(note_item[f["id"]], []).append(f.get("text") or "")
    cites: dict[str, list[dict]] = {}
    for c in sorted(records.get("citations", []), key=lambda c: c["id"]):
        item = para_item.get(c.get("paragraph_id")) or note_item.get(c.get("footnote_id"))
        if item:
            cites.setdefault(item, []).append(c)
    return texts, cites


SUMMARY_KEYS = ("id", "letter_id", "meeting_id", "doc_kind", "section", "number", "sub", "is_group", "group_id", "title")


def item_summaries(records: Tables) -> list[dict]:
    """Steps 1–3 for one letter's rows (pure, per letter): per agenda item the
    little that linking across letters needs, with the file its own text names."""
    texts, cites = _item_texts(records)
    source = {l["id"]: l.get("source_file") for l in records.get("letters", [])}
    out = []
    for a in records.get("agenda_items", []):
        s = {k: a.get(k) for k in SUMMARY_KEYS}
        s.update(source_file=source.get(a.get("letter_id")), has_text=bool((a.get("text") or "").strip()),
                 eu_file_id=None, eu_file_method=None, eu_file_evidence=None, tied=[])
        tokens = strip_generic(a.get("title") or "")
        s["generic"] = tokens is None
        s["tokens"] = " ".join(tokens or [])
        idents = find_identifiers(texts.get(a["id"], []), cites.get(a["id"], []))
        s["cited"] = [f"{k} {v}" for k, v in idents]
        out.append(s)
        if tokens is None:
            continue
        hit = _by_identifier(idents, tokens)
        if hit:
            s.update(eu_file_id=hit[0]["id"], eu_file_method="identifier", eu_file_evidence=hit[1])
            continue
        f, alias, tied = _by_vocabulary(tokens)
        if f:
            s.update(eu_file_id=f["id"], eu_file_method="vocabulary", eu_file_evidence=alias)
        s["tied"] = tied
    return out


def parent_of(items: list[dict]) -> dict[str, str]:
    """Sub-item id → id of the group heading it stands under: the parser's
    `group_id`, or else the item of the same letter, section and number
    without a sub letter."""
    if any(a.get("group_id") for a in items):
        return {a["id"]: a["group_id"] for a in items if a.get("group_id")}
    heads = {(a["letter_id"], a.get("section"), a["number"]): a["id"] for a in items if a.get("number") and not a.get("sub")}
    return {a["id"]: heads[k] for a in items if a.get("sub") and (k := (a["letter_id"], a.get("section"), a.get("number"))) in heads}


def link_agenda(items: list[dict], meeting_dates: dict[str, str], final_id=lambda item_id, letter_id: item_id) -> tuple[list[dict], list[dict]]:
    """Steps 4–5 across letters on `item_summaries` (changed in place), then
    the `eu_files` rows and a data issue per item left without a file.
    `final_id(item id, letter id)` gives an item's id as published (after a
    letter's inferred number renamed it)."""
    known = [(f["name_nl"], f["id"]) for f in vocabulary()]
    # titles linked by an identifier may not name their file at all ("Overige onderwerpen: lopende wetsvoorstellen")
    known += [(a["tokens"], a["eu_file_id"]) for a in items if a["eu_file_method"] == "vocabulary"]
    index = SimilarTitles(known, SIMILAR)
    for a in items:
        if a["eu_file_id"] or a["generic"] or a["tied"]:
            continue
        score, fid, like = index.best(a["tokens"])
        if fid and score >= SIMILAR:
            a.update(eu_file_id=fid, eu_file_method="similarity", eu_file_evidence=f"{like} ({score:.2f})")
    by_id = {a["id"]: a for a in items}
    parents = {sub: head for sub, head in parent_of(items).items() if head in by_id}
    for sub, head_id in parents.items():  # in item order (as `parent_of` gives them): a head may take its own head's file first
        a, head = by_id[sub], by_id[head_id]
        if not a["eu_file_id"] and head["eu_file_id"] and head["eu_file_method"] != "sub-items":
            a.update(eu_file_id=head["eu_file_id"], eu_file_method="parent", eu_file_evidence=head["title"])
    children: dict[str, list[dict]] = {}
    for sub, head in parents.items():
        children.setdefault(head, []).append(by_id[sub])
    for head_id, subs in children.items():
        head = by_id[head_id]
        linked = {s["eu_file_id"] for s in subs if s["eu_file_id"]}
        if not head["eu_file_id"] and not head["generic"] and len(linked) == 1:
            head.update(eu_file_id=linked.pop(), eu_file_method="sub-items", eu_file_evidence="; ".join(s["title"] for s in subs))
    issues = []
    for a in items:
        if a["eu_file_id"] or a["generic"]:
            continue
        if a["id"] in children and any(s["eu_file_id"] for s in children[a["id"]]) and not a["has_text"]:
            continue  # a bare heading over sub-items that carry their own files
        if a["tied"]:
            kind, why = "eu-file-ambiguous", f"its title names several EU files equally: {', '.join(a['tied'])}"
        else:
            kind, why = "no-eu-file", "it is linked to no EU file"
        cited = f"; it cites {', '.join(a['cited'])}" if a["cited"] else ""
        issues.append({
            "id": None, "letter_id": a["letter_id"], "source_file": a.get("source_file"), "kind": kind,
            "message": f"agenda item {final_id(a['id'], a['letter_id'])} \"{a.get('title')}\": {why}{cited}; "
                       "add the file or an alias to build/jbz/vocab/eu_files.csv if it is one",
        })
    return eu_file_rows(items, meeting_dates), issues


def link_eu_files(tables: Tables) -> dict[str, int]:
    """All steps on whole in-memory tables (every letter's rows together):
    fills agenda_items.eu_file_id/eu_file_method/eu_file_evidence, the
    eu_files table and the data issues; returns counts per method."""
    summaries = item_summaries(tables)
    rows, issues = link_agenda(summaries, {m["id"]: m.get("start_date") or "" for m in tables.get("meetings", [])})
    for a, s in zip(tables.get("agenda_items", []), summaries):
        a.update({k: s[k] for k in LINK_COLUMNS})
    tables["eu_files"] = rows
    tables.setdefault("data_issues", []).extend(issues)
    return method_counts(summaries)


LINK_COLUMNS = ("eu_file_id", "eu_file_method", "eu_file_evidence")


def method_counts(items: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in items:
        key = a["eu_file_method"] or ("generic" if a["generic"] else "none")
        counts[key] = counts.get(key, 0) + 1
    return counts


def eu_file_rows(items: list[dict], meeting_dates: dict[str, str]) -> list[dict]:
    """One row per file of the vocabulary, with the meetings it was on."""
    on: dict[str, tuple[list[int], set]] = {}  # file -> ([items], {meetings}), in one pass over the items
    for a in items:
        fid = a.get("eu_file_id")
        if fid:
            found = on.get(fid)
            if found is None:
                found = on[fid] = ([0], set())
            found[0][0] += 1
            if a.get("meeting_id"):
                found[1].add(a["meeting_id"])
    rows = []
    for f in vocabulary():
        count, meeting_ids = on.get(f["id"], ([0], set()))
        meetings = sorted(meeting_ids, key=lambda m: (meeting_dates.get(m) or "", m))
        rows.append({
            "id": f["id"], "name_nl": f["name_nl"], "name_en": f["name_en"], "kind": f["kind"],
            "com_number": f["com"] or None, "procedure_number": f["procedure"] or None,
            "celex": f["celex"] or None,
            "bnc_fiche": " | ".join(f"Kamerstuk {v.replace('-', ', nr. ', 1)}" for v in _split(f["bnc_fiche"])) or None,
            "aliases": _split(f["aliases"]),
            "first_meeting_id": meetings[0] if meetings else None,
            "last_meeting_id": meetings[-1] if meetings else None,
            "meetings": len(meetings), "agenda_items": count[0],
        })
    return rows
