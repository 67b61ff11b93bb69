"""How old the applicant structure is: the creation date a text states, and the call's minimum age.

A call often admits a structure only if it exists for some time ("associations déclarées depuis au moins un an",
"au moins un exercice comptable clos"). `created_in` reads a creation date from a question or a description ("créée
en 2019", "créé en septembre 2026", "existe depuis 4 ans"); `check_seniority` compares the structure's age at the
call's deadline with the minimum, counting a year or a month given alone at its most favourable and least
favourable day: it fails or passes only when both agree.
"""

from __future__ import annotations

import re
from datetime import date

from typing import TYPE_CHECKING

from .textnorm import fold, tokens

if TYPE_CHECKING:
    from .calls.spec import CallSpec, Constraint
    from .constraints import CriterionResult
    from .types import Citation, Profile

_CREATED = re.compile(
    r"\b(?:creee?s?|cree|fondee?s?|declaree?s?|immatriculee?s?|constituee?s?|founded|created|registered|set up|"
    r"established|existe(?:nt)? depuis|exists? since|depuis|statuts (?:ont ete |sont |seront )?deposes|publiee?s? au (?:jo|journal officiel)|"
    r"(?:declaration|immatriculation|creation)(?: en prefecture| au rcs| au journal officiel| au jo)? (?:date|remonte)(?: du| de| a| au)?)"
    r"\s+(?:(?:en|in|le|on|depuis|since)\s+)?")  # ("la déclaration en préfecture date du 20 mars 2026")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_NOT_CREATION = re.compile(r"[.,;:?!]|\b(?:et|pour|afin|demarr\w*|commenc\w*|debut\w*|lanc\w*|start\w*|begin\w*|projet|action)\b")
# a date governed by a creation word ("déclarée en préfecture en septembre 2025") is the structure's, not the project's
CREATION_BEFORE = re.compile(r"\b(?:creee?s?|fondee?s?|declaree?s?|immatriculee?s?|constituee?s?|founded|created|registered|publiee?s? au (?:jo|journal officiel)|"
                             r"established|statuts (?:ont ete |sont |seront )?deposes)\b(?:(?!\b(?:et|pour|afin|projet|action)\b)[^.,;:?!]){0,30}$"
                             r"|\b(?:declaration|immatriculation|creation)\b[^.,;:?!]{0,25}\b(?:date|remonte)(?: du| de| a| au)?\s*$")
_AGE = re.compile(r"\b(?:existe(?:nt)?|cree|creee|sommes|est|exists?|have existed|been around|active)\b[^.?!]{0,25}?\b"
                  r"(?:depuis|for|il y a)\s+(?P<n>\d{1,2})\s+(?P<u>ans?|annees?|years?|mois|months?)\b")
_EXISTS = r"(?:declare|cree|constitue|exist|immatricul|anciennete|fonctionn)\w*"
_EXISTENCE = re.compile(rf"\b{_EXISTS}")
_EXISTENCE_AFTER = re.compile(rf"\s*(?:d'|de\s+)?{_EXISTS}")  # "d'au moins un an d'existence"
_AT_LEAST = re.compile(r"(?:\bau moins|\bplus de|\bminimum(?: de)?)\s+$")
_EXERCISES = re.compile(r"\bau moins\s+(?P<e>\d|un|deux|trois)\s+(?:exercices?|bilans?)\b(?:\s+comptables?)?\s+"
                        r"(?:clos|approuves?|certifies?)")


def required_months(sentence: str) -> float | None:
    """The minimum age in months a call's sentence sets for applicants, if it sets one on their existence
    ("déclarées depuis au moins dix-huit mois", "au moins deux exercices clos"); durations are read by
    `quantities.read_durations`."""
    from .quantities import read_durations

    f = fold(sentence)
    if not (_EXISTENCE.search(f) or re.search(r"\b(?:exercice|bilan)", f)):
        return None
    m = _EXERCISES.search(f)
    if m:
        e = m.group("e")
        return 12.0 * (1 if e == "un" else 2 if e == "deux" else 3 if e == "trois" else int(e))
    for d in read_durations(f):
        before = f[max(0, d.start - 90):d.start]
        said = list(_EXISTENCE.finditer(before))
        after = _EXISTENCE_AFTER.match(f[d.end:d.end + 30])
        if d.high is None and _AT_LEAST.search(f[:d.start]) and (after or said and not re.search(
                r"\b(?:projets?|actions?|durees?|versements?|avances?)\b", before[said[-1].end():])):
            return float(d.value)  # "existence d'au moins deux ans", not "projet de plus de 18 mois" beside a bilan
    return None


