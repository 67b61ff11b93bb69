"""A number of things the question states that a line of the call bounds ("seul partenaire : la Mission locale" and
"Chaque projet associe au moins deux partenaires opérationnels").

Read in general French: a count in digits or words before its noun ("3 structures", "deux partenaires"), or "un seul
<noun>" / "seul <noun>" (one); the call's line that counts the same noun (by its first six letters, an adjective
between allowed) with a bound ("au moins", "au minimum", "au plus", "au maximum", "dans la limite de") checks it. A
count of people served, a span of time, a sum or a number of projects is read elsewhere (participants, durations,
amounts, what the call selects) and skipped here; so is a line a constraint already quoted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cases import of_another_case
from ..textnorm import fold
from ..participants import _AT_LEAST as _MIN  # "au moins", "au minimum", "pas moins de"… before a count
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

# the noun counted: the word after the number, or after an adjective French puts first ("deux autres partenaires")
_NOUN = re.compile(r"^\s*(?:(?:autres?|nouve(?:aux|lles?)|petite?s?|grande?s?|premiere?s?|differente?s?|seule?s?|other|new)\s+)?"
                   r"(?P<noun>[a-z]{4,}?)s?\b")
_SOLE = re.compile(r"\b(?:un |une )?seule? (?P<noun>[a-z]{4,}?)s?\b")
_MAX = re.compile(r"(?:au plus|au maximum|maximum(?: de| d')?|pas plus de|dans la limite de|jusqu'a|at most|up to|a maximum of|"
                  r"(?:limite|plafonne)e?s? a|(?:ne )?(?:peut|peuvent|doit|doivent) (?:pas )?(?:depasser|exceder)|"
                  r"n'(?:excede|depasse)(?:nt)? pas|\bne (?:peu\w+|pourr\w+|doi\w+) (?:\w+ )?qu')\s*$")
# what a count of this module is not: people served, spans of time, sums, labels
_ELSEWHERE = re.compile(r"^(?:particip|person|jeune|benef|publi|famil|habit|salar|deman|enfan|adult|senio|femme|homme|stagi|"
                        r"mois|annee|semai|jour|heure|minut|euro|point|page|carac|signe|axe|lot|annex|artic|vague|phase|"
                        r"tranc|etape|fois|exerc|dipos|diapo|slide|mo|ko|go|proje|dossi|candi|laure)")


# a bound kept to the structure that carries the project, and a question on taking part in one as a partner
_AS_LEAD = re.compile(r"\b(?:en tant que|comme|en qualite de|a titre de) (?:porteu(?:r|se)|chef de file)\b|\bas (?:the )?lead\b")
_AS_PARTNER = re.compile(r"\b(?:partenaires?|membres? d'un (?:groupement|consortium)|associee?s? a|partners?)\b")
_GRANTED_WHEN = re.compile(r"\b(?:porte|portee|releve|relevee|majore|majoree)s? a\b[^.;]*\b(?:lorsque|lorsqu'|si|pour les projets)\b")


def _family(noun: str) -> str:
    return noun[:6]  # six letters: "partenaire" is not "participant" nor "partie"


def _families(noun: str) -> set[str]:
    """The noun's family and those of the general words a call uses for it ("voitures" → "vehicu", lexicon.yaml)."""
    from ..textnorm import hypernyms

    forms = {noun, re.sub(r"[sx]$", "", noun)}
    return {_family(noun)} | {_family(h) for w in forms for h in hypernyms(w)}


# projects or dossiers one applicant sends: "déposer 3 projets", "Chaque structure peut déposer au maximum deux projets"
_SENDS = re.compile(r"\b(?:deposer|deposons|deposerons|deposer|presenter|presentons|porter|portons|soumettre|submit|file)\b[^.?!;]{0,25}$")
_EACH = re.compile(r"\b(?:chaque|une meme|un meme|par) (?:structure|porteur|candidat|organisme|association|beneficiaire|applicant|chef de file)"
                   r"|\bchacune?\b")
_SENT = "~sent"  # the family of such a count


def _of_projects(noun: str) -> bool:
    return noun.startswith(("proje", "dossi", "candid", "projec", "applic"))


