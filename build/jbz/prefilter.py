"""Cheap tests that a regular expression cannot match a text.

`clauses(pattern)` reads a compiled pattern's syntax tree and returns sets
of strings such that every match contains one string of each set: for
`\bniet (?:kan )?worden (?:onder)?steund\b` the sets ("niet ",), ("worden ",)
and ("steund",); for `\b[Mm]oties?\b` ("Motie", "motie"). `possible(pattern,
text)` is then a few substring tests (`in`, in C and fast) instead of a regex
scan: when it says no, the pattern has no match in the text, so skipping the
scan changes nothing. `finditer` and `search` do that for a pattern, and a
`Gate` for many patterns at once (one scan for all). The strings are derived
from the pattern itself, never written by hand, so they stay right when a
pattern is edited; a pattern of which nothing is known (no fixed characters)
is always run.

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


def _required(items, ignorecase: bool) -> list[frozenset[str]]:
    """Sets of strings such that every match of the sequence `items` contains
    one string of each set (all sets hold; none when nothing is known)."""
    clauses: list[frozenset[str]] = []
    run = [""]  # the spellings of the fixed characters read last, which stand together in every match

    def add(found) -> None:
        if found and all(found):
            clauses.append(frozenset(found))

    for op, av in items:
        if op is C.AT:
            continue  # zero-width (\b, ^, $): the characters on either side stand next to each other in the match
        found = _choices(op, av, ignorecase)
        if found is not None:
            longer = [a + b for a in run for b in found]
            if len(longer) <= MAX_CHOICES:
                run = longer
            else:
                add(run)
                run = found
            continue
        add(run)
        run = [""]
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            clauses += _required(sub, _inner(ignorecase, add_flags, del_flags))
        elif op is C.ATOMIC_GROUP:
            clauses += _required(av, ignorecase)
        elif op is C.BRANCH:
            # one set per alternative (its best), joined: each match holds one string of the union
            alternatives = [_best(_required(b, ignorecase)) for b in av[1]]
            if all(alternatives):
                clauses.append(frozenset().union(*alternatives))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                clauses += _required(sub, ignorecase)
        # anything else (a cased letter under IGNORECASE, a character class, any character, a lookaround,
        # a back-reference) requires no fixed string
    add(run)
    return clauses


def _score(found: frozenset[str]) -> tuple:
    """How good a set is to test: its shortest string longer (up to
    `SELECTIVE` characters), then fewer strings, then longer."""
    shortest = min(map(len, found))
    return min(shortest, SELECTIVE), -len(found), shortest


def _best(clauses: list[frozenset[str]]) -> frozenset[str] | None:
    return max(clauses, key=_score) if clauses else None


def _minimal(found) -> tuple[str, ...]:
    """"kennis" is enough where "kennis van" would be tested too."""
    return tuple(sorted(n for n in found if not any(m != n and m in n for m in found)))


MAX_CLAUSES = 3  # sets tested per pattern, best first


def clauses(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """Sets of strings, best first, such that every match of `pattern`
    contains one string of each set (empty when none are known)."""
    if pattern.flags & (re.LOCALE | re.ASCII) or not isinstance(pattern.pattern, str):
        return ()
    found = _required(P.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))
    out: list[tuple[str, ...]] = []
    for clause in sorted(set(found), key=lambda c: (_score(c), sorted(c)), reverse=True):
        minimal = _minimal(clause)
        if minimal not in out:
            out.append(minimal)
    return tuple(out[:MAX_CLAUSES])


def needles(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains (its best set),
    or None when no such strings are known (then the pattern must be run)."""
    found = clauses(pattern)
    return found[0] if found else None


def may_match(found: tuple[str, ...] | None, text: str) -> bool:
    """False only when `text` holds none of the needles (so the pattern cannot match)."""
    if found is None:
        return True
    for n in found:  # a plain loop: cheaper than any() over a generator, and this runs for every text
        if n in text:
            return True
    return False


# id of a pattern → (the pattern, its clauses); by id, as hashing a pattern hashes its whole compiled code.
# Each pattern is kept for good: `possible`, `finditer` and `search` are for patterns compiled once (module
# constants), not for patterns made per call.
_CLAUSES: dict[int, tuple[re.Pattern, tuple[tuple[str, ...], ...]]] = {}


