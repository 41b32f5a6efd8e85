"""Parsed letters out to files: the database (rows streamed letter by letter)
and the CSVs; then `datapackage.json` and the inspect file. Two producer
processes, each half of the letters, read the letters' rows, convert them for
the database and send them here to be inserted (this process only inserts,
taking the letters from them in turn); then one of them writes the CSVs while
this one builds the indexes and summary tables. One producer alone converted
more slowly than this process inserts. Each process holds a few letters' rows
at a time.

The CSVs are written from the same finished rows the database gets, letter by
letter in id order, each letter's rows by primary key. That is the tables'
primary-key order as long as no letter id followed by a dash starts another
letter's id; the writer checks the order row by row, and a table found out
of order is written again from the finished database (`ORDER BY` its key).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
from pathlib import Path

from .database import DatabaseWriter, RowValues, sort_key, sorted_rows
from .incremental import HASHES, fingerprints, join_job, start_job, stop_job, write_csvs
from .incremental.csvs import csv_lines, Rendered
from .package import _replace_if_changed, write_csvs_from_database, write_descriptor
from .pipeline import Parsed
from .schema import shared, table, TABLES
from .summary_counts import SummaryCounts

PIPE_BYTES = 1 << 20  # each producer's pipe buffer (`_widen`)
PRODUCERS = 2  # processes that read, link and convert the letters' rows for this one, each half of them (`_shares`)


def _write_csvs(parsed: Parsed, data: Path, letters=None) -> dict:
    """`data/<table>.csv.tmp` for every table, letter by letter in id order
    (`jbz.incremental.write_csvs`); returns the CSV part of the build state,
    with the tables whose rows did not come in primary-key order (to be
    written again from the database) under `out_of_order`. `letters`: what
    `write_csvs` takes (default: each letter's finished rows)."""

    def finished():
        for records in parsed.letters():
            yield records["letters"][0]["id"], records

    cross = parsed.cross_tables()
    written = write_csvs(finished() if letters is None else letters, cross, data)
    written["cross_digests"] = _cross_digests(cross)  # here, not in the process that builds the database's indexes meanwhile
    return written


def _cross_digests(cross: dict) -> dict[str, str]:
    from .incremental import cross_digest, letter_tables

    return {n: cross_digest(n, r) for n, r in cross.items() if n not in letter_tables()}


def _shares(parsed: Parsed, producers: int) -> list[int]:
    """The producer of each letter (in id order): the one with the fewest bytes
    of cached rows so far, so the producers keep pace with each other (the
    letters' sizes often run in patterns: taken in turn, the odd ones of the
    2,000-letter corpus held 236 MB of rows, the even ones 165 MB)."""
    taken = [0] * producers
    owners = []
    for lid in parsed.links.order():
        try:
            size = parsed.cache.size(parsed.keys[lid]) if lid not in parsed._records else 1
        except OSError:
            size = 1
        owner = taken.index(min(taken))
        taken[owner] += size
        owners.append(owner)
    return owners


def _send_values(parsed: Parsed, send, spool=None, share: tuple[list[int], int] | None = None) -> tuple[RowValues, SummaryCounts]:
    """In a producer process, before the CSVs: each letter's rows as the
    database writer's parameter lists (`RowValues`), in id order, sent one
    letter at a time as (final id, [(table, parameter lists)]); then None.
    `share` (`_shares`' owners, this producer's number): the letters this
    producer takes (default all), so two producers share the work. The unpickling,
    linking and converting of every row is done here, while the other
    process only inserts. `spool`: a file that keeps each letter's message,
    and its verbatim sources, for `_spooled_letters`. Returns the `RowValues`
    (its shared texts) and the rows of the summary tables counted on the way
    (`SummaryCounts`), for `_send_totals`."""
    values, counts = RowValues(), SummaryCounts()
    order = parsed.links.order()
    for lid in order if share is None else [lid for lid, owner in zip(order, share[0]) if owner == share[1]]:
        records = parsed.finished(lid)
        message = pickle.dumps((records["letters"][0]["id"], values.tables(records)), protocol=pickle.HIGHEST_PROTOCOL)
        send.send_bytes(message)
        if spool is not None:
            spool.write(message)
            pickle.dump(_sources(records), spool, protocol=pickle.HIGHEST_PROTOCOL)
        counts.add(records)
    send.send(None)
    if spool is not None:
        spool.flush()  # a producer forked by multiprocessing ends without flushing its files
    return values, counts


def _send_totals(parsed: Parsed, send, values: RowValues, counts: SummaryCounts) -> None:
    """After `_send_values` (of every producer, merged): the shared texts and
    the summary tables' rows, the last message to the inserting process."""
    send.send((values.shared, values.shared_uses, counts.rows(parsed.links.tables.get("meetings") or [])))
    send.close()


# Where a letter's parameter lists differ from its CSV cells: a shared text's id (the CSV has
# the text) and a stored source (the CSV has the verbatim text); booleans (0/1), arrays (JSON
# text), numbers and the rest are what package.cell writes.
_SHARED_AT = {t.name: [(i, shared(t.name, c.name).table) for i, c in enumerate(t.columns) if c.stored == "shared"] for t in TABLES}
_SOURCE_AT = {t.name: [i for i, c in enumerate(t.columns) if c.stored == "source"] for t in TABLES}
_KEY_AT = {t.name: [(k, t.column_names.index(k)) for k in t.primary_key] for t in TABLES}


def _sources(records: dict) -> dict[str, list[list]]:
    """The verbatim values of the stored-source columns of the letter's rows, in key order."""
    out = {}
    for name, at in _SOURCE_AT.items():
        rows = records.get(name)
        if at and rows:
            t = table(name)
            names = [t.columns[i].name for i in at]
            out[name] = [[r.get(n) for n in names] for r in sorted_rows(t, rows)]
    return out


def _spooled_letters(spools, shared_texts: dict[str, dict[int, str]], owners: list[int] | None = None):
    """(final id, table -> `Rendered`) of each letter the producers spooled
    (`_send_values`; `spools` by producer number, each letter taken from its
    producer's as `owners` (`_shares`) says, so in id order): its parameter lists as CSV rows
    (already in key order, with the shared texts' and sources' text put
    back), not its rows read from the cache and linked again."""
    readers = [_spooled(spool, shared_texts) for spool in spools]
    for owner in owners if owners is not None else itertools.repeat(0):
        item = next(readers[owner], None)
        if item is None:
            return
        yield item


def _spooled(spool, shared_texts: dict[str, dict[int, str]]):
    spool.seek(0)
    while True:
        try:
            fid, batch = pickle.load(spool)
        except EOFError:
            return
        sources = pickle.load(spool)
        rendered = {}
        for name, rows in batch:
            for i, texts in ((i, shared_texts[s]) for i, s in _SHARED_AT[name]):
                for row in rows:
                    if row[i] is not None:
                        row[i] = texts[row[i]]
            if name in sources:
                for row, verbatim in zip(rows, sources[name], strict=True):
                    for i, value in zip(_SOURCE_AT[name], verbatim):
                        row[i] = value
            t, at = table(name), _KEY_AT[name]
            first, final = ({k: rows[0][i] for k, i in at}, {k: rows[-1][i] for k, i in at})
            rendered[name] = Rendered(sort_key(t, first), sort_key(t, final), csv_lines(rows).encode("utf-8"))
        yield fid, rendered


def _load(parsed: Parsed, writer: DatabaseWriter, rows: dict, receive, owners: list[int] | None = None) -> None:
    """The letters' rows into the database: from the producers' `_send_values`
    through `receive` (their pipe ends by producer number; each letter, in id
    order, from the producer `owners` names (`_shares`); the first producer
    then sends `_send_totals`), or read and converted here (`receive` None)."""
    if receive is None:
        for records in parsed.letters():
            batch = writer.values.tables(records)
            _insert(writer, records["letters"][0]["id"], batch, rows)
        return
    for owner in owners:
        item = receive[owner].recv()
        if item is None:
            raise EOFError("a producer sent fewer letters than its share")
        _insert(writer, *item, rows)
    for end in receive:  # each producer's end mark
        if end.recv() is not None:
            raise EOFError("a producer sent more letters than its share")
    writer.values.shared, writer.values.shared_uses, writer.summary_rows = receive[0].recv()


def _insert(writer: DatabaseWriter, fid: str, batch: list, rows: dict) -> None:
    rows[fid] = {name: (writer.rows[name] + 1, len(values)) for name, values in batch}  # a new table's rowids count from 1
    writer.insert(batch)


def _widen(end) -> None:
    """A pipe's buffer 1 MiB, not 64 KiB (Linux; else as it is): a producer
    runs some letters ahead of the inserting process instead of waiting for
    it at every letter, so an unevenly long letter holds up neither."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _stop(process) -> None:
    if process is not None:
        process.kill()
        process.join()


def write_outputs(parsed: Parsed, out_dir: Path, build_info: dict[str, str] | None = None, inspect=None, state: dict | None = None) -> dict[str, float]:
    """Write OUT/dist/jbz.db, OUT/data/*.csv and OUT/datapackage.json; returns
    the seconds of each step. `inspect(db_path, inspect_path)` writes the
    inspect file when given. `state`, when given, receives where each
    letter's rows are in the outputs (for `jbz.incremental`).

    Two producers read and convert the letters' rows for the database
    (`_send_values`, each half of the letters) while this one inserts them;
    the first then writes the CSVs while this one builds the indexes,
    full-text indexes and summary tables. Should one fail, this process loads
    the database itself and writes the CSVs from it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    data = out_dir / "data"
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    forking = "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork") if forking else None
    # two producers (`_send_values`, each half of the letters by size, `_shares`): the first (the job) also writes the
    # CSVs; the second sends its shared texts and summary counts to the first when done
    owners = _shares(parsed, PRODUCERS) if forking else None
    pipes = [ctx.Pipe(duplex=False) for _ in range(PRODUCERS)] if forking else []
    for _, end in pipes:
        _widen(end)
    totals = ctx.Pipe(duplex=False) if forking else None  # the second producer's totals, to the first
    if forking:
        data.mkdir(parents=True, exist_ok=True)
    spools = [tempfile.TemporaryFile(dir=data, buffering=1 << 20) for _ in range(PRODUCERS - 1)] if forking else []

    def only(keep):
        """In a producer: close the ends of the pipes that are not its own."""
        for end in (*(e for p in pipes for e in p), *totals):
            if all(end is not k for k in keep):
                end.close()

    def second():
        only((pipes[1][1], totals[1]))
        try:
            values, counts = _send_values(parsed, pipes[1][1], spools[0], (owners, 1))
            totals[1].send((values.shared, values.shared_uses, counts))
            totals[1].close()
        except BaseException:  # noqa: BLE001 - this process loads the letters itself then, and reports what fails
            os._exit(1)

    def job():
        only((pipes[0][1], totals[0]))
        # the messages kept on disk (unnamed: gone with the process), the CSVs made from them
        with tempfile.TemporaryFile(dir=data, buffering=1 << 20) as spool:
            values, counts = _send_values(parsed, pipes[0][1], spool, (owners, 0))
            shared, uses, other = totals[0].recv()
            totals[0].close()
            values.merge(shared, uses)
            counts.merge(other)
            _send_totals(parsed, pipes[0][1], values, counts)
            written = _write_csvs(parsed, data, _spooled_letters([spool, *spools], values.shared, owners))
        written["fingerprints"] = fingerprints(parsed)  # the build state's, from the letters' views made here already
        return written

    helper = ctx.Process(target=second, daemon=True) if forking else None
    if helper is not None:
        helper.start()
    child, queue = start_job(job) if forking else (None, None)
    for end in (*(p[1] for p in pipes), *(totals or ())):
        end.close()  # the producers' ends: a producer that dies is an EOFError here
    for spool in spools:
        spool.close()  # (the producers have theirs)
    receive = [p[0] for p in pipes] if child is not None else None
    if receive is None and helper is not None:
        _stop(helper)
        helper = None

    writer = DatabaseWriter(db_path)
    rows: dict[str, dict[str, tuple[int, int]]] = {}  # final letter id -> table -> (first rowid, rows)
    try:
        try:
            _load(parsed, writer, rows, receive, owners)
        except (EOFError, OSError):  # a producer failed: load here, and the CSVs from the database
            stop_job(child)
            _stop(helper)
            child = helper = None
            queue.close()
            writer.abort()
            writer, rows = DatabaseWriter(db_path), {}
            _load(parsed, writer, rows, None)
        cross = parsed.cross_tables()
        writer.add_tables(cross)
    except BaseException:
        writer.abort()
        stop_job(child)
        _stop(helper)
        raise
    finally:
        for end in receive or ():
            end.close()
    if helper is not None:
        helper.join()
    t1 = time.perf_counter()
    writer.finish(build_info, timings)
    t2 = time.perf_counter()
    # the database's SHA-256 (for the inspect file and the downloads) while the CSV process finishes
    hashing = threading.Thread(target=HASHES.sha256, args=(db_path,), daemon=True) if inspect is not None else None
    if hashing is not None:
        hashing.start()
    try:
        csv_state = join_job(child, queue, lambda: _write_csvs(parsed, data)) if child is not None or queue is None else None
    except RuntimeError:  # the CSV process failed: every table from the database
        csv_state = None
    again = csv_state["out_of_order"] if csv_state else [t.name for t in TABLES]
    t3 = time.perf_counter()
    if again:
        for name in again:
            (data / f"{name}.csv.tmp").unlink(missing_ok=True)
        write_csvs_from_database(db_path, out_dir, only=again)
    for t in TABLES:
        if t.name not in again:
            _replace_if_changed(data / f"{t.name}.csv.tmp", data / f"{t.name}.csv")
            HASHES.add(data / f"{t.name}.csv", csv_state["sha256"][t.name])  # hashed as it was written: not read again for the downloads
    write_descriptor(out_dir)
    t4 = time.perf_counter()
    if hashing is not None:
        hashing.join()
    if inspect is not None:
        inspect(db_path, out_dir / "dist" / "inspect.json")
    t5 = time.perf_counter()
    timings.update({"db_load": t1 - t0, "db_finish": t2 - t1, "csv_wait": t3 - t2, "csv": t4 - t3, "inspect": t5 - t4})
    if state is not None and csv_state is not None:  # what an incremental build needs to update these outputs
        digests = csv_state.pop("cross_digests", None)
        state.update(rows=rows, csv=csv_state, cross=digests if digests is not None else _cross_digests(cross),
                     fingerprints=csv_state.pop("fingerprints", None))
    return timings
