"""Claim extraction: figures of military support in English text, with actors and periods.

A claim is a figure (or a negation) attached to a category head noun, with a provider (who
sends) and a recipient (which side receives). The grammar is deliberately small and
deterministic; see docs/claims.md for the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from warledger.claims import fields as f
from warledger.claims import grammar as g
from warledger.claims import lexicon as lx
from warledger.claims.model import Claim
from warledger.claims.numbers import Quantity, find_quantities
from warledger.claims.timeexpr import find_period
from warledger.vocabulary import default_unit

PERSON_CATEGORIES = f.PERSON_CATEGORIES
#: a provider named in one of the last CTX_SENTENCES sentences stands for 'it', 'they', 'such'
CTX_SENTENCES = 3


@dataclass
class _Ctx:
    """What earlier sentences tell a later one: the last provider, for pronouns and ellipsis."""

    provider: str | None = None
    money_category: str | None = None
    #: the last currency named: '138 billion in aid' after 'EUR 23 billion' is in euros
    currency: str | None = None
    #: the last thing counted or named ('troops' after "North Korea sent troops to Russia")
    category: str | None = None
    age: int = 99


def extract_claims(text: str, date: str | None = None) -> list[Claim]:
    """Every claim of military support in ``text`` (``date``: the article date, ISO)."""
    claims: list[Claim] = []
    ctx = _Ctx()
    for index, (start, end) in enumerate(g.split_sentences(text)):
        sentence = text[start:end]
        mentions = g.actor_mentions(sentence)
        found = extract_sentence(sentence, date, ctx, mentions)
        for claim in found:
            claim.start += start
            claim.end += start
            claim.sentence = index
            if claim.part_of is not None:
                claim.part_of += len(claims)
        if len(sentence.split()) >= 4 or found:
            _remember(ctx, mentions, found, sentence)
        claims.extend(found)
    return claims


def _remember(ctx: _Ctx, mentions: list[g.Mention], found: list[Claim],
              sentence: str = "") -> None:
    ctx.age += 1
    if found:
        ctx.category = found[-1].category
    elif sentence and (named := g.CATEGORY_NAMED.search(sentence.lower())):
        ctx.category = named.group(0)
    if found:
        ctx.provider, ctx.age = found[-1].provider, 0
        money = [c.category for c in found if c.unit in ("EUR", "USD", "GBP")]
        ctx.money_category = money[-1] if money else None
        return
    ctx.money_category = None
    plain = [m for m in mentions
             if not m.belligerent and m.role not in ("reporter", "recipient", "against")]
    if plain:
        ctx.provider, ctx.age = plain[-1].code, 0


def extract_sentence(sentence: str, date: str | None = None, ctx: _Ctx | None = None,
                     mentions: list[g.Mention] | None = None) -> list[Claim]:
    """The claims of one sentence, offsets relative to it."""
    ctx = ctx or _Ctx()
    lowered = sentence.lower()
    if mentions is None:
        mentions = g.actor_mentions(sentence)
    claims: list[Claim] = []
    for q in find_quantities(sentence):
        if q.currency is None and ctx.currency and g.BARE_SUM_AFTER.match(sentence, q.end) and (
                q.high >= 1e6 and re.search(r"(?i)million|billion|bn|mn", sentence[q.start:q.end])):
            q = replace(q, currency=ctx.currency)  # '138 billion in aid' after 'EUR 23 billion'
        if q.currency:
            ctx.currency = q.currency
        claim = _claim_for(sentence, lowered, q, mentions, claims, ctx)
        if claim is not None:
            claims.append(claim)
    claims.extend(_negations(sentence, lowered, mentions, claims, ctx))
    _respectively(sentence, mentions, claims)
    if not claims:
        return claims
    period = find_period(sentence, date)
    modality = f.modality(sentence)
    for claim in claims:
        claim.period_start, claim.period_end = period.start, period.end
        claim.modality = modality if not claim.negated else None
        claim.attributed_to = f.attribution(sentence, mentions)
    return claims






def _claim_for(sentence: str, lowered: str, q: Quantity, mentions: list[g.Mention],
               earlier: list[Claim], ctx: _Ctx) -> Claim | None:
    after = sentence[q.end:]
    if g.DIFFERENCE_AFTER.match(after) or g.SKIP_RATE_AFTER.match(after):
        return None
    before = sentence[max(0, q.start - 40): q.start]
    if g.NOT_SUPPORT_BEFORE.search(before) or g.RATE_BEFORE.search(before) or (
            g.DIFFERENCE_BEFORE.search(sentence[max(0, q.start - 150): q.start])):
        return None
    if q.currency:
        return _money_claim(sentence, q, mentions, earlier, ctx)
    head = g.scan_head(sentence, lowered, q.end, mentions)
    span_start, span_end = q.start, head.end if head else q.end
    back = False
    if head is None:
        head = _head_before(sentence, lowered, q, mentions)
        if head is not None:
            span_start, span_end, back = head.start, q.end, True
    if head is None and not q.word_one and (m := g.CASUALTY_DIRECT.match(sentence, q.end)):
        head = g.Head("casualties", m.start(1), m.end(1))
    if head is None and not q.word_one:
        head = _anaphor(sentence, q, ctx)
    if head is None and earlier and not q.word_one:
        head = _ellipsis(sentence, q, earlier)
        if head is not None:
            span_start = head.start
    if head is None or (q.word_one and head.category in PERSON_CATEGORIES):
        return None
    used = _russia_used(sentence, q, head, mentions, earlier)
    if used is not None:
        return used
    if g.SKIP_RATE_AFTER.match(sentence[head.end:]) or g.PRISONER_AFTER.match(
            sentence[head.end:]):
        return None
    inside = [m for m in mentions if m.start >= min(q.start, head.start) and m.end <= head.end]
    if inside and all(m.belligerent for m in inside) or (
            any(m.belligerent for m in inside) and any(not m.belligerent for m in inside)):
        return _belligerent_use(sentence, q, head, inside, span_start, span_end, mentions,
                                earlier)
    provider = _provider(sentence, q, head, mentions, ctx)
    category, measure = f.resolve_category(sentence, head, provider, before)
    if provider is None or category is None:
        return None
    window = sentence[max(0, head.start - 60): head.start]
    if back and category == "troops" and re.search(
            r"\b(?:killed|wounded|injured|dead|casualties|losses)\b", window, re.I):
        category = "casualties"  # 'the number of wounded, killed ... soldiers was 4,000'
    if back and category == "casualties":
        measure = f.measure_in(window)
    claim = _make(sentence, span_start, span_end, q, provider, category, mentions, earlier,
                  head.end)
    claim.measure = measure
    return claim




def _belligerent_use(sentence: str, q: Quantity, head: g.Head, inside: list[g.Mention],
                     start: int, end: int, mentions: list[g.Mention],
                     earlier: list[Claim]) -> Claim | None:
    """'Russia launched 8,060 Shahed drones': Russia's own use of drones or missiles is the
    ledger's RUS->UKR series; other figures of a belligerent's own forces ('tens of thousands
    of Russian troops') or of mixed groups ('Russian and North Korean troops') are no claim."""
    return None


def _russia_used(sentence: str, q: Quantity, head: g.Head, mentions: list[g.Mention],
                 earlier: list[Claim]) -> Claim | None:
    """'Russia has already used more than 400 Shahed-136 drones in Ukraine' (no origin named in
    the noun phrase, no 'such'/'these'): Russia's use, the ledger's RUS->UKR series."""
    if head.category not in ("drones", "missiles", "ballistic_missiles", "cruise_missiles"):
        return None
    users = [m for m in mentions if m.code == "RUS" and m.end <= q.start and m.role == "recipient"
             and g.RUSSIA_USED.search(sentence[m.end:q.start])]
    if not users or re.search(r"\b(?:such|these|those|them)\b", sentence[q.start:head.end], re.I):
        return None
    category = "ballistic_missiles" if head.category == "missiles" else head.category
    claim = _make(sentence, q.start, head.end, q, "RUS", category, mentions, earlier, head.end)
    claim.recipient, claim.basis = "UKR", "used"
    return claim


def _make(sentence: str, start: int, end: int, q: Quantity, provider: str, category: str,
          mentions: list[g.Mention], earlier: list[Claim], head_end: int,
          unit: str | None = None) -> Claim:
    claim = Claim(
        text=sentence[start:end], start=start, end=end, provider=provider,
        recipient=f.recipient(provider, q.start, mentions), category=category,
        quantity_low=q.low, quantity_high=q.high, qualifier=q.qualifier,
        unit=unit or default_unit(category),
        basis=f.basis(sentence, q.start, head_end, category),
    )
    if earlier and g.PART_CUE.search(sentence[earlier[-1].end: start]):
        claim.part_of = len(earlier) - 1
    return claim


def _anaphor(sentence: str, q: Quantity, ctx: _Ctx) -> g.Head | None:
    """'11,000 of them', '1,000 had already arrived': the thing counted is the one the text
    was just talking about."""
    category = _category_code(ctx.category)
    if category is None or ctx.age > CTX_SENTENCES:
        return None
    if m := g.OF_THEM.match(sentence, q.end):
        return g.Head(category, q.start, m.end())
    if category in PERSON_CATEGORIES and (m := g.ARRIVED.match(sentence, q.end)):
        return g.Head(category, q.start, q.end)
    return None


def _category_code(word: str | None) -> str | None:
    """A remembered category code, or the code of a remembered category word."""
    if word is None:
        return None
    if word in lx.CATEGORY_CODES:
        return word
    head = g.category_at(word, 0)
    if head is None or head.category in ("people", "missiles"):
        return "troops" if head is not None and head.category == "people" else None
    return head.category


def _head_before(sentence: str, lowered: str, q: Quantity,
                 mentions: list[g.Mention]) -> g.Head | None:
    """'The number of North Korean troops ... is estimated at 14,000'."""
    if not g.BACK_TRIGGER.search(sentence[max(0, q.start - 30): q.start]):
        return None
    window_start = max(0, q.start - 90)
    best = None
    for m in g.TOKEN_RE.finditer(sentence, window_start, q.start):
        head = g.category_at(lowered, m.start())
        if head is not None and head.category != "people":
            best = head
    if best is None:
        return None
    demonym = [m for m in mentions if m.end <= best.start and best.start - m.end <= 2]
    return g.Head(best.category, demonym[-1].start if demonym else best.start, best.end)


def _ellipsis(sentence: str, q: Quantity, earlier: list[Claim]) -> g.Head | None:
    """'Germany said it would contribute 14' after '31 Abrams tanks'."""
    m = g.ELLIPSIS_VERB.search(sentence[max(0, q.start - 20): q.start])
    if m is None:
        return None
    start = max(0, q.start - 20) + m.start()
    return g.Head(earlier[-1].category, start, q.end)






def _provider(sentence: str, q: Quantity, head: g.Head, mentions: list[g.Mention],
              ctx: _Ctx) -> str | None:
    givers = [m for m in mentions if not m.belligerent]
    np_end = head.end
    tail = re.match(r"\s+(?:from|of)\s+(?:the\s+)?", sentence[head.end:])
    if tail:
        np_end = head.end + tail.end() + 1
    lo = min(q.start, head.start)
    inside = [m for m in givers if m.start >= lo and m.start < np_end]
    if inside:
        return inside[0].code
    prep = [m for m in givers if m.role == "provider" and m.start >= q.start
            and m.start - head.end <= 60 and not re.search(r"\d", sentence[head.end:m.start])]
    if prep:
        return prep[0].code
    usable = [m for m in givers if m.role not in ("recipient", "against", "reporter",
                                                   "descriptor")]
    usable = [m for m in usable if m.role != "compared" or f.owns_next(sentence, m, q)]
    before = [m for m in usable if m.end <= q.start]
    if before:
        return before[-1].code
    following = [m for m in usable if m.start >= head.end]
    if following:
        return following[0].code
    if ctx.provider and ctx.age <= CTX_SENTENCES:
        return ctx.provider
    reporters = [m for m in givers if m.role == "reporter" and m.code not in ("KOR",)]
    return reporters[-1].code if reporters else None












def _money_claim(sentence: str, q: Quantity, mentions: list[g.Mention], earlier: list[Claim],
                 ctx: _Ctx) -> Claim | None:
    category = f.money_category(sentence, q, earlier,
                                ctx.money_category if ctx.age <= CTX_SENTENCES else None)
    head = g.Head(category, q.start, q.end)
    provider = _provider(sentence, q, head, mentions, ctx)
    if provider is None:
        return None
    claim = _make(sentence, q.start, q.end, q, provider, category, mentions, earlier, q.end,
                  unit=q.currency if q.currency in ("EUR", "USD", "GBP") else "EUR")
    if re.search(r"\b(?:package|tranche)\b", sentence[max(0, q.start - 60): q.end + 40], re.I):
        claim.notes.append("package")
    return claim


def _negations(sentence: str, lowered: str, mentions: list[g.Mention], earlier: list[Claim],
               ctx: _Ctx) -> list[Claim]:
    out: list[Claim] = []
    for regex in g.NEGATION_RES:
        for m in regex.finditer(sentence):
            if any(c.start <= m.start() < c.end for c in earlier + out):
                continue
            claim = _negation_at(sentence, lowered, m, mentions, earlier + out, ctx)
            if claim is not None:
                out.append(claim)
    return out


def _negation_at(sentence: str, lowered: str, m: re.Match[str], mentions: list[g.Mention],
                 earlier: list[Claim], ctx: _Ctx) -> Claim | None:
    zero = Quantity(m.start(), m.end(), 0, 0, "exact")
    support = g.ZERO_SUPPORT.match(sentence, m.end()) if "zero" in m.group(0).lower() else None
    if support:
        kind = (support.group(1) or "total").lower()
        category = {"military": "military_aid_value", "financial": "financial_aid_value",
                    "humanitarian": "humanitarian_aid_value"}.get(kind, "total_aid_value")
        head = g.Head(category, support.start(), support.end())
    else:
        head = g.scan_head(sentence, lowered, m.end(), mentions, max_tokens=6, negation=True)
    if head is None:
        return None
    provider = _provider(sentence, zero, head, mentions, ctx)
    category, _ = f.resolve_category(sentence, head, provider or "")
    if provider is None or category is None:
        return None
    claim = _make(sentence, m.start(), head.end, zero, provider, category, mentions, earlier,
                  head.end)
    claim.negated = True
    return claim


def _respectively(sentence: str, mentions: list[g.Mention], claims: list[Claim]) -> None:
    """'Denmark, Germany and Norway delivered EUR 1.2 billion, EUR 1 billion ..., respectively'."""
    if "respectively" not in sentence.lower() or len(claims) < 2:
        return
    first = min(c.start for c in claims)
    actors = [m.code for m in mentions if m.end <= first and not m.belligerent]
    if len(actors) == len(claims):
        for claim, code in zip(sorted(claims, key=lambda c: c.start), actors, strict=True):
            claim.provider = code
