"""The canned queries and charts of the site, in the order the site lists them."""

from __future__ import annotations

from ..labels import sql_label
from .blocks import Chart, FOLLOW_EU_FILE_SQL, MARK_CLOSE, MARK_OPEN, Query, SEARCH_MATCH, context

# --- Canned queries -----------------------------------------------------------

def fts_column(table_name: str, column: str) -> int:
    """Position of a column in its table's FTS index (for highlight())."""
    from ..schema import table

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
