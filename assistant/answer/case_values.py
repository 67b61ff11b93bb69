"""The value the call sets for the one case a question's facts select, for a question that asks that value.

"Notre asso a un budget annuel de 180 000 €, quel taux maximum ?", "et pour l'axe 1, le taux c'est pareil ?", "et nous,
on est un GEIQ ?" after the rate of an association: the call's values by case (a table of rates by kind of applicant,
caps and durations by axis: a constraint's drafted `cases`) are answered for the case the applicant is in — by its
kind, by the case it names, or by the bound of a row it meets (« Associations dont le budget annuel … est inférieur à
300 000 € ») — first, with that row quoted; None when no case, or more than one, fits, and the rule answers as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..cases import applicant_case, named_case
from ..fmt import format_eur, num
from ..messages import msg
from ..textnorm import fold
from ..types import Answer
from .composing import Composer

if TYPE_CHECKING:
    from .engine import AnswerEngine

# what value a question asks, in general French and English
_ASKS = {"funding_rate": re.compile(r"\b(?:taux(?! d'(?:emploi|insertion|sortie|presence))|pourcentage de (?:financement|subvention|prise en charge)|"
                                    r"funding rate|rate of funding)\b"),
         "amount": re.compile(r"\b(?:plafond|montant max\w*|les montants|(?:minimum|maximum|plancher) d'aide|montants? (?:d'aide|de (?:la )?subvention|de l'aide)|combien d'aide|subvention max\w*|aide max\w*|maximum de subvention|combien (?:on peut|peut-on|"
                              r"pouvons-nous|pourra-t-on) (?:demander|obtenir|toucher)|maximum grant|grant cap)\b"),
         "duration": re.compile(r"\b(?:duree|combien de (?:temps|mois)|how long)\b")}
_WHAT = {kind: f"answer.case_what_{kind}" for kind in _ASKS}


def _value(kind: str, k, lang: str) -> str | None:
    if kind == "funding_rate" and k.max_percent is not None:
        return f"{num(k.max_percent)} %"
    if kind == "amount" and k.max_eur is not None:
        shown = format_eur(k.max_eur) if k.min_eur is None else f"{format_eur(k.min_eur)} – {format_eur(k.max_eur)}"
        # (and the higher cap the case grants on a condition, which the row quoted states: "… | 40 000 € | 60 000 €")
        return shown + (f" ({format_eur(k.raised_max_eur)})" if k.raised_max_eur and k.raised_max_eur > k.max_eur else "")
    if kind == "duration" and k.max_months is not None:
        return f"{num(k.max_months)} mois" if k.min_months is None else f"{num(k.min_months)} – {num(k.max_months)} mois"
    return None


def _own_case(kind: str, cases: list, p):
    """The one case of `cases` the profile is in: by kind of applicant (rates), by the case it names, or by the bound of a
    row of its kind it meets."""
    from ..calls.draft_values import _types
    from ..conditions import _amount_bound

    said = p.project.summary or ""
    k = (applicant_case(cases, p) if kind == "funding_rate" else None) or named_case(cases, said)
    if k is not None or kind != "funding_rate" or not p.structure.type:
        return k
    mine = [x for x in cases if p.structure.type in _types(x.label)]
    met = [x for x in mine if _amount_bound(fold(x.label), said)]
    return met[0] if len(met) == 1 else None


def case_value_answer(e: AnswerEngine, question: str, lang: str, frame: str = "", only: str | None = None) -> Answer | None:
    """The value of the applicant's own case, first and quoted, when the question asks a value the call sets by case."""
    asked = fold(f"{frame} {question}")
    kinds = [kind for kind, pat in _ASKS.items() if pat.search(asked)] if only is None else [only]
    if len(kinds) > 1 and not frame:  # "Volet A : l'aide minimum et maximum, et ça dure combien ?": each, of that case
        from .composing import joined

        each = [case_value_answer(e, question, lang, only=kind) for kind in kinds]
        return joined(e.spec, each) if all(each) else None
    if len(kinds) != 1:
        return None
    kind = kinds[0]
    c = next((x for x in e.spec.effective_constraints() if x.kind == kind), None)
    if c is None:
        return None
    try:
        # (the case the question itself names — "et nous, on est un GEIQ ?" — not one its theme suggests nor the earlier
        # turn's: "et si on s'associe …, ça change quoi au plafond ?" asks of a condition, not of another case)
        p = e._facts(question)
        whole = e._facts(f"{frame} {question}") if frame else p
    except Exception:  # a question the facts reader refuses: the rule answers it
        return None
    from ..cases import CASE_NAMED

    cases = [k for k in c.cases if _value(kind, k, lang) is not None]
    named = kind == "funding_rate" or bool(CASE_NAMED.search(fold(question)))  # ("axe 3", "lot 2": by its number)
    k = _own_case(kind, cases, p) if len(cases) >= 2 and named else None
    p = whole
    if k is None:
        return _base_rate(e, c, p, lang) if kind == "funding_rate" else None
    comp = Composer(e.spec)
    try:
        cite = e.spec.cite(k.quote, c.rule)
    except Exception:  # a row not found verbatim is never quoted
        return None
    header = _header(e, k.quote)  # a table's row is quoted under the header that names its columns
    quote, ref = k.quote, None
    if header:
        try:
            quote = f"{header} » [{comp.ref(e.spec.cite(header, c.rule))}] ; « {k.quote}"
        except Exception:  # a header not found verbatim is not quoted
            quote = k.quote
    ref = comp.ref(cite)
    text = msg("answer.case_value", lang, case=k.label.rstrip(" :"), what=msg(_WHAT[kind], lang), value=_value(kind, k, lang),
               quote=quote, ref=ref)
    comp.add(text)
    return Answer(kind="answer", answer=comp.text(), citations=comp.citations, language=lang, origin="rules",
                  rule_ids=[c.rule] if c.rule else [])


