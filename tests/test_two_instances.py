"""Two app instances (two processes, each its own `Assistant` and AMI_HOME) sharing one PostgreSQL and one Chroma
server: an approval through one is served by the other at the next question; concurrent approvals conflict cleanly;
a process killed mid-write loses nothing committed; indexing from both at once stores each vector once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answerbank import AnswerBank

from conftest import CALL_ID, REPO, TODAY
from servers import chroma_server, postgres_server  # noqa: F401  (fixtures)

WORKER = Path(__file__).with_name("instance_worker.py")


class Instance:
    """A worker process and its JSON line protocol."""

    def __init__(self, home: Path, db_url: str, chroma_url: str) -> None:
        env = dict(os.environ, AMI_HOME=str(home), AMI_DATABASE_URL=db_url, AMI_CHROMA_URL=chroma_url,
                   AMI_AS_OF=TODAY.isoformat(), AMI_TORCH_THREADS="1", PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def read(self, timeout_s: float = 300) -> dict:
        deadline = time.monotonic() + timeout_s
        line = self.proc.stdout.readline()
        if not line or time.monotonic() > deadline:
            pytest.fail(f"instance stopped (exit {self.proc.poll()})")
        return json.loads(line)

    def call(self, **cmd) -> dict:
        self.send(**cmd)
        return self.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture
def two_instances(tmp_path, postgres_server, chroma_server):
    url = postgres_server.new_database()
    one = Instance(tmp_path / "home-1", url, chroma_server.url)
    two = Instance(tmp_path / "home-2", url, chroma_server.url)
    try:
        assert one.read()["ready"] and two.read()["ready"]
        yield one, two, url
    finally:
        one.close()
        two.close()


def test_two_instances_share_the_bank_and_the_index(two_instances):
    one, two, url = two_instances

    # indexing from both at once: every chunk stored once, one record each
    one.send(op="index")
    two.send(op="index")
    first, second = one.read(), two.read()
    assert first["ok"] and second["ok"], (first, second)
    counts = one.call(op="count")["result"]
    assert counts["chunks"] > 10 and counts["vectors"] == counts["chunks"] == counts["records"]
    assert two.call(op="count")["result"] == counts

    # an answer approved through one instance is served by the other at its next question
    question = "Peut-on présenter le projet à l'oral devant le jury ?"
    before = two.call(op="ask", question=question)["result"]
    assert before["origin"] != "answerbank"
    entry = one.call(op="add", question=question, answer="Non : l'appel prévoit un envoi du dossier par courriel.",
                     author="Alice")["result"]
    assert two.call(op="ask", question=question)["result"]["origin"] != "answerbank"  # a draft is not served
    approved = one.call(op="approve", id=entry["id"], version=entry["version"], author="Alice")
    assert approved["ok"]
    served = two.call(op="ask", question="peut on presenter le projet a l'oral devant le jury")["result"]
    assert served["origin"] == "answerbank" and "envoi du dossier par courriel" in served["answer"]

    # concurrent approvals of the same version: one wins, the other gets a clean conflict
    draft = two.call(op="add", question="Faut-il un devis pour chaque dépense ?", answer="Oui.", author="Bruno")["result"]
    one.send(op="approve", id=draft["id"], version=draft["version"], author="Alice")
    two.send(op="approve", id=draft["id"], version=draft["version"], author="Bruno")
    results = [one.read(), two.read()]
    assert sorted(r["ok"] for r in results) == [False, True]
    loser = next(r for r in results if not r["ok"])
    assert loser.get("conflict") and "modifiée par quelqu'un d'autre" in loser["error"]
    winner = next(r for r in results if r["ok"])["result"]["approved_by"]
    bank = AnswerBank(url, call_id=CALL_ID)
    assert bank.get(draft["id"]).approved_by == winner
    assert [v.change for v in bank.history(draft["id"])] == ["created", "approved"]


def test_killing_an_instance_mid_write_loses_nothing_committed(two_instances):
    one, two, url = two_instances
    one.send(op="write_loop")
    committed = []
    deadline = time.monotonic() + 120
    while len(committed) < 30 and time.monotonic() < deadline:
        committed.append(one.read())
    one.proc.send_signal(signal.SIGKILL)
    one.proc.wait(timeout=10)
    assert one.proc.returncode == -signal.SIGKILL and len(committed) >= 30
    for c in committed:
        got = two.call(op="get", id=c["id"])["result"]
        assert got["answer"] == f"Réponse modifiée {c['committed']}" and got["version"] == c["version"] == 2
    bank = AnswerBank(url, call_id=CALL_ID)
    assert bank.integrity_check() == "ok"
    for e in bank.list():  # whatever the kill interrupted is absent or whole, never half-written
        assert [v.version for v in bank.history(e.id)] == list(range(1, e.version + 1))
    assert two.call(op="add", question="Après l'arrêt brutal ?", answer="Oui.")["ok"]
