"""Seats and costs as two more calls write them, on unedited `ami new-call` drafts of generated .docx files.

A call of the Lot: « Conditions communes à tous les porteurs : » then « disposer d'un siège ou d'un établissement
secondaire dans le Lot » (a seat elsewhere needs a branch in the département; « aucun local » is none), « Une structure dont
le siège se situe dans le département du Lot mais hors des deux intercommunalités peut porter un projet si … » (its conditions, to
check); an exclusion with its exception (« achat de véhicules, sauf vélos à assistance électrique … ») and the eligible
line of that exception with its limit; a cost capped per person and as a share of the grant (« la prise en charge du
permis … plafonnée à 1 200 € par participant et ne peut excéder 40 % de la subvention demandée ») is neither the grant's
cap nor its rate; contributions in kind « ne sont pas prises en compte dans le coût total éligible servant au calcul du
taux »; a project described at a town of the territory gets no « Oui » for the town alone; a kind of cost alone (« le
salaire de notre encadrant ») is not what « la rémunération des stagiaires » rules out; « je suis à la mairie de … » is
one of « les communes » the call rules out, though a CCAS, which it admits, is a local authority too; « on a droit au
plafond majoré ? » is answered by the raise's condition, weighed on the places the applicant names.

A second call whose seat rules are a lead and two items (« une structure dont le siège est situé dans le Cantal mais hors
… est éligible si … ; une structure dont le siège est situé hors du département du Cantal ne peut intervenir que comme
partenaire … ») and whose drafting holds no seniority check: a creation date stated by the applicant is then named as a
point to check, with the call's sentence on it (answer/fact_topics.py), never a plain « Oui »."""

from __future__ import annotations

from datetime import date

import pytest

