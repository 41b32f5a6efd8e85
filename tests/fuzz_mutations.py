"""Seeded mutations of the five real letters, each with the outcome the build
must give: accept (one whole letter, only its typography changed) or refuse
(not one whole letter, or not clean text).

Used by tests/test_fuzz.py (a few hundred variants) and by
benchmarks/fuzz.py (a larger campaign). Pure: bytes in, bytes out.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

LETTERS = Path(__file__).resolve().parent.parent / "letters"

ACCEPT, REFUSE = "accept", "refuse"


@dataclass
class Variant:
    name: str  # mutation and its parameters, e.g. "truncate(000…, 0.731)"
    data: bytes
    expect: str  # ACCEPT or REFUSE
    letter: str  # the original letter's file name
    kind: str  # the mutation's name


def letters() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob("*.txt"))}


EXPORTS = ("pdf", "markdown", "web", "official web page")


def bases() -> dict[str, str]:
    """The texts the mutations start from: the five letters, and each
    re-exported as PDF text, Markdown, a web page's text and the official
    web page's text (tests/reexport.py), keyed `<file>` and `<file>:<export>`."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from reexport import to_markdown, to_pdf, to_web, word_from_records
    from sources_helpers import as_official_web_page

    from jbz.parse import parse_text

    out: dict[str, str] = {}
    for name, text in letters().items():
        out[name] = text
        word = text if "[footnoteRef:" in text else word_from_records(parse_text(text))
        made = {"pdf": to_pdf, "markdown": to_markdown, "web": to_web, "official web page": as_official_web_page}
        for fmt in EXPORTS:
            out[f"{name}:{fmt}"] = made[fmt](word)
    return out


# --- mutations that keep the letter whole (accept) -------------------------

_UNICODE_SPACES = ["\u00a0", "\u202f", "\u2009", "\u2002", "\u3000"]
_INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060"]


def unicode_spaces(text: str, rng: random.Random) -> str:
    """Some or all spaces replaced by no-break and other Unicode spaces."""
    share = rng.choice([0.05, 0.3, 1.0])
    space = rng.choice(_UNICODE_SPACES)
    return "".join(space if c == " " and rng.random() < share else c for c in text)


def invisible_characters(text: str, rng: random.Random) -> str:
    """Soft hyphens or zero-width characters inside words."""
    char = rng.choice(_INVISIBLE)
    words = re.split(r"(\w{6,})", text)
    for i in range(1, len(words), 2):
        if rng.random() < 0.2:
            k = rng.randrange(2, len(words[i]) - 2)
            words[i] = words[i][:k] + char + words[i][k:]
    return "".join(words)


def line_ends(text: str, rng: random.Random) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r"]))


def trailing_debris(text: str, rng: random.Random) -> str:
    """Blank lines, page numbers and rules after the end."""
    debris = rng.choice(["\n\n\n", "\n\n- 12 -\n", "\n\nPagina 9 van 9\n\n", "\n________________\n", "\n\f\n", "\n   \n\t\n"])
    return text.rstrip() + "\n" + debris


# --- mutations that make it something else than one whole letter (refuse) ---


def truncate(text: str, rng: random.Random) -> str:
    """Cut at 30-97 % of the text, inside a sentence (a cut right after a
    finished paragraph cannot be told from a shorter letter)."""
    for _ in range(50):
        pos = int(len(text) * rng.uniform(0.3, 0.97))
        before = text[:pos].rstrip()
        if before and before[-1].isalnum() and text[pos:pos + 1].strip():
            return text[:pos]
    return text[: int(len(text) * 0.5)]


def truncate_at_paragraph(text: str, rng: random.Random) -> str | None:
    """Cut at 30-97 % of the text right after a finished paragraph (a line
    ending in '.', '!', '?', ';' or ':'): what a letter's end looks like, so
    often not to be told from a shorter letter. Counted apart from the other
    mutations (`campaign`: truncations accepted)."""
    ends = [m.end() for m in re.finditer(r"[.!?;:][ \t]*(?:\r\n|\r|\n)", text)
            if 0.3 * len(text) <= m.start() <= 0.97 * len(text)]
    return text[: rng.choice(ends)] if ends else None


def concatenate(text: str, rng: random.Random, other: str) -> str:
    """This letter and another (or itself) in one file."""
    sep = rng.choice(["\n", "\n\n", "\n\n\n\f\n"])
    return text.rstrip() + sep + other