def _clauses_of(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    entry = _CLAUSES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = _CLAUSES[id(pattern)] = (pattern, cheapest_first(clauses(pattern)))
    return entry[1]


def cheapest_first(found: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The sets in the order `holds` tests them: fewest strings first (then
    the longer shortest string). Every set must hold, so the order changes
    no answer, only its cost: a set none of whose strings stands in the
    text costs one full read of the text per string, and most texts rule a
    pattern out ("ST" alone, before "ADD", "COR", "INIT", "REV"); on the
    letters' texts a quarter less reading than best set first."""
    return tuple(sorted(found, key=lambda c: (len(c), -min(map(len, c)))))


def holds(found: tuple[tuple[str, ...], ...], text: str) -> bool:
    """False only when `text` lacks every string of one of the sets (so the pattern cannot match)."""
    for clause in found:
        for n in clause:  # plain loops: cheaper than any() over a generator, and this runs for every text
            if n in text:
                break
        else:
            return False
    return True


def possible(pattern: re.Pattern, text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text`. (`holds`
    written out here: this runs for every text and pattern, and a call is
    dearer than the tests.)"""
    entry = _CLAUSES.get(id(pattern))
    for clause in entry[1] if entry is not None and entry[0] is pattern else _clauses_of(pattern):
        for n in clause:
            if n in text:
                break
        else:
            return False
    return True


_NOTHING = iter(())


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize):
    """`pattern.finditer(text, pos, endpos)`, without the scan when `text` holds none of its needles."""
    if not possible(pattern, text):
        return _NOTHING  # exhausted for good: iterating it again yields nothing again
    return pattern.finditer(text, pos, endpos)


def search(pattern: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
    """`pattern.search(text, pos, endpos)`, without the scan when `text` holds none of its needles."""
    if not possible(pattern, text):
        return None
    return pattern.search(text, pos, endpos)


def line_matches(pattern: re.Pattern, text: str, words: tuple[str, ...], pos: int = 0) -> list[re.Match]:
    """`list(pattern.finditer(text, pos))` for a pattern whose every match
    starts a line (`^` under re.M) and holds one of `words` on that line:
    tried only at the starts of the lines holding one of them, where a
    pattern opening with `^` is tried at every character. In text order, a
    line a match runs into not tried again, as finditer does. Linear: each
    stretch of the text is read once per word."""
    starts = set()
    for word in words:
        i = text.find(word, pos)
        if i != -1:
            starts.add(text.rfind("\n", 0, i) + 1)
        while i != -1:
            end_of_line = text.find("\n", i)  # the rest of a line that holds the word need not be read for it
            i = text.find(word, end_of_line + 1) if end_of_line != -1 else -1
            if i != -1:
                starts.add(text.rfind("\n", end_of_line, i) + 1)
    found: list[re.Match] = []
    end = pos
    for start in sorted(starts):
        if start >= end and (m := pattern.match(text, start)) is not None:
            found.append(m)
            end = m.end()
    return found


def utf8_groups(chars) -> tuple[tuple[bytes, re.Pattern], ...]:
    """The UTF-8 of `chars` (none ASCII) grouped by their bytes but the last:
    per group those first bytes, to be looked for as a whole (a fast search,
    not a regex tried at every byte), and a pattern of the group's characters
    opening with them (a literal the engine finds fast). In valid UTF-8 a
    match is one whole character, so the groups' passes find what one pass
    over all the characters finds."""
    spelled = [c.encode("utf-8") for c in chars]
    return tuple(
        (head, re.compile(re.escape(head) + b"[" + b"".join(re.escape(b[-1:]) for b in spelled if b[:-1] == head) + b"]"))
        for head in sorted({b[:-1] for b in spelled})
    )


def utf8_present(data: bytes, groups: tuple[tuple[bytes, re.Pattern], ...]):
    """The patterns of the `utf8_groups` whose first bytes stand in `data` (most texts hold none)."""
    for head, rx in groups:
        if head[:1] in data and head in data:  # its first byte by memchr first
            yield rx


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
    """Which of several patterns may match a text, from one scan for the
    best set of strings of each (`clauses`), then substring tests of their
    other sets: `candidates(text)` lists (in order) the indices of the
    patterns that may match, with those of which nothing is known."""

    def __init__(self, patterns):
        owned = [clauses(p) for p in patterns]
        self.size = len(owned)
        self._always = frozenset(i for i, found in enumerate(owned) if not found)
        self._always_listed = sorted(self._always)
        self._rest = {i: cheapest_first(found[1:]) for i, found in enumerate(owned) if len(found) > 1}
        strings = sorted({n for found in owned if found for n in found[0]})
        self._regex = re.compile(trie_pattern(strings)) if strings else None
        # a match is the longest string at its place; every string that is a prefix of it stands there too
        self._owners = {s: frozenset(i for i, found in enumerate(owned) if found and any(s.startswith(n) for n in found[0])) for s in strings}

    def candidates(self, text: str) -> list[int]:
        m = self._regex.search(text) if self._regex is not None else None
        if m is None:  # most texts hold none of the strings: no set to make, nothing to sort
            return self._always_listed[:]  # (patterns of which nothing is known have no other sets)
        found = set(self._always)
        search, owners = self._regex.search, self._owners
        while True:
            found |= owners[m.group()]
            if len(found) == self.size or (m := search(text, m.start() + 1)) is None:
                break
        rest = self._rest
        return sorted(i for i in found if i not in rest or holds(rest[i], text))
