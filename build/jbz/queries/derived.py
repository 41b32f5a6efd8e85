"""SQL views (results to facet and download whole) and summary tables (small
precomputed aggregates the charts read), declared once: `jbz.database`
creates them, `jbz.incremental` updates the summaries, `jbz.site` documents them."""

from __future__ import annotations

from .blocks import Derived, _THREAD_COLUMNS, _THREAD_FROM, context

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
