"""Classic backpropagation mistakes planted in nnlib are caught by the unit tests AND by a lesson (issue 12).

Each mutation below edits the text of a copy of the ``nnlib`` package in a
temporary folder (every route that has the formula gets the same mistake, as
a real slip in the library would).  With the mutated copy first on
``sys.path``:

* a focused subset of the unit tests (``tests/test_gradients.py``, backprop
  against central differences for every activation, cost, λ and bias
  setting) runs in a subprocess and must FAIL, with failed tests rather than
  an import or collection error;
* a short range of lesson 11 runs in a fresh kernel and must stop with an
  error in one of its checking cells: the softmax δ^L compared with the full
  Jacobian, SymPy and finite differences (section 3), and the L2 cost and
  gradient compared with the (λ/2m) formula and finite differences
  (section 4).

The unmutated copy must pass both, so the failures are the mutations' doing.
"""

import asyncio
import pathlib
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "11_beyond_sigmoid.ipynb"
# The lesson's cells to run, found by their content (robust to cells added elsewhere): the imports, the SymPy
# softmax derivation, then the two checking cells.  They run after SETUP, the lesson's setup cell without
# matplotlib (none of these cells plots), which saves a second per kernel.
LESSON_CELLS = ["from threadpoolctl import threadpool_limits", "softmax_a = [sp.exp(z_j)",
                "sm_net = nnlib.Network(", "net_l2 = nnlib.Network("]
CHECKING_CELLS = LESSON_CELLS[2:]
SETUP = "import numpy as np\nimport sympy as sp\n\nimport nnlib\n\nrng = np.random.default_rng(0)"
UNIT_TESTS = ["tests/test_gradients.py", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:nbval", "-o", "addopts="]

# name: [(file in nnlib, text, mistaken text, how many times the text occurs)]
MUTATIONS = {
    "W for Wᵀ in BP2": [("network.py", "weights[l].T.dot(deltas[l])", "weights[l].dot(deltas[l])", 2)],
    "σ'(a) for σ'(z)": [("activations.py", "return grad_a * a * (1.0 - a)", "return grad_a * sigmoid_prime(a)", 1)],
    "no /m in the gradient": [("network.py", "activations[l - 1].T / m + (self.lam", "activations[l - 1].T + (self.lam", 1),
                              ("network.py", "step = eta / m", "step = eta", 1)],
    "sum for mean in the cost": [("network.py", "Y, self.sigmas[-1]) / m", "Y, self.sigmas[-1])", 1),
                                 ("network.py", ".mean(axis=1, keepdims=True)", ".sum(axis=1, keepdims=True)", 1)],
    "λ without /m": [("network.py", "(self.lam / n) * self.weights[l - 1]", "self.lam * self.weights[l - 1]", 1),
                     ("network.py", "1.0 - eta * self.lam / n", "1.0 - eta * self.lam", 1),
                     ("network.py", "1.0 - eta * self.lam / m", "1.0 - eta * self.lam", 1)],
    "flipped sign of δ^L": [("costs.py", "activation.backward(z, a, a - y)", "activation.backward(z, a, y - a)", 1)],
    "softmax without its coupling term": [("activations.py", "return a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))",
                                           "return a * (1.0 - a) * grad_a", 1)],
    "tanh' = 1 − tanh": [("activations.py", "return grad_a * (1.0 - a * a)", "return grad_a * (1.0 - a)", 1),
                         ("activations.py", "return 1.0 - np.tanh(z) ** 2", "return 1.0 - np.tanh(z)", 1)],
}
CASES = ["none", *MUTATIONS]


def _mutated_copy(folder, name):
    """A copy of nnlib under ``folder`` with the named mutation applied (``"none"``: unchanged)."""
    target = folder / "nnlib"
    shutil.copytree(ROOT / "nnlib", target, ignore=shutil.ignore_patterns("__pycache__", "grading"))
    for file, text, mistaken, count in MUTATIONS.get(name, []):
        path = target / file
        source = path.read_text()
        assert source.count(text) == count, f"{name}: expected {count} × {text!r} in nnlib/{file}; nnlib changed?"
        path.write_text(source.replace(text, mistaken))
    return folder


def _lesson_cells():
    nb = nbformat.read(LESSON, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "rng = np.random.default_rng(0)" in code[0].source, "the lesson's setup cell changed: update SETUP"
    chosen = []
    for needle in LESSON_CELLS:
        hits = [c for c in code if needle in c.source]
        assert len(hits) == 1, f"{LESSON.name}: expected one cell containing {needle!r}, found {len(hits)}"
        chosen.append(hits[0])
    return chosen


async def _run_unit_tests(path):
    """The unit-test subset against the nnlib under ``path``; returns (exit code, output)."""
    script = (f"import sys; sys.path.insert(0, {str(path)!r}); import nnlib; "
              f"assert nnlib.__file__.startswith({str(path)!r}), nnlib.__file__; "
              f"import pytest; sys.exit(pytest.main({UNIT_TESTS!r}))")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", script, cwd=ROOT,
                                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = await proc.communicate()
    return proc.returncode, out.decode(errors="replace")


async def _run_lesson(path):
    """The lesson's cells with the nnlib under ``path``; returns (source of the failing cell, error) or None."""
    first = nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(path)!r})\n{SETUP}\n"
                                      f"assert nnlib.__file__.startswith({str(path)!r}), nnlib.__file__")
    nb = nbformat.v4.new_notebook(cells=[first, *(nbformat.v4.new_code_cell(c.source) for c in _lesson_cells())])
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LESSON.parent)}})
    try:
        await client.async_execute()
    except CellExecutionError:
        for cell in nb.cells:
            for out in cell.outputs:
                if out.output_type == "error":
                    return cell.source, out
        raise
    return None


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every case, two at a time (the unit tests and the lesson of one case run together)."""
    folders = {name: _mutated_copy(tmp_path_factory.mktemp(f"mutation{i}"), name) for i, name in enumerate(CASES)}

    async def all_cases():
        limit = asyncio.Semaphore(2)

        async def one(name):
            async with limit:
                return await asyncio.gather(_run_unit_tests(folders[name]), _run_lesson(folders[name]))
        return await asyncio.gather(*(one(name) for name in CASES))

    return dict(zip(CASES, asyncio.run(all_cases())))


def test_unmutated_copy_passes_the_unit_tests_and_the_lesson(results):
    (code, output), lesson_error = results["none"]
    assert code == 0, output[-3000:]
    assert lesson_error is None, f"lesson 11 failed with the unmutated nnlib: {lesson_error}"


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation_fails_the_unit_tests_and_a_lesson_check(results, name):
    (code, output), lesson_error = results[name]
    assert code == 1 and " failed" in output, f"the unit tests did not fail with {name!r}:\n{output[-3000:]}"
    assert lesson_error is not None, f"lesson 11 ran through its checks with {name!r} planted in nnlib"
    source, error = lesson_error
    assert any(needle in source for needle in CHECKING_CELLS), f"{name!r} broke a cell that checks nothing:\n{source}"
    assert error.ename in ("AssertionError", "ValueError"), f"{name!r}: {error.ename}: {error.evalue}"
