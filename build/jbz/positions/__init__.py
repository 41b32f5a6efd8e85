"""Positions, outcomes and key results of one letter (pure: records in, records out).

- `positions`: one row per sentence in which the government states a position
  (`stance.classify`), in the cover letter, the agenda or report, and
  attachments; sub-items that share one body share its positions.
- `agenda_items.nl_position`: the item's positions combined (`stance.combine`),
  `none` when it states none.
- `agenda_items.outcome`, `outcome_evidence`, `nl_vote`: for items of a verslag
  (`outcomes`).
- `paragraphs.summarises_item_id`: each "Belangrijkste resultaten" point of a
  report tied to the item of its section whose title and text share most words
  with it (`key_results`).

The vocabularies are `STANCE_LABELS` and `OUTCOME_LABELS` (`jbz.position_labels`, published as the
`stances` and `outcomes` tables).
"""

from __future__ import annotations

from ..parse.structure import shared_bodies
from ..position_labels import OUTCOME_LABELS, STANCE_LABELS, vocabulary_tables  # noqa: F401 - the vocabularies, kept importable from here
from . import key_results, outcomes, stance

PARTS = ("cover letter", "agenda", "report", "attachment")

assert tuple(STANCE_LABELS) == stance.STANCES and tuple(OUTCOME_LABELS) == outcomes.OUTCOMES


def _is_body(para: dict, item_paragraphs: list[dict]) -> bool:
    """Not the item's title (its first paragraph) nor its decision line."""
    return para is not item_paragraphs[0] and para["kind"] != "decision"


def assess_letter(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Add positions, item stances, outcomes and key-result links to one letter's records."""
    letter = records["letters"][0]
    items = sorted(records["agenda_items"], key=lambda r: r["ordinal"])
    paragraphs = sorted(records["paragraphs"], key=lambda r: r["ordinal"])
    own: dict[str, list[dict]] = {item["id"]: [] for item in items}
    for para in paragraphs:
        if para["agenda_item_id"] in own:
            own[para["agenda_item_id"]].append(para)
    owners = shared_bodies([(i["number"], i["sub"], any(_is_body(p, own[i["id"]]) for p in own[i["id"]])) for i in items])
    sharers: dict[str, list[str]] = {}
    for idx, owner in owners.items():
        sharers.setdefault(items[owner]["id"], []).append(items[idx]["id"])

    summary_ids = key_results.link(paragraphs, items)
    known: dict[str, stance.Position | None] = {}

    def classify(sentence: str) -> stance.Position | None:
        """`stance.classify`, once per sentence of the letter ("Het kabinet zal de informatie aanhoren." comes often)."""
        if sentence not in known:
            known[sentence] = stance.classify(sentence)
        return known[sentence]

    rows: list[dict] = []
    by_item: dict[str, list[stance.Position]] = {item["id"]: [] for item in items}
    for para in paragraphs:
        para["summarises_item_id"] = summary_ids.get(para["id"])
        if para["part"] not in PARTS or para["kind"] not in ("paragraph", "list item") or para["id"] in summary_ids:
            continue
        for sentence in stance.sentences(para["text"]):
            pos = classify(sentence)
            if pos is None:
                continue
            item_id = para["agenda_item_id"]
            for target in [item_id] + sharers.get(item_id, []) if item_id else [None]:
                if target:
                    by_item[target].append(pos)
                rows.append({
                    "letter_id": letter["id"], "meeting_id": letter["meeting_id"], "agenda_item_id": target,
                    "paragraph_id": para["id"], "stance": pos.stance, "cue": pos.cue, "sentence": sentence,
                })
    width = max(3, len(str(len(rows))))
    for n, row in enumerate(rows, start=1):
        row["id"] = f"{letter['id']}-pos{n:0{width}d}"
    records["positions"] = rows

    for item in items:
        found = by_item[item["id"]]
        item["nl_position"] = stance.combine([p.stance for p in found], [p.past for p in found], [p.decisive for p in found])
        if item["doc_kind"] == "verslag":
            result, evidence = outcomes.outcome(item["text"])
            item["outcome"], item["outcome_evidence"] = result, evidence
            item["nl_vote"] = outcomes.nl_vote(item["text"], result, classify)
        else:
            item["outcome"] = item["outcome_evidence"] = item["nl_vote"] = None
    return records
