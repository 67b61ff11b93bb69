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

from pydantic import Field

from .calls.spec import CallSpec, Constraint
from .constraints import ICONS, CriterionResult, crit as crit_msg, evaluate, verdict_of
from .errors import CorpusError, InputError
from .facts import (
    _check_sane, _data, _Data, _names, _question, _rule_cites, _show, _structure_type, detect_language,
    extract_profile, recognise_theme, _theme_key, _EN_WORDS, _FR_WORDS,
)
from .fmt import format_date
from .admission import (_CONDITION, _EXCEPT, _excluded_item, _excluded_title, _exclusions, _lacks, _meets, _only_partner,
                        _outside_exception, _says_lacking)
from .kind_clauses import (_admitted_by_name, _exception_met, _kept_to_other_cases, _names_type, _naming_first, _plural,
                           _same_kind_excluded, _sub_kind_excluded, _type_words)
from .seniority import required_months
from .messages import msg
from .territory import Territory, normalize
from .textnorm import fold, translate_en
from .types import CallStatus, Citation, Eligibility, Profile

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000


class EligibilityReport(Eligibility):
    """An Eligibility that keeps the deadline clause, so the answer can quote it when the call is closed."""

    deadline_citations: list[Citation] = Field(default_factory=list, exclude=True)
    language: str = Field(default="fr", exclude=True)


