"""Shared state in one SQL database: PostgreSQL when AMI_DATABASE_URL is set, an SQLite file under AMI_HOME when not.

It holds the answer bank (entries, their versions, a revision counter per call), feedback, chat histories and the
index's record manager. Every table is keyed by call id. The schema is created and upgraded by `migrate()`, a list of
numbered steps recorded in `schema_version`, applied under a lock (PostgreSQL advisory lock; SQLite write
transaction) so two processes starting together apply each step once. Never edit the schema by hand: add a step.
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sqlalchemy import (
    Column, Index, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint, create_engine, event, text,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from .errors import AssistantError, StoreUnavailable

log = logging.getLogger(__name__)

DEFAULT_SQLITE_FILE = "answerbank.sqlite3"  # kept from earlier versions: an existing AMI_HOME keeps its answers
_ADVISORY_LOCK = 0x414D49  # "AMI": PostgreSQL advisory lock key serialising migrations

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

def _entries_table(md: MetaData, vectors: bool) -> Table:
    """The answer bank's entries; `vectors`: with the question-embedding columns added by migration 2."""
    extra = [Column("question_vec", LargeBinary), Column("vec_model", String(300))] if vectors else []
    return Table(
        "entries", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("call_id", String(200), nullable=False),
        Column("question", Text, nullable=False),
        Column("answer", Text, nullable=False),
        Column("citations", Text, nullable=False, server_default="[]"),
        Column("author", String(200), nullable=False, server_default=""),
        Column("created_at", String(40), nullable=False),
        Column("updated_at", String(40), nullable=False),
        Column("status", String(20), nullable=False, server_default="draft"),
        Column("version", Integer, nullable=False, server_default="1"),
        Column("approved_by", String(200)),
        Column("approved_at", String(40)),
        *extra,
        Index("entries_call_status", "call_id", "status"),
    )


entries = _entries_table(metadata, vectors=True)

