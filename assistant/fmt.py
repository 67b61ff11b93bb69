"""Formatting of dates, months, amounts and numbers, the French way (and the English one)."""

from __future__ import annotations

from datetime import date

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def format_eur(amount: float) -> str:
    """An amount as French documents write it: '181 500 €'."""
    if amount == int(amount):
        s = f"{int(amount):,}".replace(",", " ")
    else:
        s = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{s} €"


def format_date(d: date, lang: str = "fr") -> str:
    """A date in words: '1er octobre 2024' or '1 October 2024'."""
    if lang == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def format_month(d: date, lang: str = "fr") -> str:
    """A month in words: 'octobre 2024' or 'October 2024'."""
    return f"{(MONTHS_EN if lang == 'en' else MONTHS_FR)[d.month - 1]} {d.year}"


def format_when(d: date, lang: str = "fr", as_month: bool | None = None) -> str:
    """'en octobre 2024' / 'le 3 octobre 2024' ('in October 2024' / 'on 3 October 2024'); a first of month is its month."""
    month = d.day == 1 if as_month is None else as_month
    if lang == "en":
        return f"in {format_month(d, 'en')}" if month else f"on {format_date(d, 'en')}"
    return f"en {format_month(d)}" if month else f"le {format_date(d)}"


def num(x: float) -> str:
    """12 → '12', 1.5 → '1,5'."""
    return str(int(x)) if float(x) == int(x) else str(x).replace(".", ",")
