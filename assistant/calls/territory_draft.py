"""The territory of a drafted call: the places its document names, resolved to communes with the Etalab data.

An EPCI named in the text gives its communes; else départements named as the territory give theirs; else the
communes the territory's sentences name. Homonyms are settled by the départements the document names. The result is
written as the call's territory CSV (the columns of the first call's territory file), and the France-wide file is
referenced (a relative path, when it is in the same corpus) or copied, so `territory.py` takes each commune's
département from it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..config import REPO_DIR
from .drafting import drafting_words
from .read import Unit
from ..errors import CorpusError
from ..territory import normalize

FRANCE_FILE = "communes-france.csv"
TERRITORY_FILE = "data/territory-communes.csv"
COLUMNS = ["insee_code", "commune", "postal_codes", "epci_siren", "epci_name", "population"]
_EPCI_PREFIX = re.compile(
    r"^(?:ca|cc|cu|communaute (?:d agglomeration|de communes|urbaine)|metropole|eurometropole)\s+(?:(?:de la|de l|du|des|de|d)\s+)?"
)
_PLACE_SECTION = re.compile(r"territoire|perimetre|zone|lieu|localisation")
_PLACE_CUE = re.compile(r"territoire|se derouler|mis en oeuvre|mises en oeuvre|deploy|implant|communes?\b|departements?\b")


@dataclass
class TerritoryDraft:
    """The territory found: its name, communes (rows of the France-wide file), quotes, départements named."""

    name: str = ""
    how: str = ""
    rows: list[dict] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)


def find_france_file(corpus_dir: Path) -> Path:
    """The France-wide communes file: in a call of `corpus_dir` if one ships it, else in the checkout's corpus."""
    for root in (corpus_dir, REPO_DIR / "corpus"):
        if root.is_dir():
            for p in sorted(root.glob(f"*/data/{FRANCE_FILE}")):
                return p
    raise CorpusError(f"Référentiel des communes introuvable ({FRANCE_FILE} sous {corpus_dir}/*/data/).")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _departements_named(text_norm: str) -> list[str]:
    """Codes of the départements a normalised text names ("Cher (18)", "département d'Ille-et-Vilaine")."""
    names = sorted(drafting_words()["departements"].items(), key=lambda kv: -len(kv[1]))
    found: list[tuple[int, str]] = []
    masked = text_norm
    for code, n in names:
        bare = rf"|\b(?:en|dans la|dans le|dans l) {n}\b" if " " in n else ""  # "en Haute-Savoie": a compound name is no word
        # ("son siège social dans le Gers": after a seat, a one-word name is the département's too)
        bare += rf"|\bsiege (?:social |sociaux )?(?:\w+ ){{0,3}}?(?:dans le|dans la|dans l|en) {n}\b"
        # ("Conseil départemental de la Nièvre", "DDETS de la Nièvre", "préfecture de la Nièvre": the issuer names it too)
        pat = re.compile(rf"\b(?:{n} {code.lower()}|(?:departements?|departementale?s?|prefecture|ddets(?:pp)?) (?:de la |de l |du |des |de |d |"
                         rf"et de l |et du |et de la )?{n})\b|\b{code.lower()} {n}\b"
                         rf"|\b(?:du |de l |de la ){n} {code.lower()}\b{bare}")
        for m in pat.finditer(masked):
            found.append((m.start(), code))
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    return [c for _, c in sorted(found)]


def _as_written(text: str, norm_name: str) -> str:
    """A normalised name as the text writes it (case, accents, hyphens), else the normalised name."""
    import unicodedata

    folded = "".join(unicodedata.normalize("NFKD", c)[0].lower() for c in text)  # one character per character
    m = re.search(r"\b" + r"[\W_]+".join(map(re.escape, norm_name.split())) + r"\b", folded)
    return text[m.start():m.end()] if m else norm_name


def _spelled_out(name: str) -> str:
    """An EPCI's normalized name with its abbreviation spelled out ("cc de l ernee" → "communaute de communes de l ernee")."""
    for short, long in (("cc ", "communaute de communes "), ("ca ", "communaute d agglomeration "), ("cu ", "communaute urbaine ")):
        if name.startswith(short):
            return long + name[len(short):]
    return name


