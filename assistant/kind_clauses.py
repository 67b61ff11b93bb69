"""Clauses of admission that name kinds of structure, read against the kind an applicant is: which clause names its
own word (`_naming_first`, `_admitted_by_name`), a kind the clause rules out under another word ("la mairie" and "les
communes", `_sub_kind_excluded`; "un établissement public de l'État", `_same_kind_excluded`), a kind admitted for other
cases than the project's (« …, uniquement au titre de l'axe 1 », a table « Communes … | Oui | Oui | Non »,
`_kept_to_other_cases`) and an exception the applicant says it is in (« Par exception, une intercommunalité exerçant la
compétence … », `_exception_met`). Read by `eligibility.check_applicant`.
"""

from __future__ import annotations

import re

from .admission import _EXCEPT, _exclusions
from .calls.spec import CallSpec
from .facts import _Data
from .territory import normalize
from .textnorm import fold
from .types import Citation

def _admitted_by_name(t: str, d: _Data, spec: CallSpec, cites: list[Citation], said: str) -> Citation | None:
    """A clause admitting applicants that names the applicant's own word for its type ("SCIC" in "les sociétés
    coopératives d'intérêt collectif (SCIC)"), when no excluding clause names that word."""
    words = [normalize(w) for w in (d.types.get(t, {}) or {}).get("words", []) if len(normalize(w)) > 2]
    own = [w for w in words if f" {w} " in f" {said} " and w not in normalize(d.types.get(t, {}).get("label", {}).get("fr", t))]
    from .conditions import _abbreviations

    # "une ETTI" and "entreprises de travail temporaire d'insertion": an abbreviation the call spells out names it too
    own += [long for short, long in _abbreviations().items() if len(long.split()) > 2 and f" {short} " in f" {said} "]
    # an "entreprise d'insertion" is one of the "structures de l'insertion par l'activité économique" a call admits
    from .conditions import _kinds

    own += [_abbreviations()[wider] for short, wider in _kinds().items() if wider in _abbreviations() and (
        f" {short} " in f" {said} " or any(w == _abbreviations().get(short) for w in own))]
    # not a kind the applicant says it is not ("we're not an integration company (SIAE)")
    own = [w for w in own if not re.search(rf"\b(?:not|no|pas|non|sans|aucune?|ni)\b(?:\s+\w+){{0,5}}?\s+{re.escape(w.split()[0])}\b", said)
           and not any(re.search(rf"\b(?:not|no|pas|non|sans|aucune?|ni)\b(?:\s+\w+){{0,5}}?\s+{re.escape(short)}\b", said)
                       for short, long in _abbreviations().items() if long == w)]
    if not own:
        return None
    out = _exclusions(spec, cites)
    said_in = {x.quote: [m for w in own for m in re.finditer(rf"\b{_plural(w)}\b", normalize(x.quote))] for x in cites}
    naming = [x for x in cites if said_in[x.quote]]
    # an exclusion names it only to except it ("les entreprises commerciales …, à l'exception des entreprises d'insertion")
    # (read item by item: "… à l'exception des entreprises d'insertion ; les cabinets de conseil" excepts no cabinet)
    excepted = {x.quote for x in naming if x.quote in out and all(
        _EXCEPT.search(seg[:m.start()][-60:]) for seg in map(normalize, x.quote.split(";")) for w in own
        for m in re.finditer(rf"\b{_plural(w)}\b", seg))}
    if any(x.quote in out and x.quote not in excepted for x in naming):
        return None
    return next((x for x in naming if x.quote not in out), None) or next((x for x in naming if x.quote in excepted), None)


# the kinds of local authority an applicant names by another word than a call's list ("la mairie" is a commune)
_SUB_KINDS = (("commune", r"\b(?:mairie|commune|municipalite|ville de|town council|municipality)\b"),
              ("communaute de communes", r"\b(?:communaute de communes|cc de|cc du|cc des|intercommunalite)\b"),
              ("ccas", r"\bccas\b"), ("cias", r"\bcias\b"))


