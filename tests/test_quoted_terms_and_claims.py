"""A call's own terms and an applicant's claims, on an unedited `ami new-call` draft of a generated .docx: a term the
applicant uses that only one rule's quotes hold (« frais de structure ») finds that rule; a question on a topic the
call is silent on gets the verdict « unknown » whatever its form; « Ce taux est ramené à 5 % … » after a sentence on
own funds is no rate of the grant, nor is a consortium member's share among the applicant's conditions; a quota of
young participants under one axis is no age bound; « entre deux saisons » is no commune of Entre-Deux; « déposer un
dossier moi-même » is an individual's; « intégrer 4 apprentis de 17 ans » states their age, not the project's count;
a floor the applicant quotes (« le plancher c'est 20 000 € ») is no amount asked, so the place alone never makes a
« Oui »; « je travaille pour la société … qui exploite les remontées mécaniques » says what the applicant is; the row of a table a sentence announces (« ainsi répartie entre financeurs : ») is quoted with it; in
« On a déposé avant la date limite, on aura la réponse quand ? » the clause with the wh-word is what is asked."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à manifestation d'intérêt 2027 « Saisons d'ici »"),
    ("p", "Document fictif de la Préfecture des Hautes-Pyrénées (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Parcours entre deux saisons"),
    ("p", "Accompagnement et formation des saisonniers pendant l'intersaison."),
    ("p", "Conditions propres à l'axe 1 :"),
    ("li", "au moins 30 % des participants doivent être âgés de moins de 30 ans à leur entrée dans l'action ;"),
    ("li", "chaque projet doit accompagner au moins 20 participants sur sa durée."),
    ("h2", "Axe 2 – Logement des saisonniers"),
    ("p", "Mobilisation de logements vacants pour les travailleurs saisonniers."),
    ("h1", "2. Publics"),
    ("p", "Les projets s'adressent aux personnes âgées d'au moins 18 ans à la date de leur entrée dans l'action."),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent porter un projet :"),
    ("li", "les associations loi 1901 régulièrement déclarées ;"),
    ("li", "les communes, les communautés de communes, les CCAS et les CIAS."),
    ("p", "Ne peuvent pas porter de projet :"),
    ("li", "les personnes physiques, y compris les micro-entrepreneurs ;"),
    ("li", "les exploitants de domaines skiables et de remontées mécaniques, quelle que soit leur forme juridique ;"),
    ("li", "les entreprises à but lucratif."),
    ("h2", "3.1 Conditions à remplir par le porteur"),
    ("p", "Une structure de moins de deux ans d'existence ne peut pas être chef de file. Elle peut toutefois être membre "
          "d'un consortium ; dans ce cas, la part du budget qui lui est confiée ne peut excéder 30 % du coût total du "
          "projet."),
    ("h1", "4. Territoire"),
    ("p", "Communauté de communes Pyrénées Vallées des Gaves : Argelès-Gazost, Cauterets, Luz-Saint-Sauveur, "
          "Arrens-Marsous, Barèges."),
    ("p", "Communauté de communes de la Haute-Bigorre : Bagnères-de-Bigorre, Campan, Gerde, Pouzac."),
    ("h1", "5. Durée"),
    ("p", "La durée des projets est comprise entre 12 et 24 mois."),
    ("p", "Les projets démarrent entre le 1er décembre 2027 et le 31 mars 2028."),
    ("h1", "6. Dépenses éligibles"),
    ("p", "Sont éligibles :"),
    ("li", "les dépenses de personnel affecté au projet ;"),
    ("li", "les dépenses de communication, dans la limite de 5 % du coût total ;"),
    ("li", "les frais de structure, calculés forfaitairement à hauteur de 15 % des dépenses directes de personnel."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "l'acquisition de terrains ;"),
    ("li", "l'acquisition de véhicules au titre de l'axe 1."),
    ("h1", "7. Financement"),
    ("p", "L'enveloppe globale de l'appel s'élève à 500 000 €, ainsi répartie entre financeurs :"),
    ("table", [["Financeur", "Montant"], ["État – DDETS des Hautes-Pyrénées", "300 000 €"],
               ["CAF des Hautes-Pyrénées", "200 000 €"]]),
    ("table", [["Axe", "Subvention minimale (plancher)", "Subvention maximale (plafond)"],
               ["Axe 1 – Parcours entre deux saisons", "10 000 €", "60 000 €"],
               ["Axe 2 – Logement des saisonniers", "20 000 €", "120 000 €"]]),
    ("p", "Le taux maximal d'aide dépend de la nature du porteur et de l'axe :"),
    ("table", [["Nature du porteur", "Axe 1", "Axe 2"],
               ["Associations", "70 %", "60 %"],
               ["Communes, communautés de communes, CCAS, CIAS", "50 %", "50 %"]]),
    ("p", "Le porteur doit apporter des fonds propres représentant au moins 10 % du coût total du projet. Ce taux est "
          "ramené à 5 % pour les associations dont le budget annuel est inférieur à 200 000 €."),
    ("h1", "8. Engagements du porteur"),
    ("li", "tenir une comptabilité séparée du projet au sein de la structure ;"),
    ("li", "transmettre ses comptes annuels approuvés chaque année."),
    ("h1", "9. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : lundi 14 juin 2027 à 12h00."),
    ("p", "Le calendrier est le suivant :"),
    ("table", [["Étape", "Date"], ["Date limite de dépôt", "lundi 14 juin 2027 à 12h00"],
               ["Comité de sélection", "jeudi 8 juillet 2027"],
               ["Notification des décisions", "au plus tard le vendredi 23 juillet 2027"]]),
    ("p", "Les dossiers sont déposés sur la plateforme https://demarches.example/saisons-ici-2027."),
    ("p", "Contact : ddets-saisons@hautes-pyrenees.example.fr"),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("quoted_terms"), "quoted_terms", CALL, date(2027, 5, 10))[0]


def test_a_term_only_one_rules_quotes_hold(call):
    got = call.ask("Les frais de structure, c'est combien qu'on peut compter ?")
    assert "15 % des dépenses directes de personnel" in got.answer, got.answer


def test_silence_on_an_open_question_is_the_verdict_unknown(call):
    got = call.ask("Combien de projets seront retenus au total ?")
    assert got.kind == "not_in_call" and got.verdict == "unknown", got.answer


def test_own_funds_and_a_members_share_are_no_rate_of_the_grant(call):
    got = call.ask("Asso créée en 2012 à Argelès-Gazost. Projet axe 1 à Cauterets pour 25 saisonniers, 18 mois à partir "
                   "de janvier 2028. Budget total 70 000 €, on demande 45 000 € et on met 15 000 € de fonds propres. "
                   "Tout est dans les clous ?")
    assert got.verdict in ("yes", "conditional"), got.answer
    assert "dépasse 5 %" not in got.answer and "dépasse 30 %" not in got.answer


def test_a_quota_of_young_people_is_no_age_bound_and_some_apprentices_no_count(call):
    got = call.ask("Dans notre parcours (axe 1) on aimerait intégrer 4 apprentis de 17 ans qui font la saison à Gerde "
                   "et Pouzac. Ils peuvent compter comme participants ?")
    assert got.verdict == "no", got.answer
    assert "18 ans" in got.answer
    assert "Nombre de participants" not in got.answer and "jusqu'à 30 ans" not in got.answer


def test_between_two_seasons_is_no_commune(call):
    got = call.ask("Pour notre projet de formation entre deux saisons (axe 1) à Campan, on peut demander 30 000 € ?")
    assert "Entre-Deux" not in got.answer, got.answer


def test_an_individual_filing_alone(call):
    got = call.ask("Je suis serveur saisonnier à Cauterets. Je peux déposer un dossier moi-même pour payer mon logement ?")
    assert got.verdict == "no", got.answer
    assert "personnes physiques" in got.answer


def test_a_floor_the_applicant_quotes_is_no_amount_asked(call):
    got = call.ask("Le plancher de l'axe 2 c'est 20 000 €, donc on ne peut pas demander plus de 20 000 € pour notre "
                   "projet de logements à Argelès-Gazost, c'est ça ?")
    assert got.verdict != "yes", got.answer
    assert "Le montant demandé (20 000 €)" not in got.answer


def test_an_exclusion_kept_to_one_axis(call):
    other = call.ask("Pour notre projet axe 2 à Cauterets, on voudrait acheter un minibus pour amener les saisonniers à "
                     "leurs logements. L'achat peut être financé ?")
    assert "Dépense exclue" not in other.answer, other.answer
    same = call.ask("Pour notre projet axe 1 à Campan, on voudrait acheter un minibus pour emmener les stagiaires en "
                    "formation. L'achat peut être financé ?")
    assert same.verdict == "no" and "au titre de l'axe 1" in same.answer, same.answer


def test_the_years_of_a_structure_are_no_persons_age(call):
    got = call.ask("Si on rejoint le consortium monté par la MJC (qui a 20 ans), on pourrait gérer 25 % du budget du "
                   "projet ?")
    assert "Âge indiqué" not in got.answer and "Age of" not in got.answer, got.answer


def test_a_funders_row_of_the_table_a_sentence_announces(call):
    got = call.ask("La CAF met combien dans l'enveloppe de l'appel ?")
    assert "200 000 €" in got.answer, got.answer


def test_the_asked_clause_after_its_context(call):
    got = call.ask("On a déposé avant la date limite, on aura la réponse quand ?")
    assert "23 juillet 2027" in got.answer.split("\n\n")[0], got.answer


def test_the_employer_the_applicant_works_for(call):
    got = call.ask("Bonjour, je travaille pour la société d'économie mixte qui exploite les remontées mécaniques d'une "
                   "station des Vallées des Gaves. Nous voudrions porter un projet de logement pour nos saisonniers "
                   "(axe 2). Sommes-nous éligibles comme porteur ?")
    assert got.verdict == "no" and "remontées mécaniques" in got.answer, got.answer
