"""The number of people a project serves and where they live, as an unedited `ami new-call` draft checks them: a
minimum of participants raised for a consortium, and a share of participants living in the call's communes. Each is
checked as a user sees it (the chat's verdict and its quote, `ami check --text`), on a generated .docx."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Parcours emploi en montagne » 2027"),
    ("p", "Conseil départemental fictif – Direction de l'insertion"),
    ("h1", "1. Territoire"),
    ("p", "Les actions se déroulent dans les quatre communes suivantes :"),
    ("table", [["Commune", "Intercommunalité"], ["Aurillac", "CA du Bassin d'Aurillac"], ["Arpajon-sur-Cère", "CA du Bassin d'Aurillac"],
               ["Ytrac", "CA du Bassin d'Aurillac"], ["Naucelles", "CA du Bassin d'Aurillac"]]),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent candidater les associations, seules ou réunies en consortium de deux à quatre structures."),
    ("h2", "2.1 Publics visés"),
    ("p", "Le projet s'adresse aux demandeurs d'emploi de longue durée."),
    ("p", "Chaque projet doit accompagner au moins 15 participants sur l'ensemble de sa durée ; ce seuil est porté à 25 participants "
          "pour un projet porté par un consortium."),
    ("p", "Au moins 60 % des participants accompagnés doivent résider dans l'une des quatre communes listées."),
    ("h1", "3. Durée et montant"),
    ("p", "La durée d'un projet est comprise entre 12 et 24 mois."),
    ("p", "L'aide est plafonnée à 60 000 € par projet."),
    ("h1", "4. Dépôt"),
    ("p", "Les dossiers sont envoyés au plus tard le vendredi 4 juin 2027 à 12h00 à parcours@departement.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from fixtures_calls import draft_call

    a, a.report = draft_call(tmp_path_factory.mktemp("participants"), "parcours", CALL, date(2027, 4, 1))
    return a


def _line(answer: str, label: str) -> str:
    """The verdict's line on one criterion ('' when the answer has none)."""
    return next((ln for ln in answer.splitlines() if f"**{label}**" in ln), "")


def test_the_draft_reads_both_constraints_and_lists_them(drafted):
    people = drafted.spec.constraint("participants")
    assert (people.min_people, people.raised_min_people) == (15, 25)
    assert drafted.spec.constraint("residents").min_resident_percent == 60
    lines = "\n".join(drafted.report.lines)
    assert "✓ nombre minimum de personnes accompagnées" in lines and "au moins 15 participants" in lines
    assert "✓ part minimale de participants résidant sur le territoire" in lines


def test_the_minimum_is_answered_from_its_rule(drafted):
    how_many = drafted.ask("Combien de participants minimum faut-il ?")
    assert how_many.kind == "answer" and "au moins 15 participants" in how_many.answer and "25 participants" in how_many.answer
    share = drafted.ask("Quelle proportion des participants doit habiter dans les communes ?")
    assert share.kind == "answer" and "60 %" in share.answer


def test_too_few_participants_is_a_no_quoting_the_call(drafted):
    few = drafted.ask("Notre association d'Aurillac prévoit 12 participants sur 18 mois. On peut candidater ?")
    assert few.verdict == "no" and few.answer.startswith("**Non**")
    line = _line(few.answer, "Nombre de participants")
    assert "❌" in line and "12 participants" in line and "15 participants" in line
    assert "« Chaque projet doit accompagner au moins 15 participants" in few.answer


def test_a_consortium_needs_the_raised_minimum(drafted):
    joint = drafted.ask("Nous sommes un consortium de trois associations d'Aurillac : 20 participants sur 18 mois, "
                        "tous habitants d'Aurillac. C'est bon ?")
    assert joint.verdict == "no"
    line = _line(joint.answer, "Nombre de participants")
    assert "❌" in line and "25 participants" in line
    alone = drafted.ask("Notre association d'Aurillac porte seule le projet : 20 participants sur 18 mois, tous habitants d'Ytrac. C'est bon ?")
    assert alone.verdict == "yes" and "✅" in _line(alone.answer, "Nombre de participants")
    unsaid = drafted.ask("Association d'Aurillac : 20 participants sur 18 mois, tous habitants d'Ytrac. C'est bon ?")
    assert unsaid.verdict == "conditional"
    line = _line(unsaid.answer, "Nombre de participants")
    assert "⚠️" in line and "25" in line and "à vérifier" in line


