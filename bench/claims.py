"""Benchmark: the warledger claim extractor against quantulum3 on the same sentences.

The sentences are the hand-labelled evaluation set (tests/claims/eval_set.jsonl), cycled to at
least N sentences (default 10,000) for timing; recall is measured once per unique sentence
against the gold claims:

* warledger recall: gold claims matched (provider, recipient, category, quantity within 0.5 %);
* quantulum3 recall: gold claims whose *figure alone* quantulum3 finds (any quantity within
  0.5 % of the gold low or high) - a generous test, since quantulum3 knows no actors or
  categories.

Target: >= 10x quantulum3's sentences/s with higher recall.

Long input (issue 12): the real-article passages (tests/claims/articles) concatenated to 1 MB
with every full stop removed are checked in one call (``check_text``: extraction, verdicts and
internal consistency) and timed at 1/4, 1/2 and 1 MB to show time grows linearly; target
under 10 s for 1 MB. quantulum3 parses the first 50 KB of the same text for comparison.

Time phrases (``--dates``): the hand rules of ``claims.timeexpr`` against dateparser's
``search_dates`` on every sentence of the sentence set whose gold claim has a period: the hand
rules must give the exact (start, end); dateparser is credited when the months it finds include
the gold start and end (a generous test, since it returns dates, not periods).

Usage: python bench/claims.py [--sentences 10000] [--megabytes 1] [--dates]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.claims.evaluate import (  # noqa: E402
    close,
    default_extractor,
    evaluate,
    load_eval_set,
)


def _quantulum_values(parser: Any, text: str) -> list[float]:
    try:
        return [float(q.value) for q in parser.parse(text)]
    except Exception:  # noqa: BLE001 - quantulum3 raises on some inputs; count as nothing found
        return []


def quantulum_recall(parser: Any, entries: list[dict[str, Any]]) -> float:
    gold = found = 0
    for entry in entries:
        values = _quantulum_values(parser, entry["text"])
        for claim in entry["claims"]:
            gold += 1
            targets = (claim["quantity_low"], claim["quantity_high"])
            found += any(close(v, t) for v in values for t in targets)
    return found / gold if gold else 1.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--megabytes", type=float, default=1.0)
    ap.add_argument("--dates", action="store_true", help="only compare time-phrase readers")
    args = ap.parse_args()
    if args.dates:
        dates_vs_dateparser()
        return 0
    from quantulum3 import parser as qparser

    entries = load_eval_set()
    texts = list(islice(cycle(e["text"] for e in entries), args.sentences))
    from warledger.claims import extract_claims

    qparser.parse("warm up 3 km")  # load quantulum3's models outside the timed loop
    start = time.perf_counter()
    n_claims = sum(len(extract_claims(t)) for t in texts)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    n_quant = sum(len(_quantulum_values(qparser, t)) for t in texts)
    theirs = time.perf_counter() - start

    ours_recall = evaluate(default_extractor, entries).overall()[1]
    theirs_recall = quantulum_recall(qparser, entries)
    print(f"sentences: {len(texts)} ({len(entries)} unique, hand-labelled)")
    print(f"warledger : {len(texts) / ours:10.0f} sentences/s  recall {ours_recall:.3f} "
          f"({n_claims} claims)")
    print(f"quantulum3: {len(texts) / theirs:10.0f} sentences/s  recall {theirs_recall:.3f} "
          f"({n_quant} quantities, figure-only match)")
    print(f"speed-up  : {theirs / ours:.1f}x")
    long_text(qparser, args.megabytes)
    return 0


def _months(value: str | None) -> str | None:
    return value[:7] if value and len(value) >= 7 else value


_TIME_WORD = re.compile(r"\b(?:19|20)\d\d\b|\bsince\b|\b(?:January|February|March|April|May"
                        r"|June|July|August|September|October|November|December)\b")


def _article_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """Sentences of the real-article set whose labelled claim states its own period."""
    from tests.claims.evaluate import article_text, load_articles

    from warledger.claims.grammar import split_sentences

    cases = []
    for entry in load_articles():
        text = article_text(entry)
        for claim in entry["claims"]:
            at = text.find(claim["text"])
            for start, end in split_sentences(text):
                sentence = text[start:end]
                if start <= at < end and (claim["period_start"] or claim["period_end"]) and (
                        _TIME_WORD.search(sentence)):
                    cases.append((sentence, entry["date"], claim))
    return cases


def _full_day(day: str | None) -> str:
    """'2024' -> '2024-12-31'-like anchors are not needed: the first day of the given month."""
    if not day:
        return "2025-01-01"
    parts = (day.split("-") + ["01", "01"])[:3]
    if len(parts[0]) != 4:
        return "2025-01-01"
    return "-".join([parts[0], parts[1] or "01", parts[2] or "01"])


def dates_vs_dateparser() -> None:
    from datetime import datetime

    from dateparser.search import search_dates

    from warledger.claims.timeexpr import find_period

    cases = [(e["text"], e.get("date"), c) for e in load_eval_set() for c in e["claims"][:1]
             if c.get("period_start") or c.get("period_end")]
    cases += _article_cases()
    ours = theirs = 0
    start = time.perf_counter()
    for text, day, claim in cases:
        period = find_period(text, day)
        ours += (period.start, period.end) == (claim["period_start"], claim["period_end"])
    took_ours = time.perf_counter() - start
    start = time.perf_counter()
    for text, day, claim in cases:
        base = datetime.fromisoformat(_full_day(day))
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        months = {f"{d.year}-{d.month:02d}" for _, d in found} | {str(d.year) for _, d in found}
        wanted = {v for v in (_months(claim["period_start"]), _months(claim["period_end"])) if v}
        theirs += wanted <= months
    took_theirs = time.perf_counter() - start
    n = len(cases)
    print(f"time phrases: {n} sentences with a gold period and a time phrase (sentence and "
          "article sets)")
    print(f"hand rules : {ours / n:.3f} exact (start, end)   {n / took_ours:9.0f} sentences/s")
    print(f"dateparser : {theirs / n:.3f} months found      {n / took_theirs:9.0f} sentences/s")


def long_text(qparser: Any, megabytes: float) -> None:
    from warledger.claims.check import check_text
    from warledger.ledger.store import open_ledger

    passages = [p.read_text(encoding="utf-8") for p in sorted(
        (REPO / "tests" / "claims" / "articles").glob("a*.txt"))]
    size = int(megabytes * 1_000_000)
    text = ""
    while len(text) < size:
        text += " ".join(passages).replace(". ", " ").replace(".\n", "\n")
    text = text[:size]
    ledger = open_ledger(":memory:")
    check_text(text[:2000], ledger, date="2025-04-30")  # warm the ledger and estimator
    for part in (4, 2, 1):
        piece = text[: size // part]
        start = time.perf_counter()
        report = check_text(piece, ledger, date="2025-04-30")
        took = time.perf_counter() - start
        print(f"check_text, {len(piece) / 1e6:.2f} MB without full stops: {took:6.2f} s, "
              f"{len(report.verdicts)} claims")
    ledger.close()
    start = time.perf_counter()
    n = len(_quantulum_values(qparser, text[:50_000]))
    took = time.perf_counter() - start
    print(f"quantulum3, first 0.05 MB of it: {took:6.2f} s, {n} quantities")


if __name__ == "__main__":
    sys.exit(main())