def delete_footnote_texts(text: str, rng: random.Random) -> str | None:
    """Remove some footnote texts, leaving their markers."""
    word = list(re.finditer(r"\[(\d+):[ \t]", text))
    if word:
        m = rng.choice(word)
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"[": 1, "]": -1}.get(text[i], 0)
            i += 1
        return text[: m.start()] + text[i:]
    md = list(re.finditer(r"(?m)^[⁰¹²³⁴⁵⁶⁷⁸⁹]+ .*\n?", text))
    if md:
        m = rng.choice(md)
        return text[: m.start()] + text[m.end():]
    return _delete_plain_footnote_text(text, rng)


def _delete_plain_footnote_text(text: str, rng: random.Random) -> str | None:
    """PDF and web-page text: remove one footnote's lines ("6 Zie …" and its
    continuation lines, or a line "6" and the line after it), leaving its
    marker glued to a word in the text. The note is picked among those the
    normaliser reads, and found again by its number and first words."""
    from jbz.normalize import normalize
    from jbz.whole import reading_text

    norm = normalize(reading_text(text))
    if norm.format not in ("pdf", "web") or not norm.footnotes:
        return None
    n = rng.choice(sorted(norm.footnotes))
    head = " ".join(norm.footnotes[n].split())[:12]
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, seps = parts[0::2], parts[1::2] + [""]
    plain = [" ".join(reading_text(line).split()) for line in lines]
    for i, line in enumerate(plain):
        if line == str(n) and i + 1 < len(lines) and plain[i + 1].startswith(head):
            drop = range(i, i + 2)
        elif line.startswith(f"{n} {head}"):
            j = i + 1
            while j < len(lines) and plain[j] and not re.match(rf"{n + 1} \S", plain[j]):
                j += 1
            drop = range(i, j)
        else:
            continue
        return "".join(line + sep for k, (line, sep) in enumerate(zip(lines, seps)) if k not in drop)
    return None


def delete_footnote_markers(text: str, rng: random.Random) -> str | None:
    """Remove a footnote marker, leaving its text (Word exports: explicit markers)."""
    refs = list(re.finditer(r"\[footnoteRef:\d+\]", text))
    if not refs:
        return None
    m = rng.choice(refs)
    return text[: m.start()] + text[m.end():]


