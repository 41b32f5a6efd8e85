"""Positions, outcomes and key results: the four letters read by hand
(tests/positions_gold.py) and the rules on hand-written Dutch sentences."""

from __future__ import annotations

import pytest

from jbz.positions import assess_letter, key_results, outcomes, stance
from jbz.schema import OUTCOMES, STANCES, table
from positions_gold import AGENDA_ITEMS, COVER, HELD_OUT_2, HELD_OUT_ITEMS, KEY_RESULTS, VERSLAG_ITEMS


@pytest.fixture(scope="module")
def items(tables):
    return {r["id"]: r for r in tables["agenda_items"]}


@pytest.fixture(scope="module")
def positions_by_item(tables):
    out: dict[str | None, list[dict]] = {}
    for row in tables["positions"]:
        out.setdefault(row["agenda_item_id"] or f"{row['letter_id']}:outside", []).append(row)
    return out


def _same(rows: list[dict], expected: list[tuple[str, str]]) -> None:
    """Every hand-read position is found with its stance, and nothing else."""
    for want_stance, words in expected:
        hits = [r for r in rows if words in r["sentence"]]
        assert hits, f"not found: {words!r}"
        assert [r["stance"] for r in hits] == [want_stance], (words, [(r["stance"], r["cue"]) for r in hits])
    extra = [(r["stance"], r["sentence"]) for r in rows if not any(w in r["sentence"] for _, w in expected)]
    assert not extra, extra


READ = {letter: {**AGENDA_ITEMS.get(letter, {}), **HELD_OUT_ITEMS.get(letter, {}), **HELD_OUT_2.get(letter, {})}
        for letter in {*AGENDA_ITEMS, *HELD_OUT_ITEMS, *HELD_OUT_2}}
# Known miss (second held-out batch): both the firm "niet kunnen worden ondersteund" (the
# Commission's detection provisions) and the hedged "lijkt vooralsnog niet te kunnen steunen"
# (the compromise) are verdicts on the decision; the rules take the firmer, a reader the hedged one.
KNOWN_MISSES = {"kst-32317-879-08"}
AGENDA_CASES = [(letter, suffix) for letter, per_item in READ.items() for suffix in per_item]


@pytest.mark.parametrize("letter,suffix", AGENDA_CASES, ids=[f"{l}-{s}" for l, s in AGENDA_CASES])
def test_every_agenda_item_has_the_hand_read_positions(items, positions_by_item, letter, suffix):
    item_id = f"{letter}-{suffix}"
    overall, expected = READ[letter][suffix]
    _same(positions_by_item.get(item_id, []), expected)
    if item_id in KNOWN_MISSES:
        assert items[item_id]["nl_position"] != overall, "a known miss is fixed: remove it from KNOWN_MISSES"
        return
    assert items[item_id]["nl_position"] == overall


def test_every_agenda_item_of_the_letters_read_was_read(items):
    for letter, per_item in READ.items():
        assert {i for i in items if i.startswith(letter + "-")} == {f"{letter}-{s}" for s in per_item}


@pytest.mark.parametrize("letter", sorted(COVER))
def test_cover_letter_positions(tables, letter):
    rows = [r for r in tables["positions"] if r["letter_id"] == letter and r["agenda_item_id"] is None]
    assert all(r["paragraph_id"].startswith(letter) for r in rows)
    _same(rows, COVER[letter])


def test_position_rows_carry_letter_meeting_paragraph_and_verbatim_sentence(tables):
    paragraphs = {p["id"]: p for p in tables["paragraphs"]}
    letters = {l["id"]: l for l in tables["letters"]}
    rows = tables["positions"]
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["sentence"] in paragraphs[r["paragraph_id"]]["text"]
        assert r["meeting_id"] == letters[r["letter_id"]]["meeting_id"]
        assert r["stance"] in STANCES and r["cue"]
        if r["agenda_item_id"] and paragraphs[r["paragraph_id"]]["agenda_item_id"] != r["agenda_item_id"]:
            # only a sub-item sharing its sibling's body carries a position of another item's paragraph
            assert r["agenda_item_id"][:-2] == paragraphs[r["paragraph_id"]]["agenda_item_id"][:-2]


