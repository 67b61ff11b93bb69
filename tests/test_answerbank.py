"""The dialogue team's answer bank: CRUD, optimistic locking, crash safety, export/import, same-question matching."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from assistant.answerbank import AnswerBank, hash_password, question_similarity, verify_password
from assistant.errors import ConflictError, InputError
from assistant.types import Citation

CALL = "ami-test"
CIT = Citation(source=f"{CALL}/call.md", locator="Calendrier", quote="au plus tard le 17 avril 2024")


@pytest.fixture
def bank(tmp_path) -> AnswerBank:
    return AnswerBank(tmp_path / "bank.sqlite3", call_id=CALL)


def test_crud_and_statuses(bank):
    e = bank.add_draft("Quelle est la date limite ?", "Le **17 avril 2024** [1].", [CIT], author="Alice")
    assert (e.status, e.version, e.author) == ("draft", 1, "Alice")
    assert e.citations == [CIT]
    assert bank.get(e.id).answer == "Le **17 avril 2024** [1]."

    e2 = bank.update(e.id, e.version, answer="Le 17 avril 2024, à minuit [1].")
    assert e2.version == 2 and e2.answer.startswith("Le 17 avril 2024, à minuit")
    approved = bank.approve(e.id, e2.version, author="Bruno")
    assert (approved.status, approved.approved_by, approved.version) == ("approved", "Bruno", 3)
    assert [x.id for x in bank.list(status="approved")] == [e.id]
    assert bank.list(status="draft") == []

    retired = bank.retire(e.id, approved.version, author="Bruno")
    assert retired.status == "retired"
    assert bank.find_approved("Quelle est la date limite ?") is None

    with pytest.raises(InputError):
        bank.add_draft("   ", "réponse")
    with pytest.raises(InputError):
        bank.get(9999)
    with pytest.raises(InputError):
        bank.approve(e.id, retired.version, author="  ")


def test_entries_are_per_call(tmp_path):
    a = AnswerBank(tmp_path / "b.sqlite3", call_id="call-a")
    b = AnswerBank(tmp_path / "b.sqlite3", call_id="call-b")
    a.add_draft("Question A ?", "Réponse A")
    assert b.list() == [] and len(a.list()) == 1


def test_version_conflict_keeps_the_first_change(tmp_path):
    path = tmp_path / "bank.sqlite3"
    first_session, second_session = AnswerBank(path, CALL), AnswerBank(path, CALL)
    e = first_session.add_draft("Peut-on démarrer en 2025 ?", "Brouillon", [CIT], author="Alice")

    seen_by_first = first_session.get(e.id)
    seen_by_second = second_session.get(e.id)
    first_session.update(seen_by_first.id, seen_by_first.version, answer="Réponse d'Alice")
    with pytest.raises(ConflictError) as err:
        second_session.update(seen_by_second.id, seen_by_second.version, answer="Réponse de Bruno")
    assert "modifiée par quelqu'un d'autre" in str(err.value)
    assert first_session.get(e.id).answer == "Réponse d'Alice"
    with pytest.raises(ConflictError):
        second_session.approve(e.id, seen_by_second.version, author="Bruno")
    assert second_session.get(e.id).status == "draft"


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.answerbank import AnswerBank
    bank = AnswerBank(Path(sys.argv[1]), call_id="ami-test")
    i = 0
    while True:
        e = bank.add_draft(f"Question numéro {i} ?", "Réponse " + "x" * 2000, author="writer")
        if i % 3 == 0:
            bank.update(e.id, e.version, answer=f"Réponse modifiée {i}")
        print(i, flush=True)
        i += 1
    """
)


def test_kill_9_mid_write_loses_nothing_committed(tmp_path):
    path = tmp_path / "bank.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    committed: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(committed) < 40 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed.append(int(line))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) >= 40, "the writer did not get going"

    bank = AnswerBank(path, call_id=CALL)
    assert bank.integrity_check() == "ok"
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    questions = {e.question: e for e in bank.list()}
    for i in committed:
        entry = questions[f"Question numéro {i} ?"]
        if i % 3 == 0:
            assert entry.answer == f"Réponse modifiée {i}" and entry.version == 2
    # the bank is still writable after the crash
    assert bank.add_draft("Après le crash ?", "Oui").id > 0


def test_export_then_import_gives_the_same_bank(tmp_path, bank):
    a = bank.add_draft("Quelle est la date limite ?", "Le 17 avril 2024 [1].\n\n- avec\n- une liste, et \"guillemets\"", [CIT], "Alice")
    bank.approve(a.id, a.version, "Bruno")
    b = bank.add_draft("Combien de projets seront retenus ?", "Entre 3 et 5 projets.", [], "Chloé")
    c = bank.add_draft("Ancienne question ?", "Ancienne réponse", [CIT], "Alice")
    bank.retire(c.id, c.version)

    exported = bank.export_csv()
    other = AnswerBank(tmp_path / "other.sqlite3", call_id=CALL)
    assert other.import_csv(exported) == 3
    assert other.list() == bank.list()
    assert other.export_csv() == exported
    assert [e.id for e in other.list(status="draft")] == [b.id]

    faq = bank.export_markdown()
    assert "## Quelle est la date limite ?" in faq
    assert "« au plus tard le 17 avril 2024 »" in faq
    assert "Combien de projets" not in faq and "Ancienne question" not in faq  # drafts and retired are not published

    with pytest.raises(InputError):
        other.import_csv("colonne\nvaleur\n")


