"""One incremental build: what changed since the last build, then the outputs
brought up to date in the stage folder, or None when they must be written in full."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..schema import table, TABLES
from .csvs import _same_csv_rows, letter_tables, write_csvs
from .second_process import join_job, start_job, stop_job
from .state import Clock, HASHES, inspect_data, load_state, save_state, signature, SPARE_NAME, spare_path, STATE_FORMAT, Tables
from .update import update_database

MAX_CHANGED_SHARE = 0.25  # more changed letters than this share (and MIN_CHANGED): write everything anew (faster then)
MIN_CHANGED = 16


def fingerprints(parsed) -> tuple[list[str], dict[str, str], dict[str, tuple]]:
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
    return hashlib.sha256(pickle.dumps([list(map(row.get, cols)) for row in rows], protocol=5)).hexdigest()


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
    from ..database import sqlite3

    fids, _, fp = info.get("fingerprints") or fingerprints(parsed)  # the full build's CSV process works them out
    conn = sqlite3.connect(f"file:{Path(out_dir) / 'dist' / 'jbz.db'}?mode=ro", uri=True)
    try:
        for name in letter_tables():
            n = sum(r[name][1] for r in info["rows"].values() if name in r)
            if conn.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM [{name}]").fetchone() != (n, n):
                return None
    finally:
        conn.close()
    return {"format": STATE_FORMAT, "letters": {fid: {"fp": fp[fid]} for fid in fids},
            "csv": {"segments": info["csv"]["segments"], "keys": info["csv"]["keys"], "from_db": info["csv"]["out_of_order"],
                    "checkpoints": info["csv"].get("checkpoints", {})},
            "cross": info["cross"], "db": {"rows": info["rows"], "fp": {fid: fp[fid] for fid in fids}, "cross": info["cross"],
                                           "info": build_info, "counts": _counts(Path(out_dir) / "dist" / "inspect.json")}, "spare": None}


def _counts(inspect_file: Path) -> dict[str, int]:
    """Table -> rows, from an inspect file (nothing when it cannot be read: then every table is counted)."""
    try:
        (db,) = json.loads(inspect_file.read_text(encoding="utf-8")).values()
        return {name: t["count"] for name, t in db["tables"].items() if isinstance(t.get("count"), int)}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return {}


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
    from .. import nogc

    with nogc.paused(keep=True):  # the build state and views of every letter stay alive throughout (jbz.nogc)
        return _write_incremental(parsed, out_dir, stage, build_info)


def _write_incremental(parsed, out_dir: Path, stage: Path, build_info: dict | None) -> tuple[dict, dict] | None:
    from ..package import write_csvs_from_database, write_descriptor

    if parsed.cache is None:
        return None
    cache_dir = parsed.cache.root
    timings: dict = {}
    clock = Clock(timings)
    state = load_state(cache_dir)
    HASHES.known.update((state or {}).get("hashes", {}))
    if not _usable(state, out_dir):
        return None
    fids, lid_of, fp = fingerprints(parsed)
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

    child, pipe = start_job(csv_job)

    # the database: the spare (or a copy of the live one) brought up to date
    db = stage / "dist" / "jbz.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        timings["db_base"] = "live" if unchanged else "spare" if spare is not None else "copy"
        counts = dict(base.get("counts") or {})  # the base database's, brought up to date by the update
        if unchanged:
            os.link(live, db)
            ranges = {}
        else:
            if spare is not None:
                os.replace(spare, db)
            else:
                shutil.copyfile(live, db)
            clock.lap("db_copy")
            ranges = update_database(db, base["rows"], {fid: rows[fid] for fid in db_changed}, db_removed, db_cross, build_info, timings,
                                     table_counts=counts)
    except BaseException:
        stop_job(child)
        raise
    clock.lap("db_update")
    # the database's SHA-256 (inspect file, downloads manifest) in a thread while the CSVs are
    # finished: hashlib and file reads let go of the GIL, so it runs beside this process's work
    hashing = ThreadPoolExecutor(max_workers=1)
    digest = hashing.submit(HASHES.sha256, db)
    hashing.shutdown(wait=False)
    csv_state = join_job(child, pipe, csv_job)
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
    inspected = inspect_data(db, digest, known=counts)
    (stage / "dist" / "inspect.json").write_text(json.dumps(inspected, indent=2), encoding="utf-8")
    counts = {name: t["count"] for name, t in next(iter(inspected.values()))["tables"].items() if isinstance(t["count"], int)}
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
    checkpoints = {name: (csv_state["checkpoints"] if name in only else state["csv"].get("checkpoints", {})).get(name)
                   for t in TABLES if (name := t.name) not in again}
    new_keys = {}
    for fid in fids:
        old = state["csv"]["keys"].get(fid, {})
        new = csv_state["keys"].get(fid, {})
        new_keys[fid] = {name: (new if name in only else old).get(name) for name in letter_tables() if (new if name in only else old).get(name)}
    new_rows = {fid: (ranges[fid] if fid in ranges else base["rows"][fid]) for fid in fids}
    new_state = {
        "format": STATE_FORMAT, "letters": {fid: {"fp": fp[fid]} for fid in fids},
        "csv": {"segments": segments, "keys": new_keys, "from_db": again, "checkpoints": {k: v for k, v in checkpoints.items() if v}},
        "cross": cross_digests, "db": {"rows": new_rows, "fp": dict(fp), "cross": cross_digests, "info": build_info, "counts": counts},
        "spare": state.get("spare") if unchanged else live_state,
    }
    return timings, new_state
