"""Reading a call document for drafting (`ami new-call`): blocks with recovered headings, `call.md`, quotable units.

`read_blocks` reads a .md, .txt, .docx or .pdf call document into blocks (headings with their level, paragraphs,
list items), recovering the headings a plain text or a PDF loses (numbered, ALL CAPS or title-like short lines
without a final period); `render_markdown` writes them as the call's `call.md`, wording unchanged; `units_of` cuts
them into the sentences and list items a drafted value quotes, each with its section and lead-in line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..corpus import check_zip
from ..errors import LoaderError
from ..textnorm import fold

DRAFTABLE = {".md", ".txt", ".docx", ".pdf"}


@dataclass
class Block:
    """A heading (level 1 = `#`), a paragraph or a list item of the document."""

    kind: str  # heading | para | item
    text: str
    level: int = 0


@dataclass
class Unit:
    """A sentence of a paragraph, a list item or a heading: what a drafted value quotes."""

    text: str
    kind: str
    section: str = ""
    lead: str = ""
    index: int = 0

    @property
    def folded(self) -> str:
        """The text, lowercase and accents folded."""
        return fold(self.text)


_BULLET = re.compile(r"^\s*(?:[-*•–·▪◦●○■□►➢✓\uf0a7\uf0b7\uf0d8\uf076\uf0fc]|\d+[.)]\s+(?=\S.*[;,.]$))\s*")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s+\S")
_ROMAN = re.compile(r"^[IVXL]+[.)]\s+\S")
_ARTICLE = re.compile(r"^(?:article|titre|chapitre|partie)\s+\S+", re.IGNORECASE)
_SUBPART = re.compile(r"^(?:axe|volet|annexe|priorit[ée]|th[èe]me|th[ée]matique|lot|mesure|objectif|orientation|action|champ|"
                      r"domaine|enjeu|défi|defi)\s+\w{1,3}\s*[–—:-]", re.IGNORECASE)


def _heading_level(line: str, first: bool) -> int:
    """The Markdown level of a plain-text line that looks like a heading, 0 when it does not."""
    s = line.strip()
    if not s or len(s) > 120 or s[-1] in ".,;:!?" or s.startswith("«"):
        return 0
    if first:
        return 1
    m = _NUMBERED.match(s)
    if m and int(m.group(1).split(".")[0]) < 100 and not re.match(r"^\d+[.,]?\d*\s*(?:€|%|euros?)", s):
        return min(2 + m.group(1).count("."), 6)
    if _ROMAN.match(s) or _ARTICLE.match(s):
        return 2
    if _SUBPART.match(s):
        return 3
    if ":" in s:
        return 0
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(s.split()) >= 2:
        return 2
    n = len(s.split())
    if 1 <= n <= 8 and s[0].isupper() and not re.search(r"\d", s) and not re.search(r"@|https?://", s):
        return 2
    return 0


def _joined(text: str, line: str) -> str:
    """A wrapped line appended to its block (a line-end hyphen before a lowercase letter stays, without a space)."""
    return text + line if text.endswith("-") and line[:1].islower() else f"{text} {line}"


def _title_continues(title: str, line: str) -> bool:
    """A PDF title wrapped over several short lines: an open «, a dangling dash, or a line starting low or with a digit."""
    return (title.count("«") > title.count("»") or title.rstrip()[-1:] in "–-:" or line[:1].islower()
            or line[:1].isdigit()) and line[-1:] not in ".;"


def _blocks_from_lines(lines: list[str], join_wrapped: bool) -> list[Block]:
    """Plain text into blocks, headings recovered. A .txt has one block a line; in a PDF (`join_wrapped`) a line
    continues the block above when the line above filled the page's width, so wrapped paragraphs are joined."""
    out: list[Block] = []
    para: list[str] = []
    widths = sorted(len(x.strip()) for x in lines if x.strip())
    full = 0.78 * widths[int(0.9 * (len(widths) - 1))] if widths else 0
    prev_full = False

    def flush() -> None:
        if para:
            out.append(Block("para", " ".join(para)))
            para.clear()

    for raw in lines:
        line = raw.strip()
        wrapped, prev_full = prev_full, join_wrapped and len(line) >= full
        if not line:
            flush()
            continue
        above = para[-1] if para else (out[-1].text if out else "")
        if wrapped and (_BULLET.match(line) or (above[-1:] in ".!?;:" and (line[:1].isupper() or _heading_level(line, False)))):
            wrapped = False  # a new item, or a sentence ending at the line's end followed by a new block
        if join_wrapped and wrapped and (para or (out and out[-1].kind != "heading")):
            if para:
                para[-1] = _joined(para[-1], line)
            else:
                out[-1].text = _joined(out[-1].text, line)
            continue
        if join_wrapped and len(out) == 1 and out[0].level == 1 and not para and not prev_full and _title_continues(out[0].text, line):
            out[0].text = _joined(out[0].text, line)
            continue
        level = _heading_level(line, first=not out and not para)
        if level:
            flush()
            out.append(Block("heading", line, level))
            continue
        m = _BULLET.match(line)
        flush()
        if m and m.end() < len(line):
            out.append(Block("item", line[m.end():].strip()))
        else:
            para.append(line)
    flush()
    return out


def _blocks_from_markdown(text: str) -> list[Block]:
    if not re.search(r"^#{1,6}\s", text, re.MULTILINE):
        return _blocks_from_lines(text.splitlines(), join_wrapped=False)
    out: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^(#{1,6})\s+(.+?)\s*#*$", line)
        if m:
            out.append(Block("heading", m.group(2), len(m.group(1))))
        elif re.match(r"^(?:[-*+]|\d+[.)])\s+", line):
            out.append(Block("item", re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line)))
        else:
            out.append(Block("para", line))
    return out


