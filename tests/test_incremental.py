"""The parse cache: a rebuild after adding or changing a letter parses only
that letter, and gives byte-identical outputs to a full build; a new parser
version or `--full` parses everything again."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import LETTERS, PDF_AGENDA_978, WORD_AGENDA_948

from jbz import cache
from jbz.output import write_outputs
from jbz.pipeline import parse_folder
from jbz.schema import TABLES

OUTPUTS = ["dist/jbz.db", "datapackage.json"] + [f"data/{t.name}.csv" for t in TABLES]


def _build(letters: Path, out: Path, full: bool = False):
    parsed = parse_folder(letters, cache_dir=out / "dist" / "cache", full=full, jobs=1)
    write_outputs(parsed, out, {"letters": str(len(parsed.links.letters))})
    return parsed


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture()
def folder(tmp_path):
    letters = tmp_path / "letters"
    shutil.copytree(LETTERS, letters)
    return letters


def test_adding_and_changing_a_letter_parses_only_it_and_equals_a_full_build(folder, tmp_path):
    out = tmp_path / "incremental"
    added = folder / PDF_AGENDA_978
    text = added.read_text(encoding="utf-8")
    added.unlink()
    first = _build(folder, out)
    assert (first.parsed_files, len(first.links.letters)) == (4, 4)
    # the 948 agenda cites the numberless 2024 agenda (004) as nr. 879: inferred across letters
    assert "kst-32317-879" in {first.links.final_id(lid) for lid in first.links.letters}

    added.write_text(text, encoding="utf-8")
    changed = folder / WORD_AGENDA_948
    changed.write_text(changed.read_text(encoding="utf-8").replace("Luxemburg", "Brussel", 1), encoding="utf-8")
    second = _build(folder, out)
    assert (second.parsed_files, len(second.links.letters)) == (2, 5)  # the added and the changed letter only
    again = _build(folder, out)
    assert again.parsed_files == 0

    full = tmp_path / "full"
    assert _build(folder, full, full=True).parsed_files == 5
    _same_outputs(out, full)
    with (out / "data" / "meetings.csv").open(encoding="utf-8", newline="") as f:
        meetings = {row["id"]: row for row in csv.DictReader(f)}
    # the changed letter's new text is in: its cover letter now names Brussel for the meeting of 12-13 June 2025
    assert (meetings["jbz-2025-06-12"]["location"], meetings["jbz-2025-06-12"]["label"]) == ("Brussel", "JBZ-Raad 12-13 juni 2025, Brussel")


def test_a_new_parser_version_or_full_parses_everything(folder, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _build(folder, out).parsed_files == 5
    assert _build(folder, out, full=True).parsed_files == 5
    monkeypatch.setattr(cache, "parser_version", lambda: "another-version")
    assert _build(folder, out).parsed_files == 5
    # entries of the old version are removed, so the cache does not grow with every parser change
    assert [p.name for p in (out / "dist" / "cache").iterdir()] == ["another-version"]


def test_csv_rows_out_of_key_order_are_noticed(tmp_path):
    """The CSVs are written letter by letter; letter `a` before `a-b` puts `a-p0001`
    before `a-b-p0001`, which is not key order: that table is flagged (and then
    written again from the database), the others are not."""
    from jbz.output import _write_csvs

    def row(pid, lid):
        return {"id": pid, "letter_id": lid, "ordinal": 1, "text": "x"}

    class Fake:
        def letters(self):
            yield {"paragraphs": [row("a-p0001", "a")], "letters": [{"id": "a"}]}
            yield {"paragraphs": [row("a-b-p0001", "a-b")], "letters": [{"id": "a-b"}]}

        def cross_tables(self):
            return {}

    assert _write_csvs(Fake(), tmp_path) == ["paragraphs"]
    assert (tmp_path / "letters.csv.tmp").read_text(encoding="utf-8").splitlines()[1:] == ["a" + "," * (len(TABLES[0].columns) - 1), "a-b" + "," * (len(TABLES[0].columns) - 1)]
