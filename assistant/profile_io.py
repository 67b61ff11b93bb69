"""Reading and validating a project profile (JSON or YAML file, or a dict), with errors that name the line or field.

One validation for every entry point (`ami check`, `ami deck`, the facade's `check` and `draft_deck`): the file's
shape (nesting, size, no NaN or infinity), the fields (pydantic) and the plausibility of the values (years,
durations, amounts), each refused with one sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError
from .types import Profile

log = logging.getLogger(__name__)

MAX_PROFILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 16  # a profile has four or five levels
MAX_NODES = 100_000  # values once YAML aliases are expanded
MAX_AMOUNT_EUR = 100_000_000
MAX_DURATION_MONTHS = 1200
MIN_YEAR, MAX_YEAR = 2000, 2100
_EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}

_TYPE_WORDS = {
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "date_type": "date AAAA-MM-JJ attendue",
    "date_parsing": "date AAAA-MM-JJ (ou AAAA-MM) attendue",
    "date_from_datetime_parsing": "date AAAA-MM-JJ (ou AAAA-MM) attendue",
    "date_from_datetime_inexact": "date sans heure attendue",
    "bool_type": "vrai/faux attendu",
    "finite_number": "nombre fini attendu",
}


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(racine)"


def describe_validation_error(exc: ValidationError) -> str:
    """One French sentence listing the fields at fault in a profile."""
    unknown: list[str] = []
    wrong: list[str] = []
    for err in exc.errors():
        loc = _path(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            unknown.append(loc)
        elif kind == "missing":
            wrong.append(f"{loc} (champ obligatoire manquant)")
        else:
            why = _TYPE_WORDS.get(kind) or err.get("msg", "valeur invalide")
            value = err.get("input")
            shown = repr(value) if isinstance(value, (str, int, float)) and len(repr(value)) <= 40 else ""
            wrong.append(f"{loc} ({why}{', reçu ' + shown if shown else ''})")
    parts = []
    if unknown:
        parts.append(("champ inconnu : " if len(unknown) == 1 else "champs inconnus : ") + ", ".join(unknown))
    if wrong:
        parts.append(("valeur invalide pour " if len(wrong) == 1 else "valeurs invalides pour ") + ", ".join(wrong))
    return "Profil invalide : " + " ; ".join(parts) + ". Corrigez ces champs (voir le format du profil dans INTERFACES.md)."


def _stringify_scalars(model: type[BaseModel], data: Any) -> Any:
    """YAML reads `created: 2011` as a number: turn numbers and dates into text where the profile expects text."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, f in model.model_fields.items():
        if name not in out:
            continue
        ann = f.annotation
        value = out[name]
        sub = _submodel(ann)
        if sub is not None:
            if isinstance(value, list):
                out[name] = [_stringify_scalars(sub, v) for v in value]
            else:
                out[name] = _stringify_scalars(sub, value)
        elif ann in (str, str | None) and isinstance(value, (int, float, date, datetime)) and not isinstance(value, bool):
            out[name] = str(value)
        elif str(ann) == "list[str]" and isinstance(value, list):
            out[name] = [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
    return out


def _submodel(ann: Any) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { in a JSON or flow-style YAML text (brackets inside quotes count too)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def _check_shape(data: Any, name: str) -> None:
    """No nesting deeper than MAX_DEPTH, at most MAX_NODES values (YAML aliases expanded), no NaN or infinity."""
    stack: list[tuple[Any, tuple, int]] = [(data, (), 0)]
    nodes = 0
    while stack:
        value, loc, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise InputError(f"{name} : profil démesuré (plus de {MAX_NODES} valeurs, alias YAML compris) ; "
                             "un profil tient en quelques dizaines de champs.")
        if depth > MAX_DEPTH:
            raise InputError(f"{name} : profil trop imbriqué (plus de {MAX_DEPTH} niveaux) ; "
                             "un profil n'a que quelques niveaux (structure, project, budget, milestones).")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"{name} : valeur non finie ({value}) pour {_path(loc)} ; écrivez un nombre ordinaire.")
        if isinstance(value, dict):
            stack.extend((v, loc + (str(k),), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, loc + (i,), depth + 1) for i, v in enumerate(value))


def check_date_sane(d: date | None, what: str) -> None:
    """InputError when a date's year is absurd (outside MIN_YEAR..MAX_YEAR)."""
    if d is not None and not (MIN_YEAR <= d.year <= MAX_YEAR):
        raise InputError(
            f"Date invalide pour {what} : {d.isoformat()} (année attendue entre {MIN_YEAR} et {MAX_YEAR}). "
            "Vérifiez la date saisie."
        )


def _eur(a: float) -> str:
    return f"{a:,.0f}".replace(",", " ") + " €"


def check_sane(p: Profile) -> None:
    """InputError naming the field when a profile's values are implausible: years, durations, amounts, milestones."""
    check_date_sane(p.project.start_date, "project.start_date")
    for i, m in enumerate(p.milestones):
        check_date_sane(m.start, f"milestones[{i}].start")
        check_date_sane(m.end, f"milestones[{i}].end")
        if m.start and m.end and m.end < m.start:
            raise InputError(f"Jalon milestones[{i}] ({m.label or 'sans nom'}) : la fin précède le début. Corrigez les dates.")
    dm = p.project.duration_months
    if dm is not None and not (math.isfinite(dm) and 0 < dm <= MAX_DURATION_MONTHS):
        shown = f"{dm:g}".replace(".", ",") if math.isfinite(dm) else str(dm)
        raise InputError(f"Durée invalide : {shown} mois. Indiquez une durée positive en mois (project.duration_months).")
    amounts = [("budget.requested_eur", p.budget.requested_eur)] + [
        (f"budget.lines[{i}].amount_eur", ln.amount_eur) for i, ln in enumerate(p.budget.lines)
    ]
    for where, a in amounts:
        if a is None:
            continue
        if not math.isfinite(a) or a < 0:
            raise InputError(f"Montant invalide pour {where} : {a}. Un montant doit être positif, en euros.")
        if a > MAX_AMOUNT_EUR:
            raise InputError(
                f"Montant invalide pour {where} : {_eur(a)} paraît absurde (plus de 100 millions d'euros). "
                "Vérifiez le montant, en euros."
            )


def parse_profile(data: Any, name: str = "profil") -> Profile:
    """Validate a profile already read as a dict: shape, fields and values; InputError naming what is at fault."""
    if data is None:
        raise InputError(f"{name} : le profil est vide.")
    if not isinstance(data, dict):
        raise InputError(f"{name} : le profil doit être un objet (clés structure, project, budget, milestones), pas {type(data).__name__}.")
    _check_shape(data, name)
    try:
        profile = Profile.model_validate(_stringify_scalars(Profile, data))
    except ValidationError as exc:
        raise InputError(f"{name} : {describe_validation_error(exc)}") from exc
    try:
        check_sane(profile)
    except InputError as exc:
        raise InputError(f"{name} : {exc}") from exc
    return profile


def _reject_constant(word: str) -> Any:
    raise InputError(f"valeur {word} refusée (nombre non fini) ; écrivez un nombre ordinaire.")


def load_profile(path: Path) -> Profile:
    """Read a profile from a .json, .yaml or .yml file; InputError naming the line/column or field at fault."""
    path = Path(path)
    kind = _EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path.name} : extension non reconnue ; le profil doit être un fichier .json, .yaml ou .yml.")
    if path.is_dir():
        raise InputError(f"{path} : c'est un dossier ; donnez le chemin du fichier de profil (.json, .yaml ou .yml).")
    if not path.is_file():
        raise InputError(f"{path} : fichier introuvable.")
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise InputError(f"{path.name} : fichier trop volumineux pour un profil ({size // 1024} Ko, au plus "
                             f"{MAX_PROFILE_BYTES // 1024} Ko).")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} : fichier illisible ({exc.strerror or type(exc).__name__}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} : le fichier n'est pas en UTF-8 (octet illisible en position {exc.start}).") from exc
    if _nesting_depth(text) > MAX_DEPTH:
        raise InputError(f"{path.name} : profil trop imbriqué (plus de {MAX_DEPTH} niveaux de [ ou {{) ; "
                         "un profil n'a que quelques niveaux (structure, project, budget, milestones).")
    if kind == "json":
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}.") from exc
        except InputError as exc:
            raise InputError(f"{path.name} : {exc}") from exc
        except RecursionError as exc:
            raise InputError(f"{path.name} : profil trop imbriqué ; un profil n'a que quelques niveaux.") from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "position inconnue"
            raise InputError(f"{path.name} : YAML invalide {where} : {exc.problem or exc}.") from exc
        except yaml.YAMLError as exc:
            raise InputError(f"{path.name} : YAML invalide : {exc}.") from exc
        except RecursionError as exc:
            raise InputError(f"{path.name} : profil trop imbriqué ; un profil n'a que quelques niveaux.") from exc
    profile = parse_profile(data, path.name)
    log.debug("profile loaded from %s", path)
    return profile
