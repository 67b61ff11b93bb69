"""Who may carry a project and what may be paid for, on an unedited `ami new-call` draft of a generated .docx: companies
ruled out but for an exception ("les sociétés commerciales, quelle que soit leur forme (SARL, SAS, SCOP…), à l'exception
des entreprises d'insertion"), an English question naming an accented French town, a diploma the call does not pay for named by its acronym, buying a vehicle where the call pays
for renting one and keeps buying to another axis, an age rule waived in a case the applicant names."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Bocage Emploi » 2027"),
    ("p", "Département fictif de la Haute-Loire – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Se déplacer pour travailler"),
    ("p", "Location solidaire de scooters, transport à la demande, garage solidaire."),
    ("h2", "Axe 2 — Découvrir les métiers"),
    ("p", "Visites d'entreprises, immersions et parcours de découverte des métiers qui recrutent."),
    ("p", "Les formations diplômantes (CAP, BTS, titres professionnels) ne sont pas financées."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique conventionnées (ateliers et chantiers d'insertion, "
           "entreprises d'insertion)."),
    ("p", "Les associations doivent avoir été créées depuis au moins un an à la date limite de dépôt. Cette condition ne "
          "s'applique pas à une structure issue de la fusion de plusieurs structures dont l'une au moins la remplissait."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "les sociétés commerciales, quelle que soit leur forme (SARL, SAS, SCOP…), à l'exception des entreprises "
           "d'insertion conventionnées ;"),
    ("li", "les personnes physiques."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes suivantes :"),
    ("li", "Yssingeaux ;"),
    ("li", "Saint-Maurice-de-Lignon ;"),
    ("li", "Retournac."),
    ("h1", "4. Dépenses"),
    ("p", "Sont éligibles :"),
    ("li", "les frais de personnel affectés au projet ;"),
    ("li", "la location de véhicules, de locaux ou de matériel ;"),
    ("li", "l'achat de véhicules, pour l'axe 1 seulement."),
    ("h1", "5. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 14 mai 2027 à 12h00."),
    ("p", "Contact : bocage-emploi@haute-loire.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("whowhat"), "whowhat", CALL, date(2027, 3, 1))[0]


def test_companies_ruled_out_but_for_an_exception(call):
    sas = call.ask("Can a company registered as an SAS run a mobility project in Saint-Maurice-de-Lignon?")
    assert sas.verdict == "no" and sas.language == "en" and sas.answer.startswith("**No**")
    scop = call.ask("Nous sommes une SCOP de Retournac, pouvons-nous porter un projet ?")
    assert scop.verdict == "no"
    ei = call.ask("Notre entreprise d'insertion conventionnée de Retournac peut-elle porter un projet ?")
    assert ei.verdict != "no"


def test_buying_a_vehicle_is_not_renting_one_and_is_kept_to_an_axis(call):
    ans = call.ask("Dans notre projet de découverte des métiers (axe 2), on voudrait acheter un minibus d'occasion pour "
                   "emmener les participants dans les entreprises, c'est finançable ?")
    assert ans.verdict == "no" and "pour l'axe 1 seulement" in ans.answer
    assert "la location de véhicules" not in ans.answer.split("\n\n")[1]


def test_an_age_rule_waived_in_a_case_the_applicant_names(call):
    fused = call.ask("On est une asso créée en octobre 2026 mais c'est la fusion de deux associations de Retournac qui "
                     "existaient depuis 2004 et 2011. Est-ce qu'on a le droit de répondre ?")
    assert fused.verdict != "no" and "fusion" in fused.answer
    young = call.ask("Notre asso de Retournac a été créée en octobre 2026, on peut répondre ?")
    assert young.verdict == "no"


def test_a_diploma_the_call_does_not_pay_for_named_by_its_acronym(call):
    ans = call.ask("On voudrait faire financer un CAP de maçon pour 6 demandeurs d'emploi de Retournac sur l'axe 2, "
                   "c'est possible ?")
    assert ans.verdict == "no" and "ne sont pas financées" in ans.answer
