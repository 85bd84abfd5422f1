"""Network construction, training and purity."""

import numpy as np
import pytest

import nnlib
from nnlib import Network
from nnlib.activations import Sigmoid
from nnlib.gradcheck import numerical_gradient


def test_shapes_follow_the_course_notation():
    net = Network([784, 30, 10], seed=0)
    assert [W.shape for W in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    zs, activations = net.forward(np.zeros((784, 3)))
    assert [z.shape for z in zs] == [(30, 3), (10, 3)]
    assert [a.shape for a in activations] == [(784, 3), (30, 3), (10, 3)]


def test_same_seed_same_weights_and_different_seed_different_weights():
    a, b, c = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights + a.biases, b.weights + b.biases))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_batch_forward_equals_per_example_forward():
    rng = np.random.default_rng(0)
    net = Network([5, 7, 3], ["relu", "softmax"], seed=1)
    X = rng.standard_normal((5, 6))
    batch = net.feedforward(X)
    columns = np.hstack([net.feedforward(X[:, [k]]) for k in range(6)])
    np.testing.assert_allclose(batch, columns, rtol=1e-14)


def test_update_mini_batch_takes_one_gradient_step_and_leaves_inputs_alone():
    rng = np.random.default_rng(1)
    net = Network([3, 4, 2], seed=2)
    W_given = rng.standard_normal((4, 3))
    net.weights[0] = W_given
    snapshot = W_given.copy()
    X, Y = rng.standard_normal((3, 5)), rng.random((2, 5))
    X0, Y0 = X.copy(), Y.copy()
    nabla_b, nabla_w = net.backprop(X, Y)
    before_w, before_b = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    net.update_mini_batch(X, Y, eta=0.5)
    for l in range(2):
        np.testing.assert_allclose(net.weights[l], before_w[l] - 0.5 * nabla_w[l], rtol=1e-14)
        np.testing.assert_allclose(net.biases[l], before_b[l] - 0.5 * nabla_b[l], rtol=1e-14)
    assert np.array_equal(W_given, snapshot), "the caller's array was modified"
    assert np.array_equal(X, X0) and np.array_equal(Y, Y0)


@pytest.mark.parametrize("lam,bias", [(0.0, True), (0.2, True), (1.5, False)])
def test_fit_equals_the_loop_of_update_mini_batch_on_the_same_batches(lam, bias):
    """fit and update_mini_batch descend one objective: with n = the training-set size, each of fit's steps
    is update_mini_batch(X_batch, Y_batch, eta, n) (issue 12: they used λ/n and λ/m before)."""
    rng = np.random.default_rng(2)
    X, Y = rng.standard_normal((4, 12)), rng.random((2, 12))
    a = Network([4, 5, 2], ["tanh", "sigmoid"], lam=lam, bias=bias, seed=3)
    b = a.copy()
    a.fit(X, Y, epochs=3, batch_size=5, eta=0.7, seed=11)
    order = np.random.default_rng(11)
    for _ in range(3):
        perm = order.permutation(12)
        for k in range(0, 12, 5):
            idx = perm[k:k + 5]                    # the last batch has 2 columns: n stays 12
            b.update_mini_batch(X[:, idx], Y[:, idx], eta=0.7, n=12)
    assert max(np.max(np.abs(p - q)) for p, q in zip(a.weights + a.biases, b.weights + b.biases)) < 1e-12
    if lam:
        # ... and the default n = m (the batch's own J, λ/m) is a different objective, by a visible amount
        c = a.copy()
        c.weights, c.biases = [W.copy() for W in b.weights], [v.copy() for v in b.biases]
        b.update_mini_batch(X[:, :5], Y[:, :5], eta=0.7, n=12)
        c.update_mini_batch(X[:, :5], Y[:, :5], eta=0.7)
        assert np.max(np.abs(b.weights[0] - c.weights[0])) > 1e-3