def test_key_sentences_and_cues(tables):
    by_sentence = {r["sentence"]: r for r in tables["positions"]}
    cue = {s: r["cue"] for s, r in by_sentence.items()}
    assert any(c == "steunen … in algemene zin" for c in cue.values())
    assert any(c == "waarschijnlijk kunnen instemmen" for c in cue.values())
    assert any(c == "positief … aan deze voorwaarden" and s.startswith("Als aan deze voorwaarden wordt voldaan") for s, c in cue.items())


# --- sub-items sharing one body ---------------------------------------------------------------


@pytest.mark.parametrize("shared,owner", [("kst-32317-948-13", "kst-32317-948-14"), ("kst-32317-QF-02", "kst-32317-QF-03")])
def test_sub_items_share_the_body_below_them(tables, items, shared, owner):
    assert items[shared]["body_item_id"] == owner and items[owner]["body_item_id"] is None  # its text is the owner's
    body = [p for p in tables["paragraphs"] if p["agenda_item_id"] in (shared, owner) and p["kind"] == "paragraph"]
    assert body and all(p["agenda_item_id"] == owner for p in body)  # paragraphs still belong to one item
    assert items[shared]["decision_type"] == items[owner]["decision_type"]


def test_items_with_their_own_body_or_no_siblings_do_not_share(tables, items):
    # "1. Staat van het Schengengebied": a heading, no body and nothing shared
    assert items["kst-32317-948-12"]["body_item_id"] is None
    assert not [p for p in tables["paragraphs"] if p["agenda_item_id"] == "kst-32317-948-12" and p["kind"] not in ("heading", "decision")]
    assert items["kst-32317-948-08"]["body_item_id"] is None and items["kst-32317-948-09"]["body_item_id"] is None
    assert items["kst-32317-QF-01"]["outcome"] is None and items["kst-32317-QF-01"]["nl_position"] == "none"


# --- outcomes ------------------------------------------------------------------------------------

VERSLAG_CASES = [(letter, suffix) for letter, per_item in VERSLAG_ITEMS.items() for suffix in per_item]


def _body(tables, item) -> str:
    """The item's text as the view agenda_item_texts reads it from the paragraphs."""
    owner = item["body_item_id"] or item["id"]
    return "\n\n".join(p["text"] for p in tables["paragraphs"] if p["agenda_item_id"] == owner and p["kind"] not in ("heading", "decision"))


@pytest.mark.parametrize("letter,suffix", VERSLAG_CASES, ids=[f"{l}-{s}" for l, s in VERSLAG_CASES])
def test_every_verslag_item_has_the_hand_read_outcome(tables, items, letter, suffix):
    item = items[f"{letter}-{suffix}"]
    want, vote, evidence = VERSLAG_ITEMS[letter][suffix]
    assert (item["outcome"], item["nl_vote"]) == (want, vote)
    if want is None:
        assert item["outcome_evidence"] is None
    else:
        assert item["outcome_evidence"] in _body(tables, item)
    if evidence:
        assert evidence in item["outcome_evidence"]


def test_agenda_items_have_no_outcome(tables):
    for item in tables["agenda_items"]:
        if item["doc_kind"] != "verslag":
            assert item["outcome"] is item["outcome_evidence"] is item["nl_vote"] is None


def test_key_results_are_tied_to_the_items_they_summarise(tables):
    links = {p["id"]: p["summarises_item_id"] for p in tables["paragraphs"] if p["summarises_item_id"]}
    expected = {f"{letter}-{p}": f"{letter}-{i}" for letter, per in KEY_RESULTS.items() for p, i in per.items()}
    assert links == expected


def test_key_results_stay_within_their_section():
    paragraphs = [
        {"id": "x-p1", "ordinal": 1, "kind": "list item", "agenda_item_id": None, "heading": "Belangrijkste resultaten", "text": "De Raad nam conclusies over drugs aan."},
        {"id": "x-p2", "ordinal": 2, "kind": "heading", "agenda_item_id": "x-01", "heading": None, "text": "1. Schengen"},
        {"id": "x-p3", "ordinal": 3, "kind": "heading", "agenda_item_id": "x-02", "heading": None, "text": "1. Drugsconclusies"},
    ]
    items = [
        {"id": "x-01", "section": "Binnenlandse Zaken", "title": "Schengen", "text": "Over Schengen."},
        {"id": "x-02", "section": "Justitie", "title": "Drugsconclusies", "text": "De conclusies over drugs werden aangenomen."},
    ]
    assert key_results.link(paragraphs, items) == {}  # the only matching item is in another section
    items[0]["section"] = "Justitie"
    assert key_results.link(paragraphs, items) == {"x-p1": "x-02"}


