"""Finding calls and their documents under corpus/, and loading each format into text with locators.

A loaded document is its extracted text plus sections (character spans with a locator and a heading path),
so that every chunk and every quote can be traced back to an exact place of an exact file.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LoaderError

log = logging.getLogger(__name__)

SUPPORTED = {".md", ".txt", ".pptx", ".docx", ".pdf", ".csv"}
MAX_ZIP_MEMBER = 200 * 1024 * 1024  # refuse decompression bombs
MAX_ZIP_TOTAL = 500 * 1024 * 1024


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
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise LoaderError(f"{path.name} : encodage de texte non reconnu.")


# --------------------------------------------------------------------------- zip-based formats

def check_zip(path_or_bytes: Path | bytes, name: str, kind: str = "pptx") -> None:
    """Refuse what is not a sane OOXML zip: not a zip, truncated, encrypted, macro-enabled or a zip bomb."""
    import io

    raw = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise LoaderError(f"{name} : fichier chiffré (protégé par mot de passe) ou ancien format binaire ; enregistrez-le en .{kind} sans mot de passe.")
    if raw[:4] == b"%PDF":
        raise LoaderError(f"{name} : c'est un PDF renommé, pas un fichier .{kind}.")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise LoaderError(f"{name} : ce n'est pas un fichier .{kind} valide (archive illisible ou tronquée).")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            total = 0
            for i in infos:
                if i.flag_bits & 0x1:
                    raise LoaderError(f"{name} : archive chiffrée, illisible.")
                if i.file_size > MAX_ZIP_MEMBER:
                    raise LoaderError(f"{name} : un élément de l'archive est démesuré ({i.file_size // (1024 * 1024)} Mo décompressés) ; fichier refusé.")
                total += i.file_size
            if total > MAX_ZIP_TOTAL:
                raise LoaderError(f"{name} : archive démesurée une fois décompressée ; fichier refusé.")
            if "[Content_Types].xml" not in names:
                raise LoaderError(f"{name} : ce n'est pas un document Office (.{kind}).")
            ct = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:  # damaged or exotic member data
        raise LoaderError(f"{name} : archive .{kind} corrompue ({exc}).") from exc
    if "vbaProject" in ct or "macroEnabled" in ct:
        if kind != "pptx":
            raise LoaderError(f"{name} : document avec macros (.{kind[:-1]}m) refusé ; enregistrez-le en .{kind} sans macros.")
        raise LoaderError(f"{name} : présentation avec macros (.pptm) refusée ; enregistrez-la en .pptx sans macros.")
    if kind == "pptx" and "presentationml" not in ct:
        raise LoaderError(f"{name} : ce n'est pas une présentation PowerPoint.")
    if kind == "docx" and "wordprocessingml" not in ct:
        raise LoaderError(f"{name} : ce n'est pas un document Word.")


def _shape_texts(shape) -> list[str]:
    """Every text of a shape, recursing into groups, tables and graphic frames."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out: list[str] = []
    try:
        st = shape.shape_type
    except Exception:  # unknown graphic frame types
        st = None
    if st == MSO_SHAPE_TYPE.GROUP or hasattr(shape, "shapes"):
        try:
            for sub in shape.shapes:
                out.extend(_shape_texts(sub))
            return out
        except Exception:
            pass
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells = [c.text.strip() for c in row.cells]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(line)
        return out
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        for p in shape.text_frame.paragraphs:
            t = "".join(r.text for r in p.runs) if p.runs else p.text
            t = t.replace("\x0b", " ").strip()
            if t:
                out.append(t)
    if getattr(shape, "has_chart", False) and shape.has_chart:
        try:
            ch = shape.chart
            if ch.has_title and ch.chart_title.has_text_frame:
                t = ch.chart_title.text_frame.text.strip()
                if t:
                    out.append(t)
        except Exception:
            pass
    return out


