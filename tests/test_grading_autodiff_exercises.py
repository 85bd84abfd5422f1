"""Exercises 12 and 13 (issue 16): what the shared grading tests do not already cover.

The shared tests (test_grading_check, test_grading_build, test_grading_kernels) run every exercise:
solutions score full marks, untouched exercises score 0, every named mistake is diagnosed.  Here: the
classic mistakes the issue names are among the variants; the lesson sections the mistakes send a learner
to exist; withheld objects and allowed helpers are declared and stated, and an answer that lets
nnlib.autodiff or nnlib.layers compute it fails check; no message writes out an answer; the mistakes are
still recognised on the hidden inputs of other seeds; and the references agree with finite differences
and with lesson 13's compact formula, independently of the engine they come from.
"""

import functools
import importlib
import inspect
import zlib

import numpy as np
import pytest
import sympy as sp
from test_grading_support import assert_withheld_in_check, missing_sections, read, solution_blocks, solution_namespace

from nnlib.gradcheck import numerical_gradient, rel_error
from nnlib.grading import check_report
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.calls import call
from nnlib.grading.compare import run_plain

EXERCISES = ["12_reverse_mode_autodiff", "13_beyond_fully_connected"]
QUESTION_NAMES = [q for name in EXERCISES for q, _ in ASSIGNMENTS[name].questions]

# The mistakes issue 16 asks for by name (and the brief's examples), per question.
NAMED = {
    "matmul_backward": ["a transpose missing"],
    "add_backward": ["not summed back over the broadcast axis"],
    "Scalar": ["a gradient assigned with = instead of accumulated with +="],
    "batch_norm_dx_symbolic": ["μ treated as a constant", "σ² treated as a constant", "the 1/m forgotten"],
    "batch_norm_backward": ["μ treated as a constant", "σ² treated as a constant", "the 1/m forgotten"],
    "conv2d_backward": ["the kernel not flipped", "the δ padding wrong: one zero on each side whatever the kernel"],
}

def _home(qname):
    return next(name for name in EXERCISES if qname in ASSIGNMENTS[name].points)


@pytest.mark.parametrize("qname", QUESTION_NAMES)
def test_the_named_mistakes_are_there_and_send_the_learner_to_a_real_section(qname):
    q = QUESTIONS[qname]
    names = [v.name for v in q.variants]
    assert len(names) >= 3 and set(NAMED[qname]) <= set(names), names
    for v in q.variants:                     # the sections themselves: test_grading_feedback_text.py
        assert not missing_sections(v.section), (v.name, v.section)


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_declares_what_it_withholds_and_each_question_what_it_allows(name):
    spec = ASSIGNMENTS[name]
    assert {"nnlib.autodiff:*", "nnlib.layers:*"} <= set(spec.withheld)
    for entry in spec.withheld:
        module, _, qualname = entry.partition(":")
        obj = importlib.import_module(module)
        if qualname != "*":
            for part in qualname.split("."):
                obj = inspect.getattr_static(obj, part)
    text = " ".join(c.source for c in read(name).cells if c.cell_type == "markdown").replace("`", "")
    for qname, _ in spec.questions:
        allowed = QUESTIONS[qname].allowed
        assert allowed, qname
        assert f"**Allowed:** {allowed}" in text, f"{qname}: the notebook does not state 'Allowed: {allowed}'"


def _leaks(qname, text):
    """The answer forms and the solution's code lines found in a text (whitespace normalised)."""
    flat = " ".join(text.split())
    lines = [line for line in solution_blocks(_home(qname)) if len(line) > 12 and not line.startswith(('"""', "#"))]
    return [form for form in QUESTIONS[qname].answer_forms if form in flat] + [line for line in lines if line in flat]


@pytest.mark.parametrize("qname", QUESTION_NAMES)
def test_no_title_message_prompt_or_report_writes_out_the_answer(qname):
    q = QUESTIONS[qname]
    assert len(q.answer_forms) >= 3, f"{qname}: list the spellings that would give its answer away"
    texts = [q.title, q.section] + [f"{v.name} {v.diagnosis} {v.section}" for v in q.variants]
    nb = read(_home(qname))
    texts.append(next(c.source for c in nb.cells                     # the question's prompt
                      if c.cell_type == "markdown" and "## Question" in c.source and f"`{qname}`" in c.source))
    texts += [check_report(v.impl, name=qname) for v in q.variants]  # what check prints for each mistake
    for text in texts:
        assert not _leaks(qname, text), (text, _leaks(qname, text))


