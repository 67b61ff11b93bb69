"""Shared storage on SQLite and PostgreSQL: migrations, the answer bank's validation states and versions, matching by
meaning, conflicts, feedback and chat histories. Each test runs once per database (a real PostgreSQL server)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from assistant.answerbank import AnswerBank
from assistant.db import SCHEMA_VERSION, Database, get_database
from assistant.errors import ConflictError, InputError
from assistant.types import Citation

from servers import database_url, postgres_server  # noqa: F401  (fixtures)

CALL = "ami-test"
CIT = Citation(source=f"{CALL}/call.md", locator="Calendrier", quote="au plus tard le 17 avril 2024")


def test_migrations_run_once_and_are_recorded(database_url):
    db = Database(database_url)
    assert db.current_version() == 0
    assert db.migrate() == SCHEMA_VERSION
    assert db.current_version() == SCHEMA_VERSION
    again = Database(database_url)  # another process starting later
    assert again.migrate() == SCHEMA_VERSION
    with again.read() as conn:
        versions = [r[0] for r in conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert db.integrity_check() == "ok"


def test_an_answer_bank_file_of_an_earlier_version_is_migrated_without_loss(tmp_path):
    path = tmp_path / "answerbank.sqlite3"
    with sqlite3.connect(path) as con:  # the schema earlier versions created by hand
        con.executescript(
            "CREATE TABLE entries (id INTEGER PRIMARY KEY AUTOINCREMENT, call_id TEXT NOT NULL, question TEXT NOT NULL,"
            " answer TEXT NOT NULL, citations TEXT NOT NULL DEFAULT '[]', author TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft',"
            " version INTEGER NOT NULL DEFAULT 1, approved_by TEXT, approved_at TEXT);"
        )
        con.execute("INSERT INTO entries (call_id, question, answer, citations, author, created_at, updated_at, status,"
                    " version, approved_by, approved_at) VALUES (?, ?, ?, ?, 'Alice', '2024-03-01', '2024-03-02',"
                    " 'approved', 3, 'Bruno', '2024-03-02')",
                    (CALL, "Quelle est la date limite ?", "Le 17 avril 2024.", json.dumps([CIT.model_dump()])))
    bank = AnswerBank(path, call_id=CALL)
    [entry] = bank.list()
    assert (entry.question, entry.status, entry.version, entry.approved_by) == ("Quelle est la date limite ?", "approved", 3, "Bruno")
    assert entry.citations == [CIT]
    assert [(v.version, v.change) for v in bank.history(entry.id)] == [(3, "migrated")]
    assert bank.find_approved("quelle est la date limite ?").id == entry.id


def test_editing_an_approved_answer_sends_it_back_to_draft_until_a_named_person_approves_it(database_url):
    bank = AnswerBank(database_url, call_id=CALL)
    e = bank.add_draft("Quelle est la date limite de dépôt des candidatures ?", "Le 17 avril 2024 [1].", [CIT], "Alice")
    assert bank.find_approved("Quelle est la date limite de dépôt des candidatures ?") is None  # a draft is never served
    approved = bank.approve(e.id, e.version, "Bruno")
    served = bank.find_approved("quelle est la date limite de dépôt des candidatures")
    assert served.id == e.id and served.answer == "Le 17 avril 2024 [1]." and served.approved_by == "Bruno"

    edited = bank.update(e.id, approved.version, answer="Le 18 avril 2024 [1].", author="Chloé")
    assert (edited.status, edited.approved_by, edited.approved_at) == ("draft", None, None)
    assert bank.find_approved("Quelle est la date limite de dépôt des candidatures ?") is None  # unreviewed text: not served

    with pytest.raises(InputError):
        bank.approve(e.id, edited.version, "  ")
    with pytest.raises(InputError):
        bank.update(e.id, edited.version, status="approved")
    with pytest.raises(InputError):
        bank.update(e.id, edited.version, approved_by="Chloé")
    again = bank.approve(e.id, edited.version, "Denis")
    served = bank.find_approved("Quelle est la date limite de dépôt des candidatures ?")
    assert (served.answer, served.approved_by, served.version) == ("Le 18 avril 2024 [1].", "Denis", again.version)

    history = bank.history(e.id)
    assert [(v.version, v.change, v.status) for v in history] == [
        (1, "created", "draft"), (2, "approved", "approved"), (3, "edited", "draft"), (4, "approved", "approved")]
    assert [v.answer for v in history] == ["Le 17 avril 2024 [1]."] * 2 + ["Le 18 avril 2024 [1]."] * 2
    assert history[1].approved_by == "Bruno" and history[2].changed_by == "Chloé" and history[3].approved_by == "Denis"
    assert history[0].citations == [CIT]

    # a change that alters nothing served (the author's name) keeps the approval
    renamed = bank.update(e.id, again.version, author="Denis")
    assert renamed.status == "approved" and renamed.approved_by == "Denis"
    retired = bank.retire(e.id, renamed.version, "Denis")
    assert retired.status == "retired" and bank.find_approved("Quelle est la date limite de dépôt des candidatures ?") is None
    assert bank.history(e.id)[-1].change == "retired"


def test_history_and_entries_belong_to_their_call(database_url):
    a, b = AnswerBank(database_url, call_id="call-a"), AnswerBank(database_url, call_id="call-b")
    e = a.add_draft("Question A ?", "Réponse A", author="Alice")
    a.approve(e.id, e.version, "Alice")
    assert b.list() == [] and b.find_approved("Question A ?") is None
    with pytest.raises(InputError):
        b.get(e.id)
    with pytest.raises(InputError):
        b.history(e.id)
    with pytest.raises(InputError):
        b.update(e.id, 2, answer="détournée")
    assert a.get(e.id).answer == "Réponse A"


def test_concurrent_edits_conflict_cleanly(database_url):
    first, second = AnswerBank(Database(database_url), CALL), AnswerBank(Database(database_url), CALL)
    e = first.add_draft("Peut-on démarrer en 2025 ?", "Brouillon", [CIT], author="Alice")
    seen_by_second = second.get(e.id)
    first.approve(e.id, e.version, "Alice")
    with pytest.raises(ConflictError) as err:
        second.approve(e.id, seen_by_second.version, "Bruno")
    assert "modifiée par quelqu'un d'autre" in str(err.value)
    with pytest.raises(ConflictError):
        second.update(e.id, seen_by_second.version, answer="Réponse de Bruno")
    final = second.get(e.id)
    assert (final.status, final.approved_by, final.answer) == ("approved", "Alice", "Brouillon")
    assert [v.change for v in first.history(e.id)] == ["created", "approved"]


def test_export_import_round_trip_keeps_ids_and_new_entries_follow(database_url, tmp_path):
    bank = AnswerBank(database_url, call_id=CALL)
    a = bank.add_draft("Quelle est la date limite ?", "Le 17 avril 2024 [1].", [CIT], "Alice")
    bank.approve(a.id, a.version, "Bruno")
    bank.add_draft("Combien de projets seront retenus ?", "Entre 3 et 5 projets.", [], "Chloé")
    exported = bank.export_csv()
    other = AnswerBank(tmp_path / "other.sqlite3", call_id=CALL)
    assert other.import_csv(exported) == 2 and other.export_csv() == exported
    assert bank.import_csv(exported) == 2 and bank.export_csv() == exported  # re-import into the same database
    assert bank.add_draft("Nouvelle question ?", "Nouvelle réponse").id > max(e.id for e in bank.list()[1:])


def test_find_approved_reuses_a_reworded_question_and_says_which(database_url, embeddings):
    bank = AnswerBank(database_url, call_id=CALL, embeddings=embeddings)
    deadline = bank.add_draft("Quelle est la date limite de dépôt des candidatures ?", "Le 17 avril 2024 [1].", [CIT], "Alice")
    bank.approve(deadline.id, deadline.version, "Alice")
    assoc = bank.add_draft("Les associations peuvent-elles candidater ?", "Oui [1].", [CIT], "Alice")
    bank.approve(assoc.id, assoc.version, "Alice")
    start = bank.add_draft("Le projet peut-il démarrer en 2025 ?", "Non [1].", [CIT], "Alice")
    bank.approve(start.id, start.version, "Alice")

    for asked, expected in [
        ("quelle est la date limte pour déposer une candidature?", deadline.id),  # typos
        ("DATE LIMITE DE DEPOT DES CANDIDATURES", deadline.id),
        ("Une assocation peut-elle candidatter ?", assoc.id),
        ("Le projet peut-il commencer en 2025 ?", start.id),  # another verb, same meaning
    ]:
        found = bank.find_approved(asked)
        assert found is not None and found.id == expected, asked
        assert found.question == bank.get(expected).question and 0 < found.match_score <= 1
    for different in [
        "Quelle est la date limite de démarrage du projet ?",
        "Quelle est la date limite de dépôt des annexes ?",
        "Les entreprises peuvent-elles candidater ?",
        "Les associations ne peuvent pas candidater ?",
        "Une association peut-elle déposer plusieurs projets ?",
        "Le projet peut-il démarrer en 2024 ?",
        "Quel est le montant maximum par projet ?",
    ]:
        assert bank.find_approved(different) is None, different


def test_a_second_instance_sees_an_approval_at_its_next_question(database_url):
    one, two = AnswerBank(Database(database_url), CALL), AnswerBank(Database(database_url), CALL)
    assert two.find_approved("Combien de projets seront retenus ?") is None  # builds two's match index
    e = one.add_draft("Combien de projets seront retenus ?", "Entre 3 et 5 [1].", [CIT], "Alice")
    assert two.find_approved("Combien de projets seront retenus ?") is None
    one.approve(e.id, e.version, "Alice")
    assert two.find_approved("combien de projets seront retenus").answer == "Entre 3 et 5 [1]."
    one.update(e.id, e.version + 1, answer="Entre 3 et 6 [1].")
    assert two.find_approved("Combien de projets seront retenus ?") is None


def test_feedback_and_chat_histories_are_kept_per_call_and_session(database_url):
    db = get_database(database_url)
    db.add_feedback(CALL, {"question": "Date limite ?", "rating": 1, "comment": "clair"})
    db.add_feedback("autre-appel", {"question": "x", "rating": 0})
    [fb] = db.list_feedback(CALL)
    assert fb["rating"] == 1 and fb["comment"] == "clair" and fb["at"]

    messages = [{"role": "user", "content": "Date limite ?"}, {"role": "assistant", "content": "Le 17 avril 2024."}]
    assert db.load_history(CALL, "s1") == []
    db.save_history(CALL, "s1", messages)
    db.save_history(CALL, "s1", messages + [{"role": "user", "content": "Et ensuite ?"}])
    db.save_history("autre-appel", "s1", [{"role": "user", "content": "autre"}])
    assert db.load_history(CALL, "s1")[-1]["content"] == "Et ensuite ?" and len(db.load_history(CALL, "s1")) == 3
    assert db.load_history(CALL, "s2") == []
    db.clear_history(CALL, "s1")
    assert db.load_history(CALL, "s1") == [] and db.load_history("autre-appel", "s1")[0]["content"] == "autre"


def test_conversations_of_the_app_are_kept_per_call_and_browser_session(database_url):
    from assistant.conversations import Conversations, new_session_id

    db = get_database(database_url)
    mine, other = Conversations(db, CALL), Conversations(db, "autre-appel")
    sid = new_session_id()
    turns = [{"role": "user", "content": "Date limite ?"}, {"role": "assistant", "content": "Le 17 avril 2024."},
             {"role": "system", "content": "pas une réplique"}]
    mine.save(sid, turns)
    assert [m["content"] for m in Conversations(get_database(database_url), CALL).load(sid)] == [
        "Date limite ?", "Le 17 avril 2024."]  # another process on the same database reads it back
    assert other.load(sid) == [] and mine.load(new_session_id()) == []
    assert mine.load("../../etc/passwd") == []
    with pytest.raises(InputError):
        mine.save("../x", turns)
    mine.save(sid, [{"role": "user", "content": f"q{i}"} for i in range(250)])
    kept = mine.load(sid)
    assert len(kept) == 200 and kept[-1]["content"] == "q249"  # the last 200 turns
    mine.clear(sid)
    assert mine.load(sid) == []

    mine.add_feedback({"rating": "down", "comment": "Pas assez précis", "question": "Date limite ?"})
    [fb] = mine.feedback()
    assert (fb["rating"], fb["comment"]) == ("down", "Pas assez précis") and fb["at"] and other.feedback() == []


def test_feedback_and_chats_of_an_earlier_version_are_imported_once_and_left_in_place(database_url, tmp_path):
    from assistant import conversations
    from assistant.conversations import Conversations, new_session_id

    home = tmp_path / "old-home"
    sid = new_session_id()
    (home / "chats" / CALL).mkdir(parents=True)
    chat_file = home / "chats" / CALL / f"{sid}.json"
    chat_file.write_text(json.dumps({"messages": [{"role": "user", "content": "Qui peut candidater ?"},
                                                  {"role": "assistant", "content": "Les associations."}]}),
                         encoding="utf-8")
    (home / "chats" / CALL / "pas-un-id.json").write_text("{}", encoding="utf-8")
    fb_file = home / "feedback.jsonl"
    fb_file.write_text(
        json.dumps({"at": "2024-03-01T10:00:00+00:00", "rating": "up", "comment": "", "question": "Date limite ?"})
        + "\n{ligne abîmée\n"
        + json.dumps({"at": "2024-03-02T10:00:00+00:00", "rating": "down", "comment": "flou", "question": "Budget ?"})
        + "\n", encoding="utf-8")
    before = (fb_file.read_bytes(), chat_file.read_bytes())

    db = get_database(database_url)
    first = Conversations(db, CALL, legacy_home=home)
    assert [m["content"] for m in first.load(sid)] == ["Qui peut candidater ?", "Les associations."]
    records = first.feedback()
    assert [(r["at"], r["rating"], r["question"]) for r in records] == [
        ("2024-03-01T10:00:00+00:00", "up", "Date limite ?"), ("2024-03-02T10:00:00+00:00", "down", "Budget ?")]
    assert all(r["imported_from"] == "feedback.jsonl" for r in records)
    assert (fb_file.read_bytes(), chat_file.read_bytes()) == before  # the old files stay as they were

    first.save(sid, [{"role": "user", "content": "Nouvelle conversation"}])
    conversations._IMPORTED.clear()  # as a process starting later would
    again = Conversations(Database(database_url), CALL, legacy_home=home)
    assert [m["content"] for m in again.load(sid)] == ["Nouvelle conversation"]  # not overwritten by the old file
    assert len(again.feedback()) == 2  # not imported twice
    assert conversations.import_legacy_files(db, home, CALL) == {"feedback": 0, "chat": 0}


def test_a_bad_database_url_gives_one_clear_line():
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError) as err:
        Database("pas une url")
    assert "AMI_DATABASE_URL" in str(err.value)
    with pytest.raises(AssistantError) as err:
        Database("postgresql+psycopg://ami@127.0.0.1:1/nulle", timeout_s=2).migrate()
    assert "127.0.0.1:1" in str(err.value) and "\n" not in str(err.value)
