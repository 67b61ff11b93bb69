"""The dialogue team's answer bank: answers validated by the call's contacts, in the project's database.

Validation is a state. Entries go draft -> approved -> retired; any change of an approved entry's question, answer
or citations sends it back to draft, and only a named person's `approve` publishes it again. Every change is kept
as a numbered version (`history`). Edits use optimistic locking: each change names the version it was based on and
fails with ConflictError when someone else changed the entry since, so two staff members (or two app instances)
never overwrite each other. Each write is one transaction, so a process killed mid-write loses nothing committed.

The database is PostgreSQL (AMI_DATABASE_URL) or an SQLite file; see `db.py`. The answer engine calls
`find_approved(question)` first: it returns an approved entry (with its id, question and match score) only for the
same question, reworded or misspelt, never for a merely related one; see `bankmatch.py`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import logging
import secrets
import threading
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from . import bankmatch
from .bankmatch import (  # noqa: F401  (re-exported: earlier import paths)
    NEAR_DUPLICATE_THRESHOLD, SAME_QUESTION_THRESHOLD, content_words, fold, question_similarity,
)
from .db import Database, bank_revisions, entries, entry_versions, get_database, now, sqlite_url
from .errors import ConflictError, InputError
from .types import Citation

log = logging.getLogger(__name__)

EntryStatus = Literal["draft", "approved", "retired"]
STATUSES: tuple[str, ...] = ("draft", "approved", "retired")
CSV_FIELDS = [
    "id", "call_id", "question", "answer", "citations", "author", "created_at", "updated_at",
    "status", "version", "approved_by", "approved_at",
]
_CONTENT = ("question", "answer", "citations")
_ENTRY_COLUMNS = [entries.c[f] for f in CSV_FIELDS]


class Entry(BaseModel):
    """One question and its validated (or draft) answer."""

    id: int
    call_id: str
    question: str
    answer: str = Field(description="Markdown.")
    citations: list[Citation] = Field(default_factory=list)
    author: str = ""
    created_at: str
    updated_at: str
    status: EntryStatus = "draft"
    version: int = 1
    approved_by: str | None = None
    approved_at: str | None = None
    match_score: float | None = Field(
        default=None, description="Set by find_approved: how close the asked question is to this entry's question."
    )


class EntryVersion(BaseModel):
    """One recorded state of an entry: what it said, its status, who changed it and how."""

    entry_id: int
    version: int
    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    author: str = ""
    status: EntryStatus
    approved_by: str | None = None
    approved_at: str | None = None
    changed_by: str = ""
    changed_at: str
    change: str = Field(description="created | edited | approved | retired | unpublished | imported | migrated")


# --------------------------------------------------------------------------- staff password

PBKDF2_ITERATIONS = 600_000


def hash_password(password: str, iterations: int = PBKDF2_ITERATIONS) -> str:
    """A salted PBKDF2-HMAC-SHA256 hash: 'pbkdf2_sha256$iterations$salt$hash' (base64 salt and hash)."""
    if not password:
        raise InputError("Le mot de passe ne peut pas être vide.")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"pbkdf2_sha256${iterations}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches a hash made by hash_password (constant-time comparison)."""
    if not password or not stored:
        return False
    try:
        algo, iterations, salt_b64, hash_b64 = stored.strip().split("$")
        if algo != "pbkdf2_sha256":
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


# --------------------------------------------------------------------------- the bank

