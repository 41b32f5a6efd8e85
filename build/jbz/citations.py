"""References in a text: Kamerstukken, motions, Handelingen, BNC-fiches,
Commission documents, CELEX numbers, Council documents, EU acts, commitment
(toezegging) numbers and URLs.

`find_citations(text)` is pure: text in, one dict per reference out, with
the parsed fields and an official URL where one can be built. The patterns
follow how the letters write references, which varies a lot:
"Kamerstuk II 2024-2025, 32 317, nr. 890", "*Kamerstukken II* 2025/26,
22112, nr. 4320", "Tweede Kamer, vergaderjaar 2025–2026, 21 501-20, nr. 2306",
"Kamerstukken II, 2023-24, geannoteerde agenda JBZ-Raad 4-5 maart 2024,
32 317, nr. 872", "32 317, nr. 867 en 3 2317, nr. 869", "36 410 VI, nr. 79".
"""

from __future__ import annotations

import re

from . import prefilter

OB = "https://zoek.officielebekendmakingen.nl"
EURLEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri="
CONSILIUM = "https://data.consilium.europa.eu/doc/document"

FIELDS = ("raw", "kind", "dossier", "nummer", "vergaderjaar", "kamer", "identifier", "url", "start", "end")

# A dossier number: five digits, single spaces allowed ("32 317", "3 2317"),
# optionally a suffix ("21501-20", "36410-VI", "36 410 VI"); then its number
# ("nr. 948", "nr. QF", "nr. 1-4"). The first digit comes before the check on the character before it
# ("\d(?<![\d/.]\d)" reads the same character as "(?<![\d/.])\d"), so the engine tries only digits.
_DOSSIER_NR = re.compile(
    r"(?P<dossier>\d(?<![\d/.]\d)(?:\s?\d){4}(?!\d))"
    r"(?P<suffix>\s?-\s?(?:[IVXL]{1,5}|[A-Z]{1,2}|\d{1,3})(?!\w)|\s(?:[IVXL]{1,5}|[A-Z])(?=\s*,?\s*nr))?"
    r"(?:\s*,?\s*nr\.?\s*(?P<nummer>\d+(?:\s?[-–]\s?\d+)?|[A-Z]{1,3})(?!\w)|\s*,\s*(?P<letters>[A-Z]{1,3})(?![\w-]))"
)
# Words that open a reference; the reference is read from the first of them.
_ANCHOR = re.compile(r"\b(?:[Kk]amerstuk(?:ken)?|Tweede Kamer|Eerste Kamer|Kamerbrief|TK|EK)\b")
# Where a reference cannot start before: a sentence end, an opening bracket, a semicolon.
_BOUNDARY = re.compile(r"[.!?;]\s+(?=[A-Z(])|[(;]")
_YEAR = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)?\d{2})(?!\d)")
_KAMER = re.compile(
    r"\b(?:[Kk]amerstuk(?:ken)?|Handelingen|Aanhangsel\s+Handelingen)\s*\*?\s*(?P<k>II|I)\b"
    r"|\b(?P<name>Tweede|Eerste)\s+Kamer\b|\b(?P<abbr>TK|EK)\b"
)
_VJ = r"(?P<year>(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2})"
_AANHANGSEL = re.compile(
    r"\bAanhangsel\s+(?:van\s+de\s+)?Handelingen\s*(?P<k>II|I)?\b,?\s*(?:vergaderjaar\s*)?" + _VJ + r"?,?\s*nr\.?\s*(?P<nr>\d+)"
)
_HANDELINGEN = re.compile(
    r"\bHandelingen\s*(?P<k>II|I)?\b,?\s*(?:vergaderjaar\s*)?" + _VJ + r"?,?\s*(?:nr\.?\s*(?P<nr>\d+)(?:,\s*item\s*(?P<item>\d+))?|(?P<nr2>\d+),\s*item\s*(?P<item2>\d+))"
)
_NO_DOSSIER = re.compile(
    r"\b[Kk]amerstuk(?:ken)?\s*\*?\s*(?P<k>II|I)?\b\*?,?\s*(?:vergaderjaar\s*)?(?P<a>(?:19|20)\d{2})\s*[-–/]\s*(?P<b>(?:19|20)?\d{2}),?"
    r"\s*nr\.\s*(?P<nr>\d+)(?!\s*[,.]?\s*\d)"
)
_COM = re.compile(r"\bCOM\s?\(\s?(?P<year>(?:19|20)\d{2})\s?\)\s?(?P<num>\d{1,4})(?:\s*(?P<final>final|def\.?|definitief))?", re.I)
_CELEX = re.compile(r"\bCELEX(?:%3A|:|\s)\s?(?P<id>[0-9E]\d{4}[A-Z]{1,2}\d{4}(?:\(\d+\))?)")
_COUNCIL = re.compile(r"\bST[\s-](?P<num>\d{4,5})[\s/-](?P<year>\d{2,4})[\s-](?P<suffix>INIT|REV\s?\d+|ADD\s?\d+|COR\s?\d+)\b")
_ACT_TYPE = r"Gedelegeerde\s+verordening|Uitvoeringsverordening|Uitvoeringsbesluit|Kaderbesluit|Verordening|Richtlijn|Besluit"
# "Verordening (EU) 2024/1351", "Verordening (EG) nr. 862/2007", "verordening 904/2010"
_ACT = re.compile(
    rf"\b(?P<type>{_ACT_TYPE})\s*(?:\((?P<org>EU|EG|EEG|Euratom|EU,\s*Euratom)\)\s*)?(?P<nr>nr\.?\s*)?"
    r"(?P<a>\d{1,4})/(?P<b>\d{1,4})(?!\d|/\s?(?:EU|EG|EEG|JBZ)\b)",
    re.I,
)
# "Richtlijn 2013/33/EU", "Kaderbesluit 2008/841/JBZ", "Besluit nr. 1313/2013/EU"
_ACT_SUFFIXED = re.compile(
    rf"\b(?P<type>{_ACT_TYPE})\s+(?:\((?:EU|EG|EEG)\)\s*)?(?P<nr>[Nn]r\.?\s*)?(?P<a>\d{{1,4}})/(?P<b>\d{{1,4}})/(?P<org>EU|EG|EEG|JBZ)\b",
    re.I,
)
# "… op humanitaire gronden (EU) 2024/1350": the act's type stands in a word before it
_ACT_BARE = re.compile(r"(?<![\w)])\((?P<org>EU|EG|EEG)\)\s*(?P<nr>nr\.?\s*)?(?P<a>\d{1,4})/(?P<b>\d{1,4})(?!\d|/)")
# "Aanbeveling (EU) 2024/268", "Aanbevelingen van de Europese Commissie, 2024/268, van 23 november 2023"
_RECOMMENDATION = re.compile(
    r"\bAanbeveling(?:en)?\s+(?:\((?P<org>EU)\)\s*)?(?:van\s+de\s+(?:Europese\s+)?Commissie\s*,?\s*(?:\(EU\)\s*)?)?"
    r"(?P<a>(?:19|20)\d{2})/(?P<b>\d{1,4})(?![\d/])",
    re.I,
)
_TZ = re.compile(r"\b(?P<id>TZ\d{6}-\d{1,4})\b")
# a URL ends at white space, a quote or bracket, or where a second URL glued to it starts
_URL = re.compile(r"https?://(?:(?!https?://)[^\s<>\"'\]])*(?:(?!https?://)[^\s<>\"'\].,;:)])")

