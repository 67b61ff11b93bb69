"""Whether what an applicant says meets a condition a call states ("ce taux est porté à 75 % lorsque le tiers-lieu est
implanté dans un quartier prioritaire", "… lorsque le projet consacre au moins 30 % des heures de garde à des horaires
atypiques").

`condition_met` answers True (the applicant states the condition), False (it states its opposite: "pas dans un
QPV", "30 % … mais nous n'en faisons que 10 %") or None (it says nothing of it). The condition's own words are
matched by their first five letters, after the administrative abbreviations of words.yaml are spelled out ("QPV");
a negation just before the words the applicant uses, or a share under the call's minimum, makes it False.

Before the words, the parts of a condition that facts decide are read (`_parts`): the places it must cover ("au moins
deux des trois intercommunalités", counted on the communes and intercommunalities the applicant names, which
`constraints.evaluate` sets in `APPLICANT_PLACES`), how many structures carry it ("un groupement d'au moins deux
structures"), the kind of structure it names ("lorsque le porteur est une SIAE conventionnée ou un GEIQ"), read on the
applicant's own kind or its lead's. One part failed makes the condition unmet; every part found and met makes it met.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache

from .cases import named_numbers
from .quantities import SHARE_WORDS
from .territory import normalize
from .textnorm import fold

_CONDITION = re.compile(r"\b(?:lorsqu(?:e|')|si |quand |des lors que|a condition que|pour les projets qui|pour ceux qui|par exception |par derogation |"
                        r"pour les projets (?=comportant|incluant|integrant|comprenant|avec )|"
                        r"pour (?:les|des) \w+ (?=beneficiant|titulaires?|disposant|ayant|qui|dont)|"
                        r"(?<=\bans )(?:revolus )?(?=beneficiant d|titulaires? d))\s*")  # ("les jeunes de 26 à 29 ans bénéficiant d'une RQTH")
_LABEL = re.compile(r"\b(axe|lot|volet|vague|mesure|session)s? (?:n[o°] ?)?(\d{1,2}(?:(?:, | et | ou )\d{1,2})*)\b")
_NEGATION = re.compile(r"\b(?:pas|aucune?|sans|hors|ni|jamais|non|not|no|without|outside)\b(?:\s+\w+){0,3}\s*$")
_AT_LEAST = re.compile(r"au moins (\d{1,3}(?:[.,]\d+)?) ?%(?: (?:des |du |de la |de l')?(\w{4,}))?")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?%")
# a share in words: "au moins la moitié des participants"
_AT_LEAST_WORDS = re.compile(rf"au moins ({'|'.join(SHARE_WORDS)}) (?:des |du |de la |de l')?(\w{{4,}})")
_FILLER = {"projet", "projets", "porte", "portee", "portes", "porteur", "porteurs", "structure", "structures", "taux", "present", "presente", "appel", "article", "listes", "liste",
           "prevues", "prevus", "celle", "celui", "leurs", "notamment", "moins", "dans", "avec", "sont", "etre", "interieur",
           "perimetre", "suivants", "suivantes", "lorsque", "consacre"}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    from .facts import generic_words

    return {normalize(k): normalize(v) for k, v in (generic_words().get("abbreviations") or {}).items()}


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    from .facts import generic_words

    return {normalize(k): normalize(v) for k, v in (generic_words().get("abbreviation_kinds") or {}).items()}


def _spelled(text: str, kinds: bool = True) -> str:
    t = f" {normalize(text)} "
    for short, wider in (_kinds() if kinds else {}).items():  # "un ACI" is a SIAE too
        t = t.replace(f" {short} ", f" {short} {wider} ")
    for short, long in _abbreviations().items():
        t = t.replace(f" {short} ", f" {short} {long} ")
    return t


_BELOW = re.compile(r"(?:inferieure?s?|infe?rieur) (?:ou egale?s? )?a\s*$|(?:moins de|en dessous de|au plus|n'exceda?n?t? pas|ne depassant pas)\s*$")
_ABOVE = re.compile(r"(?:superieure?s?) (?:ou egale?s? )?a\s*$|(?:plus de|au-dela de|au dela de|depassant|excedant|au moins|depasse|depassent|"
                    r"excede|excedent)\s*$")


def _amount_bound(clause: str, said: str) -> bool | None:
    """Whether the amount `said` gives of what a condition bounds ("budget annuel … inférieur à 200 000 €") is within
    it; None when the condition bounds no amount or `said` gives none of the same thing."""
    from .quantities import read_amounts

    for a in read_amounts(clause):
        before = clause[:a.start]
        below, above = _BELOW.search(before), _ABOVE.search(before)
        if not (below or above):
            continue
        head = before[max(0, (below or above).start() - 70):(below or above).start()]
        # what is bounded, by the first four letters of its words ("budget annuel" is also an "annual budget")
        nouns = {w[:4] for w in re.findall(r"[a-z]{5,}", head) if w not in _FILLER and w not in ("total", "totale", "dernier", "clos")}
        if not nouns:
            continue
        text = fold(said)
        for b in read_amounts(text):
            window = text[max(0, b.start - 45):b.start] + " " + text[b.end:b.end + 20]
            if sum(bool(re.search(rf"\b{re.escape(n)}", window)) for n in nouns) >= min(2, len(nouns)):
                return b.value < a.value if below else b.value > a.value
        return None
    return None


# the communes the applicant names and their intercommunalities, for the evaluation in progress (constraints.evaluate
# sets it from the call's territory): "au moins deux des trois intercommunalités" is counted on them
APPLICANT_PLACES: ContextVar[tuple[frozenset[str], frozenset[str], bool] | None] = ContextVar("applicant_places", default=None)

_COVERS = re.compile(r"\b(?:au moins|(?:dans|sur) chacune des|(?:couvr\w*|(?:deploye|realise|mene|implante|present)e?s? (?:sur|dans)) (?:les|l ensemble des|toutes les)) "
                     r"(\w+) (?:des (?:\w+ )?|de ses |de nos )?"
                     r"(intercommunalites|epci|communautes de communes|communes|territoires)\b")
# "sur les trois CC", "on couvre les 3 intercommunalités": a number of intercommunalities the applicant says it covers
_SAID_COVERS = re.compile(r"\b(?:sur|dans|couvr\w*|toutes?) (?:les|l ensemble des|toutes les) (\w+) (?:cc|ca|epci|intercommunalites|intercos|"
                          r"communautes(?: de communes)?|territoires)\b")
_MEMBERS = re.compile(r"\b(?:groupements?|consortiums?|partenariats?|reuni\w*|associant|regroup\w*) (?:de |d |d un |d une )?(?:au moins |au minimum )"
                      r"(\w+) (?:structures|membres|partenaires|organismes|porteurs|acteurs)\b")
_SAID_MEMBERS = re.compile(r"\b(?:(?:consortium|groupement|partenariat|collectif) (?:de |d )?(\w+) (?:structures|membres|partenaires|organismes|acteurs)"
                           r"|(\w+) (?:structures|assos?|associations|partenaires|organismes|acteurs)\b(?=[^.;?!]{0,60}\b(?:consortium|groupement|ensemble|"
                           r"partenariat|regroup|associ|s allient|s unissent)))")
_KIND_SUBJECT = re.compile(r"\b(?:porteur|chef de file|structure|candidat|beneficiaire)s?\b[^;:]{0,60}?\b(?:est|sont|soit|soient)\s+(?P<kinds>[^;:]{2,160})")
# "sauf si elles sont conventionnées comme SIAE": the kind a structure is recognised as
_AS_KIND = re.compile(r"\b(?:conventionnee?s?|agreee?s?|reconnue?s?|labellisee?s?) (?:comme|en tant que) (?P<kinds>[^;:]{2,160})")
_FOR_KINDS = re.compile(r"^\s*(?:pour |a )?(?:les|des|aux) (?P<kinds>[^;:]{2,160})")


# a sentence that opens on the kinds of applicant it is about, before its rule ("Pour les CCAS, les CIAS et les
# associations …, le plancher est ramené à …")
_FOR_KINDS_FIRST = re.compile(r"^\s*(?:pour|for) ((?:les|des|the) [^;:]{2,200}?),\s*(?:le|la|les|l'|leur|ce|cette|the)\s*"
                              r"(?:plancher|plafond|taux|montant|duree|aide|subvention|minimum|maximum|floor|cap|rate)")
_STAFF = r"(?:salaries?|etp|equivalents? temps plein|fte|employees|staff|agents?)"


def _staff_bound(kinds: str, said: str) -> bool | None:
    """"les associations employant moins de 11 salariés" and "about 50 FTE staff": the staff the applicant states
    against the bound the clause sets; None when either says none."""
    bound = re.search(rf"\b(?:moins de|au plus|jusqu'a|fewer than|less than) (\d+) {_STAFF}", kinds)
    own = re.search(rf"\b(\d+) (?:\w+ )?{_STAFF}\b", fold(said))
    if not bound or not own:
        return None
    limit, n = int(bound.group(1)), int(own.group(1))
    return n <= limit if re.match(r"au plus|jusqu", bound.group(0)) else n < limit


def _count(word: str) -> int | None:
    from .quantities import _number_value

    v = _number_value(word)
    return int(v) if v is not None and v == int(v) and 0 < v < 100 else None


def _covers(cond: str, said: str) -> bool | None:
    """"… couvrent au moins deux des trois intercommunalités": the intercommunalities (or communes) of the communes the
    applicant names, counted; None when the condition counts no places or the applicant names none."""
    m = _COVERS.search(cond)
    places = APPLICANT_PLACES.get()
    if not m or (n := _count(m.group(1))) is None:
        return None
    if not places:
        return None
    communes, areas, every = places
    told = [c for t in _SAID_COVERS.finditer(normalize(said)) if (c := _count(t.group(1))) is not None]
    if len(communes if m.group(2) == "communes" else areas) >= n or (m.group(2) != "communes" and told and max(told) >= n):
        return True
    return False if every else None  # a commune not placed could be in another one


def _members(cond: str, said: str) -> bool | None:
    """"porté par un groupement d'au moins deux structures": a joint project meets two; more needs the number said."""
    from .participants import joint_or_sole

    m = _MEMBERS.search(cond)
    if not m or (n := _count(m.group(1))) is None:
        return None
    joint = joint_or_sole(m.group(0), said)
    if joint is False:
        return False
    told = [c for g in _SAID_MEMBERS.finditer(normalize(said)) if (c := _count(g.group(1) or g.group(2))) is not None and c > 1]
    if told:
        return max(told) >= n
    return True if joint and n <= 2 else None


@lru_cache(maxsize=1)
def _kind_phrases() -> dict[str, str]:
    """Every structure word of words.yaml (and the abbreviations of a kind, "aci" → "siae") → its structure type."""
    from .facts import generic_words

    out = {normalize(w): t for t, d in (generic_words().get("structure_types") or {}).items() for w in d.get("words") or []}
    for short, wider in _kinds().items():
        out.setdefault(wider, wider)
        out.setdefault(short, out[wider])
    return out


@lru_cache(maxsize=1)
def _long_forms() -> dict[str, re.Pattern]:
    """The spelled-out names of the kinds of structure an abbreviation stands for ("ateliers et chantiers d'insertion"
    for ACI, "structures de l'insertion par l'activité économique" for SIAE), each word in the singular or the plural, a
    short word between two allowed ("atelier chantier d'insertion")."""
    out = {}
    for short in {*_kinds(), *_kinds().values()}:
        long = _abbreviations().get(short)
        words = [w for w in (long or "").split() if len(w) >= 4]
        if len(words) >= 2:
            out[short] = re.compile(r"\b" + r"(?:\s+\w{1,3})*\s+".join(rf"{re.escape(w)}s?" for w in words) + r"\b")
    return out


def _kinds_in(text: str) -> list[tuple[int, str]]:
    """(position, phrase) of the structure words in a normalized text, longest first where they overlap; a kind
    written out in full counts as its abbreviation ("atelier chantier d'insertion": ACI)."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for phrase in sorted(_kind_phrases(), key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}s?(?!\w)", text):
            if not any(m.start() in r for r in taken):
                found.append((m.start(), phrase))
                taken.append(range(m.start(), m.end()))
    for short, pattern in _long_forms().items():
        for m in pattern.finditer(text):
            if not any(m.start() in r and ph == short for r, (_, ph) in zip(taken, found)):
                found.append((m.start(), short))
                taken.append(range(m.start(), m.end()))
    return sorted(found)


