"""The static check: a graded answer that calls nnlib's own reference is found in the code, aliases included."""

import pytest

from nnlib.grading.assignments import ASSIGNMENTS
from nnlib.grading.static import analyze

SETUP = "%matplotlib inline\nimport numpy as np\nimport nnlib\nfrom nnlib.grading import check"


def flags(assignment, *cells):
    return analyze(list(enumerate([SETUP, *cells], 1)), ASSIGNMENTS[assignment])


def test_honest_code_is_not_flagged_even_if_it_uses_nnlib_elsewhere():
    found = flags("05_weight_gradients",
                  "def sigmoid_prime(z):\n    s = nnlib.sigmoid(z)\n    return s * (1 - s)",
                  "def backprop(net, X, Y):\n    zs, activations = net.forward(X)\n    return zs, activations",
                  "net = nnlib.Network([2, 3, 1])\nprint(net.backprop(np.ones((2, 1)), np.ones((1, 1))))",
                  "check(backprop)\nnnlib.grading.check(sigmoid_prime)")
    assert found == {}


@pytest.mark.parametrize("cells, question, words", [
    (["def sigmoid_prime(z):\n    return nnlib.sigmoid_prime(z)"], "sigmoid_prime", "nnlib.sigmoid_prime"),
    (["from nnlib.activations import sigmoid_prime as ref", "def sigmoid_prime(z):\n    return ref(z)"],
     "sigmoid_prime", "nnlib.activations.sigmoid_prime"),
    (["A = nnlib.activations", "def helper(z):\n    return A.Sigmoid.prime(z)",
      "def hidden_delta(W, d, z):\n    return (W.T @ d) * helper(z)"], "hidden_delta", "nnlib.activations.Sigmoid"),
    (["def backprop(net, X, Y):\n    return net.backprop(X, Y)"], "backprop", ".backprop"),
    (["def backprop(net, X, Y):\n    return getattr(net, 'backprop')(X, Y)"], "backprop", "getattr"),
    (["def backprop(net, X, Y):\n    return eval('net.backprop(X, Y)')"], "backprop", "eval()"),
    (["from nnlib import sigmoid_prime"], "sigmoid_prime", "imported from nnlib.sigmoid_prime"),
])
def test_references_are_found(cells, question, words):
    found = flags("05_weight_gradients", *cells)
    assert question in found, found
    assert any(words in reason for reason in found[question]), found


def test_assignment_specific_references():
    assert "update_mini_batch" in flags("07_minibatch_sgd",
                                        "def update_mini_batch(net, X, Y, eta):\n    net.update_mini_batch(X, Y, eta)")
    # 07 may use net.backprop: it is not what 07 grades.
    assert flags("07_minibatch_sgd", "def update_mini_batch(net, X, Y, eta):\n    g = net.backprop(X, Y)") == {}
    assert "MulLayer" in flags("02_computation_graphs", "class MulLayer(nnlib.graph.MulLayer):\n    pass")
    assert "train_digits" in flags("09_digits", "def train_digits(X, labels):\n    d = nnlib.data.load_digits()")
    assert "numerical_gradient" in flags("06_gradient_checking",
                                         "from nnlib.gradcheck import numerical_gradient as ng",
                                         "def numerical_gradient(f, x, h=1e-5):\n    return ng(f, x, h)")


def test_touching_the_grader_is_flagged_anywhere():
    found = flags("04_recursive_delta", "import nnlib.grading.harness as h\nh.run = print")
    assert any("grader's internals" in r for r in found["(notebook)"])
    found = flags("04_recursive_delta", "from nnlib.grading.assignments import QUESTIONS")
    assert "(notebook)" in found


def test_cells_that_do_not_parse_are_skipped():
    assert flags("04_recursive_delta", "def hidden_delta(:\n    pass", "x = ") == {}
