"""What every lesson generator script shares: the setup cell and the cell builders.

A script calls ``md(...)`` and ``code(...)`` in reading order and ends with
``write("NN_slug")``; then ``tools/execute.py`` stores the lesson executed.
"""

import pathlib
import textwrap

import nbformat

LESSONS = pathlib.Path(__file__).resolve().parents[2] / "lessons"

# The first code cell of every lesson (CONTRIBUTING.md).
SETUP = """\
%matplotlib inline
%config InlineBackend.figure_formats = ['png']
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import nnlib

sp.init_printing(use_latex="mathjax")
np.set_printoptions(precision=6, suppress=True, linewidth=100)
plt.rcParams.update({"figure.dpi": 80, "figure.figsize": (7, 4), "font.size": 11})
rng = np.random.default_rng(0)"""

cells = []


def md(text):
    # A line ending in ⏎ continues on the next one (for table rows longer than the line limit).
    cells.append(nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip().replace("⏎\n", "")))


def code(text, tags=()):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(text).strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    cells.append(cell)


def write(name):
    """Write ``lessons/<name>.ipynb`` (unexecuted, lean metadata)."""
    out = LESSONS / f"{name}.ipynb"
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.write(nb, out)
    print(f"wrote {out}")
