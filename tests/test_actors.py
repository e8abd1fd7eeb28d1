"""Actor coding and linking: names -> (canonical name, type, country, sector, role), across articles."""

from __future__ import annotations

import pytest

from newsprism.link.coding import code_actor, fold, parse_date, variant


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("France", "FRA", None),
        ("the United States", "USA", None),
        ("U.S.", "USA", None),
        ("Chinese", "CHN", None),
        ("Beijing", "CHN", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("the Élysée", "FRA", "GOV"),
        ("the Elysee", "FRA", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("The Pentagon", "USA", "MIL"),
        ("Serbian Army", "SRB", "MIL"),
        ("two Chinese warplanes", "CHN", "MIL"),
        ("Ukrainian farmers", "UKR", "AGR"),
        ("Kyiv police", "UKR", "COP"),
        ("Chile's Defense Ministry", "CHL", "GOV"),
        ("Russia's ambassador to Poland", "RUS", "GOV"),
        ("Muslim leaders in France", "FRA", "REL"),
        ("a former White House official", "USA", "ELI"),
        ("Boko Haram gunmen", "NGA", "REB"),
        ("an opposition lawmaker", None, "LEG"),
        ("Mariupol", "UKR", "CVL"),
        ("Abkhazia", "GEO", "PRE"),
        ("official Syrian newspaper", "SYR", "GOV"),
    ],
)
def test_country_and_sector(text, country, sector):
    code = code_actor(text, date="2022-06-01")
    assert (code.country, code.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "igo"),
    [("United Nations", "UNO"), ("the UN Security Council", "UNO"), ("NATO", "NAT"), ("the European Union", "EUR"),
     ("African Union", "AFU"), ("ASEAN", "SEA"), ("World Bank", "WBK")],
)
def test_international_organisations_are_igo(text, igo):
    code = code_actor(text)
    assert code.country == "IGO"
    assert code.type == "IGO"
    assert code.igo == igo


def test_acronym_that_is_a_word_needs_capitals():
    assert code_actor("WHO").igo == "UNO"
    assert code_actor("who").country is None
    assert code_actor("us").country is None
    assert code_actor("US").country == "USA"


def test_title_is_kept_as_role_and_decides_sector():
    code = code_actor("Vermont Senator Bernie Sanders", date="2020-03-01")
    assert code.name == "Bernie Sanders"
    assert code.type == "PERSON"
    assert code.role == "senator"
    assert (code.country, code.sector) == ("USA", "LEG")


@pytest.mark.parametrize(
    ("text", "date", "name"),
    [
        ("the US president", "2019-06-01", "Donald Trump"),
        ("the US president", "2023-06-01", "Joe Biden"),
        ("the US president", "2025-06-01", "Donald Trump"),
        ("French President", "2015-01-01", "François Hollande"),
        ("the British prime minister", "2008-01-01", "Gordon Brown"),
        ("German Chancellor", "2010-01-01", "Angela Merkel"),
        ("Russia's foreign minister", "2020-01-01", "Sergei Lavrov"),
    ],
)
def test_office_resolves_to_holder_on_the_date(text, date, name):
    code = code_actor(text, date=date)
    assert code.name == name
    assert code.type == "PERSON"
    assert code.sector == "GOV"


def test_tenure_decides_sector_of_a_person():
    assert code_actor("Angela Merkel", date="2017-04-01").sector == "GOV"
    assert code_actor("Angela Merkel", date="2023-01-10").sector == "ELI"
    assert code_actor("Angela Merkel", date="2023-01-10").country == "DEU"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Erdogan", "Erdoğan"), ("Gaddafi", "Qadhafi"), ("Aleksandr Lukashenko", "Alexander Lukashenko"),
     ("President Bouteflicka", "Abdelaziz Bouteflika")],
)
def test_spelling_variants_meet(a, b):
    first, second = code_actor(a, date="2010-01-01"), code_actor(b, date="2010-01-01")
    assert first.key is not None
    assert first.key == second.key
    assert first.country == second.country is not None


def test_unknown_person_behind_title_is_a_person():
    code = code_actor("Sen. Feliciano Valencia")
    assert code.type == "PERSON"
    assert code.name == "Feliciano Valencia"
    assert code.sector == "LEG"
    assert code.country is None


def test_person_label_blocks_town_names():
    # "Obama" is also a Japanese town; in a person's name it is not a place
    assert code_actor("President Obama", date="2010-01-01").country == "USA"
    assert code_actor("Vladimir Smirnov", label="PERSON").country is None


def test_context_gives_the_country():
    assert code_actor("Defense Minister", context="German", date="2022-06-01").country == "DEU"
    assert code_actor("Defense Minister").country is None


def test_fold_and_variant_keys():
    assert fold("Erdoğan") == fold("ERDOGAN") == "erdogan"
    assert fold("U.S.") == "us"
    assert variant("qadhafi") == variant("gaddafi")


def test_parse_date_accepts_common_forms():
    assert parse_date("10 May 2015").isoformat() == "2015-05-10"
    assert parse_date("2021-10-01T09:00:00Z").isoformat() == "2021-10-01"
    assert parse_date("not a date") == parse_date("today")
