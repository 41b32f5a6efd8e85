"""Canned queries, charts, SQL views and summary tables of the published site.

Written for journalists: every query has a plain title and says what to type.
Named parameters are bound by Datasette (never pasted into SQL); an empty
parameter means "all".  Full-text search uses the `<table>_fts` word indexes
(FTS5 unicode61, case and accents folded) that `jbz.database` builds from
`schema.Table.search_columns`, and the vocabulary `search_terms` with its
trigram index for part of a word (`SEARCH_MATCH`): three or more letters
match anywhere inside a word, so `terugkeer` and `keerhub` find
`terugkeerhub`, and `orientatie` finds `oriëntatie`.

Datasette cannot facet or stream a canned query's result, so the results a
reader may want whole are also published as SQL views (`VIEWS`).  Charts
(datasette-vega) draw only the rows on the page, so they read small
precomputed aggregates (`SUMMARY_TABLES`).  `jbz.database.write_database`
creates both from these dicts; `jbz.site` documents them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import sql_label

# --- Building blocks ----------------------------------------------------------

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


SEARCH_TERMS_LIMIT = 1000  # words containing the typed text that one search looks for


def fts_words(param: str) -> str:
    """An FTS5 query (as SQL) for the user's text on a word index: the text as a
    phrase whose last word may be a beginning (`"algemene orient"*`), or any
    word of the vocabulary that contains the text (`terugkeerhubs` for
    `keerhub`; at most SEARCH_TERMS_LIMIT of them, the first in sorted order).

    The user's text is a bound parameter; double quotes are dropped from it so
    it is always a plain phrase, never FTS syntax; the vocabulary's words are
    letters and digits only (tokens of unicode61)."""
    text = f"""replace(:{param}, '"', '')"""
    return (
        f"""'"' || {text} || '"*' || coalesce(' OR ' || (select group_concat('"' || w.term || '"', ' OR ') from """
        f"""(select term from search_terms where rowid in (select rowid from search_terms_fts where search_terms_fts match '"' || {text} || '"') """
        f"""order by rowid limit {SEARCH_TERMS_LIMIT}) w), '')"""
    )


SEARCH_MATCH = fts_words("q")

_FTS_BITS = re.compile(r'\s+|(".*?")')  # how Datasette's escape_fts splits a table search


def fold(word: str) -> str:
    """A word as the word index stores it: lower case, accents removed."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def table_search(text: str, vocabulary: list[str]) -> str:
    """The FTS5 query of a table search (`?_search=`; Datasette's
    escape_fts, replaced by plugins/jbz_site.py): every word must be found,
    each as the start of a word (`"terugkeer"*`) or as part of a word of the
    vocabulary (`search_terms`: at most SEARCH_TERMS_LIMIT words, sorted);
    a "quoted phrase" as a phrase of whole words, the last may be a start."""
    if text.count('"') % 2:
        text += '"'
    parts = []
    for bit in _FTS_BITS.split(text):
        if not bit or bit == '""':
            continue
        word = bit.strip('"').replace('"', "")
        alts = [f'"{word}"*']
        folded = fold(word)
        if not bit.startswith('"') and len(folded) >= 3 and folded.isalnum():
            alts += [f'"{t}"' for t in vocabulary if folded in t and not t.startswith(folded)][:SEARCH_TERMS_LIMIT]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    return " AND ".join(parts) or "\"\""


def context(expr: str, before: int = 140, width: int = 420) -> str:
    """SQL cutting a window around the first <mark> of a highlighted text.

    A window of characters (~20 words either side) rather than FTS5's
    snippet(), which counts tokens: the same width whatever the words."""
    pos = f"instr({expr}, '{MARK_OPEN}')"
    start = f"max(1, {pos} - {before})"
    return (
        f"(case when {start} > 1 then '…' else '' end)\n"
        f"    || substr({expr}, {start}, {width})\n"
        f"    || (case when length({expr}) >= {start} + {width} then '…' else '' end)"
    )


@dataclass(frozen=True)
class Chart:
    """How a chart query is drawn (Vega-Lite, see `jbz.site.chart_spec`):
    every row of the query's full result, not only the rows on the page."""

    mark: str  # bar, line, circle
    x_column: str
    y_column: str
    x_type: str = "ordinal"  # quantitative, temporal, ordinal, nominal
    y_type: str = "quantitative"
    color_column: str = ""
    ranked: bool = False  # x sorted by the y value, largest first (else the rows' order)


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    description: str
    sql: str
    chart: Chart | None = None
    examples: tuple[dict[str, str], ...] = ()  # parameter values that return rows on the real letters
    hide_sql: bool = False  # long SQL would push the form and results below the fold

    @property
    def params(self) -> list[str]:
        seen: list[str] = []
        for p in re.findall(r"(?<![:\w]):(\w+)", self.sql):
            if p not in seen:
                seen.append(p)
        return seen



@dataclass(frozen=True)
class Derived:
    """A SQL view or a summary table: built from the schema's tables."""

    name: str
    title: str
    description: str
    sql: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> description
    facets: tuple[str, ...] = ()
    sort_desc: str | None = None
    sort: str | None = None


# One row per meeting and point of an EU file: an agenda item with the report item that answers it
# (agenda_items.counterpart_id), or a report item the corpus has no agenda for.
_THREAD_FROM = """
from agenda_items a
join eu_files f on f.id = a.eu_file_id
left join agenda_items r on r.id = a.counterpart_id
left join meetings m on m.id = a.meeting_id
where not a.is_group and (a.doc_kind <> 'verslag' or a.counterpart_id is null)
"""

# `+p.stance`: look positions up by their item, never by stance. eu_file_thread is built
# before ANALYZE, and without statistics SQLite chose the stance index: every position of
# that stance for each of 42,000 rows (the build hung at 2,000 letters).
_THREAD_COLUMNS = """
  f.id as eu_file_id, f.name_nl as dossier, m.start_date as meeting_date, a.meeting_id,
  a.section, coalesce(a.number, '') || coalesce(a.sub, '') as item,
  a.decision_type,
  a.nl_position,
  coalesce(
    (select p.sentence from positions p where p.agenda_item_id = a.id and +p.stance = a.nl_position order by p.id limit 1),
    (select p.sentence from positions p where p.agenda_item_id = a.id order by p.id limit 1)) as nl_position_sentence,
  coalesce(r.outcome, a.outcome) as outcome,
  coalesce(r.nl_vote, a.nl_vote) as nl_vote,
  case when a.doc_kind = 'verslag' then null else a.letter_id end as agenda_letter_id,
  case when a.doc_kind = 'verslag' then a.letter_id else r.letter_id end as report_letter_id,
  case when a.doc_kind = 'verslag' then null else a.id end as agenda_item_id,
  case when a.doc_kind = 'verslag' then a.id else r.id end as report_item_id
"""

