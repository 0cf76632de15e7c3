#!/usr/bin/env python3
"""Amend's GEMM against PyTorch on the same shapes, in one run.

Runs `./amend bench kernels --json` (which also measures the machine's FMA peak and ceilings) and times
torch.matmul on the same shapes with the same thread count, in turn for --rounds rounds (the order
swapped every round, so a load that drifts during the run weighs on both sides), and prints both with
the ratio Amend / PyTorch: medians over the rounds, and the range of the per-round ratios. Needs
Debian's python3-torch: run it with /usr/bin/python3 (see bench/README.md).
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


def torch_gflops(m, k, n, trans_a, runs, matrices=1):
    """Median GFLOP/s of C = op(A)·B, op(A) = Aᵀ read from a k×m tensor when trans_a, over `matrices` B in turn."""
    generator = torch.Generator().manual_seed(7)
    a = torch.rand(k, m, generator=generator).t() if trans_a else torch.rand(m, k, generator=generator)
    bs = [torch.rand(k, n, generator=generator) for _ in range(matrices)]
    c = torch.empty(m, n)
    turn = [0]

    def product():
        torch.matmul(a, bs[turn[0]], out=c)
        turn[0] = (turn[0] + 1) % matrices

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


def torch_round(report, runs):
    return [torch_gflops(k["m"], k["k"], k["n"], k["transA"], runs, k.get("matrices", 1)) for k in report["kernels"]]


def measure(backend, runs, rounds):
    """Per round, one Amend report and PyTorch's GFLOP/s per shape; odd rounds time PyTorch first."""
    results = []
    for index in range(rounds):
        if index % 2 == 1:
            torch.set_num_threads(results[0][0]["threads"])
            theirs = torch_round(results[0][0], runs)
            results.append((amend_report(backend, runs), theirs))
        else:
            report = amend_report(backend, runs)
            torch.set_num_threads(report["threads"])
            results.append((report, torch_round(report, runs)))
    return results


def summarise(results):
    """Per shape: the first report's row, Amend's and PyTorch's medians and the per-round ratios."""
    rows = []
    for i, kernel in enumerate(results[0][0]["kernels"]):
        ours = [report["kernels"][i] for report, _ in results]
        theirs = [round_[i] for _, round_ in results]
        ratios = sorted(k["gflops"] / t for k, t in zip(ours, theirs))
        rows.append((kernel, statistics.median(k["gflops"] for k in ours), statistics.median(k["fractionOfPeak"] for k in ours),
                     statistics.median(k["fractionOfCeiling"] for k in ours), statistics.median(theirs), ratios))
    return rows


def limits_line(results):
    """The three limits as medians over the rounds."""
    def median(key):
        return statistics.median(report[key] for report, _ in results)

    first = results[0][0]
    peak, kernel_ceiling = median("peakGflops"), median("kernelCeilingGflops")
    reads = []
    for i, ceiling in enumerate(first["reads"]):
        read = statistics.median(report["reads"][i]["bandwidthGBps"] for report, _ in results)
        count = f"{ceiling['buffers']} × " if ceiling["buffers"] > 1 else ""
        reads.append(f"reading {count}{ceiling['bytes'] / ceiling['buffers'] / 1e6:.1f} MB at {read:.1f} GB/s = {read / 2:.1f} GFLOP/s")
    return (f"Amend ({first['backend']}) vs PyTorch {torch.__version__}, {first['threads']} threads, {len(results)} rounds (medians); "
            f"FMA peak {peak:.1f} GFLOP/s; ceilings: micro-kernel alone {kernel_ceiling:.1f} GFLOP/s ({kernel_ceiling / peak:.0%} of peak), "
            f"for one row of A {', '.join(reads)}")


def ratio_range(ratios):
    return f"{ratios[0]:.2f}–{ratios[-1]:.2f}x" if len(ratios) > 1 else f"{ratios[0]:.2f}x"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["managed", "openblas"], default="managed", help="Amend's GEMM backend")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per shape and round (median reported)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of Amend and PyTorch in turn (medians over them)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for docs/performance.md)")
    args = parser.parse_args()
    if args.rounds < 1 or args.runs < 1:
        parser.error("--rounds and --runs must be at least 1")

    results = measure(args.backend, args.runs, args.rounds)
    rows = summarise(results)
    if args.markdown:
        print(limits_line(results) + "\n")
        print("| shape | M | K | N | op | Amend GFLOP/s | of peak | of ceiling | PyTorch GFLOP/s | Amend / PyTorch | per round |")
        print("|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|")
        for k, ours, of_peak, of_ceiling, theirs, ratios in rows:
            op = "Aᵀ·B" if k["transA"] else "A·B"
            print(f"| {k['role']} | {k['m']} | {k['k']} | {k['n']} | {op} | {ours:.1f} | {of_peak:.0%} | {of_ceiling:.0%} | {theirs:.1f} | {statistics.median(ratios):.2f}x | {ratio_range(ratios)} |")
    else:
        print(limits_line(results))
        print(f"{'M':>5} {'K':>5} {'N':>5} {'op':>4} {'Amend':>8} {'of peak':>8} {'of ceil':>8} {'PyTorch':>8} {'ratio':>7} {'per round':>12}  shape")
        for k, ours, of_peak, of_ceiling, theirs, ratios in rows:
            op = "AT.B" if k["transA"] else "A.B"
            print(f"{k['m']:>5} {k['k']:>5} {k['n']:>5} {op:>4} {ours:>8.1f} {of_peak:>8.0%} {of_ceiling:>8.0%} {theirs:>8.1f} {statistics.median(ratios):>6.2f}x {ratio_range(ratios):>12}  {k['role']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
