"""App instances for the load test and the process benchmark: each an `Assistant` behind a small local HTTP server.

`python -m evals.instances PORT` serves one instance on 127.0.0.1:PORT (settings from the environment):
POST /ask {"question"} -> {"kind", "origin"}, POST /search {"question"} -> {"hits"}, GET /health. At most
`AMI_SERVE_WORKERS` requests (default 4) run the Assistant at once, the others wait: the work is mostly Python under
the GIL, but embedding, NumPy and database calls release it, so a few at once answer more per second than one (and a
slow first-sight question does not hold the quick ones behind it), while many at once only share one core.
`Cluster` starts a Chroma server (`chroma run`), seeds the shared database's answer bank and starts N instances.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_CALL = "ami-innovation-sociale-emploi-pas-de-calais-2024"
BANK_ANSWER = "Réponse validée par l'équipe du dialogue (jeu d'essai du test de charge)."


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port: int, path: str, payload: dict, timeout: float = 60) -> dict:
    """POST JSON to a local instance; its JSON reply."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read() or b"{}")


def _wait(ready, port: int, proc: subprocess.Popen, what: str, timeout_s: float, pause: float) -> None:
    """Until `ready()` stops raising OSError (RuntimeError when the process died or the time ran out)."""
    deadline = time.time() + timeout_s
    while True:
        try:
            ready()
            return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"{what} n'a pas démarré sur le port {port}")
            time.sleep(pause)


def wait_http(port: int, proc: subprocess.Popen, what: str, timeout_s: float = 900) -> None:
    """Until GET /health answers (RuntimeError when the process died or the time ran out)."""
    _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close(), port, proc, what, timeout_s, 0.05)


def wait_tcp(port: int, proc: subprocess.Popen, timeout_s: float = 60, what: str = "chroma run") -> None:
    """Until the port accepts connections."""
    _wait(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close(), port, proc, what, timeout_s, 0.2)


def run_threads(target, n: int) -> float:
    """Run `target(i)` in n threads at once; the seconds until all have returned."""
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(n)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - t0


# --------------------------------------------------------------------------- one instance

def serve(port: int, warm: bool = True) -> None:
    """Run one instance on 127.0.0.1:port until killed."""
    from assistant import Assistant

    a = Assistant()
    if warm:  # model, index, territory and answer bank ready before the first applicant
        a.ask("Quelle est la date limite ?")
        a.search("date limite de dépôt")
    else:  # as the app does at start: everything loads in the background while the server already answers
        a.warm_up()
    gate = threading.BoundedSemaphore(max(1, int(os.environ.get("AMI_SERVE_WORKERS", "4"))))

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
                with gate:
                    if self.path == "/search":
                        body = {"hits": len(a.search(question, k=5))}
                    else:
                        ans = a.ask(question)
                        body = {"kind": ans.kind, "origin": ans.origin}
                self._reply(200, body)
            except Exception as exc:  # reported as an error by the client
                self._reply(500, {"error": f"{type(exc).__name__}: {exc}"})

    class Server(ThreadingHTTPServer):
        request_queue_size = 256  # the default backlog (5) resets connections beyond a few simultaneous applicants
        daemon_threads = True

    Server(("127.0.0.1", port), Handler).serve_forever()


# --------------------------------------------------------------------------- several instances

def seed_bank(db_url: str, call: str, questions: list[str]) -> None:
    """Approved answers for these questions in the shared database (a deployment's bank is never empty)."""
    from assistant.answerbank import AnswerBank
    from assistant.config import bundled_model_path
    from assistant.index import LazyEmbeddings

    # with the model, as the app approves: each question's embedding is stored with it
    bank = AnswerBank(db_url, call_id=call, embeddings=LazyEmbeddings(bundled_model_path(), threads=1))
    for q in questions:
        e = bank.add_draft(q, BANK_ANSWER, [], "test de charge")
        bank.approve(e.id, e.version, "test de charge")


class Cluster:
    """A Chroma server and N instances sharing one database, in a temporary folder; a context manager."""

    def __init__(self, tmp: str, call: str, db: str | None = None, chroma: str | None = None,
                 torch_threads: int = 1, workers: int = 4, shared_home: bool = False) -> None:
        """`shared_home`: every instance uses one AMI_HOME (processes of one machine), else one each (machines)."""
        self.tmp, self.call, self.torch_threads, self.workers = tmp, call, torch_threads, workers
        self.shared_home = shared_home
        self.db = db or f"sqlite:///{tmp}/shared.sqlite3"
        self.chroma = chroma
        self.procs: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self.started_s: list[float] = []  # seconds from each instance's process start to its first answer

    def __enter__(self) -> Cluster:
        if not self.chroma:
            cport = free_port()
            exe = Path(sys.executable).with_name("chroma")
            self.procs.append(subprocess.Popen([str(exe), "run", "--path", f"{self.tmp}/chroma", "--host", "127.0.0.1",
                                                "--port", str(cport)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            self.chroma = f"http://127.0.0.1:{cport}"
            wait_tcp(cport, self.procs[-1])
        return self

    def env(self, i: int) -> dict[str, str]:
        """The environment of instance i."""
        home = f"{self.tmp}/home" if self.shared_home else f"{self.tmp}/home-{i}"
        return dict(os.environ, AMI_HOME=home, AMI_DATABASE_URL=self.db, AMI_CHROMA_URL=self.chroma,
                    AMI_CALL=self.call, AMI_TORCH_THREADS=str(self.torch_threads), AMI_SERVE_WORKERS=str(self.workers),
                    PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")

    def start(self, n: int, warm: bool = True) -> list[int]:
        """Start n more instances, one after the other (the first builds the index); their ports."""
        ports = []
        for _ in range(n):
            i, port = len(self.ports), free_port()
            t0 = time.perf_counter()
            args = [sys.executable, "-m", "evals.instances", str(port)] + ([] if warm else ["--cold"])
            self.procs.append(subprocess.Popen(args, env=self.env(i), cwd=REPO, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
            wait_http(port, self.procs[-1], f"l'instance {i + 1}")
            post(port, "/ask", {"question": "Qui peut candidater ?"})
            self.started_s.append(time.perf_counter() - t0)
            self.ports.append(port)
            ports.append(port)
        return ports

    def stop_instances(self) -> None:
        """Stop the instances (the Chroma server keeps running)."""
        chroma = self.procs[:1] if self.procs and str(self.procs[0].args[0]).endswith("chroma") else []
        for p in self.procs[len(chroma):]:
            _stop(p)
        self.procs, self.ports = chroma, []

    def __exit__(self, *exc) -> None:
        for p in reversed(self.procs):
            _stop(p)


def _stop(p: subprocess.Popen) -> None:
    p.terminate()
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()


def memory_mb(pids: list[int]) -> float:
    """Resident memory of these processes, in MB (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


if __name__ == "__main__":
    serve(int(sys.argv[1]), warm="--cold" not in sys.argv)
