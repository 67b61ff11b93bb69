"""A cost the question asks about that the call lists among its eligible costs.

"Les tickets de métro qu'on paye aux jeunes, c'est finançable ?" and a list "Sont éligibles les dépenses : … les
frais de déplacement des participants": the call says yes, in that line. The thing paid for is read where French puts
it (after the verb of spending, or as the phrase the question opens with), widened by the general words a call uses
for it (`hypernyms`: a ticket is a cost of travel); a line of the call's eligible costs (under a heading or a lead-in
that says they are eligible, or a sentence that says so) that names it makes a passed check, and a limit in that line
("dans la limite de 3 000 € HT") a condition. A line that rules the cost out is `unchecked.ruled_out_spending`'s, and
wins: this module is read only when none does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..textnorm import fold, hypernyms, stem, stop_words, tokens, words
from .rule_verdict import _RULES_OUT, _SPENDING, framing_stems
from .unchecked import _SENTENCE, _SPEND, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

# a question about a cost: its verbs of spending, or a cost's eligibility
_ASKS_COST = re.compile(r"\b(?:achet\w*|acqu\w*|financable|financ(?:er|e|es|ee|ees)\b|pay\w*|lou(?:er|e|ons|ez)|rembours\w*"
                        r"|prendre en charge|pris\w* en charge|depenses?|(?:dans|au|sur) (?:le|notre) budget|budgeti?s\w*|eligibles?"
                        r"|compt(?:er|e|es|ees?)\b|buy|purchase|pay for|fund\w*|rent|expenses?|costs?)")
# the thing bought: the words after the verb that spends
_BOUGHT = re.compile(r"\b(?:achet\w*|acquerir|financer|payer|louer|rembourser|prendre en charge|donner|verser|offrir|distribuer"
                     r"|buy|purchase|pay for|fund|rent)\s+(?P<t>[^,;?!]{3,90})")
# the phrase a question opens with and takes up again ("Les tickets de métro …, c'est finançable ?")
_OPENING = re.compile(r"^\s*(?P<t>[^,;?!]{3,90}?)\s*(?:,|\b(?:peu\w*|sont|est|seront|sera|can|is|are)\b)")
_ELIGIBLE_LEAD = re.compile(r"\b(?:(?:sont|seront|est) (?:eligibles?|pris\w* en (?:charge|compte)|financ\w*|retenu\w*)"
                            r"|peu(?:ven)?t etre (?:financ\w*|pris\w* en (?:charge|compte))|depenses eligibles|couts eligibles"
                            r"|eligible (?:costs|expenses)|are eligible)\b")
_OF_COSTS = re.compile(r"\b(?:depenses?|couts?|frais|achats?|acquisitions?|remunerations?|locations?|costs?|expenses?"
                       r"|prise en charge (?=d[ue'])|prises en charge (?=d[ue']))")  # (the noun: "la prise en charge du permis")
_NEGATED = re.compile(r"\b(?:ne|n'|pas|non|aucun\w*|sauf|hors|exclu\w*|not)\b")
_ONLY = re.compile(r"\bn(?:e |')(?:\w+ ){1,3}?qu(?:e\b|')")
# a cost eligible only on a condition ("… n'est éligible que pour des participants disposant d'une promesse d'embauche")
_ON_CONDITION = re.compile(r"\bn(?:e |')(?:\w+ ){1,3}?qu(?:e |')\s*(?P<c>(?:pour|si|lorsqu\w*|aux?|dans|sous|en cas)\b[^;.]{5,200})")
_OF_A_CASE = re.compile(r"(?:pour|dans|sur|au titre d(?:e|u|es)|aux?)\s+(?:les projets (?:de|d'|du|des)\s*)?(?:l'|la |le |les |cet |cette |ces )?"
                        r"(?:axes?|lots?|volets?|mesures?|priorites?|vagues?|sessions?)\b")
_DENIED = re.compile(r"\b(?:pas|sans|ni|aucune?|jamais|not|no|without)\b")
_LIMITED = re.compile(r"\b(?:dans la limite|plafonn\w*|au plus|maximum|limite a|sous reserve|a condition|up to|capped|within)\b")


def _thing(folded: str) -> str:
    """The words that name what is paid for."""
    m = _BOUGHT.search(folded)
    if m:
        return m.group("t")
    # "Association de Dole, axe 1 : les frais de carburant sont-ils pris en charge ?": the clause that names a cost
    for clause in reversed(re.split(r"[,;:]", folded)):
        cost = _OF_COSTS.search(clause)
        if cost and re.match(r"\s+(?:de|d'|des|du)\b", clause[cost.end():]):  # a cost of something, not "une dépense éligible"
            named = _OPENING.search(clause[cost.start():] + ",")
            return named.group("t") if named else clause[cost.start():]
    m = _OPENING.search(folded)
    return m.group("t") if m else ""


def asked_cost(folded: str) -> str:
    """The words naming the cost a question asks about ("une petite indemnité de 50 € par atelier"), or "" when its
    question (the last sentence: "… budget total 30 000 €. Ça tient la route ?" asks about no cost) asks about no cost,
    or asks how much ("pris en charge jusqu'à combien ?")."""
    from .understand import asks_open_inside

    sentences = [x for x in re.split(r"(?<=[.!?])\s+", folded.strip()) if x.strip()]
    asked = sentences[-1] if sentences else folded
    if not _ASKS_COST.search(asked) or _NEGATED.search(asked.replace("non ?", "")) or asks_open_inside(asked):
        return ""
    return _thing(asked)


def _head(text: str, common: frozenset[str]) -> set[str]:
    """The first few content stems of what is paid for, with the general words for it (five letters: a family)."""
    skip = framing_stems() | _SPENDING
    sw = stop_words()
    # words of four letters or more, by their stems ("repas" is "rep", "midi" "mid": short stems of telling words)
    stems = [t for w in words(text) if len(w) >= 4 and w not in sw and not w.isdigit()
             for t in [stem(w)] if t not in skip and len(t) >= 3 and t[:5] not in common][:3]
    return {t[:5] for t in stems} | {t[:5] for h in hypernyms(text) for t in tokens(h)}


@lru_cache(maxsize=8)
def cost_lines(text: str) -> tuple[tuple[str, bool], ...]:
    """The lines of a call that list a cost, each with whether it is eligible: items under a lead-in or a heading that
    says the costs are eligible (or not), and sentences that say so of themselves; only where costs are spoken of (the
    line, its lead-in or its heading name a cost)."""
    out: list[tuple[str, bool]] = []
    lead, heading = "", ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        f = fold(line)
        if line.startswith("#"):
            heading, lead = f, ""
            continue
        item = line.startswith(("-", "*", "•"))
        if not item:
            lead = f if f.rstrip().endswith(":") else ""
        frame = lead if item and lead else heading if item else ""
        # an item is read whole; a paragraph sentence by sentence ("Le plan de financement comporte … La valorisation
        # du bénévolat n'est pas prise en compte": only the second rules a cost out)
        bodies = [line.lstrip("-*• ").strip()] if item else _SENTENCE.split(line)
        for body in bodies:
            b = fold(body)
            if len(body) < 8 or not _OF_COSTS.search(f"{heading} {frame} {b}"):
                continue  # "les personnes ayant déjà bénéficié d'une aide ne peuvent être prises en charge": people
            spared = re.search(r"\bsauf (?:pour )?(?:l'|les? |la )?[^:]{0,40}:\s*", b) if not item and _RULES_OUT.search(b) else None
            if spared and len(body) == len(b) and _ELIGIBLE_LEAD.search(b[spared.end():]):
                # "Les dépenses d'investissement sont inéligibles, sauf pour l'axe 2 : l'acquisition de vélos … est éligible
                # dans la limite de 25 % du coût total éligible": the rule, and what its exception makes eligible
                out += [(body[:spared.start()].rstrip(" ,"), False), (body[spared.end():], True)]
                continue
            if (frame and _RULES_OUT.search(frame)) or (not item and _RULES_OUT.search(b)):
                out.append((body, False))
            elif ((frame and _ELIGIBLE_LEAD.search(frame)) or (_ELIGIBLE_LEAD.search(b) and not _NEGATED.search(
                    _ONLY.sub(" ", _clause_of(b, _ELIGIBLE_LEAD.search(b).start()))))) and not _RULES_OUT.search(b):
                # ("ne sont éligibles que pour …" restricts, denies nothing; "… ; elle ne peut excéder 40 %": another clause)
                # (an item that says so of itself under a lead-in that does not: "Conditions propres à l'axe 3 : - les
                # dépenses d'investissement (achat de véhicules …) sont éligibles dans la limite de 30 % …")
                out.append((body, True))
    return tuple(out)


def _clause_of(text: str, at: int) -> str:
    """The clause of `text` (between semicolons) that holds position `at`."""
    start = text.rfind(";", 0, at) + 1
    end = text.find(";", at)
    return text[start:end if end >= 0 else len(text)]


_SPENDS = re.compile(r"\b(?:achet\w*|achats?|rachet\w*|rachats?|acquerir|acquisitions?|financ(?:er|able|ables)|payer|louer|rembourser|prendre en charge"
                     r"|utilis\w* (?:une partie de |tout ou partie de |l'argent de )?(?:la |notre |l')?(?:subvention|aide|financement) (?:pour|a)"
                     r"|pris\w* en charge|depenses?|frais|(?:mettre|inscrire|compter|faire figurer|integrer) (?:dans|au) (?:le |notre )?budget"
                     r"|budgetis\w*|buy|purchase|pay for|expenses?)\b")


def asks_spending(folded: str) -> bool:
    """Whether the question (its last sentence) asks whether something may be paid for: "on peut le faire prendre en
    charge ?", "c'est une dépense éligible ?"."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", folded.strip()) if x.strip()]
    return bool(sentences and _SPENDS.search(sentences[-1]))


