"""How many people a project serves and where they live: the minimum a call sets, and what an applicant states.

A call: "Chaque projet doit accompagner au moins 15 participants sur l'ensemble de sa durée ; ce seuil est porté à 25
participants pour un projet porté par un consortium" (`call_minimum`), "Au moins 60 % des participants accompagnés
doivent résider dans l'une des douze communes listées" (`call_share`). An applicant: "18 participants dont 12 habitent
ces deux communes", "une vingtaine de jeunes" (`stated_count`, approximate), "tous habitants du territoire", "dont 10
habitent Vittel" (`stated_residents`, the places resolved by the call's territory). A number of other people
("2 employeurs partenaires", "3 salariés", "une équipe de 4 encadrants") is no count of the people served; numbers in
words are read by `quantities.read_counts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ages import _PEOPLE as _AGE_PEOPLE
from .quantities import SHARE_WORDS
from .textnorm import fold

if TYPE_CHECKING:
    from .territory import Territory

# the people a project serves (folded): those whose ages a call sets (ages.py), and others; not its staff
_PEOPLE = (rf"(?:{_AGE_PEOPLE}|familles|femmes|hommes|allocataires|stagiaires|apprentis|usagers|habitants|inscrits|families|"
           r"beneficiaries|jobseekers|trainees)")
_STAFF = re.compile(r"^\W*(?:[a-z']+\s+)?(?:de l'equipe|de notre equipe|salarie(?!e?s? en insertion)|benevole|encadr|intervenant|"
                    r"formateur|animateur|partenaire|employeur|membre|staff|volunteer|employee)")
_SUBSET = re.compile(r"(?:\bdont|\bparmi|\bsoit|\bsur|\bincluding|\bof whom|\bau moins|\bau minimum|\bminimum"
                     r"|\bintegrer|\binclure|\bajouter|\brajouter|\by compris|\baussi)\s*$")  # ("intégrer 4 apprentis": some of them)
_COUNTED = re.compile(rf"^\s*(?:de |d')?(?:(?!de\b|d')[a-z'-]{{3,12}}\s+)?{_PEOPLE}\b")
_AT_LEAST = re.compile(r"(?:au moins|au minimum|minimum(?: de| d')?|d'au moins|un minimum de|pas moins de|at least|a minimum of)\s*$")
_SERVE = re.compile(r"accompagn|touch|benefici|accueill|heberg|loger|suivi|suivre|inscri|concern|orient|particip|prevoir|prise en charge|recevoir|"
                    r"forme|former|sensibilis|mobilis|support|reach|serve")
_NOT_SERVED = re.compile(r"webinaire|reunion d'information|jury|comite|seance|equipe|gouvernance|conseil d'administration")
_PER = re.compile(r"^\W*(?:[\w'-]+\s+){1,3}?par (?:session|seance|atelier|groupe|sortie|activite|action|jour|semaine|mois|an|annee)\b")
_RAISED = re.compile(r"\b(?:porte|portee|releve|relevee|eleve|elevee|fixe|fixee|passe)\s+a\s+$")
_CASE = re.compile(r"^\W*(?:participants?|personnes|\w+s)?\s*(?:,\s*)?(?:(?:pour|lorsque|lorsqu'|si|quand|dans le cas d'|dans le cas ou|"
                   r"en cas de|des lors que)\s*)(?P<case>[^.;]{4,120})")
_RESIDE = r"(?:resid|habit|domicili|vi(?:t|vent|vant)\b|live|living)"
_PLACE = re.compile(r"commune|territoire|perimetre|zone|communaute|intercommunal|epci|canton|pays\b")
_JOINT = re.compile(r"\b(?:consortiums?|groupements?(?! d'(?:employeurs|interet))|chef de file|co-?port\w*|plusieurs structures|"
                    r"en partenariat|(?:accord|convention) de partenariat|a plusieurs|joint(?:ly)?|partnership)\b")
_SOLE = re.compile(r"\b(?:port\w* seule?s?|seule?s? (?:porteu\w*|a porter|a deposer)|depos\w* seule?s?|candidat\w* seule?s?|"
                   r"structure (?:seule|unique)|porteur unique|en solo|alone|on our own|by ourselves|single applicant)\b")


_MIN_LEAD = re.compile(r"(?:nombre|effectif|seuil)s? (?:minim\w*|plancher)(?: (?:de|d'|des) [\w' ]{3,30})?\s*:[^.;]*$")
_FOR_CASE = re.compile(r"^[^.;,\d]{0,60}?\bpour (?:le |la |les |l')?(?P<label>[a-z]{3,12} (?:n[o°]\s*)?\d{1,2})\b")


@dataclass
class Minimum:
    """A minimum number of people a call's sentence sets, a higher one for a case it states, and the minima it sets
    case by case ("12 personnes … pour le lot 1, 8 personnes pour le lot 2": `cases`, label → minimum)."""

    value: int
    raised: int | None = None
    case: str = ""
    cases: dict[str, int] | None = None


def call_minimum(sentence: str) -> Minimum | None:
    """The minimum number of people served a call's sentence sets ("au moins 15 participants", "le projet doit toucher
    au minimum vingt-cinq jeunes"), with the higher minimum of a case it states ("porté à 25 … pour un consortium")."""
    from .quantities import read_counts

    f = fold(sentence)
    if _NOT_SERVED.search(f) and not re.search(r"\bparticipants?\b", f):
        return None
    found: Minimum | None = None
    cases: dict[str, int] = {}
    for c in read_counts(f):
        before, after = f[:c.start], f[c.end:]
        lead = bool(_MIN_LEAD.search(before))  # "Nombre minimal de participants : 12 personnes … pour le lot 1, 8 …"
        if lead and _COUNTED.match(after) and (k := _FOR_CASE.match(after)):
            cases.setdefault(k.group("label"), int(c.value))
        if found is None and (_AT_LEAST.search(before) or lead) and _COUNTED.match(after) and not _STAFF.match(after) \
                and not _PER.match(after):
            if not (_SERVE.search(f) or re.search(r"\bparticipants?\b", f)):
                return None
            found = Minimum(int(c.value))
        elif found is not None and _RAISED.search(before[-20:]) and c.value > found.value:
            m = _CASE.match(after)
            found.raised, found.case = int(c.value), (m.group("case").strip() if m else "")
    if found is not None and len(cases) > 1:
        found.cases, found.value = cases, min(cases.values())
    return found


