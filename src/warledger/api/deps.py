"""What routes depend on: settings, a pooled ledger connection, write access, optional features.

The ledger is opened once at first use with ``open_ledger(path)`` (which brings the bundled
dataset up to date); after that every request borrows its own SQLite connection from a pool
(``open_ledger(path, bundled=False)``), so concurrent reads never share a connection. Writes
additionally hold one lock: one writer at a time, as the house style asks.
"""

from __future__ import annotations

import hmac
import importlib
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

from fastapi import Depends, Request

from warledger.api.errors import ApiError, Forbidden, NotAvailable, ReadOnly, Unauthorized
from warledger.errors import LedgerReplaced
from warledger.ledger.backends import is_postgres_url
from warledger.ledger.store import Ledger, default_db_path, file_identity, open_ledger

TOKEN_ENV = "WARLEDGER_TOKEN"
MAX_BODY_ENV = "WARLEDGER_MAX_BODY_BYTES"
#: default request body limit: enough for a sizeable CSV import, small enough to refuse abuse
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ApiSettings:
    db_target: str  # an SQLite file or a postgresql:// URL, as open_ledger takes it
    token: str | None
    max_body_bytes: int

    @property
    def writable(self) -> bool:
        return bool(self.token)


def resolve_settings(db_path: Path | str | None, token: str | None,
                     max_body_bytes: int | None) -> ApiSettings:
    """Explicit arguments win over ``$WARLEDGER_DB``, ``$WARLEDGER_TOKEN`` and
    ``$WARLEDGER_MAX_BODY_BYTES``."""
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    if token and not (token.isascii() and token.isprintable() and " " not in token):
        raise ApiError("the write token must be printable ASCII without spaces (HTTP clients "
                       "cannot send other characters in a header)", field="token")
    if max_body_bytes is None:
        env = os.environ.get(MAX_BODY_ENV, "")
        max_body_bytes = int(env) if env.isdigit() else DEFAULT_MAX_BODY_BYTES
    return ApiSettings(db_target=str(db_path) if db_path else str(default_db_path()),
                       token=token or None, max_body_bytes=max_body_bytes)


class LedgerPool:
    """Connections to one ledger file, one per concurrent request, reused between requests.

    Each borrow compares the file's identity (device, inode) with the one the pooled
    connections were opened on: a ledger replaced by another file is noticed at the next
    request (the old connections are closed and new ones opened), and a removed file answers
    503 instead of serving, or writing into, a file that no longer has a name.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.write_lock = threading.Lock()
        self._idle: queue.SimpleQueue[Ledger] = queue.SimpleQueue()
        self._all: list[Ledger] = []
        self._ready = False
        self._init_lock = threading.Lock()
        self._file = None if target == ":memory:" or is_postgres_url(target) else Path(target)
        self.identity: tuple[int, int] | None = None

    def acquire_ready(self) -> None:
        """Open the ledger once now (create it, sync the bundled data) instead of lazily."""
        if not self._ready:
            self._prepare()

    def _prepare(self) -> None:
        with self._init_lock:
            if not self._ready:
                open_ledger(self.target).close()  # creates the file and syncs the bundled data
                self.identity = self._identity()
                self._ready = True

    def _identity(self) -> tuple[int, int] | None:
        if self._file is None:
            return None
        identity = file_identity(self._file)
        if identity is None:
            raise LedgerReplaced(f"the ledger file {self._file} does not exist any more "
                                 "(removed, or being rebuilt); try again shortly")
        return identity

    def acquire(self) -> Ledger:
        if not self._ready:
            self._prepare()
        current = self._identity()
        if current != self.identity:
            self._swap(current)
        while True:
            try:
                ledger = self._idle.get_nowait()
            except queue.Empty:
                break
            if ledger.identity == self.identity:
                return ledger
            ledger.close()
        ledger = open_ledger(self.target, bundled=False)
        with self._init_lock:
            self._all.append(ledger)
        return ledger

    def _swap(self, identity: tuple[int, int] | None) -> None:
        """The file was replaced: new borrows open new connections; old ones are closed
        when they come back (idle ones at the next borrow, busy ones at release)."""
        with self._init_lock:
            self.identity = identity
            self._all = [ledger for ledger in self._all if ledger.identity == identity]

    def release(self, ledger: Ledger) -> None:
        if ledger.identity != self.identity:
            ledger.close()
            return
        self._idle.put(ledger)

    def close(self) -> None:
        with self._init_lock:
            for ledger in self._all:
                ledger.close()
            self._all.clear()
            self._idle = queue.SimpleQueue()


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_ledger(request: Request) -> Iterator[Ledger]:
    pool: LedgerPool = request.app.state.pool
    ledger = pool.acquire()
    try:
        yield ledger
    finally:
        pool.release(ledger)


def check_token(settings: ApiSettings, authorization: str | None) -> None:
    """401 without credentials, 403 with wrong ones or on a read-only server."""
    if not settings.token:
        raise ReadOnly("this server is read-only: start it with --token or "
                       f"${TOKEN_ENV} to allow writes", field="Authorization")
    if not authorization:
        raise Unauthorized("writing needs 'Authorization: Bearer <token>'",
                           field="Authorization")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        raise Unauthorized("the Authorization header must be 'Bearer <token>'",
                           field="Authorization")
    # exact bytes, constant time: no stripping, no case folding, no prefix or padding accepted
    if not hmac.compare_digest(credentials.encode("utf-8", "surrogateescape"),
                               settings.token.encode()):
        raise Forbidden("the bearer token is not valid for this server",
                             field="Authorization")


def require_writer(request: Request) -> None:
    check_token(get_settings(request), request.headers.get("authorization"))


def optional_module(name: str, what: str) -> ModuleType:
    """Import a capability built elsewhere in warledger, or say clearly it is not there yet."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise NotAvailable(f"{what} is not available in this installation ({name} missing)"
                           ) from err


def feature(name: str, attribute: str, what: str) -> Any:
    module = optional_module(name, what)
    value = getattr(module, attribute, None)
    if value is None:
        raise NotAvailable(f"{what} is not available in this installation "
                           f"({name}.{attribute} missing)")
    return value


def has_feature(name: str, attribute: str) -> bool:
    try:
        return getattr(importlib.import_module(name), attribute, None) is not None
    except ImportError:
        return False


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
WriterDep = Depends(require_writer)