def _in_place_section(u: Unit) -> bool:
    """Whether a unit sits under a heading on places, at any depth of its section path."""
    return any(_PLACE_SECTION.search(normalize(h)) for h in (u.section.split(" > ") if u.section else []))


def _place_root(u: Unit) -> str:
    """A unit's section path up to the heading on places it sits under ("… > 6. Territoire" for a paragraph under "… >
    6. Territoire > 6.1 Intercommunalités concernées"), else its whole section: what the EPCIs of one passage share."""
    heads = u.section.split(" > ") if u.section else []
    at = next((i for i, h in enumerate(heads) if _PLACE_SECTION.search(normalize(h))), None)
    return " > ".join(heads[:at + 1]) if at is not None else u.section


def resolve_territory(units: list[Unit], france: Path) -> TerritoryDraft:
    """The call's territory from its sentences: EPCI, else départements, else communes named."""
    rows = _read(france)
    # under a heading on places, at any depth ("5. Territoire > Communauté d'agglomération de Vesoul (20 communes)"), or
    # saying where actions take place
    place_units = [u for u in units if u.kind != "heading" and (
        _in_place_section(u) or _PLACE_CUE.search(normalize(u.text)))]
    all_norm = " " + " ".join(normalize(u.text) for u in units) + " "
    doc_depts = list(dict.fromkeys(_departements_named(all_norm)))
    out = TerritoryDraft(departements=doc_depts)
    # an EPCI named in the text
    epcis: dict[str, tuple[str, list[dict]]] = {}
    for r in rows:
        if r.get("epci_siren"):
            epcis.setdefault(r["epci_siren"], (r["epci_name"], []))[1].append(r)
    hits: list[tuple[int, int, str, str]] = []
    for siren, (ename, members) in epcis.items():
        full = normalize(ename)
        core = _EPCI_PREFIX.sub("", full)
        names = {full, _spelled_out(full)}
        if len(core.split()) >= 2 or len(core) >= 10:
            names.add(core)  # a one-word core ("ernee") may be a commune's name: the EPCI only by its full name
        # (the sub-headings of the territory's section too: "### Communauté d'agglomération de Vesoul (20 communes)")
        found = [u for u in (place_units or units) + [u for u in units if u.kind == "heading" and _in_place_section(u)]
                 if any(f" {n} " in f" {normalize(u.text)} " for n in names)
                 and not _RULED_OUT.search(f" {normalize(u.text)} ")]  # "… Tulle Agglo … ne sont pas éligibles": outside it
        # the territory's own section first: "l'axe 3 est ouvert uniquement … sur la CC du Sammiellois" comes before it
        own = [u for u in found if _in_place_section(u)]
        if found:
            in_depts = any(m.get("departement") in doc_depts for m in members)
            hits.append((int(in_depts), len(core), siren, _place_root((own or found)[0])))
    listed = _communes_listed(units, rows, doc_depts)
    if len(listed) >= 2:  # "les huit communes suivantes de la métropole :" and their list or table: the list wins
        out.rows, out.how = sorted(listed.values(), key=lambda r: r["commune"]), "communes"
        names = [r["commune"] for r in out.rows]
        out.name = ", ".join(names[:6]) + (" …" if len(names) > 6 else "")
        lead = next(u for u in units if _LIST_LEAD.search(normalize(u.text)))
        out.quotes = [lead.text] + [u.text for u in units if u.section == lead.section and u.kind == "para" and u is not lead
                                    and " | " not in u.text][:3]
    elif hits and _only_named(out, place_units, rows, doc_depts):
        pass  # "douze communes appartenant à deux EPCI" and their names: those communes, not every commune of the EPCIs
    elif hits:
        best = max(hits)
        # every EPCI the territory's own passage lists ("l'une ou des deux intercommunalités suivantes : …")
        chosen = [h[2] for h in sorted(hits, key=lambda h: -h[1]) if h[3] == best[3] and h[0] == best[0]]
        out.name = ", ".join(epcis[s][0] for s in chosen)
        out.how, out.rows = "epci", [r for s in chosen for r in epcis[s][1]]
        cores = [_EPCI_PREFIX.sub("", normalize(epcis[s][0])) for s in chosen]
        # the territory's own section, then the rest (its sub-headings too: they may be all that names the EPCIs)
        own_first = sorted(place_units + [u for u in units if u.kind == "heading" and _in_place_section(u)],
                           key=lambda u: _place_root(u) != best[3])
        out.quotes = [u.text for u in own_first if any(f" {c} " in " " + normalize(u.text) + " " for c in cores)][:1 + len(chosen)]
        out.quotes = out.quotes or [u.text for u in own_first if any(f" {_spelled_out(normalize(epcis[s][0]))} " in " " + normalize(u.text) + " "
                                                                     for s in chosen)][:1 + len(chosen)]
    else:
        for u in place_units:
            codes = _departements_named(" " + normalize(u.text) + " ")
            if codes and re.search(r"departements?", normalize(u.text)) and not re.search(
                    r"\bsiege\b|\bailleurs\b|\bpar exception\b|\bhors d", normalize(u.text)):
                # ("… peuvent se tenir ailleurs dans le département de la Lozère": a place outside the territory)
                # ("Le porteur a son siège social dans le département du Gers": where it is based, not where it acts)
                names = drafting_words()["departements"]
                out.name = ", ".join(f"{_as_written(u.text, names[c])} ({c})" for c in codes)
                out.how, out.quotes = "departements", [u.text]
                out.rows = [r for r in rows if r.get("departement") in codes]
                break
    if not out.rows:
        _communes_named(out, place_units, rows, doc_depts)
    if out.rows:
        # the other sentences of the territory's section (e.g. seat vs place of action)
        sections = {u.section for u in place_units if u.text in out.quotes}
        out.quotes += [u.text for u in place_units if u.section in sections and u.kind == "para" and u.text not in out.quotes][:3]
    return out


