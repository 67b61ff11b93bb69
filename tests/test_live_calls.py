"""A call added while the app runs: `ami new-call` then `ami index --call ID`, run as separate processes while the app
process is up, and the app's call picker lists the new call on its next run and answers from it, without a restart.

The app is the real app.py driven by AppTest in this test's process (its cached Assistants and stores stay alive
across runs, as in a running `streamlit run` server); the two commands run as their own processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from assistant.textnorm import fold

from conftest import CORPUS, REPO
from fixtures_calls import write_third_call_docx

APP = str(REPO / "app.py")
RUNNING = "aap-inclusion-numerique-ille-et-vilaine-2026"
NEW = "mobilites-solidaires-2026"
QUESTIONS = json.loads((REPO / "tests" / "data" / "third_call_questions.json").read_text(encoding="utf-8"))


def _ask(at: AppTest, question: str) -> str:
    at.chat_input(key="chat_question").set_value(question).run()
    assert not at.exception, at.exception
    return at.chat_message[-1].markdown[0].value


def _ami(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_a_call_added_while_the_app_runs_is_listed_and_answers_without_restart(tmp_path, monkeypatch):
    corpus, home = tmp_path / "corpus", tmp_path / "home"
    shutil.copytree(CORPUS / RUNNING, corpus / RUNNING)
    env = {**os.environ, "AMI_CORPUS_DIR": str(corpus), "AMI_HOME": str(home), "AMI_AS_OF": QUESTIONS["as_of"],
           "PYTHONPATH": str(REPO)}
    env.pop("AMI_CALL", None)
    for name in ("AMI_CORPUS_DIR", "AMI_HOME", "AMI_AS_OF"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("AMI_CALL", raising=False)
    from assistant.config import get_settings

    get_settings.cache_clear()

    # the service runs with one call: no picker, it answers from that call
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    assert not at.sidebar.selectbox
    at.switch_page("app_pages/chat.py").run()
    assert "420 000" in _ask(at, "Quelle est l'enveloppe totale de l'appel ?")

    # meanwhile, an administrator adds a call, in other processes
    doc = write_third_call_docx(tmp_path / "appel-mobilites.docx")
    _ami(env, "new-call", str(doc), "--id", NEW)
    _ami(env, "--call", NEW, "index")

    # the next run of the same app process lists it, and it answers from the new call's text
    at.run()
    assert not at.exception, at.exception
    picker = at.sidebar.selectbox(key="call")
    assert len(picker.options) == 2 and any("Mobilités solidaires" in o for o in picker.options), picker.options
    picker.set_value(NEW).run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/chat.py").run()
    for q in QUESTIONS["questions"][:2]:
        answer = fold(_ask(at, q["question"]))
        assert all(any(fold(alt) in answer for alt in group) for group in q["must_include"]), (q["question"], answer)
    sources = " ".join(h.proto.body for h in at.chat_message[-1].get("html"))
    assert "100 000" in sources  # cited from the new call's text
