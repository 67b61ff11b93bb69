"""Matching an applicant's question to the answer bank's approved questions, by words and by meaning.

Two questions are "the same" when an approved answer answers the new one as it is. The pair score mixes the share
of content words the two questions have in common (stemmed, accent-folded, typos tolerated) with the cosine of
their embeddings (the Assistant's model, passed in); numbers and negations must agree. The weights and the threshold
were chosen on `evals/bank_paraphrases.json` (dev split) by `python -m evals.bank_threshold`, which also reports the
test split in docs/benchmarks.md.

`MatchIndex` keeps `find_approved` flat as the bank grows: candidates come from a BM25 index over the approved
questions' words (bm25s; unknown words corrected against the bank's vocabulary); only those few candidates are
scored, with their stored embeddings. The asked question is embedded only when a candidate needs the cosine, and
once per distinct question (`QueryVectors`, keyed by case- and space-folded text).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import textnorm

#: A pair is the same question when its content words cover each other at least this much...
SAME_QUESTION_THRESHOLD = 0.8
#: ...or when LEXICAL_WEIGHT * words + (1 - LEXICAL_WEIGHT) * cosine reaches HYBRID_THRESHOLD (chosen on the dev split).
LEXICAL_WEIGHT = 0.0
HYBRID_THRESHOLD = 0.90
#: near_duplicates default: related questions worth showing before approving.
NEAR_DUPLICATE_THRESHOLD = 0.5
CANDIDATES = 30  # approved questions scored per asked question
_TOKEN_MATCH = 80  # rapidfuzz ratio from which two words count as the same word (typos)

_STOPWORDS = set(
    """
    a au aux avec ce ces cet cette d de des du elle elles en et est etre il ils je j l la le les leur leurs lui
    m ma mais me mes moi mon nous on ou par pour qu que quel quelle quelles quels qui s sa se ses son sur t ta te
    tes toi ton tu un une vos votre vous y c ca cela ceci dans faut peut-on il-y-a y-a-t-il t-il est-ce est-il
    comment combien quand quoi quel-est svp merci bonjour madame monsieur possible savoir voudrais aimerais
    souhaite souhaiterais pouvez pourriez dire indiquer connaitre
    peut peuvent puis pouvons pourra pourrai pourrait doit doivent dois devons faut fait faire avoir sont ont sera
    elle-meme il-est
    the an of to in on for is are be do does can could would what which when how who i we you our my it this
    that with please hello hi
    """.split()
)
# Negations and small words that change the meaning stay content words.
_KEEP = {"pas", "non", "ne", "ni", "sans", "not", "no", "plus", "moins", "max", "min"}
_NEGATIONS = {"ne", "n", "pas", "non", "ni", "sans", "not", "no", "jamais", "aucun", "aucune", "nt"}


def fold(text: str) -> str:
    """Lower-case, accent-folded text with punctuation turned into spaces."""
    return re.sub(r"[^a-z0-9]+", " ", textnorm.fold(text)).strip()


def content_words(question: str) -> list[str]:
    """The question's meaningful words: stemmed (French), accent-folded, stopwords removed."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", question.lower()))
    stemmer = textnorm.french_stemmer()
    out: list[str] = []
    for w in words:
        f = fold(w)
        if not f or (f in _STOPWORDS and f not in _KEEP):
            continue
        if len(f) < 2 and not f.isdigit():
            continue
        stem = fold(stemmer.stemWord(w)) if not f.isdigit() else f
        out.append(stem or f)
    return out


