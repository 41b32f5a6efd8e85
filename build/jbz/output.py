"""Parsed letters out to files: the database (rows streamed letter by letter)
and, at the same time in a second process, the CSVs; then `datapackage.json`
and the inspect file. Each process holds one letter's rows at a time.

The CSVs are written from the same finished rows the database gets, letter by
letter in id order, each letter's rows by primary key. That is the tables'
primary-key order as long as no letter id followed by a dash starts another
letter's id; the writer checks the order row by row, and a table found out
of order is written again from the finished database (`ORDER BY` its key).
"""

from __future__ import annotations

import csv
import multiprocessing
import time
from pathlib import Path

from .database import DatabaseWriter, sort_key
from .package import _replace_if_changed, cell, write_csvs_from_database, write_descriptor
from .pipeline import Parsed
from .schema import TABLES, table


def _write_csvs(parsed: Parsed, data: Path) -> list[str]:
    """`data/<table>.csv.tmp` for every table; returns the tables whose rows
    did not come in primary-key order (to be written again from the database)."""
    data.mkdir(parents=True, exist_ok=True)
    files, writers, last, out_of_order = {}, {}, {}, set()
    try:
        for t in TABLES:
            files[t.name] = (data / f"{t.name}.csv.tmp").open("w", encoding="utf-8", newline="")
            writers[t.name] = csv.writer(files[t.name], lineterminator="\n")
            writers[t.name].writerow(t.column_names)

        def add(name: str, rows: list[dict]) -> None:
            t = table(name)
            rows = sorted(rows, key=lambda r: sort_key(t, r))
            if rows and name in last and sort_key(t, rows[0]) <= last[name]:
                out_of_order.add(name)
            if rows:
                last[name] = sort_key(t, rows[-1])
            writers[name].writerows([cell(row.get(c.name), c) for c in t.columns] for row in rows)

        for records in parsed.letters():
            for name, rows in records.items():
                add(name, rows)
        for name, rows in parsed.cross_tables().items():
            add(name, rows)
    finally:
        for f in files.values():
            f.close()
    return sorted(out_of_order)


def _csv_child(parsed: Parsed, data: Path, queue) -> None:
    queue.put(_write_csvs(parsed, data))


def write_outputs(parsed: Parsed, out_dir: Path, build_info: dict[str, str] | None = None, inspect=None) -> dict[str, float]:
    """Write OUT/dist/jbz.db, OUT/data/*.csv and OUT/datapackage.json; returns
    the seconds of each step. `inspect(db_path, inspect_path)` writes the
    inspect file when given."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    data = out_dir / "data"
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    methods = multiprocessing.get_all_start_methods()
    child = queue = None
    if "fork" in methods:  # the CSVs on the other core, while this process fills the database
        ctx = multiprocessing.get_context("fork")
        queue = ctx.SimpleQueue()
        child = ctx.Process(target=_csv_child, args=(parsed, data, queue))
        child.start()
    writer = DatabaseWriter(db_path)
    try:
        for records in parsed.letters():
            writer.add_tables(records)
        writer.add_tables(parsed.cross_tables())
    except BaseException:
        writer.abort()
        if child is not None:
            child.kill()
            child.join()
        raise
    t1 = time.perf_counter()
    writer.finish(build_info, timings)
    t2 = time.perf_counter()
    if child is not None:
        child.join()
        again = queue.get() if child.exitcode == 0 else [t.name for t in TABLES]
    else:
        again = _write_csvs(parsed, data)
    t3 = time.perf_counter()
    if again:
        for name in again:
            (data / f"{name}.csv.tmp").unlink(missing_ok=True)
        write_csvs_from_database(db_path, out_dir, only=again)
    for t in TABLES:
        if t.name not in again:
            _replace_if_changed(data / f"{t.name}.csv.tmp", data / f"{t.name}.csv")
    write_descriptor(out_dir)
    t4 = time.perf_counter()
    if inspect is not None:
        inspect(db_path, out_dir / "dist" / "inspect.json")
    t5 = time.perf_counter()
    timings.update({"db_load": t1 - t0, "db_finish": t2 - t1, "csv_wait": t3 - t2, "csv": t4 - t3, "inspect": t5 - t4})
    return timings
