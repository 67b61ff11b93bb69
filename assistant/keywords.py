"""The keyword half of the hybrid search: BM25 over a call's chunks (bm25s, French stemming, accents folded)."""

from __future__ import annotations

from langchain_core.documents import Document

from .textnorm import tokens


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
