#!/usr/bin/python3
"""Runs exported Formwork models and prints their outputs, all in one process (torch loads once).

Usage: run_export.py JOBS.json    JOBS = [{"dir": DIR, "feeds": {input: {"dtype", "shape", "data"}}}, …]
Prints [{output name: {"shape", "data"}}, …] in the same order. Each DIR holds model.py + model.safetensors.
"""
import importlib.util
import json
import sys

import torch

results = []
for number, job in enumerate(json.load(open(sys.argv[1]))):
    spec = importlib.util.spec_from_file_location(f"exported_model_{number}", f"{job['dir']}/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load_model(job["dir"])  # load_state_dict is strict: every weight by its Formwork name
    model.eval()
    args = []
    for name in module.INPUTS:
        feed = job["feeds"][name]
        dtype = torch.int64 if feed["dtype"] == "int64" else torch.float32
        args.append(torch.tensor(feed["data"], dtype=dtype).reshape(feed["shape"]))
    with torch.no_grad():
        outputs = model(*args)
    results.append({k: {"shape": list(v.shape), "data": [float(x) for x in v.flatten()]} for k, v in outputs.items()})
json.dump(results, sys.stdout)
