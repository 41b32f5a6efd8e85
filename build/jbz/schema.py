"""The one declaration of every table and column, with its documentation.

`metadata.yml`, `datasette.yaml`, `datapackage.json`, the SQLite DDL and the
data dictionary in the docs are all generated from `TABLES`; a test fails when
a column has no description.  Add a column here first, then fill it in the
parser.

What is stored more than once in the database, and why (sizes at 2,000
synthetic letters, 117 MB of source text; measured with dbstat, 8 KiB pages:
444 MB in all, 3.78 times the source (100 letters: 3.98 times); it was 637 MB,
5.4 times, before the sources were packed, 529 MB, 4.5 times, before the
indexes were thinned, 492 MB, 4.19 times, before the summary tables left their
parents' columns to the parents and 468 MB, 3.99 times, before the headings
and title keys were stored once and the primary-key indexes repacked;
benchmarks/results.md has the breakdown):

- The letter's text twice, in two forms: `letters.text` is the source file
  verbatim (checkable against `source_sha256`, served as `/brief/<id>/bron.txt`;
  the CSV holds it as text) and `paragraphs.text` / `footnotes.text` are the
  parsed text (lines joined, markers out; 110 + 4 MB) that pages, queries and
  search read. The source is stored packed against that parsed text
  (`Column.stored`, jbz.sourcepack): only what the parser changed or left out
  takes room, 8.8 MB of data (13 MB of pages) for 117 MB of files; as text it
  took 125 MB, zlib alone would take 38 MB.
- Not stored twice: an agenda item's body text (the view `agenda_item_texts`
  reads it from the paragraphs; it was 73 MB), and the text in the full-text
  indexes (external content: `<table>_fts` indexes the table's own column).
  The word indexes take 0.37 times their text (paragraphs 42 MB); the
  vocabulary `search_terms` holds each distinct word once (see jbz.database).
- Short verbatim excerpts kept with the row that rests on them, so a row
  reads alone and a CSV cell needs no join: `positions.sentence`, `cue`,
  `agenda_items.outcome_evidence`, `motions.sentence`, `citations.raw`,
  `mentions.matched` (together about 19 MB).
- Columns repeated from a parent row so that Datasette can facet and filter
  on them in the table itself (a facet is a column of the table):
  `agenda_items.doc_kind`, `mentions.letter_id`, `agenda_item_id`, `entity`,
  `entity_kind`, `positions.letter_id`, `meeting_id`, `eu_file_id`.
- Not repeated: a paragraph's heading. `paragraphs.heading` holds the id of
  its text in the table `headings` (`Column.stored == "shared"`), each text
  once: the column took 17 MB as text (285,728 paragraphs, 88,000 distinct
  headings within letters, 1,201 in all: the synthetic letters repeat one
  another's, real ones less), 1.7 MB as ids. The same for an agenda item's
  `title_key` (table `title_keys`: the key exists to be shared by the items of
  one file across meetings; 3.3 MB as text and 3.8 MB its index at 2,000
  letters). Datasette shows the text as the link's label and facets on it;
  the CSVs keep the text.
- Indexes: one per facet and per column that pages look rows up by
  (`Table.facets`, `index_columns`), each of that one column, partial (`WHERE
  col IS NOT NULL`) for nullable foreign keys; 82 MB, of which mentions 29,
  paragraphs 23, agenda_items 13. Without them an unfiltered facet on
  paragraphs or mentions takes 160-510 ms instead of ~25 ms; merging the
  two-value facets' indexes (mentions.role with entity_kind, paragraphs.kind
  with part) would save 9 MB and make those facets 3-4 times slower, so they
  stay. Not indexed: `mentions.paragraph_id` and `positions.paragraph_id`
  (11 MB; no page or query looks them up, only Datasette's row page of a
  paragraph counts them, a 22 ms scan of mentions at 2,000 letters). The
  agenda_items facet indexes no longer also hold the other facet columns
  (covering: 23 MB more); the seven facets of a page filtered on one value
  read the filtered rows through the filter's index, 123 instead of 16 ms of
  CPU for `section = Justitie` (19,600 rows).
- Summary tables (`queries.SUMMARY_TABLES`): aggregates computed once so
  charts and heavy queries read rows instead of grouping on each request
  (28 MB: summary_mentions_per_item 12, eu_file_thread 13; they were 52 MB,
  26 and 23). They keep the ids, what is aggregated or costly to find (counts,
  the words matched, the position sentence: two look-ups in positions per
  row), their facets and default sort (meeting_id, meeting_date, entity …,
  the EU file's name, stance, outcome); what one look-up by primary key
  gives is read from the parent row where it is shown: agenda items'
  titles, kinds, decision types and letters, meeting names, outcome
  sentences (the view mentions_by_agenda_item, the queries
  agenda_items_mentioning and follow_eu_file, whose output columns are
  unchanged; at most 2,001 rows a query, 101 a view page), and the letters'
  addresses (letters.url; in the table pages a link beside the letter id).
- The text primary keys (`kst-32317-948-p0012`) are stored in the table and
  in its primary-key index (`sqlite_autoindex_*`, 30 MB), and again wherever
  a row points to them; they are the stable addresses of the rows. The
  primary-key indexes are built again from their sorted keys after the load
  (jbz.database: filled row by row their pages were ~87 % full; 3.6 MB at
  2,000 letters, 0.47 s of CPU). The tables keep their rowids (no WITHOUT
  ROWID): the full-text indexes and the incremental build (jbz.incremental)
  address rows by rowid, and every secondary index would hold the text key
  instead of the rowid (for mentions' six indexes more than the 11 MB its
  primary-key index takes).
"""

from __future__ import annotations

from dataclasses import dataclass

