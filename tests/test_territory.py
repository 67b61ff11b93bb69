"""Commune resolution against the shipped reference data: names, postal codes, typos, homonyms, free text."""

from __future__ import annotations


import pytest

from assistant.territory import Territory


@pytest.fixture(scope="module")
def territory(spec) -> Territory:
    return Territory(spec)


@pytest.mark.parametrize(
    "query, name",
    [
        ("Lens", "Lens"),
        ("lievin", "Liévin"),
        ("LIÉVIN", "Liévin"),
        ("Henin Beaumont", "Hénin-Beaumont"),
        ("hénin-beaumont", "Hénin-Beaumont"),
        ("Noyelles-Godault", "Noyelles-Godault"),
        ("noyelles sous lens", "Noyelles-sous-Lens"),
        ("Evin Malmaison", "Évin-Malmaison"),
        ("eleu dit leauwette", "Éleu-dit-Leauwette"),
        ("Courcelles les Lens", "Courcelles-lès-Lens"),
        ("Bully-les-Mines", "Bully-les-Mines"),
        ("Wingles", "Wingles"),
        ("62800", "Liévin"),
        ("62221", "Noyelles-sous-Lens"),
        ("Lens (62)", "Lens"),
        ("Lens 62300", "Lens"),
    ],
)
def test_basin_communes_are_in(territory, query, name):
    m = territory.resolve(query)
    assert m.status == "in", m
    assert m.name == name
    assert territory.in_basin(query)
    # the citation quotes the basin CSV row verbatim, line numbered like the CSV loader
    assert m.citation is not None
    assert m.citation.source.endswith("data/bassin-lens-henin-communes.csv")
    lines = territory.spec.path(territory.spec.territory.communes_file).read_text(encoding="utf-8").splitlines()
    n = int(m.citation.locator.removeprefix("ligne "))
    assert lines[n - 1] == m.citation.quote
    assert name in m.citation.quote


@pytest.mark.parametrize(
    "query, name, epci",
    [
        ("Douvrin", "Douvrin", "CA de Béthune-Bruay, Artois-Lys Romane"),
        ("Béthune", "Béthune", "CA de Béthune-Bruay, Artois-Lys Romane"),
        ("bethune", "Béthune", "CA de Béthune-Bruay, Artois-Lys Romane"),
        ("Arras", "Arras", "CU d'Arras"),
        ("Douai", "Douai", "CA Douaisis Agglo"),
        ("Lille", "Lille", "Métropole Européenne de Lille"),
        ("St Omer", "Saint-Omer", "CA du Pays de Saint-Omer"),
        ("Ste-Catherine", "Sainte-Catherine", "CU d'Arras"),
        ("62000", "Arras", "CU d'Arras"),
    ],
)
def test_communes_outside_the_basin_are_out_with_their_epci(territory, query, name, epci):
    m = territory.resolve(query)
    assert m.status == "out", m
    assert (m.name, m.epci_name) == (name, epci)
    assert not territory.in_basin(query)
    assert m.citation and m.citation.source.endswith("data/communes-france.csv")
    lines = territory.spec.path(territory.spec.territory.all_communes_file).read_text(encoding="utf-8").splitlines()
    assert lines[int(m.citation.locator.removeprefix("ligne ")) - 1] == m.citation.quote


def test_postal_code_shared_by_basin_communes_is_in(territory):
    m = territory.resolve("62300")
    assert m.status == "in"
    assert set(m.candidates) == {"Lens", "Éleu-dit-Leauwette"}
    assert len(m.citations) == 2


def test_unknown_postal_code_is_unknown(territory):
    assert territory.resolve("99999").status == "unknown"


@pytest.mark.parametrize("typo, name", [("Lievn", "Liévin"), ("Henin-Beaumon", "Hénin-Beaumont"), ("Carvim", "Carvin"), ("Sallaumine", "Sallaumines")])
def test_small_typos_are_corrected(territory, typo, name):
    m = territory.resolve(typo)
    assert (m.status, m.name, m.fuzzy) == ("in", name, True)


def test_unknown_name_gives_did_you_mean(territory):
    m = territory.resolve("Zzyzxville")
    assert m.status == "unknown" and m.citation is None