def check_applicant(c: Constraint, p: Profile, spec: CallSpec, cites: list[Citation]) -> CriterionResult:
    """The structure's type against the types the call admits and excludes."""
    d = _data(spec)
    s = p.structure
    declared = normalize(s.type or "")
    label = lambda t, lang: (d.types.get(t, {}).get("label", {}) or {}).get(lang, t)  # noqa: E731
    who = {lang: (c.who.get(lang) if c.who else msg("criterion.applicant.who_default", lang)) for lang in ("fr", "en")}
    described = " ".join(normalize(x or "") for x in (s.name, s.activities, s.governance, s.members))
    # what the applicant says of itself, with the call's French words for the English ones ("a for-profit micro-nursery":
    # « micro-crèche … à but lucratif »), so that the call's clauses on kinds read it
    summary = p.project.summary or ""
    said_norm = normalize(translate_en(summary) if summary and detect_language(summary) == "en" else summary)
    if declared in ("particulier", "individu", "individual") or (not declared and d.individual.find(described)):
        out = _exclusions(spec, cites)
        ruled = next((x for x in cites if x.quote in out and any(
            re.search(rf"\b{_plural(w)}\b", normalize(x.quote)) for w in d.individual.phrases if len(w) > 4)), None)
        if ruled is not None:  # "Ne peuvent pas candidater : les personnes physiques…"
            return crit_msg(c.id, "fail", "criterion.applicant.individual_excluded", [ruled, *[x for x in cites if x is not ruled]],
                            who=who)
        r = crit_msg(c.id, "unknown", "criterion.applicant.individual", cites, who=who)
        r.questions_fr, r.questions_en = [_question(d, "applicant", "individual")[0]], [_question(d, "applicant", "individual")[1]]
        return r
    funded = _excluded_title(spec, cites, p.project.summary or "")
    if funded is not None:  # "la Région nous finance déjà cette action via « Mobilités solidaires »", which the call rules out
        return crit_msg(c.id, "fail", "criterion.applicant.excluded_title", [funded[0], *[x for x in cites if x is not funded[0]]],
                        title={"fr": funded[1], "en": funded[1]}, item={"fr": funded[0].quote.rstrip(" ;.,"), "en": funded[0].quote.rstrip(" ;.,")})
    t = declared.replace(" ", "_") if declared.replace(" ", "_") in d.types else None
    if t is None and not declared:
        hit = _excluded_item(spec, cites, p.project.summary or described)
        if hit is not None:  # "je suis assistante maternelle" and the call excludes "les assistants maternels…"
            r = crit_msg(c.id, "pass" if hit[2] else "fail",
                         "criterion.applicant.excepted_item" if hit[2] else "criterion.applicant.excluded_item", [hit[0], *[x for x in cites if x is not hit[0]]],
                            said={"fr": hit[1], "en": hit[1]}, item={"fr": hit[0].quote.rstrip(" ;.,"), "en": hit[0].quote.rstrip(" ;.,")})
            r.stated = True
            return r
    if t is None and declared:
        t = _structure_type(declared, d)
    if t is None:
        t = _structure_type(described, d)
    if t:
        typ = {"fr": label(t, "fr"), "en": label(t, "en")}
        named = _admitted_by_name(t, d, spec, cites, " ".join([declared, described, said_norm]))
        if named is None and t not in c.excluded:  # "je suis à la mairie de …" and "Ne peuvent pas déposer : les communes, …"
            ruled = _sub_kind_excluded(spec, cites, " ".join([declared, described, said_norm]))
            if ruled is not None:
                return crit_msg(c.id, "fail", "criterion.applicant.excluded_item", [ruled[0], *[x for x in cites if x is not ruled[0]]],
                                said={"fr": ruled[1], "en": ruled[1]}, item={"fr": ruled[0].quote.rstrip(" ;.,"), "en": ruled[0].quote.rstrip(" ;.,")})
        kept = _kept_to_other_cases(t, d, cites, said_norm)
        if kept is not None and (named is None or named is kept):
            # "les communes …, uniquement au titre de l'axe 1" and a project of the axis 2 (a CIAS its own item admits
            # is not a commune)
            return crit_msg(c.id, "fail", "criterion.applicant.kept_to_cases", [kept, *[x for x in cites if x is not kept]],
                            type=typ, item=kept.quote.rstrip(" ;.,"))
        said_named = " ".join([declared, described, said_norm])
        if named is not None and (_says_lacking(normalize(named.quote), said_named) or _lacks(normalize(named.quote), said_named)):
            # "Les sociétés coopératives (SCOP, SCIC) à condition de détenir l'agrément ESUS" and "une SCIC qui n'a pas
            # l'agrément": named, but without what the call asks of it
            name = {"fr": f" « {s.name} »" if s.name else "", "en": f" “{s.name}”" if s.name else ""}
            return crit_msg(c.id, "fail", "criterion.applicant.condition_unmet", [named, *[x for x in cites if x is not named]],
                            name=name, type=typ, item=named.quote.rstrip(" ;.,"))
        if named is not None and (t in c.excluded or t in c.conditional or (c.allowed and t not in c.allowed)):
            # "les SCOP et les SCIC" admitted by name, though other companies are excluded or conditional
            name = {"fr": f" « {s.name} »" if s.name else "", "en": f" “{s.name}”" if s.name else ""}
            if _APPROVAL.search(normalize(named.quote)) and not _states_condition(named.quote, said_named):
                # "y compris les SCOP, à condition de détenir l'agrément ESUS" and "et pour une SCOP ?": on that condition
                return crit_msg(c.id, "warn", "criterion.applicant.conditions", [named, *[x for x in cites if x is not named]],
                                name=name, type=typ, item=named.quote.rstrip(" ;.,"))
            return crit_msg(c.id, "pass", "criterion.applicant.pass_typed", [named, *[x for x in cites if x is not named]],
                            name=name, type=typ, who=who)
        if t in c.excluded:  # the call's own clause ruling this type out goes first
            out = _exclusions(spec, cites)  # the clause that rules it out, before any that names a kind of it
            said_all = " ".join([declared, described, said_norm])
            ruling = _naming_first(t, d, [x for x in cites if x.quote in out], said_all)
            return crit_msg(c.id, "fail", "criterion.applicant.excluded", ruling + [x for x in cites if x not in ruling], type=typ)
        if t in c.conditional:  # "les entreprises … ne disposant pas de l'agrément": the condition decides, not the type
            said_all = " ".join([declared, described, said_norm])
            ordered = _naming_first(t, d, cites, said_all)  # the item naming the applicant's own word first
            mine = [normalize(w) for w in _type_words(t, d) if len(w) > 2 and f" {normalize(w)} " in f" {said_all} "
                    and normalize(w) != normalize(str(label(t, "fr")))]
            if ordered and ordered[0].quote in _exclusions(spec, cites) and not _EXCEPT.search(normalize(ordered[0].quote)) and not re.search(
                    r"\bsans\b|ne dispos|non titulaire|qui ne|n ayant pas|a condition|sauf", normalize(ordered[0].quote)) and any(
                    re.search(rf" {_plural(w)}", f" {normalize(ordered[0].quote)} ") for w in mine):
                # "les auto-écoles commerciales agissant en leur nom propre" rules out the applicant's own kind, by name
                return crit_msg(c.id, "fail", "criterion.applicant.excluded", ordered, type=typ)
            same = _same_kind_excluded(t, d, [x for x in cites if x.quote in _exclusions(spec, cites)], said_all)
            if same is not None:  # "un établissement public de l'État" and "les établissements publics de l'État"
                return crit_msg(c.id, "fail", "criterion.applicant.excluded", [same, *[x for x in cites if x is not same]], type=typ)
            excepted = _exception_met(t, d, ordered, said_all)
            if excepted is not None:  # "Par exception, une intercommunalité exerçant la compétence d'autorité organisatrice
                # de la mobilité peut porter un projet de l'axe 2" and "la CC …, autorité organisatrice de la mobilité"
                return crit_msg(c.id, "pass", "criterion.applicant.conditions_met", [excepted, *[x for x in ordered if x is not excepted]],
                                type=typ, item=excepted.quote.rstrip(" ;.,"))
            lacking = next((x for x in ordered if _names_type(t, d, x) and (_lacks(normalize(x.quote), said_all) or _outside_exception(
                x.quote, said_all))), None)
            if lacking is not None:
                ordered = [lacking, *[x for x in ordered if x is not lacking]]
            meeting = next((x for x in ordered if _names_type(t, d, x) and _meets(normalize(x.quote), said_all)), None)
            if lacking is None and meeting is not None:  # "bénéficiant de l'agrément ESUS" and "SAS agréée ESUS"
                name = {"fr": f" « {s.name} »" if s.name else "", "en": f" “{s.name}”" if s.name else ""}
                return crit_msg(c.id, "pass", "criterion.applicant.pass_typed", [meeting, *[x for x in ordered if x is not meeting]],
                                name=name, type=typ, who=who)
            item = ordered[0] if ordered else None
            if item is not None and (_lacks(normalize(item.quote), said_all) or _outside_exception(item.quote, said_all)
                                     or _only_partner(item.quote, said_all)):
                # "entreprises … ne disposant pas de l'agrément ESUS" and the applicant says "sans agrément ESUS"
                return crit_msg(c.id, "fail", "criterion.applicant.excluded", ordered, type=typ)
            if item is not None and re.search(r"\bsauf (?:si|lorsqu)", normalize(item.quote)):
                # "les entreprises commerciales (SARL, SAS …), sauf si elles sont conventionnées comme SIAE" and "notre
                # entreprise d'insertion est une SARL conventionnée": the exception the applicant states decides
                from .conditions import condition_met

                spared = condition_met(re.split(r"\bsauf\b", item.quote, maxsplit=1)[1], said_all)
                if spared is not None:
                    return crit_msg(c.id, "pass" if spared else "fail",
                                    "criterion.applicant.conditions_met" if spared else "criterion.applicant.excluded", ordered,
                                    type=typ, item=item.quote.rstrip(" ;.,"))
            return crit_msg(c.id, "warn", "criterion.applicant.conditional", ordered, type=typ,
                            item=item.quote.rstrip(" ;.,") if item else "")
        if c.allowed and t not in c.allowed:
            allowed = {lang: ", ".join(label(x, lang) for x in c.allowed) for lang in ("fr", "en")}
            return crit_msg(c.id, "fail", "criterion.applicant.not_allowed", cites, type=typ, allowed=allowed)
        name = {"fr": f" « {s.name} »" if s.name else "", "en": f" “{s.name}”" if s.name else ""}
        out = _exclusions(spec, cites)  # a clause that rules out is not a condition of admission
        item = _conditions_of(t, d, [x for x in cites if x.quote not in out], declared + " " + described,
                              " ".join([declared, described, said_norm]))
        if item is not None and required_months(item.quote) is not None and any(
                x.kind == "seniority" for x in spec.effective_constraints()):
            item = None  # "déclarées depuis au moins un an": the structure's age is a constraint of its own
        if item is not None and _says_lacking(normalize(item.quote), " ".join([declared, described, said_norm])):
            # "les SCOP titulaires de l'agrément ESUS" and "une SCOP qui n'a pas l'agrément"
            return crit_msg(c.id, "fail", "criterion.applicant.condition_unmet", [item, *[x for x in cites if x is not item]],
                            name=name, type=typ, item=item.quote.rstrip(" ;.,"))
        if item is not None:  # "les associations déclarées depuis au moins un an": admitted, on the call's conditions
            return crit_msg(c.id, "warn", "criterion.applicant.conditions", [item, *[x for x in cites if x is not item]],
                            name=name, type=typ, item=item.quote.rstrip(" ;.,"))
        ordered = _naming_first(t, d, [x for x in cites if x.quote not in out], " ".join([declared, described, said_norm]))
        return crit_msg(c.id, "pass", "criterion.applicant.pass_typed", ordered + [x for x in cites if x not in ordered],
                        name=name, type=typ, who=who)
    if s.name or declared:
        return crit_msg(c.id, "pass" if not (c.allowed or c.excluded) else "unknown", "criterion.applicant.pass_named", cites,
                        what=s.name or s.type or "", who=who)
    r = crit_msg(c.id, "unknown", "criterion.applicant.missing", cites)
    r.questions_fr, r.questions_en = [_question(d, "applicant", "missing")[0]], [_question(d, "applicant", "missing")[1]]
    return r



