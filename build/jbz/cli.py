"""`jbz` command line: `jbz build`, `jbz parse`. Mirrors the Python API
(`jbz.pipeline`, `jbz.database`, `jbz.package`) the way sqlite-utils does."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from . import __version__


@click.group()
@click.version_option(__version__)
def cli() -> None:
    """JBZ Brieven: the Dutch government's JBZ-Raad letters as data."""


@cli.command()
@click.option("--letters", "letters_dir", default="letters", show_default=True, type=click.Path(path_type=Path), help="Folder of letter files.")
@click.option("--out", "out_dir", default=".", show_default=True, type=click.Path(path_type=Path), help="Where dist/jbz.db, datapackage.json and data/ go.")
def build(letters_dir: Path, out_dir: Path) -> None:
    """Parse every letter in LETTERS and write the database and data package.

    Files that cannot be used are reported and left out; the others are
    built all the same, and the exit status is 1.
    """
    from .database import write_database
    from .package import write_package
    from .pipeline import build_tables

    result = build_tables(letters_dir)
    tables = result.tables
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "dist" / "jbz.db"
    build_info = {
        "built_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "version": __version__,
        "letters": str(len(tables["letters"])),
        "rejected_files": str(len(result.errors)),
    }
    write_database(tables, db_path, build_info=build_info)
    write_package(tables, out_dir)
    try:
        from . import site
    except ImportError:
        site = None
    if site is not None and hasattr(site, "write_site_files"):
        site.write_site_files(out_dir)
    subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(out_dir / "dist" / "inspect.json")],
        check=True,
    )
    _report(tables)
    for err in result.errors:
        click.echo(f"error: {err}", err=True)
    click.echo(f"wrote {db_path}, {out_dir / 'datapackage.json'} and {out_dir / 'data'}/*.csv", err=True)
    if result.errors:
        click.echo(f"{len(result.errors)} file(s) rejected; the other {len(tables['letters'])} letter(s) were built", err=True)
        sys.exit(1)


def _report(tables: dict[str, list[dict]]) -> None:
    """Per letter: kind, items, paragraphs, footnotes, coverage."""
    count = {name: {} for name in ("agenda_items", "paragraphs", "footnotes", "data_issues")}
    for name in count:
        for row in tables[name]:
            count[name][row.get("letter_id")] = count[name].get(row.get("letter_id"), 0) + 1
    click.echo(f"{'letter':28} {'kind':20} {'items':>5} {'paras':>5} {'notes':>5} {'issues':>6} {'coverage':>9}  source")
    for letter in tables["letters"]:
        lid = letter["id"]
        click.echo(
            f"{lid:28} {letter['doc_kind'] or '':20} {count['agenda_items'].get(lid, 0):5} {count['paragraphs'].get(lid, 0):5} "
            f"{count['footnotes'].get(lid, 0):5} {count['data_issues'].get(lid, 0):6} {letter['coverage'] * 100:8.2f}%  {letter['source_file']}"
        )


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--table", "only", multiple=True, help="Only these tables (repeatable).")
@click.option("--with-text", is_flag=True, help="Include the verbatim source text in the letters row.")
def parse(path: Path, only: tuple[str, ...], with_text: bool) -> None:
    """Parse one letter file and print its rows as JSON."""
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


if __name__ == "__main__":
    cli()
