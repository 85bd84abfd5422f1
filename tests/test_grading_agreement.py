"""check(...) and the grader apply one rule set: on the same answer they give the same verdict.

A catalogue of answers, honest and dishonest, goes through both: every exercise's solution, every
classic mistake, an answer that calls the withheld reference, an honest answer that uses an allowed
helper, a stub.  For each, check's verdict (all public tests passed, and the mistake it names) must be
the grader's (full marks on the hidden tests, and the mistake it names).  Then the feedback promises:
near misses, clues for unmatched answers, failures caused by another answer, symbolic equivalence.
"""

import functools
import re

import numpy as np
import pytest
import sympy as sp
from test_grading_support import ASSIGNMENT_NAMES, solution_namespace

import nnlib
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.checker import check_report
from nnlib.grading.grader import find_assignment, grade_namespace, prepare
from nnlib.symbolic import sigma

HOME = {}
for _name in ASSIGNMENT_NAMES:
    for _q, _ in ASSIGNMENTS[_name].questions:
        HOME.setdefault(_q, _name)


@functools.cache
def namespace(assignment):
    return solution_namespace(assignment)


@functools.cache
def prepared(assignment):
    return prepare(find_assignment(assignment), 7)


def verdicts(qname, answer, extra=None):
    """(check passed?, check's named mistake, grader full marks?, grader's named mistake) for one answer."""
    assignment = HOME[qname]
    ns = {**namespace(assignment), **(extra or {}), qname: answer}
    report = " ".join(check_report(answer, name=qname, _globals=ns).split())
    n = len(QUESTIONS[qname].public_cases())
    check_ok = f"{n} of {n} public tests passed" in report
    named = re.search(r"a known mistake, “(.+?)”", report)
    qr = next(q for q in grade_namespace(prepared(assignment), ns).questions if q.name == qname)
    return check_ok, named.group(1) if named else "", qr.score == qr.points, qr.variant, report, qr


CATALOGUE = []
for _q in sorted(HOME):
    if QUESTIONS[_q].kind == "training":
        continue
    CATALOGUE.append((_q, "the solution"))
    CATALOGUE += [(_q, v.name) for v in QUESTIONS[_q].variants]


def answer_for(qname, label):
    if label == "the solution":
        return namespace(HOME[qname])[qname]
    return next(v.impl for v in QUESTIONS[qname].variants if v.name == label)


@pytest.mark.parametrize("qname, label", CATALOGUE)
def test_check_and_the_grader_agree(qname, label):
    check_ok, check_named, grader_ok, grader_named, report, qr = verdicts(qname, answer_for(qname, label))
    assert check_ok == grader_ok, (report, qr.lines)
    assert check_named == grader_named, (report, qr.lines)
    if label == "the solution":
        assert check_ok
    else:
        assert not check_ok and check_named == label


DISHONEST = {
    # question: an answer that reaches the exercise's own reference
    "sigmoid_prime": lambda z: nnlib.sigmoid_prime(z),
    "hidden_delta": lambda W_next, delta_next, z: nnlib.activations.Sigmoid.backward(z, None, W_next.T @ delta_next),
    "backprop": lambda net, X, Y: net.backprop(X, Y),
    "numerical_gradient": lambda f, x, h=1e-5: nnlib.gradcheck.numerical_gradient(f, x, h),
    "update_mini_batch": lambda net, X, Y, eta: (lambda c: (c.update_mini_batch(X, Y, eta), (c.weights, c.biases))[1])(
        net.copy()),
}


@pytest.mark.parametrize("qname", sorted(DISHONEST))
def test_a_reference_call_fails_alike(qname):
    check_ok, _, grader_ok, _, report, qr = verdicts(qname, DISHONEST[qname])
    assert not check_ok and not grader_ok
    assert "is not available in this exercise" in report
    assert any("is not available in this exercise" in line for line in qr.lines)


def test_an_allowed_helper_passes_alike():
    def sigmoid_prime(z):                      # nnlib.sigmoid is allowed: it is not this exercise's answer
        s = nnlib.sigmoid(z)
        return s * (1 - s)

    check_ok, _, grader_ok, _, report, _ = verdicts("sigmoid_prime", sigmoid_prime)
    assert check_ok and grader_ok, report


# ------------------------------------------------------------------ what the feedback says
def test_a_near_miss_states_the_error_and_the_tolerance():
    def bias_gradient(delta):
        return np.round(delta.mean(axis=1, keepdims=True), 4)

    _, _, _, _, report, qr = verdicts("bias_gradient", bias_gradient)
    assert "largest relative error is" in report and "1e-06·|expected|" in report
    assert "rounded to 4 decimals" in report
    assert any("rounded to 4 decimals" in line for line in qr.lines)

    def output_delta(a, y, z):
        s = nnlib.sigmoid(z.astype(np.float16)).astype(np.float16)
        return ((a - y).astype(np.float16) * s * (1 - s)).astype(np.float16)

    _, _, _, _, report, _ = verdicts("output_delta", output_delta)
    assert "float16" in report and "compute in float64" in report


def test_an_unmatched_answer_gets_a_clue_not_the_formula():
    def weight_gradient(delta, a_prev):
        return 3 * delta @ a_prev.T / delta.shape[1]

    _, named, _, _, report, qr = verdicts("weight_gradient", weight_gradient)
    assert not named
    assert "a constant multiple of the expected one: 3 times it" in report
    assert any(line.startswith("Hint: your result is a constant multiple") for line in qr.lines), qr.lines
    assert "Reread lesson 05" in report
    for text in (report, " ".join(qr.lines)):
        assert "a_prevᵀ" not in text and "a_prev.T" not in text and QUESTIONS["weight_gradient"].title not in text


def test_a_failure_caused_by_another_answer_is_reported_as_such():
    def sigmoid_prime(z):
        return nnlib.sigmoid(z) * (1 + nnlib.sigmoid(z))

    def hidden_delta(W_next, delta_next, z):
        return (W_next.T @ delta_next) * sigmoid_prime(z)

    *_, report, qr = verdicts("hidden_delta", hidden_delta, {"sigmoid_prime": sigmoid_prime})
    assert "Your sigmoid_prime fails its own tests, and hidden_delta calls it: fix sigmoid_prime first" in report
    assert any(line.startswith("Note: your sigmoid_prime fails its tests, and hidden_delta calls it") for line in qr.lines)


def test_symbolic_answers_are_decided_symbolically():
    z, y = sp.symbols("z y")

    def with_course_sigma(z, y):
        return sigma(z) - y

    def tiny_extra_term(z, y):
        return 1 / (1 + sp.exp(-z)) - y + z / 10**9

    ok, _, grader_ok, _, report, _ = verdicts("cross_entropy_delta_symbolic", with_course_sigma)
    assert ok and grader_ok, report
    ok, _, grader_ok, _, report, _ = verdicts("cross_entropy_delta_symbolic", tiny_extra_term)
    assert not ok and not grader_ok
    assert "agree to about 8 digits at random points" in report
    assert sp.diff(sigma(z), z) != 0
