"""Facts from text: one extractor for questions, free-text descriptions and dossiers.

Places (the seat apart from where the action takes place), the structure's type, the theme and publics, dates
(start, end), durations, amounts and percentages are read into a `Profile` — the facts every job shares — which
`constraints.evaluate` judges against the call. The word lists come from the call's `eligibility.yaml`; numbers
written in words are turned into digits by text2num first ("dix-huit mois" → 18 mois).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .calls.spec import CallSpec
from .errors import CorpusError, InputError
from .fmt import MONTHS_EN, MONTHS_FR, format_date, format_eur, format_month, num as _num
from .profile_io import MAX_AMOUNT_EUR, MAX_YEAR, MIN_YEAR
from .profile_io import check_date_sane as _check_date_sane
from .profile_io import check_sane as _check_sane
from .territory import CommuneMatch, normalize
from .applicant_kind import _named_structure, _structure_then_place, _structure_type, _structure_type_best  # noqa: F401
from .seniority import CREATION_BEFORE, created_in
from .textnorm import fold
from .types import Citation, Profile

if TYPE_CHECKING:
    from .territory import Territory

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- data of the call

# --------------------------------------------------------------------------- data of the call


# the structure's own money, not the project's: "notre budget annuel est de 150 k€", "annual budget is around 150k€"
_OWN_BUDGET = re.compile(r"\b(?:budget (?:annuel|global de (?:la|notre) structure|de fonctionnement)|annual budget|operating budget|"
                         r"chiffre d'affaires|turnover|budget de (?:la|notre) (?:structure|association))\b[^.?!;]{0,30}$")


# "pour 40 000 € de coût total", "40 000 € de budget global": the amount is the project's cost, said after it
_COST_AFTER = re.compile(r"\s*(?:€|euros?|k€)?\s*(?:de|d')\s*(?:cout|budget|depenses)(?: eligibles?)?(?: total| global| totales?| globales?)\b")


_OF_PEOPLE_AFTER = re.compile(r"\s*(?:de |des |d'|du |au |a la |of )?(?:\w+\s+)?(?:participants?|personnes?|parents?|meres?|peres?|"
                              r"femmes?|hommes?|jeunes|enfants?|beneficiaires?|familles?|publics?|allocataires?|demandeurs?|"
                              r"habitants?|residents?|salaries?|seniors?|couples?|menages?|rsa\b|people|women|parents)")


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


_WORDS_PATH = Path(__file__).with_name("words.yaml")


def generic_words() -> dict:
    """The generic word lists of words.yaml (loaded once)."""
    global _GENERIC
    if _GENERIC is None:
        import yaml

        _GENERIC = yaml.safe_load(_WORDS_PATH.read_text(encoding="utf-8")) or {}
    return _GENERIC


_GENERIC: dict | None = None


def _load_data(spec_id: str, spec: CallSpec) -> _Data:
    import yaml

    raw = dict(yaml.safe_load(_WORDS_PATH.read_text(encoding="utf-8")) or {})
    own = spec.load_extra("eligibility.yaml") or {}
    questions = {k: dict(v) for k, v in (raw.get("questions") or {}).items()}
    for k, v in (own.get("questions") or {}).items():
        questions.setdefault(k, {}).update(v or {})
    raw.update({k: v for k, v in own.items() if k != "questions"})
    raw["questions"] = questions
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
            "examples": _Words(_norm_list(d.get("examples"))),
            "alone": d.get("alone"),
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


def call_words(spec: CallSpec) -> _Data:
    """The call's word lists (eligibility.yaml), loaded once; empty lists for a call that has none."""
    return _data(spec)


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


# --------------------------------------------------------------------------- sanity of the input



_LIVING = re.compile(r"\b(?:habit(?:e|ent|ant|ants)|resid(?:e|ent|ant|ants)|domicilie(?:e|s|es)?|vivent|vit|live|lives|living)\b")

