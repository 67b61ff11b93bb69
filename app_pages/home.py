"""Home page: what the assistant does and for whom, the call's status and key dates, starter questions, the call's text."""

from __future__ import annotations

import streamlit as st

from assistant import ui_text as ui

from app_pages import common

DATE_LABELS = {
    "deadline": "Date limite de dépôt des candidatures",
    "announcement": "Annonce des projets retenus",
    "latest_start": "Démarrage des projets au plus tard",
}


def starter_questions(spec, n: int = 4) -> list[str]:
    """The first question of each rule the call suggests as a follow-up (call data, not code)."""
    out: list[str] = []
    for rule_id in spec.answering.follow_up_rules:
        try:
            questions = spec.rule(rule_id).questions
        except KeyError:
            continue
        if questions and questions[0] not in out:
            out.append(questions[0])
        if len(out) == n:
            break
    return out


def render() -> None:
    """The home page."""
    assistant = common.get_assistant()
    spec = common.run_safely("chargement de l'appel", lambda: assistant.spec)
    if spec is None:
        return
    st.title(spec.short_title or spec.title)
    st.markdown(
        f"**Cet assistant aide les porteurs de projet** (associations, entreprises, collectivités…) **à candidater à "
        f"{ui.escape_markdown(spec.name or spec.title)}** : il répond à vos questions en citant le texte de l'appel, "
        "vérifie l'éligibilité de votre projet et prépare ou relit votre dossier."
    )
    is_open, sentence = ui.call_status_line(spec.dates.deadline, assistant.as_of)
    (st.success if is_open else st.warning)(sentence, icon=":material/event:")
    st.page_link(common.PAGES["call_text"], label="Lire le texte officiel de l'appel", icon=":material/description:")

    st.header("Posez une question")
    questions = starter_questions(spec)
    cols = st.columns(2)
    for i, q in enumerate(questions):
        if cols[i % 2].button(q, key=f"starter_{i}", width="stretch", icon=":material/chat:"):
            st.session_state["pending_question"] = q
            st.switch_page(common.PAGES["chat"])

    dates = [(DATE_LABELS[k], v) for k, v in spec.dates.model_dump().items() if v and k in DATE_LABELS]
    if dates:
        st.header("Dates clés")
        st.markdown("\n".join(f"- {label} : **{ui.date_fr(d)}**" for label, d in dates))

    st.header("Aller plus loin")
    c1, c2 = st.columns(2)
    c1.page_link(common.PAGES["eligibility"], label="Vérifier l'éligibilité de mon projet", icon=":material/task_alt:")
    c2.page_link(common.PAGES["dossier"], label="Préparer ou faire relire mon dossier", icon=":material/slideshow:")
    st.caption("Assistant d'information : seuls le texte officiel de l'appel et les contacts du dialogue font foi.")


render()
