"""The extractor against the hand-labelled evaluation set, with the acceptance floor."""

from __future__ import annotations

from tests.claims.evaluate import default_extractor, evaluate, load_eval_set, report

FLOOR = 0.9


def test_eval_set_is_large_varied_and_well_formed() -> None:
    entries = load_eval_set()
    assert len(entries) >= 80
    assert len({e["outlet"] for e in entries}) >= 20
    assert any(not e["claims"] for e in entries)  # sentences without a claim
    for entry in entries:
        for claim in entry["claims"]:
            assert entry["text"][claim["start"]: claim["end"]] == claim["text"]


def test_claim_level_f1_meets_floor() -> None:
    scores = evaluate(default_extractor)
    precision, recall, f1 = scores.overall()
    assert f1 >= FLOOR, report(scores) + "\n" + "\n".join(scores.errors)


def test_evaluator_penalises_a_wrong_extractor() -> None:
    entries = load_eval_set()[:20]

    def off_by_ten_percent(text: str, date: str | None) -> list[dict]:
        return [dict(c, quantity_low=c["quantity_low"] * 1.1,
                     quantity_high=c["quantity_high"] * 1.1)
                for c in default_extractor(text, date)]

    assert evaluate(off_by_ten_percent, entries).overall()[2] < 0.2
    assert evaluate(lambda text, date: [], entries).overall()[1] == 0.0
