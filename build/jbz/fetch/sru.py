"""The KOOP SRU 2.0 search service: the query for a dossier and its answer.

Pure: a URL is built from parameters, a response body becomes a `Page` of
`Record`s. A diagnostic (the service's error, answered with HTTP 200) raises
`SruDiagnostic`; so does a body that is no SRU answer. Fields the parser does
not know are ignored, fields it needs but cannot find stay None.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlencode

DEFAULT_BASE_URL = "https://repository.overheid.nl/sru"
PAGE_SIZE = 100  # the service allows up to 1000; smaller pages lose less on a failure

NS = {
    "sru": "http://docs.oasis-open.org/ns/search-ws/sruResponse",
    "diag": "http://docs.oasis-open.org/ns/search-ws/diagnostic",
    "gzd": "http://standaarden.overheid.nl/sru",
    "ow": "http://standaarden.overheid.nl/wetgeving/",
    "dcterms": "http://purl.org/dc/terms/",
    "c": "http://standaarden.overheid.nl/collectie/",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SruError(Exception):
    """The listing could not be read: a diagnostic or a body that is no SRU answer."""


class SruDiagnostic(SruError):
    def __init__(self, uri: str, message: str, details: str = ""):
        text = f"the search service answered with a diagnostic: {message or '(no message)'}"
        if details:
            text += f" ({details})"
        super().__init__(f"{text} [{uri}]")
        self.uri, self.message, self.details = uri, message, details


@dataclass(frozen=True)
class Record:
    """One publication as the listing describes it."""

    identifier: str
    title: str | None = None
    doc_type: str | None = None  # dcterms:type: Kamerstuk, Bijlage
    creator: str | None = None
    modified: str | None = None
    date: str | None = None
    issued: str | None = None
    available: str | None = None
    document_title: str | None = None  # documenttitel
    dossier_title: str | None = None
    dossier: str | None = None
    number: str | None = None  # ondernummer
    vergaderjaar: str | None = None
    subtype: str | None = None  # subrubriek: Brief, Motie, Verslag …
    main_document: str | None = None  # hoofddocument, on an annex
    publication: str | None = None  # publicatienaam
    page_url: str | None = None  # gzd:preferredUrl
    item_urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, {}, "")}

    @classmethod
    def from_json(cls, data: dict) -> Record:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Page:
    total: int
    records: list[Record]
    next_position: int | None


def query(dossier: str, since: str | None = None) -> str:
    """CQL for every Kamerstuk and annex of a dossier (both chambers), optionally from a date on."""
    if not re.fullmatch(r"[0-9A-Za-z-]{1,20}", dossier):
        raise ValueError(f"not a dossier number: {dossier!r}")
    cql = (
        f"c.product-area==officielepublicaties AND w.dossiernummer=={dossier}"
        " AND (w.publicatienaam==Kamerstuk OR w.publicatienaam==Bijlage)"
    )
    if since:
        if not _DATE.match(since):
            raise ValueError(f"not a date (YYYY-MM-DD): {since!r}")
        cql += f" AND dt.date>={since}"
    return cql


def page_url(base_url: str, cql: str, start: int, size: int = PAGE_SIZE) -> str:
    params = {
        "operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd",
        "query": cql, "startRecord": str(start), "maximumRecords": str(size),
    }
    return f"{base_url}?{urlencode(params)}"


def _safe_xml(body: bytes, what: str) -> ET.Element:
    """Parse XML with no document type at all: no entities, so no XXE or entity bombs."""
    head = body[:4096].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in body:
        raise SruError(f"{what} declares a document type or entities; refused (XML from the service never does)")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        snippet = body[:120].decode("utf-8", "replace").replace("\n", " ")
        raise SruError(f"{what} is not XML ({exc}); it starts with {snippet!r}") from None


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None


def _diagnostic(root: ET.Element) -> SruDiagnostic | None:
    diag = root.find(".//diag:diagnostic", NS)
    if diag is None:
        diag = next((el for el in root.iter() if el.tag.endswith("}diagnostic") or el.tag == "diagnostic"), None)
    if diag is None:
        return None
    def child(name: str) -> str:
        el = next((c for c in diag if c.tag.rsplit("}", 1)[-1] == name), None)
        return _text(el) or ""
    return SruDiagnostic(child("uri"), child("message"), child("details"))


def _record(rec: ET.Element) -> Record | None:
    meta = rec.find(".//gzd:originalData/ow:meta", NS)
    if meta is None:
        return None
    def find(path: str) -> str | None:
        return _text(meta.find(path, NS))
    identifier = find("ow:owmskern/dcterms:identifier")
    if not identifier:
        return None
    urls: dict[str, str] = {}
    for item in rec.findall(".//gzd:enrichedData/gzd:itemUrl", NS):
        kind, url = item.get("manifestation"), _text(item)
        if kind and url:
            urls.setdefault(kind, url)
    tp = "ow:tpmeta/ow:"
    return Record(
        identifier=identifier,
        title=find("ow:owmskern/dcterms:title"),
        doc_type=find("ow:owmskern/dcterms:type"),
        creator=find("ow:owmskern/dcterms:creator"),
        modified=find("ow:owmskern/dcterms:modified"),
        date=find("ow:owmsmantel/dcterms:date"),
        issued=find("ow:owmsmantel/dcterms:issued"),
        available=find("ow:owmsmantel/dcterms:available"),
        document_title=find(tp + "documenttitel"),
        dossier_title=find(tp + "dossiertitel"),
        dossier=find(tp + "dossiernummer"),
        number=find(tp + "ondernummer"),
        vergaderjaar=find(tp + "vergaderjaar"),
        subtype=find(tp + "subrubriek"),
        main_document=find(tp + "hoofddocument"),
        publication=find(tp + "publicatienaam"),
        page_url=_text(rec.find(".//gzd:enrichedData/gzd:preferredUrl", NS)),
        item_urls=urls,
    )


def parse_page(body: bytes) -> Page:
    """One answer of the service; raises SruDiagnostic / SruError."""
    root = _safe_xml(body, "the search service's answer")
    diag = _diagnostic(root)
    if diag is not None:
        raise diag
    if root.tag != f"{{{NS['sru']}}}searchRetrieveResponse":
        raise SruError(f"the search service's answer is no SRU searchRetrieveResponse (root element {root.tag!r})")
    total_text = _text(root.find("sru:numberOfRecords", NS))
    if total_text is None or not total_text.isdigit():
        raise SruError(f"the search service's answer has no numberOfRecords ({total_text!r})")
    records = []
    for rec in root.findall("sru:records/sru:record", NS):
        parsed = _record(rec)
        if parsed is None:
            raise SruError("a record in the search service's answer has no dcterms:identifier in gzd:originalData")
        records.append(parsed)
    nxt = _text(root.find("sru:nextRecordPosition", NS))
    return Page(total=int(total_text), records=records, next_position=int(nxt) if nxt and nxt.isdigit() else None)
