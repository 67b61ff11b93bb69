"""The parts a call asks for in a dossier, as data (`corpus/<call-id>/dossier.yaml`), and the clauses each part answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..calls.spec import CallSpec
from ..errors import CorpusError
from ..textnorm import fold
from ..types import Citation

PROMPT = "[À compléter : {}]"
CHECK = "[À vérifier : {}]"
GUIDANCE = "Consigne : "  # opens each guidance line of a drafted Word dossier; the review leaves these lines out
SECTION_ORDER = ["structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar",
                 "budget", "annexes"]


# =========================================================================== the dossier's parts, as data

@dataclass
class Part:
    """One part of the dossier: a drafted slide and, when it has a `section`, a part the review looks for."""

    id: str
    title: str
    section: str | None = None
    required: bool = False
    rule: str | None = None
    quotes: list[int] | None = None
    extra_rules: list[str] = field(default_factory=list)
    extra_quotes: list[int] | None = None
    contents_quote: int | None = None
    headings: list[str] = field(default_factory=list)
    content_patterns: list[re.Pattern] = field(default_factory=list)
    content_min: int = 0
    facts: list[str] = field(default_factory=list)
    tip: str = ""
    description: str = ""  # what the call expects in this part, in its words (guidance of the drafted dossier)
    examples: list[str] = field(default_factory=list)  # short phrases (French, English) meaning this part


@dataclass
class DossierPlan:
    """The parts of one call's dossier and the few lists that go with them (from dossier.yaml)."""

    parts: list[Part]
    call_rules: dict[str, str]
    layouts: dict[str, list[str]]
    themes: dict[str, list[str]]
    theme_quotes: dict[str, int]
    annexes_items: list[str]
    formats: list[str] = field(default_factory=lambda: ["pptx", "docx", "pdf"])
    non_part_examples: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    problem_labels: dict[str, str] = field(default_factory=dict)
    structure_labels: list[str] = field(default_factory=list)
    key: str = ""
    formats_given: bool = False  # dossier.yaml lists the formats the review accepts (else the call's format constraint)

    def accepted(self, spec: CallSpec) -> list[str]:
        """The formats a dossier may be sent in: dossier.yaml's list, else the call's format constraint, else any."""
        if not self.formats_given:
            c = next((c for c in spec.effective_constraints() if c.kind == "format" and c.allowed), None)
            if c is not None:
                return [str(x).lower().lstrip(".") for x in c.allowed]
        return self.formats

    def skeleton_format(self, spec: CallSpec) -> str:
        """The format of the drafted dossier: "docx" when the call asks for Word or PDF and not PowerPoint, else "pptx"."""
        c = next((c for c in spec.effective_constraints() if c.kind == "format" and c.allowed), None)
        allowed = [str(x).lower().lstrip(".") for x in c.allowed] if c is not None else (self.formats if self.formats_given else [])
        if allowed and "pptx" not in allowed and ("docx" in allowed or "pdf" in allowed):
            return "docx"
        return "pptx"

    def part(self, part_id: str) -> Part:
        """The part with this id (KeyError otherwise)."""
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)


_PLANS: dict[str, DossierPlan] = {}


