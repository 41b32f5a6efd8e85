"""People: signatories deduplicated across letters, one person with several roles."""

from __future__ import annotations

import json

from jbz.link.people import build_people, person_id, person_key


def test_person_ids_are_slugs():
    assert person_id("D.M. van Weel") == "dm-van-weel"
    assert person_id("M.H.M. Faber-van de Klashorst") == "mhm-faber-van-de-klashorst"
    assert person_id("D. Yeşilgöz-Zegerius") == "d-yesilgoz-zegerius"
    assert person_id("mr. dr. F.M. Weerwind") == "fm-weerwind"


def test_same_person_different_spellings():
    assert person_key("D.M. van Weel") == person_key("D. van Weel")
    assert person_key("Dilan Yeşilgöz-Zegerius") == person_key("D. Yeşilgöz-Zegerius")
    assert person_key("M.H.M. Faber-van de Klashorst") != person_key("M. de Klashorst")
    assert person_key("F. van Oosten") != person_key("D.M. van Weel")


def test_build_people_takes_the_name_printed_most():
    signatures = [
        {"letter_id": "a", "ordinal": 1, "name": "D.M. van Weel", "role": "De minister van Justitie en Veiligheid"},
        {"letter_id": "b", "ordinal": 2, "name": "D.M. van Weel", "role": "De minister van Asiel en Migratie"},
        {"letter_id": "c", "ordinal": 1, "name": "D. van Weel", "role": "De Minister van Asiel en Migratie"},
        {"letter_id": "c", "ordinal": 2, "name": "F. van Oosten", "role": "De minister van Justitie en Veiligheid"},
    ]
    people, ids, _ = build_people(signatures)
    assert [(p["id"], p["name"], json.loads(p["roles"]), p["letter_count"]) for p in people] == [
        ("dm-van-weel", "D.M. van Weel", ["minister van Asiel en Migratie", "minister van Justitie en Veiligheid"], 3),
        ("f-van-oosten", "F. van Oosten", ["minister van Justitie en Veiligheid"], 1),
    ]
    assert ids[("c", 1)] == "dm-van-weel"


def test_people_of_the_five_letters(tables):
    people = {p["id"]: p for p in tables["people"]}
    kinds = {pid: json.loads(p["role_kinds"]) for pid, p in people.items()}
    # 15 signatures by 10 people (read from the five signature blocks)
    assert sorted(p for p, k in kinds.items() if "signatory" in k) == [
        "acl-rutte", "bart-van-den-brink", "claudia-van-bruggen", "d-yesilgoz-zegerius", "dm-van-weel",
        "e-van-der-burg", "f-van-oosten", "fm-weerwind", "mhm-faber-van-de-klashorst", "thd-struycken",
    ]
    # members of parliament: movers of the motions the letters name, and askers ("het lid Keijzer", "lid Koekkoek")
    assert sorted(p for p, k in kinds.items() if k == ["member-of-parliament"]) == [
        "bontenbal", "boomsma", "boswijk", "brekelmans", "dassen", "diederik-van-dijk", "eerdmans", "ellian", "keijzer",
        "koekkoek", "piri", "van-campen", "van-dijk", "van-ginneken", "van-hijum", "van-nispen", "van-raan",
        "van-weerdenburg", "veldkamp",
    ]
    # "de Eurocommissaris Binnenlandse Zaken (Johansson)" (879), "president Zelenskyy’s" (879), and the Italian
    # minister who signs the Declaration of Intent attached to QF
    assert (kinds["johansson"], json.loads(people["johansson"]["roles"])) == (["commissioner"], ["commissaris Binnenlandse Zaken"])
    assert kinds["zelenskyy"] == ["official"]
    assert (kinds["matteo-piantedosi"], json.loads(people["matteo-piantedosi"]["roles"])) == (["minister"], ["minister of Interior (Italian Republic)"])
    # the Dutch minister signs QF and, in English, its attachment: one person
    assert kinds["bart-van-den-brink"] == ["signatory", "minister"]
    assert len(people) == 32
    # "motie Van Campen en Boswijk" (935) and "Motie van Campen en Boswijk" (QF): the same two members
    assert people["van-campen"]["letter_count"] == people["boswijk"]["letter_count"] == 2
    van_weel = people["dm-van-weel"]
    assert van_weel["letter_count"] == 4  # 935, 948, QF as minister of Justitie en Veiligheid; 978 of Asiel en Migratie
    assert json.loads(van_weel["roles"]) == ["minister van Asiel en Migratie", "minister van Justitie en Veiligheid"]
    assert people["mhm-faber-van-de-klashorst"]["letter_count"] == 2
    assert {s["person_id"] for s in tables["signatories"] if s["name"] == "D.M. van Weel"} == {"dm-van-weel"}
    assert all(s["person_id"] in people for s in tables["signatories"])
    assert all(m["person_id"] in people for m in tables["person_mentions"])


def test_offices_in_one_spelling(tables):
    """QF prints "De Minister voor Asiel en Migratie", 948 "De minister van Asiel en Migratie": one office."""
    office = {(s["letter_id"], s["ordinal"]): (s["role"], s["office"]) for s in tables["signatories"]}
    assert office[("kst-32317-QF", 2)] == ("De Minister voor Asiel en Migratie", "minister van Asiel en Migratie")
    assert office[("kst-32317-948", 3)] == ("De minister van Asiel en Migratie", "minister van Asiel en Migratie")
    assert office[("kst-32317-879", 2)] == ("De minister voor Rechtsbescherming", "minister voor Rechtsbescherming")


def test_people_named_in_text():
    from jbz.link.people import find_named_people

    named = lambda text, prev="": [(p["name"], p["role_kind"], p["role"]) for p in find_named_people(text, prev)]  # noqa: E731
    assert named("Tijdens het ordedebat werd door het lid Keijzer om een reactie gevraagd") == [("Keijzer", "member-of-parliament", "Kamerlid")]
    assert named("conform de motie van het lid Diederik van Dijk, Kamerstuk 19637, nr. 3285") == [("Diederik van Dijk", "member-of-parliament", "Kamerlid")]
    assert named("landen en de Eurocommissaris Binnenlandse Zaken (Johansson).") == [("Johansson", "commissioner", "commissaris Binnenlandse Zaken")]
    assert named("De Commissaris zal naar verwachting een toelichting geven.") == []
    assert named("Matteo Piantedosi MINISTER OF INTERIOR", "On behalf of the Ministry of Interior of the Italian Republic") == [
        ("Matteo Piantedosi", "minister", "minister of Interior (Italian Republic)")]
    assert named("Matteo Piantedosi MINISTER OF INTERIOR") == []  # a signature line only after "On behalf of …"
