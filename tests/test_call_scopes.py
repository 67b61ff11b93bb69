"""What a call's sentences are about, read from an unedited `ami new-call` draft of a generated .docx: a target of all
the projects together is no minimum of each; a start date of one axis is no bound of every project; « Fin de
réalisation » is the day every action ends; a seat required « en Haute-Saône » (a compound name, no département word),
a seat abroad; an agricultural company by its legal form (« une EARL »); a minimum age whose sentence opens with a
label (« Ancienneté : les associations doivent … »); a condition of admission met by the acronym it names (« ESUS »);
premises named again after the seat are a place of action."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Saisons en Haute-Saône » 2027"),
    ("p", "Département fictif – Direction de l'emploi et de l'insertion"),
    ("h1", "1. Objectifs"),
    ("p", "Les financeurs visent, sur l'ensemble des projets retenus, au moins 400 personnes accompagnées vers un emploi."),
    ("p", "Chaque projet doit accompagner au moins 20 participants."),
    ("h1", "2. Axes"),
    ("h2", "Axe 1 — Préparation à l'emploi saisonnier"),
    ("p", "Ateliers de préparation et mise en relation avec les employeurs agricoles."),
    ("h2", "Axe 2 — Logement des saisonniers"),
    ("p", "Hébergement temporaire des personnes qui occupent un emploi saisonnier."),
    ("p", "Les projets de l'axe 2 doivent démarrer au plus tard le 2 août 2027."),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les sociétés coopératives (SCOP, SCIC) titulaires de l'agrément « entreprise solidaire d'utilité sociale » (ESUS) ;"),
    ("li", "les communes et leurs groupements."),
    ("p", "Ne peuvent pas être porteurs :"),
    ("li", "les exploitations agricoles (elles peuvent être partenaires d'un projet) ;"),
    ("li", "les entreprises de travail temporaire non conventionnées au titre de l'insertion ;"),
    ("li", "les particuliers."),
    ("p", "Ancienneté : les associations doivent justifier d'au moins un an d'existence à la date limite de dépôt."),
    ("p", "Siège : le porteur doit avoir son siège social en Haute-Saône."),
    ("h1", "4. Financement"),
    ("p", "La subvention ne peut pas dépasser 70 % du coût total du projet."),
    ("p", "Ce taux est porté à 80 % lorsque le porteur est une SIAE conventionnée."),
    ("h1", "5. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Lure et sur la CC du Pays de Luxeuil."),
    ("h1", "6. Calendrier"),
    ("li", "Durée d'un projet : de 6 à 18 mois."),
    ("li", "Démarrage : entre le 1er juin 2027 et le 1er octobre 2027 (au plus tard le 2 août 2027 pour l'axe 2)."),
    ("li", "Fin de réalisation : au plus tard le 31 décembre 2028."),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 19 mars 2027 à 12h00 à saisons@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("scopes"), "scopes", CALL, date(2027, 2, 1))[0]


def _constraint(call, kind):
    return next(c for c in call.spec.effective_constraints() if c.kind == kind)


def test_a_target_of_all_the_projects_is_no_minimum_of_each(call):
    assert _constraint(call, "participants").min_people == 20
    ans = call.ask("Association de Lure créée en 2015 : projet axe 1 de 12 mois à partir de septembre 2027 avec "
                   "30 participants, c'est bon ?")
    assert "400" not in ans.answer.split("\n\n")[1]
    assert ans.verdict in ("yes", "conditional")


def test_a_start_date_of_one_axis_is_no_bound_of_every_project(call):
    start = _constraint(call, "start")
    assert (start.earliest, start.latest) == (date(2027, 6, 1), date(2027, 10, 1))


def test_the_end_of_the_actions_binds_a_follow_up_and_its_figures_are_the_applicants(call):
    history = [{"role": "user", "content": "Projet axe 1 de 12 mois à partir du 1er septembre 2027, c'est ok pour la durée ?"},
               {"role": "assistant", "content": "**Oui** : la durée doit être comprise entre 6 et 18 mois."}]
    ans = call.ask("et sur 18 mois ?", history)
    assert ans.verdict == "no"
    assert "31 décembre 2028" in ans.answer and "1er septembre 2027" in ans.answer  # not the bare quotes of a fallback


def test_a_seat_required_in_a_departement_named_bare_and_a_seat_abroad(call):
    assert _constraint(call, "seat").allowed == ["70"]
    belfort = call.ask("Notre association a son siège à Belfort, on peut porter un projet à Lure ?")
    assert belfort.verdict == "no" and "siège social en Haute-Saône" in belfort.answer
    abroad = call.ask("We're an association based in Basel (Switzerland). Could we run a project in Lure?")
    assert abroad.verdict == "no"


def test_an_agricultural_company_by_its_legal_form(call):
    ans = call.ask("On est une EARL à Roye, on peut déposer nous-mêmes un projet de logement pour nos saisonniers ?")
    assert ans.verdict == "no"
    assert "les exploitations agricoles" in ans.answer


def test_a_minimum_age_of_associations_and_a_condition_met_by_its_acronym(call):
    ans = call.ask("On est une SCIC agréée ESUS créée en septembre 2026 à Lure. Est-ce qu'on est trop jeunes pour déposer ?")
    assert ans.verdict == "yes"
    young = call.ask("On est une association créée en septembre 2026 à Lure. Est-ce qu'on est trop jeunes pour déposer ?")
    assert young.verdict == "no"


def test_premises_named_again_after_the_seat_are_a_place_of_action(call):
    ans = call.ask("Notre asso a son siège à Vesoul. On ferait les ateliers dans nos locaux à Vesoul et les visites "
                   "d'exploitations autour de Lure. On peut répondre ?")
    assert ans.verdict == "no"
    assert "Vesoul" in ans.answer.split("\n\n")[1]


def test_an_aci_is_a_siae_and_has_what_the_excluded_lack(call):
    ans = call.ask("On est un ACI conventionné à Lure créé en 2012, budget du projet 40k€, on aimerait demander 32k€. "
                   "C'est autorisé comme taux ?")
    assert ans.verdict == "yes"
    assert "non conventionnées" not in ans.answer.split("\n\n")[1]


def test_a_condition_of_admission_the_applicant_says_it_lacks_is_a_no(call):
    history = [{"role": "user", "content": "On est une SCIC agréée ESUS créée en 2020 à Lure, on peut déposer ?"},
               {"role": "assistant", "content": "**Oui**"}]
    ans = call.ask("et pour une SCOP qui n'a pas l'agrément ?", history)
    assert ans.verdict == "no"
    assert "titulaires de l'agrément" in ans.answer
