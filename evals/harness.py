"""Runs the eval cases through a system (the Assistant's public API, or the naive baseline) and scores them.

The harness only calls the public API: `Assistant.ask`, `.check`, `.check_text`, `.review_dossier`, `.search`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .metrics import (
    CaseResult,
    QuoteChecker,
    aggregate,
    by_category,
    error_result,
    retrieval_scores,
    score_answer,
    score_eligibility,
    score_review,
)

log = logging.getLogger(__name__)

EVALS_DIR = Path(__file__).resolve().parent
CORPUS_DIR = EVALS_DIR.parent / "corpus"
CASES_GLOB = "evals/*.jsonl"  # a call's case files, relative to its folder
ORIGINAL_FILE = "cases.jsonl"
# the first call's original cases (written with the routing vocabulary; all "dev"): the benchmark's questions
CASES_FILE = CORPUS_DIR / "ami-innovation-sociale-emploi-pas-de-calais-2024" / "evals" / ORIGINAL_FILE
THRESHOLDS_FILE = EVALS_DIR / "thresholds.toml"
SPLITS = ("dev", "test")
DEFAULT_AS_OF = date(2026, 11, 27)
ASK_CATEGORIES_WITHOUT_RETRIEVAL = {"follow_up"}

Progress = Callable[[str], None]


def load_cases(path: Path = CASES_FILE) -> list[dict]:
    """The eval cases (one JSON object per line; blank lines and // comments skipped)."""
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path.name}, ligne {n} : JSON invalide ({exc.msg}).") from exc
    ids = [c["id"] for c in cases]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ValueError(f"{path.name} : identifiants de cas en double : {', '.join(dup)}")
    return cases


def call_case_files(call_dir: Path) -> list[Path]:
    """The case files of a call folder (`evals/*.jsonl`), sorted by name."""
    return sorted(call_dir.glob(CASES_GLOB))


def load_call_cases(corpus_dir: Path, call_id: str) -> list[dict]:
    """Every case of a call, each tagged with its `call` and case `file` ("split" defaults to "dev").

    A case id is unique within its call (across its files)."""
    cases: list[dict] = []
    for path in call_case_files(corpus_dir / call_id):
        for c in load_cases(path):
            cases.append({**c, "call": call_id, "file": path.name, "split": c.get("split") or "dev"})
    seen: dict[str, str] = {}
    for c in cases:
        if c["id"] in seen:
            raise ValueError(f"{call_id} : identifiant de cas en double {c['id']} ({seen[c['id']]}, {c['file']})")
        seen[c["id"]] = c["file"]
    return cases


