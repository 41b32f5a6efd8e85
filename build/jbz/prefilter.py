"""Cheap tests that a regular expression cannot match a text.

`needles(pattern)` reads a compiled pattern's syntax tree and returns
strings of which every match must contain at least one ("steun", "instem",
…), or None when it cannot tell (a pattern that may match without any fixed
letters, or a case-insensitive one). `may_match(needles, text)` is then a few
substring tests (`in`, in C and fast) instead of a regex scan: when it says
no, the pattern has no match in the text, so skipping the scan changes
nothing. The needles are derived from the pattern itself, never written by
hand, so they stay right when a pattern is edited.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is `a` a more selective set than `b`: its shortest string longer, then fewer strings."""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


def _required(items) -> frozenset[str] | None:
    """Strings of which every match of the sequence `items` contains one, or None."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or _better(found, best)):
            best = found

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if op is C.AT:
            continue  # zero-width (\b, ^, $): the letters on either side stand next to each other in the match
        if run:
            consider(frozenset(["".join(run)]))
            run = []
        if op is C.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & C.SRE_FLAG_IGNORECASE:
                consider(_required(sub))
        elif op is C.ATOMIC_GROUP:
            consider(_required(av))
        elif op is C.BRANCH:
            alternatives = [_required(b) for b in av[1]]
            if all(a is not None for a in alternatives):
                consider(frozenset().union(*alternatives))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            low, _high, sub = av
            if low >= 1:
                consider(_required(sub))
        # anything else (a character class, any character, a lookaround, a back-reference) requires no fixed string
    if run:
        consider(frozenset(["".join(run)]))
    return best


def needles(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains, or None when
    no such strings are known (then the pattern must be run)."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(pattern.pattern, str):
        return None
    found = _required(P.parse(pattern.pattern, pattern.flags))
    if not found:
        return None
    # "kennis" is enough where "kennis van" would be tested too
    return tuple(sorted(n for n in found if not any(m != n and m in n for m in found)))


def may_match(found: tuple[str, ...] | None, text: str) -> bool:
    """False only when `text` holds none of the needles (so the pattern cannot match)."""
    return found is None or any(n in text for n in found)
