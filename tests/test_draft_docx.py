"""The drafted dossier follows the call's format and parts: a Word skeleton when the call asks for Word, a deck otherwise.

Each drafted file is reopened (python-docx, python-pptx) and checked for what an applicant sees: one heading per part
of the call, the call's guidance quoted verbatim, the applicant's own answers, the annexes to attach.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from pptx import Presentation

from assistant.calls.spec import squash

from tests.conftest import CORPUS

SECOND = "aap-inclusion-numerique-ille-et-vilaine-2026"
PROFILE = {
    "structure": {"name": "Association Les Passeurs de clics", "type": "association", "commune": "Louvigné-du-Désert",
                  "created": "2017"},
    "project": {"title": "Passeurs de clics", "summary": "Des permanences numériques itinérantes dans les bourgs.",
                "communes": ["Louvigné-du-Désert", "Fougères"], "start_date": "2026-09", "duration_months": 12,
                "objectives": ["Accompagner 180 personnes vers l'autonomie numérique"],
                "partners": ["Médiathèque de Louvigné-du-Désert"]},
    "budget": {"requested_eur": 30000, "lines": [{"label": "Conseillère numérique (0,8 ETP)", "amount_eur": 40000},
                                                 {"label": "Petit équipement informatique", "amount_eur": 10000}]},
    "milestones": [{"label": "Tournée des mairies", "start": "2026-09", "end": "2026-10"}],
}


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


@pytest.fixture(scope="module")
def second(session_home, embeddings):
    from assistant import Assistant
    from assistant.config import Settings

    return Assistant(call=SECOND, settings=Settings(home=session_home, as_of=date(2026, 2, 1)), embeddings=embeddings)


@pytest.fixture(scope="module")
def second_docx(second) -> bytes:
    return second.draft_deck(PROFILE, format=second.dossier_format())


def test_a_call_asking_for_word_gets_a_word_skeleton_with_its_parts(second, second_docx):
    from assistant.dossier import load_plan

    assert second.dossier_format() == "docx"
    doc = Document(io.BytesIO(second_docx))
    plan = load_plan(second.spec)
    assert _headings(doc) == [p.title for p in plan.parts if p.id != "cover"]
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Passeurs de clics"]
    text = _text(doc)
    for fact in ("Association Les Passeurs de clics", "Louvigné-du-Désert, Fougères", "30 000 €", "12 mois",
                 "septembre 2026", "Accompagner 180 personnes vers l'autonomie numérique", "Médiathèque de Louvigné-du-Désert",
                 "Conseillère numérique (0,8 ETP)", "40 000 €", "Tournée des mairies"):
        assert fact in text, fact
    for item in plan.annexes_items:  # the annexes the call lists, to tick
        assert f"☐ {item}" in text
    assert "[À compléter : activités principales]" in text  # what the profile does not say is asked for, not invented


def test_the_guidance_quotes_the_call_verbatim(second, second_docx):
    doc = Document(io.BytesIO(second_docx))
    call = squash(second.spec.call_doc.text)
    guidance = [p.text for p in doc.paragraphs if p.text.startswith("Consigne : ")]
    quotes = [q for g in guidance for q in __import__("re").findall(r"« (.+?) »", g)]
    assert len(quotes) >= 7
    for q in quotes:
        assert squash(q).rstrip(" ;.") in call, q
    budget = _headings(doc).index("Budget prévisionnel du projet")
    assert any("faisant apparaître les cofinancements" in g for g in guidance)
    assert budget > 0


def test_the_word_skeleton_is_reviewed_as_incomplete_and_its_guidance_is_not_taken_for_facts(second, second_docx):
    r = second.review_dossier(second_docx, name="squelette.docx")
    assert not r.complete and any(p.id == "unfilled" and p.severity == "error" for p in r.problems)
    # the call's own figures in the guidance (6 to 24 months, 10 000 € to 60 000 €) are not the project's
    assert r.duration_months == 12 and r.requested_eur == 30000 and r.start == date(2026, 9, 1)
    assert not [p for p in r.problems if p.id in ("duration", "budget", "start", "funding_rate") and p.severity == "error"]


def _under(doc, heading: str) -> list[str]:
    """The paragraphs between a Heading 1 and the next one."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == heading
        elif inside:
            out.append(p.text)
    return out