# The thread's stored columns and, looked up by primary key for the rows answered (at most 2,001), what
# eu_file_thread leaves to its parent rows: the meeting's name; the title and the decision asked of the
# row's own item (k: the agenda's, else the report's); the report item's title and outcome sentence (r; the
# outcome is the report's, else the agenda item's own); the letters' official addresses.
FOLLOW_EU_FILE_SQL = """
select
  t.eu_file_id, t.dossier, t.meeting_date, t.meeting_id, m.label as meeting, t.section, t.item, k.title,
  k.decision_raw as decision_asked, t.decision_type, t.nl_position, t.nl_position_sentence,
  t.outcome, coalesce(r.outcome_evidence, k.outcome_evidence) as outcome_evidence, t.nl_vote, r.title as report_title,
  t.agenda_letter_id, la.url as agenda_letter_url, t.report_letter_id, lr.url as report_letter_url,
  t.agenda_item_id, t.report_item_id
from eu_file_thread t
left join meetings m on m.id = t.meeting_id
left join agenda_items k on k.id = coalesce(t.agenda_item_id, t.report_item_id)
left join agenda_items r on r.id = t.report_item_id
left join letters la on la.id = t.agenda_letter_id
left join letters lr on lr.id = t.report_letter_id
where (:file = '' or t.eu_file_id = :file)
order by t.rowid
"""

# --- Views: query results you can facet and download whole --------------------


def item_text(alias: str) -> str:
    """SQL: the body text of agenda item `alias` from its paragraphs (or those of the
    sibling whose body it shares, body_item_id): headings and the decision line
    left out, in letter order, joined by blank lines. The same text the parser
    gives an item; stored once, in paragraphs."""
    return (
        "(select group_concat(b.text, char(10) || char(10)) from (select p.text from paragraphs p "
        f"where p.agenda_item_id = coalesce({alias}.body_item_id, {alias}.id) and p.kind not in ('heading', 'decision') "
        "order by p.ordinal) b)"
    )