def stated_counts(question: str) -> list[tuple[int, str, str]]:
    """(number, six first letters of the noun counted, the words as written) the question states."""
    from ..quantities import read_counts

    f = fold(question)
    out: list[tuple[int, str, str]] = []
    for c in read_counts(question):
        if fold(question[c.start:c.end]).strip() in ("un", "une", "one", "a"):
            continue  # an article ("une partie de l'action"), not a count; "un seul" is read below
        after = f[c.end:]
        m = _NOUN.match(after)
        if m and _of_projects(m.group("noun")) and (_SENDS.search(f[:c.start]) or re.search(r"(?:^|[.;:!?]|\bet|\bdonc|\balors)\s*$", f[:c.start])):
            # ("déposer 3 projets"; "et deux dossiers sur l'axe 1, … c'est bon ?": the dossiers sent, said first)
            out.append((int(c.value), _SENT, question[c.start:c.end + m.end()].strip()))  # "déposer 3 projets"
            continue
        if m and not _ELSEWHERE.match(m.group("noun")) and not re.match(r"^\s*(?:%|€|euros?|k€)", after):
            out.append((int(c.value), _family(m.group("noun")), question[c.start:c.end + m.end()].strip()))
    for m in _SOLE.finditer(f):
        if not _ELSEWHERE.match(m.group("noun")):
            out.append((1, _family(m.group("noun")), question[m.start():m.end()].strip()))
    sent = re.search(r"\b(?:depos|present|port|soumet|envoy)\w*\s+(?P<rest>un (?:projet|dossier)\b.*)", f)
    # (within the sentence that sends them: "un projet sur l'axe 1 ? et … un projet" are two questions)
    each = list(re.finditer(r"\bun (?:autre |second |deuxieme )?(?:projet|dossier)\b(?: [a-z]{3,})?",
                            re.split(r"[.?!]", sent.group("rest"))[0][:160])) if sent else []
    if len(each) >= 2 and not any(n == _SENT for _c, n, _s in out):
        # "déposer un projet garde (axe 1) et un projet mobilité (axe 2)": two sent
        out.append((len(each), _SENT, question[sent.start("rest"):sent.start("rest") + each[-1].end()].strip()))
    for m in _ORDINAL.finditer(f):  # "peut-on en déposer un deuxième ?", "on peut en porter un 3e ?": that many sent
        if _SENDS.search(f[:m.start()]) or re.match(r"\s*(?:projet|dossier)", f[m.end():]):
            out.append((_ORDINALS.get(m.group("n"), int(re.sub(r"\D", "", m.group("n")) or 0)), _SENT, question[m.start():m.end()].strip()))
    return out


