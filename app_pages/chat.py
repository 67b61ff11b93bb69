"""Chat page: cited answers, sources named by the call's sections, [n] links, copy buttons, history kept per browser."""

from __future__ import annotations

import re

import streamlit as st

from assistant import ui_text as ui
from assistant.errors import AssistantError
from assistant.ui_chat import SMALL_TALK_REPLY, fresh_follow_ups, friendly_notes, small_talk
from assistant.ui_sources import link_markers, source_line

from app_pages import common

FEEDBACK = {"Utile": "up", "Pas utile": "down"}
FEEDBACK_ICON = {"Utile": ":material/thumb_up:", "Pas utile": ":material/thumb_down:"}


def messages(assistant) -> list[dict]:
    """This browser's conversation for the current call (loaded from the shared database once per session)."""
    key = f"messages:{assistant.spec.id}"
    if key not in st.session_state:
        try:
            st.session_state[key] = assistant.conversations.load(common.browser_session_id())
        except AssistantError as exc:
            st.warning(f"L'historique n'a pas pu être relu ({exc}) ; une nouvelle conversation commence.")
            st.session_state[key] = []
    return st.session_state[key]


def _save(assistant, msgs: list[dict]) -> None:
    try:
        assistant.conversations.save(common.browser_session_id(), msgs)
    except AssistantError as exc:
        st.warning(f"L'historique n'a pas pu être enregistré ({exc}) ; la conversation reste affichée.")


def ask_and_store(assistant, question: str) -> None:
    """Answer a question (small talk answered as such) and store both turns."""
    question = (question or "").strip()
    if not question:
        return
    msgs = messages(assistant)
    history = [{"role": m["role"], "content": m["content"]} for m in msgs]
    kind = small_talk(question)
    if kind:
        answer = {"kind": "small_talk", "answer": SMALL_TALK_REPLY[kind], "citations": [], "follow_ups": []}
    else:
        with st.spinner("Recherche dans le texte de l'appel…"):
            result = common.run_safely("réponse aux questions", assistant.ask, question, history=history)
        if result is None:
            return
        answer = result.model_dump(mode="json")
    msgs.append({"role": "user", "content": question})
    msgs.append({"role": "assistant", "content": answer["answer"], "answer": answer})
    _save(assistant, msgs)


def plain_answer(msg: dict, name_source) -> str:
    """The answer as plain text to copy, with its sources."""
    ans = msg.get("answer") or {}
    text = ui.strip_validated_label(msg.get("content", ""))
    text = re.sub(r"\*\*|__|(?<!\w)_(?!\s)|(?<!\s)_(?!\w)", "", text)
    cits = ans.get("citations") or []
    if cits:
        text += "\n\nSources :\n" + "\n".join(
            f"[{i}] {name_source(c)}" for i, c in enumerate(cits, 1))
    return text.strip()


def feedback_widget(assistant, i: int, msg: dict, question: str) -> None:
    """Useful / not useful, and an optional comment, stored with the call's feedback in the shared database."""
    choice = st.pills("Cette réponse vous a-t-elle aidé ?", list(FEEDBACK), key=f"fb_{i}",
                      format_func=lambda o: f"{FEEDBACK_ICON[o]} {o}")
    if choice is None:
        return
    if st.session_state.get(f"fb_sent_{i}"):
        st.caption("Merci pour votre avis.")
        return
    comment = st.text_input("Commentaire (facultatif)", key=f"fb_comment_{i}", max_chars=1000)
    if st.button("Envoyer mon avis", key=f"fb_send_{i}"):
        ans = msg.get("answer", {})
        try:
            assistant.conversations.add_feedback(
                {"rating": FEEDBACK[choice], "comment": comment.strip(), "question": question, "answer": msg["content"],
                 "kind": ans.get("kind"), "origin": ans.get("origin")})
        except AssistantError as exc:
            st.warning(f"Votre avis n'a pas pu être enregistré ({exc}) ; réessayez plus tard.")
            return
        st.session_state[f"fb_sent_{i}"] = True
        st.caption("Merci pour votre avis.")


