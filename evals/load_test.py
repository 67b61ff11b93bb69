"""`python -m evals.load_test`: N simulated applicants asking questions against two app instances for a fixed time.

Local only (127.0.0.1): the two instances are worker processes (`evals/instances.py`), each an `Assistant` behind a
small HTTP server, one torch thread each (AMI_TORCH_THREADS=1), sharing one database (`--db`, default a temporary
SQLite file) and one Chroma server (`--chroma`, default one started here with `chroma run`). The answer bank holds
`--bank` approved answers (questions drawn from the eval cases), so bank matching runs as in a deployment.

Two modes, both reported:
- realistic: each applicant asks an eval question (drawn at random), reads the answer, thinks for a random
  `--think` seconds (default 2-6), asks again; applicants arrive spread over the first think time;
- stress: the same applicants without any pause, each firing its next question as soon as the answer comes back.

`--profile` also measures, in this process, where the time of a warm `Assistant.ask` goes (one thread, then several
threads sharing the process). Reports throughput, p50/p95 latency and errors, and writes its section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
import urllib.request

from .instances import FIRST_CALL, Cluster, run_threads, seed_bank
from .mdsection import write_section
from .metrics import percentile


# --------------------------------------------------------------------------- the applicants

def applicants(ports: list[int], questions: list[str], users: int, seconds: float,
               think: tuple[float, float] | None, path: str = "/ask", seed: int = 0) -> dict:
    """`users` threads asking for `seconds`, pausing `think` (min, max) seconds after each answer (None: no pause)."""
    stop = time.monotonic() + seconds
    lat: list[float] = []
    errors: list[str] = []
    origins: dict[str, int] = {}
    lock = threading.Lock()

    def user(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        if think:  # arrivals spread over the first think time, not all at the same instant
            time.sleep(min(rng.uniform(0, think[1]), max(0.0, stop - time.monotonic())))
        while time.monotonic() < stop:
            port = ports[rng.randrange(len(ports))]
            body = json.dumps({"question": rng.choice(questions)}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    reply = json.loads(resp.read() or b"{}")
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append(ms)
                    origins[reply.get("origin", "-")] = origins.get(reply.get("origin", "-"), 0) + 1
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
            if think:
                time.sleep(min(rng.uniform(*think), max(0.0, stop - time.monotonic())))

    elapsed = run_threads(user, users)
    return {"users": users, "seconds": round(elapsed, 1), "requests": len(lat), "errors": len(errors),
            "error_samples": sorted(set(errors))[:3], "throughput": len(lat) / elapsed if elapsed else 0.0,
            "p50": percentile(lat, 50) or 0.0, "p95": percentile(lat, 95) or 0.0, "p99": percentile(lat, 99) or 0.0,
            "max": max(lat, default=0.0), "bank_share": origins.get("answerbank", 0) / len(lat) if lat else 0.0,
            "think": list(think) if think else None}


def eval_questions() -> list[str]:
    """The first call's eval questions."""
    from .harness import load_cases

    return [c["question"] for c in load_cases() if c.get("question")]


def bank_questions(questions: list[str], n: int) -> list[str]:
    """n distinct eval questions (fixed draw) to approve answers for."""
    return random.Random(7).sample(sorted(set(questions)), min(n, len(set(questions))))


def run(users_list: list[int], seconds: float, think: tuple[float, float], modes: list[str], bank: int,
        db: str | None, chroma: str | None, call: str) -> list[dict]:
    """Start the servers and the two instances, run each mode and load level, stop everything."""
    questions = eval_questions()
    with tempfile.TemporaryDirectory(prefix="ami-load-") as tmp, Cluster(tmp, call, db=db, chroma=chroma) as cluster:
        seed_bank(cluster.db, call, bank_questions(questions, bank))
        ports = cluster.start(2)
        results = []
        for mode in modes:
            for users in users_list:
                r = applicants(ports, questions, users, seconds, think if mode == "realistic" else None)
                r.update(mode=mode, db=cluster.db.split(":", 1)[0].split("+")[0])
                results.append(r)
                print(json.dumps(r), flush=True)
        return results


