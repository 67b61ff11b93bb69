"""Refreshing the index at scale: unchanged files are not parsed again, a removed file loses its vectors, the index's
bookkeeping lives in the shared database, and the call's collection is searched without a call filter."""

from __future__ import annotations

import shutil

from assistant.calls.spec import load_callspec
from assistant.config import Settings
from assistant.index import CorpusIndex

from conftest import CORPUS


def _copy(tmp_path, spec):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / spec.id, corpus / spec.id)
    return corpus, load_callspec(corpus, spec.id)


def test_unchanged_files_come_from_the_chunk_cache_and_a_removed_file_loses_its_vectors(tmp_path, spec, embeddings, monkeypatch):
    corpus, local = _copy(tmp_path, spec)
    settings = Settings(home=tmp_path / "home", corpus_dir=corpus)
    first = CorpusIndex(local, settings, embeddings=embeddings)
    assert first.ensure()["num_added"] > 0
    expected = [(d.page_content, d.metadata) for d in first.chunks()]

    import assistant.chunking as chunking

    def no_parsing(path, rel):  # a file parsed again would fail the test
        raise AssertionError(f"{rel} parsed again although unchanged")

    monkeypatch.setattr(chunking, "load_document", no_parsing)
    again = CorpusIndex(local, settings, embeddings=embeddings)
    assert [(d.page_content, d.metadata) for d in again.chunks()] == expected
    result = again.ensure()
    assert result["num_added"] == result["num_deleted"] == 0 and result["num_skipped"] == len(expected)
    monkeypatch.undo()

    removed = sorted((corpus / spec.id / "dossiers").glob("*.pptx"))[0]
    source = removed.relative_to(corpus).as_posix()
    n_removed = sum(1 for _c, m in expected if m["source"] == source)
    removed.unlink()
    third = CorpusIndex(local, settings, embeddings=embeddings)
    result = third.ensure()
    assert result["num_deleted"] == n_removed > 0 and result["num_added"] == 0
    assert third.vector_store._collection.count() == len(expected) - n_removed == third._record_count()
    assert not any(h.source == source for h in third.search("calendrier budget indicateurs", k=20))


def test_the_record_manager_lives_in_the_shared_database_keyed_by_store_and_collection(tmp_path, spec, embeddings):
    corpus, local = _copy(tmp_path, spec)
    db_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    idx = CorpusIndex(local, Settings(home=tmp_path / "home", corpus_dir=corpus, database_url=db_url), embeddings=embeddings)
    idx.ensure()
    assert idx.database.url == db_url and idx.namespace.endswith(idx.collection_name)
    assert spec.id in idx.collection_name
    assert idx._record_count() == idx.vector_store._collection.count() == len(idx.chunks())
    assert not (tmp_path / "home" / "record_manager.sqlite3").exists()
