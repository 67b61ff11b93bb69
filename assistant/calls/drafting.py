"""Drafting a call from its document (`ami new-call`): the facts the call states, each with its verbatim quote.

`extract` takes the blocks read by `drafting_read.py` and finds, deterministically (the quantity readers of
`assistant/quantities.py` — dateparser, babel, text2num — and the packaged cue words of `drafting_words.yaml`), the facts a call states — dates with their role, durations, amounts, rates, counts,
e-mails and URLs, lists after a lead-in — each with the verbatim sentence or list item it comes from.
`drafting_write.py` turns these facts into the call's files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .read import _SUBPART, Block, Unit, row_label, units_of
from ..profile_io import MAX_YEAR, MIN_YEAR
from ..quantities import _digits, read_amounts, read_dates, read_durations
from ..seniority import latest_creation, required_months
from ..textnorm import fold

WORDS_PATH = Path(__file__).with_name("drafting_words.yaml")


@lru_cache(maxsize=1)
def drafting_words() -> dict:
    """The packaged generic word lists for drafting (rules' keywords, cue words, départements)."""
    return yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))


@dataclass
class Fact:
    """One value the call states, with the verbatim quotes it rests on."""

    kind: str
    value: Any
    quotes: list[str]
    what: str = ""


@dataclass
class Draft:
    """Everything found in a call document."""

    blocks: list[Block]
    units: list[Unit]
    facts: list[Fact] = field(default_factory=list)
    title: str = ""

    def of(self, kind: str) -> list[Fact]:
        """The facts of one kind, in document order."""
        return [f for f in self.facts if f.kind == kind]

    def first(self, kind: str) -> Fact | None:
        """The first fact of one kind, or None."""
        return next(iter(self.of(kind)), None)


# --------------------------------------------------------------------------- extraction

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"https?://[^\s<>»)\]]+")
_DOMAIN = re.compile(r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:fr|com|org|net|eu|gouv\.fr)\b", re.I)


def quoted_answer(quotes: list[str], lang: str, refs: list[int] | None = None) -> str:
    """A drafted rule's answer: its quotes, each with its marker ("D'après l'appel : « … » [1] ; « … » [2]")."""
    w = drafting_words()["answer"]
    nums = refs or list(range(1, len(quotes) + 1))
    return w[lang].format(quotes=w["sep"].join(w[f"quote_{lang}"].format(q=q, n=n) for q, n in zip(quotes, nums)))


def _cue(kind: str, table: str = "date_cues") -> re.Pattern:
    return re.compile("|".join(f"(?:{c})" for c in drafting_words()[table][kind]))


def parse_dates(text: str) -> list[tuple[date, str, int, int, bool]]:
    """Dates of a text: (date, time 'HHhMM' or '', start, end, day given) on the folded text's offsets."""
    return [(f.value, f.time, f.start, f.end, f.day) for f in read_dates(fold(text))
            if f.value is not None and MIN_YEAR <= f.value.year <= MAX_YEAR]


def _money(folded: str) -> list[tuple[float, str, int, int]]:
    """Amounts of a folded text: (euros, tax basis abbreviated or '', start, end)."""
    return [(f.value, f.tax, f.start, f.end) for f in read_amounts(folded) if f.value >= 0]


def _last_cue(prefix: str, pattern: re.Pattern) -> int | None:
    ends = [m.end() for m in pattern.finditer(prefix)]
    return len(prefix) - ends[-1] if ends else None


_WEAK_DEADLINE = re.compile(r"jusqu'?(?:au|a)|au plus tard le|avant le")


def _date_role(u: Unit, start: int) -> str:
    """What a date of a unit is (deadline, jury, announcement, launch, start, info, questions, other)."""
    f = u.folded
    prefix = f[:start]
    best, dist = "other", None
    for kind in ("deadline", "jury", "announcement", "launch", "start", "info"):
        pat = _cue(kind)
        if kind == "deadline":
            pat = re.compile("|".join(c for c in drafting_words()["date_cues"]["deadline"] if c not in ("jusqu'?(?:au|a)", "au plus tard le", "avant le")))
        d = _last_cue(prefix, pat)
        if d is None and u.kind == "item":
            d = 10_000 if pat.search(fold(u.lead)) else None
        if d is not None and (dist is None or d < dist):
            best, dist = kind, d
    if best == "other" and _WEAK_DEADLINE.search(prefix):
        best = "questions" if re.search(r"\bquestions?\b", f) else "deadline"
    if best == "deadline" and re.search(r"\bquestions?\b", prefix):
        best = "questions"
    return best


_FOR_CASE = re.compile(r"[^.;()]{0,12}\bpour (?:l'|les? |la )?(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b")


