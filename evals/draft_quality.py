"""How well an unedited `ami new-call` draft answers a call's own eval cases.

    python -m evals.draft_quality [DOCUMENT] [--cases CASES.jsonl] [-v]

Drafts DOCUMENT (default: the second call's source .docx) into a temporary corpus, then asks the drafted call every
ask case of CASES (default: that call's evals/cases.jsonl) and checks the eligibility cases for false "eligible"
verdicts. Writes nothing in corpus/. DOCUMENT may be a call that is not in corpus/ at all (evals/unseen/<id>/<id>.docx):
that is the honest measure of a call the assistant never saw.

An ask case is right when the kind, every `must_include` group, no `must_not_include` string and, when the case
has one, the yes/no verdict all match, and the answer is not harmful. Harmful: a yes for a no (or the reverse), a
`harmful_if` string (a false "éligible"...), a number, date or e-mail of the answer found neither in the call
document, the question nor the case's date (today without one): « valeur d'un autre appel » when another call of
corpus/ holds it, « chiffre inventé » otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .metrics import CaseResult, _support, has_fact, score_verdict_and_harm, unsupported_claims

REPO = Path(__file__).resolve().parent.parent
SECOND = REPO / "corpus" / "aap-inclusion-numerique-ille-et-vilaine-2026"


def document_text(path: Path) -> str:
    """The words of a call document: .md/.txt as is, .docx paragraphs and table cells; '' for other formats."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".txt"):
        return path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        # a row's cells kept apart as the assistant quotes them ("Axe 1 | 300 000 €"): joined by lines, "Axe 1" and
        # "300 000 €" read as one number, 1 300 000, and a verbatim row of the call looked invented
        parts += [" | ".join(cell.text for cell in row.cells) for table in doc.tables for row in table.rows]
        return "\n".join(parts)
    return ""


