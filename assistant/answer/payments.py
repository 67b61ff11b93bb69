"""What each payment of the grant comes to, for the amount the applicant says it asked or obtained.

"On a eu 45 000 € d'accord de principe, l'avance ça fera combien ?": the call's tranches (`spec.payments`: "une avance
de 50 % à la signature de la convention ; …") under the lead whose amount bound the grant meets ("Pour les subventions
d'un montant égal ou supérieur à 23 000 € :" rather than "… inférieur à 23 000 € :"), each share applied to the amount
with the computation shown (« 22 500 € (50 % × 45 000 €) »), the tranche asked first. Every figure is a quoted
percentage times the amount of the question; the grounding check accepts such a product only written with its
operands (`grounding.shown_products`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..calls.sections import Tranche
from ..fmt import format_eur, num
from ..messages import msg
from ..quantities import read_amounts, read_percents
from ..textnorm import fold
from ..types import Answer
from .composing import Composer

if TYPE_CHECKING:
    from ..calls.spec import CallSpec

_PAYMENT = re.compile(r"\b(?:versements?|verse\w*|avances?|acomptes?|soldes?|tranches?|paiements?|payes?|payments?|paid|touche\w*|"
                      r"percev\w*|percoi\w*|a la signature|"
                      r"instal+ments?|advance|balance|first payment)\b")
_HOW_MUCH = re.compile(r"\b(?:combien|quel montant|quelle somme|ca (?:fera|fait|donne)|ca represente|how much|what amount|"
                       r"montant d[eu])\b")
# which payment is asked: the first, the second, the third, the last
_WHICH = ((0, re.compile(r"\b(?:premier|1er|1ere|premiere|avance|acompte|first|advance|initial)\b")),
          (1, re.compile(r"\b(?:deuxieme|2e|2eme|2nd|second|seconde|intermediaire)\b")),
          (2, re.compile(r"\b(?:troisieme|3e|3eme|third)\b")),
          (-1, re.compile(r"\b(?:solde|dernier|derniere|final|last|balance)\b")))
# an amount bound in a lead ("Pour les subventions d'un montant égal ou supérieur à 23 000 € :")
_BOUNDS = ((">=", r"(?:egale?s? ou superieure?s?|superieure?s? ou egale?s?) a|d'au moins|a partir de|au moins"),
           ("<=", r"(?:egale?s? ou inferieure?s?|inferieure?s? ou egale?s?) a|jusqu'a|n'excedant pas|ne depassant pas|au plus"),
           (">", r"superieure?s? a|plus de|au-dela de|au dela de|depassant|excedant"),
           ("<", r"inferieure?s? a|moins de|en dessous de|en deca de"))


def asks_payment(folded: str) -> bool:
    """Whether a folded question asks what a payment of the grant comes to."""
    return bool(_PAYMENT.search(folded) and (_HOW_MUCH.search(folded) or re.search(
        r"\bquel(?:le)?s? (?:sera|serait|est)\b|\bcomment (?:c'est|ca|se pass\w*|sera|est|sont)\b|\bca se passe comment\b|\bhow (?:is|will)\b", folded)))


def _lead(spec: CallSpec, quote: str) -> str:
    """The line ending with a colon that opens the list a tranche's quote is an item of, or ""."""
    lines = spec.call_doc.text.split("\n")
    at = next((i for i, line in enumerate(lines) if quote[:60] in line), None)
    if at is None:
        return ""
    for line in reversed(lines[:at]):
        s = line.strip()
        if not s or re.match(r"^(?:[-*•]|\d+[.)])\s", s):
            continue
        return s if s.endswith(":") else ""
    return ""


def _holds(lead: str, amount: float) -> bool | None:
    """Whether the amount meets the bound a lead sets (None when it sets none)."""
    f = fold(lead)
    after = re.search(r"\d[\d\s\u00a0\u202f.,]*\s*(?:€|euros?|k€)\s+(?P<side>ou plus|et plus|ou davantage|au moins|minimum|ou moins|au plus|maximum)\b", f)
    if after:  # "Pour une subvention de 20 000 € ou plus"
        found = read_amounts(lead[after.start():after.end()] if len(lead) == len(f) else f[after.start():after.end()])
        if found:
            v = found[0].value
            return amount >= v if after.group("side") in ("ou plus", "et plus", "ou davantage", "au moins", "minimum") else amount <= v
    for op, words in _BOUNDS:
        m = re.search(rf"\b(?:{words})\s+(?=\d)", f)
        if not m:
            continue
        found = read_amounts(lead[m.end() - 1:] if len(lead) == len(f) else lead)
        if not found:
            continue
        v = found[0].value
        return {">=": amount >= v, "<=": amount <= v, ">": amount > v, "<": amount < v}[op]
    return None


def _share(t: Tranche, others: list[Tranche]) -> float | None:
    """A tranche's share in percent: as drafted, else the percentage its quote states, else (the balance) what the
    others leave."""
    if t.share_percent is not None:
        return t.share_percent
    found = read_percents(" ".join(t.quotes))
    if found:
        return found[0].value
    rest = [o.share_percent for o in others if o is not t]
    return 100.0 - sum(rest) if rest and all(r is not None for r in rest) and sum(rest) < 100 else None


