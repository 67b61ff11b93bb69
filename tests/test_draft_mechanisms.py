"""An unedited `ami new-call` draft answers what is asked: the lines of a long rule that hold the question's words, the
call's real deadline (not a date of another sentence that says "date limite"), a seat required in a région, the day
by which every action must be over, a minimum age written in words, and an applicant who says it is one of the
excluded. Each is checked as a user sees it, on a generated .docx the team never tuned on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

CALL = [
    ("title", "Appel à initiatives « Garde et emploi » 2027"),
    ("p", "Conseil départemental fictif – Direction de l'insertion"),
    ("h1", "1. Territoire"),
    ("p", "Les actions se déroulent dans les quatre communes suivantes :"),
    ("table", [["Commune", "Intercommunalité"], ["Coutances", "Coutances mer et bocage"], ["Lessay", "Côte Ouest Centre Manche"],
               ["Périers", "Côte Ouest Centre Manche"], ["Pirou", "Côte Ouest Centre Manche"]]),
    ("p", "La structure candidate doit avoir son siège social en région Normandie."),
    ("p", "Une action qui se déroule pour partie dans une autre commune n'est pas exclue."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent candidater :"),
    ("li", "les associations déclarées depuis au moins dix-huit mois à la date limite de dépôt, c'est-à-dire déclarées au plus tard le 4 décembre 2025 ;"),
    ("li", "les centres communaux d'action sociale ;"),
    ("li", "les sociétés coopératives d'intérêt collectif (SCIC) ;"),
    ("li", "les sociétés commerciales bénéficiant de l'agrément ESUS."),
    ("p", "Ne peuvent pas candidater :"),
    ("li", "les assistants maternels exerçant à titre individuel ;"),
    ("li", "les entrepreneurs individuels, y compris sous le régime de la micro-entreprise ;"),
    ("li", "les sociétés commerciales ne disposant pas de l'agrément ESUS ;"),
    ("li", "les associations à objet cultuel."),
    ("p", "Les établissements publics de l'État ne peuvent pas porter de projet. Ils peuvent en revanche être associés au projet en qualité de partenaires."),
    ("p", "Le dossier est un fichier PowerPoint (.pptx) de 15 diapositives au plus. Les dossiers au format PDF ou Word ne sont pas acceptés."),
    ("h2", "2.1 Publics visés"),
    ("p", "Au moins 20 parents différents sont accompagnés sur la durée du projet."),
    ("p", "Les actions s'adressent aux parents âgés de 18 à 29 ans inclus."),
    ("p", "La limite d'âge est portée à 35 ans pour les parents bénéficiant du RSA."),
    ("h1", "3. Durée"),
    ("p", "La durée d'un projet est comprise entre 12 et 30 mois."),
    ("p", "Le projet débute au plus tôt le 1er septembre 2027 et au plus tard le 1er mars 2028. Toutes les actions doivent être achevées au plus tard le 30 juin 2030."),
    ("h2", "3.1 Montant de l'aide"),
    ("table", [["Type de projet", "Aide minimale", "Aide maximale"], ["Projet porté par une structure seule", "15 000 €", "80 000 €"],
               ["Projet porté par un groupement d'au moins deux structures", "15 000 €", "110 000 €"]]),
    ("p", "L'enveloppe globale de l'appel s'élève à 720 000 € pour 8 à 12 projets."),
    ("p", "L'aide couvre au plus 70 % du coût total du projet. Ce taux est porté à 80 % lorsque le projet consacre au moins 30 % des heures de garde prévues à des horaires atypiques."),
    ("p", "Le plan de financement comporte un cofinancement d'au moins 20 % du coût total provenant d'autres sources."),
    ("p", "La valorisation du bénévolat peut figurer au budget mais n'est pas prise en compte dans le calcul de ce cofinancement."),
    ("p", "Une même structure peut déposer au plus deux dossiers."),
    ("h1", "4. Versement"),
    ("p", "La subvention est versée en deux fois :"),
    ("li", "60 % à la signature de la convention ;"),
    ("li", "40 % sur présentation d'un rapport d'étape à mi-parcours."),
    ("h1", "5. Calendrier"),
    ("table", [["Étape", "Date"], ["Publication de l'appel", "lundi 15 mars 2027"], ["Webinaire d'information", "jeudi 8 avril 2027 à 10h30"],
               ["Clôture des dépôts", "vendredi 4 juin 2027 à 12h00"], ["Comité de sélection", "lundi 12 juillet 2027"],
               ["Notification des décisions", "vendredi 23 juillet 2027"]]),
    ("p", "L'inscription au webinaire se fait par courriel à garde-emploi@departement.example avant le 6 avril 2027."),
    ("p", "Un dossier déposé après le vendredi 4 juin 2027 à 12h00 n'est pas examiné."),
    ("p", "Les dossiers sont envoyés à garde-emploi@departement.example, avec l'objet suivant :"),
    ("p", "GARDE 2027 – [Nom de la structure] – [Commune]"),
    ("p", "Les questions sont posées à garde-emploi@departement.example."),
    ("p", "M. Jean Testeur, chargé de mission insertion"),
    ("p", "Courriel : jean.testeur@departement.example"),
    ("h1", "6. Instruction des dossiers"),
    ("p", "Les dossiers recevables sont notés sur 100 points par un comité réunissant le Département et ses partenaires."),
    ("p", "Lorsque le service instructeur réclame une pièce manquante, le porteur la renvoie dans un délai de cinq jours ouvrés."),
    ("p", "La convention de groupement est signée par tous les membres du groupement."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("mechanisms"), "garde", CALL, date(2027, 4, 1))[0]


def _constraint(a, cid):
    return next(c for c in a.spec.effective_constraints() if c.id == cid)


def test_drafted_values(drafted):
    assert _constraint(drafted, "deadline").deadline == date(2027, 6, 4)  # not the seniority sentence's 4 décembre 2025
    assert _constraint(drafted, "seniority").min_months == 18
    assert _constraint(drafted, "seat").allowed == ["14", "27", "50", "61", "76"]
    assert _constraint(drafted, "duration").latest_end == date(2030, 6, 30)


def test_a_long_rule_is_cut_to_what_is_asked(drafted):
    webinar = drafted.ask("Quand a lieu le webinaire d'info et comment s'y inscrire ?")
    assert "8 avril 2027" in webinar.answer and "6 avril 2027" in webinar.answer
    assert "4 juin 2027" not in webinar.answer and "23 juillet 2027" not in webinar.answer
    whole = drafted.ask("Quel est le calendrier de l'appel ?")
    assert "8 avril 2027" in whole.answer and "23 juillet 2027" in whole.answer
    news = drafted.ask("Quand est-ce qu'on saura si notre projet est retenu ?")  # "notre projet" asks a date, not a check
    assert news.kind == "answer" and "23 juillet 2027" in news.answer
    report = drafted.ask("Le rapport d'étape, on doit le rendre à quel moment ?")
    assert "mi-parcours" in report.answer and "payments" in report.rule_ids


def test_verdicts_on_the_new_constraints(drafted):
    late = drafted.ask("On est une asso de Périers (créée en 2016). Projet de 30 mois, démarrage le 1er février 2028, à Lessay. "
                       "Le calendrier est bon ?")
    assert late.verdict == "no" and "30 juin 2030" in late.answer
    away = drafted.ask("Association basée à Rennes, créée en 2010, on voudrait mener le projet à Lessay. C'est possible ?")
    assert away.verdict == "no" and "Siège à Rennes" in away.answer and "région Normandie" in away.answer
    near = drafted.ask("Notre asso est à Saint-Lô (créée en 2019), le projet se ferait entièrement à Lessay. On peut candidater ?")
    assert near.verdict != "no" and "Saint-Lô" in near.answer
    young = drafted.ask("Association déclarée en janvier 2026, on peut déposer un dossier ?")
    assert young.verdict == "no" and "dix-huit mois" in young.answer
    long = drafted.ask("Notre projet démarrerait en janvier 2028 et durerait 3 ans, association créée en 2010 à Lessay : ça rentre ?")
    assert long.verdict == "no"


def test_an_applicant_who_says_it_is_excluded(drafted):
    nanny = drafted.ask("je suis assistante maternelle agréée à Pirou, je travaille seule, je peux déposer un dossier moi-même ?")
    assert nanny.verdict == "no" and "à titre individuel" in nanny.answer
    checked = drafted.check_text("Je suis assistante maternelle à Lessay et je voudrais ouvrir un accueil tôt le matin, "
                                 "sur 12 mois à partir de septembre 2027.")
    assert checked.verdict == "not_eligible"
    partner = drafted.ask("Notre association travaille avec des assistants maternels à Lessay : peut-elle candidater ?")
    assert partner.verdict != "no"


def test_structure_types_named_by_the_call(drafted):
    sole = drafted.ask("je suis auto entrepreneur à Lessay, je peux déposer un dossier moi ?")
    assert sole.verdict == "no" and "micro-entreprise" in sole.answer
    scic = drafted.ask("Notre SCIC gère une crèche à Coutances : une SCIC a-t-elle le droit de porter le projet ?")
    assert scic.verdict == "yes" and "(SCIC)" in scic.answer
    approved = drafted.ask("Une SAS agréée ESUS peut-elle candidater ?")
    assert approved.verdict != "no" and "bénéficiant de l'agrément ESUS" in approved.answer
    lacking = drafted.ask("Nous sommes une SARL sans agrément, pouvons-nous candidater ?")
    assert lacking.verdict == "no"


def test_lines_a_quote_announces_and_who_to_contact(drafted):
    subject = drafted.ask("Qu'est-ce qu'il faut mettre dans l'objet du mail quand on envoie le dossier ?")
    assert "GARDE 2027 – [Nom de la structure]" in subject.answer
    who = drafted.ask("Qui est notre interlocuteur pour l'appel ?")
    assert "Jean Testeur" in who.answer
    publics = drafted.ask("Combien de parents au minimum faut-il accompagner ?")
    assert "20 parents" in publics.answer


def test_ages_of_the_people_served(drafted):
    age = _constraint(drafted, "age")
    assert (age.min_age, age.max_age, age.raised_max_age) == (18, 29, 35)
    assert drafted.ask("Une maman de 25 ans peut-elle être accompagnée dans notre projet ?").verdict == "yes"
    assert drafted.ask("Un parent de 17 ans peut-il être accompagné ?").verdict == "no"
    met = drafted.ask("Un papa de 32 ans bénéficiaire du RSA peut-il être accompagné ?")
    assert met.verdict == "yes" and "35 ans" in met.answer
    unmet = drafted.ask("Une maman de 32 ans, sans RSA, peut-elle être accompagnée ?")
    assert unmet.verdict == "no" and "18 à 29 ans" in unmet.answer
    duration = drafted.ask("Association créée en 2010, projet à Lessay qui durerait 2 ans : c'est possible ?")
    assert "Âge des publics" not in duration.answer  # "durerait 2 ans" is not an age


def test_amounts_by_kind_of_project(drafted):
    amount = _constraint(drafted, "amount")
    assert (amount.min_eur, amount.max_eur, amount.raised_max_eur) == (15000, 80000, 110000)
    group = drafted.check_text("Association créée en 2010 à Lessay, en groupement avec une autre association ; projet à Lessay "
                               "sur 24 mois à partir d'octobre 2027, nous demandons 105 000 €.")
    status = {c.id: c.status for c in group.criteria}
    assert status["amount"] == "pass" and status["budget"] == "pass"
    alone = drafted.ask("Association créée en 2010 à Lessay, on dépose seule, on demande 95 000 € : c'est possible ?")
    assert alone.verdict == "no" and "80 000 €" in alone.answer  # the ordinary row's case is the one it states
    silent = drafted.ask("Association créée en 2010 à Lessay, on demande 95 000 € : c'est possible ?")
    assert silent.verdict == "conditional" and "110 000 €" in silent.answer  # which case it is, it does not say
    cap = drafted.ask("Quel est le montant maximum de subvention pour une structure seule ?")
    assert "80 000 €" in cap.answer


def test_cofinancing_without_the_sources_the_call_does_not_count(drafted):
    c = _constraint(drafted, "cofinancing")
    assert c.min_other_percent == 20 and "benevolat" in c.not_counted
    short = drafted.ask("Budget total 50 000 €, on demande 35 000 €. Pour le reste : 12 000 € de valorisation du bénévolat et "
                        "3 000 € de fonds propres. Le cofinancement est suffisant ?")
    assert short.verdict == "no" and "Cofinancement" in short.answer and "bénévolat" in short.answer
    enough = drafted.ask("Budget total 50 000 €, on demande 35 000 €, la commune met 10 000 € et nos fonds propres 5 000 €. "
                         "Le cofinancement est suffisant ?")
    assert enough.verdict == "yes"


def test_every_ask_gets_the_sentence_that_answers_it(drafted):
    """A question whose words the rule's quotes miss gets the call's own sentence that holds them, quoted verbatim
    and cited, after what the rule says."""
    r = drafted.ask("Si le service instructeur nous réclame une pièce manquante, on a combien de jours pour la renvoyer ?")
    assert r.kind == "answer"
    assert "cinq jours ouvrés" in r.answer
    assert any("cinq jours ouvrés" in c.quote for c in r.citations)
    r = drafted.ask("Quand a lieu le comité de sélection, et la convention de groupement, elle est signée par qui ?")
    assert "12 juillet 2027" in r.answer and "tous les membres" in r.answer


def test_a_settled_verdict_gets_no_sentence_of_its_context(drafted):
    """A yes/no question the call settles is not padded with a sentence that shares its context's words."""
    r = drafted.ask("Un dossier déposé le 5 juin 2027 à 9h, il sera examiné ?")
    assert r.verdict == "no"
    assert "cinq jours" not in r.answer and "tous les membres" not in r.answer


