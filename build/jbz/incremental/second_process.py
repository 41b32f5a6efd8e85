"""Work on the other core: a forked process that sends back its result (the CSVs
while this process fills the database, the parsing of a few new letters)."""

from __future__ import annotations


def start_job(job):
    """Run `job()` in a forked process (None when fork is not available):
    returns (process, pipe end) for `join_job`."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None, None
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def run():
        try:
            result = ("ok", job())
        except BaseException as exc:  # noqa: BLE001 - reported in the parent
            result = ("error", repr(exc))
        send.send(result)

    child = ctx.Process(target=run)
    child.start()
    send.close()
    return child, receive


def join_job(child, receive, job, what: str = "writing the CSVs"):
    """The result of `start_job`'s job (or of `job()` here, without fork); a
    RuntimeError when the process failed or died."""
    if child is None:
        return job()
    try:
        status, value = receive.recv()
    except EOFError:  # the process died before it could answer
        status, value = "error", f"the process ended with exit code {child.join() or child.exitcode}"
    child.join()
    receive.close()
    if status != "ok":
        raise RuntimeError(f"{what} failed: {value}")
    return value


def stop_job(child) -> None:
    if child is not None:
        child.kill()
        child.join()
