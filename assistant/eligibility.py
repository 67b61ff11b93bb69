"""Eligibility of a project, criterion by criterion: applicant, theme, territory, start, duration, budget.

Pure functions over a `Profile`, the call's rules (`CallSpec`: dates, limits and verbatim quotes from call.yaml)
and the word lists of `corpus/<call-id>/eligibility.yaml`. Every criterion that rests on a clause cites it;
territory criteria also cite the reference CSV rows of the communes. `extract_profile` reads a free French or
English description into a Profile; `check_text` chains both; `eligibility_answer` renders a compact Markdown
answer whose figures all come from the citations or from the user's own input.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import Field

from .callspec import CallSpec
from .errors import CorpusError, InputError
from .profile_io import MAX_YEAR, MIN_YEAR
from .profile_io import check_date_sane as _check_date_sane
from .profile_io import check_sane as _check_sane
from .territory import CommuneMatch, Territory, normalize
from .textnorm import fold
from .types import CallStatus, Citation, Criterion, Eligibility, Profile

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000
CRITERIA = ("applicant", "theme", "territory", "start", "duration", "budget")
ICONS = {"pass": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❓"}
LABELS = {
    "fr": {"applicant": "Porteur", "theme": "Thématique", "territory": "Territoire", "start": "Démarrage",
           "duration": "Durée", "budget": "Budget"},
    "en": {"applicant": "Applicant", "theme": "Theme", "territory": "Territory", "start": "Start",
           "duration": "Duration", "budget": "Budget"},
}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


class CriterionResult(Criterion):
    """A Criterion that also carries its English explanation and the questions to ask (not serialised)."""

    explanation_en: str = Field(default="", exclude=True)
    questions_fr: list[str] = Field(default_factory=list, exclude=True)
    questions_en: list[str] = Field(default_factory=list, exclude=True)


class EligibilityReport(Eligibility):
    """An Eligibility that keeps the deadline clause, so the answer can quote it when the call is closed."""

    deadline_citations: list[Citation] = Field(default_factory=list, exclude=True)
    language: str = Field(default="fr", exclude=True)


# --------------------------------------------------------------------------- data of the call


@dataclass
class _Words:
    """Normalised phrases, matched on word boundaries."""

    phrases: list[str]

    def find(self, norm_text: str) -> list[str]:
        """The phrases present in a normalised text."""
        padded = f" {norm_text} "
        return [p for p in self.phrases if p and f" {p} " in padded]


@dataclass
class _Data:
    rules: dict[str, str]
    types: dict[str, dict]
    type_words: list[tuple[str, str]]
    individual: _Words
    themes: dict[str, dict]
    off_topic: _Words
    publics: list[tuple[str, list[str]]]
    seat: _Words
    request: _Words
    questions: dict[str, dict]
    raw: dict = field(default_factory=dict)


def _norm_list(words: Any) -> list[str]:
    return [normalize(str(w)) for w in (words or []) if normalize(str(w))]


_CACHE: dict[tuple[str, str], _Data] = {}


def _load_data(spec_id: str, spec: CallSpec) -> _Data:
    raw = spec.load_extra("eligibility.yaml")
    if not raw:
        raise CorpusError(f"{spec_id} : eligibility.yaml manquant ou vide ; il décrit les critères d'éligibilité.")
    types = raw.get("structure_types", {}) or {}
    type_words = sorted(
        ((w, t) for t, d in types.items() for w in _norm_list(d.get("words"))), key=lambda x: -len(x[0])
    )
    themes = {}
    for key, d in (raw.get("themes", {}) or {}).items():
        themes[key] = {
            "label": d.get("label", {}),
            "rule": d.get("rule"),
            "strong": _Words(_norm_list(d.get("strong"))),
            "publics": _Words(_norm_list(d.get("publics"))),
            "anchors": _Words(_norm_list(d.get("anchors"))),
        }
    publics = [(p["label"], _norm_list(p.get("words"))) for p in raw.get("publics", []) or []]
    return _Data(
        rules=raw.get("rules", {}) or {},
        types=types,
        type_words=type_words,
        individual=_Words(_norm_list(raw.get("individual_words"))),
        themes=themes,
        off_topic=_Words(_norm_list(raw.get("off_topic_words"))),
        publics=publics,
        seat=_Words(_norm_list(raw.get("seat_words"))),
        request=_Words(_norm_list(raw.get("request_words"))),
        questions=raw.get("questions", {}) or {},
        raw=raw,
    )


def _data(spec: CallSpec) -> _Data:
    key = (str(spec.folder), spec.id)
    if key not in _CACHE:
        _CACHE[key] = _load_data(spec.id, spec)
    return _CACHE[key]


def _rule_cites(spec: CallSpec, d: _Data, key: str) -> list[Citation]:
    rid = d.rules.get(key, key)
    try:
        return spec.rule_citations(rid)
    except KeyError:
        log.warning("rule %s not in call %s", rid, spec.id)
        return []


def _question(d: _Data, crit: str, kind: str, **values: str) -> tuple[str, str]:
    q = (d.questions.get(crit, {}) or {}).get(kind, {}) or {}
    fr, en = q.get("fr", ""), q.get("en", "") or q.get("fr", "")
    return fr.format(**values), en.format(**values)


# --------------------------------------------------------------------------- formatting helpers


def format_eur(amount: float) -> str:
    """An amount the French way, as the call writes it: '181 500 €'."""
    if amount == int(amount):
        s = f"{int(amount):,}".replace(",", " ")
    else:
        s = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{s} €"


def format_date(d: date, lang: str = "fr") -> str:
    """A date in words: '1er octobre 2024' or '1 October 2024'."""
    if lang == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def format_month(d: date, lang: str = "fr") -> str:
    """A month in words: 'octobre 2024' or 'October 2024'."""
    return f"{(MONTHS_EN if lang == 'en' else MONTHS_FR)[d.month - 1]} {d.year}"


def _num(x: float) -> str:
    return str(int(x)) if float(x) == int(x) else str(x).replace(".", ",")


def _names(ms: list[CommuneMatch]) -> str:
    return ", ".join(m.label for m in ms)


_EN_WORDS = frozenset(
    "the and our we with for in of to is are will a an this that project young people from at by on be which "
    "starting months month organisation organization company workshops jobs employment help".split()
)
_FR_WORDS = frozenset(
    "le la les et notre nous avec pour dans des du un une est sont sera ce cette projet jeunes de au aux en sur "
    "mois demarrage emploi ateliers structure association entreprise qui".split()
)


def detect_language(text: str) -> str:
    """'en' when the text reads as English, else 'fr' (French is the default)."""
    words = normalize(text).split()
    en = sum(w in _EN_WORDS for w in words)
    fr = sum(w in _FR_WORDS for w in words)
    distinct_en = {w for w in words if w in _EN_WORDS and len(w) > 1}
    return "en" if en > fr and len(distinct_en) >= 2 else "fr"  # gibberish with a stray English word stays French


# --------------------------------------------------------------------------- criteria


def _crit(cid: str, status: str, fr: str, en: str, citations: list[Citation], questions: tuple[str, str] | None = None) -> CriterionResult:
    qfr, qen = ([questions[0]], [questions[1]]) if questions else ([], [])
    return CriterionResult(
        id=cid, status=status, explanation=fr, explanation_en=en, citations=citations, questions_fr=qfr, questions_en=qen
    )


def _structure_type(text_norm: str, d: _Data) -> str | None:
    for word, t in d.type_words:
        if f" {word} " in f" {text_norm} ":
            return t
    return None


def _check_applicant(p: Profile, spec: CallSpec, d: _Data) -> CriterionResult:
    cites = _rule_cites(spec, d, "applicant")
    s = p.structure
    declared = normalize(s.type or "")
    label = lambda t, lang: (d.types.get(t, {}).get("label", {}) or {}).get(lang, t)  # noqa: E731
    described = " ".join(normalize(x or "") for x in (s.name, s.activities, s.governance, s.members))
    if declared in ("particulier", "individu", "individual") or (not declared and d.individual.find(described)):
        return _crit(
            "applicant", "unknown",
            "Le porteur semble être un particulier : l'appel s'adresse à tout acteur privé ou public (associations, "
            "collectivités, entreprises, réseaux d'entreprises, établissements publics...) et ne prévoit pas le cas "
            "d'une personne seule.",
            "The applicant seems to be a private individual: the call addresses any private or public actor "
            "(associations, local authorities, companies, business networks, public bodies...) and does not provide "
            "for a person on their own.",
            cites, _question(d, "applicant", "individual"),
        )
    t = declared.replace(" ", "_") if declared.replace(" ", "_") in d.types else None
    if t is None and declared:
        t = _structure_type(declared, d)
    if t is None:
        t = _structure_type(described, d)
    name = f" « {s.name} »" if s.name else ""
    if t:
        return _crit(
            "applicant", "pass",
            f"Structure{name} de type {label(t, 'fr')} : l'AMI s'adresse à tout acteur privé ou public.",
            f"Organisation{name.replace('«', '“').replace('»', '”')} of type {label(t, 'en')}: the call is open to "
            "any private or public actor.",
            cites,
        )
    if s.name or declared:
        what = s.name or s.type
        return _crit(
            "applicant", "pass",
            f"La structure « {what} » est un acteur privé ou public : l'AMI s'adresse à tout acteur privé ou public.",
            f"The organisation “{what}” is a private or public actor: the call is open to any private or public actor.",
            cites,
        )
    return _crit(
        "applicant", "unknown",
        "La structure qui porte le projet n'est pas indiquée.",
        "The organisation leading the project is not given.",
        cites, _question(d, "applicant", "missing"),
    )


def _show(text: str, phrases: list[str], limit: int = 3) -> str:
    """The phrases as the user wrote them (found in `text`), longest first, none inside another."""
    folded = unicodedata.normalize("NFC", text)
    base = fold(folded)
    shown: list[str] = []
    spans: list[tuple[int, int]] = []
    for ph in sorted(dict.fromkeys(phrases), key=len, reverse=True):
        pat = r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, ph.split())) + r"(?![^\W_])"
        m = re.search(pat, base) if len(base) == len(folded) else None
        if m is None or any(a <= m.start() and m.end() <= b for a, b in spans):
            continue
        spans.append((m.start(), m.end()))
        shown.append(folded[m.start() : m.end()])
        if len(shown) >= limit:
            break
    return ", ".join(f"« {w} »" for w in shown)


def _theme_scores(norm: str, d: _Data) -> dict[str, dict[str, list[str]]]:
    out = {}
    for key, th in d.themes.items():
        out[key] = {
            "strong": th["strong"].find(norm),
            "publics": th["publics"].find(norm),
            "anchors": th["anchors"].find(norm),
        }
    return out


def recognise_theme(text: str, d: _Data) -> tuple[str | None, list[str], dict]:
    """The problématique a text addresses (or None), the words that show it, and the raw scores."""
    norm = normalize(text)
    scores = _theme_scores(norm, d)
    off = d.off_topic.find(norm)
    best, best_score, why = None, 0, []
    for key, sc in scores.items():
        ok = bool(sc["strong"]) or (bool(sc["publics"]) and bool(sc["anchors"]))
        if off and not sc["strong"]:
            ok = ok and bool(set(sc["anchors"]) - {"entreprise", "entreprises", "travail", "production"})
        if not ok:
            continue
        score = 3 * len(sc["strong"]) + len(sc["publics"]) + 2 * len(sc["anchors"])
        if key == "industrie" and not sc["strong"] and not sc["anchors"]:
            score = 0
        if score > best_score:
            best, best_score, why = key, score, (sc["strong"] + sc["anchors"] + sc["publics"])
    return best, why, {"scores": scores, "off_topic": off, "norm": norm}


def _theme_key(value: str | None, d: _Data) -> str | None:
    v = normalize(value or "")
    if not v:
        return None
    if v in d.themes:
        return v
    aliases = {"1": "inclusion", "problematique 1": "inclusion", "2": "industrie", "problematique 2": "industrie",
               "industry": "industrie", "industriel": "industrie", "metiers industriels": "industrie",
               "emploi": "inclusion", "employment": "inclusion"}
    k = aliases.get(v)
    return k if k in d.themes else None


def _check_theme(p: Profile, spec: CallSpec, d: _Data) -> CriterionResult:
    pr = p.project
    text = " . ".join(
        x for x in [pr.title, pr.summary, " ; ".join(pr.publics), " ; ".join(pr.actions), " ; ".join(pr.objectives),
                    pr.innovation, p.structure.motivation] if x
    )
    general = _rule_cites(spec, d, "theme")
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
            "theme", "pass",
            f"Le projet relève de la {lab(declared, 'fr')} : la description parle de {words}.",
            f"The project falls under {lab(declared, 'en')}: the description mentions {words}.",
            cites_for(declared),
        )
    if declared:
        extra_fr = extra_en = ""
        if info["off_topic"] and not any(sc["strong"] or sc["anchors"] for sc in info["scores"].values()):
            return _crit(
                "theme", "warn",
                f"Problématique déclarée : {lab(declared, 'fr')}, mais la description ne parle pas d'emploi "
                f"({', '.join(info['off_topic'][:3])}) : montrez le lien avec l'emploi.",
                f"Declared theme: {lab(declared, 'en')}, but the description does not mention employment "
                f"({', '.join(info['off_topic'][:3])}): show the link with employment.",
                cites_for(declared),
            )
        return _crit(
            "theme", "pass",
            f"Le projet relève de la {lab(declared, 'fr')}, déclarée dans le profil{extra_fr}.",
            f"The project falls under {lab(declared, 'en')}, as declared in the profile{extra_en}.",
            cites_for(declared),
        )
    if found:
        return _crit(
            "theme", "pass",
            f"Le projet relève de la {lab(found, 'fr')} : la description parle de {words}.",
            f"The project falls under {lab(found, 'en')}: the description mentions {words}.",
            cites_for(found),
        )
    if not text.strip() or (pr.theme and not declared and not pr.summary and not pr.actions):
        if pr.theme:
            return _crit(
                "theme", "unknown",
                f"Thème « {pr.theme} » non reconnu : il doit s'agir de l'une des deux problématiques de l'appel.",
                f"Theme “{pr.theme}” not recognised: it must be one of the call's two themes.",
                general, _question(d, "theme", "missing"),
            )
        return _crit(
            "theme", "unknown",
            "Le contenu du projet n'est pas décrit : impossible de dire à quelle problématique il répond.",
            "The project's content is not described: it cannot be matched to one of the two themes.",
            general, _question(d, "theme", "missing"),
        )
    any_anchor = any(sc["anchors"] or sc["strong"] for sc in info["scores"].values())
    words = info["norm"].split()
    # a real description of 8 words or more has a few common words; gibberish has not: it stays "unknown"
    substantial = len(words) >= 8 and len({w for w in words if len(w) > 1 and (w in _FR_WORDS or w in _EN_WORDS)}) >= 2
    if info["off_topic"] or (not any_anchor and substantial):
        shown = ", ".join(info["off_topic"][:3])
        return _crit(
            "theme", "fail",
            "Le projet ne répond à aucune des deux problématiques de l'appel (accès et maintien dans l'emploi des "
            "publics fragiles ; image des métiers industriels auprès des jeunes)"
            + (f" : il porte sur {shown}, sans lien avec l'emploi." if shown else " : la description ne parle pas d'emploi."),
            "The project addresses neither of the call's two themes (access to and retention in employment of "
            "vulnerable groups; image of industrial jobs among young people)"
            + (f": it is about {shown}, with no link to employment." if shown else ": the description does not mention employment."),
            general,
        )
    return _crit(
        "theme", "unknown",
        "La description ne permet pas de dire à quelle problématique le projet répond.",
        "The description does not show which of the two themes the project addresses.",
        general, _question(d, "theme", "missing"),
    )


def _check_territory(p: Profile, spec: CallSpec, d: _Data, territory: Territory) -> CriterionResult:
    rule = _rule_cites(spec, d, "territory")
    tname = spec.territory.name
    seat = territory.resolve(p.structure.commune) if p.structure.commune else None
    matches = [territory.resolve(c) for c in p.project.communes if c and c.strip()]
    seat_fr = seat_en = ""
    seat_cites: list[Citation] = []
    if seat and seat.status in ("in", "out") and seat.insee not in {m.insee for m in matches}:
        where_fr = "dans le bassin" if seat.status == "in" else "hors du bassin"
        where_en = "inside the basin" if seat.status == "in" else "outside the basin"
        seat_fr = (f" Le siège de la structure ({seat.name}) est {where_fr} : cela ne compte pas, seul le lieu où "
                   "l'action est menée compte.")
        seat_en = (f" The organisation's seat ({seat.name}) is {where_en}: that does not matter, only where the "
                   "action takes place counts.")
        seat_cites = [seat.citation] if seat.citation else []
    if not matches:
        return _crit(
            "territory", "unknown",
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
            "territory", "fail",
            f"L'action est prévue hors du {tname} : {listed_fr}. Le projet doit être déployé sur ce bassin."
            + fix_fr + seat_fr,
            f"The action is planned outside the {tname}: {listed_fr}. The project must be deployed in that basin."
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
        ok_fr = f" Dans le bassin : {_names(ins)}." if ins else ""
        ok_en = f" Inside the basin: {_names(ins)}." if ins else ""
        c = _crit(
            "territory", "unknown",
            "Commune non reconnue : " + " ; ".join(parts_fr) + "." + ok_fr + fix_fr + seat_fr,
            "Commune not recognised: " + " ; ".join(parts_en) + "." + ok_en + fix_en + seat_en,
            rule + [m.citation for m in ins if m.citation] + seat_cites,
        )
        c.questions_fr, c.questions_en = qs_fr, qs_en
        return c
    epcis = sorted({m.epci_name for m in ins if m.epci_name})
    return _crit(
        "territory", "pass",
        f"Toutes les communes de l'action sont dans le {tname} : {_names(ins)} ({', '.join(epcis)})." + fix_fr + seat_fr,
        f"Every commune of the action is in the {tname}: {_names(ins)} ({', '.join(epcis)})." + fix_en + seat_en,
        rule + [m.citation for m in ins if m.citation] + seat_cites,
    )


def _span(p: Profile) -> tuple[date | None, date | None, bool]:
    """Start, end and whether the end is a month (YYYY-MM, counted whole) from the project and milestones."""
    starts = [m.start for m in p.milestones if m.start]
    ends = [m.end or m.start for m in p.milestones if (m.end or m.start)]
    start = p.project.start_date or (min(starts) if starts else None)
    end = max(ends) if ends else None
    return start, end, True


def months_between(start: date, end: date) -> float:
    """Length in months of [start, end] when both are months (YYYY-MM-01: end month counted whole) or dates."""
    if start.day == 1 and end.day == 1:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    days = (end - start).days + 1
    return round(days / (365.25 / 12), 1)


def _check_start(p: Profile, spec: CallSpec, d: _Data) -> CriterionResult:
    cites = _rule_cites(spec, d, "start")
    start, _, _ = _span(p)
    latest = spec.dates.latest_start
    if start is None:
        return _crit("start", "unknown", "La date de démarrage n'est pas indiquée.", "The start date is not given.",
                     cites, _question(d, "start", "missing"))
    # A first-of-month date is shown as its month: "octobre 2024" written by the user stays "octobre 2024".
    when_fr = f"en {format_month(start)}" if start.day == 1 else f"le {format_date(start)}"
    when_en = f"in {format_month(start, 'en')}" if start.day == 1 else f"on {format_date(start, 'en')}"
    src_fr = "" if p.project.start_date else " (premier jalon du calendrier)"
    src_en = "" if p.project.start_date else " (first milestone of the calendar)"
    if latest is None or start <= latest:
        return _crit(
            "start", "pass",
            f"Démarrage {when_fr}{src_fr} : c'est au plus tard en {format_month(latest)}, comme l'exige l'appel."
            if latest else f"Démarrage {when_fr}{src_fr}.",
            f"Start {when_en}{src_en}: that is no later than {format_month(latest, 'en')}, as the call requires."
            if latest else f"Start {when_en}{src_en}.",
            cites,
        )
    return _crit(
        "start", "fail",
        f"Démarrage {when_fr}{src_fr} : trop tard, le projet doit démarrer au plus tard en {format_month(latest)}.",
        f"Start {when_en}{src_en}: too late, the project must start in {format_month(latest, 'en')} at the latest.",
        cites,
    )


def _check_duration(p: Profile, spec: CallSpec, d: _Data) -> CriterionResult:
    cites = _rule_cites(spec, d, "duration")
    limit = spec.limits.max_duration_months
    given = p.project.duration_months
    start, end, _ = _span(p)
    if given is not None:
        months, src_fr, src_en = given, f"{_num(given)} mois", f"{_num(given)} months"
    elif start and end:
        months = months_between(start, end)
        # A derived length is not printed (no figure the user did not give): the calendar bounds are.
        if start.day == 1 and end.day == 1:
            src_fr = f"le calendrier, de {format_month(start)} à {format_month(end)}"
            src_en = f"the calendar, from {format_month(start, 'en')} to {format_month(end, 'en')}"
        else:
            src_fr = f"le calendrier, du {format_date(start)} au {format_date(end)}"
            src_en = f"the calendar, from {format_date(start, 'en')} to {format_date(end, 'en')}"
    else:
        return _crit("duration", "unknown", "La durée du projet n'est pas indiquée.", "The project's duration is not given.",
                     cites, _question(d, "duration", "missing"))
    lim = _num(limit) if limit is not None else ""
    if limit is None or months <= limit + 1e-9:
        return _crit(
            "duration", "pass",
            f"Durée : {src_fr}, dans la limite de {lim} mois maximum." if limit else f"Durée : {src_fr}.",
            f"Duration: {src_en}, within the {lim}-month maximum." if limit else f"Duration: {src_en}.",
            cites,
        )
    return _crit(
        "duration", "fail",
        f"Durée trop longue : {src_fr}, au-delà de {lim} mois maximum.",
        f"Too long: {src_en}, beyond the {lim}-month maximum.",
        cites,
    )


def _check_budget(p: Profile, spec: CallSpec, d: _Data) -> CriterionResult:
    cites = _rule_cites(spec, d, "budget")
    envelope = spec.limits.envelope_eur
    requested = p.budget.requested_eur
    lines_total = sum(ln.amount_eur for ln in p.budget.lines) if p.budget.lines else None
    if requested:
        amount, what_fr, what_en = requested, f"Le montant demandé ({format_eur(requested)})", f"The amount requested ({format_eur(requested)})"
    elif lines_total:
        amount, what_fr, what_en = lines_total, "Le total des lignes du budget", "The total of the budget lines"
    else:
        return _crit("budget", "unknown", "Le montant demandé n'est pas indiqué.", "The amount requested is not given.",
                     cites, _question(d, "budget", "missing"))
    if envelope is None:
        return _crit("budget", "pass", f"{what_fr} est indiqué.", f"{what_en} is given.", cites)
    env = format_eur(envelope)
    nmin, nmax = spec.limits.projects_min, spec.limits.projects_max
    if amount > envelope:
        return _crit(
            "budget", "fail",
            f"{what_fr} dépasse l'enveloppe totale de l'AMI ({env} TTC pour l'ensemble des projets retenus).",
            f"{what_en} exceeds the call's whole envelope ({env} incl. VAT for all the selected projects).",
            cites,
        )
    if nmin and amount > envelope / nmin:
        part_fr = "le tiers" if nmin == 3 else f"1/{nmin}"
        part_en = "a third" if nmin == 3 else f"1/{nmin}"
        shared_fr = f"répartie parmi les {nmin} à {nmax} projets retenus" if nmax else f"répartie entre au moins {nmin} projets"
        shared_en = f"shared among the {nmin} to {nmax} selected projects" if nmax else f"shared among at least {nmin} projects"
        return _crit(
            "budget", "warn",
            f"{what_fr} dépasse {part_fr} de l'enveloppe de {env} TTC, qui sera {shared_fr} : c'est possible, mais "
            "ambitieux. L'appel ne fixe pas de montant maximum par projet.",
            f"{what_en} is more than {part_en} of the {env} envelope, which will be {shared_en}: possible but "
            "ambitious. The call sets no maximum per project.",
            cites,
        )
    return _crit(
        "budget", "pass",
        f"{what_fr} reste dans l'enveloppe de {env} TTC à répartir entre les projets retenus.",
        f"{what_en} fits within the {env} envelope shared among the selected projects.",
        cites,
    )


# --------------------------------------------------------------------------- public API


def check_profile(profile: Profile, spec: CallSpec, territory: Territory, as_of: date, lang: str = "fr") -> Eligibility:
    """Eligibility of a profile: one criterion per rule, a verdict, the call's status on `as_of`, the questions left."""
    _check_sane(profile)
    d = _data(spec)
    criteria = [
        _check_applicant(profile, spec, d),
        _check_theme(profile, spec, d),
        _check_territory(profile, spec, d, territory),
        _check_start(profile, spec, d),
        _check_duration(profile, spec, d),
        _check_budget(profile, spec, d),
    ]
    statuses = {c.status for c in criteria}
    verdict = "not_eligible" if "fail" in statuses else "incomplete" if "unknown" in statuses else "eligible"
    deadline = spec.dates.deadline
    status = CallStatus(open=as_of <= deadline, deadline=deadline, as_of=as_of)
    questions = [q for c in criteria for q in (c.questions_en if lang == "en" else c.questions_fr)]
    notes = []
    budget = profile.budget
    if budget.requested_eur and budget.lines and abs(sum(ln.amount_eur for ln in budget.lines) - budget.requested_eur) > 0.5:
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


