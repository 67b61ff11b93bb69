"""PowerPoint dossier: drafting the applicant's deck from a Profile, and reviewing a draft deck against the call.

The parts of the dossier (slide titles, heading synonyms in French and English, the rule each part answers, tips)
are data: `corpus/<call-id>/dossier.yaml`. This module only knows how to lay slides out and how to read them.

- `draft_deck(profile, spec, template=None)` writes one slide per part (long lists continue on a "(suite)" slide);
  whatever the profile does not say shows as a visible "[À compléter : ...]" prompt, never as invented content. Each
  slide's notes quote verbatim the clause of the call it answers, with its locator, and give a short tip.
- `review_dossier(pptx, spec, territory, as_of)` finds each required part by its heading (or, for the calendar and
  the budget, by its content), reads the deck's facts (communes, start, duration, amount requested, theme) and runs
  the same eligibility rules as `check_profile` on them.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .callspec import CallSpec
from .errors import CorpusError, InputError, LoaderError
from .textnorm import fold
from .types import Citation, DossierReview, Problem, Profile, SectionPresence

log = logging.getLogger(__name__)

PROMPT = "[À compléter : {}]"
CHECK = "[À vérifier : {}]"
SECTION_ORDER = ["structure", "motivation", "objectives", "implementation", "indicators", "innovation", "calendar",
                 "budget", "annexes"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_FR_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
EMU_PER_INCH = 914400
EMU_PER_PT = 12700


# =========================================================================== the dossier's parts, as data

@dataclass
class Part:
    """One part of the dossier: a drafted slide and, when it has a `section`, a part the review looks for."""

    id: str
    title: str
    section: str | None = None
    required: bool = False
    rule: str | None = None
    quotes: list[int] | None = None
    extra_rules: list[str] = field(default_factory=list)
    extra_quotes: list[int] | None = None
    contents_quote: int | None = None
    headings: list[str] = field(default_factory=list)
    content_patterns: list[re.Pattern] = field(default_factory=list)
    content_min: int = 0
    facts: list[str] = field(default_factory=list)
    tip: str = ""


@dataclass
class DossierPlan:
    """The parts of one call's dossier and the few lists that go with them (from dossier.yaml)."""

    parts: list[Part]
    call_rules: dict[str, str]
    layouts: dict[str, list[str]]
    themes: dict[str, list[str]]
    theme_quotes: dict[str, int]
    annexes_items: list[str]

    def part(self, part_id: str) -> Part:
        """The part with this id (KeyError otherwise)."""
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)


_PLANS: dict[str, DossierPlan] = {}


def load_plan(spec: CallSpec) -> DossierPlan:
    """The call's dossier parts (`dossier.yaml` next to call.yaml); CorpusError when missing or malformed."""
    key = str(spec.folder.resolve()) + "|" + spec.id
    if key in _PLANS:
        return _PLANS[key]
    raw = spec.load_extra("dossier.yaml")
    if not raw or not raw.get("parts"):
        raise CorpusError(f"{spec.id} : dossier.yaml absent ou sans « parts » ; impossible de rédiger ou relire un dossier.")
    parts: list[Part] = []
    try:
        for p in raw["parts"]:
            content = p.get("content") or {}
            parts.append(Part(
                id=p["id"], title=p["title"], section=p.get("section"), required=bool(p.get("required", False)),
                rule=p.get("rule"), quotes=p.get("quotes"), extra_rules=list(p.get("extra_rules", [])),
                extra_quotes=p.get("extra_quotes"), contents_quote=p.get("contents_quote"),
                headings=[_norm(h) for h in p.get("headings", [])],
                content_patterns=[re.compile(x) for x in content.get("patterns", [])],
                content_min=int(content.get("min", 0)), facts=list(p.get("facts", [])), tip=p.get("tip", ""),
            ))
    except (KeyError, TypeError, re.error) as exc:
        raise CorpusError(f"{spec.id} : dossier.yaml mal formé ({exc}).") from exc
    for p in parts:
        for rid in [p.rule, *p.extra_rules]:
            if rid:
                spec.rule(rid)  # KeyError naming an unknown rule: a data error worth failing loudly on
    plan = DossierPlan(
        parts=parts,
        call_rules=dict(raw.get("call_rules", {})),
        layouts={k: [_norm(x) for x in v] for k, v in (raw.get("layouts") or {}).items()},
        themes={k: [_norm(x) for x in v] for k, v in (raw.get("themes") or {}).items()},
        theme_quotes=dict(raw.get("theme_quotes", {})),
        annexes_items=list(raw.get("annexes_items", [])),
    )
    _PLANS[key] = plan
    return plan


