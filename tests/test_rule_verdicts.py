"""A yes/no question a rule answers gets its verdict from the rule's own quotes: "Non" when a count or a date it
states is contradicted, "Oui" when the quotes say every word of its claim, and no verdict when they do not settle it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Assistant

SECOND = "aap-inclusion-numerique-ille-et-vilaine-2026"


@pytest.fixture(scope="module")
def second() -> Assistant:
    return Assistant(call=SECOND, as_of=date(2026, 2, 1))


@pytest.mark.parametrize("question, verdict, first_words, quoted", [
    ("La subvention est-elle versée en une seule fois ?", "no", "**Non.**", "La subvention est versée en trois fois :"),
    ("Le 21 avril 2026, c'est la date limite de dépôt ?", "no", "**Non.**", "Comité de sélection : 21 avril 2026"),
    ("Faut-il transmettre un bilan final ?", "yes", "**Oui.**", "La structure s'engage à :"),
    # an exclusive claim against a quote naming several of the same thing on the same subject
    ("La subvention est-elle versée seulement à la fin ?", "no", "**Non.**", "La subvention est versée en trois fois :"),
    ("Les travailleurs sociaux sont-ils un public visé ?", "yes", "**Oui.**",
     "Publics visés : travailleurs sociaux, agents d'accueil des mairies et des France services, bénévoles associatifs."),
])
def test_the_rules_quotes_give_the_verdict_first(second, question, verdict, first_words, quoted):
    ans = second.ask(question)
    assert ans.verdict == verdict
    assert ans.answer.startswith(first_words)
    assert quoted in [c.quote for c in ans.citations]


@pytest.mark.parametrize("question", [
    "Les étudiants sont-ils un public visé ?",          # the quotes do not name them: no guessed "Non" nor "Oui"
])
def test_no_verdict_when_the_quotes_do_not_settle_it(second, question):
    ans = second.ask(question)
    assert ans.verdict is None
    assert not ans.answer.startswith(("**Oui", "**Non"))


def test_a_yes_needs_one_statement_holding_the_whole_claim():
    from assistant.answer.rule_verdict import rule_verdict
    from assistant.textnorm import tokens

    spread = ["Résultats attendus et indicateurs de suivi | 15 points",
              "participer au comité de suivi territorial réuni deux fois par an ;"]
    question = "Les résultats attendus sont-ils suivis par le comité territorial ?"
    vocabulary = set(tokens(" ".join(spread) + " " + question))  # every word of it is the call's
    assert rule_verdict(question, spread, vocabulary, []) is None
    listed = ["Peuvent candidater :", "les Juniors Associations habilitées par le réseau national ;"]
    verdict = rule_verdict("Les Juniors Associations peuvent-elles candidater ?", listed, set(tokens(" ".join(listed))), [])
    assert verdict is not None and verdict.verdict == "yes"  # an item is read with the lead line announcing it
