"""Table rows in, SQLite file out: DDL from `jbz.schema`, rows, indexes,
full-text search, views and summary tables.

Search: a word index plus a character index of its words. Each
`<table>_fts` is an FTS5 index of words (`unicode61 remove_diacritics 2`:
case and accents folded, so `orientatie` finds `oriëntatie`), over the
table's own column (external content: no second copy of the text). Part of
a word is found through the vocabulary: `search_terms` holds every distinct
word of the three indexes once, and `search_terms_fts` is a `trigram` index
of those words, so "which words contain `keerhub`" is one small lookup and
the search becomes `"keerhub"* OR "terugkeerhub" OR "terugkeerhubs"` on the
word index (`queries.SEARCH_MATCH`; the site's table search does the same in
`plugins/jbz_site.py`). A prefix query (`"terugkeer"*`) needs no lookup.

Why not a trigram index over the text itself, as before: it is about 2.8
times the text it indexes (the paragraphs' alone took 307 MB of a 983 MB
database at 2,000 letters, more than the verbatim sources), where the word
index takes 0.37 times the text and the vocabulary's trigrams well under
1 MB. What is lost: a search across a word boundary that starts inside a
word (`keer verordening`); several words are a phrase of whole words, the
last of which may be a beginning (`algemene orient`). FTS5 cannot run a
substring (phrase) query on a trigram index with `detail=column` or
`detail=none`, so those smaller trigram variants were no option.

SQLite 3.45+ (pysqlite3-binary) is required for the trigram tokenizer's
`remove_diacritics` option on the vocabulary index.

The file is written once and served immutable, so the FTS tables are filled
once, after the load (no triggers). The same rows give the same bytes: rows
go in in a fixed order (letter by letter in id order, each letter's rows by
primary key) and nothing records the time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
from pathlib import Path

try:  # pysqlite3 when installed, the module sqlite-utils and Datasette pick (without importing sqlite-utils: 0.05 s)
    import pysqlite3 as sqlite3
except ImportError:
    import sqlite3

from . import sourcepack
from .schema import SHARED, SQLITE_TYPES, TABLES, Column, Shared, Table, shared

Tables = dict[str, list[dict]]

FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # words; case and accents folded
# columnsize=0: no per-row token counts (`<table>_fts_docsize`); only bm25() ranking
# reads them, which nothing here uses (it still works, counting from the content).
FTS_OPTIONS = "columnsize=0"
# While an index is filled (once, after the load): its pending terms written out as a segment
# every 64 MiB, not every 1 MiB (FTS5's default: some 40 segments for the paragraphs at 2,000
# letters), and no merging on the way (automerge 0); 'optimize' merges the segments once. The
# paragraphs' index 2.0-2.7 -> 1.2-1.5 s CPU at 2,000 letters (~50 MB more memory meanwhile).
# Settings of the build only: their rows leave the index's config table after it.
FTS_BUILD_SETTINGS = (("automerge", 0), ("hashsize", 64 << 20))
TERMS_TABLE = "search_terms"  # every distinct word of the full-text indexes, once
TERMS_TOKENIZE = "trigram remove_diacritics 1"  # characters of those words: part-of-a-word lookups
MIN_SQLITE = (3, 45, 0)  # trigram's remove_diacritics option
# 8 KiB pages: rows of a few hundred bytes leave less slack at the end of each page
# than with 4 KiB (2 % less at 2,000 letters). 16 KiB pages were 3 % smaller still
# while the verbatim sources were stored as text (~60 KB rows); packed
# (jbz.sourcepack, ~5 KB) the sizes are close, and each of the ~130 tables and
# indexes takes at least one page: a fresh build with 8 KiB pages is 3 % smaller at
# 100 letters, the same at 500 and 1 % larger at 2,000 (the worst ratio to the
# source is the smallest corpus's).
PAGE_SIZE = 8192
# ANALYZE reads at most this many rows of each index (approximate statistics,
# deterministic): the planner's choices need orders of magnitude, not exact counts.
ANALYSIS_LIMIT = 1000
BUILD_INFO_TABLE = "_build_info"
# The texts of `Column.stored == "shared"` columns (paragraphs.heading,
# agenda_items.title_key), each once in a table of its own (schema.SHARED): 285,728
# paragraphs at 2,000 letters repeat 1,201 heading texts (16.8 MB as a column). A
# text's id is a pure function of the text (the first 47 bits of its BLAKE2b
# digest: 6 bytes in a row, SQLite's 6-byte integers are signed), so a full and an
# incremental build give every text the same id and an incremental build only adds
# and drops texts (it counts the rows pointing to each: `Shared.uses`); two texts
# with one id stop the build (a chance of 4 in 100,000 among 100,000 texts).
SHARED_ID_BYTES = 6


def shared_ddl(s: Shared) -> str:
    return f"CREATE TABLE [{s.table}] ([id] INTEGER PRIMARY KEY, [{s.text_column}] TEXT NOT NULL, [{s.uses}] INTEGER NOT NULL)"


def ddl(t: Table) -> str:
    """CREATE TABLE with types, NOT NULL, primary and foreign keys."""
    cols = []
    for c in t.columns:
        kind = "INTEGER" if c.stored == "shared" else "BLOB" if c.stored else SQLITE_TYPES[c.type]
        line = f"[{c.name}] {kind}"
        if c.required and c.name not in t.primary_key:
            line += " NOT NULL"
        cols.append(line)
    cols.append("PRIMARY KEY (" + ", ".join(f"[{k}]" for k in t.primary_key) + ")")
    for c in t.columns:
        if c.foreign_key:
            other, other_col = c.foreign_key.split(".")
            cols.append(f"FOREIGN KEY ([{c.name}]) REFERENCES [{other}]([{other_col}])")
        elif c.stored == "shared":
            cols.append(f"FOREIGN KEY ([{c.name}]) REFERENCES [{shared(t.name, c.name).table}]([id])")
    return f"CREATE TABLE [{t.name}] (\n   " + ",\n   ".join(cols) + "\n)"


@functools.lru_cache(maxsize=1 << 16)
def shared_id(text: str) -> int:
    """The id of a shared text in its table (schema.SHARED)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=SHARED_ID_BYTES).digest(), "big") >> 1


