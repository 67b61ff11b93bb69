"""evals.draft_quality's scoring: a right answer passes; a false yes, a figure of another call or an invented one
is harmful."""

from __future__ import annotations

from pathlib import Path

from evals.draft_quality import document_text, other_calls_text, score

REPO = Path(__file__).resolve().parent.parent
UNSEEN = REPO / "evals" / "unseen" / "appel-candidatures-ados-caf-puy-de-dome-2027"
CASE = {"id": "t1", "category": "yes_no", "question": "On peut demander 25 000 € ?", "expected_kind": "answer",
        "expected_verdict": "no", "must_include": [["18 000"]], "harmful_if": ["vous etes eligible"]}


def _texts() -> tuple[str, str]:
    doc = UNSEEN / f"{UNSEEN.name}.docx"
    return document_text(doc), other_calls_text(doc)


def test_right_answer_passes() -> None:
    call, others = _texts()
    s = score(CASE, "answer", "Non : la subvention est plafonnée à 18 000 € par projet.", "no", call, others)
    assert s.right and not s.harms


def test_opposite_verdict_and_false_eligible_are_harmful() -> None:
    call, others = _texts()
    s = score(CASE, "answer", "Oui, vous êtes éligible jusqu'à 18 000 €.", "yes", call, others)
    assert not s.right
    assert any("verdict opposé" in h for h in s.harms) and any("vous etes eligible" in h for h in s.harms)


def test_value_of_another_call_and_invented_figure() -> None:
    call, others = _texts()
    s = score(CASE, "answer", "Non, le plafond est de 60 000 € (et 18 000 €), contact x@y.fr, 77 777 €.", "no",
              call, others)
    assert "valeur d'un autre appel : nombre 60000" in s.harms
    assert "chiffre inventé : nombre 77777" in s.harms
    assert "chiffre inventé : e-mail x@y.fr" in s.harms


def test_docx_holds_the_tables() -> None:
    call, _ = _texts()
    assert "lundi 14 juin 2027 à 17h00" in call and "Participation des jeunes" in call


def test_the_case_date_or_today_is_not_an_invented_date() -> None:
    from datetime import date

    call, others = _texts()
    case = {**CASE, "must_include": [["14 juin 2027"]], "expected_verdict": None}
    dated = {**case, "as_of": "2027-06-20"}
    assert score(dated, "answer", "Envoi le 20 juin 2027 : après le 14 juin 2027.", None, call, others).right
    today = date.today().strftime("%d/%m/%Y")
    assert score(case, "answer", f"Envoi le {today} : après le 14 juin 2027.", None, call, others).right


def test_a_table_row_quoted_verbatim_invents_nothing(tmp_path) -> None:
    # the document's table cells kept apart: « Axe 1 | 300 000 € » is no « 1 300 000 »
    from docx import Document

    doc = Document()
    doc.add_paragraph("Montants par axe :")
    table = doc.add_table(rows=2, cols=3)
    for i, row in enumerate([["Axe", "Enveloppe", "Plafond"], ["Axe 1", "300 000 €", "45 000 €"]]):
        for j, text in enumerate(row):
            table.rows[i].cells[j].text = text
    path = tmp_path / "call.docx"
    doc.save(path)
    case = {**CASE, "must_include": [["45 000"]]}
    s = score(case, "answer", "Non : « Axe 1 | 300 000 € | 45 000 € ».", "no", document_text(path), "")
    assert s.right and not s.harms, s.harms
