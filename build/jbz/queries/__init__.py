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

The parts: `blocks` (the search expression, snippets, the declarations'
classes), `derived` (views and summary tables) and `canned` (queries and
charts).
"""

from __future__ import annotations

from .blocks import (  # noqa: F401
    Chart,
    Derived,
    FOLLOW_EU_FILE_SQL,
    MARK_CLOSE,
    MARK_OPEN,
    Query,
    SEARCH_MATCH,
    SEARCH_TERMS_LIMIT,
    context,
    fold,
    fts_words,
    table_search,
)
from .derived import (  # noqa: F401
    DERIVED,
    DERIVED_SUMMARIES,
    DERIVED_VIEWS,
    SUMMARY_DESCRIPTIONS,
    SUMMARY_TABLES,
    VIEWS,
    VIEW_DESCRIPTIONS,
    item_text,
)
from .canned import (  # noqa: F401
    CHARTS,
    QUERIES,
    QUERIES_BY_NAME,
    SEARCH_HITS_SHOWN,
    feed_sql,
    fts_column,
)
