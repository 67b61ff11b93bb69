"""French interface text and pure helpers for the Streamlit app (no Streamlit import here).

Everything that turns a result into something shown (labels, status lines, French numbers, the eligibility
headline, form bounds, the conversation as Markdown, the slide preview) lives here so it can be
tested without a browser. Sources are named and rendered by ui_sources.py, the chat's small talk and follow-ups by ui_chat.py.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .errors import AssistantError, InputError

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
    "funding_rate": "Taux de financement",
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
ENTRY_STATUS_HELP = {
    "draft": "brouillon : pas encore servie aux candidats",
    "approved": "validée : servie telle quelle aux candidats",
    "retired": "retirée : plus servie",
}
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


# --------------------------------------------------------------------------- conversation export

def conversation_markdown(messages: Iterable[dict[str, Any]], title: str, as_of: date,
                          name_source: Any = None) -> str:
    """The conversation as a Markdown document, with each answer's sources (each written by `name_source(citation)`)."""
    lines = [f"# Conversation — {title}", "", f"_Exportée le {date_fr(as_of)}._", ""]
    for msg in messages:
        if msg.get("role") == "user":
            lines += [f"**Question :** {msg.get('content', '')}", ""]
            continue
        ans = msg.get("answer") or {}
        if ans.get("origin") == "answerbank":
            lines += [f"_{VALIDATED_LABEL}_", ""]
        lines += ["**Réponse :**", "", strip_validated_label(msg.get("content", "")), ""]
        cits = ans.get("citations") or []
        if cits:
            lines += ["Sources :", ""]
            for i, c in enumerate(cits, 1):
                line = name_source(c) if name_source else f"{c.get('source')} — {c.get('locator')} : « {c.get('quote')} »"
                lines.append(f"{i}. {line}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


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


REVIEW_TYPES = {"pptx": "PowerPoint", "docx": "Word", "pdf": "PDF"}


def check_upload(name: str, size: int, max_mb: int, types: Iterable[str] = ("pptx",)) -> None:
    """Refuse an upload of another type or over the size limit, with a sentence (InputError)."""
    types = tuple(types)
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in types:
        kinds = ", ".join(f".{t}" for t in types)
        if types == ("pptx",):
            raise InputError(f"« {name} » n'est pas un fichier PowerPoint .pptx : enregistrez votre présentation au format .pptx.")
        raise InputError(f"« {name} » n'est pas d'un format accepté ({kinds}) : enregistrez votre dossier dans l'un de ces formats.")
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


# --------------------------------------------------------------------------- French numbers

NBSP, NNBSP = "\u00a0", "\u202f"


def number_fr(value: float | int | None, decimals: int = 0) -> str:
    """A number written the French way: thousands separated by a narrow space, decimal comma ('40 000', '12,5')."""
    if value is None:
        return "—"
    if decimals == 0 and float(value).is_integer():
        text = f"{int(round(float(value))):,}"
    else:
        text = f"{float(value):,.{decimals or 2}f}".rstrip("0").rstrip(".")
    return text.replace(",", NNBSP).replace(".", ",")


def euros_fr(value: float | int | None) -> str:
    """An amount in euros, French style: '40 000 €'."""
    return "—" if value is None else f"{number_fr(value)}{NBSP}€"


def parse_number_fr(text: str) -> float | None:
    """'40 000', '40 000 €', '12,5', '40000.00' -> float; '' -> None; ValueError when it is not a number."""
    t = (text or "").strip()
    if not t:
        return None
    t = re.sub(r"[\s\u00a0\u202f€]|eur(os?)?$", "", t, flags=re.I)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):  # 40.000: thousands dots
        t = t.replace(".", "")
    t = t.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", t):
        raise ValueError(text)
    return float(t)


@dataclass(frozen=True)
class Bound:
    """A form field's label (as shown) and its limits."""

    label: str
    minimum: float
    maximum: float
    integer: bool = False
    unit: str = ""


def check_number(text: str, bound: Bound) -> tuple[float | None, str | None]:
    """(value, None) or (None, French message naming the field as the form does)."""
    try:
        value = parse_number_fr(text)
    except ValueError:
        return None, f"« {bound.label} » : « {text.strip()} » n'est pas un nombre (exemple : {number_fr(bound.maximum // 2 or 1)})."
    if value is None:
        return None, None
    if bound.integer and not value.is_integer():
        return None, f"« {bound.label} » : indiquez un nombre entier."
    if not bound.minimum <= value <= bound.maximum:
        unit = f" {bound.unit}" if bound.unit else ""
        return None, (f"« {bound.label} » : indiquez une valeur entre {number_fr(bound.minimum)} et "
                      f"{number_fr(bound.maximum)}{unit}.")
    return value, None


def check_text_length(text: str, label: str, maximum: int) -> str | None:
    """A French message when a text field is longer than allowed."""
    if len(text or "") > maximum:
        return f"« {label} » : {number_fr(len(text))} caractères, {number_fr(maximum)} au plus."
    return None


def parse_date_fr(text: str) -> date | None:
    """'01/09/2024', '1/9/2024', '09/2024' (first of the month), '2024-09-01' -> date; '' -> None; ValueError otherwise."""
    t = (text or "").strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", t)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", t)
    if m:
        return date(int(m.group(2)), int(m.group(1)), 1)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", t)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    raise ValueError(text)


