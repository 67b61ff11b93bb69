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
           r"children|kids|teenagers?|people|persons?)")
_RANGE = re.compile(r"\b(?:age(?:e|s|es)?\s+)?(?:de|entre|from|aged)\s+(\d{1,2})\s*(?:ans\s+)?(?:a|et|-|to|and)\s+(\d{1,2})\s*(?:ans|years?)"
                    r"(?:\s+(?:inclus|revolus|compris))?")
_CALL_MAX = re.compile(r"\b(?:moins de|jusqu'a|au plus|under|up to)\s+(\d{1,2})\s*ans\b")
_SAID = re.compile(rf"\b(?P<who>{_PEOPLE})\b[^.?!;]{{0,30}}?\b(?:de|d'|age(?:e|s|es)?\s+de|aged?|of)\s*(?P<a>\d{{1,2}})\s*(?:a|-|et|to)?\s*(?P<b>\d{{1,2}})?\s*(?:ans|years?)\b"
                   r"|\b(?:avoir|a|ont|fete|turned|is|are)\s+(?P<c>\d{1,2})\s*(?:ans|years? old)\b|\b(?P<d>\d{1,2})[- ]years?[- ]olds?\b")
_KINDS = {"youth": r"jeune|ado|adolescent|youth|young|teenager", "child": r"enfant|children|kid|fille|garcon",
          "adult": r"parent|papa|maman|pere|mere|salarie|senior|demandeu"}


def kind_of(people: str) -> str | None:
    """The kind of people a word names (youth, child, adult), None for a word that says no age group ("personnes")."""
    return next((k for k, pat in _KINDS.items() if re.match(pat, people)), None)
_NOT_AGE = re.compile(r"(?:depuis|il y a|sur|pendant|durant|duree|for|over|projet|action|existe|cree|creee|convention)\W+(?:\w+\W+){0,2}$")


def call_range(sentence: str) -> tuple[int | None, int | None, str | None] | None:
    """The age range a call's sentence sets for the people it serves (with their kind), if it names people and ages."""
    f = fold(sentence)
    who = re.search(rf"\b{_PEOPLE}\b", f)
    if not who or re.search(r"\b(?:exercices?|creee?s?|declaree?s?)\b", f):
        return None
    m = _RANGE.search(f)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return (lo, hi, kind_of(who.group(0))) if lo < hi <= 99 else None
    m = _CALL_MAX.search(f)
    return (None, int(m.group(1)), kind_of(who.group(0))) if m else None


def stated_ages(text: str, kind: str | None = None) -> list[int]:
    """The ages of people an applicant's text states (both ends of "de 16 à 25 ans"); with `kind`, only those of that
    kind of people or of people of no stated kind ("un enfant de 2 ans" is not the age of a "jeune")."""
    f = fold(text)
    out: list[int] = []
    for m in _SAID.finditer(f):
        if _NOT_AGE.search(f[max(0, m.start() - 30):m.start() + 1]):
            continue
        said_kind = kind_of(m.group("who")) if m.group("who") else None
        if kind and said_kind and said_kind != kind:
            continue
        for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d")):
            if g and 0 < int(g) < 100:
                out.append(int(g))
    return out
