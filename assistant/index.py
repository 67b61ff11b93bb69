"""Chunking that follows structure, embeddings, the Chroma store, the French keyword index, hybrid search.

Chroma is embedded (PersistentClient under AMI_HOME) or a server (AMI_CHROMA_URL). Refresh is incremental through
LangChain's indexing API with a SQL record manager: an unchanged corpus embeds nothing. The keyword index (bm25s,
French stemming, accents folded, stop words) is rebuilt in memory from the chunks at start-up (milliseconds).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import yaml
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from .callspec import CallSpec
from .config import Settings
from .corpus import SUPPORTED, LoadedDocument, load_document
from .errors import AssistantError, StoreUnavailable
from .textnorm import tokens, translate_en
from .types import SearchHit

log = logging.getLogger(__name__)

MAX_CHUNK = 700
RRF_K = 60
DOC_TYPE_WEIGHT = {"call": 1.0, "answerbank": 0.9, "example": 0.4}
Progress = Callable[[str, float], None]


# --------------------------------------------------------------------------- embeddings

class LazyEmbeddings(Embeddings):
    """sentence-transformers through langchain-huggingface, loaded on first use, with a small query cache."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._impl = None
        self._lock = threading.Lock()
        self._cache: dict[str, list[float]] = {}

    @property
    def impl(self):
        """The underlying HuggingFaceEmbeddings (loads the model once)."""
        if self._impl is None:
            with self._lock:
                if self._impl is None:
                    from langchain_huggingface import HuggingFaceEmbeddings

                    self._impl = HuggingFaceEmbeddings(
                        model_name=self.model,
                        model_kwargs={"device": "cpu", "local_files_only": True},
                        encode_kwargs={"normalize_embeddings": True},
                    )
        return self._impl

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages."""
        return self.impl.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed a query (cached)."""
        if text not in self._cache:
            if len(self._cache) > 2048:
                self._cache.clear()
            self._cache[text] = self.impl.embed_query(text)
        return self._cache[text]


# --------------------------------------------------------------------------- chunking

