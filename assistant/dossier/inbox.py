"""A whole inbox: every dossier of a folder reviewed, reading in parallel processes, one row each, as CSV or HTML.

The worker processes only read files (the GIL-bound part); the embedding model stays in this process, loaded once.
A file that cannot be read is a row with its error, never a stop. Progress goes through a callback
`progress(message, fraction)`; only the CLI and the app draw bars.
"""

from __future__ import annotations

import csv
import html
import io
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..errors import AssistantError, InputError
from ..types import DossierReview
from .read import read_for_inbox
from .review import error_review

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]

COLUMNS = [
    ("file", "Fichier"), ("structure", "Structure"), ("project_title", "Projet"), ("communes", "Communes"),
    ("start", "Démarrage"), ("duration_months", "Durée (mois)"), ("requested_eur", "Montant demandé (€)"),
    ("parts", "Parties présentes"), ("blocking", "Points bloquants"), ("complete", "Complet"),
    ("eligibility", "Éligibilité"), ("call_status", "Appel ouvert au dépôt"), ("submitted", "Déposé le"),
    ("headline", "Synthèse"), ("error", "Erreur"),
]
MIN_FILES_PER_WORKER = 4
VERDICTS = {"eligible": "éligible", "not_eligible": "non éligible", "incomplete": "incomplet"}


def inbox_files(folder: Path) -> list[Path]:
    """The files of a folder that the inbox reviews: every visible regular file, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder} : dossier (répertoire) introuvable.")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def review_folder(folder: Path, review_one: Callable[..., DossierReview], progress: Progress | None = None,
                  submitted: date | None = None, workers: int | None = None) -> list[DossierReview]:
    """Review every dossier of `folder` with `review_one(dossier, submitted=...)`; rows in file-name order.

    Reading (unzipping, parsing the XML: the bulk of the work, and GIL-bound) runs in `workers` processes, which
    import python-pptx and python-docx but never the embedding model; the review of what they read (parts, facts,
    rules, and the model when a part needs it) runs in this process, as each file arrives. Threads were measured
    slower than one thread; on 2 CPUs, reading processes were slower too (docs/benchmarks.md), so by default they are
used only with more CPUs. `workers=1`, or an inbox of a few files, reads in this process.
    """
    files = inbox_files(folder)
    if not files:
        return []
    workers = workers if workers is not None else default_workers()
    results: dict[Path, DossierReview] = {}
    done = 0

    def finish(path: Path, read: Any) -> None:
        nonlocal done
        when = submitted or _mtime(path)
        try:
            if isinstance(read, str):
                results[path] = error_review(path.name, read, when)
            else:
                results[path] = review_one(read, submitted=when)
        except AssistantError as exc:
            results[path] = error_review(path.name, str(exc), when)
        except Exception as exc:  # a reviewer bug on one file must not stop the inbox
            log.exception("review of %s failed", path.name)
            results[path] = error_review(path.name, f"{path.name} : erreur inattendue à la relecture ({type(exc).__name__}).", when)
        done += 1
        if progress:
            progress(path.name, done / len(files))

    if workers <= 1 or len(files) < 2 * MIN_FILES_PER_WORKER:
        for path in files:
            finish(path, read_for_inbox(str(path)))
    else:
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no model, no threads inherited
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(read_for_inbox, str(p)): p for p in files}
            for fut in as_completed(futures):
                path = futures[fut]
                try:
                    read = fut.result()
                except Exception as exc:  # a worker that died (out of memory, killed): that file is a row
                    read = f"{path.name} : lecture interrompue ({type(exc).__name__})."
                finish(path, read)
    return [results[p] for p in files]


def default_workers() -> int:
    """Reading processes by default: none on 2 CPUs or fewer (measured slower there), else one per spare CPU, up to 4."""
    cpus = os.cpu_count() or 1
    return 1 if cpus <= 2 else min(4, cpus - 1)


def _mtime(path: Path) -> date | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return None


# --------------------------------------------------------------------------- rows, CSV, HTML

def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def row(r: DossierReview) -> dict[str, str]:
    """One inbox row (column key → text) for a review."""
    cs = r.call_status
    return {
        "file": r.file,
        "structure": r.structure or "",
        "project_title": r.project_title or "",
        "communes": ", ".join(r.communes),
        "start": r.start.isoformat() if r.start else "",
        "duration_months": _num(r.duration_months),
        "requested_eur": _num(r.requested_eur),
        "parts": ", ".join(s.id for s in r.sections if s.present),
        "blocking": " ; ".join(r.blocking),
        "complete": "oui" if r.complete else "non",
        "eligibility": VERDICTS.get(r.eligibility or "", ""),
        "call_status": "" if cs is None else ("oui" if cs.open else "non"),
        "submitted": r.submitted.isoformat() if r.submitted else "",
        "headline": r.headline,
        "error": r.error or "",
    }


def to_csv(reviews: list[DossierReview]) -> str:
    """The inbox as CSV text (header row of French column names, then one row per dossier)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([label for _, label in COLUMNS])
    for r in reviews:
        d = row(r)
        w.writerow([_safe_cell(d[k]) for k, _ in COLUMNS])
    return buf.getvalue()


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def to_html(reviews: list[DossierReview], title: str = "Relecture des dossiers") -> str:
    """The inbox as a standalone HTML page (every text escaped)."""
    e = html.escape
    head = "".join(f"<th>{e(label)}</th>" for _, label in COLUMNS)
    rows = []
    for r in reviews:
        d = row(r)
        cls = "error" if r.error else ("ok" if r.complete else "ko")
        rows.append(f'<tr class="{cls}">' + "".join(f"<td>{e(d[k])}</td>" for k, _ in COLUMNS) + "</tr>")
    n_ok = sum(1 for r in reviews if r.complete)
    n_err = sum(1 for r in reviews if r.error)
    summary = f"{len(reviews)} dossiers : {n_ok} complets, {len(reviews) - n_ok - n_err} incomplets, {n_err} illisibles."
    return (
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
        f"<title>{e(title)}</title><style>"
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:13px}"
        "th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}th{background:#eee}"
        "tr.ok td:first-child{border-left:6px solid #2e7d32}tr.ko td:first-child{border-left:6px solid #c62828}"
        "tr.error td{background:#fdecea}</style></head><body>"
        f"<h1>{e(title)}</h1><p>{e(summary)}</p><table><thead><tr>{head}</tr></thead><tbody>"
        + "\n".join(rows) + "</tbody></table></body></html>\n"
    )


def write_reports(reviews: list[DossierReview], csv_path: Path | None = None, html_path: Path | None = None) -> None:
    """Write the inbox's CSV (UTF-8 with BOM, for spreadsheets) and/or HTML report."""
    for path, text, enc in ((csv_path, to_csv(reviews) if csv_path else "", "utf-8-sig"),
                            (html_path, to_html(reviews) if html_path else "", "utf-8")):
        if path is None:
            continue
        path = Path(path)
        if path.is_dir():
            raise InputError(f"{path} est un répertoire : donnez un nom de fichier.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding=enc)


__all__ = ["review_folder", "inbox_files", "row", "to_csv", "to_html", "write_reports", "COLUMNS"]
