"""The share of a public among the people served, checked against the call's sentence that requires it, on an unedited
`ami new-call` draft of a generated .docx: "5 allocataires du RSA" of 12 participants against "au moins 60 %"; a share
the call caps ("dans la limite de 25 %"); an outcome to reach and a bonus's condition are no requirement."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Chantiers solidaires » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Publics"),
    ("p", "Les projets accompagnent des personnes éloignées de l'emploi :"),
    ("li", "les allocataires du RSA, qui doivent représenter au moins 60 % des participants de chaque projet ;"),
    ("li", "les jeunes suivis par une mission locale, dans la limite de 25 % des participants d'un projet."),
    ("p", "Le Département attend qu'au moins 40 % des participants accèdent à un emploi dans les six mois."),
    ("p", "Le taux est porté à 80 % lorsque au moins 30 % des participants sont des femmes."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les ateliers et chantiers d'insertion."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à chantiers@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("shares"), "shares", CALL, date(2027, 3, 1))[0]


def test_too_few_of_the_public_the_call_requires_is_a_no_with_its_sentence(call):
    ans = call.ask("Association de Dole : 12 participants, dont 5 allocataires du RSA, 4 demandeurs d'emploi et 3 "
                   "habitants de Tavaux. C'est bon ?")
    assert ans.verdict == "no"
    assert "qui doivent représenter au moins 60 % des participants" in ans.answer


def test_enough_of_that_public_is_no_reason_to_say_no(call):
    ans = call.ask("Association de Dole : 10 participants dont 7 allocataires du RSA et 3 demandeurs d'emploi. Ça passe ?")
    assert ans.verdict in ("yes", "conditional")
    assert "moins que la part" not in ans.answer


def test_more_than_the_share_the_call_caps_is_a_no(call):
    ans = call.ask("Chantier d'insertion de Tavaux : 10 participants, 6 allocataires du RSA et 4 jeunes suivis par la "
                   "mission locale. On est bons ?")
    assert ans.verdict == "no"
    assert "dans la limite de 25 % des participants" in ans.answer


def test_an_outcome_to_reach_and_a_bonus_condition_are_no_requirement(call):
    ans = call.ask("Association de Dole : 10 participants dont 7 allocataires du RSA, 2 femmes et 1 jeune de 30 ans. "
                   "C'est bon ?")
    assert "accèdent à un emploi" not in ans.answer and "lorsque au moins 30 %" not in ans.answer
    assert ans.verdict in ("yes", "conditional")


def test_a_public_the_question_leaves_out_is_to_check_not_a_plain_yes(call):
    ans = call.ask("Association de Dole : 12 participants dont 6 demandeurs d'emploi et 6 habitants de Tavaux. C'est bon ?")
    assert ans.verdict == "conditional"
    assert "au moins 60 % des participants" in ans.answer
