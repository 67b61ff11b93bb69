"""Quantities read from text: dates (with or without a year, with a time), durations, amounts and percentages.

One implementation for the whole package (the facts of a question, a description or a dossier, and the drafting of a
call): each value comes with the verbatim span of the text it was read from (`Found.text`), so that it can be quoted.
French is read by libraries rather than by hand:

- dates: a regular expression only finds candidate spans (numeric dates, a day and/or a month name and a year); each
  span is then read by `dateparser` (languages fr, en; first day of a month when no day is given; absolute dates only,
  no relative date such as "demain" and no search over free text — `search_dates` is slow and noisy);
- numbers in digits: `babel.numbers.parse_decimal` with the fr_FR locale (space, no-break and narrow no-break space
  as thousands separators, decimal comma);
- numbers in words ("dix-huit mois", "quatre-vingts pour cent"): `text2num` (alpha2digit, text2num).

Small documented regular expressions remain where no library reads the form: a time after a date ("à 12h00"),
the tax basis after an amount ("HT", "hors taxes", "toutes taxes comprises"), multipliers (k€, M€, millions
d'euros), ranges ("entre 6 et 18 mois").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from .errors import InputError
from .fmt import MONTHS_EN, MONTHS_FR
from .profile_io import MAX_YEAR, MIN_YEAR
from .textnorm import fold

log = logging.getLogger(__name__)


@dataclass
class Found:
    """One value read from a text: its value, its offsets in the text it was read from and the verbatim span."""

    value: Any
    start: int
    end: int
    day: bool = False  # dates: a day was given (else the first of the month)
    text: str = ""  # the verbatim span, as written in the text read
    time: str = ""  # dates: "HHhMM" when a time follows the date
    tax: str = ""  # amounts: the tax basis written after the amount, as an abbreviation ("HT"...)
    high: float | None = None  # durations: the upper end of a range ("entre 6 et 18 mois": value 6, high 18)
    year: bool = True  # dates: a year was written (else the next occurrence after the reference date)
    approx: bool = False  # counts: a round figure said approximately ("une vingtaine" = 20)


_Found = Found  # the name facts.py and the dossier review import


def _fold_map(text: str) -> tuple[str, list[int]]:
    """fold(text) with, for each folded character, the offset of the character of `text` it comes from."""
    from .textnorm import ranked_cases

    text = ranked_cases(text)  # ("Lot B" read "lot 2", the same length)
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        out.append(f)
        idx.extend([i] * len(f))
    idx.append(len(text))
    return "".join(out), idx


def _span(text: str, idx: list[int], start: int, end: int) -> tuple[int, int, str]:
    """Offsets in the original text of the folded span [start, end), and the verbatim span."""
    s = idx[start]
    e = idx[end - 1] + 1 if end > start else s
    return s, e, text[s:e]


# --------------------------------------------------------------------------- numbers

_GROUPED = re.compile(r"(\d{1,3})((?:(?P<sep>[ \u00a0\u202f.,'’])\d{3})(?:(?P=sep)\d{3})*)(?:[.,](\d{1,2}))?")


def parse_number(s: str) -> float:
    """A number written in digits, French or English style ("12 500", "12.500", "12 500,50", "1,5", "12,500")."""
    s = s.strip()
    m = _GROUPED.fullmatch(s)
    if m:  # grouped thousands: babel's fr_FR knows the spaces; a dot, an apostrophe or an English comma is removed here
        s = m.group(1) + re.sub(r"\D", "", m.group(2)) + ("," + m.group(4) if m.group(4) else "")
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return float(parse_decimal(s.replace(".", ","), locale="fr_FR"))
    except NumberFormatError as exc:
        raise ValueError(f"not a number: {s!r}") from exc


_parse_num = parse_number  # the name facts.py imports


_NUMBER_WORDS_FR = ("zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
                    "vingt vingts trente quarante cinquante soixante cent cents mille").split()
_NUMBER_WORDS_EN = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred").split()
_NW = "|".join(sorted(_NUMBER_WORDS_FR + _NUMBER_WORDS_EN, key=len, reverse=True))
# a number written in words: number words joined by hyphens, spaces or "et"/"and" ("vingt et un", "quatre-vingts")
_WORDS_NUMBER = rf"(?:{_NW})(?:(?:-|\s+|\s+(?:et|and)\s+)(?:{_NW}))*"


@lru_cache(maxsize=1024)
def _words_value(words: str) -> float | None:
    """The value of a number written in words (French or English), through text2num; None when it is not one."""
    from text_to_num import text2num

    for lang in ("fr", "en"):
        try:
            return float(text2num(words, lang))
        except (ValueError, AssertionError, KeyError, TypeError):
            continue
    return None


def _number_value(s: str) -> float | None:
    """A number in digits or in words; None when it is neither."""
    if s[:1].isdigit():
        try:
            return parse_number(s)
        except ValueError:
            return None
    return _words_value(s)


# --------------------------------------------------------------------------- dates

_MONTH_WORDS = {
    **{fold(m): i + 1 for i, m in enumerate(MONTHS_FR)},
    **{m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)},
    "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True))
_FULL_MONTHS = {fold(m): i + 1 for i, m in enumerate(MONTHS_FR)} | {m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)}
_FULL_RE = "|".join(sorted(_FULL_MONTHS, key=len, reverse=True))
_EN_FULL_RE = "|".join(m.lower() for m in MONTHS_EN)
# candidate spans of absolute dates (on folded text), read by dateparser; the first patterns win an overlap
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?\b"),
    re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?,?\s+(?:de\s+l'an\s+)?(?P<y>\d{{4}})\b"),
]
# a day and a month without a year ("le 15 mars", "March 15"): read only when a reference date is given
_YEARLESS_PATTERNS = [
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<mw>{_FULL_RE})\b(?!\.?,?\s*\d)"),
    re.compile(rf"\b(?P<mw>{_EN_FULL_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)"),
]
# a time written after a date ("à 12h00", "12 h", "at 5pm", "17:30"): no date library reads it apart from its date
_TIME = re.compile(
    r"(?:\s*,)?\s*(?:a|at|vers|-)?\s*(?P<h>[01]?\d|2[0-3])\s*"
    r"(?:h(?:eures?)?(?:\s*(?P<mi>[0-5]\d))?|:(?P<mi2>[0-5]\d)|(?P<ap>am|pm|a\.m\.|p\.m\.))(?![\w])"
)


@lru_cache(maxsize=8)
def _date_parser(reference: date | None) -> Any:
    """dateparser's parser: French then English, absolute dates only, the first day of a month when no day is given.

    Without a reference, a month and a year are required; with one, a date without a year is its next occurrence.
    dateparser is imported here, on the first date read (its import and language data take about a second).
    """
    from dateparser.date import DateDataParser

    base = datetime(reference.year, reference.month, reference.day) if reference else datetime(MIN_YEAR, 1, 1)
    settings = {
        "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month"] if reference else ["month", "year"], "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["fr", "en"], settings=settings, try_previous_locales=False)


@lru_cache(maxsize=4096)
def _parse_date(span: str, reference: date | None = None) -> date | None:
    """The date of one candidate span (folded, without its time) read by dateparser; None when it is not a date."""
    span = re.sub(r"\bde\s+l'an\s+", "", span)
    try:
        found = _date_parser(reference).get_date_data(span)
    except Exception as exc:  # a library failure must not lose the other facts
        log.debug("dateparser failed on %r: %s", span, exc)
        return None
    return found.date_obj.date() if found and found.date_obj else None


def _time_after(folded: str, end: int) -> tuple[str, int]:
    """The time written right after a date ("HHhMM"), and where it ends; ("", end) when there is none."""
    m = _TIME.match(folded, end)
    if not m:
        return "", end
    h = int(m.group("h"))
    if m.group("ap"):
        if h > 12:
            return "", end
        h = h % 12 + (12 if m.group("ap").startswith("p") else 0)
    return f"{h:02d}h{m.group('mi') or m.group('mi2') or '00'}", m.end()


def _dates(folded: str, reference: date | None = None, errors: bool = False) -> list[tuple[Any, int, int, int, bool, str, bool]]:
    """Dates of a folded text: (date, start, end of the date, end with its time, day given, time, year given).

    With `errors`, an impossible date in a year out of range is an InputError (a description the user must fix),
    otherwise it is left out like any other impossible date.
    """
    found: list[tuple[Any, int, int, int, bool, str, bool]] = []
    taken: list[tuple[int, int]] = []
    patterns = [(p, True) for p in _DATE_PATTERNS] + ([(p, False) for p in _YEARLESS_PATTERNS] if reference else [])
    for pat, with_year in patterns:
        for m in pat.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTH_WORDS.get(g.get("mw") or "", 0)
            year = int(g["y"]) if with_year else reference.year  # type: ignore[union-attr]
            value: date | None
            if with_year and not (MIN_YEAR <= year <= MAX_YEAR):
                # outside the years a project can have: no library call; an impossible date is an input error
                try:
                    value = date(year, month, int(g["d"]) if g.get("d") else 1)
                except ValueError:
                    if not errors:
                        continue
                    raise InputError(
                        f"Date invalide dans la description : « {m.group(0)} » (année attendue entre {MIN_YEAR} et {MAX_YEAR})."
                    ) from None
            else:
                value = _parse_date(m.group(0), None if with_year else reference)
                if value is None and 1 <= month <= 12:
                    taken.append((m.start(), m.end()))  # "30 février 2027" is no date, nor is "février 2027" in it
                    continue
            time, end = _time_after(folded, m.end())
            taken.append((m.start(), end))
            found.append((value, m.start(), m.end(), end, bool(g.get("d")), time, with_year))
    if reference is None:  # "entre le 1er juillet et le 1er décembre 2027", "du 1er juin au 1er octobre 2027": the range's
        dated = {f[1]: f for f in found if f[6]}  # first day takes the year of its second
        for pat in _YEARLESS_PATTERNS:
            for m in pat.finditer(folded):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                sep = re.match(r"\s*(?:et|au|a|-|–)\s*(?:le\s+)?", folded[m.end():])
                other = dated.get(m.end() + sep.end()) if sep else None
                if other is None or other[0] is None:
                    continue
                g = m.groupdict()
                month = int(g["m"]) if g.get("m") else _MONTH_WORDS.get(g.get("mw") or "", 0)
                year = other[0].year - (1 if month > other[0].month else 0)
                try:
                    value = date(year, month, int(g["d"]) if g.get("d") else 1)
                except ValueError:
                    continue
                taken.append((m.start(), m.end()))
                found.append((value, m.start(), m.end(), m.end(), bool(g.get("d")), "", False))
    return sorted(found, key=lambda f: f[1])


def read_dates(text: str, reference: date | None = None) -> list[Found]:
    """The absolute dates of a text, each with its verbatim span (time included) and the time written after it.

    A day and a month without a year ("le 15 mars") are read only when `reference` is given: the next such date
    from it. An impossible date ("31/04/2027") is left out.
    """
    folded, idx = _fold_map(text)
    out = []
    for value, s, _e, end, day, time, year in _dates(folded, reference):
        start, stop, span = _span(text, idx, s, end)
        out.append(Found(value, start, stop, day=day, text=span, time=time, year=year))
    return out


def _find_dates(folded: str) -> list[Found]:
    """Dates of a folded text with a year, offsets of the date alone (the facts read a time after it themselves).

    Raises InputError on an impossible date in a year out of range ("30/02/0000").
    """
    return [Found(v, s, e, day=day, text=folded[s:e]) for v, s, e, _end, day, _t, _y in _dates(folded, errors=True)]


# --------------------------------------------------------------------------- amounts, percentages, durations

_NUM = r"\d{1,3}(?:[ .,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"  # on folded text: every space is a plain one
_MULT = r"k|m|millions?(?:\s+d')?|mille"
_AMOUNT_K = re.compile(rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>k€|m€)")
_AMOUNT_AFTER = re.compile(rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>{_MULT})?\s?(?:€|euros?\b|eur\b)")
_AMOUNT_BEFORE = re.compile(rf"(?P<neg>-\s?)?(?:€|\beur\b)\s?(?P<n>{_NUM})\s?(?P<mult>k|m|millions?)?(?![\w])")
# the tax basis written after an amount: no number library reads it
_TAX = re.compile(r"\s*(?P<tax>ht|ttc|h\.t\.|t\.t\.c\.|hors taxes?|toutes taxes comprises)(?![\w])")


def read_amounts(text: str) -> list[Found]:
    """Amounts in euros ("12 500 €", "12.500 euros", "1,5 M€", "45 000 € HT", "€ 300"), with the tax basis if written."""
    folded, idx = _fold_map(text)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pat in (_AMOUNT_K, _AMOUNT_AFTER, _AMOUNT_BEFORE):
        for m in pat.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                v = parse_number(m.group("n"))
            except ValueError:
                continue
            mult = (m.group("mult") or "").lower()
            v *= 1000 if mult.startswith("k") or mult == "mille" else 1_000_000 if mult.startswith("m") else 1
            if m.group("neg"):
                v = -v
            end, tax = m.end(), ""
            t = _TAX.match(folded, end)
            if t:
                words = t.group("tax").split()  # the abbreviation as written, or the initials of the words written out
                end, tax = t.end(), (words[0].replace(".", "") if len(words) == 1 else "".join(w[0] for w in words)).upper()
            taken.append((m.start(), end))
            start, stop, span = _span(text, idx, m.start(), end)
            found.append(Found(v, start, stop, text=span, tax=tax))
    return sorted(found, key=lambda f: f.start)


def _find_amounts(text: str) -> list[Found]:
    """read_amounts(), under the name facts.py and the dossier review import."""
    return read_amounts(text)


_PERCENT = re.compile(
    rf"(?<![\w.,])(?P<n>\d{{1,3}}(?:[.,]\d+)?|(?<![\w-]){_WORDS_NUMBER})\s*(?:%|pour\s?cents?\b|percent\b|per\s?cent\b)"
)


def read_percents(text: str) -> list[Found]:
    """Percentages in digits or in words ("80 %", "12,5 pour cent", "quatre-vingts pour cent")."""
    folded, idx = _fold_map(text)
    out = []
    for m in _PERCENT.finditer(folded):
        v = _number_value(m.group("n"))
        if v is None:
            continue
        start, stop, span = _span(text, idx, m.start(), m.end())
        out.append(Found(v, start, stop, text=span))
    return out


_DNUM = rf"\d+(?:[.,]\d+)?|(?<![\w-]){_WORDS_NUMBER}"
_DURATION = re.compile(
    rf"(?:(?P<pre>\b(?:entre|de|from|between))\s+)?(?<![\w/.,])(?P<a>{_DNUM})\s*"
    rf"(?:(?P<unit_a>mois|months?|ans?|annees?|years?)\s+(?=(?:a|et|to|and)\s+(?:{_DNUM})\s*(?:mois|months?|ans?|annees?|years?)\b))?"
    rf"(?:(?P<sep>a|et|-|–|to|and)\s*(?P<b>{_DNUM})\s*)?(?:-\s*)?(?P<unit>mois|months?|ans?|annees?|years?)\b"
)


def read_durations(text: str) -> list[Found]:
    """Durations in months ("dix-huit mois", "2 ans" = 24); a range ("entre 6 et 18 mois") has its upper end in `high`.

    Every number followed by a unit of time is read: the caller decides from the words around it whether it is the
    duration of a project (an age "de 16 à 25 ans" is read too).
    """
    folded, idx = _fold_map(text)
    out = []
    for m in _DURATION.finditer(folded):
        a = _number_value(m.group("a"))
        b = _number_value(m.group("b")) if m.group("b") else None
        if a is None or (m.group("b") and b is None):
            continue
        per = 1.0 if m.group("unit").startswith(("mois", "month")) else 12.0
        per_a = per if not m.group("unit_a") else 1.0 if m.group("unit_a").startswith(("mois", "month")) else 12.0
        if m.group("unit_a") and not m.group("pre") and b is not None:
            # "12 mois et 24 mois" without "entre"/"de" is two durations, not a range
            for v, st, en in ((a * per_a, m.start("a"), m.end("unit_a")), (b * per, m.start("b"), m.end())):
                start, stop, span = _span(text, idx, st, en)
                out.append(Found(v, start, stop, text=span))
            continue
        s = m.start() if b is not None else m.start("a")
        start, stop, span = _span(text, idx, s, m.end())
        out.append(Found(a * per_a, start, stop, text=span, high=b * per if b is not None else None))
    return out


# --------------------------------------------------------------------------- what the facts read around them

_RANGE_SEP = re.compile(
    r"^\s*(?:,\s*)?(?:a|au|a la fin|jusqu'?a|jusqu'?au|jusqu'?en|jusqu'?a fin|jusqu'?a la fin de|et|to|until|till|"
    r"through|thru|and|-|–|—)\s*(?:fin\s+|end of\s+|the end of\s+|debut\s+|mi-?\s*|courant\s+|beginning of\s+|early\s+|mid-?\s*|late\s+)?$"
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
    rf"(?:pendant|durant|sur|dur(?:e|era|erait|eraient|eront|ent|er)|duree\s+(?:de|d')|for|over|lasting|lasts|last|"
    rf"d'une\s+duree\s+de|duration\s+of)\s+"
    rf"(?:une\s+periode\s+de\s+|a\s+period\s+of\s+)?(?P<n>\d+|{_NUMW})\s*(?:-\s*)?(?:ans?|annees?|years?)\b"
)

_MORE = re.compile(r"(?:plus de|plus d'|au[- ]dela de|au[- ]dela d'|superieure? a|excedant|depassant|more than|longer than|over|beyond|exceeding)\s*$")
_LESS = re.compile(r"(?:moins de|moins d'|inferieure? a|less than|shorter than|under|below)\s*$")


def _compare(before: str) -> str | None:
    """'more' after "more than", 'less' after "less than"."""
    return "more" if _MORE.search(before) else "less" if _LESS.search(before) else None


# the duration of another thing than the project: "une mission d'intérim de 8 mois", "un CDD de six mois"
_OTHER_THING = re.compile(r"\b(?:contrats?|cdd|cdi|missions?|interim|stages?|emplois?|postes?|immersions?|conges?|arrets?|chomage"
                          r"|pensions?|retraites?)(?:\s+[\w']+){0,2}\s+(?:de|d'une duree de|d'au moins|d'une duree d'au moins)\s*$")


def _duration(folded: str) -> tuple[float, str | None] | None:
    for m in _DURATION_MONTHS.finditer(folded):
        before = folded[max(0, m.start() - 20) : m.start()]
        if re.search(r"(depuis|il y a|tous les|chaque|every|ago|since|age|ages|agee?s?)\s*$", before) or _OTHER_THING.search(
                folded[max(0, m.start() - 45):m.start()]):
            continue
        n = m.group("n")
        return float(_NUM_WORDS.get(n, 0) or n.replace(",", ".")), _compare(before)
    m = _DURATION_YEARS.search(folded)
    if m and _OTHER_THING.search(folded[max(0, m.start() - 45):m.start()]):
        m = None
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
    r"(?:(?:cout|budget|cost)\s+(?:total|global|overall)|total cost|(?:cout|cost|budget)\s+(?:du projet|of the project|de l'action|de notre projet)"
    r"|pour un (?:cout|budget)(?: total| global)?|(?:un|le|notre) cout(?: total| global)?|sur un (?:budget|cout)(?: total| global)?(?: de)?"
    r"|\d\s?(?:€|euros?)\s+sur)"
    r"\s*(?:eligibles?|previsionnel|estime|prevu|eligible)?\s*(?:du projet|of the project)?\s*(?:de|d'environ|:|of|is|est de|s'eleve a|=)?\s*$"
)
_BARE_MONTH = re.compile(
    r"\b(?:en|des|a partir de|a partir d'|debut|courant|mi|fin|au mois de|le mois de|in|from|starting|start in|by)\s+(?P<mw>"
    + "|".join(sorted(_FULL_MONTHS, key=len, reverse=True)) + r")\b(?!\s*\d{4}\b)"  # ("en mai 1 projet": "un" in digits)
)


_STRONG_START = re.compile(r"(?:des|a partir de|a partir d'|debut|from|starting|start in)\b")
_START_NEAR = re.compile(r"\b(?:demarr\w*|commenc\w*|debut\w*|lanc\w*|start\w*|begin\w*|kick\w*|ouvr\w*|projet|project|action)\b")


def _bare_month(folded: str, reference: date) -> date | None:
    """A start month written without its year ("à partir de janvier"): its first occurrence after `reference`."""
    m = next((x for x in _BARE_MONTH.finditer(folded) if _STRONG_START.match(x.group(0)) or _START_NEAR.search(
        folded[max(0, x.start() - 50):x.end() + 25])), None)
    if not m:  # "notre conseil municipal ne se réunit qu'en mai": a month of something else, no start
        return None
    month = _FULL_MONTHS[m.group("mw")]
    year = reference.year + (1 if month <= reference.month else 0)
    return date(year, month, 1)


# "quatre-vingts pour cent": text2num would read "cent" as a number ("80 pour 100"); the percent sign is written first
_PER_CENT_WORDS = re.compile(rf"(?P<n>\d|\b(?:{_NW}))\s*pour\s?cents?\b")


def _digits(folded: str, lang: str) -> str:
    """Numbers written in words turned into digits ("dix-huit mois" → "18 mois"), same text otherwise."""
    try:
        from text_to_num import alpha2digit

        if lang != "en":
            folded = _PER_CENT_WORDS.sub(r"\g<n> %", folded)
        return alpha2digit(folded, "en" if lang == "en" else "fr", threshold=0)
    except Exception as exc:  # a library failure must not lose the other facts
        log.debug("text2num failed: %s", exc)
        return folded


# --------------------------------------------------------------------------- counts

# "une vingtaine", "une quinzaine", "une dizaine", "une centaine": a number word with the suffix -aine
_APPROX = re.compile(r"\b(?:une?\s+)?(?P<w>[a-z]{3,9})aines?\b")
_COUNT = re.compile(rf"(?<![\w.,/-])(?P<n>\d+(?:[ \u00a0\u202f]\d{{3}})*|{_WORDS_NUMBER})(?![\w,.]\d|\w)")


def _approx_value(stem: str) -> float | None:
    """The number an -aine word rounds ("vingt" of "vingtaine", "dix" of "dizaine", "quinze" of "quinzaine"),
    read by text2num from the stem, the stem with its final e, or its z spelled x."""
    for w in (stem, stem + "e", stem.replace("z", "x")):
        v = _words_value(w)
        if v is not None:
            return v
    return None


def read_counts(text: str) -> list[Found]:
    """Whole numbers in digits or in words ("12", "quinze", "vingt-cinq") and round figures said approximately
    ("une vingtaine", `approx`), with their spans: the caller decides from the words around them what they count."""
    folded, idx = _fold_map(text)
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for m in _APPROX.finditer(folded):
        v = _approx_value(m.group("w"))
        if v is not None:
            start, stop, span = _span(text, idx, m.start(), m.end())
            out.append(Found(v, start, stop, text=span, approx=True))
            taken.append((m.start(), m.end()))
    for m in _COUNT.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        v = _number_value(m.group("n").replace("\u00a0", " ").replace("\u202f", " "))
        if v is None or v != int(v):
            continue
        start, stop, span = _span(text, idx, m.start(), m.end())
        out.append(Found(v, start, stop, text=span))
    return sorted(out, key=lambda f: f.start)


# A share said in words ("au moins la moitié des participants", "les deux tiers habitent …"), in percent; longest first
SHARE_WORDS = dict(sorted({"la moitie": 50.0, "la majorite": 50.0, "le tiers": 100 / 3, "un tiers": 100 / 3, "deux tiers": 200 / 3,
                           "les deux tiers": 200 / 3, "le quart": 25.0, "un quart": 25.0, "trois quarts": 75.0,
                           "les trois quarts": 75.0, "half": 50.0}.items(), key=lambda kv: -len(kv[0])))
