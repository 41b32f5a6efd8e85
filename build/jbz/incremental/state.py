"""The build state kept between builds, the spare database's place, and the
small tools every step uses: a clock for the step timings, file signatures,
SHA-256s remembered by signature, the inspect file."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from pathlib import Path


Tables = dict[str, list[dict]]
STATE_FORMAT = 2  # 2: link views kept as digests
STATE_NAME = "outputs.state"
SPARE_NAME = "spare.db"
CHUNK = 1 << 20


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


def inspect_data(db_path: Path, digest=None, known: dict[str, int] | None = None) -> dict:
    """What `datasette inspect` writes for one database (hash, size, file,
    table counts), computed here instead of in a second Python process.
    `digest`: the file's SHA-256, or a future of it (the tables are counted
    while it is worked out), or None to work it out here. `known`: counts
    of tables that need not be counted again (an incremental build's)."""
    from ..database import sqlite3

    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        counts = {}
        for name in names:
            if known and name in known:
                counts[name] = known[name]
                continue
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
    from ..cache import parser_version

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
