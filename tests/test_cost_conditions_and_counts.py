"""Costs allowed on a condition, costs kept to some axes, counts of another thing, and a fit to an axis no check
weighs, on an unedited `ami new-call` draft of a generated .docx: « la prise en charge du permis … n'est éligible que
pour des participants disposant d'une promesse d'embauche » makes a « Non » when the applicant says its people have
none, a « Oui » when it says they have one, and a condition to check when it says nothing; « l'achat de vélos, pour les
axes 1 et 2 uniquement » asked on the axis 3 is a « Non »; a minibus « de 12 places » is over « 9 places au plus »;
« 12 places de parking » are not weighed against « au moins 10 places d'hébergement » (another thing, another axis);
« ça rentre dans l'axe 1 ? » gets no « Oui » from who and where alone."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets 2027 « Parents en route » en Val de Brèche"),
    ("p", "Document fictif de la Préfecture de l'Oise (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Garde d'enfants en horaires décalés"),
    ("p", "Exemples d'actions : accueil des enfants tôt le matin ou en soirée par des assistantes maternelles."),
    ("h2", "Axe 2 — Hébergement des salariés saisonniers"),
    ("p", "Exemples d'actions : logements temporaires, colocations accompagnées."),
    ("li", "chaque projet doit créer ou mobiliser au moins 10 places d'hébergement pour des saisonniers ;"),
    ("h2", "Axe 3 — Mobilité vers l'emploi"),
    ("p", "Exemples d'actions : covoiturage, auto-école sociale, location solidaire de véhicules."),
    ("p", "Conditions propres à l'axe 3 :"),
    ("li", "la prise en charge du permis de conduire B n'est éligible que pour des participants disposant d'une "
           "promesse d'embauche écrite ou inscrits dans une formation qualifiante ; elle est plafonnée à 1 200 € par "
           "participant ;"),
    ("li", "l'achat de véhicules est éligible, pour des véhicules de 9 places au plus (conducteur compris)."),
    ("h1", "2. Qui peut candidater ?"),
    ("p", "Peuvent porter un projet : les associations loi 1901, les communes et les CCAS."),
    ("h1", "3. Territoire"),
    ("p", "Communauté de communes du Val de Brèche : Bailleval, Bulles, Litz, Rémécourt, Saint-Rémy-en-l'Eau."),
    ("h1", "4. Durée"),
    ("p", "Les projets durent de 12 à 24 mois."),
    ("h1", "5. Financement"),
    ("p", "L'enveloppe globale s'élève à 300 000 €. La subvention est comprise entre 10 000 € et 50 000 € par projet."),
    ("h2", "5.1 Dépenses éligibles"),
    ("li", "les dépenses de personnel affecté au projet ;"),
    ("li", "les dépenses d'investissement, pour les axes 1 et 2 uniquement et dans la limite de 20 % du coût total "
           "éligible du projet : aménagement de locaux d'accueil, achat de vélos à assistance électrique."),
    ("h1", "6. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : vendredi 18 juin 2027 à 12h00."),
    ("p", "Contact : ddets-breche@oise.example.fr"),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("cost_conditions"), "cost_conditions", CALL, date(2027, 4, 12))[0]


def test_a_cost_eligible_on_a_condition_the_applicant_lacks(call):
    got = call.ask("On voudrait payer le permis B à toutes les mamans qu'on suit, même celles qui n'ont pas encore de "
                   "piste d'emploi ni de formation. Ça passe dans l'axe 3 ?")
    assert got.verdict == "no", got.answer
    assert "promesse d'embauche" in got.answer


def test_a_cost_eligible_on_a_condition_met_or_unsaid(call):
    met = call.ask("On voudrait payer le permis B aux mamans qui ont une promesse d'embauche écrite. Ça passe dans "
                   "l'axe 3 ?")
    assert met.verdict == "yes", met.answer
    unsaid = call.ask("On voudrait payer le permis B aux mamans qu'on accompagne. Ça passe dans l'axe 3 ?")
    assert unsaid.verdict == "conditional", unsaid.answer
    assert "promesse d'embauche" in unsaid.answer


def test_a_cost_kept_to_other_axes(call):
    got = call.ask("Notre projet est sur l'axe 3. On aimerait acheter 5 vélos à assistance électrique pour les "
                   "parents, c'est finançable ?")
    assert got.verdict == "no", got.answer
    assert "axes 1 et 2" in got.answer


def test_a_count_over_what_a_cost_line_allows(call):
    big = call.ask("Association à Bulles, axe 3 : on voudrait acheter un minibus de 12 places, c'est possible ?")
    assert big.verdict == "no", big.answer
    assert "9 places" in big.answer
    small = call.ask("Association à Bulles, axe 3 : on voudrait acheter un minibus de 9 places, c'est possible ?")
    assert small.verdict != "no", small.answer


def test_a_count_of_another_thing_is_not_weighed(call):
    parking = call.ask("Projet axe 3 à Litz : on crée 12 places de parking de covoiturage. On atteint bien les 10 "
                       "places minimum demandées ?")
    assert parking.verdict != "yes", parking.answer
    beds = call.ask("Projet axe 2 à Litz : on crée 8 places d'hébergement pour des saisonniers, ça passe ?")
    assert beds.verdict == "no", beds.answer
    assert "10 places" in beds.answer


def test_who_and_where_do_not_make_a_fit_to_an_axis(call):
    got = call.ask("On est une association d'aide à domicile à Bulles, on fait de la garde de nuit chez des personnes "
                   "âgées. Ça rentre dans l'axe 1 « garde en horaires décalés » ?")
    assert got.verdict != "yes", got.answer
