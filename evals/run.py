"""`ami eval` / `python -m evals`: run every call's eval cases on the assistant and on the naive baseline, report, gate.

Cases live per call in `corpus/<call-id>/evals/*.jsonl`, each in a `dev` (tuned on) or `test` (never tuned on)
split. Exit code 0 when every gate of evals/thresholds.toml holds, 1 when one does not, 2 on bad input.
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

from .gates import as_gates, load_gates
from .harness import (
    DEFAULT_AS_OF,
    THRESHOLDS_FILE,
    SuiteRun,
    System,
    assistant_system,
    corpus_hash,
    discover_calls,
    load_call_cases,
    load_cases,
    make_checker,
    run_cases,
    task_of,
)
from .report import build_report, print_tables, render_html

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ami eval", description="Évalue l'assistant sur les cas de chaque appel "
                                "(corpus/<appel>/evals/*.jsonl), à côté de la référence naïve.")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--call", help="n'évaluer que cet appel (défaut : tous les appels ayant un call.yaml)")
    which.add_argument("--all-calls", action="store_true", help="évaluer tous les appels (le défaut)")
    p.add_argument("--split", choices=("dev", "test", "all"), default="all", help="jeu de cas : dev, test ou all (défaut)")
    p.add_argument("--json", dest="json_path", type=Path, help="écrire le rapport JSON à ce chemin")
    p.add_argument("--html", dest="html_path", type=Path, help="écrire le rapport HTML à ce chemin")
    p.add_argument("--as-of", dest="as_of", help="date prise comme aujourd'hui (AAAA-MM-JJ) pour les cas sans as_of, "
                   "défaut 2026-11-27")
    p.add_argument("--home", type=Path, help="AMI_HOME à utiliser (défaut : celui configuré)")
    p.add_argument("--temp-home", action="store_true", help="indexer dans un AMI_HOME temporaire")
    p.add_argument("--cases", type=Path, help="un seul fichier de cas (JSONL), pour l'appel de --call")
    p.add_argument("--thresholds", type=Path, default=THRESHOLDS_FILE, help="fichier de seuils (TOML)")
    p.add_argument("--category", action="append", help="ne lancer que cette catégorie (répétable)")
    p.add_argument("--no-baseline", action="store_true", help="ne pas évaluer la référence naïve")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression ni de tableaux")
    return p


def _run_call(assistant: Any, cases: list[dict], as_of: date, with_baseline: bool, deck_dir: Path,
              progress: Any | None, embeddings: dict) -> tuple[SuiteRun, SuiteRun | None, str]:
    """One call's cases on its assistant and on the naive baseline over its call document."""
    from assistant.corpus import load_document

    spec = assistant.spec
    checker = make_checker(assistant.settings.corpus_dir)
    ours = run_cases(assistant_system(assistant), cases, spec, checker, as_of, deck_dir,
                     progress=(lambda cid: progress("assistant", cid)) if progress else None)
    baseline = None
    if with_baseline:
        from .baseline import NaiveBaseline

        source = spec.source_of(spec.call_document)
        doc = load_document(spec.path(spec.call_document), source)
        model = assistant.settings.model_path()
        naive = NaiveBaseline(doc.text, source, model, embeddings=embeddings.get(model))
        embeddings.setdefault(model, naive.embeddings)
        ask_cases = [c for c in cases if task_of(c) == "ask"]
        naive.prepare([c["question"] for c in ask_cases])
        baseline = run_cases(System(name="baseline", ask=naive.ask, search=naive.search), ask_cases, spec, checker,
                             as_of, deck_dir, progress=(lambda cid: progress("baseline", cid)) if progress else None)
        for r in baseline.results:  # its queries were embedded in one batch: per-question timings mean nothing
            r.latency_ms = None
    return ours, baseline, corpus_hash(spec.folder)


def evaluate(assistant: Any, cases: list[dict], *, as_of: date, with_baseline: bool = True,
             thresholds: Any | None = None, progress: Any | None = None, filtered: bool = False) -> dict[str, Any]:
    """Run the cases on one call's Assistant (and the baseline) and return the JSON report (dict).

    `thresholds`: gates (see evals.gates.as_gates) or None for evals/thresholds.toml."""
    return evaluate_calls([(assistant, cases)], as_of=as_of, with_baseline=with_baseline, thresholds=thresholds,
                          progress=progress, filtered=filtered)


