"""An elliptic follow-up of an open question, restated whole.

"Un projet axe 2, ça peut durer combien de temps ?" then "et pour l'axe 3 ?" asks the same thing of axis 3; "C'est
combien le plafond par projet ?" then "et en consortium sur 2 intercos ?" asks the cap of such a project. The earlier
question is taken again with the follow-up's facts put in place of the facts of the same kind it held (an axis, an
amount, a share, a duration, a count of people, a date, a kind of structure, a commune), and what else the follow-up
says added as its condition. The restated question is then answered as any question is: by the rule or the verdict
its words and facts call for. Facts are recognised by their form (figures and units, the call's structure types,
communes of France), never by a call's own wording.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..quantities import _fold_map, _span
from ..textnorm import fold, tokens
from .typed import _MONTHS
from .understand import asks_a_value, intent_of, split_asks

if TYPE_CHECKING:
    from .composing import Turn

_LEAD = re.compile(r"^\s*(?:(?:ok|d'accord|bon|merci|parfait|super)\s*[,.!]?\s*)?(?:et|and|what about|how about)\b\s*,?\s*")
_UNITS = r"mois|ans?|annees?|semaines?|jours?|heures?|months?|years?|weeks?|days?|hours?"
# what a fact looks like, by kind; matched on folded text
_SLOTS: dict[str, re.Pattern] = {
    "axis": re.compile(r"\b(?:axes?|lots?|volets?|mesures?|priorites?|sessions?|vagues?|strands?|priority)\s*(?:n\s*°\s*|no\s*)?(?:\d{1,2}|[ivx]{1,4})\b"),
    "money": re.compile(r"\d[\d\s.,]*\s*(?:k\s*€|k\s*eur\b|k\b|keur\b|€|euros?\b)"),
    "share": re.compile(r"\d+(?:[.,]\d+)?\s*%"),
    "date": re.compile(rf"\b(?:(?:1er|\d{{1,2}})\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b"),
    "span": re.compile(rf"\b\d+\s*(?:{_UNITS})\b"),
    "count": re.compile(rf"\b\d+\s+(?!(?:{_UNITS}|{_MONTHS}|k|€|euros?|%)\b)[a-z][a-z'-]{{2,}}"),
}
_CONDITION = re.compile(r"(?:pour|en|avec|dans|sur|chez|si|s'|for|with|in|if)\b")
# the kind of fact that answers an open question of each kind ("combien de temps ?": a span)
_ASKED_KIND = {"how_long": "span", "how_much": "money", "when": "date"}
_OPEN_INTENTS = frozenset({"how", "how_much", "how_many", "how_long", "who", "contact", "list", "where", "definition"})
_WH_TAIL = re.compile(r",?\s*(?:c'est (?:qui|quoi|combien|quand|ou|comment)|alors|donc|du coup|dans ce cas|then)\s*$")


def _spans(text: str, kinds: list[tuple[str, str]], places: Callable[[str], list]) -> list[tuple[str, int, int]]:
    """The facts of a text by kind, as (kind, start, end) in the original text, in order, without overlaps."""
    folded, where = _fold_map(text)
    found: list[tuple[str, int, int]] = []

    def add(kind: str, s: int, e: int) -> None:
        if e > s and not any(s < fe and fs < e for _, fs, fe in found):
            found.append((kind, s, e))

    def add_folded(kind: str, start: int, end: int) -> None:  # a span of the folded text, placed in the original
        add(kind, *_span(text, where, start, end)[:2])

    for m in places(text):
        if m.start is not None and m.end is not None:
            add("place", m.start, m.end)
    for kind, pattern in _SLOTS.items():
        for m in pattern.finditer(folded):
            add_folded(kind, m.start(), m.end())
    for word, _type in kinds:  # the call's and the lexicon's structure types, longest first
        pattern = r"\b" + r"[\s'’-]+".join(map(re.escape, word.split())) + r"s?\b"
        for m in re.finditer(pattern, folded):
            article = re.search(r"(?:\b(?:un|une|le|la|les|l'|des|notre|nos)\s*)$", folded[:m.start()])
            start = article.start() if article else m.start()
            add_folded("kind", start, m.end())
    return sorted(found, key=lambda x: x[1])


def restated(question: str, turns: list[Turn], kinds: list[tuple[str, str]], places: Callable[[str], list],
             ignore: set[str]) -> str | None:
    """The earlier open question asked again with the follow-up's facts, or None when `question` is no elliptic
    follow-up of a single open question ("et pour l'axe 3 ?" after "combien de mois pour l'axe 2 ?")."""
    if not turns:
        return None
    folded = fold(question).strip()
    lead = _LEAD.match(folded)
    if not lead or len(folded.split()) > 22:
        return None
    prev = turns[-1].question
    asks = split_asks(prev)
    if len(asks) != 1 or asks[0].yes_no and not asks_a_value(asks[0].folded):
        return None  # a yes/no question's follow-up carries its facts on the verdict route
    prev_intent = asks[0].intent
    own = intent_of(question)
    if own not in ("yes_no", "other", prev_intent):
        return None  # "et on aura combien de temps pour répondre ?" asks something else
    mine = _spans(question, kinds, places)
    theirs = _spans(prev, kinds, places)
    replaced: list[tuple[int, int, str]] = []  # (start, end, new text) in the earlier question
    used: set[int] = set()
    for i, (kind, s, e) in enumerate(mine):
        same = [t for t in theirs if t[0] == kind and not any(r[0] == t[1] for r in replaced)]
        if same:
            replaced.append((same[0][1], same[0][2], question[s:e]))
            used.add(i)
    wanted = "span" if re.search(r"\bdur(?:ee|e|era|eront)\b|combien de (?:temps|mois)|how long", fold(prev)) else _ASKED_KIND.get(prev_intent)
    if not replaced and any(kind == wanted for kind, _s, _e in mine):
        return None  # "et sur 30 mois ?" after "la durée c'est combien ?": whether that value passes, a verdict
    if not replaced and not ((mine or _CONDITION.match(folded[lead.end():])) and prev_intent in _OPEN_INTENTS):
        return None  # "et si on dépose le 16 ?" after "quand est la date limite ?" asks a verdict, not the date again
    text = prev
    for s, e, new in sorted(replaced, reverse=True):
        text = text[:s] + new + text[e:]
    # what the follow-up says beside the facts put in place: its condition ("en consortium", "si on est une SCOP")
    rest = question
    for _kind, s, e in sorted((mine[i] for i in used), key=lambda span: -span[1]):
        rest = rest[:s] + " " + rest[e:]
    rest = " ".join(fold(rest).split())
    rest = _LEAD.sub("", rest, count=1).strip(" ?!.,;")
    rest = _WH_TAIL.sub("", rest).strip(" ?!.,;")
    if set(tokens(rest)) - ignore - set(tokens(prev)):  # words the earlier question did not hold
        body = text.rstrip(" ?!.")
        return f"{body}, {rest} ?"
    return text
