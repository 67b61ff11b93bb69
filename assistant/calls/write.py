"""`ami new-call`: a call folder drafted from its document, and the checklist of what was found and what was not.

`new_call(document, call_id, corpus_dir)` reads the document (read.py), extracts its facts (drafting.py), reads
values off them (draft_values.py), resolves its territory (territory_draft.py) and writes `corpus_dir/<call_id>/`: `source/` (the document),
`call.md`, `call.yaml` (identity, dates, limits, typed constraints and one rule per kind of fact, each quoting
the call verbatim, every value marked "# À RELIRE"), `eligibility.yaml` (themes) and the territory's CSV. The
folder is written aside, loaded with its quotes verified, then moved in place: a failed draft leaves nothing.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .spec import goes_on, load_callspec, squash
from .draft_money import case_raises, numbered_rows
from .draft_sections import SECTIONS, typed_sections
from .draft_cofinancing import _cofinancing, _own_funds
from .draft_values import (_NOT_ALONE, _Flow, _ages, _channel, _start, _best_deadline, _bounds, _distinctive, _formats, _latest_end, _pervasive,
                           _participants, _phrases, _residents, _row_labels, _seat, _types)
from .drafting import Draft, Fact, drafting_words, extract, quoted_answer
from .open_topics import settle_topics
from .read import read_blocks, render_markdown
from .territory_draft import TERRITORY_FILE, TerritoryDraft, find_france_file, resolve_territory, write_territory
from ..errors import InputError
from ..fmt import format_date, format_eur, num
from ..territory import normalize
from ..textnorm import fold

REVIEW = "À RELIRE"
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,80}$")
# (rule id, fact kinds whose quotes it holds), in the order of call.yaml
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("issuer", ("issuer",)), ("deadline", ("deadline",)), ("submission", ("submission",)),
    ("contacts", ("contacts",)), ("envelope", ("envelope", "tax")), ("number_of_projects", ("number_of_projects",)),
    ("amount", ("amount", "amount_header", "amount_row", "amount_per_person")), ("funding_rate", ("funding_rate", "rate_header", "rate_row", "funding_rate_kind", "funding_rate_lowered")), ("cofinancing", ("cofinancing",)),
    ("duration", ("duration", "end", "duration_row")), ("start", ("start",)), ("launch", ("launch",)), ("jury", ("jury",)),
    ("announcement", ("announcement",)), ("questions", ("questions",)), ("info", ("info",)),
    ("calendar", ("launch", "info", "questions", "deadline", "jury", "announcement", "start")),
    ("themes", ("themes",)), ("publics", ("publics",)), ("participants", ("participants", "residents")), ("eligible_applicants", ("eligible_applicants",)),
    ("excluded_applicants", ("excluded_applicants",)), ("territory", ()), ("dossier_contents", ("dossier_contents",)),
    ("annexes", ("annexes", "pieces")), ("expenses", ("expenses",)), ("payments", ("payments",)), ("selection_criteria", ("selection_criteria", "selection_threshold")),
    ("obligations", ("obligations",)),
]


@dataclass
class NewCallReport:
    """What `new_call` wrote and the checklist it prints."""

    folder: Path
    lines: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


_LISTS = ("payments", "dossier_contents", "annexes", "expenses", "selection_criteria", "obligations", "info")


def _quotes(facts: list[Fact]) -> list[str]:
    out: list[str] = []
    for f in facts:
        for q in f.quotes:
            q = squash(q)
            if q and q not in out:
                out.append(q)
    return out


def _continued(quotes: list[str], d: Draft) -> list[str]:
    """Quotes that end with a colon ("… avec l'objet suivant :") followed by the line they announce, and quotes
    followed in their paragraph by a sentence that goes on with them ("… ne peuvent pas porter de dossier. Ils
    peuvent être associés au projet en qualité de partenaires uniquement"), when it is not quoted already: a quote
    must not stop where the answer starts, nor drop the exception the call makes to it."""
    nxt = {squash(a.text): b for a, b in zip(d.units, d.units[1:]) if b.kind != "heading"}
    out: list[str] = []
    for q in quotes:
        out.append(q)
        unit = nxt.get(q)
        follow = squash(unit.text) if unit else ""
        if not follow or follow in quotes or follow in out:
            continue
        if q.endswith(":") or (unit.kind == "para" and goes_on(unit.text)):
            out.append(follow)
            if q.endswith(":") and " | " in unit.text:  # "… ainsi répartie entre financeurs :" and its table, whole
                rows = d.units[unit.index + 1:unit.index + 1 + _TABLE_ROWS]
                for row in rows:
                    if " | " not in row.text or row.kind == "heading" or row.section != unit.section:
                        break
                    if squash(row.text) not in out:
                        out.append(squash(row.text))
    return out


_TABLE_ROWS = 15  # the most rows of a table announced by a quote that are quoted with it


def _call_name(title: str) -> str:
    """How answers name the call: its title up to the first dash ("l'appel à projets « Rebond » 2027"), else
    "l'appel"."""
    head = re.split(r"\s+[–—-]\s+", title.strip())[0].strip()
    if not head or len(head) > 90:
        return "l'appel"
    if re.match(r"appel\b", head, re.I):
        return "l'" + head[0].lower() + head[1:]
    if re.match(r"(?:AMI|AAP|AAC|AAI)\b", head):
        return "l'" + head
    return f"l'appel « {head} »"


def _answer(quotes: list[str]) -> dict[str, str]:
    return {lang: quoted_answer(quotes, lang) for lang in ("fr", "en")}


def _rule(rid: str, quotes: list[str], values: dict | None = None, extra_keywords: list[str] | None = None) -> dict:
    spec = drafting_words()["rules"][rid]
    r: dict[str, Any] = {"id": rid, "title": dict(spec["title"]), "answer": _answer(quotes), "quotes": quotes}
    if values:
        r["values"] = values
    r["keywords"] = _Flow(dict.fromkeys([*spec["keywords"], *(extra_keywords or [])]))
    r["questions"] = _Flow(spec.get("questions", []))
    r["asks"] = _Flow(spec.get("asks", []))
    return r


def _deadline_cases(d: Draft) -> list[dict]:
    """Deadlines set by kind of applicant, one line each ("associations, SIAE … : vendredi 16 avril 2027 à 12 h",
    "communes, EPCI, CCAS et CIAS : vendredi 30 avril 2027 à 12 h"), when two or more differ; else none."""
    from .drafting import parse_dates
    from .draft_values import _types

    out: list[dict] = []
    for u in d.units:
        label, colon, rest = u.text.partition(" : ")
        if not colon or not _types(label) or re.search(r"\d", label):
            continue
        days = [(dt, t) for dt, t, _s, _e, day in parse_dates(rest) if day]
        if len(days) == 1 and re.search(r"depot|date limite|clotur|dossiers?", fold(u.lead + " " + u.section)):
            hour = re.search(r"\b\d{1,2} ?h ?(?:\d{2})?\b", rest)  # as written ("12 h"): the quote grounds it
            out.append({"label": label.strip(" -"), "quote": squash(u.text), "deadline": days[0][0],
                        "deadline_time": hour.group(0).strip() if hour else None})
    return out if len({k["deadline"] for k in out}) >= 2 else []


def _in_kind(d: Draft) -> dict:
    """What the call says of contributions in kind, for the funding rate: their cap and whether they stay out of its
    base, with the sentence quoted beside the rule's (cofinancing.in_kind_rules)."""
    from ..cofinancing import in_kind_rules

    for u in d.units:
        cap, outside = in_kind_rules(u.text)
        if cap is not None or outside:
            out: dict[str, Any] = {"in_kind_quotes": [squash(u.text)]}
            if cap is not None:
                out["in_kind_max_percent"] = cap
            if outside:
                out["in_kind_outside_rate"] = True
            return out
    return {}


def _raised_cap(d: Draft, cap: float | None) -> dict[str, Any]:
    """The higher cap a sentence grants on a condition ("le plafond est porté à 60 000 € lorsque le projet est porté par
    un consortium"), as constraint fields; empty when the call states none above `cap`."""
    higher = [f for f in d.of("amount_raised") if cap is not None and f.value["max"] > cap]
    return {"raised_max_eur": higher[0].value["max"], "raised_quotes": _Flow([squash(higher[0].quotes[0])])} if higher else {}


def _build(d: Draft, t: TerritoryDraft, call_id: str, source: str, france_rel: str | None) -> tuple[dict, dict, list[str]]:
    """The call.yaml and eligibility.yaml data, and the ids of the rules written."""
    rules: list[dict] = []
    constraints: list[dict] = []
    theme_words: list[str] = []
    themes = {}
    common = _pervasive(d)
    # the long words of each heading theme's listed actions ("transport à la demande solidaire et covoiturage
    # organisé" under "Axe 3 — Mobilité"), kept when no other theme's text holds them
    said = {i: set(normalize(" ".join([f.value["item"], *f.value.get("details", []), *f.value.get("examples", [])])).split())
            for i, f in enumerate(d.of("themes"), 1)}
    for i, f in enumerate(d.of("themes"), 1):
        ph = _phrases(f.value["item"])
        others = set().union(*(ws for j, ws in said.items() if j != i)) if len(said) > 1 else set()
        listed = [w for w in dict.fromkeys(normalize(" ".join(f.value.get("examples", []))).split())
                  if len(w) >= 6 and w not in common and w not in others and w not in ph]
        title = normalize(re.sub(r"^(?:axe|volet|th[èe]matique|th[èe]me|priorit[ée]|lot|mesure)\s+\w{1,3}\s*[–—:-]\s*", "", f.value["item"], flags=re.I))
        if "details" in f.value and len(title.split()) <= 8:  # a theme's short heading: its long words name it too
            ph += [w for w in title.split() if len(w) >= 8 and w not in common and w not in ph]  # "accueillir", "deplacer"
        theme_words += ph
        themes[f"theme_{i}"] = {"label": {"fr": f.value["item"].rstrip(" ;."), "en": f.value["item"].rstrip(" ;.")},
                                "rule": "themes", "strong": _Flow(ph)}
        if listed:  # two of them name the theme when none of its own words does (facts.recognise_theme)
            themes[f"theme_{i}"]["examples"] = _Flow(listed)
        alone = next((squash(x) for x in f.value.get("details", []) if _NOT_ALONE.search(fold(x))), None)
        if alone:  # "L'axe 4 ne peut pas être présenté seul : il doit être associé à un des axes 1 à 3."
            themes[f"theme_{i}"]["alone"] = alone
    deadline = _best_deadline(d)
    by_kind = _deadline_cases(d)
    if by_kind:  # "associations … : 16 avril", "communes, CCAS … : 30 avril": the call is open until the last one
        last = max(by_kind, key=lambda k: k["deadline"])
        deadline = Fact("deadline", {"date": last["deadline"], "time": last.get("deadline_time") or ""}, [last["quote"]])
    end = _latest_end(d)
    if end is not None:
        d.facts.append(end)
    d.facts += [Fact("pieces", None, f.quotes) for f in d.of("dossier_contents") if re.search(r"pi[èe]ces", f.quotes[0])]
    people, residents = _participants(d), _residents(d) if t.rows else None  # a share of residents needs the territory
    d.facts += [Fact(c["kind"], None, [*c["quotes"], *c.get("raised_quotes", [])]) for c in (people, residents) if c]
    for rid, kinds in RULES:
        facts = [f for f in d.facts if f.kind in kinds]
        if rid == "deadline" and deadline:
            facts = [deadline] + [f for f in facts if f is not deadline]
        if rid == "envelope":
            facts.sort(key=lambda f: kinds.index(f.kind))
        if rid == "funding_rate" and facts:  # a table of rates by kind of applicant, else the likeliest sentence
            plain = [f for f in facts if f.kind == "funding_rate"]
            facts = (d.of("rate_header") + d.of("rate_row") if d.of("rate_row") else [max(plain, key=lambda f: f.value["score"])] if plain
                     else []) + d.of("funding_rate_raised") + d.of("funding_rate_kind")
        quotes = t.quotes if rid == "territory" else _continued(_quotes(facts), d)
        if rid in _LISTS:  # a list or a table is quoted in the document's order: its announcing line, then its rows
            at = {squash(u.text): u.index for u in d.units}
            quotes.sort(key=lambda q: at.get(q, 10**9))
        if rid == "contacts" and not quotes:
            quotes = _quotes([f for f in d.of("submission") if f.value["emails"]]) or _quotes(d.of("issuer")) or [squash(d.title)]
        if not quotes:
            continue
        if rid == "contacts":  # the bare addresses too: answers on what the call does not say name them
            quotes += [e for e in dict.fromkeys(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ".join(quotes))) if e not in quotes]
        values: dict[str, Any] = {}
        if rid in ("submission", "contacts"):
            values = {k: sorted({x for q in quotes for x in (re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", q) if k == "emails" else [u.rstrip(".,;:") for u in re.findall(r"https?://[^\s<>»)\]]+", q)])})
                      for k in ("emails", "urls")}
            values = {k: v for k, v in values.items() if v}
        elif rid == "deadline":
            values = {"date": deadline.value["date"].isoformat(), "time": deadline.value["time"] or None}
        elif rid == "territory":
            values = {"communes": len(t.rows), "how": t.how, "departements": sorted({r.get("departement", "") for r in t.rows})}
        extra = _distinctive(theme_words if rid == "themes" else _row_labels(quotes), common) if rid in ("themes", "calendar") else None
        rules.append(_rule(rid, quotes, values or None, extra))
    unsettled = settle_topics(d, rules)
    ids = [r["id"] for r in rules]
    # typed constraints
    elig, excl = d.of("eligible_applicants"), d.of("excluded_applicants")
    allowed = list(dict.fromkeys(x for f in elig for x in _types(f.value["item"])))
    # what an item rules out is named outside its asides ("les personnes physiques … (ils peuvent être partenaires d'un
    # projet porté par un RPE ou une association)" rules out no association)
    named_out = list(dict.fromkeys(x for f in excl for x in (_types(re.sub(r"\([^()]*\)", " ", f.value["item"]))
                                                              or _types(f.value["item"]))))
    # "les SIAE … : associations intermédiaires, entreprises d'insertion" admits those kinds by name, not every company
    # when "les entreprises commerciales" are ruled out (kind_clauses._admitted_by_name admits the named kinds)
    # (and "les structures de l'IAE conventionnées (ateliers et chantiers d'insertion, entreprises d'insertion)": its
    # examples in brackets, of the kind it names)
    headed = {x for f in elig for x in _types(re.sub(r"\([^()]*\)", " ", f.value["item"].partition(":")[0]
                                                     if f.value["item"].partition(":")[2].strip(" ;.") else f.value["item"]))}
    allowed = [x for x in allowed if x in headed or x not in named_out]
    # a type admitted but excluded under a condition ("entreprises à but lucratif ne disposant pas de l'agrément"):
    # the draft cannot check the condition, so the type is not admitted (never a false "eligible"); a type excluded
    # without condition while admitted ("associations cultuelles") is a subset: it stays admitted
    conditional = {x for f in excl for piece in re.split(r",|;|\bainsi que\b", f.value["item"])
                   if re.search(r"but lucratif|ne dispos|\bsans\b|non titulaire|qui ne|n'ayant pas|ne relevant pas|de l'[ée]tat\b"
                                r"|[àa] l'exception|\bsauf\b|\bhormis\b", piece, re.I)
                   for x in _types(piece)}
    # a kind ruled out, then admitted by an exception ("Les communes, les intercommunalités et leurs établissements publics
    # (CCAS, CIAS) ne peuvent pas porter de projet. Par exception, une intercommunalité exerçant la compétence … peut
    # porter un projet de l'axe 2"): admitted on that exception's terms only
    conditional |= {x for f in elig if re.match(r"\W*(?:par exception|par derogation|toutefois|cependant|neanmoins)\b", fold(f.value["item"]))
                    for x in _types(f.value["item"]) if x in named_out}
    # "les sociétés coopératives et participatives (SCOP), sauf si elles sont conventionnées comme SIAE", "les entreprises
    # commerciales (SARL, SAS …), à l'exception des SIAE conventionnées": ruled out but for the case the item states
    conditional |= {x for f in excl for seg in f.value["item"].split(";")
                    if (cue := re.search(r"\b(?:sauf|[àa] l'exception|hormis|excepte)\b", seg, re.I))
                    for x in _types(seg[:cue.start()])}
    allowed = [x for x in allowed if x not in conditional]
    excluded = [x for x in named_out if x not in allowed and x not in conditional]
    if elig or excl:
        c = {"id": "applicant", "kind": "applicant", "rule": "eligible_applicants" if elig else "excluded_applicants",
             "quotes": _quotes(excl + elig) if conditional else _quotes(elig + excl)}
        if allowed:
            c["allowed"] = _Flow(allowed)
        if excluded:
            c["excluded"] = _Flow(excluded)
        if conditional:
            c["conditional"] = _Flow(sorted(conditional))
        constraints.append(c)
    if deadline:
        constraints.append({k: v for k, v in {"id": "deadline", "kind": "deadline", "deadline": deadline.value["date"],
                                             "deadline_time": deadline.value["time"] or None, "rule": "deadline",
                                             "cases": by_kind or None}.items() if v})
    fmt = _formats(d)
    if fmt and "dossier_contents" in ids:
        constraints.append(fmt)
    ch = _channel(d)
    if ch and "submission" in ids:
        constraints.append(ch)
    seat = _seat(d)
    if seat:
        constraints.append(seat)
    cof = _cofinancing(d, ids)
    if cof:
        constraints.append(cof)
    own = _own_funds(d, ids)
    if own:
        constraints.append(own)
    ages = _ages(d)
    if ages:
        ages["rule"] = ages["rule"] if ages["rule"] in ids else None
        constraints.append({k: v for k, v in ages.items() if v is not None})
    constraints += [{**c, "rule": "participants"} for c in (people, residents) if c]
    senior = d.first("seniority")
    if senior:
        c = {"id": "seniority", "kind": "seniority", "min_months": senior.value["months"], "quotes": [squash(senior.quotes[0])],
             "rule": "eligible_applicants" if "eligible_applicants" in ids else None}
        if senior.value.get("latest"):  # a last day of creation ("… déclarées après le 1er janvier 2026" excluded)
            c["latest"] = senior.value["latest"]
        # whom it binds, when the call says it: the kinds its sentence names, those another sentence exempts
        scope = [{"label": senior.value["subject"], "quote": c["quotes"][0], "min_months": senior.value["months"], "of_kinds": True}
                 ] if senior.value.get("subject") else []
        if senior.value.get("exempt"):
            scope.append({"label": senior.value["exempt"], "quote": squash(senior.value["exempt_quote"]), "min_months": 0, "of_kinds": True})
            c["quotes"].append(squash(senior.value["exempt_quote"]))
        if scope:
            c["cases"] = scope
        constraints.append(c)
    if themes:
        constraints.append({"id": "theme", "kind": "theme", "rule": "themes", "blocking": False})
    if t.rows:
        constraints.append({"id": "territory", "kind": "territory", "rule": "territory"})
    start, latest = _start(d)
    if start:
        constraints.append(start)
    dur, end, dur_rows = _bounds(d, "duration"), d.first("end"), d.of("duration_row")
    if dur or end or len(dur_rows) > 1:
        c = {k: v for k, v in {"id": "duration", "kind": "duration", "min_months": dur.value["min"] if dur else None,
                               "max_months": dur.value["max"] if dur else None, "rule": "duration",
                               "latest_end": end.value["date"] if end else None}.items() if v is not None}
        if dur_rows and (len(dur_rows) > 1 or dur):  # "Axe 2 – … | 3 à 6 mois": the row of the case an applicant names decides
            seen: set[str] = set()  # one case per label ("axe 3" said in its own section and beside the general rule)
            c["cases"] = [{"label": r.value["label"], "quote": squash(r.quotes[0]), "min_months": r.value["min"],
                           "max_months": r.value["max"]} for r in dur_rows if not (fold(r.value["label"]) in seen or seen.add(fold(r.value["label"])))]
        constraints.append(c)
    amt = _bounds(d, "amount")
    rows = d.of("amount_row")
    if not amt and rows:  # a table of amounts by kind of project: the first row is the rule, a higher cap a case of its own
        # (of numbered cases, "Axe 1 … 50 000 €" and "Axe 2 … 80 000 €", each its own: no case named, the highest holds)
        first = max(rows, key=lambda r: r.value["max"]) if numbered_rows(rows) else rows[0]
        higher = [r for r in rows[1:] if r.value["max"] > rows[0].value["max"]] if first is rows[0] else []
        floors = [r.value["min"] for r in rows if r.value["min"] is not None]
        c = {"id": "amount", "kind": "amount", "min_eur": min(floors, default=None), "max_eur": first.value["max"],
             "tax_basis": first.value["tax"] or None, "rule": "amount"}
        if higher:
            top = max(higher, key=lambda r: r.value["max"])
            c.update(raised_max_eur=top.value["max"], raised_quotes=_Flow([squash(top.quotes[0])]))
        if not higher:  # "Pour le lot 1, le plafond est porté à 60 000 € lorsque …"
            c.update(_raised_cap(d, first.value["max"]))
        if len(rows) > 1:  # the row of the case an applicant names decides (constraints.named_case)
            c["cases"] = [{k: v for k, v in {"label": r.value["label"], "quote": squash(r.quotes[0]), "min_eur": r.value["min"],
                                              "max_eur": r.value["max"], "raised_max_eur": r.value.get("raised"),
                                              "raised_when": r.value.get("raised_when"),
                                              "raised_quotes": _Flow(r.value["raised_defined"]) if r.value.get("raised_defined") else None,
                                              }.items() if v is not None} for r in rows]
            case_raises(d, c["cases"])
        constraints.append({k: v for k, v in c.items() if v is not None})
    if amt:
        c = {k: v for k, v in {"id": "amount", "kind": "amount", "min_eur": amt.value["min"], "max_eur": amt.value["max"],
                               "tax_basis": amt.value["tax"] or None, "rule": "amount"}.items() if v is not None}
        capped = [r for r in rows if r.value["max"] is not None]
        own_caps = [r for r in capped if "not_raised" in r.value]  # "les projets de l'axe 3 sont plafonnés à 40 000 €"
        if amt.value["max"] is not None and own_caps:
            c["cases"] = [{k: v for k, v in {"label": r.value["label"], "quote": squash(r.quotes[0]), "max_eur": r.value["max"],
                                             "raised_max_eur": r.value["max"] if r.value["not_raised"] else None}.items()
                           if v is not None} for r in own_caps]
        elif amt.value["max"] is None and len(capped) > 1:
            # "Le montant minimal est de 8 000 €" beside a table of caps by axis: the row of the case an applicant names
            # decides its cap; no case named, no request may pass the highest
            c["max_eur"] = max(r.value["max"] for r in capped)
            c["cases"] = [{k: v for k, v in {"label": r.value["label"], "quote": squash(r.quotes[0]), "min_eur": r.value["min"],
                                              "max_eur": r.value["max"]}.items() if v is not None} for r in capped]
        constraints.append(c | _raised_cap(d, c.get("max_eur")))
    lowered = d.first("amount_lowered")
    own = next((c for c in constraints if c["kind"] == "amount"), None)
    if lowered and own is not None and own.get("min_eur") and lowered.value["min"] < own["min_eur"]:
        own.update(lowered_min_eur=lowered.value["min"], lowered_quotes=_Flow([squash(lowered.quotes[0])]))  # "… ramené à 6 000 € pour …"
    if d.of("amount_per_person") and constraints and constraints[-1]["kind"] == "amount":
        constraints[-1]["max_eur_per_person"] = d.of("amount_per_person")[0].value["max"]  # "1 500 € par participant prévu"
    env, npj = d.first("envelope"), d.first("number_of_projects")
    tax = env.value["tax"] if env else ""
    if env and not tax and any(re.search(r"pas (?:soumis|assujetti)|non (?:soumis|assujetti)", f.quotes[0]) for f in d.of("tax")):
        tax = "non assujetti à la TVA"
    if env and not amt:  # with a cap per project, the envelope is information, not a limit to check
        constraints.append({k: v for k, v in {"id": "budget", "kind": "envelope", "total_eur": env.value["total"], "tax_basis": tax or None,
                                             "projects_min": npj.value["min"] if npj else None,
                                             "projects_max": npj.value["max"] if npj else None, "rule": "envelope"}.items() if v is not None})
    # "Pour les communes, CCAS, CIAS et intercommunalités, le taux … est ramené à 50 %": the rate of those kinds
    rate_kinds = [{"label": f.value["label"], "quote": squash(f.quotes[0]), "max_percent": f.value["max"], "of_kinds": True}
               for f in d.of("funding_rate_kind")]
    if "funding_rate" in ids and d.of("rate_row"):  # "Associations … | 80 %", "Communes … | 50 %": the applicant's row decides
        cases = d.of("rate_row")
        top = max(r.value["max"] for r in cases)
        constraints.append({"id": "funding_rate", "kind": "funding_rate", "max_percent": top,
                            "rule": "funding_rate", "cases": [{"label": r.value["label"], "quote": squash(r.quotes[0]),
                                                               "max_percent": r.value["max"]} for r in cases] + rate_kinds})
        raised = [f for f in d.of("funding_rate_raised") if f.value["max"] > top]
        if raised:  # "Exception montagne : pour le volet C uniquement, lorsque …, le taux maximal est porté à 80 %"
            constraints[-1] |= {"raised_percent": max(f.value["max"] for f in raised), "raised_quotes": [squash(f.quotes[0]) for f in raised]}
    elif "funding_rate" in ids and not d.of("funding_rate"):
        constraints.append({"id": "funding_rate", "kind": "funding_rate", "rule": "funding_rate", "cases": rate_kinds})
    elif "funding_rate" in ids:
        rate = max(d.of("funding_rate"), key=lambda f: f.value["score"])
        fr: dict[str, Any] = {"id": "funding_rate", "kind": "funding_rate", "max_percent": rate.value["max"], "rule": "funding_rate"}
        raised = [f for f in d.of("funding_rate_raised") if f.value["max"] > rate.value["max"]]
        if raised:
            fr |= {"raised_percent": max(f.value["max"] for f in raised), "raised_quotes": [squash(f.quotes[0]) for f in raised]}
        lowered = [f for f in d.of("funding_rate_lowered") if f.value["max"] < rate.value["max"]]
        if lowered:
            fr |= {"lowered_percent": min(f.value["max"] for f in lowered), "lowered_quotes": [squash(f.quotes[0]) for f in lowered]}
        fr |= _in_kind(d)
        if rate_kinds:
            fr["cases"] = rate_kinds
        constraints.append(fr)
    # identity, dates, limits
    issuer = d.first("issuer")
    all_dates = [f.value["date"] for f in d.facts if isinstance(f.value, dict) and isinstance(f.value.get("date"), date)]
    ann = [f for f in d.of("announcement") if f.value["date"]]
    dates: dict[str, Any] = {"deadline": deadline.value["date"] if deadline else max(all_dates, default=date.today())}
    if latest:
        dates["latest_start"] = latest
    if ann:
        dates["announcement"] = max(f.value["date"] for f in ann)
    limits = {k: v for k, v in {"max_duration_months": dur.value["max"] if dur else None, "envelope_eur": env.value["total"] if env else None,
                                "projects_min": npj.value["min"] if npj else None, "projects_max": npj.value["max"] if npj else None}.items() if v is not None}
    present = lambda *xs: [x for x in xs if x in ids]  # noqa: E731
    call = {
        "id": call_id, "title": d.title, "short_title": d.title[:80], "name": _call_name(d.title), "issuer": issuer.value if issuer else "",
        "kind": d.first("kind").value, "language": "fr", "source_file": source, "call_document": "call.md", "documents": ["call.md"],
        "territory": {"name": t.name or "", "communes_file": TERRITORY_FILE, "all_communes_file": france_rel,
                      "provenance": "Etalab, @etalab/decoupage-administratif (MIT) ; communes retrouvées par `ami new-call`", "rule": "territory"},
        "dates": dates, "limits": limits, "constraints": constraints, "contacts_rule": "contacts",
        "answering": {"deadline_rule": "deadline", "status_rules": present("deadline", "submission", "contacts", "jury", "announcement", "start"),
                      "follow_up_rules": present("deadline", "dossier_contents", "eligible_applicants", "envelope", "territory", "payments"),
                      "place_rules": present("territory", "eligible_applicants", "start")},
        **typed_sections(d), "domain_terms": list(drafting_words()["domain_terms"]), "rules": rules,
        **({"not_in_call": unsettled} if unsettled else {}),
    }
    if "deadline" not in ids:  # the model needs a deadline rule: the call's title, flagged
        rules.insert(0, _rule("deadline", [squash(d.title)]))
    eligibility = {"rules": {"applicant": call["constraints"][0]["rule"] if elig or excl else "eligible_applicants", "theme": "themes",
                             "territory": "territory", "start": "start", "duration": "duration", "budget": "envelope",
                             "deadline": "deadline"}, "themes": themes}
    _as_written(constraints, d)
    return call, eligibility, ids


def _as_written(constraints: list[dict], d: Draft) -> None:
    """Case labels drafted from a family and a rank ("Volet 3", as every reader folds "Volet C") written back as the
    call writes them ("Volet C") when it names that family's cases by capital letter, never by number."""
    raw = "\n".join(u.text for u in d.units)
    for c in constraints:
        for k in c.get("cases") or []:
            m = re.fullmatch(r"(Axe|Lot|Volet|Mesure) (\d)", k.get("label") or "")
            if not m or int(m.group(2)) > 8:
                continue
            letter = chr(64 + int(m.group(2)))
            if (re.search(rf"\b{m.group(1)}s? +(?:n° *)?{letter}(?![\w'’])", raw, re.I)
                    and not re.search(rf"\b{m.group(1)}s? +(?:n° *)?{m.group(2)}\b", raw, re.I)):
                k["label"] = f"{m.group(1)} {letter}"


def _dossier(d: Draft, call: dict) -> dict | None:
    """dossier.yaml (the schema of assistant/deck.py): one required part per item of the call's dossier list."""
    rules = {r["id"]: r for r in call["rules"]}
    items = [f for f in d.of("dossier_contents") if isinstance(f.value, dict) and f.value.get("lead")]
    if not items or "dossier_contents" not in rules:
        return None
    quotes = rules["dossier_contents"]["quotes"]
    parts: list[dict] = [{"id": "cover", "title": "Page de garde", "rule": "issuer" if "issuer" in rules else "dossier_contents",
                          "tip": "Indiquez le titre du projet, la structure porteuse et un contact."}]
    for f in items:
        text = squash(f.value["item"]).rstrip(" ;.,")
        short = re.split(r"\s*[,(;:]\s*", re.sub(r"^(?:(?:les?|la|un|une|des|du)\s+|l['’]\s*)", "", text, flags=re.I))[0][:80]
        short = short[:1].upper() + short[1:]
        pid = "_".join(normalize(short).split()[:3]) or f"part_{len(parts)}"
        if any(p["id"] == pid for p in parts):
            pid = f"{pid}_{len(parts)}"
        q = quotes.index(squash(f.value["item"])) if squash(f.value["item"]) in quotes else None
        parts.append({"id": pid, "section": pid, "required": True, "title": short, "rule": "dossier_contents",
                      **({"quotes": [q], "contents_quote": q} if q is not None else {}),
                      "headings": [normalize(short)], "tip": f"L'appel demande : « {text} »."})
    present = {"contents": "dossier_contents", "territory": "territory", "start": "start", "duration": "duration",
               "payments": "payments", "annexes": "annexes", "problematiques": "themes"}
    return {"call_rules": {k: v for k, v in present.items() if v in rules},
            "layouts": {"content": ["Titre et contenu", "Title and Content", "Titre et texte", "Title and Text", "Contenu"],
                        "cover": ["Diapositive de titre", "Title Slide", "Titre", "Page de titre"]},
            "themes": {}, "theme_quotes": {},
            "annexes_items": [squash(f.value["item"]).rstrip(" ;.") for f in d.of("annexes") if isinstance(f.value, dict)],
            "parts": parts}


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


def _call_yaml(call: dict, document: str) -> str:
    """call.yaml text: every drafted value under a "# À RELIRE" comment."""
    out = [f"# Brouillon rédigé par `ami new-call` depuis {document} : chaque valeur est à relire ({REVIEW}).",
           "# Chaque citation (quotes) doit figurer mot pour mot dans call.md ; le chargement échoue sinon.", ""]
    for key, value in call.items():
        if key in ("rules", "constraints", *SECTIONS):
            out.append(f"{key}:")
            for item in value:
                out.append(f"  # {REVIEW} : {item.get('id') or item.get('label') or item.get('share') or item.get('role')}")
                out.append("\n".join("  " + ln if ln else ln for ln in _dump([item]).rstrip("\n").split("\n")))
        else:
            if key in ("title", "issuer", "kind", "territory", "dates", "limits"):
                out.append(f"# {REVIEW}")
            out.append(_dump({key: value}).rstrip("\n"))
    return "\n".join(out) + "\n"


def _show(value: Any) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return format_eur(value) if value >= 1000 else num(value)
    return str(value)


def _checklist(d: Draft, t: TerritoryDraft, call: dict, ids: list[str], folder: Path) -> NewCallReport:
    w = drafting_words()["checklist"]
    labels = w["labels"]
    rep = NewCallReport(folder, [w["head"].format(folder=folder)])
    cons = {c["id"]: c for c in call["constraints"]}

    def found(kind: str, value: str, quote: str) -> None:
        rep.found.append(kind)
        rep.lines += [w["found"].format(label=labels[kind], value=value), w["quote"].format(quote=squash(quote)[:300])]

    for kind in labels:
        f = d.first(kind) or d.first({"amount": "amount_row", "funding_rate": "rate_row"}.get(kind, ""))  # a table by case
        if kind == "deadline" and f:
            f = _best_deadline(d)
            found(kind, format_date(f.value["date"]) + (f" à {f.value['time']}" if f.value["time"] else ""), f.quotes[0])
        elif kind in ("jury", "announcement", "launch", "start") and f:
            dated = [x for x in d.of(kind) if x.value["date"]]
            found(kind, " ; ".join(_show(x.value["date"]) for x in dated) or "oui (sans date)", (dated or [f])[0].quotes[0])
        elif kind == "duration" and f:
            found(kind, " – ".join(f"{k} {num(v)} mois" for k, v in f.value.items() if v is not None), f.quotes[0])
        elif kind in ("participants", "residents") and kind in cons:  # the values of its constraint
            c = cons[kind]
            found(kind, ", ".join(f"{k} {num(v)}" for k, v in c.items() if k.startswith(("min_", "raised_min"))), c["quotes"][-1])
        elif kind in ("amount", "envelope", "funding_rate") and f:
            c = cons.get({"envelope": "budget"}.get(kind, kind), {})
            shown = {k: (f"{num(v)} %" if k == "max_percent" else format_eur(v) if k.endswith("eur") else v)
                     for k, v in c.items() if k not in ("id", "kind", "rule", "quotes")}
            found(kind, ", ".join(f"{k} {v}" for k, v in shown.items()), f.quotes[0])
        elif kind == "territory" and t.rows:
            found(kind, f"{t.name} ({len(t.rows)} communes)", t.quotes[0])
        elif kind in ("submission", "contacts") and f:
            found(kind, ", ".join(f.value["emails"] + f.value["urls"]), f.quotes[0])
        elif kind == "contacts" and (cr := next((r for r in call["rules"] if r["id"] == "contacts"), None)) and (cr.get("values") or {}).get("emails"):
            found(kind, w["contacts_fallback"].format(emails=", ".join(cr["values"]["emails"])), cr["quotes"][0])
        elif f is not None:
            items = d.of(kind)
            value = f.value if isinstance(f.value, str) else (f"{len(items)} éléments" if len(items) > 1 else "oui")
            found(kind, value, f.quotes[-1])
        else:
            rep.missing.append(kind)
            rep.lines.append(w["missing"].format(label=labels[kind]))
    rep.lines.append(w["review"].format(id=call["id"]))
    return rep


def new_call(document: Path, call_id: str, corpus_dir: Path, force: bool = False) -> NewCallReport:
    """Draft `corpus_dir/<call_id>/` from a call document; InputError/LoaderError (one line) on bad input."""
    document = Path(document)
    if not _ID.match(call_id or ""):
        raise InputError(f"Identifiant d'appel invalide : {call_id!r} (minuscules, chiffres, « - », « . » ou « _ »).")
    folder = Path(corpus_dir) / call_id
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not force:
        raise InputError(f"{folder} existe déjà et n'est pas vide : choisissez un autre --id, ou --force pour le remplacer.")
    blocks = read_blocks(document)
    d = extract(blocks)
    corpus_dir = Path(corpus_dir)
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Impossible de créer {corpus_dir} : {exc.strerror or exc}.") from exc
    stage_root = corpus_dir / f".new-call-{call_id}"
    shutil.rmtree(stage_root, ignore_errors=True)
    stage = stage_root / call_id
    try:
        (stage / "source").mkdir(parents=True)
        shutil.copyfile(document, stage / "source" / document.name)
        (stage / "call.md").write_text(render_markdown(blocks), encoding="utf-8")
        france = find_france_file(corpus_dir)
        t = resolve_territory(d.units, france)
        france_rel = write_territory(t, stage, folder, france)
        call, eligibility, ids = _build(d, t, call_id, f"source/{document.name}", france_rel)
        (stage / "call.yaml").write_text(_call_yaml(call, f"source/{document.name}"), encoding="utf-8")
        (stage / "eligibility.yaml").write_text(
            f"# Brouillon rédigé par `ami new-call` ({REVIEW}) : thèmes de l'appel et mots qui les révèlent.\n" + _dump(eligibility),
            encoding="utf-8")
        dossier = _dossier(d, call)
        if dossier:
            (stage / "dossier.yaml").write_text(
                f"# Brouillon rédigé par `ami new-call` ({REVIEW}) : une partie par pièce du dossier que l'appel énumère.\n"
                + _dump(dossier), encoding="utf-8")
        load_callspec(stage_root, call_id)  # every quote verified against call.md before anything is replaced
        previous = stage_root / "previous"
        if folder.exists():  # --force: the old folder is set aside, and put back if the new one cannot be moved in
            shutil.move(str(folder), str(previous))
        try:
            shutil.move(str(stage), str(folder))
        except OSError:
            if previous.exists():
                shutil.move(str(previous), str(folder))
            raise
    except OSError as exc:  # a read-only or full disk: one clear line, nothing half-written left behind
        raise InputError(f"Impossible d'écrire le dossier de l'appel dans {corpus_dir} : {exc.strerror or exc}.") from exc
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    return _checklist(d, t, call, ids, folder)