def test_find_approved_matches_the_same_question_only(bank):
    e = bank.add_draft("Quelle est la date limite de dépôt des candidatures ?", "Le 17 avril 2024 [1].", [CIT], "Alice")
    bank.approve(e.id, e.version, "Alice")
    d = bank.add_draft("Les associations peuvent-elles candidater ?", "Oui [1].", [CIT], "Alice")
    bank.approve(d.id, d.version, "Alice")

    found = bank.find_approved("quelle est la date limte pour déposer une candidature?")
    assert found is not None and found.id == e.id and found.citations == [CIT]
    assert bank.find_approved("DATE LIMITE DE DEPOT DES CANDIDATURES") .id == e.id
    assert bank.find_approved("Une assocation peut-elle candidatter ?").id == d.id

    for different in [
        "Quelle est la date limite de démarrage du projet ?",
        "Quelle est la date limite de dépôt des annexes ?",
        "Les entreprises peuvent-elles candidater ?",
        "Les associations ne peuvent pas candidater ?",
        "Une association peut-elle déposer plusieurs projets ?",
        "Quel est le montant maximum par projet ?",
        "",
    ]:
        assert bank.find_approved(different) is None, different

    near = bank.near_duplicates("Quelle est la date limite de dépôt des annexes ?")
    assert near and near[0][0].id == e.id and 0.5 <= near[0][1] < 0.8
    assert question_similarity("a b", "c d") == 0.0


def test_a_large_bank_finds_the_same_question_among_its_keyword_candidates(bank):
    """Over CANDIDATES approved questions, only the best by keywords (BM25, built on first need) are scored: the
    reworded, misspelt question still finds its entry, and a different question none."""
    from assistant.bankmatch import CANDIDATES

    topics = ["le budget", "la durée", "le territoire", "les partenaires", "les indicateurs", "le calendrier",
              "les annexes", "la gouvernance", "le cofinancement", "les publics"]
    verbs = ["Comment présenter", "Où décrire", "Faut-il détailler", "Peut-on modifier"]
    ids = {}
    for verb in verbs:
        for topic in topics:
            e = bank.add_draft(f"{verb} {topic} du projet ?", "Réponse [1].", [CIT], "Alice")
            bank.approve(e.id, e.version, "Alice")
            ids[(verb, topic)] = e.id
    assert len(ids) > CANDIDATES
    found = bank.find_approved("où décrire la gouvernance du projet")
    assert found is not None and found.id == ids[("Où décrire", "la gouvernance")]
    assert bank.find_approved("faut il detailer les indicateurs du projet ?").id == ids[("Faut-il détailler", "les indicateurs")]
    assert bank.find_approved("Quel est le montant maximum par projet ?") is None


def test_password_hash_round_trip():
    stored = hash_password("s3cret-équipe", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret-équipe", stored)
    assert not verify_password("s3cret-equipe", stored)
    assert not verify_password("", stored)
    assert not verify_password("x", "not-a-hash")
    assert not verify_password("x", None)
    assert hash_password("x", iterations=1000) != hash_password("x", iterations=1000)  # salted


def test_an_asked_question_is_embedded_once_and_only_when_an_approved_one_resembles_it(tmp_path, embeddings):
    class Counting:
        """The real model, counting the questions it embeds."""

        model = "counting"

        def __init__(self) -> None:
            self.queries: list[str] = []

        def embed_query(self, text: str) -> list[float]:
            self.queries.append(text)
            return embeddings.embed_query(text)

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embeddings.embed_documents(texts)

    counting = Counting()
    bank = AnswerBank(tmp_path / "bank.sqlite3", call_id=CALL, embeddings=counting)
    e = bank.add_draft("Quelle est la date limite de dépôt des candidatures ?", "Le 17 avril 2024 [1].", [CIT], "Alice")
    bank.approve(e.id, e.version, "Bruno")
    asked = ["Quelle est la date limite d'envoi des candidatures ?",
             "quelle est la date limite  d'envoi des CANDIDATURES ?"]
    served = [bank.find_approved(q) for q in asked * 3]
    assert all(s is not None and s.id == e.id for s in served)  # a rewording is recognised...
    assert counting.queries == [asked[0]]  # ...and embedded once, whatever its case and spacing
    assert bank.find_approved("Combien de projets seront retenus en 2025 ?") is None
    assert bank.find_approved("Quelle est la date limite pour déposer sa candidature ?").id == e.id
    assert counting.queries == [asked[0]]  # other numbers: never the same; the same words: no need of the meaning