# Frictionless field types we use, with the SQLite column type each maps to.
SQLITE_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "array": "TEXT",  # a JSON array, facetable with Datasette's _facet_array
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    foreign_key: str | None = None  # "table.column"
    required: bool = False
    enum: tuple[str, ...] | None = None
    # How the database stores the value when not as itself: "source" = a source
    # file's bytes, compressed (a BLOB; jbz.sourcepack, jbz.database.read_source);
    # "shared" = a text that many rows repeat, held once in a table of its own
    # (`SHARED`: `headings`, `title_keys`), the column holding its id there
    # (an INTEGER that links to it; Datasette shows the text as the link's label).
    # CSVs and the data package keep the text.
    stored: str | None = None

    def __post_init__(self) -> None:
        if self.type not in SQLITE_TYPES:
            raise ValueError(f"unknown type {self.type!r} for column {self.name}")
        if self.stored not in (None, "source", "shared"):
            raise ValueError(f"unknown storage {self.stored!r} for column {self.name}")


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    facets_array: tuple[str, ...] = ()
    # The order a reader sees the table in (Datasette's default sort, one of the two
    # is required: tests/test_site_dutch.py): letters and meetings newest first,
    # people and vocabularies by name, parts of letters in reading order.
    sort: str | None = None
    sort_desc: str | None = None
    search_columns: tuple[str, ...] = ()  # indexed for full-text search
    index_columns: tuple[str, ...] = ()
    hidden: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


C = Column

DOC_KINDS = ("geannoteerde agenda", "verslag", "other")
PARTS = ("header", "cover letter", "agenda", "report", "attachment", "signature")

# The controlled vocabulary for agenda_items.decision_type; also published as
# the `decision_types` table so users can read what each value means.
DECISION_TYPES: tuple[tuple[str, str], ...] = (
    ("general approach", "Aanname algemene oriëntatie: the Council fixes its negotiating position on a legislative proposal."),
    ("partial general approach", "Aanname gedeeltelijke algemene oriëntatie: a general approach on part of a proposal."),
    ("political agreement", "Politiek akkoord / politieke overeenstemming (also on a trilogue outcome)."),
    ("negotiating mandate", "Mandaat (for negotiations with the European Parliament or a third country)."),
    ("adoption", "Aanname / vaststelling / goedkeuring of conclusions, a decision, a statement or a text."),
    ("endorsement", "Bekrachtiging / onderschrijving (endorsement) of a text or outcome."),
    ("exchange of views", "Gedachtewisseling / beleidsdebat / discussie: ministers debate, nothing is decided."),
    ("progress report", "Voortgangsrapport / voortgangsverslag: the presidency reports progress on a file."),
    ("state of play", "Stand van zaken / informeren over de stand van zaken."),
    ("information", "Informatie van het voorzitterschap, de Commissie of een lidstaat (presidency/Commission/member-state information)."),
    ("presentation", "Presentatie (e.g. of a Commission proposal or report)."),
    ("debriefing", "Terugkoppeling / debriefing (e.g. from another meeting)."),
    ("consent", "Instemming (consent) or a vote without debate."),
    ("lunch discussion", "Lunchbespreking / werklunch: an informal discussion over lunch."),
    ("other", "A decision phrase that fits none of the above; decision_raw holds it."),
)

# Controlled vocabularies of positions.stance and agenda_items.outcome; their
# Dutch labels and explanations are in jbz.positions (the `stances` and
# `outcomes` tables), the rules that assign them in jbz/positions/.
STANCES = ("support", "support_with_reservations", "critical", "oppose", "abstain", "listen", "undecided")
OUTCOMES = (
    "general_approach_reached", "partial_general_approach_reached", "agreement_reached", "adopted",
    "no_agreement", "postponed", "discussed", "informed",
)

EU_FILE_METHODS = ("identifier", "vocabulary", "similarity", "parent", "sub-items")

