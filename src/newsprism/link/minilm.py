"""A small BERT encoder for all-MiniLM-L6-v2 in plain torch, with the model's own fast tokenizer.

sentence-transformers computes the same vectors, but importing it pulls in all of ``transformers``
(about 4 s and 190 MB per process, paid again by every worker process), for a model that is six
standard BERT layers, mean pooling and a normalisation. This module does exactly those steps with the
same torch operations in the same order (``nn.Linear``, ``nn.LayerNorm``, ``scaled_dot_product_attention``
with the additive mask transformers builds, erf GELU), and batches the texts exactly as
``SentenceTransformer.encode`` does (longest first, padded to the longest of each batch), so the
vectors are bit for bit the same; ``tests/test_embeddings.py`` holds the two equal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 - torch's own convention


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.inter = nn.Linear(hidden, intermediate)
        self.out = nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        bsz, length, hidden = x.size()
        size = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(bsz, -1, self.heads, size).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, is_causal=False)
        a = a.transpose(1, 2).reshape(bsz, length, hidden)
        x = self.attn_norm(self.attn_out(a) + x)
        return self.out_norm(self.out(F.gelu(self.inter(x))) + x)


class MiniLM(nn.Module):
    """BERT (absolute positions, post-norm) with mean pooling and unit-length output."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.words = nn.Embedding(config["vocab_size"], hidden, padding_idx=config.get("pad_token_id", 0))
        self.positions = nn.Embedding(config["max_position_embeddings"], hidden)
        self.types = nn.Embedding(config["type_vocab_size"], hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"])
        )

    def forward(self, ids: torch.Tensor, types: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
        length = ids.size(1)
        positions = torch.arange(length).unsqueeze(0)
        x = self.words(ids) + self.types(types)
        x += self.positions(positions)
        x = self.norm(x)
        mask: torch.Tensor | None = None
        if not torch.all(attention == 1):
            # transformers' additive mask: 0 where attended, the float minimum where padded
            expanded = attention[:, None, None, :].expand(ids.size(0), 1, length, length).to(x.dtype)
            inverted = torch.tensor(1.0, dtype=x.dtype) - expanded
            mask = inverted.masked_fill(inverted.to(torch.bool), torch.finfo(x.dtype).min)
        for layer in self.layers:
            x = layer(x, mask)
        weights = attention.unsqueeze(-1).expand(x.size()).to(x.dtype)
        pooled = torch.sum(x * weights, 1) / torch.clamp(weights.sum(1), min=1e-9)
        # twice, as sentence-transformers does (the model's Normalize module, then encode's
        # normalize_embeddings): the second pass moves the last bit of some values
        return F.normalize(F.normalize(pooled, p=2, dim=1), p=2, dim=1)


# safetensors names (with or without the "bert." prefix) -> this module's names
_RENAMES = (
    ("embeddings.word_embeddings.", "words."),
    ("embeddings.position_embeddings.", "positions."),
    ("embeddings.token_type_embeddings.", "types."),
    ("embeddings.LayerNorm.", "norm."),
    ("encoder.layer.", "layers."),
    (".attention.self.query.", ".query."),
    (".attention.self.key.", ".key."),
    (".attention.self.value.", ".value."),
    (".attention.output.dense.", ".attn_out."),
    (".attention.output.LayerNorm.", ".attn_norm."),
    (".intermediate.dense.", ".inter."),
    (".output.dense.", ".out."),
    (".output.LayerNorm.", ".out_norm."),
)


def _rename(key: str) -> str:
    key = key.removeprefix("bert.")
    for old, new in _RENAMES:
        key = key.replace(old, new)
    return key


class MiniLMEncoder:
    """``encode(texts) -> float32 (n, dim)`` unit rows, as ``SentenceTransformer.encode(...,
    normalize_embeddings=True)`` returns them for this model."""

    def __init__(self, path: str | Path, *, max_tokens: int, batch_size: int = 32) -> None:
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        folder = Path(path)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.model = MiniLM(config)
        state = {_rename(k): v for k, v in load_file(str(folder / "model.safetensors")).items()}
        state = {k: v for k, v in state.items() if k in self.model.state_dict()}  # pooler, position ids
        self.model.load_state_dict(state, strict=True)
        self.model.eval()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]", pad_type_id=0)  # to the batch's longest
        self.batch_size = batch_size
        self.dim = int(config["hidden_size"])

    def encode(self, texts: Sequence[str], *, bf16: bool = False) -> np.ndarray:
        """With ``bf16`` the matrix products run in bfloat16 (``torch.autocast``; the layer norms,
        pooling and normalisation stay float32): about twice as fast on CPUs with native bf16
        instructions, slower on others, and no longer bit-identical to sentence-transformers (each
        vector's cosine to the float32 one stays above 0.9999 on news text; tests/test_embeddings.py)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # sentence-transformers' order: longest text first (the same argsort), so batches pad alike
        order = np.argsort([-len(t) for t in texts])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # one autocast context for all batches: the weights are cast to bf16 once, not once per batch
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for start in range(0, len(texts), self.batch_size):
                index = order[start:start + self.batch_size]
                encodings = self.tokenizer.encode_batch([str(texts[int(i)]).strip() for i in index])
                ids = torch.tensor([e.ids for e in encodings], dtype=torch.long)
                types = torch.tensor([e.type_ids for e in encodings], dtype=torch.long)
                attention = torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)
                out[index] = self.model(ids, types, attention).float().numpy()
        return out
