"""Re-export a Word-to-text letter in the other formats users feed us.

The parser must not depend on which export a letter came in; these
functions turn the Word letters into PDF-style text (hard-wrapped, footnote
zones mid-body, markers glued to words, page breaks), Markdown (superscript
markers, footnotes after the paragraph) and text copied from a web page
(site header and navigation lines around it, footnotes listed at the end),
so a test can parse the same letter in every format and compare.
"""

from __future__ import annotations

import re
import textwrap

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _bodies(line: str) -> tuple[str, list[tuple[int, str]]]:
    """Cut `[N: …]` footnote bodies (brackets inside balanced) out of a line."""
    notes, out, pos = [], [], 0
    for m in re.finditer(r"\[(\d+):[ \t]+", line):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(line) and depth:
            depth += {"[": 1, "]": -1}.get(line[i], 0)
            i += 1
        notes.append((int(m.group(1)), " ".join(line[m.end() : i - 1].split())))
        out.append(line[pos : m.start()])
        pos = i
    out.append(line[pos:])
    return "".join(out), notes


def _paragraphs(word_text: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """(paragraph with [footnoteRef:N] markers, its footnote bodies)."""
    text = re.sub(r"\[bookmark: [^\]]*\]", "", word_text)
    text = re.sub(r"\s*\n\s*\]", "]", text)  # a footnote body Word closed on the next line
    out = []
    for line in text.splitlines():
        line, notes = _bodies(line)
        line = line.strip()
        if line or notes:
            out.append((line, notes))
    # footnote bodies Word put on a line of their own belong to the paragraph before
    merged: list[tuple[str, list[tuple[int, str]]]] = []
    for line, notes in out:
        if not line and merged:
            merged[-1][1].extend(notes)
        else:
            merged.append((line, list(notes)))
    return merged


def to_pdf(word_text: str, width: int = 62) -> str:
    lines: list[str] = []
    for para, notes in _paragraphs(word_text):
        para = re.sub(r"\[footnoteRef:(\d+)\]", r"\1", para)
        wrapped = textwrap.wrap(para, width=width, break_on_hyphens=False) or [""]
        lines.extend(w + " " for w in wrapped)
        if notes:
            lines += ["", " "]
            for number, body in notes:
                note_lines = textwrap.wrap(f"{number} {body}", width=width + 10, break_on_hyphens=False)
                lines.extend(w + " " for w in note_lines)
            lines += ["", "", "", " ", "", " ", ""]
        else:
            lines.append(" ")
    return "\n".join(lines) + "\n"


def to_markdown(word_text: str) -> str:
    blocks: list[str] = []
    for para, notes in _paragraphs(word_text):
        para = re.sub(r"\[footnoteRef:(\d+)\]", lambda m: m.group(1).translate(SUPERSCRIPT), para)
        blocks.append(para)
        for number, body in notes:
            blocks.append(f"{str(number).translate(SUPERSCRIPT)} {body}")
    return "\n\n".join(blocks) + "\n"


def to_web(word_text: str, page_title: str = "Officiële bekendmakingen") -> str:
    chrome_top = [
        "Naar hoofdinhoud",
        "Officiële bekendmakingen",
        "Zoeken in de collectie",
        f"{page_title} | Overheid.nl > Officiële bekendmakingen",
        "Datum publicatie",
        "Organisatie",
        "Tweede Kamer der Staten-Generaal",
    ]
    body: list[str] = []
    notes: list[tuple[int, str]] = []
    for para, para_notes in _paragraphs(word_text):
        body.append(re.sub(r"\[footnoteRef:(\d+)\]", r"\1", para))
        notes.extend(para_notes)
    tail = []
    for number, text in sorted(notes):
        tail += [str(number), text]
    chrome_bottom = ["Naar boven", "Over deze site", "Privacy", "Toegankelijkheid"]
    return "\n".join(chrome_top + [""] + body + [""] + tail + [""] + chrome_bottom) + "\n"


def word_from_records(records: dict) -> str:
    """Write parsed letter rows back out as a Word-to-text export: one
    paragraph a line, each footnote's marker at the end of its paragraph and
    its body right after (as Word does). Lets a letter that came as PDF or
    Markdown be re-exported in every format too."""
    notes: dict[str, list[dict]] = {}
    for f in records["footnotes"]:
        notes.setdefault(f["paragraph_id"], []).append(f)
    lines = []
    for p in sorted(records["paragraphs"], key=lambda r: r["ordinal"]):
        text = p["text"]
        own = sorted(notes.get(p["id"], []), key=lambda f: f["number"])
        text += "".join(f"[footnoteRef:{f['number']}]" for f in own)
        text += "".join(f" [{f['number']}:  {f['text']}]" for f in own)
        if p["kind"] == "decision" and not text.startswith("="):
            pass
        lines += [text, ""]
    return "\n".join(lines) + "\n"
