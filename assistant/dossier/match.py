"""Finding the parts of the dossier in its units: by heading words, by content, and by meaning.

Three kinds of evidence, each reported with the unit it was found on and why:
- heading: a part's heading (dossier.yaml `headings`, French and English) opens the unit's title, a short body line,
  a label ("Objectifs : ...") or a table cell; looked up in a dictionary at each word boundary of the (bounded)
  candidate, so the work is linear in the text;
- content: the part's content patterns (a Gantt table full of months, a table of euro amounts);
- meaning: when a part is still missing, the units no heading or content names have their title and first lines
  embedded (one batch per dossier, with the Assistant's own embedding model) and compared with the parts'
  `examples`; a unit counts for a missing part when that part is close enough and clearly closer than the others
  (and than the `non_part_examples`, e.g. "merci"). A dossier whose parts all have headings costs no embedding.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .plan import DossierPlan, Part, norm
from .read import ReadDossier, Unit
from .wording import msg

log = logging.getLogger(__name__)

MEANING_MIN = 0.40      # cosine similarity to a part's closest example
MEANING_MARGIN = 0.06   # ... and that much above the next part (or the non-part examples)
MEANING_CHARS = 240     # title + first body characters embedded per unit
MEANING_UNITS = 60      # at most this many units embedded per dossier
CANDIDATE_CHARS = 60    # a body line longer than this is a heading only through its "label :" part
HEADING_MAX = 64

_NUMBERING = re.compile(r"^(?:[-•*▪►✓☐■◆>\u2022]+\s*|\(?\d{1,2}(?:[.)]\d{0,2})*[.)]?\s+|\(?[ivx]{1,4}[.)]\s+|[a-h][.)]\s+|(?:partie|part|section|etape|step|chapitre)\s+\d+\s*[:.-]?\s*)+")
_ARTICLE = re.compile(r"^(?:(?:le|la|les|l'|nos|notre|votre|vos|our|the|your|du|des|de la|sa|son|ses)\s*)+")
_SEGMENTS = re.compile(r"\s*(?:[:|•·]|\s[-/]\s|\s\(|\)\s)\s*")
_LABEL = re.compile(r"\s*[:|]\s*")


@dataclass
class Hit:
    """A part found on a unit: how, why, and which body lines belong to it (None: the whole unit)."""

    part: str
    unit: int
    how: str  # heading | label | content | meaning
    why: str
    lines: list[int] | None = None


@dataclass
class Found:
    """Every hit of every part, in unit order."""

    hits: dict[str, list[Hit]] = field(default_factory=dict)

    def units(self, part_id: str) -> list[int]:
        """The units a part was found on, sorted."""
        return sorted({h.unit for h in self.hits.get(part_id, [])})

    def add(self, hit: Hit) -> None:
        """Record a hit (one per part and unit: the first kept)."""
        lst = self.hits.setdefault(hit.part, [])
        if not any(h.unit == hit.unit for h in lst):
            lst.append(hit)


class HeadingIndex:
    """The plan's headings as a dictionary (exact prefix lookups) plus one compiled pattern for titles."""

    def __init__(self, plan: DossierPlan) -> None:
        self.by_heading: dict[str, list[str]] = {}
        multi: set[str] = set()
        for p in plan.parts:
            for h in p.headings:
                self.by_heading.setdefault(h, [])
                if p.id not in self.by_heading[h]:
                    self.by_heading[h].append(p.id)
                if " " in h:
                    multi.add(h)
        alts = "|".join(re.escape(h) for h in sorted(multi, key=len, reverse=True))
        self.anywhere = re.compile(r"(?<![a-z0-9])(?:" + alts + r")(?![a-z0-9])") if alts else None

    def lookup(self, cand: str, title: bool = False) -> list[str]:
        """Parts whose heading opens a segment of `cand` (folded); in a title, multi-word headings anywhere."""
        out: list[str] = []
        for seg in _SEGMENTS.split(cand[:CANDIDATE_CHARS * 4]):
            seg = _ARTICLE.sub("", _NUMBERING.sub("", seg.strip())).strip()
            if not seg:
                continue
            for i in range(1, min(len(seg), HEADING_MAX) + 1):
                if i < len(seg) and seg[i].isalnum():
                    continue
                for pid in self.by_heading.get(seg[:i], ()):
                    if pid not in out:
                        out.append(pid)
        if title and self.anywhere is not None:
            for m in self.anywhere.finditer(cand[:CANDIDATE_CHARS * 4]):
                for pid in self.by_heading.get(m.group(0), ()):
                    if pid not in out:
                        out.append(pid)
        return out