_DEALS_WITH = re.compile(r"\b(?:a|au|aux|chez|avec|par|vers|comme|aupres d[eu]|inscrits? a|orientes? par)\s+(?:la |le |l |l'|les |des |une? )?$")


def _kind(cond: str, said: str) -> bool | None:
    """"… lorsque le porteur est une SIAE conventionnée ou un GEIQ", "pour les SIAE et les GEIQ": the kind of structure
    the applicant says it is (its lead's, when it names one: "le CCAS (chef de file), un GEIQ et deux assos") among
    those the condition names. None when the condition names no kind or the applicant states none."""
    m = _KIND_SUBJECT.search(cond) or _FOR_KINDS.search(cond) or _AS_KIND.search(cond)
    if not m:
        return None
    wanted = [p for _, p in _kinds_in(m.group("kinds"))]
    if re.search(r"\bcommunes?\b", m.group("kinds")):  # "lorsque le porteur est une commune": the word is the type here
        wanted.append("collectivite")  # (elsewhere "la commune de X" is a place, so it is no structure word of words.yaml)
    # (a kind as the clause writes it: "SIAE", or spelled out, "les structures de l'insertion par l'activité économique")
    spelled = [re.sub(r"^(\w+)", r"\1s?", _abbreviations()[w]) for w in wanted if w in _abbreviations()]
    if not wanted or not re.match(r"\W*(?:(?:une?|des|les|l|d)\s+)?(?:\w+\s+)?(?:" + "|".join([*map(re.escape, wanted), *spelled])
                                  + r"|communes?\b)", m.group("kinds")):
        return None  # the kinds must be what the clause says the structure is, not a word further on
    text = _spelled(said, kinds=False)
    own = [(pos, p) for pos, p in _kinds_in(text) if not _NEGATION.search(text[max(0, pos - 30):pos])]
    # a structure the applicant deals with is not its own kind: "des parents inscrits à France Travail", "avec la mission locale"
    own = [x for x in own if not _DEALS_WITH.search(text[max(0, x[0] - 30):x[0]])] or own
    lead = re.search(r"\bchef de file\b", text)
    if lead and own:  # the lead's kind: the nearest structure word before "chef de file" (or just after "chef de file :")
        before = [x for x in own if x[0] < lead.start() and lead.start() - x[0] < 80]
        after = [x for x in own if 0 <= x[0] - lead.end() < 25]
        own = [before[-1]] if before else after[:1] or own
    if not own:
        return None
    expand = _kinds()
    said_kinds = {p for _, p in own} | {expand[p] for _, p in own if p in expand}
    # a kind written out ("entreprise d'insertion") is the wider kind its abbreviation belongs to ("ei" → "siae")
    said_kinds |= {expand[k] for _, p in own for k, long in _abbreviations().items() if k in expand and p in (long, long + "s")}
    if said_kinds & set(wanted):
        return True
    types = _kind_phrases()
    generic = {w for w in wanted if types.get(w) == w}  # the condition names a type itself ("association")
    if generic & {types.get(p) for p in said_kinds}:
        return True  # "pour les associations" and "notre asso"
    if len({p for _, p in own}) > 1 and not lead:
        return None  # several kinds and no lead named: which one carries the project is not said
    return False


