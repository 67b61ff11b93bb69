"""Values a call sets axis by axis or kind by kind, on an unedited `ami new-call` draft of a generated .docx: the ages
each axis sets (a range written under the axis 1 is not the call's; an exception listed under a lead « Deux
exceptions sont admises : », and one the applicant describes, admit younger people), the funding rate of the
applicant's kind in a table whose rows list kinds (« Organismes de formation de statut commercial » for a training
company in SAS, « coopératives (SCOP, SCIC) » for a SCOP only), caps by axis with a raise written in the axis 2 section,
a seat outside the département admitted « qu'en partenariat », a creation « publiée au JO », an amount asked « juste »,
a cost planned inside a total cost, two dossiers on one axis, a cost ruled out, an elliptic second ask, and a commune
given as an example of a place outside the territory."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets 2027 « Relais des métiers » en Gévaudan"),
    ("p", "Document fictif de la Préfecture de la Lozère (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte exclusivement sur les communes suivantes : Marvejols, Montrodat, Palhers, Antrenas, Gabrias."),
    ("p", "Les actions se déroulent dans ces communes. Par exception, les journées collectives peuvent se tenir ailleurs "
          "dans le département de la Lozère (par exemple à Mende), dans la limite de 20 % des heures."),
    ("p", "Le siège du porteur peut être situé dans n'importe quelle commune de la Lozère."),
    ("p", "Une structure dont le siège social est situé hors du département de la Lozère n'est éligible qu'en partenariat "
          "avec une structure dont le siège est en Lozère."),
    ("h1", "2. Axes"),
    ("p", "Un même porteur peut déposer au maximum deux dossiers, à condition qu'ils relèvent de deux axes différents."),
    ("h2", "Axe 1 – Préparer la transmission des exploitations"),
    ("p", "Publics visés : exploitants âgés de 60 ans ou plus."),
    ("p", "Deux exceptions sont admises :"),
    ("li", "un exploitant de moins de 60 ans peut être accompagné si la cessation est due à une invalidité reconnue ;"),
    ("li", "une exploitation sans salarié peut être accompagnée si elle est la dernière de la commune."),
    ("p", "Montant de la subvention : de 12 000 € à 45 000 € par projet."),
    ("h2", "Axe 2 – Former les successeurs"),
    ("p", "Publics visés : successeurs âgés d'au moins 18 ans."),
    ("p", "Par exception, les apprentis âgés de 16 ou 17 ans peuvent suivre le stage d'immersion chez le cédant."),
    ("p", "Montant de la subvention : de 20 000 € à 70 000 € par projet. Ce plafond est porté à 95 000 € pour les projets "
          "portés par un groupement d'au moins trois structures."),
    ("h2", "Axe 3 – Garder les emplois"),
    ("p", "Montant de la subvention : de 9 000 € à 35 000 € par projet."),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent déposer un dossier : les associations, les coopératives, les organismes de formation, les "
          "collectivités et les entreprises."),
    ("p", "Le porteur doit avoir été créé au moins 18 mois avant la date limite de dépôt (date de publication au Journal "
          "officiel pour les associations)."),
    ("h1", "4. Financement"),
    ("p", "L'enveloppe totale s'élève à 600 000 €."),
    ("table", [["Nature du porteur", "Taux maximal de subvention"],
               ["Associations, coopératives (SCOP, SCIC)", "80 %"],
               ["Collectivités territoriales", "60 %"],
               ["Organismes de formation de statut commercial, entreprises", "50 %"]]),
    ("h2", "4.1 Dépenses éligibles"),
    ("li", "les frais de communication liés au projet, dans la limite de 2 500 € par projet ;"),
    ("li", "les dépenses d'investissement (matériel pédagogique, logiciels), dans la limite de 15 % du coût total éligible ;"),
    ("li", "les frais de structure, sous la forme d'un forfait de 8 % au maximum des dépenses directes."),
    ("h2", "4.2 Dépenses inéligibles"),
    ("li", "le rachat de l'exploitation ou du fonds de commerce ;"),
    ("li", "l'achat de véhicules."),
    ("h1", "5. Versement"),
    ("p", "Pour une subvention de 20 000 € ou plus, le versement se fait en trois fois :"),
    ("li", "50 % à la signature de la convention ;"),
    ("li", "30 % à la réception du bilan intermédiaire ;"),
    ("li", "20 % au solde, sur bilan final."),
    ("p", "Pour une subvention inférieure à 20 000 €, le versement se fait en deux fois : 70 % à la signature de la "
          "convention et 30 % au solde."),
    ("h1", "6. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : mercredi 30 juin 2027 à 12h00."),
    ("p", "Contact : relais-metiers@lozere.example.fr"),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("by_axis"), "by_axis", CALL, date(2027, 5, 20))[0]


def test_an_exception_listed_under_a_lead_admits_a_younger_person_of_that_axis(call):
    got = call.ask("Un exploitant de Palhers a 57 ans, il arrête pour une invalidité reconnue. Il peut être accompagné "
                   "sur l'axe 1 ?")
    assert got.verdict == "yes", got.answer
    assert "invalidité reconnue" in got.answer


def test_an_exception_the_applicant_describes_wins_over_another_axis_range(call):
    got = call.ask("Un apprenti de 17 ans chez le cédant à Marvejols peut suivre le stage d'immersion ?")
    assert got.verdict != "no", got.answer
    assert "60 ans" not in got.answer.split("\n")[0]


def test_the_rate_of_the_row_that_names_the_applicant_kind(call):
    training = call.ask("Nous sommes un organisme de formation en SAS à Marvejols. Coût total 100 000 €, on demande "
                        "60 000 € sur l'axe 2. Ça passe ?")
    assert training.verdict == "no", training.answer
    assert "50 %" in training.answer
    scop = call.ask("On est une SCOP de Montrodat, créée en 2010. Sur l'axe 3, on peut demander 30 000 € pour un coût "
                    "total de 40 000 € ?")
    assert scop.verdict == "yes", scop.answer


def test_caps_by_axis_and_a_raise_written_for_one_axis(call):
    other = call.ask("Pour l'axe 1, on peut demander 80 000 € si on est un groupement de 3 structures ?")
    assert other.verdict == "no", other.answer
    assert "45 000" in other.answer
    own = call.ask("Sur l'axe 2, on est un groupement de trois structures, on peut demander 90 000 € ?")
    assert own.verdict != "no", own.answer
    assert "95 000" in own.answer
    floor = call.ask("Petite asso de Gabrias créée en 2012 : projet axe 3, on demanderait juste 7 000 €. Ça rentre ?")
    assert floor.verdict == "no", floor.answer
    assert "9 000" in floor.answer


def test_a_seat_outside_admitted_only_in_partnership(call):
    got = call.ask("Notre association est basée à Rodez, créée en 2011. On voudrait porter seuls un projet axe 1 à "
                   "Marvejols. C'est possible ?")
    assert got.verdict == "no", got.answer
    assert "partenariat" in got.answer


def test_a_creation_published_in_the_official_journal(call):
    got = call.ask("Notre association a été déclarée en préfecture et publiée au JO en mars 2026. On peut déposer un "
                   "dossier sur l'axe 2 ?")
    assert got.verdict == "no", got.answer
    assert "18 mois" in got.answer
    assert "Démarrage" not in got.answer


def test_a_cost_planned_inside_a_total_cost_is_not_the_amount_asked(call):
    got = call.ask("Dans notre budget (coût total éligible 100 000 €), on a prévu 12 000 € de matériel pédagogique. "
                   "C'est accepté ?")
    assert got.verdict != "no", got.answer
    assert "Le montant demandé (12" not in got.answer


def test_two_dossiers_on_one_axis_in_a_follow_up_naming_places(call):
    got = call.ask("et deux dossiers sur l'axe 1, un pour Marvejols et un pour Palhers, c'est bon ?",
                   [{"role": "user", "content": "Une même structure peut déposer plusieurs dossiers ?"},
                    {"role": "assistant", "content": "Oui, au maximum deux dossiers."}])
    assert got.verdict == "no", got.answer
    assert "axes différents" in got.answer


def test_a_cost_ruled_out_asked_as_a_use_of_the_grant(call):
    got = call.ask("Est-ce qu'on pourrait utiliser une partie de la subvention pour aider le successeur à racheter le "
                   "fonds de commerce ?")
    assert got.verdict == "no", got.answer
    assert "rachat" in got.answer


def test_an_elliptic_second_ask_takes_the_frame_of_the_first(call):
    got = call.ask("Les frais de structure sont plafonnés à combien, et la communication ?")
    assert "8 %" in got.answer and "2 500" in got.answer, got.answer


def test_a_commune_given_as_an_example_outside_the_territory_is_not_in_it(call):
    got = call.ask("Mende fait partie du territoire de l'appel ?")
    assert got.verdict == "no", got.answer


def test_a_seat_elsewhere_in_the_departement_quotes_what_the_call_allows(call):
    got = call.ask("Notre association, créée en 2012, a son siège à Mende. On voudrait mener l'action à Marvejols (axe 1). "
                   "Le siège à Mende, ça pose problème ?")
    assert got.verdict == "yes", got.answer
    assert "n'importe quelle commune" in got.answer


def test_a_total_cost_said_after_its_amount_weighs_the_rate(call):
    got = call.ask("Association de Palhers créée en 2014, projet axe 3 sur 12 mois. On demande 30 000 € pour 40 000 € de coût "
                   "total, le reste en fonds propres. On peut ?")
    assert got.verdict == "yes", got.answer
    assert "Taux de financement" in got.answer


def test_each_payment_of_the_schedule_the_amount_falls_under_also_in_a_follow_up(call):
    big = call.ask("Si on obtient 30 000 €, comment c'est versé ?")
    assert "15 000 € (50 %" in big.answer, big.answer
    small = call.ask("et pour 10 000 € ?", [{"role": "user", "content": "Si on obtient 30 000 €, comment c'est versé ?"},
                                            {"role": "assistant", "content": big.answer}])
    assert "7 000 € (70 %" in small.answer and "3 000 € (30 %" in small.answer, small.answer
    assert "5 000 € (50 %" not in small.answer


def test_the_value_of_the_applicant_own_row_first_also_in_a_follow_up(call):
    scop = call.ask("Nous sommes une SCOP, quel est le taux maximal de subvention pour nous ?")
    assert "**80 %**" in scop.answer and "SCOP, SCIC" in scop.answer, scop.answer
    public = call.ask("et si c'est la collectivité territoriale qui porte le projet ?",
                      [{"role": "user", "content": "Nous sommes une SCOP, quel est le taux maximal de subvention pour nous ?"},
                       {"role": "assistant", "content": scop.answer}])
    assert "60 %" in public.answer, public.answer
    axis = call.ask("C'est quoi le plafond de subvention sur l'axe 3 ?")
    assert "35 000" in axis.answer and "70 000" not in axis.answer, axis.answer


def test_a_figure_read_back_as_another_thing(call):
    got = call.ask("Le plafond de 2 500 €, c'est le plafond de subvention par projet ?")
    assert got.verdict == "no", got.answer
    assert "frais de communication" in got.answer, got.answer
    same = call.ask("Les 8 %, c'est le forfait des frais de structure ?")
    assert same.verdict != "no", same.answer
