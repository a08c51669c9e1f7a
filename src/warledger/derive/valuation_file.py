"""Reading ``valuation.yaml``: unit costs (each sourced), items to value, reported values.

Errors name the file, the line and the field, because this file is meant to be edited by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from warledger.bundled import bundled_data_dir
from warledger.derive.assumptions import AssumptionError
from warledger.vocabulary import CATEGORIES, MONEY_UNITS


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping as key '__line__'."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    data = loader.construct_mapping(node, deep=True)
    data["__line__"] = node.start_mark.line + 1
    return data  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str | None  # None for plain numbers (months, factors)


@dataclass(frozen=True)
class Cost:
    """A sourced unit cost or factor with its range."""

    id: str
    low: Amount
    high: Amount
    per: str = ""
    source_url: str = ""
    note: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class Item:
    """Something to value (in_kind) or show (reported): one ledger series."""

    id: str
    label: str
    provider: str
    recipient: str
    category: str
    basis: str | None
    cost: tuple[str, ...] = ()
    quantity: tuple[float, float] | None = None
    quantity_note: str = ""


@dataclass
class ValuationConfig:
    path: Path
    currency: str
    as_of: str | None
    fx: Cost
    costs: dict[str, Cost] = field(default_factory=dict)
    in_kind: list[Item] = field(default_factory=list)
    reported: list[Item] = field(default_factory=list)


def default_valuation_path() -> Path:
    return bundled_data_dir() / "valuation.yaml"


def load_valuation(path: Path | str | None = None) -> ValuationConfig:
    file = Path(path) if path is not None else default_valuation_path()
    if not file.is_file():
        raise AssumptionError(file, None, None, "file not found")
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise AssumptionError(file, mark.line + 1 if mark else None, None,
                              f"not valid YAML ({getattr(err, 'problem', err)})") from err
    if not isinstance(data, dict):
        raise AssumptionError(file, 1, None, "expected a mapping with fx, costs, in_kind")
    currency = str(data.get("currency", "EUR"))
    if currency not in MONEY_UNITS:
        raise AssumptionError(file, data["__line__"], "currency", f"'{currency}' is not "
                              + " or ".join(sorted(MONEY_UNITS)))
    fx_block = _section(file, data, "fx", dict)
    costs = {k: _cost(file, k, v) for k, v in _section(file, data, "costs", dict).items()
             if k != "__line__"}
    config = ValuationConfig(
        path=file, currency=currency,
        as_of=str(data["as_of"]) if data.get("as_of") else None,
        fx=_cost(file, "usd_per_eur", _section(file, fx_block, "usd_per_eur", dict)),
        costs=costs,
        in_kind=[_item(file, d, costs, True) for d in _section(file, data, "in_kind", list)],
        reported=[_item(file, d, costs, False) for d in data.get("reported") or []],
    )
    return config


def _section(file: Path, data: dict[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise AssumptionError(file, data.get("__line__"), key,
                              f"missing or not a {'mapping' if kind is dict else 'list'}")
    return value


def _amount(file: Path, line: int, name: str, raw: Any, currency: str | None) -> Amount:
    if isinstance(raw, dict):
        currency = raw.get("currency", currency)
        raw = raw.get("value")
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise AssumptionError(file, line, name, f"'{raw}' is not a number >= 0")
    if currency is not None and currency not in MONEY_UNITS:
        raise AssumptionError(file, line, name, f"currency '{currency}' is not EUR or USD")
    return Amount(float(raw), currency)


def _cost(file: Path, key: str, block: Any) -> Cost:
    if not isinstance(block, dict):
        raise AssumptionError(file, None, key, "expected a mapping with low, high, source_url")
    line = block["__line__"]
    currency = block.get("currency")
    low = _amount(file, line, f"{key}.low", block.get("low"), currency)
    high = _amount(file, line, f"{key}.high", block.get("high"), currency)
    if low.currency == high.currency and low.value > high.value:
        raise AssumptionError(file, line, f"{key}.low",
                              f"low {low.value:g} is greater than high {high.value:g}")
    url = str(block.get("source_url") or "")
    if not url.startswith(("http://", "https://")):
        raise AssumptionError(file, line, f"{key}.source_url",
                              "every cost needs the http(s) url of the page it was read on")
    return Cost(key, low, high, str(block.get("per", "")), url, str(block.get("note", "")),
                bool(block.get("illustrative", False)))


def _item(file: Path, block: Any, costs: dict[str, Cost], in_kind: bool) -> Item:
    if not isinstance(block, dict):
        raise AssumptionError(file, None, "in_kind" if in_kind else "reported",
                              "each entry must be a mapping")
    line = block["__line__"]
    for key in ("id", "provider", "recipient", "category"):
        if not block.get(key):
            raise AssumptionError(file, line, key, "missing")
    if block["category"] not in CATEGORIES:
        raise AssumptionError(file, line, "category", f"unknown category '{block['category']}'")
    cost = tuple(block.get("cost") or ())
    for name in cost:
        if name not in costs:
            raise AssumptionError(file, line, "cost", f"no cost '{name}' under costs; known: "
                                  + ", ".join(sorted(costs)))
    if in_kind and not cost:
        raise AssumptionError(file, line, "cost", "an in-kind item needs at least one cost")
    quantity, note = None, ""
    if isinstance(block.get("quantity"), dict):
        q = block["quantity"]
        low = _amount(file, q["__line__"], "quantity.low", q.get("low"), None).value
        high = _amount(file, q["__line__"], "quantity.high", q.get("high", low), None).value
        quantity, note = (min(low, high), max(low, high)), str(q.get("note", ""))
    return Item(str(block["id"]), str(block.get("label", block["id"])), str(block["provider"]),
                str(block["recipient"]), str(block["category"]), block.get("basis"), cost,
                quantity, note)
