"""The kind of structure an applicant's text names as the applicant (association, entreprise, collectivité…), from the
structure types' words of words.yaml and the call's own: the most specific one named at the start of the text, or one
named anywhere as a subject — not as a complement ("suivi par la mission locale", "with the"), a funder ("12 000 € à la
Région") or a partner ("partenaires France Travail et Mission locale"), nor negated ("sans agrément")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .territory import normalize

if TYPE_CHECKING:
    from .facts import _Data


def _structure_type(text_norm: str, d: _Data) -> str | None:
    for word, t in d.type_words:
        if f" {word} " in f" {text_norm} ":
            return t
    return None


# a structure named as a complement ("sorti du lycée", "avec la chambre d'agriculture") is not the applicant
_COMPLEMENT = re.compile(r"(?:\b(?:du|aux|chez)|\b(?:dans|avec|par|vers|pour|sur) (?:la|l|le|les|un|une|des|nos|notre|leur|leurs)"
                         r"|\b(?:projets?|actions?|volets?) (?:de|d|d un|d une)"  # "un projet de groupement d'employeurs": its object
                         r"|\b(?:inscrite?s?|suivie?s?|accompagnee?s?|orientee?s?|connue?s?) (?:a|par|aupres d[eu]|chez)(?: la| l| le| les)?"
                         r"|\b(?:with|by|at|from|to|for|during|of) (?:the|a|an|our|their|its)"
                         r"|\b(?:their|his|her|its|leurs?|ses|pendant (?:les|leurs?))"  # "during their university holidays"
                         r"|\b(?:followed|supported|referred|registered|enrolled|accompanied) (?:by|with|at)(?: the| a| an)?)\s*$")


# a structure named beside money is a funder ("12 000 € à la Région", "la Région met 10 000 €"), not the applicant
_FUNDER = re.compile(r"\d\s*(?:€|euros?\b|k€?\b|keur\b)|\b\d{1,3}(?: \d{3})+\b|\b(?:co)?financ\w*|\bsubvention\w*|\bapport\w*|\bmet(?:tra|tent)?\b|\bverse\w*")


def _named_structure(text_norm: str, d: _Data) -> str | None:
    """The structure a question names anywhere as a subject ("est-ce qu'une entreprise peut…"), not as a complement
    nor as a funder."""
    padded = f" {text_norm} "
    for word, t in d.type_words:
        for m in re.finditer(rf" {re.escape(word)} ", padded):
            if not _COMPLEMENT.search(padded[:m.start()]) and not _FUNDER.search(padded[max(0, m.start() - 25):m.end() + 20]) and not (
                    re.search(r"\bpartenaires?\b(?:(?! (?:nous|on|je)\b)[^.?!]){0,60}$", padded[:m.start()])):  # "partenaires X et Y"
                return t
    return None


def _structure_type_best(text_norm: str, d: _Data) -> str | None:
    """The structure type whose phrase is the longest found in the text, a negated one ("sans agrément …") aside."""
    padded = f" {text_norm} "
    best: tuple[int, str] | None = None
    for word, t in d.type_words:
        pos = padded.find(f" {word} ")
        if pos < 0 or re.search(r"\b(?:sans|pas d|pas de|non|without|no)\s*$", padded[max(0, pos - 12):pos]) or _COMPLEMENT.search(
                padded[:pos]):
            continue
        if best is None or len(word) > best[0]:
            best = (len(word), t)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _structure_then_place() -> re.Pattern:
    """"<a structure> de|à <place>" ("notre asso est à Saint-Lô", "une SCIC de Coutances", "le CCAS de Gavray"):
    the place is the structure's seat."""
    from .facts import generic_words

    names = sorted({normalize(w) for t in generic_words()["structure_types"].values() for w in t.get("words", [])
                    if len(normalize(w)) >= 3} | {"asso", "structure", "organisme"}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})s?(?:\s+\w+)?\s+(?:(?:est|sommes|etait)\s+)?(?:a|de|d|du)$")
