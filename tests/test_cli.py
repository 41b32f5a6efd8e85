"""`jbz build`, `jbz check`, `jbz parse`, `jbz validate`: what they write,
print and exit with, on the real letters plus files that must be rejected."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import LETTERS, PDF_AGENDA_978, WORD_AGENDA_948

from jbz.cli import cli
from jbz.schema import TABLES

EMPTY, PDF = "005_empty.txt", "006_scan.txt"


@pytest.fixture(scope="module")
def letters_with_bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    for p in LETTERS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / EMPTY).write_bytes(b"")
    (folder / PDF).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    return folder


@pytest.fixture(scope="module")
def bad_build(letters_with_bad_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", "--letters", str(letters_with_bad_files), "--out", str(out)])
    return result, out


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("good")
    result = CliRunner().invoke(cli, ["build", "--letters", str(LETTERS), "--out", str(out)])
    return result, out


def test_build_of_good_letters_exits_0_and_writes_everything(good_build):
    result, out = good_build
    assert result.exit_code == 0, result.stderr
    assert "error" not in result.stderr
    for name in ["dist/jbz.db", "dist/inspect.json", "datapackage.json", "metadata.yml", "datasette.yaml"]:
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "data").iterdir()) == sorted(f"{t.name}.csv" for t in TABLES)


def test_build_with_rejected_files_exits_1_but_writes_the_good_letters(bad_build):
    result, out = bad_build
    assert result.exit_code == 1
    assert f"error: {EMPTY}: is empty" in result.stderr
    assert f"error: {PDF}: is a PDF file" in result.stderr
    assert "2 file(s) rejected; the other 5 letter(s) are in" in result.stderr
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        assert conn.execute("select count(*) from letters").fetchone()[0] == 5
        rejected = conn.execute("select source_file, kind from data_issues where letter_id is null and kind like 'rejected-%' order by source_file").fetchall()
        assert rejected == [(EMPTY, "rejected-empty"), (PDF, "rejected-binary")]
        assert dict(conn.execute("select key, value from _build_info"))["rejected_files"] == "2"
    assert "kst-32317-948" in (out / "data" / "letters.csv").read_text(encoding="utf-8")


def test_build_report_has_a_line_per_letter_matching_the_database(bad_build):
    result, out = bad_build
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert sorted(lines) == ["kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978", "kst-32317-QF"]
    line = lines["kst-32317-948"]
    assert "geannoteerde agenda" in line and line.endswith(WORD_AGENDA_948)
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        counts = [conn.execute(f"select count(*) from {t} where letter_id = 'kst-32317-948'").fetchone()[0]
                  for t in ("agenda_items", "paragraphs", "footnotes", "data_issues")]
        coverage = conn.execute("select coverage from letters where id = 'kst-32317-948'").fetchone()[0]
    numbers = line.split("geannoteerde agenda")[1].split()
    assert [int(n) for n in numbers[:4]] == counts
    assert numbers[4] == f"{coverage * 100:.2f}%"
    assert "verslag" in lines["kst-32317-935"]  # the Word verslag without a header


def test_inspect_file_counts_the_tables(bad_build):
    _, out = bad_build
    inspect = json.loads((out / "dist" / "inspect.json").read_text())
    tables = inspect["jbz"]["tables"]
    assert tables["letters"]["count"] == 5
    assert tables["paragraphs_fts"]["count"] == tables["paragraphs"]["count"] > 500


def test_build_info_has_no_clock_time(bad_build, monkeypatch):
    _, out = bad_build
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        info = dict(conn.execute("select key, value from _build_info"))
    assert set(info) == {"version", "letters", "rejected_files", "sources_sha256"}
    from jbz.cli import build_info

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748390400")
    assert build_info({"letters": []}, [])["built_at"] == "2025-05-28T00:00:00+00:00"


def test_check_reports_without_writing(letters_with_bad_files, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--letters", str(letters_with_bad_files)])
    assert result.exit_code == 1
    assert f"error: {EMPTY}: is empty" in result.stderr and "kst-32317-978" in result.stdout
    assert list(tmp_path.iterdir()) == []
    good = CliRunner().invoke(cli, ["check", "--letters", str(LETTERS)])
    assert good.exit_code == 0 and len(good.stdout.splitlines()) == 6


def test_check_of_a_missing_folder_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--letters", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such folder of letters" in result.stderr


def test_parse_prints_one_letter_as_json():
    result = CliRunner().invoke(cli, ["parse", str(LETTERS / PDF_AGENDA_978)])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    letter = records["letters"][0]
    # the header reads "Nr. 978" and "Den Haag, 20 november 2025"
    assert letter["id"] == "kst-32317-978" and letter["letter_date"] == "2025-11-20"
    assert letter["doc_kind"] == "geannoteerde agenda"
    assert "text" not in letter and records["paragraphs"][0]["letter_id"] == "kst-32317-978"
    only = json.loads(CliRunner().invoke(cli, ["parse", "--table", "letters", "--with-text", str(LETTERS / PDF_AGENDA_978)]).stdout)
    assert list(only) == ["letters"] and only["letters"][0]["text"].strip()


def test_parse_gives_the_rows_the_build_stores(good_build):
    """`jbz parse` runs the build's whole per-letter stage: its citations and
    mentions are the ones the database holds for that letter."""
    _, out = good_build
    records = json.loads(CliRunner().invoke(cli, ["parse", str(LETTERS / PDF_AGENDA_978)]).stdout)
    with sqlite3.connect(out / "dist" / "jbz.db") as db:
        for table in ("citations", "mentions"):
            stored = db.execute(f"select count(*) from {table} where letter_id = 'kst-32317-978'").fetchone()[0]
            assert stored > 0 and len(records[table]) == stored, table


def test_parse_keeps_the_budget_for_one_letter(monkeypatch):
    """A file that would keep the parser busy forever is refused by `jbz
    parse` as by the build (the letter is parsed in a child that is stopped)."""
    import time

    from jbz import budget, pipeline

    monkeypatch.setattr(pipeline, "parse_letter", lambda src: time.sleep(60))
    monkeypatch.setattr(budget, "SECONDS_PER_LETTER", 0.5)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["parse", str(LETTERS / PDF_AGENDA_978)])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1 and "within the budget for one letter (took more than 0.5 s)" in result.stderr


def test_parse_of_a_bad_file_says_what_is_wrong(letters_with_bad_files):
    result = CliRunner().invoke(cli, ["parse", str(letters_with_bad_files / PDF)])
    assert result.exit_code == 1 and f"{PDF}: is a PDF file" in result.stderr


def test_validate(good_build, tmp_path):
    _, out = good_build
    result = CliRunner().invoke(cli, ["validate", str(out)])
    assert result.exit_code == 0 and "valid" in result.stdout
    broken = tmp_path / "broken"
    shutil.copytree(out / "data", broken / "data")
    shutil.copy(out / "datapackage.json", broken)
    csv_path = broken / "data" / "agenda_items.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",jbz-2025-06-12,", ",jbz-2099-01-01,"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 1 and "jbz-2099-01-01" in result.stderr


def test_the_build_loads_the_per_letter_code_only_to_parse(tmp_path):
    """`jbz.pipeline` (and linking) import without the parser's modules: a
    rebuild whose letters all come from the cache does not load them."""
    import subprocess
    import sys

    code = ("import sys, jbz.cli, jbz.pipeline, jbz.link; "
            "print(sorted(m for m in ('jbz.enrich', 'jbz.parse', 'jbz.positions', 'jbz.recognise', 'jbz.whole', 'jbz.citations', 'jbz.motions', 'sqlite_utils') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    # what an incremental build's other steps import (cross tables, summary SQL, site files) does not load the parser either
    code = ("import sys, jbz.cli, jbz.pipeline, jbz.reference, jbz.queries, jbz.site, jbz.incremental.update, jbz.output; "
            "jbz.reference.reference_tables(); print(sorted(m for m in ('jbz.positions', 'jbz.parse', 'jbz.enrich') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    code = "import sys, jbz.pipeline, jbz.warmup; jbz.warmup.warm_up(); print('jbz.enrich' in sys.modules and 'jbz.positions' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


def test_the_build_uses_the_sqlite_module_sqlite_utils_picks():
    import sqlite_utils.utils

    from jbz.database import sqlite3 as ours

    assert ours is sqlite_utils.utils.sqlite3
