"""How the app names and shows a citation: the call's section path, the quote highlighted in its rendered section.

Pure helpers (no Streamlit import): a citation becomes a title a reader understands ("Texte de l'appel › Calendrier",
"Liévin — CA de Lens - Liévin (référentiel Etalab)") and an HTML excerpt where Markdown syntax is rendered (headings
in bold, list bullets), every piece of document text escaped first, the quote in <mark>.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .errors import AssistantError
from .types import Citation

log = logging.getLogger(__name__)

SEP = " › "
CALL_TEXT = "Texte de l'appel"
_MARK_ON, _MARK_OFF = "\x01", "\x02"


@dataclass(frozen=True)
class SourceNames:
    """What the app knows to name sources: the call document, the commune rows, the reference data's provenance."""

    call_source: str = ""
    communes: dict[tuple[str, str], tuple[str, str]] | None = None  # (source, locator) -> (commune, epci)
    provenance: str = ""


def source_names(spec: Any, territory: Any | None = None) -> SourceNames:
    """Build the naming table from a call spec and (optionally) its territory (rows with source/line_no)."""
    communes: dict[tuple[str, str], tuple[str, str]] = {}
    for row in getattr(territory, "rows", None) or []:
        try:
            communes[(row.source, f"ligne {row.line_no}")] = (row.name, row.epci_name)
        except AttributeError:
            break
    provenance = (getattr(getattr(spec, "territory", None), "provenance", "") or "").split(",")[0].strip()
    return SourceNames(call_source=spec.source_of(spec.call_document), communes=communes, provenance=provenance)


def _locator_path(locator: str) -> str:
    parts = [p.strip() for p in re.split(r"\s*(?:>|›)\s*", locator or "") if p.strip()]
    return SEP.join(parts)


def source_title(citation: Citation | dict, names: SourceNames) -> str:
    """A citation's title as a reader sees it (plain text, not escaped)."""
    cit = citation if isinstance(citation, Citation) else Citation.model_validate(citation)
    row = (names.communes or {}).get((cit.source, cit.locator))
    if row is not None:
        name, epci = row
        ref = f" (référentiel {names.provenance})" if names.provenance else ""
        return f"{name} — {epci}{ref}" if epci else f"{name}{ref}"
    where = _locator_path(cit.locator)
    if cit.source == names.call_source:
        return CALL_TEXT + (SEP + where if where else "")
    doc = Path(cit.source).name
    if doc.lower().endswith(".csv"):
        ref = names.provenance or "données de référence"
        return f"{where or doc} (référentiel {ref})"
    kind = "Exemple de dossier" if "/dossiers/" in f"/{cit.source}" else "Document"
    return f"{kind} « {doc} »" + (SEP + where if where else "")


def source_line(citation: Citation | dict, names: SourceNames) -> str:
    """A citation as one line of plain text: its title and its quote (a commune row: its title only)."""
    cit = citation if isinstance(citation, Citation) else Citation.model_validate(citation)
    title = source_title(cit, names)
    if (cit.source, cit.locator) in (names.communes or {}):
        return title
    return f"{title} : « {' '.join(cit.quote.split())} »"


# --------------------------------------------------------------------------- quote in its section

@lru_cache(maxsize=64)
def _load(path: str, source: str, mtime: float):
    from .corpus import load_document

    return load_document(Path(path), source)


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def quote_in_section(corpus_dir: Path, citation: Citation, context_chars: int = 700) -> dict[str, Any]:
    """The citation's quote inside its section: {'locator', 'before', 'quote', 'after', 'found'} (plain text)."""
    path = Path(corpus_dir) / citation.source
    result = {"locator": citation.locator, "before": "", "quote": citation.quote, "after": "", "found": False}
    try:
        doc = _load(str(path), citation.source, path.stat().st_mtime)
    except (OSError, AssistantError) as exc:
        log.warning("source %s not loadable: %s", citation.source, exc)
        return result
    pattern = _quote_pattern(citation.quote)
    m = pattern.search(doc.text) if pattern else None
    if m is None:
        return result
    sec = doc.section_at(m.start())
    s_start, s_end = (sec.start, sec.end) if sec else (0, len(doc.text))
    s_end = max(s_end, m.end())
    lo = max(s_start, m.start() - context_chars)
    hi = min(s_end, m.end() + context_chars)
    # cut on line boundaries so no heading or list item starts in the middle
    if lo > s_start:
        nl = doc.text.find("\n", lo, m.start())
        lo = nl + 1 if nl != -1 else lo
    if hi < s_end:
        nl = doc.text.rfind("\n", m.end(), hi)
        hi = nl if nl != -1 else hi
    before, after = doc.text[lo:m.start()], doc.text[m.end():hi]
    if lo > s_start:
        before = "… " + before.lstrip()
    if hi < s_end:
        after = after.rstrip() + " …"
    return {"locator": sec.locator if sec else citation.locator, "before": before, "quote": m.group(0),
            "after": after, "found": True}


