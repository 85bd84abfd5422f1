"""Exercises 01, 08, 10 and 11 (issue 19): what the shared grading tests do not already cover.

The shared tests (test_grading_check, test_grading_build, test_grading_kernels) run every exercise:
solutions score full marks, untouched exercises score 0, every named mistake is diagnosed.  Here:
the lesson sections that the mistakes send a learner to exist; the rules of the exercises (withheld
objects, allowed helpers) are declared and stated, and an answer that lets nnlib compute it fails
check; no message writes out an answer; the mistakes are still recognised on the hidden inputs of
other seeds; and exercise 08 reproduces the seed's printout."""

import importlib
import inspect
import zlib

import numpy as np
import pytest
from test_grading_support import assert_withheld_in_check, missing_sections, read

import nnlib
from nnlib.grading.assignments import ASSIGNMENTS, QUESTIONS
from nnlib.grading.compare import run_plain

NEW = ["01_forward_pass", "08_xor_eleven_lines", "10_sentiment_network", "11_beyond_sigmoid"]
NEW_QUESTIONS = [q for name in NEW for q, _ in ASSIGNMENTS[name].questions]

# Strings that would give an answer away, per question: the formula of the solution, in the forms a
# message could write it.  Titles, mistake names and diagnoses must contain none of them.
ANSWERS = {
    "with_bias_unit": ["[b | W]", "[b, W]", "hstack([b"],
    "feedforward": ["W @ a + b", "W a + b", "Wa + b", "σ(W"],
    "xor_step": ["syn0.T", "syn1.T", "W1 - ", "δ aᵀ", "delta @ "],
    "xor_errors": ["np.mean(np.abs", "mean(|"],
    "row_step": ["layer_0.T @", "layer_1.T @", "- learning_rate *"],
    "softmax": ["z - z.max", "z.max(axis=0", "e^{z_j}", "exp(z - "],
    "softmax_ce_delta_symbolic": ["a₁ − y₁", "a1 - y1", "a − y", "σ(z) − y"],
    "relu_backward": ["z > 0", "(z > 0)", "dout * ", "dout ⊙"],
    "l2_gradient": ["λ/m W", "(λ/m) W", "(λ/m)W", "λW/m", "lam / m * W"],
}


@pytest.mark.parametrize("qname", NEW_QUESTIONS)
def test_every_mistake_sends_the_learner_to_a_real_section(qname):
    q = QUESTIONS[qname]
    assert len(q.variants) >= 3
    for v in q.variants:                     # the sections themselves: test_grading_feedback_text.py
        assert not missing_sections(v.section), (v.name, v.section)


@pytest.mark.parametrize("name", NEW)
def test_each_exercise_declares_what_it_withholds_and_each_question_what_it_allows(name):
    spec = ASSIGNMENTS[name]
    assert spec.withheld
    for entry in spec.withheld:
        module, _, qualname = entry.partition(":")
        obj = importlib.import_module(module)
        if qualname != "*":
            for part in qualname.split("."):
                obj = inspect.getattr_static(obj, part)        # the entry names something that exists
    text = " ".join(c.source for c in read(name).cells if c.cell_type == "markdown").replace("`", "")
    for qname, _ in spec.questions:
        allowed = QUESTIONS[qname].allowed
        assert allowed, qname
        assert f"**Allowed:** {allowed}" in text, f"{qname}: the notebook does not state 'Allowed: {allowed}'"


@pytest.mark.parametrize("qname", NEW_QUESTIONS)
def test_no_title_or_message_writes_out_the_answer(qname):
    q = QUESTIONS[qname]
    texts = [q.title] + [f"{v.name} {v.diagnosis}" for v in q.variants]
    for text in texts:
        for answer in ANSWERS[qname]:
            assert answer not in text, f"{qname}: {answer!r} in {text!r}"


@pytest.mark.parametrize("seed", [3, 2024])
@pytest.mark.parametrize("qname", NEW_QUESTIONS)
def test_mistakes_lose_points_and_are_named_on_other_seeds_hidden_inputs(qname, seed):
    q = QUESTIONS[qname]
    home = next(name for name in NEW if qname in ASSIGNMENTS[name].points)
    rng = np.random.default_rng([seed, zlib.crc32(home.encode()), zlib.crc32(qname.encode())])
    cases = q.hidden_cases(rng)
    expected = [q.reference(c) for c in cases]
    results = q.variant_results(cases)
    for v in q.variants:
        got = results[v.name]
        scores = [q.compare(c, e, g, reveal=False)[0] for c, e, g in zip(cases, expected, got)]
        assert min(scores) < 1.0, f"{v.name} passes every hidden test of seed {seed}"
        assert q.diagnose(cases, got, results) is v, f"{v.name} is not recognised on seed {seed}"
    solution = [run_plain(q.solution, q, c) for c in cases]
    assert all(q.compare(c, e, g, reveal=False)[0] == 1.0 for c, e, g in zip(cases, expected, solution))
    assert q.diagnose(cases, solution, results) is None


