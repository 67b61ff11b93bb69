"""Rules a call states in one line with what changes them, on an unedited `ami new-call` draft of a generated .docx: a cap
and its raise in one item ("montant maximum : 40 000 € par projet ; ce plafond est porté à 60 000 € pour les projets
déployés sur les deux intercommunalités"), weighed on the places the applicant names; a rate lowered for some kinds
("ce taux est limité à 60 % lorsque le porteur est une commune, un CCAS ou une intercommunalité"), an intercommunality
the applicant is; an intercommunality named by its full name though its own name is one word ("Communauté
d'agglomération du Niortais"); an item of admission that spells out a legal form ("les associations régies par la loi
du 1er juillet 1901") is no condition; a structure the applicant deals with is not its kind ("des parents inscrits à
France Travail"); a kind admitted only on a condition stated below the list ("Les SCOP ne sont éligibles que si elles
sont conventionnées en tant que SIAE") and an applicant that says it lacks it; an intercommunality the call says is not
part of its territory ("… ne font pas partie du territoire"); an amount for one person against a cap per family stated in
the same line as another limit ("… dans la limite de 5 % du coût … et de 300 € par famille"); sending the dossier today,
after the deadline; a seat outside the département admitted only with a branch on the territory, one elsewhere in the
département on conditions of its own; "Peuvent porter un projet" counts no project (an article); an action the call lets take place outside its territory
now and then ("… ponctuellement se dérouler hors territoire (visite d'entreprise, examen du permis)"); a kind named in
an item with a condition ("y compris les SCIC, à condition de détenir l'agrément … (ESUS)"); one axis's own cap that no
raise lifts ("les projets de l'axe 1 sont plafonnés à 30 000 €, y compris lorsqu'ils remplissent les conditions du
plafond majoré")."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Deux-Sèvres Parents Emploi » 2027"),
    ("p", "Département fictif des Deux-Sèvres – Direction de l'emploi et de l'insertion"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Garder les enfants pour travailler"),
    ("p", "Garde en horaires atypiques, relais de garde pendant une formation."),
    ("h2", "Axe 2 — Se rendre au travail"),
    ("p", "Location solidaire de voitures et de scooters, transport à la demande vers les zones d'activités."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent porter un projet :"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les communes, les CCAS et les intercommunalités ;"),
    ("li", "les centres sociaux agréés par la CAF ;"),
    ("li", "les autres entreprises de l'économie sociale et solidaire, y compris les SCIC, à condition de détenir "
           "l'agrément « entreprise solidaire d'utilité sociale » (ESUS) ;"),
    ("li", "les structures de l'insertion par l'activité économique conventionnées, quel que soit leur statut juridique."),
    ("p", "Les SCOP ne sont éligibles que si elles sont conventionnées en tant que SIAE."),
    ("p", "Un même porteur peut déposer au maximum deux projets ; cette limite ne s'applique qu'aux chefs de file, pas aux "
          "partenaires."),
    ("h1", "3. Territoire"),
    ("p", "L'appel concerne les communes de deux intercommunalités des Deux-Sèvres :"),
    ("p", "| Intercommunalité | Communes (extrait) |"),
    ("p", "| Communauté d'agglomération du Niortais | Niort, Chauray, Aiffres, Échiré |"),
    ("p", "| Communauté de communes du Thouarsais | Thouars, Saint-Varent, Louzy |"),
    ("p", "Les actions doivent se dérouler sur le territoire de ces deux intercommunalités."),
    ("p", "Les communes de la Communauté d'agglomération du Bocage Bressuirais ne font pas partie du territoire."),
    ("p", "Les actions peuvent ponctuellement se dérouler hors territoire (visite d'entreprise, examen du permis)."),
    ("h2", "Implantation du porteur"),
    ("li", "Une structure dont le siège est situé ailleurs dans les Deux-Sèvres est éligible si la totalité des actions "
           "se déroule sur le territoire."),
    ("li", "Une structure dont le siège est situé hors du département des Deux-Sèvres n'est éligible que si elle dispose "
           "d'un établissement secondaire implanté sur le territoire."),
    ("h1", "4. Financement"),
    ("p", "Règles de financement :"),
    ("li", "montant minimum de subvention : 10 000 € par projet ;"),
    ("li", "montant maximum : 40 000 € par projet ; ce plafond est porté à 60 000 € pour les projets déployés sur les "
           "deux intercommunalités ;"),
    ("li", "par exception, les projets de l'axe 1 sont plafonnés à 30 000 €, y compris lorsqu'ils remplissent les "
           "conditions du plafond majoré ;"),
    ("li", "taux maximum : 80 % du coût total éligible du projet ; ce taux est limité à 60 % lorsque le porteur est une "
           "commune, un CCAS ou une intercommunalité."),
    ("h2", "Dépenses éligibles"),
    ("li", "les frais de personnel affectés au projet ;"),
    ("li", "l'achat de matériel, dans la limite de 40 % du montant de la subvention sollicitée ;"),
    ("li", "sur l'axe 1 uniquement, un fonds de dépannage couvrant le reste à charge des familles pour la garde, dans la "
           "limite de 5 % du coût total éligible du projet et de 300 € par famille."),
    ("h1", "5. Durée et calendrier"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er juillet et le 1er décembre 2027."),
    ("p", "Date limite de dépôt des dossiers : vendredi 16 avril 2027 à 12h00."),
    ("p", "Les dossiers sont déposés exclusivement sur la plateforme https://www.demarches-simplifiees.fr/commencer/parents-79"),
    ("p", "Contact : parents-emploi@deux-sevres.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("oneline"), "oneline", CALL, date(2027, 3, 1))[0]


def test_an_intercommunality_named_by_its_full_name(call):
    ans = call.ask("Notre asso est à Vouillé, on peut y mener un projet ?")
    assert ans.verdict != "no" and "Vouillé" in ans.answer and "Niortais" in ans.answer


def test_a_cap_and_its_raise_in_one_item(call):
    one = call.ask("Asso de Thouars créée en 2010, projet axe 2 de 18 mois à partir de septembre 2027, uniquement sur le "
                   "Thouarsais ; on demande 50 000 € pour un budget total de 70 000 €. C'est bon ?")
    assert one.verdict == "no" and "40 000 €" in one.answer
    both = call.ask("Asso de Thouars créée en 2010, projet axe 2 de 18 mois à partir de septembre 2027, avec des "
                    "permanences à Thouars et à Niort ; on demande 50 000 € pour un budget total de 70 000 €. C'est bon ?")
    assert both.verdict == "yes" and "60 000 €" in both.answer


def test_a_rate_lowered_for_some_kinds(call):
    cc = call.ask("La communauté de communes du Thouarsais voudrait porter un projet axe 1 de 12 mois à partir de "
                  "septembre 2027 : 30 000 € demandés sur 45 000 € de budget total. Ça passe ?")
    assert cc.verdict == "no" and "60 %" in cc.answer
    asso = call.ask("Asso de Thouars créée en 2010, projet axe 2 de 18 mois à partir de septembre 2027 pour des parents "
                    "inscrits à France Travail : 30 000 € demandés sur 45 000 € de budget total. Ça passe ?")
    assert asso.verdict == "yes" and "Porteur" in asso.answer and "à ses conditions" not in asso.answer


def test_a_kind_admitted_only_on_a_condition_stated_below_the_list(call):
    lacking = call.ask("On est une SCOP de services à Thouars, on n'est pas conventionnés IAE. Est-ce qu'on peut déposer un "
                       "projet sur l'axe 2 ?")
    assert lacking.verdict == "no" and "conventionnées en tant que SIAE" in lacking.answer
    meeting = call.ask("On est une SCOP de services à Thouars, conventionnée SIAE. Est-ce qu'on peut déposer un projet sur "
                       "l'axe 2 ?")
    assert meeting.verdict == "yes"


def test_an_intercommunality_said_not_part_of_the_territory(call):
    ans = call.ask("Notre asso de Bressuire peut-elle mener un projet à Bressuire ?")
    assert ans.verdict == "no" and "Bressuire" in ans.answer


def test_an_amount_for_one_person_against_a_cap_per_family(call):
    over = call.ask("Avec le fonds de dépannage de l'axe 1, est-ce qu'on pourra donner 500 € à une maman pour payer son "
                    "assistante maternelle ?")
    assert over.verdict == "no" and "300 € par famille" in over.answer
    within = call.ask("Avec le fonds de dépannage de l'axe 1, est-ce qu'on pourra donner 250 € à une maman pour payer son "
                      "assistante maternelle ?")
    assert within.verdict != "no"


def test_sending_today_after_the_deadline(tmp_path_factory):
    from fixtures_calls import draft_call

    late = draft_call(tmp_path_factory.mktemp("late"), "late", CALL, date(2027, 4, 20))[0]
    ans = late.ask("On n'a pas pu finir le dossier pour le 16 avril, on peut l'envoyer par mail aujourd'hui à la "
                   "direction ? la plateforme marche bien, c'est juste qu'on était en retard")
    assert ans.verdict == "no" and "16 avril 2027" in ans.answer
    assert "❌ **Date limite**" in ans.answer  # the deadline is one of the reasons, not only the warning below them


def test_a_seat_outside_the_departement_or_elsewhere_in_it(call):
    away = call.ask("Asso basée à Poitiers, on n'a pas d'antenne dans les Deux-Sèvres. Projet axe 2 à Thouars, c'est "
                    "possible ?")
    assert away.verdict == "no" and "établissement secondaire" in away.answer
    near = call.ask("Notre asso a son siège à Parthenay mais toutes nos actions auraient lieu à Thouars. On peut répondre ?")
    assert near.verdict == "conditional" and "la totalité des actions" in near.answer


def test_an_article_is_no_count(call):
    partner = call.ask("On a déjà déposé 2 projets en chef de file. Une autre asso nous demande d'être partenaire sur son "
                       "projet, on a le droit ?")
    assert partner.verdict != "no"
    third = call.ask("On a déjà déposé 2 projets en chef de file. On peut en déposer un 3e ?")
    assert third.verdict == "no"


def test_an_action_the_call_lets_take_place_outside_now_and_then(call):
    exam = call.ask("Notre asso de Thouars prépare au permis ; les examens se passent à Bressuire. On peut y emmener nos "
                    "participants même si c'est hors du territoire ?")
    assert exam.verdict != "no" and "examen du permis" in exam.answer
    workshop = call.ask("Notre asso de Thouars veut ouvrir un atelier permanent à Bressuire, c'est possible ?")
    assert workshop.verdict == "no"


def test_a_month_said_of_something_else_is_no_start(call):
    ans = call.ask("La commune de Thouars : notre conseil municipal ne se réunit qu'en mai. Peut-on déposer le dossier "
                   "avant la date limite sans la délibération ?")
    assert ans.verdict != "no" and "Démarrage en mai" not in ans.answer
    start = call.ask("Asso de Thouars créée en 2010 : on voudrait démarrer en mai un projet axe 2 de 12 mois, c'est possible ?")
    assert start.verdict == "no" and "juillet" in start.answer


def test_a_kind_named_in_an_item_with_a_condition(call):
    silent = call.ask("Une SCIC installée à Thouars peut-elle porter un projet ?")
    assert silent.verdict == "conditional" and "ESUS" in silent.answer
    approved = call.ask("Nous sommes une SCIC agréée ESUS à Thouars, on peut porter un projet ?")
    assert approved.verdict == "yes"


def test_one_axis_cap_that_no_raise_lifts(call):
    axis1 = call.ask("Asso de Thouars créée en 2010, projet axe 1 de 18 mois à partir de septembre 2027, avec des "
                     "permanences à Thouars et à Niort ; on demande 35 000 € pour un budget total de 50 000 €. C'est bon ?")
    assert axis1.verdict == "no" and "30 000 €" in axis1.answer
    axis2 = call.ask("Asso de Thouars créée en 2010, projet axe 2 de 18 mois à partir de septembre 2027, uniquement à "
                     "Thouars ; on demande 35 000 € pour un budget total de 50 000 €. C'est bon ?")
    assert axis2.verdict == "yes"