def _crit(cid: str, status: str, key: str, citations: list[Citation], questions: tuple[str, str] | None = None,
          **values: object) -> CriterionResult:
    """A criterion whose explanation is the catalogue sentence `key`, with the call's questions still to ask."""
    r = crit_msg(cid, status, key, citations, **values)
    if questions:
        r.questions_fr, r.questions_en = [questions[0]], [questions[1]]
    return r


# a condition an item of admission sets on a kind it names, beyond what the kind is ("conventionnées" is what a SIAE is;
# its age is a constraint of its own): "à condition de détenir l'agrément ESUS", "titulaires du label …"
_APPROVAL = re.compile(r"\b(?:a condition|sous reserve|titulaires?|disposant|detien\w*|detenant|agree?e?s?\b|habilitee?s?|labellisee?s?|"
                       r"(?:uniquement|seulement) si)")


def _states_condition(quote: str, said: str) -> bool:
    """Whether the applicant states the condition an item of admission sets ("agréée ESUS", "conventionnée"): its
    acronym or its cue word in what it says, not negated."""
    q = normalize(quote)
    cue = _CONDITION.search(q)
    # the acronyms the condition names, after its cue ("(SCOP, SAS ou SARL de l'ESS), uniquement si elles détiennent
    # l'agrément … (ESUS)": ESUS, not the SAS the item admits on it)
    anchor = cue.group(0) if cue else (a.group(0) if (a := _APPROVAL.search(q)) else "")
    at = fold(quote).find(anchor) if anchor else 0
    marks = {normalize(a) for a in re.findall(r"\b[A-Z]{3,6}\b", quote[max(at, 0):])}
    if cue and re.match(r"(?:agree|habilite|conventionne|labellise|titulaire)", cue.group(0)):
        marks.add(cue.group(0)[:6])
    return _meets(q, said) or any(re.search(rf"(?<!pas )(?<!sans )(?<!non )\b{re.escape(m)}", said) for m in marks)


