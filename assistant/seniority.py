"""How old the applicant structure is: the creation date a text states, and the call's minimum age.

A call often admits a structure only if it exists for some time ("associations déclarées depuis au moins un an",
"au moins un exercice comptable clos"). `created_in` reads a creation date from a question or a description ("créée
en 2019", "créé en septembre 2026", "existe depuis 4 ans"); `check_seniority` compares the structure's age at the
call's deadline with the minimum, counting a year or a month given alone at its most favourable and least
favourable day: it fails or passes only when both agree.
"""

from __future__ import annotations

import re
from datetime import date

from .textnorm import fold

_CREATED = re.compile(
    r"\b(?:creee?s?|cree|fondee?s?|declaree?s?|immatriculee?s?|constituee?s?|founded|created|registered|set up|"
    r"established|existe(?:nt)? depuis|exists? since|depuis)\s+(?:(?:en|in|le|on|depuis|since)\s+)?")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_NOT_CREATION = re.compile(r"[.,;:?!]|\b(?:et|pour|afin|demarr\w*|commenc\w*|debut\w*|lanc\w*|start\w*|begin\w*|projet|action)\b")
# a date governed by a creation word ("déclarée en préfecture en septembre 2025") is the structure's, not the project's
CREATION_BEFORE = re.compile(r"\b(?:creee?s?|fondee?s?|declaree?s?|immatriculee?s?|constituee?s?|founded|created|registered|"
                             r"established)\b(?:(?!\b(?:et|pour|afin|projet|action)\b)[^.,;:?!]){0,30}$")
_AGE = re.compile(r"\b(?:existe(?:nt)?|cree|creee|sommes|est|exists?|have existed|been around|active)\b[^.?!]{0,25}?\b"
                  r"(?:depuis|for|il y a)\s+(?P<n>\d{1,2})\s+(?P<u>ans?|annees?|years?|mois|months?)\b")
_EXISTS = r"(?:declare|cree|constitue|exist|immatricul|anciennete|fonctionn)\w*"
_EXISTENCE = re.compile(rf"\b{_EXISTS}")
_EXISTENCE_AFTER = re.compile(rf"\s*(?:d'|de\s+)?{_EXISTS}")  # "d'au moins un an d'existence"
_AT_LEAST = re.compile(r"(?:\bau moins|\bplus de|\bminimum(?: de)?)\s+$")
_EXERCISES = re.compile(r"\bau moins\s+(?P<e>\d|un|deux|trois)\s+(?:exercices?|bilans?)\b(?:\s+comptables?)?\s+"
                        r"(?:clos|approuves?|certifies?)")


def required_months(sentence: str) -> float | None:
    """The minimum age in months a call's sentence sets for applicants, if it sets one on their existence
    ("déclarées depuis au moins dix-huit mois", "au moins deux exercices clos"); durations are read by
    `quantities.read_durations`."""
    from .quantities import read_durations

    f = fold(sentence)
    if not (_EXISTENCE.search(f) or re.search(r"\b(?:exercice|bilan)", f)):
        return None
    m = _EXERCISES.search(f)
    if m:
        e = m.group("e")
        return 12.0 * (1 if e == "un" else 2 if e == "deux" else 3 if e == "trois" else int(e))
    for d in read_durations(f):
        before = f[max(0, d.start - 90):d.start]
        said = list(_EXISTENCE.finditer(before))
        after = _EXISTENCE_AFTER.match(f[d.end:d.end + 30])
        if d.high is None and _AT_LEAST.search(f[:d.start]) and (after or said and not re.search(
                r"\b(?:projets?|actions?|durees?|versements?|avances?)\b", before[said[-1].end():])):
            return float(d.value)  # "existence d'au moins deux ans", not "projet de plus de 18 mois" beside a bilan
    return None


def created_in(text: str, today: date | None = None) -> str | None:
    """The structure's creation as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' from a text, or None (dates are read by
    `quantities.read_dates`; a bare year right after the creation word is a year)."""
    from .quantities import read_dates

    f = fold(text)
    for m in _CREATED.finditer(f):
        if re.search(r"\b(?:projet|action|tiers lieu|dispositif)\b", f[max(0, m.start() - 25):m.start()]):
            continue
        rest = f[m.end():m.end() + 40]
        # the date right after the word, or after a short complement ("déclarée en préfecture en septembre 2025")
        found = [d for d in read_dates(rest) if d.start <= 3 or (d.start <= 30 and not _NOT_CREATION.search(rest[:d.start]))]
        if found:
            d = found[0].value
            return d.isoformat() if found[0].day else f"{d.year}-{d.month:02d}"
        y = _YEAR.match(rest)
        if y:
            return y.group(0)
    m = _AGE.search(f)
    if m and today is not None:
        months = int(m.group("n")) * (1 if m.group("u").startswith(("mois", "month")) else 12)
        y, mo = divmod(today.year * 12 + today.month - 1 - months, 12)
        return f"{y}-{mo + 1:02d}"
    return None


def creation_bounds(created: str) -> tuple[date, date] | None:
    """The earliest and latest day a creation written 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' can be."""
    try:
        parts = [int(x) for x in created.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return date(parts[0], parts[1], 1), date.fromordinal(nxt.toordinal() - 1)
        d = date(*parts[:3])
        return d, d
    except (ValueError, TypeError):
        return None


def months_old(created: date, on: date) -> float:
    """Whole and partial months from `created` to `on`."""
    return (on.year - created.year) * 12 + (on.month - created.month) + (on.day - created.day) / 31
