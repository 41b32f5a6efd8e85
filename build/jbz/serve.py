"""`jbz serve`: the site as `datasette serve` serves it, in several worker processes.

Datasette makes its pages in Python on one thread, so one `datasette serve`
uses one core for pages, however many clients wait.  `jbz serve --workers N
<datasette serve options>` starts N copies of the same server on one port
(uvicorn's worker processes; the kernel hands each new connection to one of
them).  The database is immutable, so the copies never disagree; each has
its own page cache, made before it accepts requests (plugins/jbz_guard.py).

The options after `--workers` are `datasette serve`'s own, parsed by
Datasette itself in the parent (to report mistakes once) and again in each
worker, so `jbz serve --workers 1 …` is `datasette serve …`.
"""

from __future__ import annotations

import json
import os
import secrets

WORKER_ARGS = "JBZ_SERVE_ARGS"  # the datasette serve arguments, as JSON, for the workers


def datasette_from_args(args: list[str]):
    """The Datasette `datasette serve <args>` would serve (not started)."""
    from datasette.cli import serve

    ctx = serve.make_context("serve", list(args))
    return serve.callback(**{**ctx.params, "return_instance": True}), ctx.params


def worker_app():
    """uvicorn's app factory, called in each worker process."""
    _nodelay_on_shared_sockets()
    _one_accept_per_wakeup()
    ds, _ = datasette_from_args(json.loads(os.environ[WORKER_ARGS]))
    return ds.app()


def _nodelay_on_shared_sockets() -> None:
    """asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets made
    with proto IPPROTO_TCP; the listening socket uvicorn binds for its workers
    has proto 0, so every answer's body waited ~40 ms for the client's
    delayed acknowledgement of its headers (p50 of a 1-client run 52 ms
    instead of 10 ms).  Connections of the workers get TCP_NODELAY too."""
    import asyncio.base_events as base_events
    import socket

    original = base_events._set_nodelay
    if getattr(original, "_jbz", False):
        return

    def set_nodelay(sock):
        original(sock)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM and sock.proto == 0:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    set_nodelay._jbz = True
    base_events._set_nodelay = set_nodelay


def _one_accept_per_wakeup() -> None:
    """asyncio accepts every waiting connection (up to the backlog, 2,048)
    each time the shared listening socket is ready, so when 50 clients
    connect at once the worker that wakes first takes nearly all of them and,
    as they are kept alive, serves them alone while the other idles (at 50
    clients the server used about one of the two cores: 73 new pages a
    second at 14.6 ms of CPU each).  Taking one connection per wake-up lets
    the other workers, woken by the same event, take the next ones."""
    import asyncio.selector_events as selector_events

    original = selector_events.BaseSelectorEventLoop._accept_connection
    if getattr(original, "_jbz", False):
        return

    def accept_one(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100, *args, **kwargs):
        return original(self, protocol_factory, sock, sslcontext, server, 1, *args, **kwargs)

    accept_one._jbz = True
    selector_events.BaseSelectorEventLoop._accept_connection = accept_one


def run(args: list[str], workers: int) -> None:
    import uvicorn
    from datasette.cli import check_databases, run_sync

    args = list(args)
    if "--secret" not in args and not os.environ.get("DATASETTE_SECRET"):
        # one secret for all workers: a signed cookie from one is valid in the others
        args += ["--secret", secrets.token_hex(32)]
    ds, params = datasette_from_args(args)
    run_sync(lambda: check_databases(ds))
    del ds
    os.environ[WORKER_ARGS] = json.dumps(args)
    uvicorn.run("jbz.serve:worker_app", factory=True, host=params["host"], port=params["port"],
                workers=max(1, workers), log_level="info", lifespan="on")
