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


def check_table(report: CheckReport) -> list[Table]:
    table = Table(title=f"{len(report.verdicts)} claim(s) checked")
    for column in ("claim", "series", "verdict", "reason", "sources"):
        table.add_column(column)
    for v in report.verdicts:
        c = v.claim.to_dict()
        sources = "; ".join(f"{x['publisher']} {x['date'] or ''} {x['url']}".strip()
                            for x in v.citations[:3])
        table.add_row(c["text"], f"{c['provider']}->{c['recipient']} {c['category']}",
                      v.verdict, v.reason, sources)
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


#: verdict code -> (symbol, words) for the HTML report; symbol and words carry the meaning,
#: colour only repeats it
VERDICT_WORDS = {
    "consistent": ("\u2713", "Consistent with the ledger"),
    "disputed": ("~", "Disputed: matches some sources, not the estimate"),
    "contradicted": ("\u2717", "Contradicted by the ledger"),
    "unsupported": ("?", "No evidence in the ledger"),
}
QUALIFIER_WORDS = {"exact": "", "range": "", "about": "about", "at_least": "at least",
                   "more_than": "more than", "up_to": "up to", "less_than": "less than"}
REPORT_CSS = """
body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a}
main{max-width:50rem;margin:0 auto;padding:1.5rem clamp(1rem,4vw,2.5rem) 3rem}
h1{font-size:1.7rem;line-height:1.2;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem}
.meta,.muted{color:#4d4d4d}.summary{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:3px;font-weight:700;border:1px solid}
.consistent{background:#d7f0dd;border-color:#1e6b34;color:#1e6b34}
.disputed{background:#fff0c2;border-color:#6b5000;color:#6b5000}
.contradicted{background:#fbdcd8;border-color:#9b1c1c;color:#9b1c1c}
.unsupported{background:#e6e6ee;border-color:#3f3f52;color:#3f3f52}
article{border:1px solid #c8c8c8;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
article>blockquote{font-size:1.1rem;margin:0 0 .5rem;font-style:italic}
.cites{padding-left:1.2rem}.cites li{margin:.4rem 0}.cites q{color:#333}
.grade{font-size:.85rem;font-weight:600;border:1px solid #4d4d4d;border-radius:3px;padding:0 .3rem}
a{color:#0b4fb3;overflow-wrap:anywhere}
.warning{background:#fff0c2;border-left:4px solid #6b5000;padding:.5rem .75rem}
@media print{article{break-inside:avoid}a{color:inherit}}
"""


def _figure_words(c: dict[str, Any]) -> str:
    """'at least 64 port calls', 'about 10,000-12,000 person': the qualifier in words."""
    low, high = c["quantity_low"], c["quantity_high"]
    figure = f"{low:,.0f}" if low == high else f"{low:,.0f}\u2013{high:,.0f}"
    words = QUALIFIER_WORDS.get(c.get("qualifier") or "exact", str(c.get("qualifier")))
    unit = str(c.get("unit") or "").replace("_", " ")
    return " ".join(part for part in (words, figure, unit) if part)


def _citation_html(x: dict[str, Any]) -> str:
    e = html.escape
    url = str(x.get("url") or "")
    where = (f'<a href="{e(url)}">{e(x.get("publisher") or url)}</a>'
             if url.startswith(("http://", "https://")) else e(x.get("publisher") or "source"))
    grade = x.get("grading") or x.get("grade")
    quote = x.get("quote")
    return (f"<li>{where} ({e(str(x.get('date') or 'undated'))})"
            + (f' <span class="grade">grade {e(str(grade))}</span>' if grade else "")
            + f": {e(_figure_words(x))}, {e(str(x.get('basis') or '').replace('_', ' '))}"
            + (f"<br><q>{e(str(quote))}</q>" if quote else "") + "</li>")


def _verdict_html(number: int, v: Any) -> str:
    e = html.escape
    c = v.claim.to_dict()
    symbol, words = VERDICT_WORDS.get(v.verdict, ("?", v.verdict.replace("_", " ")))
    direction = getattr(v, "direction", None)  # "overstates" / "understates", when known
    if direction:
        words += f": the text {direction} the evidence"
    series = (f"{c['provider']} \u2192 {c['recipient']}, "
              f"{str(c['category']).replace('_', ' ')}")
    cites = "".join(_citation_html(x) for x in v.citations)
    return (f'<article id="claim-{number}"><blockquote>\u201c{e(c["text"])}\u201d</blockquote>'
            f'<p><span class="badge {e(v.verdict)}"><span aria-hidden="true">{symbol}</span> '
            f"{e(words)}</span></p><p class=\"muted\">Claim {number}: {e(series)}: "
            f"{e(_figure_words(c))}{' (stated as not happening)' if c.get('negated') else ''}"
            f"</p><p>{e(v.reason)}</p>"
            + (f"<h3>Evidence cited</h3><ul class=\"cites\">{cites}</ul>" if cites else "")
            + "</article>")


def check_html(report: CheckReport) -> str:
    """A standalone, styled HTML report (no external assets) a fact-checker can attach."""
    e = html.escape
    counts: dict[str, int] = {}
    for v in report.verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    summary = "".join(
        f'<li><span class="badge {e(k)}"><span aria-hidden="true">'
        f"{VERDICT_WORDS.get(k, ('?', k))[0]}</span> {n} "
        f"{e(VERDICT_WORDS.get(k, ('', k.replace('_', ' ')))[1].lower())}</span></li>"
        for k, n in sorted(counts.items()))
    body = "".join(_verdict_html(i, v) for i, v in enumerate(report.verdicts, start=1))
    warns = "".join(f'<p class="warning" role="note">{e(w)}</p>'
                    for w in getattr(report, "warnings", None) or [])
    incs = "".join(f"<li>{e(i.message)}: \u201c{e(i.first.text)}\u201d and "
                   f"\u201c{e(i.second.text)}\u201d</li>" for i in report.inconsistencies)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Claims checked against the warledger ledger</title><style>{REPORT_CSS}</style>"
        "</head><body><main><h1>Claims checked against the ledger</h1>"
        f'<p class="meta">{len(report.verdicts)} claim(s) about foreign military support, each '
        "checked against sourced figures; every verdict lists the evidence it rests on. Source "
        "grades follow the NATO/Admiralty scale (A\u2013F reliability, 1\u20136 credibility).</p>"
        f'{warns}<ul class="summary" aria-label="Verdicts">{summary}</ul>{body}'
        + (f"<h2>Inconsistencies within the text</h2><ul>{incs}</ul>" if incs else "")
        + '<p class="meta">Made with warledger (check --format html).</p></main></body></html>\n')
