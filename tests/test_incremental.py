"""The parse cache and incremental outputs: a rebuild after adding,
changing or removing a letter parses only the new or changed letters,
updates the previous outputs in place of writing them anew, and gives the
same outputs as a full build: byte-identical CSVs and datapackage.json, and
a database with the same rows in every table (its bytes and rowids differ,
see jbz.incremental). A new parser version or `--full` parses everything
again and writes everything anew."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import LETTERS, MARKDOWN_VERSLAG_QF, PDF_AGENDA_978, PDF_AGENDA_NO_HEADER, WORD_AGENDA_948

from jbz import cache, incremental
from jbz.cli import build_info, write_all
from jbz.database import sqlite3
from jbz.pipeline import parse_folder
from jbz.schema import TABLES, table

OUTPUTS = ["datapackage.json"] + [f"data/{t.name}.csv" for t in TABLES]
FTS_PARTS = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")


def _build(letters: Path, out: Path, full: bool = False):
    parsed = parse_folder(letters, cache_dir=out / "dist" / "cache", full=full, jobs=1)
    parsed.written = write_all(parsed, out, build_info(list(parsed.links.letters.values()), parsed.errors), full=full)
    return parsed


def database_content(path: Path) -> dict:
    """Everything a reader of the database sees, in an order that does not
    depend on where rows are stored: the schema; each table of jbz.schema in
    primary-key order (rowids left out); the summary tables and build info
    in their row order (the order the site shows them in); the statistics of
    every table but the full-text indexes' own (sqlite_stat4 is left out:
    its samples name rowids). Each full-text index is checked against its
    table (FTS5 'integrity-check'), and searched."""
    conn = sqlite3.connect(str(path))  # read and write: FTS5's integrity-check is an INSERT (that changes nothing)
    schema_tables = {t.name: t for t in TABLES}
    out: dict = {"schema": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%'"))}
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        if name.endswith(FTS_PARTS) or name == "sqlite_stat4":
            continue
        if name in schema_tables:
            order = ", ".join(f"[{c}]" for c in schema_tables[name].primary_key)
        elif name == "sqlite_stat1":
            order = "tbl, idx, stat"
        else:
            order = "rowid"
        rows = conn.execute(f"SELECT * FROM [{name}] ORDER BY {order}").fetchall()
        if name == "sqlite_stat1":
            rows = [r for r in rows if not r[0].endswith(FTS_PARTS)]
        out[name] = rows
    conn.execute("INSERT INTO [search_terms_fts]([search_terms_fts], rank) VALUES ('integrity-check', 1)")
    for term in ("migr", "raad", "commiss"):  # part of a word, through the vocabulary's trigram index
        out[f"search_terms_fts {term}"] = conn.execute(
            "SELECT term FROM search_terms WHERE rowid IN (SELECT rowid FROM search_terms_fts WHERE search_terms_fts MATCH ?) ORDER BY term", (term,)
        ).fetchall()
    for t in TABLES:
        if not t.search_columns:
            continue
        fts = f"{t.name}_fts"
        conn.execute(f"INSERT INTO [{fts}]([{fts}], rank) VALUES ('integrity-check', 1)")  # raises when index and table differ
        key = ", ".join(f"t.[{c}]" for c in t.primary_key)
        for term in ("migratie", "Raad", "Commissie", "terugkeer", "Schengen"):
            out[f"{fts} {term}"] = conn.execute(
                f"SELECT {key} FROM [{fts}] JOIN [{t.name}] t ON t.rowid = [{fts}].rowid WHERE [{fts}] MATCH ? ORDER BY {key}", (term,)
            ).fetchall()
    conn.close()
    return out


def _checksums_are_right(out: Path) -> dict[str, str]:
    """The downloads manifest's SHA-256 of each file (some worked out as a CSV
    was spliced, from states saved by the build before) is the file's."""
    manifest = json.loads((out / "dist" / "downloads.json").read_text(encoding="utf-8"))
    found = {}
    for f in manifest["files"]:
        path = out / ("dist" if f["kind"] == "database" else "data" if f["kind"] == "csv" else "") / f["name"]
        assert f["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), f["name"]
        found[f["name"]] = f["sha256"]
    return found


def _counts_are_right(out: Path) -> None:
    """The inspect file's row count of each table (an incremental build's
    partly from the build before, see `update.known_counts`) is the table's."""
    (db,) = json.loads((out / "dist" / "inspect.json").read_text(encoding="utf-8")).values()
    conn = sqlite3.connect(str(out / "dist" / "jbz.db"))
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    real = {name: conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0] for name in names}
    conn.close()
    assert {name: t["count"] for name, t in db["tables"].items()} == real


def _same_outputs(a: Path, b: Path) -> None:
    _counts_are_right(a)
    _counts_are_right(b)
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    left, right = _checksums_are_right(a), _checksums_are_right(b)
    left.pop("jbz.db"), right.pop("jbz.db")
    assert left == right and len(left) == len(OUTPUTS)
    left, right = database_content(a / "dist" / "jbz.db"), database_content(b / "dist" / "jbz.db")
    assert left.keys() == right.keys()
    for name in left:
        assert left[name] == right[name], name


