"""Encoding a cold build's chunks while its files are still being parsed.

A cold `ami index` parses every file, then embeds every chunk: parsing (python-pptx, python-docx) holds the
interpreter, the model's encode does not (torch releases the GIL), so the two can share the machine's cores. While
the files are parsed, `EncodeAhead` encodes in a background thread the texts parsed so far, a batch of texts of about
the same length at a time (the model pads a batch to its longest text, so such a batch costs what it would in one
large call, where the model sorts the texts by length). Once every text is known it goes on through the texts in the
order the build will ask for them, one indexing batch at a time, each sorted by length as the model would. The build
(LangChain's indexing call, unchanged) gets its vectors through `Prefetched` embeddings, which wait for them. What is
indexed, under which ids and records, in which order, does not change: only when its vectors were computed.

One encode runs at a time: the model's thread budget (`AMI_TORCH_THREADS`) is the one it had.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Iterable

import numpy as np

log = logging.getLogger(__name__)

BATCH = 32  # texts per encode: the model's own batch size
WIDTH = 64  # characters per length bucket: the texts of a batch encoded while parsing differ by less than this
Encode = Callable[[list[str]], list[list[float]]]


class EncodeAhead:
    """A background thread that encodes the texts it is given until they are all encoded or it is stopped.

    While texts still come (`add`), it encodes a batch of similar lengths at a time; after `close(order)`, the rest in
    `order`, `group` texts at a time, each group sorted by length. `get` waits for texts' vectors. `encode` must release
    the GIL for the thread to run beside the caller's parsing (torch does).
    """

    def __init__(self, encode: Encode, batch: int = BATCH, start_at: int = 0) -> None:
        self._encode = encode
        self.batch = batch
        self.start_at = start_at  # encode nothing before this many texts are known (e.g. the bulk encoder's threshold)
        self._buckets: dict[int, list[str]] = {}
        self._seen: set[str] = set()
        self._queue: list[list[str]] | None = None  # after close: the remaining texts, batch by batch
        self._urgent: list[list[str]] = []  # texts asked for that were never given
        self._vectors: dict[str, np.ndarray] = {}  # float32 rows (the model's own precision): 1.5 kB a chunk
        self._cond = threading.Condition()
        self._stopping = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="ami-encode-ahead", daemon=True)
        self._thread.start()

    def add(self, texts: Iterable[str]) -> None:
        """Texts to encode (each distinct text once), as the files are parsed."""
        with self._cond:
            for t in texts:
                if t not in self._seen:
                    self._seen.add(t)
                    self._buckets.setdefault(len(t) // WIDTH, []).append(t)
            self._cond.notify_all()

    def close(self, order: list[str], group: int) -> None:
        """Every text is known: encode the rest in this order, `group` texts at a time, each group sorted by length
        (longest first, as the model does), `batch` texts per encode."""
        with self._cond:
            self.add(order)
            self._buckets.clear()
            queue: list[list[str]] = []
            for i in range(0, len(order), group):
                rest = [t for t in dict.fromkeys(order[i:i + group]) if t not in self._vectors]
                rest.sort(key=len, reverse=True)
                queue += [rest[j:j + self.batch] for j in range(0, len(rest), self.batch)]
            self._queue = queue
            self._cond.notify_all()

    def _next_batch(self) -> list[str] | None:
        for queue in (self._urgent, self._queue):
            while queue:
                batch = [t for t in queue.pop(0) if t not in self._vectors]
                if batch:
                    return batch
        if self._queue is not None:
            return None
        if len(self._seen) < self.start_at or not self._buckets:
            return None
        key = max(self._buckets, key=lambda k: (len(self._buckets[k]), k))
        bucket = self._buckets[key]
        if len(bucket) < self.batch // 4:  # a few texts only: wait for more of their length
            return None
        taken, self._buckets[key] = bucket[: self.batch], bucket[self.batch:]
        if not self._buckets[key]:
            del self._buckets[key]
        return taken

    def _run(self) -> None:
        while True:
            with self._cond:
                batch = self._next_batch()
                while batch is None and not self._stopping:
                    self._cond.wait()
                    batch = self._next_batch()
                if self._stopping:
                    return
            try:
                vectors = self._encode(batch)
                if len(vectors) != len(batch):
                    raise ValueError(f"the model gave {len(vectors)} vectors for {len(batch)} texts")
            except BaseException as exc:  # handed to the caller waiting for vectors
                with self._cond:
                    self._error = exc
                    self._cond.notify_all()
                return
            with self._cond:
                self._vectors.update(zip(batch, np.asarray(vectors, dtype=np.float32)))
                self._cond.notify_all()

    def get(self, texts: list[str]) -> list[list[float]]:
        """The vectors of texts, once encoded (texts never given are encoded first); the encoder's error if it failed."""
        with self._cond:
            unknown = [t for t in dict.fromkeys(texts) if t not in self._seen]
            if unknown:  # not from the parsed files (none in a build): encoded next
                self._seen.update(unknown)
                self._urgent += [unknown[j:j + self.batch] for j in range(0, len(unknown), self.batch)]
                self._cond.notify_all()
            while any(t not in self._vectors for t in texts):
                if self._error is not None:
                    raise self._error
                if self._stopping or not self._thread.is_alive():
                    raise RuntimeError("encoder stopped")
                self._cond.wait()
            return [self._vectors[t].tolist() for t in texts]

    def stop(self) -> None:
        """Stop after the batch under way (the build is over, or failed)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join()


class Prefetched:
    """LangChain embeddings whose documents' vectors come from an `EncodeAhead`; queries from the model."""

    def __init__(self, inner: Any, ahead: EncodeAhead) -> None:
        self.inner = inner
        self.ahead = ahead

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """The vectors of texts, as the encoder reaches them."""
        return self.ahead.get(list(texts))

    def embed_query(self, text: str) -> list[float]:
        """A query's vector, from the underlying model."""
        return self.inner.embed_query(text)
