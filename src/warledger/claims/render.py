"""Rendering extracted claims and check reports as JSON, a rich table, or HTML."""

from __future__ import annotations

import html
import json
from typing import Any

from rich.table import Table

from warledger.claims.check import CheckReport
from warledger.claims.consistency import Inconsistency
from warledger.claims.model import Claim


def claims_json(claims: list[Claim], inconsistencies: list[Inconsistency] | None = None) -> str:
    data: Any = [c.to_dict() for c in claims]
    return json.dumps(data, indent=2, ensure_ascii=False)


def _quantity(c: dict[str, Any]) -> str:
    low, high = c["quantity_low"], c["quantity_high"]
    figure = f"{low:,}" if low == high else f"{low:,}-{high:,}"
    return f"{c['qualifier']} {figure} {c['unit']}"


def claims_table(claims: list[Claim]) -> Table:
    table = Table(title=f"{len(claims)} claim(s)")
    for column in ("text", "provider", "recipient", "category", "quantity", "basis", "period",
                   "negated"):
        table.add_column(column)
    for claim in claims:
        c = claim.to_dict()
        table.add_row(c["text"], c["provider"], c["recipient"], c["category"], _quantity(c),
                      c["basis"] or "", f"{c['period_start'] or ''}..{c['period_end'] or ''}",
                      "yes" if c["negated"] else "")
    return table


def _source(x: dict[str, Any]) -> str:
    grade = f"[{x['grade']}] " if x.get("grade") else ""
    return f"{grade}{x['publisher']} {x['date'] or ''} {x['url']}".strip()


def check_table(report: CheckReport) -> list[Table]:
    table = Table(title=f"{len(report.verdicts)} claim(s) checked")
    for column in ("claim", "series", "verdict", "reason", "sources (grade)"):
        table.add_column(column)
    for v in report.verdicts:
        c = v.claim.to_dict()
        sources = "; ".join(_source(x) for x in v.citations[:3])
        verdict = v.verdict + (f" ({v.direction})" if v.direction else "")
        table.add_row(c["text"], f"{c['provider']}->{c['recipient']} {c['category']}",
                      verdict, v.reason, sources)
    tables = [table]
    if report.inconsistencies:
        inc = Table(title="internal inconsistencies")
        inc.add_column("first")
        inc.add_column("second")
        inc.add_column("message")
        for i in report.inconsistencies:
            inc.add_row(i.first.text, i.second.text, i.message)
        tables.append(inc)
    return tables


def check_html(report: CheckReport) -> str:
    e = html.escape
    rows = []
    for v in report.verdicts:
        c = v.claim.to_dict()
        cites = "".join(
            f"<li><span class=\"grade\" title=\"source grade: reliability A-F, credibility "
            f"1-6\">{e(x.get('grade') or '?')}</span> {e(x['publisher'])} "
            f"({e(str(x['date'] or 'n.d.'))}) "
            f"<a href=\"{e(x['url'])}\">{e(x['url'])}</a></li>" for x in v.citations)
        rows.append(
            f"<tr class=\"{e(v.verdict)}\"><td>{e(c['text'])}</td>"
            f"<td>{e(c['provider'])}&rarr;{e(c['recipient'])} {e(c['category'])}</td>"
            f"<td>{e(_quantity(c))}</td><td><strong>{e(v.verdict)}</strong>"
            f"{' (' + e(v.direction) + ')' if v.direction else ''}</td>"
            f"<td>{e(v.reason)}</td><td><ul>{cites}</ul></td></tr>")
    incs = "".join(f"<li>{e(i.message)}</li>" for i in report.inconsistencies)
    warns = "".join(f"<p class=\"warning\">{e(w)}</p>" for w in report.warnings)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>warledger check</title></head><body><h1>Claims checked</h1>" + warns +
        "<table><thead><tr><th>claim</th><th>series</th><th>quantity</th><th>verdict</th>"
        "<th>reason</th><th>sources</th></tr></thead><tbody>" + "".join(rows)
        + "</tbody></table><h2>Internal inconsistencies</h2><ul>" + incs
        + "</ul></body></html>\n")
