"""Bad input gets a clear error naming expected and actual values, and nothing is silently wrong."""

import warnings

import numpy as np
import pytest

from nnlib import Network
from nnlib.activations import Sigmoid, Softmax, sigmoid
from nnlib.costs import CrossEntropyCost
from nnlib.gradcheck import network_numerical_gradient, rel_error


@pytest.fixture
def net():
    return Network([4, 3, 2], seed=0)


def test_one_dimensional_input_names_the_fix(net):
    with pytest.raises(ValueError, match=r"expected X of shape \(4, m\).*got \(4,\).*reshape\(-1, 1\)"):
        net.feedforward(np.ones(4))


def test_wrong_number_of_features(net):
    with pytest.raises(ValueError, match=r"expected X of shape \(4, m\).*got \(5, 3\).*4 inputs but X has 5 rows"):
        net.feedforward(np.ones((5, 3)))


def test_examples_as_rows_suggests_transpose(net):
    with pytest.raises(ValueError, match=r"got \(7, 4\).*pass X\.T"):
        net.feedforward(np.ones((7, 4)))


def test_three_dimensional_input(net):
    with pytest.raises(ValueError, match=r"3-D shape \(4, 2, 2\)"):
        net.forward(np.ones((4, 2, 2)))


def test_one_dimensional_targets_are_refused_not_broadcast(net):
    X = np.ones((4, 2))  # m = n_L = 2: (2,) would broadcast against (2, 2) without complaint
    with pytest.raises(ValueError, match=r"expected Y of shape \(2, 2\).*got \(2,\).*broadcast silently.*one_hot"):
        net.backprop(X, np.array([0.0, 1.0]))


def test_one_dimensional_targets_single_output_suggests_reshape():
    net = Network([3, 2, 1], seed=0)
    with pytest.raises(ValueError, match=r"expected Y of shape \(1, 5\).*got \(5,\).*reshape\(1, -1\)"):
        net.cost(np.ones((3, 5)), np.ones(5))


def test_targets_with_wrong_shape(net):
    with pytest.raises(ValueError, match=r"expected Y of shape \(2, 3\).*got \(3, 3\)"):
        net.deltas(np.ones((4, 3)), np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"got \(3, 2\).*pass Y\.T"):
        net.update_mini_batch(np.ones((4, 3)), np.ones((3, 2)), eta=0.1)


