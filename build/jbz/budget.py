"""A size and time budget per letter, so one file cannot stop the build.

Every regex on letter text is meant to run in linear time, but a hang we
did not foresee must still cost one letter, not the build: the pipeline
parses each letter through `within_budget`, which runs the work in a forked
child process and stops it when it overruns. A letter over budget is
refused (`SourceError` kind `over-budget`, naming the file and the limit);
the others are built.

For whoever parallelises the pipeline: keep calling `within_budget` (or
`check_size` + `run_bounded`) per letter inside each worker; it forks with
`os.fork`, not `multiprocessing`, so it also works inside pool workers.
Where fork is missing (Windows) the work runs in-process, unbounded.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from typing import Any, Callable

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


def _child(fn: Callable, args: tuple, write_fd: int, memory: int | None) -> None:
    try:
        if memory:
            try:
                import resource

                limit = _address_space() + memory  # on top of what the forked process already maps
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            except (ImportError, ValueError, OSError):
                pass
        try:
            payload = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent as is
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    finally:
        os._exit(0)


def run_bounded(fn: Callable, *args: Any, seconds: float = SECONDS_PER_LETTER, memory: int | None = MEMORY_PER_LETTER) -> Any:
    """`fn(*args)` in a forked child, its result (or exception) handed back;
    raises OverBudget when it takes more than `seconds` or runs out of memory.
    `fn` and its result must pickle (plain functions, dicts, lists)."""
    if not hasattr(os, "fork") or seconds is None or seconds <= 0:
        return fn(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(fn, args, write_fd, memory)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if timed_out:
        raise OverBudget(f"took more than {seconds:g} s")
    if not chunks:
        raise OverBudget("ran out of memory" if memory else "stopped without a result")
    status, value = pickle.loads(b"".join(chunks))
    if status == "memory":
        raise OverBudget(f"needed more than {memory / 1024 ** 3:g} GB of memory")
    if status == "error":
        raise value
    return value
