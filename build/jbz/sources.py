"""Reading letter files: the build's only file input, and its guard.

Each check that fails gives a `SourceError` naming the file, saying what is
wrong and what to do; the other files are still read. Whether a readable
text is a government letter about the JBZ-Raad, and whether it is whole, is
judged apart from reading it, on the decoded text (`jbz.recognise`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .prefilter import utf8_groups, utf8_present

MAX_BYTES = 5 * 1024 * 1024  # letters are < 0.2 MB; anything this big is not one letter
KINDS = ("empty", "binary", "encoding", "too-large", "duplicate", "not-a-letter", "truncated", "unreadable",
         "control-characters", "two-letters", "footnotes", "coverage", "over-budget")
MAGIC = {
    b"%PDF": "a PDF file; save it as text first (e.g. `pdftotext -layout FILE`)",
    b"PK\x03\x04": "a ZIP archive or Word/ODF document (.docx/.odt); save it as plain text (.txt) first",
    b"\xd0\xcf\x11\xe0": "an old Word/Office file (.doc); save it as plain text (.txt) first",
    b"{\\rtf": "an RTF document; save it as plain text (.txt) first",
    b"\x89PNG": "a PNG image, not a text",
    b"\xff\xd8\xff": "a JPEG image, not a text",
    b"GIF8": "a GIF image, not a text",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"7z\xbc\xaf": "a 7-Zip archive; unpack it first",
    b"Rar!": "a RAR archive; unpack it first",
}
# Bytes that never occur in a text export (form feed, tab and line ends do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v") + b"\x7f"
_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class Source:
    """One letter file: its bytes and its decoded text (verbatim, only a
    UTF-8 byte-order mark removed)."""

    path: Path
    name: str
    data: bytes
    text: str
    sha256: str


class SourceError(Exception):
    """A file the build refused: `kind` is one of KINDS (the pipeline may add
    its own, e.g. `parse-error`), `message` says what is wrong and what to do."""

    def __init__(self, source_file: str, kind: str, message: str):
        super().__init__(f"{source_file}: {message}")
        self.source_file = source_file
        self.kind = kind
        self.message = message

    def __reduce__(self):  # survives pickling (letters are parsed in a child process)
        return (SourceError, (self.source_file, self.kind, self.message))


# --- reading -----------------------------------------------------------------


def _binary_reason(data: bytes) -> str | None:
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return f"is {what}"
    sample = data[:_SAMPLE]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text, refused as an encoding problem
    if b"\x00" in sample:
        return "is a binary file (it holds NUL bytes), not a text export of a letter"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # one pass, not one per control byte
    if controls > max(8, len(sample) // 200):
        return f"is a binary file ({controls} control bytes in its first {len(sample):,}), not a text export of a letter"
    return None


def _encoding_reason(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    where = f"byte 0x{data[exc.start]:02X} at offset {exc.start}, line {line}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text, not UTF-8; convert it with `iconv -f utf-16 -t utf-8`"
    try:
        as_1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        return f"is not valid UTF-8 ({where}) and no Windows-1252 text either; save it as UTF-8 text"
    # Show the word the bad byte sits in, read as Windows-1252, so the reader sees it was meant as "geïnformeerd".
    start = max(data.rfind(b" ", 0, exc.start), data.rfind(b"\n", 0, exc.start)) + 1
    stop = min(i for i in (data.find(b" ", exc.start), data.find(b"\n", exc.start), len(data)) if i >= 0)
    word = data[start:stop].decode("cp1252", errors="replace").strip()[:40]
    dutch = sum(as_1252.count(c) for c in "ëïéèöüáó’‘“”–€")
    guess = "looks like Windows-1252" if dutch else "may be Windows-1252 or Latin-1"
    return (
        f"is not valid UTF-8 ({where}, in '{word}'); it {guess}: convert it with "
        f"`iconv -f cp1252 -t utf-8 FILE > FILE.utf8` and use that file"
    )


def decode(name: str, data: bytes) -> str:
    """The text of a file's bytes, or a SourceError saying why it is no text."""
    if not data:
        raise SourceError(name, "empty", "is empty (0 bytes); export the letter again or remove the file")
    reason = _binary_reason(data)
    if reason:
        raise SourceError(name, "binary", reason)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(name, "encoding", _encoding_reason(data, exc)) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceError(name, "empty", f"holds only whitespace ({len(data)} bytes); export the letter again or remove the file")
    return text


def display_name(path: Path) -> str:
    """A file's name as valid text: bytes that are not UTF-8 (a name from
    another system) shown as `\\xff`, control characters as `\\x07`, so
    the name can be printed and stored in the database."""
    raw = os.fsencode(Path(path).name)
    name = raw.decode("utf-8", "backslashreplace")
    if name.isprintable():  # nearly every name (2,000 of them on each rebuild): as it is
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)


