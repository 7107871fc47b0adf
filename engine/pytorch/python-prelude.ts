/**
 * The fixed part of the generated model.py: imports, the ONNX-semantics helpers that the op definitions' torch spellings
 * calls, a container for a block's weights, and a dependency-free safetensors reader/writer (torch
 * alone, so the export runs wherever torch does).
 */

/** Python source placed at the top of model.py. */
export const PYTHON_PRELUDE = `import json
import struct
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent


def reduce(op, x, axes, keepdims):
    """ONNX Reduce*: an empty axes tuple reduces over every axis."""
    return op(x, dim=axes if axes else tuple(range(x.dim())), keepdim=keepdims)


def onnx_reshape(x, shape):
    """ONNX Reshape (allowzero=0): 0 copies the input's dimension, -1 is inferred."""
    return x.reshape(tuple(x.shape[i] if d == 0 else d for i, d in enumerate(shape)))


def onnx_unsqueeze(x, axes):
    """ONNX Unsqueeze: axes count in the output's rank."""
    rank = x.dim() + len(axes)
    for axis in sorted(a % rank for a in axes):
        x = x.unsqueeze(axis)
    return x


def onnx_gather(data, indices, axis):
    """ONNX Gather: negative indices count from the end; the result has indices' shape at axis."""
    axis = axis % data.dim()
    flat = indices.reshape(-1)
    flat = torch.where(flat < 0, flat + data.shape[axis], flat)
    picked = data.index_select(axis, flat)
    return picked.reshape(data.shape[:axis] + indices.shape + data.shape[axis + 1 :])


def onnx_one_hot(indices, depth):
    """ONNX OneHot (values 0/1, axis -1): negative indices count from the end, others out of range give zeros."""
    k = indices.to(torch.int64)
    k = torch.where(k < 0, k + depth, k)
    return (k.unsqueeze(-1) == torch.arange(depth, device=k.device)).to(torch.float32)


def onnx_slice(x, starts, ends, axes):
    """ONNX Slice with step 1 (starts/ends are int64 tensors, clamped like Python slices)."""
    index = [slice(None)] * x.dim()
    for axis, start, end in zip(axes, starts.tolist(), ends.tolist()):
        index[axis % x.dim()] = slice(int(start), int(end))
    return x[tuple(index)]


class Weights(nn.Module):
    """The learned tensors of one block, as parameters under their Formwork names (\`attn.W_q\`)."""

    def __init__(self, **shapes):
        super().__init__()
        for name, shape in shapes.items():
            self.register_parameter(name, nn.Parameter(torch.zeros(shape)))


_DTYPES = {"F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """{name: tensor} from a .safetensors file (F32 and I64 only)."""
    raw = Path(path).read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        data = bytearray(raw[8 + length + begin : 8 + length + end])
        out[name] = torch.frombuffer(data, dtype=_DTYPES[info["dtype"]]).reshape(info["shape"]).clone()
    return out


def write_safetensors(path, tensors):
    """Writes {name: float32 tensor} as .safetensors."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
`;