DERIVED_VIEWS: tuple[Derived, ...] = (
    Derived(
        name="agenda_item_texts",
        title="Agenda items with their text",
        description=(
            "Each agenda item's body text, read from its paragraphs (headings and the decision line left out, joined by blank lines); "
            "a sub-item listed without a body of its own (\"a) … b) … = Gedachtewisseling\") has the body it shares with the sibling below it. "
            "The text is kept once, in the paragraphs: this view joins it for reading and downloading."
        ),
        sql=f"""
select a.id as agenda_item_id, a.letter_id, a.meeting_id, a.doc_kind, a.section,
  coalesce(a.number, '') || coalesce(a.sub, '') as item, a.title, {item_text("a")} as text
from agenda_items a
""",
        columns={
            "agenda_item_id": "The agenda item (agenda_items.id).",
            "letter_id": "Letter the item is in.",
            "meeting_id": "Council meeting the item is on the agenda of.",
            "doc_kind": "geannoteerde agenda or verslag.",
            "section": "Justitie, Binnenlandse Zaken or Gemengd Comité.",
            "item": "Item number and sub-letter as printed, e.g. `3a`.",
            "title": "Item title.",
            "text": "The item's body text: its paragraphs (or those it shares, agenda_items.body_item_id), joined by blank lines.",
        },
        sort="agenda_item_id",
    ),
    Derived(
        name="letters_overview",
        title="Letters at a glance",
        description="One row per letter with its meeting and how much was found in it: agenda items, paragraphs, footnotes, references, motions, and the coverage check.",
        sql="""
select
  l.id as letter_id, l.letter_date, l.kamer, l.doc_kind, l.nummer, l.nummer_source,
  l.meeting_id, m.start_date as meeting_date, m.location, l.source_format,
  (select count(*) from agenda_items a where a.letter_id = l.id and not a.is_group) as agenda_items,
  (select count(*) from paragraphs p where p.letter_id = l.id) as paragraphs,
  (select count(*) from footnotes f where f.letter_id = l.id) as footnotes,
  (select count(*) from citations c where c.letter_id = l.id) as citations,
  (select count(*) from motions o where o.letter_id = l.id) as motions,
  (select count(*) from data_issues d where d.letter_id = l.id) as data_issues,
  l.coverage, l.title
from letters l left join meetings m on m.id = l.meeting_id
""",
        columns={
            "letter_id": "The letter (letters.id).",
            "letter_date": "Date the letter was signed.",
            "kamer": "Tweede Kamer or Eerste Kamer.",
            "doc_kind": "geannoteerde agenda, verslag or other.",
            "nummer": "Kamerstuk number, when known.",
            "nummer_source": "stated or inferred.",
            "meeting_id": "The Council meeting the letter is about.",
            "meeting_date": "First day of that meeting.",
            "location": "Where the meeting took place.",
            "source_format": "Export format of the source file.",
            "agenda_items": "Agenda items found in the letter.",
            "paragraphs": "Paragraphs, headings and list items in the letter.",
            "footnotes": "Footnotes in the letter.",
            "citations": "References (Kamerstukken, EU documents, URLs …) found in the letter.",
            "motions": "Motions and commitments named in the letter.",
            "data_issues": "Problems noted in the source (see data_issues).",
            "coverage": "Share of the source text found again in the parsed rows (1 = nothing lost).",
            "title": "Title of the letter.",
        },
        facets=("doc_kind", "kamer", "source_format"),
        sort_desc="letter_date",
    ),
    Derived(
        name="agenda_items_by_meeting",
        title="Agenda items with their meeting",
        description="Every agenda item with the date, place and presidency of its meeting: facet by section, decision type or presidency, or search a title with the `title_contains` filter.",
        sql="""
select
  a.id as agenda_item_id, m.start_date as meeting_date, a.meeting_id, m.location, p.country as presidency,
  a.doc_kind, a.section, coalesce(a.number, '') || coalesce(a.sub, '') as item, a.title,
  a.decision_raw, a.decision_type, a.letter_id, m.year, a.is_group
from agenda_items a
left join meetings m on m.id = a.meeting_id
left join presidencies p on p.id = m.presidency
""",
        columns={
            "agenda_item_id": "The agenda item (agenda_items.id).",
            "meeting_date": "First day of the meeting.",
            "meeting_id": "The meeting.",
            "location": "Where the meeting took place.",
            "presidency": "Member state holding the Council presidency.",
            "doc_kind": "From a geannoteerde agenda (before) or a verslag (after).",
            "section": "Justitie or Binnenlandse Zaken.",
            "item": "Item number and sub-letter as printed, e.g. `3a`.",
            "title": "Item title.",
            "decision_raw": "Decision phrase as written (geannoteerde agenda only).",
            "decision_type": "Decision phrase mapped to the decision_types vocabulary.",
            "letter_id": "Letter the item is in.",
            "year": "Year of the meeting.",
            "is_group": "1 for a group heading (\"Overige onderwerpen\") whose sub-items follow; filter `is_group=0` to count items.",
        },
        facets=("section", "decision_type", "doc_kind", "presidency", "year"),
        sort_desc="meeting_date",
    ),
    Derived(
        name="citations_with_context",
        title="References with the citing letter and context",
        description="Every reference with the date and kind of the letter that makes it and the footnote or paragraph it stands in: facet by kind or dossier to see what the government leans on.",
        sql="""
select
  c.id as citation_id, l.letter_date, c.letter_id, l.doc_kind, c.kind, c.raw,
  c.dossier, c.nummer, c.identifier, c.url, c.target_letter_id,
  f.number as footnote, coalesce(f.text, p.text) as context
from citations c
join letters l on l.id = c.letter_id
left join footnotes f on f.id = c.footnote_id
left join paragraphs p on p.id = c.paragraph_id
""",
        columns={
            "citation_id": "The reference (citations.id).",
            "letter_date": "Date of the citing letter.",
            "letter_id": "Citing letter.",
            "doc_kind": "Kind of the citing letter.",
            "kind": "Kind of reference (kamerstuk, motie, com, celex, url …).",
            "raw": "The reference as written.",
            "dossier": "Kamerstuk dossier, when a Kamerstuk.",
            "nummer": "Kamerstuk number, when a Kamerstuk.",
            "identifier": "Normalised EU document identifier.",
            "url": "Official URL of the cited document.",
            "target_letter_id": "The cited document when it is one of the letters here.",
            "footnote": "Number of the footnote the reference stands in (empty when in the text).",
            "context": "Text of that footnote or paragraph.",
        },
        facets=("kind", "dossier", "doc_kind"),
        sort_desc="letter_date",
    ),
    Derived(
        name="signatures",
        title="Who signed what",
        description="Every signature with the letter's date and kind and the person behind it: facet by person or office.",
        sql="""
select
  s.letter_id, l.letter_date, l.doc_kind, l.meeting_id, s.ordinal, s.name, s.role,
  s.person_id, pe.name as person
from signatories s
join letters l on l.id = s.letter_id
left join people pe on pe.id = s.person_id
""",
        columns={
            "letter_id": "Letter signed.",
            "letter_date": "Date of the letter.",
            "doc_kind": "Kind of the letter.",
            "meeting_id": "Meeting the letter is about.",
            "ordinal": "Position of the signature.",
            "name": "Name as printed.",
            "role": "Office as printed above the name.",
            "person_id": "The person (people.id).",
            "person": "The person's name as most often printed.",
        },
        facets=("person", "role", "doc_kind"),
        sort_desc="letter_date",
    ),
    Derived(
        name="mentions_by_agenda_item",
        title="Countries and EU bodies per agenda item",
        description="Which member states, other countries and EU bodies each agenda item names, and how often: facet by entity to find every item about, say, Polen or Frontex.",
        # read from the summary table: grouping every mention on each request took
        # seconds at 2,000 letters (300,000 mentions), for each facet again. The item's kind
        # and title by primary key, as subqueries (not a join): SQLite evaluates them only
        # for the rows a page shows (after its sort), and never for the count and facets,
        # which read the summary alone (a join was looked up for every row: 125,000 per facet)
        sql="""
select
  s.agenda_item_id, s.meeting_date, s.meeting_id,
  (select a.doc_kind from agenda_items a where a.id = s.agenda_item_id) as doc_kind,
  (select a.title from agenda_items a where a.id = s.agenda_item_id) as title,
  s.entity_kind, s.entity_id, s.entity, s.times_named, s.paragraphs
from summary_mentions_per_item s
""",
        columns={
            "agenda_item_id": "The agenda item.",
            "meeting_date": "First day of its meeting.",
            "meeting_id": "Its meeting.",
            "doc_kind": "geannoteerde agenda or verslag.",
            "title": "Agenda item title.",
            "entity_kind": "country, eu-member-state or eu-body.",
            "entity_id": "Identifier in the vocabulary.",
            "entity": "Name (Dutch).",
            "times_named": "Times named in the item's paragraphs.",
            "paragraphs": "Paragraphs of the item naming it.",
        },
        facets=("entity_kind", "entity", "meeting_id"),
        sort_desc="meeting_date",
    ),
)

# --- Summary tables: small precomputed aggregates for charts -------------------