_INDEXES: dict[str, HeadingIndex] = {}


def _index(plan: DossierPlan) -> HeadingIndex:
    if plan.key not in _INDEXES:
        _INDEXES[plan.key] = HeadingIndex(plan)
    return _INDEXES[plan.key]


def _strip(text: str, strip: list[str]) -> str:
    t = norm(text)
    for st in strip:
        if st:
            t = t.replace(st, " ")
    return t.strip()


def _candidate(line: str, strip: list[str]) -> str | None:
    """A body line as a heading candidate: itself when short, else its "label :" part when short."""
    t = _strip(line[: CANDIDATE_CHARS * 4], strip)
    if not t:
        return None
    if len(t) <= CANDIDATE_CHARS and not t.endswith("."):
        return t
    head = _LABEL.split(t, maxsplit=1)[0]
    return head if len(head) <= 45 and head != t else None


def _content_match(part: Part, text: str) -> int:
    if not part.content_patterns or part.content_min <= 0:
        return 0
    found: set[str] = set()
    for pat in part.content_patterns:
        for m in pat.finditer(text):
            found.add(m.group(0))
            if len(found) >= part.content_min:
                return len(found)
    return 0


def find_parts(doc: ReadDossier, plan: DossierPlan, strip: list[str], embeddings: Any | None = None,
               deadline: Any | None = None) -> Found:
    """Where each part of the plan is in the dossier, and why."""
    index = _index(plan)
    found = Found()
    unnamed: list[Unit] = []
    for u in doc.units:
        if deadline is not None and deadline.expired:
            break
        title_parts: list[str] = []
        t = _strip(u.title, strip)
        if t:
            title_parts = index.lookup(t, title=True)
        owners: list[list[str]] = []
        label_at: dict[str, int] = {}
        current: list[str] = []
        for j, line in enumerate(u.lines):
            cand = _candidate(line, strip)
            pids = index.lookup(cand) if cand else []
            if j == 0 and pids and _strip(line, strip) == t:
                pids = []  # the title repeated as the first line
            if pids and title_parts and " | " in line:
                pids = []  # a table row under a titled part belongs to that part ("Évaluation | 2 500 €" in a budget)
            if pids:
                current = pids
                for pid in pids:
                    label_at.setdefault(pid, j)
            owners.append(current)
        sections = {p.id: p.section for p in plan.parts}
        for pid in title_parts:  # lines under another part's label ("Indicateurs : ...") are that part's
            lines = [j for j, o in enumerate(owners)
                     if not o or pid in o or all(not sections.get(q) or sections.get(q) == sections.get(pid) for q in o)]
            found.add(Hit(pid, u.n, "heading", msg("why_heading", text=u.title.strip()[:80]), lines))
        for pid, j in label_at.items():
            if pid in title_parts:
                continue
            lines = [k for k, o in enumerate(owners) if pid in o]
            found.add(Hit(pid, u.n, "label", msg("why_label", text=u.lines[j].split(":")[0].strip()[:80]), lines))
        content_hit = False
        folded = None
        for p in plan.parts:
            if not p.content_patterns or p.id in title_parts or p.id in label_at:
                continue
            folded = folded if folded is not None else norm(u.title + "\n" + u.body)
            n = _content_match(p, folded)
            if n:
                content_hit = True
                found.add(Hit(p.id, u.n, "content", msg("why_content", n=n), None))
        if not title_parts and not content_hit and (u.title.strip() or u.lines):
            unnamed.append(u)
    missing = {p.id for p in plan.parts if p.section and p.examples
               and not any(found.hits.get(q.id) for q in plan.parts if q.section == p.section)}
    if embeddings is not None and unnamed and missing and not (deadline is not None and deadline.expired):
        skip_cover = doc.format == "pptx" and len(doc.units) >= 4
        todo = [u for u in unnamed if not (skip_cover and u.n == 1)][:MEANING_UNITS]
        t0 = time.monotonic()
        _examples(plan, embeddings)  # loads the model and embeds the examples the first time only
        if deadline is not None:
            deadline.extend(time.monotonic() - t0)
        for u, pid, example, score in _by_meaning(todo, plan, embeddings):
            if pid in missing:
                found.add(Hit(pid, u.n, "meaning", msg("why_meaning", example=example, score=score), None))
    return found


# --------------------------------------------------------------------------- meaning

_VECTORS: dict[tuple[str, int], tuple[Any, list[str], list[str]]] = {}
_LOCK = threading.Lock()