def raised_minimum(sentence: str, floor: int) -> tuple[int, str] | None:
    """A higher minimum a sentence that follows the call's minimum sets ("Ce seuil est porté à 25 participants pour les
    projets portés par un groupement"), with its case."""
    from .quantities import read_counts

    f = fold(sentence)
    for c in read_counts(f):
        if _RAISED.search(f[:c.start][-20:]) and c.value > floor and re.search(r"\b(?:seuil|minimum|nombre|participants?)\b", f):
            m = _CASE.match(f[c.end:])
            return int(c.value), (m.group("case").strip() if m else "")
    return None


def call_share(sentence: str) -> float | None:
    """The share of the people served a call's sentence wants living in its territory ("Au moins 60 % des participants
    accompagnés doivent résider dans l'une des douze communes listées"; "dans la limite de 20 % de l'effectif", said of
    people living in other communes, is at least 80 %); None for a share of something else or of a district."""
    from .quantities import read_percents

    f = fold(sentence)
    if not re.search(_RESIDE, f) or re.search(r"quartier|qpv", f):
        return None
    for p in read_percents(f):
        before, after = f[:p.start], f[p.end:]
        if _AT_LEAST.search(before) or re.match(r"\s*au moins\b", after):
            if re.match(rf"\s*(?:au moins\s+)?(?:des|de l'effectif|du nombre)\s*(?:\w+\s+){{0,3}}?{_PEOPLE}?", after) and _PLACE.search(after):
                return p.value
        elif re.search(r"dans la limite de\s*$", before) and re.search(
                rf"{_RESIDE}\w*\s+(?:dans|sur|en)\s+(?:d'autres communes|une autre commune|un autre territoire)(?!\s+(?:de|du|des)\b)"
                rf"|{_RESIDE}\w*\s+hors\s+(?:du|de la)\s+(?:territoire|perimetre|zone)", f):
            return 100.0 - p.value
    return None