def test_the_calls_payment_tranches_and_weighted_criteria_are_given_with_their_quotes(second, second_docx):
    doc = Document(io.BytesIO(second_docx))
    spec = second.spec
    assert len(spec.payments) == 3 and len(spec.selection_criteria) == 5
    budget = _under(doc, "Budget prévisionnel du projet")  # no calendar part: the tranches go with the budget
    i = budget.index("Consigne : Calendrier et versements : l'appel prévoit les versements suivants.")
    tranches = budget[i + 1:i + 4]
    for t, line in zip(spec.payments, tranches):
        assert line.startswith(f"Consigne : {t.share} : {t.trigger} — ")
        assert all(f"« {q} »" in line for q in t.quotes)
    assert [ln.split(" : ")[1] for ln in tranches] == ["50 %", "30 %", "20 %"]
    main = _under(doc, "Formulaire de candidature")
    weighted = [ln for ln in main if ln.startswith("Consigne : ") and " — « " in ln and "%)" in ln]
    assert [ln.split(" — ")[0] for ln in weighted] == [f"Consigne : {c.label} ({c.weight:g} %)" for c in spec.selection_criteria]
    assert "Consigne : Pertinence au regard des besoins du territoire et des publics (30 %)" in weighted[0]


def test_a_deck_gives_the_criteria_in_its_notes_and_no_invented_tranche_amount(tmp_path):
    """A call paying an advance of 30 % then the rest on expenses: the deck lists the tranche, computes no amount."""
    from assistant import Assistant
    from assistant.calls.write import new_call
    from assistant.config import Settings

    from fixtures_calls import write_third_call_docx

    corpus = tmp_path / "corpus"
    new_call(write_third_call_docx(tmp_path / "mobilites.docx"), "mobilites", corpus)
    a = Assistant(call="mobilites", settings=Settings(corpus_dir=corpus, home=tmp_path / "home", as_of=date(2026, 9, 1)))
    assert a.spec.payments and a.spec.selection_criteria
    prs = Presentation(io.BytesIO(a.draft_deck({"budget": {"requested_eur": 50000}})))
    budget = next(s for s in prs.slides if s.shapes.title.text == "Budget")
    tables = [[[c.text for c in r.cells] for r in sh.table.rows] for sh in budget.shapes if sh.has_table]
    pay = next(t for t in tables if t[0][0] == "Versements prévus par l'appel")
    assert pay[1][0].startswith("30 % ") and pay[1][1] == ""  # the rest is "on expenses": no figure to compute
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert "Critères de sélection de l'appel :" in notes
    for c in a.spec.selection_criteria:
        assert f"{c.label} — « {c.quotes[0]} »" in notes


def test_a_call_silent_on_payments_and_criteria_says_nothing_of_them(second):
    from assistant.dossier import draft_deck

    silent = second.spec.model_copy(update={"payments": [], "selection_criteria": []})
    text = _text(Document(io.BytesIO(draft_deck(PROFILE, silent))))
    assert "versement" not in text.lower() and "Critères de sélection" not in text


def test_the_first_call_still_gets_a_deck(assistant):
    assert assistant.dossier_format() == "pptx"
    prs = Presentation(io.BytesIO(assistant.draft_deck({"project": {"title": "Passerelles vers l'emploi"}})))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert titles[0] == "Passerelles vers l'emploi" and "Budget détaillé" in titles


def test_a_word_dossier_can_be_asked_for_a_deck_call_and_a_template_sets_the_format(assistant, tmp_path):
    doc = Document(io.BytesIO(assistant.draft_deck({"project": {"title": "Passerelles"}}, format="docx")))
    assert "Budget détaillé" in _headings(doc)
    template = tmp_path / "formulaire.docx"
    base = Document()
    base.add_paragraph("Formulaire officiel de l'appel")
    base.save(str(template))
    assert assistant.dossier_format(template) == "docx"
    drafted = Document(io.BytesIO(assistant.draft_deck({}, template=template)))
    assert drafted.paragraphs[0].text == "Formulaire officiel de l'appel" and "Budget détaillé" in _headings(drafted)


def test_cli_deck_writes_the_format_the_call_asks_for(tmp_path, monkeypatch, capsys):
    from assistant.cli import main

    profile = tmp_path / "profil.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    monkeypatch.setenv("AMI_AS_OF", "2026-02-01")
    # no extension given: the format the call asks for
    rc = main(["--call", SECOND, "deck", str(profile), "-o", str(tmp_path / "out" / "dossier")])
    out = capsys.readouterr().out
    assert rc == 0 and "dossier.docx" in out
    assert "Formulaire de candidature" in _headings(Document(str(tmp_path / "out" / "dossier.docx")))
    # an explicit .pptx is a deck, as the CLI contract says; .docx is a Word document
    rc = main(["--call", SECOND, "deck", str(profile), "-o", str(tmp_path / "deck.pptx")])
    assert rc == 0 and Presentation(str(tmp_path / "deck.pptx")).slides
    rc = main(["--call", SECOND, "deck", str(profile), "-o", str(tmp_path / "word.docx")])
    assert rc == 0 and "Formulaire de candidature" in _headings(Document(str(tmp_path / "word.docx")))


