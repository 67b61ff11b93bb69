"""Rules of a call read as a careful applicant would, on an unedited `ami new-call` draft of a generated .docx: a start
window stated as what is ruled out ("Aucun projet ne peut démarrer avant …", "… après … n'est pas recevable"), a rate
lowered on a condition, a sentence that denies what the question asks ("… ne peuvent pas en être chef de file"), the
details listed under an axis (its publics, its conditions), how many projects each may send and on which axes, a
structure that says it lacks the approval the call asks, a share of co-financing that is no rate asked, an English
question that asks a value."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Chemins d'emploi en Bourbonnais » 2027"),
    ("p", "Département fictif de l'Allier – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Aller vers les personnes isolées"),
    ("p", "Actions de repérage et de premier accueil des personnes qui ne fréquentent aucun service."),
    ("li", "Exemples : permanences itinérantes, bus de l'emploi, ateliers de confiance en soi."),
    ("li", "Publics : jeunes de 16 à 25 ans sans emploi ni formation, femmes isolées."),
    ("li", "Condition propre à l'axe 1 : au moins 40 % des participants ont moins de 26 ans."),
    ("h2", "Axe 2 – Parcours vers l'industrie"),
    ("p", "Découverte des métiers de l'industrie, immersion en entreprise et préqualification."),
    ("li", "Exemples : visites d'usines, périodes de mise en situation professionnelle, tutorat."),
    ("li", "Publics : demandeurs d'emploi de longue durée, bénéficiaires du RSA."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les sociétés coopératives d'intérêt collectif (SCIC) et les autres entreprises de l'économie sociale et "
           "solidaire titulaires de l'agrément « entreprise solidaire d'utilité sociale » (ESUS) ;"),
    ("li", "les communes et les centres communaux d'action sociale (CCAS)."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "les entreprises commerciales ne disposant pas de l'agrément ESUS, les sociétés coopératives ouvrières de "
           "production (SCOP) sans agrément ESUS et les personnes physiques."),
    ("p", "Les missions locales et les agences France Travail peuvent être partenaires d'un projet, mais ne peuvent pas en "
          "être chef de file."),
    ("p", "Une même structure peut déposer au maximum deux projets en tant que porteur, à condition qu'ils relèvent de deux "
          "axes différents."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Montluçon, Commentry, Néris-les-Bains et Domérat."),
    ("h1", "4. Calendrier et durée"),
    ("p", "Les projets durent de 12 à 24 mois."),
    ("p", "Aucun projet ne peut démarrer avant le 1er juillet 2027. Un projet dont le démarrage serait prévu après le "
          "1er décembre 2027 n'est pas recevable."),
    ("p", "Date limite de dépôt des dossiers : vendredi 14 mai 2027 à 12h00."),
    ("h1", "5. Financement"),
    ("p", "La subvention est comprise entre 10 000 € et 50 000 € par projet."),
    ("p", "La subvention couvre au maximum 80 % du coût total éligible du projet."),
    ("p", "Ce taux est limité à 60 % lorsque le budget annuel du porteur dépasse 2 millions d'euros."),
    ("p", "Le reste du budget, soit au moins 20 %, provient d'autres ressources ; les contributions volontaires en nature "
          "(bénévolat) ne sont pas retenues dans le cofinancement."),
    ("h1", "6. Contact"),
    ("p", "Questions : chemins-emploi@allier.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("rules"), "rulesread", CALL, date(2027, 3, 1))[0]


def test_a_start_window_stated_as_what_is_ruled_out(call):
    september = call.ask("Association de Montluçon, projet axe 2 de 12 mois qui démarre en septembre 2027 : c'est bon ?")
    assert september.verdict == "yes" and "Démarrage" in september.answer
    january = call.ask("Association de Montluçon, projet axe 2 de 12 mois qui démarre en janvier 2028 : c'est bon ?")
    assert january.verdict == "no" and "décembre 2027" in january.answer
    june = call.ask("Association de Montluçon, projet axe 2 de 12 mois qui démarre en juin 2027 : c'est bon ?")
    assert june.verdict == "no" and "juillet 2027" in june.answer


def test_a_rate_lowered_on_a_condition(call):
    big = call.ask("Notre association a un budget annuel de 2,4 M€, on voudrait demander 65 % du coût du projet, ça passe ?")
    assert big.verdict == "no" and "limité à 60 %" in big.answer
    small = call.ask("Notre association a un budget annuel de 300 000 €, on voudrait demander 65 % du coût du projet, ça passe ?")
    assert small.verdict != "no"


def test_a_sentence_that_denies_what_is_asked_is_a_no(call):
    lead = call.ask("Je suis à la mission locale de Commentry. Est-ce que la mission locale peut être chef de file du projet ?")
    assert lead.verdict == "no" and "ne peuvent pas en être chef de file" in lead.answer
    partner = call.ask("La mission locale peut-elle être partenaire d'un projet ?")
    assert partner.verdict != "no"


def test_the_details_under_an_axis_are_no_themes(call):
    ans = call.ask("Notre association de Montluçon veut faire des visites d'usines pour des demandeurs d'emploi, ça rentre ?")
    assert "Publics :" not in ans.answer.split("\n")[0] and "Condition propre" not in ans.answer.split("\n\n")[0]
    from assistant.facts import call_words

    labels = [str(t["label"].get("fr")) for t in call_words(call.spec).themes.values()]
    assert labels and all(x.startswith("Axe") for x in labels), labels


def test_how_many_projects_and_on_which_axes(call):
    same = call.ask("On a déjà déposé un projet sur l'axe 1. Peut-on en déposer un deuxième, toujours axe 1, à Domérat ?")
    assert same.verdict == "no" and "deux axes différents" in same.answer
    third = call.ask("On a déjà déposé 2 projets comme porteur (axe 1 et axe 2), on peut en porter un 3e ?")
    assert third.verdict == "no" and "au maximum deux projets" in third.answer


def test_a_structure_that_says_it_lacks_the_approval(call):
    lacking = call.ask("On est une SCOP installée à Montluçon, on n'a pas l'agrément ESUS. On peut quand même déposer ?")
    assert lacking.verdict == "no" and "ESUS" in lacking.answer
    holding = call.ask("On est une SCOP installée à Montluçon, agréée ESUS. On peut déposer ?")
    assert holding.verdict != "no"


def test_a_share_of_co_financing_is_no_rate_asked(call):
    ans = call.ask("On a beaucoup de bénévoles. Est-ce qu'on peut valoriser leur temps pour atteindre les 20 % de "
                   "cofinancement demandés ?")
    assert ans.verdict != "yes" and "ne sont pas retenues dans le cofinancement" in ans.answer


def test_an_english_question_asking_a_value_gets_no_verdict(call):
    ans = call.ask("What share of the eligible cost can the grant cover if the applicant is an association?")
    assert ans.verdict is None and "80 %" in ans.answer
