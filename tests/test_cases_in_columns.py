"""Rules set axis by axis in the ways calls write them, on an unedited `ami new-call` draft of a generated .docx: a table
whose columns are the axes (a real Word table, equal amounts in separate cells: "Subvention minimale | 8 000 € | 8 000 €
| 8 000 €"; a merged header cell over two columns is read once); a duration one axis has of its own, stated after the
general one ("Par exception, les projets de l'axe 3 ont une durée comprise entre 6 et 12 mois"); a kind of applicant
admitted for one axis only ("les communes …, uniquement au titre de l'axe 1"); a cost eligible for one axis only ("elles
ne sont éligibles que pour les projets de l'axe 2 (achat de vélos …)") asked for another; asking to put it "dans le
budget" is a question about a cost, not about the town it names; a purchase's share said before the thing ("dont 16 000 €
d'achat de scooters"). A second call: a table whose first column names its rows, with a raise in brackets ("45 000 €
(70 000 € si le projet couvre les deux intercommunalités)"); "pour l'axe 2, la durée est limitée à 18 mois"; no Oui from a
line that keeps a kind to partners; an address given for when the platform fails is no way to send the dossier; a diesel
car is one of the "véhicules thermiques" the call rules out. Asked of a table of axes, a cap is answered with its rows; a
follow-up giving a value for what was asked ("la durée c'est combien ?" then "et sur 18 mois ?") gets a verdict; a
market day is out of scope; a rule of the project's own axis that no typed check reads (« Pour l'axe 3, chaque parent
bénéficie d'au moins deux rendez-vous individuels par mois ») is never passed by a plain « Oui »: the applicant's
« un rendez-vous … par mois » is weighed against it, « Non » (requirements.py)."""

from __future__ import annotations

from datetime import date

import pytest

