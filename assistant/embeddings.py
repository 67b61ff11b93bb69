"""The embedding model: sentence-transformers through langchain-huggingface, loaded on first use."""

from __future__ import annotations

import threading

from langchain_core.embeddings import Embeddings


class LazyEmbeddings(Embeddings):
    """sentence-transformers through langchain-huggingface, loaded on first use, with a small query cache."""

    def __init__(self, model: str, threads: int | None = None) -> None:
        self.model = model
        self.threads = threads
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

                    if self.threads:
                        import torch

                        torch.set_num_threads(self.threads)

                    self._impl = HuggingFaceEmbeddings(
                        model_name=self.model,
                        model_kwargs={"device": "cpu", "local_files_only": True},
                        encode_kwargs={"normalize_embeddings": True},
                    )
        return self._impl

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages; a text repeated in the batch (a dossier template's boilerplate) is encoded once."""
        unique = list(dict.fromkeys(texts))
        if len(unique) == len(texts):
            return self.impl.embed_documents(texts)
        vectors = dict(zip(unique, self.impl.embed_documents(unique)))
        return [vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query (cached)."""
        if text not in self._cache:
            if len(self._cache) > 2048:
                self._cache.clear()
            self._cache[text] = self.impl.embed_query(text)
        return self._cache[text]
