"""A yes/no question that a rule of the call answers (no typed constraint touched): the verdict read from the rule's
own quotes, or none.

- **Non** when the question states a count or a date that the quotes contradict: "en une seule fois" against "en
  trois versements", "une seule des deux adresses", "plus de 5 projets" against "3 à 5 projets", "le 17 mai, c'est la
  date limite ?" against a deadline on another day (the call's calendar then says what that day is).
- **Oui** when every content word of the question that the call uses at all is in one of the rule's quotes; a question of
  necessity ("faut-il", "obligatoire") also needs the quotes to state a requirement.
- Nothing otherwise: a negation, an exclusive word ("seulement", "only") or a word the quotes lack leaves the rule's
  text to answer, never a guessed verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..fmt import MONTHS_EN, MONTHS_FR
from ..quantities import _digits, read_dates
from ..textnorm import fold, hypernyms, lexicon, stem, tokens

_NEGATION = re.compile(r"\b(?:ne|n'|pas|jamais|aucun|aucune|sans|not|no|never|without|non)\b")
# a clause that denies or restricts ("qui ne peuvent intervenir qu'en qualité de partenaires"); "sans qualification" names
# people, it denies nothing
_DENIAL = re.compile(r"\b(?:ne|n'|aucune?|jamais|exclu\w*|interdit\w*|not|never|cannot)\b|\bn'")
_EXCLUSIVE = re.compile(r"\b(?:seul|seule|seuls|seules|seulement|uniquement|only|exclusivement)\b")
_NECESSITY = re.compile(r"\b(?:faut|faudra|faudrait|oblig\w*|necessaire\w*|doit|doivent|devons|devez|dois|exige\w*|impose\w*"
                        r"|required?|must|mandatory|need|needs|have to|has to)\b")
_REQUIREMENT = re.compile(r"\b(?:faut|faudra|doit|doivent|devra|devront|devrez|devez|devons|oblig\w*|necessaire\w*|exige\w*|comprendra|comprend"
                          r"|joindre|adresser|fournir|impos\w*|requis\w*|engag\w*)\b")
_OPTION = re.compile(r"\b(?:possibilite|possible|peut|peuvent|pourra|pourront|facultati\w*|optionnel\w*|optional|may|can)\b")
_COUNT = re.compile(r"\b(?:(?P<cmp>plus de|moins de|au moins|au plus|more than|less than|fewer than|at least|at most)\s+)?"
                    r"(?P<n>\d+)(?:\s*(?:a|à|-|–|to)\s*(?P<hi>\d+))?\s+(?:des\s+|of\s+the\s+)?(?P<noun>[a-z][a-z'-]{2,})")
_ONE = re.compile(r"\b(?:en (?:une|1) (?:seule )?fois|(?:un|une|1) seule?|(?:une|1) fois|in (?:one|1) go|all at once|a single|(?:one|1) single)\b")
# a cleft question on who does something: "c'est lui qui choisit…", "est-ce bien elle qui signe…", "is it them who decide…"
_CLEFT = re.compile(r"\b(?:c'est|est-ce|est ce|ce sont|is it|are they)(?: bien| vraiment)? (?:lui|elle|eux|elles|ca|cela|them|him|her|it) "
                    r"(?:qui|that|who) (?P<did>[a-z]{3,})")
_EN_TIMES = re.compile(r"\ben (?P<n>\d+) (?P<noun>fois|[a-z]+s)\b")


@dataclass
class RuleVerdict:
    """A verdict on a rule's quotes, and the quotes of the call that settle it when they are not the rule's."""

    verdict: str
    extra_quotes: list[str]
    settling: list[str] = field(default_factory=list)  # the rule's own quotes that decide it, shown first


@lru_cache(maxsize=4096)
def _folded_digits(text: str) -> str:
    return _digits(fold(text), "fr")


def _counts(folded: str) -> list[tuple[str | None, int, int | None, str]]:
    """(comparator, n, upper bound of a range, stem of the noun counted) in a folded text with digits."""
    return [(m.group("cmp"), int(m.group("n")), int(m.group("hi")) if m.group("hi") else None, stem(m.group("noun").rstrip("s")))
            for m in _COUNT.finditer(folded) if m.group("noun") not in _MONTHS]  # "le 25 janvier" is a day, not 25 of them


_MONTHS = frozenset(fold(m) for m in [*MONTHS_FR, *MONTHS_EN])


def _count_conflict(q: str, quotes: list[str]) -> bool:
    """The question's count contradicts a count of the same thing in the quotes."""
    # "Peuvent porter un projet": an article, no count of one ("un seul projet", "au plus un projet" are)
    lines = [_folded_digits(re.sub(r"(?<!\bplus )(?<!\bmaximum )(?<!\bqu')\b(?:un|une)\s+(?!seule?\b)", "", fold(x))) for x in quotes]
    text = " ".join(lines)
    said = _counts(text)
    if _ONE.search(q):
        # "en une seule fois" against "en trois versements"; "une seule des deux adresses" against "deux adresses"
        times = [int(m.group("n")) for m in _EN_TIMES.finditer(text)]
        if any(n > 1 for n in times) and re.search(r"\ben (?:une|1) (?:seule )?fois\b|in (?:one|1) go|all at once", q):
            return True
        nouns_q = {stem(w.rstrip("s")) for w in re.findall(r"[a-z]{3,}", q)}
        if any(n > 1 and hi is None and noun in nouns_q for _c, n, hi, noun in said):
            return True
    asked = {t for t in tokens(q) if not t.isdigit() and t not in _scaffold()}
    for cmp_q, n_q, hi_q, noun_q in _counts(q):
        for line in lines:
            if _line_conflict(cmp_q, n_q, hi_q, noun_q, _counts(line)) and not _other_way(asked - {noun_q}, noun_q, line, lines):
                return True
    return False


