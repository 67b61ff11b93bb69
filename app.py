"""Streamlit interface of the AMI assistant (French): chat, eligibility, dossier, dialogue team, evaluation.

Thin by design: every page calls the `Assistant` facade (and its answer bank); wording and pure helpers live in
assistant/ui_text.py. User, corpus and deck text is always shown escaped, never run.
Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import streamlit as st

from assistant import Assistant
from assistant.answerbank import verify_password
from assistant.config import Settings, get_settings
from assistant.errors import AssistantError, ConflictError
from assistant.types import Citation
from assistant import ui_text as ui

log = logging.getLogger("ami.app")

PAGES = ["Questions", "Éligibilité", "Dossier", "Équipe du dialogue", "Évaluation"]
NOT_READY = "Cette fonction n'est pas encore disponible dans cette version de l'assistant ({what})."

st.set_page_config(page_title="Assistant AMI", page_icon="💬", layout="wide", initial_sidebar_state="collapsed")


# --------------------------------------------------------------------------- the assistant, once per process

@st.cache_resource(show_spinner=False)
def _assistant(settings_json: str) -> Assistant:
    return Assistant(settings=Settings.model_validate_json(settings_json))


def get_assistant() -> Assistant:
    """The process-wide Assistant for the current settings (AMI_* environment)."""
    return _assistant(get_settings().model_dump_json())


def run_safely(what: str, fn, *args, **kwargs) -> Any:
    """Call the assistant; turn its errors into a sentence and a missing backend into a clear notice."""
    try:
        return fn(*args, **kwargs)
    except AssistantError as exc:
        st.error(str(exc))
    except (ImportError, NotImplementedError) as exc:
        log.warning("%s unavailable: %s", what, exc)
        st.warning(NOT_READY.format(what=what))
    except Exception as exc:  # the UI never shows a traceback
        log.exception("%s failed", what)
        st.error(f"Erreur inattendue pendant « {what} » : {type(exc).__name__}. Réessayez ; si cela persiste, signalez-le.")
    return None


def call_banner(assistant: Assistant) -> None:
    """The call's title and whether it is open on the assistant's date."""
    try:
        spec = assistant.spec
    except AssistantError as exc:
        st.error(str(exc))
        st.stop()
    st.markdown(f"### {ui.escape_markdown(spec.short_title or spec.title)}")
    is_open, sentence = ui.call_status_line(spec.dates.deadline, assistant.as_of)
    (st.success if is_open else st.warning)(sentence, icon=":material/event:")


def show_citations(assistant: Assistant, citations: list[dict], key: str) -> None:
    """Numbered sources, each quote highlighted inside its section."""
    if not citations:
        return
    with st.expander(f"Sources ({len(citations)})", expanded=False):
        for i, raw in enumerate(citations, 1):
            cit = Citation.model_validate(raw)
            part = ui.quote_in_section(assistant.settings.corpus_dir, cit)
            st.markdown(ui.citation_heading(i, Citation(**{**cit.model_dump(), "locator": part["locator"]})))
            st.html(ui.highlight_html(part))


# --------------------------------------------------------------------------- page: questions (chat)

def ask_and_store(assistant: Assistant, question: str) -> None:
    """Ask the assistant with the conversation so far and store both turns."""
    question = (question or "").strip()
    if not question:
        return
    messages = st.session_state.setdefault("messages", [])
    history = [{"role": m["role"], "content": m["content"]} for m in messages]
    messages.append({"role": "user", "content": question})
    with st.spinner("Recherche dans le texte de l'appel…"):
        answer = run_safely("réponse aux questions", assistant.ask, question, history=history)
    if answer is None:
        messages.pop()
        return
    messages.append({"role": "assistant", "content": answer.answer, "answer": answer.model_dump(mode="json")})


def feedback_widget(assistant: Assistant, i: int, msg: dict, question: str) -> None:
    """👍/👎 and an optional comment, appended to feedback.jsonl."""
    rating = st.feedback("thumbs", key=f"fb_{i}")
    if rating is None:
        return
    if st.session_state.get(f"fb_sent_{i}"):
        st.caption("Merci pour votre avis.")
        return
    comment = st.text_input("Commentaire (facultatif)", key=f"fb_comment_{i}", max_chars=1000)
    if st.button("Envoyer mon avis", key=f"fb_send_{i}"):
        ui.append_feedback(
            assistant.settings.home / "feedback.jsonl",
            {"rating": "up" if rating == 1 else "down", "comment": comment.strip(), "question": question,
             "answer": msg["content"], "kind": msg.get("answer", {}).get("kind"),
             "origin": msg.get("answer", {}).get("origin")},
        )
        st.session_state[f"fb_sent_{i}"] = True
        st.caption("Merci pour votre avis.")


def page_questions(assistant: Assistant) -> None:
    """Chat with the call: cited answers, sources, follow-ups, feedback, export."""
    st.caption("Posez vos questions sur l'appel : chaque réponse cite le texte de l'appel.")
    messages: list[dict] = st.session_state.setdefault("messages", [])
    pending = st.session_state.pop("pending_question", None)
    typed = st.chat_input("Votre question sur l'appel (ex. : quelle est la date limite ?)", key="chat_question",
                          max_chars=assistant.settings.max_question_chars)
    for q in (pending, typed):
        if q:
            ask_and_store(assistant, q)

    last_question = ""
    for i, msg in enumerate(messages):
        if msg["role"] == "user":
            last_question = msg["content"]
            with st.chat_message("user"):
                st.markdown(ui.escape_markdown(msg["content"]))
            continue
        ans = msg.get("answer", {})
        with st.chat_message("assistant"):
            if ans.get("origin") == "answerbank":
                st.markdown(f"✅ **{ui.VALIDATED_LABEL}**")
            if ui.KIND_LABEL.get(ans.get("kind", "answer")):
                st.caption(ui.KIND_LABEL[ans["kind"]])
            st.markdown(msg["content"])
            for note in ans.get("notes", []):
                st.caption(ui.escape_markdown(note))
            show_citations(assistant, ans.get("citations", []), key=f"src_{i}")
            feedback_widget(assistant, i, msg, last_question)

    if messages and messages[-1]["role"] == "assistant":
        follow = messages[-1].get("answer", {}).get("follow_ups", [])[:3]
        if follow:
            st.caption("Questions suggérées")
            cols = st.columns(len(follow))
            for j, (col, q) in enumerate(zip(cols, follow)):
                if col.button(q, key=f"follow_{len(messages)}_{j}", width="stretch"):
                    st.session_state["pending_question"] = q
                    st.rerun()

    if messages:
        with st.expander("Exporter la conversation"):
            md = ui.conversation_markdown(messages, assistant.spec.short_title or assistant.spec.title, assistant.as_of)
            st.download_button("Télécharger la conversation (.md)", md, file_name="conversation-ami.md",
                               mime="text/markdown", on_click="ignore", key="dl_conversation")
            st.caption("Texte à copier (bouton de copie en haut à droite du bloc) :")
            st.code(md, language="markdown", wrap_lines=True)
            if st.button("Effacer la conversation", key="clear_chat"):
                st.session_state["messages"] = []
                st.rerun()


# --------------------------------------------------------------------------- page: eligibility

def profile_form() -> dict[str, Any] | None:
    """The project profile form; the profile dict when submitted (kept in session for the dossier page)."""
    with st.form("profile_form"):
        st.markdown("**Votre structure**")
        c1, c2, c3 = st.columns(3)
        name = c1.text_input("Nom de la structure", key="f_structure_name")
        stype = c2.selectbox("Type de structure", list(ui.STRUCTURE_TYPES), format_func=ui.STRUCTURE_TYPES.get,
                             key="f_structure_type")
        commune = c3.text_input("Commune du siège", key="f_structure_commune")
        st.markdown("**Votre projet**")
        title = st.text_input("Titre du projet", key="f_title")
        summary = st.text_area("Résumé du projet", key="f_summary", height=100)
        c4, c5 = st.columns(2)
        theme = c4.selectbox("Thématique", list(ui.THEMES), format_func=ui.THEMES.get, key="f_theme")
        publics = c5.text_input("Publics visés (séparés par des virgules)", key="f_publics")
        communes = st.text_input("Communes où se déroule le projet (séparées par des virgules)", key="f_communes")
        c6, c7, c8 = st.columns(3)
        start = c6.date_input("Date de démarrage", value=None, format="DD/MM/YYYY", key="f_start")
        duration = c7.number_input("Durée (mois)", min_value=0.0, max_value=120.0, value=None, step=1.0, key="f_duration")
        amount = c8.number_input("Montant demandé (€)", min_value=0.0, value=None, step=1000.0, key="f_amount")
        submitted = st.form_submit_button("Vérifier l'éligibilité", type="primary")
    if not submitted:
        return None
    profile = ui.profile_from_form({
        "structure_name": name, "structure_type": stype, "structure_commune": commune, "title": title,
        "summary": summary, "theme": theme, "publics": publics, "communes": communes, "start_date": start,
        "duration_months": duration, "requested_eur": amount,
    })
    st.session_state["profile"] = profile
    return profile


def show_eligibility(assistant: Assistant, result) -> None:
    """Verdict, criterion table, explanations with citations, questions left."""
    verdict = ui.VERDICT_LABEL.get(result.verdict, result.verdict)
    {"eligible": st.success, "not_eligible": st.error}.get(result.verdict, st.info)(f"**{verdict}**")
    if not result.call_status.open:
        st.warning(ui.call_status_line(result.call_status.deadline, result.call_status.as_of)[1])
    st.table([
        {"Critère": ui.CRITERION_LABEL.get(c.id, c.id),
         "Statut": f"{ui.STATUS_ICON.get(c.status, '')} {ui.STATUS_LABEL.get(c.status, c.status)}",
         "Explication": c.explanation}
        for c in result.criteria
    ])
    for c in result.criteria:
        if c.citations:
            st.markdown(f"{ui.STATUS_ICON.get(c.status, '')} **{ui.CRITERION_LABEL.get(c.id, c.id)}** — "
                        f"{ui.escape_markdown(c.explanation)}")
            show_citations(assistant, [x.model_dump(mode="json") for x in c.citations], key=f"elig_{c.id}")
    if result.questions:
        st.markdown("**Questions à préciser**")
        for q in result.questions:
            st.markdown(f"- {ui.escape_markdown(q)}")
    for note in result.notes:
        st.caption(ui.escape_markdown(note))


def page_eligibility(assistant: Assistant) -> None:
    """Eligibility from the profile form or from a free-text description."""
    st.caption("Décrivez votre projet : l'assistant vérifie chaque critère de l'appel et cite la règle correspondante.")
    profile = profile_form()
    if profile is not None:
        st.session_state["eligibility"] = run_safely("vérification d'éligibilité", assistant.check, profile)
    with st.form("text_form"):
        text = st.text_area("Ou décrivez votre projet librement (français ou anglais)", key="f_free_text", height=120)
        go = st.form_submit_button("Analyser la description")
    if go:
        if text.strip():
            st.session_state["eligibility"] = run_safely("vérification d'éligibilité", assistant.check_text, text)
        else:
            st.info("La description est vide : écrivez quelques phrases sur votre structure et votre projet.")
    if st.session_state.get("eligibility") is not None:
        show_eligibility(assistant, st.session_state["eligibility"])


# --------------------------------------------------------------------------- page: dossier

def show_review(review) -> None:
    """Required parts with their slides, and the problems found."""
    (st.success if review.complete else st.error)(ui.escape_markdown(review.headline))
    st.table([
        {"Partie": ui.SECTION_LABEL.get(s.id, s.id), "Présente": "✅" if s.present else "❌",
         "Remplie": "✅" if s.filled else ("✏️" if s.present else "—"),
         "Diapositives": ", ".join(str(n) for n in s.slides) or "—"}
        for s in review.sections
    ])
    if not review.problems:
        st.info("Aucun problème détecté sur les dates, le territoire, la durée, le budget ou la thématique.")
    for p in review.problems:
        where = f" (diapositive{'s' if len(p.slides) > 1 else ''} {', '.join(map(str, p.slides))})" if p.slides else ""
        (st.error if p.severity == "error" else st.warning)(ui.escape_markdown(p.message) + where)
        for c in p.citations:
            st.caption(f"« {ui.escape_markdown(c.quote)} » — {ui.escape_markdown(c.locator)}")


def page_dossier(assistant: Assistant) -> None:
    """Draft the deck from the profile; review an uploaded draft deck."""
    st.markdown("#### Préparer le dossier PowerPoint")
    profile = st.session_state.get("profile")
    if profile:
        title = profile.get("project", {}).get("title") or "(sans titre)"
        st.caption(f"À partir du profil saisi dans « Éligibilité » : {ui.escape_markdown(title)}")
    else:
        st.caption("Aucun profil saisi : le dossier sera un modèle vide. Remplissez d'abord le formulaire « Éligibilité » "
                   "pour le pré-remplir.")
    if st.button("Préparer le dossier", type="primary", key="draft_deck"):
        with st.spinner("Préparation des diapositives…"):
            st.session_state["deck"] = run_safely("préparation du dossier", assistant.draft_deck, profile or {})
        st.session_state.pop("deck_preview", None)
    deck = st.session_state.get("deck")
    if deck:
        st.download_button("Télécharger le dossier (.pptx)", deck, file_name="dossier-ami.pptx", mime=ui.PPTX_MIME,
                           on_click="ignore", key="dl_deck")
        if ui.preview_available():
            if st.button("Aperçu des diapositives (LibreOffice)", key="preview_deck"):
                with st.spinner("Conversion des diapositives…"):
                    st.session_state["deck_preview"] = run_safely("aperçu", ui.render_slides, deck)
            images = st.session_state.get("deck_preview") or []
            if images:
                cols = st.columns(3)
                for n, img in enumerate(images):
                    cols[n % 3].image(img, caption=f"Diapositive {n + 1}")
        else:
            st.caption("Aperçu indisponible : LibreOffice n'est pas installé sur ce serveur.")

    st.divider()
    st.markdown("#### Faire relire un projet de dossier")
    max_mb = assistant.settings.max_upload_mb
    upload = st.file_uploader(f"Votre présentation (.pptx, {max_mb} Mo maximum)", type=["pptx"], key="deck_upload")
    if upload is not None:
        data = upload.getvalue()
        try:
            ui.check_upload(upload.name, len(data), max_mb)
        except AssistantError as exc:
            st.error(str(exc))
            return
        with st.spinner("Relecture du dossier…"):
            review = run_safely("relecture du dossier", assistant.review_dossier, data, name=upload.name)
        if review is not None:
            show_review(review)


# --------------------------------------------------------------------------- page: dialogue team

def staff_login(assistant: Assistant) -> bool:
    """True once the dialogue team's password was given in this session."""
    stored = assistant.settings.staff_password_hash
    if not stored:
        st.info(
            "Aucun mot de passe d'équipe n'est configuré. Pour en créer un : lancez `ami hash-password`, "
            "puis définissez la variable d'environnement `AMI_STAFF_PASSWORD_HASH` avec le résultat "
            "(ou la ligne `AMI_STAFF_PASSWORD_HASH=...` dans le fichier `.env`) et relancez l'application."
        )
        return False
    if st.session_state.get("staff_ok"):
        if st.button("Se déconnecter", key="staff_logout"):
            st.session_state["staff_ok"] = False
            st.rerun()
        return True
    with st.form("staff_login"):
        pw = st.text_input("Mot de passe de l'équipe du dialogue", type="password", key="staff_pw")
        ok = st.form_submit_button("Se connecter")
    if ok:
        if verify_password(pw, stored):
            st.session_state["staff_ok"] = True
            st.rerun()
        st.error("Mot de passe incorrect.")
    return False


