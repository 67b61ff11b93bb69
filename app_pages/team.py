"""Dialogue team page (staff login): draft a reply to a question, check near duplicates, validate it by name into the
answer bank; edit entries (any edit of a validated answer sends it back to draft), see their versions; publish the FAQ."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant import ui_text as ui
from assistant.errors import AssistantError, ConflictError

from app_pages import common


def _history(bank, entry_id: int) -> list[Any] | None:
    """Earlier versions of an entry when the answer bank offers them (None otherwise)."""
    for name in ("history", "versions", "list_versions"):
        fn = getattr(bank, name, None)
        if callable(fn):
            try:
                return list(fn(entry_id))
            except (AssistantError, TypeError) as exc:
                common.log.warning("answer bank %s(%s) failed: %s", name, entry_id, exc)
                return None
    return None


def _get(item: Any, key: str, default: Any = "") -> Any:
    return item.get(key, default) if isinstance(item, dict) else getattr(item, key, default)


def new_question_section(assistant, bank) -> None:
    """A question received -> the assistant's draft reply (editable, copyable) -> draft or validated entry."""
    st.header("Répondre à une question reçue")
    if st.session_state.get("staff_new_ok"):
        st.success(st.session_state.pop("staff_new_ok"))
    with st.form("staff_question", enter_to_submit=False):
        question = st.text_area("Question du candidat", key="staff_q", height=90, max_chars=4000)
        go = st.form_submit_button("Proposer une réponse", type="primary")
    if go:
        if not question.strip():
            st.info("La question est vide : collez la question reçue.")
        else:
            ans = common.run_safely("réponse aux questions", assistant.ask, question.strip())
            if ans is not None:
                st.session_state["staff_draft"] = {
                    "question": question.strip(),
                    "reply": ans.suggested_reply or ui.strip_validated_label(ans.answer),
                    "citations": [c.model_dump(mode="json") for c in ans.citations],
                    "origin": ans.origin,
                }
                st.session_state["staff_reply"] = st.session_state["staff_draft"]["reply"]
    draft = st.session_state.get("staff_draft")
    if not draft:
        return
    if draft.get("origin") == "answerbank":
        st.info("Cette question a déjà une réponse validée dans la banque : vérifiez-la ci-dessous avant d'en créer une autre.")
    reply = st.text_area("Réponse proposée (modifiable)", key="staff_reply", height=260, max_chars=20000)
    common.copy_button(reply, "Copier la réponse proposée")
    common.show_sources(assistant, draft["citations"], "ami-src-staff")
    dups = bank.near_duplicates(draft["question"])
    if dups:
        st.markdown("**Questions proches déjà dans la banque** — vérifiez avant de valider :")
        st.table([{"N°": e.id, "Statut": ui.ENTRY_STATUS[e.status], "Similarité": f"{score:.0%}", "Question": e.question}
                  for e, score in dups[:5]])
    author = st.text_input("Votre nom (obligatoire pour valider)", key="staff_author", max_chars=120)
    c1, c2 = st.columns(2)
    save = c1.button("Enregistrer comme brouillon", key="staff_save")
    publish = c2.button("Valider et publier", type="primary", key="staff_approve")
    if not (save or publish):
        return
    if publish and not author.strip():
        st.error("Indiquez votre nom pour valider la réponse.")
        return
    entry = common.run_safely("banque de réponses", bank.add_draft, draft["question"], reply, draft["citations"], author)
    if entry is not None and publish:
        entry = common.run_safely("banque de réponses", bank.approve, entry.id, entry.version, author)
    if entry is not None:
        st.session_state["staff_new_ok"] = (f"Réponse n° {entry.id} enregistrée "
                                            f"({'validée et publiée' if publish else 'brouillon'}).")
        st.session_state.pop("staff_draft", None)
        st.rerun()


