"""Incremental outputs: after adding, changing or removing a few letters,
update the previous build's database and CSVs instead of writing them anew.

What makes it possible (see `Links.view`): a letter's finished rows are a
function of its source (the parse cache key, its SHA-256) and its *link
view*, the small value that says what linking across letters decided for it
(final id, linked letters columns, person ids, EU files, citation targets).
A letter whose source and view are unchanged has unchanged rows. The build
records, per letter, that fingerprint (the view as its digest) and where its rows are in the outputs
(`outputs.state` in the parse cache folder):

- CSVs: the byte range of the letter's rows in each `data/<table>.csv`. A
  table's new file is the old file's bytes for unchanged letters (copied in
  runs) with the changed letters' rows rendered anew, in the same letter
  order a full build writes, so the file is byte-identical to a full
  build's. The tables made across letters (meetings, people, data issues,
  documents, EU files, reference tables) are small and rendered whole.
  Tables no letter change touches are left as they are.
- Database: the rowids of the letter's rows in each table. The update
  deletes the changed and removed letters' rows (and their full-text
  entries, with FTS5's 'delete' command), inserts their new rows, replaces
  the cross-letter tables that changed, updates the summary tables where
  the change reaches them (see `SummaryUpdate`), the search vocabulary, `_build_info` and the statistics of the tables it
  touched, and checks the foreign keys where rows changed. Its content is the
  same as a full build's (every table row for row, in primary-key order; the
  summary tables and the vocabulary in row order); its bytes and rowids are
  not (new rows get new rowids), and neither is `sqlite_stat4`, whose
  samples name rowids; `sqlite_stat1` is the same while a table has fewer
  rows than `database.ANALYSIS_LIMIT`, above that both builds' statistics
  are estimates read from the pages as they lie and may differ a little.
  tests/test_incremental.py compares all of it on the five letters.

The database is never changed where the site reads it: the update works on
a *spare* copy (the database of the build before, kept in the cache folder
as a second name of that file), staged and renamed into place like every
output (`jbz.atomic_output`); the database it replaces becomes the next
spare. A spare costs the disk space of one database. Without a usable spare
(first incremental build, a failed build) the live database is copied
first. When too many letters changed, or anything about the previous outputs
is not as the state says, the outputs are written in full.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .database import BUILD_INFO_TABLE, _insert_sql, _values, packed_letters, shared_texts, sort_key, sql_value
from .database import ANALYSIS_LIMIT, TERMS_TABLE
from .package import cell
from .schema import SHARED, TABLES, table

Tables = dict[str, list[dict]]
STATE_FORMAT = 2  # 2: link views kept as digests
STATE_NAME = "outputs.state"
SPARE_NAME = "spare.db"
MAX_CHANGED_SHARE = 0.25  # more changed letters than this share (and MIN_CHANGED): write everything anew (faster then)
MIN_CHANGED = 16
CHUNK = 1 << 20


# --- small helpers -------------------------------------------------------------------------------


class Clock:
    """Seconds of each step, wall clock and this process's CPU (`cpu_<step>`)."""

    def __init__(self, timings: dict):
        self.timings = timings
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, step: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[step] = self.timings.get(step, 0.0) + wall - self.wall
        self.timings[f"cpu_{step}"] = self.timings.get(f"cpu_{step}", 0.0) + cpu - self.cpu
        self.wall, self.cpu = wall, cpu


def signature(path: Path, ctime: bool = False) -> tuple | None:
    """What identifies a file's bytes without reading them: (device, inode,
    size, mtime), and with `ctime` its change time too (for letter files,
    which a tool may rewrite keeping the mtime; not for outputs: giving the
    database its spare name changes its ctime, not its bytes)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) + ((st.st_ctime_ns,) if ctime else ())


class Hashes:
    """SHA-256 of files, remembered by `signature`, so an output file that was
    not rewritten is not read again to give its checksum."""

    def __init__(self, known: dict | None = None):
        self.known: dict = dict(known or {})
        self.used: dict = {}

    def sha256(self, path: Path) -> str:
        sig = signature(path)
        digest = self.known.get(sig) if sig else None
        if digest is None:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(CHUNK), b""):
                    h.update(block)
            digest = h.hexdigest()
        if sig:
            self.known[sig] = self.used[sig] = digest
        return digest

    def add(self, path: Path, digest: str) -> None:
        sig = signature(path)
        if sig:
            self.known[sig] = digest


HASHES = Hashes()  # read by jbz.site for the downloads manifest


def inspect_data(db_path: Path, digest=None) -> dict:
    """What `datasette inspect` writes for one database (hash, size, file,
    table counts), computed here instead of in a second Python process.
    `digest`: the file's SHA-256, or a future of it (the tables are counted
    while it is worked out), or None to work it out here."""
    from .database import sqlite3

    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        counts = {}
        for name in names:
            try:
                counts[name] = conn.execute(f"select count(*) from [{name}]").fetchone()[0]
            except Exception:  # noqa: BLE001 - as datasette: a table it cannot count has no count
                counts[name] = None
    finally:
        conn.close()
    return {db_path.stem: {
        "hash": (digest.result() if hasattr(digest, "result") else digest) or HASHES.sha256(db_path), "size": db_path.stat().st_size, "file": str(db_path),
        "tables": {name: {"count": count} for name, count in counts.items()},
    }}


def write_inspect_file(db_path: Path, inspect_path: Path) -> None:
    """`datasette inspect`'s file (same JSON), written in this process."""
    Path(inspect_path).write_text(json.dumps(inspect_data(db_path), indent=2), encoding="utf-8")


