"""Shared fixtures: the five real letters, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "letters"

# The five letters of ../shared/letters, by what they are.
WORD_AGENDA_948 = "000_30e947b90ac3b314.txt"  # Word export, geannoteerde agenda 12-13 June 2025, nr. 948
MARKDOWN_VERSLAG_QF = "001_5fe71ef8e1148caa.txt"  # Markdown, Eerste Kamer verslag 4-5 June 2026, QF
WORD_VERSLAG_NO_HEADER = "002_3db471de729d300c.txt"  # Word, verslag 5 and 7 March 2025, no header
PDF_AGENDA_978 = "003_15903c3f800c1725.txt"  # PDF text, geannoteerde agenda 8-9 Dec 2025, nr. 978
PDF_AGENDA_NO_HEADER = "004_f13ffedc0b21ea13.txt"  # PDF text, geannoteerde agenda 13-14 June 2024, no header


@pytest.fixture(scope="session")
def build():
    from jbz.pipeline import build_tables

    return build_tables(LETTERS)


@pytest.fixture(scope="session")
def tables(build):
    return build.tables


@pytest.fixture(scope="session")
def letter_by_file(tables):
    return {row["source_file"]: row for row in tables["letters"]}


@pytest.fixture(scope="session")
def parsed():
    """Each letter parsed on its own (no cross-letter linking), by file name."""
    from jbz.parse import parse_text

    return {p.name: parse_text(p.read_text(encoding="utf-8"), source_file=p.name) for p in sorted(LETTERS.glob("*.txt"))}


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """`jbz build` of letters/ into a temporary folder, staged as `make serve` stages it."""
    from site_helpers import build_bundle

    return build_bundle(tmp_path_factory)


@pytest.fixture(scope="module")
def client(bundle):
    """An in-process Datasette on the bundle, configured as `make serve` runs it."""
    from site_helpers import Client, datasette_for

    c = Client(datasette_for(bundle))
    yield c
    c.close()