class AnswerBank:
    """The answer bank of one call, in the project's database (several calls share the tables)."""

    def __init__(
        self,
        path: Path | str | Database | None = None,
        call_id: str = "",
        timeout_s: float = 10.0,
        *,
        embeddings: Any | None = None,
    ) -> None:
        """`path`: an SQLite file (as before), an SQLAlchemy URL, or a Database; `embeddings`: the Assistant's model."""
        if not call_id:
            raise InputError("AnswerBank : indiquez l'identifiant de l'appel (call_id).")
        if isinstance(path, Database):
            self.db = path
        elif isinstance(path, str) and "://" in path:
            self.db = get_database(path)
        elif path is not None:
            self.db = get_database(sqlite_url(Path(path)))
        else:
            raise InputError("AnswerBank : indiquez une base (fichier SQLite, URL ou Database).")
        self.path = self.db.sqlite_path
        self.call_id = call_id
        self.timeout_s = timeout_s
        self.embeddings = embeddings
        self._matcher: bankmatch.MatchIndex | None = None
        self._matcher_rev: int | None = None
        self._vec_cache: dict[str, np.ndarray] = {}
        self._match_lock = threading.Lock()
        self._query_vectors = bankmatch.QueryVectors(embeddings) if embeddings is not None else None
        self.db.migrate()

    # ------------------------------------------------------------------ plumbing
    @staticmethod
    def _entry(row: Any) -> Entry:
        data = dict(row._mapping)
        data["citations"] = json.loads(data.get("citations") or "[]")
        return Entry.model_validate({k: data[k] for k in CSV_FIELDS})

    @staticmethod
    def _citations_json(citations: list[Citation] | list[dict] | str | None) -> str:
        if isinstance(citations, str):
            citations = json.loads(citations or "[]")
        try:
            items = [c if isinstance(c, Citation) else Citation.model_validate(c) for c in citations or []]
        except ValidationError as exc:
            raise InputError(f"Citation invalide : {exc.errors()[0].get('msg', exc)}") from exc
        return json.dumps([c.model_dump(mode="json") for c in items], ensure_ascii=False)

    def _where_id(self, entry_id: int):
        return (entries.c.id == int(entry_id)) & (entries.c.call_id == self.call_id)

    def _row(self, conn: Connection, entry_id: int) -> Any:
        row = conn.execute(select(*_ENTRY_COLUMNS).where(self._where_id(entry_id))).first()
        if row is None:
            raise InputError(f"Aucune réponse n° {entry_id} dans la banque de réponses.")
        return row

    def _record(self, conn: Connection, entry_id: int, change: str, changed_by: str) -> None:
        """Copy the entry's current state into its history and bump the bank's revision (same transaction)."""
        r = self._row(conn, entry_id)
        conn.execute(entry_versions.insert().values(
            call_id=self.call_id, entry_id=r.id, version=r.version, question=r.question, answer=r.answer,
            citations=r.citations, author=r.author, status=r.status, approved_by=r.approved_by,
            approved_at=r.approved_at, changed_by=changed_by, changed_at=r.updated_at, change=change,
        ))
        self._bump(conn)

    def _bump(self, conn: Connection) -> None:
        key = bank_revisions.c.call_id == self.call_id
        if conn.execute(bank_revisions.update().where(key).values(revision=bank_revisions.c.revision + 1)).rowcount == 0:
            conn.execute(text("INSERT INTO bank_revisions (call_id, revision) VALUES (:c, 1) ON CONFLICT (call_id) "
                              "DO UPDATE SET revision = bank_revisions.revision + 1"), {"c": self.call_id})

    def revision(self) -> int:
        """A number that changes whenever this call's bank changes (any process, any instance)."""
        with self.db.read() as conn:
            value = conn.execute(select(bank_revisions.c.revision).where(bank_revisions.c.call_id == self.call_id)).scalar()
        return int(value or 0)

    # ------------------------------------------------------------------ reads
    def get(self, entry_id: int) -> Entry:
        """The entry with this id (InputError when there is none)."""
        with self.db.read() as conn:
            return self._entry(self._row(conn, entry_id))

    def list(self, status: str | None = None) -> list[Entry]:
        """This call's entries (optionally of one status), most recently changed first."""
        q = select(*_ENTRY_COLUMNS).where(entries.c.call_id == self.call_id)
        if status is not None:
            if status not in STATUSES:
                raise InputError(f"Statut inconnu : {status!r} (attendu : {', '.join(STATUSES)}).")
            q = q.where(entries.c.status == status)
        with self.db.read() as conn:
            rows = conn.execute(q.order_by(entries.c.updated_at.desc(), entries.c.id.desc())).all()
        return [self._entry(r) for r in rows]

    def history(self, entry_id: int) -> list[EntryVersion]:
        """Every recorded version of an entry, oldest first (InputError when there is no such entry)."""
        with self.db.read() as conn:
            self._row(conn, entry_id)
            rows = conn.execute(
                entry_versions.select()
                .where((entry_versions.c.entry_id == int(entry_id)) & (entry_versions.c.call_id == self.call_id))
                .order_by(entry_versions.c.version)
            ).all()
        out = []
        for r in rows:
            data = dict(r._mapping)
            data["citations"] = json.loads(data["citations"] or "[]")
            out.append(EntryVersion.model_validate(data))
        return out

    def near_duplicates(
        self, question: str, threshold: float = NEAR_DUPLICATE_THRESHOLD, include_retired: bool = False
    ) -> list[tuple[Entry, float]]:
        """Entries whose question resembles this one (word score in [0, 1]), best first."""
        out = []
        for e in self.list():
            if e.status == "retired" and not include_retired:
                continue
            score = question_similarity(question, e.question)
            if score >= threshold:
                out.append((e, round(score, 3)))
        out.sort(key=lambda pair: (-pair[1], pair[0].status != "approved", -pair[0].id))
        return out

    def find_approved(self, question: str) -> Entry | None:
        """The approved entry for the same question (reworded or misspelt), or None; related questions do not match.

        The entry's id and question say which validated answer is reused; `match_score` how close the match was.
        """
        if not question or not question.strip():
            return None
        matcher = self._current_matcher()
        if not len(matcher):
            return None
        qv = self._query_vectors
        hit = matcher.best(question, (lambda: qv.get(question)) if qv is not None else None)
        if hit is None:
            return None
        entry_id, score = hit
        with self.db.read() as conn:
            row = conn.execute(select(*_ENTRY_COLUMNS).where(self._where_id(entry_id) & (entries.c.status == "approved"))).first()
        if row is None:  # withdrawn between the two reads: the next call sees the new revision
            return None
        return self._entry(row).model_copy(update={"match_score": score})

    def _current_matcher(self) -> bankmatch.MatchIndex:
        """The match index of the bank's current revision (rebuilt only when the bank changed)."""
        rev = self.revision()
        with self._match_lock:
            if self._matcher is not None and self._matcher_rev == rev:
                return self._matcher
            with self.db.read() as conn:
                rows = conn.execute(
                    select(entries.c.id, entries.c.question, entries.c.question_vec, entries.c.vec_model)
                    .where((entries.c.call_id == self.call_id) & (entries.c.status == "approved"))
                    .order_by(entries.c.id)
                ).all()
            ids = [r.id for r in rows]
            questions = [r.question for r in rows]
            vectors = self._vectors(rows) if self.embeddings is not None else None
            self._matcher = bankmatch.MatchIndex(ids, questions, vectors)
            self._matcher_rev = rev
            return self._matcher

    def _model_name(self) -> str:
        return Path(str(getattr(self.embeddings, "model", type(self.embeddings).__name__))).name

    def _vectors(self, rows: list[Any]) -> np.ndarray:
        """Embeddings of the approved questions: stored at approval, cached, or computed for the missing ones."""
        model = self._model_name()
        missing = []
        for r in rows:
            if r.question in self._vec_cache:
                continue
            if r.question_vec and r.vec_model == model:
                self._vec_cache[r.question] = np.frombuffer(r.question_vec, dtype=np.float32)
            else:
                missing.append(r.question)
        if missing:
            for q, v in zip(missing, bankmatch.embed(self.embeddings, missing)):
                self._vec_cache[q] = v
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._vec_cache[r.question] for r in rows])

    # ------------------------------------------------------------------ writes
    def add_draft(
        self, question: str, answer: str, citations: list[Citation] | list[dict] | None = None, author: str = ""
    ) -> Entry:
        """Store a new draft entry (version 1)."""
        question, answer = (question or "").strip(), (answer or "").strip()
        if not question:
            raise InputError("La question est vide : saisissez la question du candidat.")
        if not answer:
            raise InputError("La réponse est vide : rédigez une réponse avant de l'enregistrer.")
        stamp, author = now(), (author or "").strip()
        with self.db.write() as conn:
            entry_id = conn.execute(entries.insert().values(
                call_id=self.call_id, question=question, answer=answer, citations=self._citations_json(citations),
                author=author, created_at=stamp, updated_at=stamp, status="draft", version=1,
            ).returning(entries.c.id)).scalar_one()
            self._record(conn, entry_id, "created", author)
            entry = self._entry(self._row(conn, entry_id))
        log.info("answer bank %s: draft %s added", self.call_id, entry_id)
        return entry

    def _change(self, entry_id: int, expected_version: int, values: dict[str, Any], change: str, by: str) -> Entry:
        """Apply `values` if the entry is still at `expected_version`; record the new version."""
        values = {**values, "updated_at": now(), "version": entries.c.version + 1}
        with self.db.write() as conn:
            res = conn.execute(entries.update().where(self._where_id(entry_id) & (entries.c.version == int(expected_version)))
                               .values(**values))
            if res.rowcount != 1:
                current = self._row(conn, entry_id)  # InputError when the entry does not exist
                raise ConflictError(
                    f"La réponse n° {entry_id} a été modifiée par quelqu'un d'autre entre-temps (version {current.version}, "
                    f"vous éditiez la version {expected_version}). Rechargez-la et refaites votre modification."
                )
            self._record(conn, entry_id, change, by)
            return self._entry(self._row(conn, entry_id))

    def update(self, entry_id: int, expected_version: int, **changes: Any) -> Entry:
        """Change question/answer/citations/author, or set status draft/retired; ConflictError when the entry changed
        since `expected_version`. Changing an approved entry's text sends it back to draft: approve it again to publish."""
        allowed = {"question", "answer", "citations", "author", "status"}
        unknown = set(changes) - allowed
        if unknown:
            raise InputError(f"Champ(s) non modifiable(s) : {', '.join(sorted(unknown))}.")
        if changes.get("status") == "approved":
            raise InputError("Pour publier une réponse, validez-la avec votre nom (approve), pas par une modification.")
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "citations":
                values[key] = self._citations_json(value)
            elif key == "status":
                if value not in STATUSES:
                    raise InputError(f"Statut inconnu : {value!r} (attendu : {', '.join(STATUSES)}).")
                values[key] = value
            elif key in ("question", "answer"):
                value = (value or "").strip()
                if not value:
                    raise InputError(f"Le champ « {key} » ne peut pas être vide.")
                values[key] = value
            else:
                values[key] = (value or "").strip()
        current = self.get(entry_id)
        stored = {"question": current.question, "answer": current.answer,
                  "citations": self._citations_json(current.citations)}
        edited = any(k in values and values[k] != stored[k] for k in _CONTENT)
        change = "edited" if edited or "status" not in values else {"retired": "retired", "draft": "unpublished"}[values["status"]]
        if current.status == "approved" and (edited or values.get("status") == "draft"):
            values.setdefault("status", "draft")
            values.update(approved_by=None, approved_at=None)
            if "question" in values:
                values.update(question_vec=None, vec_model=None)
            log.info("answer bank %s: entry %s edited, back to draft until approved again", self.call_id, entry_id)
        return self._change(entry_id, expected_version, values, change, values.get("author") or current.author)

    def approve(self, entry_id: int, expected_version: int, author: str) -> Entry:
        """Publish an entry (status approved), recording who approved it; only approved text is ever served."""
        author = (author or "").strip()
        if not author:
            raise InputError("Indiquez votre nom pour valider une réponse.")
        values: dict[str, Any] = {"status": "approved", "approved_by": author, "approved_at": now()}
        if self.embeddings is not None:
            question = self.get(entry_id).question
            vec = bankmatch.embed(self.embeddings, [question])[0]
            values.update(question_vec=vec.astype(np.float32).tobytes(), vec_model=self._model_name())
        return self._change(entry_id, expected_version, values, "approved", author)

    def retire(self, entry_id: int, expected_version: int, author: str = "") -> Entry:
        """Withdraw an entry (status retired): it is no longer published nor reused."""
        return self._change(entry_id, expected_version, {"status": "retired"}, "retired", (author or "").strip())

    # ------------------------------------------------------------------ export / import
    def export_markdown(self) -> str:
        """The published FAQ: every approved entry of this call, as Markdown with its sources."""
        items = sorted(self.list(status="approved"), key=lambda e: e.id)
        lines = ["# Questions fréquentes — réponses validées par l'équipe du dialogue", ""]
        if not items:
            lines.append("_Aucune réponse validée pour le moment._")
        for e in items:
            lines += [f"## {e.question}", "", e.answer, ""]
            if e.citations:
                lines.append("**Sources**")
                lines.append("")
                for i, c in enumerate(e.citations, 1):
                    lines.append(f"{i}. {c.source} — {c.locator} : « {c.quote} »")
                lines.append("")
            who = f" par {e.approved_by}" if e.approved_by else ""
            lines += [f"_Validée{who} le {(e.approved_at or e.updated_at)[:10]}._", ""]
        return "\n".join(lines).rstrip() + "\n"

    def export_csv(self) -> str:
        """Every entry of this call (all statuses) as CSV; import_csv reads it back."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for e in sorted(self.list(), key=lambda e: e.id):
            row = e.model_dump(mode="json")
            row["citations"] = json.dumps(row["citations"], ensure_ascii=False)
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in CSV_FIELDS})
        return buf.getvalue()

    def import_csv(self, text_: str) -> int:
        """Load entries exported by export_csv into this call (same ids are replaced); returns how many rows were read."""
        reader = csv.DictReader(io.StringIO(text_))
        missing = [f for f in ("question", "answer") if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"CSV de la banque de réponses illisible : colonne(s) manquante(s) {', '.join(missing)}.")
        rows = []
        for n, raw in enumerate(reader, start=2):
            try:
                data = {k: (raw.get(k) if raw.get(k) not in ("",) else None) for k in CSV_FIELDS}
                data["call_id"] = self.call_id
                data["citations"] = json.loads(raw.get("citations") or "[]")
                data["status"] = data["status"] or "draft"
                data["version"] = int(data["version"] or 1)
                data["author"] = data["author"] or ""
                data["created_at"] = data["created_at"] or now()
                data["updated_at"] = data["updated_at"] or data["created_at"]
                data["id"] = int(data["id"]) if data["id"] else 0
                rows.append(Entry.model_validate(data))
            except (ValueError, ValidationError) as exc:
                raise InputError(f"CSV de la banque de réponses, ligne {n} invalide : {exc}") from exc
        with self.db.write() as conn:
            for e in rows:
                values = e.model_dump(mode="json", include=set(CSV_FIELDS))
                values["citations"] = self._citations_json(e.citations)
                taken = e.id and conn.execute(select(entries.c.call_id).where(entries.c.id == e.id)).scalar()
                if e.id and taken in (None, self.call_id):
                    conn.execute(entries.delete().where(self._where_id(e.id)))
                    conn.execute(entry_versions.delete().where(entry_versions.c.entry_id == e.id))
                else:
                    values.pop("id")
                entry_id = conn.execute(entries.insert().values(**values).returning(entries.c.id)).scalar_one()
                self._record(conn, entry_id, "imported", e.author)
            if self.db.dialect == "postgresql":
                conn.execute(text("SELECT setval(pg_get_serial_sequence('entries', 'id'), "
                                  "(SELECT COALESCE(MAX(id), 1) FROM entries))"))
        return len(rows)

    def integrity_check(self) -> str:
        """The database's integrity check ('ok' when sound)."""
        return self.db.integrity_check()
