"""What counts as evidence: only what was published by a date, and each origin once.

Two rules that run before any other (docs/methods.md, section 2, rules 0 and 4a):

* **known by** -- a figure counts only if its source was published on or before the known-by
  date. A source with a partial publication date ("2024-11") counts from the last day it could
  have been published (2024-11-30), so an estimate "known by 2024-11-20" never uses it. A source
  with no publication date is taken as published on the date its figure describes.
* **independent origins** -- observations that relay one statement share an ``origin`` (e.g.
  "NIS briefing to the National Assembly, 2024-11-20"). Copies of the same figure (same origin,
  basis, unit, side -- two-sided, lower or upper bound -- and quantity) count once: the
  best-graded copy is kept, the others are set aside. Different figures of one statement (1,500
  shipped, 12,000 expected) are not copies. An empty origin means the row is its own origin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from warledger.ledger.dates import first_day, last_day
from warledger.ledger.models import Observation, Source
from warledger.reconcile import rules as r
from warledger.reconcile.reasons import describe

Aside = tuple[Observation, str, str]


def known_by_date(known_by: str | date | None) -> date:
    """The last day a known-by date covers; today when not given."""
    if known_by is None:
        return date.today()
    if isinstance(known_by, date):
        return known_by
    try:
        return last_day(known_by)
    except ValueError as err:
        raise r.ReconcileError(f"--known-by: {err}") from err


def published_on(obs: Observation, source: Source | None) -> date | None:
    """The last day the figure's source can have been published (see module docstring)."""
    if source is not None and source.published:
        return last_day(source.published)
    span = r.reference_span(obs, None)
    return span.end if span else None


def only_known(observations: Sequence[Observation], sources: Mapping[str, Source],
               known_by: date, aside: list[Aside]) -> list[Observation]:
    """Set aside every figure published after ``known_by`` (code ``not-yet-published``)."""
    kept = []
    for obs in observations:
        src = sources.get(obs.source_id)
        when = published_on(obs, src)
        if when is not None and when > known_by:
            how = "published" if src is not None and src.published else (
                "no publication date; describes")
            aside.append((obs, "not-yet-published",
                          f"{how} {when}, after the known-by date {known_by}"))
        else:
            kept.append(obs)
    return kept


def origin_key(obs: Observation) -> str:
    """The independent origin of a figure: its normalised ``origin``, else the row itself."""
    text = " ".join(obs.origin.lower().split())
    return f"origin:{text}" if text else f"row:{obs.id}"


def _side(obs: Observation) -> str:
    if obs.qualifier in r.LOWER_BOUND:
        return "lower"
    if obs.qualifier in r.UPPER_BOUND:
        return "upper"
    return "figure"


def _copy_rank(obs: Observation, sources: Mapping[str, Source]) -> tuple[float, date, str]:
    """Best copy first: highest grading weight, then the earliest published, then id."""
    src = sources.get(obs.source_id)
    published = first_day(src.published) if src and src.published else date.max
    return -r.grading_weight(src), published, obs.id


def one_per_origin(candidates: Sequence[Observation], sources: Mapping[str, Source],
                   aside: list[Aside]) -> list[Observation]:
    """Copies of one statement count once, as their best-graded copy (code ``same-origin``)."""
    groups: dict[tuple[str, str, str, str, float, float], list[Observation]] = {}
    for obs in candidates:
        if obs.origin.strip():
            key = (origin_key(obs), obs.basis, obs.unit, _side(obs), obs.quantity_low,
                   obs.quantity_high)
            groups.setdefault(key, []).append(obs)
    dropped: set[str] = set()
    for copies in groups.values():
        if len(copies) < 2:
            continue
        best, *rest = sorted(copies, key=lambda o: _copy_rank(o, sources))
        for obs in rest:
            dropped.add(obs.id)
            aside.append((obs, "same-origin",
                          f"relays the same statement ({obs.origin}) as "
                          f"{describe(best, sources)}: counted once, as the better-graded copy"))
    return [o for o in candidates if o.id not in dropped]


def count_origins(observations: Sequence[Observation]) -> int:
    """How many independent origins a set of figures rests on."""
    return len({origin_key(o) for o in observations})
