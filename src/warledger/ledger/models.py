"""Pydantic models of the evidence: a Source and an Observation taken from it."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from warledger import vocabulary as vocab
from warledger.ledger.dates import first_day, last_day, parse_partial


def _check_date(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    assert value is not None
    parse_partial(value)
    return value


def _check_actor(value: str) -> str:
    if not vocab.is_actor_code(value):
        raise ValueError(
            f"unknown actor code '{value}'; expected an ISO 3166-1 alpha-3 code "
            "(e.g. PRK, RUS, UKR) or a group defined in actors.csv (EU, EUROPE, NATO, WEST, ...)"
        )
    return value


def _check_category(value: str) -> str:
    if value not in vocab.CATEGORIES:
        raise ValueError(
            f"unknown category '{value}'; expected one of: " + ", ".join(vocab.CATEGORIES)
        )
    return value


PartialDate = Annotated[str | None, AfterValidator(_check_date)]
ActorCode = Annotated[str, AfterValidator(_check_actor)]
Category = Annotated[str, AfterValidator(_check_category)]
Qualifier = Literal["exact", "about", "at_least", "more_than", "up_to", "less_than", "range"]
Basis = Literal[
    "pledged",
    "committed",
    "allocated",
    "delivered",
    "deployed",
    "in_country",
    "cumulative",
    "used",
    "estimated",
]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal["1", "2", "3", "4", "5", "6"]


def content_id(prefix: str, payload: dict[str, object]) -> str:
    """A stable id derived from content, so a re-import of the same row never duplicates it."""
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return f"{prefix}-{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


class Source(BaseModel):
    """A publication a figure was read from, graded on the NATO/Admiralty scale."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(default="", description="stable id; derived from publisher, url, date")
    publisher: str = Field(min_length=1)
    title: str = ""
    url: str = Field(default="", description="where the figure can be read")
    published: PartialDate = None
    attributed_to: str = Field(default="", description="who the publisher says the figure is from")
    reliability: Reliability = "F"
    credibility: Credibility = "6"
    note: str = ""

    @model_validator(mode="after")
    def _fill_id(self) -> Source:
        if not self.url and not self.title:
            raise ValueError("a source needs a url or a title to be identifiable")
        if self.url and not self.url.startswith(("http://", "https://", "urn:", "file:")):
            raise ValueError(f"url '{self.url}' must start with http:// or https://")
        if not self.id:
            self.id = content_id(
                "src",
                {"publisher": self.publisher, "url": self.url, "title": self.title,
                 "published": self.published},
            )
        return self

    @property
    def grading(self) -> str:
        return f"{self.reliability}{self.credibility}"


#: the fields that make an observation what it is (its id is a hash of them). The note is
#: part of it because one source can give the same count for two different items
#: ("120 Koksan guns" and "120 240-mm launchers"): both must be kept.
IDENTITY_FIELDS = (
    "provider", "recipient", "category", "quantity_low", "quantity_high", "qualifier", "unit",
    "basis", "period_start", "period_end", "as_of", "price_year", "source_id", "note",
    "derived_from",
)


class Observation(BaseModel):
    """One published (or computed) figure: who gave what to whom, how much, when, per whom."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = ""
    provider: ActorCode
    recipient: ActorCode
    category: Category
    quantity_low: float = Field(ge=0)
    quantity_high: float = Field(ge=0)
    qualifier: Qualifier = "exact"
    unit: str
    basis: Basis
    period_start: PartialDate = None
    period_end: PartialDate = None
    as_of: PartialDate = None
    price_year: int | None = Field(default=None, ge=1900, le=2100)
    source_id: str = Field(min_length=1)
    note: str = ""
    derived_from: list[str] = Field(
        default_factory=list,
        description="for computed rows: the observation and assumption ids it was derived from",
    )
    # Neither field is part of the identity: filling them in later must not change an id.
    origin: str = Field(
        default="",
        description="the first statement this report relays (e.g. 'NIS briefing to the "
        "National Assembly, 2024-11-20'); rows sharing an origin are one piece of evidence",
    )
    quote: str = Field(
        default="",
        description="the shortest verbatim fragment of the source that carries the figure",
    )

    @model_validator(mode="after")
    def _check(self) -> Observation:
        if self.quantity_low > self.quantity_high:
            raise ValueError(
                f"quantity_low {self.quantity_low:g} is greater than quantity_high "
                f"{self.quantity_high:g}; expected low <= high"
            )
        allowed = vocab.CATEGORIES[self.category]
        if self.unit not in allowed:
            raise ValueError(
                f"unit '{self.unit}' does not fit category '{self.category}'; expected "
                + " or ".join(sorted(allowed))
            )
        if self.qualifier == "exact" and self.quantity_low != self.quantity_high:
            raise ValueError("qualifier 'exact' needs quantity_low == quantity_high")
        if self.period_start and self.period_end:
            if first_day(self.period_start) > last_day(self.period_end):
                raise ValueError(
                    f"period_start {self.period_start} is after period_end {self.period_end}"
                )
        if not self.id:
            self.id = content_id("obs", self.identity())
        return self

    def identity(self) -> dict[str, object]:
        data = self.model_dump(include=set(IDENTITY_FIELDS))
        return {k: data[k] for k in IDENTITY_FIELDS}

    @property
    def is_point(self) -> bool:
        return self.quantity_low == self.quantity_high

    @property
    def is_derived(self) -> bool:
        return bool(self.derived_from)

    def quantity_text(self) -> str:
        """Human form of the quantity, e.g. 'about 14,000' or '4,000,000-6,000,000'."""
        lo, hi = self.quantity_low, self.quantity_high
        words = {"about": "about ", "at_least": "at least ", "more_than": "more than ",
                 "up_to": "up to ", "less_than": "less than ", "exact": "", "range": ""}
        if lo == hi:
            return f"{words[self.qualifier]}{lo:,.0f}"
        return f"{words[self.qualifier]}{lo:,.0f}-{hi:,.0f}"


class ObservationWithSource(BaseModel):
    """An observation joined to its source, as the CLI and API show it."""

    observation: Observation
    source: Source
