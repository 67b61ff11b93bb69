"""Loaders on every format, the fictional example dossiers of the call, hostile files, and the call's wording.

What a user relies on: the text of a document comes out whole (placeholders, text boxes, tables, groups, notes,
headings, pages), every passage carries a locator they can check (`diapositive N`, a heading path, `page N`,
`ligne N`), and a file that cannot be read gives one clear LoaderError naming it, never another exception.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import random
import re
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant import ooxml
from assistant.corpus import LoadedDocument, load_document, load_pptx
from assistant.errors import LoaderError
from conftest import CALL_DIR, REAL_WORLD_DECKS, REPO

DOSSIERS_DIR = CALL_DIR / "dossiers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDF_FIXTURE = FIXTURES / "exemple-deux-pages.pdf"
TABLES_DECK = DOSSIERS_DIR / "exemple-tremplin-seniors-lievin.pptx"
BOXES_DECK = DOSSIERS_DIR / "exemple-usine-grandeur-nature-henin-carvin.pptx"
FLAWED_DECK = DOSSIERS_DIR / "exemple-non-conforme-cap-numerique-arras.pptx"
DOCX_DOSSIER = DOSSIERS_DIR / "exemple-horaires-decales-femmes-wingles.docx"
MD_DOSSIER = DOSSIERS_DIR / "exemple-elles-font-tourner-les-machines-lens.md"
GENERATOR = REPO / "corpus" / "_tools" / "make_example_dossiers.py"


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace folded (for lenient matching of names)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("-", " ").split())


def locate(doc: LoadedDocument, snippet: str) -> str:
    """The locator of the innermost section holding the first occurrence of snippet."""
    assert snippet in doc.text, f"{snippet!r} not in the text extracted from {doc.source}"
    section = doc.section_at(doc.text.index(snippet))
    assert section is not None, f"{snippet!r} lies in no section of {doc.source}"
    return section.locator


def section_text(doc: LoadedDocument, locator: str) -> str:
    """The text of the section with that locator."""
    found = [doc.text[s.start:s.end] for s in doc.sections if s.locator == locator]
    assert found, f"no section {locator!r} in {doc.source}: {[s.locator for s in doc.sections]}"
    return found[0]


def dossier_meta() -> list[dict]:
    """The entries of dossiers.yaml."""
    return yaml.safe_load((DOSSIERS_DIR / "dossiers.yaml").read_text(encoding="utf-8"))["dossiers"]


def indexed_dossier_files() -> list[Path]:
    """The files of dossiers/ the indexer reads (not `_*`, not YAML)."""
    return sorted(p for p in DOSSIERS_DIR.iterdir()
                  if p.is_file() and not p.name.startswith("_") and p.suffix not in (".yaml", ".yml"))


def basin_communes() -> set[str]:
    """Folded names of the communes of the employment basin."""
    with open(CALL_DIR / "data" / "bassin-lens-henin-communes.csv", encoding="utf-8") as f:
        return {fold(row["commune"]) for row in csv.DictReader(f)}


# --------------------------------------------------------------------------- markdown and text

def test_markdown_call_sections_carry_their_heading_path():
    doc = load_document(CALL_DIR / "call.md", "call.md")
    assert doc.source == "call.md"
    assert locate(doc, "181 500 € TTC") == "Contexte Général"
    assert locate(doc, "comptes de résultats des 3 derniers exercices") == "Dossier de candidature > Annexes"
    assert locate(doc, "Favoriser la féminisation de ces métiers") == (
        "Cahier des charges > Problématique 2 – Dispenser de façon positive l'image et la réalité des métiers industriels")
    section = doc.section_at(doc.text.index("17 avril 2024"))
    assert section.heading_path[0].startswith("APPEL A MANIFESTATION D'INTERET")
    assert section.heading_path[-1] == "Calendrier"


def test_markdown_dossier_headings_lists_and_table():
    doc = load_document(MD_DOSSIER)
    assert locate(doc, "Dossier fictif") == MD_DOSSIER.name  # text before the first heading
    assert locate(doc, "48 adhérentes") == "La structure porteuse > Gouvernance et membres"
    assert locate(doc, "30 marraines suivent") == "Le projet > Mise en œuvre"
    assert locate(doc, "| Défraiement des marraines (déplacements, repas) | 2 400 € |") == "Budget détaillé"
    assert "Statuts de l'association Bielles & Boussoles" in section_text(doc, "Annexes")


def test_text_file_cp1252_crlf_is_one_section_and_hashes_are_not_headings(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("# pas un titre\r\nDémarrage prévu à Hénin-Beaumont.\r\n".encode("cp1252"))
    doc = load_document(path, "notes/note.txt")
    assert doc.text == "# pas un titre\nDémarrage prévu à Hénin-Beaumont.\n"
    assert [(s.locator, s.start, s.end) for s in doc.sections] == [("note.txt", 0, len(doc.text))]
    assert doc.source == "notes/note.txt"


def test_seed_text_of_the_call_loads_as_text():
    path = next((CALL_DIR / "source").glob("*.txt"))
    doc = load_document(path)
    assert "ddets-mutations-economiques@pas-de-calais.gouv.fr" in doc.text
    assert doc.sections[0].locator == path.name


# --------------------------------------------------------------------------- pptx

def test_pptx_tables_placeholders_and_notes_with_slide_locators():
    doc = load_document(TABLES_DECK, "dossiers/" + TABLES_DECK.name)
    assert doc.metadata["slide_count"] == 10
    slides = [s for s in doc.sections if not s.notes]
    assert [s.locator for s in slides] == [f"diapositive {n}" for n in range(1, 11)]
    assert [s.slide for s in slides] == list(range(1, 11))
    # body placeholder text
    assert locate(doc, "Gouvernance : conseil d'administration de 9 membres élus pour 3 ans") == "diapositive 2"
    # a table row, cells joined, on the budget slide whose title opens the heading path
    assert locate(doc, "Coordination et accompagnement (0,6 ETP conseillère emploi, 12 mois) | 24 600 €") == "diapositive 9"
    assert doc.section_at(doc.text.index("24 600 €")).heading_path == ["Budget détaillé du projet"]
    assert locate(doc, "Mars 2025 | Point d'étape à mi-parcours") == "diapositive 8"
    # speaker notes: their own section, flagged, same slide number
    assert locate(doc, "l'association n'est pas assujettie à la TVA") == "diapositive 9 (notes)"
    notes = doc.section_at(doc.text.index("assujettie"))
    assert notes.notes and notes.slide == 9
    assert "assujettie" not in section_text(doc, "diapositive 9")


def test_pptx_free_text_boxes_and_nested_groups():
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(BOXES_DECK))  # the fixture really is built without body placeholders, with nested groups
    placeholders = [sh for sl in prs.slides for sh in sl.shapes if sh.is_placeholder]
    assert placeholders and all("TITLE" in str(sh.placeholder_format.type) for sh in placeholders)
    groups = [sh for sl in prs.slides for sh in sl.shapes if sh.shape_type == MSO_SHAPE_TYPE.GROUP]
    assert any(sub.shape_type == MSO_SHAPE_TYPE.GROUP for g in groups for sub in g.shapes)

    doc = load_document(BOXES_DECK)
    assert locate(doc, "12 chefs d'entreprise bénévoles") == "diapositive 2"  # inside a group inside a group
    assert locate(doc, "Phase 2 – Visites de classes en atelier") == "diapositive 8"
    assert locate(doc, "Soirées « Mon parent à l'usine » pour les familles") == "diapositive 5"
    assert locate(doc, "Total : 38 000 € TTC") == "diapositive 9"  # free text box
    assert doc.section_at(doc.text.index("Total : 38 000")).heading_path == ["Budget détaillé"]
    assert locate(doc, "non compté dans ce budget") == "diapositive 9 (notes)"


def test_pptx_from_bytes_names_the_given_file():
    doc = load_pptx(FLAWED_DECK.read_bytes(), "televerse.pptx", name="mon-dossier.pptx")
    assert locate(doc, "Durée : 18 mois (fin en juin 2026)") == "diapositive 8"
    assert doc.sections[0].heading_path == ["Cap Numérique Jeunes"]
    with pytest.raises(LoaderError, match="mon-dossier.pptx"):
        load_pptx(b"pas une presentation", "televerse.pptx", name="mon-dossier.pptx")


def test_real_world_decks_load_or_fail_cleanly():
    assert REAL_WORLD_DECKS, "no deck in /work/shared/data/pptx-real-world"
    loaded = {}
    for path in REAL_WORLD_DECKS:
        try:
            doc = load_document(path)
        except LoaderError as exc:
            assert path.name in str(exc)
            continue
        slides = [s for s in doc.sections if not s.notes]
        assert [s.locator for s in slides] == [f"diapositive {n}" for n in range(1, len(slides) + 1)]
        assert all(0 <= s.start <= s.end <= len(doc.text) for s in doc.sections)
        loaded[path.name] = doc
    assert len(loaded) >= len(REAL_WORLD_DECKS) // 2, "most real-world decks should load"
    # decks known to be sound must come out whole: group, table and text box of one, notes of the other
    for text in ("Group test text", "Cell text 1 | Cell text 2", "Box 2"):
        assert locate(loaded["test_slides.pptx"], text) == "diapositive 1"
    assert locate(loaded["sld-notes.pptx"], "Notes") == "diapositive 1 (notes)"


# --------------------------------------------------------------------------- docx, pdf, csv

def test_docx_headings_paragraphs_lists_and_table():
    doc = load_document(DOCX_DOSSIER)
    assert locate(doc, "Dossier fictif") == DOCX_DOSSIER.name
    assert locate(doc, "86 sociétaires") == "Présentation de la structure > Gouvernance et membres"
    assert locate(doc, "- Accompagner 40 femmes éloignées de l'emploi") == "Présentation du projet > Objectifs"
    row = "Chargée d'insertion | 0,5 ETP pendant 12 mois | 19 800 €"
    assert locate(doc, row) == "Budget détaillé"
    budget = doc.section_at(doc.text.index(row))
    assert budget.heading_path[0].startswith("Parcours « Horaires décalés »")  # the Title opens the path
    assert budget.heading_path[1:] == ["Budget détaillé"]
    assert "Total | 47 500 €" in doc.text


def test_pdf_pages_are_locators():
    doc = load_document(PDF_FIXTURE, "fixtures/exemple-deux-pages.pdf")
    assert [(s.locator, s.page) for s in doc.sections] == [("page 1", 1), ("page 2", 2)]
    assert locate(doc, "Chevalement") == "page 1"
    assert locate(doc, "8 400 euros TTC") == "page 2"


def test_csv_lines_are_locators():
    path = CALL_DIR / "data" / "bassin-lens-henin-communes.csv"
    doc = load_document(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, start=1) if ",Liévin," in line)
    assert locate(doc, "insee_code,commune") == "ligne 1"
    assert locate(doc, ",Liévin,") == f"ligne {n}"
    assert len(doc.sections) == len(lines)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(LoaderError, match="introuvable"):
        load_document(tmp_path / "absent.pptx")
    odt = tmp_path / "dossier.odp"
    odt.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoaderError, match=r"dossier\.odp.*non pris en charge"):
        load_document(odt)


# --------------------------------------------------------------------------- hostile and broken files

def _rewrite_zip(data: bytes, change: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip with some members replaced (or dropped with None) and some added."""
    change, add = change or {}, add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    dst.writestr(info.filename, change[info.filename])
            else:
                dst.writestr(info, src.read(info.filename))
        for name, blob in add.items():
            dst.writestr(name, blob)
    return out.getvalue()


