"""Eligibility page: the verdict on top (call status folded in), one list of criteria with their sources, a form with
commune autocomplete, French numbers and bounded fields, or a free-text description."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import streamlit as st

from assistant import ui_text as ui

from app_pages import common

DURATION = ui.Bound("Durée du projet (mois)", 1, 120, integer=True, unit="mois")
AMOUNT = ui.Bound("Montant demandé (€)", 1, 100_000_000, unit="€")
TEXT_LIMITS = {"Nom de la structure": 200, "Titre du projet": 200, "Résumé du projet": 4000,
               "Publics visés": 500, "Description du projet": 6000}
#: Status icons drawn from the app's icon font (emoji fonts are not everywhere); the status is also said in words.
STATUS_ICON = {"pass": ":green[:material/check_circle:]", "fail": ":red[:material/cancel:]",
               "warn": ":orange[:material/warning:]", "unknown": ":gray[:material/help:]"}
CALL_STATUS_NOTE = re.compile(r"\b(clos|close|closed|ferm[ée]e?)\b", re.I)
START_LABEL = "Date de démarrage (JJ/MM/AAAA)"
START_MIN, START_MAX = date(2000, 1, 1), date(2100, 12, 31)


@st.cache_resource(show_spinner=False)
def _commune_options(settings_json: str, call: str | None) -> list[str]:
    """Communes of the call's territory first, then the other communes of its département(s), by name."""
    a = common._assistant(settings_json, call)
    territory = a.territory
    basin = sorted({r.name for r in territory.basin})
    depts = {getattr(r, "departement", None) for r in territory.basin} - {None, ""}
    others = sorted({r.name for r in territory.rows if getattr(r, "departement", None) in depts} - set(basin))
    return basin + others


def commune_options() -> list[str]:
    """The communes offered by the autocomplete ([] when the territory data is unavailable)."""
    try:
        return _commune_options(common.get_settings().model_dump_json(), common.current_call())
    except Exception as exc:  # the form still works without suggestions
        common.log.warning("commune list unavailable: %s", exc)
        return []


def profile_form() -> dict[str, Any] | None:
    """The profile form; the profile dict when submitted and valid (kept in session for the dossier page)."""
    options = commune_options()
    with st.form("profile_form", enter_to_submit=False):
        st.markdown("**Votre structure**")
        c1, c2, c3 = st.columns(3)
        name = c1.text_input("Nom de la structure", key="f_structure_name", max_chars=TEXT_LIMITS["Nom de la structure"])
        stype = c2.selectbox("Type de structure", list(ui.STRUCTURE_TYPES), format_func=ui.STRUCTURE_TYPES.get,
                             key="f_structure_type")
        commune = c3.selectbox("Commune du siège", options, index=None, key="f_structure_commune",
                               placeholder="Tapez le nom ou le code postal", accept_new_options=True)
        st.markdown("**Votre projet**")
        title = st.text_input("Titre du projet", key="f_title", max_chars=TEXT_LIMITS["Titre du projet"])
        summary = st.text_area("Résumé du projet", key="f_summary", height=100, max_chars=TEXT_LIMITS["Résumé du projet"])
        c4, c5 = st.columns(2)
        theme = c4.selectbox("Thématique", list(ui.THEMES), format_func=ui.THEMES.get, key="f_theme")
        publics = c5.text_input("Publics visés", key="f_publics", max_chars=TEXT_LIMITS["Publics visés"],
                                placeholder="ex. : jeunes, seniors, demandeurs d'emploi")
        communes = st.multiselect("Communes où se déroule le projet", options, key="f_communes",
                                  placeholder="Tapez pour chercher une commune", accept_new_options=True,
                                  max_selections=50)
        c6, c7, c8 = st.columns(3)
        start = c6.text_input(START_LABEL, key="f_start", max_chars=10, placeholder="JJ/MM/AAAA")
        duration = c7.text_input(DURATION.label, key="f_duration", max_chars=6, placeholder="ex. : 12")
        amount = c8.text_input(AMOUNT.label, key="f_amount", max_chars=20, placeholder="ex. : 40 000")
        submitted = st.form_submit_button("Vérifier l'éligibilité", type="primary")
    if not submitted:
        return None
    duration_value, e1 = ui.check_number(duration, DURATION)
    amount_value, e2 = ui.check_number(amount, AMOUNT)
    start_value, e3 = ui.check_date(start, START_LABEL, START_MIN, START_MAX)
    errors = [e for e in (e3, e1, e2) if e]
    errors += [e for e in (ui.check_text_length(v, k, TEXT_LIMITS[k]) for k, v in
                           (("Nom de la structure", name), ("Titre du projet", title), ("Résumé du projet", summary),
                            ("Publics visés", publics))) if e]
    if errors:
        for e in errors:
            st.error(e, icon=":material/error:")
        return None
    profile = ui.profile_from_form({
        "structure_name": name, "structure_type": stype, "structure_commune": commune, "title": title,
        "summary": summary, "theme": theme, "publics": publics, "communes": ", ".join(communes or []),
        "start_date": start_value, "duration_months": int(duration_value) if duration_value is not None else None,
        "requested_eur": amount_value,
    })
    st.session_state["profile"] = profile
    return profile


