"""The batch grader end to end, with real kernels: solutions, untouched exercises, one known mistake each.

Every assignment is graded once (module cache) with three submissions: the solution notebook, the
untouched exercise, and the solution with one classic mistake typed in.  The outputs must say the
right things, in the formats promised, and grading again with the same seed must give the same bytes.
"""

import csv
import functools
import json
import shutil

import pytest
from test_grading_support import ASSIGNMENT_NAMES, EXERCISES, mutate, read, write

from nnlib.grading.assignments import ASSIGNMENTS
from nnlib.grading.grader import Options, grade

# (replacements in the solution's code, the question they break, the mistake the grader must name)
MUTANTS = {
    "02_computation_graphs": ([("dx = dout * self.y\n        dy = dout * self.x",
                                "dx = dout * self.x\n        dy = dout * self.y")],
                              "MulLayer", "each input gets its own value"),
    "03_output_delta": ([("return s * (1 - s)", "return s")], "sigmoid_prime", "σ(z) instead of σ′(z)"),
    "04_recursive_delta": ([("return (W_next.T @ delta_next)", "return (W_next @ delta_next)")],
                           "hidden_delta", "W instead of Wᵀ"),
    "05_weight_gradients": ([("return delta @ a_prev.T / m", "return a_prev @ delta.T / m")],
                            "weight_gradient", "a_prev δᵀ: the transpose of the gradient"),
    "06_gradient_checking": ([("(f_plus - f_minus) / (2 * h)", "(f_plus - f_minus) / 2 * h")],
                             "numerical_gradient", "/ 2 * h: h multiplies instead of dividing"),
    "07_minibatch_sgd": ([("W - eta * nw", "W + eta * nw"), ("b - eta * nb", "b + eta * nb")],
                         "update_mini_batch", "gradient ascent: + instead of −"),
    "09_digits": ([("net.fit(X_train, Y_train, epochs=20, batch_size=10, eta=3.0, seed=2)", "pass")],
                  "train_digits", "near chance: below 25%"),
    "01_forward_pass": ([("a = nnlib.sigmoid(W @ a + b)", "a = nnlib.sigmoid(W @ a + b.T)")],
                        "feedforward", "the bias added as a row"),
    "08_xor_eleven_lines": ([("return W1 - delta1 @ X.T, W2 - delta2 @ a1.T", "return W1 + delta1 @ X.T, W2 + delta2 @ a1.T")],
                            "xor_step", "a sign changed: y − a subtracted, or a − y added"),
    "10_sentiment_network": ([("layer_1_delta = layer_2_delta @ weights_1_2.T",
                               "layer_1_delta = (layer_2_delta @ weights_1_2.T) * layer_1 * (1 - layer_1)")],
                             "row_step", "the hidden layer given a σ′"),
    "11_beyond_sigmoid": ([("e = np.exp(z - z.max(axis=0, keepdims=True))", "e = np.exp(z)")],
                          "softmax", "no max-shift: e^z overflows"),
    "12_reverse_mode_autodiff": ([("self.grad += out.grad", "self.grad = out.grad"),
                                  ("other.grad += out.grad", "other.grad = out.grad")],
                                 "Scalar", "a gradient assigned with = instead of accumulated with +="),
    "13_beyond_fully_connected": ([("(m * g - sum_g - x_hat * sum_g_xhat)", "(m * g - x_hat * sum_g_xhat)")],
                                  "batch_norm_backward", "μ treated as a constant"),
}
OPTIONS = Options(seed=5, timeout=90, total_timeout=400, jobs=2)


def submissions(name, folder):
    folder.mkdir()
    write(read(name), folder / "solution.ipynb")
    shutil.copy(EXERCISES / f"{name}.ipynb", folder / "untouched.ipynb")
    nb = read(name)
    for old, new in MUTANTS[name][0]:
        nb = mutate(nb, old, new)
    write(nb, folder / "mistake.ipynb")
    return folder


@functools.cache
def graded(name, tmp):
    out = tmp / f"out-{name}"
    grade(EXERCISES / f"{name}.ipynb", [submissions(name, tmp / f"in-{name}")], out, OPTIONS, progress=False)
    return out


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("grading")


def rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


@pytest.mark.parametrize("name", ASSIGNMENT_NAMES)
def test_grading_a_small_class(name, tmp):
    out = graded(name, tmp)
    spec = ASSIGNMENTS[name]
    table = rows(out)
    assert list(table) == ["mistake", "solution", "untouched"]
    header = list(next(iter(table.values())))
    assert header == ["submission", *[q for q, _ in spec.questions], "total", "max", "status", "notes"]

    solution = table["solution"]
    assert (solution["status"], float(solution["total"]), float(solution["max"])) == ("ok", spec.max_score, spec.max_score)

    untouched = table["untouched"]
    assert (untouched["status"], float(untouched["total"])) == ("ok", 0.0), untouched
    assert "not implemented yet" in (out / "feedback" / "untouched.txt").read_text()

    mistake = table["mistake"]
    _, question, diagnosis = MUTANTS[name]
    assert float(mistake[question]) < spec.points[question]
    feedback = (out / "feedback" / "mistake.txt").read_text()
    assert f"Diagnosis: this looks like “{diagnosis}”" in feedback

    for sub in table:
        doc = json.loads((out / "results" / sub / "results.json").read_text())
        assert doc["score"] == float(table[sub]["total"])
        assert [t["name"] for t in doc["tests"]] == [f"Question {i}: {q}" for i, (q, _) in enumerate(spec.questions, 1)]
        for t in doc["tests"]:
            assert set(t) == {"name", "score", "max_score", "output", "visibility"}
            assert 0 <= t["score"] <= t["max_score"]
        assert sum(t["score"] for t in doc["tests"]) == pytest.approx(doc["score"])


def test_the_same_seed_gives_the_same_bytes(tmp):
    name = "06_gradient_checking"
    first = graded(name, tmp)
    again = tmp / "again"
    grade(EXERCISES / f"{name}.ipynb", [tmp / f"in-{name}"], again, OPTIONS, progress=False)
    def graded_files(root):       # the grades themselves; .state/ and the summary also record timings
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()
                      and p.relative_to(root).parts[0] in ("grades.csv", "feedback", "results"))

    files = graded_files(first)
    assert files == graded_files(again) and len(files) == 7
    for f in files:
        assert (first / f).read_bytes() == (again / f).read_bytes(), f