def shared_texts(t: Table, rows: list[dict], into: dict | None = None, uses: dict | None = None) -> dict[str, dict[int, str]]:
    """Shared table -> id -> text of the shared texts of `rows` (added to `into`;
    `uses`, when given, counts the rows pointing to each, by table and id);
    ValueError when two texts have one id."""
    into = {} if into is None else into
    for c in t.columns:
        if c.stored != "shared":
            continue
        name = shared(t.name, c.name).table
        texts = into.setdefault(name, {})
        counts = uses.setdefault(name, {}) if uses is not None else None
        for r in rows:
            text = r.get(c.name)
            if text is None:
                continue
            i = shared_id(text)
            known = texts.setdefault(i, text)
            if known != text:
                raise ValueError(f"{name}: {known!r} and {text!r} have the same id {i}")
            if counts is not None:
                counts[i] = counts.get(i, 0) + 1
    return into


def shared_column_sql(t: Table, c: Column) -> str:
    """SELECT expression giving a column's value as the CSVs hold it (a shared text's text)."""
    if c.stored == "shared":
        s = shared(t.name, c.name)
        return f"(SELECT [{s.text_column}] FROM [{s.table}] WHERE [id] = [{t.name}].[{c.name}])"
    return f"[{c.name}]"


def sql_value(value, col: Column):
    """A row value as SQLite stores it: arrays as JSON text, booleans as 0/1."""
    if value is None:
        return None
    if col.type == "array" and not isinstance(value, str):
        return json.dumps(list(value), ensure_ascii=False)
    if col.type == "boolean":
        return int(bool(value))
    if col.stored == "source":
        return value if isinstance(value, bytes) else sourcepack.pack(value.encode("utf-8"), b"")
    if col.stored == "shared":
        return shared_id(value)
    return value


# A letters row may carry its source's stored form already, made where the letter
# was parsed (jbz.pipeline: in the parse workers, kept in the parse cache with the
# rows): (SHA-256 of the source and the base it was packed against, the stored
# bytes). Private: the CSVs and linking never see it; packed_letters uses it when
# the source and the base are still the same.
PACKED_KEY = "_text_packed"


