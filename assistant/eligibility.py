"""Eligibility of a project, criterion by criterion: the call's constraints evaluated over the project's facts.

`check_profile` evaluates every constraint of the call (constraints.evaluate) over a Profile; `check_text` first
reads a free French or English description into a Profile (facts.read_facts). The word-list criteria (applicant,
theme, territory) are here; the numeric ones (start, duration, amounts, funding rate) are in constraints.py.
`eligibility_answer` renders a compact Markdown answer whose figures all come from the citations or the input.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from pydantic import Field

from .calls.spec import CallSpec, Constraint
from .constraints import ICONS, CriterionResult, crit as crit_msg, evaluate, verdict_of
from .errors import InputError
from .facts import (
    _check_sane, _data, _Data, _names, _question, _rule_cites, _show, _structure_type, detect_language,
    extract_profile, recognise_theme, _theme_key, _EN_WORDS, _FR_WORDS,
)
from .fmt import format_date, format_eur, format_month
from .messages import msg
from .territory import Territory, normalize
from .types import CallStatus, Citation, Eligibility, Profile

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000


class EligibilityReport(Eligibility):
    """An Eligibility that keeps the deadline clause, so the answer can quote it when the call is closed."""

    deadline_citations: list[Citation] = Field(default_factory=list, exclude=True)
    language: str = Field(default="fr", exclude=True)


def _crit(cid: str, status: str, fr: str, en: str, citations: list[Citation], questions: tuple[str, str] | None = None) -> CriterionResult:
    qfr, qen = ([questions[0]], [questions[1]]) if questions else ([], [])
    return CriterionResult(
        id=cid, status=status, explanation=fr, explanation_en=en, citations=citations, questions_fr=qfr, questions_en=qen
    )


def check_applicant(c: Constraint, p: Profile, spec: CallSpec, cites: list[Citation]) -> CriterionResult:
    """The structure's type against the types the call admits and excludes."""
    d = _data(spec)
    s = p.structure
    declared = normalize(s.type or "")
    label = lambda t, lang: (d.types.get(t, {}).get("label", {}) or {}).get(lang, t)  # noqa: E731
    who = {lang: (c.who.get(lang) if c.who else msg("criterion.applicant.who_default", lang)) for lang in ("fr", "en")}
    described = " ".join(normalize(x or "") for x in (s.name, s.activities, s.governance, s.members))
    if declared in ("particulier", "individu", "individual") or (not declared and d.individual.find(described)):
        r = crit_msg(c.id, "unknown", "criterion.applicant.individual", cites, who=who)
        r.questions_fr, r.questions_en = [_question(d, "applicant", "individual")[0]], [_question(d, "applicant", "individual")[1]]
        return r
    t = declared.replace(" ", "_") if declared.replace(" ", "_") in d.types else None
    if t is None and declared:
        t = _structure_type(declared, d)
    if t is None:
        t = _structure_type(described, d)
    if t:
        typ = {"fr": label(t, "fr"), "en": label(t, "en")}
        if t in c.excluded:
            return crit_msg(c.id, "fail", "criterion.applicant.excluded", cites, type=typ)
        if c.allowed and t not in c.allowed:
            allowed = {lang: ", ".join(label(x, lang) for x in c.allowed) for lang in ("fr", "en")}
            return crit_msg(c.id, "fail", "criterion.applicant.not_allowed", cites, type=typ, allowed=allowed)
        name = {"fr": f" « {s.name} »" if s.name else "", "en": f" “{s.name}”" if s.name else ""}
        return crit_msg(c.id, "pass", "criterion.applicant.pass_typed", cites, name=name, type=typ, who=who)
    if s.name or declared:
        return crit_msg(c.id, "pass" if not (c.allowed or c.excluded) else "unknown", "criterion.applicant.pass_named", cites,
                        what=s.name or s.type or "", who=who)
    r = crit_msg(c.id, "unknown", "criterion.applicant.missing", cites)
    r.questions_fr, r.questions_en = [_question(d, "applicant", "missing")[0]], [_question(d, "applicant", "missing")[1]]
    return r


