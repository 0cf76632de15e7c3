#!/usr/bin/env python3
"""Amend's GEMM against PyTorch on the same shapes, in one run.

Starts `./amend bench kernels --serve` (which also measures the machine's FMA peak and ceilings, before and
after) and times each shape with Amend and with torch.matmul back to back, same thread count, for --rounds
rounds (who goes first alternating), so the two sides of each ratio see the same load on a shared machine.
Prints both with the ratio Amend / PyTorch: medians over the rounds, and the range of the per-round ratios.
Needs Debian's python3-torch: run it with /usr/bin/python3 (see bench/README.md).
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


class AmendServer:
    """`./amend bench kernels --serve`: Amend measures one shape (or the ceilings) at a time, when asked."""

    def __init__(self, backend, runs):
        command = [str(ROOT / "amend"), "bench", "kernels", "--serve", "--backend", backend, "--runs", str(runs)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.hello = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"amend bench kernels --serve ended early (exit code {self.process.wait()})")
        return json.loads(line)

    def ask(self, request):
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise SystemExit(f"amend bench kernels --serve failed (exit code {self.process.returncode})")


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


def measure(backend, runs, rounds):
    """Each shape timed by Amend and PyTorch back to back, in turn for `rounds` rounds (who goes first alternates by
    round and shape), so both sides of a ratio see the same load; the ceilings before and after all rounds."""
    server = AmendServer(backend, runs)
    hello = server.hello
    torch.set_num_threads(hello["threads"])
    server.ask("ceilings")
    pairs = []  # per round: (Amend, PyTorch) GFLOP/s per shape
    for index in range(rounds):
        round_ = []
        for i, shape in enumerate(hello["shapes"]):
            def theirs():
                return torch_gflops(shape["m"], shape["k"], shape["n"], shape["transA"], runs, shape["matrices"])

            if (index + i) % 2 == 1:
                t = theirs()
                round_.append((server.ask(f"shape {i}")["gflops"], t))
            else:
                a = server.ask(f"shape {i}")["gflops"]
                round_.append((a, theirs()))
        pairs.append(round_)
    ceilings = server.ask("ceilings")  # the higher of each limit, before and after: other load only ever lowers them
    server.close()
    return hello, ceilings, pairs


def summarise(hello, ceilings, pairs):
    """Per shape: Amend's and PyTorch's medians over the rounds, the fractions of Amend's, and the sorted per-round ratios."""
    rows = []
    for i, shape in enumerate(hello["shapes"]):
        ours = [round_[i][0] for round_ in pairs]
        theirs = [round_[i][1] for round_ in pairs]
        ratios = sorted(a / t for a, t in zip(ours, theirs))
        median = statistics.median(ours)
        rows.append((shape, median, median / ceilings["peakGflops"], median / ceilings["shapeCeilings"][i], statistics.median(theirs), ratios))
    return rows


def limits_line(hello, ceilings, rounds):
    """The machine's limits, as measured by Amend before and after the rounds."""
    peak, kernel_ceiling = ceilings["peakGflops"], ceilings["kernelCeilingGflops"]
    reads = []
    for read in ceilings["reads"]:
        count = f"{read['buffers']} × " if read["buffers"] > 1 else ""
        reads.append(f"reading {count}{read['bytes'] / read['buffers'] / 1e6:.1f} MB at {read['bandwidthGBps']:.1f} GB/s = {read['bandwidthGBps'] / 2:.1f} GFLOP/s")
    return (f"Amend ({hello['backend']}) vs PyTorch {torch.__version__}, {hello['threads']} threads, {rounds} rounds of each shape in turn (medians); "
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

    hello, ceilings, pairs = measure(args.backend, args.runs, args.rounds)
    rows = summarise(hello, ceilings, pairs)
    if args.markdown:
        print(limits_line(hello, ceilings, args.rounds) + "\n")
        print("| shape | M | K | N | op | Amend GFLOP/s | of peak | of ceiling | PyTorch GFLOP/s | Amend / PyTorch | per round |")
        print("|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|")
        for k, ours, of_peak, of_ceiling, theirs, ratios in rows:
            op = "Aᵀ·B" if k["transA"] else "A·B"
            print(f"| {k['role']} | {k['m']} | {k['k']} | {k['n']} | {op} | {ours:.1f} | {of_peak:.0%} | {of_ceiling:.0%} | {theirs:.1f} | {statistics.median(ratios):.2f}x | {ratio_range(ratios)} |")
    else:
        print(limits_line(hello, ceilings, args.rounds))
        print(f"{'M':>5} {'K':>5} {'N':>5} {'op':>4} {'Amend':>8} {'of peak':>8} {'of ceil':>8} {'PyTorch':>8} {'ratio':>7} {'per round':>12}  shape")
        for k, ours, of_peak, of_ceiling, theirs, ratios in rows:
            op = "AT.B" if k["transA"] else "A.B"
            print(f"{k['m']:>5} {k['k']:>5} {k['n']:>5} {op:>4} {ours:>8.1f} {of_peak:>8.0%} {of_ceiling:>8.0%} {theirs:>8.1f} {statistics.median(ratios):>6.2f}x {ratio_range(ratios):>12}  {k['role']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
