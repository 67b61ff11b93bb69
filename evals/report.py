"""The eval report: the JSON shape of INTERFACES.md ("Eval report") with per-split and per-call sections, the terminal
tables and a self-contained HTML page (CSS bars, no JS), dev and test side by side, the naive baseline beside."""

from __future__ import annotations

import html
from typing import Any

from .baseline import NAME as BASELINE_NAME
from .gates import as_gates, by_call, by_split, check_gates, flat_thresholds, gate_failures
from .harness import SPLITS, SuiteRun

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
    "verdict_rate": "Verdict explicite (oui / non / sous condition)",
    "verdict_accuracy": "Verdicts justes",
    "source_accuracy": "Source attendue citée",
    "harmful_rate": "Réponses nuisibles",
}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _failure(r: Any) -> dict[str, Any]:
    return {"id": r.id, "call": r.call, "file": r.file, "split": r.split, "category": r.category,
            "question": r.question, "expected": r.expected, "harmful": r.harmful, "reasons": r.reasons, "got": r.got}


def build_report(ours: SuiteRun, baseline: SuiteRun | None, thresholds: Any,
                 settings: dict[str, Any]) -> dict[str, Any]:
    """The JSON report: INTERFACES.md "Eval report" (cases, by_category, metrics, thresholds, baseline, passed) plus
    by_split, by_call, the gates with their scopes, the failures, the settings and the baseline's slices.

    `thresholds`: a list of evals.gates.Gate, or the older {"min": {...}, "max": {...}} dict (one gate over all)."""
    gates = as_gates(thresholds)
    rows = check_gates(ours.results, gates, filtered=bool(settings.get("filtered")))
    failed = gate_failures(rows)
    flat = flat_thresholds(gates)
    report: dict[str, Any] = {
        "cases": len(ours.results),
        "by_category": ours.categories,
        "metrics": {k: _round(v) for k, v in ours.metrics.items()},
        "thresholds": {**flat["min"], **flat["max"]},
        "threshold_kinds": {**{k: "min" for k in flat["min"]}, **{k: "max" for k in flat["max"]}},
        "gates": rows,
        "threshold_failures": failed,
        "baseline": None,
        "passed": not failed,
        "by_split": by_split(ours.results),
        "by_call": by_call(ours.results),
        "settings": settings,
        "seconds": round(ours.seconds, 2),
        "failures": [_failure(r) for r in ours.failures()],
    }
    if baseline is not None:
        report["baseline"] = {
            "name": BASELINE_NAME,
            "cases": len(baseline.results),
            "metrics": {k: _round(v) for k, v in baseline.metrics.items()},
            "by_category": baseline.categories,
            "by_split": by_split(baseline.results),
            "by_call": by_call(baseline.results),
            "seconds": round(baseline.seconds, 2),
        }
    return report


def _fmt(v: Any, name: str = "") -> str:
    if v is None:
        return "—"
    if name.endswith("_ms") or name == "false_eligible":
        return f"{v:.0f}"
    return f"{v:.1%}" if isinstance(v, float) else str(v)


def _dig(d: Any, *keys: str) -> Any:
    for k in keys:
        d = d.get(k) if isinstance(d, dict) else None
    return d


def suite_tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One table per call and case file: per category, cases and passes on dev and test, assistant and baseline."""
    base = report.get("baseline") or {}
    tables = []
    for call, c in report.get("by_call", {}).items():
        for file, f in c.get("by_file", {}).items():
            cats: dict[str, dict[str, Any]] = {}
            for split, sp in f["by_split"].items():
                for cat, row in sp["by_category"].items():
                    b = _dig(base, "by_call", call, "by_file", file, "by_split", split, "by_category", cat)
                    cats.setdefault(cat, {})[split] = {"ours": row, "base": b}
            tables.append({"call": call, "file": file, "cases": f["cases"], "passed": f["passed"], "categories": cats})
    return tables


def metric_tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Per call: each metric on dev and test, for the assistant and the baseline (rows all empty are left out)."""
    base = report.get("baseline") or {}
    out = []
    for call, c in report.get("by_call", {}).items():
        rows = []
        for name in report["metrics"]:
            vals = {f"{who}_{split}": _dig(src, "by_split", split, "metrics", name)
                    for who, src in (("ours", c), ("base", _dig(base, "by_call", call))) for split in SPLITS}
            if any(v is not None for v in vals.values()):
                rows.append({"metric": name, **vals})
        out.append({"call": call, "rows": rows})
    return out


