"""The money a call's document states, for `ami new-call` (drafting.extract): the envelope, the floor and cap per
project (in a sentence, or in a table of amounts by case with a second cap column for a case it names), a cap per
person, a cap raised on a condition, the maximum funding rate (by case, lowered for some kinds of applicant, raised on a
condition) and the payments' lines — each fact with the verbatim sentence or table row it comes from.
"""

from __future__ import annotations

import re

from .drafting import Draft, Fact, _cue, _money, _section_kind, axis_of
from .read import Unit, row_label
from ..quantities import _digits, read_percents
from ..textnorm import fold


_ENVELOPE = re.compile(r"enveloppe|dotation|\bdote\b|budget (?:global|total) de l|credits? (?:consacres|reserves|alloues)")
_PER_PROJECT = re.compile(r"(?:par|a chaque|pour chaque) (?:projet|porteur|structure|action|dossier|laureat)|subvention demandee|montant de l'aide|aide (?:de [\w ]+ )?est plafonnee|comprise entre")
_MAX_CUE = re.compile(r"plafonn\w*|maximum|maximale?|au plus|ne (?:peut|pourra) (?:exceder|depasser)|dans la limite d[eu]|jusqu'a|n'excede")
_AXIS_CAP = re.compile(r"\bprojets? (?:de l'|du |des |de la )?(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2}) (?:sont|est|seront|sera) "
                       r"(?:plafonnee?s?|limitee?s?) a\b")
_NOT_RAISED = re.compile(r"\by compris lorsqu|\bn'est pas majorable|\bne (?:peut|sont|est) pas majore|\bsans majoration")
_MIN_CUE = re.compile(r"minimum|minimale?|au moins|plancher|superieure? ou egale? a|d'au moins"
                      r"|\bne (?:peut|peuvent|doit|doivent|saurait) (?:pas )?(?:etre )?inferieure?s? a|\bpas inferieure?s? a")


_PER_PERSON = re.compile(r"\s*(?:ht|ttc)?\s*(?:par (?:participant|personne|beneficiaire|jeune|stagiaire|salarie|demandeur|senior)s?"
                         r"|multiplie\w* par le nombre (?:de|des) (?:participant|personne|beneficiaire|jeune|stagiaire)s?)\b")
# an amount per unit of something that is not the project ("25 000 € au plus par véhicule", "600 € par mois")
_PER_UNIT = re.compile(r"\s*(?:ht|ttc)?\s*(?:au plus |maximum |au maximum |minimum )?(?:par|/)\s*(?!projets?\b|porteurs?\b|structures?\b|"
                       r"dossiers?\b|actions?\b|laureats?\b|candidat|an\b|annee\b|operations?\b)[a-z]")
_OF_AID = re.compile(r"\b(?:subventions?|aides?(?! (?:au|aux|a la|a l') ?(?!projet|porteur|structure|demarrage|fonctionnement|investissement))|montants?|financements?|plafond|dotations?|forfaits?)\b")
_OF_COST = re.compile(r"\b(?:frais|depenses?|couts?|achats?|equipements?|locations?|prises? en charge)\b")
# aid the project pays to the people it serves, one of its costs: "les aides individuelles directes versées aux participants"
_PAID_TO_PEOPLE = re.compile(r"\baides? (?:individuelles?|directes?)\b|\baides? (?:au|a la) (?:financement|paiement|prise en charge) (?:du|de la|des|de l'|d')"
                             r" ?(?!projets?\b|actions?\b|porteurs?\b)|\bverse\w* (?:aux|a des|directement aux) (?:participants|beneficiaires|"
                             r"personnes|stagiaires|jeunes|familles|salaries)")
_RAISED_CAP = re.compile(r"\b(?:plafond|montant maximum|aide maximale)\b[^.;€]{0,40}?\b(?:est |sera )?(?:porte|releve|eleve|fixe|passe)e? a (?=\d)")
# the cap and its raise in one line: "Subvention maximale | 45 000 € par projet, porté à 60 000 € pour les projets comportant un axe 3"
_RAISED_AFTER = re.compile(r"\b(?:maximale?|plafonnee?|plafond)\b[^.;]{0,60}?(?:€|euros)[^.;|]{0,25}?,\s*(?:porte|releve|eleve)e? a (?=\d)")
_COLUMN_MIN = re.compile(r"plancher|minim|\bmin\b")
_COLUMN_MAX = re.compile(r"plafond|maxim|\bmax\b")


