#!/usr/bin/env python3
"""Runs onnx.checker.check_model(full_check=True) on each .onnx path given; prints one JSON line per model.

Exit status: 0 if every model passes, 1 if any fails, 2 if the onnx package is missing
(install it with `apt-get install python3-onnx`).
"""
import json
import sys

try:
    import onnx
except ImportError:
    print("python3-onnx is missing: run `apt-get install python3-onnx`", file=sys.stderr)
    sys.exit(2)


def check(path):
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        return {"path": path, "ok": True}
    except Exception as error:  # the checker raises several exception types
        return {"path": path, "ok": False, "error": f"{type(error).__name__}: {error}"}


def main(paths):
    results = [check(path) for path in paths]
    for result in results:
        print(json.dumps(result))
    return 0 if all(result["ok"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
