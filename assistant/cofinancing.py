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

_NOT_COUNTED = re.compile(r"\b(?:ne sont pas|n'est pas|ne sont|n'entre(?:nt)? pas|ne peu(?:t|vent) pas etre) "
                          r"(?:pris(?:e|es)? en compte|comptee?s?|retenue?s?|dans le calcul)")
_GENERIC = {"valorisation", "contributions", "contribution", "financement", "financements", "budget", "peuvent", "figurer"}


def not_counted(sentence: str) -> list[str]:
    """The sources a call's sentence leaves out of the cofinancing ("la valorisation du bénévolat et les contributions
    en nature … ne sont pas prises en compte"): their telling words, normalised."""
    f = normalize(sentence)
    m = _NOT_COUNTED.search(sentence.lower().replace("’", "'"))
    if not m or not re.search(r"cofinanc|autofinanc|calcul|taux|cout total|\d+ ?%|\bces \d", f):  # "pour atteindre ces 10 %"
        return []
    subject = normalize(sentence[:m.start()])
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
        out.append((a.value, label))
    return out


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
