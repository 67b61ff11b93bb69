"""An open question that expects a value (an amount, a rate, a span of time, a date) is answered by the call's sentence
that states such a value about its words, on an unedited `ami new-call` draft of a generated .docx: not by a sentence
that shares more of its words but states no such value ("jusqu'à combien ?" answered by who may not be funded)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer.typed import expected_value, states
from assistant.textnorm import fold

CALL = [
    ("title", "Appel à projets « Permis et mobilité » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les centres communaux d'action sociale."),
    ("h1", "2. Publics"),
    ("p", "Les actions s'adressent aux demandeurs d'emploi résidant dans les communes de Dole, Tavaux et Damparis."),
    ("p", "Les personnes ayant déjà bénéficié d'une aide au permis de conduire ne peuvent pas être prises en charge au "
          "titre de l'axe 2 pour le permis B."),
    ("h1", "3. Actions"),
    ("p", "Axe 1 – Diagnostic de mobilité. Axe 2 – Apprentissage de la conduite."),
    ("p", "La prise en charge des frais de permis est plafonnée à 1 250 € par participant pour le permis B."),
    ("h1", "4. Dépenses éligibles"),
    ("table", [["Nature de la dépense", "Prise en compte"],
               ["Frais de personnel", "au réel, sur justificatifs"],
               ["Frais de structure", "forfait de 12 % des dépenses directes de personnel"]]),
    ("p", "Le porteur conserve les pièces justificatives des dépenses pendant dix ans après le solde de l'aide."),
    ("p", "Sont également éligibles :"),
    ("li", "les EPI, dans la limite de 250 € par participant ;"),
    ("li", "Participation des familles : une participation financière peut être demandée ; elle ne dépasse pas 5 € par "
           "personne et par activité."),
    ("h1", "5. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à permis@departement.example."),
    ("p", "Lorsqu'une pièce manque au dossier, le porteur dispose de huit jours après la demande du service pour la "
          "transmettre."),
    ("table", [["Étape", "Date"],
               ["Ouverture de la plateforme de dépôt", "1er février 2027"],
               ["Comité de sélection", "10 juin 2027"]]),
    ("h1", "6. Questions"),
    ("p", "Les questions des candidats sont reçues jusqu'au 30 avril 2027."),
    ("p", "Toutes les questions relatives à l'appel sont à adresser par courriel à l'adresse unique :"),
    ("p", "questions-permis@departement.example"),
    ("h1", "7. Informations pratiques"),
    ("p", "Les réponses sont publiées chaque semaine. Chaque fichier transmis ne peut dépasser 6 Mo."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("values"), "values", CALL, date(2027, 3, 1))[0]


def test_the_kind_of_value_an_ask_expects_is_read_from_its_words_whatever_its_form():
    assert expected_value("yes_no", fold("Le permis B est pris en charge jusqu'à combien par personne ?")) == "how_much"
    assert expected_value("list", fold("Les frais de structure sont pris en compte à quel taux ?")) == "percent"
    assert expected_value("how_many", fold("on a combien de temps pour l'envoyer ?")) == "how_long"
    assert expected_value("yes_no", fold("On peut déposer en juin ?")) is None
    assert expected_value("other", fold("Taille max des fichiers sur la plateforme ?")) == "size"


def test_a_sentence_states_a_value_of_the_kind_asked_and_a_label_is_no_count():
    assert states("how_much", "plafonnée à 1 250 € par participant")
    assert not states("how_much", "au titre de l'axe 2 pour le permis B")
    assert states("how_long", "pendant dix ans après le solde")  # a number in words
    assert not states("how_many", "au titre de l'axe 2 en 2027")
    assert states("when", "au plus tard le vendredi 14 mai 2027")
    assert states("size", "Chaque fichier ne peut dépasser 6 Mo.") and not states("size", "au plus tard le 14 mai 2027")
    assert not states("figure", "Ouverture de la plateforme | 1er février 2027")  # a limit is no date


def test_an_amount_asked_gets_the_sentence_that_states_it_not_the_one_sharing_more_words(call):
    ans = call.ask("Le permis B est pris en charge jusqu'à combien par personne ?")
    assert "1 250 €" in ans.answer
    assert any("1 250 €" in c.quote for c in ans.citations)


def test_a_rate_asked_gets_the_table_row_that_states_a_percentage(call):
    ans = call.ask("Les frais de structure sont pris en compte à quel taux ?")
    assert "12 %" in ans.answer


def test_a_span_of_time_asked_gets_the_sentence_that_states_one(call):
    assert "dix ans" in call.ask("Combien de temps doit-on garder les justificatifs de dépenses ?").answer
    assert "huit jours" in call.ask("S'il manque une pièce au dossier, on a combien de temps pour la transmettre ?").answer


def test_a_size_asked_is_a_size_not_the_date_of_a_line_that_shares_a_word(call):
    ans = call.ask("Taille max des fichiers sur la plateforme ?")
    assert "6 Mo" in ans.answer and "1er février 2027" not in ans.answer


def test_the_second_ask_of_a_message_gets_the_address_on_the_line_after_its_lead_in(call):
    ans = call.ask("Jusqu'à quand peut-on poser des questions, et à quelle adresse mail ?")
    assert "30 avril 2027" in ans.answer
    assert "questions-permis@departement.example" in ans.answer
    assert any("questions-permis@departement.example" in c.quote for c in ans.citations)


def test_a_day_said_without_its_year_is_shown_without_one_though_a_year_stands_elsewhere(call):
    ans = call.ask("Association de Dole, projet de 12 mois à partir du 1er septembre 2027, dépôt prévu le 10 mai. "
                   "C'est bon ?")
    assert "Envoi le 10 mai :" in ans.answer and "10 mai 2027" not in ans.answer


def test_examples_in_brackets_name_no_more(call):
    # the protective gear's examples are not what is asked; "personne" is not "personnel" (the overhead row's)
    ans = call.ask("les EPI des participants (chaussures, casques, pantalons) c'est pris en charge jusqu'à combien par "
                   "personne ?")
    assert "250 €" in ans.answer


def test_a_sentence_keeps_its_clauses_across_a_semicolon(call):
    from assistant.answer.passages import value_sentence
    from assistant.answer.understand import split_asks

    ask = split_asks("C'est combien max la participation qu'on peut demander aux familles par activité ?")[0]
    found = value_sentence(call, ask, set())
    assert found is not None and "5 €" in found[0] and "participation financière" in found[0]
