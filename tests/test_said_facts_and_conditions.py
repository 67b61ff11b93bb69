"""What applicants say, read as they say it, on an unedited `ami new-call` draft of a generated .docx: two projects
sent as « un projet … et un autre projet … » against a count kept to some kinds; a company admitted « uniquement si
elles détiennent l'agrément ESUS » that says nothing of it (a condition, not a « Oui »); « une SARL de l'ESS » bound by
the age the call asks of « les entreprises de l'ESS »; a creation said « la déclaration en préfecture date du … »;
« Il est 14h30 » on the deadline day."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Sucs et Lignon Emploi » 2027"),
    ("p", "Document fictif du Conseil départemental de la Haute-Loire, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("p", "Solutions de garde en horaires atypiques pour les parents en reprise d'emploi."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Transport solidaire et location de véhicules vers l'emploi."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les communes, les CCAS et les CIAS du territoire ;"),
    ("li", "les autres entreprises de l'économie sociale et solidaire (SCOP, SAS ou SARL de l'ESS), uniquement si elles "
           "détiennent l'agrément « entreprise solidaire d'utilité sociale » (ESUS)."),
    ("p", "Ancienneté : les associations et les entreprises de l'ESS doivent avoir au moins deux ans d'existence à la date "
          "limite de dépôt."),
    ("p", "Une même structure peut déposer au maximum deux projets, sur deux axes différents. Les communes, CCAS et CIAS ne "
          "peuvent déposer qu'un seul projet."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC des Sucs (Yssingeaux, Retournac, Grazac, Lapte, Araules, Beaux) et la CC du "
          "Haut Lignon (Tence, Le Chambon-sur-Lignon, Mazet-Saint-Voy, Saint-Jeures)."),
    ("h1", "4. Financement"),
    ("p", "La subvention est comprise entre 5 000 € et 40 000 € par projet et ne peut dépasser 80 % du coût total."),
    ("h1", "5. Calendrier"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er septembre 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 12 mars 2027 à 12h00, par courriel à sucs-lignon@haute-loire.example."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("said"), "said", CALL, date(2027, 2, 1))[0]


def test_two_projects_said_one_by_one_against_a_count_of_some_kinds(call):
    ans = call.ask("Mairie de Tence : on voudrait déposer un projet garde (axe 1) et un autre projet transport (axe 2), "
                   "les deux portés par la commune. C'est autorisé ?")
    assert ans.verdict == "no" and "qu'un seul projet" in ans.answer, ans.answer


def test_a_company_admitted_only_with_an_approval_it_does_not_name(call):
    ans = call.ask("On gère une micro-crèche privée (SAS) à Yssingeaux, on peut répondre à l'appel ?")
    assert ans.verdict != "yes", ans.answer
    assert "ESUS" in ans.answer


def test_a_company_of_the_social_economy_is_bound_by_its_age_rule(call):
    ans = call.ask("On est une SARL de l'ESS agréée ESUS, immatriculée en mars 2026, siège à Yssingeaux. Projet axe 2 de "
                   "location de voitures, 12 mois dès septembre 2027. On peut y aller ?")
    assert ans.verdict == "no", ans.answer
    assert "deux ans d'existence" in ans.answer and "mars 2026" in ans.answer


def test_a_creation_said_by_its_declaration_date(call):
    ans = call.ask("Notre asso de Tence : la déclaration en préfecture date du 20 mars 2026, on peut candidater ?")
    assert ans.verdict == "no", ans.answer
    assert "le 20 mars 2026" in ans.answer


def test_the_time_said_on_the_deadline_day(tmp_path):
    from fixtures_calls import draft_call

    late = draft_call(tmp_path, "said_late", CALL, date(2027, 3, 12))[0]
    ans = late.ask("Asso de Tence créée en 2015, projet axe 2. Il est 14h30, on peut encore déposer aujourd'hui ?")
    assert ans.verdict == "no" and "12h00" in ans.answer, ans.answer
