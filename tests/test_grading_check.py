"""check(...) in the notebook, and the grader's scoring and feedback, for every question and known-wrong variant.

These run in this process (no kernel): the answers are the solution notebooks' own functions, with one
function swapped for a known-wrong variant.  The kernel path is tested in test_grading_kernels.py.
"""

import functools

import numpy as np
import pytest
import sympy as sp
from test_grading_support import ASSIGNMENT_NAMES, solution_blocks, solution_namespace

import nnlib
from nnlib.grading import check, check_report
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.checker import check_report as report_in
from nnlib.grading.grader import find_assignment, grade_namespace, prepare
from nnlib.grading.serialize import Opaque, Raised, SymTree, decode, encode, to_plain
from nnlib.grading.symtools import TreeError, equivalent, from_tree

QUESTION_HOME = {}
for _name in ASSIGNMENT_NAMES:
    for _q, _ in ASSIGNMENTS[_name].questions:
        QUESTION_HOME.setdefault(_q, _name)
VARIANT_CASES = [(q, v.name) for q in sorted(QUESTION_HOME) if QUESTIONS[q].kind != "training"
                 for v in QUESTIONS[q].variants]


@functools.cache
def namespace(assignment):
    return solution_namespace(assignment)


@functools.cache
def prepared(assignment, seed=11):
    return prepare(find_assignment(assignment), seed)


def variant(qname, vname):
    return next(v for v in QUESTIONS[qname].variants if v.name == vname)


# ------------------------------------------------------------------ check()
@pytest.mark.parametrize("qname", sorted(q for q in QUESTION_HOME if QUESTIONS[q].kind != "training"))
def test_the_solution_passes_every_public_test(qname):
    answer = namespace(QUESTION_HOME[qname])[qname]
    report = check_report(answer)
    n = len(QUESTIONS[qname].public_cases())
    assert report.startswith(f"{qname}: {n} of {n} public tests passed."), report
    assert "✗" not in report


@pytest.mark.parametrize("qname, vname", VARIANT_CASES)
def test_check_names_each_known_mistake(qname, vname):
    v = variant(qname, vname)
    report = check_report(v.impl, name=qname)
    n = len(QUESTIONS[qname].public_cases())
    assert f"{n} of {n} public tests passed" not in report
    assert "✗" in report
    assert f"This looks like a known mistake, “{v.name}”" in " ".join(report.split()), report
    assert "Reread lesson" in report
    # The feedback never shows the solution's code.
    for line in solution_blocks(QUESTION_HOME[qname]):
        if len(line) > 12 and not line.startswith(("return nabla_b, nabla_w", "return weights, biases", '"""')):
            assert line not in report, line


def test_check_prints_plain_words_for_a_stub_and_for_an_unknown_name(capsys):
    def sigmoid_prime(z):
        # YOUR CODE HERE
        raise NotImplementedError("write your code here")

    check(sigmoid_prime)
    out = capsys.readouterr().out
    assert out.startswith("sigmoid_prime is not implemented yet")
    assert "Traceback" not in out

    def my_function(x):
        return x

    check(my_function)
    assert "does not know a graded function called 'my_function'" in capsys.readouterr().out


def test_check_reports_shapes_and_numbers_and_survives_any_exception(capsys):
    def bias_gradient(delta):
        return delta.mean(axis=1)

    check(bias_gradient)
    out = capsys.readouterr().out
    assert "expected shape (3, 1)" in out and "got shape (3,)" in out
    assert "keepdims" in out

    def hidden_delta(W_next, delta_next, z):
        raise ZeroDivisionError("oops")

    check(hidden_delta)
    out = capsys.readouterr().out
    assert "raised ZeroDivisionError: oops" in out and "Traceback" not in out


def test_check_finds_an_answer_by_its_variable_name(capsys):
    bias_gradient = lambda delta: delta.mean(axis=1, keepdims=True)  # noqa: E731
    check(bias_gradient)
    assert capsys.readouterr().out.startswith("bias_gradient: 3 of 3 public tests passed.")


# ------------------------------------------------------------------ grader scoring and feedback
@pytest.mark.parametrize("assignment", ASSIGNMENT_NAMES)
def test_solution_functions_score_full_marks(assignment):
    p = prepared(assignment)
    result = grade_namespace(p, namespace(assignment))
    assert result.status == "ok", result.notes
    assert result.total == p.max_score, [(q.name, q.score, q.lines) for q in result.questions]


@pytest.mark.parametrize("qname, vname", VARIANT_CASES)
def test_each_known_mistake_loses_points_with_its_diagnosis(qname, vname):
    assignment = QUESTION_HOME[qname]
    v = variant(qname, vname)
    answers = {**namespace(assignment), qname: v.impl}
    result = grade_namespace(prepared(assignment), answers)
    qr = next(q for q in result.questions if q.name == qname)
    assert qr.score < qr.points
    assert any(line.startswith(f"Diagnosis: this looks like “{v.name}”") for line in qr.lines), qr.lines


def _trained(epochs, eta):
    def train_digits(X_train, labels_train):
        net = nnlib.Network([64, 30, 10], seed=1)
        if epochs:
            net.fit(X_train, nnlib.data.one_hot(labels_train, 10), epochs=epochs, batch_size=10, eta=eta, seed=2)
        return net
    return train_digits


@pytest.mark.parametrize("epochs, eta, score, diagnosis", [
    (0, 0.0, 0, "near chance: below 25%"),
    (2, 1.0, 0, "learned, but below 80%"),
    (2, 3.0, 1, "almost there"),
])
def test_training_diagnoses(epochs, eta, score, diagnosis, capsys):
    result = grade_namespace(prepared("09_digits"), {"train_digits": _trained(epochs, eta)})
    qr = result.questions[0]
    assert qr.score == score, qr.lines
    assert any(f"“{diagnosis}”" in line for line in qr.lines), qr.lines
    check(_trained(epochs, eta), name="train_digits")
    assert f"“{diagnosis}”" in capsys.readouterr().out


