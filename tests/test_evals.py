"""The eval suite: metric unit tests on hand-made results (bad answers must score bad), the cases file, the
report, and the whole suite on the real assistant, one test per category naming the failing case ids."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evals.harness import load_cases, load_thresholds, rule_quotes
from evals.metrics import (
    CaseResult,
    QuoteChecker,
    aggregate,
    check_thresholds,
    claims,
    detect_language,
    has_fact,
    retrieval_scores,
    score_answer,
    score_eligibility,
    score_review,
    unsupported_claims,
)
from evals.report import build_report, render_html

from conftest import CALL_ID, CORPUS, TODAY

CALL_MD = f"{CALL_ID}/call.md"
DEADLINE_Q = "Candidatures possibles jusqu'au 17 avril 2024 inclus"
ENVELOPE_Q = "L'AMI est doté d'une enveloppe de 181 500 € TTC, qui sera répartie parmi les 3 à 5 projets retenus."
CASES = load_cases()
CATEGORIES = sorted({c["category"] for c in CASES})


@pytest.fixture(scope="module")
def checker() -> QuoteChecker:
    from evals.harness import make_checker

    return make_checker(CORPUS)


@pytest.fixture(scope="module")
def quotes(spec) -> dict[str, list[str]]:
    return rule_quotes(spec)


def _case(**kw) -> dict:
    base = {"id": "t-1", "category": "dates", "language": "fr", "question": "c koi la date limite ?", "history": [],
            "expected_kind": "answer", "must_include": [["17 avril 2024", "17/04/2024"]], "must_not_include": [],
            "rule_ids": ["deadline"]}
    base.update(kw)
    return base


def _answer(text: str, quotes=(DEADLINE_Q,), kind: str = "answer", source: str = CALL_MD) -> dict:
    return {"kind": kind, "answer": text, "citations": [{"source": source, "locator": "Calendrier", "quote": q} for q in quotes]}


# --------------------------------------------------------------------------- facts, claims, language

def test_facts_match_across_accents_case_and_no_break_spaces():
    assert has_fact("L'enveloppe est de 181\u202f500 € TTC.", ["181 500"])
    assert has_fact("Jusqu’au 17 AVRIL 2024 inclus", ["jusqu'au 17 avril 2024"])
    assert has_fact("Hénin-Beaumont en fait partie", ["henin beaumont"])
    assert not has_fact("L'enveloppe est de 180 000 €", ["181 500", "181500"])


def test_claims_read_numbers_dates_and_emails():
    c = claims("Écrire à alexia.aubelle@le30fab.com avant le 17/04/2024 ; enveloppe 181 500 € ; 3 à 5 projets [2].")
    assert c["emails"] == {"alexia.aubelle@le30fab.com"}
    assert c["dates"] == {"2024-04-17"}
    assert c["numbers"] == {"181500"}  # single digits and citation markers are not claims; the e-mail's 30 is not a number


def test_invented_amount_is_unsupported():
    bad = unsupported_claims("Comptez environ 36 300 € par projet [1].", [ENVELOPE_Q], "Combien par projet ?", TODAY)
    assert bad == ["nombre 36300"]


def test_stated_figures_dates_in_other_formats_and_today_are_supported():
    text = "Date limite : 17/04/2024 [1] ; enveloppe de 181 500 € [2]. Nous sommes le 27 novembre 2026, l'appel est clos."
    assert unsupported_claims(text, [DEADLINE_Q, ENVELOPE_Q], "date limite ?", TODAY) == []


def test_unquoted_email_and_date_are_unsupported():
    bad = unsupported_claims("Écrivez à contact@ami.fr avant le 30 juin 2024.", [DEADLINE_Q], "contact ?", TODAY)
    assert "e-mail contact@ami.fr" in bad and "date 2024-06-30" in bad


def test_language_detection():
    assert detect_language("The deadline was 17 April 2024 and the call is closed for all applicants.") == "en"
    assert detect_language("La date limite était le 17 avril 2024 et l'appel est clos pour les candidats.") == "fr"
    assert detect_language("OK") is None


# --------------------------------------------------------------------------- one answer

def test_good_answer_passes(checker, quotes):
    ans = _answer("Les candidatures étaient possibles jusqu'au 17 avril 2024 inclus [1] ; l'appel est clos.")
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert r.passed, r.reasons
    assert (r.quotes_valid, r.quotes_total, r.citations_precise, r.citations_scored) == (1, 1, 1, 1)


def test_wrong_kind_fails_and_counts_as_a_wrong_refusal(checker, quotes):
    ans = _answer("Je ne peux répondre qu'aux questions sur l'AMI.", quotes=(), kind="out_of_scope")
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert not r.passed and r.refusal_ok is False
    assert any("kind" in x for x in r.reasons)


def test_missing_fact_and_forbidden_fact_fail(checker, quotes):
    case = _case(must_not_include=["30 juin 2024"])
    r = score_answer(case, _answer("La date limite est le 30 juin 2024 [1]."), checker, quotes, TODAY)
    assert not r.passed
    assert any(x.startswith("manque") for x in r.reasons)
    assert any("exclu" in x for x in r.reasons)
    assert r.unsupported == ["date 2024-06-30"]  # the injected date is in neither the quote nor the question


def test_quote_not_verbatim_is_invalid(checker, quotes):
    ans = _answer("Jusqu'au 17 avril 2024 inclus [1].", quotes=("Candidatures possibles jusqu'au 17 avril 2024 inclusivement",))
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert not r.passed and r.quotes_valid == 0 and r.quotes_total == 1


def test_quote_of_unknown_source_is_invalid(checker, quotes):
    ans = _answer("Jusqu'au 17 avril 2024 inclus [1].", source="../../etc/passwd")
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert r.quotes_valid == 0 and not r.passed


def test_answer_without_citation_fails(checker, quotes):
    r = score_answer(_case(), _answer("Jusqu'au 17 avril 2024 inclus.", quotes=()), checker, quotes, TODAY)
    assert not r.passed and "réponse sans citation" in r.reasons


def test_citation_of_another_rule_is_imprecise(checker, quotes):
    ans = _answer("Jusqu'au 17 avril 2024 inclus [1], enveloppe 181 500 € [2].", quotes=(DEADLINE_Q, ENVELOPE_Q))
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert (r.citations_precise, r.citations_scored) == (1, 2)


def test_english_answer_to_french_question_fails(checker, quotes):
    ans = _answer("Applications were accepted until 17 April 2024 inclusive [1]; the call is now closed for all of you.")
    r = score_answer(_case(), ans, checker, quotes, TODAY)
    assert any("réponse en en" in x for x in r.reasons)


def test_retrieval_recall_and_reciprocal_rank(quotes):
    passages = ["Contexte", "Il faut un PowerPoint", f"## Calendrier\n\n- {DEADLINE_Q}, en envoyant", "x", "y", "z"]
    assert retrieval_scores(passages, ["deadline"], quotes) == (1.0, 1 / 3)
    assert retrieval_scores(passages, ["deadline", "envelope"], quotes) == (0.5, 1 / 3)
    assert retrieval_scores(["a"] * 5 + [DEADLINE_Q], ["deadline"], quotes) == (0.0, 1 / 6)


# --------------------------------------------------------------------------- eligibility and review

def test_false_eligible_is_counted(checker):
    case = {"id": "e-1", "category": "eligibility", "expected_verdict": "not_eligible", "expected_criteria": {"territory": "fail"}}
    got = {"verdict": "eligible", "criteria": [{"id": "territory", "status": "pass", "explanation": "", "citations": []}]}
    r = score_eligibility(case, got, checker)
    assert not r.passed and r.false_eligible and r.verdict_ok is False
    m = aggregate([r])
    assert m["false_eligible"] == 1 and m["eligibility_accuracy"] == 0
    assert check_thresholds(m, load_thresholds())  # a false "eligible" fails the gate


def test_fail_criterion_without_citation_fails(checker):
    case = {"id": "e-2", "category": "eligibility", "expected_verdict": "not_eligible", "expected_criteria": {"territory": "fail"}}
    got = {"verdict": "not_eligible", "criteria": [{"id": "territory", "status": "fail", "explanation": "Arras", "citations": []}]}
    r = score_eligibility(case, got, checker)
    assert r.verdict_ok and not r.passed


def test_review_missing_section_and_problem_not_found(checker):
    case = {"id": "r-1", "category": "review", "expected_complete": False, "expected_present": ["structure"],
            "expected_absent": ["budget"], "expected_problems": ["territory"], "expected_no_problems": ["start"]}
    got = {"complete": True, "sections": [{"id": "structure", "present": True}, {"id": "budget", "present": True}],
           "problems": [{"id": "start", "severity": "error", "message": "", "citations": []}]}
    r = score_review(case, got, checker)
    assert not r.passed
    assert len(r.reasons) == 5  # complete, budget present, territory missing, start wrongly flagged, error without citation


# --------------------------------------------------------------------------- aggregates, thresholds, report

def test_bad_run_fails_thresholds_and_good_run_passes():
    good = CaseResult("a", "dates", "ask", True, latency_ms=5.0, quotes_total=1, quotes_valid=1, recall_at_5=1.0,
                      rr_at_10=1.0, refusal_ok=True)
    elig = CaseResult("e", "eligibility", "eligibility", True, verdict_ok=True)
    assert check_thresholds(aggregate([good, elig]), load_thresholds()) == []
    bad = CaseResult("b", "dates", "ask", False, latency_ms=9.0, quotes_total=1, quotes_valid=0,
                     unsupported=["nombre 36300"], recall_at_5=0.0, rr_at_10=0.0, refusal_ok=True)
    failed = check_thresholds(aggregate([good, bad, elig]), load_thresholds())
    names = {f.split(" ")[0] for f in failed}
    assert {"answer_accuracy", "quote_validity", "unsupported_number_rate", "recall_at_5"} <= names


def test_report_shape_and_html_escaping():
    from evals.harness import SuiteRun

    res = CaseResult("x-1", "injection", "ask", False, reasons=["manque : <b>"], question="<script>alert(1)</script>",
                     expected="kind=answer", got={"kind": "answer", "answer": "<img src=x>", "citations": [
                         {"source": CALL_MD, "locator": "Calendrier", "quote": "<i>q</i>"}]}, refusal_ok=True)
    run = SuiteRun("assistant", [res])
    report = build_report(run, run, load_thresholds(), {"as_of": "2026-11-27", "corpus_hash": "abc"})
    assert {"cases", "by_category", "metrics", "thresholds", "baseline", "passed"} <= set(report)
    assert report["passed"] is False and report["by_category"]["injection"]["failed_ids"] == ["x-1"]
    json.dumps(report)
    page = render_html(report)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<img src=x>" not in page
    assert "http" not in page.split("<body>")[1]  # nothing fetched from the network


def test_main_rejects_bad_date(capsys):
    from evals.run import main

    assert main(["--as-of", "27/11/2026"]) == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


# --------------------------------------------------------------------------- the cases themselves

def test_cases_cover_the_required_categories_and_are_well_formed(spec):
    required = {"factual", "format", "eligibility", "territory", "not_in_call", "out_of_scope", "injection", "english",
                "typos", "follow_up", "clarify", "dates", "review"}
    assert len(CASES) >= 150
    assert required <= set(CATEGORIES)
    rule_ids = {r.id for r in spec.rules}
    for c in CASES:
        assert set(c.get("rule_ids", [])) <= rule_ids, c["id"]
        if c["category"] == "eligibility":
            assert ("profile" in c) != ("text" in c), c["id"]
            assert c["expected_verdict"] in {"eligible", "not_eligible", "incomplete"}
        elif c["category"] == "review":
            assert isinstance(c["expected_complete"], bool)
        else:
            assert c["expected_kind"] in {"answer", "not_in_call", "out_of_scope", "clarify"}, c["id"]
            assert c["question"].strip() and all(isinstance(f, list) and f for f in c["must_include"]), c["id"]
            if c["expected_kind"] == "answer":
                assert c["rule_ids"], c["id"]


def test_questions_are_not_copies_of_the_call_or_of_the_rules_examples(spec):
    from evals.metrics import normalize

    call = normalize(spec.call_doc.text)
    examples = {normalize(q) for r in spec.rules for q in r.questions} | {normalize(q) for t in spec.not_in_call for q in t.questions}
    for c in CASES:
        q = normalize(c.get("question", ""))
        if q:
            assert q not in examples, c["id"]
            assert len(q) < 30 or q not in call, c["id"]


# --------------------------------------------------------------------------- the real assistant

@pytest.fixture(scope="module")
def suite_report(assistant):
    from evals.run import evaluate

    return evaluate(assistant, CASES, as_of=TODAY, with_baseline=False)


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_passes_on_the_real_assistant(suite_report, category):
    cat = suite_report["by_category"][category]
    failing = [f for f in suite_report["failures"] if f["category"] == category]
    detail = "\n".join(f"{f['id']}: {f['question'][:70]!r} -> {'; '.join(f['reasons'])[:200]}" for f in failing)
    assert cat["passed"] == cat["cases"], f"{category}: {len(failing)} failing case(s): {cat['failed_ids']}\n{detail}"


def test_suite_meets_its_thresholds(suite_report):
    assert suite_report["passed"], suite_report["threshold_failures"]


def test_assistant_as_of_is_the_eval_date(assistant):
    assert assistant.as_of == date(2026, 11, 27)