def load_plan(spec: CallSpec) -> DossierPlan:
    """The call's dossier parts (`dossier.yaml` next to call.yaml); CorpusError when missing or malformed."""
    key = str(spec.folder.resolve()) + "|" + spec.id
    if key in _PLANS:
        return _PLANS[key]
    raw = spec.load_extra("dossier.yaml")
    if not raw and (spec.path("dossier.yaml").exists() or not _contents_rule(spec)):
        raise CorpusError(f"{spec.id} : dossier.yaml absent ou sans « parts » ; impossible de rédiger ou relire un dossier.")
    if not raw:  # a call drafted from a document that lists no dossier parts: its own clause on the dossier
        raw = _plan_from_clause(spec)
    if not raw.get("parts"):
        raise CorpusError(f"{spec.id} : dossier.yaml absent ou sans « parts » ; impossible de rédiger ou relire un dossier.")
    parts: list[Part] = []
    try:
        for p in raw["parts"]:
            content = p.get("content") or {}
            parts.append(Part(
                id=p["id"], title=p["title"], section=p.get("section"), required=bool(p.get("required", False)),
                rule=p.get("rule"), quotes=p.get("quotes"), extra_rules=list(p.get("extra_rules", [])),
                extra_quotes=p.get("extra_quotes"), contents_quote=p.get("contents_quote"),
                headings=[norm(h) for h in p.get("headings", [])],
                content_patterns=[re.compile(x) for x in content.get("patterns", [])],
                content_min=int(content.get("min", 0)), facts=list(p.get("facts", [])), tip=p.get("tip", ""),
                description=str(p.get("description") or ""),
                examples=[str(x) for x in p.get("examples", [])],
            ))
    except (KeyError, TypeError, re.error) as exc:
        raise CorpusError(f"{spec.id} : dossier.yaml mal formé ({exc}).") from exc
    for p in parts:
        for rid in [p.rule, *p.extra_rules]:
            if rid:
                spec.rule(rid)  # KeyError naming an unknown rule: a data error worth failing loudly on
    plan = DossierPlan(
        parts=parts,
        call_rules=dict(raw.get("call_rules", {})),
        layouts={k: [norm(x) for x in v] for k, v in (raw.get("layouts") or {}).items()},
        themes={k: [norm(x) for x in v] for k, v in (raw.get("themes") or {}).items()},
        theme_quotes=dict(raw.get("theme_quotes", {})),
        annexes_items=list(raw.get("annexes_items", [])),
        formats=[str(x).lower().lstrip(".") for x in raw.get("formats", ["pptx", "docx", "pdf"])],
        non_part_examples=[str(x) for x in raw.get("non_part_examples", [])],
        placeholders=[norm(x) for x in raw.get("placeholders", [])],
        problem_labels={str(k): str(v) for k, v in (raw.get("problem_labels") or {}).items()},
        structure_labels=[norm(x) for x in raw.get("structure_labels", [])],
        key=key,
        formats_given="formats" in raw,
    )
    _PLANS[key] = plan
    return plan


def _contents_rule(spec: CallSpec) -> str | None:
    """The rule stating what the dossier holds, when the call has one."""
    ids = {r.id for r in spec.rules}
    return next((r for r in ("dossier_contents", "dossier", "submission") if r in ids), None)


def _plan_from_clause(spec: CallSpec) -> dict:
    """The plan of a call without dossier.yaml: the applicant's usual answers (structure, project, calendar, budget),
    each part pointing at the call's own clause on the dossier. No part is looked for by the review (no `section`):
    the call lists none; its facts are still checked against its constraints."""
    from .wording import CLAUSE_PARTS

    rule = _contents_rule(spec)
    parts = [{"id": "cover", "title": CLAUSE_PARTS["cover"], "rule": rule}]
    parts += [{"id": pid, "title": title, "rule": rule} for pid, title in CLAUSE_PARTS["parts"]]
    return {"call_rules": {"contents": rule}, "parts": parts}


def part_citations(part: Part, spec: CallSpec) -> list[Citation]:
    """The verbatim clauses of the call a part answers (its rule's quotes, then the extra ones)."""
    out: list[Citation] = []
    if part.rule:
        cites = spec.rule_citations(part.rule)
        out.extend(cites if part.quotes is None else [cites[i] for i in part.quotes if i < len(cites)])
    for rid in part.extra_rules:
        cites = spec.rule_citations(rid)
        out.extend(cites if part.extra_quotes is None else [cites[i] for i in part.extra_quotes if i < len(cites)])
    seen: set[str] = set()
    return [c for c in out if not (c.quote in seen or seen.add(c.quote))]



def norm(text: str) -> str:
    """Folded, dashes and curly apostrophes made plain, spaces collapsed."""
    t = fold(text).replace("–", "-").replace("—", "-").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", t).strip()