def page_team(assistant: Assistant) -> None:
    """Draft, check for duplicates, approve and publish answers to applicants' questions."""
    st.caption("Espace réservé aux contacts du dialogue : réponses validées, réutilisées ensuite par l'assistant.")
    if not staff_login(assistant):
        return
    bank = run_safely("banque de réponses", lambda: assistant.bank)
    if bank is None:
        return

    st.markdown("#### Répondre à une question")
    with st.form("staff_question"):
        question = st.text_area("Question du candidat", key="staff_q", height=90)
        go = st.form_submit_button("Proposer une réponse")
    if go:
        if not question.strip():
            st.info("La question est vide : collez la question reçue.")
        else:
            ans = run_safely("réponse aux questions", assistant.ask, question.strip())
            if ans is not None:
                st.session_state["staff_draft"] = {
                    "question": question.strip(),
                    "reply": ans.suggested_reply or ans.answer,
                    "citations": [c.model_dump(mode="json") for c in ans.citations],
                    "origin": ans.origin,
                }
                st.session_state["staff_reply"] = st.session_state["staff_draft"]["reply"]
    draft = st.session_state.get("staff_draft")
    if draft:
        if draft.get("origin") == "answerbank":
            st.info(f"Cette question a déjà une réponse validée ({ui.VALIDATED_LABEL.lower()}).")
        reply = st.text_area("Réponse proposée (modifiable)", key="staff_reply", height=220)
        show_citations(assistant, draft["citations"], key="staff_src")
        dups = bank.near_duplicates(draft["question"])
        if dups:
            st.markdown("**Questions proches déjà dans la banque** — vérifiez avant de valider :")
            st.table([{"N°": e.id, "Statut": ui.ENTRY_STATUS[e.status], "Similarité": f"{score:.0%}", "Question": e.question}
                      for e, score in dups[:5]])
        author = st.text_input("Votre nom (auteur de la validation)", key="staff_author")
        c1, c2 = st.columns(2)
        save = c1.button("Enregistrer comme brouillon", key="staff_save")
        publish = c2.button("Valider et publier", type="primary", key="staff_approve")
        if save or publish:
            if publish and not author.strip():
                st.error("Indiquez votre nom pour valider la réponse.")
            else:
                entry = run_safely("banque de réponses", bank.add_draft, draft["question"], reply, draft["citations"],
                                   author)
                if entry is not None and publish:
                    entry = run_safely("banque de réponses", bank.approve, entry.id, entry.version, author)
                if entry is not None:
                    st.success(f"Réponse n° {entry.id} enregistrée ({'validée et publiée' if publish else 'brouillon'}).")
                    st.session_state.pop("staff_draft", None)

    st.markdown("#### Réponses de la banque")
    entries = bank.list()
    if not entries:
        st.caption("La banque est vide.")
    else:
        st.table([{"N°": e.id, "Statut": ui.ENTRY_STATUS[e.status],
                   "Question": e.question, "Auteur": e.author, "Version": e.version} for e in entries])
        edit_entry(bank, entries)

    st.markdown("#### Publier la FAQ")
    c1, c2 = st.columns(2)
    c1.download_button("FAQ publiée (.md)", bank.export_markdown(), file_name="faq-ami.md", mime="text/markdown",
                       on_click="ignore", key="dl_faq_md")
    c2.download_button("Banque complète (.csv)", bank.export_csv(), file_name="banque-reponses-ami.csv", mime="text/csv",
                       on_click="ignore", key="dl_faq_csv")


