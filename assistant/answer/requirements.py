"""A requirement of the call on what the question talks about that no check weighed: never a plain "Oui" past it.

"Notre chantier à Donjeux, on débroussaille en mai-juin : c'est bon ?" and a call that says "Les travaux de
débroussaillage ne peuvent être réalisés qu'entre le 1er septembre et le 31 mars": the typed constraints (place, dates
of the project, amounts) may all pass while a sentence that binds the thing the question names was never read. A
sentence of the call that says what must, must not or may only be done (`_BINDS`) and shares two telling words with
the question (words neither generic, nor frequent in the call, nor of the places) is named as a point to check, with
its quote, unless a check already quoted it. The verdict is then "Oui, à condition que…", never a bare "Oui".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cases import of_another_case
from ..fmt import MONTHS_FR
from ..textnorm import fold, tokens
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

# what binds: an obligation, a prohibition, a restriction to one case, a minimum
_BINDS = re.compile(r"\b(?:doi(?:t|vent)|devr(?:a|ont)|obligatoire\w*|imperativ\w*|exige\w*|(?:ne|n') ?(?:peu(?:t|vent)|sont|est|sera|seront|"
                    r"pourr\w*) (?:pas|qu(?:e\b|')|etre \w+ qu(?:e\b|'))|n'(?:est|sont) (?:pas|admis\w* que|autoris\w* qu)|uniquement|exclusivement|"
                    r"au moins|au minimum|interdit\w*|exclu\w*|ineligibles?|irrecevables?|qu'a (?:la )?condition|sous reserve)\b")
# a sentence that grants rather than binds ("… sont éligibles même s'ils ne sont pas inscrits")
_GRANTS = re.compile(r"\b(?:sont|est|restent?) (?:eligibles?|admis\w*|autoris\w*|recevables?)\b(?! que| qu'| a condition| sous reserve)")
# the sections on how and when to apply: they bind the dossier, not the project
_PROCEDURE = re.compile(r"\b(?:depot|deposer|dossiers?|candidatures?|calendrier|pieces?|instruction|selection|contacts?|"
                        r"modalites de (?:depot|reponse)|lettre d'intention|questions?)\b")
# a piece to attach to the dossier ("Une convention de partenariat signée … doit être jointe au dossier")
_ATTACHED = re.compile(r"\b(?:jointe?s? (?:au|a leur|a son) dossier|a joindre|fournie?s? (?:avec|dans|a l'appui d[eu]) (?:le|la|sa|son|leur) "
                       r"(?:dossier|candidature|demande)|pieces? (?:a fournir|justificatives?))\b")
# share of the call's sentences a word may appear in and still tell what a sentence is about
_FREQUENT = 0.06
_MIN_SHARED = 2
_MIN_SHARE = 0.25  # of the sentence's telling words: a long list sharing two words is about other things


@lru_cache(maxsize=8)
def _binding_sentences(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(sentence, its telling stems: not frequent in the call, no month, no figure) for each sentence that binds and
    does not grant."""
    sentences = [x.replace("**", "").strip(" -•*\t;") for raw in text.split("\n") if raw.strip() and not raw.strip().startswith("#")
                 for x in _SENTENCE.split(raw.strip(" -•*\t"))]
    sentences = [s for s in sentences if 20 <= len(s) <= 400 and " | " not in s]
    df = Counter(t for s in sentences for t in set(tokens(s)))
    frequent = {t for t, n in df.items() if n > max(3, _FREQUENT * len(sentences))}
    months = set(tokens(" ".join(MONTHS_FR)))
    ruled = _ruled_out_items(text)
    out = [(s, frozenset(t for t in tokens(s) if t not in frequent and t not in months and t.isalpha() and len(t) >= 4))
           for s in sentences if (_BINDS.search(fold(s)) and not _GRANTS.search(fold(s))) or s in ruled]
    return tuple(out)


