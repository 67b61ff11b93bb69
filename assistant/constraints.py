"""One evaluator of a call's typed constraints over the facts of a project: pass / fail / warn / unknown + quotes.

The facts are a `Profile` (read from a form, a profile file, free text, a question or a dossier by `facts.py`).
The constraints are the call's (`CallSpec.effective_constraints()`): the chat's verdicts, the eligibility check,
the deck and the review all call `evaluate`. Every sentence comes from the message catalogues, filled with the
call's values and the user's own input, so no figure appears that is neither quoted nor given.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field

from .calls.spec import CallSpec, Constraint
from .cases import applicant_case, first_named_case, named_case, of_another_case, quoted_first
from .fmt import MONTHS_EN, MONTHS_FR, format_date, format_month, format_when, num
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
    stated: bool = Field(default=False, exclude=True, description="Settled by what the applicant says it is, with no "
                         "structure type read (\"une ETTI conventionnée\" and the call's exception for it).")

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
    bounds = [d for d in (c.earliest, c.latest) if d is not None]
    # the sentence that writes the window's days first ("Démarrage des projets | entre le 1er septembre 2027 et le 15
    # novembre 2027"), before one that names one of them in passing
    cites = sorted(cites, key=lambda x: -sum(_dated_with_year(x.quote, d) for d in bounds))
    if p.project.start_year_assumed:  # a month without its year: say the month only (no figure the user did not give)
        when = {"fr": f"en {MONTHS_FR[start.month - 1]}", "en": f"in {MONTHS_EN[start.month - 1]}"}
    dated = [x for x in c.cases if x.earliest_start or x.latest_start]
    k = named_case(dated, p.project.summary or "")
    if k is not None:  # "un projet axe 3 qui démarre le 15 septembre" and "(au plus tard le 2 août 2027 pour l'axe 3)"
        cites = quoted_first(cites, k.quote)
        if k.latest_start and start > k.latest_start:
            return crit(c.id, "fail", "criterion.start.too_late_case", cites, when=when, src=src, case=k.label,
                        latest=both(format_date, k.latest_start))
        if k.earliest_start and start < k.earliest_start:
            return crit(c.id, "fail", "criterion.start.too_early_case", cites, when=when, src=src, case=k.label,
                        earliest=both(format_date, k.earliest_start))
    out = [x for x in dated if ((x.latest_start and start > x.latest_start) or (x.earliest_start and start < x.earliest_start))
           and not of_another_case(x.label, p.project.summary or "")]  # "(… pour l'axe 3)" and "un projet axe 1"
    if c.latest and start > c.latest:
        return crit(c.id, "fail", "criterion.start.too_late", cites, when=when, src=src, latest=both(format_month, c.latest))
    if c.earliest and start < c.earliest:
        return crit(c.id, "fail", "criterion.start.too_early", cites, when=when, src=src, earliest=both(format_month, c.earliest))
    if out and k is None:  # a start the call's window admits, not the one it sets for a case the question does not name
        x = out[0]
        bound = {lang: msg(f"criterion.start.case_{'latest' if x.latest_start and start > x.latest_start else 'earliest'}", lang,
                           date=format_date(x.latest_start if x.latest_start and start > x.latest_start else x.earliest_start, lang))
                 for lang in ("fr", "en")}
        return crit(c.id, "warn", "criterion.start.by_case", quoted_first(cites, x.quote), when=when, src=src, case=x.label, bound=bound)
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
    k = named_case([x for x in c.cases if x.min_months is not None or x.max_months is not None], p.project.summary or "")
    if k is not None:  # "un parcours axe 2 de 4 mois": that case's row decides ("Axe 2 – … | 3 à 6 mois")
        lo, hi = k.min_months, k.max_months
        cites = quoted_first(cites, k.quote)
    finish = end or (_add_months(start, given) if start and given is not None and not p.project.duration_bound else None)
    other = [x for x in c.cases if (x.min_months is None or months >= x.min_months - 1e-9) and (
        x.max_months is None or months <= x.max_months + 1e-9) and not of_another_case(x.label, p.project.summary or "")] if k is None else []
    if c.latest_end is not None and finish is not None and finish > c.latest_end and not (hi is not None and months > hi + 1e-9 and not other):
        # (a project longer than the call's maximum is answered by that maximum first: "30 mois, au-delà de 24 mois")
        year = str(c.latest_end.year)
        cites = [x for x in cites if year in x.quote] + [x for x in cites if year not in x.quote]
        return crit(c.id, "fail", "criterion.duration.ends_late", cites, src=src,
                    start={lang: format_date(start, lang) for lang in ("fr", "en")} if start else src,
                    latest={lang: format_date(c.latest_end, lang) for lang in ("fr", "en")})
    if other and ((hi is not None and months > hi + 1e-9) or (lo is not None and months < lo - 1e-9)):
        # "22 mois" and "de 12 à 18 mois pour les axes 1 et 2 ; de 12 à 24 mois pour l'axe 3", no axis named
        unit = {"fr": ("à", "mois"), "en": ("to", "months")}
        span = {lang: (f"{num(lo)} {unit[lang][0]} {num(hi)}" if lo is not None and hi is not None else num(hi if hi is not None else lo))
                + f" {unit[lang][1]}" for lang in ("fr", "en")}
        return crit(c.id, "warn", "criterion.duration.by_case", quoted_first(cites, other[0].quote), src=src, min_max=span,
                    case=" / ".join(x.label for x in other))
    if hi is not None and months > hi + 1e-9:
        if c.latest_end is not None and finish is not None and finish > c.latest_end:  # and it would end too late as well
            return crit(c.id, "fail", "criterion.duration.too_long_late", cites, src=src, max=num(hi),
                        latest={lang: format_date(c.latest_end, lang) for lang in ("fr", "en")})
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


def lowered(c: Constraint, said: str, cites: list[Citation], key: str, **values: object) -> CriterionResult:
    """A value below the call's limit but within the lower one it grants on a condition (`c.lowered_quotes`: "Le plancher
    est ramené à 6 000 € pour les projets …", "Par dérogation, les jeunes de 16 et 17 ans …"): pass when the applicant
    meets the condition, fail when it states its opposite, warn when it says nothing of it; the condition quoted first."""
    from .conditions import condition_met

    clause = " ".join(c.lowered_quotes)
    status, case = {True: ("pass", "lowered_met"), False: ("fail", "lowered_unmet")}.get(condition_met(clause, said), ("warn", "lowered"))
    return crit(c.id, status, f"{key}.{case}", quoted_first(cites, c.lowered_quotes[0]), clause=clause.rstrip(" ."), **values)


def _raised(c: Constraint, clause: str, said: str, cites: list[Citation], key: str, otherwise: list[str] | None = None,
            cell: bool = False, **values: object) -> CriterionResult:
    """A value beyond the call's limit but within the higher one it grants on a condition (`c.raised_quotes`): pass
    when the applicant meets the condition, fail when it states its opposite or the case of the ordinary limit
    (`otherwise`: "une structure seule" when it says "on dépose seule"), warn when it says nothing of it; the
    condition's quote first. `cell`: the condition is a table cell's case (see `conditions.condition_met`)."""
    from .conditions import condition_met
    from .participants import joint_or_sole

    met = condition_met(clause, said, cell)
    if met is None and any(condition_met(other, said) for other in otherwise or []):
        met = False
    if met is None and joint_or_sole(clause, said) is False:  # "… porté par un consortium" and "seule, pas de consortium"
        met = False  # (saying "consortium" is not enough to meet it: the call may ask more of one elsewhere)
    status, case = {True: ("pass", "raised_met"), False: ("fail", "raised_unmet")}.get(met, ("warn", "raised"))
    raised = sorted((x for x in cites if x.quote in c.raised_quotes), key=lambda x: c.raised_quotes.index(x.quote))
    return crit(c.id, status, f"{key}.{case}", raised + [x for x in cites if x not in raised], **values)


def _dated_with_year(text: str, day: date) -> bool:
    """Whether a text writes this day with its year ("le 29 avril 2027", "29/04/2027"), not only the day and month
    ("dépôt le 29 avril", though "juillet 2027" stands elsewhere in it)."""
    from .fmt import MONTHS_FR

    f = fold(text)
    month = fold(MONTHS_FR[day.month - 1])
    return bool(re.search(rf"\b0?{day.day}(?:er)?\s+{month}\s+{day.year}\b|\b0?{day.day}/0?{day.month}/(?:{day.year}|{day.year % 100})\b", f))


def check_deadline(c: Constraint, p: Profile, cites: list[Citation]) -> CriterionResult:
    """The date the dossier is (to be) sent against the deadline (inclusive)."""
    sent, deadline = p.dossier.submission_date, c.deadline
    if sent is None or deadline is None:
        return crit(c.id, "unknown", "criterion.deadline.missing", cites)
    dated = [k for k in c.cases if k.deadline]
    if dated:  # "communes, EPCI, CCAS et CIAS : 30 avril": the applicant's kind picks its deadline
        k = applicant_case(dated, p)
        if k is not None:
            c = c.model_copy(update={"deadline": k.deadline, "deadline_time": k.deadline_time, "cases": []})
            return check_deadline(c, p, quoted_first(cites, k.quote))
        first = min(k.deadline for k in dated)
        if first < sent <= deadline:
            return crit(c.id, "warn", "criterion.deadline.by_case", cites, "criterion.deadline.case_question",
                        first=both(format_date, first), deadline=both(format_date, deadline))
    said = p.project.summary or ""
    shown = both(format_date, sent)
    if said and not _dated_with_year(said, sent):  # "on déposera le 28 avril": the day as said, no year the applicant did not give
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
    if sent == deadline and not p.dossier.submission_time and p.dossier.submission_from and c.deadline_time and (
            _after(p.dossier.submission_from, c.deadline_time)):  # "ce soir", the deadline at noon: too late
        values["sent_time"] = {"fr": f" ({p.dossier.submission_period})", "en": f" ({p.dossier.submission_period})"}
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


def _lab(table: str, key: str, lang: str) -> str:
    """The label of a words.yaml kind (a format, a channel) in a language."""
    from .facts import generic_words

    return (((generic_words().get(table, {}) or {}).get(key) or {}).get("label") or {}).get(lang, key)


def _kinds_check(c: Constraint, named: list[str], table: str, cites: list[Citation]) -> CriterionResult:
    def lab(key: str, lang: str) -> str:
        return _lab(table, key, lang)

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
        r = _kinds_check(c, p.dossier.channels, "channels", cites)
        fallback = _fallback_for(c, p, cites) if r.status == "fail" else None
        if fallback is not None:  # "la plateforme ne marche plus" and "en cas d'indisponibilité de la plateforme, … à …"
            return crit(c.id, "pass", "criterion.channels.fallback", quoted_first(cites, fallback.quote), item=fallback.quote.rstrip(" ;."),
                        named={lang: ", ".join(_lab("channels", k, lang) for k in p.dossier.channels if k not in c.allowed) for lang in ("fr", "en")})
        return r
    return _kinds_check(c.model_copy(update={"allowed": k.channels, "excluded": []}), p.dossier.channels, "channels",
                        quoted_first(cites, k.quote))


def _fallback_for(c: Constraint, p: Profile, cites: list[Citation]) -> Citation | None:
    """The call's clause admitting another way for when its platform fails, when the applicant says its platform fails
    (words.yaml `channel_failure` beside a word of the platform)."""
    from .calls.draft_values import FALLBACK
    from .facts import generic_words

    said = f" {re.sub(r'[^a-z0-9]+', ' ', fold(p.project.summary or ''))} "
    words = generic_words()
    platform = [fold(w) for w in ((words.get("channels") or {}).get("platform") or {}).get("words", [])]
    failing = [fold(w) for w in words.get("channel_failure") or []]
    if not any(f" {w} " in said for w in platform) or not any(f" {w} " in said for w in failing):
        return None
    named = [fold(w) for k in p.dossier.channels if k not in c.allowed for w in ((words.get("channels") or {}).get(k) or {}).get("words", [])]
    return next((x for x in cites if FALLBACK.search(fold(x.quote)) and any(w in fold(x.quote) for w in platform)
                 and (any(f" {w} " in f" {fold(x.quote)} " for w in named) or "@" in x.quote)), None)


def _reach(p: Profile) -> str:
    """What the applicant says of the people its project serves: its description, publics, actions and indicators."""
    pr = p.project
    parts = [x for x in dict.fromkeys([pr.summary or "", *pr.publics, *pr.objectives, *pr.actions, *pr.indicators]) if x]
    return " \n".join(x for x in parts if not any(x in y and x != y for y in parts))  # a dossier's words once


# --------------------------------------------------------------------------- the evaluator

@lru_cache(maxsize=1)
def _numeric() -> dict:
    """The checks of the constraints weighed on the project's own figures, by kind; the money checks live in
    money_checks.py and the checks of the people served in people_checks.py, which use this module's `crit` and
    `_raised` (hence imported on first use)."""
    from .money_checks import check_amount, check_cofinancing, check_envelope, check_funding_rate, check_own_funds
    from .people_checks import check_age, check_participants

    return {"start": check_start, "duration": check_duration, "amount": check_amount, "envelope": check_envelope,
            "funding_rate": check_funding_rate, "deadline": check_deadline, "format": check_format, "channel": check_channel,
            "age": check_age, "cofinancing": check_cofinancing, "own_funds": check_own_funds,
            "participants": check_participants}


def evaluate(profile: Profile, spec: CallSpec, territory: Territory | None = None,
             only: set[str] | None = None) -> list[CriterionResult]:
    """Each constraint of the call (or those of kinds/ids in `only`) evaluated over the facts, in the call's order."""
    from .conditions import APPLICANT_PLACES

    token = APPLICANT_PLACES.set(_places(profile, territory))
    try:
        out = _evaluate(profile, spec, territory, only)
    finally:
        APPLICANT_PLACES.reset(token)
    capped = any(c.kind == "amount" and c.max_eur is not None for c in spec.effective_constraints())
    for r in out:  # a cap per project says more than a share of the envelope: within it, the share is no warning
        if capped and r.kind == "envelope" and r.status == "warn":
            r.status = "pass"
            r.explanation, r.explanation_en = msg("criterion.envelope.within_cap", "fr"), msg("criterion.envelope.within_cap", "en")
    return out


