"""Across articles and outlets: a surname written alone joins the one person named in full elsewhere.

The articles are fiction written for these tests: a measles drive two outlets cover (one names the health
minister in full, the other only by her surname), a hospital strike the first outlet covers later, a
senator who shares her surname, and two Smiths.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.batch import analyze
from newsprism.cli import app
from newsprism.config import Settings
from newsprism.link.actors import actor_id
from newsprism.link.surnames import surname_key
from newsprism.store import open_store

ARTICLES = {
    "harbour/measles.txt": ("The Harbour Post", "2026-03-02", "Measles drive to reach four million children", (
        "Health Minister Adaeze Okafor on Monday launched a national measles vaccination drive that aims to "
        "reach four million children before the rainy season begins.\n\n"
        "Okafor said clinics in every district would open on Saturdays and that the vaccine was free. "
        "The measles vaccination drive is paid for by the health ministry and a grant from donors.\n")),
    "northline/measles.txt": ("Northline Daily", "2026-03-03", "Queues at clinics as measles drive starts", (
        "Parents queued from dawn on Tuesday as the national measles vaccination drive opened, with clinics "
        "in every district promising to reach four million children before the rainy season.\n\n"
        "Okafor said the vaccine was free and that clinics would open on Saturdays. Nurses in the "
        "capital said the measles vaccination drive had started well.\n")),
    "harbour/strike.txt": ("The Harbour Post", "2026-03-18", "Nurses walk out at Kelu General Hospital", (
        "Nurses at Kelu General Hospital walked out on Tuesday over three months of unpaid wages, leaving "
        "the wards to a skeleton staff.\n\n"
        "Minister Okafor met the union's leaders in the evening. She told them the arrears would be paid "
        "within a month.\n")),
    "eastern/tender.txt": ("Eastern Wire", "2026-05-02", "Court halts the port tender", (
        "A court in Marsh Town halted the port dredging tender on Friday after two bidders complained that "
        "the rules had been changed at the last minute.\n\n"
        "Senator Okafor, who chairs the transport committee, said the tender would have to start again.\n")),
    "valley/budget.txt": ("Valley Gazette", "2026-04-09", "Farm budget to be cut by a tenth", (
        "Senator Rachel Smith said on Thursday that the farm budget would be cut by a tenth next year, "
        "ending the subsidy for fertiliser.\n\n"
        "Farmers' groups said the cut to the farm budget would hurt small growers the most.\n")),
    "courier/budget.txt": ("The Coastline Courier", "2026-04-10", "Farmers protest the farm budget cut", (
        "Farmers drove tractors to the capital on Friday to protest the cut to the farm budget and the end "
        "of the fertiliser subsidy.\n\n"
        "Smith said the farm budget cut was painful but necessary, and that small growers would be helped.\n")),
    "valley/football.txt": ("Valley Gazette", "2026-04-12", "Valley Rovers sack their coach", (
        "Valley Rovers sacked their coach, Daniel Smith, on Sunday after a seventh defeat in a row left the "
        "club bottom of the league.\n\n"
        "The club's owner thanked him for three seasons of work.\n")),
    "eastern/flood.txt": ("Eastern Wire", "2026-04-20", "River Tam bursts its banks", (
        "The River Tam burst its banks on Monday night, flooding three villages and cutting the main road "
        "to the coast.\n\n"
        "Smith said the water had risen faster than in any year he could remember. Rescue boats reached "
        "the villages by morning.\n")),
}
SMITH_ARTICLES = {"valley/budget.txt", "courier/budget.txt", "eastern/flood.txt"}


def _write(root: Path, names) -> Path:
    for name in names:
        outlet, published, title, body = ARTICLES[name]
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n{body}",
                        encoding="utf-8")
    return root


def _write_texts(root: Path, texts: dict[str, tuple[str, str, str]]) -> None:
    for name, (outlet, published, body) in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\noutlet: {outlet}\npublished: {published}\n---\n{body}", encoding="utf-8")


def _analyze(db: Path, *paths: Path) -> None:
    with open_store(db) as store:
        analyze([str(p) for p in paths], store, Settings(db=str(db)))


def _actor_of(db: Path, path_suffix: str, text: str) -> str | None:
    """The actor of the first mention written ``text`` in the article read from ``path_suffix``."""
    conn = sqlite3.connect(db)
    row = conn.execute(
        "SELECT m.actor_id FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE a.path LIKE ? AND m.text = ? ORDER BY m.start", ("%" + path_suffix, text)).fetchone()
    conn.close()
    return row[0] if row else None


@pytest.fixture(scope="module")
def all_at_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("surnames")
    db = tmp / "all.db"
    _analyze(db, _write(tmp / "in", ARTICLES))
    return db


def test_surname_key_folds_titles_accents_and_transliteration():
    assert surname_key("Health Minister Adaeze Okafor") == surname_key("Okafor") == "okafor"
    assert surname_key("Zoë Brännström") == surname_key("Brannstrom")
    assert surname_key("Qadhafi") == surname_key("Muammar Gaddafi")


def test_lone_surname_joins_the_person_its_story_or_outlet_names_in_full(all_at_once):
    minister = _actor_of(all_at_once, "harbour/measles.txt", "Adaeze Okafor")
    assert minister is not None
    # another outlet, same story, surname only
    assert _actor_of(all_at_once, "northline/measles.txt", "Okafor") == minister
    # the same outlet two weeks later, another story: "Minister Okafor"
    assert _actor_of(all_at_once, "harbour/strike.txt", "Okafor") == minister
    # a senator of that surname elsewhere is not the health minister: the titles disagree (LEG, GOV)
    senator = _actor_of(all_at_once, "eastern/tender.txt", "Okafor")
    assert senator == actor_id("PERSON", "okafor") != minister


def test_two_full_names_sharing_a_surname_leave_it_alone_outside_their_stories(all_at_once):
    rachel = _actor_of(all_at_once, "valley/budget.txt", "Rachel Smith")
    daniel = _actor_of(all_at_once, "valley/football.txt", "Daniel Smith")
    assert rachel and daniel and rachel != daniel
    # the budget story names one Smith: its other outlet's "Smith" is her
    assert _actor_of(all_at_once, "courier/budget.txt", "Smith") == rachel
    # a flood story names neither, and the corpus holds two: that Smith stays his own actor
    assert _actor_of(all_at_once, "eastern/flood.txt", "Smith") == actor_id("PERSON", "smith")


def test_export_and_views_show_the_merge(all_at_once):
    runner = CliRunner()
    out = runner.invoke(app, ["export", "--db", str(all_at_once)], catch_exceptions=False)
    assert out.exit_code == 0
    data = json.loads(out.output)
    actors = {a["id"]: a for a in data["actors"]}
    used = {m["actor_id"] for art in data["articles"] for m in art["mentions"]}
    used |= {q["speaker"]["actor_id"] for art in data["articles"] for q in art["quotes"] if q["speaker"]}
    assert used - {None} <= set(actors)  # no mention points at an actor that was dropped
    minister = next(a for a in data["actors"] if a["name"] == "Adaeze Okafor")
    assert "Okafor" in minister["aliases"]
    lone = actors[actor_id("PERSON", "okafor")]
    assert lone["aliases"] == ["Okafor"] and lone["roles"] == ["senator"] and lone["sector"] == "LEG"
    northline = next(a for a in data["articles"] if a["path"].endswith("northline/measles.txt"))
    speakers = {q["speaker"]["actor_id"] for q in northline["quotes"] if q["speaker"]}
    assert minister["id"] in speakers  # "Okafor said ..." is a quote by the minister

    table = runner.invoke(app, ["actors", "--db", str(all_at_once)], catch_exceptions=False).output
    row = next(line for line in table.splitlines() if "Adaeze Okafor" in line)
    assert row.split()[-4:-1] == ["4", "3", "2"]  # mentions, articles, outlets
    shown = runner.invoke(app, ["show", "actor", minister["id"], "--db", str(all_at_once)],
                          catch_exceptions=False).output
    assert "in 3 articles from 2 outlets" in shown and northline["id"] in shown


def _mention_map(db: Path) -> dict[tuple[str, int], str]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT a.path, m.start, m.actor_id FROM mentions m JOIN articles a ON a.id = m.article_id"
                        " WHERE m.label = 'PERSON'").fetchall()
    conn.close()
    return {(Path(p).parent.name + "/" + Path(p).name, s): aid for p, s, aid in rows}


def test_the_outcome_does_not_depend_on_the_order_articles_arrive(all_at_once, tmp_path):
    first = ["valley/budget.txt", "eastern/flood.txt", "harbour/strike.txt"]
    db = tmp_path / "two-runs.db"
    _analyze(db, _write(tmp_path / "one", first))
    rachel = _actor_of(db, "valley/budget.txt", "Rachel Smith")
    # only one Smith so far, but neither the flood article's story nor its outlet names her, and no title
    # shows that its "Smith" is a surname: it stays its own actor
    assert rachel != _actor_of(db, "eastern/flood.txt", "Smith") == actor_id("PERSON", "smith")
    assert _actor_of(db, "harbour/strike.txt", "Okafor") == actor_id("PERSON", "okafor")
    _analyze(db, _write(tmp_path / "two", [n for n in ARTICLES if n not in first]))
    # the minister now takes the strike ("Minister Okafor", her outlet named her in full two weeks before)
    assert _actor_of(db, "eastern/flood.txt", "Smith") == actor_id("PERSON", "smith")
    assert _mention_map(db) == _mention_map(all_at_once)
    with open_store(db, readonly=True) as late, open_store(all_at_once, readonly=True) as once:
        assert [(a.id, a.name, a.aliases, a.roles) for a in late.actors() if a.type == "PERSON"] == \
               [(a.id, a.name, a.aliases, a.roles) for a in once.actors() if a.type == "PERSON"]


def test_spelling_variants_join_across_outlets(tmp_path):
    texts = {
        "a/turkey.txt": ("Anka Post", "2019-05-02",
                         "President Recep Tayyip Erdoğan opened the new airport terminal on Thursday. "
                         "Moammar Gadhafi's old palace in the south was also in the news.\n"),
        "b/turkey.txt": ("Lowland Times", "2019-05-03",
                         "Erdogan said the terminal would carry ninety million passengers a year. "
                         "Diplomats recalled that Muammar Qadhafi had once visited the site.\n"),
        "a/choir.txt": ("Anka Post", "2019-05-04",
                        "The conductor Zoë Brännström led the city choir through a new mass on Sunday.\n"),
        "b/choir.txt": ("Lowland Times", "2019-05-05",
                        "Zoe Brannstrom said the choir had rehearsed the new mass for a year.\n"),
        "c/choir.txt": ("Lowland Times", "2019-05-06",
                        "The city choir will sing the mass again in June, Brannstrom said on Monday.\n"),
    }
    _write_texts(tmp_path / "in", texts)
    db = tmp_path / "v.db"
    _analyze(db, tmp_path / "in")
    assert _actor_of(db, "a/turkey.txt", "Recep Tayyip Erdoğan") == _actor_of(db, "b/turkey.txt", "Erdogan")
    gadhafi = _actor_of(db, "a/turkey.txt", "Moammar Gadhafi") or _actor_of(db, "a/turkey.txt", "Moammar Gadhafi's")
    assert gadhafi is not None and gadhafi == _actor_of(db, "b/turkey.txt", "Muammar Qadhafi")
    zoe = _actor_of(db, "a/choir.txt", "Zoë Brännström")
    assert zoe == _actor_of(db, "b/choir.txt", "Zoe Brannstrom") == _actor_of(db, "c/choir.txt", "Brannstrom")


MONONYM = {
    "a/budget.txt": ("Anka Post", "2026-02-02",
                     "Finance Minister Oskar Tellan presented a budget on Monday that raises the fuel tax by "
                     "two cents and cuts the defence budget by a twentieth.\n\n"
                     "Tellan said the deficit would fall below three per cent next year.\n"),
    "b/concert.txt": ("Lowland Times", "2026-05-20",
                      "The pop singer Tellan filled the harbour arena on Saturday night, playing two hours of "
                      "songs from her new record to eleven thousand fans.\n\n"
                      "Tellan thanked the crowd and promised to come back in the autumn.\n"),
    "c/railway.txt": ("Meridian Review", "2026-06-11",
                      "The new railway line to the northern coast opened on Thursday after six years of "
                      "building and a long quarrel over its cost.\n\n"
                      "Mr Tellan, who paid for much of it from the state budget, cut the ribbon at the "
                      "station.\n"),
}


def test_a_one_word_name_joins_a_full_name_only_where_it_is_used_as_a_surname(tmp_path):
    _write_texts(tmp_path / "in", MONONYM)
    db = tmp_path / "m.db"
    _analyze(db, tmp_path / "in")
    minister = _actor_of(db, "a/budget.txt", "Oskar Tellan")
    assert minister is not None
    # the same article writes the surname after the full name: the minister
    assert _actor_of(db, "a/budget.txt", "Tellan") == minister
    # another outlet, another story, no title: a singer known by one name is not the minister
    assert _actor_of(db, "b/concert.txt", "Tellan") == actor_id("PERSON", surname_key("Tellan")) != minister
    # another outlet, another story, but "Mr Tellan": a surname, and the corpus holds one such person
    assert _actor_of(db, "c/railway.txt", "Tellan") == minister


def test_postgresql_store_resolves_alike(all_at_once, tmp_path):
    from pgserver import ServerUnavailable, fresh_database, start

    from newsprism.output.export import export_dict

    try:
        server = start()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL server cannot start here: {exc}")
    try:
        url = fresh_database(server, "surnames")
        with open_store(url) as store:
            analyze([str(_write(tmp_path / "in", ARTICLES))], store, Settings(db=url))
            pg = export_dict(store)
        with open_store(all_at_once, readonly=True) as store:
            lite = export_dict(store)
    finally:
        server.stop()

    def linked(data):
        return (sorted((a["id"], a["name"], tuple(a["aliases"]), tuple(a["roles"])) for a in data["actors"]),
                sorted((art["id"], m["start"], m["actor_id"]) for art in data["articles"] for m in art["mentions"]))

    assert linked(pg) == linked(lite)


def test_a_hospital_named_general_is_no_military_actor(all_at_once):
    conn = sqlite3.connect(all_at_once)
    rows = conn.execute("SELECT ac.name, ac.type, ac.sector FROM mentions m JOIN actors ac ON ac.id = m.actor_id"
                        " WHERE m.text LIKE '%Kelu General Hospital%'").fetchall()
    conn.close()
    assert rows
    assert all(sector != "MIL" and typ != "PERSON" for _, typ, sector in rows), rows