def allowed_spending(a: Assistant, question: str, common: frozenset[str]) -> list[CriterionResult]:
    """A passed check (a condition when the line sets a limit) for a cost the question asks about that a line of the
    call's eligible costs names; none when the question asks no cost or no line names it."""
    folded = fold(question)
    head = _head(asked_cost(folded), common)
    it = re.search(r"\b(?:le|la|les|l')\s*(?:faire\s+)?(?:prendre en charge|financer|rembourser|payer)\b", folded)
    before = re.split(r"(?<=[.!?])\s+", folded[:it.start()].strip()) if it and asked_cost(folded) else []
    if len(before) > 1 or (before and before[0] and not re.search(r"\b(?:peut|peu[xv]\w*|est-ce)\b", before[0])):
        # "le code + permis B revient à 1 500 € par maman. On peut le faire prendre en charge ?": what "le" stands for
        head = _head(before[-2] if len(before) > 1 else before[0], common) or head
    if not head and (spend := _SPEND.search(folded)):  # a purchase the project describes ("dont achat de 2 minibus")
        head = _head(fold(question)[spend.end():spend.end() + 50], common)
    weighed_only = False  # a cost the project states with its amount, weighed only when the call limits it
    if not head and (stated := _STATED_COST.search(folded)):  # "… : 25 000 € de prestations sur un budget total de 40 000 €"
        head, weighed_only = _head(stated.group("t"), common), True
    if not head:
        return []
    best: tuple[int, str] | None = None
    elsewhere: tuple[int, str, str] | None = None  # the best line kept by its section to another case than the one named
    buying = bool(re.search(r"\b(?:achet\w*|achat|acqu\w*|buy\w*|purchas\w*)", folded))
    renting = bool(re.search(r"\b(?:lou(?:er|e|ons|ez)|location|rent\w*|leas\w*)\b", folded))
    for line in (body for body, eligible in cost_lines(a.spec.call_doc.text) if eligible):
        fl = fold(line)
        if (buying and not renting and re.search(r"\blocation\b|\blouer\b", fl) and not re.search(r"\bachat|\bacqui", fl)) or (
                renting and not buying and re.search(r"\bachat|\bacqui", fl) and not re.search(r"\blocation\b|\blouer\b", fl)):
            continue  # buying a minibus is no "location de véhicules", renting one no "achat de véhicules"
        have = {t[:5] for t in tokens(line)} & head
        if not have:
            continue
        case = _section_case(a, line, folded)
        if case is not None:
            if elsewhere is None or len(have) > elsewhere[0]:
                elsewhere = (len(have), line, case)
        elif best is None or len(have) > best[0]:
            best = (len(have), line)
    if best is None and elsewhere is not None:
        # "(axe 2) … acheter un minibus" and, in the section of the axis 3 only, "les dépenses d'investissement (achat
        # de véhicules …) sont éligibles …": the call pays for it in another case than the one named
        try:
            cite = a.spec.cite(elsewhere[1])
        except Exception:
            return []
        return [_result("expenses", "fail", "reserved", cite, case=elsewhere[2], quote=elsewhere[1].rstrip(" ;.,"))]
    if best is None:
        return []
    line = best[1]
    try:
        cite = a.spec.cite(line)
    except Exception:  # a line not found verbatim is never quoted
        return []
    condition = _ON_CONDITION.search(fold(line))
    if condition and _OF_A_CASE.match(condition.group("c")):
        condition = None  # "… ne sont éligibles que pour les projets de l'axe 2": where, which `kept_elsewhere` reads
    if condition and not weighed_only:
        # the applicant says its case lacks the condition ("… même celles qui n'ont pas encore de piste d'emploi ni de
        # formation"): a failed check; else the condition is what remains to check
        # the applicant says its case lacks the condition ("… même celles qui n'ont pas encore de piste d'emploi ni de
        # formation"): a failed check; says it has it ("… qui ont une promesse d'embauche"): a passed one; else the
        # condition is what remains to check
        stance = _condition_stance(folded, condition.group("c"))
        key = {"unmet": "allowed_unmet", "met": "allowed_met"}.get(stance or "", "allowed_if")
        return [_result("expenses", {"unmet": "fail", "met": "pass"}.get(stance or "", "unknown"), key, cite,
                        quote=line.rstrip(" ;.,"))]
    limited = bool(_LIMITED.search(fold(line)))
    over = _over_the_limit(question, head, line) if limited else None
    counted = over is None and _count_over(question, line)  # "un minibus de 12 places" and "… de 9 places au plus"
    if counted:
        return [_result("expenses", "fail", "allowed_count_over", cite, quote=line.rstrip(" ;.,"))]
    if weighed_only and over is None:
        return []
    if over is not None:  # "2 minibus … pour 36 000 €" and "… dans la limite de 30 000 € par projet"
        return [_result("expenses", "fail" if over else "pass", "allowed_over" if over else "allowed_within", cite,
                        quote=line.rstrip(" ;.,"))]
    return [_result("expenses", "pass", "allowed_limited" if limited else "allowed", cite,  # (the limit quoted: a yes within it)
                    quote=line.rstrip(" ;.,"))]


