"""Reading a project profile from a JSON or YAML file, with errors that name the line or the field at fault."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError
from .types import Profile

log = logging.getLogger(__name__)

MAX_PROFILE_BYTES = 2 * 1024 * 1024
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


def parse_profile(data: Any, name: str = "profil") -> Profile:
    """Validate a profile already read as a dict; InputError naming the fields at fault."""
    if data is None:
        raise InputError(f"{name} : le profil est vide.")
    if not isinstance(data, dict):
        raise InputError(f"{name} : le profil doit être un objet (clés structure, project, budget, milestones), pas {type(data).__name__}.")
    try:
        return Profile.model_validate(_stringify_scalars(Profile, data))
    except ValidationError as exc:
        raise InputError(f"{name} : {describe_validation_error(exc)}") from exc


def load_profile(path: Path) -> Profile:
    """Read a profile from a .json, .yaml or .yml file; InputError naming the line/column or field at fault."""
    path = Path(path)
    kind = _EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path.name} : extension non reconnue ; le profil doit être un fichier .json, .yaml ou .yml.")
    if not path.is_file():
        raise InputError(f"{path} : fichier introuvable.")
    raw = path.read_bytes()
    if len(raw) > MAX_PROFILE_BYTES:
        raise InputError(f"{path.name} : fichier trop volumineux pour un profil ({len(raw) // 1024} Ko).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} : le fichier n'est pas en UTF-8 (octet illisible en position {exc.start}).") from exc
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}.") from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else "position inconnue"
            raise InputError(f"{path.name} : YAML invalide {where} : {exc.problem or exc}.") from exc
        except yaml.YAMLError as exc:
            raise InputError(f"{path.name} : YAML invalide : {exc}.") from exc
    profile = parse_profile(data, path.name)
    log.debug("profile loaded from %s", path)
    return profile
