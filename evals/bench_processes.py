"""`python -m evals.bench_processes`: eight app processes against one on this machine, and the first answer after start.

Each process is an app instance (`evals/instances.py`: an `Assistant` behind a local HTTP server, here one request at
a time, AMI_SERVE_WORKERS=1, so that processes alone make the parallelism), all sharing one AMI_HOME, one SQLite database and one Chroma server, with the torch threads the project sets
for several processes on shared cores (AMI_TORCH_THREADS, default 1 here). The same closed-loop load, `--clients`
clients each alternating a search (`Assistant.search`) and a question (`Assistant.ask`) over 60 eval questions
without pause, runs for `--seconds` against one process, then against `--processes` processes (client i on process
i mod N). Reports throughput, the ratio, search and answer p95, resident memory, and the time from a new process's
start to its first answer over the warm index. Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .instances import FIRST_CALL, REPO, Cluster, free_port, memory_mb, post, run_threads, seed_bank, wait_http
from .load_test import bank_questions, eval_questions
from .mdsection import write_section
from .metrics import percentile


def closed_loop(ports: list[int], questions: list[str], clients: int, seconds: float) -> dict:
    """`clients` threads, each alternating /search and /ask without pause on its own instance."""
    stop = time.monotonic() + seconds
    lat: dict[str, list[float]] = {"/search": [], "/ask": []}
    errors: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        rng = random.Random(i)
        port = ports[i % len(ports)]
        path = "/search" if i % 2 else "/ask"
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                post(port, path, {"question": rng.choice(questions)}, timeout=60)
                with lock:
                    lat[path].append((time.perf_counter() - t0) * 1000)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
            path = "/ask" if path == "/search" else "/search"

    elapsed = run_threads(client, clients)
    n = len(lat["/search"]) + len(lat["/ask"])
    return {"processes": len(ports), "requests": n, "throughput": n / elapsed, "errors": len(errors),
            "search_p50": percentile(lat["/search"], 50) or 0.0, "search_p95": percentile(lat["/search"], 95) or 0.0,
            "ask_p50": percentile(lat["/ask"], 50) or 0.0, "ask_p95": percentile(lat["/ask"], 95) or 0.0}


def warm(ports: list[int], questions: list[str]) -> None:
    """Every instance answers and searches each question once (in parallel), so both runs start from warm caches."""
    def one(port: int) -> None:
        for q in questions:
            post(port, "/ask", {"question": q})
            post(port, "/search", {"question": q})

    threads = [threading.Thread(target=one, args=(p,)) for p in ports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system, all threads) a live process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_answer(cluster: Cluster, tries: int = 3) -> tuple[list[float], list[float]]:
    """(seconds, CPU seconds of the process) from a new process's start to its first answer (index already built;
    the process starts the app's background warm-up and serves at once, as the app does)."""
    out, cpu = [], []
    for _ in range(tries):
        port = free_port()
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "evals.instances", str(port), "--cold"], env=cluster.env(0),
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(port, proc, "l'instance")
            post(port, "/ask", {"question": "Quelle est la date limite ?"})
            out.append(time.perf_counter() - t0)
            cpu.append(cpu_seconds(proc.pid))  # includes the warm-up thread's work done by then
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return out, cpu


def run(processes: int, clients: int, seconds: float, threads: int, bank: int, call: str) -> dict:
    """The whole benchmark; its numbers."""
    questions = random.Random(3).sample(eval_questions(), 60)
    with tempfile.TemporaryDirectory(prefix="ami-procs-") as tmp, \
            Cluster(tmp, call, torch_threads=threads, workers=1, shared_home=True) as cluster:
        seed_bank(cluster.db, call, bank_questions(questions, bank))
        one_port = cluster.start(1)
        warm(one_port, questions)
        one = closed_loop(one_port, questions, clients, seconds)
        one["memory_mb"] = memory_mb([p.pid for p in cluster.procs[1:]])
        print(json.dumps(one), flush=True)
        cluster.stop_instances()
        ports = cluster.start(processes)
        warm(ports, questions)
        many = closed_loop(ports, questions, clients, seconds)
        many["memory_mb"] = memory_mb([p.pid for p in cluster.procs[1:]])
        print(json.dumps(many), flush=True)
        cluster.stop_instances()
        load_before = os.getloadavg()[0]
        starts, starts_cpu = first_answer(cluster)
        print("first answer after start:", starts, starts_cpu, flush=True)
    return {"one": one, "many": many, "ratio": many["throughput"] / one["throughput"], "starts": starts,
            "starts_cpu": starts_cpu, "starts_load": load_before,
            "threads": threads, "clients": clients, "seconds": seconds, "load": os.getloadavg()}


