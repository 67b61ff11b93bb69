"""The chat's memory and small talk, for the app (no Streamlit import): history per browser, notes, follow-ups.

- Each browser's conversation is kept in the shared database by `assistant.conversations` (the session ids come
  from there), so a reload, through any app instance, finds it again.
- `friendly_notes` turns the answer engine's internal notes into sentences, or drops them when the answer already
  says it: an internal code is never shown.
- `small_talk` recognises a message that is only a greeting, a thanks or a goodbye, so it is answered as such.
- `fresh_follow_ups` keeps the suggestions that differ from what was already asked.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable

from rapidfuzz import fuzz

from . import textnorm
from .conversations import new_session_id, valid_session_id  # noqa: F401  (the app's session cookie)

log = logging.getLogger(__name__)

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
