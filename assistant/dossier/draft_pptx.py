"""Drafting the applicant's deck (.pptx) from a Profile: the deck being built, text fitting, templates.

One slide per part of `dossier.yaml` (long lists continue on a "(suite)" slide); whatever the profile does not say
shows as a visible "[À compléter : ...]" prompt, never as invented content. Each slide's notes quote verbatim the
clause of the call it answers, with its locator, and give a short tip. The renderers of each part are in
`draft_parts.py`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..calls.spec import CallSpec
from ..errors import InputError, LoaderError
from ..types import Profile
from .plan import PROMPT, DossierPlan, Part, norm, part_citations

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_FR_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
EMU_PER_INCH = 914400
EMU_PER_PT = 12700


def _as_profile(profile: Profile | dict | None) -> Profile:
    if profile is None:
        return Profile()
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, dict):
        from pydantic import ValidationError

        try:
            return Profile.model_validate(profile)
        except ValidationError as exc:
            raise InputError(f"Profil invalide : {exc.errors()[0].get('loc')} {exc.errors()[0].get('msg')}.") from exc
    raise InputError("Le profil doit être un objet (dictionnaire) ou un Profile.")


# --------------------------------------------------------------------------- text fitting

def _estimate_lines(text: str, width_pt: float, size: float) -> int:
    cpl = max(8, int(width_pt / (size * 0.5)))
    lines = 0
    for raw in text.split("\n"):
        words, cur = raw.split(), 0
        n = 1
        for w in words:
            add = len(w) + (1 if cur else 0)
            if cur + add > cpl:
                n += 1 + (len(w) // cpl if len(w) > cpl else 0)
                cur = len(w) % cpl if len(w) > cpl else len(w)
            else:
                cur += add
        lines += n
    return lines


def fit_font_size(paragraphs: list[str], width_emu: int, height_emu: int,
                  sizes: tuple[int, ...] = (24, 20, 18, 16, 14, 12)) -> int | None:
    """The largest font size (pt) at which these paragraphs fit the box, or None when even the smallest overflows."""
    width_pt = width_emu / EMU_PER_PT - 20  # text frame insets and bullet indent
    height_pt = height_emu / EMU_PER_PT - 10
    for size in sizes:
        lines = sum(_estimate_lines(p, width_pt - size, size) for p in paragraphs)
        needed = lines * size * 1.2 + len(paragraphs) * size * 0.35
        if needed <= height_pt:
            return size
    return None


def _split_long(text: str, limit: int = 500) -> list[str]:
    """A long text cut at sentence ends into pieces of at most about `limit` characters."""
    if len(text) <= limit:
        return [text]
    sentences = re.split(r"(?<=[.!?;])\s+", text)
    out, cur = [], ""
    for s in sentences:
        if cur and len(cur) + len(s) + 1 > limit:
            out.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- the deck being built

@dataclass
class _Item:
    """A paragraph: optional bold label, its text, whether the text is a prompt (styled to stand out)."""

    text: str
    label: str = ""
    prompt: bool = False
    level: int = 0

    @property
    def plain(self) -> str:
        return f"{self.label} : {self.text}" if self.label else self.text


def _item(label: str, value: Any, missing: str) -> _Item:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _Item(PROMPT.format(missing), label, prompt=True)
    return _Item(str(value).strip(), label)


class _Deck:
    """A Presentation plus the layouts chosen for it and the geometry of its content area."""

    def __init__(self, prs, content_layout, cover_layout) -> None:
        self.prs = prs
        self.content_layout = content_layout
        self.cover_layout = cover_layout

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, template: Path | None, plan: DossierPlan) -> _Deck:
        """Open the template (or the default one, made 16:9) and choose its layouts."""
        from pptx import Presentation
        from pptx.util import Inches

        if template is None:
            prs = Presentation()
            _widen_default(prs, Inches(13.333), Inches(7.5))
        else:
            prs = _open_template(Path(template))
            _remove_all_slides(prs)
        content = _find_layout(prs, plan.layouts.get("content", []), want_body=True)
        if content is None:
            name = Path(template).name if template else "modèle par défaut"
            raise InputError(
                f"{name} : aucune disposition (layout) avec un espace réservé de titre ; utilisez un modèle "
                "PowerPoint dont au moins une disposition a un titre (par exemple « Titre et contenu »)."
            )
        cover = _find_layout(prs, plan.layouts.get("cover", []), want_body=False, cover=True) or content
        return cls(prs, content, cover)

    # ------------------------------------------------------------------ geometry
    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def body_box(self, slide) -> tuple[int, int, int, int]:
        """(left, top, width, height) of the slide's content area."""
        body = _body_placeholder(slide)
        if body is not None and body.width and body.height:
            return int(body.left), int(body.top), int(body.width), int(body.height)
        title = slide.shapes.title
        top = int(title.top + title.height) + int(self.height * 0.02) if title is not None and title.height else int(self.height * 0.2)
        left = int(self.width * 0.06)
        return left, top, self.width - 2 * left, self.height - top - int(self.height * 0.06)

    # ------------------------------------------------------------------ slides
    def new_slide(self, title: str, part: Part, spec: CallSpec, layout=None):
        """A slide of the content layout with its title set and its notes quoting the call."""
        slide = self.prs.slides.add_slide(layout or self.content_layout)
        if slide.shapes.title is not None:
            tf = slide.shapes.title.text_frame
            tf.text = title
            tf.word_wrap = True
            _shrink_title(slide.shapes.title, title, self)
        else:  # layout chosen by placeholder type always has a title; defensive
            self._textbox(slide, 0, 0, self.width, int(self.height * 0.15), [_Item(title)], 28)
        self._notes(slide, part, spec)
        return slide

    def _notes(self, slide, part: Part, spec: CallSpec) -> None:
        lines = []
        for c in part_citations(part, spec):
            lines.append(f"Exigence de l'appel ({c.source}, {c.locator}) : « {c.quote} »")
        if part.tip:
            lines.append(f"Conseil : {part.tip}")
        lines.append("Les mentions [À compléter : ...] signalent une information que vous n'avez pas encore fournie.")
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)

    def text_slide(self, part: Part, texts: list[str], spec: CallSpec) -> None:
        """A slide of plain paragraphs (helper for parts without a dedicated layout)."""
        self.list_slides(part, [_Item(t, prompt=t.startswith("[")) for t in texts], spec)

    def list_slides(self, part: Part, items: list[_Item], spec: CallSpec, title: str | None = None,
                    min_size: int = 14) -> list:
        """The items on as many slides as needed at a readable size (the next ones titled "(suite)")."""
        title = title or part.title
        pieces: list[_Item] = []
        for it in items:
            chunks = _split_long(it.text)
            pieces.append(_Item(chunks[0], it.label, it.prompt, it.level))
            pieces.extend(_Item(c, "", it.prompt, it.level) for c in chunks[1:])
        probe = self.prs.slides.add_slide(self.content_layout)
        _, _, w, h = self.body_box(probe)
        _delete_slide(self.prs, probe)
        pages: list[list[_Item]] = []
        cur: list[_Item] = []
        for it in pieces:
            trial = cur + [it]
            if cur and fit_font_size([x.plain for x in trial], w, h, tuple(s for s in (24, 20, 18, 16, 14, 12) if s >= min_size)) is None:
                pages.append(cur)
                cur = [it]
            else:
                cur = trial
        pages.append(cur)
        slides = []
        for n, page in enumerate(pages):
            slide = self.new_slide(title if n == 0 else f"{title} (suite)", part, spec)
            self.fill_body(slide, page)
            slides.append(slide)
        return slides

    def fill_body(self, slide, items: list[_Item], box: tuple[int, int, int, int] | None = None) -> None:
        """Write paragraphs into the body placeholder (or a text box in the content area), sized to fit."""
        left, top, w, h = box or self.body_box(slide)
        size = fit_font_size([x.plain for x in items], w, h) or 12
        body = _body_placeholder(slide) if box is None else None
        if body is not None:
            _write_paragraphs(body.text_frame, items, size)
        else:
            self._textbox(slide, left, top, w, h, items, size)

    def _textbox(self, slide, left: int, top: int, w: int, h: int, items: list[_Item], size: int):
        tb = slide.shapes.add_textbox(left, top, w, h)
        _write_paragraphs(tb.text_frame, items, size)
        return tb

    def table(self, slide, rows: list[list[str]], box: tuple[int, int, int, int], col_weights: list[float],
              size: int, fills: dict[tuple[int, int], str] | None = None, bold_rows: set[int] | None = None,
              prompt_cells: set[tuple[int, int]] | None = None):
        """A table in `box`, columns sized by weight, every cell wrapped and set at `size` pt."""
        from pptx.dml.color import RGBColor
        from pptx.util import Pt

        left, top, w, h = box
        nrows, ncols = len(rows), len(rows[0])
        row_h = max(int(Pt(size * 1.9)), min(int(h / nrows), int(Pt(size * 3))))
        gf = slide.shapes.add_table(nrows, ncols, left, top, w, min(h, row_h * nrows))
        tbl = gf.table
        total = sum(col_weights)
        acc = 0
        for j, wt in enumerate(col_weights):
            cw = int(w * wt / total) if j < ncols - 1 else w - acc
            tbl.columns[j].width = cw
            acc += cw
        for i in range(nrows):
            tbl.rows[i].height = row_h
            for j in range(ncols):
                cell = tbl.cell(i, j)
                cell.margin_left = cell.margin_right = int(Pt(3))
                cell.margin_top = cell.margin_bottom = int(Pt(1.5))
                tf = cell.text_frame
                tf.word_wrap = True
                tf.text = rows[i][j]
                for p in tf.paragraphs:
                    for r in p.runs:
                        r.font.size = Pt(size)
                        if bold_rows and i in bold_rows:
                            r.font.bold = True
                        if prompt_cells and (i, j) in prompt_cells:
                            _style_prompt(r)
                if fills and (i, j) in fills:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(fills[(i, j)])
        return gf


