"""A case of the call kept to part of its territory, against the places a question names for that case.

"Restriction territoriale : l'axe 3 est ouvert uniquement aux projets mis en œuvre sur la CC du Sammiellois et/ou la
CC du Pays de Revigny-sur-Ornain", "Les projets d'axe 3 sur le territoire de la CC Carmausin-Ségala ne sont pas
recevables": a project of that case whose communes lie in an intercommunality the sentence leaves out (or rules out) is
a "Non" with that sentence, though the whole territory admits them. The intercommunalities are the territory's own,
found in the sentence by their names; the case is the one the question names (cases.case_named).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cases import CASE_LABEL, CASE_NAMED, case_named, named_numbers
from ..territory import epci_core, normalize
from ..textnorm import fold
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

_ONLY = re.compile(r"\b(?:uniquement|seulement|exclusivement)\b")
_NOT = re.compile(r"\bne (?:sont|seront|est|sera|peu\w*|pourr\w*) pas (?:eligibles?|recevables?|financ\w*|retenu\w*|admis\w*|"
                  r"ouverts?)\b|\bsont exclu\w*")
_SETS_A_VALUE = re.compile(r"\b(?:porte|releve|majore|augmente|eleve)e?s? a (?=\d)|\b(?:taux|plafond|montant|bonus)\b")


@lru_cache(maxsize=8)
def _kept_sentences(text: str, epcis: tuple[str, ...]) -> tuple[tuple[str, str, str, str, frozenset[str]], ...]:
    """(sentence, case family, case number, "only" or "not", the intercommunalities it names) for each sentence of the
    call that keeps a case to some of the territory's intercommunalities or rules some out for it."""
    out = []
    for raw in text.split("\n"):
        for sentence in _SENTENCE.split(raw.replace("**", "").strip(" -•*#\t")):
            f = fold(sentence)
            m = CASE_NAMED.search(f)
            side = "not" if _NOT.search(f) else "only" if _ONLY.search(f) else None
            if not m or side is None or (side == "only" and _SETS_A_VALUE.search(f)):
                continue  # ("pour le volet C uniquement, lorsque l'action se déroule … dans la CC X, le taux est porté
                # à 80 %": a raise on a condition, not the case kept to X)
            norm = f" {normalize(sentence)} "
            named = frozenset(e for e in epcis if len(epci_core(e)) >= 4 and f" {epci_core(e)} " in norm)
            if named:
                out.append((sentence.strip(), m.group(1), m.group(2), side, named))
    return tuple(out)


def kept_places(a: Assistant, question: str, communes: list, theme_label: str = "") -> list[CriterionResult]:
    """A failed result for each sentence that keeps the case the question names to other intercommunalities than
    those of the communes it names (or rules theirs out). The case is named by its number or title, or is the theme
    the question was read as (`theme_label`, "Axe 3 — Mobilité …") when it names no case by number."""
    places = [m for m in communes if getattr(m, "status", None) == "in" and m.epci_name]
    if not places:
        return []
    text = a.spec.call_doc.text
    epcis = tuple(sorted({r.epci_name for r in a.territory.basin if r.epci_name}))
    out: list[CriterionResult] = []
    for sentence, fam, n, side, named in _kept_sentences(text, epcis):
        by_theme = CASE_LABEL.match(fold(theme_label)) if theme_label else None
        if not case_named(fam, n, question, text) and not (
                by_theme and by_theme.groups() == (fam, n) and not named_numbers(fam, fold(question))):
            continue
        outside = [m for m in places if (m.epci_name in named) == (side == "not")]
        if not outside:
            continue
        try:
            cite = a.spec.cite(sentence)
        except Exception:  # a sentence not found verbatim is never quoted
            continue
        where = ", ".join(dict.fromkeys(f"{m.label} ({m.epci_name})" for m in outside))
        out.append(_result("kept_place", "fail", "kept_place", cite, places=where, case=f"{fam} {n}",
                           quote=sentence.rstrip(" ;.,")))
    return out[:1]