# an amount of a cost the project states ("25 000 € de prestations"), not of the grant, the budget or who pays
_STATED_COST = re.compile(r"\d[\d\s\u00a0\u202f.,]*\s?(?:k ?€|€|euros?|k)\s+(?:de |d')(?!(?:subvention|budget|cofinanc|financ|fonds|cout|"
                          r"depenses|charges|aide|autofinanc|apport|benevolat)\w*)(?P<t>[a-z][^,.;:!?()]{3,40})")


# a count a cost line bounds ("de 9 places au plus", "au maximum 9 places", "9 places maximum")
_COUNT_CAP = re.compile(r"\b(?:(?P<n>\d{1,4}) (?P<u>[a-z]{4,}) (?:au plus|au maximum|maximum)\b"
                        r"|(?:au plus|au maximum|maximum|jusqu'a) (?P<n2>\d{1,4}) (?P<u2>[a-z]{4,}))")


def _count_over(question: str, line: str) -> bool | None:
    """Whether a number the question gives of the unit a cost line caps ("12 places") is over the cap; None when the
    line caps no count or the question gives no number of that unit."""
    from text_to_num import alpha2digit

    m = _COUNT_CAP.search(fold(line))
    if not m:
        return None
    cap, unit = int(m.group("n") or m.group("n2")), stem(m.group("u") or m.group("u2"))[:5]
    q = fold(alpha2digit(question, "fr", threshold=0))
    said = [int(x.group(1)) for x in re.finditer(r"\b(\d{1,4}) ([a-z]{4,})", q) if stem(x.group(2))[:5] == unit]
    return max(said) > cap if said else None


