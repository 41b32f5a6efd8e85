"""The SQLite database follows the schema, is reproducible, and search finds
part of a word (Dutch compounds) and ignores accents (FTS5 word index with
remove_diacritics, and the trigram index of its vocabulary)."""

from __future__ import annotations

import asyncio
import hashlib
import zlib

import pytest
import sqlite_utils
from publish_data_helpers import LETTER, pid, synthetic_tables
from sqlite_utils.utils import sqlite3

from jbz import queries
from conftest import LETTERS

from jbz import sourcepack
from jbz.database import read_source, write_database
from jbz.schema import SQLITE_TYPES, TABLES, shared, table


def _connect(path):
    return sqlite3.connect(str(path))  # pysqlite3: trigram with remove_diacritics


@pytest.fixture(scope="module")
def small_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "jbz.db"
    write_database(synthetic_tables(), path)
    return path


@pytest.fixture(scope="module")
def small(small_path):
    conn = _connect(small_path)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def db(tables, tmp_path_factory):
    """The database of the five real letters."""
    path = tmp_path_factory.mktemp("db") / "jbz.db"
    write_database(tables, path)
    conn = _connect(path)
    yield conn
    conn.close()


def _search(db, table, text):
    """Ids of the rows whose search column holds `text` as the search query and the site look for it."""
    sql = f"select id from [{table}] where rowid in (select rowid from [{table}_fts] where [{table}_fts] match ({queries.SEARCH_MATCH})) order by id"
    return [r[0] for r in db.execute(sql, {"q": text})]


# --- Structure -----------------------------------------------------------------


def test_tables_columns_types_and_keys_follow_the_schema(small):
    for t in TABLES:
        info = small.execute(f"pragma table_info([{t.name}])").fetchall()
        stored = {"source": "BLOB", "shared": "INTEGER"}
        assert [(r[1], r[2]) for r in info] == [(c.name, stored.get(c.stored) or SQLITE_TYPES[c.type]) for c in t.columns], t.name
        pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        assert pk == list(t.primary_key), t.name
        not_null = {r[1] for r in info if r[3]}
        assert not_null == {c.name for c in t.columns if c.required and c.name not in t.primary_key}, t.name
        fks = {(r[3], r[2], r[4]) for r in small.execute(f"pragma foreign_key_list([{t.name}])")}
        assert fks == {(c.name, *c.foreign_key.split(".")) for c in t.columns if c.foreign_key} | {
            (c.name, shared(t.name, c.name).table, "id") for c in t.columns if c.stored == "shared"}, t.name


def test_indexes_cover_index_columns_and_facets(small):
    indexed = set()
    for t in TABLES:
        for index in small.execute(f"pragma index_list([{t.name}])").fetchall():
            indexed |= {(t.name, r[2]) for r in small.execute(f"pragma index_info([{index[1]}])")}
    assert ("letters", "meeting_id") in indexed and ("paragraphs", "letter_id") in indexed
    assert ("meetings", "presidency") in indexed  # a facet
    assert ("letters", "signatory_names") in indexed  # an array facet


def test_rows_go_in_by_primary_key_with_arrays_as_json_and_booleans_as_0_1(small):
    assert [r[0] for r in small.execute("select id from paragraphs order by rowid")] == [pid(o) for o in range(1, 9)]
    assert small.execute("select letter_id, ordinal, name from signatories order by rowid").fetchall() == [
        (LETTER, 1, "D.M. van Weel"), (LETTER, 2, "Ingrid Coenradie")]
    assert [r[0] for r in small.execute("select id from data_issues order by rowid")] == [1, 2]
    assert small.execute("select roles from people order by id").fetchall() == [
        ('["minister van Justitie en Veiligheid"]',), ('["staatssecretaris van Justitie en Veiligheid"]',)]
    assert small.execute("select signatory_names from letters").fetchone()[0] == '["D.M. van Weel", "Ingrid Coenradie"]'
    assert small.execute("select informal, typeof(informal) from meetings").fetchone() == (0, "integer")
    assert small.execute("select coverage from letters").fetchone()[0] == 0.999672


