"""Builds the review cases' PowerPoint decks from their slide specs (title, bullets, table, group, notes)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu, Inches, Pt


def build_deck(spec: dict) -> bytes:
    """A .pptx (bytes) whose slides follow `spec["slides"]`, each {title, bullets?, table?, group?, notes?}."""
    prs = Presentation()
    layout = prs.slide_layouts[5]  # "Title Only": every body element is a real shape we add
    for s in spec.get("slides", []):
        slide = prs.slides.add_slide(layout)
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
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
