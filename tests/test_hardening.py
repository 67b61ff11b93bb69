"""Hostile and clumsy input: bounded time and memory, one clear line, never a traceback.

Every hostile file is generated here, at test time, small on disk (evals/hostile.py holds the generators and the
measure, and writes the same cases' numbers to docs/benchmarks.md). The command-line cases each run `ami` in
their own process, whose peak memory (max RSS, from os.wait4) and wall time are asserted. A Chroma server
frozen with SIGSTOP must give a clear error naming it within the timeout, while answers still flow.
"""

from __future__ import annotations

import io
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from assistant import corpus, ooxml
from assistant.corpus import load_document, load_pptx
from assistant.errors import InputError, LoaderError, StoreUnavailable
from assistant.profile_io import check_sane, load_profile, parse_profile
from assistant.types import Profile
from conftest import CALL_DIR, TODAY
from evals import hostile
from evals.hostile import (
    MEMORY_LIMIT_MB,
    TIME_LIMIT_S,
    base_deck,
    clean_env,
    inflating_slide_deck,
    long_slide_deck,
    lying_member_deck,
    measure,
    rewrite_zip,
    undeclared_macro_deck,
)

DOCX_DOSSIER = CALL_DIR / "dossiers" / "exemple-horaires-decales-femmes-wingles.docx"


# --------------------------------------------------------------------------- archives: what is inflated, not declared

def test_slide_xml_inflating_to_200_mb_is_refused_before_python_pptx_reads_it():
    deck = inflating_slide_deck(200)
    assert len(deck) < 1024 * 1024, "small on disk"
    t0 = time.perf_counter()
    with pytest.raises(LoaderError, match=r"^bombe\.pptx : .*démesurée .*ppt/slides/slide1\.xml"):
        load_pptx(deck, "bombe.pptx", name="bombe.pptx")
    assert time.perf_counter() - t0 < TIME_LIMIT_S / 2


def test_bzip2_member_lying_about_its_size_is_refused_without_inflating_it():
    deck = lying_member_deck(16, zipfile.ZIP_BZIP2)
    info = zipfile.ZipFile(io.BytesIO(deck)).getinfo("ppt/media/image9.bin")
    assert info.file_size == 1024 and info.compress_type == zipfile.ZIP_BZIP2  # it lies: 16 MB inside
    with pytest.raises(LoaderError, match=r"^bzip2\.pptx : méthode de compression non standard"):
        load_pptx(deck, "bzip2.pptx", name="bzip2.pptx")


def test_deflate_member_lying_about_its_size_is_stopped_by_the_ratio_limit():
    deck = lying_member_deck(64, zipfile.ZIP_DEFLATED)
    assert len(deck) < 1024 * 1024
    with pytest.raises(LoaderError, match=r"taux de compression anormal"):
        load_pptx(deck, "deflate.pptx", name="deflate.pptx")


def test_member_larger_than_declared_at_an_ordinary_ratio_is_refused_as_corrupt(tmp_path):
    member = "ppt/media/photo.bin"
    noise = os.urandom(2 * 1024 * 1024)
    data = rewrite_zip(base_deck(), add={member: noise})
    data = hostile._patch_sizes(data, member, 1024, 0)
    path = tmp_path / "menteur.pptx"
    path.write_bytes(data)
    with pytest.raises(LoaderError, match=r"^menteur\.pptx : archive \.pptx corrompue.*taille déclarée 1024"):
        load_document(path)


@pytest.mark.parametrize("kind, member", [("pptx", "ppt/vbaProject.bin"), ("docx", "word/vbaProject.bin")])
def test_undeclared_macro_project_is_refused(tmp_path, kind, member):
    good = base_deck() if kind == "pptx" else DOCX_DOSSIER.read_bytes()
    data = undeclared_macro_deck() if kind == "pptx" else rewrite_zip(good, add={member: b"\xd0\xcf\x11\xe0" + b"\0" * 512})
    assert b"vbaProject" not in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    path = tmp_path / f"macro.{kind}"
    path.write_bytes(data)
    with pytest.raises(LoaderError, match=rf"^macro\.{kind} : .*macros"):
        load_document(path)