# --------------------------------------------------------------------------- a third call, drafted by `ami new-call`

THIRD = [
    ("title", "Appel à projets 2027 – « Jardins partagés nourriciers »"),
    ("p", "Conseil départemental du Gers – Direction de la cohésion sociale"),
    ("h1", "Objet"),
    ("p", "Le Département soutient la création de jardins partagés qui produisent des légumes pour les familles."),
    ("h1", "Territoire"),
    ("p", "Les projets sont mis en œuvre dans le département du Gers (32)."),
    ("h1", "Conditions"),
    ("p", "L'aide du Département est plafonnée à 20 000 € par projet. Les projets durent de 6 à 18 mois."),
    ("h1", "Dossier de candidature"),
    ("p", "Le dossier de candidature, au format Word, comprend les pièces suivantes :"),
    ("li", "une note de présentation du projet ;"),
    ("li", "un plan de financement ;"),
    ("li", "un calendrier prévisionnel ;"),
    ("li", "les statuts de la structure."),
    ("p", "Il est envoyé par courriel à jardins@gers.example avant le 15 avril 2027 à 17h00."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


def _third_call_docx(path):
    d = Document()
    for style, text in THIRD:
        if style == "title":
            d.add_heading(text, level=0)
        elif style == "h1":
            d.add_heading(text, level=1)
        elif style == "li":
            d.add_paragraph(text, style="List Bullet")
        else:
            d.add_paragraph(text)
    d.save(str(path))
    return path


def test_a_third_call_drafted_by_new_call_gets_a_skeleton_of_its_own_parts(tmp_path):
    from assistant import Assistant
    from assistant.calls.write import new_call
    from assistant.config import Settings
    from assistant.dossier import load_plan

    corpus = tmp_path / "corpus"
    new_call(_third_call_docx(tmp_path / "jardins.docx"), "jardins-2027", corpus)
    a = Assistant(call="jardins-2027", settings=Settings(corpus_dir=corpus, home=tmp_path / "home", as_of=date(2027, 1, 5)))
    parts = [p.title for p in load_plan(a.spec).parts if p.id != "cover"]
    assert len(parts) == 4 and any("plan de financement" in p.lower() for p in parts)
    data = a.draft_deck({"structure": {"name": "Association Graines d'Auch"}, "budget": {"requested_eur": 15000}}, format=a.dossier_format())
    if a.dossier_format() == "docx":
        doc = Document(io.BytesIO(data))
        assert _headings(doc) == parts
        text = _text(doc)
    else:
        prs = Presentation(io.BytesIO(data))
        titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
        assert [t for t in titles if t in parts] == parts
        text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "Association Graines d'Auch" in text and "15 000 €" in text
    assert not a.spec.payments and "versement" not in text.lower()  # a call silent on payments: nothing said
    assert "1/3" not in text and "Pas-de-Calais" not in text and "Fougères" not in text  # nothing of another call


def test_a_call_that_lists_no_dossier_parts_still_gets_a_skeleton_on_its_own_clause(tmp_path):
    from assistant import Assistant
    from assistant.calls.write import new_call
    from assistant.config import Settings

    from fixtures_calls import write_third_call_docx

    corpus = tmp_path / "corpus"
    new_call(write_third_call_docx(tmp_path / "mobilites.docx"), "mobilites", corpus)
    a = Assistant(call="mobilites", settings=Settings(corpus_dir=corpus, home=tmp_path / "home", as_of=date(2026, 9, 1)))
    prs = Presentation(io.BytesIO(a.draft_deck({"structure": {"name": "Mobil'Emploi 18"}})))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert all("note d'intention de cinq pages au maximum" in n for n in notes)  # the call's own clause, on every part
    body = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "Mobil'Emploi 18" in body


def test_a_word_template_that_is_not_one_is_refused_with_its_name(second, tmp_path):
    from assistant.errors import LoaderError

    fake = tmp_path / "formulaire.docx"
    fake.write_bytes(b"%PDF-1.4 not a Word file")
    with pytest.raises(LoaderError, match="formulaire.docx"):
        second.draft_deck(PROFILE, template=fake)
    with pytest.raises(LoaderError, match="introuvable"):
        second.draft_deck(PROFILE, template=tmp_path / "absent.docx")
