"""Which of two copies of the same letter is kept: decided by content,
never by file name or file order.

Two files are the same letter when their bytes are identical, when their
text is identical apart from spacing and line ends, or when they parse to
the same letter id (the same letter in two exports). The rule, in order:

1. the copy whose Kamerstuk number is printed in it (`nummer_source` = stated);
2. the richer export: more footnotes; then the export that keeps the most
   of the letter's structure (Word with its explicit footnote markers, the
   official XML, Markdown, PDF text, a copied web page); then more agenda
   items and more paragraphs;
3. the higher coverage;
4. the smaller SHA-256 of the file's bytes (any fixed order of contents).

Copies of the same text (`pipeline.parse_folder`, `sources.load_sources`) keep the
one with the fewest bytes (no carriage returns, byte-order mark or extra
spaces), then the smallest SHA-256. Byte-identical copies give the same
rows whichever is kept; the alphabetically first name is kept so the
build is deterministic.
"""

from __future__ import annotations

Tables = dict[str, list[dict]]
FORMATS = ("word", "xml", "markdown", "pdf", "web")  # most structure kept first


def rank(letter: dict, counts: dict[str, int], sha256: str) -> tuple:
    """Sort key of a parsed copy (its letters row and its row counts, as in
    `jbz.link.link_input`): the smallest is kept."""
    fmt = letter.get("source_format")
    return (
        letter.get("nummer_source") != "stated",
        -counts.get("footnotes", 0),
        FORMATS.index(fmt) if fmt in FORMATS else len(FORMATS),
        -counts.get("agenda_items", 0),
        -counts.get("paragraphs", 0),
        -(letter.get("coverage") or 0),
        sha256,
    )


def copy_key(size: int, sha256: str, name: str) -> tuple:
    """Sort key of copies of one text (same bytes, or other line ends or
    spacing): the smallest is kept."""
    return (size, sha256, name)
