"""Public result and input types (pydantic); `.model_dump(mode="json")` gives the shapes of INTERFACES.md."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

AnswerKind = Literal["answer", "not_in_call", "out_of_scope", "clarify"]
CriterionId = str  # the constraints the call sets: applicant | theme | territory | start | duration | budget | funding_rate | ...
Status = Literal["pass", "fail", "warn", "unknown"]
Verdict = Literal["eligible", "not_eligible", "incomplete"]
SectionId = Literal[
    "structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar", "budget", "annexes"
]


class Citation(BaseModel):
    """A verbatim excerpt of a corpus document backing a claim."""

    source: str = Field(description="Corpus-relative path of the document.")
    locator: str = Field(description="Section path, slide or page.")
    quote: str = Field(description="Verbatim excerpt (up to whitespace) of the text the loader extracts from source.")
    rule_id: str | None = Field(default=None, description="Id of the call's rule this quote backs, if any.")


class Answer(BaseModel):
    """The answer to one question."""

    kind: AnswerKind
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    suggested_reply: str = ""
    language: Literal["fr", "en"] = "fr"
    rule_ids: list[str] = Field(default_factory=list, description="The call's rules the answer rests on.")
    origin: Literal["rules", "answerbank", "retrieval", "eligibility", "territory", "system"] = "rules"
    follow_ups: list[str] = Field(default_factory=list, description="Suggested next questions.")
    notes: list[str] = Field(default_factory=list, description="Notices (question cut, language, call closed...).")
    verdict: Literal["yes", "no", "conditional", "unknown"] | None = Field(
        default=None, description="For a yes/no or can-we question: the verdict its first sentence states; None otherwise.")


class SearchHit(BaseModel):
    """One retrieved chunk."""

    text: str
    score: float
    source: str
    locator: str
    doc_type: str
    metadata: dict[str, Any] = Field(default_factory=dict)


def _month_or_date(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        return value.strip() + "-01"
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Structure(_Strict):
    """The applicant structure."""

    name: str | None = None
    type: str | None = Field(default=None, description="association | entreprise | collectivite | etablissement_public | reseau_entreprises | autre")
    commune: str | None = None
    created: str | None = None
    activities: str | None = None
    governance: str | None = None
    members: str | None = None
    motivation: str | None = None


class Project(_Strict):
    """The project proposed."""

    title: str | None = None
    summary: str | None = None
    theme: str | None = Field(default=None, description="inclusion | industrie")
    publics: list[str] = Field(default_factory=list)
    communes: list[str] = Field(default_factory=list)
    start_date: date | None = None
    start_year_assumed: bool = Field(default=False, description="The start's year was not given (month only).")
    duration_months: float | None = None
    duration_bound: Literal["more", "less"] | None = Field(default=None, description="'more' for \"more than N months\", 'less' for \"less than\".")
    objectives: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)
    innovation: str | None = None
    partners: list[str] = Field(default_factory=list)

    _month = field_validator("start_date", mode="before")(classmethod(lambda cls, v: _month_or_date(v)))


class BudgetLine(_Strict):
    """One line of the detailed budget."""

    label: str = ""
    amount_eur: float = 0


class Budget(_Strict):
    """The amount requested and the detailed budget."""

    requested_eur: float | None = None
    lines: list[BudgetLine] = Field(default_factory=list)
    total_cost_eur: float | None = Field(default=None, description="The project's total cost (for a maximum funding rate).")
    funding_rate_percent: float | None = Field(default=None, description="Share of the cost asked from the call, in %.")


class Milestone(_Strict):
    """A step of the project calendar (months as YYYY-MM)."""

    label: str = ""
    start: date | None = None
    end: date | None = None

    _month = field_validator("start", "end", mode="before")(classmethod(lambda cls, v: _month_or_date(v)))


class DossierFacts(_Strict):
    """How and when the dossier is (to be) sent."""

    formats: list[str] = Field(default_factory=list, description="Formats named: pptx, docx, pdf, xlsx, paper, video.")
    channels: list[str] = Field(default_factory=list, description="Channels named: email, post, platform, hand.")
    submission_date: date | None = Field(default=None, description="When the dossier is (to be) sent.")
    submission_time: str | None = Field(default=None, description="Time of day it is sent, HH:MM, when given.")
    submission_implied: bool = Field(default=False, description="The date is today's, implied by \"can we apply?\".")
    submission_bound: Literal["after", "before"] | None = Field(
        default=None, description="Sent some day after (\"après le 18 juin\") or before the date given, not on it.")
    submission_period: str | None = Field(default=None, description="The part of the day it is sent, as said (\"ce soir\"), "
                                          "with `submission_from`, the hour that part of the day begins (HH:MM).")
    submission_from: str | None = None


class Profile(_Strict):
    """What the applicant told us; every field optional."""

    structure: Structure = Field(default_factory=Structure)
    project: Project = Field(default_factory=Project)
    budget: Budget = Field(default_factory=Budget)
    milestones: list[Milestone] = Field(default_factory=list)
    dossier: DossierFacts = Field(default_factory=DossierFacts)


class CallStatus(BaseModel):
    """Whether applications are still accepted on `as_of`."""

    open: bool
    deadline: date
    as_of: date


class Criterion(BaseModel):
    """One eligibility criterion and its status."""

    id: CriterionId
    status: Status
    explanation: str
    citations: list[Citation] = Field(default_factory=list)


class Eligibility(BaseModel):
    """Eligibility report, criterion by criterion."""

    verdict: Verdict
    call_status: CallStatus
    criteria: list[Criterion]
    questions: list[str] = Field(default_factory=list)
    profile: Profile | None = Field(default=None, description="The profile that was checked (as understood from text).")
    notes: list[str] = Field(default_factory=list)


class SectionPresence(BaseModel):
    """Whether a part of the dossier is present and filled, on which slides (pages, sections), and why."""

    id: str = Field(description="The call's part id (first call: one of SectionId).")
    present: bool
    filled: bool = Field(default=False, description="Present with real content: no skeleton prompt, placeholder or empty part.")
    slides: list[int] = Field(default_factory=list)
    why: list[str] = Field(default_factory=list, description="Where and how the part was recognised (heading, label, content, meaning).")


class Problem(BaseModel):
    """A problem found in a draft dossier."""

    id: str = Field(description="territory | start | duration | budget | theme | applicant | sections | annexes | unfilled | format | not_read")
    severity: Literal["error", "warning"]
    message: str
    citations: list[Citation] = Field(default_factory=list)
    slides: list[int] = Field(default_factory=list)


class DossierReview(BaseModel):
    """Review of a dossier (.pptx, .docx, .pdf) against the call; also one row of an inbox review."""

    complete: bool
    sections: list[SectionPresence]
    problems: list[Problem] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict, description="Facts read from the deck (communes, start, duration, total).")
    slide_count: int = 0
    file: str = Field(default="", description="The dossier's file name.")
    format: str = Field(default="", description="pptx | docx | pdf | md | txt | the extension of an unknown format.")
    unit: str = Field(default="diapositive", description="What `slides` numbers: diapositive, page or section.")
    error: str | None = Field(default=None, description="Why the file could not be read (then nothing else is filled).")
    headline: str = Field(default="", description="One sentence: complete, or the blocking points named.")
    blocking: list[str] = Field(default_factory=list, description="Short names of the blocking points.")
    structure: str | None = Field(default=None, description="The applicant structure's name, as written.")
    structure_type: str | None = None
    project_title: str | None = None
    communes: list[str] = Field(default_factory=list)
    start: date | None = None
    duration_months: float | None = None
    requested_eur: float | None = None
    theme: str | None = None
    eligibility: Verdict | None = Field(default=None, description="The eligibility verdict on the facts read.")
    call_status: CallStatus | None = Field(default=None, description="Whether the call was open on the submission date.")
    submitted: date | None = Field(default=None, description="Date of submission (given, or the file's date).")