def junk_lines(text: str, rng: random.Random) -> str:
    """Lines of junk (at least 3 % of the letter) inserted somewhere."""
    size = max(2000, int(len(text) * rng.uniform(0.03, 0.5)))
    kind = rng.choice(["letters", "symbols", "digits", "words"])
    if kind == "letters":
        junk = "".join(rng.choice("qxzjkvw") for _ in range(size))
    elif kind == "symbols":
        junk = "".join(rng.choice("#@$%^&~|<>{}") for _ in range(size))
    elif kind == "digits":
        junk = "".join(rng.choice("0123456789 ") for _ in range(size))
    else:
        junk = " ".join(rng.choice(["lorem", "ipsum", "qwerty", "asdf", "zxcv"]) for _ in range(size // 6))
    lines = text.split("\n")
    k = rng.randrange(len(lines) // 4, len(lines))
    return "\n".join(lines[:k] + [junk] + lines[k:])


def control_characters(text: str, rng: random.Random) -> str:
    """A few NUL, escape, bell or C1 characters somewhere in the text."""
    chars = rng.choice(["\x00", "\x1b", "\x07", "\x01", "\x08", "\x7f", "\x85\x9c"])
    out = list(text)
    for _ in range(rng.randint(1, 5)):
        out.insert(rng.randrange(len(out) // 3, len(out)), chars)
    return "".join(out)


# --- assembly ---------------------------------------------------------------


def _encode(text: str, rng: random.Random) -> tuple[bytes, str, str]:
    """UTF-8 (sometimes with a BOM: accept) or a legacy encoding (refuse)."""
    roll = rng.random()
    if roll < 0.1:
        return b"\xef\xbb\xbf" + text.encode("utf-8"), ACCEPT, "utf-8-bom"
    return text.encode("utf-8"), ACCEPT, "utf-8"


def _legacy(text: str, rng: random.Random) -> tuple[bytes, str]:
    enc = rng.choice(["cp1252", "latin-1", "utf-16"])
    return text.encode(enc, errors="replace"), enc


KEEPS: dict[str, Callable] = {
    "unicode-spaces": unicode_spaces,
    "invisible-characters": invisible_characters,
    "line-ends": line_ends,
    "trailing-debris": trailing_debris,
}
BREAKS: dict[str, Callable] = {
    "truncate": truncate,
    "truncate-at-paragraph": truncate_at_paragraph,
    "concatenate": concatenate,
    "delete-footnote-texts": delete_footnote_texts,
    "delete-footnote-markers": delete_footnote_markers,
    "junk-lines": junk_lines,
    "control-characters": control_characters,
    "encoding": None,
}


def variants(count: int, seed: int = 12) -> list[Variant]:
    """`count` seeded variants: about one in three keeps the letter whole
    (one or two typographic mutations), the others break it in one way
    (sometimes on top of a typographic mutation)."""
    rng = random.Random(seed)
    texts = bases()
    names = sorted(texts)
    out: list[Variant] = []
    while len(out) < count:
        name = rng.choice(names)
        text = texts[name]
        applied = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            kind = rng.choice(sorted(KEEPS))
            if kind == "line-ends" and "line-ends" in applied:
                continue
            text = KEEPS[kind](text, rng)
            applied.append(kind)
        if rng.random() < 0.35:
            data, expect, enc = _encode(text, rng)
            kind = "+".join(applied) or "original"
            out.append(Variant(f"{kind}[{enc}]({name})", data, expect, name, kind))
            continue
        kind = rng.choice(sorted(BREAKS))
        if kind == "encoding":
            if text.isascii():
                continue
            data, enc = _legacy(text, rng)
            out.append(Variant(f"encoding-{enc}({name})", data, REFUSE, name, kind))
            continue
        if kind == "concatenate":
            other = texts[rng.choice(names)]
            broken = concatenate(text, rng, other)
        else:
            broken = BREAKS[kind](text, rng)
        if broken is None:
            continue
        label = "+".join(applied + [kind])
        out.append(Variant(f"{label}({name})", broken.encode("utf-8"), REFUSE, name, kind))
    return out


def run(variant: Variant, folder: Path, seconds: float = 60) -> tuple[str, str]:
    """Read and parse one variant as the build does, within a time budget:
    ("accept" | "refuse" | "crash" | "hang", message)."""
    from jbz import pipeline, sources

    path = folder / "letter.txt"
    path.write_bytes(variant.data)
    try:
        src = sources.read_source(path)
        pipeline.parse_within_budget(src, seconds=seconds)
    except sources.SourceError as err:
        if err.kind == "over-budget":
            return "hang", err.message
        if err.kind == "parse-error":
            return "crash", err.message
        return REFUSE, f"{err.kind}: {err.message}"
    except Exception as exc:  # noqa: BLE001 - a crash is what we look for
        return "crash", f"{type(exc).__name__}: {exc}"
    return ACCEPT, ""


TRUNCATIONS = ("truncate", "truncate-at-paragraph")


def campaign(count: int, seed: int, folder: Path, seconds: float = 60) -> dict:
    """Run `count` variants; figures and the failures by category. A cut
    right after a finished paragraph that is accepted is no failure (it may
    read as a whole, shorter letter) but is listed under "truncations
    accepted", with every truncation counted under "truncations"."""
    result = {"variants": 0, "crashes": [], "hangs": [], "wrongly accepted": [], "wrongly refused": [], "by kind": {},
              "truncations": 0, "truncations accepted": [], "truncations by kind": {k: {"variants": 0, "accepted": 0} for k in TRUNCATIONS}}
    for v in variants(count, seed):
        outcome, message = run(v, folder, seconds)
        result["variants"] += 1
        kind = result["by kind"].setdefault(v.kind, {"variants": 0, "wrong": 0})
        kind["variants"] += 1
        if v.kind in TRUNCATIONS:
            result["truncations"] += 1
            result["truncations by kind"][v.kind]["variants"] += 1
            if outcome == ACCEPT:
                result["truncations accepted"].append((v.name, ""))
                result["truncations by kind"][v.kind]["accepted"] += 1
        failure = {"crash": "crashes", "hang": "hangs"}.get(outcome)
        if failure is None and outcome != v.expect and not (v.kind == "truncate-at-paragraph" and outcome == ACCEPT):
            failure = "wrongly accepted" if outcome == ACCEPT else "wrongly refused"
        if failure:
            kind["wrong"] += 1
            result[failure].append((v.name, message[:200]))
    return result
