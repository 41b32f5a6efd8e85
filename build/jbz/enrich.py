"""Links: what each letter cites and names, and what the letters say of
each other.

`enrich_letter` works on one letter's rows and adds `citations`, `motions`
and `mentions`; what links letters to each other (inferred numbers, citation
targets, people) is `jbz.link`.
"""

from __future__ import annotations

import json
import re

from .citations import OTHER_DOCUMENT, apply_targets, find_citations
from .markers import marker_offsets
from .mentions import find_mentions
from .motions import find_motions, merge
from .link.people import find_named_people
from .normalize.common import fold
from . import sentences

Tables = dict[str, list[dict]]
KAMERSTUK_KINDS = ("kamerstuk", "motie", "bnc-fiche")
# what may give a commitment's reference: the report of the debate, the commitment's number, the Handelingen
COMMITMENT_KINDS = ("kamerstuk", "toezegging", "handelingen", "aanhangsel")
CITATION_FIELDS = ("raw", "kind", "dossier", "nummer", "vergaderjaar", "kamer", "identifier", "url")


def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sentences of a paragraph or footnote (kept by `sentences`, as citations,
    motions, footnote markers and positions each ask for the same texts)."""
    return sentences.sentence_spans(text) or ((0, len(text)),)


def _span_at(spans, pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return spans[-1]


def _citations(records: Tables) -> list[dict]:
    """Citation rows of one letter, paragraphs first, then footnotes; private
    `_` keys keep where each stands (for motions and for `link`)."""
    lid = records["letters"][0]["id"]
    rows: list[dict] = []
    sources = [("paragraph_id", p["id"], p.get("text") or "", p.get("_links")) for p in records["paragraphs"]]
    sources += [("footnote_id", f["id"], f.get("text") or "", f.get("_links")) for f in records["footnotes"]]
    for column, ref, text, links in sources:
        previous_end: dict[tuple[int, int], int] = {}
        found = find_citations(text)
        if links:  # references the source marks with their target (official XML)
            found = apply_targets(text, found, links)
        spans = _sentence_spans(text) if found else ()  # split only a text that cites something
        for c in found:
            span = _span_at(spans, c["start"])
            context_start = max(span[0], previous_end.get(span, span[0]))
            previous_end[span] = c["end"]
            rows.append(
                {
                    "id": None,
                    "letter_id": lid,
                    "paragraph_id": ref if column == "paragraph_id" else None,
                    "footnote_id": ref if column == "footnote_id" else None,
                    **{k: c[k] for k in CITATION_FIELDS},
                    "_ref": ref,
                    "_start": c["start"],
                    "_sentence": text[span[0] : span[1]].strip(),
                    # the words that belong to this reference: from the previous one in its sentence on
                    "_context": text[context_start : c["end"]],
                }
            )
    for i, row in enumerate(rows, start=1):
        row["id"] = f"{lid}-c{i:03d}"
    return rows


def enrich_letter(records: Tables) -> Tables:
    """One letter's rows with `citations`, `motions` and `mentions` added."""
    sentences.forget()  # the texts of the letter before
    citations = _citations(records)
    offsets = _footnote_offsets(records)
    for note in records["footnotes"]:  # kept so pages can put the marker back
        note["marker_offset"] = offsets.get(note["id"])
    _fiches_named_before_marker(records, citations, offsets)
    records["citations"] = citations
    records["motions"] = _motions(records, citations, offsets)
    records["mentions"] = _mentions(records)
    records["person_mentions"] = _named_people(records)
    return records


