"""How long do the general proofs of BP1–BP4 take?  (issue 15: all together under 10 s)

    .venv/bin/python benchmarks/bench_symbolic_proofs.py [--runs 5]

Each proof of ``nnlib.symbolic`` (BP1 for three output layers, BP2, BP3,
BP4) is run from an empty SymPy cache, ``--runs`` times; the script prints
the median and the slowest run of each, then the same for all of them
together (again from an empty cache), and checks that every residual is 0.
The times are wall-clock on whatever else the machine is doing, so the
slowest run is the one to hold against the 10 s budget.
"""

import argparse
import statistics
import time

import sympy as sp

from nnlib.symbolic import prove_all, prove_bp1, prove_bp2, prove_bp3, prove_bp4

PROOFS = {
    "BP1, quadratic cost": lambda: prove_bp1("quadratic"),
    "BP1, sigmoid + cross-entropy": lambda: prove_bp1("cross_entropy"),
    "BP1, softmax + cross-entropy": lambda: prove_bp1("softmax"),
    "BP2": prove_bp2,
    "BP3": prove_bp3,
    "BP4": prove_bp4,
}


def cold(run):
    """Seconds ``run()`` takes from an empty SymPy cache, and its result."""
    sp.core.cache.clear_cache()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    rows = {}
    for name, run in PROOFS.items():
        times = []
        for _ in range(args.runs):
            seconds, proof = cold(run)
            if proof.residual != 0:
                raise SystemExit(f"{name}: the residual is not 0: {proof.residual}")
            times.append(seconds)
        rows[name] = times
    together = []
    for _ in range(args.runs):
        seconds, proofs = cold(prove_all)
        if any(p.residual != 0 for p in proofs):
            raise SystemExit("prove_all: a residual is not 0")
        together.append(seconds)
    rows["all together (prove_all)"] = together

    print(f"{'proof':<30} {'median':>9} {'slowest':>9}   ({args.runs} runs, each from an empty SymPy cache)")
    for name, times in rows.items():
        print(f"{name:<30} {statistics.median(times):8.3f}s {max(times):8.3f}s")
    print(f"budget: 10 s for all together; slowest run used {max(together) / 10:.1%} of it")


if __name__ == "__main__":
    main()
