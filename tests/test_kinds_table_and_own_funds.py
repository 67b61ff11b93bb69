"""Rules as calls write them, on an unedited `ami new-call` draft of a generated .docx: the kinds of applicant admitted
in a table by axis (« Communes … | Oui | Oui | Non »), an exclusion that names a kind only in an aside (« (ils peuvent
être partenaires d'un projet porté par une association) »), a kind ruled out then admitted by an exception or
ruled out « sauf si … », a cap raised in its own cell (« 30 000 € (45 000 € si …) »), one axis's longest duration in
brackets (« (18 mois maximum pour l'axe 2) »), an obligation the applicant says it meets or not (« obligatoirement
dispensés par un organisme certifié Qualiopi »), the least share of the cost an applicant brings itself
(« au moins 10 % du coût total éligible en fonds propres »), an address for when the platform fails (« Seule
exception : en cas d'indisponibilité de la plateforme … »), a count kept to some kinds (« Les communes, …, CCAS et CIAS
ne peuvent déposer qu'un seul projet chacun »), the most one may ask shown when a rate is over its maximum (the raised
rate's when the applicant is in its case); the communes listed under sub-headings of the territory's section, or some of
them named (« (15 communes, dont) : … »: the whole intercommunality); a duration over the maximum said so first; a structure asked about as the subject of applying (« Le CIAS … peut-il
porter … ? »), the other part a call leaves to a structure it rules out (« … s'associer aux projets en tant que
partenaires »), contributions in kind asked to count in a cofinancing the call says they are not part of; every intercommunality listed
in the territory's section though one is named earlier elsewhere; a place outside the territory the call allows for
something (« … hors du territoire (par exemple Vichy), à condition que … »); a target of all the projects together
(« Objectif chiffré global : … au moins 350 parents ») binds none alone, and a share kept to another axis by its own
words (« Règle propre à l'axe 3 : … ») is not weighed."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Bourbonnais Parents Emploi » 2027"),
    ("p", "Document fictif de la DDETS de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("p", "Solutions de garde en horaires atypiques pour les parents en reprise d'emploi."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Location solidaire de véhicules et aide au permis."),
    ("h2", "Axe 3 – Parcours vers l'emploi"),
    ("p", "Accompagnement renforcé des parents vers un emploi durable."),
    ("h1", "2. Structures éligibles"),
    ("h2", "2.1 Porteurs éligibles selon l'axe"),
    ("table", [["Type de structure", "Axe 1", "Axe 2", "Axe 3"],
               ["Associations loi 1901", "Oui", "Oui", "Oui"],
               ["Communes et intercommunalités du territoire", "Oui", "Oui", "Non"],
               ["CCAS et CIAS", "Oui", "Oui", "Oui"]]),
    ("p", "Une même structure peut déposer au maximum deux projets, sur deux axes différents. Les communes, "
          "intercommunalités, CCAS et CIAS ne peuvent déposer qu'un seul projet chacun."),
    ("h2", "2.2 Structures exclues"),
    ("li", "les personnes physiques, y compris les assistants maternels exerçant à titre individuel (ils peuvent être "
           "partenaires d'un projet porté par une association) ;"),
    ("li", "les entreprises commerciales ;"),
    ("li", "les associations cultuelles."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC du Pays de Lapalisse : Lapalisse, Andelaroche, Barrais-Bussolles, Bert, "
          "Billezois, Droiturier, Isserpent, Périgny."),
    ("h1", "4. Financement"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet."),
    ("p", "La subvention ne peut dépasser 80 % du coût total éligible du projet."),
    ("p", "Le porteur apporte au moins 10 % du coût total éligible en fonds propres. Le bénévolat valorisé n'est pas pris "
          "en compte dans le calcul de ces 10 %."),
    ("h1", "5. Calendrier et dépôt"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00."),
    ("p", "Le dépôt se fait exclusivement sur la plateforme https://demarches.example/bourbonnais-parents-2027."),
    ("p", "Aucun dossier envoyé par courriel n'est accepté. Seule exception : en cas d'indisponibilité de la plateforme le "
          "jour de la date limite, le dossier complet peut être adressé avant 12 h 00 à parents-emploi@allier.example."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("kinds_table"), "kinds_table", CALL, date(2027, 4, 1))[0]


def test_a_kind_admitted_in_a_table_by_axis(call):
    asso = call.ask("On est une asso de Lapalisse créée en 2012, projet axe 2 de location de voitures. On peut déposer ?")
    assert asso.verdict == "yes", asso.answer
    assert "Associations loi 1901 | Oui | Oui | Oui" in asso.answer  # the row it rests on, quoted
    commune = call.ask("On est la commune de Lapalisse, on voudrait porter un projet sur l'axe 3, c'est possible ?")
    assert commune.verdict == "no", commune.answer
    assert "Communes et intercommunalités du territoire | Oui | Oui | Non" in commune.answer
    other_axis = call.ask("On est la commune de Lapalisse, on voudrait porter un projet sur l'axe 1, c'est possible ?")
    assert other_axis.verdict != "no", other_axis.answer


def test_a_kind_named_in_an_aside_is_not_excluded(call):
    # « (ils peuvent être partenaires d'un projet porté par une association) » rules no association out; the table
    # admitting them aside, the draft's own list of excluded kinds does not name them
    spec = call.spec
    applicant = next(c for c in spec.effective_constraints() if c.kind == "applicant")
    assert "association" not in (applicant.excluded or [])
    company = call.ask("Nous sommes une entreprise commerciale (SARL) de Lapalisse, on peut porter un projet axe 2 ?")
    assert company.verdict == "no", company.answer


def test_the_least_share_of_own_funds(call):
    enough = call.ask("Asso de Lapalisse créée en 2010, axe 2, 18 mois à partir de septembre 2027. Budget total 50 000 €, "
                      "on demande 35 000 € et on met 8 000 € de fonds propres. C'est bon ?")
    assert enough.verdict == "yes", enough.answer
    assert "16 %" in enough.answer and "10 %" in enough.answer  # 8 000 € of 50 000 €, against the call's 10 %
    short = call.ask("Asso de Lapalisse créée en 2010, axe 2, 18 mois à partir de septembre 2027. Budget total 50 000 €, "
                     "on demande 38 000 € et on met 2 000 € de fonds propres. C'est bon ?")
    assert short.verdict == "no", short.answer
    assert "Fonds propres" in short.answer and "4 %" in short.answer
    said = call.ask("Asso de Lapalisse, axe 2 : on aura 5 % d'autofinancement, ça passe ?")
    assert said.verdict == "no", said.answer


def test_an_address_for_when_the_platform_fails(call):
    failing = call.ask("Le 28 mai à 10h la plateforme ne marche plus du tout, on peut envoyer notre dossier par mail ?")
    assert failing.verdict == "yes", failing.answer
    assert "indisponibilité de la plateforme" in failing.answer and "parents-emploi@allier.example" in failing.answer
    plain = call.ask("On peut envoyer notre dossier par mail ?")
    assert plain.verdict == "no", plain.answer


OTHER = [
    ("title", "Appel à projets « Besbre Mobilité Emploi » 2027"),
    ("p", "Document fictif de la préfecture de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Mobilité"),
    ("p", "Location solidaire de véhicules et transport à la demande vers l'emploi."),
    ("h2", "Axe 2 – Formation"),
    ("p", "Formations courtes vers les métiers qui recrutent."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique conventionnées : ateliers et chantiers d'insertion, "
           "entreprises d'insertion ;"),
    ("li", "les sociétés coopératives d'intérêt collectif (SCIC)."),
    ("p", "Les communes, les intercommunalités et leurs établissements publics (CCAS, CIAS) ne peuvent pas porter de "
          "projet. Ils peuvent être partenaires. Par exception, une intercommunalité exerçant la compétence d'autorité "
          "organisatrice de la mobilité peut porter un projet de l'axe 1."),
    ("p", "Structures exclues :"),
    ("li", "les entreprises commerciales (SARL, SAS, SA), à l'exception des entreprises d'insertion conventionnées ;"),
    ("li", "les sociétés coopératives et participatives (SCOP), sauf si elles sont conventionnées comme SIAE ;"),
    ("li", "les personnes physiques."),
    ("p", "Les employeurs privés du territoire (transporteurs, garages, etc.) sont encouragés à s'associer aux projets en "
          "tant que partenaires."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent sur la CC Entr'Allier Besbre et Loire (Avrilly, Beaulon, Boucé, Châtelperron, "
          "Chavroches, Cindré, Créchy) et sur Moulins Communauté (Aubigny, Avermes, Bagneux, Besson)."),
    ("h1", "4. Financement"),
    ("table", [["Axe", "Subvention minimale", "Subvention maximale"],
               ["Axe 1 – Mobilité", "8 000 €", "30 000 € (45 000 € si le projet couvre les deux intercommunalités)"],
               ["Axe 2 – Formation", "8 000 €", "25 000 €"]]),
    ("p", "La subvention ne peut dépasser 80 % du coût total éligible du projet."),
    ("p", "Un autofinancement d'au moins 10 % du coût total est exigé."),
    ("p", "Les contributions volontaires en nature (bénévolat, mises à disposition gratuites) peuvent figurer au budget "
          "pour information mais n'entrent pas dans le coût total éligible."),
    ("h1", "5. Calendrier"),
    ("li", "durée du projet : 12 mois minimum et 24 mois maximum (18 mois maximum pour l'axe 2) ;"),
    ("li", "démarrage entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 28 mai 2027 à 12h00, par courriel à besbre-emploi@allier.example."),
    ("h1", "6. Exigences propres à l'axe 2"),
    ("p", "Les modules de formation sont obligatoirement dispensés par un organisme certifié Qualiopi (le porteur lui-même "
          "ou un prestataire)."),
]


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("besbre"), "besbre", OTHER, date(2027, 4, 1))[0]


def test_a_kind_ruled_out_then_admitted_by_an_exception(other):
    ccas = other.ask("Le CCAS de Beaulon peut-il porter un projet de formation ?")
    assert ccas.verdict == "no", ccas.answer
    aom = other.ask("Nous sommes la communauté de communes Entr'Allier Besbre et Loire, autorité organisatrice de la "
                    "mobilité, siège à Beaulon. Peut-on porter un projet de l'axe 1 ?")
    assert aom.verdict == "yes" and "autorité organisatrice de la mobilité" in aom.answer, aom.answer
    training = other.ask("Nous sommes la communauté de communes Entr'Allier Besbre et Loire, autorité organisatrice de la "
                         "mobilité, siège à Beaulon. Peut-on porter un projet de l'axe 2 ?")
    assert training.verdict != "yes", training.answer  # the exception is the axis 1's


def test_a_kind_ruled_out_but_for_a_case(other):
    scop = other.ask("On est une SCOP classique de Beaulon, pas conventionnée IAE, on peut porter un projet axe 2 ?")
    assert scop.verdict == "no", scop.answer
    assert "SCOP" in scop.answer
    sarl = other.ask("On est une SARL de Beaulon, on peut porter un projet axe 2 ?")
    assert sarl.verdict == "no", sarl.answer
    ei = other.ask("On est une entreprise d'insertion conventionnée de Beaulon, on peut porter un projet axe 2 ?")
    assert ei.verdict != "no", ei.answer


def test_a_raised_cap_in_its_cell(other):
    one = other.ask("Asso de Beaulon, projet axe 1 sur la seule CC Entr'Allier Besbre et Loire, on demande 38 000 €. C'est possible ?")
    assert one.verdict == "no", one.answer
    assert "30 000 €" in one.answer
    both = other.ask("Asso de Beaulon, projet axe 1 qui couvre les deux intercommunalités, on demande 38 000 €. C'est possible ?")
    assert both.verdict != "no", both.answer
    assert "45 000 €" in both.answer
    low = other.ask("Asso de Beaulon, projet axe 2, on demande 6 000 €. C'est possible ?")
    assert low.verdict == "no" and "8 000 €" in low.answer, low.answer


def test_contributions_in_kind_are_not_own_funds(other):
    asked = other.ask("Est-ce qu'on peut compter le bénévolat valorisé (environ 6000€) pour atteindre les 10% "
                      "d'autofinancement demandés ?")
    assert asked.verdict == "no", asked.answer
    assert "bénévolat" in asked.answer and "n'entrent pas dans le coût total éligible" in asked.answer


def test_one_axis_longest_duration_in_brackets(other):
    long = other.ask("Asso de Beaulon, projet axe 2 de formation sur 24 mois à partir de septembre 2027. C'est possible ?")
    assert long.verdict == "no" and "18 mois" in long.answer, long.answer
    axis1 = other.ask("Asso de Beaulon, projet axe 1 de mobilité sur 24 mois à partir de septembre 2027. C'est possible ?")
    assert axis1.verdict != "no", axis1.answer


def test_an_obligation_the_applicant_says_it_meets_or_not(other):
    met = other.ask("Asso de Beaulon créée en 2012, projet axe 2 de formation, 12 mois à partir de septembre 2027, les modules "
                    "sont dispensés par un organisme certifié Qualiopi en prestataire. On demande 20 000 € sur 30 000 €, avec "
                    "4 000 € de fonds propres. C'est bon ?")
    assert met.verdict == "yes", met.answer
    assert "Qualiopi" in met.answer
    unmet = other.ask("Asso de Beaulon créée en 2012, projet axe 2 de formation, 12 mois à partir de septembre 2027, nos "
                      "modules sont dispensés par nos bénévoles, sans organisme certifié Qualiopi. C'est bon ?")
    assert unmet.verdict == "no", unmet.answer
    assert "organisme certifié Qualiopi" in unmet.answer


def test_a_count_kept_to_some_kinds(call):
    cias = call.ask("On est le CIAS de Lapalisse, on voudrait déposer un projet garde (axe 1) et un projet mobilité (axe 2). "
                    "C'est ok ?")
    assert cias.verdict == "no" and "qu'un seul projet chacun" in cias.answer, cias.answer
    asso = call.ask("Une asso de Lapalisse créée en 2008 peut-elle déposer deux projets, un sur l'axe 1 et l'autre sur l'axe 3 ?")
    assert asso.verdict != "no", asso.answer


def test_a_rate_over_the_maximum_shows_the_most_one_may_ask(call):
    over = call.ask("Asso de Lapalisse créée en 2010, axe 2, 18 mois à partir de septembre 2027. Budget total 30 000 €, on "
                    "demande 27 000 €. C'est bon ?")
    assert over.verdict == "no", over.answer
    assert "24 000 € (80 % × 30 000 €)" in over.answer


LISTED = [
    ("title", "Appel à projets « Bocage Tronçais Emploi » 2027"),
    ("p", "Document fictif du Conseil départemental de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Objet"),
    ("p", "Lever les freins à l'emploi des habitants des territoires de Lapalisse et de Cérilly."),
    ("h1", "2. Territoire"),
    ("p", "L'appel à projets concerne les 29 communes des deux intercommunalités suivantes."),
    ("h2", "Communauté de communes du Pays de Lapalisse (14 communes)"),
    ("p", "Andelaroche, Barrais-Bussolles, Bert, Billezois, Le Breuil, Droiturier, Isserpent, Lapalisse, Périgny, "
          "Saint-Christophe-en-Bourbonnais, Saint-Étienne-de-Vicq, Saint-Pierre-Laval, Saint-Prix, Servilly."),
    ("h2", "Communauté de communes du Pays de Tronçais (15 communes)"),
    ("p", "Ainay-le-Château, Braize, Le Brethon, Cérilly, Couleuvre, Hérisson, Isle-et-Bardais, Lételon, Meaulne-Vitray, "
          "Saint-Bonnet-Tronçais, Saint-Caprais, Theneuille, Urçay, Valigny, Le Vilhain."),
    ("p", "Les actions doivent se dérouler sur ce territoire."),
    ("h1", "3. Structures éligibles"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les structures de l'insertion par l'activité économique (SIAE) conventionnées."),
    ("h1", "4. Financement"),
    ("p", "La subvention est comprise entre 5 000 € et 30 000 € par projet."),
    ("p", "Le taux maximal de financement est de 70 % du coût total du projet. Ce taux est porté à 80 % pour les structures "
          "de l'insertion par l'activité économique conventionnées."),
    ("p", "Le porteur apporte un cofinancement d'au moins 20 % du coût total. Les contributions volontaires en nature ne sont "
          "pas prises en compte dans ce cofinancement."),
    ("h1", "5. Calendrier"),
    ("p", "Les projets durent de 12 à 24 mois. Toutes les actions doivent être achevées au plus tard le 31 décembre 2029."),
    ("p", "Les projets démarrent entre le 1er septembre 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : lundi 31 mai 2027 à 12h00, par courriel à bocage-troncais@allier.example."),
]


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("troncais"), "troncais", LISTED, date(2027, 4, 1))[0]


def test_communes_listed_under_sub_headings_of_the_territory(listed):
    ans = listed.ask("Notre asso est à Hérisson, on mènerait les actions à Hérisson et à Braize. C'est dans le territoire ?")
    assert ans.verdict == "yes", ans.answer
    assert "Hérisson" in ans.answer


def test_a_rate_over_the_raised_rate_for_a_case_the_applicant_is_in(listed):
    aci = listed.ask("On est un ACI conventionné à Cérilly, projet de 12 mois à partir d'octobre 2027. On sollicite "
                     "28 000 € pour un budget total de 32 000 €. OK ?")
    assert aci.verdict == "no", aci.answer
    assert "80 %" in aci.answer and "25 600 € (80 % × 32 000 €)" in aci.answer


def test_a_duration_over_the_maximum_is_said_so_first(listed):
    long = listed.ask("Asso de Cérilly, projet de 30 mois qui démarre le 1er septembre 2027, 20 000 € demandés sur 30 000 €. "
                      "Est-ce recevable ?")
    assert long.verdict == "no", long.answer
    assert "24 mois" in long.answer


def test_some_communes_named_of_each_intercommunality(tmp_path):
    # « (15 communes, dont) : … » names some of them: the territory is the whole intercommunality, not the names given
    from fixtures_calls import draft_call

    some = [b if not (b[0] == "h2" and "Tronçais" in str(b[1])) else ("h2", "Communauté de communes du Pays de Tronçais")
            for b in LISTED]
    some = [("p", "Communauté de communes du Pays de Tronçais (15 communes, dont) : Ainay-le-Château, Cérilly, Hérisson, "
                  "Urçay.") if b[0] == "p" and str(b[1]).startswith("Ainay-le-Château") else
            ("p", "L'appel à projets porte exclusivement sur les communes des deux intercommunalités suivantes.")
            if b[0] == "p" and str(b[1]).startswith("L'appel à projets concerne") else b for b in some]
    call = draft_call(tmp_path, "troncais_some", some, date(2027, 4, 1))[0]
    ans = call.ask("Notre asso est à Cérilly, on mènerait les actions à Valigny et à Braize. C'est dans le territoire ?")
    assert ans.verdict == "yes", ans.answer


def test_a_structure_asked_about_as_the_subject_of_applying(call):
    cias = call.ask("Le CIAS de notre communauté de communes peut-il porter un projet de location de véhicules (axe 2) ?")
    assert cias.verdict == "yes" and "CIAS" in cias.answer, cias.answer


def test_the_other_part_a_call_leaves_to_a_structure_it_rules_out(other):
    firm = other.ask("Un transporteur (SARL) de Beaulon peut-il être porteur du projet et toucher la subvention ?")
    assert firm.verdict == "no", firm.answer
    assert "s'associer aux projets en tant que partenaires" in firm.answer


def test_contributions_in_kind_are_not_cofinancing(listed):
    asked = listed.ask("On n'a pas assez de fonds propres pour les 20 % de cofinancement, est-ce qu'on peut compter le "
                       "bénévolat de nos membres (valorisé à peu près 9k€) dedans ?")
    assert asked.verdict == "no", asked.answer
    assert "contributions volontaires en nature ne sont pas prises en compte" in asked.answer


AROUND = [
    ("title", "Appel à projets « Tronçais Lapalisse Mobilité » 2027"),
    ("p", "Document fictif de la DDETS de l'Allier, rédigé pour les tests de l'assistant."),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("p", "Solutions de garde en horaires atypiques."),
    ("h2", "Axe 2 – Mobilité"),
    ("p", "Transport solidaire vers l'emploi ; une attention particulière est portée à la Communauté de communes du Pays de "
          "Tronçais, la moins desservie."),
    ("h2", "Axe 3 – Parcours vers l'emploi"),
    ("p", "Règle propre à l'axe 3 : au moins 50 % des participants des projets de l'axe 3 doivent être bénéficiaires du RSA."),
    ("p", "Objectif chiffré global : accompagner au moins 350 parents sur la durée des projets soutenus."),
    ("h1", "2. Territoire"),
    ("h2", "2.1 Intercommunalités concernées"),
    ("p", "Communauté de communes du Pays de Lapalisse : Andelaroche, Barrais-Bussolles, Bert, Billezois, Le Breuil, "
          "Droiturier, Isserpent, Lapalisse, Périgny, Saint-Christophe-en-Bourbonnais, Saint-Étienne-de-Vicq, Saint-Pierre-Laval, "
          "Saint-Prix, Servilly."),
    ("p", "Communauté de communes du Pays de Tronçais : Ainay-le-Château, Braize, Le Brethon, Cérilly, Couleuvre, Hérisson, "
          "Isle-et-Bardais, Lételon, Meaulne-Vitray, Saint-Bonnet-Tronçais, Saint-Caprais, Theneuille, Urçay, Valigny, Le Vilhain."),
    ("p", "Les actions doivent se dérouler sur ce territoire. Les trajets de l'axe 2 peuvent toutefois avoir pour destination "
          "un lieu d'emploi situé hors du territoire (par exemple Moulins ou Vichy), à condition que le point de départ se "
          "situe sur le territoire."),
    ("h1", "3. Structures éligibles"),
    ("li", "les associations loi 1901 ;"),
    ("li", "les communes et leurs CCAS."),
    ("h1", "4. Financement"),
    ("p", "La subvention est comprise entre 5 000 € et 40 000 € par projet et ne peut dépasser 80 % du coût total."),
    ("h1", "5. Calendrier"),
    ("p", "Les projets durent de 12 à 24 mois et démarrent entre le 1er septembre 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : lundi 31 mai 2027 à 12h00, par courriel à troncais-mobilite@allier.example."),
]


@pytest.fixture(scope="module")
def around(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("around"), "around", AROUND, date(2027, 4, 1))[0]


def test_every_intercommunality_of_the_territory_section(around):
    # the Pays de Tronçais is named first under the axis 2, then with its communes under « 2.1 Intercommunalités
    # concernées »: both intercommunalities are the territory
    ans = around.ask("Notre asso est à Cérilly, on mènerait les actions à Cérilly et à Urçay. C'est dans le territoire ?")
    assert ans.verdict == "yes", ans.answer


def test_a_place_outside_the_territory_the_call_allows_for_something(around):
    ans = around.ask("On fait du transport solidaire depuis Lapalisse, mais les emplois sont surtout à Vichy. Les trajets vers "
                     "Vichy peuvent être financés même si Vichy n'est pas dans le territoire ?")
    assert ans.verdict != "no", ans.answer
    assert "à condition que le point de départ se situe sur le territoire" in ans.answer


def test_a_target_of_all_the_projects_binds_none_alone_and_a_share_kept_to_another_axis(around):
    ans = around.ask("Asso créée en 2016 à Lapalisse. Projet axe 2 de transport solidaire, 18 mois à partir de septembre "
                     "2027. On demande 30 000 € sur un budget total de 40 000 €. 40 parents dont 10 au RSA. C'est bon ?")
    assert ans.verdict == "yes", ans.answer
    assert "350" not in ans.answer and "50 %" not in ans.answer
