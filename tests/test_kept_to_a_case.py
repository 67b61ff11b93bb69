"""A kind of applicant or a cost the call keeps to one of its axes (« les organismes de formation certifiés, pour
l'axe 2 uniquement », « les frais de carburant, uniquement pour les projets de l'axe 3 »), on an unedited
`ami new-call` draft of a generated .docx: named on another axis, it is a Non with the call's line; on its own axis,
no reason to say no. The name the call gives in brackets (« (CIAS) ») is enough to know whom the line is about."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Métiers du bois » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("p", "Axe 1 : chantiers d'insertion en forêt. Axe 2 : parcours de formation en entreprise. Axe 3 : mobilité des "
          "participants, en complément d'un projet de l'axe 1 ou de l'axe 2."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les organismes de formation certifiés Qualiopi, pour l'axe 2 uniquement ;"),
    ("li", "les centres intercommunaux d'action sociale (CIAS) du territoire, pour l'axe 2 uniquement."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "4. Dépenses éligibles"),
    ("li", "les frais de personnel affectés au projet ;"),
    ("li", "les frais de carburant, uniquement pour les projets de l'axe 3 ;"),
    ("li", "les équipements de protection individuelle."),
    ("h1", "5. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à bois@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("kept"), "kept", CALL, date(2027, 3, 1))[0]


def test_an_applicant_kept_to_another_axis_is_a_no_with_the_calls_line(call):
    ans = call.ask("Nous sommes un organisme de formation certifié Qualiopi à Dole. Pouvons-nous déposer un chantier "
                   "en forêt sur l'axe 1 ?")
    assert ans.verdict == "no"
    assert "pour l'axe 2 uniquement" in ans.answer


def test_on_its_own_axis_the_line_is_no_reason_to_say_no(call):
    ans = call.ask("Nous sommes un organisme de formation certifié Qualiopi à Dole. Pouvons-nous déposer un parcours "
                   "sur l'axe 2 ?")
    assert ans.verdict != "no"


def test_the_name_in_brackets_tells_whom_the_line_is_about(call):
    ans = call.ask("Le CIAS voudrait demander l'axe 1 pour un chantier à Tavaux. C'est possible ?")
    assert ans.verdict == "no"
    assert "(CIAS) du territoire, pour l'axe 2 uniquement" in ans.answer


def test_a_cost_kept_to_another_axis_is_a_no(call):
    ans = call.ask("Association de Dole, projet de l'axe 1 : les frais de carburant des participants sont-ils pris en "
                   "charge ?")
    assert ans.verdict == "no"
    assert "uniquement pour les projets de l'axe 3" in ans.answer