def test_views_and_summary_tables_of_the_site_exist_and_run(small):
    kinds = dict(small.execute("select name, type from sqlite_master"))
    assert queries.VIEWS and queries.SUMMARY_TABLES
    for name in queries.VIEWS:
        assert kinds.get(name) == "view", name
        small.execute(f"select * from [{name}]").fetchall()
    for name in queries.SUMMARY_TABLES:
        assert kinds.get(name) == "table", name
    # one agenda item with a decision at the meeting of 12-13 June 2025
    assert small.execute(
        "select count(*) from agenda_items_by_meeting where decision_type = 'partial general approach'"
    ).fetchone()[0] == 1


def test_same_rows_give_the_same_bytes(tmp_path, small_path):
    again = tmp_path / "again.db"
    write_database(synthetic_tables(), again)
    assert again.read_bytes() == small_path.read_bytes()


def test_dangling_foreign_key_is_refused_and_nothing_is_written(tmp_path):
    tables = synthetic_tables()
    tables["paragraphs"][0]["agenda_item_id"] = "kst-32317-948-99"
    path = tmp_path / "jbz.db"
    with pytest.raises(ValueError, match=r"paragraphs\.agenda_item_id = 'kst-32317-948-99' .* not in agenda_items\.id"):
        write_database(tables, path)
    assert list(tmp_path.iterdir()) == []


def test_unknown_column_is_refused(tmp_path):
    tables = synthetic_tables()
    tables["letters"][0]["titel"] = "typo"
    with pytest.raises(ValueError, match="letters: columns not in jbz.schema: titel"):
        write_database(tables, tmp_path / "jbz.db")


# --- Full-text search ------------------------------------------------------------


def test_sqlite_utils_and_datasette_use_a_sqlite_with_trigram_remove_diacritics(small_path):
    db = sqlite_utils.Database(small_path)
    assert type(db.conn).__module__.startswith("pysqlite3")
    assert tuple(map(int, db.execute("select sqlite_version()").fetchone()[0].split("."))) >= (3, 45, 0)
    assert db.table("paragraphs").detect_fts() == "paragraphs_fts"
    assert db.table("agenda_items").detect_fts() == "agenda_items_fts"
    assert db.table("footnotes").detect_fts() == "footnotes_fts"
    assert db.table("letters").detect_fts() is None


def test_search_finds_compounds_and_ignores_case_and_accents(small):
    # terugkeerhub, terugkeerprocedure/terugkeerhubs, Terugkeerverordening
    assert _search(small, "paragraphs", "terugkeer") == [pid(2), pid(3), pid(7)]
    assert _search(small, "paragraphs", "orientatie") == [pid(5), pid(6)] == _search(small, "paragraphs", "ORIËNTATIE")
    assert _search(small, "agenda_items", "terugkeer") == [f"{LETTER}-02"]
    assert _search(small, "footnotes", "32 317") == [f"{LETTER}-fn01", f"{LETTER}-fn02"]


def test_search_finds_part_of_a_word_through_the_vocabulary(small):
    # "keerhub" starts no word: it is found inside terugkeerhubs (p2) and terugkeerhub (p3)
    assert _search(small, "paragraphs", "keerhub") == [pid(2), pid(3)]
    # "Verordening betreffende …" (item 01) as a word, Terugkeerverordening (item 02) inside one
    assert _search(small, "agenda_items", "verordening") == [f"{LETTER}-01", f"{LETTER}-02"]
    # several words: a phrase of whole words, the last may be a start
    assert _search(small, "paragraphs", '"algemene orient') == [pid(5), pid(6)]
    assert _search(small, "paragraphs", "algemene terugkeer") == []
    terms = [r[0] for r in small.execute("select term from search_terms order by rowid")]
    assert terms == sorted(set(terms)) and "terugkeerhubs" in terms and "orientatie" in terms and "oriëntatie" not in terms


def test_table_search_expression_uses_the_vocabulary(small):
    vocabulary = [r[0] for r in small.execute("select term from search_terms order by rowid")]
    query = queries.table_search("keerhub Oriëntatie", vocabulary)
    assert query == '("keerhub"* OR "terugkeerhub" OR "terugkeerhubs") AND "Oriëntatie"*'
    found = small.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?", (query,)).fetchone()[0]
    assert found == 0  # no paragraph names both
    assert queries.table_search('"algemene orient', vocabulary) == '"algemene orient"*'