def _of_a_cost(u: Unit, f: str) -> bool:
    """Whether a line's amount bounds one cost, not the aid: "les petits équipements et fournitures, dans la limite de
    5 000 € par projet" in a list of expenses, or under a heading of expenses."""
    if _OF_AID.search(f):
        return False
    return bool(_OF_COST.search(f)) and (u.kind == "item" or _section_kind(u) == "expenses")


def _row_by_header(header: list[str], row: str) -> tuple[float | None, float, str, tuple[float, str] | None] | None:
    """A table row's floor and cap per project read under its header's columns ("Lot | Enveloppe | Plancher par projet |
    Plafond par projet" over "Lot 1 — Parcours | 420 000 € | 10 000 € | 45 000 €": 10 000 and 45 000, not the
    envelope), with the tax basis; None when the header names no such column or the cells do not line up."""
    cells = row.split(" | ")
    if len(cells) == len(header) + 1 and not _money(fold(cells[0])):
        header = ["", *header]  # "| | Plancher | Plafond |": the header's empty first cell is not written
    if len(cells) != len(header):
        return None
    lo = hi = None
    tax = ""
    raised: tuple[float, str] | None = None
    for given, cell in zip(header, cells):
        name, amounts = fold(given), _money(fold(cell))
        if len(amounts) == 2 and _COLUMN_MAX.search(name) and hi is None and amounts[1][0] > amounts[0][0] and (
                "(" in fold(cell)[amounts[0][3]:amounts[1][2]]):
            # "30 000 € (45 000 € si le projet couvre les trois intercommunalités)": the cap, and its raise on the condition
            # the cell states ("60 000 € (80 000 € voir ci-dessous)": a raise said elsewhere, read from its own sentence)
            hi, tax = amounts[0][0], amounts[0][1] or tax
            cond = re.match(r"\s*(?:si|lorsque|lorsqu'|quand|pour|en cas d[e'])\s*(.{6,}?)[\s).;]*$", fold(cell)[amounts[1][3]:])
            if cond:
                at = amounts[1][3] + cond.start(1)
                raised = (amounts[1][0], cell[at:at + len(cond.group(1))] if len(cell) == len(fold(cell)) else cond.group(1))
            continue
        if len(amounts) != 1 or _ENVELOPE.search(name):
            continue
        if _COLUMN_MAX.search(name) and hi is None:
            hi, tax = amounts[0][0], amounts[0][1] or tax
        elif _COLUMN_MAX.search(name) and raised is None and amounts[0][0] > hi:
            # "Plafond par projet | Plafond projet partenarial": a higher cap for the case the column names
            cond = re.match(r"\s*(?:ht|ttc)?\s*(?:si|lorsque|lorsqu'|quand|pour|en cas d[e'])\s*(.{6,}?)[\s).;]*$", fold(cell)[amounts[0][3]:])
            if cond and len(cell) == len(fold(cell)):  # "140 000 € pour un consortium réunissant …": the cell says the case
                at = amounts[0][3] + cond.start(1)
                said = cell[at:at + len(cond.group(1))]
                raised = (amounts[0][0], said + ")" * (said.count("(") - said.count(")")))
            else:
                raised = (amounts[0][0], re.sub(r"(?i)\b(?:plafond|montant|subvention|aide)s?\b|\bmaxim\w*|\bmax\b|\bpar\b|[()]", " ", given))
        elif _COLUMN_MIN.search(name) and lo is None:
            lo, tax = amounts[0][0], amounts[0][1] or tax
    if hi is None:
        return None
    return lo, hi, tax, raised


_DEFINES = r"(?:considere\w* comme|reputee?s?|qualifiee?s? (?:de |d')|dite?s?|appelee?s?|on entend par)"


def _defined(d: Draft, case: str) -> list[str]:
    """The call's sentence that defines the kind of project a column names ("Aide maximale pour un projet
    inter-territorial" and "Est considéré comme inter-territorial un projet porté par …", "Un projet est dit
    « partenarial » lorsqu'il réunit …"): what a project must be to have that column's cap."""
    words = [w for w in re.findall(r"[a-z][a-z-]{4,}", fold(case)) if w not in ("projet", "projets", "pour", "structure", "structures")]
    for u in d.units:
        if any(re.search(rf"{_DEFINES}\s+(?:un |une |des |les |le |la )?(?:projets? )?[«\"]?\s*{re.escape(w)}\b", u.folded) for w in words):
            return [u.text]
    for u in d.units:  # "Projet interterritorial : le plafond de 60 000 € … suppose que le projet dispose d'au moins un lieu
        # d'action dans chacune d'au moins deux des trois intercommunalités": a term the sentence opens with, then a colon
        if " | " not in u.text and any(re.match(rf"\W*(?:(?:les? |la |l')?projets? )?[«\"]?\s*{re.escape(w)}s?\s*[»\"]?\s*:\s*\S", u.folded)
                                       for w in words):
            return [u.text]
    for u in d.units:  # "Le plafond majoré de 55 000 € est accordé aux projets … portés par un groupement …"
        if any(re.search(rf"\b{re.escape(w)}\b[^.;]{{0,40}}\b(?:est|sont) (?:accorde|reserve|ouvert|applicable)e?s? (?:aux|a|au) ", u.folded)
               for w in words) and " | " not in u.text:
            return [u.text]
    return []