def _state_path(cache_dir: Path) -> Path:
    from .cache import parser_version

    return Path(cache_dir) / parser_version() / STATE_NAME


def load_state(cache_dir: Path) -> dict | None:
    try:
        with _state_path(cache_dir).open("rb") as f:
            state = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    return state if isinstance(state, dict) and state.get("format") == STATE_FORMAT else None


def save_state(cache_dir: Path, state: dict) -> None:
    path = _state_path(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def drop_state(cache_dir: Path) -> None:
    _state_path(cache_dir).unlink(missing_ok=True)


def spare_path(cache_dir: Path) -> Path:
    return _state_path(cache_dir).with_name(SPARE_NAME)


# --- CSVs ------------------------------------------------------------------------------------------

LETTER_TABLES = None  # per-letter tables, in schema order (set lazily: jbz.link imports jbz.schema)


def letter_tables() -> list[str]:
    from .link.core import CROSS_LETTER_TABLES

    global LETTER_TABLES
    if LETTER_TABLES is None:
        from .reference import reference_tables

        cross = set(CROSS_LETTER_TABLES) | set(reference_tables())
        LETTER_TABLES = [t.name for t in TABLES if t.name not in cross]
    return LETTER_TABLES


def csv_bytes(name: str, rows: list[dict], header: bool = False) -> bytes:
    """Rows of one table as CSV bytes (rows sorted by primary key), as `jbz.package` writes them."""
    t = table(name)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(t.column_names)
    writer.writerows([cell(row.get(c.name), c) for c in t.columns] for row in sorted(rows, key=lambda r: sort_key(t, r)))
    return buf.getvalue().encode("utf-8")


class _TableFile:
    """One CSV being written: bytes in, offsets and SHA-256 kept; runs of
    bytes copied from the previous file are merged and copied in blocks."""

    def __init__(self, path: Path, previous: Path | None):
        self.path = path
        self.f = path.open("wb")
        self.prev = previous.open("rb") if previous is not None else None
        self.sha = hashlib.sha256()
        self.pos = 0
        self.run: list[int] | None = None  # [start, length] in the previous file, not yet copied

    def write(self, data: bytes) -> tuple[int, int]:
        self.flush()
        start = self.pos
        if data:
            self.f.write(data)
            self.sha.update(data)
            self.pos += len(data)
        return start, len(data)

    def copy(self, start: int, length: int) -> tuple[int, int]:
        at = self.pos + (self.run[1] if self.run else 0)
        if self.run and self.run[0] + self.run[1] == start:
            self.run[1] += length
        else:
            self.flush()
            self.run = [start, length]
            at = self.pos
        return at, length

    def flush(self) -> None:
        if not self.run:
            return
        start, length = self.run
        self.run = None
        self.prev.seek(start)
        while length:
            block = self.prev.read(min(CHUNK, length))
            if not block:
                raise OSError(f"{self.prev.name}: shorter than the build state says")
            self.f.write(block)
            self.sha.update(block)
            self.pos += len(block)
            length -= len(block)

    def close(self) -> str:
        self.flush()
        self.f.close()
        if self.prev is not None:
            self.prev.close()
        return self.sha.hexdigest()


def write_csvs(letters, cross: Tables, data: Path, previous: dict | None = None, prev_data: Path | None = None,
               only: set[str] | None = None) -> dict:
    """`data/<table>.csv.tmp` for the tables in `only` (default all): the
    letters' rows in the order given, then the cross-letter tables.
    `letters` yields (final id, finished rows, or None for a letter whose rows
    are unchanged since the build `previous` describes: copied from the CSVs
    in `prev_data`). Returns the CSV part of the build state: per table the
    byte range of each letter's rows, each letter's first and last key, the
    tables whose rows were not in primary-key order (written again from the
    database by the caller), and each file's SHA-256."""
    data.mkdir(parents=True, exist_ok=True)
    names = [t.name for t in TABLES if only is None or t.name in only]
    per_letter = [n for n in letter_tables() if n in names]
    files: dict[str, _TableFile] = {}
    segments: dict[str, dict[str, tuple[int, int]]] = {n: {} for n in per_letter}
    keys: dict[str, dict[str, tuple]] = {}
    last: dict[str, tuple] = {}
    out_of_order: set[str] = set()
    try:
        for name in names:
            prev_file = prev_data / f"{name}.csv" if previous is not None and name in per_letter else None
            files[name] = _TableFile(data / f"{name}.csv.tmp", prev_file)
            files[name].write(csv_bytes(name, [], header=True))
        for fid, records in letters:
            if records is None:
                old_keys = previous["keys"][fid]
                keys[fid] = old_keys
                for name in per_letter:
                    seg = previous["segments"][name].get(fid)
                    if seg:
                        segments[name][fid] = files[name].copy(*seg)
                        first, final = old_keys[name]
                        if name in last and first <= last[name]:
                            out_of_order.add(name)
                        last[name] = final
                continue
            keys[fid] = {}
            for name in per_letter:
                rows = records.get(name)
                if not rows:
                    continue
                t = table(name)
                rows = sorted(rows, key=lambda r: sort_key(t, r))
                first, final = sort_key(t, rows[0]), sort_key(t, rows[-1])
                keys[fid][name] = (first, final)
                if name in last and first <= last[name]:
                    out_of_order.add(name)
                last[name] = final
                segments[name][fid] = files[name].write(csv_bytes(name, rows))
        for name, rows in cross.items():
            if name in files:
                files[name].write(csv_bytes(name, rows))
    finally:
        digests = {name: f.close() for name, f in files.items()}
    return {"segments": segments, "keys": keys, "out_of_order": sorted(out_of_order), "sha256": digests}


# --- database --------------------------------------------------------------------------------------


def _fts(name: str) -> tuple[str, str] | None:
    t = table(name)
    if not t.search_columns:
        return None
    return f"{name}_fts", ", ".join(f"[{c}]" for c in t.search_columns)


def _insert(conn, name: str, rows: list[dict]) -> None:
    t = table(name)
    names = set(t.column_names)
    unknown = sorted(set().union(*rows) - names)  # every row's keys, gathered in C
    if unknown:
        raise ValueError(f"{name}: columns not in jbz.schema: {', '.join(unknown)}")
    conn.executemany(_insert_sql(t), _values(t, rows))  # as the full build: in key order, arrays and booleans as stored


def _replace_rows(conn, name: str, rows: list[dict]) -> tuple[int, list]:
    """Cross-letter table `name` made to hold `rows`, changing only what
    differs: rows that went or changed are deleted, new and changed rows
    inserted (in key order, after the others), the rest stay (one letter
    added adds one `documents` row; writing the table anew rewrote 2,000).
    Rows are compared as stored. Returns (the rowid after which rows are
    new, the deleted rows' values in column order)."""
    t = table(name)
    names = t.column_names
    known = set(names)
    unknown = sorted(set().union(*rows) - known)  # every row's keys, gathered in C
    if unknown:
        raise ValueError(f"{name}: columns not in jbz.schema: {', '.join(unknown)}")
    old = {tuple(r[1:]): r[0] for r in conn.execute(f"SELECT rowid, {', '.join(f'[{c}]' for c in names)} FROM [{name}]")}
    kept, added = set(), []
    new = [tuple(values) for values in _values(t, rows)]  # in key order
    for values in new:
        rowid = old.get(values)
        if rowid is None or rowid in kept:
            added.append(values)
        else:
            kept.add(rowid)
    gone = [(values, rowid) for values, rowid in old.items() if rowid not in kept]
    if len(gone) > len(old) // 2:  # most rows changed (data issues renumbered): written anew, as cheap
        conn.execute(f"DELETE FROM [{name}]")
        conn.executemany(_insert_sql(t), new)
        return 0, list(old)
    for i in range(0, len(gone), 500):
        part = [rowid for _, rowid in gone[i : i + 500]]
        conn.execute(f"DELETE FROM [{name}] WHERE rowid IN ({', '.join('?' * len(part))})", part)
    top = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM [{name}]").fetchone()[0]
    conn.executemany(_insert_sql(t), added)
    return top, [values for values, _ in gone]


def _update_shared(conn, texts: dict[str, dict[int, str]], uses: dict[str, dict[int, int]]) -> set[str]:
    """The shared tables (schema.SHARED) after rows pointing to their texts were
    deleted and added: `texts` (table -> id -> text) of the rows added, `uses` the
    change in the number of rows pointing to each id; a text no row points to any
    more is dropped. ValueError when an id of `texts` is another text's. Returns
    the tables that changed."""
    changed_tables = set()
    for sh in SHARED:
        new, delta = texts.get(sh.table, {}), uses.get(sh.table, {})
        ids = sorted(new)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for sid, text in conn.execute(f"SELECT id, [{sh.text_column}] FROM [{sh.table}] WHERE id IN ({', '.join('?' * len(part))})", part):
                if text != new[sid]:
                    raise ValueError(f"{sh.table}: {text!r} and {new[sid]!r} have the same id {sid}")
        conn.executemany(f"INSERT OR IGNORE INTO [{sh.table}] VALUES (?, ?, 0)", sorted(new.items()))
        changed = [(n, i) for i, n in sorted(delta.items()) if n]
        conn.executemany(f"UPDATE [{sh.table}] SET [{sh.uses}] = [{sh.uses}] + ? WHERE id = ?", changed)
        conn.executemany(f"DELETE FROM [{sh.table}] WHERE id = ? AND [{sh.uses}] <= 0", [(i,) for _, i in changed])
        if changed:
            changed_tables.add(sh.table)
    return changed_tables


# --- summary tables, updated where a change reaches them ------------------------------------------
#
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
        the order of `spec.key`, moving as few old rows as it can (`jbz.summary_order`)."""
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


def _foreign_keys() -> list[tuple[str, str, str, str]]:
    """(child table, column, parent table, parent column) of every foreign key in jbz.schema."""
    return [(t.name, c.name, *c.foreign_key.split(".")) for t in TABLES for c in t.columns if c.foreign_key]


def _check_foreign_keys(conn, new_from: dict[str, int], gone: dict[str, set]) -> list[str]:
    """What `PRAGMA foreign_key_check` would find, looking only where an
    update can break a key (the database was whole before it): the new rows
    of each table (rowid above `new_from[table]`) must find their parents,
    and no row may point at a key that is gone (`gone[parent table]`)."""
    problems = []
    for child, col, parent, pcol in _foreign_keys():
        if child in new_from:
            for value, rowid in conn.execute(
                f"SELECT [{col}], c.rowid FROM [{child}] c WHERE c.rowid > ? AND [{col}] IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM [{parent}] p WHERE p.[{pcol}] = c.[{col}])", (new_from[child],)
            ):
                problems.append(f"{child}.{col} = {value!r} (rowid {rowid}) not in {parent}.{pcol}")
        keys = sorted(gone.get(parent, ()))
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            for value, rowid in conn.execute(
                f"SELECT [{col}], rowid FROM [{child}] WHERE [{col}] IN ({', '.join('?' * len(part))})", part
            ):
                problems.append(f"{child}.{col} = {value!r} (rowid {rowid}) not in {parent}.{pcol}")
    return problems


class _TermsUpdate:
    """`search_terms` after an update, from the words of the rows it deleted
    and inserted: each word of the inserted rows is in it; a word of the
    deleted rows that is in it stays when a row of a full-text index still
    has it (a phrase query for the word, LIMIT 1, then FTS5's vocabulary for
    that word, which must agree). The words of those rows are read by
    indexes of their own (temp, the same tokenizer), so the whole vocabulary
    of the big indexes is not read (`_refresh_terms`, the fallback, reads it)."""

    def __init__(self, conn):
        from .database import FTS_TOKENIZE

        self.conn = conn
        self.how = "unchanged"
        for part in ("gone", "added"):
            conn.execute(f"CREATE VIRTUAL TABLE temp.[jbz_{part}] USING fts5(text, tokenize='{FTS_TOKENIZE}')")

    def _copy(self, part: str, name: str, where: str, args: tuple) -> None:
        for col in table(name).search_columns:
            self.conn.execute(f"INSERT INTO temp.[jbz_{part}](text) SELECT [{col}] FROM [{name}] WHERE {where} AND [{col}] IS NOT NULL", args)

    def gone(self, name: str, first: int, last: int) -> None:
        """Rows `first`..`last` of `name` are about to be deleted."""
        self._copy("gone", name, "rowid BETWEEN ? AND ?", (first, last))

    def added(self, name: str, after: int) -> None:
        """The rows of `name` above rowid `after` were inserted."""
        self._copy("added", name, "rowid > ?", (after,))

    def _words(self, part: str) -> set[str]:
        conn = self.conn
        conn.execute(f"CREATE VIRTUAL TABLE temp.[jbz_{part}_vocab] USING fts5vocab(temp, [jbz_{part}], 'row')")
        try:
            return {r[0] for r in conn.execute(f"SELECT term FROM temp.[jbz_{part}_vocab]")}
        finally:
            conn.execute(f"DROP TABLE temp.[jbz_{part}_vocab]")

    def refresh(self) -> bool:
        """The vocabulary brought up to date; True when it changed."""
        conn = self.conn
        try:
            added, gone = self._words("added"), self._words("gone")
            old = [r[0] for r in conn.execute(f"SELECT term FROM [{TERMS_TABLE}] ORDER BY rowid")]
            have = set(old)
            if len(have) != len(old) or old != sorted(old):
                self.how = "read again"
                return _refresh_terms(conn)  # not as a build leaves it: made again from the indexes
            indexes = [f"{t.name}_fts" for t in TABLES if t.search_columns]
            lost = set()
            for term in sorted((gone - added) & have):
                phrase = '"' + term.replace('"', '""') + '"'
                if any(conn.execute(f"SELECT 1 FROM [{fts}] WHERE [{fts}] MATCH ? LIMIT 1", (phrase,)).fetchone() for fts in indexes):
                    continue
                lost.add(term)
            if lost:
                for t in TABLES:
                    if t.search_columns:
                        conn.execute(f"CREATE VIRTUAL TABLE temp.[{t.name}_vocab] USING fts5vocab(main, [{t.name}_fts], 'row')")
                try:
                    still = [term for term in sorted(lost) if any(conn.execute(
                        f"SELECT 1 FROM temp.[{t.name}_vocab] WHERE term = ?", (term,)).fetchone() for t in TABLES if t.search_columns)]
                finally:
                    for t in TABLES:
                        if t.search_columns:
                            conn.execute(f"DROP TABLE temp.[{t.name}_vocab]")
                if still:  # the phrase query and the vocabulary disagree: trust neither
                    self.how = "read again"
                    return _refresh_terms(conn)
            new = sorted((have - lost) | added)  # code point order: SQLite's (BINARY, UTF-8 bytes) order too
            self.how = f"+{len(set(new) - have)} -{len(lost)}"
            if new == old:
                return False
            conn.execute(f"DELETE FROM [{TERMS_TABLE}]")
            conn.executemany(f"INSERT INTO [{TERMS_TABLE}](term) VALUES (?)", [(term,) for term in new])
            conn.execute(f"INSERT INTO [{TERMS_TABLE}_fts]([{TERMS_TABLE}_fts]) VALUES ('rebuild')")
            return True
        finally:
            for part in ("gone", "added"):
                conn.execute(f"DROP TABLE temp.[jbz_{part}]")


def _refresh_terms(conn) -> bool:
    """`search_terms` (every word of the full-text indexes once, in sorted
    order) and its trigram index made again when the words changed; True then."""
    vocab = []
    for t in TABLES:
        if t.search_columns:
            conn.execute(f"CREATE VIRTUAL TABLE temp.[{t.name}_vocab] USING fts5vocab(main, [{t.name}_fts], 'row')")
            vocab.append(f"SELECT term FROM temp.[{t.name}_vocab]")
    try:
        new = [r[0] for r in conn.execute(f"{' UNION '.join(vocab)} ORDER BY 1")] if vocab else []
    finally:
        for t in TABLES:
            if t.search_columns:
                conn.execute(f"DROP TABLE temp.[{t.name}_vocab]")
    if new == [r[0] for r in conn.execute(f"SELECT term FROM [{TERMS_TABLE}] ORDER BY rowid")]:
        return False
    conn.execute(f"DELETE FROM [{TERMS_TABLE}]")
    conn.executemany(f"INSERT INTO [{TERMS_TABLE}](term) VALUES (?)", [(term,) for term in new])
    conn.execute(f"INSERT INTO [{TERMS_TABLE}_fts]([{TERMS_TABLE}_fts]) VALUES ('rebuild')")
    return True


def update_database(path: Path, base: dict, changed: dict[str, Tables], removed: set[str], cross: dict[str, list[dict]],
                    build_info: dict[str, str] | None, timings: dict) -> dict[str, dict[str, tuple[int, int]]]:
    """Bring the database at `path` (whose letters' rows are where `base`
    says) up to date: `changed` letters (final id -> finished rows, in final
    id order) replace their old rows, `removed` letters lose theirs, the
    `cross` tables given replace theirs. Returns the rowid ranges of the
    changed letters' new rows."""
    from .database import _views_and_summaries, sqlite3

    clock = Clock(timings)
    conn = sqlite3.connect(str(path))
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -65536", "foreign_keys = OFF"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN")
        touched: set[str] = set()
        parents = {(parent, pcol) for _, _, parent, pcol in _foreign_keys()}
        _, summaries = _views_and_summaries()
        summary = SummaryUpdate(conn, summaries, timings)
        letters = set(changed) | removed
        terms = _TermsUpdate(conn)
        summary.before(letters, _changed_keys(conn, "meetings", cross), _changed_keys(conn, "eu_files", cross),
                       _meetings_of(conn, letters) | {r.get("meeting_id") for records in changed.values()
                                                      for name in MEETING_TABLES for r in records.get(name) or ()})
        clock.lap("db_summaries")
        old_keys: dict[str, set] = {}  # parent table -> keys of rows deleted or replaced
        new_from: dict[str, int] = {}  # table -> rowid after which its rows are new
        shared_texts_added: dict[str, dict[int, str]] = {}  # the shared tables' texts of the rows added
        shared_uses: dict[str, dict[int, int]] = {}  # and the change in the number of rows pointing to each
        for name in letter_tables():
            fts = _fts(name)
            pcol = next((c for p, c in parents if p == name), None)
            for fid in sorted(set(changed) | removed):
                first, n = base.get(fid, {}).get(name, (0, 0))
                if not n:
                    continue
                touched.add(name)
                if pcol:
                    old_keys.setdefault(name, set()).update(
                        r[0] for r in conn.execute(f"SELECT [{pcol}] FROM [{name}] WHERE rowid BETWEEN ? AND ?", (first, first + n - 1)))
                if fts:
                    terms.gone(name, first, first + n - 1)
                    conn.execute(f"INSERT INTO [{fts[0]}]([{fts[0]}], rowid, {fts[1]}) SELECT 'delete', rowid, {fts[1]} "
                                 f"FROM [{name}] WHERE rowid BETWEEN ? AND ?", (first, first + n - 1))
                for sh in SHARED:  # texts these rows point to: one use less each
                    tname, col = sh.column.split(".")
                    if tname != name:
                        continue
                    counts = shared_uses.setdefault(sh.table, {})
                    for sid, k in conn.execute(f"SELECT [{col}], count(*) FROM [{name}] WHERE rowid BETWEEN ? AND ? "
                                               f"AND [{col}] IS NOT NULL GROUP BY 1", (first, first + n - 1)):
                        counts[sid] = counts.get(sid, 0) - k
                deleted = conn.execute(f"DELETE FROM [{name}] WHERE rowid BETWEEN ? AND ?", (first, first + n - 1)).rowcount
                if deleted != n:
                    raise RuntimeError(f"{name}: {deleted} rows of {fid} where the build state says {n}")
        ranges: dict[str, dict[str, tuple[int, int]]] = {fid: {} for fid in changed}
        for name in letter_tables():
            start = top = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM [{name}]").fetchone()[0]
            new_from[name] = start
            for fid, records in changed.items():
                rows = (packed_letters(records) if name == "letters" else records.get(name)) or []  # sources stored packed
                if rows:
                    _insert(conn, name, rows)
                    ranges[fid][name] = (top + 1, len(rows))
                    top += len(rows)
                    touched.add(name)
                    shared_texts(table(name), rows, shared_texts_added, shared_uses)
            fts = _fts(name)
            if fts and top > start:
                conn.execute(f"INSERT INTO [{fts[0]}](rowid, {fts[1]}) SELECT rowid, {fts[1]} FROM [{name}] WHERE rowid > ?", (start,))
                terms.added(name, start)
        shared_touched = _update_shared(conn, shared_texts_added, shared_uses)
        clock.lap("db_rows")
        if any(_fts(name) for name in touched) and terms.refresh():
            touched.add(TERMS_TABLE)
        timings["terms"] = terms.how
        clock.lap("db_terms")
        for name, rows in cross.items():
            new_from[name], gone_rows = _replace_rows(conn, name, rows)
            pcol = next((c for p, c in parents if p == name), None)
            if pcol:
                at = table(name).column_names.index(pcol)
                old_keys.setdefault(name, set()).update(values[at] for values in gone_rows)
            touched.add(name)
        summary.after(letters)
        if build_info is not None:
            conn.execute(f"DELETE FROM [{BUILD_INFO_TABLE}]")
            conn.executemany(f"INSERT INTO [{BUILD_INFO_TABLE}] VALUES (?, ?)", sorted((k, str(v)) for k, v in build_info.items()))
        clock.lap("db_summaries")
        gone = {}
        for name, keys in old_keys.items():
            pcol = next(c for p, c in parents if p == name)
            found = set()
            listed = sorted(keys, key=str)
            for i in range(0, len(listed), 500):
                part = listed[i : i + 500]
                found.update(r[0] for r in conn.execute(f"SELECT [{pcol}] FROM [{name}] WHERE [{pcol}] IN ({', '.join('?' * len(part))})", part))
            gone[name] = keys - found
        problems = _check_foreign_keys(conn, new_from, gone)
        if problems:
            raise ValueError("foreign keys point nowhere: " + "; ".join(problems[:10]))
        clock.lap("db_check")
        analyze = set(touched) | set(summaries) | {BUILD_INFO_TABLE} | shared_touched
        for name in sorted(touched):
            fts = _fts(name) if name != TERMS_TABLE else (f"{TERMS_TABLE}_fts", "[term]")
            if fts:
                analyze |= {fts[0]} | {f"{fts[0]}_{part}" for part in ("data", "idx", "docsize", "config")}
        existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")  # as the full build (its statistics are estimates too)
        for name in sorted(analyze & existing):
            conn.execute(f"ANALYZE [{name}]")
        conn.commit()
        clock.lap("db_analyze")
    finally:
        conn.close()
    return ranges


