"""`jbz` command line: `jbz build`, `jbz check`, `jbz parse`, `jbz validate`, `jbz fetch`, `jbz serve`.

Each command is a thin wrapper over the Python API (`jbz.pipeline`,
`jbz.database`, `jbz.package`), the way sqlite-utils mirrors its library.
"""

from __future__ import annotations

import hashlib
import json
import os
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


def build_info(letters, errors: list) -> dict[str, str]:
    """What the site shows about this build. No clock time, so the same
    letters give the same database; `built_at` only from SOURCE_DATE_EPOCH
    (the reproducible-builds convention) when it is set."""
    if isinstance(letters, dict):  # the tables of a build
        letters = letters["letters"]
    sources = hashlib.sha256("\n".join(sorted(r.get("source_sha256") or "" for r in letters)).encode()).hexdigest()
    info = {
        "version": __version__,
        "letters": str(len(letters)),
        "rejected_files": str(len(errors)),
        "sources_sha256": sources,
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        info["built_at"] = datetime.fromtimestamp(int(epoch), timezone.utc).isoformat()
    return info


def write_inspect_file(db_path: Path, inspect_path: Path) -> None:
    """What `datasette inspect` writes (hash, size, table counts) for
    `datasette serve --inspect-file`, so an immutable database is not counted
    on every start; made in this process (`jbz.incremental.inspect_data`)."""
    from .incremental import write_inspect_file as write

    write(db_path, inspect_path)


def report(rows: list[dict]) -> list[str]:
    """One line per letter: id, kind, items, paragraphs, footnotes, issues,
    coverage, source file (`rows` from `Parsed.report_rows`)."""
    lines = [f"{'letter':28} {'kind':20} {'items':>5} {'paras':>5} {'notes':>5} {'issues':>6} {'coverage':>9}  source"]
    for row in rows:
        letter = row["letter"]
        cov = letter.get("coverage")
        lines.append(
            f"{letter['id']:28} {letter.get('doc_kind') or '':20} {row['agenda_items']:5} "
            f"{row['paragraphs']:5} {row['footnotes']:5} {row['data_issues']:6} "
            f"{'' if cov is None else f'{cov * 100:.2f}%':>9}  {letter.get('source_file') or ''}"
        )
    return lines


def write_build(parsed, out_dir: Path, stage: Path, info: dict, full: bool = False) -> dict:
    """The outputs into `stage`: the previous build's brought up to date
    (`jbz.incremental`) when it can be, else written in full. Returns what
    `finish_build` needs once they are in place."""
    from . import incremental
    from .output import write_outputs

    incremental.HASHES.used.clear()  # the checksums this build's outputs have, saved with its state
    result = None if full else incremental.write_incremental(parsed, out_dir, stage, info)
    if result is not None:
        timings, state = result
        return {"state": state, "timings": timings, "incremental": True}
    found: dict = {}
    timings = write_outputs(parsed, stage, info, inspect=write_inspect_file, state=found)
    state = incremental.state_after_full_build(parsed, found, stage, info) if found else None
    return {"state": state, "timings": timings, "incremental": False}


def write_all(parsed, out_dir: Path, info: dict, full: bool = False) -> dict:
    """Every output of `jbz build` for parsed letters, staged and moved into
    place all or nothing (`jbz.atomic_output`); returns what `write_build` did."""
    from .atomic_output import staged_output, sweep

    # the outputs the last build replaced are deleted beside this build (jbz.atomic_output.sweep)
    retire = parsed.cache.dir / "retired" if parsed.cache is not None else None
    sweeping = sweep(retire)
    try:
        with staged_output(out_dir, retire=retire) as stage:  # every file, then atomic renames: all or nothing
            written = write_build(parsed, out_dir, stage, info, full=full)
            try:
                from . import site
            except ImportError:
                site = None
            if site is not None and hasattr(site, "write_site_files"):
                site.write_site_files(stage, readme=out_dir / "README.md", cache_dir=parsed.cache.dir if parsed.cache is not None else None)
            if sweeping is not None:
                sweeping.join()  # before this build's replaced files are retired there
    finally:
        if sweeping is not None:
            sweeping.join()
    finish_build(parsed, out_dir, written)
    return written


def finish_build(parsed, out_dir: Path, written: dict) -> None:
    """After the outputs are in place: save the build state for the next
    incremental build (and a spare database after a full build)."""
    from . import incremental

    if parsed.cache is None:
        return
    if written["state"] is None:
        incremental.drop_state(parsed.cache.root)
        return
    incremental.finish_state(written["state"], out_dir, parsed.cache.root, make_spare=not written["incremental"])


def _parse_all(letters_dir: Path, cache_dir: Path | None = None, full: bool = False):
    from .pipeline import parse_folder

    if not letters_dir.is_dir():
        raise click.ClickException(f"{letters_dir}: no such folder of letters")
    parsed = parse_folder(letters_dir, cache_dir=cache_dir, full=full)
    for line in report(parsed.report_rows()):
        click.echo(line)
    for err in parsed.errors:
        click.echo(f"error: {err}", err=True)
    return parsed


def _exit_for(parsed) -> None:
    if parsed.errors:
        click.echo(f"{len(parsed.errors)} file(s) rejected; the other {len(parsed.links.letters)} letter(s) are in", err=True)
        sys.exit(1)


LETTERS_OPTION = click.option(
    "--letters", "letters_dir", default="letters", show_default=True, type=click.Path(path_type=Path), help="Folder of letter files."
)


@cli.command()
@LETTERS_OPTION
@click.option("--out", "out_dir", default=".", show_default=True, type=click.Path(path_type=Path), help="Where dist/jbz.db, datapackage.json and data/ go.")
@click.option("--full", is_flag=True, help="Parse every letter again instead of reusing the parse cache (OUT/dist/cache).")
def build(letters_dir: Path, out_dir: Path, full: bool) -> None:
    """Parse every letter in LETTERS and write OUT/dist/jbz.db,
    OUT/dist/inspect.json, OUT/datapackage.json, OUT/data/*.csv and the
    site's metadata.

    Letters whose bytes (and the parser) are unchanged since the last build
    come from the parse cache in OUT/dist/cache, so only new or changed
    letters are parsed; the linking across letters is made anew, and the
    previous outputs are updated where letters changed (`jbz.incremental`):
    the CSVs and datapackage.json are byte for byte what a --full build
    writes, the database holds the same rows.

    Files that cannot be used are reported and left out; the other letters
    are written all the same, and the exit status is 1. With no usable
    letter at all, or when the output cannot be written, nothing is
    replaced and the exit status is 2.
    """
    from .atomic_output import OutputError, build_lock, check_out_dir

    try:
        check_out_dir(out_dir)
        with build_lock(out_dir, waiting=lambda msg: click.echo(msg, err=True)):  # a second build waits
            parsed = _parse_all(letters_dir, cache_dir=out_dir / "dist" / "cache", full=full)
            if not parsed.links.letters:
                click.echo(f"error: {letters_dir}: no usable letter in this folder; nothing written, the previous output is left as it was", err=True)
                sys.exit(2)
            written = write_all(parsed, out_dir, build_info(list(parsed.links.letters.values()), parsed.errors), full=full)
    except OutputError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    how = (f"updated for {written['timings']['changed']} changed and {written['timings']['removed']} removed letter(s)"
           if written["incremental"] else "written in full")
    click.echo(f"wrote {out_dir / 'dist' / 'jbz.db'}, {out_dir / 'datapackage.json'} and {out_dir / 'data'}/*.csv, {how} "
               f"({parsed.parsed_files} letter(s) parsed, {len(parsed.links.letters) - parsed.parsed_files} from the cache)", err=True)
    _exit_for(parsed)


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


@cli.command()
@click.option("--dossier", default="32317", show_default=True, help="Kamerstuk dossier to list.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only publications dated on or after this day.")
@LETTERS_OPTION
@click.option("--dry-run", is_flag=True, help="List and print what would be fetched; write nothing.")
@click.option("--base-url", default=None, metavar="URL", help="SRU endpoint (default: the official one).")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(min=0), help="Seconds between requests.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds before a request times out.")
@click.option("--retries", default=5, show_default=True, type=click.IntRange(min=0), help="Retries after a 429, a 5xx or a timeout.")
def fetch(dossier: str, since: str | None, letters_dir: Path, dry_run: bool, base_url: str | None, delay: float, timeout: float, retries: int) -> None:
    """List every Kamerstuk of the dossier from the official search service
    and download each new or changed letter's XML and metadata into LETTERS,
    with a provenance record in LETTERS/official/. Unchanged files are left
    alone; a run that stops half-way is picked up by the next one."""
    from .fetch import run as fetch_run
    from .fetch import sru
    from .fetch.client import Client, FetchError

    echo = lambda msg: click.echo(msg, err=True)  # noqa: E731 - progress goes to stderr
    try:
        sru.query(dossier, since)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    client = Client(delay=delay, timeout=timeout, retries=retries, log=echo)
    try:
        summary = fetch_run.run(letters_dir, client, dossier=dossier, since=since,
                                base_url=base_url or sru.DEFAULT_BASE_URL, dry_run=dry_run, echo=echo)
    except (sru.SruError, FetchError) as exc:
        raise click.ClickException(f"listing dossier {dossier} failed: {exc}") from None
    counts = {a: summary.count(a) for a in ("new", "changed", "unchanged", "not fetched")}
    click.echo(
        f"{summary.listed} listed ({summary.reported_total} reported, {summary.pages} page(s)): "
        f"{counts['new']} new, {counts['changed']} changed per the listing, {counts['unchanged']} unchanged, "
        f"{counts['not fetched']} not to fetch; "
        + ("dry run, nothing written; " if dry_run else
           f"{len(summary.downloaded)} downloaded ({len(summary.changed)} with a changed text), "
           f"{len(summary.confirmed)} confirmed unchanged, {len(summary.failed)} failed; ")
        + f"{summary.requests} request(s)"
    )
    if summary.failed:
        sys.exit(1)



@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (one per core: each makes pages on one core).")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve(workers: int, datasette_args: tuple[str, ...]) -> None:
    """Serve the site: `datasette serve` with its own options, in WORKERS processes on one port."""
    from .serve import run

    run(list(datasette_args), workers)


if __name__ == "__main__":
    cli()