PUBLISHED = ["0.496410031903", "0.00858452565325", "0.00578945986251",
             "0.00462917677677", "0.00395876528027", "0.00351012256786"]


def test_the_first_public_test_of_xor_errors_is_the_seeds_printout():
    q = QUESTIONS["xor_errors"]
    expected = q.reference(q.public_cases()[0])
    assert [f"{e:.12g}" for e in expected] == PUBLISHED[:2]


def test_the_stored_solution_replays_all_six_printed_errors():
    cell = next(c for c in read("08_xor_eleven_lines").cells
                if c.cell_type == "code" and "xor_errors(syn0, syn1, X, Y, 60_000, 10_000)" in c.source)
    lines = "".join(o.get("text", "") for o in cell.outputs).splitlines()
    assert len(lines) == 6
    for line, printed in zip(lines, PUBLISHED):
        assert f"yours {printed} " in line and line.endswith("the same digits"), line


# ------------------------------------------------------------------ answers that let nnlib answer
def _net(sizes, weights, activations="sigmoid", lam=0.0):
    net = nnlib.Network(sizes, activations=activations, lam=lam, bias=False)
    net.weights = [np.array(W, dtype=float) for W in weights]
    return net


def _feedforward(weights, biases, X):
    net = nnlib.Network([X.shape[0]] + [W.shape[0] for W in weights])
    net.weights, net.biases = list(weights), list(biases)
    return net.feedforward(X)


def _xor_step(syn0, syn1, X, Y):
    net = _net([syn0.shape[0], syn0.shape[1], syn1.shape[1]], [syn0.T, syn1.T])
    net.update_mini_batch(X, Y, eta=X.shape[1])
    return tuple(net.weights)


def _xor_errors(syn0, syn1, X, Y, iterations, report_every):
    net = _net([syn0.shape[0], syn0.shape[1], syn1.shape[1]], [syn0.T, syn1.T])
    errors = []
    for step in range(iterations):
        if step % report_every == 0:
            errors.append(np.mean(np.abs(Y - net.feedforward(X))))
        net.fit(X, Y, epochs=1, batch_size=X.shape[1], eta=X.shape[1], seed=0)
    return np.array(errors)


def _row_step(layer_0, target, weights_0_1, weights_1_2, learning_rate):
    net = _net([weights_0_1.shape[0], weights_0_1.shape[1], 1], [weights_0_1.T, weights_1_2.T], ["identity", "sigmoid"])
    net.update_mini_batch(layer_0.T, target.T, eta=layer_0.shape[0] * learning_rate)
    return net.weights[0].T, net.weights[1].T


def _l2_gradient(W, b, nabla_w, nabla_b, lam, m):
    X, Y = np.zeros((W.shape[1], m)), np.zeros((W.shape[0], m))
    (_, (with_l2,)), (_, (without,)) = (_net(list(W.shape[::-1]), [W], "identity", lam).backprop(X, Y),
                                        _net(list(W.shape[::-1]), [W], "identity").backprop(X, Y))
    return nabla_w + with_l2 - without, nabla_b


DISHONEST = {
    "feedforward": (_feedforward, "nnlib.network.Network.feedforward"),
    "xor_step": (_xor_step, "nnlib.network.Network.update_mini_batch"),
    "xor_errors": (_xor_errors, "nnlib.network.Network.fit"),
    "row_step": (_row_step, "nnlib.network.Network.update_mini_batch"),
    "softmax": (lambda z: nnlib.activations.Softmax.fn(z), "nnlib.activations.Softmax"),
    "relu_backward": (lambda dout, z: nnlib.activations.ReLU.backward(z, None, dout), "nnlib.activations.ReLU"),
    "l2_gradient": (_l2_gradient, "nnlib.network.Network.backprop"),
}


@pytest.mark.parametrize("qname", sorted(DISHONEST))
def test_an_answer_that_lets_nnlib_compute_it_fails_check_with_the_withheld_message(qname):
    assert_withheld_in_check(qname, *DISHONEST[qname])
