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

The vocabularies are `STANCE_LABELS` and `OUTCOME_LABELS` (published as the
`stances` and `outcomes` tables).
"""

from __future__ import annotations

from ..parse.structure import shared_bodies
from . import key_results, outcomes, stance

PARTS = ("cover letter", "agenda", "report", "attachment")

# id → (Dutch label, Dutch explanation, English explanation)
STANCE_LABELS: dict[str, tuple[str, str, str]] = {
    "support": ("steun", "Het kabinet steunt het voorstel of de tekst: \"kan … steunen\", \"kan instemmen\", \"is voornemens in te stemmen\", \"steunt\", \"kan zich vinden in\", \"verwelkomt\", \"zal steun uitspreken\", \"is voorstander\", \"is positief over\".",
                "The government supports the proposal or text (can support, can agree, intends to agree, welcomes, is in favour, is positive about)."),
    "support_with_reservations": ("steun met voorbehoud", "Steun met voorwaarden, zorgen of beperkingen (\"mits\", \"op voorwaarde dat\", \"in algemene zin\", \"maar\"), steun die nog niet vaststaat (\"lijkt te kunnen steunen\", \"zal waarschijnlijk kunnen instemmen\") of een wens dat het anders was (\"had graag gezien\", \"ziet graag dat\", \"de voorkeur had\", \"wel aandacht gevraagd\").",
                                  "Support with conditions, concerns or limits (\"provided that\", \"in general terms\", \"but\"), hedged support not yet committed, or a wish that the text were otherwise (\"would have liked\")."),
    "critical": ("kritisch", "Het kabinet is kritisch of terughoudend, heeft zorgen of bezwaren, of lijkt (vooralsnog) niet te kunnen steunen.",
                 "The government is critical or reluctant, voices concerns or objections, or does not (yet) seem able to support."),
    "oppose": ("tegen", "Het kabinet kan niet steunen of instemmen, wijst af, is tegenstander of stemt tegen.",
               "The government cannot support or agree, rejects, opposes or votes against."),
    "abstain": ("onthouding", "Het kabinet onthoudt zich van stemming.", "The government abstains."),
    "listen": ("aanhoren", "Het kabinet zal de informatie aanhoren of er kennis van nemen, zonder oordeel.",
               "The government will listen to the information or take note of it, without a verdict."),
    "undecided": ("nog geen standpunt", "Het kabinet heeft uitdrukkelijk nog geen standpunt: het bestudeert het voorstel, wacht af alvorens een positie in te nemen, of zijn uiteindelijke positie hangt nog af van de uitkomst.",
                  "The government explicitly has no position yet: it is studying the proposal, waits before taking a position, or its final position depends on the outcome."),
}
OUTCOME_LABELS: dict[str, tuple[str, str, str]] = {
    "general_approach_reached": ("algemene oriëntatie bereikt", "De Raad bereikte een algemene oriëntatie (zijn onderhandelingspositie) over een wetsvoorstel.",
                                 "The Council reached a general approach (its negotiating position) on a legislative proposal."),
    "partial_general_approach_reached": ("gedeeltelijke algemene oriëntatie bereikt", "De Raad bereikte een algemene oriëntatie over een deel van een voorstel.",
                                         "The Council reached a general approach on part of a proposal."),
    "agreement_reached": ("akkoord bereikt", "De Raad bereikte een politiek akkoord, overeenstemming of een mandaat.",
                          "The Council reached a political agreement, an agreement or a mandate."),
    "adopted": ("aangenomen", "De Raad nam een tekst aan: conclusies, een aanbeveling, een besluit, een verklaring (ook: vastgesteld, goedgekeurd, ondertekend, stemde in met).",
                "The Council adopted a text: conclusions, a recommendation, a decision, a declaration (also: established, approved, signed, agreed to)."),
    "no_agreement": ("geen akkoord", "Een besluit werd gevraagd maar niet genomen: geen akkoord of meerderheid, niet aangenomen.",
                     "A decision was sought but not taken: no agreement or majority, not adopted."),
    "postponed": ("uitgesteld", "Het punt werd uitgesteld of van de agenda gehaald.", "The item was postponed or taken off the agenda."),
    "discussed": ("besproken", "De ministers wisselden van gedachten; er werd niets besloten.", "Ministers exchanged views; nothing was decided."),
    "informed": ("geïnformeerd", "De Raad werd geïnformeerd (door het voorzitterschap, de Commissie of een lidstaat); geen debat.",
                 "The Council was informed (by the presidency, the Commission or a member state); no debate."),
}
assert tuple(STANCE_LABELS) == stance.STANCES and tuple(OUTCOME_LABELS) == outcomes.OUTCOMES


def vocabulary_tables() -> dict[str, list[dict]]:
    def rows(labels):
        return [{"id": k, "label_nl": nl, "description_nl": d_nl, "description_en": d_en} for k, (nl, d_nl, d_en) in labels.items()]

    return {"stances": rows(STANCE_LABELS), "outcomes": rows(OUTCOME_LABELS)}


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