def _coverage(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of a's words found in b (fuzzy for words, exact for numbers), weighted by match quality."""
    from rapidfuzz import fuzz

    if not a:
        return 0.0
    total = 0.0
    for w in a:
        if w.isdigit():
            total += 1.0 if w in b else 0.0
            continue
        if w in b:
            total += 1.0
            continue
        best = max((fuzz.ratio(w, x) for x in b if not x.isdigit()), default=0.0)
        total += best / 100 if best >= _TOKEN_MATCH else 0.0
    return total / len(a)


def word_score(a: Sequence[str], b: Sequence[str]) -> float:
    """Symmetric word similarity of two content-word lists: the smaller of the two coverages."""
    return min(_coverage(a, b), _coverage(b, a))


def question_similarity(q1: str, q2: str) -> float:
    """Symmetric word similarity of two questions in [0, 1]."""
    a, b = content_words(q1), content_words(q2)
    if not a or not b:
        return 1.0 if fold(q1) == fold(q2) and fold(q1) else 0.0
    return word_score(a, b)


@dataclass(frozen=True)
class Signature:
    """What must agree between two questions for one answer to serve both: their numbers and their polarity."""

    numbers: frozenset[str]
    negated: bool

    @classmethod
    def of(cls, question: str) -> Signature:
        """The signature of a question."""
        words = fold(question.replace("'", " ")).split()
        return cls(frozenset(w for w in words if w.isdigit()), any(w in _NEGATIONS for w in words))


def pair_score(words: float, cosine: float | None) -> float:
    """The hybrid score of a pair: words alone without embeddings, else the weighted mix."""
    if cosine is None:
        return words
    return LEXICAL_WEIGHT * words + (1 - LEXICAL_WEIGHT) * cosine


def is_same(words: float, cosine: float | None, sig_a: Signature, sig_b: Signature) -> bool:
    """The decision rule: numbers and polarity agree, and the words or the hybrid score are high enough."""
    if sig_a != sig_b:
        return False
    if words >= SAME_QUESTION_THRESHOLD:
        return True
    return cosine is not None and pair_score(words, cosine) >= HYBRID_THRESHOLD


def embed(embeddings: Any, texts: list[str]) -> np.ndarray:
    """Unit-norm float32 embeddings of texts (rows)."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    m = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def embed_query(embeddings: Any, text: str) -> np.ndarray:
    """Unit-norm float32 embedding of one question."""
    v = np.asarray(embeddings.embed_query(text), dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def query_key(text: str) -> str:
    """The cache key of a question: case and spacing folded (the bundled model is uncased: same embedding)."""
    return " ".join(text.lower().split())


class QueryVectors:
    """Question embeddings cached by `query_key` (bounded, least recently used dropped), safe across threads.

    Applicants ask the same questions over and over: each distinct question is embedded once per process.
    """

    def __init__(self, embeddings: Any, size: int = 4096) -> None:
        self.embeddings = embeddings
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> np.ndarray:
        """The question's unit-norm embedding (computed on first sight of its key)."""
        key = query_key(text)
        with self._lock:
            v = self._cache.get(key)
            if v is not None:
                self._cache.move_to_end(key)
                return v
        v = embed_query(self.embeddings, text)
        with self._lock:
            self._cache[key] = v
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return v


class MatchIndex:
    """The approved questions of one bank revision, indexed for keyword and dense candidate retrieval."""

    def __init__(self, ids: list[int], questions: list[str], vectors: np.ndarray | None) -> None:
        self.ids = ids
        self.questions = questions
        self.words = [content_words(q) for q in questions]
        self.signatures = [Signature.of(q) for q in questions]
        self.vectors = vectors
        self.vocab = sorted({w for ws in self.words for w in ws})
        self._vocab_set = set(self.vocab)
        self._bm25: Any = None
        self._bm25_lock = threading.Lock()

    @property
    def bm25(self) -> Any:
        """The keyword index of the approved questions (bm25s), built on first need: a bank of CANDIDATES questions
        or fewer is scored whole and never needs it (nor bm25s's import of SciPy, a few tenths of a second)."""
        if self._bm25 is None and self.ids:
            with self._bm25_lock:
                if self._bm25 is None:
                    import bm25s

                    bm25 = bm25s.BM25()
                    bm25.index([ws or ["_vide_"] for ws in self.words], show_progress=False)
                    self._bm25 = bm25
        return self._bm25

    def __len__(self) -> int:
        return len(self.ids)

    def _query_words(self, words: list[str]) -> list[str]:
        """The query's words, each unknown one replaced by its closest bank word (typos)."""
        from rapidfuzz import fuzz, process

        out = []
        for w in words:
            if w in self._vocab_set or w.isdigit():
                out.append(w)
                continue
            hit = process.extractOne(w, self.vocab, scorer=fuzz.ratio, score_cutoff=_TOKEN_MATCH)
            if hit:
                out.append(hit[0])
        return [w for w in out if w in self._vocab_set]

    def candidates(self, words: list[str], k: int = CANDIDATES) -> set[int]:
        """Positions of the approved questions worth scoring: the best by keywords (typos corrected).

        No scan of every embedding: a pair can only pass the hybrid rule with a cosine of HYBRID_THRESHOLD or more,
        and on the paraphrase set no pair that close shares no content word, so keyword candidates lose nothing
        while keeping the cost independent of the bank's size. Small banks are scored whole.
        """
        n = len(self.ids)
        if n <= k:
            return set(range(n))
        q = self._query_words(words)
        if not q or self.bm25 is None:
            return set()
        res, scores = self.bm25.retrieve([q], k=k, show_progress=False)
        return {int(i) for i, s in zip(res[0], scores[0]) if s > 0}

    def best(self, question: str, qvec: np.ndarray | Callable[[], np.ndarray] | None) -> tuple[int, float] | None:
        """(entry id, score) of the approved question that is the same question, or None.

        `qvec` may be a function giving the question's embedding: it is called at most once, and only when the
        cosine decides (no approved question with the same numbers and polarity has the same words).
        """
        if not self.ids:
            return None
        words = content_words(question)
        sig = Signature.of(question)
        scored: list[tuple[int, float]] = []
        for pos in self.candidates(words):
            if sig != self.signatures[pos]:  # numbers or polarity differ: never the same question
                continue
            other = self.words[pos]
            if words and other:
                w = word_score(words, other)
            else:
                w = 1.0 if fold(question) == fold(self.questions[pos]) and fold(question) else 0.0
            scored.append((pos, w))
        if not scored:
            return None
        by_words = [(w, pos) for pos, w in scored if w >= SAME_QUESTION_THRESHOLD]
        if by_words:  # the same words: no need of the meaning
            w, pos = max(by_words, key=lambda p: (p[0], -p[1]))
            return self.ids[pos], round(w, 3)
        if callable(qvec):
            qvec = qvec() if self.vectors is not None else None
        best: tuple[float, int] | None = None
        for pos, w in scored:
            cos = float(self.vectors[pos] @ qvec) if qvec is not None and self.vectors is not None else None
            if not is_same(w, cos, sig, self.signatures[pos]):
                continue
            score = max(w, pair_score(w, cos))
            if best is None or score > best[0]:
                best = (score, self.ids[pos])
        return (best[1], round(best[0], 3)) if best else None
