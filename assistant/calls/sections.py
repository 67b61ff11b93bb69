"""The typed sections of a call beyond its constraints: calendar, themes, payments, selection criteria, contacts,
obligations. Each item rests on verbatim quotes of the call; a section the call does not set is an empty list (the
features then say the call is silent), never a value from another call or from code.

Loading checks that every quote is verbatim (`CallSpec.verify`) and that every figure an item states (a share, a
weight, a date's day, an e-mail) appears in its own quotes (`figures_unquoted`).
"""

from __future__ import annotations

import re
from datetime import date as Date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..quantities import read_percents
from ..textnorm import fold


class Quoted(BaseModel):
    """An item of a call's section and the verbatim quotes it rests on."""

    model_config = ConfigDict(extra="forbid")

    quotes: list[str] = Field(min_length=1, description="Verbatim quotes of the call document.")

    def figures(self) -> list[str]:
        """The figures this item states, each of which must appear in its quotes."""
        return []


class Milestone(Quoted):
    """A dated step of the call's calendar (launch, information meeting, deadline, jury, announcement...)."""

    id: str = Field(description="launch, meeting, deadline, jury, vote, announcement, start, other...")
    label: str = Field(description="The step as the call names it.")
    date: Date | None = None
    time: str | None = Field(default=None, description="Time of day as written (e.g. 12h00).")

    def figures(self) -> list[str]:
        return [str(self.date.day)] if self.date else []


class Theme(Quoted):
    """A theme or axis of the call, with its examples and publics when the call gives them."""

    id: str
    title: str
    examples: list[str] = Field(default_factory=list)
    publics: list[str] = Field(default_factory=list)


class Tranche(Quoted):
    """One payment of the grant: its share as written ("2/5", "50 %") and what triggers it."""

    share: str | None = Field(default=None, description="The share as the call writes it.")
    share_percent: float | None = Field(default=None, description="The share in percent (derived from `share`).")
    trigger: str = Field(description="What triggers the payment (signature, mid-term report, final report...).")

    @model_validator(mode="after")
    def _percent(self) -> Tranche:
        if self.share and self.share_percent is None:
            self.share_percent = share_to_percent(self.share)
        return self

    def figures(self) -> list[str]:
        return [self.share] if self.share else []


class SelectionCriterion(Quoted):
    """A selection criterion and its weight when the call gives one."""

    label: str
    weight: float | None = None
    unit: str | None = Field(default=None, description="'%' or 'points' as written.")

    def figures(self) -> list[str]:
        return [f"{self.weight:g}"] if self.weight is not None else []


class Contact(Quoted):
    """Whom applicants write to, for what (questions, submission...), with the addresses the call gives."""

    role: str = Field(description="questions, submission, dialogue...")
    emails: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)

    def figures(self) -> list[str]:
        return [*self.emails, *self.urls, *self.phones]


class Obligation(Quoted):
    """What a funded structure commits to (agreement, reporting, communication...)."""

    label: str


def share_to_percent(share: str) -> float | None:
    """'2/5' → 40.0, '50 %' → 50.0, 'la moitié' → 50.0; None when the share is not a number."""
    f = fold(share)
    m = re.search(r"(\d+)\s*/\s*(\d+)", f)
    if m and int(m.group(2)):
        return round(100 * int(m.group(1)) / int(m.group(2)), 1)
    pct = next(iter(read_percents(f)), None)
    if pct:
        return pct.value
    return {"la moitie": 50.0, "moitie": 50.0, "le tiers": 33.3, "un tiers": 33.3, "le quart": 25.0}.get(f.strip())


def figures_unquoted(item: Quoted) -> list[str]:
    """The figures of `item` that none of its own quotes contains (each one would be an invented value)."""
    text = fold(" ".join(item.quotes)).replace("\u202f", " ").replace("\xa0", " ")
    compact = re.sub(r"\s+", "", text)
    return [f for f in item.figures() if fold(f) not in text and re.sub(r"\s+", "", fold(f)) not in compact]
