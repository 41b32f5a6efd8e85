"""The parse cache: one letter's rows, keyed by the SHA-256 of its bytes and
the parser's version, so a rebuild parses only new or changed letters.

The parser's version is a hash of the package's own code and vocabularies
(every `.py` and `.csv` under `jbz/`), so any change to how letters are read
invalidates every entry; `jbz build --full` ignores the cache. Entries live
in `<root>/<version>/`: `<sha256>.rows` (all of the letter's rows) and
`<sha256>.link` (the small part linking reads). Both are pickles written by
the build itself (never read from elsewhere), atomically (temporary file,
then rename), so a build that stops half-way leaves no broken entry.

`files.state` remembers what the last build read from each file (size,
modification and change times, inode -> SHA-256), so a rebuild does not read
and hash the letters that did not change (git's "racy" rule: a file modified
less than `pipeline.RACY_NS` before that list was saved, or later, is read
again; `--full` reads every file); `outputs.state` and `spare.db`
belong to `jbz.incremental`, `site.texts` to `jbz.site`, `retired/` (the outputs the
last build replaced, deleted during the next one) to `jbz.atomic_output`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
FILES_NAME = "files.state"  # what the last build read from each file (size, times, inode -> SHA-256)


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Hash of the code and vocabularies of the `jbz` package."""
    h = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".csv") and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


class ParseCache:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.dir = self.root / parser_version()

    def _path(self, sha256: str, kind: str) -> Path:
        return self.dir / f"{sha256}.{kind}"

    def _load(self, path: Path):
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def get_link(self, sha256: str):
        """The letter's link input, or None when not cached (the rows must be there too)."""
        if not self._path(sha256, "rows").exists():
            return None
        return self._load(self._path(sha256, "link"))

    def get_rows(self, sha256: str):
        rows = self._load(self._path(sha256, "rows"))
        if rows is None:
            raise RuntimeError(f"parse cache entry {self._path(sha256, 'rows')} is missing or broken; run `jbz build --full`")
        return rows

    def size(self, sha256: str) -> int:
        """Bytes of a letter's cached rows (OSError when not cached)."""
        return self._path(sha256, "rows").stat().st_size

    def put(self, sha256: str, records, link) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        for kind, value in (("rows", records), ("link", link)):
            path = self._path(sha256, kind)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)

    def get_files(self) -> dict:
        """What the last build read from each letter file: {"saved_ns": when
        this list was saved, "files": {path: {stat, sha256, text_key, bytes}}}."""
        found = self._load(self.dir / FILES_NAME)
        return found if isinstance(found, dict) else {}

    def put_files(self, files: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / FILES_NAME
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump({"saved_ns": time.time_ns(), "files": files}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def keep(self, sha256s: set[str]) -> None:
        """Remove entries of other parser versions and of letters no longer in the folder."""
        if not self.root.is_dir():
            return
        for other in self.root.iterdir():
            if other.is_dir() and other != self.dir:
                shutil.rmtree(other, ignore_errors=True)
        if self.dir.is_dir():
            for path in self.dir.iterdir():  # the build state and spare database (jbz.incremental) stay
                if path.suffix in (".rows", ".link", ".tmp") and path.name.split(".", 1)[0] not in sha256s:
                    path.unlink(missing_ok=True)

    def discard(self, sha256: str) -> None:
        """Remove one letter's entry (a letter refused after all)."""
        for kind in ("rows", "link"):
            self._path(sha256, kind).unlink(missing_ok=True)
