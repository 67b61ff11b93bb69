"""The share of a public among the people served, when the call bounds it and the question states it.

A call: "Au moins 50 % des participants d'un projet doivent être bénéficiaires du RSA", "les bénéficiaires du RSA, qui
doivent représenter au moins 60 % des participants de chaque projet", "les jeunes suivis par une mission locale, dans la
limite de 25 % des participants". A question: "12 participants : 5 allocataires du RSA, 4 demandeurs d'emploi et 3
jeunes". The groups whose words meet the public the call names are summed against the total the question states
(`participants.stated_count`): 5 of 12 is under 60 %, a "Non" with its quote. A share of residents is read by the
territory's constraint (`participants.call_share`), an outcome to reach ("au moins 50 % des participants accèdent à un
emploi") is no condition of eligibility, and a condition of a bonus ("lorsque au moins 30 % des participants…") is none
either: only a sentence that requires the share is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..cases import CASE_LABEL
from ..participants import _AT_LEAST, _RESIDE, stated_count
from ..quantities import read_counts, read_percents
from ..textnorm import fold, tokens
from .unchecked import _SENTENCE, _result

if TYPE_CHECKING:
    from . import Assistant
    from ..constraints import CriterionResult

_PEOPLE = r"(?:participants?|personnes?|beneficiaires?|publics?|parents?|jeunes|stagiaires|usagers|familles|menages|salaries)"
# "au moins 50 % des participants d'un projet doivent être | sont | soient <public>" (the floor read before the
# percentage is participants._AT_LEAST)
_OF_PEOPLE = re.compile(rf"^\s*(?:au moins\s+)?(?:des|de l'effectif|du nombre de|de ces)\s+(?:\w+\s+){{0,1}}?{_PEOPLE}\b"
                        r"(?P<tail>[^.;]*?)\s\b(?:doivent etre|devront etre|doit etre|sont|soient|seront)\s+(?P<public>[^.;]{3,160})")
# "<public>, qui doivent représenter au moins 60 % des participants"; "<public>, dans la limite de 25 % des participants"
_MUST_MAKE = re.compile(r"(?:doivent|devront|doit)\s+(?:representer|constituer|compter pour)\s+(?:au moins|au minimum)\s*$")
_LIMIT = re.compile(r"(?:dans la limite de|au plus|au maximum|sans depasser|n'excedant pas)\s*$")
_OF_PEOPLE_END = re.compile(rf"^\s*(?:des|de l'effectif|du nombre de)\s+(?:\w+\s+){{0,1}}?{_PEOPLE}\b")
_CONDITION = re.compile(r"\b(?:lorsque|lorsqu'|si|des lors que|quand|bonification|bonus|majoration|porte a)\b")
_OUTCOME = re.compile(r"\b(?:acced|sorti|emploi durable|insertion durable|taux de|objectif|a titre indicatif|atteindre)")
# a group of people the question counts: the number, then a few words ("5 allocataires du RSA", "8 au RSA")
_GROUP_END = re.compile(r"[,;:.()!?]|\bet\s+(?=\d)|\bdont\b|\bet\s+(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\b")
_NOT_PEOPLE = re.compile(r"^\s*(?:%|€|euros?|k€|mois|ans?\b|annees?|semaines?|jours?|h\b|heures?|entreprises?|sites?|"
                         r"partenaires?|structures?|communes?|points?|pages?|axes?|lots?|exercices?)")


# words that name anyone served, not a public: "bénéficiaires du RSA" is told by "RSA"
_ANYONE = frozenset(tokens("participants personnes bénéficiaires publics accompagnés inscrits prévus"))


@dataclass(frozen=True)
class Share:
    """A share of a public among the people a project serves that a sentence of the call requires."""

    sentence: str
    side: str  # "min" | "max"
    percent: float
    public: frozenset[str]  # the public's stemmed words
    case: tuple[str, str] | None = None  # the axis or lot it is kept to ("axe", "2"): its heading's, or its own line's
    column: bool = False  # read from a table's column: a question naming no case is not yet weighed against it


def _public_words(text: str) -> frozenset[str]:
    from ..conditions import _spelled

    # the administrative abbreviations spelled out: "45 % de BRSA/DELD" are "bénéficiaires du RSA" and "demandeurs
    # d'emploi de longue durée"
    return frozenset(t for t in tokens(f"{text} {_spelled(text, kinds=False)}") if not t.isdigit() and len(t) >= 3)


# a sentence's own words keeping it to one case ("Règle propre à l'axe 3 :", "… des projets de l'axe 2 doivent …")
_KEPT_TO_AXIS = re.compile(r"\b(?:propres? a|specifiques? a|applicables? a|des projets de) (?:l'|le |la |les )?(axe|lot|volet|mesure) "
                           r"(?:n[o°] ?)?(\d{1,2})\b")


def case_sentences(text: str) -> list[tuple[str, tuple[str, str] | None]]:
    """Each sentence of a call's lines (paragraphs and list items, not its tables' rows), with the case of the heading
    it stands under ("### Axe 2 – …": what follows is that axis's, until another heading), bold marks removed."""
    out: list[tuple[str, tuple[str, str] | None]] = []
    case: tuple[str, str] | None = None
    for raw in text.split("\n"):
        line = raw.strip()
        if " | " in line:
            continue
        if line.startswith("#"):
            m = CASE_LABEL.match(fold(line.strip(" #\t")))
            case = (m.group(1), m.group(2)) if m else None
            continue
        out += [(x.replace("**", "").strip(), case) for x in _SENTENCE.split(line.strip(" -•*\t"))]
    return out


@lru_cache(maxsize=8)
def call_shares(text: str) -> tuple[Share, ...]:
    """Each sentence of the call (a line, a list item) that requires a share of a public among the people served."""
    out: list[Share] = []
    header: list[str] = []
    for raw in text.split("\n"):  # a table whose columns are the cases: "Part minimale de bénéficiaires du RSA | 50 % | …"
        line = raw.strip()
        if " | " not in line:
            header = header if not line else []
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if not header:
            header = cells
            continue
        out.extend(_row_shares(line, cells, header))
    sentences = []
    for x, case in case_sentences(text):
        own = CASE_LABEL.match(fold(x))  # "Axe 1 : … au moins 50 % des familles …"
        # ("Règle propre à l'axe 3 : au moins 50 % des participants …": kept to that axis by its own words)
        own = own or _KEPT_TO_AXIS.search(fold(x))
        sentences.append((x, (own.group(1), own.group(2)) if own else case))
    for sentence, case in sentences:
        f = fold(sentence)
        if not sentence or len(sentence) > 400 or re.search(_RESIDE, f) or _OUTCOME.search(f):
            continue  # residents are the territory's; outcomes to reach are no condition of eligibility
        for p in read_percents(f):
            before, after = f[:p.start], f[p.end:]
            if _CONDITION.search(before[-80:]):
                continue  # "lorsque au moins 30 % des participants…": the condition of a bonus, not a requirement
            m = _OF_PEOPLE.match(after)
            if _AT_LEAST.search(before) and m:
                out.append(Share(sentence, "min", p.value, _public_words(m.group("public")), case))
                break
            if _OF_PEOPLE_END.match(after) and (_MUST_MAKE.search(before) or _LIMIT.search(before)):
                public = re.split(r",?\s*(?:qui|dans la limite|au plus|au maximum|sans depasser)\b", before)[0]
                words = _public_words(public)
                if words:
                    out.append(Share(sentence, "min" if _MUST_MAKE.search(before) else "max", p.value, words, case))
                    break
    return tuple(out)


_ROW_SHARE = re.compile(r"^\W*(?:part|proportion|pourcentage)\s+(?P<side>minimale?|maximale?|minimum|maximum|plancher|plafond)?\s*"
                        r"(?:de |d'|des |du )(?P<public>.{3,120})$")


def _row_shares(row: str, cells: list[str], header: list[str]) -> list[Share]:
    """The shares a table row requires, one per column naming a case ("Part minimale de bénéficiaires du RSA | 50 % |
    50 % | sans objet" under "Condition | Axe 1 | Axe 2 | Axe 3": at least 50 % on the axes 1 and 2)."""
    m = _ROW_SHARE.match(fold(cells[0]))
    if not m or len(cells) != len(header) or not re.search(rf"\b{_PEOPLE}", m.group("public")):  # (of people, not of a budget)
        return []
    side = "max" if m.group("side") and m.group("side").startswith(("max", "plaf")) else "min"
    words = _public_words(m.group("public"))
    out = []
    for head, cell in zip(header[1:], cells[1:]):
        pct = read_percents(fold(cell))
        label = CASE_LABEL.match(fold(head))
        if len(pct) == 1 and words:
            out.append(Share(row, side, pct[0].value, words, (label.group(1), label.group(2)) if label else None, column=True))
    return out


def stated_groups(question: str) -> list[tuple[int, frozenset[str], str]]:
    """(number, the group's stemmed words, the words as written) for each group of people the question counts."""
    f = fold(question)
    out = []
    for c in read_counts(question):
        if c.approx or _NOT_PEOPLE.match(f[c.end:]) or re.search(r"\b(?:axe|lot|volet|mesure)s? (?:n[o°] ?)?$", f[max(0, c.start - 14):c.start]):
            continue  # (the number of "l'axe 2 parents isolés" is the axis's)
        rest = f[c.end:c.end + 80]
        end = _GROUP_END.search(rest)
        phrase = rest[:end.start()] if end else rest
        words = _public_words(phrase)
        if words:
            out.append((int(c.value), words, question[c.start:c.end + len(phrase)].strip()))
    return out


def stated_shares(question: str) -> list[tuple[float, frozenset[str], str]]:
    """(percentage, the group's stemmed words, the words as written) for each share of people the question states
    ("40 % de parents isolés", "60 % au RSA")."""
    f = fold(question)
    out = []
    for p in read_percents(f):
        rest = f[p.end:p.end + 80]
        if not re.match(r"\s*(?:de |des |d'|du |au |a la |sont |of |are )", rest) or _NOT_PEOPLE.match(re.sub(r"^\s*\w+'?\s*", "", rest)):
            continue
        end = _GROUP_END.search(rest)
        phrase = rest[:end.start()] if end else rest
        words = _public_words(phrase)
        if words:
            out.append((float(p.value), words, question[p.start:p.end + len(phrase)].strip() if len(question) == len(f)
                        else f[p.start:p.end + len(phrase)].strip()))
    # "20 participants, tous parents isolés", "uniquement des mères isolées": the whole of the people served
    for m in _ALL_OF.finditer(f):
        rest = f[m.end():m.end() + 80]
        end = _GROUP_END.search(rest)
        phrase = rest[:end.start()] if end else rest
        words = _public_words(phrase)
        if words and not any(words <= w for _v, w, _s in out):
            said = (question if len(question) == len(f) else f)[m.start():m.end() + len(phrase)]
            out.append((100.0, words, re.sub(r"^[\s,]*(?:et|dont)?\s*", "", said).strip()))
    return out


_ALL_OF = re.compile(r"(?:,|\bet|\bdont|^)\s*(?:(?:ils |elles )?(?:sont )?(?:tous|toutes)(?: des| les)?|uniquement des|exclusivement des"
                     r"|(?:all|only) (?:of them )?)\s+(?=[a-z])(?!(?:les )?(?:jours|soirs|matins|semaines|mois|ans|annees|deux|trois|ensemble|day|week)\b)")


def share_checks(a: Assistant, question: str, weighed: list[str], ignore: set[str]) -> list[CriterionResult]:
    """A passed or failed check for each share of a public the call requires, when the question states how many
    people the project serves and how many of them belong to that public, or that public's percentage ("40 % de parents
    isolés"); a "to check" when it states the total and other groups but none of that public. A share the call keeps
    to one axis or lot is not weighed against a project that names another."""
    from ..calls.spec import squash
    from ..cases import named_numbers, of_another_case

    total = stated_count(question)
    counted = total is not None and not total.approx and total.value >= 2
    groups = [(n, words, said) for n, words, said in stated_groups(question) if counted and n < total.value]
    percents = stated_shares(question)
    if not groups and not percents:
        return []
    done = [squash(q) for q in weighed if q]
    out: list[CriterionResult] = []
    for share in call_shares(a.spec.call_doc.text):
        if any(x in squash(share.sentence) for x in done) or any(r.citations and r.citations[0].quote == squash(share.sentence) for r in out):
            continue  # (a table row's columns: one check)
        if share.case and of_another_case(f"{share.case[0]} {share.case[1]}", question):
            continue  # "### Axe 2 – …: au moins 60 % … parents isolés" and a project of the axis 1
        if share.column and share.case and not named_numbers(share.case[0], fold(question)):
            share = Share(share.sentence, share.side, share.percent, share.public)  # no case named: to check
            unnamed = True
        else:
            unnamed = False
        telling = share.public - ignore - _ANYONE
        said_pct = [(v, said) for v, words, said in percents if words & telling]
        if said_pct:  # "40 % de parents isolés": the share the applicant states
            total_pct = sum(v for v, _ in said_pct)
            if share.side == "min":
                status = "fail" if total_pct < share.percent - 1e-6 else "pass" if len(said_pct) == 1 else "unknown"
            else:
                status = "fail" if max(v for v, _ in said_pct) > share.percent + 1e-6 else "pass" if (
                    total_pct <= share.percent + 1e-6) else "unknown"
            try:
                cite = a.spec.cite(share.sentence)
            except Exception:  # a sentence not found verbatim is never quoted
                continue
            status = "unknown" if unnamed and status == "fail" else status
            key = {"fail": "share_below" if share.side == "min" else "share_above", "pass": "share_within",
                   "unknown": "share_unknown"}[status]
            out.append(_result("share", status, key, cite, figure=" + ".join(said for _, said in said_pct),
                               quote=share.sentence.rstrip(" ;.,")))
            continue
        if not groups:
            continue
        mine = [(n, said) for n, words, said in groups if words & telling]
        try:
            cite = a.spec.cite(share.sentence)
        except Exception:  # a sentence not found verbatim is never quoted
            continue
        quote = share.sentence.rstrip(" ;.,")
        if not mine:
            if share.side == "min":
                out.append(_result("share", "unknown", "share_unknown", cite, quote=quote))
            continue
        count = sum(n for n, _ in mine)
        pct = 100.0 * count / total.value
        figure = f"{' + '.join(said for _, said in mine)} / {total.text}"  # no computed share: every figure shown is said
        if share.side == "min":
            status = "fail" if pct < share.percent - 1e-6 else "pass" if len(mine) == 1 else "unknown"
        else:
            status = "fail" if max(n for n, _ in mine) * 100.0 / total.value > share.percent + 1e-6 else "pass" if (
                pct <= share.percent + 1e-6) else "unknown"
        status = "unknown" if unnamed and status == "fail" else status
        key = {"fail": "share_below" if share.side == "min" else "share_above", "pass": "share_within",
               "unknown": "share_unknown"}[status]
        out.append(_result("share", status, key, cite, figure=figure, quote=quote))
    return out[:2]
