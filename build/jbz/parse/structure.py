"""Blocks in, letter structure out: header, cover letter, signatures, the
agenda or report with its sections and items, attachments.

One pass over the normalised blocks with a small state machine (`_Reader`,
one handler per state); every block ends up in exactly one `Paragraph`, so
nothing of the text is lost.
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


_KEY_RESULTS = re.compile(r"^Belangrijkste (resultaten|uitkomsten)\b")


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
    reader = _Reader(blocks, s, header_end + 1)
    reader.run()

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
    s.cover_text = "\n".join(reader.cover_parts)
    return s


class _Reader:
    """The blocks after the header, one at a time, by a state machine with one
    handler per state: "cover" (and "after-signature", the cover letter once
    signed), "agenda" (the agenda or report) and "attachment". A handler takes
    the block at `i` and either moves `i` on or changes the state (the next
    handler then takes the same block). Signatures are read in every state
    but "attachment", before the state's handler."""

    def __init__(self, blocks: list[Block], s: Structure, i: int) -> None:
        self.blocks, self.n, self.s, self.i = blocks, len(blocks), s, i
        self.state = "cover"
        self.heading: str | None = None
        self.section: str | None = None
        self.current: int | None = None  # current item index
        self.parent: int | None = None  # current numbered item (for sub-items)
        self.title_open = False  # the current item's title may still continue
        self.last_number = 0
        self.section_base = 0
        self.last_sub = ""
        self.cover_parts: list[str] = []
        self._steps: tuple | None = None  # the agenda handler's steps, bound methods

    def run(self) -> None:
        handlers = {"cover": self._cover, "after-signature": self._cover, "agenda": self._agenda, "attachment": self._attachment}
        while self.i < self.n:
            block = self.blocks[self.i]
            following = self.blocks[self.i + 1] if self.i + 1 < self.n else None
            if self.state != "attachment" and self._signatures(block, following):
                continue
            handlers[self.state](block, following)

    # --- what every handler uses --------------------------------------------------------------

    def _part(self) -> str:
        """The part agenda blocks belong to."""
        return "report" if self.s.agenda_kind == "verslag" else "agenda"

    def _add(self, part: str, kind: str, block: Block, item: int | None = None, text: str | None = None) -> int:
        self.s.paragraphs.append(
            Paragraph(
                part=part, kind=kind, text=text if text is not None else block.text, refs=list(block.refs),
                heading=self.heading, item=item, section=self.section if self.state == "agenda" else None, links=list(block.links),
            )
        )
        return len(self.s.paragraphs) - 1

    def _new_item(self, number: str | None, sub: str | None, title: str, block: Block) -> int:
        s = self.s
        s.items.append(Item(section=self.section, number=number, sub=sub, title=title))
        self.current = len(s.items) - 1
        label = f"{number or ''}{sub or ''}. {title}" if number or sub else title
        s.items[self.current].title_paragraph = self._add(self._part(), "heading", block, item=self.current)
        self.heading = label
        self.title_open = True
        return self.current

    def _in_sequence(self, number: int) -> bool:
        """Is `number` the next item number (or one further), in this section or numbered on across sections?"""
        return self.last_number < number <= self.last_number + 2 or (self.last_number == 0 and self.section_base < number <= self.section_base + 2)

    # --- signatures (every state but attachment) -----------------------------------------------

    def _signatures(self, block: Block, following: Block | None) -> bool:
        """Role lines each followed by a name."""
        blocks, n = self.blocks, self.n
        if not (ROLE.match(block.text) and following is not None and _is_name(following.text)):
            return False
        j = self.i
        while j + 1 < n and ROLE.match(blocks[j].text) and _is_name(blocks[j + 1].text):
            self.s.signatories.append((blocks[j + 1].text.strip(), blocks[j].text.rstrip(" ,")))
            heading, self.heading = self.heading, None
            self._add("signature", "paragraph", blocks[j])
            self._add("signature", "paragraph", blocks[j + 1])
            self.heading = heading
            j += 2
        self.i = j
        if self.state == "cover":
            self.state = "after-signature"
        return True

    # --- "cover" and "after-signature" ---------------------------------------------------------

    def _cover(self, block: Block, following: Block | None) -> None:
        if self._agenda_heading(block) or self._agenda_without_heading(block):
            return
        text = block.text
        if ATTACHMENT_HEAD.match(text) and _is_heading_like(block, following) and self.state == "after-signature":
            self.state = "attachment"
            return
        if _is_heading_like(block, following):
            self.heading = text.rstrip(" :")
            self._add("cover letter", "heading", block)
        else:
            self._add("cover letter", "list item" if block.bullet else "paragraph", block)
            self.cover_parts.append(text)
        self.i += 1

    def _agenda_heading(self, block: Block) -> bool:
        """The agenda's or report's heading, which runs on over short lines until its date."""
        text, blocks, n, i = block.text, self.blocks, self.n, self.i
        m = AGENDA_HEAD.match(text)
        if not m or len(text) >= 250:
            return False
        parts = [text]
        j = i + 1
        while not re.search(r"\b(19|20)\d{2}\b|a\.s\.|jl\.", " ".join(parts)) and j < n and len(blocks[j].text) < 120 and j < i + 4:
            if SECTION.match(blocks[j].text) or ITEM.match(blocks[j].text) or ends_sentence(blocks[j].text):
                break
            parts.append(blocks[j].text)
            j += 1
        joined = re.sub(r"\s+", " ", " ".join(parts)).strip()
        if not (joined and re.search(r"JBZ|Justitie\s+en\s+Binnenlandse\s+Zaken", joined, re.I)):
            return False
        s = self.s
        s.agenda_kind = "verslag" if m.group("kind").lower().startswith("verslag") else "geannoteerde agenda"
        for k in range(i, j):
            self._add(self._part(), "heading", blocks[k])
        s.agenda_heading = joined
        self.heading = s.agenda_heading
        self.state = "agenda"
        self.i = j
        return True

    def _agenda_without_heading(self, block: Block) -> bool:
        """A section line followed by item 1 starts the agenda (the state changes; the block is the agenda's)."""
        if not (SECTION.match(block.text) and len(block.text) < 60 and _starts_items(self.blocks, self.i + 1)):
            return False
        cover = " ".join(self.cover_parts)
        report = re.search(r"\bverslag\b", cover, re.I) and not re.search(r"geannoteerde agenda", cover, re.I)
        self.s.agenda_kind = "verslag" if report else "geannoteerde agenda"
        self.state = "agenda"
        return True

    # --- "attachment" ------------------------------------------------------------------------

    def _attachment(self, block: Block, following: Block | None) -> None:
        text = block.text
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
            self.heading = text
        self._add("attachment", kind, block)
        self.i += 1

    # --- "agenda": sections, items, decisions, bodies --------------------------------------------

    def _agenda(self, block: Block, following: Block | None) -> None:
        steps = self._steps
        if steps is None:  # bound once, not for every block
            steps = self._steps = (self._section, self._item, self._numbered_subitem, self._subitem, self._decision,
                                   self._unnumbered_item, self._title_continues, self._attachment_starts)
        for step in steps:
            if step(block, following):
                return
        self._body(block, following)

    def _section(self, block: Block, following: Block | None) -> bool:
        sec = SECTION.match(block.text)
        if not (sec and len(block.text) < 60):
            return False
        self.section = SECTION_NAMES.get(sec.group(2).lower(), sec.group(2))
        self.heading = block.text
        self._add(self._part(), "heading", block)
        self.current, self.parent, self.title_open = None, None, False
        self.section_base = self.last_number  # some agendas number on across sections
        self.last_number, self.last_sub = 0, ""
        self.i += 1
        return True

    def _item(self, block: Block, following: Block | None) -> bool:
        """A numbered item ("3. Titel"), in sequence, with a title that reads as one."""
        m = ITEM.match(block.text)
        if not m:
            return False
        number, title = int(m.group(1)), m.group(2)
        if not (self._in_sequence(number) and len(title) < 300 and not (title.endswith(".") and len(title) > 150)):
            return False
        self.last_number, self.last_sub = number, ""
        self.parent = self._new_item(str(number), None, title.strip(), block)
        self.i += 1
        return True

    def _numbered_subitem(self, block: Block, following: Block | None) -> bool:
        """"3a. Titel": the next sub-item of the current item, or the first of a new number."""
        m = NUMBERED_SUBITEM.match(block.text)
        if not (m and len(m.group(3)) < 300):
            return False
        number, letter = int(m.group(1)), m.group(2)
        if number == self.last_number and self.parent is not None and letter == (chr(ord(self.last_sub) + 1) if self.last_sub else "a"):
            self.last_sub = letter
            self._new_item(str(number), letter, m.group(3).strip(), block)
        elif self._in_sequence(number):
            self.last_number, self.last_sub = number, letter
            self.parent = None
            self._new_item(str(number), letter, m.group(3).strip(), block)
            self.parent = self.current
        else:
            return False
        self.i += 1
        return True

    def _subitem(self, block: Block, following: Block | None) -> bool:
        """"a) Titel" under the current numbered item, the next letter only."""
        m = SUBITEM.match(block.text)
        if not (m and self.parent is not None and len(m.group(2)) < 300):
            return False
        letter = m.group(1)
        if letter != (chr(ord(self.last_sub) + 1) if self.last_sub else "a"):
            return False
        self.last_sub = letter
        self._new_item(self.s.items[self.parent].number, letter, m.group(2).strip().strip("*").strip(), block)
        self.i += 1
        return True

    def _decision(self, block: Block, following: Block | None) -> bool:
        """An agenda item's decision line, before its body."""
        s, text = self.s, block.text
        if s.agenda_kind == "verslag" or self.current is None:
            return False
        item = s.items[self.current]
        if item.decision_raw is not None or item.paragraphs:
            return False
        marked = decisions.is_marked(text) or (self.title_open and decisions.is_dash_line(text))
        if not marked and not (
            (text[:1].isupper() or text[:1] == "(") and not item.title.rstrip().endswith(":") and decisions.match_phrase(text)
        ):
            return False
        item.decision_raw = decisions.strip_mark(text)
        item.decision_type = decisions.classify(text)
        self._add(self._part(), "decision", block, item=self.current)
        self.title_open = False
        self.i += 1
        return True

    def _unnumbered_item(self, block: Block, following: Block | None) -> bool:
        """A title-like block followed by a marked decision line, where the previous item has had its body."""
        s = self.s
        if not (
            s.agenda_kind != "verslag"
            and following is not None
            and decisions.is_marked(following.text)
            and _is_heading_like(block, following)
            and (self.current is None or s.items[self.current].paragraphs or s.items[self.current].decision_raw)
            and not self.title_open
        ):
            return False
        self._new_item(None, None, block.text, block)
        self.parent = None
        self.i += 1
        return True

    def _title_continues(self, block: Block, following: Block | None) -> bool:
        """The current item's title running on over more lines (wrapped PDF titles, subtitles)."""
        if self.current is None or not self.title_open:
            return False
        item, text = self.s.items[self.current], block.text
        if not (
            not item.paragraphs
            and item.decision_raw is None
            and len(text) < 200
            and not block.bullet
            and not (ends_sentence(text) and not text.endswith(":"))
            and following is not None
        ):
            self.title_open = False
            return False
        item.title = f"{item.title} {text}".strip()
        tp = self.s.paragraphs[item.title_paragraph]
        shift = len(tp.text) + 1
        tp.links.extend((a + shift, b + shift, soort, doc) for a, b, soort, doc in block.links)
        tp.text = f"{tp.text} {text}"
        tp.refs.extend(block.refs)
        self.i += 1
        return True

    def _attachment_starts(self, block: Block, following: Block | None) -> bool:
        """An attachment's heading after the agenda or report (the state changes; the block is the attachment's)."""
        text = block.text
        if not ((ATTACHMENT_HEAD.match(text) or _is_all_caps(text) or (block.emphasis and not ITEM.match(text))) and _is_heading_like(block, following, 250)):
            return False
        self.state = "attachment"
        self.current = self.parent = None
        return True

    def _body(self, block: Block, following: Block | None) -> None:
        """Body text. "Belangrijkste resultaten" (a report's key results) heads
        a list that belongs to the section, not to an item."""
        text = block.text
        if _KEY_RESULTS.match(text):
            self.current, self.parent = None, None
        if block.bullet:
            kind = "list item"
        elif _is_heading_like(block, following) and len(text) < 100 and block.gap_before:
            kind = "heading"
        else:
            kind = "paragraph"
        p = self._add(self._part(), kind, block, item=self.current)
        if kind == "heading" and self.current is None:
            self.heading = text
        if self.current is not None:
            self.s.items[self.current].paragraphs.append(p)
        self.title_open = False
        self.i += 1


def _items_from_headings(s: Structure) -> None:
    """A report or agenda without numbered items: each heading inside a
    section (other than the key results) starts an unnumbered item."""
    current = None
    for idx, para in enumerate(s.paragraphs):
        if para.part not in ("agenda", "report") or para.section is None:
            continue
        if para.kind == "heading":
            if SECTION.match(para.text) or _KEY_RESULTS.match(para.text):
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
