"""The prefilter (`jbz.prefilter`): strings every match of a pattern contains,
read from the pattern, so that a text holding none of them is not scanned.
Skipping must never change a result: checked on every sentence of the five
letters against the patterns run without it."""

from __future__ import annotations

import re

import pytest

from conftest import LETTERS
from jbz import prefilter
from jbz.positions import stance
from jbz.sentences import split_sentences


@pytest.mark.parametrize(
    "regex, expected",
    [
        (r"\bsteun(?:t|en)?\b", ("steun",)),
        (r"\b(?:bestudeert|beziet)\b", ("bestudeert", "beziet")),
        (r"\b[Mm]oties?\b", ("Motie", "motie")),  # a few spellings of one run
        (r"\b(?:Kamer)?(?:lid|leden)\s", ("leden", "lid")),
        (r"\bCOM\s?\(\s?(?P<year>(?:19|20)\d{2})", ("COM",)),  # the longest run
        (r"(?:abc)?xy", ("xy",)),  # an optional part requires nothing
        (r"\d+ nr\. \d+", (" nr. ",)),
        (r"(?:kennis|kennis van)\b", ("kennis",)),  # "kennis van" holds "kennis": one test is enough
        (r"x{2,3}", ("x",)),
        (r"abc(?=d)ef", ("abc",)),  # a lookahead ends a run of letters: not "abcef"
        (r"\bNL\b-\bEU\b", ("NL-EU",)),  # \b takes no room: the letters stand together
    ],
)
def test_needles_read_from_the_pattern(regex, expected):
    assert prefilter.needles(re.compile(regex)) == expected


@pytest.mark.parametrize(
    "regex",
    [
        r"\d{5}",  # no fixed letters
        r"abc|\d",  # one alternative has none
        r"(?:abc)*",  # may match nothing
        r"(?i:steun)",  # case-insensitive letters match other spellings
        r"(?:x|)",
    ],
)
def test_no_needles_when_nothing_is_required(regex):
    assert prefilter.needles(re.compile(regex)) is None


def test_case_insensitive_letters_are_not_fixed():
    """Under IGNORECASE "k" also matches the Kelvin sign: only characters without case are needles."""
    assert prefilter.needles(re.compile(r"steun", re.I)) is None
    assert prefilter.needles(re.compile(r"\bCOM\s?\(\s?(?:19|20)\d{2}", re.I)) == ("19", "20")
    kelvin = re.compile(r"kamer", re.I)
    assert kelvin.search("\u212aamer") and prefilter.search(kelvin, "\u212aamer")
    assert prefilter.may_match(None, "")


def test_finditer_and_search_skip_only_texts_without_needles():
    pattern = re.compile(r"\b[Mm]oties?\b")
    assert [m.group(0) for m in prefilter.finditer(pattern, "de motie en de Moties")] == ["motie", "Moties"]
    assert prefilter.search(pattern, "geen van beide") is None
    assert prefilter.search(pattern, "x motie", 2).start() == 2


