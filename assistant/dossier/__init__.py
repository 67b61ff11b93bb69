"""The dossier: the parts a call asks for, drafting the applicant's skeleton deck, reading and reviewing dossiers.

- `plan.py`: the parts of `corpus/<call-id>/dossier.yaml` and the clauses each answers;
- `draft_pptx.py`, `draft_parts.py`: `draft_deck`, the .pptx skeleton filled from a Profile;
- `draft_docx.py`: the .docx skeleton, drafted instead when the call asks for a Word dossier (`dossier_format`);
- `read.py`: .pptx, .docx, .pdf read into ordered units (slides, pages, sections), bounded;
- `match.py`: the parts found by heading, content and meaning; `facts_bridge.py`: the facts read;
- `review.py`: `review_dossier`, one verdict that follows the facts; `inbox.py`: a whole folder at once.
"""

from __future__ import annotations

from .draft_parts import dossier_format, draft_deck
from .draft_pptx import fit_font_size, fmt_eur, fmt_month
from .inbox import inbox_files, review_folder, row, to_csv, to_html, write_reports
from .plan import CHECK, PROMPT, SECTION_ORDER, DossierPlan, Part, load_plan, part_citations
from .read import ReviewLimits, read_dossier
from .review import error_review, review_dossier

__all__ = [
    "CHECK", "PROMPT", "SECTION_ORDER", "DossierPlan", "Part", "ReviewLimits", "dossier_format", "draft_deck", "error_review",
    "fit_font_size", "fmt_eur", "fmt_month", "inbox_files", "row", "load_plan", "part_citations", "read_dossier", "review_dossier",
    "review_folder", "to_csv", "to_html", "write_reports",
]
