"""Drafting what a call asks of co-financing: the share other sources must bring, the least share of the applicant's own
funds, and the sources it does not count in them (`ami new-call`)."""

from __future__ import annotations

import re

from ..textnorm import fold
from .draft_values import _Flow
from .drafting import Draft
from .spec import squash


def _cofinancing(d: Draft, ids: list[str]) -> dict | None:
    """The share other sources must bring ("un cofinancement d'au moins 20 % du coût total") when the call also names
    sources it does not count in it ("la valorisation du bénévolat … n'est pas prise en compte"): without such sources
    the funding rate's maximum already says it."""
    from ..cofinancing import not_counted

    floor = None
    for u in d.units:
        m = re.search(r"(?:cofinancement|autofinancement|co-financement|financements? prives?|autres (?:sources|financeurs))"
                      r"[^.]{0,60}?\b(?:au moins|minimum(?: de)?|minimal(?:e)? de)\s+(\d{1,2})\s*%", u.folded)
        # "au moins 10 % de son budget auprès d'un financeur autre que le Département": the share, then its sources
        m = m or re.search(r"\b(?:au moins|minimum(?: de)?)\s+(\d{1,2})\s*%[^.]{0,80}?(?:cofinanc|autres? (?:financeurs?|sources?)|"
                           r"financeurs? autres?)", u.folded)
        if m and u.kind != "heading" and not re.match(r"\W*(?:\w+ )?(?:exception|par derogation|a titre derogatoire)\b", u.folded):
            # ("Exception montagne : pour le volet C uniquement, … (cofinancement minimal de 20 %)": not the general share)
            floor = (float(m.group(1)), squash(u.text))
            break
    if floor is None:  # "Nature du chef de file | Taux maximal | Part minimale de cofinancement": the loosest row's share
        floor = _cofinancing_column(d)
    left = [(w, squash(u.text)) for u in d.units if u.kind != "heading" for w in not_counted(u.text)]
    if floor is None or not left:
        return None
    quotes = list(dict.fromkeys([*floor[1:], *[q for _w, q in left]]))  # (a table's header, then the row of the share)
    c = {"id": "cofinancing", "kind": "cofinancing", "min_other_percent": floor[0],
         "not_counted": _Flow(list(dict.fromkeys(w for w, _q in left))), "quotes": quotes,
         "rule": "cofinancing" if "cofinancing" in ids else None}
    return {k: v for k, v in c.items() if v is not None}


def _cofinancing_column(d: Draft) -> tuple[float, str, str] | None:
    """The least share of co-financing a table sets in a column of its own ("… | Part minimale de cofinancement" over
    "Association, … | 70 % | 30 %" and "Commune, … | 50 % | 50 %"): the loosest row's, quoted with the header."""
    from ..quantities import read_percents

    header: list[str] = []
    col = None
    found: list[tuple[float, str, str]] = []
    quote = ""
    for u in d.units:
        if " | " not in u.text:
            header, col = [], None
            continue
        cells = u.text.split(" | ")
        if not header:
            header = cells
            col = next((i for i, c in enumerate(cells) if re.search(r"cofinanc|co-financ", fold(c)) and re.search(r"minim|\bmin\b", fold(c))), None)
            quote = u.text if col is not None else quote
            continue
        if col is not None and len(cells) == len(header):
            pct = read_percents(fold(cells[col]))
            if len(pct) == 1:
                found.append((float(pct[0].value), squash(quote), squash(u.text)))
    return min(found) if found else None


def _own_funds(d: Draft, ids: list[str]) -> dict | None:
    """The least share of the cost the applicant must bring itself ("au moins 10 % du coût total éligible en fonds
    propres"), with the sources the call does not count in it."""
    from ..cofinancing import not_counted, own_floor

    u = next((u for u in d.units if u.kind != "heading" and own_floor(u.text) is not None), None)
    if u is None:
        return None
    left = [(w, squash(x.text)) for x in d.units if x.kind != "heading" for w in not_counted(x.text)]
    c = {"id": "own_funds", "kind": "own_funds", "min_own_percent": own_floor(u.text),
         "not_counted": _Flow(list(dict.fromkeys(w for w, _q in left))) if left else None,
         "quotes": list(dict.fromkeys([squash(u.text), *[q for _w, q in left]])),
         "rule": next((r for r in ("cofinancing", "funding_rate") if r in ids), None)}
    return {k: v for k, v in c.items() if v is not None}
