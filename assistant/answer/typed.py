"""The kind of value an open question expects, and whether a sentence of the call states one.

"Le permis B est pris en charge jusqu'à combien par personne ?" expects an amount: a sentence that shares its words
but states no amount ("les personnes ayant déjà bénéficié de l'aide au permis ne peuvent pas être prises en charge au
titre de l'axe 2") does not answer it, however many words it shares; "on a combien de temps pour renvoyer une pièce ?"
expects a span of time, "quand ?" a date, "à quelle adresse ?" an e-mail. General French and English forms, no call's
words: the value's shape (a figure and its unit), read after numbers in words are turned into digits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..textnorm import fold

_MONTHS = (r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|"
           r"june|july|august|september|october|november|december")
_NUM = r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:[.,]\d+)?"
_SHAPES = {
    "percent": re.compile(rf"{_NUM}\s*(?:%|pour ?cent\b|percent\b|per cent\b)|\b(?:moitie|tiers|quart|half|third)\b"),
    "how_much": re.compile(rf"{_NUM}\s*(?:k\s*)?(?:€|eur\b|euros?\b|%|pour ?cent\b|percent\b|per cent\b)|(?:€|eur)\s*{_NUM}"),
    "how_long": re.compile(rf"\b{_NUM}\s*(?:jours?|mois|ans?|annees?|semaines?|heures?|h\b|days?|months?|years?|weeks?|hours?)\b"
                           r"|\b(?:un|une|one|a)\s+(?:an|annee|mois|semaine|jour|year|month|week|day)\b"),
    "when": re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b"
                       rf"|\b\d{{1,2}}\s*h\s*\d{{0,2}}\b|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|\bsemaine du\b"
                       rf"|\b(?:premier|deuxieme|second|troisieme|quatrieme|1er|2e|3e|4e) (?:trimestre|semestre)\b"),
    "size": re.compile(rf"{_NUM}\s*(?:mo|ko|go|mb|kb|gb|pages?|caracteres|signes|mots|diapositives|diapos|slides|words)\b"),
    "contact": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?:\+33\s?|\b0)\d(?:[ .]?\d{2}){4}\b|https?://\S+|\bwww\.\S+"),
}
# a figure that names a thing rather than counting it ("axe 2", "lot 1", "annexe 3", "article 5", "2027")
_LABEL = re.compile(r"\b(?:axe|lot|annexe|article|n°|no|numero|vague|phase|tranche|niveau|critere|titre|section|partie|"
                    r"cerfa|page|chapitre|point|etape|volet|action|mesure|fiche)s?\s+\d+\b|\b(?:19|20)\d{2}\b")
_COUNT = re.compile(rf"\b{_NUM}\b")
_LIMIT = re.compile(r"\b(?:max|maxi|maximum|maximale?|min|mini|minimum|minimale?|plafond|plancher|taux|taille|delai)\b")


_ASKED = (
    ("percent", re.compile(r"\b(?:taux|pourcentage|quelle part|quelle proportion|what (?:rate|share|percentage|proportion))\b")),
    ("how_long", re.compile(r"\b(?:combien (?:de |d')(?:temps|annees?|ans|mois|jours?|semaines?|heures?)|quelle duree|quel delai"
                            r"|pendant combien|how long|how many (?:years|months|weeks|days))\b")),
    ("size", re.compile(r"\b(?:taille|poids|volume|longueur|size|length)\b")),
    ("how_many", re.compile(r"\b(?:combien (?:de |d')|nombre de|how many)")),
    ("how_much", re.compile(r"\b(?:combien|quel montant|quelle somme|how much)\b")),
    ("when", re.compile(r"\b(?:quand|quelle date|a quelle date|jusqu'a quand|a partir de quand|d'ici quand|when|by when)\b")),
)


def expected_value(intent: str, folded: str) -> str | None:
    """The kind of value an open ask expects ("percent", "how_long", "size", "how_many", "how_much", "when", "contact"), read
    from its words whatever its form ("le permis est pris en charge jusqu'à combien ?" reads as a yes/no question but
    asks an amount), or "figure" for a limit asked without an interrogative word ("Taille max des fichiers ?");
    None when it expects no value."""
    for kind, pattern in _ASKED:
        if pattern.search(folded):
            return kind
    if intent in ("how_much", "how_long", "when", "how_many", "contact"):
        return intent
    if _LIMIT.search(folded) and intent != "yes_no":
        return "figure"
    return None


@lru_cache(maxsize=4096)
def _digits_text(text: str) -> str:
    from ..quantities import _digits

    return _digits(fold(text), "fr")


def states(kind: str, text: str) -> bool:
    """Whether a sentence states a value of this kind (numbers in words count: "huit jours", "dix ans")."""
    t = _digits_text(text)
    if kind in _SHAPES:
        return bool(_SHAPES[kind].search(t))
    bare = _LABEL.sub(" ", re.sub(r"\S+@\S+|https?://\S+|www\.\S+", " ", t))
    if kind == "how_many":
        return bool(_COUNT.search(bare))
    # "figure": a limit asked ("taille max ?") is a quantity: any figure that is neither a label nor a date
    return bool(re.search(r"\d", _SHAPES["when"].sub(" ", bare)))
