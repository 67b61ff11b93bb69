"""A cold build that encodes its chunks while the files are still parsed (`assistant/ahead.py`) stores exactly what the
plain build stores: the same chunks, ids, records and vectors; a broken file among many is named and skipped, the
others indexed; an encoder that fails leaves the store and its records as they were."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

from assistant.calls.spec import load_callspec
from assistant.config import Settings
from assistant.index import CorpusIndex
from evals.bench_index import make_corpus

from conftest import CALL_ID


class Plain:
    """The session's model seen as any LangChain embeddings: the build parses, then embeds (no encoding ahead)."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class Bulk(Plain):
    """The same model with the bulk entry point a cold build encodes ahead with (here NumPy, not torch: faster)."""

    bulk_loaded = True

    def __init__(self, inner, fail: bool = False) -> None:
        super().__init__(inner)
        self.fail = fail
        self.encoded: list[str] = []

    def embed_bulk(self, texts: list[str]) -> list[list[float]]:
        if self.fail:
            raise RuntimeError("modèle indisponible")
        self.encoded += texts
        return self.inner.embed_documents(texts)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The first call plus 5 generated dossiers (Markdown, Word, PowerPoint)."""
    return make_corpus(tmp_path_factory.mktemp("cold"), CALL_ID, 5)


def _build(corpus, home, emb) -> CorpusIndex:
    idx = CorpusIndex(load_callspec(corpus, CALL_ID), Settings(home=home, corpus_dir=corpus), embeddings=emb)
    result = idx.ensure()
    assert result["num_added"] == idx._record_count() == idx.vector_store._collection.count()
    return idx


def _stored(idx: CorpusIndex) -> tuple[list, dict]:
    with idx.database.read() as conn:
        records = sorted(conn.execute(text("SELECT key, group_id FROM upsertion_record WHERE namespace = :n"),
                                      {"n": idx.namespace}).all())
    got = idx.vector_store._collection.get(include=["documents", "metadatas", "embeddings"])
    return [tuple(r) for r in records], {i: (d, m, e) for i, d, m, e in
                                         zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])}


def test_a_cold_build_encoding_ahead_stores_what_the_plain_build_stores(tmp_path, corpus, embeddings):
    plain = _build(corpus, tmp_path / "plain", Plain(embeddings))
    bulk = Bulk(embeddings)
    ahead = _build(corpus, tmp_path / "ahead", bulk)
    assert [(d.page_content, d.metadata) for d in ahead.chunks()] == [(d.page_content, d.metadata) for d in plain.chunks()]
    distinct = {d.page_content for d in ahead.chunks()}
    assert len(bulk.encoded) == len(set(bulk.encoded)) == len(distinct), "every distinct text encoded once, ahead"
    plain_records, plain_store = _stored(plain)
    ahead_records, ahead_store = _stored(ahead)
    assert ahead_records == plain_records and len(plain_records) == len(plain.chunks())
    assert {s for _k, s in ahead_records} == {d.metadata["source"] for d in plain.chunks()}
    assert ahead_store.keys() == plain_store.keys()
    for uid, (doc, meta, vec) in ahead_store.items():
        assert (doc, meta) == plain_store[uid][:2]
        assert np.allclose(vec, plain_store[uid][2], atol=1e-5)
    # and a search finds the same passages in both
    q = "calendrier du projet et budget prévisionnel"
    assert [h.metadata["chunk_id"] for h in ahead.search(q, k=5)] == [h.metadata["chunk_id"] for h in plain.search(q, k=5)]


def test_a_broken_file_among_many_is_named_and_the_others_indexed(tmp_path, corpus, embeddings):
    import shutil

    local = tmp_path / "corpus"
    shutil.copytree(corpus, local)
    folder = local / CALL_ID / "dossiers"
    (folder / "abime.pptx").write_bytes(b"PK\x03\x04 tronque")
    (folder / "abime.docx").write_bytes(b"\x00" * 64)
    bulk = Bulk(embeddings)
    idx = _build(local, tmp_path / "home", bulk)
    for name in ("abime.pptx", "abime.docx"):
        said = [s for s in idx.skipped if name in s]
        assert len(said) == 1 and "\n" not in said[0] and "Traceback" not in said[0], idx.skipped
    sources = {d.metadata["source"] for d in idx.chunks()}
    assert not any("abime" in s for s in sources)
    files = [p for p in folder.iterdir() if p.suffix in (".md", ".docx", ".pptx") and "abime" not in p.name]
    assert len([s for s in sources if "/dossiers/" in s]) == len(files) >= 10
    assert idx._record_count() == len(idx.chunks()) and bulk.encoded


def test_an_encoder_that_fails_during_a_rebuild_loses_nothing_stored(tmp_path, corpus, embeddings):
    settings = Settings(home=tmp_path / "home", corpus_dir=corpus)
    spec = load_callspec(corpus, CALL_ID)
    first = _build(corpus, tmp_path / "home", Plain(embeddings))
    records, store = _stored(first)
    broken = CorpusIndex(spec, settings, embeddings=Bulk(embeddings, fail=True))
    with pytest.raises(RuntimeError, match="modèle indisponible"):
        broken.ensure(rebuild=True)
    again = CorpusIndex(spec, settings, embeddings=Plain(embeddings))
    assert _stored(again)[0] == records and _stored(again)[1].keys() == store.keys()
    assert again.ensure()["num_added"] == 0