TABLES: tuple[Table, ...] = (
    Table(
        name="letters",
        title="Letters (brieven)",
        description=(
            "One row per letter to parliament in dossier 32 317 (JBZ-Raad): a geannoteerde agenda "
            "sent before a Justice and Home Affairs Council, or a verslag (report) sent after it. "
            "`text` keeps the source file verbatim; `source_sha256` lets you check it."
        ),
        primary_key=("id",),
        label_column="label",
        facets=("kamer", "doc_kind", "year", "source_format"),
        facets_array=("signatory_names",),
        sort_desc="letter_date",
        index_columns=("kamer", "doc_kind", "year", "year_month", "meeting_id", "letter_date"),
        columns=(
            C("id", "string", "Stable identifier: `kst-<dossier>-<nummer>` (as on officielebekendmakingen.nl) when the Kamerstuk number is known, otherwise `32317-<date>-<kind>`.", required=True),
            C("kamer", "string", "Chamber the letter is addressed to: Tweede Kamer (House of Representatives) or Eerste Kamer (Senate).", enum=("Tweede Kamer", "Eerste Kamer")),
            C("dossier", "string", "Kamerstuk dossier number without spaces, e.g. `32317` (JBZ-Raad)."),
            C("nummer", "string", "Kamerstuk number within the dossier (ondernummer): digits for the Tweede Kamer (`948`), letters for the Eerste Kamer (`QF`). NULL when unknown."),
            C("nummer_source", "string", "How `nummer` was obtained: `stated` (printed in the letter), `inferred` (from a citation in another letter), NULL when unknown.", enum=("stated", "inferred")),
            C("nummer_evidence", "string", "For an inferred number: the sentence of the citing letter that identifies this letter."),
            C("nummer_evidence_letter_id", "string", "For an inferred number: the letter whose citation gave it.", foreign_key="letters.id"),
            C("vergaderjaar", "string", "Parliamentary year (vergaderjaar) as printed, e.g. `2025-2026`, when the letter states it."),
            C("letter_date", "date", "Date the letter was signed (\"Den Haag, 28 mei 2025\"), ISO 8601."),
            C("year", "integer", "Year of `letter_date`, for facets."),
            C("year_month", "string", "Year and month of `letter_date` (`YYYY-MM`), for facets."),
            C("doc_kind", "string", "Kind of letter: `geannoteerde agenda` (annotated agenda, before the Council), `verslag` (report, after it) or `other`.", enum=DOC_KINDS),
            C("meeting_id", "string", "The Council meeting the letter is about.", foreign_key="meetings.id"),
            C("title", "string", "Title as printed (\"Brief van de minister …\") or, when the letter has no header, a descriptive title built from kind and meeting."),
            C("label", "string", "Short unique label built from date, kind and number, e.g. `2025-05-28 · agenda · 948` (`z.d.` when the letter has no date): the printed titles repeat."),
            C("url", "string", "The letter on officielebekendmakingen.nl, when its number is known."),
            C("annex_only", "boolean", "1 for an agenda or report published as an annex of its own (a bijlage, `blg-…`), without its cover letter; its id is then the annex's identifier or `<dossier>-<date>-<kind>-bijlage`."),
            C("main_document", "string", "For an annex published on its own: the identifier of the letter it belongs to (`kst-32317-948`), from the official metadata (`hoofddocument`) or from the annex's own words (\"Bijlage bij Kamerstuk 32 317, nr. 948\"); equals that letter's `id` when it is in the bundle."),
            C("signatory_names", "array", "Names of the signatories, as a JSON array (facet with _facet_array)."),
            C("source_file", "string", "File name of the source in the letters/ folder."),
            C("source_sha256", "string", "SHA-256 of the source file's bytes, hex."),
            C("source_format", "string", "Export format the source came in: `word` (Word-to-text with [footnoteRef:N] markers), `markdown`, `pdf` (PDF text with hard-wrapped lines), `web` (copied from a website) or `xml` (the official XML of officielebekendmakingen.nl: paragraphs, headings, footnotes and references marked up).", enum=("word", "markdown", "pdf", "web", "xml")),
            C("coverage", "number", "Share (0–1) of the source's non-whitespace characters, footnote markers aside, found again in paragraphs, headings and footnotes: the check that nothing was lost."),
            C("text", "string", "The source file's text, verbatim (a byte-order mark included). In the CSV: the text. In the database: the file's bytes compressed, a BLOB: a zlib stream (`zlib.decompress(text)`), or, when shorter, compressed against the letter's own paragraphs and footnotes (starts with `JBZ`; `jbz.database.read_source` or `/brief/<id>/bron.txt` give the file, whose SHA-256 is `source_sha256`).", stored="source"),
        ),
    ),
    Table(
        name="meetings",
        title="Council meetings (JBZ-Raden)",
        description="One row per meeting of the Justice and Home Affairs Council (Raad Justitie en Binnenlandse Zaken, JBZ-Raad) that a letter is about.",
        primary_key=("id",),
        label_column="label",
        facets=("year", "location", "informal", "presidency"),
        sort_desc="start_date",
        index_columns=("year", "start_date"),
        columns=(
            C("id", "string", "Identifier `jbz-<start date>`, e.g. `jbz-2025-06-12`.", required=True),
            C("label", "string", "Readable name, e.g. `JBZ-Raad 12–13 June 2025, Luxemburg`."),
            C("start_date", "date", "First day of the meeting."),
            C("end_date", "date", "Last day of the meeting (equal to start_date for a one-day meeting)."),
            C("year", "integer", "Year of start_date, for facets."),
            C("year_month", "string", "`YYYY-MM` of start_date, for facets."),
            C("location", "string", "City where the meeting took place, as written (Brussel, Luxemburg, …)."),
            C("informal", "boolean", "1 for an informal meeting (informele JBZ-Raad, held in the presidency's country), 0 for a formal Council."),
            C("days", "array", "The days the Council met, as a JSON array of ISO dates: both days of \"12-13 juni\", but only the 5th and 7th of \"5 en 7 maart\" (start_date to end_date is then not one sitting)."),
            C("presidency", "string", "Member state holding the rotating Council presidency (voorzitterschap) on start_date.", foreign_key="presidencies.id"),
        ),
    ),
    Table(
        name="agenda_items",
        title="Agenda items (agendapunten)",
        description=(
            "One row per item on a Council agenda, from a geannoteerde agenda (with the decision the Council is asked to take) "
            "or a verslag (what happened; decision NULL). Follow one EU file across meetings with eu_file_id."
        ),
        primary_key=("id",),
        label_column="title",
        facets=("meeting_id", "section", "decision_type", "doc_kind", "nl_position", "outcome", "eu_file_id"),
        sort="id",
        search_columns=("title",),
        index_columns=("letter_id", "meeting_id", "section", "decision_type", "doc_kind", "title_key", "nl_position", "outcome", "eu_file_id", "counterpart_id"),
        columns=(
            C("id", "string", "`<letter id>-<ordinal>`, e.g. `kst-32317-948-03`.", required=True),
            C("letter_id", "string", "Letter the item is in.", foreign_key="letters.id", required=True),
            C("meeting_id", "string", "Council meeting the item is on the agenda of.", foreign_key="meetings.id"),
            C("doc_kind", "string", "Kind of the letter (geannoteerde agenda / verslag), repeated here for facets.", enum=DOC_KINDS),
            C("section", "string", "Part of the Council: `Justitie` (Justice), `Binnenlandse Zaken` (Home Affairs) or `Gemengd Comité` (Mixed Committee with the Schengen associated states); NULL when the agenda has no sections.", enum=("Justitie", "Binnenlandse Zaken", "Gemengd Comité")),
            C("number", "string", "Item number as printed (`12`); NULL for an unnumbered item."),
            C("sub", "string", "Sub-item letter (`a` in `3a`), or NULL."),
            C("title", "string", "Item title, whole, wrapped lines joined."),
            C("title_key", "string", "The title folded for grouping the same EU file across meetings: lower case, accents, articles and punctuation removed (\"De Russische agressieoorlog tegen Oekraïne: strijd tegen straffeloosheid\" → `russische agressieoorlog tegen oekraine strijd tegen straffeloosheid`). Facet on it to see which files come back. In the CSV: the key. In the database: the id of that key in the table `title_keys`, which holds each key once (`join title_keys k on k.id = agenda_items.title_key` gives `k.title_key`).", stored="shared"),
            C("decision_raw", "string", "The decision phrase as written under the title in a geannoteerde agenda, e.g. `Aanname gedeeltelijke algemene oriëntatie`; NULL in a verslag."),
            C("decision_type", "string", "decision_raw mapped to a controlled vocabulary (see the decision_types table).", foreign_key="decision_types.id"),
            C("ordinal", "integer", "Position of the item in the letter, from 1."),
            C("is_group", "boolean", "1 for a group heading whose sub-items follow (\"12. Overige onderwerpen\" before 12a, 12b …): not an agenda item of its own, so counts and charts leave it out (`where not is_group`); 0 otherwise."),
            C("group_id", "string", "For a sub-item (12a): the group heading it stands under; NULL otherwise.", foreign_key="agenda_items.id"),
            C("body_item_id", "string", "For a sub-item listed without a body of its own (\"a) … b) … = Gedachtewisseling\"): the sibling below it whose body it shares (those paragraphs belong to that sibling); NULL otherwise. The item's body text is in the view `agenda_item_texts`: its paragraphs (or those of body_item_id), headings and the decision line left out, joined by blank lines. It is not stored in this table: it would repeat the paragraphs' text (73 MB of a 983 MB database at 2,000 letters).", foreign_key="agenda_items.id"),
            C("nl_position", "string", "The Dutch government's overall stance on the item, from its rows in `positions`: a verdict on the decision itself (\"kan … steunen\", \"lijkt niet te kunnen steunen\", \"is voornemens in te stemmen\", \"heeft ingestemd\") outweighs views on aims and parts, together with any reservations; then support next to criticism is `support_with_reservations`, otherwise the strongest verdict wins (oppose over critical, any support over listen; past criticism, \"was kritisch\", only when nothing present is said); `none` when the item states no position. Sub-items sharing a body share its positions. See the stances table.", enum=STANCES + ("none",)),
            C("outcome", "string", "For an item of a verslag: what the Council did, from the item's text (strongest first: general approach, partial general approach, agreement, adoption, no agreement, postponed, discussed, informed). NULL in a geannoteerde agenda and for an item without a body. See the outcomes table.", foreign_key="outcomes.id"),
            C("outcome_evidence", "string", "The sentence of the verslag that gave `outcome`, verbatim."),
            C("nl_vote", "string", "How the Netherlands voted on a decision (`outcome` a general approach, agreement, adoption or no agreement), only when the letter says so: `for` (\"heeft ingestemd\", \"is akkoord gegaan\", \"gaf aan de tekst te kunnen steunen\", \"sprak steun uit voor de Raadsconclusies\"), `against`, `abstained`; NULL otherwise.", enum=("for", "against", "abstained")),
            C("eu_file_id", "string", "The EU file (dossier) the item is about, the same id in every letter whatever its wording: follow one file across meetings with it. NULL for generic headings (\"Overige onderwerpen\") and items no rule could link (see data_issues, kind `no-eu-file`).", foreign_key="eu_files.id"),
            C("eu_file_method", "string", "How eu_file_id was found: `identifier` (a COM, procedure, CELEX or BNC-fiche number cited in the item's text or footnotes), `vocabulary` (a name or alias of the file in the title, from build/jbz/vocab/eu_files.csv), `similarity` (the title is close to a file's name or to a linked item's title), `parent` (a sub-item takes its parent item's file) or `sub-items` (a heading takes the file all its sub-items share).", enum=EU_FILE_METHODS),
            C("eu_file_evidence", "string", "What decided eu_file_id: the identifier (`bnc 4031`, `com COM(2022) 695`), the alias matched, the similar title with its score, or the parent's title."),
            C("counterpart_id", "string", "The same item in the other letter about the same meeting: for an item of a geannoteerde agenda, the item of the verslag that reports on it, and the other way round; NULL when the corpus holds only one of the two letters or no item matches. Matched on EU file, section and title similarity.", foreign_key="agenda_items.id"),
        ),
    ),
    Table(
        name="eu_files",
        title="EU files (Europese dossiers)",
        description=(
            "One row per EU file the agenda items are linked to: legislative proposals (with their COM and interinstitutional procedure "
            "numbers and the BNC-fiche in which the government assessed them) and recurring non-legislative topics (strategies, "
            "agreements, standing Council items). From the curated vocabulary build/jbz/vocab/eu_files.csv; agenda_items.eu_file_id "
            "points here. Files not (yet) on any agenda of the letters have no meetings."
        ),
        primary_key=("id",),
        label_column="name_nl",
        facets=("kind",),
        facets_array=("aliases",),
        sort_desc="last_meeting_id",
        columns=(
            C("id", "string", "Stable identifier (English slug), e.g. `return-regulation`.", required=True),
            C("name_nl", "string", "Name of the file in Dutch, e.g. `Terugkeerverordening`."),
            C("name_en", "string", "Name of the file in English, e.g. `Return Regulation`."),
            C("kind", "string", "`legislative` (a proposal for a regulation or directive under a legislative procedure, or its implementation) or `non-legislative` (Council conclusions, strategies, international agreements, standing items).", enum=("legislative", "non-legislative")),
            C("com_number", "string", "Commission document number(s) of the proposal or communication, `COM(2025) 101`; several separated by ` | `."),
            C("procedure_number", "string", "Interinstitutional procedure number, `2025/0059(COD)`."),
            C("celex", "string", "CELEX number of the EU act the file concerns (adopted act or communication), e.g. `32001L0055`."),
            C("bnc_fiche", "string", "The BNC-fiche in which the government assessed the proposal: `Kamerstuk 22112, nr. 4031`."),
            C("aliases", "array", "Other names the letters use for the file, as matched in titles (a JSON array); `…` stands for a few words, a leading `=` for the whole title."),
            C("first_meeting_id", "string", "First meeting whose agenda or report has an item on the file.", foreign_key="meetings.id"),
            C("last_meeting_id", "string", "Last meeting whose agenda or report has an item on the file.", foreign_key="meetings.id"),
            C("meetings", "integer", "Number of meetings with an item on the file."),
            C("agenda_items", "integer", "Number of agenda items (of agendas and reports, sub-items included) linked to the file."),
        ),
    ),
    Table(
        name="paragraphs",
        title="Paragraphs (alinea's)",
        description="Every paragraph, heading, list item and attachment block of every letter, in order: together with footnotes they hold the letter's whole text.",
        primary_key=("id",),
        label_column="id",
        facets=("part", "kind", "letter_id"),
        sort="id",
        search_columns=("text",),
        index_columns=("letter_id", "agenda_item_id", "part"),
        columns=(
            C("id", "string", "`<letter id>-p<ordinal>`, zero-padded.", required=True),
            C("letter_id", "string", "Letter the paragraph is in.", foreign_key="letters.id", required=True),
            C("agenda_item_id", "string", "Agenda item the paragraph belongs to; NULL outside the agenda or report.", foreign_key="agenda_items.id"),
            C("part", "string", "Part of the letter: `header`, `cover letter` (aanbiedingsbrief and the topics it adds), `agenda` (geannoteerde agenda), `report` (verslag), `attachment` (bijlage), `signature`.", enum=PARTS),
            C("kind", "string", "`heading` (incl. agenda item titles), `decision` (the decision line under an item title in a geannoteerde agenda), `paragraph` or `list item`.", enum=("heading", "decision", "paragraph", "list item")),
            C("heading", "string", "Nearest heading above the paragraph (for a heading: its parent heading). In the CSV: the text. In the database: the id of that text in the table `headings`, which holds each heading text once (many paragraphs share one; the site shows the text, linked), so `join headings h on h.id = paragraphs.heading` gives `h.heading`.", stored="shared"),
            C("ordinal", "integer", "Position in the letter, from 1."),
            C("text", "string", "The paragraph's text, wrapped lines joined, footnote markers removed (see footnotes.paragraph_id)."),
            C("summarises_item_id", "string", "For a point under a report's \"Belangrijkste resultaten\" (key results): the agenda item it summarises, the item of the same section sharing most words with it; NULL for other paragraphs.", foreign_key="agenda_items.id"),
        ),
    ),
    Table(
        name="footnotes",
        title="Footnotes (voetnoten)",
        description="Footnotes of the letters, with the paragraph where their marker stands. Most cite Kamerstukken and EU documents (see citations).",
        primary_key=("id",),
        label_column="text",
        facets=("letter_id",),
        sort="id",
        search_columns=("text",),
        index_columns=("letter_id", "paragraph_id"),
        columns=(
            C("id", "string", "`<letter id>-fn<number>`, zero-padded.", required=True),
            C("letter_id", "string", "Letter the footnote is in.", foreign_key="letters.id", required=True),
            C("number", "integer", "Footnote number as printed."),
            C("text", "string", "Footnote text."),
            C("paragraph_id", "string", "Paragraph where the footnote marker stands; NULL if no marker was found.", foreign_key="paragraphs.id"),
            C("marker_offset", "integer", "Character offset in that paragraph's text where the marker stood (the marker itself is not in the text); NULL when it could not be placed."),
        ),
    ),
    Table(
        name="signatories",
        title="Signatories (ondertekenaars)",
        description="Who signed each letter, in order, with the office named above the signature.",
        primary_key=("letter_id", "ordinal"),
        label_column="name",
        facets=("name", "role"),
        sort="letter_id",
        index_columns=("person_id",),
        columns=(
            C("letter_id", "string", "Letter signed.", foreign_key="letters.id", required=True),
            C("ordinal", "integer", "Position of the signature, from 1.", required=True),
            C("name", "string", "Name as printed, e.g. `D.M. van Weel`."),
            C("role", "string", "Office as printed above the name, e.g. `De minister van Justitie en Veiligheid`."),
            C("office", "string", "The office in one spelling (build/jbz/vocab/offices.csv): `De Minister voor Asiel en Migratie` and `De minister van Asiel en Migratie` are both `minister van Asiel en Migratie`."),
            C("person_id", "string", "The person, deduplicated across letters.", foreign_key="people.id"),
        ),
    ),
    Table(
        name="data_issues",
        title="Data issues (brongebreken)",
        description=(
            "Contradictions, gaps and errors found in the sources: a cover letter naming other meeting dates than the agenda heading, "
            "a missing date or number, and files the build rejected (empty, binary, duplicate, not a JBZ letter …)."
        ),
        primary_key=("id",),
        label_column="message",
        facets=("kind", "letter_id"),
        sort="id",
        columns=(
            C("id", "integer", "Row number.", required=True),
            C("letter_id", "string", "Letter concerned; NULL when the file was rejected.", foreign_key="letters.id"),
            C("source_file", "string", "Source file concerned."),
            C("kind", "string", "Kind of issue. In one letter: `missing-header`, `missing-number`, `missing-dossier`, `missing-date`, `date-conflict` (cover letter and agenda heading name other dates), `informal-conflict`, `presidency-conflict` (\"het aankomend Poolse voorzitterschap\" when the next presidency is another state's), `footnote-repeated`, `stray-footnote-marker`, `unresolved-footnote-marker`. Between letters: `citation-date-conflict` (a reference names a Council meeting on days no meeting that month was held), `citation-typo` (a dossier one digit off a dossier cited often, with the probable correction; the citation stays as printed), `citation-year-conflict` (one Kamerstuk cited with different parliamentary years), `timeline-conflict` (the same adopted timeline stated with other dates), `citation-conflict`, `number-conflict`, `meeting-conflict`. Files: `rejected-<reason>` (a file left out, e.g. `rejected-bad-xml`), `xml-unknown-element` (official XML elements this project does not know; their text is kept), `annex-only` (an agenda or report published without its cover letter, and the main letter it names), `web-chrome-removed` (the site navigation cut from a web-page copy, with the text cut). EU files: `no-eu-file` (an agenda item linked to no EU file: extend build/jbz/vocab/eu_files.csv), `eu-file-ambiguous` (a title naming several files equally)."),
            C("message", "string", "What is wrong, in words."),
        ),
    ),
    Table(
        name="decision_types",
        title="Decision types (besluitvormingstypen)",
        description="The controlled vocabulary of agenda_items.decision_type, with the Dutch phrases it covers.",
        primary_key=("id",),
        label_column="id",
        sort="id",
        columns=(
            C("id", "string", "Decision type.", required=True),
            C("description", "string", "What it means, with the Dutch phrases mapped to it."),
        ),
    ),
    Table(
        name="presidencies",
        title="Council presidencies (voorzitterschappen)",
        description="Reference table: which member state held the rotating presidency of the Council of the EU in each half-year.",
        primary_key=("id",),
        label_column="country",
        sort_desc="start_date",
        columns=(
            C("id", "string", "`<year>-H1` or `<year>-H2`.", required=True),
            C("country", "string", "Member state holding the presidency (Dutch name)."),
            C("start_date", "date", "First day of the half-year."),
            C("end_date", "date", "Last day of the half-year."),
        ),
    ),
    Table(
        name="citations",
        title="Citations (verwijzingen)",
        description="Every reference found in a paragraph or footnote: Kamerstukken, motions, Handelingen, BNC-fiches, Commission documents (COM), CELEX numbers, Council documents, EU acts and URLs. In a letter read from the official XML, a reference marked with its target (`extref`) takes identifier, dossier, number and URL from that target.",
        primary_key=("id",),
        label_column="raw",
        facets=("kind", "dossier", "letter_id"),
        sort="id",
        index_columns=("letter_id", "kind", "dossier", "target_letter_id", "footnote_id", "paragraph_id"),
        columns=(
            C("id", "string", "`<letter id>-c<ordinal>`.", required=True),
            C("letter_id", "string", "Citing letter.", foreign_key="letters.id", required=True),
            C("paragraph_id", "string", "Paragraph the reference stands in (NULL when in a footnote).", foreign_key="paragraphs.id"),
            C("footnote_id", "string", "Footnote the reference stands in (NULL when in a paragraph).", foreign_key="footnotes.id"),
            C("raw", "string", "The reference as written."),
            C("kind", "string", "`kamerstuk`, `motie`, `handelingen`, `aanhangsel`, `bnc-fiche`, `com`, `celex`, `council-doc`, `eu-act`, `toezegging` (a commitment's number in the Tweede Kamer register, `TZ202604-207`) or `url`."),
            C("dossier", "string", "Kamerstuk dossier, spaces removed (`32317`, `21501-20`, `36410-VI`)."),
            C("nummer", "string", "Kamerstuk number, letter code (`QF`) or range (`1-4`)."),
            C("vergaderjaar", "string", "Parliamentary year as written, normalised to `YYYY-YYYY`."),
            C("kamer", "string", "`Tweede Kamer` (II) or `Eerste Kamer` (I)."),
            C("identifier", "string", "Normalised identifier for EU documents: `COM(2025) 795`, `32024R1351`, `ST-11333-2024-INIT`, `Verordening (EU) 2024/1351`."),
            C("url", "string", "Official URL of the cited document, where one can be built."),
            C("target_letter_id", "string", "The cited document when it is one of our letters.", foreign_key="letters.id"),
        ),
    ),
    Table(
        name="motions",
        title="Motions and commitments (moties en toezeggingen)",
        description="Motions (moties) and commitments (toezeggingen) a letter names, with what the cabinet says of them: declared done (afgedaan), carried out, planned, or only mentioned.",
        primary_key=("id",),
        label_column="name",
        facets=("kind", "status", "letter_id"),
        sort="id",
        columns=(
            C("id", "string", "`<letter id>-m<ordinal>`.", required=True),
            C("letter_id", "string", "Letter that names it.", foreign_key="letters.id", required=True),
            C("paragraph_id", "string", "Paragraph naming it.", foreign_key="paragraphs.id"),
            C("kind", "string", "`motie` or `toezegging`.", enum=("motie", "toezegging")),
            C("name", "string", "As written, e.g. `motie Van Campen en Boswijk`."),
            C("movers", "array", "Movers (indieners) as written, a JSON array."),
            C("dossier", "string", "Kamerstuk dossier of the motion, when given."),
            C("nummer", "string", "Kamerstuk number of the motion, when given."),
            C("citation_id", "string", "The citation giving its Kamerstuk reference.", foreign_key="citations.id"),
            C("status", "string", "`declared_done` (\"beschouwt … als afgedaan\"), `carried_out` (the letter says the cabinet acts on it now: \"geeft uitvoering/invulling aan\", \"conform de motie\", \"in lijn met de toezegging\", \"zoals toegezegd\"), `planned` (acting on it is announced for later: \"zal … conform de motie\", \"wordt momenteel gepland – daarmee zullen de toezeggingen gestand worden gedaan\") or `mentioned` (named only). `sentence` is the evidence.", enum=("declared_done", "carried_out", "planned", "mentioned")),
            C("sentence", "string", "The sentence that names it."),
        ),
    ),
    Table(
        name="people",
        title="People (personen)",
        description="Everyone the letters name or who signs them, deduplicated across letters: signatories, members of parliament (movers of motions, askers of questions), European commissioners, ministers of other states, officials. One person, several roles over time; each appearance is in person_mentions or signatories.",
        primary_key=("id",),
        label_column="name",
        sort="name",
        facets_array=("role_kinds",),
        columns=(
            C("id", "string", "Slug of the normalised name, e.g. `dm-van-weel`.", required=True),
            C("name", "string", "Name as most often printed (members of parliament are usually named by surname only: `Van Campen`)."),
            C("roles", "array", "Every office the person signed or was named with, in one spelling (build/jbz/vocab/offices.csv), a JSON array."),
            C("role_kinds", "array", "The kinds of role the letters name the person in: `signatory`, `member-of-parliament`, `commissioner`, `minister` (a minister named outside the letter's own signature, e.g. another state's minister signing an attachment), `official` (heads of state or government and other officials), a JSON array."),
            C("letter_count", "integer", "Number of letters that sign with or name the person."),
        ),
    ),
    Table(
        name="person_mentions",
        title="People named (genoemde personen)",
        description="Each person a letter names outside its signature, with the role it names them in: members of parliament (\"het lid Keijzer\", movers of motions), commissioners (\"Eurocommissaris Binnenlandse Zaken (Johansson)\"), heads of state (\"president Zelenskyy\") and the signatories of attachments.",
        primary_key=("id",),
        label_column="name",
        facets=("role_kind", "person_id", "letter_id"),
        sort="id",
        index_columns=("letter_id", "person_id", "paragraph_id"),
        columns=(
            C("id", "string", "`<letter id>-n<ordinal>`.", required=True),
            C("letter_id", "string", "Letter naming the person.", foreign_key="letters.id", required=True),
            C("paragraph_id", "string", "Paragraph naming the person.", foreign_key="paragraphs.id"),
            C("person_id", "string", "The person, deduplicated across letters.", foreign_key="people.id"),
            C("name", "string", "Name as printed."),
            C("role_kind", "string", "`member-of-parliament`, `commissioner`, `minister` or `official` (see people.role_kinds).", enum=("member-of-parliament", "commissioner", "minister", "official")),
            C("role", "string", "The office the letter names them with, as printed (`Kamerlid` for members of parliament)."),
        ),
    ),
    Table(
        name="mentions",
        title="Mentions (vermeldingen)",
        description="Countries (incl. adjectives: \"het Poolse voorzitterschap\" → Polen, English names in English attachments), EU institutions and agencies (\"de Raad\" on its own is the Council of the EU) named in each paragraph, from the curated vocabularies in build/jbz/vocab/; a country named as where a meeting is held has role `meeting-place`.",
        primary_key=("id",),
        label_column="entity",
        facets=("entity_kind", "entity", "role", "letter_id"),
        sort="id",
        index_columns=("letter_id", "agenda_item_id", "entity"),
        columns=(
            C("id", "string", "`<paragraph id>-<entity id>`, with `-place` for a meeting place.", required=True),
            C("letter_id", "string", "Letter.", foreign_key="letters.id", required=True),
            C("paragraph_id", "string", "Paragraph naming the entity.", foreign_key="paragraphs.id"),
            C("agenda_item_id", "string", "Agenda item of that paragraph, if any.", foreign_key="agenda_items.id"),
            C("entity_kind", "string", "`eu-member-state`, `country` (any other), `eu-body` (EU institutions, agencies and bodies: Commissie, Frontex, EOM …) or `international-body` (Raad van Europa, VN, NAVO …)."),
            C("entity_id", "string", "Identifier in the vocabulary (ISO 3166 code for countries, acronym for bodies)."),
            C("entity", "string", "Name of the entity (Dutch)."),
            C("role", "string", "`subject` (the text speaks of the entity) or `meeting-place` (a country named as where a meeting is held: \"de JBZ-Raad … in Luxemburg\"); count subjects with `role = 'subject'`.", enum=("subject", "meeting-place")),
            C("matched", "string", "The words that matched, as written."),
            C("count", "integer", "Times named in the paragraph."),
        ),
    ),
    Table(
        name="documents",
        title="Documents in the dossier (inventaris)",
        description=(
            "Every Kamerstuk and annex of dossier 32 317 that the official search service (KOOP SRU) listed, letters or not "
            "(committee reports, motions, lists of questions), with whether `jbz fetch` downloaded its official XML, whether the "
            "build turned it into a letter, and why not. Letters added by hand as text exports are listed too. Filled from "
            "letters/official/ (the stored listing and provenance records)."
        ),
        primary_key=("id",),
        label_column="title",
        facets=("status", "kamer", "subtype", "doc_type", "vergaderjaar", "fetched", "parsed"),
        sort_desc="document_date",
        index_columns=("status", "kamer", "subtype", "letter_id", "document_date"),
        columns=(
            C("id", "string", "Official identifier: `kst-<dossier>-<nummer>` for a Kamerstuk, `blg-<number>` for an annex.", required=True),
            C("kamer", "string", "Chamber that published it: from the listing's creator, else from the number (letters: Eerste Kamer).", enum=("Tweede Kamer", "Eerste Kamer")),
            C("dossier", "string", "Dossier number as listed (`32317`)."),
            C("nummer", "string", "Number within the dossier (ondernummer): digits (Tweede Kamer) or letters (Eerste Kamer); NULL for an annex."),
            C("document_date", "date", "Date of the document as listed (dcterms:date, else issued or available)."),
            C("vergaderjaar", "string", "Parliamentary year as listed, e.g. `2024-2025`."),
            C("title", "string", "Document title (documenttitel; before 2010 the part of the title after its last `; `)."),
            C("doc_type", "string", "Publication type as listed (dcterms:type): `Kamerstuk` or `Bijlage` (annex)."),
            C("subtype", "string", "Kind of document as listed (subrubriek): `Brief`, `Motie`, `Verslag`, `Lijst van vragen` …"),
            C("main_document_id", "string", "For an annex: the identifier of its main document (hoofddocument)."),
            C("modified", "string", "When the service says the publication last changed (dcterms:modified); a new value makes `jbz fetch` ask again."),
            C("url", "string", "The publication's page on zoek.officielebekendmakingen.nl."),
            C("xml_url", "string", "Its official XML (versioned repository URL when the listing gives one)."),
            C("pdf_url", "string", "Its PDF, when the listing gives one."),
            C("fetched", "boolean", "Whether its official XML was downloaded into letters/."),
            C("source_file", "string", "File in letters/ that holds it: the fetched XML, or the text export a letter was read from."),
            C("retrieved_at", "string", "When the current version was downloaded (UTC, ISO 8601)."),
            C("source_sha256", "string", "SHA-256 of the fetched (or hand-added) file's bytes, hex."),
            C("previous_sha256", "array", "SHA-256 of earlier official versions this one replaced, oldest first (a JSON array; empty when the text never changed)."),
            C("parsed", "boolean", "Whether the build turned it into a row of `letters`."),
            C("letter_id", "string", "The letter built from it.", foreign_key="letters.id"),
            C("status", "string", "`parsed` (a letter), `rejected` (fetched, the build refused it), `fetched` (fetched, not built) or `not fetched`.", enum=("parsed", "rejected", "fetched", "not fetched")),
            C("reason", "string", "Why it was not fetched or not parsed (not a letter, an annex with only a PDF, the build's message …); NULL when parsed from its official XML."),
        ),
    ),
    Table(
        name="positions",
        title="Dutch positions (Nederlandse standpunten)",
        description=(
            "One row per sentence in which the Dutch government states a position: in an agenda item (of an agenda or a report), "
            "in the cover letter (positions on A-items, Coreper agreements, trilogue results) or in an attachment. The stance is read "
            "from the words that decide it (`cue`), with negation, hedging and conditions: \"vooralsnog niet lijkt te kunnen steunen\" "
            "is critical, \"kan steunen mits …\" support with reservations. Statements of priorities and negotiating aims "
            "(\"zet in op\", \"hecht belang aan\", \"pleit voor\") are not positions. Rules: build/jbz/positions/stance.py."
        ),
        primary_key=("id",),
        label_column="sentence",
        facets=("stance", "eu_file_id", "meeting_id", "letter_id"),
        sort="id",
        index_columns=("letter_id", "meeting_id", "agenda_item_id", "stance", "eu_file_id"),
        columns=(
            C("id", "string", "`<letter id>-pos<ordinal>`, in the order of the letter.", required=True),
            C("letter_id", "string", "Letter stating the position.", foreign_key="letters.id", required=True),
            C("meeting_id", "string", "Council meeting the letter is about.", foreign_key="meetings.id"),
            C("agenda_item_id", "string", "Agenda item the position is about; NULL when it stands outside an item (cover letter, attachment). A position in a body shared by sub-items has one row per sub-item.", foreign_key="agenda_items.id"),
            C("eu_file_id", "string", "The EU file the position is about: the eu_file_id of its agenda item; NULL when it stands outside an item or the item has no file.", foreign_key="eu_files.id"),
            C("paragraph_id", "string", "Paragraph the sentence stands in.", foreign_key="paragraphs.id"),
            C("stance", "string", "The position, from the controlled vocabulary in the stances table.", foreign_key="stances.id"),
            C("cue", "string", "The words that decided the stance, as written, with their negation or hedge (\"vooralsnog niet lijkt te kunnen steunen\") and any qualifier that made it a reservation (\"steunen … in algemene zin\"); several cues joined by \" … \"."),
            C("sentence", "string", "The sentence, verbatim."),
        ),
    ),
    Table(
        name="stances",
        title="Stances (standpunten)",
        description="The controlled vocabulary of positions.stance and agenda_items.nl_position, with Dutch labels and explanations in Dutch and English.",
        primary_key=("id",),
        label_column="label_nl",
        sort="label_nl",
        columns=(
            C("id", "string", "Stance.", required=True),
            C("label_nl", "string", "Dutch label."),
            C("description_nl", "string", "What it means, in Dutch, with the phrases that give it."),
            C("description_en", "string", "What it means, in English."),
        ),
    ),
    Table(
        name="outcomes",
        title="Outcomes (uitkomsten)",
        description="The controlled vocabulary of agenda_items.outcome (what the Council did with an item, read from a verslag), with Dutch labels and explanations in Dutch and English.",
        primary_key=("id",),
        label_column="label_nl",
        sort="label_nl",
        columns=(
            C("id", "string", "Outcome.", required=True),
            C("label_nl", "string", "Dutch label."),
            C("description_nl", "string", "What it means, in Dutch."),
            C("description_en", "string", "What it means, in English."),
        ),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


# The database's tables of shared texts (`Column.stored == "shared"`): not CSVs of
# the data package (the CSVs hold the texts where they are used). Each holds every
# text of one column once, with its id (the first 47 bits of its BLAKE2b digest,
# the same in every build) and the number of rows that point to it.


@dataclass(frozen=True)
class Shared:
    table: str  # the database-only table
    column: str  # "table.column" whose texts it holds; its text column has the same name
    uses: str  # its column counting the rows that point to a text
    title: str
    description: str
    text: str  # what its text column holds

    @property
    def text_column(self) -> str:
        return self.column.split(".")[1]

    @property
    def columns(self) -> dict[str, str]:
        return {
            "id": "The text's id: the first 47 bits of its BLAKE2b digest as a number, the same in every build.",
            self.text_column: self.text,
            self.uses: f"How many rows of `{self.column.split('.')[0]}` point to it.",
        }


SHARED: tuple[Shared, ...] = (
    # 285,728 paragraphs at 2,000 letters repeat 1,201 heading texts (16.8 MB as a column)
    Shared("headings", "paragraphs.heading", "paragraphs", "Headings (koppen)",
           "Database only: each heading text once, which `paragraphs.heading` points to by its id "
           "(the CSVs give the text in paragraphs.csv itself).", "The heading's text."),
    # 57,600 agenda items at 2,000 letters, 919 title keys (3.3 MB as a column, 3.8 MB its index):
    # the key exists to be shared by the items of one file across meetings
    Shared("title_keys", "agenda_items.title_key", "agenda_items", "Title keys (titelsleutels)",
           "Database only: each agenda-item title key once, which `agenda_items.title_key` points to by its id "
           "(the CSVs give the key in agenda_items.csv itself).", "The folded title."),
)


def shared(table_name: str, column: str) -> Shared:
    return next(s for s in SHARED if s.column == f"{table_name}.{column}")


def table(name: str) -> Table:
    return TABLES_BY_NAME[name]