def _line_conflict(cmp_q: str | None, n_q: int, hi_q: int | None, noun_q: str, said: list) -> bool:
    for cmp_t, n_t, hi_t, noun_t in said:
        if noun_q != noun_t or cmp_t in ("plus de", "more than", "au moins", "at least"):
            continue
        top = hi_t if hi_t is not None else n_t
        low = n_t if hi_t is not None else None
        if cmp_q in ("plus de", "more than") and n_q >= top:
            return True
        if cmp_q in ("moins de", "less than", "fewer than") and low is not None and n_q <= low:
            return True
        if cmp_q is None and hi_q is None and (n_q > top or (low is not None and n_q < low)):
            return True
    return False


def _other_way(asked: set[str], noun: str, line: str, lines: list[str]) -> bool:
    """Another line of the rule, which counts none of the thing, holds a word of the question the contradicting line
    lacks: the rule's lines are alternatives ("les jeunes de 16 à 25 ans" or "les bénéficiaires du RSA, sans condition
    d'âge" for "un monsieur de 52 ans au RSA"), a word no other line holds."""
    held = [asked & set(tokens(x)) for x in lines]
    mine = asked & set(tokens(line))
    # a word only that line holds ("rsa"), not one many lines share ("participants")
    return any(other is not line and not any(c[3] == noun for c in _counts(other))
               and any(sum(w in h for h in held) == 1 for w in have - mine)
               for other, have in zip(lines, held))


def _days(folded: str) -> set[tuple[int, int]]:
    """The (day, month) pairs a text names, with or without a year."""
    return {(f.value.day, f.value.month) for f in read_dates(folded, reference=date(2000, 1, 1)) if f.value and f.day}


_BY = re.compile(r"\b(?:jusqu'(?:au|a)|au plus tard|date limite|avant le|inclus|until|by|no later than|deadline)\b")
_SUBMIT = re.compile(r"\b(?:candidat\w*|dossiers?|depos\w*|deposer|envoy\w*|soumet\w*|soumettre|rend\w*|postul\w*|apply|submit\w*|send)\b")


def _before_deadline(q: str, quotes: list[str]) -> bool | None:
    """A submission on the day(s) the question names against a deadline of the quotes: True when on or before it,
    False when after, None when the question is not about submitting on a day or the quotes set no deadline."""
    asked = _days(q)
    if not asked or not _SUBMIT.search(q):
        return None
    dated = [x for x in quotes if _BY.search(fold(x)) and _SUBMIT.search(fold(x)) and _days(fold(x))]
    limits = {d for x in dated for d in _days(fold(x))}
    if len(limits) > 1:  # "la lettre d'intention … le 25 janvier" and deadlines for the letter and for the dossier
        named = set(tokens(q)) - _scaffold() - {t for x in dated for t in tokens(x) if all(t in tokens(y) for y in dated)}
        own = [x for x in dated if named & set(tokens(x))]
        if own:
            best = max(len(named & set(tokens(x))) for x in own)
            limits = {d for x in own if len(named & set(tokens(x))) == best for d in _days(fold(x))}
    if len(limits) != 1:
        return None
    (day, month), = limits
    if re.search(r"\b(?:date limite|deadline|derniere date|dernier jour|last day)\b", q):
        return asked == limits  # "le 10 avril, c'est la date limite ?" asks for the day itself
    return all((m, d) <= (month, day) for d, m in asked)


