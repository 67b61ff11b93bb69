"""Reviewing one dossier against the call: parts present and filled, facts checked by the call's rules, one verdict.

`review_dossier(dossier, spec, territory, as_of, ...)` reads the dossier (`read.py`), finds the parts (`match.py`),
checks that each required part is filled (no skeleton prompt, no placeholder text, not empty), reads the facts
through `facts_bridge.read_facts` and runs the eligibility rules on them. The verdict follows the facts: complete
only when every required part is present and filled and no problem is an error; the headline names the blocking
points. Locations are in `slides` (slide, page or section numbers), never repeated inside messages.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..calls.spec import CallSpec
from ..errors import AssistantError
from ..types import CallStatus, DossierReview, Problem, Profile, SectionPresence
from .facts_bridge import DossierFacts, read_facts
from .match import Found, find_parts
from .plan import PROMPT, SECTION_ORDER, DossierPlan, Part, load_plan, norm, part_citations
from .read import Deadline, ReadDossier, ReviewLimits, read_dossier
from .wording import ADD_PART, DEFAULT_LABELS, PLACEHOLDERS, UNIT_WORDS, msg, plural

log = logging.getLogger(__name__)

_PROMPT_MARK = PROMPT.split("{")[0].strip()  # "[À compléter :"
_ALNUM = re.compile(r"[^\W_]")
_PLACEHOLDER_RES: dict[str, re.Pattern] = {}


def _placeholder_re(plan: DossierPlan) -> re.Pattern:
    if plan.key not in _PLACEHOLDER_RES:
        words = sorted({norm(w) for w in [*PLACEHOLDERS, *plan.placeholders] if w.strip()}, key=len, reverse=True)
        _PLACEHOLDER_RES[plan.key] = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z0-9])")
    return _PLACEHOLDER_RES[plan.key]


def review_dossier(dossier: Any, spec: CallSpec, territory: Any, as_of: date, *, name: str | None = None,
                   embeddings: Any | None = None, submitted: date | None = None,
                   limits: ReviewLimits | None = None) -> DossierReview:
    """Review a dossier (.pptx, .docx or .pdf; path, bytes or uploaded file) against the call's requirements.

    Raises LoaderError (naming the file) when the file cannot be read; a format the call does not accept is a
    problem of the review, not an error. `submitted` is the date the dossier was sent: the call's status is given
    on that date.
    """
    limits = limits or ReviewLimits()
    deadline = Deadline(limits.seconds)
    plan = load_plan(spec)
    doc = dossier if isinstance(dossier, ReadDossier) else read_dossier(dossier, name=name, limits=limits)
    problems: list[Problem] = []
    if doc.format not in plan.accepted(spec):
        problems.append(Problem(id="format", severity="error",
                                message=msg("format", ext=doc.format, accepted=", ".join("." + f for f in plan.accepted(spec))),
                                citations=[] if plan.formats_given else _format_citations(spec)))
    if not doc.readable:
        return _finish(doc, plan, spec, [], problems, DossierFacts(), None, submitted)
    strip = [x for x in (norm(spec.title), norm(spec.short_title)) if x]
    found = find_parts(doc, plan, strip, embeddings=embeddings, deadline=deadline)
    sections, problems_parts = _sections(doc, plan, spec, found)
    problems.extend(problems_parts)
    parts_units = {pid: found.units(pid) for pid in found.hits}
    facts = DossierFacts()
    elig = None
    if not deadline.expired:
        facts = read_facts(doc.units, spec, territory, plan, parts_units, doc.doc_title)
        elig = _eligibility(facts, spec, territory, submitted or as_of, problems, doc, plan)
    _not_read(doc, deadline, limits, problems)
    return _finish(doc, plan, spec, sections, problems, facts, elig, submitted)


# --------------------------------------------------------------------------- parts present and filled

def _sections(doc: ReadDossier, plan: DossierPlan, spec: CallSpec, found: Found) -> tuple[list[SectionPresence], list[Problem]]:
    by_section: dict[str, list[int]] = {}
    why: dict[str, list[str]] = {}
    for p in plan.parts:
        if p.section:
            by_section[p.section] = sorted(set(by_section.get(p.section, [])) | set(found.units(p.id)))
            for h in found.hits.get(p.id, []):
                why.setdefault(p.section, []).append(f"{_unit_word(doc, [h.unit])} {h.unit} : {h.why}")
    units = {u.n: u for u in doc.units}
    problems: list[Problem] = []
    filled: dict[str, bool] = {}
    for p in plan.parts:
        if not p.section or not by_section.get(p.section) or p.section in filled:
            continue
        state, sample, where = _fill_state(p, found, units, plan, by_section[p.section])
        filled[p.section] = state == "ok"
        if state != "ok":
            key = {"prompt": "unfilled_prompt", "placeholder": "unfilled_placeholder", "empty": "unfilled_empty"}[state]
            problems.append(Problem(id="unfilled", severity="error" if p.required or state == "prompt" else "warning", slides=where,
                                    message=msg(key, title=p.title, sample=sample[:60]), citations=part_citations(p, spec)))
    order = [s for s in SECTION_ORDER if s in by_section] + [s for s in by_section if s not in SECTION_ORDER]
    sections = [SectionPresence(id=s, present=bool(by_section[s]), filled=filled.get(s, False), slides=by_section[s],
                                why=why.get(s, [])) for s in order]
    problems.extend(_missing(plan, spec, by_section, doc.format))
    return sections, problems


def _fill_state(part: Part, found: Found, units: dict, plan: DossierPlan, unit_ns: list[int]) -> tuple[str, str, list[int]]:
    """ok | prompt | placeholder | empty, a sample of the offending text, and where."""
    hits = [h for p in plan.parts if p.section == part.section for h in found.hits.get(p.id, [])]
    texts: list[tuple[int, str]] = []
    for h in hits:
        u = units.get(h.unit)
        if u is None:
            continue
        idx = range(len(u.lines)) if h.lines is None else h.lines
        texts.extend((u.n, u.lines[j]) for j in idx if j < len(u.lines))
        if h.how == "heading" and _PROMPT_MARK in u.title:
            texts.append((u.n, u.title))
    for n, line in texts:
        if _PROMPT_MARK in line:
            return "prompt", line[line.index(_PROMPT_MARK):], sorted({m for m, x in texts if _PROMPT_MARK in x})
    rx = _placeholder_re(plan)
    for n, line in texts:
        m = rx.search(norm(line[:2000]))
        if m:
            return "placeholder", line.strip(), [n]
    content = 0
    headings = set(part.headings)
    notes = [(h.unit, x) for h in hits if h.how == "heading" and h.unit in units for x in units[h.unit].notes]
    for _, line in texts + notes:  # notes count as content (a deck is read whole), never as prompts
        value = line.split(":", 1)[1] if ":" in line and norm(line.split(":", 1)[0]) in headings else line
        if norm(value).strip(" .:-") in headings:
            continue
        content += len(_ALNUM.findall(value[:200]))
        if content >= 4:
            return "ok", "", []
    return "empty", "", unit_ns


def _missing(plan: DossierPlan, spec: CallSpec, by_section: dict[str, list[int]], fmt: str) -> list[Problem]:
    contents_rule = plan.call_rules.get("contents")
    contents_cites = spec.rule_citations(contents_rule) if contents_rule else []
    out: list[Problem] = []
    seen: set[str] = set()
    for p in plan.parts:
        if not p.section or by_section.get(p.section) or p.section in seen:
            continue
        seen.add(p.section)
        if p.required:
            cites = [contents_cites[p.contents_quote]] if p.contents_quote is not None and p.contents_quote < len(contents_cites) else contents_cites[:1]
            if contents_cites and contents_cites[0] not in cites:
                cites = [contents_cites[0], *cites]
            out.append(Problem(id="sections", severity="error", citations=cites, message=msg("missing_required", title=p.title,
                                                                                          add=ADD_PART.get(fmt, "une partie"))))
        else:
            out.append(Problem(id=p.id, severity="warning", citations=part_citations(p, spec),
                               message=msg("missing_optional", title=p.title)))
    return out


# --------------------------------------------------------------------------- facts and rules

# Where each kind of constraint reads its fact in the dossier (the units shown with its problem).
_FACT_WHERE = {"territory": ["communes"], "start": ["start"], "duration": ["duration_months"],
               "amount": ["requested_eur"], "envelope": ["requested_eur"],
               "funding_rate": ["funding_rate_percent", "requested_eur", "total_cost_eur"], "theme": ["theme"],
               "applicant": ["structure"], "format": [], "participants": [], "residents": [],
               "own_funds": ["total_cost_eur"]}
_THEME_TEXT = 6000  # characters of the dossier read for its theme when no part names it


def _eligibility(f: DossierFacts, spec: CallSpec, territory: Any, on: date, problems: list[Problem],
                 doc: ReadDossier, plan: DossierPlan):
    """Every constraint of the call evaluated over the dossier's facts (constraints.evaluate), as problems.

    A failed constraint is an error (a warning when the call does not make it blocking), with the call's quote; a
    constraint whose fact the dossier does not state is a warning. How and when the dossier is sent (deadline,
    channel) is the call's status, not a problem of the file; its format is checked on opening (`review_dossier`).
    """
    from ..eligibility import check_profile
    from ..types import Budget, Project, Structure

    words = "\n".join(u.title + "\n" + u.body for u in doc.units)
    summary = words[:_THEME_TEXT] if f.theme is None else None  # the theme read by the one extractor over its own words
    profile = Profile(
        structure=Structure(name=f.structure_name, type=f.structure_type),
        project=Project(title=f.project_title, summary=summary, theme=f.theme, communes=f.communes, start_date=f.start,
                        duration_months=f.duration_months, indicators=[words[:20000]]),  # the people served, their places
        budget=Budget(requested_eur=f.requested_eur, total_cost_eur=f.total_cost_eur,
                      funding_rate_percent=f.funding_rate_percent),
    )
    try:
        elig = check_profile(profile, spec, territory, on)
        criteria = list(elig.criteria)
    except AssistantError as exc:  # facts the rules refuse (e.g. an absurd year): reported, not raised
        log.warning("eligibility not checked: %s", exc)
        return None
    for c in criteria:
        kind = getattr(c, "kind", "") or c.id
        if kind not in _FACT_WHERE or c.status == "pass":
            continue
        if c.status == "unknown" and not _bounded(spec.constraint(c.id)):
            continue  # nothing to check the missing fact against: silence is no problem
        slides = sorted({n for key in _FACT_WHERE[kind] for n in f.where.get(key, [])})
        severity = "error" if c.status == "fail" else "warning"
        problems.append(Problem(id=c.id, severity=severity, message=c.explanation, citations=c.citations, slides=slides))
    return elig


def _bounded(c: Any) -> bool:
    """Whether the call sets a limit per project the dossier's fact must meet (else an unstated fact is no problem;
    an envelope shared by all projects is no limit of one dossier)."""
    if c is None:
        return False
    return any(getattr(c, k) not in (None, []) for k in ("earliest", "latest", "min_months", "max_months", "min_eur", "max_eur",
                                                        "max_percent", "allowed", "excluded"))


def _format_citations(spec: CallSpec) -> list:
    """The call's clause on the formats it accepts."""
    c = next((c for c in spec.effective_constraints() if c.kind == "format"), None)
    return spec.constraint_citations(c) if c is not None else []