def other_calls_text(document: Path, corpus: Path = REPO / "corpus") -> str:
    """The call.md of every call in corpus/ except the one DOCUMENT belongs to."""
    mine = document.resolve()
    texts = []
    for md in sorted(corpus.glob("*/call.md")):
        if md.parent not in mine.parents:
            texts.append(md.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


@dataclass
class Scored:
    """One ask case's outcome."""

    case: dict
    kind: str
    answer: str
    verdict: str | None
    reasons: list[str] = field(default_factory=list)
    harms: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.reasons and not self.harms


def score(case: dict, kind: str, answer: str, verdict: str | None, call_text: str, others: str) -> Scored:
    """Score one answer of the drafted call against its case (see the module docstring)."""
    out = Scored(case, kind, answer, verdict)
    if kind != case["expected_kind"]:
        out.reasons.append(f"kind {kind!r} au lieu de {case['expected_kind']!r}")
    out.reasons += [f"manque : {' / '.join(f[:3])}" for f in case.get("must_include", []) if not has_fact(answer, f)]
    out.reasons += [f"contient l'exclu : {bad}" for bad in case.get("must_not_include", []) if has_fact(answer, [bad])]
    res = CaseResult(case["id"], case["category"], "ask", False)
    score_verdict_and_harm(res, case, {"answer": answer, "verdict": verdict, "citations": []})
    out.reasons += [r for r in res.reasons if not r.startswith("NUISIBLE")]
    out.harms += [r.removeprefix("NUISIBLE : ") for r in res.reasons if r.startswith("NUISIBLE")]
    as_of = date.fromisoformat(case["as_of"]) if case.get("as_of") else date.today()  # the drafted call's "today"
    elsewhere = _support([others], None)
    # what the applicant said in the conversation's earlier turns is said too ("créée en 2022", then "et si on s'associe …")
    said = " ".join([*(t.get("content", "") for t in case.get("history", []) if t.get("role") == "user"), case.get("question", "")])
    for claim in unsupported_claims(answer, [call_text], said, as_of):
        what, _, value = claim.partition(" ")
        pool = {"e-mail": "emails", "date": "dates", "nombre": "numbers"}[what]
        origin = "valeur d'un autre appel" if value in elsewhere[pool] else "chiffre inventé"
        out.harms.append(f"{origin} : {claim}")
    return out


def report(scored: list[Scored], verbose: bool) -> None:
    """Print the rates, the harmful count and (verbose) every failure grouped by category."""
    n = len(scored)
    right = sum(s.right for s in scored)
    harmful = [s for s in scored if s.harms]
    print(f"questions : {right}/{n} bien répondues ({right / max(1, n):.0%}) ; nuisibles : {len(harmful)}")
    by_cat: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        by_cat[s.case.get("category", "?")].append(s)
    for cat, items in sorted(by_cat.items()):
        ok = sum(s.right for s in items)
        bad = sum(bool(s.harms) for s in items)
        print(f"  {cat:<12} {ok:>3}/{len(items):<3} bien répondues, {bad} nuisible(s)")
    kinds: dict[str, int] = defaultdict(int)
    for s in harmful:
        for h in s.harms:
            kinds[h.split(" :")[0].split(" (")[0]] += 1
    if kinds:
        print("  nuisibles par type : " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    if verbose:
        for cat, items in sorted(by_cat.items()):
            wrong = [s for s in items if not s.right]
            if wrong:
                print(f"\n== {cat} ({len(wrong)} ratées)")
            for s in wrong:
                c = s.case
                print(f"✗ {c['id']} [{s.kind}/{s.verdict}] {c['question']}")
                for r in s.reasons + [f"NUISIBLE : {h}" for h in s.harms]:
                    print(f"    - {r}")
                print(f"    {s.answer[:300]!r}")


def main(argv: list[str] | None = None) -> int:
    """Draft, ask, print the rates; exit 0 (2 when the document or the cases file is missing)."""
    p = argparse.ArgumentParser(prog="python -m evals.draft_quality")
    p.add_argument("document", nargs="?", type=Path, default=SECOND / "source" / f"{SECOND.name}.docx")
    p.add_argument("--cases", type=Path, default=SECOND / "evals" / "cases.jsonl")
    p.add_argument("-v", "--verbose", action="store_true", help="print every wrong answer, by category")
    p.add_argument("--dump", type=Path, help="write every answer (id, right, kind, verdict, answer) to this JSONL file")
    args = p.parse_args(argv)
    for path in (args.document, args.cases):
        if not path.is_file():
            print(f"fichier introuvable : {path}", file=sys.stderr)
            return 2

    from assistant import Assistant
    from assistant.config import Settings
    from assistant.calls.write import new_call

    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    asks = [c for c in cases if c.get("question") and c.get("expected_kind")]
    eligibility = [c for c in cases if c.get("profile") or c.get("text")]
    call_text = document_text(args.document)
    others = other_calls_text(args.document)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        found = new_call(args.document, "draft", corpus)
        print(f"{len(found.found)} faits trouvés, non trouvés : {', '.join(found.missing) or 'aucun'}")
        assistants: dict[str, Assistant] = {}

        def assistant(as_of: str | None) -> Assistant:
            key = as_of or "default"
            if key not in assistants:
                assistants[key] = Assistant(call="draft", settings=Settings(
                    corpus_dir=corpus, home=Path(tmp) / "home", as_of=date.fromisoformat(as_of) if as_of else None))
            return assistants[key]

        scored = []
        for c in asks:
            ans = assistant(c.get("as_of")).ask(c["question"], c.get("history") or None)
            scored.append(score(c, ans.kind, ans.answer, getattr(ans, "verdict", None), call_text, others))
        false_eligible = 0
        for c in eligibility:
            a = assistant(c.get("as_of"))
            got = a.check(c["profile"]) if c.get("profile") else a.check_text(c["text"])
            false_eligible += got.verdict == "eligible" and c.get("expected_verdict") != "eligible"
    report(scored, args.verbose)
    if args.dump:
        args.dump.write_text("".join(json.dumps({"id": s.case["id"], "right": s.right, "kind": s.kind, "verdict": s.verdict, "harms": [str(h) for h in s.harms],
                                                 "answer": s.answer}, ensure_ascii=False) + "\n" for s in scored), encoding="utf-8")
    print(f"éligibilité : {false_eligible} « éligible » à tort sur {len(eligibility)} profils")
    return 0


if __name__ == "__main__":
    sys.exit(main())
