"""The Dask runner on a real LocalCluster: the same export as the local runner, partitions on Parquet."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from newsprism.batch import analyze
from newsprism.config import Settings
from newsprism.errors import ConfigError
from newsprism.output.export import export_dict
from newsprism.store import open_store


@pytest.mark.model
def test_dask_run_exports_what_the_local_run_does(tmp_path, corpus_export):
    db = tmp_path / "dask.db"
    # small chunks, so the corpus spreads over several partitions and both workers
    settings = Settings(db=str(db), dask="local:2", batch_size=3)
    with open_store(db) as store:
        summary = analyze([str(CORPUS)], store, settings)
        assert summary.new >= 10 and summary.stories_touched >= 2
        assert summary.duplicates >= 1 and summary.near_duplicates >= 1
        assert export_dict(store) == corpus_export
    with open_store(db) as store:  # a second Dask run stores nothing new and changes nothing
        again = analyze([str(CORPUS)], store, settings)
        assert again.new == 0 and again.duplicates == again.read
        assert export_dict(store) == corpus_export


def test_partition_round_trip(tmp_path):
    import pyarrow.parquet as pq

    from newsprism.batch.dask import read_partition, to_parquet
    from newsprism.batch.work import Result
    from newsprism.records import Actor, Analysis, Article, Mention

    art = Article(id="x1", path="x.txt", text="Ana Lind spoke.", title="T")
    results = [
        Result(
            Analysis(article=art, mentions=(Mention("Ana Lind", 0, 8, "PERSON", "act_1"),)),
            (Actor(id="act_1", name="Ana Lind", type="PERSON"),),
            {"a:act_1": 2.0},
            b"\x01" * 8,
        )
    ]
    path = tmp_path / "p.parquet"
    path.write_bytes(to_parquet(results))
    assert pq.read_table(path).column("article_id").to_pylist() == ["x1"]
    assert list(read_partition(path)) == results
    broken = [Result(Analysis(article=art), (), {}, b"", error="ValueError: x")]
    path.write_bytes(to_parquet(broken))
    assert list(read_partition(path)) == broken


@pytest.mark.parametrize("address", ["local:x", "local:0", "tcp://127.0.0.1:1"])
def test_bad_dask_address_is_a_clear_error(tmp_path, address):
    with open_store(tmp_path / "d.db") as store, pytest.raises(ConfigError, match="--dask|Dask scheduler"):
        analyze([str(CORPUS)], store, Settings(db=str(tmp_path / "d.db"), dask=address))


def test_cli_bad_dask_address_is_one_clear_line(tmp_path):
    from typer.testing import CliRunner

    from newsprism.cli import app

    args = ["analyze", str(CORPUS), "--db", str(tmp_path / "c.db"), "--dask", "local:x"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "local:N" in result.output and "Traceback" not in result.output


@pytest.mark.model
@pytest.mark.parametrize("stage", ["pipeline", "linking"])
def test_an_article_that_breaks_the_analysis_is_reported_and_the_run_goes_on(tmp_path, monkeypatch, stage):
    import newsprism.batch.work as work
    from newsprism.nlp import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [
        ("a", "The harbour council of Velmora met on Monday."),
        ("poison", "This text makes the analysis fail."),
        ("b", "Mayor Ana Lind opened the new ferry line in Port Anse."),
    ]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")

    def boom(real):
        def wrapped(nlp_or_analysis, article=None):
            text = article.text if article is not None else nlp_or_analysis.article.text
            if "fail" in text:
                raise ValueError("planted failure")
            return real(nlp_or_analysis, article) if article is not None else real(nlp_or_analysis)

        return wrapped

    if stage == "pipeline":
        monkeypatch.setattr(pipeline, "make_doc", boom(pipeline.make_doc))
    else:
        monkeypatch.setattr(work, "link_article", boom(work.link_article))
    db = tmp_path / "s.db"
    with open_store(db) as store:
        summary = analyze([str(folder)], store, Settings(db=str(db)))
        assert summary.new == 2 and summary.errors == 1
        assert "poison.txt" in summary.messages[0] and "planted failure" in summary.messages[0]
        assert [r["code"] for r in store.ingest_errors()] == ["E110"]
        assert len(store.article_ids()) == 2