_RULED_OUT = re.compile(r"\b(?:ne sont pas eligibles?|n est pas eligible|sont exclue?s?|est exclue?|a l exclusion|en dehors|hors du territoire|"
                        r"ne (?:font|fait) pas partie|n en (?:font|fait) pas partie|ne (?:sont|est) pas (?:couverte?s?|concernee?s?)|non couverte?s?|"
                        r"ne peuvent pas|ne peut pas)\b")
_LIST_LEAD = re.compile(r"\bcommunes? (?:suivantes?|ci dessous|listees?|enumerees?)\b|\bliste des communes\b")


def _communes_listed(units: list[Unit], rows: list[dict], depts: list[str]) -> dict[str, dict]:
    """The communes of the list or table that a sentence announces ("dans les huit communes suivantes :"), by INSEE
    code; a name shared by several communes is settled by the départements of the others (or of the document)."""
    lead = next((u for u in units if u.kind == "para" and _LIST_LEAD.search(normalize(u.text))), None)
    if lead is None:
        return {}
    by_name: dict[str, list[dict]] = {}
    for r in rows:
        by_name.setdefault(normalize(r["commune"]), []).append(r)
    after = [u for u in units[lead.index + 1:] if u.section == lead.section and u.kind in ("item", "para")]
    names = []
    for u in after[:60]:
        cell = u.text.split(" | ")[0] if " | " in u.text else (u.text if u.kind == "item" else "")
        cell = re.sub(r"\s*[(:;,].*$", "", cell).strip(" .;")
        if cell and len(cell) <= 60:
            names.append(normalize(cell))
    cands = {n: by_name[n] for n in names if n in by_name}
    found = {c[0]["insee_code"]: c[0] for c in cands.values() if len(c) == 1}
    home = {r["departement"] for r in found.values()} or set(depts)
    for c in cands.values():
        near = [r for r in c if r.get("departement") in home]
        if len(c) > 1 and len(near) == 1:
            found[near[0]["insee_code"]] = near[0]
    return found


_ONLY = re.compile(r"\bseules? (?:ces|les) (?:\w+ )?communes\b|\bn en font pas partie\b|\b(?:uniquement|exclusivement) (?:sur |dans )?(?:les|ces) (?:\w+ )?communes\b")
_COUNT = re.compile(r"\b(\d{1,3}|[a-z]+(?:-[a-z]+)?) communes\b")