_ACT_LETTER = {"verordening": "R", "uitvoeringsverordening": "R", "gedelegeerde verordening": "R", "richtlijn": "L", "besluit": "D", "uitvoeringsbesluit": "D", "kaderbesluit": "F"}
# Kinds of Commission (COM) documents, from the words before the number: proposals are `PC`, communications and reports `DC`.
_COM_PROPOSAL = re.compile(r"\b(?:voorstel|proposal)", re.I)
_COM_COMMUNICATION = re.compile(r"\b(?:mededeling|communication|verslag|rapport|report|actieplan|action\s+plan|strategie|strategy|witboek|groenboek)", re.I)
# A 22112 Kamerstuk is a BNC-fiche unless the reference names another kind of document.
OTHER_DOCUMENT = re.compile(r"\b(?:non-papers?|brief|kamerbrief|verslag|appreciatie|kwartaaloverzicht|jaarverslag)\b", re.I)
BNC_DOSSIER = "22112"


def normalise_year(a: str, b: str) -> str:
    """'2024-25', '2024/2025', '2024 – 2025' → '2024-2025'."""
    if len(b) == 2:
        b = a[:2] + b
    return f"{a}-{b}"


def kst_url(dossier: str | None, nummer: str | None) -> str | None:
    if not dossier or not nummer or not re.fullmatch(r"\d+|[A-Z]{1,3}", nummer):
        return None
    return f"{OB}/kst-{dossier}-{nummer}.html"