def test_xml_part_disguised_by_its_extension_counts_as_xml(monkeypatch):
    """python-pptx parses a part by its declared content type: a `.bin` declared as a slide is XML to the budget."""
    deck = base_deck()
    ct = zipfile.ZipFile(io.BytesIO(deck)).read("[Content_Types].xml").decode()
    override = ('<Override PartName="/ppt/slides/cache.bin" '
                'ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>')
    ct = ct.replace("</Types>", override + "</Types>")
    payload = os.urandom(96 * 1024).hex().encode()  # 192 KB, an ordinary ratio
    data = rewrite_zip(deck, {"[Content_Types].xml": ct.encode()}, add={"ppt/slides/cache.bin": payload})
    monkeypatch.setattr(ooxml, "MAX_XML_MEMBER", 128 * 1024)
    assert ooxml.MAX_ZIP_MEMBER > len(payload)  # as media it would pass
    with pytest.raises(LoaderError, match=r"partie XML .*ppt/slides/cache\.bin"):
        load_pptx(data, "x.pptx", name="x.pptx")


def test_all_xml_parts_together_have_a_budget(monkeypatch):
    monkeypatch.setattr(ooxml, "MAX_XML_TOTAL", 64 * 1024)
    with pytest.raises(LoaderError, match=r"^exemple-horaires-decales-femmes-wingles\.docx : archive démesurée .*de XML"):
        load_document(DOCX_DOSSIER)


def test_folder_named_like_a_deck_is_a_clear_loader_error(tmp_path):
    folder = tmp_path / "x.pptx"
    folder.mkdir()
    with pytest.raises(LoaderError, match=r"^x\.pptx : c'est un dossier"):
        load_document(folder)
    with pytest.raises(LoaderError, match=r"^x\.pptx : c'est un dossier"):
        ooxml.check_zip(folder, "x.pptx")


def test_python_pptx_reads_exactly_the_bytes_that_were_checked(tmp_path, monkeypatch):
    """The loader hands python-pptx the validated bytes, not the path (a file swapped after the check is not read)."""
    path = tmp_path / "dossier.pptx"
    path.write_bytes(base_deck("Texte vérifié"))
    real = ooxml.check_zip

    def check_then_swap(p, name, kind="pptx"):
        raw = real(p, name, kind)
        path.write_bytes(inflating_slide_deck(50))  # replaced between the check and the read
        return raw

    monkeypatch.setattr(corpus, "check_zip", check_then_swap)
    assert "Texte vérifié" in load_document(path).text


# --------------------------------------------------------------------------- text read per slide and per document

def test_text_per_slide_is_capped_and_the_cut_is_reported():
    doc = load_pptx(long_slide_deck(300_000), "long.pptx", name="long.pptx")
    assert doc.metadata["truncated"] is True and doc.metadata["truncated_slides"] == [1]
    body = doc.text[doc.sections[0].start:doc.sections[0].end]
    assert corpus.MAX_SLIDE_CHARS <= len(body) <= corpus.MAX_SLIDE_CHARS + 200
    assert body.split("\n")[1].startswith("Présentation de la structure")  # read from the start, in order


def test_ordinary_deck_is_not_truncated():
    doc = load_pptx(base_deck("Atelier à Lens"), "ok.pptx", name="ok.pptx")
    assert doc.metadata["truncated"] is False and doc.metadata["truncated_slides"] == []
    assert "Atelier à Lens" in doc.text


def test_slide_of_15_mb_of_runs_is_read_within_the_cap_in_seconds():
    deck = hostile.dense_xml_deck(1, 15)
    t0 = time.perf_counter()
    doc = load_pptx(deck, "dense.pptx", name="dense.pptx")
    assert time.perf_counter() - t0 < TIME_LIMIT_S / 2
    assert doc.metadata["truncated_slides"] == [1]
    assert len(doc.text) < corpus.MAX_SLIDE_CHARS + 500


