"""Reading pages: letters, meetings, agenda items, people and EU files as
documents rather than table rows (loaded with --plugins-dir plugins).

Stable Dutch URLs, server-rendered from the database, no external assets:

    /brief/<letter id>           the letter as a document, footnotes linked
    /brief/<letter id>/bron.txt  its source file, verbatim
    /vergadering/<meeting id>    a Council meeting: letters, agenda, timing
    /agendapunt/<item id>        one agenda item with its text and context
    /persoon/<person id>         who signed what, over time
    /eu-dossier/<file id>        an EU file's appearances (when `eu_files` exists)
    /downloads                   every download with its size and SHA-256

Every page links back to the row in its table view and to JSON/CSV.  Columns
other branches add (positions, outcomes, EU files) show up when present.
"""

from __future__ import annotations

import datetime as dt
import json
import hashlib
import re

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

PART_TITLES = {
    "header": "Kop",
    "cover letter": "Aanbiedingsbrief",
    "agenda": "Geannoteerde agenda",
    "report": "Verslag",
    "attachment": "Bijlage",
    "signature": "Ondertekening",
}
KIND_TITLES = {"geannoteerde agenda": "Geannoteerde agenda", "verslag": "Verslag", "other": "Overige brief"}
ENTITY_KINDS = {
    "eu-member-state": "EU-lidstaten",
    "country": "Andere landen",
    "eu-body": "EU-instellingen en -organen",
    "international-body": "Internationale organisaties",
}
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


# --- helpers -------------------------------------------------------------------------

def _database(datasette):
    for name, db in datasette.databases.items():
        if not name.startswith("_"):
            return name, db
    raise NotFound("Geen database")


async def _columns(db, table: str) -> set[str]:
    if not await db.table_exists(table):
        return set()
    return set(await db.table_columns(table))


async def _rows(db, sql: str, params=()) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def _one(db, sql: str, params=()) -> dict | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


def long_date(value: str | None) -> str:
    """2025-06-12 -> 12 juni 2025 (the way the letters write dates)."""
    try:
        d = dt.date.fromisoformat(value or "")
    except ValueError:
        return value or ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def days_between(start: str | None, end: str | None) -> int | None:
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except (TypeError, ValueError):
        return None


