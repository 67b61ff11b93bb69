"""Commune resolution from the shipped reference data: is a place inside the call's territory?

`Territory(spec)` reads the call's two CSV files (the communes of the territory, and every French commune) once
and builds lookup tables of normalised names and postal codes. `resolve(name)` answers for one name or postal
code; `find_in_text(text)` finds the communes a free French or English text names. Every match carries a
citation quoting the CSV row verbatim (locator "ligne N", as `corpus.load_csv` numbers lines).

Optional call-specific word lists live in `corpus/<call-id>/eligibility.yaml` under `territory:`
(`ambiguous_words`: territory communes that are also ordinary words and need a capital or a place preposition;
`common_words`: French commune names never taken from lowercase text).
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from .calls.spec import CallSpec
from .dictionary import is_french
from .errors import CorpusError
from .territory_cache import cache_file, read_state, write_state
from .textnorm import fold
from .types import Citation

log = logging.getLogger(__name__)

MatchStatus = Literal["in", "out", "unknown", "ambiguous"]

# Words after which a capitalised or lowercase word is read as a place (French and English).
PLACE_PREPOSITIONS = frozenset(
    "a au aux sur de du des d en dans vers pres proche autour entre et ou in at near around from to across within "
    "and or commune communes ville villes quartier quartiers secteur".split()
)
# Prepositions that alone make an ordinary word a place ("à avion" but not "en avion").
_STRICT_PREPOSITIONS = frozenset("a sur in at near".split())
# Words that, right before a name, mean it is not a commune of the text (street names, regions).
_STREET_WORDS = frozenset("rue avenue boulevard bd chemin allee impasse place route quai square cours quartier quartiers cite residence lotissement".split())
# Phrases that contain commune names but name something else (départements, regions).
_NOT_COMMUNE_PHRASES = (
    "pas de calais", "hauts de france", "ile de france", "seine saint denis", "val de marne", "val d oise",
    "seine et marne", "alpes de haute provence", "provence alpes cote d azur", "pole emploi", "france travail",
)
_MAX_NGRAM = 7
_POSTAL = re.compile(r"(?<![\d.,])(\d{5})(?![\d])(?!\s?(?:€|euros?\b|eur\b|k€|k\b))", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Lowercase, accents folded, hyphens/apostrophes as spaces, 'St'/'Ste' read as 'Saint'/'Sainte'."""
    tokens = _WORD.findall(fold(text))
    out = []
    for tok in tokens:
        if tok == "st":
            tok = "saint"
        elif tok == "ste":
            tok = "sainte"
        out.append(tok)
    return " ".join(out)


@dataclass(frozen=True)
class CommuneRow:
    """One commune of the reference data, with the raw CSV line it comes from."""

    insee: str
    name: str
    postal_codes: tuple[str, ...]
    departement: str
    epci_name: str
    population: int
    in_basin: bool
    source: str
    line_no: int
    raw: str

    def citation(self) -> Citation:
        """The CSV row, quoted verbatim."""
        return Citation(source=self.source, locator=f"ligne {self.line_no}", quote=self.raw, rule_id=None)


class CommuneMatch(BaseModel):
    """What a name (or postal code) resolves to.

    status: "in" (inside the call's territory), "out" (a real commune outside it), "unknown" (no commune by that
    name; see `suggestions`) or "ambiguous" (several communes fit; see `suggestions`). `citation` quotes the CSV
    row of the commune retained (None when unknown/ambiguous); `citations` holds every row involved.
    `start`/`end` give the span in the text for matches found by `find_in_text`.
    """

    query: str
    status: MatchStatus
    name: str | None = None
    insee: str | None = None
    postal_codes: list[str] = Field(default_factory=list)
    epci_name: str | None = None
    departement: str | None = None
    suggestions: list[str] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list, description="All communes sharing the postal code or name.")
    fuzzy: bool = Field(default=False, description="True when the name was corrected (typo).")
    citation: Citation | None = None
    citations: list[Citation] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None

    @property
    def label(self) -> str:
        """The official name when known, else the query."""
        return self.name or self.query


