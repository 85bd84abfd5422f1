"""exercises/ is generated from solutions/: stubs, lean metadata, points that agree with the spec, drift detection."""

import json
import shutil
import subprocess
import sys
import time

import nbformat
import pytest
from test_grading_support import ASSIGNMENT_NAMES, EXERCISES, ROOT, SOLUTIONS, read

from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.build import BuildError, build, exercise_from_solution, strip_solutions
from nnlib.grading.spec import parse_points

CONTRACT = ["sigmoid_prime", "output_delta", "hidden_delta", "weight_gradient", "bias_gradient",
            "numerical_gradient", "backprop"]


def test_build_check_passes_and_is_fast():
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "nnlib.grading", "build", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout
    assert seconds < 25, f"build --check took {seconds:.1f} s"


def test_build_check_names_the_drifted_file(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    shutil.copytree(SOLUTIONS, solutions)
    shutil.copytree(EXERCISES, exercises)
    assert build(solutions, exercises, check=True, out=lambda s: None) == []
    nb = nbformat.read(str(exercises / "04_recursive_delta.ipynb"), as_version=4)
    nb.cells[-2].source += "\n# a learner's edit"
    nbformat.write(nb, str(exercises / "04_recursive_delta.ipynb"))
    (exercises / "07_minibatch_sgd.ipynb").unlink()
    proc = subprocess.run([sys.executable, "-m", "nnlib.grading", "build", "--check", "--solutions", str(solutions),
                           "--exercises", str(exercises)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "04_recursive_delta.ipynb differs" in proc.stdout
    assert "07_minibatch_sgd.ipynb is missing" in proc.stdout
    # build (without --check) repairs both, and the result is byte-identical to the committed exercises.
    build(solutions, exercises, out=lambda s: None)
    for name in ("04_recursive_delta", "07_minibatch_sgd"):
        assert (exercises / f"{name}.ipynb").read_bytes() == (EXERCISES / f"{name}.ipynb").read_bytes()


def test_strip_solutions_keeps_indentation_and_rejects_unbalanced_markers():
    src = "def f(x):\n    '''doc'''\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n\ny = 1"
    out = strip_solutions(src)
    assert out == ("def f(x):\n    '''doc'''\n    # YOUR CODE HERE\n"
                   "    raise NotImplementedError(\"write your code here\")\n\ny = 1")
    assert "2 * x" not in out
    with pytest.raises(BuildError, match="never closed"):
        strip_solutions("### BEGIN SOLUTION\nx = 1")
    with pytest.raises(BuildError, match="without"):
        strip_solutions("x = 1\n### END SOLUTION")


@pytest.mark.parametrize("name", ASSIGNMENT_NAMES)
def test_exercise_is_lean_stubbed_and_without_solutions(name):
    nb = read(name, EXERCISES)
    assert dict(nb.metadata) == {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                "name": "python3"}, "language_info": {"name": "python"}}
    assert [c.id for c in nb.cells] == [f"cell-{i:02d}" for i in range(len(nb.cells))]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    text = "\n".join(c.source for c in code)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert text.count("raise NotImplementedError") >= len(ASSIGNMENTS[name].questions)
    # The exercise is exactly what build makes from the solution.
    assert nbformat.writes(exercise_from_solution(read(name), name)) + "\n" == (EXERCISES / f"{name}.ipynb").read_text()


@pytest.mark.parametrize("name", ASSIGNMENT_NAMES)
def test_points_stated_in_the_notebook_agree_with_the_spec(name):
    assert parse_points(read(name)) == ASSIGNMENTS[name].questions
    assert parse_points(read(name, EXERCISES)) == ASSIGNMENTS[name].questions
    solution = json.loads((SOLUTIONS / f"{name}.ipynb").read_text())
    first_code = next(c for c in solution["cells"] if c["cell_type"] == "code")
    assert "".join(first_code["source"]).startswith("%matplotlib inline\n%config InlineBackend.figure_formats")


def test_mismatched_points_fail_the_build():
    nb = read("04_recursive_delta")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("`hidden_delta` (3 points)", "`hidden_delta` (5 points)")
    with pytest.raises(BuildError, match="spec says"):
        exercise_from_solution(nb, "04_recursive_delta")


def test_the_exercises_cover_the_contract():
    graded = {q for a in ASSIGNMENTS.values() for q, _ in a.questions}
    assert set(ASSIGNMENT_NAMES) == set(ASSIGNMENTS)
    assert set(CONTRACT) <= graded
    assert {"MulLayer", "AddLayer", "update_mini_batch", "train_digits"} <= graded
    assert any(QUESTIONS[q].kind == "symbolic" for q in graded)
    assert any(QUESTIONS[q].kind == "training" for q in graded)
    for q in graded:
        assert len(QUESTIONS[q].variants) >= 3, q
