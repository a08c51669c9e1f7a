"""Money value of in-kind support under editable, sourced unit costs, with sensitivity.

value = quantity x product of unit costs, converted to the output currency. Every input has a
low and a high; the central value uses the estimate's central quantity and the middle of every
other range; the interval takes each input at whichever end gives the lowest and highest total;
the sensitivity table moves one input at a time from its low to its high, others at the middle.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warledger.derive.valuation_file import Amount, Cost, Item, ValuationConfig, load_valuation
from warledger.reconcile import Estimate, estimate_for
from warledger.reconcile.compare import coverage_note

Params = dict[str, float]
#: beyond this many inputs the interval uses one-at-a-time extremes instead of all corners
MAX_CORNER_INPUTS = 12


def to_currency(amount: Amount, currency: str, usd_per_eur: float) -> float:
    if amount.currency in (None, currency):
        return amount.value
    return amount.value / usd_per_eur if currency == "EUR" else amount.value * usd_per_eur


def cost_at(cost: Cost, level: float, currency: str, usd_per_eur: float) -> float:
    """A cost at a level between its low (0) and high (1), in the output currency."""
    low = to_currency(cost.low, currency, usd_per_eur)
    high = to_currency(cost.high, currency, usd_per_eur)
    return low + level * (high - low)


@dataclass
class ItemValue:
    item: Item
    quantity: tuple[float, float, float]  # low, central, high
    quantity_from: str  # 'estimate: ...' or 'override: ...'
    value: tuple[float | None, float | None, float | None] = (0.0, 0.0, 0.0)
    estimate: Estimate | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "label": self.item.label, "provider": self.item.provider,
                "recipient": self.item.recipient, "category": self.item.category,
                "quantity": dict(zip(("low", "central", "high"), self.quantity, strict=True)),
                "quantity_from": self.quantity_from, "cost": list(self.item.cost),
                "value": dict(zip(("low", "central", "high"), self.value, strict=True))}


@dataclass
class Valuation:
    currency: str
    as_of: str | None
    items: list[ItemValue] = field(default_factory=list)
    total: tuple[float, float, float] = (0.0, 0.0, 0.0)
    reported: list[ItemValue] = field(default_factory=list)
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency, "as_of": self.as_of, "assumptions_file": self.path,
            "in_kind": [i.to_dict() for i in self.items],
            "in_kind_total": dict(zip(("low", "central", "high"), self.total, strict=True)),
            "reported": [i.to_dict() for i in self.reported],
            "sensitivity": self.sensitivity,
            "costs": [{"id": c.id, "low": c.low.__dict__, "high": c.high.__dict__, "per": c.per,
                       "source_url": c.source_url, "note": c.note,
                       "illustrative": c.illustrative} for c in self.costs],
        }


def value(ledger: Any, assumptions_path: Path | str | None = None,
          as_of: str | None = None) -> Valuation:
    """Value the in-kind items of a valuation file against the ledger's estimates."""
    config = load_valuation(assumptions_path)
    when = as_of or config.as_of
    items = [_quantity(ledger, item, when) for item in config.in_kind]
    ranges = _ranges(config, items)
    mid = {name: r[1] for name, r in ranges.items()}

    def total(params: Params) -> float:
        return sum(_item_value(config, iv, params) for iv in items)

    for iv in items:
        iv.value = _interval(lambda p, iv=iv: _item_value(config, iv, p), ranges, mid)
    result = Valuation(config.currency, when, items, _interval(total, ranges, mid),
                       costs=[config.fx, *config.costs.values()], path=str(config.path))
    result.sensitivity = _sensitivity(total, ranges, mid, config)
    fx_mid = mid["fx:usd_per_eur"]
    for item in config.reported:
        est = estimate_for(ledger, item.provider, item.recipient, item.category, as_of=when,
                           basis=item.basis)
        # like with like: a total that stops before the as-of period is only a floor for it
        note = coverage_note(est, when)
        shown = (est.low, None, None) if note else (est.low, est.central, est.high)
        # None (JSON null) where the ledger has no figure, never NaN
        triple = tuple(to_currency(Amount(v, est.unit), config.currency, fx_mid)
                       if v is not None else None for v in shown)
        why = f"estimate: {est.summary()}" + (f"; {note}" if note else "")
        result.reported.append(ItemValue(item, (0.0, 0.0, 0.0), why,
                                         triple, est))  # type: ignore[arg-type]
    return result


