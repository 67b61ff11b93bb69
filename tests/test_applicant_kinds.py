"""Who may apply, at what rate, for how much, and for whom, on an unedited `ami new-call` draft of a generated .docx:
kinds of applicant named inside another item ("les SIAE … : associations intermédiaires, entreprises d'insertion"), a
maximum rate set by kind of applicant in a table, a cap per participant beside the cap per project, a higher age
limit granted by exception, an intercommunality named in a question, where participants live, a list of excluded
actions that is no list of excluded applicants, an expense ruled out under its heading, and a subject the call never
speaks of beside one of its towns; what the call is silent on (how many projects each may send, how many will be
selected, a requirement it never names); a follow-up that stays on the rule answered before;
a programme whose grantees the call rules out; a share other funders must bring; a cost ruled out in a verdict."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Aller vers l'emploi » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique (SIAE) conventionnées par l'État : ateliers et chantiers "
           "d'insertion, associations intermédiaires, entreprises d'insertion, entreprises de travail temporaire d'insertion ;"),
    ("li", "les communes et les centres communaux d'action sociale (CCAS)."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "les entreprises commerciales, à l'exception des SIAE conventionnées ;"),
    ("li", "les auto-écoles commerciales agissant en leur nom propre (elles peuvent intervenir comme prestataires) ;"),
    ("li", "les personnes physiques ;"),
    ("li", "les structures ayant obtenu, pour la même action, un financement au titre de l'appel « Mobilité Plus 2026 »."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes de la CA du Grand Dole :"),
    ("li", "Dole ;"),
    ("li", "Tavaux ;"),
    ("li", "Damparis."),
    ("h1", "3. Publics"),
    ("p", "Les actions s'adressent :"),
    ("li", "aux jeunes âgés de 18 à 29 ans révolus, demandeurs d'emploi ;"),
    ("li", "par exception, aux personnes bénéficiant d'une reconnaissance de la qualité de travailleur handicapé (RQTH) "
           "jusqu'à 35 ans révolus."),
    ("p", "Chaque projet doit accompagner au minimum 12 participants."),
    ("h1", "4. Actions"),
    ("h2", "4.1 Actions attendues"),
    ("p", "Les projets proposent un accompagnement individuel vers l'emploi et la mobilité."),
    ("h2", "4.2 Actions exclues"),
    ("p", "Ne sont pas financés :"),
    ("li", "les aides individuelles versées directement aux participants ;"),
    ("li", "les actions déjà engagées avant la date de dépôt du dossier complet."),
    ("h1", "5. Financement"),
    ("table", [["", "Montant"],
               ["Subvention minimale par projet", "8 000 €"],
               ["Subvention maximale par projet", "40 000 €"],
               ["Plafond par participant", "1 500 € par participant prévu"]]),
    ("p", "Le taux maximal de l'aide dépend de la nature du porteur :"),
    ("table", [["Type de porteur", "Taux maximal des dépenses éligibles"],
               ["Associations et SIAE", "80 %"],
               ["Communes et CCAS", "50 %"]]),
    ("p", "Chaque projet doit mobiliser au moins 10 % de son budget auprès d'un financeur autre que le Département. Les "
          "fonds propres du porteur et les valorisations du bénévolat ne sont pas pris en compte pour atteindre ces 10 %."),
    ("h1", "6. Dépenses"),
    ("h2", "6.1 Dépenses éligibles"),
    ("li", "les frais de personnel affectés à l'action ;"),
    ("li", "l'achat de vélos et d'équipements de sécurité, dans la limite de 30 % du coût total du projet."),
    ("h2", "6.2 Dépenses inéligibles"),
    ("li", "l'achat de véhicules motorisés (voitures, scooters) ;"),
    ("li", "les amendes et frais de fourrière."),
    ("h1", "7. Critères de sélection"),
    ("table", [["Critère", "Pondération"],
               ["Pertinence du projet", "50 points"],
               ["Qualité de l'accompagnement", "50 points"]]),
    ("p", "Bonus : 5 points supplémentaires sont attribués aux projets menés à Damparis."),
    ("p", "Seuls les projets obtenant une note d'au moins 60 points sur 100 (hors bonus) peuvent être retenus."),
    ("h1", "8. Calendrier"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à emploi@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


def _drafted(tmp_path_factory, call_id: str, blocks: list, as_of: date):
    """An `Assistant` on the unedited draft of one of this module's generated calls."""
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp(call_id), call_id, blocks, as_of)[0]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    return _drafted(tmp_path_factory, "kinds", CALL, date(2027, 3, 1))


