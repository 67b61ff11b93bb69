"""A call's typed sections (calendar, themes, payments, selection criteria, contacts, obligations): loaded with their
quotes checked, absent when the call is silent, and drafted by `ami new-call` from the document alone."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from assistant.calls.spec import load_callspec
from assistant.calls.write import new_call
from assistant.errors import CorpusError

from conftest import CORPUS
from fixtures_calls import write_third_call_docx

FIRST = "ami-innovation-sociale-emploi-pas-de-calais-2024"
SECOND = "aap-inclusion-numerique-ille-et-vilaine-2026"


def test_second_call_sections_carry_the_calls_figures_and_quotes():
    spec = load_callspec(CORPUS, SECOND)
    assert [t.share for t in spec.payments] == ["50 %", "30 %", "20 %"]
    assert sum(t.share_percent for t in spec.payments) == 100
    assert "signature de la convention" in spec.payments[0].trigger
    assert [c.weight for c in spec.selection_criteria] == [30, 25, 20, 15, 10]
    deadline = next(m for m in spec.calendar if m.id == "deadline")
    assert (deadline.date, deadline.time) == (date(2026, 3, 15), "12h00")
    assert [t.title.split(" –")[0] for t in spec.themes] == ["Axe A", "Axe B", "Axe C"]
    cites = spec.section_citations(spec.payments)
    assert cites[0].quote == "La subvention est versée en trois fois :" and all(c.locator for c in cites)


def test_first_call_is_silent_on_selection_criteria_and_pays_in_thirds():
    spec = load_callspec(CORPUS, FIRST)
    assert spec.selection_criteria == []
    assert [t.share for t in spec.payments] == ["1/3", "1/3", "1/3"]
    assert {e for c in spec.contacts for e in c.emails} >= {"alexia.aubelle@le30fab.com"}


@pytest.mark.parametrize("old, new, error", [
    ('share: "50 %"', 'share: "60 %"', "'60 %' is in none of its quotes"),
    ("weight: 30,", "weight: 35,", "'35' is in none of its quotes"),
    ('"Partenariats et ancrage local : 15 %"', '"Partenariats et ancrage local : 17 %"', "selection_criteria[3]"),
])
def test_a_figure_or_quote_the_call_does_not_state_stops_the_loading(tmp_path, old, new, error):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / SECOND, corpus / SECOND)
    path = corpus / SECOND / "call.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_callspec(corpus, SECOND)
    assert error in str(err.value)


def test_new_call_drafts_the_sections_of_the_second_call_from_its_docx(tmp_path):
    doc = CORPUS / SECOND / "source" / f"{SECOND}.docx"
    new_call(doc, "draft", tmp_path)
    spec = load_callspec(tmp_path, "draft")
    assert [(t.share, t.share_percent) for t in spec.payments] == [("50 %", 50), ("30 %", 30), ("20 %", 20)]
    assert [c.weight for c in spec.selection_criteria] == [30, 25, 20, 15, 10]
    assert any(m.id == "deadline" and m.time == "12h00" for m in spec.calendar)
    assert any("https://subventions.ille-et-vilaine.example" in u for c in spec.contacts for u in c.urls)
    assert len(spec.themes) == 3 and "travailleurs sociaux" in spec.themes[2].publics
    assert not any(o.label.endswith("à") for o in spec.obligations)  # a list's lead is not a commitment


def test_new_call_leaves_sections_empty_rather_than_guessing(tmp_path):
    doc = write_third_call_docx(tmp_path / "third.docx")
    new_call(doc, "third", tmp_path / "corpus")
    spec = load_callspec(tmp_path / "corpus", "third")
    assert len(spec.selection_criteria) == 3 and all(c.weight is None for c in spec.selection_criteria)
    assert any("mobilites-emploi@region-centre.example" in c.emails for c in spec.contacts)
    assert any(m.id == "deadline" and (m.date, m.time) == (date(2026, 9, 30), "23h59") for m in spec.calendar)
    assert any(m.id == "jury" and m.date == date(2026, 11, 19) for m in spec.calendar)