def test_a_condition_weighed_is_not_named_again_as_to_check(drafted):
    """The share the applicant gives of the raised rate's condition decides the rate; it is not listed again as a
    figure to check."""
    r = drafted.ask("Association créée en 2010 à Lessay, on dépose seule, budget 100 000 €, on demande 75 000 € (75 %), "
                    "35 % des heures de garde prévues sont avant 7h ou le week-end. Notre plan de financement est conforme ?")
    assert r.verdict == "yes" and "80 %" in r.answer
    assert "À vérifier" not in r.answer


def test_a_sending_day_without_its_year_is_the_one_near_the_deadline(drafted):
    """"Le 4 juin vers 14h" is read as the deadline's 4 June: after its noon, a "Non" that says both times."""
    late = drafted.ask("Et si on envoie le 4 juin vers 14h, ça passe encore ?")
    assert late.verdict == "no" and "14h00" in late.answer and "12h00" in late.answer
    early = drafted.ask("Si on envoie le dossier le 2 juin, c'est dans les délais ?")
    assert early.verdict != "no" and "4 juin 2027" in early.answer


def test_a_town_as_the_complement_of_a_thing_the_call_never_names_is_off_subject(drafted):
    """"La piscine de <commune>" asks about the pool, not about the call; "le CCAS de <commune>" or "la mairie de
    <commune>" name a structure and stay on the call's subject."""
    pool = drafted.ask("Quelles sont les dates d'inscription des parents à la piscine de Coutances sur la durée du projet ?")
    assert pool.kind == "out_of_scope"
    ccas = drafted.ask("Le centre communal d'action sociale de Périers peut-il candidater ?")
    assert ccas.kind == "answer"
    town = drafted.ask("La mairie de Lessay, elle est bien dans le territoire ?")
    assert town.kind == "answer" and "Lessay" in town.answer


