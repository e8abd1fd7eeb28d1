"""Subdivision offices (governors, premiers, chief ministers), surname-only matching, and the built-in
classes of sub-national, military and intelligence office holders."""

from __future__ import annotations

import datetime as dt

import pytest

from newsprism.lexicons import load
from newsprism.link.coding import ActorDictionary, code_actor, dictionary, use_actor_file

FICTION = """\
offices:
  NOR governor of Vestmark:
    surname_alone: false
    holders:
      - [Ola Brekk, 2019-03-01, 2023-06-30]
      - [Sigrid Tolle, 2023-06-30, ""]
  NOR governor of Nordfjell:
    holders:
      - [Per Kvamsdal, 2020-01-01, ""]
  NOR premier of Vestmark:
    surname_alone: false
    holders:
      - [Kari Ospe, 2018-01-01, ""]
  DNK governor of Vestmark:
    holders:
      - [Jens Holmgaard, 2018-01-01, ""]
  NOR finance minister:
    holders:
      - [Halvor Sande, 2019-09-01, 2024-01-15]
"""


@pytest.fixture()
def fiction(tmp_path):
    path = tmp_path / "fiction.yaml"
    path.write_text(FICTION, encoding="utf-8")
    use_actor_file(path)
    yield
    use_actor_file(None)


def test_a_subdivision_office_resolves_to_its_holder_on_the_date(fiction):
    got = code_actor("the Nordfjell governor", date="2022-05-01")
    assert (got.name, got.country, got.sector, got.role) == ("Per Kvamsdal", "NOR", "GOV", "governor of Nordfjell")
    assert code_actor("the governor of Nordfjell", date="2022-05-01").name == "Per Kvamsdal"
    # before the first holder known: no person is invented
    assert code_actor("the Nordfjell governor", date="2015-05-01").type != "PERSON"


def test_a_place_two_countries_share_needs_the_country(fiction):
    # Vestmark has a governor in two countries: without a country word nobody is picked
    assert code_actor("the Vestmark governor", date="2021-01-01").type != "PERSON"
    norwegian = code_actor("the Norwegian Vestmark governor", date="2021-01-01")
    assert (norwegian.name, norwegian.country) == ("Ola Brekk", "NOR")
    assert code_actor("the Norwegian Vestmark governor", date="2024-01-01").name == "Sigrid Tolle"
    assert code_actor("Denmark's Vestmark governor", date="2021-01-01").name == "Jens Holmgaard"
    # the title decides which office: the premier is not the governor
    assert code_actor("the Vestmark premier", date="2021-01-01").name == "Kari Ospe"


@pytest.mark.parametrize("text", ["the Norwegian finance minister", "Norway's minister of finance",
                                  "the Norwegian treasury secretary", "Norway's chancellor of the exchequer"])
def test_a_finance_minister_by_any_title_is_the_holder(fiction, text):
    got = code_actor(text, date="2022-03-01")
    assert (got.name, got.country, got.role) == ("Halvor Sande", "NOR", "finance minister")
    assert code_actor(text, date="2024-03-01").name != "Halvor Sande"  # his term ended


def test_deputies_and_former_holders_are_not_the_holder(fiction):
    assert code_actor("the deputy governor of Nordfjell", date="2022-05-01").name != "Per Kvamsdal"
    assert code_actor("the former Nordfjell governor", date="2022-05-01").name != "Per Kvamsdal"


def test_surname_alone_false_needs_the_full_name(fiction):
    full = code_actor("Ola Brekk", date="2021-01-01")
    assert (full.country, full.sector, full.role) == ("NOR", "GOV", "governor of Vestmark")
    assert code_actor("Governor Ola Brekk", date="2021-01-01").name == "Ola Brekk"
    assert code_actor("Brekk", date="2021-01-01").name != "Ola Brekk"  # surname_alone: false
    assert code_actor("Kvamsdal", date="2021-01-01").name == "Per Kvamsdal"  # the default keeps surnames


