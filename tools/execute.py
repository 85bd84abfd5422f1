"""Execute notebooks in place and store them lean and deterministic.

    python tools/execute.py lessons/03_*.ipynb solutions/*.ipynb

Each notebook runs top to bottom in a fresh ``python3`` kernel from the
current environment, with its own folder as the working directory.  Then:

* metadata is reduced to ``kernelspec`` and ``language_info.name``;
* cell ids become ``cell-00``, ``cell-01``, … so that re-running changes nothing;
* widget-only outputs (a progress bar's view) and widget state are dropped:
  they carry no text for a reader and nothing for nbval to compare;
* cell metadata keeps only ``tags``;
* an expected error keeps its message and drops its traceback (machine paths).

It prints each notebook's execution time.  Cells tagged ``raises-exception``
may raise; any other error stops with the cell's traceback.
"""

import argparse
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

WIDGET = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def lean(nb):
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        if cell.cell_type == "code":
            kept = []
            for out in cell.outputs:
                data = out.get("data", {})
                if data and set(data) <= {WIDGET}:
                    continue
                if out.get("output_type") == "error":
                    # An expected error (tag raises-exception): keep its message, not a traceback
                    # full of this machine's paths.
                    out.traceback = [f"{out.ename}: {out.evalue}"]
                kept.append(out)
            cell.outputs = kept
        elif "attachments" in cell and not cell.attachments:
            del cell["attachments"]
    return nb


# One BLAS thread, as under pytest (see conftest.py): the kernel inherits this environment, and
# the stored outputs then match what nbval computes.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"
# OpenBLAS picks its kernels by CPU (SkylakeX, Zen, Haswell, ...), and different kernels may round
# the last bit differently.  Pinning the AVX2 "Haswell" kernels, which every x86-64 machine of the
# last decade runs, keeps the stored outputs reproducible across machines.
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")


def execute(path, timeout):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(lean(nb), path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        seconds = execute(path, args.timeout)
        print(f"{path}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
