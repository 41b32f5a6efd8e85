"""Motions and commitments: every one the five letters name, with what the
cabinet says of it and the Kamerstuk that gives it, as read in the letters."""

from __future__ import annotations

import json

from jbz.motions import find_motions, merge

# (letter, name as written, status, dossier, nummer) of every motion named.
MOTIONS = {
    ("kst-32317-935", "motie Van Campen en Boswijk", "carried_out", "21501-20", "2179"),  # "geeft hiermee uitvoering aan", fn 1
    ("kst-32317-935", "motie van de leden Piri en Bontenbal", "mentioned", "19637", "3358"),  # "(Kamerstuk 19637, nr. 3358)"
    ("kst-32317-948", "motie van het lid Diederik van Dijk", "planned", "19637", "3285"),  # "Het kabinet zal … (conform de motie …) de Commissie oproepen"
    ("kst-32317-978", "motie Eerdmans/Van Hijum", "declared_done", "21501-20", "2306"),  # "beschouwt … dan ook als afgedaan", fn 4
    ("kst-32317-879", "motie Van Raan c.s.", "mentioned", "26643", "885"),  # all three in fn 18
    ("kst-32317-879", "motie Van Ginneken c.s.", "mentioned", "26643", "1011"),
    ("kst-32317-879", "motie Van Weerdenburg c.s.", "mentioned", "26643", "1047"),
    ("kst-32317-QF", "motie Eerdmans", "planned", "36848", "63"),  # "wordt momenteel gepland – daarmee zullen … gestand worden gedaan, net als de motie Eerdmans", fn 6
    ("kst-32317-QF", "motie Van Nispen", "declared_done", "30573", "232"),  # heading with fn 7; "Hiermee beschouwt … als afgedaan"
    ("kst-32317-QF", "motie Boomsma en Ellian", "declared_done", "32317", "1007"),  # heading with fn 8
    ("kst-32317-QF", "motie van de leden Brekelmans en Veldkamp", "mentioned", "36410-VI", "79"),  # fn 14 of a paragraph with six footnotes
    ("kst-32317-QF", "motie van Campen en Boswijk", "carried_out", "21501", "2185"),  # "in lijn met de Motie …¹⁸"
    ("kst-32317-QF", "motie van de leden Dassen en Brekelmans", "carried_out", "36045", "271"),  # same sentence, fn 19
    ("kst-32317-QF", "motie van Dijk en Boomsma", "declared_done", "36871", "49"),  # "als afgedaan.²³"
}

# (letter, start of the name, status, citation identifier) of every commitment (toezegging) to parliament.
COMMITMENTS = {
    ("kst-32317-879", "toegezegd tijdens het Commissiedebat vreemdelingen- en asielbeleid", "carried_out", None),
    ("kst-32317-948", "toezegging van de minister-president om als Nederland voorop te lopen", "declared_done", None),
    ("kst-32317-948", "toezegging gedaan door de Minister van Asiel en Migratie in het Commissiedebat JBZ-Raad", "carried_out", "kst-32317-926"),
    ("kst-32317-948", "toezegging die de Minister van Asiel en Migratie deed in het Commissiedebat Vreemdelingen-", "carried_out", None),
    ("kst-32317-QF", "toezegging van de minister van Asiel en Migratie om de Kamer te informeren", "carried_out", "TZ202604-207"),
    ("kst-32317-QF", "toezeggingen van de minister van Asiel en Migratie om de Kamer(s) te informeren", "planned", None),  # the briefing "wordt momenteel gepland"
}


def test_every_named_motion_with_status_and_reference(tables):
    found = {(m["letter_id"], m["name"], m["status"], m["dossier"], m["nummer"]) for m in tables["motions"] if m["kind"] == "motie"}
    assert found == MOTIONS


def test_every_commitment_with_status(tables):
    citations = {c["id"]: c for c in tables["citations"]}
    found = set()
    for m in tables["motions"]:
        if m["kind"] != "toezegging":
            continue
        prefix = next((p for (lid, p, _, _) in COMMITMENTS if lid == m["letter_id"] and m["name"].startswith(p)), m["name"])
        cited = citations[m["citation_id"]]["identifier"] if m["citation_id"] else None
        found.add((m["letter_id"], prefix, m["status"], cited))
    assert found == COMMITMENTS


def test_motion_rows_link_their_citation(tables):
    citations = {c["id"]: c for c in tables["citations"]}
    for m in tables["motions"]:
        if m["kind"] == "motie" and m["citation_id"]:
            c = citations[m["citation_id"]]
            assert (c["kind"], c["dossier"], c["nummer"]) == ("motie", m["dossier"], m["nummer"])
            assert json.loads(m["movers"])


