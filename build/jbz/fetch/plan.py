"""What `jbz fetch` does with each listed publication, and why: pure.

Only the government's letters (and annexes that carry an XML text) are
downloaded, because only they become rows; committee reports, motions and
lists of questions stay in the inventory with the reason they were left out.
A publication already fetched is asked for again only when the listing says
it changed (a new `modified` stamp or a new version in its XML URL), and then
with the validators of the last answer, so an unchanged text costs a 304.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sru import Record

OFFICIAL = "https://zoek.officielebekendmakingen.nl"
_LETTER = re.compile(r"\bbrief\b", re.I)

# What happens to a listed publication.
NEW, CHANGED, UNCHANGED, SKIPPED = "new", "changed", "unchanged", "not fetched"


@dataclass(frozen=True)
class Step:
    record: Record
    action: str  # NEW, CHANGED, UNCHANGED or SKIPPED
    reason: str  # why (for SKIPPED and CHANGED), shown by --dry-run and kept in the inventory


def is_annex(record: Record) -> bool:
    return (record.doc_type or "").lower() == "bijlage" or record.identifier.startswith("blg-")


def is_letter(record: Record) -> bool:
    """A letter from the government: the listing's document type (subrubriek)
    or its title says "brief" (`Brief`, `Brief regering`, `JBZ-Raad; Brief regering; …`)."""
    if record.subtype:
        return bool(_LETTER.search(record.subtype))
    return any(_LETTER.search(t or "") for t in (record.document_title, record.title))


def xml_url(record: Record) -> str | None:
    """The official XML: the listing's XML manifestation, or for a Kamerstuk the
    publication's .xml on the official site."""
    if record.item_urls.get("xml"):
        return record.item_urls["xml"]
    if record.identifier.startswith("kst-"):
        return f"{OFFICIAL}/{record.identifier}.xml"
    return None


def metadata_url(record: Record) -> str:
    return record.item_urls.get("metadata") or f"{OFFICIAL}/{record.identifier}/metadata.xml"


def page_url(record: Record) -> str:
    return record.page_url or f"{OFFICIAL}/{record.identifier}.html"


def why_not(record: Record) -> str | None:
    """Why a listed publication is not downloaded, or None when it is."""
    if is_annex(record):
        if not record.item_urls.get("xml"):
            kinds = ", ".join(sorted(record.item_urls)) or "none"
            return f"annex without an XML text (manifestations: {kinds}); the build reads XML and text exports only"
        return None
    if not is_letter(record):
        kind = record.subtype or record.doc_type or "unknown type"
        return f"not a government letter ({kind}); the build reads only letters"
    if xml_url(record) is None:
        return "no XML manifestation listed"
    return None


def step(record: Record, known: dict | None, file_present: bool) -> Step:
    """The step for one record, given its provenance record (None when never fetched)."""
    reason = why_not(record)
    if reason:
        return Step(record, SKIPPED, reason)
    if known is None or not known.get("sha256"):
        return Step(record, NEW, "not fetched before")
    if not file_present:
        return Step(record, NEW, f"{known.get('file')} is missing from the letters folder")
    seen = known.get("listing") or {}
    changes = []
    if (seen.get("modified") or None) != (record.modified or None):
        changes.append(f"modified {seen.get('modified')} -> {record.modified}")
    if known.get("xml_url") != xml_url(record):
        changes.append(f"new XML URL {xml_url(record)}")
    if changes:
        return Step(record, CHANGED, "; ".join(changes))
    return Step(record, UNCHANGED, "")


def plan(records: list[Record], provenance: dict[str, dict], present: set[str]) -> list[Step]:
    """One step per record, in identifier order."""
    return [
        step(r, provenance.get(r.identifier), (provenance.get(r.identifier) or {}).get("file") in present)
        for r in sorted(records, key=lambda r: r.identifier)
    ]
