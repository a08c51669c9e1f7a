"""Internal consistency: one text giving two different figures for the same quantity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from warledger.claims.model import Claim

#: bases that count the same kind of thing (people present or sent) and may be compared
_COMPARABLE = {None, "deployed", "cumulative", "in_country", "delivered", "estimated"}


@dataclass(frozen=True)
class Inconsistency:
    first: Claim
    second: Claim
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "spans": [
                {"text": c.text, "start": c.start, "end": c.end,
                 "quantity_low": c.to_dict()["quantity_low"],
                 "quantity_high": c.to_dict()["quantity_high"], "qualifier": c.qualifier}
                for c in (self.first, self.second)
            ],
        }


def _key(claim: Claim) -> tuple[str, str, str, str]:
    return claim.provider, claim.recipient, claim.category, claim.unit


def _overlap(a: Claim, b: Claim) -> bool:
    a_low, a_high = a.interval()
    b_low, b_high = b.interval()
    return a_low <= b_high and b_low <= a_high


def _comparable(a: Claim, b: Claim) -> bool:
    if a.negated or b.negated or a.part_of is not None or b.part_of is not None:
        return False
    if a.basis != b.basis and not (a.basis in _COMPARABLE and b.basis in _COMPARABLE):
        return False
    return _key(a) == _key(b)


def find_inconsistencies(claims: list[Claim]) -> list[Inconsistency]:
    """Pairs of claims about the same provider, recipient and category whose figures cannot
    both be right (their intervals do not overlap). One pair per distinct pair of figures."""
    found: list[Inconsistency] = []
    seen: set[tuple[Any, ...]] = set()
    groups: dict[tuple[Any, ...], list[Claim]] = {}
    figures: set[tuple[Any, ...]] = set()
    for claim in claims:
        # one claim per distinct figure, basis and kind: a long text repeats figures, and
        # comparing every pair of claims would grow with the square of the text
        figure = (_key(claim), *_figure(claim))
        if figure not in figures:
            figures.add(figure)
            groups.setdefault(_key(claim), []).append(claim)
    for group in groups.values():
        found.extend(_pairs(group, seen))
    return sorted(found, key=lambda i: (i.first.start, i.second.start))


def _figure(c: Claim) -> tuple[Any, ...]:
    return c.quantity_low, c.quantity_high, c.qualifier, c.basis, c.negated, c.part_of is None


def _pairs(claims: list[Claim], seen: set[tuple[Any, ...]]) -> list[Inconsistency]:
    found: list[Inconsistency] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if not _comparable(a, b) or _overlap(a, b):
                continue
            key = (_key(a), a.quantity_low, a.quantity_high, b.quantity_low, b.quantity_high)
            if key in seen:
                continue
            seen.add(key)
            found.append(Inconsistency(a, b, (
                f"the text gives two different figures for {a.provider}->{a.recipient} "
                f"{a.category}: '{a.text}' and '{b.text}'")))
    return found
