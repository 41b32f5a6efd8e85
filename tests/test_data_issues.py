"""Data issues: what the letters contradict, in themselves and in each other,
as a person reading the five letters finds it. Each issue is stated, never
overstated, and nothing is corrected silently."""

from __future__ import annotations

import pytest


def issues(tables, kind):
    return sorted((d["letter_id"], d["message"]) for d in tables["data_issues"] if d["kind"] == kind)


def test_letter_978_prints_its_number_only_its_dossier_line_is_missing(tables):
    kinds = {d["kind"] for d in tables["data_issues"] if d["letter_id"] == "kst-32317-978"}
    assert "missing-dossier" in kinds and not {"missing-header", "missing-number"} & kinds


def test_incoming_presidency_named_wrongly(tables):
    # 948 (June 2025, the Polish presidency) under item 12d: "Het aankomend Poolse voorzitterschap …";
    # the presidency that follows is Denmark's (item 7d of the same letter says "Het aankomend Deense voorzitterschap").
    (found,) = issues(tables, "presidency-conflict")
    assert found[0] == "kst-32317-948" and "Poolse" in found[1] and "Denemarken" in found[1]


def test_repeated_footnotes(tables):
    found = issues(tables, "footnote-repeated")
    # 879 notes 31 and 32 both read "Kamerstukken II 2023-2024, 22 112, nr. 3717."
    assert ("kst-32317-879", 'footnote 32 repeats footnote 31 word for word: "Kamerstukken II 2023-2024, 22 112, nr. 3717."') in found
    assert [m for lid, m in found if lid == "kst-32317-948" and "footnote 18 repeats footnote 6" in m]


def test_footnote_names_a_meeting_on_the_wrong_days(tables):
    # 935 note 3: "Zie verslag JBZ-Raad van 3 en 4 juni 2024" — the June 2024 Council met on 13 and 14 June (letter 879)
    (found,) = issues(tables, "citation-date-conflict")
    assert found[0] == "kst-32317-935" and "'3 en 4 juni 2024'" in found[1] and "jbz-2024-06-13" in found[1]


def test_dossier_typos_flagged_not_corrected(tables):
    # "22 122, nr. 3596" (879 note 28) and "22122, nr. 4363" (QF note 3) among the BNC-fiches of dossier 22 112
    found = issues(tables, "citation-typo")
    assert [(lid, m.split(";")[0]) for lid, m in found] == [
        ("kst-32317-879", "cites dossier 22122, nr. 3596"),
        ("kst-32317-QF", "cites dossier 22122, nr. 4363"),
    ]
    assert all("probably 22112" in m for _, m in found)
    kept = [c for c in tables["citations"] if c["dossier"] == "22122"]
    assert sorted(c["nummer"] for c in kept) == ["3596", "4363"]  # the references stay as printed


def test_the_same_timeline_stated_twice_differently(tables):
    # the revised IT timeline of the Council of 5 and 7 March 2025: its report (935) says ETIAS in Q4 2025,
    # the agenda of June 2025 (948) restates it as Q4 2026
    (found,) = issues(tables, "timeline-conflict")
    assert found[0] == "kst-32317-948"
    assert "'vierde kwartaal van 2026'" in found[1] and "jbz-2025-03-05" in found[1] and "'vierde kwartaal van 2025'" in found[1]


def test_one_kamerstuk_two_parliamentary_years(tables):
    # 978 notes 17 and 21 cite the verslag of October 2025 (nr. 975) as 2025-26 and as 2024-25
    found = issues(tables, "citation-year-conflict")
    assert any(lid == "kst-32317-978" and "nr. 975" in m and "2024-2025" in m and "2025-2026" in m for lid, m in found)


def test_letters_without_header_get_a_descriptive_title(tables):
    # 879's agenda heading says "informele bijeenkomst" of a Council its cover letter announces as formal
    titles = {l["id"]: l["title"] for l in tables["letters"]}
    assert titles["kst-32317-879"] == "Geannoteerde agenda JBZ-Raad 13 en 14 juni 2024"
    assert titles["kst-32317-935"] == "Verslag JBZ-Raad 5 en 7 maart 2025"


@pytest.mark.parametrize("text, expected", [
    ("Het aankomend Deense voorzitterschap zal haar prioriteiten delen.", []),
    ("Het aankomend Poolse voorzitterschap zal haar prioriteiten delen.", ["presidency-conflict"]),
])
def test_incoming_presidency_rule(text, expected):
    from jbz.parse.checks import incoming_presidency

    found = incoming_presidency([{"id": "x-p0001", "text": text}], "2025-06-12")
    assert [k for k, _ in found] == expected


def test_stray_marker_rule():
    from jbz.parse.checks import stray_markers

    assert stray_markers({1, 2, 3}, [{"number": 1}, {"number": 2}]) == [
        ("stray-footnote-marker", "the text has a marker for footnote 3 but the letter prints no footnote 3")]