def test_word_document_is_read_up_to_its_element_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_DOCUMENT_ELEMENTS", 10)
    doc = load_document(DOCX_DOSSIER)
    assert doc.metadata["truncated"] is True
    monkeypatch.setattr(corpus, "MAX_DOCUMENT_ELEMENTS", 50_000)
    whole = load_document(DOCX_DOSSIER)
    assert whole.metadata["truncated"] is False and whole.text.startswith(doc.text)


def test_review_of_a_bomb_through_the_facade_is_a_clear_error():
    from assistant import Assistant

    with pytest.raises(InputError, match="démesuré"):
        Assistant(as_of=TODAY).review_dossier(inflating_slide_deck(100))


# --------------------------------------------------------------------------- profiles: one validation for check and deck

@pytest.mark.parametrize("data, expected", [
    ({"project": {"duration_months": -3}}, "Durée invalide"),
    ({"project": {"start_date": "9999-01-01"}}, "9999"),
    ({"budget": {"requested_eur": -10}}, "Montant invalide"),
    ({"project": {"duration_months": float("nan")}}, "non finie"),
    ({"budget": {"requested_eur": float("inf")}}, "non finie"),
])
def test_check_and_deck_refuse_the_same_profiles_with_the_same_sentence(data, expected):
    from assistant import Assistant

    a = Assistant(as_of=TODAY)
    with pytest.raises(InputError, match=expected) as by_check:
        a.check(data)
    with pytest.raises(InputError, match=expected) as by_deck:
        a.draft_deck(data)
    assert str(by_check.value) == str(by_deck.value)


def test_profile_object_with_nan_is_refused_too():
    p = Profile.model_validate({"project": {"duration_months": 12}})
    p.project.duration_months = math.nan
    with pytest.raises(InputError, match="Durée invalide : nan mois"):
        check_sane(p)


def test_yaml_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    lines += ["project:", "  publics: *a8"]
    path = tmp_path / "rires.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^rires\.yaml : profil démesuré"):
        load_profile(path)


@pytest.mark.parametrize("text", ['{"project": {"duration_months": NaN}}', '{"budget": {"requested_eur": -Infinity}}'])
def test_json_non_finite_constants_are_refused(tmp_path, text):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"^p\.json : valeur -?\w+ refusée \(nombre non fini\)"):
        load_profile(path)


def test_deeply_nested_dict_is_refused_without_recursion():
    data: dict = {}
    cur = data
    for _ in range(50_000):
        cur["x"] = {}
        cur = cur["x"]
    with pytest.raises(InputError, match="trop imbriqué"):
        parse_profile({"project": {"title": "x"}, "structure": data})


# --------------------------------------------------------------------------- gibberish stays "incomplete", in French