def _named_people(records: Tables) -> list[dict]:
    """Everyone a letter names besides its signatories: from the text, and
    the movers of the motions it names (members of parliament)."""
    lid = records["letters"][0]["id"]
    rows: list[dict] = []
    seen: set[tuple] = set()

    def add(paragraph_id, name, role_kind, role):
        key = (paragraph_id, fold(name), role_kind)
        if key not in seen:
            seen.add(key)
            rows.append({"id": None, "letter_id": lid, "paragraph_id": paragraph_id, "person_id": None,
                         "name": name, "role_kind": role_kind, "role": role})

    previous = ""
    for p in records["paragraphs"]:
        if p.get("part") not in ("header", "signature"):
            for hit in find_named_people(p.get("text") or "", previous):
                add(p["id"], hit["name"], hit["role_kind"], hit["role"])
        previous = p.get("text") or ""
    for m in records["motions"]:
        for mover in json.loads(m.get("movers") or "[]"):
            add(m["paragraph_id"], mover, "member-of-parliament", "Kamerlid")
    rows.sort(key=lambda r: (r["paragraph_id"] or "", r["name"]))
    for i, row in enumerate(rows, start=1):
        row["id"] = f"{lid}-n{i:03d}"
    return rows


# --- footnote markers ------------------------------------------------------------


def _footnote_offsets(records: Tables) -> dict[str, int]:
    """Footnote id → offset of its marker in its paragraph: from the parser's
    `marker_offset` when it gives one, else found again in the source."""
    given = {f["id"]: f["marker_offset"] for f in records["footnotes"] if f.get("marker_offset") is not None}
    if len(given) == len(records["footnotes"]):
        return given
    letter = records["letters"][0]
    try:
        found = marker_offsets(letter.get("text") or "", records["paragraphs"], records["footnotes"])
    except Exception:  # noqa: BLE001 - a marker we cannot place only loses a link
        found = {}
    return {**found, **given}


def _marker_clause(paragraph: dict | None, footnote: dict, offsets: dict[str, int], same_paragraph: list[str]) -> str | None:
    """The words a footnote's marker stands after: from the start of its
    sentence, or from the marker before it in that sentence, up to the marker.
    `same_paragraph`: the ids of the footnotes whose markers stand in that paragraph."""
    if paragraph is None or footnote["id"] not in offsets:
        return None
    text = paragraph.get("text") or ""
    offset = offsets[footnote["id"]]
    for s, e in _sentence_spans(text):
        if s < offset <= e:
            before = [offsets[f] for f in same_paragraph if f != footnote["id"] and f in offsets and s <= offsets[f] < offset]
            return text[max([s, *before]) : offset]
    return None


def _fiches_named_before_marker(records: Tables, citations: list[dict], offsets: dict[str, int]) -> None:
    """A footnote that gives one Kamerstuk for words that name a BNC-fiche
    ("… geïnformeerd via een BNC-fiche.28" → "Kamerstukken II, 2022-2023,
    22 122, nr. 3596") cites that fiche, whatever its dossier. Maps built
    once, so the cost grows with the footnotes, not their square."""
    paragraph_by_id = {p["id"]: p for p in records["paragraphs"]}
    notes_in: dict[str, list[str]] = {}
    for note in records["footnotes"]:
        notes_in.setdefault(note.get("paragraph_id"), []).append(note["id"])
    cited_by_note: dict[str, list[dict]] = {}
    for c in citations:
        if c["kind"] in KAMERSTUK_KINDS:
            cited_by_note.setdefault(c["_ref"], []).append(c)
    for note in records["footnotes"]:
        cited = cited_by_note.get(note["id"], [])
        if len(cited) != 1 or cited[0]["kind"] == "motie":
            continue
        pid = note.get("paragraph_id")
        clause = _marker_clause(paragraph_by_id.get(pid), note, offsets, notes_in.get(pid, []))
        if not clause:
            continue
        names_fiche = re.search(r"\bBNC-fiche|\bfiche\b", clause, re.I)
        if cited[0]["kind"] == "kamerstuk" and names_fiche:
            cited[0]["kind"] = "bnc-fiche"
        elif cited[0]["kind"] == "bnc-fiche" and not names_fiche and OTHER_DOCUMENT.search(clause):
            # "… een gezamenlijke non-paper aangeboden …[19]" → "22112, nr. 4042": the non-paper, filed in the fiche dossier
            cited[0]["kind"] = "kamerstuk"