def linked_text(text: str, notes: list[dict] = (), citations: list[dict] = (), note_href: str = "") -> markupsafe.Markup:
    """A paragraph as HTML: escaped, footnote markers put back where they
    stood (`marker_offset`) as links to their notes, citations with a URL and
    bare URLs as links.  One pass over the text: linear."""
    text = text or ""
    spans: list[tuple[int, int, str]] = []  # start, end, href
    for c in citations:
        raw, url = c.get("raw") or "", c.get("url")
        if not url or not raw:
            continue
        i = text.find(raw)
        if i >= 0:
            spans.append((i, i + len(raw), url))
    for m in URL_IN_TEXT.finditer(text):
        spans.append((m.start(), m.end(), m.group(0)))
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, str]] = []
    for s in spans:  # drop overlaps: the first and longest wins
        if not kept or s[0] >= kept[-1][1]:
            kept.append(s)
    markers = sorted((n["marker_offset"], n["number"]) for n in notes if n.get("marker_offset") is not None)
    out: list[str] = []
    pos = 0

    def plain(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(str(markupsafe.escape(text[pos:upto])))
            pos = upto

    events = sorted([(o, 1, n) for o, n in markers] + [(s[0], 0, s) for s in kept], key=lambda e: (e[0], e[1]))
    for where, kind, item in events:
        if kind == 0:
            start, end, href = item
            if start < pos:
                continue
            plain(start)
            out.append(f'<a class="cite" href="{markupsafe.escape(href)}" rel="nofollow noopener">'
                       f"{markupsafe.escape(text[start:end])}</a>")
            pos = end
        else:
            if where < pos:  # a marker inside a link goes after it
                where = pos
            plain(min(where, len(text)))
            n = item
            out.append(f'<sup class="fn"><a id="fnref-{n}" href="{note_href}#fn-{n}" '
                       f'aria-label="voetnoot {n}">{n}</a></sup>')
    plain(len(text))
    return markupsafe.Markup("".join(out))


async def _labels(datasette) -> dict:
    cached = datasette.__dict__.get("_jbz_site_config")  # jbz_site.site_config: read once
    if cached is not None and cached[0] == id(getattr(datasette, "_metadata_local", None)):
        return cached[1]
    return (datasette.plugin_config("jbz_site") or {})


def value_label(labels: dict, column: str, value) -> str:
    return ((labels.get("value_labels") or {}).get(column) or {}).get(value) or ""


async def _render(datasette, request, template: str, context: dict) -> Response:
    name, _ = _database(datasette)
    context = {"db": name, "long_date": long_date, "tilde": tilde_encode, **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html)


async def _notes_and_citations(db, where: str, params, paragraph_where: str | None = None) -> tuple[dict, dict, list[dict]]:
    """Footnotes by paragraph id, citations by paragraph/footnote id, and the notes in order.
    `where` picks the footnotes (and, unless `paragraph_where` is given, the paragraphs) with `params`."""
    notes = await _rows(db, f"select * from footnotes where {where} order by number", params)
    by_par: dict[str, list[dict]] = {}
    for n in notes:
        by_par.setdefault(n["paragraph_id"], []).append(n)
    cits = await _rows(db, f"select c.* from citations c join (select id from footnotes where {where}) f on f.id = c.footnote_id "
                           f"union all select c.* from citations c join (select id from paragraphs where {paragraph_where or where}) p "
                           "on p.id = c.paragraph_id",
                       tuple(params) * 2)
    by_ref: dict[str, list[dict]] = {}
    for c in cits:
        by_ref.setdefault(c["footnote_id"] or c["paragraph_id"], []).append(c)
    return by_par, by_ref, notes


async def _row_or_404(db, table: str, row_id: str, missing: str) -> dict:
    """The row with this id, or a Dutch 404 ("Geen brief met id …")."""
    row = await _one(db, f"select * from {table} where id = ?", (row_id,))
    if row is None:
        raise NotFound(f"{missing} met id {row_id}")
    return row


# --- pages ---------------------------------------------------------------------------

async def letter_page(datasette, request):
    name, db = _database(datasette)
    letter_id = request.url_vars["id"]
    letter = await _row_or_404(db, "letters", letter_id, "Geen brief")
    letter.pop("text", None)
    meeting = await _one(db, "select * from meetings where id = ?", (letter["meeting_id"],)) if letter.get("meeting_id") else None
    signers = await _rows(db, "select s.*, p.name as person from signatories s left join people p on p.id = s.person_id "
                              "where s.letter_id = ? order by s.ordinal", (letter_id,))
    items = {i["id"]: i for i in await _rows(db, "select id, number, sub, title, section, decision_raw, decision_type, ordinal "
                                                  "from agenda_items where letter_id = ? order by ordinal", (letter_id,))}
    paragraphs = await _rows(db, "select * from paragraphs where letter_id = ? order by ordinal", (letter_id,))
    by_par, by_ref, notes = await _notes_and_citations(db, "letter_id = ?", (letter_id,))
    labels = await _labels(datasette)
    # paragraphs -> parts -> (agenda item sections | loose paragraphs)
    parts: list[dict] = []
    for p in paragraphs:
        p["html"] = linked_text(p["text"], by_par.get(p["id"], []), by_ref.get(p["id"], []))
        if not parts or parts[-1]["part"] != p["part"]:
            parts.append({"part": p["part"], "title": PART_TITLES.get(p["part"], p["part"] or ""), "blocks": []})
        blocks = parts[-1]["blocks"]
        item_id = p.get("agenda_item_id")
        if item_id and blocks and blocks[-1].get("item", {}).get("id") == item_id:
            blocks[-1]["paragraphs"].append(p)
        elif item_id and item_id in items:
            item = items[item_id]
            item["decision_nl"] = value_label(labels, "decision_type", item.get("decision_type"))
            blocks.append({"item": item, "paragraphs": [p]})
        else:
            blocks.append({"paragraphs": [p]})
    for n in notes:
        n["html"] = linked_text(n["text"], (), by_ref.get(n["id"], []))
    return await _render(datasette, request, "jbz_letter.html", {
        "letter": letter, "meeting": meeting, "signers": signers, "parts": parts, "notes": notes,
        "items": list(items.values()), "kind_title": KIND_TITLES.get(letter.get("doc_kind"), "Brief"),
    })


async def letter_source(datasette, request):
    from jbz.database import read_source

    _, db = _database(datasette)
    letter_id = request.url_vars["id"]
    row = await _one(db, "select source_file, source_sha256 from letters where id = ?", (letter_id,))
    if row is None:
        raise NotFound("Geen brief met dit id")
    # stored compressed, possibly against the letter's own paragraphs (jbz.sourcepack)
    data = await db.execute_fn(lambda conn: read_source(conn, letter_id)) or b""
    if row["source_sha256"] and hashlib.sha256(data).hexdigest() != row["source_sha256"]:
        raise RuntimeError(f"{letter_id}: the stored source does not match its SHA-256")
    return Response(
        data, content_type="text/plain; charset=utf-8",
        headers={"content-disposition": f'inline; filename="{row["source_file"]}"'},
    )


async def meeting_page(datasette, request):
    name, db = _database(datasette)
    meeting_id = request.url_vars["id"]
    meeting = await _one(db, "select m.*, p.country as presidency_country from meetings m "
                             "left join presidencies p on p.id = m.presidency where m.id = ?", (meeting_id,))
    if meeting is None:
        raise NotFound(f"Geen vergadering met id {meeting_id}")
    letters = await _rows(db, "select id, label, title, letter_date, doc_kind, kamer, nummer from letters "
                              "where meeting_id = ? order by doc_kind, letter_date", (meeting_id,))
    cols = await _columns(db, "agenda_items")
    extra = [c for c in ("nl_position", "outcome", "nl_vote", "eu_file_id") if c in cols]
    items = await _rows(db, "select id, letter_id, doc_kind, section, number, sub, title, decision_raw, decision_type, ordinal"
                            + "".join(f", {c}" for c in extra)
                            + " from agenda_items where meeting_id = ? order by doc_kind, letter_id, ordinal", (meeting_id,))
    labels = await _labels(datasette)
    groups: list[dict] = []
    for i in items:
        i["decision_nl"] = value_label(labels, "decision_type", i.get("decision_type"))
        i["outcome_nl"] = value_label(labels, "outcome", i.get("outcome"))
        i["position_nl"] = value_label(labels, "nl_position", i.get("nl_position"))
        key = (i["letter_id"], i["section"])
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "letter_id": i["letter_id"], "doc_kind": i["doc_kind"],
                           "section": i["section"], "rows": []})
        groups[-1]["rows"].append(i)
    timing = []
    for letter in letters:
        if letter["doc_kind"] == "geannoteerde agenda":
            d = days_between(letter["letter_date"], meeting["start_date"])
            if d is not None:
                timing.append(f"De geannoteerde agenda ({letter['label']}) is {d} dagen vóór de vergadering gedateerd.")
        elif letter["doc_kind"] == "verslag":
            d = days_between(meeting["end_date"] or meeting["start_date"], letter["letter_date"])
            if d is not None:
                timing.append(f"Het verslag ({letter['label']}) is {d} dagen na afloop van de vergadering gedateerd.")
    for letter in letters:
        if not letter["letter_date"]:
            timing.append(f"{KIND_TITLES.get(letter['doc_kind'], 'Brief')} {letter['label']} vermeldt geen datum.")
    return await _render(datasette, request, "jbz_meeting.html", {
        "meeting": meeting, "letters": letters, "groups": groups, "timing": timing, "extra": extra,
        "letter_labels": {l["id"]: l["label"] for l in letters}, "kind_titles": KIND_TITLES,
    })