LOT = [
    ("title", "Appel à projets « Figeac Parents Mobiles » 2027"),
    ("p", "Document fictif du Département du Lot, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("p", "Solutions de garde pour les parents en reprise d'emploi."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Location solidaire et prêt de véhicules aux parents en insertion."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent sur la CC Grand-Figeac et la CC Causses et Vallée de la Dordogne : Figeac, Assier, "
          "Bagnac-sur-Célé, Capdenac-Gare, Gramat, Souillac."),
    ("p", "Le public est constitué de parents élevant seuls au moins un enfant âgé de moins de 16 ans."),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent déposer un dossier les associations régies par la loi du 1er juillet 1901, les SIAE et les CCAS."),
    ("p", "Ne peuvent pas déposer un dossier :"),
    ("li", "les communes, ainsi que les communautés de communes hors axe 2 ;"),
    ("li", "les personnes physiques."),
    ("p", "Conditions communes à tous les porteurs :"),
    ("li", "être à jour de ses obligations sociales et fiscales ;"),
    ("li", "disposer d'un siège ou d'un établissement secondaire dans le département du Lot."),
    ("p", "Une structure dont le siège se situe dans le département du Lot mais hors des deux intercommunalités peut porter un projet si "
          "l'ensemble des actions se déroule sur le territoire."),
    ("h1", "4. Dépenses"),
    ("h2", "4.1 Dépenses éligibles"),
    ("li", "les frais de personnel d'encadrement technique affectés au projet ;"),
    ("li", "l'achat de vélos à assistance électrique est admis dans la limite de 8 000 € par projet ;"),
    ("li", "la prise en charge du permis de conduire B est plafonnée à 1 200 € par participant et ne peut excéder 40 % de "
           "la subvention demandée."),
    ("h2", "4.2 Dépenses inéligibles"),
    ("li", "achat de véhicules, sauf vélos à assistance électrique dans les conditions de l'axe 2 ;"),
    ("li", "la création de places pérennes en établissement d'accueil du jeune enfant ;"),
    ("p", "La rémunération des stagiaires n'est pas prise en charge par le présent appel."),
    ("h1", "5. Financement"),
    ("p", "La subvention est comprise entre 10 000 € et 45 000 € par projet. Le taux maximal de financement est de 70 % du "
          "coût total éligible."),
    ("p", "Le plafond est porté à 60 000 € pour les projets déployés sur les deux intercommunalités. Le plafond majoré ne "
          "s'applique que si le projet prévoit des actions effectives dans chacune des deux intercommunalités."),
    ("p", "Les contributions volontaires en nature (bénévolat, mises à disposition gratuites) peuvent figurer dans le budget "
          "prévisionnel, mais ne sont pas prises en compte dans le coût total éligible servant au calcul du taux de "
          "financement."),
    ("h1", "6. Calendrier"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er septembre 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : lundi 10 mai 2027 à 12h00, sur https://www.demarches-simplifiees.fr/commencer/figeac-parents"),
]

CANTAL = [
    ("title", "Appel à projets « Artense Emploi » 2027"),
    ("p", "Document fictif de la DDETS du Cantal, rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "Les actions se déroulent sur la CC Sumène Artense : Champs-sur-Tarentaine-Marchal, Ydes, Saignes, Bort-les-Orgues."),
    ("p", "Règles relatives au siège de la structure :"),
    ("li", "une structure dont le siège est situé dans le Cantal mais hors de cette intercommunalité est éligible si elle "
           "dispose, sur le territoire, d'un local d'accueil ou d'une permanence pendant toute la durée du projet ;"),
    ("li", "une structure dont le siège est situé hors du département du Cantal ne peut intervenir que comme partenaire "
           "d'un consortium dont le chef de file a son siège dans le Cantal."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un dossier les associations régies par la loi du 1er juillet 1901 et les SIAE."),
    ("p", "Le porteur doit avoir publié un premier bilan comptable approuvé avant la date limite de dépôt."),
    ("h1", "3. Financement"),
    ("p", "La subvention est comprise entre 5 000 € et 30 000 € par projet, dans la limite de 80 % du coût total."),
    ("h1", "4. Calendrier"),
    ("p", "Les projets durent de 12 à 18 mois et démarrent entre le 1er septembre 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : jeudi 6 mai 2027 à 12h00, par courriel à artense-emploi@cantal.example."),
]


@pytest.fixture(scope="module")
def lot(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("seats_lot"), "seats_lot", LOT, date(2027, 3, 1))[0]


@pytest.fixture(scope="module")
def cantal(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("seats_cantal"), "seats_cantal", CANTAL, date(2027, 3, 1))[0]


def test_a_seat_or_a_branch_in_the_departement(lot):
    none = lot.ask("On est une asso d'Aurillac (Cantal), on n'a aucun local dans le Lot, on voudrait porter un projet à Figeac. "
                   "C'est possible ?")
    assert none.verdict == "no" and "établissement secondaire dans le département du Lot" in none.answer
    branch = lot.ask("On est une asso d'Aurillac (Cantal) avec une antenne à Figeac, on voudrait porter un projet à Figeac. "
                     "C'est possible ?")
    assert branch.verdict != "no", branch.answer
    elsewhere = lot.ask("On est une asso basée à Cahors, on voudrait porter un projet à Figeac. C'est possible ?")
    assert elsewhere.verdict == "conditional" and "mais hors des deux intercommunalités" in elsewhere.answer


def test_an_exclusion_spares_its_exception_and_the_exception_has_its_limit(lot):
    car = lot.ask("On voudrait acheter une voiture pour le projet, c'est finançable ?")
    assert car.verdict == "no" and "achat de véhicules" in car.answer
    bikes = lot.ask("Dans notre projet axe 2 on voudrait acheter des vélos électriques pour 12 000 €, sur un budget de "
                    "40 000 €. C'est finançable ?")
    assert bikes.verdict != "yes" or "8 000 €" in bikes.answer
    assert "achat de véhicules, sauf" not in bikes.answer.split("\n")[0]  # the exclusion is not the reason given


def test_a_cost_capped_per_person_and_as_a_share_of_the_grant_is_neither_cap_nor_rate(lot):
    a = lot.ask("Asso de Figeac créée en 2010, projet axe 2 de 12 mois à partir d'octobre 2027 : on demande 20 000 € pour "
                "un budget de 30 000 €, 20 participants. C'est bon ?")
    assert a.verdict == "yes", a.answer
    assert "1 200 €" not in a.answer.split("\n\n")[0] and "40 %" not in a.answer.split("\n\n")[0]


def test_contributions_in_kind_stay_out_of_the_rate(lot):
    a = lot.ask("Asso de Figeac, projet axe 2 : budget total 40 000 € dont 12 000 € de bénévolat valorisé. On peut "
                "demander 25 000 € ?")
    assert a.verdict == "no" and "contributions volontaires en nature" in a.answer


def test_a_project_at_a_town_of_the_territory_is_no_yes_for_the_town_alone(lot):
    a = lot.ask("On a le projet d'ouvrir une micro-crèche de 10 places permanentes à Gramat pour les parents en insertion. "
                "Est-ce qu'on peut demander la subvention pour ça ?")
    assert a.verdict != "yes" and "Oui" not in a.answer
    place = lot.ask("Gramat fait partie du territoire ?")
    assert place.verdict == "yes"


def test_a_kind_of_cost_alone_is_not_what_a_line_rules_out(lot):
    history = [{"role": "user", "content": "les salaires des stagiaires sont-ils finançables ?"},
               {"role": "assistant", "content": "Non : la rémunération des stagiaires n'est pas prise en charge."}]
    a = lot.ask("et le salaire de notre encadrant technique, alors ?", history)
    assert a.verdict != "no", a.answer


def test_seat_rules_listed_under_a_lead(cantal):
    away = cantal.ask("On est une asso d'insertion dont le siège est à Tulle (Corrèze), on a une antenne à Ydes ouverte toute "
                      "la semaine. On peut déposer seuls en notre nom ?")
    assert away.verdict == "no" and "partenaire" in away.answer
    near = cantal.ask("Asso basée à Aurillac, on a une permanence à Ydes, on peut porter un projet ?")
    assert near.verdict != "no", near.answer


def test_a_fact_no_check_could_weigh_is_named_to_check(cantal):
    a = cantal.ask("Asso de Ydes créée en janvier 2027, on peut candidater ?")
    assert a.verdict != "yes", a.answer
    assert "premier bilan comptable" in a.answer


def test_a_town_hall_is_one_of_the_communes_ruled_out(lot):
    town = lot.ask("Bonjour, je suis à la mairie de Figeac. La commune voudrait porter elle-même un service de transport "
                   "pour les parents. Peut-on déposer en tant que commune ?")
    assert town.verdict == "no" and "les communes" in town.answer
    ccas = lot.ask("On est le CCAS de Figeac, on peut déposer un projet ?")
    assert ccas.verdict != "no", ccas.answer


def test_the_higher_cap_asked_without_an_amount(lot):
    one = lot.ask("Notre projet se déroule seulement à Figeac et Assier, on a droit au plafond majoré ?")
    assert one.verdict == "no" and "chacune des deux intercommunalités" in one.answer
    both = lot.ask("Notre projet se déroule à Figeac et à Gramat, avec des actions dans chacune, on a droit au plafond majoré ?")
    assert both.verdict in ("yes", "conditional") and "Plafond majoré" in both.answer


def test_a_bound_the_applicant_quotes_is_no_age_it_states(lot):
    a = lot.ask("Pour l'axe 1, nos familles ont des enfants de 13 ans. Le public c'est bien les moins de 18 ans, non ? "
                "On peut les accueillir ?")
    assert a.verdict != "no", a.answer
    assert "13 ans" in a.answer and "18 ans" not in a.answer.split("\n\n")[1]