# a lead-in that rules its items out ("Ne peuvent pas être comptabilisées comme participants :", "Sont exclus :")
_RULES_OUT_LEAD = re.compile(r"\b(?:ne|n') ?(?:peu\w*|sont|est|seront|sera|pourr\w*) pas\b|\b(?:sont|est|seront) exclu\w*|^\W*exclu\w*|"
                             r"\bineligibles?\b|\bnon eligibles?\b")


@lru_cache(maxsize=8)
def _ruled_out_items(text: str) -> frozenset[str]:
    """The items of a list whose lead-in rules them out ("Ne peuvent pas être comptabilisées comme participants : - les
    personnes percevant une pension de retraite …"): each binds, though it says nothing of itself."""
    out: set[str] = set()
    lead = ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if re.match(r"^(?:[-*•]|\d{1,2}[.)])\s", line):
            if lead:
                out.add(re.sub(r"^(?:[-*•]|\d{1,2}[.)])\s+", "", line).replace("**", "").strip(" -•*\t;"))
            continue
        f = fold(line.replace("**", ""))
        lead = line if f.rstrip().endswith(":") and _RULES_OUT_LEAD.search(f) and not _GRANTS.search(f) else ""
    return frozenset(out)


def unweighed_requirements(a: Assistant, question: str, weighed: list[str], ignore: set[str],
                           places: set[str]) -> list[CriterionResult]:
    """A "to check" result for the binding sentence of the call that shares the most telling words with the question
    (at least two), when no check quoted it."""
    from ..calls.spec import squash

    asked = {t for t in tokens(question) if len(t) >= 3 and not t.isdigit()} - ignore - places
    done = [squash(q) for q in weighed if q]
    best: tuple | None = None
    for sentence, stems in _binding_sentences(a.spec.call_doc.text):
        # a thing of some length the sentence asks and the question states shorter ("réservée aux titulaires … d'un CDD
        # d'au moins six mois" and "en CDD de 4 mois … financer le permis"), on a subject the question names too
        # (an acronym of three capitals is telling there however short: "un CDD d'au moins six mois")
        acronyms = set(tokens(" ".join(re.findall(r"\b[A-Z]{3}\b", sentence))))
        # (a sentence another check quoted for something else may still set this length: "les demandeurs d'emploi
        # inscrits depuis au moins six mois, âgés de 26 ans et plus", quoted for the age)
        if len((stems | acronyms) & asked) >= 2 and _length_stance(sentence, question) == "unmet":
            try:
                cite = a.spec.cite(sentence)
            except Exception:  # a sentence not found verbatim is never quoted
                continue
            if not of_another_case(sentence, question):
                return [_result("requirement", "fail", "requirement_unmet", cite, quote=sentence.rstrip(" ;.,"))]
    for sentence, stems in _binding_sentences(a.spec.call_doc.text):
        shared = len(stems & asked)
        if shared < _MIN_SHARED or shared < _MIN_SHARE * len(stems) or (best is not None and shared <= best[0]) or any(
                q in squash(sentence) or squash(sentence) in q for q in done):
            continue
        try:
            cite = a.spec.cite(sentence)
        except Exception:  # a sentence not found verbatim is never quoted
            continue
        if _PROCEDURE.search(fold(cite.locator)) or _ATTACHED.search(fold(sentence)):
            continue  # how to apply binds the dossier, not the project the question describes
        if of_another_case(sentence, question) or any(of_another_case(x, question) for x in cite.locator.split(" > ")):
            continue  # under "Axe 2 — …", and a project of the axis 1
        best = (shared, sentence, cite, stems & asked)
    if best is None:
        return []
    cite = best[2]
    stance = _stance(best[1], best[3], question, a.spec.call_doc.text)
    if stance == "met":  # "avec un OF Qualiopi en prestataire" and "… obligatoirement réalisées par un organisme certifié Qualiopi"
        return [_result("requirement", "pass", "requirement_met", cite, quote=best[1].rstrip(" ;.,"))]
    if stance == "excluded":
        return [_result("requirement", "fail", "requirement_ruled_out", cite, quote=best[1].rstrip(" ;.,"))]
    if stance == "unmet":  # "on n'a pas encore l'agrément" and "… doit disposer de l'agrément préfectoral"
        return [_result("requirement", "fail", "requirement_unmet", cite, quote=best[1].rstrip(" ;.,"))]
    return [_result("requirement", "unknown", "requirement", cite, quote=best[1].rstrip(" ;.,"))]