# --- the whole output --------------------------------------------------------------------------------


def _fingerprints(parsed) -> tuple[list[str], dict[str, str], dict[str, tuple]]:
    """Final ids in output order, final id -> parse id, final id -> (source
    SHA-256, SHA-256 of the pickled link view). The view's digest, not the
    view: the build state stays small (it is read and written on every
    build). Equal views built alike pickle alike; should two equal views
    ever pickle apart, the letter is only written again."""
    order = parsed.links.order()
    fids = [parsed.links.final_id(lid) for lid in order]
    return fids, dict(zip(fids, order)), {
        fid: (parsed.keys.get(lid), hashlib.sha256(pickle.dumps(parsed.view(lid), protocol=5)).hexdigest()) for fid, lid in zip(fids, order)}


def cross_digest(name: str, rows: list[dict]) -> str:
    """What identifies a cross-letter table's rows (given in key order, as
    `Parsed.cross_tables` gives them) from one build to the next: the SHA-256
    of their values in schema column order, pickled (a few times cheaper than
    rendering the CSV)."""
    cols = table(name).column_names
    return hashlib.sha256(pickle.dumps([[row.get(c) for c in cols] for row in rows], protocol=5)).hexdigest()


def _cross(parsed) -> tuple[Tables, dict[str, str]]:
    cross = parsed.cross_tables()
    return cross, {name: cross_digest(name, rows) for name, rows in cross.items()}


