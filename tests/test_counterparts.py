"""Agenda and report side by side: the real geannoteerde agenda of the JBZ-Raad
of 12-13 June 2025 (nr. 948) built beside a short, fictional verslag of that
meeting (tests/fixtures/verslag_2025_06, see its README), in a temporary
folder with the other real letters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jbz.link.counterparts import link_counterparts
from jbz.pipeline import build_tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "verslag_2025_06" / "verslag_jbz_2025_06.txt"
REPORT = "32317-2025-06-12-verslag"

# agenda item of nr. 948 → item of the fictional verslag (by ordinal), read side by side
EXPECTED_PAIRS = {
    "01": "01", "02": "02", "03": "03", "04": "04", "05": "05", "06": "06", "07": "07", "09": "08", "10": "09",
    "11": "10", "14": "11", "15": "12", "16": "13", "17": "14", "18": "15", "19": "16", "20": "17", "21": "18",
    "22": "19", "23": "20", "24": "21", "28": "22", "29": "23", "30": "24", "31": "25", "35": "26",
}


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    for letter in (ROOT / "letters").glob("*.txt"):
        shutil.copy(letter, folder / letter.name)
    shutil.copy(FIXTURE, folder / FIXTURE.name)
    result = build_tables(folder)
    assert result.ok, result.errors
    return result.tables


def test_fixture_is_read_as_the_report_of_the_agenda_meeting(side_by_side):
    letter = next(l for l in side_by_side["letters"] if l["source_file"] == FIXTURE.name)
    assert (letter["id"], letter["doc_kind"], letter["meeting_id"]) == (REPORT, "verslag", "jbz-2025-06-12")
    assert sum(1 for a in side_by_side["agenda_items"] if a["letter_id"] == REPORT) == 26


def test_each_agenda_item_links_to_its_report_item_both_ways(side_by_side):
    items = {a["id"]: a for a in side_by_side["agenda_items"]}
    agenda = {a_id.rsplit("-", 1)[1]: a["counterpart_id"] for a_id, a in items.items() if a["letter_id"] == "kst-32317-948"}
    expected = {n: None for n in agenda} | {n: f"{REPORT}-{r}" for n, r in EXPECTED_PAIRS.items()}
    assert agenda == expected
    for a_id, a in items.items():
        if a["counterpart_id"]:
            assert items[a["counterpart_id"]]["counterpart_id"] == a_id
    # different wording, same file: "Terugkeer" ↔ "Werklunch: terugkeer"; "Toegang tot gegevens: data retentie" ↔ "Dataretentie"
    assert items["kst-32317-948-22"]["counterpart_id"] == f"{REPORT}-19"
    assert items[f"{REPORT}-19"]["eu_file_id"] == "return-regulation"  # the report's footnote cites BNC-fiche 22 112, nr. 4031
    assert items["kst-32317-948-10"]["counterpart_id"] == f"{REPORT}-09"


def test_generic_headings_pair_within_their_section(side_by_side):
    items = {a["id"]: a for a in side_by_side["agenda_items"]}
    for agenda_id in ("kst-32317-948-07", "kst-32317-948-30"):  # "Overige onderwerpen", Justitie and Binnenlandse Zaken
        report = items[items[agenda_id]["counterpart_id"]]
        assert (report["title"], report["section"]) == ("Overige onderwerpen", items[agenda_id]["section"])


def test_letters_of_different_meetings_never_pair(tables):
    # the five real letters: no two about one meeting
    assert all(a["counterpart_id"] is None for a in tables["agenda_items"])


def test_counterparts_on_small_rows():
    def item(i, kind, title, section="Justitie", file=None, sub=None):
        return {"id": f"{kind[0]}-{i}", "meeting_id": "M", "doc_kind": kind, "title": title, "section": section,
                "eu_file_id": file, "sub": sub}
    t = {"agenda_items": [
        item(1, "geannoteerde agenda", "Verlenging van de tijdelijke bescherming", "Binnenlandse Zaken", "temporary-protection"),
        item(2, "geannoteerde agenda", "Overige onderwerpen", "Justitie"),
        item(3, "geannoteerde agenda", "Overige onderwerpen", "Binnenlandse Zaken"),
        item(1, "verslag", "Toekomstige juridische status van ontheemden", "Binnenlandse Zaken", "temporary-protection"),
        item(2, "verslag", "Overige onderwerpen", "Binnenlandse Zaken"),
        item(3, "verslag", "Cybercrime", "Justitie"),
    ]}
    assert link_counterparts(t) == 2
    got = {a["id"]: a["counterpart_id"] for a in t["agenda_items"]}
    assert got == {"g-1": "v-1", "g-2": None, "g-3": "v-2", "v-1": "g-1", "v-2": "g-3", "v-3": None}


def test_follow_a_file_reads_agenda_and_report_on_one_row(side_by_side, tmp_path):
    from sqlite_utils.utils import sqlite3

    from jbz.database import write_database
    from jbz.queries import FOLLOW_EU_FILE_SQL

    db = tmp_path / "jbz.db"
    write_database(side_by_side, db)
    conn = sqlite3.connect(str(db))
    conn.row_factory = sqlite3.Row
    found = [dict(r) for r in conn.execute(FOLLOW_EU_FILE_SQL, {"file": "temporary-protection"})]
    june = [r for r in found if r["meeting_date"] == "2025-06-12"]
    # 5a asked a political agreement; the Dutch position is in the agenda, the outcome in the (fictional) report
    row = june[0]
    assert (row["item"], row["decision_asked"], row["nl_position"]) == ("5a", "politiek akkoord", "support")
    assert row["nl_position_sentence"] == "Het kabinet kan daarom de verlenging van de tijdelijke bescherming met één jaar steunen."
    assert (row["report_item_id"], row["report_title"], row["report_letter_id"]) == (f"{REPORT}-16", "Verlenging van de tijdelijke bescherming", REPORT)
    assert row["outcome"] == "agreement_reached"
    assert row["outcome_evidence"].startswith("De lidstaten bereikten een politiek akkoord over de verlenging")
    # the report items are not listed again on rows of their own
    assert [r["item"] for r in june] == ["5a", "5b"]
