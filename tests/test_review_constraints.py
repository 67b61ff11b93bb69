"""Every constraint of the call becomes a problem of the review, through the one evaluator, with the call's quote.

Dossiers for the second call (Word, and PowerPoint which that call does not accept) are written here, each breaking
one of its constraints: the cap and the floor per project, the maximum funding rate, an excluded structure type, the
minimum duration, the earliest start. A fact the dossier does not state is a warning, never a blocking point.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.conftest import CORPUS

CALL = "aap-inclusion-numerique-ille-et-vilaine-2026"

GOOD = dict(structure="Association Les Passeurs de clics", presentation="Association loi 1901 créée en 2017 à "
            "Louvigné-du-Désert, 64 adhérents et 2 salariées.", start="le 1er septembre 2026", months="12",
            asked="30 000 €", total="50 000 €")


def _sections(v: dict) -> list[tuple[str, list[str]]]:
    budget = ["Dépenses | Montant | Recettes | Montant"]
    if v["asked"]:
        budget += [f"Personnel et ateliers | {v['total']} | Subvention demandée au Département | {v['asked']}",
                   f"Total | {v['total']} | Total | {v['total']}"]
    else:
        budget += ["Personnel et ateliers | à chiffrer | Subvention | à chiffrer"]
    return [
        ("Présentation de la structure", [v["presentation"]]),
        ("Axe et publics visés", ["Axe A – Accompagner les usages numériques du quotidien : personnes âgées isolées."]),
        ("Mise en œuvre", ["Permanences mensuelles à Louvigné-du-Désert et à Fougères, ateliers smartphone."]),
        ("Calendrier", [f"Démarrage {v['start']}, durée {v['months']} mois."]),
        ("Budget prévisionnel (HT)", budget),
        ("Pièces jointes", ["Statuts, relevé d'identité bancaire, rapport d'activité 2025."]),
    ]


def _docx(**changes) -> bytes:
    v = {**GOOD, **changes}
    d = Document()
    d.add_heading("Les Passeurs de clics – permanences numériques itinérantes", level=0)
    d.add_paragraph(f"Structure cheffe de file : {v['structure']}.")
    for head, lines in _sections(v):
        d.add_heading(head, level=1)
        rows = [ln.split(" | ") for ln in lines if " | " in ln]
        if rows:
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        for ln in lines:
            if " | " not in ln:
                d.add_paragraph(ln)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pptx(**changes) -> bytes:
    from pptx import Presentation

    v = {**GOOD, **changes}
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Les Passeurs de clics – permanences numériques itinérantes"
    s.placeholders[1].text = f"Structure cheffe de file : {v['structure']}."
    for head, lines in _sections(v):
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = head
        s.placeholders[1].text = "\n".join(lines)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def second(session_home, embeddings):
    from assistant import Assistant
    from assistant.config import Settings

    return Assistant(call=CALL, settings=Settings(home=session_home, as_of=date(2026, 2, 1)), embeddings=embeddings)


def _errors(r) -> dict:
    return {p.id: p for p in r.problems if p.severity == "error"}


def _quotes(p) -> str:
    return " ".join(c.quote for c in p.citations)


def test_a_dossier_within_every_constraint_is_complete_and_eligible(second):
    r = second.review_dossier(_docx(), name="passeurs.docx")
    assert _errors(r) == {}, r.problems
    assert r.complete and r.eligibility == "eligible"
    assert r.structure == "Association Les Passeurs de clics" and r.structure_type == "association"
    assert r.requested_eur == 30000 and r.duration_months == 12 and r.start == date(2026, 9, 1)


@pytest.mark.parametrize("changes,pid,says,quote", [
    ({"asked": "80 000 €", "total": "150 000 €"}, "budget", "80 000 €", "comprise entre 10 000 € et 60 000 € par projet"),
    ({"asked": "6 000 €", "total": "12 000 €"}, "budget", "6 000 €", "comprise entre 10 000 € et 60 000 € par projet"),
    ({"asked": "45 000 €", "total": "50 000 €"}, "funding_rate", "70 %", "ne peut dépasser 70 % du coût total éligible"),
    ({"structure": "SARL Clic Conseil", "presentation": "SARL créée en 2020 à Fougères, trois associés."}, "applicant",
     "entreprise", "Sont exclus : les entreprises à but lucratif"),
    ({"months": "4"}, "duration", "4 mois", "au moins 6 mois et au plus 24 mois"),
    ({"start": "le 1er mars 2026"}, "start", "mars 2026", "le projet commence entre le 1er juin 2026"),
], ids=["over-the-cap", "under-the-floor", "funding-rate", "excluded-structure", "too-short", "too-early"])
@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_each_broken_constraint_is_a_blocking_problem_with_the_calls_quote(second, changes, pid, says, quote, fmt):
    data = (_docx if fmt == "docx" else _pptx)(**changes)
    r = second.review_dossier(data, name=f"dossier.{fmt}")
    errors = _errors(r)
    assert pid in errors, r.problems
    assert says in errors[pid].message and quote in _quotes(errors[pid])
    assert not r.complete and r.eligibility == "not_eligible"
    assert r.headline.startswith(f"{len(r.blocking)} point") and len(r.blocking) == len(set(r.blocking))
    # nothing else of the dossier is blocking, but the format for the deck (the call asks for Word or PDF)
    assert set(errors) == {pid} | ({"format"} if fmt == "pptx" else set()), r.problems


def test_a_deck_sent_to_a_call_asking_for_word_or_pdf_is_blocked_with_its_clause(second):
    r = second.review_dossier(_pptx(), name="passeurs.pptx")
    fmt = _errors(r)["format"]
    assert ".docx, .pdf" in fmt.message and "au format Word ou PDF" in _quotes(fmt)
    assert not r.complete and "format non accepté" in r.headline


def test_the_headline_names_the_broken_constraints(second):
    r = second.review_dossier(_docx(months="4", asked="45 000 €", total="50 000 €"), name="deux.docx")
    assert r.headline == "2 points bloquants : durée, taux de financement"


def test_an_unstated_amount_is_a_warning_not_a_blocking_point(second):
    r = second.review_dossier(_docx(asked=""), name="sans-montant.docx")
    budget = [p for p in r.problems if p.id == "budget"]
    assert budget and budget[0].severity == "warning" and "10 000" in _quotes(budget[0])
    assert "budget" not in _errors(r) and "funding_rate" not in _errors(r)
    assert r.complete and r.eligibility == "incomplete"


def test_the_example_dossiers_of_the_second_call(second):
    bad = second.review_dossier(CORPUS / CALL / "dossiers" / "exemple-non-conforme-appli-facile-rennes.docx")
    errors = _errors(bad)
    assert {"applicant", "territory", "start", "duration", "budget", "funding_rate"} <= set(errors)
    assert bad.requested_eur == 85000 and "60 000 €" in errors["budget"].message
    good = second.review_dossier(CORPUS / CALL / "dossiers" / "exemple-passeurs-de-clics-louvigne.docx")
    assert good.complete and good.eligibility == "eligible" and good.requested_eur == 36000
    pdf = second.review_dossier(CORPUS / CALL / "dossiers" / "exemple-ordi-solidaire-fougeres.pdf")
    assert pdf.structure_type == "entreprise_esus" and pdf.duration_months == 12 and "applicant" not in _errors(pdf)