_DURATION_BOUND = re.compile(r"\b(?:(?P<gt>plus de|superieure? a|au-dela de|d'au moins|au moins)|(?P<lt>moins de|inferieure? a|au plus))"
                             r"\s+(?P<n>\d{1,2})\s+mois\b")


def _months_hold(line: str, question: str) -> bool | None:
    """Whether the project's duration the question states meets the bound in months a schedule's line sets ("projet de
    plus de 18 mois"); None when the line sets none, or the question states no duration."""
    from ..quantities import read_durations

    m = _DURATION_BOUND.search(fold(line))
    if not m:
        return None
    said = [d.value for d in read_durations(question)]
    if not said:
        return False  # (a schedule for some durations, the question's unknown: not that schedule's amount to compute)
    n = int(m.group("n"))
    return said[0] > n if m.group("gt") else said[0] < n


def _sentence_schedules(spec: CallSpec) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The schedules a call writes in one sentence for grants within an amount bound ("Par exception, pour les
    subventions inférieures ou égales à 15 000 €, la subvention est versée en deux fois : 70 % à la signature … et 30 %
    au solde"): the line and its shares, when they make the whole grant."""
    return _schedules_in(spec.call_doc.text)


@lru_cache(maxsize=8)
def _schedules_in(text: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    from .passages import call_lines

    out = []
    for line in call_lines(text):
        if not _PAYMENT.search(fold(line)) or _holds(line, 1.0) is None:
            continue  # (a bound on an amount of money: "au moins 70 % de l'avance" bounds no grant)
        shares = tuple(p.value for p in read_percents(line))
        if len(shares) >= 2 and abs(sum(shares) - 100.0) <= 0.5:
            out.append((line, shares))
    return tuple(out)


def payment_answer(spec: CallSpec, question: str, lang: str, frame: str = "") -> Answer | None:
    """Each payment of the schedule the amount said falls under, applied to it; None when the question states no amount,
    the call sets no tranches with shares, or no schedule fits the amount. `frame`: the earlier question a follow-up
    leans on ("Si on obtient 30 000 €, comment c'est versé ?" then "et pour 15 000 € ?")."""
    folded = fold(question)
    said = [a.value for a in read_amounts(question) if a.value >= 100]
    asked_of = fold(f"{frame} {question}") if frame else folded
    if not said or not asks_payment(asked_of) and not (frame and _PAYMENT.search(fold(frame))):
        return None
    amount = said[0]
    for line, shares in _sentence_schedules(spec):
        if _holds(line, amount) and _months_hold(line, question) is not False:
            return _computed(spec, amount, [(line, s) for s in shares], lang, asked_of, lead=line)
    if not spec.payments:
        return None
    groups: dict[str, list[Tranche]] = {}
    written = {line for line, _s in _sentence_schedules(spec)}
    for t in spec.payments:
        if t.quotes and t.quotes[-1] not in written:  # (a one-sentence schedule is read above)
            item = t.quotes[-1]
            groups.setdefault(t.quotes[0] if len(t.quotes) > 1 and t.quotes[0].rstrip().endswith(":") else _lead(spec, item), []).append(t)
    fitting = [lead for lead in groups if _holds(lead, amount) is not False]
    bounded = [lead for lead in fitting if _holds(lead, amount)]
    if len(bounded) == 1:
        fitting = bounded
    if len(fitting) != 1:
        return None
    lead = fitting[0]
    text = spec.call_doc.text
    tranches = sorted(groups[lead], key=lambda t: text.find(t.quotes[-1][:60]))  # in the order the call writes them
    shares = [_share(t, tranches) for t in tranches]
    if any(s is None for s in shares) or abs(sum(shares) - 100.0) > 0.5:
        return None  # a schedule whose shares do not make the whole: not a split of the grant to compute
    return _computed(spec, amount, [(t.quotes[-1], s) for t, s in zip(tranches, shares)], lang, asked_of, lead=lead)


def _computed(spec: CallSpec, amount: float, parts: list[tuple[str, float]], lang: str, folded: str, lead: str = "") -> Answer | None:
    """Each share applied to the amount, with its quote (a tranche's, or the one sentence of the schedule)."""
    asked = next((i for i, pat in _WHICH if pat.search(folded)), None)
    if asked is not None and asked >= len(parts):
        return None
    c = Composer(spec)
    head = msg("answer.payments_head", lang, amount=format_eur(amount))
    one = len({q for q, _s in parts}) == 1  # one sentence holds the whole schedule: quoted once, in the head
    if lead:
        head += f" « {lead} » [{c.ref(spec.cite(lead))}]"
    lines = [head]
    for i, (quote, s) in enumerate(parts):
        part = format_eur(round(amount * s / 100.0, 2))
        figure = f"{part} ({num(s)} % × {format_eur(amount)})"
        if asked is not None and (i == asked or (asked == -1 and i == len(parts) - 1)):
            figure = f"**{figure}**"
        lines.append(f"- {figure}" if one and quote == lead else f"- {figure} : « {quote} » [{c.ref(spec.cite(quote))}]")
    c.add("\n".join(lines))
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="rules")
