"""ASGI middleware: security headers, HEAD, the write gate, the body limit and the read cache.

:class:`SecurityHeaders` adds CSP, nosniff, frame-ancestors and friends to every response and
answers HEAD like GET without a body.

:class:`BodyLimit` checks the bearer token of a write from the headers, then refuses bodies
over the limit with 413, both before the app reads the body.

:class:`ReadCache` keeps successful GET responses under /api (and the dashboard's pages) while
the ledger is unchanged.

Every write to the ledger, through the API, the CLI or another process, adds a row to its
``imports`` table (``Ledger._insert``), so ``(max(id), count(*))`` of that table is a version
of the data. Each GET asks for the version (one indexed query) and serves a stored response
made under the same version; anything else goes through to the routes. Reads of an unchanged
ledger therefore cost one small query instead of parsing and validating observations.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warledger.api.deps import ApiSettings, LedgerPool, check_token
from warledger.api.errors import ApiError, error_body

#: the data version: imports only grow, and a rebuild sets a new generation
VERSION_SQL = ("SELECT (SELECT max(id) FROM imports), (SELECT count(*) FROM imports), "
               "(SELECT value FROM meta WHERE key = 'generation')")
#: read cache: at most this many entries, this many bytes in all, this large one response
MAX_ENTRIES = 1024
MAX_CACHE_BYTES = 32 * 1024 * 1024
MAX_BODY = 2 * 1024 * 1024
#: query strings longer than this are answered but not cached
MAX_CACHED_QUERY = 1024
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
     b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _json_response(status: int, payload: dict[str, Any],
                   extra: list[tuple[bytes, bytes]] | None = None) -> list[Message]:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *(extra or [])]
    return [{"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body}]


class SecurityHeaders:
    """Security headers on every response; HEAD is served as GET without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = dict(message, headers=headers)
            elif head and message["type"] == "http.response.body":
                message = dict(message, body=b"")
            await send(message)

        await self.app(scope, receive, secured)


def writer_gate(public: Callable[[], list[tuple[re.Pattern[str], set[str]]]]
                ) -> Callable[[str, str], bool]:
    """Which requests need the bearer token: every write under /api except the public ones."""

    def needs_token(method: str, path: str) -> bool:
        if method not in WRITE_METHODS or not path.startswith("/api/"):
            return False
        return not any(method in methods and pattern.match(path) for pattern, methods in public())

    return needs_token


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int, settings: ApiSettings | None = None,
                 needs_token: Callable[[str, str], bool] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.settings = settings
        self.needs_token = needs_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if (self.settings is not None and self.needs_token is not None
                and self.needs_token(scope["method"], scope["path"])):
            refusal = self._token_refusal(scope)
            if refusal is not None:
                for message in refusal:
                    await send(message)
                return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _token_refusal(self, scope: Scope) -> list[Message] | None:
        """401/403 from the headers alone, before a byte of the body is read."""
        assert self.settings is not None
        raw = dict(scope["headers"]).get(b"authorization")
        try:
            check_token(self.settings, raw.decode("latin-1") if raw is not None else None)
        except ApiError as err:
            item = {"field": err.field, "message": str(err), "code": err.code}
            extra = [(k.lower().encode(), v.encode()) for k, v in (err.headers or {}).items()]
            return _json_response(err.status, error_body(err.status, str(err), err.code,
                                                         [item]), extra)
        return None

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"the request body is larger than the limit of {self.max_bytes} bytes"
        for part in _json_response(413, error_body(413, message, "payload-too-large")):
            await send(part)


def data_version(pool: LedgerPool) -> tuple[Any, ...] | None:
    """What changes whenever the data do (imports, rebuilds, a replaced file); None when the
    ledger cannot be read now (then nothing is cached)."""
    try:
        ledger = pool.acquire()
    except Exception:  # noqa: BLE001 - the route answers the error (503), not the cache
        return None
    try:
        row = ledger.conn.execute(VERSION_SQL).fetchone()
        return (row[0], row[1], row[2], ledger.identity) if row is not None else None
    except Exception:  # noqa: BLE001 - no version means no caching, never a failed read
        return None
    finally:
        pool.release(ledger)


