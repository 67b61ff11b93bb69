"""Figures of a question that no constraint checked, when the call speaks of them.

"Séjour à 80 € par jeune pour les familles, financé à 70 %, c'est bon ?": the evaluator checks the rate; the call's
cap on what families pay is not one of its typed constraints. A plain "Oui" would pass over it. Each amount,
percentage or duration of the question that the evaluated constraints did not use is looked up in the call's text
(the words around the figure); when a passage covers them, the verdict names it as a point to check, with its quote,
so the answer never says "Oui" past a rule of the call it did not weigh.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..constraints import CriterionResult
from ..facts import _OWN_BUDGET
from ..fmt import format_eur
from ..messages import msg
from ..quantities import read_amounts, read_durations, read_percents
from ..cases import kept_to
from ..textnorm import fold, hypernyms, tokens
from ..types import Citation, Profile
from .passages import cite_hit, rank_passages

if TYPE_CHECKING:
    from . import Assistant

# Share of the figure's context words a passage must hold to be named (dev: the unseen calls' development sets).
MIN_CONTEXT_COVERAGE = 0.6
_SENTENCES = re.compile(r"[^\n]+")  # a line or list item of the call: its rule and its exceptions together
_KIND = {"amount": re.compile(r"\d\s*(?:€|euros?\b|k€)", re.I), "percent": re.compile(r"\d\s*%|pour ?cent", re.I),
         "duration": re.compile(r"\b(?:mois|ans?|annees?|semaines?|jours?)\b", re.I)}


def _used(profile: Profile, checked: set[str] | None = None) -> set[float]:
    """The figures of the question a constraint weighed: those of the kinds `checked` (all when None); "donner 500 € à une
    maman" read as the amount asked, but no amount check shown, is still a figure to look up."""
    b, p = profile.budget, profile.project
    money = checked is None or bool(checked & {"amount", "funding_rate", "envelope", "budget", "cofinancing"})
    vals = {b.requested_eur if money else None, b.total_cost_eur if money else None, b.funding_rate_percent if money else None,
            p.duration_months if checked is None or "duration" in checked else None}
    if money and b.requested_eur and b.total_cost_eur:
        vals.add(round(100.0 * b.requested_eur / b.total_cost_eur))
    return {float(v) for v in vals if v is not None}


