"""A condition a call states (a raised funding rate's "lorsque …") is met, not met, or not spoken of by what the
applicant says (the answers on an unedited draft that follow it: tests/test_draft_structure.py)."""

from __future__ import annotations

import pytest

from assistant.conditions import condition_met

PLACE = "Ce taux est porté à 75 % lorsque le tiers-lieu est implanté dans l'un des quartiers prioritaires listés à l'article 2."
HALF = "Ce taux est porté à 80 % lorsque les allocataires du RSA représentent au moins la moitié des participants prévus."
SHARE = "Ce taux est porté à 80 % lorsque le projet consacre au moins 30 % des heures de garde prévues à des horaires atypiques."


@pytest.mark.parametrize("clause, said, want", [
    (PLACE, "Notre tiers-lieu est situé dans le quartier Lille-Sud, en plein QPV.", True),
    (PLACE, "Notre tiers-lieu est dans le centre-ville (pas dans un QPV).", False),
    (PLACE, "Association à Wattrelos, budget 100 000 €.", None),
    (SHARE, "35 % des heures de garde prévues sont avant 7h ou le week-end.", True),
    (SHARE, "on demande 75 %, et 10 % des heures de garde sont le samedi.", False),
    ("La subvention couvre au plus 70 % du coût.", "Notre projet est en QPV.", None),  # no condition stated
    # a share in words, and the applicant's part of a whole
    (HALF, "15 participants dont 5 au RSA, tous habitants du territoire.", False),
    (HALF, "20 participants dont 12 allocataires du RSA.", True),
    (HALF, "5 participants sur 15 touchent le RSA.", False),
    (HALF, "30 participants dont 20 résidant dans les communes.", None),  # a part of another kind says nothing of it
])
def test_condition_met(clause, said, want):
    assert condition_met(clause, said) is want



def test_ages_said_and_set():
    from assistant.ages import call_range, stated_ages

    assert call_range("Les projets s'adressent aux jeunes âgés de 16 à 29 ans inclus, en contrat de moins de six mois.") == (16, 29, "youth")
    assert call_range("Le projet dure de 2 à 3 ans.") is None
    assert stated_ages("des jeunes de 19 ans peuvent participer ?") == [19]
    assert stated_ages("un jeune papa de 24 ans et son enfant de 2 ans", "child") == [2]
    assert stated_ages("notre projet durerait 2 ans, l'association existe depuis 4 ans") == []
