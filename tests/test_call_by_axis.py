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
    ("h2", "Axe 3 — Mobilité des parents"),
    ("p", "Des solutions pour se rendre au travail ou en formation."),
    ("p", "Exemples :"),
    ("li", "transport à la demande solidaire et covoiturage organisé ;"),
    ("li", "location de scooters et de vélos électriques."),
    ("p", "L'axe 3 est ouvert uniquement aux projets mis en œuvre sur la CC du Sammiellois."),
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
    ("li", "entreprises à but lucratif, sauf si elles sont conventionnées en tant que SIAE ;"),
    ("li", "les micro-crèches financées par la prestation d'accueil du jeune enfant (PAJE) ;"),
    ("li", "personnes physiques."),
    ("p", "Chaque structure peut déposer au maximum deux projets, sur deux axes différents."),
    ("h2", "Localisation du siège"),
    ("p", "Une structure dont le siège est situé hors des deux intercommunalités est éligible si elle dispose sur le "
          "territoire d'une permanence ouverte au moins un jour par semaine."),
    ("p", "Une structure dont le siège est situé hors du département de la Meuse ne peut pas être porteuse."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Revigny-sur-Ornain (Revigny-sur-Ornain, Laimont, "
          "Brabant-le-Roi, Vassincourt) et sur la CC du Sammiellois (Saint-Mihiel, Chauvoncourt)."),
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
    themes = call.ask("Quels sont les axes de l'appel ?").answer
    assert "Mobilité des parents" in themes
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


def test_an_axis_kept_to_part_of_the_territory_is_a_no_elsewhere(call):
    out = call.ask("Une association de Laimont créée en 2010 peut-elle porter un projet de l'axe 3 ?")
    assert out.verdict == "no"
    assert "L'axe 3 est ouvert uniquement aux projets mis en œuvre sur la CC du Sammiellois" in out.answer
    inside = call.ask("Une association de Saint-Mihiel créée en 2010 peut-elle porter un projet de l'axe 3 ?")
    assert inside.verdict in ("yes", "conditional")
    later = call.ask("et si on est à Revigny-sur-Ornain ?",
                     [{"role": "user", "content": "Une association de Chauvoncourt peut-elle porter un projet de mobilité ?"},
                      {"role": "assistant", "content": "**Oui**"}])
    assert later.verdict == "no"  # the earlier ask named the axis by its title


def test_more_projects_than_each_structure_may_send_is_a_no(call):
    many = call.ask("On est une association de Laimont créée en 2010, on aimerait déposer 3 projets, un sur chaque axe. C'est ok ?")
    assert many.verdict == "no"
    assert "au maximum deux projets" in many.answer
    two = call.ask("Notre association de Laimont, créée en 2010, peut-elle déposer 2 projets, un sur l'axe 1 et un sur l'axe 2 ?")
    assert two.verdict in ("yes", "conditional")


def test_what_an_applicant_runs_can_be_what_the_call_excludes(call):
    ans = call.ask("Bonjour, on gère une micro-crèche PAJE à Laimont, on peut répondre ?")
    assert ans.verdict == "no"
    assert "prestation d'accueil du jeune enfant (PAJE)" in ans.answer


def test_a_share_of_the_public_is_not_the_funding_rate(call):
    ans = call.ask("Association de Laimont créée en 2015, projet axe 1 de 12 mois à partir de novembre 2027 : on demande "
                   "20 000 € pour un budget total de 30 000 €, public 100 % mères isolées. C'est bon ?")
    assert ans.verdict == "yes"
    assert "dépasse 70 %" not in ans.answer


def test_a_seat_outside_the_territory_needs_a_branch_and_outside_the_departement_fails(call):
    branch = call.ask("Notre asso a son siège à Bar-le-Duc mais on tient une permanence tous les mardis à Laimont. "
                      "On peut porter un projet ?")
    assert branch.verdict in ("yes", "conditional") and "Bar-le-Duc" in branch.answer
    abroad = call.ask("Association dont le siège est à Nancy, avec une antenne à Laimont : on peut porter un projet ?")
    assert abroad.verdict == "no"
    assert "hors du département de la Meuse ne peut pas être porteuse" in abroad.answer
    later = call.ask("et si notre siège est à Bar-le-Duc ?",
                     [{"role": "user", "content": "Une association de Laimont peut porter un projet de l'axe 1 ?"},
                      {"role": "assistant", "content": "**Oui**"}])
    assert later.verdict == "conditional"
    assert "permanence ouverte au moins un jour par semaine" in later.answer


def test_a_kind_excluded_but_for_an_exception_is_a_no_without_it(call):
    sarl = call.ask("Bonjour, nous gérons une micro-crèche privée (SARL) à but lucratif à Laimont. Peut-on répondre ?")
    assert sarl.verdict == "no"
    english = call.ask("We are a for-profit company running a nursery in Laimont. Can we apply for this call?")
    assert english.verdict == "no"
    siae = call.ask("Nous sommes une entreprise d'insertion conventionnée SIAE à Laimont, créée en 2012 : on peut candidater ?")
    assert siae.verdict != "no"


def test_the_actions_a_theme_lists_name_it(call):
    ans = call.ask("Association de Laimont créée en 2010 : on voudrait monter du transport à la demande pour les parents. "
                   "C'est finançable ?")
    assert ans.verdict == "no"
    assert "L'axe 3 est ouvert uniquement aux projets mis en œuvre sur la CC du Sammiellois" in ans.answer


def test_the_askers_private_life_is_out_of_scope_not_a_rule_of_the_call(call):
    for q in ("Mon patron peut-il me faire une avance sur salaire de 40 % ce mois-ci ?",
              "J'ai des travaux de toiture sur ma grange à Laimont, le Département peut m'aider à les financer ?"):
        assert call.ask(q).kind == "out_of_scope", q
    asked = call.ask("J'ai une maman seule de 30 ans au RSA, elle peut entrer dans un projet de l'axe 2 ?")
    assert asked.kind != "out_of_scope"
    who = call.ask("Qui je dois contacter pour une question sur le budget ?")
    assert who.kind != "out_of_scope" and "parents@departement.example" in who.answer


def test_can_we_still_send_our_application_after_the_deadline_is_a_no(call):
    late = call.at(date(2027, 6, 1)).ask("We only just came across this call. Can we still send our application this week?")
    assert late.verdict == "no"
    assert "14 May 2027" in late.answer or "14 mai 2027" in late.answer
