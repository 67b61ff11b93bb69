"""A whole inbox: every dossier of a folder reviewed, one row each in the CSV and the HTML, bad files included; and
review work bounded (text per slide and per dossier, wall-clock budget), the rest reported as not read."""

from __future__ import annotations

import csv
import io
import random
import shutil
from datetime import date

import pytest
from pptx import Presentation

from assistant import cli
from assistant.dossier import ReviewLimits, review_dossier

from conftest import CALL_DIR

EXAMPLES = ["exemple-tremplin-seniors-lievin.pptx", "exemple-non-conforme-cap-numerique-arras.pptx",
            "exemple-usine-grandeur-nature-henin-carvin.pptx", "exemple-horaires-decales-femmes-wingles.docx"]


@pytest.fixture()
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in EXAMPLES:
        shutil.copy(CALL_DIR / "dossiers" / name, folder / name)
    good = (CALL_DIR / "dossiers" / EXAMPLES[0]).read_bytes()
    (folder / "tronqué.pptx").write_bytes(good[: len(good) // 3])
    (folder / "pas-une-présentation.pptx").write_text("bonjour", encoding="utf-8")
    (folder / "vide.pdf").write_bytes(b"")
    (folder / "x<b>.docx").write_bytes(b"PK\x03\x04")
    (folder / "ancien.odp").write_bytes(b"PK\x03\x04odp")
    (folder / ".cache").write_text("ignored")
    return folder


def _rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_cli_inbox_writes_one_row_per_dossier(inbox, tmp_path, assistant, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_assistant", lambda args, as_of=None: assistant)  # the session's model, not a second copy
    out_csv, out_html = tmp_path / "out" / "inbox.csv", tmp_path / "out" / "inbox.html"
    rc = cli.main(["review", str(inbox), "--csv", str(out_csv), "--html", str(out_html), "--submitted", "2024-04-10"])
    assert rc == 0
    assert "9 dossiers relus : 3 complets, 2 incomplets, 4 illisibles" in capsys.readouterr().out
    rows = _rows(out_csv)
    files = sorted(p.name for p in inbox.iterdir() if not p.name.startswith("."))
    assert [r["Fichier"] for r in rows] == files
    by = {r["Fichier"]: r for r in rows}
    for bad in ("tronqué.pptx", "pas-une-présentation.pptx", "vide.pdf", "x<b>.docx"):
        assert by[bad]["Erreur"].startswith(bad) and by[bad]["Complet"] == "non", by[bad]
    assert "format non accepté" in by["ancien.odp"]["Points bloquants"]
    flawed = by["exemple-non-conforme-cap-numerique-arras.pptx"]
    assert flawed["Points bloquants"] == "communes hors du territoire ; démarrage trop tardif ; durée"
    assert flawed["Communes"] == "Arras" and flawed["Durée (mois)"] == "18" and flawed["Éligibilité"] == "non éligible"
    good = by["exemple-tremplin-seniors-lievin.pptx"]
    assert good["Complet"] == "oui" and good["Montant demandé (€)"] == "40000" and good["Démarrage"] == "2024-09-02"
    assert good["Structure"] == "Association Les Relais du Carreau" and good["Projet"] == "Tremplin 50+"
    assert good["Appel ouvert au dépôt"] == "oui" and good["Déposé le"] == "2024-04-10"
    assert by["exemple-horaires-decales-femmes-wingles.docx"]["Complet"] == "oui"
    page = out_html.read_text(encoding="utf-8")
    assert page.count("<tr class=") == len(files) and page.count('class="error"') == 4
    assert "x&lt;b&gt;.docx" in page and "x<b>.docx" not in page


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "reading-processes"])
def test_api_inbox_reports_progress_and_uses_file_dates(inbox, assistant, workers):
    seen: list[tuple[str, float]] = []
    reviews = assistant.review_dossiers(inbox, progress=lambda name, frac: seen.append((name, frac)), workers=workers)
    assert len(reviews) == len(seen) == 9 and sorted(f for _, f in seen)[-1] == 1.0
    assert {n for n, _ in seen} == {r.file for r in reviews}
    assert all(r.submitted is not None and r.call_status is not None for r in reviews if not r.error)
    assert all(r.call_status.open is False for r in reviews if not r.error)  # files dated today: call closed
    assert [r.file for r in reviews if r.error] == ["pas-une-présentation.pptx", "tronqué.pptx", "vide.pdf", "x<b>.docx"]
    assert [r.complete for r in reviews if r.file.startswith("exemple-")] == [True, False, True, True]


def test_cli_review_of_a_folder_needs_an_output_and_a_valid_date(inbox, tmp_path, capsys):
    assert cli.main(["review", str(inbox)]) == 2
    assert "--csv" in capsys.readouterr().err
    assert cli.main(["review", str(inbox), "--csv", str(tmp_path / "o.csv"), "--submitted", "hier"]) == 2
    err = capsys.readouterr().err
    assert "--submitted" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


# --------------------------------------------------------------------------- bounds

def _deck(slides: list[tuple[str, str]]) -> bytes:
    prs = Presentation()
    for title, body in slides:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = title
        s.placeholders[1].text_frame.text = body
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def test_text_over_the_caps_is_reported_as_not_read(assistant):
    data = _deck([(f"Annexe {i}", "Détail de l'action à Lens. " * 120) for i in range(1, 6)])
    limits = ReviewLimits(max_unit_chars=1000, max_dossier_chars=2500)
    r = review_dossier(data, assistant.spec, assistant.territory, date(2024, 3, 1), limits=limits)
    nr = [p for p in r.problems if p.id == "not_read"]
    assert len(nr) == 1 and nr[0].severity == "warning" and nr[0].slides == [1, 2, 3, 4, 5]
    assert "diapositives 1 à 5" in nr[0].message and "1 000 caractères" in nr[0].message


def test_a_huge_slide_is_read_up_to_the_cap(assistant):
    rnd = random.Random(3)  # varied text (the archive guard refuses what compresses too well), ~1.5 MB on one slide
    huge = "Atelier à Lens. " + " ".join(f"{rnd.randrange(10**9):x}" for _ in range(170_000))
    data = _deck([("Présentation de la structure", "Association créée en 2011 à Lens."), ("Mise en œuvre", huge)])
    r = assistant.review_dossier(data)
    nr = [p for p in r.problems if p.id == "not_read"]
    assert nr and nr[0].slides == [2]
    assert "Lens" in r.communes


def test_a_spent_time_budget_stops_the_review_without_a_crash(assistant):
    data = (CALL_DIR / "dossiers" / EXAMPLES[0]).read_bytes()
    r = review_dossier(data, assistant.spec, assistant.territory, date(2024, 3, 1), limits=ReviewLimits(seconds=0))
    assert not r.complete and "relecture inachevée" in r.headline
    assert [p.severity for p in r.problems if p.id == "not_read"] == ["error"]


def test_long_lines_are_cut_and_matching_stays_bounded(assistant):
    line = "x" * 50_000 + " Budget : 1 € " + "9 " * 20_000
    data = _deck([("Budget", line)])
    r = assistant.review_dossier(data)
    assert [s.id for s in r.sections if s.present] == ["budget"] and r.slide_count == 1