def part_citations(part: Part, spec: CallSpec) -> list[Citation]:
    """The verbatim clauses of the call a part answers (its rule's quotes, then the extra ones)."""
    out: list[Citation] = []
    if part.rule:
        cites = spec.rule_citations(part.rule)
        out.extend(cites if part.quotes is None else [cites[i] for i in part.quotes if i < len(cites)])
    for rid in part.extra_rules:
        cites = spec.rule_citations(rid)
        out.extend(cites if part.extra_quotes is None else [cites[i] for i in part.extra_quotes if i < len(cites)])
    seen: set[str] = set()
    return [c for c in out if not (c.quote in seen or seen.add(c.quote))]


def _norm(text: str) -> str:
    """Folded, dashes and curly apostrophes made plain, spaces collapsed."""
    t = fold(text).replace("–", "-").replace("—", "-").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", t).strip()


# =========================================================================== drafting

def draft_deck(profile: Profile | dict, spec: CallSpec, template: Path | None = None, as_of: date | None = None) -> bytes:
    """The applicant's dossier as .pptx bytes: one slide per part, filled from the profile, prompts where data is missing.

    With `template` (a .pptx, ideally the call's own model), its layouts, masters and slide size are used and its
    existing slides are removed (the drafted deck holds only the dossier's slides). Without one, python-pptx's
    default template is used, set to 16:9 (13.333 in × 7.5 in). `as_of` is accepted for symmetry with the other
    entry points; the draft itself states no date of its own.
    """
    prof = _as_profile(profile)
    plan = load_plan(spec)
    deck = _Deck.open(template, plan)
    renderers = {
        "cover": _render_cover, "structure": _render_structure, "motivation": _render_motivation,
        "problematique": _render_problematique, "objectives": _render_objectives,
        "implementation": _render_implementation, "territory": _render_territory, "indicators": _render_indicators,
        "innovation": _render_innovation, "calendar": _render_calendar, "budget": _render_budget,
        "annexes": _render_annexes,
    }
    for part in plan.parts:
        render = renderers.get(part.id)
        if render is None:  # a part the code has no special layout for: a titled text slide with a prompt
            deck.text_slide(part, [PROMPT.format(part.title.lower())], spec)
            continue
        render(deck, part, prof, spec, plan)
    buf = io.BytesIO()
    deck.prs.save(buf)
    log.info("drafted deck: %d slides", len(deck.prs.slides))
    return buf.getvalue()


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

    from .corpus import check_zip

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

    by_name = {_norm(lay.name or ""): lay for lay in layouts}
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


# --------------------------------------------------------------------------- one renderer per part