DERIVED_SUMMARIES: tuple[Derived, ...] = (
    Derived(
        name="eu_file_thread",
        title="EU-dossiers door de vergaderingen heen",
        description=(
            "Every agenda item linked to an EU file (group headings left out: their sub-items carry the points), one row per meeting and point: the decision asked (geannoteerde agenda), "
            "the Dutch position with the sentence that states it, the report item that answers it (verslag, via agenda_items.counterpart_id) with the outcome, and both letters. "
            "Facet by file, stance or outcome. Stored as a table, in the order follow_eu_file shows it (oldest meeting first): "
            "computed on each request it took 2.2 s at 2,000 letters (two position look-ups per row). "
            "It keeps its facets (the file's Dutch name, decision type, stance, outcome), the ids of both items and letters, and the position "
            "sentence (found by two look-ups in positions per row, the reason the table exists); what one look-up by primary key gives is "
            "left to the parent rows, and follow_eu_file joins it for the rows it answers: the meeting's name (meetings.label), the items' "
            "titles, the decision as written and the outcome sentence (agenda_items), the letters' addresses (letters.url)."
        ),
        sql=f"select {_THREAD_COLUMNS.strip()}\n{_THREAD_FROM.strip()}\norder by m.start_date, f.id, a.letter_id, a.ordinal",
        columns={
            "eu_file_id": "The EU file (eu_files.id).",
            "dossier": "Its Dutch name.",
            "meeting_date": "First day of the meeting.",
            "meeting_id": "The meeting (its name: meetings.label).",
            "section": "Justitie or Binnenlandse Zaken.",
            "item": "Item number and sub-letter as printed in the letter the row starts from (the agenda when there is one).",
            "decision_type": "The decision the Council is asked to take, in the decision_types vocabulary (as written: agenda_items.decision_raw).",
            "nl_position": "The Dutch stance on the point (agenda_items.nl_position of the row's first item: the agenda's, else the report's).",
            "nl_position_sentence": "The sentence that states it, verbatim (from positions: the first with that stance, else the item's first position).",
            "outcome": "What the Council did, from the verslag (agenda_items.outcome; the sentence that shows it: outcome_evidence of the report item, else of the agenda item).",
            "nl_vote": "How the Netherlands voted, when the report says so.",
            "agenda_letter_id": "The geannoteerde agenda (letters.id), if the corpus holds it (its address on officielebekendmakingen.nl: letters.url).",
            "report_letter_id": "The verslag (letters.id), if the corpus holds it (letters.url).",
            "agenda_item_id": "The item of the geannoteerde agenda (agenda_items.id), when the corpus holds it: its title and decision as written are in agenda_items (of the report item when there is no agenda).",
            "report_item_id": "The item of the verslag on the same point (agenda_items.id), when the corpus holds it (its title: agenda_items.title).",
        },
        facets=("dossier", "nl_position", "outcome", "decision_type"),
        sort="meeting_date",
    ),
    Derived(
        name="summary_positions_per_meeting",
        sort_desc="meeting_date",
        title="Summary: Dutch positions per meeting, EU file and stance",
        description="Precomputed counts of position sentences (positions) by meeting, EU file and stance (the chart of positions per meeting reads this).",
        sql="""
select
  p.meeting_id, m.start_date as meeting_date, coalesce(p.eu_file_id, '(geen dossier)') as eu_file_id, p.stance,
  count(*) as positions
from positions p left join meetings m on m.id = p.meeting_id
group by p.meeting_id, m.start_date, coalesce(p.eu_file_id, '(geen dossier)'), p.stance
order by m.start_date, eu_file_id, p.stance, p.meeting_id
""",
        columns={
            "meeting_id": "The meeting the letter is about.",
            "meeting_date": "First day of the meeting.",
            "eu_file_id": "The EU file of the positions' agenda item, or (geen dossier) outside items and for items without a file.",
            "stance": "Stance (see the stances table).",
            "positions": "Number of position sentences.",
        },
        facets=("stance", "eu_file_id"),
    ),
    Derived(
        name="summary_mentions_per_item",
        sort_desc="meeting_date",
        title="Summary: countries and EU bodies per agenda item, newest meeting first",
        description=(
            "Precomputed: each agenda item with each country or EU body it names and how often, in the order the "
            "agenda_items_mentioning query shows them (newest meeting first), so that query reads rows instead of "
            "grouping every mention on each request."
        ),
        sql="""
select
  m.start_date as meeting_date, a.meeting_id, x.entity, x.entity_kind, x.entity_id,
  sum(x.count) as times_named, group_concat(distinct x.matched) as matched,
  a.id as agenda_item_id, count(*) as paragraphs
from mentions x
join agenda_items a on a.id = x.agenda_item_id
left join meetings m on m.id = a.meeting_id
group by a.id, x.entity_id, x.entity, x.entity_kind
order by m.start_date desc, a.letter_id, a.ordinal, x.entity, x.entity_id, x.entity_kind
""",
        columns={
            "meeting_date": "First day of the meeting (kept: the order and the default sort).",
            "meeting_id": "The meeting (kept: a facet of mentions_by_agenda_item).",
            "entity": "Name (Dutch).",
            "entity_kind": "country, eu-member-state or eu-body.",
            "entity_id": "Identifier in the vocabulary.",
            "times_named": "Times named in the item's paragraphs.",
            "matched": "The words that matched, as written (comma-separated; agenda_items_mentioning searches them).",
            "agenda_item_id": "The agenda item: its title, kind of letter, decision type and letter are in agenda_items (the view and the query join them).",
            "paragraphs": "Paragraphs of the item naming it.",
        },
    ),
    Derived(
        name="summary_items_per_meeting",
        sort_desc="meeting_date",
        title="Summary: agenda items per meeting, section and decision type",
        description="Precomputed counts of agenda items by meeting, letter kind, section and decision type (the charts read this).",
        sql="""
select
  a.meeting_id, m.start_date as meeting_date, m.year, a.doc_kind,
  coalesce(a.section, '(no section)') as section,
  coalesce(a.decision_type, '(none)') as decision_type,
  count(*) as items
from agenda_items a left join meetings m on m.id = a.meeting_id
where not a.is_group
group by a.meeting_id, m.start_date, m.year, a.doc_kind, coalesce(a.section, '(no section)'), coalesce(a.decision_type, '(none)')
order by m.start_date, a.doc_kind, section, decision_type, a.meeting_id
""",
        columns={
            "meeting_id": "The meeting.",
            "meeting_date": "First day of the meeting.",
            "year": "Year of the meeting.",
            "doc_kind": "Kind of letter the items come from.",
            "section": "Justitie, Binnenlandse Zaken or (no section).",
            "decision_type": "Decision type, or (none) (always in a verslag).",
            "items": "Number of agenda items, sub-items included, group headings (is_group) left out.",
        },
        facets=("doc_kind", "section", "decision_type"),
    ),
    Derived(
        name="summary_citations_per_letter",
        sort_desc="sort_date",
        title="Summary: references per letter and kind",
        description="Precomputed counts of references by citing letter and kind, with the letter's footnote count (the charts read this).",
        sql="""
select
  l.id as letter_id, l.letter_date, coalesce(l.letter_date, m.start_date) as sort_date, l.doc_kind,
  l.label as letter, c.kind, count(*) as citations,
  (select count(*) from footnotes f where f.letter_id = l.id) as footnotes
from citations c join letters l on l.id = c.letter_id
left join meetings m on m.id = l.meeting_id
group by l.id, c.kind
order by sort_date, l.id, c.kind
""",
        columns={
            "letter_id": "Citing letter.",
            "letter_date": "Its date.",
            "sort_date": "Its date, or its meeting's first day when the letter is undated: places every letter on a time axis.",
            "doc_kind": "Its kind.",
            "letter": "The letter's short label (letters.label).",
            "kind": "Kind of reference.",
            "citations": "Number of references of that kind in the letter.",
            "footnotes": "Number of footnotes in the letter (repeated on each of its rows).",
        },
        facets=("kind", "doc_kind"),
    ),
    Derived(
        name="summary_parts_per_letter",
        sort_desc="sort_date",
        title="Summary: paragraphs per letter and part",
        description="Precomputed counts of paragraphs by letter and part of the letter (cover letter, agenda, report, attachment …) (the charts read this).",
        sql="""
select
  l.id as letter_id, l.letter_date, coalesce(l.letter_date, m.start_date) as sort_date, l.doc_kind,
  l.label as letter,
  coalesce(p.part, '(none)') as part, count(*) as paragraphs, sum(length(p.text)) as characters
from paragraphs p join letters l on l.id = p.letter_id
left join meetings m on m.id = l.meeting_id
group by l.id, coalesce(p.part, '(none)')
order by sort_date, l.id, part
""",
        columns={
            "letter_id": "The letter.",
            "letter_date": "Its date.",
            "sort_date": "Its date, or its meeting's first day when the letter is undated.",
            "doc_kind": "Its kind.",
            "letter": "The letter's short label (letters.label).",
            "part": "Part of the letter: header, cover letter, agenda, report, attachment or signature.",
            "paragraphs": "Paragraphs, headings and list items in that part.",
            "characters": "Characters of text in that part.",
        },
        facets=("part", "doc_kind"),
    ),
    Derived(
        name="summary_mentions",
        sort_desc="times_named",
        title="Summary: how often each country and EU body is named",
        description="Precomputed counts per named entity: letters, agenda items and paragraphs naming it as a subject, meeting places left out (the charts read this).",
        sql="""
select
  entity_kind, entity_id, entity,
  count(distinct letter_id) as letters,
  count(distinct agenda_item_id) as agenda_items,
  count(distinct paragraph_id) as paragraphs,
  sum(count) as times_named
from mentions
where role = 'subject'
group by entity_kind, entity_id, entity
order by times_named desc, entity, entity_id, entity_kind
""",
        columns={
            "entity_kind": "country, eu-member-state or eu-body.",
            "entity_id": "Identifier in the vocabulary.",
            "entity": "Name (Dutch).",
            "letters": "Letters naming it.",
            "agenda_items": "Agenda items naming it.",
            "paragraphs": "Paragraphs naming it.",
            "times_named": "Times named in all.",
        },
        facets=("entity_kind",),
    ),
)

