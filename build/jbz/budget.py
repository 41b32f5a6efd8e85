"""A size and time budget per letter, so one file cannot stop the build.

Every regex on letter text is meant to run in linear time, but a hang we
did not foresee must still cost one letter, not the build: the pipeline
parses each letter through `within_budget`, which runs the work in a forked
child process and stops it when it overruns. A letter over budget is
refused (`SourceError` kind `over-budget`, naming the file and the limit);
the others are built.

The child is kept between letters (one per process that asks, so one per
pool worker): forking a child per letter cost about 10 ms of CPU per letter
in copy-on-write and lost the child's warm caches (compiled regexes,
vocabularies) with it. A child that overruns or runs out of memory is killed
and the next letter gets a new one, so a hang still costs one letter. Work
that does not pickle (a lambda, a local function) gets a child of its own.

For whoever parallelises the pipeline: keep calling `run_bounded` per letter
inside each worker; it forks with `os.fork`, not `multiprocessing`, so it
also works inside pool workers. Where fork is missing (Windows) the work runs
in-process, unbounded.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import threading
import time
from multiprocessing import util
from typing import Any, Callable

from . import nogc

# Letters are < 0.2 MB and parse in < 0.1 s; generous limits for slow machines.
MAX_LETTER_BYTES = 5 * 1024 * 1024
try:
    SECONDS_PER_LETTER = float(os.environ.get("JBZ_LETTER_SECONDS", "30"))
except ValueError:
    SECONDS_PER_LETTER = 30.0
MEMORY_PER_LETTER = 2 * 1024 ** 3  # address space the child may add, bytes


class OverBudget(Exception):
    """The work did not finish within its time (or memory) budget."""


def check_size(name: str, size: int, limit: int = MAX_LETTER_BYTES) -> str | None:
    """Why a file of `size` bytes is over the size budget, or None."""
    if size > limit:
        return (
            f"is {size / 1e6:.1f} MB; one letter is well under 1 MB (the limit is {limit / 1e6:.1f} MB), "
            "so this is not a single letter: split it or remove it"
        )
    return None


def _address_space() -> int:
    """Bytes of address space this process maps now (Linux), else 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_bounded(fn: Callable, *args: Any, seconds: float = SECONDS_PER_LETTER, memory: int | None = MEMORY_PER_LETTER) -> Any:
    """`fn(*args)` in a child process, its result (or exception) handed back;
    raises OverBudget when it takes more than `seconds` or runs out of memory.
    `fn` and its result must pickle (plain functions, dicts, lists)."""
    if not hasattr(os, "fork") or seconds is None or seconds <= 0:
        return fn(*args)
    try:
        request = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - e.g. a lambda: a child of its own sees it through the fork
        return _run_forked(fn, args, seconds, memory)
    with _KEPT_LOCK:  # one request at a time on the child's pipes, whatever thread asks
        status, value = _kept_child(memory).call(request, seconds)
    if status == "unpicklable":  # the kept child cannot import fn
        return _run_forked(fn, args, seconds, memory)
    return _result(status, value, memory)


def _result(status: str, value: Any, memory: int | None) -> Any:
    if status == "memory":
        raise OverBudget(f"needed more than {memory / 1024 ** 3:g} GB of memory")
    if status == "error":
        raise value
    return value


def _outcome(fn: Callable, args: tuple) -> bytes:
    """The pickled (status, value) of `fn(*args)`."""
    try:
        return pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent as is
        try:
            return pickle.dumps(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _limit_memory(memory: int | None) -> None:
    if memory:
        try:
            import resource

            limit = _address_space() + memory  # on top of what the forked process already maps
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, n: int | None, deadline: float | None = None) -> bytes | None:
    """`n` bytes from `fd` (None: everything until EOF); None at the deadline,
    or at an EOF that comes before `n` bytes."""
    buf = bytearray()
    while n is None or len(buf) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
        chunk = os.read(fd, 1 << 20 if n is None else min(n - len(buf), 1 << 20))
        if not chunk:
            return bytes(buf) if n is None else None
        buf += chunk
    return bytes(buf)