def _equals_a_full_build(folder: Path, out: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    _build(folder, full, full=True)
    _same_outputs(out, full)


@pytest.fixture(autouse=True)
def small_checkpoints(monkeypatch):
    """SHA-256 states saved every 4 KiB of CSV, not 4 MiB: the five letters'
    CSVs are spliced from saved states too (and their checksums checked)."""
    from jbz.incremental import csvs

    monkeypatch.setattr(csvs, "CHECKPOINT", 4096)


@pytest.fixture()
def folder(tmp_path):
    letters = tmp_path / "letters"
    shutil.copytree(LETTERS, letters)
    return letters


def _csv(out: Path, name: str) -> dict[str, dict]:
    with (out / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def test_adding_and_changing_a_letter_parses_only_it_and_equals_a_full_build(folder, tmp_path):
    out = tmp_path / "incremental"
    added = folder / PDF_AGENDA_978
    text = added.read_text(encoding="utf-8")
    added.unlink()
    first = _build(folder, out)
    assert (first.parsed_files, len(first.links.letters), first.written["incremental"]) == (4, 4, False)
    # the 948 agenda cites the numberless 2024 agenda (004) as nr. 879: inferred across letters
    assert "kst-32317-879" in {first.links.final_id(lid) for lid in first.links.letters}

    added.write_text(text, encoding="utf-8")
    changed = folder / WORD_AGENDA_948
    changed.write_text(changed.read_text(encoding="utf-8").replace("Luxemburg", "Brussel", 1), encoding="utf-8")
    second = _build(folder, out)
    assert (second.parsed_files, len(second.links.letters)) == (2, 5)  # the added and the changed letter only
    assert second.written["incremental"] and second.written["timings"]["changed"] == 2
    # the changed letter's new text is in: its cover letter now names Brussel for the meeting of 12-13 June 2025
    meetings = _csv(out, "meetings")
    assert (meetings["jbz-2025-06-12"]["location"], meetings["jbz-2025-06-12"]["label"]) == ("Brussel", "JBZ-Raad 12-13 juni 2025, Brussel")
    _equals_a_full_build(folder, out, tmp_path)

    again = _build(folder, out)
    assert again.parsed_files == 0 and again.written["incremental"] and again.written["timings"]["changed"] == 0
    _equals_a_full_build(folder, out, tmp_path)

    # a word no letter had comes into the search vocabulary, and goes when it goes
    def terms() -> set[str]:
        conn = sqlite3.connect(str(out / "dist" / "jbz.db"))
        found = {r[0] for r in conn.execute("SELECT term FROM search_terms")}
        conn.close()
        return found

    assert "zwolsestraatberaad" not in terms()
    changed.write_text(changed.read_text(encoding="utf-8").replace("Brussel", "Zwolsestraatberaad", 1), encoding="utf-8")
    _build(folder, out)
    assert "zwolsestraatberaad" in terms()
    _equals_a_full_build(folder, out, tmp_path)
    changed.write_text(changed.read_text(encoding="utf-8").replace("Zwolsestraatberaad", "Brussel", 1), encoding="utf-8")
    _build(folder, out)
    assert "zwolsestraatberaad" not in terms()
    _equals_a_full_build(folder, out, tmp_path)


def test_a_change_that_renames_another_letter_and_a_removed_letter_equal_a_full_build(folder, tmp_path):
    out = tmp_path / "incremental"
    _build(folder, out)
    numberless = _csv(out, "letters")
    assert "kst-32317-879" in numberless  # 004 has no number of its own: 948 and 978 cite it as nr. 879
    # 948 now cites it as nr. 880, 978 still as 879: other letters disagree, so 004 keeps no number (and its id changes)
    changed = folder / WORD_AGENDA_948
    text = changed.read_text(encoding="utf-8")
    assert text.count("32317, nr. 879.") == 1
    changed.write_text(text.replace("32317, nr. 879.", "32317, nr. 880."), encoding="utf-8")
    second = _build(folder, out)
    assert second.parsed_files == 1 and second.written["incremental"]
    letters = _csv(out, "letters")
    assert "kst-32317-879" not in letters and len(letters) == 5
    renamed = {lid for lid in letters if lid not in numberless}
    assert len(renamed) == 1  # the cited letter, not the one whose file changed
    assert letters[renamed.pop()]["source_file"] == PDF_AGENDA_NO_HEADER
    issues = [row for row in _csv(out, "data_issues").values() if row["kind"] == "number-conflict"]
    assert issues and "880" in issues[0]["message"]
    _equals_a_full_build(folder, out, tmp_path)

    (folder / PDF_AGENDA_978).unlink()  # now only 948 cites it: nr. 880 again inferred
    third = _build(folder, out)
    assert third.parsed_files == 0 and third.written["incremental"]
    # gone: 978 and 004's id without a number; changed: 004 (as nr. 880) and 948, whose reference to nr. 880 now has a target
    assert (third.written["timings"]["removed"], third.written["timings"]["changed"]) == (2, 2)
    assert _csv(out, "citations") and any(
        row["letter_id"] == "kst-32317-948" and row["target_letter_id"] == "kst-32317-880" for row in _csv(out, "citations").values()
    )
    assert "kst-32317-880" in _csv(out, "letters")
    _equals_a_full_build(folder, out, tmp_path)


def test_a_failed_update_leaves_the_outputs_and_the_next_build_is_right(folder, tmp_path, monkeypatch):
    from jbz.atomic_output import OutputError

    out = tmp_path / "incremental"
    _build(folder, out)
    before = {name: (out / name).read_bytes() for name in OUTPUTS + ["dist/jbz.db"]}
    changed = folder / WORD_AGENDA_948
    changed.write_text(changed.read_text(encoding="utf-8").replace("Luxemburg", "Brussel", 1), encoding="utf-8")
    real = incremental.update.update_database

    def fails_half_way(path, *args, **kwargs):
        conn = sqlite3.connect(str(path))
        conn.execute("DELETE FROM paragraphs")
        conn.commit()
        conn.close()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(incremental.rebuild, "update_database", fails_half_way)
    with pytest.raises(OutputError):
        _build(folder, out)
    assert {name: (out / name).read_bytes() for name in before} == before
    monkeypatch.setattr(incremental.rebuild, "update_database", real)
    again = _build(folder, out)
    assert again.written["incremental"]  # the spare was used up by the failed build: the live database was copied
    _equals_a_full_build(folder, out, tmp_path)


def _log_reads(tmp_path, monkeypatch) -> Path:
    """A file naming each letter file the build reads from now on (a file: the new
    letters are read in a second process, jbz.pipeline._start_run)."""
    from jbz import sources

    log = tmp_path / "read.log"
    real = sources.read_source

    def reading(path):
        with log.open("a", encoding="utf-8") as f:
            f.write(Path(path).name + "\n")
        return real(path)

    monkeypatch.setattr(sources, "read_source", reading)
    return log


def test_unchanged_files_are_not_read_again(folder, tmp_path, monkeypatch):
    import os

    for path in folder.iterdir():  # written long enough before the build for their times to tell a change
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    out = tmp_path / "out"
    _build(folder, out)
    log = _log_reads(tmp_path, monkeypatch)
    changed = folder / WORD_AGENDA_948
    text = changed.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)  # one word in the middle: no meeting changes
    changed.write_text(text[:i] + " die " + text[i + 4 :], encoding="utf-8")
    again = _build(folder, out)
    assert log.read_text(encoding="utf-8").split() == [WORD_AGENDA_948] and again.parsed_files == 1
    # every summary table updated where the change reaches it, none made again whole
    assert again.written["timings"]["summaries_partial"] == len(incremental.summaries.PARTIAL_SUMMARIES) + 1
    _equals_a_full_build(folder, out, tmp_path)


def test_files_modified_just_before_the_last_build_are_read_again(folder, tmp_path, monkeypatch):
    """git's "racy" rule: a file modified within RACY_NS before the last build
    saved its file list could have changed again in the same clock tick,
    unseen in its times; it is read (and hashed) again, and found in the cache."""
    import os
    import time

    from jbz import pipeline

    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    now = time.time_ns()
    for path in folder.iterdir():
        # one file's time not before the build (a build takes longer than RACY_NS on a busy machine: a time
        # ahead of the clock, as a file from a machine whose clock is ahead has), the others long before
        os.utime(path, ns=(now, now + 30 * pipeline.RACY_NS if path.name == WORD_AGENDA_948 else now - 5 * pipeline.RACY_NS))
    out = tmp_path / "out"
    _build(folder, out)
    log = _log_reads(tmp_path, monkeypatch)
    again = _build(folder, out)
    assert log.read_text(encoding="utf-8").split() == [WORD_AGENDA_948] and again.parsed_files == 0
    assert WORD_AGENDA_948 in names and len(names) > 1  # the others, modified long before, were not read


def _terms(out: Path) -> list[str]:
    conn = sqlite3.connect(str(out / "dist" / "jbz.db"))
    try:
        return [r[0] for r in conn.execute("SELECT term FROM search_terms ORDER BY rowid")]
    finally:
        conn.close()


def test_search_terms_follow_a_word_added_and_removed_without_reading_the_whole_vocabulary(folder, tmp_path):
    out = tmp_path / "out"
    _build(folder, out)
    before = _terms(out)
    path = folder / WORD_AGENDA_948
    text = path.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)
    path.write_text(text[:i] + " de Zwiebelkuchenveröffentlichung " + text[i + 4 :], encoding="utf-8")
    again = _build(folder, out)
    assert again.written["incremental"] and again.written["timings"]["terms"] == "+1 -0"
    assert _terms(out) == sorted(before + ["zwiebelkuchenveroffentlichung"])  # folded as the index folds it
    _equals_a_full_build(folder, out, tmp_path)
    path.write_text(text, encoding="utf-8")  # and gone again (the spare database, a build behind, never had it)
    again = _build(folder, out)
    assert again.written["incremental"] and _terms(out) == before
    _equals_a_full_build(folder, out, tmp_path)
    path.unlink()  # a removed letter (updating the spare, which has the new word): its own words go, the others stay
    again = _build(folder, out)
    assert again.written["incremental"] and again.written["timings"]["terms"].startswith("+0 -")
    assert "zwiebelkuchenveroffentlichung" not in _terms(out) and len(_terms(out)) < len(before)
    _equals_a_full_build(folder, out, tmp_path)