def _count(cell: dict | None) -> str:
    return f"{cell['passed']}/{cell['cases']}" if cell else "—"


def print_tables(report: dict[str, Any], console: Any) -> None:
    """The terminal view: per call and case file, categories with dev and test side by side (assistant, baseline);
    per call, the metrics on dev and test; the gates."""
    from rich.table import Table

    for t in suite_tables(report):
        table = Table(title=f"{t['call']} — {t['file']} : cas réussis")
        for col in ("catégorie", "assistant dev", "assistant test", "référence dev", "référence test"):
            table.add_column(col)
        failing = []
        for cat, by in t["categories"].items():
            table.add_row(cat, *(_count(_dig(by, sp, who)) for who in ("ours", "base") for sp in SPLITS))
            ids = _dig(by, "dev", "ours", "failed_ids")
            if ids:
                failing.append(f"  {cat} : {', '.join(ids)}")
        console.print(table)
        if failing:
            console.print("Échecs de l'assistant (dev) :\n" + "\n".join(failing), highlight=False)
    for m in metric_tables(report):
        table = Table(title=f"{m['call']} : indicateurs")
        for col in ("indicateur", "assistant dev", "assistant test", "référence dev", "référence test"):
            table.add_column(col)
        for r in m["rows"]:
            table.add_row(r["metric"], *(_fmt(r[f"{who}_{sp}"], r["metric"]) for who in ("ours", "base") for sp in SPLITS))
        console.print(table)
    table = Table(title="Seuils")
    for col in ("seuil", "indicateur", "valeur", "limite", "état"):
        table.add_column(col)
    idle = 0
    for g in report.get("gates", []):
        if g["status"] == "n/a":
            idle += 1
            continue
        mark = "[green]ok[/green]" if g["status"] == "ok" else "[red]ÉCHEC[/red]"
        table.add_row(g["gate"], g["metric"], _fmt(g["value"], g["metric"]),
                      ("≥ " if g["kind"] == "min" else "≤ ") + _fmt(g["threshold"], g["metric"]), mark)
    console.print(table)
    if idle:
        console.print(f"{idle} seuil(s) sans objet dans ce run (aucun cas de leur portée).")
    if report["passed"]:
        console.print(f"[green]Tous les seuils sont atteints[/green] ({report['cases']} cas).")
    else:
        console.print("[red]Seuils non atteints :[/red] " + " ; ".join(report["threshold_failures"]))


def _bar(cell: dict | None, cls: str) -> str:
    if not cell or not cell["cases"]:
        return "<td class='na'>—</td>"
    rate = cell["passed"] / cell["cases"]
    return (f"<td><div class='track'><div class='bar {cls}' style='width:{rate * 100:.1f}%'></div></div>"
            f"{rate:.0%} ({cell['passed']}/{cell['cases']})</td>")