def _tables(d: Draft) -> list[list[Unit]]:
    """The call's tables, each as its rows in order (its first row, the header, first)."""
    out: list[list[Unit]] = []
    for u in d.units:
        if " | " not in u.text:
            if out and out[-1]:
                out.append([])
            continue
        if not out:
            out.append([])
        out[-1].append(u)
    return [t for t in out if len(t) >= 2]


def _cases_in_columns(d: Draft) -> set[int]:
    """A table whose columns are the cases ("| | Axe 1 | Axe 2 | Axe 3 |" over "Subvention minimale | 8 000 € | 8 000 € |
    8 000 €", "Plafond général | 40 000 € | …", "Plafond projet intercommunautaire | 55 000 € | …", "Taux maximal d'aide |
    70 % | …"): one row of amounts and one rate per case, as a table with a row per case would give; the indexes of the
    units read."""
    from ..cases import case_columns

    read: set[int] = set()
    for table in _tables(d):
        labels = case_columns(table[0].text)  # ("| Règle | Axe 1 | Axe 2 | Axe 3 |": the first column names the rows)
        if labels is None:
            continue
        rows = [(u, u.text.split(" | ")) for u in table[1:]]
        rows = [(u, cells) for u, cells in rows if len(cells) == len(labels) + 1]
        lo = hi = raised = rate = None
        inner: dict[int, float] = {}  # "45 000 € (70 000 € si le projet couvre …)": a column's raise, in brackets
        for u, cells in rows:
            name, values = fold(cells[0]), [_money(fold(c)) for c in cells[1:]]
            if values and all(values):
                if _COLUMN_MAX.search(name) and hi is None:
                    inner = {j: v[1][0] for j, (v, c) in enumerate(zip(values, cells[1:]))
                             if len(v) == 2 and re.search(r"\(\s*[\d \u00a0\u202f.]+\s*(?:€|euros?)[^)]*\b(?:si|lorsqu|pour)\b", fold(c))}
                if _COLUMN_MIN.search(name) and lo is None:
                    lo = (u, [v[0][0] for v in values], values[0][0][1])
                elif _COLUMN_MAX.search(name) and hi is None:
                    hi = (u, [v[0][0] for v in values], values[0][0][1])
                elif _COLUMN_MAX.search(name) and raised is None:
                    raised = (u, [v[0][0] for v in values], cells[0])
            elif re.search(r"\btaux\b", name) and rate is None:
                pcts = [read_percents(fold(c)) for c in cells[1:]]
                if all(len(p) == 1 for p in pcts):
                    rate = (u, [float(p[0].value) for p in pcts])
        if hi is None:
            continue
        read |= {table[0].index} | {x[0].index for x in (lo, hi, raised, rate) if x}
        d.facts.append(Fact("amount_header", table[0].text, [table[0].text]))
        when = " ".join(re.sub(r"(?i)\b(?:plafond|montant|subvention|aide)s?\b|\bmaxim\w*|\bmax\b|\bpar\b|[()]", " ", raised[2]).split()) if raised else None
        for j, label in enumerate(labels):
            up = raised[1][j] if raised and raised[1][j] > hi[1][j] else None
            row = {"min": lo[1][j] if lo else None, "max": hi[1][j], "label": label, "tax": hi[2], "raised": up,
                   "raised_when": when if up else None, "raised_defined": _defined(d, raised[2]) if up else None}
            if up is None and inner.get(j, 0) > hi[1][j]:  # the raise in brackets, on the condition it states
                cell = hi[0].text.split(" | ")[j + 1]
                at = re.search(r"\((?:[^)]*?)\b(?=si\b|lorsqu|pour\b)", fold(cell))
                when_said = cell[at.end():].strip(" )") if at and len(fold(cell)) == len(cell) else None
                # (the call's definition of the case, when it gives one, then the row: "(60 000 € si projet interterritorial)")
                row |= {"raised": inner[j], "raised_when": when_said,
                        "raised_defined": [*(_defined(d, when_said) if when_said else []), hi[0].text]}
            d.facts.append(Fact("amount_row", row, [x[0].text for x in (hi, lo, raised) if x]))
        if rate:
            d.facts.append(Fact("rate_header", table[0].text, [table[0].text]))
            d.facts += [Fact("rate_row", {"max": rate[1][j], "label": label}, [rate[0].text]) for j, label in enumerate(labels)]
    return read


