"""`python -m evals.load_test`: N simulated applicants asking questions against two app instances for a fixed time.

Local only: the two instances are worker processes of this script, each an `Assistant` behind a small HTTP server on
127.0.0.1 (POST /ask), one torch thread each (AMI_TORCH_THREADS=1), sharing one database (`--db`, default a
temporary SQLite file) and one Chroma server (`--chroma`, default one started here with `chroma run`). Each
simulated applicant sends the eval suite's questions one after another to either instance, without pause, until the
time is up. Reports throughput, p50/p95 latency and errors, and writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .mdsection import write_section
from .metrics import percentile

REPO = Path(__file__).resolve().parent.parent
FIRST_CALL = "ami-innovation-sociale-emploi-pas-de-calais-2024"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen, what: str, timeout_s: float = 600) -> None:
    deadline = time.time() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"{what} n'a pas démarré sur le port {port}")
            time.sleep(0.5)


# --------------------------------------------------------------------------- one instance

def serve(port: int) -> None:
    """Run one instance: an Assistant behind POST /ask on 127.0.0.1:port (settings from the environment)."""
    from assistant import Assistant

    a = Assistant()
    a.ask("Quelle est la date limite ?")  # model, index and answer bank ready before the first applicant

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _reply(self, code: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply(200, {"ok": True})

        def do_POST(self) -> None:
            try:
                n = int(self.headers.get("Content-Length", "0"))
                question = json.loads(self.rfile.read(n) or b"{}").get("question", "")
                ans = a.ask(question)
                self._reply(200, {"kind": ans.kind, "origin": ans.origin})
            except Exception as exc:  # reported as an error by the client
                self._reply(500, {"error": f"{type(exc).__name__}: {exc}"})

    class Server(ThreadingHTTPServer):
        request_queue_size = 256  # the default backlog (5) resets connections beyond a few simultaneous applicants
        daemon_threads = True

    Server(("127.0.0.1", port), Handler).serve_forever()


# --------------------------------------------------------------------------- the applicants

def applicants(ports: list[int], questions: list[str], users: int, seconds: float) -> dict:
    """`users` threads asking without pause for `seconds`; latencies and errors."""
    stop = time.monotonic() + seconds
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(i: int) -> None:
        rng = random.Random(i)
        while time.monotonic() < stop:
            port = ports[rng.randrange(len(ports))]
            body = json.dumps({"question": rng.choice(questions)}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/ask", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    resp.read()
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append(ms)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    return {"users": users, "seconds": round(elapsed, 1), "requests": len(lat), "errors": len(errors),
            "error_samples": sorted(set(errors))[:3], "throughput": len(lat) / elapsed if elapsed else 0.0,
            "p50": percentile(lat, 50) or 0.0, "p95": percentile(lat, 95) or 0.0}


def run(users_list: list[int], seconds: float, db: str | None, chroma: str | None, call: str) -> list[dict]:
    """Start the servers and the two instances, run each load level, stop everything."""
    from .harness import load_cases

    questions = [c["question"] for c in load_cases() if c.get("question")]  # the first call's eval questions
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="ami-load-") as tmp:
        try:
            if not chroma:
                cport = _free_port()
                exe = Path(sys.executable).with_name("chroma")
                procs.append(subprocess.Popen([str(exe), "run", "--path", f"{tmp}/chroma", "--host", "127.0.0.1",
                                               "--port", str(cport)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                chroma = f"http://127.0.0.1:{cport}"
                _wait_tcp(cport, procs[-1])
            db = db or f"sqlite:///{tmp}/shared.sqlite3"
            ports = []
            for i in range(2):
                port = _free_port()
                env = dict(os.environ, AMI_HOME=f"{tmp}/home-{i}", AMI_DATABASE_URL=db, AMI_CHROMA_URL=chroma, AMI_CALL=call,
                           AMI_TORCH_THREADS="1", PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
                procs.append(subprocess.Popen([sys.executable, "-m", "evals.load_test", "--serve", str(port)], env=env,
                                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                _wait(port, procs[-1], f"l'instance {i + 1}")
                ports.append(port)
            results = []
            for users in users_list:
                r = applicants(ports, questions, users, seconds)
                r["db"] = db.split(":", 1)[0].split("+")[0]
                results.append(r)
                print(r, flush=True)
            return results
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()


def _wait_tcp(port: int, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.time() + timeout_s
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"chroma run n'a pas démarré sur le port {port}")
            time.sleep(0.3)


def render(results: list[dict], seconds: float) -> str:
    """The Markdown section."""
    return "\n".join([
        "## Load test: simulated applicants against two instances (`python -m evals.load_test`)",
        "",
        f"Two `Assistant` processes behind local HTTP servers (127.0.0.1), one torch thread each, sharing one "
        f"{results[0]['db']} database and one Chroma server; each applicant asks the eval questions without pause "
        f"for {seconds:.0f} s. Machine shared with other jobs while measured.",
        "",
        "| applicants | requests | throughput | p50 | p95 | errors |",
        "|---|---|---|---|---|---|",
        *[f"| {r['users']} | {r['requests']} | {r['throughput']:.1f} /s | {r['p50']:.0f} ms | {r['p95']:.0f} ms | "
          f"{r['errors']}{' (' + '; '.join(r['error_samples']) + ')' if r['errors'] else ''} |" for r in results],
        "",
        "Target (issue 15): no error, p95 under 200 ms at 50 concurrent applicants.",
    ])


def main(argv: list[str] | None = None) -> int:
    """Serve one instance (--serve PORT) or run the load test."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--users", default="10,50", help="simulated applicants, comma-separated levels (default 10,50)")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each level (default 30)")
    parser.add_argument("--db", help="SQLAlchemy URL of the shared database (default: a temporary SQLite file)")
    parser.add_argument("--chroma", help="Chroma server URL (default: one started by the script)")
    parser.add_argument("--call", default=os.environ.get("AMI_CALL") or FIRST_CALL, help="call id (default: the first call)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    results = run([int(u) for u in args.users.split(",")], args.seconds, args.db, args.chroma, args.call)
    md = render(results, args.seconds)
    print(md)
    if not args.no_write:
        write_section("load-test", md)
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
