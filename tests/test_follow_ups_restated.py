"""An elliptic follow-up of an open question is that question asked again with the follow-up's facts ("et pour l'axe 1 ?"
after "le plafond pour l'axe 2 ?"), and an open question that states facts ("un projet axe 1, ça peut durer combien de
temps ?", "…, c'est quoi le plafond ?") gets the value it asks, not a verdict. Read from an unedited `ami new-call`
draft of a generated .docx (the call of test_call_by_axis)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer.composing import Turn
from assistant.answer.restate import restated
from assistant.textnorm import lexicon, tokens

KINDS = [("association", "association"), ("ccas", "ccas"), ("scic", "scic"), ("asso", "association")]


def _turn(q: str) -> list[Turn]:
    return [Turn(question=q, rule_ids=[])]


def _again(question: str, before: str) -> str | None:
    generic = set(tokens(" ".join(lexicon()["generic_project_words"])))
    return restated(question, _turn(before), KINDS, lambda text: [], generic)


def test_a_fact_of_the_same_kind_takes_the_place_of_the_earlier_one():
    assert _again("et pour l'axe 3 ?", "Un projet axe 2 ça peut durer combien de temps ?") == \
        "Un projet axe 3 ça peut durer combien de temps ?"
    assert _again("et pour une SCIC ?", "Quel est le taux max de financement pour un CCAS sur l'axe 1 ?") == \
        "Quel est le taux max de financement pour une SCIC sur l'axe 1 ?"
    assert _again("et si notre budget annuel passe à 260 000 € ?",
                  "notre asso a un budget annuel de 150 000 €, la subvention peut couvrir combien du projet ?") == \
        "notre asso a un budget annuel de 260 000 €, la subvention peut couvrir combien du projet ?"


def test_a_new_condition_is_added_to_the_earlier_open_question():
    assert _again("et en consortium sur 2 intercos ?", "C'est combien le plafond d'aide pour l'axe 2 ?") == \
        "C'est combien le plafond d'aide pour l'axe 2, en consortium sur 2 intercos ?"


def test_no_restatement_after_a_yes_no_question_or_for_another_ask():
    assert _again("et sur 13 mois ?", "On peut faire 12 mois ?") is None  # the verdict route carries its facts
    assert _again("et on aura combien de temps pour répondre ?", "Quand est la date limite ?") is None
    assert _again("Et il y a une durée minimale ?", "Le projet peut durer combien de temps ?") is None
    assert _again("et pour l'axe 3 ?", "") is None
    assert restated("et pour l'axe 3 ?", [], KINDS, lambda text: [], set()) is None


def test_an_open_question_stating_facts_asks_a_value():
    from assistant.answer.understand import asks_a_value
    from assistant.textnorm import fold

    assert asks_a_value(fold("Un projet axe 3 ça peut durer combien de temps ?"))
    assert asks_a_value(fold("On porte seuls un projet axe 1, c'est quoi le montant max de subvention qu'on peut demander ?"))
    assert asks_a_value(fold("Si on obtient 12 000 €, ça se passe comment pour le versement ?"))
    assert not asks_a_value(fold("Notre projet commence en janvier, c'est bon ?"))
    assert not asks_a_value(fold("Est-ce qu'une association peut candidater ?"))


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call
    from test_call_by_axis import CALL

    return draft_call(tmp_path_factory.mktemp("restated"), "restated", CALL, date(2027, 3, 1))[0]


def _history(q: str, a) -> list[dict]:
    return [{"role": "user", "content": q}, {"role": "assistant", "content": a.answer}]


def test_a_follow_up_on_another_axis_gets_that_axis_value(call):
    first_q = "Quel est le plafond de subvention pour un projet axe 2 ?"
    first = call.ask(first_q)
    assert "20 000 €" in first.answer
    again = call.ask("et pour l'axe 1 ?", _history(first_q, first))
    assert again.verdict is None
    assert "40 000 €" in again.answer
    assert "Thématique" not in again.answer


def test_a_follow_up_on_another_kind_gets_that_kind_rate(call):
    first_q = "Quel est le taux maximal de financement pour une association sur l'axe 1 ?"
    first = call.ask(first_q)
    assert "70 %" in first.answer
    again = call.ask("et pour un CCAS ?", _history(first_q, first))
    assert "50 %" in again.answer


def test_an_open_question_with_facts_gets_the_value_not_a_verdict(call):
    ans = call.ask("Un projet axe 1, ça peut durer combien de temps ?")
    assert ans.verdict is None
    assert "12 à 24 mois" in ans.answer
    cap = call.ask("On porte seuls un projet axe 1, c'est quoi le montant max de subvention qu'on peut demander ?")
    assert cap.verdict is None
    assert "40 000 €" in cap.answer

