"""The eval report: the JSON shape of INTERFACES.md ("Eval report") and a self-contained HTML page (CSS bars, no JS)."""

from __future__ import annotations

import html
from typing import Any

from .baseline import NAME as BASELINE_NAME
from .harness import SuiteRun
from .metrics import check_thresholds

METRIC_LABELS = {
    "answer_accuracy": "Exactitude des réponses",
    "quote_validity": "Citations verbatim",
    "citation_precision": "Précision des citations",
    "unsupported_number_rate": "Réponses avec chiffre non sourcé",
    "recall_at_5": "Rappel@5 (recherche)",
    "mrr_at_10": "MRR@10 (recherche)",
    "refusal_accuracy": "Refus à bon escient",
    "eligibility_accuracy": "Verdicts d'éligibilité justes",
    "eligibility_case_accuracy": "Cas d'éligibilité entièrement justes",
    "false_eligible": "Faux « éligible » (nombre)",
    "review_accuracy": "Relectures de dossier justes",
    "latency_p50_ms": "Latence p50 de ask (ms)",
    "latency_p95_ms": "Latence p95 de ask (ms)",
}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def build_report(ours: SuiteRun, baseline: SuiteRun | None, thresholds: dict[str, dict[str, float]],
                 settings: dict[str, Any]) -> dict[str, Any]:
    """The JSON report (INTERFACES.md "Eval report" plus failures, settings and the baseline's categories)."""
    metrics = {k: _round(v) for k, v in ours.metrics.items()}
    failed = check_thresholds(ours.metrics, thresholds)
    report: dict[str, Any] = {
        "cases": len(ours.results),
        "by_category": ours.categories,
        "metrics": metrics,
        "thresholds": {**thresholds["min"], **thresholds["max"]},
        "threshold_kinds": {**{k: "min" for k in thresholds["min"]}, **{k: "max" for k in thresholds["max"]}},
        "threshold_failures": failed,
        "baseline": None,
        "passed": not failed,
        "settings": settings,
        "seconds": round(ours.seconds, 2),
        "failures": [
            {"id": r.id, "category": r.category, "question": r.question, "expected": r.expected,
             "reasons": r.reasons, "got": r.got}
            for r in ours.failures()
        ],
    }
    if baseline is not None:
        report["baseline"] = {
            "name": BASELINE_NAME,
            "cases": len(baseline.results),
            "metrics": {k: _round(v) for k, v in baseline.metrics.items()},
            "by_category": baseline.categories,
            "seconds": round(baseline.seconds, 2),
        }
    return report


def _fmt(v: Any, name: str = "") -> str:
    if v is None:
        return "—"
    if name.endswith("_ms"):
        return f"{v:.0f}"
    if name == "false_eligible":
        return f"{v:.0f}"
    return f"{v:.1%}" if isinstance(v, float) else str(v)


