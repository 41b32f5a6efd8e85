"""Title folding, phrase matching and similarity shared by the linking steps.

Everything here is linear in the length of the text: titles are cut to
`MAX_WORDS` words before phrases are matched against them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..normalize.common import fold

ARTICLES = frozenset(("de", "het", "een"))
GAP = "…"
MAX_GAP = 6  # words a `…` in a phrase may skip
MAX_WORDS = 60  # words of a title that are matched at all
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def words(text: str) -> list[str]:
    """Lower case, accents and punctuation removed, articles left out:
    "Asiel- en migratiepact: implementatie" → [asiel, en, migratiepact, implementatie]."""
    return list(_words(text or ""))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:  # titles recur from meeting to meeting: each is folded once
    folded = _PUNCTUATION.sub(" ", fold(text))
    return tuple([w for w in folded.split() if w not in ARTICLES][:MAX_WORDS])


def joined_words(text: str) -> str:
    """`words` joined by spaces (the form titles are compared in)."""
    return " ".join(_words(text or ""))


class Phrase:
    """A vocabulary phrase: words in order; `…` lets up to MAX_GAP words stand
    between two parts; a leading `=` means the phrase must be the whole title."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        body = self.text[1:] if self.text.startswith("=") else self.text
        self.whole = self.text.startswith("=")
        self.parts = [p for p in (words(part) for part in body.replace("...", GAP).split(GAP)) if p]
        self.size = sum(len(p) for p in self.parts)

    def _at(self, tokens: list[str], start: int) -> int | None:
        """End of a match whose first part starts at `start`, else None."""
        pos = start
        for i, part in enumerate(self.parts):
            limit = pos if i == 0 else min(len(tokens) - len(part), pos + MAX_GAP)
            found = None
            for s in range(pos, limit + 1):
                if tokens[s : s + len(part)] == part:
                    found = s
                    break
            if found is None:
                return None
            pos = found + len(part)
        return pos

    def match(self, tokens: list[str]) -> bool:
        """Does the phrase occur in the title words (as the whole title for `=`)?"""
        if not self.parts:
            return False
        if self.whole:
            return self._at(tokens, 0) == len(tokens)
        first = self.parts[0][0]  # a match starts on the phrase's first word: only those places are tried
        return any(self._at(tokens, s) is not None for s, token in enumerate(tokens) if token == first)

    def prefix(self, tokens: list[str]) -> int | None:
        """Words the phrase covers when it opens the title, else None."""
        return self._at(tokens, 0) if self.parts else None


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character trigrams of two folded titles (0–1):
    robust to typing errors ("Schengegebied") and small changes of wording."""
    ta, tb = trigrams(" ".join(words(a))), trigrams(" ".join(words(b)))
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


class SimilarTitles:
    """The known titles most like a given one (Dice of character trigrams ≥ a
    threshold), without comparing it with every known title: an inverted index
    from trigram to titles, probed only with the title's rarest trigrams
    ("prefix filtering": a title with Dice ≥ t shares at least t·|A|/(2−t) of
    A's |A| trigrams, so it holds one of A's |A| − ⌈t·|A|/(2−t)⌉ + 1 rarest).
    Equal titles are indexed once."""

    def __init__(self, entries: list[tuple[str, str]], threshold: float) -> None:
        self.threshold = threshold
        self.grams: list[set[str]] = []
        self.entries: list[tuple[str, str]] = []  # (folded title, payload)
        self.postings: dict[str, list[int]] = {}
        self._seen: dict[str, tuple[float, str | None, str]] = {}
        for text, payload in dict.fromkeys((joined_words(t), p) for t, p in dict.fromkeys(entries)):
            grams = trigrams(text) if text else set()
            if not grams:
                continue
            n = len(self.entries)
            self.entries.append((text, payload))
            self.grams.append(grams)
            for g in grams:
                self.postings.setdefault(g, []).append(n)

    def best(self, title: str) -> tuple[float, str | None, str]:
        """(score, payload, known title) of the most similar known title at or
        above the threshold, ties to the smallest (payload, title); (0, None, '') if none."""
        text = joined_words(title)
        if text not in self._seen:  # titles recur from meeting to meeting
            self._seen[text] = self._best(text)
        return self._seen[text]

    def _best(self, text: str) -> tuple[float, str | None, str]:
        grams = trigrams(text) if text else set()
        if not grams:
            return 0.0, None, ""
        t = self.threshold
        need = t * len(grams) / (2 - t)
        prefix = len(grams) - max(1, -int(-need // 1)) + 1  # ⌈need⌉, at least one
        order = sorted(grams, key=lambda g: (len(self.postings.get(g, ())), g))[: max(1, prefix)]
        candidates = {n for g in order for n in self.postings.get(g, ())}
        best: tuple[float, str | None, str] = (0.0, None, "")
        low, high = len(grams) * t / (2 - t), len(grams) * (2 - t) / t  # Dice ≥ t bounds the other's size
        for n in candidates:
            other = self.grams[n]
            if not low <= len(other) <= high:
                continue
            score = 2 * len(grams & other) / (len(grams) + len(other))
            text_n, payload = self.entries[n]
            if score >= t and (score > best[0] or (score == best[0] and (payload, text_n) < (best[1] or "", best[2]))):
                best = (score, payload, text_n)
        return best
