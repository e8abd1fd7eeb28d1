"""Actor coding and linking: names -> (canonical name, type, country, sector, role), across articles."""

from __future__ import annotations

import pytest
from conftest import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.link.actors import link_article, strip_titles, title_before
from newsprism.link.coding import code_actor, fold, parse_date, variant
from newsprism.records import Analysis, Article, Mention, Quote, Sentence, SpanRef


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
    [("United Nations", "UNO"), ("the UN Security Council", "UNO"), ("NATO", "NAT"),
     ("the European Union", "EUR"), ("African Union", "AFU"), ("ASEAN", "SEA"), ("World Bank", "WBK")],
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


# -- linking within and across articles (hand-built analyses, no model) ------------------------------------

def _analysis(
    text: str, ents: list[tuple[str, str]], *, published: str = "2026-03-10", quotes=()
) -> Analysis:
    """An analysis whose mentions are the first occurrence after the previous one of each (text, label)."""
    mentions, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        mentions.append(Mention(text=surface, start=start, end=start + len(surface), label=label))
        pos = start + len(surface)
    sentences, start = [], 0
    for part in text.split(". "):
        sentences.append(Sentence(start, start + len(part) + 1))
        start += len(part) + 2
    article = Article(id="a" + str(abs(hash(text)))[:8], path="x.txt", text=text, published=published)
    return Analysis(article=article, sentences=tuple(sentences), mentions=tuple(mentions),
                    quotes=tuple(quotes))


def _actors_by_name(actors):
    return {a.name: a for a in actors}


def test_surname_title_and_apposition_make_one_person():
    text = ("French President Emmanuel Macron met Ilse Torvald on Monday. Macron said the talks went well. "
            "His spokesman, Jules Perrot, confirmed it. Perrot added nothing.")
    linked, actors = link_article(_analysis(
        text, [("Emmanuel Macron", "PERSON"), ("Ilse Torvald", "PERSON"), ("Macron", "ORG"),
               ("Jules Perrot", "ORG"), ("Perrot", "ORG")], published="2024-05-01"))
    by_name = _actors_by_name(actors)
    macron = by_name["Emmanuel Macron"]
    assert macron.type == "PERSON"
    assert (macron.country, macron.sector) == ("FRA", "GOV")
    assert "president" in " ".join(macron.roles)
    assert {m.actor_id for m in linked.mentions if "Macron" in m.text} == {macron.id}
    perrot = by_name["Jules Perrot"]  # the model said ORG; the apposition to "spokesman" says person
    assert perrot.type == "PERSON"
    assert {m.label for m in linked.mentions if "Perrot" in m.text} == {"PERSON"}
    assert "spokesman" in perrot.roles


def test_sentence_opener_is_not_an_actor():
    text = "Officials met in Velmora. The officials said the deal was close."
    linked, actors = link_article(_analysis(text, [("Officials", "PERSON"), ("Velmora", "GPE")]))
    assert [a.name for a in actors] == ["Velmora"]
    assert [m.text for m in linked.mentions] == ["Velmora"]


def test_missed_surname_mentions_are_added_and_split_names_mended():
    text = "Minister Tomas Reyl stood firm. Later Reyl said no."
    linked, actors = link_article(_analysis(text, [("Tomas", "PERSON")]))
    assert [a.name for a in actors] == ["Tomas Reyl"]
    assert [m.text for m in linked.mentions] == ["Tomas Reyl", "Reyl"]
    assert all(text[m.start:m.end] == m.text for m in linked.mentions)


def test_nominal_and_pronoun_speakers_resolve_to_the_person():
    text = "Prime Minister Tomas Reyl arrived. \"We will talk,\" the prime minister said. \"Soon,\" he added."
    q1 = text.index('"We')
    q2 = text.index('"Soon')
    nominal = text.index("the prime minister")
    pronoun = text.index("he added")
    quotes = (
        Quote(text='"We will talk,"', start=q1, end=q1 + 15, kind="direct",
              speaker=SpanRef(text="the prime minister", start=nominal, end=nominal + 18)),
        Quote(text='"Soon,"', start=q2, end=q2 + 7, kind="direct", speaker=SpanRef(text="he", start=pronoun,
                                                                                    end=pronoun + 2)),
    )
    linked, actors = link_article(_analysis(text, [("Tomas Reyl", "PERSON")], quotes=quotes))
    reyl = _actors_by_name(actors)["Tomas Reyl"]
    assert [q.speaker.actor_id for q in linked.quotes] == [reyl.id, reyl.id]


