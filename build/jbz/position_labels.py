"""The vocabularies of the positions and outcomes `jbz.positions` reads:
each value with its Dutch label and its explanations (published as the
`stances` and `outcomes` tables). Data only, apart from the parser, so the
site's labels and the reference tables do not load the parser to read them."""

from __future__ import annotations

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
def vocabulary_tables() -> dict[str, list[dict]]:
    def rows(labels):
        return [{"id": k, "label_nl": nl, "description_nl": d_nl, "description_en": d_en} for k, (nl, d_nl, d_en) in labels.items()]

    return {"stances": rows(STANCE_LABELS), "outcomes": rows(OUTCOME_LABELS)}