def _condition_stance(folded_question: str, condition: str) -> str | None:
    """"unmet" when the question says its case lacks what a condition names (a telling word of the condition, by its
    family, right after a word of negation: "pas encore de piste d'emploi ni de formation"), "met" when it names two
    of its telling words and denies none ("des mamans qui ont une promesse d'embauche"), else None."""
    sw = stop_words()
    wanted = {stem(w)[:5] for w in words(condition) if len(w) >= 5 and w not in sw}
    said = words(folded_question)
    held = [i for i, w in enumerate(said) if len(w) >= 5 and stem(w)[:5] in wanted]
    if any(any(_DENIED.fullmatch(x) for x in said[max(0, i - 4):i]) for i in held):
        return "unmet"
    return "met" if len({stem(said[i])[:5] for i in held}) >= 2 else None


def head_overlap(question: str, line: str, common: frozenset[str]) -> int:
    """How many of the words naming the cost a question asks about a line of the call names (by their families)."""
    head = _head(asked_cost(fold(question)), common)
    return len({t[:5] for t in tokens(line)} & head)


def _section_case(a: Assistant, line: str, folded_question: str) -> str | None:
    """The case ("axe 3") whose own section holds a cost line, when the question names another case of that family;
    None when the line's section names no single case, or the question names none or that one."""
    from ..cases import named_numbers
    from .unchecked import _named_elsewhere

    try:
        heading = fold(a.spec.cite(line).locator.split(" > ")[-1])
    except Exception:
        return None
    for fam in ("axe", "lot", "volet", "mesure"):
        numbers = set(named_numbers(fam, heading))
        if len(numbers) == 1 and _named_elsewhere(folded_question, fam, next(iter(numbers))) is not None:
            return f"{fam} {next(iter(numbers))}"
    return None