# --------------------------------------------------------------------------- what an applicant says


@dataclass
class Count:
    """A number of people served an applicant states."""

    value: int
    approx: bool
    text: str
    summed: bool = False  # the sum of groups said apart ("10 jeunes habitent X et 8 habitent Y"), written "10 + 8"
    high: int | None = None  # a range's upper end ("entre 12 et 20 participants": value 12, approximate)


def stated_count(text: str) -> Count | None:
    """The number of people the project serves an applicant states ("12 participants prévus", "30 seniors inscrits à
    France Travail", "une vingtaine de jeunes" = 20, approximate); a subset ("dont 12 …"), a minimum asked about ("au
    moins 20 ?"), one person ("une maman de 25 ans") and other people ("3 salariés", "2 employeurs partenaires") are not one.
    The largest total."""
    from .quantities import read_counts

    best: Count | None = None
    chain: list = []  # groups said apart, each with where it lives: "10 jeunes habitent X et 8 habitent Y"
    ends: set[int] = set()  # the upper ends of ranges already read
    for c in read_counts(text):
        before, after = fold(text[max(0, c.start - 14):c.start]), fold(text[c.end:c.end + 60])
        rng = re.match(r"\s*(?:et|a|-|to|and)\s*(\d+)", after) if re.search(r"\b(?:entre|de|between|from)\s+$", before) else None
        if rng and _COUNTED.match(after[rng.end():]) and int(rng.group(1)) > c.value and not _STAFF.match(after[rng.end():]):
            start = text.rfind(" ", 0, max(0, c.start - 1)) + 1  # "entre 12 et 20", as written
            ends.add(c.end + rng.end(1))
            if best is None or int(rng.group(1)) > (best.high or best.value):
                best = Count(int(c.value), True, text[start:c.end + rng.end(1)].strip(), high=int(rng.group(1)))
            continue
        if c.end in ends:
            continue
        lives = re.match(rf"\s*(?:[a-z'-]+\s+){{0,2}}?{_RESIDE}", after) and not c.approx
        if lives and chain and re.search(r"(?:\bet|,)\s*$", before):
            chain.append(c)
            if sum(x.value for x in chain) > (best.value if best else 0):
                best = Count(int(sum(x.value for x in chain)), False, " + ".join(x.text for x in chain), summed=True)
            continue
        if c.value < 2 or _SUBSET.search(before) or not _COUNTED.match(after) or _STAFF.match(after):
            continue
        if re.match(r"\s*(?:ans|mois|years?|%)\b", after) or re.search(r"\b(?:axe|lot|volet|mesure)s? (?:n[o°] ?)?$", before):
            continue  # (nor is the number of "l'axe 2 parents isolés")
            continue
        chain = [c] if lives else []
        if best is None or c.value > best.value:
            best = Count(int(c.value), c.approx, c.text)
    return best


_THINGS = re.compile(r"\s*(?:sites?|lieux?|mois|ans?|annees?|heures?|jours?|semaines?|entreprises?|partenaires?|structures?|"
                     r"communes?|salaries?|encadrants?|postes?|places?|vehicules?|voitures?)\b")
_STOP = r"(?=\s+et\s+(?:\d|la |un |les )|\s+dont\b|[.;!?(]|$)"
_STARTS = re.compile(r"(?:^|\bdont\b|\bet\b|[,:;.]|\bmais\b|\bwith\b|\band\b)(?=\s)")
_GROUP = re.compile(rf"\s+(?:(?P<n>\d+)(?!\s*(?:mois|ans?|€|%|euros?|k€|h\b|heures))"
                    rf"|(?P<frac>{'|'.join(SHARE_WORDS)})|(?P<pc>\d{{1,3}})\s*%)(?:\s+(?:d'entre eux|d'entre elles|des \w+|of them))?"
                    rf"\s+(?:(?:[\w']+\s+){{0,2}}?(?P<verb>{_RESIDE}\w*)\s*)?(?P<where>[^.;!?]*?){_STOP}")
