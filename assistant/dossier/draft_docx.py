"""Drafting the applicant's dossier as a Word document (.docx) when the call asks for Word (or PDF) and not PowerPoint.

One "Heading 1" per part of the call's `dossier.yaml` (the cover part is the document's title), each followed by
the call's guidance for it (its description or tip, the clauses it answers, verbatim) and the applicant's answers
from the Profile; whatever the profile does not say shows as a visible "[À compléter : ...]" prompt, never as
invented content. The call's annexes are listed; its payment tranches ("Calendrier et versements") and weighted
selection criteria are given as guidance when the call states them, and nothing is said when it is silent.

Guidance lines open with `GUIDANCE` ("Consigne : "): the review (`read.py`) leaves them out of the dossier's facts,
as it leaves out a deck's notes, so the call's own figures are never read as the project's.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any, Callable

from ..calls.sections import SelectionCriterion, Tranche
from ..calls.spec import CallSpec
from ..errors import InputError, LoaderError
from ..types import Profile
from .draft_pptx import _as_profile, _num, fmt_eur, fmt_month
from .plan import GUIDANCE, PROMPT, DossierPlan, Part, load_plan, norm, part_citations
from .wording import BLOCK_WORDS, DOCX

log = logging.getLogger(__name__)

_GREY = (0x59, 0x59, 0x59)
_PROMPT_RED = (0xC0, 0x39, 0x2B)


def draft_docx(profile: Profile | dict, spec: CallSpec, template: Path | None = None) -> bytes:
    """The applicant's dossier as .docx bytes: the call's parts as headings, guidance, answers and prompts.

    With `template` (a .docx, ideally the call's own form), its styles are used and its content is kept before the
    drafted parts; without one, python-docx's default template.
    """
    from docx import Document

    prof = _as_profile(profile)
    plan = load_plan(spec)
    if template is not None:
        if not Path(template).is_file():
            raise LoaderError(f"Modèle introuvable : {Path(template).name}")
        try:
            doc = Document(str(template))
        except Exception as exc:  # python-docx raises several types on a file that is not a Word document
            raise LoaderError(f"{Path(template).name} : modèle Word illisible ({type(exc).__name__}).") from exc
        missing = [name for name in ("Title", "Heading 1", "List Bullet") if not _has_style(doc, name)]
        if missing:
            raise InputError(f"{Path(template).name} : le modèle Word n'a pas les styles {', '.join(missing)} ; "
                             "utilisez un modèle qui les garde (ceux de Word par défaut).")
    else:
        doc = Document()
    w = _Writer(doc)
    parts = [p for p in plan.parts if p.id != "cover"]
    if not parts:
        raise InputError(f"{spec.id} : dossier.yaml ne nomme aucune partie à rédiger.")
    claims = _claims(parts)
    main = next((p for p in parts if not claims[p.id]), parts[0])
    placed = {b for bs in claims.values() for b in bs}
    claims[main.id] = claims[main.id] + [b for b in _BLOCKS if b not in placed]
    _cover(w, prof, spec)
    for part in parts:
        doc.add_heading(part.title, level=1)
        _guidance(w, part, spec)
        blocks = sorted(claims[part.id], key=_BLOCKS.index)
        for b in blocks:
            _RENDER[b](w, prof, spec, plan)
        if part is main:
            _criteria(w, spec)
        if not blocks:
            w.prompt(part.title.lower())
    buf = io.BytesIO()
    doc.save(buf)
    log.info("drafted Word dossier: %d parts", len(parts))
    return buf.getvalue()


def _has_style(doc, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


# --------------------------------------------------------------------------- which part holds which answers

_BLOCKS = ["structure", "motivation", "theme", "territory", "objectives", "implementation", "partners", "indicators",
           "innovation", "calendar", "payments", "budget", "annexes"]


def _claims(parts: list[Part]) -> dict[str, list[str]]:
    """The blocks of answers each part holds: by its id or section, else by the words of its title."""
    out: dict[str, list[str]] = {p.id: [] for p in parts}
    taken: set[str] = set()
    for how in ("id", "title"):
        for p in parts:
            for b in _BLOCKS:
                if b in taken:
                    continue
                if how == "id" and b in (p.id, p.section):
                    out[p.id].append(b)
                    taken.add(b)
                elif how == "title" and any(re.search(r"\b" + re.escape(x), norm(p.title)) for x in BLOCK_WORDS.get(b, [])):
                    out[p.id].append(b)
                    taken.add(b)
    # the payments go with the calendar, else the budget; the partners with the implementation
    for b, hosts in (("payments", ("calendar", "budget")), ("partners", ("implementation",))):
        if b not in taken:
            host = next((pid for h in hosts for pid, bs in out.items() if h in bs), None)
            if host:
                out[host].append(b)
    return out


# --------------------------------------------------------------------------- writing

class _Writer:
    """The document being written: labelled lines, bullets, prompts, guidance, tables."""

    def __init__(self, doc) -> None:
        self.doc = doc

    def _run(self, par, text: str, *, bold: bool = False, italic: bool = False, color: tuple | None = None):
        from docx.shared import RGBColor

        r = par.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if color:
            r.font.color.rgb = RGBColor(*color)
        return r

    def line(self, label: str, value: Any, missing: str) -> None:
        """"Label : value", or "Label : [À compléter : missing]"."""
        par = self.doc.add_paragraph()
        if label:
            self._run(par, f"{label} : ", bold=True)
        if value is None or (isinstance(value, str) and not value.strip()):
            self._run(par, PROMPT.format(missing), color=_PROMPT_RED)
        else:
            self._run(par, str(value).strip())

    def bullets(self, label: str, values: list[str], missing: str) -> None:
        """A labelled list, or a prompt."""
        vals = [v.strip() for v in values if v and v.strip()]
        if not vals:
            self.line(label, None, missing)
            return
        if label:
            self._run(self.doc.add_paragraph(), label, bold=True)
        for v in vals:
            self.doc.add_paragraph(v, style="List Bullet")

    def prompt(self, missing: str) -> None:
        """A paragraph holding only a prompt."""
        self._run(self.doc.add_paragraph(), PROMPT.format(missing), color=_PROMPT_RED)

    def guidance(self, text: str) -> None:
        """A guidance line of the call (italic, grey), left out of the facts by the review."""
        self._run(self.doc.add_paragraph(), GUIDANCE + text, italic=True, color=_GREY)

    def table(self, rows: list[list[str]]) -> None:
        """A table with a bold header row."""
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        try:
            t.style = "Table Grid"
        except (KeyError, ValueError):  # a template without that style keeps its default
            pass
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                c = t.cell(i, j)
                c.text = ""
                self._run(c.paragraphs[0], cell, bold=i == 0, color=_PROMPT_RED if cell.startswith("[") else None)


def _guidance(w: _Writer, part: Part, spec: CallSpec) -> None:
    tip = part.description or part.tip
    if tip:
        w.guidance(tip)
    said = norm(tip)
    for c in part_citations(part, spec):
        if norm(c.quote).rstrip(" ;.,:") not in said:  # a tip quoting the clause already says it
            w.guidance(DOCX["asks"].format(quote=c.quote, where=c.locator))


def _cover(w: _Writer, prof: Profile, spec: CallSpec) -> None:
    title = prof.project.title
    par = w.doc.add_heading(level=0)
    w._run(par, title or PROMPT.format(DOCX["title_missing"]), color=None if title else _PROMPT_RED)
    w.line(DOCX["by"], prof.structure.name, DOCX["by_missing"])
    w.doc.add_paragraph(DOCX["applying"].format(call=spec.title))


# --------------------------------------------------------------------------- one renderer per block of answers

def _structure(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    s = prof.structure
    for key, value in (("name", s.name), ("type", s.type), ("seat", s.commune), ("created", s.created),
                       ("activities", s.activities), ("governance", s.governance), ("members", s.members)):
        label, missing = DOCX["structure"][key]
        w.line(label, value, missing)


def _motivation(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.line(DOCX["motivation"][0], prof.structure.motivation, DOCX["motivation"][1])


def _theme(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    w.line(DOCX["theme"][0], p.theme, DOCX["theme"][1])
    w.line(DOCX["summary"][0], p.summary, DOCX["summary"][1])
    w.line(DOCX["publics"][0], ", ".join(x for x in p.publics if x), DOCX["publics"][1])


def _territory(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.line(DOCX["communes"][0], ", ".join(c for c in prof.project.communes if c), DOCX["communes"][1])
    if spec.territory.name:
        w.guidance(DOCX["territory"].format(name=spec.territory.name))


def _objectives(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.bullets(DOCX["objectives"][0], prof.project.objectives, DOCX["objectives"][1])


def _implementation(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.bullets(DOCX["actions"][0], prof.project.actions, DOCX["actions"][1])


def _partners(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.bullets(DOCX["partners"][0], prof.project.partners, DOCX["partners"][1])


def _indicators(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.bullets(DOCX["indicators"][0], prof.project.indicators, DOCX["indicators"][1])


def _innovation(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    w.line(DOCX["innovation"][0], prof.project.innovation, DOCX["innovation"][1])


def _calendar(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    start = p.start_date
    w.line(DOCX["start"][0], (fmt_month(start) if start.day == 1 else f"{start.day} {fmt_month(start)}") if start else None,
           DOCX["start"][1])
    w.line(DOCX["duration"][0], f"{_num(p.duration_months)} mois" if p.duration_months else None, DOCX["duration"][1])
    ms = [m for m in prof.milestones if m.label or m.start or m.end]
    rows = [list(DOCX["milestones_head"])]
    for m in ms:
        rows.append([m.label or PROMPT.format(DOCX["milestone_missing"]),
                     fmt_month(m.start) if m.start else PROMPT.format(DOCX["date_missing"]),
                     fmt_month(m.end) if m.end else (fmt_month(m.start) if m.start else PROMPT.format(DOCX["date_missing"]))])
    if not ms:
        rows.append([PROMPT.format(DOCX["milestones_missing"]), "", ""])
    w.table(rows)


def _payments(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    """The call's payment tranches, each with its share as written and its quotes; nothing when the call is silent."""
    if not spec.payments:
        return
    w.guidance(DOCX["payments"])
    for t in spec.payments:
        w.guidance(tranche_line(t))


def _criteria(w: _Writer, spec: CallSpec) -> None:
    """The call's selection criteria with their weights and quotes; nothing when the call is silent."""
    if not spec.selection_criteria:
        return
    w.guidance(DOCX["criteria_weighted" if any(c.weight is not None for c in spec.selection_criteria) else "criteria"])
    for c in spec.selection_criteria:
        w.guidance(criterion_line(c))


def tranche_line(t: Tranche) -> str:
    """"50 % : à la signature de la convention — « quote »" (the share as the call writes it)."""
    head = f"{t.share} : " if t.share else ""
    return f"{head}{t.trigger} — " + " ".join(f"« {q} »" for q in t.quotes)


def criterion_line(c: SelectionCriterion) -> str:
    """"Label (30 %) — « quote »", the weight only when the call gives one."""
    weight = "" if c.weight is None else f" ({_num(c.weight)} {c.unit})" if c.unit else f" ({_num(c.weight)})"
    return f"{c.label}{weight} — " + " ".join(f"« {q} »" for q in c.quotes)


def _budget(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    b = prof.budget
    lines = [ln for ln in b.lines if ln.label or ln.amount_eur]
    rows = [list(DOCX["budget_head"])]
    rows += [[ln.label or PROMPT.format(DOCX["line_missing"]), fmt_eur(ln.amount_eur)] for ln in lines]
    if not lines:
        rows.append([PROMPT.format(DOCX["lines_missing"]), ""])
    else:
        rows.append([DOCX["lines_total"], fmt_eur(sum(ln.amount_eur for ln in lines))])
    w.table(rows)
    w.line(DOCX["requested"][0], fmt_eur(b.requested_eur) if b.requested_eur is not None else None, DOCX["requested"][1])
    if b.total_cost_eur is not None:
        w.line(DOCX["total_cost"], fmt_eur(b.total_cost_eur), "")


def _annexes(w: _Writer, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    if plan.annexes_items:
        w._run(w.doc.add_paragraph(), DOCX["annexes"], bold=True)
        for x in plan.annexes_items:
            w.doc.add_paragraph(f"☐ {x}")


_RENDER: dict[str, Callable[[_Writer, Profile, CallSpec, DossierPlan], None]] = {
    "structure": _structure, "motivation": _motivation, "theme": _theme, "territory": _territory,
    "objectives": _objectives, "implementation": _implementation, "partners": _partners, "indicators": _indicators,
    "innovation": _innovation, "calendar": _calendar, "payments": _payments, "budget": _budget, "annexes": _annexes,
}
