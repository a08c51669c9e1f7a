"""Exhibits: a chart, the table of its numbers and the sources behind it, each downloadable.

A page builds its exhibits from the API; the same page URL with ``?download=SLUG.svg`` or
``?download=SLUG.csv`` returns one of them as a file, so every download link carries the
page's filters and stays stable while the data are unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from starlette.responses import Response

from warledger.errors import NotFound
from warledger.web.charts import Chart
from warledger.web.format import clean_title, public_url, reader_note


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass
class Exhibit:
    """One chart (or none) with its table and sources.

    Row values are what the table shows; ``row["KEY_csv"]`` overrides the CSV value (a plain
    number instead of "at least 5") and ``row["KEY_href"]`` makes the cell a link.
    """

    slug: str
    title: str
    chart: Chart | None
    columns: list[Column]
    rows: list[dict[str, Any]]
    sources: list[dict[str, Any]] = field(default_factory=list)
    #: how many sources there are when ``sources`` lists only the first of them (0: all listed)
    sources_total: int = 0
    caption: str = ""
    key: str = ""  # what the page groups by (a category, a flow)

    def shown_columns(self) -> list[Column]:
        """The columns with at least one value (an all-empty column only wastes width)."""
        return [c for c in self.columns
                if any(r.get(c.key) not in (None, "") for r in self.rows)] or self.columns

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.label for c in self.columns])
        for row in self.rows:
            writer.writerow([row.get(f"{c.key}_csv", row.get(c.key, "")) for c in self.columns])
        return out.getvalue()

    def source_line(self) -> str:
        """'Sources: Publisher, "Title" (2024-10-28), https://...; ...' for an embed."""
        parts = []
        for s in self.sources:
            text = s.get("publisher") or ""
            if s.get("title"):
                text += f', "{s["title"]}"'
            if s.get("published"):
                text += f" ({s['published']})"
            if public_url(s.get("url")):
                text += f", {s['url']}"
            parts.append(text)
        more = self.sources_total - len(self.sources)
        if parts and more > 0:
            parts.append(f"and {more:,} more")
        return "Sources: " + "; ".join(parts) if parts else ""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def unique_slugs(exhibits: Sequence[Exhibit]) -> None:
    seen: dict[str, int] = {}
    for ex in exhibits:
        n = seen.get(ex.slug, 0)
        seen[ex.slug] = n + 1
        if n:
            ex.slug = f"{ex.slug}-{n + 1}"


def source_entry(source: dict[str, Any] | None) -> dict[str, Any]:
    """The reader-facing fields of a source: no internal notes, no file paths."""
    s = source or {}
    return {"id": s.get("id", ""), "publisher": s.get("publisher", ""),
            "title": clean_title(s.get("title")), "published": s.get("published"),
            "url": public_url(s.get("url")), "grading": s.get("grading", ""),
            "note": reader_note(s.get("note"))}


def distinct_sources(sources: Sequence[dict[str, Any] | None]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for s in sources:
        entry = source_entry(s)
        if entry["id"] and entry["id"] not in seen:
            seen[entry["id"]] = entry
    return list(seen.values())


def links(request: Request, exhibit: Exhibit) -> dict[str, str]:
    """Relative download links and the absolute ones an embed snippet needs."""
    def url(ext: str) -> str:
        return str(request.url.include_query_params(download=f"{exhibit.slug}.{ext}"))

    def rel(full: str) -> str:
        return full.split(str(request.base_url).rstrip("/"), 1)[-1]

    page = str(request.url.remove_query_params("download"))
    return {"svg": rel(url("svg")), "csv": rel(url("csv")), "svg_abs": url("svg"),
            "csv_abs": url("csv"), "page": f"{rel(page)}#{exhibit.slug}"}


def download(request: Request, exhibits: Sequence[Exhibit]) -> Response | None:
    """The file asked for by ``?download=SLUG.EXT``, or None when none is asked for."""
    wanted = request.query_params.get("download")
    if not wanted:
        return None
    slug, _, ext = wanted.rpartition(".")
    for ex in exhibits:
        if ex.slug != slug:
            continue
        headers = {"Content-Disposition": f'attachment; filename="{slug}.{ext}"'}
        if ext == "csv":
            return Response(ex.csv(), media_type="text/csv; charset=utf-8", headers=headers)
        if ext == "svg" and ex.chart is not None:
            return Response(ex.chart.standalone(), media_type="image/svg+xml",
                            headers={"Content-Disposition": f'inline; filename="{slug}.svg"'})
    names = ", ".join(f"{e.slug}.csv" + (f", {e.slug}.svg" if e.chart else "") for e in exhibits)
    raise NotFound(f"no download named {wanted!r} on this page; there are: {names or 'none'}")
