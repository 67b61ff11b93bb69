"""`python -m evals.bench`: index build (cold, then no-op), search and warm ask latencies, one-shot `ami ask`,
peak memory; writes docs/benchmarks.md with the numbers, the date, the machine and the command."""

from __future__ import annotations

import argparse
import os
import re
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from .harness import CASES_FILE, DEFAULT_AS_OF, load_cases, task_of
from .metrics import percentile

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
COMMAND = "python -m evals.bench"


def _ami() -> list[str]:
    exe = shutil.which("ami") or str(Path(sys.executable).with_name("ami"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "assistant.cli"]


def _timed_run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} a échoué ({proc.returncode}) : {proc.stderr.strip()[-400:]}")
    return time.perf_counter() - t0


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        return None
    return None


def run_bench(as_of: date = DEFAULT_AS_OF) -> dict:
    """Measure everything in a fresh temporary AMI_HOME; returns the numbers."""
    from assistant import Assistant

    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="ami-bench-") as home:
        call = os.environ.get("AMI_CALL") or CASES_FILE.parent.parent.name  # the call of the benchmark's questions
        env = {**os.environ, "AMI_HOME": home, "AMI_AS_OF": as_of.isoformat(), "AMI_CALL": call, "HF_HUB_OFFLINE": "1",
               "TRANSFORMERS_OFFLINE": "1"}
        out["index_cold_s"] = _timed_run([*_ami(), "index"], env)
        out["index_noop_s"] = _timed_run([*_ami(), "index"], env)
        out["ami_ask_oneshot_s"] = _timed_run([*_ami(), "ask", "C'était quand la date limite ?"], env)

        t0 = time.perf_counter()
        assistant = Assistant(call=call, as_of=as_of, home=Path(home))
        assistant.search("date limite", k=1)
        out["in_process_open_s"] = time.perf_counter() - t0
        questions = [c["question"] for c in load_cases() if task_of(c) == "ask"]
        search_ms, ask_ms = [], []
        for q in questions:
            t = time.perf_counter()
            assistant.search(q, k=5)
            search_ms.append((time.perf_counter() - t) * 1000)
        for q in questions:  # warm: model loaded and index open, first time each question is asked
            t = time.perf_counter()
            assistant.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
        out["queries"] = len(questions)
        out["search_p50_ms"], out["search_p95_ms"] = percentile(search_ms, 50), percentile(search_ms, 95)
        out["ask_p50_ms"], out["ask_p95_ms"] = percentile(ask_ms, 50), percentile(ask_ms, 95)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["machine"] = {"nproc": os.cpu_count(), "ram_gb": _ram_gb(), "cpu": platform.processor() or platform.machine(),
                      "python": platform.python_version(), "os": platform.platform()}
    out["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return out


def render_markdown(r: dict) -> str:
    """docs/benchmarks.md from the numbers."""
    m = r["machine"]
    ram = f"{m['ram_gb']:.0f} GB" if m.get("ram_gb") else "?"
    return f"""# Benchmarks

Measured on {r['date']} with `{COMMAND}` (also `make bench`), on {m['nproc']} CPU, {ram} RAM
({m['cpu']}, {m['os']}, Python {m['python']}), embedded Chroma, the bundled all-MiniLM-L6-v2 model, no LLM.
Every run starts from a fresh temporary `AMI_HOME`.

| what | value |
|---|---|
| `ami index`, cold (new `AMI_HOME`; process start, model load, embedding every chunk) | {r['index_cold_s']:.1f} s |
| `ami index` again, nothing changed (no-op refresh) | {r['index_noop_s']:.1f} s |
| one-shot `ami ask "…"` (process start to answer, index already built) | {r['ami_ask_oneshot_s']:.1f} s |
| opening an `Assistant` in a running process (model load, index check) | {r['in_process_open_s']:.1f} s |
| `Assistant.search(q, k=5)` p50 / p95 over {r['queries']} eval questions | {r['search_p50_ms']:.0f} ms / {r['search_p95_ms']:.0f} ms |
| warm `Assistant.ask(q)` p50 / p95 over the same questions | {r['ask_p50_ms']:.0f} ms / {r['ask_p95_ms']:.0f} ms |
| peak memory (max RSS) of the benchmark process | {r['peak_rss_mb']:.0f} MB |
| peak memory of the largest `ami` subprocess | {r['peak_rss_children_mb']:.0f} MB |

The eval suite itself (`ami eval`, {r['queries']} questions plus eligibility and review cases, with the naive
baseline) reports its own p50/p95 ask latency in its JSON and HTML reports.

Re-run: `{COMMAND}` rewrites this file.
"""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write docs/benchmarks.md (or --out)."""
    p = argparse.ArgumentParser(prog="python -m evals.bench", description="Mesure les temps et la mémoire de l'assistant.")
    p.add_argument("--out", type=Path, default=DOC, help="fichier Markdown à écrire (défaut docs/benchmarks.md)")
    args = p.parse_args(argv)
    try:
        r = run_bench()
    except RuntimeError as exc:
        print(f"Benchmark interrompu : {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    # sections other scripts maintain (e.g. evals.hostile's "Hostile input") are kept as they are
    sections = [m.group(0) for m in re.finditer(r"<!-- section:([\w-]+) -->.*?<!-- /section:\1 -->", old, flags=re.S)]
    args.out.write_text(render_markdown(r) + "".join(f"\n{s}\n" for s in sections), encoding="utf-8")
    print(render_markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