_ITEM = re.compile(r"^(\s*)([-*•]|\d+[.)])\s+")


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Structural blocks of a span: paragraphs, and list items each whole with their sub-items."""
    blocks: list[tuple[int, int]] = []
    cur_s: int | None = None
    cur_e = start
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        ls, le = pos, pos + len(line.rstrip("\n"))
        pos += len(line)
        stripped = line.strip()
        if not stripped:
            if cur_s is not None:
                blocks.append((cur_s, cur_e))
                cur_s = None
            continue
        m = _ITEM.match(line)
        top_item = m is not None and len(m.group(1)) == 0
        heading = stripped.startswith("#") or stripped.startswith("[Diapositive") or stripped == "[Notes]"
        if cur_s is None:
            cur_s, cur_e = ls, le
        elif top_item or heading:
            blocks.append((cur_s, cur_e))
            cur_s, cur_e = ls, le
        else:
            cur_e = le
    if cur_s is not None:
        blocks.append((cur_s, cur_e))
    return blocks


def chunk_document(doc: LoadedDocument, metadata: dict[str, Any], max_chars: int = MAX_CHUNK) -> list[Document]:
    """Chunks of a loaded document that follow its sections; page_content == text[start:end]."""
    out: list[Document] = []
    text = doc.text
    for sec in doc.sections:
        blocks = _blocks(text, sec.start, sec.end)
        groups: list[tuple[int, int]] = []
        for bs, be in blocks:
            if groups:
                gs, _ge = groups[-1]
                prev = text[gs:_ge]
                glue = _ends_with_heading(prev) or _is_lead_in(prev)
                if be - gs <= (2 * max_chars if glue else max_chars):
                    groups[-1] = (gs, be)
                    continue
            groups.append((bs, be))
        for gs, ge in groups:
            for s, e in _split_long(text, gs, ge, max_chars * 2):
                content = text[s:e]
                if not content.strip():
                    continue
                meta = dict(metadata)
                meta.update(
                    source=doc.source,
                    locator=sec.locator,
                    heading_path=" > ".join(sec.heading_path),
                    start=s,
                    end=e,
                )
                if sec.slide is not None:
                    meta["slide"] = sec.slide
                if sec.page is not None:
                    meta["page"] = sec.page
                meta["chunk_id"] = hashlib.sha256(f"{doc.source}:{s}:{e}:{content}".encode()).hexdigest()[:16]
                out.append(Document(page_content=content, metadata=meta))
    return out


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def _ends_with_heading(text: str) -> bool:
    last = text.rstrip().splitlines()[-1].strip() if text.strip() else ""
    return last.startswith("#") or last.startswith("[Diapositive") or last == "[Notes]"


def _split_long(text: str, s: int, e: int, limit: int) -> list[tuple[int, int]]:
    """Split an over-long block at line or sentence ends (never inside a word)."""
    if e - s <= limit:
        return [(s, e)]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=limit, chunk_overlap=0, add_start_index=True, separators=["\n\n", "\n", ". ", " "]
    )
    parts = []
    for d in splitter.create_documents([text[s:e]]):
        ps = s + d.metadata["start_index"]
        parts.append((ps, ps + len(d.page_content)))
    return parts


# --------------------------------------------------------------------------- keyword index

class KeywordIndex:
    """BM25 over stemmed, accent-folded French tokens (bm25s + PyStemmer)."""

    def __init__(self, docs: list[Document]) -> None:
        import bm25s

        self.docs = docs
        corpus = [tokens(f"{d.metadata.get('heading_path', '')}\n{d.page_content}") or ["_vide_"] for d in docs]
        self.vocab = {t for doc in corpus for t in doc}
        self.bm25 = bm25s.BM25()
        if docs:
            self.bm25.index(corpus, show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(doc position, score) of the best matches."""
        q = [t for t in tokens(query) if t in self.vocab]
        if not q or not self.docs:
            return []
        res, scores = self.bm25.retrieve([q], k=min(k, len(self.docs)), show_progress=False)
        return [(int(i), float(s)) for i, s in zip(res[0], scores[0]) if s > 0]


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
    ) -> None:
        self.spec = spec
        self.settings = settings
        self.embeddings = embeddings or LazyEmbeddings(settings.model_path())
        self.progress = progress or (lambda msg, frac: None)
        self.extra_documents = extra_documents
        self.skipped: list[str] = []
        self._chunks: list[Document] | None = None

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
        meta: dict[str, dict] = {}
        for entry in self.spec.documents:
            p = self.spec.path(entry)
            if p.is_dir():
                for y in list(p.glob("*.yaml")) + list(p.glob("*.yml")):
                    try:
                        data = yaml.safe_load(y.read_text(encoding="utf-8")) or {}
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
        """All chunks of the call's documents (loaded once); unreadable files are skipped with a warning."""
        if self._chunks is not None:
            return self._chunks
        ex_meta = self._example_metadata()
        out: list[Document] = []
        for path, doc_type in self.document_paths():
            rel = path.relative_to(self.spec.corpus_dir).as_posix()
            try:
                doc = load_document(path, rel)
            except AssistantError as exc:
                log.warning("skipped %s: %s", path, exc)
                self.skipped.append(str(exc))
                continue
            except Exception as exc:  # a hostile file must not stop the rest
                log.warning("skipped %s: %s", path, exc)
                self.skipped.append(f"{path.name} : illisible ({type(exc).__name__})")
                continue
            meta: dict[str, Any] = {"call_id": self.spec.id, "doc_type": doc_type}
            if doc_type == "example":
                m = ex_meta.get(path.name, {})
                meta["fictional"] = bool(m.get("fictional", True))
                meta["flawed"] = bool(m.get("flawed", False))
                meta["title"] = str(m.get("title", path.stem))
            out.extend(chunk_document(doc, meta))
        if self.extra_documents:
            out.extend(self.extra_documents())
        self._chunks = out
        return out

    # -------------------------------------------------------------- stores
    @cached_property
    def client(self):
        """The Chroma client: embedded under AMI_HOME, or the server at AMI_CHROMA_URL."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        cs = ChromaSettings(anonymized_telemetry=False)
        url = self.settings.chroma_url
        if url:
            from .chroma_http import http_client

            try:  # every call of this client gives up after store_timeout_s, naming the server
                client = http_client(url, self.settings.store_timeout_s)
                client.heartbeat()
            except StoreUnavailable:
                raise
            except Exception as exc:
                cause: BaseException | None = exc
                while cause is not None and not isinstance(cause, StoreUnavailable):  # chromadb re-raises as ValueError
                    cause = cause.__cause__ or cause.__context__
                if cause is not None:
                    raise StoreUnavailable(str(cause)) from exc
                raise StoreUnavailable(
                    f"Serveur Chroma injoignable à {url} ({type(exc).__name__}). Lancez `chroma run` ou retirez AMI_CHROMA_URL."
                ) from exc
            return client
        path = Path(self.settings.home) / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=cs)

    @property
    def collection_name(self) -> str:
        """One collection per call and embedding model."""
        model = Path(self.settings.model_path()).name or "model"
        digest = hashlib.sha256(model.encode()).hexdigest()[:8]
        return re.sub(r"[^a-zA-Z0-9._-]", "-", f"{self.spec.id}-{digest}")[:120]

    @cached_property
    def vector_store(self):
        """The LangChain Chroma vector store (embeddings always passed explicitly)."""
        from langchain_chroma import Chroma

        return Chroma(
            collection_name=self.collection_name,
            embedding_function=self.embeddings,
            client=self.client,
            collection_metadata={"hnsw:space": "cosine"},
        )

    @cached_property
    def record_manager(self):
        """SQL record manager (content hashes) for incremental indexing."""
        from langchain_classic.indexes import SQLRecordManager

        home = Path(self.settings.home)
        home.mkdir(parents=True, exist_ok=True)
        where = self.settings.chroma_url or "embedded"
        rm = SQLRecordManager(f"{where}/{self.collection_name}", db_url=f"sqlite:///{home / 'record_manager.sqlite3'}")
        rm.create_schema()
        return rm

    def ensure(self, rebuild: bool = False) -> dict[str, int]:
        """Bring the vector store up to date with the corpus; returns LangChain's IndexingResult counts."""
        from langchain_core.indexing import index

        docs = self.chunks()
        self.progress("indexation", 0.0)
        force = rebuild
        if not force:
            try:
                count = self.vector_store._collection.count()
            except Exception as exc:
                raise StoreUnavailable(f"Base vectorielle illisible ({exc}).") from exc
            if count != len(docs) and count < len(self.record_manager.list_keys()):
                force = True  # the store lost vectors the record manager remembers
        result = index(
            docs,
            self.record_manager,
            self.vector_store,
            cleanup="full",
            source_id_key="source",
            key_encoder="sha256",
            force_update=force,
        )
        self.progress("indexation", 1.0)
        log.info("index %s: %s", self.collection_name, result)
        return dict(result)

    @cached_property
    def keyword_index(self) -> KeywordIndex:
        """The in-memory BM25 index over the same chunks."""
        return KeywordIndex(self.chunks())

    # -------------------------------------------------------------- search
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
            flt: dict[str, Any] = {"call_id": self.spec.id}
            if allowed:
                flt = {"$and": [{"call_id": self.spec.id}, {"doc_type": {"$in": sorted(allowed)}}]}
            try:
                dense_hits = self.vector_store.similarity_search_with_score(q, k=pool, filter=flt)
            except Exception as exc:
                raise StoreUnavailable(f"Recherche vectorielle impossible ({exc}).") from exc
            for rank, (d, _dist) in enumerate(dense_hits):
                cid = d.metadata.get("chunk_id")
                if cid is None:
                    continue
                by_id.setdefault(cid, d)
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        if boost:
            from .callspec import squash

            wanted = [squash(b) for b in boost if b.strip()]
            for d in docs:
                if d.metadata.get("doc_type") == "call" and (not allowed or "call" in allowed):
                    flat = squash(d.page_content)
                    n = sum(1 for w in wanted if w in flat)
                    if n:
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
