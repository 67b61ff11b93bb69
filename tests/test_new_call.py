"""`ami new-call`: a call drafted from its document answers right away, unedited, and never says "eligible" wrongly.

The third call is a .docx written at test time (tests/fixtures_calls.py) that no rule of the package was written
for; its twelve questions (tests/data/third_call_questions.json) say which facts an answer must contain.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.textnorm import fold

from conftest import CORPUS, REPO
from fixtures_calls import write_third_call_docx

THIRD_ID = "mobilites-solidaires-2026"
QUESTIONS = json.loads((REPO / "tests" / "data" / "third_call_questions.json").read_text(encoding="utf-8"))
SECOND = CORPUS / "aap-inclusion-numerique-ille-et-vilaine-2026"


def _has(text: str, groups: list[list[str]]) -> bool:
    t = fold(text)
    return all(any(fold(alt) in t for alt in group) for group in groups)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The third call drafted by `ami new-call` into a fresh corpus folder, and the command's printed checklist."""
    from assistant.cli import main

    root = tmp_path_factory.mktemp("new-call")
    doc = write_third_call_docx(root / "appel-mobilites.docx")
    corpus = root / "corpus"
    mp = pytest.MonkeyPatch()
    mp.setenv("AMI_CORPUS_DIR", str(corpus))
    from assistant.config import get_settings

    get_settings.cache_clear()
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        rc = main(["new-call", str(doc), "--id", THIRD_ID])
    mp.undo()
    get_settings.cache_clear()
    return corpus, rc, out.getvalue()


@pytest.fixture(scope="module")
def third(drafted, tmp_path_factory):
    """An Assistant on the unedited draft, dated inside its application period."""
    from assistant import Assistant
    from assistant.config import Settings

    corpus, _, _ = drafted
    home = tmp_path_factory.mktemp("third-home")
    return Assistant(call=THIRD_ID, settings=Settings(corpus_dir=corpus, home=home, as_of=date.fromisoformat(QUESTIONS["as_of"])))