@pytest.mark.parametrize("text", ["qsdf lkjh zert poiu wxcv mlkj azer tyui ghjk", "asdf a qwer zxcv hjkl uiop vbnm rtyu",
                                  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."])
def test_gibberish_is_incomplete_with_french_questions(text):
    from assistant import Assistant

    e = Assistant(as_of=TODAY).check_text(text)
    assert e.verdict == "incomplete"
    assert {c.status for c in e.criteria} == {"unknown"}
    assert e.questions and all(q.startswith(("Quel", "En quoi", "Dans quelles", "À quelle", "Combien")) for q in e.questions)


def test_an_english_description_still_gets_english_questions():
    from assistant import Assistant

    e = Assistant(as_of=TODAY).check_text("We are an association helping young people find jobs.")
    assert e.questions and all(not q.startswith(("Quel", "Dans", "Combien")) for q in e.questions)


# --------------------------------------------------------------------------- the command line, one process per case

@pytest.mark.parametrize("case", hostile.cases(), ids=lambda c: c.id)
def test_hostile_command_line_cases(tmp_path, case):
    r = hostile.run_case(case, tmp_path)
    assert not r.timed_out, f"{case.id}: killed after {r.seconds:.0f} s"
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert r.returncode in case.exit, (r.returncode, r.stderr[-1000:])
    assert r.seconds <= TIME_LIMIT_S, f"{case.id}: {r.seconds:.1f} s"
    assert r.peak_mb <= MEMORY_LIMIT_MB, f"{case.id}: {r.peak_mb:.0f} MB"
    if r.returncode == 2:
        assert len(r.stderr_lines) == 1 and r.stderr_lines[0].startswith("ami"), r.stderr
        assert case.says in r.stderr_lines[0]
    else:
        assert r.stderr_lines == [], r.stderr  # no progress bar, no warning
    if case.id == "hash-password-stdin":
        from assistant.answerbank import verify_password

        assert verify_password("s3cret", r.stdout.strip())
    if case.id == "check-text-gibberish":
        assert r.stdout.startswith("Verdict : incomplet") and "Quelle structure porte le projet" in r.stdout


def test_usage_errors_are_one_line(tmp_path):
    r = measure(hostile.ami_argv("deck"), clean_env(tmp_path))
    assert r.returncode == 2 and len(r.stderr_lines) == 1 and "--help" in r.stderr_lines[0]


def test_unexpected_errors_are_one_line_exit_1_and_the_traceback_only_with_verbose(monkeypatch, capsys, caplog):
    import logging

    from assistant import cli

    def boom(args):
        raise RuntimeError("panne imprévue\nsur deux lignes")

    monkeypatch.setitem(cli.COMMANDS, "check", boom)
    package_logger = logging.getLogger("assistant")
    level = package_logger.level
    try:
        assert cli.main(["check", "--text", "x"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "panne imprévue sur deux lignes" in err and "Traceback" not in err
        assert not [r for r in caplog.records if r.exc_info]
        assert cli.main(["-v", "check", "--text", "x"]) == 1
        assert [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]  # the traceback, at debug level
    finally:
        package_logger.setLevel(level)


def test_jsonl_line_that_is_not_utf8_is_named(tmp_path):
    r = measure(hostile.ami_argv("ask", "--jsonl"), clean_env(tmp_path), stdin="Quelle est la date limite ?\n\xff\n".encode("latin-1"))
    assert r.returncode == 2 and r.stderr_lines == [r.stderr_lines[0]] and "Ligne 2" in r.stderr_lines[0]
    assert json.loads(r.stdout.splitlines()[0])["kind"] == "answer"


# --------------------------------------------------------------------------- a frozen Chroma server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_frozen_chroma_server_gives_a_clear_error_in_bounded_time_and_answers_still_flow(tmp_path, embeddings):
    from assistant import Assistant
    from assistant.config import Settings

    chroma = Path(sys.executable).parent / "chroma"
    assert chroma.exists(), "the chromadb package ships the `chroma` command"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    home = tmp_path / "home"
    env = clean_env(home, AMI_CHROMA_URL=url, AMI_STORE_TIMEOUT_S="5")
    try:
        import httpx

        deadline = time.time() + 90
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                pytest.fail("chroma run did not start")
            time.sleep(0.5)
        built = measure(hostile.ami_argv("index"), env, timeout=600)
        assert built.returncode == 0, built.stderr
        assert built.stderr_lines == [], "model loading prints nothing on stderr: " + built.stderr[-500:]
        a = Assistant(settings=Settings(home=home, chroma_url=url, store_timeout_s=3, as_of=TODAY), embeddings=embeddings)
        assert any("17 avril 2024" in h.text for h in a.search("date limite de candidature", k=3))

        os.kill(proc.pid, signal.SIGSTOP)
        t0 = time.perf_counter()
        with pytest.raises(StoreUnavailable) as err:
            a.search("date limite de candidature", k=3)
        assert time.perf_counter() - t0 < 30
        assert url in str(err.value) and "pas de réponse en 3 s" in str(err.value)

        frozen = measure(hostile.ami_argv("index"), env)
        assert frozen.returncode == 2 and len(frozen.stderr_lines) == 1, frozen.stderr
        assert url in frozen.stderr and "pas de réponse" in frozen.stderr and "Traceback" not in frozen.stderr
        assert frozen.seconds <= TIME_LIMIT_S

        asked = measure(hostile.ami_argv("ask", "Quelle est la date limite de candidature ?"), env)
        assert asked.returncode == 0 and "17 avril 2024" in asked.stdout, asked.stderr
        assert a.ask("Quelle est la date limite de candidature ?").kind == "answer"
    finally:
        try:
            os.kill(proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