def test_update_mini_batch_is_a_step_on_the_gradient_of_cost_with_the_same_n():
    rng = np.random.default_rng(5)
    net = Network([3, 4, 2], lam=0.9, seed=4)
    X, Y = rng.standard_normal((3, 6)), rng.random((2, 6))
    for n in (None, 6, 50):
        nabla_b, nabla_w = net.backprop(X, Y, n=n)
        def J(_, n=n):
            return net.cost(X, Y, n=n)
        num_w = [numerical_gradient(J, W) for W in net.weights]
        num_b = [numerical_gradient(J, b) for b in net.biases]
        assert max(nnlib.rel_error(p, q) for p, q in zip(nabla_b + nabla_w, num_b + num_w)) < 1e-7
        stepped = net.copy()
        stepped.update_mini_batch(X, Y, eta=0.3, n=n)
        for new, old, grad in zip(stepped.weights + stepped.biases, net.weights + net.biases, nabla_w + nabla_b):
            np.testing.assert_allclose(new, old - 0.3 * grad, rtol=1e-13, atol=1e-15)
    m = X.shape[1]
    penalty = sum(np.sum(W**2) for W in net.weights)
    assert net.cost(X, Y, n=50) == pytest.approx(net.cost(X, Y) - 0.9 / (2 * m) * penalty + 0.9 / (2 * 50) * penalty, rel=1e-13)
    with pytest.raises(ValueError, match=r"n must be a positive int, got 0"):
        net.update_mini_batch(X, Y, eta=0.3, n=0)


def test_fit_is_deterministic_and_leaves_caller_arrays_alone():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((3, 20)), rng.random((1, 20))
    W0 = np.ones((4, 3))
    nets = []
    for _ in range(2):
        net = Network([3, 4, 1], seed=0)
        net.weights[0] = W0
        net.fit(X, Y, epochs=3, batch_size=4, eta=1.0, seed=9)
        nets.append(net)
    assert np.array_equal(nets[0].weights[1], nets[1].weights[1])
    assert np.array_equal(W0, np.ones((4, 3)))


def test_fit_learns_and_reports_history():
    X_train, y_train, X_test, y_test = nnlib.data.load_digits()
    net = Network([64, 30, 10], cost="cross_entropy", seed=0)
    history = net.fit(X_train, nnlib.data.one_hot(y_train, 10), epochs=8, batch_size=10, eta=0.5,
                      validation=(X_test, y_test), seed=1)
    assert set(history) == {"cost", "val_accuracy"}
    assert len(history["cost"]) == 8 and history["cost"][-1] < history["cost"][0]
    assert history["val_accuracy"][-1] == net.evaluate(X_test, y_test) > 0.93


def test_fit_validation_with_targets_records_cost():
    rng = np.random.default_rng(4)
    X, labels = rng.standard_normal((2, 30)), rng.integers(0, 2, 30)
    Y = nnlib.data.one_hot(labels, 2)
    net = Network([2, 3, 2], seed=1)
    history = net.fit(X, Y, epochs=2, batch_size=7, eta=0.5, validation=(X, Y), seed=0)
    assert history["val_cost"][-1] == pytest.approx(net.cost(X, Y))
    assert history["val_accuracy"][-1] == net.evaluate(X, labels)


def test_progress_bar_is_optional_and_silent_by_default(capsys):
    X, Y = nnlib.data.xor()
    Network([3, 2, 1], seed=0).fit(X, Y, epochs=2, batch_size=2, eta=1.0)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    Network([3, 2, 1], seed=0).fit(X, Y, epochs=2, batch_size=2, eta=1.0, progress=True)
    assert "epochs" in capsys.readouterr().err


def test_evaluate_single_output_thresholds_at_half():
    net = Network([1, 1], seed=0)
    net.weights[0][:] = 10.0
    net.biases[0][:] = 0.0
    assert net.evaluate(np.array([[-1.0, 1.0, 2.0]]), np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert list(net.predict(np.array([[-1.0, 1.0]]))) == [0, 1]


def test_copy_is_independent():
    net = Network([2, 3, 1], seed=0)
    clone = net.copy()
    clone.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != clone.weights[0][0, 0]


def test_no_python_loop_over_examples_in_training(monkeypatch):
    """A batch of m examples costs a fixed number of matrix products, whatever m is: one σ call per layer."""
    calls = {"n": 0}
    net = Network([3, 4, 2], seed=0)
    original = Sigmoid.fn

    def counting_sigmoid(z):
        calls["n"] += 1
        return original(z)

    monkeypatch.setattr(Sigmoid, "fn", staticmethod(counting_sigmoid))
    rng = np.random.default_rng(0)
    for m in (1, 50):
        calls["n"] = 0
        net.fit(rng.random((3, m)), rng.random((2, m)), epochs=1, batch_size=m, eta=0.1)
        assert calls["n"] == net.L
        calls["n"] = 0
        net.update_mini_batch(rng.random((3, m)), rng.random((2, m)), eta=0.1)
        assert calls["n"] == net.L
