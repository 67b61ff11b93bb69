"""One evaluator of a call's typed constraints over the facts of a project: pass / fail / warn / unknown + quotes.

The facts are a `Profile` (read from a form, a profile file, free text, a question or a dossier by `facts.py`).
The constraints are the call's (`CallSpec.effective_constraints()`): the chat's verdicts, the eligibility check,
the deck and the review all call `evaluate`. Every sentence comes from the message catalogues, filled with the
call's values and the user's own input, so no figure appears that is neither quoted nor given.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from pydantic import Field

from .calls.spec import CallSpec, Constraint
from .cases import applicant_case, first_named_case, named_case, named_row
from .fmt import MONTHS_EN, MONTHS_FR, format_date, format_eur, format_month, format_when, num
from .messages import msg
from .textnorm import fold
from .types import Citation, Criterion, Profile

if TYPE_CHECKING:
    from .territory import Territory

ICONS = {"pass": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❓"}


class CriterionResult(Criterion):
    """A Criterion that also carries its English explanation and the questions to ask (not serialised)."""

    explanation_en: str = Field(default="", exclude=True)
    questions_fr: list[str] = Field(default_factory=list, exclude=True)
    questions_en: list[str] = Field(default_factory=list, exclude=True)
    label_fr: str = Field(default="", exclude=True)
    label_en: str = Field(default="", exclude=True)
    kind: str = Field(default="", exclude=True)
    hard: bool = Field(default=False, exclude=True, description="A failure the call states in so many words: it stays a "
                       "failure even for a constraint that is not blocking (a theme the call does not admit alone).")

    def text(self, lang: str) -> str:
        """The explanation in `lang`."""
        return (self.explanation_en or self.explanation) if lang == "en" else self.explanation

    def label(self, lang: str) -> str:
        """The criterion's name in `lang`."""
        return (self.label_en or self.label_fr or self.id) if lang == "en" else (self.label_fr or self.id)


def crit(cid: str, status: str, key: str, citations: list[Citation], question: str | None = None, **values: object) -> CriterionResult:
    """A criterion result whose explanation is the catalogue sentence `key` in both languages."""
    fr_vals = {k: (v["fr"] if isinstance(v, dict) else v) for k, v in values.items()}
    en_vals = {k: (v["en"] if isinstance(v, dict) else v) for k, v in values.items()}
    return CriterionResult(
        id=cid, status=status, explanation=msg(key, "fr", **fr_vals), explanation_en=msg(key, "en", **en_vals),
        citations=citations,
        questions_fr=[msg(question, "fr")] if question else [], questions_en=[msg(question, "en")] if question else [],
    )


def both(fn, *args) -> dict[str, str]:
    """A value formatted in French and in English."""
    return {"fr": fn(*args, "fr"), "en": fn(*args, "en")}


# --------------------------------------------------------------------------- kinds


def project_span(p: Profile) -> tuple[date | None, date | None, bool]:
    """Start, end, and whether the start comes from the project itself (else from the first milestone)."""
    starts = [m.start for m in p.milestones if m.start]
    ends = [m.end or m.start for m in p.milestones if (m.end or m.start)]
    start = p.project.start_date or (min(starts) if starts else None)
    end = max(ends) if ends else None
    return start, end, p.project.start_date is not None


def months_between(start: date, end: date) -> float:
    """Length in months of [start, end] when both are months (YYYY-MM-01: end month counted whole) or dates."""
    if start.day == 1 and end.day == 1:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return round(((end - start).days + 1) / (365.25 / 12), 1)