# --- motions ------------------------------------------------------------------


def _motions(records: Tables, citations: list[dict], offsets: dict[str, int]) -> list[dict]:
    lid = records["letters"][0]["id"]
    paragraph_of = {f["id"]: f["paragraph_id"] for f in records["footnotes"]}
    mentions = []
    texts = [(p, False) for p in records["paragraphs"]] + [(f, True) for f in records["footnotes"]]
    for row, is_footnote in texts:
        text = row.get("text") or ""
        found = find_motions(text)
        spans = _sentence_spans(text) if found else ()  # split only a text that names a motion or commitment
        for m in found:
            if m["kind"] == "toezegging" and row.get("kind") == "heading":
                continue  # "Toezeggingen", "Toezegging aangaande terugkeerhubs": a title, not the commitment
            m["_ref"] = row["id"]
            m["_span"] = _span_at(spans, m["start"])
            m["paragraph_id"] = paragraph_of.get(row["id"]) if is_footnote else row["id"]
            mentions.append(m)
    rows = []
    by_id = {c["id"]: c for c in citations}
    for m in merge(mentions):
        citation = next((c for x in m["mentions"] if (c := _citation_of(x, citations, records["footnotes"], offsets))), None)
        if citation is not None and m["kind"] == "motie" and citation["kind"] in KAMERSTUK_KINDS:
            by_id[citation["id"]]["kind"] = "motie"  # the footnote only gave the number: it is the motion's
        rows.append(
            {
                "id": None,
                "letter_id": lid,
                "paragraph_id": m["paragraph_id"],
                "kind": m["kind"],
                "name": m["name"],
                "movers": json.dumps(m["movers"], ensure_ascii=False) if m["kind"] == "motie" else None,
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


def _citation_of(m: dict, citations: list[dict], footnotes: list[dict], offsets: dict[str, int]) -> dict | None:
    """The reference of a motion or commitment: in its own sentence after its
    name, else in the first footnote whose marker stands in that sentence after
    the name (or, when no marker could be placed, the only candidate footnote of
    its paragraph)."""
    kinds = KAMERSTUK_KINDS if m["kind"] == "motie" else COMMITMENT_KINDS
    if m.get("again"):
        return None  # "daarmee zullen de toezeggingen gestand worden gedaan": the reference stands where it was named
    _, e = m["_span"]
    here = [c for c in citations if c["_ref"] == m["_ref"] and c["kind"] in kinds and m["start"] <= c["_start"] < e]
    if here:
        return here[0]
    pid = m["paragraph_id"]
    if pid is None or m["_ref"] != pid:
        return None
    notes = [f for f in footnotes if f["paragraph_id"] == pid]
    placed = sorted((offsets[f["id"]], f["number"] or 0, f["id"]) for f in notes if f["id"] in offsets)
    after = [fid for offset, _, fid in placed if m["start"] <= offset <= e]
    if after:
        found = [c for c in citations if c["_ref"] == after[0] and c["kind"] in kinds]
        return found[0] if found else None
    if len(placed) == len(notes):
        return None
    candidates = [c for f in notes if f["id"] not in offsets for c in citations if c["_ref"] == f["id"] and c["kind"] in kinds]
    return candidates[0] if len(candidates) == 1 else None


# --- mentions -----------------------------------------------------------------


def _mentions(records: Tables) -> list[dict]:
    lid = records["letters"][0]["id"]
    rows = []
    for p in records["paragraphs"]:
        if p.get("part") in ("header", "signature"):
            continue
        for hit in find_mentions(p.get("text") or ""):
            rows.append(
                {
                    "id": f"{p['id']}-{hit['entity_id']}" + ("-place" if hit["role"] == "meeting-place" else ""),
                    "letter_id": lid,
                    "paragraph_id": p["id"],
                    "agenda_item_id": p.get("agenda_item_id"),
                    **{k: hit[k] for k in ("entity_kind", "entity_id", "entity", "role", "matched", "count")},
                }
            )
    return rows