def _only_named(out: TerritoryDraft, place_units: list[Unit], rows: list[dict], depts: list[str]) -> bool:
    """When the call names its communes one by one and says they alone are the territory ("Seules ces douze communes
    constituent le territoire", or as many names as the communes it announces), those communes are its territory,
    though it also names the intercommunalities they belong to."""
    from ..quantities import _NUM_WORDS

    trial = TerritoryDraft(departements=out.departements)
    _communes_named(trial, place_units, rows, depts)
    if len(trial.rows) < 2:
        return False
    text = " ".join(normalize(u.text) for u in place_units)
    counts = {int(m.group(1)) if m.group(1).isdigit() else _NUM_WORDS.get(m.group(1)) for m in _COUNT.finditer(text)}
    if not (_ONLY.search(text) or len(trial.rows) in counts):
        return False
    if re.search(r"\b\d{1,3} communes,? dont\b", text) and len(trial.rows) not in counts:
        return False  # "Communauté de communes … (34 communes, dont) : Château-Chinon, Lormes, …": some of them, named
    out.rows, out.how, out.name, out.quotes = trial.rows, trial.how, trial.name, trial.quotes
    return True


def _communes_named(out: TerritoryDraft, place_units: list[Unit], rows: list[dict], depts: list[str]) -> None:
    by_name: dict[str, list[dict]] = {}
    for r in rows:
        by_name.setdefault(normalize(r["commune"]), []).append(r)
    found: dict[str, dict] = {}
    for u in place_units:
        if re.search(r"\bsiege\b|\bailleurs\b|\bhors d(?:es|u) (?:communes|territoire|perimetre)\b", normalize(u.text)):
            # "le porteur dont le siège se trouve ailleurs (par exemple à Mont-de-Marsan)": where one is based; "les
            # sessions … peuvent se tenir ailleurs dans le département (par exemple à Cahors)": a place outside it
            continue
        got = 0
        for piece in re.split(r"[,;:()|]|\s(?:et|ou)\s", u.text):  # ("Saugnac-et-Muret" is one name)
            key = normalize(re.sub(r"^\s*(?:les communes de|la commune de|communes? d[e']|à|a|de|d')\s+", "", piece.strip(), flags=re.I))
            cands = by_name.get(key, [])
            tail = re.search(r"\b(?:à|sur|de|d')\s+([A-ZÀ-Ý][\w'-]*(?:[ -][A-ZÀ-Ý][\w'-]*)*)\s*\.?\s*$", piece.strip())
            if not cands and tail:  # "Les actions se déroulent à Dole": the capitalised name after its preposition
                key = normalize(tail.group(1))
                cands = by_name.get(key, [])
            if len(cands) > 1 and depts:
                cands = [r for r in cands if r.get("departement") in depts]
            if len(cands) == 1 and key and key[0].isalpha():
                found.setdefault(cands[0]["insee_code"], cands[0])
                got += 1
        if got:
            out.quotes.append(u.text)
    if found:
        out.rows = sorted(found.values(), key=lambda r: r["commune"])
        names = [r["commune"] for r in out.rows]
        out.name = ", ".join(names[:6]) + (" …" if len(names) > 6 else "")
        out.how = "communes"


def write_territory(t: TerritoryDraft, folder: Path, final_folder: Path, france: Path) -> str | None:
    """Write the territory CSV; return the call-relative path of the France-wide file (referenced or copied)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in sorted(t.rows, key=lambda r: r["insee_code"]):
        w.writerow([r.get(c, "") for c in COLUMNS])
    target = folder / TERRITORY_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(buf.getvalue(), encoding="utf-8")
    try:
        france.resolve().relative_to(final_folder.parent.resolve())
        return os.path.relpath(france.resolve(), final_folder.resolve())
    except ValueError:  # not in the same corpus: copy it, with its licence
        shutil.copyfile(france, folder / "data" / FRANCE_FILE)
        for lic in france.parent.glob("LICENSE*"):
            shutil.copyfile(lic, folder / "data" / lic.name)
        return f"data/{FRANCE_FILE}"
