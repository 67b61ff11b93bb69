"""Dossier deck: drafting from a profile (saved, reopened and read back) and reviewing decks of many styles."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.util import Inches, Pt

from assistant.calls.spec import squash
from assistant.deck import draft_deck, fmt_eur, review_dossier
from assistant.errors import InputError, LoaderError
from assistant.territory import Territory
from assistant.types import Profile

from conftest import CALL_DIR, REAL_WORLD_DECKS, TODAY

FULL = {
    "structure": {
        "name": "Association Tremplin Emploi Artois", "type": "association", "commune": "Lens", "created": "2011",
        "activities": "Accompagnement socioprofessionnel de demandeurs d'emploi, ateliers de remobilisation.",
        "governance": "Conseil d'administration de 9 membres, bureau de 4 membres.",
        "members": "120 adhérents, 14 salariés, 30 bénévoles.",
        "motivation": "Tester un mentorat en entreprise pour les femmes éloignées de l'emploi du bassin.",
    },
    "project": {
        "title": "Mentorat Emploi Femmes Lens-Liévin",
        "summary": "Un mentorat qui associe des salariées de l'industrie et des femmes éloignées de l'emploi.",
        "theme": "inclusion", "publics": ["femmes éloignées de l'emploi", "demandeuses d'emploi de longue durée"],
        "communes": ["Lens", "Liévin", "Hénin-Beaumont"], "start_date": "2024-09-01", "duration_months": 12,
        "objectives": ["Accompagner 40 femmes vers un emploi durable", "Mobiliser 15 entreprises mentores"],
        "actions": ["Repérage des participantes avec les CCAS", "Binômes mentore/mentorée", "Ateliers collectifs mensuels"],
        "indicators": ["40 femmes accompagnées", "50 % en emploi ou formation à 6 mois"],
        "innovation": "Un mentorat assuré par des salariées de l'industrie, avec garde d'enfants pendant les ateliers.",
        "partners": ["France Travail", "CCAS de Lens"],
    },
    "budget": {"requested_eur": 45000, "lines": [
        {"label": "Coordination (0,5 ETP)", "amount_eur": 22000}, {"label": "Ateliers et intervenants", "amount_eur": 12000},
        {"label": "Garde d'enfants et mobilité", "amount_eur": 8000}, {"label": "Communication", "amount_eur": 3000}]},
    "milestones": [
        {"label": "Repérage et recrutement", "start": "2024-09", "end": "2024-10"},
        {"label": "Mentorat en binômes", "start": "2024-11", "end": "2025-06"},
        {"label": "Évaluation et bilan", "start": "2025-07", "end": "2025-08"},
    ],
}
TITLES = ["Présentation de la structure porteuse", "Raisons de notre participation à l'AMI",
          "Problématique et publics visés", "Objectifs du projet", "Mise en œuvre du projet", "Territoire de déploiement",
          "Indicateurs de réussite", "Caractère innovant", "Calendrier du projet", "Budget détaillé", "Annexes à joindre"]
REQUIRED = ["structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar", "budget"]


@pytest.fixture(scope="module")
def territory(spec):
    return Territory(spec)


@pytest.fixture(scope="module")
def full_deck(spec) -> bytes:
    return draft_deck(Profile.model_validate(FULL), spec)


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _shape_texts(shape) -> list[str]:
    out = []
    if hasattr(shape, "shapes"):
        for s in shape.shapes:
            out.extend(_shape_texts(s))
    if getattr(shape, "has_table", False) and shape.has_table:
        out.extend(c.text for row in shape.table.rows for c in row.cells)
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        out.append(shape.text_frame.text)
    return out


def _body(slide) -> str:
    return "\n".join(t for s in slide.shapes for t in _shape_texts(s))


def _tables(slide):
    return [s.table for s in slide.shapes if getattr(s, "has_table", False) and s.has_table]


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


# =========================================================================== drafting

def test_round_trip_titles_size_and_cover(full_deck, spec):
    prs = _open(full_deck)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles[0] == FULL["project"]["title"]
    assert titles[1:] == TITLES
    cover = _body(prs.slides[0])
    assert "Association Tremplin Emploi Artois" in cover and spec.title in cover
    assert "[À compléter" not in "\n".join(_body(s) for s in prs.slides)


def test_profile_content_lands_on_its_slide(full_deck):
    prs = _open(full_deck)
    by_title = {s.shapes.title.text_frame.text: _body(s) for s in prs.slides}
    assert "Conseil d'administration de 9 membres" in by_title["Présentation de la structure porteuse"]
    assert "Accompagner vers et dans l'emploi des publics fragiles" in by_title["Problématique et publics visés"]
    assert "Mobiliser 15 entreprises mentores" in by_title["Objectifs du projet"]
    assert "CCAS de Lens" in by_title["Mise en œuvre du projet"]
    assert "Lens, Liévin, Hénin-Beaumont" in by_title["Territoire de déploiement"]
    assert "50 % en emploi" in by_title["Indicateurs de réussite"]
    assert "garde d'enfants" in by_title["Caractère innovant"]
    for item in ("Statuts", "Composition des instances", "Comptes de résultats des 3 derniers exercices"):
        assert item in by_title["Annexes à joindre"]


def test_calendar_is_a_gantt_over_the_project_months(full_deck):
    slide = [s for s in _open(full_deck).slides if s.shapes.title.text_frame.text == "Calendrier du projet"][0]
    (table,) = _tables(slide)
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "Étape" and header[1] == "sept. 2024" and header[-1] == "août 2025"
    assert len(header) == 1 + 12
    rows = {r.cells[0].text: r for r in table.rows}
    bar = rows["Mentorat en binômes"]
    filled = [i for i, c in enumerate(bar.cells) if i and c.fill.type is not None]
    assert filled == list(range(3, 11))  # nov. 2024 .. juin 2025
    assert "Démarrage : septembre 2024" in _body(slide) and "Durée : 12 mois" in _body(slide)
    # columns: the label column is wider than a month column, all within the slide
    widths = [c.width for c in table.columns]
    assert widths[0] > widths[1] and sum(widths) <= Inches(13.333)


def test_budget_table_total_and_thirds(full_deck):
    slide = [s for s in _open(full_deck).slides if s.shapes.title.text_frame.text == "Budget détaillé"][0]
    lines, payments = _tables(slide)
    cells = [[c.text for c in r.cells] for r in lines.rows]
    assert ["Coordination (0,5 ETP)", "22 000 €"] in cells
    assert ["Total des postes", "45 000 €"] in cells
    assert ["Montant demandé à l'AMI", "45 000 €"] in cells
    pay = [[c.text for c in r.cells] for r in payments.rows][1:]
    assert [p[1] for p in pay] == ["15 000 €"] * 3
    assert pay[0][0] == "1/3 des fonds au démarrage de l'action"
    assert "Montants calculés à partir du montant demandé (45 000 €)" in _body(slide)


def test_notes_quote_the_call_verbatim_with_locator(full_deck, spec):
    text = squash(spec.call_doc.text)
    prs = _open(full_deck)
    for slide in prs.slides:
        notes = _notes(slide)
        quotes = re.findall(r"« (.+?) »", notes)
        assert quotes, f"no quote in the notes of {slide.shapes.title.text_frame.text!r}"
        for q in quotes:
            assert squash(q) in text, q
        assert "call.md" in notes and "Conseil :" in notes
    structure_notes = _notes(prs.slides[1])
    assert "création, activités, gouvernance, membres et les raisons de votre participation à cet AMI" in structure_notes
    budget_notes = _notes(prs.slides[10])
    assert "1/3 des fonds à mi-parcours, sur présentation d'un point d'étape" in budget_notes
    assert "Le budget détaillé du projet." in budget_notes


def _numbers(text: str) -> set[str]:
    """Numbers of two digits or more (thousands separated by spaces kept whole)."""
    text = re.sub(r"\bM\d{1,2}\b", " ", text)  # month column labels of an undated calendar
    return {re.sub(r"\s", "", m) for m in re.findall(r"\d[\d\u00a0\u202f ]*\d(?:,\d+)?", text)}


def test_empty_profile_gives_prompts_and_no_invented_figures(spec):
    prs = _open(draft_deck(Profile(), spec))
    assert len(prs.slides) == 12
    bodies = [s.shapes.title.text_frame.text + "\n" + _body(s) for s in prs.slides]
    for title in ("titre du projet", "nom de la structure", "année de création", "objectifs du projet",
                  "indicateurs de réussite", "en quoi le projet est innovant", "mois de démarrage", "durée en mois",
                  "postes de dépense", "les raisons de votre participation", "communes où se déroule l'action"):
        assert any(f"[À compléter : {title}" in b for b in bodies), title
    call_numbers = _numbers(spec.call_doc.text)
    for b in bodies:
        assert _numbers(b) <= call_numbers, _numbers(b) - call_numbers


def test_full_profile_has_no_invented_figures(full_deck, spec):
    allowed = _numbers(spec.call_doc.text) | _numbers(yaml.safe_dump(FULL, allow_unicode=True))
    allowed |= {"45000", "15000", "2024", "2025"}  # sum of the lines, thirds of the requested amount, calendar years
    allowed |= _numbers(fmt_eur(22000))
    for s in _open(full_deck).slides:
        extra = _numbers(_body(s)) - allowed
        assert not extra, (s.shapes.title.text_frame.text, extra)


def test_accepts_a_dict_and_splits_long_lists(spec):
    prof = {"project": {"objectives": [f"Objectif numéro {i} : " + "un objectif détaillé et mesurable. " * 4 for i in range(1, 13)]}}
    prs = _open(draft_deck(prof, spec))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert "Objectifs du projet (suite)" in titles
    text = "\n".join(_body(s) for s in prs.slides if s.shapes.title.text_frame.text.startswith("Objectifs"))
    for i in range(1, 13):
        assert f"Objectif numéro {i} " in text


def test_out_of_call_dates_are_flagged_on_the_calendar(spec):
    prof = {"project": {"start_date": "2025-01", "duration_months": 18}}
    slide = [s for s in _open(draft_deck(prof, spec)).slides if s.shapes.title.text_frame.text == "Calendrier du projet"][0]
    body = _body(slide)
    assert "[À vérifier : l'appel demande de démarrer au plus tard en novembre 2024" in body
    assert "[À vérifier : l'appel fixe une durée de 12 mois maximum" in body
    header = [c.text for c in _tables(slide)[0].rows[0].cells]
    assert len(header) == 13 and header[1] == "janv. 2025"


def test_text_sizes_fit(full_deck):
    """Every run has an explicit size, word wrap is on, and no text frame holds more than its box can show."""
    from assistant.deck import fit_font_size

    for slide in _open(full_deck).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            tf = shape.text_frame
            if not tf.text.strip():
                continue
            assert tf.word_wrap is True
            sizes = {r.font.size.pt for p in tf.paragraphs for r in p.runs if r.font.size}
            assert sizes and min(sizes) >= 12
            assert fit_font_size([p.text for p in tf.paragraphs], shape.width, shape.height, (int(min(sizes)),)) is not None


# =========================================================================== templates

def _template_43(tmp_path: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    prs.slide_layouts[1].name = "Contenu AMI"
    prs.slide_layouts[0].name = "Couverture AMI"
    old = prs.slides.add_slide(prs.slide_layouts[1])
    old.shapes.title.text = "ANCIENNE DIAPOSITIVE DU MODÈLE"
    path = tmp_path / "modele-ami.pptx"
    prs.save(path)
    return path


def test_template_layouts_and_size_are_used(spec, tmp_path, territory):
    data = draft_deck(FULL, spec, template=_template_43(tmp_path))
    prs = _open(data)
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))
    assert all("ANCIENNE DIAPOSITIVE" not in _body(s) for s in prs.slides)
    assert [s.shapes.title.text_frame.text for s in prs.slides][1:] == TITLES
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"Contenu AMI"}
    assert prs.slides[0].slide_layout.name == "Couverture AMI"
    for s in prs.slides:  # nothing drawn outside the 4:3 page
        for shp in s.shapes:
            assert shp.left + shp.width <= prs.slide_width + Inches(0.05)
    review = review_dossier(data, spec, territory, TODAY)
    assert review.complete


def test_template_without_title_layout_is_refused(spec, tmp_path):
    prs = Presentation()
    for layout in prs.slide_layouts:
        for ph in list(layout.placeholders):
            if "TITLE" in str(ph.placeholder_format.type):
                ph._element.getparent().remove(ph._element)
    path = tmp_path / "sans-titre.pptx"
    prs.save(path)
    with pytest.raises(InputError, match="sans-titre.pptx.*titre"):
        draft_deck(FULL, spec, template=path)


def test_template_that_is_not_a_deck_is_refused(spec, tmp_path):
    fake = tmp_path / "modele.pptx"
    fake.write_bytes(b"%PDF-1.4\n%fake\n")
    with pytest.raises(LoaderError, match="modele.pptx"):
        draft_deck(FULL, spec, template=fake)
    with pytest.raises(LoaderError, match="introuvable"):
        draft_deck(FULL, spec, template=tmp_path / "absent.pptx")


# =========================================================================== review

def test_review_of_own_drafts(full_deck, spec, territory):
    review = review_dossier(full_deck, spec, territory, TODAY)
    assert review.complete and review.slide_count == 12
    assert [s.id for s in review.sections] == REQUIRED + ["annexes"]
    assert all(s.present for s in review.sections)
    assert not [p for p in review.problems if p.severity == "error"]
    f = review.facts
    assert f["communes"] == ["Lens", "Liévin", "Hénin-Beaumont"] and f["slides"]["communes"] == [7]
    assert f["start"] == "2024-09-01" and f["duration_months"] == 12 and f["requested_eur"] == 45000
    assert f["slides"]["requested_eur"] == [11] and f["theme"] == "inclusion"
    empty = review_dossier(draft_deck(Profile(), spec), spec, territory, TODAY)
    assert not empty.complete and empty.facts["communes"] == [] and empty.facts["start"] is None
    assert all(s.present and not s.filled for s in empty.sections if s.id != "annexes")
    unfilled = [p for p in empty.problems if p.id == "unfilled"]
    assert {p.severity for p in unfilled} == {"error"} and len(unfilled) == len(REQUIRED)
    assert "à compléter" in empty.headline and "8 points bloquants" in empty.headline


def _deck(build) -> bytes:
    prs = Presentation()
    build(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


PARTS_FR = [("Qui sommes-nous ?", "Association créée en 2015 à Liévin, 40 adhérents, un bureau de 5 membres."),
            ("Pourquoi nous candidatons", "Le bassin manque de solutions pour les seniors."),
            ("Nos objectifs", "Accompagner 30 seniors vers l'emploi."),
            ("Déroulement", "Ateliers hebdomadaires à Liévin et à Avion."),
            ("KPI", "30 seniors accompagnés, 12 retours à l'emploi."),
            ("Innovation", "Des binômes intergénérationnels."),
            ("Planning", "Démarrage : octobre 2024. Durée : 10 mois."),
            ("Plan de financement", "Montant demandé : 28 000 €"),
            ("Pièces jointes", "Statuts, composition du bureau, comptes 2021-2023.")]


def test_review_text_boxes_only(spec, territory):
    def build(prs):
        for title, body in PARTS_FR:
            s = prs.slides.add_slide(prs.slide_layouts[6])
            s.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1)).text_frame.text = title
            s.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(4)).text_frame.text = body
    r = review_dossier(_deck(build), spec, territory, TODAY)
    assert r.complete, [s for s in r.sections if not s.present]
    assert {s.id: s.slides for s in r.sections}["budget"] == [8]
    assert r.facts["start"] == "2024-10-01" and r.facts["duration_months"] == 10 and r.facts["requested_eur"] == 28000
    assert set(r.facts["communes"]) == {"Liévin", "Avion"}
    assert not [p for p in r.problems if p.severity == "error"]


def test_review_tables_only(spec, territory):
    def build(prs):
        for title, body in PARTS_FR:
            s = prs.slides.add_slide(prs.slide_layouts[6])
            t = s.shapes.add_table(2, 1, Inches(0.5), Inches(0.5), Inches(9), Inches(3)).table
            t.cell(0, 0).text = title
            t.cell(1, 0).text = body
    r = review_dossier(_deck(build), spec, territory, TODAY)
    assert r.complete and {s.id for s in r.sections if s.present} == set(REQUIRED) | {"annexes"}


def test_review_grouped_shapes_and_english_headings(spec, territory):
    parts_en = [("About us", "Founded in 2012 in Lens."), ("Why we apply", "Our members ask for it."),
                ("Goals", "Train 20 young people."), ("Implementation", "Workshops in Lens."),
                ("Impact indicators", "20 trained."), ("What is innovative", "Peer mentoring."),
                ("Timeline", "Start: September 2024, duration 24 months."), ("Budget", "Requested: €30,000"),
                ("Appendices", "Statutes, board, accounts.")]

    def build(prs):
        for title, body in parts_en:
            s = prs.slides.add_slide(prs.slide_layouts[6])
            g = s.shapes.add_group_shape()
            g.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1)).text_frame.text = title
            g.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(4)).text_frame.text = body
    r = review_dossier(_deck(build), spec, territory, TODAY)
    assert all(s.present and s.filled for s in r.sections)
    assert not r.complete and r.headline == "1 point bloquant : durée"  # 24 months: over the call's limit
    assert r.facts["requested_eur"] == 30000 and r.facts["start"] == "2024-09-01"
    dur = [p for p in r.problems if p.id == "duration"]
    assert dur and dur[0].severity == "error" and dur[0].slides == [7] and dur[0].citations
    assert "12 mois maximum" in dur[0].citations[0].quote


def test_review_parts_merged_on_one_slide_and_missing_parts(spec, territory):
    def build(prs):
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = "Notre projet"
        s.placeholders[1].text_frame.text = (
            "Objectifs : accompagner 25 jeunes\nMise en œuvre : ateliers à Lens\n"
            "Indicateurs : 25 jeunes suivis\nCaractère innovant : un suivi par des pairs")
    r = review_dossier(_deck(build), spec, territory, TODAY)
    present = {s.id: s.slides for s in r.sections if s.present}
    assert {"objectives", "implementation", "indicators", "innovation"} <= set(present)
    assert present["implementation"] == [1]
    assert not r.complete
    missing = [p for p in r.problems if p.id == "sections"]
    assert {p.severity for p in missing} == {"error"}
    named = " ".join(p.message for p in missing)
    for title in ("structure porteuse", "Calendrier", "Budget"):
        assert title in named
    assert all(p.citations and p.citations[0].rule_id == "dossier_contents" for p in missing)
    assert any("Le calendrier du projet" == c.quote for p in missing for c in p.citations)
    assert [p for p in r.problems if p.id == "annexes" and p.severity == "warning"]


def _example_dossiers() -> list[dict]:
    meta = yaml.safe_load((CALL_DIR / "dossiers" / "dossiers.yaml").read_text(encoding="utf-8"))
    return [d for d in meta["dossiers"] if d["format"] == "pptx"]


def test_example_dossiers(spec, territory):
    examples = _example_dossiers()
    assert examples and any(d["flawed"] for d in examples)
    for d in examples:
        r = review_dossier(CALL_DIR / "dossiers" / d["file"], spec, territory, TODAY)
        errors = {p.id for p in r.problems if p.severity == "error"}
        if d["flawed"]:
            assert {"territory", "start", "duration"} <= errors, (d["file"], r.problems)
            assert r.facts["communes"] == d["communes"]
            assert r.facts["duration_months"] == d["duration_months"]
        else:
            assert r.complete and not errors, (d["file"], r.problems)
            assert r.facts["start"] == d["start"] and r.facts["requested_eur"] == d["requested_eur"]
            assert set(r.facts["communes"]) == set(d["communes"])


@pytest.mark.parametrize("path", REAL_WORLD_DECKS, ids=lambda p: p.name)
def test_real_world_decks_do_not_crash(path, spec, territory):
    r = review_dossier(path, spec, territory, TODAY)
    assert r.complete is False
    assert len(r.sections) == 9


def test_real_world_decks_present():
    assert len(REAL_WORLD_DECKS) >= 5


# --------------------------------------------------------------------------- bad input

def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["pdf", "truncated", "ole", "macro", "bomb", "missing", "text"])
def test_bad_files_are_refused_with_their_name(kind, full_deck, spec, territory, tmp_path):
    path = tmp_path / f"dossier-{kind}.pptx"
    if kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    elif kind == "truncated":
        path.write_bytes(full_deck[: len(full_deck) // 2])
    elif kind == "ole":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    elif kind == "macro":
        path = tmp_path / "dossier-macro.pptm"
        with zipfile.ZipFile(io.BytesIO(full_deck)) as z:
            members = {i.filename: z.read(i.filename) for i in z.infolist()}
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"presentationml.presentation.main+xml", b"ms-powerpoint.presentation.macroEnabled.main+xml")
        members["ppt/vbaProject.bin"] = b"\0" * 64
        path.write_bytes(_zip(members))
    elif kind == "bomb":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", b"<Types/>")
            with z.open("ppt/media/huge.bin", "w", force_zip64=True) as f:
                chunk = b"\0" * (1 << 20)
                for _ in range(210):
                    f.write(chunk)
        path.write_bytes(buf.getvalue())
    elif kind == "text":
        path.write_text("ceci n'est pas une présentation", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    target = path if kind != "missing" else tmp_path / "absent.pptx"
    with pytest.raises(LoaderError) as exc:
        review_dossier(target, spec, territory, TODAY)
    assert target.name in str(exc.value)
    assert sorted(tmp_path.iterdir()) == before  # nothing written
    with pytest.raises(LoaderError):
        review_dossier(target.read_bytes() if target.exists() else b"", spec, territory, TODAY)


def test_review_of_200_slides_is_fast(full_deck, spec, territory):
    prs = _open(full_deck)
    layout = prs.slide_layouts[1]
    for i in range(200 - len(prs.slides)):
        s = prs.slides.add_slide(layout)
        s.shapes.title.text = f"Annexe technique {i}"
        s.placeholders[1].text_frame.text = "Détail de l'action à Lens et Liévin, atelier hebdomadaire. " * 5
        tb = s.shapes.add_textbox(Inches(1), Inches(6), Inches(5), Inches(1))
        tb.text_frame.text = "Note de bas de page"
        tb.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    buf = io.BytesIO()
    prs.save(buf)
    t0 = time.perf_counter()
    r = review_dossier(buf.getvalue(), spec, territory, date(2024, 3, 1))
    elapsed = time.perf_counter() - t0
    print(f"\nreview of a 200-slide deck: {elapsed:.2f} s")
    assert r.slide_count == 200 and r.complete
    assert elapsed < 10


def test_draft_with_out_of_basin_commune_and_late_start_is_flagged(spec, territory):
    data = draft_deck({"project": {"communes": ["Arras", "Lens"], "start_date": "2025-01", "duration_months": 6}}, spec)
    r = review_dossier(data, spec, territory, TODAY)
    assert r.facts["communes"] == ["Arras", "Lens"]
    errors = {p.id: p for p in r.problems if p.severity == "error"}
    assert errors["territory"].slides == [7] and "Arras" in errors["territory"].message
    assert errors["territory"].citations
    assert errors["start"].slides == [10] and errors["start"].citations[0].rule_id == "start_date"
    assert "duration" not in errors