def check_theme(con: Constraint, p: Profile, spec: CallSpec, cites: list[Citation]) -> CriterionResult:
    """The theme the project addresses, declared or read from its description."""
    d = _data(spec)
    pr = p.project
    text = " . ".join(
        x for x in [pr.title, pr.summary, " ; ".join(pr.publics), " ; ".join(pr.actions), " ; ".join(pr.objectives),
                    pr.innovation, p.structure.motivation] if x
    )
    general = cites or _rule_cites(spec, d, "theme")
    declared = _theme_key(pr.theme, d)
    found, why, info = recognise_theme(text, d)

    def lab(k: str, lang: str) -> str:
        return (d.themes[k]["label"] or {}).get(lang, k)

    def cites_for(k: str) -> list[Citation]:
        rid = d.themes[k]["rule"]
        specific = spec.rule_citations(rid)[:1] if rid else []
        return general[:1] + specific

    own = " . ".join(x for x in [pr.title, pr.summary, " ; ".join(pr.actions), " ; ".join(pr.objectives), pr.innovation] if x)
    words = _show(own, why) or _show(text, why)
    if declared and found == declared and words:
        return _crit(
            con.id, "pass",
            f"Le projet relève de la {lab(declared, 'fr')} : la description parle de {words}.",
            f"The project falls under {lab(declared, 'en')}: the description mentions {words}.",
            cites_for(declared),
        )
    if declared:
        extra_fr = extra_en = ""
        if info["off_topic"] and not any(sc["strong"] or sc["anchors"] for sc in info["scores"].values()):
            return _crit(
                con.id, "warn",
                f"Thème déclaré : {lab(declared, 'fr')}, mais la description n'en parle pas "
                f"({', '.join(info['off_topic'][:3])}) : montrez le lien avec ce thème.",
                f"Declared theme: {lab(declared, 'en')}, but the description does not mention employment "
                f"({', '.join(info['off_topic'][:3])}): show the link with employment.",
                cites_for(declared),
            )
        return _crit(
            con.id, "pass",
            f"Le projet relève de la {lab(declared, 'fr')}, déclarée dans le profil{extra_fr}.",
            f"The project falls under {lab(declared, 'en')}, as declared in the profile{extra_en}.",
            cites_for(declared),
        )
    if found:
        return _crit(
            con.id, "pass",
            f"Le projet relève de la {lab(found, 'fr')} : la description parle de {words}.",
            f"The project falls under {lab(found, 'en')}: the description mentions {words}.",
            cites_for(found),
        )
    labels_fr = " ; ".join(lab(k, "fr") for k in d.themes)
    labels_en = " ; ".join(lab(k, "en") for k in d.themes)
    if not text.strip() or (pr.theme and not declared and not pr.summary and not pr.actions):
        if pr.theme:
            return _crit(
                con.id, "unknown",
                f"Thème « {pr.theme} » non reconnu : il doit s'agir de l'un des thèmes de l'appel ({labels_fr}).",
                f"Theme “{pr.theme}” not recognised: it must be one of the call's themes ({labels_en}).",
                general, _question(d, "theme", "missing"),
            )
        return _crit(
            con.id, "unknown",
            "Le contenu du projet n'est pas décrit : impossible de dire à quel thème de l'appel il répond.",
            "The project's content is not described: it cannot be matched to one of the call's themes.",
            general, _question(d, "theme", "missing"),
        )
    any_anchor = any(sc["anchors"] or sc["strong"] for sc in info["scores"].values())
    words = info["norm"].split()
    # a real description of 8 words or more has a few common words; gibberish has not: it stays "unknown"
    substantial = len(words) >= 8 and len({w for w in words if len(w) > 1 and (w in _FR_WORDS or w in _EN_WORDS)}) >= 2
    if info["off_topic"] or (not any_anchor and substantial):
        shown = ", ".join(info["off_topic"][:3])
        return _crit(
            con.id, "fail",
            f"Le projet ne répond à aucun des thèmes de l'appel ({labels_fr})"
            + (f" : il porte sur {shown}, sans lien avec ces thèmes." if shown else " : la description n'en parle pas."),
            f"The project addresses none of the call's themes ({labels_en})"
            + (f": it is about {shown}, with no link to them." if shown else ": the description does not mention them."),
            general,
        )
    return _crit(
        con.id, "unknown",
        "La description ne permet pas de dire à quel thème de l'appel le projet répond.",
        "The description does not show which of the call's themes the project addresses.",
        general, _question(d, "theme", "missing"),
    )


