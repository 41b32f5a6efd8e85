"""The official XML of a Kamerstuk (officielebekendmakingen.nl): the
fourth input format, and the best one, since paragraphs, headings, lists,
footnotes, signatures and references are marked up instead of guessed.

Every leaf element (`al`, `tussenkop`, `kop`, `tekstregel`, `dossiernr`,
`stuknr`, `titel`, `adreslijn`, `dagtekening`, `functie`, `naam`, a table
row …) becomes one `Block`; footnotes (`noot`, inline at the marker's
place) are lifted out with their number; `extref` targets are kept as
links on the block (offsets into its text) so that the linking step can
turn them into citations without reading the target from the words.
An element this module does not know keeps its text (as a block of its
own, or inline in its paragraph) and is reported, never dropped.

Untrusted input: a DOCTYPE or ENTITY declaration is refused before
parsing (no external entities, no entity expansion), nesting is bounded,
and the walk visits each element once, so time is linear in the input.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from .common import Block, Normalized, clean_spaces

MAX_DEPTH = 120  # official documents nest a few dozen levels at most
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>")
_ROOTS = ("officiele-publicatie", "kamerstuk", "bijlage", "stcrt", "kamervragen", "handelingen")

# Elements whose text is no part of the letter (document metadata, layout).
SKIPPED = frozenset({"metadata", "meta", "colspec", "spanspec", "illustratie", "plaatje", "witregel", "nadruk-kop"})
# One block each: their text (inline markup inside it) is a paragraph, heading or line.
LEAVES = frozenset({
    "al", "tussenkop", "tekstregel", "dossiernr", "stuknr", "titel", "subtitel", "adreslijn", "dagtekening",
    "datumtekst", "functie", "naam", "plaats", "slotformule", "aanhef", "kop", "row", "al-groep-titel",
    "ondertitel", "opschrift", "onderwerp", "kenmerk",
})
# Elements holding blocks (their own loose text, if any, is kept as a block).
CONTAINERS = frozenset({
    "officiele-publicatie", "kamerstuk", "kamerstukkop", "dossier", "dossiernummer", "stuk", "algemeen",
    "vrije-tekst", "tekst", "brief", "divisie", "bijlage", "adres", "lijst", "li", "table", "tgroup", "thead",
    "tbody", "tfoot", "ondertekening", "al-groep", "citaat", "kader", "box", "motie", "amendement", "artikel",
    "hoofdstuk", "paragraaf", "afdeling", "sluiting", "nota", "toelichting", "bijlage-tekst", "noot.al-groep",
})
# Inline elements: their text runs on in the paragraph around them.
INLINE = frozenset({
    "nadruk", "extref", "intref", "nr", "sup", "inf", "unl", "ondernummer", "datum", "afkorting", "nobr", "letter",
    "voornaam", "achternaam", "tussenvoegsel", "functie-aanduiding", "br", "tab", "entry", "term", "definitie",
})
BULLETS = frozenset("-–—•·*▪◦o")
_KAMER = re.compile(r"\b(Tweede|Eerste)\s+Kamer\b")
_YEARS = re.compile(r"((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)?\d{2})")
_START, _END, _NOTE = "\ue000", "\ue001", "\ue002"  # private-use marks, removed again


class XmlError(ValueError):
    """The text is XML this module will not or cannot read; says why."""


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:400]
    if head.startswith("<?xml"):
        return True
    return re.match(r"<(?:[\w.-]+:)?(?:%s)\b" % "|".join(_ROOTS), head) is not None


def parse_tree(text: str) -> ET.Element:
    """The element tree of an XML text; no DTD, no entities, bounded depth."""
    m = _DECLARATION.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise XmlError(
            f"holds a DOCTYPE or ENTITY declaration (line {line}); official XML has none, and they are not "
            "read for safety (external files, entity expansion): remove the declaration"
        )
    body = _PROLOG.sub("", text.lstrip("\ufeff"), count=1)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise XmlError(f"is not well-formed XML ({exc}); download the XML again") from None
    _check_depth(root)
    return root


def _check_depth(root: ET.Element) -> None:
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise XmlError(f"nests elements more than {MAX_DEPTH} deep; this is no official document")
        stack.extend((child, depth + 1) for child in el)


def local(tag) -> str:
    """The element's name without its namespace (`{ns}al` -> `al`)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


@dataclass
class _Run:
    """One paragraph being collected: text with private-use marks where
    links start and end and where footnote markers stood."""

    parts: list[str] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)  # (soort, doc) per link, in order

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)