# --------------------------------------------------------------------------- where the time goes

def profile(bank: int, call: str, threads: int = 4, rounds: int = 2) -> dict:
    """A warm Assistant in this process: mean ask time by stage (one thread), then with `threads` threads."""
    import cProfile
    import pstats

    os.environ.setdefault("AMI_TORCH_THREADS", "1")
    from assistant import Assistant
    from assistant.config import Settings

    questions = eval_questions()
    with tempfile.TemporaryDirectory(prefix="ami-prof-") as tmp:
        settings = Settings(home=f"{tmp}/home", call=call, torch_threads=1, database_url=f"sqlite:///{tmp}/db.sqlite3")
        seed_bank(settings.database_url, call, bank_questions(questions, bank))
        a = Assistant(settings=settings)
        first = []
        for q in questions:  # first sight of each question: bank embedding computed
            t0 = time.perf_counter()
            a.ask(q)
            first.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for q in questions:
                a.ask(q)
        one = (time.perf_counter() - t0) / (rounds * len(questions)) * 1000
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(rounds):
            for q in questions:
                a.ask(q)
        prof.disable()
        stats = pstats.Stats(prof).stats
        n = rounds * len(questions)

        def cum(func: str, file_part: str) -> float:
            return sum(v[3] for k, v in stats.items() if k[2] == func and file_part in k[0]) / n * 1000

        stages = {"answer bank: revision read (database)": cum("revision", "answerbank"),
                  "answer bank: matching (incl. embedding)": cum("find_approved", "answerbank") - cum("revision", "answerbank"),
                  "question embedding (none: every question already seen once)": cum("embed_query", "bankmatch"),
                  "all of ask (under the profiler)": cum("ask", "engine")}
        done = [0]
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    i = done[0]
                    done[0] += 1
                if i >= len(questions) * rounds:
                    return
                a.ask(questions[i % len(questions)])

        t0 = time.perf_counter()
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        many = time.perf_counter() - t0
        return {"questions": len(questions), "first_p50": percentile(first, 50), "first_p95": percentile(first, 95),
                "one_thread_ms": one, "stages": stages, "threads": threads,
                "threads_throughput": len(questions) * rounds / many, "one_throughput": 1000 / one}


# --------------------------------------------------------------------------- report