def _find_money(d: Draft) -> None:
    header: list[str] = []
    quoted_header = ""
    done = _cases_in_columns(d)
    for u in d.units:
        if u.index in done:
            continue
        f = u.folded
        amounts = _money(f)
        if " | " not in u.text:
            header = []
        elif not amounts and not header:
            header = u.text.split(" | ")  # a table's first row: its columns' names
        by_header = _row_by_header(header, u.text) if header and amounts else None
        if by_header:  # "Lot 1 — Parcours | 420 000 € | 10 000 € | 45 000 €" under "… | Plancher par projet | Plafond par projet"
            if quoted_header != " | ".join(header):  # the header row, once: what each column is
                quoted_header = " | ".join(header)
                d.facts.append(Fact("amount_header", quoted_header, [quoted_header]))
            raised = by_header[3]
            d.facts.append(Fact("amount_row", {"min": by_header[0], "max": by_header[1], "label": row_label(header, u.text.split(" | ")),
                                               "tax": by_header[2], "raised": raised[0] if raised else None,
                                               "raised_when": " ".join(raised[1].split()) if raised else None,
                                               "raised_defined": _defined(d, raised[1]) if raised else None}, [u.text]))
            _rate_row(d, header, u)  # "Axe 2 | … | 35 000 € | 70 %": the same row may set the case's rate too
            continue
        per_person = [v for v, _t, _s, e in amounts if _PER_PERSON.match(f, e)]
        # the aid's cap per person, not a cost's ("les EPI, dans la limite de 250 € par participant", "la prise en charge
        # des frais de permis est plafonnée à 1 300 € par participant")
        of_aid = bool(_OF_AID.search(f)) and not _OF_COST.search(f) and not _OF_COST.search(fold(u.section or "")) and not (
            _PAID_TO_PEOPLE.search(f))  # "les aides individuelles versées aux participants … 600 € par personne": a cost
        if per_person and of_aid and not axis_of(u) and (_MAX_CUE.search(f) or re.search(r"\bplafon|ne (?:peut|pourra) depasser", f)):
            # (under one lot's heading, "… plafonnée à 1 200 € par participant" is that lot's, not the call's)
            # "Plafond par participant | 1 500 € par participant prévu": a cap per person served, beside the cap per project
            d.facts.append(Fact("amount_per_person", {"max": per_person[0]}, [u.text]))
            if len(per_person) == len(amounts):
                continue
        elif per_person and len(per_person) == len(amounts):
            continue  # a cost's cap per person ("… plafonnée à 1 200 € par participant") is no amount per project
        if " | " in u.text and len(amounts) == 2 and amounts[0][0] < amounts[1][0] and not _RAISED_AFTER.search(f) and re.search(
                r"montant|aide|subvention|financement", fold(u.section.split(" > ")[-1]) if u.section else ""):
            # "Projet porté par une structure seule | 15 000 € | 80 000 €": a row of an amounts-by-case table
            d.facts.append(Fact("amount_row", {"min": amounts[0][0], "max": amounts[1][0], "label": row_label(header, u.text.split(" | ")),
                                               "tax": amounts[0][1]}, [u.text]))
            continue
        if len(amounts) == 1 and re.search(r"\bplancher\b|\bmontant (?:minimum|minimal)\b|\bsubvention minimale\b|\baide minimale\b", f) and re.search(
                r"\b(?:ramene|abaisse|reduit|fixe|porte)e? a\b", f) and re.search(r"\b(?:lorsqu|si |quand|pour (?:les|le|la|un|une) )", f):
            # "Le plancher est ramené à 6 000 € pour les projets mis en œuvre exclusivement sur …": a lower floor, on a condition
            d.facts.append(Fact("amount_lowered", {"min": amounts[0][0]}, [u.text]))
            continue
        after = _RAISED_AFTER.search(f)
        if after and len(amounts) >= 2 and re.search(r"\b(?:lorsqu|si |quand|des lors|a condition|pour (?:les|le|la|un|une) )", f[after.end():]):
            # the raised cap is a case of its own; the line's first amount stays the cap (read below)
            d.facts.append(Fact("amount_raised", {"max": next(a[0] for a in amounts if a[2] >= after.start() and a[2] >= after.end() - 1)},
                                [u.text]))
        raised = _RAISED_CAP.search(f)
        if raised and amounts and re.search(r"\b(?:lorsqu|si |quand|des lors|a condition|pour (?:les|le|la|un|une) (?:projets?|structures?|porteurs?|"
                                            r"consortiums?|groupements?))", f[raised.end():]):
            # "Pour le lot 1, le plafond est porté à 60 000 € lorsque le projet est porté par un consortium …", "… porté à
            # 75 000 € pour les projets portés en consortium …"
            d.facts.append(Fact("amount_raised", {"max": next(a[0] for a in amounts if a[2] >= raised.start())}, [u.text]))
            if not any(a[3] <= raised.start() for a in amounts):
                continue  # "montant maximum : 45 000 € par projet ; ce plafond est porté à 70 000 € pour …": the cap, read below
        kept = _AXIS_CAP.search(f)
        if kept and len(amounts) == 1:  # "Par exception, les projets de l'axe 3 sont plafonnés à 40 000 €, y compris
            # lorsqu'ils remplissent les conditions du plafond majoré": that axis's cap, raised or not
            d.facts.append(Fact("amount_row", {"min": None, "max": amounts[0][0], "label": f"{kept.group(1).capitalize()} {kept.group(2)}",
                                               "tax": amounts[0][1], "not_raised": bool(_NOT_RAISED.search(f))}, [u.text]))
            continue
        if amounts and _ENVELOPE.search(f) and not _PER_PROJECT.search(f):
            v, tax, _s, _e = amounts[0]
            d.facts.append(Fact("envelope", {"total": v, "tax": tax}, [u.text]))
        elif amounts and _PER_PROJECT.search(f) and not re.search(r"benevol|\bmo\b", f) and not _of_a_cost(u, f) and (
                amounts := [a for a in amounts if not _PER_UNIT.match(f, a[3])]):
            # ("trois au plus par projet, 25 000 € au plus par véhicule": a cap per vehicle is no cap per project)
            lo = hi = None
            m = re.search(r"(?:entre|de)\s+([\d \u00a0\u202f.]+)\s*(?:€|euros?)\s*(?:ht|ttc)?\s*(?:\([^)]{0,30}\)\s*)?(?:et|a)\s+([\d \u00a0\u202f.]+)\s*(?:€|euros?)", f)
            if m and len(amounts) >= 2:
                lo, hi = amounts[0][0], amounts[1][0]
            else:
                for v, _tax, s, e in amounts:
                    window = f[max(0, s - 40):s]
                    after = f[e:e + 14]
                    own = re.match(r"\s*(?:ht|ttc)?\s*\(?\s*(?:au )?(plafond|maximum|plancher|minimum)", after)
                    if own:  # "3 000 € (plancher)": the amount's own label wins over the words before it
                        if own.group(1) in ("plafond", "maximum") and hi is None:
                            hi = v
                        elif own.group(1) in ("plancher", "minimum") and lo is None:
                            lo = v
                    elif hi is None and _MAX_CUE.search(window):
                        hi = v
                    elif lo is None and _MIN_CUE.search(window):
                        lo = v
            axis = axis_of(u)
            if (lo is not None or hi is not None) and axis and hi is not None:
                # "Règles propres à l'axe 2 : … le plafond d'aide est fixé à 30 000 € par projet": that axis's cap
                d.facts.append(Fact("amount_row", {"min": lo, "max": hi, "label": axis, "tax": amounts[0][1]}, [u.text]))
            elif lo is not None or hi is not None:
                d.facts.append(Fact("amount", {"min": lo, "max": hi, "tax": amounts[0][1]}, [u.text]))
        if re.search(r"\btva\b|assujetti|\bhors taxes\b|toutes taxes comprises", f):  # the tax basis, spelled out
            d.facts.append(Fact("tax", {"text": u.text}, [u.text]))
        m = re.search(r"(?:entre|de)\s+(\d+)\s+(?:et|a)\s+(\d+)\s+projets|(\d+)\s+a\s+(\d+)\s+projets", _digits(f, "fr"))
        if m:
            a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            d.facts.append(Fact("number_of_projects", {"min": int(a), "max": int(b)}, [u.text]))
        if header and " | " in u.text and _rate_row(d, header, u):
            continue
        _find_rate(d, u, f)


