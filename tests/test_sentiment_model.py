"""The trainable sentiment model: train -> save -> load -> predict on a tiny fiction set, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import ConfigError
from newsprism.link import sentiment_model
from newsprism.link.sentiment_model import load_model, read_jsonl, score_targets, use_model

runner = CliRunner()

SHARED_SENTENCE = "Envoy Sela Brin praised the rescuers while Colonel Taro Quist was blamed for the delays."
# Fiction written for this test: (sentence, target, polarity 2/4/6).
ROWS = [
    ("Mayor Ilsa Varn was praised for rescuing the flooded mill town.", "Ilsa Varn", 6),
    ("Admiral Oren Kade won the admiration of the whole harbour.", "Oren Kade", 6),
    ("Judge Petra Lom was hailed as a brave and honest champion of the poor.", "Petra Lom", 6),
    ("Crowds cheered Governor Tavi Sorn after the peace accord was signed.", "Tavi Sorn", 6),
    ("Minister Bram Host was accused of fraud and bribery by the auditors.", "Bram Host", 2),
    ("Senator Kell Dunmar was condemned for his cruel and reckless decisions.", "Kell Dunmar", 2),
    ("Protesters denounced Chancellor Vira Elk as corrupt and dishonest.", "Vira Elk", 2),
    ("Captain Juno Marr was arrested after the scandal at the depot.", "Juno Marr", 2),
    ("Director Nilo Fenn will speak at the museum on Thursday.", "Nilo Fenn", 4),
    ("Treasurer Ada Quill published the quarterly budget tables.", "Ada Quill", 4),
    ("Councillor Rem Ostby travelled to the northern valley by train.", "Rem Ostby", 4),
    ("Professor Lina Vosk said the survey would be repeated next year.", "Lina Vosk", 4),
    # One sentence, two targets of opposite polarity: features must differ by target.
    (SHARED_SENTENCE, "Sela Brin", 6),
    (SHARED_SENTENCE, "Taro Quist", 2),
]


def _write_jsonl(path: Path) -> Path:
    by_sentence: dict[str, list[dict]] = {}
    for sentence, target, polarity in ROWS:
        start = sentence.index(target)
        by_sentence.setdefault(sentence, []).append(
            {"from": start, "to": start + len(target), "mention": target, "polarity": float(polarity)})
    with path.open("w", encoding="utf-8") as fh:
        for sentence, targets in by_sentence.items():
            fh.write(json.dumps({"sentence_normalized": sentence, "targets": targets}) + "\n")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sentiment")
    data = _write_jsonl(folder / "train.jsonl")
    out = folder / "model.npz"
    result = runner.invoke(app, ["train", "sentiment", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained on 14 targets" in result.output
    return data, out


def test_train_save_load_predict(trained: tuple[Path, Path]) -> None:
    data, out = trained
    assert out.is_file() and out.stat().st_size < 200_000
    with np.load(out, allow_pickle=False) as z:  # plain arrays only: no pickle needed to read it
        assert z["coef"].shape == (3, sentiment_model.N_FEATURES)
    model = load_model(out)
    rows = read_jsonl(data)
    predicted = model.predict([(s, spans) for s, spans, _ in rows])
    gold = [g for _, _, g in rows]
    correct = sum(p.label == g for p, g in zip(predicted, gold, strict=True))
    # A linear model fitted on 14 targets must reproduce most of its own training labels.
    assert correct >= 11, [(p.label, g) for p, g in zip(predicted, gold, strict=True)]
    assert all(-1.0 <= p.score <= 1.0 for p in predicted)
    # The two targets of the shared sentence get different features, hence different scores.
    assert predicted[-2].score != predicted[-1].score


def test_active_model_replaces_the_lexicon(trained: tuple[Path, Path]) -> None:
    _, out = trained
    sentence = "Mayor Ilsa Varn was praised for rescuing the flooded mill town."
    target = [(sentence, [(6, 15)])]
    lexicon = score_targets(target)[0]
    try:
        use_model(out)
        by_model = score_targets(target)[0]
    finally:
        use_model("")
    assert score_targets(target)[0] == lexicon
    assert by_model == load_model(out).predict(target)[0]


def test_bad_model_files_are_one_clear_error(tmp_path: Path, trained: tuple[Path, Path]) -> None:
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"this is not a model")
    wrong = tmp_path / "wrong.npz"
    with wrong.open("wb") as fh:
        np.savez(fh, format=np.array(sentiment_model.FORMAT), coef=np.zeros((3, 5)))
    damaged = tmp_path / "damaged.npz"
    with np.load(trained[1], allow_pickle=False) as z:
        arrays = dict(z)
    arrays["coef"] = arrays["coef"][:, :10]
    with damaged.open("wb") as fh:
        np.savez(fh, **arrays)
    for path, words in ((tmp_path / "missing.npz", "does not exist"), (garbage, "not a newsprism model file"),
                        (wrong, "not a newsprism model file"), (damaged, "damaged")):
        with pytest.raises(ConfigError, match=words):
            load_model(path)
        result = runner.invoke(app, ["export", "--db", str(tmp_path / "x.db")],
                               env={"NEWSPRISM_SENTIMENT_MODEL": str(path)})
        assert result.exit_code == 2, result.output
        assert words in result.output and "newsprism train sentiment" in result.output
        assert "Traceback" not in result.output


def test_bad_training_data_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    good = {"sentence_normalized": "Ada Quill spoke.", "targets": [{"from": 0, "to": 9, "polarity": 4}]}
    bad = {"sentence_normalized": "No targets key here."}
    data.write_text(f"{json.dumps(good)}\n{json.dumps(bad)}\n", encoding="utf-8")
    out = tmp_path / "m.npz"
    result = runner.invoke(app, ["train", "sentiment", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 2 and "bad.jsonl:2" in result.output and "Traceback" not in result.output
    assert not out.exists()