# the words before an amount asked ("on demande", "nous sollicitons une subvention de") and after one asked of a funder
_ASKED_BEFORE = (r"\b(?:demand\w*|sollicit\w*|request\w*|ask\w*|apply(?:ing)? for|applied for|seek\w*|il nous faut|besoin de)\W*(?:(?:une?|la|le|l|de|d|des|du|au|a|"
                 r"subvention|aide|financement|environ|donc|alors|seulement|juste|que|uniquement|autour|pres|for|of|about|only|just|around)\W+){0,3}$")
_TO_FUNDER = re.compile(r"^\s*(?:€|euros?|k€)?\s*(?:a|au|aux|aupres d[eu']|from|to)\b")


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


from .themes import _names_its_number, _theme_key, _theme_scores, recognise_theme  # noqa: E402,F401 - re-exported


# ----------------------------------------------------------------- free text
from .quantities import (  # noqa: F401 - re-exported: the dossier review reads quantities through facts
    _MONTH_WORDS, _MONTH_RE, _DATE_PATTERNS, _RANGE_SEP, _START_WORDS, _END_WORDS, _NUM_WORDS, _DURATION_MONTHS, _DURATION_YEARS, _AMOUNT_AFTER, _AMOUNT_BEFORE, _AMOUNT_K, _Found, _parse_num, _dates, _find_dates, _find_amounts, _duration, _compare, _RATE, _COST_BEFORE, _FULL_MONTHS, _BARE_MONTH, _bare_month, _digits,
)


_STRICT_START = re.compile(r"(partir|demarr|debut|commenc|lancement|lancer|lance|start|begin|kick|launch|des le|courant)|\b(?:en|in|des|from|a compter d[eu])\s*$")
_SUBMIT = re.compile(r"\b(?:envoy|envoi|depos|depot|soumet|soumis|soumission|candidat|postul|transmet|transmis|submit|send|sent|apply|applie|deliver|rend"
                     r"|valid|upload|(?:sur|via|dans) la plateforme)\w*\b[^.?!]{0,40}$")  # ("validé sur la plateforme le 14 juin")
_TODAY_SENT = re.compile(r"\b(?:envoyer|deposer|transmettre|soumettre|send|submit)\b[^.?!,;]{0,40}\b(?:aujourd'?hui|maintenant|ce jour|"
                         r"today|now)\b|\b(?:aujourd'?hui|maintenant|today|now)\b[^.?!,;]{0,30}\b(?:envoyer|deposer|send|submit)\b")
# words of sending a dossier, which a channel named ("par mail", "sur la plateforme") is the channel of
_OF_SENDING = re.compile(r"\b(?:envo\w*|depos\w*|depot\w*|transm\w*|soum\w*|dossiers?|candidat\w*|repondre|reponse|send\w*|submi\w*|"
                         r"upload\w*|apply\w*|application|file|lodge|poster|adress\w*|faire parvenir|remettre|remis)\b")
_ASKED_RULE_SPAN = re.compile(r"\b(?:doi(?:t|vent)|devra(?:it|ient)?|faut[- ]il (?:que|qu)[^?]{0,30}|oblige\w* de|obligatoirement)\s+"
                             r"(?:obligatoirement\s+)?durer\b[^?.]{0,30}\b(?:minimum|au moins|au minimum|maximum|au plus|au maximum)\b")
# the call's bound an applicant quotes or reads ("le plancher de l'axe 2 c'est 20 000 €", "on ne peut pas demander plus
# de 20 000 €, c'est ça ?"): no amount it asks for
_CALL_BOUND_SAID = re.compile(r"\b(?:plancher|plafond|montant (?:minimum|maximum|min|max))\b(?:\s+[\w']+){0,4}\s*(?:c'est|est de|est|=|:|fixe a|de)\s*$"
                              r"|\bpas\b[^.?!]{0,25}\b(?:plus|moins) (?:de|d')\s*$")
