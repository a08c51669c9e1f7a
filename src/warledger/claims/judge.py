"""A figure's verdict for its own time, as known then and as known now (docs/claims.md).

The claim's time is the end of its period, else the article's date, else today. The evidence
is the reconciled estimate (``warledger.reconcile.estimate``) of the claim's series at that
time, for each basis comparable with the claim's, with the checked article's own source left
out: once with what was published by the article's date ("then"), once with everything
("now"). A figure that fitted then but not now is ``outdated``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warledger.claims.evidence import cite
from warledger.claims.model import Claim, allowed_interval, claim_interval, fmt_amount
from warledger.ledger.dates import last_day
from warledger.reconcile.rules import STOCK_BASES
from warledger.vocabulary import MONEY_CATEGORIES

#: an open bound ('more than 400') backs figures up to this many times it, and no further
FLOOR_REACH = 2.0
#: a running total may have grown after its newest figure when that is this many days old
STALE_DAYS = 31
#: ... but not beyond this many times its newest figure, unless that figure is older than
#: OLD_TOTAL_DAYS: then it is only a floor
STALE_GROWTH = 2.0
OLD_TOTAL_DAYS = 183
#: observations set aside for these reasons are sources the estimate disagrees with
DISPUTE_CODES = frozenset({"outlier", "other-basis"})
#: kinds of basis that answer different questions (a promise is not an allocation or a count)
BASIS_KIND = {"pledged": "promise", "committed": "promise", "allocated": "allocated",
              "in_country": "present"}
MAX_CITATIONS = 5
#: categories counted in people
PEOPLE = frozenset({"troops", "volunteers", "casualties"})
ORDER = ("consistent", "outdated", "disputed", "contradicted", "unsupported")


@dataclass
class Finding:
    verdict: str
    reason: str
    direction: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    estimate: dict[str, Any] | None = None


def basis_kind(basis: str | None) -> str:
    return BASIS_KIND.get(basis or "", "count")


def comparable_bases(claim: Claim, present: set[str]) -> tuple[list[str], bool]:
    """The bases a claim may be compared with, and whether they are only an upper bound
    (a disbursed or delivered sum below the allocations is not refuted by them)."""
    if claim.basis is None:
        return sorted(present), False
    kind = basis_kind(claim.basis)
    same = sorted(b for b in present if basis_kind(b) == kind)
    if same or claim.category not in MONEY_CATEGORIES or kind != "count":
        return same, False
    return sorted(b for b in present if basis_kind(b) == "allocated"), True


def _evidence_interval(est: Any) -> tuple[float, float, str] | None:
    low, high = est.low, est.high
    if low is None and high is None:
        return None
    if high is None or high == float("inf"):
        return float(low), float(low) * FLOOR_REACH, "floor"
    if low is None:
        return float(high) / FLOOR_REACH, float(high), "ceiling"
    return float(low), float(high), "range"


def _describe(est: Any, when: str, lo: float, hi: float, kind: str, unit: str) -> str:
    n = len(est.kept)
    if kind == "floor":
        said = f"at least {fmt_amount(lo)} {unit} (an open bound; read as up to {FLOOR_REACH:g}x)"
    elif kind == "ceiling":
        said = f"at most {fmt_amount(hi)} {unit}"
    else:
        said = f"{fmt_amount(lo)} to {fmt_amount(hi)} {unit}"
    return f"the {est.basis} estimate as of {when} is {said}, from {n} observation(s)"


def _age(est: Any, when: str) -> int:
    """Days between the estimate's newest figure and the claim's time."""
    if est.described_until is None:
        return 0
    return (last_day(when) - est.described_until).days


def _older(est: Any, when: str) -> bool:
    """The estimate's newest figure is more than STALE_DAYS before the claim's time."""
    return _age(est, when) > STALE_DAYS


def _later_cap(wanted: tuple[float, float], later: list[Any], basis: str) -> Any:
    """A later running total of the same basis below the claim: a ceiling for its time."""

    for obs in later:
        if obs.basis != basis:
            continue
        high = allowed_interval(obs.qualifier, obs.quantity_low, obs.quantity_high)[1]
        if high < wanted[0]:
            return obs
    return None


@dataclass
class _Case:
    """One claim against one estimate: what the rules below look at."""

    claim: Claim
    wanted: tuple[float, float]
    est: Any
    when: str
    said: str
    kind: str
    hi: float
    direction: str
    kept: list[dict[str, Any]]
    info: dict[str, Any]
    sources: dict[str, Any]

    def finding(self, verdict: str, reason: str, cites: list[dict[str, Any]] | None = None
                ) -> Finding:
        return Finding(verdict, reason, self.direction, (cites or []) + self.kept, self.info)


def judge_basis(claim: Claim, wanted: tuple[float, float], est: Any, when: str,
                upper_only: bool, sources: dict[str, Any], later: list[Any] = (),
                exact: date | None = None) -> Finding:
    """Compare a claim's interval (in the estimate's unit) with one estimate."""
    read = _evidence_interval(est)
    unit = est.unit or claim.unit
    info = {"basis": est.basis, "as_of": when, "low": est.low, "central": est.central,
            "high": est.high, "unit": unit}
    kept = [cite(o, sources.get(o.source_id)) for o in est.kept][:MAX_CITATIONS]
    if read is None:
        return Finding("unsupported", f"no {est.basis} figure describes {when}")
    lo, hi, kind = read
    said = _describe(est, when, lo, hi, kind, unit)
    above, below = wanted[0] > hi, wanted[1] < lo
    if not above and not below:
        how = "it lies within" if lo <= wanted[0] and wanted[1] <= hi else "it overlaps"
        return Finding("consistent", f"{how}: {said}", None, kept, info)
    case = _Case(claim, wanted, est, when, said, kind, hi,
                 "overstates" if above else "understates", kept, info, sources)
    found = (_below_rules(case, upper_only, exact) if below else _above_rules(case, later))
    return found or _revised(case) or _disputed(case) or case.finding(
        "contradicted", f"it {case.direction} the evidence: {said}")


def _below_rules(case: _Case, upper_only: bool, exact: date | None) -> Finding | None:
    est, said = case.est, case.said
    if est.basis not in STOCK_BASES and exact is not None and (
            est.described_until is not None and est.described_until > exact):
        return case.finding("unsupported", f"{said}, describing {est.described_until}: a "
                            f"running total may have been lower on {exact}")
    if case.claim.category == "casualties":
        return case.finding("unsupported", f"{said}: a casualty count below the running total "
                            "may count one engagement or one period only")
    if upper_only:
        return case.finding("unsupported", f"{said}; the ledger's {est.basis} figures are only "
                            "an upper bound for this kind of figure")
    if case.kind == "ceiling":
        return case.finding("unsupported", f"{said}: nothing in the evidence is as low")
    return None


def _above_rules(case: _Case, later: list[Any]) -> Finding | None:
    est, said = case.est, case.said
    if case.kind == "floor":
        return case.finding("unsupported", f"{said}: nothing in the evidence reaches it")
    if case.kind != "range" or est.basis in STOCK_BASES:
        return None
    capped = _later_cap(case.wanted, later, est.basis)
    if capped is not None:
        c = cite(capped, case.sources.get(capped.source_id))
        return case.finding("contradicted", f"it {case.direction} the evidence: {said}; and a "
                            f"later total ({c['as_of']}, {c['publisher']}) is lower still", [c])
    if _older(est, case.when) and (case.wanted[0] <= case.hi * STALE_GROWTH
                                   or _age(est, case.when) > OLD_TOTAL_DAYS):
        return case.finding("unsupported", f"{said}; its newest figure describes "
                            f"{est.described_until}, and a running total may have grown "
                            "since: no later figure caps it")
    return None


def _revised(case: _Case) -> Finding | None:
    """The figure matches a report its own origin has since revised: outdated."""
    est = case.est
    old = [o for o, _ in est.set_aside
           if est.set_aside_codes.get(o.id) == "superseded" and _overlaps(case.wanted, o)]
    if not old:
        return None
    c = cite(old[0], case.sources.get(old[0].source_id))
    return case.finding("outdated", f"it matches {c['publisher']}'s earlier figure "
                        f"({c['date'] or 'undated'}), which the same origin has since revised: "
                        f"{case.said}", [c])


def _disputed(case: _Case) -> Finding | None:
    est, wanted = case.est, case.wanted
    middle = (wanted[0] + min(wanted[1], wanted[0] * FLOOR_REACH)) / 2
    siding = sorted((o for o, _ in est.set_aside
                     if est.set_aside_codes.get(o.id) in DISPUTE_CODES and _sides(wanted, o)),
                    key=lambda o: abs((o.quantity_low + o.quantity_high) / 2 - middle))
    if not siding:
        return None
    cites = [cite(o, case.sources.get(o.source_id)) for o in siding][:MAX_CITATIONS]
    return case.finding("disputed", f"it is outside: {case.said}; but {len(siding)} "
                        f"observation(s) the estimate sets aside agree with it, closest "
                        f"{fmt_amount(siding[0].quantity_low)} ({cites[0]['publisher']}, "
                        f"{cites[0]['date'] or 'undated'})", cites)


def _overlaps(wanted: tuple[float, float], obs: Any) -> bool:

    low, high = allowed_interval(obs.qualifier, obs.quantity_low, obs.quantity_high)
    return wanted[0] <= high and low <= wanted[1]


def _sides(wanted: tuple[float, float], obs: Any) -> bool:
    """An observation sides with a claim when it allows the claim's figure and is more than a
    bare floor far below it ('more than 1,500' does not back '17,000')."""
    if not _overlaps(wanted, obs):
        return False
    if obs.qualifier in ("at_least", "more_than"):
        return bool(obs.quantity_low * FLOOR_REACH >= wanted[0])
    return True


def best(findings: list[Finding]) -> Finding | None:
    """The most favourable verdict over the comparable bases (a claim without a basis may be
    read with any of them)."""
    if not findings:
        return None
    return min(findings, key=lambda f: ORDER.index(f.verdict))


#: estimates already made in this process, by (observation ids, as-of, basis): a long text
#: repeats the same questions, and the answer depends on nothing else
_ESTIMATES: dict[tuple[Any, ...], Any] = {}
MAX_CACHED = 4096


def estimate_at(rows: list[Any], sources: dict[str, Any], when: str,
                basis: str | None = None, known: date | None = None) -> Any:
    """The estimator's answer for these rows at ``when`` (it chooses the basis unless told),
    with what was published by ``known`` (the estimator's own known-by rule; None: today)."""
    from warledger.reconcile.estimate import estimate

    key = (tuple(sorted((o.id, o.quantity_low, o.quantity_high, o.basis) for o in rows)), when,
           basis, known)
    found = _ESTIMATES.get(key)
    if found is None:
        if len(_ESTIMATES) >= MAX_CACHED:
            _ESTIMATES.clear()
        found = _ESTIMATES[key] = estimate(rows, sources, as_of=when, basis=basis,
                                           known_by=known)
    return found


def judge_time(claim: Claim, wanted: tuple[float, float], rows: list[Any],
               sources: dict[str, Any], when: str, exact: date | None = None,
               known: date | None = None) -> Finding | None:
    bases, upper_only = comparable_bases(claim, {o.basis for o in rows})
    end = last_day(when)
    later = [o for o in rows if _described(o) is not None and _described(o) > end]
    findings = []
    if claim.category in PEOPLE:
        # people are 'sent', 'deployed' and counted in one breath: the estimator picks the
        # basis among those of one kind (count, presence, promise)
        groups = [[b for b in bases if basis_kind(b) == kind]
                  for kind in sorted({basis_kind(b) for b in bases})]
    else:
        # materiel and money: an estimate of capacity is not a count, an allocation is not a
        # pledge; each basis on its own, the claim's own when the ledger has it
        groups = [[claim.basis]] if claim.basis in bases else [[b] for b in bases]
    for group in groups:
        same = [o for o in rows if o.basis in group]
        est = estimate_at(same, sources, when, group[0] if len(group) == 1 else None, known)
        findings.append(judge_basis(claim, wanted, est, when, upper_only, sources, later, exact))
    found = [f for f in findings if f.estimate is not None] or findings
    return best(found)


def _described(obs: Any) -> date | None:
    text = obs.period_end or obs.as_of
    try:
        return last_day(str(text)) if text else None
    except ValueError:
        return None


def claim_time(claim: Claim, article_date: str | None) -> str:
    """The end of the claim's period, else the month of the article (figures dated to that
    month count), else this month."""
    fallback = (article_date or date.today().isoformat())[:7]
    try:
        return claim.period_end if claim.period_end and last_day(claim.period_end) else fallback
    except ValueError:  # a period end that is not a date never stops a check
        return fallback


__all__ = ["FLOOR_REACH", "Finding", "claim_interval", "claim_time", "judge_time"]