def render(r: dict) -> str:
    """The Markdown section."""
    rows = [f"| {x['processes']} | {x['requests']} | {x['throughput']:.1f} /s | {x['search_p50']:.0f} / "
            f"{x['search_p95']:.0f} ms | {x['ask_p50']:.0f} / {x['ask_p95']:.0f} ms | {x['errors']} | "
            f"{x['memory_mb']:.0f} MB |" for x in (r["one"], r["many"])]
    start = statistics.median(r["starts"])
    return "\n".join([
        "## Several app processes on one machine (`python -m evals.bench_processes`)",
        "",
        f"App processes (`evals/instances.py`), {r['threads']} torch thread each (`AMI_TORCH_THREADS`), one request "
        f"at a time each, one AMI_HOME, one SQLite database, one Chroma server, on this 2-core machine shared with "
        f"other jobs (load average at the end: {r['load'][0]:.1f}). The same load each time: {r['clients']} clients, "
        f"each alternating a search and a question (60 eval questions, each seen once by every process before) without pause for "
        f"{r['seconds']:.0f} s.",
        "",
        "| processes | requests | throughput | search p50 / p95 | answer p50 / p95 | errors | memory (all processes) |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Throughput of {r['many']['processes']} processes: **{r['ratio']:.2f}×** one process (target ≥ 1.5×); "
        f"search p95 {r['many']['search_p95']:.0f} ms and answer p95 {r['many']['ask_p95']:.0f} ms with "
        f"{r['many']['processes']} processes (target ≤ 150 ms).",
        "",
        f"First answer after start (a new process, index already built; it starts the app's background warm-up and "
        f"serves at once, as the app does; from process start to the answer): "
        f"{', '.join(f'{s:.1f} s' for s in r['starts'])} (median {start:.1f} s; target ≤ 2 s), load average "
        f"{r.get('starts_load', 0):.1f} on 2 cores; the process had used "
        f"{', '.join(f'{c:.1f}' for c in r.get('starts_cpu', []))} CPU seconds by then (all its threads).",
    ])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients, the same for both runs (default 8)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("AMI_TORCH_THREADS") or 1),
                        help="torch threads per process (default AMI_TORCH_THREADS, else 1)")
    parser.add_argument("--bank", type=int, default=20, help="approved answers in the bank (default 20)")
    parser.add_argument("--call", default=os.environ.get("AMI_CALL") or FIRST_CALL)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--first-only", action="store_true",
                        help="only the first answer after start (one instance builds the index first); prints, writes nothing")
    args = parser.parse_args(argv)
    if args.first_only:
        with tempfile.TemporaryDirectory(prefix="ami-procs-") as tmp, \
                Cluster(tmp, args.call, torch_threads=args.threads, workers=1, shared_home=True) as cluster:
            seed_bank(cluster.db, args.call, bank_questions(random.Random(3).sample(eval_questions(), 60), args.bank))
            cluster.start(1)
            cluster.stop_instances()
            load = os.getloadavg()[0]
            starts, cpu = first_answer(cluster, tries=5)
        print(json.dumps({"starts": starts, "cpu": cpu, "load": load}))
        return 0 if statistics.median(starts) <= 2 else 1
    r = run(args.processes, args.clients, args.seconds, args.threads, args.bank, args.call)
    md = render(r)
    print(md)
    if not args.no_write:
        write_section("bench-processes", md)
    ok = r["ratio"] >= 1.5 and max(r["many"]["search_p95"], r["many"]["ask_p95"]) <= 150 and not r["many"]["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
