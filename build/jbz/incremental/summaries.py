"""The summary tables updated where a change reaches them (the groups of the
changed letters, their meetings, and meetings or EU files whose row changed)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..database import sql_value
from ..schema import table

# A summary table is a set of groups (per letter, meeting, agenda item or entity) in the order of its
# SQL. After a change only the groups the changed letters and cross-letter rows reach are made
# again: their old rows are read (with their place in the order) before the letters' rows change, their
# new rows made by the summary's own SQL with one more condition (`scope`), and
# - when the new rows have the same sort keys as the old ones (a change that moves no row), the old
#   rows are updated where they are;
# - else the old rows are deleted, the new ones inserted, and the table put back in order from the
#   first place without room for the new rows (found by bisection on the rowids: the rows before it
#   stay; the rows after it move up).
# The keys that name the groups reached are in temp tables: jbz_l (changed and removed letters),
# jbz_l2 (those and the letters of a changed meeting), jbz_md / jbz_ed (meetings / EU files whose
# row changed), jbz_mt (jbz_md and the meetings of the changed letters' rows; '' for NULL), jbz_items
# (agenda items of eu_file_thread's rows reached). A spec is used only for the SQL it was written
# for (`sql_sha256`, first 12 hex digits): a summary whose SQL changed is made again whole.
# summary_mentions sums over letters (every distinct count counts ids of one letter): it is updated
# by adding the changed letters' new counts and taking off their old ones.


@dataclass(frozen=True)
class _Partial:
    sql_sha256: str
    scope: str  # condition over the SQL's own tables: the source rows of the groups reached
    rows: str  # the same groups, over the summary's columns (and the letters' rows before they change)
    key: str  # the SQL's order, over the summary's columns (alias t, and `join`: a parent row the summary leaves out)
    join: str = ""


_MT = "(coalesce({col}, '') IN temp.jbz_mt)"


# the rows of the meetings in jbz_mt ('' for NULL) by the index on meeting_id (partial: NOT NULL), the rows
# without a meeting only when '' is there; `meeting_id IN … OR meeting_id IS NULL …` read the whole table
_BY_MEETING = ("{alias}.rowid IN (SELECT rowid FROM {table} WHERE meeting_id IN temp.jbz_mt "
               "UNION ALL SELECT rowid FROM {table} WHERE meeting_id IS NULL AND '' IN temp.jbz_mt)")


PARTIAL_SUMMARIES = {
    "eu_file_thread": _Partial(
        "3c86ea0a2244", "a.id IN temp.jbz_items",
        "agenda_letter_id IN temp.jbz_l OR report_letter_id IN temp.jbz_l OR meeting_id IN temp.jbz_md OR eu_file_id IN temp.jbz_ed",
        "t.meeting_date, t.eu_file_id, coalesce(t.agenda_letter_id, t.report_letter_id), k.ordinal",
        "LEFT JOIN agenda_items k ON k.id = coalesce(t.agenda_item_id, t.report_item_id)"),
    "summary_positions_per_meeting": _Partial(
        "f194ab85cc52", _BY_MEETING.format(alias="p", table="positions"), _MT.format(col="meeting_id"),
        "t.meeting_date, t.eu_file_id, t.stance, t.meeting_id"),
    "summary_mentions_per_item": _Partial(
        "70099abca026", "(a.letter_id IN temp.jbz_l OR a.meeting_id IN temp.jbz_md)",
        "agenda_item_id IN (SELECT id FROM agenda_items WHERE letter_id IN temp.jbz_l) OR meeting_id IN temp.jbz_md",
        "t.meeting_date DESC, k.letter_id, k.ordinal, t.entity, t.entity_id, t.entity_kind", "LEFT JOIN agenda_items k ON k.id = t.agenda_item_id"),
    "summary_items_per_meeting": _Partial(
        "35986397882e", _BY_MEETING.format(alias="a", table="agenda_items"), _MT.format(col="meeting_id"),
        "t.meeting_date, t.doc_kind, t.section, t.decision_type, t.meeting_id"),
    "summary_citations_per_letter": _Partial(
        "527e1e4aae36", "l.id IN temp.jbz_l2", "letter_id IN temp.jbz_l2", "t.sort_date, t.letter_id, t.kind"),
    "summary_parts_per_letter": _Partial(
        "d0bef6a91135", "l.id IN temp.jbz_l2", "letter_id IN temp.jbz_l2", "t.sort_date, t.letter_id, t.part"),
}


SUMMED_SUMMARY = ("summary_mentions", "14ccbbab0d28")


_MENTION_COUNTS = ("SELECT entity_kind, entity_id, entity, count(DISTINCT letter_id), count(DISTINCT agenda_item_id), "
                   "count(DISTINCT paragraph_id), sum(count), count(*) - count(count) FROM {source} "
                   "WHERE {where} GROUP BY entity_kind, entity_id, entity")


FEW_LETTERS = 100  # up to this many changed letters their mentions are read letter by letter


def _mention_counts(conn, letters: int) -> list:
    """`_MENTION_COUNTS` of the letters in jbz_l (`letters` of them). Left to
    itself SQLite reads every subject mention (by the index on `role` or
    `entity_kind`: 0.05 s at 2,000 letters, twice per update); for a few
    letters their mentions are read through the index on `letter_id`
    instead (CROSS JOIN keeps jbz_l the outer loop; `+role` keeps the role
    index out): the same rows, a millisecond or less."""
    if letters <= FEW_LETTERS:
        sql = _MENTION_COUNTS.format(source="temp.jbz_l l CROSS JOIN mentions ON mentions.letter_id = l.id", where="+role = 'subject'")
    else:
        sql = _MENTION_COUNTS.format(source="mentions", where="role = 'subject' AND letter_id IN temp.jbz_l")
    return conn.execute(sql).fetchall()


def _values_of(key: str) -> str:
    """An ORDER BY list as a select list (without DESC / ASC)."""
    return re.sub(r"\s+(?:DESC|ASC)\b", "", key)


def _sql_id(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()[:12]


def _scoped(sql: str, condition: str) -> str:
    """The summary's SQL with one more condition in its main WHERE (the
    `where` that starts a line before its `group by` / `order by`)."""
    found = re.search(r"\n(?:group|order) by ", sql)
    head, tail = (sql[: found.start()], sql[found.start() :]) if found else (sql, "")
    at = head.rfind("\nwhere ")
    head = f"{head[:at]}\nwhere ({head[at + 7:]}) and ({condition})" if at >= 0 else f"{head}\nwhere {condition}"
    return head + tail


def _fill(conn, name: str, values) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS [{name}] (id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.[{name}]")
    conn.executemany(f"INSERT OR IGNORE INTO temp.[{name}] VALUES (?)", [(v,) for v in values])


class SummaryUpdate:
    """The summary tables of one update: `before` (letters' rows not yet
    changed) reads what the update will replace, `after` writes the new rows."""

    def __init__(self, conn, summaries: dict[str, str], timings: dict):
        self.conn, self.timings = conn, timings
        self.sql = summaries
        self.partial = {name: spec for name, spec in PARTIAL_SUMMARIES.items() if name in summaries and _sql_id(summaries[name]) == spec.sql_sha256}
        summed = SUMMED_SUMMARY[0]
        self.summed = summed in summaries and _sql_id(summaries[summed]) == SUMMED_SUMMARY[1]
        self.old: dict[str, list] = {}
        self.old_counts: list = []
        self.letters = 0  # how many letters jbz_l holds

    def before(self, letters: set[str], meetings_changed: set, eu_files_changed: set, meetings_touched: set) -> None:
        conn = self.conn
        _fill(conn, "jbz_l", letters)
        _fill(conn, "jbz_md", meetings_changed)
        _fill(conn, "jbz_ed", eu_files_changed)
        _fill(conn, "jbz_mt", {"" if m is None else m for m in meetings_touched | meetings_changed})
        _fill(conn, "jbz_l2", letters)
        conn.execute("INSERT OR IGNORE INTO temp.jbz_l2 SELECT id FROM letters WHERE meeting_id IN temp.jbz_md")
        _fill(conn, "jbz_items", ())
        conn.execute("INSERT OR IGNORE INTO temp.jbz_items SELECT id FROM agenda_items WHERE letter_id IN temp.jbz_l "
                     "OR meeting_id IN temp.jbz_md OR eu_file_id IN temp.jbz_ed")
        conn.execute("INSERT OR IGNORE INTO temp.jbz_items SELECT id FROM agenda_items WHERE counterpart_id IN "
                     "(SELECT id FROM agenda_items WHERE letter_id IN temp.jbz_l)")
        for name, spec in self.partial.items():
            self.old[name] = conn.execute(f"SELECT t.rowid, {_values_of(spec.key)} FROM [{name}] t {spec.join} WHERE t.rowid IN (SELECT rowid FROM [{name}] WHERE {spec.rows}) ORDER BY t.rowid").fetchall()
        if self.summed:
            self.old_counts = _mention_counts(conn, len(letters))

    def after(self, letters: set[str]) -> None:
        """The summary tables brought up to date (the letters' rows are); `letters`: jbz_l again (renamed letters' new ids)."""
        conn = self.conn
        self.letters = len(letters)
        _fill(conn, "jbz_l", letters)
        conn.execute("INSERT OR IGNORE INTO temp.jbz_l2 SELECT id FROM temp.jbz_l")
        conn.execute("INSERT OR IGNORE INTO temp.jbz_items SELECT id FROM agenda_items WHERE letter_id IN temp.jbz_l "
                     "OR meeting_id IN temp.jbz_md OR eu_file_id IN temp.jbz_ed")
        conn.execute("INSERT OR IGNORE INTO temp.jbz_items SELECT id FROM agenda_items WHERE counterpart_id IN "
                     "(SELECT id FROM agenda_items WHERE letter_id IN temp.jbz_l)")
        order = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid") if r[0] in self.sql]
        for name in order:  # in the order the full build made them
            if name in self.partial:
                self._partial(name, self.partial[name])
            elif name == SUMMED_SUMMARY[0] and self.summed and self._summed(name):
                pass
            else:
                conn.execute(f"DELETE FROM [{name}]")
                conn.execute(f"INSERT INTO [{name}] {self.sql[name]}")
                continue
            self.timings["summaries_partial"] = self.timings.get("summaries_partial", 0) + 1
        for name in ("jbz_l", "jbz_l2", "jbz_md", "jbz_ed", "jbz_mt", "jbz_items"):
            conn.execute(f"DROP TABLE temp.[{name}]")

    def _partial(self, name: str, spec: _Partial) -> None:
        conn = self.conn
        old = self.old[name]
        conn.execute(f"CREATE TEMP TABLE jbz_new AS SELECT * FROM ({_scoped(self.sql[name], spec.scope)})")
        try:
            new_keys = conn.execute(f"SELECT {_values_of(spec.key)} FROM temp.jbz_new t {spec.join} ORDER BY {spec.key}").fetchall()
            if [tuple(r[1:]) for r in old] == [tuple(r) for r in new_keys]:  # no row moves: update them where they are
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]
                rows = conn.execute(f"SELECT t.* FROM temp.jbz_new t {spec.join} ORDER BY {spec.key}").fetchall()
                conn.executemany(f"UPDATE [{name}] SET ({', '.join(f'[{c}]' for c in cols)}) = ({', '.join('?' * len(cols))}) WHERE rowid = ?",
                                 [(*row, r[0]) for row, r in zip(rows, old)])
                self.timings["summaries_in_place"] = self.timings.get("summaries_in_place", 0) + 1
                return
            gone = [r[0] for r in old]
            for i in range(0, len(gone), 500):
                part = gone[i : i + 500]
                conn.execute(f"DELETE FROM [{name}] WHERE rowid IN ({', '.join('?' * len(part))})", part)
            top = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM [{name}]").fetchone()[0]
            conn.execute(f"INSERT INTO [{name}] SELECT * FROM temp.jbz_new")
        finally:
            conn.execute("DROP TABLE temp.jbz_new")
        if new_keys:
            self._reorder(name, spec, top)

    def _reorder(self, name: str, spec: _Partial, top: int) -> None:
        """Rows above rowid `top` are new: each given the rowid of its place in
        the order of `spec.key`, moving as few old rows as it can (`jbz.incremental.summary_order`)."""
        from .summary_order import reorder

        moved = reorder(self.conn, name, spec.key, spec.join, top)
        if moved:
            self.timings[f"summary_moved_{name}"] = self.timings.get(f"summary_moved_{name}", 0) + moved

    def _summed(self, name: str) -> bool:
        """summary_mentions: its rows plus the changed letters' new counts less
        their old ones, in its order; False (to be made whole) when a count is NULL."""
        conn = self.conn
        new_counts = _mention_counts(conn, self.letters)
        if any(r[7] for r in self.old_counts + new_counts):
            return False
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]
        if cols != ["entity_kind", "entity_id", "entity", "letters", "agenda_items", "paragraphs", "times_named"]:
            return False
        rows = {tuple(r[:3]): list(r[3:]) for r in conn.execute(f"SELECT * FROM [{name}]")}
        for counts, sign in ((self.old_counts, -1), (new_counts, 1)):
            for r in counts:
                row = rows.setdefault(tuple(r[:3]), [0, 0, 0, 0])
                for i in range(4):
                    row[i] += sign * r[3 + i]
        conn.execute(f"CREATE TEMP TABLE jbz_sum AS SELECT * FROM [{name}] LIMIT 0")
        conn.executemany("INSERT INTO temp.jbz_sum VALUES (?, ?, ?, ?, ?, ?, ?)", [(*k, *v) for k, v in rows.items() if v[0] > 0])
        conn.execute(f"DELETE FROM [{name}]")
        conn.execute(f"INSERT INTO [{name}] SELECT * FROM temp.jbz_sum ORDER BY times_named DESC, entity, entity_id, entity_kind")
        conn.execute("DROP TABLE temp.jbz_sum")
        return True


MEETING_TABLES = ("letters", "agenda_items", "positions")  # per-letter tables whose meeting_id the summaries group by


def _meetings_of(conn, letters: set[str]) -> set:
    """The meeting ids of these letters' rows in MEETING_TABLES (None for a row without one)."""
    found: set = set()
    listed = sorted(letters)
    for i in range(0, len(listed), 500):
        part = listed[i : i + 500]
        marks = ", ".join("?" * len(part))
        for name in MEETING_TABLES:
            col = "id" if name == "letters" else "letter_id"
            found.update(r[0] for r in conn.execute(f"SELECT DISTINCT meeting_id FROM [{name}] WHERE [{col}] IN ({marks})", part))
    return found


# the columns of the cross-letter tables that the summary tables read (a change elsewhere in their rows reaches none)
SUMMARY_READS = {"meetings": ("id", "start_date", "label", "year"), "eu_files": ("id", "name_nl")}


def _changed_keys(conn, name: str, cross: dict[str, list[dict]]) -> set:
    """Primary keys of the rows of cross-letter table `name` that the update
    adds or removes, or changes in a column of SUMMARY_READS."""
    if name not in cross:
        return set()
    t = table(name)
    (pk,) = t.primary_key
    cols = [c for c in t.columns if c.name in SUMMARY_READS[name]]
    at = [c.name for c in cols].index(pk)
    old = {r[at]: tuple(r) for r in conn.execute(f"SELECT {', '.join(f'[{c.name}]' for c in cols)} FROM [{name}]")}
    new = {row[pk]: tuple(sql_value(row.get(c.name), c) for c in cols) for row in cross[name]}
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
