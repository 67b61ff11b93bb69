"""The money checks of the constraint evaluator (constraints.py): the amount asked against the floor and cap per
project (and per participant, and by case), against the envelope, the share of the cost asked against the maximum
funding rate (by kind of applicant, contributions in kind set aside), and the share other funders bring.
"""

from __future__ import annotations

import re

from .calls.spec import Constraint
from .cases import of_another_case, applicant_case, named_case, named_row, quoted_first
from .constraints import CriterionResult, _raised, _reach, crit, lowered
from .fmt import format_eur, num
from .messages import msg
from .textnorm import fold
from .types import Citation, Profile


def _requested(p: Profile) -> tuple[float | None, dict[str, str] | None]:
    b = p.budget
    if b.requested_eur:
        return b.requested_eur, {lang: msg("criterion.amount.requested", lang, amount=format_eur(b.requested_eur)) for lang in ("fr", "en")}
    if b.lines:
        total = sum(ln.amount_eur for ln in b.lines)
        if total:
            return total, {lang: msg("criterion.amount.lines", lang) for lang in ("fr", "en")}
    return None, None


def _basis(c: Constraint) -> str:
    return f" {c.tax_basis}" if c.tax_basis else ""


_FOR_A_CASE = re.compile(r"\bpour (?:le |la |l'|les )?(?:axe|lot|volet|mesure)s? (?:n[o°] ?)?\d")