def test_the_answer_forms_are_the_answers():
    """Spot checks that the lists hold the real answers, so the test above is not vacuous."""
    for qname, form in [("matmul_backward", "G @ B.T"), ("Scalar", "self.grad += out.grad"),
                        ("batch_norm_backward", "m * g - "), ("conv2d_backward", "[::-1, ::-1]")]:
        assert form in QUESTIONS[qname].answer_forms
        assert any(form in line for line in solution_blocks(_home(qname))), (qname, form)


@pytest.mark.parametrize("seed", [3, 2024])
@pytest.mark.parametrize("qname", QUESTION_NAMES)
def test_mistakes_lose_points_and_are_named_on_other_seeds_hidden_inputs(qname, seed):
    q = QUESTIONS[qname]
    rng = np.random.default_rng([seed, zlib.crc32(_home(qname).encode()), zlib.crc32(qname.encode())])
    cases = q.hidden_cases(rng)
    expected = [q.reference(c) for c in cases]
    results = q.variant_results(cases)
    for v in q.variants:
        got = results[v.name]
        scores = [q.compare(c, e, g, reveal=False)[0] for c, e, g in zip(cases, expected, got)]
        assert min(scores) < 1.0, f"{v.name} passes every hidden test of seed {seed}"
        assert q.diagnose(cases, got, results) is v, f"{v.name} is not recognised on seed {seed}"
    answer = _solution(qname)
    solution = [run_plain(answer, q, c) for c in cases]
    assert all(q.compare(c, e, g, reveal=False)[0] == 1.0 for c, e, g in zip(cases, expected, solution))
    assert q.diagnose(cases, solution, results) is None


@functools.cache
def _namespace(name):
    return solution_namespace(name)


def _solution(qname):
    """The solution notebook's own answer, defined in this process from its code cells."""
    return _namespace(_home(qname))[qname]


# ------------------------------------------------------------------ references, checked independently
def _program_value(leaves, program):
    values = list(leaves)
    for op, i, j in program:
        values.append(values[i] + values[j] if op == 0 else values[i] * values[j])
    return values[-1]


def _agree_with_finite_differences(forward, inputs, upstream, grads, label):
    """Each gradient is ∂/∂input of Σ upstream ⊙ forward(inputs), by central differences."""
    for name, got in zip(inputs, grads):
        def J(v, name=name):
            return float(np.sum(forward(**{**inputs, name: v}) * upstream))
        numeric = numerical_gradient(J, np.array(inputs[name], dtype=float))
        assert got.shape == np.shape(inputs[name]) and rel_error(got, numeric) < 1e-7, (label, name)


@pytest.mark.parametrize("public", [True, False])
def test_the_engine_reference_is_the_derivative_of_the_expression(public):
    q = QUESTIONS["Scalar"]
    cases = q.public_cases() if public else q.hidden_cases(np.random.default_rng(5))
    for case in cases:
        value, grads = q.reference(case)
        leaves, program = case.args["leaves"], case.args["program"].tolist()
        assert value == pytest.approx(_program_value(leaves, program), rel=1e-12)
        _agree_with_finite_differences(lambda x, program=program: np.array(_program_value(x, program)),
                                       {"x": leaves}, 1.0, [grads], case.label)
        assert rel_error(call("engine", _solution("Scalar"), case.args)[1], grads) < 1e-14


def test_the_first_public_engine_tests_are_worked_by_hand():
    q = QUESTIONS["Scalar"]
    square, product, _, _ = q.public_cases()
    assert q.reference(square)[1].tolist() == [6.0]                          # d(x·x)/dx = 2x at x = 3
    assert q.reference(product)[1].tolist() == [3.0, 2.0]                     # (x + y)x: 2x + y, x at (2, −1)


