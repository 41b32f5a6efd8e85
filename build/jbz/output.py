"""Parsed letters out to files: the database (rows streamed letter by letter)
and the CSVs; then `datapackage.json` and the inspect file. A second process
reads every letter's rows, converts them for the database and sends them here
to be inserted (this process only inserts), then writes the CSVs while this
one builds the indexes and summary tables. Each process holds one letter's
rows at a time.

The CSVs are written from the same finished rows the database gets, letter by
letter in id order, each letter's rows by primary key. That is the tables'
primary-key order as long as no letter id followed by a dash starts another
letter's id; the writer checks the order row by row, and a table found out
of order is written again from the finished database (`ORDER BY` its key).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

from .database import DatabaseWriter, RowValues
from .incremental import HASHES, fingerprints, join_job, start_job, stop_job, write_csvs
from .package import _replace_if_changed, write_csvs_from_database, write_descriptor
from .pipeline import Parsed
from .schema import TABLES
from .summary_counts import SummaryCounts


def _write_csvs(parsed: Parsed, data: Path) -> dict:
    """`data/<table>.csv.tmp` for every table, letter by letter in id order
    (`jbz.incremental.write_csvs`); returns the CSV part of the build state,
    with the tables whose rows did not come in primary-key order (to be
    written again from the database) under `out_of_order`."""

    def letters():
        for records in parsed.letters():
            yield records["letters"][0]["id"], records

    cross = parsed.cross_tables()
    written = write_csvs(letters(), cross, data)
    written["cross_digests"] = _cross_digests(cross)  # here, not in the process that builds the database's indexes meanwhile
    return written


def _cross_digests(cross: dict) -> dict[str, str]:
    from .incremental import cross_digest, letter_tables

    return {n: cross_digest(n, r) for n, r in cross.items() if n not in letter_tables()}


def _send_values(parsed: Parsed, send) -> None:
    """In the second process, before the CSVs: each letter's rows as the
    database writer's parameter lists (`RowValues`), in id order, sent one
    letter at a time as (final id, [(table, parameter lists)]); then None,
    the shared texts and the rows of the summary tables counted on the way
    (`SummaryCounts`). The unpickling, linking and converting of every
    row is done here, while the other process only inserts."""
    values, counts = RowValues(), SummaryCounts()
    for records in parsed.letters():
        send.send((records["letters"][0]["id"], values.tables(records)))
        counts.add(records)
    send.send(None)
    send.send((values.shared, values.shared_uses, counts.rows(parsed.links.tables.get("meetings") or [])))
    send.close()


def _load(parsed: Parsed, writer: DatabaseWriter, rows: dict, receive) -> None:
    """The letters' rows into the database: from `_send_values` through
    `receive`, or read and converted here (`receive` None)."""
    if receive is None:
        for records in parsed.letters():
            batch = writer.values.tables(records)
            _insert(writer, records["letters"][0]["id"], batch, rows)
        return
    while (item := receive.recv()) is not None:
        _insert(writer, *item, rows)
    writer.values.shared, writer.values.shared_uses, writer.summary_rows = receive.recv()


def _insert(writer: DatabaseWriter, fid: str, batch: list, rows: dict) -> None:
    rows[fid] = {name: (writer.rows[name] + 1, len(values)) for name, values in batch}  # a new table's rowids count from 1
    writer.insert(batch)


def write_outputs(parsed: Parsed, out_dir: Path, build_info: dict[str, str] | None = None, inspect=None, state: dict | None = None) -> dict[str, float]:
    """Write OUT/dist/jbz.db, OUT/data/*.csv and OUT/datapackage.json; returns
    the seconds of each step. `inspect(db_path, inspect_path)` writes the
    inspect file when given. `state`, when given, receives where each
    letter's rows are in the outputs (for `jbz.incremental`).

    A second process reads and converts every letter's rows for the database
    (`_send_values`) while this one inserts them, then writes the CSVs while
    this one builds the indexes, full-text indexes and summary tables. Should
    it fail, this process loads the database itself and writes the CSVs from it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    data = out_dir / "data"
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False) if "fork" in multiprocessing.get_all_start_methods() else (None, None)

    def job():
        receive.close()
        _send_values(parsed, send)
        written = _write_csvs(parsed, data)
        written["fingerprints"] = fingerprints(parsed)  # the build state's, from the letters' views made here already
        return written

    child, queue = start_job(job) if send is not None else (None, None)
    if send is not None:
        send.close()  # the child's end: a child that dies is an EOFError here
    if child is None:
        receive = None
    writer = DatabaseWriter(db_path)
    rows: dict[str, dict[str, tuple[int, int]]] = {}  # final letter id -> table -> (first rowid, rows)
    try:
        try:
            _load(parsed, writer, rows, receive)
        except (EOFError, OSError):  # the second process failed: load here, and the CSVs from the database
            stop_job(child)
            child = None
            queue.close()
            writer.abort()
            writer, rows = DatabaseWriter(db_path), {}
            _load(parsed, writer, rows, None)
        cross = parsed.cross_tables()
        writer.add_tables(cross)
    except BaseException:
        writer.abort()
        stop_job(child)
        raise
    finally:
        if receive is not None:
            receive.close()
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