def test_a_kind_named_inside_another_item_is_no_condition_on_the_plain_item(call):
    asso = call.ask("On est une asso créée en 2015 à Tavaux, on peut candidater ?")
    assert asso.verdict == "yes" and "les associations loi 1901" in asso.answer and "à ses conditions" not in asso.answer


def test_companies_ruled_out_though_kinds_of_them_are_named_among_the_admitted(call):
    sarl = call.ask("Une SARL de services peut-elle candidater ?")
    assert sarl.verdict == "no" and "les entreprises commerciales" in sarl.answer
    ei = call.ask("On est une entreprise d'insertion à Dole, on peut candidater ?")
    assert ei.verdict == "yes"
    school = call.ask("Je gère une auto-école à Dole, est-ce que je peux porter le projet moi-même ?")
    assert school.verdict == "no" and "les auto-écoles commerciales" in school.answer


def test_the_rate_of_the_applicants_own_kind(call):
    town = call.ask("La commune de Damparis voudrait porter une action pour 25 personnes, budget 40 000 €, on demanderait "
                    "15 000 €. C'est ok ?")
    assert town.verdict == "yes"
    over = call.ask("La commune de Damparis voudrait porter une action pour 25 personnes, budget 40 000 €, on demanderait "
                    "30 000 €. C'est ok ?")
    assert over.verdict == "no" and "50 %" in over.answer and "30 %" not in over.answer
    asso = call.ask("Notre association de Dole porte une action pour 25 personnes, budget 40 000 €, on demande 30 000 €. "
                    "C'est ok ?")
    assert asso.verdict == "yes"


def test_a_cap_per_participant(call):
    ans = call.ask("Association de Tavaux, 15 participants, budget 40 000 €, on demande 30 000 €. On est bons ?")
    assert ans.verdict == "no" and "1 500 €" in ans.answer
    fine = call.ask("Association de Tavaux, 25 participants, budget 40 000 €, on demande 30 000 €. On est bons ?")
    assert fine.verdict == "yes"


def test_an_age_limit_raised_by_exception(call):
    history = [{"role": "user", "content": "Les jeunes, c'est jusqu'à quel âge ?"},
               {"role": "assistant", "content": "De 18 à 29 ans révolus."}]
    assert call.ask("et un jeune de 33 ans qui a une RQTH ?", history).verdict == "yes"
    assert call.ask("et un jeune de 33 ans sans RQTH ?", history).verdict == "no"
    assert call.ask("et un jeune de 37 ans qui a une RQTH ?", history).verdict == "no"


def test_an_intercommunality_and_where_participants_live_are_not_places_of_action(call):
    ans = call.ask("Association de Dole créée en 2010 : 16 participants dont 13 habitent à Dole et 3 à Besançon, budget "
                   "30 000 €, on demande 20 000 €, le Grand Dole met 3 000 €. C'est éligible ?")
    assert "Besançon" not in ans.answer and "hors du territoire" not in ans.answer
    assert ans.verdict == "yes"


def test_excluded_actions_are_no_excluded_applicants(call):
    ans = call.ask("Pour notre dossier complet on prévoit une action sur 15 mois, ça passe ?")
    assert ans.verdict != "no" and "dossier complet on" not in ans.answer


def test_an_expense_ruled_out_under_its_heading(call):
    car = call.ask("Peut-on acheter une voiture avec la subvention ?")
    assert car.verdict == "no" and "véhicules motorisés" in car.answer
    bikes = call.ask("Peut-on acheter des vélos avec la subvention ?")
    assert bikes.kind == "answer" and "l'achat de vélos" in bikes.answer


def test_a_subject_the_call_never_speaks_of_beside_one_of_its_towns(call):
    assert call.ask("On a un projet de micro-crèche à Tavaux, c'est finançable par cet appel ?").kind == "out_of_scope"
    assert call.ask("Un projet à Tavaux, c'est possible ?").verdict == "yes"


def test_what_the_call_is_silent_on_is_said_so(call):
    two = call.ask("Est-ce qu'une même asso peut déposer deux projets différents, un à Dole et un à Tavaux ?")
    assert two.kind == "not_in_call" and "emploi@departement.example" in two.answer
    many = call.ask("Environ combien de projets seront retenus au total ?")
    assert many.kind == "not_in_call"
    insurance = call.ask("Faut-il souscrire une assurance responsabilité civile pour les participants ?")
    assert insurance.verdict != "yes" and not insurance.answer.startswith("**Oui")
    assert call.ask("Combien de participants minimum par projet ?").kind == "answer"