def _ordered_shapes(shapes) -> list:
    """Shapes top to bottom, left to right (title placeholders first)."""
    def key(s):
        is_title = 0
        try:
            if s.is_placeholder and s.placeholder_format.type is not None and "TITLE" in str(s.placeholder_format.type):
                is_title = -1
        except Exception:
            pass
        return (is_title, int(s.top or 0) // 100000, int(s.left or 0))

    try:
        return sorted(list(shapes), key=key)
    except Exception:
        return list(shapes)


def slide_title(slide) -> str:
    """The slide's title placeholder text, or its first short text."""
    try:
        if slide.shapes.title is not None and slide.shapes.title.has_text_frame:
            t = slide.shapes.title.text_frame.text.strip()
            if t:
                return t.replace("\x0b", " ")
    except Exception:
        pass
    for s in _ordered_shapes(slide.shapes):
        for t in _shape_texts(s):
            if t:
                return t[:120]
    return ""


def load_pptx(path: Path | bytes, source: str, name: str | None = None) -> LoadedDocument:
    """A deck: every text (placeholders, text boxes, tables, groups, notes); one section per slide."""
    import io

    from pptx import Presentation

    name = name or (path.name if isinstance(path, Path) else source)
    check_zip(path, name, "pptx")
    try:
        prs = Presentation(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    except Exception as exc:  # python-pptx raises many kinds on broken packages
        raise LoaderError(f"{name} : présentation illisible ({type(exc).__name__}: {exc}).") from exc
    parts: list[str] = []
    sections: list[Section] = []
    pos = 0
    for n, slide in enumerate(prs.slides, start=1):
        try:
            title = slide_title(slide)
            lines: list[str] = []
            for shape in _ordered_shapes(slide.shapes):
                lines.extend(_shape_texts(shape))
            notes: list[str] = []
            if slide.has_notes_slide:
                nt = slide.notes_slide.notes_text_frame
                if nt is not None and nt.text.strip():
                    notes = [ln.strip() for ln in nt.text.splitlines() if ln.strip()]
        except Exception as exc:
            log.warning("%s: slide %d partly unreadable: %s", name, n, exc)
            title, lines, notes = "", [], []
        body = "\n".join(lines)
        block = f"[Diapositive {n}]\n{body}\n"
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
    meta = {"slide_count": len(prs.slides)}
    try:
        meta["slide_width"] = int(prs.slide_width or 0)
        meta["slide_height"] = int(prs.slide_height or 0)
    except Exception:
        pass
    return LoadedDocument(path if isinstance(path, Path) else Path(name), source, text, sections, meta)


def load_docx(path: Path, source: str) -> LoadedDocument:
    """A Word document: headings open sections; paragraphs and tables in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path, path.name, "docx")
    try:
        d = docx.Document(str(path))
    except Exception as exc:
        raise LoaderError(f"{path.name} : document Word illisible ({type(exc).__name__}: {exc}).") from exc
    parts: list[str] = []
    heads: list[tuple[int, int, list[str], list[str]]] = []  # (offset, level, path, path without the Title)
    stack: list[tuple[int, str]] = []
    pos = 0
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            t = p.text.strip()
            if not t:
                continue
            style = (p.style.name if p.style is not None else "") or ""
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
                for c in row.cells:
                    ct = c.text.strip()
                    if ct and (not cells or cells[-1] != ct):
                        cells.append(ct)
                if cells:
                    rows.append(" | ".join(cells))
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
    return LoadedDocument(path, source, text, sections)


def load_pdf(path: Path, source: str) -> LoadedDocument:
    """A PDF: one section per page (pypdf)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoaderError(f"{path.name} : PDF chiffré, illisible.")
        parts, sections, pos = [], [], 0
        for n, page in enumerate(reader.pages, start=1):
            t = (page.extract_text() or "").strip() + "\n\n"
            parts.append(t)
            sections.append(Section(pos, pos + len(t), f"page {n}", [], page=n))
            pos += len(t)
    except LoaderError:
        raise
    except Exception as exc:
        raise LoaderError(f"{path.name} : PDF illisible ({type(exc).__name__}: {exc}).") from exc
    return LoadedDocument(path, source, "".join(parts), sections)


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
