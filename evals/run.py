"""`ami eval` / `python -m evals`: run the eval cases on the assistant and on the naive baseline, report, gate.

Exit code 0 when every metric meets evals/thresholds.toml, 1 when one does not, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .harness import (
    CASES_FILE,
    DEFAULT_AS_OF,
    THRESHOLDS_FILE,
    System,
    assistant_system,
    corpus_hash,
    load_cases,
    load_thresholds,
    make_checker,
    run_cases,
    task_of,
)
from .metrics import check_thresholds
from .report import METRIC_LABELS, build_report, render_html

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ami eval", description="Évalue l'assistant sur les cas de evals/cases.jsonl.")
    p.add_argument("--json", dest="json_path", type=Path, help="écrire le rapport JSON à ce chemin")
    p.add_argument("--html", dest="html_path", type=Path, help="écrire le rapport HTML à ce chemin")
    p.add_argument("--as-of", dest="as_of", help="date prise comme aujourd'hui (AAAA-MM-JJ), défaut 2026-11-27")
    p.add_argument("--home", type=Path, help="AMI_HOME à utiliser (défaut : celui configuré)")
    p.add_argument("--temp-home", action="store_true", help="indexer dans un AMI_HOME temporaire")
    p.add_argument("--cases", type=Path, default=CASES_FILE, help="fichier de cas (JSONL)")
    p.add_argument("--thresholds", type=Path, default=THRESHOLDS_FILE, help="fichier de seuils (TOML)")
    p.add_argument("--category", action="append", help="ne lancer que cette catégorie (répétable)")
    p.add_argument("--no-baseline", action="store_true", help="ne pas évaluer la référence naïve")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression ni de tableaux")
    return p


def evaluate(assistant: Any, cases: list[dict], *, as_of: date, with_baseline: bool = True,
             thresholds: dict | None = None, progress: Any | None = None) -> dict[str, Any]:
    """Run the cases on an Assistant (and the baseline) and return the JSON report (dict)."""
    from assistant.callspec import load_callspec
    from assistant.corpus import load_document

    settings = assistant.settings
    spec = load_callspec(settings.corpus_dir, settings.call)
    checker = make_checker(settings.corpus_dir)
    thresholds = thresholds or load_thresholds()
    with tempfile.TemporaryDirectory(prefix="ami-eval-decks-") as tmp:
        ours = run_cases(assistant_system(assistant), cases, spec, checker, as_of, Path(tmp),
                         progress=(lambda cid: progress("assistant", cid)) if progress else None)
        baseline = None
        if with_baseline:
            from .baseline import NaiveBaseline

            source = spec.source_of(spec.call_document)
            doc = load_document(spec.path(spec.call_document), source)
            naive = NaiveBaseline(doc.text, source, settings.model_path())
            base_system = System(name="baseline", ask=naive.ask, search=naive.search)
            ask_cases = [c for c in cases if task_of(c) == "ask"]
            naive.prepare([c["question"] for c in ask_cases])
            baseline = run_cases(base_system, ask_cases, spec, checker, as_of, Path(tmp),
                                 progress=(lambda cid: progress("baseline", cid)) if progress else None)
            for r in baseline.results:  # its queries were embedded in one batch: per-question timings mean nothing
                r.latency_ms = None
    run_settings = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "call": spec.id,
        "corpus_hash": corpus_hash(spec.folder),
        "home": str(settings.home),
        "corpus_dir": str(settings.corpus_dir),
        "embedding_model": settings.embedding_model or "bundled all-MiniLM-L6-v2",
        "chroma_url": settings.chroma_url or "embedded",
        "llm": settings.llm or "none",
        "cases_total": len(cases),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    return build_report(ours, baseline, thresholds, run_settings)


def _print_tables(report: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    base = report.get("baseline") or {}
    t = Table(title="Cas réussis par catégorie")
    for col in ("catégorie", "cas", "assistant", "référence naïve", "échecs (assistant)"):
        t.add_column(col)
    for cat, c in report["by_category"].items():
        b = base.get("by_category", {}).get(cat)
        ids = c["failed_ids"]
        t.add_row(cat, str(c["cases"]), f"{c['passed']}/{c['cases']}",
                  f"{b['passed']}/{b['cases']}" if b else "—",
                  ", ".join(ids[:6]) + (f" (+{len(ids) - 6})" if len(ids) > 6 else ""))
    console.print(t)
    m = Table(title="Indicateurs")
    for col in ("indicateur", "assistant", "référence naïve", "seuil"):
        m.add_column(col)
    for name, v in report["metrics"].items():
        thr = report["thresholds"].get(name)
        kind = report["threshold_kinds"].get(name)
        bad = any(f.startswith(name + " ") for f in report["threshold_failures"])
        val = "—" if v is None else (f"{v:.0f}" if name.endswith("_ms") or name == "false_eligible" else f"{v:.3f}")
        bv = base.get("metrics", {}).get(name)
        bval = "—" if bv is None else (f"{bv:.0f}" if name.endswith("_ms") or name == "false_eligible" else f"{bv:.3f}")
        m.add_row(f"{METRIC_LABELS.get(name, name)} ({name})", f"[red]{val}[/red]" if bad else val, bval,
                  "" if thr is None else ("≥ " if kind == "min" else "≤ ") + str(thr))
    console.print(m)
    if report["passed"]:
        console.print(f"[green]Tous les seuils sont atteints[/green] ({report['cases']} cas).")
    else:
        console.print("[red]Seuils non atteints :[/red] " + " ; ".join(report["threshold_failures"]))


def main(argv: list[str] | None = None, progress: Any | None = None) -> int:
    """Run the eval suite; 0 when all thresholds are met, 1 otherwise, 2 on bad input.

    `progress(done, total)`, when given, is called after each case (assistant and baseline runs together)."""
    args = _parser().parse_args(argv)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else DEFAULT_AS_OF
    except ValueError:
        print(f"Date invalide pour --as-of : {args.as_of!r} (format attendu AAAA-MM-JJ).", file=sys.stderr)
        return 2
    try:
        cases = load_cases(args.cases)
        thresholds = load_thresholds(args.thresholds)
    except (OSError, ValueError) as exc:
        print(f"Impossible de lire les cas ou les seuils : {exc}", file=sys.stderr)
        return 2
    if args.category:
        cases = [c for c in cases if c["category"] in set(args.category)]
        if not cases:
            print(f"Aucun cas dans la ou les catégories {', '.join(args.category)}.", file=sys.stderr)
            return 2

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant import Assistant, AssistantError

    console = Console(stderr=True, quiet=args.quiet)
    tmp_home = tempfile.TemporaryDirectory(prefix="ami-eval-home-") if args.temp_home else None
    home = Path(tmp_home.name) if tmp_home else args.home
    try:
        assistant = Assistant(as_of=as_of, home=home)
        with console.status("Préparation de l'index…"):
            assistant.search("date limite", k=1)  # builds or refreshes the index before timing anything
        n_ask = sum(task_of(c) == "ask" for c in cases)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, disable=args.quiet) as bar:
            tasks = {"assistant": bar.add_task("assistant", total=len(cases)),
                     "baseline": bar.add_task("référence naïve", total=0 if args.no_baseline else n_ask)}

            total = len(cases) + (0 if args.no_baseline else n_ask)
            done = [0]

            def on_case(system: str, case_id: str) -> None:
                bar.advance(tasks[system])
                done[0] += 1
                if progress is not None:
                    progress(done[0], total)

            report = evaluate(assistant, cases, as_of=as_of, with_baseline=not args.no_baseline,
                              thresholds=thresholds, progress=on_case)
    except AssistantError as exc:
        print(f"Évaluation impossible : {exc}", file=sys.stderr)
        return 2
    finally:
        if tmp_home:
            tmp_home.cleanup()
    if not args.quiet:
        _print_tables(report, Console())
    try:
        if args.json_path:
            args.json_path.parent.mkdir(parents=True, exist_ok=True)
            args.json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        if args.html_path:
            args.html_path.parent.mkdir(parents=True, exist_ok=True)
            args.html_path.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        print(f"Impossible d'écrire le rapport : {exc}", file=sys.stderr)
        return 2
    return 0 if not check_thresholds(report["metrics"], thresholds) else 1
