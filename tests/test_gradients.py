"""Backprop against central finite differences, for every supported combination (issue: foundation)."""

import itertools

import numpy as np
import pytest

from nnlib import Network
from nnlib.gradcheck import network_numerical_gradient, rel_error

HIDDEN = ["sigmoid", "tanh", "relu", "identity", "softmax"]
OUTPUT_COSTS = [(out, "quadratic") for out in HIDDEN] + [("sigmoid", "cross_entropy"), ("softmax", "cross_entropy")]
SHAPES = [[3, 2], [4, 5, 3], [3, 4, 4, 2], [2, 3, 5, 3, 4]]

TOLERANCE = 1e-7


def _targets(rng, out, cost, n, m):
    if out == "softmax" and cost == "cross_entropy":
        return np.eye(n)[:, rng.integers(0, n, m)]  # one-hot columns: the categorical form
    return rng.random((n, m))


def _cases():
    for sizes, (out, cost) in itertools.product(SHAPES, OUTPUT_COSTS):
        hidden = [HIDDEN[(i + len(sizes)) % len(HIDDEN)] for i in range(len(sizes) - 2)]
        yield sizes, hidden + [out], cost
    # every hidden activation at least once in a two-hidden-layer network, mixed per layer
    for h1, h2 in itertools.product(HIDDEN, HIDDEN):
        yield [3, 4, 3, 2], [h1, h2, "sigmoid"], "cross_entropy"


CASES = list(_cases())


def _max_rel_error(net, X, Y):
    nabla_b, nabla_w = net.backprop(X, Y)
    num_b, num_w = network_numerical_gradient(net, X, Y, h=1e-5)
    return max(rel_error(a, n) for a, n in zip(nabla_b + nabla_w, num_b + num_w))


@pytest.mark.parametrize("sizes,acts,cost", CASES, ids=[f"{s}-{'-'.join(a)}-{c}" for s, a, c in CASES])
@pytest.mark.parametrize("lam,bias", [(0.0, True), (0.8, True), (0.3, False)])
def test_backprop_matches_central_differences(sizes, acts, cost, lam, bias):
    rng = np.random.default_rng(len(sizes) * 100 + len(CASES))
    net = Network(sizes, acts, cost, lam=lam, bias=bias, seed=7)
    m = 5
    X = rng.standard_normal((sizes[0], m))
    Y = _targets(rng, acts[-1], cost, sizes[-1], m)
    assert _max_rel_error(net, X, Y) < TOLERANCE


def test_largest_error_is_far_below_tolerance_on_a_typical_network():
    rng = np.random.default_rng(1)
    net = Network([6, 8, 7, 4], ["tanh", "sigmoid", "sigmoid"], "quadratic", lam=0.5, seed=2)
    X, Y = rng.standard_normal((6, 9)), rng.random((4, 9))
    assert _max_rel_error(net, X, Y) < 1e-8


def test_batch_gradient_is_mean_of_per_example_gradients():
    rng = np.random.default_rng(3)
    net = Network([4, 6, 3], ["tanh", "sigmoid"], "cross_entropy", seed=4)
    X, Y = rng.standard_normal((4, 7)), rng.random((3, 7))
    nabla_b, nabla_w = net.backprop(X, Y)
    per_example = [net.backprop(X[:, [k]], Y[:, [k]]) for k in range(7)]
    for l in range(net.L):
        mean_w = np.mean([g[1][l] for g in per_example], axis=0)
        mean_b = np.mean([g[0][l] for g in per_example], axis=0)
        np.testing.assert_allclose(nabla_w[l], mean_w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(nabla_b[l], mean_b, rtol=1e-12, atol=1e-15)


def test_gradient_shapes_equal_parameter_shapes():
    net = Network([5, 4, 3, 2], seed=0)
    X, Y = np.ones((5, 6)), np.zeros((2, 6))
    nabla_b, nabla_w = net.backprop(X, Y)
    assert [g.shape for g in nabla_w] == [(4, 5), (3, 4), (2, 3)] == [W.shape for W in net.weights]
    assert [g.shape for g in nabla_b] == [(4, 1), (3, 1), (2, 1)] == [b.shape for b in net.biases]


def test_bias_free_layers_have_no_bias():
    net = Network([3, 4, 1], bias=False, seed=1)
    assert net.biases == []
    X, Y = np.random.default_rng(0).random((3, 4)), np.ones((1, 4))
    nabla_b, nabla_w = net.backprop(X, Y)
    assert nabla_b == [] and len(nabla_w) == 2
    zs, activations = net.forward(X)
    np.testing.assert_allclose(zs[0], net.weights[0] @ X)  # z^1 = W^1 x, nothing added
    assert [name for name, _ in net.parameters()] == ["W1", "W2"]


def test_deltas_obey_bp1_and_bp2():
    rng = np.random.default_rng(5)
    net = Network([3, 5, 4, 2], ["relu", "tanh", "sigmoid"], seed=6)
    X, Y = rng.standard_normal((3, 4)), rng.random((2, 4))
    zs, a = net.forward(X)
    deltas = net.deltas(X, Y)
    sig = a[3]
    np.testing.assert_allclose(deltas[2], (a[3] - Y) * sig * (1 - sig))                 # BP1
    np.testing.assert_allclose(deltas[1], (net.weights[2].T @ deltas[2]) * (1 - np.tanh(zs[1]) ** 2))  # BP2
    np.testing.assert_allclose(deltas[0], (net.weights[1].T @ deltas[1]) * (zs[0] > 0))  # BP2, relu


def test_cross_entropy_delta_is_a_minus_y():
    rng = np.random.default_rng(8)
    for out in ("sigmoid", "softmax"):
        net = Network([3, 4, 3], ["tanh", out], "cross_entropy", seed=9)
        X, Y = rng.standard_normal((3, 5)), np.eye(3)[:, rng.integers(0, 3, 5)]
        np.testing.assert_allclose(net.deltas(X, Y)[-1], net.feedforward(X) - Y)


def test_cost_formula():
    rng = np.random.default_rng(10)
    net = Network([3, 4, 2], lam=0.6, seed=11)
    X, Y = rng.standard_normal((3, 5)), rng.random((2, 5))
    A = net.feedforward(X)
    expected = 0.5 * np.sum((A - Y) ** 2) / 5 + 0.6 / (2 * 5) * sum(np.sum(W**2) for W in net.weights)
    assert net.cost(X, Y) == pytest.approx(expected, rel=1e-14)
    # biases are not regularized
    net.biases[0] += 100.0
    A = net.feedforward(X)
    expected = 0.5 * np.sum((A - Y) ** 2) / 5 + 0.6 / (2 * 5) * sum(np.sum(W**2) for W in net.weights)
    assert net.cost(X, Y) == pytest.approx(expected, rel=1e-14)
