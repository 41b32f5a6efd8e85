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
from .schema import SHARED, TABLES, Column, Table

DATABASE = "jbz"  # Datasette names a database after its file: dist/jbz.db
BUILD_INFO_TABLE = "_build_info"  # written by jbz.database.write_database

TITLE = "JBZ Brieven: de brieven van de regering aan de Kamer over de JBZ-Raad"
DESCRIPTION_HTML = (
    "<p>Vóór elke vergadering van de Raad Justitie en Binnenlandse Zaken van de EU (de <em>JBZ-Raad</em>) stuurt "
    "de regering de Kamer een <em>geannoteerde agenda</em>: wat er op tafel ligt en wat Nederland gaat zeggen. "
    "Daarna volgt een <em>verslag</em>: wat er gebeurde. Deze brieven (Kamerstukdossier 32&nbsp;317) zijn hier "
    "opgesplitst in vergaderingen, agendapunten met het gevraagde besluit, alinea's, voetnoten, verwijzingen, "
    "moties, ondertekenaars en de landen en EU-organen die ze noemen.</p>"
)
LICENSE = "CC0-1.0"
LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
SOURCE = "Kamerstukken, dossier 32 317 (officielebekendmakingen.nl)"
SOURCE_URL = "https://zoek.officielebekendmakingen.nl/dossier/32317"
ABOUT = "Code (Apache-2.0), datawoordenboek (Engels) en hoe u een brief toevoegt: README"

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


def _dutch(name: str, title: str, description: str) -> tuple[str, str]:
    """The Dutch title and description the site shows, with the English
    description (the data dictionary) after it."""
    from . import labels as L  # (here, as in the other functions that read it: a build whose site texts are kept does not load it)

    if name in L.TABLES_NL:
        title_nl, description_nl = L.TABLES_NL[name]
        return title_nl, f"{description_nl} (English: {description})"
    return title, description


def _table_metadata(t: Table) -> dict:
    meta: dict = _described(*_dutch(t.name, t.title, t.description))
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
    meta: dict = _described(*_dutch(d.name, d.title, f"{kind}: {d.description}"))
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


def _query_nl(q: Q.Query) -> dict:
    """The Dutch texts of a query (its own title/description until labels.py has them)."""
    from . import labels as L

    return L.QUERIES_NL.get(q.name) or {"title": q.title, "description": q.description, "params": {}}


def _query_config(q: Q.Query) -> dict:
    nl = _query_nl(q)
    conf: dict = _described(nl["title"], nl["description"])
    conf["sql"] = q.sql.strip()
    if q.params:
        conf["params"] = q.params
    if q.hide_sql:
        conf["hide_sql"] = True
    return conf


def chart_spec(q: Q.Query) -> dict:
    """The Vega-Lite spec of a chart query: Dutch axis titles, a colour
    scheme with enough distinct colours for every category (tableau20), bars
    ranked by value or kept in the query's order (dates, letters)."""
    from . import labels as L

    c = q.chart
    texts = L.CHARTS_NL[q.name]
    x: dict = {"field": c.x_column, "type": c.x_type, "title": texts["x"], "sort": f"-y" if c.ranked else None,
               "axis": {"labelAngle": -40, "labelLimit": 220}}
    spec: dict = {
        "title": _capital(L.QUERIES_NL[q.name]["title"].removeprefix("Grafiek: ")),
        "width": "container", "height": 320, "mark": {"type": c.mark, "tooltip": True},
        "encoding": {"x": x, "y": {"field": c.y_column, "type": c.y_type, "title": texts["y"], "aggregate": "sum"}},
    }
    if c.color_column:
        spec["encoding"]["color"] = {"field": c.color_column, "type": "nominal", "title": texts["color"],
                                     "scale": {"scheme": "tableau20"}}
    return spec


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def plugin_config() -> dict:
    """What plugins/ read from metadata.yml (`plugins: jbz_site:`): the Dutch
    labels, the form fields of every canned query and the chart specs."""
    from . import labels as L

    return {
        "value_labels": L.VALUE_LABELS,
        "column_labels": L.COLUMNS_NL,
        "hidden_columns": {t: list(cols) for t, cols in L.HIDDEN_COLUMNS.items()},
        "params": {
            q.name: {p: {"label": f.label, "help": f.help, "choices_sql": f.choices_sql, "min_length": f.min_length}
                     for p in (_query_nl(q)["params"] or q.params) for f in [_query_nl(q)["params"].get(p) or L.Param(p, "")]}
            for q in Q.QUERIES
        },
        "charts": {q.name: chart_spec(q) for q in Q.CHARTS},
    }


SHARED_META = {
    sh.table: {**_described(*_dutch(sh.table, sh.title, sh.description)), "columns": sh.columns, "label_column": sh.text_column}
    for sh in SHARED
}

