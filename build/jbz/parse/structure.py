"""Blocks in, letter structure out: header, cover letter, signatures, the
agenda or report with its sections and items, attachments.

One pass over the normalised blocks with a small state machine; every block
ends up in exactly one `Paragraph`, so nothing of the text is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import Block
from ..normalize.common import ends_sentence
from . import decisions

ROMAN = r"(?:I{1,3}|IV|VI{0,3})"
SECTION_NAMES = {
    "justitie": "Justitie",
    "justitie en veiligheid": "Justitie",
    "binnenlandse zaken": "Binnenlandse Zaken",
    "binnenlandse zaken en migratie": "Binnenlandse Zaken",
    "gemengd comité": "Gemengd Comité",
}
SECTION = re.compile(rf"^(?:({ROMAN})\s*[.)]?\s+|[A-D]\.\s+)?(Justitie(?: en Veiligheid)?|Binnenlandse Zaken(?: en Migratie)?|Gemengd Comité)\s*[:.]?$", re.I)
ITEM = re.compile(r"^(\d{1,2})\s?[.)]\s+(\S.*)$")
NUMBERED_SUBITEM = re.compile(r"^(\d{1,2})([a-z])\s?[.)]\s+(\S.*)$")  # "3a. Titel"
SUBITEM = re.compile(r"^\(?([a-z])\s?(?:\.\)|\)\.|[.)])\s+(\S.*)$")
AGENDA_HEAD = re.compile(
    r"^(?P<kind>Geannoteerde\s+agenda|Verslag)\b(?!\s+van\s+(?:het|een)\b)(?!\s+van\s+de\s+(?:Commissie|commissie)\b)"
    r".{0,60}?\b(?P<what>bijeenkomst|vergadering|JBZ|Raad|Justitie)",
    re.I,
)
ROLE = re.compile(r"^(?:De|Het)\s+(?:[Mm]inister(?:-president)?|[Ss]taatssecretaris)\b[^.]{0,110}?,?$")
ATTACHMENT_HEAD = re.compile(
    r"^(?:Bijlagen?|BIJLAGEN?|Annex|ANNEX|Reactie op|Kabinetsreactie|Kabinetsappreciatie (?:van|op)|Onderbouwing|Kwartaaloverzicht)\b"
)
HEADER_START = re.compile(
    r"^(?:\d{2}\s?\d{3}\b|Vergaderjaar\b|Nr\.\s|Brief van|BRIEF VAN|Aan de [Vv]oorzitter|Den Haag,|Hierbij)"
)


@dataclass
class Paragraph:
    part: str
    kind: str
    text: str
    refs: list[int] = field(default_factory=list)
    heading: str | None = None
    item: int | None = None  # index into Structure.items
    links: list[tuple[int, int, str, str]] = field(default_factory=list)  # marked references (Block.links)
    section: str | None = None


@dataclass
class Item:
    section: str | None
    number: str | None
    sub: str | None
    title: str
    decision_raw: str | None = None
    decision_type: str | None = None
    paragraphs: list[int] = field(default_factory=list)  # body paragraph indexes
    title_paragraph: int | None = None


@dataclass
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    signatories: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    agenda_heading: str | None = None
    agenda_kind: str | None = None  # "geannoteerde agenda" / "verslag"
    cover_text: str = ""


def _is_heading_like(block: Block, following: Block | None, limit: int = 160) -> bool:
    text = block.text
    if block.emphasis and len(text) < 300:
        return True
    if len(text) > limit or block.bullet or following is None:
        return False
    if ends_sentence(text) and not text.rstrip().endswith(":"):
        return False
    if text.rstrip().endswith(","):
        return False
    return True


_ASCII_LOWER = re.compile("[a-z]")


def _is_all_caps(text: str) -> bool:
    if _ASCII_LOWER.search(text):
        return False  # a lower-case letter (the common case, found without looking at every character)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters) and len(text.split()) >= 2


def _is_name(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 60 or ROLE.match(t) or t.endswith(":"):
        return False
    if ends_sentence(t) and not re.search(r"\b[A-Z]\.$", t):
        return False
    words = t.split()
    return 1 <= len(words) <= 7 and t[0].isupper()


def _starts_items(blocks: list[Block], j: int) -> bool:
    """Does item number 1 follow within the next few blocks?"""
    for block in blocks[j : j + 3]:
        m = ITEM.match(block.text)
        if m:
            return m.group(1) == "1"
    return False


def _find_header_end(blocks: list[Block], start: int) -> int:
    """Index of the last header block (Den Haag, <date>), or start-1."""
    for i in range(start, min(len(blocks), start + 14)):
        text = blocks[i].text
        if text.startswith("Den Haag,"):
            return i
        if text.startswith("Hierbij") or len(text) > 300 or AGENDA_HEAD.match(text):
            return i - 1
    return start - 1


def _parse_header(blocks: list[Block], start: int, end: int, pre: list[Block]) -> dict[str, str]:
    header: dict[str, str] = {}
    title_parts: list[str] = []
    in_title = False
    for block in pre + blocks[start : end + 1]:
        text = block.text.strip()
        m = re.match(r"^Vergaderjaar\s+(\d{4})\s*[-–/]\s*(\d{2,4})", text)
        if m:
            header["vergaderjaar"] = f"{m.group(1)}-{m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)}"
        m = re.match(r"^(\d{2})\s?(\d{3})(?:\b|\s)(.*)$", text)
        if m and "dossier" not in header:
            header["dossier"] = m.group(1) + m.group(2)
            rest = m.group(3).strip()
            if rest:
                header["dossier_title"] = rest
            continue
        m = re.search(r"\bKamerstuk(?:ken)?\s+(?:I{1,2}\s+)?(?:\d{4}[-/]\d{2,4},?\s+)?(\d{2})\s?(\d{3}),?\s+nr\.\s*(\d+|[A-Z]{1,3})\b", text)
        if m and block in pre:
            header.setdefault("dossier", m.group(1) + m.group(2))
            header.setdefault("nummer", m.group(3))
            continue
        m = re.match(r"^Nr\.\s*(\d+|[A-Z]{1,3})\b\s*(.*)$", text)
        if m:
            header["nummer"] = m.group(1)
            text = m.group(2).strip()
            if not text:
                continue
        if re.fullmatch(r"[A-Z]{1,3}", text) and "nummer" not in header and block not in pre:
            header["nummer"] = text
            continue
        if re.match(r"^(Brief van|BRIEF VAN)\b", text):
            in_title = True
        if text.startswith("Aan de") and re.search(r"[Vv]oorzitter", text):
            in_title = False
            m = re.search(r"\b(Tweede|Eerste) Kamer\b", text)
            if m:
                header["kamer"] = f"{m.group(1)} Kamer"
            continue
        if text.startswith("Den Haag,"):
            in_title = False
            header["date_text"] = text[len("Den Haag,") :].strip()
            continue
        if in_title:
            title_parts.append(text)
        elif text == "JBZ-Raad" or text.lower().startswith("jbz-raad"):
            header.setdefault("dossier_title", text)
    if title_parts:
        header["title"] = re.sub(r"\s+", " ", " ".join(title_parts)).strip()
    return header


def parse_blocks(blocks: list[Block]) -> Structure:
    s = Structure()
    # Where the letter proper starts: text copied from a website has the
    # site's own header lines before it.
    start = None
    for i, block in enumerate(blocks[:60]):
        if HEADER_START.match(block.text):
            start = i
            break
    pre = blocks[: start or 0]
    # no header line at all (an annex published on its own): no header
    header_end = _find_header_end(blocks, start) if start is not None else -1
    start = start or 0
    s.header = _parse_header(blocks, start, header_end, pre)
    for block in blocks[: header_end + 1]:
        s.paragraphs.append(Paragraph(part="header", kind="paragraph", text=block.text, refs=list(block.refs), links=list(block.links)))

    state = "cover"
    heading: str | None = None
    section: str | None = None
    current: int | None = None  # current item index
    parent: int | None = None  # current numbered item (for sub-items)
    title_open = False  # the current item's title may still continue
    last_number = 0
    section_base = 0
    last_sub = ""
    cover_parts: list[str] = []
    i = header_end + 1
    n = len(blocks)

    def add(part: str, kind: str, block: Block, item: int | None = None, text: str | None = None) -> int:
        s.paragraphs.append(
            Paragraph(
                part=part, kind=kind, text=text if text is not None else block.text, refs=list(block.refs),
                heading=heading, item=item, section=section if state == "agenda" else None, links=list(block.links),
            )
        )
        return len(s.paragraphs) - 1

    def new_item(number: str | None, sub: str | None, title: str, block: Block) -> int:
        nonlocal current, title_open, heading
        s.items.append(Item(section=section, number=number, sub=sub, title=title))
        current = len(s.items) - 1
        label = f"{number or ''}{sub or ''}. {title}" if number or sub else title
        p = add(part_for_agenda(), "heading", block, item=current)
        s.items[current].title_paragraph = p
        heading = label
        title_open = True
        return current

    def part_for_agenda() -> str:
        return "report" if s.agenda_kind == "verslag" else "agenda"

    def next_block(j: int) -> Block | None:
        return blocks[j + 1] if j + 1 < n else None

    while i < n:
        block = blocks[i]
        text = block.text
        following = next_block(i)

        # Signatures: role line followed by a name, anywhere outside attachments.
        if state != "attachment" and ROLE.match(text) and following is not None and _is_name(following.text):
            j = i
            while j + 1 < n and ROLE.match(blocks[j].text) and _is_name(blocks[j + 1].text):
                role = blocks[j].text.rstrip(" ,")
                name = blocks[j + 1].text.strip()
                s.signatories.append((name, role))
                heading_saved = heading
                heading = None
                add("signature", "paragraph", blocks[j])
                add("signature", "paragraph", blocks[j + 1])
                heading = heading_saved
                j += 2
            i = j
            if state == "cover":
                state = "after-signature"
            continue

        # The agenda or report heading.
        if state in ("cover", "after-signature") and (m := AGENDA_HEAD.match(text)) and len(text) < 250:
            # The heading runs on over short lines until its date.
            parts = [text]
            j = i + 1
            while not re.search(r"\b(19|20)\d{2}\b|a\.s\.|jl\.", " ".join(parts)) and j < n and len(blocks[j].text) < 120 and j < i + 4:
                if SECTION.match(blocks[j].text) or ITEM.match(blocks[j].text) or ends_sentence(blocks[j].text):
                    break
                parts.append(blocks[j].text)
                j += 1
            joined = re.sub(r"\s+", " ", " ".join(parts)).strip()
        else:
            joined = None
        if joined and re.search(r"JBZ|Justitie\s+en\s+Binnenlandse\s+Zaken", joined, re.I):
            s.agenda_kind = "verslag" if m.group("kind").lower().startswith("verslag") else "geannoteerde agenda"
            for k in range(i, j):
                add(part_for_agenda(), "heading", blocks[k])
            s.agenda_heading = joined
            heading = s.agenda_heading
            state = "agenda"
            i = j
            continue

        # An agenda without its own heading: a section line followed by item 1.
        if state in ("cover", "after-signature") and SECTION.match(text) and len(text) < 60 and _starts_items(blocks, i + 1):
            cover_so_far = " ".join(cover_parts)
            s.agenda_kind = "verslag" if re.search(r"\bverslag\b", cover_so_far, re.I) and not re.search(r"geannoteerde agenda", cover_so_far, re.I) else "geannoteerde agenda"
            state = "agenda"
            continue

        if state in ("cover", "after-signature"):
            if ATTACHMENT_HEAD.match(text) and _is_heading_like(block, following) and state == "after-signature":
                state = "attachment"
                continue
            if _is_heading_like(block, following):
                heading = text.rstrip(" :")
                add("cover letter", "heading", block)
            else:
                add("cover letter", "list item" if block.bullet else "paragraph", block)
                cover_parts.append(text)
            i += 1
            continue

        if state == "attachment":
            if block.bullet:
                kind = "list item"
            elif (
                block.emphasis
                or _is_all_caps(text)
                or (ATTACHMENT_HEAD.match(text) and len(text) < 250)
                or (_is_heading_like(block, following, 120) and block.gap_before and sum(c.isalpha() for c in text) >= 4)
            ):
                kind = "heading"
            else:
                kind = "paragraph"
            if kind == "heading":
                heading = text
            add("attachment", kind, block)
            i += 1
            continue

        # state == "agenda": sections, items, decisions, bodies.
        sec = SECTION.match(text)
        if sec and len(text) < 60:
            section = SECTION_NAMES.get(sec.group(2).lower(), sec.group(2))
            heading = text
            add(part_for_agenda(), "heading", block)
            current, parent, title_open = None, None, False
            section_base = last_number  # some agendas number on across sections
            last_number, last_sub = 0, ""
            i += 1
            continue

        item_m = ITEM.match(text)
        if item_m:
            number = int(item_m.group(1))
            in_sequence = last_number < number <= last_number + 2 or (
                last_number == 0 and section_base < number <= section_base + 2
            )
            title = item_m.group(2)
            if in_sequence and len(title) < 300 and not (title.endswith(".") and len(title) > 150):
                last_number = number
                last_sub = ""
                parent = new_item(str(number), None, item_m.group(2).strip(), block)
                i += 1
                continue

        nsub = NUMBERED_SUBITEM.match(text)
        if nsub and len(nsub.group(3)) < 300:
            number, letter = int(nsub.group(1)), nsub.group(2)
            if number == last_number and parent is not None and letter == (chr(ord(last_sub) + 1) if last_sub else "a"):
                last_sub = letter
                new_item(str(number), letter, nsub.group(3).strip(), block)
                i += 1
                continue
            if last_number < number <= last_number + 2 or (last_number == 0 and section_base < number <= section_base + 2):
                last_number, last_sub = number, letter
                parent = None
                new_item(str(number), letter, nsub.group(3).strip(), block)
                parent = current
                i += 1
                continue

        sub_m = SUBITEM.match(text)
        if sub_m and parent is not None and len(sub_m.group(2)) < 300:
            letter = sub_m.group(1)
            expected = chr(ord(last_sub) + 1) if last_sub else "a"
            if letter == expected:
                last_sub = letter
                new_item(s.items[parent].number, letter, sub_m.group(2).strip().strip("*").strip(), block)
                i += 1
                continue

        is_decision = False
        if s.agenda_kind != "verslag" and current is not None:
            item = s.items[current]
            no_body = not item.paragraphs
            marked = decisions.is_marked(text) or (title_open and decisions.is_dash_line(text))
            if marked and item.decision_raw is None and no_body:
                is_decision = True
            elif (
                item.decision_raw is None
                and no_body
                and (text[:1].isupper() or text[:1] == "(")
                and not item.title.rstrip().endswith(":")
                and decisions.match_phrase(text)
            ):
                is_decision = True
        if is_decision:
            item = s.items[current]
            item.decision_raw = decisions.strip_mark(text)
            item.decision_type = decisions.classify(text)
            add(part_for_agenda(), "decision", block, item=current)
            title_open = False
            i += 1
            continue

        # An unnumbered item: a title-like block followed by a marked decision
        # line, where the previous item has already had its body.
        if (
            s.agenda_kind != "verslag"
            and following is not None
            and decisions.is_marked(following.text)
            and _is_heading_like(block, following)
            and (current is None or s.items[current].paragraphs or s.items[current].decision_raw)
            and not title_open
        ):
            new_item(None, None, text, block)
            parent = None
            i += 1
            continue

        # The title may run on over more lines (wrapped PDF titles, subtitles).
        if current is not None and title_open:
            item = s.items[current]
            if (
                not item.paragraphs
                and item.decision_raw is None
                and len(text) < 200
                and not block.bullet
                and not (ends_sentence(text) and not text.endswith(":"))
                and following is not None
            ):
                item.title = f"{item.title} {text}".strip()
                tp = s.paragraphs[item.title_paragraph]
                shift = len(tp.text) + 1
                tp.links.extend((a + shift, b + shift, soort, doc) for a, b, soort, doc in block.links)
                tp.text = f"{tp.text} {text}"
                tp.refs.extend(block.refs)
                i += 1
                continue
            title_open = False

        # Attachments after the agenda or report.
        if (ATTACHMENT_HEAD.match(text) or _is_all_caps(text) or (block.emphasis and not ITEM.match(text))) and _is_heading_like(block, following, 250):
            state = "attachment"
            current = parent = None
            continue

        # Body text. "Belangrijkste resultaten" (a report's key results) heads
        # a list that belongs to the section, not to an item.
        if re.match(r"^Belangrijkste (resultaten|uitkomsten)\b", text):
            current, parent = None, None
        if block.bullet:
            kind = "list item"
        elif _is_heading_like(block, following) and len(text) < 100 and block.gap_before:
            kind = "heading"
        else:
            kind = "paragraph"
        p = add(part_for_agenda(), kind, block, item=current)
        if kind == "heading" and current is None:
            heading = text
        if current is not None:
            s.items[current].paragraphs.append(p)
        title_open = False
        i += 1

    # A decision phrase glued to the end of a title by the export.
    for item in s.items:
        if item.decision_raw is None and s.agenda_kind != "verslag":
            split = decisions.split_trailing(item.title)
            if split:
                item.title, item.decision_raw = split
                item.decision_type = decisions.classify(item.decision_raw)
    if s.agenda_kind and not s.items:
        _items_from_headings(s)
    _share_decisions(s)
    s.cover_text = "\n".join(cover_parts)
    return s


def _items_from_headings(s: Structure) -> None:
    """A report or agenda without numbered items: each heading inside a
    section (other than the key results) starts an unnumbered item."""
    current = None
    for idx, para in enumerate(s.paragraphs):
        if para.part not in ("agenda", "report") or para.section is None:
            continue
        if para.kind == "heading":
            if SECTION.match(para.text) or re.match(r"^Belangrijkste (resultaten|uitkomsten)\b", para.text):
                current = None
                continue
            s.items.append(Item(section=para.section, number=None, sub=None, title=para.text, title_paragraph=idx))
            current = len(s.items) - 1
            para.item = current
        elif current is not None and para.kind in ("paragraph", "list item"):
            para.item = current
            s.items[current].paragraphs.append(idx)


def _share_decisions(s: Structure) -> None:
    """Sub-items listed without a body share the decision line that follows
    the last of them ("a) … b) … = Gedachtewisseling")."""
    items = s.items
    for idx, item in enumerate(items):
        if item.decision_raw is not None or item.paragraphs or item.sub is None:
            continue
        for later in items[idx + 1 :]:
            if later.number != item.number or later.sub is None:
                break
            if later.decision_raw is not None:
                item.decision_raw, item.decision_type = later.decision_raw, later.decision_type
                break
            if later.paragraphs:
                break


def shared_bodies(items: list[tuple[str | None, str | None, bool]]) -> dict[int, int]:
    """Sub-items listed without a body share the body of the sibling that
    follows them ("a) … b) … = Gedachtewisseling, text"): {index: owner index}
    for items given as (number, sub, has_body)."""
    owners: dict[int, int] = {}
    for idx, (number, sub, has_body) in enumerate(items):
        if has_body or sub is None:
            continue
        for later in range(idx + 1, len(items)):
            l_number, l_sub, l_body = items[later]
            if l_number != number or l_sub is None:
                break
            if l_body:
                owners[idx] = later
                break
    return owners
