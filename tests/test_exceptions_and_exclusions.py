"""Exceptions and exclusions as calls write them, on an unedited `ami new-call` draft of a generated .docx: a creation
date in the list of who may not apply (« les associations déclarées après le 1er janvier 2026 »), a seat elsewhere in the
département « recevable si … » and one outside it « n'est pas recevable », a minimum age with an exception kept to one
axis, a cost that « reste exclu », a maximum of files « en tant que porteur » (a partner is not bound by it), a table
whose column is « Axes 1 et 2 », a floor « ramené à » on a condition, a commune of the territory said short again
(« Castet-Arrouy … une permanence à Castet », a Castet lies in the Pyrénées-Atlantiques), an intercommunality speaking
for itself (« c'est la CC de … »)."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Lomagne Emploi Saisons » 2027"),
    ("p", "Document fictif de la DDETS du Gers, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Emploi partagé"),
    ("p", "Parcours combinant plusieurs employeurs saisonniers."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Solutions de transport vers les lieux de travail saisonnier."),
    ("h2", "Axe 3 – Qualification"),
    ("p", "Formations courtes pendant l'intersaison."),
    ("h1", "2. Publics"),
    ("p", "Conditions relatives aux participants :"),
    ("li", "Les participants doivent être âgés d'au moins 18 ans. Par dérogation, les jeunes de 16 et 17 ans suivis par la "
           "Mission locale peuvent être accueillis, uniquement sur l'axe 3."),
    ("li", "Chaque projet accompagne au minimum 12 participants."),
    ("h1", "3. Structures éligibles"),
    ("h2", "3.1 Peuvent déposer un dossier"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique (SIAE) ;"),
    ("li", "les communes, les communautés de communes et les CCAS, uniquement au titre de l'axe 2."),
    ("h2", "3.2 Ne peuvent pas déposer un dossier"),
    ("li", "les entreprises commerciales ;"),
    ("li", "les associations déclarées après le 1er janvier 2026 ;"),
    ("li", "les personnes physiques."),
    ("h2", "3.3 Implantation du porteur"),
    ("p", "Le porteur doit avoir son siège social dans l'une des communes du territoire. Par exception, une structure dont le "
          "siège est situé ailleurs dans le Gers est recevable si elle dispose, sur le territoire, d'une antenne ou d'une "
          "permanence. Une structure dont le siège est situé hors du département du Gers n'est pas recevable en tant que "
          "porteur."),
    ("h2", "3.4 Nombre de dossiers"),
    ("p", "Une même structure peut déposer au maximum deux dossiers en tant que porteur. Il n'y a pas de limite au nombre de "
          "projets dans lesquels une structure intervient comme partenaire."),
    ("h1", "4. Territoire"),
    ("p", "Les actions se déroulent sur la CC de la Lomagne Gersoise : Lectoure, Fleurance, Castet-Arrouy, Miradoux, "
          "Saint-Clar."),
    ("h1", "5. Dépenses"),
    ("p", "Les dépenses de fonctionnement directement liées au projet sont éligibles. Les dépenses d'investissement sont "
          "inéligibles. L'achat de véhicules automobiles (voitures, minibus) reste exclu ; leur location est éligible."),
    ("h1", "6. Financement"),
    ("p", "La subvention minimale est de 10 000 € par projet."),
    ("table", [["", "Axes 1 et 2", "Axe 3"],
               ["Subvention maximale", "40 000 €", "25 000 €"]]),
    ("p", "Le plancher est ramené à 6 000 € pour les projets mis en œuvre exclusivement sur la commune de Lectoure."),
    ("p", "La subvention ne peut dépasser 80 % du coût total du projet."),
    ("h1", "7. Calendrier"),
    ("p", "Les projets durent de 12 à 18 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 7 mai 2027 à 12h00, par courriel à lomagne-saisons@gers.example."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("exceptions"), "exceptions", CALL, date(2027, 3, 1))[0]


def test_a_creation_date_among_those_who_may_not_apply(call):
    late = call.ask("On est une asso de Lectoure déclarée en préfecture en mars 2026. On peut candidater ?")
    assert late.verdict == "no" and "1er janvier 2026" in late.answer
    early = call.ask("On est une asso de Lectoure créée en 2015. On peut candidater ?")
    assert early.verdict != "no", early.answer
    siae = call.ask("On est une SIAE de Lectoure créée en juin 2026. On peut candidater ?")
    assert siae.verdict != "no", siae.answer  # the date binds associations


def test_a_seat_elsewhere_in_the_departement_is_recevable_with_a_branch(call):
    inside = call.ask("Asso créée en 2010, siège à Auch, avec une permanence à Fleurance. On peut porter un projet ?")
    assert inside.verdict != "no", inside.answer
    outside = call.ask("Asso créée en 2010, siège à Agen, avec une antenne à Lectoure. On peut porter un projet ?")
    assert outside.verdict == "no" and "n'est pas recevable" in outside.answer


def test_a_commune_of_the_territory_said_short_again(call):
    a = call.ask("Asso créée en 2010 basée à Auch : l'action aura lieu à Castet-Arrouy et Lectoure, avec une permanence "
                 "à Castet. Projet axe 1 de 12 mois à partir de septembre 2027. On peut déposer ?")
    assert a.verdict != "no", a.answer
    assert "hors du territoire" not in a.answer


def test_a_minimum_age_and_its_exception_kept_to_one_axis(call):
    axis3 = call.ask("Sur l'axe 3, on peut accueillir des jeunes de 17 ans suivis par la Mission locale ?")
    assert axis3.verdict == "yes", axis3.answer
    axis1 = call.ask("Sur l'axe 1, on peut accueillir des jeunes de 17 ans ?")
    assert axis1.verdict == "no" and "18 ans" in axis1.answer


def test_a_cost_that_remains_excluded(call):
    a = call.ask("Dans notre projet axe 2 on voudrait acheter un minibus pour emmener les saisonniers. C'est finançable ?")
    assert a.verdict == "no" and "reste exclu" in a.answer
    assert "Reste à vérifier" not in a.answer  # a question on one cost: not every criterion of the project


def test_a_maximum_of_files_as_lead_binds_no_partner(call):
    history = [{"role": "user", "content": "On est une asso de Lectoure, on peut déposer deux dossiers ?"},
               {"role": "assistant", "content": "Oui : au maximum deux dossiers en tant que porteur."}]
    a = call.ask("et on peut en plus être partenaire d'un troisième projet porté par une autre asso ?", history)
    assert a.verdict != "no", a.answer


def test_a_column_for_two_axes_and_a_lowered_floor(call):
    base = "Asso de Lectoure créée en 2010. Projet {axis} de 12 mois à partir de septembre 2027, {place} On demande {amount} sur {budget}. C'est bon ?"
    axis2 = call.ask(base.format(axis="axe 2", place="à Lectoure et Fleurance.", amount="30 000 €", budget="50 000 €"))
    assert axis2.verdict == "yes", axis2.answer  # « Axes 1 et 2 | 40 000 € »
    axis3 = call.ask(base.format(axis="axe 3", place="à Lectoure et Fleurance.", amount="30 000 €", budget="50 000 €"))
    assert axis3.verdict == "no" and "25 000 €" in axis3.answer
    small = call.ask(base.format(axis="axe 1", place="à Lectoure.", amount="7 000 €", budget="10 000 €"))
    assert small.verdict in ("yes", "conditional") and "6 000 €" in small.answer  # the lowered floor, on its condition
    tiny = call.ask(base.format(axis="axe 1", place="à Lectoure.", amount="5 000 €", budget="10 000 €"))
    assert tiny.verdict == "no"


def test_an_intercommunality_speaking_for_itself(call):
    a = call.ask("Bonjour, c'est la CC de la Lomagne Gersoise. On voudrait porter des formations courtes à Lectoure "
                 "(axe 3), 12 mois à partir d'octobre 2027. On peut ?")
    assert a.verdict == "no" and "axe 2" in a.answer