# a part of today, and the hour it begins: "on l'envoie ce soir" is after 18h, "cet après-midi" after noon
_PERIODS = {"ce soir": "18:00", "cette nuit": "21:00", "en fin de journee": "17:00", "en soiree": "18:00", "cet apres-midi": "12:01",
            "cet aprem": "12:01", "tonight": "18:00", "this evening": "18:00", "this afternoon": "12:01", "later tonight": "18:00"}
_PERIOD = re.compile(r"\b(" + "|".join(re.escape(k) for k in _PERIODS) + r")\b")
_SENT_WORD = re.compile(r"\b(?:envo\w+|depos\w+|transmet\w*|soumet\w*|poster|send\w*|submit\w*|file it|upload\w*)\b")
_APPLY = re.compile(
    r"\b(?:peut|peux|pouvons|peuvent|pourra|pourrait|pourrons|puis|possible|encore|toujours|droit de|can|could|may|still)\b"
    r"(?:\W+\w+){0,3}?\W+(?:candidat\w*|postul\w*|depos\w*|soumettre|envoyer|repondre|apply|applying|submit|send|sending|file|lodge)\b"
    r"|\b(?:trop tard|too late|encore temps|still time)\b"
)


_THERE = re.compile(r"\b(?:there|over there|on site|la-bas|sur place|au meme endroit|dans cette (?:ville|commune)|in that (?:town|city))\b|\by (?:mener|faire|realiser|deployer|organiser|conduire|installer)\b")


_ORG_OF = re.compile(r"\b[A-Z]{3,}[A-Za-z]*\s+(?:de|d'|d’|du)\s*$")
_PARTNER = re.compile(r"\b(?:avec|partenaires?|partenariat|associe|associes|aupres)\b")


def _named_after_structure(before: str) -> bool:
    return bool(_structure_then_place().search(before))


def _looks_like_place(text: str, m: CommuneMatch) -> bool:
    """In a question, a commune outside the territory counts only when written as a place name ("Jury", not "jury")."""
    if m.status == "in":
        return True
    if getattr(m, "fuzzy", False):
        return False
    span = text[m.start:m.end] if m.start is not None and m.end is not None else m.query
    from .textnorm import lexicon, stop_words

    if fold(span) in stop_words() or fold(span) in lexicon().get("hints_en", []):
        return False
    return span[:1].isupper() or span[:1].isdigit() or bool(re.search(r"[\s-]", span.strip()))


_PRICE_OF_THING = re.compile(r"\b(?:achet\w*|achat|acquerir|acquisition|louer|location|cout\w*|vaut|valant|facture\w*|buy\w*|purchas\w*|"
                             r"costs?|costing)\b(?:(?!\b(?:demand|sollicit|request|ask)\w*)[^.;?!])*"
                             r"\b(?:a|au prix de|pour|d'une valeur de|de|at|for|worth)\s*$")


# a person asking the call to pay for their own needs ("vous pouvez me financer le mien ?"): no structure applies
_FOR_MYSELF = re.compile(r"\b(?:me|m) (?:financer|financez|finance|payer|payez|paye|rembourser|subventionner|verser)\b"
                         r"|\b(?:financer|payer|rembourser) (?:ma|mon|mes) (?:formation|bilan|permis|stage|projet personnel)\b"
                         r"|\b(?:deposer|porter|presenter|candidater|postuler|repondre)\b[^.?!]{0,40}\bmoi meme\b")  # "déposer un dossier moi-même"


_COMES_FROM = re.compile(r"\b(?:arriv\w*|vien\w*|venant|originaires?|en provenance|demenag\w*|comes?|coming|moving) (?:de |d'|du |des |from )\s*$")


def comes_from(text: str, start: int) -> bool:
    """Whether the place named at `start` is where someone comes from ("une aide-soignante qui arrive de Tours"), not
    where anything of the project happens."""
    return bool(_COMES_FROM.search(fold(text[max(0, start - 30):start])))


