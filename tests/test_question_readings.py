"""What an applicant's message states, read right, on an unedited `ami new-call` draft of a generated .docx: a
structure named beside money is a funder, not the applicant; « du 8 novembre 2027 à début septembre 2028 » starts in
November; « 8 habitent Dole et 4 habitent Lons-le-Saunier. 2 sites à Tavaux » counts 8 residents, not 10."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Chantiers du Grand Dole » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901 et les ateliers et chantiers d'insertion (ACI)."),
    ("p", "Les collectivités territoriales ne sont pas éligibles."),
    ("h1", "2. Territoire et publics"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("p", "Au moins 75 % des participants d'un projet doivent résider dans l'une de ces trois communes."),
    ("h1", "3. Calendrier"),
    ("p", "Les projets démarrent entre le 2 novembre 2027 et le 31 janvier 2028 et durent de 6 à 12 mois."),
    ("h1", "4. Financement"),
    ("p", "La subvention est plafonnée à 60 000 € par projet et à 70 % du coût total."),
    ("h1", "5. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à chantiers@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("readings"), "readings", CALL, date(2027, 3, 1))[0]


def test_a_structure_named_beside_money_is_a_funder_not_the_applicant(call):
    ans = call.ask("Nous sommes un ACI de Dole. Chantier de 8 mois à partir de décembre 2027, 10 participants qui "
                   "habitent tous Dole. Coût 60 000 €, on demande 40 000 € au Département et 8 000 € à la Région. C'est bon ?")
    assert "collectivité" not in ans.answer.lower()
    assert ans.verdict != "no"


def test_a_span_to_the_start_of_a_month_starts_on_its_first_day(call):
    ans = call.ask("Association de Tavaux : chantier de 10 mois du 8 novembre 2027 à début septembre 2028. C'est bon ?")
    assert "septembre 2028 : trop tard" not in ans.answer
    assert ans.verdict in ("yes", "conditional")


def test_things_counted_after_the_people_are_not_more_residents(call):
    ans = call.ask("Association de Dole, 12 participants : 8 habitent Dole et 4 habitent Lons-le-Saunier. 2 sites à "
                   "Tavaux et Damparis. Est-ce que ça passe ?")
    assert ans.verdict == "no"
    assert "10 des participants" not in ans.answer and "8" in ans.answer.split("Résidence")[1][:200]


SILENT = [
    ("title", "Appel à projets « Ateliers » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "3. Versement de la subvention"),
    ("p", "La subvention est versée en deux fois :"),
    ("li", "60 % à la signature de la convention ;"),
    ("li", "40 % (solde) sur présentation du bilan qualitatif et financier, à transmettre au plus tard deux mois après "
           "la fin du projet."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à ateliers@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("silent"), "silent", SILENT, date(2027, 3, 1))[0]


def test_silence_on_a_word_says_what_the_call_does_say_of_the_rest(silent):
    """« le bilan comptable ? »: the call never says « comptable »; it asks for a « bilan qualitatif et financier »."""
    ans = silent.ask("Le bilan à fournir, c'est le bilan comptable de l'association ?")
    assert ans.answer.startswith("**L'appel ne le précise pas.**")
    assert "bilan qualitatif et financier" in ans.answer
    assert "Je ne trouve rien" not in ans.answer


RULES = [
    ("title", "Appel à projets « Sentiers » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "3. Actions"),
    ("p", "Les projets démarrent entre le 2 novembre 2027 et le 31 janvier 2028 et durent de 6 à 12 mois."),
    ("p", "Les travaux de débroussaillage ne peuvent être réalisés qu'entre le 1er septembre et le 31 mars, hors "
          "période de nidification."),
    ("p", "Les familles participent aux frais de garde selon leurs revenus."),
    ("h1", "4. Dossier"),
    ("p", "Le dossier est une présentation de 15 diapositives au plus, envoyée à sentiers@departement.example au plus "
          "tard le vendredi 14 mai 2027 à 17h00."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("rules"), "rules", RULES, date(2027, 3, 1))[0]


def test_a_rule_on_what_the_question_describes_is_never_passed_over_with_a_plain_yes(rules):
    ans = rules.ask("Association de Dole : projet de 8 mois à partir de décembre 2027, avec des travaux de "
                    "débroussaillage des sentiers en mai et juin. C'est bon ?")
    assert ans.verdict == "conditional"
    assert "ne peuvent être réalisés qu'entre le 1er septembre et le 31 mars" in ans.answer



COMMITTEES = [
    ("title", "Appel à projets « Comités » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901."),
    ("h1", "2. Obligations du porteur"),
    ("p", "Le porteur s'engage à participer au comité de suivi territorial réuni deux fois par an à Dole."),
    ("h1", "3. Sélection"),
    ("p", "Les dossiers sont examinés par un comité de sélection composé de représentants du Département et de l'État."),
    ("p", "La décision finale appartient à la commission permanente du Département."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à comites@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def committees(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("committees"), "committees", COMMITTEES, date(2027, 3, 1))[0]


def test_who_does_a_thing_is_not_confirmed_by_a_quote_that_names_the_body_without_the_thing(committees):
    """« c'est bien lui qui sélectionne… ? »: a quote naming the committee of follow-up says nothing of selecting."""
    ans = committees.ask("Le comité de suivi, c'est bien lui qui sélectionne les dossiers ?")
    assert ans.verdict != "yes"
    assert not ans.answer.startswith("**Oui")


