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
from .plan import GUIDANCE

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
    from ..corpus import load_docx, load_markdown, load_pdf

    if fmt == "pptx":
        return _read_pptx(path if path is not None else raw, label), ""
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


# --------------------------------------------------------------------------- .pptx, straight from the slide XML

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_TITLE_TYPES = ("title", "ctrTitle")
_NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"
_READ_CAP = 4 * ReviewLimits().max_unit_chars  # characters taken from one slide's XML before `_bound` cuts further


def _read_pptx(source: Path | bytes, name: str) -> list[Unit]:
    """Every slide's title, texts (shapes top to bottom, groups, tables as "a | b" rows) and notes.

    The archive goes through the corpus guard (`check_zip`) first; the text is then read from the slide XML with
    lxml, at most `_READ_CAP` characters per slide, which is several times faster than python-pptx's shape objects.
    """
    import io
    import logging

    from pptx import Presentation

    from ..corpus import check_zip

    checked = check_zip(source, name, "pptx")  # the guard returns the bytes it checked (older guards: None)
    data = checked if isinstance(checked, bytes) else source
    try:
        prs = Presentation(io.BytesIO(data) if isinstance(data, bytes) else str(data))
        slides = list(prs.slides)
    except Exception as exc:  # python-pptx raises many kinds on broken packages
        raise LoaderError(f"{name} : présentation illisible ({type(exc).__name__}: {exc}).") from exc
    units = []
    for n, slide in enumerate(slides, start=1):
        try:
            units.append(_slide_unit(n, slide))
        except Exception as exc:  # one damaged slide does not stop the review
            logging.getLogger(__name__).warning("%s: slide %d unreadable: %s", name, n, exc)
            units.append(Unit(n, "", []))
    return units


def _slide_unit(n: int, slide) -> Unit:
    tree = slide._element.find(f"{_P}cSld/{_P}spTree")
    items: list[tuple[tuple, list[str], str, bool]] = []  # (order key, lines, kind, is title)
    budget = [_READ_CAP]
    if tree is not None:
        _collect(tree, items, budget, depth=0)
    items.sort(key=lambda it: it[0])
    title = next((lines[0] for _, lines, _, is_title in items if is_title and lines), "")
    lines = [ln for _, ls, _, _ in items for ln in ls]
    if not title:
        title = next((ln for ln in lines if ln), "")[:120]
    u = Unit(n, title, lines, kinds={k for _, ls, k, _ in items if ls and k != "text"})
    rel = next((r for r in slide.part.rels.values() if r.reltype == _NOTES_REL), None)
    if rel is not None:
        body = rel.target_part._element
        notes = [ln for sp in body.iter(f"{_P}sp") if _ph_type(sp) == "body" for ln in _paragraphs(sp, [_READ_CAP // 4])]
        u.notes = notes
        if notes:
            u.kinds.add("notes")
    return u


def _ph_type(sp) -> str | None:
    ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
    if ph is None:
        return None
    return ph.get("type", "body")


def _offset(el) -> tuple[int, int]:
    off = el.find(f"{_P}spPr/{_A}xfrm/{_A}off")
    if off is None:
        off = el.find(f"{_P}grpSpPr/{_A}xfrm/{_A}off")
    if off is None:
        off = el.find(f"{_P}xfrm/{_A}off")
    if off is None:
        return (0, 0)
    try:
        return int(off.get("y", 0)) // 100000, int(off.get("x", 0))
    except ValueError:
        return (0, 0)


def _collect(parent, items: list, budget: list[int], depth: int, group_key: tuple | None = None) -> None:
    for el in parent.iterchildren():
        if budget[0] <= 0 or depth > 20:
            return
        tag = el.tag
        if tag == f"{_P}sp":
            ph = _ph_type(el)
            is_title = ph in _TITLE_TYPES
            key = group_key or ((-1 if is_title else 0), *_offset(el))
            items.append((key, _paragraphs(el, budget), "text" if depth == 0 else "group", is_title and depth == 0))
        elif tag == f"{_P}grpSp":
            _collect(el, items, budget, depth + 1, group_key or (0, *_offset(el)))
        elif tag == f"{_P}graphicFrame":
            tbl = next(el.iter(f"{_A}tbl"), None)
            if tbl is None:
                continue
            rows = []
            for tr in tbl.iter(f"{_A}tr"):
                cells = [" ".join(_paragraphs(tc, budget)) for tc in tr.iter(f"{_A}tc")]
                line = " | ".join(c for c in cells if c)
                if line:
                    rows.append(line)
            items.append((group_key or (0, *_offset(el)), rows, "table", False))


def _paragraphs(el, budget: list[int]) -> list[str]:
    out = []
    for p in el.iter(f"{_A}p"):
        if budget[0] <= 0:
            break
        parts, size = [], 0
        for node in p.iter(f"{_A}t", f"{_A}br"):
            piece = " " if node.tag == f"{_A}br" else (node.text or "")
            parts.append(piece)
            size += len(piece)
            if size > budget[0]:  # a paragraph of a million runs is not read past the budget
                break
        t = "".join(parts).replace("\x0b", " ").strip()
        if t:
            t = t[: budget[0]]
            budget[0] -= len(t)
            out.append(t)
    return out


def _section_units(doc, fmt: str) -> tuple[list[Unit], str]:
    units: list[Unit] = []
    doc_title = ""
    for sec in doc.sections:
        text = doc.text[sec.start:sec.end]
        lines = [ln.strip().lstrip("#").strip() for ln in text.split("\n") if ln.strip()]
        lines = [ln for ln in lines if not ln.startswith(GUIDANCE)]  # the call's guidance in a drafted dossier
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


def read_for_inbox(path: str) -> ReadDossier | str:
    """Read one file of an inbox (run in a worker process): the dossier, or the sentence saying why it is unreadable."""
    try:
        return read_dossier(Path(path))
    except LoaderError as exc:
        return str(exc)
    except Exception as exc:  # a reader bug on one file must not stop the inbox
        return f"{Path(path).name} : erreur inattendue à la lecture ({type(exc).__name__})."


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