CALL = [
    ("title", "Appel à projets « Allier Parents Actifs » 2027"),
    ("p", "Département fictif de l'Allier – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Solutions de garde pour parents en insertion"),
    ("p", "Garde en horaires décalés, relais de garde pendant une formation."),
    ("h2", "Axe 2 – Mobilité des parents"),
    ("p", "Location solidaire de vélos à assistance électrique et de scooters, covoiturage solidaire."),
    ("h2", "Axe 3 – Accompagnement renforcé des parents isolés"),
    ("p", "Accompagnement individuel et ateliers collectifs de remobilisation."),
    ("p", "Pour l'axe 3, chaque parent bénéficie d'au moins deux rendez-vous individuels par mois."),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet :"),
    ("li", "les associations régies par la loi du 1er juillet 1901 ;"),
    ("li", "les communes et communautés de communes du territoire, uniquement au titre de l'axe 1."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes suivantes : Moulins, Yzeure, Avermes, Souvigny."),
    ("h1", "4. Dépenses"),
    ("p", "Dépenses d'investissement : elles ne sont éligibles que pour les projets de l'axe 2 (achat de vélos à assistance "
          "électrique ou de scooters destinés à la location solidaire) et dans la limite de 25 % du coût total du projet."),
    ("h1", "5. Montant de l'aide"),
    ("table", [["", "Axe 1", "Axe 2", "Axe 3"],
               ["Subvention minimale", "8 000 €", "8 000 €", "8 000 €"],
               ["Plafond général", "40 000 €", "35 000 €", "30 000 €"],
               ["Taux maximal d'aide", "70 %", "70 %", "80 %"]]),
    ("h1", "6. Durée et calendrier"),
    ("p", "La durée des projets est comprise entre 12 et 24 mois. Par exception, les projets de l'axe 3 ont une durée "
          "comprise entre 6 et 12 mois."),
    ("p", "Les projets démarrent entre le 1er juillet 2027 et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 9 avril 2027 à 12h00, sur https://www.demarches-simplifiees.fr/commencer/allier-parents"),
    ("p", "Contact : parents-actifs@allier.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def call(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("columns"), "columns", CALL, date(2027, 3, 1))[0]


def test_a_floor_in_a_table_whose_columns_are_the_axes(call):
    low = call.ask("Asso d’Yzeure créée en 2010, axe 2, 12 mois à partir de septembre 2027 : on demande 6 500 € sur un "
                   "budget de 10 000 €. C'est ok ?")
    assert low.verdict == "no" and "8 000 €" in low.answer
    fine = call.ask("Asso d’Yzeure créée en 2010, axe 2, 12 mois à partir de septembre 2027 : on demande 9 000 € sur un "
                    "budget de 14 000 €. C'est ok ?")
    assert fine.verdict == "yes"


def test_the_rate_of_one_axis_in_its_column(call):
    axis3 = call.ask("Asso d’Yzeure créée en 2010, axe 3, 10 mois à partir de septembre 2027 : on demande 15 000 € sur "
                     "un budget de 20 000 €. C'est ok ?")
    assert axis3.verdict == "yes"  # 75 %: over the 70 % of axes 1 and 2, within the 80 % of the axis 3
    axis2 = call.ask("Asso d’Yzeure créée en 2010, axe 2, 12 mois à partir de septembre 2027 : on demande 15 000 € sur "
                     "un budget de 20 000 €. C'est ok ?")
    assert axis2.verdict == "no" and "70 %" in axis2.answer


def test_a_duration_of_one_axis_stated_after_the_general_one(call):
    long3 = call.ask("Asso d’Yzeure, projet axe 3 de 18 mois à partir de septembre 2027, c'est possible ?")
    assert long3.verdict == "no" and "entre 6 et 12 mois" in long3.answer
    long2 = call.ask("Asso d’Yzeure, projet axe 2 de 18 mois à partir de septembre 2027, c'est possible ?")
    assert long2.verdict == "yes"


def test_a_kind_admitted_for_one_axis_only(call):
    other = call.ask("La mairie d'Yzeure peut-elle porter un projet axe 2 ?")
    assert other.verdict == "no" and "uniquement au titre de l'axe 1" in other.answer
    own = call.ask("La mairie d'Yzeure peut-elle porter un projet axe 1 ?")
    assert own.verdict != "no"


def test_a_cost_eligible_for_one_axis_only_asked_for_another(call):
    ans = call.ask("On porte un projet axe 3 à Souvigny. Peut-on mettre dans le budget l'achat de 3 vélos électriques ?")
    assert ans.verdict == "no" and "que pour les projets de l'axe 2" in ans.answer


def test_equal_cells_are_each_read_and_a_merged_cell_once(tmp_path):
    import docx

    from assistant.calls.read import read_blocks

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Plafond par projet"
    table.cell(0, 2).text = "Taux maximal"
    for c, text in enumerate(["8 000 € par projet", "8 000 € par projet", "70 % du coût total"]):
        table.cell(1, c).text = text
    doc.save(str(tmp_path / "t.docx"))
    rows = [b.text for b in read_blocks(tmp_path / "t.docx")]
    assert rows == ["Plafond par projet | Taux maximal", "8 000 € par projet | 8 000 € par projet | 70 % du coût total"]


SECOND = [
    ("title", "Appel à projets « Allier Garde et Emploi » 2027"),
    ("p", "Département fictif de l'Allier – Direction de l'insertion"),
    ("h1", "1. Axes"),
    ("h2", "Axe 1 – Garde d'enfants"),
    ("h2", "Axe 2 – Accompagnement des parents"),
    ("h1", "2. Porteurs"),
    ("p", "Peuvent déposer un projet les associations loi 1901."),
    ("p", "Ne sont pas éligibles :"),
    ("li", "les organismes de formation, qui ne peuvent intervenir qu'en qualité de partenaires ou de prestataires ;"),
    ("li", "les personnes physiques."),
    ("p", "Dépenses non éligibles :"),
    ("li", "l'achat de véhicules thermiques, quel que soit l'axe ;"),
    ("li", "les frais de réception."),
    ("h1", "3. Territoire"),
    ("p", "Les actions se déroulent dans les communes de la Communauté d'agglomération Montluçon Communauté et de la "
          "Communauté de communes du Pays de Tronçais."),
    ("h1", "4. Financement"),
    ("table", [["Règle", "Axe 1", "Axe 2"],
               ["Subvention minimale", "10 000 €", "10 000 €"],
               ["Subvention maximale", "45 000 € (70 000 € si le projet couvre les deux intercommunalités)", "45 000 €"],
               ["Taux maximal de financement", "80 %", "70 %"]]),
    ("h1", "5. Durée"),
    ("li", "durée des projets : de 12 à 24 mois ; pour l'axe 2, la durée est limitée à 18 mois ;"),
    ("li", "démarrage entre le 1er septembre et le 31 décembre 2027."),
    ("p", "Date limite de dépôt : vendredi 9 avril 2027 à 12h00."),
    ("p", "Les dossiers sont déposés exclusivement en ligne sur la plateforme "
          "https://www.demarches-simplifiees.fr/commencer/allier-garde"),
    ("p", "En cas de difficulté technique avec la plateforme, et uniquement dans ce cas, le porteur le signale avant la "
          "date limite à l'adresse garde-emploi@allier.example."),
    ("p", "Document fictif rédigé pour les tests de l'assistant."),
]


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    from fixtures_calls import draft_call

    return draft_call(tmp_path_factory.mktemp("second"), "second", SECOND, date(2027, 3, 1))[0]


def test_a_table_whose_first_column_names_its_rows_with_a_raise_in_brackets(second):
    one = second.ask("Asso de Montluçon, axe 1 sur 12 mois à partir d'octobre 2027, budget 100 000 €, demande 60 000 €, "
                     "actions seulement à Montluçon. OK ?")
    assert one.verdict == "no" and "45 000 €" in one.answer
    both = second.ask("Asso de Montluçon, axe 1 sur 12 mois à partir d'octobre 2027, budget 100 000 €, demande 60 000 €, "
                      "actions à Montluçon et à Cérilly. OK ?")
    assert both.verdict == "yes" and "70 000 €" in both.answer
    rate = second.ask("Asso de Montluçon, axe 2 sur 12 mois à partir d'octobre 2027, budget 20 000 €, demande 15 000 €. OK ?")
    assert rate.verdict == "no" and "70 %" in rate.answer


def test_a_shorter_duration_for_one_axis(second):
    ans = second.ask("Asso de Montluçon, axe 2 sur 24 mois à partir d'octobre 2027, budget 30 000 €, demande 20 000 €. OK ?")
    assert ans.verdict == "no" and "18 mois" in ans.answer


def test_no_yes_from_a_line_that_keeps_a_kind_to_partners(second):
    ans = second.ask("On est un organisme de formation, on peut déposer un projet ?")
    assert ans.verdict != "yes" and "qualité de partenaires" in ans.answer


def test_a_purchase_over_its_share_said_before_the_thing(call):
    over = call.ask("Asso d’Yzeure, axe 2, location de scooters électriques, 12 mois, démarrage septembre 2027. 20 000 € "
                    "demandés pour 48 000 € de budget, dont 16 000 € d'achat de scooters. OK pour déposer ?")
    assert over.verdict == "no" and "25 %" in over.answer
    within = call.ask("Asso d’Yzeure, axe 2, location de scooters électriques, 12 mois, démarrage septembre 2027. 20 000 € "
                      "demandés pour 48 000 € de budget, dont 10 000 € d'achat de scooters. OK pour déposer ?")
    assert within.verdict == "yes"


def test_an_address_for_when_the_platform_fails_is_no_way_to_send(second):
    ans = second.ask("la plateforme c'est galère pour nous, peut-on envoyer le dossier complet par mail à la place ?")
    assert ans.verdict == "no" and "exclusivement en ligne" in ans.answer


def test_a_diesel_car_is_a_vehicle_the_call_rules_out(second):
    ans = second.ask("Pour notre projet (axe 2) on voudrait acheter 2 voitures diesel d'occasion, c'est finançable ?")
    assert ans.verdict == "no" and "véhicules thermiques" in ans.answer


def test_the_rows_of_a_table_of_axes_answer_a_cap_asked_for_one_axis(call):
    ans = call.ask("Pour l'axe 1, quel est le plafond de subvention ?")
    assert "40 000 €" in ans.answer and "Plafond général" in ans.answer


def test_a_follow_up_giving_a_value_for_what_was_asked_gets_a_verdict(call):
    first = "Pour un projet de l'axe 3, la durée c'est combien ?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": call.ask(first).answer}]
    too_long = call.ask("et sur 18 mois ?", history)
    assert too_long.verdict == "no" and "12 mois" in too_long.answer
    within = call.ask("et sur 10 mois ?", history)
    assert within.verdict == "yes"


def test_a_market_day_is_out_of_scope(call):
    assert call.ask("C'est quel jour le marché à Yzeure ? je passe dans le coin en février").kind == "out_of_scope"


def test_a_share_of_hours_is_no_funding_rate(call):
    from assistant.facts import read_facts

    said, _notes = read_facts("Asso d’Yzeure, axe 1, 18 mois à partir de septembre 2027 : on demande 28 000 € pour un budget "
                              "total de 42 000 €, et 60 % des heures sont réservées à des parents au RSA.", call.spec,
                              call.territory, strict=True)
    assert said.budget.funding_rate_percent is None and said.budget.requested_eur == 28000
    rate, _notes = read_facts("Projet financé à 60 % du coût total, c'est bon ?", call.spec, call.territory, strict=True)
    assert rate.budget.funding_rate_percent == 60
    ours, _notes = read_facts("On voudrait que l'AAP finance 80% de notre projet, c'est possible ?", call.spec, call.territory,
                              strict=True)
    assert ours.budget.funding_rate_percent == 80


def test_the_seats_town_said_short_again_is_a_place_of_action(call):
    from assistant.facts import read_facts

    said, _notes = read_facts("Asso dont le siège est à Garnat-sur-Engièvre, axe 2 sur 12 mois : agence à Garnat et permanence "
                              "tous les mois à Yzeure. OK ?", call.spec, call.territory, strict=True)
    assert said.structure.commune == "Garnat-sur-Engièvre" and "Garnat-sur-Engièvre" in said.project.communes


def test_no_plain_yes_past_a_rule_of_the_projects_own_axis(call):
    ans = call.ask("Asso d’Yzeure créée en 2010, axe 3 : un rendez-vous individuel par mois avec chaque parent, 10 mois à "
                   "partir de septembre 2027, on demande 15 000 € sur un budget de 20 000 €. C'est ok ?")
    # one meeting a month, said, against « au moins deux … par mois »: no plain « Oui » — the count is weighed, « Non »
    assert ans.verdict == "no" and "au moins deux rendez-vous individuels par mois" in ans.answer, ans.answer
    other = call.ask("Asso d’Yzeure créée en 2010, axe 2 : un rendez-vous individuel par mois avec chaque parent, 12 mois à "
                     "partir de septembre 2027, on demande 9 000 € sur un budget de 14 000 €. C'est ok ?")
    assert other.verdict == "yes"
