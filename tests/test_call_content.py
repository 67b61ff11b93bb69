"""The content other tests and the eval suite rely on: the second call's documents, territory and dossiers, the
third call written at test time, and the applicants' eval cases. Each check reads the files a user would open
(through the project's own loaders) and fails when a file is stale or a case contradicts its call."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.corpus import load_docx, load_markdown, load_pdf
from evals.metrics import normalize, squash
from conftest import CALL_DIR, CORPUS, REPO
from fixtures_calls import THIRD_CALL, write_third_call_docx

TOOLS = CORPUS / "_tools"
CALL2_ID = "aap-inclusion-numerique-ille-et-vilaine-2026"
CALL2 = CORPUS / CALL2_ID
KINDS = {"answer", "not_in_call", "out_of_scope", "clarify"}
VERDICTS = {"yes", "no", "conditional", "unknown", None}


def _tool(name: str, monkeypatch):
    """Import a script of corpus/_tools as a module."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --------------------------------------------------------------------------- third call (written by the tests)

def test_third_call_docx_reads_back_with_every_fact_its_questions_expect(tmp_path):
    path = write_third_call_docx(tmp_path / "third-call.docx")
    text = load_docx(path, "third-call.docx").text
    for _, paragraph in THIRD_CALL:
        assert squash(paragraph) in squash(text), paragraph
    data = json.loads((REPO / "tests" / "data" / "third_call_questions.json").read_text(encoding="utf-8"))
    assert len(data["questions"]) == 12
    folded = normalize(text)
    for q in data["questions"]:
        assert q["expected_kind"] in KINDS and q["expected_verdict"] in VERDICTS
        for group in q["must_include"]:
            assert any(normalize(alt) in folded for alt in group), (q["id"], group)


# --------------------------------------------------------------------------- second call: text, docx, territory

def test_second_call_txt_and_docx_are_call_md_without_heading_marks(tmp_path, monkeypatch):
    tool = _tool("make_call_docx", monkeypatch)
    markdown = (CALL2 / "call.md").read_text(encoding="utf-8")
    for p in tool.build(CALL2_ID, out_dir=tmp_path):
        assert p.read_bytes() == (CALL2 / "source" / p.name).read_bytes(), f"{p.name} is stale: run make_call_docx.py"
    txt = (CALL2 / "source" / f"{CALL2_ID}.txt").read_text(encoding="utf-8")
    assert "#" not in txt and [ln.lstrip("# ") for ln in markdown.splitlines()] == txt.rstrip("\n").splitlines()
    loaded = squash(load_docx(CALL2 / "source" / f"{CALL2_ID}.docx", "source.docx").text)
    for line in filter(None, (ln.strip().removeprefix("- ") for ln in txt.splitlines())):
        assert squash(line) in loaded, line
    # its call.yaml was drafted by `ami new-call` from the .docx, then reviewed: it loads with every quote verified
    from assistant.calls.spec import load_callspec

    assert "ami new-call" in (CALL2 / "call.yaml").read_text(encoding="utf-8")
    assert load_callspec(CORPUS, CALL2_ID).id == CALL2_ID


def test_second_call_territory_is_the_epci_named_in_the_text(monkeypatch):
    tool = _tool("extract_territory", monkeypatch)
    path = CALL2 / "data" / "fougeres-agglomeration-communes.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        committed = list(csv.DictReader(fh))
    assert committed == tool.extract(["200072452"])
    assert list(committed[0]) == ["insee_code", "commune", "postal_codes", "epci_siren", "epci_name", "population"]
    text = (CALL2 / "call.md").read_text(encoding="utf-8")
    named = text.split("dans une ou plusieurs de ses 28 communes : ", 1)[1].split(".\n", 1)[0]
    assert sorted(named.replace(" et ", ", ").split(", ")) == sorted(r["commune"] for r in committed)
    assert len(committed) == 28 and "Pleine-Fougères" not in {r["commune"] for r in committed}
    assert (CALL2 / "data" / "LICENSE-decoupage-administratif").read_bytes() == (
        CALL_DIR / "data" / "LICENSE-decoupage-administratif").read_bytes()


# --------------------------------------------------------------------------- second call: example dossiers

