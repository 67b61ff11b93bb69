"""Values an `ami new-call` draft reads off a call's facts: router keywords of themes and calendar rows (without the
call's pervasive words), structure types, refused formats, the day every action must be over, the ages of the people
served, the seat's départements or région, amounts with their bounds, and the deadline among its candidates.
Used by write.py, which assembles call.yaml from them."""

from __future__ import annotations

import re
from typing import Any

from ..facts import generic_words
from ..seniority import required_months
from ..territory import normalize
from ..textnorm import fold
from .drafting import _CASES, Draft, Fact, drafting_words
from .spec import squash
from .territory_draft import _departements_named

_STOP = set("le la les l un une des du de d et ou a au aux en pour par sur dans avec vers se sa son ses leur leurs "
            "qui que ce cette ces ne pas plus".split())


class _Flow(list):
    """A list written on one line ([a, b, c]) in the drafted YAML: word lists stay short to review."""



def _phrases(text: str) -> list[str]:
    """Main noun phrases of a theme's text: 2–4-word chunks between connectors, and long single words."""
    norm = normalize(re.sub(r"^(?:axe|volet|th[èe]me|priorit[ée])\s+\w{1,3}\s*[–—:-]\s*", "", text, flags=re.I))
    out: list[str] = []
    for chunk in re.split(r"\b(?:et|ou|pour|avec|vers|dans|sur|au|aux|a|se|leur|leurs)\b", norm):
        ws = chunk.split()
        while ws and ws[0] in _STOP:
            ws = ws[1:]
        while ws and ws[-1] in _STOP:
            ws = ws[:-1]
        if 2 <= len(ws) <= 4 and any(len(w) >= 5 for w in ws):
            out.append(" ".join(ws))
        out += [w for w in ws if len(w) >= 11]
    return list(dict.fromkeys(out))


def _pervasive(d: Draft) -> set[str]:
    """Words that recur in many sections of the call ("tiers", "lieu" in a tiers-lieux call, "ami"): the call's
    subject, not what tells one of its topics from another."""
    texts: dict[str, set[str]] = {}
    for u in d.units:
        if u.section:
            texts.setdefault(u.section, set()).update(normalize(u.text).split())
    limit = max(3, len(texts) // 5)
    count: dict[str, int] = {}
    for ws in texts.values():
        for w in ws:
            count[w] = count.get(w, 0) + 1
    return {w for w, n in count.items() if n >= limit}


_NOT_ALONE = re.compile(r"\bne (?:peut|peuvent) (?:pas )?(?:etre )?(?:presentee?s?|retenue?s?|financee?s?|deposee?s?|mobilisee?s?) seule?s?\b"
                        r"|\bdoi(?:t|vent) (?:obligatoirement )?etre (?:associee?s?|combinee?s?) a\b")


def _distinctive(phrases: list[str], common: set[str]) -> list[str]:
    """The phrases without the call's pervasive words (`_pervasive`; a phrase left with no word of four letters is
    dropped): those words would route every question to the rule that holds them."""
    out = []
    for p in phrases:
        ws = [w for w in p.split() if w not in common]
        while ws and len(ws[0]) < 3:
            ws = ws[1:]
        while ws and len(ws[-1]) < 3:
            ws = ws[:-1]
        if any(len(w) >= 4 for w in ws):
            out.append(" ".join(ws))
    return list(dict.fromkeys(out))


def _row_labels(quotes: list[str]) -> list[str]:
    """The labels of a table's rows ("Webinaire d'information | jeudi 14 janvier 2027" → "webinaire d information"):
    the names the call gives its milestones, which applicants use to ask for their date."""
    out = []
    for q in quotes:
        label = q.split(" | ", 1)[0] if " | " in q else ""
        if label and not re.search(r"\d", label) and len(label.split()) <= 6:
            out.append(normalize(label))
    return list(dict.fromkeys(x for x in out if x))


def _types(text: str) -> list[str]:
    """Structure-type ids (assistant/words.yaml) a text names, plurals folded."""
    words = generic_words()["structure_types"]
    sing = lambda s: " ".join(re.sub(r"(?<=\w{3})[sx]$", "", w) for w in normalize(s).split())  # noqa: E731
    t = f" {sing(text)} "
    spans: list[tuple[int, int, str]] = []
    for tid, d in words.items():
        for w in d.get("words", []):
            if len(normalize(w)) > 2:
                for m in re.finditer(re.escape(f" {sing(w)} "), t):
                    spans.append((m.start(), m.end(), tid))
    # a word inside a longer phrase of another type is that type's ("micro-entreprise" is not any "entreprise")
    for tid, plurals in (drafting_words().get("applicant_plurals") or {}).items():
        for w in plurals:
            for m in re.finditer(re.escape(f" {sing(w)} "), t):
                spans.append((m.start(), m.end(), tid))
    kept = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) and o[2] != s[2] for o in spans)]
    return list(dict.fromkeys(tid for _s, _e, tid in sorted(kept)))