def _places(profile: Profile, territory: Territory | None) -> tuple[frozenset[str], frozenset[str], bool] | None:
    """The communes of the action the applicant names (resolved by the call's territory), their intercommunalities with
    those it names itself ("sur la CC du Sammiellois"), and whether every commune was placed."""
    if territory is None:
        return None
    every = [territory.resolve(n) for n in profile.project.communes]
    found = [m for m in every if m.insee and m.status == "in"]
    areas = {m.epci_name for m in found if m.epci_name} | territory.epcis_in_text(profile.project.summary or "")
    if not every and not areas:
        return None
    return frozenset(m.insee for m in found), frozenset(areas), len(found) == len(every)


def _case_of_theme(p: Profile, spec: CallSpec) -> Profile:
    """A project that names no axis (lot…) but whose theme is one ("un projet d'hébergement des saisonniers" and "Axe 3 –
    Hébergement temporaire des saisonniers"): the theme's title joins what the applicant says, so the values the call
    sets for that case (its row, its start bound) apply; a project that names a number of the family keeps it."""
    from .cases import CASE_LABEL, named_numbers
    from .facts import call_words
    from .textnorm import fold
    from .themes import theme_label

    if not p.project.theme:
        return p
    title = theme_label(call_words(spec), p.project.theme)
    m = CASE_LABEL.match(fold(title))
    said = p.project.summary or ""
    if not m or named_numbers(m.group(1), fold(said)):
        return p
    return p.model_copy(update={"project": p.project.model_copy(update={"summary": f"{said} ({title})"})})