def _parts(cond: str, said: str) -> bool | None:
    """A condition read as the parts that facts decide (places covered, members, kind): False when one fails, True when
    every part found holds, None when none is found or one is not stated."""
    results = [r for r in (_covers(cond, said), _members(cond, said), _kind(cond, said))]
    found = [bool(_COVERS.search(cond)), bool(_MEMBERS.search(cond)), None]
    if False in results:
        return False
    if any(r is None and f for r, f in zip(results, found)):
        return None
    return True if any(r is True for r in results) else None


def _share_floor(clause: str, cond: str, said: str) -> bool | None:
    """"au moins 30 % des heures": the applicant's share of the same thing against the floor; None when not stated."""
    floor = _AT_LEAST.search(fold(clause))
    words_floor = _AT_LEAST_WORDS.search(fold(clause))
    least = float(floor.group(1).replace(",", ".")) if floor else SHARE_WORDS[words_floor.group(1)]
    noun = ((floor.group(2) if floor else words_floor.group(2)) or "")[:5]
    share = re.compile(rf"(\d{{1,3}}(?:[.,]\d+)?) ?% (?:des |du |de la |de l'|de nos |de leurs )?{re.escape(noun)}") if noun else _PERCENT
    for p in share.finditer(fold(said)):
        return float(p.group(1).replace(",", ".")) >= least
    if noun:  # "15 participants dont 5 au RSA", "5 participants sur 15": a part of a whole
        part = re.search(rf"\b(\d{{1,5}}) {re.escape(noun)}\w* dont (\d{{1,5}})\b|\b(\d{{1,5}}) {re.escape(noun)}\w* sur (\d{{1,5}})\b", fold(said))
        keys = {normalize(a) for a in re.findall(r"\b[A-Z]{3,6}\b", clause)} | {
            w[:5] for w in cond.split() if len(w) >= 5 and w not in _FILLER and not w.startswith(noun)}
        after = fold(said)[part.end():part.end() + 50] if part else ""
        if part and any(re.search(rf"\b{re.escape(k)}", after) for k in keys):  # the part is of those the clause names
            whole, some = (int(part.group(1)), int(part.group(2))) if part.group(1) else (int(part.group(4)), int(part.group(3)))
            if whole > 0 and some <= whole:
                return some * 100 / whole >= least
    return None


