"""Dossiers in the other formats calls ask for: Word and PDF reviewed with their structure; a format the call does
not accept is a problem of the review, never a crash; an upload keeps its real name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from assistant.errors import LoaderError

from conftest import CALL_DIR

ALL = ["structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar", "budget", "annexes"]
PARTS = [
    ("Présentation de la structure", ["Association Passerelles Gohelle, créée en 2012 à Harnes, 45 adhérents, bureau de 5 membres."]),
    ("Raisons de notre participation", ["L'appel permet de tester un accompagnement que nos financeurs ne couvrent pas."]),
    ("Objectifs", ["Accompagner 30 demandeurs d'emploi de Harnes et de Wingles vers un emploi durable."]),
    ("Mise en œuvre", ["Ateliers hebdomadaires, immersions en entreprise, suivi individuel."]),
    ("Indicateurs de réussite", ["30 personnes accompagnées, 15 en emploi à 6 mois."]),
    ("Caractère innovant", ["Des binômes avec d'anciens bénéficiaires devenus salariés."]),
    ("Calendrier", ["Démarrage : octobre 2024.", "Durée : 12 mois."]),
    ("Budget détaillé", ["Montant demandé : 34 000 €."]),
    ("Annexes", ["Statuts, composition du bureau, comptes 2021 à 2023."]),
]


def _docx(parts=PARTS, table_for: str | None = "Budget détaillé") -> bytes:
    d = Document()
    d.add_heading("Passerelles vers l'emploi", level=0)
    for head, lines in parts:
        d.add_heading(head, level=1)
        if head == table_for:
            t = d.add_table(rows=3, cols=2)
            for i, (a, b) in enumerate([("Poste", "Montant"), ("Animation", "24 000 €"), ("Montant demandé", "34 000 €")]):
                t.cell(i, 0).text, t.cell(i, 1).text = a, b
            continue
        for line in lines:
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf(pages: list[list[str]]) -> bytes:
    """A small PDF (Helvetica, WinAnsi), one text line per entry, written by hand: no converter needed."""
    objs: list[bytes] = []
    kids = []
    font_id = 3
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
        for ln in lines:
            esc = ln.replace("œ", "oe").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        content_id = 4 + len(objs)
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_id = 4 + len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % content_id)
        kids.append(page_id)
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    assert font_id == 3
    allobjs = head + objs
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(allobjs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(allobjs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(allobjs) + 1, xref))
    return out.getvalue()


def test_word_dossier_with_headings_and_a_table(assistant, tmp_path):
    path = tmp_path / "candidature-passerelles.docx"
    path.write_bytes(_docx())
    r = assistant.review_dossier(path)
    assert r.format == "docx" and r.unit == "section" and r.file == path.name
    assert [s.id for s in r.sections if s.present and s.filled] == ALL
    assert r.problems == [] and r.complete
    assert r.project_title == "Passerelles vers l'emploi"
    assert r.requested_eur == 34000 and r.start.isoformat() == "2024-10-01" and r.duration_months == 12
    assert set(r.communes) == {"Harnes", "Wingles"}
    budget = next(s for s in r.sections if s.id == "budget")
    assert budget.slides == [9]  # section 9: the Title's section opens the document


def test_word_dossier_uploaded_as_bytes_keeps_its_name_and_finds_missing_parts(assistant):
    data = _docx([p for p in PARTS if p[0] not in ("Calendrier", "Caractère innovant")])
    r = assistant.review_dossier(data, name="Dossier Mme Martin.docx")
    assert r.file == "Dossier Mme Martin.docx"
    assert {s.id for s in r.sections if not s.present} == {"calendar", "innovation"}
    assert not r.complete and r.headline == "2 points bloquants : Caractère innovant (partie absente), Calendrier du projet (partie absente)"


def test_example_word_dossier_of_the_call(assistant):
    path = CALL_DIR / "dossiers" / "exemple-horaires-decales-femmes-wingles.docx"
    r = assistant.review_dossier(path)
    assert r.complete, r.problems
    assert r.structure == "SCIC Veilleuses & Compagnie"
    assert r.communes == ["Wingles", "Vendin-le-Vieil", "Hulluch", "Meurchin", "Harnes"]
    assert r.start.isoformat() == "2024-11-04" and r.requested_eur == 42000


def test_pdf_dossier_pages_hold_the_parts(assistant, tmp_path):
    pages = [["Passerelles vers l'emploi", "Porté par : Association Passerelles Gohelle"]]
    for i in range(0, len(PARTS), 3):  # three parts per page, each heading followed by its lines
        pages.append([x for head, lines in PARTS[i:i + 3] for x in (head, *lines)])
    path = tmp_path / "dossier.pdf"
    path.write_bytes(_pdf(pages))
    r = assistant.review_dossier(path)
    assert r.format == "pdf" and r.unit == "page"
    present = {s.id: s.slides for s in r.sections if s.present}
    assert present == {"structure": [2], "motivation": [2], "objectives": [2], "implementation": [3], "indicators": [3],
                       "innovation": [3], "calendar": [4], "budget": [4], "annexes": [4]}
    assert r.complete and r.problems == []
    assert r.requested_eur == 34000 and r.structure == "Association Passerelles Gohelle"


def test_pdf_with_a_late_start_is_flagged_on_its_page(assistant):
    pages = [[x for head, lines in PARTS for x in (head, *lines)][:12],
             ["Calendrier", "Démarrage : mars 2025.", "Durée : 12 mois.", "Budget détaillé", "Montant demandé : 34 000 €.",
              "Annexes", "Statuts, comptes."]]
    r = assistant.review_dossier(_pdf(pages), name="tardif.pdf")
    start = next(p for p in r.problems if p.id == "start")
    assert start.severity == "error" and start.slides == [2] and start.citations
    assert r.headline == "1 point bloquant : démarrage trop tardif"


@pytest.mark.parametrize("name,data", [("dossier.odp", b"PK\x03\x04 not really"), ("dossier.key", b"\x00\x01"),
                                       ("notes.txt", "Présentation de la structure\nAssociation créée en 2010.".encode())])
def test_a_format_the_call_does_not_accept_is_a_problem_not_a_crash(assistant, name, data, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    r = assistant.review_dossier(path)
    fmt = [p for p in r.problems if p.id == "format"]
    assert fmt and fmt[0].severity == "error" and ".pptx, .docx, .pdf" in fmt[0].message
    assert not r.complete and "format non accepté" in r.headline and r.file == name


def test_a_broken_upload_is_named_by_its_real_name(assistant):
    with pytest.raises(LoaderError, match="Mon dossier final.pptx"):
        assistant.review_dossier(b"PK\x03\x04 truncated", name="Mon dossier final.pptx")
    with pytest.raises(LoaderError, match="budget.docx"):
        assistant.review_dossier(b"not a word file", name="budget.docx")
    with pytest.raises(LoaderError, match="scan.pdf"):
        assistant.review_dossier(b"%PDF-1.4 garbage", name="scan.pdf")


def test_an_uploaded_file_object_is_read_with_its_name(assistant):
    class Upload(io.BytesIO):
        name = "téléversé.docx"

    r = assistant.review_dossier(Upload(_docx()))
    assert r.file == "téléversé.docx" and r.complete


def test_real_world_pdf_reader_does_not_crash_on_an_empty_pdf(assistant, tmp_path):
    path = Path(tmp_path / "vide.pdf")
    path.write_bytes(_pdf([[]]))
    r = assistant.review_dossier(path)
    assert not r.complete and {p.id for p in r.problems} >= {"sections"}