_ALL = re.compile(rf"\b(?:tous|toutes|all)\b(?:\s+[\w']+){{0,3}}?\s+(?P<verb>{_RESIDE}\w*|domicilies|du territoire|du perimetre)"
                  rf"(?P<where>[^.;!?]*?){_STOP}|\b{_RESIDE}\w*\s+(?:tous|toutes)\b(?P<where2>[^.;!?]*?){_STOP}")
_HERE = re.compile(r"\b(?:territoire|perimetre|communes? (?:du|de l'appel|concernees|listees|eligibles)|the area|the territory)\b")
_THERE = re.compile(r"\b(?:sur place|ces (?P<n>\w+ )?communes|cette commune|la-bas|these (?P<n2>\w+ )?(?:towns|communes)|on site|locally)\b")
_SEAT = re.compile(r"(?:siege|sieges|based|basee?s?|head office)(?:\s+social)?\s+(?:a|au|en|in|at|dans)?\s*$")


def _clip(original: str) -> str:
    """A place phrase up to a comma that opens another topic ("Bulgnéville et Lamarche, asking €65,000 …")."""
    return re.split(r",\s+(?=[a-zà-ÿ€\d])(?!ou\b|et\b|or\b|and\b)", original)[0]


def _inside(where: str, original: str, before: str, territory: Territory) -> bool | None:
    """Whether a place phrase is in the call's territory: the communes it names all in (True), all out (False), a mix
    (None); "le territoire", "les communes du périmètre" are in; "sur place", "ces deux communes" are the communes the
    text names before it (its seat set aside), in when they all are; None when nothing tells."""
    if _HERE.search(where):
        return True
    there = _THERE.search(where)
    if not there:
        found = [m for m in territory.find_in_text(_clip(original)) if m.status in ("in", "out")]
        statuses = {m.status for m in found}
        return None if len(statuses) != 1 else statuses == {"in"}
    named = [m for m in territory.find_in_text(before) if m.status in ("in", "out") and not _SEAT.search(fold(before[:m.start or 0]))]
    from .quantities import read_counts

    said = next(iter(read_counts(there.group("n") or there.group("n2") or "")), None)
    named = named[-int(said.value):] if said else named
    return all(m.status == "in" for m in named) if named else None


@dataclass
class Residents:
    """The people an applicant says live in the call's territory, out of the total it states."""

    inside: int | None  # a count ("dont 12 habitent …"), or None for a share ("tous", "la moitié")
    total: int | None  # the total the applicant states (None when it gives none, or an approximate one)
    percent: float
    outside_names: list[str]
    words: str = ""  # the applicant's words for a share ("tous habitants du territoire", "la moitié habite Lacanau")
    upper: float | None = None  # the most it can be when some participants are placed nowhere ("dont 4 habitent X")
    outside: int = 0  # how many the applicant says live out of it


