"""Plain-language reasons why figures differ, built from what each rule set aside.

Each reason names real figures with their origin and date, e.g. "11,000 (South Korea's NIS,
2025-02-05) counts present at one date (a stock ...) (in_country); the estimate counts everyone
sent up to a date, including replacements (cumulative)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r

if TYPE_CHECKING:
    from warledger.reconcile.estimate import Estimate

MAX_LISTED = 3


def fmt(value: float | None) -> str:
    """12,345 for counts; 1.2 billion style for large money values."""
    if value is None:
        return "?"
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.1f} billion"
    if abs(value) >= 1e7:
        return f"{value / 1e6:,.1f} million"
    return f"{value:,.0f}"


def describe(obs: Observation, sources: Mapping[str, Source],
             spans: Mapping[str, r.Span | None] | None = None) -> str:
    """'about 14,000 (Ukrainian officials via Reuters, 2025-04-30)'."""
    src = sources.get(obs.source_id)
    who = (src.attributed_to or src.publisher) if src else obs.source_id
    span = (spans or {}).get(obs.id) or r.reference_span(obs, src)
    when = span.end.isoformat() if span else "undated"
    return f"{_quantity(obs)} ({who}, {when})"


def _quantity(obs: Observation) -> str:
    text = obs.quantity_text()
    if obs.quantity_high >= 1e7:
        lo, hi = fmt(obs.quantity_low), fmt(obs.quantity_high)
        text = text.replace(f"{obs.quantity_low:,.0f}", lo).replace(f"{obs.quantity_high:,.0f}",
                                                                     hi)
    return text


def explain(est: Estimate, aside: Sequence[tuple[Observation, str, str]],
            spans: Mapping[str, r.Span | None]) -> list[str]:
    """Reasons, most important first: definitions, dates, scope, revisions, spread, bounds."""
    by_code: dict[str, list[Observation]] = {}
    for obs, code, _ in aside:
        by_code.setdefault(code, []).append(obs)
    sources = est.sources

    def newest(rows: Sequence[Observation]) -> Observation:
        return max(rows, key=lambda o: (_end(spans, sources, o), o.id))

    reasons = [_origin_reason(est)] if est.kept else []
    reasons += _basis_reasons(est, by_code.get("other-basis", []), sources, spans, newest)
    reasons += _date_reasons(est, by_code, sources, spans)
    for obs in by_code.get("partial-period", [])[:MAX_LISTED]:
        reasons.append(f"{describe(obs, sources, spans)} counts only {obs.period_start} to "
                       f"{obs.period_end or obs.as_of}, one part of the period, not the total.")
    for obs in by_code.get("same-origin", [])[:MAX_LISTED]:
        reasons.append(f"{describe(obs, sources, spans)} relays the same statement "
                       f"({obs.origin}) as a better-graded copy and is counted once.")
    for obs in by_code.get("superseded", [])[:MAX_LISTED]:
        reasons.append(f"{describe(obs, sources, spans)} was revised by the same origin later.")
    for obs in by_code.get("outlier", [])[:MAX_LISTED]:
        reasons.append(f"{describe(obs, sources, spans)} is far from the other figures "
                       f"(more than {r.OUTLIER_FACTOR:g} times away) and is treated as an outlier.")
    reasons += _spread_reasons(est, sources, spans)
    if by_code.get("derived"):
        reasons.append(f"{len(by_code['derived'])} figure(s) computed by warledger from other "
                       "figures and sourced assumptions are shown next to the estimate, not in it.")
    months = by_code.get("monthly-flow", [])
    if months:
        reasons.append(f"{len(months)} monthly figures are flows, not rival totals: they are "
                       "summed per release into a running total up to the as-of date.")
    return reasons


def _origin_reason(est: Estimate) -> str:
    kind = "a stock" if est.basis in r.STOCK_BASES else "a running total"
    return (f"The estimate rests on {len(est.kept)} figure(s) from {est.origins} independent "
            f"origin(s), on the basis {est.basis} ({kind}), describing dates up to "
            f"{est.described_until}.")


def _end(spans: Mapping[str, r.Span | None], sources: Mapping[str, Source],
         obs: Observation) -> Any:
    span = spans.get(obs.id) or r.reference_span(obs, sources.get(obs.source_id))
    return span.end if span else None


def _basis_reasons(est: Estimate, others: Sequence[Observation], sources: Mapping[str, Source],
                   spans: Mapping[str, r.Span | None], newest: Any) -> list[str]:
    if not others or est.basis is None:
        return []
    ours = (f"{describe(newest(est.kept), sources, spans)} counts" if est.kept
            else "the estimate counts")
    reasons = []
    for basis in sorted({o.basis for o in others}, key=r.BASIS_PREFERENCE.index):
        rep = newest([o for o in others if o.basis == basis])
        reasons.append(f"{ours} {r.BASIS_MEANING[est.basis]} ({est.basis}); "
                       f"{describe(rep, sources, spans)} counts {r.BASIS_MEANING[basis]} "
                       f"({basis}).")
    return reasons


def _date_reasons(est: Estimate, by_code: Mapping[str, list[Observation]],
                  sources: Mapping[str, Source], spans: Mapping[str, r.Span | None]
                  ) -> list[str]:
    reasons = []
    older = by_code.get("out-of-window", [])
    if older:
        ends = sorted(_end(spans, sources, o) for o in older)
        reasons.append(f"{len(older)} figure(s) describe earlier dates ({ends[0]} to {ends[-1]}); "
                       f"the newest figures kept describe {est.described_until}.")
        if est.basis in r.MONOTONE_BASES and est.high is not None:
            above = [o for o in older if o.quantity_low > est.high]
            for obs in above[:MAX_LISTED]:
                reasons.append(f"{describe(obs, sources, spans)} is above the current interval "
                               f"although {est.basis} totals cannot fall: the sources disagree "
                               "on method or definition, not only on the date.")
    asked = r.as_of_end(est.as_of)
    if asked is not None and est.described_until is not None and est.basis is not None:
        gap = (asked - est.described_until).days
        if gap > r.horizon_days(est.basis):
            reasons.append(f"The newest figure kept describes {est.described_until}, {gap} days "
                           f"before the as-of date {est.as_of}: the answer may be out of date.")
    undated = by_code.get("undated", [])
    if undated:
        listed = "; ".join(describe(o, sources, spans) for o in undated[:MAX_LISTED])
        reasons.append(f"{len(undated)} figure(s) give no date ({listed}) and cannot be placed "
                       "in time, so they are not compared.")
    unknown = by_code.get("not-yet-published", [])
    if unknown and est.known_by:
        reasons.append(f"{len(unknown)} figure(s) were published after the known-by date "
                       f"{est.known_by} and are not used: the estimate shows what was known then.")
    later = by_code.get("after-as-of", [])
    if later:
        reasons.append(f"{len(later)} figure(s) describe dates after the as-of date {est.as_of} "
                       "and are not used for it.")
    return reasons


def _spread_reasons(est: Estimate, sources: Mapping[str, Source],
                    spans: Mapping[str, r.Span | None]) -> list[str]:
    reasons = []
    two_sided = [o for o in est.kept if est.is_figure(o)]
    values = {r.midpoint(o) for o in two_sided}
    if len(values) > 1:
        listed = "; ".join(describe(o, sources, spans) for o in two_sided[:4])
        reasons.append(f"The figures kept still differ ({listed}): different origins with "
                       "different access; the interval spans them and the central value "
                       "weighs each by source grading and recency.")
    floors = [o for o in est.kept if o.id in est.floors]
    for obs in floors[:MAX_LISTED]:
        reasons.append(f"{describe(obs, sources, spans)} is an earlier running total: the total "
                       f"at {est.described_until} cannot be lower, so it is used as a floor, not "
                       "as a rival figure.")
    bounds = [o for o in est.kept if not r.is_two_sided(o)]
    for obs in bounds[:MAX_LISTED]:
        lower = obs.qualifier in r.LOWER_BOUND
        text = f"{describe(obs, sources, spans)} is {'a lower' if lower else 'an upper'} bound"
        central = est.central
        if central is not None and ((lower and obs.quantity_low > central)
                                    or (not lower and obs.quantity_high < central)):
            text += (" on the far side of the central value: the sources disagree, and the "
                     "interval is widened to include it.")
        else:
            text += ", not an estimate: it is consistent with any figure on its side."
        reasons.append(text)
    return reasons
