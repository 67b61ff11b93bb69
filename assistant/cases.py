"""Values a call sets case by case (lots, kinds of project): which case an applicant names.

"Lot 2 — Mobilité | 200 000 € | 10 000 € | 30 000 €", "Projet porté par un consortium d'au moins trois structures |
20 000 € | 120 000 €", "12 personnes … pour le lot 1, 8 personnes pour le lot 2": a constraint's `cases` (drafted by
`ami new-call`), or the rows of two amounts its quotes hold. The case the applicant names decides its values
(money_checks.check_amount, people_checks.check_participants).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .calls.spec import Case, Constraint
from .textnorm import fold
from .types import Citation, Profile

_CASE_FILLER = frozenset({"projet", "projets", "porte", "portes", "par", "une", "un", "des", "les", "de", "du", "d", "l", "la", "le", "et",
                          "structure", "structures", "au", "moins", "aide", "montant", "type", "cas", "situation"})


# how an English question names a French call's family of cases ("axis 3" for "axe 3")
_ENGLISH = {"axe": "axis|axes", "volet": "strand|component|part", "mesure": "measure", "priorite": "priority", "vague": "wave|round",
            "session": "session|round"}


def _family(fam: str) -> str:
    """A pattern for the family word `fam` of a call's cases, in French or English, any ending."""
    fam = fam[:-1] if fam.endswith(("s", "x")) and len(fam) > 3 else fam  # "axes 1 et 2" names the family "axe"
    en = _ENGLISH.get(fam)
    return rf"(?:{re.escape(fam[:4])}\w*|{en})" if en else rf"{re.escape(fam[:4])}\w*"


def named_case(cases: list[Case], said: str) -> Case | None:
    """The one case of a constraint set case by case ("Lot 2 — Mobilité", "Consortium (3 à 5 membres)") the applicant
    names: its number when it has one ("lot 2", not "lot 1"), else every telling word of its label. None when no case,
    or more than one, is named."""
    from .territory import normalize

    text = f" {normalize(said)} "
    found = []
    for k in cases:
        label = normalize(re.sub(r"\([^)]*\)", " ", k.label))
        words = [w for w in label.split() if w not in _CASE_FILLER and (len(w) >= 4 or w.isdigit())]
        numbered = re.search(r"\b([a-z]{3,})\s+(?:n\s*)?(\d{1,2}(?:\s*(?:,|et|ou|a|-)\s*\d{1,2})*)\b", label)
        if numbered:  # "Lot 2 – Accès à l'emploi": its number names it ("on candidate sur le lot 2"); "Axes 1 et 2": either
            if re.search(rf"\b{_family(numbered.group(1))}\s+(?:n\s*)?(?:{'|'.join(_numbers_of(numbered.group(2)))})\b", text):
                found.append(k)
            elif not re.search(rf"\b{_family(numbered.group(1))}\s+(?:n\s*)?\d", text):
                # no case of that family named by number: its title ("Axe 3 — Mobilité") names it ("un projet mobilité")
                title = [w for w in label[numbered.end():].split() if len(w) >= 4 and w not in _CASE_FILLER]
                if title and all(re.search(rf"\b{re.escape(w[:5])}", text) for w in title):
                    found.append(k)
        elif words and all(re.search(rf"\b{re.escape(w[:5])}", text) for w in words if not w.isdigit()):
            found.append(k)
    if len(found) > 1:
        # "Axe 1" from a list and "Axe 1 – Découvrir" from a table's row: one case named twice
        keys = {m.group(1)[:3] + " " + m.group(2) if (m := re.search(r"\b([a-z]{3,})\s+(?:n\s*)?(\d{1,2})\b", normalize(k.label)))
                else k.label for k in found}
        if len(keys) == 1:
            return found[0]
    return found[0] if len(found) == 1 else None


def _numbers_of(listed: str) -> list[str]:
    """The numbers a case label lists ("1 et 2", "1, 2 et 3", "1 à 3" folded "1 a 3")."""
    found = re.findall(r"\d{1,2}", listed)
    span = re.fullmatch(r"(\d{1,2})\s*(?:a|-)\s*(\d{1,2})", listed.strip())
    if span and int(span.group(1)) < int(span.group(2)) <= 20:
        return [str(n) for n in range(int(span.group(1)), int(span.group(2)) + 1)]
    return found