def _of_one_case(u: Unit, start: int, end: int) -> bool:
    """Whether the date at `start:end` of a unit is one case's only: under "### Axe 3 — …", followed by "pour l'axe 3",
    or in brackets ("(au plus tard le 2 août 2027 pour l'axe 3)")."""
    heading = u.section.split(" > ")[-1] if u.section else ""
    return bool(_SUBPART.match(heading) or _FOR_CASE.match(u.folded[end:]) or u.folded.rfind("(", 0, start) > u.folded.rfind(")", 0, start))


def _case_of_date(u: Unit, end: int) -> str | None:
    """The case ("Axe 3") a date of one case's only is for: named right after it ("… 2 août 2027 pour l'axe 3"), else the
    axis whose section or lead the unit sits under; None when the unit does not say."""
    m = _FOR_CASE.match(u.folded[end:])
    return f"{m.group(1).capitalize()} {m.group(2)}" if m else axis_of(u)


_RULED_OUT = re.compile(r"\baucun(?:e)? (?:projet|action|dossier)\b|\bne (?:peu(?:t|vent)|pourr\w*|doi(?:t|vent)|sera|seront)\b[^.;]{0,30}\b(?:demarr|commenc|debut)|"
                        r"\bn'(?:est|sont|sera|seront) pas (?:recevables?|eligibles?|admis\w*|accepte\w*)|\birrecevables?\b|\bineligibles?\b")


def _find_dates(d: Draft) -> None:
    for u in d.units:
        found = parse_dates(u.text)
        # "dépenses engagées … avant le 1er septembre 2027": when costs count, not when projects start
        of_costs = _section_kind(u) == "expenses" or bool(re.match(r"\W*(?:les )?(?:depenses|frais|couts)\b", u.folded))
        role_of = lambda s: "other" if of_costs and _date_role(u, s) == "start" else _date_role(u, s)  # noqa: E731
        of_a_case = lambda s, e: _of_one_case(u, s, e)  # noqa: E731
        starts = [(dt, day) for dt, _t, s, e, day in found if role_of(s) == "start" and not of_a_case(s, e)]
        for dt, time, s, e, day in found:
            role = role_of(s)
            value: dict[str, Any] = {"date": dt, "time": time, "day": day}
            if role == "start" and of_a_case(s, e):
                value["case"] = True  # quoted with the start rule, no bound of every project
                label = _case_of_date(u, e)
                bound = "earliest" if re.search(r"au plus tot|a partir d|apres le|des le", u.folded[:s][-30:]) else (
                    "latest" if re.search(r"au plus tard|avant", u.folded[:s][-30:]) else None)
                if label and bound:  # "(au plus tard le 2 août 2027 pour l'axe 3)": that case's start bound
                    value |= {"label": label, "case_bound": bound}
            if role == "start" and not value.get("case"):
                before = u.folded[:s]
                if len(starts) >= 2:
                    value["bound"] = "earliest" if (dt, day) == starts[0] else "latest"
                elif re.search(r"au plus tot|a partir d|apres le|des le", before[-30:]):
                    value["bound"] = "earliest"
                elif re.search(r"au plus tard|avant", before[-30:]):
                    value["bound"] = "latest"
                if value.get("bound") and len(starts) < 2 and _RULED_OUT.search(u.folded):
                    # "Aucun projet ne peut démarrer avant le 1er juillet 2027", "un projet dont le démarrage serait prévu
                    # après le 1er décembre 2027 n'est pas recevable": the date is the other bound
                    value["bound"] = {"earliest": "latest", "latest": "earliest"}[value["bound"]]
            if role == "start" and not day and "latest" in (value.get("bound"), value.get("case_bound")):
                nxt = date(dt.year + (dt.month == 12), dt.month % 12 + 1, 1)  # "au plus tard en août 2027": the 31st
                value["date"] = date.fromordinal(nxt.toordinal() - 1)
            d.facts.append(Fact(role, value, [u.text]))
        f = u.folded
        if not found and u.kind != "heading":  # who sits on the panel, who decides: the same rules, no date
            if re.search(r"\bjury\b|\bcomite\b", f):
                d.facts.append(Fact("jury", {"date": None}, [u.text]))
            elif re.search(r"\bdecision d(?!'agrement|'habilitation|'autorisation)|\blaureats\b|\bresultats\b", f):
                d.facts.append(Fact("announcement", {"date": None}, [u.text]))
            elif re.search(r"\bwebinaires?\b|\breunions? d'information\b|\b(?:cette|la) reunion\b", f):
                d.facts.append(Fact("info", {"date": None}, [u.text]))  # "La participation à cette réunion n'est pas obligatoire"
    # how to register for the meeting, said beside it ("L'inscription se fait par courriel … avant le 12 janvier")
    beside = {u.index + k for f_ in d.of("info") for u in d.units if u.text in f_.quotes for k in (1, 2)}
    for u in d.units:
        if u.index in beside and u.kind != "heading" and re.search(r"\binscri\w*|s'inscrire", u.folded) and not any(
                u.text in f_.quotes for f_ in d.of("info")):
            d.facts.append(Fact("info", {"date": None}, [u.text]))