BUILD_INFO_META = {
    "title": "Bouwinformatie",
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
    tables.update(SHARED_META)
    tables[BUILD_INFO_TABLE] = BUILD_INFO_META
    return {
        "title": TITLE,
        "description_html": DESCRIPTION_HTML,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "about": ABOUT,
        "plugins": {"jbz_site": plugin_config()},
        "databases": {
            DATABASE: {
                "description": "De brieven, hun onderdelen en wat ze aanhalen en noemen. Begin bij de agendapunten of bij de vragen hieronder.",
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
    for sh in SHARED:
        tables[sh.table] = {"label_column": sh.text_column}
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


def _section(name: str, title: str, description: str, facts: str | None, header: tuple[str, ...], rows) -> list[str]:
    """One table, view or summary table of the dictionary: heading, description, facts, then a row per column."""
    out = [f"#### `{name}` — {title}", "", description, ""]
    if facts:
        out += [facts, ""]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    out.append("")
    return out


def _table_facts(t: Table) -> str:
    facts = [f"Primary key: {', '.join(f'`{k}`' for k in t.primary_key)}"]
    if t.facets or t.facets_array:
        facts.append("facets: " + ", ".join([f"`{f}`" for f in t.facets] + [f"`{f}` (array)" for f in t.facets_array]))
    if t.search_columns:
        facts.append("full-text search: " + ", ".join(f"`{c}`" for c in t.search_columns))
    return "; ".join(facts) + "."


def _column_description(c: Column) -> str:
    desc = c.description
    if c.foreign_key:
        desc += f" Links to `{c.foreign_key}`."
    if c.enum:
        desc += " Values: " + ", ".join(f"`{v}`" for v in c.enum) + "."
    return _md(desc)


def data_dictionary_body() -> str:
    """Markdown for every table and column, views and summary tables included."""
    out: list[str] = ["### Tables", ""]
    for t in TABLES:
        out += _section(t.name, t.title, t.description, _table_facts(t), ("Column", "Type", "Description"),
                        ((f"`{c.name}`", c.type, _column_description(c)) for c in t.columns))
    for sh in SHARED:
        out += _section(sh.table, sh.title, sh.description, "Primary key: `id`.", ("Column", "Type", "Description"),
                        ((f"`{name}`", "string" if name == sh.text_column else "integer", _md(desc)) for name, desc in sh.columns.items()))
    for heading, items in (("Views", Q.DERIVED_VIEWS), ("Summary tables", Q.DERIVED_SUMMARIES)):
        out.append(f"### {heading}")
        out.append("")
        for d in items:
            out += _section(d.name, d.title, d.description, None, ("Column", "Description"),
                            ((f"`{name}`", _md(desc)) for name, desc in d.columns.items()))
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
        "Generated from `build/jbz/schema.py` and `build/jbz/queries/` by `jbz.site`; do not edit by hand. "
        "The same descriptions appear on the site (metadata.yml) and in datapackage.json.\n\n"
        + data_dictionary_body()
    )


# --- files -------------------------------------------------------------------------

HEADER = "# Generated by jbz.site from build/jbz/schema.py and build/jbz/queries/: do not edit.\n"
DOWNLOADS_FILE = "dist/downloads.json"  # read by plugins/jbz_pages.py for /downloads


def _sha256(path: Path) -> str:
    """The file's SHA-256, not read again when the build already knows it
    (an output left as it was, a CSV hashed as it was written)."""
    from .incremental import HASHES

    return HASHES.sha256(path)


def downloads_manifest(out_dir: Path) -> dict:
    """Every file people download, with its size and SHA-256, taken from the
    files just written (the site serves these same bytes: the database at
    /<db>.db, the package at /package/)."""
    out_dir = Path(out_dir)
    files = []
    candidates = [("database", out_dir / "dist" / f"{DATABASE}.db", f"/{DATABASE}.db"),
                  ("package", out_dir / "datapackage.json", "/package/datapackage.json")]
    candidates += [("csv", p, f"/package/data/{p.name}") for p in sorted((out_dir / "data").glob("*.csv"))]
    for kind, path, url in candidates:
        if path.is_file():
            files.append({"kind": kind, "name": path.name, "url": url, "bytes": path.stat().st_size, "sha256": _sha256(path)})
    return {"files": files, "fts_min_sqlite": "3.45.0"}


SITE_TEXTS = "site.texts"  # in the parse cache's folder for this version of the code


def site_texts(cache_dir: Path | None = None) -> dict[str, str]:
    """metadata.yml, datasette.yaml and docs/data-dictionary.md (relative
    path -> text). They are made from the code alone (jbz.schema, jbz.queries,
    jbz.labels, this module) and PyYAML, so with `cache_dir` (the parse
    cache's folder for this code, `ParseCache.dir`, named by the hash of every
    module) they are kept there, with PyYAML's version, and made once per
    version of the code rather than on every build."""
    import pickle

    kept = Path(cache_dir) / SITE_TEXTS if cache_dir is not None else None
    if kept is not None:
        try:
            with kept.open("rb") as f:
                found = pickle.load(f)
            if isinstance(found, dict) and found.get("yaml") == yaml.__version__:
                return found["texts"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError):
            pass
    texts = {
        "metadata.yml": to_yaml(metadata(), HEADER),
        "datasette.yaml": to_yaml(datasette_config(), HEADER),
        "docs/data-dictionary.md": data_dictionary(),
    }
    if kept is not None:
        import os

        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump({"yaml": yaml.__version__, "texts": texts}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, kept)
        except OSError:
            pass  # only a saving: made again next time
    return texts


def write_site_files(out_dir: Path, readme: Path | None = None, cache_dir: Path | None = None) -> list[Path]:
    """Write metadata.yml, datasette.yaml and docs/data-dictionary.md under
    out_dir (the README links to the dictionary; it does not copy it), and
    the downloads manifest when out_dir has a dist/ folder. `cache_dir`: see `site_texts`."""
    out_dir = Path(out_dir)
    written = []
    files = {out_dir / name: text for name, text in site_texts(cache_dir).items()}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    manifest = out_dir / DOWNLOADS_FILE
    if manifest.parent.is_dir():
        import json

        manifest.write_text(json.dumps(downloads_manifest(out_dir), indent=1) + "\n", encoding="utf-8")
        written.append(manifest)
    return written