def _usable(state: dict | None, out_dir: Path) -> bool:
    if not state:
        return False
    csv_files = state.get("csv", {}).get("files", {})
    return all(csv_files.get(t.name) == signature(out_dir / "data" / f"{t.name}.csv") for t in TABLES) and state.get("db") is not None


def state_after_full_build(parsed, info: dict, out_dir: Path, build_info: dict | None) -> dict | None:
    """The build state of a full build (`info` from `jbz.output.write_outputs`
    into `out_dir`); None when its rowids are not where the counts put them."""
    from .database import sqlite3

    fids, _, fp = _fingerprints(parsed)
    conn = sqlite3.connect(f"file:{Path(out_dir) / 'dist' / 'jbz.db'}?mode=ro", uri=True)
    try:
        for name in letter_tables():
            n = sum(r[name][1] for r in info["rows"].values() if name in r)
            if conn.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM [{name}]").fetchone() != (n, n):
                return None
    finally:
        conn.close()
    return {"format": STATE_FORMAT, "letters": {fid: {"fp": fp[fid]} for fid in fids},
            "csv": {"segments": info["csv"]["segments"], "keys": info["csv"]["keys"], "from_db": info["csv"]["out_of_order"]},
            "cross": info["cross"], "db": {"rows": info["rows"], "fp": {fid: fp[fid] for fid in fids}, "cross": info["cross"],
                                           "info": build_info}, "spare": None}