def _not_read(doc: ReadDossier, deadline: Deadline, limits: ReviewLimits, problems: list[Problem]) -> None:
    if doc.truncated or doc.skipped:
        ns = sorted(set(doc.truncated) | set(doc.skipped))
        what = f"la fin de {_unit_word(doc, ns)} {_ranges(ns)}"
        problems.append(Problem(id="not_read", severity="warning", slides=ns,
                                message=msg("not_read_caps", what=what, limit=f"{limits.max_unit_chars:,}".replace(",", " "))))
    if deadline.expired:
        problems.append(Problem(id="not_read", severity="error",
                                message=msg("not_read_time", seconds=int(limits.seconds), what="le reste du dossier")))


# --------------------------------------------------------------------------- verdict and headline

def _label(plan: DossierPlan, spec: CallSpec, p: Problem, titles: dict[str, str]) -> str:
    if p.id == "sections":
        m = re.search(r"« (.+?) »", p.message)
        return msg("label_missing", title=m.group(1) if m else "partie")
    if p.id == "unfilled":
        m = re.search(r"« (.+?) »", p.message)
        return msg("label_unfilled", title=m.group(1) if m else "partie")
    if p.id == "format":
        return msg("label_format")
    if p.id == "not_read":
        return msg("label_not_read")
    if p.id in plan.problem_labels or p.id in DEFAULT_LABELS or p.id in titles:
        return plan.problem_labels.get(p.id) or DEFAULT_LABELS.get(p.id) or titles[p.id]
    from ..constraints import constraint_label

    c = spec.constraint(p.id)  # a constraint of the call: its own label, else the catalogue's name of its kind
    return constraint_label(c, "fr").lower() if c is not None else p.id