def _named(table: str, texts: list[str]) -> list[str]:
    """Keys of a words.yaml table (formats, channels) the texts name."""
    words = generic_words().get(table, {}) or {}
    t = " " + " ".join(normalize(x) for x in texts) + " "
    return [k for k, v in words.items() if any(f" {normalize(w)} " in t for w in v.get("words", []))]


_REFUSED = re.compile(r"\b(?:ne (?:sont|seront|sera|est) pas|n'(?:est|sont) pas|non) (?:accept|admis|recevable|pris en compte)|\brefus|\bexclu")
_FORMAT_CUE = re.compile(r"\bformat|\bfichier|prend la forme|diapositive|\bpages?\b|\bslides?\b")


def _formats(d: Draft) -> dict | None:
    """The dossier format constraint: formats a sentence on the dossier's form accepts, and those it refuses ("les
    dossiers au format PDF ou Word ne sont pas acceptés"); an annex's format is not the dossier's."""
    quoted = [q for f in d.of("dossier_contents") for q in f.quotes if re.search(r"\bformat", q, re.I)]
    sentences = list(dict.fromkeys(quoted + [u.text for u in d.units if u.kind != "heading" and _FORMAT_CUE.search(u.folded)
                                             and re.search(r"\bdossiers?\b|candidature", u.folded) and _named("formats", [u.text])]))
    allowed: list[str] = []
    refused: list[str] = []
    quotes: list[str] = []
    for q in sentences:
        named = _named("formats", [q])
        if not named:
            continue
        if _REFUSED.search(fold(q)):
            # "… au format XLSX ; un budget au format PDF seul n'est pas accepté": the clause that refuses names what it
            # refuses, the other clause what it asks for
            clauses = [x for x in re.split(r"\s*;\s*", q) if x.strip()]
            said_no = [x for x in clauses if _REFUSED.search(fold(x))]
            refused += _named("formats", said_no) if len(clauses) > 1 and said_no and _named("formats", said_no) else named
            allowed += [x for c in clauses if c not in said_no for x in _named("formats", [c])] if len(clauses) > 1 else []
        elif not re.search(r"^\W*(?:les |l')?annexes?\b|\bannexes? (?:suivantes|sont|est|jointe)", re.sub(r"\bhors\b[^,.;]*", "", fold(q))):
            allowed += named
        else:
            continue
        quotes.append(squash(q))
    both = set(refused) & set(allowed)  # ("la note … au format PDF" and "un budget au format PDF seul n'est pas accepté":
    # a format one piece must take and another may not is no format of the dossier as a whole)
    refused = [x for x in dict.fromkeys(refused) if x not in both]
    allowed = [] if both else [x for x in dict.fromkeys(allowed) if x not in refused]  # (then the pieces' own lines answer)
    if not allowed and not refused:
        return None
    c: dict[str, Any] = {"id": "format", "kind": "format", "rule": "dossier_contents", "quotes": quotes}
    if allowed:
        c["allowed"] = _Flow(allowed)
    if refused:
        c["excluded"] = _Flow(refused)
    return c


_END = re.compile(r"\b(?:achevee?s?|terminee?s?|s'achever|s'acheve(?:nt)?|se terminer|prendre fin|prennent fin|fin des actions|"
                  r"fin de (?:realisation|projet|l'action|mise en oeuvre|l'operation)|date de fin)\b")


def _latest_end(d: Draft) -> Fact | None:
    """The day by which every action must be over ("toutes les actions doivent être achevées au plus tard le 30 juin
    2030"), from a sentence on the project's end, not on the dossier's."""
    from .drafting import parse_dates

    for u in d.units:
        f = u.folded
        if _END.search(f) and re.search(r"au plus tard|avant le|jusqu", f) and not re.search(r"depot|deposer|dossier|candidature", f):
            dates = [dt for dt, _t, s, _e, day in parse_dates(u.text) if day and s > _END.search(f).start()]
            if dates:
                return Fact("end", {"date": max(dates)}, [u.text])
    return None


