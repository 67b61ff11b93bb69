"""What every page of the app shares: the Assistant of the chosen call, errors as sentences, sources, copy
buttons, the staff login, the browser session id, and the page set-up (French, contrast, small scripts).

Pages only call the `Assistant` facade and its public types; wording and pure helpers live in assistant/ui_*.py.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from assistant import Assistant
from assistant.answerbank import verify_password
from assistant.config import Settings, get_settings
from assistant.errors import AssistantError
from assistant.ui_chat import new_session_id, valid_session_id
from assistant.ui_sources import SourceNames, source_names, sources_html

log = logging.getLogger("ami.app")

NOT_READY = "Cette fonction n'est pas encore disponible dans cette version de l'assistant ({what})."
SID_COOKIE = "ami_sid"
ASSETS = Path(__file__).resolve().parent / "assets"
#: st.Page objects by key, set by app.py (so pages can link to each other).
PAGES: dict[str, Any] = {}


# --------------------------------------------------------------------------- the assistant of the chosen call

def list_calls() -> list[str]:
    """Ids of the calls under the corpus folder."""
    from assistant.corpus import list_calls as _list

    return _list(get_settings().corpus_dir)


@st.cache_resource(show_spinner=False)
def _assistant(settings_json: str, call: str | None) -> Assistant:
    a = Assistant(call=call, settings=Settings.model_validate_json(settings_json))
    a.warm_up()  # the answer bank, territory, keyword index, model and store load while the page shows
    return a


def current_call() -> str | None:
    """The call chosen in this session (the configured or only one by default)."""
    return st.session_state.get("call") or get_settings().call


def get_assistant() -> Assistant:
    """The process-wide Assistant for the current settings and the call chosen in this session."""
    return _assistant(get_settings().model_dump_json(), current_call())


@st.cache_resource(show_spinner=False)
def _names(settings_json: str, call: str | None) -> SourceNames:
    a = _assistant(settings_json, call)
    try:
        territory = a.territory
    except AssistantError as exc:
        log.warning("territory unavailable: %s", exc)
        territory = None
    return source_names(a.spec, territory)


def names() -> SourceNames:
    """How sources of the current call are named."""
    return _names(get_settings().model_dump_json(), current_call())


def run_safely(what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the assistant; turn its errors into a sentence and a missing backend into a clear notice."""
    try:
        return fn(*args, **kwargs)
    except AssistantError as exc:
        st.error(str(exc))
    except (ImportError, NotImplementedError, AttributeError) as exc:
        log.warning("%s unavailable: %s", what, exc)
        st.warning(NOT_READY.format(what=what))
    except Exception as exc:  # the UI never shows a traceback
        log.exception("%s failed", what)
        st.error(f"Erreur inattendue pendant « {what} » : {type(exc).__name__}. Réessayez ; si cela persiste, signalez-le.")
    return None


# --------------------------------------------------------------------------- shared widgets

def show_sources(assistant: Assistant, citations: list[Any], anchor: str, title: str | None = "Sources") -> None:
    """Numbered sources (title = the call's section path), each opening on its passage highlighted."""
    body = sources_html(citations, names(), assistant.settings.corpus_dir, anchor, title=title)
    if body:
        st.html(body)


def copy_button(text: str, label: str = "Copier") -> None:
    """A button copying `text` to the clipboard (the page script handles the click)."""
    st.html(
        f'<button type="button" class="ami-copy" data-copy="{html.escape(text, quote=True)}">'
        f'{html.escape(label)}</button>'
    )


def staff_login(assistant: Assistant, where: str, key: str) -> bool:
    """True once the dialogue team's password was given in this session; otherwise the login form."""
    stored = assistant.settings.staff_password_hash
    if not stored:
        st.info(
            "Aucun mot de passe d'équipe n'est configuré. Pour en créer un : lancez `ami hash-password`, "
            "puis définissez la variable d'environnement `AMI_STAFF_PASSWORD_HASH` avec le résultat "
            "(ou la ligne `AMI_STAFF_PASSWORD_HASH=...` dans le fichier `.env`) et relancez l'application."
        )
        return False
    if st.session_state.get("staff_ok"):
        return True
    st.info(f"Accès réservé à l'équipe du dialogue de l'appel : connectez-vous pour {where}.", icon=":material/lock:")
    with st.form(f"staff_login_{key}", enter_to_submit=False):
        pw = st.text_input("Mot de passe de l'équipe du dialogue", type="password", key=f"staff_pw_{key}",
                           max_chars=200)
        ok = st.form_submit_button("Se connecter")
    if ok:
        if verify_password(pw, stored):
            st.session_state["staff_ok"] = True
            st.rerun()
        st.error("Mot de passe incorrect.")
    return False


def staff_logout() -> None:
    """The logout button of the staff pages."""
    if st.button("Se déconnecter", key="staff_logout", icon=":material/logout:"):
        st.session_state["staff_ok"] = False
        st.rerun()


# --------------------------------------------------------------------------- browser session

def browser_session_id() -> str:
    """This browser's session id: from the `ami_sid` cookie, else a new one (set as a cookie by the page script)."""
    sid = st.session_state.get("sid")
    if sid:
        return sid
    try:
        cookie = st.context.cookies.get(SID_COOKIE)
    except Exception:  # no browser (tests)
        cookie = None
    sid = valid_session_id(cookie) or new_session_id()
    st.session_state["sid"] = sid
    return sid


# --------------------------------------------------------------------------- page set-up

def page_setup() -> None:
    """Theme fixes (contrast, sources, copy buttons) and the page script (lang="fr", French widget texts,
    copy buttons, citation links, the session cookie)."""
    css = (ASSETS / "app.css").read_text(encoding="utf-8")
    script = (ASSETS / "app.js").read_text(encoding="utf-8")
    sid = browser_session_id()
    st.html(f"<style>{css}</style>")
    st.html(f"<script>window.AMI_SID = {json.dumps(sid)};\n{script}</script>", unsafe_allow_javascript=True)
