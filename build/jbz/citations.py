"""References in a text: Kamerstukken, motions, Handelingen, BNC-fiches,
Commission documents, CELEX numbers, Council documents, EU acts and URLs.

`find_citations(text)` is pure: text in, one dict per reference out, with
the parsed fields and an official URL where one can be built. The patterns
follow how the letters write references, which varies a lot:
"Kamerstuk II 2024-2025, 32 317, nr. 890", "*Kamerstukken II* 2025/26,
22112, nr. 4320", "Tweede Kamer, vergaderjaar 2025–2026, 21 501-20, nr. 2306",
"Kamerstukken II, 2023-24, geannoteerde agenda JBZ-Raad 4-5 maart 2024,
32 317, nr. 872", "32 317, nr. 867 en 3 2317, nr. 869".
"""

from __future__ import annotations

import re

OB = "https://zoek.officielebekendmakingen.nl"
EURLEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri="

# A dossier number: five digits, single spaces allowed ("32 317", "3 2317"),
# optionally a suffix ("21501-20", "36410-VI"); then its number ("nr. 948",
# "nr. QF", "nr. 1-4").
_DOSSIER_NR = re.compile(
    r"(?<![\d/.])(?P<dossier>\d(?:\s?\d){4}(?![\d]))(?P<suffix>\s?-\s?(?:[IVXL]{1,5}|[A-Z]{1,2}|\d{1,3})(?![\w]))?"
    r"\s*,?\s*nr\.?\s*(?P<nummer>\d+(?:\s?[-–]\s?\d+)?|[A-Z]{1,3})(?![\w])"
)
_ANCHOR = re.compile(r"\b(?:[Kk]amerstuk(?:ken)?|Tweede Kamer|Eerste Kamer|Kamerbrief|TK|EK)\b")
_YEAR = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)?\d{2})(?!\d)")
_KAMER = re.compile(r"\b(?:[Kk]amerstuk(?:ken)?|Handelingen|Aanhangsel\s+Handelingen)\s*\*?\s*(?P<k>II|I)\b|\b(?P<name>Tweede|Eerste)\s+Kamer\b")
_AANHANGSEL = re.compile(
    r"\bAanhangsel\s+(?:van\s+de\s+)?Handelingen\s*(?P<k>II|I)?\b,?\s*(?:vergaderjaar\s*)?" + r"(?P<year>(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2})?,?\s*nr\.?\s*(?P<nr>\d+)"
)
_HANDELINGEN = re.compile(
    r"(?<!Aanhangsel )\bHandelingen\s*(?P<k>II|I)?\b,?\s*(?:vergaderjaar\s*)?(?P<year>(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2})?,?\s*nr\.?\s*(?P<nr>\d+)(?:,\s*item\s*(?P<item>\d+))?"
)
_COM = re.compile(r"\bCOM\s?\(\s?(?P<year>(?:19|20)\d{2})\s?\)\s?(?P<num>\d{1,4})(?:\s*(?P<final>final|def\.?|definitief))?", re.I)
_CELEX = re.compile(r"\bCELEX(?:%3A|:|\s)\s?(?P<id>[0-9E]\d{4}[A-Z]{1,2}\d{4}(?:\(\d+\))?)")
_COUNCIL = re.compile(r"\bST[\s-](?P<num>\d{4,5})[\s/-](?P<year>\d{2,4})[\s-](?P<suffix>INIT|REV\s?\d+|ADD\s?\d+|COR\s?\d+)\b")
_ACT = re.compile(
    r"\b(?P<type>Gedelegeerde\s+verordening|Uitvoeringsverordening|Uitvoeringsbesluit|Verordening|Richtlijn|Besluit|Kaderbesluit)"
    r"\s*\((?P<org>EU|EG|EEG|Euratom|EU,\s*Euratom)\)\s*(?:nr\.\s*)?(?P<year>(?:19|20)\d{2})/(?P<num>\d{1,4})",
    re.I,
)
_ACT_OLD = re.compile(
    r"\b(?P<type>Verordening|Richtlijn|Besluit|Kaderbesluit)\s+(?:\((?:EU|EG|EEG)\)\s*)?(?:[Nn]r\.?\s*)?(?P<num>\d{1,4})/(?P<year>(?:19|20)\d{2})/(?P<org>EU|EG|EEG|JBZ)\b"
)
_URL = re.compile(r"https?://[^\s<>\"'\]]+[^\s<>\"'\].,;:)]")
_TZ = re.compile(r"\b(?P<id>TZ\d{6}-\d{1,4})\b")

_ACT_LETTER = {"verordening": "R", "uitvoeringsverordening": "R", "gedelegeerde verordening": "R", "richtlijn": "L", "besluit": "D", "uitvoeringsbesluit": "D", "kaderbesluit": "F"}


