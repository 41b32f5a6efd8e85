"""The plumbing of linking: what each letter hands over (`link_input`), the
cross-letter pass (`link_letters`) and applying its result to one letter's
rows (`finish_letter`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..database import PACKED_KEY
from .consistency import dossier_typos, meeting_date_conflicts, timeline_conflicts, timeline_statements, year_conflicts
from .counterparts import pair_items
from .eu_files import LINK_COLUMNS, item_summaries, link_agenda
from .letter_labels import letter_labels
from .meetings import merge_meetings
from .numbers import infer_numbers
from .people import build_people, normalise_role
from .prepared import prepare

Tables = dict[str, list[dict]]
LinkInput = dict
KAMERSTUK_KINDS = ("kamerstuk", "motie", "bnc-fiche")
# tables whose rows are made across letters here, not per letter
CROSS_LETTER_TABLES = ("meetings", "data_issues", "people", "documents", "eu_files")
# letters columns that linking may fill in (source_file: a cached letter may come from a renamed file)
LINKED_LETTER_COLUMNS = ("source_file", "nummer", "nummer_source", "nummer_evidence", "nummer_evidence_letter_id", "url", "kamer", "label")


def link_input(records: Tables) -> LinkInput:
    """The part of one letter's rows that linking reads: small, so thousands
    of them fit in memory while the full rows wait in the parse cache."""
    letter = {k: v for k, v in records["letters"][0].items() if k not in ("text", PACKED_KEY)}  # the source stays in the rows
    citations = [
        {k: c.get(k) for k in ("letter_id", "kind", "dossier", "nummer", "kamer", "vergaderjaar", "_context", "_sentence")}
        for c in records.get("citations", ())
        if c["kind"] in KAMERSTUK_KINDS and c.get("nummer")
    ]
    return prepare({
        "letter": letter,
        "meetings": list(records.get("meetings", ())),
        "citations": citations,
        "signatories": [{k: s.get(k) for k in ("letter_id", "ordinal", "name", "role")} for s in records.get("signatories", ())],
        "person_mentions": [{k: r.get(k) for k in ("id", "letter_id", "name", "role_kind", "role")} for r in records.get("person_mentions", ())],
        "data_issues": list(records.get("data_issues", ())),
        "counts": {name: len(records.get(name, ())) for name in ("agenda_items", "paragraphs", "footnotes")},
        "agenda": item_summaries(records),  # each item with the EU file its own text names (jbz.link.eu_files)
        "timelines": [dict(t, letter_id=letter["id"]) for t in timeline_statements(records.get("paragraphs", ()))],
    })  # with what its references and timeline statements say on their own (jbz.link.prepared)


@dataclass
class Links:
    """What linking decided, keyed by the ids the parser gave (`parse ids`)."""

    renames: dict[str, str] = field(default_factory=dict)  # parse id -> final id
    letters: dict[str, dict] = field(default_factory=dict)  # parse id -> letters row (no text), linked columns filled
    by_number: dict[tuple, str] = field(default_factory=dict)  # (dossier, nummer) -> final letter id
    person_ids: dict[tuple, str] = field(default_factory=dict)  # (parse id, ordinal) -> people.id
    named_person_ids: dict[str, str] = field(default_factory=dict)  # person_mentions parse id -> people.id
    tables: Tables = field(default_factory=dict)  # meetings, people, data_issues (ids not yet given)
    # parse id -> {agenda item parse id -> (eu_file_id, eu_file_method, eu_file_evidence, counterpart_id)}, in item order
    agenda: dict[str, dict[str, tuple]] = field(default_factory=dict)

    def final_id(self, letter_id: str | None) -> str | None:
        return self.renames.get(letter_id, letter_id)

    def order(self) -> list[str]:
        """Parse ids in the order of their final ids (the database's row order)."""
        return sorted(self.letters, key=lambda lid: self.final_id(lid))

    def view(self, inp: LinkInput) -> dict:
        """Everything linking decided for one letter (its `link_input`), as a
        small value: its final id, linked letters columns, the person ids of
        its signatories and named people, its agenda items' EU files and
        counterparts, its citations' target letters. `finish_letter` reads
        nothing else from `Links`, so a letter whose source and view are
        unchanged has unchanged finished rows (what an incremental build
        relies on)."""
        lid = inp["letter"]["id"]
        linked = self.letters.get(lid, {})
        targets, by_number = {}, self.by_number
        for c in inp["citations"]:  # (some 30,000 at 2,000 letters: each key made once)
            key = (c.get("dossier"), c.get("nummer"))
            targets[key] = by_number.get(key)
        return {
            "id": self.final_id(lid),
            "letter": {col: linked[col] for col in LINKED_LETTER_COLUMNS if col in linked},
            "person_ids": {s["ordinal"]: self.person_ids.get((s["letter_id"], s["ordinal"])) for s in inp["signatories"]},
            "named_person_ids": {r["id"]: self.named_person_ids.get(r["id"]) for r in inp.get("person_mentions", ())},
            "agenda": self.agenda.get(lid) or {a["id"]: None for a in inp.get("agenda", ())},
            "targets": targets,
        }


def link_letters(inputs: list[LinkInput]) -> Links:
    """The cross-letter pass over every letter's `link_input`, in file order."""
    links = Links()
    issues: list[dict] = []
    meetings_rows: list[dict] = []
    citations: list[dict] = []
    signatories: list[dict] = []
    named: list[dict] = []
    timelines: list[dict] = []
    letters: list[dict] = []
    for inp in inputs:
        letter = dict(inp["letter"])
        letters.append(letter)
        links.letters[letter["id"]] = letter
        meetings_rows += inp["meetings"]
        citations += inp["citations"]
        signatories += inp["signatories"]
        named += inp.get("person_mentions", [])
        timelines += inp.get("timelines", [])
        issues += [dict(d) for d in inp["data_issues"]]
    meetings = merge_meetings(meetings_rows, issues)
    links.renames = infer_numbers(letters, {m["id"]: m for m in meetings}, [c for c in citations if c.get("_context") is not None], issues)
    for letter in letters:
        if letter.get("nummer"):
            links.by_number[(letter.get("dossier"), letter.get("nummer"))] = links.final_id(letter["id"])
    # a letter without an addressee is sent to the chamber whose Kamerstuk it is, as other letters cite it
    chambers: dict[str, set] = {}
    for c in citations:
        target = links.by_number.get((c.get("dossier"), c.get("nummer")))
        if target is not None and c.get("kamer"):
            chambers.setdefault(target, set()).add(c["kamer"])
    for letter in letters:
        if not letter.get("kamer"):
            found = chambers.get(links.final_id(letter["id"]), set())
            if len(found) == 1:
                letter["kamer"] = next(iter(found))
        if letter.get("nummer_evidence_letter_id"):
            letter["nummer_evidence_letter_id"] = links.final_id(letter["nummer_evidence_letter_id"])
    letter_labels(letters, links.final_id)  # after numbers are inferred
    # the checks across letters name letters by their final ids
    by_id = {links.final_id(letter["id"]): letter for letter in letters}
    # (copies only when a letter was renamed: the checks read the rows, some 30,000 references at 2,000 letters)
    final_citations = [dict(c, letter_id=links.final_id(c["letter_id"])) for c in citations] if links.renames else citations
    final_timelines = [dict(t, letter_id=links.final_id(t["letter_id"])) for t in timelines] if links.renames else timelines
    issues += meeting_date_conflicts(final_citations, by_id, meetings)
    issues += dossier_typos(final_citations, by_id)
    issues += timeline_conflicts(final_timelines, by_id, meetings)
    issues += year_conflicts(final_citations, by_id)
    people, ids, named_ids = build_people(signatories, named)
    links.person_ids = ids
    links.named_person_ids = named_ids
    eu_files = _link_agenda(inputs, meetings, links, issues)
    for issue in issues:
        issue["letter_id"] = links.final_id(issue.get("letter_id"))
    links.tables = {"meetings": meetings, "people": people, "data_issues": issues, "eu_files": eu_files}
    return links


def _link_agenda(inputs: list[LinkInput], meetings: list[dict], links: Links, issues: list[dict]) -> list[dict]:
    """EU files and agenda/report counterparts across letters (jbz.link.eu_files,
    jbz.link.counterparts): fills `links.agenda`, adds data issues, returns the
    eu_files rows. Some 57,000 items at 2,000 letters: each is touched as few
    times as it can be."""
    items = []
    for inp in inputs:  # each item named by its letter's file as it is now (a cached letter's file may have been renamed)
        source = inp["letter"].get("source_file")
        items += [dict(s, source_file=source) for s in inp.get("agenda", ())]
    renames = links.renames

    def final(item_id: str, letter_id: str) -> str:
        return renames.get(letter_id, letter_id) + item_id[len(letter_id):]

    rows, found = link_agenda(items, {m["id"]: m.get("start_date") or "" for m in meetings}, final)
    issues += found
    pairs = pair_items(items)
    letter_of = {a["id"]: a["letter_id"] for a in items} if pairs else {}
    assert LINK_COLUMNS == ("eu_file_id", "eu_file_method", "eu_file_evidence")  # the first three of each tuple
    agenda = links.agenda
    for a in items:
        lid = a["letter_id"]
        of_letter = agenda.get(lid)
        if of_letter is None:
            of_letter = agenda[lid] = {}
        other = pairs.get(a["id"])
        if other is not None:
            other = final(other, letter_of[other])
        of_letter[a["id"]] = (a["eu_file_id"], a["eu_file_method"], a["eu_file_evidence"], other)
    return rows


def rename_in_rows(records: Tables, old: str, new: str) -> None:
    """Give one letter's own rows its new id: every `id`/`*_id` value that is
    the old id or starts with it and a dash. Only this letter's rows are
    passed, so no other letter's ids are touched."""
    prefix = old + "-"
    for rows in records.values():
        keys, id_keys = None, ()
        for row in rows:
            if row.keys() != keys:  # a table's rows mostly have the same keys: its id keys picked once for them
                keys = row.keys()
                id_keys = [key for key in keys if key == "id" or key.endswith("_id")]
            for key in id_keys:
                value = row[key]
                if isinstance(value, str) and (value == old or value.startswith(prefix)):
                    row[key] = new + value[len(old):]


def rename_letter(tables: Tables, old: str, new: str) -> None:
    """Give a letter a new id in whole tables: its own row, every id that
    starts with it (`<id>-p0001` …) and every column that refers to it. A value
    belongs to the letter whose id is its longest letter-id prefix, so a letter
    `<old>-2` keeps its ids. One pass over the rows."""
    ids = {l["id"] for l in tables.get("letters", [])} | {old}
    for rows in tables.values():
        for row in rows:
            for key, value in row.items():
                if (key == "id" or key.endswith("_id")) and isinstance(value, str) and _owner(value, ids) == old:
                    row[key] = new + value[len(old):]


def _owner(value: str, ids: set[str]) -> str | None:
    """The letter id an id belongs to: the longest letter id it equals or starts with (then a dash)."""
    if value in ids:
        return value
    end = value.rfind("-")
    while end > 0:
        if value[:end] in ids:
            return value[:end]
        end = value.rfind("-", 0, end)
    return None


def finish_letter(records: Tables, view) -> Tables:
    """One letter's rows as they are written: linked columns filled in,
    renamed when its number was inferred, private `_` keys dropped, the
    cross-letter tables left out (linking made them). `view` is the letter's
    `Links.view` (or the `Links`, for callers that have the link inputs'
    rows only). O(rows of the letter)."""
    lid = records["letters"][0]["id"]
    if isinstance(view, Links):
        view = view.view(link_input(records))
    letter = records["letters"][0]
    letter.update(view["letter"])
    person_ids, named_ids, agenda, targets = view["person_ids"], view["named_person_ids"], view["agenda"], view["targets"]
    for s in records.get("signatories", ()):
        s["person_id"] = person_ids.get(s["ordinal"])
        s["office"] = normalise_role(s["role"]) if s.get("role") else None
    for row in records.get("person_mentions", ()):
        row["person_id"] = named_ids.get(row["id"])
    for name in ("paragraphs", "footnotes"):  # marked references (official XML), read by enrich_letter
        for row in records.get(name, ()):
            row.pop("_links", None)
    columns = (*LINK_COLUMNS, "counterpart_id")  # the view's tuple per item
    for a in records.get("agenda_items", ()):
        found = agenda.get(a["id"])
        a.update(zip(columns, found) if found else dict.fromkeys(columns))
        a.pop("text", None)  # the item's body: its paragraphs again, read through the view agenda_item_texts
    for p in records.get("positions", ()):  # a position is about its (own) item's EU file
        p["eu_file_id"] = (agenda.get(p.get("agenda_item_id")) or (None,))[0]
    for c in records.get("citations", ()):
        c["target_letter_id"] = targets.get((c.get("dossier"), c.get("nummer"))) if c["kind"] in KAMERSTUK_KINDS else None
        for key in [k for k in c if k.startswith("_")]:
            del c[key]
    out = {name: rows for name, rows in records.items() if name not in CROSS_LETTER_TABLES}
    new = view["id"]
    if new != lid:
        evidence = letter.get("nummer_evidence_letter_id")
        rename_in_rows(out, lid, new)
        letter["nummer_evidence_letter_id"] = evidence  # another letter's id: already final
    return out


def link_tables(tables: Tables) -> Tables:
    """Link whole in-memory tables (all letters' rows together): the same
    steps for callers that hold every row (tests, small folders)."""
    for name in ("letters", "meetings", "citations", "signatories", "data_issues"):
        tables.setdefault(name, [])
    order = [l["id"] for l in tables["letters"]]
    per_letter: dict[str, Tables] = {lid: {"letters": []} for lid in order}
    for name, rows in tables.items():
        if name == "meetings":
            continue
        for row in rows:
            lid = row["id"] if name == "letters" else row.get("letter_id")
            if lid in per_letter:
                per_letter[lid].setdefault(name, []).append(row)
    inputs = [link_input(per_letter[lid]) for lid in order]
    if inputs:  # meetings come as one table here, not per letter
        inputs[0]["meetings"] = list(tables["meetings"])
    other_issues = [d for d in tables["data_issues"] if d.get("letter_id") not in per_letter]
    links = link_letters(inputs)
    out: Tables = {name: [] for name in tables}
    for lid in order:
        for name, rows in finish_letter(per_letter[lid], links).items():
            out.setdefault(name, []).extend(rows)
    for name, rows in links.tables.items():
        out[name] = rows
    out["data_issues"] += other_issues
    return out