def test_draft_writes_a_loadable_call_and_a_checklist(drafted):
    from assistant.calls.spec import load_callspec

    corpus, rc, printed = drafted
    assert rc == 0
    folder = corpus / THIRD_ID
    spec = load_callspec(corpus, THIRD_ID)  # every quote verified verbatim against call.md
    md = (folder / "call.md").read_text(encoding="utf-8")
    assert md.startswith("# Appel à manifestation d'intérêt 2026")
    assert "\n## Conditions financières\n" in md and "\n- transport à la demande vers les zones d'activité mal desservies ;\n" in md
    assert "# À RELIRE" in (folder / "call.yaml").read_text(encoding="utf-8")
    # the checklist names the deadline (with its time), the amounts and the durations found, each with its quote
    assert "date limite de dépôt : 30 septembre 2026 à 23h59" in printed
    assert "100 000 €" in printed and "1 200 000 €" in printed and "50 %" in printed
    assert "min 12 mois – max 36 mois" in printed
    assert "« Les projets durent de 12 à 36 mois et doivent débuter au plus tard le 1er mars 2027. »" in printed
    assert "non trouvé : nombre de projets retenus" in printed
    # typed constraints as the call states them
    cons = {c.id: c for c in spec.effective_constraints()}
    assert (cons["duration"].min_months, cons["duration"].max_months) == (12, 36)
    assert cons["amount"].max_eur == 100_000 and cons["funding_rate"].max_percent == 50
    assert cons["start"].latest == date(2027, 3, 1)
    assert spec.dates.deadline == date(2026, 9, 30)
    assert (cons["deadline"].deadline, cons["deadline"].deadline_time) == (date(2026, 9, 30), "23h59")
    assert cons["channel"].allowed == ["email"] and "format" not in cons  # a note sent by e-mail, no file format named
    assert "mobilites-emploi@region-centre.example" in " ".join(spec.rule(spec.contacts_rule).quotes)
    # the territory: the two départements named, resolved to their communes with the Etalab file
    rows = (folder / "data" / "territory-communes.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "insee_code,commune,postal_codes,epci_siren,epci_name,population"
    assert {r[:2] for r in rows[1:]} == {"18", "36"} and len(rows) > 400


def test_unedited_draft_answers_the_applicants_questions(third):
    right = []
    for q in QUESTIONS["questions"]:
        ans = third.ask(q["question"])
        assert ans.kind != "out_of_scope", q["question"]
        for cit in ans.citations:  # every citation is verbatim from the drafted call
            assert cit.quote
        if ans.kind == q["expected_kind"] and _has(ans.answer, q["must_include"]):
            right.append(q["id"])
    assert len(right) / len(QUESTIONS["questions"]) >= 0.7, right


def test_territory_places_communes_of_the_named_departements(third):
    assert third.territory.resolve("Bourges").status == "in"       # Cher
    assert third.territory.resolve("Châteauroux").status == "in"   # Indre
    assert third.territory.resolve("Tours").status == "out"        # Indre-et-Loire, not Indre


@pytest.mark.parametrize("description", [
    "Notre association veut lancer un service de transport à la demande vers les zones d'activité à Bourges, "
    "sur 48 mois à partir de janvier 2027, et demande 60 000 € pour un budget total de 150 000 €.",
    "Notre association veut lancer un service de transport à la demande vers les zones d'activité à Bourges, "
    "sur 24 mois à partir de janvier 2027, et demande 150 000 € pour un budget total de 400 000 €.",
    "Notre association veut lancer un service de transport à la demande vers les zones d'activité à Bourges, "
    "sur 6 mois à partir de janvier 2027, et demande 30 000 € pour un budget total de 100 000 €.",
])
def test_check_text_never_eligible_when_a_drafted_constraint_is_broken(third, description):
    e = third.check_text(description)
    assert e.verdict == "not_eligible", e.model_dump(mode="json")
    failed = [c for c in e.criteria if c.status == "fail"]
    assert failed and all(c.citations for c in failed)


def test_a_project_within_the_drafted_limits_passes_them(third):
    e = third.check_text(
        "Notre association veut lancer un service de transport à la demande vers les zones d'activité à Bourges, "
        "sur 24 mois à partir de janvier 2027, et demande 40 000 € pour un budget total de 100 000 €.")
    status = {c.id: c.status for c in e.criteria}
    assert status["duration"] == "pass" and status["amount"] == "pass" and status["funding_rate"] == "pass"
    assert status["territory"] == "pass"


def test_second_call_text_gets_its_headings_back(tmp_path):
    """From the plain .txt of the second call, call.md recovers the headings its authors wrote."""
    from assistant.calls.read import read_blocks, render_markdown

    txt = SECOND / "source" / "aap-inclusion-numerique-ille-et-vilaine-2026.txt"
    drafted = render_markdown(read_blocks(txt))
    heads = lambda md: [ln for ln in md.splitlines() if ln.startswith("#")]  # noqa: E731
    assert heads(drafted) == heads((SECOND / "call.md").read_text(encoding="utf-8"))


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    from assistant.cli import main

    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def test_unreadable_document_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    from assistant.config import get_settings

    monkeypatch.setenv("AMI_CORPUS_DIR", str(tmp_path / "corpus"))
    get_settings.cache_clear()
    bad = tmp_path / "appel.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a real Word document")
    rc, out, err = _run(["new-call", str(bad), "--id", "x-call"], capsys)
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "appel.docx" in err and "Traceback" not in err
    assert not (tmp_path / "corpus" / "x-call").exists()
    rc, _, err = _run(["new-call", str(tmp_path / "absent.pdf"), "--id", "x-call"], capsys)
    assert rc == 2 and len(err.strip().splitlines()) == 1