@dataclass
class _Token:
    norm: str
    start: int
    end: int
    capital: bool


@dataclass
class _Tables:
    by_name: dict[str, list[CommuneRow]] = field(default_factory=dict)
    by_postal: dict[str, list[CommuneRow]] = field(default_factory=dict)
    basin_names: dict[str, CommuneRow] = field(default_factory=dict)
    basin_prefix: dict[str, list[CommuneRow]] = field(default_factory=dict)
    # the first word of a compound name in the territory's départements ("Brive" of Brive-la-Gaillarde)
    local_prefix: dict[str, list[CommuneRow]] = field(default_factory=dict)


def _read_rows(path, source: str, in_basin: bool | None, basin_insee: set[str]) -> list[CommuneRow]:
    if not path.is_file():
        raise CorpusError(f"Référentiel des communes introuvable : {path}.")
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    header = next(csv.reader([lines[0]]))
    rows: list[CommuneRow] = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        values = next(csv.reader([line]))
        rec = dict(zip(header, values))
        insee = rec.get("insee_code", "").strip()
        dept = rec.get("departement") or (insee[:3] if insee.startswith("97") else insee[:2])
        try:
            pop = int(rec.get("population") or 0)
        except ValueError:
            pop = 0
        rows.append(
            CommuneRow(
                insee=insee,
                name=rec.get("commune", "").strip(),
                postal_codes=tuple(p for p in re.split(r"[;|\s]+", rec.get("postal_codes", "")) if p),
                departement=dept,
                epci_name=rec.get("epci_name", "").strip(),
                population=pop,
                in_basin=in_basin if in_basin is not None else insee in basin_insee,
                source=source,
                line_no=n,
                raw=line,
            )
        )
    return rows


