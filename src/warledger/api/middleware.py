"""ASGI middleware: the request body limit and the read cache.

:class:`BodyLimit` refuses bodies over the limit with 413 before the app reads them.

:class:`ReadCache` keeps successful GET responses under /api while the ledger is unchanged.

Every write to the ledger, through the API, the CLI or another process, adds a row to its
``imports`` table (``Ledger._insert``), so ``(max(id), count(*))`` of that table is a version
of the data. Each GET asks for the version (one indexed query) and serves a stored response
made under the same version; anything else goes through to the routes. Reads of an unchanged
ledger therefore cost one small query instead of parsing and validating observations.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warledger.api.deps import LedgerPool
from warledger.api.errors import error_body

VERSION_SQL = "SELECT max(id), count(*) FROM imports"
MAX_ENTRIES = 1024
MAX_BODY = 2 * 1024 * 1024


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
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

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"the request body is larger than the limit of {self.max_bytes} bytes"
        payload = json.dumps(error_body(413, message, "payload-too-large")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})


class ReadCache:
    """ASGI middleware: answer a repeated GET /api/... from memory while the data is the same."""

    def __init__(self, app: ASGIApp, pool: LedgerPool, prefix: str = "/api/") -> None:
        self.app = app
        self.pool = pool
        self.prefix = prefix
        self.entries: OrderedDict[tuple[Any, ...], tuple[int, list[Any], bytes]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def version(self) -> tuple[Any, ...] | None:
        ledger = self.pool.acquire()
        try:
            row = ledger.conn.execute(VERSION_SQL).fetchone()
            return (row[0], row[1]) if row is not None else None
        except Exception:  # noqa: BLE001 - no version means no caching, never a failed read
            return None
        finally:
            self.pool.release(ledger)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(self.prefix)):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), version)
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            status, headers, body = stored
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        await self.app(scope, receive, self._recorder(key, send))

    def _recorder(self, key: tuple[Any, ...], send: Send) -> Send:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    self._store(key, start["headers"], b"".join(chunks))
            await send(message)

        return record

    def _store(self, key: tuple[Any, ...], headers: list[Any], body: bytes) -> None:
        if len(body) > MAX_BODY:
            return
        self.entries[key] = (200, list(headers), body)
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)
