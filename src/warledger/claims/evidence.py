"""What counts as evidence for a checked article: its own source left out, what was known by a
date, citations with their grade, and money in one currency.

* **Own source**: an observation whose source URL is the article's URL (scheme, ``www.``,
  query and trailing slash ignored), or whose verbatim quote or source title occurs in the
  article's text, is the article itself and never evidence for it.
* **Known by**: an observation was known on a date when its source was published on or before
  it (else its ``as_of`` date; an undated observation is known only "now").
* **Grade**: every citation carries its source's grade, reliability A-F and credibility 1-6
  (``B2``), as in the dataset.
* **Money**: a figure in another currency is converted to euros at the European Central
  Bank's reference rate of the claim's date (the rates ship with the ``currencyconverter``
  package; no network), falling back to the nearest published rate.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from warledger.ledger.dates import last_day

#: shortest quote that identifies the article by its text
MIN_QUOTE_CHARS = 30


def normalise_url(url: str | None) -> str:
    """'https://www.x.com/a/?utm=1' -> 'x.com/a'."""
    if not url:
        return ""
    text = re.sub(r"^[a-z]+://", "", url.strip().lower())
    text = re.sub(r"^www\d?\.", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    return text.rstrip("/")


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


class OwnSource:
    """Decides whether a ledger source is the checked article itself."""

    def __init__(self, text: str = "", url: str | None = None) -> None:
        self.url = normalise_url(url)
        self.text = _squash(text) if text else ""
        #: the ledger's rows per series, read once per checked text
        self.series: dict[tuple[str, str, str], tuple[list[Any], dict[str, Any]]] = {}
        self._seen: dict[tuple[Any, Any], bool] = {}

    def matches(self, obs: Any, source: Any) -> bool:
        key = (obs.id, getattr(source, "id", None))
        if key not in self._seen:
            self._seen[key] = self._matches(obs, source)
        return self._seen[key]

    def _matches(self, obs: Any, source: Any) -> bool:
        if source is not None and self.url and normalise_url(source.url) == self.url:
            return True
        if not self.text:
            return False
        quote = _squash(getattr(obs, "quote", "") or "")
        if len(quote) >= MIN_QUOTE_CHARS and quote in self.text:
            return True
        title = _squash(getattr(source, "title", "") or "")
        return len(title) >= MIN_QUOTE_CHARS and title in self.text


def known_on(obs: Any, source: Any) -> date | None:
    """The first day an observation was public: its source's publication, else its as_of."""
    for value in (getattr(source, "published", None), obs.as_of):
        if value:
            try:
                return last_day(str(value))
            except ValueError:
                continue
    return None


def known_by(rows: list[Any], sources: dict[str, Any], day: date | None) -> list[Any]:
    """The observations public on or before ``day`` (all of them when ``day`` is None)."""
    if day is None:
        return list(rows)
    out = []
    for obs in rows:
        public = known_on(obs, sources.get(obs.source_id))
        if public is not None and public <= day:
            out.append(obs)
    return out


def grade(source: Any) -> str:
    if source is None:
        return ""
    return f"{source.reliability}{source.credibility}"


def cite(obs: Any, source: Any) -> dict[str, Any]:
    return {"observation_id": obs.id, "publisher": getattr(source, "publisher", ""),
            "date": getattr(source, "published", None), "url": getattr(source, "url", ""),
            "grade": grade(source), "provider": obs.provider, "category": obs.category,
            "quantity_low": obs.quantity_low, "quantity_high": obs.quantity_high,
            "qualifier": obs.qualifier, "unit": obs.unit, "basis": obs.basis,
            "as_of": obs.period_end or obs.as_of}


@cache
def _converter() -> Any:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def eur_rate(currency: str, day: date) -> float:
    """Euros per one unit of ``currency`` on ``day`` (ECB reference rate)."""
    if currency == "EUR":
        return 1.0
    return float(_converter().convert(1.0, currency, "EUR", date=day))


def rate_note(currency: str, day: date, rate: float) -> str:
    return (f"converted at the ECB reference rate of {day.isoformat()}: 1 {currency} = "
            f"{rate:.4f} EUR")
