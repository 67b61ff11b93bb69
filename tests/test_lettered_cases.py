"""Cases a call names by capital letter (« Volet A », « Lot C ») under numbered section headings (« 5.2 Volet B – … »),
on an unedited `ami new-call` draft of a generated .docx: each volet's amounts, durations and head-counts are its own,
as for numbered axes; the drafted labels are the call's own (« Volet B », never « Volet 2 »); a table whose first
column is « Lot » with bare letters in its rows names its cases « Lot A »…; a follow-up « Et pour le C ? » asks the
earlier question of the volet C; an aid for a driving licence capped per participant under one volet is no cap of the
grant; a place the call gives as an example of where part of the actions may take place is not answered « Non »; a
raise on a condition (« pour le volet C uniquement, lorsque … ») does not keep the volet to part of the territory; and
an ordinary noun group (« la chambre de métiers ») is no commune."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à manifestation d'intérêt 2027 « Chemins d'emploi » en Margeride"),
    ("p", "Document fictif de la Préfecture de la Lozère (DDETS), rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte exclusivement sur les communes suivantes : Saint-Chély-d'Apcher, Albaret-Sainte-Marie, "
          "Fontans, Les Monts-Verts, Rimeize."),
    ("li", "Lieu des actions : au moins 80 % des heures se déroulent dans ces communes. Les 20 % restants peuvent avoir "
           "lieu ailleurs dans la Lozère (par exemple un plateau technique à Mende), jamais hors du département."),
    ("h1", "2. Qui peut candidater"),
    ("p", "Peuvent déposer un dossier : les associations créées depuis au moins deux ans, les structures de "
          "l'insertion par l'activité économique et les communes du territoire."),
    ("p", "Les chambres consulaires ne peuvent pas être chef de file, mais peuvent être membres d'un consortium."),
    ("h1", "3. Les volets"),
    ("h2", "3.1 Volet A – « Remobiliser »"),
    ("li", "Aide : de 15 000 € à 60 000 € par projet."),
    ("li", "Durée : de 12 à 18 mois."),
    ("li", "Au moins 20 participants accompagnés."),
    ("h2", "3.2 Volet B – « Apprendre en travaillant »"),
    ("p", "Parcours de qualification en situation de travail : chantiers-écoles et formations courtes des participants."),
    ("li", "Aide : de 40 000 € à 150 000 € par projet."),
    ("li", "Durée : de 18 à 24 mois."),
    ("li", "Au moins 12 participants."),
    ("h2", "3.3 Volet C – « Se déplacer »"),
    ("li", "Aide : de 20 000 € à 90 000 € par projet."),
    ("li", "Durée : 12 mois maximum."),
    ("li", "Au moins 30 participants."),
    ("li", "Aide au financement du permis de conduire plafonnée à 1 200 € par participant."),
    ("h1", "4. Financement"),
    ("p", "L'enveloppe globale est de 900 000 €."),
    ("table", [["Nature du porteur", "Taux maximal", "Part minimale de cofinancement"],
               ["Association ou structure de l'insertion", "70 %", "30 %"],
               ["Commune", "50 %", "50 %"]]),
    ("p", "Exception montagne : pour le volet C uniquement, lorsque l'action se déroule majoritairement à Rimeize, le "
          "taux maximal est porté à 80 % pour les associations (cofinancement minimal de 20 %)."),
    ("p", "La valorisation du bénévolat peut figurer au budget, mais n'entre pas dans le calcul de la part minimale de "
          "cofinancement."),
    ("h1", "5. Calendrier"),
    ("p", "Date limite de dépôt des dossiers : vendredi 11 juin 2027 à 12 h."),
    ("p", "Les actions démarrent entre le 1er décembre 2027 et le 1er mars 2028."),
    ("p", "Contact : chemins-emploi@lozere.example.fr"),
]

TABLE_CALL = [
    ("title", "Appel à projets 2027 « Premiers pas » en Aubrac"),
    ("p", "Document fictif de la DDETS de la Lozère, rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte exclusivement sur les communes suivantes : Nasbinals, Marchastel, Recoules-d'Aubrac."),
    ("h1", "2. Les lots"),
    ("p", "Chaque projet s'inscrit dans un seul lot."),
    ("table", [["Lot", "Objet", "Subvention plancher", "Subvention plafond", "Durée"],
               ["A", "Aller vers", "15 000 €", "50 000 €", "12 à 18 mois"],
               ["B", "Lever les freins", "10 000 €", "35 000 €", "12 mois maximum"],
               ["C", "Immersions", "20 000 €", "70 000 €", "18 à 24 mois"]]),
    ("h1", "3. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : vendredi 11 juin 2027 à 12 h."),
    ("p", "Contact : premiers-pas@lozere.example.fr"),
]


def _assistant(factory, call_id: str, blocks: list):
    """An assistant on the unedited draft of the call written as `blocks`."""
    from fixtures_calls import draft_call

    return draft_call(factory.mktemp(call_id), call_id, blocks, date(2027, 5, 20))[0]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    return _assistant(tmp_path_factory, "lettered", CALL)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return _assistant(tmp_path_factory, "lettered_table", TABLE_CALL)


def _cases(assistant, kind):
    c = next(x for x in assistant.spec.effective_constraints() if x.kind == kind)
    return {k.label: k for k in c.cases}


def test_each_volet_has_its_own_values_under_its_own_letter(drafted):
    amounts = _cases(drafted, "amount")
    assert {"Volet A", "Volet B", "Volet C"} <= set(amounts), amounts.keys()
    assert amounts["Volet B"].max_eur == 150000
    durations = _cases(drafted, "duration")
    assert durations["Volet C"].max_months == 12 and durations["Volet C"].min_months is None
    assert _cases(drafted, "participants")["Volet B"].min_people == 12


def test_a_profile_is_checked_against_its_own_volet(drafted):
    got = drafted.ask("Association créée en 2015 à Fontans : volet B sur 20 mois, démarrage le 3 janvier 2028, "
                      "15 participants, budget 180 000 € dont 120 000 € demandés. C'est bon ?")
    assert got.verdict == "yes", got.answer
    too_long = drafted.ask("Pour le volet C, un projet de 16 mois, c'est possible ?")
    assert too_long.verdict == "no", too_long.answer
    assert "12 mois" in too_long.answer


def test_a_follow_up_naming_only_the_letter(drafted):
    got = drafted.ask("Et pour le C ?", [{"role": "user", "content": "C'est quoi les montants pour le volet B ?"},
                                         {"role": "assistant", "content": "De 40 000 € à 150 000 € par projet."}])
    assert "90 000 €" in got.answer and "150 000" not in got.answer, got.answer


def test_a_licence_aid_per_participant_is_no_cap_of_the_grant(drafted):
    got = drafted.ask("Association créée en 2012 à Rimeize. Volet A sur 16 mois, démarrage le 15 janvier 2028, 25 "
                      "participants, 45 000 € demandés. C'est bon ?")
    assert got.verdict == "yes", got.answer
    assert "1 200" not in got.answer


def test_a_place_the_call_gives_as_an_example_of_where_part_may_take_place(drafted):
    got = drafted.ask("Notre plateau technique de soudure est à Mende. On peut y faire une partie des formations des "
                      "participants ?")
    assert got.verdict != "no", got.answer
    assert "Mende" in got.answer


def test_a_conditional_raise_does_not_keep_the_volet_to_one_commune(drafted):
    got = drafted.ask("Association créée en 2010 à Saint-Chély-d'Apcher : volet C de 12 mois à Fontans, démarrage le "
                      "1er décembre 2027, 35 participants, 50 000 € demandés. C'est recevable ?")
    assert got.verdict == "yes", got.answer


def test_an_ordinary_noun_group_is_no_commune(drafted):
    got = drafted.ask("La chambre de métiers voudrait piloter un projet volet B en tant que chef de file, c'est possible ?")
    assert "La Chambre" not in got.answer, got.answer


def test_a_table_of_lots_by_bare_letters(table):
    amounts = _cases(table, "amount")
    assert set(amounts) == {"Lot A", "Lot B", "Lot C"}, amounts.keys()
    assert _cases(table, "duration")["Lot B"].max_months == 12
    got = table.ask("Quel est le plafond de subvention du lot B ?")
    assert "35 000 €" in got.answer and "50 000" not in got.answer.split("—")[0], got.answer
    long = table.ask("On aimerait monter un projet lot B sur 18 mois, c'est possible ?")
    assert long.verdict == "no", long.answer


def test_several_values_of_one_volet_in_one_message(drafted):
    got = drafted.ask("Volet A : c'est combien le minimum et le maximum d'aide, et ça peut durer combien de temps ?")
    assert "15 000 €" in got.answer and "60 000 €" in got.answer, got.answer
    assert "12 – 18 mois" in got.answer and "24 mois" not in got.answer, got.answer


LOTS_CALL = [
    ("title", "Appel à projets 2027 « Jeunes en chemin » en Lozère"),
    ("p", "Document fictif de la DDETS de la Lozère, rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "L'appel couvre exclusivement le territoire de deux communautés de communes :"),
    ("li", "la Communauté de communes des Hautes Terres de l'Aubrac, notamment Nasbinals, Marchastel et Fournels ;"),
    ("li", "la Communauté de communes du Gévaudan, notamment Marvejols, Montrodat et Palhers."),
    ("p", "Le territoire de Mende et celui des autres intercommunalités du département (Cœur de Lozère, Randon - Margeride, "
          "Mont Lozère) ne sont pas couverts par cet appel."),
    ("h1", "2. Les jeunes concernés"),
    ("p", "Les actions s'adressent aux jeunes qui remplissent toutes les conditions suivantes :"),
    ("li", "être âgés de 16 à 25 ans révolus ;"),
    ("li", "n'être ni en emploi, ni en études, ni en formation."),
    ("p", "Les jeunes de 26 à 29 ans révolus bénéficiant d'une reconnaissance de la qualité de travailleur handicapé (RQTH) "
          "peuvent également être accompagnés."),
    ("h1", "3. Les lots"),
    ("table", [["Lot", "Objet", "Subvention plancher", "Subvention plafond", "Durée"],
               ["A", "Aller vers", "15 000 €", "50 000 €", "12 à 18 mois"],
               ["B", "Lever les freins", "10 000 €", "35 000 €", "12 mois maximum"],
               ["C", "Immersions", "20 000 €", "70 000 €", "18 à 24 mois"]]),
    ("h2", "Structures exclues"),
    ("p", "Ne peuvent pas candidater :"),
    ("li", "les entreprises commerciales (SARL, SAS, SA), sauf si elles sont conventionnées comme SIAE ;"),
    ("li", "les personnes physiques."),
    ("p", "Lorsqu'un projet est porté par un groupement d'au moins trois structures et que ses actions couvrent les deux "
          "communautés de communes, le plafond de subvention du lot est majoré de 20 %. Le plafond passe ainsi à 60 000 € "
          "pour le lot A, à 42 000 € pour le lot B et à 84 000 € pour le lot C."),
    ("h2", "Dépenses éligibles"),
    ("li", "les frais de déplacement des jeunes ;"),
    ("li", "les frais d'apprentissage de la conduite, dans la limite de 1 200 € de dépenses par jeune ;"),
    ("li", "le petit équipement et les fournitures, à condition que chaque article coûte moins de 800 € HT ;"),
    ("h2", "Dépenses inéligibles"),
    ("li", "tout équipement dont le prix unitaire atteint ou dépasse 800 € HT ;"),
    ("li", "la TVA récupérable."),
    ("h1", "4. Calendrier"),
    ("table", [["Étape", "Date"],
               ["Réunion d'information à Marvejols (salle des fêtes)", "mardi 4 mai 2027 à 14 h 00"],
               ["Date limite de dépôt des dossiers", "vendredi 11 juin 2027 à 12 h 00"],
               ["Auditions des porteurs", "du 5 au 7 juillet 2027"],
               ["Notification des décisions", "au plus tard le vendredi 23 juillet 2027"],
               ["Démarrage des projets", "entre le 1er septembre 2027 et le 15 novembre 2027"]]),
    ("p", "Un projet qui ne peut pas démarrer avant le 15 novembre 2027 ne sera pas conventionné."),
    ("p", "La participation aux réunions d'information est facultative. L'inscription se fait par courriel."),
    ("h1", "5. Dépôt du dossier"),
    ("p", "La note de présentation du projet est remise au format PDF et ne dépasse pas 10 pages."),
    ("p", "Le budget prévisionnel est remis au format XLSX ; un budget au format PDF seul n'est pas accepté."),
    ("p", "Un dossier incomplet peut être complété une seule fois, dans un délai de cinq jours ouvrés."),
    ("p", "Contact : jeunes-en-chemin@lozere.example.fr"),
]


@pytest.fixture(scope="module")
def lots(tmp_path_factory):
    return _assistant(tmp_path_factory, "lettered_lots", LOTS_CALL)


def test_intercommunalities_the_call_says_it_does_not_cover(lots):
    got = lots.ask("Notre association est à Mende, on voudrait mener les actions à Mende. C'est dans le territoire ?")
    assert got.verdict == "no", got.answer
    assert "Cœur de Lozère" not in lots.spec.territory.name


def test_the_general_age_range_is_the_listed_one_and_the_rqth_one_a_raise(lots):
    young = lots.ask("Un jeune de 20 ans sans emploi peut entrer dans notre action ?")
    assert young.verdict == "yes", young.answer
    rqth = lots.ask("Un jeune de 27 ans qui a une RQTH peut entrer dans notre action ?")
    assert rqth.verdict == "yes", rqth.answer
    assert lots.ask("Un jeune de 27 ans peut entrer dans notre action ?").verdict != "yes"


def test_raised_caps_listed_lot_by_lot_after_their_condition(lots):
    got = lots.ask("On monte un groupement de trois associations avec des actions à la fois sur les Hautes Terres de "
                   "l'Aubrac et sur le Gévaudan. Lot C de 24 mois, on demande 80 000 €. C'est possible ?")
    assert got.verdict != "no", got.answer
    assert "84 000 €" in got.answer
    alone = lots.ask("Notre association dépose seule un projet lot C de 24 mois à Marvejols, on demande 80 000 €. C'est possible ?")
    assert alone.verdict == "no", alone.answer


def test_a_start_too_early_quotes_the_window(lots):
    got = lots.ask("Notre action lot A démarrerait en juin 2027, c'est possible ?")
    assert got.verdict == "no", got.answer
    assert "entre le 1er septembre 2027 et le 15 novembre 2027" in got.answer.split("\n\n")[1], got.answer


def test_a_word_with_its_own_accents_is_no_commune_and_far_from_a_town_is_no_thing_of_it(drafted):
    side = drafted.ask("Côté calendrier, la date limite de dépôt c'est quand ?")
    assert side.kind == "answer" and "11 juin 2027" in side.answer, side.answer
    far = drafted.ask("On est à Fontans, c'est loin de Mende. La date limite de dépôt des dossiers, c'est quand ?")
    assert far.kind == "answer" and "11 juin 2027" in far.answer, far.answer


def test_an_exclusion_spared_by_the_condition_the_applicant_states(lots):
    siae = lots.ask("Notre entreprise d'insertion est une SARL conventionnée par l'État. Le statut SARL nous bloque pour "
                    "candidater ou pas ?")
    assert siae.verdict == "yes", siae.answer
    plain = lots.ask("Nous sommes une SARL de conseil basée à Marvejols. On peut candidater ?")
    assert plain.verdict == "no", plain.answer


def test_the_price_of_one_thing_bought_against_a_bound_on_unit_prices(lots):
    cheap = lots.ask("On peut acheter un ordinateur portable à 650 € HT avec la subvention ?")
    assert cheap.verdict == "yes", cheap.answer
    assert "800 € HT" in cheap.answer
    dear = lots.ask("Et un vidéoprojecteur à 900 € HT ?", [
        {"role": "user", "content": "On peut acheter un ordinateur portable à 650 € HT avec la subvention ?"},
        {"role": "assistant", "content": "Oui : chaque article doit coûter moins de 800 € HT."}])
    assert dear.verdict == "no", dear.answer
    assert "800 € HT" in dear.answer


def test_a_pronoun_stands_for_the_earlier_turns_subject(lots):
    got = lots.ask("C'est obligatoire d'y aller ?", [
        {"role": "user", "content": "Où se passe la réunion d'information du 4 mai ?"},
        {"role": "assistant", "content": "À Marvejols, salle des fêtes, le mardi 4 mai 2027 à 14 h 00."}])
    assert got.verdict == "no", got.answer
    assert "facultative" in got.answer


def test_a_column_of_least_cofinancing_and_a_figure_the_earlier_answer_named(drafted):
    c = next(x for x in drafted.spec.effective_constraints() if x.kind == "cofinancing")
    assert c.min_other_percent == 30, c
    got = drafted.ask("Le bénévolat de nos membres, ça peut compter dans ces 30 % ?", [
        {"role": "user", "content": "Quel taux de subvention max pour une association ?"},
        {"role": "assistant", "content": "Pour une association, le taux maximal est de 70 %, avec une part minimale de "
                                         "cofinancement de 30 %."}])
    assert got.verdict == "no", got.answer
    assert "bénévolat" in got.answer


def test_asks_listed_with_commas_each_answered(lots):
    got = lots.ask("Les auditions c'est quand, ça se passe où, et on aura la décision pour quand ?")
    assert "du 5 au 7 juillet 2027" in got.answer, got.answer
    assert "23 juillet 2027" in got.answer, got.answer


def test_a_format_one_piece_must_take_and_another_may_not_is_no_no_for_the_dossier(lots):
    got = lots.ask("La note de présentation, on l'envoie en PDF ?")
    assert got.verdict != "no", got.answer


def test_a_verdict_then_the_open_ask_of_the_same_message(lots):
    got = lots.ask("Si notre dossier est incomplet, on a combien de temps pour le compléter ? Et on peut monter un projet "
                   "lot B de 18 mois ?")
    assert got.verdict == "no", got.answer
    assert got.answer.startswith("**Non**"), got.answer
    assert "cinq jours ouvrés" in got.answer, got.answer


UNNAMED_CALL = [
    ("title", "Appel à projets 2027 « Pas à pas » en Aubrac"),
    ("p", "Document fictif de la DDETS de la Lozère, rédigé pour les tests de l'assistant."),
    ("h1", "1. Territoire"),
    ("p", "L'appel porte exclusivement sur les communes suivantes : Nasbinals, Marchastel, Fournels."),
    ("h1", "2. Les actions financées"),
    ("h2", "2.1 Remobiliser"),
    ("li", "Aide : de 15 000 € à 60 000 € par projet."),
    ("li", "Durée : de 12 à 18 mois."),
    ("h2", "2.2 Se déplacer pour travailler"),
    ("li", "Aide : de 20 000 € à 90 000 € par projet."),
    ("li", "Durée : de 12 à 24 mois."),
    ("h1", "3. Dépôt"),
    ("p", "Date limite de dépôt des dossiers : vendredi 11 juin 2027 à 12 h."),
    ("p", "Contact : pas-a-pas@lozere.example.fr"),
]


@pytest.fixture(scope="module")
def unnamed(tmp_path_factory):
    return _assistant(tmp_path_factory, "unnamed_cases", UNNAMED_CALL)


def test_bounds_written_alike_under_sibling_headings_are_no_bounds_of_the_call(unnamed):
    long = unnamed.ask("Un projet de 20 mois, c'est possible ?")
    assert long.verdict != "no", long.answer
    big = unnamed.ask("Association à Nasbinals, on demande 80 000 € pour notre projet. C'est possible ?")
    assert big.verdict != "no", big.answer


def test_an_ambiguous_commune_written_in_lowercase_is_answered(drafted):
    got = drafted.ask("On est à saint martin, c'est dans le territoire ?")
    assert got.kind in ("answer", "clarify", "out_of_scope", "not_in_call") and got.answer, got


def test_a_raised_rate_kept_to_some_kinds_is_not_a_communes(drafted):
    town = drafted.ask("Commune de Rimeize : volet C de 12 mois à Rimeize, démarrage le 1er décembre 2027, 35 participants, "
                       "budget 100 000 €, on demande 70 000 €. C'est recevable ?")
    assert town.verdict == "no", town.answer


def test_a_fault_of_the_assistant_is_said_never_raised(drafted, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(drafted._engine, "_route", boom)
    got = drafted.ask("La date limite, c'est quand ?")
    assert got.kind == "clarify" and "contacts" in got.answer, got.answer
    assert "chemins-emploi@lozere.example.fr" in got.answer


def test_own_funds_are_no_cost_per_young_person(lots):
    got = lots.ask("Association créée en 2012 à Marvejols : projet lot A de 15 mois à partir du 1er octobre 2027, budget "
                   "55 000 €, on demande 40 000 €, 11 000 € de fonds propres. C'est bon ?")
    assert got.verdict != "no", got.answer
    assert "1 200" not in got.answer.split("D'après l'appel")[0], got.answer


def test_a_kind_named_in_comparison_is_not_the_applicants(drafted):
    got = drafted.ask("On est la commune de Fontans. On peut demander 70 % de subvention comme les assos ?")
    assert got.verdict == "no", got.answer
    assert "50 %" in got.answer
