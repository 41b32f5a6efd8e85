"""Writing the build's output safely: all or nothing, one build at a time.

`jbz build` writes every file into a staging folder inside the output folder
(same file system), and only when all of them are written moves each into
place with an atomic rename; any failure leaves the previous database and
package as they were. A lock file in the output folder makes a second build
wait for the first. Problems with the output folder (not a folder,
read-only, disk full, no permission) become one `OutputError` line naming
the path and the cause, instead of a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

LOCK_NAME = ".jbz-build.lock"
STAGING_PREFIX = ".jbz-build-"

_CAUSES = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "not a folder",
    errno.EISDIR: "is a folder",
    errno.ENOENT: "does not exist",
}


class OutputError(Exception):
    """An output problem, as one line: `PATH: cause`."""


def cause(exc: BaseException) -> str:
    """The cause of an OSError or SQLite error in a few words."""
    if isinstance(exc, OSError) and exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc)
    if "disk is full" in text or "disk full" in text:
        return "disk full"
    if "readonly" in text or "read-only" in text:
        return "read-only file system"
    return text.splitlines()[0] if text else type(exc).__name__


def _path_of(exc: BaseException, default: Path, stage: Path | None = None) -> str:
    """The path an error names, with the staging folder shown as its target."""
    path = str(getattr(exc, "filename", None) or default)
    if stage is not None and path.startswith(str(stage)):
        path = str(default) + path[len(str(stage)):]
    return path.removesuffix(".tmp")


def check_out_dir(out_dir: Path) -> None:
    """The output folder exists (made if missing) and is a folder."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: not a folder (give a folder for --out)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{_path_of(exc, out_dir)}: cannot create the output folder ({cause(exc)})") from None


@contextmanager
def build_lock(out_dir: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold `OUT/.jbz-build.lock` (an advisory lock, released when the
    process ends, even by a crash) for the whole build; a second build on
    the same folder waits here until the first one is done."""
    path = out_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the lock file ({cause(exc)})") from None
    try:
        try:
            import fcntl
        except ImportError:  # no advisory locks (Windows): build unserialised
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting(f"{out_dir}: another build is writing here; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _same_bytes(a: Path, b: Path) -> bool:
    """Same content: the same file (an output left as it was is staged as a
    second name of it), or equal bytes, compared block by block up to the
    first difference."""
    if not b.is_file():
        return False
    if os.path.samefile(a, b):
        return True
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            block = fa.read(1 << 20)
            if block != fb.read(1 << 20):
                return False
            if not block:
                return True


def _fix_inspect_path(stage: Path, out_dir: Path) -> None:
    """`datasette inspect` records the database's path: the staged one, so
    point it at the final place."""
    inspect = stage / "dist" / "inspect.json"
    if not inspect.is_file():
        return
    data = json.loads(inspect.read_text(encoding="utf-8"))
    for db in data.values():
        if isinstance(db, dict) and "file" in db:
            db["file"] = str(out_dir / Path(db["file"]).relative_to(stage))
    inspect.write_text(json.dumps(data, indent=2), encoding="utf-8")


RETIRE_MIN_BYTES = 1 << 20  # smaller files are freed at once (it takes no time)


def _retire(target: Path, retire: Path, n: int) -> None:
    """Give a big output file about to be replaced a second name in `retire`,
    so the rename does not free its blocks (tens of milliseconds per 100 MB,
    in the build's last step); `sweep` frees them later, off the critical path."""
    try:
        st = target.stat()
        if st.st_nlink != 1 or st.st_size < RETIRE_MIN_BYTES:
            return
        retire.mkdir(parents=True, exist_ok=True)
        os.link(target, retire / f"{time.time_ns()}-{os.getpid()}-{n}-{target.name}")
    except OSError:
        pass  # another file system, a name taken: the rename frees it, as without this


class _Sweep:
    """A sweep under way: `join()` waits for it."""

    def __init__(self, process=None, thread=None):
        self.process, self.thread = process, thread

    def join(self) -> None:
        if self.process is not None:
            self.process.wait()
        if self.thread is not None:
            self.thread.join()


def _unlink_all(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


def sweep(retire: Path | None) -> _Sweep | None:
    """Delete the files `commit` retired (a previous build's replaced
    outputs) beside the build: by an `rm` process (spawned, so the build's
    memory is not copied, and no thread runs when the build forks its own
    workers), else in a thread (unlinking lets go of the GIL). Returns what
    to `join()` before the next `commit`, or None when there is nothing to delete."""
    import subprocess

    if retire is None or not Path(retire).is_dir():
        return None
    paths = sorted(str(p) for p in Path(retire).iterdir())
    if not paths:
        return None
    try:
        return _Sweep(process=subprocess.Popen(["rm", "-f", "--", *paths], stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except OSError:
        import threading

        thread = threading.Thread(target=_unlink_all, args=(paths,), name="jbz-sweep", daemon=True)
        thread.start()
        return _Sweep(thread=thread)


def commit(stage: Path, out_dir: Path, retire: Path | None = None) -> None:
    """Move every staged file into place (atomic rename each); files whose
    bytes did not change are left untouched, mtime included. The database
    goes last, so a reader never sees a new database with an old package.
    With `retire`, the big files replaced keep a second name there (`_retire`)."""
    _fix_inspect_path(stage, out_dir)
    files = sorted(p for p in stage.rglob("*") if p.is_file())
    files.sort(key=lambda p: p.suffix == ".db")
    for n, staged in enumerate(files):
        target = out_dir / staged.relative_to(stage)
        target.parent.mkdir(parents=True, exist_ok=True)
        if _same_bytes(staged, target):
            continue
        if retire is not None:
            _retire(target, Path(retire), n)
        os.replace(staged, target)


@contextmanager
def staged_output(out_dir: Path, retire: Path | None = None) -> Iterator[Path]:
    """A staging folder inside `out_dir` to write the whole build into; on
    success its files replace the old ones, on any failure nothing is
    replaced. OS and SQLite errors become one-line `OutputError`s.
    `retire`: see `commit`."""
    check_out_dir(out_dir)
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write to the output folder ({cause(exc)})") from None
    try:
        try:
            yield stage
            commit(stage, out_dir, retire)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"{_path_of(exc, out_dir, stage)}: cannot write the build ({cause(exc)}); the previous output is left as it was") from None
        except Exception as exc:  # pysqlite3's errors are not sqlite3's classes
            if type(exc).__module__.startswith(("pysqlite3", "sqlite3")):
                raise OutputError(f"{out_dir}: cannot write the build ({cause(exc)}); the previous output is left as it was") from None
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