_DURATION_MIN = re.compile(r"(?:au moins|minimum(?: de)?|au minimum|d'au moins|minimale? de)\s*$")
_DURATION_MAX = re.compile(r"(?:au plus|maximum(?: de)?|au maximum|ne peut exceder|n'excede pas|jusqu'a|maximale? de)\s*$")
_LONGEST = 120  # months: a longer "duration" (an age "de 16 à 25 ans") is not a project's


_DEFINITION = re.compile(r"\bau sens d[ue]\b|\bdesigne\b|\bs'entend\b|\bcontrats? (?:de travail|a duree|de mission)")
_BOUND_AFTER = r"\s*\)?\s*(?:\([^)]{0,20}\)\s*)?(?:au )?"  # "douze mois (12 mois) minimum"


_SPAN_IN_BRACKETS = re.compile(r"\((?P<fam>axe|lot|volet|mesure) (?:n[o°] ?)?(?P<n>\d{1,2}) ?: ?(?:de |entre )?(?P<lo>\d{1,3}) (?:a|et) "
                               r"(?P<hi>\d{1,3}) mois\)")
_SPAN_FOR_CASE = re.compile(r"\b(?:de|entre) (?P<lo>\d{1,3}) (?:a|et) (?P<hi>\d{1,3}) mois,? pour (?:le |la |les |l'|chaque )?(?P<fam>axe|lot|volet|mesure)s? "
                            r"(?:n[o°] ?)?(?P<ns>\d{1,2}(?:(?:, | et | ou )\d{1,2})*)")


_CASES = r"(?P<fam>axe|lot|volet|mesure)s? (?:n[o°] ?)?(?P<ns>\d{1,2}(?:(?:, | et | ou )\d{1,2})*)"
_LONGER = (r"(?:peut|peuvent|pourra|pourront|est|sont|sera|seront) (?:atteindre|aller jusqu'a|durer jusqu'a|portee?s? a|etendue?s? a|allongee?s? a"
           r"|limitee?s? a|ramenee?s? a|reduite?s? a|plafonnee?s? a) (?P<hi>\d{1,3}) mois")  # ("… est limitée à 18 mois": shorter)
_LONGER_FOR_CASE = re.compile(rf"\bpour (?:l'|les |le |la )?(?:projets (?:de |du |des |de l'))?{_CASES}(?: uniquement| seulement)?,? "
                              rf"(?:elle |la duree (?:maximale |max )?(?:du projet |des projets |d'un projet )?|celle-ci |ils |les projets )?{_LONGER}")
_LONGER_FOR_CASE_AFTER = re.compile(rf"\b(?:la duree|elle|celle-ci)(?: maximale)? {_LONGER} pour (?:l'|les |le |la )?(?:projets (?:de |du |des |de l'))?{_CASES}")
# "12 mois minimum et 24 mois maximum (18 mois maximum pour l'axe 3)": one case's longest, beside the general span
_MOST_FOR_CASE = re.compile(rf"\b(?:(?P<hi>\d{{1,3}}) mois (?:au )?maximum|(?:au )?maximum (?:de )?(?P<hi2>\d{{1,3}}) mois) pour "
                            rf"(?:l'|les |le |la )?(?:projets (?:de |du |des |de l'))?{_CASES}")
_CASE_SUBJECT = re.compile(rf"\b(?:les |des )?(?:projets|actions|operations) (?:de l'|du |des |de la |relevant de l'|relevant des ){_CASES}")
_KEPT_TO_AXIS = re.compile(r"\b(?:propres? a|specifiques? a|pour|concernant|applicables? a) (?:l'|le |la |les )?(axe|lot|volet|mesure) (?:n[o°] ?)?(\d{1,2})\b")


def axis_of(u: Unit) -> str | None:
    """The one axis (lot, volet…) a unit is kept to: under that axis's own heading ("### Axe 3 — …"), or under a lead
    that says so ("Règles propres à l'axe 3 :"); None for the call's general rules."""
    last = fold(u.section.split(" > ")[-1]) if u.section else ""
    m = re.match(r"\W*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b", last) or _KEPT_TO_AXIS.search(fold(u.lead or ""))
    return f"{m.group(1).capitalize()} {m.group(2)}" if m else None