def _sub_kind_excluded(spec: CallSpec, cites: list[Citation], said: str) -> tuple[Citation, str] | None:
    """The exclusion clause whose list opens with the kind of local authority the applicant says it is ("les communes,
    ainsi que …" for "je suis à la mairie de …"), unless an admitting clause names that kind too or the clause carves
    it out ("… hors axe 2", "sauf …")."""
    out = _exclusions(spec, cites)
    for kind, pat in _SUB_KINDS:
        if not re.search(pat, said) or re.search(rf"\b(?:pas|non|ni) (?:une? |la |le )?{kind}\b", said):
            continue
        word = rf"(?<!\bde )(?<!\bdes )(?<!\bdu )\b{_plural(kind)}\b"  # ("les communautés de communes" names no commune)
        admitted = [x for x in cites if x.quote not in out and re.search(word, normalize(x.quote)[:60])]
        for x in cites:
            q = normalize(x.quote)
            m = re.search(word, q[:40])
            if x.quote in out and m and not admitted and not _EXCEPT.search(q[:m.start()]) and not re.search(
                    r"^\W*(?:\w+\W+){0,2}(?:hors|sauf|excepte)\b", q[m.end():]):
                return x, kind
    return None


def _same_kind_excluded(t: str, d: _Data, excluding: list[Citation], said: str) -> Citation | None:
    """The excluding clause that names the applicant's kind with the same words after it as the applicant does
    ("les établissements publics de l'État" for "un établissement public de l'État")."""
    padded = f" {said} "
    for x in excluding:
        q = f" {normalize(x.quote)} "
        for w in _type_words(t, d):
            for m in re.finditer(rf" {_plural(w)} ((?:\w+ ){{1,3}})", q):
                tail = m.group(1).split()
                tail = tail[:next((i for i, v in enumerate(tail) if i and v in ("et", "ou", "qui", "a", "les")), len(tail))]
                if len(" ".join(tail)) >= 4 and re.search(rf" {_plural(w)} {re.escape(' '.join(tail))}\b", padded):
                    return x
    return None


def _plural(word: str) -> str:
    """A pattern of a structure type's word or phrase, each of its words singular or plural ("établissements publics")."""
    return " ".join(rf"{re.escape(w)}(?:s|x)?" for w in normalize(word).split())


def _type_words(t: str, d: _Data) -> list[str]:
    """The words of structure type `t`, with the plural names a call's list of applicants gives it ("les communes")."""
    from .calls.drafting import drafting_words

    return [*((d.types.get(t, {}) or {}).get("words", [])), *((drafting_words().get("applicant_plurals") or {}).get(t, []))]


def _kept_to_other_cases(t: str, d: _Data, cites: list[Citation], said: str) -> Citation | None:
    """The clause admitting the applicant's kind for some axes (lots…) only ("les communes et communautés de communes du
    territoire, uniquement au titre de l'axe 1", "…, pour les axes 1 et 2 uniquement"), when the project is of another
    one: named by its number, or placed in one by its theme (constraints._case_of_theme)."""
    from .cases import kept_to, named_numbers, row_cases

    for x in cites:
        first = x.quote.split(" | ")[0]
        if " | " in x.quote and _names_type(t, d, x.model_copy(update={"quote": first})):
            # a row of a table of admitted kinds by case ("Communes … | Oui | Oui | Non" under "… | Axe 1 | Axe 2 | Axe 3"),
            # naming the applicant's own word when it says one ("une SCOP" is none of "Micro-crèches … à but lucratif")
            own = [w for w in (normalize(w) for w in _type_words(t, d)) if len(w) > 2 and f" {w} " in f" {said} "]
            if own and not any(re.search(rf"\b{re.escape(w.split()[0][:5])}", normalize(first)) for w in own):
                continue
            header = next((h for h in cites if h is not x and h.quote.count(" | ") == x.quote.count(" | ")
                           and row_cases(x.quote, h.quote)), None)
            read = row_cases(x.quote, header.quote) if header else None
            named = named_numbers(read[0], fold(said)) if read else []
            if named and set(named) & read[2] and not set(named) & read[1]:
                return x
            continue
        m = kept_to(fold(x.quote))
        if not m or not _names_type(t, d, x):
            continue
        family, numbers = re.sub(r"s$", "", m.group("fam")), m.group("n")
        named = named_numbers(family, fold(said))
        if named and not set(named) & set(re.findall(r"\d{1,2}", numbers)):
            return x
    return None