def render(results: list[dict], seconds: float, think: tuple[float, float], bank: int, prof: dict | None,
           load: tuple[float, float] = (0.0, 0.0)) -> str:
    """The Markdown section."""
    rows = []
    for r in results:
        mode = f"realistic (think {think[0]:g}–{think[1]:g} s)" if r["mode"] == "realistic" else "stress (no pause)"
        err = f"{r['errors']}{' (' + '; '.join(r['error_samples']) + ')' if r['errors'] else ''}"
        rows.append(f"| {mode} | {r['users']} | {r['requests']} | {r['throughput']:.1f} /s | {r['p50']:.0f} ms | "
                    f"{r['p95']:.0f} ms | {r['p99']:.0f} ms | {err} | {r['bank_share']:.0%} |")
    out = [
        "## Load test: simulated applicants against two instances (`python -m evals.load_test`)",
        "",
        f"Two app processes (`evals/instances.py`: an `Assistant` behind a local HTTP server on 127.0.0.1, one torch "
        f"thread each, at most 4 requests at a time per process, the others queued) sharing one {results[0]['db']} database "
        f"and one Chroma server, on this 2-core machine, shared with other jobs while measured. The answer bank holds {bank} approved answers. Each applicant asks the first call's "
        f"eval questions, drawn at random, to either instance for {seconds:.0f} s.",
        "",
        f"- **realistic**: an applicant reads the answer and thinks {think[0]:g}–{think[1]:g} s (uniform) before asking "
        "again; arrivals spread over the first think time. This is the load 50 applicants put on a service.",
        "- **stress**: the same applicants with no pause at all, each sending its next question the moment the "
        "answer arrives: 50 requests always in flight on 2 cores. It measures capacity, not the applicants' wait.",
        "",
        "| mode | applicants | requests | throughput | p50 | p95 | p99 | errors | from the bank |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Load average of the machine (other jobs included) before / after: {load[0]:.1f} / {load[1]:.1f}. The "
        "levels run in order on the same instances: the first starts with cold caches, so most of its questions "
        "are asked for the first time (the bank embeds them); later levels find most questions seen.",
        "",
        "Target (issue 15): no error, p95 under 200 ms at 50 concurrent applicants (realistic mode). Under stress "
        "the latency is queueing: 50 requests in flight shared by two processes on two cores. The earlier "
        "measurement (p95 2.1 s at 50 applicants, 40 requests/s) was that stress run; since then the bank embeds a "
        "question only when no approved question with the same words answers it, once per distinct question "
        "(case and spacing folded), accent folding skips ASCII text and caches the rest, and each instance caps "
        "the requests it runs at once.",
    ]
    if prof:
        out += [
            "",
            f"Where the time of a warm `Assistant.ask` goes (`--profile`: one process, {prof['questions']} eval "
            f"questions, {bank} approved answers): the first sight of each question {prof['first_p50']:.0f} ms p50 / "
            f"{prof['first_p95']:.0f} ms p95 (the bank embeds it when an approved question is a candidate); asked "
            f"again, {prof['one_thread_ms']:.1f} ms on average; under the profiler (slower), of which:",
            "",
            "| stage (mean per question, one thread, under cProfile) | ms |",
            "|---|---|",
            *[f"| {k} | {v:.1f} |" for k, v in prof["stages"].items()],
            "",
            f"The rest is Python (routing, facts, composing, grounding), mostly under the GIL: {prof['threads']} "
            f"threads in one process answer {prof['threads_throughput']:.0f} questions/s against "
            f"{prof['one_throughput']:.0f} for one thread (embedding, NumPy and database calls release the GIL), so "
            "each instance runs up to 4 requests at once (`AMI_SERVE_WORKERS`) and more cores need more processes.",
        ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the load test (and the profile) and write its section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,50", help="simulated applicants, comma-separated levels (default 10,50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of each level (default 60)")
    parser.add_argument("--think", default="2-6", help="think time after each answer, MIN-MAX seconds (default 2-6)")
    parser.add_argument("--modes", default="realistic,stress", help="realistic, stress or both (default both)")
    parser.add_argument("--bank", type=int, default=20, help="approved answers in the bank (default 20)")
    parser.add_argument("--profile", action="store_true", help="also profile a warm Assistant.ask in this process")
    parser.add_argument("--db", help="SQLAlchemy URL of the shared database (default: a temporary SQLite file)")
    parser.add_argument("--chroma", help="Chroma server URL (default: one started by the script)")
    parser.add_argument("--call", default=os.environ.get("AMI_CALL") or FIRST_CALL, help="call id (default: the first call)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    lo, _, hi = args.think.partition("-")
    think = (float(lo), float(hi or lo))
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    before = os.getloadavg()[0]
    print("load average before:", before, flush=True)
    results = run([int(u) for u in args.users.split(",")], args.seconds, think, modes, args.bank, args.db, args.chroma,
                  args.call)
    after = os.getloadavg()[0]
    print("load average after:", after, flush=True)
    prof = profile(args.bank, args.call) if args.profile else None
    md = render(results, args.seconds, think, args.bank, prof, (before, after))
    print(md)
    if not args.no_write:
        write_section("load-test", md)
    realistic = [r for r in results if r["mode"] == "realistic"]
    return 0 if all(r["errors"] == 0 for r in results) and all(r["p95"] < 200 for r in realistic) else 1


if __name__ == "__main__":
    raise SystemExit(main())