# a case of the call named by its family and number ("axe 3", "lot n° 2"): anywhere in a folded text, or opening it
CASE_NAMED = re.compile(r"\b(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b")
# a case as the applicant writes it, letter or number kept ("volet C", "lot 2", "strand B"): group 1 its family
CASE_WRITTEN = re.compile(r"\b(axes?|lots?|volets?|mesures?|axis|strands?)\s+(?:n°\s*)?(?:[A-H]|\d{1,2})(?![\w'’])", re.I)
CASE_LABEL = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b")


def case_columns(header: str) -> list[str] | None:
    """The case labels a table's header row gives its columns ("Axe 1 | Axe 2 | Axe 3", "Règle | Axe 1 | Axe 2": the
    first column may name the rows), or None when its columns are not cases."""
    from .textnorm import fold

    labels = [c for c in header.split(" | ") if c.strip()]
    if labels and not CASE_LABEL.match(fold(labels[0])):
        labels = labels[1:]
    return labels if len(labels) >= 2 and all(CASE_LABEL.match(fold(c)) for c in labels) else None


def of_another_case(label: str, question: str) -> bool:
    """Whether a heading or a line that opens with a case ("Axe 2 — …", "Lot 1 : …") is about another case than the
    question names: it names some of that family ("axe 1") and not that one."""
    from .textnorm import fold

    m = CASE_LABEL.match(fold(label))
    if not m:
        return False
    named = named_numbers(m.group(1), fold(question))
    return bool(named) and m.group(2) not in named


_TITLED = re.compile(r"^#+\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(axe|lot|volet|mesure)s?\s+(?:n[o°] ?)?(\d{1,2})\s*[–—:.-]\s*(.+)$", re.M | re.I)
_TITLE_FILLER = frozenset({"actions", "action", "projets", "projet", "mesures", "dispositif", "appui", "soutien"})


@lru_cache(maxsize=8)
def _title_words(text: str) -> dict[tuple[str, str], str]:
    """For each case a heading of the call titles ("### Axe 3 — Mobilité des parents isolés"), the first word of its
    title that no other title of the family holds ("mobilite"): how a question names the case without its number."""
    from .textnorm import fold

    titles = {(fold(m.group(1)), m.group(2)): [w for w in re.findall(r"[a-z]{5,}", fold(m.group(3))) if w not in _TITLE_FILLER]
              for m in _TITLED.finditer(fold(text))}
    out = {}
    for key, words in titles.items():
        others = {w[:5] for k, ws in titles.items() if k != key and k[0] == key[0] for w in ws}
        own = next((w for w in words if w[:5] not in others), None)
        if own:
            out[key] = own
    return out


def case_named(family: str, number: str, question: str, call_text: str) -> bool:
    """Whether a question names the case `family number` ("axe 3"): by its number, else, when it names no number of
    that family, by the distinctive word of the case's title in the call's headings ("un projet mobilité") when that
    word names no other case."""
    from .textnorm import fold

    q = fold(question)
    named = named_numbers(family, q)
    if named:
        return number in named
    words = {k: w for k, w in _title_words(call_text).items() if k[0] == family}
    hits = [k for k, w in words.items() if re.search(rf"\b{re.escape(w[:5])}", q)]
    return hits == [(family, number)]


def named_numbers(family: str, folded: str) -> list[str]:
    """The numbers of the cases of a family ("axe", "lot") a folded text names: ["1", "3"] for "axe 1 + axe 3"."""
    return re.findall(rf"\b{_family(family)} (?:n[o°] ?)?(\d{{1,2}})\b", folded)


def named_row(c: Constraint, cites: list[Citation], said: str) -> tuple[float | None, float | None, Citation] | None:
    """The row of a table of amounts by case ("Lot 2 | 40 000 € | 120 000 €") whose case the applicant names: from the
    constraint's drafted cases, else from its quoted rows of two amounts (floor and cap)."""
    from .quantities import read_amounts

    cases = c.cases or [Case(label=x.quote.split(" | ")[0], quote=x.quote, min_eur=min(a), max_eur=max(a))
                        for x in cites if " | " in x.quote and len(a := [v.value for v in read_amounts(x.quote)]) == 2]
    k = named_case(cases, said)
    if k is None:
        return None
    cite = next((x for x in cites if x.quote == k.quote), None)
    return (k.min_eur, k.max_eur, cite) if cite is not None else None