def check_start(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The start date against the call's window."""
    start, _, own = project_span(p)
    if start is None:
        return crit(c.id, "unknown", "criterion.start.missing", cites, "criterion.start.question")
    src = "" if own else {"fr": msg("criterion.start.from_calendar", "fr"), "en": msg("criterion.start.from_calendar", "en")}
    when = both(format_when, start)
    if p.project.start_year_assumed:  # a month without its year: say the month only (no figure the user did not give)
        when = {"fr": f"en {MONTHS_FR[start.month - 1]}", "en": f"in {MONTHS_EN[start.month - 1]}"}
    if c.latest and start > c.latest:
        return crit(c.id, "fail", "criterion.start.too_late", cites, when=when, src=src, latest=both(format_month, c.latest))
    if c.earliest and start < c.earliest:
        return crit(c.id, "fail", "criterion.start.too_early", cites, when=when, src=src, earliest=both(format_month, c.earliest))
    if c.latest and c.earliest:
        window = {lang: msg("criterion.start.window_both", lang, earliest=format_month(c.earliest, lang), latest=format_month(c.latest, lang)) for lang in ("fr", "en")}
    elif c.latest:
        window = {lang: msg("criterion.start.window_latest", lang, latest=format_month(c.latest, lang)) for lang in ("fr", "en")}
    elif c.earliest:
        window = {lang: msg("criterion.start.window_earliest", lang, earliest=format_month(c.earliest, lang)) for lang in ("fr", "en")}
    else:
        return crit(c.id, "pass", "criterion.start.pass", cites, when=when, src=src)
    return crit(c.id, "pass", "criterion.start.pass_window", cites, when=when, src=src, window=window)


def _add_months(start: date, months: float) -> date:
    """The last day of a project that starts on `start` and lasts `months` whole months."""
    y, m = divmod(start.month - 1 + int(months), 12)
    return date.fromordinal(date(start.year + y, m + 1, min(start.day, 28)).toordinal() - 1)


def check_duration(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The duration (given, or from the calendar's bounds) against the call's minimum and maximum."""
    given = p.project.duration_months
    start, end, _ = project_span(p)
    if given is not None:
        bound = p.project.duration_bound
        months = given + (0.5 if bound == "more" else -0.5 if bound == "less" else 0.0)
        key = {"more": "criterion.duration.more_than", "less": "criterion.duration.less_than"}.get(bound or "", "criterion.duration.given")
        src = {lang: msg(key, lang, n=num(given)) for lang in ("fr", "en")}
    elif start and end:
        months = months_between(start, end)
        # a derived length is not printed (no figure the user did not give): the calendar's bounds are
        if start.day == 1 and end.day == 1:
            src = {lang: msg("criterion.duration.calendar_months", lang, start=format_month(start, lang), end=format_month(end, lang)) for lang in ("fr", "en")}
        else:
            src = {lang: msg("criterion.duration.calendar_dates", lang, start=format_date(start, lang), end=format_date(end, lang)) for lang in ("fr", "en")}
    else:
        return crit(c.id, "unknown", "criterion.duration.missing", cites, "criterion.duration.question")
    lo, hi = c.min_months, c.max_months
    finish = end or (_add_months(start, given) if start and given is not None and not p.project.duration_bound else None)
    if c.latest_end is not None and finish is not None and finish > c.latest_end:
        year = str(c.latest_end.year)
        cites = [x for x in cites if year in x.quote] + [x for x in cites if year not in x.quote]
        return crit(c.id, "fail", "criterion.duration.ends_late", cites, src=src,
                    start={lang: format_date(start, lang) for lang in ("fr", "en")} if start else src,
                    latest={lang: format_date(c.latest_end, lang) for lang in ("fr", "en")})
    if hi is not None and months > hi + 1e-9:
        return crit(c.id, "fail", "criterion.duration.too_long", cites, src=src, max=num(hi))
    if lo is not None and months < lo - 1e-9:
        return crit(c.id, "fail", "criterion.duration.too_short", cites, src=src, min=num(lo))
    if lo is not None and hi is not None:
        return crit(c.id, "pass", "criterion.duration.pass_both", cites, src=src, min=num(lo), max=num(hi))
    if hi is not None:
        return crit(c.id, "pass", "criterion.duration.pass_max", cites, src=src, max=num(hi))
    if lo is not None:
        return crit(c.id, "pass", "criterion.duration.pass_min", cites, src=src, min=num(lo))
    return crit(c.id, "pass", "criterion.duration.pass", cites, src=src)


def _requested(p: Profile) -> tuple[float | None, dict[str, str] | None]:
    b = p.budget
    if b.requested_eur:
        return b.requested_eur, {lang: msg("criterion.amount.requested", lang, amount=format_eur(b.requested_eur)) for lang in ("fr", "en")}
    if b.lines:
        total = sum(ln.amount_eur for ln in b.lines)
        if total:
            return total, {lang: msg("criterion.amount.lines", lang) for lang in ("fr", "en")}
    return None, None


def _basis(c: Constraint) -> str:
    return f" {c.tax_basis}" if c.tax_basis else ""


def _raised(c: Constraint, clause: str, said: str, cites: list[Citation], key: str, otherwise: list[str] | None = None,
            **values: object) -> CriterionResult:
    """A value beyond the call's limit but within the higher one it grants on a condition (`c.raised_quotes`): pass
    when the applicant meets the condition, fail when it states its opposite or the case of the ordinary limit
    (`otherwise`: "une structure seule" when it says "on dépose seule"), warn when it says nothing of it; the
    condition's quote first."""
    from .conditions import condition_met
    from .participants import joint_or_sole

    met = condition_met(clause, said)
    if met is None and any(condition_met(other, said) for other in otherwise or []):
        met = False
    if met is None and joint_or_sole(clause, said) is False:  # "… porté par un consortium" and "seule, pas de consortium"
        met = False  # (saying "consortium" is not enough to meet it: the call may ask more of one elsewhere)
    status, case = {True: ("pass", "raised_met"), False: ("fail", "raised_unmet")}.get(met, ("warn", "raised"))
    raised = [x for x in cites if x.quote in c.raised_quotes]
    return crit(c.id, status, f"{key}.{case}", raised + [x for x in cites if x not in raised], **values)


def check_amount(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The amount asked against the call's floor and cap per project."""
    amount, what = _requested(p)
    if amount is None:
        return crit(c.id, "unknown", "criterion.amount.missing", cites, "criterion.amount.question")
    basis = _basis(c)
    lo, hi = c.min_eur, c.max_eur
    row = named_row(c, cites, p.project.summary or "")
    if row is not None:  # "on est sur le lot 2": the row of the table of amounts for that case decides, floor and cap
        lo, hi, cite = row
        cites = [cite, *[x for x in cites if x is not cite]]
        if hi is not None and c.raised_max_eur is not None and hi < amount <= c.raised_max_eur and all(
                " | " not in q and named_case(c.cases, q) in (None, next((k for k in c.cases if k.quote == cite.quote), None))
                for q in c.raised_quotes):  # "Pour le lot 1, le plafond est porté à 60 000 € lorsque …": that row's case
            return _raised(c, " ".join(c.raised_quotes), p.project.summary or "", cites, "criterion.amount",
                           what=what, max=format_eur(hi), raised=format_eur(c.raised_max_eur), basis=basis)
    elif hi is not None and amount > hi and c.raised_max_eur is not None and amount <= c.raised_max_eur:
        case = " ".join(q.split(" | ")[0] for q in c.raised_quotes)  # a table row's case: its first cell
        ordinary = [f"lorsque {x.quote.split(' | ')[0]}" for x in cites if " | " in x.quote and x.quote not in c.raised_quotes]
        return _raised(c, f"lorsque {case}", p.project.summary or "", cites, "criterion.amount", ordinary,
                       what=what, max=format_eur(hi), raised=format_eur(c.raised_max_eur), basis=basis)
    if hi is not None and amount > hi:
        return crit(c.id, "fail", "criterion.amount.over", cites, what=what, max=format_eur(hi), basis=basis)
    if lo is not None and amount < lo:
        return crit(c.id, "fail", "criterion.amount.under", cites, what=what, min=format_eur(lo), basis=basis)
    if c.max_eur_per_person:  # "1 500 € par participant prévu": the cap times the people the applicant says it serves
        from .participants import stated_count

        n = stated_count(_reach(p))
        if n is not None and not n.approx and amount > c.max_eur_per_person * (n.high or n.value):
            per = next((x for x in cites if format_eur(c.max_eur_per_person).replace("\u202f", " ") in x.quote.replace("\u202f", " ")
                        .replace("\u00a0", " ")), None)
            return crit(c.id, "fail", "criterion.amount.per_person_over", [per, *[x for x in cites if x is not per]] if per else cites,
                        what=what, cap=format_eur(c.max_eur_per_person), n=n.text)
    if lo is not None and hi is not None:
        return crit(c.id, "pass", "criterion.amount.pass_both", cites, what=what, min=format_eur(lo), max=format_eur(hi), basis=basis)
    if hi is not None:
        return crit(c.id, "pass", "criterion.amount.pass_max", cites, what=what, max=format_eur(hi), basis=basis)
    if lo is not None:
        return crit(c.id, "pass", "criterion.amount.pass_min", cites, what=what, min=format_eur(lo), basis=basis)
    return crit(c.id, "pass", "criterion.amount.pass", cites, what=what)


def check_envelope(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The amount asked against the envelope shared by all selected projects."""
    amount, what = _requested(p)
    if amount is None:
        return crit(c.id, "unknown", "criterion.amount.missing", cites, "criterion.amount.question")
    if c.total_eur is None:
        return crit(c.id, "pass", "criterion.amount.pass", cites, what=what)
    total, basis = format_eur(c.total_eur), _basis(c)
    if amount > c.total_eur:
        return crit(c.id, "fail", "criterion.envelope.over", cites, what=what, total=total, basis=basis)
    nmin, nmax = c.projects_min, c.projects_max
    if nmin and amount > c.total_eur / nmin:
        shared = ({lang: msg("criterion.envelope.shared_range", lang, min=nmin, max=nmax) for lang in ("fr", "en")} if nmax
                  else {lang: msg("criterion.envelope.shared_min", lang, min=nmin) for lang in ("fr", "en")})
        return crit(c.id, "warn", "criterion.envelope.share_warn", cites, what=what, n=nmin, total=total, basis=basis, shared=shared)
    return crit(c.id, "pass", "criterion.envelope.pass", cites, what=what, total=total, basis=basis)


def check_funding_rate(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The share of the project's cost asked from the call, against its maximum rate."""
    b = p.budget
    rate = b.funding_rate_percent
    if rate is None:
        amount, _ = _requested(p)
        cost = b.total_cost_eur
        if cost is None and b.requested_eur and b.lines:
            lines = sum(ln.amount_eur for ln in b.lines)
            cost = lines if lines > b.requested_eur else None
        if amount is None or not cost:
            return crit(c.id, "unknown", "criterion.funding_rate.missing", cites, "criterion.funding_rate.question")
        if c.in_kind_outside_rate or c.in_kind_max_percent is not None:  # "8 000 € de bénévolat valorisé"
            from .cofinancing import in_kind_amount

            kind = in_kind_amount(p.project.summary or "", cost, amount)
            kind_cites = [x for x in cites if x.quote in c.in_kind_quotes] + [x for x in cites if x.quote not in c.in_kind_quotes]
            if kind and c.in_kind_max_percent is not None and 100.0 * kind / cost > c.in_kind_max_percent + 1e-9:
                return crit(c.id, "fail", "criterion.funding_rate.in_kind_over", kind_cites, max=num(c.in_kind_max_percent))
            if kind and c.in_kind_outside_rate and kind < cost:
                cost, cites = cost - kind, kind_cites  # "elles ne peuvent pas entrer dans l'assiette de calcul du taux"
        rate = 100.0 * amount / cost
    rated = [k for k in c.cases if k.max_percent is not None]
    if rated:  # "Associations … | 80 %", "Communes … | 50 %": the applicant's kind decides
        return _rate_by_case(c, p, rated, rate, cites)
    if c.max_percent is not None and rate > c.max_percent + 1e-9:
        if c.raised_percent is not None and rate <= c.raised_percent + 1e-9:  # "porté à 75 % lorsque…": the condition decides
            return _raised(c, " ".join(c.raised_quotes), p.project.summary or "", cites, "criterion.funding_rate",
                           max=num(c.max_percent), raised=num(c.raised_percent))
        return crit(c.id, "fail", "criterion.funding_rate.over", cites, max=num(c.max_percent))
    return crit(c.id, "pass", "criterion.funding_rate.pass", cites, max=num(c.max_percent or 100))


def _rate_by_case(c: Constraint, p: Profile, rated: list, rate: float, cites: list[Citation]) -> CriterionResult:
    """The funding rate against the rate of the applicant's own kind (a row of the call's table of rates by kind); with
    no kind known, a rate over every row's fails, one over the lowest is a warning."""
    from .calls.draft_values import _types

    said = " ".join(x for x in (p.structure.type, p.structure.name, p.project.summary) if x)
    kind = p.structure.type or ""
    k = applicant_case(rated, kind if "_" in kind or kind.isalpha() and kind.islower() else next(iter(_types(kind)), ""), said)
    if k is not None:
        row = next((x for x in cites if x.quote == k.quote), None)
        ordered = [row, *[x for x in cites if x is not row]] if row else cites
        key = "over" if rate > k.max_percent + 1e-9 else "pass"
        return crit(c.id, "fail" if key == "over" else "pass", f"criterion.funding_rate.case_{key}", ordered,
                    case=k.label, max=num(k.max_percent))
    top, low = max(k.max_percent for k in rated), min(k.max_percent for k in rated)
    if rate > top + 1e-9:
        return crit(c.id, "fail", "criterion.funding_rate.over", cites, max=num(top))
    if rate > low + 1e-9:
        return crit(c.id, "warn", "criterion.funding_rate.by_case", cites, "criterion.funding_rate.case_question",
                    min=num(low), max=num(top))
    return crit(c.id, "pass", "criterion.funding_rate.pass", cites, max=num(low))


def check_deadline(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The date the dossier is (to be) sent against the deadline (inclusive)."""
    sent, deadline = p.dossier.submission_date, c.deadline
    if sent is None or deadline is None:
        return crit(c.id, "unknown", "criterion.deadline.missing", cites)
    dated = [k for k in c.cases if k.deadline]
    if dated:  # "communes, EPCI, CCAS et CIAS : 30 avril": the applicant's kind picks its deadline
        from .calls.draft_values import _types

        kind = p.structure.type or ""
        said = " ".join(x for x in (p.structure.type, p.structure.name, p.project.summary) if x)
        k = applicant_case(dated, kind if "_" in kind or kind.isalpha() and kind.islower() else next(iter(_types(kind)), ""), said)
        if k is not None:
            row = next((x for x in cites if x.quote == k.quote), None)
            cites = [row, *[x for x in cites if x is not row]] if row else cites
            c = c.model_copy(update={"deadline": k.deadline, "deadline_time": k.deadline_time, "cases": []})
            return check_deadline(c, p, cites)
        first = min(k.deadline for k in dated)
        if first < sent <= deadline:
            return crit(c.id, "warn", "criterion.deadline.by_case", cites, "criterion.deadline.case_question",
                        first=both(format_date, first), deadline=both(format_date, deadline))
    said = p.project.summary or ""
    shown = both(format_date, sent)
    if said and str(sent.year) not in said:  # "on déposera le 28 avril": the day as said, no year the applicant did not give
        shown = {lang: v.rsplit(" ", 1)[0] if v.endswith(str(sent.year)) else v for lang, v in shown.items()}
    values = dict(sent=shown, deadline=both(format_date, deadline),
                  time={"fr": f" à {c.deadline_time}" if c.deadline_time else "", "en": f" at {c.deadline_time}" if c.deadline_time else ""},
                  sent_time={"fr": f" à {_hour(p.dossier.submission_time)}" if p.dossier.submission_time else "",
                             "en": f" at {p.dossier.submission_time}" if p.dossier.submission_time else ""})
    bound = p.dossier.submission_bound
    if bound == "after":  # "après le 18 juin": the 19th at the earliest
        if sent >= deadline:
            return crit(c.id, "fail", "criterion.deadline.late_after", cites, **values)
        return crit(c.id, "unknown", "criterion.deadline.unclear", cites, **values)
    if bound == "before":  # "avant le 18 juin": the 17th at the latest
        if sent <= deadline:
            return crit(c.id, "pass", "criterion.deadline.in_time_before", cites, **values)
        return crit(c.id, "unknown", "criterion.deadline.unclear", cites, **values)
    if sent > deadline or (sent == deadline and _after(p.dossier.submission_time, c.deadline_time)):
        return crit(c.id, "fail", "criterion.deadline.late", cites, **values)
    return crit(c.id, "pass", "criterion.deadline.in_time", cites, **values)


def _hour(hhmm: str) -> str:
    """"14:00" as French writes it: "14h00"."""
    return hhmm.replace(":", "h")


def _after(sent: str | None, limit: str | None) -> bool:
    """A time of day (HH:MM) later than the deadline's time as the call writes it ("12h00", "midi", "12:00")."""
    import re

    if not sent or not limit:
        return False
    if re.search(r"midi|noon", limit.lower()):
        h, mnt = 12, 0
    else:
        m = re.search(r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?", limit)
        if not m:
            return False
        h, mnt = int(m.group(1)), int(m.group(2) or 0)
    sh, sm = (int(x) for x in sent.split(":"))
    return (sh, sm) > (h, mnt)


def _kinds_check(c: Constraint, named: list[str], table: str, cites: list[Citation]) -> CriterionResult:
    from .facts import generic_words

    labels = generic_words().get(table, {})

    def lab(key: str, lang: str) -> str:
        return ((labels.get(key) or {}).get("label") or {}).get(lang, key)

    if not named:
        return crit(c.id, "unknown", f"criterion.{table}.missing", cites)
    allowed = {lang: " ou ".join(lab(k, lang) for k in c.allowed) if lang == "fr" else " or ".join(lab(k, lang) for k in c.allowed)
               for lang in ("fr", "en")}
    refused = [k for k in named if k in (c.excluded or [])]
    if refused:
        return crit(c.id, "fail", f"criterion.{table}.excluded" + ("_allowed" if c.allowed else ""), cites,
                    named={lang: ", ".join(lab(k, lang) for k in refused) for lang in ("fr", "en")}, allowed=allowed)
    if not c.allowed:
        return crit(c.id, "unknown", f"criterion.{table}.not_excluded", cites,
                    named={lang: ", ".join(lab(k, lang) for k in named) for lang in ("fr", "en")}, allowed=allowed)
    bad = [k for k in named if c.allowed and k not in c.allowed]
    if bad:
        return crit(c.id, "fail", f"criterion.{table}.not_allowed", cites,
                    named={lang: ", ".join(lab(k, lang) for k in bad) for lang in ("fr", "en")}, allowed=allowed)
    return crit(c.id, "pass", f"criterion.{table}.allowed", cites,
                named={lang: ", ".join(lab(k, lang) for k in named) for lang in ("fr", "en")}, allowed=allowed)


def check_format(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The dossier's format against the formats the call accepts."""
    return _kinds_check(c, p.dossier.formats, "formats", cites)


def check_channel(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """How the dossier is sent against the channels the call names; a call that sends two documents two ways ("Les
    lettres d'intention … par courriel", "Les dossiers complets … sur la plateforme") checks the one the applicant
    names first."""
    k = first_named_case([x for x in c.cases if x.channels], p.project.summary or "")
    if k is None:
        return _kinds_check(c, p.dossier.channels, "channels", cites)
    row = next((x for x in cites if x.quote == k.quote), None)
    ordered = [row, *[x for x in cites if x is not row]] if row else cites
    return _kinds_check(c.model_copy(update={"allowed": k.channels, "excluded": []}), p.dossier.channels, "channels", ordered)


def check_seniority(c: Constraint, p: Profile, cites: list[Citation], on: date | None) -> CriterionResult:
    """The structure's age at the call's deadline against the minimum it sets (a year or month given alone counts
    both ways: pass or fail only when its first and last day agree)."""
    from .seniority import creation_bounds, months_old

    bounds = creation_bounds(p.structure.created or "")
    need = c.min_months or 0
    if bounds is None or on is None:
        return crit(c.id, "unknown", "criterion.seniority.missing", cites, "criterion.seniority.question")
    early, late = bounds
    given = p.structure.created or ""
    created = {lang: given if len(given) == 4 else format_month(early, lang) if len(given) == 7 else format_date(early, lang)
               for lang in ("fr", "en")}
    if months_old(late, on) >= need - 1e-9:
        return crit(c.id, "pass", "criterion.seniority.pass", cites, created=created)
    if months_old(early, on) < need - 1e-9:
        return crit(c.id, "fail", "criterion.seniority.fail", cites, created=created)
    return crit(c.id, "unknown", "criterion.seniority.unclear", cites, "criterion.seniority.question", created=created)


def check_seat(c: Constraint, p: Profile, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """The structure's seat against the départements (codes in `allowed`) where the call wants it."""
    seat = territory.resolve(p.structure.commune) if p.structure.commune else None
    if seat is None or seat.status not in ("in", "out") or not seat.departement:
        return crit(c.id, "unknown", "criterion.seat.missing", cites, "criterion.seat.question")
    where = {lang: seat.name for lang in ("fr", "en")}  # no département code: a figure the call's quote may not hold
    if seat.departement in c.allowed and c.local and seat.departement not in c.local and c.raised_quotes:
        # "Si le siège est situé hors du département du Jura, le porteur doit disposer d'une antenne dans le Jura"
        clause = c.raised_quotes[0]
        said = fold(p.project.summary or "")
        found = _BRANCH.search(said)
        status = "unknown" if not found else "fail" if re.search(r"\b(?:pas|aucun\w*|sans|no|without|not)\b(?:\s+\w+){0,3}\s*$",
                                                                  said[max(0, found.start() - 30):found.start()]) else "pass"
        key = {"unknown": "branch_unknown", "fail": "branch_missing", "pass": "branch_met"}[status]
        row = next((x for x in cites if x.quote == clause), None)
        return crit(c.id, "warn" if status == "unknown" else status, f"criterion.seat.{key}",
                    [row, *[x for x in cites if x is not row]] if row else cites, seat=where, clause=clause.rstrip(" ."))
    if seat.departement in c.allowed:
        return crit(c.id, "pass", "criterion.seat.pass", cites, seat=where)
    return crit(c.id, "fail", "criterion.seat.fail", cites, seat=where)


# a local presence an applicant says it has, or has not ("une antenne permanente à Dole", "no office at all in the Jura")
_BRANCH = re.compile(r"\b(?:antennes?|etablissements? secondaires?|bureaux?|agences?|implantations?|"
                     r"office|offices|branch|branches|premises)\b")


def check_cofinancing(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The other sources an applicant names, those the call does not count set aside, against the share required."""
    from .cofinancing import counted_share, other_sources

    total = p.budget.total_cost_eur
    sources = other_sources(p.project.summary or "", total, p.budget.requested_eur) if total else []
    if not sources or c.min_other_percent is None:
        return crit(c.id, "unknown", "criterion.cofinancing.missing", cites)
    share = counted_share(sources, total, c.not_counted)
    key = "pass" if share + 1e-9 >= c.min_other_percent else "fail"
    return crit(c.id, key, f"criterion.cofinancing.{key}", cites, min=num(c.min_other_percent))


def check_age(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The ages of the people the applicant names against the call's range; a higher limit granted on a condition is
    weighed against what the applicant says (conditions.condition_met)."""
    from .ages import stated_ages

    said = " ".join([p.project.summary or "", *p.project.publics])
    ages = stated_ages(said, c.people)
    if not ages:
        return crit(c.id, "unknown", "criterion.age.missing", cites)
    lo, hi = c.min_age, c.max_age
    shown = {lang: ", ".join(str(a) for a in dict.fromkeys(ages)) for lang in ("fr", "en")}
    rng = {lang: msg("criterion.age.range" if lo is not None else "criterion.age.upto", lang, min=lo, max=hi) for lang in ("fr", "en")}
    young = [a for a in ages if lo is not None and a < lo]
    old = [a for a in ages if hi is not None and a > hi]
    if young or (old and (c.raised_max_age is None or any(a > c.raised_max_age for a in old))):
        return crit(c.id, "fail", "criterion.age.out", cites, ages=shown, range=rng)
    if old:
        # the applicant's own words weigh the condition first: a public's label ("personnes sans qualification") is no
        # negation of "reconnaissance de la qualité de travailleur handicapé"; the labels help only when they say nothing
        from .conditions import condition_met

        clause = " ".join(c.raised_quotes)
        own = p.project.summary or said
        return _raised(c, clause, own if condition_met(clause, own) is not None else said, cites, "criterion.age", ages=shown,
                       range=rng, raised=c.raised_max_age)
    return crit(c.id, "pass", "criterion.age.in", cites, ages=shown, range=rng)


def _reach(p: Profile) -> str:
    """What the applicant says of the people its project serves: its description, publics, actions and indicators."""
    pr = p.project
    parts = [x for x in dict.fromkeys([pr.summary or "", *pr.publics, *pr.objectives, *pr.actions, *pr.indicators]) if x]
    return " \n".join(x for x in parts if not any(x in y and x != y for y in parts))  # a dossier's words once


def check_participants(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The number of people the applicant says it serves against the call's minimum, and against the higher minimum of
    a case the call states when the applicant is in it (participants.in_case: unsaid, a warning)."""
    from .participants import in_case, raised_case, stated_count

    said = _reach(p)
    n = stated_count(said)
    if n is None or c.min_people is None:
        return crit(c.id, "unknown", "criterion.participants.missing", cites, "criterion.participants.question")
    shown = {lang: msg("criterion.participants.approx" if n.approx else "criterion.participants.said", lang, text=n.text)
             for lang in ("fr", "en")}
    lo, hi, top = c.min_people, c.raised_min_people, n.high or n.value
    minima = [k for k in c.cases if k.min_people is not None]
    if minima:  # "12 personnes pour le lot 1, 8 pour le lot 2": the applicant's case decides, unnamed the lowest holds
        k, highest = named_case(minima, said), max(x.min_people for x in minima)
        lo = k.min_people if k else min(x.min_people for x in minima)
        if k is None and lo <= n.value < highest:
            return crit(c.id, "warn", "criterion.participants.raised", cites, said=shown, min=lo, raised=highest)
        hi = None
    if top < lo:
        return crit(c.id, "fail", "criterion.participants.fail", cites, said=shown, min=lo)
    if n.value < lo or (n.approx and n.value in (lo, hi)):  # "entre 12 et 20", "une quinzaine": around the minimum
        return crit(c.id, "warn", "criterion.participants.near", cites, said=shown, min=lo if n.value <= lo else hi)
    if hi is not None and n.value < hi:
        met = in_case(raised_case([*c.raised_quotes, *c.quotes], lo), said)
        if met and top >= hi:
            return crit(c.id, "warn", "criterion.participants.near", cites, said=shown, min=hi)
        status, key = {True: ("fail", "raised_met"), False: ("pass", "raised_unmet")}.get(met, ("warn", "raised"))
        raised = [x for x in cites if x.quote in c.raised_quotes]
        return crit(c.id, status, f"criterion.participants.{key}", raised + [x for x in cites if x not in raised], said=shown, min=lo, raised=hi)
    return crit(c.id, "pass", f"criterion.participants.{'pass' if hi is None else 'pass_raised'}", cites, said=shown, min=lo, raised=hi)


def check_residents(c: Constraint, p: Profile, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """The share of the people served the applicant says live in the call's territory against the call's minimum."""
    from .participants import stated_residents

    r = stated_residents(_reach(p), territory)
    if r is None or c.min_resident_percent is None:
        return crit(c.id, "unknown", "criterion.residents.missing", cites, "criterion.residents.question")
    if r.inside is None:
        said = {lang: msg("criterion.residents.words", lang, words=r.words) for lang in ("fr", "en")}
    else:
        key = ("counted_out" if not r.inside else "counted") + ("" if r.total is not None else "_part")
        said = {lang: msg(f"criterion.residents.{key}", lang, inside=r.inside, outside=r.outside, total=r.total) for lang in ("fr", "en")}
    out = {lang: msg("criterion.residents.outside", lang, names=", ".join(r.outside_names)) if r.outside_names else ""
           for lang in ("fr", "en")}
    key = "pass" if r.percent + 1e-9 >= c.min_resident_percent else "fail"
    if key == "fail" and r.upper is not None and r.upper + 1e-9 >= c.min_resident_percent:  # the others may live there
        return crit(c.id, "unknown", "criterion.residents.missing", cites, "criterion.residents.question")
    return crit(c.id, key, f"criterion.residents.{key}", cites, said=said, outside=out, min=num(c.min_resident_percent))


# --------------------------------------------------------------------------- the evaluator

_NUMERIC = {"start": check_start, "duration": check_duration, "amount": check_amount, "envelope": check_envelope,
            "funding_rate": check_funding_rate, "deadline": check_deadline, "format": check_format, "channel": check_channel, "age": check_age,
            "cofinancing": check_cofinancing, "participants": check_participants}


def evaluate(profile: Profile, spec: CallSpec, territory: Territory | None = None,
             only: set[str] | None = None) -> list[CriterionResult]:
    """Each constraint of the call (or those of kinds/ids in `only`) evaluated over the facts, in the call's order."""
    from . import eligibility  # the word-list criteria (applicant, theme, territory) live there

    out: list[CriterionResult] = []
    for c in spec.effective_constraints():
        if only is not None and c.id not in only and c.kind not in only:
            continue
        cites = spec.constraint_citations(c)
        if c.kind in _NUMERIC:
            r = _NUMERIC[c.kind](c, profile, cites)
        elif c.kind == "applicant":
            r = eligibility.check_applicant(c, profile, spec, cites)
        elif c.kind == "theme":
            r = eligibility.check_theme(c, profile, spec, cites)
        elif c.kind == "territory":
            if territory is None:
                continue
            r = eligibility.check_territory(c, profile, spec, territory, cites)
        elif c.kind == "seat":
            if territory is None:
                continue
            r = check_seat(c, profile, territory, cites)
        elif c.kind == "residents":
            if territory is None:
                continue
            r = check_residents(c, profile, territory, cites)
        elif c.kind == "seniority":
            deadline = next((d.deadline for d in spec.effective_constraints() if d.kind == "deadline" and d.deadline), None)
            r = check_seniority(c, profile, cites, deadline)
        else:  # pragma: no cover - the model's Literal forbids it
            continue
        if r.status == "unknown" and c.kind in _NUMERIC:
            own = _call_question(spec, c.id)  # the call's own wording of the question, when it has one
            if own:
                r.questions_fr, r.questions_en = [own[0]], [own[1]]
        if r.status == "fail" and not c.blocking and not r.hard:
            r.status = "warn"
        r.label_fr, r.label_en = constraint_label(c, "fr"), constraint_label(c, "en")
        r.kind = c.kind
        r.citations = _with_sequels(spec, r.citations)
        out.append(r)
    capped = any(c.kind == "amount" and c.max_eur is not None for c in spec.effective_constraints())
    for r in out:  # a cap per project says more than a share of the envelope: within it, the share is no warning
        if capped and r.kind == "envelope" and r.status == "warn":
            r.status = "pass"
            r.explanation, r.explanation_en = msg("criterion.envelope.within_cap", "fr"), msg("criterion.envelope.within_cap", "en")
    return out


def _with_sequels(spec: CallSpec, cites: list[Citation]) -> list[Citation]:
    """Each clause followed by the sentence of its rule that goes on with it ("… ne peuvent pas porter de dossier." then
    "Ils peuvent être associés au projet en qualité de partenaires uniquement"): a reason never drops the exception."""
    out: list[Citation] = []
    for ci in cites:
        if any(x.quote == ci.quote and x.source == ci.source for x in out):
            continue  # a sentence quoted for the range and again for its raised limit is cited once
        out.append(ci)
        holders = spec.sequels.get(ci.quote, [])
        rule_id, nxt = next((h for h in holders if h[0] == ci.rule_id), holders[0] if holders else (None, None))
        if nxt is not None and all(x.quote != nxt for x in [*cites, *out]):
            out.append(spec.cite(nxt, rule_id))
    return out


def _call_question(spec: CallSpec, cid: str) -> tuple[str, str] | None:
    from .facts import call_words

    q = ((call_words(spec).questions or {}).get(cid) or {}).get("missing") or {}
    return (q["fr"], q.get("en") or q["fr"]) if q.get("fr") else None


def constraint_label(c: Constraint, lang: str) -> str:
    """The name of a constraint: its own label, else the catalogue's name of its id or kind."""
    if c.label:
        return c.label.get(lang)
    from .messages import catalogue

    for key in (c.id, c.kind):
        if f"criterion.labels.{key}" in catalogue(lang):
            return msg(f"criterion.labels.{key}", lang)
    return c.id


def verdict_of(results: list[CriterionResult]) -> str:
    """not_eligible if any fails; else incomplete if any is unknown; else eligible (warn does not count)."""
    statuses = {r.status for r in results}
    return "not_eligible" if "fail" in statuses else "incomplete" if "unknown" in statuses else "eligible"
