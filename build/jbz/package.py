"""Table rows in, Frictionless data package out: `data/<table>.csv` and
`datapackage.json`, both generated from `jbz.schema` and byte-identical
from one build of the same letters to the next (no timestamps, fixed order).
"""

from __future__ import annotations

import csv
import filecmp
import io
import json
from pathlib import Path

from . import __version__
from .database import sort_key
from .schema import TABLES, Column, Table

Tables = dict[str, list[dict]]

NAME = "jbz-brieven"
TITLE = "JBZ Brieven: the Dutch government's letters on the EU Justice and Home Affairs Council"
DESCRIPTION = (
    "Before and after every EU Justice and Home Affairs Council (JBZ-Raad) the Dutch government sends parliament "
    "a letter in Kamerstuk dossier 32 317: a geannoteerde agenda (what is on the agenda and what the Netherlands "
    "will say) and a verslag (what happened). This package holds those letters as structure: letters, meetings, "
    "agenda items with decisions, paragraphs, footnotes, signatories, citations, motions, people and mentions, "
    "with the source text of every letter kept verbatim. Data: CC0-1.0 (Dutch official publications carry no "
    "copyright). Code: Apache-2.0."
)
LICENSES = [
    {"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
]
SOURCES = [
    {"title": "Officiële bekendmakingen: Kamerstukken, dossier 32 317 (JBZ-Raad)", "path": "https://zoek.officielebekendmakingen.nl/dossier/32317"},
    {"title": "Tweede Kamer: Kamerstukdossier 32 317 JBZ-Raad", "path": "https://www.tweedekamer.nl/kamerstukken/kamerstukdossiers?id=32317"},
]
KEYWORDS = ["JBZ-Raad", "Justice and Home Affairs Council", "EU", "Netherlands", "Kamerstukken", "32317", "geannoteerde agenda", "verslag"]


def field_descriptor(c: Column) -> dict:
    f: dict = {"name": c.name, "type": c.type, "description": c.description}
    constraints = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if constraints:
        f["constraints"] = constraints
    if c.type == "boolean":
        f["trueValues"] = ["1"]
        f["falseValues"] = ["0"]
    return f


def resource_descriptor(t: Table) -> dict:
    schema: dict = {
        "fields": [field_descriptor(c) for c in t.columns],
        "primaryKey": list(t.primary_key),
    }
    fks = []
    for c in t.columns:
        if c.foreign_key:
            other, other_col = c.foreign_key.split(".")
            fks.append({"fields": [c.name], "reference": {"resource": "" if other == t.name else other, "fields": [other_col]}})
    if fks:
        schema["foreignKeys"] = fks
    return {
        "name": t.name.replace("_", "-"),
        "title": t.title,
        "description": t.description,
        "path": f"data/{t.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": schema,
    }


def descriptor() -> dict:
    resources = [resource_descriptor(t) for t in TABLES]
    # Frictionless names resources with lower-case letters, digits and dashes; foreign keys follow
    for res in resources:
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"]:
                fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "homepage": "https://zoek.officielebekendmakingen.nl/dossier/32317",
        "keywords": KEYWORDS,
        "licenses": LICENSES,
        "sources": SOURCES,
        "resources": resources,
    }


def cell(value, col: Column) -> str:
    """One CSV cell: NULL empty, booleans 1/0 (the field's trueValues/falseValues),
    arrays as JSON text (as in the database), floats in shortest round-trip form."""
    if value is None:
        return ""
    if col.type == "boolean":
        return "1" if value else "0"
    if col.type == "array" and not isinstance(value, str):
        return json.dumps(list(value), ensure_ascii=False)
    if col.type == "number" and isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(t: Table, rows: list[dict]) -> str:
    """Header in schema order, rows in primary-key order, `\\n` line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(t.column_names)
    for row in sorted(rows, key=lambda r: sort_key(t, r)):
        writer.writerow([cell(row.get(c.name), c) for c in t.columns])
    return buf.getvalue()


def descriptor_text() -> str:
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    """Leave an identical file untouched (its mtime too), so rebuilding
    unchanged letters does not show up as a change anywhere."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _replace_if_changed(tmp: Path, path: Path) -> None:
    """Keep an identical existing file (and its mtime); else move `tmp` over it."""
    if path.exists() and path.stat().st_size == tmp.stat().st_size and filecmp.cmp(tmp, path, shallow=False):
        tmp.unlink()
    else:
        tmp.replace(path)


def write_csvs_from_database(db_path: Path, out_dir: Path, only: list[str] | None = None) -> None:
    """`out_dir/data/<table>.csv` (every table, or those in `only`) streamed out of the built database, in
    primary-key order: the same cells as `csv_text` (NULL empty, booleans 1/0,
    arrays as the JSON text the database holds, floats in shortest form)
    without holding a table in memory."""
    from .database import read_source, shared_column_sql, sqlite3

    data = Path(out_dir) / "data"
    data.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for t in TABLES:
            if only is not None and t.name not in only:
                continue
            path = data / f"{t.name}.csv"
            tmp = path.with_name(path.name + ".tmp")
            cols = ", ".join(shared_column_sql(t, c) for c in t.columns)  # shared texts as their text
            order = ", ".join(f"[{c}]" for c in t.primary_key)
            with tmp.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(t.column_names)
                cursor = conn.execute(f"SELECT {cols} FROM [{t.name}] ORDER BY {order}")
                stored = [i for i, c in enumerate(t.columns) if c.stored == "source"]
                while True:
                    batch = cursor.fetchmany(5000)
                    if not batch:
                        break
                    if stored:  # the sources as text again (the database holds them compressed)
                        key = t.column_names.index(t.primary_key[0])
                        batch = [[read_source(conn, row[key]).decode("utf-8") if i in stored and row[i] is not None else v
                                  for i, v in enumerate(row)] for row in batch]
                    writer.writerows(["" if v is None else repr(v) if isinstance(v, float) else v for v in row] for row in batch)
            _replace_if_changed(tmp, path)
    finally:
        conn.close()


def write_descriptor(out_dir: Path) -> None:
    _write_if_changed(Path(out_dir) / "datapackage.json", descriptor_text())


def write_package(tables: Tables, out_dir: Path) -> None:
    """`out_dir/data/<table>.csv` for every schema table and `out_dir/datapackage.json`."""
    out_dir = Path(out_dir)
    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        _write_if_changed(data / f"{t.name}.csv", csv_text(t, tables.get(t.name, [])))
    _write_if_changed(out_dir / "datapackage.json", descriptor_text())


def validate_package(out_dir: Path) -> list[str]:
    """Frictionless validation of `out_dir/datapackage.json` (types, constraints,
    primary and foreign keys): the errors in words, empty when valid."""
    from frictionless import validate

    report = validate(str(Path(out_dir) / "datapackage.json"))
    if report.valid:
        return []
    errors = [f"{e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        errors += [f"{task.name}: {e.message}" for e in task.errors]
    return errors
