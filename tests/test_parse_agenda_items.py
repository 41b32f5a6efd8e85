"""Every agenda item of two letters, read off the letters by hand.

Tuples: (section, number, sub, title, decision as written, decision type).
"""

from __future__ import annotations

from conftest import PDF_AGENDA_978, WORD_AGENDA_948

J, BZ = "Justitie", "Binnenlandse Zaken"
SOP, INFO = "state of play", "information"

# 000: Word export, "Geannoteerde agenda ... 12 en 13 juni 2025"
AGENDA_948 = [
    (J, "1", None, "Verordening over de bescherming van volwassenen", "Aanname gedeeltelijke algemene oriëntatie", "partial general approach"),
    (J, "2", None, "Richtlijn tot harmonisatie van bepaalde aspecten van het insolventierecht", "Aanname algemene oriëntatie", "general approach"),
    (J, "3", None, "Toetreding van de EU tot het Europees Verdrag tot bescherming van de rechten van de mens en de fundamentele vrijheden (EVRM)", "Stand van zaken", SOP),
    (J, "4", None, "Europees Openbaar Ministerie (EOM)", "Stand van zaken", SOP),
    (J, "5", None, "Russische agressie tegen Oekraïne: strijd tegen straffeloosheid", "Stand van zaken", SOP),
    (J, "6", None, "Bestrijding van drugshandel en georganiseerde misdaad: versterking van de justitiële samenwerking met derde landen", "Stand van zaken", SOP),
    (J, "7", None, "Overige onderwerpen", None, None),
    (J, "7", "a", "Ministeriële bijeenkomst tussen de Verenigde Staten en de Europese Unie over justitie en binnenlandse zaken (Warschau, 2-3 juni 2025)", "Debriefing door het Voorzitterschap", "debriefing"),
    (J, "7", "b", "Onderhandelingen tussen de EU en de VS over een overeenkomst inzake elektronische gegevensuitwisseling", "Informatie van de Commissie", INFO),
    (J, "7", "c", "Toegang tot gegevens: data retentie", "Informatie van het Voorzitterschap", INFO),
    (J, "7", "d", "Werkprogramma van het aankomende Voorzitterschap", "Informatie van Denemarken", INFO),
    (BZ, "1", None, "Staat van het Schengengebied", None, None),
    (BZ, "1", "a", "Commissie rapport over de Staat van het Schengengebied 2025", "gedachtewisseling", "exchange of views"),
    (BZ, "1", "b", "Prioriteiten voor de Schengenraadscyclus 2025-2026", "gedachtewisseling", "exchange of views"),
    # the source itself lacks the closing parenthesis
    (BZ, "2", None, "Implementatie van interoperabiliteit en Verordening betreffende een gefaseerde ingebruikneming van het Entry/Exit-systeem (EES", "Stand van zaken", SOP),
    (BZ, "3", None, "Verordening om seksueel misbruik van kinderen te voorkomen en te bestrijden", "Voortgangsrapportage", "progress report"),
    (BZ, "4", None, "Asiel- en migratiepact: implementatie", "stand van zaken", SOP),
    (BZ, "5", None, "Toekomst van ontheemden uit Oekraïne", None, None),
    (BZ, "5", "a", "Verlenging van de tijdelijke bescherming aan Oekraïners", "politiek akkoord", "political agreement"),
    (BZ, "5", "b", "Gecoördineerde aanpak voor de overgang uit tijdelijke bescherming", "stand van zaken", SOP),
    (BZ, "6", None, "Europese Interne Veiligheidsstrategie", "Gedachtewisseling", "exchange of views"),
    (BZ, "7", None, "Terugkeer", "gedachtewisseling", "exchange of views"),
    (BZ, "8", None, "Toegang tot gegevens voor effectieve rechtshandhaving", "Gedachtewisseling", "exchange of views"),
    (BZ, "9", None, "De impact van het huidige geopolitieke klimaat op de interne veiligheid van de EU", None, None),
    (BZ, "9", "a", "Oekraïne", "Stand van zaken", SOP),
    (BZ, "9", "b", "Moldavië", "Stand van zaken", SOP),
    (BZ, "9", "c", "Syrië", "Stand van zaken", SOP),
    (BZ, "10", None, "Het tegengaan van veiligheidsuitdagingen: beoordeling door de Europese Binnenlandse Inlichtingendiensten", "Stand van zaken", SOP),
    (BZ, "11", None, "Conclusies over de EMPACT-cyclus 2026-2029", "Goedkeuring", "adoption"),
    (BZ, "12", None, "Overige onderwerpen", None, None),
    (BZ, "12", "a", "De strijd tegen drugshandel en georganiseerde misdaad", "Informatie van het voorzitterschap", INFO),
    (BZ, "12", "b", "High-Level bijeenkomst van EU-CELAC (coördinatie- en samenwerkingsmechanisme inzake drugs) (Warschau, 8 mei 2025)", "Informatie van het voorzitterschap", INFO),
    (BZ, "12", "c", "Ministeriële bijeenkomst tussen de Verenigde Staten en de Europese Unie over justitie en binnenlandse zaken (Warschau, 2-3 juni 2025)", "Debriefing door het Voorzitterschap", "debriefing"),
    (BZ, "12", "d", "Werkprogramma van het komende voorzitterschap", "Presentatie door Denemarken", "presentation"),
    (BZ, "12", "e", "Schengenverklaring 40 jaar viering", "bekrachtiging", "endorsement"),
    (BZ, "12", "f", "Herziene verordening van de Raad betreffende de versterking van de beveiliging van identiteitskaarten en verblijfsdocumenten van burgers van de Unie", "instemming", "consent"),
]