def test_same_actor_id_across_articles_and_spellings():
    one = _analysis("Recep Tayyip Erdogan spoke in Ankara.",
                    [("Recep Tayyip Erdogan", "PERSON"), ("Ankara", "GPE")])
    two = _analysis("Erdoğan answered the French.", [("Erdoğan", "ORG"), ("French", "NORP")],
                    published="2024-01-01")
    three = _analysis("France protested.", [("France", "GPE")])
    _, a1 = link_article(one)
    _, a2 = link_article(two)
    _, a3 = link_article(three)
    erdogan = [a for a in a1 if a.type == "PERSON"][0]
    assert erdogan.country == "TUR"
    assert erdogan.id in {a.id for a in a2}
    assert {a.id for a in a2 if a.country == "FRA"} == {a.id for a in a3}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [("Prime Minister Tomas Reyl", "Tomas Reyl", "prime minister"),
     ("Ardell's transport minister, Kasimir Dorn", "Kasimir Dorn", "transport minister"),
     ("Reyl's spokesman, Elias Varn", "Elias Varn", "spokesman"),
     ("President Ilse Varga of Norvania", "Norvania", None),
     ("the former leader Henrik Sollen", "Henrik Sollen", "former leader"),
     ("the foreign Mara Holt", "Mara Holt", None)],
)
def test_title_before_a_name(text, name, title):
    assert title_before(text, text.index(name)) == title


def test_strip_titles_keeps_the_name():
    assert strip_titles("Vermont Senator Bernie Sanders") == "Vermont Senator Bernie Sanders"
    assert strip_titles("Senator Bernie Sanders") == "Bernie Sanders"
    assert strip_titles("Prime Minister Tomas Reyl") == "Tomas Reyl"


# -- the sample corpus: people stay people -------------------------------------------------------------------

CORPUS_PEOPLE = {"Ilse Varga", "Tomas Reyl", "Kasimir Dorn", "Anja Toller", "Elias Varn", "Mara Holt",
                 "Henrik Sollen", "Aldo Renn"}


@pytest.mark.model
def test_no_person_is_coded_as_an_organisation_in_the_corpus(corpus_export):
    actors = {a["id"]: a for a in corpus_export["actors"]}
    people = {a["name"]: a for a in actors.values() if a["name"] in CORPUS_PEOPLE}
    assert set(people) == CORPUS_PEOPLE
    assert {name: a["type"] for name, a in people.items() if a["type"] != "PERSON"} == {}
    wrong = [(m["text"], m["label"]) for art in corpus_export["articles"] for m in art["mentions"]
             if m["actor_id"] in actors and actors[m["actor_id"]]["name"] in CORPUS_PEOPLE
             and m["label"] != "PERSON"]
    assert wrong == []
    # every mention of a person's surname is linked to that person
    for art in corpus_export["articles"]:
        for m in art["mentions"]:
            if m["text"] in {"Varga", "Reyl"}:
                assert actors[m["actor_id"]]["name"] in {"Ilse Varga", "Tomas Reyl"}


# -- store, views, the --actors file, the evaluation ---------------------------------------------------------

def test_actors_table_and_show_actor(corpus_db):
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "--db", str(corpus_db)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Tomas" in result.output and "PERSON" in result.output
    from newsprism.store import open_store

    with open_store(corpus_db, readonly=True) as store:
        rows = store.actor_table()
        reyl = next(r for r in rows if r["name"] == "Tomas Reyl")
        assert reyl["articles"] >= 5 and reyl["outlets"] >= 4 and reyl["mentions"] >= reyl["articles"]
        actor = store.actor(reyl["id"])
        assert "prime minister" in actor.roles
    shown = runner.invoke(app, ["show", "actor", reyl["id"], "--db", str(corpus_db)], catch_exceptions=False)
    assert shown.exit_code == 0
    assert "roles: " in shown.output and "prime minister" in shown.output
    assert "quotes by this actor" in shown.output and "events with this actor" in shown.output


