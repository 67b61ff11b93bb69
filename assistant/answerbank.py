"""The dialogue team's answer bank: answers validated by the call's contacts, stored in SQLite.

Entries go draft -> approved -> retired. Every write is one transaction (WAL journal, synchronous FULL), so a
process killed mid-write loses nothing it had committed. Edits use optimistic locking: each change names the
version it was based on and fails with ConflictError when someone else changed the entry since.

The answer engine calls `find_approved(question)` first: it returns an approved entry only when the question is
the same question (rephrased, with typos), never a merely related one.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import logging
import re
import secrets
import sqlite3
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import ConflictError, InputError
from . import textnorm
from .types import Citation

log = logging.getLogger(__name__)

EntryStatus = Literal["draft", "approved", "retired"]
STATUSES: tuple[str, ...] = ("draft", "approved", "retired")
CSV_FIELDS = [
    "id", "call_id", "question", "answer", "citations", "author", "created_at", "updated_at",
    "status", "version", "approved_by", "approved_at",
]
#: find_approved: smallest share of each question's content words found (fuzzily) in the other one.
SAME_QUESTION_THRESHOLD = 0.8
#: near_duplicates default: related questions worth showing before approving.
NEAR_DUPLICATE_THRESHOLD = 0.5
_TOKEN_MATCH = 80  # rapidfuzz ratio from which two words count as the same word (typos)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'retired')),
    version INTEGER NOT NULL DEFAULT 1,
    approved_by TEXT,
    approved_at TEXT
);
CREATE INDEX IF NOT EXISTS entries_call_status ON entries (call_id, status);
"""


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


# --------------------------------------------------------------------------- question similarity

_STOPWORDS = set(
    """
    a au aux avec ce ces cet cette d de des du elle elles en et est etre il ils je j l la le les leur leurs lui
    m ma mais me mes moi mon nous on ou par pour qu que quel quelle quelles quels qui s sa se ses son sur t ta te
    tes toi ton tu un une vos votre vous y c ca cela ceci dans faut peut-on il-y-a y-a-t-il t-il est-ce est-il
    comment combien quand quoi quel-est svp merci bonjour madame monsieur possible savoir voudrais aimerais
    souhaite souhaiterais pouvez pourriez dire indiquer connaitre
    peut peuvent puis pouvons pourra pourrai pourrait doit doivent dois devons faut fait faire avoir sont ont sera
    elle-meme il-est
    the an of to in on for is are be do does can could would what which when how who i we you our my it this
    that with please hello hi
    """.split()
)
# Negations and small words that change the meaning stay content words.
_KEEP = {"pas", "non", "ne", "ni", "sans", "not", "no", "plus", "moins", "max", "min"}


def fold(text: str) -> str:
    """Lower-case, accent-folded text with punctuation turned into spaces."""
    return re.sub(r"[^a-z0-9]+", " ", textnorm.fold(text)).strip()


def content_words(question: str) -> list[str]:
    """The question's meaningful words: stemmed (French), accent-folded, stopwords removed."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", question.lower()))
    stemmer = textnorm.french_stemmer()
    out: list[str] = []
    for w in words:
        f = fold(w)
        if not f or (f in _STOPWORDS and f not in _KEEP):
            continue
        if len(f) < 2 and not f.isdigit():
            continue
        stem = fold(stemmer.stemWord(w)) if not f.isdigit() else f
        out.append(stem or f)
    return out


def _coverage(a: list[str], b: list[str]) -> float:
    """Share of a's words found in b (fuzzy for words, exact for numbers), weighted by match quality."""
    from rapidfuzz import fuzz

    if not a:
        return 0.0
    total = 0.0
    for w in a:
        if w.isdigit():
            total += 1.0 if w in b else 0.0
            continue
        best = max((fuzz.ratio(w, x) for x in b if not x.isdigit()), default=0.0)
        total += best / 100 if best >= _TOKEN_MATCH else 0.0
    return total / len(a)