def _ages(d: Draft) -> dict | None:
    """The ages of the people the call serves ("jeunes âgés de 16 à 29 ans inclus"), with a higher limit granted on a
    condition ("La limite d'âge est portée à 30 ans inclus pour les jeunes bénéficiant d'une RQTH")."""
    from ..ages import EXCEPTION, call_range

    publics = {q for f in d.of("publics") for q in f.quotes}
    cue = r"s'adress|\bpublics?\b|destine|beneficiaires|accompagne|accueill|eligibles?"
    said_of_publics = [u for u in d.units if u.kind != "heading" and (u.text in publics or re.search(cue, u.folded) or (
        u.kind == "item" and re.search(cue, fold(u.lead or ""))))]  # ("… s'adressent aux jeunes qui : 1. être âgés de 16 à 25 ans")
    also = re.compile(r"\b(?:egalement|aussi|par exception|par derogation|a titre derogatoire)\b")
    # a publics section first, then the rest; a range granted besides ("Les jeunes de 26 à 29 ans … peuvent également être
    # accompagnés") after the general one
    for u in sorted(said_of_publics, key=lambda u: (u.text not in publics, bool(also.search(u.folded)))):
        found = call_range(u.text) or (call_range(f"{u.lead} {u.text}") if u.lead and re.search(r"\bans\b", u.folded) else None)
        if not found:  # ("… s'adressent aux personnes qui remplissent les conditions suivantes : 1. être âgées de 50 ans ou plus")
            continue
        lo, hi, who = found
        c = {"id": "age", "kind": "age", "min_age": lo, "max_age": hi, "people": who, "quotes": [squash(u.text)], "rule": "publics",
             "blocking": True}
        for v in d.units:
            m = re.search(r"\b(?:portee?s?|etendue?s?|relevee?s?|repoussee?s?|elargie?s?)\s+(?:jusqu'?\s*a|a)\s+(\d{1,2})\s+ans\b", v.folded) or (
                EXCEPTION.search(v.folded)
                and re.search(r"\bjusqu'?\s*a\s+(\d{1,2})\s+ans\b", v.folded)) or (  # "par exception, … (RQTH) jusqu'à 35 ans"
                also.search(v.folded) and re.search(r"\b(?:de|entre) \d{1,2} (?:a|et) (\d{1,2}) ans\b", v.folded))
            # ("Les jeunes de 26 à 29 ans … bénéficiant d'une RQTH peuvent également être accompagnés")
            if m and hi is not None and int(m.group(1)) > hi:
                c.update(raised_max_age=int(m.group(1)), raised_quotes=_Flow([squash(v.text)]), quotes=[*c["quotes"], squash(v.text)])
                break
        cases = _age_cases(d, u, lo, hi, who)
        own = _case_of(u)
        kids = lambda t: bool(re.search(r"\b(?:d'enfants|des enfants|leurs enfants|enfants? (?:de|ages?|agee?s?))\b", fold(t)))  # noqa: E731
        if own and cases and all(k["label"] != own for k in cases) and all(
                (call_range(k["quote"]) or (None, None, None))[2] == who and kids(k["quote"]) == kids(u.text) for k in cases):
            # (the children's ages of the parents an axis serves are no range of the young people another one serves)
            # "### Axe 1 … Publics visés : chefs d'entreprise âgés de 55 ans ou plus" and "### Axe 2 … âgés d'au moins 18
            # ans": the first range is its axis's, not the call's; unnamed, the loosest bounds hold
            cases.insert(0, {k: x for k, x in {"label": own, "quote": squash(u.text), "min_age": lo, "max_age": hi}.items() if x is not None})
            lo = None if any("min_age" not in k for k in cases) else min(k["min_age"] for k in cases)
            hi = None if any("max_age" not in k for k in cases) else max(k["max_age"] for k in cases)
            c.update(min_age=lo, max_age=hi)
        for k in cases:  # "Deux exceptions sont admises : - un cédant de moins de 55 ans peut être accompagné si …"
            low = next((v for v in d.units if v.kind != "heading" and _case_of(v) == k["label"] and _excepted(v)
                        and _below(v.folded, k.get("min_age"))), None)
            if low is not None and k.get("min_age") is not None:
                k["lowered_quotes"] = _Flow([squash(low.text)])
                c["quotes"] = [*c["quotes"], squash(low.text)]
        if lo is not None:  # "Par dérogation, les jeunes de 16 et 17 ans suivis par la Mission locale peuvent être accueillis,
            # uniquement sur l'axe 3": younger people admitted in a case the call states
            near = [v for v in d.units if v.section == u.section and v.kind != "heading" and _excepted(v)]
            if re.search(r"\b(?:derogation|exception|sous reserve)", u.folded):
                # "… de 18 à 60 ans (sous réserve de la dérogation prévue à l'axe 1 pour les 16-17 ans)": the exception
                # the sentence points to, wherever the call states it
                near += [v for v in d.units if v.section != u.section and v.kind != "heading" and EXCEPTION.search(v.folded)]
            if cases:  # the exceptions of each case below the loosest bound ("les apprentis âgés de 16 ou 17 ans …")
                near += [v for v in d.units if v.kind != "heading" and v not in near and _excepted(v)]
            lower = next((v for v in near if _below(v.folded, lo, strict=True)), None)
            if lower is not None:
                c.update(lowered_quotes=_Flow([squash(lower.text)]), quotes=[*c["quotes"], squash(lower.text)])
        if cases:
            c.update(cases=cases, quotes=[*c["quotes"], *(k["quote"] for k in cases if k["quote"] not in c["quotes"])])
        return {k: v for k, v in c.items() if v is not None}
    return None


_CASE_NAMED = re.compile(r"\b(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b")