def test_an_open_question_gets_no_verdict_and_every_ask_its_line(call):
    base = call.ask("Les 10 % de frais de personnel, ils sont calculés sur quoi exactement ?")
    assert base.verdict is None and not base.answer.startswith(("**Oui", "**Non"))
    both = call.ask("Quelle note faut-il pour être retenu et est-ce qu'il y a des points bonus ?")
    assert "60 points" in both.answer and "5 points supplémentaires" in both.answer


def test_a_follow_up_stays_on_the_rule_answered_before(call):
    rate = [{"role": "user", "content": "Quel est le taux maximal pour une association ?"},
            {"role": "assistant", "content": "80 %."}]
    town = call.ask("et si c'est la commune qui porte le projet ?", rate)
    assert "50 %" in town.answer
    cap = [{"role": "user", "content": "C'est quoi la subvention maximale par projet ?"},
           {"role": "assistant", "content": "40 000 €."}]
    assert "8 000 €" in call.ask("et le minimum ?", cap).answer


def test_those_funded_by_a_programme_the_call_names_are_ruled_out(call):
    ans = call.ask("Asso de Dole, 18 participants. Le Département voisin nous finance déjà cette même action via Mobilité "
                   "Plus 2026. On peut déposer aussi chez vous ?")
    assert ans.verdict == "no" and "Mobilité Plus 2026" in ans.answer
    never = call.ask("Asso de Dole, 18 participants, jamais financée par Mobilité Plus 2026. On peut déposer ?")
    assert never.verdict != "no"


def test_a_share_other_funders_must_bring_without_own_funds(call):
    own = call.ask("Notre asso de Tavaux : budget 20 000 €, on demande 16 000 €, 14 participants, et pour le reste 3 000 € "
                   "de fonds propres + 1 000 € de bénévolat valorisé. Le dossier est bon ?")
    assert own.verdict == "no" and "10 %" in own.answer
    other = call.ask("Notre asso de Tavaux : budget 20 000 €, on demande 16 000 €, 14 participants, et la CAF apporte "
                     "4 000 €. Le dossier est bon ?")
    assert other.verdict == "yes"


def test_a_cost_ruled_out_decides_a_verdict(call):
    ans = call.ask("Notre association de Dole, créée en 2012, peut-elle acheter une petite voiture d'occasion avec la subvention ?")
    assert ans.verdict == "no" and "véhicules motorisés" in ans.answer and "Mobilité Plus" not in ans.answer