def render_html(report: dict[str, Any]) -> str:
    """A self-contained HTML page: settings, metrics vs thresholds, a bar chart per category, the failures."""
    e = html.escape
    base = report.get("baseline") or {}
    base_cats = base.get("by_category", {})
    status = "RÉUSSI" if report["passed"] else "ÉCHEC"
    rows = []
    for name, v in report["metrics"].items():
        thr = report["thresholds"].get(name)
        kind = report["threshold_kinds"].get(name, "")
        thr_txt = "" if thr is None else ("≥ " if kind == "min" else "≤ ") + _fmt(float(thr), name)
        bad = any(f.startswith(name + " ") for f in report["threshold_failures"])
        rows.append(
            f"<tr class='{'bad' if bad else ''}'><td>{e(METRIC_LABELS.get(name, name))}</td><td><code>{e(name)}</code></td>"
            f"<td>{e(_fmt(v, name))}</td><td>{e(_fmt(base.get('metrics', {}).get(name), name))}</td><td>{e(thr_txt)}</td></tr>"
        )
    bars = []
    for cat, c in report["by_category"].items():
        ours = c["passed"] / c["cases"] if c["cases"] else 0
        b = base_cats.get(cat)
        base_rate = b["passed"] / b["cases"] if b and b["cases"] else None
        if base_rate is not None:
            base_row = (f"<div class='track'><div class='bar base' style='width:{base_rate * 100:.1f}%'></div></div>"
                        f"<span>{base_rate:.0%} ({b['passed']}/{b['cases']})</span>")
        else:
            base_row = "<div class='track'></div><span class='na'>sans objet</span>"
        bars.append(
            f"<div class='cat'><div class='name'>{e(cat)}</div>"
            f"<div class='row'><div class='track'><div class='bar ours' style='width:{ours * 100:.1f}%'></div></div>"
            f"<span>{ours:.0%} ({c['passed']}/{c['cases']})</span></div>"
            f"<div class='row'>{base_row}</div></div>"
        )
    fails = []
    for f in report["failures"]:
        got = f.get("got", {})
        cites = "".join(
            f"<li><code>{e(str(c.get('source', '')))}</code> {e(str(c.get('locator', '')))} — « {e(str(c.get('quote', ''))[:300])} »</li>"
            for c in got.get("citations", [])[:6]
        )
        got_txt = {k: v for k, v in got.items() if k != "citations"}
        fails.append(
            f"<tr><td><code>{e(f['id'])}</code><br>{e(f['category'])}</td><td>{e(f['question'])}</td>"
            f"<td>{e(f['expected'])}</td><td><pre>{e(_short(got_txt))}</pre><ul class='reasons'>"
            + "".join(f"<li>{e(r)}</li>" for r in f["reasons"])
            + f"</ul></td><td><ul>{cites}</ul></td></tr>"
        )
    settings = "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in report["settings"].items())
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Évaluation AMI assistant — {e(status)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}}
table{{border-collapse:collapse;margin:1rem 0;width:100%}} td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}}
tr.bad td{{background:#fde2e2}} .status{{font-size:1.4rem;font-weight:bold;color:{'#1a7f37' if report['passed'] else '#c62828'}}}
.cat{{margin:.6rem 0}} .cat .name{{font-weight:bold}} .row{{display:flex;align-items:center;gap:.5rem}}
.track{{width:60%;background:#eee;height:14px}} .bar{{height:14px}} .ours{{background:#1f6feb}} .base{{background:#9e9e9e}}
.na{{color:#888}} pre{{white-space:pre-wrap;max-width:420px;font-size:.8rem}} .legend span{{display:inline-block;width:12px;height:12px;margin:0 .3rem}}
ul.reasons{{color:#c62828;font-size:.85rem}}
</style></head><body>
<h1>Évaluation de l'assistant AMI</h1>
<p class="status">{e(status)} — {report['cases']} cas</p>
<h2>Réglages du run</h2><table>{settings}</table>
<h2>Indicateurs</h2>
<table><tr><th>Indicateur</th><th>nom</th><th>Assistant</th><th>Référence naïve</th><th>Seuil</th></tr>{''.join(rows)}</table>
<p>Référence naïve : {e(base.get('name', BASELINE_NAME))}.</p>
<h2>Cas réussis par catégorie</h2>
<p class="legend"><span style="background:#1f6feb"></span>assistant <span style="background:#9e9e9e"></span>référence naïve</p>
{''.join(bars)}
<h2>Échecs ({len(report['failures'])})</h2>
<table><tr><th>cas</th><th>question</th><th>attendu</th><th>obtenu</th><th>citations</th></tr>{''.join(fails)}</table>
</body></html>
"""


def _short(obj: dict) -> str:
    parts = []
    for k, v in obj.items():
        s = str(v)
        parts.append(f"{k}: {s[:600]}{'…' if len(s) > 600 else ''}")
    return "\n".join(parts)