def _case_of(v: Any) -> str | None:
    """The case ("Axe 1") a unit sits under, by its lead or its own heading, as `_age_cases` labels it; else None."""
    label = _CASE_NAMED.search(fold(v.lead or "")) or _CASE_NAMED.search(fold(v.section.split(" > ")[-1]) if v.section else "")
    return f"{label.group(1).capitalize()} {label.group(2)}" if label else None


def _excepted(v: Any) -> bool:
    """An exception of the call: said so in the unit ("Par exception, …") or in the lead of its list ("Deux exceptions
    sont admises :")."""
    from ..ages import EXCEPTION

    return bool(EXCEPTION.search(v.folded) or (v.lead and re.search(r"\b(?:exceptions?|derogations?)\b", fold(v.lead))))


def _below(folded: str, lo: int | None, strict: bool = False) -> bool:
    """Whether a sentence admits people younger than `lo`: an age under it ("16 ou 17 ans"), or "de moins de <lo> ans"."""
    if lo is None:
        return False
    if any(int(a) < lo for a in re.findall(r"\b(\d{1,2})\s*(?:ans\b|et \d{1,2} ans\b|ou \d{1,2} ans\b)", folded)):
        return True
    return not strict and any(int(a) <= lo for a in re.findall(r"\bmoins de (\d{1,2}) ans\b", folded))


def _age_cases(d: Draft, general: Any, lo: int | None, hi: int | None, who: str | None) -> list[dict]:
    """The ages one case sets for itself, in its own section or under its own lead ("### Axe 1 – Garde d'enfants" …
    "Conditions propres à l'axe 1 : - les enfants concernés doivent avoir moins de 12 ans"), when they differ from the
    call's range, of the same people (the children an axis serves are not the young parents the call counts)."""
    from ..ages import EXCEPTION, call_range

    out: list[dict] = []
    for v in d.units:
        if v is general or v.kind == "heading" or EXCEPTION.search(v.folded):
            continue
        if re.search(r"\d\s*%|\bpour cent\b|\b(?:la )?moitie\b|\bun (?:tiers|quart)\b", v.folded):
            continue  # "au moins 30 % des participants doivent être âgés de moins de 30 ans": a share of them, no bound
        if re.search(r"\bne (?:peu\w+|sont|pourr\w+)\b[^.;]{0,40}\bque\b", v.folded):
            continue  # "Les jeunes de 16 et 17 ans ne peuvent bénéficier que des actions de découverte": what they may do
        label = _CASE_NAMED.search(fold(v.lead)) or _CASE_NAMED.search(fold(v.section.split(" > ")[-1]))
        found = call_range(v.text) if label else None
        if not found or (found[0], found[1]) == (lo, hi) or len(v.text) > 300 or (who and found[2] != who):
            continue
        name = f"{label.group(1).capitalize()} {label.group(2)}"
        if any(k["label"] == name for k in out):
            continue
        out.append({k: x for k, x in {"label": name, "quote": squash(v.text), "min_age": found[0], "max_age": found[1]}.items()
                    if x is not None})
    return out


def _start(d: Draft) -> tuple[dict | None, Any]:
    """The start constraint (the call's window, and the bound it sets for one case: "(au plus tard le 2 août 2027 pour
    l'axe 3)", once a case) and the latest start, or (None, None)."""
    starts = d.of("start")
    earliest = next((f.value["date"] for f in starts if f.value.get("bound") == "earliest"), None)
    latest = next((f.value["date"] for f in starts if f.value.get("bound") == "latest"), None)
    by_case = [f for f in starts if f.value.get("case_bound")]
    by_case = [f for i, f in enumerate(by_case) if not any(g.value["label"] == f.value["label"] for g in by_case[:i])]
    if not (earliest or latest or by_case):
        return None, None
    c = {k: v for k, v in {"id": "start", "kind": "start", "earliest": earliest, "latest": latest, "rule": "start"}.items() if v}
    if by_case:
        c["cases"] = [{"label": f.value["label"], "quote": squash(f.quotes[0]), f"{f.value['case_bound']}_start": f.value["date"]}
                      for f in by_case]
    return c, latest


def _departements_after_hors(text: str) -> list[str]:
    """A département named bare after "hors du / de la / de l'" ("situé hors du Cantal")."""
    t = " " + normalize(text) + " "
    names = drafting_words()["departements"]
    return [code for code, name in names.items() if re.search(rf"\bhors (?:du|de la|de l|des) {re.escape(normalize(name))}\b", t)]


def _region_departements(text_norm: str) -> list[str]:
    """The départements of the région a sentence names after "région" ("siège social en région Normandie")."""
    for name, codes in drafting_words()["regions"].items():
        if re.search(rf"\bregions? (?:de |d |du |des )?(?:la |l )?{name}\b", text_norm):
            return list(codes)
    return []


