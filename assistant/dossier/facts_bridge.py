"""The one door through which the review reads facts from a dossier: `read_facts`.

Structure (name, type), project title, communes, start, duration, amount requested, the project's total cost and
the share of it asked (funding rate), and theme, each with the units it was read on. The dates, durations, amounts and structure types are recognised by the extractors of
`assistant/facts.py` (the same as the chat and the eligibility check); this module only chooses where to look (the
parts that hold each fact first, then the rest) and which mention is the one meant (the start, the amount
requested), line by line so that each fact keeps its slide, page or section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..calls.spec import CallSpec
from ..errors import AssistantError
from ..quantities import read_percents
from ..textnorm import fold
from .plan import DossierPlan, norm
from .read import Unit
from .wording import STRUCTURE_NAME_LABELS

# Which words point at the start, the duration, the amount requested: keyword cues, not date or amount formats.
_START_WORDS = re.compile(r"\b(demarrage|demarrer|demarre|debut|debute|debutera|lancement|lance|commence|commencera|start|starts|starting|begins?|kick-?off)\b")
_DURATION_WORDS = re.compile(r"\b(duree|duration|pendant|sur|over|for|lasts?|durera|dure)\b")
_REQUEST_WORDS = re.compile(r"\b(demande[es]{0,2}|sollicite[es]{0,2}|requested|request|subvention|aide de l'ami|montant ami|grant)\b")
_TOTAL_WORDS = re.compile(r"\b(total|totaux|cout total|budget total|total cost)\b")
_COMMUNE_SPLIT = re.compile(r"\s*(?:[,;/|]|\bet\b|\band\b)\s*")
MAX_COMMUNE_TEXT = 60_000


@dataclass
class DossierFacts:
    """Facts read from a dossier, each with the units (slides, pages, sections) it was read on."""

    structure_name: str | None = None
    structure_type: str | None = None
    project_title: str | None = None
    communes: list[str] = field(default_factory=list)
    commune_matches: list[Any] = field(default_factory=list)
    communes_where: dict[str, list[int]] = field(default_factory=dict)
    start: date | None = None
    duration_months: float | None = None
    requested_eur: float | None = None
    total_cost_eur: float | None = None
    funding_rate_percent: float | None = None
    theme: str | None = None
    where: dict[str, list[int]] = field(default_factory=dict)


def read_facts(units: list[Unit], spec: CallSpec, territory: Any, plan: DossierPlan,
               parts_units: dict[str, list[int]], doc_title: str = "") -> DossierFacts:
    """Facts of the dossier: read preferably on the units of the parts that hold them (dossier.yaml `facts`)."""
    from .. import facts as el

    def pref(fact: str) -> list[int]:
        return sorted({n for p in plan.parts if fact in p.facts for n in parts_units.get(p.id, [])})

    f = DossierFacts()
    section_units = lambda sid: {n for p in plan.parts if p.section == sid for n in parts_units.get(p.id, [])}  # noqa: E731
    other = {n for p in plan.parts if p.section not in ("structure", "motivation", "budget") for n in parts_units.get(p.id, [])}
    excluded = (section_units("structure") | section_units("budget")) - other
    _communes(f, units, pref("communes"), excluded, territory, [spec.territory.name])
    f.start, f.where["start"] = _start(units, pref("start"), el)
    f.duration_months, f.where["duration_months"] = _duration(units, pref("duration_months"), el)
    f.requested_eur, f.where["requested_eur"], asked = _requested(units, pref("requested_eur"), el)
    if asked:  # a total cost only beside an amount asked as such (a lone total is taken for the request)
        f.total_cost_eur, f.where["total_cost_eur"] = _total_cost(units, pref("requested_eur"), el, f.requested_eur)
    if f.requested_eur is None or f.total_cost_eur is None:
        f.funding_rate_percent, f.where["funding_rate_percent"] = _rate(units, pref("requested_eur"), el)
    f.theme, f.where["theme"] = _theme(units, pref("theme"), plan)
    struct = sorted(section_units("structure")) or _structure_units(units)
    f.structure_name, f.structure_type, f.where["structure"] = _structure(units, struct, spec, el)
    f.project_title = _title(units, parts_units, doc_title)
    f.where["communes"] = sorted({n for v in f.communes_where.values() for n in v})
    return f


def _ordered(units: list[Unit], preferred: list[int]) -> list[list[Unit]]:
    """Preferred units first, then the others (two passes)."""
    return [[u for u in units if u.n in preferred], [u for u in units if u.n not in preferred]]


def _dates(el, folded: str) -> list:
    try:
        return [x for x in el._find_dates(folded) if x.value]
    except AssistantError:  # a year out of range in this line: no date read from it
        return []


def _start(units, preferred, el) -> tuple[date | None, list[int]]:
    for group in _ordered(units, preferred):
        for u in group:
            for line in u.lines:
                f = norm(line)
                mw = _START_WORDS.search(f)
                if not mw:
                    continue
                ds = [x.value for x in _dates(el, f) if x.start >= mw.start() - 40]
                if ds:
                    return ds[0], [u.n]
    months: list[tuple[date, int]] = []
    for u in units:
        if u.n in preferred:
            months.extend((x.value, u.n) for line in u.lines for x in _dates(el, norm(line)))
    if months:
        d, n = min(months)
        return d, [n]
    return None, []


_DURATION_NAMED = re.compile(r"\b(duree|duration|durera|dure|lasts?)\b")


def _duration(units, preferred, el) -> tuple[float | None, list[int]]:
    """The project's length: a figure named as the duration first, then one after "pendant", "sur"..., then any."""
    for group in _ordered(units, preferred):
        for words in (_DURATION_NAMED, _DURATION_WORDS, None):
            for u in group:
                for line in u.lines:
                    f = norm(line)
                    m = el._DURATION_MONTHS.search(f)
                    if not m:
                        continue
                    if words is not None and not words.search(f[: m.start()]):
                        continue
                    found = el._duration(f[max(0, m.start() - 25):])
                    value = found[0] if isinstance(found, tuple) else found
                    if value is not None and 0 < value <= 120:
                        return value, [u.n]
    return None, []


