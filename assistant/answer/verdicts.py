"""Verdicts for yes/no and can-we questions: the call's constraints that the question's facts touch, evaluated.

The first sentence states the verdict ("Oui", "Non", "Oui, à condition que…"), then each constraint with its
explanation and quotes; failed constraints first. The sentences come from the message catalogues.
"""

from __future__ import annotations

import re

from typing import Callable

from ..calls.spec import goes_on
from ..ages import stated_ages
from ..cofinancing import in_kind_as_own, other_sources, own_share
from ..participants import stated_count
from ..constraints import ICONS, CriterionResult
from ..seat import seated_abroad
from ..messages import msg
from ..types import Citation, Profile
from ..textnorm import fold

Ref = Callable[[Citation], int]


def touched(profile: Profile, results: list[CriterionResult], theme_signal: bool = False) -> list[CriterionResult]:
    """The evaluated constraints that the facts actually speak to (a constraint with no fact is 'unknown').

    The theme counts only when the text names one of the call's themes or an activity off its subject
    (`theme_signal`): a short question saying nothing of the project's content does not fail it.
    """
    p, b = profile, profile.budget
    present = {
        "applicant": bool(p.structure.type),
        "territory": bool(p.project.communes or p.structure.commune),
        "start": bool(p.project.start_date or p.milestones),
        "duration": p.project.duration_months is not None or bool(p.milestones),
        "amount": b.requested_eur is not None,
        "envelope": b.requested_eur is not None,
        "funding_rate": b.funding_rate_percent is not None or b.total_cost_eur is not None,
        "deadline": p.dossier.submission_date is not None,
        "format": bool(p.dossier.formats),
        "channel": bool(p.dossier.channels),
        "seniority": bool(p.structure.created),
        "seat": bool(p.structure.commune) or seated_abroad(p.project.summary or ""),
        "age": bool(stated_ages(" ".join([p.project.summary or "", *p.project.publics]))),
        "cofinancing": bool(b.total_cost_eur and other_sources(p.project.summary or "", b.total_cost_eur, b.requested_eur))
        or in_kind_as_own(p.project.summary or ""),
        "own_funds": own_share(p.project.summary or "", b.total_cost_eur, b.requested_eur, []) is not None or in_kind_as_own(
            p.project.summary or ""),
        "participants": stated_count(" ".join([p.project.summary or "", *p.project.publics])) is not None,
        "residents": True,  # unknown unless the applicant says where its participants live (participants.stated_residents)
    }
    out = []
    for r in results:
        kind = r.kind
        if kind == "applicant" and (r.status == "fail" or r.stated) and not present["applicant"]:
            # no type read, but the applicant says it is one the call excludes ("je suis assistante…"), or one it
            # carves out of an exclusion ("une ETTI conventionnée")
            out.append(r)
            continue
        if kind == "theme":
            if theme_signal and r.status in ("pass", "fail"):
                out.append(r)
        elif present.get(kind, False) and (r.status != "unknown" or kind == "territory"):
            out.append(r)
    return out