def test_the_site_files_are_made_once_per_version_of_the_code(folder, tmp_path, monkeypatch):
    from jbz import site

    out = tmp_path / "out"
    _build(folder, out)
    made = (out / "metadata.yml").read_bytes(), (out / "datasette.yaml").read_bytes(), (out / "docs" / "data-dictionary.md").read_bytes()
    assert (out / "dist" / "cache" / cache.parser_version() / site.SITE_TEXTS).is_file()

    def no(*args, **kwargs):
        raise AssertionError("made again")

    with monkeypatch.context() as m:
        m.setattr(site, "to_yaml", no)
        m.setattr(site, "data_dictionary", no)
        (folder / WORD_AGENDA_948).unlink()
        assert _build(folder, out).written["incremental"]
    assert made == ((out / "metadata.yml").read_bytes(), (out / "datasette.yaml").read_bytes(), (out / "docs" / "data-dictionary.md").read_bytes())
    _equals_a_full_build(folder, out, tmp_path)
    for name in ("metadata.yml", "datasette.yaml", "docs/data-dictionary.md"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes()


def test_replaced_outputs_are_deleted_during_the_next_build(folder, tmp_path, monkeypatch):
    """The big files a build replaces keep a second name in the cache's
    retired/ folder (their blocks are not freed in the build's last step)
    and are deleted in a thread during the next build."""
    from jbz import atomic_output

    monkeypatch.setattr(atomic_output, "RETIRE_MIN_BYTES", 0)  # the five letters' files are small
    out = tmp_path / "out"
    _build(folder, out)
    retired = out / "dist" / "cache" / cache.parser_version() / "retired"
    old = (out / "data" / "paragraphs.csv").read_bytes()
    path = folder / WORD_AGENDA_948
    text = path.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)
    path.write_text(text[:i] + " die " + text[i + 4 :], encoding="utf-8")
    assert _build(folder, out).written["incremental"]
    first = {p.name: p.read_bytes() for p in retired.iterdir()}
    assert old in [data for name, data in first.items() if name.endswith("-paragraphs.csv")]
    assert (out / "data" / "paragraphs.csv").read_bytes() != old
    _equals_a_full_build(folder, out, tmp_path)
    path.write_text(text, encoding="utf-8")
    assert _build(folder, out).written["incremental"]
    assert not set(first) & {p.name for p in retired.iterdir()}  # swept; this build's replaced files are there now
    _equals_a_full_build(folder, out, tmp_path)