def finish_state(state: dict, out_dir: Path, cache_dir: Path, make_spare: bool) -> None:
    """After the outputs are in place: record their signatures, keep the
    SHA-256s worked out, make a spare database when there is none, save."""
    out_dir = Path(out_dir)
    state["csv"]["files"] = {t.name: signature(out_dir / "data" / f"{t.name}.csv") for t in TABLES}
    state["db"]["sig"] = signature(out_dir / "dist" / "jbz.db")
    state["hashes"] = dict(HASHES.used)
    spare = spare_path(cache_dir)
    if make_spare and state.get("spare") is None:
        tmp = spare.with_name(spare.name + ".tmp")
        shutil.copyfile(out_dir / "dist" / "jbz.db", tmp)
        os.replace(tmp, spare)
        state["spare"] = dict(state["db"], sig=signature(spare))
    save_state(cache_dir, state)


def write_incremental(parsed, out_dir: Path, stage: Path, build_info: dict | None) -> tuple[dict, dict] | None:
    """Update the previous build's outputs (in `out_dir`) into `stage`, or
    None when the previous build cannot be updated (no state, outputs not as
    the state says, too many letters changed): then write them in full.
    Returns (seconds per step, the new build state)."""
    from . import nogc

    with nogc.paused():  # the build state and views of every letter stay alive throughout (jbz.nogc)
        return _write_incremental(parsed, out_dir, stage, build_info)


