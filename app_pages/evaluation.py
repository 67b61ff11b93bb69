"""Evaluation page (staff login): run the eval suite with its progress, read the latest report: failures first,
metrics in French with one line each and the naive baseline beside each figure."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from assistant import ui_text as ui

from app_pages import common


def run_suite(assistant, report_path) -> None:
    """Run `ami eval` in-process on the app's AMI_HOME, showing cases done / total."""
    try:
        from evals.run import main as run_evals
    except ImportError:
        st.warning(common.NOT_READY.format(what="suite d'évaluation"))
        return
    report_path.parent.mkdir(parents=True, exist_ok=True)
    bar = st.progress(0.0, text="Préparation de l'évaluation…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Évaluation en cours : cas {done} sur {total}")

    args = ["--json", str(report_path), "--html", str(report_path.with_suffix(".html")),
            "--home", str(assistant.settings.home), "--quiet"]
    code = common.run_safely("évaluation", run_evals, args, progress=progress)
    if code is None:
        bar.progress(0.0, text="Évaluation interrompue.")
    elif code == 2:
        bar.progress(0.0, text="Évaluation impossible (voir le journal du serveur).")
    else:
        bar.progress(1.0, text="Évaluation terminée.")


def show_failures(report: dict[str, Any]) -> None:
    """What failed, first: thresholds missed, then the failed cases."""
    metrics, thresholds = report.get("metrics") or {}, report.get("thresholds") or {}
    for failure in report.get("threshold_failures") or []:
        name = str(failure).split(" ", 1)[0]
        if name in metrics and name in thresholds:
            sign = "≤" if (report.get("threshold_kinds") or {}).get(name) == "max" else "≥"
            detail = f"{ui.metric_value(name, metrics[name])} (seuil {sign} {ui.metric_value(name, thresholds[name])})"
        else:
            detail = ui.escape_markdown(str(failure))
        st.error(f"Seuil non atteint — {ui.metric_text(name)[0]} : {detail}")
    failures = report.get("failures") or []
    if failures:
        st.markdown(f"**Cas en échec ({len(failures)})**")
        st.table([{"Cas": f.get("id", ""), "Catégorie": f.get("category", ""), "Question": f.get("question", ""),
                   "Raison": "; ".join(map(str, f.get("reasons") or []))} for f in failures[:50]])


def show_metrics(report: dict[str, Any]) -> None:
    """One row per metric: French name and explanation, value, naive baseline, threshold."""
    thresholds = report.get("thresholds") or {}
    kinds = report.get("threshold_kinds") or {}
    baseline = (report.get("baseline") or {}).get("metrics") or {}
    failed = {str(f).split(" ", 1)[0] for f in report.get("threshold_failures") or []}
    rows = []
    for name, value in (report.get("metrics") or {}).items():
        label, help_text = ui.metric_text(name)
        thr = thresholds.get(name)
        sign = "≤ " if kinds.get(name) == "max" else "≥ "
        rows.append({"Indicateur": label, "Ce qu'il mesure": help_text,
                     "Assistant": ui.metric_value(name, value) + (" — sous le seuil" if name in failed else ""),
                     "Référence naïve": ui.metric_value(name, baseline.get(name)),
                     "Seuil": (sign + ui.metric_value(name, thr)) if thr is not None else "—"})
    st.table(rows)


def show_categories(report: dict[str, Any]) -> None:
    """Cases passed per category, beside the baseline's."""
    cats = report.get("by_category") or {}
    base = ((report.get("baseline") or {}).get("by_category")) or {}
    if not cats:
        return
    rows = []
    for name, c in sorted(cats.items(), key=lambda kv: (kv[1].get("passed", 0) - kv[1].get("cases", 0), kv[0])):
        b = base.get(name)
        rows.append({"Catégorie": name, "Assistant": f"{c.get('passed', 0)} / {c.get('cases', 0)}",
                     "Référence naïve": f"{b.get('passed', 0)} / {b.get('cases', 0)}" if b else "—"})
    st.markdown("**Cas réussis par catégorie** (les catégories avec des échecs en premier)")
    st.table(rows)


def render() -> None:
    """The evaluation page."""
    assistant = common.get_assistant()
    st.title("Évaluation de l'assistant")
    if not common.staff_login(assistant, "lancer ou lire l'évaluation", "eval"):
        return
    common.staff_logout()
    st.caption("La suite d'évaluation pose les questions de référence à l'assistant et à une référence naïve "
               "(premier passage trouvé), puis compare les réponses au texte de l'appel.")
    report_path = assistant.settings.home / "eval" / "report.json"
    if st.button("Lancer l'évaluation", key="run_eval", type="primary", icon=":material/play_arrow:"):
        run_suite(assistant, report_path)
    if not report_path.exists():
        st.info("Aucun rapport d'évaluation pour l'instant : lancez l'évaluation ci-dessus "
                f"(ou `ami eval --json {report_path}` sur le serveur).")
        return
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        st.error(f"Rapport d'évaluation illisible ({report_path.name}) : {exc}")
        return
    passed = report.get("passed")
    outcome = "tous les seuils sont atteints" if passed else "au moins un seuil n'est pas atteint"
    (st.success if passed else st.error)(f"**{report.get('cases', '?')} cas — {outcome}.**")
    show_failures(report)
    show_metrics(report)
    show_categories(report)
    html_report = report_path.with_suffix(".html")
    if html_report.exists():
        st.download_button("Rapport complet (.html)", html_report.read_bytes(), file_name="rapport-evaluation.html",
                           mime="text/html", on_click="ignore", key="dl_eval_html", icon=":material/download:")


render()
