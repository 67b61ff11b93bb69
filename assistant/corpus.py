"""Finding calls and their documents under corpus/, and loading each format into text with locators.

A loaded document is its extracted text plus sections (character spans with a locator and a heading path),
so that every chunk and every quote can be traced back to an exact place of an exact file.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LoaderError
from .ooxml import check_zip, read_raw  # noqa: F401  (check_zip: the OOXML guard, used by the deck templates too)

log = logging.getLogger(__name__)

__all__ = ["SUPPORTED", "LoadedDocument", "Section", "check_zip", "load_document", "list_calls"]

SUPPORTED = {".md", ".txt", ".pptx", ".docx", ".pdf", ".csv"}
MAX_TEXT_FILE_BYTES = 50 * 1024 * 1024  # .md, .txt, .csv read whole
MAX_SLIDE_CHARS = 20_000  # text read per slide (and as much again from its notes); the rest is reported as not read
MAX_DOCUMENT_CHARS = 500_000  # text read per document (about 200 pages)
MAX_SLIDE_SHAPES = 2_000  # shapes read per slide
MAX_SLIDE_ELEMENTS = 100_000  # XML elements visited per slide (empty runs, cells, shapes...)
MAX_DOCUMENT_ELEMENTS = 50_000  # paragraphs, tables and table rows visited per Word document


@dataclass
class Section:
    """A span of a document's extracted text."""

    start: int
    end: int
    locator: str
    heading_path: list[str] = field(default_factory=list)
    slide: int | None = None
    page: int | None = None
    notes: bool = False


@dataclass
class LoadedDocument:
    """A document's extracted text and its sections."""

    path: Path
    source: str  # corpus-relative path, as cited
    text: str
    sections: list[Section]
    metadata: dict = field(default_factory=dict)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding a character offset."""
        best = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.end - s.start <= best.end - best.start):
                best = s
        return best


# --------------------------------------------------------------------------- text and markdown

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def load_markdown(path: Path, source: str) -> LoadedDocument:
    """Markdown or text: the raw text; `#` headings open sections whose locator is the heading path."""
    text = _read_text(path)
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    heads: list[tuple[int, int, list[str]]] = []  # (offset, level, path)
    offset = 0
    for line in text.splitlines(keepends=True):
        m = _HEADING.match(line.rstrip("\n"))
        if m and path.suffix.lower() == ".md":
            level = len(m.group(1))
            stack = [(lv, t) for lv, t in stack if lv < level] + [(level, m.group(2).strip())]
            heads.append((offset, level, [t for _, t in stack]))
        offset += len(line)
    if not heads:
        sections.append(Section(0, len(text), path.name, []))
    else:
        if heads[0][0] > 0 and text[: heads[0][0]].strip():
            sections.append(Section(0, heads[0][0], path.name, []))
        for i, (start, _level, hp) in enumerate(heads):
            end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
            sections.append(Section(start, end, " > ".join(hp[1:] if len(hp) > 1 else hp), hp))
    return LoadedDocument(path, source, text, sections)


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_TEXT_FILE_BYTES:
            raise LoaderError(f"{path.name} : fichier texte trop volumineux (au plus {MAX_TEXT_FILE_BYTES // (1024 * 1024)} Mo).")
        data = path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"{path.name} : fichier illisible ({exc.strerror or type(exc).__name__}).") from exc
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise LoaderError(f"{path.name} : encodage de texte non reconnu.")


# --------------------------------------------------------------------------- zip-based formats

class _TextBudget:
    """How many characters (and XML elements) may still be read; `cut` records that something was left unread."""

    def __init__(self, left: int, steps: int = MAX_SLIDE_ELEMENTS) -> None:
        self.left = left
        self.steps = steps
        self.cut = False

    def take(self, text: str) -> str:
        """The part of text that fits (all of it, or its start); counts it."""
        if len(text) > self.left:
            self.cut = True
            text = text[: max(self.left, 0)]
        self.left -= len(text)
        return text

    def step(self) -> bool:
        """Count one element visited; False once too many were."""
        self.steps -= 1
        if self.steps < 0:
            self.cut = True
        return self.steps >= 0

    @property
    def spent(self) -> bool:
        """True once nothing more may be read."""
        if self.left <= 0 or self.steps < 0:
            self.cut = True
        return self.left <= 0 or self.steps < 0


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _paragraph_text(p, budget: _TextBudget, runs_only: bool) -> str:
    """An `a:p` element's text read child by child, stopping past the budget (python-pptx would join it whole).

    runs_only: the text of its runs when it has any (fields and line breaks otherwise), as the loader always read
    shapes; else every run, field and line break (`\v`), as python-pptx's `text`.
    """
    runs: list[str] = []
    every: list[str] = []
    n, limit = 0, budget.left + 1
    for child in p.iterchildren():
        if not budget.step():
            break
        tag = _local(child)
        if tag not in ("r", "br", "fld"):
            continue
        t = child.text or ""  # python-pptx's element classes: the a:t text, or "\v" for a:br
        every.append(t)
        if tag == "r":
            runs.append(t)
        n += len(t)
        if n > limit:
            break
    return "".join(runs) if runs_only and runs else "".join(every)


def _frame_paragraphs(frame, budget: _TextBudget, runs_only: bool = True) -> list[str]:
    """The paragraph texts of a text frame, read until the budget is spent."""
    out = []
    for p in frame._txBody.iterchildren():
        if budget.spent:
            break
        if _local(p) == "p":
            out.append(_paragraph_text(p, budget, runs_only))
    return out


def _shape_texts(shape, budget: _TextBudget | None = None) -> list[str]:
    """Every text of a shape, recursing into groups, tables and graphic frames, up to the budget's characters."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    budget = budget or _TextBudget(MAX_SLIDE_CHARS)
    out: list[str] = []
    if budget.spent or not budget.step():
        return out
    try:
        st = shape.shape_type
    except Exception:  # unknown graphic frame types
        st = None
    if st == MSO_SHAPE_TYPE.GROUP or hasattr(shape, "shapes"):
        try:
            for sub in shape.shapes:
                out.extend(_shape_texts(sub, budget))
                if budget.spent:
                    break
            return out
        except Exception:
            pass
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells = []
            for c in row.cells:
                if budget.spent:
                    break
                cells.append("\n".join(_frame_paragraphs(c.text_frame, budget, runs_only=False)).strip())
            line = budget.take(" | ".join(c for c in cells if c))
            if line:
                out.append(line)
            if budget.spent:
                break
        return out
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        for t in _frame_paragraphs(shape.text_frame, budget):
            t = budget.take(t.replace("\x0b", " ").strip())
            if t:
                out.append(t)
    if getattr(shape, "has_chart", False) and shape.has_chart:
        try:
            ch = shape.chart
            if ch.has_title and ch.chart_title.has_text_frame:
                t = budget.take("\n".join(_frame_paragraphs(ch.chart_title.text_frame, budget, False)).strip())
                if t:
                    out.append(t)
        except Exception:
            pass
    return out


