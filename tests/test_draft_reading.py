"""`ami new-call` reads what a call's own layout says: a duration written twice ("douze mois (12 mois) minimum"), a
definition that is no rule of the call ("un emploi durable désigne un contrat … d'au moins six mois"), an address
alone on the line a sentence announces, a table of contacts, a territory given as a table. Checked on a generated
.docx, as a user sees it: the checklist, the drafted constraints and the answers."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Rebond fictif » 2027"),
    ("p", "Préfecture fictive – Direction de l'emploi"),
    ("h1", "1. Contexte"),
    ("p", "Au sens du présent appel à projets, un emploi durable désigne un contrat de travail d'une durée d'au moins six mois."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent dans les communes suivantes :"),
    ("table", [["Commune", "Code postal"], ["Pauillac", "33250"], ["Hourtin", "33990"], ["Lacanau", "33680"]]),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent candidater :"),
    ("li", "les associations déclarées depuis au moins douze mois ;"),
    ("li", "les communes et leurs groupements."),
    ("p", "Ne peuvent pas candidater :"),
    ("li", "les personnes physiques et les auto-entrepreneurs ;"),
    ("li", "les sociétés commerciales."),
    ("h1", "4. Durée des projets"),
    ("p", "La durée des projets est comprise entre douze mois (12 mois) minimum et vingt-quatre mois (24 mois) maximum."),
    ("h1", "5. Dépôt"),
    ("p", "Les dossiers sont déposés exclusivement en ligne, à l'adresse suivante :"),
    ("p", "https://www.demarches-simplifiees.fr/commencer/rebond-fictif-2027"),
    ("p", "La date limite de dépôt est fixée au vendredi 18 juin 2027 à 12h00."),
    ("h1", "6. Contacts"),
    ("p", "Les questions sont à adresser à l'adresse unique :"),
    ("p", "rebond-fictif@prefecture.example"),
    ("table", [["Nom", "Fonction", "Courriel"], ["Mme Claire Essai", "Chargée de mission", "claire.essai@prefecture.example"]]),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("reading"), "rebond", CALL, date(2027, 4, 1))


def test_a_duration_written_twice_and_a_definition(drafted):
    a, report = drafted
    duration = next(c for c in a.spec.effective_constraints() if c.kind == "duration")
    assert (duration.min_months, duration.max_months) == (12, 24)  # not the "six mois" of a contract's definition
    r = a.ask("Notre asso voudrait un projet de 8 mois à Pauillac, c'est possible ?")
    assert r.verdict == "no" and "12" in r.answer


def test_an_address_on_the_line_a_sentence_announces(drafted):
    a, report = drafted
    assert "submission" in report.found and "contacts" in report.found
    r = a.ask("On dépose le dossier où ?")
    assert "https://www.demarches-simplifiees.fr/commencer/rebond-fictif-2027" in r.answer
    q = a.ask("À qui poser nos questions ?")
    assert "rebond-fictif@prefecture.example" in q.answer


def test_a_reason_quotes_the_sentence_not_a_table_header(drafted):
    a, _ = drafted
    r = a.ask("Une association créée en 2015 à Hourtin, projet de 18 mois : c'est bon ?")
    assert "Commune | Code postal" not in r.answer
    assert "Les actions se déroulent dans les communes suivantes" in r.answer


def test_answers_name_the_call_by_its_title(drafted):
    """Out of scope, the answer names the call by its title's own words, figures included, and still leaves."""
    a, _ = drafted
    r = a.ask("Le marché de Pauillac, c'est quel jour ?")
    assert r.kind == "out_of_scope" and "« Rebond fictif » 2027" in r.answer


def test_a_sending_after_the_deadline_day_and_a_contract_length(drafted):
    """"Déposer après le 18 juin" is late; "une mission d'intérim de 8 mois" is no project's duration."""
    a, _ = drafted
    late = a.ask("Est-ce qu'on peut encore déposer après le 18 juin ?")
    assert late.verdict == "no" and "Envoi après le 18 juin :" in late.answer and "date limite du 18 juin 2027" in late.answer
    mission = a.ask("Une asso de Pauillac, projet de 18 mois ; un participant a trouvé une mission d'intérim de 8 mois, ça compte ?")
    assert "8 mois, en deçà" not in mission.answer and mission.verdict != "no"


def test_a_person_asking_for_themselves_when_the_call_rules_out_individuals(drafted):
    a, _ = drafted
    r = a.ask("J'ai 56 ans, je suis au chômage à Hourtin, vous pouvez me financer ma formation ?")
    assert r.verdict == "no" and "les personnes physiques" in r.answer