def test_a_network_with_the_wrong_shape_is_explained():
    def train_digits(X_train, labels_train):
        return nnlib.Network([64, 10, 9], seed=0)
    qr = grade_namespace(prepared("09_digits"), {"train_digits": train_digits}).questions[0]
    assert qr.score == 0 and "10 outputs" in " ".join(qr.lines)


def test_hidden_inputs_depend_on_the_seed_and_the_student_only():
    path = find_assignment("05_weight_gradients")
    a, b, c = prepare(path, 1), prepare(path, 1), prepare(path, 2)

    def arrays(p, student="ada"):
        return [(k, v) for item in p.items(student) for case in item.cases for k, v in sorted(case.args.items())]

    def same(x, y):
        return len(x) == len(y) and all(kx == ky and np.array_equal(vx, vy) for (kx, vx), (ky, vy) in zip(x, y))

    assert same(arrays(a), arrays(b))
    assert not same(arrays(a), arrays(c))                       # another seed
    assert not same(arrays(a), arrays(a, "grace"))              # another student: a leaked input helps no one else


WITHHELD_ANSWERS = {
    "direct": "return nnlib.sigmoid_prime(z)",
    "getattr": "return getattr(nnlib, 'sigmoid' + '_prime')(z)",
    "alias bound before": "return ref(z)",
    "class method": "return nnlib.activations.Sigmoid.prime(z)",
    "importlib": "import importlib\n    return importlib.import_module('nnlib.activations').sigmoid_prime(z)",
}


@pytest.mark.parametrize("how", sorted(WITHHELD_ANSWERS))
def test_a_withheld_reference_fails_alike_in_check_and_in_the_grader(how):
    ns = {**namespace("03_output_delta"), "ref": nnlib.sigmoid_prime, "nnlib": nnlib}
    exec(f"def sigmoid_prime(z):\n    {WITHHELD_ANSWERS[how]}", ns)
    result = grade_namespace(prepared("03_output_delta"), ns)
    qr = result.questions[0]
    assert qr.score == 0 and "is not available in this exercise" in " ".join(qr.lines), qr.lines
    report = report_in(ns["sigmoid_prime"], _globals=ns)
    assert "0 of 4 public tests passed" in report and "is not available in this exercise" in " ".join(report.split())
    assert nnlib.sigmoid_prime(0.0) == 0.25 and nnlib.activations.Sigmoid.prime(0.0) == 0.25   # restored after


def test_a_helper_that_is_not_an_answer_is_allowed():
    """nnlib.sigmoid inside your own σ′ or backprop is fine, in check and in the grader alike."""
    ns = namespace("05_weight_gradients")
    assert "nnlib.sigmoid(" in "".join(solution_blocks("05_weight_gradients"))
    result = grade_namespace(prepared("05_weight_gradients"), ns)
    assert result.total == prepared("05_weight_gradients").max_score
    assert report_in(ns["backprop"], _globals=ns).startswith("backprop: 3 of 3 public tests passed.")


# ------------------------------------------------------------------ data crossing from the kernel
def test_plain_values_round_trip_without_pickle():
    z = sp.Symbol("z")
    value = to_plain(([np.ones((2, 1)), 3], {"k": np.int64(2)}, "text", None, sp.exp(-z) / 2, object()))
    doc, arrays = encode(value)
    back = decode(doc, arrays)
    assert np.array_equal(back[0][0], np.ones((2, 1))) and back[0][1] == 3 and back[1]["k"] == 2
    assert back[2] == "text" and back[3] is None and isinstance(back[4], SymTree)
    assert isinstance(back[5], Opaque)
    assert isinstance(to_plain(np.array([object()], dtype=object)), Opaque)
    assert isinstance(decode({"array": "missing"}, {}), Opaque)
    assert isinstance(decode({"eval": "__import__('os')"}, {}), Opaque)
    assert decode({"raised": ["ValueError", "bad"]}, {}) == Raised("ValueError", "bad")


def test_symbolic_answers_are_rebuilt_by_whitelist_only():
    z, y = sp.symbols("z y")
    ok = to_plain(1 / (1 + sp.exp(-z)) - y)
    assert equivalent(ok, QUESTIONS["cross_entropy_delta_symbolic"].expected(z, y), {"z": (-4, 4), "y": (0, 1)},
                      np.random.default_rng(0))[0]
    with pytest.raises(TreeError):
        from_tree(["Function", [["Symbol", "z"]]])
    with pytest.raises(TreeError):
        from_tree(["Integer", "1" * 50])
    with pytest.raises(TreeError):
        from_tree(["Pow", [["Symbol", "z"], ["Integer", "100000"]]])
    deep = ["Symbol", "z"]
    for _ in range(300):
        deep = ["exp", [deep]]
    assert not equivalent(SymTree(deep), z, {"z": (-1, 1)}, np.random.default_rng(0))[0]
    # A tower of exponentials is evaluated in floats: it overflows instead of hanging.
    tower = to_plain(sp.exp(sp.exp(sp.exp(sp.exp(z)))))
    assert not equivalent(tower, z, {"z": (2, 3)}, np.random.default_rng(0))[0]
    # Extra symbols are named in the message.
    ok, msg, _ = equivalent(to_plain(z * sp.Symbol("a")), z, {"z": (0, 1)}, np.random.default_rng(0))
    assert not ok and "a" in msg