class Territory:
    """The call's territory: resolves commune names and postal codes against the shipped reference data."""

    def __init__(self, spec: CallSpec, cache_dir: Path | None = None) -> None:
        """`cache_dir`: where the parsed tables are kept between processes (keyed by the CSV files' and this
        module's hashes), so a new process unpickles them instead of parsing the France-wide table again."""
        self.spec = spec
        tspec = spec.territory
        self.name = tspec.name
        extra = (spec.load_extra("eligibility.yaml") or {}).get("territory", {}) or {}
        self._ambiguous = {normalize(w) for w in extra.get("ambiguous_words", [])}
        self._common = {normalize(w) for w in extra.get("common_words", [])}
        self._stop = _stop_words()
        self._aliases = {normalize(k): v for k, v in (extra.get("aliases", {}) or {}).items()}
        cache = cache_file(spec, cache_dir) if cache_dir is not None else None
        state = read_state(cache) if cache is not None else None
        if state is None:
            state = self._parse(spec)
            if cache is not None:
                write_state(cache, state)
        self.basin, self.rows, self.departements, self._t = state
        self._all_norm_names = list(self._t.by_name)
        self._basin_norm_names = list(self._t.basin_names)
        self._epci_phrases = _epci_phrases(self.basin)
        log.debug("territory %s: %d communes in, %d in total", self.name, len(self.basin), len(self.rows))

    def _parse(self, spec: CallSpec) -> tuple[list[CommuneRow], list[CommuneRow], tuple[str, ...], _Tables]:
        """(territory rows, all rows, départements, lookup tables) read from the CSV files."""
        tspec = spec.territory
        basin: list[CommuneRow] = _read_rows(
            spec.path(tspec.communes_file), spec.source_of(tspec.communes_file), True, set()
        )
        basin_insee = {r.insee for r in basin}
        basin_by_insee = {r.insee: r for r in basin}
        others: list[CommuneRow] = []
        if tspec.all_communes_file:
            for r in _read_rows(
                spec.path(tspec.all_communes_file), spec.source_of(tspec.all_communes_file), None, basin_insee
            ):
                if r.insee in basin_by_insee:
                    # Territory communes are cited from the territory file; keep the département from the big one.
                    b = basin_by_insee[r.insee]
                    basin_by_insee[r.insee] = CommuneRow(**{**b.__dict__, "departement": r.departement})
                else:
                    others.append(r)
        basin = [basin_by_insee[r.insee] for r in basin]
        # homonyms are settled by the territory's own départements, most represented first
        counts: dict[str, int] = {}
        for r in basin:
            if r.departement:
                counts[r.departement] = counts.get(r.departement, 0) + 1
        departements = tuple(sorted(counts, key=lambda d: -counts[d]))
        rows = basin + others
        return basin, rows, departements, _build_tables(basin, rows)

    # ------------------------------------------------------------------ tables
    # ------------------------------------------------------------------ building matches
    def _match(self, query: str, row: CommuneRow, fuzzy: bool = False, candidates: list[CommuneRow] | None = None) -> CommuneMatch:
        cands = candidates or [row]
        return CommuneMatch(
            query=query,
            status="in" if row.in_basin else "out",
            name=row.name,
            insee=row.insee,
            postal_codes=list(row.postal_codes),
            epci_name=row.epci_name,
            departement=row.departement,
            candidates=[c.name for c in cands] if len(cands) > 1 else [],
            fuzzy=fuzzy,
            citation=row.citation(),
            citations=[c.citation() for c in cands],
        )

    def _several(self, query: str, rows: list[CommuneRow]) -> CommuneMatch:
        if all(r.in_basin for r in rows) and len({r.epci_name for r in rows}) == 1:
            # "Château-Chinon": Château-Chinon (Ville) and Château-Chinon (Campagne), both of one intercommunality of
            # the territory; which one does not change where the action is
            return self._match(query, rows[0], candidates=rows)
        labels = [f"{r.name} ({r.departement})" if _dup_names(rows) else r.name for r in rows]
        return CommuneMatch(
            query=query,
            status="ambiguous",
            suggestions=labels,
            candidates=[r.name for r in rows],
            citations=[r.citation() for r in rows],
        )

    def _choose(self, query: str, rows: list[CommuneRow], fuzzy: bool = False, local: bool = True) -> CommuneMatch:
        """Pick among communes of the same name: the only one, else the one in the territory's own départements. A name
        several communes elsewhere bear, none in those départements, that opens the name of one commune of the
        territory is that commune ("Saint-Gervais" in a call on the Mont-Blanc: Saint-Gervais-les-Bains, not one of the
        Saint-Gervais of five other départements), unless a postal code or a département says otherwise (`local`); a
        name only one commune elsewhere bears is that commune ("Loos", in the Nord, beside Loos-en-Gohelle)."""
        if local and len(rows) > 1 and not any(r.departement in self.departements for r in rows):
            key = normalize(query)
            own = [r for k, r in self._t.basin_names.items() if k.startswith(f"{key} ")]
            if len(own) == 1:
                return self._match(query, own[0], fuzzy)
        if len(rows) == 1:
            return self._match(query, rows[0], fuzzy)
        for dept in self.departements:
            in_dept = [r for r in rows if r.departement == dept]
            if len(in_dept) == 1:
                return self._match(query, in_dept[0], fuzzy)
            if len(in_dept) > 1:
                return self._several(query, in_dept)
        return self._several(query, rows)

    # ------------------------------------------------------------------ public API
    def resolve(self, name: str) -> CommuneMatch:
        """Resolve a commune name or postal code (any case, accents, hyphens, St/Ste, small typos)."""
        query = (name or "").strip()
        if not query:
            return CommuneMatch(query=query, status="unknown")
        postal = re.search(r"\b(\d{5})\b", query)
        rest = normalize(re.sub(r"\(?\b\d{2,5}\b\)?", " ", query))
        if postal and not rest:
            return self._resolve_postal(query, postal.group(1))
        dept_hint = re.search(r"\((\d{2}|2[ab])\)", query.lower())
        key = self._aliases.get(rest, None)
        key = normalize(key) if key else rest
        rows = self._t.by_name.get(key)
        if rows:
            if postal:
                narrowed = [r for r in rows if postal.group(1) in r.postal_codes]
                rows = narrowed or rows
            if dept_hint:
                narrowed = [r for r in rows if r.departement.lower() == dept_hint.group(1)]
                rows = narrowed or rows
            return self._choose(query, rows, local=not (postal or dept_hint))
        prefix_rows = self._t.basin_prefix.get(key)
        if prefix_rows:
            return self._match(query, prefix_rows[0]) if len(prefix_rows) == 1 else self._several(query, prefix_rows)
        if len(self._t.local_prefix.get(key, [])) == 1:
            return self._match(query, self._t.local_prefix[key][0])  # "Brive": Brive-la-Gaillarde, in the territory's département
        if postal:
            return self._resolve_postal(query, postal.group(1))
        return self._fuzzy(query, key)

    def _resolve_postal(self, query: str, code: str) -> CommuneMatch:
        rows = self._t.by_postal.get(code, [])
        if not rows:
            return CommuneMatch(query=query, status="unknown")
        rows = sorted(rows, key=lambda r: -r.population)
        if len(rows) == 1:
            return self._match(query, rows[0])
        if all(r.in_basin for r in rows) or not any(r.in_basin for r in rows):
            return self._match(query, rows[0], candidates=rows)
        return self._several(query, rows)

    def _fuzzy(self, query: str, key: str) -> CommuneMatch:
        if len(key) < 3:
            return CommuneMatch(query=query, status="unknown")
        basin = process.extract(key, self._basin_norm_names, scorer=fuzz.ratio, limit=3)
        france = process.extract(key, self._all_norm_names, scorer=fuzz.ratio, limit=5, score_cutoff=70)
        best_b = basin[0] if basin else None
        threshold = 80
        if best_b and best_b[1] >= threshold and (not france or best_b[1] >= france[0][1] - 3):
            return self._match(query, self._t.basin_names[best_b[0]], fuzzy=True)
        if france and france[0][1] >= max(threshold, 88) and (len(france) == 1 or france[0][1] - france[1][1] >= 4):
            return self._choose(query, self._t.by_name[france[0][0]], fuzzy=True)
        suggestions: list[str] = []
        for cand, score, _ in [*basin, *france]:
            if score < 65:
                continue
            for r in self._t.by_name[cand][:1]:
                if r.name not in suggestions:
                    suggestions.append(r.name)
        return CommuneMatch(query=query, status="unknown", suggestions=suggestions[:5])

    def in_basin(self, name: str) -> bool:
        """True when `name` resolves to a commune of the call's territory."""
        return self.resolve(name).status == "in"

    def epcis_in_text(self, text: str) -> set[str]:
        """The territory's intercommunalities a text names ("sur la CC du Pays de Revigny et la CC du Sammiellois"): by
        their distinctive name, whole, or its first words when two of them are not articles."""
        padded = f" {normalize(text)} "
        out = set()
        names = {normalize(r.name) for r in self.basin}
        for epci in {r.epci_name for r in self.basin if r.epci_name}:
            words = epci_core(epci).split()
            for k in range(len(words), 0, -1):
                if k == 1 < len(words) and len(words[0]) >= 8 and words[0] not in names and f" {words[0]} " in padded:
                    out.add(epci)  # "le Civraisien" of "CC du Civraisien en Poitou": a long word of its own, no commune's
                    break
                if k < len(words) and sum(w not in _ARTICLES for w in words[:k]) < 2:
                    break
                if f" {' '.join(words[:k])} " in padded and (k == len(words) or len(words) > 1):
                    out.add(epci)
                    break
        return out

    def find_in_text(self, text: str) -> list[CommuneMatch]:
        """Communes named in a free French or English text (names, postal codes), in order of appearance."""
        if not text:
            return []
        tokens = [
            _Token(normalize(m.group(0)), m.start(), m.end(), m.group(0)[:1].isupper())
            for m in _WORD.finditer(text)
        ]
        tokens = [t for t in tokens if t.norm]
        # normalize() may split one regex word into several (e.g. "œ"); keep it simple: one token each.
        found: list[CommuneMatch] = []
        seen: set[str] = set()
        i = 0
        n = len(tokens)
        sentence_starts = _sentence_starts(text, tokens)
        blocked: set[int] = set()
        for j in range(n):
            blocked.update(range(j, j + _skip_phrase(tokens, j)))
            for words in self._epci_phrases:  # "le Grand Dole met 3 000 €": the territory's intercommunality, not Grand
                if tuple(t.norm for t in tokens[j:j + len(words)]) == words:
                    blocked.update(range(j, j + len(words)))
                    continue
                # "la CC du Pays de Revigny" for "CC du Pays de Revigny-sur-Ornain": the name cut short is still the
                # intercommunality's (a commune "Revigny" lies in another département)
                k = 0
                while k < len(words) and j + k < n and tokens[j + k].norm == words[k]:
                    k += 1
                if 2 <= k < len(words) and sum(w not in _ARTICLES for w in words[:k]) >= 2 and not any(
                        " ".join(words[x:y]) in self._t.basin_names for x in range(k) for y in range(x + 1, k + 1)):
                    blocked.update(range(j, j + k))  # ("CC du Bassin de Joinville" names Joinville, of the territory)
        while i < n:
            tok = tokens[i]
            if tok.norm.isdigit() or i in blocked:
                i += 1
                continue
            matched = None
            for size in range(min(_MAX_NGRAM, n - i), 0, -1):
                if any(j in blocked for j in range(i, i + size)):
                    continue
                key = " ".join(t.norm for t in tokens[i : i + size])
                prev = tokens[i - 1].norm if i > 0 else ""
                prep = prev in PLACE_PREPOSITIONS
                if i > 0 and prev in _STREET_WORDS or (i > 1 and tokens[i - 2].norm in _STREET_WORDS and prev in ("de", "du", "des", "d")):
                    break
                capital = tok.capital and i not in sentence_starts
                key = self._aliases.get(key) and normalize(self._aliases[key]) or key
                if not _whole_compound(text, tokens, i, size):
                    continue  # "Pont" of "Pont-de-Bois": a part of a hyphenated name is not a commune
                if size > 1 and not tok.capital and tok.norm in _ARTICLES and key not in self._t.basin_names:
                    continue  # "dans le quartier de…": a lowercase article and noun is not "Le Quartier"
                if i > 0 and size == 1 and tokens[i - 1].capital and i - 1 not in sentence_starts and key not in self._t.basin_names \
                        and text[tokens[i - 1].end:tok.start] == " " \
                        and tokens[i - 1].norm not in _STREET_WORDS and tokens[i - 1].norm not in self._stop:
                    continue  # "le Nouveau Mons", "Grand Roubaix": a word of a longer proper name, not the commune
                if key in _departement_names() and prev not in ("a", "commune"):
                    continue  # "Vichy (Allier)": the département, not the commune of the same name
                if key in self._t.basin_names:
                    if key in self._ambiguous and not (tok.capital or prev in _STRICT_PREPOSITIONS):
                        continue
                    matched = (self.resolve(self._t.basin_names[key].name), size)
                    break
                if size == 1 and prep and tok.capital and len(self._t.local_prefix.get(key, [])) == 1 and _whole_compound(text, tokens, i, 1):
                    # "basée à Brive": the one commune of the territory's départements whose compound name it opens (a
                    # commune of that very name elsewhere, "Loos (59)" beside Loos-en-Gohelle, is that commune)
                    matched = (self._match(text[tok.start:tok.end], self._t.local_prefix[key][0]), 1)
                    break
                if key in self._t.by_name:
                    ok = capital or (tok.capital and prep) or (prep and key not in self._common and (size > 1 or len(key) >= 4))
                    if key in self._common and not capital and not (tok.capital and prep):
                        ok = False
                    if not ok and tok.capital and key not in self._common and key not in self._stop and len(key) >= 4:
                        ok = True  # a capitalised name opening a sentence ("Douai c'est concerné ?")
                    if not ok and size >= 3 or (size == 2 and tok.norm not in _ARTICLES and len(key) >= 10):
                        ok = ok or key not in self._common  # long names, even lowercase ("bruay la buissiere")
                    if len(key) <= 2 and not prep:
                        ok = False
                    if ok and size == 1 and not tok.capital and is_french(key) and (text[tok.start:tok.end].lower() not in {
                            r.name.lower() for r in self._t.by_name[key]} or prev not in ("a", "au", "habite", "vers")):
                        ok = False  # "sur place" is not Placé, "une activité de couture" no Couture: a French word, lowercase
                    if ok and size > 1 and not tok.capital and all(t.norm in self._stop or is_french(t.norm) for t in tokens[i:i + size]):
                        ok = False  # "entre deux saisons" is not Entre-Deux: French words, lowercase
                    if ok:
                        rows = self._t.by_name[key]
                        matched = (self._choose(text[tok.start : tokens[i + size - 1].end], rows), size)
                        break
                if key in self._t.basin_prefix and (tok.capital or prep) and len(key) >= 5:
                    rows = self._t.basin_prefix[key]
                    q = text[tok.start : tokens[i + size - 1].end]
                    matched = (self._match(q, rows[0]) if len(rows) == 1 else self._several(q, rows), size)
                    break
            if matched is None and tok.capital and i > 0 and tokens[i - 1].norm in PLACE_PREPOSITIONS and len(tok.norm) >= 4:
                best = process.extractOne(tok.norm, self._basin_norm_names, scorer=fuzz.ratio, score_cutoff=80)
                if best:
                    matched = (self._match(text[tok.start : tok.end], self._t.basin_names[best[0]], fuzzy=True), 1)
            if matched:
                m, size = matched
                m = m.model_copy(update={"query": text[tok.start : tokens[i + size - 1].end], "start": tok.start, "end": tokens[i + size - 1].end})
                ident = m.insee or "|".join(m.candidates) or m.query
                if ident not in seen:
                    seen.add(ident)
                    found.append(m)
                i += size
            else:
                i += 1
        for pm in _POSTAL.finditer(text):
            code = pm.group(1)
            if code not in self._t.by_postal:
                continue
            m = self._resolve_postal(code, code).model_copy(update={"start": pm.start(1), "end": pm.end(1)})
            ident = m.insee or "|".join(m.candidates)
            if ident not in seen and not any(f.insee and f.insee == m.insee for f in found):
                seen.add(ident)
                found.append(m)
        found.sort(key=lambda m: m.start or 0)
        return _said_short_again(found)