# 003: PDF text, "Geannoteerde agenda ... 8 en 9 december 2025"; decision lines
# carry no "=" and titles are wrapped, sometimes with the decision glued on.
AGENDA_978 = [
    (BZ, "1", None, "Terugkeerverordening", "(Gedeeltelijke) algemene oriëntatie", "general approach"),
    (BZ, "2", None, "Staat van het Schengengebied: implementatie van de prioriteiten van de Schengencyclus: versterking van de buitengrenzen", "Gedachtewisseling", "exchange of views"),
    (BZ, "3", None, "Implementatie van interoperabiliteit: Post 2026 Roadmap", "Aanname", "adoption"),
    (BZ, "4", None, "Verordening veilige landen van herkomst", "Algemene oriëntatie", "general approach"),
    (BZ, "5", None, "Verordening inzake de toepassing van het veilig derde land-concept", "Algemene oriëntatie", "general approach"),
    (BZ, "6", None, "Uniemechanisme voor Civiele Bescherming en Gezondheidsnoodhulp (UCPM)", "Voortgangsrapportage", "progress report"),
    (BZ, "7", None, "Overige onderwerpen: lopende wetsvoorstellen", "Informatie van het Voorzitterschap", INFO),
    (BZ, "8", None, "Implementatie asiel- en migratiepact", None, None),
    (BZ, "8", "a", "Asiel- en migratiepact: implementatie", "Stand van zaken", SOP),
    (BZ, "8", "b", "Uitvoeringshandeling van de Raad voor de vaststelling van de jaarlijkse solidariteitspool (voorstel in behandeling)", "Politiek akkoord", "political agreement"),
    (BZ, "9", None, "De impact van de huidige geopolitieke situatie op de interne veiligheid van de EU", "Gedachtewisseling", "exchange of views"),
    (BZ, "10", None, "Het tegengaan van veiligheidsuitdagingen: beoordeling door de Europese Binnenlandse Inlichtingendiensten", "Stand van zaken", SOP),
    (BZ, "11", None, "Aanpak van georganiseerde criminaliteit en drugshandel", "Stand van zaken", SOP),
    (BZ, "12", None, "Overige onderwerpen", None, None),
    (BZ, "12", "a", "EU drugsstrategie en EU actieplan tegen drugshandel", "Informatie van de Commissie", INFO),
    (BZ, "12", "b", "Toegang tot gegevens voor effectieve rechtshandhaving", "Informatie van het Voorzitterschap", INFO),
    (BZ, "12", "c", "EU-Westelijke Balkan ministerieel forum voor Justitie en Binnenlandse Zaken (Sarajevo, 30-31 Oktober 2025)", "Informatie van het Voorzitterschap", INFO),
    (BZ, "12", "d", "Ministeriële bijeenkomst tussen de Verenigde Staten en de Europese Unie over justitie en binnenlandse zaken", "Informatie van het Voorzitterschap", INFO),
    (BZ, "12", "e", "Werkprogramma inkomend Voorzitterschap", "Presentatie door het inkomend Voorzitterschap", "presentation"),
    (J, "1", None, "Overige onderwerpen: lopende wetsvoorstellen", "Informatie van het Voorzitterschap", INFO),
    (J, "2", None, "Weg voorwaarts met betrekking tot simplificatie Algemene Verordening Gegevensbescherming (AVG)", "Stand van zaken", SOP),
    (J, "3", None, "Conclusies over modelbepalingen voor EU strafrecht", "Aanname", "adoption"),
    (J, "4", None, "De Russische agressieoorlog tegen Oekraïne: strijd tegen straffeloosheid", "Stand van zaken", SOP),
    (J, "5", None, "Aanpak van georganiseerde criminaliteit en drugshandel", "Stand van zaken", SOP),
    (J, "6", None, "Werklunch – Justitiële samenwerking met derde landen", "Gedachtewisseling", "exchange of views"),
    (J, "7", None, "Overige onderwerpen", None, None),
    (J, "7", "a", "Digitale justitie en strategieën voor judiciële opleidingen", "Informatie van de Commissie", INFO),
    (J, "7", "b", "2025 Handvestrapport: een stand van zaken over de uitvoering van de strategie ter versterking van de toepassing van het Handvest van de Grondrechten in de EU", "Informatie van de Commissie", INFO),
    (J, "7", "c", "De kloof overbruggen: onderzoeksmaatregelen voor grensoverschrijdende confiscatie", "Informatie van België", INFO),
]


