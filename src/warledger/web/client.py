"""The dashboard reads through the API's own contract, in process, as any client would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from starlette.types import ASGIApp

from warledger.api.errors import ApiError


@dataclass(frozen=True)
class Reply:
    status: int
    data: Any

    @property
    def ok(self) -> bool:
        return self.status < 400


class PageError(ApiError):
    """An API error surfaced on a page, with the API's status and message."""

    def __init__(self, reply: Reply) -> None:
        data = reply.data if isinstance(reply.data, dict) else {}
        super().__init__(str(data.get("error") or f"the API answered {reply.status}"))
        self.status = reply.status
        self.code = str(data.get("code") or "api-error")


class ApiClient:
    """``httpx`` over the ASGI app itself: no socket, same validation, same errors."""

    def __init__(self, app: ASGIApp) -> None:
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                         base_url="http://warledger.internal", trust_env=False)

    async def get(self, path: str, **params: Any) -> Reply:
        clean = {k: v for k, v in params.items() if v is not None}
        try:
            response = await self._client.get(f"/api{path}", params=clean)
        except httpx.InvalidURL:  # e.g. a NUL in a page's path segment: no such record
            return Reply(404, {"error": "no such page", "code": "not-found"})
        return Reply(response.status_code, response.json())

    async def page(self, url: str) -> int:
        """GET a dashboard page (an absolute URL: its host makes the page's absolute links)
        through the whole app, so its read cache keeps it; the status."""
        response = await self._client.get(url)
        return response.status_code

    async def post(self, path: str, payload: dict[str, Any]) -> Reply:
        response = await self._client.post(f"/api{path}", json=payload)
        return Reply(response.status_code, response.json())

    async def need(self, path: str, **params: Any) -> Any:
        """GET and return the data, or raise so the page shows the API's error."""
        reply = await self.get(path, **params)
        if not reply.ok:
            raise PageError(reply)
        return reply.data

    async def close(self) -> None:
        await self._client.aclose()
