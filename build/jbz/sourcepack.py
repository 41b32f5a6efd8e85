"""The verbatim source of a letter, stored small: compressed against the
letter's own parsed text.

`letters.text` keeps every source file byte for byte (its SHA-256 is
`letters.source_sha256`), but nearly all of those bytes are also in the
letter's paragraphs and footnotes, wrapped lines joined. zlib alone packs a
source to about 0.32 of its size; compressed with the parsed text as zlib's
preset dictionary it takes about 0.08 (2,000 synthetic letters: 117 MB of
sources, 38 MB with zlib alone, 9 MB packed), because what the parser kept
becomes back-references and only the differences (line breaks, markers,
page headers) are stored.

Two stored forms, told apart by their first bytes:

- a zlib stream (starts with 0x78): `zlib.decompress(stored)` is the file;
  used when the letter has no parsed text to lean on or packing is no
  shorter;
- `MAGIC` + the packed form: the file needs its base, `base(paragraphs,
  footnotes)` of the letter's paragraph and footnote texts in id order, as
  the database holds them (`unpack(stored, base)`; the site's
  `/brief/<id>/bron.txt` does this, and jbz.database.read_source).

The packed form: the positions of the line breaks that follow a space
(a PDF's hard-wrapped lines; the parsed text has a space there), as varint
gaps, zlib-compressed; then the source without those line breaks in chunks
of `CHUNK` bytes, each a zlib stream whose preset dictionary is the 32 KiB of
the base around where the chunk's text is found in it (zlib reaches 32 KiB
back, so one dictionary cannot cover a whole letter). Everything is a pure
function of the source and the base: the same bytes give the same stored
bytes. `pack` checks that `unpack` gives the source back before it answers,
and falls back to plain zlib otherwise, so nothing can be lost.
"""

from __future__ import annotations

import struct
import zlib
from itertools import accumulate

MAGIC = b"JBZ\x01"  # a zlib stream starts with 0x78, never with "J"
LEVEL = 6
CHUNK = 8192  # source bytes per stream: smaller chunks follow the base more closely
WINDOW = 32768  # zlib's window: the preset dictionary's useful length
BEHIND = 8192  # dictionary bytes before the chunk's place in the base
_PROBE = 32  # bytes of the chunk looked up in the base to find its place


def base(paragraphs, footnotes) -> bytes:
    """The parsed text a source is packed against: the paragraph texts, then the
    footnote texts, each list in id order (NULL as empty)."""
    return ("\n".join(p or "" for p in paragraphs) + "\n\n" + "\n".join(f or "" for f in footnotes)).encode("utf-8")


def _varints(gaps) -> bytes:
    out = bytearray()
    for gap in gaps:
        while gap >= 0x80:
            out.append((gap & 0x7F) | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def _gaps(data: bytes) -> list[int]:
    out, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            out.append(value)
            value, shift = 0, 0
    return out


def _place(chunk: bytes, base_: bytes, expected: int) -> int:
    """Where the chunk's text starts in the base: the first probe of the chunk
    (a line break or a `[`, as in `[footnoteRef:3]`, mark text the parser changed)
    found in the base within a few windows around the expected place; else the
    expected place. The search is bounded so that packing stays linear in the
    source (searching to the base's end made a text unlike its base quadratic:
    1 MB took 1 s, 5 MB would take 25 s)."""
    lo = max(0, expected - 4 * WINDOW)
    hi = expected + 4 * WINDOW + CHUNK
    for offset in range(0, min(len(chunk) - _PROBE, 4096), 61):
        probe = chunk[offset:offset + _PROBE]
        if b"\n" in probe or b"[" in probe:
            continue
        i = base_.find(probe, lo, hi)
        if i >= 0:
            return i - offset
    return expected


def _dictionary_start(place: int, base_: bytes) -> int:
    return min(max(0, place - BEHIND), max(0, len(base_) - WINDOW))


def pack(data: bytes, base_: bytes) -> bytes:
    """The stored form of a source file's bytes: packed against `base_` when that
    gives the bytes back and is under a quarter of them or shorter than plain
    zlib, else plain zlib."""
    if not base_.strip():
        return zlib.compress(data, LEVEL)
    # the line breaks that follow a space: their places in the source without them (the k-th " \n" at
    # offset s gives s + 1 - k), read off the pieces between them; `flat` has a space for each " \n"
    pieces = data.split(b" \n")
    wraps = list(accumulate(len(p) + 1 for p in pieces[:-1]))
    flat = b" ".join(pieces)
    breaks = zlib.compress(_varints(b - a for a, b in zip([0] + wraps, wraps)), LEVEL)
    out = [MAGIC, struct.pack(">I", len(breaks)), breaks]
    expected, ratio = 0, len(base_) / max(1, len(flat))
    for start in range(0, len(flat), CHUNK):
        chunk = flat[start:start + CHUNK]
        place = _place(chunk, base_, expected)
        begin = _dictionary_start(place, base_)
        stream = zlib.compressobj(LEVEL, zdict=base_[begin:begin + WINDOW])
        packed = stream.compress(chunk) + stream.flush()
        out += [struct.pack(">II", begin, len(packed)), packed]
        expected = place + int(CHUNK * ratio)
    packed = b"".join(out)
    if unpack(packed, base_) != data:
        return zlib.compress(data, LEVEL)
    # zlib alone takes 0.32-0.35 of a letter: a packed form under a quarter of the
    # source is the shorter without compressing it a second time (half the CPU)
    if len(packed) * 4 <= len(data):
        return packed
    plain = zlib.compress(data, LEVEL)
    return packed if len(packed) < len(plain) else plain


def is_packed(stored: bytes) -> bool:
    return stored.startswith(MAGIC)


def unpack(stored: bytes, base_: bytes | None = None) -> bytes:
    """The source file's bytes from their stored form (`base_` is needed when packed)."""
    if not is_packed(stored):
        return zlib.decompress(stored)
    if base_ is None:
        raise ValueError("a packed source needs its letter's parsed text (sourcepack.base)")
    at = len(MAGIC)
    (size,) = struct.unpack_from(">I", stored, at)
    at += 4
    wraps = _gaps(zlib.decompress(stored[at:at + size]))
    at += size
    pieces = []
    while at < len(stored):
        begin, size = struct.unpack_from(">II", stored, at)
        at += 8
        stream = zlib.decompressobj(zdict=base_[begin:begin + WINDOW])
        pieces.append(stream.decompress(stored[at:at + size]) + stream.flush())
        at += size
    flat = b"".join(pieces)
    out, prev, place = [], 0, 0
    for gap in wraps:
        place += gap
        out += [flat[prev:place], b"\n"]
        prev = place
    out.append(flat[prev:])
    return b"".join(out)
