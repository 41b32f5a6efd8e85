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
    people, ids = build_people(signatures)
    assert [(p["id"], p["name"], json.loads(p["roles"]), p["letter_count"]) for p in people] == [
        ("dm-van-weel", "D.M. van Weel", ["minister van Asiel en Migratie", "minister van Justitie en Veiligheid"], 3),
        ("f-van-oosten", "F. van Oosten", ["minister van Justitie en Veiligheid"], 1),
    ]
    assert ids[("c", 1)] == "dm-van-weel"


def test_people_of_the_five_letters(tables):
    people = {p["id"]: p for p in tables["people"]}
    # 15 signatures by 10 people (read from the five signature blocks)
    assert sorted(people) == [
        "acl-rutte", "bart-van-den-brink", "claudia-van-bruggen", "d-yesilgoz-zegerius", "dm-van-weel",
        "e-van-der-burg", "f-van-oosten", "fm-weerwind", "mhm-faber-van-de-klashorst", "thd-struycken",
    ]
    van_weel = people["dm-van-weel"]
    assert van_weel["letter_count"] == 4  # 935, 948, QF as minister of Justitie en Veiligheid; 978 of Asiel en Migratie
    assert json.loads(van_weel["roles"]) == ["minister van Asiel en Migratie", "minister van Justitie en Veiligheid"]
    assert people["mhm-faber-van-de-klashorst"]["letter_count"] == 2
    assert {s["person_id"] for s in tables["signatories"] if s["name"] == "D.M. van Weel"} == {"dm-van-weel"}
    assert all(s["person_id"] in people for s in tables["signatories"])
