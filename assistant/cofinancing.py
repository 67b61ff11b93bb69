"""The share of a project's cost that must come from other sources, and the sources a call does not count in it.

A call: "un cofinancement d'au moins 20 % du coût total éligible … La valorisation du bénévolat et les contributions en
nature … ne sont pas prises en compte dans le calcul de ce cofinancement". An applicant: "budget total 50 000 €, on
demande 35 000 €, pour le reste 12 000 € de valorisation du bénévolat et 3 000 € de fonds propres". `other_sources`
reads the amounts the applicant names besides the total and the amount asked, each with the words around it;
`counted_share` is the share of the total they make once the sources the call does not count are set aside.
"""

from __future__ import annotations

import re

from .territory import normalize
from .textnorm import fold

_NOT_COUNTED = re.compile(r"\b(?:ne sont pas|n'est pas|ne sont|n'entre(?:nt)? pas|ne peu(?:t|vent) pas etre) "
                          r"(?:pris(?:e|es)? en compte|comptee?s?|retenue?s?|dans le calcul|dans le co[uû]t total)")
_GENERIC = {"valorisation", "contributions", "contribution", "financement", "financements", "budget", "peuvent", "figurer"}


def not_counted(sentence: str) -> list[str]:
    """The sources a call's sentence leaves out of the cofinancing ("la valorisation du bénévolat et les contributions
    en nature … ne sont pas prises en compte"): their telling words, normalised."""
    f = normalize(sentence)
    low = fold(sentence.replace("’", "'"))  # ("elles ne sont comptées ni dans le coût total …": accents folded, same length)
    m = _NOT_COUNTED.search(low)
    if not m or not re.search(r"cofinanc|autofinanc|calcul|taux|cout total|fonds propres|\d+ ?%|\bces \d", f):  # "pour atteindre ces 10 %"
        return []
    subject = normalize(sentence[:m.start()]) if len(low) == len(sentence) else normalize(low[:m.start()])
    subject = re.split(r"\b(?:peuvent|peut|sont|est)\b", subject)[0]
    words = [w for w in subject.split() if len(w) >= 6 and w not in _GENERIC]
    return list(dict.fromkeys(words))


def other_sources(text: str, total: float | None, requested: float | None) -> list[tuple[float, str]]:
    """The amounts a text names besides the project's total cost and the amount asked, each with the words after
    and before it (normalised)."""
    from .quantities import read_amounts

    out: list[tuple[float, str]] = []
    skip = [v for v in (total, requested) if v is not None]
    for a in read_amounts(text):
        if a.value in skip:
            skip.remove(a.value)
            continue
        after = re.split(r"[.;,\n]|\d", text[a.end:a.end + 45])[0]  # "… de fonds propres", up to the next figure
        before = re.split(r"[.;,\n]|\d", text[max(0, a.start - 30):a.start])[-1]
        label = normalize(after) if re.search(r"[a-zA-Zà-ÿ]{4,}", after) else normalize(before)
        if _SPENT.match(label) or _SPENT_BEFORE.search(normalize(before)):
            continue  # "12 000 € de matériel pédagogique", "on a prévu 3 000 € pour la communication": a cost, not a source
        out.append((a.value, label))
    return out


# the words after an amount that make it a cost of the project rather than money brought to it
_SPENT = re.compile(r"(?:de |d |d'|en |pour (?:la |le |les |l')?)?(?:materiels?|equipements?|logiciels?|frais|depenses?|achats?|salaires?|"
                    r"personnel|locations?|loyers?|investissements?|prestations?|communication|deplacements?|carburant|fournitures?|"
                    r"vehicules?|travaux|equipment|software|costs?|expenses?|salar(?:y|ies)|rent|travel)\b")
_SPENT_BEFORE = re.compile(r"\b(?:prevu|prevoit|prevoyons|depens\w*|achet\w*|coute\w*|budgete\w*|spend\w*|spent|budgeted)\s*(?:\w+\s+){0,2}$")


def counted_share(sources: list[tuple[float, str]], total: float, excluded: list[str]) -> float:
    """The percentage of `total` the sources make, those whose words name an excluded source set aside."""
    counted = sum(v for v, label in sources if not any(re.search(rf"\b{re.escape(w[:6])}", label) for w in excluded))
    return 100.0 * counted / total if total else 0.0


_IN_KIND = re.compile(r"\b(?:benevol\w*|valoris\w*|en nature|mises? a disposition gratuite|volunteer\w*|in kind)\b")


def in_kind_rules(sentence: str) -> tuple[float | None, bool]:
    """What a call's sentence on contributions in kind sets: their maximum share of the total cost ("peuvent être
    valorisées dans la limite de 10 % du coût total"), and whether they stay out of the funding rate's base ("elles ne
    peuvent pas entrer dans l'assiette de calcul du taux de financement")."""
    f = normalize(sentence)
    if not _IN_KIND.search(f):
        return None, False
    cap = re.search(r"dans la limite de (\d{1,2}) (?:du|de leur|de son)? ?(?:cout|budget)", f)
    outside = bool(re.search(r"(?:ne peu(?:t|vent) pas|n'entre(?:nt)? pas|ne sont pas|exclue?s?)[^.;]{0,80}"
                             r"(?:assiette|calcul du taux|base de calcul)", sentence.lower().replace("’", "'")))
    return (float(cap.group(1)) if cap else None), outside


