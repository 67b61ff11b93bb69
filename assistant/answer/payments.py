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

_PAYMENT = re.compile(r"\b(?:versements?|verse\w*|avances?|acomptes?|soldes?|tranches?|paiements?|payes?|payments?|paid|"
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
    return bool(_PAYMENT.search(folded) and (_HOW_MUCH.search(folded) or re.search(r"\bquel(?:le)?s? (?:sera|serait|est)\b", folded)))


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


def payment_answer(spec: CallSpec, question: str, lang: str) -> Answer | None:
    """Each payment of the schedule the amount said falls under, applied to it; None when the question states no amount,
    the call sets no tranches with shares, or no schedule fits the amount."""
    folded = fold(question)
    said = [a.value for a in read_amounts(question) if a.value >= 100]
    if not spec.payments or not said or not asks_payment(folded):
        return None
    amount = said[0]
    groups: dict[str, list[Tranche]] = {}
    for t in spec.payments:
        if t.quotes:
            groups.setdefault(_lead(spec, t.quotes[0]), []).append(t)
    fitting = [lead for lead in groups if _holds(lead, amount) is not False]
    bounded = [lead for lead in fitting if _holds(lead, amount)]
    if len(bounded) == 1:
        fitting = bounded
    if len(fitting) != 1:
        return None
    lead = fitting[0]
    tranches = groups[lead]
    shares = [_share(t, tranches) for t in tranches]
    if any(s is None for s in shares) or abs(sum(shares) - 100.0) > 0.5:
        return None  # a schedule whose shares do not make the whole: not a split of the grant to compute
    asked = next((i for i, pat in _WHICH if pat.search(folded)), None)
    if asked is not None and asked >= len(tranches):
        return None
    c = Composer(spec)
    head = msg("answer.payments_head", lang, amount=format_eur(amount))
    if lead:
        head += f" « {lead} » [{c.ref(spec.cite(lead))}]"
    lines = [head]
    for i, (t, s) in enumerate(zip(tranches, shares)):
        part = format_eur(round(amount * s / 100.0, 2))
        figure = f"{part} ({num(s)} % × {format_eur(amount)})"
        if asked is not None and (i == asked or (asked == -1 and i == len(tranches) - 1)):
            figure = f"**{figure}**"
        lines.append(f"- {figure} : « {t.quotes[0]} » [{c.ref(spec.cite(t.quotes[0]))}]")
    c.add("\n".join(lines))
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="rules")
