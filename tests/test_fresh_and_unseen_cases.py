"""The independent question sets: the third call kept outside corpus/ (evals/unseen/) and the first call's fresh
applicant questions. Each case is well formed, and every figure a case expects stands in the text it was written
from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from evals.draft_quality import document_text
from evals.metrics import normalize

REPO = Path(__file__).resolve().parent.parent
UNSEEN = REPO / "evals" / "unseen" / "appel-candidatures-ados-caf-puy-de-dome-2027"
FIRST = REPO / "corpus" / "ami-innovation-sociale-emploi-pas-de-calais-2024"
KINDS = {"answer", "not_in_call", "out_of_scope", "clarify"}
COMMON = {"yes_no", "combined", "multi_part", "follow_up", "off_topic_place", "word_clash", "factual", "not_in_call",
          "english"}


def _cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _dossier_text() -> str:
    parts = [(FIRST / "dossiers" / "dossiers.yaml").read_text(encoding="utf-8")]
    for p in sorted((FIRST / "dossiers").iterdir()):
        if p.suffix == ".md":
            parts.append(p.read_text(encoding="utf-8"))
        elif p.suffix == ".docx":
            parts.append(document_text(p))
        elif p.suffix == ".pptx":
            from pptx import Presentation

            for slide in Presentation(str(p)).slides:
                for shape in slide.shapes:
                    if shape.has_text_frame:
                        parts.append(shape.text_frame.text)
                    if shape.has_table:
                        parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("path, categories, splits", [
    (UNSEEN / "cases.jsonl", COMMON, {"test"}),
    (FIRST / "evals" / "cases-fresh.jsonl", COMMON | {"examples"}, {"dev", "test"}),
])
def test_cases_are_well_formed(path, categories, splits):
    cases = _cases(path)
    assert len(cases) == 60 and len({c["id"] for c in cases}) == 60
    assert {c["category"] for c in cases} == categories
    assert {c["split"] for c in cases} == splits
    if len(splits) == 2:
        assert sum(c["split"] == "dev" for c in cases) == 30
    assert 3 <= sum(c["language"] == "en" for c in cases) <= 5
    for c in cases:
        assert c["expected_kind"] in KINDS and c["expected_verdict"] in {"yes", "no", "conditional", "unknown", None}
        date.fromisoformat(c["as_of"])
        assert all(isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in c["must_include"])
        assert [t["role"] for t in c["history"]] == ["user", "assistant"] * (len(c["history"]) // 2), c["id"]
        assert bool(c["history"]) == (c["category"] == "follow_up"), c["id"]
        if c["category"] == "not_in_call":
            assert c["expected_kind"] == "not_in_call", c["id"]


@pytest.mark.parametrize("path, source", [
    (UNSEEN / "cases.jsonl", UNSEEN / "call.md"),
    (FIRST / "evals" / "cases-fresh.jsonl", FIRST / "call.md"),
])
def test_expected_figures_stand_in_the_call(path, source):
    text = normalize(source.read_text(encoding="utf-8"))
    if path.parent.name == "evals":
        text += normalize(_dossier_text())
    for c in _cases(path):
        for group in c["must_include"]:
            if any(ch.isdigit() for alt in group for ch in alt):
                assert any(normalize(a) in text for a in group), (c["id"], group)


def test_unseen_docx_is_the_markdown_with_word_headings():
    from docx import Document

    doc = Document(str(UNSEEN / f"{UNSEEN.name}.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number"} <= styles
    text = normalize(document_text(UNSEEN / f"{UNSEEN.name}.docx"))
    for fact in ("135 000 €", "lundi 14 juin 2027 à 17h00", "depot.initiatives-ados@caf-puydedome.example",
                 "au minimum 4 mois et au maximum 18 mois", "80 %", "Thiers Dore et Montagne"):
        assert normalize(fact) in text, fact


def test_unseen_call_is_not_a_call_folder():
    assert not (UNSEEN / "call.yaml").exists() and not (REPO / "corpus" / UNSEEN.name).exists()