def read_source(path: Path) -> Source:
    """One letter file. The size is checked before anything is read, so a
    huge file costs nothing."""
    path = Path(path)
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(
                name, "too-large",
                f"is {size / 1e6:.1f} MB; one letter is well under 1 MB (the limit is {MAX_BYTES / 1e6:.1f} MB), "
                "so this is not a single letter: split it or remove it",
            )
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(name, "unreadable", f"cannot be read ({exc.strerror or exc}); check its permissions") from None
    if len(data) > MAX_BYTES:  # grew while we looked, or a special file
        raise SourceError(name, "too-large", f"is over {MAX_BYTES / 1e6:.1f} MB; this is not a single letter")
    text = decode(name, data)
    return Source(path=path, name=name, data=data, text=text, sha256=hashlib.sha256(data).hexdigest())


def letter_files(letters_dir: Path) -> list[Path]:
    """The files of a letters folder by name; hidden files and READMEs are not letters."""
    return sorted(
        (p for p in Path(letters_dir).iterdir()
         if p.is_file() and not p.name.startswith(".") and not p.name.upper().startswith("README")),
        key=lambda p: p.name,
    )


# What str.split (and \s) takes for whitespace: the ASCII bytes, and the UTF-8 of the others (none above U+3000),
# by groups sharing their first bytes (`prefilter.utf8_groups`)
_ASCII_SPACE = bytes(b for b in range(128) if chr(b).isspace())
_WIDE_SPACE = utf8_groups(chr(c) for c in range(128, 0x3001) if chr(c).isspace())


def text_key(text: str, data: bytes | None = None) -> str:
    """The same text whatever its line ends and spacing: the SHA-256 of its
    characters without whitespace (`str.split` drops what `\\s` matches).
    `data`: the bytes `decode` made `text` of, when at hand: the same key read
    off them, without cutting the text into words (UTF-8 spells each character
    alone, so dropping the bytes of the whitespace drops the whitespace)."""
    if data is None:
        if text.startswith("\ufeff"):  # its bytes would open with what is dropped as a byte-order mark below
            return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()
        data = text.encode("utf-8")  # and on as from the bytes: faster than cutting the text into words
    else:
        data = data.removeprefix(b"\xef\xbb\xbf")  # the byte-order mark `decode` drops
    for spaces in list(utf8_present(data, _WIDE_SPACE)):  # (listed first: `data` changes on the way)
        data = spaces.sub(b"", data)
    return hashlib.sha256(data.translate(None, _ASCII_SPACE)).hexdigest()


def load_sources(letters_dir: Path) -> tuple[list[Source], list[SourceError]]:
    """Every readable letter file in the folder (by name), and an error for
    each other one. Copies (the same bytes, or the same text with other line
    ends or spacing) keep one file, chosen by content (`jbz.duplicates`):
    the fewest bytes (no CR, BOM or extra spaces), then the smallest SHA-256;
    of byte-identical copies (same rows whichever is kept) the first name."""
    letters_dir = Path(letters_dir)
    if not letters_dir.is_dir():
        return [], [SourceError(str(letters_dir), "unreadable", "is not a folder; give the folder that holds the letter files")]
    errors: list[SourceError] = []
    by_text: dict[str, list[Source]] = {}
    for path in letter_files(letters_dir):
        try:
            src = read_source(path)
        except SourceError as exc:
            errors.append(exc)
            continue
        by_text.setdefault(text_key(src.text, src.data), []).append(src)
    loaded: list[Source] = []
    for copies in by_text.values():
        copies.sort(key=lambda c: (len(c.data), c.sha256, c.name))
        kept = copies[0]
        loaded.append(kept)
        for src in copies[1:]:
            if src.sha256 == kept.sha256:
                errors.append(SourceError(src.name, "duplicate", f"is a byte-for-byte copy of {kept.name}, which is kept; remove one of the two"))
            else:
                errors.append(SourceError(
                    src.name, "duplicate", f"holds the same text as {kept.name} (only spacing or line ends differ), which is kept; remove one of the two"
                ))
    loaded.sort(key=lambda c: c.name)
    errors.sort(key=lambda e: e.source_file)
    return loaded, errors


def record_errors(tables: dict[str, list[dict]], errors: list[SourceError]) -> None:
    """Rejected files become data_issues rows (kind `rejected-<kind>`), so the
    published data says what was left out. Ids are the caller's job."""
    for err in errors:
        tables.setdefault("data_issues", []).append(
            {"id": None, "letter_id": None, "source_file": err.source_file, "kind": f"rejected-{err.kind}", "message": err.message}
        )
