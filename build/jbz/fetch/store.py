"""The fetched files and their provenance under letters/: the only file I/O of `jbz fetch`.

Layout (the build reads only the top level of letters/, so the records
beside the publications are never taken for letters):

    letters/<identifier>.xml                  the official XML, byte for byte
    letters/official/<identifier>.json        its provenance record
    letters/official/<identifier>.metadata.xml  the publication's metadata
    letters/official/listing.json             every record of the last listings

Every write goes to a temporary file first and is renamed into place, and a
publication's provenance record is written last: an interrupted run leaves
either the old state or the new one, and the next run picks up from there.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .sru import Record

OFFICIAL_DIR = "official"
LISTING = "listing.json"


def official_dir(letters_dir: Path) -> Path:
    return Path(letters_dir) / OFFICIAL_DIR


def dumps(data: dict) -> bytes:
    """Stable JSON: sorted keys, so the same facts give the same bytes."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publication_file(identifier: str) -> str:
    return f"{identifier}.xml"


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as a JSON record ({exc}); fetch again or remove it") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: is not a JSON object; fetch again or remove it")
    return data


def read_provenance(letters_dir: Path) -> dict[str, dict]:
    """Every provenance record, by identifier."""
    folder = official_dir(letters_dir)
    if not folder.is_dir():
        return {}
    records = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == LISTING:
            continue
        data = read_json(path)
        records[data.get("identifier") or path.stem] = data
    return records


def read_listing(letters_dir: Path) -> dict:
    """The stored listing ({} when none): `records` is a list of Record JSON."""
    path = official_dir(letters_dir) / LISTING
    return read_json(path) if path.is_file() else {}


def listing_records(listing: dict) -> list[Record]:
    return [Record.from_json(r) for r in listing.get("records", []) if isinstance(r, dict) and r.get("identifier")]


def write_listing(letters_dir: Path, listing: dict) -> bool:
    """Write the listing when its records changed; True when written."""
    old = read_listing(letters_dir)
    if old.get("records") == listing.get("records") and old.get("query") == listing.get("query"):
        return False
    write_atomic(official_dir(letters_dir) / LISTING, dumps(listing))
    return True


def present_files(letters_dir: Path) -> set[str]:
    folder = Path(letters_dir)
    return {p.name for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()


def file_sha256(letters_dir: Path, name: str) -> str | None:
    import hashlib

    path = Path(letters_dir) / name
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def save_publication(letters_dir: Path, record: dict, body: bytes | None, metadata: bytes | None) -> None:
    """Write a publication's XML (when given), its metadata (when given) and then its record."""
    if body is not None:
        write_atomic(Path(letters_dir) / record["file"], body)
    if metadata is not None:
        write_atomic(official_dir(letters_dir) / record["metadata_file"], metadata)
    write_atomic(official_dir(letters_dir) / f"{record['identifier']}.json", dumps(record))


def read_official(letters_dir: Path) -> tuple[list[dict], dict[str, dict]]:
    """For the build: the listed records (as JSON) and the provenance records."""
    return read_listing(letters_dir).get("records", []), read_provenance(letters_dir)
