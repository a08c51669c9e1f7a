"""Claims found in a text -> the text cut into plain runs and highlighted claim spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: verdict families shown on the page (the checker's verdicts, docs/claims.md): symbol and
#: label travel with the colour, so the legend never relies on colour alone.
FAMILIES: dict[str, tuple[str, str]] = {
    "consistent": ("\u2713", "consistent with the ledger"),
    "disputed": ("~", "disputed: sits with some sources, not the estimate"),
    "contradicted": ("\u2717", "contradicted by the ledger"),
    "unsupported": ("?", "no evidence in the ledger"),
}
_KEYWORDS = (
    ("contradict", "contradicted"), ("false", "contradicted"), ("refut", "contradicted"),
    ("disput", "disputed"), ("partial", "disputed"), ("partly", "disputed"),
    ("mislead", "disputed"),
    ("unsupported", "unsupported"), ("unverif", "unsupported"), ("no_evidence", "unsupported"),
    ("consistent", "consistent"), ("support", "consistent"), ("confirm", "consistent"),
)


def family(verdict: str | None) -> str:
    """Map whatever verdict slug the checker gives to one of :data:`FAMILIES`."""
    text = (verdict or "").lower().replace("-", "_").replace(" ", "_")
    for needle, name in _KEYWORDS:
        if needle in text:
            return name
    return "unsupported"


@dataclass(frozen=True)
class Segment:
    text: str
    claim: int | None = None  # 1-based claim number when this run is a claim
    family: str = ""


def segments(text: str, claims: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at claim spans; a span overlapping an earlier one is listed, not marked."""
    spans = []
    for number, claim in enumerate(claims, start=1):
        start, end = claim.get("start"), claim.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, number, family(claim.get("verdict"))))
    out: list[Segment] = []
    pos = 0
    for start, end, number, fam in sorted(spans):
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], number, fam))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def paragraphs(parts: list[Segment]) -> list[list[Segment]]:
    """Split segments at blank lines so the article keeps its paragraphs."""
    result: list[list[Segment]] = [[]]
    for seg in parts:
        if seg.claim is not None:
            result[-1].append(seg)
            continue
        pieces = seg.text.split("\n\n")
        for i, piece in enumerate(pieces):
            if i:
                result.append([])
            if piece.strip("\n"):
                result[-1].append(Segment(piece.strip("\n") if len(pieces) > 1 else piece))
    return [p for p in result if p]
