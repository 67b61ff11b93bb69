"""A higher cap or rate granted on a condition, weighed on what the applicant says, on an unedited `ami new-call` draft
of a generated .docx: a cap raised for a group of structures whose actions cover two of the call's three
intercommunalities (counted on the communes the applicant names), a rate raised for one kind of structure (the
applicant's kind, or its lead's), a cap of a table's column whose case the call defines in another sentence; who may
take part but not carry a project; a town named by the first words of its name; a cost asked about that no check
weighed."""

from __future__ import annotations

from datetime import date

import pytest

HEAD = [
    ("title", "Appel à projets « Quercy Emploi Solidaire » 2027"),
    ("p", "Département fictif du Lot – Direction de l'insertion et de l'emploi"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les communes et les centres communaux d'action sociale (CCAS) ;"),
    ("li", "les structures de l'insertion par l'activité économique (SIAE) conventionnées par l'État."),
    ("p", "Ne sont pas éligibles en tant que porteur : les entreprises commerciales à but lucratif, à l'exception des "
          "entreprises d'insertion ; les cabinets de conseil, qui peuvent toutefois intervenir comme prestataires d'un "
          "porteur éligible."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent sur le territoire des trois intercommunalités suivantes du département du Lot :"),
    ("li", "la Communauté d'agglomération du Grand Cahors ;"),
    ("li", "la Communauté de communes Grand-Figeac ;"),
    ("li", "la Communauté de communes Causses et Vallée de la Dordogne."),
]
TAIL = [
    ("h1", "4. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 14 mai 2027 à 12h00."),
    ("p", "Les projets durent de 12 à 24 mois."),
    ("h1", "5. Contact"),
    ("p", "Questions : quercy-emploi@lot.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]
MONEY = [
    ("h1", "3. Financement"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet."),
    ("p", "Le plafond est porté à 60 000 € lorsque le projet est porté par un groupement d'au moins deux structures et que "
          "ses actions couvrent au moins deux des trois intercommunalités."),
    ("p", "La subvention ne peut excéder 60 % du coût total du projet."),
    ("p", "Ce taux est porté à 75 % lorsque le porteur est une SIAE conventionnée."),
]
TABLE = [
    ("h1", "3. Financement"),
    ("table", [["Axe", "Aide minimale", "Aide maximale", "Aide maximale pour un projet inter-territorial"],
               ["Axe 1 – Accompagnement", "10 000 €", "40 000 €", "60 000 €"],
               ["Axe 2 – Mobilité", "10 000 €", "30 000 €", "45 000 €"]]),
    ("p", "Est considéré comme inter-territorial un projet porté par un groupement d'au moins deux structures et déployé "
          "sur au moins deux des trois intercommunalités."),
    ("p", "La subvention ne peut excéder 60 % du coût total du projet."),
]


def _drafted(tmp_path_factory, call_id: str, blocks: list):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp(call_id), call_id, blocks, date(2027, 3, 1))[0]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    return _drafted(tmp_path_factory, "raised", HEAD + MONEY + TAIL)


@pytest.fixture(scope="module")
def by_table(tmp_path_factory):
    return _drafted(tmp_path_factory, "raisedtable", HEAD + TABLE + TAIL)


def test_a_raised_cap_for_two_intercommunalities_is_counted_on_the_communes_named(call):
    one = call.ask("Deux associations en groupement, actions à Figeac et à Capdenac pendant 18 mois, on demande 50 000 € "
                   "pour 100 000 € de budget. C'est possible ?")
    assert one.verdict == "no" and "60 000 €" in one.answer and "au moins deux des trois intercommunalités" in one.answer
    two = call.ask("Deux associations en groupement, actions à Figeac et à Gramat pendant 18 mois, on demande 50 000 € "
                   "pour 100 000 € de budget. C'est possible ?")
    assert two.verdict == "yes" and "pour le cas que vous décrivez" in two.answer
    silent = call.ask("Peut-on demander 50 000 € pour un projet ?")
    assert silent.verdict == "conditional"  # who carries it and where: not said


def test_a_rate_raised_for_a_kind_is_weighed_on_the_applicants_kind(call):
    asso = call.ask("Notre association de Cahors demande 30 000 € pour un projet de 45 000 € sur 12 mois. C'est bon ?")
    assert asso.verdict == "no" and "75 %" in asso.answer and "SIAE conventionnée" in asso.answer
    aci = call.ask("Notre atelier chantier d'insertion (ACI) de Cahors demande 30 000 € pour un projet de 45 000 € sur "
                   "12 mois. C'est bon ?")
    assert aci.verdict == "yes"
    led = call.ask("Groupement de 3 structures : le CCAS de Cahors (chef de file), une SIAE et une association. Actions à "
                   "Cahors, 12 mois, 30 000 € demandés pour 45 000 €. Ça passe ?")
    assert led.verdict == "no"  # the lead is the CCAS, not the SIAE


def test_a_column_cap_for_a_kind_of_project_the_call_defines_elsewhere(by_table):
    one = by_table.ask("Deux associations en groupement, axe 1, actions à Figeac et à Capdenac pendant 18 mois, on demande "
                       "50 000 € pour 100 000 € de budget. Ça passe ?")
    assert one.verdict == "no" and "Est considéré comme inter-territorial" in one.answer
    two = by_table.ask("Deux associations en groupement, axe 1, actions à Figeac et à Gramat pendant 18 mois, on demande "
                       "50 000 € pour 100 000 € de budget. Ça passe ?")
    assert two.verdict == "yes"


def test_a_kind_that_may_only_take_part_cannot_carry_a_project(call):
    firm = call.ask("Je dirige un cabinet de conseil à Figeac (SARL) : est-ce que je peux déposer un projet ?")
    assert firm.verdict == "no" and "prestataires" in firm.answer
    camping = call.ask("Un camping de Souillac peut-il porter un projet et toucher la subvention ?")
    assert camping.verdict == "no" and "but lucratif" in camping.answer
    insertion = call.ask("Notre entreprise d'insertion de Souillac peut-elle porter un projet ?")
    assert insertion.verdict != "no"


def test_a_town_named_by_the_first_words_of_its_name_is_the_territorys(call):
    # "Belmont": five communes elsewhere, none in the Lot; Belmont-Bretenoux is one of the call's
    ans = call.ask("Une association de Belmont peut-elle mener un projet de 12 mois chez elle ?")
    assert ans.verdict != "no" and "Belmont-Bretenoux" in ans.answer


AXES = [
    ("h1", "3. Axes"),
    ("h2", "Axe 1 – Accompagnement vers l'emploi"),
    ("p", "Ateliers, immersions en entreprise et suivi renforcé des personnes éloignées de l'emploi."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Prêt de véhicules, aide au permis de conduire et transport solidaire vers le travail."),
    ("h2", "Axe 3 – Logement temporaire"),
    ("p", "Intermédiation locative et logement temporaire des personnes qui reprennent un emploi."),
    ("p", "Le loyer restant à la charge de la personne logée ne peut excéder 300 € par mois."),
    ("h1", "4. Durée et financement"),
    ("p", "Durée des actions : de 12 à 18 mois pour les axes 1 et 2 ; de 12 à 24 mois pour l'axe 3."),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet."),
    ("p", "Le plafond est porté à 55 000 € pour les projets portés en consortium d'au moins deux structures et dont les "
          "actions couvrent les trois intercommunalités."),
    ("h1", "5. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 14 mai 2027 à 12h00."),
    ("h1", "6. Contact"),
    ("p", "Questions : quercy-emploi@lot.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def by_axis(tmp_path_factory):
    return _drafted(tmp_path_factory, "raisedaxes", HEAD + AXES)


def test_a_duration_set_axis_by_axis_in_one_sentence(by_axis):
    three = by_axis.ask("Association de Figeac, projet axe 3 de 22 mois : c'est bon niveau durée ?")
    assert three.verdict != "no" and "entre 12 et 24 mois" in three.answer
    one = by_axis.ask("Association de Figeac, projet axe 1 de 22 mois : c'est bon niveau durée ?")
    assert one.verdict == "no" and "18 mois" in one.answer
    unnamed = by_axis.ask("Association de Figeac, projet de 22 mois : c'est bon niveau durée ?")
    assert unnamed.verdict == "conditional" and "Axe 3" in unnamed.answer


def test_an_amount_per_month_over_the_calls_ceiling_per_month(by_axis):
    ans = by_axis.ask("Dans notre projet d'intermédiation locative à Cahors, les personnes logées paieraient 350 euros par mois "
                      "de loyer. Ça passe ?")
    assert ans.verdict == "no" and "ne peut excéder 300 € par mois" in ans.answer
    fine = by_axis.ask("Dans notre projet d'intermédiation locative à Cahors, les personnes logées paieraient 250 euros par mois "
                       "de loyer. Ça passe ?")
    assert fine.verdict != "no"


def test_a_cap_raised_for_projects_covering_every_intercommunality(by_axis):
    every = by_axis.ask("Consortium de deux associations, actions sur les trois intercommunalités, axe 1 de 12 mois, on demande "
                        "50 000 €. C'est possible ?")
    assert every.verdict != "no" and "pour le cas que vous décrivez" in every.answer
    two = by_axis.ask("Consortium de deux associations, actions à Figeac et à Gramat, axe 1 de 12 mois, on demande 50 000 €. "
                      "C'est possible ?")
    assert two.verdict == "no" and "55 000 €" in two.answer
