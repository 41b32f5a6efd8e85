"""Reference tables shipped with the data: the decision-type, stance and
outcome vocabularies and the Council presidencies by half-year (build/jbz/vocab/presidencies.csv)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from .schema import DECISION_TYPES


@lru_cache(maxsize=1)
def presidencies() -> tuple[dict, ...]:
    with resources.files("jbz.vocab").joinpath("presidencies.csv").open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def presidency_for(date_iso: str | None) -> str | None:
    """The presidency (`2025-H1`) in office on an ISO date, if the table covers it."""
    if not date_iso:
        return None
    for row in presidencies():
        if row["start_date"] <= date_iso <= row["end_date"]:
            return row["id"]
    return None


def reference_tables() -> dict[str, list[dict]]:
    from .position_labels import vocabulary_tables

    return {
        "decision_types": [{"id": name, "description": text} for name, text in DECISION_TYPES],
        "presidencies": [dict(row) for row in presidencies()],
        **vocabulary_tables(),  # stances and outcomes
    }
