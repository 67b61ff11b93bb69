"""Eligibility criterion by criterion: profiles and free-text descriptions around every limit of the call."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.eligibility import check_profile, check_text, eligibility_answer, extract_profile
from assistant.errors import InputError
from assistant.territory import Territory
from assistant.types import Profile

OPEN_DAY = date(2024, 3, 1)
CLOSED_DAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def territory(spec) -> Territory:
    return Territory(spec)


def good(**overrides) -> dict:
    """A profile that meets every criterion; overrides replace parts of it."""
    p = {
        "structure": {"name": "Emploi Solidaire Gohelle", "type": "association", "commune": "Liévin"},
        "project": {
            "title": "Passerelles vers l'emploi",
            "summary": "Accompagner des demandeurs d'emploi de longue durée vers l'emploi par du mentorat en entreprise.",
            "theme": "inclusion",
            "publics": ["demandeurs d'emploi de longue durée"],
            "communes": ["Lens", "Liévin"],
            "start_date": "2024-10-01",
            "duration_months": 12,
        },
        "budget": {"requested_eur": 40000},
    }
    for path, value in overrides.items():
        part, _, key = path.partition("__")
        if key:
            p.setdefault(part, {})[key] = value
        else:
            p[part] = value
    return p


def run(spec, territory, data: dict, as_of: date = OPEN_DAY):
    return check_profile(Profile.model_validate(data), spec, territory, as_of)


def crit(e, cid):
    return next(c for c in e.criteria if c.id == cid)


def assert_consistent(e):
    """A fail is cited and never eligible; the verdict follows the rule of INTERFACES.md."""
    statuses = [c.status for c in e.criteria]
    assert [c.id for c in e.criteria] == ["applicant", "theme", "territory", "start", "duration", "budget"]
    for c in e.criteria:
        if c.status == "fail":
            assert c.citations, f"{c.id} fails without a citation"
    if "fail" in statuses:
        assert e.verdict == "not_eligible"
    elif "unknown" in statuses:
        assert e.verdict == "incomplete"
    else:
        assert e.verdict == "eligible"


def test_good_profile_is_eligible_and_every_criterion_cited(spec, territory):
    e = run(spec, territory, good())
    assert_consistent(e)
    assert e.verdict == "eligible"
    assert all(c.status == "pass" and c.citations for c in e.criteria)
    assert e.call_status.open is True and e.call_status.deadline == spec.dates.deadline
    assert e.questions == []


def test_closed_call_is_reported_apart_from_verdict(spec, territory):
    e = run(spec, territory, good(), as_of=CLOSED_DAY)
    assert e.verdict == "eligible"
    assert e.call_status.open is False and e.call_status.as_of == CLOSED_DAY
    text, cites = eligibility_answer(e, "fr")
    assert "clos le 17 avril 2024" in text
    assert any("17 avril 2024" in c.quote for c in cites)


def test_deadline_day_itself_is_open(spec, territory):
    assert run(spec, territory, good(), as_of=spec.dates.deadline).call_status.open is True
    assert run(spec, territory, good(), as_of=date(2024, 4, 18)).call_status.open is False


# ---------------------------------------------------------------- territory


@pytest.mark.parametrize("commune", ["Noyelles-Godault", "Noyelles-sous-Lens", "noyelles godault", "62800", "Hénin Beaumont", "Lievn"])
def test_territory_pass_near_border(spec, territory, commune):
    e = run(spec, territory, good(project__communes=[commune]))
    c = crit(e, "territory")
    assert c.status == "pass", c.explanation
    assert any(x.source.endswith("bassin-lens-henin-communes.csv") for x in c.citations)
    assert any(x.rule_id == "territory" for x in c.citations)


@pytest.mark.parametrize(
    "commune, epci",
    [("Douvrin", "Béthune-Bruay"), ("Béthune", "Béthune-Bruay"), ("Arras", "CU d'Arras"), ("Douai", "Douaisis"), ("Lille", "Métropole Européenne de Lille")],
)
def test_territory_fail_names_commune_and_epci(spec, territory, commune, epci):
    e = run(spec, territory, good(project__communes=["Lens", commune]))
    assert_consistent(e)
    c = crit(e, "territory")
    assert c.status == "fail"
    assert commune in c.explanation and epci in c.explanation
    assert any(x.source.endswith("communes-france.csv") and commune in x.quote for x in c.citations)
    assert any(x.rule_id == "territory" for x in c.citations)
    assert e.verdict == "not_eligible"


def test_seat_outside_does_not_matter(spec, territory):
    e = run(spec, territory, good(structure__commune="Lille", project__communes=["Lens"]))
    c = crit(e, "territory")
    assert c.status == "pass"
    assert "Lille" in c.explanation and "seul le lieu" in c.explanation


def test_seat_inside_but_action_outside_fails(spec, territory):
    e = run(spec, territory, good(structure__commune="Lens", project__communes=["Arras"]))
    assert crit(e, "territory").status == "fail"


def test_unknown_commune_asks_did_you_mean(spec, territory):
    e = run(spec, territory, good(project__communes=["Noyelles"]))
    c = crit(e, "territory")
    assert c.status == "unknown"
    assert "Noyelles-Godault" in c.explanation and "Noyelles-sous-Lens" in c.explanation
    assert e.verdict == "incomplete"
    assert any("Noyelles" in q for q in e.questions)


def test_missing_communes_is_unknown(spec, territory):
    e = run(spec, territory, good(project__communes=[]))
    assert crit(e, "territory").status == "unknown"
    assert any("communes" in q for q in e.questions)


# ---------------------------------------------------------------- start and duration


@pytest.mark.parametrize("start, status", [("2024-11-30", "pass"), ("2024-12-01", "fail"), ("2024-11", "pass"), ("2025-01-15", "fail"), ("2024-05-02", "pass")])
def test_start_boundary(spec, territory, start, status):
    e = run(spec, territory, good(project__start_date=start))
    assert_consistent(e)
    c = crit(e, "start")
    assert c.status == status
    assert any(x.rule_id == "start_date" and "novembre 2024" in x.quote for x in c.citations)


@pytest.mark.parametrize("months, status", [(12, "pass"), (13, "fail"), (6, "pass"), (24, "fail"), (12.5, "fail")])
def test_duration_boundary(spec, territory, months, status):
    e = run(spec, territory, good(project__duration_months=months))
    assert_consistent(e)
    assert crit(e, "duration").status == status


@pytest.mark.parametrize(
    "start, end, status", [("2024-09", "2025-08", "pass"), ("2024-09", "2025-09", "fail"), ("2024-11", "2025-10", "pass")]
)
def test_duration_derived_from_milestones(spec, territory, start, end, status):
    data = good(milestones=[{"label": "Lancement", "start": start, "end": start}, {"label": "Bilan", "start": end, "end": end}])
    del data["project"]["duration_months"]
    del data["project"]["start_date"]
    e = run(spec, territory, data)
    assert crit(e, "duration").status == status
    # the derived length is not printed (only the user's months and the call's 12)
    assert "13 mois" not in crit(e, "duration").explanation


def test_start_derived_from_first_milestone(spec, territory):
    data = good(milestones=[{"label": "Lancement", "start": "2024-12", "end": "2025-01"}])
    del data["project"]["start_date"]
    assert crit(run(spec, territory, data), "start").status == "fail"


# ---------------------------------------------------------------- budget


@pytest.mark.parametrize(
    "amount, status",
    [(40000, "pass"), (60500, "pass"), (60501, "warn"), (181500, "warn"), (181501, "fail"), (250000, "fail")],
)
def test_budget_around_envelope_and_its_third(spec, territory, amount, status):
    e = run(spec, territory, good(budget={"requested_eur": amount}))
    assert_consistent(e)
    c = crit(e, "budget")
    assert c.status == status
    assert any(x.rule_id == "envelope" and "181 500 €" in x.quote for x in c.citations)
    if status == "warn":
        assert "3 à 5 projets" in c.explanation
        assert e.verdict == "eligible"  # warn does not change the verdict


def test_budget_sum_of_lines(spec, territory):
    lines = [{"label": "Salaires", "amount_eur": 150000}, {"label": "Frais", "amount_eur": 40000}]
    e = run(spec, territory, good(budget={"lines": lines}))
    c = crit(e, "budget")
    assert c.status == "fail"
    assert "190" not in c.explanation  # the sum is a derived figure: not printed


@pytest.mark.parametrize(
    "data",
    [
        good(budget={"requested_eur": -5}),
        good(budget={"requested_eur": 150_000_000}),
        good(budget={"lines": [{"label": "x", "amount_eur": -10}]}),
        good(project__start_date="1999-12-01"),
        good(project__start_date="2101-01-01"),
        good(project__duration_months=0),
        good(milestones=[{"label": "x", "start": "1990-01", "end": "1990-02"}]),
    ],
)
def test_absurd_values_raise_input_error(spec, territory, data):
    with pytest.raises(InputError) as exc:
        run(spec, territory, data)
    assert re.search(r"(Montant|Date|Durée|Jalon)", str(exc.value))


# ---------------------------------------------------------------- applicant and theme


@pytest.mark.parametrize("stype", ["association", "entreprise", "collectivite", "etablissement_public", "reseau_entreprises", "autre"])
def test_every_structure_type_passes(spec, territory, stype):
    assert crit(run(spec, territory, good(structure__type=stype)), "applicant").status == "pass"


def test_individual_is_unknown_with_question(spec, territory):
    e = run(spec, territory, good(structure={"name": "Jean Dupont, particulier"}))
    c = crit(e, "applicant")
    assert c.status == "unknown"
    assert any("structure" in q for q in e.questions)


def test_missing_structure_is_unknown(spec, territory):
    e = run(spec, territory, good(structure={}))
    assert crit(e, "applicant").status == "unknown" and e.verdict == "incomplete"


def test_theme_industry_recognised_from_summary(spec, territory):
    data = good()
    data["project"].pop("theme")
    data["project"].update(title="Industrie ouverte", publics=["collégiens"])
    data["project"]["summary"] = "Visites d'usines et rencontres avec des techniciens pour les collégiens et leurs parents."
    c = crit(run(spec, territory, data), "theme")
    assert c.status == "pass"
    assert "métiers industriels" in c.explanation
    assert any(x.rule_id == "theme_industry" for x in c.citations)


def test_theme_inclusion_recognised_from_actions(spec, territory):
    data = good()
    data["project"].pop("theme")
    data["project"]["summary"] = ""
    data["project"]["actions"] = ["Job dating avec les recruteurs", "Ateliers CV pour les seniors"]
    c = crit(run(spec, territory, data), "theme")
    assert c.status == "pass" and any(x.rule_id == "theme_inclusion" for x in c.citations)


@pytest.mark.parametrize(
    "summary",
    ["Un festival de cuisine du monde pour les habitants du quartier.", "Un tournoi de football entre les clubs de la ville pour les jeunes."],
)
def test_unrelated_activity_fails_theme(spec, territory, summary):
    data = good()
    data["project"].pop("theme")
    data["project"]["publics"] = []
    data["project"]["title"] = ""
    data["project"]["summary"] = summary
    e = run(spec, territory, data)
    c = crit(e, "theme")
    assert c.status == "fail" and c.citations
    assert e.verdict == "not_eligible"


def test_missing_theme_is_unknown(spec, territory):
    data = good()
    data["project"] = {k: v for k, v in data["project"].items() if k not in ("theme", "summary", "title", "publics")}
    e = run(spec, territory, data)
    assert crit(e, "theme").status == "unknown"


def test_empty_profile_is_incomplete_with_six_questions(spec, territory):
    e = check_profile(Profile(), spec, territory, OPEN_DAY)
    assert e.verdict == "incomplete"
    assert all(c.status == "unknown" for c in e.criteria)
    assert len(e.questions) == 6


# ---------------------------------------------------------------- free text


def test_text_french_eligible(spec, territory):
    e = check_text(
        "Notre association, basée à Lille, accompagne des demandeurs d'emploi de longue durée à Liévin et Lens, "
        "de septembre 2024 à août 2025, avec une demande de 40 000 €.",
        spec, territory, OPEN_DAY,
    )
    assert_consistent(e)
    assert e.verdict == "eligible", [(c.id, c.status, c.explanation) for c in e.criteria]
    assert e.profile.structure.commune == "Lille"
    assert e.profile.project.communes == ["Liévin", "Lens"]
    assert e.profile.budget.requested_eur == 40000
    assert e.profile.project.start_date == date(2024, 9, 1)


def test_text_english(spec, territory):
    e = check_text(
        "Our charity, based in Arras, runs mentoring for unemployed young people in Lens, starting October 2024 "
        "for 10 months. We request €40,000.",
        spec, territory, OPEN_DAY,
    )
    assert e.verdict == "eligible"
    assert e.profile.project.duration_months == 10
    text, cites = eligibility_answer(e, "en")
    assert text.startswith("**Verdict: eligible**")
    assert "Territory" in text


def test_text_english_questions_are_in_english(spec, territory):
    e = check_text("We want to help young people find jobs in Lens.", spec, territory, OPEN_DAY)
    assert e.verdict == "incomplete"
    assert any(q.startswith("When will the project start") for q in e.questions)
    assert any("How much funding" in q for q in e.questions)


@pytest.mark.parametrize(
    "text, start, months",
    [
        ("démarrage en octobre 2024, pendant 10 mois", date(2024, 10, 1), 10),
        ("à partir d'octobre 2024 sur 24 mois", date(2024, 10, 1), 24),
        ("le projet débutera le 1er décembre 2024 pour une durée de douze mois", date(2024, 12, 1), 12),
        ("starting October 2024 for 10 months", date(2024, 10, 1), 10),
        ("du 15/11/2024 pendant 1 an", date(2024, 11, 15), 12),
    ],
)
def test_text_dates_and_durations(spec, territory, text, start, months):
    profile, _ = extract_profile(text, spec, territory)
    assert profile.project.start_date == start
    assert profile.project.duration_months == months


@pytest.mark.parametrize(
    "text, amount",
    [("budget 40 000 €", 40000), ("nous demandons 40k€", 40000), ("40 000 euros", 40000), ("we request €40,000", 40000),
     ("une subvention de 1,5 M€", 1_500_000), ("montant : 25.000 €", 25000)],
)
def test_text_amounts(spec, territory, text, amount):
    profile, _ = extract_profile(text, spec, territory)
    assert profile.budget.requested_eur == amount


def test_text_range_gives_duration_boundary(spec, territory):
    base = "Association d'insertion à Lens, accompagnement de chômeurs vers l'emploi, 30 000 €, "
    ok = check_text(base + "de septembre 2024 à août 2025.", spec, territory, OPEN_DAY)
    ko = check_text(base + "de septembre 2024 à septembre 2025.", spec, territory, OPEN_DAY)
    assert crit(ok, "duration").status == "pass"
    assert crit(ko, "duration").status == "fail"


def test_text_individual_outside_and_too_long(spec, territory):
    e = check_text(
        "Je suis un particulier et je veux aider les jeunes à trouver un emploi à Douvrin à partir d'octobre 2024 pendant 13 mois.",
        spec, territory, OPEN_DAY,
    )
    assert_consistent(e)
    assert crit(e, "applicant").status == "unknown"
    assert crit(e, "territory").status == "fail"
    assert crit(e, "duration").status == "fail"


def test_text_cooking_festival_fails(spec, territory):
    e = check_text("Un festival de cuisine à Lens en octobre 2024 pendant 2 mois, budget 10k€.", spec, territory, OPEN_DAY)
    assert crit(e, "theme").status == "fail" and e.verdict == "not_eligible"


def test_text_industry_late_start(spec, territory):
    e = check_text(
        "Des visites d'usines pour les collégiens de Carvin et leurs parents, démarrage en décembre 2024, sur 12 mois, 70 000 euros.",
        spec, territory, OPEN_DAY,
    )
    assert crit(e, "theme").status == "pass" and "industriels" in crit(e, "theme").explanation
    assert crit(e, "start").status == "fail"
    assert crit(e, "budget").status == "warn"


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_input_error(spec, territory, text):
    with pytest.raises(InputError, match="description est vide"):
        check_text(text, spec, territory, OPEN_DAY)


def test_text_absurd_amount_is_input_error(spec, territory):
    with pytest.raises(InputError, match="absurde"):
        check_text("Association à Lens, insertion des jeunes, nous demandons 500 M€.", spec, territory, OPEN_DAY)


def test_text_absurd_date_is_input_error(spec, territory):
    with pytest.raises(InputError, match="Date invalide"):
        check_text("Association à Lens, insertion des jeunes, démarrage en octobre 2224.", spec, territory, OPEN_DAY)


# ---------------------------------------------------------------- the chat answer


NUMBER = re.compile(r"\d[\d  .,]*\d|\d")


def test_answer_numbers_come_from_quotes_or_input(spec, territory):
    data = good(budget={"requested_eur": 70000}, project__communes=["Lens", "Douvrin"], project__start_date="2024-12-01")
    e = run(spec, territory, data, as_of=CLOSED_DAY)
    text, cites = eligibility_answer(e, "fr")
    allowed = " ".join(c.quote for c in cites) + " " + str(data) + " 70 000 1er"
    allowed_digits = re.sub(r"\s", "", allowed)
    body = re.sub(r"\[\d+\]", "", text)
    for num in NUMBER.findall(body):
        assert re.sub(r"\s", "", num) in allowed_digits, num
    # citation markers are numbered into the list, deduplicated
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers == set(range(1, len(cites) + 1))
    assert len({(c.source, c.locator, c.quote) for c in cites}) == len(cites)
    lines = text.splitlines()
    assert lines[0].startswith("**Verdict : non éligible**")
    assert sum(line.startswith("- ") and line[2] in "✅❌⚠❓" for line in lines) == 6


def test_answer_lists_questions(spec, territory):
    e = check_profile(Profile(), spec, territory, OPEN_DAY)
    text, _ = eligibility_answer(e, "fr")
    assert "**À préciser :**" in text
    assert "Quel montant de subvention" in text
    assert "clos" not in text


def test_facade_check_and_check_text(spec):
    """Assistant.check / check_text use these functions (no model needed: only the spec and the territory)."""
    from assistant import Assistant
    from assistant.config import Settings

    a = Assistant(settings=Settings(as_of=OPEN_DAY))
    e = a.check(good())
    assert e.verdict == "eligible"
    e2 = a.check_text("Notre association accompagne des seniors vers l'emploi à Avion dès octobre 2024 pendant 12 mois, 30 000 €.")
    assert e2.verdict == "eligible", [(c.id, c.status, c.explanation) for c in e2.criteria]
    dumped = e2.model_dump(mode="json")
    assert set(dumped["criteria"][0]) >= {"id", "status", "explanation", "citations"}
    assert "explanation_en" not in dumped["criteria"][0]


@pytest.mark.parametrize(
    "text",
    [
        "Notre association accompagne des seniors vers l'emploi à Lens, démarrage en octobre 2024 pendant 10 mois, budget 40 000 €.",
        "Our company runs factory visits for pupils and their parents in Carvin from September 2024 to August 2025, requesting 70 000 €.",
        "Projet d'insertion à Douvrin à partir de décembre 2024 sur 13 mois, 200 000 €.",
    ],
)
def test_answer_is_grounded_in_quotes_and_description(spec, territory, text):
    """Every figure of the chat answer stands in a cited quote or in the user's own text (grounding check)."""
    from assistant.eligibility import detect_language
    from assistant.grounding import unsupported

    lang = detect_language(text)
    for as_of in (OPEN_DAY, CLOSED_DAY):
        e = check_text(text, spec, territory, as_of)
        answer, cites = eligibility_answer(e, lang)
        assert unsupported(answer, [c.quote for c in cites], text) == [], answer


def test_text_only_seat_in_basin_is_taken_as_the_place_of_action(spec, territory):
    e = check_text("Nous sommes une association basée à Liévin : mentorat de jeunes des QPV vers l'emploi.", spec, territory, OPEN_DAY)
    assert crit(e, "territory").status == "pass"
    assert any("supposée" in n for n in e.notes)


def test_text_only_seat_outside_basin_asks_where(spec, territory):
    e = check_text("Nous sommes une association basée à Lille : mentorat de jeunes des QPV vers l'emploi.", spec, territory, OPEN_DAY)
    c = crit(e, "territory")
    assert c.status == "unknown"
    assert "Lille" in c.explanation and "seul le lieu" in c.explanation
