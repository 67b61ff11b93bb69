"""`ami new-call` reads a call's structure, not only its sentences: sub-headings of a themes section, a criteria
table and its minimum score, a communes table announced by "les N communes suivantes", expenses under their own
heading, payments with their triggers, the formats a call refuses, a minimum age of the applicant structure, and
a floor and a cap stated in two sentences. Each is checked as a user sees it: the drafted call's values and the
answers and verdicts of the assistant on the unedited draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

CALL = [
    ("title", "Appel à projets « Jeunes en action » 2027"),
    ("p", "Ville fictive – Direction de la jeunesse"),
    ("h1", "1. Territoire"),
    ("p", "Le projet est mis en œuvre dans les trois communes suivantes de la métropole :"),
    ("table", [["Commune", "Quartiers"], ["Roubaix", "L'Alma, L'Épeule"], ["Tourcoing", "La Bourgogne"], ["Wattrelos", "Beaulieu"]]),
    ("p", "La structure porteuse doit avoir son siège social dans le département du Nord."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent candidater :"),
    ("li", "les associations déclarées depuis au moins deux ans à la date limite de dépôt ;"),
    ("li", "les fondations reconnues d'utilité publique."),
    ("p", "Ne peuvent pas candidater les entreprises à but lucratif ne disposant pas de l'agrément ESUS."),
    ("h1", "3. Thématiques"),
    ("h2", "Thématique 1 – Accueillir les jeunes le soir"),
    ("p", "Ouvrir des lieux d'accueil le vendredi soir et le samedi."),
    ("h2", "Thématique 2 – Se déplacer vers l'emploi"),
    ("p", "Organiser le transport vers les entreprises."),
    ("p", "La thématique 2 ne peut pas être présentée seule : elle doit être associée à la thématique 1."),
    ("h1", "4. Financement"),
    ("p", "L'aide attribuée à chaque projet est d'au minimum 10 000 euros. Elle est plafonnée à 80 k€ par projet."),
    ("p", "La subvention ne peut pas dépasser 70 % du coût total du projet. Le solde provient d'autres financeurs."),
    ("p", "Ce taux est porté à 85 % lorsque le projet est mené dans un quartier prioritaire."),
    ("li", "Participation des familles : une participation des familles peut être demandée ; elle ne dépasse pas 5 € par jeune et par activité."),
    ("h2", "4.1 Dépenses éligibles"),
    ("p", "Ne sont pas éligibles : l'achat de véhicules et les travaux."),
    ("h1", "5. Critères de sélection"),
    ("p", "Les dossiers sont notés sur 100 points :"),
    ("table", [["Critère", "Points"], ["Participation des jeunes", "40"], ["Partenariats", "35"], ["Budget", "25"]]),
    ("p", "Un projet qui obtient moins de 55 points sur 100 n'est pas retenu."),
    ("h1", "6. Dossier"),
    ("p", "Le dossier comprend :"),
    ("li", "une description du projet et de ses publics ;"),
    ("li", "le budget prévisionnel du projet."),
    ("p", "Le dossier de candidature prend la forme d'un fichier PowerPoint de 12 diapositives maximum, hors annexes."),
    ("p", "Les dossiers au format PDF ou Word ne sont pas acceptés."),
    ("h1", "7. Versement"),
    ("p", "La subvention est versée en deux fois :"),
    ("li", "70 % à la signature de la convention ;"),
    ("li", "30 % sur présentation du bilan final."),
    ("h1", "8. Calendrier et contacts"),
    ("p", "Date limite de dépôt des dossiers : lundi 15 mars 2027 à 12h00."),
    ("p", "Les dossiers sont envoyés à jeunes-action@ville.example ; les questions sont posées à la même adresse."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


def _write(path: Path) -> Path:
    from fixtures_calls import write_docx

    return write_docx(path, CALL, CALL[0][1])


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from assistant import Assistant
    from assistant.calls.write import new_call
    from assistant.config import Settings

    tmp = tmp_path_factory.mktemp("structure")
    corpus = tmp / "corpus"
    new_call(_write(tmp / "jeunes.docx"), "jeunes", corpus)
    return Assistant(call="jeunes", settings=Settings(corpus_dir=corpus, home=tmp / "home", as_of=date(2027, 2, 1)))


def _constraint(a, cid):
    return next(c for c in a.spec.effective_constraints() if c.id == cid)


def test_the_structure_of_the_call_is_drafted(drafted):
    spec = drafted.spec
    assert [t.title for t in spec.themes] == ["Thématique 1 – Accueillir les jeunes le soir", "Thématique 2 – Se déplacer vers l'emploi"]
    assert [(c.label, c.weight, c.unit) for c in spec.selection_criteria] == [
        ("Participation des jeunes", 40, "points"), ("Partenariats", 35, "points"), ("Budget", 25, "points")]
    assert [(t.share, t.trigger) for t in spec.payments] == [("70 %", "à la signature de la convention"), ("30 %", "sur présentation du bilan final")]
    rate = _constraint(drafted, "funding_rate")
    assert (rate.max_percent, rate.raised_percent) == (70, 85)
    assert _constraint(drafted, "seat").allowed == ["59"]
    amount = _constraint(drafted, "amount")
    assert (amount.min_eur, amount.max_eur) == (10000, 80000)
    fmt = _constraint(drafted, "format")
    assert fmt.allowed == ["pptx"] and sorted(fmt.excluded) == ["docx", "pdf"]
    assert _constraint(drafted, "seniority").min_months == 24
    assert sorted(drafted.territory.find_in_text("Roubaix, Tourcoing et Wattrelos")[i].status for i in range(3)) == ["in"] * 3
    assert drafted.territory.find_in_text("Lille")[0].status == "out"  # the EPCI's other communes are not in the list


def test_dossier_parts_are_titled_from_the_call_list(drafted):
    import yaml

    plan = yaml.safe_load((drafted.spec.folder / "dossier.yaml").read_text(encoding="utf-8"))
    titles = [p["title"] for p in plan["parts"]]
    assert "Description du projet et de ses publics" in titles and "Budget prévisionnel du projet" in titles


def test_answers_on_the_unedited_draft_use_that_structure(drafted):
    refused = drafted.ask("On peut envoyer notre dossier en PDF ?")
    assert refused.verdict == "no" and "ne sont pas acceptés" in refused.answer
    young = drafted.ask("Notre association a été créée en septembre 2026, peut-elle candidater ?")
    assert young.verdict == "no" and "depuis au moins deux ans" in young.answer
    old = drafted.ask("Association créée en 2015, action à Roubaix sur 12 mois, on demande 20 000 €. C'est bon ?")
    assert old.verdict != "no" and "Ancienneté" in old.answer
    away = drafted.ask("Association créée en 2010 basée à Arras, action à Roubaix sur 12 mois, 20 000 € demandés : c'est recevable ?")
    assert away.verdict == "no" and "Siège à Arras" in away.answer and "département du Nord" in away.answer
    raised = drafted.ask("Association créée en 2010 à Roubaix : budget total 50 000 €, on demande 40 000 €, c'est bon ?")
    assert raised.verdict == "conditional" and "porté à 85 %" in raised.answer
    fee = drafted.ask("Association créée en 2010 à Roubaix, on demanderait 20 € par jeune aux familles pour chaque activité, c'est bon ?")
    assert fee.verdict == "conditional" and "À vérifier" in fee.answer and "5 € par jeune et par activité" in fee.answer
    score = drafted.ask("Comment les projets sont-ils notés ?")
    assert "55 points" in score.answer and "Participation des jeunes | 40" in score.answer


def test_places_that_only_look_like_communes():
    from assistant import Assistant

    t = Assistant().territory
    assert [m.query for m in t.find_in_text("un tiers-lieu dans le quartier de la Bourgogne à Tourcoing")] == ["Tourcoing"]
    assert [m.query for m in t.find_in_text("un coworking à Pont-de-Bois (Villeneuve-d'Ascq)")] == ["Villeneuve-d'Ascq"]
    assert [m.query for m in t.find_in_text("Association basée à Vichy (Allier)")] == ["Vichy"]


def test_a_company_that_says_it_lacks_the_approval_is_not_eligible(drafted):
    lacking = drafted.check_text("SARL à but lucratif, sans agrément ESUS, créée en 2012 : ateliers à Roubaix sur 12 mois "
                                 "à partir de septembre 2027, 20 000 € demandés.")
    applicant = next(c for c in lacking.criteria if c.id == "applicant")
    assert lacking.verdict == "not_eligible" and applicant.status == "fail"
    assert "ne disposant pas de l'agrément ESUS" in applicant.citations[0].quote
    approved = drafted.check_text("SAS agréée ESUS, créée en 2012 : ateliers à Roubaix sur 12 mois à partir de septembre 2027.")
    assert next(c for c in approved.criteria if c.id == "applicant").status != "fail"


def test_raised_rate_follows_what_the_applicant_says(drafted):
    met = drafted.ask("Association créée en 2010 à Roubaix, dans un quartier prioritaire : budget total 50 000 €, "
                      "on demande 40 000 €, c'est bon ?")
    assert met.verdict == "yes" and "85 %" in met.answer
    unmet = drafted.ask("Association créée en 2010 à Roubaix, hors quartier prioritaire : budget total 50 000 €, "
                        "on demande 40 000 €, c'est bon ?")
    assert unmet.verdict == "no"
    asked = drafted.ask("Association créée en 2010 à Roubaix : budget total 50 000 €, nous demandons 30 000 € à l'AMI, ça passe ?")
    assert "Taux de financement" in asked.answer and "coût total du projet n'est pas indiqué" not in asked.answer


def test_an_expense_the_call_rules_out_by_its_general_word(drafted):
    bus = drafted.ask("On peut acheter un minibus avec la subvention pour emmener les jeunes ?")
    assert bus.verdict == "no" and "l'achat de véhicules" in bus.answer
    works = drafted.ask("On peut faire des travaux de peinture dans notre local avec l'argent ?")
    assert works.verdict == "no" and "les travaux" in works.answer
    outing = drafted.ask("On peut financer des sorties au cinéma avec les jeunes ?")
    assert outing.verdict != "no"


def test_a_theme_the_call_does_not_admit_alone(drafted):
    alone = drafted.ask("Un projet qui aide uniquement les jeunes à se déplacer vers l'emploi, sans accueil le soir, est-il recevable ?")
    assert alone.verdict == "no" and "ne peut pas être présentée seule" in alone.answer
    both = drafted.check_text("Accueillir les jeunes le vendredi soir et les aider à se déplacer vers l'emploi.")
    assert next(c for c in both.criteria if c.id == "theme").status == "pass"