# the legal form an item of admission spells out, no condition: "les associations régies par la loi du 1er juillet 1901"
_LEGAL_FORM = re.compile(r"\b(?:regies? par |relevant de |de )?(?:la )?loi (?:du )?(?:1er juillet )?1901\b|\bde droit (?:prive|local|public)\b")


def _conditions_of(t: str, d: _Data, cites: list[Citation], described: str, said_all: str = "") -> Citation | None:
    """The call's item admitting this structure type on conditions (age, approval...) the description does not
    state, else None; the whole message (`said_all`) may name the condition's acronym ("SCIC agréée ESUS") or deny it
    ("qui n'a pas l'agrément")."""
    words = [normalize(w) for w in (d.types.get(t, {}) or {}).get("words", []) if len(w) > 3]
    said = set(described.split())
    # the applicant's own short name of its kind ("scic"): an item naming another one ("Les SCOP ne sont éligibles que
    # si …") is not about it
    mine = {w for w in words if len(w) <= 5 and f" {w} " in f" {said_all or described} "}
    found, plain = None, False
    for c in cites:
        q = " " + normalize(c.quote) + " "
        if re.search(r"exclu|ne peu(?:ven)?t pas|ne sont pas|n'est pas|ineligible|non eligible", q):
            continue  # the call's exclusions are checked as such, not as conditions of admission
        if mine and not any(f" {w}" in q for w in mine) and any(f" {w} " in q or f" {w}s " in q for w in words if len(w) <= 5):
            continue
        cond = _CONDITION.search(q)
        at = [q.find(f" {w}") for w in words if f" {w}" in q]
        head, colon, _rest = c.quote.partition(":")
        if at and colon and _rest.strip(" ;.") and not any(f" {w}" in f" {normalize(head)} " for w in words):
            continue  # "les structures de l'IAE … : ateliers …, associations intermédiaires": a kind of another head noun
        outside = " " + normalize(re.sub(r"\([^)]*\)", " ", c.quote)) + " "
        if at and not any(f" {w}" in outside for w in words):
            continue  # "structures de l'IAE conventionnées (…, associations intermédiaires)": named in brackets, a kind of it
        if at and not cond and min(at) <= 12 and len(_LEGAL_FORM.sub(" ", q).split()) <= 8:
            plain = True  # "associations loi 1901 ;": a line of the list admits the type on no condition
        if cond and at and found is None and min(at) <= 40:  # the type the clause's subject ("les associations déclarées
            # depuis …"), not a word further on ("Un projet … réalisé dans au moins deux des trois intercommunalités")
            window = " " + q[cond.start(): cond.end() + 80] + " "
            what = [w for w in q[cond.end(): cond.end() + 40].split()[:4] if len(w) > 3]
            named = {normalize(a) for a in re.findall(r"\b[A-Z]{2,6}\b", c.quote)}
            # "titulaires de l'agrément … (ESUS)" and the applicant's own claim of it: "agréée ESUS", "labellisée QPV"
            acronym = any(a in named and f" {a} " in window for a in re.findall(
                r"\b(?:agree?e?s?|agrement|labellisee?s?|label|certifiee?s?|habilitee?s?|conventionnee?s?|accredited|certified|"
                r"approved)\s+(?:\w+\s+)??([a-z]{2,6})\b", said_all))
            lacks = _says_lacking(q, said_all or described)  # "une SCOP qui n'a pas l'agrément"
            if not lacks and ((what and all(w in said for w in what[:2])) or acronym or any(
                    f" {w} " in window for w in words if " " in w or len(w) <= 6)):
                continue  # "une entreprise agréée ESUS": the type, or the question, states the condition
            found = c
    return None if plain else found


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

    def lab(k: str) -> dict[str, str]:
        return {lang: (d.themes[k]["label"] or {}).get(lang, k) for lang in ("fr", "en")}

    def cites_for(k: str) -> list[Citation]:
        rid = d.themes[k]["rule"]
        specific = spec.rule_citations(rid)[:1] if rid else []
        try:  # the theme's own line first ("Axe 3 – Parcours renforcés …"), not the first axis of the rule on themes
            own = [spec.cite(lab(k)["fr"], rid or "themes")]
        except CorpusError:
            own = []
        out = own + [x for x in general[:1] + specific if not own or x.quote != own[0].quote]
        return out[:2]

    own = " . ".join(x for x in [pr.title, pr.summary, " ; ".join(pr.actions), " ; ".join(pr.objectives), pr.innovation] if x)
    words = _show(own, why) or _show(text, why)
    said = recognise_theme(re.sub(r"(?i)\b(?:sans|pas de|aucune?|without|no)\b[^,.;:!?()]*", " ", text), d)[2] if (declared or found) else info
    key = declared or found
    if key and d.themes[key].get("alone") and not any(  # what it says it does not do ("sans … garde") is no theme
            k != key and (sc["strong"] or sc["anchors"]) for k, sc in said["scores"].items()):
        # "l'axe 4 ne peut pas être présenté seul": only that theme is described; said to be alone, it fails
        alone = d.themes[key]["alone"]
        try:
            head = [spec.cite(alone, d.themes[key]["rule"] or "themes")]
        except CorpusError:
            head = []
        only = re.search(r"\b(?:uniquement|seulement|exclusivement|only|sans)\b", fold(text))
        r = _crit(con.id, "fail" if only else "warn", "criterion.theme.not_alone", head + cites_for(key), theme=lab(key),
                  rule=alone.rstrip(" ."))
        r.hard = True
        return r
    if declared and found == declared and words:
        return _crit(con.id, "pass", "criterion.theme.pass_described", cites_for(declared), theme=lab(declared), words=words)
    if declared:
        if info["off_topic"] and not any(sc["strong"] or sc["anchors"] for sc in info["scores"].values()):
            return _crit(con.id, "warn", "criterion.theme.declared_unlinked", cites_for(declared), theme=lab(declared),
                         off=", ".join(info["off_topic"][:3]))
        return _crit(con.id, "pass", "criterion.theme.pass_declared", cites_for(declared), theme=lab(declared))
    if found:
        return _crit(con.id, "pass", "criterion.theme.pass_described", cites_for(found), theme=lab(found), words=words)
    themes = {lang: " ; ".join(lab(k)[lang] for k in d.themes) for lang in ("fr", "en")}
    if not text.strip() or (pr.theme and not declared and not pr.summary and not pr.actions):
        if pr.theme:
            return _crit(con.id, "unknown", "criterion.theme.not_recognised", general, _question(d, "theme", "missing"),
                         declared=pr.theme, themes=themes)
        return _crit(con.id, "unknown", "criterion.theme.not_described", general, _question(d, "theme", "missing"))
    any_anchor = any(sc["anchors"] or sc["strong"] for sc in info["scores"].values())
    words = info["norm"].split()
    # a real description of 8 words or more has a few common words; gibberish has not: it stays "unknown"
    substantial = len(words) >= 8 and len({w for w in words if len(w) > 1 and (w in _FR_WORDS or w in _EN_WORDS)}) >= 2
    if info["off_topic"] or (not any_anchor and substantial):
        if info["off_topic"]:
            return _crit(con.id, "fail", "criterion.theme.none_about", general, themes=themes, off=", ".join(info["off_topic"][:3]))
        return _crit(con.id, "fail", "criterion.theme.none_silent", general, themes=themes)
    return _crit(con.id, "unknown", "criterion.theme.unclear", general, _question(d, "theme", "missing"))


