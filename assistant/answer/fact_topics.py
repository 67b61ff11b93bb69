"""A fact the applicant states that no check could weigh, when the call has a rule on it: never a plain "Oui" past it.

"Asso créée en mars 2026, on peut candidater ?" on a call whose draft holds no seniority check (its rule was written in
a way the drafting did not read: "les associations déclarées après le 1er janvier 2026" in the list of who may not
apply) would get "Oui" from the checks that exist. Each fact of the question is of a kind the call's typed constraints
weigh (the structure's creation, its seat, the ages of the people served, their number); when the call holds no
constraint of that kind, the call's sentences on that topic that bind (`requirements._binding_sentences`) are named as points to
check, the first with its quote, and the verdict is "Oui, à condition que…". General French cues of each topic, no
call's words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..calls.draft_values import _CALL_WIDE
from ..textnorm import fold
from .requirements import _binding_sentences, age_stance
from .unchecked import _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult
    from ..types import Profile

# the call's words for each topic a fact of the question is about
_TOPICS = {
    "seniority": re.compile(r"\b(?:creee?s?|creation|declaree?s?|immatricule\w*|existence|anciennete|exercices? (?:comptables? )?clos|"
                            r"premier bilan|bilans? (?:comptables? )?(?:approuves?|clos))\b"),
    "seat": re.compile(r"\bsiege\b"),
    "age": re.compile(r"\b(?:ages?|agee?s?|mineurs?|majeurs?)\b|\b\d{1,2} ans (?:revolus|inclus|ou plus|et plus|au plus)\b"),
    "participants": re.compile(r"\b(?:au moins|au minimum|minimum de|au plus|maximum de)\s+\d+\s+(?:participants?|personnes|beneficiaires|"
                               r"stagiaires|jeunes|parents|salaries)\b"),
}


def _stated(p: Profile, question: str) -> dict[str, str]:
    """The kinds of fact the question states, with the fact as it reads."""
    from ..ages import stated_ages
    from ..participants import stated_count

    out: dict[str, str] = {}
    if p.structure.created:
        out["seniority"] = p.structure.created
    if p.structure.commune and re.search(r"\bsiege\b|\bbasee?s?\b|\bbased\b|\bheadquarter", fold(question)):
        out["seat"] = p.structure.commune
    ages = stated_ages(" ".join([p.project.summary or question, *p.project.publics]))
    if ages:
        out["age"] = ", ".join(str(a) for a in dict.fromkeys(ages))
    n = stated_count(question)
    if n is not None:
        out["participants"] = n.text
    return out


def unweighed_facts(a: Assistant, question: str, profile: Profile, weighed: list[str]) -> list[CriterionResult]:
    """A point to check for each fact of the question of a kind the call holds no constraint on, when a sentence of the
    call on that topic binds; a sentence a check already quoted is not named again."""
    from ..calls.spec import squash

    kinds = {c.kind for c in a.spec.effective_constraints()}
    done = [squash(q) for q in weighed if q]
    out: list[CriterionResult] = []
    for kind, said in _stated(profile, question).items():
        if kind in kinds:
            continue
        for line, _stems in _binding_sentences(a.spec.call_doc.text):
            if not _TOPICS[kind].search(fold(line)) or _CALL_WIDE.search(fold(line)) or any(q in squash(line) or squash(line) in q for q in done):
                continue
            try:
                cite = a.spec.cite(line)
            except Exception:  # a line not found verbatim is never quoted
                continue
            aged = age_stance(line, question) if kind == "age" else None
            if aged is not None:  # "âgées d'au moins 18 ans" and "mon fils a 17 ans": the bound decides
                out.append(_result(kind, "pass" if aged == "met" else "fail", f"age_bound_{aged}", cite, fact=said,
                                   quote=line.rstrip(" ;.,")))
                break
            out.append(_result(kind, "warn", "unweighed_fact", cite, fact=said, quote=line.rstrip(" ;.,")))
            break
    return out