def evaluate_calls(runs: list[tuple[Any, list[dict]]], *, as_of: date, with_baseline: bool = True,
                   thresholds: Any | None = None, progress: Any | None = None, filtered: bool = False,
                   skipped: dict[str, str] | None = None) -> dict[str, Any]:
    """Run each (assistant, its call's cases) pair, merge the results and return one JSON report."""
    gates = load_gates(THRESHOLDS_FILE) if thresholds is None else as_gates(thresholds)
    ours, baseline = SuiteRun("assistant"), (SuiteRun("baseline") if with_baseline else None)
    hashes: dict[str, str] = {}
    embeddings: dict = {}
    with tempfile.TemporaryDirectory(prefix="ami-eval-decks-") as tmp:
        for assistant, cases in runs:
            mine, base, digest = _run_call(assistant, cases, as_of, with_baseline, Path(tmp), progress, embeddings)
            ours.extend(mine)
            if baseline is not None and base is not None:
                baseline.extend(base)
            hashes[assistant.spec.id] = digest
    settings = runs[0][0].settings if runs else None
    run_settings = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "call": ", ".join(hashes),
        "corpus_hash": hashes,
        "skipped_calls": skipped or {},
        "home": str(settings.home) if settings else "",
        "corpus_dir": str(settings.corpus_dir) if settings else "",
        "embedding_model": (settings.embedding_model if settings else None) or "bundled all-MiniLM-L6-v2",
        "chroma_url": (settings.chroma_url if settings else None) or "embedded",
        "llm": (settings.llm if settings else None) or "none",
        "cases_total": sum(len(c) for _, c in runs),
        "filtered": filtered,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}",
    }
    return build_report(ours, baseline, gates, run_settings)


def _select_cases(args: argparse.Namespace, corpus_dir: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """{call id: its cases} after --call/--cases/--split/--category, and {skipped folder: why}."""
    ready, waiting = discover_calls(corpus_dir)
    skipped = {w: "pas encore de call.yaml : ses cas sont ignorés" for w in waiting}
    if args.call and args.call not in ready:
        why = "il n'a pas encore de call.yaml" if args.call in waiting else f"appels disponibles : {', '.join(ready)}"
        raise ValueError(f"Appel {args.call!r} non évaluable ({why}).")
    calls = [args.call] if args.call else ready
    if args.cases:
        if len(calls) != 1:
            raise ValueError("--cases demande --call ID (plusieurs appels dans le corpus).")
        chosen = {calls[0]: [{**c, "call": calls[0], "file": args.cases.name, "split": c.get("split") or "dev"}
                             for c in load_cases(args.cases)]}
        skipped = {}
    else:
        chosen = {cid: load_call_cases(corpus_dir, cid) for cid in calls}
    for cid in chosen:
        chosen[cid] = [c for c in chosen[cid] if (args.split == "all" or c["split"] == args.split)
                       and (not args.category or c["category"] in set(args.category))]
    chosen = {cid: cs for cid, cs in chosen.items() if cs}
    if not chosen:
        what = f" dans la ou les catégories {', '.join(args.category)}" if args.category else ""
        raise ValueError(f"Aucun cas à évaluer{what} (split {args.split}).")
    return chosen, skipped


def main(argv: list[str] | None = None, progress: Any | None = None) -> int:
    """Run the eval suite; 0 when all thresholds are met, 1 otherwise, 2 on bad input.

    `progress(done, total)`, when given, is called after each case (assistant and baseline runs together)."""
    args = _parser().parse_args(argv)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else DEFAULT_AS_OF
    except ValueError:
        print(f"Date invalide pour --as-of : {args.as_of!r} (format attendu AAAA-MM-JJ).", file=sys.stderr)
        return 2

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant import Assistant, AssistantError
    from assistant.config import get_settings

    try:
        gates = load_gates(args.thresholds)
    except (OSError, ValueError, KeyError) as exc:
        print(f"Impossible de lire les seuils {args.thresholds} : {exc}", file=sys.stderr)
        return 2
    try:
        by_call, skipped = _select_cases(args, get_settings().corpus_dir)
    except (OSError, KeyError) as exc:
        print(f"Impossible de lire les cas : {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    console = Console(stderr=True, quiet=args.quiet)
    for folder, why in skipped.items():
        console.print(f"[yellow]{folder}[/yellow] : {why}.")
    tmp_home = tempfile.TemporaryDirectory(prefix="ami-eval-home-") if args.temp_home else None
    home = Path(tmp_home.name) if tmp_home else args.home
    try:
        embeddings = None
        runs = []
        for cid, cases in by_call.items():
            assistant = Assistant(call=cid, as_of=as_of, home=home, embeddings=embeddings)
            with console.status(f"Préparation de l'index de {cid}…"):
                assistant.search("date limite", k=1)  # builds or refreshes the index before timing anything
            embeddings = assistant.index.embeddings  # one model in memory for every call
            runs.append((assistant, cases))
        all_cases = [c for _, cs in runs for c in cs]
        n_ask = sum(task_of(c) == "ask" for c in all_cases)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, disable=args.quiet) as bar:
            tasks = {"assistant": bar.add_task("assistant", total=len(all_cases)),
                     "baseline": bar.add_task("référence naïve", total=0 if args.no_baseline else n_ask)}

            total = len(all_cases) + (0 if args.no_baseline else n_ask)
            done = [0]

            def on_case(system: str, case_id: str) -> None:
                bar.advance(tasks[system])
                done[0] += 1
                if progress is not None:
                    progress(done[0], total)

            report = evaluate_calls(runs, as_of=as_of, with_baseline=not args.no_baseline, thresholds=gates,
                                    progress=on_case, filtered=bool(args.category), skipped=skipped)
    except AssistantError as exc:
        print(f"Évaluation impossible : {exc}", file=sys.stderr)
        return 2
    finally:
        if tmp_home:
            tmp_home.cleanup()
    if not args.quiet:
        print_tables(report, Console())
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
    return 0 if report["passed"] else 1