# --- vocabularies and schema -------------------------------------------------------------------


def test_vocabulary_tables_explain_every_value(tables):
    assert sorted(r["id"] for r in tables["stances"]) == sorted(STANCES)
    assert sorted(r["id"] for r in tables["outcomes"]) == sorted(OUTCOMES)
    for row in tables["stances"] + tables["outcomes"]:
        assert row["label_nl"] and len(row["description_nl"]) > 20 and len(row["description_en"]) > 20
    assert table("agenda_items").column("nl_position").enum == STANCES + ("none",)
    assert "stance" in table("positions").facets and "outcome" in table("agenda_items").facets


def test_assess_letter_is_pure_and_deterministic(parsed):
    import copy

    from conftest import PDF_AGENDA_978

    once = assess_letter(copy.deepcopy(parsed[PDF_AGENDA_978]))
    twice = assess_letter(copy.deepcopy(parsed[PDF_AGENDA_978]))
    assert once["positions"] == twice["positions"] and once["positions"]


# --- the stance rules on sentences nobody wrote in these letters --------------------------------

SENTENCES = [
    # support
    ("Het kabinet steunt het voorstel.", "support"),
    ("Nederland kan instemmen met de Raadsconclusies.", "support"),
    ("Het kabinet is voornemens in te stemmen met het mandaat.", "support"),
    ("Het kabinet kan zich vinden in de compromistekst van het voorzitterschap.", "support"),
    ("Het kabinet verwelkomt het actieplan van de Commissie.", "support"),
    ("Nederland zal steun uitspreken voor de verklaring.", "support"),
    ("Ook steunt het kabinet de gekozen aanpak.", "support"),
    ("Het voorstel wordt door Nederland gesteund.", "support"),
    ("Nederland heeft geen bezwaar tegen de aanbeveling.", "support"),
    ("Nederland heeft verlenging van maart 2027 tot maart 2028 gesteund.", "support"),  # "maart" is not "maar"
    ("Nederland heeft voor het voorstel gestemd.", "support"),
    ("De regering is voorstander van een gezamenlijke Europese aanpak.", "support"),
    ("Nederland kan zich aansluiten bij de conclusies.", "support"),
    ("Nederland sloot zich hierbij aan.", "support"),
    ("Het kabinet steunt zonder twijfel de verlenging.", "support"),
    ("Het kabinet waardeert de inzet van het voorzitterschap.", "support"),
    ("Ook is het kabinet te spreken over de nieuwe bepalingen.", "support"),
    ("Het is daarom positief dat de Commissie een evaluatie aankondigt.", "support"),  # the letter's own voice
    ("Het kabinet is voorstander van toezicht op de voorwaarden waaraan derde landen voldoen.", "support"),  # a noun, no condition
    ("Het kabinet zal tijdens de JBZ-Raad steun uitspreken voor de conclusies.", "support"),  # "tijdens de Raad" is no speaker
    ("Nederland en de andere lidstaten zijn positief over de verklaring.", "support"),  # a group with NL in it
    # support with reservations: conditions, limits, hedges, wishes
    ("Het kabinet kan het voorstel steunen, mits de uitvoeringslasten beperkt blijven.", "support_with_reservations"),
    ("Het kabinet kan instemmen op voorwaarde dat de nationale bevoegdheid behouden blijft.", "support_with_reservations"),
    ("Het kabinet kan de tekst op hoofdlijnen steunen.", "support_with_reservations"),
    ("Het kabinet steunt de richtlijn, maar had graag een langere implementatietermijn gezien.", "support_with_reservations"),
    ("Nederland had graag gezien dat de reikwijdte ruimer was.", "support_with_reservations"),
    ("Het kabinet lijkt de algemene oriëntatie te kunnen steunen.", "support_with_reservations"),
    ("Nederland staat open voor een eventuele uitbreiding van het mandaat.", "support_with_reservations"),
    # critical
    ("Het kabinet lijkt de tekst vooralsnog niet te kunnen steunen.", "critical"),
    ("Het kabinet vooralsnog niet lijkt te kunnen steunen.", "critical"),
    ("Het kabinet is terughoudend over een nieuw agentschap.", "critical"),
    ("Nederland is kritisch over de voorgestelde bevoegdheden.", "critical"),
    ("Het kabinet ziet geen toegevoegde waarde in een nieuw fonds.", "critical"),
    ("Nederland heeft zorgen geuit over de gevolgen voor de rechtsbescherming.", "critical"),
    ("Het kabinet is er niet van overtuigd dat een nieuw agentschap nodig is.", "critical"),
    ("Het kabinet betwijfelt de noodzaak van een nieuw fonds.", "critical"),
    ("Het kabinet acht een verplichte verdeling onwenselijk.", "critical"),
    ("Zoals bekend zijn er wel zorgen over de detectieplicht.", "critical"),
    # oppose
    ("Het kabinet kan het voorstel niet steunen.", "oppose"),
    ("Nederland kan niet instemmen met de algemene oriëntatie.", "oppose"),
    ("Het kabinet steunt deze wijziging niet.", "oppose"),
    ("De voorgestelde detectieplicht kan niet worden ondersteund.", "oppose"),
    ("Nederland heeft tegen het besluit gestemd.", "oppose"),
    ("Nederland zal tegenstemmen.", "oppose"),
    ("Nederland kan zich niet aansluiten bij de conclusies.", "oppose"),
    ("Het kabinet kan zich niet vinden in de tekst.", "oppose"),
    ("Het kabinet wijst het voorstel voor een heffing af.", "oppose"),
    # abstain, listen, undecided
    ("Nederland heeft zich van stemming onthouden.", "abstain"),
    ("Het kabinet zal de presentatie van de Commissie aanhoren.", "listen"),
    ("Het kabinet zal kennisnemen van het rapport.", "listen"),
    ("Het kabinet zal hier kennis van nemen.", "listen"),
    ("Nederland heeft een parlementair behandelvoorbehoud geplaatst.", "undecided"),
    ("Het kabinet heeft nog geen standpunt over het voorstel ingenomen.", "undecided"),
    ("Het kabinet wacht de effectbeoordeling af alvorens een positie in te nemen.", "undecided"),
    ("Het kabinet bestudeert het voorstel momenteel nog.", "undecided"),
]


