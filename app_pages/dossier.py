"""Dossier page: draft the PowerPoint skeleton from the profile; review one or several dossiers (.pptx, .docx, .pdf),
one table row per dossier, with a CSV of the table."""

from __future__ import annotations

import concurrent.futures
import csv
import gc
import inspect
import io
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import streamlit as st

from assistant import ui_text as ui
from assistant.errors import AssistantError

from app_pages import common

TYPES = list(ui.REVIEW_TYPES)
MAX_FILES = 20


def _label(section_id: str) -> str:
    return ui.SECTION_LABEL.get(section_id, section_id.replace("_", " ").capitalize())


def review_row(name: str, review: Any | None, error: str | None) -> dict[str, str]:
    """One table row: file, verdict, missing parts, problems, or the error that stopped the review."""
    if review is None:
        return {"Dossier": name, "Complet": "—", "Parties manquantes ou vides": "—", "Problèmes": "—",
                "Erreur": error or "relecture impossible"}
    missing = [_label(s.id) for s in review.sections
               if not s.present or getattr(s, "filled", True) is False]
    errors = sum(p.severity == "error" for p in review.problems)
    warnings = sum(p.severity != "error" for p in review.problems)
    probs = []
    if errors:
        probs.append(f"{errors} erreur{'s' if errors > 1 else ''}")
    if warnings:
        probs.append(f"{warnings} avertissement{'s' if warnings > 1 else ''}")
    complete = review.complete and not errors  # INTERFACES.md: no error-level problem in a complete dossier
    summary = ", ".join(probs) or "aucun"
    headline = getattr(review, "headline", None)  # the review's own one-line summary, when it gives one
    if headline and review.problems:
        summary = f"{summary} — {headline}"
    return {"Dossier": name, "Complet": "oui" if complete else "non",
            "Parties manquantes ou vides": ", ".join(missing) or "aucune", "Problèmes": summary,
            "Erreur": getattr(review, "error", None) or ""}


def rows_csv(rows: list[dict[str, str]]) -> str:
    """The review table as CSV (semicolon-separated, as French spreadsheets expect)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buf.getvalue()


def show_review(name: str, review) -> None:
    """The review's headline, required parts with where they are, and the problems found."""
    headline = getattr(review, "headline", None)
    if headline:
        blocking = any(p.severity == "error" for p in review.problems) or not review.complete
        (st.error if blocking else st.success)(ui.escape_markdown(headline))
    unit = "Diapositives" if name.lower().endswith(".pptx") else "Pages ou sections"
    st.table([
        {"Partie": _label(s.id),
         "Présente": ("oui" if getattr(s, "filled", True) else "à compléter") if s.present else "non",
         unit: ", ".join(str(n) for n in s.slides) or "—"}
        for s in review.sections
    ])
    if not review.problems:
        st.info("Aucun problème détecté sur les dates, le territoire, la durée, le budget ou la thématique.")
    for p in review.problems:
        slides = getattr(p, "slides", []) or []
        where = f" ({'diapositives' if len(slides) > 1 else 'diapositive'} {', '.join(map(str, slides))})" if slides else ""
        (st.error if p.severity == "error" else st.warning)(ui.escape_markdown(p.message) + where)
        for c in p.citations:
            st.caption(f"« {ui.escape_markdown(c.quote)} »")


# one review at a time per app process, off the script thread
_REVIEWS = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ami-review")


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem)[:80] or "dossier"
    return stem + Path(name).suffix.lower()


def review_uploads(assistant, uploads: list) -> list[tuple[str, Any, str | None]]:
    """Review each uploaded file (saved under its own extension), with a progress bar."""
    max_mb = assistant.settings.max_upload_mb
    results: list[tuple[str, Any, str | None]] = []
    bar = st.progress(0.0, text="Relecture des dossiers…")
    with tempfile.TemporaryDirectory(prefix="ami-review-") as tmp:
        for n, upload in enumerate(uploads[:MAX_FILES], 1):
            bar.progress((n - 1) / len(uploads), text=f"Relecture de « {upload.name} » ({n}/{len(uploads)})…")
            data = upload.getvalue()
            try:
                ui.check_upload(upload.name, len(data), max_mb, TYPES)
                path = Path(tmp) / f"{n:02d}-{_safe_name(upload.name)}"
                path.write_bytes(data)
                kwargs = {"name": upload.name} if "name" in inspect.signature(assistant.review_dossier).parameters else {}
                # the review runs off the script thread; the page shows it is working and stays responsive
                job = _REVIEWS.submit(assistant.review_dossier, path, **kwargs)
                started = time.monotonic()
                while not job.done():
                    time.sleep(0.25)
                    bar.progress((n - 1) / len(uploads),
                                 text=f"Relecture de « {upload.name} » ({n}/{len(uploads)}) : {time.monotonic() - started:.0f} s…")
                review = job.result()
                results.append((upload.name, review, None))
            except AssistantError as exc:
                results.append((upload.name, None, str(exc)))
            except Exception as exc:  # one bad file never stops the others
                common.log.exception("review of %s failed", upload.name)
                results.append((upload.name, None, f"relecture impossible ({type(exc).__name__})"))
            del data
    gc.collect()  # the decks read are freed before the page is shown
    bar.progress(1.0, text=f"{len(results)} dossier{'s' if len(results) > 1 else ''} relu{'s' if len(results) > 1 else ''}.")
    return results


