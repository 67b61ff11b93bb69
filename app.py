"""Streamlit interface of the AMI assistant, in French: a home page, then the applicants' pages (questions,
eligibility, dossier, the call's text) and the dialogue team's pages (answers, evaluation) behind the staff login.

Thin by design: pages (app_pages/) call the `Assistant` facade only; wording and pure helpers live in
assistant/ui_*.py. User, corpus and deck text is always shown escaped, never run.
Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Assistant AMI", page_icon="💬", layout="wide", initial_sidebar_state="auto")

from app_pages import common  # noqa: E402


def call_picker() -> None:
    """With several calls in the corpus, a picker in the menu; the choice is kept in the session."""
    calls = common.list_calls()
    if len(calls) <= 1:
        return
    default = st.session_state.get("call") or common.get_settings().call
    titles = {}
    for cid in calls:
        try:
            spec = common._assistant(common.get_settings().model_dump_json(), cid).spec
            titles[cid] = spec.short_title or spec.title
        except Exception:  # a broken call folder still shows, by its id
            titles[cid] = cid
    st.sidebar.selectbox("Appel à projets", calls, index=calls.index(default) if default in calls else 0,
                         format_func=titles.get, key="call")


def sidebar_call_name() -> None:
    """The chosen call's name in the menu (its status is said on the home page and in the answers)."""
    assistant = common.get_assistant()
    try:
        spec = assistant.spec
    except Exception as exc:  # shown as a sentence on the page itself
        common.log.warning("call not loadable: %s", exc)
        return
    st.sidebar.caption(f"Appel : {spec.short_title or spec.title}")


def main() -> None:
    """Page set-up, call picker, navigation by role, current page."""
    common.page_setup()
    call_picker()
    pages = {
        "home": st.Page("app_pages/home.py", title="Accueil", icon=":material/home:", url_path="accueil", default=True),
        "chat": st.Page("app_pages/chat.py", title="Poser une question", icon=":material/chat:", url_path="questions"),
        "eligibility": st.Page("app_pages/eligibility.py", title="Vérifier l'éligibilité", icon=":material/task_alt:",
                               url_path="eligibilite"),
        "dossier": st.Page("app_pages/dossier.py", title="Dossier de candidature", icon=":material/slideshow:",
                           url_path="dossier"),
        "call_text": st.Page("app_pages/call_text.py", title="Texte de l'appel", icon=":material/description:",
                             url_path="texte-de-l-appel"),
        "team": st.Page("app_pages/team.py", title="Réponses de l'équipe", icon=":material/forum:", url_path="equipe"),
        "evaluation": st.Page("app_pages/evaluation.py", title="Évaluation", icon=":material/monitoring:",
                              url_path="evaluation"),
    }
    common.PAGES.clear()
    common.PAGES.update(pages)
    nav = st.navigation({
        "Candidats": [pages[k] for k in ("home", "chat", "eligibility", "dossier", "call_text")],
        "Équipe du dialogue (accès réservé)": [pages["team"], pages["evaluation"]],
    }, position="sidebar", expanded=True)
    if len(common.list_calls()) <= 1:
        sidebar_call_name()
    nav.run()


main()
