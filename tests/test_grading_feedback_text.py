"""Exercises 02–07 and 09 (issue 11): feedback a learner can trust, as text.

No message of ``check`` or of the grader writes out a question's answer: not its title, not the name or
diagnosis of a classic mistake, not the section to reread, not the hints for a wrong answer that no
classic mistake explains.  Each question lists the spellings that would give its answer away
(``answer_forms``); every classic mistake and a few unanticipated wrong answers go through ``check``
and through the grader, and no line of what they print contains one of them, nor a line of the
solution's code.  The sections named exist in the lessons, and each question's text in the solution
notebook states what it allows.
"""

import functools
import re

import numpy as np
import pytest
import sympy as sp
from test_grading_support import missing_sections, read, solution_blocks, solution_namespace

import nnlib
from nnlib.activations import sigmoid
from nnlib.grading import check_report
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.grader import find_assignment, grade_namespace, prepare

MINE = ["02_computation_graphs", "03_output_delta", "04_recursive_delta", "05_weight_gradients",
        "06_gradient_checking", "07_minibatch_sgd", "09_digits"]
HOME = {}
for _name in MINE:
    for _q, _ in ASSIGNMENTS[_name].questions:
        HOME.setdefault(_q, _name)
NAMES = sorted(HOME)


def _own_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


# ------------------------------------------------------------------ wrong answers no classic mistake describes
class _MulTwice:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return 2 * dout * self.y, 2 * dout * self.x


class _MulSwapped:
    def forward(self, x, y):
        self.x, self.y = x, y
        return y * x

    def backward(self, dout):
        return dout * self.x * self.y, dout


class _AddNegated:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return -dout, -dout


class _AddForwardWrong:
    def forward(self, x, y):
        return x - y

    def backward(self, dout):
        return dout * 1.0, dout * 1.0


def _backprop_scaled(factor):
    def backprop(net, X, Y):
        nabla_b, nabla_w = net.backprop(X, Y)
        return [factor * b for b in nabla_b], [factor * W for W in nabla_w]
    return backprop


def _backprop_own(net, X, Y):
    """A from-scratch backward pass whose last layer has the wrong sign."""
    zs, acts = net.forward(X)
    m, L = X.shape[1], len(net.weights)
    delta = (Y - acts[L]) * _own_prime(zs[L - 1])
    nabla_b, nabla_w = [None] * L, [None] * L
    for l in range(L, 0, -1):
        if l < L:
            delta = (net.weights[l].T @ delta) * _own_prime(zs[l - 1])
        nabla_b[l - 1] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l - 1] = delta @ acts[l - 1].T / m
    return nabla_b, nabla_w


def _numerical(kind):
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            fp = f(x)
            x[i] = old - h
            fm = f(x)
            x[i] = old
            if kind == "zeros":
                grad[i] = 0.0
            elif kind == "4h":
                grad[i] = (fp - fm) / (4 * h)
            else:
                grad[i] = (fp - fm) / (2 * h)
        return grad.astype(np.float16) if kind == "float16" else grad
    return numerical_gradient


def _update(factor):
    def update_mini_batch(net, X, Y, eta):
        nabla_b, nabla_w = net.backprop(X, Y)
        return ([W - factor * eta * nw for W, nw in zip(net.weights, nabla_w)],
                [b - factor * eta * nb for b, nb in zip(net.biases, nabla_b)])
    return update_mini_batch


def _update_only_first_layer(net, X, Y, eta):
    nabla_b, nabla_w = net.backprop(X, Y)
    weights = [W.copy() for W in net.weights]
    biases = [b.copy() for b in net.biases]
    weights[0] = weights[0] - eta * nabla_w[0]
    biases[0] = biases[0] - eta * nabla_b[0]
    return weights, biases


def _untrained(X_train, labels_train):
    return nnlib.Network([64, 30, 10], seed=1)


