"""The summary tables a full build counts as the letters pass by
(jbz.summary_counts) hold what their SQL gives, in its order: on the five
letters, on rows with NULLs, NUL characters and undated letters, and when a
value is not what the counts expect (then the table is left to its SQL)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from jbz.database import DatabaseWriter, sqlite3, write_database
from jbz.pipeline import parse_folder
from jbz.queries import SUMMARY_TABLES
from jbz.summary_counts import MENTIONS, NAMES, PARTS, SummaryCounts

from conftest import LETTERS


def _letters_and_cross():
    parsed = parse_folder(LETTERS, jobs=1)
    return list(parsed.letters()), parsed.cross_tables()


@pytest.fixture(scope="module")
def corpus():
    return _letters_and_cross()


def _tables(letters: list[dict], cross: dict) -> dict:
    tables: dict = {name: list(rows) for name, rows in cross.items()}
    for records in letters:
        for name, rows in records.items():
            tables.setdefault(name, []).extend(rows)
    return tables


def _by_sql(letters: list[dict], cross: dict, path: Path) -> dict[str, list[tuple]]:
    """Each summary table as its SQL makes it over these rows."""
    write_database(_tables(letters, cross), path)
    conn = sqlite3.connect(str(path))
    try:
        return {name: conn.execute(f"SELECT * FROM [{name}] ORDER BY rowid").fetchall() for name in NAMES}
    finally:
        conn.close()


def _counted(letters: list[dict], cross: dict) -> SummaryCounts:
    counts = SummaryCounts()
    for records in reversed(letters):  # any order
        counts.add(records)
    return counts


def test_the_five_letters_counts_are_the_sql_rows(corpus, tmp_path):
    letters, cross = corpus
    counts = _counted(letters, cross)
    made = counts.rows(cross["meetings"])
    assert set(made) == set(NAMES) and not counts.left
    expected = _by_sql(letters, cross, tmp_path / "sql.db")
    assert made == expected
    assert len(made[PARTS]) == 20 and len(made[MENTIONS]) == 75
    # one row checked by hand: the parts of the letters sorted by date, their paragraphs counted
    first = made[PARTS][0]
    assert first[2] == min(r[2] for r in made[PARTS]) and first[6] == sum(
        1 for records in letters for p in records["paragraphs"] if records["letters"][0]["id"] == first[0] and (p["part"] or "(none)") == first[5])


def test_nulls_nul_characters_and_undated_letters_give_the_sql_rows(corpus, tmp_path):
    letters, cross = copy.deepcopy(corpus)
    for i, records in enumerate(letters):
        paragraphs = records["paragraphs"]
        for j, p in enumerate(paragraphs):
            if j % 7 == 0:
                p["part"] = None
            if j % 11 == 0:
                p["text"] = None
            if j % 13 == 0 and p["text"]:
                p["text"] = p["text"][:5] + "\0" + p["text"][5:]
        if i == 0:
            for p in paragraphs:
                if p["part"] == "signature":
                    p["text"] = None  # a part with no text at all: characters NULL
        if i == 1:
            records["letters"][0]["letter_date"] = None  # sorted by its meeting's date
        if i == 2:
            records["letters"][0]["letter_date"] = None
            records["letters"][0]["meeting_id"] = None  # no date at all: first
        for k, m in enumerate(records["mentions"]):
            if m["role"] == "subject" and k % 5 == 0:
                m["count"] = None
            if m["role"] == "subject" and k % 9 == 0:
                m["entity_id"] = None
    entity = next(m["entity"] for m in letters[3]["mentions"] if m["role"] == "subject")
    for records in letters:
        for m in records["mentions"]:
            if m["entity"] == entity:
                m["count"] = None  # named, never counted: times_named NULL, sorted last
    counts = _counted(letters, cross)
    made = counts.rows(cross["meetings"])
    expected = _by_sql(letters, cross, tmp_path / "sql.db")
    assert not counts.left and made == expected
    assert made[PARTS][0][2] is None and any(r[7] is None for r in made[PARTS])
    never = [r for r in made[MENTIONS] if r[6] is None]
    assert made[MENTIONS][-len(never):] == never and entity in {r[2] for r in never}


@pytest.mark.parametrize("change, left", [
    (lambda records: records["mentions"][0].update(count="3"), MENTIONS),  # SQLite would make it 3
    (lambda records: records["paragraphs"][0].update(text=12345), PARTS),
    (lambda records: records["paragraphs"][0].update(letter_id="other"), PARTS),
])
def test_values_the_counts_do_not_expect_leave_the_table_to_its_sql(corpus, tmp_path, change, left):
    letters, cross = copy.deepcopy(corpus)
    records = letters[0]
    for m in records["mentions"]:
        m["role"] = "subject"
    change(records)
    counts = _counted(letters, cross)
    assert counts.left == {left}
    assert set(counts.rows(cross["meetings"])) == set(NAMES) - {left}


def test_a_mention_of_another_letters_paragraph_is_left_to_the_sql(corpus):
    letters, cross = copy.deepcopy(corpus)
    m = next(m for m in letters[0]["mentions"] if m["role"] == "subject")
    m["paragraph_id"] = letters[1]["paragraphs"][0]["id"]  # counted once per letter would count it twice
    counts = _counted(letters, cross)
    assert counts.left == {MENTIONS}


def test_the_writer_stores_counted_rows_as_the_sql_makes_the_table(corpus, tmp_path):
    """Rows given to the writer (jbz.output passes the counts) make the same
    tables as their SQL: columns, types and rows."""
    letters, cross = corpus
    sql_db, given_db = tmp_path / "sql.db", tmp_path / "given.db"
    write_database(_tables(letters, cross), sql_db)
    writer = DatabaseWriter(given_db)
    writer.add_tables(_tables(letters, cross))
    writer.summary_rows = _counted(letters, cross).rows(cross["meetings"])
    writer.finish()
    found = {}
    for path in (sql_db, given_db):
        conn = sqlite3.connect(str(path))
        found[path] = [(conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone(),
                        conn.execute(f"SELECT *, {', '.join(f'typeof({c})' for c in _columns(conn, name))} FROM [{name}] ORDER BY rowid").fetchall())
                       for name in NAMES]
        conn.close()
    assert found[sql_db] == found[given_db]
    assert all(rows for _, rows in found[given_db])


def _columns(conn, name: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]


def test_every_counted_table_is_a_summary_table():
    assert set(NAMES) <= set(SUMMARY_TABLES)