_HEADING = re.compile(r"^\s*#{1,6}\s+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_EMPHASIS = re.compile(r"\*\*|__")


def _line_html(line: str, marked: bool) -> tuple[str, bool]:
    """One line of text holding mark sentinels -> escaped HTML with <mark> spans closed inside the line."""
    out, buf = [], ""
    if marked:
        out.append("<mark>")
    for ch in line:
        if ch in (_MARK_ON, _MARK_OFF):
            out.append(html.escape(buf))
            buf = ""
            if ch == _MARK_ON and not marked:
                out.append("<mark>")
                marked = True
            elif ch == _MARK_OFF and marked:
                out.append("</mark>")
                marked = False
            continue
        buf += ch
    out.append(html.escape(buf))
    if marked:
        out.append("</mark>")
    return "".join(out), marked


def render_excerpt(before: str, quote: str, after: str) -> str:
    """HTML of an excerpt of Markdown-ish text: headings bold, bullets as •, emphasis markers dropped, quote marked."""
    text = before + _MARK_ON + quote + _MARK_OFF + after
    lines_out: list[str] = []
    marked = False
    for raw in text.split("\n"):
        heading = bool(_HEADING.match(raw.replace(_MARK_ON, "").replace(_MARK_OFF, "")))
        line = _HEADING.sub("", raw, count=1) if heading else raw
        line = _BULLET.sub("• ", line, count=1)
        line = _EMPHASIS.sub("", line)
        body, marked = _line_html(line, marked)
        lines_out.append(f"<strong>{body}</strong>" if heading and body else body)
    return "\n".join(lines_out).strip("\n")


def highlight_html(part: dict[str, Any]) -> str:
    """The quote highlighted with <mark> in its rendered section; every piece of text is escaped first."""
    body = render_excerpt(part.get("before", ""), part.get("quote", ""), part.get("after", ""))
    note = "" if part.get("found") else '<p class="ami-note">(passage non retrouvé dans le document)</p>'
    return f'<div class="ami-source" tabindex="0">{body}</div>{note}'


def sources_html(citations: Iterable[Citation | dict], names: SourceNames, corpus_dir: Path, anchor: str,
                 title: str | None = "Sources") -> str:
    """Numbered sources as <details> blocks (id `{anchor}-{n}`): the title in the summary, the passage inside."""
    items = []
    for n, raw in enumerate(citations, 1):
        cit = raw if isinstance(raw, Citation) else Citation.model_validate(raw)
        name = source_title(cit, names)
        if (cit.source, cit.locator) in (names.communes or {}):
            where = f"{cit.locator.capitalize()} du fichier « {Path(cit.source).name} »"
            inner = f'<p class="ami-note">{html.escape(where)}</p>'
        else:
            inner = highlight_html(quote_in_section(corpus_dir, cit))
        items.append(
            f'<details class="ami-src" id="{html.escape(anchor)}-{n}"><summary><span class="ami-src-n">[{n}]</span> '
            f"{html.escape(name)}</summary>{inner}</details>"
        )
    if not items:
        return ""
    head = f'<p class="ami-sources-title">{html.escape(title)}</p>' if title else ""
    return f'<div class="ami-sources" role="group" aria-label="Sources">{head}{"".join(items)}</div>'


_MARKER = re.compile(r"(?<!\\)\[(\d{1,2})\](?!\()")


def link_markers(answer_md: str, anchor: str, count: int) -> str:
    """Citation markers [n] (1 <= n <= count) turned into Markdown links to the source `{anchor}-{n}`."""
    def repl(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if 1 <= n <= count:
            return f"[\\[{n}\\]](#{anchor}-{n})"
        return m.group(0)

    return _MARKER.sub(repl, answer_md or "")