def _readings(d: Draft) -> list[tuple]:
    """Each unit with its folded text and quotes, and each lead that ends with a colon read with the items it opens as
    one sentence ("Les structures dont le siège est situé hors … sont éligibles à deux conditions cumulatives :" and its
    two items): (unit, folded text, verbatim quotes)."""
    out = []
    for i, u in enumerate(d.units):
        out.append((u, u.folded, [u.text]))
        if u.kind == "para" and u.text.rstrip().endswith(":"):
            items = []
            for v in d.units[i + 1:]:
                if v.kind != "item" or v.lead != u.text:
                    break
                items.append(v.text)
            if items:
                out.append((u, fold(" ".join([u.text, *items])), [u.text, *items]))
    return out


def _seat(d: Draft) -> dict | None:
    """Where the applicant must be based, when a sentence requires its seat in named départements ("doit avoir son
    siège social ou un établissement secondaire dans le département du Puy-de-Dôme")."""
    for u, f, said in _readings(d):
        if u.kind == "heading" or not re.search(r"\bsiege\b", f):
            continue
        if re.search(r"\bpeut (?:etre )?(?:situe|implante)e? (?:en dehors|hors)\b[^.]*\ba condition (?:que|d)[^.]*\b(?:antenne|permanence|"
                     r"etablissement|bureau|locaux|implantation|lieu d'accueil)", f) or re.search(
                r"\bsiege (?:social )?(?:est |se trouve |se situe )?(?:situe |implante )?(?:(?:dans|en) [^,.;]{1,40} mais )?(?:en dehors|hors|ailleurs)\b[^.]*\b(?:est|sont) (?:eligibles?|recevables?) (?:que )?(?:si|s'il|s'ils|"
                r"a condition|a (?:deux|trois|\d) conditions)[^.]*\b(?:antenne|permanence|etablissement|bureau|locaux|implantation|lieu d'accueil)", f) or re.search(
                r"\b(?:lorsque|lorsqu'|si|quand)\b[^.]*\bsiege\b[^.]*\b(?:en dehors|hors) d(?:u|es|e la|e l')\b(?! ?departement)[^.]*\b(?:doit|doivent) "
                r"(?:disposer|avoir|justifier)[^.]*\b(?:antenne|permanence|etablissement|bureau|locaux|implantation|lieu d'accueil)", f):
            # "Le siège peut être situé en dehors des deux intercommunalités, à condition que le porteur dispose sur le
            # territoire d'une antenne ou d'une permanence", "Une structure dont le siège est situé hors des trois
            # intercommunalités est éligible si elle dispose sur le territoire d'un établissement secondaire": anywhere,
            # with a branch on the territory; a seat outside the départements a sentence beside it names fails
            # (of a lead and its items, the lead and the item that asks for the branch: another item may rule seats out)
            asks = [q for q in said if q is said[0] or not re.search(r"\bne (?:peu(?:t|vent)|sont|est)\b|\bn'(?:est|sont) pas\b", fold(q))]
            c = {"id": "seat", "kind": "seat", "local_territory": True, "quotes": [squash(q) for q in said],
                 "raised_quotes": _Flow([squash(q) for q in asks]), "rule": "territory"}
            branch = next((x for x in re.split(r"(?<=[.;])\s+", f) if re.search(
                r"\b(?:antenne|permanence|etablissement|bureau|locaux|implantation|lieu d'accueil)", x)), f)
            outside = re.search(r"\bhors d[ue'] ?(?:la |du |de la |de l'|des )?departements?\b[^.;]{0,40}", branch)  # (the
            # sentence that asks for the branch: "… hors des trois intercommunalités est éligible si … Une structure dont
            # le siège est situé hors du département du Tarn ne peut …" asks it of seats outside the intercommunalities)
            local = _departements_named(" " + normalize(outside.group(0)) + " ") if outside else []
            if local:  # "… situé hors du département de l'Yonne n'est éligible que si …": a seat in it needs no branch,
                c["local"] = _Flow(local)  # but what the call asks of it elsewhere ("ailleurs dans l'Yonne … éligible si …")
                c["local_quotes"] = [squash(v.text) for v in d.units if v.section == u.section and v is not u and v.kind != "heading"
                                     and re.search(r"\bsiege\b[^.]*\bailleurs\b[^.]*\beligibles? (?:que )?(?:si|a condition)", v.folded)][:1]
                if c["local_quotes"]:
                    c["quotes"] = c["quotes"] + c["local_quotes"]
                else:
                    del c["local_quotes"]
            for v in [x for x in d.units if x.section == u.section and x.kind != "heading" and x is not u]:
                if re.search(r"\bsiege[^.]*\bhors d[ue'] ?(?:la |du )?(?:departement\b|[a-z])[^.]*\b(?:ne (?:peut|peuvent) (?:pas )?(?:etre porteu|candidater|"
                             r"deposer|porter|etre chef de file|intervenir que comme partenaire)|n'(?:est|sont) pas (?:eligibles?|recevables?))", v.folded) or re.search(
                        r"\b(?:a|ont) (?:son|leur) siege (?:social )?(?:dans|en)\b", v.folded):
                    # ("… hors du Cantal ne peut pas être chef de file", "Le porteur … a son siège social dans le département du Cantal")
                    codes = _departements_named(" " + normalize(v.text) + " ") or _departements_after_hors(v.text)
                    if codes:  # "Une structure dont le siège est situé hors du département de la Meuse ne peut pas être porteuse"
                        c.update(allowed=_Flow(list(dict.fromkeys([*c.get("allowed", []), *codes]))),
                                 quotes=list(dict.fromkeys([*c["quotes"], squash(v.text)])))
            return c
        if re.search(r"\bpeut (?:etre )?(?:situe|implante)|quel que soit|indifferent", f):
            continue
        listed = u.kind == "item" and re.search(r"\bconditions?\b|\bdoi(?:t|vent)\b|\bexigences?\b|\bcriteres?\b", fold(u.lead)) and re.match(
            r"\W*(?:disposer|avoir|etre)\b", f)  # "Conditions communes à tous les porteurs :" and "disposer d'un siège … en Haute-Saône"
        only_if = re.search(r"\bhors d[eu'][^.;]*\b(?:n'(?:est|sont) (?:eligibles?|recevables?) qu|ne (?:peu(?:t|vent)|pourra) "
                            r"(?:candidater|deposer|porter|etre porteu\w*)[^.;]{0,30} qu)", f)
        if not listed and not only_if and not re.search(r"\bdoi(?:t|vent)\b|obligatoire|imperativement|\bexige|\bimplique", f) and not re.search(
                r"\bhors d[eu'][^.;]*\b(?:n'est pas eligible|ne sont pas eligibles|(?:est|sont) exclue?s?|irrecevable|ne peu(?:t|vent) pas)", f):
            continue  # "un porteur dont le siège est situé hors de la région Grand Est n'est pas éligible" requires it too
        # "hors de la région Nouvelle-Aquitaine … une antenne en Charente-Maritime": the région bounds the seat
        region = _region_departements(normalize(u.text)) if re.search(r"\bregion\b", f) else None
        codes = region or _departements_named(" " + normalize(u.text) + " ") or _region_departements(normalize(u.text))
        if codes:
            c = {"id": "seat", "kind": "seat", "allowed": _Flow(list(dict.fromkeys(codes))), "quotes": [squash(u.text)],
                 "rule": "territory"}
            if only_if:  # "… hors du département du Lot n'est éligible qu'en partenariat avec …": outside, on that condition
                c["outside_quotes"] = _Flow([squash(u.text)])
                # what the call allows first ("Le siège du porteur peut être situé dans n'importe quelle commune du Lot")
                free = [squash(v.text) for v in d.units if v.kind != "heading" and re.search(
                    r"\bsiege\b[^.;]*\bpeut (?:etre )?(?:situe|implante)e?\b", v.folded)][:1]
                c["quotes"] = [*free, *c["quotes"]]
                return c
            if re.search(r"\bsiege (?:social )?ou (?:d'|un |d'un |une |d'une )?(?:etablissement|antenne|implantation|bureau|agence)"
                         r"|\bsiege\b[^.;]{0,60}\bou (?:disposer|avoir|posseder)\b[^.;]{0,40}\b(?:etablissement|antenne|implantation|bureau|agence)", f):
                c["raised_quotes"] = _Flow([squash(u.text)])  # "un siège ou un établissement secondaire en Haute-Saône"
            branch = next((v for v in [u, *d.units] if v.section == u.section and v.kind != "heading" and (v is u or v.index != u.index) and re.search(
                r"\bsiege\b[^.]*\b(?:hors|en dehors)\b[^.]*\b(?:eligibles?|recevables?|peu(?:t|vent))\b[^.]*\b(?:si|a condition)\b"
                r"[^.]*\b(?:etablissement|antenne|implantation|bureau|agence)", v.folded) and not re.search(
                r"\bn'(?:est|sont) pas (?:eligibles?|recevables?)|\bne (?:peut|peuvent) pas\b|\bmeme s'", v.folded)), None) if "raised_quotes" not in c else None
            if branch is not None:  # "… son siège social en Dordogne. Une structure dont le siège est situé hors de la
                # Dordogne est éligible seulement si elle dispose … d'un établissement secondaire …": the branch admits it
                c["raised_quotes"] = _Flow([squash(branch.text)])
                c["quotes"] = list(dict.fromkeys([*c["quotes"], squash(branch.text)]))
            near = next((v for v in d.units if v.section == u.section and v.kind != "heading" and re.search(
                r"\bsiege\b[^.]*\b(?:en|dans)\b[^.]*\bmais (?:hors|en dehors)\b[^.]*\b(?:peu(?:t|vent) (?:porter|candidater|deposer|etre porteu)|"
                r"(?:est|sont) (?:eligibles?|recevables?))\b[^.]*\bsi\b", v.folded)), None)
            if near is not None:  # "Une structure dont le siège se situe en Haute-Saône mais hors des trois intercommunalités
                # peut porter un projet si …": what a seat in the département but outside the territory must meet
                c["local_quotes"] = [squash(near.text)]
                c["quotes"] = list(dict.fromkeys([*c["quotes"], squash(near.text)]))
            for v in [x for x in d.units if x.section == u.section and x.kind != "heading"]:
                if re.search(r"\bsi (?:le|son) siege (?:social )?(?:est|se trouve) (?:situe |implante )?hors d[ue'] ?(?:la |du )?"
                             r"(?:departement|territoire)", v.folded):
                    local = _departements_named(" " + normalize(v.text) + " ")
                    if local and set(local) < set(codes):  # "Si le siège est hors du département du Jura, … une antenne"
                        c.update(local=_Flow(local), raised_quotes=_Flow([squash(v.text)]), quotes=[squash(u.text), squash(v.text)])
                        break
            return c
    return None