@pytest.mark.parametrize("rm", [True, False])
def test_the_sweep_deletes_every_retired_file(tmp_path, monkeypatch, rm):
    import subprocess

    from jbz import atomic_output

    retired = tmp_path / "retired"
    retired.mkdir()
    for i in range(3):
        (retired / f"{i}-data.csv").write_text("old", encoding="utf-8")
    if not rm:  # no rm to run: a thread does it
        def no_rm(*args, **kwargs):
            raise OSError("no rm")

        monkeypatch.setattr(subprocess, "Popen", no_rm)
    sweeping = atomic_output.sweep(retired)
    assert (sweeping.process is not None) == rm
    sweeping.join()
    assert not any(retired.iterdir())
    assert atomic_output.sweep(retired) is None and atomic_output.sweep(tmp_path / "none") is None


def test_a_new_parser_version_or_full_parses_everything(folder, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _build(folder, out).parsed_files == 5
    assert _build(folder, out, full=True).parsed_files == 5
    monkeypatch.setattr(cache, "parser_version", lambda: "another-version")
    assert _build(folder, out).parsed_files == 5
    # entries of the old version are removed, so the cache does not grow with every parser change
    assert [p.name for p in (out / "dist" / "cache").iterdir()] == ["another-version"]


def _write(parsed, out: Path, full: bool = False):
    parsed.written = write_all(parsed, out, build_info(list(parsed.links.letters.values()), parsed.errors), full=full)
    return parsed


def test_the_parse_workers_pack_the_sources_and_the_database_stores_that(folder, tmp_path, monkeypatch):
    """The source is packed where the letter is parsed (the parse workers) and
    kept in the parse cache with its rows: the database writer stores those
    bytes as they are, packing nothing itself, also for a letter renamed after
    it was parsed (004, whose number is inferred from the letters citing it),
    in a full build and in an incremental update. They are the bytes the
    writer would pack itself from the rows (jbz.database.packed_letters)."""
    from jbz import sourcepack
    from jbz.database import PACKED_KEY, SOURCE_BASE_SQL, packed_letters, source_base

    def forbid_packing(*args):
        raise AssertionError("packed again by the database writer")

    def check(parsed, out: Path) -> None:
        conn = sqlite3.connect(str(out / "dist" / "jbz.db"))
        for lid, sha in parsed.keys.items():
            assert PACKED_KEY not in parsed.inputs[lid]["letter"]  # the link input stays small
            cached = parsed.cache.get_rows(sha)["letters"][0]
            digest, stored = cached[PACKED_KEY]
            fid = parsed.links.final_id(lid)
            assert conn.execute("SELECT text FROM letters WHERE id = ?", (fid,)).fetchone()[0] == stored, fid
            base = source_base(*conn.execute(SOURCE_BASE_SQL, {"id": fid}).fetchone())
            assert sourcepack.is_packed(stored) and sourcepack.unpack(stored, base).decode("utf-8") == cached["text"], fid
            assert sourcepack.pack(cached["text"].encode("utf-8"), base) == stored, fid  # what the writer would pack itself
            finished = parsed.finished(lid)
            monkeypatch.setattr(sourcepack, "pack", forbid_packing)
            assert packed_letters(finished)[0]["text"] == stored and PACKED_KEY not in packed_letters(finished)[0], fid
            monkeypatch.undo()
        conn.close()

    out = tmp_path / "out"
    first = parse_folder(folder, cache_dir=out / "dist" / "cache", jobs=1)
    assert "kst-32317-879" in {first.links.final_id(lid) for lid in first.links.letters}  # 004, renamed after parsing
    monkeypatch.setattr(sourcepack, "pack", forbid_packing)
    _write(first, out)
    monkeypatch.undo()
    check(first, out)

    changed = folder / WORD_AGENDA_948  # 004 renamed again, and 948 parsed again: an incremental update
    changed.write_text(changed.read_text(encoding="utf-8").replace("32317, nr. 879.", "32317, nr. 880."), encoding="utf-8")
    second = parse_folder(folder, cache_dir=out / "dist" / "cache", jobs=1)
    assert second.parsed_files == 1 and "kst-32317-879" not in {second.links.final_id(lid) for lid in second.links.letters}
    monkeypatch.setattr(sourcepack, "pack", forbid_packing)
    assert _write(second, out).written["incremental"]
    monkeypatch.undo()
    check(second, out)
    _equals_a_full_build(folder, out, tmp_path)


def test_a_source_packed_against_other_texts_is_packed_again():
    """packed_letters uses a row's packed form only when it was packed against
    the same paragraphs and footnotes; else (or without one) it packs itself."""
    from jbz import sourcepack
    from jbz.database import PACKED_KEY, pack_sources, packed_letters

    source = "Geannoteerde agenda \nvoor de JBZ-Raad van 12 en 13 juni \n" * 50
    tables = {"letters": [{"id": "a", "text": source}],
              "paragraphs": [{"id": "a-p0002", "letter_id": "a", "text": "van 12 en 13 juni"},
                             {"id": "a-p0001", "letter_id": "a", "text": "Geannoteerde agenda voor de JBZ-Raad"}],
              "footnotes": []}
    base = sourcepack.base(["Geannoteerde agenda voor de JBZ-Raad", "van 12 en 13 juni"], [])
    expected = sourcepack.pack(source.encode("utf-8"), base)
    assert packed_letters(tables)[0] == {"id": "a", "text": expected}
    pack_sources(tables)
    assert tables["letters"][0][PACKED_KEY][1] == expected and tables["letters"][0]["text"] == source
    assert packed_letters(tables)[0] == {"id": "a", "text": expected}
    tables["paragraphs"][0]["text"] = "van 14 juni"  # the texts changed after packing: packed again against them
    again = sourcepack.pack(source.encode("utf-8"), sourcepack.base(["Geannoteerde agenda voor de JBZ-Raad", "van 14 juni"], []))
    assert again != expected and packed_letters(tables)[0] == {"id": "a", "text": again}


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

    state = _write_csvs(Fake(), tmp_path)
    assert state["out_of_order"] == ["paragraphs"]
    assert (tmp_path / "letters.csv.tmp").read_text(encoding="utf-8").splitlines()[1:] == ["a" + "," * (len(TABLES[0].columns) - 1), "a-b" + "," * (len(TABLES[0].columns) - 1)]
    # spliced (letter a copied from the file before, a-b written anew): the same bytes, and the same finding
    for name in ("letters", "paragraphs"):
        (tmp_path / f"{name}.csv.tmp").replace(tmp_path / f"{name}.csv")
    new = tmp_path / "new"
    letters = [("a", None), ("a-b", {"paragraphs": [row("a-b-p0001", "a-b")], "letters": [{"id": "a-b"}]})]
    spliced = incremental.write_csvs(letters, {}, new, state, tmp_path, only={"letters", "paragraphs"})
    assert spliced["out_of_order"] == ["paragraphs"]
    for name in ("letters", "paragraphs"):
        assert (new / f"{name}.csv.tmp").read_bytes() == (tmp_path / f"{name}.csv").read_bytes()


def test_csvs_from_the_spooled_database_values_are_those_of_the_rows(tmp_path):
    """The full build's producers (each half of the letters) keep the parameter
    lists they sent for the database in spool files, and the CSV process
    writes the CSVs from them (the letters taken from the spools in turn,
    shared texts and verbatim sources put back), not from the rows read and
    linked again: the same files and the same CSV state as from the finished
    rows; the producers' shared texts and summary counts merged are those of
    one producer that took every letter."""
    import tempfile

    from jbz.output import _send_values, _shares, _spooled_letters, _write_csvs

    class Pipe:
        def __init__(self):
            self.sent = []

        def send_bytes(self, data):
            self.sent.append(pickle.loads(data)[0])

        def send(self, obj):
            pass

        def close(self):
            pass

    parsed = parse_folder(LETTERS, jobs=1)
    order = [parsed.links.final_id(lid) for lid in parsed.links.order()]
    one, first, second = Pipe(), Pipe(), Pipe()
    meetings = parsed.links.tables["meetings"]
    with tempfile.TemporaryFile(dir=tmp_path) as spool, tempfile.TemporaryFile(dir=tmp_path) as other:
        owners = _shares(parsed, 2)
        assert owners == [0, 1, 0, 1, 0]  # rows in memory: each letter counts alike
        values, counts = _send_values(parsed, first, spool, (owners, 0))
        values_b, counts_b = _send_values(parsed, second, other, (owners, 1))
        assert first.sent == order[0::2] and second.sent == order[1::2] and len(order) == 5
        values.merge(values_b.shared, values_b.shared_uses)
        counts.merge(counts_b)
        alone, counts_alone = _send_values(parsed, one)
        assert one.sent == order
        assert (values.shared, values.shared_uses) == (alone.shared, alone.shared_uses) and values.shared["headings"]
        assert counts.rows(meetings) == counts_alone.rows(meetings) and counts.rows(meetings)["summary_mentions"]
        from_values = _write_csvs(parsed, tmp_path / "values", _spooled_letters([spool, other], values.shared, owners))
    from_rows = _write_csvs(parsed, tmp_path / "rows")
    assert from_values == from_rows
    for t in TABLES:
        assert (tmp_path / "values" / f"{t.name}.csv.tmp").read_bytes() == (tmp_path / "rows" / f"{t.name}.csv.tmp").read_bytes(), t.name
    headings = (tmp_path / "values" / "paragraphs.csv.tmp").read_text(encoding="utf-8")
    assert any(text in headings for text in values.shared["headings"].values())
    letters = (tmp_path / "values" / "letters.csv.tmp").read_bytes()
    assert all(path.read_bytes().decode("utf-8").replace('"', '""')[:200].encode("utf-8") in letters for path in LETTERS.glob("*.txt"))


def test_csv_lines_are_what_the_csv_module_writes():
    """The CSVs' own writer (jbz.incremental.csvs.csv_lines, quicker on long
    texts) writes what csv.writer writes: quotes doubled, a field with a comma,
    quote or line end quoted, a lone empty field as "", floats by repr."""
    import io
    import random

    from jbz.incremental.csvs import _csv_rows, _fast_rows, csv_lines

    def reference(rows):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()

    assert csv_lines([['a"b', "a,b", "a\nb", None, 1, 0.1, True], [""], [None], []]) == '"a""b","a,b","a\nb",,1,0.1,True\n""\n""\n\n'
    rng = random.Random(11)
    chars = ['a', '"', ',', '\n', '\r', ' ', '\t', 'é', '\u2028', '\x85']
    for _ in range(20_000):
        rows = [[rng.choice([None, 1, 2.5, -0.0, True, "".join(rng.choice(chars) for _ in range(rng.randint(0, 5)))])
                 for _ in range(rng.randint(0, 4))] for _ in range(rng.randint(0, 3))]
        assert csv_lines(rows) == _csv_rows(rows) == reference(rows), rows
        assert _fast_rows(rows) == reference(rows), rows  # on this Python the quick writer is the one used


def test_outputs_when_the_second_process_fails(folder, tmp_path, monkeypatch):
    """The second process converts the rows for the database and writes the
    CSVs (jbz.output); when it fails, this process loads the database itself
    and writes the CSVs from it: the same outputs."""
    import jbz.output

    _build(folder, tmp_path / "a", full=True)

    def failing(*args):
        raise RuntimeError("no producer")

    from_database = []

    def write_csvs_from_database(db_path, out_dir, only):
        from_database.extend(only)
        return real(db_path, out_dir, only=only)

    real = jbz.output.write_csvs_from_database
    monkeypatch.setattr(jbz.output, "_send_values", failing)
    monkeypatch.setattr(jbz.output, "write_csvs_from_database", write_csvs_from_database)
    _build(folder, tmp_path / "b", full=True)
    assert from_database == [t.name for t in TABLES]  # the CSVs came from the database
    _same_outputs(tmp_path / "a", tmp_path / "b")  # and the manifest's checksums are the files'


def test_full_build_hashes_no_csv_again(folder, tmp_path, monkeypatch):
    """A full build's CSVs were hashed as they were written (jbz.output):
    the downloads manifest reads only the database and datapackage.json."""
    from jbz.incremental.state import signature

    hashed = []
    real = incremental.HASHES.sha256

    def sha256(path):
        if incremental.HASHES.known.get(signature(path)) is None:
            hashed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(incremental.HASHES, "sha256", sha256)
    _build(folder, tmp_path / "out", full=True)
    assert sorted(hashed) == ["datapackage.json", "jbz.db"]
    _checksums_are_right(tmp_path / "out")


def test_a_full_builds_fingerprints_come_from_the_csv_process(folder, tmp_path):
    """The letters' fingerprints in a full build's state (source key, view
    digest) are worked out in the CSV process, which made the views for the
    rows: the same as this process makes them, and none made here."""
    from jbz.output import write_outputs

    parsed = parse_folder(folder, cache_dir=tmp_path / "cache", jobs=1)
    found: dict = {}
    write_outputs(parsed, tmp_path / "out", state=found)
    assert not parsed._views
    fids, lids, fp = found["fingerprints"]
    assert len(fids) == 5 and sorted(fp) == sorted(fids) and set(lids.values()) == set(parsed.keys)
    assert all(fp[fid] == (parsed.keys[lids[fid]], hashlib.sha256(pickle.dumps(parsed.view(lids[fid]), protocol=5)).hexdigest()) for fid in fids)
    assert (fids, lids, fp) == incremental.fingerprints(parsed)


def test_the_update_finds_a_key_it_broke(folder, tmp_path):
    """The update checks foreign keys only where it changed rows: a new row
    whose parent is missing, and rows pointing at a key that is gone."""
    out = tmp_path / "out"
    _build(folder, out)
    conn = sqlite3.connect(str(out / "dist" / "jbz.db"))
    meeting, letter = conn.execute("SELECT meeting_id, id FROM letters WHERE meeting_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    top = conn.execute("SELECT max(rowid) FROM citations").fetchone()[0]
    assert incremental.update._check_foreign_keys(conn, {"citations": top}, {"meetings": set()}) == []
    conn.execute("UPDATE citations SET target_letter_id = 'kst-0-0' WHERE rowid = ?", (top,))
    conn.execute("DELETE FROM meetings WHERE id = ?", (meeting,))
    problems = incremental.update._check_foreign_keys(conn, {"citations": top - 1}, {"meetings": {meeting}})
    assert f"citations.target_letter_id = 'kst-0-0' (rowid {top}) not in letters.id" in problems
    assert any(p.startswith(f"letters.meeting_id = '{meeting}'") for p in problems)
    assert not any("citations" in p and p != f"citations.target_letter_id = 'kst-0-0' (rowid {top}) not in letters.id" for p in problems)
    conn.close()


def test_summary_tables_updated_in_place_or_moved_equal_a_full_build(tmp_path):
    """On 15 letters of the benchmark's corpus (several meetings, years and
    EU files): a word changed (the summaries' rows stay where they are), a
    letter added before the others in date order and one after them (rows
    moved into place), a letter removed: each time every summary table is
    updated where the change reaches it, and equals a full build's."""
    from site_helpers import load_module

    corpus = load_module("benchmarks/corpus.py", "corpus_for_incremental").Corpus()
    letters = corpus.write(15, tmp_path / "letters")
    out = tmp_path / "incremental"
    _build(letters, out)
    n_partial = len(incremental.summaries.PARTIAL_SUMMARIES) + 1

    middle = sorted(letters.iterdir())[7]
    text = middle.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)
    middle.write_text(text[:i] + " die " + text[i + 4 :], encoding="utf-8")
    changed = _build(letters, out)
    assert changed.written["incremental"] and changed.written["timings"]["summaries_partial"] == n_partial
    assert changed.written["timings"].get("summaries_in_place", 0) >= 4
    _equals_a_full_build(letters, out, tmp_path)

    for k in (16, 30):  # other copies: other years
        (letters / corpus.name(k)).write_text(corpus.letter(k), encoding="utf-8")
        added = _build(letters, out)
        assert added.written["incremental"] and added.written["timings"]["summaries_partial"] == n_partial
        _equals_a_full_build(letters, out, tmp_path)

    middle.unlink()
    removed = _build(letters, out)
    assert removed.written["incremental"] and removed.written["timings"]["removed"] == 1
    _equals_a_full_build(letters, out, tmp_path)


def test_mention_counts_of_a_few_letters_read_by_letter(folder, tmp_path):
    """summary_mentions' counts of the changed letters: for a few letters read
    through the index on mentions.letter_id (not by a scan of every subject
    mention), the same rows as the scan."""
    out = tmp_path / "out"
    _build(folder, out)
    conn = sqlite3.connect(out / "dist" / "jbz.db")
    ids = [r[0] for r in conn.execute("SELECT id FROM letters ORDER BY id LIMIT 2")]
    incremental.summaries._fill(conn, "jbz_l", ids)
    sql = []
    conn.set_trace_callback(sql.append)
    few = incremental.summaries._mention_counts(conn, 2)
    conn.set_trace_callback(None)
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql[0]))
    assert "SEARCH mentions USING INDEX idx_mentions_letter_id" in plan, plan
    assert len(few) > 5 and few == incremental.summaries._mention_counts(conn, incremental.summaries.FEW_LETTERS + 1)
    conn.close()