def _macro_enabled(data: bytes, main: str, macro: str) -> bytes:
    ct = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    assert main in ct
    return _rewrite_zip(data, {"[Content_Types].xml": ct.replace(main, macro).encode()})


def _corrupt_member(data: bytes, member: str) -> bytes:
    """Flip bytes inside the compressed data of one member (the central directory stays valid)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    off = info.header_offset
    start = off + 30 + int.from_bytes(data[off + 26:off + 28], "little") + int.from_bytes(data[off + 28:off + 30], "little")
    b = bytearray(data)
    for i in range(start + 5, start + min(info.compress_size - 2, 60)):
        b[i] ^= 0x5A
    return bytes(b)


PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _bad_files() -> list[tuple[str, str, bytes, str]]:
    """(case, file name, bytes, what the message must say)."""
    deck, word = TABLES_DECK.read_bytes(), DOCX_DOSSIER.read_bytes()
    noise = random.Random(7).randbytes(4096)
    cases = []
    for ext, good, main, macro in (("pptx", deck, PPTX_MAIN, PPTM_MAIN), ("docx", word, DOCX_MAIN, DOCM_MAIN)):
        cases += [
            (f"renamed-pdf-{ext}", f"vrai-pdf.{ext}", PDF_FIXTURE.read_bytes(), "PDF renommé"),
            (f"truncated-{ext}", f"tronque.{ext}", good[: len(good) // 2], "tronquée"),
            (f"random-{ext}", f"bruit.{ext}", noise, "illisible"),
            (f"encrypted-{ext}", f"protege.{ext}", OLE + noise, "chiffré"),
            (f"macros-{ext}", f"macros.{ext}", _macro_enabled(good, main, macro), "macros"),
            (f"corrupt-member-{ext}", f"abime.{ext}", _corrupt_member(good, "[Content_Types].xml"), "corrompue"),
            (f"not-office-{ext}", f"archive.{ext}", _rewrite_zip(good, {"[Content_Types].xml": None}), "pas un document Office"),
        ]
    cases += [
        ("pptx-holding-a-word-document", "mauvais-type.pptx", word, "pas une présentation"),
        ("random-pdf", "bruit.pdf", noise, "PDF illisible"),
        ("corrupt-slide", "diapo-abimee.pptx", _corrupt_member(deck, "ppt/slides/slide2.xml"), "illisible"),
    ]
    return cases


@pytest.mark.parametrize("case, name, data, expected", _bad_files(), ids=[c[0] for c in _bad_files()])
def test_bad_files_raise_a_clear_loader_error(tmp_path, case, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(path)
    message = str(info.value)
    assert message.startswith(name), message
    assert expected in message, message


def test_zip_member_over_the_limit_is_refused(tmp_path, monkeypatch):
    deck = TABLES_DECK.read_bytes()
    largest = max(i.file_size for i in zipfile.ZipFile(io.BytesIO(deck)).infolist())
    monkeypatch.setattr(ooxml, "MAX_ZIP_MEMBER", largest + 1)
    assert load_document(TABLES_DECK).text  # the deck itself is under the limit
    bomb = _rewrite_zip(deck, add={"ppt/media/zeros.bin": b"\0" * (largest + 1024 * 1024)})
    path = tmp_path / "bombe.pptx"
    path.write_bytes(bomb)
    assert path.stat().st_size < 64 * 1024 + len(deck)  # small on disk, large once decompressed
    with pytest.raises(LoaderError, match=r"^bombe\.pptx : .*démesuré"):
        load_document(path)


def test_zip_total_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ooxml, "MAX_ZIP_TOTAL", 10_000)
    with pytest.raises(LoaderError, match=r"^exemple-horaires-decales-femmes-wingles\.docx : archive démesurée"):
        load_document(DOCX_DOSSIER)


# --------------------------------------------------------------------------- the example dossiers

def test_dossiers_yaml_describes_exactly_the_indexed_files():
    meta = dossier_meta()
    assert sorted(m["file"] for m in meta) == [p.name for p in indexed_dossier_files()]
    formats = {m["format"] for m in meta}
    assert {"pptx", "docx", "md"} <= formats
    for m in meta:
        assert m["fictional"] is True
        assert m["format"] == Path(m["file"]).suffix.lstrip(".")
        assert m["theme"] in {"inclusion", "industrie"}
        assert isinstance(m["flawed"], bool)
        assert bool(m["flaws"]) == m["flawed"], m["file"]
    assert {m["theme"] for m in meta if not m["flawed"]} == {"inclusion", "industrie"}
    assert sum(m["format"] == "pptx" and not m["flawed"] for m in meta) >= 2
    assert [m["file"] for m in meta if m["flawed"]] == [FLAWED_DECK.name]


@pytest.mark.parametrize("path", indexed_dossier_files(), ids=lambda p: p.name)
def test_every_example_dossier_says_it_is_fictional_and_names_no_one(path):
    doc = load_document(path)
    opening = doc.text[:400]
    assert "Dossier fictif – exemple rédigé pour l'assistant, ne correspond à aucune structure réelle" in opening
    assert "@" not in doc.text  # no e-mail address


@pytest.mark.parametrize("entry", [m for m in dossier_meta() if not m["flawed"]], ids=lambda m: m["file"])
def test_sound_dossiers_fit_the_call_and_cover_its_parts(entry):
    text = load_document(DOSSIERS_DIR / entry["file"]).text
    folded = fold(text)
    basin = basin_communes()
    assert entry["communes"] and all(fold(c) in basin for c in entry["communes"])
    assert all(fold(c) in folded for c in entry["communes"]), "every listed commune is named in the dossier"
    assert date.fromisoformat(entry["start"]) <= date(2024, 11, 30)
    assert entry["duration_months"] <= 12
    assert f"{entry['duration_months']} mois" in text
    for part in ("creee en", "activites", "gouvernance", "membres", "objectifs", "mise en oeuvre", "indicateurs",
                 "innovant", "calendrier", "budget detaille", "annexe", "statuts", "comptes de resultat"):
        assert part in folded.replace("œ", "oe"), f"{entry['file']} lacks {part!r}"
    amount = f"{entry['requested_eur']:,}".replace(",", " ") + " €"
    assert amount in text


def test_sound_dossiers_requests_fit_the_envelope_together():
    requested = [m["requested_eur"] for m in dossier_meta() if not m["flawed"]]
    assert 3 <= len(requested) <= 5
    assert sum(requested) <= 181_500


def test_flawed_dossier_really_has_the_flaws_it_declares():
    entry = next(m for m in dossier_meta() if m["flawed"])
    text = load_document(DOSSIERS_DIR / entry["file"]).text
    assert entry["communes"] == ["Arras"] and fold("Arras") not in basin_communes()
    assert "Arras" in text
    assert entry["start"] == "2025-01-06" and "6 janvier 2025" in text
    assert entry["duration_months"] == 18 and "18 mois" in text
    assert "annexe" not in fold(text) and "statuts" not in fold(text)
    assert any("Arras" in f for f in entry["flaws"]) and any("annexe" in f for f in entry["flaws"])


def test_generator_reproduces_the_committed_files(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_example_dossiers", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert sorted(p.name for p in written) == sorted([p.name for p in indexed_dossier_files()] + ["dossiers.yaml"])
    for p in written:
        assert p.read_bytes() == (DOSSIERS_DIR / p.name).read_bytes(), f"{p.name} is stale: run {GENERATOR.name}"


# --------------------------------------------------------------------------- call.md keeps the call's wording

# Lines of call.md added for structure (headings the seed text does not have word for word).
STRUCTURE_HEADINGS = {
    "APPEL A MANIFESTATION D'INTERET – Innovation Sociale liée à l'emploi – Pas-de-Calais – 2024/2025",
    "Problématique 1 – Accompagner vers et dans l'emploi des publics fragiles",
    "Problématique 2 – Dispenser de façon positive l'image et la réalité des métiers industriels",
    "Territoire, démarrage et durée",
    "Annexes",
}


def _seed_form(text: str) -> str:
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"^(\s*-\s+)o\s+", r"\1", text, flags=re.MULTILINE)  # "- o item" sub-bullets
    return " ".join(text.split())


def test_call_markdown_keeps_the_seed_wording():
    seed = _seed_form("\n".join(p.read_text(encoding="utf-8") for p in sorted((CALL_DIR / "source").glob("*.txt"))))
    missing, exempted = [], []
    for raw in (CALL_DIR / "call.md").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = line.startswith("#")
        line = re.sub(r"^#+\s+", "", line)
        line = re.sub(r"^-\s+", "", line)
        if _seed_form(line) in seed:
            continue
        (exempted if heading and line in STRUCTURE_HEADINGS else missing).append(line)
    assert not missing, "call.md lines not in the seed text:\n" + "\n".join(missing)
    assert sorted(exempted) == sorted(STRUCTURE_HEADINGS), "an exempted heading is now found or gone: update the list"


def test_deck_text_follows_the_slide_top_to_bottom_with_positions_inherited_from_the_layout(tmp_path):
    """Placeholders without a position of their own sit where their layout puts them (looked up once per layout and
    index): the text reads title first, then top to bottom, as python-pptx places every shape."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    for n in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[1])  # title and content: both placeholders inherit positions
        slide.shapes.title.text = f"Titre {n}"
        slide.placeholders[1].text = f"Corps {n}"
        slide.shapes.add_textbox(Inches(1), Inches(7), Inches(4), Inches(0.5)).text_frame.text = f"Pied {n}"
        slide.shapes.add_textbox(Inches(1), Inches(0.1), Inches(4), Inches(0.4)).text_frame.text = f"Bandeau {n}"
    path = tmp_path / "deck.pptx"
    prs.save(path)
    doc = load_pptx(path, "deck.pptx")
    for n, slide in enumerate(Presentation(str(path)).slides):
        assert all(s._element.y is None for s in slide.placeholders)  # inherited, not written on the slide
        by_pptx = sorted(slide.shapes, key=lambda s: (0 if s.is_placeholder and "TITLE" in str(s.placeholder_format.type)
                                                     else 1, int(s.top) // 100000, int(s.left)))
        expected = "\n".join(s.text_frame.text for s in by_pptx)
        assert f"[Diapositive {n + 1}]\n{expected}\n" in doc.text
        assert expected.split("\n") == [f"Titre {n}", f"Bandeau {n}", f"Corps {n}", f"Pied {n}"]
