"""Two summary tables counted as a full build's letters pass by, instead of
by their SQL over the loaded tables: `summary_parts_per_letter` (paragraphs
and characters per letter and part) and `summary_mentions` (letters, items
and paragraphs naming each entity as a subject). Their SQL read the whole
paragraphs and mentions tables, about 1 s CPU each at 2,000 letters, in the
process that also builds the indexes; here they cost a pass over rows the
build's second process holds anyway (`jbz.output`).

The SQL in `jbz.queries.derived` stays their definition (the incremental
update runs it on the letters it changes): these are the rows it gives, in its
order, with SQLite's rules (NULLs first in ascending order and last in
descending, `length()` in characters up to a NUL, `sum()` of no value NULL,
NULL parts as '(none)'). A table whose rows hold anything else than these
rules were written for (a value of another type, a mention of another
letter's paragraph) is left to its SQL (`rows` leaves it out), so the
database is the same either way (tests/test_summary_counts.py)."""

from __future__ import annotations

PARTS = "summary_parts_per_letter"
MENTIONS = "summary_mentions"
NAMES = (PARTS, MENTIONS)


class _Unexpected(Exception):
    """A value the counts were not written for: the table is made by its SQL."""


def _text(value) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _Unexpected(value)


def _length(text: str) -> int:
    """SQLite's length() of a text: characters before the first NUL."""
    cut = text.find("\0")
    return len(text) if cut < 0 else cut


def _first(value) -> tuple:
    """Sort key of a text or NULL in SQLite's ascending order (NULL first, then
    the text's UTF-8 bytes, which compare as the code points do)."""
    return (0, "") if value is None else (1, value)


class SummaryCounts:
    """`add` each letter's finished rows (in any order), then `rows`."""

    def __init__(self):
        self._letters: list[tuple] = []  # (id, letter_date, meeting_id, doc_kind, label, {part: [paragraphs, characters]})
        self._entities: dict[tuple, list] = {}  # (kind, id, name) -> [letters, items, paragraphs, times named or None]
        self.left: set[str] = set()  # tables left to their SQL

    def add(self, records: dict) -> None:
        letter = records["letters"][0]
        if PARTS not in self.left:
            try:
                self._add_parts(letter, records.get("paragraphs") or ())
            except _Unexpected:
                self.left.add(PARTS)
        if MENTIONS not in self.left:
            try:
                self._add_mentions(letter, records)
            except _Unexpected:
                self.left.add(MENTIONS)

    def _add_parts(self, letter: dict, paragraphs) -> None:
        lid = _text(letter.get("id"))
        parts: dict[str, list] = {}
        for p in paragraphs:
            if p.get("letter_id") != lid:
                raise _Unexpected(p.get("letter_id"))
            part = _text(p.get("part"))
            found = parts.get("(none)" if part is None else part)
            if found is None:
                found = parts["(none)" if part is None else part] = [0, None]
            found[0] += 1
            text = _text(p.get("text"))
            if text is not None:
                found[1] = (found[1] or 0) + _length(text)
        fields = tuple(_text(letter.get(k)) for k in ("letter_date", "meeting_id", "doc_kind", "label"))
        if parts:
            self._letters.append((lid, *fields, parts))

    def _add_mentions(self, letter: dict, records: dict) -> None:
        # distinct ids counted per letter and added up: exact while every id is one of this
        # letter's own rows (ids of two letters' rows differ: they are primary keys)
        lid = letter.get("id")
        own_items = {a.get("id") for a in records.get("agenda_items") or ()}
        own_paragraphs = {p.get("id") for p in records.get("paragraphs") or ()}
        found: dict[tuple, tuple[set, set, list]] = {}
        for m in records.get("mentions") or ():
            role = _text(m.get("role"))
            if role != "subject":
                continue
            key = (_text(m.get("entity_kind")), _text(m.get("entity_id")), _text(m.get("entity")))
            if m.get("letter_id") != lid:
                raise _Unexpected(m.get("letter_id"))
            item, paragraph, count = m.get("agenda_item_id"), m.get("paragraph_id"), m.get("count")
            if (item is not None and item not in own_items) or (paragraph is not None and paragraph not in own_paragraphs):
                raise _Unexpected((item, paragraph))
            if count is not None and type(count) is not int:
                raise _Unexpected(count)
            group = found.get(key)
            if group is None:
                group = found[key] = (set(), set(), [None])
            if item is not None:
                group[0].add(item)
            if paragraph is not None:
                group[1].add(paragraph)
            if count is not None:
                group[2][0] = (group[2][0] or 0) + count
        for key, (items, paragraphs, (named,)) in found.items():
            total = self._entities.get(key)
            if total is None:
                total = self._entities[key] = [0, 0, 0, None]
            total[0] += 1
            total[1] += len(items)
            total[2] += len(paragraphs)
            if named is not None:
                total[3] = (total[3] or 0) + named

    def merge(self, other: SummaryCounts) -> None:
        """Add the letters `other` counted (none of them counted here too). The
        rows come out the same whichever counted which: their sort keys differ."""
        self.left |= other.left
        self._letters.extend(other._letters)
        for key, (letters, items, paragraphs, named) in other._entities.items():
            total = self._entities.get(key)
            if total is None:
                total = self._entities[key] = [0, 0, 0, None]
            total[0] += letters
            total[1] += items
            total[2] += paragraphs
            if named is not None:
                total[3] = (total[3] or 0) + named

    def rows(self, meetings: list[dict]) -> dict[str, list[tuple]]:
        """Table -> its rows in its SQL's order, for the tables not left to
        their SQL; `meetings`: the meetings table's rows (their start dates)."""
        out: dict[str, list[tuple]] = {}
        if PARTS not in self.left:
            try:
                out[PARTS] = self._parts_rows(meetings)
            except _Unexpected:
                self.left.add(PARTS)
        if MENTIONS not in self.left:
            out[MENTIONS] = self._mentions_rows()
        return out

    def _parts_rows(self, meetings: list[dict]) -> list[tuple]:
        start = {}
        for m in meetings:
            start[_text(m.get("id"))] = _text(m.get("start_date"))
        rows = []
        for lid, letter_date, meeting_id, doc_kind, label, parts in self._letters:
            sort_date = letter_date if letter_date is not None else start.get(meeting_id) if meeting_id is not None else None
            rows.extend((lid, letter_date, sort_date, doc_kind, label, part, n, chars) for part, (n, chars) in parts.items())
        # order by sort_date, l.id, part
        rows.sort(key=lambda r: (_first(r[2]), r[0], r[5]))
        return rows

    def _mentions_rows(self) -> list[tuple]:
        rows = [(kind, eid, name, letters, items, paragraphs, named)
                for (kind, eid, name), (letters, items, paragraphs, named) in self._entities.items()]
        # order by times_named desc (NULL last), entity, entity_id, entity_kind
        rows.sort(key=lambda r: ((1, 0) if r[6] is None else (0, -r[6]), _first(r[2]), _first(r[1]), _first(r[0])))
        return rows
