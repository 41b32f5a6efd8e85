"""A local stand-in for the official services, serving the recorded
responses in tests/fixtures/sru/ (started by the tests on a free port).

- `/sru?…&startRecord=N`: the listing page `listing/<state>/start-N.xml`
  (state `first` or `later`), or `listing/diagnostic.xml` in state `diagnostic`.
- `/frbr/officielepublicaties/<path>`: `repository/<path>`, or for the five
  letters their XML renderings in tests/fixtures/xml/ (`renderings.json`),
  with an ETag and a Last-Modified; a matching If-None-Match gets 304.
- With faults on, the first requests for a path get the answers in
  `faults.json` first: a 503, a 429 with Retry-After, a stall longer than the
  client's timeout.

The official host in the recorded listings is rewritten to this server, the
way a recording proxy would; every request is logged for the counts.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sru"
OFFICIAL_REPOSITORY = b"https://repository.overheid.nl"
LAST_MODIFIED = "Wed, 01 Jul 2026 09:00:00 GMT"


def _renderings(root: Path) -> dict[str, Path]:
    mapping = json.loads((root / "renderings.json").read_text())
    mapping.pop("_about", None)
    return {path: (root / file).resolve() for path, file in mapping.items()}


class FixtureServer:
    def __init__(self, state: str = "first", faults: bool = True, root: Path = FIXTURES, files: dict[str, Path] | None = None, port: int = 0):
        self.state = state
        self.root = root
        # repository path -> file served instead: the XML renderings of the five letters (renderings.json)
        self.files = {} if files is not None else _renderings(root)
        self.files.update(files or {})
        self.log: list[dict] = []
        self.faults = json.loads((root / "faults.json").read_text()) if faults else {}
        self.faults.pop("_about", None)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def sru_url(self) -> str:
        return f"{self.base}/sru"

    def requests(self, prefix: str = "") -> list[dict]:
        return [r for r in self.log if r["path"].startswith(prefix)]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a stall it timed out on)

            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                key = url.path
                if url.path == "/sru":
                    key = f"/sru?startRecord={query.get('startRecord', ['1'])[0]}"
                entry = {"path": url.path, "key": key, "query": query, "headers": dict(self.headers.items())}
                server.log.append(entry)
                pending = server.faults.get(key)
                if pending:
                    fault = pending.pop(0)
                    entry["status"] = fault.get("status", "stalled")
                    if "stall" in fault:
                        time.sleep(fault["stall"])
                        return self._send(200, b"", {"Content-Type": "text/plain"})
                    body = (server.root / fault["body"]).read_bytes() if fault.get("body") else b""
                    return self._send(fault["status"], body, fault.get("headers"))
                status, body, headers = self._answer(url.path)
                entry["status"] = status
                self._send(status, body, headers)

            def _answer(self, path: str) -> tuple[int, bytes, dict]:
                if path == "/sru":
                    if server.state == "diagnostic":
                        return 200, (server.root / "listing" / "diagnostic.xml").read_bytes(), {"Content-Type": "text/xml"}
                    start = parse_qs(urlsplit(self.path).query).get("startRecord", ["1"])[0]
                    page = server.root / "listing" / server.state / f"start-{start}.xml"
                    if not page.is_file():
                        return 404, b"no such page", {}
                    body = page.read_bytes().replace(OFFICIAL_REPOSITORY, server.base.encode())
                    return 200, body, {"Content-Type": "text/xml; charset=utf-8"}
                prefix = "/frbr/officielepublicaties/"
                if not path.startswith(prefix) or ".." in path:
                    return 404, b"not found", {}
                rel = path[len(prefix):]
                file = server.files.get(rel) or server.root / "repository" / rel
                if not file.is_file():
                    return 404, b"not found", {}
                body = file.read_bytes()
                etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, "Content-Type": "application/xml"}
                if self.headers.get("If-None-Match") == etag:
                    return 304, b"", headers
                return 200, body, headers

        return Handler


if __name__ == "__main__":  # `make fixture-server`: serve until Ctrl-C
    import argparse

    parser = argparse.ArgumentParser(description="Serve the recorded SRU responses of tests/fixtures/sru/.")
    parser.add_argument("--port", type=int, default=8601)
    parser.add_argument("--state", default="first", choices=("first", "later", "diagnostic"))
    parser.add_argument("--faults", action="store_true", help="answer with the 503/429/stall of faults.json first")
    args = parser.parse_args()
    srv = FixtureServer(state=args.state, faults=args.faults, port=args.port)
    print(f"serving {FIXTURES} at {srv.sru_url} (state {args.state}); Ctrl-C stops", flush=True)
    try:
        srv._server.serve_forever()
    except KeyboardInterrupt:
        pass