def _kamer(window: str) -> str | None:
    found = None
    for m in _KAMER.finditer(window):
        if m.group("k"):
            found = "Tweede Kamer" if m.group("k") == "II" else "Eerste Kamer"
        elif m.group("name"):
            found = f"{m.group('name')} Kamer"
        else:
            found = "Tweede Kamer" if m.group("abbr") == "TK" else "Eerste Kamer"
    return found


def _vergaderjaar(text: str, consecutive: bool) -> str | None:
    """The last parliamentary year in `text`. Outside the reference itself only
    consecutive years count ("2024-2025"), so a period like "2026-2029" is not taken."""
    years = [normalise_year(y.group("a"), y.group("b")) for y in _YEAR.finditer(text)]
    if consecutive:
        years = [y for y in years if int(y[5:]) == int(y[:4]) + 1]
    return years[-1] if years else None


def _kamerstukken(text: str) -> list[dict]:
    out: list[dict] = []
    previous_end = 0
    for m in _DOSSIER_NR.finditer(text):
        dossier = re.sub(r"\s", "", m.group("dossier"))
        suffix = re.sub(r"[\s-]", "", m.group("suffix") or "")
        full_dossier = dossier + (f"-{suffix}" if suffix else "")
        nummer = re.sub(r"\s", "", m.group("nummer") or m.group("letters")).replace("–", "-")
        floor = max(previous_end, m.start() - 220)
        for b in _BOUNDARY.finditer(text, floor, m.start()):
            floor = b.end()
        anchors = list(_ANCHOR.finditer(text, floor, m.start()))
        raw_start = anchors[0].start() if anchors else m.start()
        own = text[raw_start : m.start()]
        window = text[floor : m.start()]
        vergaderjaar = _vergaderjaar(own, consecutive=False) or _vergaderjaar(window, consecutive=True)
        kamer = _kamer(own) or _kamer(window)
        if m.group("letters") and kamer != "Eerste Kamer":
            continue  # only the Eerste Kamer numbers its documents with letters and may leave out "nr.": "36 045, B"
        previous = out[-1] if out else None
        gap = text[previous_end : m.start()] if previous else ""
        # "… nr. 867 en 3 2317, nr. 869", "moties Van Raan c.s., Kamerstukken II …, Van Ginneken c.s. Kamerstukken II …"
        continues = previous is not None and not anchors and len(gap) < 80 and not re.search(r"[.;]\s", gap)
        continues_motions = previous is not None and previous["kind"] == "motie" and re.search(r"c\.s\.", gap) and len(gap) < 120
        kind = "kamerstuk"
        if re.search(r"\b[Mm]oties?\b", window):  # "motie van het lid Diederik van Dijk, Kamerstuk 19637, nr. 3285"
            kind = "motie"
        elif (continues or continues_motions) and previous["kind"] == "motie":
            kind = "motie"
        elif not OTHER_DOCUMENT.search(window) and (dossier == BNC_DOSSIER or re.search(r"fiche\b", text[max(previous_end, floor - 60) : m.start()], re.I)):
            kind = "bnc-fiche"  # "Fiche 2: Verordening EU-reisapplicatie (Kamerstuk 22 112, nr. 3982)"
        if continues or continues_motions:
            vergaderjaar = vergaderjaar or previous["vergaderjaar"]
            kamer = kamer or previous["kamer"]
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


