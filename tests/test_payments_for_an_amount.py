"""What each payment comes to for the amount an applicant says it obtained, on an unedited `ami new-call` draft of a
generated .docx whose schedule depends on the grant's amount (« Pour les subventions d'un montant égal ou supérieur à
20 000 € : » and « … inférieur à 20 000 € : », each with its tranches). The answer applies each quoted share to the
amount, with the computation shown; such a product is grounded (assistant.grounding) and not counted as invented by the
evaluator (evals.metrics), while a wrong product is."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Lot Mobilité Emploi » 2027"),
    ("p", "Document fictif du Département du Lot, rédigé pour les tests de l'assistant."),
    ("h1", "1. Objet"),
    ("p", "Soutenir les solutions de mobilité des personnes en insertion du nord du Lot."),
    ("h1", "2. Financement"),
    ("p", "La subvention est comprise entre 8 000 € et 50 000 € par projet, dans la limite de 80 % du coût total."),
    ("h1", "3. Modalités de versement"),
    ("p", "Pour les subventions d'un montant égal ou supérieur à 20 000 € :"),
    ("li", "une avance de 40 % à la signature de la convention ;"),
    ("li", "un deuxième versement de 40 % à la réception du bilan intermédiaire ;"),
    ("li", "le solde de 20 % à la réception du bilan final."),
    ("p", "Pour les subventions d'un montant inférieur à 20 000 € :"),
    ("li", "une avance de 60 % à la signature de la convention ;"),
    ("li", "le solde de 40 % à la réception du bilan final."),
    ("h1", "4. Calendrier"),
    ("p", "Date limite de dépôt : vendredi 7 mai 2027 à 12h00, par courriel à lot-mobilite@lot.example."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("payments"), "payments", CALL, date(2027, 3, 1))[0]


def test_the_advance_on_a_large_grant(call):
    a = call.ask("On a eu un accord pour 35 000 €, l'avance ça fera combien ?")
    assert "**14 000 € (40 % × 35 000 €)**" in a.answer  # the tranche asked, computed and shown
    assert "7 000 € (20 % × 35 000 €)" in a.answer  # the schedule of grants of 20 000 € or more
    assert "60 %" not in a.answer  # not the other schedule
    assert any("égal ou supérieur à 20 000 €" in c.quote for c in a.citations)
    assert "grounding_fallback" not in a.notes


def test_the_balance_on_a_small_grant_and_in_english(call):
    small = call.ask("Si on obtient 15 000 €, le solde c'est combien ?")
    assert "**6 000 € (40 % × 15 000 €)**" in small.answer and "inférieur à 20 000 €" in small.answer
    en = call.ask("If we are granted 25k€, how much is the first payment?")
    assert en.language == "en" and "10 000 € (40 % × 25 000 €)" in en.answer


def test_a_product_is_grounded_only_when_it_is_right():
    from assistant.grounding import unsupported
    from evals.metrics import unsupported_claims

    quotes = ["une avance de 40 % à la signature de la convention ;"]
    question = "On a eu 35 000 €, l'avance c'est combien ?"
    assert unsupported("**14 000 € (40 % × 35 000 €)**", quotes, question) == []
    assert unsupported("**15 000 € (40 % × 35 000 €)**", quotes, question) == ["15000"]
    assert unsupported("14 000 €", quotes, question) == ["14000"]  # a figure without its computation is not grounded
    assert unsupported_claims("14 000 € (40 % × 35 000 €)", quotes, question) == []
    assert unsupported_claims("15 000 € (40 % × 35 000 €)", quotes, question) == ["nombre 15000"]