def _find_durations(d: Draft) -> None:
    found_facts: list[tuple[int, Fact]] = []
    for u in d.units:
        f = u.folded
        if not re.search(r"\bdur(?:ee|e|ent|era|eront)\b", re.sub(r"\b(?:de )?longue duree|\ba duree (?:in)?determinee", " ", f)) or _DEFINITION.search(f):
            # ("demandeurs d'emploi de longue durée", "contrat à durée déterminée": kinds of people and contracts)
            continue  # "un emploi durable désigne un contrat … d'une durée d'au moins six mois" is no project's duration
        found = [x for x in read_durations(f) if (x.high or x.value) <= _LONGEST]
        lo = hi = None
        rng = next((x for x in found if x.high is not None), None)
        if rng:
            lo, hi = rng.value, rng.high
        for x in found:
            before, after = f[:x.start], f[x.end:x.end + 34]
            if re.search(r"\bdepuis (?:au moins |plus de |moins de )?$", before) or re.match(
                    r"\s*(?:derni|(?:au cours|sur|dans|durant|pendant) (?:des|les) (?:\d+ )?derni)", after):
                # ("… au moins 12 mois au cours des 18 derniers mois": a look back over someone's past)
                continue  # "inscrits à France Travail depuis au moins 12 mois": how long people have waited, not a span
            if re.search(r"\b(?:cdd|cdi|contrats?|emplois?|missions?|stages?|immersions?|periodes? d'essai)(?: \w+){0,2} (?:de |d'|d' )"
                         r"(?:au moins |plus de |moins de |au plus )?$", before):
                continue  # "un CDD d'au moins six mois": a contract's length, not the project's
            if lo is None and (_DURATION_MIN.search(before) or re.match(_BOUND_AFTER + "minimum", after)):
                lo = x.value
            elif hi is None and (_DURATION_MAX.search(before) or re.match(_BOUND_AFTER + "maximum", after)):
                hi = x.value
        if axis_of(u) and hi is not None and (lo is not None or re.match(r"\W*duree\b", f) or re.search(
                r"\bduree(?: maximale)? (?:du |des |de l'|d'une? )?(?:projets?|actions?|parcours)\b", f)):
            # ("Durée du projet : 12 mois maximum." under "### Lot B – …": that lot's longest, no shortest)
            # "Règles propres à l'axe 3 : … la durée du projet est comprise entre 6 et 12 mois": that axis's duration
            d.facts.append(Fact("duration_row", {"min": lo, "max": hi, "label": axis_of(u)}, [u.text]))
            continue
        named = _CASE_SUBJECT.search(f) if lo is not None and hi is not None and not _SPAN_FOR_CASE.search(f) else None
        if named:  # "Par exception, les projets de l'axe 3 ont une durée comprise entre 6 et 12 mois": those cases'
            for n in re.findall(r"\d{1,2}", named.group("ns")):
                d.facts.append(Fact("duration_row", {"min": lo, "max": hi, "label": f"{named.group('fam').capitalize()} {n}"}, [u.text]))
            continue
        for m in _SPAN_IN_BRACKETS.finditer(f):  # "entre 12 et 24 mois (axe 3 : entre 6 et 12 mois)"
            d.facts.append(Fact("duration_row", {"min": float(m.group("lo")), "max": float(m.group("hi")),
                                                 "label": f"{m.group('fam').capitalize()} {m.group('n')}"}, [u.text]))
        if lo is not None or hi is not None:
            # the sentence on the projects' own duration, or one under a heading on durations, comes first
            own = bool(re.search(r"\bduree (?:du|des|d'un|de l'|de chaque) (?:projets?|actions?|operations?)", f)) + bool(
                re.search(r"\bduree", fold(u.section.split(" > ")[-1]) if u.section else ""))
            found_facts.append((-own, Fact("duration", {"min": lo, "max": hi}, [u.text])))
    d.facts += [fact for _own, fact in sorted(found_facts, key=lambda x: x[0])]
    general = next((fact for _own, fact in sorted(found_facts, key=lambda x: x[0])), None)
    for u in d.units if general else []:  # "Pour l'axe 3 uniquement, elle peut atteindre 24 mois": that case's longest
        said = _digits(u.folded, "fr")  # "vingt-quatre mois" too
        for m in list(_LONGER_FOR_CASE.finditer(said)) + list(_LONGER_FOR_CASE_AFTER.finditer(said)) + list(_MOST_FOR_CASE.finditer(said)):
            for n in re.findall(r"\d{1,2}", m.group("ns")):
                d.facts.append(Fact("duration_row", {"min": general.value["min"], "max": float(m.groupdict().get("hi") or m.group("hi2")),
                                                     "label": f"{m.group('fam').capitalize()} {n}"}, [u.text]))
    for u in d.units:  # "de 12 à 18 mois pour les axes 1 et 2 ; de 12 à 24 mois pour l'axe 3": a duration by case
        if not re.search(r"\bdur(?:ee|e|ent|era|eront)\b", u.folded) or _DEFINITION.search(u.folded):
            continue
        spans = list(_SPAN_FOR_CASE.finditer(u.folded))
        if len(spans) < 2:
            continue
        for m in spans:
            for n in re.findall(r"\d{1,2}", m.group("ns")):
                d.facts.append(Fact("duration_row", {"min": float(m.group("lo")), "max": float(m.group("hi")),
                                                     "label": f"{m.group('fam').capitalize()} {n}"}, [u.text]))
    header: list[str] = []
    for u in d.units:  # "Axe | Durée de l'action | …" over "Axe 2 – … | 3 à 6 mois | …": a duration by case
        if " | " not in u.text:
            header = []
            continue
        cells = u.text.split(" | ")
        if not header:
            header = cells
            continue
        bounds = {("min" if re.search(r"minim|\bmin\b", fold(name)) else "max"): i for i, name in enumerate(header)
                  if re.search(r"\bduree", fold(name)) and re.search(r"minim|maxim|\bmin\b|\bmax\b", fold(name))}
        if bounds and len(cells) == len(header) and 0 not in bounds.values():
            # "Axe principal | Durée minimale | Durée maximale" over "Axe 1 | 6 mois | 12 mois": a column per bound
            read = {k: [x for x in read_durations(fold(cells[i])) if x.value <= _LONGEST] for k, i in bounds.items()}
            if all(read.values()):
                d.facts.append(Fact("duration_row", {"min": read["min"][0].value if "min" in read else None,
                                                     "max": read["max"][0].value if "max" in read else None, "label": row_label(header, cells)}, [u.text]))
            continue
        column = next((i for i, name in enumerate(header) if re.search(r"\bduree", fold(name))), None)
        if column is None or len(cells) != len(header) or column == 0:
            continue
        spans = [x for x in read_durations(fold(cells[column])) if (x.high or x.value) <= _LONGEST]
        if spans and spans[0].high is not None:
            d.facts.append(Fact("duration_row", {"min": spans[0].value, "max": spans[0].high, "label": row_label(header, cells)}, [u.text]))
        elif len(spans) == 1 and re.search(r"\bmax(?:imum|imale)?\b|\bau plus\b|\bjusqu'a\b", fold(cells[column])):
            # "B | Lever les freins | … | 12 mois maximum": that row's longest only
            d.facts.append(Fact("duration_row", {"min": None, "max": spans[0].value, "label": row_label(header, cells)}, [u.text]))