def question_similarity(q1: str, q2: str) -> float:
    """Symmetric similarity of two questions in [0, 1]: the smaller of the two word coverages."""
    a, b = content_words(q1), content_words(q2)
    if not a or not b:
        return 1.0 if fold(q1) == fold(q2) and fold(q1) else 0.0
    return min(_coverage(a, b), _coverage(b, a))


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

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class AnswerBank:
    """SQLite store of the dialogue team's answers for one call (several calls may share the file)."""

    def __init__(self, path: Path, call_id: str, timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.call_id = call_id
        self.timeout_s = timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per operation: safe across Streamlit's threads and across processes.
        con = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        try:
            con.row_factory = sqlite3.Row
            con.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
            con.execute("PRAGMA synchronous=FULL")
            yield con
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on error)."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @staticmethod
    def _entry(row: sqlite3.Row) -> Entry:
        data = dict(row)
        data["citations"] = json.loads(data.get("citations") or "[]")
        return Entry.model_validate(data)

    @staticmethod
    def _citations_json(citations: list[Citation] | list[dict] | None) -> str:
        try:
            items = [c if isinstance(c, Citation) else Citation.model_validate(c) for c in citations or []]
        except ValidationError as exc:
            raise InputError(f"Citation invalide : {exc.errors()[0].get('msg', exc)}") from exc
        return json.dumps([c.model_dump(mode="json") for c in items], ensure_ascii=False)

    # ------------------------------------------------------------------ reads
    def get(self, entry_id: int) -> Entry:
        """The entry with this id (InputError when there is none)."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM entries WHERE id=?", (int(entry_id),)).fetchone()
        if row is None:
            raise InputError(f"Aucune réponse n° {entry_id} dans la banque de réponses.")
        return self._entry(row)

    def list(self, status: str | None = None) -> list[Entry]:
        """This call's entries (optionally of one status), most recently changed first."""
        sql, args = "SELECT * FROM entries WHERE call_id=?", [self.call_id]
        if status is not None:
            if status not in STATUSES:
                raise InputError(f"Statut inconnu : {status!r} (attendu : {', '.join(STATUSES)}).")
            sql += " AND status=?"
            args.append(status)
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY updated_at DESC, id DESC", args).fetchall()
        return [self._entry(r) for r in rows]

    def near_duplicates(
        self, question: str, threshold: float = NEAR_DUPLICATE_THRESHOLD, include_retired: bool = False
    ) -> list[tuple[Entry, float]]:
        """Entries whose question resembles this one (score in [0, 1]), best first."""
        out = []
        for e in self.list():
            if e.status == "retired" and not include_retired:
                continue
            score = question_similarity(question, e.question)
            if score >= threshold:
                out.append((e, round(score, 3)))
        out.sort(key=lambda pair: (-pair[1], pair[0].status != "approved", -pair[0].id))
        return out

    def find_approved(self, question: str, threshold: float = SAME_QUESTION_THRESHOLD) -> Entry | None:
        """The approved entry for the same question (rephrased or misspelt), or None; related questions do not match."""
        if not question or not question.strip():
            return None
        best: tuple[float, Entry] | None = None
        for e in self.list(status="approved"):
            score = question_similarity(question, e.question)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, e)
        return best[1] if best else None

    # ------------------------------------------------------------------ writes
    def add_draft(
        self, question: str, answer: str, citations: list[Citation] | list[dict] | None = None, author: str = ""
    ) -> Entry:
        """Store a new draft entry."""
        question, answer = (question or "").strip(), (answer or "").strip()
        if not question:
            raise InputError("La question est vide : saisissez la question du candidat.")
        if not answer:
            raise InputError("La réponse est vide : rédigez une réponse avant de l'enregistrer.")
        now = _now()
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO entries (call_id, question, answer, citations, author, created_at, updated_at, status, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1)",
                (self.call_id, question, answer, self._citations_json(citations), (author or "").strip(), now, now),
            )
            entry_id = cur.lastrowid
        log.info("answer bank: draft %s added", entry_id)
        return self.get(entry_id)

    def update(self, entry_id: int, expected_version: int, **changes: Any) -> Entry:
        """Change question/answer/citations/author/status; ConflictError when the entry changed since `expected_version`."""
        allowed = {"question", "answer", "citations", "author", "status", "approved_by", "approved_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise InputError(f"Champ(s) non modifiable(s) : {', '.join(sorted(unknown))}.")
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
                values[key] = value
        values["updated_at"] = _now()
        assignments = ", ".join(f"{k}=?" for k in values)
        with self._write() as con:
            cur = con.execute(
                f"UPDATE entries SET {assignments}, version=version+1 WHERE id=? AND version=?",
                [*values.values(), int(entry_id), int(expected_version)],
            )
            if cur.rowcount != 1:
                row = con.execute("SELECT version, author, updated_at FROM entries WHERE id=?", (int(entry_id),)).fetchone()
                if row is None:
                    raise InputError(f"Aucune réponse n° {entry_id} dans la banque de réponses.")
                raise ConflictError(
                    f"La réponse n° {entry_id} a été modifiée par quelqu'un d'autre entre-temps (version {row['version']}, "
                    f"vous éditiez la version {expected_version}). Rechargez-la et refaites votre modification."
                )
        return self.get(entry_id)

    def approve(self, entry_id: int, expected_version: int, author: str) -> Entry:
        """Publish an entry (status approved), recording who approved it."""
        if not (author or "").strip():
            raise InputError("Indiquez votre nom pour valider une réponse.")
        return self.update(entry_id, expected_version, status="approved", approved_by=author.strip(), approved_at=_now())

    def retire(self, entry_id: int, expected_version: int, author: str = "") -> Entry:
        """Withdraw an entry (status retired): it is no longer published nor reused."""
        changes: dict[str, Any] = {"status": "retired"}
        if author and author.strip():
            changes["approved_by"] = author.strip()
        return self.update(entry_id, expected_version, **changes)

    # ------------------------------------------------------------------ export / import
    def export_markdown(self) -> str:
        """The published FAQ: every approved entry of this call, as Markdown with its sources."""
        entries = sorted(self.list(status="approved"), key=lambda e: e.id)
        lines = ["# Questions fréquentes — réponses validées par l'équipe du dialogue", ""]
        if not entries:
            lines.append("_Aucune réponse validée pour le moment._")
        for e in entries:
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

    def import_csv(self, text: str) -> int:
        """Load entries exported by export_csv (same ids are replaced); returns how many rows were read."""
        reader = csv.DictReader(io.StringIO(text))
        missing = [f for f in ("question", "answer") if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"CSV de la banque de réponses illisible : colonne(s) manquante(s) {', '.join(missing)}.")
        rows = []
        for n, raw in enumerate(reader, start=2):
            try:
                data = {k: (raw.get(k) if raw.get(k) not in ("",) else None) for k in CSV_FIELDS}
                data["call_id"] = data["call_id"] or self.call_id
                data["citations"] = json.loads(raw.get("citations") or "[]")
                data["status"] = data["status"] or "draft"
                data["version"] = int(data["version"] or 1)
                data["author"] = data["author"] or ""
                data["created_at"] = data["created_at"] or _now()
                data["updated_at"] = data["updated_at"] or data["created_at"]
                data["id"] = int(data["id"]) if data["id"] else 0
                entry = Entry.model_validate(data)
            except (ValueError, ValidationError) as exc:
                raise InputError(f"CSV de la banque de réponses, ligne {n} invalide : {exc}") from exc
            rows.append(entry)
        with self._write() as con:
            for e in rows:
                values = (
                    e.call_id, e.question, e.answer, self._citations_json(e.citations), e.author, e.created_at,
                    e.updated_at, e.status, e.version, e.approved_by, e.approved_at,
                )
                if e.id:
                    con.execute(
                        "INSERT OR REPLACE INTO entries (id, call_id, question, answer, citations, author, created_at,"
                        " updated_at, status, version, approved_by, approved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (e.id, *values),
                    )
                else:
                    con.execute(
                        "INSERT INTO entries (call_id, question, answer, citations, author, created_at,"
                        " updated_at, status, version, approved_by, approved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        values,
                    )
        return len(rows)

    def integrity_check(self) -> str:
        """SQLite's integrity check of the bank file ('ok' when sound)."""
        with self._connect() as con:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
