"""The CSVs brought up to date: the unchanged letters' bytes copied by range,
the changed letters' rows rendered, so the files are byte-identical to a
full build's."""

from __future__ import annotations

import csv
import errno
import io
import os
from pathlib import Path
from typing import NamedTuple

from ..database import sort_key, sorted_rows
from ..package import cell
from ..schema import table, TABLES
from .resumable import Sha256
from .state import CHUNK, Tables

CHECKPOINT = 4 << 20  # bytes between saved SHA-256 states of a CSV (some 90 of them at 2,000 letters)
SAME_CHECK_BYTES = 1 << 16  # a write up to this long that repeats the previous file's bytes keeps it "the same" (the header)

LETTER_TABLES = None  # per-letter tables, in schema order (set lazily: jbz.link imports jbz.schema)


class Rendered(NamedTuple):
    """One letter's rows of one table already as CSV bytes, in key order,
    with the first and last row's `sort_key` (for `write_csvs`)."""

    first: tuple
    final: tuple
    data: bytes


def letter_tables() -> list[str]:
    from ..link.core import CROSS_LETTER_TABLES

    global LETTER_TABLES
    if LETTER_TABLES is None:
        from ..reference import reference_tables

        cross = set(CROSS_LETTER_TABLES) | set(reference_tables())
        LETTER_TABLES = [t.name for t in TABLES if t.name not in cross]
    return LETTER_TABLES


def csv_bytes(name: str, rows: list[dict], header: bool = False) -> bytes:
    """Rows of one table as CSV bytes (rows sorted by primary key), as `jbz.package` writes them."""
    t = table(name)
    lines = [t.column_names] if header else []
    lines += _cells(t, sorted_rows(t, rows))
    return csv_lines(lines).encode("utf-8")


def _csv_rows(rows: list[list]) -> str:
    """What `csv.writer(lineterminator="\\n").writerows(rows)` writes."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _field(value) -> str:
    """One CSV field as the csv module writes it (QUOTE_MINIMAL, quotes doubled)."""
    if value is None:
        return ""
    text = value if type(value) is str else repr(value) if type(value) is float else str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or (_QUOTE_CR and "\r" in text):
        return '"' + text + '"'
    return text


def _fast_rows(rows: list[list]) -> str:
    """`_csv_rows`, several times faster on long texts: the csv module
    looks at a field character by character (~70 MB/s: a letter's verbatim
    source is ~60 KB), `str`'s searches do not."""
    out = [",".join(map(_field, row)) if len(row) != 1 else (_field(row[0]) or '""') for row in rows]
    return "\n".join(out) + "\n" if out else ""


_QUOTE_CR = _csv_rows([["\r"]]) != "\r\n"  # Python 3.11 leaves a carriage return unquoted with "\n" line ends
_PROBE = [["", None, 1, -0.5, 1e100, True, "x"], [""], [None], ['a"b', "a,b", "a\nb", "a\rb", "a\r\nb", " a ", "\t", "\x00", "\u2028", '"'], []]
# the module's own writer when this one does not write the probes as it does (another Python's rules)
csv_lines = _fast_rows if _fast_rows(_PROBE) == _csv_rows(_PROBE) else _csv_rows


def _cells(t, rows: list[dict]) -> list[list]:
    """The rows' cells as `package.cell` makes them, with `cell` called only
    for boolean and array columns: for the others the csv module's own
    conversion is `cell`'s (None empty, floats by repr, the rest by str)."""
    names = t.column_names
    values = [list(map(r.get, names)) for r in rows]
    special = [(i, c) for i, c in enumerate(t.columns) if c.type in ("boolean", "array")]
    for row in values if special else ():
        for i, c in special:
            if row[i] is not None:
                row[i] = cell(row[i], c)
    return values


def _sync_file_range():
    try:
        import ctypes
        import ctypes.util

        fn = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).sync_file_range
        fn.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
        fn.restype = ctypes.c_int
        return fn
    except (OSError, AttributeError, TypeError):
        return None


_SYNC_FILE_RANGE = None
SYNC_FILE_RANGE_WRITE = 2


def start_writeback(fd: int) -> None:
    """Start writing a finished file's bytes to disk, without waiting
    (Linux `sync_file_range`; nothing elsewhere). The outputs are moved into
    place by renaming them over the previous ones, and ext4 then allocates
    the new file's blocks in the rename, in the build's last step (some
    60 ms per 150 MB CSV); started here, in the process that wrote the file,
    that work is off the critical path, and the file stays in the page cache."""
    global _SYNC_FILE_RANGE
    if _SYNC_FILE_RANGE is None:
        _SYNC_FILE_RANGE = _sync_file_range() or False
    if _SYNC_FILE_RANGE:
        _SYNC_FILE_RANGE(fd, 0, 0, SYNC_FILE_RANGE_WRITE)  # errors ignored: only a head start