def stated_residents(text: str, territory: Territory) -> Residents | None:
    """The share of the people served an applicant says live in the call's territory ("30 participants dont 20 résidant
    dans les communes du territoire", "dont 10 habitent Bulgnéville et 10 habitent Vittel", "tous habitants du
    territoire", "la moitié habite Lacanau"); None when it cannot be told."""
    from .quantities import _fold_map

    f, idx = _fold_map(text)
    total = stated_count(text)
    whole = total.value if total and not total.approx and not total.summed else None
    m = _ALL.search(f) if total else None  # "tous habitent …" said of the people counted, not of anyone
    if m:
        key = "where" if m.group("where") is not None else "where2"
        s, e = m.start(key), m.end(key)
        inside = True if (m.group("verb") or "").startswith("du ") else _inside(m.group(key), text[idx[s]:idx[e]], text[:idx[s]], territory)
        if inside is not None:
            return Residents(None, whole, 100.0 if inside else 0.0, [], _clip(text[idx[m.start()]:idx[e]]).strip())
    inside_n, outside_n, share, out_names, words = 0, 0, None, [], ""
    for st in _STARTS.finditer(f):
        g = _GROUP.match(f, st.end())
        if g is None:
            continue
        # "… et 5 Bordeaux": the verb of the group before; not a new sentence, nor things ("2 sites à Rupt")
        going_on = bool(g.group("n")) and bool(inside_n or outside_n) and st.group(0) not in (".", ";") and not _THINGS.match(g.group("where"))
        if not g.group("verb") and not going_on:
            continue
        s, e = g.start("where"), g.end("where")
        original = text[idx[s]:idx[e]]
        inside = _inside(g.group("where"), original, text[:idx[s]], territory)
        if inside is None:
            if going_on and not g.group("verb"):
                break
            return None
        if g.group("n"):
            n = int(g.group("n"))
            inside_n, outside_n = inside_n + n * inside, outside_n + n * (not inside)
            out_names += [x.label for x in territory.find_in_text(_clip(original)) if x.status == "out"]
        else:
            pc = SHARE_WORDS[g.group("frac")] if g.group("frac") else float(g.group("pc"))
            share = (share or 0.0) + (pc if inside else 0.0)
            words = words or _clip(text[idx[g.start("frac") if g.group("frac") else g.start("pc")]:idx[e]]).strip()
    if share is not None and not (inside_n or outside_n):
        return Residents(None, whole, share, out_names, words) if total else None
    counted = inside_n + outside_n
    if not counted or (whole is None and not outside_n):
        return None  # nothing said, or "dont 20 résident sur le territoire" of an unknown total
    stated = whole if whole is not None and whole >= counted else None
    base = stated or counted
    # "30 dont 20 résident sur le territoire": the others do not; "10 dont 4 habitent Saint-Flour": the others may
    upper = 100.0 * (base - outside_n) / base if outside_n and base > counted else None
    return Residents(inside_n, stated, 100.0 * inside_n / base, list(dict.fromkeys(out_names)), upper=upper, outside=outside_n)


def in_case(case: str, said: str) -> bool | None:
    """Whether an applicant is in the case a call raises its minimum for ("pour un projet porté par un consortium"):
    True when it says so, False when it says the opposite ("nous portons seuls"), None when it says nothing of it."""
    from .conditions import condition_met

    met = condition_met(f"lorsque {case}", said)
    return met if met is not None else joint_or_sole(case, said)


_ONE_OF_US = re.compile(r"^\W*(?:(?:bonjour|hello|hi)\W+)?(?:nous sommes|on est|je suis|je dirige|je gere|notre|mon|ma|we are|i run|our)\b")
_OTHERS = re.compile(r"\b(?:avec|partenaires?|allies?|ensemble|together|with|partners?|membres?)\b|\b(?:plusieurs|deux|trois|quatre|\d) "
                     r"(?:structures|assos?|associations|organismes|acteurs|porteurs)\b")


def joint_or_sole(case: str, said: str) -> bool | None:
    """Whether an applicant is in a case of projects carried jointly ("porté par un consortium"): True when it says it
    applies with others, False when it says it applies alone ("seule, pas de consortium"), None otherwise."""
    c, s = fold(case), fold(said)
    if not _JOINT.search(c):
        return None
    if _SOLE.search(s) or re.search(rf"\b(?:pas|sans|aucun|not|no|without)\s+(?:de |d'|en |a |as a )?{_JOINT.pattern}", s):
        return False  # "seule, pas de consortium": the joint word it names is the one it is not
    if _JOINT.search(s):
        return True
    if _ONE_OF_US.match(s) and not _OTHERS.search(s):
        return False  # "Nous sommes un ACI créé en 2019, … C'est bon ?": one structure speaking of itself, no partner named
    return None


def raised_case(quotes: list[str], floor: int) -> str:
    """The case for which the call's quotes raise its minimum number of people ("un projet porté par un consortium")."""
    for q in quotes:
        m = call_minimum(q)
        if m and m.raised:
            return m.case
        r = raised_minimum(q, floor)
        if r:
            return r[1]
    return ""