def quoted_first(cites: list[Citation], quote: str) -> list[Citation]:
    """The citations with the one of `quote` first (the row or clause a verdict rests on), else as they are."""
    row = next((x for x in cites if x.quote == quote), None)
    return [row, *[x for x in cites if x is not row]] if row else cites


def applicant_case(cases: list[Case], p: Profile, by_kind: bool = True) -> Case | None:
    """The one case of a constraint set by kind of applicant ("Associations, missions locales et SIAE | 80 %",
    "Communes, CCAS/CIAS et EPCI | 50 %") the applicant is in: a kind its label lists by name in the applicant's own
    words ("mission locale", "SIAE"), else (`by_kind`) its structure type (a words.yaml type: "collectivite") the label
    names. None when no case, or more than one, fits."""
    from .calls.draft_values import _types
    from .territory import normalize

    declared = (p.structure.type or "") if by_kind else ""  # a type id from a question ("collectivite"), or its own words
    said = " ".join(x for x in (declared, p.structure.name, p.project.summary) if x)
    kind = declared if "_" in declared or declared.isalpha() and declared.islower() else next(iter(_types(declared)), "")

    from .conditions import _spelled

    text = _spelled(said)  # "une ETTI" is a SIAE, and spelled out ("entreprise de travail temporaire d'insertion")
    own_words = " ".join(x for x in (p.structure.name, p.project.summary) if x)
    if kind == declared and own_words:  # a type id read from the applicant's words: those words name the kind, not the id
        text = _spelled(own_words)  # ("une SCOP" is not the row "… entreprises" because its type id is "entreprise")

    def says(words: list[str]) -> bool:  # the words in this order, small words between ("organisme de formation")
        return bool(words) and len(" ".join(words)) >= 3 and bool(re.search(
            r"\b" + r"\W+(?:\w{1,3}\W+){0,2}".join(rf"{re.escape(w.rstrip('sx') if len(w) > 4 else w)}\w{{0,2}}" for w in words) + r"\b", text))

    def named(label: str) -> bool:
        for piece in _pieces(label):
            words = [w for w in piece.split() if w not in _CASE_FILLER]
            if says(words):
                return True
            # "Organismes de formation de statut commercial" and "organisme de formation en SARL": the kind named, and
            # what qualifies it is the applicant's structure type
            if kind and len(words) >= 3 and any(says(words[:cut]) and kind in _types(" ".join(words[cut:]))
                                                for cut in range(2, len(words))):
                return True
        return False

    # (a kind named that is not the applicant's, when a row names its own: "commune de Mirande 6 000 €" is a co-funder
    # of an association, not what it is)
    by_name = [k for k in cases if named(k.label) and (not kind or kind in _types(k.label) or not any(kind in _types(x.label) for x in cases))]
    if len(by_name) == 1:
        return by_name[0]
    by_kind = [k for k in cases if kind and kind in _types(k.label)]
    if len(by_kind) > 1:
        # "Associations, coopératives (SCOP, SCIC), groupements d'employeurs" and "entreprises artisanales" for a SARL:
        # a row names the kind by one of its particular forms the applicant is not (a SCOP), the other by its plain name
        plain = [k for k in by_kind if any(kind in _types(piece) and (_plain_word(kind) in piece or any(
            w in text.split() for w in piece.split() if len(w) > 3)) for piece in _pieces(k.label))]
        by_kind = plain if len(plain) == 1 else by_kind
    return by_kind[0] if len(by_kind) == 1 else None


def _pieces(label: str) -> list[str]:
    """The kinds a case's label lists, normalised ("Associations, coopératives (SCOP, SCIC)" → its four names)."""
    from .territory import normalize

    return [y.strip() for x in re.split(r"[,;/()|]", label) for y in re.split(r"\bet\b|\bou\b", normalize(x)) if y.strip()]