def condition_met(clause: str, said: str, cell: bool = False) -> bool | None:
    """True, False or None: does `said` meet the condition of `clause` (see the module's docstring)? `cell`: the
    clause is a table cell's case ("Projet porté par un consortium d'au moins trois structures"), which the call may
    qualify elsewhere ("… dont au moins une SIAE"): its parts can show it unmet, not met."""
    folded = normalize(clause)
    m = _CONDITION.search(folded + " ")
    if not said:
        return None
    opening = _FOR_KINDS_FIRST.match(fold(clause))
    if not m and opening:  # "Pour les CCAS, les CIAS et les associations employant moins de 11 salariés …, le plancher
        # est ramené à 5 000 €": the kinds the sentence opens with, and a bound on the staff of the kind said
        kind = _kind(normalize(opening.group(1)), said)
        staff = _staff_bound(normalize(opening.group(1)), said) if kind else None
        return False if staff is False else kind
    if not m:  # "Ce taux est porté à 80 % pour les SIAE conventionnées et pour les GEIQ."
        lead = re.search(r"\b(?:porte|portee|releve|eleve|fixe|passe)e?s? a \d[\d ,.]*(?:%|euros?|eur)?\s+(?=pour |aux )", folded)
        # ("… porté à 70 000 € pour les projets déployés sur les trois intercommunalités": the places covered decide)
        return _parts(folded[lead.end():], said) if lead else None
    cond = folded[m.end():]
    parts = _parts(cond, said)
    floored = bool(_AT_LEAST.search(fold(clause)) or _AT_LEAST_WORDS.search(fold(clause)))
    share = _share_floor(clause, cond, said) if floored else None
    if parts is False or (parts is not None and share is False):
        return False
    if parts and not cell:  # every part stated and met; a share the clause also asks ("chacune assurant au moins 20 %") too
        return True if not floored or share else None
    if share is not None:
        return share
    text = _spelled(said)
    bound = _amount_bound(fold(clause[m.start():] if len(clause) == len(folded) else clause), said)
    if bound is not None:  # "dont le budget annuel total est inférieur à 200 000 €" and "notre budget annuel : 150 k€"
        return bound
    label = _LABEL.search(cond)
    if label:  # "pour les projets comportant un axe 3": the axes the applicant names decide, when it names some
        named = named_numbers(label.group(1), fold(said))
        if named:  # ("des axes 1 et 3": either)
            return bool(set(re.findall(r"\d{1,2}", label.group(2))) & set(named))
    acronyms = {normalize(a) for a in re.findall(r"\b[A-Z]{3,6}\b", clause)}  # "RSA", "RQTH": short but telling
    words = [w for w in cond.split() if (len(w) >= 5 or w in acronyms) and w not in _FILLER and not w.isdigit()][:8]
    if not words:
        return None
    hits = [re.search(rf"\b{re.escape(w[:5])}\w*" if len(w) >= 5 else rf"\b{re.escape(w)}\b", text) for w in words]
    found = [h for h in hits if h]
    if len(found) < min(2, len(words)) and not any(h and w in acronyms for w, h in zip(words, hits)):
        return None  # two of the condition's words, or its acronym ("une RQTH")
    if any(_NEGATION.search(text[max(0, h.start() - 30):h.start()]) for h in found):
        return False
    return True
