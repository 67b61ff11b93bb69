"""Deterministic scoring of the assistant's results against the eval cases.

Every function here is pure: it takes plain dicts (``Answer.model_dump(mode="json")`` and friends) and the
call's texts, and returns booleans, lists of reasons or numbers. No model, no randomness, no network.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

# --------------------------------------------------------------------------- text normalisation

_DASHES = dict.fromkeys(map(ord, "-‐‑‒–—―"), " ")
_QUOTES = {ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("`"): "'"}


def squash(text: str) -> str:
    """Whitespace (including no-break spaces) folded to single spaces."""
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ").replace("\u202f", " ")).strip()


def normalize(text: str) -> str:
    """Lower case, accents folded, dashes as spaces, typographic apostrophes as ', whitespace squashed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_QUOTES).translate(_DASHES).lower()
    return squash(text)


def has_fact(text: str, alternatives: Iterable[str]) -> bool:
    """True when one of the alternatives occurs in the text (normalised, case and accent blind)."""
    hay = normalize(text)
    return any(normalize(alt) in hay for alt in alternatives if alt)


def contains_quote(passage: str, quote: str, min_reverse: int = 40) -> bool:
    """True when `passage` holds `quote` up to whitespace (or is itself a long enough piece of it)."""
    p, q = squash(passage), squash(quote)
    if not q or not p:
        return False
    return q in p or (len(p) >= min_reverse and p in q)


# --------------------------------------------------------------------------- claims (numbers, dates, e-mails)

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}", re.I)
_URL = re.compile(r"https?://\S+", re.I)
_MARKER = re.compile(r"\[\d{1,2}\]")
_DATE_PATTERNS = [
    (re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)? ({_MONTH_RE}) (\d{{4}})\b"), ("d", "m", "y")),
    (re.compile(rf"\b({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"), ("m", "d", "y")),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), ("d", "mn", "y")),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "mn", "d")),
]
_NUMBER = re.compile(r"\d{1,3}(?:[ .,]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?")


def _claim_text(text: str) -> str:
    """Accent-folded, lower-cased text with spaces normalised (dashes kept: they matter in dates)."""
    text = re.sub(r"(?<=[a-zà-ÿ]) \((?:\d{2,3}|2[AB])\)", "", text or "")  # a homonym's département code: "Mons (59)"
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    return squash(t)


def _dates(text: str) -> tuple[set[str], str]:
    """ISO dates found in a (claim-normalised) text, and the text with those dates blanked out."""
    found: set[str] = set()
    for rx, order in _DATE_PATTERNS:
        def repl(m: re.Match) -> str:
            parts = dict(zip(order, m.groups()))
            month = _MONTHS.get(parts.get("m", ""), 0) or int(parts.get("mn", "0") or 0)
            try:
                found.add(date(int(parts["y"]), month, int(parts["d"])).isoformat())
            except (ValueError, KeyError):
                return m.group(0)
            return " "
        text = rx.sub(repl, text)
    return found, text


def _numbers(text: str) -> set[str]:
    """Canonical numbers (thousand separators removed) of two or more digits in a text."""
    out: set[str] = set()
    for m in _NUMBER.finditer(text):
        tok = m.group(0)
        if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+(?:,\d+)?", tok):
            head, _, dec = tok.partition(",") if re.search(r",\d{1,2}$", tok) else (tok, "", "")
            canon = re.sub(r"[ .,]", "", head) + (f".{dec}" if dec else "")
        else:
            canon = tok.replace(",", ".")
        if sum(ch.isdigit() for ch in canon) >= 2:
            out.add(canon.lstrip("0") or "0")
        scale = re.match(r"\s*(k\s?€|k\s?euros?\b|keur\b|m\s?€|millions?\b)", text[m.end():], re.I)
        if scale:  # "145 k€" states 145000, "1,5 M€" 1500000
            value = float(canon) * (1000 if scale.group(1).lower().startswith("k") else 1_000_000)
            out.add(f"{value:.0f}")
    return out


def claims(text: str) -> dict[str, set[str]]:
    """The checkable claims of a text: e-mail addresses, ISO dates and numbers of two or more digits."""
    t = _claim_text(text)
    emails = {e.lower().rstrip(".") for e in _EMAIL.findall(t)}
    t = _EMAIL.sub(" ", t)
    t = _URL.sub(" ", t)
    t = _MARKER.sub(" ", t)
    dates, rest = _dates(t)
    return {"emails": emails, "dates": dates, "numbers": _numbers(rest)}


_YEARS = re.compile(r"\b(\d{1,2}|un|une|deux|trois|quatre|cinq|six)\s+(?:ans?|annees?|years?)\b", re.I)
_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}


