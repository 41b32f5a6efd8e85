"""The parts the canned queries, views and summary tables are made of: the
search expression, snippets, and the Query, Chart and Derived declarations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
