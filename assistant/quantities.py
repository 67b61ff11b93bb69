"""Quantities read from text: dates (with or without a year), durations ("plus de 12 mois"), amounts and rates.

Plain readers over folded text, used by facts.py (the one fact extractor); numbers written in words become digits
through text2num first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import InputError
from .fmt import MONTHS_EN, MONTHS_FR
from .profile_io import MAX_YEAR, MIN_YEAR
from .textnorm import fold

log = logging.getLogger(__name__)


_MONTH_WORDS = {
    **{fold(m): i + 1 for i, m in enumerate(MONTHS_FR)},
    **{m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)},
    "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?\b"),
    re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<mw>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?\s+(?:de\s+l'an\s+)?(?P<y>\d{{4}})\b"),
]
_RANGE_SEP = re.compile(
    r"^\s*(?:,\s*)?(?:a|au|a la fin|jusqu'?a|jusqu'?au|jusqu'?en|jusqu'?a fin|jusqu'?a la fin de|et|to|until|till|"
    r"through|thru|and|-|–|—)\s*(?:fin\s+|end of\s+|the end of\s+)?$"
)
_START_WORDS = re.compile(
    r"(partir|demarr|debut|commenc|lancement|lance|start|begin|kick|from|des |courant|en |in |le |on |launch)"
)
_END_WORDS = re.compile(r"(jusqu|fin |until|end |avant|before|deadline|limite|cloture|terminer|finish|depuis|since|cree|founded|created)")
_NUM_WORDS = {
    "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5,
    "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10,
    "onze": 11, "eleven": 11, "douze": 12, "twelve": 12, "treize": 13, "thirteen": 13, "quatorze": 14,
    "fourteen": 14, "quinze": 15, "fifteen": 15, "seize": 16, "sixteen": 16, "dix-huit": 18, "eighteen": 18,
    "vingt-quatre": 24, "twenty-four": 24, "trente-six": 36, "thirty-six": 36,
}
_NUMW = "|".join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True))
_DURATION_MONTHS = re.compile(rf"(?<![\w/])(?P<n>\d+(?:[.,]\d+)?|{_NUMW})\s*(?:-\s*)?(?:mois|months?)\b")
_DURATION_YEARS = re.compile(
    rf"(?:pendant|durant|sur|dure|durera|duree\s+(?:de|d')|for|over|lasting|lasts|last|d'une\s+duree\s+de|duration\s+of)\s+"
    rf"(?:une\s+periode\s+de\s+|a\s+period\s+of\s+)?(?P<n>\d+|{_NUMW})\s*(?:-\s*)?(?:ans?|annees?|years?)\b"
)
_NUM = r"\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT_AFTER = re.compile(
    rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>k|K|M|millions?|mille)?\s?(?:€|euros?\b|EUR\b|eur\b|k€)"
)
_AMOUNT_BEFORE = re.compile(rf"(?P<neg>-\s?)?(?:€|EUR)\s?(?P<n>{_NUM})\s?(?P<mult>k|K|M|millions?)?(?![\w])")
_AMOUNT_K = re.compile(rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>k€|K€|M€)")


@dataclass
class _Found:
    value: Any
    start: int
    end: int
    day: bool = False


def _parse_num(s: str) -> float:
    s = s.strip()
    m = re.fullmatch(r"(\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+)(?:[.,](\d{1,2}))?", s)
    if m:
        whole = re.sub(r"\D", "", m.group(1))
        return float(whole + ("." + m.group(2) if m.group(2) else ""))
    return float(s.replace(",", "."))


def _find_dates(folded: str) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTH_WORDS.get(g.get("mw") or "", 0)
            year = int(g["y"])
            day = int(g["d"]) if g.get("d") else 1
            try:
                value = date(year, month, day)
            except ValueError:
                if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
                    continue
                value = None
                if not (MIN_YEAR <= year <= MAX_YEAR):
                    raise InputError(
                        f"Date invalide dans la description : « {m.group(0)} » (année attendue entre {MIN_YEAR} et {MAX_YEAR})."
                    )
            taken.append((m.start(), m.end()))
            found.append(_Found(value, m.start(), m.end(), day=bool(g.get("d"))))
    return sorted(found, key=lambda f: f.start)


def _find_amounts(text: str) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pat in (_AMOUNT_K, _AMOUNT_AFTER, _AMOUNT_BEFORE):
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                v = _parse_num(m.group("n"))
            except ValueError:
                continue
            mult = (m.group("mult") or "").lower()
            if mult.startswith("k"):
                v *= 1000
            elif mult.startswith("m") and mult != "mille":
                v *= 1_000_000
            elif mult == "mille":
                v *= 1000
            if m.group("neg"):
                v = -v
            taken.append((m.start(), m.end()))
            found.append(_Found(v, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


_MORE = re.compile(r"(?:plus de|plus d'|au[- ]dela de|au[- ]dela d'|superieure? a|excedant|depassant|more than|longer than|over|beyond|exceeding)\s*$")
_LESS = re.compile(r"(?:moins de|moins d'|inferieure? a|less than|shorter than|under|below)\s*$")


def _compare(before: str) -> str | None:
    """'more' after "more than", 'less' after "less than"."""
    return "more" if _MORE.search(before) else "less" if _LESS.search(before) else None


def _duration(folded: str) -> tuple[float, str | None] | None:
    for m in _DURATION_MONTHS.finditer(folded):
        before = folded[max(0, m.start() - 20) : m.start()]
        if re.search(r"(depuis|il y a|tous les|chaque|every|ago|since|age|ages|agee?s?)\s*$", before):
            continue
        n = m.group("n")
        return float(_NUM_WORDS.get(n, 0) or n.replace(",", ".")), _compare(before)
    m = _DURATION_YEARS.search(folded)
    if m:
        n = m.group("n")
        return 12.0 * (_NUM_WORDS.get(n, 0) or int(n)), _compare(folded[max(0, m.start() - 20) : m.start() + 12])
    m = re.search(r"(pendant|durant|sur|for|over|than|de|d'|dure|last|lasts)\s+(un an|une annee|1 an|1 annee|a year|one year|1 year)\b", folded)
    if m:
        return 12.0, _compare(folded[max(0, m.start() - 20) : m.end() - len(m.group(2))])
    return None


_RATE = re.compile(
    r"(?P<n>\d{1,3}(?:[.,]\d+)?)\s*(?:%|pour ?cent|percent)(?:\s+(?:du|de|of the|of))?\s*(?:cout|budget|cost|financement|des depenses|total)?"
)
_COST_BEFORE = re.compile(
    r"(?:(?:cout|budget|cost)\s+(?:total|global|overall)|total cost|(?:cout|cost)\s+(?:du projet|of the project|de l'action)"
    r"|pour un (?:cout|budget)(?: total| global)?|(?:un|le|notre) cout(?: total| global)?|sur un (?:budget|cout)(?: total| global)?(?: de)?"
    r"|\d\s?(?:€|euros?)\s+sur)"
    r"\s*(?:du projet|of the project)?\s*(?:de|d'environ|:|of|is|est de|s'eleve a|=)?\s*$"
)
_FULL_MONTHS = {fold(m): i + 1 for i, m in enumerate(MONTHS_FR)} | {m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)}
_BARE_MONTH = re.compile(
    r"\b(?:en|des|a partir de|a partir d'|debut|courant|mi|fin|au mois de|le mois de|in|from|starting|start in|by)\s+(?P<mw>"
    + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b(?!\s*\d)"
)


def _bare_month(folded: str, reference: date) -> date | None:
    """A start month written without its year ("à partir de janvier"): its first occurrence after `reference`."""
    m = _BARE_MONTH.search(folded)
    if not m:
        return None
    month = _FULL_MONTHS[m.group("mw")]
    year = reference.year + (1 if month <= reference.month else 0)
    return date(year, month, 1)


def _digits(folded: str, lang: str) -> str:
    """Numbers written in words turned into digits ("dix-huit mois" → "18 mois"), same text otherwise."""
    try:
        from text_to_num import alpha2digit

        return alpha2digit(folded, "en" if lang == "en" else "fr", threshold=0)
    except Exception as exc:  # a library failure must not lose the other facts
        log.debug("text2num failed: %s", exc)
        return folded
