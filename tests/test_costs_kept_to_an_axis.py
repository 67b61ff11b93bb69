"""A cost a call pays for in one axis only, read where calls write it, on an unedited `ami new-call` draft of a
generated .docx: « l'achat de véhicules, dans les limites fixées pour l'axe 2 » in the list of eligible costs, or an
item of one axis's own conditions (« Conditions propres à l'axe 3 : - les dépenses d'investissement (achat de
véhicules …) sont éligibles dans la limite de 30 % … ») — asked on another axis, the answer is « Non » with that line;
on its axis, « Oui » with the limit quoted. The theme's own heading is what a theme check quotes; an item
admitting a kind « sans condition d'ancienneté » spares it the call's rule of age; a question asked in English about
a for-profit company gets a verdict on the kind it names; the kinds an item gives in brackets as examples of the kind
it admits (« … (ateliers et chantiers d'insertion, entreprises d'insertion) ») admit those, not every company that a
sentence « Ne peuvent pas candidater : les entreprises commerciales ne relevant pas de l'ESS » rules out on a
condition. And: a raised cap for a case the call defines in a sentence of its own (« Projet interterritorial : … suppose
que … dans chacune des deux intercommunalités »), weighed on the places named; a share of a public in a table whose
columns are the axes; a cost the project states with its amount (« 25 000 € de prestations ») against the share of the
total a line allows; an age one axis sets for itself; a dossier sent « ce soir » on the day of a noon deadline; the
months of the activity against the periods a call requires (« au moins 70 % des heures … pendant les périodes
d'intersaison »); a cost named more closely by an allowed line than by an excluded one; a cost ruled out in one axis
and kept to another (both lines); an age rule waived in its own item for a case the applicant states (« statuts
déposés en février 2027 » is a creation); « mis en ligne » said of a webinar is no channel of the dossier;
« particulier » as an adjective is no individual; a call naming no contact address points to its issuer."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Forez Parents Mobiles » 2027"),
    ("p", "Document fictif de la DDETS de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "1.1 Axe 1 – Garde d'enfants en horaires atypiques"),
    ("p", "Solutions de garde tôt le matin, le soir ou le week-end pour les parents en reprise d'emploi."),
    ("h2", "1.2 Axe 2 – Accompagnement renforcé des parents"),
    ("p", "Accompagnement individuel intensif par un référent unique et ateliers collectifs."),
    ("h2", "1.3 Axe 3 – Mobilité des parents"),
    ("p", "Location solidaire de voitures et de scooters, transport à la demande vers l'emploi."),
    ("p", "Conditions propres à l'axe 3 :"),
    ("li", "les dépenses d'investissement (achat de véhicules, de vélos, d'équipements) sont éligibles dans la limite de "
           "30 % des dépenses éligibles du projet ;"),
    ("li", "les aides individuelles versées aux participants sont plafonnées à 400 € par participant."),
    ("h1", "2. Structures éligibles"),
    ("li", "associations loi 1901 justifiant d'au moins deux ans d'existence à la date limite de dépôt ;"),
    ("li", "structures de l'insertion par l'activité économique conventionnées par l'État (ateliers et chantiers "
           "d'insertion, entreprises d'insertion), quelle que soit leur forme juridique et sans condition d'ancienneté ;"),
    ("li", "communes et intercommunalités du territoire."),
    ("p", "Ne peuvent pas candidater : les entreprises commerciales ne relevant pas de l'ESS ; les personnes physiques."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Lapalisse : Lapalisse, Andelaroche, Barrais-Bussolles, Bert, "
          "Billezois, Droiturier, Isserpent, Périgny."),
    ("h1", "4. Dépenses"),
    ("p", "Sont éligibles les dépenses directement liées au projet :"),
    ("li", "salaires et charges des personnels affectés au projet ;"),
    ("li", "frais de déplacement des participants ;"),
    ("li", "petites fournitures et matériel pédagogique."),
    ("h1", "5. Financement et calendrier"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet et ne peut dépasser 80 % du coût total."),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00."),
    ("p", "Le dépôt se fait exclusivement sur la plateforme https://demarches.example/forez-parents-2027."),
]

# a second call whose list of eligible costs sends the purchase of vehicles to the axis 2's limits
CALL_2 = [
    ("title", "Appel à projets « Parents en route » 2027"),
    ("p", "Document fictif du Département de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("p", "Le public cible est constitué des parents élevant seuls au moins un enfant âgé de moins de 16 ans."),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("p", "Garde d'enfants en horaires atypiques et en urgence."),
    ("p", "Conditions propres à l'axe 1 :"),
    ("li", "les enfants concernés doivent avoir moins de 12 ans."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Location de véhicules, auto-école sociale, transport à la demande."),
    ("p", "Les dépenses d'investissement (achat de véhicules) sont plafonnées à 30 % du coût total éligible du projet."),
    ("h2", "Axe 3 – Parcours renforcés parents-emploi"),
    ("p", "Accompagnement renforcé des parents vers l'emploi durable."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent candidater les associations loi 1901 et les communes du territoire."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Lapalisse : Lapalisse, Andelaroche, Barrais-Bussolles, Bert, "
          "Billezois, Droiturier, Isserpent, Périgny."),
    ("h1", "4. Dépenses éligibles"),
    ("li", "les frais de personnel affecté au projet ;"),
    ("li", "la location, l'assurance et le carburant des véhicules mis à disposition ;"),
    ("li", "l'achat de véhicules, dans les limites fixées pour l'axe 2 ;"),
    ("li", "les frais de déplacement des participants."),
    ("h1", "5. Financement et calendrier"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet."),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("cost_axis"), "cost_axis", CALL, date(2027, 4, 1))[0]


@pytest.fixture(scope="module")
def call_2(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("cost_axis_2"), "cost_axis_2", CALL_2, date(2027, 4, 1))[0]


def test_a_cost_of_one_axis_own_conditions_asked_on_another(call):
    other = call.ask("Pour notre projet d'accompagnement renforcé (axe 2) on voudrait acheter un minibus pour amener "
                     "les mamans aux ateliers, c'est finançable ?")
    assert other.verdict == "no", other.answer
    assert "axe 3" in other.answer and "achat de véhicules, de vélos, d'équipements" in other.answer
    own = call.ask("Pour notre projet de mobilité (axe 3), on voudrait acheter un minibus, c'est finançable ?")
    assert own.verdict == "yes", own.answer  # within the limit the line states, quoted
    assert "dans la limite de 30 % des dépenses éligibles du projet" in own.answer
    # the whole part on the axes is not quoted after the verdict: the line weighed is
    assert own.answer.count("« ") <= 12, own.answer


def test_a_cost_sent_to_another_axis_limits(call_2):
    other = call_2.ask("Pour notre parcours parents-emploi (axe 3) on voudrait acheter un minibus 9 places pour emmener "
                       "les parents aux ateliers, c'est finançable ?")
    assert other.verdict == "no", other.answer
    assert "l'achat de véhicules, dans les limites fixées pour l'axe 2" in other.answer
    own = call_2.ask("Pour notre projet de mobilité (axe 2) on voudrait acheter un minibus, c'est finançable ?")
    assert own.verdict != "no", own.answer


def test_the_theme_check_quotes_the_theme_named(call_2):
    got = call_2.ask("Pour notre parcours parents-emploi (axe 3) on voudrait acheter un minibus, c'est finançable ?")
    theme_line = next(line for line in got.answer.split("\n") if "Thématique" in line)
    quoted = got.answer.split(theme_line, 1)[1].split("\n")[1]
    assert "Axe 3 – Parcours renforcés parents-emploi" in quoted, got.answer


def test_a_kind_admitted_without_condition_of_age(call):
    got = call.ask("Notre asso porte un atelier chantier d'insertion conventionné par l'Etat depuis janvier 2026 à "
                   "Lapalisse, l'association elle-même a été créée en novembre 2025. L'ancienneté pose problème ou on peut "
                   "candidater ?")
    assert got.verdict in ("yes", "conditional"), got.answer
    assert "sans condition d'ancienneté" in got.answer
    young = call.ask("Notre association de Lapalisse a été créée en novembre 2025. L'ancienneté pose problème ou on peut "
                     "candidater ?")
    assert young.verdict == "no", young.answer


def test_a_for_profit_company_asked_in_english(call):
    got = call.ask("Can a for-profit company in Lapalisse apply for this call?")
    assert got.verdict in ("no", "conditional"), got.answer
    assert "entreprises commerciales ne relevant pas de l'ESS" in got.answer
    # « entreprises d'insertion », in brackets in the item on SIAE, admits those, not every company
    sarl = call.ask("Une SARL de Lapalisse peut-elle porter un projet ?")
    assert sarl.verdict in ("no", "conditional"), sarl.answer
    ei = call.ask("Une entreprise d'insertion de Lapalisse peut-elle candidater ?")
    assert ei.verdict == "yes", ei.answer


# a call whose raised cap is a case it defines in a sentence of its own, whose shares of a public are a table by axis,
# and whose eligible costs limit one to a share of the total cost
CALL_3 = [
    ("title", "Appel à projets « Passerelles Bourbonnais » 2027"),
    ("p", "Document fictif de la DDETS de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Immersions en entreprise"),
    ("p", "Parcours d'immersion chez des employeurs du territoire."),
    ("h2", "Axe 2 – Compétences numériques"),
    ("p", "Ateliers numériques pour les personnes éloignées de l'emploi."),
    ("h2", "Axe 3 – Garde d'enfants"),
    ("p", "Solutions de garde pour les parents en parcours d'insertion."),
    ("h2", "Conditions de public propres à chaque axe"),
    ("table", [["Condition", "Axe 1", "Axe 2", "Axe 3"],
               ["Part minimale de bénéficiaires du RSA", "50 %", "50 %", "sans objet"],
               ["Part minimale de familles monoparentales", "sans objet", "sans objet", "30 %"]]),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les groupements d'employeurs et les GEIQ ;"),
    ("li", "les communes et les communautés de communes du territoire, uniquement au titre des axes 1 et 2."),
    ("h1", "3. Territoire"),
    ("p", "Communauté de communes du Pays de Lapalisse : Lapalisse, Andelaroche, Barrais-Bussolles, Bert, Billezois, "
          "Droiturier, Isserpent, Périgny."),
    ("p", "Communauté de communes Entr'Allier Besbre et Loire : Dompierre-sur-Besbre, Jaligny-sur-Besbre, Thionne, "
          "Vaumas, Saligny-sur-Roudon."),
    ("h1", "4. Financement"),
    ("table", [["Axe", "Enveloppe", "Plancher par projet", "Plafond par projet"],
               ["Axe 1", "300 000 €", "10 000 €", "45 000 € (60 000 € si projet interterritorial)"],
               ["Axe 2", "200 000 €", "10 000 €", "45 000 € (60 000 € si projet interterritorial)"],
               ["Axe 3", "100 000 €", "5 000 €", "25 000 €"]]),
    ("p", "Projet interterritorial : le plafond de 60 000 € ne s'applique qu'aux axes 1 et 2 et suppose que le projet "
          "dispose d'au moins un lieu d'action dans chacune des deux intercommunalités."),
    ("p", "La subvention ne peut dépasser 70 % du coût total éligible du projet."),
    ("h2", "Dépenses éligibles"),
    ("li", "frais de personnel affecté au projet ;"),
    ("li", "prestations de services externes, dans la limite de 40 % du coût total éligible ;"),
    ("li", "frais de repas des participants pendant les immersions, dans la limite de 15 € par repas ;"),
    ("li", "l'achat de véhicules, pour l'axe 2 uniquement, dans la limite de 15 000 € par projet ;"),
    ("li", "frais de déplacement des participants."),
    ("h2", "Dépenses non éligibles"),
    ("li", "rémunération, gratification ou indemnisation des participants ;"),
    ("li", "l'achat de véhicules dans les projets des axes 1 et 3."),
    ("h1", "5. Calendrier"),
    ("p", "Les projets durent de 12 à 18 mois et démarrent entre le 1er octobre 2027 et le 3 janvier 2028."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00."),
]


@pytest.fixture(scope="module")
def call_3(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("cost_axis_3"), "cost_axis_3", CALL_3, date(2027, 4, 1))[0]


def test_a_raised_cap_for_a_case_the_call_defines(call_3):
    one_place = call_3.ask("Asso de Lapalisse, axe 1, actions à Lapalisse et à Bert. On demande 55 000 € pour un budget "
                           "de 80 000 € puisque c'est interterritorial. Ok ?")
    assert one_place.verdict == "no", one_place.answer
    assert "suppose que le projet dispose d'au moins un lieu d'action dans chacune des deux intercommunalités" in one_place.answer
    both = call_3.ask("Asso de Lapalisse, axe 1, actions à Lapalisse et à Dompierre-sur-Besbre. On demande 55 000 € pour "
                      "un budget de 80 000 €, projet interterritorial. Ok ?")
    assert both.verdict != "no", both.answer


def test_a_share_of_a_public_in_a_table_by_axis(call_3):
    below = call_3.ask("Asso de Lapalisse, axe 2, 16 participants : 5 au RSA et 11 demandeurs d'emploi. C'est bon ?")
    assert below.verdict == "no", below.answer
    assert "Part minimale de bénéficiaires du RSA | 50 % | 50 % | sans objet" in below.answer
    above = call_3.ask("Asso de Lapalisse, axe 2, 16 participants : 9 au RSA et 7 demandeurs d'emploi. C'est bon ?")
    assert above.verdict != "no", above.answer
    other_axis = call_3.ask("Asso de Lapalisse, axe 3, 10 familles dont 2 au RSA et 4 familles monoparentales. C'est bon ?")
    assert "5 au RSA" not in other_axis.answer and "Part minimale de bénéficiaires du RSA" not in other_axis.answer.split("D'après")[0]


def test_a_stated_cost_over_its_share_of_the_total(call_3):
    over = call_3.ask("Asso de Lapalisse, axe 1. On sous-traite l'essentiel à un organisme de formation : 25 000 € de "
                      "prestations sur un budget total de 40 000 €, et on demande 26 000 €. Ça tient ?")
    assert over.verdict == "no", over.answer
    assert "prestations de services externes, dans la limite de 40 % du coût total éligible" in over.answer
    within = call_3.ask("Asso de Lapalisse, axe 1 : 10 000 € de prestations sur un budget total de 40 000 €, on "
                        "demande 26 000 €. Ça tient ?")
    assert within.verdict != "no", within.answer


def test_an_age_one_axis_sets_for_itself(call_2):
    axis_1 = call_2.ask("Pour notre projet de garde en horaires décalés (axe 1), certaines familles ont des enfants de "
                        "13-14 ans. On peut les accueillir avec les crédits de l'appel ?")
    assert axis_1.verdict == "no", axis_1.answer
    assert "les enfants concernés doivent avoir moins de 12 ans" in axis_1.answer
    axis_2 = call_2.ask("Pour notre projet de mobilité (axe 2), certaines mamans ont des enfants de 13-14 ans. On peut "
                        "les accompagner ?")
    assert axis_2.verdict != "no", axis_2.answer


def test_sent_this_evening_on_the_day_of_a_noon_deadline(tmp_path):
    from fixtures_calls import draft_call

    on_the_day = draft_call(tmp_path, "cost_axis_day", CALL, date(2027, 5, 28))[0]
    evening = on_the_day.ask("et si on l'envoie par mail ce soir, ça passe quand même ?",
                             [{"role": "user", "content": "C'est quand la date limite de dépôt ?"},
                              {"role": "assistant", "content": "Les dossiers doivent être déposés au plus tard le 28 mai 2027."}])
    assert evening.verdict == "no", evening.answer
    assert "12h00" in evening.answer and "ce soir" in evening.answer
    morning = on_the_day.ask("On peut encore déposer aujourd'hui ?")
    assert morning.verdict != "no", morning.answer


def test_a_cost_named_by_an_allowed_line_more_than_by_an_excluded_one(call_3):
    got = call_3.ask("Est-ce qu'on peut prendre en charge le repas du midi des participants quand ils sont en immersion "
                     "dans une ferme ?")
    assert got.verdict == "yes", got.answer
    assert "frais de repas des participants pendant les immersions, dans la limite de 15 € par repas" in got.answer
    paid = call_3.ask("Est-ce qu'on peut prendre en charge une gratification des participants ?")
    assert paid.verdict == "no", paid.answer


# a seasonal call whose axis 1 requires most training hours in the periods between seasons, dated elsewhere
CALL_4 = [
    ("title", "Appel à projets « Saisons du Bourbonnais » 2027"),
    ("p", "Document fictif de la DDETS de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Définitions"),
    ("p", "Pour l'application du présent appel, les périodes d'intersaison sont fixées du 15 avril au 30 juin et du 15 "
          "septembre au 15 décembre."),
    ("h1", "2. Axes"),
    ("h2", "Axe 1 – Se former pendant l'intersaison"),
    ("p", "Formations courtes qualifiantes pour les travailleurs saisonniers."),
    ("p", "Conditions propres à l'axe 1 :"),
    ("li", "au moins 70 % des heures de formation doivent se dérouler pendant les périodes d'intersaison définies à la "
           "section 1 ;"),
    ("li", "au moins 50 % des participants doivent être des travailleurs saisonniers."),
    ("h2", "Axe 2 – Se loger pour travailler"),
    ("p", "Hébergement temporaire des saisonniers."),
    ("h1", "3. Structures éligibles"),
    ("p", "Peuvent candidater :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les groupements d'employeurs et les GEIQ ;"),
    ("li", "les communes du territoire."),
    ("p", "Conditions communes à tous les porteurs :"),
    ("li", "la structure doit avoir au moins deux ans d'existence à la date limite de dépôt (création antérieure au 28 mai "
           "2025). Par exception, cette condition ne s'applique pas aux groupements d'employeurs en cours de création qui "
           "déposent un projet sur l'axe 1 ;"),
    ("li", "la structure doit être à jour de ses obligations sociales et fiscales."),
    ("h1", "4. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Lapalisse : Lapalisse, Andelaroche, Barrais-Bussolles, Bert, "
          "Billezois, Droiturier, Isserpent, Périgny."),
    ("h1", "5. Financement et calendrier"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet."),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00."),
    ("p", "Un webinaire d'information aura lieu le mardi 23 mars 2027 à 10h00."),
    ("p", "Les dossiers sont déposés exclusivement sur la plateforme https://demarches.example/saisons-2027."),
]


@pytest.fixture(scope="module")
def call_4(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("periods"), "periods", CALL_4, date(2027, 4, 1))[0]


def test_months_of_the_activity_against_the_periods_the_call_sets(call_4):
    high_season = call_4.ask("Notre formation d'employé polyvalent d'hôtellerie aurait lieu surtout en juillet-août et en "
                             "janvier, quand les employeurs ont besoin de monde. Ça passe pour l'axe 1 ?")
    assert high_season.verdict == "no", high_season.answer
    assert "du 15 avril au 30 juin et du 15 septembre au 15 décembre" in high_season.answer
    assert "70 % des heures de formation" in high_season.answer
    between = call_4.ask("Pour l'axe 1 nos sessions CACES seraient en mai-juin puis en octobre-novembre. C'est compatible "
                         "avec les règles de l'axe 1 ?")
    assert between.verdict == "yes", between.answer
    # the month a project starts in is not when its training takes place; the axis 2 has no such rule
    start = call_4.ask("Asso de Lapalisse, axe 2 : hébergement de saisonniers, démarrage en juillet 2027. C'est possible ?")
    assert "Période de l'action" not in start.answer, start.answer


def test_a_cost_ruled_out_in_one_axis_and_kept_to_another(call_3):
    got = call_3.ask("On monte un projet axe 1. Est-ce qu'on peut mettre l'achat d'un minibus pour transporter les "
                     "participants dans le budget ?")
    assert got.verdict == "no", got.answer
    assert "l'achat de véhicules dans les projets des axes 1 et 3" in got.answer
    assert "l'achat de véhicules, pour l'axe 2 uniquement, dans la limite de 15 000 € par projet" in got.answer


def test_an_age_rule_waived_in_its_own_item_for_a_case_the_applicant_states(call_4):
    forming = call_4.ask("On est en train de créer un groupement d'employeurs agricoles (statuts déposés en février 2027) "
                         "pour enchaîner les saisons. On peut déposer même si la structure est toute neuve ?")
    assert forming.verdict == "conditional", forming.answer
    assert "groupements d'employeurs en cours de création qui déposent un projet sur l'axe 1" in forming.answer
    assert "Date limite" not in forming.answer  # the statutes' filing is the creation, not the dossier's sending
    young = call_4.ask("Notre association a été créée en février 2027. On peut déposer ?")
    assert young.verdict == "no", young.answer


def test_online_said_of_something_else_than_the_dossier(call_4):
    got = call_4.ask("Le webinaire du 23 mars sera-t-il enregistré et mis en ligne pour ceux qui ne peuvent pas y assister ?")
    assert got.verdict != "yes" and "Envoi du dossier" not in got.answer, got.answer
    mail = call_4.ask("On peut envoyer le dossier par mail ?")
    assert mail.verdict == "no" and "exclusivement sur la plateforme" in mail.answer, mail.answer


def test_particulier_as_an_adjective_is_no_individual(call_4):
    got = call_4.ask("Pour le tableau de suivi trimestriel, il faut utiliser un logiciel particulier (genre un extranet) "
                     "ou un simple fichier Excel ça va ?")
    assert "particulier" not in got.answer.split("\n")[0] and "Porteur" not in got.answer, got.answer
    # a call that names no contact address points to its issuer, not to an empty list
    assert "contacts que l'appel désigne :  [" not in got.answer
    assert "l'appel ne désigne pas d'adresse de contact" in got.answer and "Saisons du Bourbonnais" in got.answer, got.answer


def test_a_kind_kept_to_some_axes_au_titre_des(call_3):
    got = call_3.ask("Bonjour, je suis à la CC du Pays de Lapalisse. Est-ce que la communauté de communes peut porter un "
                     "projet de groupement d'employeurs sur l'axe 3 ?")
    assert got.verdict == "no", got.answer
    assert "uniquement au titre des axes 1 et 2" in got.answer
    assert "collectivité" in got.answer  # the applicant is the intercommunality, not the project's employers' group
    axis_1 = call_3.ask("Est-ce que la communauté de communes du Pays de Lapalisse peut porter un projet sur l'axe 1 ?")
    assert axis_1.verdict != "no", axis_1.answer


def test_all_of_the_people_served_are_of_a_public(call_3):
    got = call_3.ask("Asso de Lapalisse, axe 3, 10 familles, toutes des familles monoparentales. C'est bon ?")
    assert "toutes des familles monoparentales : dans la part que fixe l'appel" in got.answer, got.answer
    assert got.verdict != "no", got.answer
