"""The naive RAG baseline scored beside the assistant: fixed-size chunks, dense top-k, first passage as the answer.

RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over the call document, the same bundled
embedding model through HuggingFaceEmbeddings, an in-memory vector store; the answer is the top passage,
its kind is always "answer", and it cites itself (so its quotes are verbatim by construction).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

NAME = "dense top-k, first passage as answer"


class NaiveBaseline:
    """Dense retrieval over 1000/200 character chunks of the call document; the first passage is the answer."""

    name = NAME

    def __init__(self, call_text: str, source: str, model_path: str, embeddings: Any | None = None) -> None:
        from langchain_core.vectorstores import InMemoryVectorStore
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        if embeddings is None:
            from langchain_huggingface import HuggingFaceEmbeddings

            embeddings = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"})
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.source = source
        self.chunks = splitter.split_text(call_text)
        self.store = InMemoryVectorStore(embeddings)
        self.store.add_texts(self.chunks)
        self.embeddings = embeddings
        self._vectors: dict[str, list[float]] = {}
        log.info("baseline: %d chunks", len(self.chunks))

    def prepare(self, queries: list[str]) -> None:
        """Embed many queries in one batch (the same vectors one by one would give, much faster)."""
        todo = [q for q in dict.fromkeys(queries) if q not in self._vectors]
        if todo:
            self._vectors.update(zip(todo, self.embeddings.embed_documents(todo)))

    def search(self, query: str, k: int = 10) -> list[str]:
        """The k nearest chunks' texts."""
        if query not in self._vectors:
            self._vectors[query] = self.embeddings.embed_query(query)
        return [d.page_content for d in self.store.similarity_search_by_vector(self._vectors[query], k=k)]

    def ask(self, question: str, history: list | None = None) -> dict:
        """An Answer-shaped dict: the top passage, kind "answer", citing itself."""
        top = self.search(question, k=1)
        text = top[0] if top else ""
        return {"kind": "answer", "answer": text,
                "citations": [{"source": self.source, "locator": "", "quote": text}] if text else [],
                "suggested_reply": ""}