OTHER_WRONG = {
    "MulLayer": [_MulTwice, _MulSwapped],
    "AddLayer": [_AddNegated, _AddForwardWrong],
    "chain_rule_symbolic": [lambda x, y: 4 * (x + y), lambda x, y: 2 * (x - y), lambda x, y: (x + y) ** 2 / 2],
    "sigmoid_prime": [lambda z: sigmoid(z) ** 2, lambda z: 0.25 * np.ones_like(np.asarray(z, dtype=float)),
                      lambda z: np.round(_own_prime(z), 3),
                      lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 3],
    "sigmoid_prime_symbolic": [lambda z: sp.exp(-z) / (1 + sp.exp(-z)) ** 3, lambda z: sp.exp(z),
                               lambda z: nnlib.symbolic.sigma(z) * (1 + nnlib.symbolic.sigma(z))],
    "output_delta": [lambda a, y, z: 2 * (a - y) * _own_prime(z), lambda a, y, z: ((a - y) * _own_prime(z)).T,
                     lambda a, y, z: (a - y) * _own_prime(z) + 1e-3, lambda a, y, z: (a - y) ** 2 * _own_prime(z)],
    "cross_entropy_delta_symbolic": [lambda z, y: 2 * (1 / (1 + sp.exp(-z)) - y), lambda z, y: -y * sp.log(z),
                                     lambda z, y: 1 / (1 + sp.exp(-z))],
    "hidden_delta": [lambda W, d, z: 0.5 * (W.T @ d) * _own_prime(z), lambda W, d, z: -(W.T @ d) * _own_prime(z),
                     lambda W, d, z: (W.T @ d) * _own_prime(z) + 1e-4, lambda W, d, z: (W.T @ d) * sigmoid(z)],
    "weight_gradient": [lambda d, a: d @ a.T / (d.shape[1] + 1), lambda d, a: np.round(d @ a.T / d.shape[1], 2),
                        lambda d, a: -(d @ a.T) / d.shape[1], lambda d, a: d @ a.T / d.shape[1] ** 2],
    "bias_gradient": [lambda d: d.max(axis=1, keepdims=True), lambda d: -d.mean(axis=1, keepdims=True),
                      lambda d: d.mean(axis=1, keepdims=True).astype(np.float16), lambda d: d[:, :1]],
    "backprop": [_backprop_scaled(2.0), _backprop_scaled(-1.0), _backprop_own],
    "numerical_gradient": [_numerical("zeros"), _numerical("4h"), _numerical("float16")],
    "update_mini_batch": [_update(2.0), _update(-0.5), _update_only_first_layer],
    "train_digits": [_untrained],
}
ANSWERS = [(q, f"variant: {v.name}", v.impl) for q in NAMES if QUESTIONS[q].kind != "training"
           for v in QUESTIONS[q].variants]
ANSWERS += [(q, f"other wrong answer {i + 1}", impl) for q in NAMES for i, impl in enumerate(OTHER_WRONG[q])]


@functools.cache
def _namespace(assignment):
    return solution_namespace(assignment)


@functools.cache
def _prepared(assignment):
    return prepare(find_assignment(assignment), 7)


@functools.cache
def _solution_lines(assignment):
    """Lines of the solution's code that are long enough to give something away."""
    skip = ("return nabla_b, nabla_w", "return weights, biases", '"""', "#")
    return [line for line in solution_blocks(assignment) if len(line) > 12 and not line.startswith(skip)]


def _leaks(qname, text):
    """The answer forms and solution lines found in a text (one string, whitespace normalised)."""
    flat = " ".join(text.split())
    found = [form for form in QUESTIONS[qname].answer_forms if form in flat]
    found += [line for line in _solution_lines(HOME[qname]) if line in flat]
    return found


# ------------------------------------------------------------------ the fixed texts
@pytest.mark.parametrize("qname", NAMES)
def test_every_question_lists_its_answer_forms_and_no_fixed_text_contains_one(qname):
    q = QUESTIONS[qname]
    assert len(q.answer_forms) >= 3, f"{qname}: list the spellings that would give its answer away"
    texts = [q.title, q.section] + [f"{v.name} {v.diagnosis} {v.section}" for v in q.variants]
    for text in texts:
        assert not _leaks(qname, text), (text, _leaks(qname, text))