VIEWS: dict[str, str] = {d.name: d.sql.strip() for d in DERIVED_VIEWS}
VIEW_DESCRIPTIONS: dict[str, str] = {d.name: d.description for d in DERIVED_VIEWS}
SUMMARY_TABLES: dict[str, str] = {d.name: d.sql.strip() for d in DERIVED_SUMMARIES}
SUMMARY_DESCRIPTIONS: dict[str, str] = {d.name: d.description for d in DERIVED_SUMMARIES}
DERIVED: tuple[Derived, ...] = DERIVED_VIEWS + DERIVED_SUMMARIES

# --- Canned queries -----------------------------------------------------------

def fts_column(table_name: str, column: str) -> int:
    """Position of a column in its table's FTS index (for highlight())."""
    from .schema import table

    return table(table_name).search_columns.index(column)


SEARCH_HITS_SHOWN = 500  # newest hits with their snippets; highlighting every hit of a frequent word took seconds

_SEARCH_SQL = f"""
with query as (
  -- the FTS5 query, worked out once: the text as a phrase, or a word containing it
  select {SEARCH_MATCH} as m
),
hits as (
  select 'paragraph' as found_in, p.letter_id, p.agenda_item_id, p.id as ref, 1 as src, paragraphs_fts.rowid as hit
  from paragraphs_fts join paragraphs p on p.rowid = paragraphs_fts.rowid
  where paragraphs_fts match (select m from query)
  union all
  select 'agenda item title', a.letter_id, a.id, a.id, 2, agenda_items_fts.rowid
  from agenda_items_fts join agenda_items a on a.rowid = agenda_items_fts.rowid
  where agenda_items_fts match (select m from query)
  union all
  select 'footnote ' || f.number, f.letter_id, p.agenda_item_id, f.id, 3, footnotes_fts.rowid
  from footnotes_fts join footnotes f on f.rowid = footnotes_fts.rowid
  left join paragraphs p on p.id = f.paragraph_id
  where footnotes_fts match (select m from query)
),
shown as (
  select hits.*, l.letter_date, l.doc_kind
  from hits join letters l on l.id = hits.letter_id
  where (:letter = '' or hits.letter_id = :letter)
  order by l.letter_date desc, hits.letter_id, hits.found_in = 'agenda item title' desc, hits.ref
  limit {SEARCH_HITS_SHOWN}
),
marked as (
  -- highlight() only for the hits shown; `+rowid`: one pass over the matches, not one
  -- FTS5 look-up per hit shown (each set the OR-of-words query up again: a frequent word
  -- took 1.1 s of CPU at 2,000 letters and hit the time limit, now 0.13 s)
  select 1 as src, rowid as hit, highlight(paragraphs_fts, {fts_column('paragraphs', 'text')}, '{MARK_OPEN}', '{MARK_CLOSE}') as h
  from paragraphs_fts where paragraphs_fts match (select m from query) and +rowid in (select hit from shown where src = 1)
  union all
  select 2, rowid, highlight(agenda_items_fts, {fts_column('agenda_items', 'title')}, '{MARK_OPEN}', '{MARK_CLOSE}')
  from agenda_items_fts where agenda_items_fts match (select m from query) and +rowid in (select hit from shown where src = 2)
  union all
  select 3, rowid, highlight(footnotes_fts, {fts_column('footnotes', 'text')}, '{MARK_OPEN}', '{MARK_CLOSE}')
  from footnotes_fts where footnotes_fts match (select m from query) and +rowid in (select hit from shown where src = 3)
)
select
  shown.letter_date, shown.doc_kind, shown.letter_id, shown.found_in,
  a.title as agenda_item, {context("marked.h")} as snippet, shown.ref
from shown
join marked on marked.src = shown.src and marked.hit = shown.hit
left join agenda_items a on a.id = shown.agenda_item_id
order by shown.letter_date desc, shown.letter_id, shown.found_in = 'agenda item title' desc, shown.ref
"""

