"""What makes a new app process answer at once: the model run without torch for questions, the communes table
kept between processes, the store opened in the background, and the answers all the same."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest

from assistant import Assistant
from assistant.config import Settings, bundled_model_path
from assistant.embeddings import LazyEmbeddings
from assistant.errors import StoreUnavailable
from assistant.minilm import NumpyEncoder
from assistant.territory import Territory

from conftest import TODAY


def test_numpy_encoder_gives_the_vectors_of_sentence_transformers(assistant):
    texts = [d.page_content for d in assistant.index.chunks()[:12]]
    texts += ["Quelle est la date limite ?", "Who can apply?", "é", "", "mot " * 400]  # the last one is truncated
    torch_model = LazyEmbeddings(bundled_model_path(), bulk=0)  # bulk=0: every batch through torch
    ref = np.asarray(torch_model.embed_documents(texts), dtype=np.float32)
    fast = NumpyEncoder.load(bundled_model_path())
    assert fast is not None
    got = fast.encode(texts)
    assert np.abs(got - ref).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # and the query path: the same vector as sentence-transformers' embed_query
    q = "Quel est le montant maximum de la subvention ?"
    assert np.abs(np.asarray(LazyEmbeddings(bundled_model_path()).embed_query(q))
                  - np.asarray(torch_model.impl.embed_query(q))).max() < 1e-5


def test_numpy_encoder_declines_what_it_cannot_run(tmp_path):
    assert NumpyEncoder.load(str(tmp_path)) is None  # no model files: torch is used
    (tmp_path / "config.json").write_text('{"model_type": "roberta"}', encoding="utf-8")
    assert NumpyEncoder.load(str(tmp_path)) is None


def test_territory_tables_are_kept_between_processes(spec, tmp_path):
    fresh = Territory(spec)
    first = Territory(spec, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    kept = Territory(spec, cache_dir=tmp_path)
    for t in (first, kept):
        assert len(t.rows) == len(fresh.rows) and t.departements == fresh.departements
        for name in ("Liévin", "62800", "Arras", "Saint-Omer", "Lievn"):
            assert t.resolve(name) == fresh.resolve(name)
        text = "Notre projet à Lens, Arras et Hénin-Beaumont (62110)"
        assert t.find_in_text(text) == fresh.find_in_text(text)


def test_damaged_territory_cache_is_read_again(spec, tmp_path):
    Territory(spec, cache_dir=tmp_path)
    cache = next(tmp_path.glob("*.pickle"))
    cache.write_bytes(b"not a pickle")
    assert Territory(spec, cache_dir=tmp_path).resolve("Liévin").status == "in"


def test_answers_without_opening_the_store_then_search_opens_it(assistant, tmp_path):
    """A rule's answer needs neither the store nor the model: it comes before either is opened."""
    a = Assistant(settings=Settings(home=assistant.settings.home, as_of=TODAY), embeddings=assistant.embeddings)
    ans = a.ask("Quelle est la date limite de candidature ?")
    assert ans.kind == "answer" and "17 avril 2024" in ans.answer
    assert not a.index._opened
    hits = a.search("date limite de candidature", k=3)
    assert a.index._opened and any("17 avril 2024" in h.text for h in hits)


def test_warm_up_opens_everything_in_the_background(assistant):
    a = Assistant(settings=Settings(home=assistant.settings.home, as_of=TODAY), embeddings=assistant.embeddings)
    thread = a.warm_up()
    ans = a.ask("Quelle est la date limite de candidature ?")  # answered while the warm-up runs
    assert ans.kind == "answer" and "17 avril 2024" in ans.answer
    thread.join(timeout=300)
    assert not thread.is_alive() and a.index._opened
    assert {"bank", "territory"} <= set(a.__dict__)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_store_error_of_a_background_opening_reaches_the_search(tmp_path, embeddings):
    url = f"http://127.0.0.1:{_free_port()}"
    a = Assistant(settings=Settings(home=tmp_path, chroma_url=url, store_timeout_s=2, as_of=TODAY), embeddings=embeddings)
    a.warm_up()
    assert "17 avril 2024" in a.ask("Quelle est la date limite de candidature ?").answer  # answers need no store
    t0 = time.perf_counter()
    with pytest.raises(StoreUnavailable) as err:
        a.search("date limite", k=3)
    assert url in str(err.value) and time.perf_counter() - t0 < 60
    with pytest.raises(StoreUnavailable):  # tried again, same clear error
        a.search("date limite", k=3)


def test_settings_are_read_from_the_environment_and_dotenv_as_before(tmp_path, monkeypatch):
    """Settings (pydantic-settings): AMI_ variables in any case, the environment over `.env`, arguments over
    both, bad values refused with pydantic's error naming the setting."""
    import pydantic

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("AMI_CALL=depuis-le-fichier\nAMI_TORCH_THREADS=3\nami_max_upload_mb=7\n"
                                   "AUTRE=ignoree\n", encoding="utf-8")
    monkeypatch.delenv("AMI_CALL", raising=False)
    monkeypatch.setenv("AMI_TORCH_THREADS", "5")
    monkeypatch.setenv("ami_store_timeout_s", "2.5")
    s = Settings()
    assert (s.call, s.torch_threads, s.max_upload_mb, s.store_timeout_s) == ("depuis-le-fichier", 5, 7, 2.5)
    assert Settings(torch_threads=1, call="x").torch_threads == 1 and Settings(call="x").call == "x"
    assert s.model_copy(update={"call": "y"}).call == "y" and s.home == tmp_path / "ami-home"
    monkeypatch.setenv("AMI_STORE_TIMEOUT_S", "-1")
    with pytest.raises(pydantic.ValidationError, match="store_timeout_s"):
        Settings()