_PERSON = re.compile(r"^(?:M\.|Mme|Mlle|Madame|Monsieur|Dr\.?)\s+[A-ZÀ-Ý]")


def _find_contacts(d: Draft) -> None:
    for i, u in enumerate(d.units):
        f = u.folded
        emails = EMAIL.findall(u.text)
        prev = d.units[i - 1] if i else None
        if emails and prev is not None and _PERSON.match(prev.text) and not EMAIL.search(prev.text):
            # "Mme Sandrine Vercamer, chargée de mission" above "Courriel : svercamer@…": who answers
            d.facts.append(Fact("contacts", {"emails": emails, "urls": []}, [prev.text, u.text]))
            continue
        urls = [x.rstrip(".,;:") for x in URL.findall(u.text)]
        if not urls and re.search(r"\bplate-?forme\b", f):  # "sur la plateforme demarches-simplifiees.fr": a site named bare
            urls = [x for x in _DOMAIN.findall(EMAIL.sub(" ", u.text))]
        if not emails and not urls:
            continue
        quotes = [u.text]
        if prev is not None and prev.text.rstrip().endswith(":") and not EMAIL.search(prev.text) and not URL.search(prev.text):
            # "… à l'adresse suivante :" above the address alone on its line: the sentence says what the address is for
            f, quotes = f"{prev.folded} {f}", [prev.text, u.text]
        in_contacts = re.search(r"\bcontacts?\b|interlocut", fold(u.section.split(" > ")[-1]))
        if re.search(r"questions?|contact|renseignement|interlocut|dialogue|informations?", f) or (
                emails and (in_contacts or _PERSON.match(u.text))):  # a row of a table of contacts: "Mme … | … | e-mail"
            d.facts.append(Fact("contacts", {"emails": emails, "urls": urls}, quotes))
        if re.search(r"depos|depot|envo|adress|transm|plateforme|soumet|candidat|en ligne", f) and not re.search(r"\bquestions?\b", f):
            d.facts.append(Fact("submission", {"emails": emails, "urls": urls}, quotes))


_LIST_ORDER = ("dossier_contents", "payments", "selection_criteria", "annexes", "excluded_applicants",
               "eligible_applicants", "obligations", "expenses", "themes")


def _list_kind(lead: str) -> str | None:
    f = fold(lead)
    for kind in _LIST_ORDER:
        if _cue(kind, "list_cues").search(f):
            return kind
    return None