def _without_dossier(text: str, taken: list[tuple[int, int]]) -> list[dict]:
    """"Kamerstukken II, 2024-2025, nr. 1474": a reference whose dossier the letter left out."""
    out = []
    for m in prefilter.finditer(_NO_DOSSIER, text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        kamer = {"II": "Tweede Kamer", "I": "Eerste Kamer"}.get(m.group("k") or "")
        out.append({"raw": m.group(0), "kind": "kamerstuk", "dossier": None, "nummer": m.group("nr"),
                    "vergaderjaar": normalise_year(m.group("a"), m.group("b")), "kamer": kamer, "identifier": None, "url": None,
                    "start": m.start(), "end": m.end()})
    return out


def _handelingen(text: str) -> list[dict]:
    out = []
    for kind, pattern, prefix in (("aanhangsel", _AANHANGSEL, "ah"), ("handelingen", _HANDELINGEN, "h")):
        for m in prefilter.finditer(pattern, text):
            if kind == "handelingen" and re.search(r"Aanhangsel\s+(?:van\s+de\s+)?$", text[max(0, m.start() - 20) : m.start()]):
                continue
            k = m.group("k") or "II"
            year = m.group("year")
            verg = normalise_year(*re.split(r"\s*[-–/]\s*", year)) if year else None
            chamber = "tk" if k == "II" else "ek"
            nr = m.group("nr") or (m.group("nr2") if kind == "handelingen" else None)
            item_nr = (m.group("item") or m.group("item2")) if kind == "handelingen" else None
            item = f"-{item_nr}" if item_nr else ""
            ident = f"{prefix}-{chamber}-{(verg or '').replace('-', '')}-{nr}{item}"
            out.append({"raw": m.group(0), "kind": kind, "nummer": nr, "vergaderjaar": verg,
                        "kamer": "Tweede Kamer" if k == "II" else "Eerste Kamer", "identifier": ident,
                        "url": f"{OB}/{ident}.html" if verg else None, "start": m.start(), "end": m.end()})
    return out


def com_url(year: str, num: int, context: str) -> str:
    """EUR-Lex address of a COM document: by CELEX number when the words before
    it say whether it is a proposal (`5<year>PC<nnnn>`) or a communication or
    report (`…DC…`), otherwise by its COM number."""
    proposal = [m.end() for m in _COM_PROPOSAL.finditer(context)]
    communication = [m.end() for m in _COM_COMMUNICATION.finditer(context)]
    if proposal or communication:
        sector = "PC" if max(proposal, default=-1) > max(communication, default=-1) else "DC"
        return f"{EURLEX}CELEX:5{year}{sector}{num:04d}"
    return f"{EURLEX}COM:{year}:{num}:FIN"


def _year_number(a: str, b: str, numbered: bool) -> tuple[str, int] | None:
    """Acts are numbered `year/number` since 2015 and `number/year` before
    ("nr." then always precedes the number)."""
    def is_year(x: str) -> bool:
        return len(x) == 4 and 1950 <= int(x) <= 2099

    if numbered or not is_year(a):
        year, num = b, a
    else:
        year, num = a, b
    if not is_year(year):
        return None
    return year, int(num)


def _act_type_before(text: str, start: int) -> str | None:
    """The kind of act a bare "(EU) 2024/1350" is: the last word naming one just before it."""
    words = re.findall(r"[\w-]+", text[max(0, start - 160) : start])
    for word in reversed(words[-12:]):
        w = word.lower()
        for suffix, typ in (("uitvoeringsverordening", "uitvoeringsverordening"), ("verordening", "verordening"), ("richtlijn", "richtlijn"),
                            ("kaderbesluit", "kaderbesluit"), ("uitvoeringsbesluit", "uitvoeringsbesluit"), ("besluit", "besluit")):
            if w.endswith(suffix):
                return typ
    return None


def _eu_documents(text: str) -> list[dict]:
    out = []
    for m in prefilter.finditer(_COM, text):
        year, num = m.group("year"), int(m.group("num"))
        out.append({"raw": m.group(0), "kind": "com", "identifier": f"COM({year}) {num}",
                    "url": com_url(year, num, text[max(0, m.start() - 200) : m.start()]), "start": m.start(), "end": m.end()})
    for m in prefilter.finditer(_CELEX, text):
        out.append({"raw": m.group(0), "kind": "celex", "identifier": m.group("id"), "url": f"{EURLEX}CELEX:{m.group('id')}",
                    "start": m.start(), "end": m.end()})
    for m in prefilter.finditer(_COUNCIL, text):
        year = m.group("year")
        year = year if len(year) == 4 else f"20{year}"
        suffix = re.sub(r"\s", "", m.group("suffix"))
        ident = f"ST-{m.group('num')}-{year}-{suffix}"
        out.append({"raw": m.group(0), "kind": "council-doc", "identifier": ident, "url": f"{CONSILIUM}/{ident}/nl/pdf",
                    "start": m.start(), "end": m.end()})
    taken: list[tuple[int, int]] = []
    for m in prefilter.finditer(_RECOMMENDATION, text):
        year, num = m.group("a"), int(m.group("b"))
        out.append({"raw": m.group(0), "kind": "eu-act", "identifier": f"Aanbeveling (EU) {year}/{num}",
                    "url": f"{EURLEX}CELEX:3{year}H{num:04d}", "start": m.start(), "end": m.end()})
        taken.append((m.start(), m.end()))
    for pattern in (_ACT_SUFFIXED, _ACT, _ACT_BARE):
        for m in prefilter.finditer(pattern, text):
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
                continue
            parsed = _year_number(m.group("a"), m.group("b"), bool(m.group("nr")))
            if parsed is None:
                continue
            year, num = parsed
            typ_written = m.group("type") if pattern is not _ACT_BARE else None
            typ = re.sub(r"\s+", " ", typ_written).lower() if typ_written else _act_type_before(text, m.start())
            org = re.sub(r"\s+", "", m.group("org") or "")
            if pattern is _ACT_SUFFIXED:
                ident = f"{typ_written[0].upper()}{typ_written[1:]} {m.group('a')}/{m.group('b')}/{org}"
            elif typ:
                ident = f"{typ[0].upper()}{typ[1:]} ({org or ('EU' if int(year) >= 2010 else 'EG')}) " + (f"{year}/{num}" if int(year) >= 2015 else f"nr. {num}/{year}")
            else:
                ident = f"({org}) {year}/{num}"
            url = f"{EURLEX}CELEX:3{year}{_ACT_LETTER[typ]}{num:04d}" if typ else None
            out.append({"raw": m.group(0), "kind": "eu-act", "identifier": ident, "url": url, "start": m.start(), "end": m.end()})
            taken.append((m.start(), m.end()))
    return out


def _commitments_and_urls(text: str) -> list[dict]:
    out = []
    for m in prefilter.finditer(_TZ, text):
        out.append({"raw": m.group(0), "kind": "toezegging", "identifier": m.group("id"),
                    "url": f"https://www.tweedekamer.nl/kamerstukken/toezeggingen/detail?id={m.group('id')}", "start": m.start(), "end": m.end()})
    for m in prefilter.finditer(_URL, text):
        out.append({"raw": m.group(0), "kind": "url", "identifier": None, "url": m.group(0), "start": m.start(), "end": m.end()})
    return out


_DIGIT = re.compile(r"\d")


def find_citations(text: str) -> list[dict]:
    """Every reference in `text`, in order of appearance: dicts with FIELDS.
    Every pattern but the URL's needs a digit (a number, a year), and half the
    texts hold none: there only URLs are looked for."""
    if _DIGIT.search(text) is None:
        found = _commitments_and_urls(text)
    else:
        found = _kamerstukken(text)
        found += _without_dossier(text, [(c["start"], c["end"]) for c in found])
        found += _handelingen(text) + _eu_documents(text) + _commitments_and_urls(text)
    if not found:
        return found  # most texts
    # a Kamerstuk pattern inside a URL or a Handelingen reference is not a second citation
    spans = [(c["start"], c["end"]) for c in found if c["kind"] in ("url", "aanhangsel", "handelingen")]
    kept = []
    for c in found:
        if c["kind"] in ("kamerstuk", "motie", "bnc-fiche") and any(s <= c["start"] < e and (s, e) != (c["start"], c["end"]) for s, e in spans):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c["start"], c["end"]))
    return _one_row_per_reference(kept)


