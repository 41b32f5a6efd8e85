"""Cheap tests that a regular expression cannot match a text.

`needles(pattern)` reads a compiled pattern's syntax tree and returns
strings of which every match must contain at least one ("steun", "instem",
"Motie"/"motie", …), or None when it cannot tell (a pattern that may match
without any fixed characters). `may_match(needles, text)` is then a few
substring tests (`in`, in C and fast) instead of a regex scan: when it says
no, the pattern has no match in the text, so skipping the scan changes
nothing. `finditer` and `search` do that for a pattern. The needles are
derived from the pattern itself, never written by hand, so they stay right
when a pattern is edited.

Under IGNORECASE only characters without case (digits, punctuation, spaces)
count as fixed: the engine compares those exactly, while a letter may match
other spellings ("K" the Kelvin sign, "s" the long s).
"""

from __future__ import annotations

import re
import sys

import _sre

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT) + ((C.POSSESSIVE_REPEAT,) if hasattr(C, "POSSESSIVE_REPEAT") else ())
MAX_CHOICES = 64  # a run of fixed characters with more spellings than this is cut


def _fixed(code: int, ignorecase: bool) -> bool:
    return not (ignorecase and _sre.unicode_iscased(code))


def _choices(op, av, ignorecase: bool) -> list[str] | None:
    """The strings one item can match when they are few and fixed ("a",
    "[Hh]", "(?:lid|leden)"), else None."""
    if op is C.LITERAL:
        return [chr(av)] if _fixed(av, ignorecase) else None
    if op is C.IN:
        if all(o is C.LITERAL and _fixed(a, ignorecase) for o, a in av):
            return [chr(a) for _, a in av]
        return None
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _sequence_choices(sub, _inner(ignorecase, add_flags, del_flags))
    if op is C.BRANCH:
        out: list[str] = []
        for alternative in av[1]:
            found = _sequence_choices(alternative, ignorecase)
            if found is None:
                return None
            out += found
        return out if len(out) <= MAX_CHOICES else None
    return None


def _sequence_choices(items, ignorecase: bool) -> list[str] | None:
    out = [""]
    for op, av in items:
        if op is C.AT:
            continue  # zero-width: it narrows where, not what, a sequence matches
        found = _choices(op, av, ignorecase)
        if found is None:
            return None
        out = [a + b for a in out for b in found]
        if len(out) > MAX_CHOICES:
            return None
    return out


def _inner(ignorecase: bool, add_flags: int, del_flags: int) -> bool:
    return (ignorecase or bool(add_flags & C.SRE_FLAG_IGNORECASE)) and not del_flags & C.SRE_FLAG_IGNORECASE


SELECTIVE = 5  # a string this long is rare enough in prose; beyond it, fewer strings to test count more


def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is `a` the better set to test than `b`: its shortest string longer (up
    to `SELECTIVE` characters), then fewer strings, then longer."""
    def score(s):
        shortest = min(map(len, s))
        return min(shortest, SELECTIVE), -len(s), shortest
    return score(a) > score(b)


def _required(items, ignorecase: bool) -> frozenset[str] | None:
    """Strings of which every match of the sequence `items` contains one, or None."""
    best: frozenset[str] | None = None
    run = [""]  # the spellings of the fixed characters read last, which stand together in every match

    def consider(found) -> None:
        nonlocal best
        found = frozenset(found) if found else None
        if found and all(found) and (best is None or _better(found, best)):
            best = found

    for op, av in items:
        if op is C.AT:
            continue  # zero-width (\b, ^, $): the characters on either side stand next to each other in the match
        found = _choices(op, av, ignorecase)
        if found is not None:
            longer = [a + b for a in run for b in found]
            if len(longer) <= MAX_CHOICES:
                run = longer
            else:
                consider(run)
                run = found
            continue
        consider(run)
        run = [""]
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            consider(_required(sub, _inner(ignorecase, add_flags, del_flags)))
        elif op is C.ATOMIC_GROUP:
            consider(_required(av, ignorecase))
        elif op is C.BRANCH:
            alternatives = [_required(b, ignorecase) for b in av[1]]
            if all(a is not None for a in alternatives):
                consider(frozenset().union(*alternatives))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                consider(_required(sub, ignorecase))
        # anything else (a cased letter under IGNORECASE, a character class, any character, a lookaround,
        # a back-reference) requires no fixed string
    consider(run)
    return best


def needles(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains, or None when
    no such strings are known (then the pattern must be run)."""
    if pattern.flags & (re.LOCALE | re.ASCII) or not isinstance(pattern.pattern, str):
        return None
    found = _required(P.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))
    if not found:
        return None
    # "kennis" is enough where "kennis van" would be tested too
    return tuple(sorted(n for n in found if not any(m != n and m in n for m in found)))


