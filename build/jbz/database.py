"""Table rows in, SQLite file out: DDL from `jbz.schema`, rows, indexes,
full-text search, views and summary tables.

Search uses FTS5's `trigram` tokenizer with `remove_diacritics`, so a search
for `terugkeer` finds the compounds `terugkeerverordening` and
`terugkeerhub`, and `orientatie` finds `oriëntatie`. That needs SQLite 3.45+,
which `pysqlite3-binary` brings (sqlite-utils and Datasette use it when it
is installed).
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils
from sqlite_utils.utils import sqlite3

from .schema import SQLITE_TYPES, TABLES, Table

FTS_TOKENIZE = "trigram remove_diacritics 1"
BUILD_INFO_TABLE = "_build_info"


def ddl(t: Table) -> str:
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


def _index_columns(t: Table) -> list[str]:
    cols = list(dict.fromkeys(t.index_columns + t.facets))
    return [c for c in cols if c not in t.primary_key[:1]]


def _views_and_summaries() -> tuple[dict[str, str], dict[str, str]]:
    try:
        from . import queries
    except ImportError:
        return {}, {}
    return dict(getattr(queries, "VIEWS", {})), dict(getattr(queries, "SUMMARY_TABLES", {}))


def write_database(tables: dict[str, list[dict]], path: Path, build_info: dict[str, str] | None = None) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(str(tmp))
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    for t in TABLES:
        conn.execute(ddl(t))
        names = t.column_names
        rows = tables.get(t.name, [])
        if rows:
            placeholders = ", ".join("?" for _ in names)
            conn.executemany(
                f"INSERT INTO [{t.name}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({placeholders})",
                [tuple(row.get(n) for n in names) for row in rows],
            )
        for col in _index_columns(t):
            conn.execute(f"CREATE INDEX [idx_{t.name}_{col}] ON [{t.name}]([{col}])")
        if t.search_columns:
            cols = ", ".join(f"[{c}]" for c in t.search_columns)
            conn.execute(
                f"CREATE VIRTUAL TABLE [{t.name}_fts] USING fts5({cols}, content=[{t.name}], tokenize='{FTS_TOKENIZE}')"
            )
            conn.execute(f"INSERT INTO [{t.name}_fts](rowid, {cols}) SELECT rowid, {cols} FROM [{t.name}]")
    views, summaries = _views_and_summaries()
    for name, sql in summaries.items():
        conn.execute(f"CREATE TABLE [{name}] AS {sql}")
    for name, sql in views.items():
        conn.execute(f"CREATE VIEW [{name}] AS {sql}")
    if build_info:
        conn.execute(f"CREATE TABLE [{BUILD_INFO_TABLE}] ([key] TEXT PRIMARY KEY, [value] TEXT)")
        conn.executemany(f"INSERT INTO [{BUILD_INFO_TABLE}] VALUES (?, ?)", sorted(build_info.items()))
    conn.commit()
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        conn.close()
        raise ValueError(f"foreign keys point nowhere: {problems[:5]}")
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    del db
    os.replace(tmp, path)