def _requested(units, preferred, el) -> tuple[float | None, list[int], bool]:
    """The amount asked (and whether it was named as such, else it is the budget's total)."""
    for words in (_REQUEST_WORDS, _TOTAL_WORDS):
        for group in _ordered(units, preferred):
            for u in group:
                for line in u.lines:
                    mw = words.search(fold(line))
                    if not mw:
                        continue
                    a = _amount_for(line, mw, el)
                    if a is not None:
                        return a.value, [u.n], words is _REQUEST_WORDS
    return None, [], False


def _cells(line: str) -> list[tuple[int, int]]:
    """Spans of a table row's cells ("a | b | c"), or the whole line."""
    spans, pos = [], 0
    for part in line.split(" | "):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 3
    return spans


def _amount_for(line: str, mw: re.Match, el):
    """The amount a keyword names: after it in its table cell, else in the next cell, else the nearest one."""
    amounts = [a for a in el._find_amounts(line) if a.value > 0]
    if not amounts:
        return None
    spans = _cells(line)
    cell = lambda pos: next((i for i, (a, b) in enumerate(spans) if a <= pos <= b), len(spans) - 1)  # noqa: E731
    if len(spans) > 1:
        k = cell(mw.start())
        for ok in (lambda a: cell(a.start) == k and a.start >= mw.start(), lambda a: cell(a.start) == k + 1,
                   lambda a: cell(a.start) == k):
            hit = [a for a in amounts if ok(a)]
            if hit:
                return hit[0]
    return min(amounts, key=lambda a: abs(a.start - mw.start()))


def _total_cost(units, preferred, el, asked: float | None) -> tuple[float | None, list[int]]:
    """The project's total cost: a "coût total" figure, else a budget's "Total" row above the amount asked."""
    for group in _ordered(units, preferred):
        for u in group:
            for line in u.lines:
                for a in el._find_amounts(line):
                    if a.value > 0 and el._COST_BEFORE.search(fold(line[max(0, a.start - 40):a.start])):
                        return a.value, [u.n]
    for group in _ordered(units, preferred):
        for u in group:
            for line in u.lines:
                mw = _TOTAL_WORDS.search(fold(line))
                a = _amount_for(line, mw, el) if mw else None
                if a is not None and (asked is None or a.value > asked):
                    return a.value, [u.n]
    return None, []


_OF_COST = re.compile(r"\s+(?:du|de|of the|of)\s+(?:cout|budget|cost|total|depenses)")


def _rate(units, preferred, el) -> tuple[float | None, list[int]]:
    """A share of the cost stated as such ("représente 69 % du coût total")."""
    for group in _ordered(units, preferred):
        for u in group:
            for line in u.lines:
                f = norm(line)
                for pct in read_percents(f):
                    if _OF_COST.match(f, pct.end):
                        return pct.value, [u.n]
    return None, []


def _theme(units, preferred, plan: DossierPlan) -> tuple[str | None, list[int]]:
    for group in _ordered(units, preferred):
        for u in group:
            f = norm(u.title + "\n" + u.body)
            for theme, words in plan.themes.items():
                if any(w in f for w in words):
                    return theme, [u.n]
    return None, []


_NAME_END = re.compile(r"\.\s|\s[–—-]\s|,\s|\s\(|\s\|\s")
_BY = re.compile(r"^(?:porte|portee|presente|presentee|led|run|submitted)\s+(?:par|by)\s+(?:(?:le|la|les|l'|the)\s+)?")