# an obligation, not a prohibition: saying one does the thing meets it ("doit disposer de l'agrément", "au moins deux
# lettres d'engagement"); saying one does a forbidden thing would break the other kind, so that kind stays to check
_OBLIGES = re.compile(r"\b(?:doi(?:t|vent)|devr(?:a|ont)|obligatoire\w*|imperativ\w*|exige\w*|au moins|au minimum|comprend|comporte)\b")
_FORBIDS = re.compile(r"\b(?:ne|n') ?(?:peu(?:t|vent)|sont|est|sera|seront|pourr\w*|doi(?:t|vent))\b|\binterdit|\bexclu|\bineligible|"
                      r"\birrecevable|\bsauf\b|\bqu'a (?:la )?condition|\bsous reserve|\buniquement|\bexclusivement|\breservee?s? (?:a|aux)\b|"
                      r"\bau (?:moins|plus) (?:la moitie|le tiers|le quart|\d+ ?%)")  # (a share is weighed by its own check, not words)
_NEGATED = re.compile(r"\b(?:pas|sans|aucune?|ni|jamais|non|not|no|without|none)\b")
_WISHED = re.compile(r"\b(?:voudri\w+|voudr\w+|souhait\w*|aimeri\w+|envisag\w*|pourri\w+|compt(?:e|ons) (?:faire|mettre)|would like|want to|plan to)\b")
# a bound on the age of the people an action serves ("âgées d'au moins 18 ans", "de moins de 26 ans")
_AGE_BOUND = re.compile(r"\bage(?:e|s|es)? (?:d'au moins|de plus de|d'au minimum) (\d{1,2}) ans\b|\bage(?:e|s|es)? (?:d'au plus|de moins de) (\d{1,2}) ans\b")
_AGE_WORDS = {"age", "ans", "agee", "personn"}


_LASTING = re.compile(r"\b([a-z]{3,}) d'au moins (\d{1,3}) (mois|semaines|ans|annees)\b")
_SINCE = re.compile(r"\bdepuis (?:au moins|plus de|au minimum) (\d{1,3}) (mois|semaines|ans|annees)\b")


def _length_stance(sentence: str, question: str) -> str | None:
    """"unmet" when the sentence asks a thing of some length ("un CDD d'au moins six mois") and the question states one
    of that thing shorter ("en CDD de 4 mois"), "met" when every one it states is long enough; else None."""
    from text_to_num import alpha2digit

    said = fold(alpha2digit(sentence, "fr", threshold=0))
    told = fold(alpha2digit(question, "fr", threshold=0))
    found: list[bool] = []
    for m in _SINCE.finditer(said):  # "inscrits depuis au moins six mois" and "inscrit depuis trois mois seulement"
        least, unit = int(m.group(1)), m.group(2)[:4]
        found += [int(h.group(1)) >= least for h in re.finditer(rf"\bdepuis (?:seulement |only )?(\d{{1,3}}) {re.escape(unit)}", told)]
    for m in _LASTING.finditer(said):
        noun, least, unit = m.group(1), int(m.group(2)), m.group(3)[:4]
        for h in re.finditer(rf"\b{re.escape(noun)}s? (?:de |d'|d' )(\d{{1,3}}) {re.escape(unit)}", told):
            found.append(int(h.group(1)) >= least)
    if not found:
        return None
    return "met" if all(found) else "unmet"


def age_stance(sentence: str, question: str) -> str | None:
    """"met" or "unmet" when the sentence bounds the age of the people it speaks of ("réservés aux personnes âgées
    d'au moins 18 ans") and the question states ages; else None."""
    from ..ages import stated_ages

    bound = _AGE_BOUND.search(fold(sentence))
    ages = stated_ages(question) if bound else []
    if not ages:
        return None
    least, most = (int(bound.group(1)), None) if bound.group(1) else (None, int(bound.group(2)))
    return "met" if all((least is None or x >= least) and (most is None or x <= most) for x in ages) else "unmet"