def _years_as_months(text: str) -> set[str]:
    """A duration in years also states its months ("deux ans" states 24)."""
    out = set()
    for m in _YEARS.finditer(text):
        n = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1).lower()]
        if n * 12 >= 10:
            out.add(str(n * 12))
    return out


def _support(texts: Iterable[str], as_of: date | None) -> dict[str, set[str]]:
    emails: set[str] = set()
    dates: set[str] = set()
    numbers: set[str] = set()
    for text in texts:
        t = _claim_text(text)
        emails |= {e.lower().rstrip(".") for e in _EMAIL.findall(t)}
        t = _EMAIL.sub(" ", t)
        d, _ = _dates(t)
        dates |= d
        numbers |= _numbers(t)  # date parts count as stated numbers too
        numbers |= _years_as_months(t)
    if as_of is not None:
        dates.add(as_of.isoformat())
        numbers |= {str(as_of.year), str(as_of.day), f"{as_of.month:02d}", str(as_of.month)}
    return {"emails": emails, "dates": dates, "numbers": {n for n in numbers}}


def unsupported_claims(answer_text: str, quotes: Iterable[str], question: str = "", as_of: date | None = None) -> list[str]:
    """Numbers (2+ digits), dates and e-mails of an answer found neither in its quotes, the question nor as_of."""
    got = claims(answer_text)
    ok = _support([*quotes, question], as_of)
    bad = [f"e-mail {e}" for e in sorted(got["emails"] - ok["emails"])]
    bad += [f"date {d}" for d in sorted(got["dates"] - ok["dates"])]
    from assistant.grounding import shown_products  # « 22 500 € (50 % × 45 000 €) »: a product shown with its operands

    bad += [f"nombre {n}" for n in sorted(got["numbers"] - ok["numbers"] - shown_products(answer_text, _numbers))]
    return bad


# --------------------------------------------------------------------------- language

_FR = {"le", "la", "les", "des", "est", "et", "du", "pour", "une", "dans", "vous", "pas", "sur", "au", "aux", "qui", "que", "sont"}
_EN = {"the", "is", "and", "of", "to", "for", "in", "be", "you", "not", "on", "are", "which", "must", "can", "with", "this"}