def _parallel(first: Fact, others: list[Fact], section: dict[str, str]) -> bool:
    """Whether a bound is one of several written alike under sibling headings with other values ("### Remobiliser …
    Durée : de 12 à 18 mois" and "### Se déplacer … Durée : de 12 à 24 mois"): each heading's own, named by no letter or
    number the drafting reads, so no bound of the call as a whole (no check rather than another case's value)."""
    home = section.get(first.quotes[0]) or ""
    if " > " not in home:
        return False
    parent, opening = home.rsplit(" > ", 1)[0], fold(first.quotes[0]).split()[:2]
    return any((section.get(f.quotes[0]) or "").rsplit(" > ", 1)[0] == parent and section.get(f.quotes[0]) != home
               and fold(f.quotes[0]).split()[:2] == opening and f.value != first.value for f in others)


def _bounds(d: Draft, kind: str) -> Fact | None:
    """The first fact of a min/max kind, its missing bound taken from another fact of the same section ("au minimum
    22 500 euros. Elle est plafonnée à 145 k€ par projet"), never from elsewhere in the document."""
    facts = d.of(kind)
    if not facts:
        return None
    section = {u.text: u.section for u in d.units}
    first = facts[0]
    if _parallel(first, facts[1:], section):
        return None
    value = dict(first.value)
    for f in facts[1:]:
        if section.get(f.quotes[0]) != section.get(first.quotes[0]):
            continue
        for k in ("min", "max"):
            if value.get(k) is None and f.value.get(k) is not None:
                value[k] = f.value[k]
    return Fact(kind, value, first.quotes)


