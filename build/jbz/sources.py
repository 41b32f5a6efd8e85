"""Reading letter files: the build's only file input, and its guard.

Each check that fails gives a `SourceError` naming the file and saying what
is wrong and what to do; the other files are still read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024  # letters are < 0.2 MB; anything this big is not one
MAGIC = {
    b"%PDF": "a PDF file (export it to text first)",
    b"PK\x03\x04": "a ZIP/DOCX file (export it to text first)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Word/Office file (export it to text first)",
    b"{\\rtf": "an RTF file (export it to text first)",
}


@dataclass(frozen=True)
class Source:
    path: Path
    name: str
    data: bytes
    text: str
    sha256: str


class SourceError(Exception):
    def __init__(self, source_file: str, kind: str, message: str):
        super().__init__(f"{source_file}: {message}")
        self.source_file = source_file
        self.kind = kind
        self.message = message


def _decode(name: str, data: bytes) -> str:
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise SourceError(name, "binary", f"is {what}, not a text export of a letter")
    if b"\x00" in data[:4096]:
        raise SourceError(name, "binary", "is a binary file (it contains NUL bytes), not a text export of a letter")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1252")
            hint = "it looks like Windows-1252; convert it with `iconv -f cp1252 -t utf-8`"
        except UnicodeDecodeError:
            hint = "convert it to UTF-8"
        raise SourceError(
            name, "encoding", f"is not valid UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}); {hint}"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > 20:
        raise SourceError(name, "binary", f"holds {controls} control characters in its first 20,000: not a text export")
    if not text.strip():
        raise SourceError(name, "empty", "is empty (no text at all)")
    return text


def read_source(path: Path) -> Source:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(
                name, "too-large", f"is {size / 1e6:.1f} MB; a letter is well under {MAX_BYTES // 1_000_000} MB, so this is not one letter"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(name, "unreadable", f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise SourceError(name, "empty", "is empty (0 bytes)")
    text = _decode(name, data)
    return Source(path=path, name=name, data=data, text=text, sha256=hashlib.sha256(data).hexdigest())


def letter_files(letters_dir: Path) -> list[Path]:
    return sorted(
        p for p in Path(letters_dir).iterdir() if p.is_file() and not p.name.startswith(".") and not p.name.upper().startswith("README")
    )


def load_sources(letters_dir: Path) -> tuple[list[Source], list[SourceError]]:
    """Every readable letter file in the folder (by name), and an error for each other one."""
    letters_dir = Path(letters_dir)
    if not letters_dir.is_dir():
        return [], [SourceError(str(letters_dir), "unreadable", "is not a folder")]
    loaded: list[Source] = []
    errors: list[SourceError] = []
    by_hash: dict[str, str] = {}
    for path in letter_files(letters_dir):
        try:
            src = read_source(path)
        except SourceError as exc:
            errors.append(exc)
            continue
        if src.sha256 in by_hash:
            errors.append(SourceError(src.name, "duplicate", f"is a byte-for-byte copy of {by_hash[src.sha256]}"))
            continue
        by_hash[src.sha256] = src.name
        loaded.append(src)
    return loaded, errors


def record_errors(tables: dict[str, list[dict]], errors: list[SourceError]) -> None:
    """Rejected files become data_issues rows, so the published data says what was left out."""
    for err in errors:
        tables["data_issues"].append(
            {"id": None, "letter_id": None, "source_file": err.source_file, "kind": f"rejected-{err.kind}", "message": str(err)}
        )
