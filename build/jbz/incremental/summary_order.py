"""Putting a summary table's new rows in their places after an incremental
update (`jbz.incremental.summaries.SummaryUpdate`): a summary table's order is its
rowid order, and a full build writes its rows in the order of its SQL.

The rows of the groups a change reached were deleted and their new rows
appended (rowids above `top`). Each new row belongs just before the first
old row that sorts after it (its *place*); the new rows of one place are a
*group*. A group goes into the gap the deleted rows left before its place
when it fits there. Where groups do not fit, old rows must make room: the
old rows before the last of the first k such places move down, those from
the next such place on move up (rowids may go below 1; SQLite takes any
64-bit rowid), with k (0 to all) chosen so that the fewest old rows move:
two letters far apart in a table's order (an update also brings the spare
database the previous build's letters) each move the rows on their own
near side. A row added before all others (or after all others) always
fits: below the first (above the last) old row.

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

    # places without room: the old rows before some of them (the first k) move down, those from the
    # rest on move up; k chosen for the fewest rows moved, counted by rowids (a close estimate)
    tight = [at for at in places if not fits(at)]
    k = min(range(len(tight) + 1), key=lambda k: (tight[k - 1] - low + 1 if k else 0) + (top + 1 - tight[k] if k < len(tight) else 0))
    down_to = tight[k - 1] if k else None
    up_from = tight[k] if k < len(tight) else None
    down = [at for at in places if down_to is not None and at <= down_to]
    up = [at for at in places if up_from is not None and at >= up_from]
    moved = 0
    if down_to is not None:
        moved += conn.execute(f"SELECT count(*) FROM [{name}] WHERE rowid < ?", (down_to,)).fetchone()[0]
    if up_from is not None:
        moved += conn.execute(f"SELECT count(*) FROM [{name}] WHERE rowid >= ? AND rowid <= ?", (up_from, top)).fetchone()[0]
    moves: list[tuple[int, int]] = []  # (new row, its rowid)
    for at in places:
        if at in down or at in up:
            continue
        rows = groups[at]
        start = before[at] + 1 if before[at] is not None else at - len(rows)
        moves += [(row, start + i) for i, row in enumerate(rows)]
    conn.executemany(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid = ?", [(STAGED, row) for row in new])
    if down:  # old rows before the last of these places move down
        rest = [(at, row) for at in down for row in groups[at]]
        n = len(rest)
        moves += [(row, at - (n - j)) for j, (at, row) in enumerate(rest)]
        # old row r moves down by the number of new rows whose place is after it
        taken = 0
        for i, at in enumerate(down):
            if i == 0:
                conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid < ?", (n + BIG, at))
            else:
                conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid >= ? AND rowid < ?", (n - taken + BIG, down[i - 1], at))
            taken += len(groups[at])
        conn.execute(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid BETWEEN ? AND ?", (BIG, -3 * BIG, -(BIG // 2)))
    if up:  # old rows from the first of these places on move up
        rest = [(at, row) for at in up for row in groups[at]]
        moves += [(row, at + j) for j, (at, row) in enumerate(rest)]
        # old row r moves up by the number of new rows whose place is at or before it
        for i, at in enumerate(up):
            shift = sum(len(groups[a]) for a in up[: i + 1])
            end = up[i + 1] if i + 1 < len(up) else top + 1
            conn.execute(f"UPDATE [{name}] SET rowid = rowid + ? WHERE rowid >= ? AND rowid < ? AND rowid <= ?", (shift + BIG, at, end, top))
        conn.execute(f"UPDATE [{name}] SET rowid = rowid - ? WHERE rowid BETWEEN ? AND ?", (BIG, BIG // 2, 3 * BIG))
    conn.executemany(f"UPDATE [{name}] SET rowid = ? WHERE rowid = ?", [(to, STAGED + row) for row, to in moves])
    return moved
