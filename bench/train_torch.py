#!/usr/bin/python3
"""Times training steps of a Formwork graph exported to PyTorch (model.py in DIR): forward, next-token loss,
backward, AdamW, on the CPU with one thread. Prints the milliseconds of each timed step as JSON.
Usage: train_torch.py DIR BATCH LENGTH VOCAB STEPS   (called by bench/train.bench.ts)."""
import json
import sys
import time

import torch
import torch.nn.functional as F

directory, batch, length, vocab, steps = sys.argv[1], *map(int, sys.argv[2:6])
sys.path.insert(0, directory)
from model import INPUTS, OUTPUTS, load_model  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(0)
model = load_model()
model.train()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
times = []
for step in range(steps + 1):
    ids = torch.randint(0, vocab, (batch, length + 1))
    start = time.perf_counter()
    probs = model(ids[:, :-1])[OUTPUTS[0]]  # [B, T, V]: the graph ends in a softmax
    loss = F.nll_loss(torch.log(probs.clamp_min(1e-9)).reshape(-1, vocab), ids[:, 1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step > 0:
        times.append((time.perf_counter() - start) * 1000)
print(json.dumps(times))
