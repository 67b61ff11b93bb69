"""Applicants' conversations and feedback, kept in the shared database (assistant/db.py), keyed by call and session.

Every app process reads and writes the same rows, so a browser that comes back through another instance finds its
conversation, and the dialogue team reads every instance's feedback in one place.

Earlier versions wrote these as files under AMI_HOME: `feedback.jsonl` (one JSON record a line, no call id: records
are filed under the call of the process that imports them, and marked `imported_from`) and
`chats/<call id>/<session id>.json`. The first `Conversations` opened on a home imports the files found there into
the database, once: each imported file is recorded in `imported_files` (by host and path) and left untouched.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import socket
import threading
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from .db import Database, chat_history, feedback, imported_files, now
from .errors import InputError, StoreUnavailable

log = logging.getLogger(__name__)

_SID = re.compile(r"[0-9a-f]{32}")
MAX_MESSAGES = 200
LEGACY_FEEDBACK = "feedback.jsonl"
LEGACY_CHATS = "chats"

_IMPORTED: set[tuple[str, str]] = set()  # (database url, home) already imported by this process
_IMPORT_LOCK = threading.Lock()


def new_session_id() -> str:
    """A fresh random browser-session id (32 hex characters)."""
    return secrets.token_hex(16)


def valid_session_id(value: Any) -> str | None:
    """The id when it has the expected shape, else None."""
    return value if isinstance(value, str) and _SID.fullmatch(value) else None


def _checked(sid: str) -> str:
    if not valid_session_id(sid):
        raise InputError("Identifiant de session invalide : attendu 32 caractères hexadécimaux.")
    return sid


def _clean(messages: Any) -> list[dict[str, Any]]:
    """The user and assistant turns of a stored conversation (anything else dropped)."""
    if not isinstance(messages, list):
        return []
    return [m for m in messages if isinstance(m, dict) and m.get("role") in ("user", "assistant")]


class Conversations:
    """One call's chat histories (per browser session) and feedback, in the shared database."""

    def __init__(self, database: Database, call_id: str, legacy_home: Path | None = None) -> None:
        self.db = database
        self.call_id = call_id
        self.legacy_home = Path(legacy_home) if legacy_home else None

    # ------------------------------------------------------------------ chat histories
    def load(self, sid: str) -> list[dict[str, Any]]:
        """The stored messages of a session ([] when none, or when the id is not a session id)."""
        if not valid_session_id(sid):
            return []
        self._import_legacy()
        return _clean(self.db.load_history(self.call_id, sid))

    def save(self, sid: str, messages: list[dict[str, Any]]) -> None:
        """Replace the session's stored messages (the last MAX_MESSAGES), in one transaction."""
        _checked(sid)
        self._import_legacy()
        self.db.save_history(self.call_id, sid, _clean(messages)[-MAX_MESSAGES:])

    def clear(self, sid: str) -> None:
        """Forget the session's conversation."""
        _checked(sid)
        self._import_legacy()
        self.db.clear_history(self.call_id, sid)

    # ------------------------------------------------------------------ feedback
    def add_feedback(self, record: dict[str, Any]) -> None:
        """Store one applicant's feedback (rating, comment, question, answer...) for this call."""
        self._import_legacy()
        self.db.add_feedback(self.call_id, {k: v for k, v in record.items() if k != "at"})

    def feedback(self) -> list[dict[str, Any]]:
        """This call's feedback, oldest first, each with its UTC time under 'at'."""
        self._import_legacy()
        return self.db.list_feedback(self.call_id)

    # ------------------------------------------------------------------ files of earlier versions
    def _import_legacy(self) -> None:
        if self.legacy_home is None:
            return
        key = (self.db.url, str(self.legacy_home.resolve()))
        if key in _IMPORTED:
            return
        with _IMPORT_LOCK:
            if key not in _IMPORTED:
                import_legacy_files(self.db, self.legacy_home, self.call_id)
                _IMPORTED.add(key)


def _origin(path: Path) -> str:
    return f"{socket.gethostname()}:{path.resolve()}"


def _feedback_rows(path: Path, call_id: str) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            log.warning("%s line %d is not JSON: skipped", path, n)
            continue
        if not isinstance(rec, dict):
            continue
        at = str(rec.pop("at", "") or now())
        call = str(rec.pop("call_id", "") or call_id)
        rows.append({"call_id": call, "at": at,
                     "record": json.dumps({**rec, "imported_from": LEGACY_FEEDBACK}, ensure_ascii=False)})
    return rows


def _chat_row(path: Path) -> dict[str, Any] | None:
    sid = valid_session_id(path.stem)
    if not sid:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("chat history %s unreadable: %s", path, exc)
        return None
    messages = _clean(data.get("messages") if isinstance(data, dict) else None)
    if not messages:
        return None
    return {"call_id": path.parent.name, "session_id": sid, "updated_at": now(),
            "messages": json.dumps(messages[-MAX_MESSAGES:], ensure_ascii=False, default=str)}


def import_legacy_files(database: Database, home: Path, call_id: str) -> dict[str, int]:
    """Import `feedback.jsonl` and `chats/*/*.json` of an earlier version's home, each file once; returns the counts.

    Feedback lines carry no call id: they are filed under `call_id`. A session already in the database keeps its
    stored conversation (it is newer than the file). The files are left as they are.
    """
    home = Path(home)
    files: list[tuple[str, Path]] = []
    if (home / LEGACY_FEEDBACK).is_file():
        files.append(("feedback", home / LEGACY_FEEDBACK))
    chats = home / LEGACY_CHATS
    if chats.is_dir():
        files += [("chat", p) for p in sorted(chats.glob("*/*.json"))]
    counts = {"feedback": 0, "chat": 0}
    if not files:
        return counts
    with database.read() as conn:
        done = {r[0] for r in conn.execute(imported_files.select().with_only_columns(imported_files.c.origin))}
    for kind, path in files:
        origin = _origin(path)
        if origin in done:
            continue
        try:
            rows = _feedback_rows(path, call_id) if kind == "feedback" else [r for r in [_chat_row(path)] if r]
        except OSError as exc:
            log.warning("%s unreadable, not imported: %s", path, exc)
            continue
        try:
            with database.write() as conn:
                conn.execute(imported_files.insert().values(origin=origin, kind=kind, rows=len(rows), imported_at=now()))
                if kind == "feedback" and rows:
                    conn.execute(feedback.insert(), rows)
                for row in rows if kind == "chat" else []:
                    key = (chat_history.c.call_id == row["call_id"]) & (chat_history.c.session_id == row["session_id"])
                    if conn.execute(chat_history.select().where(key)).first() is None:
                        conn.execute(chat_history.insert().values(**row))
        except StoreUnavailable as exc:
            if isinstance(exc.__cause__, IntegrityError):  # another process imported this file at the same moment
                continue
            raise
        counts[kind] += len(rows)
        log.info("imported %d %s record(s) from %s", len(rows), kind, path)
    return counts
