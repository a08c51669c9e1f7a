"""schema.org ``ClaimReview`` JSON-LD: one review per checked claim, the markup fact-checking
outlets publish (https://schema.org/ClaimReview).

Each review names the claim (``claimReviewed``, with the article as its ``appearance``), the
rating (``reviewRating``: the verdict as ``alternateName``, and a 1-5 ``ratingValue`` for the
verdicts that grade the figure), the reasoning (``reviewBody``) and the evidence
(``citation``: the cited sources, each with its URL, publisher, date and grade).
"""

from __future__ import annotations

from datetime import date
from typing import Any

#: verdict -> ratingValue on a 1 (worst) to 5 (best) scale; unsupported and not_checkable
#: grade nothing, so they carry only the verdict's name
RATING = {"consistent": 5, "outdated": 3, "disputed": 2, "contradicted": 1}
AUTHOR = {"@type": "Organization", "name": "warledger",
          "url": "https://github.com/warledger/warledger"}


def _citation(c: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": c.get("url") or None}
    if c.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": c["publisher"]}
    if c.get("date"):
        work["datePublished"] = str(c["date"])
    if c.get("grade"):
        work["description"] = f"source grade {c['grade']} (reliability A-F, credibility 1-6)"
    return {k: v for k, v in work.items() if v is not None}


def _rating(verdict: str) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict,
                              "bestRating": 5, "worstRating": 1}
    if verdict in RATING:
        rating["ratingValue"] = RATING[verdict]
    return rating


def claim_reviews(report: Any, url: str | None = None, reviewed_on: str | None = None
                  ) -> list[dict[str, Any]]:
    """One ClaimReview per checked claim of a :class:`~warledger.claims.check.CheckReport`."""
    published = reviewed_on or date.today().isoformat()
    reviews = []
    for v in report.verdicts:
        claim = v.claim
        item: dict[str, Any] = {"@type": "Claim"}
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if url:
            appearance["url"] = url
        if report.date:
            item["datePublished"] = report.date
            appearance["datePublished"] = report.date
        item["appearance"] = appearance
        if claim.attributed_to:
            item["author"] = {"@type": "Organization", "name": claim.attributed_to}
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "datePublished": published,
            "author": AUTHOR,
            "claimReviewed": claim.text,
            "itemReviewed": item,
            "reviewRating": _rating(v.verdict),
            "reviewBody": v.reason,
            "citation": [_citation(c) for c in v.citations],
        }
        reviews.append(review)
    return reviews
