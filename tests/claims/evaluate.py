"""Evaluate the claim extractor against the hand-labelled set in ``eval_set.jsonl``.

A predicted claim *matches* a gold claim when provider, recipient and category are equal and
both quantity bounds agree within 0.5 % (and ``negated`` agrees). Overall precision/recall/F1
count matched claims. Per-field scores align each gold claim with its best prediction in the
same sentence (same category first, then most agreeing fields) and count a field as right when
the aligned values agree; precision divides by predicted claims, recall by gold claims.

The real-article set (``articles/labels.jsonl``, see articles/README.md) is scored on whole
articles: extraction recall and precision with the same claim match, verdict accuracy over
the matched claims (a verdict is right when it is one the label accepts) and harmful errors
(a ``false`` figure judged ``consistent``; a ``correct`` figure judged ``disputed`` or
``contradicted``).

Usage: ``python tests/claims/evaluate.py [--verbose] [--articles]``
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIELDS = ("provider", "recipient", "category", "quantity", "qualifier", "unit", "basis",
          "period_start", "period_end", "negated", "span")

Extractor = Callable[[str, str | None], list[dict[str, Any]]]


def load_eval_set(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or HERE / "eval_set.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def close(a: float, b: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))


def field_equal(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if name == "quantity":
        return close(gold["quantity_low"], pred["quantity_low"]) and close(
            gold["quantity_high"], pred["quantity_high"])
    if name == "span":
        return gold["start"] < pred["end"] and pred["start"] < gold["end"]
    return gold.get(name) == pred.get(name)


def claim_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return all(field_equal(f, gold, pred)
               for f in ("provider", "recipient", "category", "quantity", "negated"))


def extract_for_entry(extract: Extractor, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Run the extractor on the sentence, with its context sentence before it when given."""
    context = entry.get("context")
    if not context:
        return extract(entry["text"], entry.get("date"))
    offset = len(context) + 1
    out = []
    for claim in extract(context + " " + entry["text"], entry.get("date")):
        if claim["start"] >= offset:
            claim = dict(claim, start=claim["start"] - offset, end=claim["end"] - offset)
            out.append(claim)
    return out


@dataclass
class Scores:
    n_gold: int = 0
    n_pred: int = 0
    matched: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
        p = hits / n_pred if n_pred else 1.0
        r = hits / n_gold if n_gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def overall(self) -> tuple[float, float, float]:
        return self.prf(self.matched, self.n_pred, self.n_gold)

    def per_field(self) -> dict[str, tuple[float, float, float]]:
        return {f: self.prf(h, self.n_pred, self.n_gold) for f, h in self.field_hits.items()}


def _align(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        best, best_score = None, -1
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            score = sum(field_equal(f, g, p) for f in FIELDS)
            score += 5 * claim_match(g, p) + 3 * field_equal("span", g, p)
            if score > best_score:
                best, best_score = pi, score
        if best is not None and best_score >= 4:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def evaluate(extract: Extractor, entries: list[dict[str, Any]] | None = None) -> Scores:
    scores = Scores()
    for entry in entries if entries is not None else load_eval_set():
        gold, pred = entry["claims"], extract_for_entry(extract, entry)
        scores.n_gold += len(gold)
        scores.n_pred += len(pred)
        matched_pred: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred)
                        if i not in matched_pred and claim_match(g, p)), None)
            if hit is None:
                scores.errors.append(f"{entry['id']} MISSED {_brief(g)} :: {entry['text']}")
            else:
                matched_pred.add(hit)
                scores.matched += 1
        for i, p in enumerate(pred):
            if i not in matched_pred:
                scores.errors.append(f"{entry['id']} SPURIOUS {_brief(p)} :: {entry['text']}")
        for gi, pi in _align(gold, pred):
            for f in FIELDS:
                scores.field_hits[f] += field_equal(f, gold[gi], pred[pi])
    return scores


def _brief(c: dict[str, Any]) -> str:
    return (f"{c['provider']}->{c['recipient']} {c['category']} {c['quantity_low']:g}-"
            f"{c['quantity_high']:g} {c['qualifier']} basis={c.get('basis')} "
            f"neg={c.get('negated')} [{c.get('text')}]")


def default_extractor(text: str, date: str | None) -> list[dict[str, Any]]:
    from warledger.claims import extract_claims

    return [c.to_dict() for c in extract_claims(text, date=date)]