def test_a_cross_letter_table_keeps_its_unchanged_rows(folder, tmp_path):
    """A cross-letter table is updated by its differences: rows that went or
    changed are deleted, new and changed rows inserted after the others."""
    out = tmp_path / "out"
    _build(folder, out)
    conn = sqlite3.connect(out / "dist" / "jbz.db")
    cols = table("meetings").column_names
    rows = [dict(zip(cols, r)) for r in conn.execute(f"SELECT {', '.join(cols)} FROM meetings ORDER BY id")]
    assert len(rows) >= 3
    rowid = {r[0]: r[1] for r in conn.execute("SELECT id, rowid FROM meetings")}
    top = max(rowid.values())
    first, second = rows[0], rows[1]
    new_rows = [dict(second, location="Elders")] + rows[2:] + [dict(first, id="jbz-2099-01-01")]
    new_from, gone = incremental.update._replace_rows(conn, "meetings", new_rows)
    assert new_from <= top
    assert sorted(g[0] for g in gone) == sorted([first["id"], second["id"]])
    after = {r[0]: r[1] for r in conn.execute("SELECT id, rowid FROM meetings")}
    assert all(after[r["id"]] == rowid[r["id"]] for r in rows[2:])  # unchanged rows stay where they were
    assert after[second["id"]] > new_from and after["jbz-2099-01-01"] > new_from
    got = [dict(zip(cols, r)) for r in conn.execute(f"SELECT {', '.join(cols)} FROM meetings ORDER BY id")]
    assert got == sorted(new_rows, key=lambda r: r["id"])
    conn.close()