def edit_entry(bank, entries) -> None:
    """Edit, approve or retire one entry, with the version it was read at (conflicts are reported)."""
    ids = [e.id for e in entries]
    chosen = st.selectbox("Réponse à modifier", ids, format_func=lambda i: f"n° {i}", key="staff_edit_id")
    entry = next(e for e in entries if e.id == chosen)
    versions = st.session_state.setdefault("staff_versions", {})
    base_version = versions.setdefault(entry.id, entry.version)
    if st.session_state.get("staff_edit_ok"):
        st.success(st.session_state.pop("staff_edit_ok"))
    if st.session_state.get("staff_edit_error"):
        st.error(st.session_state.pop("staff_edit_error"))
    answer = st.text_area("Texte de la réponse", value=entry.answer, key=f"staff_edit_{entry.id}_{base_version}", height=160)
    author = st.text_input("Votre nom", key="staff_edit_author")
    c1, c2, c3 = st.columns(3)
    action = None
    if c1.button("Enregistrer", key="staff_edit_save"):
        action = lambda: bank.update(entry.id, base_version, answer=answer)  # noqa: E731
    if c2.button("Valider", key="staff_edit_approve", disabled=entry.status == "approved"):
        action = lambda: bank.approve(entry.id, bank.update(entry.id, base_version, answer=answer).version, author)  # noqa: E731
    if c3.button("Retirer", key="staff_edit_retire", disabled=entry.status == "retired"):
        action = lambda: bank.retire(entry.id, base_version, author)  # noqa: E731
    if action is not None:
        try:
            updated = action()
        except ConflictError as exc:  # reload the entry as it is now, and say why
            st.session_state["staff_edit_error"] = str(exc)
            versions.pop(entry.id, None)
            st.rerun()
        except AssistantError as exc:
            st.error(str(exc))
            return
        versions[entry.id] = updated.version
        st.session_state["staff_edit_ok"] = f"Réponse n° {updated.id} mise à jour (version {updated.version}, {ui.ENTRY_STATUS[updated.status]})."
        st.rerun()


