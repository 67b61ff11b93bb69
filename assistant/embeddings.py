"""The embedding model: the model's own weights run with NumPy (`minilm.py`) for what an app embeds (questions, a
few passages), sentence-transformers through langchain-huggingface (torch) for bulk indexing; both loaded on first
use. The two give the same vectors to float32 rounding."""

from __future__ import annotations

import threading

#: batches of at least this many distinct texts go through torch (faster per text, but seconds to import)
BULK = 256


class LazyEmbeddings:
    """The embedding model, loaded on first use, with a small query cache.

    LangChain's `Embeddings` interface (embed_documents, embed_query, and their async forms), without importing
    langchain-core's runnables for it (half a second at start): LangChain's Chroma store only calls these methods."""

    def __init__(self, model: str, threads: int | None = None, bulk: int = BULK) -> None:
        self.model = model
        self.threads = threads
        self.bulk = bulk
        self._impl = None
        self._numpy = None
        self._numpy_tried = False
        self._lock = threading.Lock()
        self._cache: dict[str, list[float]] = {}

    @property
    def impl(self):
        """The underlying HuggingFaceEmbeddings (loads torch and the model once)."""
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

    @property
    def fast(self):
        """The NumPy encoder of the same model (no torch), or None when the model is not one it can run."""
        if not self._numpy_tried:
            with self._lock:
                if not self._numpy_tried:
                    from .minilm import NumpyEncoder

                    self._numpy = NumpyEncoder.load(self.model)
                    if self._numpy is not None:
                        from threadpoolctl import threadpool_limits

                        # a question's matrices are too small to share out: one BLAS thread unless told otherwise
                        threadpool_limits(limits=self.threads or 1, user_api="blas")
                    self._numpy_tried = True
        return self._numpy

    def load(self) -> None:
        """Load what questions need now (the app calls it in the background at start)."""
        if self.fast is not None:
            self.fast.encode(["chauffe"])
        else:
            self.impl.embed_query("chauffe")

    @property
    def bulk_loaded(self) -> bool:
        """True once torch and the model are loaded (`embed_bulk` starts at once)."""
        return self._impl is not None

    def embed_bulk(self, texts: list[str]) -> list[list[float]]:
        """Embed passages with torch whatever their number (a large build's batches, encoded ahead in parts)."""
        return self.impl.embed_documents(texts)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if texts and len(texts) < self.bulk and self.fast is not None:
            return self.fast.encode(texts).tolist()
        return self.impl.embed_documents(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages; a text repeated in the batch (a dossier template's boilerplate) is encoded once."""
        unique = list(dict.fromkeys(texts))
        if len(unique) == len(texts):
            return self._encode(texts)
        vectors = dict(zip(unique, self._encode(unique)))
        return [vectors[t] for t in texts]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        """embed_documents in a worker thread."""
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        """embed_query in a worker thread."""
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    def embed_query(self, text: str) -> list[float]:
        """Embed a query (cached)."""
        if text not in self._cache:
            if len(self._cache) > 2048:
                self._cache.clear()
            fast = self.fast
            self._cache[text] = fast.encode([text])[0].tolist() if fast is not None else self.impl.embed_query(text)
        return self._cache[text]