def may_match(found: tuple[str, ...] | None, text: str) -> bool:
    """False only when `text` holds none of the needles (so the pattern cannot match)."""
    if found is None:
        return True
    for n in found:  # a plain loop: cheaper than any() over a generator, and this runs for every text
        if n in text:
            return True
    return False


# id of a pattern → (the pattern, its needles); by id, as hashing a pattern hashes its whole compiled code
_NEEDLES: dict[int, tuple[re.Pattern, tuple[str, ...] | None]] = {}


def _needles_of(pattern: re.Pattern) -> tuple[str, ...] | None:
    entry = _NEEDLES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = _NEEDLES[id(pattern)] = (pattern, needles(pattern))
    return entry[1]


def possible(pattern: re.Pattern, text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text` (it holds none of its needles)."""
    entry = _NEEDLES.get(id(pattern))
    found = entry[1] if entry is not None and entry[0] is pattern else _needles_of(pattern)
    if found is None:
        return True
    for n in found:  # may_match, inlined: this runs a dozen times per paragraph
        if n in text:
            return True
    return False


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize):
    """`pattern.finditer(text, pos, endpos)`, without the scan when `text` holds none of its needles."""
    if not possible(pattern, text):
        return iter(())
    return pattern.finditer(text, pos, endpos)


def search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
    """`pattern.search(text, pos, endpos)`, without the scan when `text` holds none of its needles."""
    if not possible(pattern, text):
        return None
    return pattern.search(text, pos, endpos)


def trie_pattern(strings) -> str:
    """A regex matching any of `strings` (none empty), written as a trie
    ("kennis(?: van)?" for "kennis", "kennis van") so the engine reads each
    character once per position and tries only positions holding a first
    character. At one position it matches the longest of them that stands
    there (continuations are tried before stopping)."""
    trie: dict = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = None

    def render(node: dict) -> str:
        alternatives = [re.escape(ch) + render(child) for ch, child in sorted((k, v) for k, v in node.items() if k)]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:  # a string ends here: stop only when no longer one goes on
            return f"(?:{body})?" if len(alternatives) == 1 else body + "?"
        return body

    return render(trie)


class Gate:
    """Which of several patterns may match a text, from one scan for all
    their needles: `candidates(text)` lists (in order) the indices of the
    patterns whose needles stand in `text`, and of those without needles."""

    def __init__(self, patterns):
        owned = [needles(p) for p in patterns]
        self.size = len(owned)
        self._always = frozenset(i for i, found in enumerate(owned) if found is None)
        strings = sorted({n for found in owned if found for n in found})
        self._regex = re.compile(trie_pattern(strings)) if strings else None
        # a match is the longest needle at its place; every needle that is a prefix of it stands there too
        self._owners = {
            s: frozenset(i for i, found in enumerate(owned) if found and any(s.startswith(n) for n in found)) for s in strings
        }

    def candidates(self, text: str) -> list[int]:
        found = set(self._always)
        if self._regex is not None:
            search, owners, pos = self._regex.search, self._owners, 0
            while len(found) < self.size and (m := search(text, pos)) is not None:
                found |= owners[m.group()]
                pos = m.start() + 1
        return sorted(found)