def _pack_digest(data: bytes, base: bytes) -> bytes:
    h = hashlib.sha256(len(base).to_bytes(8, "big"))
    h.update(base)
    h.update(data)
    return h.digest()


def _letter_bases(tables: Tables, letters: list[dict]) -> dict[str, bytes]:
    """sourcepack.base of each letter: its paragraphs and footnotes found in
    `tables`, each in id order (as SOURCE_BASE_SQL reads them from the database)."""
    texts: dict[str, tuple[list, list]] = {r["id"]: ([], []) for r in letters}
    for i, name in enumerate(("paragraphs", "footnotes")):
        for r in tables.get(name) or []:
            if r.get("letter_id") in texts:
                texts[r["letter_id"]][i].append((r["id"], r.get("text")))
    bases = {}
    for lid, (paragraphs, notes) in texts.items():
        paragraphs.sort()
        notes.sort()
        bases[lid] = sourcepack.base([t for _, t in paragraphs], [t for _, t in notes])
    return bases


def pack_sources(tables: Tables) -> None:
    """Give each letters row with its source text its stored form under
    PACKED_KEY (in place): what packed_letters would store for it, made once,
    where the letter is parsed (a pure function of the source and the parsed texts)."""
    letters = [r for r in tables.get("letters") or [] if isinstance(r.get("text"), str)]
    if not letters:
        return
    bases = _letter_bases(tables, letters)
    for r in letters:
        data, base = r["text"].encode("utf-8"), bases[r["id"]]
        r[PACKED_KEY] = (_pack_digest(data, base), sourcepack.pack(data, base))


def packed_letters(tables: Tables) -> list[dict]:
    """`tables["letters"]` with each letter's source text in its stored form, packed
    against the paragraphs and footnotes of that letter found in `tables`
    (jbz.sourcepack); copies, the rows given stay as they are (the CSVs hold the text).
    A row's PACKED_KEY (pack_sources) is used when it was made from the same source
    and base, so the parse workers' packing is not done again; else it is packed here."""
    letters = tables.get("letters") or []
    if not letters:
        return letters
    bases = _letter_bases(tables, letters)
    out = []
    for r in letters:
        known = r.get(PACKED_KEY)
        if known is not None:
            r = {k: v for k, v in r.items() if k != PACKED_KEY}
        text = r.get("text")
        if isinstance(text, str):
            data, base = text.encode("utf-8"), bases[r["id"]]
            stored = known[1] if known is not None and known[0] == _pack_digest(data, base) else sourcepack.pack(data, base)
            r = {**r, "text": stored}
        out.append(r)
    return out


SOURCE_BASE_SQL = (
    "SELECT (SELECT json_group_array(text) FROM (SELECT coalesce(text, '') AS text FROM paragraphs WHERE letter_id = :id ORDER BY id)), "
    "(SELECT json_group_array(text) FROM (SELECT coalesce(text, '') AS text FROM footnotes WHERE letter_id = :id ORDER BY id))"
)


def source_base(paragraphs_json: str, footnotes_json: str) -> bytes:
    """sourcepack.base of SOURCE_BASE_SQL's answer (the letter's texts as two JSON arrays)."""
    return sourcepack.base(json.loads(paragraphs_json), json.loads(footnotes_json))


