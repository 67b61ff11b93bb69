"""The grounding check: every number, date, amount and e-mail of an answer must stand in a cited quote.

Figures may also come from the question itself or from today's date. Dates are compared as dates, so
"17 April 2024", "17/04/2024" and "17 avril 2024" are the same fact; numbers are compared without their
thousands separators ("12 500" = "12500" = "12,500").
"""

from __future__ import annotations

import re
from datetime import date

from .textnorm import fold

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janv": 1, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_M})\.?,?\s+(\d{{4}})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_M})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b({_M})\.?\s+(\d{{4}})\b")
_NUMBER = re.compile(r"\d+(?:[  \u202f.,]\d{3})*(?:[.,]\d+)?")
_MARKER = re.compile(r"\[\d+\]|(?<=[a-zà-ÿ]) \((?:\d{2,3}|2[AB])\)")  # citation marks; a homonym's département code


def _dates(text: str) -> tuple[set[str], str]:
    """Dates found (as 'YYYY-MM-DD' or 'YYYY-MM'), and the text with them blanked out."""
    t = fold(text)
    found: set[str] = set()

    def day(y: int, m: int, d: int) -> str:
        return f"{y:04d}-{m:02d}-{d:02d}"

    def sub(pattern: re.Pattern, fn) -> None:
        nonlocal t
        def repl(m: re.Match) -> str:
            key = fn(m)
            if key:
                found.add(key)
                found.add(key[:7])  # a full date also grounds its month
                return " " * len(m.group(0))
            return m.group(0)
        t = pattern.sub(repl, t)

    sub(_ISO_DATE, lambda m: day(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    sub(_DAY_MONTH_YEAR, lambda m: day(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))))
    sub(_MONTH_DAY_YEAR, lambda m: day(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2))))
    sub(_NUMERIC_DATE, lambda m: day(int(m.group(3)), int(m.group(2)), int(m.group(1))) if int(m.group(2)) <= 12 else None)
    sub(_MONTH_YEAR, lambda m: f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}")
    # the first day of a range that writes its year once ("entre le 1er juillet et le 1er décembre 2027")
    from .quantities import read_dates

    for x in read_dates(text):
        if not x.year and x.value is not None:
            found |= {x.value.isoformat(), x.value.isoformat()[:7]}
    return found, t


def _numbers(text: str) -> set[str]:
    out = set()
    for m in re.finditer(r"(\d+(?:[.,]\d+)?)\s?k\s?(?:€|eur|euros)?\b", text, flags=re.I):  # "40k€" = 40 000 €
        out.add(str(int(float(m.group(1).replace(",", ".")) * 1000)))
    for m in _NUMBER.finditer(text):
        raw = m.group(0)
        digits = re.sub(r"[  \u202f]", "", raw)
        # "181.500" / "181,500" as thousands; "1,5" as a decimal
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
            digits = re.sub(r"[.,]", "", digits)
        digits = digits.replace(",", ".")
        if sum(c.isdigit() for c in digits) >= 2:
            out.add(digits.lstrip("0") or "0")
    return out


def facts(text: str) -> dict[str, set[str]]:
    """Checkable facts of a text: e-mails, dates, numbers of two or more digits."""
    text = _MARKER.sub(" ", text)
    emails = {e.lower().rstrip(".") for e in _EMAIL.findall(text)}
    no_mail = _EMAIL.sub(" ", text)
    dates, rest = _dates(no_mail)
    return {"emails": emails, "dates": dates, "numbers": _numbers(rest)}


def unsupported(answer: str, quotes: list[str], question: str = "", as_of: date | None = None) -> list[str]:
    """The facts of `answer` that no quote, nor the question, nor today's date, supports."""
    got = facts(answer)
    allowed = {"emails": set(), "dates": set(), "numbers": set()}
    sources = list(quotes) + [question]
    if as_of:
        sources.append(as_of.isoformat())
    for s in sources:
        f = facts(s)
        for k in allowed:
            allowed[k] |= f[k]
    if as_of and question:  # "on déposera le 28 avril": a day of this year or the next, as the answer writes it in full
        for m in _DAY_MONTH.finditer(fold(question)):
            for y in (as_of.year, as_of.year + 1):
                allowed["dates"] |= {f"{y:04d}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}", f"{y:04d}-{MONTHS[m.group(2)]:02d}"}
    # numbers inside a supported date (e.g. "2024" of "avril 2024") are supported too
    for d in allowed["dates"]:
        for part in d.split("-"):
            allowed["numbers"].add(part.lstrip("0") or "0")
    if got["numbers"] - allowed["numbers"]:
        allowed["numbers"] |= _read_quantities(sources)
    if got["numbers"] - allowed["numbers"]:  # « 22 500 € (50 % × 45 000 €) »: a product written with its operands
        allowed["numbers"] |= shown_products(answer, _numbers)
    missing = []
    for k in ("emails", "dates", "numbers"):
        missing += sorted(x for x in got[k] if x not in allowed[k])
    return missing


def _read_quantities(texts: list[str]) -> set[str]:
    """Numbers the sources state in another form, read by the one quantity reader: "deux ans" states 24 (months),
    "dix-huit mois" 18, "145 k€" 145000."""
    from .quantities import read_amounts, read_durations, read_percents

    out: set[str] = set()
    for t in texts:
        for f in [*read_durations(t), *read_amounts(t), *read_percents(t)]:
            for v in (f.value, getattr(f, "high", None)):
                if isinstance(v, (int, float)):
                    out.add(f"{v:g}" if float(v) != int(v) else str(int(v)))
    return out


_PRODUCT = re.compile(r"(\d[\d \u00a0\u202f]*(?:,\d+)?)\s?€\s?\((\d+(?:,\d+)?)\s?%\s?[×x]\s?(\d[\d \u00a0\u202f]*(?:,\d+)?)\s?€\)")


_RATIO = re.compile(r"(\d[\d \u00a0\u202f]*(?:[.,]\d+)?)\s?€ (?:sur|of|out of) (\d[\d \u00a0\u202f]*(?:[.,]\d+)?)\s?€,? (?:soit|i\.e\.|that is) "
                    r"(\d+(?:[.,]\d+)?)\s?%")


def shown_products(text: str, numbers) -> set[str]:
    """The figures of a text written as a percentage of an amount with both shown (« 22 500 € (50 % × 45 000 €) »),
    when the product is right: each operand is checked as any figure, so such a figure invents nothing. `numbers`
    turns a written figure into the canonical forms the caller compares."""
    def value(s: str) -> float:
        s = re.sub(r"[ \u00a0\u202f]", "", s)
        return float(s.replace(",", ".") if re.search(r"[.,]\d{1,2}$", s) else s.replace(",", "").replace(".", ""))

    out: set[str] = set()
    for m in _PRODUCT.finditer(text):
        if abs(value(m.group(1)) - value(m.group(2)) * value(m.group(3)) / 100.0) <= 0.01:
            out |= numbers(m.group(1))
    for m in _RATIO.finditer(text):  # « 8 000 € sur 62 000 €, soit 12,9 % »: a share written with its operands
        if value(m.group(2)) and abs(value(m.group(3)) - 100.0 * value(m.group(1)) / value(m.group(2))) <= 0.051:
            out |= numbers(m.group(3)) | numbers(m.group(1))
    return out