def show_answer(assistant, i: int, msg: dict, question: str) -> None:
    """One assistant turn: badge, answer with linked markers, notes, sources, copy, feedback."""
    ans = msg.get("answer", {})
    names = common.names()
    cits = ans.get("citations") or []
    anchor = f"ami-src-{i}"
    if ans.get("origin") == "answerbank":
        st.badge(ui.VALIDATED_LABEL, icon=":material/verified:", color="green")
    if ui.KIND_LABEL.get(ans.get("kind", "answer")):
        st.caption(ui.KIND_LABEL[ans["kind"]])
    body = ui.strip_validated_label(msg["content"])
    if ans.get("origin") == "answerbank":
        body = ui.keep_line_breaks(body)
    st.markdown(link_markers(body, anchor, len(cits)))
    for note in friendly_notes(ans.get("notes", [])):
        st.caption(note)
    common.show_sources(assistant, cits, anchor)
    if ans.get("kind") != "small_talk":
        common.copy_button(plain_answer(msg, lambda c: source_line(c, names)), "Copier la réponse")
        feedback_widget(assistant, i, msg, question)


def render() -> None:
    """The chat page."""
    assistant = common.get_assistant()
    st.title("Questions sur l'appel")
    st.caption("Posez vos questions en français ou en anglais : chaque réponse cite le texte de l'appel ; "
               "cliquez sur un numéro [1] pour voir le passage.")
    msgs = messages(assistant)
    pending = st.session_state.pop("pending_question", None)
    typed = st.chat_input("Votre question sur l'appel…", key="chat_question",
                          max_chars=assistant.settings.max_question_chars)
    for q in (pending, typed):
        if q:
            ask_and_store(assistant, q)

    last_question = ""
    for i, msg in enumerate(msgs):
        if msg["role"] == "user":
            last_question = msg["content"]
            with st.chat_message("user", avatar=":material/person:"):
                st.markdown(ui.escape_markdown(msg["content"]))
            continue
        with st.chat_message("assistant", avatar=":material/support_agent:"):
            show_answer(assistant, i, msg, last_question)

    if msgs and msgs[-1]["role"] == "assistant":
        asked = [m["content"] for m in msgs if m["role"] == "user"]
        follow = fresh_follow_ups(msgs[-1].get("answer", {}).get("follow_ups", []), asked)
        if follow:
            st.markdown("**Questions suggérées**")
            for j, q in enumerate(follow):
                if st.button(q, key=f"follow_{len(msgs)}_{j}", icon=":material/arrow_forward:"):
                    st.session_state["pending_question"] = q
                    st.rerun()

    if not msgs:
        st.info("Exemples : « Quelle est la date limite ? », « Qui peut candidater ? », "
                "« Quelles communes sont concernées ? »", icon=":material/lightbulb:")
        return
    names = common.names()
    with st.expander("Exporter ou effacer la conversation"):
        md = ui.conversation_markdown(msgs, assistant.spec.short_title or assistant.spec.title, assistant.as_of,
                                      name_source=lambda c: source_line(c, names))
        st.download_button("Télécharger la conversation (.md)", md, file_name="conversation-ami.md",
                           mime="text/markdown", on_click="ignore", key="dl_conversation", icon=":material/download:")
        common.copy_button(md, "Copier toute la conversation")
        st.caption("La conversation est gardée sur ce serveur pour ce navigateur, jusqu'à ce que vous l'effaciez.")
        if st.button("Effacer la conversation", key="clear_chat", icon=":material/delete:"):
            msgs.clear()
            try:
                assistant.conversations.clear(common.browser_session_id())
            except AssistantError as exc:
                st.warning(f"L'historique enregistré n'a pas pu être effacé ({exc}).")
            st.rerun()


render()