class _TableFile:
    """One CSV being written: bytes in, offsets and SHA-256 kept; runs of
    bytes copied from the previous file are merged and copied in blocks.

    While the file is still the previous file's first bytes (its header and
    the unchanged letters before the first change), those are copied by the
    kernel (`os.copy_file_range`) and not hashed: at the first difference the
    SHA-256 resumes from the state the last build saved at or before that
    place (`checkpoints`: (offset, saved state) every CHECKPOINT bytes, see
    `jbz.incremental.resumable`), or from the start without one."""

    def __init__(self, path: Path, previous: Path | None, checkpoints: list | None = None):
        self.path = path
        self.f = path.open("wb", buffering=0)
        self.prev = previous.open("rb", buffering=0) if previous is not None else None
        self.old_checkpoints = list(checkpoints or ()) if self.prev is not None else []
        self.same = self.prev is not None  # so far the previous file's first `pos` bytes
        self.sha = None if self.same else Sha256()
        self.hashed = 0
        self.next_checkpoint = CHECKPOINT
        self.checkpoints: list[tuple[int, bytes]] = []
        self.pos = 0
        self.run: list[int] | None = None  # [start, length] in the previous file, not yet copied

    def write(self, data: bytes) -> tuple[int, int]:
        self.flush()
        start = self.pos
        if data:
            if self.same and len(data) <= SAME_CHECK_BYTES and os.pread(self.prev.fileno(), len(data), self.pos) == data:
                self._out(data)  # the header, as before
            else:
                self._diverge()
                self._out(data)
                self._hash(data)
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
        if self.same and start == self.pos:
            self._copy_range(start, length)
            return
        self._diverge()
        self._rehash_copy(start, length, write=True)

    def _out(self, data) -> None:
        view = memoryview(data)
        while view:
            view = view[self.f.write(view):]
        self.pos += len(data)

    def _hash(self, data) -> None:
        self.sha.update(data)
        self.hashed += len(data)
        if self.hashed >= self.next_checkpoint:
            self.next_checkpoint = (self.hashed // CHECKPOINT + 1) * CHECKPOINT
            saved = self.sha.saved()
            if saved is not None:
                self.checkpoints.append((self.hashed, saved))

    def _rehash_copy(self, start: int, length: int, write: bool) -> None:
        """Bytes `start`..`start+length` of the previous file hashed (and written when `write`)."""
        while length:
            block = os.pread(self.prev.fileno(), min(CHUNK, length), start)
            if not block:
                raise OSError(f"{self.prev.name}: shorter than the build state says")
            if write:
                self._out(block)
            self._hash(block)
            start += len(block)
            length -= len(block)

    def _copy_range(self, start: int, length: int) -> None:
        """The previous file's bytes at the same place, copied by the kernel (read and written here without it)."""
        end = start + length
        fast = hasattr(os, "copy_file_range")
        while start < end:
            n = 0
            if fast:
                try:
                    n = os.copy_file_range(self.prev.fileno(), self.f.fileno(), end - start, start)
                except OSError as exc:
                    if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                        raise
                    fast = False
                    continue
            else:
                block = os.pread(self.prev.fileno(), min(CHUNK, end - start), start)
                n = len(block)
                if n:
                    view = memoryview(block)
                    while view:
                        view = view[self.f.write(view):]
            if not n:
                raise OSError(f"{self.prev.name}: shorter than the build state says")
            start += n
            self.pos += n

    def _diverge(self) -> None:
        """The file stops being the previous file's first bytes: hash what it has so far."""
        if not self.same:
            return
        self.same = False
        kept = [c for c in self.old_checkpoints if c[0] <= self.pos]
        at = 0
        self.sha = None
        while kept:  # the last state saved at or before here that can be resumed
            try:
                self.sha = Sha256(kept[-1][1])
                at = kept[-1][0]
                break
            except ValueError:
                kept.pop()
        if self.sha is None:
            kept, self.sha = [], Sha256()
        self.checkpoints = kept
        self.hashed = at
        self.next_checkpoint = (at // CHECKPOINT + 1) * CHECKPOINT
        self._rehash_copy(at, self.pos - at, write=False)

    def close(self) -> str:
        try:
            self.flush()
            self._diverge()
            start_writeback(self.f.fileno())
        finally:
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
    in `prev_data`); a table's rows may come as `Rendered`. Returns the CSV part of the build state: per table the
    byte range of each letter's rows, each letter's first and last key, the
    tables whose rows were not in primary-key order (written again from the
    database by the caller), each file's SHA-256 and the SHA-256 states
    saved along it (`_TableFile`)."""
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
            files[name] = _TableFile(data / f"{name}.csv.tmp", prev_file, (previous or {}).get("checkpoints", {}).get(name))
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
                if isinstance(rows, Rendered):
                    first, final, data_bytes = rows
                else:
                    t = table(name)
                    rows = sorted_rows(t, rows)
                    first, final, data_bytes = sort_key(t, rows[0]), sort_key(t, rows[-1]), csv_bytes(name, rows)
                keys[fid][name] = (first, final)
                if name in last and first <= last[name]:
                    out_of_order.add(name)
                last[name] = final
                segments[name][fid] = files[name].write(data_bytes)
        for name, rows in cross.items():
            if name in files:
                files[name].write(csv_bytes(name, rows))
    finally:
        digests = {name: f.close() for name, f in files.items()}
    return {"segments": segments, "keys": keys, "out_of_order": sorted(out_of_order), "sha256": digests,
            "checkpoints": {name: f.checkpoints for name, f in files.items() if name not in out_of_order}}


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