def _items(parsed, name):
    return [
        (r["section"], r["number"], r["sub"], r["title"], r["decision_raw"], r["decision_type"])
        for r in sorted(parsed[name]["agenda_items"], key=lambda r: r["ordinal"])
    ]


def test_word_agenda_items(parsed):
    assert _items(parsed, WORD_AGENDA_948) == AGENDA_948


def test_pdf_agenda_items(parsed):
    assert _items(parsed, PDF_AGENDA_978) == AGENDA_978


def test_item_text_holds_its_body_not_its_title(parsed):
    items = {(r["section"], r["number"], r["sub"]): r for r in parsed[WORD_AGENDA_948]["agenda_items"]}
    terugkeer = items[("Binnenlandse Zaken", "7", None)]
    assert terugkeer["text"].startswith("De JBZ-Raad zal tijdens een werklunch naar verwachting spreken over terugkeer.")
    assert "Terugkeer" not in terugkeer["text"].split("\n")[0][:10]
    # a container item ("Overige onderwerpen") has no body of its own
    assert items[("Justitie", "7", None)]["text"] == ""


def test_group_headings_are_flagged_not_counted(tables):
    """Read from letter 948: five numbers carry sub-items under a heading of their own."""
    items = {a["id"]: a for a in tables["agenda_items"] if a["letter_id"] == "kst-32317-948"}
    groups = sorted(i for i, a in items.items() if a["is_group"])
    assert groups == ["kst-32317-948-07", "kst-32317-948-12", "kst-32317-948-18", "kst-32317-948-24", "kst-32317-948-30"]
    assert [items[g]["title"] for g in groups[::4]] == ["Overige onderwerpen", "Overige onderwerpen"]
    # "12f. Herziene verordening … identiteitskaarten" stands under "12. Overige onderwerpen" (Binnenlandse Zaken)
    assert items["kst-32317-948-36"]["group_id"] == "kst-32317-948-30"
    # "7. Terugkeer" (Binnenlandse Zaken) has the number of the Justice group "7. Overige onderwerpen" but no sub-items
    assert items["kst-32317-948-22"]["is_group"] == 0 and items["kst-32317-948-22"]["group_id"] is None
    assert sum(1 for a in items.values() if not a["is_group"]) == 31


def test_meeting_days_named_apart(tables):
    """The verslag of March 2025 reports on a Council of 5 and 7 March: two days, not three."""
    meeting = next(m for m in tables["meetings"] if m["id"] == "jbz-2025-03-05")
    assert meeting["days"] == '["2025-03-05", "2025-03-07"]'
    assert meeting["label"] == "JBZ-Raad 5 en 7 maart 2025, Brussel"
    june = next(m for m in tables["meetings"] if m["id"] == "jbz-2025-06-12")
    assert (june["days"], june["label"]) == ('["2025-06-12", "2025-06-13"]', "JBZ-Raad 12-13 juni 2025, Luxemburg")