def check_territory(con: Constraint, p: Profile, spec: CallSpec, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """Where the action takes place (not the seat) against the call's territory."""
    d = _data(spec)
    rule = cites or _rule_cites(spec, d, "territory")
    tname = spec.territory.name
    seat = territory.resolve(p.structure.commune) if p.structure.commune else None
    matches = [territory.resolve(c) for c in p.project.communes if c and c.strip()]
    seat_fr = seat_en = ""
    seat_cites: list[Citation] = []
    if seat and seat.status in ("in", "out") and seat.insee not in {m.insee for m in matches}:
        where_fr = "dans le territoire de l'appel" if seat.status == "in" else "hors du territoire de l'appel"
        where_en = "inside the call's territory" if seat.status == "in" else "outside the call's territory"
        seat_fr = (f" Le siège de la structure ({seat.name}) est {where_fr} : cela ne compte pas, seul le lieu où "
                   "l'action est menée compte.")
        seat_en = (f" The organisation's seat ({seat.name}) is {where_en}: that does not matter, only where the "
                   "action takes place counts.")
        seat_cites = [seat.citation] if seat.citation else []
    if not matches:
        return _crit(
            con.id, "unknown",
            "Les communes où l'action sera menée ne sont pas indiquées." + seat_fr,
            "The communes where the action will take place are not given." + seat_en,
            rule + seat_cites, _question(d, "territory", "missing"),
        )
    outs = [m for m in matches if m.status == "out"]
    unclear = [m for m in matches if m.status in ("unknown", "ambiguous")]
    ins = [m for m in matches if m.status == "in"]
    fixed = [m for m in matches if m.fuzzy and m.status in ("in", "out")]
    fix_fr = "".join(f" « {m.query} » est lu comme {m.name}." for m in fixed)
    fix_en = "".join(f" “{m.query}” is read as {m.name}." for m in fixed)
    if outs:
        listed_fr = ", ".join(f"{m.name} ({m.epci_name})" for m in outs)
        return _crit(
            con.id, "fail",
            f"L'action est prévue hors du {tname} : {listed_fr}. Le projet doit être déployé sur ce territoire."
            + fix_fr + seat_fr,
            f"The action is planned outside the {tname}: {listed_fr}. The project must be deployed in that territory."
            + fix_en + seat_en,
            rule + [m.citation for m in outs if m.citation] + seat_cites,
        )
    if unclear:
        parts_fr, parts_en, qs_fr, qs_en = [], [], [], []
        for m in unclear:
            if m.status == "ambiguous":
                hint_fr = f"plusieurs communes correspondent ({', '.join(m.suggestions)}), laquelle ?"
                hint_en = f"several communes match ({', '.join(m.suggestions)}), which one?"
            elif m.suggestions:
                hint_fr = f"vouliez-vous dire {' ou '.join(m.suggestions[:3])} ?"
                hint_en = f"did you mean {' or '.join(m.suggestions[:3])}?"
            else:
                hint_fr = "vérifiez l'orthographe ou donnez le code postal."
                hint_en = "check the spelling or give the postal code."
            parts_fr.append(f"« {m.query} » ({hint_fr})")
            parts_en.append(f"“{m.query}” ({hint_en})")
            qfr, qen = _question(d, "territory", "unknown", name=m.query, hint=hint_fr)
            qs_fr.append(qfr)
            qs_en.append(_question(d, "territory", "unknown", name=m.query, hint=hint_en)[1])
        ok_fr = f" Dans le territoire : {_names(ins)}." if ins else ""
        ok_en = f" Inside the territory: {_names(ins)}." if ins else ""
        c = _crit(
            con.id, "unknown",
            "Commune non reconnue : " + " ; ".join(parts_fr) + "." + ok_fr + fix_fr + seat_fr,
            "Commune not recognised: " + " ; ".join(parts_en) + "." + ok_en + fix_en + seat_en,
            rule + [m.citation for m in ins if m.citation] + seat_cites,
        )
        c.questions_fr, c.questions_en = qs_fr, qs_en
        return c
    epcis = sorted({m.epci_name for m in ins if m.epci_name})
    return _crit(
        con.id, "pass",
        f"Toutes les communes de l'action sont dans le {tname} : {_names(ins)} ({', '.join(epcis)})." + fix_fr + seat_fr,
        f"Every commune of the action is in the {tname}: {_names(ins)} ({', '.join(epcis)})." + fix_en + seat_en,
        rule + [m.citation for m in ins if m.citation] + seat_cites,
    )



def check_profile(profile: Profile, spec: CallSpec, territory: Territory, as_of: date, lang: str = "fr") -> Eligibility:
    """Eligibility of a profile: one criterion per constraint of the call, a verdict, the call's status, the questions left."""
    _check_sane(profile)
    d = _data(spec)
    # the project's constraints; how and when the dossier is sent is the call's status and the review's business
    criteria = [r for r in evaluate(profile, spec, territory) if r.kind not in ("deadline", "format", "channel")]
    verdict = verdict_of(criteria)
    deadline = spec.dates.deadline
    status = CallStatus(open=as_of <= deadline, deadline=deadline, as_of=as_of)
    questions = [q for c in criteria for q in (c.questions_en if lang == "en" else c.questions_fr)]
    notes = []
    budget = profile.budget
    if budget.requested_eur and budget.lines and abs(sum(ln.amount_eur for ln in budget.lines) - budget.requested_eur) > 0.5 \
            and not any(c.kind == "funding_rate" for c in spec.effective_constraints()):
        notes.append(
            "The amount requested differs from the total of the budget lines; the amount requested was used."
            if lang == "en" else
            "Le montant demandé diffère du total des lignes du budget ; c'est le montant demandé qui a été retenu."
        )
    if not status.open:
        notes.append(
            "The call is closed: applications are no longer accepted." if lang == "en"
            else "L'appel est clos : les candidatures ne sont plus acceptées."
        )
    return EligibilityReport(
        verdict=verdict,
        call_status=status,
        criteria=criteria,
        questions=questions,
        profile=profile,
        notes=notes,
        deadline_citations=_rule_cites(spec, d, "deadline"),
        language=lang,
    )


def check_text(text: str, spec: CallSpec, territory: Territory, as_of: date) -> Eligibility:
    """Eligibility of a project described in free French or English text, with the questions still to ask."""
    if text is None or not str(text).strip():
        raise InputError(
            "La description est vide : décrivez le projet (structure, communes de l'action, démarrage, durée, montant demandé)."
        )
    text = str(text)
    cut = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    lang = detect_language(text)
    profile, notes = extract_profile(text, spec, territory)
    e = check_profile(profile, spec, territory, as_of, lang=lang)
    if cut:
        notes.append(
            f"The description was cut to its first {MAX_TEXT_CHARS} characters." if lang == "en"
            else f"La description a été coupée à ses {MAX_TEXT_CHARS} premiers caractères."
        )
    e.notes = notes + e.notes
    return e


def eligibility_answer(e: Eligibility, lang: str = "fr") -> tuple[str, list[Citation]]:
    """A compact Markdown answer: the verdict, one line per criterion with cited clauses, the questions left."""
    en = lang == "en"
    cites: list[Citation] = []
    index: dict[tuple[str, str, str], int] = {}

    def mark(cs: list[Citation]) -> str:
        out = []
        for c in cs:
            key = (c.source, c.locator, c.quote)
            if key not in index:
                cites.append(c)
                index[key] = len(cites)
            n = index[key]
            if f"[{n}]" not in out:
                out.append(f"[{n}]")
        return "".join(out)

    head = {
        "eligible": ("**Verdict : éligible** — chaque critère vérifiable est rempli.",
                     "**Verdict: eligible** — every criterion that can be checked is met."),
        "not_eligible": ("**Verdict : non éligible** — au moins un critère n'est pas rempli.",
                         "**Verdict: not eligible** — at least one criterion is not met."),
        "incomplete": ("**Verdict : à compléter** — il manque des informations pour conclure.",
                       "**Verdict: incomplete** — some information is missing to conclude."),
    }[e.verdict][1 if en else 0]
    lines = [head, ""]
    for c in e.criteria:
        expl = getattr(c, "explanation_en", "") if en else c.explanation
        expl = expl or c.explanation
        m = mark(c.citations)
        lines.append(f"- {ICONS.get(c.status, '•')} **{c.label('en' if en else 'fr') if isinstance(c, CriterionResult) else c.id}** — {expl}{' ' + m if m else ''}")
    if not e.call_status.open:
        dl = getattr(e, "deadline_citations", []) or []
        if dl:
            m = mark(dl)
            lines += ["", (f"⚠️ The call closed on {format_date(e.call_status.deadline, 'en')} {m}: applications are no longer accepted."
                           if en else f"⚠️ L'appel a été clos le {format_date(e.call_status.deadline)} {m} : les candidatures ne sont plus acceptées.")]
        else:
            lines += ["", "⚠️ The call is closed: applications are no longer accepted." if en
                      else "⚠️ L'appel est clos : les candidatures ne sont plus acceptées."]
    qs: list[str] = []
    for c in e.criteria:
        qs += list(getattr(c, "questions_en" if en else "questions_fr", []) or [])
    if not any(hasattr(c, "questions_fr") for c in e.criteria):
        qs = list(e.questions)
    if qs:
        lines += ["", "**Still to tell me:**" if en else "**À préciser :**"] + [f"- {q}" for q in qs]
    return "\n".join(lines), cites

