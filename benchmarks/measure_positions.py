"""Precision and recall of the stance rules against the letters read by hand
(tests/positions_gold.py), and accuracy of the outcomes.

    .venv/bin/python benchmarks/measure_positions.py [LETTERS_DIR]

Positions (sentence level, kst-32317-948 and -978, agenda items and cover
letters): a found row matches a hand-read position when it is on the same
item (or both outside items) and its sentence contains the hand-read words.
Precision = found rows matching a hand-read position with the same stance /
all found rows; recall = hand-read positions found with the same stance /
all hand-read positions. "Detection" ignores the stance.
Items: an item's nl_position is right when it equals the hand reading;
precision and recall count the items with a position (not `none`).
Outcomes: share of verslag items (kst-32317-935 and -QF) whose outcome and
nl_vote equal the hand reading.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from positions_gold import AGENDA_ITEMS, COVER, HELD_OUT_2, HELD_OUT_ITEMS, VERSLAG_ITEMS  # noqa: E402


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(tables: dict[str, list[dict]], agenda=AGENDA_ITEMS, cover=COVER) -> dict:
    items = {r["id"]: r for r in tables["agenda_items"]}
    wanted = {f"{l}-{s}" for l, per in agenda.items() for s in per}
    rows = [r for r in tables["positions"] if r["letter_id"] in agenda]
    gold = []  # (letter, item id or None, stance, words)
    for letter, per_item in agenda.items():
        for suffix, (_, positions) in per_item.items():
            gold += [(letter, f"{letter}-{suffix}", s, w) for s, w in positions]
        gold += [(letter, None, s, w) for s, w in cover.get(letter, [])]
    # only what was read by hand: the items listed, the cover letter when listed
    rows = [r for r in rows if r["agenda_item_id"] in wanted or (r["agenda_item_id"] is None and r["letter_id"] in cover and _part(tables, r["paragraph_id"]) == "cover letter")]

    def matches(row, g):
        return row["letter_id"] == g[0] and row["agenda_item_id"] == g[1] and g[3] in row["sentence"]

    found_right = sum(1 for r in rows if any(matches(r, g) and r["stance"] == g[2] for g in gold))
    found_any = sum(1 for r in rows if any(matches(r, g) for g in gold))
    gold_right = sum(1 for g in gold if any(matches(r, g) and r["stance"] == g[2] for r in rows))
    gold_any = sum(1 for g in gold if any(matches(r, g) for r in rows))
    misses = [g for g in gold if not any(matches(r, g) and r["stance"] == g[2] for r in rows)]
    extras = [(r["agenda_item_id"], r["stance"], r["sentence"]) for r in rows if not any(matches(r, g) and r["stance"] == g[2] for g in gold)]

    item_pairs = [(items[f"{letter}-{suffix}"]["nl_position"], expected)
                  for letter, per_item in agenda.items() for suffix, (expected, _) in per_item.items()]
    predicted = [p for p, _ in item_pairs if p != "none"]
    expected = [e for _, e in item_pairs if e != "none"]
    right = sum(1 for p, e in item_pairs if p == e and e != "none")
    outcome_pairs = [((items[f"{letter}-{suffix}"]["outcome"], items[f"{letter}-{suffix}"]["nl_vote"]), (o, v))
                     for letter, per_item in VERSLAG_ITEMS.items() for suffix, (o, v, _) in per_item.items()]
    return {
        "positions": {
            "hand_read": len(gold), "found": len(rows),
            "precision": _ratio(found_right, len(rows)), "recall": _ratio(gold_right, len(gold)),
            "detection_precision": _ratio(found_any, len(rows)), "detection_recall": _ratio(gold_any, len(gold)),
            "misses": misses, "extras": extras,
        },
        "items": {
            "count": len(item_pairs), "accuracy": _ratio(sum(p == e for p, e in item_pairs), len(item_pairs)),
            "with_position_hand_read": len(expected), "with_position_found": len(predicted),
            "precision": _ratio(right, len(predicted)), "recall": _ratio(right, len(expected)),
            "wrong": [(p, e) for p, e in item_pairs if p != e],
        },
        "outcomes": {
            "count": len(outcome_pairs), "accuracy": _ratio(sum(p == e for p, e in outcome_pairs), len(outcome_pairs)),
        },
    }


def _part(tables, paragraph_id: str) -> str | None:
    for p in tables["paragraphs"]:
        if p["id"] == paragraph_id:
            return p["part"]
    return None


def scaling() -> None:
    """Seconds to read one sentence without full stops, 1x, 4x and 16x as long:
    linear rules take about 4x as long per step."""
    import time

    from jbz.positions import outcomes, stance

    unit = ("het kabinet kan niet steunen, maar Nederland en de andere lidstaten zijn positief over de conclusies "
            "die tijdens de JBZ-Raad werden aangenomen en de Commissie lichtte toe ")
    for n in (50, 200, 800):
        text = unit * n
        t0 = time.perf_counter()
        stance.classify(text)
        outcomes.outcome(text)
        print(f"  {len(text):>7} characters: {time.perf_counter() - t0:.3f} s")


def main() -> None:
    from jbz.pipeline import build_tables

    tables = build_tables(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "letters").tables
    for name, result in (("letters the rules were built on (948, 978)", score(tables)),
                         ("held out (879 items BZ 8-12 and Justitie)", score(tables, HELD_OUT_ITEMS, {})),
                         ("held out, second batch (879 items BZ 1-7)", score(tables, HELD_OUT_2, {}))):
        print(f"== {name}")
        report(result)
    print("stances, all five letters:", dict(Counter(r["stance"] for r in tables["positions"]).most_common()))
    print("nl_position, all items:", dict(Counter(r["nl_position"] for r in tables["agenda_items"]).most_common()))
    print("outcomes, verslag items:", dict(Counter(r["outcome"] for r in tables["agenda_items"] if r["doc_kind"] == "verslag").most_common()))
    print("time to read one long sentence (linear: ~4x per step):")
    scaling()


def report(result: dict) -> None:
    p, i, o = result["positions"], result["items"], result["outcomes"]
    print(f"positions: {p['found']} found, {p['hand_read']} read by hand; precision {p['precision']:.3f}, recall {p['recall']:.3f} "
          f"(detection regardless of stance: precision {p['detection_precision']:.3f}, recall {p['detection_recall']:.3f})")
    for g in p["misses"]:
        print("  missed:", g)
    for e in p["extras"]:
        print("  extra: ", e)
    print(f"items: {i['count']} read by hand, nl_position right for {i['accuracy']:.3f}; items with a position: "
          f"{i['with_position_hand_read']} by hand, {i['with_position_found']} found; precision {i['precision']:.3f}, recall {i['recall']:.3f}")
    print(f"outcomes: {o['count']} verslag items, outcome and nl_vote right for {o['accuracy']:.3f}")


if __name__ == "__main__":
    main()
