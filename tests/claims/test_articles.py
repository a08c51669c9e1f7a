"""The real-article evaluation set (issue 12): its shape, and the floors the checker must meet.

Floors (issue 12): extraction recall >= 0.85 with precision >= 0.95, verdict accuracy >= 0.85
over the matched claims, and no harmful error (a false figure judged consistent; a correct
figure of its day judged disputed or contradicted). The set is scored against the ledger the
articles were labelled with (tests/claims/articles/ledger).
"""

from __future__ import annotations

import re

import pytest

from tests.claims.evaluate import (
    ArticleScores,
    article_report,
    article_text,
    evaluate_articles,
    is_harmful,
    labelled_ledger,
    load_articles,
    make_checker,
)

RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.95
VERDICT_FLOOR = 0.85
VERDICTS = {"consistent", "outdated", "disputed", "contradicted", "unsupported", "not_checkable"}


@pytest.fixture(scope="module")
def scores() -> ArticleScores:
    ledger = labelled_ledger()
    try:
        return evaluate_articles(make_checker(ledger))
    finally:
        ledger.close()


def test_the_set_holds_twelve_real_articles_with_verbatim_passages() -> None:
    articles = load_articles()
    assert len(articles) >= 12
    assert len({a["url"] for a in articles}) == len(articles)
    for a in articles:
        assert re.match(r"https?://", a["url"]) and a["publisher"]
        assert "2023-01-01" <= a["date"] <= "2025-12-31"
        text = article_text(a)
        assert len(text.split()) >= 150, a["id"]
        for claim in a["claims"]:
            assert claim["text"] in text, (a["id"], claim["text"])
            assert claim["verdict"] in claim["accept"] and set(claim["accept"]) <= VERDICTS
            assert claim["figure"] in ("correct", "false", "unverified")
    # at least one fact-check of a false statement, with its false figures labelled so
    assert any(c["figure"] == "false" for a in articles for c in a["claims"])


def test_extraction_recall_and_precision_meet_the_floors(scores: ArticleScores) -> None:
    detail = article_report(scores) + "\n" + "\n".join(scores.errors)
    assert scores.recall() >= RECALL_FLOOR, detail
    assert scores.precision() >= PRECISION_FLOOR, detail


def test_verdict_accuracy_meets_the_floor_with_no_harmful_error(scores: ArticleScores) -> None:
    detail = article_report(scores) + "\n" + "\n".join(scores.errors)
    assert scores.verdict_accuracy() >= VERDICT_FLOOR, detail
    assert scores.harmful == 0, detail


def test_harmful_means_false_judged_consistent_or_correct_judged_against() -> None:
    assert is_harmful({"figure": "false"}, "consistent")
    assert not is_harmful({"figure": "false"}, "unsupported")
    assert is_harmful({"figure": "correct"}, "contradicted")
    assert is_harmful({"figure": "correct"}, "disputed")
    assert not is_harmful({"figure": "correct"}, "outdated")
    assert not is_harmful({"figure": "unverified"}, "consistent")


def test_the_evaluator_catches_a_checker_that_calls_everything_consistent() -> None:
    entries = load_articles()

    def gold_claims_all_consistent(entry: dict, text: str) -> list[dict]:
        return [dict(c, negated=False, verdict="consistent") for c in entry["claims"]]

    scores = evaluate_articles(gold_claims_all_consistent, entries)
    assert scores.recall() == 1.0 and scores.precision() == 1.0
    false_figures = sum(c["figure"] == "false" for e in entries for c in e["claims"])
    assert scores.harmful == false_figures > 0
    assert scores.verdict_accuracy() < VERDICT_FLOOR
