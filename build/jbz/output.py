"""Parsed letters out to files: the database (rows streamed letter by letter),
then the CSVs read back from it, `datapackage.json` and the inspect file.
Only one letter's rows are in memory at a time."""

from __future__ import annotations

import time
from pathlib import Path

from .database import DatabaseWriter
from .package import write_csvs_from_database, write_descriptor
from .pipeline import Parsed


def write_outputs(parsed: Parsed, out_dir: Path, build_info: dict[str, str] | None = None, inspect=None) -> dict[str, float]:
    """Write OUT/dist/jbz.db, OUT/data/*.csv and OUT/datapackage.json; returns
    the seconds of each step. `inspect(db_path, inspect_path)` writes the
    inspect file when given."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    writer = DatabaseWriter(db_path)
    try:
        for records in parsed.letters():
            writer.add_tables(records)
        writer.add_tables(parsed.cross_tables())
    except BaseException:
        writer.abort()
        raise
    t1 = time.perf_counter()
    writer.finish(build_info, timings)
    t2 = time.perf_counter()
    write_csvs_from_database(db_path, out_dir)
    write_descriptor(out_dir)
    t3 = time.perf_counter()
    if inspect is not None:
        inspect(db_path, out_dir / "dist" / "inspect.json")
    t4 = time.perf_counter()
    timings.update({"db_load": t1 - t0, "db_finish": t2 - t1, "csv": t3 - t2, "inspect": t4 - t3})
    return timings