@pytest.mark.parametrize("sentence,expected", SENTENCES)
def test_stance_of_a_sentence(sentence, expected):
    pos = stance.classify(sentence)
    assert pos is not None and pos.stance == expected, pos


NOT_A_POSITION = [
    "Het is de verwachting dat een grote meerderheid van lidstaten de tekst zal steunen.",  # others
    "Naar verwachting zullen andere lidstaten het voorstel net als Nederland steunen.",  # comparison
    "De Commissie verwelkomt de inzet van Nederland.",  # Nederland is the object
    "Het kabinet hecht groot belang aan de bestrijding van georganiseerde criminaliteit.",  # an aim
    "Het kabinet zal aandacht vragen voor de uitvoerbaarheid.",
    "Het kabinet heeft middelen vrijgemaakt waarmee partnerschappen ondersteund kunnen worden.",  # passive
    "Nederland en België werken samen om terugkeer te ondersteunen.",  # purpose
    "Het kabinet verkeert nog in afwachting van de positie van het Europees Parlement.",  # others' position
    "Het kabinet zet in op negatieve visummaatregelen.",  # attribute, not verdict
    "Dit proces zal het kabinet kritisch blijven volgen.",
    "Het kabinet ziet een rol voor de agentschappen die lidstaten kunnen ondersteunen.",  # the relative clause's subject
    "Volgens enkele lidstaten is het positief dat de Commissie optreedt.",  # someone else's voice
    "Gesteund door enkele andere lidstaten, heeft Nederland aandacht gevraagd voor innovatie.",  # NL was supported
    "Het kabinet is niet kritisch over het rapport.",  # no verdict either way
]


@pytest.mark.parametrize("sentence", NOT_A_POSITION)
def test_no_position(sentence):
    assert stance.classify(sentence) is None


