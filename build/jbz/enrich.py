"""Links: what each letter cites and names, and what the letters say of
each other.

`enrich_letter` works on one letter's rows (citations, motions, mentions);
`link` on all letters together: numbers inferred from other letters'
citations, citation targets, people, and meeting labels.
"""

from __future__ import annotations

import re

from . import dates
from .citations import find_citations
from .mentions import find_mentions
from .motions import find_motions, merge
from .people import build_people
from .sentences import sentence_at

Tables = dict[str, list[dict]]
STATEMENT_KINDS = ("kamerstuk", "motie")


def enrich_letter(records: Tables) -> Tables:
    letter = records["letters"][0]
    lid = letter["id"]
    citations: list[dict] = []
    sources = [("paragraph_id", p["id"], p["text"], p) for p in records["paragraphs"]]
    sources += [("footnote_id", f["id"], f["text"], f) for f in records["footnotes"]]
    for column, ref, text, _ in sources:
        for c in find_citations(text):
            citations.append(
                {
                    "id": None,
                    "letter_id": lid,
                    "paragraph_id": ref if column == "paragraph_id" else None,
                    "footnote_id": ref if column == "footnote_id" else None,
                    **{k: c[k] for k in ("raw", "kind", "dossier", "nummer", "vergaderjaar", "kamer", "identifier", "url")},
                    "_start": c["start"],
                    "_sentence": sentence_at(text, c["start"]),
                }
            )
    for i, c in enumerate(citations, start=1):
        c["id"] = f"{lid}-c{i:03d}"
    records["citations"] = citations
    records["motions"] = _motions(records, citations)
    records["mentions"] = _mentions(records)
    return records


def _motions(records: Tables, citations: list[dict]) -> list[dict]:
    lid = records["letters"][0]["id"]
    footnote_paragraph = {f["id"]: f["paragraph_id"] for f in records["footnotes"]}
    cites_by_ref: dict[str, list[dict]] = {}
    for c in citations:
        cites_by_ref.setdefault(c["paragraph_id"] or c["footnote_id"], []).append(c)
    mentions = []
    for p in records["paragraphs"] + [dict(f, is_footnote=True) for f in records["footnotes"]]:
        for m in find_motions(p["text"]):
            m["paragraph_id"] = footnote_paragraph.get(p["id"]) if p.get("is_footnote") else p["id"]
            m["_ref"] = p["id"]
            mentions.append(m)
    rows = []
    for m in merge(mentions):
        citation = next((c for x in m["mentions"] if (c := _motion_citation(x, cites_by_ref, records))), None)
        rows.append(
            {
                "id": None,
                "letter_id": lid,
                "paragraph_id": m["paragraph_id"],
                "kind": m["kind"],
                "name": m["name"],
                "movers": _json(m["movers"]) if m["kind"] == "motie" else None,
                "dossier": citation["dossier"] if citation else None,
                "nummer": citation["nummer"] if citation else None,
                "citation_id": citation["id"] if citation else None,
                "status": m["status"],
                "sentence": m["sentence"],
            }
        )
    for i, row in enumerate(rows, start=1):
        row["id"] = f"{lid}-m{i:02d}"
    return rows


def _motion_citation(m: dict, cites_by_ref: dict[str, list[dict]], records: Tables) -> dict | None:
    """The Kamerstuk a motion's own sentence gives, or the one footnote of its paragraph that cites one."""
    if m["kind"] != "motie":
        return None
    here = [c for c in cites_by_ref.get(m["_ref"], []) if c["kind"] in STATEMENT_KINDS and c["_sentence"] == m["sentence"] and c["_start"] >= m["start"]]
    if here:
        return here[0]
    if m["paragraph_id"] is None:
        return None
    notes = [f for f in records["footnotes"] if f["paragraph_id"] == m["paragraph_id"]]
    candidates = [c for f in notes for c in cites_by_ref.get(f["id"], []) if c["kind"] in STATEMENT_KINDS + ("bnc-fiche",)]
    motie_cites = [c for c in candidates if c["kind"] == "motie"]
    if len(candidates) == 1:
        return candidates[0]
    # several motions in one paragraph, each with its own footnote: pair them in order
    named = [x for x in re.finditer(r"\b[Mm]otie\b", " ".join(p["text"] for p in records["paragraphs"] if p["id"] == m["paragraph_id"]))]
    if motie_cites and len(motie_cites) == len(named):
        text = next(p["text"] for p in records["paragraphs"] if p["id"] == m["paragraph_id"]).lower()
        position = text.find(m["name"][:16].lower()) if m["name"] else -1
        index = sum(1 for x in named if x.start() < position) if position >= 0 else None
        if index is not None and index < len(motie_cites):
            return motie_cites[index]
    return None


def _mentions(records: Tables) -> list[dict]:
    lid = records["letters"][0]["id"]
    rows = []
    for p in records["paragraphs"]:
        if p["part"] in ("header", "signature"):
            continue
        for hit in find_mentions(p["text"]):
            rows.append(
                {
                    "id": f"{p['id']}-{hit['entity_id']}",
                    "letter_id": lid,
                    "paragraph_id": p["id"],
                    "agenda_item_id": p["agenda_item_id"],
                    **{k: hit[k] for k in ("entity_kind", "entity_id", "entity", "matched", "count")},
                }
            )
    return rows