def check_amount(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The amount asked against the call's floor and cap per project."""
    amount, what = _requested(p)
    if amount is None:
        return crit(c.id, "unknown", "criterion.amount.missing", cites, "criterion.amount.question")
    basis = _basis(c)
    lo, hi = c.min_eur, c.max_eur
    row = named_row(c, cites, p.project.summary or "")
    if row is not None:  # "on est sur le lot 2": the row of the table of amounts for that case decides, floor and cap
        lo, hi, cite = (row[0] if row[0] is not None else lo), row[1], row[2]  # a row with a cap only keeps the floor
        cites = [cite, *[x for x in cites if x is not cite]]
        # (the case named, not the first sharing its quote: a table whose columns are the axes quotes one row for all)
        own = named_case(c.cases, p.project.summary or "") or next((k for k in c.cases if k.quote == cite.quote), None)
        if hi is not None and own is not None and own.raised_max_eur and own.raised_when and hi < amount <= own.raised_max_eur:
            # "Axe 1 | … | 60 000 € | 75 000 €" under "Plafond par projet | Plafond projet partenarial": that case's kind decides
            # (the call's definition of that kind of project first: it states the condition)
            defined = [q for q in own.raised_quotes if " | " not in q and len(_FOR_A_CASE.findall(fold(q))) < 2]
            # ("Projet interterritorial : … suppose que …"; not "… passe ainsi à 60 000 € pour le lot A, … pour le lot C")
            return _raised(c.model_copy(update={"raised_quotes": [*own.raised_quotes, cite.quote]}),
                           f"lorsque {defined[0]}" if defined else " ".join([f"lorsque {own.raised_when}", *[
                               q for q in own.raised_quotes if len(_FOR_A_CASE.findall(fold(q))) < 2]]),
                           # (not "… passe ainsi à 60 000 € pour le lot A, … à 84 000 € pour le lot C": the values, not the condition)
                           p.project.summary or "",
                           cites, "criterion.amount", what=what, max=format_eur(hi), raised=format_eur(own.raised_max_eur), basis=basis)
        if own is not None and own.raised_max_eur is not None and hi is not None and own.raised_max_eur <= hi and amount > hi:
            # "… plafonnés à 40 000 €, y compris lorsqu'ils remplissent les conditions du plafond majoré": no raise
            return crit(c.id, "fail", "criterion.amount.over", cites, what=what, max=format_eur(hi), basis=basis)
        if hi is not None and c.raised_max_eur is not None and hi < amount <= c.raised_max_eur and all(
                " | " not in q and named_case(c.cases, q) in (None, next((k for k in c.cases if k.quote == cite.quote), None))
                and not any(q in k.raised_quotes for k in c.cases if k is not own)  # (a raise written in another axis's section)
                for q in c.raised_quotes):  # "Pour le lot 1, le plafond est porté à 60 000 € lorsque …": that row's case
            return _raised(c, " ".join(c.raised_quotes), p.project.summary or "", cites, "criterion.amount",
                           what=what, max=format_eur(hi), raised=format_eur(c.raised_max_eur), basis=basis)
    elif hi is not None and amount > hi and c.raised_max_eur is not None and amount <= c.raised_max_eur:
        # a table row's case: its first cell; a cap raised in its own cell ("45 000 €, porté à 60 000 € pour les projets
        # comportant un axe 3"): the words after the raised amount
        case = " ".join(_after_raise(q) or q.split(" | ")[0] for q in c.raised_quotes)
        ordinary = [f"lorsque {x.quote.split(' | ')[0]}" for x in cites if " | " in x.quote and x.quote not in c.raised_quotes]
        got = _raised(c, f"lorsque {case}", p.project.summary or "", cites, "criterion.amount", ordinary,
                      cell=not any(_after_raise(q) for q in c.raised_quotes), what=what, max=format_eur(hi), raised=format_eur(c.raised_max_eur), basis=basis)
        kept = next((k for k in c.cases if any(q in k.raised_quotes for q in c.raised_quotes)), None)
        if kept is not None and got.status == "pass":  # "Ce plafond est porté à 120 000 € …" written for the axis 2 alone
            return crit(c.id, "warn", "criterion.amount.raised_case", got.citations, "criterion.amount.case_question", what=what,
                        max=format_eur(hi), raised=format_eur(c.raised_max_eur), basis=basis, case=kept.label)
        return got
    if hi is not None and amount > hi:
        return crit(c.id, "fail", "criterion.amount.over", cites, what=what, max=format_eur(hi), basis=basis)
    lower = [k for k in c.cases if k.max_eur is not None and amount > k.max_eur and not of_another_case(k.label, p.project.summary or "")
             ] if row is None else []  # ("Axe 3 … 40 000 €" says nothing of a project of the axis 1)
    if lower:  # "Axe 3 – Mobilité | … | 20 000 €" and 25 000 € asked with no axis named: the case decides
        k = min(lower, key=lambda x: x.max_eur)
        return crit(c.id, "warn", "criterion.amount.by_case", quoted_first(cites, k.quote), "criterion.amount.case_question",
                    what=what, case=k.label, cap=format_eur(k.max_eur), basis=basis)
    if lo is not None and amount < lo and c.lowered_min_eur is not None and c.lowered_min_eur < lo and amount >= c.lowered_min_eur and (
            row is None or not any(named_case(c.cases, q) for q in c.lowered_quotes)):
        # (a row's floor too, when the lowered floor names no case of its own: "ramené à 5 000 € quel que soit l'axe")
        # "Le plancher est ramené à 6 000 € pour les projets mis en œuvre exclusivement sur les communes de l'Île …"
        return lowered(c, p.project.summary or "", cites, "criterion.amount", what=what, min=format_eur(lo),
                       lowered=format_eur(c.lowered_min_eur))
    if lo is not None and amount < lo:
        return crit(c.id, "fail", "criterion.amount.under", cites, what=what, min=format_eur(lo), basis=basis)
    if c.max_eur_per_person:  # "1 500 € par participant prévu": the cap times the people the applicant says it serves
        from .participants import stated_count

        n = stated_count(_reach(p))
        if n is not None and not n.approx and amount > c.max_eur_per_person * (n.high or n.value):
            per = next((x for x in cites if format_eur(c.max_eur_per_person).replace("\u202f", " ") in x.quote.replace("\u202f", " ")
                        .replace("\u00a0", " ")), None)
            return crit(c.id, "fail", "criterion.amount.per_person_over", [per, *[x for x in cites if x is not per]] if per else cites,
                        what=what, cap=format_eur(c.max_eur_per_person), n=n.text)
    if lo is not None and hi is not None:
        return crit(c.id, "pass", "criterion.amount.pass_both", cites, what=what, min=format_eur(lo), max=format_eur(hi), basis=basis)
    if hi is not None:
        return crit(c.id, "pass", "criterion.amount.pass_max", cites, what=what, max=format_eur(hi), basis=basis)
    if lo is not None:
        return crit(c.id, "pass", "criterion.amount.pass_min", cites, what=what, min=format_eur(lo), basis=basis)
    return crit(c.id, "pass", "criterion.amount.pass", cites, what=what)


def check_envelope(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The amount asked against the envelope shared by all selected projects."""
    amount, what = _requested(p)
    if amount is None:
        return crit(c.id, "unknown", "criterion.amount.missing", cites, "criterion.amount.question")
    if c.total_eur is None:
        return crit(c.id, "pass", "criterion.amount.pass", cites, what=what)
    total, basis = format_eur(c.total_eur), _basis(c)
    if amount > c.total_eur:
        return crit(c.id, "fail", "criterion.envelope.over", cites, what=what, total=total, basis=basis)
    nmin, nmax = c.projects_min, c.projects_max
    if nmin and amount > c.total_eur / nmin:
        shared = ({lang: msg("criterion.envelope.shared_range", lang, min=nmin, max=nmax) for lang in ("fr", "en")} if nmax
                  else {lang: msg("criterion.envelope.shared_min", lang, min=nmin) for lang in ("fr", "en")})
        return crit(c.id, "warn", "criterion.envelope.share_warn", cites, what=what, n=nmin, total=total, basis=basis, shared=shared)
    return crit(c.id, "pass", "criterion.envelope.pass", cites, what=what, total=total, basis=basis)


def check_funding_rate(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The share of the project's cost asked from the call, against its maximum rate."""
    b = p.budget
    rate, cost = b.funding_rate_percent, None
    if rate is None:
        amount, _ = _requested(p)
        cost = b.total_cost_eur
        if cost is None and b.requested_eur and b.lines:
            lines = sum(ln.amount_eur for ln in b.lines)
            cost = lines if lines > b.requested_eur else None
        if amount is None or not cost:
            return crit(c.id, "unknown", "criterion.funding_rate.missing", cites, "criterion.funding_rate.question")
        if c.in_kind_outside_rate or c.in_kind_max_percent is not None:  # "8 000 € de bénévolat valorisé"
            from .cofinancing import in_kind_amount

            kind = in_kind_amount(p.project.summary or "", cost, amount)
            kind_cites = [x for x in cites if x.quote in c.in_kind_quotes] + [x for x in cites if x.quote not in c.in_kind_quotes]
            if kind and c.in_kind_max_percent is not None and 100.0 * kind / cost > c.in_kind_max_percent + 1e-9:
                return crit(c.id, "fail", "criterion.funding_rate.in_kind_over", kind_cites, max=num(c.in_kind_max_percent))
            if kind and c.in_kind_outside_rate and kind < cost:
                cost, cites = cost - kind, kind_cites  # "elles ne peuvent pas entrer dans l'assiette de calcul du taux"
        rate = 100.0 * amount / cost
    own = applicant_case([k for k in c.cases if k.of_kinds and k.max_percent is not None], p)
    if own is not None:  # "Pour les communes, CCAS, CIAS …, le taux … est ramené à 50 %, quel que soit l'axe"
        return _case_rate(c, own, rate, cites, cost)
    rated = [k for k in c.cases if k.max_percent is not None and not k.of_kinds]
    if rated:  # "Associations … | 80 %", "Communes … | 50 %": the applicant's kind decides
        return _rate_by_case(c, p, rated, rate, cites, cost)
    if c.lowered_percent is not None and c.lowered_percent + 1e-9 < rate and (c.max_percent is None or rate <= c.max_percent + 1e-9):
        # "Ce taux est limité à 60 % lorsque le budget annuel du porteur … dépasse 2 millions d'euros": the condition decides
        from .conditions import condition_met

        met = condition_met(" ".join(c.lowered_quotes), p.project.summary or "")
        lowered = [x for x in cites if x.quote in c.lowered_quotes]
        if met is not False:
            return crit(c.id, "fail" if met else "warn", f"criterion.funding_rate.{'lowered_met' if met else 'lowered'}",
                        lowered + [x for x in cites if x not in lowered], lowered=num(c.lowered_percent))
    if c.max_percent is not None and rate > c.max_percent + 1e-9:
        if c.raised_percent is not None and rate <= c.raised_percent + 1e-9:  # "porté à 75 % lorsque…": the condition decides
            return _raised(c, " ".join(c.raised_quotes), p.project.summary or "", cites, "criterion.funding_rate",
                           max=num(c.max_percent), raised=num(c.raised_percent))
        if c.raised_percent is not None and c.raised_quotes:  # over the raised rate too: the case the applicant is in decides
            from .conditions import condition_met

            if condition_met(" ".join(c.raised_quotes), p.project.summary or ""):  # "un ACI" and "porté à 80 % pour les SIAE"
                raised = [x for x in cites if x.quote in c.raised_quotes]
                return crit(c.id, "fail", "criterion.funding_rate.over", raised + [x for x in cites if x not in raised],
                            max=num(c.raised_percent), most=_most(c.raised_percent, cost))
        return crit(c.id, "fail", "criterion.funding_rate.over", cites, max=num(c.max_percent), most=_most(c.max_percent, cost))
    return crit(c.id, "pass", "criterion.funding_rate.pass", cites, max=num(c.max_percent or 100))


_EXCEPTION = re.compile(r"(?P<n>\d+(?:[.,]\d+)?)\s*%\s*(?:pour|for) (?P<kinds>(?:les |la |le |l'|the )?[^)|;.]{3,120})", re.I)


def _kind_exception(k, p: Profile):
    """The rate a case's row or sentence grants some kinds of applicant instead ("70 % (50 % pour les organismes à but
    lucratif et les CIAS)"), as a case of its own, when the applicant is of one of those kinds; else None."""
    from .calls.spec import Case

    for m in _EXCEPTION.finditer(k.quote):
        kinds = m.group("kinds").strip()
        if re.match(r"(?:les |la |le |l')?(?:projets?|depenses?|couts?|actions?|participants?)\b", fold(kinds)):
            continue  # "80 % pour les dépenses d'investissement": a rate of a cost, not of a kind of applicant
        alt = Case(label=kinds, quote=k.quote, max_percent=float(m.group("n").replace(",", ".")))
        if applicant_case([alt], p) is not None:
            return alt
    return None


def _most(percent: float, cost: float | None) -> dict[str, str]:
    """The most the call may fund at `percent` of a known cost, shown with its operands (« : au plus 21 000 € (70 % ×
    30 000 €) »), else nothing."""
    return {lang: msg("criterion.funding_rate.most", lang, most=format_eur(round(cost * percent / 100.0, 2)), max=num(percent),
                      cost=format_eur(cost)) if cost else "" for lang in ("fr", "en")}


def _raise_open(c: Constraint, rate: float, said: str, strict: bool = False) -> bool:
    """Whether a rate is within the one the call raises on a condition, that raise not kept to another case than the
    one the applicant names ("pour le volet C uniquement" and a project of the volet A)."""
    from .cases import CASE_NAMED, named_numbers

    if c.raised_percent is None or rate > c.raised_percent + 1e-9 or not said:
        return False
    from .conditions import _kind
    from .territory import normalize

    for q in c.raised_quotes:  # "… porté à 80 % pour les associations et structures de l'IAE": not a commune's
        kinds = re.search(r"\bportee? a \d+(?:[.,]\d+)? ?% (pour (?:les|des) [^(.;]+)", fold(q))
        named = re.sub(r"\bstructures? de l iae\b", "siae", normalize(kinds.group(1))) if kinds else ""  # ("de l'IAE": SIAE)
        if kinds and (_kind(named, said) is not True if strict else _kind(named, said) is False):
            return False  # (`strict`: the applicant's own row is known, a raise for other kinds is not its)
    kept = [m for q in c.raised_quotes for m in CASE_NAMED.finditer(fold(q))]
    return not any((named := named_numbers(m.group(1), fold(said))) and m.group(2) not in named for m in kept)


def _case_rate(c: Constraint, k, rate: float, cites: list[Citation], cost: float | None, said: str = "") -> CriterionResult:
    """The funding rate against the rate of the one case the applicant is in, that case's row quoted first; a rate
    between it and a rate the call raises on a condition ("pour le volet C uniquement, lorsque …, le taux maximal est
    porté à 80 %") is for that condition to decide, unless the raise is kept to another case than the one said."""
    if rate > k.max_percent + 1e-9 and _raise_open(c, rate, said, strict=True):
        return _raised(c, " ".join(c.raised_quotes), said, quoted_first(cites, k.quote), "criterion.funding_rate",
                       max=num(k.max_percent), raised=num(c.raised_percent))
    key = "over" if rate > k.max_percent + 1e-9 else "pass"
    return crit(c.id, "fail" if key == "over" else "pass", f"criterion.funding_rate.case_{key}", quoted_first(cites, k.quote),
                case=k.label, max=num(k.max_percent), most=_most(k.max_percent, cost))


def _rate_by_case(c: Constraint, p: Profile, rated: list, rate: float, cites: list[Citation], cost: float | None = None) -> CriterionResult:
    """The funding rate against the rate of the applicant's own kind (a row of the call's table of rates by kind); with
    no kind known, a rate over every row's fails, one over the lowest is a warning."""
    k = applicant_case(rated, p) or named_case(rated, p.project.summary or "")  # by kind, or the case it names ("axe 2")
    if k is not None:
        return _case_rate(c, _kind_exception(k, p) or k, rate, cites, cost, p.project.summary or "")  # ("70 % (50 % pour les … CIAS)")
    from .calls.draft_values import _types

    # the rows that name the applicant's kind, when some do ("Associations dont le budget … | 80 %" and "Autres
    # associations … | 70 %" for an association whose budget is not said): the range is theirs
    mine = [k for k in rated if p.structure.type and p.structure.type in _types(k.label)]
    if len(mine) > 1:  # "Associations dont le budget annuel … est inférieur à 300 000 €" and "budget annuel 180 000 €"
        from .conditions import _amount_bound

        bound = {id(k): _amount_bound(fold(k.label), p.project.summary or "") for k in mine}
        met = [k for k in mine if bound[id(k)]]
        if len(met) == 1 or (met and all(bound[id(k)] is False for k in mine if k not in met)):
            return _case_rate(c, met[0], rate, cites, cost)
        mine = [k for k in mine if bound[id(k)] is not False] or mine  # (a bound the applicant is over leaves the others)
    pool = mine or rated
    top_k, low_k = max(pool, key=lambda k: k.max_percent), min(pool, key=lambda k: k.max_percent)
    top, low = top_k.max_percent, low_k.max_percent
    cites = quoted_first(quoted_first(cites, top_k.quote), low_k.quote)  # the rows the answer's figures come from
    if rate > top + 1e-9 and _raise_open(c, rate, p.project.summary or ""):
        return _raised(c, " ".join(c.raised_quotes), p.project.summary or "", cites, "criterion.funding_rate",
                       max=num(top), raised=num(c.raised_percent))
    if rate > top + 1e-9:
        return crit(c.id, "fail", "criterion.funding_rate.over", cites, max=num(top), most="")
    if rate > low + 1e-9:
        return crit(c.id, "warn", "criterion.funding_rate.by_case", cites, "criterion.funding_rate.case_question",
                    min=num(low), max=num(top))
    return crit(c.id, "pass", "criterion.funding_rate.pass", cites, max=num(low))


def check_cofinancing(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The other sources an applicant names, those the call does not count set aside, against the share required."""
    from .cofinancing import counted_share, other_sources, uncounted_clause

    left = uncounted_clause(cites, p.project.summary or "")
    if left is not None and c.min_other_percent is not None:
        # "compter le bénévolat … dans les 20 % de cofinancement" and "Les contributions volontaires en nature ne sont pas
        # prises en compte dans ce cofinancement"
        return crit(c.id, "fail", "criterion.cofinancing.not_counted", quoted_first(cites, left.quote), min=num(c.min_other_percent),
                    item=left.quote.rstrip(" ;."))
    total = p.budget.total_cost_eur
    sources = other_sources(p.project.summary or "", total, p.budget.requested_eur) if total else []
    if not sources or c.min_other_percent is None:
        return crit(c.id, "unknown", "criterion.cofinancing.missing", cites)
    share = counted_share(sources, total, c.not_counted)
    key = "pass" if share + 1e-9 >= c.min_other_percent else "fail"
    return crit(c.id, key, f"criterion.cofinancing.{key}", cites, min=num(c.min_other_percent))


def check_own_funds(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The share of the cost the applicant says it brings itself, the sources the call does not count set aside,
    against the least share the call asks; short of it under a clause that makes exceptions, a point to check."""
    from .cofinancing import own_share, uncounted_clause

    left = uncounted_clause(cites, p.project.summary or "")
    if left is not None:
        # "compter le bénévolat valorisé pour atteindre les 10 % de fonds propres" and "les contributions … en nature
        # (bénévolat …) n'entrent pas dans le coût total éligible"
        return crit(c.id, "fail", "criterion.own_funds.not_counted", quoted_first(cites, left.quote), min=num(c.min_own_percent or 0),
                    item=left.quote.rstrip(" ;."))
    said = own_share(p.project.summary or "", p.budget.total_cost_eur, p.budget.requested_eur, c.not_counted)
    if said is None or c.min_own_percent is None:
        return crit(c.id, "unknown", "criterion.own_funds.missing", cites)
    share, amount = said
    shown = {lang: f"{num(share)} %" if amount is None else msg("criterion.own_funds.of", lang, own=format_eur(amount),
             total=format_eur(p.budget.total_cost_eur), share=num(round(share, 1))) for lang in ("fr", "en")}
    values = {"min": num(c.min_own_percent), "shown": shown}
    if share + 1e-9 >= c.min_own_percent:
        return crit(c.id, "pass", "criterion.own_funds.pass", cites, **values)
    if any(re.search(r"\b(?:sauf|a l'exception|hormis|excepte)\b", fold(x.quote)) for x in cites[:1]):
        return crit(c.id, "warn", "criterion.own_funds.except", cites, **values)
    return crit(c.id, "fail", "criterion.own_funds.fail", cites, **values)


def _after_raise(quote: str) -> str:
    """The condition a cell or an item states after raising a cap ("…, porté à 60 000 € pour les projets comportant un axe
    3", "… ; ce plafond est porté à 70 000 € pour les projets déployés sur les trois intercommunalités"), or ""."""
    m = re.search(r"[,;]\s*(?:(?:ce|le) (?:plafond|montant(?: maximum)?) |celui-ci |il )?(?:est |sera )?(?:porte|releve|eleve)e? a "
                  r"[\d\s\u00a0\u202f.,]+(?:€|euros?)\s*(?P<cond>[^|]+)$", fold(quote))
    return m.group("cond").strip(" .;") if m else ""