def test_empty_batch(net):
    with pytest.raises(ValueError, match=r"empty batch.*\(4, 0\).*m = 0"):
        net.backprop(np.ones((4, 0)), np.ones((2, 0)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input(net, bad):
    X = np.ones((4, 3))
    X[2, 1] = bad
    with pytest.raises(ValueError, match=r"X contains NaN or inf \(at index \(2, 1\)"):
        net.feedforward(X)
    Y = np.ones((2, 3))
    Y[0, 0] = bad
    with pytest.raises(ValueError, match=r"Y contains NaN or inf"):
        net.fit(np.ones((4, 3)), Y, epochs=1, batch_size=1, eta=0.1)


def test_non_numeric_input(net):
    with pytest.raises(TypeError, match="X must be a numeric array"):
        net.feedforward([["a", "b"]] * 4)


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'; choose one of 'sigmoid', 'tanh'"):
        Network([2, 2], activations="sigmod")
    with pytest.raises(TypeError, match="activation is named by a string"):
        Network([2, 2, 2], activations=["sigmoid", 3])


def test_wrong_number_of_activation_names():
    with pytest.raises(ValueError, match=r"lists 3 names for a network with L = 2 layers"):
        Network([2, 3, 1], activations=["relu", "relu", "sigmoid"])


def test_unknown_cost():
    with pytest.raises(ValueError, match=r"unknown cost 'mse'; choose one of 'quadratic', 'cross_entropy'"):
        Network([2, 2], cost="mse")


def test_cross_entropy_needs_probability_output():
    with pytest.raises(ValueError, match=r"cross-entropy cost needs a sigmoid or softmax output layer.*'relu'"):
        Network([2, 2], activations="relu", cost="cross_entropy")


@pytest.mark.parametrize(
    "sizes,error,pattern",
    [
        ([3], ValueError, r"at least an input and an output layer"),
        ([], ValueError, r"at least an input and an output layer"),
        ([3, 0, 1], ValueError, r"sizes\[1\] = 0"),
        ([3, -2], ValueError, r"sizes\[1\] = -2"),
        ([3, 2.5], TypeError, r"sizes\[1\] must be an int, got 2.5"),
        ("784,30,10", TypeError, r"sizes must be a list of layer widths"),
        (784, TypeError, r"sizes must be a list of layer widths"),
    ],
)
def test_invalid_sizes(sizes, error, pattern):
    with pytest.raises(error, match=pattern):
        Network(sizes)


@pytest.mark.parametrize("eta", [0, -1.0, float("nan")])
def test_invalid_learning_rate(net, eta):
    with pytest.raises(ValueError, match=r"eta must be finite and > 0"):
        net.update_mini_batch(np.ones((4, 2)), np.ones((2, 2)), eta)


def test_invalid_lam_and_bias():
    with pytest.raises(ValueError, match=r"lam must be finite and >= 0, got -1"):
        Network([2, 2], lam=-1)
    with pytest.raises(TypeError, match=r"bias must be True or False"):
        Network([2, 2], bias="yes")


def test_invalid_fit_arguments(net):
    X, Y = np.ones((4, 6)), np.ones((2, 6))
    with pytest.raises(ValueError, match=r"batch_size must be a positive int, got 0"):
        net.fit(X, Y, epochs=1, batch_size=0, eta=1.0)
    with pytest.raises(ValueError, match=r"epochs must be a positive int, got 2.0"):
        net.fit(X, Y, epochs=2.0, batch_size=2, eta=1.0)


def test_evaluate_label_shape(net):
    with pytest.raises(ValueError, match=r"expected labels of shape \(3,\).*got \(2, 3\)"):
        net.evaluate(np.ones((4, 3)), np.ones((2, 3), dtype=int))


def test_stable_at_plus_minus_1000_without_warnings():
    z = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]]).repeat(3, axis=0)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        s = sigmoid(z)
        assert np.all(np.isfinite(s)) and s[0, 0] == 0.0 and s[0, -1] == 1.0
        a = Softmax.fn(z * np.arange(1, 4)[:, None])
        assert np.all(np.isfinite(a))
        np.testing.assert_allclose(a.sum(axis=0), 1.0)
        y = np.eye(3)[:, [0, 1, 2, 0, 1]]
        for act, zz in ((Sigmoid, z), (Softmax, z * np.arange(1, 4)[:, None])):
            cost = CrossEntropyCost.fn(zz, act.fn(zz), y, act)
            assert np.isfinite(cost)
        # a confident wrong answer costs about |z|, not inf
        assert CrossEntropyCost.fn(np.array([[-1000.0]]), np.array([[0.0]]), np.array([[1.0]]), Sigmoid) == pytest.approx(1000.0)
        net = Network([1, 1], cost="cross_entropy", seed=0)
        net.weights[0][:] = 1000.0
        assert np.isfinite(net.cost(np.array([[-1.0, 1.0]]), np.array([[1.0, 0.0]])))
        nabla_b, nabla_w = net.backprop(np.array([[-1.0, 1.0]]), np.array([[1.0, 0.0]]))
        assert all(np.all(np.isfinite(g)) for g in nabla_b + nabla_w)


def test_fit_refuses_non_finite_data_and_leaves_the_network_unchanged():
    net = Network([4, 3, 2], seed=0)
    before = [W.copy() for W in net.weights] + [b.copy() for b in net.biases]
    X, Y = np.ones((4, 50)), np.zeros((2, 50))
    X[1, 37] = np.inf
    with pytest.raises(ValueError, match=r"X contains NaN or inf \(at index \(1, 37\)"):
        net.fit(X, Y, epochs=2, batch_size=8, eta=0.5, seed=0)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))


def test_fit_reports_divergence():
    rng = np.random.default_rng(0)
    net = Network([3, 20, 2], activations=["relu", "identity"], seed=0)
    X, Y = rng.standard_normal((3, 40)) * 1e3, rng.standard_normal((2, 40)) * 1e3
    with pytest.raises(ValueError, match=r"training diverged.*try a smaller eta"):  # and no numpy warning
        net.fit(X, Y, epochs=50, batch_size=4, eta=50.0, seed=0)


