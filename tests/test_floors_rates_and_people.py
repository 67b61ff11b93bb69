"""Rules as a call on women's employment writes them, on an unedited `ami new-call` draft of a generated .docx: a floor
said « ne peut être inférieur à 10 000 € », a table of rates by kind of applicant where two rows name associations
(one bounded by the annual budget the applicant states), a seat « dans le Gers, ou disposer dans le Gers d'un
établissement secondaire » (a one-word département after a seat), one axis's longer duration (« Pour l'axe 1, la durée
maximale est portée à 36 mois »), the public's minimum age said of « femmes » (a « jeune de 17 ans » is under it), a
dossier « validé sur la plateforme le 14 juin à 12h40 » after a noon deadline; and words that are no facts: « sa »
is no SA, « une auto-école sociale » no company, « une activité de couture » no commune of Couture. A seat rule whose item then admits a seat outside with a branch,
and volunteering counted as own funds by an applicant when the call says contributions in kind are not."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets 2027 « Elles travaillent ici »"),
    ("p", "Document fictif de la Préfecture du Gers (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Garde d'enfants en horaires atypiques"),
    ("p", "Solutions de garde tôt le matin, le soir et le week-end pour les mères qui reprennent un emploi."),
    ("h2", "Axe 2 — Mobilité vers l'emploi et la formation"),
    ("p", "Location de scooters, covoiturage, auto-école sociale."),
    ("h2", "Axe 3 — Création et reprise d'activité"),
    ("p", "Accompagnement des femmes qui créent ou reprennent une activité."),
    ("h1", "2. Publics"),
    ("p", "Les actions s'adressent aux femmes âgées d'au moins 18 ans qui résident dans l'une des communes du territoire."),
    ("h1", "3. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique ;"),
    ("li", "les communes et intercommunalités du territoire."),
    ("p", "Ne peuvent pas déposer de projet :"),
    ("li", "les organismes de formation à but lucratif, qui peuvent toutefois intervenir comme prestataires d'un porteur "
           "éligible ;"),
    ("li", "les micro-crèches privées à but lucratif."),
    ("p", "Le porteur de projet doit avoir son siège social dans le Gers, ou disposer dans le Gers d'un établissement "
          "secondaire immatriculé à la date de dépôt du dossier."),
    ("h1", "4. Territoire"),
    ("p", "Communauté de communes du Bas Armagnac : Nogaro, Le Houga, Manciet, Monguilhem, Toujouse, Cazaubon, Eauze."),
    ("h1", "5. Durée"),
    ("p", "La durée d'un projet est comprise entre 12 et 24 mois. Pour l'axe 1, la durée maximale est portée à 36 mois, "
          "afin de tenir compte du temps d'installation d'un service de garde."),
    ("p", "Les projets démarrent entre le 1er septembre 2027 et le 31 décembre 2027 inclus."),
    ("h1", "6. Financement"),
    ("p", "Le montant sollicité au titre du présent appel ne peut être inférieur à 10 000 € par projet."),
    ("p", "L'aide est plafonnée à 60 000 € par projet pour toute sa durée."),
    ("p", "Le solde est couvert par d'autres financements et par les fonds propres du porteur, qui représentent au moins "
          "10 % du coût total éligible du projet."),
    ("p", "Les contributions volontaires en nature (bénévolat, mise à disposition gratuite de locaux) peuvent figurer au "
          "budget pour information ; elles ne sont comptées ni dans le coût total éligible ni dans les fonds propres."),
    ("table", [["Catégorie de porteur", "Taux maximal de l'aide rapportée au coût total éligible"],
               ["Associations dont le budget annuel du dernier exercice clos est inférieur à 300 000 €", "80 %"],
               ["Structures de l'insertion par l'activité économique", "80 %"],
               ["Autres associations et coopératives", "70 %"],
               ["Communes, intercommunalités, CCAS et CIAS", "50 %"]]),
    ("h1", "7. Dépôt"),
    ("p", "Date limite de dépôt des candidatures : lundi 14 juin 2027 à 12h00."),
    ("p", "Les dossiers sont déposés exclusivement sur la plateforme https://demarches.example/elles-travaillent-2027."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("floors_rates"), "floors_rates", CALL, date(2027, 5, 1))[0]


def test_a_floor_said_as_what_the_amount_cannot_be_under(call):
    got = call.ask("Petite asso de Nogaro (créée en 2011). Accompagnement de créatrices (axe 3) sur 12 mois à partir "
                   "d'octobre 2027, budget total 14 000 €, on demande 8 000 €. On peut y aller ?")
    assert got.verdict == "no", got.answer
    assert "10 000 €" in got.answer and "inférieur au plancher" in got.answer


def test_the_rate_row_of_the_applicants_kind_and_budget(call):
    small = call.ask("Asso créée en 2010, siège à Nogaro, budget annuel 180 000 €. Projet axe 3 sur 24 mois, démarrage "
                     "le 4 octobre 2027, à Nogaro. On demande 40 000 € pour un budget de 55 000 €. C'est bon ?")
    assert small.verdict == "yes", small.answer
    assert "Associations dont le budget annuel du dernier exercice clos est inférieur à 300 000 €" in small.answer
    big = call.ask("Asso créée en 2010, siège à Nogaro, budget annuel 450 000 €. Projet axe 3 sur 24 mois, démarrage "
                   "le 4 octobre 2027, à Nogaro. On demande 40 000 € pour un budget de 55 000 €. C'est bon ?")
    assert big.verdict == "no" and "70 %" in big.answer, big.answer
    unknown = call.ask("Asso créée en 2010, siège à Nogaro. Projet axe 3 sur 24 mois, démarrage le 4 octobre 2027, à "
                       "Nogaro. On demande 40 000 € pour un budget de 55 000 €. C'est bon ?")
    assert unknown.verdict == "conditional" and "de 70 à 80 %" in unknown.answer, unknown.answer  # not the communes' 50 %
    assert "Voici ce que dit l'appel sur ce point" not in unknown.answer  # every figure shown is in a quote shown


def test_a_seat_in_a_one_word_departement_or_a_branch_there(call):
    outside = call.ask("Asso dont le siège est à Toulouse, projet axe 3 à Nogaro, c'est possible ?")
    assert outside.verdict == "conditional", outside.answer
    assert "établissement secondaire" in outside.answer
    inside = call.ask("Asso créée en 2012, siège à Nogaro, projet axe 3 à Nogaro, c'est possible ?")
    assert "Siège à Nogaro : là où l'appel le demande" in inside.answer, inside.answer


def test_one_axis_longer_duration(call):
    childcare = call.ask("Un projet de garde d'enfants en horaires décalés (axe 1) sur 30 mois, c'est accepté ou c'est "
                         "trop long ?")
    assert childcare.verdict == "yes" and "36 mois" in childcare.answer, childcare.answer
    mobility = call.ask("Un projet de mobilité (axe 2) sur 30 mois, c'est possible ?")
    assert mobility.verdict == "no", mobility.answer


def test_the_minimum_age_of_the_women_served(call):
    got = call.ask("une jeune de 17 ans en CAP par apprentissage à Manciet veut monter sa petite activité de couture, "
                   "elle peut entrer dans notre action d'accompagnement à la création (axe 3) ?")
    assert got.verdict == "no", got.answer
    assert "18 ans" in got.answer
    assert "Couture" not in got.answer and "Porteur" not in got.answer.split("Reste à vérifier")[0], got.answer


def test_validated_on_the_platform_after_the_noon_deadline(tmp_path):
    from fixtures_calls import draft_call

    late = draft_call(tmp_path, "floors_rates_late", CALL, date(2027, 6, 15))[0]
    got = late.ask("Petit souci de connexion : on a réussi à valider notre dossier sur la plateforme le 14 juin à 12h40. "
                   "Il sera quand même étudié ?")
    assert got.verdict == "no", got.answer
    assert "12h40" in got.answer and "12h00" in got.answer


def test_a_social_driving_school_is_no_company(call):
    got = call.ask("Notre auto-école sociale de Nogaro peut-elle porter un projet sur l'axe 2 ?")
    assert "Structure de type entreprise" not in got.answer and got.verdict != "no", got.answer


def test_a_seat_rule_then_the_branch_that_admits_a_seat_outside(tmp_path):
    from fixtures_calls import draft_call

    blocks = [b for b in CALL if not (b[0] == "p" and str(b[1]).startswith("Le porteur de projet doit avoir son siège"))]
    at = blocks.index(("li", "les communes et intercommunalités du territoire.")) + 1
    blocks.insert(at, ("li", "Implantation : la structure doit avoir son siège social dans le Gers. Une structure dont le "
                             "siège est situé hors du Gers est éligible seulement si elle dispose, à la date de dépôt du "
                             "dossier, d'un établissement secondaire immatriculé dans l'une des communes listées ci-dessous."))
    a = draft_call(tmp_path, "floors_rates_branch", blocks, date(2027, 5, 1))[0]
    branch = a.ask("Notre siège est à Toulouse mais on a une antenne à Nogaro avec son propre SIRET depuis 2024. Est-ce "
                   "qu'on peut déposer un dossier ?")
    assert branch.verdict != "no", branch.answer
    none = a.ask("Notre siège est à Toulouse, pas d'antenne dans le Gers. On peut déposer ?")
    assert none.verdict == "no", none.answer


def test_volunteering_counted_as_own_funds_a_call_leaves_out(call):
    got = call.ask("Asso créée en 2019, siège à Nogaro, budget annuel 90 000 €. Projet covoiturage axe 2, 24 mois à partir "
                   "du 1er décembre 2027. Budget 60 000 €. On demande 42 000 €, commune 10 000 €, fondation 8 000 €. Fonds "
                   "propres en numéraire : 0, mais on compte le bénévolat (8 000 €) comme fonds propres. C'est conforme ?")
    assert got.verdict == "no", got.answer
    assert "elles ne sont comptées ni dans le coût total éligible ni dans les fonds propres" in got.answer


def test_a_requirement_asked_about_is_no_fact_of_the_project(call):
    got = call.ask("On a lu « au moins deux ans » quelque part. Donc notre projet doit durer deux ans minimum ?")
    assert got.verdict != "yes" and "Durée : 24 mois" not in got.answer, got.answer
    said = call.ask("Notre projet de mobilité (axe 2) durera 18 mois, c'est bon ?")
    assert "Durée : 18 mois" in said.answer, said.answer


def test_excluded_kinds_asked_in_english(call):
    training = call.ask("We're a for-profit training company in Nogaro. Can we apply directly to this call?")
    assert training.verdict == "no", training.answer
    assert "prestataires d'un porteur éligible" in training.answer  # the part the call leaves it, quoted
    nursery = call.ask("Can a for-profit private micro-nursery in Nogaro apply for this call?")
    assert nursery.verdict == "no", nursery.answer
    asso = call.ask("We are a non-profit association based in Nogaro, set up in 2015. Can we apply?")
    assert asso.verdict != "no", asso.answer