def render_html(report: dict[str, Any]) -> str:
    """A self-contained HTML page: settings, gates, per call the categories and metrics with dev and test side by
    side (assistant and baseline), the failures."""
    e = html.escape
    status = "RÉUSSI" if report["passed"] else "ÉCHEC"
    gates = "".join(
        f"<tr class='{'bad' if g['status'] == 'fail' else ''}'><td>{e(g['gate'])}<br><small>{e(g['scope'])}</small></td><td><code>{e(g['metric'])}</code></td>"
        f"<td>{e(_fmt(g['value'], g['metric']))}</td><td>{'≥' if g['kind'] == 'min' else '≤'} {e(_fmt(g['threshold'], g['metric']))}</td>"
        f"<td>{e({'ok': 'ok', 'fail': 'ÉCHEC'}.get(g['status'], 'sans objet'))}</td></tr>"
        for g in report.get("gates", []))
    head = "<tr><th>catégorie</th><th>assistant dev</th><th>assistant test</th><th>référence dev</th><th>référence test</th></tr>"
    suites = []
    for t in suite_tables(report):
        rows = "".join(f"<tr><td>{e(cat)}</td>" + "".join(_bar(_dig(by, sp, who), "ours" if who == "ours" else "base")
                                                        for who in ("ours", "base") for sp in SPLITS) + "</tr>"
                       for cat, by in t["categories"].items())
        suites.append(f"<h3>{e(t['call'])} — {e(t['file'])} ({t['passed']}/{t['cases']})</h3><table>{head}{rows}</table>")
    metrics = []
    for m in metric_tables(report):
        rows = "".join(f"<tr><td>{e(METRIC_LABELS.get(r['metric'], r['metric']))}</td><td><code>{e(r['metric'])}</code></td>"
                       + "".join(f"<td>{e(_fmt(r[f'{who}_{sp}'], r['metric']))}</td>" for who in ("ours", "base") for sp in SPLITS)
                       + "</tr>" for r in m["rows"])
        metrics.append(f"<h3>{e(m['call'])}</h3><table><tr><th>indicateur</th><th>nom</th><th>assistant dev</th>"
                       f"<th>assistant test</th><th>référence dev</th><th>référence test</th></tr>{rows}</table>")
    fails = []
    for f in report["failures"]:
        got = f.get("got", {})
        cites = "".join(
            f"<li><code>{e(str(c.get('source', '')))}</code> {e(str(c.get('locator', '')))} — « {e(str(c.get('quote', ''))[:300])} »</li>"
            for c in got.get("citations", [])[:6]
        )
        got_txt = {k: v for k, v in got.items() if k != "citations"}
        fails.append(
            f"<tr class='{'bad' if f.get('harmful') else ''}'><td><code>{e(f['id'])}</code><br>{e(f['category'])}"
            f"<br>{e(str(f.get('split', '')))}</td><td>{e(f['question'])}</td>"
            f"<td>{e(f['expected'])}</td><td><pre>{e(_short(got_txt))}</pre><ul class='reasons'>"
            + "".join(f"<li>{e(r)}</li>" for r in f["reasons"])
            + f"</ul></td><td><ul>{cites}</ul></td></tr>"
        )
    settings = "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in report["settings"].items())
    base_name = (report.get("baseline") or {}).get("name", BASELINE_NAME)
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Évaluation AMI assistant — {e(status)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}}
table{{border-collapse:collapse;margin:1rem 0;width:100%}} td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}}
tr.bad td{{background:#fde2e2}} .status{{font-size:1.4rem;font-weight:bold;color:{'#1a7f37' if report['passed'] else '#c62828'}}}
.track{{width:100%;background:#eee;height:10px}} .bar{{height:10px}} .ours{{background:#1f6feb}} .base{{background:#9e9e9e}}
.na{{color:#888}} small{{color:#666}} pre{{white-space:pre-wrap;max-width:420px;font-size:.8rem}}
ul.reasons{{color:#c62828;font-size:.85rem}}
</style></head><body>
<h1>Évaluation de l'assistant AMI</h1>
<p class="status">{e(status)} — {report['cases']} cas</p>
<p>Les cas <b>dev</b> servent à régler l'assistant ; les cas <b>test</b> ne servent qu'à le mesurer.
Référence naïve : {e(base_name)}.</p>
<h2>Seuils</h2>
<table><tr><th>seuil (portée)</th><th>indicateur</th><th>valeur</th><th>limite</th><th>état</th></tr>{gates}</table>
<h2>Cas réussis par catégorie</h2>
{''.join(suites)}
<h2>Indicateurs</h2>
{''.join(metrics)}
<h2>Échecs ({len(report['failures'])})</h2>
<table><tr><th>cas</th><th>question</th><th>attendu</th><th>obtenu</th><th>citations</th></tr>{''.join(fails)}</table>
<h2>Réglages du run</h2><table>{settings}</table>
</body></html>
"""


def _short(obj: dict) -> str:
    parts = []
    for k, v in obj.items():
        s = str(v)
        parts.append(f"{k}: {s[:600]}{'…' if len(s) > 600 else ''}")
    return "\n".join(parts)
