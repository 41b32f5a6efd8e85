"""The SQLite database follows the schema, and search finds Dutch compounds
and ignores accents."""

from __future__ import annotations

import sqlite3

import pytest

from jbz.database import write_database
from jbz.schema import SQLITE_TYPES, TABLES


@pytest.fixture(scope="module")
def db(tables, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "jbz.db"
    write_database(tables, path)
    from sqlite_utils.utils import sqlite3 as sqlite  # pysqlite3: trigram with remove_diacritics

    conn = sqlite.connect(str(path))
    yield conn
    conn.close()


def test_tables_columns_types_and_keys_follow_the_schema(db):
    for t in TABLES:
        info = db.execute(f"pragma table_info([{t.name}])").fetchall()
        assert [(r[1], r[2]) for r in info] == [(c.name, SQLITE_TYPES[c.type]) for c in t.columns], t.name
        pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        assert pk == list(t.primary_key), t.name
        fks = {(r[3], r[2], r[4]) for r in db.execute(f"pragma foreign_key_list([{t.name}])")}
        assert fks == {(c.name, *c.foreign_key.split(".")) for c in t.columns if c.foreign_key}, t.name
    assert db.execute("pragma foreign_key_check").fetchall() == []


def _search(db, table, query):
    return [r[0] for r in db.execute(f"select rowid from [{table}_fts] where [{table}_fts] match ?", (query,))]


def test_search_finds_compounds(db):
    hits = db.execute(
        "select text from paragraphs where rowid in (select rowid from paragraphs_fts where paragraphs_fts match ?)", ('"terugkeer"',)
    ).fetchall()
    words = " ".join(t for (t,) in hits)
    assert "terugkeerverordening" in words.lower() and "terugkeerhub" in words.lower()


def test_search_ignores_accents(db):
    plain = _search(db, "paragraphs", '"orientatie"')
    assert plain == _search(db, "paragraphs", '"oriëntatie"')
    texts = [db.execute("select text from paragraphs where rowid = ?", (r,)).fetchone()[0] for r in plain]
    with_accent = db.execute("select count(*) from paragraphs where lower(text) like '%oriëntatie%'").fetchone()[0]
    assert len(texts) == with_accent > 20 and all("oriëntatie" in t.lower() for t in texts)


def test_footnotes_are_searchable(db):
    # BNC-fiches are cited in 7 footnotes across the five letters (counted by hand)
    assert len(_search(db, "footnotes", '"BNC-fiche"')) == 7
