"""A call in lots, each with its own values, on an unedited `ami new-call` draft of a generated .docx: a table of
amounts whose columns are named (an envelope per lot, then a floor and a cap per project), a cap raised for one lot's
joint projects in a sentence, a minimum number of participants set lot by lot, and a public kept to one lot. The lot
the applicant names decides; an applicant alone is not in the case of a consortium. A call on seasonal jobs speaks of
restaurants: a question on one is not off the subject, and a business is no association."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Saisons actives » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte sur les communes suivantes :"),
    ("li", "Firminy ;"),
    ("li", "Rive-de-Gier."),
    ("p", "Tout projet dont une partie des actions se déroule à Rive-de-Gier joint une lettre de soutien signée du maire de "
          "Rive-de-Gier."),
    ("h1", "2. Publics et lots"),
    ("p", "Les projets accompagnent des personnes éloignées de l'emploi vers des emplois saisonniers."),
    ("p", "Les personnes accompagnées ont de 16 à 25 ans. Les jeunes de 16 et 17 ans ne peuvent être accueillis que sur le "
          "lot 1."),
    ("p", "Les employeurs privés du territoire (campings, restaurants, etc.) sont encouragés à s'associer aux projets en tant "
          "que partenaires. Ils ne peuvent pas recevoir de part de la subvention."),
    ("p", "Nombre minimal de participants : 12 personnes accompagnées sur la durée du projet pour le lot 1, 8 personnes "
          "pour le lot 2. Un projet présentant un effectif prévisionnel inférieur est déclaré irrecevable."),
    ("h1", "3. Structures éligibles"),
    ("p", "Peuvent candidater en qualité de porteur :"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les centres communaux d'action sociale (CCAS) ;"),
    ("li", "les sociétés coopératives d'intérêt collectif (SCIC)."),
    ("p", "Ne sont pas éligibles en tant que porteurs :"),
    ("li", "les entreprises commerciales à but lucratif, à l'exception des entreprises d'insertion ;"),
    ("li", "les personnes physiques."),
    ("h1", "4. Financement"),
    ("h2", "3.1 Enveloppe"),
    ("p", "L'enveloppe totale de l'appel est de 620 000 €, répartie comme suit :"),
    ("table", [["Lot", "Enveloppe", "Plancher par projet", "Plafond par projet"],
               ["Lot 1 — Parcours", "420 000 €", "10 000 €", "45 000 €"],
               ["Lot 2 — Mobilité", "200 000 €", "10 000 €", "30 000 €"]]),
    ("p", "Pour le lot 1, le plafond est porté à 60 000 € lorsque le projet est porté par un consortium d'au moins deux "
          "structures éligibles. Aucune majoration n'est prévue pour le lot 2."),
    ("p", "Le budget prévisionnel est présenté selon le modèle joint en annexe."),
    ("h1", "5. Calendrier"),
    ("p", "Les dossiers sont déposés au plus tard le lundi 15 mars 2027 à 12 h 00 à saisons@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("lots"), "saisons", CALL, date(2027, 2, 1))[0]


def test_the_cap_is_read_in_its_named_column_not_the_envelope_column(call):
    over = call.ask("Association à Firminy, lot 2 de 10 mois avec 10 participants, on demande 35 000 €. C'est bon ?")
    assert over.verdict == "no" and "30 000 €" in over.answer and "Mobilité" in over.answer
    far = call.ask("Association à Firminy, lot 1 avec 15 participants, on demande 100 000 €. C'est possible ?")
    assert far.verdict == "no" and "45 000 €" in far.answer
    fine = call.ask("Association à Firminy, lot 2 avec 10 participants, on demande 25 000 €. C'est possible ?")
    assert fine.verdict == "yes"


def test_a_cap_raised_for_joint_projects_of_one_lot(call):
    alone = call.ask("Notre asso (seule, pas de consortium) vise le lot 1 avec 25 personnes et demande 50 000 €. On est ok ?")
    assert alone.verdict == "no" and "60 000 €" in alone.answer
    joint = call.ask("Consortium de deux associations éligibles, lot 1, 20 participants, demande de 55 000 €. Ça passe ?")
    assert joint.verdict == "yes" and "consortium" in joint.answer


def test_the_minimum_of_participants_of_the_named_lot(call):
    few = call.ask("Association à Firminy, lot 1, 10 jeunes prévus, 30 000 € demandés : on peut y aller ?")
    assert few.verdict == "no" and "12 personnes" in few.answer
    enough = call.ask("Association à Firminy, lot 2, 10 participants prévus, 20 000 € demandés : on peut y aller ?")
    assert enough.verdict == "yes"
    unsaid = call.ask("Association à Firminy, 10 participants prévus, 20 000 € demandés : on peut y aller ?")
    assert unsaid.verdict != "no" and "12" in unsaid.answer


def test_a_word_off_any_call_is_on_the_subject_of_a_call_that_uses_it(call):
    partner = call.ask("Un restaurant de Firminy peut-il être partenaire d'un projet ?")
    assert partner.kind == "answer"
    lead = call.ask("Un camping de Firminy peut-il être porteur du projet et toucher la subvention ?")
    assert lead.verdict in ("no", "conditional") and "entreprises commerciales" in lead.answer  # a business, not "Oui"
    assert call.ask("Vous avez une bonne recette de crêpes ?").kind == "out_of_scope"


def test_a_public_the_call_keeps_to_another_lot(call):
    other = call.ask("Des jeunes de 17 ans peuvent-ils être participants sur le lot 2 ?")
    assert other.verdict == "no" and "ne peuvent être accueillis que sur le lot 1" in other.answer
    own = call.ask("Des jeunes de 17 ans peuvent-ils être participants sur le lot 1 ?")
    assert own.verdict != "no"


def test_a_short_follow_up_keeps_the_yes_no_of_the_ask_before_and_an_excepted_kind_is_admitted(call):
    history = [{"role": "user", "content": "Une personne en auto-entreprise peut porter un projet ?"},
               {"role": "assistant", "content": "Non."}]
    ans = call.ask("et une entreprise d'insertion ?", history)
    assert ans.verdict == "yes" and "à l'exception des entreprises d'insertion" in ans.answer
    short = call.ask("et une scic ?", history)
    assert short.verdict == "yes" and "(SCIC)" in short.answer


def test_a_question_on_whether_a_thing_exists_is_not_a_territory_question(call):
    ans = call.ask("Y a-t-il un modèle type pour la lettre de soutien du maire de Rive-de-Gier ?")
    assert not ans.answer.startswith("**Oui") and "lettre de soutien" in ans.answer


def test_a_tables_row_is_quoted_with_the_header_naming_its_columns(call):
    ans = call.ask("Quel est le plafond pour le lot 2 ?")
    assert "Lot | Enveloppe | Plancher par projet | Plafond par projet" in ans.answer and "30 000 €" in ans.answer
    assert "45 000 €" not in ans.answer