async def item_page(datasette, request):
    name, db = _database(datasette)
    item_id = request.url_vars["id"]
    item = await _row_or_404(db, "agenda_items", item_id, "Geen agendapunt")
    item.pop("text", None)
    letter = await _one(db, "select id, label, title, letter_date, doc_kind, url from letters where id = ?", (item["letter_id"],))
    meeting = await _one(db, "select * from meetings where id = ?", (item["meeting_id"],)) if item.get("meeting_id") else None
    paragraphs = await _rows(db, "select * from paragraphs where agenda_item_id = ? order by ordinal", (item_id,))
    by_par, by_ref, notes = await _item_notes(db, item_id)
    for p in paragraphs:
        p["html"] = linked_text(p["text"], by_par.get(p["id"], []), by_ref.get(p["id"], []))
    for n in notes:
        n["html"] = linked_text(n["text"], (), by_ref.get(n["id"], []))
    mentions = await _rows(db, "select entity_kind, entity_id, entity, sum(count) as times from mentions where agenda_item_id = ? "
                               "group by entity_kind, entity_id, entity order by entity_kind, times desc, entity", (item_id,))
    named: dict[str, list[dict]] = {}
    for m in mentions:
        named.setdefault(ENTITY_KINDS.get(m["entity_kind"], m["entity_kind"]), []).append(m)
    labels = await _labels(datasette)
    eu_file, related, related_by = None, [], ""
    if item.get("eu_file_id") and await db.table_exists("eu_files"):
        eu_file = await _one(db, "select * from eu_files where id = ?", (item["eu_file_id"],))
        if eu_file:
            eu_file["display_name"] = _file_name(eu_file)
        related = await _rows(db, "select a.id, a.title, a.doc_kind, a.decision_type, a.meeting_id, m.start_date, m.label as meeting_label "
                                  "from agenda_items a left join meetings m on m.id = a.meeting_id "
                                  "where a.eu_file_id = ? and a.id != ? order by m.start_date, a.doc_kind", (item["eu_file_id"], item_id))
        related_by = "eu_file"
    elif item.get("title_key"):
        related = await _rows(db, "select a.id, a.title, a.doc_kind, a.decision_type, a.meeting_id, m.start_date, m.label as meeting_label "
                                  "from agenda_items a left join meetings m on m.id = a.meeting_id "
                                  "where a.title_key = ? and a.id != ? order by m.start_date, a.doc_kind", (item["title_key"], item_id))
        related_by = "title"
    for r in related:
        r["decision_nl"] = value_label(labels, "decision_type", r.get("decision_type"))
    positions = []
    if await db.table_exists("positions"):
        positions = await _rows(db, "select stance, cue, sentence, paragraph_id from positions where agenda_item_id = ? order by id", (item_id,))
        for p in positions:
            p["stance_nl"] = value_label(labels, "stance", p.get("stance"))
    return await _render(datasette, request, "jbz_item.html", {
        "item": item, "letter": letter, "meeting": meeting, "paragraphs": paragraphs, "notes": notes,
        "named": named, "eu_file": eu_file, "related": related, "related_by": related_by,
        "decision_nl": value_label(labels, "decision_type", item.get("decision_type")),
        "outcome_nl": value_label(labels, "outcome", item.get("outcome")),
        "position_nl": value_label(labels, "nl_position", item.get("nl_position")),
        "positions": positions,
        "kind_title": KIND_TITLES.get(item.get("doc_kind"), ""),
    })


