"""The cycle collector is paused while the build loads and links every
letter's link input and while it updates the outputs (`jbz.nogc`), runs
while letters are parsed (the workers and budget children are forked then),
and is as it was afterwards, also when the build fails. The inspect file an
incremental build writes (its hash worked out in a thread while the tables
are counted) holds the database's own SHA-256 and counts."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil

import pytest
from conftest import LETTERS, WORD_AGENDA_948

from jbz import nogc, pipeline
from jbz.cli import build_info, write_all
from jbz.database import sqlite3
from jbz.pipeline import parse_folder


def test_paused_and_running_restore_the_collector():
    assert gc.isenabled()
    with nogc.paused():
        assert not gc.isenabled()
        with nogc.running():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with nogc.paused():
            raise ValueError("stops the build")
    assert gc.isenabled()
    gc.disable()
    try:
        with nogc.paused():
            pass
        assert not gc.isenabled()  # left off when it was off
        with nogc.running():
            assert gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_letters_are_parsed_with_the_collector_on_and_linked_with_it_off(tmp_path, monkeypatch):
    seen = {}
    run, link = pipeline._run_tasks, pipeline.link_letters

    def spy_run(tasks, jobs):
        seen["parse"] = gc.isenabled()
        return run(tasks, jobs)

    def spy_link(inputs):
        seen["link"] = gc.isenabled()
        return link(inputs)

    monkeypatch.setattr(pipeline, "_run_tasks", spy_run)
    monkeypatch.setattr(pipeline, "link_letters", spy_link)
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    parsed = parse_folder(folder, cache_dir=tmp_path / "cache", jobs=1)
    assert len(parsed.links.letters) == 5 and not parsed.errors
    assert seen == {"parse": True, "link": False}
    assert gc.isenabled()


def test_inspect_file_of_an_incremental_build_has_the_database_hash_and_counts(tmp_path):
    folder, out = tmp_path / "letters", tmp_path / "out"
    shutil.copytree(LETTERS, folder)

    def build():
        parsed = parse_folder(folder, cache_dir=out / "dist" / "cache", jobs=1)
        return write_all(parsed, out, build_info(list(parsed.links.letters.values()), parsed.errors))

    assert not build()["incremental"]
    changed = folder / WORD_AGENDA_948
    changed.write_text(changed.read_text(encoding="utf-8").replace("Luxemburg", "Brussel", 1), encoding="utf-8")
    assert build()["incremental"]
    db = out / "dist" / "jbz.db"
    found = json.loads((out / "dist" / "inspect.json").read_text())["jbz"]
    assert found["hash"] == hashlib.sha256(db.read_bytes()).hexdigest()
    assert found["size"] == db.stat().st_size
    conn = sqlite3.connect(str(db))
    try:
        assert found["tables"]["letters"]["count"] == 5
        for name in ("paragraphs", "agenda_items", "search_terms"):
            assert found["tables"][name]["count"] == conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0] > 0
    finally:
        conn.close()
    assert gc.isenabled()


def test_kept_objects_are_frozen_at_the_end_of_a_pause_and_not_after_a_failure():
    gc.unfreeze()
    try:
        with nogc.paused(keep=True):
            kept = [{"n": i} for i in range(1000)]
        frozen = gc.get_freeze_count()
        assert frozen >= 2000 and gc.isenabled()  # the list, its dicts (and what was alive before)
        assert not any(obj is kept for obj in gc.get_objects())  # out of the collector's sight ...
        assert len(kept) == 1000  # ... and still alive
        gc.unfreeze()
        with pytest.raises(ValueError):
            with nogc.paused(keep=True):
                raise ValueError("stops the build")
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        with nogc.paused():
            pass
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_a_rebuild_that_parses_nothing_does_not_turn_the_collector_on_over_the_link_inputs(tmp_path, monkeypatch):
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    parse_folder(folder, cache_dir=tmp_path / "cache", jobs=1)
    entered = []
    running = nogc.running

    def spy():
        entered.append(gc.isenabled())
        return running()

    monkeypatch.setattr(nogc, "running", spy)
    parsed = parse_folder(folder, cache_dir=tmp_path / "cache", jobs=1)
    assert parsed.parsed_files == 0 and len(parsed.links.letters) == 5
    assert entered == []
    gc.unfreeze()