def _rate_row(d: Draft, header: list[str], u: Unit) -> bool:
    """A row of a table of maximum rates by kind of applicant ("Type de porteur | Taux maximal" over "Associations,
    missions locales et SIAE | 80 %"): a rate case, the header quoted once before its first row."""
    cells = u.text.split(" | ")
    if len(cells) != len(header) or len(cells) < 2:
        return False
    cols = [i for i, name in enumerate(header) if re.search(r"\btaux\b|\bpourcentage\b|\brate\b", fold(name))]
    if len(cols) != 1 or cols[0] == 0:
        return False
    # "70 % (50 % pour les organismes à but lucratif et les CIAS)": the row's rate; the exception in brackets is read
    # by the check (money_checks._kind_exception)
    pcts = read_percents(re.sub(r"\([^)]*\)", " ", fold(cells[cols[0]])))
    if len(pcts) != 1 or read_percents(fold(cells[0])):
        return False
    if not d.of("rate_row"):
        d.facts.append(Fact("rate_header", " | ".join(header), [" | ".join(header)]))
    d.facts.append(Fact("rate_row", {"max": float(pcts[0].value), "label": row_label(header, cells)}, [u.text]))
    return True


_TRIGGER = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?(?:du montant|de la subvention|de l'aide)?\s*,?\s*(?:(?:est|sont|sera|seront)\s+)?"
                      r"(?:(?:verse|paye|regle|attribue)e?s?\s+)?(?:a|au|a la|apres|sur|lors de|des|en)\s+"
                      r"(?:la |l'|le )?(?:signature|notification|demarrage|debut|lancement|presentation|remise|reception|fin\b|"
                      r"achevement|bilan|justificati|transmission|production|validation)")