async def _item_notes(db, item_id: str):
    """Footnotes whose marker stands in the item's paragraphs, and the citations in both."""
    where = "id in (select f.id from footnotes f join paragraphs p on p.id = f.paragraph_id where p.agenda_item_id = ?)"
    return await _notes_and_citations(db, where, (item_id,), paragraph_where="agenda_item_id = ?")


async def person_page(datasette, request):
    name, db = _database(datasette)
    person_id = request.url_vars["id"]
    person = await _row_or_404(db, "people", person_id, "Geen persoon")
    signed = await _rows(db, "select l.id, l.label, l.title, l.letter_date, l.doc_kind, l.meeting_id, s.name, s.role, "
                             "m.label as meeting_label, m.start_date from signatories s join letters l on l.id = s.letter_id "
                             "left join meetings m on m.id = l.meeting_id where s.person_id = ? "
                             "order by coalesce(l.letter_date, m.start_date), l.id", (person_id,))
    named = []
    if await db.table_exists("person_mentions"):
        named = await _rows(db, "select n.letter_id, n.paragraph_id, n.name, n.role, p.agenda_item_id, a.title as item_title, "
                                "l.label, l.doc_kind, coalesce(l.letter_date, m.start_date) as sort_date "
                                "from person_mentions n join letters l on l.id = n.letter_id "
                                "left join paragraphs p on p.id = n.paragraph_id left join agenda_items a on a.id = p.agenda_item_id "
                                "left join meetings m on m.id = l.meeting_id where n.person_id = ? "
                                "order by sort_date, n.letter_id, n.paragraph_id", (person_id,))
    try:
        roles = json.loads(person.get("roles") or "[]")
    except ValueError:
        roles = [person.get("roles")]
    return await _render(datasette, request, "jbz_person.html", {
        "person": person, "signed": signed, "named": named, "roles": roles, "kind_titles": KIND_TITLES,
    })