_MADE = r"\b(?:declaree?s?|creee?s?|immatriculee?s?|constituee?s?|fondee?s?)\s+"
_MADE_AFTER = re.compile(_MADE + r"(?:apres|posterieurement a|a compter du|a partir du|depuis)\s+(?:le\s+)?(?=\d)")
_MADE_BY = re.compile(_MADE + r"(?:avant|au plus tard)\s+(?:le\s+)?(?=\d)")


def latest_creation(sentence: str, excluded: bool) -> date | None:
    """The last day an applicant may have been created, when a sentence sets it by a date: an excluded item
    ("les associations déclarées après le 1er janvier 2026": that day) or an admitted one ("créées avant le 1er janvier
    2026": the day before; "au plus tard le …": that day)."""
    from datetime import timedelta

    from .quantities import read_dates

    f = fold(sentence)
    m = (_MADE_AFTER if excluded else _MADE_BY).search(f)
    if not m:
        return None
    day = next((x for x in read_dates(f[m.end():m.end() + 40]) if x.day), None)
    if day is None or day.value is None:
        return None
    starts_then = excluded and not re.search(r"apres|posterieurement", m.group(0))  # "à compter du" excludes that day
    return day.value - timedelta(days=1) if starts_then or re.search(r"\bavant\b", m.group(0)) else day.value


def created_in(text: str, today: date | None = None) -> str | None:
    """The structure's creation as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' from a text, or None (dates are read by
    `quantities.read_dates`; a bare year right after the creation word is a year)."""
    from .quantities import read_dates

    f = fold(text)
    for m in _CREATED.finditer(f):
        if re.search(r"\b(?:projet|action|tiers lieu|dispositif)\b", f[max(0, m.start() - 25):m.start()]):
            continue
        rest = f[m.end():m.end() + 40]
        # the date right after the word, or after a short complement ("déclarée en préfecture en septembre 2025")
        found = [d for d in read_dates(rest) if d.start <= 3 or (d.start <= 30 and not _NOT_CREATION.search(rest[:d.start]))]
        if found:
            d = found[0].value
            return d.isoformat() if found[0].day else f"{d.year}-{d.month:02d}"
        y = _YEAR.match(rest)
        if y:
            return y.group(0)
    m = _AGE.search(f)
    if m and today is not None:
        months = int(m.group("n")) * (1 if m.group("u").startswith(("mois", "month")) else 12)
        y, mo = divmod(today.year * 12 + today.month - 1 - months, 12)
        return f"{y}-{mo + 1:02d}"
    return None


