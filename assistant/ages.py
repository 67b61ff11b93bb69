"""The ages of the people a project serves: the range a call sets ("jeunes âgés de 16 à 29 ans inclus", "de 11 à 17
ans") and the ages an applicant states ("des jeunes de 19 ans", "un jeune papa de 24 ans", "qui vient d'avoir 30 ans").

An age is a number of years said of a person; a project's duration ("sur 2 ans") or a structure's age ("créée depuis
4 ans") is not one.
"""

from __future__ import annotations

import re

from .textnorm import fold

_PEOPLE = (r"(?:jeunes?|ados?|adolescent(?:e)?s?|enfants?|personnes?|participant(?:e)?s?|publics?|papas?|mamans?|peres?|meres?|"
           r"parents?|beneficiaires?|filles?|garcons?|salarie(?:e)?s?|seniors?|demandeu(?:r|se)s? d'emploi|youths?|young people|"
           r"children|kids|teenagers?|people|persons?|femmes?|hommes?|women|men|monsieur|messieurs|madames?|mesdames|dames?|"
           r"fils|usage(?:r|re)s?|allocataires?|candidat(?:e)?s?|chomeu(?:r|se)s?|retraite(?:e)?s?|man|woman|gentleman|lady)")
# people whose age an applicant states, beyond those a call counts ("4 apprentis de 17 ans")
_AGED = (rf"(?:{_PEOPLE[3:-1]}|apprenti(?:e)?s?|alternant(?:e)?s?|lyceen(?:ne)?s?|etudiant(?:e)?s?|stagiaires?|saisonnier(?:e)?s?|"
         r"travailleu(?:r|se)s?|apprentices?|students?|trainees?)")
_RANGE = re.compile(r"\b(?:age(?:e|s|es)?\s+)?(?:de|entre|from|aged)\s+(\d{1,2})\s*(?:ans\s+)?(?:a|et|-|to|and)\s+(\d{1,2})\s*(?:ans|years?)"
                    r"(?:\s+(?:inclus|revolus|compris))?")
_CALL_MAX = re.compile(r"\b(?:moins de|jusqu'a|au plus|under|up to)\s+(\d{1,2})\s*ans\b")
# a sentence that makes an exception to the rule before it ("Par dérogation, les jeunes de 16 et 17 ans …")
EXCEPTION = re.compile(r"\b(?:par derogation|par exception|a titre derogatoire|a titre exceptionnel|exceptionnellement)\b")
_CALL_MIN = re.compile(r"\b(\d{1,2})\s*ans\s+(?:ou plus|et plus|minimum|revolus et plus)\b|\b(?:au moins|d'au moins|a partir de|minimum|"
                       r"at least|aged)\s+(\d{1,2})\s*(?:ans|years?)\b|\bplus de\s+(\d{1,2})\s*ans\b")
_DENIED = re.compile(r"^[^.;]{0,80}?\b(?:ne (?:peuvent|peut|sont|est) pas|n'(?:est|sont) pas|sont exclue?s?|est exclue?|ne sont pas eligibles|"
                     r"cannot|are not eligible)\b")
_SAID = re.compile(rf"\b(?P<who>{_AGED})\b[^.?!;]{{0,30}}?\b(?:de|d'|age(?:e|s|es)?\s+de|aged?|of)\s*(?P<a>\d{{1,2}})\s*(?:a|-|et|to)?\s*(?P<b>\d{{1,2}})?\s*(?:ans|years?)\b"
                   r"|\b(?:avoir|a|ont|fete|turned|is|are)\s+(?P<c>\d{1,2})\s*(?:ans|years? old)\b|\b(?P<d>\d{1,2})[- ]years?[- ]olds?\b")
_KINDS = {"youth": r"jeune|ado|adolescent|youth|young|teenager|apprenti|alternant|lyceen|etudiant|student", "child": r"enfant|children|kid|fille|garcon",
          "adult": r"parent|papa|maman|pere|mere|salarie|senior|demandeu|femme|homme|women|men|saisonnier|travailleu|monsieur|messieurs|"
                   r"madame|mesdames|dame|chomeu|retraite|man\b|woman|gentleman|lady"}


def kind_of(people: str) -> str | None:
    """The kind of people a word names (youth, child, adult), None for a word that says no age group ("personnes")."""
    return next((k for k, pat in _KINDS.items() if re.match(pat, people)), None)
