"""`jbz` command line: `jbz build`, `jbz check`, `jbz parse`, `jbz validate`.

Each command is a thin wrapper over the Python API (`jbz.pipeline`,
`jbz.database`, `jbz.package`), the way sqlite-utils mirrors its library.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from . import __version__

Tables = dict[str, list[dict]]


@click.group()
@click.version_option(__version__)
def cli() -> None:
    """JBZ Brieven: the Dutch government's JBZ-Raad letters as data."""


def build_info(tables: Tables, errors: list) -> dict[str, str]:
    """What the site shows about this build. No clock time, so the same
    letters give the same database; `built_at` only from SOURCE_DATE_EPOCH
    (the reproducible-builds convention) when it is set."""
    sources = hashlib.sha256("\n".join(sorted(r.get("source_sha256") or "" for r in tables["letters"])).encode()).hexdigest()
    info = {
        "version": __version__,
        "letters": str(len(tables["letters"])),
        "rejected_files": str(len(errors)),
        "sources_sha256": sources,
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        info["built_at"] = datetime.fromtimestamp(int(epoch), timezone.utc).isoformat()
    return info


def write_inspect_file(db_path: Path, inspect_path: Path) -> None:
    """`datasette inspect`: table counts for `datasette serve --inspect-file`,
    so an immutable database is not counted on every start."""
    subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(inspect_path)],
        check=True,
    )


def report(tables: Tables) -> list[str]:
    """One line per letter: id, kind, items, paragraphs, footnotes, issues, coverage, source file."""
    count: dict[str, dict] = {name: {} for name in ("agenda_items", "paragraphs", "footnotes", "data_issues")}
    for name, per_letter in count.items():
        for row in tables.get(name, []):
            per_letter[row.get("letter_id")] = per_letter.get(row.get("letter_id"), 0) + 1
    lines = [f"{'letter':28} {'kind':20} {'items':>5} {'paras':>5} {'notes':>5} {'issues':>6} {'coverage':>9}  source"]
    for letter in tables["letters"]:
        lid = letter["id"]
        cov = letter.get("coverage")
        lines.append(
            f"{lid:28} {letter.get('doc_kind') or '':20} {count['agenda_items'].get(lid, 0):5} "
            f"{count['paragraphs'].get(lid, 0):5} {count['footnotes'].get(lid, 0):5} {count['data_issues'].get(lid, 0):6} "
            f"{'' if cov is None else f'{cov * 100:.2f}%':>9}  {letter.get('source_file') or ''}"
        )
    return lines


def _parse_all(letters_dir: Path):
    from .pipeline import build_tables

    if not letters_dir.is_dir():
        raise click.ClickException(f"{letters_dir}: no such folder of letters")
    result = build_tables(letters_dir)
    for line in report(result.tables):
        click.echo(line)
    for err in result.errors:
        click.echo(f"error: {err}", err=True)
    return result


def _exit_for(result) -> None:
    if result.errors:
        click.echo(f"{len(result.errors)} file(s) rejected; the other {len(result.tables['letters'])} letter(s) are in", err=True)
        sys.exit(1)


LETTERS_OPTION = click.option(
    "--letters", "letters_dir", default="letters", show_default=True, type=click.Path(path_type=Path), help="Folder of letter files."
)


@cli.command()
@LETTERS_OPTION
@click.option("--out", "out_dir", default=".", show_default=True, type=click.Path(path_type=Path), help="Where dist/jbz.db, datapackage.json and data/ go.")
def build(letters_dir: Path, out_dir: Path) -> None:
    """Parse every letter in LETTERS and write OUT/dist/jbz.db,
    OUT/dist/inspect.json, OUT/datapackage.json, OUT/data/*.csv and the
    site's metadata.

    Files that cannot be used are reported and left out; the other letters
    are written all the same, and the exit status is 1.
    """
    from .database import write_database
    from .package import write_package

    result = _parse_all(letters_dir)
    tables = result.tables
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    write_database(tables, db_path, build_info=build_info(tables, result.errors))
    write_inspect_file(db_path, out_dir / "dist" / "inspect.json")
    write_package(tables, out_dir)
    try:
        from . import site
    except ImportError:
        site = None
    if site is not None and hasattr(site, "write_site_files"):
        site.write_site_files(out_dir)
    click.echo(f"wrote {db_path}, {out_dir / 'datapackage.json'} and {out_dir / 'data'}/*.csv", err=True)
    _exit_for(result)


@cli.command()
@LETTERS_OPTION
def check(letters_dir: Path) -> None:
    """Parse every letter in LETTERS and report, writing nothing: exit
    status 1 when a file would be rejected."""
    _exit_for(_parse_all(letters_dir))


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--table", "only", multiple=True, help="Only these tables (repeatable).")
@click.option("--with-text", is_flag=True, help="Include the verbatim source text in the letters row.")
def parse(path: Path, only: tuple[str, ...], with_text: bool) -> None:
    """Parse one letter file and print its rows as JSON, by table."""
    from .pipeline import parse_file
    from .sources import SourceError

    try:
        records = parse_file(path)
    except SourceError as err:
        raise click.ClickException(str(err)) from None
    if not with_text:
        for row in records["letters"]:
            row.pop("text", None)
    if only:
        records = {k: v for k, v in records.items() if k in only}
    click.echo(json.dumps({k: v for k, v in records.items() if v}, indent=2, ensure_ascii=False))


@cli.command()
@click.argument("out_dir", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate(out_dir: Path) -> None:
    """Validate OUT_DIR/datapackage.json with Frictionless (types,
    constraints, primary and foreign keys); exit status 1 when invalid."""
    from .package import validate_package

    errors = validate_package(out_dir)
    for err in errors:
        click.echo(err, err=True)
    if errors:
        sys.exit(1)
    click.echo(f"{out_dir / 'datapackage.json'}: valid")


if __name__ == "__main__":
    cli()
