"""Actions a call lets take place outside its territory, now and then: "Les actions peuvent ponctuellement se dérouler
hors territoire (trajet vers un employeur, visite d'entreprise, examen du permis)", "Les visites d'entreprises et les
immersions peuvent avoir lieu chez des employeurs situés ailleurs en Mayenne". A commune of the action outside the
territory is then no failure when the applicant says the action there is one of those the sentence names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .textnorm import fold, tokens

# a sentence that lets actions take place outside the territory
_ALLOWS = re.compile(r"\b(?:peu(?:t|vent)|pourr(?:a|ont))\s+(?:\w+\s+){0,2}?(?:se derouler|avoir lieu|etre (?:realise|organise|mene)e?s?|"
                     r"se tenir)\b[^.;]{0,40}?\b(?:hors (?:du )?territoire|hors du perimetre|ailleurs|en dehors)")
_FILLER = ("action actions peuvent peut ponctuellement derouler avoir lieu hors territoire ailleurs dehors situes situe chez "
           "pour vers dans")


@lru_cache(maxsize=8)
def _allowances(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(sentence, the stems of what it lets take place outside) for each such sentence of a call's text."""
    out = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip(" -*\t")):
            f = fold(sentence)
            if not _ALLOWS.search(f):
                continue
            what = set(tokens(re.sub(r"\b(?:les|des|la|le|l')\b", " ", f))) - set(tokens(_FILLER))
            out.append((sentence.strip(), frozenset(t for t in what if len(t) >= 4 and not t.isdigit())))
    return tuple(out)


def outside_allowed(call_text: str, said: str) -> str | None:
    """The call's sentence that lets the action the applicant describes take place outside the territory ("les examens
    du permis se passent à Laon" and "… hors territoire (…, examen du permis)"): two of its telling words, or one in its
    brackets, in what the applicant says; None otherwise."""
    said_stems = set(tokens(fold(said)))
    for sentence, what in _allowances(call_text):
        shared = what & said_stems
        bracket = set(tokens(" ".join(re.findall(r"\(([^)]*)\)", fold(sentence)))))
        if len(shared) >= 2 or shared & bracket:
            return sentence
    return None
