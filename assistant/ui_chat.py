"""The chat's memory and small talk, for the app (no Streamlit import): history per browser, notes, follow-ups.

- `ChatStore` keeps each browser's conversation as JSON under AMI_HOME/chats/<call id>/<session id>.json (atomic writes),
  so a reload finds it again; clearing deletes the file.
- `friendly_notes` turns the answer engine's internal notes into sentences, or drops them when the answer already
  says it: an internal code is never shown.
- `small_talk` recognises a message that is only a greeting, a thanks or a goodbye, so it is answered as such.
- `fresh_follow_ups` keeps the suggestions that differ from what was already asked.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz

from . import textnorm

log = logging.getLogger(__name__)

_SID = re.compile(r"[0-9a-f]{32}")
MAX_MESSAGES = 200


def new_session_id() -> str:
    """A fresh random browser-session id (32 hex characters)."""
    return secrets.token_hex(16)


def valid_session_id(value: Any) -> str | None:
    """The id when it has the expected shape (so it can name a file), else None."""
    return value if isinstance(value, str) and _SID.fullmatch(value) else None


class ChatStore:
    """Conversations kept as JSON files, one per browser session id."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, sid: str) -> Path:
        if not valid_session_id(sid):
            raise ValueError("invalid session id")
        return self.folder / f"{sid}.json"

    def load(self, sid: str) -> list[dict[str, Any]]:
        """The stored messages of a session ([] when none or unreadable)."""
        try:
            data = json.loads(self._path(sid).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("chat history %s unreadable: %s", sid, exc)
            return []
        messages = data.get("messages") if isinstance(data, dict) else None
        if not isinstance(messages, list):
            return []
        return [m for m in messages if isinstance(m, dict) and m.get("role") in ("user", "assistant")]

    def save(self, sid: str, messages: list[dict[str, Any]]) -> None:
        """Replace the session's stored messages (the last MAX_MESSAGES), atomically."""
        path = self._path(sid)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"messages": messages[-MAX_MESSAGES:]}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".chat-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear(self, sid: str) -> None:
        """Forget the session's conversation."""
        self._path(sid).unlink(missing_ok=True)


# --------------------------------------------------------------------------- internal notes

#: Notes of the answer engine whose content the answer text already states: nothing more to show.
_SAID_IN_ANSWER = ("too_long", "injection_ignored", "language", "topic", "grounding_fallback")
_NOTE_SENTENCES = {
    "call_closed": "L'appel est clos : les informations restent consultables.",
}


def friendly_notes(notes: Iterable[str]) -> list[str]:
    """Sentences for the notes a reader should see; internal codes are never returned."""
    out = []
    for note in notes or []:
        code = str(note).split(":", 1)[0].strip()
        if code in _SAID_IN_ANSWER:
            continue
        sentence = _NOTE_SENTENCES.get(code)
        if sentence and sentence not in out:
            out.append(sentence)
    return out


# --------------------------------------------------------------------------- greetings and thanks

_SMALL_TALK = {
    "greeting": {"bonjour", "bonsoir", "salut", "coucou", "hello", "hi", "hey", "bjr", "slt", "good morning",
                 "madame", "monsieur", "bonjour a tous", "rebonjour", "re"},
    "thanks": {"merci", "merci beaucoup", "merci bien", "mille merci", "mille mercis", "thanks", "thank you", "thx",
               "super", "parfait", "genial", "top", "ok merci", "d accord merci", "tres bien", "cool", "ok", "d accord"},
    "bye": {"au revoir", "bonne journee", "bonne soiree", "a bientot", "bye", "goodbye", "a plus", "ciao"},
}
_SMALL_TALK_WORDS = {w for phrases in _SMALL_TALK.values() for p in phrases for w in p.split()}

SMALL_TALK_REPLY = {
    "greeting": ("Bonjour ! Je réponds à vos questions sur l'appel à projets, en citant son texte : dates, "
                 "dossier à déposer, structures et territoire éligibles, financement. Quelle est votre question ?"),
    "thanks": "Avec plaisir ! Avez-vous une autre question sur l'appel ?",
    "bye": "Au revoir, et bonne continuation dans votre projet !",
}


def small_talk(message: str) -> str | None:
    """'greeting', 'thanks' or 'bye' when the message is only that (any case, accents, punctuation); else None."""
    folded = re.sub(r"[^a-z ]+", " ", textnorm.fold(message or "")).split()
    if not folded or len(folded) > 6 or any(w not in _SMALL_TALK_WORDS for w in folded):
        return None
    text = " ".join(folded)
    for kind in ("thanks", "bye", "greeting"):
        if any(p in text for p in _SMALL_TALK[kind] if len(p) > 2 or text == p):
            return kind
    return "greeting"


# --------------------------------------------------------------------------- follow-ups

def _same_question(a: str, b: str) -> bool:
    """Two questions asking the same thing: nearly the same words, or mostly the same content words."""
    fa, fb = textnorm.fold(a), textnorm.fold(b)
    if fa == fb or fuzz.ratio(fa, fb) >= 90:
        return True
    ta, tb = set(textnorm.tokens(a)), set(textnorm.tokens(b))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.6


def fresh_follow_ups(suggestions: Iterable[str], asked: Iterable[str], limit: int = 3) -> list[str]:
    """The suggestions that are not (nearly) a question already asked, nor each other; at most `limit`."""
    asked = [q for q in asked if q]
    out: list[str] = []
    for s in suggestions or []:
        if any(_same_question(s, q) for q in asked) or any(_same_question(s, o) for o in out):
            continue
        out.append(s)
        if len(out) == limit:
            break
    return out