def _one_row_per_reference(found: list[dict]) -> list[dict]:
    """A document named inside a URL ("…?uri=CELEX%3A52024DC0173") is that
    URL's identifier, not a second reference; a reference printed twice in the
    same text (a PDF prints a link once per line of its anchor) is one.
    `found` is sorted by start; URLs never overlap, so one pass does."""
    rows: list[dict] = []
    host: dict | None = None
    for c in found:
        if host is not None and c["start"] < host["end"] and c is not host:
            if host["kind"] == "url" and host.get("identifier") is None:
                host.update(kind=c["kind"], identifier=c["identifier"], url=c["url"])  # raw keeps the printed URL
            continue
        if c["kind"] == "url":
            host = c
        rows.append(c)
    result: list[dict] = []
    seen: set[tuple] = set()
    for c in rows:
        key = (c["kind"], c.get("identifier") or c.get("url") or re.sub(r"\s", "", c["raw"]), c.get("nummer"), c.get("dossier"))
        if key in seen:
            continue
        seen.add(key)
        result.append({k: c.get(k) for k in FIELDS})
    return result


# --- references the source marks with their target (official XML `extref`) ------

_KST_TARGET = re.compile(r"^kst-(?P<dossier>\d{5}(?:-[0-9A-Z]{1,5})?)-(?P<nummer>\d+|[A-Z]{1,3})(?:-n\d+)?$")
_OFFICIAL_TARGET = re.compile(r"^(?:h|ah|stcrt|stb|trb|blg|kv|nds)-[\w-]+$")


