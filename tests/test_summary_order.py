"""New rows of a summary table put in their places by moving as few old rows
as possible (jbz.incremental.summary_order), up or down, rowids below 1 included."""

from __future__ import annotations

import random

from jbz.database import sqlite3
from jbz.incremental.summary_order import reorder


def _table(keys: list[int], start: int = 1):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE s (k INTEGER, v TEXT)")
    conn.executemany("INSERT INTO s(rowid, k, v) VALUES (?, ?, ?)", [(start + i, k, f"v{k}") for i, k in enumerate(keys)])
    return conn


def _add(conn, keys: list[int]) -> int:
    """Append rows with these keys, put them in place; returns the old rows moved."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM s").fetchone()[0]
    conn.executemany("INSERT INTO s(k, v) VALUES (?, ?)", [(k, f"v{k}") for k in keys])
    return reorder(conn, "s", "t.k", "", top)


def _rows(conn) -> list[tuple[int, int]]:
    return conn.execute("SELECT rowid, k FROM s ORDER BY rowid").fetchall()


def test_rows_before_an_early_place_move_down():
    conn = _table([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    assert _add(conn, [15]) == 1  # the row of key 10 moves down; moving up would move nine
    assert _rows(conn)[:3] == [(0, 10), (1, 15), (2, 20)]
    assert _rows(conn)[-1] == (10, 100)


def test_rows_after_a_late_place_move_up():
    conn = _table([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    assert _add(conn, [95, 85]) == 2  # the rows of 90 and 100 move up
    assert _rows(conn)[-5:] == [(8, 80), (9, 85), (10, 90), (11, 95), (12, 100)]


def test_rows_before_all_or_after_all_or_in_a_gap_move_nothing():
    conn = _table([10, 20, 30, 40])
    assert _add(conn, [5, 1, 50]) == 0
    assert _rows(conn) == [(-1, 1), (0, 5), (1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]
    conn.execute("DELETE FROM s WHERE k IN (20, 30)")
    assert _add(conn, [25, 22]) == 0  # into the gap the deleted rows left
    assert _rows(conn) == [(-1, 1), (0, 5), (1, 10), (2, 22), (3, 25), (4, 40), (5, 50)]


def test_several_places_down_keep_the_order():
    conn = _table(list(range(10, 210, 10)))  # 20 rows
    assert _add(conn, [15, 16, 35, 45]) == 4  # the rows of 10..40 move down, by 4, 2, 2, 1
    keys = [k for _, k in _rows(conn)]
    assert keys == sorted(keys) and len(keys) == 24
    assert _rows(conn)[:9] == [(-3, 10), (-2, 15), (-1, 16), (0, 20), (1, 30), (2, 35), (3, 40), (4, 45), (5, 50)]


def test_two_places_far_apart_move_the_rows_on_their_own_near_side():
    conn = _table(list(range(10, 210, 10)))  # 20 rows
    assert _add(conn, [15, 195]) == 2  # the row of 10 moves down, the row of 200 up (all one way: 19)
    rows = _rows(conn)
    assert rows[:3] == [(0, 10), (1, 15), (2, 20)] and rows[-3:] == [(19, 190), (20, 195), (21, 200)]


def test_random_updates_keep_the_order():
    rng = random.Random(7)
    keys = sorted(rng.sample(range(100_000), 300))
    conn = _table(keys)
    for _ in range(150):
        gone = rng.sample(keys, rng.randint(0, 5))
        conn.executemany("DELETE FROM s WHERE k = ?", [(k,) for k in gone])
        keys = [k for k in keys if k not in gone]
        added = [k for k in rng.sample(range(100_000), rng.randint(1, 8)) if k not in keys]
        _add(conn, added)
        keys = sorted(keys + added)
        assert [k for _, k in _rows(conn)] == keys
    assert conn.execute("SELECT count(*) FROM s").fetchone()[0] == len(keys)
