"""Slices of the case results (per call, split, case file, category) and the threshold gates over them.

A gate of `evals/thresholds.toml` names a scope (any of `call`, `file`, `split`, `category`; absent or "all" =
every value) and the metrics that must stay at or above `min` / at or below `max` over the results of that scope.
A gate whose scope holds no result of the run (another call, another split, a category left out) does not apply.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .metrics import CaseResult, aggregate, by_category

SCOPE_KEYS = ("call", "file", "split", "category")


@dataclass
class Gate:
    """Thresholds over one slice of the results."""

    name: str
    scope: dict[str, str] = field(default_factory=dict)
    min: dict[str, float] = field(default_factory=dict)
    max: dict[str, float] = field(default_factory=dict)

    def selects(self, r: CaseResult) -> bool:
        """True when the result belongs to the gate's scope."""
        return all(v in (None, "", "all") or getattr(r, k) == v for k, v in self.scope.items())

    def describe(self) -> str:
        """The scope in a few words ("toutes les données" when unrestricted)."""
        parts = [f"{k}={v}" for k, v in self.scope.items() if v not in (None, "", "all")]
        return ", ".join(parts) or "tous les cas"


def load_gates(path: Path) -> list[Gate]:
    """The gates of a thresholds file: `[[gate]]` tables, or the older flat `[min]`/`[max]` (one gate over all)."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return as_gates(raw)


def as_gates(thresholds: Any) -> list[Gate]:
    """Gates from a TOML dict, a list of Gates, or the older {"min": {...}, "max": {...}} dict (one gate over all)."""
    if thresholds is None:
        return []
    if isinstance(thresholds, list):
        return [g if isinstance(g, Gate) else _gate(g, i) for i, g in enumerate(thresholds)]
    gates = [_gate(g, i) for i, g in enumerate(thresholds.get("gate", []))]
    if thresholds.get("min") or thresholds.get("max"):
        gates.insert(0, Gate("tous les cas", {}, dict(thresholds.get("min", {})), dict(thresholds.get("max", {}))))
    return gates


def _gate(raw: dict, i: int) -> Gate:
    scope = dict(raw.get("scope", {}))
    unknown = set(scope) - set(SCOPE_KEYS)
    if unknown:
        raise ValueError(f"seuil {raw.get('name', i)} : clé de portée inconnue {', '.join(sorted(unknown))}")
    return Gate(str(raw.get("name") or f"gate-{i + 1}"), {k: str(v) for k, v in scope.items()},
                {k: float(v) for k, v in raw.get("min", {}).items()}, {k: float(v) for k, v in raw.get("max", {}).items()})


def flat_thresholds(gates: list[Gate]) -> dict[str, dict[str, float]]:
    """{"min": {...}, "max": {...}} merged over the gates (the first gate naming a metric wins)."""
    out: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for g in gates:
        for kind in ("min", "max"):
            for k, v in getattr(g, kind).items():
                out[kind].setdefault(k, v)
    return out


def check_gates(results: list[CaseResult], gates: list[Gate], filtered: bool = False) -> list[dict[str, Any]]:
    """One row per gate and metric: value, threshold, status "ok" | "fail" | "n/a".

    A metric the scope cannot measure fails, unless the run was filtered (`filtered`: some categories left out),
    where it does not apply. A gate whose scope is empty in this run does not apply.
    """
    rows = []
    for g in gates:
        rs = [r for r in results if g.selects(r)]
        metrics = aggregate(rs) if rs else {}
        for kind in ("min", "max"):
            for name, thr in getattr(g, kind).items():
                v = metrics.get(name)
                if not rs or (v is None and filtered):
                    status = "n/a"
                elif v is None:
                    status = "fail"
                else:
                    status = "ok" if (v >= thr if kind == "min" else v <= thr) else "fail"
                rows.append({"gate": g.name, "scope": g.describe(), "metric": name, "kind": kind, "threshold": thr,
                             "value": None if v is None else round(v, 4), "cases": len(rs), "status": status})
    return rows


def gate_failures(rows: list[dict[str, Any]]) -> list[str]:
    """The failed rows as one line each: "metric = value < threshold (gate)"."""
    out = []
    for r in rows:
        if r["status"] == "fail":
            sign = "<" if r["kind"] == "min" else ">"
            out.append(f"{r['metric']} = {r['value']} {sign} {r['threshold']} ({r['gate']} : {r['scope']})")
    return out


# --------------------------------------------------------------------------- slices

def summary(results: list[CaseResult]) -> dict[str, Any]:
    """Cases, passes, metrics and per-category summaries of a list of results."""
    return {"cases": len(results), "passed": sum(r.passed for r in results),
            "metrics": {k: (None if v is None else round(v, 4)) for k, v in aggregate(results).items()},
            "by_category": by_category(results)}


def by_split(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    """summary() per split (dev, then test, then any other)."""
    splits = sorted({r.split for r in results}, key=lambda s: (s != "dev", s != "test", s))
    return {s: summary([r for r in results if r.split == s]) for s in splits}


def by_call(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    """Per call: its summary, per split, and per case file (each per split)."""
    out: dict[str, dict[str, Any]] = {}
    for call in dict.fromkeys(r.call for r in results):
        rs = [r for r in results if r.call == call]
        files = {f: {"cases": len(fr), "passed": sum(r.passed for r in fr), "by_split": by_split(fr)}
                 for f in dict.fromkeys(r.file for r in rs) for fr in [[r for r in rs if r.file == f]]}
        out[call] = {**summary(rs), "by_split": by_split(rs), "by_file": files}
    return out
