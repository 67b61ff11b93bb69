"""When in the year the activity takes place, when the call says when it must.

A call: "au moins 70 % des heures de formation doivent se dérouler pendant les périodes d'inter-saison, soit du 15 avril
au 30 juin et du 1er octobre au 30 novembre", or "… pendant les périodes d'intersaison définies à la section 2" and,
there, "les périodes d'intersaison sont fixées du 15 avril au 30 juin et du 15 septembre au 15 décembre". A question:
"notre formation aurait lieu surtout en juillet-août et en janvier". The months the question names for the activity
are set against the call's periods: all outside them is a "Non" with the call's sentence, all inside a "Oui", some of
each a point to check. Months said of the start, the deadline or the submission are not the activity's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cases import CASE_LABEL, of_another_case
from ..fmt import MONTHS_FR
from ..textnorm import fold
from .shares import case_sentences
from .unchecked import _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

_MONTHS = [fold(m) for m in MONTHS_FR]
_MONTH = "|".join(_MONTHS)
_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
# "du 15 avril au 30 juin", "du 1er octobre au 30 novembre"
_RANGE = re.compile(rf"\bdu (\d{{1,2}})(?:er)? ({_MONTH})(?: \d{{4}})? au (\d{{1,2}})(?:er)? ({_MONTH})\b")
# the activity required to take place in some periods
_MUST_HAPPEN = re.compile(r"\b(?:doi(?:t|vent)|devront|devra) (?:se derouler|avoir lieu|etre (?:realise|organise|dispense)e?s?)"
                          r" (?:pendant|durant|au cours de|sur|dans)\b")
_PERIOD_TERM = re.compile(r"\b(?:pendant|durant|au cours de|sur|dans) (?:les |la )?(periodes? d[e'] ?[a-z-]+)")
# months a question says of something else than the activity: its start, the deadline, a submission, an answer
_NOT_ACTIVITY = re.compile(r"\b(?:demarr\w*|debut\w*|commenc\w*|a partir d[eu']|des|lancement|depo\w*|envo\w*|date limite|reponse|"
                           r"convention|versement|jury|comite|cree\w*|creation|depuis)\s+(?:le |en |d[eu] |au |l')?(?:\d{1,2}(?:er)? )?$")


# what a project does, that a month can date ("nos sessions seraient en mai-juin", "notre formation aurait lieu en juillet")
_ACTIVITY = re.compile(r"\b(?:formations?|sessions?|ateliers?|actions?|stages?|cours|modules?|chantiers?|accompagnements?|"
                       r"activites?|parcours|heures|immersions?|projets?|interventions?|permanences?|training|courses?)\b")


@dataclass(frozen=True)
class Window:
    """Periods of the year a sentence of the call requires the activity to take place in."""

    sentence: str
    ranges: tuple[tuple[int, int, int, int], ...]  # (month, day, month, day), months from 1
    case: tuple[str, str] | None = None
    dated_by: str = ""  # the sentence that dates the periods, when not this one


def _ranges(folded: str) -> tuple[tuple[int, int, int, int], ...]:
    return tuple((_MONTHS.index(m1) + 1, int(d1), _MONTHS.index(m2) + 1, int(d2)) for d1, m1, d2, m2 in _RANGE.findall(folded))


@lru_cache(maxsize=8)
def call_windows(text: str) -> tuple[Window, ...]:
    """Each sentence of the call (a line, a list item) that requires the activity, or a share of it, to take place in
    periods it dates itself or that another sentence dates ("… pendant les périodes d'intersaison définies à la
    section 2")."""
    sentences = [(x, case) for x, case in case_sentences(text) if x]
    out: list[Window] = []
    for sentence, case in sentences:
        f = fold(sentence)
        if not _MUST_HAPPEN.search(f) or len(sentence) > 400:
            continue
        ranges, dated_by = _ranges(f), ""
        term = _PERIOD_TERM.search(f[_MUST_HAPPEN.search(f).start():])
        if not ranges and term:  # the periods dated where the call defines them
            word = term.group(1).split()[-1].lstrip("d'").replace("-", "")
            for other, _c in sentences:
                g = fold(other)
                if other != sentence and word[:8] in g.replace("-", "") and _ranges(g):
                    ranges, dated_by = _ranges(g), other
                    break
        if ranges:
            out.append(Window(sentence, ranges, case, dated_by))
    return tuple(out)


def _said_months(question: str) -> list[int]:
    """The months a question names for its activity ("en juillet-août et en janvier", "de mai à juin"), not those of
    its start, the deadline or a submission."""
    f = fold(question)
    out: list[int] = []
    for m in re.finditer(rf"\b({_MONTH})\b(?!\s+\d{{4}}\s*\d)", f):
        before = f[max(0, m.start() - 40):m.start()]
        if _NOT_ACTIVITY.search(before) or re.search(r"\d\s*$", before):  # "démarrage en mars", "le 3 janvier", "créée en mars"
            continue
        out.append(_MONTHS.index(m.group(1)) + 1)
    # "de mai à août": the months between too
    for a, b in re.findall(rf"\bde ({_MONTH}) a ({_MONTH})\b", f):
        i, j = _MONTHS.index(a) + 1, _MONTHS.index(b) + 1
        out += list(range(i, j + 1)) if i <= j else [*range(i, 13), *range(1, j + 1)]
    return list(dict.fromkeys(out))


def _inside(month: int, ranges: tuple[tuple[int, int, int, int], ...]) -> str:
    """"in" when the month lies wholly in a period, "out" when it meets none, else "part"."""

    def within(day: tuple[int, int], r: tuple[int, int, int, int]) -> bool:
        start, end = (r[0], r[1]), (r[2], r[3])
        return start <= day <= end if start <= end else day >= start or day <= end  # ("du 1er décembre au 31 mars")

    days = [(month, d) for d in range(1, _DAYS[month - 1] + 1)]
    inside = [day for day in days if any(within(day, r) for r in ranges)]
    return "in" if len(inside) == len(days) else "out" if not inside else "part"


def period_checks(a: Assistant, question: str, weighed: list[str]) -> list[CriterionResult]:
    """A failed check when every month the question names for its activity lies outside the periods a sentence of the
    call requires it in, a passed one when every month lies inside, a point to check when some do."""
    from ..calls.spec import squash

    months = _said_months(question)
    if not months or not _ACTIVITY.search(fold(question)):
        return []  # ("il fait quel temps à Briançon fin avril ?": no activity of a project is dated)
    done = [squash(q) for q in weighed if q]
    out: list[CriterionResult] = []
    for w in call_windows(a.spec.call_doc.text):
        if any(x in squash(w.sentence) for x in done):
            continue
        own = CASE_LABEL.search(fold(w.sentence))
        case = w.case or ((own.group(1), own.group(2)) if own else None)
        if case and of_another_case(f"{case[0]} {case[1]}", question):
            continue
        try:
            cite = a.spec.cite(w.sentence)
            dated = [a.spec.cite(w.dated_by)] if w.dated_by else []
        except Exception:  # a sentence not found verbatim is never quoted
            continue
        where = {_inside(m, w.ranges) for m in months}
        status = "fail" if where == {"out"} else "pass" if where == {"in"} else "unknown"
        said = ", ".join(MONTHS_FR[m - 1] for m in months)
        quote = " » ; « ".join(x.rstrip(" ;.,") for x in (w.sentence, w.dated_by) if x)  # (and where the periods are dated)
        r = _result("period", status, {"fail": "period_out", "pass": "period_in", "unknown": "period_part"}[status], cite,
                    months=said, quote=quote)
        r.citations += dated
        out.append(r)
    return out[:1]

