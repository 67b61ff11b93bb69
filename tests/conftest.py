"""Shared fixtures: an isolated AMI_HOME, the real call spec, a session-wide Assistant on the real model."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
CALL_ID = "ami-innovation-sociale-emploi-pas-de-calais-2024"
CALL_DIR = CORPUS / CALL_ID
SHARED = REPO.parent / "shared"
REAL_WORLD_DECKS = sorted((SHARED / "data" / "pptx-real-world").glob("*.pptx"))
TODAY = date(2026, 11, 27)
# corpus/ holds several calls: the tests of the first call name it (tests of other calls pass call=...)
os.environ.setdefault("AMI_CALL", CALL_ID)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test writes under its own AMI_HOME, never into the developer's ./.ami."""
    monkeypatch.setenv("AMI_HOME", str(tmp_path / "ami-home"))
    from assistant.config import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def session_home(tmp_path_factory) -> Path:
    """One AMI_HOME shared by the session-wide assistant (indexed once)."""
    return tmp_path_factory.mktemp("ami-session-home")


@pytest.fixture(scope="session")
def assistant(session_home):
    """The real Assistant (real model, real Chroma, real corpus), dated 2026-11-27."""
    from assistant import Assistant
    from assistant.config import Settings

    return Assistant(settings=Settings(home=session_home, as_of=TODAY))


@pytest.fixture(scope="session")
def spec():
    """The first call's verified spec."""
    from assistant.calls.spec import load_callspec

    return load_callspec(CORPUS, CALL_ID)


@pytest.fixture(scope="session")
def embeddings():
    """The bundled model, loaded once for the tests that build their own indexes."""
    from assistant.config import bundled_model_path
    from assistant.index import LazyEmbeddings

    return LazyEmbeddings(bundled_model_path())
