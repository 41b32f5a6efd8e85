"""Table rows in, SQLite file out: DDL from `jbz.schema`, rows, indexes,
full-text search, views and summary tables.

Search uses FTS5's `trigram` tokenizer with `remove_diacritics`, so a search
for `terugkeer` finds the compounds `terugkeerverordening` and
`terugkeerhub`, and `orientatie` finds `oriëntatie`. That needs SQLite 3.45+,
which `pysqlite3-binary` brings (sqlite-utils and Datasette use it when it
is installed); an older SQLite can read the tables but not search them.

The file is written once and served immutable, so the FTS tables are filled
once (external content, no triggers). The same rows give the same bytes:
rows go in sorted by primary key and nothing records the time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlite_utils.utils import sqlite3  # pysqlite3 when installed

from .schema import SQLITE_TYPES, TABLES, Column, Table

Tables = dict[str, list[dict]]

FTS_TOKENIZE = "trigram remove_diacritics 1"
MIN_SQLITE = (3, 45, 0)  # trigram's remove_diacritics option
BUILD_INFO_TABLE = "_build_info"


def ddl(t: Table) -> str:
    """CREATE TABLE with types, NOT NULL, primary and foreign keys."""
    cols = []
    for c in t.columns:
        line = f"[{c.name}] {SQLITE_TYPES[c.type]}"
        if c.required and c.name not in t.primary_key:
            line += " NOT NULL"
        cols.append(line)
    cols.append("PRIMARY KEY (" + ", ".join(f"[{k}]" for k in t.primary_key) + ")")
    for c in t.columns:
        if c.foreign_key:
            other, other_col = c.foreign_key.split(".")
            cols.append(f"FOREIGN KEY ([{c.name}]) REFERENCES [{other}]([{other_col}])")
    return f"CREATE TABLE [{t.name}] (\n   " + ",\n   ".join(cols) + "\n)"


def sql_value(value, col: Column):
    """A row value as SQLite stores it: arrays as JSON text, booleans as 0/1."""
    if value is None:
        return None
    if col.type == "array" and not isinstance(value, str):
        return json.dumps(list(value), ensure_ascii=False)
    if col.type == "boolean":
        return int(bool(value))
    return value


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


def _insert_table(conn, t: Table, rows: list[dict]) -> None:
    conn.execute(ddl(t))
    names = t.column_names
    unknown = sorted({k for row in rows for k in row} - set(names))
    if unknown:
        raise ValueError(f"{t.name}: columns not in jbz.schema: {', '.join(unknown)}")
    if rows:
        conn.executemany(
            f"INSERT INTO [{t.name}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})",
            [tuple(sql_value(row.get(c.name), c) for c in t.columns) for row in sorted(rows, key=lambda r: sort_key(t, r))],
        )
    for col in index_columns(t):
        conn.execute(f"CREATE INDEX [idx_{t.name}_{col}] ON [{t.name}]([{col}])")
    if t.search_columns:
        cols = ", ".join(f"[{c}]" for c in t.search_columns)
        # content=[table]: Datasette finds the index and offers ?_search=
        conn.execute(
            f"CREATE VIRTUAL TABLE [{t.name}_fts] USING fts5({cols}, content=[{t.name}], tokenize='{FTS_TOKENIZE}')"
        )
        conn.execute(f"INSERT INTO [{t.name}_fts](rowid, {cols}) SELECT rowid, {cols} FROM [{t.name}] ORDER BY rowid")
        conn.execute(f"INSERT INTO [{t.name}_fts]([{t.name}_fts]) VALUES ('optimize')")


def _create_derived(conn, views: dict[str, str], summaries: dict[str, str]) -> None:
    """Views first (SQLite resolves them lazily), then summary tables, in an
    order that lets one summary read another; then every view is compiled so
    a broken one fails the build instead of the web page."""
    for name, sql in views.items():
        conn.execute(f"CREATE VIEW [{name}] AS {sql}")
    pending = dict(summaries)
    while pending:
        failed: dict[str, str] = {}
        last_error = None
        for name, sql in pending.items():
            try:
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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(str(tmp))
    try:
        _check_sqlite(conn)
        conn.execute("PRAGMA foreign_keys = OFF")  # checked once below, after all tables exist
        for t in TABLES:
            _insert_table(conn, t, tables.get(t.name, []))
        views, summaries = _views_and_summaries()
        _create_derived(conn, views, summaries)
        if build_info:
            conn.execute(f"CREATE TABLE [{BUILD_INFO_TABLE}] ([key] TEXT PRIMARY KEY, [value] TEXT)")
            conn.executemany(f"INSERT INTO [{BUILD_INFO_TABLE}] VALUES (?, ?)", sorted((k, str(v)) for k, v in build_info.items()))
        conn.commit()
        problems = _dangling_foreign_keys(conn)
        if problems:
            raise ValueError("foreign keys point nowhere: " + "; ".join(problems[:10]))
        conn.execute("ANALYZE")
        conn.commit()
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)
