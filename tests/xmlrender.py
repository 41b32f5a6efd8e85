"""Render a letter's text export as official Kamerstuk XML.

Used to write the fixtures in tests/fixtures/xml/ (run this file with a
letters folder and an output folder) and by the tests that check the XML
reader: the rendering must parse to the same rows as the export it came
from. It holds exactly the export's text, laid out in the official
structure: `kamerstukkop`, `dossier`, `stuk` > `stuknr` + `titel`, `brief`
with `adres`, `dagtekening`, `tekst` and `ondertekening`, then one
`divisie` per part (agenda, report, attachments) with a `divisie` per
numbered item (`kop` > `nr` + `titel`). Footnotes stand inline as `noot`
at their marker's place; Kamerstuk, Handelingen and URL references are
marked with `extref` and their target. Element choice follows the parse:
a heading is a `tussenkop`, a paragraph an `al`, a bold-only paragraph an
`al` with one `nadruk type="vet"`, bullets a `lijst type="ongemarkeerd"`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from jbz import enrich
from jbz.citations import _URL
from jbz.normalize import normalize
from jbz.parse import parse_text

ITEM_KOP = re.compile(r"^(\(?(?:\d{1,2}[a-z]?|[a-z]|[IVX]{1,4})\s?[.)]+)\s+(\S.*)$")
MARKED_KINDS = ("kamerstuk", "motie", "bnc-fiche", "handelingen", "aanhangsel", "url")


def _block_map(paragraphs: list[dict], blocks) -> list[list[int]]:
    """For each paragraph row, the normalised blocks it was made of (an item
    title wrapped over lines is one paragraph of several blocks)."""
    out, bi = [], 0
    for p in paragraphs:
        taken, text = [bi], blocks[bi].text
        bi += 1
        while text != p["text"] and bi < len(blocks) and len(text) < len(p["text"]):
            text = f"{text} {blocks[bi].text}"
            taken.append(bi)
            bi += 1
        assert text == p["text"], (text[:80], p["text"][:80])
        out.append(taken)
    assert bi == len(blocks)
    return out


def _locate(blocks, taken: list[int], offset: int) -> tuple[int, int]:
    """A paragraph offset as (block index, offset in that block)."""
    for k, b in enumerate(taken):
        length = len(blocks[b].text)
        if offset <= length or k == len(taken) - 1:
            return b, min(offset, length)
        offset -= length + 1
    raise AssertionError


def _target(c: dict) -> tuple[str, str] | None:
    if c["kind"] not in MARKED_KINDS or not c.get("url"):
        return None
    if c["kind"] == "url":
        return "URL", c["url"]
    return "document", c["identifier"]


def _inline(text: str, notes: list[tuple[int, str]], links: list[tuple[int, int, str, str]]) -> str:
    """Text with `noot` elements at their offsets and `extref` around the links."""
    events: list[tuple[int, int, str]] = []
    last_end = -1
    for s, e, soort, doc in sorted(links):
        if s < last_end:
            continue  # references do not nest
        events.append((s, 1, f"<extref soort={quoteattr(soort)} doc={quoteattr(doc)}>"))
        events.append((e, 0, "</extref>"))
        last_end = e
    for offset, xml in notes:
        inside = next((e for s, e, *_ in links if s < offset < e), None)
        events.append((inside if inside is not None else offset, 2, xml))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out, pos = [], 0
    for at, _, xml in events:
        out.append(escape(text[pos:at]))
        out.append(xml)
        pos = at
    out.append(escape(text[pos:]))
    return "".join(out)


def render(text: str) -> str:
    norm = normalize(text)
    records = enrich.enrich_letter(parse_text(text, norm=norm))
    blocks = norm.blocks
    paragraphs = sorted(records["paragraphs"], key=lambda p: p["ordinal"])
    mapping = _block_map(paragraphs, blocks)
    para_of_block = {b: p for p, taken in zip(paragraphs, mapping) for b in taken}
    taken_of = {p["id"]: taken for p, taken in zip(paragraphs, mapping)}

    # footnotes at their markers, references with their targets
    offsets = enrich._footnote_offsets(records)
    notes_at: dict[int, list[tuple[int, str]]] = {}
    cites = [c for c in records["citations"] if _target(c)]
    note_links: dict[str, list] = {}
    block_links: dict[int, list] = {}
    for c in cites:
        ref = c["_ref"]
        source = next((f["text"] for f in records["footnotes"] if f["id"] == ref), None)
        if source is None:
            source = next(p["text"] for p in paragraphs if p["id"] == ref)
        start = source.find(c["raw"], c["_start"])
        if start < 0:
            continue
        link = (start, start + len(c["raw"]), *_target(c))
        if c["footnote_id"]:
            note_links.setdefault(ref, []).append(link)
        else:
            b, s = _locate(blocks, taken_of[ref], link[0])
            block_links.setdefault(b, []).append((s, s + len(c["raw"]), link[2], link[3]))
    # every web address is a link in the official XML, also where the words name a more precise document
    for b, block in enumerate(blocks):
        for m in _URL.finditer(block.text):
            if not any(s < m.end() and m.start() < e for s, e, *_ in block_links.get(b, [])):
                block_links.setdefault(b, []).append((m.start(), m.end(), "URL", m.group(0)))
    for f in records["footnotes"]:
        for m in _URL.finditer(f["text"]):
            if not any(s < m.end() and m.start() < e for s, e, *_ in note_links.get(f["id"], [])):
                note_links.setdefault(f["id"], []).append((m.start(), m.end(), "URL", m.group(0)))
    for f in records["footnotes"]:
        taken = taken_of[f["paragraph_id"]]
        where = offsets.get(f["id"])
        b, off = _locate(blocks, taken, where) if where is not None else (taken[-1], len(blocks[taken[-1]].text))
        body = _inline(f["text"], [], note_links.get(f["id"], []))
        xml = f'<noot id="n{f["number"]}" type="voet"><noot.nr>{f["number"]}</noot.nr><noot.al>{body}</noot.al></noot>'
        notes_at.setdefault(b, []).append((off, xml))

    out: list[str] = []
    stack: list[str] = []

    def line(s: str) -> None:
        out.append("  " * len(stack) + s)

    def open_(tag: str, attrs: str = "") -> None:
        line(f"<{tag}{attrs}>")
        stack.append(tag)

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            tag = stack.pop()
            line(f"</{tag}>")

    def content(b: int) -> str:
        return _inline(blocks[b].text, notes_at.get(b, []), block_links.get(b, []))

    letter = records["letters"][0]
    line('<?xml version="1.0" encoding="UTF-8"?>')
    open_("officiele-publicatie", ' xml:lang="nl"')
    open_("metadata")
    line('<meta name="DC.type" content="Kamerstuk"/>')
    line(f'<meta name="OVERHEIDop.dossiernummer" content="{letter["dossier"]}"/>')
    if letter["nummer"]:
        line(f'<meta name="DC.identifier" content="kst-{letter["dossier"]}-{letter["nummer"]}"/>')
        line(f'<meta name="OVERHEIDop.ondernummer" content="{letter["nummer"]}"/>')
    close_to(1)
    open_("kamerstuk")
    base = len(stack)

    header = [b for b in range(len(blocks)) if para_of_block[b]["part"] == "header"]
    pending_stuk = []
    for b in header:
        t = blocks[b].text
        if re.match(r"^Vergaderjaar\b", t) or re.fullmatch(r"(Tweede|Eerste) Kamer der Staten-Generaal", t):
            if "kamerstukkop" not in stack:
                open_("kamerstukkop")
            inhoud = "vergaderjaar" if t.startswith("Vergaderjaar") else "kameraanduiding"
            line(f'<tekstregel inhoud="{inhoud}">{content(b)}</tekstregel>')
        elif (m := re.match(r"^(\d{2}\s?\d{3})(?:\s+(\S.*))?$", t)) and not blocks[b].refs:
            close_to(base)
            open_("dossier")
            line(f"<dossiernummer><dossiernr>{escape(m.group(1))}</dossiernr></dossiernummer>")
            if m.group(2):
                line(f"<titel>{escape(m.group(2))}</titel>")
        elif t == "JBZ-Raad" and stack[-1:] == ["dossier"]:
            line(f"<titel>{content(b)}</titel>")
        elif (m := re.match(r"^(?:Nr\.\s*)?(\d+|[A-Z]{1,3})(?:\s+(\S.*))?$", t)) and not blocks[b].refs:
            close_to(base)
            open_("stuk")
            prefix = "Nr. " if t.startswith("Nr.") else ""
            line(f"<stuknr>{prefix}<ondernummer>{escape(m.group(1))}</ondernummer></stuknr>")
            if m.group(2):
                line(f"<titel>{escape(m.group(2))}</titel>")
        elif re.match(r"^(Brief van|BRIEF VAN)\b", t):
            if "stuk" not in stack:
                close_to(base)
                open_("stuk")
            line(f"<titel>{content(b)}</titel>")
        else:
            pending_stuk.append(b)
    if "stuk" not in stack:
        close_to(base)
        open_("stuk")
    open_("brief")
    brief_depth = len(stack)
    for b in pending_stuk:
        t = blocks[b].text
        if t.startswith("Aan de"):
            line(f"<adres><adreslijn>{content(b)}</adreslijn></adres>")
        elif t.startswith("Den Haag,"):
            line(f"<dagtekening>{content(b)}</dagtekening>")
        else:
            open_("tekst")
            line(f"<al>{content(b)}</al>")
            close_to(brief_depth)
    stuk_depth = brief_depth - 1

    body = [b for b in range(len(blocks)) if para_of_block[b]["part"] != "header"]
    in_brief, part, item_open = True, None, False
    sig_pending: str | None = None
    for b in body:
        p = para_of_block[b]
        block = blocks[b]
        if p["part"] == "signature":
            while stack[-1] in ("lijst", "tekst"):
                close_to(len(stack) - 1)
            if sig_pending is None:
                sig_pending = content(b)
            else:
                line(f"<ondertekening><functie>{sig_pending}</functie><naam>{content(b)}</naam></ondertekening>")
                sig_pending = None
            continue
        if p["part"] != "cover letter" and (in_brief or p["part"] != part):
            close_to(stuk_depth)
            in_brief, part, item_open = False, p["part"], False
            open_("divisie")
        first_of_item = (
            p["agenda_item_id"] is not None and p["kind"] == "heading" and b == taken_of[p["id"]][0]
            and not any(q["agenda_item_id"] == p["agenda_item_id"] and q["ordinal"] < p["ordinal"] for q in paragraphs)
        )
        kop = ITEM_KOP.match(block.text) if first_of_item and not block.refs and not block_links.get(b) else None
        if kop:
            close_to(stuk_depth + 1)
            open_("divisie")
            line(f"<kop><nr>{escape(kop.group(1))}</nr><titel>{escape(kop.group(2))}</titel></kop>")
            item_open = True
            continue
        if item_open and p["agenda_item_id"] is None:
            close_to(stuk_depth + 1)  # back to the part's own text
            item_open = False
        if block.bullet:
            if stack[-1] != "lijst":
                if stack[-1] != "tekst":
                    open_("tekst")
                open_("lijst", ' type="ongemarkeerd"')
            line(f"<li><li.nr>–</li.nr><al>{content(b)}</al></li>")
            continue
        if stack[-1] == "lijst":
            close_to(len(stack) - 1)
        if stack[-1] != "tekst":
            open_("tekst")
        if block.emphasis:
            line(f'<al><nadruk type="vet">{content(b)}</nadruk></al>')
        elif p["kind"] == "heading":
            line(f'<tussenkop kopopmaak="vet">{content(b)}</tussenkop>')
        else:
            line(f"<al>{content(b)}</al>")
    assert sig_pending is None
    close_to(0)
    return "\n".join(out) + "\n"


def main(letters: str, out: str) -> None:
    for path in sorted(Path(letters).glob("*.txt")):
        target = Path(out) / f"{path.stem}.xml"
        target.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(target)


if __name__ == "__main__":
    main(*sys.argv[1:3])
