"""Checking claims against the ledger: a verdict, the observations behind it, one reason.

Verdicts (docs/claims.md): ``consistent``, ``outdated`` (fitted what was known on the
article's date, not what is known now), ``disputed``, ``contradicted``, ``unsupported`` and
``not_checkable`` (forecasts, conditions, hypotheses). Each figure is judged for its own time
(its period, else the article's date) with the article's own source left out; a verdict
outside the evidence says its ``direction`` (overstates / understates); every citation
carries its source's grade.

A claim about a group (WEST, EUROPE, NATO, EU) says which member codes it was taken to mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from warledger.claims import judge
from warledger.claims.consistency import Inconsistency, find_inconsistencies
from warledger.claims.evidence import OwnSource, cite, eur_rate, known_by, rate_note
from warledger.claims.extract import PERSON_CATEGORIES, extract_claims
from warledger.claims.model import Claim, claim_interval, fmt_amount
from warledger.ledger.dates import last_day
from warledger.reconcile.rules import STOCK_BASES
from warledger.vocabulary import MONEY_CATEGORIES, actor_name, expand_group

MAX_CITATIONS = judge.MAX_CITATIONS


@dataclass
class Verdict:
    claim: Claim
    verdict: str
    reason: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    actor_members: list[str] = field(default_factory=list)
    estimate: dict[str, Any] | None = None
    direction: str | None = None
    compared_as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.claim.to_dict()
        data.update(verdict=self.verdict, direction=self.direction, reason=self.reason,
                    compared_as_of=self.compared_as_of, citations=self.citations)
        if self.actor_members:
            data["actor_members"] = self.actor_members
        if self.estimate:
            data["estimate"] = self.estimate
        return data


@dataclass
class CheckReport:
    verdicts: list[Verdict]
    inconsistencies: list[Inconsistency]
    warnings: list[str] = field(default_factory=list)
    date: str | None = None
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for v in self.verdicts:
            counts[v.verdict] = counts.get(v.verdict, 0) + 1
        return {"claims": [v.to_dict() for v in self.verdicts],
                "inconsistencies": [i.to_dict() for i in self.inconsistencies],
                "summary": counts, "warnings": list(self.warnings)}


def check_text(text: str, ledger: Any, date: str | None = None,
               source_url: str | None = None) -> CheckReport:
    """Extract the claims of ``text`` and check each against ``ledger``; ``date`` is the
    article's date, ``source_url`` its address (its own source is never evidence for it)."""
    claims = extract_claims(text, date=date)
    own = OwnSource(text, source_url)
    return CheckReport([check_claim(c, ledger, date, own) for c in claims],
                       find_inconsistencies(claims), date=date, source_url=source_url)


def members_of(code: str) -> list[str]:
    return sorted(expand_group(code) - {code})


def check_claim(claim: Claim, ledger: Any, date: str | None = None,
                own: OwnSource | None = None) -> Verdict:
    members = members_of(claim.provider)
    own = own or OwnSource()
    if claim.modality:
        verdict = Verdict(claim, "not_checkable",
                          f"{claim.text!r} is a {claim.modality}, not a statement of what "
                          "happened: there is nothing to check yet.")
    elif claim.negated:
        verdict = _check_negation(claim, ledger, members)
    else:
        verdict = _check_figure(claim, ledger, date, own)
    verdict.actor_members = members
    if members:
        verdict.reason += (f" '{actor_name(claim.provider)}' was taken to mean {claim.provider}: "
                           f"{len(members)} members ({', '.join(members[:12])}"
                           f"{', ...' if len(members) > 12 else ''}).")
    return verdict


def _day(text: str | None) -> Date | None:
    try:
        return last_day(text) if text else None
    except ValueError:
        return None


