"""The part a call leaves to a structure it rules out as applicant: "Les employeurs privés du territoire (exploitations
ostréicoles, campings, restaurants, etc.) sont vivement encouragés à s'associer aux projets en tant que partenaires".

"Un camping de Fouras peut-il être porteur du projet ?" is answered « Non » by the applicant check; the sentence of the
call that gives such a structure another part — partner, provider, member of a consortium — is said beside it, when it
names a telling word of the question (a word the call does not use all along, nor a place).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..textnorm import fold, tokens
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

# a part other than carrying the project: "peuvent être partenaires", "intervenir comme prestataires", "s'associer aux
# projets en tant que partenaires", "membre d'un consortium"
_ROLE = re.compile(r"\b(?:peu(?:t|vent)|pourr\w+|encourag\w*|invite\w*)\b[^.;]{0,60}?\b(?:etre|intervenir|s'associer|participer|"
                   r"prendre part)\b[^.;]{0,60}?\b(?:partenaires?|prestataires?|membres? d'un (?:consortium|groupement)|cofinanceurs?)\b")


def other_role(a: Assistant, question: str, common: frozenset[str], places: set[str]) -> list[CriterionResult]:
    """A note quoting the call's sentence that gives the structure the question names another part than carrying the
    project, when the applicant check failed; else nothing."""
    asked = {t for t in tokens(question) if len(t) >= 5 and t[:5] not in common} - places
    if not asked:
        return []
    for raw in a.spec.call_doc.text.split("\n"):
        for sentence in _SENTENCE.split(raw.strip(" -•*\t#")):
            sentence = sentence.replace("**", "").strip()
            if not (20 <= len(sentence) <= 400) or not _ROLE.search(fold(sentence)):
                continue
            if not set(tokens(sentence)) & asked:  # (by whole stems: "particulier" is no "participer")
                continue
            try:
                cite = a.spec.cite(sentence)
            except Exception:  # a sentence not found verbatim is never quoted
                continue
            return [_result("role", "pass", "other_role", cite, quote=sentence.rstrip(" ;.,"))]
    return []
