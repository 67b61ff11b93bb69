"""French interface text and pure helpers for the Streamlit app (no Streamlit import here).

Everything that turns a result into something shown (labels, status lines, a quote highlighted in its section,
the conversation as Markdown, the feedback log, the slide preview) lives here so it can be tested without a browser.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .errors import AssistantError, InputError
from .types import Citation

log = logging.getLogger(__name__)

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]

STATUS_ICON = {"pass": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❓"}
STATUS_LABEL = {"pass": "conforme", "fail": "non conforme", "warn": "à vérifier", "unknown": "information manquante"}
CRITERION_LABEL = {
    "applicant": "Structure candidate",
    "theme": "Thématique",
    "territory": "Territoire",
    "start": "Date de démarrage",
    "duration": "Durée",
    "budget": "Budget",
}
VERDICT_LABEL = {
    "eligible": "Éligible au vu des informations fournies",
    "not_eligible": "Non éligible en l'état",
    "incomplete": "Informations incomplètes : l'éligibilité ne peut pas encore être établie",
}
SECTION_LABEL = {
    "structure": "Présentation de la structure",
    "motivation": "Motivations",
    "objectives": "Objectifs",
    "implementation": "Mise en œuvre",
    "indicators": "Indicateurs",
    "innovation": "Caractère innovant",
    "calendar": "Calendrier",
    "budget": "Budget",
    "annexes": "Annexes",
}
STRUCTURE_TYPES = {
    "": "— non précisé —",
    "association": "Association",
    "entreprise": "Entreprise",
    "collectivite": "Collectivité territoriale",
    "etablissement_public": "Établissement public",
    "reseau_entreprises": "Réseau d'entreprises",
    "autre": "Autre",
}
THEMES = {"": "— non précisé —", "inclusion": "Inclusion vers l'emploi", "industrie": "Métiers de l'industrie"}
ENTRY_STATUS = {"draft": "brouillon", "approved": "validée", "retired": "retirée"}
VALIDATED_LABEL = "Réponse validée par l'équipe du dialogue"
KIND_LABEL = {
    "answer": "",
    "not_in_call": "L'appel ne le précise pas",
    "out_of_scope": "Hors du champ de l'appel",
    "clarify": "Précision nécessaire",
}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def date_fr(d: date) -> str:
    """A date written the French way: '17 avril 2024'."""
    return f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def call_status_line(deadline: date, as_of: date) -> tuple[bool, str]:
    """(open?, sentence) about whether the call still accepts applications on `as_of`."""
    if as_of <= deadline:
        return True, f"Appel ouvert : dépôt des candidatures jusqu'au {date_fr(deadline)} (nous sommes le {date_fr(as_of)})."
    return False, (
        f"Appel clos : la date limite de dépôt était le {date_fr(deadline)} (nous sommes le {date_fr(as_of)}). "
        "Les informations sur l'appel restent consultables."
    )


# --------------------------------------------------------------------------- escaping

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$])")


def escape_markdown(text: str) -> str:
    """User text made inert for st.markdown: Markdown syntax escaped, HTML shown as text."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


# --------------------------------------------------------------------------- sources panel

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
    before, after = doc.text[lo:m.start()], doc.text[m.end():hi]
    if lo > s_start:
        before = "… " + before.lstrip()
    if hi < s_end:
        after = after.rstrip() + " …"
    return {"locator": sec.locator if sec else citation.locator, "before": before, "quote": m.group(0),
            "after": after, "found": True}


def highlight_html(part: dict[str, Any]) -> str:
    """HTML of a quote highlighted with <mark> in its section; every piece of text is escaped first."""
    body = (
        html.escape(part["before"]) + "<mark>" + html.escape(part["quote"]) + "</mark>" + html.escape(part["after"])
    )
    note = "" if part.get("found") else '<div class="ami-note">(passage non retrouvé dans le document)</div>'
    return (
        '<div class="ami-source" style="white-space:pre-wrap;font-size:0.9rem;line-height:1.45;'
        'border-left:3px solid #d0d4dc;padding:0.3rem 0.7rem;max-height:22rem;overflow:auto;">'
        f"{body}</div>{note}"
    )


def citation_heading(i: int, citation: Citation) -> str:
    """'[1] file — section' as escaped Markdown."""
    return f"**[{i}]** {escape_markdown(citation.source)} — {escape_markdown(citation.locator)}"


# --------------------------------------------------------------------------- conversation export and feedback

