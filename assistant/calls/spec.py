"""The call's rules as data: `corpus/<call-id>/call.yaml`, each rule with typed values and verbatim quotes.

Loading verifies every quote against the text the loader extracts from the call document and fails loudly
(CorpusError) when one is not found, so a citation can never drift from the call's wording.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..corpus import LoadedDocument, list_calls, load_document
from ..errors import CorpusError
from ..types import Citation
from .sections import Contact, Milestone, Obligation, Quoted, SelectionCriterion, Theme, Tranche, figures_unquoted


def squash(text: str) -> str:
    """Whitespace folded to single spaces (quotes match 'up to whitespace')."""
    return re.sub(r"\s+", " ", text).strip()


# a sentence that goes on with the one before it: "Ils peuvent en revanche être partenaires", "Toutefois, …"
_GOES_ON = re.compile(r"^(?:(?:ils|elles|celles-ci|ceux-ci|ces (?:structures|organismes|derniers|dernieres))\s+(?:ne\s+)?"
                      r"(?:peuvent|peut|sont|restent)\b|(?:en revanche|toutefois|cependant|par derogation|par exception)\b)")


def goes_on(sentence: str) -> bool:
    """A sentence that only makes sense with the one before it, whose exception or consequence it states."""
    from ..textnorm import fold

    return bool(_GOES_ON.match(fold(sentence).strip()))


class Bilingual(BaseModel):
    """A text in French and English."""

    fr: str
    en: str = ""

    def get(self, lang: str) -> str:
        """The text in `lang` (French when the English one is missing)."""
        return self.en if lang == "en" and self.en else self.fr


class Rule(BaseModel):
    """One rule of the call an applicant may ask about."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    id: str
    title: Bilingual
    answer: Bilingual
    quotes: list[str]
    values: dict[str, Any] = Field(default_factory=dict)
    keywords: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    asks: list[str] = Field(default_factory=list, description="Kinds of question it answers: when, who, where, how_much...")