def _series_rows(claim: Claim, ledger: Any, own: OwnSource) -> tuple[list[Any], dict, int]:
    key = (claim.provider, claim.recipient, claim.category)
    if key not in own.series:
        rows = ledger.observations(provider=claim.provider, recipient=claim.recipient,
                                   category=claim.category)
        own.series[key] = (rows, ledger.sources_for(rows))
    rows, sources = own.series[key]
    kept = [o for o in rows if not own.matches(o, sources.get(o.source_id))]
    dropped = len(rows) - len(kept)
    unit = "EUR" if claim.category in MONEY_CATEGORIES else claim.unit
    kept = [o for o in kept if o.unit == unit]
    if claim.category == "casualties":
        kept = [o for o in kept if obs_measure(o) == claim.measure] or (
            [o for o in kept if obs_measure(o) is None] if claim.measure else [])
    if claim.category not in PERSON_CATEGORIES:
        if claim.period_start:
            kept = [o for o in kept if _same_start(claim.period_start, o.period_start)]
        elif "package" in claim.notes:
            kept = [o for o in kept if _is_flow(o)]
        elif claim.category in MONEY_CATEGORIES:
            kept = [o for o in kept if not _is_flow(o)]
    return kept, sources, dropped


#: an observation over a period shorter than this counts a flow (a package, two months of aid)
FLOW_DAYS = 183


def obs_measure(obs: Any) -> str | None:
    """The dataset marks casualty rows that count only the dead or only the wounded in their
    note ('Killed only: ...', 'Wounded only: ...')."""
    note = (obs.note or "").lower()
    if note.startswith("killed only"):
        return "killed"
    if note.startswith("wounded only"):
        return "wounded"
    return None


def _is_flow(obs: Any) -> bool:
    start, end = _first(obs.period_start), _day(obs.period_end)
    return start is not None and end is not None and (end - start).days < FLOW_DAYS


#: a flow ('since mid-2022', 'in January and February 2024') is compared with observations
#: whose period starts within this many days of its own
SAME_START_DAYS = 62


def _same_start(claim_start: str, obs_start: str | None) -> bool:
    a, b = _first(claim_start), _first(obs_start)
    return a is not None and b is not None and abs((a - b).days) <= SAME_START_DAYS


def _first(text: str | None) -> Date | None:
    from warledger.ledger.dates import first_day

    try:
        return first_day(text) if text else None
    except ValueError:
        return None


def _wanted(claim: Claim, when: str) -> tuple[tuple[float, float], str]:
    low, high = claim_interval(claim.qualifier, claim.quantity_low, claim.quantity_high)
    read = f"read as {fmt_amount(low)} to {fmt_amount(high)} {claim.unit}"
    if claim.qualifier == "about":
        read += " ('about' is +-10 %)"
    elif claim.qualifier == "up_to":
        read += " ('up to N' is a claim about N)"
    if claim.category in MONEY_CATEGORIES and claim.unit != "EUR":
        day = _day(when) or Date.today()
        rate = eur_rate(claim.unit, day)
        low = low * rate * (1 - CONVERSION_TOLERANCE)
        high = high * rate * (1 + CONVERSION_TOLERANCE)
        read += (f", {fmt_amount(low)} to {fmt_amount(high)} EUR {rate_note(claim.unit, day, rate)}"
                 f", +-{CONVERSION_TOLERANCE:.0%} for a conversion made on another day")
    return (low, high), read


#: a sum converted from another currency is read this much wider: the text may have converted
#: at another day's rate (a year moves EUR/USD by about this much)
CONVERSION_TOLERANCE = 0.10

#: series that count the same movements in two ways ("64 voyages" vs "64 port calls")
SIBLINGS = {"voyages": "port_calls", "port_calls": "voyages"}


def _check_figure(claim: Claim, ledger: Any, date: str | None, own: OwnSource) -> Verdict:
    verdict = _check_series(claim, ledger, date, own)
    sibling = SIBLINGS.get(claim.category)
    if verdict.verdict != "consistent" and sibling:
        alt = Claim(**{**claim.__dict__, "category": sibling,
                       "unit": "voyage" if sibling == "voyages" else "port_call"})
        other = _check_series(alt, ledger, date, own)
        if other.verdict == "consistent":
            other.claim = claim
            other.reason += (f" (read as {sibling}: the text's {claim.category} count the same "
                             "ship movements.)")
            return other
    return verdict


