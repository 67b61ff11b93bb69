"""A number of things the question states, checked against the call's sentence that bounds it, on an unedited
`ami new-call` draft of a generated .docx: "seul partenaire" against "au moins deux partenaires", five structures
against "au plus quatre structures"; a number of projects is what the call selects, not a count of the applicant's."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Partenaires pour l'emploi » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les centres communaux d'action sociale."),
    ("p", "Chaque projet associe, outre le porteur, au moins deux partenaires opérationnels. Les partenariats sont "
          "formalisés par une lettre d'engagement."),
    ("p", "Un projet peut être porté par un consortium qui compte au plus quatre structures."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "3. Sélection"),
    ("p", "Le Département prévoit de retenir au moins 6 projets."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à partenaires@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("counts"), "counts", CALL, date(2027, 3, 1))[0]


def test_fewer_than_the_minimum_is_a_no_with_the_sentence_that_sets_it(call):
    ans = call.ask("Association de Dole, seul partenaire la Mission locale. C'est bon ?")
    assert ans.verdict == "no"
    assert "au moins deux partenaires opérationnels" in ans.answer


def test_a_count_within_the_bounds_is_no_reason_to_say_no(call):
    ans = call.ask("Notre association de Dole a trois partenaires opérationnels. Ça passe ?")
    assert ans.verdict in ("yes", "conditional")
    assert "Nombre minimal" not in ans.answer


def test_more_than_the_maximum_is_a_no(call):
    ans = call.ask("Un consortium de cinq structures à Dole, c'est possible ?")
    assert ans.verdict == "no" and "au plus quatre structures" in ans.answer


def test_one_project_sent_is_not_checked_against_the_number_of_projects_the_call_selects(call):
    ans = call.ask("Association de Dole, on dépose un seul projet avec deux partenaires. C'est bon ?")
    assert ans.verdict != "no"
