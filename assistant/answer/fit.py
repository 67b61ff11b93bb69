"""How well a rule of the call fits a question, beyond the router's score.

- `topic_rule`: the phrase put first and taken up by a pronoun is the subject ("La réunion d'information, c'est un oral
  obligatoire devant le jury ?" is about the meeting, not the jury).
- `theme_fit`: an eligibility question ("ça rentre ?", "éligible ?") whose words clearly match one theme's rule.
- `low_fit`: a yes/no question on a middling match whose rule holds under half its content words, one of which the
  call never uses ("une assurance", "déjà financée par l'État"): the rule shares a word with the question, not its
  subject. The call's passages answer it when one covers enough of it, else the call is silent.
Bounds set on the development splits (first call's applicants' and fresh cases, the unseen third call's draft).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..calls.spec import squash
from ..textnorm import fold, tokens
from .router import Match, Router
from .rule_verdict import framing_stems
from .understand import asks_eligibility, asks_open_inside, is_yes_no

if TYPE_CHECKING:
    from ..calls.spec import CallSpec

FIT_SCORE = 7.0  # a match scoring this much is not middling
FIT_SHARE = 0.5  # share of the question's content words the rule's text must hold

_DISLOCATED = re.compile(r"^\s*((?:le|la|les|l'|ce|cette|ces|un|une|des|the)\s*[^,?]{3,60}?)\s*,\s*"
                         r"(?:c'est|ce sont|ca|il|elle|ils|elles|on|it|they)\b")
_NEGATED = re.compile(r"\b(?:ne|n'|pas|sans|not|no|without)\b")


def topic_rule(router: Router, question: str, matches: list[Match]) -> Match | None:
    """The rule of a phrase put first and taken up by a pronoun ("La convention, elle sera signée avec qui ?"),
    when it is clearly that phrase's rule and among the question's best matches."""
    m = _DISLOCATED.match(fold(question))
    if not m or re.search(r"\d", m.group(1)):  # "Le 17 mai, c'est la date limite ?": a date is not a subject
        return None
    found = router.score(router.normalise(m.group(1)))
    if not found or found[0].score < 5 or found[0].target.kind != "rule":
        return None
    if len(found) > 1 and found[1].score >= found[0].score:
        return None
    return found[0] if found[0].target.id in [x.target.id for x in matches[:3]] else None


def theme_fit(spec: CallSpec, router: Router, rule_id: str, folded: str, eligibility_cue: bool) -> bool:
    """An eligibility question ("ça rentre ?", "éligible ?") that a theme of the call's rule clearly answers."""
    if not (eligibility_cue or asks_eligibility(folded)) or _NEGATED.search(folded):
        return False
    quotes = {squash(q) for q in spec.rule(rule_id).quotes}
    if not any(squash(q) in quotes for t in spec.themes for q in t.quotes):
        return False
    m = router.score(router.normalise(folded))
    return bool(m) and m[0].target.id == rule_id and m[0].score >= 8 and (len(m) < 2 or m[1].score <= 0.6 * m[0].score)


@lru_cache(maxsize=1)
def _short_kinds() -> frozenset[str]:
    """The short names of kinds of structure ("aci" is a SIAE a call names as such): no word a call never uses."""
    from ..conditions import _abbreviations, _kinds

    return frozenset(tokens(" ".join([*_kinds(), *_abbreviations()])))


def low_fit(spec: CallSpec, router: Router, best: Match, norm: str, folded: str, generic: set[str],
            call_vocabulary: set[str]) -> bool:
    """A yes/no question on a middling match whose rule (quotes, keywords, example questions) holds under half its
    content words, one of which neither the call's text nor its vocabulary uses."""
    if (best.score >= FIT_SCORE or best.target.kind != "rule" or not is_yes_no(folded) or " ou " in folded
            or asks_open_inside(folded)):
        return False
    rule = spec.rule(best.target.id)
    text = " ".join([*rule.quotes, *map(str, rule.keywords), *rule.questions, rule.title.fr, rule.title.en])
    have = set(tokens(text))
    have |= {t[:-1] for t in have if len(t) > 4 and t[-1] in "sx"}  # "vélos" as the question's "vélo"
    asked = {t for t in set(tokens(norm)) - generic - framing_stems() if not any(ch.isdigit() for ch in t)}  # ("2e")
    unknown = {t for t in asked - have if t not in call_vocabulary and t not in router.domain and t not in _short_kinds()}
    return bool(unknown) and len(asked & have) < FIT_SHARE * len(asked)