def test_cue_keeps_negation_and_hedge():
    assert stance.classify("Het kabinet lijkt het voorstel vooralsnog niet te kunnen steunen.").cue == "lijkt het voorstel vooralsnog niet te kunnen steunen"
    assert stance.classify("Het kabinet steunt de tekst niet.").cue == "steunt de tekst niet"
    assert stance.classify("Nederland kan instemmen met de tekst, mits X.").cue == "instemmen … mits"


def test_past_criticism_gives_way_to_a_present_verdict():
    was = stance.classify("Het kabinet was kritisch over deze titel.")
    assert was.stance == "critical" and was.past
    now = stance.classify("Het kabinet kan de compromistekst steunen.")
    assert stance.combine([was.stance, now.stance], [was.past, now.past]) == "support"
    assert stance.combine([was.stance], [was.past]) == "critical"


def test_a_verdict_on_the_decision_outweighs_views_on_aims():
    aims = stance.classify("Het kabinet is voorstander van een gezamenlijke aanpak en verwelkomt het doel.")
    verdict = stance.classify("Nederland lijkt het compromis vooralsnog niet te kunnen steunen.")
    reservation = stance.classify("Nederland had graag een ruimere reikwijdte gezien.")
    agree = stance.classify("Het kabinet kan instemmen met de algemene oriëntatie.")
    assert not aims.decisive and verdict.decisive and agree.decisive
    found = [aims, verdict]
    assert stance.combine([p.stance for p in found], [p.past for p in found], [p.decisive for p in found]) == "critical"
    assert stance.combine([p.stance for p in found]) == "support_with_reservations"  # without the weighting
    found = [aims, agree, reservation]
    assert stance.combine([p.stance for p in found], [p.past for p in found], [p.decisive for p in found]) == "support_with_reservations"


@pytest.mark.parametrize("stances,overall", [
    ([], "none"),
    (["listen"], "listen"),
    (["support", "listen"], "support"),
    (["support", "critical"], "support_with_reservations"),
    (["support", "support_with_reservations"], "support_with_reservations"),
    (["critical", "oppose"], "oppose"),
    (["critical", "listen"], "critical"),
    (["undecided", "listen"], "undecided"),
    (["abstain"], "abstain"),
])
def test_combine(stances, overall):
    assert stance.combine(stances) == overall


# --- the outcome rules on hand-written report text ----------------------------------------------

OUTCOME_TEXTS = [
    ("De Raad bereikte een algemene oriëntatie over de verordening.", "general_approach_reached"),
    ("De JBZ-Raad nam zonder discussie de algemene oriëntatie over het voorstel aan.", "general_approach_reached"),
    ("De Raad bereikte een gedeeltelijke algemene oriëntatie op de titels I tot en met III.", "partial_general_approach_reached"),
    ("De Raad bereikte een politiek akkoord over de verlenging.", "agreement_reached"),
    ("De Raadsconclusies werden aangenomen.", "adopted"),
    ("De JBZ-Raad stelde de aanbeveling zonder discussie vast.", "adopted"),
    ("Er werd geen gekwalificeerde meerderheid bereikt voor het compromis.", "no_agreement"),
    ("De conclusies konden niet worden aangenomen.", "no_agreement"),
    ("Er werd geen algemene oriëntatie bereikt.", "no_agreement"),
    ("Er bleek geen gekwalificeerde meerderheid voor het compromis. De conclusies over drugs werden aangenomen.", "adopted"),
    ("Er bleek geen gekwalificeerde meerderheid voor het compromis.", "no_agreement"),
    ("Er was geen meerderheid voor het Nederlandse voorstel. Lidstaten benadrukten hun eigen accenten.", "discussed"),
    ("Het agendapunt werd uitgesteld tot de volgende Raad.", "postponed"),
    ("Tijdens de gedachtewisseling benadrukten lidstaten het belang van samenwerking.", "discussed"),
    ("Het Voorzitterschap stelde vast dat alle lidstaten hard werken. Lidstaten benadrukten de urgentie.", "discussed"),
    ("De Commissie informeerde de Raad over de stand van zaken.", "informed"),
    # decisions taken elsewhere or later are not this meeting's outcome
    ("De Raad heeft op 5 mei jl. een algemene oriëntatie bereikt. De Commissie gaf een toelichting.", "informed"),
    ("Het voorzitterschap is voornemens in juni een algemene oriëntatie aan te nemen. De Commissie gaf een toelichting.", "informed"),
    ("Op een aantal punten is meer convergentie bereikt. In de gedachtewisseling bleken grote verschillen.", "discussed"),
]