def _blocks_from_docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path, path.name, "docx")
    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken packages
        raise LoaderError(f"{path.name} : document Word illisible ({type(exc).__name__}).") from exc
    styles = [(p.style.name if p.style is not None else "") or "" for p in d.paragraphs]
    shift = 1 if "Title" in styles or "Titre" in styles else 0
    out: list[Block] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            t = p.text.strip()
            if not t:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            m = re.match(r"(?:Heading|Titre)\s*(\d)", style)
            if style in ("Title", "Titre"):
                out.append(Block("heading", t, 1))
            elif m:
                out.append(Block("heading", t, min(int(m.group(1)) + shift, 6)))
            elif "List" in style or "Liste" in style:
                out.append(Block("item", t))
            else:
                level = _heading_level(t, first=not out) if not out else 0
                out.append(Block("heading", t, level) if level else Block("para", t))
        elif tag == "tbl":
            for row in Table(child, d).rows:
                cells: list[str] = []
                last = None
                for c in row.cells:  # a merged cell is listed once per column it spans: once here; equal cells each
                    ct = " ".join(c.text.split())
                    if ct and c._tc is not last:
                        cells.append(ct)
                    last = c._tc
                if cells:
                    out.append(Block("para", " | ".join(cells)))
    return out


def _blocks_from_pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoaderError(f"{path.name} : PDF chiffré, illisible.")
        lines: list[str] = []
        for page in reader.pages:
            lines.extend((page.extract_text() or "").splitlines())
    except LoaderError:
        raise
    except Exception as exc:
        raise LoaderError(f"{path.name} : PDF illisible ({type(exc).__name__}).") from exc
    return _blocks_from_lines(lines, join_wrapped=True)


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise LoaderError(f"{path.name} : ce n'est pas un fichier texte.")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise LoaderError(f"{path.name} : encodage de texte non reconnu.")


def read_blocks(path: Path) -> list[Block]:
    """The document as blocks; LoaderError (one clear line) when it cannot be read or holds no text."""
    ext = path.suffix.lower()
    if not path.is_file():
        raise LoaderError(f"{path} : fichier introuvable.")
    if ext not in DRAFTABLE:
        raise LoaderError(f"{path.name} : format non pris en charge ({ext or 'sans extension'}) ; attendu .md, .txt, .docx ou .pdf.")
    if ext == ".docx":
        blocks = _blocks_from_docx(path)
    elif ext == ".pdf":
        blocks = _blocks_from_pdf(path)
    elif ext == ".md":
        blocks = _blocks_from_markdown(_read_plain(path))
    else:
        blocks = _blocks_from_lines(_read_plain(path).splitlines(), join_wrapped=False)
    if sum(len(b.text) for b in blocks) < 40:
        raise LoaderError(f"{path.name} : aucun texte lisible dans le document.")
    return blocks


def render_markdown(blocks: list[Block]) -> str:
    """The blocks as Markdown: `#` headings, paragraphs, `- ` items (list items kept together)."""
    out: list[str] = []
    prev = ""
    for b in blocks:
        if b.kind == "heading":
            out.append(("\n" if out else "") + "#" * b.level + " " + b.text + "\n")
        elif b.kind == "item":
            out.append(("\n" if prev != "item" and out else "") + "- " + b.text)
        else:
            out.append(("\n" if out else "") + b.text)
        prev = b.kind
        if b.kind != "item":
            out[-1] = out[-1].rstrip("\n") + "\n"
    return "\n".join(s.rstrip("\n") for s in out).strip() + "\n"


# a sentence ends at . ! ? before a capital, not after an honorific ("M. Thibault", "Mme. Durand")
_SENTENCE_END = re.compile(r"(?<![\s(]M\.)(?<!^M\.)(?<!Mme\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[.!?])\s+(?=[A-ZÀ-ÝÉÈ«\"“(])")


def units_of(blocks: list[Block]) -> list[Unit]:
    """Sentences of paragraphs, list items and headings, each with its section and (items) lead-in."""
    units: list[Unit] = []
    path: list[tuple[int, str]] = []
    last_para = ""
    prev_kind = ""
    for b in blocks:
        if b.kind == "heading":
            path = [(lv, t) for lv, t in path if lv < b.level] + [(b.level, b.text)]
            units.append(Unit(b.text, "heading", " > ".join(t for _, t in path[:-1]), index=len(units)))
            last_para = ""
        else:
            section = " > ".join(t for _, t in path)
            if b.kind == "item":
                lead = _SENTENCE_END.split(last_para)[-1] if last_para.endswith(":") else (path[-1][1] if path and prev_kind in ("heading", "item") else "")
                units.append(Unit(b.text, "item", section, lead, len(units)))
            else:
                for s in _SENTENCE_END.split(b.text):
                    if s.strip():
                        units.append(Unit(s.strip(), "para", section, index=len(units)))
                last_para = b.text
        prev_kind = b.kind if b.kind != "para" or not b.text.endswith(":") else "lead"
    return units


_FAMILY_HEAD = re.compile(r"^(axe|lot|volet|mesure)s?$")


def row_label(header: list[str], cells: list[str]) -> str:
    """The label of a table's row: its first cell, with the family its column names when that cell is only a case's
    letter or number ("A" under "Lot | Objet | …" is "Lot A")."""
    first = cells[0].strip()
    head = fold(header[0]).strip() if header else ""
    m = _FAMILY_HEAD.match(head)
    if m and re.fullmatch(r"[A-H]|\d{1,2}", first):
        return f"{m.group(1).capitalize()} {first}"
    return cells[0]

