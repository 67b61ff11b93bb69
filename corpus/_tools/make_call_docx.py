"""Render a call's `call.md` as the call's source documents: a Word file and a plain-text file, deterministically.

Run from the repository root (the venv's python):

    python corpus/_tools/make_call_docx.py aap-inclusion-numerique-ille-et-vilaine-2026

writes `corpus/<id>/source/<id>.docx` and `corpus/<id>/source/<id>.txt`. Both carry exactly the wording of
`call.md`: the .txt is call.md without the Markdown heading marks, the .docx maps `#` to the Title style, `##` and
`###` to Heading 1 and 2, `- ` lines to List Bullet paragraphs and every other line to a plain paragraph. The
.docx is byte-for-byte reproducible (fixed core properties and zip timestamps), so `ami new-call` can be tested
on it as if it were the document a funder published.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent
FIXED_TIME = datetime(2026, 1, 12, 9, 0, 0)
ZIP_TIME = (2026, 1, 12, 9, 0, 0)
AUTHOR = "Document fictif (assistant AMI)"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def blocks(markdown: str) -> list[tuple[str, str]]:
    """The call's lines as (kind, text): kind is h0 (title), h1, h2, li or p; blank lines dropped."""
    out: list[tuple[str, str]] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = HEADING.match(line)
        if m:
            level = min(len(m.group(1)) - 1, 2)
            out.append((f"h{level}", m.group(2).strip()))
        elif line.startswith("- "):
            out.append(("li", line[2:].strip()))
        else:
            out.append(("p", line))
    return out


def to_text(markdown: str) -> str:
    """The plain text of a call: its Markdown with heading marks removed, wording unchanged."""
    lines = [HEADING.sub(lambda m: m.group(2), ln.rstrip()) for ln in markdown.splitlines()]
    return "\n".join(lines).strip() + "\n"


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps (python-docx stamps members with the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def to_docx(markdown: str) -> bytes:
    """A Word rendering of a call's Markdown (Title, Heading 1/2, List Bullet, Normal)."""
    import docx

    doc = docx.Document()
    items = blocks(markdown)
    props = doc.core_properties
    props.title = next((t for k, t in items if k == "h0"), "Appel à projets")
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    props.comments = "Document fictif rédigé pour tester l'assistant."
    for kind, text in items:
        if kind == "h0":
            doc.add_heading(text, level=0)
        elif kind in ("h1", "h2"):
            doc.add_heading(text, level=int(kind[1]))
        elif kind == "li":
            doc.add_paragraph(text, style="List Bullet")
        else:
            doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def build(call_id: str, corpus: Path = CORPUS, out_dir: Path | None = None) -> list[Path]:
    """Write <id>.docx and <id>.txt from corpus/<id>/call.md into out_dir (default: the call's source/)."""
    folder = corpus / call_id
    markdown = (folder / "call.md").read_text(encoding="utf-8")
    out = out_dir or folder / "source"
    out.mkdir(parents=True, exist_ok=True)
    docx_path, txt_path = out / f"{call_id}.docx", out / f"{call_id}.txt"
    docx_path.write_bytes(to_docx(markdown))
    txt_path.write_text(to_text(markdown), encoding="utf-8")
    return [docx_path, txt_path]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: the call id, and optionally an output folder."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: make_call_docx.py CALL_ID [OUT_DIR]", file=sys.stderr)
        return 2
    for p in build(argv[0], out_dir=Path(argv[1]) if len(argv) > 1 else None):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