RAISED = [
    ("title", "Appel à projets « Plafonds » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet les associations loi 1901."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de Dole, Tavaux et Damparis."),
    ("h1", "3. Financement"),
    ("table", [["Élément", "Règle"],
               ["Subvention minimale", "10 000 € par projet"],
               ["Subvention maximale", "45 000 € par projet, porté à 60 000 € pour les projets comportant un axe 3"]]),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à plafonds@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def raised(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("raised"), "raised", RAISED, date(2027, 3, 1))[0]


def test_a_cap_raised_in_its_own_cell_is_a_case_not_a_plain_no(raised):
    """« 45 000 € par projet, porté à 60 000 € pour les projets comportant un axe 3 »: 58 000 € is over the cap but
    within the raised one; 70 000 € is over both."""
    within = raised.ask("Association de Dole, projet axe 1 et axe 3, on demande 58 000 €. C'est possible ?")
    assert within.verdict != "no"
    assert "60 000 €" in within.answer
    assert "pour le cas que vous décrivez" in within.answer  # axis 3 named: the raised cap's case is met
    over = raised.ask("Association de Dole, projet axe 1 et axe 3, on demande 70 000 €. C'est possible ?")
    assert over.verdict == "no"
    other = raised.ask("Association de Dole, projet axe 1 et axe 2, on demande 58 000 €. C'est possible ?")
    assert other.verdict == "no"  # other axes named: not the raised cap's case


def test_the_partners_an_applicant_lists_are_not_the_applicant(call):
    ans = call.ask("Nous sommes un ACI de Dole. Chantier de 8 mois à partir de décembre 2027, 10 participants qui "
                   "habitent tous Dole, partenaires France Travail et la mission locale. C'est bon ?")
    assert "établissement public" not in ans.answer
    assert ans.verdict != "no"


def test_the_parts_of_one_request_add_up_and_requests_to_other_funders_do_not(raised):
    parts = raised.ask("Association de Dole, projet axe 1 : on demande 8 000 € pour le parcours et on ajoute un volet "
                       "axe 3 pour lequel on demande 4 000 €. C'est recevable ?")
    assert "inférieur au plancher" not in parts.answer
    assert parts.verdict != "no"
    funders = raised.ask("Association de Dole, projet axe 1 : on demande 8 000 € au Département et on demande 4 000 € à "
                         "la Région. C'est recevable ?")
    assert funders.verdict == "no" and "10 000 €" in funders.answer