def unchecked(a: Assistant, question: str, profile: Profile, ignore: set[str], lang: str,
              weighed: list[str] | None = None, checked: set[str] | None = None) -> list[CriterionResult]:
    """A 'to check' result for each figure of the question the constraints did not use and the call speaks of; a
    sentence a constraint already quoted (`weighed`: "ce taux est porté à 80 % lorsque … au moins 30 % des heures",
    whose condition the rate's check weighed) is not named again."""
    from ..calls.spec import squash

    used = _used(profile, checked)
    total = profile.budget.total_cost_eur
    done = [squash(q) for q in weighed or [] if q]
    out: list[CriterionResult] = []
    seen: set[str] = set()
    figures = [("amount", f) for f in read_amounts(question)] + [("percent", f) for f in read_percents(question)] + [
        ("duration", f) for f in read_durations(question)]
    for kind, f in figures:
        if not isinstance(f.value, (int, float)) or float(f.value) in used or any(abs(float(f.value) - u) < 0.5 for u in used):
            continue
        after = " ".join(question[f.end:].split()[:6])
        context = re.split(r"[,;.?!]", after)[0]
        if len(set(tokens(context)) - ignore) < 2:  # "… paieraient 400 euros par mois de loyer": the words before it too
            context = " ".join(re.split(r"[,;.?!:]", question[:f.start])[-1].split()[-5:] + [context])
        if len(set(tokens(context)) - ignore) < 2:
            continue  # "70 000 €" alone says nothing of what it measures
        words = set(tokens(context)) - ignore  # what the figure measures: the words after it ("par jeune aux familles")
        words |= set(tokens(" ".join(hypernyms(context)))) - ignore  # "2 minibus" is what the call names "véhicules"
        best = None
        for passage in rank_passages(a, context, ["call"], ignore=ignore, k=8):
            for sentence in _SENTENCES.findall(passage.hit.text):
                sentence = sentence.strip(" -•*\t\n")
                if len(sentence) > 500 or sentence.startswith("#"):
                    continue
                if not _KIND[kind].search(sentence) and not (kind == "amount" and total and _OF_BUDGET.search(fold(sentence))):
                    continue  # the rule on an amount states an amount (or its share of the budget), on a rate a rate…
                cover = len(set(tokens(sentence)) & words) / len(words)
                if cover >= MIN_CONTEXT_COVERAGE and (best is None or cover > best[0]):
                    best = (cover, sentence, passage)
        by_clause = False
        if best is None and kind == "amount" and not _OWN_BUDGET.search(fold(question[max(0, f.start - 60):f.start])):
            best, by_clause = _capped_in_clause(a, question, f, ignore), True  # "avec le fonds de dépannage, … donner 500 €
            # à une maman": its clause names what the figure pays for (never the structure's own budget)
        if best is None or best[1] in seen or any(q in squash(best[1]) for q in done):
            continue
        _cover, quote, passage = best
        seen.add(quote)
        figure = question[f.start:f.end]
        if kind == "amount" and total and not _KIND["amount"].search(quote):  # "achat de 2 minibus pour 36 000 €", budget
            # 90 000 € and "dans la limite de 30 % du budget total": 40 %; a ceiling on a part of the costs only (a floor
            # is a share of the resources: "un autofinancement d'au moins 5 % du budget", weighed as co-financing)
            share = 100.0 * float(f.value) / total
            judged = _share_against("percent", share, quote, question, _heading_over(passage.hit, quote)) if (
                _CEILING.search(fold(quote)) and not _FLOOR.search(fold(quote))) else None
            if judged in ("met", "unmet"):
                out.append(_result("unchecked", "pass" if judged == "met" else "fail", f"share_{judged}", cite_hit(passage.hit, quote),
                                   figure=f"{figure} / {format_eur(total)}", quote=quote))
            continue
        judged = _share_against(kind, float(f.value), quote, question, _heading_over(passage.hit, quote)) if kind == "percent" else (
            _amount_against(float(f.value), fold(question[f.end:f.end + 20]), quote,
                            set(tokens(re.split(r"[,;.?!]", question[f.end:])[0])) - ignore) if kind == "amount" else None)
        if judged in ("met", "unmet") and kind == "amount":  # "400 euros par mois" and "ne peut excéder 350 € par mois"
            out.append(_result("unchecked", "pass" if judged == "met" else "fail", f"bound_{judged}", cite_hit(passage.hit, quote),
                               figure=figure, quote=quote))
            continue
        if judged == "other_case" or by_clause:
            continue  # "Axe 1 : … au moins 50 % …" and a project of the axis 2: not its rule; a line found by the words of
            # the figure's sentence only is named when it settles the figure (the same unit: "à une maman", "par famille")
        if judged in ("met", "unmet"):  # "55 % de familles monoparentales" and "au moins 50 % … familles monoparentales"
            out.append(_result("unchecked", "pass" if judged == "met" else "fail", f"share_{judged}", cite_hit(passage.hit, quote),
                               figure=figure, quote=quote))
            continue
        out.append(_result("unchecked", "unknown", "unchecked", cite_hit(passage.hit, quote), figure=figure, quote=quote))
    return out


# "dans la limite de 30 % du budget total éligible", "ne peut représenter plus de 30 % du coût total du projet"
_OF_BUDGET = re.compile(r"\d\s*(?:%|pour ?cent)\s+(?:du|de la|des) (?:budget|cout|montant|depenses)")
_FLOOR = re.compile(r"\b(?:au moins|au minimum|minimum(?: de)?|pas moins de|at least)\s+(\d+(?:[.,]\d+)?)\s*%")
_CEILING = re.compile(r"\b(?:au plus|au maximum|maximum(?: de)?|dans la limite de|jusqu'a|ne (?:peu\w+|doi\w+|sau\w+) "
                      r"(?:pas )?(?:depasser|exceder)|at most|up to)\s+(\d+(?:[.,]\d+)?)\s*%")
_CASE_FAMILY = re.compile(r"\b(axe|lot|volet|mesure|action)s? (?:n[o°] ?)?\d{1,2}\b")


_CEILING_EUR = re.compile(r"(?:au plus|au maximum|maximum(?: de)?|dans la limite de|jusqu'a|ne (?:peu\w+|doi\w+|sau\w+|pourr\w+) (?:pas )?"
                          r"(?:depasser|exceder)|plafonnee?s? a|limitee?s? a|at most|up to|not exceed)\s+$")
