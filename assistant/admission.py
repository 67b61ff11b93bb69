"""What an applicant says against one clause of admission or exclusion of a call: whether it holds or lacks what
the clause asks ("titulaires de l'agrément ESUS" and "on n'a pas l'agrément"), whether it falls outside the clause's
exception ("les sociétés commerciales …, à l'exception des entreprises d'insertion" and "une SCOP"), whether the clause
lets its kind take part but not carry a project; the clauses that rule applicants out (`_exclusions`), one the applicant
says it is (`_excluded_item`), one naming a programme it was funded by (`_excluded_title`). Read by
`eligibility.check_applicant`, clause by clause.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .territory import normalize
from .textnorm import tokens

if TYPE_CHECKING:
    from .calls.spec import CallSpec
    from .types import Citation


_HOLDING = (r"(?:beneficiant|disposant|titulaires?|detentrices?|detenant|detiennent|detient|disposent|beneficient|possedent)"
            r" (?:d[eu]? )?(?:l |la |le |les |d )?")


def _meets(clause: str, said: str) -> bool:
    """The call admits a type on a condition it holds ("bénéficiant de l'agrément ESUS") and the applicant says it
    holds it ("agréée ESUS", "avec l'agrément ESUS"), not negated."""
    m = re.search(_HOLDING + r"(\w{4,})", clause)
    if not m:
        return False
    root = m.group(1)[:4]
    said_ok = re.search(rf"(?<!sans )(?<!pas d )(?<!pas de l )(?<!non )\b{root}\w*", said)
    label = re.findall(r"\b[a-z]{3,5}\b", clause[m.end(1):m.end(1) + 60])
    return bool(said_ok) and not _lacks(clause, said) and any(f" {x} " in f" {said} " for x in label if x not in ("les", "des", "une", "pour", "dans", "avec"))


def _lacks(clause: str, said: str) -> bool:
    """The call excludes those lacking something ("ne disposant pas de l'agrément ESUS", "sans label") and the
    applicant says it lacks it too ("sans agrément ESUS", "pas d'agrément")."""
    m = re.search(r"(?:ne disposant pas d[eu]? (?:l |la |le |les |d )?|sans (?:l |la |le |les )?|non titulaires? d[eu]? (?:l |la |le )?"
                  r"|" + _HOLDING + r")(\w{4,})", clause)
    if not m:
        return False
    # ("sans agrément", "pas d'agrément", "on n'a pas l'agrément ESUS")
    return bool(re.search(rf"\b(?:sans|pas|aucun|aucune|non)\s+(?:d[eu]? |de l |l |la |le |les |d )?{m.group(1)[:6]}", said))


_EXCEPT = re.compile(r"\b(?:sauf(?: si)?|a l exception d(?:es|u|e la|e l)?|hormis|excepte(?:s|es)?)\b")
_EXCEPT_FILLER = {"elles", "sont", "celles", "ceux", "ils", "qui", "dont", "comme", "tant", "leur", "leurs", "elle"}


_NOT_LEAD = re.compile(r"\bne (?:peuvent|peut|pourront|pourra) pas (?:etre )?(?:porteu|porter|deposer|candidat)|\b(?:ne sont pas|non) eligibles? "
                       r"(?:en tant que|comme) porteu|\bsans pouvoir (?:en )?etre chef de file|\bjamais (?:comme|en tant que) chef de file|"
                       r"\b(?:uniquement|seulement|qu) (?:en tant que|comme) (?:partenaires?|prestataires?|membres?)\b")
_PARTNER_ROLE = re.compile(r"\b(?:partenaires?|prestataires?|membres?|sous traitants?)\b")
_AS_PARTNER = re.compile(r"\b(?:en tant que|comme|qu en tant que|simple|simples) (?:partenaires?|prestataires?|membres?|sous traitants?)\b|"
                         r"\bpartenaires? (?:d un|du|de ce) (?:consortium|groupement|projet)|\bpas (?:en tant que |comme )?(?:porteu\w*|chef de file)\b")


def _only_partner(quote: str, said: str) -> bool:
    """The call lets a kind take part but not carry or lead a project ("ne peuvent pas être porteuses, mais elles
    peuvent être partenaires d'un consortium, sans pouvoir en être chef de file", "Ne sont pas éligibles en tant que
    porteur : … ; les auto-écoles commerciales, qui peuvent toutefois intervenir comme prestataires") and the applicant
    does not say it would only be a partner: what it asks, carrying the project, the call rules out. Read on the part
    of the list (between semicolons) that names the applicant's kind, with the list's lead-in."""
    from .conditions import _kind_phrases, _kinds_in

    head, _, body = quote.partition(":") if ":" in quote else ("", "", quote)
    # the applicant's most telling word first: "auto-école" before the type's name "entreprise"
    own = sorted({p for _, p in _kinds_in(said)}, key=lambda p: (_kind_phrases().get(p) == p, -len(p)))
    part = next((x for p in own for x in body.split(";") if re.search(rf"(?<!\w){re.escape(p)}s?(?!\w)", normalize(x))), None)
    if part is None:
        return False
    clause = normalize(f"{head} {part}")
    return bool(_NOT_LEAD.search(clause) and _PARTNER_ROLE.search(clause)) and not _AS_PARTNER.search(said)


def _kept_to_other_case(clause: str, said: str) -> bool:
    """Whether a (normalized) clause keeps itself to some cases ("pour les seuls projets relevant de l axe 2") and the
    applicant's text names a case of that family that is not one of them."""
    from .cases import named_numbers

    if not re.search(r"\b(?:seule?s?|uniquement|seulement|exclusivement|reserve\w*)\b", clause):
        return False
    for fam in ("axe", "lot", "volet", "mesure"):
        kept = set(named_numbers(fam, clause))
        named = set(named_numbers(fam, said))
        if kept and named and not kept & named:
            return True
    return False


def _outside_exception(quote: str, said: str) -> bool:
    """The call excludes a kind but for an exception ("entreprises à but lucratif, sauf si elles sont conventionnées en
    tant que SIAE") and the applicant says it is of that kind ("une SARL à but lucratif", "a for-profit company") without
    the exception, or says it lacks it ("pas conventionnée"). A list is read item by item (between semicolons): the
    exception is the item's own."""
    items = [normalize(x) for x in quote.split(";")]
    clause = next((x for x in items if _EXCEPT.search(x)), normalize(quote))
    m = _EXCEPT.search(clause)
    if not m:
        return False
    head, rest = clause[:m.start()], clause[m.end():]
    kinds = {"entre", "struc", "organ", "socie", "perso", "autre", "assoc"}  # kinds named on both sides tell nothing
    exc = {w[:5] for w in rest.split() if len(w) >= 4 and w not in _EXCEPT_FILLER} - kinds
    text = f" {said} ".replace(" for profit ", " but lucratif ").replace(" commercial ", " commerciale ")
    words = {w[:5] for w in text.split()}
    if any(re.search(rf"\b(?:pas|non|sans|not|without|don t have|do not have)\s+(?:\w+\s+){{0,2}}{re.escape(w)}", text) for w in exc):
        return True  # "une SCOP classique, pas conventionnée"
    if exc & words:
        # the applicant claims, or at least names, the exception: unless the exception is kept to some cases and the
        # applicant names another ("des organismes de formation certifiés Qualiopi pour les seuls projets relevant de
        # l'axe 2" and "un organisme de formation Qualiopi … sur l'axe 1")
        return _kept_to_other_case(rest, text)
    telling = {w[:5] for w in head.split() if len(w) >= 5} - kinds
    if re.search(r"\blucratif|\bcommercia", head) and any(f" {w} " in text for w in _for_profit()):
        return True  # "un camping", "notre SARL": a commercial business, which the clause names
    from .conditions import _kinds_in

    from .facts import generic_words

    names = {normalize(t) for t in generic_words().get("structure_types") or {}}  # "entreprise" names every company
    if any(re.search(rf"\b{re.escape(ph)}s?\b", head) and not re.search(rf"\b{re.escape(ph)}s?\b", rest)
           for _, ph in _kinds_in(text) if ph not in names):
        return True  # "(SARL, SAS, SCOP…)" names the applicant's own form ("une SCOP") among those ruled out
    return bool(telling & words)


@lru_cache(maxsize=1)
def _for_profit() -> list[str]:
    from .facts import generic_words

    return [normalize(w) for w in generic_words().get("for_profit_words") or []]


_CONDITION = re.compile(r"\b(?:depuis (?:au moins|plus d)|au moins \d|agree?e?s?\b|habilite|a jour|sous reserve|a condition"
                        r"|titulaires?|disposant|ayant (?:au moins|un|une|leur|son|sa)|labellise|conventionne|reconnue?s? d"
                        r"|(?:uniquement|seulement) si|detenant|detiennent)")


def _says_lacking(clause: str, said: str) -> bool:
    """Whether `said` denies the condition a clause of admission states ("titulaires de l'agrément …" and "qui n'a pas
    l'agrément"): the first two words after the condition's cue, negated."""
    cond = _CONDITION.search(f" {clause} ")
    if not cond:
        return False
    what = [w for w in f" {clause} "[cond.end(): cond.end() + 40].split()[:4] if len(w) > 3]
    if re.match(r"(?:agree|habilite|conventionne|labellise|titulaire)", cond.group(0)) and re.search(
            rf"\b(?:pas|non|sans|not|no)\b(?:\s+\w+){{0,2}}\s+{cond.group(0)[:5]}", said):
        return True  # "conventionnées en tant que SIAE" and "on n'est pas conventionnés IAE": the status itself denied
    said = re.sub(r"\bnon (?:profit|lucratif)\b|\bsans but lucratif\b|\bnot for profit\b", "nonprofit", said)  # a kind, no denial
    # the condition's acronym denied, in French or English ("we don't have the ESUS accreditation", "pas agréée ESUS")
    acronyms = [a for a in re.findall(r"\b([a-z]{3,5})\b", f" {clause} "[cond.end(): cond.end() + 120]) if a.upper() in _acronyms()]
    if any(re.search(rf"\b(?:pas|sans|non|aucune?|not|no|without|don t have|do not have|haven t got)\b(?:\s+\w+){{0,4}}\s+{a}\b", said)
           for a in acronyms):
        return True
    return any(re.search(rf"\b(?:pas|sans|non|aucune?)\s+(?:d |de |l |la |le |de l )?(?:\w+\s+)?{re.escape(w[:4])}", said)
               for w in what[:2])


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    """The acronyms of an approval or a status a condition may name (words.yaml `approval_acronyms`: "ESUS", "SIAE")."""
    from .facts import generic_words

    return frozenset(str(a).upper() for a in generic_words().get("approval_acronyms") or [])


_SELF = re.compile(r"\b(?:je suis|j'exerce comme|nous sommes|on est|je travaille comme|en tant que|notre|i am|i'm|we are|as an?|"
                   r"(?:on|nous|je) (?:g[eè]re|g[ée]rons|dirige|dirigeons|exploite|exploitons|tiens|tenons|tient)|we (?:run|manage|operate))\s+"
                   r"(?:une?\s+|des\s+|l'|le\s+|la\s+)?((?:[\w'-]+\s+){0,4}[\w'-]+)", re.IGNORECASE)


# "je travaille pour la société d'économie mixte qui exploite les remontées mécaniques": what the applicant's employer is
_WORK_FOR = re.compile(r"\b(?:je travaille|nous travaillons|on travaille|i work|we work)\s+(?:pour|a|au|dans|chez|for|at)\s+"
                       r"(?:une?\s+|l'|le\s+|la\s+|the\s+|an?\s+)?((?:[\w'-]+\s+){0,9}[\w'-]+)", re.IGNORECASE)


def _excluded_item(spec: CallSpec, cites: list[Citation], text: str) -> tuple[Citation, str, bool] | None:
    """An item of the call's excluded applicants that the applicant says it is ("je suis assistante maternelle…" and
    "les assistants maternels … exerçant à titre individuel"): two of the item's words of five letters or more, by
    their first five letters, in the words right after "je suis", "nous sommes", "notre"... The third value says
    whether the applicant names what the item carves out of its exclusion ("à l'exception des ETTI conventionnées")."""
    from .conditions import _spelled  # "une EARL": an exploitation agricole, spelled out

    out = [x for x in cites if x.quote in {q for r in spec.rules if r.id == "excluded_applicants" for q in r.quotes}]
    if not out or not text:
        return None
    generic = {"structure", "structures", "porteurs", "projet", "projets", "candidat", "candidats", "organismes", "peuvent",
               "candidater", "exercant", "sont", "leurs", "ainsi", "celles", "ceux"}
    for m in [*_SELF.finditer(text), *_WORK_FOR.finditer(text)]:
        said = m.group(1)
        if re.match(r"(?:notre|our)\b", m.group(0), re.I) and not set(tokens(said.split()[0])) & _structure_words():
            continue  # "notre service de transport solidaire", "notre dossier": a thing of ours, not what we are
        stems = {w[:5] for w in _spelled(said, kinds=False).split() if len(w) >= 5 and w not in generic}
        for x in out:
            # what the line excludes is said first ("les exploitations agricoles et les entreprises …", not "… au titre de
            # l'insertion par l'activité économique" at its end)
            item = {w[:5] for w in normalize(x.quote).split()[:8] if len(w) >= 5 and w not in generic}
            lacked = {w[:5] for w in re.findall(r"\b(?:non|sans|pas)\s+(?:d |de |l )?(\w{5,})", normalize(x.quote))}
            if lacked & stems:
                continue  # "les ETT non conventionnées" and "ACI conventionné": it has what the excluded lack
            if len(stems & item) >= 2:  # shown without the place and what follows ("micro-crèche PAJE à Roquecourbe et")
                # "les entreprises de travail temporaire, à l'exception des ETTI conventionnées" and "une ETTI": excepted
                return x, re.sub(r"\s+(?:et|and)$", "", re.split(r"\s+(?:à|a|au|en|sur|dans|in|at)\s+(?=[A-ZÀ-Ý])", said)[0].strip()), \
                    _claims_exception(x.quote, stems)
    return None


def _claims_exception(quote: str, stems: set[str]) -> bool:
    """The applicant's words (`stems`, by their first five letters) name what an excluding item carves out ("…, à
    l'exception des entreprises de travail temporaire d'insertion (ETTI) conventionnées" and "une ETTI conventionnée"):
    a word of the exception that the excluded part does not have."""
    item = next((x for x in (normalize(y) for y in quote.split(";")) if _EXCEPT.search(x)), "")
    m = _EXCEPT.search(item)
    if not m:
        return False
    head = {w[:5] for w in item[:m.start()].split()}
    carved = {w[:5] for w in item[m.end():].split() if len(w) >= 4 and w not in _EXCEPT_FILLER} - head
    return bool(carved & stems)


@lru_cache(maxsize=1)
def _structure_words() -> frozenset[str]:
    """Stems of the words naming kinds of structure (words.yaml), and of the generic ones ("structure", "organisme")."""
    from .facts import generic_words

    return frozenset(tokens(" ".join([*(x for t in (generic_words().get("structure_types") or {}).values() for x in t.get("words", [])),
                                      "structure organisme collectif groupement"])))


def _excluded_title(spec: CallSpec, cites: list[Citation], said: str) -> tuple[Citation, str] | None:
    """A clause ruling out those funded by a programme it names in quotes ("les structures ayant obtenu … un financement
    au titre de l'appel à projets « Mobilités solidaires 2026-2027 »") when the applicant names that programme, not
    negated ("on n'a jamais eu Mobilités solidaires" is no such funding)."""
    text = f" {normalize(said)} "
    out = _exclusions(spec, cites)
    for x in cites:
        if x.quote not in out:
            continue
        for title in re.findall(r"«\s*([^»]{4,80}?)\s*»", x.quote):
            core = " ".join(w for w in normalize(title).split() if not w.isdigit())
            at = text.find(f" {core} ") if len(core.split()) >= 2 else -1
            if at >= 0 and not re.search(r"\b(?:pas|jamais|aucun|aucune|sans|non|ni)\b", text[max(0, at - 40):at]):
                return x, title
    return None


_EXCLUDING = re.compile(r"\b(?:sont exclu|exclue?s?\b|ne peuvent pas|non eligibles?|ne sont pas eligibles?|ne disposant pas)")


def _exclusions(spec: CallSpec, cites: list[Citation]) -> set[str]:
    """The quotes that rule applicants out: the drafted excluded-applicants rule's, and any clause that says so."""
    out = {q for r in spec.rules if r.id == "excluded_applicants" for q in r.quotes}
    return out | {x.quote for x in cites if _EXCLUDING.search(normalize(x.quote))}