def case_values_of_asks(e: AnswerEngine, question: str, asks: list, lang: str) -> Answer | None:
    """Each open ask of a message that names one case ("Volet A : c'est combien le minimum et le maximum d'aide, et ça
    peut durer combien de temps ?") answered with that case's own value, when every ask asks a value the call sets by
    case; None otherwise."""
    from ..cases import CASE_NAMED, CASE_WRITTEN
    from .composing import joined

    named = [m.group(0) for m in CASE_NAMED.finditer(fold(question))]
    if len(set(named)) != 1 or len(asks) > 3 or any(a.yes_no for a in asks):
        return None
    said = CASE_WRITTEN.search(question)
    if said is None:
        return None
    answers = []
    for ask in asks:
        text = ask.text if CASE_NAMED.search(fold(ask.text)) else f"{said.group(0)} : {ask.text}"
        own = case_value_answer(e, text, lang)
        if own is None:
            return None
        answers.append(own)
    kinds = [a.answer for a in answers]
    return joined(e.spec, answers) if len(set(kinds)) == len(kinds) else None


def _base_rate(e: AnswerEngine, c, p, lang: str) -> Answer | None:
    """The ordinary rate, when the call raises it on a condition the applicant says it does not meet ("Il est porté à
    80 % pour les associations dont le budget annuel … est inférieur à 150 000 €" and "notre budget annuel c'est
    180 000 €"), or the raised one when it says it meets it; None when it says nothing of it."""
    from ..conditions import condition_met

    if c.raised_percent is None or c.max_percent is None or not c.raised_quotes:
        return None
    met = condition_met(" ".join(c.raised_quotes), p.project.summary or "")
    if met is None:
        return None
    value = c.raised_percent if met else c.max_percent
    shown = f"{num(value)} %"
    quotes = [q for q in (c.raised_quotes if met else [*c.quotes, *e.spec.rule(c.rule).quotes] if c.rule else c.quotes)
              if shown in q.replace("\u00a0", " ").replace("\u202f", " ")]
    if not quotes:
        return None
    comp = Composer(e.spec)
    try:
        ref = comp.ref(e.spec.cite(quotes[0], c.rule))
        cond = comp.ref(e.spec.cite(c.raised_quotes[0], c.rule))
    except Exception:  # a line not found verbatim is never quoted
        return None
    comp.add(msg("answer.rate_raised_met" if met else "answer.rate_raised_unmet", lang, value=shown, quote=quotes[0], ref=ref,
                 clause=c.raised_quotes[0], cond=cond))
    return Answer(kind="answer", answer=comp.text(), citations=comp.citations, language=lang, origin="rules",
                  rule_ids=[c.rule] if c.rule else [])


def _header(e: AnswerEngine, row: str) -> str:
    """The first line of the table a row of the call belongs to (its column names), or "" for a sentence."""
    if " | " not in row:
        return ""
    lines = [x.strip() for x in e.spec.call_doc.text.split("\n")]
    at = next((i for i, x in enumerate(lines) if row[:60] in x), None)
    if at is None:
        return ""
    top, i = at, at - 1
    while i >= 0 and (not lines[i] or " | " in lines[i]):  # (the rows are written one paragraph each)
        if lines[i]:
            top = i
        i -= 1
    head = lines[top].strip("| ")
    return "" if top == at or re.fullmatch(r"[-:| ]+", head) else head