def test_a_renamed_file_gives_its_new_name_everywhere(folder, tmp_path):
    """A letter file renamed (the same bytes: its rows come from the cache)
    is named by its new name in every row, the data issues of its agenda
    items included, as in a full build."""
    out = tmp_path / "incremental"
    _build(folder, out)
    old = folder / WORD_AGENDA_948
    new = old.with_name("hernoemd-" + old.name)
    issues = [r for r in _csv(out, "data_issues").values() if r["source_file"] == old.name and r["kind"] == "no-eu-file"]
    assert issues, "the 948 agenda has items without an EU file"
    old.rename(new)
    again = _build(folder, out)
    assert again.parsed_files == 0 and again.written["incremental"]
    named = {r["source_file"] for r in _csv(out, "data_issues").values()}
    assert new.name in named and old.name not in named
    _equals_a_full_build(folder, out, tmp_path)


def test_summary_scope_by_meeting_takes_rows_without_a_meeting_too(folder, tmp_path):
    """The summaries grouped by meeting read the rows of the meetings reached
    by an index ('' stands for rows without a meeting): the same rows as
    `coalesce(meeting_id, '') IN jbz_mt`."""
    out = tmp_path / "out"
    _build(folder, out)
    conn = sqlite3.connect(out / "dist" / "jbz.db")
    for name in ("positions", "agenda_items"):
        conn.execute(f"UPDATE [{name}] SET meeting_id = NULL WHERE rowid IN (1, 2)")
    meeting = conn.execute("SELECT meeting_id FROM positions WHERE meeting_id IS NOT NULL LIMIT 1").fetchone()[0]
    for reached in ([""], [meeting], [meeting, ""], ["jbz-1900-01-01"]):
        incremental.summaries._fill(conn, "jbz_mt", reached)
        for name in ("positions", "agenda_items"):
            scope = incremental.summaries._BY_MEETING.format(alias="x", table=name)
            got = [r[0] for r in conn.execute(f"SELECT x.rowid FROM [{name}] x WHERE {scope} ORDER BY 1")]
            expected = [r[0] for r in conn.execute(f"SELECT rowid FROM [{name}] WHERE coalesce(meeting_id, '') IN temp.jbz_mt ORDER BY 1")]
            assert got == expected, (name, reached)
            assert bool(expected) == (reached != ["jbz-1900-01-01"]), (name, reached)
    conn.close()