_LIMIT_EUR = re.compile(r"\b(?:dans la limite de|plafonnee?s? a|jusqu'a|au plus|maximum de|limitee?s? a)\s+(?=\d)")


def _over_the_limit(question: str, head: set[str], line: str) -> bool | None:
    """Whether the amount a question gives for the cost it asks about is over the amount the call's line limits it to;
    None when either gives no amount."""
    from ..quantities import read_amounts

    from ..quantities import read_percents

    f = fold(line)
    cue = _LIMIT_EUR.search(f)
    limit = next((x.value for x in read_amounts(f) if cue and x.start == cue.end()), None)
    pct = next((x for x in read_percents(f) if cue and x.start == cue.end()), None) if limit is None else None
    share = float(pct.value) if pct is not None and re.match(r"\s*(?:du|de la|des) (?:budget|cout|depenses)", f[pct.end:]) else None
    if limit is None and share is None:
        return None  # no amount, nor a share of the project's budget ("dans la limite de 30 % du budget total éligible")
    q = fold(question)
    found = [m.start() for stem in head for m in re.finditer(rf"\b{re.escape(stem)}", q)]
    if not found:
        return None
    # its first mention, and any right after a word of buying ("… dont 16 000 € d'achat de scooters")
    places = [min(found)] + [at for at in found if re.search(r"\b(?:achat|achet\w*|acqui\w*)\b[^,.;?!]{0,20}$", q[max(0, at - 30):at])]
    per = limit is not None and bool(re.match(r"\s*(?:par|per|/)\s", f[cue.end():][len(next(x.text for x in read_amounts(f) if x.start == cue.end())):][:6]))
    # an amount per person against a limit per person ("1 500 € par maman" and "1 300 € par bénéficiaire"), else totals
    # the amount nearest a mention of the thing, after it or just before it ("location de scooters …, 30 000 € demandés
    # …, dont 16 000 € d'achat de scooters": 16 000 €)
    said = [x for _d, x in sorted(((abs(x.start - at), x) for at in places for x in read_amounts(q) if at - 30 <= x.start <= at + 60
                                   and bool(re.match(r"\s*(?:par|per|/)\s", q[x.end:x.end + 6])) == per), key=lambda p: p[0])]
    if not said:
        return None
    if limit is not None:
        return said[0].value > limit + 1e-6
    budget = next((x.value for x in read_amounts(q) if re.search(r"\b(?:budget|cout)\b[^.?!,;]{0,20}$", q[max(0, x.start - 30):x.start])
                   or re.match(r"\s*(?:de |d')(?:budget|cout)", q[x.end:x.end + 12])), None)  # ("48 000 € de budget")
    return 100.0 * said[0].value / budget > share + 1e-6 if budget else None


