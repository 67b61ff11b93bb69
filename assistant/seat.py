"""Where the applicant is based, against where the call wants its seat (constraints.py's evaluator): the départements
or région a call names, a seat outside the territory admitted on the condition of a local branch (met, denied, or to
check — a branch named outside the territory meets no condition of a branch on it), a seat abroad.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .calls.spec import Constraint
from .cases import quoted_first
from .constraints import CriterionResult, crit
from .territory import Territory
from .textnorm import fold
from .types import Citation, Profile


def check_seat(c: Constraint, p: Profile, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """The structure's seat against the départements (codes in `allowed`) where the call wants it."""
    seat = territory.resolve(p.structure.commune) if p.structure.commune else None
    if (seat is None or seat.status not in ("in", "out")) and (c.allowed or c.local_territory) and seated_abroad(p.project.summary or ""):
        # "based in Esch-sur-Alzette (Luxembourg)", "no office in France": no département of France holds it
        return crit(c.id, "fail", "criterion.seat.abroad", [x for x in cites if x.quote not in c.raised_quotes] or cites)
    if seat is None or seat.status not in ("in", "out") or not seat.departement:
        return crit(c.id, "unknown", "criterion.seat.missing", cites, "criterion.seat.question")
    where = {lang: seat.name for lang in ("fr", "en")}  # no département code: a figure the call's quote may not hold
    if c.local_territory and c.raised_quotes:  # anywhere, with a branch on the territory when the seat is outside it
        if seat.status != "in" and c.local and seat.departement in c.local and c.local_quotes:
            # "Une structure dont le siège est situé ailleurs dans l'Yonne est éligible si …": admitted on those conditions
            return crit(c.id, "warn", "criterion.seat.local_conditions", quoted_first(cites, c.local_quotes[0]), seat=where,
                        clause=c.local_quotes[0].rstrip(" ."))
        if seat.status == "in" or (c.local and seat.departement in c.local):
            return crit(c.id, "pass", "criterion.seat.pass", cites, seat=where)
        if c.allowed and seat.departement not in c.allowed:  # "… hors du département de la Meuse ne peut pas être porteuse"
            return crit(c.id, "fail", "criterion.seat.fail", [x for x in cites if x.quote not in c.raised_quotes] or cites, seat=where)
        return _branch(c, p, cites, where, territory)
    if seat.departement in c.allowed and c.local and seat.departement not in c.local and c.raised_quotes:
        # "Si le siège est situé hors du département du Jura, le porteur doit disposer d'une antenne dans le Jura"
        return _branch(c, p, cites, where)
    if seat.departement in c.allowed and seat.status != "in" and c.local_quotes and not c.local:
        # "… en Haute-Saône mais hors des trois intercommunalités peut porter un projet si …": on those conditions
        return crit(c.id, "warn", "criterion.seat.local_conditions", quoted_first(cites, c.local_quotes[0]), seat=where,
                    clause=c.local_quotes[0].rstrip(" ."))
    if seat.departement in c.allowed:
        return crit(c.id, "pass", "criterion.seat.pass", cites, seat=where)
    if c.raised_quotes and not c.local:  # "disposer d'un siège ou d'un établissement secondaire en Haute-Saône"
        return _branch(c, p, cites, where)
    if c.outside_quotes:  # "… n'est éligible qu'en partenariat avec une structure dont le siège est dans le Lot"
        from .conditions import condition_met
        from .participants import joint_or_sole

        clause, said = " ".join(c.outside_quotes), p.project.summary or ""
        met = False if joint_or_sole(clause, said) is False else condition_met(clause, said)
        key = {True: "branch_met", False: "branch_missing"}.get(met, "branch_unknown")
        return crit(c.id, {True: "pass", False: "fail"}.get(met, "warn"), f"criterion.seat.{key}", quoted_first(cites, c.outside_quotes[0]),
                    seat=where, clause=clause.rstrip(" ."))
    return crit(c.id, "fail", "criterion.seat.fail", cites, seat=where)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """The names of the world's countries but France, in French and English (babel's territory names), normalised."""
    from babel import Locale

    from .territory import normalize

    return frozenset(normalize(name) for lang in ("fr", "en") for code, name in Locale(lang).territories.items()
                     if code.isalpha() and code != "FR" and len(name) >= 4)


def seated_abroad(text: str) -> bool:
    """Whether a text places the applicant's seat outside France: a country named right after its seat ("basée à
    Esch-sur-Alzette (Luxembourg)", "based in Geneva, Switzerland"), or no office in France ("with no office in France")."""
    from .territory import normalize

    f = fold(text)
    if re.search(r"\b(?:no|sans|pas d'|aucune?|without)\s+(?:\w+\s+){0,2}(?:office|bureau|antenne|locaux|etablissement|presence)\w*\s+"
                 r"(?:\w+\s+){0,2}(?:in|en) france\b", f):
        return True
    seat = re.search(r"\b(?:siege|basee?s?|based|headquartered|domiciliee?s?)\b[^.?!;]{0,60}", f)
    if not seat:
        return False
    near = f" {normalize(seat.group(0))} "
    return any(f" {c} " in near for c in _countries())


