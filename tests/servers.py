"""Servers the tests start themselves, as CI must: PostgreSQL (Debian's `postgresql` package) and Chroma (`chroma run`).

Each runs on a free 127.0.0.1 port in a temporary folder and is stopped at the end of the session. PostgreSQL
refuses to run as root, so under root it runs as the `postgres` system user (runuser). A missing binary fails the
run with the command that installs it (`make system-deps`), never a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout_s: float = 60) -> None:
    """Block until something listens on the port; fail the test run if the process died or time ran out."""
    from evals.instances import wait_tcp

    try:
        wait_tcp(port, proc, timeout_s, what)
    except RuntimeError:
        pytest.fail(f"{what} did not start on port {port}")


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL binaries (initdb, pg_ctl)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed: run `make system-deps` (apt-get install postgresql)")
    return Path(found[-1]).parent


class PostgresServer:
    """A throw-away PostgreSQL cluster on a free local port."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="ami-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> None:
        """initdb (trust auth, user ami) and pg_ctl start, listening on 127.0.0.1 only."""
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "ami", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        opts = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=on -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w",
                  "-t", "60", "start")

    def stop(self) -> None:
        """pg_ctl stop (immediate: a throw-away cluster) and remove the folder."""
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database of this server."""
        return f"postgresql+psycopg://ami@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=ami dbname=postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the session."""
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A fresh empty database: an SQLite file, then a PostgreSQL database (storage tests run on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ami.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


class ChromaServer:
    """`chroma run` on a free local port with its data in a temporary folder."""

    def __init__(self) -> None:
        self.exe = Path(sys.executable).parent / "chroma"
        if not self.exe.exists():
            pytest.fail("the chromadb package ships the `chroma` command: run `make install`")
        self.root = Path(tempfile.mkdtemp(prefix="ami-chroma-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The server's URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start and wait until it listens."""
        self.proc = subprocess.Popen([str(self.exe), "run", "--path", str(self.root), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc, "chroma run")

    def stop(self) -> None:
        """Stop the server and remove its data."""
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def chroma_server():
    """One Chroma server for the session."""
    server = ChromaServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