_NOT_AGE = re.compile(r"(?:depuis|il y a|sur|pendant|durant|duree|for|over|projet|action|existe|cree|creee|convention)\W+(?:\w+\W+){0,2}$")


def call_range(sentence: str) -> tuple[int | None, int | None, str | None] | None:
    """The age range a call's sentence sets for the people it serves (with their kind), if it names people and ages; of
    a list item of several sentences, the first that sets one, an exception left aside ("… âgés d'au moins 18 ans. Par
    dérogation, les jeunes de 16 et 17 ans … peuvent être accueillis, uniquement sur l'axe 3")."""
    parts = [x for x in re.split(r"(?<=[.;])\s+(?=[A-ZÀ-Ý])", sentence) if x.strip()]
    if len(parts) > 1:
        for part in parts:
            if not EXCEPTION.search(fold(part)):
                found = call_range(part)
                if found:
                    return found
        return None
    f = fold(sentence)
    who = re.search(rf"\b{_PEOPLE}\b", f)
    if not who or re.search(r"\b(?:exercices?|creee?s?|declaree?s?)\b", f):
        return None
    m = _RANGE.search(f)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return (lo, hi, kind_of(who.group(0))) if lo < hi <= 99 else None
    m = _CALL_MAX.search(f)
    if m and _DENIED.search(f[m.end():]):  # "Les jeunes de moins de 18 ans ne peuvent pas être comptabilisés": 18 at least
        return int(m.group(1)), None, kind_of(who.group(0))
    low = _CALL_MIN.search(f)
    if low and (re.search(r"\b(?:doi(?:t|vent)|must)\b|^\W*(?:les )?(?:actions|projets|dispositifs?) (?:s'adressent|sont destinee?s|sont ouverte?s)\b", f)
                or re.match(r"(?:personne|participant|public|beneficiaire|people|person)", who.group(0))):
        # "personnes âgées de 18 ans ou plus", "Les participants doivent être âgés d'au moins 18 ans" (one public among
        # others, "les demandeurs d'emploi …, âgés de 26 ans et plus", sets no age for all)
        n = int(low.group(1) or low.group(2) or low.group(3)) + (1 if low.group(3) else 0)
        return n, None, kind_of(who.group(0))
    return (None, int(m.group(1)), kind_of(who.group(0))) if m else None


def stated_ages(text: str, kind: str | None = None) -> list[int]:
    """The ages of people an applicant's text states (both ends of "de 16 à 25 ans"); with `kind`, only those of that
    kind of people or of people of no stated kind ("un enfant de 2 ans" is not the age of a "jeune")."""
    f = fold(text)
    out: list[int] = []
    for m in _SAID.finditer(f):
        if _NOT_AGE.search(f[max(0, m.start() - 30):m.start() + 1]):
            continue
        if m.group("c") and _OF_A_BODY.search(f[max(0, m.start() - 40):m.start()]):
            continue  # "la MJC (qui a 20 ans)": the age of a structure
        said_kind = kind_of(m.group("who")) if m.group("who") else None
        if kind and said_kind and said_kind != kind and not (kind == "adult" and said_kind == "youth"):
            continue  # (a "jeune de 17 ans" may be one of the adults a call serves; a child is not)
        for name in ("a", "b", "c", "d"):
            g = m.group(name)
            if g and 0 < int(g) < 100 and not _BOUND_SAID.search(f[max(0, m.start(name) - 16):m.start(name)]):
                out.append(int(g))  # ("le public c'est bien enfants de moins de 16 ans ?" quotes a bound, states no age)
    return out


# a structure, whose years are no person's age ("le consortium monté par la MJC (qui a 20 ans)")
_OF_A_BODY = re.compile(r"\b(?:asso\w*|structures?|mjc|entreprises?|societes?|cooperatives?|scic|scop|mairies?|communes?|ccas|cias|"
                        r"centres? sociau?x?|clubs?|federations?|fondations?|organismes?|creches?|consortiums?|groupements?|"
                        r"chef de file|ehpad|siae|aci|reseaux?)\b[^.?!]{0,30}$")
# a bound the applicant quotes, not an age it states: "de moins de 16 ans", "jusqu'à 25 ans", "under 18"
_BOUND_SAID = re.compile(r"\b(?:moins de|plus de|jusqu'a|au plus|au moins|under|over|up to|at least|at most)\s*$")
