"""The call's official text, as published (call.md of the call's folder)."""

from __future__ import annotations

import streamlit as st

from app_pages import common


def render() -> None:
    """The call text page."""
    assistant = common.get_assistant()
    spec = common.run_safely("chargement de l'appel", lambda: assistant.spec)
    if spec is None:
        return
    path = spec.path(spec.call_document)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        st.error(f"Le texte de l'appel est illisible ({path.name}) : {exc.strerror or exc}.")
        return
    st.caption(f"Texte de l'appel publié par {spec.issuer}, reproduit sans modification.")
    st.download_button("Télécharger le texte (.md)", text, file_name=path.name, mime="text/markdown",
                       on_click="ignore", key="dl_call_text", icon=":material/download:")
    with st.container(border=True):
        st.markdown(text)


render()
