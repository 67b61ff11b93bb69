"""Whether what an applicant says meets a condition a call states ("ce taux est porté à 75 % lorsque le tiers-lieu est
implanté dans un quartier prioritaire", "… lorsque le projet consacre au moins 30 % des heures de garde à des horaires
atypiques").

`condition_met` answers True (the applicant states the condition), False (it states its opposite: "pas dans un
QPV", "30 % … mais nous n'en faisons que 10 %") or None (it says nothing of it). The condition's own words are
matched by their first five letters, after the administrative abbreviations of words.yaml are spelled out ("QPV");
a negation just before the words the applicant uses, or a share under the call's minimum, makes it False.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cases import named_numbers
from .quantities import SHARE_WORDS
from .territory import normalize
from .textnorm import fold

_CONDITION = re.compile(r"\b(?:lorsqu(?:e|')|si |quand |des lors que|a condition que|pour les projets qui|pour ceux qui|par exception |par derogation |"
                        r"pour les projets (?=comportant|incluant|integrant|comprenant|avec )|"
                        r"pour (?:les|des) \w+ (?=beneficiant|titulaires?|disposant|ayant|qui|dont))\s*")
_LABEL = re.compile(r"\b(axe|lot|volet|vague|mesure|session)s? (?:n[o°] ?)?(\d{1,2})\b")
_NEGATION = re.compile(r"\b(?:pas|aucune?|sans|hors|ni|jamais|non|not|no|without|outside)\b(?:\s+\w+){0,3}\s*$")
_AT_LEAST = re.compile(r"au moins (\d{1,3}(?:[.,]\d+)?) ?%(?: (?:des |du |de la |de l')?(\w{4,}))?")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?%")
# a share in words: "au moins la moitié des participants"
_AT_LEAST_WORDS = re.compile(rf"au moins ({'|'.join(SHARE_WORDS)}) (?:des |du |de la |de l')?(\w{{4,}})")
_FILLER = {"projet", "projets", "porte", "portee", "portes", "porteur", "porteurs", "structure", "structures", "taux", "present", "presente", "appel", "article", "listes", "liste",
           "prevues", "prevus", "celle", "celui", "leurs", "notamment", "moins", "dans", "avec", "sont", "etre", "interieur",
           "perimetre", "suivants", "suivantes", "lorsque", "consacre"}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    from .facts import generic_words

    return {normalize(k): normalize(v) for k, v in (generic_words().get("abbreviations") or {}).items()}


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    from .facts import generic_words

    return {normalize(k): normalize(v) for k, v in (generic_words().get("abbreviation_kinds") or {}).items()}


def _spelled(text: str, kinds: bool = True) -> str:
    t = f" {normalize(text)} "
    for short, wider in (_kinds() if kinds else {}).items():  # "un ACI" is a SIAE too
        t = t.replace(f" {short} ", f" {short} {wider} ")
    for short, long in _abbreviations().items():
        t = t.replace(f" {short} ", f" {short} {long} ")
    return t


_BELOW = re.compile(r"(?:inferieure?s?|infe?rieur) (?:ou egale?s? )?a\s*$|(?:moins de|en dessous de|au plus|n'exceda?n?t? pas|ne depassant pas)\s*$")
_ABOVE = re.compile(r"(?:superieure?s?) (?:ou egale?s? )?a\s*$|(?:plus de|au-dela de|au dela de|depassant|excedant|au moins)\s*$")


def _amount_bound(clause: str, said: str) -> bool | None:
    """Whether the amount `said` gives of what a condition bounds ("budget annuel … inférieur à 200 000 €") is within
    it; None when the condition bounds no amount or `said` gives none of the same thing."""
    from .quantities import read_amounts

    for a in read_amounts(clause):
        before = clause[:a.start]
        below, above = _BELOW.search(before), _ABOVE.search(before)
        if not (below or above):
            continue
        head = before[max(0, (below or above).start() - 70):(below or above).start()]
        # what is bounded, by the first four letters of its words ("budget annuel" is also an "annual budget")
        nouns = {w[:4] for w in re.findall(r"[a-z]{5,}", head) if w not in _FILLER and w not in ("total", "totale", "dernier", "clos")}
        if not nouns:
            continue
        text = fold(said)
        for b in read_amounts(text):
            window = text[max(0, b.start - 45):b.start] + " " + text[b.end:b.end + 20]
            if sum(bool(re.search(rf"\b{re.escape(n)}", window)) for n in nouns) >= min(2, len(nouns)):
                return b.value < a.value if below else b.value > a.value
        return None
    return None


def condition_met(clause: str, said: str) -> bool | None:
    """True, False or None: does `said` meet the condition of `clause` (see the module's docstring)?"""
    folded = normalize(clause)
    m = _CONDITION.search(folded + " ")
    if not m or not said:
        return None
    cond = folded[m.end():]
    text = _spelled(said)
    floor = _AT_LEAST.search(fold(clause))
    words_floor = _AT_LEAST_WORDS.search(fold(clause))
    if floor or words_floor:  # "au moins 30 % des heures": the applicant's share of the same thing decides
        least = float(floor.group(1).replace(",", ".")) if floor else SHARE_WORDS[words_floor.group(1)]
        noun = ((floor.group(2) if floor else words_floor.group(2)) or "")[:5]
        share = re.compile(rf"(\d{{1,3}}(?:[.,]\d+)?) ?% (?:des |du |de la |de l'|de nos |de leurs )?{re.escape(noun)}") if noun else _PERCENT
        for p in share.finditer(fold(said)):
            return float(p.group(1).replace(",", ".")) >= least
        if noun:  # "15 participants dont 5 au RSA", "5 participants sur 15": a part of a whole
            part = re.search(rf"\b(\d{{1,5}}) {re.escape(noun)}\w* dont (\d{{1,5}})\b|\b(\d{{1,5}}) {re.escape(noun)}\w* sur (\d{{1,5}})\b", fold(said))
            keys = {normalize(a) for a in re.findall(r"\b[A-Z]{3,6}\b", clause)} | {
                w[:5] for w in folded[m.end():].split() if len(w) >= 5 and w not in _FILLER and not w.startswith(noun)}
            after = fold(said)[part.end():part.end() + 50] if part else ""
            if part and any(re.search(rf"\b{re.escape(k)}", after) for k in keys):  # the part is of those the clause names
                whole, some = (int(part.group(1)), int(part.group(2))) if part.group(1) else (int(part.group(4)), int(part.group(3)))
                if whole > 0 and some <= whole:
                    return some * 100 / whole >= least
    bound = _amount_bound(fold(clause[m.start():] if len(clause) == len(folded) else clause), said)
    if bound is not None:  # "dont le budget annuel total est inférieur à 200 000 €" and "notre budget annuel : 150 k€"
        return bound
    label = _LABEL.search(cond)
    if label:  # "pour les projets comportant un axe 3": the axes the applicant names decide, when it names some
        named = named_numbers(label.group(1), fold(said))
        if named:
            return label.group(2) in named
    acronyms = {normalize(a) for a in re.findall(r"\b[A-Z]{3,6}\b", clause)}  # "RSA", "RQTH": short but telling
    words = [w for w in cond.split() if (len(w) >= 5 or w in acronyms) and w not in _FILLER and not w.isdigit()][:8]
    if not words:
        return None
    hits = [re.search(rf"\b{re.escape(w[:5])}\w*" if len(w) >= 5 else rf"\b{re.escape(w)}\b", text) for w in words]
    found = [h for h in hits if h]
    if len(found) < min(2, len(words)) and not any(h and w in acronyms for w, h in zip(words, hits)):
        return None  # two of the condition's words, or its acronym ("une RQTH")
    if any(_NEGATION.search(text[max(0, h.start() - 30):h.start()]) for h in found):
        return False
    return True