def test_second_call_dossiers_are_reproducible_and_only_the_flawed_one_breaks_the_rules(tmp_path, monkeypatch):
    tool = _tool("make_aap_dossiers", monkeypatch)
    folder = CALL2 / "dossiers"
    for p in tool.build(tmp_path, pdf=False):
        assert p.read_bytes() == (folder / p.name).read_bytes(), f"{p.name} is stale: run make_aap_dossiers.py"
    entries = yaml.safe_load((folder / "dossiers.yaml").read_text(encoding="utf-8"))["dossiers"]
    assert sorted(e["format"] for e in entries) == ["docx", "docx", "md", "pdf"]
    with (CALL2 / "data" / "fougeres-agglomeration-communes.csv").open(encoding="utf-8") as fh:
        territory = {r["commune"] for r in csv.DictReader(fh)}
    loaders = {"docx": load_docx, "pdf": load_pdf, "md": load_markdown}
    for e in entries:
        text = squash(loaders[e["format"]](folder / e["file"], e["file"]).text)
        assert "Dossier fictif" in text and e["fictional"] is True
        start = date.fromisoformat(e["start"])
        within = [
            date(2026, 6, 1) <= start <= date(2026, 12, 31),
            6 <= e["duration_months"] <= 24,
            10_000 <= e["requested_eur"] <= 60_000,
            e["requested_eur"] <= 0.7 * e["total_cost_eur"],
            set(e["communes"]) <= territory,
            e["structure_type"] != "entreprise" or e.get("esus_agreement") is True,
        ]
        if e["flawed"]:
            assert not any(within) and len(e["flaws"]) >= 6, e["file"]
            assert "non conforme" in e["title"]
        else:
            assert all(within) and e["flaws"] == [], e["file"]
    assert sum(e["flawed"] for e in entries) == 1


# --------------------------------------------------------------------------- eval cases

APPLICANT_CASES = CALL_DIR / "evals" / "cases-applicants.jsonl"
CALL2_CASES = CALL2 / "evals" / "cases.jsonl"


@pytest.mark.parametrize("path, minimum, categories", [
    (APPLICANT_CASES, 130, {"yes_no", "combined", "multi_part", "examples", "follow_up", "off_topic_place",
                            "word_clash", "not_in_call", "factual"}),
    (CALL2_CASES, 60, {"factual", "dates", "format", "eligibility", "yes_no", "combined", "multi_part",
                       "not_in_call", "out_of_scope", "english", "typos"}),
])
def test_eval_cases_are_well_formed_and_split_once(path, minimum, categories, monkeypatch):
    cases = _cases(path)
    assert len(cases) >= minimum
    assert len({c["id"] for c in cases}) == len(cases)
    assert {c["category"] for c in cases} == categories
    for c in cases:
        assert c["split"] in ("dev", "test") and c["language"] in ("fr", "en"), c["id"]
        if "as_of" in c:
            date.fromisoformat(c["as_of"])
        if c["category"] == "eligibility":
            assert c["expected_verdict"] in ("eligible", "not_eligible", "incomplete") and c["profile"], c["id"]
            continue
        assert c["expected_kind"] in KINDS and c["expected_verdict"] in VERDICTS, c["id"]
        assert all(isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in c["must_include"])
        assert [t["role"] for t in c["history"]] == ["user", "assistant"] * (len(c["history"]) // 2), c["id"]
    for cat in categories:
        splits = {c["split"] for c in cases if c["category"] == cat}
        assert splits == {"dev", "test"}, cat
    tool = _tool("assign_splits", monkeypatch)
    again = tool.assign([dict(c) for c in cases], force=True)
    assert [c["split"] for c in again] == [c["split"] for c in cases], "splits were edited by hand after assignment"


def test_applicant_cases_figures_come_from_the_call_and_examples_cite_real_dossiers():
    cases = _cases(APPLICANT_CASES)
    call = normalize((CALL_DIR / "call.md").read_text(encoding="utf-8"))
    dossiers = normalize((CALL_DIR / "dossiers" / "dossiers.yaml").read_text(encoding="utf-8"))
    files = [p.name for p in (CALL_DIR / "dossiers").iterdir()]
    for c in cases:
        for group in c["must_include"]:
            if any(ch.isdigit() for alt in group for ch in alt):
                assert any(normalize(a) in call or normalize(a) in dossiers for a in group), (c["id"], group)
        for src in c.get("expected_sources", []):
            assert src.startswith("dossiers/") and any(f.startswith(src.split("/", 1)[1]) for f in files), src
    english = sum(c["language"] == "en" for c in cases) / len(cases)
    assert 0.10 <= english <= 0.25
    examples = [c for c in cases if c["category"] == "examples"]
    assert all(c.get("expected_sources") for c in examples)
    as_models = [c for c in examples if "exemple-non-conforme" not in c["expected_sources"][0]]
    assert as_models and all(c.get("forbidden_sources") == ["exemple-non-conforme"] for c in as_models)