def read_source(conn, letter_id: str) -> bytes | None:
    """The source file's bytes of a letter in a built database (None: no such letter)."""
    row = conn.execute("SELECT text FROM letters WHERE id = ?", (letter_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    stored = row[0]
    if isinstance(stored, str):
        return stored.encode("utf-8")
    if not sourcepack.is_packed(stored):
        return sourcepack.unpack(stored)
    return sourcepack.unpack(stored, source_base(*conn.execute(SOURCE_BASE_SQL, {"id": letter_id}).fetchone()))


def sort_key(t: Table, row: dict) -> tuple:
    """Primary-key order that tolerates NULLs and mixed int/str values."""
    key = []
    for col in t.primary_key:
        value = row.get(col)
        key.append((0, value, "") if isinstance(value, (int, float)) else (1, 0, "" if value is None else str(value)))
    return tuple(key)


def index_columns(t: Table) -> list[str]:
    """Declared index columns and facets; the leading primary-key column already has one."""
    cols = list(dict.fromkeys(t.index_columns + t.facets + t.facets_array))
    return [c for c in cols if c != t.primary_key[0]]


def index_sql(t: Table, col: str) -> str:
    """CREATE INDEX for one column. A nullable foreign
    key gets a partial index (`WHERE col IS NOT NULL`): it is looked up by
    value (`col = ?`, joins) and faceted (Datasette's facets count `where col
    is not null`), never sorted on, and many are mostly NULL
    (citations.paragraph_id, counterpart_id …): the NULL entries would only
    take space."""
    c = t.column(col)
    where = f" WHERE [{col}] IS NOT NULL" if c.foreign_key and not c.required else ""
    return f"CREATE INDEX [idx_{t.name}_{col}] ON [{t.name}]([{col}]){where}"


def _views_and_summaries() -> tuple[dict[str, str], dict[str, str]]:
    try:
        from . import queries
    except ImportError:
        return {}, {}
    return dict(getattr(queries, "VIEWS", {})), dict(getattr(queries, "SUMMARY_TABLES", {}))


def _check_sqlite(conn) -> None:
    version = tuple(int(x) for x in conn.execute("select sqlite_version()").fetchone()[0].split("."))
    if version < MIN_SQLITE:
        raise RuntimeError(
            f"SQLite {'.'.join(map(str, version))} is too old for FTS5 trigram remove_diacritics "
            f"(needs {'.'.join(map(str, MIN_SQLITE))}+): install pysqlite3-binary"
        )


def sorted_rows(t: Table, rows: list[dict]) -> list[dict]:
    """The rows in primary-key order (sort_key's order). Sorted on the key
    values themselves when they compare (all text or all numbers: the same
    order as sort_key, which is several times slower); NULLs or mixed types
    raise TypeError on comparison and take sort_key."""
    try:
        return sorted(rows, key=operator.itemgetter(*t.primary_key))
    except (TypeError, KeyError):
        return sorted(rows, key=lambda r: sort_key(t, r))


_LAYOUTS: dict[str, tuple] = {}


def _layout(t: Table) -> tuple[tuple[str, ...], object, tuple]:
    """(column names, an itemgetter of them, (index, column) of the columns
    sql_value converts) of a table, made once."""
    found = _LAYOUTS.get(t.name)
    if found is None:
        names = tuple(t.column_names)
        special = tuple((i, c) for i, c in enumerate(t.columns) if c.type in ("array", "boolean") or c.stored)
        found = _LAYOUTS[t.name] = (names, operator.itemgetter(*names), special)
    return found


def _values(t: Table, rows: list[dict], known: frozenset | None = None) -> list:
    """The rows as parameter lists (tuples where no value is converted) in
    primary-key order (`sorted_rows`). Only array and boolean columns go
    through sql_value. `known`: the table's column names, when a row with
    another key is a ValueError (checked only when some row does not hold
    every column and nothing else: the rows parsing makes hold all)."""
    ordered = sorted_rows(t, rows)
    names, get, special = _layout(t)
    values = None
    width = len(names)
    if width > 1 and all(len(r) == width for r in ordered):
        try:  # every row holds every column (and so no other): one C call per row
            values = list(map(get, ordered))
        except KeyError:
            pass
    if values is None:
        if known is not None:
            unknown = set().union(*rows) - known
            if unknown:
                raise ValueError(f"{t.name}: columns not in jbz.schema: {', '.join(sorted(unknown))}")
        values = [tuple(map(r.get, names)) for r in ordered]
    if special:
        values = list(map(list, values))
        for row in values:
            for i, c in special:
                if row[i] is not None:
                    row[i] = sql_value(row[i], c)
    return values


def _insert_sql(t: Table) -> str:
    names = t.column_names
    return f"INSERT INTO [{t.name}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})"


class RowValues:
    """The Python side of loading rows: tables of row dicts in, each table's
    rows as `executemany` parameter lists out (checked against the schema,
    in key order, sources packed), the shared texts gathered on the way.
    Apart from the writer so it can run where the rows are read (jbz.output:
    in the second process, while this one inserts)."""

    def __init__(self):
        self._tables = {t.name: t for t in TABLES}
        self._names = {t.name: frozenset(t.column_names) for t in TABLES}
        self._shared_in = {t.name for t in TABLES if any(c.stored == "shared" for c in t.columns)}
        self.shared: dict[str, dict[int, str]] = {}  # the shared tables' rows, written in `DatabaseWriter.finish`
        self.shared_uses: dict[str, dict[int, int]] = {}

    def merge(self, shared: dict[str, dict[int, str]], uses: dict[str, dict[int, int]]) -> None:
        """Add the shared texts and uses another `RowValues` gathered (jbz.output's
        second producer); ValueError when two texts have one id."""
        for name, texts in shared.items():
            into = self.shared.setdefault(name, {})
            for i, text in texts.items():
                known = into.setdefault(i, text)
                if known != text:
                    raise ValueError(f"{name}: {known!r} and {text!r} have the same id {i}")
        for name, counts in uses.items():
            into = self.shared_uses.setdefault(name, {})
            for i, n in counts.items():
                into[i] = into.get(i, 0) + n

    def table(self, name: str, rows: list[dict]) -> list:
        """One table's rows as parameter lists ([] for none)."""
        if not rows:
            return []
        t = self._tables.get(name)
        if t is None:
            raise ValueError(f"{name}: not a table in jbz.schema")
        values = _values(t, rows, self._names[name])
        if name in self._shared_in:
            shared_texts(t, rows, self.shared, self.shared_uses)
        return values

    def tables(self, tables: Tables) -> list[tuple[str, list]]:
        """(table, parameter lists) of each table with rows; a letter's source
        is packed against its paragraphs and footnotes when they come in the
        same call (packed_letters)."""
        out = []
        for name, rows in tables.items():
            if rows:
                out.append((name, self.table(name, packed_letters(tables) if name == "letters" else rows)))
        return out


class DatabaseWriter:
    """Rows streamed into a new SQLite file, written atomically.

    `add(table, rows)` may be called many times per table (one letter at a
    time); rows go in as given, each call's rows sorted by primary key. One
    transaction for the whole load, no journal (a failed build deletes the
    file), and indexes and full-text indexes built after the load, in
    `finish`, which is cheaper than keeping them up to date row by row.
    `insert` takes rows made into parameter lists elsewhere (`RowValues`,
    whose shared texts then go to `values`).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        self.tmp.unlink(missing_ok=True)
        self.conn = sqlite3.connect(str(self.tmp))
        self.rows = {t.name: 0 for t in TABLES}
        try:
            _check_sqlite(self.conn)
            for pragma in (f"page_size = {PAGE_SIZE}", "journal_mode = OFF", "synchronous = OFF", "cache_size = -65536", "foreign_keys = OFF"):
                self.conn.execute(f"PRAGMA {pragma}")
            for t in TABLES:
                self.conn.execute(ddl(t))
            for sh in SHARED:
                self.conn.execute(shared_ddl(sh))
        except BaseException:
            self.abort()
            raise
        self._sql = {t.name: _insert_sql(t) for t in TABLES}
        self.values = RowValues()
        self.summary_rows: dict[str, list] = {}  # summary tables whose rows were made elsewhere (jbz.summary_counts), in order

    def add(self, name: str, rows: list[dict]) -> None:
        self.insert([(name, self.values.table(name, rows))])

    def add_tables(self, tables: Tables) -> None:
        """Rows of several tables (`RowValues.tables`)."""
        self.insert(self.values.tables(tables))

    def insert(self, batch: list[tuple[str, list]]) -> None:
        """(table, parameter lists) as `RowValues` makes them."""
        for name, values in batch:
            if values:
                self.conn.executemany(self._sql[name], values)
                self.rows[name] += len(values)

    def finish(self, build_info: dict[str, str] | None = None, timings: dict | None = None) -> None:
        """Indexes, full-text indexes, views and summary tables, build info,
        the foreign-key check; then the file replaces `path`. `timings`, when
        given, receives the seconds of each step."""
        import time

        conn = self.conn
        try:
            # the full-text indexes first: the pages their merge frees (and those the
            # primary keys' repacking frees) are taken by the indexes made after them,
            # so the file is left without free pages
            t0 = time.perf_counter()
            for sh in SHARED:
                texts, uses = self.values.shared.get(sh.table, {}), self.values.shared_uses.get(sh.table, {})
                conn.executemany(f"INSERT INTO [{sh.table}] VALUES (?, ?, ?)", [(i, text, uses[i]) for i, text in sorted(texts.items())])
            _repack_primary_keys(conn)
            t1 = time.perf_counter()
            _create_search(conn)
            t2 = time.perf_counter()
            for t in TABLES:
                for col in index_columns(t):
                    conn.execute(index_sql(t, col))
            t3 = time.perf_counter()
            # statistics before the summary tables are computed: without them the
            # planner may look positions up by stance (an index of 7 values) instead
            # of by agenda item in eu_file_thread's subqueries (minutes instead of 1 s)
            conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            conn.execute("ANALYZE")
            views, summaries = _views_and_summaries()
            _create_derived(conn, views, summaries, self.summary_rows)
            if build_info:
                conn.execute(f"CREATE TABLE [{BUILD_INFO_TABLE}] ([key] TEXT PRIMARY KEY, [value] TEXT)")
                conn.executemany(f"INSERT INTO [{BUILD_INFO_TABLE}] VALUES (?, ?)", sorted((k, str(v)) for k, v in build_info.items()))
            conn.commit()
            t4 = time.perf_counter()
            problems = _dangling_foreign_keys(conn)
            if problems:
                raise ValueError("foreign keys point nowhere: " + "; ".join(problems[:10]))
            # statistics of the tables made since (the statistics an incremental update makes too); the
            # others' pages did not change, so ANALYZE would find for them again what it found before
            for name in (*summaries, *([BUILD_INFO_TABLE] if build_info else ())):
                conn.execute(f"ANALYZE [{name}]")
            conn.commit()
            t5 = time.perf_counter()
            free, pages = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("freelist_count", "page_count"))
            if free > pages // 50:  # more than 2 % free pages (left by merging the full-text index): compact
                conn.execute("VACUUM")
            t6 = time.perf_counter()
        except BaseException:
            self.abort()
            raise
        conn.close()
        os.replace(self.tmp, self.path)
        if timings is not None:
            timings.update({"db_indexes": (t1 - t0) + (t3 - t2), "db_fts": t2 - t1, "db_summaries": t4 - t3, "db_check": t5 - t4, "db_vacuum": t6 - t5})

    def abort(self) -> None:
        self.conn.close()
        self.tmp.unlink(missing_ok=True)


def _repack_primary_keys(conn) -> None:
    """Each primary-key index (`sqlite_autoindex_*`, filled row by row during
    the load, its pages ~87 % full) built again from its sorted keys (full
    pages); the pages it frees go to the indexes and full-text indexes made next."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%' ORDER BY name")]
    for name in names:
        conn.execute(f"REINDEX [{name}]")