async def eu_file_page(datasette, request):
    name, db = _database(datasette)
    file_id = request.url_vars["id"]
    if not await db.table_exists("eu_files"):
        raise NotFound("Deze database kent nog geen EU-dossiers")
    eu_file = await _row_or_404(db, "eu_files", file_id, "Geen EU-dossier")
    labels = await _labels(datasette)
    cols = await _columns(db, "agenda_items")
    extra = [c for c in ("nl_position", "outcome") if c in cols]
    appearances = await _rows(db, "select a.id, a.title, a.doc_kind, a.section, a.decision_raw, a.decision_type, a.letter_id, "
                                  "a.meeting_id, m.start_date, m.label as meeting_label, l.label as letter_label"
                                  + "".join(f", a.{c}" for c in extra)
                                  + " from agenda_items a left join meetings m on m.id = a.meeting_id "
                                  "left join letters l on l.id = a.letter_id where a.eu_file_id = ? "
                                  "order by m.start_date, a.doc_kind = 'verslag', a.letter_id, a.ordinal", (file_id,))
    for a in appearances:
        a["decision_nl"] = value_label(labels, "decision_type", a.get("decision_type"))
        a["outcome_nl"] = value_label(labels, "outcome", a.get("outcome"))
        a["position_nl"] = value_label(labels, "nl_position", a.get("nl_position"))
    title = _file_name(eu_file)
    facts = {k: _readable(v) for k, v in eu_file.items() if v not in (None, "", "[]") and k not in NAME_KEYS}
    return await _render(datasette, request, "jbz_eu_file.html", {
        "eu_file": eu_file, "title": title, "facts": facts, "appearances": appearances, "extra": extra,
        "kind_titles": KIND_TITLES,
    })


NAME_KEYS = ("name_nl", "title", "name", "label")


def _readable(value):
    """A JSON array (aliases, …) as a plain list; anything else as it is."""
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return "; ".join(str(i) for i in items)
    return value


def _file_name(eu_file: dict) -> str:
    return next((eu_file[k] for k in NAME_KEYS if eu_file.get(k)), eu_file.get("id") or "")


@hookimpl
def register_routes():
    return [
        (r"^/brief/(?P<id>[^/]+)/bron\.txt$", letter_source),
        (r"^/brief/(?P<id>[^/]+)$", letter_page),
        (r"^/vergadering/(?P<id>[^/]+)$", meeting_page),
        (r"^/agendapunt/(?P<id>[^/]+)$", item_page),
        (r"^/persoon/(?P<id>[^/]+)$", person_page),
        (r"^/eu-dossier/(?P<id>[^/]+)$", eu_file_page),
        (r"^/downloads$", downloads_page),
    ]


# datasette-vega (loaded on every page) turns a click on a link to the same
# page into a reload that keeps the current #fragment, so footnote links stop
# working once one was followed.  Links within the page are handled here first.
IN_PAGE_LINKS = """
document.addEventListener('click', function (ev) {
  var a = ev.target.closest && ev.target.closest('a[href^="#"]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  var target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
  if (!target) return;
  ev.preventDefault();
  location.hash = a.getAttribute('href');  // scrolls, and :target highlights the note
});
"""


@hookimpl
def extra_body_script(template):
    if template and template.startswith("jbz_"):
        return IN_PAGE_LINKS
    return None


# --- downloads ----------------------------------------------------------------------

async def downloads_page(datasette, request):
    """/downloads: every file with its size and SHA-256, from the manifest
    `jbz build` writes next to the database (dist/downloads.json)."""
    from pathlib import Path

    name, db = _database(datasette)
    files, fts_min = [], "3.45.0"
    manifest = Path(db.path).with_name("downloads.json") if db.path else None
    if manifest and manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files, fts_min = data.get("files", []), data.get("fts_min_sqlite", fts_min)
    package = any(m == "package" for m, _ in (getattr(datasette, "static_mounts", None) or []))
    files = [f for f in files if f["kind"] == "database" or package]
    for f in files:
        f["size"] = f"{f['bytes'] / 1e6:.1f} MB" if f["bytes"] >= 1e5 else f"{f['bytes'] / 1e3:.1f} kB"
    return await _render(datasette, request, "jbz_downloads.html", {"files": files, "fts_min": fts_min})