def _is_payment(f: str, context: str, pcts: list) -> bool:
    """A sentence about paying the grant in tranches: under a payments heading or lead, or a share followed by its
    trigger ("60 % à la signature"); a share of the cost ("80 % du coût total... le solde") is not a tranche."""
    if not re.search(r"\bvers\w*|avance|acompte|tranche|solde|paiement", f):
        return False
    if _cue("payments", "list_cues").search(context):
        return True
    return any(_TRIGGER.match(f, m.end) or re.search(r"(?:avance|acompte|tranche|solde)\s+(?:de|d'un montant de)\s+$", f[:m.start])
               for m in pcts)


# the kinds of applicant a sentence sets apart: "Pour les communes, CCAS, CIAS et intercommunalités, le taux …"
_LOWERED_FOR = re.compile(r"^\W*(?:pour|s'agissant d)(?:es| les| la| le| l') ?(?P<k>(?!projets?\b|depenses?\b|couts?\b|actions?\b|axes?\b|lots?\b)"
                          r"(?:(?!\btaux\b)[^,;:.]){3,}(?:,(?:(?!\btaux\b)[^,;:.]){2,}){0,5}),")


# a part of the costs the call limits to a share of the budget, no rate of the grant: "l'achat de véhicules …, dans la
# limite de 30 % du coût total éligible du projet"
_COST_SUBJECT = re.compile(r"^\W*(?:l'|les? |la )?(?:achats?|acquisitions?|depenses?|frais|investissements?|locations?|travaux|prises? en charge|"
                           r"equipements?|couts? (?:de|d'|des|du))\b")


# where a clause changes the rate just stated: "…80 % … ; ce taux est limité à 60 % lorsque …", "… porté à 80 % pour …"
# a sentence that changes the rate the sentence before it states ("Ce taux est porté à 80 % …")
_THIS_RATE = re.compile(r"\W*(?:(?:ce|cette) (?:taux|part|pourcentage|proportion)\b|(?:il|elle) (?:est|sera) (?:porte|ramene|abaisse|reduit|"
                        r"limite|plafonne|releve|majore)e? a\b)")  # ("Il est ramené à 50 % pour …": the rate said before)
# the kinds a changed rate is for, after it: "Il est ramené à 50 % pour les collectivités territoriales, … (CCAS, CIAS)"
_KINDS_AFTER = re.compile(r"\b(?:ramene|abaisse|reduit|limite|plafonne|fixe)e?s? a \d{1,3}(?:[.,]\d+)? ?%,? pour (?:les |la |le |l')"
                          r"(?P<k>(?!projets?\b|depenses?\b|couts?\b|actions?\b|axes?\b|lots?\b)[^.;:]{3,160})")
_TURN = re.compile(r"\b(?:porte|ramene|abaisse|reduit|limite|plafonne|releve|majore)e?s? a\b")


