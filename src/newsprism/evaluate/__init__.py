"""Scorers behind ``newsprism eval NAME``: each one reads a development set and returns an EvalReport.

Every scorer lives in its own module of this package and exposes
``evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport``; a scorer with a slow optional
part (training a model first) also takes ``quick: bool`` and skips it. The registry below maps the CLI
name to the module, so adding a scorer means adding a module and one line here.
"""

from __future__ import annotations

import importlib
import inspect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigError

#: CLI name -> (module in this package, default data folder under the evaluation root)
SCORERS: dict[str, tuple[str, str]] = {
    "quotes": ("quotes", "polnear"),
    "actors": ("actors", "ngec-plover"),
    "events": ("events", "plover-gsr"),
    "main-event": ("main_event", "giveme5w1h-gold"),
    "stories": ("stories", "ecbplus"),
    "sentiment": ("sentiment", "newsmtsc"),
}


@dataclass
class EvalReport:
    """What a scorer measured: headline ``metrics`` (name -> number) and a table to print."""

    name: str
    metrics: dict[str, float]
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: measured with ``--quick``: the slow optional parts were skipped, so their metrics are absent
    quick: bool = False

    def to_json(self) -> str:
        return json.dumps({"eval": self.name, **{k: round(v, 4) for k, v in self.metrics.items()}})


class Scorer(Protocol):
    def __call__(self, data: Path, *, split: str, limit: int | None) -> EvalReport: ...


def default_data_root() -> Path | None:
    """``../shared/evaldata`` beside the project (present for developers and CI, not for users)."""
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *here.parents]:
        candidate = parent.parent / "shared" / "evaldata"
        if candidate.is_dir():
            return candidate
    return None


def run(
    name: str, data: Path | None, *, split: str = "dev", limit: int | None = None, quick: bool = False
) -> EvalReport:
    if name not in SCORERS:
        raise ConfigError(f"unknown evaluation {name!r}; choose one of {', '.join(SCORERS)}")
    module_name, folder = SCORERS[name]
    if data is None:
        root = default_data_root()
        if root is None:
            raise ConfigError(f"no --data given and ../shared/evaldata not found; pass --data DIR for {name!r}")
        data = root / folder
    if not data.exists():
        raise ConfigError(f"evaluation data {str(data)!r} does not exist; pass --data DIR")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{module_name}":
            raise ConfigError(f"evaluation {name!r} is not implemented yet") from None
        raise
    extra = {"quick": True} if quick and "quick" in inspect.signature(module.evaluate).parameters else {}
    report: EvalReport = module.evaluate(data, split=split, limit=limit, **extra)
    report.quick = quick
    return report


def check_baseline(report: EvalReport, baseline_file: Path) -> list[str]:
    """Metrics of ``report`` below their floor in ``baseline_file`` (``{"quotes": {"metric": floor}}``)."""
    floors = json.loads(baseline_file.read_text(encoding="utf-8")).get(report.name, {})
    failures = []
    for metric, floor in floors.items():
        value = report.metrics.get(metric)
        if value is None and report.quick:
            continue
        if value is None:
            failures.append(f"{report.name}.{metric}: not measured (floor {floor})")
        elif value + 1e-9 < floor:
            failures.append(f"{report.name}.{metric}: {value:.4f} is below the floor {floor:.4f}")
    return failures
