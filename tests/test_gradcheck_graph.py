"""nnlib.gradcheck and nnlib.graph."""

import numpy as np
import pytest

from nnlib import Network, numerical_gradient, rel_error
from nnlib.gradcheck import GOOD, format_report, gradient_report
from nnlib.graph import AddLayer, Graph, MulLayer


def test_numerical_gradient_of_a_known_function_and_x_restored():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-9)
    assert np.array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    assert np.array_equal(x, [1.0, 2.0])


def test_numerical_gradient_needs_float_array():
    with pytest.raises(TypeError, match="float numpy array"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))


def test_rel_error():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([0.0], [0.0]) == 0.0
    assert rel_error([1.0], [-1.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(3,\)"):
        rel_error(np.ones(2), np.ones(3))


def test_gradient_report_passes_a_correct_network_and_flags_a_broken_one(monkeypatch):
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], seed=1)
    X, Y = rng.standard_normal((3, 5)), rng.random((2, 5))
    rows = gradient_report(net, X, Y)
    assert [r["name"] for r in rows] == ["W1", "b1", "W2", "b2"]
    assert all(r["verdict"] == "ok" and r["rel_error"] < GOOD for r in rows)
    assert "W1" in format_report(rows)

    # Break BP2: drop σ'(z) — the report must call W1 and b1 wrong and leave layer 2 alone.
    def deltas_without_sigma_prime(self, zs, activations, Y):
        d2 = self.cost_function.delta(zs[1], activations[2], Y, self.sigmas[1])
        return [self.weights[1].T @ d2, d2]

    monkeypatch.setattr(Network, "_deltas", deltas_without_sigma_prime)
    verdicts = {r["name"]: r["verdict"] for r in gradient_report(net, X, Y)}
    assert verdicts == {"W1": "WRONG", "b1": "WRONG", "W2": "ok", "b2": "ok"}


def test_apple_example():
    apple, count, tax = 100, 2, 1.1
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(apple, count), tax)
    assert price == pytest.approx(220)
    d_apple_price, d_tax = mul_tax.backward(1)
    d_apple, d_count = mul_apple.backward(d_apple_price)
    assert (d_apple, d_count, d_tax) == pytest.approx((2.2, 110, 200))


def test_apple_and_orange_example():
    apple, n_apple, orange, n_orange, tax = 100, 2, 150, 3, 1.1
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    total = add.forward(mul_apple.forward(apple, n_apple), mul_orange.forward(orange, n_orange))
    price = mul_tax.forward(total, tax)
    assert price == pytest.approx(715)
    d_total, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add.backward(d_total)
    d_apple, d_n_apple = mul_apple.backward(d_apple_price)
    d_orange, d_n_orange = mul_orange.backward(d_orange_price)
    assert (d_n_apple, d_apple, d_orange, d_n_orange, d_tax) == pytest.approx((110, 2.2, 3.3, 165, 650))


def test_mul_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="forward before backward"):
        MulLayer().backward(1.0)


def test_graph_layers_and_unknown_input():
    g = Graph()
    g.add_input("a", 2)
    g.add_input("b", 3)
    g.add_op("c", "×", ["a", "b"], 6)
    assert g.layers() == {"a": 0, "b": 0, "c": 1}
    with pytest.raises(KeyError, match="unknown input node 'z'"):
        g.add_op("d", "+", ["c", "z"], 0)
