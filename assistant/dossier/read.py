"""Reading a dossier (.pptx, .docx, .pdf; .md/.txt too) into ordered units with their place and structure.

A unit is a slide (.pptx), a page (.pdf) or a section under a heading (.docx, .md): its number, its title, its
body lines (tables as "cell | cell" rows, groups flattened in reading order) and its notes. The loaders of
`assistant/corpus.py` do the reading (and refuse what is not a sane file); this module only regroups their sections
and bounds what the review will look at: a cap on text per unit and per dossier, lines cut to a bounded length.
What is over a cap is reported as not read, never silently dropped.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, LoaderError

READERS = ("pptx", "docx", "pdf", "md", "txt")
# Other extensions of the same packages: read (and refused with a clear reason, e.g. macros) as their family.
ALIASES = {"pptm": "pptx", "ppsx": "pptx", "ppsm": "pptx", "potx": "pptx", "docm": "docx", "dotx": "docx",
           "markdown": "md"}


@dataclass(frozen=True)
class ReviewLimits:
    """How much of a dossier the review reads, and for how long."""

    max_unit_chars: int = 20_000       # text read per slide, page or section
    max_dossier_chars: int = 300_000   # text read per dossier
    max_line_chars: int = 1_000        # longer lines are cut into pieces of this length
    max_title_chars: int = 300
    seconds: float = 30.0              # wall-clock budget per dossier


@dataclass
class Unit:
    """A slide, a page or a section of the dossier."""

    n: int
    title: str
    lines: list[str]
    notes: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # "table", "notes", "heading"

    @property
    def body(self) -> str:
        """The body lines, one per line."""
        return "\n".join(self.lines)


@dataclass
class ReadDossier:
    """A dossier as the review sees it."""

    name: str
    format: str          # pptx | docx | pdf | md | txt | the unknown extension
    units: list[Unit]
    doc_title: str = ""  # a document title (Word "Title" style, first Markdown heading)
    truncated: list[int] = field(default_factory=list)  # units cut at the per-unit cap
    skipped: list[int] = field(default_factory=list)    # units not read at all (dossier cap)
    limit: int = 0

    @property
    def readable(self) -> bool:
        """Whether the format is one the review knows how to read."""
        return self.format in READERS


def dossier_name(dossier: Any, name: str | None = None) -> str:
    """The file name to show for a dossier given as a path, bytes or an uploaded file."""
    if name:
        return Path(str(name)).name
    if isinstance(dossier, (str, Path)):
        return Path(dossier).name
    n = getattr(dossier, "name", None)
    return Path(str(n)).name if n else "dossier"


def _sniff(raw: bytes) -> str:
    if raw[:4] == b"%PDF":
        return "pdf"
    if raw[:2] == b"PK":
        head = raw[: 1 << 16]
        if b"word/" in head:
            return "docx"
    return "pptx"


def read_dossier(dossier: Any, name: str | None = None, limits: ReviewLimits | None = None) -> ReadDossier:
    """Read a dossier (path, bytes or an uploaded file with `.getvalue()`); LoaderError naming it when unreadable."""
    limits = limits or ReviewLimits()
    if hasattr(dossier, "getvalue") and not isinstance(dossier, (bytes, bytearray)):
        name = name or getattr(dossier, "name", None)
        dossier = dossier.getvalue()
    label = dossier_name(dossier, name)
    if isinstance(dossier, (str, Path)):
        path = Path(dossier)
        if not path.is_file():
            raise LoaderError(f"{label} : fichier introuvable.")
        fmt = path.suffix.lower().lstrip(".")
        fmt = ALIASES.get(fmt, fmt)
        if fmt not in READERS:
            return ReadDossier(label, fmt or "?", [])
        units, title = _load(path, None, fmt, label)
    elif isinstance(dossier, (bytes, bytearray)):
        raw = bytes(dossier)
        fmt = Path(label).suffix.lower().lstrip(".") if name else _sniff(raw)
        fmt = ALIASES.get(fmt, fmt)
        if name and fmt not in READERS:
            return ReadDossier(label, fmt or "?", [])
        if not name:
            label = f"dossier.{fmt}"
        units, title = _load(None, raw, fmt, label)
    else:
        raise InputError("Le dossier doit être un chemin de fichier (.pptx, .docx, .pdf) ou son contenu (bytes).")
    doc = ReadDossier(label, fmt, units, doc_title=title[: limits.max_title_chars])
    _bound(doc, limits)
    return doc


def _load(path: Path | None, raw: bytes | None, fmt: str, label: str) -> tuple[list[Unit], str]:
    from ..corpus import load_docx, load_markdown, load_pdf, load_pptx

    if fmt == "pptx":
        return _pptx_units(load_pptx(path if path is not None else raw, label, label)), ""
    loaders = {"docx": load_docx, "pdf": load_pdf, "md": load_markdown, "txt": load_markdown}
    if path is not None:
        return _section_units(loaders[fmt](path, label), fmt)
    fd, tmp = tempfile.mkstemp(prefix="ami-review-", suffix="." + fmt)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw or b"")
        doc = loaders[fmt](Path(tmp), label)
    except LoaderError as exc:  # the loader names the temporary file: name the user's file instead
        raise LoaderError(str(exc).replace(Path(tmp).name, label)) from exc
    finally:
        os.unlink(tmp)
    return _section_units(doc, fmt)


def _pptx_units(doc) -> list[Unit]:
    by_slide: dict[int, Unit] = {}
    for sec in doc.sections:
        if sec.slide is None:
            continue
        u = by_slide.setdefault(sec.slide, Unit(sec.slide, sec.heading_path[0] if sec.heading_path else "", []))
        lines = [ln.strip() for ln in doc.text[sec.start:sec.end].split("\n")[1:] if ln.strip()]
        if sec.notes:
            u.notes.extend(lines)
            u.kinds.add("notes")
        else:
            u.lines.extend(lines)
            if any(" | " in ln for ln in lines):
                u.kinds.add("table")
    count = int(doc.metadata.get("slide_count", len(by_slide)))
    return [by_slide.get(n) or Unit(n, "", []) for n in range(1, count + 1)]


def _section_units(doc, fmt: str) -> tuple[list[Unit], str]:
    units: list[Unit] = []
    doc_title = ""
    for sec in doc.sections:
        text = doc.text[sec.start:sec.end]
        lines = [ln.strip().lstrip("#").strip() for ln in text.split("\n") if ln.strip()]
        if not lines:
            continue
        if fmt == "pdf":
            title, body = lines[0], lines[1:]
        else:
            title = sec.heading_path[-1] if sec.heading_path else ""
            if not doc_title and fmt in ("docx", "md") and len(sec.heading_path) >= 1 and sec.heading_path[0] != title:
                doc_title = sec.heading_path[0]
            body = lines[1:] if title and lines[0] == title else lines
        u = Unit(len(units) + 1, title, body)
        if title and fmt != "pdf":
            u.kinds.add("heading")
        if any(" | " in ln for ln in body):
            u.kinds.add("table")
        units.append(u)
    if not doc_title and fmt in ("docx", "md") and units and units[0].title and len(units) > 1:
        doc_title = units[0].title if not units[0].lines else ""
    return units, doc_title


def _bound(doc: ReadDossier, limits: ReviewLimits) -> None:
    """Cut lines to a bounded length; keep at most max_unit_chars per unit and max_dossier_chars in all."""
    total = 0
    doc.limit = limits.max_unit_chars
    for u in doc.units:
        u.title = u.title[: limits.max_title_chars]
        if total >= limits.max_dossier_chars:
            if u.lines:
                doc.skipped.append(u.n)
            u.lines, u.notes = [], []
            continue
        budget = min(limits.max_unit_chars, limits.max_dossier_chars - total)
        kept: list[str] = []
        used = 0
        cut = False
        for line in u.lines:
            if used >= budget:
                cut = True
                break
            piece = line[: budget - used]
            cut = cut or len(piece) < len(line)
            step = limits.max_line_chars
            kept.extend(piece[i:i + step] for i in range(0, len(piece), step))
            used += len(piece)
        notes, nused = [], 0
        for line in u.notes:
            if nused >= limits.max_unit_chars // 4:
                break
            notes.append(line[: limits.max_line_chars])
            nused += len(notes[-1])
        u.lines, u.notes = kept, notes
        total += used
        if cut:
            doc.truncated.append(u.n)


class Deadline:
    """A wall-clock budget: `expired` once `seconds` have passed since it was made."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    @property
    def expired(self) -> bool:
        """Whether the budget is spent."""
        return time.monotonic() > self.end

    def extend(self, seconds: float) -> None:
        """Give back time spent on one-time work (loading the model), which is not this dossier's."""
        self.end += seconds