def _json(values) -> str:
    import json

    return json.dumps(values, ensure_ascii=False)


# --- across letters ---------------------------------------------------------------


def link(tables: Tables) -> Tables:
    _infer_numbers(tables)
    by_number = {(l["dossier"], l["nummer"]): l["id"] for l in tables["letters"] if l.get("nummer")}
    for c in tables["citations"]:
        c["target_letter_id"] = by_number.get((c.get("dossier"), c.get("nummer"))) if c["kind"] in ("kamerstuk", "motie") else None
        c.pop("_start", None)
        c.pop("_sentence", None)
    people, ids = build_people(tables["signatories"])
    tables["people"] = people
    for s in tables["signatories"]:
        s["person_id"] = ids.get((s["letter_id"], s["ordinal"]))
    _infer_kamer(tables)
    return tables


def _cited_kind(context: str) -> str | None:
    """Which kind of letter a citation names, from the words before it."""
    agenda = [m.end() for m in re.finditer(r"geannoteerde\s+agenda", context, re.I)]
    verslag = [m.end() for m in re.finditer(r"\bverslag\b", context, re.I)]
    if not agenda and not verslag:
        return None
    return "geannoteerde agenda" if max(agenda, default=-1) > max(verslag, default=-1) else "verslag"


def _infer_numbers(tables: Tables) -> None:
    """A letter that omits its number gets it from another letter's citation
    that names its kind and its meeting's dates: "verslag van de JBZ-Raad van
    5 en 7 maart 2025, Kamerstukken II 2024-25, 32317, nr. 935"."""
    letters = {l["id"]: l for l in tables["letters"]}
    meetings = {m["id"]: m for m in tables["meetings"]}
    taken = {(l["dossier"], l["nummer"]) for l in letters.values() if l.get("nummer")}
    unnumbered = [l for l in letters.values() if not l.get("nummer") and l.get("meeting_id") in meetings]
    if not unnumbered:
        return
    found: dict[str, dict[str, tuple]] = {}
    for c in tables["citations"]:
        if c["kind"] != "kamerstuk" or not c.get("nummer") or not c["nummer"].isdigit():
            continue
        citing = letters[c["letter_id"]]
        sentence = c["_sentence"]
        before = sentence[: sentence.find(c["raw"])] if c["raw"] in sentence else sentence
        kind = _cited_kind(before)
        if kind is None:
            continue
        reference = dates.parse_date(citing["letter_date"]) if citing.get("letter_date") else None
        spans = {(d.start_date.isoformat(), d.end_date.isoformat()) for d in dates.find_dates(before, reference)}
        for letter in unnumbered:
            meeting = meetings[letter["meeting_id"]]
            if letter["doc_kind"] == kind and letter["dossier"] == c["dossier"] and (meeting["start_date"], meeting["end_date"]) in spans:
                found.setdefault(letter["id"], {})[c["nummer"]] = (citing["id"], sentence)
    for old_id, numbers in sorted(found.items()):
        if len(numbers) != 1:
            tables["data_issues"].append(
                {"id": None, "letter_id": old_id, "source_file": letters[old_id]["source_file"], "kind": "number-conflict",
                 "message": f"other letters cite this letter with different numbers: {', '.join(sorted(numbers))}; none is used"}
            )
            continue
        ((nummer, (evidence_letter, sentence)),) = numbers.items()
        letter = letters[old_id]
        if (letter["dossier"], nummer) in taken:
            continue
        taken.add((letter["dossier"], nummer))
        new_id = f"kst-{letter['dossier']}-{nummer}"
        letter.update(
            nummer=nummer,
            nummer_source="inferred",
            nummer_evidence=sentence,
            nummer_evidence_letter_id=evidence_letter,
            url=f"https://zoek.officielebekendmakingen.nl/kst-{letter['dossier']}-{nummer}.html",
        )
        rename_letter(tables, old_id, new_id)


def rename_letter(tables: Tables, old: str, new: str) -> None:
    """Give a letter a new id everywhere: its own row, every id that starts with it, every reference to it."""
    prefix = old + "-"
    for rows in tables.values():
        for row in rows:
            for key, value in row.items():
                if (key == "id" or key.endswith("_id")) and isinstance(value, str) and (value == old or value.startswith(prefix)):
                    row[key] = new + value[len(old) :]


def _infer_kamer(tables: Tables) -> None:
    """A letter without an addressee is sent to the chamber whose Kamerstuk it is, as other letters cite it."""
    for letter in tables["letters"]:
        if letter.get("kamer"):
            continue
        chambers = {c["kamer"] for c in tables["citations"] if c.get("target_letter_id") == letter["id"] and c.get("kamer")}
        if len(chambers) == 1:
            letter["kamer"] = chambers.pop()
