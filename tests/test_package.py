"""The Frictionless package: valid (types, enums, primary and foreign keys),
well-formed CSV with row counts equal to the database, and byte-identical
from one build to the next."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LETTERS
from publish_data_helpers import LETTER, synthetic_tables

from jbz import __version__
from jbz.package import validate_package, write_package
from jbz.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "jbz.cli", "build", "--letters", str(LETTERS), "--out", str(out)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    _build(a)
    _build(b)
    return a, b


@pytest.fixture()
def small(tmp_path):
    write_package(synthetic_tables(), tmp_path)
    return tmp_path


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


# --- A hand-made package -------------------------------------------------------------


def test_small_package_validates(small):
    assert validate_package(small) == []


def test_csv_cells_follow_the_declared_types(small):
    letters = _rows(small / "data" / "letters.csv")
    assert letters[0] == TABLES[0].column_names
    row = dict(zip(letters[0], letters[1]))
    assert row["signatory_names"] == '["D.M. van Weel", "Ingrid Coenradie"]'  # a list becomes JSON
    assert row["nummer_evidence"] == "" and row["coverage"] == "0.999672" and row["year"] == "2025"
    meeting = dict(zip(*_rows(small / "data" / "meetings.csv")))
    assert meeting["informal"] == "0"  # False, as the field's falseValues says
    people = _rows(small / "data" / "people.csv")
    assert [r[2] for r in people[1:]] == ['["minister van Justitie en Veiligheid"]', '["staatssecretaris van Justitie en Veiligheid"]']
    raw = (small / "data" / "paragraphs.csv").read_bytes()
    assert b"\r" not in raw and "oriëntatie".encode("utf-8") in raw


def test_rows_are_in_primary_key_order(small):
    assert [r[0] for r in _rows(small / "data" / "paragraphs.csv")[1:]] == [f"{LETTER}-p{o:03d}" for o in range(1, 9)]
    assert [r[:2] for r in _rows(small / "data" / "signatories.csv")[1:]] == [[LETTER, "1"], [LETTER, "2"]]
    assert [r[0] for r in _rows(small / "data" / "data_issues.csv")[1:]] == ["1", "2"]  # integers, not text order


def test_validation_catches_a_foreign_key_that_points_nowhere(tmp_path):
    tables = synthetic_tables()
    tables["agenda_items"][0]["meeting_id"] = "jbz-2099-01-01"
    write_package(tables, tmp_path)
    errors = validate_package(tmp_path)
    assert len(errors) == 1 and "jbz-2099-01-01" in errors[0] and "foreign key" in errors[0]


def test_validation_catches_a_value_outside_the_enum(tmp_path):
    tables = synthetic_tables()
    tables["letters"][0]["doc_kind"] = "brief"
    write_package(tables, tmp_path)
    assert any("doc_kind" in e and "brief" in e for e in validate_package(tmp_path))


# --- The five real letters -------------------------------------------------------------


def test_rebuild_is_byte_identical(two_builds):
    a, b = two_builds
    files = ["datapackage.json", "dist/jbz.db"] + [f"data/{t.name}.csv" for t in TABLES]
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_frictionless_validates(two_builds):
    from frictionless import Package

    a, _ = two_builds
    package = Package(str(a / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "message"])[:20]
    assert report.stats["tasks"] == len(TABLES)


def test_csvkit_reads_every_csv_and_counts_match_the_database(two_builds):
    a, _ = two_builds
    with sqlite3.connect(a / "dist" / "jbz.db") as conn:
        for t in TABLES:
            path = a / "data" / f"{t.name}.csv"
            # csvclean exits 1 and lists the rows when a row has the wrong number of cells
            clean = subprocess.run([str(BIN / "csvclean"), "--length-mismatch", str(path)], capture_output=True, text=True)
            assert clean.returncode == 0 and clean.stderr == "", (t.name, clean.stdout[-500:], clean.stderr)
            proc = subprocess.run([str(BIN / "csvstat"), "--count", str(path)], capture_output=True, text=True, check=True)
            count = int(proc.stdout.strip().split(":")[-1])
            assert count == conn.execute(f"select count(*) from [{t.name}]").fetchone()[0] > 0, t.name
            rows = _rows(path)
            assert rows[0] == t.column_names and len(rows) == count + 1


def test_descriptor_is_documented_and_licensed(two_builds):
    a, _ = two_builds
    pkg = json.loads((a / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["name"] == "jbz-brieven" and pkg["version"] == __version__
    assert pkg["licenses"][0]["name"] == "CC0-1.0" and "Apache-2.0" in pkg["description"]
    assert {s["path"] for s in pkg["sources"]} >= {"https://zoek.officielebekendmakingen.nl/dossier/32317"}
    assert any("tweedekamer.nl/kamerstukken" in s["path"] and "32317" in s["path"] for s in pkg["sources"])
    assert [r["name"] for r in pkg["resources"]] == [t.name.replace("_", "-") for t in TABLES]
    for res, t in zip(pkg["resources"], TABLES):
        assert res["path"] == f"data/{t.name}.csv" and res["format"] == "csv" and res["encoding"] == "utf-8"
        assert res["description"] and res["schema"]["primaryKey"] == list(t.primary_key)
        assert [f["name"] for f in res["schema"]["fields"]] == t.column_names
        assert all(f["description"] for f in res["schema"]["fields"])
    letters = next(r for r in pkg["resources"] if r["name"] == "letters")
    assert {"fields": ["meeting_id"], "reference": {"resource": "meetings", "fields": ["id"]}} in letters["schema"]["foreignKeys"]
    # a letter whose number was inferred points at the letter that cited it: a self-reference
    assert {"fields": ["nummer_evidence_letter_id"], "reference": {"resource": "", "fields": ["id"]}} in letters["schema"]["foreignKeys"]
    doc_kind = next(f for f in letters["schema"]["fields"] if f["name"] == "doc_kind")
    assert doc_kind["constraints"]["enum"] == ["geannoteerde agenda", "verslag", "other"]


def test_committed_package_matches_a_fresh_build(two_builds):
    """datapackage.json in the repository is what `jbz build` writes; the CSVs
    it names are build outputs (data/ is ignored by git, not committed)."""
    a, _ = two_builds
    assert (ROOT / "datapackage.json").read_bytes() == (a / "datapackage.json").read_bytes()
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode == 0:  # a git checkout (not an unpacked archive)
        assert tracked.stdout == "", "data/*.csv are build outputs: do not commit them"
