"""The Streamlit app, driven headless with streamlit.testing.v1.AppTest: what a user sees on each page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import ui_text as ui
from assistant.answerbank import AnswerBank, hash_password
from assistant.types import Citation

from conftest import CALL_DIR, CALL_ID, REPO

APP = str(REPO / "app.py")
PASSWORD = "mot-de-passe-équipe"
FLAWED_DECK = CALL_DIR / "dossiers" / "exemple-non-conforme-cap-numerique-arras.pptx"
GOOD_DECK = CALL_DIR / "dossiers" / "exemple-tremplin-seniors-lievin.pptx"


@pytest.fixture(scope="module")
def app_home(tmp_path_factory) -> Path:
    """One AMI_HOME for the module, so the app's index is built once."""
    return tmp_path_factory.mktemp("app-home")


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD, iterations=1000)


@pytest.fixture
def app(app_home, password_hash, monkeypatch) -> AppTest:
    """The app as a fresh browser session would get it, on 2026-11-27, with a staff password configured."""
    monkeypatch.setenv("AMI_HOME", str(app_home))
    monkeypatch.setenv("AMI_AS_OF", "2026-11-27")
    monkeypatch.setenv("AMI_STAFF_PASSWORD_HASH", password_hash)
    from assistant.config import get_settings

    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in at.get(kind)]


def go(at: AppTest, page: str) -> AppTest:
    at.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="chat_question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_banner_says_the_call_is_closed(app):
    assert any("Appel clos" in w and "17 avril 2024" in w and "27 novembre 2026" in w for w in texts(app, "warning"))
    assert app.radio(key="page").options == ["Questions", "Éligibilité", "Dossier", "Équipe du dialogue", "Évaluation"]


