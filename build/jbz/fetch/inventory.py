"""The `documents` table: every Kamerstuk the listing returned, with what became of it. Pure.

Inputs are the stored listing and provenance records (read by
`store.read_official`), the built letters rows and the files the build
rejected; out come one row per publication and a `data_issues` row for each
publication whose official text changed since it was first fetched. Letters
added by hand as text exports, which the listing does not know, get a row too,
so the table says where every letter came from.
"""

from __future__ import annotations

from . import plan as P
from .sru import Record

CHAMBERS = {"tweede kamer": "Tweede Kamer", "eerste kamer": "Eerste Kamer"}


def chamber(rec: Record) -> str | None:
    """From the creator ("Tweede Kamer der Staten-Generaal"); else the number:
    the Eerste Kamer numbers its documents with letters (`QF`)."""
    creator = (rec.creator or "").lower()
    for key, name in CHAMBERS.items():
        if key in creator:
            return name
    if rec.number:
        return "Eerste Kamer" if rec.number.isalpha() else "Tweede Kamer" if rec.number.isdigit() else None
    return None


def title(rec: Record) -> str | None:
    """The document title; before 2010 there is none and DC.title carries it after its last "; "."""
    if rec.document_title:
        return rec.document_title
    if rec.title and "; " in rec.title:
        return rec.title.rsplit("; ", 1)[1]
    return rec.title


def _status(fetched: bool, letter: dict | None, error, skip_reason: str | None, prov: dict | None, file: str | None) -> tuple[str, str | None]:
    if letter is not None and not fetched:
        return "parsed", f"read from {letter.get('source_file')}, a text export added by hand; the official XML was not fetched"
    if letter is not None and letter.get("source_file") != file:
        return "parsed", (f"read from {letter.get('source_file')}, a text export added by hand; the fetched {file} is the same "
                          "letter and was left out: remove the text export to read the official XML")
    if skip_reason:
        return "not fetched", skip_reason
    if not fetched:
        return "not fetched", "listed but not downloaded yet (run `jbz fetch` again)" if not prov else "download incomplete"
    if letter is not None:
        return "parsed", None
    if error is not None:
        return "rejected", f"{error.kind}: {error.message}"
    return "fetched", "fetched; not among the built letters"


def documents(listed: list[dict], provenance: dict[str, dict], letters: list[dict], errors: list) -> tuple[list[dict], list[dict]]:
    """(documents rows, data_issues rows without ids)."""
    by_file = {row.get("source_file"): row for row in letters}
    by_id = {row["id"]: row for row in letters}
    errors_by_file = {getattr(e, "source_file", None): e for e in errors}
    rows, issues = [], []
    seen_files = set()
    for data in sorted(listed, key=lambda r: r.get("identifier") or ""):
        rec = Record.from_json(data)
        prov = provenance.get(rec.identifier)
        file = (prov or {}).get("file") if (prov or {}).get("sha256") else None
        fetched = file is not None
        letter = (by_file.get(file) if fetched else None) or by_id.get(rec.identifier)
        seen_files.update({file, (letter or {}).get("source_file")})
        status, reason = _status(fetched, letter, errors_by_file.get(file), P.why_not(rec), prov, file)
        previous = [v.get("sha256") for v in (prov or {}).get("previous_versions") or [] if v.get("sha256")]
        rows.append({
            "id": rec.identifier,
            "kamer": chamber(rec),
            "dossier": rec.dossier,
            "nummer": rec.number,
            "document_date": rec.date or rec.issued or rec.available,
            "vergaderjaar": rec.vergaderjaar,
            "title": title(rec),
            "doc_type": rec.doc_type,
            "subtype": rec.subtype,
            "main_document_id": rec.main_document,
            "modified": rec.modified,
            "url": P.page_url(rec),
            "xml_url": rec.item_urls.get("xml") or (P.xml_url(rec) if not P.is_annex(rec) else None),
            "pdf_url": rec.item_urls.get("pdf"),
            "fetched": fetched,
            "source_file": (letter or {}).get("source_file") or file,
            "retrieved_at": (prov or {}).get("retrieved_at") if fetched else None,
            "source_sha256": letter.get("source_sha256") if letter else (prov or {}).get("sha256") if fetched else None,
            "previous_sha256": previous,
            "parsed": letter is not None,
            "letter_id": letter["id"] if letter else None,
            "status": status,
            "reason": reason,
        })
        if previous and fetched:
            issues.append({
                "letter_id": letter["id"] if letter else None,
                "source_file": file,
                "kind": "official-text-changed",
                "message": (
                    f"{rec.identifier}: the official text changed (now SHA-256 {prov['sha256'][:12]}…, fetched "
                    f"{prov.get('retrieved_at')}); earlier version(s): " + ", ".join(f"{h[:12]}…" for h in previous)
                    + "; the provenance record in letters/official/ keeps their full hashes"
                ),
            })
    listed_ids = {r["id"] for r in rows}
    for letter in letters:  # letters added by hand, which no listing returned
        if letter.get("source_file") in seen_files or letter["id"] in listed_ids:
            continue
        rows.append({
            "id": letter["id"], "kamer": letter.get("kamer"), "dossier": letter.get("dossier"), "nummer": letter.get("nummer"),
            "document_date": letter.get("letter_date"), "vergaderjaar": letter.get("vergaderjaar"), "title": letter.get("title"),
            "doc_type": "Kamerstuk", "subtype": "Brief", "main_document_id": None, "modified": None,
            "url": letter.get("url"), "xml_url": None, "pdf_url": None, "fetched": False,
            "source_file": letter.get("source_file"), "retrieved_at": None, "source_sha256": letter.get("source_sha256"),
            "previous_sha256": [], "parsed": True, "letter_id": letter["id"], "status": "parsed",
            "reason": "added by hand as a text export; not in the stored listing",
        })
    rows.sort(key=lambda r: r["id"])
    return rows, issues
