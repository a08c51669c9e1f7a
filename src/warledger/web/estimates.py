"""The overview's estimate intervals, without making a visitor wait on a large ledger.

The estimates come from ``/api/compare``, which reconciles every figure of every series: a
fraction of a second for the bundled data, about a minute per million figures. Up to
:data:`WAIT_UP_TO` figures the page waits for them; above, the first visit starts the
computation in the background and the page shows the reported figures with a note, and every
visit after it finishes gets the estimates, until the next write changes the data version.
The background computation runs in a child process: in a thread of the server it would hold
the interpreter lock and slow every page for its minute.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from warledger.web.client import ApiClient

#: ledgers with at most this many figures are reconciled while the overview waits
WAIT_UP_TO = 50_000

Spans = dict[tuple[str, str, str], tuple[float, float]]


def interval(data: Any) -> tuple[float, float] | None:
    """(low, high) of an estimate, whichever of the usual key pairs it uses."""
    if not isinstance(data, dict):
        return None
    for lo, hi in (("low", "high"), ("lower", "upper"), ("quantity_low", "quantity_high"),
                   ("p05", "p95"), ("ci_low", "ci_high")):
        if isinstance(data.get(lo), int | float) and isinstance(data.get(hi), int | float):
            return float(data[lo]), float(data[hi])
    for key in ("headline", "interval", "estimate", "range"):
        if key in data:
            return interval(data[key])
    return None


def estimates_by_series(compare: dict[str, Any]) -> Spans:
    """Estimate intervals from a /compare answer: rows of provider x category, a cell per side."""
    found: Spans = {}
    for row in compare.get("rows", []):
        for recipient, cell in (row.get("cells") or {}).items():
            span = interval(cell)
            if span:
                found[(row["provider"], recipient, row["category"])] = span
    return found


def spans_of_ledger(db_target: str) -> Spans:
    """The overview's estimates computed from the ledger itself (in a child process)."""
    from warledger.ledger.store import open_ledger
    from warledger.reconcile import compare

    with open_ledger(db_target, bundled=False, read_only=True) as ledger:
        return estimates_by_series(compare(ledger).to_dict())


def _child(send: Connection, db_target: str) -> None:
    if hasattr(os, "nice"):  # background work: requests to the server come first
        os.nice(10)
    try:
        send.send(spans_of_ledger(db_target))
    except Exception:  # noqa: BLE001 - the parent then shows no estimates (an exception
        send.send(None)  # object may not even pickle)
    finally:
        send.close()


class OverviewEstimates:
    """The last computed estimates, labelled with the data version they were computed for.

    ``version`` is also part of the read cache's key (see ``create_app``): a page kept while
    the estimates were pending is not served once they are in.
    """

    def __init__(self, db_target: str | None = None) -> None:
        self.db_target = db_target  # None: compute through the API, in this process
        self.version: Any = None
        self.spans: Spans | None = None
        self.task: asyncio.Task[None] | None = None
        self.task_version: Any = None
        self.child: BaseProcess | None = None

    async def get(self, api: ApiClient, figures: int, version: Any,
                  base_url: str) -> tuple[Spans, bool]:
        """(estimates, pending): pending is True while they are computed in the background;
        then the overview is rendered again for ``base_url`` (where the visitor came from)."""
        if version is not None and version == self.version and self.spans is not None:
            return self.spans, False
        if figures <= WAIT_UP_TO or version is None:
            spans = await self._compute(api)
            self._keep(version, spans)
            return spans or {}, False
        if self.task is None or self.task.done() or self.task_version != version:
            self.task_version = version
            self.task = asyncio.create_task(self._in_background(api, version, base_url))
        return {}, True

    async def _in_background(self, api: ApiClient, version: Any, base_url: str) -> None:
        if self.db_target is None:
            self._keep(version, await self._compute(api))
        else:
            self._keep(version, await self._in_child(self.db_target))
        if self.version == version:  # render the overview now, not for the next visitor
            await api.page(base_url)

    async def _in_child(self, db_target: str) -> Spans | None:
        """Compute in a fresh process (spawned: no copy of the server's threads and locks)."""
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        self.child = context.Process(target=_child, args=(send, db_target), daemon=True)
        self.child.start()
        send.close()
        try:
            answer = await asyncio.to_thread(receive.recv)
        except EOFError:  # the child was stopped (server shutting down) or died
            return None
        finally:
            receive.close()
        return answer  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop a computation still running (the server is shutting down)."""
        if self.child is not None and self.child.is_alive():
            self.child.terminate()

    @staticmethod
    async def _compute(api: ApiClient) -> Spans | None:
        reply = await api.get("/compare")
        return estimates_by_series(reply.data) if reply.ok else None

    def _keep(self, version: Any, spans: Spans | None) -> None:
        if spans is not None and version is not None:
            self.version, self.spans = version, spans