def _quantity(ledger: Any, item: Item, as_of: str | None) -> ItemValue:
    est = estimate_for(ledger, item.provider, item.recipient, item.category, as_of=as_of,
                       basis=item.basis)
    if item.quantity is not None:
        low, high = item.quantity
        why = item.quantity_note or "set in the valuation file"
        return ItemValue(item, (low, (low + high) / 2, high), f"override: {why}", estimate=est)
    if est.central is None or est.low is None or est.high is None:
        return ItemValue(item, (0.0, 0.0, 0.0), f"no two-sided estimate ({est.summary()})",
                         estimate=est)
    return ItemValue(item, (est.low, est.central, est.high), f"estimate: {est.summary()}",
                     estimate=est)


def _ranges(config: ValuationConfig, items: list[ItemValue]) -> dict[str, tuple[float, ...]]:
    """Every input as (low, mid, high): the fx rate, each cost level, each quantity."""
    fx = config.fx
    ranges: dict[str, tuple[float, ...]] = {
        "fx:usd_per_eur": (fx.low.value, (fx.low.value + fx.high.value) / 2, fx.high.value)}
    used = {c for iv in items for c in iv.item.cost}
    for name in sorted(used):
        ranges[f"cost:{name}"] = (0.0, 0.5, 1.0)
    for iv in items:
        ranges[f"quantity:{iv.item.id}"] = iv.quantity
    return ranges


def _item_value(config: ValuationConfig, iv: ItemValue, params: Params) -> float:
    fx = params["fx:usd_per_eur"]
    result = params[f"quantity:{iv.item.id}"]
    for name in iv.item.cost:
        result *= cost_at(config.costs[name], params[f"cost:{name}"], config.currency, fx)
    return result


def _interval(func: Any, ranges: dict[str, tuple[float, ...]], mid: Params
              ) -> tuple[float, float, float]:
    names = list(ranges)
    central = func(mid)
    if len(names) > MAX_CORNER_INPUTS:  # 2^n corners get slow; fall back to extremes per input
        values = [func(mid | {n: ranges[n][k]}) for n in names for k in (0, 2)]
    else:
        values = [func(dict(zip(names, corner, strict=True)))
                  for corner in itertools.product(*[(ranges[n][0], ranges[n][2])
                                                    for n in names])]
    return min(values + [central]), central, max(values + [central])


def _sensitivity(total: Any, ranges: dict[str, tuple[float, ...]], mid: Params,
                 config: ValuationConfig) -> list[dict[str, Any]]:
    rows = []
    for name, (low, _, high) in ranges.items():
        at_low, at_high = total(mid | {name: low}), total(mid | {name: high})
        kind, _, key = name.partition(":")
        cost = config.costs.get(key) if kind == "cost" else None
        rows.append({"input": name, "low": low if kind != "cost" else _cost_text(cost, "low"),
                     "high": high if kind != "cost" else _cost_text(cost, "high"),
                     "total_at_low": at_low, "total_at_high": at_high,
                     "swing": abs(at_high - at_low)})
    return sorted(rows, key=lambda r: -r["swing"])


def _cost_text(cost: Cost | None, end: str) -> str:
    if cost is None:
        return ""
    amount: Amount = getattr(cost, end)
    unit = f" {amount.currency}" if amount.currency else ""
    return f"{amount.value:,.4g}{unit} per {cost.per}" if cost.per else f"{amount.value:,.4g}{unit}"