def _fill_index(conn, fts: str, sql: str) -> None:
    """Fill a new full-text index (`sql` inserts its rows) and merge it into one segment (FTS_BUILD_SETTINGS)."""
    conn.executemany(f"INSERT INTO [{fts}]([{fts}], rank) VALUES (?, ?)", FTS_BUILD_SETTINGS)
    conn.execute(sql)
    conn.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")
    conn.execute(f"DELETE FROM [{fts}_config] WHERE k IN ({', '.join('?' for _ in FTS_BUILD_SETTINGS)})", [k for k, _ in FTS_BUILD_SETTINGS])


def _create_search(conn) -> None:
    """The word indexes of `schema.Table.search_columns`, then the vocabulary
    (`search_terms`, words in sorted order) with its trigram index."""
    vocab = []
    for t in TABLES:
        if not t.search_columns:
            continue
        cols = ", ".join(f"[{c}]" for c in t.search_columns)
        # content=[table]: an index over the table's own column, not a second
        # copy of the text; Datasette finds it by its name and offers ?_search=
        conn.execute(
            f"CREATE VIRTUAL TABLE [{t.name}_fts] USING fts5({cols}, content=[{t.name}], "
            f"tokenize='{FTS_TOKENIZE}', {FTS_OPTIONS})"
        )
        _fill_index(conn, f"{t.name}_fts", f"INSERT INTO [{t.name}_fts](rowid, {cols}) SELECT rowid, {cols} FROM [{t.name}] ORDER BY rowid")
        conn.execute(f"CREATE VIRTUAL TABLE temp.[{t.name}_vocab] USING fts5vocab(main, [{t.name}_fts], 'row')")
        vocab.append(f"SELECT term FROM temp.[{t.name}_vocab]")
    conn.execute(f"CREATE TABLE [{TERMS_TABLE}] ([term] TEXT NOT NULL)")
    if vocab:
        conn.execute(f"INSERT INTO [{TERMS_TABLE}](term) {' UNION '.join(vocab)} ORDER BY 1")
    conn.execute(
        f"CREATE VIRTUAL TABLE [{TERMS_TABLE}_fts] USING fts5([term], content=[{TERMS_TABLE}], "
        f"tokenize='{TERMS_TOKENIZE}', {FTS_OPTIONS})"
    )
    _fill_index(conn, f"{TERMS_TABLE}_fts", f"INSERT INTO [{TERMS_TABLE}_fts](rowid, term) SELECT rowid, term FROM [{TERMS_TABLE}] ORDER BY rowid")
    for t in TABLES:
        if t.search_columns:
            conn.execute(f"DROP TABLE temp.[{t.name}_vocab]")