def _forward(qname, args):
    """The forward map of a question's layer and its inputs, from the case's arguments."""
    from nnlib.autodiff import Tensor
    from nnlib.layers import batch_norm, correlate
    if qname == "batch_norm_backward":
        eps = float(args["eps"])
        return (lambda x, gamma, beta: batch_norm(Tensor(x), Tensor(gamma), Tensor(beta), eps).value,
                {"x": args["x"], "gamma": args["gamma"], "beta": np.zeros_like(args["gamma"])})
    if qname == "conv2d_backward":
        return (lambda X, K: correlate(X[None, :, :, None], K[None, None])[0, :, :, 0],
                {"X": args["X"], "K": args["K"]})
    if qname == "matmul_backward":
        return (lambda A, B: A @ B), {"A": args["A"], "B": args["B"]}
    return (lambda a, b: a + b), {"a": args["a"], "b": args["b"]}


@pytest.mark.parametrize("qname", ["batch_norm_backward", "conv2d_backward", "matmul_backward", "add_backward"])
def test_the_array_references_agree_with_finite_differences(qname):
    q = QUESTIONS[qname]
    for case in q.public_cases():
        forward, inputs = _forward(qname, case.args)
        upstream = case.args["G" if "G" in case.args else "g"]
        _agree_with_finite_differences(forward, inputs, upstream, q.reference(case), case.label)


def test_the_symbolic_batch_norm_reference_is_lesson_13s_compact_formula():
    q = QUESTIONS["batch_norm_dx_symbolic"]
    syms = sp.symbols(" ".join(q.symbols))
    x, g, gamma, eps = syms[:3], syms[3:6], syms[6], syms[7]
    mu = sum(x) / 3
    s = sp.sqrt(sum((xk - mu) ** 2 for xk in x) / 3 + eps)
    x_hat = [(xk - mu) / s for xk in x]
    compact = gamma / (3 * s) * (3 * g[0] - sum(g) - x_hat[0] * sum(gk * xh for gk, xh in zip(g, x_hat)))
    f = sp.lambdify(syms, q.expected(*syms) - compact)
    rng = np.random.default_rng(0)
    for _ in range(20):
        point = [rng.uniform(*q.ranges[n]) for n in q.symbols]
        assert abs(f(*point)) < 1e-12


# ------------------------------------------------------------------ answers that let nnlib answer
def _matmul(G, A, B):
    from nnlib.autodiff import Tensor
    a, b = Tensor(A), Tensor(B)
    ((a @ b) * G).sum().backward()
    return a.grad, b.grad


def _add(G, a, b):
    from nnlib.autodiff import _unbroadcast
    return _unbroadcast(G, a.shape), _unbroadcast(G, b.shape)


def _batch_norm(g, x, gamma, eps):
    from nnlib.autodiff import Tensor
    from nnlib.layers import batch_norm
    tx, tg = Tensor(x), Tensor(gamma)
    (batch_norm(tx, tg, np.zeros_like(gamma), eps) * g).sum().backward()
    return tx.grad, tg.grad, g.sum(axis=1, keepdims=True)


def _conv(G, X, K):
    from nnlib.layers import correlate, full_correlate
    return (full_correlate(G[None, :, :, None], K[None, None, ::-1, ::-1])[0, :, :, 0],
            correlate(X[None, :, :, None], G[None, None])[0, :, :, 0])


def _scalar_engine():
    from nnlib.autodiff import Tensor

    class Scalar(Tensor):
        pass
    return Scalar


DISHONEST = {
    "matmul_backward": (_matmul, "nnlib.autodiff"),
    "add_backward": (_add, "nnlib.autodiff"),
    "batch_norm_backward": (_batch_norm, "nnlib.autodiff"),
    "conv2d_backward": (_conv, "nnlib.layers"),
    "Scalar": (_scalar_engine(), "nnlib.autodiff"),
}


@pytest.mark.parametrize("qname", sorted(DISHONEST))
def test_an_answer_that_lets_nnlib_compute_it_fails_check_with_the_withheld_message(qname):
    assert_withheld_in_check(qname, *DISHONEST[qname])