_ARTICLES = frozenset("le la les l un une des du de d the a an".split())
_EPCI_KIND = re.compile(r"^(?:communaute (?:d agglomeration|de communes|urbaine)|ca|cc|cu|metropole|agglomeration|agglo|"
                        r"pays|syndicat)\s+(?:(?:du|de la|de l|des|de|d)\s+)?")


def epci_core(name: str) -> str:
    """An intercommunality's distinctive name, normalised ("pays de revigny sur ornain" of "CC du Pays de
    Revigny-sur-Ornain")."""
    return _EPCI_KIND.sub("", normalize(name or ""))


def _epci_phrases(basin: list[CommuneRow]) -> list[tuple[str, ...]]:
    """The distinctive names of the territory's intercommunalities ("Grand Dole" of "CA du Grand Dole", "Val d'Amour"),
    as words, when two words or more and not a commune's own name: a question naming one names no commune."""
    names = {normalize(r.name) for r in basin}
    out = set()
    for r in basin:
        core = epci_core(r.epci_name)
        if len(core.split()) >= 2 and core not in names:
            out.add(tuple(core.split()))
    return sorted(out, key=len, reverse=True)


@lru_cache(maxsize=1)
def _departement_names() -> frozenset[str]:
    """The names of the French départements (reference data shipped with the drafting words), normalised.

    The words file read here with libyaml, as `calls.drafting.drafting_words` reads it with the pure-Python parser
    (a tenth of a second, on the path of an app process's first answer), without importing the drafting code."""
    from .textnorm import load_yaml

    words = load_yaml((Path(__file__).parent / "calls" / "drafting_words.yaml").read_text(encoding="utf-8")) or {}
    return frozenset(normalize(str(n)) for n in (words.get("departements") or {}).values())


