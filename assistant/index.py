"""Embeddings, the Chroma store, the French keyword index, hybrid search over a call's chunks (`chunking.py`).

Chroma is embedded (PersistentClient under AMI_HOME) or a server (AMI_CHROMA_URL), one collection per call and model.
Refresh is incremental: files are hashed before parsing, parsed chunks are cached by file hash under AMI_HOME, and
only changed files go through LangChain's indexing API, whose SQL record manager lives in the project's database
(`db.py`; namespace = store + collection), so several machines indexing into one Chroma server share their
bookkeeping and an unchanged corpus touches neither the model nor the store. The keyword index (`keywords.py`) is
rebuilt in memory from the chunks at start-up; the vector search asks Chroma for ids only (no call filter: the
collection is the call's) and takes the texts from the chunks in memory. The store is opened (and checked against
the corpus) on first need, or ahead in a background thread (`open_in_background`): the chunks, the keyword index
and the documents' metadata never wait for it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import yaml
from sqlalchemy import select, text
from langchain_core.documents import Document

from .calls.spec import CallSpec
from .config import Settings
from .chunking import chunk_document  # noqa: F401  (re-exported)
from .chunking import MAX_CHUNK, code_version, parse_file, read_cache, write_cache
from .corpus import SUPPORTED
from .db import Database, database_for, indexed_files
from .embeddings import LazyEmbeddings  # noqa: F401  (re-exported)
from .errors import StoreUnavailable
from .keywords import KeywordIndex
from .textnorm import load_yaml, translate_en
from .types import SearchHit

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

RRF_K = 60
DOC_TYPE_WEIGHT = {"call": 1.0, "answerbank": 0.9, "example": 0.4}
Progress = Callable[[str, float], None]
EMBED_BATCH = 1000  # chunks per indexing batch when the whole collection is (re)built


# --------------------------------------------------------------------------- corpus index

class CorpusIndex:
    """The call's documents, chunked, embedded in Chroma and indexed by keywords."""

    def __init__(
        self,
        spec: CallSpec,
        settings: Settings,
        embeddings: Embeddings | None = None,
        progress: Progress | None = None,
        extra_documents: Callable[[], list[Document]] | None = None,
        database: Database | None = None,
    ) -> None:
        self.spec = spec
        self.settings = settings
        self.database = database or database_for(settings)
        self.embeddings = embeddings or LazyEmbeddings(settings.model_path(), threads=settings.torch_threads)
        self.progress = progress or (lambda msg, frac: None)
        self.extra_documents = extra_documents
        self.skipped: list[str] = []
        self.parsed: list[str] = []  # the files this index had to parse (not found in the chunk cache)
        self._chunks: list[Document] | None = None
        self._files: list[tuple[Path, str, dict[str, Any], Path]] | None = None
        self._ex_meta: dict[str, dict] | None = None
        self._file_hashes: dict[str, str] = {}
        self._boost_cache: dict[str, list[int]] = {}
        self._read_lock = threading.RLock()  # chunks are read once, whichever thread asks first
        self._ensure_lock = threading.Lock()
        self._opening: threading.Thread | None = None
        self._open_error: BaseException | None = None
        self._opened = False  # ensure() ran in this process: the store is up to date

    # -------------------------------------------------------------- documents
    def document_paths(self) -> list[tuple[Path, str]]:
        """(path, doc_type) of every indexable document of the call."""
        out: list[tuple[Path, str]] = []
        for entry in self.spec.documents or [self.spec.call_document]:
            p = self.spec.path(entry)
            doc_type = "call" if entry == self.spec.call_document else "example"
            if p.is_dir():
                for f in sorted(p.rglob("*")):
                    if not f.is_file() or f.name.startswith(("_", ".")) or f.suffix.lower() in (".yaml", ".yml"):
                        continue
                    if f.suffix.lower() not in SUPPORTED:
                        log.info("ignored %s: unknown extension %s", f, f.suffix)
                        self.skipped.append(f"{f.name} : extension inconnue, ignoré")
                        continue
                    out.append((f, doc_type))
            elif p.is_file():
                out.append((p, doc_type))
            else:
                log.warning("%s: listed in call.yaml but missing", p)
                self.skipped.append(f"{entry} : introuvable")
        return out

    def _example_metadata(self) -> dict[str, dict]:
        """dossiers.yaml entries by file name (read once per index, like its chunks)."""
        if self._ex_meta is None:
            self._ex_meta = self._read_example_metadata()
        return self._ex_meta

    def _read_example_metadata(self) -> dict[str, dict]:
        meta: dict[str, dict] = {}
        for entry in self.spec.documents:
            p = self.spec.path(entry)
            if p.is_dir():
                for y in list(p.glob("*.yaml")) + list(p.glob("*.yml")):
                    try:
                        data = load_yaml(y.read_text(encoding="utf-8")) or {}
                    except yaml.YAMLError as exc:
                        log.warning("%s: invalid YAML, ignored: %s", y, exc)
                        continue
                    items = data.get("dossiers", data) if isinstance(data, dict) else data
                    if isinstance(items, dict):
                        items = [dict(v, file=k) for k, v in items.items() if isinstance(v, dict)]
                    for item in items or []:
                        if isinstance(item, dict) and item.get("file"):
                            meta[Path(str(item["file"])).name] = item
        return meta

    def chunks(self) -> list[Document]:
        """All chunks of the call's documents (loaded once); unreadable files are skipped with a warning.

        A file is parsed only when its content is new: chunks are cached under AMI_HOME by the file's hash.
        """
        if self._chunks is not None:
            return self._chunks
        with self._read_lock:
            if self._chunks is None:
                self._chunks = self._read_chunks()
        return self._chunks

    def _read_chunks(self, read: Callable[[list[str]], None] | None = None) -> list[Document]:
        """The chunks, from the cache or parsed; `read` is given the texts as they come (cached first, then each
        parsed file's), for a build that encodes them meanwhile."""
        files = self._scan()
        parts_of: dict[str, list[tuple[str, dict[str, Any]]] | None] = {}
        misses = []
        for path, rel, _meta, cache in files:
            parts_of[rel] = read_cache(cache)
            if parts_of[rel] is None:
                misses.append((path, rel, cache))
        self.parsed = [rel for _p, rel, _c in misses]
        if read is not None:
            read([c for parts in parts_of.values() for c, _m in parts or []])
        for path, rel, cache in misses:
            parts, error = parse_file(path, rel)
            if error is not None:
                log.warning("skipped %s: %s", path, error)
                self.skipped.append(error)
                self._file_hashes.pop(rel, None)
                continue
            parts_of[rel] = parts
            write_cache(cache, parts)
            if read is not None:
                read([c for c, _m in parts])
        out: list[Document] = []
        for _path, rel, meta, _cache in files:
            out.extend(Document(page_content=c, metadata={**meta, **m}) for c, m in parts_of.get(rel) or [])
        if self.extra_documents:
            out.extend(self.extra_documents())
        return out

    def _scan(self) -> list[tuple[Path, str, dict[str, Any], Path]]:
        """(path, source, metadata, chunk cache file) of every readable document, hashed (read once per index)."""
        with self._read_lock:
            if self._files is None:
                self._files = self._hash_files()
        return self._files

    def _hash_files(self) -> list[tuple[Path, str, dict[str, Any], Path]]:
        ex_meta = self._example_metadata()
        files: list[tuple[Path, str, dict[str, Any], Path]] = []
        for path, doc_type in self.document_paths():
            rel = path.relative_to(self.spec.corpus_dir).as_posix()
            meta: dict[str, Any] = {"call_id": self.spec.id, "doc_type": doc_type}
            if doc_type == "example":
                m = ex_meta.get(path.name, {})
                meta["fictional"] = bool(m.get("fictional", True))
                meta["flawed"] = bool(m.get("flawed", False))
                meta["title"] = str(m.get("title", path.stem))
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.skipped.append(f"{path.name} : illisible ({type(exc).__name__})")
                continue
            digest = hashlib.sha256(data).hexdigest()
            # the manifest's hash covers the file's bytes and the metadata its chunks carry
            self._file_hashes[rel] = hashlib.sha256((digest + json.dumps(meta, sort_keys=True)).encode()).hexdigest()
            key = hashlib.sha256(f"{code_version()}:{MAX_CHUNK}:{rel}:{digest}".encode()).hexdigest()
            files.append((path, rel, meta, Path(self.settings.home) / "chunk-cache" / key[:2] / f"{key}.json"))
        return files

    # -------------------------------------------------------------- stores
    @property
    def client(self):
        """The Chroma client: embedded under AMI_HOME, or the server at AMI_CHROMA_URL (once the index is open)."""
        self.ready()
        return self._client

    @cached_property
    def _client(self):
        """The Chroma client: embedded under AMI_HOME, or the server at AMI_CHROMA_URL."""
        from .chroma_http import chroma_client

        return chroma_client(self.settings)

    @property
    def collection_name(self) -> str:
        """One collection per call and embedding model."""
        model = Path(self.settings.model_path()).name or "model"
        digest = hashlib.sha256(model.encode()).hexdigest()[:8]
        return re.sub(r"[^a-zA-Z0-9._-]", "-", f"{self.spec.id}-{digest}")[:120]

    @property
    def vector_store(self):
        """The LangChain Chroma vector store (embeddings always passed explicitly), once the index is open."""
        self.ready()
        return self._store

    @cached_property
    def _store(self):
        from langchain_chroma import Chroma

        return Chroma(
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
            client=self._client,
            collection_metadata={"hnsw:space": "cosine"},
        )

    @property
    def namespace(self) -> str:
        """The record manager's namespace: which vector store, which collection (so which call and model)."""
        where = self.settings.chroma_url or f"embedded:{Path(self.settings.home).resolve()}"
        return f"{where}/{self.collection_name}"

    @cached_property
    def record_manager(self):
        """LangChain's SQL record manager (content hashes) in the project's database, for incremental indexing."""
        from langchain_classic.indexes import SQLRecordManager

        self.database.migrate()
        return SQLRecordManager(self.namespace, engine=self.database.engine)

    def _stored_hashes(self) -> dict[str, str]:
        with self.database.read() as conn:
            rows = conn.execute(select(indexed_files.c.source, indexed_files.c.file_hash)
                                .where(indexed_files.c.namespace == self.namespace)).all()
        return {r.source: r.file_hash for r in rows}

    def _save_hashes(self, hashes: dict[str, str]) -> None:
        with self.database.write() as conn:
            conn.execute(indexed_files.delete().where(indexed_files.c.namespace == self.namespace))
            if hashes:
                conn.execute(indexed_files.insert(), [
                    {"namespace": self.namespace, "source": src, "file_hash": h, "call_id": self.spec.id}
                    for src, h in sorted(hashes.items())
                ])

    def _record_count(self) -> int:
        with self.database.read() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM upsertion_record WHERE namespace = :n"),
                                    {"n": self.namespace}).scalar_one())

    def ensure(self, rebuild: bool = False) -> dict[str, int]:
        """Bring the vector store up to date with the corpus; returns LangChain's IndexingResult counts.

        Only files whose content changed are indexed again (their old vectors removed); removed files lose their
        vectors; an unchanged corpus touches neither the model nor the store. One process at a time per collection.
        """
        opening = self._opening
        if opening is not None and opening is not threading.current_thread():
            opening.join()  # an opening in the background finishes first (its error, if any, is retried here)
        with self._ensure_lock, self.database.exclusive(f"index:{self.namespace}"):
            result = self._ensure(rebuild)
            self._opened = True
        return result

    def open_in_background(self) -> None:
        """Open the store (`ensure`) in a background thread, unless it is open or opening already. Meanwhile the
        chunks, the keyword index and the documents' metadata are usable; what needs the store waits for it."""
        with self._ensure_lock:
            if self._opening is None and not self._opened:
                self._opening = threading.Thread(target=self._open, name=f"ami-index-{self.spec.id}", daemon=True)
                self._opening.start()

    def _open(self) -> None:
        try:
            self.ensure()
        except BaseException as exc:  # handed to the first caller that needs the store
            self._open_error = exc

    def ready(self) -> CorpusIndex:
        """The index with its store open and up to date: waits for a background opening, else opens it here on
        first use. An error of the background opening is raised once; the next call tries again."""
        opening = self._opening
        if opening is threading.current_thread():
            return self
        if opening is not None:
            opening.join()
            error = self._open_error
            self._opening, self._open_error = None, None
            if error is not None:
                raise error
        if not self._opened:
            self.ensure()
        return self

    def _ensure(self, rebuild: bool) -> dict[str, int]:
        from langchain_core.indexing import index

        self._scan()
        self.progress("indexation", 0.0)
        try:
            count = self._store._collection.count()
        except StoreUnavailable:
            raise
        except Exception as exc:
            raise StoreUnavailable(f"Base vectorielle illisible ({exc}).") from exc
        records = self._record_count()
        stored = self._stored_hashes()
        full = rebuild or bool(self.extra_documents) or not stored or count != records
        if not full and self._file_hashes == stored:  # nothing changed: no chunk loaded, no record touched
            self.progress("indexation", 1.0)
            return {"num_added": 0, "num_updated": 0, "num_skipped": records, "num_deleted": 0}
        force = rebuild or count < records
        docs, store, ahead = self._chunks_encoded_ahead(force or records == 0) if full else (self.chunks(), None, None)
        current = dict(self._file_hashes)
        if full:
            try:  # large batches: the model sorts each batch by length, so fewer, larger batches pad less
                result = dict(index(docs, self.record_manager, store, cleanup="full", source_id_key="source",
                                    key_encoder="sha256", force_update=force, batch_size=EMBED_BATCH))
            finally:
                if ahead is not None:
                    ahead.stop()
        else:
            changed = {src for src, h in current.items() if stored.get(src) != h}
            removed = set(stored) - set(current)
            result = {"num_added": 0, "num_updated": 0, "num_skipped": 0, "num_deleted": 0}
            batch = [d for d in docs if d.metadata["source"] in changed]
            result["num_skipped"] = len(docs) - len(batch)
            if batch:
                r = index(batch, self.record_manager, self._store, cleanup="incremental", source_id_key="source",
                          key_encoder="sha256")
                for k in result:
                    result[k] += r.get(k, 0)
            gone = removed | {src for src in changed if not any(d.metadata["source"] == src for d in batch)}
            if gone:
                keys = self.record_manager.list_keys(group_ids=sorted(gone))
                if keys:
                    self._store.delete(keys)
                    self.record_manager.delete_keys(keys)
                result["num_deleted"] += len(keys)
        if current != stored:
            self._save_hashes(current)
        self.progress("indexation", 1.0)
        log.info("index %s: %s", self.collection_name, result)
        return result

    def _chunks_encoded_ahead(self, every: bool) -> tuple[list[Document], Any, Any]:
        """The chunks, the store a full build indexes them into, and the encoder to stop after it (or None).

        When every chunk will be embedded, by torch, and the chunks are not loaded yet, a background thread encodes
        them while the files are parsed (`ahead.py`) and the store takes its vectors from it."""
        bulk = getattr(self.embeddings, "embed_bulk", None)
        if not every or bulk is None or self._chunks is not None:
            return self.chunks(), self._store, None
        from .ahead import EncodeAhead, Prefetched

        threshold = 0 if getattr(self.embeddings, "bulk_loaded", True) else int(getattr(self.embeddings, "bulk", 0))
        ahead = EncodeAhead(bulk, start_at=threshold)
        try:
            with self._read_lock:
                if self._chunks is None:
                    self._chunks = self._read_chunks(ahead.add)
            texts = [d.page_content for d in self._chunks]
            if len(set(texts)) < threshold:  # a small corpus: the usual encoder (NumPy), torch not loaded for it
                ahead.stop()
                return self._chunks, self._store, None
            ahead.close(texts, EMBED_BATCH)
        except BaseException:
            ahead.stop()
            raise
        from langchain_chroma import Chroma

        store = Chroma(collection_name=self.collection_name, client=self._client,
                       embedding_function=Prefetched(self.embeddings, ahead), collection_metadata={"hnsw:space": "cosine"})
        return self._chunks, store, ahead

    @cached_property
    def keyword_index(self) -> KeywordIndex:
        """The in-memory BM25 index over the same chunks."""
        return KeywordIndex(self.chunks())

    # -------------------------------------------------------------- search
    def _holding(self, passage: str) -> list[int]:
        """Positions of the call-text chunks holding a verbatim passage: a map filled on first use of each passage,
        which scans the call's own chunks only (tens), never the example dossiers (thousands)."""
        from .calls.spec import squash

        wanted = squash(passage)
        if wanted and wanted not in self._boost_cache:
            if len(self._boost_cache) > 4096:
                self._boost_cache.clear()
            self._boost_cache[wanted] = [i for i, flat in self._call_texts if wanted in flat]
        return self._boost_cache.get(wanted, []) if wanted else []

    @cached_property
    def _call_texts(self) -> list[tuple[int, str]]:
        from .calls.spec import squash

        return [(i, squash(d.page_content)) for i, d in enumerate(self.chunks()) if d.metadata.get("doc_type") == "call"]

    @cached_property
    def _by_uid(self) -> dict[str, Document]:
        """The chunks in memory by their id in the store (LangChain's indexing id: a hash of text and metadata)."""
        try:
            from langchain_core.indexing.api import _get_document_with_hash
        except ImportError:  # ids unknown here: every hit is fetched from the store
            return {}
        return {_get_document_with_hash(d, key_encoder="sha256").id: d for d in self.chunks()}

    @cached_property
    def _type_counts(self) -> Counter[str]:
        return Counter(str(d.metadata.get("doc_type")) for d in self.chunks())

    def _dense(self, q: str, pool: int, allowed: set[str] | None) -> list[Document]:
        """The `pool` nearest chunks of the allowed types, nearest first.

        The collection holds this call only, so no call filter; a type filter is given to Chroma only when it keeps a
        small part of the collection (a filter matching most vectors is slower than a larger unfiltered query
        filtered here). Chroma returns ids only: the texts are the chunks already in memory.
        """
        docs = self.chunks()
        where: dict[str, Any] | None = None
        n = pool
        if allowed:
            share = sum(self._type_counts[t] for t in allowed) / max(1, len(docs))
            if share < 0.5:
                where = {"doc_type": {"$in": sorted(allowed)}}
            else:
                n = int(pool / share) + pool
        self.ready()  # the store opened (its own error, StoreUnavailable, as it is)
        try:  # ids only: fetching the hits' metadata from Chroma costs more than the vector search itself
            col = self._store._collection
            ids = col.query(query_embeddings=[self.embeddings.embed_query(q)], n_results=max(1, min(n, len(docs))),
                            where=where, include=[])["ids"][0]
            missing = [i for i in ids if i not in self._by_uid]
            if missing:  # indexed by another process since this one loaded its chunks
                got = col.get(ids=missing, include=["documents", "metadatas"])
                self._by_uid.update({i: Document(page_content=t or "", metadata=m or {})
                                     for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])})
        except Exception as exc:
            raise StoreUnavailable(f"Recherche vectorielle impossible ({exc}).") from exc
        out = []
        for i in ids:
            d = self._by_uid.get(i)
            if d is not None and "chunk_id" in d.metadata and (not allowed or d.metadata.get("doc_type") in allowed):
                out.append(d)
        return out[:pool]

    def search(
        self, query: str, k: int = 5, doc_types: list[str] | None = None, dense: bool = True, boost: list[str] | None = None
    ) -> list[SearchHit]:
        """Hybrid search: BM25 and dense ranks fused (RRF); call text ranks before examples.

        `boost`: verbatim passages (e.g. the quotes of the rule a question is about); chunks holding one rank first.
        """
        docs = self.chunks()
        allowed = set(doc_types) if doc_types else None
        q = translate_en(query)
        fused: dict[str, float] = {}
        by_id: dict[str, Document] = {}
        pool = max(20, k * 4)
        for rank, (i, _s) in enumerate(self.keyword_index.search(q, pool)):
            d = docs[i]
            if allowed and d.metadata.get("doc_type") not in allowed:
                continue
            cid = d.metadata["chunk_id"]
            by_id[cid] = d
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if dense:
            for rank, d in enumerate(self._dense(q, pool, allowed)):
                cid = d.metadata["chunk_id"]
                by_id.setdefault(cid, d)
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if boost and (not allowed or "call" in allowed):
            counts: dict[int, int] = {}
            for b in boost:
                for pos in self._holding(b):
                    counts[pos] = counts.get(pos, 0) + 1
            for pos, n in counts.items():
                d = docs[pos]
                cid = d.metadata["chunk_id"]
                by_id[cid] = d
                fused[cid] = fused.get(cid, 0.0) + n * 2.0 / (RRF_K + 1)
        hits = []
        for cid, score in fused.items():
            d = by_id[cid]
            w = DOC_TYPE_WEIGHT.get(d.metadata.get("doc_type", "call"), 0.5)
            if d.metadata.get("flawed"):
                w *= 0.5
            hits.append((score * w, d))
        hits.sort(key=lambda x: -x[0])
        return [
            SearchHit(
                text=d.page_content,
                score=round(s, 6),
                source=d.metadata["source"],
                locator=d.metadata.get("locator", ""),
                doc_type=d.metadata.get("doc_type", "call"),
                metadata=dict(d.metadata),
            )
            for s, d in hits[:k]
        ]