def _create_derived(conn, views: dict[str, str], summaries: dict[str, str], made: dict[str, list] | None = None) -> None:
    """Views first (SQLite resolves them lazily), then summary tables, in an
    order that lets one summary read another; then every view is compiled so
    a broken one fails the build instead of the web page. `made`: rows of
    summary tables counted elsewhere (jbz.summary_counts), in their SQL's
    order: the table is made by its SQL with no row (its columns and types
    as SQLite gives them) and those rows go in."""
    made = made or {}
    for name, sql in views.items():
        conn.execute(f"CREATE VIEW [{name}] AS {sql}")
    pending = dict(summaries)
    while pending:
        failed: dict[str, str] = {}
        last_error = None
        for name, sql in pending.items():
            try:
                if name in made:
                    conn.execute(f"CREATE TABLE [{name}] AS {sql}\nLIMIT 0")
                    if made[name]:
                        conn.executemany(f"INSERT INTO [{name}] VALUES ({', '.join('?' * len(made[name][0]))})", made[name])
                else:
                    conn.execute(f"CREATE TABLE [{name}] AS {sql}")
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise ValueError(f"summary table {name}: {exc}") from exc
                failed[name], last_error = sql, exc
        if len(failed) == len(pending):
            raise ValueError(f"summary tables {', '.join(failed)}: {last_error}")
        pending = failed
    for name in views:
        try:
            conn.execute(f"SELECT * FROM [{name}] LIMIT 0").fetchall()
        except sqlite3.OperationalError as exc:
            raise ValueError(f"view {name}: {exc}") from exc


