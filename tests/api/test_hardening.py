"""The API under hostile input (issues 15 and 18): headers, HEAD, tokens, the body limit and
cache budget at their boundaries, busy, read-only and replaced ledgers."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH, TOKEN, count
from warledger.api import middleware
from warledger.api.app import create_app
from warledger.api.deps import ApiSettings, check_token
from warledger.api.errors import RETRY_AFTER_SECONDS, ApiError, Forbidden, Unauthorized
from warledger.ledger.store import open_ledger

LIMIT = 64 * 1024  # the writer fixture's body limit


def payload(n: int) -> dict[str, Any]:
    return {"sources": [{"id": "src-h", "publisher": "P", "url": "https://example.org/h"}],
            "observations": [{"provider": "PRK", "recipient": "RUS", "category": "troops",
                              "quantity_low": n, "quantity_high": n, "unit": "person",
                              "basis": "deployed", "source_id": "src-h", "as_of": "2024-11"}]}


# -- headers and HEAD ----------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/info", 200), ("GET", "/api/nowhere", 404), ("POST", "/api/observations", 401),
    ("GET", "/api/observations?limit=x", 422), ("GET", "/openapi.json", 200)])
def test_security_headers_on_every_response(writer: TestClient, method: str, path: str,
                                            status: int) -> None:
    response = writer.request(method, path)
    assert response.status_code == status
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_security_headers_on_the_dashboard_and_413(tmp_path: Path) -> None:
    app = create_app(tmp_path / "l.db", token=TOKEN, max_body_bytes=10)
    with TestClient(app) as web:
        page = web.get("/")
        assert page.status_code == 200 and "frame-ancestors" in page.headers[
            "content-security-policy"]
        big = web.post("/api/observations", content=b"x" * 11, headers=AUTH)
        assert big.status_code == 413 and big.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/api/info", "/api/series", "/openapi.json"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))


# -- tokens --------------------------------------------------------------------------------
@pytest.mark.parametrize("sent", [
    TOKEN[:-1], TOKEN[:4], "x" + TOKEN, TOKEN + "x", " " + TOKEN, TOKEN + " ",
    TOKEN.upper(), TOKEN.swapcase(), TOKEN + "\t", f"{TOKEN} {TOKEN}"])
def test_near_miss_tokens_are_refused(sent: str) -> None:
    settings = ApiSettings("x.db", TOKEN, LIMIT)
    with pytest.raises(Forbidden):
        check_token(settings, f"Bearer {sent}")
    check_token(settings, f"Bearer {TOKEN}")  # the exact token passes
    check_token(settings, f"bearer {TOKEN}")  # the scheme is case-insensitive (RFC 7235)


@pytest.mark.parametrize("sent", [TOKEN[:-1], "x" + TOKEN, TOKEN.upper(), " " + TOKEN])
def test_near_miss_tokens_over_http_write_nothing(writer: TestClient, sent: str) -> None:
    before = count(writer)
    response = writer.post("/api/observations", json=payload(5),
                           headers={"Authorization": f"Bearer {sent}"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert count(writer) == before


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic " + TOKEN, TOKEN])
def test_malformed_authorization_is_401(header: str) -> None:
    with pytest.raises(Unauthorized):
        check_token(ApiSettings("x.db", TOKEN, LIMIT), header or None)


def test_token_comparison_is_constant_time() -> None:
    import inspect

    from warledger.api import deps

    assert "hmac.compare_digest" in inspect.getsource(deps.check_token)


@pytest.mark.parametrize("token", ["tök", "to ken", "tab\tbed", "\u202etoken"])
def test_a_token_must_be_printable_ascii(tmp_path: Path, token: str) -> None:
    with pytest.raises(ApiError, match="printable ASCII"):
        create_app(tmp_path / "l.db", token=token)


def test_token_is_checked_before_any_body_byte_is_read(tmp_path: Path) -> None:
    app = create_app(tmp_path / "l.db", token=TOKEN, dashboard=False)
    received: list[str] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        received.append("body")
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    for auth, status in ((b"Bearer wrong", 403), (None, 401)):
        headers = [(b"content-type", b"application/json")]
        headers += [(b"authorization", auth)] if auth else []
        scope = {"type": "http", "method": "POST", "path": "/api/imports", "raw_path":
                 b"/api/imports", "query_string": b"", "headers": headers, "http_version":
                 "1.1", "scheme": "http", "server": ("t", 80), "client": ("c", 1),
                 "root_path": "", "app": app}
        asyncio.run(app(scope, receive, send))
        assert sent[-2]["status"] == status
        assert received == []


# -- body limit: the documented 5 MiB default, pinned both sides -----------------------------
def test_body_limit_boundary(tmp_path: Path) -> None:
    from warledger.api.deps import DEFAULT_MAX_BODY_BYTES

    assert DEFAULT_MAX_BODY_BYTES == 5 * 1024 * 1024  # docs/api.md: "5 MiB by default"
    app = create_app(tmp_path / "l.db", token=TOKEN, max_body_bytes=LIMIT, dashboard=False)
    with TestClient(app) as web:
        at_limit = b"[" + b" " * (LIMIT - 2) + b"]"  # exactly LIMIT bytes of valid JSON
        inside = web.post("/api/observations", content=at_limit,
                          headers=AUTH | {"content-type": "application/json"})
        assert inside.status_code == 201  # not 413: the limit itself is allowed
        outside = web.post("/api/observations", content=at_limit + b" ",
                           headers=AUTH | {"content-type": "application/json"})
        assert outside.status_code == 413


def test_deeply_nested_bodies_are_422_not_500(writer: TestClient) -> None:
    deep = b"[" * 30_000 + b"]" * 30_000  # under the 64 KiB limit, past any parser stack
    response = writer.post("/api/observations", content=deep,
                           headers=AUTH | {"content-type": "application/json"})
    assert response.status_code == 422 and "nested deeper" in response.text
    claims = writer.post("/api/claims/check", content=deep,
                         headers={"content-type": "application/json"})
    assert 400 <= claims.status_code < 500


# -- the read cache: byte budget and normalised keys ---------------------------------------
def test_cache_keys_are_normalised(client: TestClient) -> None:
    cache = _cache(client)
    client.get("/api/observations?limit=3&offset=1")
    client.get("/api/observations?offset=1&limit=3")
    client.get("/api/observations?offset=%31&limit=3")
    assert (cache.misses, cache.hits) == (1, 2)


def test_cache_stays_within_its_byte_budget(client: TestClient,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _cache(client)
    one = len(client.get("/api/series").content)
    budget = 3 * one + 3 * 400  # room for about three answers of this size
    monkeypatch.setattr(middleware, "MAX_CACHE_BYTES", budget)
    for i in range(12):
        client.get(f"/api/series?n={i}")
        assert cache.bytes <= budget
    assert 1 <= len(cache.entries) <= 3


def test_long_query_strings_are_answered_but_not_cached(client: TestClient) -> None:
    cache = _cache(client)
    inside = "/api/info?x=" + "a" * (middleware.MAX_CACHED_QUERY - 2)
    outside = inside + "a"
    assert client.get(inside).status_code == client.get(outside).status_code == 200
    assert len(cache.entries) == 1


def _cache(client: TestClient) -> Any:
    stack: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(stack, middleware.ReadCache):
        stack = stack.app
    return stack


# -- busy, read-only and replaced ledgers --------------------------------------------------
def test_busy_store_answers_503_with_retry_after(writer: TestClient, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLEDGER_BUSY_TIMEOUT_MS", "50")
    writer.app.state.pool.close()  # type: ignore[attr-defined] # reconnect with the timeout
    holder = sqlite3.connect(tmp_path / "ledger.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = writer.post("/api/observations", json=payload(3), headers=AUTH)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503 and response.json()["code"] == "store-busy"
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)


def test_read_only_ledger_browses_and_refuses_writes(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "l.db"
    open_ledger(db).close()
    import warledger.api.deps as deps

    real = deps.open_ledger
    monkeypatch.setattr(deps, "open_ledger", lambda target, **kw: real(target, read_only=True,
                                                                      **kw))
    with TestClient(create_app(db, token=TOKEN, dashboard=False)) as web:
        assert web.get("/api/observations?limit=2").status_code == 200
        refused = web.post("/api/observations", json=payload(4), headers=AUTH)
        assert refused.status_code == 409 and refused.json()["code"] == "ledger-read-only"
        assert "read-only" in refused.json()["error"]


def test_a_replaced_ledger_is_noticed_at_the_next_request(tmp_path: Path) -> None:
    db, fresh = tmp_path / "l.db", tmp_path / "fresh.db"
    with TestClient(create_app(db, token=TOKEN, dashboard=False)) as web:
        assert web.post("/api/observations", json=payload(9), headers=AUTH).status_code == 201
        bundled_plus_one = count(web)
        for suffix in ("", "-wal", "-shm"):  # what 'init --rebuild' used to do
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        open_ledger(fresh).close()  # a rebuilt ledger: the bundled rows only
        os.replace(fresh, db)
        assert count(web) == bundled_plus_one - 1  # the new file, no stale cache
        written = web.post("/api/observations", json=payload(10), headers=AUTH)
        assert written.status_code == 201
        db.unlink()
        gone = web.get("/api/info")
        assert gone.status_code == 503 and gone.headers["retry-after"]
        refused = web.post("/api/observations", json=payload(11), headers=AUTH)
        assert refused.status_code == 503  # never written into the unlinked file
    with open_ledger(tmp_path / "check.db", bundled=False) as empty:
        assert empty.count_observations() == 0


def test_identical_concurrent_misses_compute_once(client: TestClient) -> None:
    import httpx

    cache = _cache(client)
    app = client.app

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            replies = await asyncio.gather(*(http.get("/api/series?burst=1")
                                             for _ in range(8)))
        return [r.status_code for r in replies]

    misses = cache.misses
    assert asyncio.run(burst()) == [200] * 8
    assert cache.misses - misses == 1


# -- every constant docs/api.md states, pinned from both sides -----------------------------
def test_documented_cache_and_retry_constants() -> None:
    from warledger.ledger.backends import DEFAULT_BUSY_TIMEOUT_MS

    assert middleware.MAX_ENTRIES == 1024
    assert middleware.MAX_CACHE_BYTES == 32 * 1024 * 1024
    assert middleware.MAX_BODY == 2 * 1024 * 1024
    assert middleware.MAX_CACHED_QUERY == 1024
    assert RETRY_AFTER_SECONDS == 2 and DEFAULT_BUSY_TIMEOUT_MS == 10_000


def test_cache_entry_count_limit(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _cache(client)
    monkeypatch.setattr(middleware, "MAX_ENTRIES", 3)
    for i in range(3):
        client.get(f"/api/info?n={i}")
    assert len(cache.entries) == 3  # at the limit: all kept
    client.get("/api/info?n=3")
    assert len(cache.entries) == 3 and ("/api/info", "n=0") not in {k[:2] for k in
                                                                    cache.entries}


def test_cached_response_size_limit(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _cache(client)
    size = len(client.get("/api/series?probe=1").content)
    monkeypatch.setattr(middleware, "MAX_BODY", size)
    client.get("/api/series?probe=2")
    assert ("/api/series", "probe=2") in {k[:2] for k in cache.entries}  # exactly the limit
    monkeypatch.setattr(middleware, "MAX_BODY", size - 1)
    client.get("/api/series?probe=3")
    assert ("/api/series", "probe=3") not in {k[:2] for k in cache.entries}


@pytest.mark.parametrize(("limit", "status"), [(0, 422), (1, 200), (1000, 200), (1001, 422)])
def test_page_limit_is_1_to_1000(client: TestClient, limit: int, status: int) -> None:
    assert client.get(f"/api/observations?limit={limit}").status_code == status
    assert client.get(f"/api/sources?limit={limit}").status_code == status


def test_default_page_is_100(client: TestClient) -> None:
    page = client.get("/api/observations").json()
    assert page["limit"] == 100 and len(page["items"]) == min(100, page["total"])


def test_id_prefix_needs_4_characters(client: TestClient) -> None:
    some = client.get("/api/observations?limit=1").json()["items"][0]["id"]
    assert client.get(f"/api/observations/{some[:4]}").status_code in (200, 404)
    three = client.get(f"/api/observations/{some[:3]}")
    assert three.status_code == 422 and three.json()["errors"][0]["field"] == "obs_id"


def test_claim_text_limit_is_100000_characters(client: TestClient) -> None:
    from warledger.api.schemas import MAX_CLAIM_TEXT

    assert MAX_CLAIM_TEXT == 100_000
    text = ("Nothing to check here. " * 5000)[:MAX_CLAIM_TEXT]
    assert client.post("/api/claims/check", json={"text": text}).status_code == 200
    assert client.post("/api/claims/check", json={"text": text + "x"}).status_code == 422


def test_conflict_window_is_31_days() -> None:
    from warledger.api.present import conflicts
    from warledger.ledger.models import Observation

    def fig(n: int, as_of: str) -> Observation:
        return Observation(provider="PRK", recipient="RUS", category="troops",
                           quantity_low=n, quantity_high=n, unit="person", basis="deployed",
                           as_of=as_of, source_id="s")

    assert conflicts([fig(100, "2024-01-01"), fig(900, "2024-02-01")])  # 31 days apart
    assert not conflicts([fig(100, "2024-01-01"), fig(900, "2024-02-02")])  # 32 days


def test_warm_start_renders_the_overview_for_the_address_visitors_use(tmp_path: Path) -> None:
    app = create_app(tmp_path / "l.db", warm=True, public_url="http://127.0.0.1:8123")
    with TestClient(app) as web:  # the start-up renders the overview before any request
        cache = _cache(web)
        assert {k[0] for k in cache.entries} >= {"/api/info", "/api/series", "/"}
        hits, misses = cache.hits, cache.misses
        page = web.get("/", headers={"Host": "127.0.0.1:8123"})
        assert page.status_code == 200 and "http://127.0.0.1:8123/?download=" in page.text
        assert (cache.hits, cache.misses) == (hits + 1, misses)  # the first visitor: kept


def test_conflicts_match_the_pairwise_rule_and_are_capped() -> None:
    import random

    from warledger.api import present
    from warledger.ledger.models import Observation

    rng = random.Random(7)
    rows = [Observation(provider="PRK", recipient="RUS", category="troops",
                        quantity_low=(q := rng.choice([100, 200, 5000])), quantity_high=q,
                        qualifier=rng.choice(["exact", "at_least", "up_to"]), unit="person",
                        basis=rng.choice(["deployed", "pledged"]), source_id="s",
                        as_of=f"2024-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
                        note=str(n)) for n in range(60)]
    expected = []  # the rule as documented, pair by pair in row order
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            da, db = present.reference_date(a), present.reference_date(b)
            days = abs(date.fromisoformat(da).toordinal() - date.fromisoformat(db).toordinal())
            (alo, ahi), (blo, bhi) = present._bounds(a), present._bounds(b)
            if (a.basis, a.unit) == (b.basis, b.unit) and days <= 31 and (ahi < blo or
                                                                          bhi < alo):
                expected.append((a.id, b.id))
    found = [(c.a, c.b) for c in present.conflicts(rows)]
    assert found == expected[:present.MAX_CONFLICTS]
    assert 0 < len(expected)
    capped = present.conflicts(rows * 20)
    assert len(capped) == present.MAX_CONFLICTS
