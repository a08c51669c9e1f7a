"""Checking claims against the ledger: a verdict, the observations behind it, one reason.

Verdicts (docs/claims.md):

* ``consistent`` - the claim's interval overlaps the estimate's interval, or matches a kept
  observation; a negation the evidence agrees with (only zero figures recorded);
* ``disputed`` - outside the estimate but overlapping an observation that was set aside or
  that other sources contradict (the claim sits with some sources);
* ``contradicted`` - outside everything the evidence allows, or a negation ("zero support",
  "has not sent any troops") that positive observations refute;
* ``unsupported`` - the ledger holds no observation for that provider, recipient and category.

A claim about a group (WEST, EUROPE, NATO, EU) says which member codes it was taken to mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from warledger.claims.consistency import Inconsistency, find_inconsistencies
from warledger.claims.extract import extract_claims
from warledger.claims.model import Claim, allowed_interval
from warledger.vocabulary import MONEY_CATEGORIES, actor_name, expand_group

MAX_CITATIONS = 5


@dataclass
class Verdict:
    claim: Claim
    verdict: str
    reason: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    actor_members: list[str] = field(default_factory=list)
    estimate: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.claim.to_dict()
        data.update(verdict=self.verdict, reason=self.reason, citations=self.citations)
        if self.actor_members:
            data["actor_members"] = self.actor_members
        if self.estimate:
            data["estimate"] = self.estimate
        return data


@dataclass
class CheckReport:
    verdicts: list[Verdict]
    inconsistencies: list[Inconsistency]

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for v in self.verdicts:
            counts[v.verdict] = counts.get(v.verdict, 0) + 1
        return {"claims": [v.to_dict() for v in self.verdicts],
                "inconsistencies": [i.to_dict() for i in self.inconsistencies],
                "summary": counts}


def check_text(text: str, ledger: Any, date: str | None = None,
               source_url: str | None = None) -> CheckReport:
    """Extract the claims of ``text`` and check each against ``ledger``."""
    claims = extract_claims(text, date=date)
    return CheckReport([check_claim(c, ledger) for c in claims], find_inconsistencies(claims))


def members_of(code: str) -> list[str]:
    members = sorted(expand_group(code) - {code})
    return members


def check_claim(claim: Claim, ledger: Any) -> Verdict:
    members = members_of(claim.provider)
    verdict = _check_negation(claim, ledger, members) if claim.negated else _check_figure(
        claim, ledger)
    verdict.actor_members = members
    if members:
        verdict.reason += (f" '{actor_name(claim.provider)}' was taken to mean {claim.provider}: "
                           f"{len(members)} members ({', '.join(members[:12])}"
                           f"{', ...' if len(members) > 12 else ''}).")
    return verdict


def _cite(ledger: Any, obs: Any) -> dict[str, Any]:
    try:
        source = ledger.source(obs.source_id)
        publisher, published, url = source.publisher, source.published, source.url
    except Exception:  # noqa: BLE001 - a dangling source id must not stop a check
        publisher, published, url = "", None, ""
    return {"observation_id": obs.id, "publisher": publisher, "date": published, "url": url,
            "provider": obs.provider, "category": obs.category,
            "quantity_low": obs.quantity_low, "quantity_high": obs.quantity_high,
            "unit": obs.unit, "basis": obs.basis}


def _obs_interval(obs: Any) -> tuple[float, float]:
    return allowed_interval(obs.qualifier, obs.quantity_low, obs.quantity_high)


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _sides_with(claim: Claim, wanted: tuple[float, float], obs: Any) -> bool:
    """An observation sides with a claim when it allows the claim's figure and says more
    than a bare floor far below it: "more than 1,500" does not back "17,000"."""
    if not _overlaps(wanted, _obs_interval(obs)):
        return False
    if obs.qualifier in ("at_least", "more_than"):
        return bool(obs.quantity_low >= 0.5 * claim.quantity_low)
    return True


def _mid(obs: Any) -> float:
    return float(obs.quantity_low + obs.quantity_high) / 2


def _mid_claim(claim: Claim) -> float:
    return float(claim.quantity_low + claim.quantity_high) / 2


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    if value == float("inf"):
        return "no upper bound"
    return f"{value:,.0f}"


def evidence_for(ledger: Any, provider: str, recipient: str, category: str) -> Any:
    """The reconciled estimate (kept and set-aside observations) for one series."""
    from warledger.reconcile.estimate import estimate_for

    return estimate_for(ledger, provider, recipient, category)


#: series that count the same movements in two ways ("64 voyages" vs "64 port calls")
SIBLINGS = {"voyages": "port_calls", "port_calls": "voyages"}


def _check_figure(claim: Claim, ledger: Any) -> Verdict:
    verdict = _check_series(claim, ledger)
    sibling = SIBLINGS.get(claim.category)
    if verdict.verdict != "consistent" and sibling:
        alt = Claim(**{**claim.__dict__, "category": sibling,
                       "unit": sibling.rstrip("s") if sibling != "voyages" else "voyage"})
        other = _check_series(alt, ledger)
        if other.verdict == "consistent":
            other.claim = claim
            other.reason += f" (read as {sibling}: the text's {claim.category} count the same "
            other.reason += "ship movements.)"
            return other
    return verdict


def _check_series(claim: Claim, ledger: Any) -> Verdict:
    est = evidence_for(ledger, claim.provider, claim.recipient, claim.category)
    kept = [o for o in est.kept if o.unit == claim.unit]
    aside = [o for o, _ in est.set_aside if o.unit == claim.unit]
    series = f"{claim.provider}->{claim.recipient} {claim.category}"
    if not kept and not aside:
        return Verdict(claim, "unsupported",
                       f"The ledger holds no {claim.unit} observation of {series}.")
    wanted = claim.interval()
    low = est.low if est.low is not None else min(_obs_interval(o)[0] for o in kept or aside)
    high = est.high if est.high is not None else max(_obs_interval(o)[1] for o in kept or aside)
    matching = [o for o in kept if _overlaps(wanted, _obs_interval(o))]
    est_info = {"low": est.low, "central": est.central, "high": est.high, "unit": est.unit}
    if kept and (_overlaps(wanted, (low, high)) or matching):
        cites = matching or kept
        return Verdict(claim, "consistent",
                       f"{claim.text!r} lies within the evidence for {series} "
                       f"({_fmt(low)} to {_fmt(high)} {claim.unit}).",
                       [_cite(ledger, o) for o in cites[:MAX_CITATIONS]], estimate=est_info)
    siding = sorted((o for o in aside + kept if _sides_with(claim, wanted, o)),
                    key=lambda o: abs(_mid(o) - _mid_claim(claim)))
    if siding:
        first = _cite(ledger, siding[0])
        return Verdict(claim, "disputed",
                       f"{claim.text!r} is outside the reconciled range ({_fmt(low)} to "
                       f"{_fmt(high)}) but agrees with {len(siding)} observation(s) that other "
                       f"sources dispute, closest {siding[0].quantity_text()} "
                       f"({first['publisher']}, {first['date'] or 'undated'}).",
                       [_cite(ledger, o) for o in (siding + kept)[:MAX_CITATIONS]],
                       estimate=est_info)
    return Verdict(claim, "contradicted",
                   f"{claim.text!r} is outside everything the evidence for {series} allows "
                   f"({_fmt(low)} to {_fmt(high)} {claim.unit}).",
                   [_cite(ledger, o) for o in (kept or aside)[:MAX_CITATIONS]],
                   estimate=est_info)


def _negation_observations(claim: Claim, ledger: Any, members: list[str]) -> list[Any]:
    providers = [claim.provider, *members]
    categories = sorted(MONEY_CATEGORIES) if claim.category in MONEY_CATEGORIES else [
        claim.category]
    found = []
    for provider in providers:
        for category in categories:
            found.extend(ledger.observations(provider=provider, recipient=claim.recipient,
                                             category=category))
    return found


def _check_negation(claim: Claim, ledger: Any, members: list[str]) -> Verdict:
    found = _negation_observations(claim, ledger, members)
    what = "aid" if claim.category in MONEY_CATEGORIES else claim.category
    series = f"{claim.provider}->{claim.recipient} {what}"
    positive = [o for o in found if (o.quantity_high or o.quantity_low or 0) > 0]
    if positive:
        positive.sort(key=lambda o: -(o.quantity_high or o.quantity_low or 0))
        top = positive[0]
        return Verdict(claim, "contradicted",
                       f"The ledger records {len(positive)} positive observation(s) of {series}, "
                       f"up to {_fmt(top.quantity_high)} {top.unit} ({top.category}), so "
                       f"{claim.text!r} is refuted.",
                       [_cite(ledger, o) for o in positive[:MAX_CITATIONS]])
    if found:
        return Verdict(claim, "consistent",
                       f"Every observation of {series} in the ledger is zero.",
                       [_cite(ledger, o) for o in found[:MAX_CITATIONS]])
    return Verdict(claim, "unsupported",
                   f"The ledger holds no observation of {series}, so it can neither confirm "
                   f"nor refute {claim.text!r}.")