# ----------------------------------------------------------------- free text


_MONTH_WORDS = {
    **{fold(m): i + 1 for i, m in enumerate(MONTHS_FR)},
    **{m.lower(): i + 1 for i, m in enumerate(MONTHS_EN)},
    "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?\b"),
    re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<mw>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<mw>{_MONTH_RE})\.?\s+(?:de\s+l'an\s+)?(?P<y>\d{{4}})\b"),
]
_RANGE_SEP = re.compile(
    r"^\s*(?:,\s*)?(?:a|au|a la fin|jusqu'?a|jusqu'?au|jusqu'?en|jusqu'?a fin|jusqu'?a la fin de|et|to|until|till|"
    r"through|thru|and|-|–|—)\s*(?:fin\s+|end of\s+|the end of\s+)?$"
)
_START_WORDS = re.compile(
    r"(partir|demarr|debut|commenc|lancement|lance|start|begin|kick|from|des |courant|en |in |le |on |launch)"
)
_END_WORDS = re.compile(r"(jusqu|fin |until|end |avant|before|deadline|limite|cloture|terminer|finish|depuis|since|cree|founded|created)")
_NUM_WORDS = {
    "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5,
    "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10,
    "onze": 11, "eleven": 11, "douze": 12, "twelve": 12, "treize": 13, "thirteen": 13, "quatorze": 14,
    "fourteen": 14, "quinze": 15, "fifteen": 15, "seize": 16, "sixteen": 16, "dix-huit": 18, "eighteen": 18,
    "vingt-quatre": 24, "twenty-four": 24, "trente-six": 36, "thirty-six": 36,
}
_NUMW = "|".join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True))
_DURATION_MONTHS = re.compile(rf"(?<![\w/])(?P<n>\d+(?:[.,]\d+)?|{_NUMW})\s*(?:-\s*)?(?:mois|months?)\b")
_DURATION_YEARS = re.compile(
    rf"(?:pendant|durant|sur|duree\s+(?:de|d')|for|over|lasting|d'une\s+duree\s+de|duration\s+of)\s+"
    rf"(?:une\s+periode\s+de\s+|a\s+period\s+of\s+)?(?P<n>\d+|{_NUMW})\s*(?:-\s*)?(?:ans?|annees?|years?)\b"
)
_NUM = r"\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT_AFTER = re.compile(
    rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>k|K|M|millions?|mille)?\s?(?:€|euros?\b|EUR\b|eur\b|k€)"
)
_AMOUNT_BEFORE = re.compile(rf"(?P<neg>-\s?)?(?:€|EUR)\s?(?P<n>{_NUM})\s?(?P<mult>k|K|M|millions?)?(?![\w])")
_AMOUNT_K = re.compile(rf"(?P<neg>-\s?)?(?<![\w.,])(?P<n>{_NUM})\s?(?P<mult>k€|K€|M€)")