def _dangling_foreign_keys(conn) -> list[str]:
    """`PRAGMA foreign_key_check`, in words: `letters.meeting_id = 'x' (row id 'y') not in meetings.id`."""
    out = []
    for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check").fetchall():
        fk = next(r for r in conn.execute(f"PRAGMA foreign_key_list([{table}])") if r[0] == fkid)
        column, parent_col = fk[3], fk[4]
        pk = next(t.primary_key for t in TABLES if t.name == table)
        row = conn.execute(f"SELECT [{column}], {', '.join(f'[{k}]' for k in pk)} FROM [{table}] WHERE rowid = ?", (rowid,)).fetchone()
        out.append(f"{table}.{column} = {row[0]!r} (row {', '.join(map(repr, row[1:]))}) not in {parent}.{parent_col}")
    return out


def write_database(tables: Tables, path: Path, build_info: dict[str, str] | None = None) -> None:
    """Write every schema table (missing ones empty) to `path`, atomically.

    `build_info` (key -> value) goes into the `_build_info` table that the
    site shows; keep it free of timestamps to keep the file reproducible.
    Raises ValueError when a foreign key points nowhere.
    """
    writer = DatabaseWriter(path)
    try:
        writer.add_tables(tables)
    except BaseException:
        writer.abort()
        raise
    writer.finish(build_info)