# a price for one thing bought: "un vidéoprojecteur à 900 € HT", "une imprimante de 1 200 €"
_ONE_THING = re.compile(r"\b(?:un|une|1)\s+(?:[a-z][a-z'-]*\s+){1,3}(?:a|de|pour|qui coute|coutant|valant|d'une valeur de)\s*$")
_BUY = re.compile(r"\b(?:achet\w*|achat|acqu\w*|financ\w*|pris\w* en charge|prendre en charge|rembours\w*|payer|buy\w*|purchas\w*)")
_UNIT = re.compile(r"\b(?:prix|valeur|cout) unitaire\b|\bchaque (?:article|equipement|materiel|objet)\b|\bpar (?:article|unite)\b")
_UNDER = re.compile(r"\b(?:inferieure? a|moins de|n'exced\w* pas|ne depass\w* pas|au plus|jusqu'a|en dessous de)\s+(?=\d)")
_FROM = re.compile(r"\b(?:atteint ou depasse|egale? ou superieure? a|superieure? ou egale? a|superieure? a|au-dela de|plus de|depass\w*)\s+(?=\d)")


def unit_price_checks(a: Assistant, question: str, earlier: str = "") -> list[CriterionResult]:
    """The price of one thing the question would buy ("un vidéoprojecteur à 900 € HT") against the unit price a cost
    line of the call bounds ("… à condition que chaque article coûte moins de 800 € HT", "tout équipement dont le prix
    unitaire atteint ou dépasse 800 € HT"), whatever the thing is called: over the bound, the line that rules it out
    (else the one that caps it) fails it; under, the eligible line passes it. None when no such price or line."""
    from ..quantities import read_amounts

    q = fold(question)
    if not (_BUY.search(q) or _BUY.search(fold(earlier))):
        return []
    price = next((x for x in read_amounts(q) if _ONE_THING.search(q[:x.start]) and not re.match(r"\s*(?:ht|ttc)?\s*(?:par|/)\s", q[x.end:x.end + 12])), None)
    if price is None:
        return []
    found: list[tuple[str, bool, float, str]] = []  # (line, eligible line, bound, "under" or "from")
    for body, eligible in cost_lines(a.spec.call_doc.text):
        f = fold(body)
        if not _UNIT.search(f):
            continue
        for cue, way in ((_UNDER, "under"), (_FROM, "from")):
            m = cue.search(f)
            bound = next((x.value for x in read_amounts(f) if m and x.start == m.end()), None)
            if bound is not None:
                found.append((body, eligible, float(bound), way))
                break
    if not found:
        return []
    def beyond(line: str, bound: float, way: str) -> bool:
        strict = bool(re.search(r"atteint ou depasse|egale? ou superieure?|superieure? ou egale?|inferieure? a|moins de|en dessous de",
                                fold(line)))  # (the bound itself is out: "atteint ou dépasse 800 €", "moins de 800 €")
        return price.value >= bound - 1e-6 if strict else price.value > bound + 1e-6

    over = [x for x in found if beyond(x[0], x[2], x[3])]
    pick = next((x for x in over if not x[1]), None) or next((x for x in over), None)
    status = "fail" if pick else "pass"
    pick = pick or next((x for x in found if x[1]), found[0])
    try:
        cite = a.spec.cite(pick[0])
    except Exception:  # a line not found verbatim is never quoted
        return []
    key = ("ruled_out" if not pick[1] else "allowed_over") if status == "fail" else "allowed_within"
    return [_result("expenses", status, key, cite, quote=pick[0].rstrip(" ;.,"))]

