"""Render an unseen call's `call.md` as the Word document a funder would publish.

    python evals/unseen/make_docx.py appel-candidatures-ados-caf-puy-de-dome-2027

writes `evals/unseen/<id>/<id>.docx`: `#` becomes the Title style, `##` Heading 1, `###` Heading 2, `- ` lines
List Bullet, `1. ` lines List Number, Markdown tables real Word tables (header row bold), `**bold**` bold runs and
every other line a plain paragraph. Core properties are fixed so the file does not change between runs but for
the zip timestamps. These calls live outside corpus/ on purpose: the assistant never sees them as call folders.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
NUMBERED = re.compile(r"^\d+\.\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def add_runs(par: Paragraph, text: str, bold: bool = False) -> None:
    """Append `text` to `par`, `**...**` spans in bold."""
    pos = 0
    for m in BOLD.finditer(text):
        if m.start() > pos:
            par.add_run(text[pos:m.start()]).bold = bold or None
        par.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        par.add_run(text[pos:]).bold = bold or None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def add_table(doc: DocumentType, rows: list[str]) -> None:
    """A Markdown table (header, separator, rows) as a Word table."""
    body = [r for r in rows if not re.fullmatch(r"\|?[\s:|-]+\|?", r.strip())]
    cells = [_cells(r) for r in body]
    table = doc.add_table(rows=len(cells), cols=max(len(r) for r in cells))
    table.style = "Table Grid"
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            par = table.cell(i, j).paragraphs[0]
            add_runs(par, text, bold=i == 0)


def render(markdown: str) -> DocumentType:
    """The Word document of a Markdown call text."""
    doc = Document()
    props = doc.core_properties
    props.author = "Document fictif (assistant AMI)"
    props.created = props.modified = datetime(2027, 5, 3, 9, 0, 0)
    props.revision = 1
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if line.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(lines[i])
                i += 1
            add_table(doc, rows)
            continue
        head = HEADING.match(line)
        if head:
            level = len(head.group(1))
            text = BOLD.sub(r"\1", head.group(2))
            if level == 1:
                doc.add_heading(text, level=0)
            else:
                doc.add_heading(text, level=min(level - 1, 9))
        elif line.startswith("- "):
            add_runs(doc.add_paragraph(style="List Bullet"), line[2:])
        elif NUMBERED.match(line):
            add_runs(doc.add_paragraph(style="List Number"), NUMBERED.match(line).group(1))
        else:
            add_runs(doc.add_paragraph(), line)
        i += 1
    return doc


def main(argv: list[str] | None = None) -> int:
    """Write evals/unseen/<id>/<id>.docx for each call id given; exit 2 on an unknown id."""
    ids = argv if argv is not None else sys.argv[1:]
    if not ids:
        print("usage : python evals/unseen/make_docx.py CALL_ID [CALL_ID ...]", file=sys.stderr)
        return 2
    for cid in ids:
        src = HERE / cid / "call.md"
        if not src.is_file():
            print(f"appel inconnu : {src} n'existe pas", file=sys.stderr)
            return 2
        out = HERE / cid / f"{cid}.docx"
        render(src.read_text(encoding="utf-8")).save(str(out))
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
