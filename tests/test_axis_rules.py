"""Rules kept to one axis, on an unedited `ami new-call` draft of a generated .docx: a duration and a cap stated in an
axis's own section ("Règles propres à l'axe 2 : …"), a table of caps whose header's first cell is empty, a raised cap
"accordé aux projets …" by a sentence under the table, a kind of applicant admitted for one axis only (the project's
axis read from its theme), an age rule that names a kind the applicant is not (an ACI, admitted as a SIAE), a
cooperative named by the call on a condition it says it lacks, a seat elsewhere in the département admitted on one of
two conditions, where one is based and a commune's compound name in the territory's draft, how many projects each
may send, and a "yes" that would rest on the theme alone."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Velay Emploi Solidaire » 2027"),
    ("p", "Département fictif de la Haute-Loire – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("p", "Chaque projet s'inscrit dans un seul axe."),
    ("h2", "Axe 1 — Se déplacer pour travailler"),
    ("p", "Actions de mobilité vers l'emploi."),
    ("li", "Exemples : location solidaire de scooters, transport à la demande vers les zones d'activité, garage solidaire."),
    ("h2", "Axe 2 — Faire garder ses enfants pour reprendre un emploi"),
    ("p", "Solutions de garde pour les parents qui reprennent un emploi ou une formation."),
    ("p", "Règles propres à l'axe 2 :"),
    ("li", "le plafond d'aide est fixé à 30 000 € par projet, sans majoration possible ;"),
    ("li", "la durée du projet est comprise entre 6 et 12 mois."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ayant au moins un an d'existence à la date limite de dépôt ;"),
    ("li", "les structures de l'insertion par l'activité économique conventionnées (ateliers et chantiers d'insertion, "
           "entreprises d'insertion), quel que soit leur statut juridique ;"),
    ("li", "les sociétés coopératives (SCOP, SCIC) à condition de détenir l'agrément ESUS ;"),
    ("li", "les communes et leurs CCAS, pour l'axe 2 uniquement."),
    ("p", "Une même structure peut être chef de file de deux dossiers au maximum, qui doivent relever de deux axes "
          "différents."),
    ("h2", "2.1 Implantation"),
    ("p", "Le porteur dont le siège se trouve ailleurs dans le département de la Haute-Loire (par exemple au Puy-en-Velay) "
          "est éligible s'il dispose d'une antenne permanente sur le territoire, ou s'il conclut une convention de "
          "co-portage avec une structure du territoire."),
    ("p", "Une structure dont le siège est situé hors du département de la Haute-Loire ne peut pas être chef de file."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur les communes suivantes :"),
    ("li", "Yssingeaux ;"),
    ("li", "Retournac ;"),
    ("li", "Monistrol-sur-Loire ;"),
    ("li", "Bas-en-Basset ;"),
    ("li", "Sainte-Sigolène."),
    ("h1", "4. Financement et durée"),
    ("p", "Les projets ont une durée comprise entre 12 et 24 mois."),
    ("p", "Montants de l'aide :"),
    ("table", [["", "Plancher", "Plafond", "Plafond majoré"],
               ["Axe 1", "8 000 €", "40 000 €", "55 000 €"],
               ["Axe 2", "8 000 €", "30 000 €", "sans objet"]]),
    ("p", "Le plafond majoré de 55 000 € est accordé aux projets de l'axe 1 portés par un groupement d'au moins deux "
          "structures éligibles, formalisé par un accord de partenariat signé."),
    ("p", "La subvention ne peut excéder 70 % du coût total du projet."),
    ("h1", "5. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 14 mai 2027 à 12h00."),
    ("p", "Contact : velay-emploi@haute-loire.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("axisrules"), "axisrules", CALL, date(2027, 3, 1))[0]


def test_an_axis_own_duration_and_cap(call):
    one = call.ask("Association créée en 2015 à Yssingeaux, projet axe 1 de location de scooters, 18 mois, on demande "
                   "35 000 € pour 60 000 € de budget. C'est bon ?")
    assert one.verdict == "yes", one.answer
    two = call.ask("Association créée en 2015 à Yssingeaux, projet axe 2 de garde d'enfants, 18 mois, on demande "
                   "35 000 € pour 60 000 € de budget. C'est bon ?")
    assert two.verdict == "no" and "12 mois" in two.answer and "30 000 €" in two.answer


def test_a_cap_raised_by_a_sentence_under_the_table(call):
    group = call.ask("Deux associations (créées en 2012 et 2015) avec un accord de partenariat signé, projet axe 1 à Retournac, "
                     "12 mois, on demande 50 000 € pour 80 000 € de budget. Ça passe ?")
    assert group.verdict == "yes" and "accordé aux projets" in group.answer
    alone = call.ask("Nous sommes une association créée en 2015 à Retournac, projet axe 1, 12 mois, on demande 50 000 € pour "
                     "80 000 € de budget. Ça passe ?")
    assert alone.verdict == "no" and "40 000 €" in alone.answer


def test_a_kind_admitted_for_one_axis_only(call):
    ans = call.ask("La mairie de Retournac voudrait porter un projet de transport à la demande vers les zones d'activité, "
                   "elle peut candidater ?")
    assert ans.verdict == "no" and "pour l'axe 2 uniquement" in ans.answer


def test_an_age_rule_of_associations_and_an_insertion_workshop(call):
    aci = call.ask("On est un atelier chantier d'insertion conventionné, créé en octobre 2026 à Yssingeaux. L'ancienneté nous "
                   "bloque pour répondre ?")
    assert aci.verdict != "no" and "quel que soit leur statut juridique" in aci.answer
    asso = call.ask("Notre association de Yssingeaux a été créée en octobre 2026, on peut répondre ?")
    assert asso.verdict == "no"


def test_a_cooperative_without_the_approval_the_call_asks(call):
    ans = call.ask("Nous sommes une SCOP basée à Monistrol-sur-Loire, on n'a pas d'agrément particulier. Peut-on porter un "
                   "projet axe 1 ?")
    assert ans.verdict == "no" and "ESUS" in ans.answer
    en = call.ask("We are a cooperative (SCOP) in Monistrol-sur-Loire and we don't have the ESUS accreditation. Can we apply?")
    assert en.verdict == "no"


def test_a_seat_elsewhere_admitted_on_one_of_two_conditions(call):
    ans = call.ask("Notre association a son siège au Puy-en-Velay et on n'a pas de locaux sur le territoire. Peut-on déposer "
                   "en tant que porteur ?")
    assert ans.verdict == "conditional" and "co-portage" in ans.answer
    from assistant.territory import Territory

    names = {r.name for r in Territory(call.spec).basin}
    assert "Le Puy-en-Velay" not in names and len(names) == 5, names


def test_two_projects_on_one_axis(call):
    ans = call.ask("On voudrait déposer deux projets sur l'axe 1, un garage solidaire et une location de scooters. C'est "
                   "autorisé ?")
    assert ans.verdict == "no" and "deux axes différents" in ans.answer


def test_no_yes_on_the_theme_alone(call):
    ans = call.ask("Notre projet fait à la fois mobilité et garde d'enfants, on peut le mettre sur 2 axes ?")
    assert ans.verdict != "yes"


def test_an_axis_named_by_its_title_is_context_of_what_is_asked(call):
    ans = call.ask("A qui je peux m'adresser pour une question sur l'axe garde d'enfants ?")
    assert "velay-emploi@haute-loire.example" in ans.answer
