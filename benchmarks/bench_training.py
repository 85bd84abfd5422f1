"""How close is ``nnlib.Network.fit`` to what mini-batch SGD must cost?  (issue: performance)

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_training.py [--runs 3] [--examples 50000]

One epoch of Nielsen's setting — ``[784, 30, 10]``, sigmoid, quadratic cost,
η = 3.0 — on 50,000 MNIST-shaped examples generated here, at batch sizes 10
and 100.  The contenders, alternated run by run so that a noisy machine
hurts them alike:

1. ``nnlib``: ``Network.fit`` for one epoch.
2. ``reference``: Nielsen's algorithm exactly as his ``network.py`` runs it
   (written here in our own code): the data as a list of ``(x, y)`` column
   pairs, a Python loop over the examples of each mini-batch, each example
   backpropagated as one column with ``np.dot``, zero gradients allocated per
   example, ``σ'(z)`` recomputing ``σ(z)``, list-comprehension sums and steps.
3. ``floor``: what any shuffled mini-batch SGD must do and nothing else: for
   each batch, gather its examples by index from the same permutation, then
   the forward and backward matrix products on the same shapes — no
   activations, no updates, no other bookkeeping.
4. ``torch``: PyTorch on the CPU in float64 with the same manual SGD, if
   ``torch`` is installed (it is not a course dependency; skipped otherwise).

It prints the median of each over the runs (wall-clock and CPU time of
this process), the ratios nnlib/floor, reference/nnlib and torch/nnlib
(of the medians, and of the fastest runs),
and the peak memory that training
allocates beyond the data set (traced with ``tracemalloc``, which numpy
reports its buffers to).  Set the BLAS to one thread (the Makefile's
``make bench`` does): two threads never helped at these sizes.
"""

import argparse
import functools
import os
import statistics
import sys
import time
import tracemalloc

import numpy as np

import nnlib

SIZES = [784, 30, 10]
ETA = 3.0


def make_data(m, seed=0):
    """MNIST-shaped data: pixels in [0, 1] and one-hot targets, examples as columns.

    Stored like ``nnlib.data`` stores real data: Fortran order, so each
    example (column) is contiguous and picking a batch by index copies whole
    784-value blocks.
    """
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.random((SIZES[0], m)))
    labels = rng.integers(0, SIZES[-1], m)
    Y = np.asfortranarray(nnlib.data.one_hot(labels, SIZES[-1]))
    return X, Y


# ---------------------------------------------------------------- contenders
def run_nnlib(X, Y, batch_size, seed):
    net = nnlib.Network(SIZES, seed=1)
    net.fit(X, Y, epochs=1, batch_size=batch_size, eta=ETA, seed=seed)
    return net


# Nielsen's algorithm exactly as his network.py runs it (our own code, the same operations):
# the training data is a list of (x, y) pairs of column arrays, made once when the data is loaded;
# backprop allocates its own zero gradients, recomputes σ(z) inside σ'(z), and multiplies with np.dot;
# update_mini_batch sums the per-example gradients with list comprehensions and takes the step.
def nielsen_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nielsen_sigmoid_prime(z):
    return nielsen_sigmoid(z) * (1 - nielsen_sigmoid(z))


class NielsenNetwork:
    """Nielsen's ``Network`` methods ``update_mini_batch``, ``backprop`` and ``cost_derivative``."""

    def __init__(self, weights, biases):
        self.num_layers = len(weights) + 1
        self.weights, self.biases = weights, biases

    def update_mini_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = nielsen_sigmoid(z)
            activations.append(activation)
        delta = self.cost_derivative(activations[-1], y) * nielsen_sigmoid_prime(zs[-1])     # BP1
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):                  # his negative-index layer numbering
            sp = nielsen_sigmoid_prime(zs[-l])
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp                      # BP2
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    def cost_derivative(self, output_activations, y):
        return output_activations - y


def nielsen_data(X, Y):
    """His data layout, built once before training as his loader does: a list of ``(x, y)`` column pairs."""
    return [(X[:, [k]], Y[:, [k]]) for k in range(X.shape[1])]


def run_reference(training_data, batch_size, seed):
    """One epoch of Nielsen's ``SGD``: shuffle the list, slice it into mini-batches, one update per batch.

    The shuffle is the same permutation as nnlib's (his ``random.shuffle`` draws another, at the same cost),
    so that the two trainings can be compared.
    """
    net = nnlib.Network(SIZES, seed=1)
    reference = NielsenNetwork([W.copy() for W in net.weights], [b.copy() for b in net.biases])
    n = len(training_data)
    perm = np.random.default_rng(seed).permutation(n)
    training_data = [training_data[i] for i in perm]
    mini_batches = [training_data[k:k + batch_size] for k in range(0, n, batch_size)]
    for mini_batch in mini_batches:
        reference.update_mini_batch(mini_batch, ETA)
    return reference.weights


def run_floor(X, Y, batch_size, seed):
    """Gather by index, then only the matrix products of forward and backward on the same shapes."""
    rng = np.random.default_rng(1)
    W1, W2 = rng.standard_normal((30, 784)), rng.standard_normal((10, 30))
    m = X.shape[1]
    perm = np.random.default_rng(seed).permutation(m)
    X_rows, Y_rows = X.T, Y.T
    for k in range(0, m, batch_size):
        idx = perm[k:k + batch_size]
        A0 = X_rows[idx].T           # (784, b)
        D2 = Y_rows[idx].T           # (10, b): stands in for δ^2
        Z1 = W1 @ A0                 # (30, b)
        W2 @ Z1                      # (10, b)
        D1 = W2.T @ D2               # (30, b)
        D2 @ Z1.T                    # (10, 30)
        D1 @ A0.T                    # (30, 784)


