"""Documentation is complete and agrees everywhere: schema.py is the source;
metadata.yml, datasette.yaml, docs/data-dictionary.md, the README's
dictionary and datapackage.json are generated from it and committed, so
regenerating must give the committed files, and every description must read
the same in all of them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from jbz import queries as Q
from jbz import site
from jbz.schema import TABLES
from site_helpers import ROOT

GENERATED = ("metadata.yml", "datasette.yaml", "docs/data-dictionary.md")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    site.write_site_files(out)
    return out


def parse_dictionary(markdown: str) -> dict[str, dict[str, str]]:
    """{table: {column: description}} from the generated markdown."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.match(r"#### `(\w+)` — ", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        row = re.match(r"\| `(\w+)` \|(?: (\w+) \|)? (.*) \|$", line)
        if current is not None and row:
            current[row.group(1)] = row.group(3).replace("\\|", "|")
        if line.startswith("### Canned queries"):
            current = None
    return tables


# --- completeness -----------------------------------------------------------------------


def test_every_table_and_column_has_a_description():
    for t in TABLES:
        assert t.title and len(t.description) > 20, t.name
        for c in t.columns:
            assert len(c.description) > 3, f"{t.name}.{c.name}"


def test_every_view_and_summary_column_is_documented(bundle):
    conn = sqlite3.connect(bundle / "dist" / "jbz.db")
    for d in Q.DERIVED:
        assert d.title and d.description, d.name
        columns = [r[1] for r in conn.execute(f"pragma table_info([{d.name}])")]
        assert columns == list(d.columns), d.name
        assert all(d.columns.values()), d.name


def test_every_canned_query_parameter_is_declared():
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text())
    for name, conf in meta["databases"]["jbz"]["queries"].items():
        used = set(re.findall(r"(?<![:\w]):(\w+)", conf["sql"]))
        assert used == set(conf.get("params", [])), name


# --- committed files are what the code generates ---------------------------------------


@pytest.mark.parametrize("name", GENERATED)
def test_committed_file_is_up_to_date(fresh, name):
    committed = (ROOT / name).read_text(encoding="utf-8")
    assert committed == (fresh / name).read_text(encoding="utf-8"), f"{name} is stale: run `jbz build`"


def test_readme_links_to_the_dictionary_instead_of_copying_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/data-dictionary.md)" in readme
    assert not parse_dictionary(readme)  # no table of columns in the README: one generated dictionary


def test_generation_is_deterministic(tmp_path):
    site.write_site_files(tmp_path / "a")
    site.write_site_files(tmp_path / "b")
    for name in GENERATED:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_committed_datapackage_matches_a_fresh_build(bundle):
    committed = ROOT / "datapackage.json"  # committed: the package's description of the build outputs
    assert json.loads(committed.read_text()) == json.loads((bundle / "datapackage.json").read_text())


# --- the same descriptions everywhere ---------------------------------------------------


def test_metadata_datapackage_and_dictionary_agree_with_schema(bundle):
    meta = yaml.safe_load((bundle / "metadata.yml").read_text())["databases"]["jbz"]["tables"]
    package = {Path(r["path"]).stem: r for r in json.loads((bundle / "datapackage.json").read_text())["resources"]}
    dictionary = parse_dictionary((ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8"))
    for t in TABLES:
        # the site shows a Dutch description first; the English one (the data dictionary) follows it
        assert t.description in meta[t.name]["description"] and t.description == package[t.name]["description"]
        fields = {f["name"]: f for f in package[t.name]["schema"]["fields"]}
        assert list(fields) == t.column_names, t.name
        assert list(meta[t.name]["columns"]) == t.column_names, t.name
        assert list(dictionary[t.name]) == t.column_names, t.name
        for c in t.columns:
            where = f"{t.name}.{c.name}"
            assert meta[t.name]["columns"][c.name] == c.description, where
            assert fields[c.name]["description"] == c.description, where
            assert fields[c.name]["type"] == c.type, where
            assert dictionary[t.name][c.name].startswith(c.description), where
        assert package[t.name]["schema"]["primaryKey"] == list(t.primary_key)


def test_views_and_summaries_are_documented_in_metadata_and_dictionary():
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["jbz"]["tables"]
    dictionary = parse_dictionary((ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8"))
    for d in Q.DERIVED:
        assert meta[d.name]["columns"] == d.columns
        assert dictionary[d.name] == d.columns


def test_datasette_yaml_carries_queries_and_settings_for_datasette_1():
    conf = yaml.safe_load((ROOT / "datasette.yaml").read_text())
    assert conf["settings"] == site.SETTINGS
    assert set(conf["databases"]["jbz"]["queries"]) == {q.name for q in Q.QUERIES}
    assert conf["databases"]["jbz"]["tables"]["agenda_items"]["facets"] == ["meeting_id", "section", "decision_type", "doc_kind", "nl_position", "outcome", "eu_file_id"]


def test_metadata_has_dataset_level_information():
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text())
    assert meta["license"] == "CC0-1.0"
    assert meta["license_url"].startswith("https://creativecommons.org/publicdomain/zero/1.0")
    assert meta["source_url"].startswith("https://zoek.officielebekendmakingen.nl/")
    assert "geannoteerde agenda" in meta["description_html"] and "verslag" in meta["description_html"]
    charts = meta["plugins"]["jbz_site"]["charts"]
    for q in Q.CHARTS:  # the plugin draws every chart query from this spec
        assert charts[q.name]["encoding"]["x"]["field"] == q.chart.x_column
        assert charts[q.name]["encoding"]["y"]["field"] == q.chart.y_column