def test_the_share_of_residents(drafted):
    share = drafted.ask("Association d'Aurillac, projet de 18 mois, structure seule : 30 participants dont 20 résidant dans "
                        "les communes du territoire. Ça passe ?")
    line = _line(share.answer, "Résidence des participants")
    assert "✅" in line and "20 participants sur 30" in line
    assert share.verdict == "yes"
    away = drafted.ask("Association d'Aurillac, projet de 18 mois, structure seule : 20 participants, dont 10 habitent Aurillac "
                       "ou Ytrac et 10 habitent Saint-Flour. Est-ce que ça rentre dans les critères ?")
    line = _line(away.answer, "Résidence des participants")
    assert away.verdict == "no" and "❌" in line and "60 %" in line and "Saint-Flour" in line
    assert "« Au moins 60 % des participants accompagnés doivent résider" in away.answer
    everyone = drafted.ask("Association d'Aurillac, on porte seuls un projet de 18 mois : 16 participants, tous habitants du territoire. OK ?")
    assert "✅" in _line(everyone.answer, "Résidence des participants") and everyone.verdict == "yes"


def test_counts_that_are_not_participants_or_not_given(drafted):
    none = drafted.ask("Notre association d'Aurillac voudrait mener un projet de 18 mois à Ytrac. On peut candidater ?")
    assert not _line(none.answer, "Nombre de participants").startswith("- ❌")
    assert none.verdict != "no"
    staff = drafted.ask("Notre association d'Aurillac (3 salariés, 2 employeurs partenaires, une équipe de 4 encadrants) "
                        "porte seule un projet de 18 mois. C'est possible ?")
    assert "❌" not in _line(staff.answer, "Nombre de participants") and staff.verdict != "no"
    about = drafted.ask("Association d'Aurillac, structure seule, projet de 18 mois : on accompagnera une vingtaine de jeunes. Ça rentre ?")
    line = _line(about.answer, "Nombre de participants")
    assert "✅" in line and "une vingtaine" in line and "approché" in line
    around = drafted.ask("Association d'Aurillac, on porte seuls le projet, 18 mois, entre 12 et 20 participants. OK ?")
    line = _line(around.answer, "Nombre de participants")
    assert around.verdict == "conditional" and "⚠️" in line and "entre 12 et 20" in line and "15 participants" in line


def test_check_text_and_the_command_line_show_the_criteria(drafted, tmp_path, monkeypatch, capsys):
    e = drafted.check_text("Association d'Aurillac, projet de 18 mois à Ytrac avec 12 participants, 30 000 € demandés.")
    people = next(c for c in e.criteria if c.id == "participants")
    assert e.verdict == "not_eligible" and people.status == "fail" and "15" in people.explanation
    assert any("au moins 15 participants" in c.quote for c in people.citations)
    from assistant import cli
    from assistant.config import get_settings

    monkeypatch.setenv("AMI_CORPUS_DIR", str(drafted.settings.corpus_dir))
    monkeypatch.setenv("AMI_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    try:
        rc = cli.main(["--call", "parcours", "check", "--as-of", "2027-04-01", "--text",
                       "Association d'Aurillac, projet de 18 mois à Ytrac, 30 participants dont 20 habitent Saint-Flour et "
                       "10 habitent Aurillac, 30 000 € demandés."])
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert rc == 0
    line = next(ln for ln in out.splitlines() if " residents : " in ln)
    assert "❌" in line and "10 participants sur 30" in line and "Saint-Flour" in line and "60 %" in line
    assert "Verdict : non éligible" in out


def test_call_sentences_in_words_and_other_people():
    from assistant.participants import call_minimum, call_share, stated_count

    assert call_minimum("Le projet doit toucher au minimum vingt-cinq jeunes.").value == 25
    assert call_minimum("Un consortium réunit un chef de file et au moins deux partenaires.") is None
    assert call_minimum("Chaque atelier accueille un minimum de 8 jeunes par session.") is None
    assert call_share("70 % au moins des participants résident dans les communes du périmètre.") == 70
    assert call_share("Au moins 40 % des jeunes accompagnés doivent résider dans un quartier prioritaire.") is None
    assert stated_count("On voudrait s'inscrire à 3 personnes de l'équipe pour le webinaire.") is None
    assert stated_count("30 seniors inscrits à France Travail, dont 12 au RSA").value == 30


def test_the_review_of_a_dossier_reports_too_few_participants(drafted):
    import io

    from docx import Document

    d = Document()
    d.add_heading("Cap emploi – parcours vers l'emploi à Ytrac", level=0)
    d.add_heading("Présentation de la structure", level=1)
    d.add_paragraph("Association loi 1901 créée en 2012 à Aurillac ; elle porte seule le projet.")
    d.add_heading("Le projet", level=1)
    d.add_paragraph("Nous accompagnerons 10 participants pendant 18 mois à Ytrac, dont 6 habitent Saint-Flour.")
    buf = io.BytesIO()
    d.save(buf)
    r = drafted.review_dossier(buf.getvalue(), name="cap-emploi.docx")
    problems = {p.id: p for p in r.problems}
    assert problems["participants"].severity == "error" and "10 participants" in problems["participants"].message
    assert any("au moins 15 participants" in c.quote for c in problems["participants"].citations)
    assert problems["residents"].severity == "error" and "6 participants sur 10" in problems["residents"].message and "Saint-Flour" in problems["residents"].message
    assert not r.complete
