"""Former home of drafting and review, kept so that `from assistant.deck import ...` goes on working.

Everything now lives in the `assistant.dossier` package.
"""

from __future__ import annotations

from .dossier import (  # noqa: F401
    CHECK, PROMPT, SECTION_ORDER, DossierPlan, Part, draft_deck, fit_font_size, fmt_eur, fmt_month, load_plan,
    part_citations, review_dossier,
)