def _open_template(path: Path):
    from pptx import Presentation

    from ..corpus import check_zip

    if not path.is_file():
        raise LoaderError(f"{path} : modèle introuvable.")
    raw = path.read_bytes()
    check_zip(raw, path.name, "pptx")
    raw = _potx_as_pptx(raw)
    try:
        return Presentation(io.BytesIO(raw))
    except Exception as exc:  # python-pptx raises many kinds on broken packages
        raise LoaderError(f"{path.name} : modèle PowerPoint illisible ({type(exc).__name__}: {exc}).") from exc


def _potx_as_pptx(raw: bytes) -> bytes:
    """A .potx (PowerPoint template) re-labelled as a presentation so python-pptx opens it; other bytes unchanged."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        ct = z.read("[Content_Types].xml")
        if b"presentationml.template.main+xml" not in ct:
            return raw
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(b"presentationml.template.main+xml", b"presentationml.presentation.main+xml")
                w.writestr(info, data)
    return out.getvalue()


def _remove_all_slides(prs) -> None:
    """Drop the template's own slides (their parts are not saved once unreferenced)."""
    sld_ids = prs.slides._sldIdLst
    for sld in list(sld_ids):
        prs.part.drop_rel(sld.rId)
        sld_ids.remove(sld)


def _delete_slide(prs, slide) -> None:
    sld_ids = prs.slides._sldIdLst
    for sld in list(sld_ids):
        if prs.part.related_part(sld.rId) is slide.part:
            prs.part.drop_rel(sld.rId)
            sld_ids.remove(sld)
            return