def creation_bounds(created: str) -> tuple[date, date] | None:
    """The earliest and latest day a creation written 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' can be."""
    try:
        parts = [int(x) for x in created.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return date(parts[0], parts[1], 1), date.fromordinal(nxt.toordinal() - 1)
        d = date(*parts[:3])
        return d, d
    except (ValueError, TypeError):
        return None


def months_old(created: date, on: date) -> float:
    """Whole and partial months from `created` to `on`."""
    return (on.year - created.year) * 12 + (on.month - created.month) + (on.day - created.day) / 31


def check_seniority(c: Constraint, p: Profile, cites: list[Citation], on: date | None,
                    spec: CallSpec | None = None) -> CriterionResult:
    """The structure's age at the call's deadline against the minimum it sets (a year or month given alone counts
    both ways: pass or fail only when its first and last day agree); with the call (`spec`), an applicant admitted by
    another item that asks no age passes, and a case the call waives the rule for that the applicant names is to check."""
    from .constraints import crit

    r = _check_age_of(c, p, cites, on)
    if spec is not None and r.status in ("fail", "unknown"):
        other = _admitted_without_age(spec, c, p)
        if other is not None:  # "un ACI conventionné, créé en 2026": admitted as a SIAE, whose item asks no age
            return crit(c.id, "pass", "criterion.seniority.exempt", [other, *cites], who=other.quote.rstrip(" ;.,"))
        waived = _waiver(spec, c, p) if r.status == "fail" else None
        if waived is not None:  # "ne s'applique pas à une structure issue de la fusion …" and "c'est la fusion de …"
            return crit(c.id, "warn", "criterion.seniority.waiver", [waived, *cites], clause=waived.quote.rstrip(" ;.,"))
    return r


def _shown(given: str, early: date) -> dict[str, str]:
    """A creation as the applicant gave it: its year alone, its month, or its day, in each language."""
    from .fmt import format_date, format_month

    # ("créée en 2016", "en mars 2026", "le 20 mars 2026": the catalogue's sentence says "créée {created}")
    return {lang: (f"en {given}" if lang == "fr" else f"in {given}") if len(given) == 4 else
            (f"en {format_month(early, lang)}" if lang == "fr" else f"in {format_month(early, lang)}") if len(given) == 7 else
            (f"le {format_date(early, lang)}" if lang == "fr" else f"on {format_date(early, lang)}") for lang in ("fr", "en")}


def _check_age_of(c: Constraint, p: Profile, cites: list[Citation], on: date | None) -> CriterionResult:
    from .cases import applicant_case, quoted_first
    from .constraints import crit

    need = c.min_months or 0
    bounds = creation_bounds(p.structure.created or "")
    if c.latest is not None and not need:  # "les associations déclarées après le 1er janvier 2026" are excluded
        kinds = [k for k in c.cases if k.of_kinds]
        if kinds and p.structure.type and applicant_case(kinds, p) is None:  # (a SIAE is not an association)
            return crit(c.id, "pass", "criterion.seniority.not_bound", quoted_first(cites, kinds[0].quote), who=kinds[0].label)
        if bounds is None:
            return crit(c.id, "unknown", "criterion.seniority.missing", cites, "criterion.seniority.question")
        created = _shown(p.structure.created or "", bounds[0])
        status = "pass" if bounds[1] <= c.latest else "fail" if bounds[0] > c.latest else "unknown"
        key = {"pass": "pass", "fail": "fail", "unknown": "unclear"}[status]
        return crit(c.id, status, f"criterion.seniority.{key}", cites, "criterion.seniority.question" if status == "unknown" else None,
                    created=created)
    kinds = [k for k in c.cases if k.of_kinds]
    if kinds:  # "Les associations et les SCIC doivent …", "… ne s'applique ni aux collectivités, ni aux CCAS et CIAS"
        own = applicant_case(kinds, p)
        if own is not None and not own.min_months and applicant_case([own], p, by_kind=False) is None:
            from .calls.draft_values import _types

            if len(_types(own.label)) != 1 or len(own.label.split()) > 6:
                own = None  # an exemption matched by kind only names that one kind, and nothing more ("aux communes")
        bound = [k for k in kinds if k.min_months]
        if own is not None and not own.min_months:
            return crit(c.id, "pass", "criterion.seniority.exempt", quoted_first(cites, own.quote), who=own.label)
        if own is None and bound and p.structure.type:
            return crit(c.id, "pass", "criterion.seniority.not_bound", quoted_first(cites, bound[0].quote), who=bound[0].label)
        if own is not None:
            need = own.min_months or need
    bounds = creation_bounds(p.structure.created or "")
    if bounds is None or on is None:
        return crit(c.id, "unknown", "criterion.seniority.missing", cites, "criterion.seniority.question")
    early, late = bounds
    created = _shown(p.structure.created or "", early)
    if months_old(late, on) >= need - 1e-9:
        return crit(c.id, "pass", "criterion.seniority.pass", cites, created=created)
    if months_old(early, on) < need - 1e-9:
        return crit(c.id, "fail", "criterion.seniority.fail", cites, created=created)
    return crit(c.id, "unknown", "criterion.seniority.unclear", cites, "criterion.seniority.question", created=created)


_AGE_WORDS = re.compile(r"\bancienn|\bexistence\b|\bcreee?s?\b|\bdeclaree?s?\b|\bimmatricul|\bexercices?\b|\bdepuis au moins\b")
_WAIVES = re.compile(r"\bne s'applique (?:pas|ni)\b|\bne concerne pas\b|\bsauf\b|\ba l'exception\b|\bn'est pas exigee?\b")


def _waiver(spec: CallSpec, c: Constraint, p: Profile) -> Citation | None:
    """The sentence after the call's age rule that waives it in a case the applicant names ("Cette condition ne s'applique
    pas à une structure issue de la fusion de plusieurs structures …" and "c'est la fusion de deux associations")."""
    said = {t for t in tokens(p.project.summary or "") if len(t) >= 4}  # by whole stems ("emploi" is no "employeurs")
    text = spec.call_doc.text
    after: list[tuple[str | None, str]] = []
    for q in c.quotes:  # the sentences that follow the rule in its paragraph, or in its own item ("… antérieure au 26
        # mars 2025). Par exception, cette condition ne s'applique pas aux groupements d'employeurs en cours de création …")
        after += [(c.rule, x.strip(" *")) for x in re.split(r"(?<=[.!?])\s+", q)[1:] if len(x.strip()) > 20][:2]
        at = text.find(q)
        if at >= 0:
            rest = text[at + len(q):].split("\n", 1)[0]
            after += [(c.rule, x.strip(" *")) for x in re.split(r"(?<=[.!?])\s+", rest) if len(x.strip()) > 20][:2]
    for rule_id, nxt in after:
        f = fold(nxt)
        m = _WAIVES.search(f)
        words = {t for t in tokens(f[m.end():]) if len(t) >= 4 and t[:5] not in _WAIVER_FILLER} if m else set()
        if words & said:
            try:
                return spec.cite(nxt, rule_id)
            except Exception:  # a sentence not found verbatim is never quoted (its item is, when it holds it)
                whole = next((q for q in c.quotes if nxt in q), None)
                try:
                    return spec.cite(whole, rule_id) if whole else None
                except Exception:
                    return None
    return None


_WAIVER_FILLER = frozenset({"struc", "condi", "porte", "proje", "plusi", "moins", "remp", "depos", "candi", "dossi", "appel"})


_WAIVED = re.compile(r"\bsans (?:aucune )?(?:condition|exigence|critere|minimum) d'(?:anciennete|existence|age)\b")


def _admitted_without_age(spec: CallSpec, c: Constraint, p: Profile) -> Citation | None:
    """The call's item admitting the applicant by a kind the seniority rule does not name ("Les associations … ayant au
    moins un an d'existence" and "les structures de l'insertion par l'activité économique conventionnées …" for "un
    atelier chantier d'insertion"), when that item asks no age itself; None otherwise."""
    from .conditions import _kinds, _kinds_in, _long_forms, _spelled
    from .territory import normalize

    raw = " ".join(x for x in (p.structure.name, p.project.summary) if x)
    if set(re.findall(r"\b[A-Z]{3,6}\b", raw)) & set(re.findall(r"\b[A-Z]{3,6}\b", " ".join(c.quotes))):
        return None  # "une SARL de l'ESS" and "les associations et les entreprises de l'ESS doivent avoir …": bound by it
    said = _spelled(raw)
    own = {ph for _, ph in _kinds_in(said)}
    bound = " ".join(normalize(q) for q in c.quotes)
    from .facts import generic_words

    types = {normalize(t) for t in generic_words().get("structure_types") or {}}
    own |= {_kinds().get(ph) for ph in own if _kinds().get(ph)}  # an ACI is a SIAE
    specific = {ph for ph in own if ph not in types and not re.search(rf"\b{re.escape(ph)}s?\b", bound)}
    if not specific:
        return None
    for a in (x for x in spec.effective_constraints() if x.kind == "applicant"):
        for x in spec.constraint_citations(a):
            q = normalize(x.quote)
            asks_age = _AGE_WORDS.search(_WAIVED.sub(" ", fold(x.quote)))  # ("… sans condition d'ancienneté" asks none)
            if x.quote in c.quotes or asks_age or re.search(r"\bne (?:sont|peuvent)|exclu|ineligible", q):
                continue
            if any(re.search(rf"\b{re.escape(ph)}s?\b", q) or (ph in _long_forms() and _long_forms()[ph].search(q)) for ph in specific):
                return x
    return None
