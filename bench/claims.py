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

Usage: python bench/claims.py [--sentences 10000] [--megabytes 1]
"""

from __future__ import annotations

import argparse
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
    args = ap.parse_args()
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