def test_the_answer_forms_are_the_answers():
    """A few spot checks that the lists hold the real answers, so the tests above are not vacuous."""
    assert "s * (1 - s)" in QUESTIONS["sigmoid_prime"].answer_forms
    assert "W_next.T @ delta_next" in QUESTIONS["hidden_delta"].answer_forms
    assert "delta @ a_prev.T" in QUESTIONS["weight_gradient"].answer_forms
    assert "σ(z) − y" in QUESTIONS["cross_entropy_delta_symbolic"].answer_forms
    assert "/ (2 * h)" in QUESTIONS["numerical_gradient"].answer_forms
    assert "W - eta * nw" in QUESTIONS["update_mini_batch"].answer_forms
    # The old titles and diagnoses wrote answers out; the check would have caught them.
    assert _leaks("weight_gradient", "Compare your code with the contract: BP4 averaged over the batch: δ a_prevᵀ / m")
    assert _leaks("hidden_delta", "W_nextᵀ δ_next is ∂C/∂a^l; to get δ^l = ∂C/∂z^l multiply elementwise by σ′(z^l)")
    assert _leaks("sigmoid_prime", "a(1 − a) is σ′ written with the output a = σ(z)")


@pytest.mark.parametrize("qname", sorted(QUESTIONS))
def test_every_section_named_is_a_heading_of_its_lesson(qname):
    q = QUESTIONS[qname]
    for section in {q.section} | {v.section for v in q.variants}:
        assert not missing_sections(section), f"{qname}: {section}"


# ------------------------------------------------------------------ what check and the grader print
@pytest.mark.parametrize("qname, what, impl", ANSWERS, ids=[f"{q}-{w}" for q, w, _ in ANSWERS])
def test_no_message_for_a_wrong_answer_gives_the_answer_away(qname, what, impl):
    q = QUESTIONS[qname]
    report = check_report(impl, name=qname)
    n = len(q.public_cases())
    assert f"{n} of {n} public tests passed" not in report, report
    assert not _leaks(qname, report), (report, _leaks(qname, report))

    assignment = HOME[qname]
    result = grade_namespace(_prepared(assignment), {**_namespace(assignment), qname: impl})
    qr = next(r for r in result.questions if r.name == qname)
    assert qr.score < qr.points, qr.lines
    feedback = "\n".join(qr.lines + result.notes)
    assert not _leaks(qname, feedback), (feedback, _leaks(qname, feedback))


def test_the_softplus_derivative_is_not_told_to_differentiate():
    """ln(1 + e^z) differentiated is σ(z): the label must be true of a student who did differentiate."""
    z = sp.Symbol("z")
    softplus_prime = sp.diff(sp.log(1 + sp.exp(z)), z)
    report = " ".join(check_report(lambda z: sp.diff(sp.log(1 + sp.exp(z)), z), name="sigmoid_prime_symbolic").split())
    assert sp.simplify(softplus_prime - 1 / (1 + sp.exp(-z))) == 0
    assert "“σ(z) instead of σ′(z)”" in report
    assert "differentiate it" not in report and "the derivative of another function" in report


# ------------------------------------------------------------------ what each question allows
@pytest.mark.parametrize("name", MINE)
def test_each_question_states_what_it_allows(name):
    nb = read(name)
    sections, current = {}, None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading = re.search(r"^#{1,4}\s*Question\s+\d+\s*:\s*`(\w+)`", cell.source, re.M)
        if heading:
            current = heading.group(1)
        if current:
            sections[current] = sections.get(current, "") + "\n" + cell.source
    for qname, _ in ASSIGNMENTS[name].questions:
        allowed = QUESTIONS[qname].allowed
        text = " ".join(sections.get(qname, "").replace("`", "").split())
        assert f"**Allowed:** {allowed}" in text, f"{name}: question {qname} does not state 'Allowed: {allowed}'"