def check_date(text: str, label: str, minimum: date, maximum: date) -> tuple[date | None, str | None]:
    """(date, None) or (None, French message naming the field as the form does)."""
    try:
        value = parse_date_fr(text)
    except ValueError:
        return None, f"« {label} » : « {text.strip()} » n'est pas une date (format JJ/MM/AAAA, par exemple 01/09/2024)."
    if value is not None and not minimum <= value <= maximum:
        return None, f"« {label} » : indiquez une date entre le {date_fr(minimum)} et le {date_fr(maximum)}."
    return value, None


# --------------------------------------------------------------------------- eligibility headline

def criteria_phrase(labels: list[str], singular: str, plural: str) -> str:
    """'2 critères bloquants : territoire, durée' / '1 critère bloquant : durée'."""
    word = singular if len(labels) == 1 else plural
    return f"{len(labels)} {word} : {', '.join(label.lower() for label in labels)}"


def eligibility_headline(result: Any) -> tuple[str, str, str]:
    """(tone, headline, summary) of an Eligibility: tone in success|error|warning|info; call status folded in."""
    label = lambda c: CRITERION_LABEL.get(c.id, c.id.replace("_", " "))  # noqa: E731
    fails = [label(c) for c in result.criteria if c.status == "fail"]
    unknown = [label(c) for c in result.criteria if c.status == "unknown"]
    warns = [label(c) for c in result.criteria if c.status == "warn"]
    status = result.call_status
    closed = not status.open
    if result.verdict == "not_eligible":
        tone, headline = "error", "Non éligible en l'état"
        summary = criteria_phrase(fails, "critère bloquant", "critères bloquants")
    elif result.verdict == "incomplete":
        tone, headline = "info", "Éligibilité à confirmer"
        summary = criteria_phrase(unknown, "information manquante", "informations manquantes")
    else:
        tone, headline = ("warning" if closed else "success"), "Recevable sur le fond"
        summary = "tous les critères vérifiés sont remplis"
        if warns:
            summary += " ; " + criteria_phrase(warns, "point à vérifier", "points à vérifier")
    if closed:
        headline += f" — appel clos depuis le {date_fr(status.deadline)}"
        if tone == "success":
            tone = "warning"
    else:
        headline += f" — candidatures ouvertes jusqu'au {date_fr(status.deadline)}"
    return tone, headline, summary[:1].upper() + summary[1:] + "."


# --------------------------------------------------------------------------- answer display

def strip_validated_label(answer_md: str) -> str:
    """The answer text without a leading bold 'validated' label (the app shows it once, as a badge)."""
    return re.sub(r"^\s*\*\*(Réponse validée par l'équipe du dialogue|Answer validated by the call's dialogue team)\*\*\s*\n+",
                  "", answer_md or "")


def keep_line_breaks(text: str) -> str:
    """Markdown where single line breaks stay line breaks (a signature keeps its lines)."""
    return re.sub(r"(?<!\n)\n(?!\n)", "  \n", (text or "").replace("\r\n", "\n"))


# --------------------------------------------------------------------------- evaluation report

METRIC_TEXT = {
    "answer_accuracy": ("Exactitude des réponses", "Part des questions dont la réponse est du bon type et contient ce qui est attendu."),
    "quote_validity": ("Citations fidèles", "Part des citations qui figurent mot pour mot dans le document cité."),
    "citation_precision": ("Précision des citations", "Part des citations qui appuient vraiment la réponse attendue."),
    "unsupported_number_rate": ("Chiffres non sourcés", "Part des réponses contenant un nombre, une date ou un montant absent des citations (plus bas = mieux)."),
    "recall_at_5": ("Rappel à 5 (recherche)", "Part des questions dont le bon passage figure parmi les 5 premiers résultats de recherche."),
    "mrr_at_10": ("Rang moyen du bon passage (MRR à 10)", "Plus il est proche de 1, plus le bon passage arrive en tête des résultats."),
    "refusal_accuracy": ("Refus à bon escient", "Part des questions hors sujet ou non traitées par l'appel auxquelles l'assistant répond qu'il ne peut pas conclure."),
    "eligibility_accuracy": ("Verdicts d'éligibilité justes", "Part des critères d'éligibilité évalués comme attendu."),
    "eligibility_case_accuracy": ("Cas d'éligibilité entièrement justes", "Part des projets dont tous les critères et le verdict sont justes."),
    "false_eligible": ("Faux « éligible »", "Nombre de projets déclarés éligibles à tort (doit rester à 0)."),
    "review_accuracy": ("Relectures de dossier justes", "Part des dossiers dont la relecture trouve les parties et problèmes attendus."),
    "latency_p50_ms": ("Temps de réponse médian (ms)", "La moitié des réponses arrivent plus vite que ce temps."),
    "latency_p95_ms": ("Temps de réponse p95 (ms)", "95 % des réponses arrivent plus vite que ce temps."),
}


def metric_text(name: str) -> tuple[str, str]:
    """(French name, one-line explanation) of an eval metric; unknown metrics keep a readable name."""
    return METRIC_TEXT.get(name, (name.replace("_", " ").capitalize(), ""))


def metric_value(name: str, value: Any) -> str:
    """A metric value the French way: a percentage, a count or milliseconds; '—' when absent."""
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if name.endswith("_ms") or name == "false_eligible":
            return number_fr(round(float(value)))
        if name == "mrr_at_10":
            return number_fr(round(float(value), 2), 2)
        return number_fr(round(float(value) * 100, 1), 1) + NBSP + "%"
    return str(value)