def _write_incremental(parsed, out_dir: Path, stage: Path, build_info: dict | None) -> tuple[dict, dict] | None:
    from .package import write_csvs_from_database, write_descriptor

    if parsed.cache is None:
        return None
    cache_dir = parsed.cache.root
    timings: dict = {}
    clock = Clock(timings)
    state = load_state(cache_dir)
    HASHES.known.update((state or {}).get("hashes", {}))
    if not _usable(state, out_dir):
        return None
    fids, lid_of, fp = _fingerprints(parsed)
    previous = state["letters"]
    changed = [fid for fid in fids if previous.get(fid, {}).get("fp") != fp[fid]]
    removed = set(previous) - set(fids)
    if len(changed) + len(removed) > max(MIN_CHANGED, MAX_CHANGED_SHARE * len(fids)):
        return None
    live = out_dir / "dist" / "jbz.db"
    live_state = state["db"]
    if signature(live) != live_state.get("sig"):
        return None
    cross, cross_digests = _cross(parsed)

    def differs(base: dict) -> tuple[list[str], set[str], dict]:
        """What the database `base` describes lacks: letters to (re)write and to remove, cross tables to replace."""
        return ([fid for fid in fids if base["fp"].get(fid) != fp[fid]], set(base["fp"]) - set(fids),
                {n: r for n, r in cross.items() if cross_digests[n] != base["cross"].get(n)})

    # the database: the live one as it is when nothing in it changes; else the spare (the
    # database of the build before, which no one reads), or a copy of the live one, brought up to date
    spare = spare_path(cache_dir)
    base = live_state
    db_changed, db_removed, db_cross = differs(base)
    unchanged = not (db_changed or db_removed or db_cross) and live_state.get("info") == build_info
    if not unchanged:
        base = state.get("spare")
        if base and signature(spare) == base.get("sig") and not os.path.samefile(spare, live):
            db_changed, db_removed, db_cross = differs(base)
        else:
            base, spare = live_state, None
    if len(db_changed) + len(db_removed) > max(MIN_CHANGED, MAX_CHANGED_SHARE * len(fids)):
        return None
    rows = {fid: parsed.finished(lid_of[fid]) for fid in sorted(set(changed) | set(db_changed))}
    timings.update({"changed": len(changed), "removed": len(removed), "db_changed": len(db_changed), "db_removed": len(db_removed)})
    clock.lap("plan")

    # CSVs, in a second process while this one updates the database
    data, old_data = stage / "data", out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    touched = {name for name in letter_tables() for fid in changed if rows[fid].get(name) or state["csv"]["segments"][name].get(fid)}
    touched = {name for name in touched if not _same_csv_rows(name, changed, rows, state["csv"]["segments"][name], old_data / f"{name}.csv")}
    touched |= {name for name in letter_tables() for fid in removed if state["csv"]["segments"][name].get(fid)}
    touched |= {name for name in cross if cross_digests[name] != state["cross"].get(name)}
    touched |= set(state["csv"]["from_db"])
    for t in TABLES:
        if t.name not in touched:
            os.link(old_data / f"{t.name}.csv", data / f"{t.name}.csv")
    letters = [(fid, rows[fid] if fid in changed else None) for fid in fids]
    only = touched - set(state["csv"]["from_db"])
    timings["csv_spliced"] = " ".join(sorted(only))

    def csv_job():
        cpu = time.process_time()
        found = write_csvs(letters, {n: r for n, r in cross.items() if n in only}, data, state["csv"], old_data, only=only)
        return dict(found, cpu=time.process_time() - cpu)

    child, pipe = _start(csv_job)

    # the database: the spare (or a copy of the live one) brought up to date
    db = stage / "dist" / "jbz.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        timings["db_base"] = "live" if unchanged else "spare" if spare is not None else "copy"
        if unchanged:
            os.link(live, db)
            ranges = {}
        else:
            if spare is not None:
                os.replace(spare, db)
            else:
                shutil.copyfile(live, db)
            clock.lap("db_copy")
            ranges = update_database(db, base["rows"], {fid: rows[fid] for fid in db_changed}, db_removed, db_cross, build_info, timings)
    except BaseException:
        _stop(child)
        raise
    clock.lap("db_update")
    # the database's SHA-256 (inspect file, downloads manifest) in a thread while the CSVs are
    # finished: hashlib and file reads let go of the GIL, so it runs beside this process's work
    hashing = ThreadPoolExecutor(max_workers=1)
    digest = hashing.submit(HASHES.sha256, db)
    hashing.shutdown(wait=False)
    csv_state = _join(child, pipe, csv_job)
    clock.lap("csv_wait")
    timings["cpu_csv"] = csv_state["cpu"]
    again = sorted(set(csv_state["out_of_order"]) | set(state["csv"]["from_db"]))
    for name in only - set(again):
        os.replace(data / f"{name}.csv.tmp", data / f"{name}.csv")
        HASHES.add(data / f"{name}.csv", csv_state["sha256"][name])
    if again:
        for name in again:
            (data / f"{name}.csv.tmp").unlink(missing_ok=True)
        write_csvs_from_database(db, stage, only=again)
    write_descriptor(stage)
    clock.lap("package")
    (stage / "dist" / "inspect.json").write_text(json.dumps(inspect_data(db, digest), indent=2), encoding="utf-8")
    clock.lap("inspect")
    # the live database becomes the next build's spare (a second name for the same file)
    if not unchanged:
        tmp = spare_path(cache_dir).with_name(SPARE_NAME + ".tmp")
        tmp.unlink(missing_ok=True)
        os.link(live, tmp)
        os.replace(tmp, spare_path(cache_dir))
    segments = {}
    for name in letter_tables():
        segments[name] = csv_state["segments"][name] if name in only else state["csv"]["segments"][name]
        if name not in only:
            segments[name] = {fid: seg for fid, seg in segments[name].items() if fid not in removed}
    new_keys = {}
    for fid in fids:
        old = state["csv"]["keys"].get(fid, {})
        new = csv_state["keys"].get(fid, {})
        new_keys[fid] = {name: (new if name in only else old).get(name) for name in letter_tables() if (new if name in only else old).get(name)}
    new_rows = {fid: (ranges[fid] if fid in ranges else base["rows"][fid]) for fid in fids}
    new_state = {
        "format": STATE_FORMAT, "letters": {fid: {"fp": fp[fid]} for fid in fids},
        "csv": {"segments": segments, "keys": new_keys, "from_db": again},
        "cross": cross_digests, "db": {"rows": new_rows, "fp": dict(fp), "cross": cross_digests, "info": build_info},
        "spare": state.get("spare") if unchanged else live_state,
    }
    return timings, new_state