def _sending(data: dict, day: date, before: str, after: str) -> None:
    """The day the dossier is (to be) sent, whether after or before it (`before`: the words before the date), and the
    time written after it ("vers 14h")."""
    data.setdefault("dossier", {}).update(submission_date=day.isoformat(), submission_bound=_bound(before))
    hour = re.match(r"\s*(?:a|at|vers)?\s*(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?", after)
    if hour and int(hour.group(1)) < 24:
        data["dossier"]["submission_time"] = f"{int(hour.group(1)):02d}:{hour.group(2) or '00'}"


def _bound(before: str) -> str | None:
    """A sending said to be "après le 18 juin" (after that day) or "avant le 18 juin" (before it), else on the day."""
    if re.search(r"\b(?:apres|after|passe|au-dela du)\s+(?:le\s+|the\s+)?$", before):
        return "after"
    if re.search(r"\b(?:avant|before)\s+(?:le\s+|the\s+)?$", before):
        return "before"
    return None


def read_facts(text: str, spec: CallSpec, territory: Territory, reference: date | None = None,
               strict: bool = False, as_of: date | None = None) -> tuple[Profile, list[str]]:
    """The facts a text states (places, structure, theme, publics, dates, duration, amounts, rate), as a Profile.

    `strict` (for questions): a date is a start only next to a start word, an amount is the amount asked only next
    to a request word — "peut-on déposer après le 17 avril ?" states no start date.
    """
    return extract_profile(text, spec, territory, reference=reference, strict=strict, as_of=as_of)