def _sentences() -> list[str]:
    out = []
    for path in sorted(LETTERS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [line[s:e].strip() for s, e in split_sentences(line)]
    return [s for s in out if s]


SENTENCES = _sentences()


def test_every_cue_match_holds_a_needle():
    """On every sentence of the five letters: where a cue matches, one of its
    needles stands, and the gate lists that cue."""
    gate = prefilter.Gate([c.pattern for c in stance.CUES])
    assert all(prefilter.needles(c.pattern) for c in stance.CUES)  # every cue has fixed words
    matched = 0
    for s in SENTENCES:
        candidates = set(gate.candidates(s))
        for i, cue in enumerate(stance.CUES):
            if cue.pattern.search(s):
                matched += 1
                assert prefilter.possible(cue.pattern, s), (cue.pattern.pattern, s)
                assert i in candidates, (cue.pattern.pattern, s)
    assert matched > 100  # the letters do state positions


def test_gate_lists_the_patterns_whose_needles_stand():
    patterns = [re.compile(r"\bkennis\b"), re.compile(r"kennis van"), re.compile(r"\d+"), re.compile(r"steun(?:t|en)")]
    gate = prefilter.Gate(patterns)
    assert gate.candidates("wij nemen kennis van") == [0, 1, 2]  # "kennis van" holds "kennis"; no needles: always
    assert gate.candidates("hij steunt") == [2, 3]
    assert gate.candidates("") == [2]
    # brute force on every sentence: the gate's list is exactly the patterns one of whose needles stands
    gate = prefilter.Gate([c.pattern for c in stance.CUES])
    for s in SENTENCES[:400]:
        assert gate.candidates(s) == [i for i, c in enumerate(stance.CUES) if prefilter.possible(c.pattern, s)]


def test_trie_pattern_matches_the_longest_string_that_stands_there():
    strings = ["kennis", "kennis van", "kennisnemen", "steun", "zich ", "zi"]
    trie = re.compile(prefilter.trie_pattern(strings))
    plain = re.compile("|".join(re.escape(s) for s in sorted(strings, key=lambda s: (-len(s), s))))
    for text in ["kennis van", "kennisnemen en kennis", "zich zi z steu steun", "", *SENTENCES[:300]]:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert trie.match("kennis van").group() == "kennis van"


def test_classify_is_unchanged_by_the_prefilter(monkeypatch):
    with_filter = [stance.classify(s) for s in SENTENCES]

    monkeypatch.setattr(stance, "_candidates", lambda sentence: list(range(len(stance.CUES))))
    without = [stance.classify(s) for s in SENTENCES]
    assert with_filter == without
    assert sum(p is not None for p in with_filter) > 50


def test_every_set_of_fixed_strings_must_hold():
    """A sequence requires each of its runs of fixed characters: a text
    without "steund" cannot match, even with "niet" and "worden" in it."""
    pattern = re.compile(r"\bniet (?:kan |kunnen )?worden (?:onder)?steund\b")
    assert set(prefilter.clauses(pattern)) == {("niet ",), ("worden ",), ("steund",)}
    assert not prefilter.possible(pattern, "dit kan niet worden gesteld")
    assert prefilter.possible(pattern, "niet worden ondersteund") and pattern.search("niet worden ondersteund")
    # an alternation gives one set, from the best of each alternative
    assert prefilter.clauses(re.compile(r"ab\d+cdef|xyz")) == (("cdef", "xyz"),)
    assert prefilter.clauses(re.compile(r"\d+")) == ()


def test_sets_are_tested_fewest_strings_first():
    found = (("ADD", "COR", "INIT", "REV"), ("ST",))
    assert prefilter.cheapest_first(found) == (("ST",), ("ADD", "COR", "INIT", "REV"))
    assert prefilter.cheapest_first((("ab", "cd"), ("xyz", "uvw"))) == (("xyz", "uvw"), ("ab", "cd"))  # a tie: the longer shortest string


HEADING = re.compile(r"^[ \t#*]*Verslag\b[^.\n]{0,20}(?:\n[^.\n]{0,20})?JBZ", re.M)


@pytest.mark.parametrize(
    "text, pos, starts",
    [
        ("Verslag JBZ\nx\n# Verslag over JBZ\n", 0, [0, 14]),
        ("Verslag\nVerslag JBZ\nVerslag JBZ", 0, [0, 20]),  # the first match runs over line 2: line 2 is not tried
        ("een Verslag JBZ\n  Verslag JBZ", 0, [16]),  # not at a line's start
        ("Verslag JBZ\nVerslag JBZ", 3, [12]),  # from `pos` on
        ("Verslag JBZ\nVerslag JBZ", 12, [12]),
        ("VerslagVerslag JBZ", 0, []),
    ],
)
def test_line_matches_are_finditer_tried_where_the_words_stand(text, pos, starts):
    found = prefilter.line_matches(HEADING, text, ("Verslag",), pos)
    assert [m.start() for m in found] == starts
    assert [m.span() for m in found] == [m.span() for m in HEADING.finditer(text, pos)]