def _exclusive_conflict(plain: str, quotes: list[str]) -> bool:
    """"… à la préfecture seulement ?" against a quote on the same thing that names two or more of them."""
    if not _EXCLUSIVE.search(plain):
        return False
    asked = set(tokens(plain)) - _scaffold_loose()
    for x in quotes:
        fx = _folded_digits(x)
        several = any(n >= 2 and hi is None and cmp is None for cmp, n, hi, _noun in _counts(fx)) or re.search(r"\b(?:both|les deux)\b", fx)
        if several and len(asked & set(tokens(x))) >= 2:
            return True
    return False


@lru_cache(maxsize=1)
def _scaffold_loose() -> frozenset[str]:
    return frozenset(tokens("seul seule seulement uniquement only exclusivement suffit suffire non"))


def _date_conflict(q: str, quotes: list[str], calendar: list) -> tuple[bool, list[str]]:
    """The question names a day the rule's quotes do not, while they name another: the calendar says what it is."""
    asked = _days(q)
    if not asked:  # the quotes' dates are read only when the question names a day
        return False, []
    said = set().union(*(_days(fold(x)) for x in quotes)) if quotes else set()
    if not said or asked & said:
        return False, []
    other = [m for m in calendar if m.date and (m.date.day, m.date.month) in asked]
    return True, [q for m in other for q in m.quotes if q not in quotes]


@lru_cache(maxsize=1)
def _scaffold() -> frozenset[str]:
    """Stems of the words that frame a yes/no question rather than state its claim."""
    lx = lexicon()
    words = " ".join([*lx["generic_project_words"], "peut peuvent pouvons pourra pourrait possible faut il elle ils elles "
                      "est ce que qu on nous vous faire fait font partie vise visee visees vises concerne concernes "
                      "compris inclus bien oblig obligatoire obligatoirement necessaire joindre fournir transmettre envoyer "
                      "adresser inclure ajouter presenter deposer can could may must should "
                      "does do is are will would be included part allowed ok okay "
                      "rentre entre rentrer correspond eligible recevable accepte admis passe colle cadre ami aap appel "
                      "regle exactement exact laquelle lequel lesquels lesquelles celle celui ceux quoi parle parlez dont"])
    return frozenset(tokens(words))


def framing_stems() -> frozenset[str]:
    """Stems of the words that frame a question (can, must, is it part of...) rather than say what it is about."""
    return _scaffold()


_RULES_OUT = re.compile(r"\b(?:(?:ne (?:sont|est)|n'(?:est|sont)) pas (?:eligibles?|financ\w*|pris\w* en (?:charge|compte)|retenu\w*|comptabilis\w*)|(?:sont|est|reste|restent|demeure|demeurent) exclu\w*|"
                        r"ne peu(?:ven)?t pas etre (?:financ\w*|pris\w* en (?:charge|compte)|comptabilis\w*)|non eligibles?|ineligibles?|"
                        r"sont interdit\w*|exclusions?)\b")
_COST_KINDS = frozenset({"remun", "salai", "frais", "depen", "couts", "cout", "achat", "locat", "charg", "prise", "paiem", "verse"})
_SPENDING = frozenset(tokens("depense depenses achat acheter achete financer finance financement financable subvention aide "
                             "payer paye prendre charge charges rentrer passer eligible eligibles projet argent budget cout couts frais"))


