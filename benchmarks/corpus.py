"""A synthetic corpus of any size made from the letters in letters/, for the
benchmarks (never for tests of the parser: the letters it makes are not real).

    .venv/bin/python benchmarks/corpus.py N OUT_DIR

Copy `k` of the five letters is one consistent variant of all of them:

- every year is shifted by the same offset (kept within 1945..2095, so the
  date parser still reads it), and every month name is rotated by the same
  number of months (only rotations that keep every day of every letter a valid
  day of its new month are used), so meetings, letter dates and the dates
  other letters cite move together;
- the dossier's own letter numbers (stated, or inferred from a citation) are
  mapped to new numbers unique to the copy, in the letters and in the
  citations between them, so numbers are still inferred within a copy;
- an Eerste Kamer letter gets a new letter code (`QF` -> `AB`, `ABC` …).

Letters without a number get their id from their meeting date, so they stay
distinct only as long as the (year, month) variants last (over 100 copies);
beyond that they get a number line, so a corpus of any size is valid. The
export formats of letters/ (Word-to-text, Markdown, PDF text) are kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February as in a common year
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.I)
# "12 juni", "12 en 13 juni", "13-\n14 oktober", "29 februari t/m 1 maart": the days before a month name
_DAYS_BEFORE = re.compile(r"((?:\b\d{1,2}\s*(?:en|-|–|t/m|tot en met|,)\s*)*\b\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.I)
_YEAR = re.compile(r"(?<![\d/])\b(19[4-9]\d|20\d\d)\b")
_NUMBER = re.compile(r"\b([Nn]r\.\s*)(\d{3,4})\b")
# letters span three years: offsets three apart keep the copies' meetings apart
YEAR_OFFSETS = [0] + [s * 3 * k for k in range(1, 40) for s in (1, -1)]


def _valid_rotations(texts: list[str]) -> list[int]:
    """Month rotations under which every '<day> <month>' stays a real date."""
    pairs = set()
    for text in texts:
        for days, month in _DAYS_BEFORE.findall(text):
            m = MONTHS.index(month.lower())
            pairs.update((int(d), m) for d in re.findall(r"\d+", days))
    return [r for r in range(12) if all(1 <= d <= DAYS[(m + r) % 12] for d, m in pairs)]


def _letter_code(i: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if i < 26 * 26:
        return letters[i // 26] + letters[i % 26]
    i -= 26 * 26
    return letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]


def _rotate_month(m: re.Match, r: int) -> str:
    word = m.group(1)
    new = MONTHS[(MONTHS.index(word.lower()) + r) % 12]
    return new.capitalize() if word[0].isupper() else new


class Corpus:
    """The variants of the source letters; `letter(k)` is the k-th file."""

    def __init__(self, sources: Path = ROOT / "letters", own_numbers: set[str] | None = None):
        self.files = sorted(p for p in Path(sources).iterdir() if p.is_file() and not p.name.startswith("."))
        self.texts = [p.read_text(encoding="utf-8") for p in self.files]
        rotations = _valid_rotations(self.texts)
        max_year = max(int(y) for t in self.texts for y in _YEAR.findall(t))
        min_year = min(int(y) for t in self.texts for y in _YEAR.findall(t))
        offsets = [o for o in YEAR_OFFSETS if min_year + o >= 1945 and max_year + o <= 2095]
        # consecutive copies differ in year first, so small corpora spread over the years
        self.variants = [(o, r) for r in rotations for o in offsets]
        self.numbers = sorted(own_numbers if own_numbers is not None else self._own_numbers())
        self.numbered = [bool(re.search(r"(?m)^\W*Nr\.\s*\S|^[A-Z]{1,3}[ \t]*$", t[:3000])) for t in self.texts]

    def _own_numbers(self) -> set[str]:
        """Numbers of dossier 32 317 the letters cite or state (32317, nr. 948):
        the letters' own numbers and their neighbours in the dossier."""
        found = set()
        for t in self.texts:
            found.update(re.findall(r"32\s?317,?\s+nr\.\s*(\d{3,4})\b", t, re.I))
            m = re.search(r"(?m)^\W*Nr\.\s*(\d+)", t[:3000])
            if m:
                found.add(m.group(1))
        return found

    def __len__(self) -> int:
        return len(self.files)

    def name(self, k: int) -> str:
        copy, i = divmod(k, len(self.files))
        return f"{copy:05d}_{self.files[i].name}"

    def letter(self, k: int) -> str:
        copy, i = divmod(k, len(self.files))
        text = self.texts[i]
        offset, rotation = self.variants[copy % len(self.variants)]
        text = _YEAR.sub(lambda m: str(int(m.group(1)) + offset), text)
        if rotation:
            text = _MONTH.sub(lambda m: _rotate_month(m, rotation), text)
        index = {n: j for j, n in enumerate(self.numbers)}
        base = 10_000 + copy * len(self.numbers)
        text = _NUMBER.sub(lambda m: m.group(1) + (str(base + index[m.group(2)]) if m.group(2) in index else m.group(2)), text)
        text = re.sub(r"(?m)^([ \t]*)(QF)([ \t]*)$", lambda m: m.group(1) + _letter_code(copy) + m.group(3), text, count=1)
        if not self.numbered[i] and copy >= len(self.variants):
            text = f"Nr. {base + len(self.numbers) + i}\n" + text.lstrip("\ufeff")
        return text

    def write(self, n: int, out: Path) -> Path:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for k in range(n):
            (out / self.name(k)).write_text(self.letter(k), encoding="utf-8")
        return out


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    corpus = Corpus()
    corpus.write(n, out)
    print(f"{n} letters in {out} ({len(corpus.variants)} date variants, numbers {corpus.numbers})")


if __name__ == "__main__":
    main()
