"""Chunking that follows a document's structure (paragraphs, whole list items, under their headings), and the chunk
cache: parsed chunks stored under AMI_HOME by file hash, so an unchanged file is never parsed twice.

Every chunk's text is exactly `text[start:end]` of the loaded document, with its section locator, so citations can
be checked against the source.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from .corpus import LoadedDocument, load_document
from .errors import AssistantError

log = logging.getLogger(__name__)

MAX_CHUNK = 700

_ITEM = re.compile(r"^(\s*)([-*•]|\d+[.)])\s+")


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Structural blocks of a span: paragraphs, and list items each whole with their sub-items."""
    blocks: list[tuple[int, int]] = []
    cur_s: int | None = None
    cur_e = start
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        ls, le = pos, pos + len(line.rstrip("\n"))
        pos += len(line)
        stripped = line.strip()
        if not stripped:
            if cur_s is not None:
                blocks.append((cur_s, cur_e))
                cur_s = None
            continue
        m = _ITEM.match(line)
        top_item = m is not None and len(m.group(1)) == 0
        heading = stripped.startswith("#") or stripped.startswith("[Diapositive") or stripped == "[Notes]"
        if cur_s is None:
            cur_s, cur_e = ls, le
        elif top_item or heading:
            blocks.append((cur_s, cur_e))
            cur_s, cur_e = ls, le
        else:
            cur_e = le
    if cur_s is not None:
        blocks.append((cur_s, cur_e))
    return blocks


def chunk_document(doc: LoadedDocument, metadata: dict[str, Any], max_chars: int = MAX_CHUNK) -> list[Document]:
    """Chunks of a loaded document that follow its sections; page_content == text[start:end]."""
    out: list[Document] = []
    text = doc.text
    for sec in doc.sections:
        blocks = _blocks(text, sec.start, sec.end)
        groups: list[tuple[int, int]] = []
        for bs, be in blocks:
            if groups:
                gs, _ge = groups[-1]
                prev = text[gs:_ge]
                glue = _ends_with_heading(prev) or _is_lead_in(prev)
                if be - gs <= (2 * max_chars if glue else max_chars):
                    groups[-1] = (gs, be)
                    continue
            groups.append((bs, be))
        for gs, ge in groups:
            for s, e in _split_long(text, gs, ge, max_chars * 2):
                content = text[s:e]
                if not content.strip():
                    continue
                meta = dict(metadata)
                meta.update(
                    source=doc.source,
                    locator=sec.locator,
                    heading_path=" > ".join(sec.heading_path),
                    start=s,
                    end=e,
                )
                if sec.slide is not None:
                    meta["slide"] = sec.slide
                if sec.page is not None:
                    meta["page"] = sec.page
                meta["chunk_id"] = hashlib.sha256(f"{doc.source}:{s}:{e}:{content}".encode()).hexdigest()[:16]
                out.append(Document(page_content=content, metadata=meta))
    return out


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def _ends_with_heading(text: str) -> bool:
    last = text.rstrip().splitlines()[-1].strip() if text.strip() else ""
    return last.startswith("#") or last.startswith("[Diapositive") or last == "[Notes]"


def _split_long(text: str, s: int, e: int, limit: int) -> list[tuple[int, int]]:
    """Split an over-long block at line or sentence ends (never inside a word)."""
    if e - s <= limit:
        return [(s, e)]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=limit, chunk_overlap=0, add_start_index=True, separators=["\n\n", "\n", ". ", " "]
    )
    parts = []
    for d in splitter.create_documents([text[s:e]]):
        ps = s + d.metadata["start_index"]
        parts.append((ps, ps + len(d.page_content)))
    return parts


# --------------------------------------------------------------------------- parsing and chunk cache

@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the loaders' and chunker's code: cached chunks made by other code are not reused."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256(b"".join((here / f).read_bytes() for f in ("corpus.py", "ooxml.py", "chunking.py"))).hexdigest()[:16]


def parse_file(path: Path, rel: str) -> tuple[list[tuple[str, dict[str, Any]]] | None, str | None]:
    """(content, positional metadata) of a file's chunks, or (None, the reason it was skipped)."""
    try:
        doc = load_document(path, rel)
    except AssistantError as exc:
        return None, str(exc)
    except Exception as exc:  # a hostile file must not stop the rest
        return None, f"{path.name} : illisible ({type(exc).__name__})"
    return [(d.page_content, d.metadata) for d in chunk_document(doc, {})], None


def read_cache(cache: Path) -> list[tuple[str, dict[str, Any]]] | None:
    """A file's cached chunks, or None when absent or unreadable."""
    try:
        return [tuple(x) for x in json.loads(cache.read_text(encoding="utf-8"))]
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.info("chunk cache %s unreadable, parsing again", cache)
        return None


def write_cache(cache: Path, parts: list[tuple[str, dict[str, Any]]]) -> None:
    """Store a file's chunks by content hash (atomic; a failure only costs a parse next time)."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(parts, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError as exc:
        log.info("chunk cache not written (%s)", exc)