_APPLICANTS = ("excluded_applicants", "eligible_applicants")
# a heading or sentence about actions, projects or costs ("6.2 Actions exclues", "Les actions menées hors …")
_OF_ACTIONS = re.compile(r"^\W*(?:[\d.]+\s*)?(?:les?\s+|la\s+|l')?(?:actions?|projets?|activites?|operations?|depenses?|couts?|"
                         r"frais|prestations?)\b")
_SCORE_FLOOR = re.compile(r"(?:moins de|inferieure? a|au moins|minimum(?: de)?|minimale? de|seuil de)\s+(\d{1,3})\s*(?:points?|/\s*\d+)"
                          r"|(\d{1,3})\s*(?:points?|/\s*\d+)\s+(?:au )?minimum")


def _section_kind(u: Unit) -> str | None:
    """The list kind of the heading a unit sits under ("Dépenses éligibles", "Critères de sélection"...)."""
    return _list_kind(u.section.split(" > ")[-1]) if u.section else None


def _table_row(d: Draft, u: Unit, section_kind: str | None) -> None:
    """A table row (cells joined by " | ") of a selection-criteria section: a criterion and its weight; of a section
    of eligible applicants: a kind admitted ("Associations loi 1901 | Oui | Oui | Oui"), quoted under the table's header
    ("Type de structure | Axe 1 | Axe 2 | Axe 3") when its cells say for which cases."""
    cells = [c.strip() for c in u.text.split(" | ")]
    if section_kind == "eligible_applicants" and len(cells) >= 2:
        from .draft_values import _types  # (it imports this module)

        answers = [fold(c) for c in cells[1:]]
        if _types(cells[0]) and any(re.match(r"(?:oui|non|x)\b", a) for a in answers) and not all(a.startswith("non") for a in answers):
            header = next((x.text for x in reversed(d.units[:u.index]) if x.kind == "para" and x.section == u.section and " | " in x.text
                           and not any(re.match(r"(?:oui|non)\b", fold(c.strip())) for c in x.text.split(" | ")[1:])), "")
            d.facts.append(Fact("eligible_applicants", {"item": u.text, "lead": header}, [header, u.text] if header else [u.text]))
        return
    if section_kind != "selection_criteria" or len(cells) < 2 or not re.fullmatch(r"\d{1,3}(?:[.,]\d+)?\s*(?:%|points?|pts)?", cells[-1]):
        return
    unit = "%" if "%" in cells[-1] else "points"
    d.facts.append(Fact("selection_criteria", {"item": u.text, "lead": "", "weight": float(re.match(r"\d+(?:[.,]\d+)?", cells[-1]).group(0).replace(",", ".")),
                                               "label": cells[0], "unit": unit}, [u.text]))


def _themes_elsewhere(d: Draft, u: Unit) -> bool:
    """Whether a sibling of heading `u` is itself a themes heading, or `u` names another topic ("Publics cibles",
    "Durée"): then the themes are that sibling's items, and `u` is not one."""
    if _cue("not_themes", "heading_cues").search(fold(u.text)):
        return True
    return any(x.kind == "heading" and x is not u and x.section == u.section and _list_kind(x.text) == "themes"
               for x in d.units)


# whom a rule is said not to bind: "Cette condition d'ancienneté ne s'applique ni aux collectivités, ni aux CCAS et CIAS"
_EXEMPT = re.compile(r"\bne s'appliqu\w* (?:pas|ni) (?:aux?|a la|a l')\s*(?P<k>[^.;:]+)|\bne concern\w* pas (?:les|la|le|l')\s*(?P<k2>[^.;:]+)"
                     r"|\b(?:sauf|a l'exception) (?:pour |de |d')?(?:les |la |le |l'|des )(?P<k3>[^.;:]+)")
# the kinds of structure a requirement names as its subject: "Les associations et les SCIC doivent justifier …"
_SUBJECT = re.compile(r"^\W*(?:[\w' ]{3,30} : )?(?:les|la|le|l')\s*(?P<k>[^.;:,]{3,80}?)\s+(?:doivent|devront|doit|devra|sont tenue?s)\b")


def _seniority_scope(d: Draft, u: Unit) -> dict:
    """Whom a structure's minimum age binds, when the call says it: the kinds its sentence names as subject ("Les
    associations et les SCIC doivent justifier d'une existence d'au moins deux ans") and those a neighbouring sentence
    exempts ("Cette condition d'ancienneté ne s'applique ni aux collectivités, ni aux CCAS et CIAS")."""
    from .draft_values import _types

    out: dict = {}
    m = _SUBJECT.match(u.folded)
    if m and _types(m.group("k")):
        label = u.text[m.start("k"):m.end("k")] if len(u.text) == len(u.folded) else m.group("k")
        out["subject"] = label
    near = [x for x in d.units[u.index:u.index + 3] if x.section == u.section]
    for x in near:
        e = _EXEMPT.search(x.folded)
        g = e and next((g for g in ("k", "k2", "k3") if e.group(g)), None)
        if g and _types(e.group(g)):
            k = x.text[e.start(g):e.end(g)] if len(x.text) == len(x.folded) else e.group(g)
            out["exempt"] = re.sub(r",?\s*\bni (?:aux?|à la|a la|à l'|a l')\s*", ", ", k, flags=re.I).strip(" ,")
            out["exempt_quote"] = x.text
            break
    return out