def recap(profile: dict[str, Any]) -> str:
    """The figures understood, written the French way."""
    proj, budget = profile.get("project", {}), profile.get("budget", {})
    parts = []
    if proj.get("duration_months") is not None:
        parts.append(f"durée {ui.number_fr(proj['duration_months'])} mois")
    if budget.get("requested_eur") is not None:
        parts.append(f"montant demandé {ui.euros_fr(budget['requested_eur'])}")
    if proj.get("start_date"):
        try:
            parts.append(f"démarrage le {ui.date_fr(date.fromisoformat(str(proj['start_date'])))}")
        except ValueError:
            pass
    if proj.get("communes"):
        parts.append("communes : " + ", ".join(proj["communes"]))
    return ("Vous avez indiqué : " + " ; ".join(parts) + ".") if parts else ""


def show_eligibility(assistant, result, profile: dict[str, Any] | None) -> None:
    """Verdict and summary, then each criterion once (status, explanation, sources), then what to specify."""
    tone, headline, summary = ui.eligibility_headline(result)
    icon = {"success": ":material/check_circle:", "error": ":material/cancel:", "warning": ":material/event_busy:",
            "info": ":material/help:"}[tone]
    getattr(st, tone)(f"**{headline}**\n\n{summary}", icon=icon)
    if profile and recap(profile):
        st.caption(ui.escape_markdown(recap(profile)))
    st.markdown("**Critère par critère**")
    for c in result.criteria:
        label = ui.CRITERION_LABEL.get(c.id, c.id.replace("_", " ").capitalize())
        st.markdown(f"{STATUS_ICON.get(c.status, '')} **{label}** ({ui.STATUS_LABEL.get(c.status, c.status)}) — "
                    f"{ui.escape_markdown(c.explanation)}")
        if c.citations:
            common.show_sources(assistant, c.citations, f"elig-src-{c.id}", title=None)
    if result.questions:
        st.markdown("**À préciser pour conclure**\n\n" + "\n".join(f"- {ui.escape_markdown(q)}" for q in result.questions))
    for note in result.notes:
        if not result.call_status.open and CALL_STATUS_NOTE.search(note):
            continue  # the call's status is said once, in the verdict
        st.caption(ui.escape_markdown(note))


def render() -> None:
    """The eligibility page."""
    assistant = common.get_assistant()
    st.title("Vérifier l'éligibilité de votre projet")
    st.caption("L'assistant vérifie chaque critère de l'appel et cite la règle correspondante. "
               "Remplissez le formulaire ou décrivez votre projet librement.")
    top = st.container()
    tab_form, tab_text = st.tabs(["Formulaire", "Description libre"])
    with tab_form:
        profile = profile_form()
        submitted = profile is not None
        if profile is not None:
            st.session_state["eligibility"] = common.run_safely("vérification d'éligibilité", assistant.check, profile)
            st.session_state["eligibility_profile"] = profile
    with tab_text:
        with st.form("text_form", enter_to_submit=False):
            text = st.text_area("Description du projet (français ou anglais)", key="f_free_text", height=140,
                                max_chars=TEXT_LIMITS["Description du projet"],
                                placeholder="Qui porte le projet, où, pour quels publics, quand il démarre, "
                                            "combien de temps il dure, quel montant est demandé…")
            go = st.form_submit_button("Analyser la description", type="primary")
        if go:
            submitted = bool(text.strip())
            if text.strip():
                st.session_state["eligibility"] = common.run_safely("vérification d'éligibilité", assistant.check_text,
                                                                    text)
                st.session_state["eligibility_profile"] = None
            else:
                st.info("La description est vide : écrivez quelques phrases sur votre structure et votre projet.")
    result = st.session_state.get("eligibility")
    if result is not None:
        with top:
            st.html('<h2 id="ami-verdict" tabindex="-1" class="ami-result-title">Résultat de la vérification</h2>')
            show_eligibility(assistant, result, st.session_state.get("eligibility_profile"))
            if submitted:  # bring the new verdict into view (and focus) after a click at the bottom of the form
                st.html("<script>setTimeout(function () { var v = document.getElementById('ami-verdict');"
                        " if (v) { v.scrollIntoView({block: 'start'}); v.focus({preventScroll: true}); } }, 150);</script>",
                        unsafe_allow_javascript=True)


render()
