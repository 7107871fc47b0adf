#!/usr/bin/python3
"""Runs an exported Formwork model (model.py + model.safetensors in DIR) on feeds and prints its outputs.

Usage: run_export.py DIR FEEDS.json   FEEDS = {input name: {"dtype", "shape", "data"}}  → {output: {"shape", "data"}}
"""
import importlib.util
import json
import sys

import torch

directory, feeds_path = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("exported_model", f"{directory}/model.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.load_model(directory)
model.eval()
feeds = json.load(open(feeds_path))
args = []
for name in module.INPUTS:
    f = feeds[name]
    dtype = torch.int64 if f["dtype"] == "int64" else torch.float32
    args.append(torch.tensor(f["data"], dtype=dtype).reshape(f["shape"]))
with torch.no_grad():
    outputs = model(*args)
json.dump({k: {"shape": list(v.shape), "data": [float(x) for x in v.flatten()]} for k, v in outputs.items()}, sys.stdout)