@dataclass
class _Found:
    value: Any
    start: int
    end: int
    day: bool = False


def _parse_num(s: str) -> float:
    s = s.strip()
    m = re.fullmatch(r"(\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+)(?:[.,](\d{1,2}))?", s)
    if m:
        whole = re.sub(r"\D", "", m.group(1))
        return float(whole + ("." + m.group(2) if m.group(2) else ""))
    return float(s.replace(",", "."))


def _find_dates(folded: str) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTH_WORDS.get(g.get("mw") or "", 0)
            year = int(g["y"])
            day = int(g["d"]) if g.get("d") else 1
            try:
                value = date(year, month, day)
            except ValueError:
                if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
                    continue
                value = None
                if not (MIN_YEAR <= year <= MAX_YEAR):
                    raise InputError(
                        f"Date invalide dans la description : « {m.group(0)} » (année attendue entre {MIN_YEAR} et {MAX_YEAR})."
                    )
            taken.append((m.start(), m.end()))
            found.append(_Found(value, m.start(), m.end(), day=bool(g.get("d"))))
    return sorted(found, key=lambda f: f.start)


def _find_amounts(text: str) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pat in (_AMOUNT_K, _AMOUNT_AFTER, _AMOUNT_BEFORE):
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                v = _parse_num(m.group("n"))
            except ValueError:
                continue
            mult = (m.group("mult") or "").lower()
            if mult.startswith("k"):
                v *= 1000
            elif mult.startswith("m") and mult != "mille":
                v *= 1_000_000
            elif mult == "mille":
                v *= 1000
            if m.group("neg"):
                v = -v
            taken.append((m.start(), m.end()))
            found.append(_Found(v, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _duration(folded: str) -> float | None:
    for m in _DURATION_MONTHS.finditer(folded):
        before = folded[max(0, m.start() - 20) : m.start()]
        if re.search(r"(depuis|il y a|tous les|chaque|every|ago|since|age|ages|agee?s?)\s*$", before):
            continue
        n = m.group("n")
        return float(_NUM_WORDS.get(n, 0) or n.replace(",", "."))
    m = _DURATION_YEARS.search(folded)
    if m:
        n = m.group("n")
        return 12.0 * (_NUM_WORDS.get(n, 0) or int(n))
    if re.search(r"(pendant|durant|sur|for|over)\s+(un an|une annee|a year|one year)\b", folded):
        return 12.0
    return None


def extract_profile(text: str, spec: CallSpec, territory: Territory) -> tuple[Profile, list[str]]:
    """A Profile read from a free French or English description, and notes saying what was understood."""
    d = _data(spec)
    lang = detect_language(text)
    en = lang == "en"
    folded = fold(text)
    norm = normalize(text)
    notes: list[str] = []
    data: dict[str, Any] = {"structure": {}, "project": {}, "budget": {}, "milestones": []}

    # Communes: the seat (after "siège", "based in"...) apart from where the action takes place.
    action, seat = [], None
    for m in territory.find_in_text(text):
        before = normalize(text[max(0, (m.start or 0) - 40) : m.start or 0])
        last = before.split()[-6:]
        is_seat = bool(d.seat.find(" ".join(last)))
        value = m.name if m.status in ("in", "out") else m.query
        if is_seat and seat is None:
            seat = value
        elif value not in action:
            action.append(value)
    if seat:
        data["structure"]["commune"] = seat
        notes.append(f"Organisation's seat: {seat}." if en else f"Siège de la structure : {seat}.")
    if not action and seat and territory.in_basin(seat):
        # Only the seat is named, inside the territory: the action is taken to happen there, and the note says so.
        action = [seat]
        notes.append(
            f"No other place is named: the action is assumed to take place in {seat}, where the organisation is based."
            if en else f"Aucun autre lieu n'est cité : l'action est supposée se dérouler à {seat}, où la structure est basée."
        )
    if action:
        data["project"]["communes"] = action
        notes.append(("Communes of the action: " if en else "Communes de l'action : ") + ", ".join(action) + ".")

    # Structure type.
    t = None
    if d.individual.find(norm):
        t = "particulier"
    else:
        ident = re.search(
            r"\b(?:notre|nous sommes|nous sommes une?|je suis une?|je represente une?|je dirige une?|en tant qu une?|"
            r"en tant que|our|we are an?|we are|i represent an?|i run an?|as an?)\s+(.{0,40})", norm
        )
        if ident:
            t = _structure_type(" ".join(ident.group(1).split()[:4]), d)
        if t is None:
            t = _structure_type(" ".join(norm.split()[:3]), d)
    if t:
        data["structure"]["type"] = t
        lab = (d.types.get(t, {}).get("label", {}) or {}).get(lang, t) if t in d.types else (
            "private individual" if en else "particulier")
        notes.append(f"Applicant: {lab}." if en else f"Porteur : {lab}.")

    # Theme and publics.
    data["project"]["summary"] = text.strip()[:4000]
    theme, why, _ = recognise_theme(text, d)
    if theme:
        data["project"]["theme"] = theme
        lab = (d.themes[theme]["label"] or {}).get(lang, theme)
        notes.append(f"Theme: {lab}." if en else f"Problématique : {lab}.")
    publics: list[str] = []
    padded = f" {norm} "
    spans: list[tuple[int, int]] = []
    for label, words in d.publics:
        for w in words:
            pos = padded.find(f" {w} ")
            if pos >= 0 and not any(a <= pos and pos + len(w) <= b for a, b in spans):
                spans.append((pos, pos + len(w) + 1))
                if label not in publics:
                    publics.append(label)
                break
    if publics:
        data["project"]["publics"] = publics
        notes.append(("Publics: " if en else "Publics : ") + ", ".join(publics) + ".")

    # Dates and duration.
    dates = _find_dates(folded)
    start = end = None
    for a, b in zip(dates, dates[1:]):
        if a.value and b.value and _RANGE_SEP.match(folded[a.end : b.start]) and b.value >= a.value:
            start, end = a, b
            break
    if start is None:
        cands = [f for f in dates if f.value]
        for f in cands:
            before = folded[max(0, f.start - 30) : f.start]
            if _END_WORDS.search(before[-15:]):
                continue
            if _START_WORDS.search(before) or len(cands) == 1:
                start = f
                break
    if start:
        _check_date_sane(start.value, "le démarrage")
        data["project"]["start_date"] = start.value.isoformat()
        notes.append(
            f"Start: {format_date(start.value, 'en') if start.day else format_month(start.value, 'en')}." if en
            else f"Démarrage : {format_date(start.value) if start.day else format_month(start.value)}."
        )
    if start and end:
        _check_date_sane(end.value, "la fin")
        end_value = end.value
        data["milestones"] = [{"label": "Project" if en else "Projet", "start": start.value.isoformat(), "end": end_value.isoformat()}]
        notes.append(
            f"End: {format_date(end_value, 'en') if end.day else format_month(end_value, 'en')}." if en
            else f"Fin : {format_date(end_value) if end.day else format_month(end_value)}."
        )
    months = _duration(folded)
    if months is not None:
        data["project"]["duration_months"] = months
        notes.append(f"Duration: {_num(months)} months." if en else f"Durée : {_num(months)} mois.")

    # Amount requested.
    amounts = _find_amounts(text)
    if amounts:
        chosen = None
        for f in amounts:
            before = normalize(text[max(0, f.start - 60) : f.start])
            after = normalize(text[f.end : f.end + 25])
            if d.request.find(before) or re.match(r"^(demandes?|sollicites?|requested)\b", after):
                chosen = f
                break
        chosen = chosen or amounts[0]
        data["budget"]["requested_eur"] = chosen.value
        if chosen.value >= 0:
            notes.append(f"Amount requested: {format_eur(chosen.value)}." if en else f"Montant demandé : {format_eur(chosen.value)}.")
    profile = Profile.model_validate({k: v for k, v in data.items() if v})
    return profile, notes


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
        lines.append(f"- {ICONS.get(c.status, '•')} **{LABELS['en' if en else 'fr'][c.id]}** — {expl}{' ' + m if m else ''}")
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