_COUNTED = re.compile(r"\bau (?:moins|minimum) (?:de )?(\d{1,2})\s+([a-z]{4,})")


def _spared(item: str, question: str) -> bool:
    """Whether the question names what a ruled-out item carves out of itself ("les entreprises de portage salarial, à
    l'exception des coopératives d'activité et d'emploi (CAE) conventionnées" and "nous sommes une CAE")."""
    m = re.search(r"\b(?:a l'exception|sauf|hors|excepte|exception faite)\b", fold(item))
    if not m:
        return False
    spared = {t for t in tokens(item[m.end():]) if len(t) >= 3} | set(tokens(" ".join(re.findall(r"\b[A-Z]{2,6}\b", item[m.end():]))))
    return bool(spared & set(tokens(question)))


def _stance(sentence: str, stems: frozenset[str], question: str, text: str = "") -> str | None:
    """Whether the applicant says it meets an obligation of the call ("met"), says it does not ("unmet"), or neither:
    the statements of the question (not its questions) that hold the sentence's telling words; a count the sentence
    asks ("au moins deux employeurs") weighed against the applicant's number beside the same word."""
    from text_to_num import alpha2digit

    said = fold(sentence)
    lasting = _length_stance(sentence, question)
    if lasting is not None:  # "un CDD d'au moins six mois" and "elle est en CDD de 4 mois"
        return lasting
    if stems & set(tokens(question)) - _AGE_WORDS and (aged := age_stance(sentence, question)) is not None:
        return aged  # "Les immersions … sont réservées aux personnes âgées d'au moins 18 ans" and "mon fils a 17 ans …"
    if sentence in _ruled_out_items(text) and not _spared(sentence, question):
        # an item a lead-in rules out, which the applicant says it is ("retraité mais en cumul emploi-retraite" and
        # "les personnes percevant une pension de retraite …, y compris en situation de cumul emploi-retraite")
        stated = [p for p in re.split(r"(?<=[.!?;\n])\s+", question) if set(tokens(p)) & stems]
        told = fold(" ".join(stated))
        if len(set(tokens(told)) & stems) >= _MIN_SHARED and not any(
                _NEGATED.search(" ".join(told[:told.find(t)].split()[-4:])) for t in stems & set(tokens(told)) if told.find(t) >= 0):
            return "excluded"
        return None
    if not _OBLIGES.search(said) or _FORBIDS.search(said):
        return None
    parts = [p.strip() for p in re.split(r"(?<=[.!?;\n])\s+", question) if p.strip()]
    stated = [p for p in parts if not p.rstrip().endswith("?") and set(tokens(p)) & stems]
    if any(_WISHED.search(fold(p)) for p in stated):
        return None  # "on voudrait qu'une partie de la subvention vienne de …": a wish, not what the applicant has
    if not stated or len(set(tokens(" ".join(stated))) & stems) < _MIN_SHARED:
        return None
    told = fold(alpha2digit(" ".join(stated), "fr", threshold=0))  # ("un rendez-vous par mois": one)
    need = _COUNTED.search(fold(alpha2digit(sentence, "fr", threshold=0)))
    if need:
        word = need.group(2)[:5]
        have = [int(m.group(1)) for m in re.finditer(rf"(\d{{1,3}})\s+(?:\w+\s+){{0,3}}?{re.escape(word)}", told)]
        if not have:
            return None  # "3 entreprises … une lettre" and "au moins deux employeurs": no number of what it counts
        return "met" if max(have) >= int(need.group(1)) else "unmet"
    for stem in stems & set(tokens(told)):
        at = told.find(stem)
        if at >= 0 and _NEGATED.search(" ".join(told[:at].split()[-4:])):
            return "unmet"
    return "met"