def conversation_markdown(messages: Iterable[dict[str, Any]], title: str, as_of: date) -> str:
    """The conversation as a Markdown document, with each answer's sources."""
    lines = [f"# Conversation — {title}", "", f"_Exportée le {date_fr(as_of)}._", ""]
    for msg in messages:
        if msg.get("role") == "user":
            lines += [f"**Question :** {msg.get('content', '')}", ""]
            continue
        ans = msg.get("answer") or {}
        if ans.get("origin") == "answerbank":
            lines += [f"_{VALIDATED_LABEL}_", ""]
        lines += ["**Réponse :**", "", msg.get("content", ""), ""]
        cits = ans.get("citations") or []
        if cits:
            lines += ["Sources :", ""]
            for i, c in enumerate(cits, 1):
                lines.append(f"{i}. {c.get('source')} — {c.get('locator')} : « {c.get('quote')} »")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def append_feedback(path: Path, record: dict[str, Any]) -> None:
    """Append one feedback record (JSON line, with a UTC timestamp) to the feedback file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rec = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), **record}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- profile form

def split_list(text: str | None) -> list[str]:
    """Items of a comma-, semicolon- or line-separated field."""
    return [p.strip() for p in re.split(r"[,;\n]", text or "") if p.strip()]


def profile_from_form(values: dict[str, Any]) -> dict[str, Any]:
    """A Profile dict (INTERFACES.md shape) from the eligibility form; empty fields are left out."""
    structure = {k: values.get(f"structure_{k}") for k in ("name", "type", "commune")}
    start = values.get("start_date")
    project = {
        "title": values.get("title"),
        "summary": values.get("summary"),
        "theme": values.get("theme"),
        "publics": split_list(values.get("publics")),
        "communes": split_list(values.get("communes")),
        "start_date": start.isoformat() if isinstance(start, date) else start,
        "duration_months": values.get("duration_months"),
    }
    budget = {"requested_eur": values.get("requested_eur")}
    clean = lambda d: {k: (v.strip() if isinstance(v, str) else v) for k, v in d.items() if v not in (None, "", [])}  # noqa: E731
    profile: dict[str, Any] = {}
    for key, part in (("structure", clean(structure)), ("project", clean(project)), ("budget", clean(budget))):
        if part:
            profile[key] = part
    return profile


def check_upload(name: str, size: int, max_mb: int) -> None:
    """Refuse an upload that is not a .pptx or is over the size limit, with a sentence (InputError)."""
    if not name.lower().endswith(".pptx"):
        raise InputError(f"« {name} » n'est pas un fichier PowerPoint .pptx : enregistrez votre présentation au format .pptx.")
    if size > max_mb * 1024 * 1024:
        raise InputError(
            f"« {name} » dépasse la taille maximale acceptée ({max_mb} Mo) : allégez les images puis réessayez."
        )


# --------------------------------------------------------------------------- slide preview

def preview_available() -> bool:
    """True when LibreOffice (soffice) and pdftoppm are installed."""
    return bool(shutil.which("soffice") and shutil.which("pdftoppm"))


def render_slides(pptx: bytes, timeout_s: float = 120, dpi: int = 50, max_pages: int = 20) -> list[bytes]:
    """PNG images of a deck's slides (soffice -> PDF -> pdftoppm), made in a temporary folder."""
    if not preview_available():
        raise AssistantError("Aperçu indisponible : LibreOffice (soffice) et pdftoppm ne sont pas installés.")
    with tempfile.TemporaryDirectory(prefix="ami-preview-") as tmp:
        work = Path(tmp)
        src = work / "dossier.pptx"
        src.write_bytes(pptx)
        profile = (work / "lo-profile").as_uri()
        try:
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", str(work), str(src)],
                check=True, capture_output=True, timeout=timeout_s,
            )
            pdf = work / "dossier.pdf"
            if not pdf.exists():
                raise AssistantError("Aperçu impossible : LibreOffice n'a pas produit de PDF.")
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), "-l", str(max_pages), str(pdf), str(work / "slide")],
                check=True, capture_output=True, timeout=timeout_s,
            )
        except subprocess.TimeoutExpired as exc:
            raise AssistantError(f"Aperçu abandonné : la conversion a dépassé {int(timeout_s)} s.") from exc
        except subprocess.CalledProcessError as exc:
            raise AssistantError(f"Aperçu impossible : la conversion a échoué ({exc.returncode}).") from exc

        def page_no(p: Path) -> int:
            return int(re.sub(r"\D", "", p.stem) or 0)

        return [p.read_bytes() for p in sorted(work.glob("slide*.png"), key=page_no)]