_ORDINALS = {"deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5}
_ORDINAL = re.compile(r"\bun(?:e)? (?P<n>deuxieme|second|seconde|troisieme|quatrieme|cinquieme|[2-9](?:e|eme|ème))\b")
# "à condition qu'ils relèvent de deux axes différents", "jamais deux dossiers sur le même axe", "un seul projet par axe"
_DISTINCT = re.compile(r"\b(?P<fam>axe|lot|volet|mesure)s? differents\b|\bmeme (?P<fam2>axe|lot|volet|mesure)\b|"
                       r"\bun seul (?:projet|dossier) par (?P<fam3>axe|lot|volet|mesure)\b")


def same_case_sent(question: str, line: str) -> bool | None:
    """Whether the projects a question sends fall under the same axis (lot…), when the call's line on how many each may
    send wants them under different ones: True ("un deuxième, toujours axe 1", "sur le même axe", "axe 1 … axe 1"),
    False (two different axes named), None (not said)."""
    m = _DISTINCT.search(fold(line))
    if not m:
        return None
    fam = m.group("fam") or m.group("fam2") or m.group("fam3")
    f = fold(question)
    if re.search(rf"\b(?:toujours|aussi|encore|meme|le meme|du meme|sur le meme) (?:sur )?(?:l')?{fam}\b", f):
        return True
    named = re.findall(rf"\b{fam}s? (?:n[o°] ?)?(\d{{1,2}})\b", f)
    if len(named) >= 2:
        return len(set(named)) < len(named)
    if re.search(rf"\b(?:deux|2|trois|3|plusieurs|les deux) (?:projets|dossiers)\b[^.?!]{{0,20}}\b(?:sur|dans|pour) (?:le meme |l')?{fam}\b", f):
        return True  # "deux projets sur l'axe 2"
    return None


@lru_cache(maxsize=8)
def _bounded_lines(text: str) -> tuple[tuple[str, str, str, int], ...]:
    """(sentence, "min" | "max", noun's six first letters, bound) for each count a sentence of the call bounds."""
    from ..calls.draft_values import _CALL_WIDE, _types
    from ..quantities import read_counts

    out = []
    sentences = [x for raw in text.split("\n") if not raw.strip().startswith("#")
                 for x in _SENTENCE.split(raw.strip(" -•*\t"))]
    for line in sentences:
        if not line or len(line) > 500:
            continue
        f = fold(line)
        if _GRANTED_WHEN.search(f) or _CALL_WIDE.search(f):
            continue  # "Le plafond est porté à 60 000 € lorsque … au moins deux structures": a case of a raise, no bound;
            # "Objectif chiffré global : accompagner au moins 350 parents sur la durée des projets soutenus": all of them
        for c in read_counts(line):
            m = _NOUN.match(f[c.end:])
            if not m:
                continue
            before = f[max(0, c.start - 30):c.start]
            after = f[c.end + m.end():c.end + m.end() + 20]  # "deux projets au maximum"
            side = "min" if _MIN.search(before) or re.match(r"\s*(?:au minimum|au moins|minimum)\b", after) else (
                "max" if _MAX.search(before) or re.match(r"\s*(?:au maximum|au plus|maximum)\b", after) else "")
            if side and _of_projects(m.group("noun")) and (_EACH.search(f) or _types(line)) and re.search(
                    r"\b(?:depos|present|porte|soumet|chef de file)", f):  # (or "Les communes, CCAS et CIAS ne peuvent déposer …")
                out.append((line, side, _SENT, int(c.value)))  # "Chaque structure peut déposer au maximum deux projets"
            elif side:
                out.append((line, side, _family(m.group("noun")), int(c.value)))
    return tuple(out)


_COMPLEMENT = re.compile(r"\s*(?:de |d'|du |des )(?:l'|la |le |les )?(?P<w>[a-z]{4,})")


def _other_complement(line: str, noun: str, question: str, said: str) -> bool:
    """Whether the call's counted noun and the question's each carry a complement ("places d'hébergement", "places de
    parking") and the two differ (by their stems)."""
    from ..textnorm import stem

    f, q, words = fold(line), fold(question), fold(said)
    theirs = None
    for m in re.finditer(r"\d+|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\b", f):
        n = _NOUN.match(f[m.end():])
        if n and _family(n.group("noun")) == noun:
            c = _COMPLEMENT.match(f[m.end() + n.end():])
            theirs = stem(c.group("w"))[:5] if c else None
            break
    at = q.find(words)
    c = _COMPLEMENT.match(q[at + len(words):]) if at >= 0 else None
    ours = stem(c.group("w"))[:5] if c else None
    return theirs is not None and ours is not None and theirs != ours


def count_checks(a: Assistant, question: str, weighed: list[str]) -> list[CriterionResult]:
    """A passed or failed check for each count the question states that a line of the call bounds."""
    from ..calls.spec import squash

    from ..calls.draft_values import _types

    done = [squash(q) for q in weighed if q]
    out: list[CriterionResult] = []
    mine = set(_types(question))
    # a line kept to kinds of structure binds those only, before the line for all ("Les communes, intercommunalités, CCAS
    # et CIAS ne peuvent déposer qu'un seul projet chacun" and "Une même structure peut déposer au maximum deux projets")
    lines = sorted((x for x in _bounded_lines(a.spec.call_doc.text) if not set(_types(x[0])) or set(_types(x[0])) & mine),
                   key=lambda x: not set(_types(x[0])) & mine)
    for n, noun, said in stated_counts(question):
        nouns = {noun} | (_families(said.split()[-1]) if noun != _SENT else set())  # "3 voitures": "voitur", "vehicu"
        for line, side, bound_noun, bound in lines:
            if bound_noun not in nouns or any(q in squash(line) for q in done):
                continue
            if _AS_LEAD.search(fold(line)) and _AS_PARTNER.search(fold(question)) and not re.search(r"\bporteu(?:r|se)s?\b|\bchef de file\b", fold(question)):
                continue  # "au maximum deux dossiers en tant que porteur" and "être partenaire d'un troisième projet"
            if _other_complement(line, bound_noun, question, said):
                continue  # "12 places de parking" and "au moins 10 places d'hébergement": other things counted
            try:
                cite = a.spec.cite(line)
            except Exception:  # a line not found verbatim is never quoted
                continue
            if any(of_another_case(x, question) for x in [line, *cite.locator.split(" > ")]):
                continue  # under "Axe 2 — Hébergement", and a project of the axis 3
            failed = n < bound if side == "min" else n > bound
            key = ("count_below" if side == "min" else "count_above") if failed else "count_within"
            if noun == _SENT and not failed and n >= 2 and same_case_sent(question, line) is not None:
                same = same_case_sent(question, line)  # "au maximum deux dossiers, … de deux axes différents"
                failed, key = same, "count_same_case" if same else "count_within"
            out.append(_result("count", "fail" if failed else "pass", key, cite, figure=said, quote=line.rstrip(" ;.,")))
            break
    return out[:2]