def _plain_word(kind: str) -> str:
    """The plain French name of a structure type ("entreprise"), as a piece of a label holds it (singular stem)."""
    from .facts import generic_words
    from .territory import normalize

    label = ((generic_words()["structure_types"].get(kind) or {}).get("label") or {}).get("fr") or kind
    return normalize(label).rstrip("s")


def first_named_case(cases: list[Case], said: str) -> Case | None:
    """Of the cases whose label's telling words all appear in what the applicant says ("le dossier complet … comme la
    lettre d'intention"), the one named first: the subject of the question, not what it is compared with."""
    from .territory import normalize

    text = f" {normalize(said)} "
    best: tuple[int, Case] | None = None
    for k in cases:
        words = [w for w in normalize(k.label).split() if w not in _CASE_FILLER and len(w) >= 4]
        found = [re.search(rf"\b{re.escape(w[:5])}", text) for w in words]
        if words and all(found):
            at = min(m.start() for m in found if m)
            if best is None or at < best[0]:
                best = (at, k)
    return best[1] if best else None


# what a line keeps to one or some of the call's cases: "… ne sont éligibles que pour les projets de l'axe 2", "les
# organismes de formation certifiés, pour l'axe 2 uniquement", "les frais de carburant, uniquement pour les projets de
# l'axe 4", "les communes …, uniquement au titre de l'axe 1"
_CASE_NAMED = (r"(?:les projets (?:de |du |d'|des )|les actions (?:de |du |d'|des ))?(?:le |la |les |l')?(?P<fam>[a-z]{3,12}) (?:n[o°] ?)?"
               r"(?P<n>\d{1,2}(?:(?:, | et | ou )\d{1,2})*)\b")
_ONLY_CASE = re.compile(rf"\bne (?:peu\w*|pourr\w*|sont|est|seront|sera)\b[^.;:]{{0,80}}?\bque (?:sur|pour|dans|au titre d(?:e|u|es)|en) {_CASE_NAMED}")
_ONLY_FOR = (re.compile(rf",?\s*\b(?:pour|sur|au titre d(?:e|u|es)|dans) {_CASE_NAMED}\s*(?:uniquement|seulement|exclusivement)\b"),
             re.compile(rf",?\s*\b(?:uniquement|seulement|exclusivement) (?:pour|sur|au titre d(?:e|u|es)|dans) {_CASE_NAMED}"),
             # "… sont réservées à l'axe 2", "l'achat de véhicules, dans les limites fixées pour l'axe 2": a cost whose
             # limits are set for one case only is that case's
             re.compile(rf"\breserve\w* (?:a|au|aux) {_CASE_NAMED}"),
             re.compile(rf"\b(?:dans|selon) les (?:limites|conditions|plafonds) (?:fixe|prevu|defini)\w* (?:pour|a|au) {_CASE_NAMED}"))


def row_cases(row: str, header: str) -> tuple[str, set[str], set[str]] | None:
    """The family and the numbers of the cases a table row admits and refuses, read from its cells under the header
    naming the cases ("Communes … | Oui | Oui | Non" under "Type de structure | Axe 1 | Axe 2 | Axe 3": "axe", {"1",
    "2"}, {"3"}), or None when the header names no case."""
    heads, cells = [fold(c.strip()) for c in header.split(" | ")[1:]], [fold(c.strip()) for c in row.split(" | ")[1:]]
    if len(heads) != len(cells):
        return None
    family, admits, refuses = "", set(), set()
    for h, c in zip(heads, cells):
        m = re.fullmatch(r"(?P<fam>[a-z]{3,12}) (?:n[o°] ?)?(?P<n>\d{1,2})", h)
        if not m or (family and m.group("fam") != family):
            return None
        family = m.group("fam")
        if re.match(r"(?:non|no)\b|[-–—]$|$", c):
            refuses.add(m.group("n"))
        elif re.match(r"(?:oui|yes|x)\b", c):
            admits.add(m.group("n"))
    return (family, admits, refuses) if family else None


def kept_to(folded: str) -> re.Match | None:
    """The case (groups `fam`, `n`: "axe", "1 et 2") a folded line keeps what it speaks of to, or None."""
    return _ONLY_CASE.search(folded) or next((m for m in (x.search(folded) for x in _ONLY_FOR) if m), None)