def verdict_text(results: list[CriterionResult], others: list[CriterionResult], lang: str, ref: Ref,
                 general: bool) -> tuple[str, str]:
    """Markdown and verdict (yes | no | conditional) for the touched constraints `results`.

    `others` are the call's remaining constraints, named as conditions when the question asks about the project as
    a whole (`general`).
    """
    fails = [r for r in results if r.status == "fail"]
    warns = [r for r in results if r.status == "warn"]
    passes = [r for r in results if r.status == "pass"]
    unsettled = [r for r in results if r.status == "unknown"]
    rest = [r for r in others if r.status in ("unknown", "warn", "fail") and r.kind not in ("deadline", "format", "channel")]
    pending = unsettled + (rest if general else [])

    def line(r: CriterionResult, quote: bool = True) -> str:
        said = {x.replace("\u202f", " ").replace("\u00a0", " ") for x in re.findall(r"\d[\d\u00a0\u202f ]*\d|\d", r.text(lang))}
        # the first quotes, and any other that holds a figure the reason states ("entre 8 000 € et 35 000 €": the floor's
        # sentence beside the case's row)
        shown = [c for i, c in enumerate(r.citations) if i < 3 or any(
            f in c.quote.replace("\u202f", " ").replace("\u00a0", " ") for f in said if len(f) >= 3)]
        marks = "".join(f"[{ref(c)}]" for c in shown)
        out = f"- {ICONS.get(r.status, '•')} **{r.label(lang)}** — {r.text(lang)}{' ' + marks if marks else ''}"
        # each reason with its quote: the call's own clause, not a reference-data row
        clauses = [c for c in r.citations if c.rule_id]
        # the first clause, unless it only introduces a list ("Répondre à l'un de ces thèmes :")
        # nor a table's row ("Commune | Code postal"), which the sentence announcing the table says better
        clause = next((c for c in clauses if not c.quote.rstrip().endswith(":") and " | " not in c.quote),
                      next((c for c in clauses if " | " not in c.quote), clauses[0] if clauses else None))
        numbers = {x for x in said if len(x) >= 2}
        if r.kind == "age" and clause is not None and numbers and not any(x in clause.quote for x in numbers):
            # "61 ans : hors de la tranche d'âge de l'appel (de 18 à 60 ans)": the sentence that sets 18 and 60, not the
            # exception for younger people beside it
            clause = next((c for c in clauses if any(x in c.quote for x in numbers)), clause)
        months = [f"{m} {y}" for m, y in re.findall(r"\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
                                                  r"decembre) (\d{4})\b", fold(r.text("fr")))]
        if clause is not None and months and not any(re.search(rf"\b{m.split()[0]}\b", fold(clause.quote)) for m in months):
            # "trop tôt, … pas avant septembre 2027": the sentence that writes that month ("entre le 1er septembre 2027 et
            # le 15 novembre 2027"), not one naming the window's other end in passing
            clause = next((c for c in clauses if all(re.search(rf"\b{m.split()[0]}\b.*\b{m.split()[1]}\b", fold(c.quote))
                                                     for m in months[-1:])), clause)
        figures = set(re.findall(r"\d[\d\u00a0\u202f ]*\d €|\d+ ?%", r.text(lang)))
        if clauses and " | " in clauses[0].quote and any(f in clauses[0].quote for f in figures):
            clause = clauses[0]  # the row of the case the applicant names, holding the figure the reason rests on
        header = None
        if r.kind == "applicant" and clauses and " | " in clauses[0].quote:
            # the row of a table of admitted kinds naming the applicant's ("Associations loi 1901 | Oui | Oui | Oui"),
            # under the table's header when it is cited ("Type de structure | Axe 1 | Axe 2 | Axe 3")
            clause = clauses[0]
            cells = clause.quote.count(" | ")
            header = next((c for c in clauses[1:] if c.quote.count(" | ") == cells and not re.search(
                r"\|\s*(?:oui|non|yes|no)\b", c.quote, re.I)), None)
        if header is not None and quote:
            out += f"\n  > « {header.quote} »"
        if clause is not None and quote:
            if clause not in shown:  # the clause shown is cited too, whichever of the reason's quotes it is
                out = out.replace(f" — {r.text(lang)}", f" — {r.text(lang)} [{ref(clause)}]", 1) if not marks else out + f"[{ref(clause)}]"
            out += f"\n  > « {clause.quote} »"
            i = r.citations.index(clause)
            if i + 1 < len(r.citations) and goes_on(r.citations[i + 1].quote):  # the exception the call makes to it
                out += f" « {r.citations[i + 1].quote} »"
        return out

    if fails:
        names = ", ".join(r.label(lang).lower() for r in fails)
        head = msg("verdict.head_no_one" if len(fails) == 1 else "verdict.head_no_many", lang, n=len(fails), names=names)
        verdict = "no"
    elif unsettled or warns:
        names = ", ".join(r.label(lang).lower() for r in (warns + unsettled))
        head = msg("verdict.head_conditional", lang, names=names)
        verdict = "conditional"
    else:
        head = msg("verdict.head_yes", lang)
        verdict = "yes"
    lines = [head, ""] + [line(r) for r in fails + warns + passes + unsettled]
    if [r for r in pending if r not in unsettled]:
        lines += ["", msg("verdict.still_to_check", lang)] + [line(r, quote=False) for r in pending if r not in warns and r not in unsettled]
    return "\n".join(lines), verdict
