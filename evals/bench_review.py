"""`python -m evals.bench_review`: dossiers reviewed per second over an inbox of 200 generated decks.

The decks vary in style (title placeholders, text boxes only, tables, nested groups, free layouts), in language
(French or English headings, headings the review only recognises by meaning) and in content (complete, a part
missing, a late start, placeholders); a few are broken files. The limit is what python-pptx alone takes, in the
same run, to open every readable deck and read all its text (shapes, groups, tables, notes). The review is timed
one dossier after another (alternating with python-pptx, file by file, so both face the same machine load) and as
an inbox (`Assistant.review_dossiers`: reading in worker processes). The model and the call's data are
loaded before the clock starts (one-time costs, measured apart). Writes the "Dossier review" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from .decks import STYLES, build_deck

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
START, END = "<!-- dossier-review:start -->", "<!-- dossier-review:end -->"

FR = [("Présentation de la structure", ["Association créée en {year} à {town}", "{members} adhérents, bureau de 5 membres"]),
      ("Raisons de notre participation", ["Tester une réponse nouvelle aux besoins d'emploi du bassin"]),
      ("Objectifs du projet", ["Accompagner {n} personnes vers l'emploi durable"]),
      ("Mise en œuvre", ["Ateliers hebdomadaires à {town}", "Immersions en entreprise et suivi individuel"]),
      ("Indicateurs de réussite", ["{n} personnes suivies", "{half} en emploi à 6 mois"]),
      ("Caractère innovant", ["Des binômes avec d'anciens bénéficiaires"]),
      ("Calendrier", ["Démarrage : {start}", "Durée : {months} mois"]),
      ("Budget détaillé", ["Animation | {a} €", "Montant demandé | {total} €"]),
      ("Annexes", ["Statuts", "Composition des instances", "Comptes des 3 derniers exercices"])]
EN = [("About us", ["Founded in {year} in {town}, {members} members"]),
      ("Why we apply", ["This call lets us test a new answer to local unemployment"]),
      ("Objectives", ["Bring {n} people into lasting jobs"]),
      ("How it works", ["Weekly workshops in {town} with local employers", "Each participant gets a mentor"]),
      ("Impact indicators", ["{n} people followed", "{half} in a job after 6 months"]),
      ("What is innovative", ["Mentors are former participants"]),
      ("Timeline", ["Start: {start_en}", "Duration: {months} months"]),
      ("Budget", ["Coaching | €{a}", "Amount requested | €{total}"]),
      ("Attachments", ["Statutes", "Board members", "Income statements of the last 3 years"])]
TOWNS = ["Lens", "Liévin", "Avion", "Harnes", "Carvin", "Hénin-Beaumont", "Wingles", "Arras"]
MONTHS_FR = ["septembre 2024", "octobre 2024", "novembre 2024", "janvier 2025"]
MONTHS_EN = ["September 2024", "October 2024", "November 2024", "January 2025"]


def make_inbox(folder: Path, n: int = 200, broken: int = 6, seed: int = 7) -> dict[str, int]:
    """Write n files into folder: n - broken generated decks of varied styles and `broken` unreadable files."""
    rnd = random.Random(seed)
    counts: dict[str, int] = {}
    for i in range(n - broken):
        style = STYLES[i % len(STYLES)]
        lang = EN if i % 3 == 1 else FR
        k = rnd.randrange(len(MONTHS_FR))
        values = {"year": 2005 + i % 15, "town": TOWNS[i % len(TOWNS)], "members": 20 + i % 80, "n": 20 + i % 30,
                  "half": 10 + i % 15, "start": MONTHS_FR[k], "start_en": MONTHS_EN[k], "months": rnd.choice([9, 12, 18]),
                  "a": f"{20 + i % 10} 000", "total": f"{30 + i % 10} 000"}
        parts = list(lang)
        if i % 7 == 3:
            parts.pop(rnd.randrange(len(parts)))  # a part missing
        slides = [{"title": f"Projet n° {i}", "bullets": [f"Candidature de la structure {i}"]}]
        for title, lines in parts:
            text = [ln.format(**values) for ln in lines]
            if i % 11 == 5 and title.startswith(("Caractère", "What")):
                text = ["Lorem ipsum dolor sit amet"]
            table = [t.split(" | ") for t in text if " | " in t]
            bullets = [t for t in text if " | " not in t]
            slides.append({"title": title, "bullets": bullets, **({"table": table} if table else {}),
                           "notes": "Notes de l'orateur." if i % 4 == 0 else ""})
        (folder / f"dossier-{i:03d}-{style}.pptx").write_bytes(build_deck({"style": style, "slides": slides}))
        counts[style] = counts.get(style, 0) + 1
    good = (folder / "dossier-000-title.pptx").read_bytes()
    bad = [good[: len(good) // 2], b"pas une presentation", b"", b"%PDF-1.4 broken", b"PK\x03\x04", good[:100]]
    for j in range(broken):
        (folder / f"casse-{j}.pptx").write_bytes(bad[j % len(bad)])
    counts["broken"] = broken
    return counts


def _pptx_text(path: Path) -> int:
    """Open a deck with python-pptx alone and read all its text; returns the number of characters."""
    from pptx import Presentation

    def shape_text(shape) -> int:
        n = 0
        if hasattr(shape, "shapes"):
            for s in shape.shapes:
                n += shape_text(s)
        if getattr(shape, "has_table", False) and shape.has_table:
            n += sum(len(c.text) for row in shape.table.rows for c in row.cells)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            n += len(shape.text_frame.text)
        return n

    prs = Presentation(str(path))
    total = 0
    for slide in prs.slides:
        total += sum(shape_text(s) for s in slide.shapes)
        if slide.has_notes_slide:
            total += len(slide.notes_slide.notes_text_frame.text)
    return total


def run(n: int = 200, workers: int | None = None) -> dict:
    """Generate the inbox, time python-pptx alone, the review one by one and as an inbox."""
    from assistant import Assistant
    from assistant.config import get_settings
    from assistant.errors import AssistantError

    with tempfile.TemporaryDirectory(prefix="ami-bench-review-") as tmp:
        os.environ["AMI_HOME"] = str(Path(tmp) / "home")
        get_settings.cache_clear()
        folder = Path(tmp) / "inbox"
        folder.mkdir()
        counts = make_inbox(folder, n=n)
        files = sorted(folder.iterdir())
        readable = [p for p in files if not p.name.startswith("casse-")]

        t0 = time.perf_counter()
        a = Assistant(as_of=date(2024, 3, 1))
        a.review_dossier(readable[0])  # loads the call, the territory and the model, once
        a.review_dossier(readable[1])
        warmup = time.perf_counter() - t0

        # Paired: each file is read by python-pptx alone, then reviewed, so that both face the same machine load.
        t_pptx = t_seq = 0.0
        for p in files:
            if p in readable:
                t0 = time.perf_counter()
                _pptx_text(p)
                t_pptx += time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                a.review_dossier(p)
            except AssistantError:  # broken files are expected here
                pass
            t_seq += time.perf_counter() - t0

        from assistant.dossier.inbox import default_workers

        workers = workers or default_workers()
        t0 = time.perf_counter()
        rows = a.review_dossiers(folder, workers=workers)
        t_inbox = time.perf_counter() - t0
        t0 = time.perf_counter()
        a.review_dossiers(folder, workers=2)
        t_two = time.perf_counter() - t0

    meaning = sum(1 for r in rows for s in r.sections for w in s.why if "sens proche" in w)
    return {
        "files": len(files), "readable": len(readable), "counts": counts, "warmup_s": warmup,
        "pptx_s": t_pptx, "pptx_rate": len(readable) / t_pptx,
        "seq_s": t_seq, "seq_rate": len(files) / t_seq,
        "inbox_s": t_inbox, "inbox_rate": len(files) / t_inbox, "two_s": t_two, "two_rate": len(files) / t_two,
        "complete": sum(r.complete for r in rows), "errors": sum(1 for r in rows if r.error),
        "meaning_hits": meaning, "workers": workers,
    }


def _workers(n: int) -> str:
    return "read in this process" if n <= 1 else f"files read in {n} worker processes"


def render(r: dict) -> str:
    """The "Dossier review" section of docs/benchmarks.md."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    styles = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
    return f"""{START}
## Dossier review

Measured on {now} with `python -m evals.bench_review`, on {os.cpu_count()} CPU ({platform.machine()}, Python
{platform.python_version()}), the bundled all-MiniLM-L6-v2 model. Inbox of {r['files']} generated files ({styles}):
French, English and meaning-only headings, some parts missing, late starts, placeholder text.

| what | value |
|---|---|
| python-pptx alone: open every readable deck and read all its text ({r['readable']} decks; timed file by file, alternating with the review) | {r['pptx_s']:.1f} s, {r['pptx_rate']:.1f} decks/s |
| review, one dossier after another (`Assistant.review_dossier`, all {r['files']} files) | {r['seq_s']:.1f} s, {r['seq_rate']:.1f} dossiers/s ({100 * r['seq_rate'] / r['pptx_rate']:.0f} % of the limit) |
| review as an inbox, default (`Assistant.review_dossiers`, {_workers(r['workers'])}) | {r['inbox_s']:.1f} s, {r['inbox_rate']:.1f} dossiers/s ({100 * r['inbox_rate'] / r['pptx_rate']:.0f} % of the limit) |
| review as an inbox, files read in 2 worker processes (`workers=2`) | {r['two_s']:.1f} s, {r['two_rate']:.1f} dossiers/s ({100 * r['two_rate'] / r['pptx_rate']:.0f} % of the limit) |
| one-time load before the clock (call, territory, model) | {r['warmup_s']:.1f} s |
| rows: complete / with a read error / parts found by meaning | {r['complete']} / {r['errors']} / {r['meaning_hits']} |

Load average at the end of the run: {os.getloadavg()[0]:.1f} (a shared machine: absolute rates vary from run to
run; the ratio to python-pptx, timed file by file in the same loop, is the figure to compare).
Target: at least 50 % of the python-pptx rate. Re-run: `python -m evals.bench_review` rewrites this section.
{END}
"""


def write_section(text: str, doc: Path = DOC) -> None:
    """Replace the section between the markers in docs/benchmarks.md (or append it)."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = re.sub(re.escape(START) + r".*?" + re.escape(END) + r"\n?", lambda _m: text, old, flags=re.S)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    doc.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the review benchmark and write its section of docs/benchmarks.md."""
    p = argparse.ArgumentParser(prog="python -m evals.bench_review", description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=200, help="number of files in the inbox (default 200)")
    p.add_argument("--workers", type=int, help="reading processes of the inbox review (default: as the library)")
    p.add_argument("--out", type=Path, default=DOC)
    args = p.parse_args(argv)
    r = run(args.n, args.workers)
    text = render(r)
    write_section(text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
