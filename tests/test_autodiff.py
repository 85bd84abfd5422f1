"""nnlib.autodiff and nnlib.layers: the reverse-mode engine against Network.backprop and finite differences."""

import itertools

import numpy as np
import pytest

from nnlib import Network, numerical_gradient, rel_error
from nnlib.autodiff import Tensor, activate, cross_entropy, network_cost, quadratic_cost
from nnlib.gradcheck import GOOD
from nnlib.layers import batch_norm, conv2d

HIDDEN = ["sigmoid", "tanh", "relu", "identity", "softmax"]


def _targets(rng, n, m, output):
    Y = rng.random((n, m))
    # Network's softmax cross-entropy uses δ^L = a − y, the gradient for targets that sum to 1 per column.
    return Y / Y.sum(axis=0, keepdims=True) if output == "softmax" else Y


@pytest.mark.parametrize("hidden,cost,output", [
    *((h, "quadratic", h) for h in HIDDEN),
    *((h, "cross_entropy", out) for h in HIDDEN for out in ("sigmoid", "softmax")),
])
@pytest.mark.parametrize("lam,bias", [(0.0, True), (0.7, True), (0.3, False)])
def test_engine_reproduces_network_backprop(hidden, cost, output, lam, bias):
    rng = np.random.default_rng(0)
    net = Network([4, 5, 3, 3], activations=[hidden, hidden, output], cost=cost, lam=lam, bias=bias, seed=3)
    X, Y = rng.standard_normal((4, 7)), _targets(rng, 3, 7, output)
    nabla_b, nabla_w = net.backprop(X, Y)
    J, params = network_cost(net, X, Y)
    J.backward()
    assert J.value == pytest.approx(net.cost(X, Y), rel=1e-13)
    for l in range(1, net.L + 1):
        assert rel_error(params[f"W{l}"].grad, nabla_w[l - 1]) < 1e-12
        if bias:
            assert rel_error(params[f"b{l}"].grad, nabla_b[l - 1]) < 1e-12
    assert set(params) == {name for name, _ in net.parameters()}


def _skip_net(x, W1, b1, W2, b2, W3):
    h = (Tensor(W1) @ x + b1).relu()                    # (5, m)
    h2 = (Tensor(W2) @ h + b2).tanh() + h               # skip connection: h feeds both the layer and the sum
    return (Tensor(W3) @ h2).sum() * (1 / x.shape[1])


def test_skip_connection_matches_finite_differences():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((3, 4)))
    arrays = [rng.standard_normal(s) for s in [(5, 3), (5, 1), (5, 5), (5, 1), (2, 5)]]
    leaves = [Tensor(a) for a in arrays]
    h = (leaves[0] @ x + leaves[1]).relu()
    J = (leaves[4] @ ((leaves[2] @ h + leaves[3]).tanh() + h)).sum() * (1 / 4)
    J.backward()
    for leaf, array in zip(leaves, arrays):
        numeric = numerical_gradient(lambda _: _skip_net(x, *arrays).value, array)
        assert rel_error(leaf.grad, numeric) < GOOD
    # The skip path matters: without it the gradient of W1 differs.
    W1 = Tensor(arrays[0])
    h = (W1 @ x + arrays[1]).relu()
    ((Tensor(arrays[4]) @ (Tensor(arrays[2]) @ h + arrays[3]).tanh()).sum() * (1 / 4)).backward()
    assert rel_error(W1.grad, leaves[0].grad) > 1e-3


def test_a_tensor_used_twice_accumulates_and_backward_is_repeatable():
    x = Tensor(np.array([[1.5, -2.0]]))
    y = (x * x + x * 3.0).sum()                         # d/dx = 2x + 3
    y.backward()
    np.testing.assert_allclose(x.grad, [[6.0, -1.0]])
    y.backward()
    np.testing.assert_allclose(x.grad, [[6.0, -1.0]])


def test_broadcast_sum_mean_reshape_and_subtraction():
    rng = np.random.default_rng(1)
    A, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    G = rng.standard_normal((3, 4))
    tA, tb = Tensor(A), Tensor(b)
    J = (((tA - tb) * G).mean(axis=1).reshape(1, 3) @ Tensor(np.ones((3, 1)))).sum()
    J.backward()
    np.testing.assert_allclose(tA.grad, G / 4)
    np.testing.assert_allclose(tb.grad, -G.sum(axis=1, keepdims=True) / 4)
    assert J.value == pytest.approx(float(np.sum((A - b) * G) / 4))
    t = Tensor(A)
    (2.0 - t).sum().backward()
    np.testing.assert_allclose(t.grad, -np.ones_like(A))


def test_costs_and_softmax_against_finite_differences():
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((4, 5))
    Y = _targets(rng, 4, 5, "softmax") * 1.3            # columns summing to 1.3: the general softmax rule
    for build in (lambda z: quadratic_cost(z.softmax(), Y), lambda z: cross_entropy(z, Y, "softmax"),
                  lambda z: cross_entropy(z, Y, "sigmoid"), lambda z: quadratic_cost(activate(z, "sigmoid"), Y)):
        z = Tensor(Z)
        build(z).backward()
        assert rel_error(z.grad, numerical_gradient(lambda _, build=build: build(Tensor(Z)).value, Z)) < GOOD