def _best_deadline(d: Draft) -> Fact | None:
    cands = d.of("deadline")
    launch = min((f.value["date"] for f in d.of("launch")), default=None)
    if launch is not None:  # "déclarées au plus tard le 4 décembre 2025", in a call published in 2027, is not its deadline
        cands = [f for f in cands if f.value["date"] >= launch] or cands
    if not cands:
        return None
    score = lambda f: (3 * bool(re.search(r"date limite|cl[ôo]ture", squash(f.quotes[0]).lower()))  # noqa: E731
                       + 2 * bool(re.search(r"d[ée]p[oô]t|d[ée]pos|candidat|dossier|envo|adress", f.quotes[0], re.I))
                       + bool(f.value.get("time")) - 3 * (required_months(f.quotes[0]) is not None))
    return max(cands, key=score)


# a figure of all the projects together, not of each one
_CALL_WIDE = re.compile(r"\b(?:(?:sur |pour )?l'ensemble des (?:projets|actions|laureats|porteurs)|au total|a l'echelle (?:de l'appel|du territoire|"
                        r"du departement)|(?:les financeurs|le departement|l'etat|la region) vise\w*|objectifs? (?:\w+ )?globa\w*|"
                        r"(?:de l'ensemble |sur la duree )?des projets (?:soutenus|retenus|finances|laureats))\b")