# Columns datasette-atom turns into Atom entries (`<query>.atom`), shared by the letter feeds.
_FEED_LETTER_COLUMNS = """'urn:jbz-brieven:letter:' || l.id as atom_id,
  (case l.doc_kind when 'geannoteerde agenda' then 'Geannoteerde agenda' when 'verslag' then 'Verslag' else 'Brief' end)
    || coalesce(' ' || m.label, '') as atom_title,
  coalesce(l.letter_date, (select d.document_date from documents d where d.letter_id = l.id), m.start_date, '1970-01-01')
    || 'T00:00:00Z' as atom_updated,
  coalesce(l.url, 'https://zoek.officielebekendmakingen.nl/dossier/32317') as atom_link,
  coalesce(l.title, '') || ' (' || coalesce('Kamerstuk 32 317, nr. ' || l.nummer || ', ', '') || coalesce(l.kamer, '')
    || coalesce(', ' || l.letter_date, '') || ')' as atom_content,
  (select group_concat(value, ', ') from json_each(l.signatory_names)) as atom_author_name,
  l.id as letter_id, l.letter_date, l.doc_kind, l.meeting_id"""


def feed_sql(select: str, empty_id: str, empty_title: str, empty_text: str, columns: int) -> str:
    """A feed query that never returns no rows: datasette-atom 0.9 fails (HTTP 500) on an
    empty result, so a feed with nothing in it yet (a chamber or meeting without letters)
    gets one entry saying so. `select` is the query proper, `columns` its number of columns."""
    pad = ", null" * (columns - 5)
    return f"""
with hits as ({select})
select * from hits
union all
select {empty_id}, {empty_title}, '1970-01-01T00:00:00Z', 'https://zoek.officielebekendmakingen.nl/dossier/32317',
  {empty_text}{pad}
where not exists (select 1 from hits)
order by atom_updated desc, atom_id desc
"""