_ONLY_IF = re.compile(r"\bne (?:sont|est|seront|sera|peu\w+)\b[^.;]{0,40}\bque (?:si|lorsqu|dans le cas)|\buniquement si\b|\bseulement si\b")


def _find_lists(d: Draft) -> None:
    publics = _cue("publics", "list_cues")
    graded: set[str] = set()  # sections holding a table of criteria ("Critère | Pondération"), whatever their heading
    for u in d.units:
        sec = _section_kind(u)
        if " | " in u.text and u.kind == "para" and not re.search(r"\d", u.text) and re.search(
                r"\bcriteres?\b|\bponderation\b|\bbareme\b|\bnotation\b", fold(u.text)):
            graded.add(u.section)
        if sec is None and u.section in graded:
            sec = "selection_criteria"
        of_publics = u.kind in ("para", "item") and bool(u.section) and bool(publics.search(fold(u.section.split(" > ")[-1])))
        if of_publics:
            d.facts.append(Fact("publics", {"item": u.text, "lead": u.lead}, [u.text]))  # under "Publics cibles"
        if u.kind == "item":
            label = u.text.split(" : ", 1)[0] if " : " in u.text[:60] else ""
            by_label = _list_kind(label) if label else None
            if by_label == "themes" and (sec not in (None, "themes") or re.search(
                    r"\b(?:pieces?|documents?|annexes?|justificatifs?|dossiers?)\b", fold(f"{u.lead} {u.section.split(' > ')[-1]}"))):
                by_label = None  # "Axe 2 : les deux lettres d'engagement …" among the dossier's pieces: that axis's piece
            if by_label == "themes" and sec != "themes" and re.search(
                    r"\b(?:doi(?:t|vent)|peu(?:t|vent)|devront|pourront|ne (?:sont|est) pas|est indifferent)\b", fold(u.text.split(" : ", 1)[1])):
                by_label = None  # "Axe 1 : les bénéficiaires doivent résider sur le territoire …": a rule of that axis, not a theme
            kind = _list_kind(u.lead) or by_label or sec
            if sec == "expenses" and kind in _APPLICANTS:  # "Ne sont pas éligibles :" under "Dépenses éligibles"
                kind = "expenses"
            elif kind in _APPLICANTS and not _list_kind(u.lead) and u.section and _OF_ACTIONS.match(fold(u.section.split(" > ")[-1])):
                kind = None  # "Ne sont pas financés :" under "Actions exclues": actions, not applicants
            elif of_publics and kind in _APPLICANTS and not sec:
                kind = None  # "Les actions s'adressent aux personnes suivantes :" under "Public visé": people, not applicants
            elif of_publics and kind == "themes" and sec != "themes":
                kind = None  # "Des exigences propres à chaque axe s'ajoutent :" under "Publics visés": each axis's public
            elif kind == "themes" and u.section and _SUBPART.match(u.section.split(" > ")[-1]):
                kind = None  # "Exemples :", "Publics : …", "Règles propres à l'axe 2 :" under "### Axe 1 — …": its details
            if kind:
                value: dict[str, Any] = {"item": u.text, "lead": u.lead}
                pct = re.search(r"(\d{1,3})\s*%|(\d{1,3})\s+points", u.folded)
                if pct:
                    value["weight"] = int(pct.group(1) or pct.group(2))
                quotes = [u.lead, u.text] if u.lead and u.lead.endswith(":") else [u.text]
                d.facts.append(Fact(kind, value, quotes))
        elif u.kind == "heading" and u.section and _list_kind(u.section.split(" > ")[-1]) == "themes" and (
                _SUBPART.match(u.text) or (not _list_kind(u.text) and not _themes_elsewhere(d, u))):
            # a sub-heading of a themes section is a theme, unless a sibling heading holds the themes ("4.2 Axes")
            below = [x.text for x in d.units if x.kind == "para" and x.section.endswith(u.text)]
            examples = [x.text for x in d.units if x.kind == "item" and x.section.endswith(u.text)]  # its listed actions
            d.facts.append(Fact("themes", {"item": u.text, "lead": u.section, "details": below, "examples": examples},
                                [u.text, *below]))
        if u.kind in ("para", "item"):
            f = u.folded
            if u.kind == "para" and " | " in u.text:
                _table_row(d, u, sec)
            if u.kind == "para" and sec == "payments" and re.search(r"\bvers\w*|tranche|solde|acompte|avance", f):
                d.facts.append(Fact("payments", None, [u.text]))
            if u.kind == "para" and sec == "expenses":
                d.facts.append(Fact("expenses", {"item": u.text, "lead": ""}, [u.text]))
            elif u.kind == "para" and sec not in ("payments", "dossier_contents", "annexes", "themes") and not of_publics and not re.search(
                    r"\b(?:n'est|ne sont|n'etant) pas (?:exclue?s?|interdite?s?)", f):  # "… n'est pas exclue" excludes no one
                for kind in _APPLICANTS:
                    if _cue(kind, "list_cues").search(f) and not _OF_ACTIONS.match(f):  # "Les actions menées hors … ne sont pas éligibles"
                        d.facts.append(Fact(kind, {"item": u.text, "lead": ""}, [u.text]))
                        break
                else:
                    from .draft_values import _types  # (it imports this module)

                    if sec in _APPLICANTS and _ONLY_IF.search(f) and _types(u.text):
                        # "Les SCOP ne sont éligibles que si elles sont conventionnées en tant que SIAE": a kind admitted on a
                        # condition, said below the list
                        d.facts.append(Fact("eligible_applicants", {"item": u.text, "lead": ""}, [u.text]))
            months = required_months(u.text)
            if months is not None:  # "associations déclarées depuis au moins un an"
                d.facts.append(Fact("seniority", {"months": months, **_seniority_scope(d, u)}, [u.text]))
            elif u.kind == "item" and (latest := latest_creation(u.text, _list_kind(u.lead or "") == "excluded_applicants")):
                # "Ne peuvent pas déposer : … les associations déclarées après le 1er janvier 2026"
                subject = re.match(r"^\W*(?:les?\s+|des\s+)?((?:\w+\s+){0,3}?\w+)\s+(?:declare|cree|immatricule|constitue|fonde)", u.folded)
                from .draft_values import _types  # (it imports this module)

                who = {"subject": u.text[subject.start(1):subject.end(1)]} if subject and _types(subject.group(1)) else {}
                d.facts.append(Fact("seniority", {"months": 0, "latest": latest, **who}, [u.text]))
            if sec == "selection_criteria" and (_SCORE_FLOOR.search(f) or re.search(
                    r"\bbonus\b|\bbonifi\w*|\bmajoration\b|\bpoints? (?:supplementaires?|de plus|en plus)", f)):
                # "moins de 60 points sur 100 n'est pas retenu", "Bonus : 5 points supplémentaires …"
                d.facts.append(Fact("selection_threshold", None, [u.text]))
            if re.search(r"cofinancement|co-financement|autres financeurs|fonds propres|autofinancement", f):
                d.facts.append(Fact("cofinancing", None, [u.text]))
            if not any(x.kind == "dossier_contents" and u.text in x.quotes for x in d.facts) and re.search(r"\d+\s+pages|(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt)\s+pages|format (?:word|pdf|powerpoint)|\d+\s*mo\b", f):
                d.facts.append(Fact("dossier_contents", {"item": u.text, "lead": ""}, [u.text]))
            if u.kind == "para" and re.search(r"\b(?:convention|s'engage)\b", f):
                d.facts.append(Fact("obligations", None, [u.text]))


