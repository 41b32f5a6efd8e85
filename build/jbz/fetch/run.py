"""The steps of `jbz fetch`: list the dossier, plan, download, record.

Listing first (every page, until the reported total), then the listing is
stored, then each publication that is new or changed is downloaded, one at a
time, each finished by its provenance record. A failed download is reported
and the others go on; the next run retries it (nothing half-written stays).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import plan as P
from . import sru, store
from .client import Client, FetchError, Response


@dataclass
class Summary:
    listed: int = 0
    reported_total: int = 0
    pages: int = 0
    steps: list[P.Step] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)  # publications whose XML was written
    changed: list[str] = field(default_factory=list)  # of those, the ones whose text changed
    confirmed: list[str] = field(default_factory=list)  # asked again, found unchanged
    failed: list[str] = field(default_factory=list)  # messages
    requests: int = 0

    def count(self, action: str) -> int:
        return sum(1 for s in self.steps if s.action == action)


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def list_dossier(client: Client, base_url: str, dossier: str, since: str | None, echo: Callable[[str], None]) -> tuple[list[sru.Record], int, int]:
    """Every record of the dossier, page by page until the reported total
    (or an empty page: the total can be an estimate)."""
    cql = sru.query(dossier, since)
    records: dict[str, sru.Record] = {}
    start, pages, total = 1, 0, 0
    while True:
        page = sru.parse_page(client.get(sru.page_url(base_url, cql, start)).body)
        pages += 1
        total = page.total
        for rec in page.records:
            records.setdefault(rec.identifier, rec)
        received = start - 1 + len(page.records)
        echo(f"listing: page {pages}, records {start}-{received} of {total}")
        if not page.records or received >= total:
            break
        nxt = page.next_position if page.next_position and page.next_position > start else start + len(page.records)
        if pages > total + 1:  # a service that never advances
            raise sru.SruError(f"paging does not advance (page {pages}, startRecord {nxt}, {total} records reported)")
        start = nxt
    if len(records) < total:
        echo(f"warning: the service reported {total} records but gave {len(records)}; the count may be an estimate")
    return sorted(records.values(), key=lambda r: r.identifier), total, pages


def _validators(resp: Response) -> dict:
    headers = {k.lower(): v for k, v in resp.headers.items()}
    return {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}


def _looks_like_xml(body: bytes) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return head.startswith(b"<") and not head.startswith((b"<!doctype html", b"<html"))


def fetch_one(client: Client, letters_dir: Path, step: P.Step, known: dict | None, present: bool, now: str) -> str:
    """Download one publication (conditionally when it was fetched before);
    returns what happened: `downloaded`, `changed` or `unchanged`."""
    rec = step.record
    url = P.xml_url(rec)
    headers = {}
    if known and present:
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
    resp = client.get(url, headers)
    record = {
        **(known or {}),
        "identifier": rec.identifier,
        "listing": rec.to_json(),
        "xml_url": url,
        "page_url": P.page_url(rec),
        "metadata_url": P.metadata_url(rec),
        "file": store.publication_file(rec.identifier),
        "metadata_file": f"{rec.identifier}.metadata.xml",
        "checked_at": now,
    }
    if resp.status == 304:
        store.save_publication(letters_dir, record, None, None)
        return "unchanged"
    if not _looks_like_xml(resp.body):
        raise FetchError(f"{url}: the answer is not XML (it starts with {resp.body[:60]!r})")
    sha = hashlib.sha256(resp.body).hexdigest()
    if known and present and known.get("sha256") == sha:
        store.save_publication(letters_dir, {**record, **_validators(resp)}, None, None)
        return "unchanged"
    metadata = client.get(P.metadata_url(rec)).body
    previous = list((known or {}).get("previous_versions") or [])
    changed = bool(known and known.get("sha256") and known["sha256"] != sha)
    if changed:
        previous.append({k: known.get(k) for k in ("sha256", "retrieved_at", "etag", "last_modified", "xml_url")}
                        | {"modified": (known.get("listing") or {}).get("modified")})
    record.update(
        _validators(resp),
        retrieved_at=now,
        sha256=sha,
        size=len(resp.body),
        metadata_sha256=hashlib.sha256(metadata).hexdigest(),
        previous_versions=previous,
    )
    store.save_publication(letters_dir, record, resp.body, metadata)
    return "changed" if changed else "downloaded"


def run(
    letters_dir: Path,
    client: Client,
    dossier: str = "32317",
    since: str | None = None,
    base_url: str = sru.DEFAULT_BASE_URL,
    dry_run: bool = False,
    echo: Callable[[str], None] = print,
    now: Callable[[], str] = utc_now,
) -> Summary:
    letters_dir = Path(letters_dir)
    summary = Summary()
    records, summary.reported_total, summary.pages = list_dossier(client, base_url, dossier, since, echo)
    summary.listed = len(records)
    provenance = store.read_provenance(letters_dir)
    present = store.present_files(letters_dir)
    summary.steps = P.plan(records, provenance, present)
    if dry_run:
        for s in summary.steps:
            if s.action in (P.NEW, P.CHANGED):
                echo(f"would fetch ({s.action}): {s.record.identifier}: {s.reason}")
        summary.requests = client.requests
        return summary

    old = store.read_listing(letters_dir)
    merged = {r["identifier"]: r for r in old.get("records", []) if isinstance(r, dict) and r.get("identifier")}
    merged.update({r.identifier: r.to_json() for r in records})
    store.write_listing(letters_dir, {
        "dossier": dossier,
        "query": sru.query(dossier),
        "records": [merged[k] for k in sorted(merged)],
    })

    todo = [s for s in summary.steps if s.action in (P.NEW, P.CHANGED)]
    for i, s in enumerate(todo, start=1):
        ident = s.record.identifier
        known = provenance.get(ident)
        try:
            outcome = fetch_one(client, letters_dir, s, known, bool(known) and known.get("file") in present, now())
        except (FetchError, OSError) as exc:
            summary.failed.append(f"{ident}: {exc}")
            echo(f"[{i}/{len(todo)}] {ident}: failed: {exc}")
            continue
        {"downloaded": summary.downloaded, "changed": summary.changed, "unchanged": summary.confirmed}[outcome].append(ident)
        if outcome == "changed":
            summary.downloaded.append(ident)
        echo(f"[{i}/{len(todo)}] {ident}: {outcome} ({s.action}: {s.reason})")
    summary.requests = client.requests
    return summary
