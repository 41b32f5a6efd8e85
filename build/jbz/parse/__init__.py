"""Letter text in, table rows out (pure: no I/O, no database).

`parse_text` runs the format's normaliser, the structure parser and turns
the result into rows for the tables declared in `jbz.schema`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from .. import dates  # noqa: E402
from ..normalize import Normalized, normalize
from ..normalize.common import fold
from ..schema import TABLES
from . import checks
from .structure import Structure, parse_blocks, shared_bodies

COUNCIL = re.compile(r"JBZ-[Rr]aad|(?:Raad|ministers|bijeenkomst)\s+(?:voor\s+|van\s+)?Justitie\s+en\s+Binnenlandse\s+Zaken")
LOCATION = re.compile(r"\b(?:in|te)\s+(Brussel|Luxemburg|Luxembourg|[A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)?)\b")
DEFAULT_DOSSIER = "32317"  # the JBZ-Raad dossier this bundle covers


def title_key(title: str) -> str:
    """Fold an item title so the same EU file matches across letters."""
    folded = re.sub(r"[^\w\s]", " ", fold(title))
    words = [w for w in folded.split() if w not in ("de", "het", "een")]
    return " ".join(words)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _cover_meeting(cover: str, reference: date | None):
    """Meeting dates, place and formality as the cover letter states them
    ("… de geannoteerde agenda aan van de Raad Justitie en Binnenlandse Zaken
    (JBZ-Raad) op 12 en 13 juni in Luxemburg")."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", cover):
        if not COUNCIL.search(sentence) or not re.search(r"\b(agenda|verslag)\b", sentence, re.I):
            continue
        found = dates.find_dates(sentence, reference)
        if not found:
            continue
        first = found[0]
        loc = LOCATION.search(sentence[first.end :])
        return {
            "start": first.start_date,
            "end": first.end_date,
            "raw": first.raw,
            "location": loc.group(1) if loc else None,
            "informal": bool(re.search(r"\binformele\b", sentence, re.I)),
            "sentence": sentence,
        }
    return None


_MAIN_DOCUMENT = re.compile(
    r"\b(?:[Bb]ijlage|hoort|behorend[e]?)\s+bij\b[^.\n]{0,80}?(?:\bkst-(?P<id>\d{5}(?:-[0-9A-Z]{1,5})?-(?:\d+|[A-Z]{1,3}))\b"
    r"|(?P<a>\d{2})\s?(?P<b>\d{3}),?\s+nr\.\s*(?P<nr>\d+|[A-Z]{1,3})\b)"
)


def _annex_only(s: Structure, header: dict) -> bool:
    """An agenda or report published on its own (a bijlage): the official
    XML says so, or the text has the agenda or report but no letter before
    it (no title "Brief van …", no date line, no prose, no signature)."""
    if header.get("annex"):
        return True
    if not s.agenda_heading or header.get("title") or header.get("date_text"):
        return False
    first = next((i for i, p in enumerate(s.paragraphs) if p.part in ("agenda", "report")), len(s.paragraphs))
    return not any(p.part == "signature" or (p.part == "cover letter" and p.kind != "heading") for p in s.paragraphs[:first])


def _named_main_document(s: Structure) -> str | None:
    """The main letter an annex names above its agenda ("Bijlage bij Kamerstuk 32 317, nr. 948")."""
    for p in s.paragraphs:
        if p.part in ("agenda", "report"):
            break
        m = _MAIN_DOCUMENT.search(p.text)
        if m:
            return m.group("id") or f"kst-{m.group('a')}{m.group('b')}-{m.group('nr')}"
    return None


def _doc_kind(s: Structure, cover: str) -> str:
    if s.agenda_kind:
        return s.agenda_kind
    if re.search(r"geannoteerde agenda", cover, re.I):
        return "geannoteerde agenda"
    if re.search(r"\bverslag\b[^.]{0,80}\b(JBZ-[Rr]aad|Raad Justitie)", cover):
        return "verslag"
    return "other"


def mark_groups(items: list[dict]) -> None:
    """An item whose sub-items follow it ("12. Overige onderwerpen", then
    12a, 12b …) is a group heading, not an agenda item of its own: counts and
    charts leave it out (`is_group`), and its sub-items point to it (`group_id`)."""
    group: dict | None = None
    for item in items:
        item["is_group"] = 0
        item["group_id"] = None
        if item.get("sub") is None:
            group = item
        elif group is not None and group.get("number") == item.get("number") and group.get("section") == item.get("section"):
            group["is_group"] = 1
            item["group_id"] = group["id"]


@dataclass
class _Meeting:
    """The meeting a letter is about, as its agenda heading or cover letter says."""

    start: date | None = None
    end: date | None = None
    when: str | None = None  # the dates as written
    days: list[date] | None = None  # from the agenda heading only
    informal: bool = False
    location: str | None = None

    @property
    def id(self) -> str | None:
        return f"jbz-{self.start.isoformat()}" if self.start else None


@dataclass
class _Identity:
    """Who the letter is among the Kamerstukken."""

    letter_id: str
    dossier: str
    nummer: str | None
    url: str | None
    annex: bool
    main_document: str | None


def parse_text(text: str, source_file: str = "", sha256: str = "", norm: Normalized | None = None) -> dict[str, list[dict]]:
    """The letter's rows; `norm` is `normalize(text)` when the caller already has it."""
    norm = norm or normalize(text)
    s = parse_blocks(norm.blocks)
    issues: list[tuple[str, str]] = list(norm.problems)
    header = s.header
    for key, value in norm.meta.items():  # what a structured source states outright fills what the text leaves out
        if value and (key == "title" or key not in header):  # a marked-up title ends where its element ends
            header[key] = value
    letter_date = _letter_date(header, issues)
    meeting = _meeting(s, letter_date, issues)
    kind = _doc_kind(s, s.cover_text)
    who = _identity(s, header, kind, meeting.start, letter_date, sha256, issues)

    tables: dict[str, list[dict]] = {t.name: [] for t in TABLES}
    tables["letters"].append(_letter_row(s, header, norm, who, kind, meeting, letter_date, text, source_file, sha256))
    if meeting.id:
        tables["meetings"].append(_meeting_row(meeting))
    width = len(str(len(s.paragraphs)))
    pad = max(4, width)
    para_ids = [f"{who.letter_id}-p{i + 1:0{pad}d}" for i in range(len(s.paragraphs))]
    item_ids = [f"{who.letter_id}-{i + 1:02d}" for i in range(len(s.items))]
    tables["agenda_items"] = _item_rows(s, item_ids, who.letter_id, meeting.id, kind)
    tables["paragraphs"] = _paragraph_rows(s, para_ids, item_ids, who.letter_id)
    tables["footnotes"] = _footnote_rows(s, norm, para_ids, who.letter_id)
    for ordinal, (name, role) in enumerate(s.signatories, start=1):
        tables["signatories"].append({"letter_id": who.letter_id, "ordinal": ordinal, "name": name, "role": role})
    issues += checks.incoming_presidency(tables["paragraphs"], _iso(meeting.start))
    issues += checks.repeated_footnotes(tables["footnotes"])
    issues += checks.stray_markers({n for p in s.paragraphs for n in p.refs}, tables["footnotes"])
    for kind_, message in issues:
        tables["data_issues"].append({"id": None, "letter_id": who.letter_id, "source_file": source_file, "kind": kind_, "message": message})
    return tables


def _letter_date(header: dict, issues: list) -> date | None:
    letter_date = dates.parse_date(header["date_text"]) if header.get("date_text") else None
    if letter_date is None and header.get("date_iso"):
        letter_date = date.fromisoformat(header["date_iso"])
    if letter_date is None:
        issues.append(("missing-date", "the letter states no date (no 'Den Haag, <datum>' line)"))
    return letter_date


def _meeting(s: Structure, letter_date: date | None, issues: list) -> _Meeting:
    """The agenda heading's dates first, else the cover letter's; the place
    from the cover letter, unless its dates contradict the heading."""
    cover_meeting = _cover_meeting(s.cover_text, letter_date)
    heading_dates = dates.find_dates(s.agenda_heading, letter_date) if s.agenda_heading else []
    m = _Meeting()
    if heading_dates:
        m.start, m.end, m.when, m.days = heading_dates[0].start_date, heading_dates[0].end_date, heading_dates[0].raw, heading_dates[0].days
    elif cover_meeting:
        m.start, m.end, m.when = cover_meeting["start"], cover_meeting["end"], cover_meeting["raw"]
    if heading_dates and cover_meeting and (cover_meeting["start"], cover_meeting["end"]) != (m.start, m.end):
        issues.append(
            (
                "date-conflict",
                f"the cover letter names the meeting of {cover_meeting['raw']} but the agenda heading says "
                f"'{heading_dates[0].raw}'; the heading's dates are used",
            )
        )
    if m.start is None:
        issues.append(("missing-meeting-date", "no meeting date found in the agenda heading or the cover letter"))

    heading_informal = bool(s.agenda_heading and re.search(r"\binformele\b", s.agenda_heading, re.I))
    m.informal = heading_informal or bool(cover_meeting and cover_meeting["informal"])
    # The cover letter names the place; when its dates contradict the heading,
    # its place is not trusted either (the sentence was copied from another letter).
    dates_agree = not heading_dates or (cover_meeting and (cover_meeting["start"], cover_meeting["end"]) == (m.start, m.end))
    m.location = cover_meeting["location"] if cover_meeting and dates_agree else None
    if heading_informal and cover_meeting and not cover_meeting["informal"]:
        issues.append(
            (
                "informal-conflict",
                "the agenda heading calls the meeting informal but the cover letter announces a formal JBZ-Raad"
                + (f" in {m.location}" if m.location else "")
                + "; stored as formal",
            )
        )
        m.informal = False
    return m


def _identity(s: Structure, header: dict, kind: str, start: date | None, letter_date: date | None, sha256: str, issues: list) -> _Identity:
    """Dossier, number, id and address: the stated Kamerstuk number; an annex's
    own identifier; else an id made of the dossier, the meeting (or letter)
    date and the kind of letter."""
    dossier = header.get("dossier") or DEFAULT_DOSSIER
    nummer = header.get("nummer")
    annex = _annex_only(s, header)
    main_document = header.get("main_document") or (_named_main_document(s) if annex else None)
    if annex:
        nummer = None  # an annex has no number of its own; the one it names is its main letter's
        issues.append(("annex-only", "an agenda or report published as an annex, without its cover letter; "
                       + (f"its main document is {main_document}" if main_document else "it does not name its main document")))
    elif not header.get("dossier") and not nummer:
        issues.append(("missing-header", "the letter has no Kamerstuk header (dossier and number lines)"))
    elif not header.get("dossier"):
        issues.append(("missing-dossier", f"the letter prints its number (nr. {nummer}) but no dossier line; dossier {DEFAULT_DOSSIER} assumed"))
    if not nummer and not annex:
        issues.append(("missing-number", "the letter states no Kamerstuk number (Nr.)"))
    short_kind = {"geannoteerde agenda": "agenda", "verslag": "verslag"}.get(kind, "brief")
    url = f"https://zoek.officielebekendmakingen.nl/kst-{dossier}-{nummer}.html" if nummer else None
    if nummer:
        letter_id = f"kst-{dossier}-{nummer}"
    elif annex and header.get("identifier", "").startswith("blg-"):
        letter_id = header["identifier"]  # the annex's own official identifier
        url = f"https://zoek.officielebekendmakingen.nl/{letter_id}.html"
    elif annex:
        letter_id = f"{dossier}-{_iso(start) or _iso(letter_date) or sha256[:12]}-{short_kind}-bijlage"
    else:
        anchor = _iso(start) or _iso(letter_date) or sha256[:12]
        letter_id = f"{dossier}-{anchor}-{short_kind}"
    return _Identity(letter_id, dossier, nummer, url, annex, main_document)


def _letter_row(s: Structure, header: dict, norm: Normalized, who: _Identity, kind: str, meeting: _Meeting, letter_date: date | None,
                text: str, source_file: str, sha256: str) -> dict:
    # a letter without its header gets a descriptive title ("Geannoteerde agenda JBZ-Raad 13 en 14 juni 2024"),
    # not its agenda heading, which may contradict what was found ("informele bijeenkomst" of a formal Council)
    when = meeting.when
    built = f"{kind[:1].upper()}{kind[1:]} {'informele ' if meeting.informal else ''}JBZ-Raad {when}" if kind != "other" and when else None
    kamer = header.get("kamer")
    if kamer is None:
        m = re.search(r"\b(Tweede|Eerste) Kamer\b", s.cover_text)
        kamer = f"{m.group(1)} Kamer" if m else None
    return {
        "id": who.letter_id,
        "kamer": kamer,
        "dossier": who.dossier,
        "nummer": who.nummer,
        "nummer_source": "stated" if who.nummer else None,
        "vergaderjaar": header.get("vergaderjaar"),
        "letter_date": _iso(letter_date),
        "year": letter_date.year if letter_date else None,
        "year_month": letter_date.strftime("%Y-%m") if letter_date else None,
        "doc_kind": kind,
        "meeting_id": meeting.id,
        "title": header.get("title") or built or s.agenda_heading or "Brief over de JBZ-Raad",
        "url": who.url,
        "annex_only": 1 if who.annex else 0,
        "main_document": who.main_document,
        "signatory_names": json.dumps([name for name, _ in s.signatories], ensure_ascii=False),
        "source_file": source_file,
        "source_sha256": sha256,
        "source_format": norm.format,
        "text": text,
    }


def _meeting_row(m: _Meeting) -> dict:
    return {
        "id": m.id,
        "start_date": _iso(m.start),
        "end_date": _iso(m.end or m.start),
        "year": m.start.year,
        "year_month": m.start.strftime("%Y-%m"),
        "location": m.location,
        "informal": 1 if m.informal else 0,
        "days": json.dumps([d.isoformat() for d in m.days]) if m.days is not None else None,
    }


def _item_rows(s: Structure, item_ids: list[str], letter_id: str, meeting_id: str | None, kind: str) -> list[dict]:
    # A sub-item without a body of its own carries the body it shares with
    # the sibling below it (whose paragraphs they stay).
    owners = shared_bodies([(item.number, item.sub, bool(item.paragraphs)) for item in s.items])
    rows = []
    for ordinal, item in enumerate(s.items, start=1):
        body_item = s.items[owners.get(ordinal - 1, ordinal - 1)]
        body = "\n\n".join(s.paragraphs[p].text for p in body_item.paragraphs)
        rows.append(
            {
                "id": item_ids[ordinal - 1],
                "letter_id": letter_id,
                "meeting_id": meeting_id,
                "doc_kind": kind,
                "section": item.section,
                "number": item.number,
                "sub": item.sub,
                "title": item.title,
                "title_key": title_key(item.title),
                "decision_raw": item.decision_raw if kind != "verslag" else None,
                "decision_type": item.decision_type if kind != "verslag" else None,
                "ordinal": ordinal,
                "body_item_id": item_ids[owners[ordinal - 1]] if ordinal - 1 in owners else None,
                "text": body,  # read by the positions and EU-file steps; not stored (see the view agenda_item_texts)
            }
        )
    mark_groups(rows)
    return rows


def _paragraph_rows(s: Structure, para_ids: list[str], item_ids: list[str], letter_id: str) -> list[dict]:
    return [
        {
            "id": para_ids[ordinal - 1],
            "letter_id": letter_id,
            "agenda_item_id": item_ids[para.item] if para.item is not None else None,
            "part": para.part,
            "kind": para.kind,
            "heading": para.heading,
            "ordinal": ordinal,
            "text": para.text,
            **({"_links": para.links} if para.links else {}),  # marked references, for the linking step
        }
        for ordinal, para in enumerate(s.paragraphs, start=1)
    ]


def _footnote_rows(s: Structure, norm: Normalized, para_ids: list[str], letter_id: str) -> list[dict]:
    """Each footnote with the first paragraph that marks it."""
    footnote_paragraph: dict[int, str] = {}
    for pid, para in zip(para_ids, s.paragraphs):
        for n in para.refs:
            footnote_paragraph.setdefault(n, pid)
    fpad = max(2, len(str(max(norm.footnotes, default=0))))
    return [
        {
            "id": f"{letter_id}-fn{number:0{fpad}d}",
            "letter_id": letter_id,
            "number": number,
            "text": norm.footnotes[number],
            "paragraph_id": footnote_paragraph.get(number),
            **({"_links": norm.footnote_links[number]} if number in norm.footnote_links else {}),
        }
        for number in sorted(norm.footnotes)
    ]