def test_existing_folder_is_kept_without_force(tmp_path, monkeypatch, capsys):
    from assistant.config import get_settings

    corpus = tmp_path / "corpus"
    (corpus / "taken").mkdir(parents=True)
    (corpus / "taken" / "notes.txt").write_text("à garder", encoding="utf-8")
    monkeypatch.setenv("AMI_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()
    doc = write_third_call_docx(tmp_path / "appel.docx")
    rc, _, err = _run(["new-call", str(doc), "--id", "taken"], capsys)
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "--force" in err
    assert (corpus / "taken" / "notes.txt").read_text(encoding="utf-8") == "à garder"
    rc, out, _ = _run(["new-call", str(doc), "--id", "taken", "--force"], capsys)
    assert rc == 0 and (corpus / "taken" / "call.yaml").is_file() and not (corpus / "taken" / "notes.txt").exists()


# --------------------------------------------------------------------------- the second call, reviewed from its draft

@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """The second call of the corpus (call.yaml drafted by `ami new-call`, then reviewed), inside its application period."""
    from assistant import Assistant
    from assistant.config import Settings

    return Assistant(call=SECOND.name, settings=Settings(home=tmp_path_factory.mktemp("second-home"), as_of=date(2026, 2, 1)))


def test_two_calls_in_the_corpus_need_a_choice(monkeypatch):
    from assistant import Assistant
    from assistant.config import Settings
    from assistant.errors import AssistantError

    monkeypatch.delenv("AMI_CALL", raising=False)
    with pytest.raises(AssistantError) as exc:
        Assistant(settings=Settings()).spec  # noqa: B018 - loading the call is what fails
    assert SECOND.name in str(exc.value) and "ami-innovation-sociale-emploi-pas-de-calais-2024" in str(exc.value)


def test_second_call_profiles_get_the_expected_verdicts(second):
    cases = [json.loads(line) for line in (SECOND / "evals" / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    profiles = [c for c in cases if c.get("profile")]
    assert len(profiles) >= 10
    for c in profiles:
        e = second.check(c["profile"])
        status = {x.id: x.status for x in e.criteria}
        assert e.verdict == c["expected_verdict"], (c["id"], e.verdict, status)
        for cid, want in c["expected_criteria"].items():
            assert status.get(cid) == want, (c["id"], cid, status)


@pytest.mark.parametrize("question, facts", [
    ("Une SARL classique peut-elle déposer un projet ?", [["esus"]]),
    ("Quels publics vise l'axe B ?", [["faibles ressources"], ["16 a 25 ans"]]),
    ("Qui siège au comité de sélection ?", [["france travail"]]),
    ("Comment la subvention est-elle versée ?", [["50 %"], ["30 %"], ["20 %"]]),
])
def test_second_call_answers_from_its_reviewed_rules(second, question, facts):
    ans = second.ask(question)
    assert ans.kind == "answer" and ans.citations and _has(ans.answer, facts), ans.answer


def test_a_pdf_call_is_read_back_with_its_paragraphs_lists_and_headings(tmp_path):
    """tests/data/third-call.pdf is the third call's .docx printed by LibreOffice (`soffice --headless --convert-to pdf`):
    wrapped lines are joined, the title spread over three lines is one heading, bullets become items."""
    from assistant.calls.spec import load_callspec
    from assistant.calls.write import new_call

    report = new_call(REPO / "tests" / "data" / "third-call.pdf", "third-pdf", tmp_path)
    md = (tmp_path / "third-pdf" / "call.md").read_text(encoding="utf-8")
    assert md.startswith("# Appel à manifestation d'intérêt 2026 – « Mobilités solidaires vers l'emploi »\n")
    assert "\n## Critères d'appréciation\n" in md and "\n- plateformes de covoiturage domicile-travail animées avec les employeurs ;\n" in md
    assert "par courriel à mobilites-emploi@region-centre.example, avant le 30 septembre 2026 à 23h59." in md
    spec = load_callspec(tmp_path, "third-pdf")
    assert spec.dates.deadline == date(2026, 9, 30) and spec.constraint("duration").max_months == 36
    assert {"deadline", "amount", "duration", "territory"} <= set(report.found)


def test_drafted_dossier_parts_follow_the_calls_list(tmp_path):
    """The second call lists its dossier's pieces: the drafted dossier.yaml makes one part (and one slide) of each."""
    import io

    from pptx import Presentation

    from assistant import Assistant
    from assistant.config import Settings
    from assistant.calls.write import new_call

    new_call(SECOND / "source" / f"{SECOND.name}.docx", "second-draft", tmp_path / "corpus")
    a = Assistant(call="second-draft", settings=Settings(corpus_dir=tmp_path / "corpus", home=tmp_path / "home"))
    deck = Presentation(io.BytesIO(a.draft_deck({"structure": {"name": "Association Clic Solidaire", "type": "association"}},
                                                format="pptx")))  # the call asks for Word: a deck only on request
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Budget prévisionnel du projet" in titles and "Relevé d'identité bancaire" in titles
    assert "Formulaire de candidature" in titles and len(titles) == 8