def test_a_reason_keeps_the_exception_the_call_makes_to_it(drafted):
    """"… ne peuvent pas porter de projet. Ils peuvent en revanche être associés … en qualité de partenaires": the
    "Non" quotes both sentences, and a refused format names the one the call asks for."""
    r = drafted.ask("Un établissement public de l'État peut-il porter un projet ?")
    assert r.verdict == "no" and "en qualité de partenaires" in r.answer
    assert any("partenaires" in c.quote for c in r.citations)
    pdf = drafted.ask("On peut envoyer le dossier en PDF ?")
    assert pdf.verdict == "no" and "PowerPoint" in pdf.answer


def test_chat_abbreviations_of_bounds(drafted):
    """"max" is "maximum": the amount per project, not the envelope."""
    r = drafted.ask("Quel est le montant max qu'on peut obtenir ?")
    assert "80 000 €" in r.answer and "720 000 €" not in r.answer


def test_a_how_many_ask_gets_the_sentence_with_its_figure(drafted):
    """"… et une structure peut déposer combien de dossiers ?": not the platform's address, the sentence that
    says how many."""
    r = drafted.ask("Quel est le montant minimum d'aide ? Et une structure peut déposer combien de dossiers ?")
    assert "15 000 €" in r.answer and "au plus deux dossiers" in r.answer