def check_territory(con: Constraint, p: Profile, spec: CallSpec, territory: Territory, cites: list[Citation]) -> CriterionResult:
    """Where the action takes place (not the seat) against the call's territory."""
    d = _data(spec)
    rule = cites or _rule_cites(spec, d, "territory")
    tname = spec.territory.name
    seat = territory.resolve(p.structure.commune) if p.structure.commune else None
    matches = [territory.resolve(c) for c in p.project.communes if c and c.strip()]
    seat_note: dict[str, str] = {"fr": "", "en": ""}
    seat_cites: list[Citation] = []
    seat_rule = any(x.kind == "seat" for x in spec.effective_constraints())  # then the seat is a constraint of its own
    if seat and not seat_rule and seat.status in ("in", "out") and seat.insee not in {m.insee for m in matches}:
        seat_note = both_langs(f"criterion.territory.seat_{seat.status}", seat=seat.name)
        seat_cites = [seat.citation] if seat.citation else []
    if not matches:
        return _crit(con.id, "unknown", "criterion.territory.missing", rule + seat_cites, _question(d, "territory", "missing"),
                     seat=seat_note)
    outs = [m for m in matches if m.status == "out"]
    unclear = [m for m in matches if m.status in ("unknown", "ambiguous")]
    ins = [m for m in matches if m.status == "in"]
    fixes = {lang: "".join(msg("criterion.territory.read_as", lang, query=m.query, name=m.name)
                           for m in matches if m.fuzzy and m.status in ("in", "out")) for lang in ("fr", "en")}
    if outs:
        listed = ", ".join(f"{m.name} ({m.epci_name})" for m in outs)
        from .outside import outside_allowed

        based_in = ins or (seat is not None and seat.status == "in")  # a project wholly elsewhere is no such outing
        allowed = outside_allowed(spec.call_doc.text, p.project.summary or "") if based_in else None
        if allowed:  # "les examens du permis se passent à Laon" and "… hors territoire (…, examen du permis)"
            cite = spec.cite(allowed)
            return _crit(con.id, "pass", "criterion.territory.outside_allowed", [cite, *rule], listed=listed,
                         quote=allowed.rstrip(" ."), names=_names(ins) if ins else seat.name)
        return _crit(con.id, "fail", "criterion.territory.out", rule + [m.citation for m in outs if m.citation] + seat_cites,
                     territory=tname, listed=listed, fixes=fixes, seat=seat_note)
    if unclear:
        items: dict[str, list[str]] = {"fr": [], "en": []}
        qs: dict[str, list[str]] = {"fr": [], "en": []}
        for m in unclear:
            for i, lang in enumerate(("fr", "en")):
                if m.status == "ambiguous":
                    hint = msg("criterion.territory.hint_ambiguous", lang, names=", ".join(m.suggestions))
                elif m.suggestions:
                    hint = msg("criterion.territory.hint_suggest", lang,
                               names=msg("criterion.territory.hint_or", lang).join(m.suggestions[:3]))
                else:
                    hint = msg("criterion.territory.hint_spelling", lang)
                items[lang].append(msg("criterion.territory.unclear_item", lang, query=m.query, hint=hint))
                qs[lang].append(_question(d, "territory", "unknown", name=m.query, hint=hint)[i])
        inside = both_langs("criterion.territory.inside", names=_names(ins)) if ins else {"fr": "", "en": ""}
        c = _crit(con.id, "unknown", "criterion.territory.unclear", rule + [m.citation for m in ins if m.citation] + seat_cites,
                  items={lang: " ; ".join(v) for lang, v in items.items()}, inside=inside, fixes=fixes, seat=seat_note)
        c.questions_fr, c.questions_en = qs["fr"], qs["en"]
        return c
    epcis = ", ".join(sorted({m.epci_name for m in ins if m.epci_name}))
    c = _crit(con.id, "pass", "criterion.territory.pass", rule + [m.citation for m in ins if m.citation] + seat_cites,
              territory=tname, names=_names(ins), epcis=epcis)
    c.explanation += fixes["fr"] + seat_note["fr"]
    c.explanation_en += fixes["en"] + seat_note["en"]
    return c