def test_datasette_search_parameter_uses_the_index(small_path):
    from pathlib import Path

    from datasette.app import Datasette

    async def ids(ds, query):
        response = await ds.client.get(f"/jbz/paragraphs.json?_search={query}&_shape=array&_col=id")
        assert response.status_code == 200, response.text
        return sorted(r["id"] for r in response.json())

    # the site's plugin (Datasette alone would look for whole words): the start of a word
    # (terugkeerhubs, p3) and part of a word
    site = Datasette(immutables=[str(small_path)], plugins_dir=str(Path(__file__).resolve().parent.parent / "plugins"))
    assert asyncio.run(ids(site, "terugkeerhub")) == [pid(2), pid(3)]
    assert asyncio.run(ids(site, "keerhub")) == [pid(2), pid(3)]
    assert asyncio.run(ids(site, "orientatie")) == [pid(5), pid(6)]


# --- The five real letters ---------------------------------------------------------


def test_real_build_has_every_row_and_no_dangling_keys(db, tables):
    for t in TABLES:
        assert db.execute(f"select count(*) from [{t.name}]").fetchone()[0] == len(tables[t.name]), t.name
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_real_headings_are_stored_once_and_read_back_as_text(db, tables):
    """paragraphs.heading holds the id of its text in `headings`, each text once."""
    texts = [p["heading"] for p in tables["paragraphs"] if p["heading"] is not None]
    assert len(texts) > 3 * len(set(texts))  # the five letters repeat their headings
    assert db.execute("select count(*), count(distinct heading) from headings").fetchone() == (len(set(texts)),) * 2
    uses = dict(db.execute("select heading, paragraphs from headings"))
    assert uses == {t: texts.count(t) for t in set(texts)}
    back = dict(db.execute("select p.id, h.heading from paragraphs p left join headings h on h.id = p.heading"))
    assert back == {p["id"]: p["heading"] for p in tables["paragraphs"]}
    assert db.execute("select typeof(heading) from paragraphs where heading is not null group by 1").fetchall() == [("integer",)]
    keys = [a["title_key"] for a in tables["agenda_items"] if a["title_key"] is not None]
    assert dict(db.execute("select title_key, agenda_items from title_keys")) == {k: keys.count(k) for k in set(keys)}
    back = dict(db.execute("select a.id, k.title_key from agenda_items a left join title_keys k on k.id = a.title_key"))
    assert back == {a["id"]: a["title_key"] for a in tables["agenda_items"]}


def test_two_headings_with_one_id_stop_the_build(monkeypatch, tmp_path):
    from jbz import database

    monkeypatch.setattr(database, "shared_id", lambda text: 7)
    rows = [{"id": f"x-p{i}", "letter_id": "x", "heading": h} for i, h in enumerate(("Een", "Twee"))]
    with pytest.raises(ValueError, match="headings: 'Een' and 'Twee' have the same id 7"):
        database.shared_texts(table("paragraphs"), rows)


def test_real_sources_are_stored_packed_and_give_back_the_files_bytes(db):
    """letters.text holds each source file's bytes compressed against the letter's
    own paragraphs and footnotes (jbz.sourcepack): read back they are the file
    itself, whose SHA-256 is source_sha256. Packed they take 0.03-0.085 of the
    file (zlib alone: 0.32-0.35), so under a tenth and under a third of zlib's."""
    rows = db.execute("select id, source_file, source_sha256, text, typeof(text) from letters order by id").fetchall()
    assert len(rows) == len(list(LETTERS.glob("*.txt"))) == 5
    for letter_id, name, sha, stored, kind in rows:
        data = (LETTERS / name).read_bytes()
        assert kind == "blob" and sourcepack.is_packed(stored), name
        assert read_source(db, letter_id) == data and hashlib.sha256(data).hexdigest() == sha, name
        assert len(stored) < len(data) / 10 and len(stored) < len(zlib.compress(data)) / 3, name
    with pytest.raises(zlib.error):  # without its own text a packed source does not come back
        sourcepack.unpack(rows[0][3], sourcepack.base(["iets anders"], []))