def target_fields(soort: str, doc: str) -> dict | None:
    """What a marked target says outright: `kst-36800-XIV-80` is a Kamerstuk
    (dossier, number, official URL), `h-tk-…`/`ah-tk-…` Handelingen, other
    official identifiers a publication URL, `soort="URL"` a web address.
    None for a target this project cannot read (the text is still searched)."""
    doc = (doc or "").strip()
    if (soort or "").lower() == "url" or re.match(r"https?://", doc):
        return {"kind": "url", "identifier": None, "url": doc} if re.match(r"https?://\S+$", doc) else None
    m = _KST_TARGET.match(doc)
    if m:
        return {"kind": "kamerstuk", "dossier": m.group("dossier"), "nummer": m.group("nummer"),
                "identifier": f"kst-{m.group('dossier')}-{m.group('nummer')}", "url": kst_url(m.group("dossier"), m.group("nummer"))}
    if _OFFICIAL_TARGET.match(doc):
        kind = {"h": "handelingen", "ah": "aanhangsel"}.get(doc.split("-", 1)[0], "url")
        return {"kind": kind, "identifier": doc, "url": f"{OB}/{doc}.html"}
    return None


def apply_targets(text: str, found: list[dict], links: list[tuple[int, int, str, str]]) -> list[dict]:
    """Citations of `text` with the source's marked targets taken as given:
    a reference the words give too gets the target's identifier, dossier,
    number and URL (its kind, year and chamber still come from the words);
    a marked reference the words do not give becomes a citation of its own."""
    out = [dict(c) for c in found]
    for start, end, soort, doc in links:
        target = target_fields(soort, doc)
        if target is None:
            continue
        family = ("kamerstuk", "motie", "bnc-fiche") if target["kind"] == "kamerstuk" else (target["kind"],)
        overlapping = [c for c in out if c["start"] < end and start < c["end"]]
        hits = [c for c in overlapping if c["kind"] in family]
        if len(hits) == 1:
            hits[0].update({k: v for k, v in target.items() if k != "kind"})
        elif not hits and not (target["kind"] == "url" and (overlapping or any(c["raw"] == text[start:end] for c in out))):
            # a link to a document the words name more precisely (COM, Council document), or printed twice, adds nothing
            row = {k: None for k in FIELDS}
            row.update(target, raw=text[start:end], start=start, end=end)
            out.append(row)
    out.sort(key=lambda c: (c["start"], c["end"]))
    return out