def _examples(plan: DossierPlan, embeddings: Any):
    """The plan's examples embedded once per (plan, embeddings): matrix, owner part ids, texts."""
    key = (plan.key, id(embeddings))
    with _LOCK:
        if key not in _VECTORS:
            import numpy as np

            owners, texts = [], []
            for p in plan.parts:
                if p.section:
                    for ex in p.examples:
                        owners.append(p.id)
                        texts.append(ex)
            for ex in plan.non_part_examples:
                owners.append("")
                texts.append(ex)
            mat = np.asarray(embeddings.embed_documents(texts), dtype="float32") if texts else np.zeros((0, 1), "float32")
            _VECTORS[key] = (_normalised(mat), owners, texts)
        return _VECTORS[key]


_THREADS = {"users": 0, "saved": None}


@contextmanager
def _one_thread():
    """Torch on one intra-op thread while reviews embed: their batches are small, and in an inbox the parallelism
    comes from the review threads (on a busy 2-CPU machine, 2 threads made a 2-text batch 10x slower)."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    with _LOCK:
        if _THREADS["users"] == 0:
            _THREADS["saved"] = torch.get_num_threads()
            torch.set_num_threads(1)
        _THREADS["users"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _THREADS["users"] -= 1
            if _THREADS["users"] == 0 and _THREADS["saved"]:
                torch.set_num_threads(_THREADS["saved"])


def _normalised(mat):
    import numpy as np

    if mat.size == 0:
        return mat
    n = np.linalg.norm(mat, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return mat / n


def _by_meaning(units: list[Unit], plan: DossierPlan, embeddings: Any) -> list[tuple[Unit, str, str, float]]:
    """For each unit, the part it means (if any), with the closest example and its score.

    First the titles alone (short, and cached: an inbox repeats its headings); then, for the units a title does not
    settle, the title with the first lines, in one batch.
    """
    import numpy as np

    mat, owners, texts = _examples(plan, embeddings)
    if not units or mat.size == 0:
        return []
    titles = [u.title.strip()[:MEANING_CHARS] for u in units]
    tvecs = _cached_vectors([t for t in titles if t], embeddings)
    rows: list[Any] = [None] * len(units)
    out: list[tuple[Unit, str, str, float]] = []
    rest: list[int] = []
    for k, (u, t) in enumerate(zip(units, titles)):
        if t in tvecs:
            rows[k] = tvecs[t] @ mat.T
            hit = _decide(rows[k], owners)
            if hit:
                out.append((u, hit[0], texts[hit[1]], hit[2]))
                continue
        if u.lines:
            rest.append(k)
    if rest:
        payload = [(titles[k] + "\n" + units[k].body)[:MEANING_CHARS] for k in rest]
        with _one_thread():
            vecs = _normalised(np.asarray(embeddings.embed_documents(payload), dtype="float32"))
        for k, row in zip(rest, vecs @ mat.T):
            both = row if rows[k] is None else np.maximum(rows[k], row)
            hit = _decide(both, owners)
            if hit:
                out.append((units[k], hit[0], texts[hit[1]], hit[2]))
    log.debug("meaning: %d of %d units recognised", len(out), len(units))
    return out


def _decide(row, owners: list[str]) -> tuple[str, int, float] | None:
    """The part a row of similarities points at: close enough, clearly ahead of the others and of non-parts."""
    best: dict[str, tuple[float, int]] = {}
    for i, owner in enumerate(owners):
        if owner not in best or row[i] > best[owner][0]:
            best[owner] = (float(row[i]), i)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    pid, (score, i) = ranked[0]
    second = ranked[1][1][0] if len(ranked) > 1 else 0.0
    if pid and score >= MEANING_MIN and score - second >= MEANING_MARGIN:
        return pid, i, score
    return None


_TITLE_CACHE: dict[tuple[int, str], Any] = {}
TITLE_CACHE_SIZE = 4096


def _cached_vectors(titles: list[str], embeddings: Any) -> dict[str, Any]:
    """Normalised vectors of short texts, embedded once per embeddings object (bounded cache)."""
    import numpy as np

    key = id(embeddings)
    with _LOCK:
        todo = sorted({t for t in titles if (key, t) not in _TITLE_CACHE})
    if todo:
        with _one_thread():
            vecs = _normalised(np.asarray(embeddings.embed_documents(todo), dtype="float32"))
        with _LOCK:
            if len(_TITLE_CACHE) + len(todo) > TITLE_CACHE_SIZE:
                _TITLE_CACHE.clear()
            for t, v in zip(todo, vecs):
                _TITLE_CACHE[(key, t)] = v
    with _LOCK:
        return {t: _TITLE_CACHE[(key, t)] for t in titles if (key, t) in _TITLE_CACHE}