# ----------------------------------------------------------- cross-entropy targets (issue 12)
def _softmax_net():
    return Network([3, 4, 3], ["tanh", "softmax"], "cross_entropy", seed=0)


def test_softmax_cross_entropy_refuses_target_columns_that_do_not_sum_to_one():
    net, X = _softmax_net(), np.ones((3, 4))
    Y = np.array([[1.0, 0.5, 0.0, 1.0],
                  [0.0, 0.0, 1.0, 1.0],
                  [0.0, 0.0, 0.0, 0.0]])     # columns 1 and 3 sum to 0.5 and 2
    pattern = r"softmax output with the cross-entropy cost needs target columns that sum to 1.*2 of the 4 columns of Y"
    pattern += r".*column \(sum\): 1 \(0\.5\), 3 \(2\)"
    for call in (lambda: net.backprop(X, Y), lambda: net.cost(X, Y), lambda: net.deltas(X, Y),
                 lambda: net.update_mini_batch(X, Y, eta=0.1), lambda: net.fit(X, Y, epochs=1, batch_size=2, eta=0.1)):
        with pytest.raises(ValueError, match=pattern):
            call()
    with pytest.raises(ValueError, match=r"columns of Y_val do not; column \(sum\): 1 \(0\.5\), 3 \(2\)"):
        net.fit(X, np.eye(3)[:, [0, 1, 2, 0]], epochs=1, batch_size=2, eta=0.1, validation=(X, Y))


def test_softmax_targets_that_sum_to_one_are_accepted_and_backprop_is_the_gradient_of_the_cost():
    """Soft targets (label smoothing) are fine: the condition is Σ_j y_j = 1, not one-hot."""
    rng = np.random.default_rng(0)
    net, X = _softmax_net(), rng.standard_normal((3, 5))
    Y = rng.random((3, 5))
    Y /= Y.sum(axis=0)
    nabla_b, nabla_w = net.backprop(X, Y)
    num_b, num_w = network_numerical_gradient(net, X, Y, h=1e-5)
    assert max(rel_error(a, b) for a, b in zip(nabla_b + nabla_w, num_b + num_w)) < 1e-7


def test_why_the_column_sums_are_checked():
    """Without the check, a − y is not the gradient of nnlib's own cost for such targets."""
    rng = np.random.default_rng(1)
    net, X = _softmax_net(), rng.standard_normal((3, 5))
    Y = 2.0 * np.eye(3)[:, rng.integers(0, 3, 5)]                        # columns sum to 2
    zs, activations = net.forward(X)
    delta = CrossEntropyCost.delta(zs[-1], activations[-1], Y, Softmax)   # a − y, what BP1 would use
    true = Y.sum(axis=0) * activations[-1] - Y                            # (Σ_j y_j) a − y, lesson 11
    assert rel_error(delta, true) > 0.1


@pytest.mark.parametrize("bad", [-0.25, 1.5])
def test_cross_entropy_refuses_targets_outside_zero_one(bad):
    net, X = Network([3, 2], cost="cross_entropy", seed=0), np.ones((3, 4))   # sigmoid output
    Y = np.zeros((2, 4))
    Y[1, 2] = bad
    pattern = (r"targets are probabilities and must lie in \[0, 1\], but Y has 1 entry outside, "
               rf"the first at index \(1, 2\) with value {bad}")
    for call in (lambda: net.backprop(X, Y), lambda: net.cost(X, Y), lambda: net.fit(X, Y, epochs=1, batch_size=2, eta=0.1)):
        with pytest.raises(ValueError, match=pattern):
            call()
    Network([3, 2], seed=0).backprop(X, Y)     # the quadratic cost takes any real targets


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["X", "Y"])
def test_update_mini_batch_refuses_non_finite_data_and_leaves_the_network_unchanged(where, bad):
    """update_mini_batch checks NaN and inf through the new W^1 (one check instead of two): same errors."""
    net = Network([4, 3, 2], seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    X, Y = np.ones((4, 3)), np.full((2, 3), 0.5)
    (X if where == "X" else Y)[1, 2] = bad
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"{where} contains NaN or inf \(at index \(1, 2\)"):
            net.update_mini_batch(X, Y, eta=0.5)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))
