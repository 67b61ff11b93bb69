"""Conditions a call lists under a lead that ends with a colon, on an unedited `ami new-call` draft of a generated .docx:
« Les structures dont le siège est situé hors de ces deux intercommunalités sont éligibles à deux conditions
cumulatives : » then the two items (a place open « au moins deux demi-journées par semaine », « au moins 80 % de
participants résidant … »). The seat rule is drafted from the lead and its items together; how often the applicant's
place opens (« le mardi matin seulement », « trois jours par semaine ») and the share it states decide."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Thouet Emploi Solidaire » 2027"),
    ("p", "Document fictif de la DDETS des Deux-Sèvres, rédigé pour les tests de l'assistant."),
    ("h1", "1. Objet"),
    ("p", "Accompagner vers l'emploi les demandeurs d'emploi de longue durée du nord des Deux-Sèvres."),
    ("h1", "2. Territoire"),
    ("p", "Les actions se déroulent sur le territoire de la CC du Thouarsais et de la CC Airvaudais-Val du Thouet "
          "(communes de Thouars, Louzy, Glénay, Airvault, Assais-les-Jumeaux, Boussais, Irais)."),
    ("p", "Les structures dont le siège est situé hors de ces deux intercommunalités sont éligibles à deux conditions "
          "cumulatives :"),
    ("li", "disposer sur le territoire d'un lieu d'accueil des publics ouvert au moins deux demi-journées par semaine "
           "pendant toute la durée du projet ;"),
    ("li", "accompagner au moins 80 % de participants résidant dans l'une des deux intercommunalités."),
    ("h1", "3. Porteurs"),
    ("p", "Peuvent déposer un projet les associations régies par la loi du 1er juillet 1901 et les SIAE."),
    ("h1", "4. Financement"),
    ("p", "La subvention est comprise entre 10 000 € et 40 000 € par projet, dans la limite de 80 % du coût total."),
    ("h1", "5. Durée et calendrier"),
    ("p", "Les projets durent de 12 à 18 mois et démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : lundi 3 mai 2027 à 12h00, par courriel à thouet-emploi@deux-sevres.example."),
]

ASK = ("Asso dont le siège est à Niort, créée en 2008. {place} Projet de 12 mois à partir de septembre 2027, {share} "
       "On demande 20 000 € pour un budget de 30 000 €. On peut candidater ?")


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("listed"), "listed", CALL, date(2027, 3, 1))[0]


def test_a_place_open_less_often_than_the_listed_condition_is_a_no(call):
    a = call.ask(ASK.format(place="On a une permanence à Thouars ouverte le mardi matin seulement.",
                            share="90 % des participants habitent le Thouarsais."))
    assert a.verdict == "no"
    assert "deux demi-journées par semaine" in a.answer  # the item that decides is quoted
    assert any("deux demi-journées" in c.quote for c in a.citations)


def test_a_place_open_often_enough_and_the_share_met_is_a_yes(call):
    a = call.ask(ASK.format(place="On a une antenne à Thouars ouverte trois jours par semaine.",
                            share="90 % des participants habitent le Thouarsais."))
    assert a.verdict == "yes", a.answer


def test_the_share_of_the_second_item_decides_too(call):
    short = call.ask(ASK.format(place="On a une antenne à Thouars ouverte trois jours par semaine.",
                                share="60 % des participants habitent le Thouarsais."))
    assert short.verdict == "no" and "80 %" in short.answer
    unsaid = call.ask(ASK.format(place="On a une antenne à Thouars ouverte trois jours par semaine.", share=""))
    assert unsaid.verdict == "conditional" and "80 %" in unsaid.answer  # neither met nor failed: named, to check


def test_a_seat_on_the_territory_needs_no_branch(call):
    a = call.ask("Asso dont le siège est à Thouars, créée en 2008. Projet de 12 mois à partir de septembre 2027. On "
                 "demande 20 000 € pour un budget de 30 000 €. On peut candidater ?")
    assert a.verdict == "yes", a.answer