_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft_section(assistant) -> None:
    """Draft the dossier (a deck, or a Word document when the call asks for one) from the profile entered on the
    eligibility page, download it, preview a deck."""
    try:
        fmt = assistant.dossier_format()
    except AssistantError:  # a call without dossier parts: drafting says why when asked
        fmt = "pptx"
    st.header("Préparer le dossier PowerPoint" if fmt == "pptx" else "Préparer le dossier Word")
    profile = st.session_state.get("profile")
    if profile:
        title = profile.get("project", {}).get("title") or "(sans titre)"
        st.caption(f"À partir du profil saisi dans « Éligibilité » : {ui.escape_markdown(title)}")
    else:
        st.caption("Aucun profil saisi : le dossier sera un modèle vide. Remplissez d'abord le formulaire de la page "
                   "« Vérifier l'éligibilité » pour le pré-remplir.")
    if st.button("Préparer le dossier", type="primary", key="draft_deck"):
        with st.spinner("Préparation des diapositives…" if fmt == "pptx" else "Préparation du document…"):
            st.session_state["deck"] = common.run_safely("préparation du dossier", assistant.draft_deck, profile or {},
                                                         format=fmt)
        st.session_state.pop("deck_preview", None)
    deck = st.session_state.get("deck")
    if not deck:
        return
    st.download_button(f"Télécharger le dossier (.{fmt})", deck, file_name=f"dossier.{fmt}",
                       mime=ui.PPTX_MIME if fmt == "pptx" else _DOCX_MIME, on_click="ignore", key="dl_deck",
                       icon=":material/download:")
    if fmt != "pptx":  # the preview shows slides
        return
    if not ui.preview_available():
        st.caption("Aperçu indisponible : LibreOffice n'est pas installé sur ce serveur.")
        return
    if st.button("Aperçu des diapositives", key="preview_deck"):
        with st.spinner("Conversion des diapositives…"):
            st.session_state["deck_preview"] = common.run_safely("aperçu", ui.render_slides, deck)
    images = st.session_state.get("deck_preview") or []
    if images:
        cols = st.columns(3)
        for n, img in enumerate(images):
            cols[n % 3].image(img, caption=f"Diapositive {n + 1}",
                              alt=f"Aperçu de la diapositive {n + 1} du dossier préparé")


def render() -> None:
    """The dossier page."""
    assistant = common.get_assistant()
    st.title("Préparer ou faire relire votre dossier")
    draft_section(assistant)
    st.divider()
    st.header("Faire relire un ou plusieurs dossiers")
    max_mb = assistant.settings.max_upload_mb
    uploads = st.file_uploader(
        f"Vos dossiers (PowerPoint .pptx, Word .docx ou PDF ; {max_mb} Mo maximum par fichier, {MAX_FILES} fichiers au plus)",
        type=TYPES, accept_multiple_files=True, key="deck_upload", max_upload_size=max_mb,
    )
    if not uploads:
        return
    if len(uploads) > MAX_FILES:
        st.warning(f"{len(uploads)} fichiers déposés : seuls les {MAX_FILES} premiers sont relus.")
    signature = tuple((u.name, u.size) for u in uploads)
    if st.session_state.get("review_signature") != signature:
        st.session_state["reviews"] = review_uploads(assistant, uploads)
        st.session_state["review_signature"] = signature
    results = st.session_state.get("reviews") or []
    rows = [review_row(name, review, error) for name, review, error in results]
    if not any(r["Erreur"] for r in rows):
        rows = [{k: v for k, v in r.items() if k != "Erreur"} for r in rows]
    st.table(rows)
    st.download_button("Télécharger le tableau (.csv)", rows_csv(rows), file_name="relecture-dossiers.csv",
                       mime="text/csv", on_click="ignore", key="dl_reviews_csv", icon=":material/download:")
    for name, review, error in results:
        if review is None:
            st.error(f"« {ui.escape_markdown(name)} » : {ui.escape_markdown(error or '')}")
            continue
        with st.expander(f"Détail : {name}", expanded=len(results) == 1):
            show_review(name, review)


render()