class ReadCache:
    """ASGI middleware: answer a repeated GET /api/... from memory while the data is the same."""

    def __init__(self, app: ASGIApp, pool: LedgerPool, prefix: str = "/api/",
                 pages: bool = False, extra: Callable[[], Any] | None = None) -> None:
        self.app = app
        self.pool = pool
        #: more state the answers depend on besides the data (e.g. estimates computed since)
        self.extra = extra
        self.prefix = prefix
        #: also keep dashboard pages: each is a function of its URL and the data version only
        self.pages = pages
        self.entries: OrderedDict[tuple[Any, ...], tuple[int, list[Any], bytes]] = OrderedDict()
        self.bytes = 0  # what the entries hold: bodies, headers and keys
        #: answers being computed now: concurrent identical misses wait instead of repeating
        self.in_flight: dict[tuple[Any, ...], asyncio.Event] = {}
        self.hits = 0
        self.misses = 0

    def version(self) -> tuple[Any, ...] | None:
        found = data_version(self.pool)
        if found is None or self.extra is None:
            return found
        return (*found, self.extra())

    def _cacheable(self, path: str) -> bool:
        if path.startswith(self.prefix):
            return True
        return self.pages and not path.startswith(("/static/", "/api/"))

    @staticmethod
    def key_of(scope: Scope) -> tuple[str, str] | None:
        """Path and query with parameters sorted and decoded: ?a=1&b=2 and ?b=2&a=%31 are one
        entry. None (not cached) for long query strings."""
        query = scope.get("query_string", b"")
        if len(query) > MAX_CACHED_QUERY:
            return None
        pairs = sorted(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        return scope["path"], urlencode(pairs)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not self._cacheable(scope["path"])):
            await self.app(scope, receive, send)
            return
        normal = self.key_of(scope)
        if normal is not None and not scope["path"].startswith(self.prefix):
            # a page holds absolute links (embed snippets) made from the Host it was asked for
            normal = (*normal, dict(scope.get("headers") or []).get(b"host", b"").decode(
                "latin-1"))
        version = self.version() if normal is not None else None
        if version is None or normal is None:
            await self.app(scope, receive, send)
            return
        key = (*normal, version)
        pending = self.in_flight.get(key)
        if pending is not None:  # the same answer is being computed: wait for it once
            await pending.wait()
        if await self._replay(key, send):
            return
        self.misses += 1
        done = self.in_flight.setdefault(key, asyncio.Event())
        try:
            await self.app(scope, receive, self._recorder(key, send))
        finally:
            done.set()
            self.in_flight.pop(key, None)

    async def _replay(self, key: tuple[Any, ...], send: Send) -> bool:
        stored = self.entries.get(key)
        if stored is None:
            return False
        self.hits += 1
        self.entries.move_to_end(key)
        status, headers, body = stored
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True

    def _recorder(self, key: tuple[Any, ...], send: Send) -> Send:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    self._store(self._key_now(key), start["headers"], b"".join(chunks))
            await send(message)

        return record

    def _key_now(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """The key with the version at the end of the answer: the data must be the ones the
        request started with, but the extra state may have moved on because of it (the
        overview computes the estimates it then shows)."""
        started, now = key[-1], self.version()
        if self.extra is None or now is None or now[:-1] != started[:-1]:
            return key
        return (*key[:-1], now)

    @staticmethod
    def _size(key: tuple[Any, ...], headers: list[Any], body: bytes) -> int:
        return (len(body) + sum(len(k) + len(v) for k, v in headers)
                + len(key[0]) + len(key[1]) + 200)

    def _store(self, key: tuple[Any, ...], headers: list[Any], body: bytes) -> None:
        if len(body) > MAX_BODY:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= self._size(key, old[1], old[2])
        self.entries[key] = (200, list(headers), body)
        self.bytes += self._size(key, headers, body)
        while len(self.entries) > MAX_ENTRIES or self.bytes > MAX_CACHE_BYTES:
            gone, (_, gone_headers, gone_body) = self.entries.popitem(last=False)
            self.bytes -= self._size(gone, gone_headers, gone_body)