def report(scores: Scores) -> str:
    lines = [f"{'field':<14}{'precision':>10}{'recall':>10}{'F1':>10}"]
    for name, (p, r, f) in scores.per_field().items():
        lines.append(f"{name:<14}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    p, r, f = scores.overall()
    lines.append(f"{'CLAIM (overall)':<14}{p:>9.3f}{r:>10.3f}{f:>10.3f}")
    lines.append(f"gold claims: {scores.n_gold}, predicted: {scores.n_pred}, "
                 f"matched: {scores.matched}")
    return "\n".join(lines)


ARTICLES = HERE / "articles"
HARMFUL = {"false": frozenset({"consistent"}),
           "correct": frozenset({"disputed", "contradicted"})}

Checker = Callable[[dict[str, Any], str], list[dict[str, Any]]]


def load_articles() -> list[dict[str, Any]]:
    with (ARTICLES / "labels.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def article_text(entry: dict[str, Any]) -> str:
    return (ARTICLES / entry["file"]).read_text(encoding="utf-8")


def is_harmful(gold: dict[str, Any], verdict: str) -> bool:
    return verdict in HARMFUL.get(gold.get("figure", ""), frozenset())


@dataclass
class ArticleScores:
    n_gold: int = 0
    n_pred: int = 0
    matched: int = 0
    verdict_right: int = 0
    harmful: int = 0
    errors: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 1.0

    def precision(self) -> float:
        return self.matched / self.n_pred if self.n_pred else 1.0

    def verdict_accuracy(self) -> float:
        return self.verdict_right / self.matched if self.matched else 0.0


def evaluate_articles(check: Checker, entries: list[dict[str, Any]] | None = None
                      ) -> ArticleScores:
    """Score a checker (article entry, text -> verdict dicts) on the real-article set."""
    scores = ArticleScores()
    for entry in entries if entries is not None else load_articles():
        gold, pred = entry["claims"], check(entry, article_text(entry))
        scores.n_gold += len(gold)
        scores.n_pred += len(pred)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred)
                        if i not in used and claim_match(dict(g, negated=False), p)), None)
            if hit is None:
                scores.errors.append(f"{entry['id']} MISSED {_brief(g)}")
                continue
            used.add(hit)
            scores.matched += 1
            verdict = pred[hit]["verdict"]
            if verdict in g["accept"]:
                scores.verdict_right += 1
            else:
                scores.errors.append(f"{entry['id']} VERDICT {verdict} (want {g['accept']}) "
                                     f"{_brief(g)} :: {pred[hit].get('reason', '')}")
            if is_harmful(g, verdict):
                scores.harmful += 1
                scores.errors.append(f"{entry['id']} HARMFUL {verdict} for a {g['figure']} "
                                     f"figure {_brief(g)}")
        for i, p in enumerate(pred):
            if i not in used:
                scores.errors.append(f"{entry['id']} SPURIOUS {_brief(p)}")
    return scores


#: the bundled dataset as it was when the articles were labelled (commit 98f22fb): the labels
#: are verdicts against that ledger, so the set is scored against it; later additions to
#: data/ can change what a careful fact-checker would say
PINNED_LEDGER = ARTICLES / "ledger"


def labelled_ledger() -> Any:
    from warledger.ledger.store import open_ledger

    ledger = open_ledger(":memory:", bundled=False)
    ledger.import_paths([PINNED_LEDGER / "sources.csv", PINNED_LEDGER / "observations.csv"])
    return ledger


def make_checker(ledger: Any) -> Checker:
    from warledger.claims.check import check_text

    def check(entry: dict[str, Any], text: str) -> list[dict[str, Any]]:
        report = check_text(text, ledger, date=entry["date"], source_url=entry["url"])
        return [v.to_dict() for v in report.verdicts]

    return check


def default_checker(entry: dict[str, Any], text: str) -> list[dict[str, Any]]:
    ledger = labelled_ledger()
    try:
        return make_checker(ledger)(entry, text)
    finally:
        ledger.close()


def article_report(scores: ArticleScores) -> str:
    return (f"articles: gold claims {scores.n_gold}, predicted {scores.n_pred}, matched "
            f"{scores.matched}\n"
            f"extraction recall {scores.recall():.3f}  precision {scores.precision():.3f}\n"
            f"verdict accuracy {scores.verdict_accuracy():.3f} "
            f"({scores.verdict_right}/{scores.matched} matched claims)\n"
            f"harmful errors {scores.harmful}")


def main(argv: list[str]) -> int:
    scores = evaluate(default_extractor)
    if "--verbose" in argv:
        print("\n".join(scores.errors))
    print(report(scores))
    ledger = labelled_ledger()
    articles = evaluate_articles(make_checker(ledger))
    ledger.close()
    if "--verbose" in argv or "--articles" in argv:
        print("\n".join(articles.errors))
    print("against the ledger the articles were labelled with (tests/claims/articles/ledger):")
    print(article_report(articles))
    from warledger.ledger.store import open_ledger

    current = open_ledger(":memory:")
    now = evaluate_articles(make_checker(current))
    current.close()
    print("against today's bundled dataset (information; later data can change verdicts):")
    print(article_report(now))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
