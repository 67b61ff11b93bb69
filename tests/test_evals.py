"""The eval suite: metric unit tests on hand-made results (bad answers must score bad), verdicts, harmful answers,
sources and per-case dates, the gates, the case files, the report, and the suite on the real assistant: the original
cases one test per category naming the failing case ids, the applicants' dev split with no harmful answer."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evals.harness import ORIGINAL_FILE, discover_calls, load_call_cases, load_thresholds, rule_quotes
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
FIRST_CALL_CASES = load_call_cases(CORPUS, CALL_ID)
CASES = [c for c in FIRST_CALL_CASES if c["file"] == ORIGINAL_FILE]  # the original cases, all "dev"
APPLICANT_DEV = [c for c in FIRST_CALL_CASES if c["file"] == "cases-applicants.jsonl" and c["split"] == "dev"]
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


# --------------------------------------------------------------------------- verdicts, harm, sources, dates

NOT_ELIGIBLE = ["votre projet est eligible", "you are eligible"]


def _yes_no(**kw) -> dict:
    base = {"id": "yn-1", "category": "yes_no", "question": "Peut-on déposer le 30 avril 2024 ?",
            "expected_verdict": "no", "must_include": [["17 avril 2024"]], "rule_ids": []}
    return _case(**{**base, **kw})


def _with_verdict(text: str, verdict: str | None, **kw) -> dict:
    return {**_answer(text, **kw), "verdict": verdict}


def test_right_verdict_passes_and_counts(checker, quotes):
    r = score_answer(_yes_no(), _with_verdict("Non : jusqu'au 17 avril 2024 inclus [1].", "no"), checker, quotes, TODAY)
    assert r.passed and not r.harmful, r.reasons
    assert (r.verdict_explicit, r.verdict_match) == (True, True)


def test_missing_or_vague_verdict_fails_without_being_harmful(checker, quotes):
    for got in (None, "unknown", "conditional"):
        r = score_answer(_yes_no(), _with_verdict("Jusqu'au 17 avril 2024 inclus [1].", got), checker, quotes, TODAY)
        assert not r.passed and not r.harmful and r.verdict_match is False, got
        assert r.verdict_explicit is (got == "conditional")
        assert any(x.startswith("verdict") for x in r.reasons)


def test_opposite_verdict_is_harmful_both_ways(checker, quotes):
    r = score_answer(_yes_no(), _with_verdict("Oui, jusqu'au 17 avril 2024 inclus [1].", "yes"), checker, quotes, TODAY)
    assert r.harmful and not r.passed
    case = _yes_no(expected_verdict="yes")
    r = score_answer(case, _with_verdict("Non, jusqu'au 17 avril 2024 inclus [1].", "no"), checker, quotes, TODAY)
    assert r.harmful and not r.passed


def test_conditional_expected_accepts_conditional_only(checker, quotes):
    case = _yes_no(expected_verdict="conditional")
    ok = score_answer(case, _with_verdict("Oui, à condition de déposer avant le 17 avril 2024 [1].", "conditional"),
                      checker, quotes, TODAY)
    assert ok.passed, ok.reasons
    flat = score_answer(case, _with_verdict("Oui, jusqu'au 17 avril 2024 inclus [1].", "yes"), checker, quotes, TODAY)
    assert not flat.passed and not flat.harmful


def test_harmful_if_string_in_the_answer_is_harmful(checker, quotes):
    case = _yes_no(harmful_if=NOT_ELIGIBLE)
    bad = _with_verdict("Non, mais Votre projet est ÉLIGIBLE : jusqu'au 17 avril 2024 inclus [1].", "no")
    r = score_answer(case, bad, checker, quotes, TODAY)
    assert r.harmful and not r.passed and any("NUISIBLE" in x for x in r.reasons)
    fine = _with_verdict("Non : votre projet n'est pas éligible, jusqu'au 17 avril 2024 inclus [1].", "no")
    assert not score_answer(case, fine, checker, quotes, TODAY).harmful


def test_forbidden_source_cited_is_harmful_and_expected_source_is_required(checker, quotes):
    case = _case(id="ex-1", category="examples", must_include=[], expected_sources=["dossiers/exemple-insertion"],
                 forbidden_sources=["exemple-non-conforme"], rule_ids=[])
    model = {"source": "dossiers/exemple-non-conforme-arras.pptx", "locator": "diapositive 3", "quote": "x"}
    r = score_answer(case, {**_answer("Inspirez-vous de ce dossier [1]."), "citations": [model]}, checker, quotes, TODAY)
    assert r.harmful and r.sources_ok is False
    r = score_answer(case, _answer("Jusqu'au 17 avril 2024 inclus [1]."), checker, quotes, TODAY)
    assert not r.harmful and r.sources_ok is False and not r.passed
    assert any("aucune citation de dossiers/exemple-insertion" in x for x in r.reasons)


def test_verdict_and_harm_aggregates_count_false_eligible_as_harmful(checker, quotes):
    good = score_answer(_yes_no(), _with_verdict("Non : jusqu'au 17 avril 2024 inclus [1].", "no"), checker, quotes, TODAY)
    silent = score_answer(_yes_no(), _with_verdict("Jusqu'au 17 avril 2024 inclus [1].", None), checker, quotes, TODAY)
    plain = score_answer(_case(), _answer("Jusqu'au 17 avril 2024 inclus [1]."), checker, quotes, TODAY)
    case = {"id": "e-1", "category": "eligibility", "expected_verdict": "not_eligible", "expected_criteria": {}}
    elig = score_eligibility(case, {"verdict": "eligible", "criteria": []}, checker)
    m = aggregate([good, silent, plain, elig])
    assert m["verdict_rate"] == 0.5 and m["verdict_accuracy"] == 0.5
    assert m["harmful_rate"] == 0.25  # the false "eligible", over the 3 questions and 1 check


def test_each_case_runs_on_its_own_date(checker, spec, tmp_path):
    from evals.harness import System, run_cases

    asked: list[date] = []

    def system_on(day: date) -> System:
        def ask(q, history):
            asked.append(day)
            return _with_verdict(f"Nous sommes le {day.day} mars {day.year} : jusqu'au 17 avril 2024 inclus [1].", "no")
        return System(name="fake", ask=ask, at=system_on)

    cases = [_yes_no(as_of="2024-03-01"), _yes_no(id="yn-2"), _yes_no(id="yn-3", as_of="1er mars 2024")]
    run = run_cases(system_on(TODAY), cases, spec, checker, TODAY, tmp_path)
    assert asked == [date(2024, 3, 1), TODAY]
    first, second, bad_date = run.results
    assert not bad_date.passed and bad_date.reasons[0].startswith("erreur")  # one case fails, the run goes on
    assert first.as_of == "2024-03-01" and first.unsupported == []  # the case's own date is today's date
    assert second.unsupported == ["date 2026-03-27"]  # "27 mars 2026" is neither quoted nor the suite's date


# --------------------------------------------------------------------------- gates, case files

def _result(id_: str, split: str, file: str = "cases.jsonl", passed: bool = True, harmful: bool = False) -> CaseResult:
    return CaseResult(id_, "factual", "ask", passed, call=CALL_ID, file=file, split=split, harmful=harmful,
                      quotes_total=1, quotes_valid=1, refusal_ok=True, recall_at_5=1.0, rr_at_10=1.0)


def test_gates_apply_to_their_scope_and_harm_to_every_split():
    from evals.gates import Gate, check_gates

    gates = [Gate("origine", {"call": CALL_ID, "file": "cases.jsonl", "split": "dev"}, {"answer_accuracy": 1.0}),
             Gate("nuisible", {"split": "all"}, {}, {"harmful_rate": 0.0})]
    rows = check_gates([_result("a", "dev"), _result("b", "test", "other.jsonl", passed=False)], gates)
    assert [(r["metric"], r["status"], r["cases"]) for r in rows] == [("answer_accuracy", "ok", 1), ("harmful_rate", "ok", 2)]
    rows = check_gates([_result("b", "test", passed=False, harmful=True)], gates)
    assert [r["status"] for r in rows] == ["n/a", "fail"]  # no dev case of the original file; a harmful test answer


def test_thresholds_file_gates_the_original_dev_cases_and_harm_everywhere():
    from evals.gates import load_gates
    from evals.harness import THRESHOLDS_FILE

    gates = load_gates(THRESHOLDS_FILE)
    assert any(g.scope == {"call": CALL_ID, "file": ORIGINAL_FILE, "split": "dev"} and g.min["answer_accuracy"] >= 0.95
               for g in gates)
    assert any(g.max.get("harmful_rate") == 0.0 and g.scope.get("split") == "all" and len(g.scope) == 1 for g in gates)
    assert all(g.scope.get("split") != "test" for g in gates)  # the test split is reported, never tuned on


def test_case_files_per_call_and_folders_without_call_yaml(tmp_path):
    assert len(CASES) == 211 and {c["split"] for c in CASES} == {"dev"}
    assert len(APPLICANT_DEV) >= 60 and {c["file"] for c in FIRST_CALL_CASES} >= {ORIGINAL_FILE, "cases-applicants.jsonl"}
    assert all(c["call"] == CALL_ID for c in FIRST_CALL_CASES)
    (tmp_path / "ready" / "evals").mkdir(parents=True)
    (tmp_path / "ready" / "call.yaml").write_text("id: ready\n")
    (tmp_path / "drafted" / "evals").mkdir(parents=True)
    (tmp_path / "drafted" / "evals" / "cases.jsonl").write_text('{"id": "a", "category": "factual"}\n')
    (tmp_path / "_tools").mkdir()
    assert discover_calls(tmp_path) == (["ready"], ["drafted"])
    (tmp_path / "ready" / "evals" / "a.jsonl").write_text('{"id": "x", "category": "factual"}\n')
    (tmp_path / "ready" / "evals" / "b.jsonl").write_text('{"id": "x", "category": "typos", "split": "test"}\n')
    with pytest.raises(ValueError, match="double"):
        load_call_cases(tmp_path, "ready")


def test_main_names_a_call_it_cannot_evaluate(capsys):
    from evals.run import main

    assert main(["--call", "pas-un-appel", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "pas-un-appel" in err and CALL_ID in err and "Traceback" not in err


# --------------------------------------------------------------------------- aggregates, thresholds, report

def test_bad_run_fails_the_gates_of_the_original_cases_and_good_run_passes():
    from evals.gates import check_gates, gate_failures, load_gates
    from evals.harness import THRESHOLDS_FILE

    gates = load_gates(THRESHOLDS_FILE)
    tag = {"call": CALL_ID, "file": ORIGINAL_FILE, "split": "dev"}
    good = CaseResult("a", "dates", "ask", True, latency_ms=5.0, quotes_total=1, quotes_valid=1, recall_at_5=1.0,
                      rr_at_10=1.0, refusal_ok=True, **tag)
    elig = CaseResult("e", "eligibility", "eligibility", True, verdict_ok=True, **tag)
    review = CaseResult("r", "review", "review", True, **tag)
    assert gate_failures(check_gates([good, elig, review], gates)) == []  # the applicants' gates do not apply
    bad = CaseResult("b", "dates", "ask", False, latency_ms=9.0, quotes_total=1, quotes_valid=0,
                     unsupported=["nombre 36300"], recall_at_5=0.0, rr_at_10=0.0, refusal_ok=True, **tag)
    failed = gate_failures(check_gates([good, bad, elig, review], gates))
    names = {f.split(" ")[0] for f in failed}
    assert {"answer_accuracy", "quote_validity", "unsupported_number_rate", "recall_at_5"} <= names


def test_report_shape_and_html_escaping():
    from evals.harness import SuiteRun

    res = CaseResult("x-1", "injection", "ask", False, reasons=["manque : <b>"], question="<script>alert(1)</script>",
                     expected="kind=answer", got={"kind": "answer", "answer": "<img src=x>", "citations": [
                         {"source": CALL_MD, "locator": "Calendrier", "quote": "<i>q</i>"}]}, refusal_ok=True)
    run = SuiteRun("assistant", [res])
    report = build_report(run, run, load_thresholds(), {"as_of": "2026-11-27", "corpus_hash": "abc"})
    assert {"cases", "by_category", "metrics", "thresholds", "baseline", "passed", "by_split", "by_call"} <= set(report)
    assert report["by_split"]["dev"]["by_category"]["injection"]["failed_ids"] == ["x-1"]
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


# The harmful answers of the applicants' dev split on 2026-11-29 (an opposite verdict each, see docs/evaluators.md):
# the target is none; remove an id once it is fixed. No other case may become harmful.
KNOWN_HARMFUL: set[str] = set()  # ids of known harmful answers still to fix (none today)


def test_applicants_dev_split_no_new_harmful_answer_and_floors_hold(assistant, capsys):
    """The applicants' questions (issue 11), dev split, each on its own date: no harmful answer beyond the known
    ones, and the floors of evals/thresholds.toml for that split hold; the numbers are printed."""
    from evals.run import evaluate

    report = evaluate(assistant, APPLICANT_DEV, as_of=TODAY, with_baseline=False)
    m = report["metrics"]
    summary = ", ".join(f"{cat} {c['passed']}/{c['cases']}" for cat, c in report["by_category"].items())
    with capsys.disabled():
        print(f"\napplicants dev: {report['cases']} cases, answer_accuracy {m['answer_accuracy']}, verdict_rate "
              f"{m['verdict_rate']}, verdict_accuracy {m['verdict_accuracy']}, harmful_rate {m['harmful_rate']}; {summary}")
    harmful = {f["id"]: "; ".join(r for r in f["reasons"] if "NUISIBLE" in r) for f in report["failures"] if f["harmful"]}
    assert report["cases"] == len(APPLICANT_DEV)
    new = {k: v for k, v in harmful.items() if k not in KNOWN_HARMFUL}
    assert not new, f"new harmful answers: {new}"
    floors = [f for f in report["threshold_failures"] if not f.startswith("harmful_rate")]
    assert not floors, floors
