"""The checks of the people a project serves, for the constraint evaluator (constraints.py): their ages against the
call's range (a case's own range when the applicant names that case, a higher or lower limit granted on a condition),
their number against the call's minimum (by case), and the share of them living in the call's territory.
"""

from __future__ import annotations

from .calls.spec import Constraint
from .cases import named_case, of_another_case, quoted_first
from .constraints import CriterionResult, _raised, _reach, crit, lowered
from .fmt import num
from .messages import msg
from .territory import Territory
from .types import Citation, Profile


def check_age(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The ages of the people the applicant names against the call's range; a higher limit granted on a condition is
    weighed against what the applicant says (conditions.condition_met)."""
    from .ages import stated_ages

    said = " ".join([p.project.summary or "", *p.project.publics])
    ages = stated_ages(said, c.people)
    if not ages:
        return crit(c.id, "unknown", "criterion.age.missing", cites)
    lo, hi = c.min_age, c.max_age
    own = named_case([k for k in c.cases if k.min_age is not None or k.max_age is not None], p.project.summary or said)
    if own is not None:  # "Conditions propres à l'axe 1 : … moins de 12 ans" and a project of the axis 1: its own range
        lo, hi = own.min_age, own.max_age
        cites = quoted_first(cites, own.quote)
        # its own exception, or the one the applicant describes ("un apprenti de 17 ans sous contrat … au module de
        # tuilage" and "Par exception, les apprentis âgés de 16 ou 17 ans … peuvent participer au module de tuilage")
        from .conditions import condition_met

        claimed = [q for q in c.lowered_quotes if q not in own.lowered_quotes and condition_met(q, p.project.summary or said)]
        c = c.model_copy(update={"raised_max_age": None, "lowered_quotes": claimed or list(own.lowered_quotes)})
    shown = {lang: ", ".join(str(a) for a in dict.fromkeys(ages)) for lang in ("fr", "en")}
    rng = {lang: msg("criterion.age.range" if lo is not None and hi is not None else "criterion.age.upto" if lo is None else "criterion.age.from",
                     lang, min=lo, max=hi) for lang in ("fr", "en")}
    young = [a for a in ages if lo is not None and a < lo]
    old = [a for a in ages if hi is not None and a > hi]
    if young and c.lowered_quotes and not old:  # "Par dérogation, les jeunes de 16 et 17 ans …, uniquement sur l'axe 3"
        return lowered(c, p.project.summary or said, cites, "criterion.age", ages=shown, range=rng)
    if young or (old and (c.raised_max_age is None or any(a > c.raised_max_age for a in old))):
        return crit(c.id, "fail", "criterion.age.out", cites, ages=shown, range=rng)
    if old:
        # the applicant's own words weigh the condition first: a public's label ("personnes sans qualification") is no
        # negation of "reconnaissance de la qualité de travailleur handicapé"; the labels help only when they say nothing
        from .conditions import condition_met

        clause = " ".join(c.raised_quotes)
        own = p.project.summary or said
        return _raised(c, clause, own if condition_met(clause, own) is not None else said, cites, "criterion.age", ages=shown,
                       range=rng, raised=c.raised_max_age)
    return crit(c.id, "pass", "criterion.age.in", cites, ages=shown, range=rng)


def check_participants(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The number of people the applicant says it serves against the call's minimum, and against the higher minimum of
    a case the call states when the applicant is in it (participants.in_case: unsaid, a warning)."""
    from .participants import in_case, raised_case, stated_count

    said = _reach(p)
    n = stated_count(said)
    if n is None or c.min_people is None:
        return crit(c.id, "unknown", "criterion.participants.missing", cites, "criterion.participants.question")
    shown = {lang: msg("criterion.participants.approx" if n.approx else "criterion.participants.said", lang, text=n.text)
             for lang in ("fr", "en")}
    lo, hi, top = c.min_people, c.raised_min_people, n.high or n.value
    minima = [k for k in c.cases if k.min_people is not None]
    if minima:  # "12 personnes pour le lot 1, 8 pour le lot 2": the applicant's case decides, unnamed the lowest holds
        mine = [x for x in minima if not of_another_case(x.label, said)]
        if not mine:  # "Les projets des axes 1 et 2 doivent concerner au moins 20 participants" and a project of the axis 3
            return crit(c.id, "pass", "criterion.participants.other_case", cites, said=shown, case=" / ".join(x.label for x in minima))
        minima = mine
        k, highest = named_case(minima, said), max(x.min_people for x in minima)
        lo = k.min_people if k else min(x.min_people for x in minima)
        cites = quoted_first(cites, k.quote) if k else cites
        if k is None and lo <= n.value < highest:
            return crit(c.id, "warn", "criterion.participants.raised", cites, said=shown, min=lo, raised=highest)
        hi = None
    if top < lo:
        return crit(c.id, "fail", "criterion.participants.fail", cites, said=shown, min=lo)
    if n.value < lo or (n.approx and n.value in (lo, hi)):  # "entre 12 et 20", "une quinzaine": around the minimum
        return crit(c.id, "warn", "criterion.participants.near", cites, said=shown, min=lo if n.value <= lo else hi)
    if hi is not None and n.value < hi:
        met = in_case(raised_case([*c.raised_quotes, *c.quotes], lo), said)
        if met and top >= hi:
            return crit(c.id, "warn", "criterion.participants.near", cites, said=shown, min=hi)
        status, key = {True: ("fail", "raised_met"), False: ("pass", "raised_unmet")}.get(met, ("warn", "raised"))
        raised = [x for x in cites if x.quote in c.raised_quotes]
        return crit(c.id, status, f"criterion.participants.{key}", raised + [x for x in cites if x not in raised], said=shown, min=lo, raised=hi)
    return crit(c.id, "pass", f"criterion.participants.{'pass' if hi is None else 'pass_raised'}", cites, said=shown, min=lo, raised=hi)


def check_residents(c: Constraint, p: Profile, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """The share of the people served the applicant says live in the call's territory against the call's minimum."""
    from .participants import stated_residents

    r = stated_residents(_reach(p), territory)
    if r is None or c.min_resident_percent is None:
        return crit(c.id, "unknown", "criterion.residents.missing", cites, "criterion.residents.question")
    if r.inside is None:
        said = {lang: msg("criterion.residents.words", lang, words=r.words) for lang in ("fr", "en")}
    else:
        key = ("counted_out" if not r.inside else "counted") + ("" if r.total is not None else "_part")
        said = {lang: msg(f"criterion.residents.{key}", lang, inside=r.inside, outside=r.outside, total=r.total) for lang in ("fr", "en")}
    out = {lang: msg("criterion.residents.outside", lang, names=", ".join(r.outside_names)) if r.outside_names else ""
           for lang in ("fr", "en")}
    key = "pass" if r.percent + 1e-9 >= c.min_resident_percent else "fail"
    if key == "fail" and r.upper is not None and r.upper + 1e-9 >= c.min_resident_percent:  # the others may live there
        return crit(c.id, "unknown", "criterion.residents.missing", cites, "criterion.residents.question")
    return crit(c.id, key, f"criterion.residents.{key}", cites, said=said, outside=out, min=num(c.min_resident_percent))