def _check_series(claim: Claim, ledger: Any, date: str | None, own: OwnSource) -> Verdict:
    when = judge.claim_time(claim, date)
    rows, sources, dropped = _series_rows(claim, ledger, own)
    series = f"{claim.provider}->{claim.recipient} {claim.category}"
    mine = " (the article's own source left out)" if dropped else ""
    if not rows:
        return Verdict(claim, "unsupported", f"The ledger holds no observation of {series}"
                       f"{mine}.", compared_as_of=when)
    wanted, read = _wanted(claim, when)
    head = f"{claim.text!r} ({read}) against {series} as of {when}{mine}: "
    if claim.measure in ("killed", "wounded") and not any(obs_measure(o) for o in rows):
        return _check_part(claim, wanted, rows, sources, when, head)
    exact = _day(claim.period_end or date)
    now = judge.judge_time(claim, wanted, rows, sources, when, exact)
    then = now
    known_day = _day(date)
    if known_day is not None:
        # later totals used as caps must also have been public by then
        then = judge.judge_time(claim, wanted, known_by(rows, sources, known_day), sources, when,
                                exact, known_day)
    if now is None:
        return Verdict(claim, "unsupported", head + "no observation of a comparable basis "
                       f"({claim.basis}).", compared_as_of=when)
    if then is not None and then.verdict == "consistent" and now.verdict in (
            "disputed", "contradicted"):
        return Verdict(claim, "outdated", head + f"it fitted what was known on {date} "
                       f"({then.reason}); sources published since: {now.reason}.",
                       now.citations + then.citations[:2], estimate=now.estimate,
                       direction=now.direction, compared_as_of=when)
    if now.direction == "understates" and claim.period_end is None:
        bases, upper_only = judge.comparable_bases(claim, {o.basis for o in rows})
        usable = [] if upper_only else [o for o in rows if o.basis in bases]
        earlier = _earlier_total(wanted, usable, sources, when)
        if earlier is not None:
            return Verdict(claim, "consistent", head + earlier[0], [earlier[1]],
                           compared_as_of=earlier[1]["as_of"])
    citations = now.citations
    if now.verdict != "consistent":
        citations = citations + _same_figure(wanted, rows, sources, citations)
    return Verdict(claim, now.verdict, head + now.reason + ".", citations,
                   estimate=now.estimate, direction=now.direction, compared_as_of=when)


#: sources that state the claim's own figure, cited after the evidence when it disagrees
MAX_SAME_FIGURE = 2


def figure_of(wanted: tuple[float, float]) -> float:
    """The figure a claim states: the middle of what it asserts (its low end if open)."""
    return wanted[0] if wanted[1] == float("inf") else (wanted[0] + wanted[1]) / 2


