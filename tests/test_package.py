"""The Frictionless package: valid, typed, row counts equal to the database,
and byte-identical from one build to the next."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LETTERS

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


def test_rebuild_is_byte_identical(two_builds):
    a, b = two_builds
    files = ["datapackage.json"] + [f"data/{t.name}.csv" for t in TABLES]
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_frictionless_validates(two_builds):
    a, _ = two_builds
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=a, capture_output=True, text=True)
    report = json.loads(proc.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    assert proc.returncode == 0


def test_csvkit_reads_every_csv_and_counts_match_the_database(two_builds):
    a, _ = two_builds
    with sqlite3.connect(a / "dist" / "jbz.db") as conn:
        for t in TABLES:
            path = a / "data" / f"{t.name}.csv"
            # csvclean --dry-run style check: csvkit reports no malformed rows
            proc = subprocess.run([str(BIN / "csvstat"), "--count", str(path)], capture_output=True, text=True, check=True)
            count = int(proc.stdout.strip().split(":")[-1])
            assert count == conn.execute(f"select count(*) from [{t.name}]").fetchone()[0], t.name
            with open(path, encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            assert rows[0] == t.column_names
            assert all(len(r) == len(t.column_names) for r in rows), t.name


def test_descriptor_is_documented_and_licensed(two_builds):
    a, _ = two_builds
    pkg = json.loads((a / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["licenses"][0]["name"] == "CC0-1.0"
    assert pkg["version"]
    assert {r["name"] for r in pkg["resources"]} == {t.name.replace("_", "-") for t in TABLES}
    for res in pkg["resources"]:
        assert res["description"] and res["schema"]["primaryKey"]
        assert all(f["description"] for f in res["schema"]["fields"])
    letters = next(r for r in pkg["resources"] if r["name"] == "letters")
    assert {"fields": ["meeting_id"], "reference": {"resource": "meetings", "fields": ["id"]}} in letters["schema"]["foreignKeys"]


def test_committed_package_matches_a_fresh_build(two_builds):
    """datapackage.json and data/ in the repository are what `jbz build` writes."""
    a, _ = two_builds
    assert (ROOT / "datapackage.json").read_bytes() == (a / "datapackage.json").read_bytes()
    for t in TABLES:
        assert (ROOT / "data" / f"{t.name}.csv").read_bytes() == (a / "data" / f"{t.name}.csv").read_bytes(), t.name
