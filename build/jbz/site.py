"""Site configuration generated from `jbz.schema` and `jbz.queries`.

`write_site_files(out_dir)` writes `metadata.yml` (Datasette 0.65),
`datasette.yaml` (Datasette 1.0 alphas read settings, plugins, canned queries
and table options from it) and `docs/data-dictionary.md` (the README links to
it).  Output is deterministic: the
build time is read from the database at serve time (plugins/jbz_site.py).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from . import queries as Q
from .schema import TABLES, Table

DATABASE = "jbz"  # Datasette names a database after its file: dist/jbz.db
BUILD_INFO_TABLE = "_build_info"  # written by jbz.database.write_database

TITLE = "JBZ Brieven: Dutch letters to parliament on the EU Justice and Home Affairs Council"
DESCRIPTION_HTML = (
    "<p>Before every meeting of the EU's Justice and Home Affairs Council (the <em>JBZ-Raad</em>) the Dutch "
    "government sends parliament a <em>geannoteerde agenda</em> (annotated agenda: what is on the table and what the "
    "Netherlands will say); afterwards it sends a <em>verslag</em> (report: what happened). These letters, Kamerstuk "
    "dossier 32&nbsp;317, are split here into meetings, agenda items with the decision the Council is asked to take, "
    "paragraphs, footnotes, references, motions, signatories and the countries and EU bodies they name.</p>"
)
LICENSE = "CC0-1.0"
LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
SOURCE = "Kamerstukken, dossier 32 317 (officielebekendmakingen.nl)"
SOURCE_URL = "https://zoek.officielebekendmakingen.nl/dossier/32317"
ABOUT = "Code (Apache-2.0), data dictionary and how to add a letter: README"

# Public serving: read-only, bounded, no suggested facets (4-13x slower pages).
SETTINGS: dict[str, object] = {
    "sql_time_limit_ms": 2000,
    "max_returned_rows": 2000,
    "default_page_size": 50,
    "suggest_facets": False,
    "allow_download": True,
    "allow_csv_stream": True,
    "facet_time_limit_ms": 500,
    "truncate_cells_html": 400,
    "default_cache_ttl": 3600,
    "num_sql_threads": 3,
    "max_csv_mb": 50,  # = plugins/jbz_guard.py MAX_BODY_BYTES
}




# --- metadata ------------------------------------------------------------------

def _facets(t: Table) -> list:
    return list(t.facets) + [{"array": c} for c in t.facets_array]


def description_html(text: str) -> str:
    """Plain description -> HTML: escaped, `code` spans as <code>."""
    escaped = html.escape(text, quote=False)
    return "<p>" + re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped) + "</p>"


def _described(title: str, description: str) -> dict:
    meta = {"title": title, "description": description}
    if "`" in description:
        meta["description_html"] = description_html(description)
    return meta


def _table_metadata(t: Table) -> dict:
    meta: dict = _described(t.title, t.description)
    meta["columns"] = {c.name: c.description for c in t.columns}
    meta.update(_table_options(t))
    return meta


def _table_options(t: Table) -> dict:
    """Options Datasette 1.0 moved from metadata to configuration."""
    opts: dict = {}
    if _facets(t):
        opts["facets"] = _facets(t)
    if t.sort_desc:
        opts["sort_desc"] = t.sort_desc
    elif t.sort:
        opts["sort"] = t.sort
    if t.label_column:
        opts["label_column"] = t.label_column
    if t.search_columns:
        opts["fts_table"] = f"{t.name}_fts"
    if t.hidden:
        opts["hidden"] = True
    return opts


def _derived_metadata(d: Q.Derived, kind: str) -> dict:
    meta: dict = _described(d.title, f"{kind}: {d.description}")
    meta["columns"] = dict(d.columns)
    meta.update(_derived_options(d))
    return meta


def _derived_options(d: Q.Derived) -> dict:
    opts: dict = {}
    if d.facets:
        opts["facets"] = list(d.facets)
    if d.sort_desc:
        opts["sort_desc"] = d.sort_desc
    elif d.sort:
        opts["sort"] = d.sort
    return opts


def _query_config(q: Q.Query) -> dict:
    conf: dict = _described(q.title, q.description)
    conf["sql"] = q.sql.strip()
    if q.params:
        conf["params"] = q.params
    if q.fragment:
        conf["fragment"] = q.fragment
    if q.hide_sql:
        conf["hide_sql"] = True
    return conf


BUILD_INFO_META = {
    "title": "Build information",
    "description": "When and from what the database was built (key, value): shown on the home page.",
    "columns": {"key": "What is recorded.", "value": "Its value."},
    "hidden": True,
}


def metadata() -> dict:
    tables: dict = {t.name: _table_metadata(t) for t in TABLES}
    for d in Q.DERIVED_VIEWS:
        tables[d.name] = _derived_metadata(d, "View")
    for d in Q.DERIVED_SUMMARIES:
        tables[d.name] = _derived_metadata(d, "Summary table")
    tables[BUILD_INFO_TABLE] = BUILD_INFO_META
    return {
        "title": TITLE,
        "description_html": DESCRIPTION_HTML,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "about": ABOUT,
        "databases": {
            DATABASE: {
                "description": "The letters, their parts and what they cite and name. Start with agenda_items or the canned queries below.",
                "tables": tables,
                "queries": {q.name: _query_config(q) for q in Q.QUERIES},
            }
        },
    }


def datasette_config() -> dict:
    """datasette.yaml for the 1.0 alphas (0.65 ignores it)."""
    tables: dict = {}
    for t in TABLES:
        if _table_options(t):
            tables[t.name] = _table_options(t)
    for d in Q.DERIVED:
        if _derived_options(d):
            tables[d.name] = _derived_options(d)
    tables[BUILD_INFO_TABLE] = {"hidden": True}
    return {
        "settings": dict(SETTINGS),
        "databases": {
            DATABASE: {
                "tables": tables,
                "queries": {q.name: _query_config(q) for q in Q.QUERIES},
            }
        },
    }


def serve_settings_args() -> list[str]:
    """`--setting name value` pairs for `datasette serve` (mirrored in the Makefile)."""
    args: list[str] = []
    for name, value in SETTINGS.items():
        args += ["--setting", name, _setting_text(value)]
    return args


def _setting_text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_yaml(data: dict, header: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


# --- data dictionary -------------------------------------------------------------

def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary_body() -> str:
    """Markdown for every table and column, views and summary tables included."""
    out: list[str] = ["### Tables", ""]
    for t in TABLES:
        out.append(f"#### `{t.name}` — {t.title}")
        out.append("")
        out.append(t.description)
        out.append("")
        facts = [f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}"]
        if t.facets or t.facets_array:
            facts.append("facets: " + ", ".join([f"`{f}`" for f in t.facets] + [f"`{f}` (array)" for f in t.facets_array]))
        if t.search_columns:
            facts.append("full-text search: " + ", ".join(f"`{c}`" for c in t.search_columns))
        out.append("; ".join(facts) + ".")
        out.append("")
        out.append("| Column | Type | Description |")
        out.append("|---|---|---|")
        for c in t.columns:
            desc = c.description
            if c.foreign_key:
                desc += f" Links to `{c.foreign_key}`."
            if c.enum:
                desc += " Values: " + ", ".join(f"`{v}`" for v in c.enum) + "."
            out.append(f"| `{c.name}` | {c.type} | {_md(desc)} |")
        out.append("")
    for heading, items in (("Views", Q.DERIVED_VIEWS), ("Summary tables", Q.DERIVED_SUMMARIES)):
        out.append(f"### {heading}")
        out.append("")
        for d in items:
            out.append(f"#### `{d.name}` — {d.title}")
            out.append("")
            out.append(d.description)
            out.append("")
            out.append("| Column | Description |")
            out.append("|---|---|")
            for name, desc in d.columns.items():
                out.append(f"| `{name}` | {_md(desc)} |")
            out.append("")
    out.append("### Canned queries")
    out.append("")
    out.append("| Query | Parameters | What it shows |")
    out.append("|---|---|---|")
    for q in Q.QUERIES:
        params = ", ".join(f"`{p}`" for p in q.params) or "—"
        out.append(f"| `{q.name}` — {q.title} | {params} | {_md(q.description)} |")
    out.append("")
    return "\n".join(out)


def data_dictionary() -> str:
    return (
        "# Data dictionary\n\n"
        "Generated from `build/jbz/schema.py` and `build/jbz/queries.py` by `jbz.site`; do not edit by hand. "
        "The same descriptions appear on the site (metadata.yml) and in datapackage.json.\n\n"
        + data_dictionary_body()
    )


# --- files -------------------------------------------------------------------------

HEADER = "# Generated by jbz.site from build/jbz/schema.py and build/jbz/queries.py: do not edit.\n"


def write_site_files(out_dir: Path, readme: Path | None = None) -> list[Path]:
    """Write metadata.yml, datasette.yaml and docs/data-dictionary.md under
    out_dir (the README links to the dictionary; it does not copy it)."""
    out_dir = Path(out_dir)
    written = []
    files = {
        out_dir / "metadata.yml": to_yaml(metadata(), HEADER),
        out_dir / "datasette.yaml": to_yaml(datasette_config(), HEADER),
        out_dir / "docs" / "data-dictionary.md": data_dictionary(),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
