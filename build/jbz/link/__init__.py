"""Links across letters, each step with maps built once, so the cost grows
with the number of letters, not its square.

The per-letter stage (`jbz.enrich.enrich_letter`) hands this package a small
`LinkInput` per letter: its letters row, meetings row, signatories, data
issues and the Kamerstuk references that may name another letter (with the
words around them). `link_letters` turns those into `Links`: numbers inferred
from other letters' citations (and the new ids that follow), citation
targets, people, the chamber of letters that do not say it, the merged
meetings and the data issues. `finish_letter` then applies `Links` to one
letter's full rows, in O(rows of that letter), as they stream to the database.
"""

from __future__ import annotations

from .core import KAMERSTUK_KINDS, LinkInput, Links, finish_letter, link_input, link_letters, link_tables, rename_in_rows, rename_letter
from .numbers import cited_kind

__all__ = [
    "KAMERSTUK_KINDS", "LinkInput", "Links", "cited_kind", "finish_letter", "link_input", "link_letters", "link_tables",
    "rename_in_rows", "rename_letter",
]
