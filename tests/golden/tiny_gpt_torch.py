#!/usr/bin/python3
"""Golden fixture for examples/tiny-gpt.formwork.json, computed independently with PyTorch.

Draws its own random weights (torch seed 1234), runs the tiny GPT written directly in torch
(post-norm decoder layers: causal multi-head attention + skip + LayerNorm, GELU feed-forward +
skip + LayerNorm; sinusoidal positions; de-embedding tied to the embedding), and writes
  tiny-gpt.weights.safetensors   the weights under Formwork's stable names
  tiny-gpt.expected.json         token ids and the expected probabilities
The vitest test `tiny-gpt-torch.test.ts` loads the weights into our compiler and compares.

Not run in CI. Regenerate with Debian's torch:  apt-get install python3-torch && /usr/bin/python3 tests/golden/tiny_gpt_torch.py
"""
import json
import math
import struct
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).parent
VOCAB, D, HEADS, D_FF, LAYERS, EPS = 64, 32, 4, 64, 2, 1e-5
IDS = [[9, 6, 13, 13, 16, 0, 24, 16, 19, 13, 5, 38]]  # "hello world." in the example's character vocabulary

torch.manual_seed(1234)
weights = {"embed.table": torch.randn(VOCAB, D) * 0.3}
for i in range(LAYERS):
    p = f"layers.{i}."
    for name in ("W_q", "W_k", "W_v", "W_o"):
        weights[p + "attn." + name] = torch.randn(D, D) / math.sqrt(D)
    for norm in ("attn_norm", "ff_norm"):
        weights[p + norm + ".gamma"] = 1 + 0.1 * torch.randn(D)
        weights[p + norm + ".beta"] = 0.1 * torch.randn(D)
    weights[p + "ff.W1"] = torch.randn(D, D_FF) / math.sqrt(D)
    weights[p + "ff.b1"] = 0.1 * torch.randn(D_FF)
    weights[p + "ff.W2"] = torch.randn(D_FF, D) / math.sqrt(D_FF)
    weights[p + "ff.b2"] = 0.1 * torch.randn(D)
weights = {k: v.float() for k, v in weights.items()}


def sinusoidal(T, d):
    pe = torch.zeros(T, d, dtype=torch.float64)
    pos = torch.arange(T, dtype=torch.float64)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float64)
    angle = pos / torch.pow(10000.0, i / d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe.float()


def attention(x, p):
    B, T, _ = x.shape
    dh = D // HEADS
    split = lambda t: t.view(B, T, HEADS, dh).transpose(1, 2)  # [B, h, T, dh]
    q, k, v = (split(x @ weights[p + n]) for n in ("W_q", "W_k", "W_v"))
    scores = q @ k.transpose(-1, -2) / math.sqrt(dh)  # [B, h, T, T]
    future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    pattern = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
    out = (pattern @ v).transpose(1, 2).reshape(B, T, D)
    return out @ weights[p + "W_o"]


def forward(ids):
    x = weights["embed.table"][ids] * math.sqrt(D) + sinusoidal(ids.shape[1], D)  # [B, T, D]: rows scaled by √d_model
    for i in range(LAYERS):
        p = f"layers.{i}."
        x = F.layer_norm(attention(x, p + "attn.") + x, (D,), weights[p + "attn_norm.gamma"], weights[p + "attn_norm.beta"], EPS)
        h = F.gelu(x @ weights[p + "ff.W1"] + weights[p + "ff.b1"])  # exact (erf) GELU
        x = F.layer_norm(h @ weights[p + "ff.W2"] + weights[p + "ff.b2"] + x, (D,), weights[p + "ff_norm.gamma"], weights[p + "ff_norm.beta"], EPS)
    return torch.softmax(x @ weights["embed.table"].T, dim=-1)  # tied de-embedding


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


with torch.no_grad():
    probs = forward(torch.tensor(IDS))
write_safetensors(HERE / "tiny-gpt.weights.safetensors", weights)
(HERE / "tiny-gpt.expected.json").write_text(
    json.dumps({"ids": IDS, "shape": list(probs.shape), "probs": [round(float(v), 8) for v in probs.flatten()]}) + "\n"
)
print("wrote", HERE / "tiny-gpt.weights.safetensors", "and tiny-gpt.expected.json", list(probs.shape))
