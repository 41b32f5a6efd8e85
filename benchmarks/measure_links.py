"""Precision and recall of the link tables against the hand-read samples in
the tests: every citation of letters 879 and 978 (Kamerstukken of all five),
every mention of the read paragraphs, every person named, every motion's
status. Run on any build's database, e.g. an older commit's, to compare:

    .venv/bin/python benchmarks/measure_links.py dist/jbz.db
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_citations import KAMERSTUKKEN, OTHER_REFERENCES  # noqa: E402
from test_mentions import READ_PARAGRAPHS  # noqa: E402
from test_motions import MOTIONS  # noqa: E402

# people a reader finds in the five letters: 10 signatories, 19 members of parliament, a commissioner, a head of state,
# an Italian minister (tests/test_people.py)
PEOPLE = {
    "acl-rutte", "bart-van-den-brink", "claudia-van-bruggen", "d-yesilgoz-zegerius", "dm-van-weel", "e-van-der-burg",
    "f-van-oosten", "fm-weerwind", "mhm-faber-van-de-klashorst", "thd-struycken", "bontenbal", "boomsma", "boswijk",
    "brekelmans", "dassen", "diederik-van-dijk", "eerdmans", "ellian", "keijzer", "koekkoek", "piri", "van-campen",
    "van-dijk", "van-ginneken", "van-hijum", "van-nispen", "van-raan", "van-weerdenburg", "veldkamp", "johansson",
    "zelenskyy", "matteo-piantedosi",
}


def score(name: str, found: set, expected: set) -> None:
    tp = len(found & expected)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(expected) if expected else 1.0
    print(f"{name:<28} sample {len(expected):>4}  found {len(found):>4}  precision {precision:6.1%}  recall {recall:6.1%}")


def main(db: str) -> None:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    cols = lambda t: {r[1] for r in conn.execute(f"pragma table_info({t})")}  # noqa: E731
    number = {r["id"]: r["number"] for r in conn.execute("select id, number from footnotes")}
    letters = set(OTHER_REFERENCES)
    found = {(r["letter_id"], number[r["footnote_id"]] if r["footnote_id"] else "p", r["kind"], r["identifier"])
             for r in conn.execute("select * from citations where kind not in ('kamerstuk','motie','bnc-fiche')") if r["letter_id"] in letters}
    expected = {(lid, *row) for lid, rows in OTHER_REFERENCES.items() for row in rows}
    score("citations (other, 879+978)", found, expected)
    found = {(r["letter_id"], number[r["footnote_id"]] if r["footnote_id"] else "p", r["kind"], r["dossier"], r["nummer"])
             for r in conn.execute("select * from citations where kind in ('kamerstuk','motie','bnc-fiche')")}
    expected = {(lid, w, k, d, n) for lid, rows in KAMERSTUKKEN.items() for (w, k, d, n, _) in rows}
    score("citations (Kamerstukken)", found, expected)
    role = "role" in cols("mentions")
    found = {(r["paragraph_id"], r["entity_id"], r["role"] if role else "subject", r["count"])
             for r in conn.execute("select * from mentions") if r["paragraph_id"] in READ_PARAGRAPHS}
    expected = {(pid, *m) for pid, ms in READ_PARAGRAPHS.items() for m in ms}
    score(f"mentions ({len(READ_PARAGRAPHS)} paragraphs)", found, expected)
    score("people", {r["id"] for r in conn.execute("select id from people")}, PEOPLE)
    found = {(r["letter_id"], r["name"], r["status"]) for r in conn.execute("select * from motions where kind = 'motie'")}
    score("motions (name, status)", found, {m[:3] for m in MOTIONS})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dist/jbz.db")
