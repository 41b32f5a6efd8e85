"""Letters folder in, table rows out: the order of the build's steps.

Only `sources.load_sources` touches files; every other step is a pure
function of the text. Writing the database and the package is the caller's
job (`jbz.cli`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import dates, enrich, reference, sources
from .coverage import coverage
from .normalize import normalize, xml
from .parse import parse_text
from .schema import TABLES, table

Tables = dict[str, list[dict]]


@dataclass
class BuildResult:
    tables: Tables
    errors: list[sources.SourceError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def empty_tables() -> Tables:
    return {t.name: [] for t in TABLES}


def parse_source(src: sources.Source) -> Tables:
    """One letter's rows, with its coverage; raises SourceError for a text
    that is not a JBZ letter or is cut off."""
    text = src.text
    if xml.looks_like(text):  # the checks read the official XML's words, not its markup
        try:
            text = xml.plain_text(text)
        except xml.XmlError as exc:
            raise sources.SourceError(src.name, "bad-xml", exc.args[0]) from None
    reason = sources.looks_like_jbz_letter(text)
    if reason:
        raise sources.SourceError(src.name, "not-a-letter", reason)
    norm = normalize(src.text)  # once, for the cut-off check and the parser
    reason = sources.looks_truncated(text, norm)
    if reason:
        raise sources.SourceError(src.name, "truncated", reason)
    records = parse_text(src.text, source_file=src.name, sha256=src.sha256, norm=norm)
    letter = records["letters"][0]
    pieces = [p["text"] for p in records["paragraphs"]] + [f["text"] for f in records["footnotes"]]
    letter["coverage"] = round(coverage(src.text, letter["source_format"], pieces, {f["number"] for f in records["footnotes"]}), 6)
    return records


def parse_file(path: Path) -> Tables:
    """Parse one file (for `jbz parse FILE`)."""
    return parse_source(sources.read_source(Path(path)))


def _merge_meetings(rows: list[dict], issues: list[dict]) -> list[dict]:
    """Letters about the same meeting each bring a meetings row: keep one,
    filling gaps from the others and noting where they disagree."""
    merged: dict[str, dict] = {}
    for row in rows:
        have = merged.get(row["id"])
        if have is None:
            merged[row["id"]] = dict(row)
            continue
        for key, value in row.items():
            if have.get(key) is None:
                have[key] = value
            elif value is not None and value != have[key] and key in ("end_date", "location", "informal"):
                issues.append(
                    {"letter_id": None, "source_file": None, "kind": "meeting-conflict",
                     "message": f"letters about {row['id']} disagree on {key}: {have[key]!r} vs {value!r}"}
                )
    return list(merged.values())


MONTHS = tuple(dates.MONTHS)  # "januari" … "december", in order


def meeting_label(meeting: dict) -> str:
    """"JBZ-Raad 12-13 juni 2025, Luxemburg"; "JBZ-Raad 5 en 7 maart 2025" (two days apart); "Informele JBZ-Raad 30-31 januari 2025"."""
    start, end = meeting["start_date"], meeting["end_date"] or meeting["start_date"]
    y1, m1, d1 = (int(x) for x in start.split("-"))
    y2, m2, d2 = (int(x) for x in end.split("-"))
    days = json.loads(meeting.get("days") or "[]")
    consecutive = len(days) != 2 or (date.fromisoformat(days[1]) - date.fromisoformat(days[0])).days <= 1
    if start == end:
        when = f"{d1} {MONTHS[m1 - 1]} {y1}"
    elif (y1, m1) == (y2, m2):
        when = f"{d1}{'-' if consecutive else ' en '}{d2} {MONTHS[m1 - 1]} {y1}"
    else:
        when = f"{d1} {MONTHS[m1 - 1]}{'' if y1 == y2 else f' {y1}'} - {d2} {MONTHS[m2 - 1]} {y2}"
    name = "Informele JBZ-Raad" if meeting.get("informal") else "JBZ-Raad"
    return f"{name} {when}" + (f", {meeting['location']}" if meeting.get("location") else "")


def build_tables(letters_dir: Path) -> BuildResult:
    loaded, errors = sources.load_sources(Path(letters_dir))
    per_letter: list[Tables] = []
    seen_ids: dict[str, str] = {}
    for src in loaded:
        try:
            records = parse_source(src)
        except sources.SourceError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable letter must not stop the others
            errors.append(sources.SourceError(src.name, "parse-error", f"could not be parsed ({type(exc).__name__}: {exc}); please report it with the file"))
            continue
        letter_id = records["letters"][0]["id"]
        if letter_id in seen_ids:
            errors.append(
                sources.SourceError(src.name, "duplicate", f"is the same letter ({letter_id}) as {seen_ids[letter_id]}")
            )
            continue
        seen_ids[letter_id] = src.name
        per_letter.append(enrich.enrich_letter(records))

    tables = empty_tables()
    for records in per_letter:
        for name, rows in records.items():
            tables[name].extend(rows)
    tables["meetings"] = _merge_meetings(tables["meetings"], tables["data_issues"])
    for name, rows in reference.reference_tables().items():
        tables[name] = rows
    for meeting in tables["meetings"]:
        meeting["presidency"] = reference.presidency_for(meeting["start_date"])
        meeting["label"] = meeting_label(meeting)
    tables = enrich.link(tables)  # inferred numbers, citation targets, people
    sources.record_errors(tables, errors)
    _add_inventory(Path(letters_dir), tables, errors)
    for i, row in enumerate(sorted(tables["data_issues"], key=lambda r: (r.get("letter_id") or "~", r.get("source_file") or "", r["kind"], r["message"])), start=1):
        row["id"] = i
    for name in tables:
        tables[name].sort(key=lambda r, t=name: _sort_key(t, r))
    return BuildResult(tables=tables, errors=errors)


def _add_inventory(letters_dir: Path, tables: Tables, errors: list) -> None:
    """The `documents` table from the stored listing and provenance records
    (letters/official/, written by `jbz fetch`); a record that cannot be read
    is reported like a rejected file."""
    from .fetch import inventory, store

    try:
        listed, provenance = store.read_official(letters_dir)
    except ValueError as exc:
        err = sources.SourceError(store.OFFICIAL_DIR, "unreadable", str(exc))
        errors.append(err)
        sources.record_errors(tables, [err])
        listed, provenance = [], {}
    tables["documents"], issues = inventory.documents(listed, provenance, tables["letters"], errors)
    tables["data_issues"].extend({"id": None, **issue} for issue in issues)


def _sort_key(table_name: str, row: dict) -> tuple:
    key = []
    for col in table(table_name).primary_key:
        value = row.get(col)
        key.append((0, value, "") if isinstance(value, int) else (1, 0, str(value or "")))
    return tuple(key)