def test_user_actor_file_extends_the_dictionary(tmp_path):
    from newsprism.link.coding import ActorDictionary

    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "organisations:\n  - {name: Lenth Fishers Union, aliases: [LFU], country: NOR, sector: LAB}\n"
        "offices:\n  NOR harbour master:\n    sector: GOV\n"
        "    holders:\n      - [Ola Brekk, 2020-01-01, '']\n",
        encoding="utf-8",
    )
    d = ActorDictionary()
    d.load_builtin()
    assert d.add_file(extra) == 2
    assert d.keys["org"]["lfu"].sector == "LAB"
    assert d.people["ola brekk"].tenures[0].country == "NOR"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("organisations: [ {name: X, periods: [{sector: GOV, from: notadate}]} ]\n", "malformed"),
     ("offices:\n  president:\n    holders: []\n", "ISO3 role"),
     ("- just a list\n", "mapping"),
     ("organisations: [unclosed\n", "not valid YAML")],
)
def test_bad_actor_file_is_one_clear_error(tmp_path, content, fragment):
    from newsprism.errors import ConfigError
    from newsprism.link.coding import ActorDictionary

    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        ActorDictionary().add_file(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        ActorDictionary().add_file(tmp_path / "missing.yaml")


def test_analyze_with_actors_option(tmp_path):
    extra = tmp_path / "actors.yaml"
    extra.write_text("people:\n  Ilse Varga: {country: NOR, sector: GOV}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("---\ntitle: T\npublished: 2026-01-02\n---\nPresident Ilse Varga spoke in Velmora on "
                       "Monday. Varga said the talks would go on.\n", encoding="utf-8")
    db = tmp_path / "x.db"
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(article), "--db", str(db), "--actors", str(extra), "-q"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    from newsprism.store import open_store

    with open_store(db, readonly=True) as store:
        varga = next(a for a in store.actors() if a.name == "Ilse Varga")
    assert varga.country == "NOR"
    missing = runner.invoke(app, ["analyze", str(article), "--db", str(db),
                                  "--actors", str(tmp_path / "no.yaml")])
    assert missing.exit_code != 0
    assert "does not exist" in missing.output


EVAL = SHARED / "evaldata"


@pytest.mark.skipif(not (EVAL / "ngec-plover").is_dir(),
                    reason="evaluation data ../shared/evaldata not present")
def test_eval_actors_reports_both_sets():
    from newsprism.evaluate import run

    report = run("actors", EVAL / "ngec-plover", limit=40)
    assert set(report.metrics) == {"ngec_country_acc", "ngec_sector_acc", "gsr_country_acc", "gsr_sector_acc"}
    assert all(0.0 <= v <= 1.0 for v in report.metrics.values())
    assert report.metrics["ngec_country_acc"] > 0.5


def test_country_word_before_a_title_codes_an_unknown_person():
    text = "Colombian Defense Minister Diego Molano said the army would stay. Molano spoke later."
    ents = [("Diego Molano", "PERSON"), ("Molano", "PERSON")]
    _, actors = link_article(_analysis(text, ents, published="2021-06-01"))
    (molano,) = actors
    assert (molano.name, molano.country, molano.sector) == ("Diego Molano", "COL", "GOV")
    assert molano.roles == ("defense minister",)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Downing Street", "Government of the United Kingdom"),
     ("Number 10", "Government of the United Kingdom"),
     ("the Élysée", "Government of France"), ("Zhongnanhai", "Government of China"),
     ("the Kremlin", "Government of Russia")],
)
def test_seats_of_power_are_their_government(text, name):
    code = code_actor(text)
    assert (code.name, code.type, code.sector) == (name, "ORG", "GOV")
    assert code.key == f"government:{code.country}"


def test_an_office_only_one_state_has_needs_no_country():
    assert code_actor("the Pope", date="2010-06-01").name == "Pope Benedict XVI"
    assert code_actor("the Pope", date="2016-06-01").country == "VAT"
    assert code_actor("the Pope", date="2016-06-01").sector == "REL"


def test_state_media_speak_for_the_government():
    assert code_actor("North Korean state media").sector == "GOV"
    assert code_actor("KCNA").sector == "GOV"
    assert code_actor("Reuters").sector == "JRN"

_WORDS = st.sampled_from(["the", "French", "President", "soldiers", "of", "Beijing", "Macron", "UN", "former",
                          "police", "in", "'s", ",", "U.S.", "Ardell", "he", "to", "Ilse", "Varga", "rebels"])


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_WORDS, max_size=9).map(" ".join)),
       st.sampled_from([None, "PERSON", "ORG", "GPE"]),
       st.sampled_from([None, "2001-05-05", "today", "garbage"]))
