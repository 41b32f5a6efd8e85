"""A small hand-made `Tables` for tests of jbz.database and jbz.package that
should not depend on the parser: one letter (Kamerstuk 32 317, nr. 948, the
geannoteerde agenda of the JBZ-Raad of 12-13 June 2025), with sentences taken
from it. Rows are given out of primary-key order on purpose."""

from __future__ import annotations

from jbz.schema import DECISION_TYPES, TABLES

LETTER = "kst-32317-948"
MEETING = "jbz-2025-06-12"

PARAGRAPHS = [
    # (ordinal, part, kind, agenda item ordinal or None, text)
    (3, "cover letter", "paragraph", None,
     "Daarbij zal het kabinet benadrukken - conform de appreciatie zoals opgenomen in het BNC-fiche - dat het resultaat "
     "van de onderhandelingen ertoe moet leiden dat de terugkeerprocedure in Europa simpeler en efficiënter wordt en er "
     "meer ruimte komt voor innovatieve partnerschappen zoals terugkeerhubs."),
    (1, "header", "heading", None, "Brief van de minister en staatssecretaris van Justitie en Veiligheid en de minister van Asiel en Migratie"),
    (2, "cover letter", "paragraph", None,
     "Tegelijkertijd is Nederland doorlopend in gesprek met een groot aantal gelijkgezinde EU-lidstaten, zoals Zweden en "
     "Denemarken, om innovatieve concepten zoals de terugkeerhub verder uit te werken."),
    (4, "agenda", "heading", 1, "Verordening betreffende bevoegdheid, toepasselijk recht en erkenning inzake de bescherming van volwassenen"),
    (5, "agenda", "decision", 1, "Aanname gedeeltelijke algemene oriëntatie"),
    (6, "agenda", "paragraph", 1,
     "Het voorzitterschap streeft ernaar een gedeeltelijke algemene oriëntatie aan te nemen over de eerste vijf "
     "hoofdstukken van het voorstel."),
    (7, "agenda", "paragraph", 2, "Het kabinet zal aandacht vragen voor de lopende onderhandelingen over het voorstel voor een Terugkeerverordening."),
    (8, "signature", "paragraph", None, "De minister van Justitie en Veiligheid, D.M. van Weel"),
]


def pid(ordinal: int) -> str:
    return f"{LETTER}-p{ordinal:03d}"


def synthetic_tables() -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    tables["presidencies"] = [
        {"id": "2025-H2", "country": "Denemarken", "start_date": "2025-07-01", "end_date": "2025-12-31"},
        {"id": "2025-H1", "country": "Polen", "start_date": "2025-01-01", "end_date": "2025-06-30"},
    ]
    tables["decision_types"] = [{"id": i, "description": d} for i, d in reversed(DECISION_TYPES)]
    tables["meetings"] = [
        {"id": MEETING, "label": "JBZ-Raad 12-13 juni 2025, Luxemburg", "start_date": "2025-06-12", "end_date": "2025-06-13",
         "year": 2025, "year_month": "2025-06", "location": "Luxemburg", "informal": False, "presidency": "2025-H1"},
    ]
    tables["letters"] = [
        {"id": LETTER, "kamer": "Tweede Kamer", "dossier": "32317", "nummer": "948", "nummer_source": "stated",
         "letter_date": "2025-05-28", "year": 2025, "year_month": "2025-05", "doc_kind": "geannoteerde agenda",
         "meeting_id": MEETING, "title": PARAGRAPHS[1][4], "url": "https://zoek.officielebekendmakingen.nl/kst-32317-948.html",
         "signatory_names": ["D.M. van Weel", "Ingrid Coenradie"], "source_file": "000_30e947b90ac3b314.txt",
         "source_sha256": "0" * 64, "source_format": "word", "coverage": 0.999672, "text": "32 317\t\tJBZ-Raad\nNr. 948\t…"},
    ]
    tables["agenda_items"] = [
        {"id": f"{LETTER}-02", "letter_id": LETTER, "meeting_id": MEETING, "doc_kind": "geannoteerde agenda", "section": "Binnenlandse Zaken",
         "number": "2", "title": "Terugkeerverordening", "ordinal": 2},
        {"id": f"{LETTER}-01", "letter_id": LETTER, "meeting_id": MEETING, "doc_kind": "geannoteerde agenda", "section": "Justitie",
         "number": "1", "title": PARAGRAPHS[3][4], "decision_raw": "Aanname gedeeltelijke algemene oriëntatie",
         "decision_type": "partial general approach", "ordinal": 1},
    ]
    tables["paragraphs"] = [
        {"id": pid(o), "letter_id": LETTER, "agenda_item_id": f"{LETTER}-{item:02d}" if item else None, "part": part,
         "kind": kind, "ordinal": o, "text": text}
        for o, part, kind, item, text in PARAGRAPHS
    ]
    tables["footnotes"] = [
        {"id": f"{LETTER}-fn02", "letter_id": LETTER, "number": 2, "text": "Kamerstuk II 2024-2025, 32 317, nr. 890, Kamerstuk 22112, nr. 4031", "paragraph_id": pid(2)},
        {"id": f"{LETTER}-fn01", "letter_id": LETTER, "number": 1, "text": "Kamerstuk II 2023/2023 32 317, nr. 878", "paragraph_id": None},
    ]
    tables["people"] = [
        {"id": "dm-van-weel", "name": "D.M. van Weel", "roles": ["minister van Justitie en Veiligheid"], "letter_count": 1},
        {"id": "ingrid-coenradie", "name": "Ingrid Coenradie", "roles": '["staatssecretaris van Justitie en Veiligheid"]', "letter_count": 1},
    ]
    tables["signatories"] = [
        {"letter_id": LETTER, "ordinal": 2, "name": "Ingrid Coenradie", "role": "De staatssecretaris van Justitie en Veiligheid", "person_id": "ingrid-coenradie"},
        {"letter_id": LETTER, "ordinal": 1, "name": "D.M. van Weel", "role": "De minister van Justitie en Veiligheid", "person_id": "dm-van-weel"},
    ]
    tables["citations"] = [
        {"id": f"{LETTER}-c1", "letter_id": LETTER, "footnote_id": f"{LETTER}-fn01", "raw": "Kamerstuk II 2023/2023 32 317, nr. 878",
         "kind": "kamerstuk", "dossier": "32317", "nummer": "878", "kamer": "Tweede Kamer", "url": "https://zoek.officielebekendmakingen.nl/kst-32317-878.html"},
    ]
    tables["data_issues"] = [
        {"id": 2, "letter_id": None, "source_file": "005_empty.txt", "kind": "rejected-empty", "message": "005_empty.txt: is empty"},
        {"id": 1, "letter_id": LETTER, "source_file": "000_30e947b90ac3b314.txt", "kind": "date-conflict", "message": "cover letter says 12 and 13 June"},
    ]
    tables["mentions"] = [
        {"id": f"{pid(2)}-SE", "letter_id": LETTER, "paragraph_id": pid(2), "entity_kind": "eu-member-state", "entity_id": "SE",
         "entity": "Zweden", "matched": "Zweden", "count": 1},
    ]
    return tables