def _widen_default(prs, width: int, height: int) -> None:
    """Set the default template to 16:9, stretching its master's and layouts' shapes horizontally."""
    ratio = width / prs.slide_width
    prs.slide_width, prs.slide_height = width, height
    containers = [prs.slide_master] + list(prs.slide_layouts)
    for c in containers:
        for shp in c.shapes:
            # only shapes with their own position: the others inherit it (scaling them too would scale twice)
            if getattr(shp._element, "xfrm", None) is not None and shp.left is not None and shp.width is not None:
                shp.left = int(shp.left * ratio)
                shp.width = int(shp.width * ratio)


def _ph_type(ph) -> str:
    try:
        return str(ph.placeholder_format.type).split(" ")[0]
    except Exception:
        return ""


def _find_layout(prs, names: list[str], want_body: bool, cover: bool = False):
    """A layout by name, else by placeholder types (title + body/object; or a centred title for the cover)."""
    layouts = list(prs.slide_layouts)

    def has_title(lay) -> bool:
        return any(_ph_type(p) in ("TITLE", "CENTER_TITLE") for p in lay.placeholders)

    def has_body(lay) -> bool:
        return any(_ph_type(p) in ("BODY", "OBJECT") for p in lay.placeholders)

    by_name = {norm(lay.name or ""): lay for lay in layouts}
    for n in names:
        lay = by_name.get(n)
        if lay is not None and has_title(lay) and (has_body(lay) or not want_body):
            return lay
    if cover:
        for lay in layouts:
            if any(_ph_type(p) == "CENTER_TITLE" for p in lay.placeholders):
                return lay
        return None
    ranked = sorted(
        (lay for lay in layouts if has_title(lay)),
        key=lambda lay: (not has_body(lay), sum(1 for p in lay.placeholders if _ph_type(p) in ("BODY", "OBJECT"))),
    )
    return ranked[0] if ranked else None