def test_code_actor_never_fails_and_codes_are_well_formed(text, label, date):
    code = code_actor(text, label=label, date=date)
    assert code.country is None or (len(code.country) == 3 and code.country.isupper())
    assert code.sector is None or (len(code.sector) == 3 and code.sector.isupper())
    assert isinstance(code.name, str)


def test_per_cent_tagged_money_is_a_percentage():
    # the small model often tags "12 per cent" MONEY; the figure's unit must still be a percentage
    import spacy
    from spacy.tokens import Span

    from newsprism.extract.figures import _unit

    doc = spacy.blank("en")("Prices rose 12 per cent last year.")
    assert _unit(Span(doc, 2, 5, label="MONEY")) == "percent"
    assert _unit(Span(doc, 2, 5, label="PERCENT")) == "percent"


def test_a_capital_is_not_its_country_but_a_demonym_is():
    text = "French officials met in Paris. France said the Kremlin and Moscow disagreed with Russia."
    ents = [("French", "NORP"), ("Paris", "GPE"), ("France", "GPE"), ("Kremlin", "ORG"), ("Moscow", "GPE"),
            ("Russia", "GPE")]
    linked, actors = link_article(_analysis(text, ents))
    ids = {m.text: m.actor_id for m in linked.mentions}
    assert ids["French"] == ids["France"]
    assert ids["Paris"] != ids["France"]
    assert len({ids["Kremlin"], ids["Moscow"], ids["Russia"]}) == 3
    names = {a.id: a.name for a in actors}
    assert (names[ids["France"]], names[ids["Paris"]], names[ids["Kremlin"]]) == (
        "France", "Paris", "Government of Russia")


def test_bare_title_speaker_resolves_to_the_titled_person():
    text = "Prime Minister Tomas Reyl spoke. \"Enough,\" president said."
    at = text.index("president")
    quote = Quote(text='"Enough,"', start=text.index('"'), end=text.index('"') + 9, kind="direct",
                  speaker=SpanRef(text="president", start=at, end=at + 9))
    linked, _ = link_article(_analysis(text, [("Tomas Reyl", "PERSON")], quotes=(quote,)))
    assert linked.quotes[0].speaker.actor_id is None  # a president is not the prime minister
    text2 = "President Ilse Varga spoke. \"Enough,\" the president said."
    at2 = text2.index("the president")
    quote2 = Quote(text='"Enough,"', start=text2.index('"'), end=text2.index('"') + 9, kind="direct",
                   speaker=SpanRef(text="the president", start=at2, end=at2 + 13))
    linked2, actors2 = link_article(_analysis(text2, [("Ilse Varga", "PERSON")], quotes=(quote2,)))
    assert linked2.quotes[0].speaker.actor_id == actors2[0].id


def test_title_fragments_and_honorifics():
    text = "Secretary of State Mike Pompeo met Mr. Trump. Pompeo left."
    ents = [("State", "ORG"), ("Mike Pompeo", "PERSON"), ("Trump", "PERSON")]
    linked, actors = link_article(_analysis(text, ents, published="2019-05-14"))
    assert "State" not in [m.text for m in linked.mentions]  # a piece of a title is no actor
    trump = _actors_by_name(actors)["Donald Trump"]
    assert "mr" not in trump.roles and "president" in trump.roles
    assert code_actor("White House").name == "Government of the United States"
    assert code_actor("Washington").name == "Washington"


def test_particle_names_and_short_names_of_bodies_join_the_full_name():
    text = ("Ursula von der Leyen, the European Commission president, spoke. The Commission agreed. "
            "Von der Leyen left.")
    ents = [("Ursula von der", "PERSON"), ("Leyen", "PERSON"), ("European Commission", "ORG"),
            ("Commission", "ORG"), ("Von der Leyen", "ORG")]
    linked, actors = link_article(_analysis(text, ents, published="2022-11-03"))
    by_text = {m.text: m for m in linked.mentions}
    assert "Ursula von der Leyen" in by_text
    assert by_text["Von der Leyen"].actor_id == by_text["Ursula von der Leyen"].actor_id
    assert by_text["Von der Leyen"].label == "PERSON"
    assert by_text["Commission"].actor_id == by_text["European Commission"].actor_id
    vdl = _actors_by_name(actors)["Ursula von der Leyen"]
    assert (vdl.country, vdl.sector) == ("IGO", "GOV")