@pytest.mark.parametrize("text,expected", OUTCOME_TEXTS)
def test_outcome_of_a_report_text(text, expected):
    assert outcomes.outcome(text)[0] == expected


@pytest.mark.parametrize("text,vote", [
    ("De Raadsconclusies werden aangenomen. Nederland heeft ingestemd met de conclusies.", "for"),
    ("De Raadsconclusies werden aangenomen. Nederland heeft tegen de conclusies gestemd.", "against"),
    ("De Raadsconclusies werden aangenomen. Nederland heeft zich van stemming onthouden.", "abstained"),
    ("De Raadsconclusies werden aangenomen.", None),
    ("In de gedachtewisseling heeft Nederland de verlenging gesteund.", None),  # no decision, so no vote
])
def test_nl_vote(text, vote):
    assert outcomes.nl_vote(text, outcomes.outcome(text)[0]) == vote


def test_outcome_evidence_is_the_sentence():
    text = "De Commissie gaf een toelichting. De Raadsconclusies werden aangenomen."
    assert outcomes.outcome(text) == ("adopted", "De Raadsconclusies werden aangenomen.")
    assert outcomes.outcome("") == (None, None)


def test_speaker_pattern_finds_what_its_plain_form_finds():
    """`_speaker_re` groups the names by first character to be fast; it must find
    the same names, Dutch or not, as the plain `\\b(?:(?P<nl>…)|(?P<other>…))\\b`:
    on every line of the five letters and on the names' edge cases."""
    from conftest import LETTERS

    fast, plain = stance._speaker_re(), stance._plain_speaker_re()
    cases = {
        "Het kabinet en Nederland-breed": [("Het kabinet", True)],
        "de Nederlandse regering, De regering en NL": [("de Nederlandse regering", True), ("De regering", True), ("NL", True)],
        "de JBZ-Raad, de Raad van State en de Raad": [("JBZ-Raad", False), ("Raad", False)],
        "xNederland, Nederlands, eu-LISA, EU-LISA, VS": [("eu-LISA", False), ("VS", False)],
        "Verenigde Staten en Verenigd Koninkrijk, Noord-Macedonië": [("Verenigde Staten", False), ("Verenigd Koninkrijk", False), ("Noord-Macedonië", False)],
        "het hof, het Hof, lidstaat, Lidstaten": [("hof", False), ("Hof", False), ("lidstaat", False), ("Lidstaten", False)],
    }
    for text, expected in cases.items():
        assert [(m.group(0), m.lastgroup is not None) for m in fast.finditer(text)] == expected, text
    texts = list(cases)
    for path in sorted(LETTERS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    found = dutch = 0
    for text in texts:
        spans = [(m.span(), m.lastgroup is not None) for m in fast.finditer(text)]
        assert spans == [(m.span(), m.group("nl") is not None) for m in plain.finditer(text)], text
        found += len(spans)
        dutch += sum(d for _, d in spans)
    assert found > 500 and dutch > 100


def test_sentence_ends_found_as_the_plain_pattern_finds_them():
    """`sentences._CANDIDATE` is written to be linear and fast; it must find what
    `[.!?]+["”’)]*\\s+(?=[A-Z“‘"(0-9])` finds, on every line of the five letters."""
    import re

    from conftest import LETTERS
    from jbz import sentences

    plain = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-Z“‘\"(0-9])")
    text = "Eén. Twee!? “Drie.” (Vier)... 5 zes. nr. 7. Acht"
    assert [text[s:e] for s, e in sentences.split_sentences(text)] == ["Eén. ", "Twee!? ", "“Drie.” ", "(Vier)... ", "5 zes. nr. 7. ", "Acht"]
    texts = ["a...  B", "a.)\" B", ". . A", "a.b C"]
    for path in sorted(LETTERS.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    found = 0
    for text in texts:
        spans = [m.span() for m in sentences._CANDIDATE.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 1000