def _render_cover(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    title = prof.project.title or PROMPT.format("titre du projet")
    slide = deck.new_slide(title, part, spec, layout=deck.cover_layout)
    if not prof.project.title:
        for p in slide.shapes.title.text_frame.paragraphs:
            for r in p.runs:
                _style_prompt(r)
    items = [
        _item("Porté par", prof.structure.name, "nom de la structure porteuse"),
        _Item(f"Candidature à l'{spec.title}" if spec.title.lower().startswith(("appel", "ami")) else f"Candidature : {spec.title}"),
    ]
    sub = [p for p in slide.placeholders if _ph_type(p) in ("SUBTITLE", "BODY", "OBJECT")]
    if sub:
        s = min(sub, key=lambda p: p.placeholder_format.idx)
        size = fit_font_size([i.plain for i in items], int(s.width), int(s.height), (20, 18, 16, 14, 12)) or 12
        _write_paragraphs(s.text_frame, items, size)
    else:
        deck.fill_body(slide, items, box=(int(deck.width * 0.08), int(deck.height * 0.6), int(deck.width * 0.84), int(deck.height * 0.3)))


def _render_structure(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    s = prof.structure
    items = [
        _item("Nom", s.name, "nom de la structure"),
        _item("Statut", s.type, "statut juridique (association, entreprise, collectivité...)"),
        _item("Siège", s.commune, "commune du siège"),
        _item("Création", s.created, "année de création"),
        _item("Activités", s.activities, "activités principales"),
        _item("Gouvernance", s.governance, "gouvernance (instances, dirigeants)"),
        _item("Membres", s.members, "membres, adhérents, salariés, bénévoles"),
    ]
    deck.list_slides(part, items, spec)


def _render_motivation(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    m = prof.structure.motivation
    items = [_Item(m)] if m else [_Item(PROMPT.format("les raisons de votre participation à cet AMI"), prompt=True)]
    deck.list_slides(part, items, spec)


def _bullets(values: list[str], missing: str) -> list[_Item]:
    vals = [v for v in values if v and v.strip()]
    return [_Item(v) for v in vals] if vals else [_Item(PROMPT.format(missing), prompt=True)]


def _render_problematique(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    theme = (p.theme or "").strip().lower()
    items: list[_Item] = []
    qi = plan.theme_quotes.get(theme)
    if qi is not None and part.rule:
        quote = spec.rule(part.rule).quotes[qi]
        items.append(_Item(quote, "Problématique retenue"))
    else:
        items.append(_Item(PROMPT.format("l'une des deux problématiques de l'appel (voir les notes)"), "Problématique retenue", prompt=True))
    items.append(_item("Le projet en bref", p.summary, "résumé du projet en deux ou trois phrases"))
    items.append(_Item("", "Publics visés") if p.publics else _Item(PROMPT.format("publics visés"), "Publics visés", prompt=True))
    if p.publics:
        items[-1] = _Item(", ".join(x for x in p.publics if x), "Publics visés")
    deck.list_slides(part, items, spec)


def _render_objectives(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    deck.list_slides(part, _bullets(prof.project.objectives, "objectifs du projet"), spec)


def _render_implementation(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    items = [_Item("", "Actions")] if p.actions else [_Item(PROMPT.format("actions prévues, qui les mène, avec quels moyens"), "Actions", prompt=True)]
    if p.actions:
        items = [_Item(a, level=0) for a in p.actions if a]
        items[0] = _Item(items[0].text, "Actions")
    partners = [x for x in p.partners if x]
    items.append(_Item(", ".join(partners), "Partenaires") if partners
                 else _Item(PROMPT.format("partenaires du projet"), "Partenaires", prompt=True))
    deck.list_slides(part, items, spec)


def _render_territory(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    communes = [c for c in prof.project.communes if c]
    items = [_Item(", ".join(communes), "Communes où se déroule l'action")] if communes else [
        _Item(PROMPT.format("communes où se déroule l'action"), "Communes où se déroule l'action", prompt=True)]
    items.append(_Item(f"Territoire visé par l'appel : {spec.territory.name}"))
    deck.list_slides(part, items, spec)


def _render_indicators(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    deck.list_slides(part, _bullets(prof.project.indicators, "indicateurs de réussite (valeur cible, mode de mesure)"), spec)


def _render_innovation(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    v = prof.project.innovation
    items = [_Item(v)] if v else [_Item(PROMPT.format("en quoi le projet est innovant"), prompt=True)]
    deck.list_slides(part, items, spec)


def _render_calendar(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    ms = [m for m in prof.milestones if m.label or m.start or m.end]
    starts = [m.start for m in ms if m.start]
    start = p.start_date or (min(starts) if starts else None)
    if start is not None:
        start = date(start.year, start.month, 1)
    max_months = int(spec.limits.max_duration_months or 12)
    duration = p.duration_months
    if duration is None and start is not None and ms:
        ends = [m.end or m.start for m in ms if (m.end or m.start)]
        duration = _month_index(start, max(ends)) + 1 if ends else None
        derived = True
    else:
        derived = False
    n_cols = max(1, min(int(math.ceil(duration)) if duration else max_months, max_months))

    head: list[_Item] = [
        _Item(fmt_month(start), "Démarrage") if start else _Item(PROMPT.format("mois de démarrage"), "Démarrage", prompt=True),
        (_Item(f"{_num(duration)} mois" + (" (d'après les étapes)" if derived else ""), "Durée") if duration
         else _Item(PROMPT.format("durée en mois"), "Durée", prompt=True)),
    ]
    latest = spec.dates.latest_start
    if start and latest and start > latest:
        head.append(_Item(CHECK.format(f"l'appel demande de démarrer au plus tard en {fmt_month(latest)} (voir les notes)"), prompt=True))
    if duration and spec.limits.max_duration_months and duration > spec.limits.max_duration_months:
        head.append(_Item(CHECK.format(f"l'appel fixe une durée de {_num(spec.limits.max_duration_months)} mois maximum (voir les notes)"), prompt=True))

    months = [_add_months(start, i) for i in range(n_cols)] if start else []
    header = ["Étape"] + ([f"{MONTHS_FR_SHORT[m.month - 1]} {m.year}" for m in months] if months else [f"M{i + 1}" for i in range(n_cols)])
    rows: list[list[str]] = []
    bars: list[set[int]] = []
    prompts: list[bool] = []
    overflow: list[str] = []
    for m in ms:
        label = m.label or PROMPT.format("nom de l'étape")
        cols: set[int] = set()
        if start and (m.start or m.end):
            a = _month_index(start, m.start or m.end)
            b = _month_index(start, m.end or m.start)
            if a < 0 or b >= n_cols:
                overflow.append(m.label or "?")
            cols = {i for i in range(max(a, 0), min(b, n_cols - 1) + 1)}
        elif not (m.start or m.end):
            label += " " + PROMPT.format("dates")
        rows.append([label] + [""] * n_cols)
        bars.append(cols)
        prompts.append(not m.label or not (m.start or m.end))
    if not ms:
        if start and duration:
            rows.append(["Réalisation du projet"] + [""] * n_cols)
            bars.append(set(range(n_cols)))
            prompts.append(False)
        rows.append([PROMPT.format("étapes du projet (libellé, mois de début et de fin)")] + [""] * n_cols)
        bars.append(set())
        prompts.append(True)
    if start and duration:
        last = min(int(math.ceil(duration)), n_cols) - 1
        mid = max(0, (last + 1) // 2 - 1)
        rows.append(["Point d'étape à mi-parcours (indicatif)"] + ["◆" if i == mid else "" for i in range(n_cols)])
        bars.append(set())
        prompts.append(False)
        rows.append(["Bilan de fin d'action (indicatif)"] + ["◆" if i == last else "" for i in range(n_cols)])
        bars.append(set())
        prompts.append(False)
    for lab in overflow:
        head.append(_Item(CHECK.format(f"l'étape « {lab} » sort de la période du projet"), prompt=True))

    per_slide = 9
    chunks = [list(range(i, min(i + per_slide, len(rows)))) for i in range(0, len(rows), per_slide)] or [[]]
    for n, idxs in enumerate(chunks):
        slide = deck.new_slide(part.title if n == 0 else f"{part.title} (suite)", part, spec)
        left, top, w, h = deck.body_box(slide)
        body = _body_placeholder(slide)
        if body is not None:
            _remove_shape(body)
        head_h = int(h * 0.2) if n == 0 else 0
        if n == 0:
            deck.fill_body(slide, head, box=(left, top, w, head_h))
        table_rows = [header] + [rows[i] for i in idxs]
        fills = {(r + 1, c + 1): "2E86C1" for r, i in enumerate(idxs) for c in bars[i]}
        prompt_cells = {(r + 1, 0) for r, i in enumerate(idxs) if prompts[i]}
        size = 12 if n_cols > 8 else 14
        if w < 10 * EMU_PER_INCH and n_cols > 8:
            size = 10
        label_weight = max(2.5, n_cols * 0.3)
        deck.table(slide, table_rows, (left, top + head_h, w, h - head_h), [label_weight] + [1.0] * n_cols, size,
                   fills=fills, bold_rows={0}, prompt_cells=prompt_cells)


def _render_budget(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    b = prof.budget
    lines = [ln for ln in b.lines if ln.label or ln.amount_eur]
    total_lines = sum(ln.amount_eur for ln in lines) if lines else None
    requested = b.requested_eur
    base = requested if requested is not None else total_lines
    rows = [["Poste de dépense", "Montant"]]
    prompt_cells: set[tuple[int, int]] = set()
    for ln in lines:
        rows.append([ln.label or PROMPT.format("libellé du poste"), fmt_eur(ln.amount_eur)])
        if not ln.label:
            prompt_cells.add((len(rows) - 1, 0))
    if not lines:
        rows.append([PROMPT.format("postes de dépense (libellé et montant)"), ""])
        prompt_cells.add((len(rows) - 1, 0))
    rows.append(["Total des postes", fmt_eur(total_lines) if total_lines is not None else ""])
    rows.append(["Montant demandé à l'AMI", fmt_eur(requested) if requested is not None else PROMPT.format("montant")])
    if requested is None:
        prompt_cells.add((len(rows) - 1, 1))
    bold = {0, len(rows) - 2, len(rows) - 1}

    pay_quotes = spec.rule(part.rule).quotes if part.rule else []
    labels = ["1/3 au démarrage de l'action", "1/3 à mi-parcours, sur présentation d'un point d'étape",
              "Solde (1/3) sur présentation d'un bilan de fin d'action"]
    if len(pay_quotes) >= 4:
        labels = [pay_quotes[1], pay_quotes[2], pay_quotes[3].rstrip(".")]
    if base is not None:
        third = round(base / 3, 2)
        amounts = [fmt_eur(third), fmt_eur(third), fmt_eur(round(base - 2 * third, 2))]
    else:
        amounts = ["", "", ""]
    pay_rows = [["Versements prévus par l'appel", "Montant"]] + [[lab, a] for lab, a in zip(labels, amounts)]

    notes: list[_Item] = []
    if base is not None:
        src = "du montant demandé" if requested is not None else "du total des postes"
        notes.append(_Item(f"Tiers calculés à partir {src} ({fmt_eur(base)}), votre chiffre : à ajuster si besoin."))
    else:
        notes.append(_Item(PROMPT.format("montant demandé : les trois versements en découleront"), prompt=True))
    if requested is not None and total_lines is not None and abs(requested - total_lines) > 0.005:
        notes.append(_Item(CHECK.format(f"le total des postes ({fmt_eur(total_lines)}) diffère du montant demandé ({fmt_eur(requested)})"), prompt=True))

    per_slide = 11
    body_rows = rows[1:]
    chunks = [body_rows[i:i + per_slide] for i in range(0, len(body_rows), per_slide)]
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        slide = deck.new_slide(part.title if n == 0 else f"{part.title} (suite)", part, spec)
        left, top, w, h = deck.body_box(slide)
        body = _body_placeholder(slide)
        if body is not None:
            _remove_shape(body)
        offset = n * per_slide
        t_rows = [rows[0]] + chunk
        t_bold = {0} | {i - offset for i in bold if i > 0 and 0 < i - offset <= len(chunk)}
        t_prompts = {(i - offset, j) for i, j in prompt_cells if 0 < i - offset <= len(chunk)}
        size = 16 if len(t_rows) <= 8 else 14
        if w < 10 * EMU_PER_INCH:
            size -= 2
        gap = int(w * 0.04)
        lw = int(w * 0.55)
        deck.table(slide, t_rows, (left, top, lw, h), [3, 1.3], size, bold_rows=t_bold, prompt_cells=t_prompts)
        if last:
            rw = w - lw - gap
            deck.table(slide, pay_rows, (left + lw + gap, top, rw, int(h * 0.6)), [2.6, 1.2], size - 2, bold_rows={0})
            deck.fill_body(slide, notes, box=(left + lw + gap, top + int(h * 0.66), rw, int(h * 0.34)))


def _render_annexes(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    items = [_Item(f"☐ {x}") for x in plan.annexes_items] or [_Item(PROMPT.format("pièces annexes demandées par l'appel"), prompt=True)]
    deck.list_slides(part, items, spec)


# =========================================================================== review

@dataclass
class _SlideText:
    n: int
    title: str
    lines: list[str]
    notes: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


_NUMBERING = re.compile(r"^(?:[-•*▪►✓☐■◆>\u2022]+\s*|\(?\d{1,2}(?:[.)]\d{0,2})*[.)]?\s+|\(?[ivx]{1,4}[.)]\s+|[a-h][.)]\s+|(?:partie|part|section|etape|step|chapitre)\s+\d+\s*[:.-]?\s*)+")
_ARTICLE = re.compile(r"^(?:(?:le|la|les|l'|nos|notre|votre|vos|our|the|your|du|des|de la|sa|son|ses)\s*)+")
_SEGMENTS = re.compile(r"\s*(?:[:|•·]|\s[-/]\s|\s\(|\)\s)\s*")


def _heading_candidates(s: _SlideText, strip: list[str]) -> list[str]:
    """Title, short body lines, label parts ("X : ...") and first table cells, folded."""
    cands = []
    raw = [s.title] + s.lines
    for i, line in enumerate(raw):
        t = _norm(line)
        for st in strip:
            t = t.replace(st, " ")
        t = t.strip()
        if not t:
            continue
        if i == 0 or (len(t) <= 60 and not t.endswith(".")):
            cands.append(t)
        else:
            head = re.split(r"\s*[:|]\s*", t, maxsplit=1)[0]
            if len(head) <= 45 and head != t:
                cands.append(head)
    return cands


def _matches_heading(cand: str, headings: list[str], anywhere: bool = False) -> bool:
    segs = [x.strip() for x in _SEGMENTS.split(cand) if x and x.strip()]
    for seg in segs:
        seg = _ARTICLE.sub("", _NUMBERING.sub("", seg)).strip()
        for h in headings:
            if seg == h or (seg.startswith(h) and not seg[len(h):len(h) + 1].isalnum()):
                return True
    for h in headings if anywhere else ():
        if " " in h and re.search(r"(?<![a-z0-9])" + re.escape(h) + r"(?![a-z0-9])", cand):
            return True
    return False


def _content_match(part: Part, text: str) -> bool:
    if not part.content_patterns or part.content_min <= 0:
        return False
    found: set[str] = set()
    for pat in part.content_patterns:
        for m in pat.finditer(text):
            found.add(m.group(0))
            if len(found) >= part.content_min:
                return True
    return False


def _read_slides(pptx: Path | bytes) -> tuple[list[_SlideText], str]:
    from .corpus import load_pptx

    if isinstance(pptx, (str, Path)):
        path = Path(pptx)
        if not path.is_file():
            raise LoaderError(f"{path} : fichier introuvable.")
        name = path.name
        doc = load_pptx(path, name, name)
    elif isinstance(pptx, (bytes, bytearray)):
        name = "dossier.pptx"
        doc = load_pptx(bytes(pptx), name, name)
    else:
        raise InputError("Le dossier doit être un chemin de fichier .pptx ou son contenu (bytes).")
    by_slide: dict[int, _SlideText] = {}
    for sec in doc.sections:
        if sec.slide is None:
            continue
        st = by_slide.setdefault(sec.slide, _SlideText(sec.slide, sec.heading_path[0] if sec.heading_path else "", [], []))
        lines = [ln.strip() for ln in doc.text[sec.start:sec.end].split("\n")[1:] if ln.strip()]
        if sec.notes:
            st.notes.extend(lines)
        else:
            st.lines.extend(lines)
    count = int(doc.metadata.get("slide_count", len(by_slide)))
    return [by_slide.get(n) or _SlideText(n, "", [], []) for n in range(1, count + 1)], name


# --------------------------------------------------------------------------- facts

_MONTH_WORDS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3, "avril": 4, "avr": 4, "apr": 4, "april": 4, "mai": 5, "may": 5, "juin": 6,
    "jun": 6, "june": 6, "juillet": 7, "juil": 7, "jul": 7, "july": 7, "aout": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9, "octobre": 10, "oct": 10, "october": 10, "novembre": 11,
    "nov": 11, "november": 11, "decembre": 12, "dec": 12, "december": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(r"\b(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>20\d\d)\b"),
    re.compile(r"\b(?P<y>20\d\d)-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?\b"),
    re.compile(r"\b(?P<m>[01]?\d)/(?P<y>20\d\d)\b"),
    re.compile(r"\b(?:(?P<d>[0-3]?\d)(?:er)?\s+)?(?P<mw>" + _MONTH_ALT + r")\.?\s+'?(?P<y>20\d\d|\d\d)\b"),
    re.compile(r"\b(?P<mw>" + _MONTH_ALT + r")\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>20\d\d)\b"),
]
_START_WORDS = re.compile(r"\b(demarrage|demarrer|demarre|debut|debute|debutera|lancement|lance|commence|commencera|start|starts|starting|begins?|kick-?off)\b")
_DURATION = re.compile(r"(?<![\d,.])(\d{1,2}(?:[.,]5)?)\s*(?:mois|months?)\b")
_DURATION_WORDS = re.compile(r"\b(duree|duration|pendant|sur|over|for|lasts?|durera|dure)\b")
_AMOUNT = re.compile(
    r"(?:(?:€|eur)\s?(?P<a1>\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?:[,.](?P<c1>\d{1,2}))?)"
    r"|(?:(?P<a2>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,(?P<c2>\d{1,2}))?\s?(?P<k>k)?\s?(?:€|eur\b|euros?\b))"
)
_REQUEST_WORDS = re.compile(r"\b(demande[es]{0,2}|sollicite[es]{0,2}|requested|request|subvention|aide de l'ami|montant ami|grant)\b")
_TOTAL_WORDS = re.compile(r"\b(total|totaux|cout total|budget total|total cost)\b")


def _parse_date(m: re.Match) -> date | None:
    g = m.groupdict()
    try:
        y = int(g["y"])
        if y < 100:
            y += 2000
        month = _MONTH_WORDS[g["mw"]] if g.get("mw") else int(g["m"])
        d = int(g["d"]) if g.get("d") else 1
        return date(y, month, d)
    except (ValueError, KeyError, TypeError):
        return None


def _dates_in(text: str) -> list[tuple[int, date]]:
    out = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            d = _parse_date(m)
            if d:
                out.append((m.start(), d))
    out.sort()
    return out


def _amounts_in(text: str) -> list[tuple[int, float]]:
    out = []
    for m in _AMOUNT.finditer(text):
        whole = m.group("a1") or m.group("a2")
        cents = m.group("c1") or m.group("c2")
        digits = re.sub(r"[^\d]", "", whole)
        if not digits:
            continue
        val = float(digits) + (float("0." + cents) if cents else 0.0)
        if m.group("k"):
            val *= 1000
        out.append((m.start(), val))
    return out


def _ordered(slides: list[_SlideText], preferred: list[int]) -> list[list[_SlideText]]:
    """Preferred slides first, then the others (two passes)."""
    pref = [s for s in slides if s.n in preferred]
    rest = [s for s in slides if s.n not in preferred]
    return [pref, rest]


def _read_start(slides, preferred) -> tuple[date | None, list[int]]:
    for group in _ordered(slides, preferred):
        for s in group:
            for line in s.lines:
                f = _norm(line)
                mw = _START_WORDS.search(f)
                if not mw:
                    continue
                ds = [d for pos, d in _dates_in(f) if pos >= mw.start() - 40]
                if ds:
                    return ds[0], [s.n]
    months: list[tuple[date, int]] = []
    for s in slides:
        if s.n in preferred:
            months.extend((d, s.n) for _, d in _dates_in(_norm(s.body)))
    if months:
        d, n = min(months)
        return d, [n]
    return None, []


def _read_duration(slides, preferred) -> tuple[float | None, list[int]]:
    for group in _ordered(slides, preferred):
        for strict in (True, False):
            for s in group:
                for line in s.lines:
                    f = _norm(line)
                    m = _DURATION.search(f)
                    if not m:
                        continue
                    if strict and not _DURATION_WORDS.search(f[: m.start()]):
                        continue
                    return float(m.group(1).replace(",", ".")), [s.n]
    return None, []


def _read_requested(slides, preferred) -> tuple[float | None, list[int]]:
    for words in (_REQUEST_WORDS, _TOTAL_WORDS):
        for group in _ordered(slides, preferred):
            for s in group:
                for line in s.lines:
                    f = _norm(line)
                    mw = words.search(f)
                    if not mw:
                        continue
                    amts = sorted(_amounts_in(f), key=lambda a: abs(a[0] - mw.start()))
                    if amts:
                        return amts[0][1], [s.n]
    return None, []


def _read_theme(slides, preferred, plan: DossierPlan) -> tuple[str | None, list[int]]:
    for group in _ordered(slides, preferred):
        for s in group:
            f = _norm(s.title + "\n" + s.body)
            for theme, words in plan.themes.items():
                if any(w in f for w in words):
                    return theme, [s.n]
    return None, []


def _read_communes(slides, preferred, excluded, territory, strip: list[str]) -> tuple[list[Any], dict[str, list[int]]]:
    """Communes named in the territory part (else everywhere but the structure-only slides), with their slides."""
    pool = [s for s in slides if s.n in preferred] or [s for s in slides if s.n not in excluded]
    parts, offsets, pos = [], [], 0
    for s in pool:
        block = (s.title + "\n" if s.title and (not s.lines or s.lines[0] != s.title) else "") + s.body + "\n\n"
        offsets.append((pos, pos + len(block), s.n))
        parts.append(block)
        pos += len(block)
    text = "".join(parts)
    for name in strip:  # the call's own territory name (e.g. a reminder on the slide) is not a place of the project
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    found = territory.find_in_text(text) if text.strip() else []
    where: dict[str, list[int]] = {}
    matches = []
    # On the territory part's slides, a list such as "Communes : Arras, Lens" names communes even where the text
    # finder stays cautious (a capital right after a colon proves nothing in free text).
    listed = []
    for s in slides:
        if s.n not in preferred:
            continue
        for line in s.lines:
            value = line.split(":", 1)[1] if ":" in line else line
            for chunk in re.split(r"\s*(?:[,;/|]|\bet\b|\band\b)\s*", value):
                chunk = chunk.strip(" .()[]")
                if 2 < len(chunk) <= 40 and not chunk.startswith("["):
                    m = territory.resolve(chunk)
                    if getattr(m, "status", "") in ("in", "out") and not getattr(m, "fuzzy", False):
                        listed.append((m, s.n))
    for m, n in listed:
        label = getattr(m, "label", None) or getattr(m, "name", None) or str(m)
        if label not in where:
            matches.append(m)
            where[label] = []
        if n not in where[label]:
            where[label].append(n)
    for m in found:
        if getattr(m, "status", "in") in ("unknown", "ambiguous"):  # only communes the data names for sure
            continue
        label = getattr(m, "label", None) or getattr(m, "name", None) or str(m)
        start = getattr(m, "start", None) or 0
        n = next((sn for a, b, sn in offsets if a <= start < b), None)
        if label not in where:
            matches.append(m)
            where[label] = []
        if n is not None and n not in where[label]:
            where[label].append(n)
    return matches, where


# --------------------------------------------------------------------------- the review itself

def review_dossier(pptx: Path | bytes, spec: CallSpec, territory: Any, as_of: date) -> DossierReview:
    """Review a draft dossier deck: which required parts are there (and where), and what the call's rules say of its facts."""
    from .types import Budget, Project

    plan = load_plan(spec)
    slides, name = _read_slides(pptx)
    strip = [x for x in (_norm(spec.title), _norm(spec.short_title)) if x]

    found: dict[str, list[int]] = {p.id: [] for p in plan.parts}
    for s in slides:
        cands = _heading_candidates(s, strip)
        folded_body = None
        for p in plan.parts:
            hit = bool(p.headings) and any(_matches_heading(c, p.headings, anywhere=(i == 0)) for i, c in enumerate(cands))
            if not hit and p.content_patterns:
                folded_body = folded_body if folded_body is not None else _norm(s.title + "\n" + s.body)
                hit = _content_match(p, folded_body)
            if hit:
                found[p.id].append(s.n)

    sections: list[SectionPresence] = []
    problems: list[Problem] = []
    by_section: dict[str, list[int]] = {}
    for p in plan.parts:
        if p.section:
            by_section.setdefault(p.section, [])
            by_section[p.section] = sorted(set(by_section[p.section]) | set(found[p.id]))
    contents_rule = plan.call_rules.get("contents")
    contents_cites = spec.rule_citations(contents_rule) if contents_rule else []
    for sid in SECTION_ORDER:
        if sid not in by_section:
            continue
        sections.append(SectionPresence(id=sid, present=bool(by_section[sid]), slides=by_section[sid]))
    for p in plan.parts:
        if not p.section or by_section.get(p.section):
            continue
        if p.required:
            cites = [contents_cites[p.contents_quote]] if p.contents_quote is not None and p.contents_quote < len(contents_cites) else contents_cites[:1]
            if contents_cites and contents_cites[0] not in cites:
                cites = [contents_cites[0], *cites]
            problems.append(Problem(id="sections", severity="error", citations=cites,
                                    message=f"Partie obligatoire absente du dossier : « {p.title} ». Ajoutez une diapositive avec ce titre."))
        else:
            problems.append(Problem(id=p.id, severity="warning", citations=part_citations(p, spec),
                                    message=f"Pas de diapositive « {p.title} » : pensez à joindre ces pièces au dossier."))
    # avoid counting the same part twice when several parts share a section id
    seen_ids: set[str] = set()
    problems = [pr for pr in problems if not (pr.message in seen_ids or seen_ids.add(pr.message))]

    def pref(fact: str) -> list[int]:
        return sorted({n for p in plan.parts if fact in p.facts for n in found[p.id]})

    # Without a territory slide, communes are read everywhere but on the structure's own slides (its seat may lie
    # elsewhere) and the budget's (cost labels such as "Frais de structure" are not places).
    other = {n for p in plan.parts if p.section not in ("structure", "motivation", "budget") for n in found[p.id]}
    excluded = (set(by_section.get("structure", [])) | set(by_section.get("budget", []))) - other
    communes, where = _read_communes(slides, pref("communes"), excluded, territory, [spec.territory.name])
    start, start_sl = _read_start(slides, pref("start"))
    duration, dur_sl = _read_duration(slides, pref("duration_months"))
    requested, req_sl = _read_requested(slides, pref("requested_eur"))
    theme, theme_sl = _read_theme(slides, pref("theme"), plan)
    names = list(where)
    facts: dict[str, Any] = {
        "communes": names,
        "start": start.isoformat() if start else None,
        "duration_months": duration,
        "requested_eur": requested,
        "theme": theme,
        "slides": {
            "communes": sorted({n for v in where.values() for n in v}),
            "start": start_sl, "duration_months": dur_sl, "requested_eur": req_sl, "theme": theme_sl,
        },
        "communes_slides": where,
    }
    profile = Profile(
        project=Project(theme=theme, communes=names, start_date=start, duration_months=duration),
        budget=Budget(requested_eur=requested),
    )
    fact_slides = {"territory": facts["slides"]["communes"], "start": start_sl, "duration": dur_sl,
                   "budget": req_sl, "theme": theme_sl}
    try:
        from .eligibility import check_profile
    except ImportError:  # the rules module is missing: report the facts, say the check could not run
        log.error("assistant.eligibility is missing: the deck's facts were not checked")
        check_profile = None
    if check_profile is not None:
        elig = check_profile(profile, spec, territory, as_of)
        for c in elig.criteria:
            if c.id not in fact_slides or c.status not in ("fail", "warn"):
                continue
            sl = fact_slides[c.id]
            where_txt = f" (lu diapositive{'s' if len(sl) > 1 else ''} {', '.join(map(str, sl))})" if sl else ""
            problems.append(Problem(
                id=c.id, severity="error" if c.status == "fail" else "warning",
                message=f"{c.explanation}{where_txt}", citations=c.citations, slides=sl,
            ))
    complete = all(by_section.get(p.section) for p in plan.parts if p.required and p.section)
    log.info("reviewed %s: %d slides, complete=%s, %d problems", name, len(slides), complete, len(problems))
    return DossierReview(complete=complete, sections=sections, problems=problems, facts=facts, slide_count=len(slides))
