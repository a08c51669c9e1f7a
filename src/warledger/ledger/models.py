"""Pydantic models of the evidence: a Source and an Observation taken from it."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from warledger import vocabulary as vocab
from warledger.ledger.dates import first_day, last_day, parse_partial


def _check_date(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    assert value is not None
    parse_partial(value)
    return value


_KNOWN_ACTORS: set[str] = set()


def _check_actor(value: str) -> str:
    if value in _KNOWN_ACTORS:  # the bundled vocabulary does not change while running
        return value
    if not vocab.is_actor_code(value):
        raise ValueError(
            f"unknown actor code '{value}'; expected an ISO 3166-1 alpha-3 code "
            "(e.g. PRK, RUS, UKR) or a group defined in actors.csv (EU, EUROPE, NATO, WEST, ...)"
        )
    if len(_KNOWN_ACTORS) < 4096:
        _KNOWN_ACTORS.add(value)
    return value


def _check_category(value: str) -> str:
    if value not in vocab.CATEGORIES:
        raise ValueError(
            f"unknown category '{value}'; expected one of: " + ", ".join(vocab.CATEGORIES)
        )
    return value


#: ids appear in URLs (/sources/{id}) and file names: letters, digits and . _ : - only
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
#: C0/C1 control characters other than tab and line breaks, and the bidi embedding, override
#: and isolate controls that make text display in an order other than the stored one
_FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                             "\u202a-\u202e\u2066-\u2069]")


def _check_text(value: str) -> str:
    found = _FORBIDDEN_TEXT.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at "
                         f"position {found.start() + 1}; text may not hold control characters "
                         "or bidi overrides")
    return value


def _check_id(value: str) -> str:
    if value and not ID_PATTERN.fullmatch(value):
        raise ValueError(f"id '{_check_text_safe(value)}' may only hold letters, digits and "
                         ". _ : - (starting with a letter or digit, at most 200 characters)")
    return value


def _check_text_safe(value: str) -> str:
    """The value with forbidden characters escaped, for quoting it in a message."""
    return _FORBIDDEN_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", value)[:80]


def _no_bool(value: Any) -> Any:
    """JSON true/false are not numbers (pydantic would read them as 1 and 0)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
SafeId = Annotated[str, AfterValidator(_check_id)]
#: a finite, non-negative number: inf, 1e400, NaN and booleans are refused
Quantity = Annotated[float, BeforeValidator(_no_bool), Field(ge=0, allow_inf_nan=False)]
PartialDate = Annotated[str | None, AfterValidator(_check_date)]
check_actor = _check_actor
check_category = _check_category
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


#: the same output as json.dumps(sort_keys=True, separators=(",", ":"), default=str), built once
_ID_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def content_id(prefix: str, payload: dict[str, object]) -> str:
    """A stable id derived from content, so a re-import of the same row never duplicates it."""
    blob = _ID_ENCODER.encode(payload)
    return f"{prefix}-{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


class Source(BaseModel):
    """A publication a figure was read from, graded on the NATO/Admiralty scale."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: SafeId = Field(default="", description="stable id; derived from publisher, url, date")
    publisher: Text = Field(min_length=1)
    title: Text = ""
    url: Text = Field(default="", description="where the figure can be read")
    published: PartialDate = None
    attributed_to: Text = Field(default="",
                                description="who the publisher says the figure is from")
    reliability: Reliability = "F"
    credibility: Credibility = "6"
    note: Text = ""

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

    id: SafeId = ""
    provider: ActorCode
    recipient: ActorCode
    category: Category
    quantity_low: Quantity
    quantity_high: Quantity
    qualifier: Qualifier = "exact"
    unit: Text
    basis: Basis
    period_start: PartialDate = None
    period_end: PartialDate = None
    as_of: PartialDate = None
    price_year: Annotated[int, BeforeValidator(_no_bool), Field(ge=1900, le=2100)] | None = None
    source_id: SafeId = Field(min_length=1)
    note: Text = ""
    derived_from: list[Text] = Field(
        default_factory=list,
        description="for computed rows: the observation and assumption ids it was derived from",
    )
    # Neither field is part of the identity: filling them in later must not change an id.
    origin: Text = Field(
        default="",
        description="the first statement this report relays (e.g. 'NIS briefing to the "
        "National Assembly, 2024-11-20'); rows sharing an origin are one piece of evidence",
    )
    quote: Text = Field(
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
        # the same values model_dump gives (plain str/float/int/None and a list copy), faster
        return {k: (list(v) if isinstance(v := getattr(self, k), list) else v)
                for k in IDENTITY_FIELDS}

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