TWO_STEPS = [
    ("title", "Appel à projets « Deux temps » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent candidater les associations loi 1901."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent à Dole ou à Tavaux."),
    ("h1", "3. Dépôt"),
    ("table", [["Étape", "Date"],
               ["Date limite de dépôt des lettres d'intention", "vendredi 12 mars 2027 à 12h00"],
               ["Date limite de dépôt des dossiers complets", "vendredi 14 mai 2027 à 17h00"]]),
    ("p", "Les lettres d'intention sont envoyées par courriel à l'adresse deuxtemps@departement.example. Les dossiers "
          "complets sont déposés exclusivement sur la plateforme demarches-simplifiees.fr, via le lien communiqué aux "
          "porteurs invités."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def two_steps(tmp_path_factory):
    return _drafted(tmp_path_factory, "steps", TWO_STEPS, date(2027, 2, 1))


def test_each_document_is_sent_its_own_way(two_steps):
    full = two_steps.ask("Le dossier complet, on l'envoie aussi par mail comme la lettre d'intention ?")
    assert full.verdict == "no" and "demarches-simplifiees.fr" in full.answer
    letter = two_steps.ask("La lettre d'intention, on l'envoie par mail ?")
    assert letter.verdict == "yes" and "deuxtemps@departement.example" in letter.answer


BRANCH = [
    ("title", "Appel à projets « Antennes » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent candidater les associations loi 1901."),
    ("p", "Le siège social du porteur doit se situer en région Bourgogne-Franche-Comté. Si le siège est situé hors du "
          "département du Jura, le porteur doit disposer d'un établissement secondaire ou d'une antenne permanente dans le "
          "Jura à la date de dépôt."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent à Dole ou à Tavaux."),
    ("h1", "3. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à antennes@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    return _drafted(tmp_path_factory, "branch", BRANCH, date(2027, 2, 1))


def test_a_seat_elsewhere_in_the_region_needs_the_local_branch_the_call_asks(branch):
    none = branch.ask("We are a charity based in Dijon with no office at all in the Jura. Can we apply if the activities "
                      "take place in Dole?")
    assert none.verdict == "no" and "antenne permanente" in none.answer
    one = branch.ask("Notre asso a son siège à Besançon mais on a une antenne permanente à Dole. On peut candidater ?")
    assert one.verdict == "yes"
    unsaid = branch.ask("Asso basée à Besançon, projet à Dole, on peut candidater ?")
    assert unsaid.verdict == "conditional" and "antenne permanente" in unsaid.answer
    home = branch.ask("Asso basée à Tavaux, projet à Dole, on peut candidater ?")
    assert home.verdict == "yes"



OUTSIDE = [
    ("title", "Appel à projets « Antennes locales » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent candidater les associations loi 1901. Les établissements publics ne sont pas éligibles."),
    ("p", "Le siège du porteur peut être situé en dehors du territoire, à condition que le porteur dispose sur le "
          "territoire d'une antenne ou d'une permanence ouverte au public au moins un jour par semaine."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent à Dole, à Tavaux ou à Damparis."),
    ("h1", "3. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à locales@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    return _drafted(tmp_path_factory, "outside", OUTSIDE, date(2027, 2, 1))


def test_a_seat_outside_the_territory_is_admitted_on_the_calls_condition_of_a_local_presence(outside):
    none = outside.ask("Our charity is based in Lons-le-Saunier and has no office or drop-in point in the area. Can we "
                       "apply to run a project in Dole?")
    assert none.verdict == "no" and "une antenne ou d'une permanence" in none.answer
    one = outside.ask("Notre association est basée à Lons-le-Saunier, avec une permanence chaque mardi à Dole. On peut "
                      "candidater ?")
    assert one.verdict == "yes"
    home = outside.ask("Asso basée à Tavaux, projet à Dole, on peut candidater ?")
    assert home.verdict == "yes"


def test_a_town_named_by_the_first_word_of_its_compound_name_is_that_town(outside):
    """« basée à Clairvaux »: the one commune of the territory's département whose name it opens."""
    ans = outside.ask("Notre association est basée à Clairvaux, sans antenne à Dole ni ailleurs sur le territoire. On peut "
                      "candidater ?")
    assert ans.verdict == "no" and "Clairvaux-les-Lacs" in ans.answer


def test_the_organisation_that_follows_a_participant_is_not_the_applicant(outside):
    ans = outside.ask("Can a 23-year-old who lives in Dole and is followed by the mission locale join a project?")
    assert "mission locale" not in ans.answer.split("\n")[0].lower()
    assert ans.verdict != "no"

IN_KIND = [
    ("title", "Appel à projets « En nature » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent candidater les associations loi 1901."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes suivantes :"),
    ("li", "Dole ;"),
    ("li", "Tavaux."),
    ("h1", "3. Financement"),
    ("p", "La subvention couvre au maximum 70 % des dépenses éligibles du projet."),
    ("p", "Les contributions volontaires en nature (bénévolat, mise à disposition gratuite de locaux) peuvent être "
          "valorisées dans la limite de 10 % du coût total du projet ; elles ne peuvent pas entrer dans l'assiette de "
          "calcul du taux de financement."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont déposés au plus tard le vendredi 14 mai 2027 à 17h00 à nature@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def in_kind(tmp_path_factory):
    return _drafted(tmp_path_factory, "inkind", IN_KIND, date(2027, 2, 1))


def test_contributions_in_kind_capped_and_out_of_the_rates_base(in_kind):
    much = in_kind.ask("Asso de Dole : budget 50 000 € dont 8 000 € de bénévolat valorisé, on demande 30 000 €. OK ?")
    assert much.verdict == "no" and "10 %" in much.answer
    base = in_kind.ask("Asso de Dole : budget 50 000 € dont 4 000 € de bénévolat valorisé, on demande 34 000 €. OK ?")
    assert base.verdict == "no" and "70 %" in base.answer  # 34 000 € of 46 000 €, not of 50 000 €
    fine = in_kind.ask("Asso de Dole : budget 50 000 € dont 4 000 € de bénévolat valorisé, on demande 30 000 €. OK ?")
    assert fine.verdict == "yes"


def test_communes_named_after_their_preposition_in_a_sentence(two_steps):
    assert two_steps.ask("Un projet à Dole, c'est possible ?").verdict == "yes"
    assert two_steps.ask("Un projet à Tavaux, c'est possible ?").verdict == "yes"


def test_a_town_alone_makes_no_yes_to_a_question_on_something_else(branch):
    job = branch.ask("Je cherche un job d'été dans une association à Tavaux, vous avez des offres à me proposer ?")
    assert job.verdict is None and not job.answer.startswith("**Oui")
    assert branch.ask("On peut mener des actions à Tavaux ?").verdict == "yes"


def test_a_table_of_criteria_makes_a_selection_section_whatever_its_heading(two_steps_graded):
    ans = two_steps_graded.ask("Il faut combien de points minimum pour être retenu ?")
    assert "60 points" in ans.answer and ans.kind == "answer"


@pytest.fixture(scope="module")
def two_steps_graded(tmp_path_factory):
    blocks = TWO_STEPS[:-1] + [("h1", "4. Sélection"),
                               ("p", "Les dossiers sont examinés par un comité."),
                               ("table", [["Critère", "Pondération"], ["Pertinence", "50 points"], ["Qualité", "50 points"]]),
                               ("p", "Un projet doit obtenir au moins 60 points pour être retenu."),
                               TWO_STEPS[-1]]
    return _drafted(tmp_path_factory, "graded", blocks, date(2027, 2, 1))


BY_KIND = [
    ("title", "Appel à projets « Selon la nature » 2027"),
    ("p", "Département fictif – Direction de l'insertion"),
    ("h1", "1. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les communes et les centres communaux d'action sociale (CCAS)."),
    ("p", "Ne sont pas éligibles en tant que porteur : les entreprises commerciales ; les établissements publics de l'État."),
    ("h1", "2. Territoire"),
    ("p", "Le territoire de l'appel est celui de la Communauté de communes Haute-Corrèze Communauté, notamment les communes "
          "d'Ussel, Meymac et Neuvic."),
    ("p", "Les actions conduites sur le territoire de Tulle Agglo ne sont pas éligibles."),
    ("h1", "3. Dépôt"),
    ("p", "Une réunion d'information se tient le 2 mars 2027 à Ussel ; elle est facultative."),
    ("p", "Les dossiers sont déposés sur la plateforme du Département aux dates limites suivantes :"),
    ("li", "associations : vendredi 16 avril 2027 à 12 h ;"),
    ("li", "communes et CCAS : vendredi 30 avril 2027 à 12 h."),
    ("p", "Contact : nature@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def by_kind(tmp_path_factory):
    return _drafted(tmp_path_factory, "bykind", BY_KIND, date(2027, 4, 20))


def test_a_deadline_by_kind_of_applicant(by_kind):
    ccas = by_kind.ask("On est le CCAS de Meymac, on pourra déposer le dossier le 28 avril, ça passe ?")
    assert ccas.verdict == "yes" and "30 avril 2027" in ccas.answer and "clos" not in ccas.answer
    asso = by_kind.ask("Notre association d'Ussel peut-elle déposer le dossier le 28 avril ?")
    assert asso.verdict == "no" and "16 avril 2027" in asso.answer


def test_an_intercommunality_the_call_rules_out_is_not_its_territory(by_kind):
    assert by_kind.ask("Un projet à Tulle, c'est possible ?").verdict == "no"
    assert by_kind.ask("Un projet à Meymac, c'est possible ?").verdict == "yes"


def test_a_kind_ruled_out_under_a_qualifier_rules_out_no_whole_type(by_kind):
    ans = by_kind.ask("Nous sommes la mission locale d'Ussel, pouvons-nous porter un projet ?")
    assert ans.verdict != "no"  # "les établissements publics de l'État" are not every public body


def test_whether_a_meeting_in_a_town_is_required_is_no_territory_question(by_kind):
    ans = by_kind.ask("La réunion du 2 mars à Ussel, elle est obligatoire pour pouvoir déposer ?")
    assert not ans.answer.startswith("**Oui") and "Ussel fait partie du territoire" not in ans.answer


def test_the_amount_asked_is_the_one_said_to_be_asked(call):
    small = call.ask("Association de Tavaux, 25 participants, 7 000 € demandés sur 12 000 € : éligible ?")
    assert small.verdict == "no" and "8 000 €" in small.answer  # 7 000 € asked, under the floor; 12 000 € is the cost
    part = call.ask("Association de Tavaux, 25 participants, budget 40 000 € dont 2 000 € de fonds propres, on demande "
                    "25 000 €, la CAF met 13 000 €. C'est bon ?")
    assert part.verdict == "yes"  # 25 000 € asked, not the 2 000 € of own funds