def _close_all_but(*keep: int) -> None:
    """Close every inherited descriptor but stdin/out/err and `keep`: a child
    that outlives the moment it was forked must not keep its parent's files
    open, pipes unfinished or locks (the build's flock) taken."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


# --- a child for one call (work that does not pickle) ---------------------------------------


def _run_forked(fn: Callable, args: tuple, seconds: float, memory: int | None) -> Any:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(read_fd)
            _limit_memory(memory)
            _write_all(write_fd, _outcome(fn, args))
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        data = _read_exactly(read_fd, None, time.monotonic() + seconds)
    finally:
        os.close(read_fd)
    if data is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if data is None:
        raise OverBudget(f"took more than {seconds:g} s")
    if not data:
        raise OverBudget("ran out of memory" if memory else "stopped without a result")
    return _result(*pickle.loads(data), memory)


# --- the kept child --------------------------------------------------------------------------

_HEADER = struct.Struct("!Q")


def _serve(requests: int, replies: int) -> None:
    """The kept child's loop: a request in, its outcome out, until EOF."""
    while True:
        header = _read_exactly(requests, _HEADER.size)
        body = _read_exactly(requests, _HEADER.unpack(header)[0]) if header else None
        if body is None:
            return
        try:
            fn, args = pickle.loads(body)
        except Exception:  # noqa: BLE001 - see run_bounded
            reply = pickle.dumps(("unpicklable", None))
        else:
            reply = _outcome(fn, args)
        _write_all(replies, _HEADER.pack(len(reply)) + reply)


class _KeptChild:
    def __init__(self, memory: int | None):
        self.memory = memory
        requests_r, self.requests = os.pipe()
        self.replies, replies_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # child
            try:
                _close_all_but(requests_r, replies_w)
                nogc.freeze_inherited()
                _limit_memory(memory)
                _serve(requests_r, replies_w)
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(replies_w)
        self.owner = os.getpid()

    def call(self, request: bytes, seconds: float) -> tuple[str, Any]:
        deadline = time.monotonic() + seconds
        try:
            _write_all(self.requests, _HEADER.pack(len(request)) + request)
        except OSError:  # the child is gone
            self.close(kill=True)
            raise OverBudget("stopped without a result") from None
        header = _read_exactly(self.replies, _HEADER.size, deadline)
        body = _read_exactly(self.replies, _HEADER.unpack(header)[0], deadline) if header is not None else None
        if body is None:
            timed_out = time.monotonic() >= deadline
            self.close(kill=True)
            if timed_out:
                raise OverBudget(f"took more than {seconds:g} s")
            raise OverBudget("ran out of memory" if self.memory else "stopped without a result")
        status, value = pickle.loads(body)
        if status == "memory":  # the next letter starts in a fresh child
            self.close(kill=True)
        return status, value

    def close(self, kill: bool = False) -> None:
        """Stop the child and reap it (so its CPU time counts for its parent)."""
        global _KEPT
        if self.pid is None or os.getpid() != self.owner:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        for fd in (self.requests, self.replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)
        self.pid = None
        if _KEPT is self:
            _KEPT = None


_KEPT: _KeptChild | None = None
_KEPT_LOCK = threading.Lock()


def _kept_child(memory: int | None) -> _KeptChild:
    """This process's kept child (a forked pool worker makes its own)."""
    global _KEPT
    if _KEPT is not None and (_KEPT.owner != os.getpid() or _KEPT.memory != memory):
        if _KEPT.owner == os.getpid():
            _KEPT.close()
        _KEPT = None  # a parent's child, inherited through fork: not ours to use
    if _KEPT is None:
        _KEPT = _KeptChild(memory)
        util.Finalize(_KEPT, _KEPT.close, exitpriority=10)  # also when a pool worker exits
    return _KEPT
