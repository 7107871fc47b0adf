#!/usr/bin/python3
"""Golden fixture for training examples/tiny-gpt.formwork.json, computed independently with PyTorch.

Reads what tests/golden/write-train-inputs.ts wrote from Formwork:
  train-tiny-gpt.initial.safetensors   tiny-gpt's seeded initial weights (learned weights, Formwork's names)
  train-tiny-gpt.inputs.json           the settings and the 50 batches Formwork's batcher drew
trains the tiny GPT written directly in torch (as in tiny_gpt_torch.py: post-norm decoder layers, causal
multi-head attention, exact-GELU feed-forward, sinusoidal positions, de-embedding tied to the embedding
table) with cross-entropy on the logits before the final softmax, AdamW (lr 3e-3, betas (0.9, 0.999),
eps 1e-8, weight decay 0.01 on every weight, constant rate, no clipping), and writes
  train-tiny-gpt.expected.json   the loss of every step (before its update) and, per weight, the sum and
                                 the sum of squares after the last step
The vitest test tests/train/torch-parity.test.ts runs Formwork's trainer on the same inputs and compares.

Not run in CI. Regenerate with Debian's torch:
  node --import tsx tests/golden/write-train-inputs.ts && /usr/bin/python3 tests/golden/train_tiny_gpt_torch.py
"""
import json
import math
import struct
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).parent
D, HEADS, LAYERS, EPS = 32, 4, 2, 1e-5
torch.set_num_threads(1)


def read_safetensors(path):
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32"
        begin, end = entry["data_offsets"]
        data = torch.frombuffer(bytearray(raw[8 + n + begin : 8 + n + end]), dtype=torch.float32)
        out[name] = data.reshape(entry["shape"]).clone()
    return out


settings = json.loads((HERE / "train-tiny-gpt.inputs.json").read_text())
weights = {k: v.requires_grad_() for k, v in read_safetensors(HERE / "train-tiny-gpt.initial.safetensors").items()}
assert len(weights) == 25 and "unembed.W" not in weights  # tied: the de-embedding uses embed.table


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


def logits_of(ids):
    x = weights["embed.table"][ids] * math.sqrt(D) + sinusoidal(ids.shape[1], D)  # [B, T, D]: rows scaled by √d_model
    for i in range(LAYERS):
        p = f"layers.{i}."
        x = F.layer_norm(attention(x, p + "attn.") + x, (D,), weights[p + "attn_norm.gamma"], weights[p + "attn_norm.beta"], EPS)
        h = F.gelu(x @ weights[p + "ff.W1"] + weights[p + "ff.b1"])  # exact (erf) GELU
        x = F.layer_norm(h @ weights[p + "ff.W2"] + weights[p + "ff.b2"] + x, (D,), weights[p + "ff_norm.gamma"], weights[p + "ff_norm.beta"], EPS)
    return x @ weights["embed.table"].T  # [B, T, V], tied de-embedding (the softmax is left to the loss)


names = sorted(weights)
optimizer = torch.optim.AdamW(
    [weights[n] for n in names], lr=settings["lr"], betas=(settings["beta1"], settings["beta2"]),
    eps=settings["eps"], weight_decay=settings["weightDecay"],
)
B, T = settings["batch"], settings["length"]
losses = []
for batch in settings["batches"]:
    inputs = torch.tensor(batch["inputs"]).view(B, T)
    targets = torch.tensor(batch["targets"]).view(B * T)
    logits = logits_of(inputs)
    loss = F.cross_entropy(logits.reshape(B * T, -1), targets, ignore_index=-1)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(float(loss))

checksums = {n: {"sum": float(weights[n].detach().double().sum()), "sumOfSquares": float((weights[n].detach().double() ** 2).sum())} for n in names}
(HERE / "train-tiny-gpt.expected.json").write_text(
    json.dumps({"torch": torch.__version__, "steps": len(losses), "losses": losses, "checksums": checksums}, indent=1) + "\n"
)
print(f"torch {torch.__version__}: loss {losses[0]:.4f} -> {losses[-1]:.4f} over {len(losses)} steps (log V = {math.log(64):.4f})")