def _ruled_out(question: str, quotes: list[str], common: frozenset[str] = frozenset(),
               headings: dict[str, str] | None = None) -> list[str]:
    """The quotes that rule out what the question names ("un minibus" under "Ne sont pas éligibles : l'achat de
    véhicules"): a quote that says so, or an item under a lead-in that does. A word the call uses all along (`common`:
    "jeunes" in a call for young people) names nothing in particular: "les tickets qu'on paye aux jeunes" is not "les
    rémunérations versées directement aux jeunes"."""
    plain = fold(question)
    if _NEGATION.search(plain.replace("non ?", "")):
        return []
    asked = {t for t in tokens(plain + " " + " ".join(hypernyms(question)))
             if t not in _scaffold() and t not in _SPENDING and t[:5] not in common}
    acronyms = {a.lower() for a in re.findall(r"\b[A-Z]{3}\b", question)}
    out, under = [], False
    for x in quotes:
        f = fold(x)
        if f.rstrip().endswith(":"):
            under = bool(_RULES_OUT.search(f))
        heading = fold((headings or {}).get(x, "").split(" > ")[-1])  # an item under "9.2 Dépenses inéligibles"
        if under or _RULES_OUT.search(f) or (_RULES_OUT.search(heading) and not re.search(r"\beligibles?\b", heading)):
            # what the exception spares is not ruled out ("achat de véhicules, sauf vélos à assistance électrique …")
            ruled = re.split(r"\b(?:sauf|a l'exception d(?:e|es|u)|hormis|excepte)\b", f, maxsplit=1)[0]
            have = {t[:5] for t in tokens(ruled)} | {t[:6] for t in tokens(ruled)}
            # (a long word by six letters: "Commentry" is no "commerciales"; a short acronym written in capitals, "CAP")
            hits = [t for t in asked if (len(t) >= 4 or t in acronyms) and (t[:6] if len(t) >= 7 else t[:5]) in have]
            # a kind of cost alone ("la rémunération des stagiaires" and "le salaire de notre encadrant") names nothing
            # the line rules out when the question names what it is for and the line does not
            if hits and (any(t[:5] not in _COST_KINDS for t in hits) or all(t[:5] in _COST_KINDS for t in asked if len(t) >= 4)):
                out.append(x)
        if under and not f.rstrip().endswith(":") and not re.search(r"[;,]\s*(?:et|ou)?$", f.rstrip()):
            under = False  # the list ends with its last item ("… et les personnes physiques.")
    return out


def common_stems(text: str, share: float = 0.05) -> frozenset[str]:
    """The first five letters of the stems found in at least `share` of a document's sentences, and in three at least
    (its pervasive words)."""
    sents = [x for x in re.split(r"[.;:!?\n]+", fold(text)) if len(x.strip()) > 20]
    df: dict[str, int] = {}
    for x in sents:
        for t in {t[:5] for t in tokens(x)}:
            df[t] = df.get(t, 0) + 1
    return frozenset(t for t, n in df.items() if sents and n / len(sents) >= share and n >= 3)  # a short call: not once


def _statements(quotes: list[str]) -> list[str]:
    """The rule's quotes as statements: each sentence, and each list item read with the lead line that announces it
    ("Peuvent candidater :" + "les Juniors Associations habilitées …")."""
    out, lead = [], ""
    for x in quotes:
        out.append(f"{lead} {x}" if lead else x)
        if x.rstrip().endswith(":"):
            lead = x
        elif lead and not re.search(r"[;,]\s*(?:et|ou)?$", x.rstrip()):
            lead = ""  # the list ends with its last item
    return out


_DENIES = re.compile(r"\bne\s+(?:[a-z']+\s+){0,3}?(?:pas|jamais|plus)\b|\bn'(?:[a-z]+\s+){0,2}?(?:pas|jamais)\b")
_CLAUSE_END = re.compile(r"[,;:.()]|\bmais\b|\bsauf\b|\bexcept\w*|\bhormis\b")


def _denied(plain: str, quotes: list[str], call_vocabulary: set[str]) -> str | None:
    """The statement of the rule that denies what a plain yes/no question claims: every word of the claim in it, the
    subject before a negation ("Les missions locales … ne peuvent pas en être chef de file") and some of the claim
    within the negated clause, no exception after it. None when the question is itself negative or no such statement."""
    if _NEGATION.search(plain.replace("non ?", "")) or _EXCLUSIVE.search(plain):
        return None
    asked = [x for x in re.split(r"(?<=[.!?])\s+", plain.strip()) if x.strip()]
    claim = {t for t in tokens(asked[-1] if asked else plain) if t not in _scaffold() and t in call_vocabulary}  # the ask itself
    if len(claim) < 2:
        return None
    for x in _statements(quotes):
        f = fold(x)
        if not claim <= set(tokens(f)):
            continue
        for m in _DENIES.finditer(f):
            end = _CLAUSE_END.search(f, m.end())
            scope = set(tokens(f[m.end():end.start() if end else len(f)]))
            before = set(tokens(f[:m.start()]))
            if claim & scope and claim - scope and (claim - scope) <= before and not re.search(r"\b(?:sauf|a l'exception|hormis|excepte)", f[m.end():]):
                return x
    return None


