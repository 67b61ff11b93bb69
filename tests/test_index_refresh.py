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


def _records(idx):
    from sqlalchemy import text

    with idx.database.read() as conn:
        return sorted(conn.execute(text("SELECT key, updated_at FROM upsertion_record WHERE namespace = :n"),
                                   {"n": idx.namespace}).all())


def test_a_no_op_refresh_touches_nothing_and_a_changed_dossier_replaces_its_chunks(tmp_path, spec, embeddings):
    corpus, local = _copy(tmp_path, spec)
    settings = Settings(home=tmp_path / "home", corpus_dir=corpus)
    first = CorpusIndex(local, settings, embeddings=embeddings)
    first.ensure()
    assert first.parsed and _records(first)
    before = _records(first)

    again = CorpusIndex(local, settings, embeddings=embeddings)
    result = again.ensure()
    assert again.parsed == [] and result["num_added"] == result["num_updated"] == result["num_deleted"] == 0
    assert _records(again) == before, "a refresh with nothing changed rewrote the record manager"
    assert again.vector_store._collection.count() == len(before)

    target = sorted((corpus / spec.id / "dossiers").glob("*.md"))[0]
    source = target.relative_to(corpus).as_posix()
    old_text = target.read_text(encoding="utf-8")
    old_line = max(old_text.splitlines(), key=len)  # the longest paragraph: it goes away
    target.write_text(old_text.replace(old_line, "Atelier de ferronnerie d'art ouvert le samedi aux apprentis "
                                                 "chaudronniers, avec un tuteur retraité."), encoding="utf-8")
    third = CorpusIndex(local, settings, embeddings=embeddings)
    result = third.ensure()
    assert third.parsed == [source], "only the changed file is parsed again"
    assert result["num_added"] > 0 and result["num_deleted"] > 0
    stored = third.vector_store.get(where={"source": source})["documents"]
    assert stored and not any(old_line in t for t in stored), "the old chunk is still in the store"
    assert len(stored) == sum(1 for d in third.chunks() if d.metadata["source"] == source)
    assert third.vector_store._collection.count() == len(third.chunks()) == third._record_count()
    hits = third.search("ferronnerie d'art pour apprentis chaudronniers", k=3, doc_types=["example"])
    assert hits[0].source == source and "ferronnerie d'art" in hits[0].text
    dense = third.search("atelier de métal le samedi avec un tuteur retraité", k=3, doc_types=["example"])
    assert any("ferronnerie" in h.text for h in dense)
    # untouched files kept their records as they were
    unchanged = {k for k, _t in before} & {k for k, _t in _records(third)}
    assert len(unchanged) == len(before) - result["num_deleted"]

