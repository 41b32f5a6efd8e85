"""One normalisation step per export format into the common `Normalized`
representation (blocks + footnotes); `normalize` picks the format."""

from __future__ import annotations

from . import markdown, plain, webpage, word, xml
from .common import Block, Normalized

__all__ = ["Block", "Normalized", "detect_format", "normalize"]


def detect_format(text: str) -> str:
    if xml.looks_like(text):
        return "xml"
    if word.looks_like(text):
        return "word"
    if markdown.looks_like(text):
        return "markdown"
    return "pdf" if plain.looks_wrapped(text) else "web"


def normalize(text: str, fmt: str | None = None) -> Normalized:
    fmt = fmt or detect_format(text)
    if fmt == "xml":
        return xml.normalize(text)
    if fmt == "word":
        return word.normalize(text)
    if fmt == "markdown":
        return markdown.normalize(text)
    if fmt == "web":
        letter, top, bottom = webpage.strip_chrome(text)
        norm = plain.normalize(letter, wrapped=False)
        if top or bottom:  # the site's navigation is no part of the letter: cut, and said so
            norm.problems.append(("web-chrome-removed", webpage.describe(top, bottom)))
        return norm
    return plain.normalize(text, wrapped=(fmt == "pdf"))
