"""Sections of docs/benchmarks.md owned by one benchmark script each, between `<!-- name -->` markers.

A script rewrites only its own section, so the benchmarks of the index, the answer bank and the load test can be
re-run separately without erasing each other.
"""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def sections(text: str) -> str:
    """Every marked section of a Markdown text, in order (to carry over when the rest is rewritten)."""
    return "\n\n".join(m.group(0) for m in re.finditer(r"<!-- ([\w-]+) -->.*?<!-- /\1 -->", text, flags=re.S))


def write_section(name: str, markdown: str, path: Path = DOC) -> None:
    """Replace (or append) the section `name` of the file with `markdown`."""
    block = f"<!-- {name} -->\n{markdown.strip()}\n<!-- /{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", flags=re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
