"""Exceptions, floors by kind, tables by axis and where people come from, on an unedited `ami new-call` draft of a
generated .docx: an applicant named in what an exclusion carves out (« à l'exception des coopératives … ») is not
excluded; a floor « ramené à 4 000 € quel que soit l'axe » for some kinds holds under an axis's row for those kinds
only (a staff bound read); « apply for 5,000 euros » is the amount asked; a table « Durée minimale | Durée maximale »
gives each axis its durations, and a contract's length (« CDD d'au moins six mois ») is none; a cap « par véhicule » is
no cap per project; « Axe 1 : les bénéficiaires doivent résider … » under a heading on residence is no theme; an age
bound of an action (« réservés aux personnes âgées d'au moins 18 ans ») weighed against the age said (« le lycée » he
left is no applicant); a cost named before « on peut la mettre dans les dépenses ? » is the one ruled out; « dont 5
habitent Aurillac » and « qui arrive de Clermont-Ferrand » are no place of action; « par exemple » inside a yes/no
question asks for no example dossier; a contract shorter than a rule asks (« CDD de 4 mois » and « un CDD d'au moins six
mois ») fails it."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets 2027 « Apprendre au pays de Salers »"),
    ("p", "Document fictif de la Préfecture du Cantal (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 — Découvrir les métiers de la montagne"),
    ("p", "Exemples d'actions :"),
    ("li", "visites d'exploitations et de fromageries ;"),
    ("li", "stages en entreprise et périodes d'immersion."),
    ("p", "Les stages en entreprise sont réservés aux personnes âgées d'au moins 18 ans à leur entrée dans l'action."),
    ("h2", "Axe 2 — Se qualifier dans l'agriculture et le tourisme"),
    ("p", "Exemples d'actions :"),
    ("li", "parcours de qualification vers un CAP ou un titre professionnel ;"),
    ("li", "formation des maîtres d'apprentissage."),
    ("h2", "Axe 3 — Se déplacer pour travailler"),
    ("p", "Exemples d'actions :"),
    ("li", "aide au permis de conduire ;"),
    ("li", "mise à disposition de véhicules."),
    ("p", "L'aide au permis de conduire est réservée aux titulaires d'un CDI ou d'un CDD d'au moins six mois, pour une "
          "durée hebdomadaire de travail d'au moins 24 heures."),
    ("h1", "2. Qui peut candidater ?"),
    ("p", "Peuvent porter un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les communes, les CCAS et les CIAS ;"),
    ("li", "les structures de l'insertion par l'activité économique (SIAE)."),
    ("p", "Sont exclues :"),
    ("li", "les entreprises de portage salarial, à l'exception des coopératives d'activité et d'emploi (CAE) "
           "conventionnées ;"),
    ("li", "les personnes physiques, y compris les micro-entrepreneurs."),
    ("p", "Le porteur doit avoir son siège ou un établissement dans le Cantal."),
    ("h1", "3. Territoire"),
    ("p", "Communauté de communes du Pays de Salers : Salers, Anglards-de-Salers, Ally, Chaussenac, Le Falgoux."),
    ("h2", "3.1 Lieu de résidence des bénéficiaires"),
    ("li", "Axe 1 : les bénéficiaires doivent résider sur le territoire de l'appel."),
    ("li", "Axes 2 et 3 : le lieu de résidence est indifférent."),
    ("h1", "4. Durée"),
    ("table", [["Axe principal", "Durée minimale", "Durée maximale"], ["Axe 1", "6 mois", "12 mois"],
               ["Axe 2", "12 mois", "24 mois"], ["Axe 3", "12 mois", "24 mois"]]),
    ("p", "Les projets démarrent entre le 1er septembre 2027 et le 1er décembre 2027."),
    ("h1", "5. Financement"),
    ("p", "L'enveloppe globale s'élève à 600 000 €."),
    ("table", [["Axe principal", "Plancher", "Plafond", "Plafond majoré"], ["Axe 1", "8 000 €", "40 000 €", "—"],
               ["Axe 2", "12 000 €", "60 000 €", "—"],
               ["Axe 3", "12 000 €", "80 000 €", "100 000 € pour un consortium de trois employeurs au moins"]]),
    ("p", "Pour les CCAS, les CIAS et les associations employant moins de 10 salariés en équivalent temps plein, le "
          "plancher est ramené à 4 000 € quel que soit l'axe."),
    ("p", "Le taux maximal d'aide est de 70 % des dépenses éligibles."),
    ("h2", "5.1 Dépenses éligibles"),
    ("li", "les dépenses de personnel affecté au projet ;"),
    ("li", "l'hébergement temporaire des apprentis, dans la limite de 500 € par mois."),
    ("p", "Investissement : éligible uniquement pour l'axe 3, pour l'achat de véhicules (deux au plus par projet, "
          "20 000 € TTC au plus par véhicule)."),
    ("h2", "5.2 Dépenses inéligibles"),
    ("li", "l'acquisition immobilière ;"),
    ("li", "les primes versées aux salariés, y compris les « primes d'assiduité »."),
    ("h1", "6. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : vendredi 18 juin 2027 à 12h00."),
    ("p", "Les dossiers sont déposés sur la plateforme https://demarches.example/salers-2027."),
    ("p", "Contact : ddets-salers@cantal.example.fr"),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("exceptions"), "exceptions_floors", CALL, date(2027, 4, 12))[0]


def test_the_exception_an_applicant_names_is_not_excluded(call):
    got = call.ask("Nous sommes une CAE conventionnée à Salers. J'ai lu que les entreprises de portage salarial sont "
                   "exclues : est-ce que ça nous concerne ou on peut porter un projet sur l'axe 2 ?")
    assert got.verdict != "no" and "Non" not in got.answer.split("\n")[0], got.answer
    plain = call.ask("Nous sommes une entreprise de portage salarial à Salers. Peut-on porter un projet sur l'axe 2 ?")
    assert plain.verdict == "no", plain.answer


def test_a_floor_lowered_for_some_kinds_under_an_axis_row(call):
    ccas = call.ask("Le CCAS de Salers voudrait demander 5 000 € pour des visites de fromageries (axe 1). Le montant "
                    "n'est pas trop petit ?")
    assert ccas.verdict == "yes", ccas.answer
    assert "4 000 €" in ccas.answer
    big = call.ask("We are an association with about 40 FTE staff in Salers. Can we apply for 5,000 euros on axis 2 "
                   "for a small training project?")
    assert big.verdict == "no", big.answer
    assert "12 000 €" in big.answer


def test_durations_by_axis_from_a_table_and_no_cap_per_vehicle(call):
    got = call.ask("Association à Salers. Projet axe 1 : visites et stages pour 20 jeunes, de septembre 2027 à "
                   "octobre 2028 (14 mois). Budget 40 000 €, on demande 25 000 €. Le projet est-il recevable ?")
    assert got.verdict == "no", got.answer
    assert "12 mois" in got.answer and "6 mois" not in got.answer.split("\n\n")[0]
    spec = call.spec
    amount = next(c for c in spec.effective_constraints() if c.kind == "amount")
    assert amount.max_eur != 20000 and amount.tax_basis != "TTC", amount
    duration = next(c for c in spec.effective_constraints() if c.kind == "duration")
    assert {(k.label, k.min_months, k.max_months) for k in duration.cases} >= {("Axe 1", 6, 12), ("Axe 2", 12, 24)}


def test_a_rule_of_an_axis_under_a_heading_on_residence_is_no_theme(call):
    titles = [t.title for t in call.spec.themes]
    assert len(titles) == 3 and all("résider" not in t and "indifférent" not in t for t in titles), titles


def test_an_age_bound_of_an_action_weighed_against_the_age_said(call):
    got = call.ask("Mon fils a 17 ans, il a quitté le lycée et voudrait faire un stage en entreprise dans une "
                   "fromagerie de Salers avec l'association qui porte un projet axe 1. Il peut en bénéficier ?")
    assert got.verdict == "no", got.answer
    assert "18 ans" in got.answer


def test_a_cost_named_before_it_is_put_in_the_budget(call):
    got = call.ask("Pour fidéliser nos apprentis à Salers, on voudrait verser une prime d'assiduité de 200 € à chacun. "
                   "On peut la mettre dans les dépenses du projet axe 2 ?")
    assert got.verdict == "no", got.answer
    assert "primes d'assiduité" in got.answer


def test_where_people_live_or_come_from_is_no_place_of_action(call):
    got = call.ask("Association dont le siège est à Aurillac, nous intervenons aussi à Salers et Ally. Projet axe 2 de "
                   "12 mois à partir du 1er septembre 2027, pour 20 salariés dont 5 habitent Aurillac. Budget 40 000 €, "
                   "demande 25 000 €. Peut-on candidater ?")
    assert got.verdict != "no", got.answer
    lodging = call.ask("Pour loger un apprenti qu'on recrute et qui arrive de Clermont-Ferrand, combien peut-on prendre "
                       "en charge pour son hébergement ?")
    assert lodging.kind == "answer" and "Clermont-Ferrand" not in lodging.answer, lodging.answer


def test_for_instance_inside_a_yes_no_question_asks_no_example(call):
    got = call.ask("Une collectivité, par exemple une commune, a-t-elle le droit de candidater ?")
    assert got.origin != "example" and "exemple de dossier" not in got.answer.lower(), got.answer
    assert got.verdict == "yes", got.answer


def test_a_contract_shorter_than_a_rule_asks(call):
    got = call.ask("Un de nos salariés est en CDD de 4 mois à 30h par semaine, il n'a pas le permis. Peut-on lui "
                   "financer le permis de conduire avec l'aide de l'axe 3 ?")
    assert got.verdict == "no", got.answer
    assert "six mois" in got.answer
