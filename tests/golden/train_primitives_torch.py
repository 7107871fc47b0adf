#!/usr/bin/python3
"""Golden fixture for engine/train (losses, optimizers, clipping), computed independently with PyTorch.

Writes train-primitives.expected.json: inputs drawn with torch seed 7 and what torch computes from them —
  cross_entropy (ignore_index=-1) loss and gradient, mse_loss and gradient,
  5 steps of SGD (momentum/dampening/weight decay, with and without Nesterov), Adam and AdamW (weight decay)
  on two named weights with a given gradient per step,
  clip_grad_norm_ (the norm and the clipped gradients).
The vitest test tests/train/torch-primitives.test.ts compares engine/train with it.

Not run in CI. Regenerate with Debian's torch:  /usr/bin/python3 tests/golden/train_primitives_torch.py
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F

HERE = Path(__file__).parent
torch.manual_seed(7)
flat = lambda t: [float(v) for v in t.detach().flatten()]

logits = (torch.randn(6, 5) * 3).requires_grad_()
targets = torch.tensor([1, -1, 4, 0, 2, -1])
ce = F.cross_entropy(logits, targets, ignore_index=-1)
ce.backward()

prediction = torch.randn(3, 4).requires_grad_()
target = torch.randn(3, 4)
mse = F.mse_loss(prediction, target)
mse.backward()

shapes = {"a": (3, 2), "b": (4,)}
start = {k: torch.randn(*s) for k, s in shapes.items()}
grads = [{k: torch.randn(*s) for k, s in shapes.items()} for _ in range(5)]
lrs = [0.1, 0.05, 0.08, 0.02, 0.1]
configs = {
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=1, momentum=0.9, nesterov=True, weight_decay=0.05),
    "sgd_plain": lambda ps: torch.optim.SGD(ps, lr=1),
    "adam": lambda ps: torch.optim.Adam(ps, lr=1, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
}
optimizers = {}
for name, make in configs.items():
    params = {k: v.clone().requires_grad_() for k, v in start.items()}
    opt = make(list(params.values()))
    steps = []
    for g, lr in zip(grads, lrs):
        for group in opt.param_groups:
            group["lr"] = lr
        for k, p in params.items():
            p.grad = g[k].clone()
        opt.step()
        steps.append({k: flat(p) for k, p in params.items()})
    optimizers[name] = steps

clip_grads = {k: torch.randn(*s).requires_grad_() for k, s in shapes.items()}
for p in clip_grads.values():
    p.grad = torch.randn_like(p)
before = {k: flat(p.grad) for k, p in clip_grads.items()}
norm = torch.nn.utils.clip_grad_norm_(list(clip_grads.values()), max_norm=1.0)

fixture = {
    "cross_entropy": {"logits": flat(logits), "targets": targets.tolist(), "classes": 5, "loss": float(ce), "gradient": flat(logits.grad)},
    "mse": {"prediction": flat(prediction), "target": flat(target), "loss": float(mse), "gradient": flat(prediction.grad)},
    "optimizers": {"shapes": {k: list(s) for k, s in shapes.items()}, "start": {k: flat(v) for k, v in start.items()},
                   "gradients": [{k: flat(v) for k, v in g.items()} for g in grads], "lrs": lrs, "after_each_step": optimizers},
    "clip": {"max_norm": 1.0, "gradients": before, "norm": float(norm), "clipped": {k: flat(p.grad) for k, p in clip_grads.items()}},
}
(HERE / "train-primitives.expected.json").write_text(json.dumps(fixture) + "\n")
print("wrote", HERE / "train-primitives.expected.json", "cross-entropy", float(ce), "clip norm", float(norm))