def _branch(c: Constraint, p: Profile, cites: list[Citation], where: dict, territory: Territory | None = None) -> CriterionResult:
    """A seat outside where the call wants it: met when the applicant says it has a branch there, failed when it says it
    has none, a warning quoting the call's condition otherwise — or when the branch it names lies outside the territory
    ("nos locaux à Roye", Roye being outside it)."""
    clause = " ".join(c.raised_quotes)  # (a lead and the items it opens: "… à deux conditions cumulatives : - … ; - …")
    text = p.project.summary or ""
    said = fold(text)
    found = _BRANCH.search(said)
    status = "unknown" if not found else "fail" if found.group(0).startswith("aucun") or re.search(r"\b(?:pas|aucun\w*|sans|no|without|not)\b(?:\s*[\w']+){0,3}\s*$",
                                                              said[max(0, found.start() - 30):found.start()]) else "pass"
    if status == "pass" and territory is not None and c.local_territory and len(text) == len(said) and not re.search(
            r"\bdepartement\b", fold(clause)):  # (a branch "dans le département" may lie outside the territory)
        at = re.match(r"\s*(?:[\w'-]+\s+){0,3}?(?:à|a|au|sur|in|at)\s+([A-ZÀ-Ý][\w'-]+(?:[- ][A-ZÀ-Ý][\w'-]+)*)", text[found.end():])
        place = territory.resolve(at.group(1)) if at else None
        if place is not None and place.status == "out":
            status = "unknown"
    if status == "fail" and re.search(r"\bou (?:s'(?:il|ils|elle|elles)|si|a condition|en concluant|en signant|par la signature) ", fold(clause)[found_at(clause):]):
        status = "unknown"  # "… une antenne permanente …, ou s'il conclut une convention de co-portage": another way remains
    key = {"unknown": "branch_unknown", "fail": "branch_missing", "pass": "branch_met"}[status]
    if status == "pass":  # the branch said: how often it opens, and what else the clause asks, decide too
        need, have = opening(fold(clause)), opening(said[found.start():])
        more = _also_asked(clause, said)
        if need is not None and have is not None and have < need:
            status, key = "fail", "branch_too_rarely"
        elif more is False:
            status, key = "fail", "branch_share"
        elif (need is not None and have is None) or more is None:
            status, key = "unknown", "branch_unknown"
    cited = quoted_first(cites, c.raised_quotes[0])
    return crit(c.id, "warn" if status == "unknown" else status, f"criterion.seat.{key}", cited,
                seat=where, clause=clause.rstrip(" ."))


_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday", "wednesday", "thursday",
         "friday", "saturday", "sunday")
_HALF = r"demi-?\s?journees?|matinees?|apres-midi|half-days?|half days?|mornings?|afternoons?"


def opening(folded: str) -> float | None:
    """How many half-days a week a place opens, as a folded text says it ("au moins deux demi-journées par semaine",
    "ouverte 3 jours par semaine", "le mardi matin seulement", "le lundi et le jeudi"), or None when it does not."""
    from text_to_num import alpha2digit

    text = alpha2digit(folded, "fr", threshold=0)
    m = re.search(rf"\b(\d+(?:[.,]5)?) ({_HALF}|jours?|journees?|days?) (?:par|chaque|a la|per|a|each) ?(?:semaine|week)\b", text)
    if m:
        return float(m.group(1).replace(",", ".")) * (1 if re.fullmatch(_HALF, m.group(2)) else 2)
    sentence = re.split(r"[.;!?]", text, maxsplit=1)[0]
    days = [d for d in re.finditer(rf"\b({'|'.join(_DAYS)})s?\b(?: (matin|apres-midi|morning|afternoon)s?)?", sentence)]
    if not days:
        return None
    return float(sum(1 if d.group(2) else 2 for d in days))


def _also_asked(clause: str, said: str) -> bool | None:
    """A share the clause asks beside the branch ("… ; accompagner au moins 80 % de parents résidant dans l'une des trois
    intercommunalités"): True when the applicant meets every one (or none is asked), False when it states one short of
    it, None when it does not say."""
    from .conditions import _share_floor

    out: bool | None = True
    for part in re.split(r"(?<=[;:])\s+", clause):
        f = fold(part)
        if _BRANCH.search(f) or not re.search(r"\bau moins (?:\d[\d ,.]*%|\w+ (?:tiers|quarts?|moitie))", f):
            continue
        met = _share_floor(part, f, said)
        if met is False:
            return False
        if met is None:
            out = None
    return out


def found_at(clause: str) -> int:
    """Where the branch a clause asks for is named (0 when it names none)."""
    m = _BRANCH.search(fold(clause))
    return m.end() if m else 0


# a local presence an applicant says it has, or has not ("une antenne permanente à Dole", "no office at all in the Jura")
_BRANCH = re.compile(r"\b(?:antennes?|etablissements? secondaires?|bureaux?|agences?|implantations?|permanences?|locaux|aucun local|"
                     r"lieux? d'accueil|drop-in|office|offices|branch|branches|premises)\b")
