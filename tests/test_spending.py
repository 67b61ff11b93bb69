"""Whether a cost can go in the budget, on an unedited `ami new-call` draft of a generated .docx: the call's lists of
eligible and ineligible costs answer it, by the general word the call uses for the thing paid for (a bus ticket is a
cost of travel); a limit in the line is a condition; a line that rules the cost out wins; a cost neither list names
gets no "Oui"."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Ateliers vers l'emploi » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les centres communaux d'action sociale."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "3. Dépenses"),
    ("h2", "3.1 Dépenses éligibles"),
    ("p", "Sont éligibles les dépenses suivantes :"),
    ("li", "les frais de personnel affectés à l'action ;"),
    ("li", "les frais de déplacement des participants (titres de transport en commun) ;"),
    ("li", "le petit matériel informatique, dans la limite de 2 000 € HT par projet."),
    ("h2", "3.2 Dépenses inéligibles"),
    ("p", "Ne sont pas éligibles :"),
    ("li", "toute rémunération, gratification ou indemnité versée aux participants ;"),
    ("li", "l'achat de véhicules."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à ateliers@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("spending"), "spending", CALL, date(2027, 3, 1))[0]


def test_a_cost_named_by_its_general_word_in_the_eligible_list_is_a_yes_with_its_line(call):
    ans = call.ask("Les tickets de bus qu'on paye aux participants pour venir aux ateliers, c'est finançable ?")
    assert ans.verdict == "yes"
    assert "frais de déplacement des participants" in ans.answer
    assert "Reste à vérifier" not in ans.answer  # the cost is asked, not every criterion of the project


def test_a_limit_in_the_eligible_line_is_a_yes_within_it(call):
    # (an expert's answer: « Oui, dans la limite de 2 000 € HT », the limit quoted; an amount over it is a « Non »)
    ans = call.ask("Peut-on acheter une tablette pour les ateliers ?")
    assert ans.verdict == "yes" and "2 000 € HT" in ans.answer and "dans la limite qu'il fixe" in ans.answer


def test_a_line_that_rules_the_cost_out_wins_even_without_a_verb_of_buying(call):
    ans = call.ask("On voudrait donner une petite indemnité de 30 € aux participants, on peut la mettre dans le budget ?")
    assert ans.verdict == "no" and "indemnité versée aux participants" in ans.answer


def test_a_cost_no_list_names_gets_no_yes(call):
    ans = call.ask("Peut-on financer un voyage d'étude à l'étranger pour l'équipe ?")
    assert ans.verdict != "yes"