def both_langs(key: str, **values: object) -> dict[str, str]:
    """A catalogue sentence in French and in English."""
    return {lang: msg(key, lang, **values) for lang in ("fr", "en")}


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
        notes.append(msg("eligibility.budget_lines_differ", lang))
    if not status.open:
        notes.append(msg("eligibility.closed", lang))
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
        raise InputError(msg("eligibility.empty_text", "fr"))
    text = str(text)
    cut = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    lang = detect_language(text)
    profile, notes = extract_profile(text, spec, territory)
    e = check_profile(profile, spec, territory, as_of, lang=lang)
    if cut:
        notes.append(msg("eligibility.text_cut", lang, n=MAX_TEXT_CHARS))
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

    lang = "en" if en else "fr"
    head = msg(f"eligibility.head.{e.verdict}", lang)
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
            lines += ["", msg("eligibility.closed_on", lang, deadline=format_date(e.call_status.deadline, lang), refs=m)]
        else:
            lines += ["", "⚠️ " + msg("eligibility.closed", lang)]
    qs: list[str] = []
    for c in e.criteria:
        qs += list(getattr(c, "questions_en" if en else "questions_fr", []) or [])
    if not any(hasattr(c, "questions_fr") for c in e.criteria):
        qs = list(e.questions)
    if qs:
        lines += ["", msg("eligibility.still_to_tell", lang)] + [f"- {q}" for q in qs]
    return "\n".join(lines), cites

