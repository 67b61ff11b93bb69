"""A table of values by axis (duration, cap per project) beside a floor stated in a sentence, on an unedited
`ami new-call` draft of a generated .docx: the axis an applicant names decides its duration, its cap and its rate, the
floor still holds, a rate the row grants some kinds of applicant instead applies to them, every figure of a reason is
quoted; a waiting time of the people served ("inscrits depuis au moins 12
mois") is no duration of the project, and a cost's limit per participant ("les EPI, dans la limite de 250 € par
participant") is no cap of the aid."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Métiers du bois » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901, les ateliers et chantiers d'insertion et les centres "
          "communaux d'action sociale (CCAS)."),
    ("h1", "2. Publics"),
    ("p", "Les actions s'adressent :"),
    ("li", "aux allocataires du RSA ;"),
    ("li", "aux demandeurs d'emploi de longue durée inscrits à France Travail depuis au moins 12 mois."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "4. Axes et montants"),
    ("table", [["Axe", "Durée de l'action", "Plafond de subvention", "Taux maximal d'intervention"],
               ["Axe 1 – Chantiers forestiers", "6 à 12 mois", "60 000 €", "70 %"],
               ["Axe 2 – Découverte des métiers", "3 à 6 mois", "35 000 €",
                "70 % (50 % pour les CCAS)"]]),
    ("p", "Le montant minimal de subvention sollicité est de 8 000 € par projet."),
    ("h1", "5. Dépenses éligibles"),
    ("p", "Sont éligibles :"),
    ("li", "les frais de personnel ;"),
    ("li", "les EPI, dans la limite de 250 € par participant."),
    ("h1", "6. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à bois@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("axes"), "axes", CALL, date(2027, 3, 1))[0]


def test_the_axis_named_decides_duration_and_cap_and_the_floor_still_holds(call):
    ans = call.ask("Association de Dole : parcours axe 2 de 4 mois, 12 participants, on demande 28 000 €. C'est bon ?")
    assert ans.verdict == "yes", ans.answer
    assert "entre 3 et 6 mois" in ans.answer and "35 000 €" in ans.answer and "8 000 €" in ans.answer
    assert "grounding_fallback" not in ans.notes  # every figure of the reasons stands in a quote


def test_above_the_named_axis_cap_and_outside_its_duration_is_a_no(call):
    ans = call.ask("Association de Dole : parcours axe 2 de 9 mois, on demande 40 000 €. C'est bon ?")
    assert ans.verdict == "no"
    assert "35 000 €" in ans.answer and "6 mois" in ans.answer


def test_a_waiting_time_of_the_people_and_a_cost_limit_per_person_are_no_limits_of_the_project(call):
    ans = call.ask("Association de Dole : chantier axe 1 de 10 mois, 10 participants, on demande 30 000 €. C'est bon ?")
    assert ans.verdict == "yes", ans.answer
    assert "250 €" not in ans.answer and "12 mois minimum" not in ans.answer


def test_a_rate_the_row_grants_some_kinds_instead_applies_to_them(call):
    ccas = call.ask("Le CCAS de Dole : parcours axe 2 de 4 mois, coût total 40 000 €, on demande 28 000 €. C'est bon ?")
    assert ccas.verdict == "no" and "50 %" in ccas.answer
    asso = call.ask("Association de Dole : parcours axe 2 de 4 mois, coût total 40 000 €, on demande 28 000 €. C'est bon ?")
    assert asso.verdict == "yes", asso.answer


def test_a_percentage_that_names_the_calls_own_threshold_is_no_rate_of_the_project(call):
    from assistant.facts import read_facts

    said, _notes = read_facts("Les aides au poste, ça compte dans le cofinancement minimum de 10 % ?", call.spec,
                              call.territory, strict=True)
    assert said.budget.funding_rate_percent is None
    own, _notes = read_facts("Notre projet est financé à 70 % par l'appel, c'est bon ?", call.spec, call.territory,
                             strict=True)
    assert own.budget.funding_rate_percent == 70