def _participants(d: Draft) -> dict | None:
    """The minimum number of people a project serves ("Chaque projet doit accompagner au moins 15 participants … ; ce
    seuil est porté à 25 participants pour un projet porté par un consortium"), the higher minimum of a case it states
    read in the same sentence or the next one."""
    from ..participants import call_minimum, raised_minimum

    units = [u for u in d.units if u.kind != "heading"]
    found = [(i, u, m) for i, u in enumerate(units) if (m := call_minimum(u.text)) is not None and not _CALL_WIDE.search(u.folded)]
    # ("Les financeurs visent, sur l'ensemble des projets retenus, au moins 600 personnes": the call's target, skipped)
    kept = [(u, m, _cases_of(u)) for _i, u, m in found if not m.cases and not m.raised]
    if found and all(labels for _u, _m, labels in kept) and len(kept) == len(found):
        # "Règles propres à l'axe 2 : … au moins 10 familles" and "Les projets des axes 1 et 3 doivent concerner au moins 15
        # participants": a minimum by case, the applicant's case decides
        return {"id": "participants", "kind": "participants", "min_people": min(m.value for _u, m, _l in kept),
                "quotes": [squash(u.text) for u, _m, _l in kept],
                "cases": [{"label": label, "quote": squash(u.text), "min_people": m.value} for u, m, labels in kept for label in labels]}
    for i, u, m in found:
        c: dict[str, Any] = {"id": "participants", "kind": "participants", "min_people": m.value, "quotes": [squash(u.text)]}
        if m.cases:  # "12 personnes … pour le lot 1, 8 personnes pour le lot 2": the case an applicant names decides
            c["cases"] = [{"label": label, "quote": squash(u.text), "min_people": n} for label, n in m.cases.items()]
        elif m.raised:
            c.update(raised_min_people=m.raised)  # its case is read off the same sentence (participants.raised_case)
        elif i + 1 < len(units) and (r := raised_minimum(units[i + 1].text, m.value)):
            c.update(raised_min_people=r[0], raised_quotes=_Flow([squash(units[i + 1].text)]))
        return {k: v for k, v in c.items() if v is not None}
    return None


_CASES_NAMED = re.compile(rf"\b{_CASES}\b")  # "des axes 1 et 3"


def _cases_of(u) -> list[str]:
    """The cases ("Axe 1", "Axe 3") a unit's rule is kept to: those its sentence names ("Les projets des axes 1 et 3
    doivent …"), else the axis it sits under."""
    from .drafting import axis_of

    m = _CASES_NAMED.search(u.folded)
    if m:  # what the sentence says first, then where it stands
        return [f"{m.group('fam').capitalize()} {n}" for n in re.findall(r"\d{1,2}", m.group("ns"))]
    own = axis_of(u)
    return [own] if own else []


def _residents(d: Draft) -> dict | None:
    """The share of the people served who must live in the call's territory ("Au moins 60 % des participants accompagnés
    doivent résider dans l'une des douze communes listées")."""
    from ..participants import call_share

    for u in d.units:
        share = call_share(u.text) if u.kind != "heading" else None
        if share is not None:
            return {k: v for k, v in {"id": "residents", "kind": "residents", "min_resident_percent": share,
                                      "quotes": [squash(u.text)]}.items() if v is not None}
    return None


_SENT = re.compile(r"^\W*(?:les?|la|l')\s*([a-z' -]{3,40}?)\s+(?:sont|est|seront|sera|doivent etre|doit etre)\s+(?:\w+ment\s+)?"
                   r"(?:envoye|adresse|depose|transmis|remis|a deposer|a envoyer|a adresser|a transmettre)")


def _channel_cases(subs: list) -> list[dict]:
    """The way each document is sent when the call sends two documents two ways ("Les lettres d'intention sont envoyées
    par courriel …", "Les dossiers complets sont déposés sur la plateforme …"), else none."""
    cases: list[dict] = []
    for f in subs:
        quote = f.quotes[-1]
        m = _SENT.match(fold(quote))
        if not m:
            continue
        ways = (["platform"] if f.value["urls"] else []) + (["email"] if f.value["emails"] else [])
        if ways and all(c["label"] != m.group(1).strip() for c in cases):
            cases.append({"label": m.group(1).strip(), "quote": squash(quote), "channels": ways})
    return cases if len(cases) >= 2 and len({tuple(c["channels"]) for c in cases}) >= 2 else []


# an address for when the platform fails, not another way to send the dossier
FALLBACK = re.compile(r"\ben cas d|\buniquement dans ce cas|\bsi la plateforme|\ba defaut\b|\bseule exception\b")


def _channel(d: Draft) -> dict[str, Any] | None:
    """The ways a dossier may be sent (platform, e-mail), with the way of each document when two are sent two ways."""
    subs = d.of("submission")
    # a platform "exclusivement": an address given for when it fails ("En cas de difficulté technique avec la plateforme,
    # et uniquement dans ce cas, … à l'adresse …") is no other way to send the dossier
    only_online = any(f.value["urls"] and re.search(r"\b(?:exclusivement|uniquement)\b", fold(f.quotes[0])) for f in subs)
    channels = (["platform"] if any(f.value["urls"] for f in subs) else []) + (
        ["email"] if any(f.value["emails"] and not re.search(r"aucun|n'est accept|ne sont pas accept", f.quotes[0], re.I)
                         and not (only_online and FALLBACK.search(fold(f.quotes[-1]))) for f in subs) else [])
    if not channels:
        return None
    ch: dict[str, Any] = {"id": "channel", "kind": "channel", "allowed": _Flow(channels), "rule": "submission"}
    cases = _channel_cases(subs)
    if cases:  # "Les lettres d'intention … par courriel", "Les dossiers complets … sur la plateforme": each its own way
        ch["cases"] = cases
    return ch