def _same_figure(wanted: tuple[float, float], rows: list[Any], sources: dict[str, Any],
                 cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who else gave this figure (any date or basis): those stating that very number first,
    earliest first; a fact-checker asks where a figure came from."""
    seen = {c["observation_id"] for c in cited}
    figure = figure_of(wanted)
    out = []
    def order(obs: Any) -> tuple[bool, str]:  # the very figure first, then ranges; earliest
        published = getattr(sources.get(obs.source_id), "published", None)
        return obs.quantity_low != obs.quantity_high, str(published or "9999")

    for obs in sorted(rows, key=order):
        if obs.id in seen or obs.qualifier in ("at_least", "more_than", "up_to", "less_than"):
            continue
        if not obs.quantity_low <= figure <= obs.quantity_high:
            continue
        out.append(dict(cite(obs, sources.get(obs.source_id)), role="states this figure"))
        if len(out) == MAX_SAME_FIGURE:
            break
    return out


def _earlier_total(wanted: tuple[float, float], rows: list[Any], sources: dict[str, Any],
                   when: str) -> tuple[str, dict[str, Any]] | None:
    """A running total below today's that equals an earlier total: the text gives no date, so
    it is read as the figure of that earlier date ('had previously sent 6,700 containers')."""
    end = _day(when)
    for obs in sorted(rows, key=lambda o: str(o.period_end or o.as_of or ""), reverse=True):
        if obs.basis in STOCK_BASES or not judge._overlaps(wanted, obs):
            continue
        described = _day(obs.period_end or obs.as_of)
        if described is not None and end is not None and described <= end:
            c = cite(obs, sources.get(obs.source_id))
            return (f"the text gives no date and the figure matches the running total of "
                    f"{obs.period_end or obs.as_of} ({c['publisher']}, {c['grade']}): an earlier "
                    "total, since grown.", c)
    return None


def _check_part(claim: Claim, wanted: tuple[float, float], rows: list[Any],
                sources: dict[str, Any], when: str, head: str) -> Verdict:
    """A killed-only or wounded-only figure is a part of the casualties the ledger counts."""
    now = judge.judge_time(claim, (wanted[0], wanted[0]), rows, sources, when)
    if now is not None and now.verdict == "contradicted" and now.direction == "overstates":
        return Verdict(claim, "contradicted", head + f"the {claim.measure} alone exceed all "
                       f"casualties: {now.reason}.", now.citations, direction="overstates",
                       compared_as_of=when)
    reason = now.reason if now is not None else "no casualty figure of that time"
    return Verdict(claim, "unsupported", head + f"the ledger counts killed and wounded "
                   f"together, so a {claim.measure}-only figure can only be refuted when it "
                   f"exceeds them ({reason}).", now.citations if now else [],
                   compared_as_of=when)


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


def establishes_some(obs: Any) -> bool:
    """A figure refutes 'none was sent' only when even its lowest reading is above zero: '1 to
    5', 'about 5' and 'at least 1' do; '0 to 5', 'up to 5' and 'fewer than 5' do not."""
    if obs.qualifier in ("up_to", "less_than"):
        return False
    return (obs.quantity_low or 0) > 0


def _check_negation(claim: Claim, ledger: Any, members: list[str]) -> Verdict:
    found = _negation_observations(claim, ledger, members)
    what = "aid" if claim.category in MONEY_CATEGORIES else claim.category
    series = f"{claim.provider}->{claim.recipient} {what}"
    positive = [o for o in found if establishes_some(o)]
    if positive:
        positive.sort(key=lambda o: -(o.quantity_high or o.quantity_low or 0))
        top = positive[0]
        return Verdict(claim, "contradicted",
                       f"The ledger records {len(positive)} positive observation(s) of {series}, "
                       f"up to {_fmt(top.quantity_high)} {top.unit} ({top.category}), so "
                       f"{claim.text!r} is refuted.",
                       [_cite(ledger, o) for o in positive[:MAX_CITATIONS]],
                       direction="understates")
    if found and all((o.quantity_high or 0) == 0 for o in found):
        return Verdict(claim, "consistent",
                       f"Every observation of {series} in the ledger is zero.",
                       [_cite(ledger, o) for o in found[:MAX_CITATIONS]])
    if found:  # only figures that allow zero: 'up to 5', '0 to 5'
        return Verdict(claim, "unsupported",
                       f"The ledger's figures of {series} allow zero (their lowest reading is "
                       f"0), so they neither confirm nor refute {claim.text!r}.",
                       [_cite(ledger, o) for o in found[:MAX_CITATIONS]])
    return Verdict(claim, "unsupported",
                   f"The ledger holds no observation of {series}, so it can neither confirm "
                   f"nor refute {claim.text!r}.")


def _cite(ledger: Any, obs: Any) -> dict[str, Any]:
    try:
        source = ledger.source(obs.source_id)
    except Exception:  # noqa: BLE001 - a dangling source id must not stop a check
        source = None
    return cite(obs, source)


def _fmt(value: float | None) -> str:
    return fmt_amount(value)
