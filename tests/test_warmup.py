"""The warm-up letter (jbz.warmup) must go through the whole per-letter
stage, or the caches it is there to fill stay cold in every child (the build
still works, only slower, so nothing else would notice)."""

from __future__ import annotations

from pathlib import Path

from jbz import pipeline, sources, warmup


def test_the_warm_up_letter_is_accepted_and_enriched():
    text = warmup._LETTER
    src = sources.Source(path=Path("warm-up.txt"), name="warm-up.txt", data=text.encode(), text=text, sha256="0" * 64)
    records = pipeline.parse_letter(src)  # raises SourceError if the letter is refused
    for table in ("agenda_items", "footnotes", "signatories", "citations", "motions", "mentions", "positions"):
        assert records[table], f"the warm-up letter yields no {table}: it no longer exercises that code"
