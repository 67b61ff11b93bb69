"""The second call is a first-class call: answers, verdicts, deck and review from its own data, none of the first's."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CORPUS

CALL = "aap-inclusion-numerique-ille-et-vilaine-2026"
DOSSIERS = CORPUS / CALL / "dossiers"


@pytest.fixture(scope="module")
def second(session_home, embeddings):
    from assistant import Assistant
    from assistant.config import Settings

    return Assistant(call=CALL, settings=Settings(home=session_home, as_of=date(2026, 2, 1)), embeddings=embeddings)


def test_a_verdict_rests_on_the_second_calls_own_limits(second):
    ans = second.ask("Peut-on mener un projet de 30 mois ?")
    assert ans.verdict == "no" and "24 mois" in ans.answer
    assert all(c.source.startswith(CALL) for c in ans.citations)
    assert "Lens" not in ans.answer and "Pas-de-Calais" not in ans.answer


def test_a_request_over_the_per_project_cap_is_not_eligible(second):
    e = second.check_text("Association de Fougères, accompagnement numérique des seniors, 12 mois à partir de "
                          "septembre 2026, nous demandons 90 000 €.")
    assert e.verdict == "not_eligible"
    assert any(c.status == "fail" and "60 000" in c.explanation for c in e.criteria)


def test_the_deck_follows_the_second_calls_pieces(second):
    from docx import Document  # the call asks for a Word or PDF dossier: the skeleton is a .docx

    doc = Document(io.BytesIO(second.draft_deck({"project": {"title": "Passeurs de clics", "duration_months": 12}}, format="docx")))
    titles = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Formulaire de candidature" in titles and "Budget prévisionnel du projet" in titles


def test_its_example_dossiers_are_reviewed_against_its_rules(second):
    good = second.review_dossier(DOSSIERS / "exemple-passeurs-de-clics-louvigne.docx")
    assert good.complete
    bad = second.review_dossier(DOSSIERS / "exemple-non-conforme-appli-facile-rennes.docx")
    assert not bad.complete
    assert {"territory", "start", "duration"} <= {p.id for p in bad.problems if p.severity == "error"}
