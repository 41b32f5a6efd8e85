"""One polite HTTP client for the official services (standard library only).

Polite: one request at a time, `delay` seconds between the end of one and
the start of the next, a User-Agent that says who asks and where to read
about it. Robust: a 429, a 5xx, a timeout or a dropped connection is tried
again after a backoff (doubling, capped), or after the server's Retry-After
when it gives one; other 4xx fail at once. `sleep` and `clock` can be
replaced, so tests run without waiting.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

from .. import __version__

USER_AGENT = (
    f"jbz-brieven/{__version__} (open-data bundle of Kamerstuk dossier 32317; "
    "one request at a time; see the project's README)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY = 50 * 1024 * 1024  # a publication is well under this; a bigger answer is a mistake


class FetchError(Exception):
    """A request that failed for good (after its retries), naming the URL."""


@dataclass
class Response:
    url: str
    status: int  # 200, or 304 for "not modified"
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Client:
    user_agent: str = USER_AGENT
    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    log: Callable[[str], None] = lambda msg: None
    requests: int = 0  # every attempt, retries included
    _last: float | None = field(default=None, repr=False)

    def _pause(self) -> None:
        if self._last is not None:
            wait = self.delay - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)

    def _retry_after(self, value: str | None) -> float | None:
        if not value:
            return None
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **headers})
        self._pause()
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    raise FetchError(f"{url}: the answer is larger than {MAX_BODY // 1024 // 1024} MB; refused")
                return Response(url, answer.status, dict(answer.headers.items()), body)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Response(url, 304, dict(exc.headers.items()))
            raise
        finally:
            self._last = self.clock()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET with retries; a 304 (after If-None-Match / If-Modified-Since) is returned, not raised."""
        headers = headers or {}
        for attempt in range(self.retries + 1):
            wait = min(self.max_wait, self.backoff * (2 ** attempt))
            try:
                return self._once(url, headers)
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES:
                    raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
                told = self._retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                if told is not None:
                    wait = min(self.max_wait, told)
                problem = f"HTTP {exc.code}"
            except (TimeoutError, socket.timeout) as exc:
                problem = f"timed out after {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    problem = f"timed out after {self.timeout:g} s"
                else:
                    problem = f"connection failed ({exc.reason})"
            except (ConnectionError, http.client.HTTPException) as exc:
                problem = f"connection broke ({type(exc).__name__})"
            if attempt == self.retries:
                raise FetchError(f"{url}: {problem}, {self.retries + 1} attempts; try again later")
            self.log(f"{problem}: trying again in {wait:g} s ({url})")
            self.sleep(wait)
        raise AssertionError("unreachable")

