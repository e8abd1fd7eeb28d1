"""The evaluation gate: every fast evaluation stays at or above its floor in eval_baseline.json.

Needs ../shared/evaldata (present for developers and CI, not for users); skips cleanly without it.
The story evaluation and training the optional sentiment model take minutes on two cores, so they run in
`make eval` rather than here (``quick=True`` skips the training).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism import evaluate

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval_baseline.json"
FAST = ["quotes", "actors", "events", "main-event", "sentiment"]

pytestmark = pytest.mark.skipif(
    not (ROOT.parent / "shared" / "evaldata").is_dir(), reason="../shared/evaldata is not present"
)


@pytest.mark.parametrize("name", FAST)
def test_evaluation_stays_above_its_floor(name: str) -> None:
    data = ROOT.parent / "shared" / "evaldata" / evaluate.SCORERS[name][1]
    report = evaluate.run(name, data, quick=True)
    assert report.metrics, f"eval {name} measured nothing"
    assert evaluate.check_baseline(report, BASELINE) == []
