"""One renderer per part of the dossier, and `draft_deck`, which lays them out one after the other."""

from __future__ import annotations

import io
import logging
import math
from datetime import date
from pathlib import Path

from ..calls.spec import CallSpec
from ..errors import InputError
from ..types import Profile
from .draft_pptx import (
    EMU_PER_INCH, MONTHS_FR_SHORT, _add_months, _as_profile, _body_placeholder, _Deck, _Item, _item, _month_index,
    _num, _ph_type, _remove_shape, _style_prompt, _write_paragraphs, fit_font_size, fmt_eur, fmt_month,
)
from .plan import CHECK, PROMPT, DossierPlan, Part, load_plan

log = logging.getLogger(__name__)


def draft_deck(profile: Profile | dict, spec: CallSpec, template: Path | None = None, as_of: date | None = None,
               format: str | None = None) -> bytes:
    """The applicant's dossier as .pptx bytes (one slide per part), or .docx bytes when the call asks for Word.

    `format` ("pptx" or "docx") forces one; by default it is `dossier_format(spec, template)`: the template's own
    format when one is given, else the call's (`DossierPlan.skeleton_format`). The Word dossier is drafted by
    `draft_docx.draft_docx`; the rest of this docstring is about the deck.

    With `template` (a .pptx, ideally the call's own model), its layouts, masters and slide size are used and its
    existing slides are removed (the drafted deck holds only the dossier's slides). Without one, python-pptx's
    default template is used, set to 16:9 (13.333 in × 7.5 in). `as_of` is accepted for symmetry with the other
    entry points; the draft itself states no date of its own.
    """
    fmt = format or dossier_format(spec, template)
    if fmt not in ("pptx", "docx"):
        raise InputError(f"Format de dossier inconnu : {fmt!r} (formats possibles : pptx, docx).")
    if fmt == "docx":
        from .draft_docx import draft_docx

        return draft_docx(profile, spec, template=template if template and Path(template).suffix.lower() == ".docx" else None)
    prof = _as_profile(profile)
    plan = load_plan(spec)
    deck = _Deck.open(template if template is None or Path(template).suffix.lower() != ".docx" else None, plan)
    renderers = {
        "cover": _render_cover, "structure": _render_structure, "motivation": _render_motivation,
        "theme": _render_theme, "objectives": _render_objectives,
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
    _criteria_notes(deck, spec)
    buf = io.BytesIO()
    deck.prs.save(buf)
    log.info("drafted deck: %d slides", len(deck.prs.slides))
    return buf.getvalue()



def _criteria_notes(deck: _Deck, spec: CallSpec) -> None:
    """The call's selection criteria (with their weights and quotes) in the first slide's notes, when it gives them."""
    if not spec.selection_criteria or not len(deck.prs.slides):
        return
    from .draft_docx import criterion_line
    from .wording import DOCX

    tf = deck.prs.slides[0].notes_slide.notes_text_frame
    head = DOCX["criteria_weighted" if any(c.weight is not None for c in spec.selection_criteria) else "criteria"]
    for line in [head, *(criterion_line(c) for c in spec.selection_criteria)]:
        tf.add_paragraph().text = line


def dossier_format(spec: CallSpec, template: Path | None = None) -> str:
    """The format of the drafted dossier: the template's (.pptx or .docx) when one is given, else the call's."""
    if template is not None and Path(template).suffix.lower() in (".pptx", ".docx"):
        return Path(template).suffix.lower().lstrip(".")
    return load_plan(spec).skeleton_format(spec)


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


def _share(value: object) -> float | None:
    """A tranche's share of the grant: "2/5", "40 %", 0.4 → a fraction; None when unreadable."""
    import re

    text = str(value).strip().replace(",", ".")
    m = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if m and int(m.group(2)):
        return int(m.group(1)) / int(m.group(2))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", text)
    if m:
        return float(m.group(1)) / 100
    try:
        x = float(text)
    except ValueError:
        return None
    return x if 0 < x <= 1 else None


def _render_theme(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    p = prof.project
    theme = (p.theme or "").strip().lower()
    items: list[_Item] = []
    qi = plan.theme_quotes.get(theme)
    if qi is not None and part.rule:
        quote = spec.rule(part.rule).quotes[qi]
        items.append(_Item(quote, "Thème retenu"))
    else:
        items.append(_Item(PROMPT.format("l'un des thèmes de l'appel (voir les notes)"), "Thème retenu", prompt=True))
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

    labels, shares = _tranches(part, spec, plan)
    if base is not None and shares:
        amounts = [fmt_eur(round(base * x, 2)) for x in shares[:-1]]
        amounts.append(fmt_eur(round(base - sum(round(base * x, 2) for x in shares[:-1]), 2)))
    else:
        amounts = [""] * len(labels)
    pay_rows = [["Versements prévus par l'appel", "Montant"]] + [[lab, a] for lab, a in zip(labels, amounts)]

    notes: list[_Item] = []
    if base is not None and shares:  # (a call silent on payments has no tranches: nothing is said about them)
        src = "du montant demandé" if requested is not None else "du total des postes"
        notes.append(_Item(f"Montants calculés à partir {src} ({fmt_eur(base)}) selon les parts fixées par l'appel : à ajuster si besoin."))
    elif shares:
        notes.append(_Item(PROMPT.format("montant demandé : les versements en découleront"), prompt=True))
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
            if len(pay_rows) > 1:
                deck.table(slide, pay_rows, (left + lw + gap, top, rw, int(h * 0.6)), [2.6, 1.2], size - 2, bold_rows={0})
            deck.fill_body(slide, notes, box=(left + lw + gap, top + int(h * 0.66), rw, int(h * 0.34)))


def _tranches(part: Part, spec: CallSpec, plan: DossierPlan) -> tuple[list[str], list[float]]:
    """The call's payment tranches (labels, and shares when all are known): as its payments rule quotes them when the
    part rests on it (the rule's values give the shares), else the call's typed tranches; none when it is silent."""
    pay_id = plan.call_rules.get("payments")
    if part.rule and part.rule == pay_id:
        pay_rule = spec.rule(part.rule)
        quotes = list(pay_rule.quotes)
        shares = [_share(x) for x in pay_rule.values.get("shares", [])]
        labels = [q.rstrip(".") for q in quotes[1:]] if len(quotes) > 1 else quotes
    else:
        labels = [f"{t.share} {t.trigger}" if t.share else t.trigger for t in spec.payments]
        shares = [_share(t.share) if t.share else None for t in spec.payments]
    if len(shares) != len(labels) or any(x is None for x in shares) or abs(sum(shares) - 1) > 0.01:
        shares = []  # amounts only when the call's shares make up the whole grant (no invented remainder)
    return labels, [x for x in shares if x is not None]


def _render_annexes(deck: _Deck, part: Part, prof: Profile, spec: CallSpec, plan: DossierPlan) -> None:
    items = [_Item(f"☐ {x}") for x in plan.annexes_items] or [_Item(PROMPT.format("pièces annexes demandées par l'appel"), prompt=True)]
    deck.list_slides(part, items, spec)
