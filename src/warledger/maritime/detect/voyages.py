"""Voyages between consecutive visits at different areas (or groups), and monthly counts.

Following GFW, a voyage runs from one visit's end to the next visit's start. Consecutive
visits at the same area are not a voyage (an unobserved call elsewhere may hide between
them), so every count is a lower bound. Departure and arrival are intervals:
depart in [end(n), min(end_hi(n), start(n+1))], arrive in [max(start_lo(n+1), end(n)),
start(n+1)]. A month's "at least N" counts voyages whose whole departure interval lies in
that month; "at most" also counts those whose interval touches it.
"""

from __future__ import annotations

import polars as pl

from warledger.maritime.areas import PortArea
from warledger.maritime.params import Params


def usable_visits(visits: pl.DataFrame, params: Params) -> pl.DataFrame:
    """Visits with GFW confidence >= the minimum, or backed by a sighting; inferred dark
    calls (evidence ``inferred-dark``) only where the caller added them (upper counts)."""
    return visits.filter((pl.col("confidence") >= params.min_visit_confidence)
                         | (pl.col("n_sightings") > 0)
                         | (pl.col("evidence") == "inferred-dark"))


def voyages(visits: pl.DataFrame, areas: list[PortArea], params: Params,
            level: str = "area") -> pl.DataFrame:
    """One-way legs between usable visits whose area (or group) differs."""
    group = {a.area_id: a.group for a in areas}
    v = usable_visits(visits, params).sort("vessel_key", "start").with_columns(
        place=pl.col("area_id") if level == "area"
        else pl.col("area_id").replace_strict(group, default=pl.col("area_id")))
    nxt = {c: pl.col(c).shift(-1).over("vessel_key") for c in
           ("area_id", "place", "start", "start_lo", "visit_id")}
    pairs = v.with_columns(**{f"next_{c}": e for c, e in nxt.items()}).filter(
        pl.col("next_visit_id").is_not_null())
    legs = pairs.filter(pl.col("place") != pl.col("next_place"))
    return legs.select(
        "vessel_key",
        from_area="area_id", to_area="next_area_id",
        from_place="place", to_place="next_place",
        depart="end",
        depart_hi=pl.min_horizontal(pl.coalesce("end_hi", "next_start"), "next_start"),
        arrive_lo=pl.max_horizontal(pl.coalesce("next_start_lo", "end"), "end"),
        arrive="next_start",
        from_visit="visit_id", to_visit="next_visit_id",
        evidence=pl.col("evidence"),
    ).with_columns(
        voyage_id=pl.concat_str([pl.col("vessel_key"), pl.col("depart").dt.strftime(
            "%Y%m%dT%H%M%S")], separator="/"),
    ).sort("vessel_key", "depart")


def same_area_returns(visits: pl.DataFrame, params: Params) -> int:
    """Consecutive usable visits at one area: places where a leg may be hidden."""
    v = usable_visits(visits, params).sort("vessel_key", "start")
    same = v["area_id"] == v["area_id"].shift(-1)
    same_vessel = v["vessel_key"] == v["vessel_key"].shift(-1)
    return int((same & same_vessel).fill_null(False).sum())


def round_trips(legs: pl.DataFrame) -> pl.DataFrame:
    """A -> B followed by B -> A for the same vessel."""
    nxt = legs.sort("vessel_key", "depart").with_columns(
        next_to=pl.col("to_place").shift(-1).over("vessel_key"),
        next_from=pl.col("from_place").shift(-1).over("vessel_key"),
        back=pl.col("arrive").shift(-1).over("vessel_key"))
    return nxt.filter((pl.col("next_from") == pl.col("to_place"))
                      & (pl.col("next_to") == pl.col("from_place"))).select(
        "vessel_key", "from_place", "to_place", "depart", "back")


def with_upper(months: pl.DataFrame, upper_legs: pl.DataFrame,
               by: str = "depart") -> pl.DataFrame:
    """Add ``up_to_with_dark``: the month's at-least count when inferred dark calls count."""
    up = monthly(upper_legs, by).select("from_place", "to_place", "month",
                                         up_to_with_dark="at_least")
    keys = ["from_place", "to_place", "month"]
    both = months.join(up, on=keys, how="full", coalesce=True).with_columns(
        at_least=pl.col("at_least").fill_null(0), at_most=pl.col("at_most").fill_null(0),
        up_to_with_dark=pl.col("up_to_with_dark").fill_null(0))
    return both.with_columns(up_to_with_dark=pl.max_horizontal(
        "up_to_with_dark", "at_least")).sort(keys)


def monthly(legs: pl.DataFrame, by: str = "depart") -> pl.DataFrame:
    """Per (route, month): ``at_least`` (interval inside the month) and ``at_most``."""
    lo, hi = (("depart", "depart_hi") if by == "depart" else ("arrive_lo", "arrive"))
    if legs.is_empty():
        return pl.DataFrame(schema={"from_place": pl.String, "to_place": pl.String,
                                    "month": pl.String, "at_least": pl.Int64,
                                    "at_most": pl.Int64})
    m = legs.with_columns(
        m_lo=pl.col(lo).dt.strftime("%Y-%m"),
        m_hi=pl.coalesce(hi, lo).dt.strftime("%Y-%m"))
    sure = m.filter(pl.col("m_lo") == pl.col("m_hi")).group_by(
        "from_place", "to_place", month="m_lo").agg(at_least=pl.len())
    # an uncertain leg counts towards "at most" in every month its interval touches
    touched = m.with_columns(month=pl.date_ranges(
        pl.col(lo).dt.date().dt.month_start(), pl.coalesce(hi, lo).dt.date().dt.month_start(),
        interval="1mo")).explode("month").with_columns(month=pl.col("month").dt.strftime("%Y-%m"))
    most = touched.group_by("from_place", "to_place", "month").agg(at_most=pl.len())
    return most.join(sure, on=["from_place", "to_place", "month"], how="left").with_columns(
        at_least=pl.col("at_least").fill_null(0).cast(pl.Int64),
        at_most=pl.col("at_most").cast(pl.Int64),
    ).select("from_place", "to_place", "month", "at_least", "at_most").sort(
        "from_place", "to_place", "month")
