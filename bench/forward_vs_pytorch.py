#!/usr/bin/env python3
"""Amend vs PyTorch: tokens/s of a GPT-2-small-shaped model, inference and one training step, in one run.

Runs `./amend bench forward --json`, then the same shapes through a plain PyTorch GPT-2 (written here, so
no transformers install is needed) with the same thread count, and prints Amend/PyTorch ratios.
Needs Debian's python3-torch: `apt-get install -y python3-torch`, then `/usr/bin/python3 bench/forward_vs_pytorch.py`.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS, WIDTH, HEADS, VOCAB, POSITIONS = 12, 768, 12, 50257, 1024


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = torch.nn.LayerNorm(WIDTH), torch.nn.LayerNorm(WIDTH)
        self.c_attn, self.c_proj = torch.nn.Linear(WIDTH, 3 * WIDTH), torch.nn.Linear(WIDTH, WIDTH)
        self.c_fc, self.mlp_proj = torch.nn.Linear(WIDTH, 4 * WIDTH), torch.nn.Linear(4 * WIDTH, WIDTH)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(c, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(c // HEADS)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        attn = scores.masked_fill(~mask, float("-inf")).softmax(-1) @ v
        x = x + self.c_proj(attn.transpose(1, 2).reshape(b, t, c))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))  # fused kernel: PyTorch at its best


class Gpt2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(VOCAB, WIDTH), torch.nn.Embedding(POSITIONS, WIDTH)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = torch.nn.LayerNorm(WIDTH)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.T


def median_seconds(action, runs):
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torch_throughput(model, batch, length, runs):
    ids = torch.randint(0, VOCAB, (batch, length))

    def forward():
        with torch.no_grad():
            model(ids)

    def train():
        model.zero_grad(set_to_none=True)
        logits = model(ids)
        F.cross_entropy(logits.view(-1, VOCAB), ids.roll(-1, 1).view(-1)).backward()

    n = batch * length
    return n / median_seconds(forward, runs), n / median_seconds(train, max(1, runs // 2))


def main():
    threads = os.cpu_count()
    torch.set_num_threads(threads)
    amend = json.loads(subprocess.run([os.path.join(ROOT, "amend"), "bench", "forward", "--json"], check=True, capture_output=True, text=True).stdout)
    model = Gpt2()
    print(f"GPT-2 small shape, {threads} threads, torch {torch.__version__}")
    print(f"{'batch':>5} {'length':>6} | {'Amend fwd':>10} {'torch fwd':>10} {'ratio':>6} | {'Amend train':>11} {'torch train':>11} {'ratio':>6}")
    for shape in amend["shapes"]:
        b, t = shape["batch"], shape["length"]
        tf, tt = torch_throughput(model, b, t, 5)
        af, at = shape["forward_tokens_per_second"], shape["train_tokens_per_second"]
        print(f"{b:>5} {t:>6} | {af:>10.0f} {tf:>10.0f} {af / tf:>6.2f} | {at:>11.0f} {tt:>11.0f} {at / tt:>6.2f}")


if __name__ == "__main__":
    sys.exit(main())