def _evaluate(profile: Profile, spec: CallSpec, territory: Territory | None, only: set[str] | None) -> list[CriterionResult]:
    from . import eligibility  # the word-list criteria (applicant, theme, territory) live there

    profile = _case_of_theme(profile, spec)
    out: list[CriterionResult] = []
    for c in spec.effective_constraints():
        if only is not None and c.id not in only and c.kind not in only:
            continue
        cites = spec.constraint_citations(c)
        if c.kind in _numeric():
            r = _numeric()[c.kind](c, profile, cites)
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
            from .seat import check_seat  # (it reads this module's crit)

            r = check_seat(c, profile, territory, cites)
        elif c.kind == "residents":
            if territory is None:
                continue
            from .people_checks import check_residents

            r = check_residents(c, profile, territory, cites)
        elif c.kind == "seniority":
            deadline = next((d.deadline for d in spec.effective_constraints() if d.kind == "deadline" and d.deadline), None)
            from .seniority import check_seniority  # (it reads this module's crit)

            r = check_seniority(c, profile, cites, deadline, spec)
        else:  # pragma: no cover - the model's Literal forbids it
            continue
        if r.status == "unknown" and c.kind in _numeric():
            own = _call_question(spec, c.id)  # the call's own wording of the question, when it has one
            if own:
                r.questions_fr, r.questions_en = [own[0]], [own[1]]
        if r.status == "fail" and not c.blocking and not r.hard:
            r.status = "warn"
        r.label_fr, r.label_en = constraint_label(c, "fr"), constraint_label(c, "en")
        r.kind = c.kind
        r.citations = _with_sequels(spec, r.citations)
        out.append(r)
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