def _name_from(value: str) -> str | None:
    value = value.strip().lstrip("-•* ").strip()
    m = _NAME_END.search(value)
    name = (value[: m.start()] if m else value).strip(" .;:")
    return name[:120] if 2 < len(name) and not name.startswith("[") else None


def _structure(units, struct_units: list[int], spec: CallSpec, el) -> tuple[str | None, str | None, list[int]]:
    """The applicant's name ("Nom : ...", "Porté par ...", a cover line opening with a structure type) and type."""
    from ..territory import normalize

    data = el._data(spec)
    type_words = [w for w, _ in data.type_words]
    name, kind, where = None, None, []
    labels = set(STRUCTURE_NAME_LABELS)
    pool = [u for u in units[:2] if u.n not in struct_units] + [u for u in units if u.n in struct_units]
    context = ""  # the labelled line naming the structure and the next one: its type may follow its name
    for u in pool:
        lines = [u.title, *u.lines[:40]]
        for i, line in enumerate(lines):
            folded = norm(line[:300])
            if name is None:
                if ":" in line:
                    label, value = line.split(":", 1)
                    if norm(label).strip(" -•*") in labels:
                        name = _name_from(value)
                        context = value[:300] + " " + (lines[i + 1][:300] if i + 1 < len(lines) else "")
                if name is None:
                    m = _BY.match(folded)
                    if m:
                        name = _name_from(line[m.end():])
                if name is None and u.n not in struct_units and len(line) <= 90:
                    first = normalize(line[:40])
                    if any(first.startswith(w + " ") for w in type_words):
                        name = _name_from(line)
                if name and u.n not in where:
                    where.append(u.n)
            if kind is None and u.n in struct_units:
                kind = el._structure_type(normalize(line[:400]), data)
                if kind and u.n not in where:
                    where.append(u.n)
    if kind is None and name:
        kind = el._structure_type(normalize(context or name), data)
    return name, kind, sorted(where)


_STRUCTURE_TITLE = re.compile(r"\b(structure|porteur|porteuse|organisation|organization|applicant|candidat)\b")


def _structure_units(units: list[Unit]) -> list[int]:
    """Units titled as presenting the applicant, when the call's dossier has no structure part of its own."""
    return [u.n for u in units if u.title and _STRUCTURE_TITLE.search(norm(u.title[:200]))]


def _title(units: list[Unit], parts_units: dict[str, list[int]], doc_title: str) -> str | None:
    if doc_title:
        return doc_title
    taken = {n for ns in parts_units.values() for n in ns}
    first = units[0] if units else None
    if first is not None and first.title.strip() and (first.n not in taken or first.n in parts_units.get("cover", [])):
        t = first.title.strip()
        return None if t.startswith("[") else t[:200]
    return None


def _communes(f: DossierFacts, units, preferred, excluded, territory, strip: list[str]) -> None:
    """Communes named in the territory part (else everywhere but the structure-only units), with their units."""
    pool = [u for u in units if u.n in preferred] or [u for u in units if u.n not in excluded]
    parts, offsets, pos = [], [], 0
    for u in pool:
        block = (u.title + "\n" if u.title and (not u.lines or u.lines[0] != u.title) else "") + u.body + "\n\n"
        if pos + len(block) > MAX_COMMUNE_TEXT:
            break
        offsets.append((pos, pos + len(block), u.n))
        parts.append(block)
        pos += len(block)
    text = "".join(parts)
    for name in strip:  # the call's own territory name (e.g. a reminder on the slide) is not a place of the project
        if name:
            text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    found = territory.find_in_text(text) if text.strip() else []
    # On the territory part's units, a list such as "Communes : A, B" names communes even where the text finder
    # stays cautious (a capital right after a colon proves nothing in free text).
    listed = []
    for u in units:
        if u.n not in preferred:
            continue
        for line in u.lines[:200]:
            value = line.split(":", 1)[1] if ":" in line else line
            for chunk in _COMMUNE_SPLIT.split(value[:1000]):
                chunk = chunk.strip(" .()[]")
                if 2 < len(chunk) <= 40 and not chunk.startswith("["):
                    m = territory.resolve(chunk)
                    if getattr(m, "status", "") in ("in", "out") and not getattr(m, "fuzzy", False):
                        listed.append((m, u.n))
    for m, n in listed:
        _add_commune(f, m, n)
    for m in found:
        if getattr(m, "status", "in") in ("unknown", "ambiguous"):  # only communes the data names for sure
            continue
        start = getattr(m, "start", None) or 0
        n = next((sn for a, b, sn in offsets if a <= start < b), None)
        _add_commune(f, m, n)


def _add_commune(f: DossierFacts, m: Any, n: int | None) -> None:
    label = getattr(m, "label", None) or getattr(m, "name", None) or str(m)
    if label not in f.communes_where:
        f.commune_matches.append(m)
        f.communes.append(label)
        f.communes_where[label] = []
    if n is not None and n not in f.communes_where[label]:
        f.communes_where[label].append(n)
