"""Request and response schemas, named by role: ``...Create`` in, ``...Public`` out.

Observation and Source validation is the ledger's own (``warledger.ledger.models``); these
schemas add what the HTTP contract needs around them: pages, joins and counts.
"""

from __future__ import annotations

import warnings
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from warledger.ledger.models import (
    ActorCode,
    Basis,
    Category,
    Observation,
    PartialDate,
    Source,
)

MAX_PAGE = 1000
MAX_CLAIM_TEXT = 100_000


class ErrorItem(BaseModel):
    field: str | None = Field(description="the field the problem is about; null: the request")
    message: str
    code: str
    file: str | None = None
    line: int | None = None


class ErrorPublic(BaseModel):
    ok: bool = False
    error: str
    errors: list[ErrorItem]
    status: int
    code: str


class ObservationFilters(BaseModel):
    """Query filters for observations; every one given must match."""

    model_config = ConfigDict(extra="forbid")

    provider: ActorCode | None = Field(None, description="actor code, e.g. PRK")
    recipient: ActorCode | None = Field(None, description="actor code, e.g. RUS")
    category: Category | None = Field(None, description="category code, e.g. troops")
    basis: Basis | None = None
    unit: str | None = Field(None, max_length=40)
    source_id: str | None = Field(None, max_length=200)
    since: PartialDate = Field(None, description="YYYY[-MM[-DD]]: reference date on or after")
    until: PartialDate = Field(None, description="YYYY[-MM[-DD]]: reference date on or before")
    derived: bool | None = Field(None, description="true: computed rows only; false: reported")
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=10_000_000)


class Page(BaseModel):
    total: int = Field(description="rows matching the filters, ignoring limit/offset")
    limit: int
    offset: int


# The public forms carry, as plain fields, what the ledger models compute (Source.grading,
# Observation.quantity_text()); pydantic warns when a field takes a parent attribute's name.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Field name .* shadows an attribute")

    class SourcePublic(Source):
        grading: str = Field(description="reliability + credibility, e.g. B2; F6: not assessed")
        observations: int = Field(0, description="observations citing this source")

    class ObservationPublic(Observation):
        quantity_text: str = Field(description="human form, e.g. 'about 14,000'")
        source: SourcePublic | None = None


class ObservationsPublic(Page):
    items: list[ObservationPublic]


class SourcesPublic(Page):
    items: list[SourcePublic]


class SourceDetailPublic(BaseModel):
    source: SourcePublic
    observations: list[ObservationPublic]


class SeriesSummaryPublic(BaseModel):
    provider: str
    recipient: str
    category: str
    unit: str
    observations: int
    low: float = Field(description="smallest quantity_low reported")
    high: float = Field(description="largest quantity_high reported")
    first: str | None = Field(description="earliest reference date")
    last: str | None = Field(description="latest reference date")
    monthly: int = Field(0, description="of the observations, figures for one calendar month "
                         "(a flow: the period starts and ends in one month, no as_of)")
    totals_low: float | None = Field(None, description="smallest quantity_low of the other "
                                     "figures (totals and stocks up to a date)")
    totals_high: float | None = Field(None, description="largest quantity_high of the others")
    totals_last: str | None = Field(None, description="latest date of the others, as written "
                                     "(a year, month or day)")


class SeriesListPublic(BaseModel):
    items: list[SeriesSummaryPublic]
    total: int


class SeriesSourcePublic(BaseModel):
    provider: str
    recipient: str
    category: str
    unit: str
    source_id: str
    observations: int = Field(description="figures this source gives this series")


class SeriesSourcesPublic(BaseModel):
    items: list[SeriesSourcePublic]
    total: int
    sources: list[SourcePublic] = Field(description="each source named in items, once")


class ConflictPublic(BaseModel):
    """Two figures that cannot both be right as stated."""

    a: str = Field(description="observation id")
    b: str = Field(description="observation id")
    reason: str


class SeriesPublic(BaseModel):
    provider: str
    recipient: str
    category: str
    observations: list[ObservationPublic]
    conflicts: list[ConflictPublic] = Field(description=(
        "pairs of figures with the same basis and unit, reference dates within 31 days, "
        "whose intervals do not overlap"))
    estimate: dict[str, Any] | None = Field(
        description="the reconciled estimate with its assumptions; null when not available")
    estimate_note: str | None = Field(None, description="why there is no estimate")


class SeriesQuery(BaseModel):
    """One quantity: who gives what to whom, optionally on one counting basis."""

    model_config = ConfigDict(extra="forbid")

    provider: ActorCode
    recipient: ActorCode
    category: Category
    basis: Basis | None = None


class EstimateQuery(SeriesQuery):
    as_of: PartialDate = Field(None, description="YYYY[-MM[-DD]]: estimate as of this date")
    known_by: PartialDate = Field(None, description=(
        "YYYY[-MM[-DD]]: use only sources published on or before this date (default: today)"))


class TimelineQuery(SeriesQuery):
    known_by: PartialDate = Field(None, description=(
        "YYYY[-MM[-DD]]: use only sources published on or before this date (default: today)"))
    as_known_then: bool = Field(False, description=(
        "estimate each month of the band with what was published by that month's end"))


class ObservationsCreate(BaseModel):
    """Sources and observations to add, all or nothing (the JSON the CLI imports)."""

    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)


class ImportResultPublic(BaseModel):
    ok: bool = True
    added_sources: int
    added_observations: int
    skipped_observations: int = Field(description="already stored with the same content")
    import_id: int | None


class ClaimCheckCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_CLAIM_TEXT,
                      description="the article or statement to check")
    as_of: PartialDate = None


class ClaimCheckPublic(BaseModel):
    """Claims found in the text (character spans), each with verdict, citations and reason.

    Verdicts: consistent, disputed, contradicted, unsupported (see docs/claims.md).
    Inconsistencies are pairs of spans where the text gives one figure two ways.
    """

    model_config = ConfigDict(extra="allow")

    claims: list[dict[str, Any]]
    inconsistencies: list[dict[str, Any]] = Field(default_factory=list)
    summary: dict[str, int] = Field(default_factory=dict, description="claims per verdict")


class VoyageMonthPublic(BaseModel):
    month: str
    provider: str
    recipient: str
    category: str
    unit: str
    quantity_low: float
    quantity_high: float
    qualifier: str
    observation_id: str
    source_id: str
    derived_from: list[str]


class PortAreaPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    country: str = ""
    group: str = ""
    ref_lat: float | None = None
    ref_lon: float | None = None
    entry_km: float | None = None
    exit_km: float | None = None
    n_anchorage_points: int | None = None
    source: str = ""


class MaritimePublic(BaseModel):
    available: bool = Field(description="true when the ledger holds voyage or port-call counts")
    months: list[VoyageMonthPublic]
    ports: list[PortAreaPublic]


class FeaturesPublic(BaseModel):
    estimates: bool
    compare: bool
    timeline: bool
    claims: bool
    maritime: bool


class InfoPublic(BaseModel):
    version: str
    observations: int
    sources: int
    writable: bool = Field(description="true when a token is configured for writes")
    max_body_bytes: int
    features: FeaturesPublic