def run_torch(X, Y, batch_size, seed, torch):
    torch.set_num_threads(1)
    net = nnlib.Network(SIZES, seed=1)
    W = [torch.from_numpy(w.copy()) for w in net.weights]
    B = [torch.from_numpy(b.copy()) for b in net.biases]
    Xt = torch.from_numpy(np.ascontiguousarray(X.T))   # (m, 784): rows are examples
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))
    m = X.shape[1]
    perm = torch.from_numpy(np.random.default_rng(seed).permutation(m))
    with torch.no_grad():
        for k in range(0, m, batch_size):
            idx = perm[k:k + batch_size]
            a0, y = Xt[idx].T, Yt[idx].T
            z1 = W[0] @ a0 + B[0]
            a1 = torch.sigmoid(z1)
            z2 = W[1] @ a1 + B[1]
            a2 = torch.sigmoid(z2)
            d2 = (a2 - y) * a2 * (1 - a2)
            d1 = (W[1].T @ d2) * a1 * (1 - a1)
            n = idx.shape[0]
            W[1] -= (ETA / n) * (d2 @ a1.T)
            B[1] -= (ETA / n) * d2.sum(dim=1, keepdim=True)
            W[0] -= (ETA / n) * (d1 @ a0.T)
            B[0] -= (ETA / n) * d1.sum(dim=1, keepdim=True)


# ------------------------------------------------------------------ harness
def timed(fn, *args):
    """Wall-clock and CPU seconds of one call.  On a shared machine the CPU time is the steadier of the two."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def peak_extra_bytes(fn, *args):
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def check_agreement(X, Y):
    """The reference and nnlib must compute the same training, or the timing means nothing."""
    small_X, small_Y = X[:, :500], Y[:, :500]
    ours = run_nnlib(small_X, small_Y, 10, seed=3).weights
    theirs = run_reference(nielsen_data(small_X, small_Y), 10, seed=3)
    err = max(nnlib.rel_error(a, b) for a, b in zip(ours, theirs))
    if err > 1e-9:
        raise SystemExit(f"nnlib and the reference disagree after an epoch (rel. error {err:.2e})")
    return err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--examples", type=int, default=50_000)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[10, 100])
    args = parser.parse_args(argv)

    threads = os.environ.get("OMP_NUM_THREADS")
    if threads != "1":
        print(f"warning: OMP_NUM_THREADS is {threads!r}; run with OMP_NUM_THREADS=1 for stable numbers", file=sys.stderr)
    try:
        import torch
    except ImportError:
        torch = None

    X, Y = make_data(args.examples)
    data_mb = (X.nbytes + Y.nbytes) / 1e6
    print(f"data: X {X.shape} + Y {Y.shape}, float64, Fortran order: {data_mb:.0f} MB; numpy {np.__version__}"
          + (f", torch {torch.__version__}" if torch else ", torch not installed (not a course dependency): skipped"))
    print(f"nnlib and the reference agree after one epoch on 500 examples: rel. error {check_agreement(X, Y):.1e}")

    training_data = nielsen_data(X, Y)      # Nielsen's layout, made once like his loader's (not timed)
    contenders = {"nnlib": run_nnlib, "reference": lambda X, Y, *args: run_reference(training_data, *args),
                  "floor": run_floor}
    if torch is not None:
        contenders["torch"] = functools.partial(run_torch, torch=torch)
    for batch_size in args.batch_sizes:
        wall = {name: [] for name in contenders}
        cpu = {name: [] for name in contenders}
        for run in range(args.runs):
            for name, fn in contenders.items():   # alternate the contenders within each run
                w, c = timed(fn, X, Y, batch_size, run)
                wall[name].append(w)
                cpu[name].append(c)
        peak_mb = peak_extra_bytes(run_nnlib, X, Y, batch_size, 0) / 1e6
        print(f"\nbatch size {batch_size}: median of {args.runs} runs, one epoch of {args.examples} examples")
        for name in contenders:
            print(f"  {name:<10} wall {statistics.median(wall[name]):7.3f} s  cpu {statistics.median(cpu[name]):7.3f} s"
                  f"   (wall runs: {', '.join(f'{x:.3f}' for x in wall[name])})")
        # Ratios of medians, as asked; ratios of the fastest runs too, which a noisy shared machine
        # disturbs least (a run can only be slowed down by its neighbours, never sped up).
        for label, t, pick in (("wall", wall, statistics.median), ("cpu", cpu, statistics.median), ("min", wall, min)):
            med = {name: pick(v) for name, v in t.items()}
            line = (f"  {label:<4} nnlib/floor = {med['nnlib'] / med['floor']:.2f}"
                    f"   reference/nnlib = {med['reference'] / med['nnlib']:.2f}")
            if torch is not None:
                line += f"   torch/nnlib = {med['torch'] / med['nnlib']:.2f}"
            print(line)
        print(f"  peak memory of nnlib training beyond the data: {peak_mb:.1f} MB "
              f"(data {data_mb:.0f} MB + {peak_mb:.1f} MB; target: ≤ data + 100 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