def test_question_gives_a_cited_answer_with_its_source(app, app_home):
    ask(app, "Quelle est la date limite de dépôt des candidatures ?")
    reply = app.chat_message[1]
    assert reply.name == "assistant"
    body = " ".join(m.value for m in reply.markdown)
    assert "17 avril 2024" in body and "[1]" in body
    assert any(e.label.startswith("Sources (") for e in reply.expander)
    sources = [h.proto.body for h in reply.get("html")]
    assert any("<mark>" in s and "17 avril 2024" in s for s in sources), sources
    assert any("Calendrier" in m.value for m in reply.expander[0].markdown)
    # follow-up suggestions, export
    follow = [b for b in app.button if b.key and b.key.startswith("follow_")]
    assert 2 <= len(follow) <= 3
    assert "Télécharger la conversation (.md)" in [d.label for d in app.get("download_button")]
    export = app.code[0].value
    assert "**Question :** Quelle est la date limite" in export and "17 avril 2024" in export

    # a follow-up button asks its question
    label = follow[0].label
    follow[0].click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert label in app.chat_message[2].markdown[0].value.replace("\\", "")

    # feedback goes to feedback.jsonl
    app.chat_message[1].get("feedback")[0].set_value(0).run()
    app.text_input(key="fb_comment_1").input("Pas assez précis").run()
    app.button(key="fb_send_1").click().run()
    record = json.loads((app_home / "feedback.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "down" and record["comment"] == "Pas assez précis"
    assert "17 avril 2024" in record["answer"]


def test_empty_and_html_questions(app):
    ask(app, "    ")
    assert len(app.chat_message) == 0
    ask(app, "<script>alert('x')</script> <b>date limite</b> ?")
    shown = app.chat_message[0].markdown[0].value
    assert "\\<script\\>" in shown  # escaped: rendered as text, never run
    assert all("<script" not in h.proto.body for h in app.get("html"))


def test_eligibility_form_gives_the_criterion_table(app):
    go(app, "Éligibilité")
    app.selectbox(key="f_structure_type").set_value("association")
    app.text_input(key="f_structure_commune").input("Lens")
    app.text_input(key="f_title").input("Tremplin seniors")
    app.text_area(key="f_summary").input("Accompagnement vers l'emploi de demandeurs d'emploi de plus de 50 ans.")
    app.selectbox(key="f_theme").set_value("inclusion")
    app.text_input(key="f_communes").input("Liévin, Lens")
    app.number_input(key="f_duration").set_value(18.0)
    app.button(key="FormSubmitter:profile_form-Vérifier l'éligibilité").click().run()
    assert not app.exception, app.exception
    assert app.session_state["profile"]["project"]["communes"] == ["Liévin", "Lens"]
    table = app.table[0].value
    assert list(table.columns) == ["Critère", "Statut", "Explication"]
    statuses = dict(zip(table["Critère"], table["Statut"]))
    assert statuses["Durée"].startswith("❌")  # 18 months > the call's 12
    assert statuses["Territoire"].startswith("✅")
    assert statuses["Date de démarrage"].startswith("❓")
    assert any("Non éligible" in e for e in texts(app, "error"))
    assert any("Questions à préciser" in m for m in texts(app, "markdown"))

    # the same profile drafts the dossier
    go(app, "Dossier")
    assert any("Tremplin seniors" in c for c in texts(app, "caption"))
    app.button(key="draft_deck").click().run()
    assert not app.exception, app.exception
    dl = app.get("download_button")[0]
    assert dl.label == "Télécharger le dossier (.pptx)"
    from pptx import Presentation

    deck = Presentation(io.BytesIO(app.session_state["deck"]))
    all_text = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "Tremplin seniors" in all_text

    # LibreOffice preview of the drafted slides
    app.button(key="preview_deck").click().run(timeout=180)
    assert not app.exception, app.exception
    images = app.session_state["deck_preview"]
    assert len(images) == len(deck.slides) and all(img[:8] == b"\x89PNG\r\n\x1a\n" for img in images)
    captions = [c for img in app.get("image") for c in img.captions]
    assert sorted(captions) == sorted(f"Diapositive {n}" for n in range(1, len(images) + 1))


def test_uploaded_deck_gives_a_review(app):
    go(app, "Dossier")
    app.get("file_uploader")[0].upload(FLAWED_DECK.name, FLAWED_DECK.read_bytes(), ui.PPTX_MIME).run()
    assert not app.exception, app.exception
    table = app.table[0].value
    assert list(table.columns) == ["Partie", "Présente", "Remplie", "Diapositives"]
    assert "Budget" in list(table["Partie"])
    problems = texts(app, "error") + texts(app, "warning")
    assert any("diapositive" in p for p in problems), problems
    assert texts(app, "error")[0] == "3 points bloquants : communes hors du territoire, démarrage trop tardif, durée"
    assert not texts(app, "success")
    assert not any("(lu diapositive" in p for p in problems), problems


def test_bad_uploads_are_refused_with_a_sentence(app, monkeypatch):
    go(app, "Dossier")
    # Another extension is refused by the uploader itself (type=["pptx"]) before the page runs; the app's own
    # check (renamed files, size) gives the sentence:
    with pytest.raises(Exception, match="n'est pas un fichier PowerPoint .pptx"):
        ui.check_upload("notes.txt", 10, 20)
    app.get("file_uploader")[0].upload("faux.pptx", b"ceci n'est pas une archive", ui.PPTX_MIME).run()
    assert not app.exception, app.exception
    assert any("valide" in e and "pptx" in e for e in texts(app, "error")), texts(app, "error")
    assert not app.table


def test_oversized_upload_is_refused():
    with pytest.raises(Exception, match="dépasse la taille maximale acceptée \\(1 Mo\\)"):
        ui.check_upload("gros.pptx", 1024 * 1024 + 1, 1)
    ui.check_upload("ok.PPTX", 1024 * 1024, 1)


def test_staff_password_then_approve_then_chat_reuses_it(app, app_home):
    go(app, "Équipe du dialogue")
    app.text_input(key="staff_pw").input("mauvais").run()
    app.button(key="FormSubmitter:staff_login-Se connecter").click().run()
    assert "Mot de passe incorrect." in texts(app, "error")
    assert not app.session_state.get("staff_ok") and not app.get("text_area")

    app.text_input(key="staff_pw").input(PASSWORD)
    app.button(key="FormSubmitter:staff_login-Se connecter").click().run()
    assert app.session_state["staff_ok"]

    question = "Faut-il envoyer les statuts de l'association avec le dossier ?"
    app.text_area(key="staff_q").input(question)
    app.button(key="FormSubmitter:staff_question-Proposer une réponse").click().run()
    assert not app.exception, app.exception
    reply = app.text_area(key="staff_reply").value
    assert reply.strip()
    edited = "Oui : les statuts sont à joindre au dossier (réponse de l'équipe, test)."
    app.text_area(key="staff_reply").input(edited)
    app.text_input(key="staff_author").input("Claire")
    app.button(key="staff_approve").click().run()
    assert not app.exception, app.exception
    assert any("validée et publiée" in s for s in texts(app, "success"))
    bank = AnswerBank(app_home / "answerbank.sqlite3", call_id=CALL_ID)
    approved = [e for e in bank.list(status="approved") if e.question == question]
    assert approved and approved[0].answer == edited and approved[0].approved_by == "Claire"
    faq = [d for d in app.get("download_button") if d.label == "FAQ publiée (.md)"]
    assert faq

    go(app, "Questions")
    ask(app, "faut il envoyer les statuts de l'assocation avec le dossier")
    reply_block = app.chat_message[1]
    shown = " ".join(m.value for m in reply_block.markdown)
    assert ui.VALIDATED_LABEL in shown and edited in shown


def test_staff_page_without_password_explains_how(app_home, monkeypatch):
    monkeypatch.setenv("AMI_HOME", str(app_home))
    monkeypatch.delenv("AMI_STAFF_PASSWORD_HASH", raising=False)
    from assistant.config import get_settings

    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    go(at, "Équipe du dialogue")
    info = " ".join(texts(at, "info"))
    assert "ami hash-password" in info and "AMI_STAFF_PASSWORD_HASH" in info
    assert not at.get("text_input")


def test_evaluation_page_shows_the_latest_report(app, app_home):
    go(app, "Évaluation")
    assert any("Aucun rapport" in i for i in texts(app, "info"))
    report = {
        "cases": 12, "passed": False,
        "by_category": {"factual": {"cases": 10, "passed": 9}, "injection": {"cases": 2, "passed": 2}},
        "metrics": {"answer_accuracy": 0.9, "citation_precision": 1.0},
        "thresholds": {"answer_accuracy": 0.95},
        "baseline": {"name": "dense", "metrics": {"answer_accuracy": 0.5}},
    }
    (app_home / "eval").mkdir(exist_ok=True)
    (app_home / "eval" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    app.run()
    assert any("12 cas" in e for e in texts(app, "error"))
    metrics = app.table[0].value
    assert list(metrics["Indicateur"]) == ["answer_accuracy", "citation_precision"]
    assert list(metrics["Seuil"]) == ["0.95", "—"]
    assert list(metrics["Valeur"]) == ["0.9", "1"]
    assert app.get("vega_lite_chart")
    report["baseline"] = None  # `ami eval --no-baseline`
    (app_home / "eval" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    app.run()
    assert not app.exception, app.exception
    assert list(app.table[0].value["Référence (base)"]) == ["—", "—"]
    (app_home / "eval" / "report.json").unlink()


def test_quote_is_highlighted_after_escaping(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "doc.md").write_text("# Titre\n\n## Règles\n\nAvant <b>gras</b> le passage cité & la suite.\n", "utf-8")
    cit = Citation(source="c/doc.md", locator="Règles", quote="le passage  cité &")
    part = ui.quote_in_section(tmp_path, cit)
    assert part["found"] and part["locator"] == "Règles"
    html = ui.highlight_html(part)
    assert "&lt;b&gt;gras&lt;/b&gt;" in html and "<b>" not in html
    assert "<mark>le passage cité &amp;</mark>" in html
    missing = ui.quote_in_section(tmp_path, Citation(source="c/absent.md", locator="x", quote="<i>q</i>"))
    assert not missing["found"] and "&lt;i&gt;" in ui.highlight_html(missing)


def test_profile_from_form_keeps_only_what_was_given():
    from datetime import date

    p = ui.profile_from_form({"structure_type": "association", "title": " Projet ", "communes": "Lens; Liévin\nHarnes",
                              "start_date": date(2024, 9, 1), "duration_months": None, "requested_eur": 30000.0,
                              "theme": "", "publics": ""})
    assert p == {"structure": {"type": "association"},
                 "project": {"title": "Projet", "communes": ["Lens", "Liévin", "Harnes"], "start_date": "2024-09-01"},
                 "budget": {"requested_eur": 30000.0}}


def test_staff_edit_reports_a_conflict_with_another_session(app, app_home):
    bank = AnswerBank(app_home / "answerbank.sqlite3", call_id=CALL_ID)
    entry = bank.add_draft("Question de test pour l'édition concurrente ?", "Brouillon initial", [], "Alice")
    go(app, "Équipe du dialogue")
    app.text_input(key="staff_pw").input(PASSWORD)
    app.button(key="FormSubmitter:staff_login-Se connecter").click().run()
    app.selectbox(key="staff_edit_id").set_value(entry.id).run()
    box = next(t for t in app.text_area if t.key and t.key.startswith(f"staff_edit_{entry.id}_"))
    assert box.value == "Brouillon initial"

    bank.update(entry.id, entry.version, answer="Changement fait par Bruno entre-temps")  # another session
    box.input("Ma version")
    app.button(key="staff_edit_save").click().run()
    assert any("modifiée par quelqu'un d'autre" in e for e in texts(app, "error"))
    assert bank.get(entry.id).answer == "Changement fait par Bruno entre-temps"

    # reloaded, the edit goes through and can be approved
    box = next(t for t in app.text_area if t.key and t.key.startswith(f"staff_edit_{entry.id}_"))
    assert box.value == "Changement fait par Bruno entre-temps"
    box.input("Version relue")
    app.text_input(key="staff_edit_author").input("Alice")
    app.button(key="staff_edit_approve").click().run()
    assert not app.exception, app.exception
    assert any(f"Réponse n° {entry.id} mise à jour" in m for m in texts(app, "success"))
    final = bank.get(entry.id)
    assert (final.status, final.answer, final.approved_by) == ("approved", "Version relue", "Alice")