QUERIES: tuple[Query, ...] = (
    Query(
        name="search_letters",
        title="Search the letters, with context",
        description=(
            "Full-text search in every paragraph, agenda item title and footnote. Type a word or part of a word "
            "(at least three letters): every word containing it is found. Several words are searched as one phrase of whole "
            "words, the last of which may be the start of a word (`algemene orient`). Accents and capitals do not matter, "
            "and parts of compounds are found: `terugkeer` finds terugkeerverordening and terugkeerhub, `keerhub` finds terugkeerhubs, "
            "`orientatie` finds oriëntatie. Leave `letter` empty to search all letters, or give a letter id. The newest 500 hits are shown."
        ),
        sql=_SEARCH_SQL,
        hide_sql=True,
        examples=({"q": "terugkeerhub", "letter": ""},),
    ),
    Query(
        name="meeting_agenda",
        title="The agenda of one Council meeting, with the decisions asked",
        description=(
            "Every item on the agenda of a JBZ-Raad, in order, with what the Council is asked to do "
            "(in a geannoteerde agenda) — e.g. a general approach, an exchange of views. Type a meeting id or part of it "
            "(`jbz-2025-06-12`, or just `2025-06`); leave empty for all meetings. `kind` narrows to `agenda` or `verslag`."
        ),
        sql="""
select
  m.start_date as meeting_date, a.meeting_id, a.doc_kind, a.section,
  coalesce(a.number, '') || coalesce(a.sub, '') as item, a.title,
  a.decision_raw as decision_as_written, a.decision_type, a.letter_id, a.id as agenda_item_id
from agenda_items a left join meetings m on m.id = a.meeting_id
where (:meeting = '' or a.meeting_id like '%' || :meeting || '%')
  and (:kind = '' or a.doc_kind like '%' || :kind || '%')
order by m.start_date desc, a.letter_id, a.ordinal
""",
        examples=({"meeting": "2025-06", "kind": "agenda"},),
    ),
    Query(
        name="follow_eu_file",
        title="Volg een EU-dossier",
        description=(
            "Eén EU-dossier door de vergaderingen heen, oudste eerst: per JBZ-Raad het agendapunt, het besluit dat de Raad "
            "wordt gevraagd, de Nederlandse inzet met de zin die haar onderbouwt, de uitkomst uit het verslag en de brieven. "
            "Kies een dossier uit de lijst (bijvoorbeeld `return-regulation`, de Terugkeerverordening; alle dossiers staan in "
            "de tabel eu_files); leeg laten toont alle dossiers. Agendapunt en verslagpunt van dezelfde vergadering staan "
            "op één regel."
        ),
        sql=FOLLOW_EU_FILE_SQL,
        hide_sql=True,
        examples=({"file": "temporary-protection"},),
    ),
    Query(
        name="positions_per_meeting",
        title="Grafiek: Nederlandse standpunten per vergadering",
        description=(
            "Hoeveel standpunten de regering per JBZ-Raad inneemt, naar soort (steun, steun met voorbehoud, kritisch, "
            "aanhoren …), in de agenda's en verslagen samen. Kies een dossier (bijvoorbeeld `return-regulation`) om één "
            "EU-dossier te volgen; leeg laten telt alle standpunten."
        ),
        sql=f"""
select meeting_date, stance, {sql_label("stance", "stance")} as stance_nl, sum(positions) as positions
from summary_positions_per_meeting
where (:file = '' or eu_file_id = :file)
group by meeting_date, stance
order by meeting_date, stance
""",
        chart=Chart(mark="bar", x_column="meeting_date", y_column="positions", color_column="stance_nl"),
        examples=({"file": ""},),
    ),
    Query(
        name="decision_types_per_meeting",
        title="Chart: what the Council is asked to decide, per meeting",
        description=(
            "Agenda items in each geannoteerde agenda by decision type (general approach, exchange of views, "
            "adoption …), stacked per meeting. A verslag has no decision line, so only agendas count. "
            "Type a year to narrow it down."
        ),
        sql=f"""
select meeting_date, decision_type, {sql_label("decision_type", "decision_type")} as decision_nl, sum(items) as items
from summary_items_per_meeting
where doc_kind = 'geannoteerde agenda' and (:year = '' or year = :year)
group by meeting_date, decision_type
order by meeting_date, decision_type
""",
        chart=Chart(mark="bar", x_column="meeting_date", y_column="items", color_column="decision_nl"),
        examples=({"year": "2025"},),
    ),
    Query(
        name="items_per_section_over_time",
        title="Chart: Justice and Home Affairs items per meeting",
        description=(
            "Agenda items (sub-items included) per part of the Council — Justitie (Justice) or Binnenlandse Zaken "
            "(Home Affairs) — for each meeting, oldest first. Counted from the geannoteerde agenda when there is one, "
            "otherwise from the verslag, so no meeting counts twice."
        ),
        sql="""
with pick as (
  -- one kind of letter per meeting, chosen once per meeting (not once per row: that was a scan per row)
  select meeting_id,
    case when max(doc_kind = 'geannoteerde agenda') then 'geannoteerde agenda'
         when max(doc_kind = 'verslag') then 'verslag' else min(doc_kind) end as doc_kind
  from summary_items_per_meeting group by meeting_id
)
select s.meeting_date, s.section, sum(s.items) as items
from summary_items_per_meeting s join pick p on p.meeting_id = s.meeting_id and p.doc_kind = s.doc_kind
group by s.meeting_date, s.section
order by s.meeting_date, s.section
""",
        chart=Chart(mark="bar", x_column="meeting_date", y_column="items", color_column="section"),
    ),
    Query(
        name="citations_per_letter",
        title="Chart: references per letter, by kind",
        description=(
            "How many Kamerstukken, motions, Commission documents (COM), EU acts, URLs … each letter cites, "
            "with its number of footnotes. Type a kind (`kamerstuk`, `com`, `url` …) to chart only that kind, and a year "
            "to chart the letters of that year (one bar per letter: with hundreds of letters a year keeps the chart readable "
            "and under the 2,000 rows an answer may have)."
        ),
        sql="""
select letter, kind, citations, footnotes, letter_id, sort_date
from summary_citations_per_letter
where (:kind = '' or kind = :kind) and (:year = '' or substr(sort_date, 1, 4) = :year)
order by sort_date, letter_id, kind
""",
        examples=({"kind": "", "year": "2025"},),
        chart=Chart(mark="bar", x_column="letter", y_column="citations", color_column="kind"),
    ),
    Query(
        name="letter_parts",
        title="Chart: what each letter is made of",
        description=(
            "Characters of text per part of each letter: the cover letter (with the extra topics the government "
            "reports on), the annotated agenda or the report, and attachments. Shows which letters carry most news "
            "outside the Council agenda. Type `verslag` or `agenda` in `kind` to compare one kind, and a year to chart "
            "the letters of that year."
        ),
        sql=f"""
select letter, part, {sql_label("part", "part")} as part_nl, characters, paragraphs, letter_id, sort_date
from summary_parts_per_letter
where (:kind = '' or doc_kind like '%' || :kind || '%') and (:year = '' or substr(sort_date, 1, 4) = :year)
order by sort_date, letter_id, part
""",
        chart=Chart(mark="bar", x_column="letter", y_column="characters", color_column="part_nl"),
        examples=({"kind": "verslag", "year": ""}, {"kind": "", "year": "2024"}),
    ),
    Query(
        name="most_named_countries_and_bodies",
        title="Chart: the countries and EU bodies named most",
        description=(
            "The 25 member states, other countries and EU institutions or agencies named in the most paragraphs. "
            "Type `country`, `eu-member-state` or `eu-body` in `entity_kind` to see one group."
        ),
        sql=f"""
select entity, entity_kind, {sql_label("entity_kind", "entity_kind")} as entity_kind_nl, paragraphs, letters, agenda_items, times_named
from summary_mentions
where (:entity_kind = '' or entity_kind = :entity_kind)
order by paragraphs desc, entity
limit 25
""",
        chart=Chart(mark="bar", x_column="entity", y_column="paragraphs", color_column="entity_kind_nl", ranked=True),
    ),
    Query(
        name="letters_by_person",
        title="Letters signed by a person or office",
        description=(
            "Every letter a minister or state secretary signed, newest first. Type part of a name (`Van Weel`) "
            "and/or of an office (`Asiel`, `staatssecretaris`); leave both empty for all signatures."
        ),
        sql="""
select
  l.letter_date, s.letter_id, l.doc_kind, l.meeting_id, s.name, s.role, s.person_id, l.title
from signatories s
join letters l on l.id = s.letter_id
left join people pe on pe.id = s.person_id
where (:person = '' or s.name like '%' || :person || '%' or pe.name like '%' || :person || '%' or s.person_id = :person)
  and (:office = '' or s.role like '%' || :office || '%')
order by l.letter_date desc, s.letter_id, s.ordinal
""",
        examples=({"person": "Van Weel", "office": ""},),
    ),
    Query(
        name="letter_citations",
        title="What does this letter cite?",
        description=(
            "Every reference in one letter — Kamerstukken, motions, BNC-fiches, Commission proposals, Council "
            "documents, EU acts, web links — with the footnote or paragraph it stands in and a link to the official "
            "text. Type a letter id (e.g. `kst-32317-948`); `kind` narrows to one kind. Empty lists all letters."
        ),
        sql="""
select
  c.letter_id, c.kind, c.raw, c.dossier, c.nummer, c.identifier, c.url, c.target_letter_id,
  f.number as footnote, coalesce(f.text, p.text) as context, c.id as citation_id
from citations c
left join footnotes f on f.id = c.footnote_id
left join paragraphs p on p.id = c.paragraph_id
where (:letter = '' or c.letter_id = :letter)
  and (:kind = '' or c.kind = :kind)
order by c.letter_id, c.id
""",
        examples=({"letter": "kst-32317-948", "kind": ""},),
    ),
    Query(
        name="who_cites",
        title="Who cites this Kamerstuk?",
        description=(
            "Letters that refer to a Kamerstuk: type its dossier (`32317`, `21501-20`; spaces are ignored) and "
            "optionally its number (`948`, `QF`). Finds earlier letters, motions and BNC-fiches the government leans on."
        ),
        sql="""
select
  c.dossier, c.nummer, l.letter_date, c.letter_id, l.doc_kind, c.kind, c.raw,
  c.target_letter_id, c.url, coalesce(f.text, p.text) as context
from citations c
join letters l on l.id = c.letter_id
left join footnotes f on f.id = c.footnote_id
left join paragraphs p on p.id = c.paragraph_id
where c.dossier is not null
  and (:dossier = '' or c.dossier = replace(:dossier, ' ', ''))
  and (:nummer = '' or c.nummer = :nummer)
order by c.dossier, c.nummer, l.letter_date
""",
        examples=({"dossier": "32317", "nummer": ""},),
    ),
    Query(
        name="motions_declared_done",
        title="Motions and commitments the cabinet declares done",
        description=(
            "Motions (moties) and commitments (toezeggingen) a letter says are now handled (\"beschouwt … als afgedaan\"), "
            "with the sentence that says so. Type part of a mover's name or a letter id to narrow down."
        ),
        sql="""
select
  l.letter_date, o.letter_id, o.kind, o.name, o.movers, o.dossier, o.nummer, o.sentence, o.id as motion_id
from motions o join letters l on l.id = o.letter_id
where o.status = 'declared_done'
  and (:mover = '' or o.name like '%' || :mover || '%' or o.movers like '%' || :mover || '%')
  and (:letter = '' or o.letter_id = :letter)
order by l.letter_date desc, o.id
""",
    ),
    Query(
        name="agenda_items_mentioning",
        title="Agenda items that mention a country or EU body",
        description=(
            "Which agenda items name a member state, another country or an EU body, and how often. Type a name or "
            "code: `Polen`, `Oekraïne`, `UA`, `Frontex`, `Europol`; leave empty for every mention."
        ),
        sql="""
select s.meeting_date, s.meeting_id, a.doc_kind, a.title as agenda_item, s.entity, s.entity_kind, s.times_named,
  a.decision_type, a.letter_id, s.agenda_item_id
from summary_mentions_per_item s left join agenda_items a on a.id = s.agenda_item_id
where (:entity = '' or s.entity like '%' || :entity || '%' or s.entity_id = :entity or s.matched like '%' || :entity || '%')
order by s.rowid
""",
    ),
    Query(
        name="source_problems",
        title="Contradictions, gaps and errors in the sources",
        description=(
            "What the build noticed while reading the letters: a cover letter naming other dates than the agenda, "
            "a letter without a date or number, files it rejected. Type a kind (`date-conflict`, `missing-number` …) "
            "or leave empty for all."
        ),
        sql="""
select d.kind, d.letter_id, l.letter_date, d.source_file, d.message
from data_issues d left join letters l on l.id = d.letter_id
where (:kind = '' or d.kind = :kind)
order by d.kind, d.letter_id, d.id
""",
    ),
    Query(
        name="decision_phrases",
        title="How each decision phrase was classified",
        description=(
            "Every decision phrase found under an agenda item title, the decision type it was mapped to, and how "
            "often it occurs: check the classification, or find the rare phrases."
        ),
        sql="""
select a.decision_raw as decision_as_written, a.decision_type, count(*) as items,
  min(a.title) as example_item
from agenda_items a
where a.decision_raw is not null and (:decision_type = '' or a.decision_type = :decision_type)
group by a.decision_raw, a.decision_type
order by a.decision_type, items desc, a.decision_raw
""",
    ),
    Query(
        name="feed_new_letters",
        title="Atom-feed: nieuwe brieven",
        description=(
            "The 50 newest letters, newest first, as an Atom feed for a feed reader: add `.atom` to this page's address "
            "(`/jbz/feed_new_letters.atom`). Each entry links to the official publication. Type a chamber "
            "(`Tweede Kamer`, `Eerste Kamer`) to follow one."
        ),
        sql=feed_sql(
            f"""
  select {_FEED_LETTER_COLUMNS}
  from letters l left join meetings m on m.id = l.meeting_id
  where (:kamer = '' or l.kamer = :kamer)
  order by atom_updated desc, l.id desc
  limit 50
""",
            "'urn:jbz-brieven:letters:none'", "'Nog geen brieven'", "'Er staan (nog) geen brieven van deze Kamer in de database.'", 10,
        ),
        examples=({"kamer": "Eerste Kamer"},),
        hide_sql=True,
    ),
    Query(
        name="feed_meeting",
        title="Atom-feed: brieven over één JBZ-Raad",
        description=(
            "Every letter about one Council meeting (the geannoteerde agenda before it, the verslag after it, later "
            "letters), as an Atom feed: add `.atom` to the address, e.g. "
            "`/jbz/feed_meeting.atom?meeting=jbz-2025-06-12`. Type a meeting id (see the meetings table)."
        ),
        sql=feed_sql(
            f"""
  select {_FEED_LETTER_COLUMNS}
  from letters l left join meetings m on m.id = l.meeting_id
  where l.meeting_id = :meeting
  order by atom_updated desc, l.id desc
  limit 50
""",
            "'urn:jbz-brieven:meeting:' || :meeting || ':none'", "'Nog geen brieven over ' || :meeting",
            "'Er staan (nog) geen brieven over deze vergadering in de database; meeting ids staan in de tabel meetings.'", 10,
        ),
        examples=({"meeting": "jbz-2025-06-12"},),
        hide_sql=True,
    ),
    Query(
        name="feed_eu_file",
        title="Atom-feed: één EU-dossier door de vergaderingen",
        description=(
            "Every agenda item on one EU file (eu_files.id, e.g. `migration-pact`), newest letter first: what the "
            "Council was asked to decide and what happened, as an Atom feed: add `.atom` to the address, e.g. "
            "`/jbz/feed_eu_file.atom?eu_file=migration-pact`. Group headings are left out."
        ),
        sql=feed_sql(
            """
  select 'urn:jbz-brieven:agenda-item:' || a.id as atom_id,
    coalesce(m.label, a.meeting_id, '') || ': ' || coalesce(a.title, '') as atom_title,
    coalesce(l.letter_date, m.start_date, '1970-01-01') || 'T00:00:00Z' as atom_updated,
    coalesce(l.url, 'https://zoek.officielebekendmakingen.nl/dossier/32317') as atom_link,
    (case a.doc_kind when 'geannoteerde agenda' then 'Geannoteerde agenda' when 'verslag' then 'Verslag' else 'Brief' end)
      || coalesce(' (' || a.decision_raw || ')', '') || ': ' || substr(coalesce(t.text, ''), 1, 800)
      || (case when length(t.text) > 800 then '…' else '' end) as atom_content,
    a.id as agenda_item_id, a.meeting_id, a.letter_id, a.decision_type
  from agenda_items a join letters l on l.id = a.letter_id left join meetings m on m.id = a.meeting_id
  join agenda_item_texts t on t.agenda_item_id = a.id
  where a.eu_file_id = :eu_file and not coalesce(a.is_group, 0)
  order by atom_updated desc, a.id desc
  limit 50
""",
            "'urn:jbz-brieven:eu-file:' || :eu_file || ':none'", "'Nog geen agendapunten over ' || :eu_file",
            "'Er staan (nog) geen agendapunten over dit dossier in de database; de ids staan in de tabel eu_files.'", 9,
        ),
        examples=({"eu_file": "migration-pact"},),
        hide_sql=True,
    ),
)

QUERIES_BY_NAME = {q.name: q for q in QUERIES}
CHARTS: tuple[Query, ...] = tuple(q for q in QUERIES if q.chart)