def _resolve(raw: str, targets: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str, str]], list[int]]:
    """Clean the spaces of a run and turn its marks into offsets: the links
    (start, end, soort, doc) and where each footnote marker stood."""
    text = clean_spaces(re.sub(rf"\s*{_NOTE}", _NOTE, raw))
    links: list[tuple[int, int, str, str]] = []
    notes: list[int] = []
    out: list[str] = []
    pos = 0
    opened: list[int] = []
    k = 0
    for ch in text:
        if ch == _NOTE:
            notes.append(pos)
        elif ch == _START:
            opened.append(pos)
        elif ch == _END:
            if opened and k < len(targets):
                links.append((opened.pop(), pos, *targets[k]))
            k += 1
        else:
            out.append(ch)
            pos += 1
    plain = "".join(out)
    # spaces left at the edges of a link by the cleaning belong to the text around it
    fixed = []
    for s, e, soort, doc in links:
        while s < e and plain[s] == " ":
            s += 1
        while e > s and plain[e - 1] == " ":
            e -= 1
        if e > s:
            fixed.append((s, e, soort, doc))
    if plain != plain.strip():
        lead = len(plain) - len(plain.lstrip())
        plain = plain.strip()
        fixed = [(s - lead, e - lead, so, d) for s, e, so, d in fixed]
        notes = [max(0, n - lead) for n in notes]
    notes = [min(n, len(plain)) for n in notes]
    return plain, sorted(fixed), notes


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.footnotes: dict[int, str] = {}
        self.footnote_links: dict[int, list[tuple[int, int, str, str]]] = {}
        self.unknown: Counter[str] = Counter()
        self.meta: dict[str, str] = {}
        self.marks: list[list[int]] = []  # per block: where its footnote markers stood
        self.problems: list[tuple[str, str]] = []
        self._next_note = 1
        self.root = ""

    # --- blocks ---------------------------------------------------------------

    def emit(self, run: _Run, *, gap: bool = False, bullet: bool = False, emphasis: bool = False) -> Block | None:
        text, links, marks = _resolve("".join(run.parts), run.targets)
        if not text:
            if run.refs:  # a footnote marker with no words around it: keep it on the previous block
                if self.blocks:
                    self.blocks[-1].refs.extend(run.refs)
                    self.marks[-1].extend([len(self.blocks[-1].text)] * len(run.refs))
                else:
                    self.problems.append(("unplaced-footnote", f"footnote(s) {run.refs} stand before any text"))
            return None
        block = Block(text=text, refs=list(run.refs), gap_before=gap, bullet=bullet, emphasis=emphasis, links=links)
        self.blocks.append(block)
        self.marks.append(marks)
        return block

    def leaf(self, el: ET.Element, *, gap: bool = False, bullet: bool = False, prefix: str = "") -> None:
        run = _Run()
        run.add(prefix)
        self.inline(el, run, top=True)
        emphasis = self._whole_bold(el)
        self.emit(run, gap=gap, bullet=bullet, emphasis=emphasis)

    @staticmethod
    def _whole_bold(el: ET.Element) -> bool:
        """An `al` that is one bold run and nothing else reads as a heading."""
        if local(el.tag) != "al" or (el.text or "").strip() or len(el) != 1:
            return False
        child = el[0]
        return local(child.tag) == "nadruk" and "vet" in (child.get("type") or "") and not (child.tail or "").strip()

    def inline(self, el: ET.Element, run: _Run, top: bool = False) -> None:
        """The text of an element into `run`: inline children run on,
        footnotes are lifted out, links are marked."""
        run.add(el.text)
        for child in el:
            name = local(child.tag)
            if not name:
                pass
            elif name == "noot":
                self.note(child, run)
            elif name in SKIPPED:
                pass
            elif name == "extref":
                run.add(_START)
                run.targets.append((child.get("soort") or "", child.get("doc") or ""))
                self.inline(child, run)
                run.add(_END)
            elif name in ("br", "tab"):
                run.add(" ")
            elif name in ("li.nr", "noot.nr"):
                run.add(" ")
                self.inline(child, run)
                run.add(" ")
            else:
                if name not in INLINE and name not in LEAVES:
                    self.unknown[name] += 1
                if name == "entry" or name in LEAVES:
                    run.add(" ")
                self.inline(child, run)
                if name == "entry" or name in LEAVES:
                    run.add(" ")
            run.add(child.tail)

    def note(self, el: ET.Element, run: _Run) -> None:
        """A footnote at its marker's place: its number to the paragraph, its text to the footnotes."""
        nr = next((c for c in el if local(c.tag) == "noot.nr"), None)
        digits = re.sub(r"\D", "", "".join(nr.itertext())) if nr is not None else ""
        number = int(digits) if digits else self._next_note
        self._next_note = number + 1
        body = _Run()
        body.add(el.text)
        for child in el:
            name = local(child.tag)
            if name != "noot.nr":
                if name not in ("noot.al", "noot.lijst", "noot.li", "al") and name not in INLINE:
                    self.unknown[name] += 1
                body.add(" ")
                self.inline(child, body)
                body.add(" ")
            body.add(child.tail)
        text, links, _ = _resolve("".join(body.parts), body.targets)
        if number in self.footnotes:
            self.problems.append(("duplicate-footnote-number", f"footnote number {number} occurs twice; the second one's text is added to the first"))
            text = f"{self.footnotes[number]} {text}".strip()
        self.footnotes[number] = text
        if links:
            self.footnote_links[number] = links
        run.refs.append(number)
        run.add(_NOTE)

    # --- structure ------------------------------------------------------------

    def walk(self, el: ET.Element) -> None:
        name = local(el.tag)
        if not name or name in SKIPPED:
            if name == "metadata":
                self.read_metadata(el)
            return
        handler = getattr(self, "on_" + name.replace("-", "_").replace(".", "_"), None)
        if handler is not None:
            handler(el)
        elif name in LEAVES:
            self.leaf(el, gap=name in ("tussenkop", "kop"))
        elif name in CONTAINERS:
            self.container(el)
        else:
            self.unknown[name] += 1
            if any(local(c.tag) in LEAVES or local(c.tag) in CONTAINERS for c in el):
                self.container(el)  # an unknown wrapper: read what it holds
            else:
                self.leaf(el)  # an unknown element of text: keep it as a paragraph

    def container(self, el: ET.Element) -> None:
        self.loose(el.text)
        for child in el:
            if local(child.tag) in INLINE or local(child.tag) == "noot":
                run = _Run()  # inline markup loose in a container: a paragraph of its own
                if local(child.tag) == "noot":
                    self.note(child, run)
                else:
                    self.inline(child, run)
                run.add(child.tail)
                self.emit(run)
                continue
            self.walk(child)
            self.loose(child.tail)

    def loose(self, text: str | None) -> None:
        if text and text.strip():
            run = _Run()
            run.add(text)
            self.emit(run)

    def on_tekstregel(self, el: ET.Element) -> None:
        text = clean_spaces("".join(el.itertext()))
        what = el.get("inhoud") or ""
        if what == "kameraanduiding" and (m := _KAMER.search(text)):
            self.meta.setdefault("kamer", f"{m.group(1)} Kamer")
        elif what == "vergaderjaar" and (m := _YEARS.search(text)):
            a, b = m.groups()
            self.meta.setdefault("vergaderjaar", f"{a}-{b if len(b) == 4 else a[:2] + b}")
        self.leaf(el)

    def on_dossiernr(self, el: ET.Element) -> None:
        text = clean_spaces("".join(el.itertext()))
        m = re.match(r"^(\d{2})\s?(\d{3})(?:\s*[- ]\s*([A-Z]{1,5}|\d{1,3}))?\b", text)
        if m:
            self.meta.setdefault("dossier", m.group(1) + m.group(2) + (f"-{m.group(3)}" if m.group(3) else ""))
        self.leaf(el)

    def on_stuknr(self, el: ET.Element) -> None:
        nr = next((c for c in el.iter() if local(c.tag) == "ondernummer"), None)
        text = clean_spaces("".join((nr if nr is not None else el).itertext()))
        m = re.search(r"(\d+|[A-Z]{1,3})\s*$", text)
        if m:
            self.meta.setdefault("nummer", m.group(1))
        self.leaf(el)

    def on_stuk(self, el: ET.Element) -> None:
        for child in el:
            if local(child.tag) == "titel" and "title" not in self.meta:
                self.meta["title"] = clean_spaces("".join(_text_without_notes(child)))
        self.container(el)

    def on_datum(self, el: ET.Element) -> None:  # a date standing on its own (in `datumtekst` it is inline)
        self._iso(el)
        self.leaf(el)

    def on_datumtekst(self, el: ET.Element) -> None:
        for d in el.iter():
            if local(d.tag) == "datum":
                self._iso(d)
        self.leaf(el)

    def on_dagtekening(self, el: ET.Element) -> None:
        self.on_datumtekst(el)

    def _iso(self, el: ET.Element) -> None:
        iso = el.get("isodatum") or ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            self.meta.setdefault("date_iso", iso)

    def on_kop(self, el: ET.Element) -> None:
        """A numbered section's heading: number and title on one line ("1. Staat van …")."""
        self.leaf(el, gap=True)

    def on_lijst(self, el: ET.Element) -> None:
        for child in el:
            if local(child.tag) == "li":
                self.item(child)
            else:
                self.walk(child)
            self.loose(child.tail)

    def item(self, li: ET.Element) -> None:
        """A list item: its number (or bullet) with the first paragraph, then the rest."""
        nr = next((c for c in li if local(c.tag) == "li.nr"), None)
        label = clean_spaces("".join(nr.itertext())) if nr is not None else ""
        bullet = nr is None or not label or all(c in BULLETS for c in label)
        prefix = "" if bullet else label + " "
        first = True
        self.loose(li.text)
        for child in li:
            name = local(child.tag)
            if name == "li.nr":
                pass
            elif name == "al" and first:
                self.leaf(child, bullet=bullet, prefix=prefix)
                first = False
            else:
                if first and prefix:
                    run = _Run()
                    run.add(prefix)
                    self.emit(run, bullet=bullet)
                first = False
                self.walk(child)
            self.loose(child.tail)

    def on_ondertekening(self, el: ET.Element) -> None:
        """Signatures: the office line, then the name, each a block (as printed)."""
        self.container(el)

    def read_metadata(self, el: ET.Element) -> None:
        """`meta name=… content=…` pairs: kept for what the text lacks (the main document of an annex)."""
        for m in el.iter():
            if local(m.tag) == "meta" and m.get("name") and m.get("content") is not None:
                name = m.get("name")
                self.meta.setdefault("meta:" + name, m.get("content"))