_FLOOR_EUR = re.compile(r"(?:au moins|au minimum|minimum(?: de)?|pas moins de|at least)\s+$")
# "500 € à une maman", "200 € pour chaque jeune": an amount for one person, as "300 € par famille" is
_TO_ONE = re.compile(r"\s*(?:€|euros?)?\s*(?:a|pour|par) (?:une?|chaque) (\w+)")
_PERSON_UNIT = re.compile(r"(?:famil|person|particip|benef|parent|maman|mere|pere|jeune|enfant|salari|stagiair|foyer|menag|habitant|"
                          r"apprenti|senior|demandeu|allocatair|femme|homme)")
# units written short: "0,30 €/km" is "par kilomètre"
_UNIT_WORDS = {"km": "kilometre", "h": "heure", "hr": "heure", "j": "jour", "mn": "minute", "min": "minute", "sem": "semaine"}
_PER_UNIT = re.compile(r"\s*(?:€|euros?)?\s*(?:par|per|/|a l')\s*(\w+)")


def _capped_in_clause(a: Assistant, question: str, f, ignore: set[str]):
    """(shared words, sentence, passage) of the call's sentence that caps an amount ("dans la limite de … 300 € par
    famille") and shares two telling words with the question's sentence holding the figure ("Avec le fonds de dépannage de
    l'axe 1, … donner 500 € à une maman"), when the words right around the figure matched none; else None."""
    start = max(question.rfind(x, 0, f.start) for x in ".?!\n") + 1
    ends = [i for i in (question.find(x, f.end) for x in ".?!\n") if i >= 0]
    clause = question[start:f.start] + " " + question[f.end:min(ends) if ends else len(question)]
    words = set(tokens(clause)) - ignore
    if len(words) < 2:
        return None
    best = None
    for passage in rank_passages(a, clause, ["call"], ignore=ignore, k=8):
        for sentence in _SENTENCES.findall(passage.hit.text):
            sentence = sentence.strip(" -•*\t\n")
            folded = fold(sentence)
            if len(sentence) > 500 or sentence.startswith("#") or not any(_CAPS.search(re.split(r"[;.]", folded[max(0, x.start - 90):x.start])[-1])
                                                                            for x in read_amounts(folded)):
                continue  # a sentence that caps an amount ("dans la limite de 5 % du coût total … et de 300 € par famille")
            shared = len(set(tokens(sentence)) & words)
            if shared >= 2 and (best is None or shared > best[0]):
                best = (shared, sentence, passage)
    return best


_CAPS = re.compile(r"\bdans la limite\b|\bplafonne|\bne (?:peu\w+|doi\w+|pourr\w+) (?:pas )?(?:depasser|exceder)|\bau maximum\b|\bmaximum\b|"
                   r"\bau plus\b|\blimitee?s? a\b")


def _amount_against(value: float, after: str, sentence: str, words: set[str] | None = None) -> str | None:
    """An amount the question states ("400 euros par mois") against the one amount the call's sentence bounds ("ne peut
    excéder 350 € par mois"), per the same unit or both in total: "met" or "unmet"; None when the sentence bounds no
    single amount so."""
    from ..quantities import read_amounts

    f = fold(sentence)
    amounts = read_amounts(f)
    if len(amounts) != 1 and words:  # "… 5 € par jeune et par activité. … pour un séjour, dans la limite de 60 € par jeune et
        # par séjour.": the sentence of the line that shares most words with what the question's figure measures
        def score(x: str) -> tuple[int, int]:  # the words right after its amount first ("par jeune et par séjour")
            a = read_amounts(fold(x))[0]
            return len(set(tokens(fold(x)[a.end:a.end + 30])) & words), len(set(tokens(x)) & words)

        parts = sorted((x for x in _SENTENCE.split(sentence) if len(read_amounts(fold(x))) == 1), key=score, reverse=True)
        if parts and (len(parts) == 1 or score(parts[0]) > score(parts[1])):
            return _amount_against(value, after, parts[0])
    if len(amounts) != 1:
        return None
    a = amounts[0]
    # ("dans la limite de 1 200 € de dépenses par jeune": per young person, what is counted named between)
    own = _PER_UNIT.match(f[a.end:a.end + 20]) or _PER_UNIT.match(re.sub(r"^\s*(?:€|euros?)?\s*(?:ht|ttc)?\s*(?:de |d')[a-z]+", "",
                                                                         f[a.end:a.end + 40]))
    said = _PER_UNIT.match(after) or _TO_ONE.match(after)
    unit = lambda m: _UNIT_WORDS.get(m.group(1), m.group(1))[:4]  # noqa: E731
    if bool(own) != bool(said) or (own and said and unit(own) != unit(said) and not (
            _PERSON_UNIT.match(own.group(1)) and _PERSON_UNIT.match(said.group(1)))):
        return None  # a price per month against a total, or per person against per month ("à une maman": per family)
    before = f[max(0, a.start - 40):a.start]
    if _CEILING_EUR.search(before) or (own and _CAPS.search(re.split(r"[;.]", f[max(0, a.start - 90):a.start])[-1])):
        return "met" if value <= a.value + 1e-6 else "unmet"
    if _FLOOR_EUR.search(before):
        return "met" if value + 1e-6 >= a.value else "unmet"
    return None


