"""The typed sections of a drafted call (calendar, themes, payments, selection criteria, contacts, obligations),
built from the facts `drafting.extract` found, each item with its verbatim quotes.

An item whose figure (a share, a weight, a day) is in none of its quotes is dropped, not guessed: the reviewer sees
the section empty and the checklist says so.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ..textnorm import fold
from .drafting import Draft, Fact
from .sections import Contact, Milestone, Obligation, Quoted, SelectionCriterion, Theme, Tranche, figures_unquoted
from .spec import squash

SECTIONS = ("calendar", "themes", "payments", "selection_criteria", "contacts", "obligations")
_ROLES = {"launch": "launch", "info": "meeting", "deadline": "deadline", "jury": "jury", "announcement": "announcement",
          "questions": "questions"}
_SHARE = re.compile(r"(\d+(?:,\d+)?\s*%|\d+\s*/\s*\d+|\b(?:la moiti[ée]|le solde)\b)", re.I)
_WEIGHT = re.compile(r"(\d{1,3})\s*(%|points?\b|pts\b)", re.I)


def _label(text: str) -> str:
    """The words before a colon or a dash, else the text itself, without its trailing punctuation."""
    head = re.split(r"\s+[:–-]\s+|\s*:\s+", squash(text), maxsplit=1)[0]
    return head.rstrip(" ;.,:")


def _keep(items: list[Quoted]) -> list[dict[str, Any]]:
    """Items whose figures are all in their own quotes, as call.yaml data."""
    out = []
    for item in items:
        if not figures_unquoted(item):
            data = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {"quotes": item.quotes}
            data.pop("share_percent", None)  # derived from the share as written
            out.append(data)
    return out


def _make(cls: type[Quoted], **kw: Any) -> Quoted | None:
    try:
        return cls(**kw)
    except ValidationError:
        return None


def _calendar(d: Draft) -> list[Quoted]:
    seen: set[tuple[str, str]] = set()
    out: list[Quoted] = []
    for f in d.facts:
        v = f.value
        if f.kind not in _ROLES or not isinstance(v, dict) or not v.get("date") or not v.get("day"):
            continue
        key = (_ROLES[f.kind], v["date"].isoformat())
        if key in seen:
            continue
        seen.add(key)
        item = _make(Milestone, id=_ROLES[f.kind], label=_label(f.quotes[0]), date=v["date"], time=v.get("time") or None,
                     quotes=[squash(f.quotes[0])])
        if item:
            out.append(item)
    return out


def _items(facts: list[Fact]) -> list[tuple[str, list[str], dict]]:
    """(item text, quotes, value) of list facts, each item once."""
    out, seen = [], set()
    for f in facts:
        text = squash(f.value["item"]) if isinstance(f.value, dict) and f.value.get("item") else squash(f.quotes[-1])
        if text in seen:
            continue
        seen.add(text)
        out.append((text, [squash(q) for q in f.quotes if q], f.value if isinstance(f.value, dict) else {}))
    return out


def _themes(d: Draft) -> list[Quoted]:
    out = []
    for i, (text, quotes, value) in enumerate(_items(d.of("themes")), 1):
        details = [squash(x) for x in value.get("details", []) if x]
        publics = [p.strip(" .;") for x in details if ":" in x and re.search(r"\bpublics?\b", fold(x.split(":", 1)[0]))
                   for p in re.split(r",|;", x.split(":", 1)[1])]
        item = _make(Theme, id=f"theme_{i}", title=_label(text) if len(text) > 160 else text.rstrip(" ;."),
                     publics=[p for p in publics if p], quotes=quotes)
        if item:
            out.append(item)
    return out


def _payments(d: Draft) -> list[Quoted]:
    out = []
    for text, quotes, _v in _items(d.of("payments")):
        m = _SHARE.search(text)
        if not m:
            continue
        trigger = text[m.end():].strip(" ;.,:") or text
        item = _make(Tranche, share=m.group(1), trigger=re.sub(r"^(?:des fonds|de la subvention|du montant)\s+", "", trigger),
                     quotes=quotes)
        if item:
            out.append(item)
    return out


def _criteria(d: Draft) -> list[Quoted]:
    out = []
    for text, quotes, value in _items(d.of("selection_criteria")):
        if value.get("label"):  # a table row: label and weight in their own cells
            item = _make(SelectionCriterion, label=value["label"], weight=value.get("weight"), unit=value.get("unit"), quotes=quotes)
            if item:
                out.append(item)
            continue
        m = _WEIGHT.search(text)
        weight = float(m.group(1)) if m else None
        unit = ("%" if m.group(2) == "%" else "points") if m else None
        item = _make(SelectionCriterion, label=_label(text) if m else text.rstrip(" ;."), weight=weight, unit=unit, quotes=quotes)
        if item:
            out.append(item)
    return out


def _contacts(d: Draft) -> list[Quoted]:
    out = []
    for role, facts in (("questions", d.of("contacts")), ("submission", d.of("submission"))):
        for f in facts:
            v = f.value
            if not (v.get("emails") or v.get("urls")):
                continue
            item = _make(Contact, role=role, emails=list(dict.fromkeys(v.get("emails", []))),
                         urls=list(dict.fromkeys(v.get("urls", []))), quotes=[squash(f.quotes[0])])
            if item and not any(c.model_dump() == item.model_dump() for c in out):
                out.append(item)
    return out


def _obligations(d: Draft) -> list[Quoted]:
    out = []
    for text, quotes, _v in _items(d.of("obligations")):
        if text.rstrip().endswith(":"):  # the lead of a list ("La structure s'engage à :"), not a commitment
            continue
        item = _make(Obligation, label=_label(text), quotes=quotes)
        if item:
            out.append(item)
    return out


def typed_sections(d: Draft) -> dict[str, list[dict[str, Any]]]:
    """call.yaml's typed sections drafted from the document's facts; a section with nothing found is left out."""
    found = (_calendar(d), _themes(d), _payments(d), _criteria(d), _contacts(d), _obligations(d))
    return {name: kept for name, items in zip(SECTIONS, found) if (kept := _keep(items))}