def test_a_byte_order_mark_is_kept_with_the_source(tmp_path):
    """A file saved with a BOM: the stored source is its bytes, BOM and all (the
    parser reads the text without it)."""
    from jbz.pipeline import build_tables

    data = b"\xef\xbb\xbf" + (LETTERS / "000_30e947b90ac3b314.txt").read_bytes()
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "bom.txt").write_bytes(data)
    tables = build_tables(tmp_path / "letters").tables
    write_database(tables, tmp_path / "jbz.db")
    conn = _connect(tmp_path / "jbz.db")
    letter_id, sha = conn.execute("select id, source_sha256 from letters").fetchone()
    assert read_source(conn, letter_id) == data and hashlib.sha256(data).hexdigest() == sha
    conn.close()
    assert tables["letters"][0]["text"] == data.decode("utf-8")  # the CSV's text: the BOM is there too


@pytest.mark.parametrize("data, base", [
    (b"", b""),
    (b"Den Haag, 28 mei 2025\n", b""),  # no parsed text: plain zlib
    (b"een \nregel \n \n\nen \n", b"een regel en"),  # line breaks after spaces, also in a row
    ("Geannoteerde agenda \nvoor de JBZ-Raad[footnoteRef:1] van 12 en 13 juni \n".encode() * 900,
     "Geannoteerde agenda voor de JBZ-Raad van 12 en 13 juni".encode() * 900),  # several chunks
    (bytes(range(256)) * 300, b"tekst die er niet in staat"),  # nothing in common
])
def test_sourcepack_gives_back_every_byte(data, base):
    stored = sourcepack.pack(data, base)
    assert sourcepack.unpack(stored, base) == data
    # packed when under a quarter of the source (zlib alone takes about a third of a
    # letter) or shorter than zlib alone; else zlib alone
    assert len(stored) * 4 <= len(data) or len(stored) <= len(zlib.compress(data, sourcepack.LEVEL))
    if not sourcepack.is_packed(stored):
        assert zlib.decompress(stored) == data


def test_real_item_texts_are_read_from_the_paragraphs(db, parsed):
    """agenda_item_texts gives every item the body the parser gave it (the text is not stored twice)."""
    texts = {}
    for name, records in parsed.items():
        for item in records["agenda_items"]:
            texts[(name, item["ordinal"])] = item["text"]
    got = {(source, ordinal): text for source, ordinal, text in db.execute(
        "select l.source_file, a.ordinal, t.text from agenda_item_texts t join agenda_items a on a.id = t.agenda_item_id "
        "join letters l on l.id = a.letter_id")}
    assert len(got) == len(texts) > 100
    assert {k: v or "" for k, v in got.items()} == texts
    shared = db.execute("select count(*) from agenda_items where body_item_id is not null").fetchone()[0]
    assert shared == sum(1 for records in parsed.values() for i in records["agenda_items"] if i.get("body_item_id"))


def test_real_search_finds_compounds(db):
    words = " ".join(db.execute("select text from paragraphs where id = ?", (i,)).fetchone()[0] for i in _search(db, "paragraphs", "terugkeer")).lower()
    assert "terugkeerverordening" in words and "terugkeerhub" in words
    # "terugkeerhub" in letter 948 (out-of-the-box oplossingen) and more
    hubs = _search(db, "paragraphs", "terugkeerhub")
    assert "kst-32317-948" in {h.rsplit("-p", 1)[0] for h in hubs}
    assert all("terugkeerhub" in db.execute("select lower(text) from paragraphs where id = ?", (h,)).fetchone()[0] for h in hubs)


def test_real_search_ignores_accents(db):
    plain = _search(db, "paragraphs", "orientatie")
    assert plain == _search(db, "paragraphs", "oriëntatie")
    with_accent = db.execute("select count(*) from paragraphs where lower(text) like '%oriëntatie%'").fetchone()[0]
    assert len(plain) == with_accent > 20


def test_real_footnotes_are_searchable(db):
    # BNC-fiches are cited in 7 footnotes across the five letters (counted by hand)
    assert len(_search(db, "footnotes", "BNC-fiche")) == 7