entry_versions = Table(
    "entry_versions", metadata,
    Column("call_id", String(200), nullable=False),
    Column("entry_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("approved_by", String(200)),
    Column("approved_at", String(40)),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", String(40), nullable=False),
    Column("change", String(40), nullable=False),
    UniqueConstraint("entry_id", "version", name="uix_entry_version"),
    Index("entry_versions_call_entry", "call_id", "entry_id"),
)

bank_revisions = Table(
    "bank_revisions", metadata,
    Column("call_id", String(200), primary_key=True),
    Column("revision", Integer, nullable=False),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("call_id", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("record", Text, nullable=False),
    Index("feedback_call", "call_id"),
)

chat_history = Table(
    "chat_history", metadata,
    Column("call_id", String(200), primary_key=True),
    Column("session_id", String(200), primary_key=True),
    Column("messages", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

indexed_files = Table(
    "indexed_files", metadata,
    Column("namespace", String(400), primary_key=True),
    Column("source", String(1000), primary_key=True),
    Column("file_hash", String(64), nullable=False),
    Column("call_id", String(200), nullable=False),
)


imported_files = Table(
    "imported_files", metadata,
    Column("origin", String(1200), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("imported_at", String(40), nullable=False),
)


def now() -> str:
    """The current UTC time as ISO text (seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- migrations

def _m1_entries(conn: Connection) -> None:
    # The answer bank's first table, as earlier versions created it (kept as is when already there).
    _entries_table(MetaData(), vectors=False).create(conn, checkfirst=True)


def _m2_versions_feedback_history(conn: Connection) -> None:
    from sqlalchemy import inspect

    have = {c["name"] for c in inspect(conn).get_columns("entries")}
    for col in (entries.c.question_vec, entries.c.vec_model):
        if col.name not in have:
            ddl = col.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE entries ADD COLUMN {col.name} {ddl}"))
    for table in (entry_versions, bank_revisions, feedback, chat_history):
        table.create(conn, checkfirst=True)
    # Existing entries get their current state as their first recorded version.
    conn.execute(text(
        "INSERT INTO entry_versions (call_id, entry_id, version, question, answer, citations, author, status,"
        " approved_by, approved_at, changed_by, changed_at, change)"
        " SELECT call_id, id, version, question, answer, citations, author, status, approved_by, approved_at,"
        " author, updated_at, 'migrated' FROM entries"
    ))


def _m3_index_bookkeeping(conn: Connection) -> None:
    from langchain_classic.indexes._sql_record_manager import UpsertionRecord

    UpsertionRecord.__table__.create(conn, checkfirst=True)
    indexed_files.create(conn, checkfirst=True)


def _m4_imported_files(conn: Connection) -> None:
    # Which files of earlier versions (feedback.jsonl, chats/<call>/<session>.json) were imported, so each is read once.
    imported_files.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "answer bank entries", _m1_entries),
    (2, "entry versions, bank revisions, feedback, chat history", _m2_versions_feedback_history),
    (3, "index record manager and file hashes", _m3_index_bookkeeping),
    (4, "imported files of earlier versions (feedback, chat histories)", _m4_imported_files),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


# --------------------------------------------------------------------------- database

class Database:
    """One SQLAlchemy engine on the project's database, migrated on first use."""

    def __init__(self, url: str, timeout_s: float = 30.0) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise AssistantError(f"AMI_DATABASE_URL invalide ({url!r}) : attendu une URL SQLAlchemy, "
                                 "p. ex. postgresql+psycopg://user:mdp@hôte:5432/base.") from exc
        self.dialect = parsed.get_backend_name()
        self.sqlite_path: Path | None = None
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                self.sqlite_path = Path(parsed.database)
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": timeout_s, "check_same_thread": False}
        elif self.dialect == "postgresql":
            if parsed.drivername == "postgresql":
                url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
            kwargs["connect_args"] = {"connect_timeout": int(timeout_s)}
            kwargs.update(pool_size=5, max_overflow=10)
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_pragmas(self.engine, timeout_s)
        self._migrated = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({self.safe_url})"

    @property
    def safe_url(self) -> str:
        """The URL with its password hidden, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit of work."""
        self.migrate()
        with self._guard(), self.engine.connect() as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed as a whole at the end of the block, rolled back on error."""
        self.migrate()
        with self._guard(), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"Base de données {self.safe_url} indisponible ({type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:200]}).") from exc

    # ------------------------------------------------------------------ schema
    def migrate(self) -> int:
        """Apply the pending migrations (once per process); returns the schema version."""
        if self._migrated:
            return SCHEMA_VERSION
        with self._lock:
            if self._migrated:
                return SCHEMA_VERSION
            with self._guard(), self.engine.connect() as conn:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK})
                    schema_version.create(conn, checkfirst=True)
                    done = {r[0] for r in conn.execute(text("SELECT version FROM schema_version"))}
                    for version, name, step in MIGRATIONS:
                        if version in done:
                            continue
                        log.info("database %s: migration %d (%s)", self.safe_url, version, name)
                        step(conn)
                        conn.execute(schema_version.insert().values(version=version, name=name, applied_at=now()))
            self._migrated = True
        return SCHEMA_VERSION

    def current_version(self) -> int:
        """The highest migration recorded in the database (0 when none)."""
        with self._guard(), self.engine.connect() as conn:
            from sqlalchemy import inspect

            if not inspect(conn).has_table("schema_version"):
                return 0
            return int(conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_version")).scalar_one())

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """A lock across processes for a long task (e.g. indexing one collection): advisory lock or file lock."""
        if self.dialect == "postgresql":
            import zlib

            key = zlib.crc32(name.encode()) & 0x7FFFFFFF
            with self._guard(), self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
            return
        import hashlib

        folder = (self.sqlite_path.parent if self.sqlite_path else Path(".")) / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        lock_file = folder / f"{hashlib.sha256(name.encode()).hexdigest()[:16]}.lock"
        with lock_file.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def integrity_check(self) -> str:
        """'ok' when the database is sound (SQLite's integrity check; a round trip for PostgreSQL)."""
        with self._guard(), self.engine.connect() as conn:
            if self.dialect == "sqlite":
                return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())
            conn.execute(text("SELECT 1"))
            return "ok"

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ feedback and chat histories
    def add_feedback(self, call_id: str, record: dict[str, Any]) -> None:
        """Store one feedback record (rating, comment, question...) for a call."""
        with self.write() as conn:
            conn.execute(feedback.insert().values(call_id=call_id, at=now(), record=json.dumps(record, ensure_ascii=False)))

    def list_feedback(self, call_id: str) -> list[dict[str, Any]]:
        """A call's feedback records, oldest first, each with its time under 'at'."""
        with self.read() as conn:
            rows = conn.execute(feedback.select().where(feedback.c.call_id == call_id).order_by(feedback.c.id)).all()
        return [{"at": r.at, **json.loads(r.record)} for r in rows]

    def save_history(self, call_id: str, session_id: str, messages: list[dict[str, Any]]) -> None:
        """Store (replace) the messages of one chat session."""
        payload = json.dumps(messages, ensure_ascii=False, default=str)
        key = (chat_history.c.call_id == call_id) & (chat_history.c.session_id == session_id)
        with self.write() as conn:
            if conn.execute(chat_history.update().where(key).values(messages=payload, updated_at=now())).rowcount == 0:
                conn.execute(chat_history.insert().values(call_id=call_id, session_id=session_id, messages=payload,
                                                          updated_at=now()))

    def load_history(self, call_id: str, session_id: str) -> list[dict[str, Any]]:
        """The stored messages of one chat session ([] when there are none)."""
        key = (chat_history.c.call_id == call_id) & (chat_history.c.session_id == session_id)
        with self.read() as conn:
            row = conn.execute(chat_history.select().where(key)).first()
        return json.loads(row.messages) if row else []

    def clear_history(self, call_id: str, session_id: str) -> None:
        """Forget one chat session."""
        key = (chat_history.c.call_id == call_id) & (chat_history.c.session_id == session_id)
        with self.write() as conn:
            conn.execute(chat_history.delete().where(key))


def _sqlite_pragmas(engine: Engine, timeout_s: float) -> None:
    """WAL journal, full sync, busy timeout; transactions begun explicitly (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_con, _record) -> None:  # pragma: no cover - exercised by every SQLite test
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # pragma: no cover
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")


_DATABASES: dict[str, Database] = {}
_DB_LOCK = threading.Lock()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def get_database(url: str) -> Database:
    """The process-wide Database for a URL (one engine, one connection pool)."""
    with _DB_LOCK:
        db = _DATABASES.get(url)
        if db is None:
            db = _DATABASES[url] = Database(url)
        return db


def database_for(settings: Any) -> Database:
    """The settings' database: AMI_DATABASE_URL, or the SQLite file under AMI_HOME."""
    url = getattr(settings, "database_url", None) or sqlite_url(Path(settings.home) / DEFAULT_SQLITE_FILE)
    return get_database(url)