def detect_language(text: str) -> str | None:
    """'fr' or 'en' by stop-word counts (quoted French text « ... » ignored); None when too short to tell."""
    t = re.sub(r"«[^»]*»|\"[^\"]*\"|\([^)]*\)", " ", text or "")
    words = re.findall(r"[a-zà-ÿ']+", t.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    if fr + en < 4:
        return None
    return "fr" if fr > en else "en" if en > fr else None


# --------------------------------------------------------------------------- quote validity

class QuoteChecker:
    """Checks citations against the text the project's loader extracts from each cited source."""

    def __init__(self, load_text: Callable[[str], str]) -> None:
        self._load_text = load_text
        self._cache: dict[str, str | None] = {}

    def text_of(self, source: str) -> str | None:
        """The squashed extracted text of a corpus-relative source (None when it cannot be loaded)."""
        if source not in self._cache:
            try:
                self._cache[source] = squash(self._load_text(source))
            except Exception:  # an unloadable source makes its citations invalid, it must not stop the run
                self._cache[source] = None
        return self._cache[source]

    def valid(self, citation: dict) -> bool:
        """True when the citation's quote is verbatim (up to whitespace) in its source."""
        quote = squash(citation.get("quote", ""))
        text = self.text_of(citation.get("source", ""))
        return bool(quote) and text is not None and quote in text


# --------------------------------------------------------------------------- scoring one case

@dataclass
class CaseResult:
    """The outcome of one case for one system."""

    id: str
    category: str
    task: str  # ask | eligibility | review
    passed: bool
    reasons: list[str] = field(default_factory=list)
    question: str = ""
    expected: str = ""
    got: dict[str, Any] = field(default_factory=dict)
    latency_ms: float | None = None
    quotes_total: int = 0
    quotes_valid: int = 0
    citations_scored: int = 0
    citations_precise: int = 0
    unsupported: list[str] = field(default_factory=list)
    recall_at_5: float | None = None
    rr_at_10: float | None = None
    refusal_ok: bool | None = None
    verdict_ok: bool | None = None
    false_eligible: bool = False
    error: str | None = None
    call: str = ""
    file: str = ""
    split: str = "dev"
    verdict_expected: str | None = None
    verdict_got: str | None = None
    verdict_explicit: bool | None = None  # an explicit yes/no/conditional was given where one is expected
    verdict_match: bool | None = None
    sources_ok: bool | None = None
    harmful: bool = False
    as_of: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dict(self.__dict__)


def _citations(obj: dict) -> list[dict]:
    return list(obj.get("citations") or [])


def _check_quotes(res: CaseResult, citations: list[dict], checker: QuoteChecker) -> None:
    for c in citations:
        res.quotes_total += 1
        if checker.valid(c):
            res.quotes_valid += 1
        else:
            res.reasons.append(f"citation non verbatim : {c.get('source')} « {squash(c.get('quote', ''))[:80]} »")


def expected_text(case: dict) -> str:
    """A one-line human description of what a case expects."""
    if case["category"] == "eligibility":
        crit = ", ".join(f"{k}={v}" for k, v in case.get("expected_criteria", {}).items())
        return f"verdict={case['expected_verdict']}" + (f" ({crit})" if crit else "")
    if case["category"] == "review":
        parts = [f"complete={case['expected_complete']}"]
        if case.get("expected_absent"):
            parts.append("absentes=" + ",".join(case["expected_absent"]))
        if case.get("expected_problems"):
            parts.append("problèmes=" + ",".join(case["expected_problems"]))
        return "; ".join(parts)
    facts = " + ".join("/".join(f[:2]) for f in case.get("must_include", []))
    verdict = f"; verdict={case['expected_verdict']}" if case.get("expected_verdict") else ""
    sources = f"; cite {'/'.join(case['expected_sources'])}" if case.get("expected_sources") else ""
    return f"kind={case['expected_kind']}{verdict}" + (f"; doit contenir {facts}" if facts else "") + sources


def score_answer(case: dict, answer: dict, checker: QuoteChecker, rule_quotes: dict[str, list[str]],
                 as_of: date | None, latency_ms: float | None = None) -> CaseResult:
    """Score one Answer (as a dict) against an ask case: kind, facts, forbidden facts, citations, numbers, language."""
    res = CaseResult(case["id"], case["category"], "ask", False, question=case.get("question", ""),
                     expected=expected_text(case), latency_ms=latency_ms)
    kind = answer.get("kind")
    text = answer.get("answer") or ""
    cites = _citations(answer)
    res.got = {"kind": kind, "verdict": answer.get("verdict"), "answer": text, "citations": cites}
    if kind != case["expected_kind"]:
        res.reasons.append(f"kind {kind!r} au lieu de {case['expected_kind']!r}")
    for fact in case.get("must_include", []):
        if not has_fact(text, fact):
            res.reasons.append(f"manque : {' / '.join(fact[:3])}")
    for bad in case.get("must_not_include", []):
        if has_fact(text, [bad]):
            res.reasons.append(f"contient ce qui est exclu : {bad}")
    if kind == "answer" and not cites:
        res.reasons.append("réponse sans citation")
    _check_quotes(res, cites, checker)
    res.unsupported = unsupported_claims(text, [c.get("quote", "") for c in cites], case.get("question", ""), as_of)
    for u in res.unsupported:
        res.reasons.append(f"chiffre non sourcé : {u}")
    want_lang = case.get("language", "fr")
    lang = detect_language(text)
    if lang is not None and lang != want_lang:
        res.reasons.append(f"réponse en {lang} au lieu de {want_lang}")
    res.refusal_ok = (kind == "out_of_scope") == (case["expected_kind"] == "out_of_scope")
    score_verdict_and_harm(res, case, answer)
    if kind == "answer" and case.get("rule_ids"):
        wanted = [q for rid in case["rule_ids"] for q in rule_quotes.get(rid, [])]
        for c in cites:
            res.citations_scored += 1
            if any(contains_quote(c.get("quote", ""), q, min_reverse=30) for q in wanted):
                res.citations_precise += 1
    res.passed = not res.reasons
    return res


VERDICTS = ("yes", "no", "conditional", "unknown")
EXPLICIT_VERDICTS = ("yes", "no", "conditional")


def score_verdict_and_harm(res: CaseResult, case: dict, answer: dict) -> None:
    """Verdict (exact match; "yes" for "no" or the reverse is harmful), `harmful_if` strings, forbidden and
    expected sources. Adds the reasons to `res`; a harmful answer always fails its case."""
    text = answer.get("answer") or ""
    sources = [str(c.get("source", "")) for c in _citations(answer)]
    expected = case.get("expected_verdict")
    harms: list[str] = []
    if expected in VERDICTS:
        got = answer.get("verdict")
        res.verdict_expected, res.verdict_got = expected, got
        res.verdict_match = got == expected
        if expected in EXPLICIT_VERDICTS:
            res.verdict_explicit = got in EXPLICIT_VERDICTS
        if not res.verdict_match:
            res.reasons.append(f"verdict {got!r} au lieu de {expected!r}")
        if {expected, got} == {"yes", "no"}:
            harms.append(f"verdict opposé ({got!r} au lieu de {expected!r})")
    harms += [f"contient « {bad} »" for bad in case.get("harmful_if") or [] if has_fact(text, [bad])]
    harms += [f"cite {src}" for src in sources for bad in case.get("forbidden_sources") or [] if bad and bad in src]
    wanted = case.get("expected_sources") or []
    if wanted:
        res.sources_ok = any(w in src for src in sources for w in wanted)
        if not res.sources_ok:
            res.reasons.append(f"aucune citation de {' / '.join(wanted)}")
    if harms:
        res.harmful = True
        res.reasons += [f"NUISIBLE : {h}" for h in harms]


def retrieval_scores(passages: list[str], rule_ids: list[str], rule_quotes: dict[str, list[str]]) -> tuple[float, float]:
    """(recall@5, reciprocal rank@10) of retrieved passages against the quotes of the expected rules."""
    def holds(passage: str, rid: str) -> bool:
        return any(contains_quote(passage, q) for q in rule_quotes.get(rid, []))

    top5 = passages[:5]
    found = sum(1 for rid in rule_ids if any(holds(p, rid) for p in top5))
    recall = found / len(rule_ids) if rule_ids else 0.0
    rr = 0.0
    for rank, p in enumerate(passages[:10], start=1):
        if any(holds(p, rid) for rid in rule_ids):
            rr = 1.0 / rank
            break
    return recall, rr


def score_eligibility(case: dict, result: dict, checker: QuoteChecker, latency_ms: float | None = None) -> CaseResult:
    """Score an Eligibility (as a dict): verdict, listed criterion statuses, every fail cited, quotes verbatim."""
    res = CaseResult(case["id"], case["category"], "eligibility", False,
                     question=case.get("text") or case.get("description", ""), expected=expected_text(case),
                     latency_ms=latency_ms)
    verdict = result.get("verdict")
    crits = {c.get("id"): c for c in result.get("criteria", [])}
    res.got = {"verdict": verdict, "criteria": {k: v.get("status") for k, v in crits.items()},
               "citations": [c for v in crits.values() for c in _citations(v)]}
    res.verdict_ok = verdict == case["expected_verdict"]
    res.false_eligible = verdict == "eligible" and case["expected_verdict"] != "eligible"
    res.harmful = res.false_eligible
    if not res.verdict_ok:
        res.reasons.append(f"verdict {verdict!r} au lieu de {case['expected_verdict']!r}")
    for cid, status in case.get("expected_criteria", {}).items():
        got = crits.get(cid, {}).get("status")
        if got != status:
            res.reasons.append(f"critère {cid} : {got!r} au lieu de {status!r}")
    for cid, c in crits.items():
        if c.get("status") == "fail" and not _citations(c):
            res.reasons.append(f"critère {cid} en échec sans citation")
        _check_quotes(res, _citations(c), checker)
    res.passed = not res.reasons
    return res


def score_review(case: dict, review: dict, checker: QuoteChecker, latency_ms: float | None = None) -> CaseResult:
    """Score a DossierReview (as a dict): completeness, sections present/absent, problems found or not."""
    res = CaseResult(case["id"], case["category"], "review", False, question=case.get("description", ""),
                     expected=expected_text(case), latency_ms=latency_ms)
    sections = {s.get("id"): s for s in review.get("sections", [])}
    problems = review.get("problems", [])
    ids = {p.get("id") for p in problems}
    res.got = {"complete": review.get("complete"),
               "present": sorted(k for k, s in sections.items() if s.get("present")),
               "problems": sorted(i for i in ids if i),
               "citations": [c for p in problems for c in _citations(p)]}
    if review.get("complete") != case["expected_complete"]:
        res.reasons.append(f"complete={review.get('complete')} au lieu de {case['expected_complete']}")
    for sid in case.get("expected_present", []):
        if not sections.get(sid, {}).get("present"):
            res.reasons.append(f"partie {sid} non détectée")
    for sid in case.get("expected_absent", []):
        if sections.get(sid, {}).get("present"):
            res.reasons.append(f"partie {sid} signalée présente à tort")
    for pid in case.get("expected_problems", []):
        if pid not in ids:
            res.reasons.append(f"problème {pid} non signalé")
    for pid in case.get("expected_no_problems", []):
        if pid in ids:
            res.reasons.append(f"problème {pid} signalé à tort")
    for p in problems:
        if p.get("severity") == "error" and not _citations(p):
            res.reasons.append(f"problème {p.get('id')} sans citation")
        _check_quotes(res, _citations(p), checker)
    res.passed = not res.reasons
    return res


def error_result(case: dict, task: str, exc: BaseException) -> CaseResult:
    """A failed case for an exception raised by the system under test."""
    res = CaseResult(case["id"], case["category"], task, False, question=case.get("question") or case.get("text")
                     or case.get("description", ""), expected=expected_text(case))
    res.error = f"{type(exc).__name__}: {exc}"
    res.reasons.append(f"erreur : {res.error[:200]}")
    if task == "ask":
        res.refusal_ok = False
        if case.get("expected_verdict") in VERDICTS:
            res.verdict_expected, res.verdict_match = case["expected_verdict"], False
            res.verdict_explicit = False if case["expected_verdict"] in EXPLICIT_VERDICTS else None
        if case.get("expected_sources"):
            res.sources_ok = False
    if task == "eligibility":
        res.verdict_ok = False
    return res


# --------------------------------------------------------------------------- aggregates

def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank, 0 < p <= 100) of values; None when empty."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    rank = max(1, math.ceil(p / 100 * len(vals)))
    return vals[rank - 1]


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def aggregate(results: list[CaseResult]) -> dict[str, float | None]:
    """The suite's metrics over a list of case results (None when no case measures a metric)."""
    ask = [r for r in results if r.task == "ask"]
    elig = [r for r in results if r.task == "eligibility"]
    rev = [r for r in results if r.task == "review"]
    retr = [r for r in ask if r.recall_at_5 is not None]
    lat = [r.latency_ms for r in ask if r.latency_ms is not None]
    verd = [r for r in ask if r.verdict_explicit is not None]
    vmatch = [r for r in ask if r.verdict_match is not None]
    srcs = [r for r in ask if r.sources_ok is not None]
    return {
        "answer_accuracy": _ratio(sum(r.passed for r in ask), len(ask)),
        "quote_validity": _ratio(sum(r.quotes_valid for r in results), sum(r.quotes_total for r in results)),
        "citation_precision": _ratio(sum(r.citations_precise for r in ask), sum(r.citations_scored for r in ask)),
        "unsupported_number_rate": _ratio(sum(bool(r.unsupported) for r in ask), len(ask)),
        "recall_at_5": _ratio(sum(r.recall_at_5 for r in retr), len(retr)),
        "mrr_at_10": _ratio(sum(r.rr_at_10 or 0.0 for r in retr), len(retr)),
        "refusal_accuracy": _ratio(sum(bool(r.refusal_ok) for r in ask), len(ask)),
        "eligibility_accuracy": _ratio(sum(bool(r.verdict_ok) for r in elig), len(elig)),
        "eligibility_case_accuracy": _ratio(sum(r.passed for r in elig), len(elig)),
        "false_eligible": float(sum(r.false_eligible for r in elig)) if elig else None,
        "review_accuracy": _ratio(sum(r.passed for r in rev), len(rev)),
        "verdict_rate": _ratio(sum(bool(r.verdict_explicit) for r in verd), len(verd)),
        "verdict_accuracy": _ratio(sum(bool(r.verdict_match) for r in vmatch), len(vmatch)),
        "source_accuracy": _ratio(sum(bool(r.sources_ok) for r in srcs), len(srcs)),
        "harmful_rate": _ratio(sum(r.harmful for r in ask + elig), len(ask) + len(elig)),
        "latency_p50_ms": percentile(lat, 50),
        "latency_p95_ms": percentile(lat, 95),
    }


def by_category(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    """Cases, passes, failing ids and metrics per category."""
    out: dict[str, dict[str, Any]] = {}
    for cat in dict.fromkeys(r.category for r in results):
        rs = [r for r in results if r.category == cat]
        metrics = {k: v for k, v in aggregate(rs).items() if v is not None}
        out[cat] = {"cases": len(rs), "passed": sum(r.passed for r in rs),
                    "failed_ids": [r.id for r in rs if not r.passed], "metrics": metrics}
    return out


def check_thresholds(metrics: dict[str, float | None], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """The metrics under their minimum or over their maximum (a metric that could not be measured fails)."""
    failures = []
    for name, low in thresholds.get("min", {}).items():
        v = metrics.get(name)
        if v is None or v < low:
            failures.append(f"{name} = {v if v is None else round(v, 4)} < {low}")
    for name, high in thresholds.get("max", {}).items():
        v = metrics.get(name)
        if v is None or v > high:
            failures.append(f"{name} = {v if v is None else round(v, 4)} > {high}")
    return failures
