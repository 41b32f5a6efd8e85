"""What the site says to its (Dutch) readers: table, column and vocabulary
labels, canned-query titles, form fields and chart texts.

The data dictionary (schema and query descriptions) stays in English for
foreign researchers; everything a visitor reads on the site is Dutch first.
`jbz.site` writes these into metadata.yml (titles, and the `jbz_site` plugin
configuration the plugins in plugins/ read), so the site needs no import of
this package at serve time.  A test fails when a table, column, query
parameter or chart has no Dutch label here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .position_labels import OUTCOME_LABELS, STANCE_LABELS

# --- vocabulary values: the stored value stays, a Dutch label goes next to it ----

DECISION_TYPES_NL = {
    "general approach": "algemene oriëntatie",
    "partial general approach": "gedeeltelijke algemene oriëntatie",
    "political agreement": "politiek akkoord",
    "negotiating mandate": "onderhandelingsmandaat",
    "adoption": "aanname of vaststelling",
    "endorsement": "bekrachtiging",
    "exchange of views": "gedachtewisseling",
    "progress report": "voortgangsrapport",
    "state of play": "stand van zaken",
    "information": "informatie",
    "presentation": "presentatie",
    "debriefing": "terugkoppeling",
    "consent": "instemming",
    "lunch discussion": "lunchbespreking",
    "other": "overig",
    "(none)": "(geen)",
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "decision_type": DECISION_TYPES_NL,
    "doc_kind": {"geannoteerde agenda": "geannoteerde agenda", "verslag": "verslag", "other": "overige brief"},
    "entity_kind": {
        "eu-member-state": "EU-lidstaat", "country": "ander land", "eu-body": "EU-instelling of -orgaan",
        "international-body": "internationale organisatie",
    },
    "part": {
        "header": "kop", "cover letter": "aanbiedingsbrief", "agenda": "geannoteerde agenda", "report": "verslag",
        "attachment": "bijlage", "signature": "ondertekening", "(none)": "(geen)",
    },
    "role_kind": {"signatory": "ondertekenaar", "member-of-parliament": "Kamerlid", "commissioner": "Eurocommissaris",
                  "minister": "minister", "official": "ambtenaar"},
    "status": {"declared_done": "afgedaan verklaard", "carried_out": "uitgevoerd", "mentioned": "genoemd"},
    "nummer_source": {"stated": "vermeld", "inferred": "afgeleid"},
    "source_format": {"word": "Word-export", "markdown": "Markdown", "pdf": "PDF-tekst", "web": "webpagina"},
    # the positions vocabularies carry their own Dutch labels (jbz.positions)
    "stance": {k: v[0] for k, v in STANCE_LABELS.items()},
    "nl_position": {**{k: v[0] for k, v in STANCE_LABELS.items()}, "none": "geen standpunt gevonden"},
    "outcome": {k: v[0] for k, v in OUTCOME_LABELS.items()},
    "eu_file_method": {"identifier": "kenmerk", "vocabulary": "woordenlijst", "similarity": "gelijkenis titel",
                       "parent": "via hoofdpunt", "sub-items": "via subpunten"},
}

# --- tables: Dutch title and one line of what it holds ----------------------------

TABLES_NL: dict[str, tuple[str, str]] = {
    "letters": ("Brieven", "Elke brief aan de Kamer in dossier 32 317: een geannoteerde agenda vóór of een verslag na een JBZ-Raad. De brontekst staat letterlijk in de kolom text (verborgen; één klik weg)."),
    "meetings": ("Vergaderingen", "Elke JBZ-Raad (Raad Justitie en Binnenlandse Zaken) waar een brief over gaat."),
    "agenda_items": ("Agendapunten", "Elk punt op de agenda van een JBZ-Raad, met het besluit dat de Raad wordt gevraagd (geannoteerde agenda) of wat er gebeurde (verslag)."),
    "paragraphs": ("Alinea's", "Elke alinea, kop en opsomming van elke brief, op volgorde."),
    "headings": ("Koppen", "Elke koptekst één keer; de kolom 'kop erboven' van de alinea's verwijst ernaar."),
    "title_keys": ("Titelsleutels", "Elke titelsleutel van de agendapunten één keer; de kolom 'titelsleutel' van de agendapunten verwijst ernaar."),
    "footnotes": ("Voetnoten", "De voetnoten van de brieven, met de alinea waar het voetnootteken staat."),
    "signatories": ("Ondertekenaars", "Wie elke brief ondertekende, met de functie boven de handtekening."),
    "data_issues": ("Brongebreken", "Tegenstrijdigheden, gaten en fouten in de bronnen, en bestanden die de build weigerde."),
    "decision_types": ("Soorten besluit", "De vaste lijst van waarden voor agenda_items.decision_type, met de Nederlandse formuleringen."),
    "presidencies": ("Voorzitterschappen", "Welke lidstaat per halfjaar voorzitter was van de Raad van de EU."),
    "citations": ("Verwijzingen", "Elke verwijzing in een alinea of voetnoot: Kamerstukken, moties, BNC-fiches, Commissiedocumenten, EU-besluiten, URL's."),
    "motions": ("Moties en toezeggingen", "Moties en toezeggingen die een brief noemt, en wat het kabinet erover zegt."),
    "people": ("Personen", "Ondertekenaars, samengevoegd over de brieven heen."),
    "mentions": ("Vermeldingen", "Landen, EU-instellingen en internationale organisaties die in elke alinea worden genoemd."),
    "letters_overview": ("Brieven in één oogopslag", "Per brief: vergadering, agendapunten, alinea's, voetnoten, verwijzingen en dekking."),
    "agenda_item_texts": ("Agendapunten met hun tekst", "De tekst van elk agendapunt, gelezen uit zijn alinea's (titel en besluitregel niet meegeteld), met witregels ertussen."),
    "agenda_items_by_meeting": ("Agendapunten met hun vergadering", "Elk agendapunt met datum, plaats en voorzitterschap van de vergadering."),
    "citations_with_context": ("Verwijzingen met brief en context", "Elke verwijzing met de verwijzende brief en de voetnoot of alinea waarin ze staat."),
    "signatures": ("Wie tekende wat", "Elke handtekening met datum en soort van de brief."),
    "mentions_by_agenda_item": ("Landen en organen per agendapunt", "Welke landen en organen elk agendapunt noemt, en hoe vaak."),
    "summary_items_per_meeting": ("Overzicht: agendapunten per vergadering", "Tellingen per vergadering, soort brief, onderdeel en soort besluit (de grafieken lezen deze tabel)."),
    "summary_citations_per_letter": ("Overzicht: verwijzingen per brief", "Tellingen van verwijzingen per brief en soort (de grafieken lezen deze tabel)."),
    "summary_parts_per_letter": ("Overzicht: alinea's per brief en deel", "Tellingen van alinea's en tekens per brief en deel van de brief (de grafieken lezen deze tabel)."),
    "summary_mentions": ("Overzicht: hoe vaak elk land en orgaan wordt genoemd", "Tellingen per genoemd land of orgaan (de grafieken lezen deze tabel)."),
    "outcomes": ("Uitkomsten", "De vaste lijst van waarden voor agenda_items.outcome: wat de Raad met een punt deed, volgens het verslag."),
    "eu_file_thread": ("EU-dossiers door de vergaderingen heen", "Per dossier elk agendapunt met het verslagpunt van dezelfde vergadering ernaast."),
    "summary_mentions_per_item": ("Overzicht: landen en organen per agendapunt", "Elk agendapunt met elk land of EU-orgaan dat het noemt en hoe vaak, nieuwste vergadering eerst (de vraag naar agendapunten die een land noemen leest deze tabel)."),
    "summary_positions_per_meeting": ("Overzicht: Nederlandse standpunten per vergadering", "Tellingen van standpunten per vergadering, EU-dossier en soort standpunt (de grafieken lezen deze tabel)."),
    "person_mentions": ("Genoemde personen", "Elke persoon die een brief buiten de ondertekening noemt (Kamerleden, Eurocommissarissen, ministers), met de rol waarin."),
    # tables other work adds; a label here is harmless before they exist
    "eu_files": ("EU-dossiers", "EU-wetgevingsdossiers en andere onderwerpen die over meerdere vergaderingen terugkomen."),
    "documents": ("Documenten", "Documenten die bij de brieven horen of ernaar verwijzen."),
    "positions": ("Standpunten", "De Nederlandse inzet per agendapunt."),
    "stances": ("Standpunten", "Standpunten per agendapunt."),
}

# --- columns: one Dutch label per column name (the same name means the same thing) --

COLUMNS_NL: dict[str, str] = {
    "id": "id", "label": "label", "letter_id": "brief", "meeting_id": "vergadering", "agenda_item_id": "agendapunt",
    "kamer": "Kamer", "dossier": "dossier", "nummer": "nummer", "nummer_source": "herkomst nummer",
    "nummer_evidence": "bewijs voor het nummer", "nummer_evidence_letter_id": "nummer gevonden in brief",
    "vergaderjaar": "vergaderjaar", "letter_date": "datum brief", "year": "jaar", "year_month": "maand",
    "doc_kind": "soort brief", "title": "titel", "url": "officiële publicatie", "signatory_names": "ondertekenaars",
    "source_file": "bronbestand", "source_sha256": "SHA-256 van de bron", "source_format": "bronformaat",
    "coverage": "dekking", "text": "tekst", "start_date": "begindatum", "end_date": "einddatum", "location": "plaats",
    "informal": "informeel", "presidency": "voorzitterschap", "section": "onderdeel", "number": "nummer",
    "sub": "subpunt", "title_key": "titelsleutel", "decision_raw": "gevraagd besluit (letterlijk)",
    "decision_type": "soort besluit", "ordinal": "volgorde", "part": "deel van de brief", "kind": "soort",
    "heading": "kop erboven", "paragraph_id": "alinea", "footnote_id": "voetnoot", "marker_offset": "positie voetnootteken",
    "name": "naam", "role": "functie", "person_id": "persoon", "message": "melding", "description": "omschrijving",
    "country": "land", "raw": "verwijzing (letterlijk)", "identifier": "kenmerk", "target_letter_id": "verwezen brief",
    "movers": "indieners", "citation_id": "verwijzing", "status": "status", "sentence": "zin", "roles": "functies",
    "letter_count": "aantal brieven", "entity_kind": "soort", "entity_id": "code", "entity": "naam",
    "matched": "gevonden woorden", "count": "aantal", "meeting_date": "datum vergadering", "item": "punt",
    "snippet": "fragment", "found_in": "gevonden in", "agenda_item": "agendapunt", "ref": "vindplaats",
    "items": "agendapunten", "citations": "verwijzingen", "footnotes": "voetnoten", "paragraphs": "alinea's",
    "characters": "tekens", "letters": "brieven", "agenda_items": "agendapunten", "times_named": "keer genoemd",
    "decision_as_written": "gevraagd besluit (letterlijk)", "person": "persoon", "context": "context",
    "motions": "moties", "data_issues": "brongebreken", "footnote": "voetnoot", "letter": "brief",
    "ordinal_": "volgorde", "key": "sleutel", "value": "waarde", "example_item": "voorbeeld",
    "decision_nl": "soort besluit (NL)", "entity_kind_nl": "soort (NL)", "part_nl": "deel (NL)", "sort_date": "datum (of vergaderdatum)",
    # columns other work adds
    "motion_id": "motie", "days": "vergaderdagen", "is_group": "groepskop", "group_id": "onder groepskop", "body_item_id": "deelt de tekst van",
    "document_date": "datum document", "doc_type": "publicatietype", "subtype": "subsoort",
    "main_document_id": "hoofddocument", "modified": "laatst gewijzigd", "xml_url": "officiële XML", "pdf_url": "PDF",
    "fetched": "opgehaald", "retrieved_at": "opgehaald op", "previous_sha256": "eerdere SHA-256", "parsed": "verwerkt",
    "reason": "reden", "nl_position_sentence": "zin met de Nederlandse inzet", "positions": "standpunten",
    "stance_nl": "standpunt (NL)", "annex_only": "eigen bijlage", "main_document": "hoofddocument", "eu_file_method": "gevonden via", "eu_file_evidence": "bewijs dossier", "name_nl": "naam",
    "name_en": "naam (Engels)", "com_number": "COM-nummer", "procedure_number": "procedurenummer", "celex": "CELEX",
    "bnc_fiche": "BNC-fiche", "aliases": "andere namen", "first_meeting_id": "eerste vergadering",
    "last_meeting_id": "laatste vergadering", "meetings": "vergaderingen", "summarises_item_id": "vat agendapunt samen",
    "cue": "signaalwoorden", "label_nl": "label", "description_nl": "omschrijving", "description_en": "omschrijving (Engels)",
    "meeting": "vergadering", "decision_asked": "gevraagd besluit", "report_title": "titel in verslag",
    "agenda_letter_id": "geannoteerde agenda", "agenda_letter_url": "agenda (officieel)", "report_letter_id": "verslag",
    "report_letter_url": "verslag (officieel)", "report_item_id": "verslagpunt", "dossier_name": "dossier", "office": "functie (eenduidig)", "role_kinds": "soorten rol", "role_kind": "soort rol", "atom_id": "feed-id", "atom_title": "titel (feed)", "atom_updated": "bijgewerkt",
    "atom_link": "link", "atom_content": "inhoud", "atom_author_name": "auteur", "eu_file_id": "EU-dossier", "counterpart_id": "tegenhanger", "nl_position": "Nederlandse inzet",
    "outcome": "uitkomst", "outcome_evidence": "bewijs uitkomst", "nl_vote": "stem van Nederland", "stance": "standpunt",
    # Datasette's own columns on tables without a primary key (summary tables): the row number and the link to the row
    "rowid": "rijnummer", "Link": "rij",
}

# --- long columns hidden on table pages (one click away: "toon alle kolommen") -----

HIDDEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "letters": ("text", "nummer_evidence", "source_sha256"),
    "agenda_items": ("title_key",),
    "motions": ("sentence",),
    "citations_with_context": ("context",),
    "letters_overview": ("title",),
}

# --- canned queries: Dutch title, explanation and form fields -----------------------


@dataclass(frozen=True)
class Param:
    """A form field: its label, a line of help, and (for a fixed set of
    values) the SQL that lists them, `value, label` rows, from the data."""

    label: str
    help: str
    choices_sql: str = ""
    min_length: int = 0  # shorter input cannot be searched: say so instead of "0 results"


_LETTER_CHOICES = "select id, label from letters order by coalesce(letter_date, '9999'), id"
_MEETING_CHOICES = "select id, label from meetings order by start_date desc"
_DECISION_CHOICES = "select id, id from decision_types order by id"
_YEAR_CHOICES = "select distinct year, year from meetings where year is not null order by year desc"


def _letter(help_: str = "Kies een brief; leeg = alle brieven.") -> Param:
    return Param("Brief", help_, _LETTER_CHOICES)


QUERIES_NL: dict[str, dict] = {
    "search_letters": {
        "title": "Zoeken in de brieven",
        "description": "Zoek in elke alinea, elke titel van een agendapunt en elke voetnoot. Een deel van een woord is genoeg en accenten en hoofdletters doen er niet toe: terugkeer vindt ook terugkeerverordening en terugkeerhub, keerhub vindt terugkeerhubs, orientatie vindt oriëntatie. Meerdere woorden worden als één zinsdeel van hele woorden gezocht; het laatste woord mag een begin zijn (algemene orient).",
        "params": {
            "q": Param("Zoekterm", "Minstens drie letters; een deel van een woord is genoeg.", min_length=3),
            "letter": _letter(),
        },
    },
    "meeting_agenda": {
        "title": "De agenda van één vergadering, met het gevraagde besluit",
        "description": "Elk punt op de agenda van een JBZ-Raad, op volgorde, met wat de Raad wordt gevraagd te doen (algemene oriëntatie, gedachtewisseling …).",
        "params": {
            "meeting": Param("Vergadering", "Kies een vergadering; leeg = alle vergaderingen.", _MEETING_CHOICES),
            "kind": Param("Soort brief", "Alleen de geannoteerde agenda of alleen het verslag; leeg = beide.",
                          "select distinct case doc_kind when 'geannoteerde agenda' then 'agenda' else doc_kind end, doc_kind from letters order by 1"),
        },
    },
    "eu_file_across_meetings": {
        "title": "Volg een EU-dossier door de vergaderingen",
        "description": "Agendapunten waarvan de titel bevat wat u typt (deel van een woord is genoeg, accenten tellen niet), oudste vergadering eerst: zie een dossier gaan van debat naar algemene oriëntatie naar akkoord.",
        "params": {"title": Param("Titel bevat", "Bijvoorbeeld terugkeer, Schengen, insolventie; minstens drie letters; leeg = alle agendapunten.", min_length=3)},
    },
    "decision_types_per_meeting": {
        "title": "Grafiek: wat de Raad wordt gevraagd te besluiten, per vergadering",
        "description": "Agendapunten in elke geannoteerde agenda per soort besluit, gestapeld per vergadering. Een verslag heeft geen besluitregel, dus alleen agenda's tellen mee.",
        "params": {"year": Param("Jaar", "Kies een jaar; leeg = alle jaren.", _YEAR_CHOICES)},
    },
    "items_per_section_over_time": {
        "title": "Grafiek: agendapunten Justitie en Binnenlandse Zaken per vergadering",
        "description": "Agendapunten (subpunten meegeteld) per onderdeel van de Raad per vergadering, oudste eerst; geteld uit de geannoteerde agenda als die er is, anders uit het verslag.",
        "params": {},
    },
    "citations_per_letter": {
        "title": "Grafiek: verwijzingen per brief, naar soort",
        "description": "Hoeveel Kamerstukken, moties, Commissiedocumenten, EU-besluiten, URL's … elke brief aanhaalt. Brieven zonder datum staan bij de datum van hun vergadering. Kies een jaar om de grafiek leesbaar te houden als er honderden brieven zijn.",
        "params": {"kind": Param("Soort verwijzing", "Kies één soort; leeg = alle soorten.", "select distinct kind, kind from citations order by kind"),
                   "year": Param("Jaar", "Kies een jaar om de brieven van dat jaar te tekenen; leeg = alle brieven.", _YEAR_CHOICES)},
    },
    "letter_parts": {
        "title": "Grafiek: waar elke brief uit bestaat",
        "description": "Tekens tekst per deel van elke brief: aanbiedingsbrief, geannoteerde agenda of verslag, bijlagen. Laat zien welke brieven veel nieuws buiten de agenda brengen.",
        "params": {"kind": Param("Soort brief", "Alleen agenda's of alleen verslagen; leeg = beide.",
                                 "select distinct case doc_kind when 'geannoteerde agenda' then 'agenda' else doc_kind end, doc_kind from letters order by 1"),
                   "year": Param("Jaar", "Kies een jaar om de brieven van dat jaar te tekenen; leeg = alle brieven.", _YEAR_CHOICES)},
    },
    "most_named_countries_and_bodies": {
        "title": "Grafiek: de vaakst genoemde landen en EU-organen",
        "description": "De 25 lidstaten, andere landen en EU-instellingen die in de meeste alinea's worden genoemd, van meest naar minst genoemd.",
        "params": {"entity_kind": Param("Soort", "Lidstaten, andere landen, EU-organen of internationale organisaties; leeg = alle.",
                                        "select distinct entity_kind, entity_kind from mentions order by 1")},
    },
    "letters_by_person": {
        "title": "Brieven ondertekend door een persoon of functie",
        "description": "Elke brief die een minister of staatssecretaris ondertekende, nieuwste eerst.",
        "params": {
            "person": Param("Persoon", "Kies een persoon (of typ een deel van een naam in de URL); leeg = iedereen.", "select id, name from people order by name"),
            "office": Param("Functie bevat", "Een deel van de functie, bijvoorbeeld Asiel of staatssecretaris; leeg = alle functies."),
        },
    },
    "letter_citations": {
        "title": "Waar verwijst deze brief naar?",
        "description": "Elke verwijzing in één brief, met de voetnoot of alinea waarin ze staat en een link naar de officiële tekst.",
        "params": {"letter": _letter(), "kind": Param("Soort verwijzing", "Kies één soort; leeg = alle soorten.", "select distinct kind, kind from citations order by kind")},
    },
    "who_cites": {
        "title": "Wie verwijst naar dit Kamerstuk?",
        "description": "Brieven die naar een Kamerstuk verwijzen: eerdere brieven, moties en BNC-fiches waar de regering op leunt.",
        "params": {
            "dossier": Param("Dossier", "Het dossiernummer, bijvoorbeeld 32317 of 21501-20 (spaties tellen niet); leeg = alle dossiers."),
            "nummer": Param("Nummer", "Het ondernummer, bijvoorbeeld 948 of QF; leeg = alle nummers."),
        },
    },
    "motions_declared_done": {
        "title": "Moties en toezeggingen die het kabinet afgedaan verklaart",
        "description": "Moties en toezeggingen waarvan een brief zegt dat ze zijn afgedaan (\"beschouwt … als afgedaan\"), met de zin die het zegt.",
        "params": {"mover": Param("Indiener", "Een deel van de naam van een indiener; leeg = alle."), "letter": _letter()},
    },
    "agenda_items_mentioning": {
        "title": "Agendapunten die een land of EU-orgaan noemen",
        "description": "Welke agendapunten een lidstaat, een ander land of een EU-orgaan noemen, en hoe vaak.",
        "params": {"entity": Param("Land of orgaan", "Kies een naam; leeg = alle vermeldingen.", "select distinct entity, entity from mentions order by entity")},
    },
    "source_problems": {
        "title": "Tegenstrijdigheden, gaten en fouten in de bronnen",
        "description": "Wat de build opmerkte bij het lezen van de brieven: een aanbiedingsbrief met andere data dan de agenda, een brief zonder datum of nummer, geweigerde bestanden.",
        "params": {"kind": Param("Soort melding", "Kies een soort; leeg = alle meldingen.", "select distinct kind, kind from data_issues order by kind")},
    },
    "decision_phrases": {
        "title": "Hoe elke besluitformulering is ingedeeld",
        "description": "Elke formulering van een gevraagd besluit onder een agendapunt, de soort besluit waaronder ze valt en hoe vaak ze voorkomt.",
        "params": {"decision_type": Param("Soort besluit", "Kies een soort; leeg = alle soorten.", _DECISION_CHOICES)},
    },
}

QUERIES_NL["follow_eu_file"] = {
    "title": "Volg een EU-dossier",
    "description": "Eén EU-dossier door de vergaderingen heen, oudste eerst: per JBZ-Raad het agendapunt, het gevraagde besluit, de Nederlandse inzet, de uitkomst uit het verslag en de brieven.",
    "params": {"file": Param("Dossier", "Kies een dossier; leeg = alle dossiers.",
                             "select id, name_nl || ' (' || meetings || case meetings when 1 then ' vergadering)' else ' vergaderingen)' end "
                             "from eu_files order by name_nl")},
}
_FILE_CHOICES = ("select id, name_nl || ' (' || meetings || case meetings when 1 then ' vergadering)' else ' vergaderingen)' end "
                 "from eu_files order by name_nl")
QUERIES_NL["positions_per_meeting"] = {
    "title": "Grafiek: Nederlandse standpunten per vergadering",
    "description": "Hoeveel standpunten de regering per JBZ-Raad inneemt, naar soort (steun, steun met voorbehoud, kritisch, aanhoren …), in de agenda's en verslagen samen.",
    "params": {"file": Param("Dossier", "Kies een dossier om één EU-dossier te volgen; leeg = alle standpunten.", _FILE_CHOICES)},
}
QUERIES_NL["feed_eu_file"] = {
    "title": "Atom-feed: één EU-dossier door de vergaderingen",
    "description": "Elk agendapunt over één EU-dossier, nieuwste brief eerst, als Atom-feed: zet .atom achter het adres.",
    "params": {"eu_file": Param("Dossier", "Kies een dossier.", _FILE_CHOICES)},
}
QUERIES_NL["feed_new_letters"] = {
    "title": "Atom-feed: nieuwe brieven",
    "description": "De 50 nieuwste brieven, nieuwste eerst, als Atom-feed voor een feedlezer: zet .atom achter het adres van deze pagina. Elk bericht linkt naar de officiële publicatie.",
    "params": {"kamer": Param("Kamer", "Volg één Kamer; leeg = beide.", "select distinct kamer, kamer from letters where kamer is not null order by kamer")},
}
QUERIES_NL["feed_meeting"] = {
    "title": "Atom-feed: brieven over één JBZ-Raad",
    "description": "Elke brief over één vergadering (de geannoteerde agenda ervoor, het verslag erna, latere brieven) als Atom-feed: zet .atom achter het adres.",
    "params": {"meeting": Param("Vergadering", "Kies een vergadering.", _MEETING_CHOICES)},
}

# --- charts: Dutch texts (the encodings live with the queries in jbz.queries) --------

CHARTS_NL: dict[str, dict[str, str]] = {
    "decision_types_per_meeting": {"x": "Vergadering (begindatum)", "y": "Agendapunten", "color": "Soort besluit"},
    "items_per_section_over_time": {"x": "Vergadering (begindatum)", "y": "Agendapunten", "color": "Onderdeel"},
    "citations_per_letter": {"x": "Brief", "y": "Verwijzingen", "color": "Soort verwijzing"},
    "letter_parts": {"x": "Brief", "y": "Tekens", "color": "Deel van de brief"},
    "positions_per_meeting": {"x": "Vergadering (begindatum)", "y": "Standpunten", "color": "Soort standpunt"},
    "most_named_countries_and_bodies": {"x": "Land of orgaan", "y": "Alinea's waarin genoemd", "color": "Soort"},
}


def sql_label(expr: str, column: str) -> str:
    """SQL giving the Dutch label of a vocabulary value (the value itself when unknown)."""
    labels = VALUE_LABELS[column]
    whens = " ".join(f"when '{k}' then '{v}'" for k, v in labels.items())
    return f"(case {expr} {whens} else {expr} end)"