class NotInCallTopic(BaseModel):
    """A topic the call does not settle (the assistant says so and points to the contacts)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    id: str
    label: Bilingual
    related_rules: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    # drafted from the generic list of what calls often leave open (drafting_words.yaml open_topics): its words do not
    # weigh on how the call's own rules score, and a question on one of them that the call never uses is answered by it
    generic: bool = False


class TerritorySpec(BaseModel):
    """Where projects must be deployed, and the reference data naming its communes."""

    name: str
    communes_file: str
    all_communes_file: str | None = None
    provenance: str = ""
    rule: str = "territory"


class CallDates(BaseModel):
    """Key dates of the call."""

    deadline: date
    latest_start: date | None = None
    announcement: date | None = None


class CallLimits(BaseModel):
    """Numeric limits of the call."""

    max_duration_months: float | None = None
    envelope_eur: float | None = None
    projects_min: int | None = None
    projects_max: int | None = None


ConstraintKind = Literal["applicant", "theme", "territory", "start", "duration", "amount", "envelope", "funding_rate",
                         "deadline", "format", "channel", "seniority", "seat", "age", "cofinancing", "own_funds",
                         "participants", "residents"]


class Case(BaseModel):
    """The values of one case of a constraint the call sets case by case ("Lot 2 — Mobilité | 10 000 € | 30 000 €",
    "12 personnes … pour le lot 1, 8 personnes pour le lot 2"): what an applicant that names the case must meet."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="The case as the call names it (a table row's first cell, \"lot 1\").")
    quote: str = Field(description="The verbatim row or sentence that sets the case's values.")
    min_eur: float | None = None
    max_eur: float | None = None
    raised_max_eur: float | None = Field(default=None, description="A higher cap of this case for projects of the kind "
                                         "`raised_when` names (a table's second cap column: \"Plafond projet partenarial\").")
    raised_when: str | None = None
    raised_quotes: list[str] = Field(default_factory=list, description="The call's definition of the kind of project "
                                     "`raised_when` names (\"Est considéré comme inter-territorial un projet porté par …\").")
    min_people: int | None = None
    min_months: float | None = None
    max_months: float | None = None
    max_percent: float | None = None
    min_age: int | None = None
    max_age: int | None = Field(default=None, description="This case's own age limit (\"Conditions propres à l'axe 1 : les "
                                "enfants concernés doivent avoir moins de 12 ans\").")
    lowered_quotes: list[str] = Field(default_factory=list, description="This case's exception below its own lower limit "
                                      "(\"un cédant de moins de 55 ans peut être accompagné si …\"), weighed as the "
                                      "constraint's own `lowered_quotes`.")
    deadline: date | None = None
    deadline_time: str | None = None
    earliest_start: date | None = None
    latest_start: date | None = Field(default=None, description="This case's own start bound (\"Démarrage : entre le 1er "
                                      "juin et le 1er octobre 2027 (au plus tard le 2 août 2027 pour l'axe 3)\").")
    channels: list[str] = Field(default_factory=list, description="How this case is sent (\"Les lettres d'intention sont "
                                "envoyées par courriel\", \"Les dossiers complets sont déposés sur la plateforme\").")
    of_kinds: bool = Field(default=False, description="The case is a set of kinds of applicant (\"Pour les communes, CCAS et "
                           "CIAS, le taux … est ramené à 50 %\"): it holds for those kinds, whatever other case they name.")


class Constraint(BaseModel):
    """One typed constraint of the call, evaluated over the facts of a project (see constraints.py).

    Only the values the call sets are given; each constraint rests on verbatim quotes (its own, or its rule's).
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Criterion id shown to users: applicant, theme, territory, start, duration, budget...")
    kind: ConstraintKind
    label: Bilingual | None = None
    rule: str | None = Field(default=None, description="The rule whose quotes back this constraint.")
    quotes: list[str] = Field(default_factory=list, description="Verbatim quotes (default: the rule's).")
    # start
    earliest: date | None = None
    latest: date | None = None
    # duration (months)
    min_months: float | None = None
    max_months: float | None = None
    latest_end: date | None = Field(default=None, description="The day by which every action must be over.")
    # cofinancing: the share of the cost other sources must bring, and the sources the call does not count in it
    min_other_percent: float | None = None
    not_counted: list[str] = Field(default_factory=list, description="Telling words of the sources left out (normalised).")
    # own_funds: the share of the cost the applicant itself must bring ("au moins 10 % du coût total … en fonds propres")
    min_own_percent: float | None = None
    # ages of the people served (years, inclusive); a higher maximum on the condition quoted in `raised_quotes`
    min_age: int | None = None
    max_age: int | None = None
    raised_max_age: int | None = None
    people: str | None = Field(default=None, description="Whose age: youth, child or adult (ages.kind_of).")
    # number of people served (participants.py); a higher minimum for the case stated in `raised_quotes`
    min_people: int | None = None
    raised_min_people: int | None = None
    # share of the people served who must live in the call's territory (%)
    min_resident_percent: float | None = None
    # amount asked per project (EUR)
    min_eur: float | None = None
    max_eur: float | None = None
    raised_max_eur: float | None = Field(default=None, description="A higher cap for a case the call states (quoted in "
                                         "`raised_quotes`): an amount between the two caps is weighed against that case.")
    lowered_min_eur: float | None = Field(default=None, description="A lower floor for a case the call states (quoted in "
                                          "`lowered_quotes`): an amount between the two floors is weighed against that case.")
    max_eur_per_person: float | None = Field(default=None, description="A cap per person served (\"1 500 € par participant\"): "
                                             "the amount asked may not exceed it times the number of participants.")
    # envelope shared by all projects
    total_eur: float | None = None
    tax_basis: str | None = Field(default=None, description="How the call states its amounts (tax basis), as written.")
    projects_min: int | None = None
    projects_max: int | None = None
    # funding rate (% of the project's cost)
    max_percent: float | None = None
    in_kind_max_percent: float | None = Field(default=None, description="Contributions in kind may count for at most "
                                              "this share of the total cost (the sentence in `quotes`).")
    in_kind_outside_rate: bool = Field(default=False, description="Contributions in kind stay out of the rate's base.")
    in_kind_quotes: list[str] = Field(default_factory=list, description="The call's sentence on contributions in kind.")
    raised_percent: float | None = Field(default=None, description="A higher maximum rate the call grants on a condition "
                                         "(quoted in `raised_quotes`): a rate between the two is a warning, not a failure.")
    raised_quotes: list[str] = Field(default_factory=list)
    lowered_percent: float | None = Field(default=None, description="A lower maximum rate the call sets on a condition "
                                          "(\"Ce taux est limité à 60 % lorsque le budget annuel du porteur … dépasse 2 "
                                          "millions d'euros\", quoted in `lowered_quotes`).")
    lowered_quotes: list[str] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list, description="Values set case by case (lots, kinds of project): "
                              "the case an applicant names decides; unnamed, the constraint's own values hold.")
    # deadline (inclusive), with its time when the call gives one
    deadline: date | None = None
    deadline_time: str | None = Field(default=None, description="Time of day of the deadline as written (e.g. 12h00).")
    # applicant (structure types), format (dossier formats), channel (submission channels)
    allowed: list[str] = Field(default_factory=list, description="Types the call admits (empty: any).")
    excluded: list[str] = Field(default_factory=list, description="Structure types the call rules out.")
    conditional: list[str] = Field(default_factory=list, description="Structure types admitted or ruled out on a "
                                   "condition the facts cannot settle (e.g. an approval): a warning quoting it.")
    who: Bilingual | None = Field(default=None, description="Whom the call addresses, in its words (applicant).")
    # seat: a seat in `allowed` but outside these départements meets the condition quoted in `raised_quotes` ("Si le
    # siège est situé hors du département du Jura, le porteur doit disposer d'une antenne dans le Jura")
    local: list[str] = Field(default_factory=list, description="Départements where a seat needs no local branch.")
    local_quotes: list[str] = Field(default_factory=list, description="What the call asks of a seat in `local` but outside "
                                    "its territory (\"Une structure dont le siège est situé ailleurs dans l'Yonne est "
                                    "éligible si la totalité des actions se déroule sur le territoire …\").")
    outside_quotes: list[str] = Field(default_factory=list, description="The one way a seat outside `allowed` is "
                                      "admitted (\"Une structure dont le siège social est situé hors du département … "
                                      "n'est éligible qu'en partenariat avec une structure dont le siège est dans …\").")
    local_territory: bool = Field(default=False, description="A seat outside the call's own territory meets the "
                                  "condition quoted in `raised_quotes` (\"Le siège peut être situé en dehors … à condition "
                                  "que le porteur dispose sur le territoire d'une antenne\").")
    blocking: bool = Field(default=True, description="A failure makes the project ineligible (else a warning).")


class Answering(BaseModel):
    """Which rules answers lean on for the call's status, follow-up suggestions and place questions."""

    deadline_rule: str = "deadline"
    status_rules: list[str] = Field(default_factory=list)
    follow_up_rules: list[str] = Field(default_factory=list)
    place_rules: list[str] = Field(default_factory=list)


class CallSpec(BaseModel):
    """A call: its identity, documents, rules and not-in-call topics."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    short_title: str = ""
    name: str = Field(default="", description="How answers name the call (no figures: they would need a quote).")
    issuer: str
    kind: str = Field(default="", description="AMI, AAP, AAC... as the call calls itself.")
    language: str = "fr"
    source_file: str
    call_document: str
    documents: list[str] = Field(default_factory=list)
    territory: TerritorySpec
    dates: CallDates
    limits: CallLimits = Field(default_factory=CallLimits)
    contacts_rule: str = "dialogue"
    answering: Answering = Field(default_factory=Answering)
    domain_terms: list[str] = Field(default_factory=list)
    off_topic: list[str] = Field(default_factory=list, description="Subjects near the call's that it does not cover (local sport club...).")
    glossary_en_fr: dict[str, str] = Field(default_factory=dict, description="English terms → the call's own French words.")
    rules: list[Rule]
    not_in_call: list[NotInCallTopic] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list, description="Typed constraints (derived from dates/limits when absent).")
    calendar: list[Milestone] = Field(default_factory=list, description="Dated steps (empty: the call gives no calendar).")
    themes: list[Theme] = Field(default_factory=list, description="Themes or axes (empty: the call names none).")
    payments: list[Tranche] = Field(default_factory=list, description="Payment tranches (empty: the call is silent).")
    selection_criteria: list[SelectionCriterion] = Field(default_factory=list, description="Selection criteria, weighted when the call says so.")
    contacts: list[Contact] = Field(default_factory=list, description="Addresses for questions and submission.")
    obligations: list[Obligation] = Field(default_factory=list, description="Commitments of a funded structure.")
    folder: Path = Path(".")
    corpus_dir: Path = Path(".")

    # ------------------------------------------------------------------ lookups
    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError naming it otherwise)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"unknown rule {rule_id!r} in call {self.id}")

    def path(self, relative: str) -> Path:
        """A file of the call folder."""
        return self.folder / relative

    def source_of(self, relative: str) -> str:
        """Corpus-relative path (as cited) of a file of the call folder."""
        return f"{self.id}/{relative}"

    @cached_property
    def sequels(self) -> dict[str, list[tuple[str, str | None]]]:
        """For each quote, in rule order, the rules that quote it and the quote that follows it there when that one
        goes on with it (`goes_on`), else None: computed once, read by every evaluation."""
        out: dict[str, list[tuple[str, str | None]]] = {}
        for r in self.rules:
            for i, q in enumerate(r.quotes):
                if any(rid == r.id for rid, _ in out.get(q, [])):
                    continue  # a quote's first place in a rule
                nxt = r.quotes[i + 1] if i + 1 < len(r.quotes) and goes_on(r.quotes[i + 1]) else None
                out.setdefault(q, []).append((r.id, nxt))
        return out

    @cached_property
    def call_doc(self) -> LoadedDocument:
        """The call document, as the loader extracts it."""
        return load_document(self.path(self.call_document), self.source_of(self.call_document))

    @cached_property
    def _squashed(self) -> tuple[str, list[int]]:
        text = self.call_doc.text
        out, index = [], []
        prev_space = True
        for i, ch in enumerate(text):
            if ch.isspace():
                if not prev_space:
                    out.append(" ")
                    index.append(i)
                prev_space = True
            else:
                out.append(ch)
                index.append(i)
                prev_space = False
        return "".join(out), index

    def find_quote(self, quote: str) -> int | None:
        """Offset of `quote` in the call document's text (up to whitespace), or None."""
        flat, index = self._squashed
        pos = flat.find(squash(quote))
        return None if pos < 0 else index[pos]

    def cite(self, quote: str, rule_id: str | None = None) -> Citation:
        """A Citation of the call document for a verbatim quote; CorpusError when it is not verbatim."""
        pos = self.find_quote(quote)
        if pos is None:
            raise CorpusError(f"{self.id}: quote not found verbatim in {self.call_document}: {quote[:80]!r}")
        sec = self.call_doc.section_at(pos)
        locator = sec.locator if sec else self.call_document
        return Citation(source=self.call_doc.source, locator=locator, quote=squash(quote), rule_id=rule_id)

    def constraint(self, constraint_id: str) -> Constraint | None:
        """The constraint with this id, or None when the call sets none."""
        return next((c for c in self.effective_constraints() if c.id == constraint_id), None)

    def effective_constraints(self) -> list[Constraint]:
        """The call's constraints: those written in call.yaml, else derived from its dates and limits."""
        return list(self._constraints)

    @cached_property
    def _constraints(self) -> tuple[Constraint, ...]:
        ids = {r.id for r in self.rules}
        out = list(self.constraints) if self.constraints else self._derived_constraints(ids)
        if not any(c.kind == "deadline" for c in out) and self.answering.deadline_rule in ids:
            out.append(Constraint(id="deadline", kind="deadline", deadline=self.dates.deadline, rule=self.answering.deadline_rule))
        return tuple(out)

    def _derived_constraints(self, ids: set[str]) -> list[Constraint]:
        """Constraints read from the older `dates` and `limits` of a call.yaml that lists none."""
        out: list[Constraint] = []
        pick = lambda *names: next((n for n in names if n in ids), None)  # noqa: E731
        if pick("eligible_applicants", "applicants"):
            out.append(Constraint(id="applicant", kind="applicant", rule=pick("eligible_applicants", "applicants")))
        if pick("territory"):
            out.append(Constraint(id="territory", kind="territory", rule="territory"))
        if self.dates.latest_start:
            out.append(Constraint(id="start", kind="start", latest=self.dates.latest_start, rule=pick("start_date", "start")))
        if self.limits.max_duration_months:
            out.append(Constraint(id="duration", kind="duration", max_months=self.limits.max_duration_months, rule=pick("duration")))
        if self.limits.envelope_eur:
            out.append(Constraint(id="budget", kind="envelope", total_eur=self.limits.envelope_eur, rule=pick("envelope"),
                                  projects_min=self.limits.projects_min, projects_max=self.limits.projects_max))
        return out

    def constraint_citations(self, c: Constraint) -> list[Citation]:
        """The verbatim quotes a constraint rests on (its own, else its rule's)."""
        raised = [self.cite(q, c.rule) for q in dict.fromkeys([*c.raised_quotes, *c.lowered_quotes,
                                                               *(q for k in c.cases for q in (k.quote, *k.raised_quotes)),
                                                               *c.in_kind_quotes])]
        if c.quotes:
            return [self.cite(q, c.rule) for q in c.quotes] + raised
        if c.rule and c.rule in {r.id for r in self.rules}:
            return self.rule_citations(c.rule) + [x for x in raised if x.quote not in self.rule(c.rule).quotes]
        return raised

    def rule_citations(self, rule_id: str) -> list[Citation]:
        """Citations of all the quotes of a rule, in order."""
        return [self.cite(q, rule_id) for q in self.rule(rule_id).quotes]

    def section_items(self) -> list[tuple[str, Quoted]]:
        """Every item of the typed sections (calendar, themes, payments...), named for messages."""
        sections = {"calendar": self.calendar, "themes": self.themes, "payments": self.payments,
                    "selection_criteria": self.selection_criteria, "contacts": self.contacts,
                    "obligations": self.obligations}
        return [(f"{name}[{i}]", item) for name, items in sections.items() for i, item in enumerate(items)]

    def section_citations(self, items: list[Quoted]) -> list[Citation]:
        """Citations of the quotes of some section items, each quote once, in order."""
        seen: list[str] = []
        for item in items:
            seen += [q for q in item.quotes if q not in seen]
        return [self.cite(q) for q in seen]

    def load_extra(self, name: str) -> dict:
        """A sibling YAML file of call.yaml (e.g. criteria or dossier parts), {} when absent."""
        p = self.path(name)
        if not p.exists():
            return {}
        try:
            return yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise CorpusError(f"{p}: YAML invalide: {exc}") from exc

    def verify(self) -> None:
        """Check every quote of every rule; raise CorpusError listing the ones not found verbatim."""
        missing = [f"{r.id}: {q[:70]!r}" for r in self.rules for q in r.quotes if self.find_quote(q) is None]
        ids = [r.id for r in self.rules]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise CorpusError(f"{self.id}: duplicate rule ids {sorted(dup)}")
        for t in self.not_in_call:
            for rid in t.related_rules:
                if rid not in ids:
                    raise CorpusError(f"{self.id}: not_in_call {t.id} names unknown rule {rid}")
        a = self.answering
        for rid in [a.deadline_rule, *a.status_rules, *a.follow_up_rules, *a.place_rules]:
            if rid not in ids:
                raise CorpusError(f"{self.id}: answering names unknown rule {rid}")
        if self.contacts_rule not in ids:
            raise CorpusError(f"{self.id}: contacts_rule {self.contacts_rule!r} is not a rule")
        rule_ids = set(ids)
        for c in self.constraints:
            missing += [f"constraint {c.id}: {q[:70]!r}" for q in [*c.quotes, *c.raised_quotes, *(k.quote for k in c.cases)]
                        if self.find_quote(q) is None]
            if c.rule and c.rule not in rule_ids:
                raise CorpusError(f"{self.id}: constraint {c.id} names unknown rule {c.rule}")
        for name, item in self.section_items():
            missing += [f"{name}: {q[:70]!r}" for q in item.quotes if self.find_quote(q) is None]
            missing += [f"{name}: {fig!r} is in none of its quotes" for fig in figures_unquoted(item)]
        if missing:
            raise CorpusError(f"{self.id}: quotes not found verbatim in {self.call_document}:\n  " + "\n  ".join(missing))


def load_callspec(corpus_dir: Path, call_id: str | None = None) -> CallSpec:
    """Load and verify a call's spec; the only/first call of corpus_dir when call_id is None."""
    calls = list_calls(corpus_dir)
    if not calls:
        raise CorpusError(f"Aucun appel trouvé dans {corpus_dir} (il faut un dossier contenant call.yaml).")
    if call_id is None:
        if len(calls) > 1:
            raise CorpusError(
                f"Plusieurs appels dans {corpus_dir} : choisissez-en un avec --call ID ou AMI_CALL=ID "
                f"(appels disponibles : {', '.join(calls)})."
            )
        call_id = calls[0]
    if call_id not in calls:
        raise CorpusError(f"Appel inconnu : {call_id!r}. Appels disponibles : {', '.join(calls)}.")
    folder = corpus_dir / call_id
    try:
        raw = yaml.load((folder / "call.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{folder / 'call.yaml'}: YAML invalide: {exc}") from exc
    try:
        spec = CallSpec.model_validate({**raw, "folder": folder, "corpus_dir": corpus_dir})
    except ValidationError as exc:
        raise CorpusError(f"{folder / 'call.yaml'}: {exc}") from exc
    if spec.id != call_id:
        raise CorpusError(f"{folder / 'call.yaml'}: id {spec.id!r} differs from its folder name {call_id!r}")
    spec.verify()
    return spec