def normalise_year(a: str, b: str) -> str:
    """'2024-25', '2024/2025', '2024 – 2025' → '2024-2025'."""
    if len(b) == 2:
        b = a[:2] + b
    return f"{a}-{b}"


def kst_url(dossier: str, nummer: str) -> str | None:
    if not dossier or not nummer or not re.fullmatch(r"\d+|[A-Z]{1,3}", nummer):
        return None
    return f"{OB}/kst-{dossier}-{nummer}.html"


def _kamer(window: str) -> str | None:
    found = None
    for m in _KAMER.finditer(window):
        if m.group("k"):
            found = "Tweede Kamer" if m.group("k") == "II" else "Eerste Kamer"
        else:
            found = f"{m.group('name')} Kamer"
    return found


def _kamerstukken(text: str) -> list[dict]:
    out: list[dict] = []
    previous_end = 0
    for m in _DOSSIER_NR.finditer(text):
        dossier = re.sub(r"\s", "", m.group("dossier"))
        suffix = re.sub(r"\s", "", m.group("suffix") or "")
        nummer = re.sub(r"\s", "", m.group("nummer")).replace("–", "-")
        gap = text[previous_end : m.start()]
        anchors = list(_ANCHOR.finditer(text, max(previous_end, m.start() - 220), m.start()))
        previous = out[-1] if out and previous_end else None
        continues_list = previous is not None and not anchors and len(gap) < 80
        if anchors:
            raw_start = anchors[0].start()
        else:
            raw_start = m.start()
        window = text[max(previous_end, m.start() - 220) : m.start()]
        years = list(_YEAR.finditer(text, raw_start, m.start())) or list(_YEAR.finditer(window))
        vergaderjaar = normalise_year(years[-1].group("a"), years[-1].group("b")) if years else None
        kamer = _kamer(text[raw_start : m.start()]) or _kamer(window)
        context = text[max(0, m.start() - 160) : m.start()]
        kind = "kamerstuk"
        if re.search(r"\b[Mm]oties?\b", text[raw_start : m.start()]) or re.search(r"\b[Mm]oties?\b(?:[^.;]|\.(?!\s+[A-Z]))*$", context):
            kind = "motie"
        elif continues_list and previous["kind"] == "motie":
            kind = "motie"
        elif dossier == "22112" or re.search(r"\bfiche\b", text[max(0, m.start() - 120) : m.start()], re.I):
            kind = "bnc-fiche"
        if continues_list or (previous is not None and re.search(r"c\.s\.", gap) and previous["kind"] == "motie"):
            vergaderjaar = vergaderjaar or previous["vergaderjaar"]
            kamer = kamer or previous["kamer"]
            if previous["kind"] == "motie":
                kind = "motie"
        full_dossier = dossier + suffix
        out.append(
            {
                "raw": text[raw_start : m.end()].strip(" ,(*"),
                "kind": kind,
                "dossier": full_dossier,
                "nummer": nummer,
                "vergaderjaar": vergaderjaar,
                "kamer": kamer,
                "identifier": f"kst-{full_dossier}-{nummer}",
                "url": kst_url(full_dossier, nummer),
                "start": raw_start,
                "end": m.end(),
            }
        )
        previous_end = m.end()
    return out


_NO_DOSSIER = re.compile(
    r"\b[Kk]amerstuk(?:ken)?\s*\*?\s*(?P<k>II|I)?\b\*?,?\s*(?:vergaderjaar\s*)?(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)?\d{2}),?\s*nr\.\s*(?P<nr>\d+)(?!\s*[,.]?\s*\d)"
)


def _without_dossier(text: str, taken: list[tuple[int, int]]) -> list[dict]:
    """"Kamerstukken II, 2024-2025, nr. 1474": a reference whose dossier the letter left out."""
    out = []
    for m in _NO_DOSSIER.finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        kamer = {"II": "Tweede Kamer", "I": "Eerste Kamer"}.get(m.group("k") or "")
        out.append({"raw": m.group(0), "kind": "kamerstuk", "dossier": None, "nummer": m.group("nr"),
                    "vergaderjaar": normalise_year(m.group("a"), m.group("b")), "kamer": kamer, "identifier": None, "url": None,
                    "start": m.start(), "end": m.end()})
    return out


