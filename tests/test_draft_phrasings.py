"""Phrasings another writer's call used, read the way an applicant needs them, on an unedited `ami new-call` draft of a
generated .docx: a duration "comprise entre 12 mois et 24 mois", a seat required by excluding what is outside a
région, communes among the admitted applicants, a public's age limit "étendue jusqu'à", a list of people or of
ineligible expenses that is not a list of applicants, communes named one by one with the intercommunalities they belong
to; and, on the applicant's side, a creation date after a complement
("déclarée en préfecture en septembre 2025"), a farmer "en nom propre", a school named as a complement, the price of a
thing bought, and a word the call uses everywhere that rules nothing out."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets 2027 « Semer l'emploi »"),
    ("p", "Préfecture fictive – Direction de l'emploi"),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte sur quatre communes appartenant à deux intercommunalités : la Communauté de communes Terre d'Eau et la "
          "Communauté de communes des Vosges côté Sud-Ouest."),
    ("table", [["Intercommunalité", "Communes concernées"], ["Communauté de communes Terre d'Eau", "Bulgnéville, Contrexéville"],
               ["Communauté de communes des Vosges côté Sud-Ouest", "Darney, Lamarche"]]),
    ("p", "Seules ces quatre communes constituent le territoire. Les autres communes des deux intercommunalités, y compris Vittel, "
          "n'en font pas partie."),
    ("h2", "1.1 Siège du porteur"),
    ("p", "Le siège social du porteur n'a pas à être situé sur le territoire : il peut se trouver dans n'importe quelle commune "
          "de la région Grand Est. Un porteur dont le siège est situé hors de la région Grand Est n'est pas éligible."),
    ("h1", "2. Structures éligibles"),
    ("p", "La structure candidate doit avoir été créée depuis au moins douze mois à la date limite de dépôt."),
    ("p", "Peuvent déposer une candidature :"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les sociétés coopératives d'intérêt collectif (SCIC) ;"),
    ("li", "les communes, les établissements publics de coopération intercommunale et leurs centres communaux d'action sociale."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "les personnes physiques, y compris les agriculteurs exerçant en nom propre ;"),
    ("li", "les entreprises privées à but lucratif."),
    ("h1", "3. Public visé"),
    ("p", "Les actions s'adressent aux personnes suivantes :"),
    ("li", "les demandeurs d'emploi inscrits à France Travail depuis au moins six mois ;"),
    ("li", "les jeunes de 16 à 25 ans révolus ; cette tranche d'âge est étendue jusqu'à 29 ans révolus pour les jeunes bénéficiant "
           "d'une reconnaissance de la qualité de travailleur handicapé (RQTH)."),
    ("p", "Les personnes en emploi à durée indéterminée ne peuvent pas être accompagnées."),
    ("h1", "4. Durée"),
    ("p", "La durée d'un projet est comprise entre 12 mois et 24 mois. Le projet ne peut pas démarrer avant le 1er juin 2027 ; il doit "
          "avoir démarré au plus tard le 1er octobre 2027."),
    ("h1", "5. Financement"),
    ("p", "La subvention est comprise entre 20 000 € et 70 000 € par projet. Elle ne peut excéder 70 % du coût total éligible."),
    ("p", "Ce taux est porté à 80 % lorsque les allocataires du RSA représentent au moins la moitié des participants prévus."),
    ("p", "Ne sont pas pris en compte comme cofinancement : les contributions volontaires en nature (bénévolat, mise à disposition "
          "gratuite de locaux)."),
    ("h2", "5.1 Dépenses éligibles"),
    ("li", "les frais de déplacement des participants ;"),
    ("li", "l'achat de petit équipement, chaque article ne pouvant dépasser 3 000 € HT."),
    ("h2", "5.2 Dépenses inéligibles"),
    ("p", "Ne sont pas éligibles :"),
    ("li", "l'achat de véhicules ;"),
    ("li", "les rémunérations versées directement aux jeunes accompagnés."),
    ("h1", "6. Calendrier"),
    ("table", [["Étape", "Date"], ["Ouverture", "lundi 11 janvier 2027"], ["Date limite de dépôt", "vendredi 26 mars 2027 à 12 h 00"],
               ["Comité de sélection", "mardi 11 mai 2027"]]),
    ("p", "Les dossiers recevables sont examinés par un comité de sélection réunissant la préfecture et ses partenaires."),
    ("p", "Les porteurs peuvent poser leurs questions par écrit à semer-emploi@prefecture.example, jusqu'au vendredi 12 mars 2027 inclus."),
    ("p", "Une réunion d'information se tiendra le jeudi 4 février 2027 à 14 h 00 à la mairie de Darney. L'inscription se fait par "
          "courriel à semer-emploi@prefecture.example avant le 1er février 2027. La participation à cette réunion n'est pas obligatoire."),
    ("h1", "7. Versement"),
    ("p", "La subvention est versée en trois tranches :"),
    ("table", [["Tranche", "Part de la subvention", "Condition de versement"], ["Première tranche", "50 %", "à la signature de la convention"],
               ["Deuxième tranche", "30 %", "après le bilan intermédiaire"], ["Solde", "20 %", "après le bilan final"]]),
    ("h1", "8. Dossier"),
    ("h2", "8.1 Pièces à fournir"),
    ("p", "Le dossier de candidature comprend :"),
    ("li", "le formulaire Cerfa n° 12156*06 « Demande de subvention(s) » ;"),
    ("li", "une note de présentation de 12 pages maximum, au format PDF ;"),
    ("li", "le budget prévisionnel, établi sur le modèle fourni ;"),
    ("li", "les statuts à jour de la structure."),
    ("p", "Les jeunes accompagnés sont suivis six mois après leur sortie. Les jeunes sont orientés par la Mission locale. Les jeunes "
          "bénéficient d'un référent unique. Chaque jeune signe un contrat d'engagement."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("phrasings"), "semer", CALL, date(2027, 2, 1))[0]


def _constraint(a, cid):
    return next(c for c in a.spec.effective_constraints() if c.id == cid)


def test_communes_named_one_by_one_are_the_territory_not_their_intercommunalities(drafted):
    assert sorted(r.name for r in drafted.territory.basin) == ["Bulgnéville", "Contrexéville", "Darney", "Lamarche"]
    ans = drafted.ask("Une action à Vittel, c'est possible ?")
    assert ans.verdict == "no" and "Vittel" in ans.answer


def test_a_duration_with_its_unit_on_both_bounds(drafted):
    duration = _constraint(drafted, "duration")
    assert (duration.min_months, duration.max_months) == (12, 24)
    ans = drafted.ask("Est-ce qu'on peut présenter un projet qui s'étale sur 30 mois ?")
    assert ans.verdict == "no" and "24 mois" in ans.answer


def test_a_seat_required_by_excluding_what_lies_outside_a_region(drafted):
    assert "88" in _constraint(drafted, "seat").allowed
    lyon = drafted.ask("Notre association a son siège à Lyon et voudrait agir à Darney. Pouvons-nous candidater ?")
    assert lyon.verdict == "no" and "région Grand Est" in lyon.answer
    nancy = drafted.ask("Notre association a son siège à Nancy ; toutes les actions auraient lieu à Lamarche. Ça pose problème ?")
    assert nancy.verdict == "yes"


def test_communes_among_the_admitted_applicants(drafted):
    assert "collectivite" in _constraint(drafted, "applicant").allowed
    ans = drafted.ask("La commune de Bulgnéville peut-elle porter un projet ?")
    assert ans.verdict == "yes" and "les communes, les établissements publics" in ans.answer


def test_lists_of_people_and_of_expenses_are_not_lists_of_applicants(drafted):
    quotes = " ".join(_constraint(drafted, "applicant").quotes)
    assert "demandeurs d'emploi" not in quotes and "véhicules" not in quotes and "emploi à durée indéterminée" not in quotes


def test_an_age_limit_extended_on_a_condition(drafted):
    age = _constraint(drafted, "age")
    assert (age.min_age, age.max_age, age.raised_max_age) == (16, 25, 29)
    met = drafted.ask("Un jeune de 27 ans reconnu travailleur handicapé, sorti du lycée sans diplôme, peut-il intégrer notre parcours ?")
    assert met.verdict == "yes" and "29 ans" in met.answer
    assert "[1][1]" not in met.answer  # the sentence is cited once
    assert "Porteur" not in met.answer  # "sorti du lycée" names no applicant


def test_a_creation_date_after_a_complement(drafted):
    ans = drafted.ask("Notre association loi 1901 a été déclarée en préfecture en septembre 2025. Est-elle assez ancienne pour déposer ?")
    assert ans.verdict == "yes" and "Démarrage" not in ans.answer
    assert "septembre 2025" in ans.answer


def test_a_farmer_in_his_own_name_is_an_individual(drafted):
    ans = drafted.ask("Je suis agriculteur à Darney, en nom propre. Je peux candidater moi-même ?")
    assert ans.verdict == "no" and "personnes physiques" in ans.answer


def test_the_price_of_a_thing_bought_is_not_the_amount_asked(drafted):
    ans = drafted.ask("Peut-on acheter avec la subvention une débroussailleuse à 1 800 € HT ?")
    assert "plancher" not in ans.answer and "20 000 €" not in ans.answer


def test_a_word_the_call_uses_everywhere_rules_nothing_out(drafted):
    ans = drafted.ask("Les tickets de bus qu'on paye aux jeunes, ça rentre dans les dépenses éligibles ?")
    assert not ans.answer.startswith("**Non")
    assert drafted.ask("Peut-on acheter un minibus pour transporter les jeunes ?").answer.startswith("**Non")


def test_a_raised_rate_on_a_share_in_words(drafted):
    few = drafted.ask("Association à Darney créée en 2012, 12 mois dès juin 2027, 15 participants dont 5 au RSA. Budget éligible "
                      "95 000 €, on sollicite 70 000 €. Ça passe ?")
    assert few.verdict == "no" and "80 %" in few.answer
    many = drafted.ask("Association à Darney créée en 2012, 12 mois dès juin 2027, 20 participants dont 12 au RSA. Budget éligible "
                       "95 000 €, on sollicite 70 000 €. Ça passe ?")
    assert many.verdict == "yes"


def test_what_the_call_does_not_count_is_a_no(drafted):
    ans = drafted.ask("Le bénévolat de nos adhérents, on peut le compter dans le cofinancement ?")
    assert ans.answer.startswith("**Non") and "bénévolat" in ans.answer


def test_a_partners_town_is_not_where_the_action_takes_place(drafted):
    ans = drafted.ask("Consortium : notre association (chef de file, créée en 2014, siège à Nancy), l'EPLEFPA de Mirecourt et une "
                      "EARL de Lamarche. Projet de 18 mois à Darney dès septembre 2027. C'est bon ?")
    assert ans.verdict in ("yes", "conditional") and "Darney" in ans.answer
    assert "Mirecourt" not in ans.answer


def test_a_lowercase_french_word_is_not_a_commune_spelled_otherwise(drafted):
    r = drafted.check_text("Association de Darney créée en 2010. Les ateliers se font sur place. Projet de 14 mois dès juillet 2027.")
    assert next(c for c in r.criteria if c.id == "territory").status == "pass"  # "sur place" is not Placé (Mayenne)
    assert "Paris" in [m.name for m in drafted.territory.find_in_text("notre siège est à paris")]  # its own spelling still is


def test_the_questions_period_and_the_information_meeting(drafted):
    q = drafted.ask("Jusqu'à quelle date peut-on envoyer des questions, et à quelle adresse mail ?")
    assert "12 mars 2027" in q.answer and "semer-emploi@prefecture.example" in q.answer
    meeting = drafted.ask("La réunion d'information, c'est quel jour ? Et comment s'y inscrire ?")
    assert "4 février 2027" in meeting.answer and "1er février 2027" in meeting.answer
    must = drafted.ask("La réunion d'information est-elle obligatoire ?")
    assert "n'est pas obligatoire" in must.answer


def test_a_list_comes_whole_with_the_line_that_announces_it(drafted):
    paid = drafted.ask("Comment se fait le paiement de la subvention, en combien de fois ?")
    assert "trois tranches" in paid.answer and "50 %" in paid.answer and "20 %" in paid.answer
    assert paid.answer.index("trois tranches") < paid.answer.index("50 %")  # in the document's order
    parts = drafted.ask("Quelles sont les pièces à fournir ?")
    assert "12156*06" in parts.answer and "statuts" in parts.answer


def test_a_yes_no_question_on_something_the_call_never_names_gets_its_silence(drafted):
    ans = drafted.ask("Si notre dossier est refusé par le comité, est-ce qu'on peut faire un recours ?")
    assert ans.kind == "not_in_call" and "semer-emploi@prefecture.example" in ans.answer


LOTS = [
    ("title", "Appel à manifestation d'intérêt « Quartiers actifs » 2027"),
    ("p", "Métropole fictive – Direction de l'emploi"),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte sur les communes suivantes :"),
    ("li", "Firminy ;"),
    ("li", "Rive-de-Gier."),
    ("h1", "2. Montant de l'aide"),
    ("p", "Le montant de l'aide dépend du lot :"),
    ("table", [["Lot", "Aide minimale", "Aide maximale"], ["Lot 1 – Repérage", "20 000 €", "60 000 €"],
               ["Lot 2 – Accès à l'emploi", "40 000 €", "120 000 €"]]),
    ("h1", "3. Calendrier"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 26 mars 2027 à 12 h 00 à quartiers@metropole.example."),
    ("table", [["Étape", "Date"], ["Webinaire d'information", "jeudi 14 janvier 2027"],
               ["Date limite des lettres d'intention", "vendredi 29 janvier 2027"], ["Dépôt des dossiers", "vendredi 26 mars 2027"]]),
    ("p", "Chaque porteur adresse une lettre d'intention de deux pages maximum au plus tard le vendredi 29 janvier 2027."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def lots(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("lots"), "lots", LOTS, date(2027, 2, 1))[0]


def test_the_row_of_the_case_the_applicant_names_decides_the_amount(lots):
    low = lots.ask("Association à Firminy, on candidate sur le lot 2 et on demande 30 000 € : c'est possible ?")
    assert low.verdict == "no" and "40 000 €" in low.answer
    high = lots.ask("Association à Firminy, on candidate sur le lot 1 et on demande 100 000 € : c'est possible ?")
    assert high.verdict == "no" and "60 000 €" in high.answer
    fine = lots.ask("Association à Firminy, on candidate sur le lot 2 et on demande 100 000 € : c'est possible ?")
    assert fine.verdict == "yes"


def test_a_day_is_not_a_count_of_its_month(lots):
    ans = lots.ask("On peut envoyer la lettre d'intention le 25 janvier 2027 ?")
    assert not ans.answer.startswith("**Non") and "29 janvier 2027" in ans.answer


def test_an_english_question_gets_the_whole_drafted_rule(drafted):
    ans = drafted.ask("How is the grant paid, and what share do we get upfront?")
    assert "50 %" in ans.answer and "20 %" in ans.answer


def test_a_sentence_two_rules_hold_is_quoted_once(lots):
    ans = lots.ask("Notre lettre d'intention fait 3 pages, ça passe ?")
    assert ans.answer.startswith("**Non") and ans.answer.count("deux pages maximum") == 1
