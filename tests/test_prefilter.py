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
        (r"\b(?:bestudeert|beziet)\b", ("studeert", "ziet")),  # the parser takes out the common "be"
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


def test_no_needles_for_a_case_insensitive_pattern():
    assert prefilter.needles(re.compile(r"steun", re.I)) is None
    assert prefilter.may_match(None, "")


def _sentences() -> list[str]:
    out = []
    for path in sorted(LETTERS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [line[s:e].strip() for s, e in split_sentences(line)]
    return [s for s in out if s]


SENTENCES = _sentences()


def test_every_cue_match_holds_a_needle():
    """On every sentence of the five letters: where a cue matches, one of its needles stands."""
    matched = 0
    for cue in stance.CUES:
        assert cue.needles, cue.pattern.pattern  # every cue has fixed words
        for s in SENTENCES:
            if cue.pattern.search(s):
                matched += 1
                assert prefilter.may_match(cue.needles, s), (cue.pattern.pattern, s)
    assert matched > 100  # the letters do state positions


def test_classify_is_unchanged_by_the_prefilter(monkeypatch):
    with_filter = [stance.classify(s) for s in SENTENCES]
    monkeypatch.setattr(stance, "CUES", tuple(stance.Cue(c.stance, c.pattern, c.negatable, c.speaker_inside, c.impersonal) for c in stance.CUES))
    assert all(c.needles is None for c in stance.CUES)
    without = [stance.classify(s) for s in SENTENCES]
    assert with_filter == without
    assert sum(p is not None for p in with_filter) > 50