def test_movers_as_written():
    (m,) = find_motions("Het kabinet beschouwt de aangenomen motie Eerdmans/Van Hijum dan ook als afgedaan.")
    assert (m["name"], m["movers"], m["status"]) == ("motie Eerdmans/Van Hijum", ["Eerdmans", "Van Hijum"], "declared_done")
    (m,) = find_motions("Het kabinet geeft hiermee uitvoering aan de motie Van Campen en Boswijk.")
    assert (m["movers"], m["status"]) == (["Van Campen", "Boswijk"], "carried_out")
    (m,) = find_motions("Het kabinet zal, (conform de motie van het lid Diederik van Dijk, Kamerstuk 19637, nr. 3285) de Commissie oproepen.")
    assert (m["name"], m["movers"], m["status"]) == ("motie van het lid Diederik van Dijk", ["Diederik van Dijk"], "planned")
    found = find_motions("Zie in dit verband ook de moties Van Raan c.s., Kamerstukken II, 2021-22 26 643, nr. 885, Van Ginneken c.s. "
                         "Kamerstukken II, 2022-23 26 643, nr. 1011, en Van Weerdenburg c.s. Kamerstukken II 2022-23 26 643, nr. 1047.")
    assert [(m["name"], m["movers"], m["status"]) for m in found] == [
        ("motie Van Raan c.s.", ["Van Raan"], "mentioned"),
        ("motie Van Ginneken c.s.", ["Van Ginneken"], "mentioned"),
        ("motie Van Weerdenburg c.s.", ["Van Weerdenburg"], "mentioned"),
    ]
    # plural without c.s.: one motion per mover
    assert [m["name"] for m in find_motions("Zie de moties Eerdmans en Van Dijk over terugkeer.")] == ["motie Eerdmans", "motie Van Dijk"]


def test_status_phrases():
    assert find_motions("Hiermee is de motie Van Dijk afgedaan.")[0]["status"] == "declared_done"
    assert find_motions("Het kabinet beschouwt de motie Boomsma en Ellian hiermee afgedaan.")[0]["status"] == "declared_done"
    assert find_motions("Daarmee geeft het kabinet invulling aan de motie Jansen.")[0]["status"] == "carried_out"
    assert find_motions("Voor de uitvoering van de motie van de leden Piri en Bontenbal verwijs ik u naar de Kamerbrief.")[0]["status"] == "mentioned"
    assert find_motions("Zoals ook benoemd in de motie van de leden Brekelmans en Veldkamp, steunt Nederland het idee.")[0]["status"] == "mentioned"
    # done now, planned for later
    assert find_motions("Het kabinet geeft hiermee uitvoering aan de motie Jansen.")[0]["status"] == "carried_out"
    assert find_motions("Het kabinet zal conform de motie Jansen de Commissie oproepen.")[0]["status"] == "planned"
    assert find_motions("Hiermee wordt uitvoering gegeven aan de motie Jansen.")[0]["status"] == "carried_out"


def test_commitment_name_runs_to_the_verb_of_the_sentence():
    from jbz.motions import commitment_name

    text = ("toezeggingen van de minister van Asiel en Migratie om de Kamer(s) te informeren over welke landen vanuit "
            "Europees perspectief kansrijk zijn om mee samen te werken ten aanzien van terugkeerhubs het volgende: de verkenning")
    assert commitment_name(text) == ("toezeggingen van de minister van Asiel en Migratie om de Kamer(s) te informeren over welke "
                                     "landen vanuit Europees perspectief kansrijk zijn om mee samen te werken ten aanzien van terugkeerhubs")
    assert commitment_name("toezegging die de minister deed in het debat informeert het kabinet") == "toezegging die de minister deed in het debat"


def test_commitments():
    text = ("In lijn met de toezegging die de minister-president deed tijdens de Algemene Politieke Beschouwingen van 18 en 19 "
            "september 2024, informeert het kabinet u over de voortgang. Uw Kamer wordt hier verder over geïnformeerd. De toezegging "
            "van de minister-president om als Nederland voorop te lopen op de out-of-the-box oplossingen beschouwt het kabinet "
            "daarmee als afgedaan.")
    found = find_motions(text)
    assert [(m["kind"], m["official"], m["status"]) for m in found] == [
        ("toezegging", "minister-president", "carried_out"),
        ("toezegging", "minister-president", "declared_done"),
    ]
    (one,) = merge([dict(m, _ref="p1") for m in found])
    assert (one["name"], one["status"]) == ("toezegging van de minister-president om als Nederland voorop te lopen op de out-of-the-box oplossingen", "declared_done")
    # a later "de toezeggingen" in the same text is the same commitment
    text = ("Naar aanleiding van de toezeggingen van de minister van Asiel en Migratie om de Kamer te informeren over landen het "
            "volgende. Deze wordt momenteel gepland – daarmee zullen de toezeggingen gestand worden gedaan.")
    found = find_motions(text)
    assert [(m["status"], m.get("again", False)) for m in found] == [("mentioned", False), ("planned", True)]
    assert merge([dict(m, _ref="p1") for m in found])[0]["status"] == "planned"
    # guarantees between states are not commitments to parliament
    assert find_motions("Dublin-overdrachten naar Griekenland alleen op basis van individuele toezeggingen.") == []
    assert find_motions("Nederland zal, conform het regeerprogramma, een financiële bijdrage toezeggen.") == []


def test_same_motion_twice_is_one_row():
    mentions = find_motions("Motie van Nispen over handhaving op het vertrek") + find_motions("Hiermee beschouwt het kabinet de motie Van Nispen als afgedaan.")
    (one,) = merge(mentions)
    assert (one["name"], one["status"], len(one["mentions"])) == ("motie Van Nispen", "declared_done", 2)