def _whole_compound(text: str, tokens: list[_Token], i: int, size: int) -> bool:
    """Tokens i..i+size cover a whole hyphenated compound of the text (not "Pont" alone in "Pont-de-Bois")."""
    start, end = tokens[i].start, tokens[i + size - 1].end
    return not (start > 0 and text[start - 1] == "-" and text[start - 2:start - 1].isalpha()) and not (
        end < len(text) - 1 and text[end] == "-" and text[end + 1].isalpha())


def _build_tables(basin: list[CommuneRow], rows: list[CommuneRow]) -> _Tables:
    t = _Tables()
    for r in rows:
        key = normalize(r.name)
        t.by_name.setdefault(key, []).append(r)
        for pc in r.postal_codes:
            t.by_postal.setdefault(pc, []).append(r)
        if r.in_basin:
            t.basin_names[key] = r
    bare_names: dict[str, list[CommuneRow]] = {}
    for r in rows:  # "au Puy-en-Velay", "du Havre": the name without its article, when no commune bears it
        bare = re.sub(r"^(?:le|la|les|l) ", "", normalize(r.name))
        if bare != normalize(r.name) and len(bare) >= 4 and bare not in t.by_name:
            bare_names.setdefault(bare, []).append(r)
    for bare, found in bare_names.items():
        t.by_name.setdefault(bare, found)
    for r in basin:
        toks = normalize(r.name).split()
        for k in range(1, len(toks)):
            prefix = " ".join(toks[:k])
            if len(prefix) >= 4 and prefix not in t.by_name and prefix not in ("saint", "sainte"):
                t.basin_prefix.setdefault(prefix, []).append(r)
    departements = {r.departement for r in basin}
    for r in rows:
        toks = normalize(r.name).split()
        if r.departement in departements and len(toks) > 1 and len(toks[0]) >= 4 and toks[0] not in t.by_name and not is_french(toks[0]):
            t.local_prefix.setdefault(toks[0], []).append(r)
    return t


