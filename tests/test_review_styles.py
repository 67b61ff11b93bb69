"""Dossier review of decks written in styles the other tests do not use, generated here: each must get exactly the
right parts (and the slides they are on) and exactly the right problems, through the public Assistant API."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Inches, Pt

from assistant.types import Profile

from conftest import CALL_DIR

REQUIRED = ["structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar", "budget"]
ALL = REQUIRED + ["annexes"]
FLAWED = CALL_DIR / "dossiers" / "exemple-non-conforme-cap-numerique-arras.pptx"


def _save(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _present(r) -> dict[str, list[int]]:
    return {s.id: s.slides for s in r.sections if s.present}


def _errors(r) -> set[str]:
    return {p.id for p in r.problems if p.severity == "error"}


# --------------------------------------------------------------------------- free layout, English headings

FREE_EN = [
    ("Who we are", "Founded in 2014 in Liévin, our association has 60 members and a board of 7."),
    ("Why this call", "Young people of our district cannot find apprenticeships; this call lets us try a new answer."),
    ("Aims", "Bring 30 young people from Liévin and Lens into a job or training within a year."),
    ("How it works", "Weekly workshops run by two coaches with local employers; each young person is paired with "
                     "a mentor from a partner company."),
    ("Measuring success", "30 young people followed, 15 in a job or training after 6 months."),
    ("What is new", "Mentors are former apprentices of the same companies."),
    ("Timeline", "Start: October 2024. Duration: 12 months."),
    ("Money", "Amount requested: €36,000 (coaching €24,000, mentoring €8,000, travel €4,000)."),
    ("Attachments", "Statutes, board members, income statements 2021-2023."),
]


def _free_layout_deck() -> bytes:
    """Blank slides, a small bold text box as heading at a random-looking place, the body in another box."""
    prs = Presentation()
    for i, (head, body) in enumerate(FREE_EN):
        s = prs.slides.add_slide(prs.slide_layouts[6])
        body_box = s.shapes.add_textbox(Inches(1 + (i % 3) * 0.3), Inches(2.5), Inches(7.5), Inches(3))
        body_box.text_frame.word_wrap = True
        body_box.text_frame.text = body
        head_box = s.shapes.add_textbox(Inches(0.4 + (i % 2)), Inches(0.4), Inches(6), Inches(0.8))
        head_box.text_frame.text = head
        head_box.text_frame.paragraphs[0].runs[0].font.bold = True
        head_box.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
    return _save(prs)


def test_free_layout_english_deck_gets_every_part_and_no_problem(assistant):
    r = assistant.review_dossier(_free_layout_deck(), name="free-layout-en.pptx")
    assert _present(r) == {sid: [n] for n, sid in enumerate(ALL, start=1)}
    assert all(s.filled for s in r.sections)
    assert r.problems == [] and r.complete
    assert r.headline.startswith("Dossier complet")
    impl = next(s for s in r.sections if s.id == "implementation")
    assert impl.why and "diapositive 4" in impl.why[0]
    assert r.start.isoformat() == "2024-10-01" and r.duration_months == 12 and r.requested_eur == 36000
    assert set(r.communes) == {"Liévin", "Lens"} and r.file == "free-layout-en.pptx"


@pytest.mark.parametrize("heading", ["How it works", "What we will do", "Work plan", "Our approach"])
def test_implementation_under_a_plain_english_heading_is_found_by_meaning(assistant, heading):
    parts = [(h, b) if h != "How it works" else (heading, b) for h, b in FREE_EN]
    prs = Presentation()
    for head, body in parts:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = head
        s.placeholders[1].text_frame.text = body
    r = assistant.review_dossier(_save(prs))
    impl = next(s for s in r.sections if s.id == "implementation")
    assert impl.present and impl.slides == [4], (heading, r.sections)
    assert any("sens proche" in w for w in impl.why)
    assert r.complete


# --------------------------------------------------------------------------- tables, groups, a part over two slides

def test_table_deck_with_a_part_over_two_slides(assistant):
    rows = [("Présentation du porteur", "Régie de quartier créée en 2008 à Avion, 25 salariés, conseil d'administration de 12 membres."),
            ("Nos motivations", "L'appel finance ce que nos financeurs habituels ne couvrent pas : l'expérimentation."),
            ("Finalités", "Remettre en emploi 20 habitants d'Avion éloignés du travail."),
            ("Plan d'actions (1/2)", "Chantiers d'insertion en espaces verts encadrés par deux encadrants techniques."),
            ("Plan d'actions (2/2)", "Suivi socioprofessionnel hebdomadaire avec France Travail."),
            ("Résultats attendus", "20 contrats signés, 10 sorties positives."),
            ("Originalité", "Des habitants formés deviennent tuteurs des suivants."),
            ("Échéancier", "Démarrage le 4 novembre 2024 ; durée de 12 mois."),
            ("Budget prévisionnel", "Montant sollicité | 41 500 €"),
            ("Pièces jointes", "Statuts | Composition du CA | Comptes 2021, 2022, 2023")]
    prs = Presentation()
    for head, body in rows:
        s = prs.slides.add_slide(prs.slide_layouts[6])
        cells = body.split(" | ")
        t = s.shapes.add_table(2, len(cells), Inches(0.5), Inches(0.5), Inches(9), Inches(3)).table
        t.cell(0, 0).text = head
        for j, c in enumerate(cells):
            t.cell(1, j).text = c
    r = assistant.review_dossier(_save(prs))
    present = _present(r)
    assert set(present) == set(ALL)
    assert present["implementation"] == [4, 5] and present["budget"] == [9] and present["annexes"] == [10]
    assert r.requested_eur == 41500 and r.start.isoformat() == "2024-11-04"
    assert r.problems == [] and r.complete


def test_grouped_shapes_with_a_missing_budget_and_a_placeholder(assistant):
    parts = [("Présentation de la structure", "Association créée en 2011 à Lens, 80 adhérents."),
             ("Raisons de notre participation", "Tester un accompagnement nouveau."),
             ("Objectifs", "Accompagner 25 femmes vers l'emploi."),
             ("Mise en œuvre", "Ateliers collectifs à Lens."),
             ("Indicateurs", "25 femmes suivies."),
             ("Caractère innovant", "Lorem ipsum dolor sit amet."),
             ("Calendrier", "Démarrage : septembre 2024 ; durée : 9 mois.")]
    prs = Presentation()
    for head, body in parts:
        s = prs.slides.add_slide(prs.slide_layouts[6])
        outer = s.shapes.add_group_shape()
        outer.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1)).text_frame.text = head
        inner = outer.shapes.add_group_shape()
        inner.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(3)).text_frame.text = body
    r = assistant.review_dossier(_save(prs))
    assert set(_present(r)) == set(REQUIRED) - {"budget"}
    innovation = next(s for s in r.sections if s.id == "innovation")
    assert innovation.present and not innovation.filled
    assert {(p.id, p.severity) for p in r.problems} == {("sections", "error"), ("unfilled", "error"), ("annexes", "warning")}
    assert not r.complete
    assert r.headline == "2 points bloquants : Caractère innovant (à compléter), Budget détaillé (partie absente)"
    unfilled = next(p for p in r.problems if p.id == "unfilled")
    assert unfilled.slides == [6] and "Lorem ipsum" in unfilled.message


def test_empty_part_and_tbd_are_problems(assistant):
    prs = Presentation()
    for head, body in [("Présentation de la structure", "Association créée en 2011 à Lens."),
                       ("Raisons de notre participation", "TBD"), ("Objectifs", ""), ("Mise en œuvre", "Ateliers à Lens."),
                       ("Indicateurs", "XXX"), ("Caractère innovant", "Un mentorat par les pairs."),
                       ("Calendrier", "Démarrage : septembre 2024 ; durée : 9 mois."), ("Budget", "Montant demandé : 20 000 €"),
                       ("Annexes", "Statuts, instances, comptes.")]:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = head
        s.placeholders[1].text_frame.text = body
    r = assistant.review_dossier(_save(prs))
    assert set(_present(r)) == set(ALL)
    assert {s.id for s in r.sections if not s.filled} == {"motivation", "objectives", "indicators"}
    assert [p.slides for p in r.problems if p.id == "unfilled"] == [[2], [3], [5]]
    assert not r.complete and r.headline.startswith("3 points bloquants")


# --------------------------------------------------------------------------- the skeleton, the flawed example

def _fill_prompts(data: bytes) -> bytes:
    """Replace every "[À compléter : ...]" prompt of a drafted deck by plain text, as an applicant would."""
    prs = Presentation(io.BytesIO(data))

    def walk(shapes):
        for sh in shapes:
            if hasattr(sh, "shapes"):
                walk(sh.shapes)
            frames = []
            if getattr(sh, "has_table", False) and sh.has_table:
                frames = [c.text_frame for row in sh.table.rows for c in row.cells]
            elif getattr(sh, "has_text_frame", False) and sh.has_text_frame:
                frames = [sh.text_frame]
            for tf in frames:
                for p in tf.paragraphs:
                    for run in p.runs:
                        if "[À compléter" in run.text:
                            run.text = "Texte rédigé par le porteur du projet, précis et complet."

    for slide in prs.slides:
        walk(slide.shapes)
    return _save(prs)


def test_drafted_skeleton_is_incomplete_until_filled(assistant):
    skeleton = assistant.draft_deck({"project": {"start_date": "2024-09", "duration_months": 10, "communes": ["Lens"]},
                                     "budget": {"requested_eur": 30000}})
    r = assistant.review_dossier(skeleton)
    assert not r.complete
    assert {s.id for s in r.sections if not s.filled} >= {"structure", "motivation", "objectives", "innovation"}
    assert all(p.id == "unfilled" for p in r.problems if p.severity == "error")
    assert "à compléter" in r.headline and "Aucun problème" not in r.headline
    filled = assistant.review_dossier(_fill_prompts(skeleton))
    assert filled.complete, (filled.headline, filled.problems)
    assert all(s.present and s.filled for s in filled.sections)


def test_flawed_example_has_a_blocking_headline_and_each_location_once(assistant):
    r = assistant.review_dossier(FLAWED)
    assert not r.complete
    assert r.headline == "3 points bloquants : communes hors du territoire, démarrage trop tardif, durée"
    assert r.file == FLAWED.name
    for p in r.problems:  # the location is in p.slides, printed once by the UI, never inside the message
        assert "(lu diapositive" not in p.message and "(diapositive" not in p.message
    assert {p.id: p.slides for p in r.problems if p.severity == "error"} == {"territory": [1], "start": [8], "duration": [8]}
    assert r.eligibility == "not_eligible" and r.structure == "Association Pixels Solidaires Artois"


def test_draft_then_review_round_trip_through_the_api(assistant):
    prof = Profile.model_validate({"structure": {"name": "Association Essai", "type": "association"},
                                   "project": {"title": "Projet Essai"}})
    r = assistant.review_dossier(assistant.draft_deck(prof))
    assert r.structure == "Association Essai" and r.project_title == "Projet Essai"
