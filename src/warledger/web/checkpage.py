"""The claim checker page: the text with claims marked in place, verdicts and cited evidence
with each source's grade and the quote that carries the figure."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from warledger.api.schemas import MAX_CLAIM_TEXT
from warledger.web import highlight
from warledger.web.client import ApiClient
from warledger.web.exhibits import Column, Exhibit
from warledger.web.format import figure, reader_note
from warledger.web.pages import _client, example_article, render

router = APIRouter(include_in_schema=False)
async def _enrich(api: ApiClient, claims: list[dict[str, Any]]) -> None:
    """Add grade, quote, qualifier and reader's note to every citation (cached API reads)."""
    ids = sorted({c["observation_id"] for claim in claims for c in claim.get("citations") or []
                  if isinstance(c, dict) and c.get("observation_id")})
    replies = await asyncio.gather(*(api.get(f"/observations/{i}") for i in ids))
    found = {i: r.data for i, r in zip(ids, replies, strict=True) if r.ok}
    for claim in claims:
        claim["family"] = highlight.family(claim.get("verdict"))
        claim["figure"] = (figure(claim["quantity_low"], claim["quantity_high"],
                                  claim.get("qualifier") or "exact")
                           if isinstance(claim.get("quantity_low"), int | float) else "")
        for cit in claim.get("citations") or []:
            if not isinstance(cit, dict):
                continue
            obs = found.get(cit.get("observation_id", ""), {})
            src = obs.get("source") or {}
            cit["grade"] = cit.get("grade") or cit.get("grading") or src.get("grading", "")
            cit["quote"] = cit.get("quote") or obs.get("quote", "")
            cit["note"] = reader_note(obs.get("note"))
            cit["figure"] = figure(cit["quantity_low"], cit["quantity_high"],
                                   cit.get("qualifier") or obs.get("qualifier", "exact"))
            cit["publisher"] = cit.get("publisher") or src.get("publisher", "")


#: texts up to this long get a shareable link (/check?text=...); longer ones stay in the form
MAX_LINKED_TEXT = 2000


@router.get("/check", response_class=HTMLResponse)
async def check_form(request: Request, example: bool = False, text: str = "") -> Response:
    """The form; with ``?text=`` the check itself, so a short check has a shareable URL."""
    if text.strip():
        return await _check(request, text)
    info = await _client(request).need("/info")
    return render(request, "check.html", text=example_article() if example else "",
                  result=None, error=None, available=info["features"]["claims"],
                  max_chars=MAX_CLAIM_TEXT)


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    return await _check(request, (form.get("text") or [""])[0])


async def _check(request: Request, text: str) -> Response:
    text = text.replace("\r\n", "\n")
    api = _client(request)
    reply = await api.post("/claims/check", {"text": text})
    if not reply.ok:
        missing = reply.data.get("code") == "not-available"
        return render(request, "check.html", status=reply.status, text=text, result=None,
                      error=None if missing else reply.data.get("error"),
                      available=not missing, max_chars=MAX_CLAIM_TEXT)
    claims = reply.data["claims"]
    await _enrich(api, claims)
    parts = highlight.paragraphs(highlight.segments(text, claims))
    link = ("/check?" + urlencode({"text": text})) if len(text) <= MAX_LINKED_TEXT else ""
    return render(request, "check.html", text=text, result=reply.data, claims=claims,
                  paragraphs=parts, error=None, available=True, max_chars=MAX_CLAIM_TEXT,
                  share=link, exhibits=[_claims_exhibit(claims)])


CLAIM_COLUMNS = [Column("claim", "Claim"), Column("verdict", "Verdict"),
                 Column("series", "Series"), Column("figure", "Figure"),
                 Column("reason", "Reason"), Column("evidence", "Evidence")]


def _claims_exhibit(claims: list[dict[str, Any]]) -> Exhibit:
    """The checked claims as a table, for the CSV download of a linked check."""
    rows = [{"claim": c.get("text", ""), "verdict": c.get("verdict") or "",
             "series": f"{c.get('provider') or ''} -> {c.get('recipient') or ''}, "
                       f"{c.get('category') or ''}",
             "figure": f"{c.get('figure', '')} {c.get('unit') or ''}".strip(),
             "reason": c.get("reason") or "",
             "evidence": "; ".join(f"{x.get('publisher', '')} {x.get('date') or ''} "
                                   f"grade {x.get('grade') or '?'}: {x.get('figure', '')} "
                                   f"{x.get('unit', '')} {x.get('url', '')}".strip()
                                   for x in c.get("citations") or [] if isinstance(x, dict))}
            for c in claims]
    return Exhibit("claims", "Claims checked", None, CLAIM_COLUMNS, rows)
