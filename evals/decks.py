"""Builds PowerPoint decks from slide specs, in several styles: the review cases' decks and the review benchmark's.

A spec is `{"style": ..., "slides": [{title, bullets?, table?, group?, notes?}, ...]}`. Styles:
- `title` (default): "Title Only" layout, the body as text boxes, tables and groups added below the title;
- `textbox`: blank slides, the title itself a text box;
- `table`: blank slides, title and body in the cells of one table;
- `group`: blank slides, title and body in nested group shapes;
- `free`: blank slides, the body in two columns of text boxes, the heading a small bold box added last.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

STYLES = ("title", "textbox", "table", "group", "free")


def build_deck(spec: dict) -> bytes:
    """A .pptx (bytes) whose slides follow `spec["slides"]`, each {title, bullets?, table?, group?, notes?}."""
    prs = Presentation()
    style = spec.get("style", "title")
    if style not in STYLES:
        raise ValueError(f"unknown deck style {style!r} (one of {', '.join(STYLES)})")
    for s in spec.get("slides", []):
        if style == "title":
            _title_slide(prs, s)
        else:
            slide = prs.slides.add_slide(prs.slide_layouts[6])
            {"textbox": _textbox_body, "table": _table_body, "group": _group_body, "free": _free_body}[style](slide, s)
            if s.get("notes"):
                slide.notes_slide.notes_text_frame.text = s["notes"]
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _lines(s: dict) -> list[str]:
    out = list(s.get("bullets") or []) + list(s.get("group") or [])
    out += [" | ".join(r) for r in s.get("table") or []]
    return out


def _title_slide(prs, s: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": every body element is a real shape we add
    slide.shapes.title.text = s.get("title", "")
    top = Inches(1.6)
    if s.get("bullets"):
        box = slide.shapes.add_textbox(Inches(0.6), top, Inches(8.8), Inches(3))
        tf = box.text_frame
        tf.word_wrap = True
        for i, line in enumerate(s["bullets"]):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = line
            p.font.size = Pt(18)
        top = Emu(top + Inches(3.1))
    if s.get("table"):
        rows = s["table"]
        ncols = max(len(r) for r in rows)
        shape = slide.shapes.add_table(len(rows), ncols, Inches(0.6), top, Inches(8.8), Inches(0.4 * len(rows)))
        for r, row in enumerate(rows):
            for c, val in enumerate(row):
                shape.table.cell(r, c).text = val
    if s.get("group"):
        grp = slide.shapes.add_group_shape()
        for i, line in enumerate(s["group"]):
            tb = grp.shapes.add_textbox(Inches(0.6), Emu(top + Inches(0.5 * i)), Inches(8.8), Inches(0.5))
            tb.text_frame.text = line
    if s.get("notes"):
        slide.notes_slide.notes_text_frame.text = s["notes"]


def _textbox_body(slide, s: dict) -> None:
    slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1)).text_frame.text = s.get("title", "")
    body = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(5)).text_frame
    body.word_wrap = True
    for i, line in enumerate(_lines(s)):
        (body.paragraphs[0] if i == 0 else body.add_paragraph()).text = line


def _table_body(slide, s: dict) -> None:
    lines = _lines(s)
    t = slide.shapes.add_table(1 + max(1, len(lines)), 1, Inches(0.5), Inches(0.5), Inches(9), Inches(5)).table
    t.cell(0, 0).text = s.get("title", "")
    for i, line in enumerate(lines, start=1):
        t.cell(i, 0).text = line


def _group_body(slide, s: dict) -> None:
    outer = slide.shapes.add_group_shape()
    outer.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(1)).text_frame.text = s.get("title", "")
    inner = outer.shapes.add_group_shape()
    for i, line in enumerate(_lines(s)):
        inner.shapes.add_textbox(Inches(0.5), Inches(1.5 + 0.5 * i), Inches(9), Inches(0.5)).text_frame.text = line


def _free_body(slide, s: dict) -> None:
    lines = _lines(s)
    half = (len(lines) + 1) // 2
    for col, chunk in enumerate((lines[:half], lines[half:])):
        if not chunk:
            continue
        box = slide.shapes.add_textbox(Inches(0.4 + 4.7 * col), Inches(1.4), Inches(4.4), Inches(4.5)).text_frame
        box.word_wrap = True
        for i, line in enumerate(chunk):
            (box.paragraphs[0] if i == 0 else box.add_paragraph()).text = line
    head = slide.shapes.add_textbox(Inches(0.4), Inches(0.4), Inches(6), Inches(0.7)).text_frame
    head.text = s.get("title", "")
    head.paragraphs[0].runs[0].font.bold = True
