"""Seeded fuzz test: a few hundred mutations of the five letters and their
PDF, Markdown and web-page re-exports, each read
and parsed as the build does within a time budget (a forked child, killed
when it overruns), must give no crash, no hang and the right answer:
typographic changes (Unicode spaces, soft hyphens, zero-width characters,
line ends, page debris, a byte-order mark) are accepted; truncations,
concatenations, deleted footnote texts or markers, junk lines, control
characters and legacy encodings are refused. benchmarks/fuzz.py runs a
larger campaign with the same mutations."""

from __future__ import annotations

import pytest
from fuzz_mutations import ACCEPT, EXPORTS, REFUSE, campaign, variants

COUNT, SEED = 240, 2026


def test_the_variants_cover_every_mutation_both_ways():
    vs = variants(COUNT, SEED)
    assert len(vs) == COUNT
    kinds = {v.kind for v in vs}
    for kind in ("truncate", "truncate-at-paragraph", "concatenate", "delete-footnote-texts", "delete-footnote-markers",
                 "junk-lines", "control-characters", "encoding", "original"):
        assert kind in kinds
    assert {v.expect for v in vs} == {ACCEPT, REFUSE}
    assert sum(v.expect == ACCEPT for v in vs) >= COUNT // 4
    # the letters and their re-exports, kept whole and broken (footnote texts deleted in each export)
    for fmt in EXPORTS:
        assert {v.expect for v in vs if v.letter.endswith(":" + fmt)} == {ACCEPT, REFUSE}, fmt
    deleted = {v.letter.partition(":")[2] or "original" for v in vs if v.kind == "delete-footnote-texts"}
    assert {"pdf", "web"} <= deleted, deleted


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return campaign(COUNT, SEED, tmp_path_factory.mktemp("fuzz"), seconds=120)


def test_no_crash(result):
    assert result["variants"] == COUNT
    assert result["crashes"] == []


def test_no_hang(result):
    assert result["hangs"] == []


def test_nothing_broken_is_accepted(result):
    assert result["wrongly accepted"] == []


def test_nothing_whole_is_refused(result):
    assert result["wrongly refused"] == []
