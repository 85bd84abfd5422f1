"""Does nnlib lose to the code it explains on a tiny problem?  (issue 12: per-call overhead)

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_tiny.py [--runs 7] [--steps 60000]

Seed 002's problem: XOR with the four examples as a 4 × 3 matrix (a constant
third input instead of biases), a bias-free 3 → 4 → 1 sigmoid network, 60,000
full-batch steps of gradient descent on the squared error, and the mean
absolute error recorded every 10,000 steps.  The contenders, alternated run by
run so that a busy machine slows them alike:

1. ``seed``: the seed's algorithm, written here in our own code in the seed's
   own style: examples as rows, ``np.dot``, one helper that returns the
   sigmoid ``1 / (1 + e^{-x})`` or, when asked, its slope from the output,
   and ``+=`` updates of the summed gradient.
2. ``nnlib``: ``Network([3, 4, 1], bias=False)`` with the same starting
   weights, transposed, and ``update_mini_batch(X, Y, eta=4.0)`` per step
   (η = m turns the mean gradient into the seed's summed one, lesson 08); every
   call checks its inputs (shapes, NaN and inf) as always.

Before timing, the two must reach the same weights (to 1e-9) and the same
recorded errors, or the timing means nothing.  It prints each contender's
median and fastest wall-clock time and its median CPU time, and the ratio
nnlib/seed of the median wall times (the figure issue 12 asks to keep at or
below 1.0), of the median CPU times, of the fastest runs, and the median of
the ratios of adjacent runs.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

import nnlib

REPORT_EVERY = 10_000


def starting_weights():
    """The seed's start: ``np.random.seed(1)``, then two uniform draws in [-1, 1), as a local generator."""
    legacy = np.random.RandomState(1)
    V1 = 2 * legacy.random_sample((3, 4)) - 1     # the seed's first matrix, (3, 4): examples are rows
    V2 = 2 * legacy.random_sample((4, 1)) - 1     # its second matrix, (4, 1)
    return V1, V2


def sigmoid(x, slope=False):
    """The seed's one helper: σ(x), or with ``slope=True`` the slope σ(1 − σ) given x = σ(z)."""
    if slope:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def run_seed(steps):
    """Seed 002's training loop in its row layout.  Returns the recorded errors and the final (V1, V2)."""
    A0 = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)   # (4, 3): one example per row
    y = np.array([[0], [1], [1], [0]], dtype=float)                              # (4, 1)
    V1, V2 = starting_weights()
    errors = []
    for step in range(steps):
        A1 = sigmoid(np.dot(A0, V1))                 # (4, 4)
        A2 = sigmoid(np.dot(A1, V2))                 # (4, 1)
        miss = y - A2
        if step % REPORT_EVERY == 0:
            errors.append(np.mean(np.abs(miss)))
        minus_delta2 = miss * sigmoid(A2, slope=True)   # −δ², one row per example
        minus_delta1 = minus_delta2.dot(V2.T) * sigmoid(A1, slope=True)
        V2 += A1.T.dot(minus_delta2)                 # the summed gradient, step size 1
        V1 += A0.T.dot(minus_delta1)
    return errors, V1, V2


def run_nnlib(steps):
    """The same training through nnlib's checked public method, as lesson 08 runs it."""
    X, Y = nnlib.data.xor()                          # (3, 4) and (1, 4): one example per column
    V1, V2 = starting_weights()
    net = nnlib.Network([3, 4, 1], bias=False)
    net.weights = [V1.T.copy(), V2.T.copy()]         # W^l is the transpose of the seed's matrix
    errors = []
    for step in range(steps):
        if step % REPORT_EVERY == 0:
            errors.append(np.mean(np.abs(Y - net.feedforward(X))))
        net.update_mini_batch(X, Y, eta=4.0)
    return errors, net.weights[0].T, net.weights[1].T


def check_agreement(steps):
    seed_errors, *seed_weights = run_seed(steps)
    nnlib_errors, *nnlib_weights = run_nnlib(steps)
    err = max(float(np.max(np.abs(a - b))) for a, b in zip(seed_weights, nnlib_weights))
    if err > 1e-9 or np.max(np.abs(np.subtract(seed_errors, nnlib_errors))) > 1e-12:
        raise SystemExit(f"nnlib and the seed's loop disagree after {steps} steps (max weight difference {err:.1e})")
    return err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=60_000)
    args = parser.parse_args(argv)
    threads = os.environ.get("OMP_NUM_THREADS")
    if threads != "1":
        print(f"warning: OMP_NUM_THREADS is {threads!r}; run with OMP_NUM_THREADS=1 for stable numbers", file=sys.stderr)

    print(f"XOR, 4 examples × 3 inputs, [3, 4, 1] sigmoid without biases, {args.steps} full-batch steps; numpy {np.__version__}")
    print(f"nnlib and the seed's loop agree after {args.steps} steps: max weight difference {check_agreement(args.steps):.1e}")
    contenders = {"seed": run_seed, "nnlib": run_nnlib}
    wall = {name: [] for name in contenders}
    cpu = {name: [] for name in contenders}
    for _ in range(args.runs):
        for name, fn in contenders.items():       # alternate the contenders within each run
            w, c = time.perf_counter(), time.process_time()
            fn(args.steps)
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    for name in contenders:
        print(f"  {name:<6} wall: median {statistics.median(wall[name]):6.3f} s, fastest {min(wall[name]):6.3f} s "
              f"({1e6 * statistics.median(wall[name]) / args.steps:5.1f} µs per step);  "
              f"cpu: median {statistics.median(cpu[name]):6.3f} s   (wall runs: {', '.join(f'{x:.3f}' for x in wall[name])})")
    # On a shared machine a neighbour can only slow a run down; the ratio of each adjacent pair of runs
    # and the CPU time (which excludes time spent waiting for a core) are the steadier figures.
    paired = statistics.median(n / s for n, s in zip(wall["nnlib"], wall["seed"]))
    print(f"nnlib/seed = {statistics.median(wall['nnlib']) / statistics.median(wall['seed']):.2f} "
          f"(ratio of the median wall times of {args.runs} runs)")
    print(f"             {statistics.median(cpu['nnlib']) / statistics.median(cpu['seed']):.2f} (median CPU times), "
          f"{min(wall['nnlib']) / min(wall['seed']):.2f} (fastest runs), {paired:.2f} (median of the paired runs' ratios)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
