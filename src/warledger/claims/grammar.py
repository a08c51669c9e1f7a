"""Sentence-level grammar: sentence splitting, actor mentions with roles, head-noun scanning."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warledger.claims import lexicon as lx

_ABBREV = re.compile(r"(?:\b(?:U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs"
                     r"|Ms|Dr|Gen|Lt|Col|Sen|Rep|St|No|vs|approx|e\.g|i\.e)|\b[A-Z])\.$")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)]*\s+|\n\s*\n|\n(?=\s*[A-Z\"“])")
TOKEN_RE = re.compile(r"[A-Za-z0-9$€£]+(?:[-'’.][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``; abbreviations do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start: m.start() + 1]
        if "\n" not in m.group(0) and _ABBREV.search(piece):
            continue
        nxt = text[m.end(): m.end() + 1]
        if "\n" not in m.group(0) and nxt and not (nxt.isupper() or nxt in "\"“'‘(" or
                                                   nxt.isdigit()):
            continue
        _add_span(text, start, m.start() + len(m.group(0).rstrip()), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


#: a "sentence" longer than this (text without full stops) is cut at a clause or word
#: boundary, so that the work per sentence stays bounded and time stays linear in the input
MAX_SENTENCE_CHARS = 1000
_CUT = re.compile(r"[;,:]\s|\s")


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        _add_span(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _cut_point(text: str, start: int, limit: int) -> int:
    """The last clause break (else word break) in the second half of [start, limit)."""
    half = start + (limit - start) // 2
    best = None
    for m in _CUT.finditer(text, half, limit):
        if m.group(0)[0] in ";,:":
            best = m.end()
        elif best is None or text[best - 2] not in ";,:":
            best = m.end()
    return best if best is not None else limit


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    role: str | None  # recipient | against | provider | reporter | None

    @property
    def belligerent(self) -> bool:
        return self.code in lx.BELLIGERENTS


def actor_mentions(sentence: str) -> list[Mention]:
    """Every actor alias in a sentence with the role its surroundings give it."""
    mentions = []
    for m in lx.ACTOR_RE.finditer(sentence):
        assert m.lastgroup is not None
        code = lx.ACTOR_CODES[int(m.lastgroup[1:])]
        before = sentence[max(0, m.start() - 28): m.start()]
        after = sentence[m.end(): m.end() + 60]
        mentions.append(Mention(m.start(), m.end(), code, _role(code, before, after)))
    return mentions


COMPARED_BEFORE = re.compile(
    r"\b(?:equal to|equals|compared (?:with|to)|ahead of|behind|than|versus|vs\.?|similar to"
    r"|outpaced|overtaken|overtook|surpassed|exceeds|exceeded)\s+(?:that of\s+)?(?:the\s+)?$",
    re.IGNORECASE)
DESCRIPTOR_BEFORE = re.compile(r"\b(?:largest|biggest|second-largest|top|leading|main|only)\s+$",
                               re.IGNORECASE)


def _role(code: str, before: str, after: str) -> str | None:
    if COMPARED_BEFORE.search(before):
        return "compared"
    if DESCRIPTOR_BEFORE.search(before):
        return "descriptor"
    if lx.AGAINST_BEFORE.search(before):
        return "against"
    if lx.RECIPIENT_BEFORE.search(before):
        return "recipient"
    if code in lx.BELLIGERENTS and lx.SUPPLY_VERB_BEFORE.search(before):
        return "recipient"
    if code in lx.BELLIGERENTS and lx.RECEIVER_AFTER.match(after):
        return "recipient"
    if lx.REPORTER_AFTER.match(after) and not re.match(r"^\s+(?:military )?personnel", after):
        return "reporter"
    if lx.PROVIDER_BEFORE.search(before):
        return "provider"
    return None


@dataclass(frozen=True)
class Head:
    category: str
    start: int
    end: int


def category_at(lowered: str, pos: int) -> Head | None:
    for regex, category in lx.CATEGORY_RES:
        m = regex.match(lowered, pos)
        if m:
            return Head(category, pos, m.end())
    return None


def scan_head(sentence: str, lowered: str, pos: int, mentions: list[Mention],
              max_tokens: int = 9, negation: bool = False) -> Head | None:
    """The category head noun a figure at ``pos`` counts, skipping modifiers and model names."""
    steps = 0
    starts = {m.start: m for m in mentions}
    while steps < max_tokens:
        m = TOKEN_RE.search(sentence, pos)
        if m is None:
            return None
        head = category_at(lowered, m.start())
        if head is not None:
            return head
        mention = starts.get(m.start())
        if mention is not None:
            pos = mention.end
        elif _skippable(m.group(0), m.start() == 0, negation):
            pos = m.end()
        else:
            return None
        steps += 1
    return None


def _skippable(token: str, sentence_start: bool, negation: bool) -> bool:
    low = token.lower()
    if low in lx.MODIFIERS or token in "()\"“”'‘’-":
        return True
    if low.isalpha() and low.islower() and low not in FUNCTION_WORDS and not low.endswith("ly"):
        return True  # an unknown modifier ('infantry', 'one-way attack'): tolerated
    if any(ch.isdigit() for ch in token):
        return True  # model designators: F-16, KN-23, 152-millimeter, M1
    if negation and low in {"any", "with", "a", "single", "of", "to"}:
        return True
    return token[:1].isupper() and not sentence_start and low not in {"the", "and", "in", "as"}


#: Russia's own use: the verb right before the figure ('has already used more than 400')
RUSSIA_USED = re.compile(r"\b(?:used|uses|launched|launches|fired|fires|expended)\s+"
                         r"(?:[a-z]+ly\s+)?$", re.I)
REPORTER_SPAN = re.compile(rf"[\w.’' -]{{0,40}}?(?i:{lx.REPORTER_NOUNS})\b"
                           r"(?:\s+[A-Z][\w-]+){0,3}")
#: words that end a noun phrase: an unknown word is a modifier unless it is one of these
FUNCTION_WORDS = frozenset("""
to in on at for from by with into than as was were is are be been being have has had will would
could should may might can do does did not no or but that which who whom whose where when while
if then so because after before since during per each every a an this there here it they them
he she we you its said says say according including include includes remain remained stayed
""".split())
CASUALTY_AFTER = re.compile(
    r"^[\w\s']{0,60}?\b(killed or wounded|killed and wounded|killed|wounded|injured|died"
    r"|dead|deaths|casualties|losses)\b", re.I)
CASUALTY_BEFORE = re.compile(
    r"\b(killed or wounded|killed and wounded|killed|wounded|injured|lost)\s+(?:\w+\s+){0,1}"
    r"[\"“]?$", re.I)
PRISONER_AFTER = re.compile(r"^[\w\s]{0,30}?\b(?:were|was|have been|had been|are)\s+"
                            r"(?:captured|taken prisoner|held as prisoners)|^\s*(?:prisoners|pows)",
                            re.I)
CASUALTY_DIRECT = re.compile(
    r"\s+(?:(?:were|was|have been|had been|are|have)\s+)(?:(?:known|believed|reported|said|"
    r"thought|estimated)\s+to\s+have\s+(?:been\s+)?)?(?:\w+ly\s+)?(killed|wounded|injured"
    r"|dead|died)\b", re.I)
OF_THEM = re.compile(r"\s+of\s+(?:them|these|those)\b", re.I)
ARRIVED = re.compile(r"\s+(?:had|have|has)?\s*(?:already\s+|now\s+|reportedly\s+|since\s+)?"
                     r"(?:arrived|been deployed|been sent|crossed|landed|reached)\b", re.I)
CATEGORY_NAMED = re.compile(r"\b(?:" + "|".join(pat for pat, _ in lx.CATEGORY_WORDS) + r")\b")
#: 'the difference ... has grown to 23 billion euros': a gap between two figures, no claim
DIFFERENCE_BEFORE = re.compile(
    r"\b(?:difference|gap|shortfall)\b[^.;]{0,120}?\b(?:grown to|grew to|widened to|narrowed to"
    r"|is|was|of|stands at|stood at|reached|amounts? to)\s+$", re.I)
#: a sum without a currency sign, followed by what it buys: aid, support, assistance
BARE_SUM_AFTER = re.compile(r"\s+(?:in\s+)?(?:[a-z]+,?\s+(?:and\s+)?){0,4}?(?:aid|support"
                            r"|assistance|funding)\b", re.I)
RATE_BEFORE = re.compile(r"\b(?:daily|weekly|monthly)\s+(?:[a-z]+\s+){0,2}(?:amount(?:s|ed)?\s+to"
                         r"|of|at|reach(?:ed|es)?|were|was|stood\s+at|numbered|average[sd]?)\s+$",
                         re.I)
FORECAST = re.compile(
    r"\b(?:might|may|could)\s+(?:soon\s+|also\s+|still\s+|later\s+)?(?:send|deploy|dispatch"
    r"|supply|deliver|provide|add|reach|rise|grow|double|receive|join|commit|pledge)\b"
    r"|\b(?:is|are|was|were)\s+(?:expected|likely|projected|set|poised)\s+to\b"
    r"|\b(?:plans?|planning|intends?|threatened|threatens)\s+to\b|\bwill\s+(?:soon\s+)?(?:send"
    r"|deploy|reach|grow|rise|double|add)\b|\bcould\s+(?:again\s+)?reach\b", re.I)
CONDITIONAL = re.compile(r"\b(?:if|unless|were .{1,30} to|should .{1,30} decide)\b", re.I)
SKIP_RATE_AFTER = re.compile(r"^\s*(?:each|apiece|per\b|every\s+(?:day|week|month)|a\s+(?:day"
                             r"|week|month)\b)", re.I)
DIFFERENCE_AFTER = re.compile(r"^\s*\)?\s*(?:\([^)]{0,40}\)\s*)?(?:(?:more|less|fewer|higher|lower)"
                              r"\s+than\b|(?:less|fewer|lower)\b)", re.I)
NOT_SUPPORT_BEFORE = re.compile(r"\b(?:shoot|shot|shooting)\s+down\s+(?:\w+\s+){0,3}$"
                                r"|\b(?:downed|intercepted|destroyed|need|needs|needed|asking"
                                r"|asked for|requested)\s+(?:\w+\s+){0,2}$", re.I)
BACK_TRIGGER = re.compile(r"\b(?:estimated at|put at|stood at|numbered|reached|totaled|totalled"
                          r"|totaling|totalling|number(?:ing)? of|was|were|is|are)\s+(?:about\s+"
                          r"|nearly\s+|approaching\s+|around\s+|some\s+|over\s+|more than\s+)?$",
                          re.I)
COPULA = re.compile(r"\b(?:was|were|is|are)\s+\w*\s*\w*\s*$", re.I)
ELLIPSIS_VERB = re.compile(r"\b(?:contribute|give|send|deliver|provide|supply|donate|pledge|add"
                           r"|offer)\s+$", re.I)
PART_CUE = re.compile(r"\b(?:including|of which|of them|among them|among whom)\b", re.I)
NEGATION_RES = [
    re.compile(r"\b(?:has|have|had|did|does|do)\s*(?:not|n't|never)\s+(?:yet\s+|even\s+)?"
               r"(?:sent|send|supplied|supply|provided|provide|delivered|deliver|offered|offer"
               r"|given|give|deployed|deploy)\b\s*(?:any\s+)?", re.I),
    re.compile(r"\b(?:hasn't|haven't|hadn't|didn't|doesn't|don't|never)\s+(?:sent|send|supplied"
               r"|supply|provided|provide|delivered|deliver|offered|offer|given|give|deployed"
               r"|deploy)\b\s*(?:any\s+)?", re.I),
    re.compile(r"\bzero\s+", re.I),
    re.compile(r"\b(?:no|not a single|not one)\s+", re.I),
]
ZERO_SUPPORT = re.compile(r"(?:(military|financial|humanitarian)\s+)?(?:support|aid|help"
                          r"|assistance)\b", re.I)
