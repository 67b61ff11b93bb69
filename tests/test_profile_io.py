"""Profiles from JSON/YAML files: valid files load; bad ones raise InputError naming the line or the field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from assistant.errors import InputError
from assistant.profile_io import describe_validation_error, load_profile
from assistant.types import Profile

VALID = {
    "structure": {"name": "Asso Gohelle", "type": "association", "commune": "Liévin", "created": "2011"},
    "project": {"title": "Passerelles", "theme": "inclusion", "communes": ["Lens"], "start_date": "2024-10", "duration_months": 12},
    "budget": {"requested_eur": 40000, "lines": [{"label": "Salaires", "amount_eur": 30000}]},
    "milestones": [{"label": "Lancement", "start": "2024-10", "end": "2024-11"}],
}


def test_load_json(tmp_path):
    p = tmp_path / "profil.json"
    p.write_text(json.dumps(VALID, ensure_ascii=False), encoding="utf-8")
    prof = load_profile(p)
    assert prof.project.start_date == date(2024, 10, 1)
    assert prof.budget.lines[0].amount_eur == 30000


@pytest.mark.parametrize("ext", [".yaml", ".yml"])
def test_load_yaml_with_bare_numbers_and_dates(tmp_path, ext):
    p = tmp_path / f"profil{ext}"
    p.write_text(
        "structure:\n  name: Asso Gohelle\n  created: 2011\nproject:\n  start_date: 2024-11-30\n  communes: [Lens, 62800]\n"
        "budget:\n  requested_eur: 40000\n",
        encoding="utf-8",
    )
    prof = load_profile(p)
    assert prof.structure.created == "2011"
    assert prof.project.start_date == date(2024, 11, 30)
    assert prof.project.communes == ["Lens", "62800"]


def test_malformed_json_names_line_and_column(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{\n  "project": {\n    "title": "x",\n  }\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    msg = str(exc.value)
    assert "bad.json" in msg and "ligne 4" in msg and "colonne" in msg


def test_malformed_yaml_names_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("project:\n  title: x\n  communes: [Lens, Liévin\nbudget: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert "bad.yaml" in str(exc.value) and "ligne" in str(exc.value)


def test_unknown_field_is_named(tmp_path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"project": {"budjet": 3}}), encoding="utf-8")
    with pytest.raises(InputError, match=r"champ inconnu : project\.budjet"):
        load_profile(p)


def test_several_unknown_fields_are_named(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("projet: {}\nbudget:\n  montant: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert "projet" in str(exc.value) and "budget.montant" in str(exc.value)


@pytest.mark.parametrize(
    "data, path",
    [
        ({"project": {"duration_months": "douze"}}, "project.duration_months"),
        ({"project": {"start_date": "bientôt"}}, "project.start_date"),
        ({"project": {"communes": "Lens"}}, "project.communes"),
        ({"budget": {"lines": [{"label": "x", "amount_eur": "beaucoup"}]}}, "budget.lines[0].amount_eur"),
        ({"milestones": [{"label": "x", "start": "2024-13"}]}, "milestones[0].start"),
    ],
)
def test_wrong_types_name_the_field(tmp_path, data, path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_profile(p)
    assert path in str(exc.value)


def test_not_an_object(tmp_path):
    p = tmp_path / "p.json"
    p.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="objet"):
        load_profile(p)


def test_empty_file(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="vide"):
        load_profile(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        load_profile(tmp_path / "absent.json")


def test_wrong_extension(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.json, \.yaml"):
        load_profile(p)


def test_describe_validation_error_is_one_french_sentence():
    with pytest.raises(ValidationError) as exc:
        Profile.model_validate({"project": {"budjet": 1, "duration_months": "x"}})
    msg = describe_validation_error(exc.value)
    assert msg.startswith("Profil invalide")
    assert "champ inconnu : project.budjet" in msg
    assert "project.duration_months" in msg
    assert "\n" not in msg