def _text_without_notes(el: ET.Element):
    """The text of an element, footnotes left out."""
    if el.text:
        yield el.text
    for child in el:
        if local(child.tag) != "noot":
            yield from _text_without_notes(child)
        if child.tail:
            yield child.tail


def read(text: str) -> _Reader:
    root = parse_tree(text)
    reader = _Reader()
    reader.root = local(root.tag)
    reader.walk(root)
    return reader


def normalize(text: str) -> Normalized:
    reader = read(text)
    problems = list(reader.problems)
    if reader.unknown:
        names = ", ".join(f"<{n}> ×{c}" for n, c in sorted(reader.unknown.items()))
        problems.append(("xml-unknown-element", f"elements this reader does not know, their text kept: {names}"))
    meta = {k: v for k, v in reader.meta.items() if not k.startswith("meta:")}
    identifier = reader.meta.get("meta:DC.identifier") or reader.meta.get("meta:dcterms:identifier") or ""
    if re.fullmatch(r"(?:kst|blg)-[\w-]+", identifier):
        meta["identifier"] = identifier
    if reader.meta.get("meta:OVERHEIDop.hoofddocument"):
        meta["main_document"] = reader.meta["meta:OVERHEIDop.hoofddocument"].strip()
    if reader.root == "bijlage" or reader.meta.get("meta:DC.type", "").lower() == "bijlage" or identifier.startswith("blg-"):
        meta["annex"] = "1"  # published as an annex of its own
    if "kamer" not in meta:
        creator = reader.meta.get("meta:DC.creator", "")
        if (m := _KAMER.search(creator)):
            meta["kamer"] = f"{m.group(1)} Kamer"
    return Normalized(
        format="xml", blocks=reader.blocks, footnotes=reader.footnotes, problems=problems,
        meta=meta, footnote_links=reader.footnote_links,
    )


