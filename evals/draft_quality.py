"""How well an unedited `ami new-call` draft answers a call's own eval cases.

    python -m evals.draft_quality [DOCUMENT] [--cases CASES.jsonl]

Drafts DOCUMENT (default: the second call's source .docx) into a temporary corpus, then asks the drafted call every
ask case of CASES (question + expected_kind + must_include; default: that call's evals/cases.jsonl) and checks the
eligibility cases for false "eligible" verdicts (the harmful error). Prints the rates; writes nothing in corpus/.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from .metrics import has_fact

REPO = Path(__file__).resolve().parent.parent
SECOND = REPO / "corpus" / "aap-inclusion-numerique-ille-et-vilaine-2026"


def main(argv: list[str] | None = None) -> int:
    """Draft, ask, print the rate of right answers; exit 0."""
    p = argparse.ArgumentParser(prog="python -m evals.draft_quality")
    p.add_argument("document", nargs="?", type=Path, default=SECOND / "source" / f"{SECOND.name}.docx")
    p.add_argument("--cases", type=Path, default=SECOND / "evals" / "cases.jsonl")
    p.add_argument("-v", "--verbose", action="store_true", help="print every wrong answer")
    args = p.parse_args(argv)

    from assistant import Assistant
    from assistant.config import Settings
    from assistant.calls.write import new_call

    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    asks = [c for c in cases if c.get("question") and c.get("must_include") and c.get("expected_kind")]
    eligibility = [c for c in cases if c.get("profile") or c.get("text")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        report = new_call(args.document, "draft", corpus)
        print(f"{len(report.found)} faits trouvés, non trouvés : {', '.join(report.missing) or 'aucun'}")
        assistants: dict[str, Assistant] = {}

        def assistant(as_of: str | None) -> Assistant:
            key = as_of or "default"
            if key not in assistants:
                assistants[key] = Assistant(call="draft", settings=Settings(
                    corpus_dir=corpus, home=Path(tmp) / "home", as_of=date.fromisoformat(as_of) if as_of else None))
            return assistants[key]

        right = 0
        for c in asks:
            ans = assistant(c.get("as_of")).ask(c["question"], c.get("history") or None)
            ok = (ans.kind == c["expected_kind"] and all(has_fact(ans.answer, f) for f in c["must_include"])
                  and not any(has_fact(ans.answer, [bad]) for bad in c.get("must_not_include", [])))
            right += ok
            if not ok and args.verbose:
                print(f"✗ {c['id']} [{ans.kind}] {c['question']}\n    {ans.answer[:300]!r}")
        false_eligible = 0
        for c in eligibility:
            a = assistant(c.get("as_of"))
            got = a.check(c["profile"]) if c.get("profile") else a.check_text(c["text"])
            false_eligible += got.verdict == "eligible" and c.get("expected_verdict") != "eligible"
    print(f"questions : {right}/{len(asks)} bien répondues ({right / max(1, len(asks)):.0%})")
    print(f"éligibilité : {false_eligible} « éligible » à tort sur {len(eligibility)} profils")
    return 0


if __name__ == "__main__":
    sys.exit(main())