def discover_calls(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """(calls with a call.yaml, folders holding eval cases but no call.yaml yet: skipped)."""
    if not corpus_dir.is_dir():
        return [], []
    folders = sorted(p for p in corpus_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    ready = [p.name for p in folders if (p / "call.yaml").is_file()]
    waiting = [p.name for p in folders if not (p / "call.yaml").is_file() and call_case_files(p)]
    return ready, waiting


def case_date(case: dict, default: date) -> date:
    """The case's `as_of` (the date the assistant takes as today for it), or the suite's date."""
    return date.fromisoformat(case["as_of"]) if case.get("as_of") else default


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, dict[str, float]]:
    """The thresholds flattened: {"min": {metric: value}, "max": {metric: value}} (first gate naming a metric wins;
    `evals.gates.load_gates` gives them with their scopes)."""
    from .gates import flat_thresholds, load_gates

    return flat_thresholds(load_gates(path))


def corpus_hash(call_dir: Path) -> str:
    """SHA-256 over the call folder's files (relative path + bytes), in sorted order."""
    h = hashlib.sha256()
    for p in sorted(call_dir.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(call_dir).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def rule_quotes(spec: Any) -> dict[str, list[str]]:
    """Every rule id of the call spec mapped to its verbatim quotes."""
    return {r.id: list(r.quotes) for r in spec.rules}


def task_of(case: dict) -> str:
    """ask | eligibility | review."""
    return case["category"] if case["category"] in ("eligibility", "review") else "ask"


def _dump(obj: Any) -> dict:
    return obj.model_dump(mode="json") if hasattr(obj, "model_dump") else dict(obj)


@dataclass
class System:
    """What the harness drives: callables over the public API (None when the system lacks a capability)."""

    name: str
    ask: Callable[[str, list | None], Any]
    search: Callable[[str, int], list[str]] | None = None
    check: Callable[[dict], Any] | None = None
    check_text: Callable[[str], Any] | None = None
    review: Callable[[Path], Any] | None = None
    at: Callable[[date], System] | None = None  # the same system on another date (None: dates are ignored)


def assistant_system(assistant: Any) -> System:
    """The Assistant's public API as a System; `at(d)` uses `Assistant.at(d)`, one assistant per date."""
    dated: dict[date, System] = {}

    def at(d: date) -> System:
        if d == assistant.as_of:
            return system
        if d not in dated:
            other = assistant.at(d)
            other.search("date", k=1)  # builds what the new date does not share, before any case is timed
            dated[d] = assistant_system(other)
        return dated[d]

    system = System(
        name="assistant",
        ask=lambda q, h: assistant.ask(q, history=h),
        search=lambda q, k: [hit.text for hit in assistant.search(q, k=k)],
        check=assistant.check,
        check_text=assistant.check_text,
        review=assistant.review_dossier,
        at=at,
    )
    return system


@dataclass
class SuiteRun:
    """All case results of one system, with metrics and per-category summaries."""

    system: str
    results: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def metrics(self) -> dict[str, float | None]:
        """Aggregate metrics."""
        return aggregate(self.results)

    @property
    def categories(self) -> dict[str, dict[str, Any]]:
        """Per-category cases, passes, failing ids and metrics."""
        return by_category(self.results)

    def extend(self, other: SuiteRun) -> None:
        """Append another run's results (another call) and its time."""
        self.results += other.results
        self.seconds += other.seconds

    def failures(self) -> list[CaseResult]:
        """The failed cases."""
        return [r for r in self.results if not r.passed]


def run_cases(system: System, cases: list[dict], spec: Any, checker: QuoteChecker, as_of: date,
              deck_dir: Path, progress: Progress | None = None) -> SuiteRun:
    """Run every case the system can handle and score it (a raised exception fails the case, never the run)."""
    from .decks import build_deck

    quotes = rule_quotes(spec)
    run = SuiteRun(system.name)
    t_start = time.perf_counter()
    for case in cases:
        task = task_of(case)
        if progress:
            progress(case["id"])
        if task == "eligibility" and (system.check is None or system.check_text is None):
            continue
        if task == "review" and system.review is None:
            continue
        day = as_of
        try:
            day = case_date(case, as_of)
            sut = system.at(day) if system.at is not None and day != as_of else system
            t0 = time.perf_counter()
            if task == "ask":
                got = _dump(sut.ask(case["question"], case.get("history") or None))
                ms = (time.perf_counter() - t0) * 1000
                res = score_answer(case, got, checker, quotes, day, latency_ms=ms)
                if (sut.search is not None and case.get("rule_ids") and case["expected_kind"] == "answer"
                        and case["category"] not in ASK_CATEGORIES_WITHOUT_RETRIEVAL):
                    passages = sut.search(case["question"], 10)
                    res.recall_at_5, res.rr_at_10 = retrieval_scores(passages, case["rule_ids"], quotes)
            elif task == "eligibility":
                got = _dump(sut.check(case["profile"]) if "profile" in case else sut.check_text(case["text"]))
                res = score_eligibility(case, got, checker, latency_ms=(time.perf_counter() - t0) * 1000)
            else:
                path = deck_dir / f"{case['id']}.pptx"
                path.write_bytes(build_deck(case["deck"]))
                t0 = time.perf_counter()
                got = _dump(sut.review(path))
                res = score_review(case, got, checker, latency_ms=(time.perf_counter() - t0) * 1000)
        except Exception as exc:  # the system under test failed on this case: record it and go on
            log.debug("case %s raised", case["id"], exc_info=True)
            res = error_result(case, task, exc)
        res.call, res.file = case.get("call") or spec.id, case.get("file", "")
        res.split, res.as_of = case.get("split") or "dev", day.isoformat()
        run.results.append(res)
    run.seconds = time.perf_counter() - t_start
    return run


def make_checker(corpus_dir: Path) -> QuoteChecker:
    """A QuoteChecker reading sources through the project's own loader (assistant.corpus.load_document)."""
    from assistant.corpus import load_document

    def load_text(source: str) -> str:
        path = (corpus_dir / source).resolve()
        if corpus_dir.resolve() not in path.parents:
            raise ValueError(f"source outside the corpus: {source}")
        return load_document(path, source).text

    return QuoteChecker(load_text)
