"""The Claim record the extractor produces and the checker consumes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

#: keys every claim in JSON output has, in this order
CLAIM_KEYS = ("text", "start", "end", "provider", "recipient", "category", "quantity_low",
              "quantity_high", "qualifier", "unit", "basis", "period_start", "period_end",
              "negated", "modality", "measure", "attributed_to")


@dataclass
class Claim:
    text: str
    start: int
    end: int
    provider: str
    recipient: str
    category: str
    quantity_low: float
    quantity_high: float
    qualifier: str
    unit: str
    basis: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    negated: bool = False
    #: None (a statement of fact) | "forecast" | "conditional": the latter are not checkable
    modality: str | None = None
    #: casualties only: "killed", "wounded" or None (killed or wounded)
    measure: str | None = None
    #: who the sentence says the figure comes from ("South Korean intelligence")
    attributed_to: str | None = None
    sentence: int = 0
    part_of: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # a flat copy: dataclasses.asdict deep-copies every field and was a fifth of the
        # extractor's time
        data = {f.name: getattr(self, f.name) for f in _FIELDS}
        data["notes"] = list(self.notes)
        for key in ("quantity_low", "quantity_high"):
            value = data[key]
            if isinstance(value, float) and value.is_integer():
                data[key] = int(value)
        return data

    def interval(self) -> tuple[float, float]:
        """The values the claim allows: 'about' is +-10 %, 'at least' is open above."""
        return allowed_interval(self.qualifier, self.quantity_low, self.quantity_high)


def allowed_interval(qualifier: str, low: float, high: float) -> tuple[float, float]:
    """The values a figure allows, for claims and observations alike: 'about' is +-10 %,
    'at least'/'more than' are open above, 'up to'/'less than' open below."""
    if qualifier == "about":
        return low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE)
    if qualifier in ("at_least", "more_than"):
        return low, float("inf")
    if qualifier in ("up_to", "less_than"):
        return 0.0, high
    return low, high


#: the tolerance of 'about' (claims and observations alike)
ABOUT_TOLERANCE = 0.10


def claim_interval(qualifier: str, low: float, high: float) -> tuple[float, float]:
    """The values a *claim* asserts. As allowed_interval, except that 'up to N' / 'as many as
    N' is a claim about N (read as N within the 'about' tolerance below it): saying that 1
    million troops may be there is a claim about 1 million, not about any number below."""
    if qualifier == "up_to":
        return high * (1 - ABOUT_TOLERANCE), high
    return allowed_interval(qualifier, low, high)


def fmt_amount(value: float | None) -> str:
    if value is None:
        return "?"
    if value == float("inf"):
        return "no upper bound"
    if value >= 1e9:
        return f"{value / 1e9:,.1f} billion"
    return f"{value:,.0f}"


_FIELDS = fields(Claim)
