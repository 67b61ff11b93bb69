"""Whether the project is entitled to the higher cap a call grants on a condition, asked without an amount.

"et si notre projet couvre seulement Vesoul et Lure, on a droit au plafond majoré ?": the amount check weighs a raise
only against an amount between the two caps. Asked directly, the raise's condition (the constraint's `raised_quotes`,
the case a table column names: "Plafond majoré (projet couvrant les 3 intercommunalités)", and the call's sentence on
it: "Le plafond majoré ne s'applique que si …") is weighed against what the applicant says (conditions.condition_met),
the intercommunalities its communes lie in counted by a condition on how many the project covers ("dans chacune des
trois intercommunalités").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..textnorm import fold
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from ..constraints import CriterionResult
    from .engine import AnswerEngine

_ASKED = re.compile(r"\b(?:plafond|montant|aide|subvention)s? (?:maximal |maximum )?(?:majore|rehausse|bonifie|superieur)e?s?\b|"
                    r"\bmajoration du plafond\b|\bhigher cap\b|\braised cap\b")
_SAID_OF_IT = re.compile(r"\bplafond (?:majore|rehausse|superieur)\b[^.]*\b(?:que si|lorsque|lorsqu|reserve|accorde|s'applique|si\b)")


def raise_check(e: AnswerEngine, question: str, earlier: str = "") -> CriterionResult | None:
    """A check of the raise's condition when the question asks whether the project is entitled to it; None when it
    does not ask, or the call grants no raise."""
    from ..calls.spec import squash
    from ..conditions import condition_met

    if not _ASKED.search(fold(question)):
        return None
    c = next((x for x in e.spec.effective_constraints() if x.kind == "amount"), None)
    if c is None:
        return None
    clauses = list(c.raised_quotes) + [f"lorsque {k.raised_when}" for k in c.cases if k.raised_when][:1]
    said_of_it = [x.strip(" -*•") for raw in e.spec.call_doc.text.split("\n") for x in _SENTENCE.split(raw.replace("**", ""))
                  if _SAID_OF_IT.search(fold(x)) and len(x) < 400]
    if not clauses and not said_of_it:
        return None
    from ..conditions import APPLICANT_PLACES
    from ..constraints import _places

    said = f"{earlier} {question}"
    clause = " ".join([*said_of_it, *clauses])
    token = APPLICANT_PLACES.set(_places(e._facts(said), e.a.territory))  # the places it names, counted by the condition
    try:
        met = condition_met(clause if _has_condition(clause) else f"lorsque {clause}", said)
    finally:
        APPLICANT_PLACES.reset(token)
    quote = (said_of_it or list(c.raised_quotes) or [next(k.quote for k in c.cases if k.raised_when)])[0]
    try:
        cite = e.spec.cite(quote)
    except Exception:  # a line not found verbatim is never quoted
        return None
    status, key = {True: ("pass", "raise_met"), False: ("fail", "raise_unmet")}.get(met, ("warn", "raise_unknown"))
    return _result("amount", status, key, cite, quote=squash(quote).rstrip(" ;.,"))


def _has_condition(clause: str) -> bool:
    return bool(re.search(r"\b(?:lorsqu|si |que si|a condition|pour les projets)", fold(clause)))
