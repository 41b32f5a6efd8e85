"""`jbz serve` (`datasette serve` in worker processes) as `make serve` runs
it, on a free port, for tests that need a real server (signals, threads,
concurrent clients)."""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from jbz import site
from site_helpers import ROOT


def free_port() -> int:
    """A free local port; within JBZ_TEST_PORTS (e.g. `8800-8899`) when set,
    for machines where each user of the tests keeps to a port range."""
    span = os.environ.get("JBZ_TEST_PORTS", "")
    candidates = [0]
    if span:
        low, _, high = span.partition("-")
        candidates = random.sample(range(int(low), int(high or low) + 1), int(high or low) - int(low) + 1)
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in JBZ_TEST_PORTS={span}")


WORKERS = 2  # as `make serve`


def serve_command(port: int) -> list[str]:
    return [
        str(Path(sys.executable).with_name("jbz")), "serve", "--workers", str(WORKERS), "-i", "dist/jbz.db",
        "--inspect-file", "dist/inspect.json", "--metadata", "metadata.yml",
        "--plugins-dir", str(ROOT / "plugins"), "--template-dir", str(ROOT / "templates"),
        "--static", "package:dist/package",
        *site.serve_settings_args(),
        "--host", "127.0.0.1", "--port", str(port),
    ]


@contextlib.contextmanager
def running_server(bundle: Path, log_name: str = "datasette.log"):
    """Yield (base URL, process) of a server on the bundle; stopped after."""
    port = free_port()
    log_path = bundle / log_name
    with open(log_path, "w") as log:
        proc = subprocess.Popen(serve_command(port), cwd=bundle, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                # every worker has made its pages and takes requests
                if log_path.read_text().count("Application startup complete") >= WORKERS:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(log_path.read_text())
            time.sleep(0.2)
        try:
            yield base, proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def raw_get(base: str, target: str, timeout: float = 30, headers: dict | None = None):
    """GET with the request target sent exactly as given (no normalising of
    '..'): (status, headers, body, seconds)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    start = time.perf_counter()
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body, time.perf_counter() - start
    finally:
        conn.close()
