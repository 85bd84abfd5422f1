"""How fast does the grader get through a class?  (issue 13: throughput)

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_grading.py [--n 50] [--jobs 2] [--hostile]

Builds a mixed class of ``--n`` submissions of exercise 05 from its solution, cycling through five
kinds: the solution, the untouched exercise, a classic mistake (the transposed weight gradient), a
notebook with a failing cell, and one with a graded function renamed.  With ``--hostile``, every
fifth submission (in place of the renamed function) is hostile instead, in turn: a cell that loops
forever (interrupted after ``--timeout`` s), one that ends the kernel (``os._exit``), and one that
allocates past the memory cap.

The class is graded twice in the same run, with the same ``--jobs``: in the bubblewrap sandbox, and
with ``--no-sandbox``.  For each it prints the wall-clock time, submissions per minute, the mean
grading time per submission (worker time) and the share of it spent starting kernels (measured
around each kernel start, restarts included, and stored per submission); then the ratio
sandbox / no-sandbox of the time per submission and of the wall-clock time.
"""

import argparse
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_grading_support import EXERCISES, add_cell, mutate, read, write  # noqa: E402

from nnlib.grading.grader import Options, grade  # noqa: E402

NAME = "05_weight_gradients"


def kinds(hostile):
    sol = read(NAME)
    out = {"solution": sol,
           "untouched": read(NAME, EXERCISES),
           "mistake": mutate(sol, "return delta @ a_prev.T / m", "return a_prev @ delta.T / m"),
           "cell_error": add_cell(sol, "raise ValueError('a cell that fails')", at=3),
           "renamed": mutate(sol, "def bias_gradient(", "def bias_gradient_v2(")}
    if hostile:
        out.update({"infinite_loop": add_cell(sol, "while True:\n    pass", at=3),
                    "os_exit": add_cell(sol, "import os\nos._exit(3)", at=3),
                    "memory_bomb": add_cell(sol, "x = bytearray(8 * 1024**3)", at=3)})
    return out


def build(folder, n, hostile):
    folder.mkdir(parents=True)
    ks = kinds(hostile)
    names = list(ks)
    if hostile:   # one in five hostile, the others honest
        honest, bad = names[:5], names[5:]
        order = [bad[(i // 5) % len(bad)] if i % 5 == 4 else honest[i % 5] for i in range(n)]
    else:
        order = [names[i % len(names)] for i in range(n)]
    for i, kind in enumerate(order):
        write(ks[kind], folder / f"s{i:03d}_{kind}.ipynb")
    return order


def run(subs, out, options):
    start = time.monotonic()
    results = grade(NAME, [subs], out, options, progress=False)
    wall = time.monotonic() - start
    seconds = sum(r.seconds for r in results)
    kernel = sum(r.kernel_seconds for r in results)
    statuses = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return {"wall": wall, "n": len(results), "per_sub": seconds / len(results), "kernel_share": kernel / seconds,
            "per_min": 60 * len(results) / wall, "statuses": statuses,
            "scores": sorted((r.name, r.total) for r in results)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per cell (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = pathlib.Path(tmp)
        order = build(tmp / "class", args.n, args.hostile)
        mix = {k: order.count(k) for k in dict.fromkeys(order)}
        print(f"exercise {NAME}: {args.n} submissions ({', '.join(f'{v} {k}' for k, v in mix.items())}), "
              f"--jobs {args.jobs}, {os.cpu_count()} CPUs")
        figures = {}
        for label, sandbox in (("sandbox", True), ("no-sandbox", False)):
            options = Options(seed=1, timeout=args.timeout, total_timeout=60, memory_mb=1500, jobs=args.jobs,
                              sandbox=sandbox)
            f = figures[label] = run(tmp / "class", tmp / f"out-{label}", options)
            print(f"{label:>10}: {f['wall']:6.1f} s wall, {f['per_min']:5.1f} submissions/min, "
                  f"{f['per_sub']:5.2f} s per submission, {f['kernel_share']:.0%} of it starting kernels; "
                  f"statuses {f['statuses']}")
        same = figures["sandbox"]["scores"] == figures["no-sandbox"]["scores"]
        print(f"ratio sandbox / no-sandbox: {figures['sandbox']['per_sub'] / figures['no-sandbox']['per_sub']:.2f} "
              f"per submission, {figures['sandbox']['wall'] / figures['no-sandbox']['wall']:.2f} wall-clock; "
              f"same scores in both: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