_ISSUER = re.compile(
    r"(?:(?:Conseil|Région|Département|Préfecture|Ministère|Direction|Métropole|Ville|Communauté|Agence|Caisse|Fondation|Mairie)"
    r"\b[^–\n.:;]{0,80})"
)


def _find_identity(d: Draft) -> None:
    heads = [b for b in d.blocks if b.kind == "heading"]
    d.title = heads[0].text if heads else d.units[0].text[:160]
    d.facts.append(Fact("title", d.title, [d.title]))
    for u in d.units[:12]:
        m = _ISSUER.search(u.text)
        if m and u.text != d.title:
            d.facts.append(Fact("issuer", m.group(0).strip(" –-,"), [u.text]))
            break
    corpus = fold(" ".join(u.text for u in d.units[:20]))
    kind = "AAP" if re.search(r"appel a projets?", corpus) else "AMI" if "manifestation d'interet" in corpus else \
        "AAC" if "appel a candidatures" in corpus else "appel"
    d.facts.append(Fact("kind", kind, [d.title]))


def extract(blocks: list[Block]) -> Draft:
    """Every fact found in the document's blocks, in document order within each kind."""
    from .draft_money import _find_money  # (it reads this module's Draft, Fact and cues)

    d = Draft(blocks=blocks, units=units_of(blocks))
    _find_identity(d)
    _find_dates(d)
    _find_durations(d)
    _find_money(d)
    _find_contacts(d)
    _find_lists(d)
    return d