def _find_rate(d: Draft, u: Unit, f: str) -> None:
    if _THIS_RATE.match(f) and 0 < u.index < len(d.units):
        # the rate it changes is the last one stated before it in its section
        before = [v for v in d.units[max(0, u.index - 3):u.index] if v.section == u.section and v.kind != "heading"]
        prev = next((v.text for v in reversed(before) if "%" in v.text or "pour cent" in v.folded), None)
        if prev is not None and not any(x.kind.startswith("funding_rate") and prev in x.quotes for x in d.facts):
            return  # "des fonds propres … au moins 10 % du coût total. | Ce taux est ramené à 5 % pour les associations …"
    parts = [x for x in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", u.text.strip()) if x.strip()]
    if len(parts) > 1 and len(u.text) == len(f):  # "… ne peut dépasser 70 % du coût total. Ce taux est porté à 80 % pour
        prev_rate = False  # les SIAE conventionnées.": the rate, then its raise, each read in its own sentence
        for part in parts:
            fp = fold(part)
            if _THIS_RATE.match(fp) and not prev_rate:
                continue  # "des fonds propres … au moins 10 %. Ce taux est ramené à 5 % pour les associations …": not the grant's
            n = len(d.facts)
            _find_rate_in(d, u, fp)
            prev_rate = any(x.kind.startswith("funding_rate") for x in d.facts[n:])
        return
    _find_rate_in(d, u, f)


def _find_rate_in(d: Draft, u: Unit, f: str) -> None:
    pcts = read_percents(f)
    if not pcts:
        return
    context = fold(u.lead + " " + u.section.split(" > ")[-1])
    if _cue("selection_criteria", "list_cues").search(context):
        return
    if _is_payment(f, context, pcts):
        d.facts.append(Fact("payments", None, [u.text]))
        return
    turn = _TURN.search(f)
    if turn and any(p.end <= turn.start() for p in pcts) and any(p.start >= turn.end() for p in pcts):
        cut = max(f.rfind(";", 0, turn.start()), f.rfind(". ", 0, turn.start()))
        if cut > max(p.end for p in pcts if p.end <= turn.start()) - 1:
            # "taux maximum : 80 % du coût total éligible du projet ; ce taux est limité à 60 % lorsque le porteur est une
            # commune": the rate, then the clause that changes it, each read on its own
            _find_rate_in(d, u, f[:cut])
            _find_rate_in(d, u, f[cut + 1:].strip())
            return
    if re.search(r"\bport[ee]e? a|\bmajore|\bbonifie|\bpeut atteindre|\beleve a|\brelev[ee]e? a", f) and re.search(r"\btaux|%", f) and (
            re.search(r"\blorsque|\bsi\b|\bpour les\b|\bdans le cas|\ba condition|\bquand", f)):
        d.facts.append(Fact("funding_rate_raised", {"max": float(pcts[0].value)}, [u.text]))
        return  # "Ce taux est porté à 75 % lorsque…": a higher rate on a condition
    of_rate = bool(re.search(r"\btaux\b", f) or _THIS_RATE.match(f))
    kinds = _LOWERED_FOR.search(f) or _KINDS_AFTER.search(f)
    if not kinds and of_rate and re.search(r"\b(?:ramene|abaisse|reduit|limite|plafonne)e? a\b", f) and re.search(
            r"\blorsque|\blorsqu'|\bsi\b|\bdans le cas|\bquand|\bdes lors", f):
        # "Ce taux est limité à 60 % lorsque le budget annuel du porteur … dépasse 2 millions d'euros": a lower rate on a condition
        d.facts.append(Fact("funding_rate_lowered", {"max": float(pcts[0].value)}, [u.text]))
        return
    if kinds and of_rate and re.search(r"\b(?:ramene|abaisse|reduit|limite|plafonne|fixe)e? a\b", f):
        # "Pour les communes, CCAS, CIAS et intercommunalités, le taux maximal de financement est ramené à 50 %"
        label = u.text[kinds.start("k"):kinds.end("k")] if len(u.text) == len(f) else kinds.group("k")
        d.facts.append(Fact("funding_rate_kind", {"max": float(pcts[-1].value), "label": label.strip()}, [u.text]))
        return
    if not (_MAX_CUE.search(f) or re.search(r"taux|ne peut", f)) or not re.search(r"cout|depenses|budget|financement|subvention|aide", f):
        return
    if (_COST_SUBJECT.search(f) and not re.search(r"\btaux\b", f)) or (
            _section_kind(u) == "expenses" and not re.search(r"\btaux\b|\bsubvention|\bfinancement", f)):
        # "l'achat de véhicules …, dans la limite de 40 % du montant de la subvention", "un fonds de dépannage …, dans la
        # limite de 5 % du coût total éligible" among the eligible costs: a limit of a cost, no rate of the grant
        return
    score = 2 * bool(re.search(r"subvention|aide|taux d'intervention|financement|intervention", f)) - 3 * bool(re.search(r"benevol|valoris", f)) + bool(
        re.search(r"\btaux\b", f))
    if score <= 0 and not re.search(r"financ|\baides?\b|subvention|\btaux\b|montant|enveloppe|modalites", fold(u.section)):
        return  # "… la part du budget qui lui est confiée ne peut excéder 30 % du coût total" among the applicant's conditions
    d.facts.append(Fact("funding_rate", {"max": pcts[0].value, "score": score}, [u.text]))


def numbered_rows(rows: list[Fact]) -> bool:
    """Whether a call's amounts by case are rows of one family of numbered cases ("Axe 1", "Axe 2 – Former …"): a higher
    cap of another axis is that axis's own, no raise of the first."""
    nums = set()
    for r in rows:
        m = re.match(r"\W*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(axe|lot|volet|mesure)s? (?:n[o°] ?)?(\d{1,2})\b", fold(r.value["label"]))
        if not m:
            return False
        nums.add(m.group(2))
    return len(nums) >= 2


def case_raises(d: Draft, cases: list[dict]) -> list[str]:
    """Each cap raised on a condition in one case's own section ("### Axe 2 … Ce plafond est porté à 120 000 € pour les
    projets portés par un consortium …") joins that case (its number in the label); the quotes so placed."""
    from .draft_values import _Flow
    from .spec import squash

    placed = []
    for f in d.of("amount_raised"):
        u = next((x for x in d.units if x.text == f.quotes[0]), None)
        axis = axis_of(u) if u is not None else None
        if not axis:
            continue
        number = axis.split()[-1]
        mine = [k for k in cases if re.match(rf"\W*{axis.split()[0].lower()}s? (?:n[o°] ?)?{number}\b", fold(k["label"]))]
        for k in mine:
            if k.get("max_eur") is not None and f.value["max"] > k["max_eur"]:
                when = re.search(r"\b(?:pour|lorsque|lorsqu'|si|quand)\b.*", f.quotes[0])
                k.update(raised_max_eur=f.value["max"], raised_when=when.group(0).rstrip(" .") if when else f.quotes[0],
                         raised_quotes=_Flow([squash(f.quotes[0])]))
                placed.append(squash(f.quotes[0]))
    placed += _listed_raises(d, cases)
    return placed


_RAISED_EACH = re.compile(r"\b(?:a )?(\d{1,3}(?: \d{3})+|\d{4,7}) ?(?:€|euros?) pour (?:le |la |l'|les )?(axe|lot|volet|mesure) (?:n[o°] ?)?(\d{1,2})\b")


def _listed_raises(d: Draft, cases: list[dict]) -> list[str]:
    """Raised caps listed case by case after the condition that raises them ("Lorsqu'un projet est porté par un
    groupement d'au moins trois structures …, le plafond du lot est majoré de 20 %. Le plafond passe ainsi à 60 000 €
    pour le lot A, à 42 000 € pour le lot B et à 84 000 € pour le lot C."): each joins its case, the condition quoted."""
    from .draft_values import _Flow
    from .spec import squash

    placed = []
    for i, u in enumerate(d.units):
        f = u.folded
        each = list(_RAISED_EACH.finditer(f))
        if len(each) < 2 or not re.search(r"\bplafonds?\b", f) or not re.search(r"\b(?:passe|porte|majore|releve|eleve)e?s?\b", f):
            continue
        lead = next((v for v in reversed(d.units[max(0, i - 2):i]) if re.search(r"\b(?:lorsqu|si |quand|pour les projets)", v.folded)), None)
        if lead is None:  # (a sentence holding its condition and its values is read as one raise of the call)
            continue
        source = lead.text
        when = re.search(r"\b(?:[Ll]orsqu|[Ss]i |[Qq]uand|[Pp]our les projets)[^,;]*", source)
        for m in each:
            value = float(m.group(1).replace(" ", ""))
            mine = [k for k in cases if re.match(rf"\W*{m.group(2)}s? (?:n[o°] ?)?{m.group(3)}\b", fold(k["label"]))]
            for k in mine:
                if k.get("max_eur") is not None and value > k["max_eur"] and k.get("raised_max_eur") is None:
                    quotes = [squash(x.text) for x in (lead, u) if x is not None]
                    k.update(raised_max_eur=value, raised_when=(when.group(0) if when else source).rstrip(" ."),
                             raised_quotes=_Flow(quotes))
                    placed += quotes
    return list(dict.fromkeys(placed))