def rule_verdict(question: str, quotes: list[str], call_vocabulary: set[str], calendar: list,
                 reference: date | None = None, common: frozenset[str] = frozenset(),
                 headings: dict[str, str] | None = None) -> RuleVerdict | None:
    """The verdict a rule's quotes give a yes/no question, or None when they do not settle it (`headings`: the
    section each quote sits in)."""
    q = _folded_digits(question)
    out = _ruled_out(question, quotes, common, headings)
    if out:
        return RuleVerdict("no", [], out)
    if _count_conflict(q, quotes):
        return RuleVerdict("no", [])
    in_time = _before_deadline(fold(question), quotes)
    if in_time and not _NEGATION.search(fold(question).replace("non ?", "")):
        return RuleVerdict("yes", [])  # on a later day, the calendar below says what that day is
    conflict, extra = _date_conflict(q, quotes, calendar)
    if conflict and in_time is None and _SUBMIT.search(fold(question)) and any(_BY.search(fold(x)) for x in quotes):
        return None  # sending on a day the quotes do not name, against several deadlines: no verdict rather than a wrong one
    if conflict:
        return RuleVerdict("no", extra)
    plain = fold(question)  # articles stay words here ("un public"), only written figures are figures
    if _exclusive_conflict(plain, quotes):
        return RuleVerdict("no", [])
    if (_NECESSITY.search(q) and not _NEGATION.search(plain) and not any(_REQUIREMENT.search(fold(x)) for x in quotes)
            and any(_OPTION.search(fold(x)) for x in quotes)):
        return RuleVerdict("no", [])  # "c'est obligatoire ?" against "possibilité de…", "peut être…": an option
    denied = _denied(plain, quotes, call_vocabulary)
    if denied:  # "la mission locale peut être chef de file ?" and "… ne peuvent pas en être chef de file"
        return RuleVerdict("no", [], [denied])
    if _NEGATION.search(plain) or _EXCLUSIVE.search(plain) or re.search(r"\d", plain):
        return None
    if _NECESSITY.search(q) and any(len(t) >= 5 and t.isalpha() and t not in _scaffold() and t not in call_vocabulary
                                    for t in tokens(plain)):
        return None  # "faut-il souscrire une assurance … ?": what is required is a thing the call never names
    cleft = _CLEFT.search(plain)
    if cleft and not any(set(tokens(cleft.group("did"))) <= set(tokens(x)) for x in _statements(quotes)):
        return None  # "le comité de suivi, c'est lui qui choisit les projets ?": what it is said to do, no quote says
    claim = [t for t in tokens(plain) if t not in _scaffold() and t in call_vocabulary]
    # one statement of the rule holds the whole claim (a sentence, or a list's lead line with one of its items): words
    # spread over several ("… indicateurs de suivi | 15 points", "participer au comité de suivi") do not say that
    # "le comité de suivi choisit les projets retenus"
    holders = [x for x in _statements(quotes) if set(claim) <= set(tokens(x))]
    if len(claim) < 2 or not holders:
        return None
    if all(_DENIAL.search(fold(x)) for x in holders):
        return None  # "organismes de formation, qui ne peuvent intervenir qu'en qualité de partenaires": no yes from it
    if _NECESSITY.search(q) and not any(_REQUIREMENT.search(fold(x)) for x in quotes):
        return None
    if all(_WITHIN.search(fold(x)) for x in holders):
        # "Par exception, des personnes résidant ailleurs … peuvent être accueillies dans la limite de 20 % des
        # participants": a yes within what the call sets
        return RuleVerdict("conditional", [])
    return RuleVerdict("yes", [])


# a statement that allows within a limit or on a condition
_WITHIN = re.compile(r"\b(?:dans la limite d|sous reserve|a condition|a titre exceptionnel|par derogation|par exception|"
                     r"seulement si|uniquement si|within the limit|provided that|on condition)")
