#!/usr/bin/env python3
"""Amend's GEMM against PyTorch on the same shapes, in one run.

Runs `./amend bench kernels --json` (which also measures the machine's FMA peak and ceilings), then times
torch.matmul on the same shapes with the same thread count, and prints both with the ratio
Amend / PyTorch. Needs Debian's python3-torch: run it with /usr/bin/python3 (see bench/README.md).
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
WARM_UP_SECONDS = 0.2  # the same warm-up and run length as `amend bench kernels`
RUN_SECONDS = 0.02


def amend_report(backend, runs):
    command = [str(ROOT / "amend"), "bench", "kernels", "--json", "--backend", backend, "--runs", str(runs)]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


def torch_gflops(m, k, n, trans_a, runs):
    """Median GFLOP/s of C = op(A)·B, op(A) = Aᵀ read from a k×m tensor when trans_a."""
    generator = torch.Generator().manual_seed(7)
    a = torch.rand(k, m, generator=generator).t() if trans_a else torch.rand(m, k, generator=generator)
    b = torch.rand(k, n, generator=generator)
    c = torch.empty(m, n)

    def product():
        torch.matmul(a, b, out=c)

    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < WARM_UP_SECONDS:
        product()
        calls += 1
    repeats = max(1, int(RUN_SECONDS / ((time.perf_counter() - start) / calls)))
    seconds = []
    for _ in range(runs):
        begin = time.perf_counter()
        for _ in range(repeats):
            product()
        seconds.append((time.perf_counter() - begin) / repeats)
    return 2.0 * m * k * n / statistics.median(seconds) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["managed", "openblas"], default="managed", help="Amend's GEMM backend")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per shape (median reported)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for docs/performance.md)")
    args = parser.parse_args()

    report = amend_report(args.backend, args.runs)
    torch.set_num_threads(report["threads"])
    peak = report["peakGflops"]
    rows = []
    for kernel in report["kernels"]:
        theirs = torch_gflops(kernel["m"], kernel["k"], kernel["n"], kernel["transA"], args.runs)
        rows.append((kernel, theirs))

    kernel_ceiling, read = report["kernelCeilingGflops"], report["readBandwidthGBps"]
    header = (f"Amend ({report['backend']}) vs PyTorch {torch.__version__}, {report['threads']} threads, FMA peak {peak:.1f} GFLOP/s; "
              f"ceilings: micro-kernel alone {kernel_ceiling:.1f} GFLOP/s ({kernel_ceiling / peak:.0%} of peak), "
              f"reading {report['readBytes'] / 1e6:.1f} MB at {read:.1f} GB/s = {read / 2:.1f} GFLOP/s for one row of A")
    if args.markdown:
        print(header + "\n")
        print("| shape | M | K | N | op | Amend GFLOP/s | of peak | of ceiling | PyTorch GFLOP/s | Amend / PyTorch |")
        print("|---|--:|--:|--:|---|--:|--:|--:|--:|--:|")
        for k, theirs in rows:
            op = "Aᵀ·B" if k["transA"] else "A·B"
            print(f"| {k['role']} | {k['m']} | {k['k']} | {k['n']} | {op} | {k['gflops']:.1f} | {k['fractionOfPeak']:.0%} | {k['fractionOfCeiling']:.0%} | {theirs:.1f} | {k['gflops'] / theirs:.2f}x |")
    else:
        print(header)
        print(f"{'M':>5} {'K':>5} {'N':>5} {'op':>4} {'Amend':>8} {'of peak':>8} {'of ceil':>8} {'PyTorch':>8} {'ratio':>7}  shape")
        for k, theirs in rows:
            op = "AT.B" if k["transA"] else "A.B"
            print(f"{k['m']:>5} {k['k']:>5} {k['n']:>5} {op:>4} {k['gflops']:>8.1f} {k['fractionOfPeak']:>8.0%} {k['fractionOfCeiling']:>8.0%} {theirs:>8.1f} {k['gflops'] / theirs:>6.2f}x  {k['role']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