# --------------------------------------------------------------------------- page: evaluation

def _fmt(value: Any) -> str:
    """A metric value as text ('—' when absent), so a table column never mixes types."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def page_evaluation(assistant: Assistant) -> None:
    """The latest eval report and a button to run the suite."""
    report_path = assistant.settings.home / "eval" / "report.json"
    if st.button("Lancer l'évaluation", key="run_eval"):
        try:
            from evals.run import main as run_evals
        except ImportError:
            st.warning(NOT_READY.format(what="suite d'évaluation"))
        else:
            report_path.parent.mkdir(parents=True, exist_ok=True)
            with st.status("Évaluation en cours (plusieurs minutes)…", expanded=False) as status:
                code = run_safely("évaluation", run_evals, ["--json", str(report_path), "--html", str(report_path.with_suffix(".html")),
                                                            "--home", str(assistant.settings.home), "--quiet"])
                status.update(label="Évaluation terminée" if code is not None else "Évaluation interrompue",
                              state="complete" if code is not None else "error")
    if not report_path.exists():
        st.info(f"Aucun rapport d'évaluation pour l'instant ({report_path}). Lancez l'évaluation ci-dessus ou `ami eval --json {report_path}`.")
        return
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        st.error(f"Rapport d'évaluation illisible ({report_path.name}) : {exc}")
        return
    html_report = report_path.with_suffix(".html")
    if html_report.exists():
        st.download_button("Rapport complet (.html)", html_report.read_bytes(), file_name="rapport-evaluation.html",
                           mime="text/html", on_click="ignore", key="dl_eval_html")
    passed = report.get("passed")
    outcome = "tous les seuils sont atteints" if passed else "au moins un seuil n’est pas atteint"
    (st.success if passed else st.error)(f"{report.get('cases', '?')} cas — {outcome}.")
    for failure in report.get("threshold_failures") or []:
        st.caption(f"Seuil non atteint : {ui.escape_markdown(str(failure))}")
    thresholds = report.get("thresholds") or {}
    baseline = (report.get("baseline") or {}).get("metrics") or {}
    st.table([
        {"Indicateur": k, "Valeur": _fmt(v), "Seuil": _fmt(thresholds.get(k)), "Référence (base)": _fmt(baseline.get(k))}
        for k, v in (report.get("metrics") or {}).items()
    ])
    cats = report.get("by_category") or {}
    if cats:
        rows = {name: (c.get("passed", 0) / c["cases"]) if c.get("cases") else 0.0 for name, c in cats.items()}
        st.markdown("**Taux de réussite par catégorie**")
        st.bar_chart(rows, x_label="catégorie", y_label="taux de réussite", horizontal=True)
        st.table([{"Catégorie": k, "Cas": c.get("cases"), "Réussis": c.get("passed")} for k, c in cats.items()])


# --------------------------------------------------------------------------- layout

def main() -> None:
    """Banner, page selector, current page."""
    assistant = get_assistant()
    call_banner(assistant)
    default = st.query_params.get("page")
    page = st.radio("Rubrique", PAGES, horizontal=True, key="page",
                    index=PAGES.index(default) if default in PAGES else 0)
    if st.query_params.get("page") != page:
        st.query_params["page"] = page
    {
        "Questions": page_questions,
        "Éligibilité": page_eligibility,
        "Dossier": page_dossier,
        "Équipe du dialogue": page_team,
        "Évaluation": page_evaluation,
    }[page](assistant)
    st.caption("Assistant d'information : seuls le texte officiel de l'appel et les contacts du dialogue font foi.")


main()
