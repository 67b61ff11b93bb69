"""A sentence-transformers BERT encoder (mean pooling) in NumPy, for the short texts an app process embeds.

Importing torch and sentence-transformers takes seconds to tens of seconds and half a gigabyte per process; an app
process only ever embeds questions. This module runs the same model (the safetensors weights, the `tokenizers`
tokenizer of the model folder) with NumPy: imports in well under a second, embeds a question in milliseconds, and
gives the vectors sentence-transformers gives to float32 rounding (tests/test_minilm.py compares them). It serves
BERT models with mean pooling only; `NumpyEncoder.load` returns None for any other model (torch is used then).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


class NumpyEncoder:
    """A BERT sentence encoder (mean pooling, unit-norm output) evaluated with NumPy."""

    def __init__(self, folder: Path, weights: dict[str, np.ndarray], config: dict, max_len: int) -> None:
        from tokenizers import Tokenizer

        self.folder = folder
        self.w = weights
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_len = max_len
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_len)
        self.tokenizer.no_padding()

    @classmethod
    def load(cls, model: str) -> NumpyEncoder | None:
        """The encoder of a local sentence-transformers folder, or None when it is not a mean-pooled BERT."""
        folder = Path(model)
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
            st_conf = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
            if (config.get("model_type") != "bert" or config.get("hidden_act") != "gelu"
                    or config.get("position_embedding_type", "absolute") != "absolute"
                    or not pooling.get("pooling_mode_mean_tokens")
                    or any(pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                                    "pooling_mode_mean_sqrt_len_tokens"))
                    or not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file()):
                return None
            from safetensors.numpy import load_file

            weights = {k.removeprefix("bert."): v for k, v in load_file(str(folder / "model.safetensors")).items()}
            max_len = min(int(st_conf.get("max_seq_length") or 512), int(config.get("max_position_embeddings", 512)))
            return cls(folder, weights, config, max_len)
        except (OSError, ValueError, KeyError, ImportError) as exc:
            log.info("no NumPy encoder for %s: %s", model, exc)
            return None

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-norm float32 embeddings, one row per text (each text run alone: no padding)."""
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for i, enc in enumerate(self.tokenizer.encode_batch(list(texts))):
            v = self._forward(np.asarray(enc.ids, dtype=np.int64), np.asarray(enc.type_ids, dtype=np.int64))
            out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out

    def _forward(self, ids: np.ndarray, types: np.ndarray) -> np.ndarray:
        """Mean of the last hidden states of one sequence."""
        from scipy.special import erf

        w, n = self.w, len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[1]
        hd = d // self.heads
        scale = np.float32(1.0 / np.sqrt(hd))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name: str, h: np.ndarray) -> np.ndarray:
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin("attention.self.query", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = lin("attention.self.key", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = lin("attention.self.value", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            s = (q @ k.transpose(0, 2, 1)) * scale
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(1, 0, 2).reshape(n, d)
            x = _layer_norm(lin("attention.output.dense", ctx) + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            h = lin("intermediate.dense", x)
            h = (h * 0.5 * (1.0 + erf(h / np.float32(np.sqrt(2.0))))).astype(np.float32)
            x = _layer_norm(lin("output.dense", h) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
                            self.eps)
        return x.mean(0)
