"""What the call says, or does not say, about an ask: the checks that turn a loosely matched answer into the call's
silence, or into the rule that does answer it.

- `says_how_many_each`: whether the call says how many projects one applicant may send ("une même asso peut déposer
  deux projets ?" gets the call's silence when it does not).
- `uncounted` / `counted_elsewhere`: "combien de <things> ?" answered by lines that give no figure of those things;
  another rule's line may ("au moins 60 points pour être retenu"), else the call is silent.
- `previous_rule_holding`: a short follow-up stays on the rule the previous turn was answered by when that rule's
  quotes hold its words ("et le minimum ?" after the cap).
- `closest`: of the rules tied at the best score, the one with a quote holding most of the question's words.
- `unsaid_answer` / `unsaid_terms`: a yes/no question on a thing a drafted call never names gets the call's silence.
- `contacts_first`: "à qui s'adresser pour <subject> ?" answered by the contacts line naming that subject.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..messages import msg
from ..textnorm import fold, hypernyms, tokens
from ..types import Answer
from .composing import Composer, _history_turns
from .passages import content_stems, quote_stems, shared_stems
from .rule_verdict import framing_stems
from .understand import MASS_NOUN, is_yes_no, split_asks

if TYPE_CHECKING:
    from .composing import Turn
    from .engine import AnswerEngine
    from .router import Match

_PROJECT_NAMES = ("proje", "laure", "dossi", "candi", "porte", "struc")  # what a call selects, by its first letters
_FOLLOW_FILLER = frozenset(tokens("projet projets appel aap ami dossier candidature peut peuvent faut possible alors"))
_COUNTED = re.compile(r"\bcombien de (?:\w+ ){0,1}?([a-z]{4,})|\bhow many (\w{4,})")
_SPAN = re.compile(r"(?:temps|annee|an|mois|jour|semaine|heure|fois|exercice|year|month|week|day|hour|time)")


@lru_cache(maxsize=16)
def says_how_many_each(call_text: str) -> bool:
    """Whether the call says how many projects one applicant may send ("un seul projet par porteur", "une même
    structure peut déposer plusieurs dossiers")."""
    return bool(re.search(r"(?:un seul|une seule|plusieurs|\bdeux\b|au plus|maximum|limite a)[^.;]{0,40}\b(?:projet|dossier|candidature)s?\b"
                          r"[^.;]{0,60}\b(?:par|chaque) (?:porteur|structure|candidat|organisme|beneficiaire)"
                          r"|\b(?:une? meme|chaque) (?:porteur|structure|candidat|organisme|chef de file)[^.;]{0,80}\b(?:projet|dossier|candidature)s?\b",
                          fold(call_text)))


def _counted_noun(folded: str) -> str | None:
    m = _COUNTED.search(folded)
    return (m.group(1) or m.group(2)) if m else None


def uncounted(folded: str, answer: Answer) -> bool:
    """A "combien de <things> ?" whose quoted answer gives no figure of those things (a number, written or not, a few
    words before their name)."""
    from ..quantities import _digits

    noun = _counted_noun(folded)
    if not noun or _SPAN.match(noun) or re.fullmatch(MASS_NOUN, noun):
        return False  # a span of time is said many ways ("sur combien d'années ?": "les 3 derniers exercices"); "combien
        # de fonds propres ?" asks a share, not a count
    noun = noun[:5]
    quoted = [_digits(fold(c.quote), "fr") for c in answer.citations]
    # a figure of those things, or of projects under another name ("3 à 5 projets" for "combien de lauréats ?")
    names = _PROJECT_NAMES if noun in _PROJECT_NAMES else (noun,)
    return bool(quoted) and not any(re.search(rf"\b\d[\d ,.]*\s+(?:[a-z'-]+\s+){{0,3}}(?:{'|'.join(names)})", q) for q in quoted)


def counted_elsewhere(e: AnswerEngine, question: str, folded: str, lang: str) -> Answer | None:
    """The rule with a line giving a figure of what "combien de <things> ?" counts and most of the question's other
    words ("combien de points minimum pour être retenu ?": "au moins 60 points pour être retenu"), else None."""
    from ..quantities import _digits

    noun = _counted_noun(folded)
    if not noun:
        return None
    stems = content_stems(question, e._generic)
    best: tuple[int, str] | None = None
    for rule in e.spec.rules:
        for q in rule.quotes:
            if re.search(rf"\b\d[\d ,.]*\s+(?:[a-z'-]+\s+){{0,3}}{re.escape(noun[:5])}", _digits(fold(q), "fr")):
                held = len(shared_stems(stems, quote_stems(q)))
                if held >= 2 and (best is None or held > best[0]):
                    best = (held, rule.id)
    return e._rules_answer([best[1]], lang, folded, question, asked=question) if best else None


def previous_rule_holding(e: AnswerEngine, question: str, prev: Turn, prev_norm: str, combined: list[Match]) -> Match | None:
    """The rule the previous turn was answered by, when its quotes hold most of a follow-up's own words ("et le
    minimum ?" after the cap, "et si c'est la commune ?" after the rate for an association): the follow-up stays on
    it. None when the follow-up's words are another rule's ("et les résultats ?" after the jury's date)."""
    stems = {t for t in tokens(e.router.normalise(question)) if len(t) >= 3 and not t.isdigit()} - _FOLLOW_FILLER
    if not stems:
        return None
    before = e.router.score(prev_norm)
    ids = prev.rule_ids or [m.target.id for m in before[:1] if m.target.kind == "rule" and not e._weak(before)]
    for rid in ids:
        try:
            quotes = e.spec.rule(rid).quotes
        except KeyError:
            continue
        have = set().union(*(quote_stems(q) for q in quotes)) if quotes else set()
        held = shared_stems(stems, have) | {t for t in stems if len(t) >= 5 and t[:5] in {h[:5] for h in have}}  # minimum/minimale
        if 2 * len(held) >= len(stems):
            return next((m for m in combined if m.target.id == rid), None)
    return None


def closest(e: AnswerEngine, question: str, matches: list[Match]) -> Match:
    """Of the rules tied at the best score, the one with a quote holding most of the question's words ("acheter des
    vélos": "l'achat de vélos …" of the expenses, not "apprentissage du vélo" of the themes)."""
    tied = [m for m in matches[:3] if m.target.kind == "rule" and m.score >= matches[0].score - 1e-9]
    if len(tied) < 2:
        return matches[0]
    stems = content_stems(question + " " + " ".join(hypernyms(question)), e._generic)
    return max(tied, key=lambda m: max((len(shared_stems(stems, quote_stems(q))) for q in e.spec.rule(m.target.id).quotes), default=0))


# the words of a question that frame it, not what it is about
_FRAME = frozenset(tokens("est-ce existe existe-t-il faut-il peut-on pourra pourrons pourront seront sera aura auront y a-t-il "
                          "possible prevu prevue obligatoire necessaire exactement vraiment aussi alors bien quelques plusieurs"))


def unsaid_terms(e: AnswerEngine, ask: str) -> list[str]:
    """The words of a yes/no ask, in its own clause, that the call's text never uses, not even by a word of the same
    family (its first five letters): "… en format Excel ?", "… auditionnés oralement ?". Names of places, figures and
    the words the call's domain shares with every call are not counted; the applicant's own context before the ask is
    not either ("Notre association … : …")."""
    from .places import communes_in, place_words

    last = re.split(r"(?<=[.!:])\s+", ask.strip())[-1]
    places = place_words(communes_in(lambda: e.a.territory, last, e._common_words))
    # (a word the call's rules are known by is no silence: "une avance au démarrage" and a rule on payments whose
    # keywords say "avance", though its text says "un premier versement au démarrage")
    known = e._rule_words
    families = e._call_families | {t[:5] for t in known if len(t) >= 5}
    out = []
    f = fold(last)
    for m in re.finditer(r"[a-z]{5,}", f):
        w = m.group(0)
        t = next(iter(tokens(w)), "")
        if not t or t in e._generic or t in _FRAME or t in places or t in e._call_vocabulary or t in known or t[:5] in families:
            continue
        if re.search(r"(?:er|ir|re|oir)$", w) or re.search(r"\b(?:on|nous|je|j'|il|ils|elle|elles|vous|qu'on|qu'il|faut)\s+(?:\w+\s+)?$",
                                                             f[max(0, m.start() - 20):m.start()]):
            continue  # a verb ("qu'il faut joindre", "les fichiers qu'on téléverse"): how the applicant puts it
        if w in _PARAPHRASE:
            continue
        out.append(w)
    return out


# words applicants use to point at the call's own text or to round a figure, not things the call could be silent on
_PARAPHRASE = frozenset("genre texte moitie pourcentage memes parle parlez ecrit indique mentionne".split())


# an open question ("il y a combien d'argent … ?", "on saura quand … ?"): a value is asked, not whether a thing exists
_WH = re.compile(r"\b(?:combien|quand|qui|quel(?:le)?s?|lequel|laquelle|comment|ou|pourquoi|how|when|who|what|which|where|why)\b")


def unsaid_answer(e: AnswerEngine, answer: Answer, question: str, lang: str, history: list | None) -> Answer:
    """A yes/no question on something the call never names ("le modèle de budget existe-t-il en format Excel ?",
    "les porteurs seront-ils auditionnés oralement ?") that a rule answered without a verdict: the call is silent on
    it; what it says of the subject follows, then its contacts."""
    if answer.kind != "answer" or answer.verdict is not None or answer.origin not in ("rules", "retrieval") or lang != "fr":
        return answer
    if any(rid not in e._drafted_ids for rid in answer.rule_ids):
        return answer  # a curated rule has the keywords and the topics its call leaves open, written by people
    asks = split_asks(question)
    if len(asks) != 1 or not (asks[0].yes_no or is_yes_no(asks[0].folded)) or _history_turns(history) or _WH.search(asks[0].folded):
        return answer
    if not unsaid_terms(e, asks[0].text):
        return answer
    c = Composer(e.spec)
    c.citations = list(answer.citations)
    c.add(msg("answer.silent_on_it", lang))
    c.add(msg("answer.nic_related", lang, text=answer.answer))
    c.add(e._contacts(c, lang))
    return Answer(kind="not_in_call", answer=c.text(), citations=c.citations, language=lang, origin=answer.origin,
                  rule_ids=[*answer.rule_ids, e.spec.contacts_rule], verdict="unknown")

def contacts_first(e: AnswerEngine, matches: list[Match], intent: str | None, question: str) -> list[Match]:
    """"À qui s'adresser pour une question sur les bénéficiaires du RSA ?": who to contact, on a subject a line of
    the call's contacts names ("Publics bénéficiaires du RSA, PDI | Conseil départemental … | …@…"): the contacts
    first, whatever other rule the subject's words match."""
    rule = e.spec.contacts_rule
    if intent != "contact" or not rule or not matches or (matches[0].target.kind == "rule" and matches[0].target.id == rule):
        return matches
    asked = set(tokens(question)) - e._generic - framing_stems() - set(tokens("contact contacter adresser question questions"))
    if not any(len(asked & set(tokens(q))) >= 1 and "@" in q for q in e.spec.rule(rule).quotes):
        return matches
    first = next((m for m in e.router.score("contact " + " ".join(sorted(asked))) if
                  m.target.kind == "rule" and m.target.id == rule), None)
    return [first, *[m for m in matches if m is not first]] if first is not None else matches