def test_csvs_whose_rows_did_not_change_are_left_as_they_are(folder, tmp_path):
    """A word changed in one letter: the CSVs of the tables whose rows of that
    letter are the same bytes keep their file (not spliced and written again);
    the others are rewritten; all equal a full build's."""
    out = tmp_path / "incremental"
    _build(folder, out)
    before = {t.name: (out / "data" / f"{t.name}.csv").stat().st_ino for t in TABLES}
    changed = folder / WORD_AGENDA_948
    text = changed.read_text(encoding="utf-8")
    i = text.find(" de ", len(text) // 2)
    changed.write_text(text[:i] + " die " + text[i + 4 :], encoding="utf-8")
    second = _build(folder, out)
    assert second.written["incremental"] and second.written["timings"]["changed"] == 1
    after = {t.name: (out / "data" / f"{t.name}.csv").stat().st_ino for t in TABLES}
    kept = {name for name in before if before[name] == after[name]}
    assert {"signatories", "motions", "footnotes"} <= kept and "paragraphs" not in kept and "letters" not in kept
    spliced = set(second.written["timings"]["csv_spliced"].split())
    assert {"letters", "paragraphs"} <= spliced and not spliced & {"signatories", "motions", "footnotes", "citations", "mentions"}
    _equals_a_full_build(folder, out, tmp_path)


def _spliced(tmp_path: Path, old: bytes, parts: list, checkpoints) -> tuple[bytes, str, list]:
    """A file written by `csvs._TableFile` after `old` (written by it too,
    with its states saved or not, `checkpoints`): `parts` are bytes to write
    or (start, length) ranges of `old` to copy. Returns (bytes, SHA-256, states saved)."""
    from jbz.incremental.csvs import _TableFile

    first = _TableFile(tmp_path / "old.csv", None)
    for i in range(0, len(old), 300):  # a letter's rows at a time
        first.write(old[i : i + 300])
    first.close()
    f = _TableFile(tmp_path / "new.csv", tmp_path / "old.csv", first.checkpoints if checkpoints else None)
    for part in parts:
        if isinstance(part, bytes):
            f.write(part)
        else:
            f.copy(*part)
    digest = f.close()
    return (tmp_path / "new.csv").read_bytes(), digest, f.checkpoints


@pytest.mark.parametrize("resumable", [True, False])
@pytest.mark.parametrize("checkpoints", [True, False])
def test_a_spliced_file_has_the_right_bytes_checksum_and_saved_states(tmp_path, monkeypatch, resumable, checkpoints):
    """Unchanged first bytes copied by the kernel and hashed from a state the
    build before saved, a change at the start, in the middle or at the end,
    rows removed at the end, the file as it was: the bytes are the parts', the
    SHA-256 is hashlib's, and each state saved resumes to it."""
    from jbz.incremental import csvs, resumable as module
    from jbz.incremental.resumable import Sha256

    monkeypatch.setattr(csvs, "CHECKPOINT", 1000)  # many states in a small file
    monkeypatch.setattr(csvs, "CHUNK", 700)
    if not resumable:
        monkeypatch.setattr(module, "_USABLE", False)
    rng = random.Random(11)
    old = bytes(rng.randrange(256) for _ in range(20_000))
    header, size = old[:50], len(old)
    cases = {
        "as it was": [header, (50, size - 50)],
        "at the start": [header, b"new rows", (50, size - 50)],
        "a letter changed in the middle": [header, (50, 9000), b"changed rows" * 40, (9700, size - 9700)],
        "two runs and a letter moved": [header, (50, 3000), (6000, 2000), (3050, 2950), (8000, size - 8000)],
        "added at the end": [header, (50, size - 50), b"added" * 700],
        "removed at the end": [header, (50, 15_123)],
        "another header": [b"other header", (50, size - 50)],
    }
    for what, parts in cases.items():
        data, digest, saved = _spliced(tmp_path, old, parts, checkpoints)
        expected = b"".join(p if isinstance(p, bytes) else old[p[0] : p[0] + p[1]] for p in parts)
        assert data == expected, what
        assert digest == hashlib.sha256(expected).hexdigest(), what
        if resumable:
            offsets = [offset for offset, _ in saved]
            assert len(offsets) >= 15 and offsets == sorted(set(offsets)), what  # about one per 1,000 bytes
        else:
            assert saved == [], what
        for offset, state in saved:  # each saved state is the hash of the bytes before its offset
            h = Sha256(state)
            h.update(expected[offset:])
            assert h.hexdigest() == digest, (what, offset)


def test_a_resumed_checksum_equals_hashlib_at_every_cut():
    from jbz.incremental.resumable import Sha256

    data = bytes(range(256)) * 9 + b"end"
    for cut in range(0, len(data), 37):
        h = Sha256()
        h.update(data[:cut])
        saved = h.saved()
        if saved is None:
            pytest.skip("OpenSSL's SHA-256 states cannot be saved here")
        again = Sha256(saved)
        again.update(data[cut:])
        assert again.hexdigest() == hashlib.sha256(data).hexdigest()
        assert h.hexdigest() == hashlib.sha256(data[:cut]).hexdigest()  # hexdigest leaves the state as it was
        h.update(data[cut:])
        assert h.hexdigest() == hashlib.sha256(data).hexdigest()


def test_letters_added_at_the_end_and_the_front_of_the_order_changed_in_the_middle_and_removed_at_the_end(folder, tmp_path):
    """Where a change falls in the CSVs decides how much of each file is
    copied unread and from which saved state its checksum resumes: a letter
    added after every other (QF), one added before every other (879), one in
    the middle changed, the last one removed; each equals a full build."""
    out = tmp_path / "incremental"
    kept = {name: (folder / name).read_text(encoding="utf-8") for name in (MARKDOWN_VERSLAG_QF, PDF_AGENDA_NO_HEADER)}
    for name in kept:
        (folder / name).unlink()
    first = _build(folder, out)
    assert list(_csv(out, "letters")) == ["kst-32317-935", "kst-32317-948", "kst-32317-978"]
    steps = [
        (MARKDOWN_VERSLAG_QF, lambda path: path.write_text(kept[MARKDOWN_VERSLAG_QF], encoding="utf-8"), "kst-32317-QF"),
        (PDF_AGENDA_NO_HEADER, lambda path: path.write_text(kept[PDF_AGENDA_NO_HEADER], encoding="utf-8"), "kst-32317-879"),
        (PDF_AGENDA_978, lambda path: path.write_text(path.read_text(encoding="utf-8").replace(" de ", " die ", 3), encoding="utf-8"), None),
        (MARKDOWN_VERSLAG_QF, lambda path: path.unlink(), None),
    ]
    for name, change, new_id in steps:
        change(folder / name)
        built = _build(folder, out)
        assert built.written["incremental"], name
        letters = list(_csv(out, "letters"))
        if new_id:
            assert new_id in letters and letters.index(new_id) in (0, len(letters) - 1), (name, letters)
        _equals_a_full_build(folder, out, tmp_path)
    assert list(_csv(out, "letters")) == ["kst-32317-879", "kst-32317-935", "kst-32317-948", "kst-32317-978"]
    assert first.written["incremental"] is False


def test_a_written_csv_has_its_writeback_started_when_it_is_closed(tmp_path, monkeypatch):
    """The CSV process starts writing each finished file to disk
    (`csvs.start_writeback`), so the rename into place does not allocate its
    blocks then; the file's bytes are what was written."""
    from jbz.incremental import csvs

    started = []
    real = csvs.start_writeback
    monkeypatch.setattr(csvs, "start_writeback", lambda fd: (started.append(os.fstat(fd).st_size), real(fd)))
    f = csvs._TableFile(tmp_path / "t.csv", None)
    f.write(b"a,b\n" * 1000)
    digest = f.close()
    assert started == [4000]
    assert (tmp_path / "t.csv").read_bytes() == b"a,b\n" * 1000 and digest == hashlib.sha256(b"a,b\n" * 1000).hexdigest()
    fd = os.open(tmp_path / "t.csv", os.O_RDONLY)
    try:
        real(fd)  # on a file open for reading: nothing to write, no error
    finally:
        os.close(fd)


def test_the_producers_take_halves_of_the_cached_rows(folder, tmp_path):
    """A full build's two producers (jbz.output._shares) take the letters so
    that their bytes of cached rows differ by no more than one letter's, not
    every other letter whatever its size."""
    from jbz.output import _shares

    parsed = parse_folder(folder, cache_dir=tmp_path / "cache", full=True)
    order = parsed.links.order()
    sizes = [parsed.cache.size(parsed.keys[lid]) for lid in order]
    owners = _shares(parsed, 2)
    assert sorted(set(owners)) == [0, 1] and len(owners) == len(order)
    taken = [sum(s for s, o in zip(sizes, owners) if o == p) for p in (0, 1)]
    assert abs(taken[0] - taken[1]) <= max(sizes)