_EXCEPTION_LEAD = re.compile(r"^\W*(?:par exception|par derogation|a titre derogatoire|toutefois|cependant)\b")
_NOT_TELLING = frozenset({"porter", "porte", "peut", "peuvent", "projet", "projets", "structure", "structures", "deposer", "dossier",
                          "exception", "derogation", "toutefois", "cependant", "candidater", "titre"})


def _exception_met(t: str, d: _Data, cites: list[Citation], said: str) -> Citation | None:
    """The call's exception admitting the applicant's kind on a case ("Par exception, une intercommunalité exerçant la
    compétence d'autorité organisatrice de la mobilité peut porter un projet de l'axe 2") that the applicant says it is
    in: two of the clause's telling words (not the kind's own) among its words, and no other case named."""
    from .cases import named_numbers

    kind_words = {w[:5] for w in normalize(" ".join(_type_words(t, d))).split()}
    mine = {w[:5] for w in said.split() if len(w) >= 5}
    for x in cites:
        q = normalize(x.quote)
        if not _EXCEPTION_LEAD.match(fold(x.quote)) or not _names_type(t, d, x) or any(
                (kept := named_numbers(fam, fold(x.quote))) and (named := named_numbers(fam, said)) and not set(kept) & set(named)
                for fam in ("axe", "lot", "volet", "mesure")):  # "… un projet de l'axe 2" and a project of the axis 1
            continue
        telling = {w[:5] for w in q.split() if len(w) >= 6 and w not in _NOT_TELLING} - kind_words
        if len(telling & mine) >= 2:
            return x
    return None


def _names_type(t: str, d: _Data, cite: Citation) -> bool:
    """Whether a clause names one of the words of structure type `t`, not as part of a longer phrase of another type
    ("entreprise" in "micro-entreprise" names a sole trader, not a company)."""
    q = f" {normalize(cite.quote)} "
    spans = [(m.start(), m.end(), tid) for tid, v in d.types.items() for w in _type_words(tid, d)
             if len(normalize(w)) > 2 for m in re.finditer(rf" {_plural(w)}(?= )", q)]
    return any(tid == t and not any(o[2] != t and o[0] <= s and e <= o[1] and o[1] - o[0] > e - s for o in spans)
               for s, e, tid in spans)


# "bénéficiant de l'agrément", "qui détiennent le label": a clause that admits those holding something
def _naming_first(t: str, d: _Data, cites: list[Citation], said: str = "") -> list[Citation]:
    """The citations with first the one naming the structure type (by the applicant's own word when it can)."""
    words = [normalize(w) for w in _type_words(t, d) if len(w) > 2]
    generic = normalize(str((d.types.get(t, {}) or {}).get("label", {}).get("fr", t)))
    # the applicant's own word first ("SCOP" before "entreprise", the type's own name the profile may add)
    # (the first said, when several: "Le CIAS de notre communauté de communes" is a CIAS)
    own = sorted((w for w in words if f" {w} " in f" {said} "), key=lambda w: (w == generic or w == t, f" {said} ".find(f" {w} "), -len(w)))
    for pool in ([[w] for w in own] + [words]):
        item = next((x for x in cites if any(re.search(rf" {_plural(w)}", " " + normalize(x.quote) + " ") for w in pool)
                     and _names_type(t, d, x)), None)
        if item is not None:
            return [item, *[x for x in cites if x is not item]]
    return cites