def _said_short_again(found: list[CommuneMatch]) -> list[CommuneMatch]:
    """A name that opens the name of a commune of the territory the same text names in full is that commune said short
    again ("l'action à Tarascon-sur-Ariège et Mercus, … une permanence à Tarascon"), whatever commune bears it elsewhere."""
    full = [f for f in found if f.status == "in" and f.name]
    out: list[CommuneMatch] = []
    for m in found:
        key = normalize(m.query)
        same = [f for f in full if f is not m and normalize(f.name or "").startswith(key + " ")] if m.status != "in" else []
        if len(same) == 1:
            m = same[0].model_copy(update={"query": m.query, "start": m.start, "end": m.end})
        if not (m.insee and any(o.insee == m.insee for o in out)):
            out.append(m)
    return out


def _stop_words() -> frozenset[str]:
    """French and English function words (from the shared lexicon), never read as a commune at a sentence start."""
    try:
        from .textnorm import stop_words
    except ImportError:  # pragma: no cover - the lexicon is part of the package
        return frozenset()
    return frozenset(normalize(w) for w in stop_words() if isinstance(w, str))


def _dup_names(rows: list[CommuneRow]) -> bool:
    names = [r.name for r in rows]
    return len(set(names)) < len(names)


def _sentence_starts(text: str, tokens: list[_Token]) -> set[int]:
    """Indexes of tokens that open a sentence (a capital there proves nothing)."""
    starts = set()
    for idx, t in enumerate(tokens):
        before = text[tokens[idx - 1].end : t.start] if idx else text[: t.start]
        if idx == 0 or re.search(r"[.!?:;\n«\"(]\s*$", before):
            starts.add(idx)
    return starts


def _skip_phrase(tokens: list[_Token], i: int) -> int:
    for phrase in _NOT_COMMUNE_PHRASES:
        words = phrase.split()
        if len(words) <= len(tokens) - i and all(tokens[i + k].norm == w for k, w in enumerate(words)):
            return len(words)
    return 0
