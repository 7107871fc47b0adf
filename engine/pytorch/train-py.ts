/**
 * train.py for an exported model: next-token training on a text corpus with torchrun
 * (DistributedDataParallel over gloo, so one CPU process works as well as many), AdamW, and the
 * trained weights written back as safetensors under Formwork's names.
 */

/** Python source of train.py. */
export const TRAIN_PY = `"""Train the exported Formwork model on a text corpus.

    torchrun --nproc_per_node=1 train.py corpus.txt --steps 200      # one CPU process
    torchrun --nproc_per_node=4 train.py corpus.txt --steps 200      # four processes, DistributedDataParallel

(Debian's torch 1.13 under Python 3.11: add "--redirects 1 --tee 1" after torchrun; its default
redirect setting fails there.)

Next-token prediction on random windows of the corpus (encoded with the graph's own tokenizer). The
trained weights go to model.trained.safetensors under Formwork's weight names; put that file next to
the graph as its weightsFile to open the trained model in Formwork again.
"""
import argparse
import os
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from model import CONTEXT, HERE, INPUTS, OUTPUTS, TOKENIZERS, encode, load_model, write_safetensors


def next_token_loss(out, targets, probabilities):
    """Cross-entropy of [B, T, V] logits, or NLL of [B, T, V] probabilities, against [B, T] targets."""
    flat = out.reshape(-1, out.shape[-1])
    if probabilities:
        return F.nll_loss(torch.log(flat.clamp_min(1e-9)), targets.reshape(-1))
    return F.cross_entropy(flat, targets.reshape(-1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a UTF-8 text file")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--batch", type=int, default=8, help="windows per process and step")
    parser.add_argument("--block", type=int, default=CONTEXT, help="window length (at most the graph's context)")
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="model.trained.safetensors")
    args = parser.parse_args()

    distributed = "RANK" in os.environ
    if distributed:
        dist.init_process_group("gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    torch.manual_seed(args.seed + rank)

    if len(INPUTS) != 1 or len(TOKENIZERS) != 1:
        sys.exit("train.py trains graphs with exactly one text input; this one has inputs " + ", ".join(INPUTS))
    (name,) = TOKENIZERS
    ids = torch.tensor(encode(open(args.corpus, encoding="utf-8").read(), name), dtype=torch.int64)
    block = max(1, min(args.block, CONTEXT))
    if len(ids) < block + 2:
        sys.exit(f"the corpus has {len(ids)} tokens; it needs more than {block + 1}")

    model = load_model()
    model.train()
    trained = DistributedDataParallel(model) if distributed else model
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    output = OUTPUTS[0]
    probabilities = None
    for step in range(1, args.steps + 1):
        starts = torch.randint(0, len(ids) - block - 1, (args.batch,))
        inputs = torch.stack([ids[s : s + block] for s in starts])  # [B, T]
        targets = torch.stack([ids[s + 1 : s + 1 + block] for s in starts])  # [B, T]
        out = trained(inputs)[output]  # [B, T, V]
        if probabilities is None:  # a graph ending in Softmax gives probabilities, not logits
            with torch.no_grad():
                probabilities = bool((out >= 0).all() and torch.allclose(out.sum(-1), torch.ones(()), atol=1e-3))
        loss = next_token_loss(out, targets, probabilities)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if rank == 0:
            print(f"step {step} loss {loss.item():.4f} ({world} process{'es' if world > 1 else ''})", flush=True)
    if rank == 0:
        write_safetensors(HERE / args.out, model.state_dict())
        print(f"wrote {HERE / args.out}", flush=True)
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