def test_a_region_word_does_not_name_the_national_office():
    day = dt.date(2021, 6, 1)
    putin_then = dictionary().holder("RUS", "president", day)
    assert putin_then is not None
    got = code_actor("the Chechen president", date=day)
    assert got.country == "RUS" and got.name != putin_then.name
    # the country's own name or demonym still does
    assert code_actor("the Russian president", date=day).name == putin_then.name


@pytest.mark.parametrize("lexicon", ["actors_subnational", "actors_security", "actors_finance"])
def test_builtin_office_classes_are_well_formed(lexicon):
    d = ActorDictionary()
    count = d.add(load(lexicon), source=lexicon)
    assert count > 40
    for (country, role), tenures in d.offices.items():
        assert len(country) == 3 and country.isupper(), (country, role)
        ordered = sorted(tenures, key=lambda t: t.start)
        for t in ordered:
            assert t.start < t.end, (role, t)
        for a, b in zip(ordered, ordered[1:], strict=False):
            assert a.end <= b.start, f"{country} {role}: {a} overlaps {b}"  # one holder at a time
    sectors = {t.sector for ts in d.offices.values() for t in ts}
    assert sectors == ({"MIL", "SPY"} if lexicon == "actors_security" else {"GOV"})


def test_builtin_classes_code_people_by_their_office():
    # one sample per class; the dictionary is public fact, these only check it is wired in
    governor = code_actor("Greg Abbott", date="2020-01-01")
    assert (governor.country, governor.sector) == ("USA", "GOV")
    chief = code_actor("Valery Gerasimov", date="2020-01-01")
    assert (chief.country, chief.sector) == ("RUS", "MIL")
    assert code_actor("Ford", date="2020-01-01").country is None  # a bare surname is no governor


# --- first-level subdivisions (ISO 3166-2 through pycountry) ---------------------------------------------

def test_subdivision_names_are_cleaned_to_what_news_writes():
    from newsprism.link.coding import _subdivision_names

    assert _subdivision_names("Illes Balears [Islas Baleares]") == ["illes balears", "islas baleares"]
    assert _subdivision_names("Murcia, Región de") == ["murcia"]
    assert _subdivision_names("Qinghai Sheng") == ["qinghai"]
    assert "kurgan" in _subdivision_names("Kurganskaya oblast'")
    assert "luhansk" in _subdivision_names("Luhanska oblast")
    assert _subdivision_names("Wales [Cymru GB-CYM]") == ["wales"]


@pytest.mark.parametrize(
    ("text", "country"),
    [("Qinghai officials said", "CHN"), ("the Kurgan Oblast administration", "RUS"),
     ("Rakhine State", "MMR"), ("Vorarlberg police", "AUT"), ("farmers in Otago", "NZL"),
     ("the Yobe State governor", "NGA")],
)
def test_a_subdivision_places_an_actor_in_its_country(text, country):
    assert code_actor(text, date="2021-01-01").country == country


def test_ambiguous_and_generic_subdivision_names_are_left_out():
    regions = dictionary().keys["region"]
    assert "punjab" not in regions  # India and Pakistan both have one
    assert "central" not in regions and "north west" not in regions  # generic words, many countries
    assert not any(len(k) < 4 for k in regions)
    # written in lower case, a region name is an ordinary word
    assert code_actor("officials from qinghai", date="2021-01-01").country is None
    assert code_actor("officials from Qinghai", date="2021-01-01").country == "CHN"


def test_every_inhabited_iso_country_has_names_in_the_lexicon():
    import pycountry

    uninhabited = {"ATA", "ATF", "BVT", "HMD", "IOT", "SGS", "UMI"}
    listed = set(load("countries")["names"])
    missing = {c.alpha_3 for c in pycountry.countries} - listed - uninhabited
    assert not missing, f"countries.yaml lacks names/demonyms for {sorted(missing)}"


@pytest.mark.parametrize(("text", "country"), [("Tongan police", "TON"), ("the Faroese government", "FRO"),
                                               ("Seychellois coast guard", "SYC"), ("Sammarinese", "SMR")])
def test_demonyms_of_small_states_code_their_country(text, country):
    assert code_actor(text, date="2021-01-01").country == country
