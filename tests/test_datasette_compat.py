"""The plugins' one door to Datasette calls that differ between 0.65 and the 1.0 alphas."""

import asyncio
from types import SimpleNamespace

from jbz.datasette_compat import canned_queries


def test_canned_queries_on_the_installed_datasette(bundle):
    from site_helpers import datasette_for

    ds = datasette_for(bundle)
    queries = asyncio.run(canned_queries(ds, "jbz"))
    assert "follow_eu_file" in queries and "eu_file" in queries["follow_eu_file"]["sql"]


def test_canned_queries_through_list_queries_pages():
    """1.0a41 has no get_canned_queries: its stored queries come a page at a time."""
    import sys
    import types

    pages = {None: (["a", "b"], "c1"), "c1": (["c"], None)}

    async def list_queries(database, actor=None, limit=50, cursor=None):
        names, nxt = pages[cursor]
        return SimpleNamespace(queries=[SimpleNamespace(name=n, sql=f"select '{n}'") for n in names], next=nxt, has_more=nxt is not None)

    module = types.ModuleType("datasette.stored_queries")
    module.stored_query_to_dict = lambda q: {"name": q.name, "sql": q.sql}
    saved = sys.modules.get("datasette.stored_queries")
    sys.modules["datasette.stored_queries"] = module
    try:
        got = asyncio.run(canned_queries(SimpleNamespace(list_queries=list_queries), "jbz"))
    finally:
        if saved is None:
            sys.modules.pop("datasette.stored_queries")
        else:
            sys.modules["datasette.stored_queries"] = saved
    assert list(got) == ["a", "b", "c"] and got["c"]["sql"] == "select 'c'"


def test_plugins_go_through_the_compat_module():
    from pathlib import Path

    plugins = Path(__file__).resolve().parent.parent / "plugins"
    direct = [p.name for p in plugins.glob("*.py") if "datasette.get_canned_queries" in p.read_text(encoding="utf-8")]
    assert direct == []
