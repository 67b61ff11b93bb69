"""What applicants often ask and a call may leave open, on unedited `ami new-call` drafts of two generated .docx that
differ only there: one call says nothing of who sits on its selection committee, of a recording of its webinar, of an
auditor or of insurance; the other says who sits on the committee and that the webinar is recorded. The silent call's
answer says it does not specify it, quotes what it does say of the committee (its date) and names the contacts; the other
answers from its sentence. A question the rule does answer (the committee's date) is answered in both."""

from __future__ import annotations

from datetime import date

import pytest

_HEAD = [
    ("title", "Appel à projets « Gers Emploi Rural » 2027"),
    ("p", "Département fictif du Gers – Direction de l'insertion et de l'emploi"),
    ("h1", "1. Objet"),
    ("p", "Le Département soutient des actions qui rapprochent de l'emploi les habitants des communes rurales du Gers."),
    ("h1", "2. Structures éligibles"),
    ("p", "Peuvent porter un projet les associations et les structures de l'insertion par l'activité économique."),
    ("h1", "3. Financement"),
    ("p", "La subvention est comprise entre 5 000 € et 30 000 € par projet, dans la limite de 70 % du coût total."),
    ("h1", "4. Calendrier"),
    ("p", "| Étape | Date |"),
    ("p", "| Webinaire de présentation | jeudi 4 février 2027 à 10h00 |"),
    ("p", "| Date limite de dépôt | vendredi 2 avril 2027 à 12h00 |"),
    ("p", "| Comité de sélection | jeudi 20 mai 2027 |"),
    ("p", "Le comité de sélection arrête la liste des projets retenus et le montant de chaque subvention."),
]
_TAIL = [
    ("h1", "5. Dépôt et contacts"),
    ("p", "Les dossiers sont déposés exclusivement sur la plateforme https://www.demarches-simplifiees.fr/commencer/gers-emploi"),
    ("p", "Contact : emploi-rural@gers.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]
SILENT = _HEAD + _TAIL
SAYS = _HEAD + [
    ("p", "Le comité de sélection, présidé par le Président du Conseil départemental, réunit les services de l'État, du "
          "Département et de France Travail."),
    ("p", "Le webinaire sera enregistré et mis en ligne sur le site du Département."),
] + _TAIL


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("silent"), "silent", SILENT, date(2027, 3, 1))[0]


@pytest.fixture(scope="module")
def says(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("says"), "says", SAYS, date(2027, 3, 1))[0]


def test_who_sits_on_the_committee_when_the_call_does_not_say(silent):
    ans = silent.ask("Qui siège exactement au comité de sélection ? Il y a des élus ?")
    assert ans.kind == "not_in_call" and "ne précise pas qui siège au comité de sélection" in ans.answer
    assert "20 mai 2027" in ans.answer and "emploi-rural@gers.example" in ans.answer


def test_who_sits_on_the_committee_when_the_call_says(says):
    ans = says.ask("Qui siège exactement au comité de sélection ? Il y a des élus ?")
    assert ans.kind == "answer" and "France Travail" in ans.answer and "ne précise pas" not in ans.answer


def test_a_recording_of_the_webinar(silent, says):
    asked = "Le webinaire du 4 février sera-t-il enregistré pour ceux qui ne peuvent pas y assister ?"
    none = silent.ask(asked)
    assert none.kind == "not_in_call" and "emploi-rural@gers.example" in none.answer
    recorded = says.ask(asked)
    assert recorded.kind == "answer" and "mis en ligne" in recorded.answer


def test_an_auditor_and_insurance_the_call_never_names(silent):
    for asked in ("Est-ce qu'il faut obligatoirement un commissaire aux comptes pour déposer ?",
                  "Quelle assurance faut-il souscrire pour les actions ?"):
        ans = silent.ask(asked)
        assert ans.kind == "not_in_call" and "ne précise pas" in ans.answer, asked


def test_the_committee_date_is_still_answered(silent, says):
    for call in (silent, says):
        ans = call.ask("Quand se réunit le comité de sélection ?")
        assert ans.kind == "answer" and "20 mai 2027" in ans.answer
