#!/usr/bin/python3
"""TransformerLens-style hooks of examples/tiny-gpt.formwork.json, computed independently with PyTorch.

Usage: transformerlens_torch.py WEIGHTS.safetensors 9,6,13,...   → JSON {hook: {shape, data}} on stdout (masked scores, −∞, as null).
Follows HookedTransformer's conventions (q/k/v/z as [batch, pos, head_index, d_head], pattern and
scores as [batch, head_index, query_pos, key_pos]) for the post-norm GPT of the example, so the test
can check that `formwork run --trace --names transformerlens` writes the same tensors under the same names.
"""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

D, HEADS, LAYERS, EPS = 32, 4, 2, 1e-5
DH = D // HEADS


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(raw[8 + n + a : 8 + n + b]), dtype=torch.float32).reshape(info["shape"])
    return out


def sinusoidal(T, d):
    pe = torch.zeros(T, d, dtype=torch.float64)
    pos = torch.arange(T, dtype=torch.float64)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos / torch.pow(10000.0, i / d))
    pe[:, 1::2] = torch.cos(pos / torch.pow(10000.0, i / d))
    return pe.float()


w = read_safetensors(sys.argv[1])
ids = torch.tensor([[int(t) for t in sys.argv[2].split(",")]])
B, T = ids.shape
hooks = {}
with torch.no_grad():
    hooks["hook_embed"] = w["embed.table"][ids] * math.sqrt(D)  # tiny-gpt scales its embedding rows by √d_model
    hooks["hook_pos_embed"] = sinusoidal(T, D)[None].expand(B, T, D)
    resid = hooks["hook_embed"] + hooks["hook_pos_embed"]
    for i in range(LAYERS):
        p, h = f"layers.{i}.", f"blocks.{i}."
        hooks[h + "hook_resid_pre"] = resid
        q, k, v = ((resid @ w[p + "attn." + n]).view(B, T, HEADS, DH) for n in ("W_q", "W_k", "W_v"))
        scores = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(DH)
        future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
        pattern = torch.softmax(scores, dim=-1)
        z = torch.einsum("bhqk,bkhd->bqhd", pattern, v)
        attn_out = z.reshape(B, T, D) @ w[p + "attn.W_o"]
        mid = F.layer_norm(attn_out + resid, (D,), w[p + "attn_norm.gamma"], w[p + "attn_norm.beta"], EPS)
        post_act = F.gelu(mid @ w[p + "ff.W1"] + w[p + "ff.b1"])
        mlp_out = post_act @ w[p + "ff.W2"] + w[p + "ff.b2"]
        resid = F.layer_norm(mlp_out + mid, (D,), w[p + "ff_norm.gamma"], w[p + "ff_norm.beta"], EPS)
        hooks.update({
            h + "attn.hook_q": q, h + "attn.hook_k": k, h + "attn.hook_v": v,
            h + "attn.hook_attn_scores": scores, h + "attn.hook_pattern": pattern, h + "attn.hook_z": z,
            h + "hook_attn_out": attn_out, h + "hook_resid_mid": mid, h + "mlp.hook_post": post_act,
            h + "hook_mlp_out": mlp_out, h + "hook_resid_post": resid,
        })
json.dump({k: {"shape": list(t.shape), "data": [float(x) if math.isfinite(float(x)) else None for x in t.flatten()]} for k, t in hooks.items()}, sys.stdout)