def _heading_over(hit, sentence: str) -> str:
    """The heading a sentence of a retrieved chunk sits under: the chunk's last heading line before it, else its
    locator ("4. Axes > Axe 2 — …")."""
    before = hit.text[:max(0, hit.text.find(sentence))]
    heads = [x.strip(" #\t") for x in before.splitlines() if x.lstrip().startswith("#")]
    return heads[-1] if heads else (hit.locator or "").split(" > ")[-1]


def _share_against(kind: str, value: float, sentence: str, question: str, heading: str = "") -> str | None:
    """A share the question states ("55 % de familles monoparentales") against the one bound of the call's sentence that
    covers it ("au moins 50 % des familles bénéficiaires doivent … être des familles monoparentales"): "met", "unmet",
    "other_case" when the sentence is about another axis or lot than the one the question names, None when the sentence
    holds no single floor or ceiling."""
    from ..cases import named_numbers, of_another_case

    f, q = fold(sentence), fold(question)
    if of_another_case(heading, question):
        return "other_case"  # under "### Axe 2 — …", and a project of the axis 1
    fam = _CASE_FAMILY.search(f)
    if fam:
        own, asked = named_numbers(fam.group(1), f), named_numbers(fam.group(1), q)
        if own and asked and not set(own) & set(asked):
            return "other_case"
    if len(read_percents(sentence)) != 1:
        return None
    floor, ceiling = _FLOOR.search(f), _CEILING.search(f)
    if floor and not ceiling:
        return "met" if value + 1e-9 >= float(floor.group(1).replace(",", ".")) else "unmet"
    if ceiling and not floor:
        return "met" if value <= float(ceiling.group(1).replace(",", ".")) + 1e-9 else "unmet"
    return None


def _result(kind: str, status: str, key: str, cite: Citation, **values: str) -> CriterionResult:
    """A result of a check the call's typed constraints do not hold, labelled and explained by `verdict.<key>`."""
    r = CriterionResult(id=kind, status=status, citations=[cite], explanation=msg(f"verdict.{key}", "fr", **values))
    r.explanation_en = msg(f"verdict.{key}", "en", **values)
    r.label_fr, r.label_en = msg(f"verdict.{key}_label", "fr"), msg(f"verdict.{key}_label", "en")
    r.kind = kind
    return r


# "Les jeunes de 16 et 17 ans ne peuvent être accueillis que sur le lot 1": a case the call keeps to one of its lots
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")


_FIGURE = re.compile(r"(?<!\d)(?<!\d[\u00a0\u202f ])(\d+(?:[\u00a0\u202f ]\d{3})*)\s*([a-z%€]{1,4})")