def edit_section(bank, entries) -> None:
    """Edit, validate or retire one entry, from the version it was read at (conflicts reported); its versions."""
    ids = [e.id for e in entries]
    chosen = st.selectbox("Réponse à modifier", ids, key="staff_edit_id",
                          format_func=lambda i: f"n° {i} — {next(e for e in entries if e.id == i).question[:80]}")
    entry = next(e for e in entries if e.id == chosen)
    versions = st.session_state.setdefault("staff_versions", {})
    base_version = versions.setdefault(entry.id, entry.version)
    if st.session_state.get("staff_edit_ok"):
        st.success(st.session_state.pop("staff_edit_ok"))
    if st.session_state.get("staff_edit_error"):
        st.error(st.session_state.pop("staff_edit_error"))
    by = f", validée par {entry.approved_by}" if entry.status == "approved" and entry.approved_by else ""
    st.markdown(f"Statut : **{ui.ENTRY_STATUS_HELP[entry.status]}** (version {entry.version}{ui.escape_markdown(by)})")
    if entry.status == "approved":
        st.caption("Toute modification du texte renvoie la réponse en brouillon : elle n'est plus servie aux candidats "
                   "tant que quelqu'un ne l'a pas validée de nouveau, avec son nom.")
    answer = st.text_area("Texte de la réponse", value=entry.answer, key=f"staff_edit_{entry.id}_{base_version}",
                          height=200, max_chars=20000)
    with st.expander("Aperçu tel que le candidat le verra"):
        st.markdown(ui.keep_line_breaks(answer))
    author = st.text_input("Votre nom", key="staff_edit_author", max_chars=120)
    c1, c2, c3 = st.columns(3)
    action = None
    if c1.button("Enregistrer", key="staff_edit_save"):
        action = "save"
    if c2.button("Valider", key="staff_edit_approve", type="primary"):
        action = "approve"
    if c3.button("Retirer", key="staff_edit_retire", disabled=entry.status == "retired"):
        action = "retire"
    if action == "save" and answer.strip() == entry.answer.strip():
        st.info("Aucune modification à enregistrer : le texte est identique à la version enregistrée.")
        action = None
    if action is not None:
        try:
            updated = _apply(bank, entry, base_version, action, answer, author)
        except ConflictError as exc:  # reload the entry as it is now, and say why
            st.session_state["staff_edit_error"] = str(exc)
            versions.pop(entry.id, None)
            st.rerun()
        except AssistantError as exc:
            st.error(str(exc))
            return
        versions[entry.id] = updated.version
        st.session_state["staff_edit_ok"] = (f"Réponse n° {updated.id} enregistrée (version {updated.version}, "
                                             f"{ui.ENTRY_STATUS_HELP[updated.status]}).")
        st.rerun()
    history = _history(bank, entry.id)
    if history:
        with st.expander(f"Versions précédentes ({len(history)})"):
            st.table([{"Version": _get(v, "version"), "Statut": ui.ENTRY_STATUS.get(_get(v, "status"), _get(v, "status")),
                       "Modifiée le": str(_get(v, "updated_at") or _get(v, "changed_at") or "")[:16].replace("T", " "),
                       "Par": _get(v, "approved_by") or _get(v, "author") or _get(v, "changed_by") or "",
                       "Texte": _get(v, "answer")} for v in history])


def _apply(bank, entry, base_version: int, action: str, answer: str, author: str):
    """Save / validate / retire; an edited validated answer is always back to draft."""
    if action == "retire":
        return bank.retire(entry.id, base_version, author)
    if action == "approve" and not author.strip():
        raise AssistantError("Indiquez votre nom pour valider la réponse.")
    current = entry
    if answer.strip() != entry.answer.strip():
        current = bank.update(entry.id, base_version, answer=answer)
        if current.status == "approved":  # an answer bank that keeps the status: send it back to draft ourselves
            current = bank.update(entry.id, current.version, status="draft", approved_by=None, approved_at=None)
    if action == "approve":
        if current.status == "approved":
            raise AssistantError("Cette réponse est déjà validée, dans cette version.")
        return bank.approve(entry.id, base_version if current is entry else current.version, author)
    return current


def render() -> None:
    """The dialogue team page."""
    assistant = common.get_assistant()
    st.title("Équipe du dialogue")
    st.caption("Espace réservé aux contacts du dialogue : les réponses validées ici sont ensuite servies telles quelles "
               "par l'assistant.")
    if not common.staff_login(assistant, "répondre aux questions et valider les réponses", "team"):
        return
    common.staff_logout()
    bank = common.run_safely("banque de réponses", lambda: assistant.bank)
    if bank is None:
        return
    new_question_section(assistant, bank)
    st.header("Réponses de la banque")
    entries = bank.list()
    if not entries:
        st.caption("La banque est vide.")
    else:
        st.table([{"N°": e.id, "Statut": ui.ENTRY_STATUS[e.status], "Question": e.question,
                   "Validée par": e.approved_by or "", "Version": e.version} for e in entries])
        edit_section(bank, entries)
    st.header("Publier la FAQ")
    c1, c2 = st.columns(2)
    c1.download_button("FAQ publiée (.md)", bank.export_markdown(), file_name="faq-ami.md", mime="text/markdown",
                       on_click="ignore", key="dl_faq_md", icon=":material/download:")
    c2.download_button("Banque complète (.csv)", bank.export_csv(), file_name="banque-reponses-ami.csv",
                       mime="text/csv", on_click="ignore", key="dl_faq_csv", icon=":material/download:")


render()