def _same_csv_rows(name: str, fids: list[str], rows: dict[str, Tables], segments: dict, old_file: Path) -> bool:
    """Whether the rows of table `name` of these changed letters are, as CSV
    bytes, what the previous file holds for them (at the places `segments`
    gives): then the file stays as it is. A word changed in one letter
    changes its letters and paragraphs rows; splicing its other tables again
    rewrote and re-hashed some 100 MB of CSV that did not change at 2,000
    letters (and the output step compared them byte by byte)."""
    try:
        with old_file.open("rb") as f:
            for fid in fids:
                new = csv_bytes(name, rows[fid].get(name) or [])
                seg = segments.get(fid)
                if seg is None:
                    if new:
                        return False
                    continue
                f.seek(seg[0])
                if f.read(seg[1]) != new:
                    return False
    except OSError:
        return False
    return True


def _start(job):
    """Run `job()` in a forked process (None when fork is not available):
    returns (process, pipe end) for `_join`."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None, None
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def run():
        try:
            result = ("ok", job())
        except BaseException as exc:  # noqa: BLE001 - reported in the parent
            result = ("error", repr(exc))
        send.send(result)

    child = ctx.Process(target=run)
    child.start()
    send.close()
    return child, receive


def _join(child, receive, job, what: str = "writing the CSVs"):
    """The result of `_start`'s job (or of `job()` here, without fork); a
    RuntimeError when the process failed or died."""
    if child is None:
        return job()
    try:
        status, value = receive.recv()
    except EOFError:  # the process died before it could answer
        status, value = "error", f"the process ended with exit code {child.join() or child.exitcode}"
    child.join()
    receive.close()
    if status != "ok":
        raise RuntimeError(f"{what} failed: {value}")
    return value


def _stop(child) -> None:
    if child is not None:
        child.kill()
        child.join()