@lru_cache(maxsize=16)
def _reserving_sentences(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """The call's sentences that keep a case to one lot, read once per call text: (sentence, its folded subject, the
    lot's word, its number)."""
    out = []
    for line in text.splitlines():
        for sentence in _SENTENCE.split(line.strip(" -*#\t")):
            f = fold(sentence)
            m = kept_to(f)
            if m:
                # its subject, and what the brackets after the case list ("elles ne sont éligibles que pour les projets de
                # l'axe 2 (achat de vélos …)")
                listed = re.match(r"\s*\(([^)]*)\)", f[m.end():])
                out.append((sentence.replace("**", "").strip(), f"{f[:m.start()]} {listed.group(1) if listed else ''}",
                            re.sub(r"s$", "", m.group("fam")), m.group("n")))
    return tuple(out)


def reserved_cases(a: Assistant, question: str, ignore: set[str], theme_label: str = "",
                   own_type: str | None = None) -> list[CriterionResult]:
    """A failed result for each sentence of the call that keeps what the question describes to another lot (volet,
    axe…) than the one it names: "des jeunes de 17 ans … sur le lot 2" against "Les jeunes de 16 et 17 ans ne peuvent
    être accueillis que sur le lot 1". The question is about the sentence's subject when it shares a figure with it
    ("17"), the name it gives in brackets ("(CIAS)") or two of its telling words."""
    from ..errors import CorpusError

    from ..conditions import _kind_phrases, _kinds_in
    from ..territory import normalize

    q = fold(question)
    out: list[CriterionResult] = []
    for quote, subject, fam, n in _reserving_sentences(a.spec.call_doc.text):
        rest = _named_elsewhere(q, fam, n)
        theme = re.match(rf"\W*{re.escape(fam[:4])}\w* (?:n[o°] ?)?(\d{{1,2}})\b", fold(theme_label))
        if rest is None and theme and theme.group(1) not in re.findall(r"\d{1,2}", n) and not re.search(rf"\b{re.escape(fam[:4])}\w* (?:n[o°] ?)?\d", q):
            rest = q  # "la mairie … un projet de transport à la demande": a project of the axis 1 by its theme, not the 2
        if rest is None:
            continue
        figures = set(_FIGURE.findall(subject)) & set(_FIGURE.findall(rest))  # "17 ans", not the "16" of "16 000 €"
        # the name the call gives in brackets ("centres intercommunaux d'action sociale (CIAS)") is the subject's own
        acronyms = {x for x in re.findall(r"\(([a-z]{2,8})\)", subject) if re.search(rf"\b{x}\b", rest)}
        # the applicant's own kind of structure, which the subject names ("communes, … CCAS" and "la mairie de Condat")
        named_kinds = {_kind_phrases().get(p) for _, p in _kinds_in(normalize(subject))} - {None}
        kinds = named_kinds & {own_type} - {None}
        if own_type and named_kinds and not kinds:
            continue  # "Les SAD gérés par une société commerciale …" and a CCAS that runs a SAD: another kind's case
        # ("acheter un minibus" is an "achat de véhicules": the general words for what the question names count too)
        said = set(tokens(rest)) | {t for h in hypernyms(question) for t in tokens(h)}
        if not figures and not acronyms and not kinds and len((set(tokens(subject)) & said) - ignore) < 2:
            continue
        try:
            cite = a.spec.cite(quote)
        except CorpusError:
            continue
        out.append(_result("reserved", "fail", "reserved", cite, case=f"{fam} {n}", quote=quote))
    return out


def _named_elsewhere(q: str, fam: str, n: str) -> str | None:
    """The folded question without its case labels when it names a case of the family `fam` ("axe") and not number
    `n`; None when it names none or names that one."""
    from ..cases import _family, named_numbers

    named = named_numbers(fam, q)
    if not named or set(named) & set(re.findall(r"\d{1,2}", n)):  # ("pour les axes 1 et 2 uniquement": either)
        return None
    return re.sub(rf"\b{_family(fam)} (?:n[o°] ?)?\d{{1,2}}\b", " ", q)


def kept_elsewhere(results: list[CriterionResult], question: str) -> list[CriterionResult]:
    """The results, a passed one whose line keeps it to another case than the question names ("les frais de
    carburant, uniquement pour les projets de l'axe 3" asked on the axis 1) made a failed one."""
    q = fold(question)
    out = []
    for r in results:
        line = fold(r.citations[0].quote) if r.status == "pass" and r.citations else ""
        m = kept_to(line)
        if m and _named_elsewhere(q, m.group("fam"), m.group("n")) is not None:
            quote = r.citations[0].quote.rstrip(" ;.,")
            r = _result(r.kind or "reserved", "fail", "reserved", r.citations[0], case=f"{m.group('fam')} {m.group('n')}",
                        quote=quote)
        out.append(r)
    return out


_SPEND = re.compile(r"\b(?:achet(?:er|e|es|ent|ons|ez)|achats? (?:de|des|du|d')|rachet(?:er|e)|rachats? (?:de|des|du|d')|financer|financable|payer|rembourser|prendre en charge|"
                    r"buy|purchase|pay for|fund)\b")


# a cost put in the project's budget, named before by a pronoun ("on peut la mettre dans les dépenses du projet ?")
_PUT_IN = re.compile(r"\b(?:la|le|les|l') ?(?:mettre|inscrire|compter|faire figurer|integrer|imputer|passer) (?:dans|au|en|sur) "
                     r"(?:les |le |nos |notre |la )?(?:depenses|budget|couts)\b")
_OF_SPENDING = re.compile(r"\b(?:depenses?|couts?|frais|financ\w*|charges?|achats?)\b")
_SPENT = re.compile(r"^\W*(?:l'|les? |la )?(?:achat|acquisition|frais|depenses?|couts?|location|remunerations?|salaires?|investissements?)\b")


_AXES = re.compile(r"\b(?:axes?|lots?|volets?)\s+((?:n[o°]\s*)?\d{1,2}(?:\s*(?:,|et|ou|&)\s*\d{1,2})*)")


def _axes_in(text: str) -> set[str]:
    """The numbers of the axes (lots, volets) a text names: "au titre des axes 1 et 2" → {"1", "2"}."""
    return {n for m in _AXES.finditer(fold(text)) for n in re.findall(r"\d{1,2}", m.group(1))}


def _other_axes(line: str, question: str) -> bool:
    """A line kept to some axes ("l'acquisition de véhicules au titre des axes 1 et 2") and a question on another one
    ("projet axe 3 … achat de 2 véhicules"): the line does not rule out what the question asks."""
    ruled = re.split(r"\b(?:sauf|hormis|excepte|hors|a l'exception d(?:e|es|u))\b", fold(line), maxsplit=1)[0]
    if re.search(r"\b(?:uniquement|seulement|exclusivement)\b", ruled):
        return False  # "… éligible uniquement au titre de l'axe 3": ruled out for the others
    mine, theirs = _axes_in(question), _axes_in(ruled)  # (what "sauf pour l'axe 3" spares is still ruled out elsewhere)
    spared = re.split(r"\b(?:sauf|hormis|excepte|a l'exception d(?:e|es|u))\b", fold(line), maxsplit=1)
    if len(spared) == 2 and mine and mine & _axes_in(spared[1]):
        return True  # "l'achat de véhicules, sauf pour le volet C, où il est admis …" and a project of the volet C
    return bool(mine and theirs and not mine & theirs)


def ruled_out_spending(a: Assistant, question: str, common: frozenset[str]) -> list[CriterionResult]:
    """A failed result for a spending the question asks about ("acheter une petite voiture avec la subvention") that a
    line of the call rules out: an item under "Dépenses inéligibles", or a sentence that says so
    (rule_verdict._ruled_out)."""
    from .rule_verdict import _ruled_out

    from .spending import asked_cost, cost_lines

    spend = _SPEND.search(fold(question))
    # what is bought: the words right after the verb, or the cost the question names another way
    # (as written, when folding kept its length: an acronym in capitals, "un CAP agricole", is a word of its own)
    written = question if len(question) == len(fold(question)) else fold(question)
    bought = (written[spend.start():spend.end() + 60] if spend else asked_cost(fold(question)))
    put = _PUT_IN.search(fold(question))
    if put and not (spend and spend.start() < put.start()):
        # "verser une prime de fidélisation … On peut la mettre dans les dépenses ?": what "la" stands for, said before
        bought = written[max(0, put.start() - 200):put.start()]
    if not bought:
        return []
    out: list[CriterionResult] = []
    for rule in a.spec.rules:
        cites = [c for c in a.spec.rule_citations(rule.id) if _OF_SPENDING.search(fold(c.locator.split(" > ")[-1]))
                 or _SPENT.match(fold(c.quote))]  # lines on costs, not on who may apply
        found = _ruled_out(bought, [c.quote for c in cites], common, {c.quote: c.locator for c in cites})
        for cite in (c for c in cites if c.quote in found and not _other_axes(c.quote, question)):
            if any(cite.quote == x.citations[0].quote for x in out):
                continue
            out.append(_result("expenses", "fail", "ruled_out", cite, quote=cite.quote.rstrip(" ;.,")))
    if not out:  # a list of excluded costs no drafted rule holds: the call's own lines, and any that says what is not paid
        # for ("les formations certifiantes ou diplômantes (titres professionnels, CAP, etc.) … ne sont pas financées")
        lines = [body for body, eligible in cost_lines(a.spec.call_doc.text) if not eligible] + [
            x.strip(" -*•\t") for x in a.spec.call_doc.text.split("\n")
            if re.search(r"\bne (?:sont|est|seront|sera) pas (?:financ|pris\w* en charge)", fold(x)) and len(x) < 400]
        for line in [x for x in _ruled_out(bought, lines, common, {x: "exclusions" for x in lines}) if not _other_axes(x, question)][:2]:
            try:
                out.append(_result("expenses", "fail", "ruled_out", a.spec.cite(line), quote=line.rstrip(" ;.,")))
            except Exception:  # a line not found verbatim is never quoted
                continue
    return out[:2]
