"""Limits a call sets on a part of a project or on one axis, on an unedited `ami new-call` draft of a generated .docx:
a purchase limited to a share of the budget ("dans la limite de 25 % du budget total") weighed on the amount and the
budget the applicant gives, a number of things limited ("limité à deux véhicules") counted in the applicant's own words
("3 voitures"), a start bound of one axis only ("(au plus tard le 1er septembre 2027 pour l'axe 3)") applied to a project
of that axis, named by its number or by its theme; a minimum number of people set axis by axis ("Les projets des axes 1
et 2 doivent concerner au moins 20 participants", and 8 under the axis 3's own rules), a longer duration one axis may
reach ("Pour l'axe 3 uniquement, elle peut atteindre 24 mois"); and what is no rate of the grant nor cap per person: a
purchase's share of the budget, aid the project pays to each participant; a table of amounts by axis, answered by
the row of the axis asked about; a seat the call wants in its département, with a place open on the territory when it
is outside the territory ("a son siège social dans le département du Gers. Lorsque ce siège se trouve hors des …"); a
kind of applicant kept to two axes ("pour les axes 1 et 2 uniquement"), asked again for the third."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Gascogne Emploi Mobile » 2027"),
    ("p", "Département fictif du Gers – Direction de l'insertion et de l'emploi"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Accompagner vers l'emploi"),
    ("p", "Ateliers collectifs, accompagnement renforcé, parrainage par des salariés d'entreprises du territoire."),
    ("h2", "Axe 2 — Se déplacer pour travailler"),
    ("p", "Transport solidaire, prêt de véhicules, covoiturage organisé vers les zones d'emploi."),
    ("p", "L'achat de véhicules est éligible uniquement sur l'axe 2, dans la limite de 25 % du coût total éligible du projet."),
    ("p", "Dans l'axe 2, l'achat de véhicules est limité à deux véhicules par projet."),
    ("p", "Les aides individuelles versées aux participants (carburant, réparation) sont plafonnées à 400 € par personne."),
    ("h2", "Axe 3 — Loger les apprentis"),
    ("p", "Hébergement temporaire des apprentis et des saisonniers en formation, chambres chez l'habitant, foyers."),
    ("p", "Règles propres à l'axe 3 :"),
    ("li", "le projet doit héberger au moins 8 apprentis sur sa durée ;"),
    ("li", "les chambres sont situées dans l'une des communes du territoire."),
    ("p", "Les projets des axes 1 et 2 doivent concerner au moins 20 participants sur leur durée."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les structures de l'insertion par l'activité économique."),
    ("p", "Les communes et les CCAS peuvent aussi déposer un projet, pour les axes 1 et 2 uniquement."),
    ("p", "Le porteur de projet a son siège social dans le département du Gers. Lorsque ce siège se trouve hors des "
          "quatre communes du territoire, le porteur doit disposer sur le territoire d'un lieu d'accueil ouvert au moins un "
          "jour par semaine."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes suivantes : Auch, Fleurance, Lectoure, Condom."),
    ("h1", "4. Durée et démarrage"),
    ("p", "La durée des projets est comprise entre 6 et 18 mois. Pour l'axe 3 uniquement, elle peut atteindre 24 mois."),
    ("p", "Démarrage : entre le 1er mai 2027 et le 1er novembre 2027 (au plus tard le 1er septembre 2027 pour l'axe 3)."),
    ("h1", "5. Financement"),
    ("p", "Montant de la subvention par projet, selon l'axe :"),
    ("p", "| Axe | Plancher | Plafond |"),
    ("p", "| Axe 1 — Accompagner | 5 000 € | 40 000 € |"),
    ("p", "| Axe 2 — Se déplacer | 5 000 € | 40 000 € |"),
    ("p", "| Axe 3 — Loger | 5 000 € | 30 000 € |"),
    ("p", "Règles de financement :"),
    ("li", "L'aide cumulée des financeurs ne peut dépasser 70 % du coût total du projet. Ce taux est porté à 80 % pour "
           "les SIAE conventionnées."),
    ("h1", "6. Dépenses"),
    ("h2", "Dépenses éligibles"),
    ("li", "les frais de personnel affectés au projet ;"),
    ("li", "sur l'axe 1 uniquement, un fonds de dépannage couvrant le reste à charge des familles, dans la limite de 5 % "
           "du coût total éligible du projet."),
    ("h1", "7. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 16 avril 2027 à 12h00."),
    ("p", "Contact : gascogne-emploi@gers.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


# the same call, its rate and the clause that lowers it in one item: "taux maximum : 80 % … ; ce taux est limité à 60 %
# lorsque …"
RATE_TURNED = [x for x in CALL if not x[1].startswith(("L'aide cumulée", "Règles de financement"))] + [
    ("li", "taux maximum : 80 % du coût total éligible du projet ; ce taux est limité à 60 % lorsque le porteur est une "
           "commune ou une intercommunalité ;")]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("bycase"), "bycase", CALL, date(2027, 3, 1))[0]


def test_a_purchase_over_its_share_of_the_budget(call):
    over = call.ask("Asso de Fleurance, projet axe 2 de 12 mois à partir de juin 2027 : budget total 60 000 € dont achat "
                    "d'un minibus pour 24 000 €, on demande 30 000 €. C'est bon ?")
    assert over.verdict == "no" and "25 % du coût total" in over.answer
    within = call.ask("Asso de Fleurance, projet axe 2 de 12 mois à partir de juin 2027 : budget total 60 000 € dont "
                      "achat d'un minibus pour 12 000 €, on demande 30 000 €. C'est bon ?")
    assert within.verdict != "no"


def test_a_number_of_things_counted_in_the_applicants_words(call):
    three = call.ask("Notre asso d'Auch veut acheter 3 voitures d'occasion pour un projet axe 2 de prêt de véhicules "
                     "sur 12 mois à partir de juin 2027, c'est possible ?")
    assert three.verdict == "no" and "limité à deux véhicules" in three.answer
    two = call.ask("Notre asso d'Auch veut acheter 2 voitures d'occasion pour un projet axe 2 de prêt de véhicules "
                   "sur 12 mois à partir de juin 2027, c'est possible ?")
    assert two.verdict != "no"


def test_a_start_bound_of_one_axis(call):
    by_number = call.ask("Asso de Condom, projet axe 3 de 12 mois qui démarre le 1er octobre 2027, on demande 20 000 € "
                         "pour 30 000 €. On est dans les clous ?")
    assert by_number.verdict == "no" and "1er septembre 2027" in by_number.answer
    by_theme = call.ask("Asso de Condom, projet d'hébergement des apprentis chez l'habitant sur 12 mois, démarrage le "
                        "1er octobre 2027, on demande 20 000 € pour 30 000 €. On est dans les clous ?")
    assert by_theme.verdict == "no" and "1er septembre 2027" in by_theme.answer
    other_axis = call.ask("Asso de Condom, projet axe 1 de 12 mois qui démarre le 1er octobre 2027, on demande 20 000 € "
                          "pour 30 000 €. On est dans les clous ?")
    assert other_axis.verdict == "yes"


def test_a_minimum_of_people_set_axis_by_axis(call):
    few = call.ask("Asso de Lectoure, projet axe 1 d'ateliers collectifs sur 12 mois à partir de juin 2027, 12 participants "
                   "prévus, on demande 20 000 € pour 30 000 €. Ça passe ?")
    assert few.verdict == "no" and "au moins 20 participants" in few.answer
    lodging = call.ask("Asso de Lectoure, projet axe 3 : 12 apprentis hébergés sur 12 mois à partir de juin 2027, on "
                       "demande 20 000 € pour 30 000 €. Ça passe ?")
    assert lodging.verdict == "yes"


def test_a_longer_duration_one_axis_may_reach(call):
    assert call.ask("Un projet axe 3 d'hébergement sur 24 mois, c'est autorisé ?").verdict == "yes"
    other = call.ask("Un projet axe 1 sur 24 mois, c'est autorisé ?")
    assert other.verdict == "no" and "18 mois" in other.answer


def test_the_rate_and_its_raise_read_apart_from_a_purchase_share(call):
    asso = call.ask("Notre asso d'Auch demande 30 000 € pour un projet axe 1 de 40 000 €, soit 75 % du coût : c'est possible ?")
    assert asso.verdict == "no" and "70 %" in asso.answer and "25 %" not in asso.answer.split("\n\n")[1]
    aci = call.ask("Notre SIAE conventionnée d'Auch demande 30 000 € pour un projet axe 1 de 40 000 €, soit 75 % du coût : "
                   "c'est possible ?")
    assert aci.verdict == "yes" and "80 %" in aci.answer
    ei = call.ask("Notre entreprise d'insertion conventionnée d'Auch demande 30 000 € pour un projet axe 1 de 40 000 €, soit "
                  "75 % du coût : c'est possible ?")  # an "entreprise d'insertion" is a SIAE, though words.yaml types it a company
    assert ei.verdict == "yes" and "80 %" in ei.answer


def test_aid_paid_to_each_participant_is_no_cap_of_the_grant(call):
    ans = call.ask("Asso de Condom, projet axe 2 de prêt de scooters sur 12 mois à partir de juin 2027, 30 participants, "
                   "on demande 30 000 € pour un budget total de 45 000 €. C'est bon ?")
    assert ans.verdict == "yes" and "400 €" not in ans.answer.split("\n\n")[1]


def test_a_rate_and_the_clause_that_lowers_it_in_one_item(tmp_path_factory):
    from fixtures_calls import draft_call

    turned = draft_call(tmp_path_factory.mktemp("turned"), "turned", RATE_TURNED, date(2027, 3, 1))[0]
    asso = turned.ask("Notre asso d'Auch demande 30 000 € pour un projet axe 1 de 40 000 €, soit 75 % du coût : c'est possible ?")
    assert asso.verdict == "yes" and "80 %" in asso.answer and "5 %" not in asso.answer.split("\n\n")[1]
    town = turned.ask("La commune de Lectoure demande 30 000 € pour un projet axe 1 de 40 000 €, soit 75 % du coût : c'est "
                      "possible ?")
    assert town.verdict == "no" and "60 %" in town.answer


def test_the_row_of_the_axis_asked_about(call):
    ans = call.ask("What's the maximum grant for a project under axis 3?")
    assert "30 000" in ans.answer and "40 000" not in ans.answer


def test_a_seat_in_the_departement_with_a_place_on_the_territory(call):
    away = call.ask("Our association is based in Toulouse. Can we be the lead applicant for a project in Condom?")
    assert away.verdict == "no" and away.language == "en"
    branch = call.ask("Notre asso est basée à Mirande et on a un lieu d'accueil ouvert le mardi à Condom. On peut porter "
                      "un projet axe 1 à Condom ?")
    assert branch.verdict == "yes"
    none = call.ask("Notre asso est basée à Mirande, sans antenne ni lieu d'accueil sur le territoire. On peut porter un "
                    "projet axe 1 à Condom ?")
    assert none.verdict == "no"


def test_a_kind_kept_to_two_axes_asked_again_for_the_third(call):
    first_q = "La commune de Lectoure peut-elle porter un projet sur l'axe 1 ?"
    first = call.ask(first_q)
    assert first.verdict != "no"
    again = call.ask("ok et pour l'axe 3 ?", [{"role": "user", "content": first_q}, {"role": "assistant", "content": first.answer}])
    assert again.verdict == "no" and "pour les axes 1 et 2 uniquement" in again.answer