def in_kind_amount(text: str, total: float | None, requested: float | None) -> float:
    """The contributions in kind an applicant names ("8 000 € de bénévolat valorisé")."""
    from .quantities import read_amounts

    # "8 000 € de bénévolat valorisé": the in-kind words right after a sum, not a rate before them ("bénévoles à 0,30 €/km")
    return sum(a.value for a in read_amounts(text) if a.value >= 100 and a.value not in (total, requested)
               and _IN_KIND.search(normalize(re.split(r"[.;,\n]|\d", text[a.end:a.end + 45])[0])))


# the applicant's own share of the cost, as calls write it: "un autofinancement d'au moins 10 % du budget total", "Les
# fonds propres du porteur représentent au moins 5 % du coût total", "au moins 10 % du coût total éligible en fonds propres"
_OWN = r"(?:autofinancement|fonds propres|apport propre|ressources propres)"
_OWN_FLOOR = (re.compile(rf"{_OWN}(?P<gap>[^.%;]{{0,60}}?)\b(?:d'au moins|au moins|au minimum|minimum(?: de)?|minimale? de|d'un minimum de)\s+"
                         r"(?P<n>\d{1,2}(?:[.,]\d+)?)\s*%"),
              re.compile(r"\b(?:au moins|au minimum|minimum de)\s+(?P<n>\d{1,2}(?:[.,]\d+)?)\s*%\s+(?:du|de son|de leur|de sa)\s+(?:cout|budget)"
                         rf"[^.;%]{{0,30}}?\s(?:en|sur (?:ses|leurs|ses propres)) {_OWN}"))


def own_floor(sentence: str) -> float | None:
    """The least share of the cost a call's sentence asks the applicant to bring itself, or None ("… autofinancement ou
    des financements privés d'au moins 20 %" is a share others may bring too)."""
    f = re.sub(r"(\d)[\s\u00a0\u202f]+(?=\d)", r"\1", fold(sentence).replace("*", ""))
    for rx in _OWN_FLOOR:
        m = rx.search(re.sub(r"\s*%", " %", f))
        if m and not re.search(r"\bou\b", m.groupdict().get("gap") or ""):
            return float(m.group("n").replace(",", "."))
    return None


_OWN_SAID = re.compile(r"\b(?:fonds propres|autofinancement|auto-financement|apport (?:propre|de la structure)|nos (?:propres )?(?:fonds|"
                       r"reserves)|sur nos fonds|own funds|self-funding|our own)\b")


def own_share(text: str, total: float | None, requested: float | None, excluded: list[str]) -> tuple[float, float | None] | None:
    """The share of the cost an applicant says it brings itself ("8 000 € de fonds propres" of a 62 000 € budget,
    "15 % d'autofinancement"), the sources the call does not count set aside, with the amount it counts (None for a
    share said as such); None when it says none."""
    f = fold(text)
    said = re.search(r"(\d{1,2}(?:[.,]\d+)?) ?(?:%|pour ?cent) (?:de |d'|d )?(?:fonds propres|autofinancement)|"
                     r"(?:fonds propres|autofinancement)(?: de| a hauteur de| d'environ)? (\d{1,2}(?:[.,]\d+)?) ?(?:%|pour ?cent)", f)
    if said and re.search(r"\b(?:les|aux|des|ces|atteindre|the)\s*$", f[:said.start()]) or said and re.match(
            r"\s*(?:demande|exige|requis|impose|prevu|required)", f[said.end():]):
        said = None  # "pour atteindre les 10 % de fonds propres demandés": the call's share, quoted
    if said:
        return float((said.group(1) or said.group(2)).replace(",", ".")), None
    if not total:
        return None
    own = [(v, label) for v, label in other_sources(text, total, requested) if _OWN_SAID.search(label)]
    if not own:
        return None
    share = counted_share(own, total, excluded)
    return share, share * total / 100.0


def in_kind_as_own(text: str) -> bool:
    """Whether an applicant asks to count contributions in kind as its own funds or its cofinancing ("compter le
    bénévolat valorisé pour atteindre les 10 % de fonds propres", "… dans les 20 % de cofinancement")."""
    f = normalize(text)
    return bool(_IN_KIND.search(f) and (_OWN_SAID.search(f) or re.search(r"\b(?:co ?financement|cofinanc\w*)\b", f)))


def uncounted_clause(cites: list, text: str):
    """The call's clause leaving out of a share (own funds, cofinancing) what an applicant asks to count in it: one
    naming the same source ("le bénévolat … n'est pas pris en compte"), or contributions in kind when it names one
    ("Les contributions volontaires en nature ne sont pas prises en compte" and "le bénévolat de nos membres")."""
    said = normalize(text)
    if not in_kind_as_own(text):
        return None
    return next((x for x in cites if not_counted(x.quote) and (any(w[:6] in said for w in not_counted(x.quote)) or (
        _IN_KIND.search(normalize(x.quote)) and _IN_KIND.search(said)))), None)