def _simple(text: str) -> list[dict]:
    out = []
    for m in _AANHANGSEL.finditer(text):
        k = m.group("k") or "II"
        year = m.group("year")
        verg = normalise_year(*re.split(r"\s*[-–/]\s*", year)) if year else None
        chamber = "tk" if k == "II" else "ek"
        url = f"{OB}/ah-{chamber}-{verg.replace('-', '')}-{m.group('nr')}.html" if verg else None
        out.append({"raw": m.group(0), "kind": "aanhangsel", "nummer": m.group("nr"), "vergaderjaar": verg,
                    "kamer": "Tweede Kamer" if k == "II" else "Eerste Kamer", "identifier": f"ah-{chamber}-{(verg or '').replace('-', '')}-{m.group('nr')}", "url": url,
                    "start": m.start(), "end": m.end()})
    for m in _HANDELINGEN.finditer(text):
        if text[max(0, m.start() - 11) : m.start()].strip().lower().endswith("aanhangsel"):
            continue
        k = m.group("k") or "II"
        year = m.group("year")
        verg = normalise_year(*re.split(r"\s*[-–/]\s*", year)) if year else None
        chamber = "tk" if k == "II" else "ek"
        item = f"-{m.group('item')}" if m.group("item") else ""
        url = f"{OB}/h-{chamber}-{verg.replace('-', '')}-{m.group('nr')}{item}.html" if verg else None
        out.append({"raw": m.group(0), "kind": "handelingen", "nummer": m.group("nr"), "vergaderjaar": verg,
                    "kamer": "Tweede Kamer" if k == "II" else "Eerste Kamer", "identifier": f"h-{chamber}-{(verg or '').replace('-', '')}-{m.group('nr')}{item}", "url": url,
                    "start": m.start(), "end": m.end()})
    for m in _COM.finditer(text):
        year, num = m.group("year"), int(m.group("num"))
        out.append({"raw": m.group(0), "kind": "com", "identifier": f"COM({year}) {num}",
                    "url": f"{EURLEX}COM:{year}:{num}:FIN", "start": m.start(), "end": m.end()})
    for m in _CELEX.finditer(text):
        out.append({"raw": m.group(0), "kind": "celex", "identifier": m.group("id"), "url": f"{EURLEX}CELEX:{m.group('id')}",
                    "start": m.start(), "end": m.end()})
    for m in _COUNCIL.finditer(text):
        year = m.group("year")
        year = year if len(year) == 4 else f"20{year}"
        suffix = re.sub(r"\s", "", m.group("suffix"))
        ident = f"ST-{m.group('num')}-{year}-{suffix}"
        out.append({"raw": m.group(0), "kind": "council-doc", "identifier": ident,
                    "url": f"https://data.consilium.europa.eu/doc/document/{ident}/nl/pdf", "start": m.start(), "end": m.end()})
    for pattern in (_ACT, _ACT_OLD):
        for m in pattern.finditer(text):
            typ = re.sub(r"\s+", " ", m.group("type")).lower()
            year, num = m.group("year"), int(m.group("num"))
            celex = f"3{year}{_ACT_LETTER.get(typ, 'R')}{num:04d}"
            org = re.sub(r"\s+", "", m.group("org"))
            ident = f"{m.group('type')} ({org}) {year}/{num}" if pattern is _ACT else f"{m.group('type')} {num}/{year}/{org}"
            out.append({"raw": m.group(0), "kind": "eu-act", "identifier": ident, "url": f"{EURLEX}CELEX:{celex}",
                        "start": m.start(), "end": m.end()})
    for m in _TZ.finditer(text):
        out.append({"raw": m.group(0), "kind": "toezegging", "identifier": m.group("id"),
                    "url": f"https://www.tweedekamer.nl/kamerstukken/toezeggingen/detail?id={m.group('id')}", "start": m.start(), "end": m.end()})
    for m in _URL.finditer(text):
        out.append({"raw": m.group(0), "kind": "url", "identifier": None, "url": m.group(0), "start": m.start(), "end": m.end()})
    return out


FIELDS = ("raw", "kind", "dossier", "nummer", "vergaderjaar", "kamer", "identifier", "url", "start", "end")


def find_citations(text: str) -> list[dict]:
    """Every reference in `text`, in order of appearance."""
    found = _kamerstukken(text)
    found += _without_dossier(text, [(c["start"], c["end"]) for c in found])
    found += _simple(text)
    # a Kamerstuk pattern inside a URL or a Handelingen reference is not a second citation
    spans = [(c["start"], c["end"]) for c in found if c["kind"] in ("url", "aanhangsel", "handelingen")]
    result = []
    for c in found:
        if c["kind"] in ("kamerstuk", "motie", "bnc-fiche") and any(s <= c["start"] < e and (s, e) != (c["start"], c["end"]) for s, e in spans):
            continue
        result.append({k: c.get(k) for k in FIELDS})
    result.sort(key=lambda c: (c["start"], c["end"]))
    return result
