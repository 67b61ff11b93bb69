"""A call that sets its values axis by axis and kind by kind, read from an unedited `ami new-call` draft of a generated
.docx: a table of amounts by axis with a second cap column ("Plafond projet partenarial"), a cap on one expense that is
not the grant's, a rate lowered for some kinds of applicant, a minimum age that binds some kinds and exempts others,
a share of a public kept to one axis, the structures admitted under "Structures pouvant porter un projet", a date on
expenses that is no start date, and an intercommunality's name cut short that names no commune elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Parents en mouvement » 2027"),
    ("p", "Département fictif – Direction de l'insertion et de l'emploi"),
    ("h1", "1. Axes d'intervention"),
    ("h2", "Axe 1 — Garde d'enfants des parents en insertion"),
    ("p", "Des places de garde réservées aux enfants de parents engagés dans une démarche d'insertion."),
    ("p", "Exemples :"),
    ("li", "places réservées en crèche ;"),
    ("li", "garde à domicile sur des horaires atypiques."),
    ("h2", "Axe 2 — Accompagnement des parents isolés vers l'emploi"),
    ("p", "Public : au moins 60 % des personnes accompagnées doivent être des parents isolés."),
    ("h1", "2. Structures éligibles et exclues"),
    ("h2", "Structures pouvant porter un projet"),
    ("li", "associations loi 1901 ;"),
    ("li", "structures de l'insertion par l'activité économique conventionnées (ateliers et chantiers d'insertion, "
           "associations intermédiaires) ;"),
    ("li", "centres communaux ou intercommunaux d'action sociale (CCAS, CIAS) ;"),
    ("li", "communes et intercommunalités du territoire."),
    ("p", "Les associations doivent justifier d'une existence d'au moins deux ans à la date limite de dépôt. Cette "
          "condition d'ancienneté ne s'applique ni aux communes, ni aux CCAS et CIAS."),
    ("h2", "Structures exclues"),
    ("li", "entreprises à but lucratif ;"),
    ("li", "personnes physiques."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Revigny-sur-Ornain : Revigny-sur-Ornain, Laimont, "
          "Brabant-le-Roi et Vassincourt."),
    ("h1", "4. Dépenses"),
    ("h2", "Dépenses éligibles"),
    ("li", "frais de personnel affecté au projet ;"),
    ("li", "les petits équipements et fournitures, dans la limite de 5 000 € par projet."),
    ("h2", "Dépenses inéligibles"),
    ("li", "dépenses engagées avant le 1er septembre 2027 ;"),
    ("li", "achat de véhicules."),
    ("h1", "5. Financement"),
    ("p", "L'enveloppe de l'appel à projets s'élève à 300 000 €, répartie comme suit :"),
    ("table", [["Axe", "Enveloppe", "Subvention minimale", "Plafond par projet", "Plafond projet partenarial", "Taux maximal"],
               ["Axe 1 — Garde", "200 000 €", "10 000 €", "40 000 €", "55 000 €", "70 %"],
               ["Axe 2 — Parents isolés", "100 000 €", "8 000 €", "20 000 €", "30 000 €", "80 %"]]),
    ("p", "Pour les communes, CCAS, CIAS et intercommunalités, le taux maximal de financement est ramené à 50 %, quel "
          "que soit l'axe."),
    ("h1", "6. Calendrier"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er octobre 2027 et le 1er février 2028."),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 12h00 à parents@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("by_axis"), "by-axis", CALL, date(2027, 3, 1))


@pytest.fixture(scope="module")
def call(drafted):
    return drafted[0]


def test_the_axes_are_the_headings_not_their_examples(call):
    labels = [c.label for c in call.spec.effective_constraints() if c.kind == "amount" for c in c.cases]
    assert labels == ["Axe 1 — Garde", "Axe 2 — Parents isolés"]
    ans = call.ask("Quels sont les axes de l'appel ?")
    assert "Garde d'enfants des parents en insertion" in ans.answer
    assert "Accompagnement des parents isolés" in ans.answer


def test_a_cap_on_one_expense_is_not_the_cap_of_the_grant(call):
    ans = call.ask("Association de Laimont créée en 2015, projet axe 1 de 12 mois à partir de novembre 2027 : on demande "
                   "16 000 € sur un budget de 30 000 €. C'est bon ?")
    assert ans.verdict == "yes"
    assert "5 000 €" not in ans.answer.split("\n\n")[0]
    assert "entre 10 000 € et 40 000 €" in ans.answer


def test_the_axis_row_caps_the_amount(call):
    ans = call.ask("Association de Laimont créée en 2015, projet axe 2 de 12 mois à partir de novembre 2027 : on demande "
                   "35 000 € sur un budget de 50 000 €. C'est bon ?")
    assert ans.verdict == "no"
    assert "Axe 2 — Parents isolés | 100 000 € | 8 000 € | 20 000 €" in ans.answer


def test_the_second_cap_column_holds_for_the_case_it_names(call):
    yes = call.ask("Association de Laimont créée en 2015 : projet partenarial axe 1 de 12 mois à partir de novembre 2027, "
                   "on demande 50 000 € sur un budget de 90 000 €. C'est bon ?")
    assert yes.verdict == "yes"
    assert "55 000 €" in yes.answer
    alone = call.ask("Association de Laimont créée en 2015, seule : projet axe 1 de 12 mois à partir de novembre 2027, "
                     "on demande 50 000 € sur un budget de 90 000 €. C'est bon ?")
    assert alone.verdict in ("no", "conditional")
    assert "mais pas celui de 55 000 €" in alone.answer


def test_an_amount_some_axis_caps_is_to_check_when_no_axis_is_named(call):
    ans = call.ask("Association de Laimont créée en 2015 : on demande 25 000 € pour un projet de 12 mois. C'est possible ?")
    assert ans.verdict == "conditional"
    assert "Axe 2 — Parents isolés" in ans.answer


def test_a_rate_lowered_for_some_kinds_holds_for_them(call):
    ccas = call.ask("Le CCAS de Revigny-sur-Ornain peut-il demander 65 % de financement sur l'axe 1 ?")
    assert ccas.verdict == "no"
    assert "le taux maximal de financement est ramené à 50 %" in ccas.answer
    asso = call.ask("Notre association de Laimont, créée en 2010, peut-elle demander 65 % de financement sur l'axe 1 ?")
    assert asso.verdict in ("yes", "conditional")
    assert "ramené à 50 %" not in asso.answer.split("\n\n")[0]


def test_a_minimum_age_binds_the_kinds_it_names_and_not_those_it_exempts(call):
    cias = call.ask("On est un CIAS créé en janvier 2026 à Revigny-sur-Ornain. On peut candidater ?")
    assert cias.verdict != "no"
    assert "ne s'applique ni aux communes, ni aux CCAS et CIAS" in cias.answer
    asso = call.ask("On est une association créée en janvier 2026 à Laimont. On peut candidater ?")
    assert asso.verdict == "no"
    assert "au moins deux ans" in asso.answer


def test_an_association_is_admitted_by_its_own_line_not_as_a_kind_of_siae(call):
    ans = call.ask("Bonjour, on est une asso créée en 2012 à Vassincourt. On peut candidater ?")
    assert ans.verdict == "yes"
    assert "associations loi 1901" in ans.answer


def test_a_share_of_a_public_is_weighed_on_its_own_axis_only(call):
    short = call.ask("Association de Laimont créée en 2015, projet axe 2 de 12 mois à partir de novembre 2027, 15 000 € "
                     "demandés sur 25 000 €. Public : 40 % de parents isolés et 60 % de couples. Ok ?")
    assert short.verdict == "no"
    assert "au moins 60 % des personnes accompagnées doivent être des parents isolés" in short.answer
    other = call.ask("Association de Laimont créée en 2015, projet axe 1 de 12 mois à partir de novembre 2027, 15 000 € "
                     "demandés sur 25 000 €. Public : 40 % de parents isolés et 60 % de couples. Ok ?")
    assert "au moins 60 % des personnes accompagnées" not in other.answer.split("\n\n")[0] + other.answer.split("\n\n")[1]


def test_a_date_on_expenses_is_no_start_date(call):
    start = next(c for c in call.spec.effective_constraints() if c.kind == "start")
    assert (start.earliest, start.latest) == (date(2027, 10, 1), date(2028, 2, 1))
    ans = call.ask("Association de Laimont créée en 2015 : projet axe 1 de 12 mois qui démarre en décembre 2027, "
                   "15 000 € demandés sur 25 000 €. C'est bon ?")
    assert ans.verdict == "yes"


def test_an_intercommunality_named_short_names_no_commune_elsewhere(call):
    ans = call.ask("Projet axe 1 sur la CC du Pays de Revigny, porté par une association créée en 2015 : c'est dans le "
                   "territoire ?")
    assert "Revigny (" not in ans.answer  # the commune of that name in another département
    assert "hors du territoire" not in ans.answer


def test_a_minimum_age_is_read_only_from_a_sentence_on_the_structure():
    from assistant.seniority import required_months

    assert required_months("Subvention supérieure à 15 000 € et projet de plus de 18 mois : avance de 40 % à la "
                           "signature, deuxième versement après validation du bilan intermédiaire à 12 mois.") is None
    assert required_months("Les porteurs doivent justifier d'au moins un an d'existence.") == 12
    assert required_months("La structure doit avoir été créée au plus tard le 2 juillet 2026, soit au moins un an avant "
                           "la date limite de dépôt.") == 12


def test_a_condition_on_an_amount_is_weighed_by_the_amount_the_applicant_gives():
    from assistant.conditions import condition_met

    clause = ("Ce taux est porté à 80 % pour les structures dont le budget annuel total (dernier exercice clos) est "
              "inférieur à 200 000 €.")
    assert condition_met(clause, "Our association's annual budget is around 150k€. Can the grant cover 80%?") is True
    assert condition_met(clause, "et si notre budget annuel passe à 260 000 € ?") is False
    assert condition_met(clause, "on demande 20 000 € sur un budget de 25 000 €") is None  # the project's budget


def test_the_structures_own_budget_is_not_the_amount_asked(call):
    res = call.check_text("Notre association de Laimont, créée en 2010, a un budget annuel de 150 000 €. Projet axe 1 de "
                          "12 mois : nous demandons 20 000 € pour un coût total de 40 000 €.")
    amount = next(c for c in res.criteria if c.id == "amount")
    assert "20 000 €" in amount.explanation and "150 000 €" not in amount.explanation