def test_short_prefix_of_two_basin_communes_is_ambiguous(territory):
    m = territory.resolve("Noyelles")
    assert m.status == "ambiguous"
    assert set(m.suggestions) == {"Noyelles-Godault", "Noyelles-sous-Lens"}


def test_homonyms_without_one_in_the_territorys_departements_are_ambiguous(territory):
    m = territory.resolve("Saint-Martin")
    assert m.status == "ambiguous"
    assert len(m.suggestions) >= 2


@pytest.mark.parametrize(
    "query, dept, status",
    [("Drocourt", "62", "in"), ("Méricourt", "62", "in"), ("Caumont", "62", "out")],
)
def test_homonyms_prefer_the_territorys_own_departement(territory, query, dept, status):
    m = territory.resolve(query)
    assert (m.departement, m.status) == (dept, status)


def test_a_homonym_outside_the_territorys_departements_asks_which(territory):
    # Naves exists in the Nord and elsewhere, none in the territory's département: the user is asked which one
    m = territory.resolve("Naves")
    assert m.status == "ambiguous" and any("59" in s for s in m.suggestions)


def test_empty_query_is_unknown(territory):
    assert territory.resolve("  ").status == "unknown"


def test_find_in_text_french(territory):
    found = territory.find_in_text("Ateliers à Liévin et Lens, siège sur Hénin-Beaumont.")
    assert [m.name for m in found] == ["Liévin", "Lens", "Hénin-Beaumont"]
    assert all(m.status == "in" for m in found)
    assert found[0].start == 11 and found[0].query == "Liévin"


def test_find_in_text_english_and_outside(territory):
    found = territory.find_in_text("We run workshops in Lens and near Douai for young people.")
    assert [(m.name, m.status) for m in found] == [("Lens", "in"), ("Douai", "out")]


def test_find_in_text_postal_code_but_not_amounts(territory):
    found = territory.find_in_text("Code postal 62300, budget 40000 € ou 62800€.")
    assert [m.name for m in found] == ["Lens"]


def test_find_in_text_skips_common_words(territory):
    text = "Y a-t-il un plan pour la mer ? Orange est partenaire. Les sens vers le haut. Eu égard au Pas-de-Calais."
    assert territory.find_in_text(text) == []


def test_find_in_text_takes_capitalised_names_not_at_sentence_start(territory):
    found = territory.find_in_text("Les communes visées sont Douvrin, Annay et Vimy.")
    assert [(m.name, m.status) for m in found] == [("Douvrin", "out"), ("Annay", "in"), ("Vimy", "in")]


def test_find_in_text_street_names_are_not_places(territory):
    found = territory.find_in_text("Nos locaux sont rue de Lille à Avion.")
    assert [m.name for m in found] == ["Avion"]


def test_find_in_text_lowercase_ordinary_word_is_not_a_commune(territory):
    assert territory.find_in_text("voyage en avion pour les jeunes") == []


def test_find_in_text_finds_the_communes_of_a_description(territory):
    text = (
        "Notre association accompagne des demandeurs d'emploi de longue durée et des femmes éloignées de l'emploi à "
        "Liévin, Lens et Avion, avec des ateliers collectifs, du mentorat en entreprise et des job datings. Démarrage "
        "en octobre 2024 pour 12 mois, budget de 45 000 €. Notre siège est à Béthune. Partenaires : Mission Locale."
    )
    assert 250 <= len(text) <= 330
    found = territory.find_in_text(text)  # its speed is measured by evals/bench.py, not here
    assert [m.name for m in found] == ["Liévin", "Lens", "Avion", "Béthune"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Douai c'est concerné par l'AMI ?", [("Douai", "out")]),
        ("Douvrin c'est juste à côté de Lens, ça rentre ?", [("Douvrin", "out"), ("Lens", "in")]),
        ("bruay la buissiere est elle dans le bassin ?", [("Bruay-la-Buissière", "out")]),
        ("Notre siège est à Arras mais toutes les actions auront lieu à Lens.", [("Arras", "out"), ("Lens", "in")]),
        ("Merci. Quelle est la date limite ? Nous sommes une association. Hommes et femmes. This is great.", []),
    ],
)
def test_find_in_text_sentence_starts_and_long_lowercase_names(territory, text, expected):
    assert [(m.name, m.status) for m in territory.find_in_text(text)] == expected