def test_facets_of_a_filtered_agenda_items_page_read_only_the_filtered_rows(db):
    """Datasette counts each facet over the filtered rows; for agenda_items
    every facet of a page filtered on one facet value looks the filtered rows
    up by the filter's own index instead of reading the whole table (the
    indexes are of one column each: covering ones, which held every other facet
    column too, took 23 MB more at 2,000 letters; benchmarks/results.md)."""
    from jbz.schema import table

    facets = table("agenda_items").facets
    assert len(facets) > 2
    for filtered in facets:
        value = db.execute(f"select [{filtered}] from agenda_items where [{filtered}] is not null limit 1").fetchone()[0]
        for facet in facets:
            sql = (f"select [{facet}] as value, count(*) as count from (select * from agenda_items where [{filtered}] = ?) "
                   f"where [{facet}] is not null group by [{facet}] order by count desc, value limit 31")
            plan = " ".join(r[3] for r in db.execute("explain query plan " + sql, (value,)))
            assert "SEARCH agenda_items USING " in plan and "SCAN agenda_items" not in plan, (filtered, facet, plan)
            assert db.execute(sql, (value,)).fetchall() == db.execute(
                f"select [{facet}], count(*) from agenda_items where [{filtered}] = ? and [{facet}] is not null "
                f"group by 1 order by 2 desc, 1 limit 31", (value,)).fetchall()


def test_eu_file_thread_looks_positions_up_by_item_without_statistics(small_path):
    """eu_file_thread is built before ANALYZE: without statistics SQLite once
    looked positions up by stance (every position of a stance per row; the
    build of 2,000 letters hung), so the plan is checked on a bare schema."""
    built = _connect(small_path)
    bare = sqlite3.connect(":memory:")
    derived = set(queries.SUMMARY_TABLES) | set(queries.VIEWS)
    for name, sql in built.execute("select name, sql from sqlite_master where type in ('table', 'index') and sql is not null"):
        if name not in derived and not name.startswith("sqlite_") and "_fts" not in name:
            bare.execute(sql)
    plan = [r[3] for r in bare.execute("explain query plan " + queries.SUMMARY_TABLES["eu_file_thread"])]
    lookups = [step for step in plan if step.startswith("SEARCH p ")]
    assert len(lookups) == 2 and all("(agenda_item_id=?)" in step for step in lookups), plan


def test_mentions_by_agenda_item_counts_and_facets_read_only_the_summary(db):
    """The view takes each item's kind and title from agenda_items by primary
    key; its count and facets (Datasette's SQL over the view) must not look
    an agenda item up for each of its rows (125,000 at 2,000 letters)."""
    for col in ("entity", "entity_kind", "meeting_id"):
        sql = (f"select [{col}] as value, count(*) as count from (select * from mentions_by_agenda_item) "
               f"where [{col}] is not null group by [{col}] order by count desc, value limit 31")
        plan = " ".join(r[3] for r in db.execute("explain query plan " + sql))
        assert "agenda_items" not in plan, (col, plan)
    plan = " ".join(r[3] for r in db.execute("explain query plan select count(*) from (select * from mentions_by_agenda_item)"))
    assert "agenda_items" not in plan, plan

def test_search_highlights_in_one_pass_over_the_matches(db):
    """search_letters highlights only the hits it shows, from one pass over the
    full-text matches: a look-up per shown hit (`rowid = ?` handed to FTS5)
    set the query up again each time (1.1 s of CPU for a frequent word at
    2,000 letters)."""
    plan = [r[3] for r in db.execute("explain query plan " + queries.QUERIES_BY_NAME["search_letters"].sql,
                                     {"q": "Commissie", "letter": ""})]
    scans = [step for step in plan if "_fts VIRTUAL TABLE" in step and "search_terms" not in step]
    assert len(scans) == 6, plan  # three to find the hits, three to highlight the ones shown
    assert not any(":=" in step for step in scans), scans


def test_csv_written_from_the_database_has_the_sources_as_text(tables, tmp_path):
    """The fallback that streams CSVs out of the database (a failed CSV process)
    unpacks the stored sources: letters.csv is the same as from the rows."""
    from jbz.package import csv_text, write_csvs_from_database
    from jbz.schema import table

    write_database(tables, tmp_path / "jbz.db")
    write_csvs_from_database(tmp_path / "jbz.db", tmp_path, only=["letters"])
    written = (tmp_path / "data" / "letters.csv").read_text(encoding="utf-8")
    assert written == csv_text(table("letters"), tables["letters"])
    assert "Hierbij bieden wij uw Kamer" in written