def _finish(doc: ReadDossier, plan: DossierPlan, spec: CallSpec, sections: list[SectionPresence],
            problems: list[Problem], f: DossierFacts, elig, submitted: date | None) -> DossierReview:
    required = {p.section for p in plan.parts if p.required and p.section}
    state = {s.id: s for s in sections}
    parts_ok = all(s in state and state[s].present and state[s].filled for s in required)
    blocking = [p for p in problems if p.severity == "error"]
    complete = parts_ok and not blocking and doc.readable
    titles = {p.id: p.title for p in plan.parts}
    labels: list[str] = []
    for p in blocking:
        lab = _label(plan, spec, p, titles)
        if lab not in labels:
            labels.append(lab)
    warnings = [p for p in problems if p.severity == "warning"]
    if complete:
        headline = msg("headline_ok_warnings", n=len(warnings), s=plural(len(warnings))) if warnings else msg("headline_ok")
    else:
        headline = msg("headline_blocking", n=len(labels), s=plural(len(labels)), labels=", ".join(labels))
    call_status = None
    if elig is not None and submitted is not None:
        call_status = elig.call_status
    elif submitted is not None:
        call_status = CallStatus(open=submitted <= spec.dates.deadline, deadline=spec.dates.deadline, as_of=submitted)
    review = DossierReview(
        complete=complete, sections=sections, problems=problems, slide_count=len(doc.units),
        file=doc.name, format=doc.format, headline=headline, blocking=labels,
        structure=f.structure_name, structure_type=f.structure_type, project_title=f.project_title,
        communes=f.communes, start=f.start, duration_months=f.duration_months, requested_eur=f.requested_eur,
        theme=f.theme, eligibility=elig.verdict if elig is not None else None, call_status=call_status,
        submitted=submitted, unit=UNIT_WORDS.get(doc.format, ("section", "sections"))[0],
        facts={
            "communes": f.communes, "start": f.start.isoformat() if f.start else None,
            "duration_months": f.duration_months, "requested_eur": f.requested_eur, "theme": f.theme,
            "structure": f.structure_name, "structure_type": f.structure_type, "project_title": f.project_title,
            "slides": {"communes": f.where.get("communes", []), "start": f.where.get("start", []),
                       "duration_months": f.where.get("duration_months", []),
                       "requested_eur": f.where.get("requested_eur", []), "theme": f.where.get("theme", []),
                       "structure": f.where.get("structure", [])},
            "communes_slides": f.communes_where,
        },
    )
    log.info("reviewed %s: %d units, complete=%s, %d problems", doc.name, len(doc.units), complete, len(problems))
    return review


def error_review(name: str, error: str, submitted: date | None = None) -> DossierReview:
    """The review row of a file that could not be read: its name and the error, nothing else."""
    return DossierReview(complete=False, sections=[], problems=[], file=Path(name).name, error=error,
                         headline=msg("headline_error", error=error), submitted=submitted,
                         format=Path(name).suffix.lower().lstrip("."))


def _unit_word(doc: ReadDossier, ns: list[int]) -> str:
    one, many = UNIT_WORDS.get(doc.format, ("section", "sections"))
    return many if len(ns) > 1 else one


def _ranges(ns: list[int]) -> str:
    out, i = [], 0
    while i < len(ns):
        j = i
        while j + 1 < len(ns) and ns[j + 1] == ns[j] + 1:
            j += 1
        out.append(str(ns[i]) if i == j else f"{ns[i]} à {ns[j]}")
        i = j + 1
    return ", ".join(out)