def metadata(text: str) -> dict[str, str]:
    """The `meta name/content` pairs of the document (e.g. `OVERHEIDop.hoofddocument` on an annex)."""
    reader = _Reader()
    for el in parse_tree(text).iter():
        if local(el.tag) == "metadata":
            reader.read_metadata(el)
    return {k[5:]: v for k, v in reader.meta.items() if k.startswith("meta:")}


def plain_text(text: str, markers: bool = False) -> str:
    """The document's words, one block a line (`markers`: `[footnoteRef:N]`
    where each footnote's marker stood), for the checks that read text: is
    it a letter, is it whole, where do its footnote markers stand."""
    reader = read(text)
    lines = []
    for block, marks in zip(reader.blocks, reader.marks):
        line = block.text
        if markers and block.refs:
            out, pos = [], 0
            for n, off in zip(block.refs, marks):
                out += [line[pos:off], f"[footnoteRef:{n}]"]
                pos = off
            line = "".join(out) + line[pos:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def text_content(text: str) -> str:
    """Every character of text the document holds outside its metadata,
    footnote numbers and bullets aside: what the coverage check must find again."""
    root = parse_tree(text)
    out: list[str] = []

    def visit(el: ET.Element, in_bullet_list: bool) -> None:
        name = local(el.tag)
        if name in ("metadata", "meta", "noot.nr") or (name == "li.nr" and in_bullet_list):
            return
        if name == "lijst":
            labels = [clean_spaces("".join(n.itertext())) for li in el for n in li if local(n.tag) == "li.nr"]
            in_bullet_list = all(not lab or all(c in BULLETS for c in lab) for lab in labels)
        out.append(el.text or "")
        for child in el:
            visit(child, in_bullet_list)
            out.append(" ")
            out.append(child.tail or "")

    visit(root, False)
    return "".join(out)
