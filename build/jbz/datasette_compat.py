"""Calls into Datasette that changed between 0.65 and the 1.0 alphas, in one
place, so the plugins run on both (the guide asks the configuration to stay
loadable by the alphas; a plugin that calls a removed method answers 500).
"""

from __future__ import annotations


async def canned_queries(datasette, database: str, actor: dict | None = None) -> dict[str, dict]:
    """Name -> query dict (`sql`, `title`, `params`, ...), in configuration order.

    0.65 has `get_canned_queries`; 1.0a41 stores queries and lists them a page
    at a time with `list_queries`."""
    if hasattr(datasette, "get_canned_queries"):
        return dict((await datasette.get_canned_queries(database, actor)) or {})
    from datasette.stored_queries import stored_query_to_dict  # 1.0 alphas

    out: dict[str, dict] = {}
    cursor = None
    while True:
        page = await datasette.list_queries(database, actor=actor, limit=100, cursor=cursor)
        for query in page.queries:
            out[query.name] = stored_query_to_dict(query)
        if not page.has_more or not page.next:
            return out
        cursor = page.next