def _position(s, inherited: dict) -> tuple[int, int]:
    """(top, left) of a shape as python-pptx gives them. A slide placeholder without its own position takes its
    layout's placeholder of the same index: looked up once per layout and index (`inherited`), not once per shape
    (python-pptx scans the layout's placeholders, with an XPath query for each, every time)."""
    el = s._element
    top, left = el.y, el.x
    if (top is None or left is None) and s.is_placeholder and hasattr(s, "_inherited_value"):
        key = (id(s.part.slide_layout), el.ph_idx)
        if key not in inherited:
            inherited[key] = (s._inherited_value("top"), s._inherited_value("left"))
        top = inherited[key][0] if top is None else top
        left = inherited[key][1] if left is None else left
    return int(top or 0), int(left or 0)


def _ordered_shapes(shapes, budget: _TextBudget | None = None, inherited: dict | None = None) -> list:
    """Shapes top to bottom, left to right (title placeholders first); at most MAX_SLIDE_SHAPES of them.

    `inherited`: placeholder positions already looked up in this presentation (see `_position`)."""
    inherited = {} if inherited is None else inherited

    def key(s):
        is_title = 0
        try:
            if s.is_placeholder and s.placeholder_format.type is not None and "TITLE" in str(s.placeholder_format.type):
                is_title = -1
        except Exception:
            pass
        try:
            top, left = _position(s, inherited)
        except Exception:  # python-pptx's own properties, as before
            top, left = int(s.top or 0), int(s.left or 0)
        return (is_title, top // 100000, left)

    listed = list(itertools.islice(shapes, MAX_SLIDE_SHAPES + 1))
    if len(listed) > MAX_SLIDE_SHAPES:
        listed = listed[:MAX_SLIDE_SHAPES]
        if budget is not None:
            budget.cut = True
    try:
        return sorted(listed, key=key)
    except Exception:
        return listed


def slide_title(slide, inherited: dict | None = None) -> str:
    """The slide's title placeholder text, or its first short text (at most 120 characters)."""
    try:
        if slide.shapes.title is not None and slide.shapes.title.has_text_frame:
            paragraphs = _frame_paragraphs(slide.shapes.title.text_frame, _TextBudget(120), runs_only=False)
            t = "\n".join(paragraphs).strip()[:120]
            if t:
                return t.replace("\x0b", " ")
    except Exception:
        pass
    for s in _ordered_shapes(slide.shapes, inherited=inherited):
        for t in _shape_texts(s, _TextBudget(120)):
            if t:
                return t
    return ""


def load_pptx(path: Path | bytes, source: str, name: str | None = None) -> LoadedDocument:
    """A deck: every text (placeholders, text boxes, tables, groups, notes); one section per slide.

    At most MAX_SLIDE_CHARS are read per slide (and as many from its notes), MAX_DOCUMENT_CHARS in all;
    `metadata["truncated"]` and `metadata["truncated_slides"]` say what was left unread.
    """
    from pptx import Presentation

    name = name or (path.name if isinstance(path, Path) else source)
    raw = check_zip(path, name, "pptx")
    try:
        prs = Presentation(io.BytesIO(raw))
    except Exception as exc:  # python-pptx raises many kinds on broken packages
        raise LoaderError(f"{name} : présentation illisible ({type(exc).__name__}: {exc}).") from exc
    del raw
    parts: list[str] = []
    sections: list[Section] = []
    pos = 0
    left = MAX_DOCUMENT_CHARS
    truncated: list[int] = []
    inherited: dict = {}  # placeholder positions by layout and index
    for n, slide in enumerate(prs.slides, start=1):
        body_budget = _TextBudget(min(MAX_SLIDE_CHARS, left))
        notes_budget = _TextBudget(0)
        title, lines, notes = "", [], []
        if left > 0:
            try:
                title = slide_title(slide, inherited)[:120]
                for shape in _ordered_shapes(slide.shapes, body_budget, inherited):
                    lines.extend(_shape_texts(shape, body_budget))
                    if body_budget.spent:
                        break
                if slide.has_notes_slide:
                    read = sum(len(t) for t in lines)
                    notes_budget = _TextBudget(min(MAX_SLIDE_CHARS, left - read))
                    nt = slide.notes_slide.notes_text_frame
                    if nt is not None:
                        for p in _frame_paragraphs(nt, notes_budget, runs_only=False):
                            for ln in p.splitlines():  # line breaks inside a paragraph too
                                t = notes_budget.take(ln.strip()) if not notes_budget.spent else ""
                                if t:
                                    notes.append(t)
            except Exception as exc:
                log.warning("%s: slide %d partly unreadable: %s", name, n, exc)
                title, lines, notes = "", [], []
        if left <= 0 or body_budget.cut or notes_budget.cut:
            truncated.append(n)
        body = "\n".join(lines)
        block = f"[Diapositive {n}]\n{body}\n"
        left -= len(body) + sum(len(t) for t in notes)
        start = pos
        parts.append(block)
        pos += len(block)
        sections.append(Section(start, pos, f"diapositive {n}", [title] if title else [], slide=n))
        if notes:
            nblock = "[Notes]\n" + "\n".join(notes) + "\n"
            parts.append(nblock)
            sections.append(Section(pos, pos + len(nblock), f"diapositive {n} (notes)", [title] if title else [], slide=n, notes=True))
            pos += len(nblock)
        parts.append("\n")
        pos += 1
    text = "".join(parts)
    meta: dict = {"slide_count": len(prs.slides), "truncated": bool(truncated), "truncated_slides": truncated}
    if truncated:
        log.warning("%s: text of slides %s not read whole (over %d characters)", name, truncated[:10], MAX_SLIDE_CHARS)
    try:
        meta["slide_width"] = int(prs.slide_width or 0)
        meta["slide_height"] = int(prs.slide_height or 0)
    except Exception:
        pass
    return LoadedDocument(path if isinstance(path, Path) else Path(name), source, text, sections, meta)


def load_docx(path: Path, source: str) -> LoadedDocument:
    """A Word document: headings open sections; paragraphs and tables in document order.

    At most MAX_DOCUMENT_CHARS are read; `metadata["truncated"]` says whether text was left unread.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    raw = check_zip(path, path.name, "docx")
    try:
        d = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise LoaderError(f"{path.name} : document Word illisible ({type(exc).__name__}: {exc}).") from exc
    del raw
    budget = _TextBudget(MAX_DOCUMENT_CHARS, steps=MAX_DOCUMENT_ELEMENTS)
    style_names: dict[str | None, str] = {}
    parts: list[str] = []
    heads: list[tuple[int, int, list[str], list[str]]] = []  # (offset, level, path, path without the Title)
    stack: list[tuple[int, str]] = []
    pos = 0
    body = d.element.body
    for child in body.iterchildren():
        if budget.spent or not budget.step():
            break
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            t = budget.take(p.text.strip())
            if not t:
                continue
            sid = p._p.style  # python-docx resolves a style by scanning every style: once per style id
            if sid not in style_names:
                style_names[sid] = (p.style.name if p.style is not None else "") or ""
            style = style_names[sid]
            m = re.match(r"(?:Heading|Titre)\s*(\d)", style)
            if m or style == "Title":
                level = int(m.group(1)) if m else 0
                stack = [(lv, x) for lv, x in stack if lv < level] + [(level, t)]
                heads.append((pos, level, [x for _, x in stack], [x for lv, x in stack if lv > 0]))
            prefix = "- " if "List" in style or "Liste" in style else ""
            line = prefix + t + "\n"
        elif tag == "tbl":
            tbl = Table(child, d)
            rows = []
            for row in tbl.rows:
                cells = []
                last = None
                for c in row.cells:  # a merged cell is listed once per column it spans: once here; equal cells each
                    ct = c.text.strip()
                    if ct and c._tc is not last:
                        cells.append(ct)
                    last = c._tc
                if cells:
                    rows.append(budget.take(" | ".join(cells)))
                if budget.spent or not budget.step():
                    break
            if not rows:
                continue
            line = "\n".join(rows) + "\n"
        else:
            continue
        parts.append(line)
        pos += len(line)
    text = "".join(parts)
    sections: list[Section] = []
    if not heads or heads[0][0] > 0:
        sections.append(Section(0, heads[0][0] if heads else len(text), path.name, []))
    for i, (start, _level, hp, below_title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        # the document Title opens the path but not the locator, as the top `#` heading of Markdown
        sections.append(Section(start, end, " > ".join(below_title or hp), hp))
    if budget.cut:
        log.warning("%s: not read whole (over %d characters)", path.name, MAX_DOCUMENT_CHARS)
    return LoadedDocument(path, source, text, sections, {"truncated": budget.cut})


def load_pdf(path: Path, source: str) -> LoadedDocument:
    """A PDF: one section per page (pypdf); at most MAX_DOCUMENT_CHARS read (`metadata["truncated"]`)."""
    from pypdf import PdfReader

    budget = _TextBudget(MAX_DOCUMENT_CHARS)
    try:
        reader = PdfReader(io.BytesIO(read_raw(path, path.name)))
        if reader.is_encrypted:
            raise LoaderError(f"{path.name} : PDF chiffré, illisible.")
        parts, sections, pos = [], [], 0
        for n, page in enumerate(reader.pages, start=1):
            if budget.spent:
                break
            t = budget.take((page.extract_text() or "").strip()) + "\n\n"
            parts.append(t)
            sections.append(Section(pos, pos + len(t), f"page {n}", [], page=n))
            pos += len(t)
    except LoaderError:
        raise
    except Exception as exc:
        raise LoaderError(f"{path.name} : PDF illisible ({type(exc).__name__}: {exc}).") from exc
    return LoadedDocument(path, source, "".join(parts), sections, {"truncated": budget.cut})


def load_csv(path: Path, source: str) -> LoadedDocument:
    """A CSV file: its raw text; one section per line (locator `ligne N`)."""
    text = _read_text(path)
    sections, pos = [], 0
    for n, line in enumerate(text.splitlines(keepends=True), start=1):
        sections.append(Section(pos, pos + len(line), f"ligne {n}", []))
        pos += len(line)
    return LoadedDocument(path, source, text, sections)


def load_document(path: Path, source: str | None = None) -> LoadedDocument:
    """Load any supported file; raise LoaderError (naming the file) when it cannot be read."""
    source = source or path.name
    ext = path.suffix.lower()
    if not path.exists():
        raise LoaderError(f"{path} : fichier introuvable.")
    if path.is_dir():
        raise LoaderError(f"{path.name} : c'est un dossier, pas un fichier ; donnez le chemin d'un fichier.")
    if ext in (".md", ".txt"):
        return load_markdown(path, source)
    if ext == ".pptx":
        return load_pptx(path, source)
    if ext == ".docx":
        return load_docx(path, source)
    if ext == ".pdf":
        return load_pdf(path, source)
    if ext == ".csv":
        return load_csv(path, source)
    raise LoaderError(f"{path.name} : format non pris en charge ({ext or 'sans extension'}).")


# --------------------------------------------------------------------------- calls

def list_calls(corpus_dir: Path) -> list[str]:
    """Ids of the calls under corpus_dir (folders holding a call.yaml)."""
    if not corpus_dir.is_dir():
        return []
    return sorted(p.name for p in corpus_dir.iterdir() if (p / "call.yaml").is_file())