def extract_profile(text: str, spec: CallSpec, territory: Territory, reference: date | None = None,
                    strict: bool = False, as_of: date | None = None) -> tuple[Profile, list[str]]:
    """A Profile read from a free French or English description, and notes saying what was understood."""
    d = _data(spec)
    lang = detect_language(text)
    en = lang == "en"
    folded = fold(text)
    norm = normalize(text)
    notes: list[str] = []
    data: dict[str, Any] = {"structure": {}, "project": {}, "budget": {}, "milestones": [], "dossier": {}}

    # Communes: the seat (after "siège", "based in"...) apart from where the action takes place.
    action, seat, seat_only_named, seat_end, seat_said = [], None, False, 0, ""
    partners: list[tuple[str, int, str]] = []
    for m in territory.find_in_text(text):
        if strict and not _looks_like_place(text, m):
            continue
        before = normalize(text[max(0, (m.start or 0) - 40) : m.start or 0])
        last = before.split()[-6:]
        clause = normalize(re.split(r"[,;()]", text[max(0, (m.start or 0) - 40) : m.start or 0])[-1]).split()[-6:]
        said_seat = bool(d.seat.find(" ".join(clause)))  # "siège à …" in the same clause, not an earlier one's
        # "<structure> de <commune>", or "<ACRONYM> de <commune>" ("l'EPLEFPA de Mirecourt", "une EARL de Bleurville")
        owned = _named_after_structure(" ".join(last)) or bool(_ORG_OF.search(text[max(0, (m.start or 0) - 30):m.start or 0]))
        is_seat = said_seat or owned
        value = m.name if m.status in ("in", "out") else m.query
        if owned and not said_seat and (seat is not None or _PARTNER.search(" ".join(last))):
            partners.append((value, m.end or 0, m.query))
            continue  # a partner's town (the applicant's seat said before, or "avec la mission locale de …"): not the action's
        if comes_from(text, m.start or 0):
            continue  # "une aide-soignante qui arrive de Tours": where someone comes from, not where the action is
        living = normalize(re.split(r"[,;()]", text[max(0, (m.start or 0) - 60):m.start or 0])[-1])
        if not said_seat and _LIVING.search(living) and re.search(r"\bdont\b|\d", living):
            continue  # "16 participants dont 13 habitent Dole et 3 à Lons": where some live, not where the action is
        if is_seat and seat is None:
            seat, seat_only_named = value, not said_seat
            seat_end, seat_said = m.end or 0, m.query
        elif value not in action:
            action.append(value)
    for town, end, said in [(seat, seat_end, seat_said)] * bool(seat) + partners:
        # named again later, not as the seat: "siège à Roye … les ateliers dans nos locaux à Roye" is a place of action
        # too, and so is a partner's town ("une asso de Samoëns … axe 1 sur Saint-Gervais et Samoëns")
        if town in action:
            continue
        # (said short: "siège à Brantôme en Périgord … agence à Brantôme")
        short = re.split(r"\s+en\s+|-en-|\s+sur\s+|-sur-", town)[0]
        names = [town, said or town] + ([short] if short != town and len(short) >= 5 and not re.match(r"(?:saint|sainte|le|la|les)\b", short, re.I) else [])
        for again in re.finditer(rf"\b(?:{'|'.join(map(re.escape, names))})\b", text[end:], re.IGNORECASE):
            start = end + again.start()
            clause = normalize(re.split(r"[,;()]", text[max(0, start - 40):start])[-1]).split()[-6:]
            if _LIVING.search(" ".join(clause)):
                continue  # "dont 8 habitent Blois": where some people live, not where the action is
            if not re.search(r"\b(?:siege|basee?s?|domiciliee?s?|headquarter\w*|based|registered|head office)\b", " ".join(clause)) and not (
                    town != seat and _named_after_structure(" ".join(clause))):
                action.append(town)  # (premises named again, "dans nos locaux à Roye", are where the action happens)
                break
    if seat:
        data["structure"]["commune"] = seat
        notes.append(f"Organisation's seat: {seat}." if en else f"Siège de la structure : {seat}.")
    if not action and seat and seat_only_named:
        action = [seat]  # "notre entreprise est à Arras" and no other place: Arras is where it acts too
    if not action and seat and _THERE.search(fold(text)):
        # "based in Arras, can we run the project there?": the action takes place at the seat
        action = [seat]
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
    # the most specific structure named at the start of the text ("une entreprise qui a l'agrément ESUS": the
    # approved kind; "SARL … sans agrément": a company), before a private individual is considered
    # (a kind of two letters is an acronym only in capitals: "une SA", not "sa petite activité")
    kind_norm = norm
    for w in {w for w, _t in d.type_words if len(w) <= 2}:
        if not re.search(rf"\b{re.escape(w.upper())}\b", text):
            kind_norm = re.sub(rf"(?<!\S){re.escape(w)}(?!\S)", " ", kind_norm)
    # ("une auto-école sociale", "un garage solidaire": the social form of a trade is no company)
    for w in generic_words().get("for_profit_words") or []:
        kind_norm = re.sub(rf"\b{re.escape(normalize(w))} (?=(?:sociale?s?|solidaires?|associati(?:f|ve)s?)\b)", " ", kind_norm)
    # a school someone left or attends, a placement "en entreprise": places of the people served, not the applicant
    # ("mon fils a quitté le lycée", "un stage en entreprise")
    kind_norm = re.sub(r"\b(?:quitte|arrete|abandonne|sortie?s?|decroche|eleves?|inscrite?s?|scolarisee?s?|etudiante?s?)\s+"
                       r"(?:du|de la|de l|le|la|l|au|a la|a l|en)\s+\w+", " ", kind_norm)
    kind_norm = re.sub(r"\b(?:stages?|immersions?|periodes?|alternance|placements?|internships?) en entreprises?\b", " ", kind_norm)
    t = _structure_type_best(" ".join(kind_norm.split()[:12]), d)
    if t is None and (d.individual.find(norm) or (strict and _FOR_MYSELF.search(norm))):
        t = "particulier"
    elif t is None:
        ident = re.search(
            r"\b(?:notre|nous sommes|nous sommes une?|je suis une?|je represente une?|je dirige une?|en tant qu une?|"
            r"en tant que|our|we are an?|we are|i represent an?|i run an?|as an?)\s+(.{0,40})", kind_norm
        )
        if ident:
            t = _structure_type(" ".join(ident.group(1).split()[:4]), d)
        if t is None:
            t = _structure_type(" ".join(kind_norm.split()[:3]), d)
        if t is None and strict:  # a question names the structure anywhere: "est-ce qu'une entreprise peut…"
            t = _named_structure(kind_norm, d)
    created = created_in(text, as_of or reference)
    if created:
        data["structure"]["created"] = created
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
        notes.append(f"Theme: {lab}." if en else f"Thème : {lab}.")
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
            if _END_WORDS.search(before[-15:]) or CREATION_BEFORE.search(before):
                continue
            if strict and _SUBMIT.search(before):
                _sending(data, f.value, before, folded[f.end:f.end + 20])
                continue
            if (_STRICT_START.search(before) if strict else (_START_WORDS.search(before) or len(cands) == 1)):
                start = f
                break
    if strict and reference is not None and not data.get("dossier", {}).get("submission_date"):
        # "si on envoie le 4 juin vers 14h": a day and month without a year, said of sending, is the one nearest the
        # call's deadline (the next from six months before it)
        for v, s, e, _end, _day, _t, year in _dates(folded, reference - timedelta(days=182)):
            if not year and _SUBMIT.search(folded[max(0, s - 30):s]) and not _END_WORDS.search(folded[max(0, s - 15):s]):
                _sending(data, v, folded[max(0, s - 30):s], folded[e:e + 20])
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
    if start is None and reference is not None:
        bare = _bare_month(folded, reference)
        if bare is not None:
            data["project"]["start_date"] = bare.isoformat()
            data["project"]["start_year_assumed"] = True
            notes.append(f"Start: {MONTHS_EN[bare.month - 1]} (year not given)." if en
                         else f"Démarrage : {MONTHS_FR[bare.month - 1]} (année non précisée).")
    digits = _digits(folded, lang)
    # "notre projet doit durer deux ans minimum ?": a requirement the applicant asks about, not its project's span
    found_duration = None if strict and _ASKED_RULE_SPAN.search(digits) else _duration(digits)
    months = found_duration[0] if found_duration else None
    if found_duration and found_duration[1]:
        data["project"]["duration_bound"] = found_duration[1]
    if months is not None:
        data["project"]["duration_months"] = months
        notes.append(f"Duration: {_num(months)} months." if en else f"Durée : {_num(months)} mois.")

    # Formats and channels of the dossier; "can we still apply?" is a submission today.
    gw = generic_words()
    for table, key in (("formats", "formats"), ("channels", "channels")):
        named = [k for k, v in (gw.get(table) or {}).items() if any(f" {normalize(w)} " in f" {norm} " for w in v.get("words", []))]
        if table == "channels" and not _OF_SENDING.search(norm):
            named = []  # "le webinaire sera-t-il mis en ligne ?": no dossier sent
        if named:
            data.setdefault("dossier", {})[key] = named
    # a date the facts did not take (a claimed deadline, "le 17 mai") leaves "today" out of it
    used = [x.start for x in (start, end) if x is not None]
    names_a_date = any(f.start not in used for f in dates) or re.search(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTH_RE})\b(?!\s*\d{{4}})", folded)
    if strict and as_of is not None and _APPLY.search(folded) and not names_a_date \
            and not data.get("dossier", {}).get("submission_date"):
        data.setdefault("dossier", {}).update(submission_date=as_of.isoformat(), submission_implied=True)
    elif strict and as_of is not None and _TODAY_SENT.search(folded) and not data.get("dossier", {}).get("submission_date"):
        # "on peut l'envoyer par mail aujourd'hui ?": a submission today, said, whatever other date the question names
        data.setdefault("dossier", {}).update(submission_date=as_of.isoformat())
    period = _PERIOD.search(folded)
    if period and as_of is not None and not data.get("dossier", {}).get("submission_date") and _SENT_WORD.search(folded):
        data.setdefault("dossier", {}).update(submission_date=as_of.isoformat())  # "on l'envoie ce soir": today
    if period and as_of is not None and data.get("dossier", {}).get("submission_date") == as_of.isoformat():
        # "ce soir", "this afternoon": sent no earlier than that part of the day begins (no hour is made up for it)
        data["dossier"].update(submission_period=period.group(0), submission_from=_PERIODS[period.group(1)])
    now = re.search(r"\b(?:il est|la il est|it is|it's)\s+(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?", folded)
    if now and int(now.group(1)) < 24 and as_of is not None and data.get("dossier", {}).get("submission_date") == as_of.isoformat() \
            and not data["dossier"].get("submission_time"):  # "Il est 14h30, on peut encore déposer aujourd'hui ?": now
        data["dossier"]["submission_time"] = f"{int(now.group(1)):02d}:{now.group(2) or '00'}"

    # Funding rate and total cost.
    # "public 100 % mères isolées", "40 % de parents isolés": a share of the people served, not of the cost
    # "60 % des heures sont réservées à …": a share of something else than the cost either
    rate = next((m for m in _RATE.finditer(digits) if not _OF_PEOPLE_AFTER.match(digits[m.end():]) and not (
        (of := re.match(r"[\d.,]+\s*(?:%|pour ?cent|percent)\s*(?:des|du|de la|de l'|d'|de)\s*(?:notre |nos |mon |ma |son |sa |leur |ce |cet |cette )?([a-z]+)", digits[m.start():m.end() + 30]))
        and not re.match(r"(?:cout|budget|depense|montant|projet|financ|subvention|total|frais|charge|eligib|cost|expens|budg)", of.group(1)))), None)
    if rate and strict:  # in a question, a percentage is the funding rate only when said so ("financé à 70 %")
        around = digits[max(0, rate.start() - 40): rate.end() + 40]
        if not re.search(r"financ|subvention|aide|taux|cout|budget|pris en charge|fund|grant|rate|cost", around) \
                or re.search(r"\b(?:ne|n'|pas|non|not)\b", around):
            rate = None
        elif re.search(r"\b(?:co-?financement|cofinancing|apport|autofinancement|fonds propres)\b[^.?!,;]{0,25}$|"
                       r"\b(?:minimum|minimal|minimale|maximum|maximal|maximale|plafond|plancher|seuil)\s+(?:de|d'|of)\s*$",
                       digits[max(0, rate.start() - 40): rate.start()]):
            rate = None  # "le cofinancement minimum de 10 %", "le plafond de 70 %": the call's figure, not the project's
        elif re.match(r"\s*(?:de |d'|du )?(?:co-?financement|cofinancing|autofinancement|fonds propres|apport)", digits[rate.end():rate.end() + 30]):
            rate = None  # "atteindre les 30 % de cofinancement demandés": the share others bring, not the rate asked
    if rate:
        data["budget"]["funding_rate_percent"] = _parse_num(rate.group("n"))
        notes.append(f"Funding rate: {rate.group('n')} %." if en else f"Taux de financement : {rate.group('n')} %.")
    for f in _find_amounts(text):
        if (_COST_BEFORE.search(fold(text[max(0, f.start - 40) : f.start])) or _COST_AFTER.match(fold(text[f.end:f.end + 40]))) \
                and not _OWN_BUDGET.search(fold(text[max(0, f.start - 60):f.start])):
            data["budget"]["total_cost_eur"] = f.value
            notes.append(f"Total cost: {format_eur(f.value)}." if en else f"Coût total : {format_eur(f.value)}.")
            break

    if "total_cost_eur" not in data["budget"]:
        # "budget 200 000 €, demande 145 000 €": with an amount said to be asked, the budget is the project's cost
        found = _find_amounts(text)
        of_whole = re.compile(r"\b(?:demande|sollicite)e?s? (?:pour|sur)\s*$")  # "30 000 € demandés pour 45 000 €"
        asked = [f for f in found if re.search(r"\b(?:demand\w*|sollicit\w*|request\w*|ask\w*)\W*(?:\w+\W+){0,3}$",
                                                fold(text[max(0, f.start - 30):f.start])) and not of_whole.search(fold(text[max(0, f.start - 25):f.start]))
                 or re.match(r"\s*(?:€|euros?)?\s*(?:demande|sollicite|requested)e?s?\b", fold(text[f.end:f.end + 20]))]
        # ("… demande 30 000 € pour un projet de 45 000 €": the project's cost too)
        budget = [f for f in found if f not in asked and not _OWN_BUDGET.search(fold(text[max(0, f.start - 60):f.start])) and (re.search(r"\b(?:budget|projet|project)\W*(?:\w+\W+){0,2}$", fold(
            text[max(0, f.start - 25):f.start])) or of_whole.search(fold(text[max(0, f.start - 25):f.start])))]
        if asked and budget and budget[0].value > asked[0].value:
            data["budget"]["total_cost_eur"] = budget[0].value
            notes.append(f"Total cost: {format_eur(budget[0].value)}." if en else f"Coût total : {format_eur(budget[0].value)}.")

    # Amount requested.
    # "20 € par jeune", "5 € / heure": a unit price, not the amount asked
    # "acheter une débroussailleuse à 1 800 € HT": the price of a thing bought, not the amount asked either
    amounts = [f for f in _find_amounts(text) if f.value != data["budget"].get("total_cost_eur")
               and not _PRICE_OF_THING.search(fold(text[max(0, f.start - 70):f.start]))
               and not _OWN_BUDGET.search(fold(text[max(0, f.start - 60):f.start]))
               and not (strict and _CALL_BOUND_SAID.search(fold(text[max(0, f.start - 45):f.start])))
               and not re.match(r"\s*(?:par|per|/|a l'|de l')\s*(?!projet|project|an\b|annee|year|structure|porteur|dossier|ami\b|aap\b|aai\b|appel|call\b)\w", fold(text[f.end:f.end + 20]))]
    chosen = None
    if amounts:  # an amount right after "on demande", "sollicitons": the ask, before any weaker cue ("budget … dont 8 000 €")
        chosen = next((f for f in amounts if re.search(_ASKED_BEFORE, fold(text[max(0, f.start - 30):f.start]))), None)
        for f in amounts if chosen is None else []:
            before = normalize(text[max(0, f.start - 60) : f.start])
            after = normalize(text[f.end : f.end + 25])
            if strict and re.match(r"^\s*(?:de |d')(?!subvention|aide|financement|funding|grant)[a-z]", fold(after)):
                continue  # "dans notre budget …, on a prévu 12 000 € de matériel": a cost of the project, not the ask
            if d.request.find(before) or re.match(r"^(demandes?|sollicites?|requested)\b", after):
                chosen = f
                break
        chosen = chosen or (None if strict else amounts[0])
    asks = [f for f in amounts if re.search(_ASKED_BEFORE, fold(text[max(0, f.start - 30):f.start]))]
    if len(asks) >= 2 and chosen in asks and not any(_TO_FUNDER.match(fold(text[f.end:f.end + 30])) for f in asks):
        # "on demande 7 000 € … un volet pour lequel on demande 1 500 €": the parts of one request, to one funder
        chosen = replace(chosen, value=sum(f.value for f in asks))
    if amounts and chosen is not None:
        data["budget"]["requested_eur"] = chosen.value
        if chosen.value >= 0:
            notes.append(f"Amount requested: {format_eur(chosen.value)}." if en else f"Montant demandé : {format_eur(chosen.value)}.")
    profile = Profile.model_validate({k: v for k, v in data.items() if v})
    return profile, notes


