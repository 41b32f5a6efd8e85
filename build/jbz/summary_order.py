"""Putting a summary table's new rows in their places after an incremental
update (`jbz.incremental.SummaryUpdate`): a summary table's order is its
rowid order, and a full build writes its rows in the order of its SQL.

The rows of the groups a change reached were deleted and their new rows
appended (rowids above `top`). Each new row belongs just before the first
old row that sorts after it (its *place*); the new rows of one place are a
*group*. A group goes into the gap the deleted rows left before its place
when it fits there. Where one does not fit, old rows must make room: either
every old row from the first such place on moves up, or every old row before
the last such place moves down (rowids may go below 1; SQLite takes any
64-bit rowid). Both keep every row's order; the one that moves fewer old rows
is taken. A row added before all others (or after all others) always fits:
below the first (above the last) old row.

Moving rows one way was the most expensive part of an update: a letter added
early in a table's order moved almost the whole table (41,000 of 42,000 rows
of `eu_file_thread` at 2,000 letters), where moving the rows before it moves
a thousand.

While rows move they wait far from every real rowid: new rows at `STAGED`
plus their rowid, old rows at their rowid plus or minus `BIG` and their shift
(no table comes near `BIG` rows).
"""

from __future__ import annotations

BIG = 1 << 40
STAGED = 4 * BIG


def reorder(conn, name: str, key: str, join: str, top: int) -> int:
    """Give the rows of `name` above rowid `top` (new, in any order) the
    rowids of their places in the order `key` (columns of alias `t`, and of
    `join` when given); returns how many old rows moved."""

    def first_of(a: int, b: int) -> int:  # the one of rows `a` and `b` that sorts first
        return conn.execute(f"SELECT t.rowid FROM [{name}] t {join} WHERE t.rowid IN (?, ?) ORDER BY {key} LIMIT 1", (a, b)).fetchone()[0]

    def old_at_or_after(rowid: int) -> int | None:
        found = conn.execute(f"SELECT rowid FROM [{name}] WHERE rowid >= ? AND rowid <= ? ORDER BY rowid LIMIT 1", (rowid, top)).fetchone()
        return found[0] if found else None

    def place(row: int, lo: int) -> int:
        """The rowid of the first old row (from `lo` on) that sorts after new row `row` (top + 1: none)."""
        hi = top + 1  # old rows below lo sort before `row`, from hi on after it
        while lo < hi:
            mid = (lo + hi) // 2
            r = old_at_or_after(mid)
            if r is None or first_of(row, r) == row:
                hi = mid
            else:
                lo = r + 1
        found = old_at_or_after(lo)
        return top + 1 if found is None else found

    new = [r[0] for r in conn.execute(f"SELECT t.rowid FROM [{name}] t {join} WHERE t.rowid > ? ORDER BY {key}", (top,))]
    if not new:
        return 0
    low = conn.execute(f"SELECT coalesce(min(rowid), 0) FROM [{name}] WHERE rowid <= ?", (top,)).fetchone()[0]
    groups: dict[int, list[int]] = {}  # place (rowid of the old row after them) -> new rows, in order
    at = None
    for row in new:
        if at is None or (at <= top and first_of(row, at) != row):
            at = place(row, low if at is None else at)
        groups.setdefault(at, []).append(row)
    places = list(groups)  # ascending
    before = {at: conn.execute(f"SELECT max(rowid) FROM [{name}] WHERE rowid < ? AND rowid <= ?", (at, top)).fetchone()[0] for at in places}

    def fits(at: int) -> bool:  # before the first or after the last old row there is room for any number
        return at > top or before[at] is None or at - before[at] - 1 >= len(groups[at])

    up_from = next((at for at in places if not fits(at)), None)
    moves: list[tuple[int, int]] = []  # (new row, its rowid)
    moved = 0
    if up_from is not None:
        down_to = next(at for at in reversed(places) if not fits(at))
        count = "SELECT count(*) FROM [{}] WHERE rowid {} ? AND rowid <= ?".format
        up = conn.execute(count(name, ">="), (up_from, top)).fetchone()[0]
        down = conn.execute(count(name, "<"), (down_to, top)).fetchone()[0]
        shifting = [at for at in places if (at <= down_to if down < up else at >= up_from)]
        moved = min(up, down)
    else:
        shifting, down, up = [], 0, 0
    for at in places:
        if at in shifting:
            continue
        rows = groups[at]
        start = before[at] + 1 if before[at] is not None else at - len(rows)
        moves += [(row, start + i) for i, row in enumerate(rows)]
    conn.executemany(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid = ?", [(STAGED, row) for row in new])
    if shifting:
        rest = [(at, row) for at in shifting for row in groups[at]]
        if down < up:  # old rows before the last place without room move down
            n = len(rest)
            moves += [(row, at - (n - j)) for j, (at, row) in enumerate(rest)]
            # old row r moves down by the number of new rows whose place is after it
            taken = 0
            for i, at in enumerate(shifting):
                start = shifting[i - 1] if i else None
                if start is None:
                    conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid < ?", (n + BIG, at))
                else:
                    conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid >= ? AND rowid < ?", (n - taken + BIG, start, at))
                taken += len(groups[at])
            conn.execute(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid BETWEEN ? AND ?", (BIG, -3 * BIG, -(BIG // 2)))
        else:  # old rows from the first place without room move up
            moves += [(row, at + j) for j, (at, row) in enumerate(rest)]
            # old row r moves up by the number of new rows whose place is at or before it
            for i, at in enumerate(shifting):
                shift = sum(len(groups[a]) for a in shifting[: i + 1])
                end = shifting[i + 1] if i + 1 < len(shifting) else top + 1
                conn.execute(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid >= ? AND rowid < ? AND rowid <= ?", (shift + BIG, at, end, top))
            conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid BETWEEN ? AND ?", (BIG, BIG // 2, 3 * BIG))
    conn.executemany(f"UPDATE [{name}] SET rowid = ? WHERE rowid = ?", [(to, STAGED + row) for row, to in moves])
    return moved
