"""`jbz serve`: the site as `datasette serve` serves it, in several worker processes.

Datasette makes its pages in Python on one thread, so one `datasette serve`
uses one core for pages, however many clients wait.  `jbz serve --workers N
<datasette serve options>` starts N copies of the same server on one port
(uvicorn's worker processes; the kernel hands each new connection to one of
them, and the workers share requests out evenly: WorkerLoad).  The database is immutable, so the copies never disagree; each has
its own page cache, made before it accepts requests (plugins/jbz_guard.py).

The options after `--workers` are `datasette serve`'s own, parsed by
Datasette itself in the parent (to report mistakes once) and again in each
worker, so `jbz serve --workers 1 …` is `datasette serve …`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import struct
import sys
import tempfile
import time

WORKER_ARGS = "JBZ_SERVE_ARGS"  # the datasette serve arguments, as JSON, for the workers
BUSY_FILE = "JBZ_SERVE_BUSY"  # the file where the workers show each other how busy they are
BUSY_SLOTS = 64  # worker processes the file has room for (each: process id, requests in progress)
BUSY_MARGIN = int(os.environ.get("JBZ_BUSY_MARGIN") or 2)  # a worker this many requests busier than the least busy one hands a connection back
BALANCE = os.environ.get("JBZ_BALANCE") != "0"  # JBZ_BALANCE=0: count, but do not balance (to measure without)
ACCEPT_DEFER_S = 0.002  # a busier worker looks again after this long whether to accept a new connection
ACCEPT_DEFER_MAX_S = 0.05  # and takes it anyway after this long


class WorkerLoad:
    """Requests in progress in each worker process of `jbz serve`, in a small
    file every worker maps into memory (one slot each: its process id and
    its count), so a worker can tell whether it is busier than the others.

    The kernel hands a new connection to whichever worker accepts it first,
    and a kept-alive connection stays with that worker: at 50 clients that
    ask again as soon as they have their answer, a request found its worker
    on average 29 to 36 requests busier than the other (one worker held
    nearly all busy clients; p95 three times p50).  So a worker busier than
    another lets a new connection wait (ACCEPT_DEFER_S, at most
    ACCEPT_DEFER_MAX_S) for the other to accept it, and one BUSY_MARGIN or
    more requests busier answers with `Connection: close`: the client (a
    browser too) opens a new connection, which the less busy worker takes.
    Requests, not connections, are shared out: 0.6 requests busier on
    average in the same test.  Without the file (one process, plain
    `datasette serve`) nothing changes."""

    def __init__(self, path: str):
        import fcntl
        import mmap

        fd = os.open(path, os.O_RDWR)
        try:
            self.map = mmap.mmap(fd, BUSY_SLOTS * 8)
            fcntl.flock(fd, fcntl.LOCK_EX)  # claim a slot: free, or left by a process that is gone
            try:
                for slot in range(BUSY_SLOTS):
                    pid, _ = struct.unpack_from("<ii", self.map, slot * 8)
                    if pid == 0 or not _alive(pid):
                        break
                else:
                    raise RuntimeError(f"{path}: no free slot")
                struct.pack_into("<ii", self.map, slot * 8, os.getpid(), 0)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        self.offset = slot * 8 + 4
        self.busy = 0
        self.handed_back = self.requests = self.deferred = self.excess = 0
        self.deferring_since = None

    def change(self, by: int) -> None:
        self.busy += by
        struct.pack_into("<i", self.map, self.offset, self.busy)
        if by > 0:
            self.requests += 1
            least = self.least_busy_other()
            self.excess += max(0, self.busy - least) if least is not None else 0

    def least_busy_other(self) -> int | None:
        """Requests in progress in the least busy other worker (None: no other)."""
        least = None
        for slot in range(BUSY_SLOTS):
            offset = slot * 8
            if offset + 4 == self.offset:
                continue
            pid, busy = struct.unpack_from("<ii", self.map, offset)
            if pid == 0 or (least is not None and busy >= least):
                continue
            if busy < self.busy and not _alive(pid):  # a worker that died
                continue
            least = busy
        return least

    def defer_accept(self) -> bool:
        """True when another worker is less busy and should take a new
        connection, for at most ACCEPT_DEFER_MAX_S in a row (a worker whose
        event loop is held up still gets its connections)."""
        least = self.least_busy_other()
        now = time.monotonic()
        if not BALANCE or least is None or self.busy <= least:
            self.deferring_since = None
            return False
        if self.deferring_since is None:
            self.deferring_since = now
        self.deferred += 1
        return now - self.deferring_since < ACCEPT_DEFER_MAX_S

    def should_hand_back(self) -> bool:
        """True when this worker is BUSY_MARGIN or more requests busier than
        the least busy other worker (counting the request being answered)."""
        least = self.least_busy_other()
        if BALANCE and least is not None and self.busy - least >= BUSY_MARGIN:
            self.handed_back += 1
            return True
        return False

    def leave(self) -> None:
        """Give the slot up (at shutdown): the others no longer count this worker."""
        if self.requests:
            print(f"jbz serve: worker {os.getpid()}: {self.requests} requests, {self.handed_back} answered with"
                  f" 'Connection: close', accepting put off {self.deferred} times by {ACCEPT_DEFER_S * 1000:g} ms"
                  f" (busier than another worker); a request found this worker {self.excess / self.requests:.1f}"
                  " requests busier than the least busy other on arrival (mean)", file=sys.stderr, flush=True)
        if struct.unpack_from("<i", self.map, self.offset - 4)[0] == os.getpid():
            struct.pack_into("<ii", self.map, self.offset - 4, 0, 0)
        self.requests = 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_WORKER_LOAD: dict = {}


def worker_load() -> WorkerLoad | None:
    """This worker's slot in the file of `jbz serve` (None outside `jbz serve`
    or with one worker); one per process, however often it is asked for."""
    path = os.environ.get(BUSY_FILE)
    if not path:
        return None
    if (os.getpid(), path) not in _WORKER_LOAD:
        try:
            _WORKER_LOAD[(os.getpid(), path)] = WorkerLoad(path)
        except (OSError, ValueError, RuntimeError):
            _WORKER_LOAD[(os.getpid(), path)] = None
    return _WORKER_LOAD[(os.getpid(), path)]


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
        load = worker_load()
        if load is not None and load.defer_accept():
            # busier than another worker: let that one take the connection
            fd = sock.fileno()
            self._remove_reader(fd)

            def again():
                if sock.fileno() == fd and (server is None or server.is_serving()):  # not closed meanwhile
                    self._add_reader(fd, self._accept_connection, protocol_factory, sock, sslcontext, server,
                                     backlog, *args, **kwargs)

            self.call_later(ACCEPT_DEFER_S, again)
            return None
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
    busy = None
    if workers > 1:
        fd, busy = tempfile.mkstemp(prefix="jbz-serve-busy-")
        os.write(fd, bytes(BUSY_SLOTS * 8))
        os.close(fd)
        os.environ[BUSY_FILE] = busy
    try:
        uvicorn.run("jbz.serve:worker_app", factory=True, host=params["host"], port=params["port"],
                    workers=max(1, workers), log_level="info", lifespan="on")
    finally:
        if busy:
            os.environ.pop(BUSY_FILE, None)
            with contextlib.suppress(OSError):
                os.unlink(busy)
