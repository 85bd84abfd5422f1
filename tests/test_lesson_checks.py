"""The lessons' checks are real: a wrong equation in nnlib makes a lesson's assert fail (issue: lessons 04-06).

Lesson 05 ends its derivation by comparing the SymPy gradients with
``nnlib.Network.backprop`` in the cell tagged ``check-backprop``.  Here that
lesson is executed twice, up to and including that cell: once with nnlib as it
is, which must pass, and once with a first cell injected that breaks BP2 in
nnlib the classic way (dropping the factor σ'(z^l)), which must stop the
notebook with an ``AssertionError`` in exactly that cell.
"""

import asyncio
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

LESSONS = pathlib.Path(__file__).resolve().parents[1] / "lessons"
LESSON = "05_weight_gradients.ipynb"
CHECK_TAG = "check-backprop"

DROP_SIGMA_PRIME_IN_BP2 = '''
import nnlib.network


def _deltas_without_sigma_prime(self, zs, activations, Y):
    """nnlib's BP1 and BP2, except that BP2 forgets the factor σ'(z^l)."""
    L = self.L
    deltas = [None] * L
    deltas[L - 1] = self.cost_function.delta(zs[L - 1], activations[L], Y, self.sigmas[L - 1])
    for l in range(L - 1, 0, -1):
        deltas[l - 1] = self.weights[l].T @ deltas[l]          # should be ⊙ σ'(z^l)
    return deltas


nnlib.network.Network._deltas = _deltas_without_sigma_prime
'''


def _prepare(first_cell=None):
    """The lesson up to its check cell, outputs cleared, optionally behind an injected first cell."""
    nb = nbformat.read(LESSONS / LESSON, as_version=4)
    tagged = [i for i, cell in enumerate(nb.cells) if CHECK_TAG in cell.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{LESSON} should have exactly one cell tagged {CHECK_TAG!r}, found {len(tagged)}"
    nb.cells = nb.cells[:tagged[0] + 1]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    if first_cell is not None:
        nb.cells.insert(0, nbformat.v4.new_code_cell(first_cell))
    return nb


async def _execute(nb):
    """Run ``nb`` in a fresh kernel; return the error that stopped it, or None."""
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}})
    try:
        await client.async_execute()
    except CellExecutionError as err:
        return err
    return None


@pytest.fixture(scope="module")
def runs():
    """Both runs, in two kernels at once (each is a few seconds of SymPy): ``{name: (cells, check index, error)}``."""
    notebooks = {"as is": _prepare(), "broken BP2": _prepare(DROP_SIGMA_PRIME_IN_BP2)}

    async def both():
        return await asyncio.gather(*(_execute(nb) for nb in notebooks.values()))

    errors = asyncio.run(both())
    return {name: (nb.cells, len(nb.cells) - 1, err) for (name, nb), err in zip(notebooks.items(), errors)}


def _errors(cells):
    return [(i, out) for i, cell in enumerate(cells) if cell.cell_type == "code"
            for out in cell.outputs if out.output_type == "error"]


def test_lesson_05_check_passes_with_nnlib_as_is(runs):
    cells, check_index, error = runs["as is"]
    assert error is None, f"lesson 05 failed with the unmodified nnlib:\n{error}"
    assert _errors(cells) == []
    assert "largest relative error" in "".join(out.get("text", "") for out in cells[check_index].outputs)


def test_dropping_sigma_prime_in_bp2_fails_the_backprop_check_of_lesson_05(runs):
    cells, check_index, error = runs["broken BP2"]
    assert error is not None, "lesson 05 ran to its check with a broken BP2 in nnlib: its check caught nothing"
    errors = _errors(cells)
    assert len(errors) == 1
    failing_index, output = errors[0]
    # The failure is the lesson's own assert in its numeric comparison, not some other breakage.
    assert failing_index == check_index, f"expected the {CHECK_TAG!r} cell to fail, but cell {failing_index} did"
    assert output.ename == "AssertionError"
    assert "backprop differs from the formulas" in output.evalue
    # Everything before the check ran: the symbolic derivation does not depend on nnlib's BP2.
    assert all(cell.execution_count is not None for cell in cells[:check_index] if cell.cell_type == "code")
