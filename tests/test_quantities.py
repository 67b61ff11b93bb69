"""The quantity readers (assistant/quantities.py): each value read from French or English text, with its verbatim span.

These spans are what the assistant quotes and what `ami new-call` drafts from, so every case asserts both.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.calls.drafting import parse_dates
from assistant.errors import InputError
from assistant.quantities import (
    _digits,
    _find_dates,
    parse_number,
    read_amounts,
    read_dates,
    read_durations,
    read_percents,
)

REF = date(2026, 11, 27)


@pytest.mark.parametrize(
    "text, value, span, day, time",
    [
        ("Dépôt des dossiers avant le 1er mars 2027.", date(2027, 3, 1), "1er mars 2027", True, ""),
        ("Date limite : 15/03/2027, délai de rigueur.", date(2027, 3, 15), "15/03/2027", True, ""),
        ("Clôture le 15 mars 2027 à 12h00 précises.", date(2027, 3, 15), "15 mars 2027 à 12h00", True, "12h00"),
        ("Jury le vendredi 3 décembre 2027 à 9 h 30.", date(2027, 12, 3), "3 décembre 2027 à 9 h 30", True, "09h30"),
        ("Démarrage en septembre 2027.", date(2027, 9, 1), "septembre 2027", False, ""),
        ("Applications close on March 15, 2027 at 5pm.", date(2027, 3, 15), "March 15, 2027 at 5pm", True, "17h00"),
        ("Projects start on 1st June 2027.", date(2027, 6, 1), "1st June 2027", True, ""),
        ("Kick-off in April 2027.", date(2027, 4, 1), "April 2027", False, ""),
        ("Mise à jour du 2027-02-05.", date(2027, 2, 5), "2027-02-05", True, ""),
        ("Réponse au 17 août 2027", date(2027, 8, 17), "17 août 2027", True, ""),
    ],
)
def test_dates_with_a_year(text: str, value: date, span: str, day: bool, time: str) -> None:
    [found] = read_dates(text)
    assert (found.value, found.text, found.day, found.time) == (value, span, day, time)
    assert text[found.start:found.end] == span


def test_dates_without_a_year_need_a_reference_and_take_the_next_occurrence() -> None:
    text = "Réunion d'information le 15 mars, clôture le 2 avril à 17h ; webinar on June 3."
    assert read_dates(text) == []
    found = read_dates(text, reference=REF)
    assert [(f.value, f.text, f.year) for f in found] == [
        (date(2027, 3, 15), "15 mars", False),
        (date(2027, 4, 2), "2 avril à 17h", False),
        (date(2027, 6, 3), "June 3", False),
    ]
    assert found[1].time == "17h00"


def test_impossible_dates_are_left_out_and_relative_words_are_not_dates() -> None:
    assert read_dates("le 31/04/2027, le 30 février 2027, demain, dans deux semaines, lundi prochain") == []
    with pytest.raises(InputError):  # a description's impossible year is the user's to fix
        _find_dates("demarrage le 30/02/0000")


def test_drafting_reads_dates_through_the_same_reader() -> None:
    [(value, time, start, end, day)] = parse_dates("Les dossiers sont attendus au plus tard le 1er mars 2027 à 12h00.")
    assert (value, time, day) == (date(2027, 3, 1), "12h00", True)
    assert "Les dossiers sont attendus au plus tard le 1er mars 2027 à 12h00."[start:end] == "1er mars 2027 à 12h00"


@pytest.mark.parametrize(
    "text, value, span, tax",
    [
        ("Une aide de 12 500 € par projet.", 12500.0, "12 500 €", ""),
        ("Une aide de 12\u202f500 € par projet.", 12500.0, "12\u202f500 €", ""),
        ("Une aide de 12\u00a0500,50 € par projet.", 12500.5, "12\u00a0500,50 €", ""),
        ("Plafond : 12.500 euros.", 12500.0, "12.500 euros", ""),
        ("Enveloppe de 1,5 M€ sur deux ans.", 1_500_000.0, "1,5 M€", ""),
        ("Enveloppe de 2 millions d'euros.", 2_000_000.0, "2 millions d'euros", ""),
        ("Un plafond de 45 000 € HT par action.", 45000.0, "45 000 € HT", "HT"),
        ("Soit 181 000 euros TTC au total.", 181000.0, "181 000 euros TTC", "TTC"),
        ("A grant of €30,000 at most.", 30000.0, "€30,000", ""),
        ("Budget : 40k€.", 40000.0, "40k€", ""),
    ],
)
def test_amounts(text: str, value: float, span: str, tax: str) -> None:
    [found] = read_amounts(text)
    assert (found.value, found.text, found.tax) == (value, span, tax)
    assert text[found.start:found.end] == span


def test_numbers_french_and_english_style() -> None:
    assert [parse_number(s) for s in ("12 500", "12\u202f500", "12.500", "1,5", "12 500,50", "1 234 567")] == [
        12500.0, 12500.0, 12500.0, 1.5, 12500.5, 1234567.0]
    with pytest.raises(ValueError):
        parse_number("douze")


@pytest.mark.parametrize(
    "text, value, span",
    [
        ("Le taux d'aide est de 80 % du coût total.", 80.0, "80 %"),
        ("Financement à hauteur de quatre-vingts pour cent des dépenses.", 80.0, "quatre-vingts pour cent"),
        ("Au plus 12,5 pour cent du budget.", 12.5, "12,5 pour cent"),
        ("Up to 50 percent of the cost.", 50.0, "50 percent"),
    ],
)
def test_percentages(text: str, value: float, span: str) -> None:
    [found] = read_percents(text)
    assert (found.value, found.text) == (value, span)
    assert text[found.start:found.end] == span


@pytest.mark.parametrize(
    "text, value, high, span",
    [
        ("Le projet dure dix-huit mois.", 18.0, None, "dix-huit mois"),
        ("Une durée de 2 ans au plus.", 24.0, None, "2 ans"),
        ("Les actions durent entre 6 et 18 mois.", 6.0, 18.0, "entre 6 et 18 mois"),
        ("Durée : de 12 à 36 mois.", 12.0, 36.0, "de 12 à 36 mois"),
        ("The project lasts twenty-four months.", 24.0, None, "twenty-four months"),
        ("Une action d'un an.", 12.0, None, "un an"),
    ],
)
def test_durations(text: str, value: float, high: float | None, span: str) -> None:
    [found] = read_durations(text)
    assert (found.value, found.high, found.text) == (value, high, span)
    assert text[found.start:found.end] == span


def test_per_cent_in_words_is_not_read_as_a_hundred() -> None:
    """text2num alone reads "quatre-vingts pour cent et dix-huit mois" as "80 pour 118 mois"."""
    assert _digits("quatre-vingts pour cent et dix-huit mois", "fr") == "80 % et 18 mois"
    assert _digits("un repas pour cent personnes", "fr") == "1 repas pour 100 personnes"