def _body_placeholder(slide):
    """The slide's main body/content placeholder (lowest idx among BODY/OBJECT), or None."""
    cands = [p for p in slide.placeholders if _ph_type(p) in ("BODY", "OBJECT")]
    return min(cands, key=lambda p: p.placeholder_format.idx) if cands else None


def _remove_shape(shape) -> None:
    el = shape._element
    el.getparent().remove(el)


def _shrink_title(shape, title: str, deck: _Deck) -> None:
    from pptx.util import Pt

    w = int(shape.width or deck.width)
    h = int(shape.height or deck.height * 0.15)
    size = fit_font_size([title], w, h, (36, 32, 28, 24, 20, 18)) or 18
    for p in shape.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = Pt(size)


def _style_prompt(run) -> None:
    from pptx.dml.color import RGBColor

    run.font.italic = True
    run.font.color.rgb = RGBColor(0xC0, 0x39, 0x2B)


def _write_paragraphs(tf, items: list[_Item], size: int) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.clear()
    for n, it in enumerate(items):
        p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        p.level = it.level
        if it.label:
            r = p.add_run()
            r.text = f"{it.label} : "
            r.font.bold = True
            r.font.size = Pt(size)
        r = p.add_run()
        r.text = it.text
        r.font.size = Pt(size)
        if it.prompt:
            _style_prompt(r)


# --------------------------------------------------------------------------- formatting of the user's figures

def fmt_eur(amount: float) -> str:
    """A euro amount the French way: 45 000 € or 1 234,50 €."""
    cents = round(amount * 100)
    euros, rest = divmod(abs(cents), 100)
    s = f"{euros:,}".replace(",", " ")
    if rest:
        s += f",{rest:02d}"
    return ("-" if cents < 0 else "") + s + " €"


def fmt_month(d: date) -> str:
    """A month in French: septembre 2024."""
    return f"{MONTHS_FR[d.month - 1]} {d.year}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def _month_index(start: date, d: date) -> int:
    return (d.year - start.year) * 12 + d.month - start.month