def test_people_speaking_for_a_body_and_places_the_model_called_people():
    text = ("Hamas official Osama Hamdan spoke in Rafah. Gaza's health ministry said Qatari Prime Minister "
            "Mohammed bin Abdulrahman Al Thani would visit.")
    ents = [("Hamas", "ORG"), ("Osama Hamdan", "PERSON"), ("Rafah", "PERSON"), ("Gaza", "GPE"),
            ("health ministry", "ORG"), ("Mohammed bin Abdulrahman", "PERSON"), ("Al Thani", "PERSON")]
    linked, actors = link_article(_analysis(text, ents, published="2024-02-10"))
    by_name = _actors_by_name(actors)
    hamdan = by_name["Osama Hamdan"]
    assert (hamdan.type, hamdan.country, hamdan.sector) == ("PERSON", "PSE", "REB")
    assert by_name["Hamas"].id != hamdan.id
    assert by_name["Rafah"].type == "GPE"
    assert by_name["health ministry"].type == "ORG"
    qatari = by_name["Mohammed bin Abdulrahman Al Thani"]
    assert (qatari.country, qatari.sector) == ("QAT", "GOV")  # not a fuzzy match to another Mohamed


def test_fuzzy_names_need_agreeing_family_names():
    assert code_actor("Mohammed bin Abdulrahman", label="PERSON").key is None
    assert code_actor("Aleksandr Lukashenko", date="2020-01-01").key == "person:alexander lukashenko"


@pytest.mark.parametrize(
    ("text", "label", "sector"),
    [
        ("Kelu General Hospital", "ORG", "MED"),
        ("nurses at Kelu General Hospital", None, "MED"),
        ("General Hospital", "ORG", "MED"),
        ("General Motors", "ORG", None),
        ("General Motors workers", None, "LAB"),
        ("Captain Cook Hotel", "ORG", None),
        ("Major League Baseball", "ORG", "SOC"),
        ("Sergeant Pepper Band", "ORG", None),
        ("the Nelson Mandela Foundation", "ORG", "NGO"),
    ],
)
def test_title_and_name_words_inside_an_organisation_name_are_no_rank_and_no_person(text, label, sector):
    code = code_actor(text, label=label, date="2020-01-01")
    assert code.type != "PERSON"
    assert code.role is None
    assert code.sector == sector
    assert code.key is None or not code.key.startswith("person:")


@pytest.mark.parametrize(
    ("text", "name", "role", "sector"),
    [
        ("General Ola Brekk", "Ola Brekk", "general", "MIL"),
        ("Lieutenant General Ola Brekk", "Ola Brekk", "lieutenant general", "MIL"),
        ("Captain Ahab", "Ahab", "captain", "MIL"),
        ("General Mark Milley", "Mark Milley", "general", "MIL"),
        ("Attorney General Ola Brekk", "Ola Brekk", "attorney general", "JUD"),
    ],
)
def test_a_title_before_a_person_name_still_marks_the_rank(text, name, role, sector):
    code = code_actor(text, date="2020-01-01")
    assert (code.type, code.name, code.role, code.sector) == ("PERSON", name, role, sector)


def test_a_leader_before_a_government_noun_still_names_the_leader():
    assert code_actor("the Trump Administration", date="2019-01-01").country == "USA"


@pytest.mark.parametrize(
    ("name", "stripped"),
    [("General Motors", "General Motors"), ("Major League Baseball", "Major League Baseball"),
     ("Captain Cook Hotel", "Captain Cook Hotel"), ("General Ola Brekk", "Ola Brekk"),
     ("Mr Church", "Church"), ("Health Minister Adaeze Okafor", "Adaeze Okafor")],
)
def test_title_words_are_stripped_only_before_a_person_name(name, stripped):
    assert strip_titles(name) == stripped


def test_a_title_word_before_a_body_name_is_not_the_title_of_the_mention():
    text = "Staff of the Captain Cook Hotel feared for their jobs, and Captain Ola Brekk said so."
    assert title_before(text, text.index("Cook Hotel")) is None
    assert title_before(text, text.index("Ola Brekk")) == "captain"