def test_cross_entropy_is_stable_at_large_z():
    z = Tensor(np.array([[1000.0, -1000.0]]))
    J = cross_entropy(z, np.array([[0.0, 1.0]]), "sigmoid")
    J.backward()
    assert J.value == pytest.approx(1000.0)
    np.testing.assert_allclose(z.grad, [[0.5, -0.5]])


def test_inputs_are_not_changed():
    rng = np.random.default_rng(3)
    net = Network([3, 4, 2], seed=0)
    X, Y = rng.standard_normal((3, 5)), rng.random((2, 5))
    before = [X.copy(), Y.copy()] + [W.copy() for W in net.weights] + [b.copy() for b in net.biases]
    J, _ = network_cost(net, X, Y)
    J.backward()
    after = [X, Y] + net.weights + net.biases
    assert all(np.array_equal(u, v) for u, v in zip(before, after))


def test_bad_shapes_raise_precise_errors():
    with pytest.raises(ValueError, match=r"different numbers of axes.*reshape"):
        Tensor(np.ones((3, 4))) + Tensor(np.ones(3))
    with pytest.raises(ValueError, match=r"do not match"):
        Tensor(np.ones((3, 4))) * Tensor(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"\(n, k\) @ \(k, m\), got \(3, 4\) @ \(3, 4\)"):
        Tensor(np.ones((3, 4))) @ Tensor(np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"scalar cost, got shape \(3, 4\)"):
        Tensor(np.ones((3, 4))).backward()
    with pytest.raises(ValueError, match="unknown activation"):
        activate(Tensor(np.ones((2, 2))), "swish")
    with pytest.raises(ValueError, match=r"targets Y must have the shape"):
        quadratic_cost(Tensor(np.ones((2, 3))), np.ones((3, 2)))
    with pytest.raises(ValueError, match="sigmoid' or 'softmax'"):
        cross_entropy(Tensor(np.ones((2, 3))), np.ones((2, 3)), "tanh")
    with pytest.raises(ValueError, match=r"gamma must have shape \(3, 1\)"):
        batch_norm(Tensor(np.ones((3, 4))), np.ones(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"\(C, H, W, m\)"):
        conv2d(Tensor(np.ones((8, 8, 5))), Tensor(np.ones((2, 1, 3, 3))))
    with pytest.raises(ValueError, match="larger than the image"):
        conv2d(Tensor(np.ones((1, 2, 2, 1))), Tensor(np.ones((1, 1, 3, 3))))


def test_a_deep_graph_needs_no_recursion():
    x = Tensor(np.array([[0.5]]))
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.sum().backward()
    assert x.grad[0, 0] == pytest.approx(1.0001**5000, rel=1e-9)


# --------------------------------------------------------------- lesson 13's layers
def _conv_by_loops(X, K):
    C, H, W, m = X.shape
    F, _, kh, kw = K.shape
    Y = np.zeros((F, H - kh + 1, W - kw + 1, m))
    for f, i, j, n in itertools.product(range(F), range(H - kh + 1), range(W - kw + 1), range(m)):
        Y[f, i, j, n] = np.sum(K[f] * X[:, i:i + kh, j:j + kw, n])
    return Y


@pytest.mark.parametrize("shape,kernel", [((1, 5, 5, 2), (1, 1, 3, 3)), ((2, 7, 6, 3), (4, 2, 3, 2))])
def test_conv2d_forward_and_backward(shape, kernel):
    rng = np.random.default_rng(4)
    X, K = rng.standard_normal(shape), rng.standard_normal(kernel)
    x, k = Tensor(X), Tensor(K)
    Y = conv2d(x, k)
    np.testing.assert_allclose(Y.value, _conv_by_loops(X, K), rtol=1e-12, atol=1e-12)
    G = rng.standard_normal(Y.shape)
    (Y * G).sum().backward()

    def J(_):
        return float(np.sum(_conv_by_loops(X, K) * G))
    assert rel_error(x.grad, numerical_gradient(J, X)) < GOOD
    assert rel_error(k.grad, numerical_gradient(J, K)) < GOOD


@pytest.mark.parametrize("shape", [(3, 8), (2, 4, 3, 5)])
def test_batch_norm_forward_and_backward(shape):
    rng = np.random.default_rng(5)
    per_feature = (shape[0],) + (1,) * (len(shape) - 1)
    X = rng.standard_normal(shape) * 3 + 1
    gamma, beta = rng.standard_normal(per_feature), rng.standard_normal(per_feature)
    G = rng.standard_normal(shape)
    leaves = [Tensor(a) for a in (X, gamma, beta)]
    y = batch_norm(*leaves)
    axes = tuple(range(1, len(shape)))
    x_hat = (y.value - beta) / gamma
    np.testing.assert_allclose(x_hat.mean(axis=axes), 0, atol=1e-12)
    np.testing.assert_allclose(x_hat.var(axis=axes), 1, rtol=1e-4)    # ε = 1e-5 keeps it just under 1
    (y * G).sum().backward()
    for leaf, array in zip(leaves, (X, gamma, beta)):
        numeric = numerical_gradient(lambda _: float(np.sum(batch_norm(Tensor(X), gamma, beta).value * G)), array)
        assert rel_error(leaf.grad, numeric) < GOOD
