"""What an applicant sees for the general answering mechanisms of issue #11: a place name never decides the route
alone, a short question after a described project gets a verdict, a day named against the deadline, an exclusive or
an "obligatoire ?" claim read against the rule's quotes, a theme's example, a phrase put first as the subject, and a
second ask that ends on its interrogative word. Phrasings are generic, not the eval cases'."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Assistant

FIRST = "ami-innovation-sociale-emploi-pas-de-calais-2024"


@pytest.fixture(scope="module")
def first() -> Assistant:
    return Assistant(call=FIRST, as_of=date(2024, 3, 20))


@pytest.mark.parametrize("question", [
    "Qui est le maire de Harnes ?",
    "Quels sont les horaires de la médiathèque de Liévin ?",
    "Y a-t-il des places de parking gratuites à Carvin ?",
])
def test_an_off_topic_question_naming_a_commune_of_the_territory_is_out_of_scope(first, question):
    ans = first.ask(question)
    assert ans.kind == "out_of_scope"
    assert "territoire" not in ans.answer.split("\n")[0].lower() or "fait partie" not in ans.answer


def test_a_territory_question_naming_a_commune_still_gets_the_territory(first):
    ans = first.ask("On est installés à Harnes, est-ce que ça compte ?")
    assert ans.origin == "territory" and "Harnes" in ans.answer


def test_an_open_question_naming_a_commune_is_answered_by_its_rule(first):
    ans = first.ask("Qui faut-il contacter pour un projet à Harnes ?")
    assert ans.origin != "territory"
    assert "patricia.laude@pas-de-calais.gouv.fr" in ans.answer


def test_a_short_question_after_a_described_project_gets_a_verdict(first):
    ans = first.ask("Association de Harnes, projet de 20 mois démarrant en septembre 2024. Jouable ?")
    assert ans.verdict == "no"
    assert ans.answer.startswith("**Non")
    assert "12 mois" in ans.answer


@pytest.mark.parametrize("question, verdict", [
    ("Peut-on encore déposer notre dossier le 12 avril ?", "yes"),
    ("Peut-on déposer notre dossier le 25 avril ?", "no"),
])
def test_a_day_named_against_the_deadline_gets_a_verdict(first, question, verdict):
    ans = first.ask(question)
    assert ans.verdict == verdict
    assert "17 avril 2024" in ans.answer


def test_an_option_asked_as_an_obligation_gets_no(first):
    ans = first.ask("Doit-on obligatoirement passer par le temps de dialogue avant de candidater ?")
    assert ans.verdict == "no" and ans.answer.startswith("**Non")
    assert "patricia.laude@pas-de-calais.gouv.fr" in ans.answer


def test_a_projects_fit_with_a_theme_gets_yes(first):
    ans = first.ask("Des visites d'usines pour des lycéens et leurs profs, ça rentre dans l'appel ?")
    assert ans.verdict == "yes" and ans.answer.startswith("**Oui")
    assert "métiers industriels" in ans.answer


def test_a_second_ask_ending_on_its_interrogative_word_is_answered(first):
    ans = first.ask("Le dossier se fait sous quel format et on l'envoie où ?")
    assert "PowerPoint" in ans.answer
    assert "ddets-mutations-economiques@pas-de-calais.gouv.fr" in ans.answer


def test_a_follow_up_on_a_duration_concludes(first):
    history = [{"role": "user", "content": "Un projet peut-il durer 10 mois ?"},
               {"role": "assistant", "content": "Oui : le projet dure 12 mois maximum."}]
    ans = first.ask("et sur 15 mois ?", history=history)
    assert ans.verdict == "no" and ans.answer.startswith("**Non")


def test_a_question_the_matched_rule_does_not_answer_gets_the_calls_silence_and_its_contacts(first):
    ans = first.ask("Faut-il prévoir une assurance pour les locaux utilisés ?")
    assert ans.kind == "not_in_call"
    assert ans.answer.startswith("**L'appel ne le précise pas.**")
    assert "patricia.laude@pas-de-calais.gouv.fr" in ans.answer


def test_an_open_question_with_its_interrogative_word_inside_gets_no_verdict(first):
    ans = first.ask("Les fonds sont donc versés en combien de fois ?")
    assert ans.verdict is None and not ans.answer.startswith(("**Oui", "**Non"))
    assert "trois versements" in ans.answer


def test_a_follow_up_keeps_the_previous_topic_and_says_what_the_call_leaves_open(first):
    history = [{"role": "user", "content": "Quel est le montant de l'enveloppe ?"},
               {"role": "assistant", "content": "L'enveloppe est de 181 500 € TTC pour 3 à 5 projets."}]
    ans = first.ask("et pour un seul projet c'est combien max ?", history=history)
    assert ans.kind == "not_in_call"
    assert "patricia.laude@pas-de-calais.gouv.fr" in ans.answer
    assert "12 mois" not in ans.answer


@pytest.mark.parametrize("question, intents", [
    ("Dans la grille de notation, combien de points pour l'innovation, et combien pour le budget ?", ["how_many", "how_much"]),
    ("Une mairie, quelle que soit sa taille, peut candidater ?", ["yes_no"]),
    ("Quand a lieu le jury, et la convention, elle est signée par qui ?", ["when", "who"]),
    ("By when do we have to submit, and through which platform?", ["when", "list"]),
    ("Taille max des fichiers sur la plateforme ?", ["other"]),  # a limit's value asked: no verb, no figure
    ("Un projet de 16 mois max ?", ["yes_no"]),
])
def test_what_each_ask_of_a_message_expects(question, intents):
    """An interrogative word opening a clause makes an open question ("…, combien de points ?"), not a yes/no one;
    two open questions joined by ", et" are two asks."""
    from assistant.answer.understand import split_asks

    assert [a.intent for a in split_asks(question)] == intents


def test_a_question_ending_on_its_wh_word_then_another_are_two_asks():
    from assistant.answer.understand import split_asks

    asks = split_asks("On vise la vague 1 : le comité c'est quand, et on saura quand si on est pris ?")
    assert len(asks) == 2 and asks[0].intent == "when" and "on saura quand" in asks[1].text


def test_an_open_question_after_a_context_gets_no_yes_or_no(first):
    r = first.ask("Dans la grille de sélection, combien de points compte l'innovation ?")
    # (a call silent on it: "L'appel ne le précise pas", the verdict "unknown", is no yes or no)
    assert (r.verdict is None or (r.verdict == "unknown" and r.kind == "not_in_call")) and not r.answer.startswith(("**Oui", "**Non"))
