"""The numbers the course reproduces from its seed texts (lessons 07 and 08).

* Seed 002's XOR program printed six errors under ``np.random.seed(1)``.  A
  row-form re-implementation and ``nnlib.Network([3, 4, 1], bias=False)``
  both reproduce them.
* Seed 004's ``update_mini_batch`` loops over ``(x, y)`` pairs.  Its step
  equals ``nnlib``'s one-matrix ``update_mini_batch``.

The two 60,000-step XOR runs are the claim itself, so they run in full.  They
take about 1.5 s and 4 s on an idle core.
"""

import numpy as np
import pytest

import nnlib

# Seed 002's printed errors: Python 2's str() of a float, 12 significant digits.
PUBLISHED = ["0.496410031903", "0.00858452565325", "0.00578945986251",
             "0.00462917677677", "0.00395876528027", "0.00351012256786"]
ITERATIONS, REPORT_EVERY = 60_000, 10_000


def legacy_start():
    """The program's starting weights: numpy's legacy Mersenne Twister under seed 1 (not ``default_rng``).

    Returns ``V1`` of shape (3, 4) and ``V2`` of shape (4, 1), in the program's row form (``W^l = V^lᵀ``).
    """
    legacy = np.random.RandomState(1)          # the same stream as np.random.seed(1); np.random.random(...)
    V1 = 2 * legacy.random_sample((3, 4)) - 1
    V2 = 2 * legacy.random_sample((4, 1)) - 1
    return V1, V2


def train_rows(V1, V2, A0, y):
    """Seed 002's loop with examples as rows: ``A0`` (4, 3), ``y`` (4, 1); returns the six reports and final weights."""
    V1, V2 = V1.copy(), V2.copy()
    reports = []
    for step in range(ITERATIONS):
        A1 = 1.0 / (1.0 + np.exp(-(A0 @ V1)))               # (4, 4)
        A2 = 1.0 / (1.0 + np.exp(-(A1 @ V2)))               # (4, 1)
        if step % REPORT_EVERY == 0:
            reports.append(np.mean(np.abs(y - A2)))
        minus_delta2 = (y - A2) * A2 * (1 - A2)              # -δ², rows are examples
        minus_delta1 = (minus_delta2 @ V2.T) * A1 * (1 - A1)
        V2 += A1.T @ minus_delta2                            # step 1 on the SUMMED gradient
        V1 += A0.T @ minus_delta1
    return np.array(reports), V1, V2


@pytest.fixture(scope="module")
def row_run():
    X, Y = nnlib.data.xor()
    V1, V2 = legacy_start()
    return train_rows(V1, V2, X.T, Y.T)


def test_legacy_generator_matches_global_seed():
    # The published run used the global legacy generator; RandomState(1) draws the identical numbers.
    V1, V2 = legacy_start()
    saved = np.random.get_state()            # leave the global generator as the other tests found it
    try:
        np.random.seed(1)
        assert np.array_equal(V1, 2 * np.random.random((3, 4)) - 1)
        assert np.array_equal(V2, 2 * np.random.random((4, 1)) - 1)
    finally:
        np.random.set_state(saved)


def test_row_reimplementation_reproduces_published_errors(row_run):
    reports, _, _ = row_run
    assert np.max(np.abs(reports - np.array([float(s) for s in PUBLISHED]))) < 1e-9
    assert [f"{e:.12g}" for e in reports] == PUBLISHED


def test_nnlib_bias_free_network_reproduces_published_errors(row_run):
    # W^1 = syn0ᵀ, W^2 = syn1ᵀ; the mean gradient with η = m = 4 is the program's step of 1 on the sum.
    X, Y = nnlib.data.xor()
    V1, V2 = legacy_start()
    net = nnlib.Network([3, 4, 1], bias=False)
    net.weights = [V1.T.copy(), V2.T.copy()]
    reports = []
    for step in range(ITERATIONS):
        if step % REPORT_EVERY == 0:
            reports.append(np.mean(np.abs(Y - net.feedforward(X))))
        net.update_mini_batch(X, Y, eta=4.0)
    reports = np.array(reports)
    row_reports, V1_final, V2_final = row_run
    assert np.max(np.abs(reports - np.array([float(s) for s in PUBLISHED]))) < 1e-9
    assert np.max(np.abs(reports - row_reports)) < 1e-12
    assert np.allclose(net.weights[0], V1_final.T, rtol=0, atol=1e-9)
    assert np.allclose(net.weights[1], V2_final.T, rtol=0, atol=1e-9)
    assert np.array_equal(net.predict(X), [0, 1, 1, 0])


def test_xor_step_is_eta_m_times_the_mean_gradient():
    # One program step equals update_mini_batch with η = m = 4, not η = 1.
    X, Y = nnlib.data.xor()
    V1, V2 = legacy_start()
    A1 = 1.0 / (1.0 + np.exp(-(X.T @ V1)))
    A2 = 1.0 / (1.0 + np.exp(-(A1 @ V2)))
    minus_delta2 = (Y.T - A2) * A2 * (1 - A2)
    minus_delta1 = (minus_delta2 @ V2.T) * A1 * (1 - A1)
    W1_next, W2_next = (V1 + X @ minus_delta1).T, (V2 + A1.T @ minus_delta2).T
    for eta, equal in ((4.0, True), (1.0, False)):
        net = nnlib.Network([3, 4, 1], bias=False)
        net.weights = [V1.T.copy(), V2.T.copy()]
        net.update_mini_batch(X, Y, eta=eta)
        assert np.allclose(net.weights[0], W1_next, rtol=0, atol=1e-15) is equal
        assert np.allclose(net.weights[1], W2_next, rtol=0, atol=1e-15) is equal


def nielsen_update(net, mini_batch, eta):
    """Seed 004's update: sum per-example ``backprop`` over ``(x, y)`` pairs, then step by ``eta / len(mini_batch)``."""
    nabla_b = [np.zeros_like(b) for b in net.biases]
    nabla_w = [np.zeros_like(W) for W in net.weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = net.backprop(x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    step = eta / len(mini_batch)
    return ([W - step * nw for W, nw in zip(net.weights, nabla_w)],
            [b - step * nb for b, nb in zip(net.biases, nabla_b)])


@pytest.mark.parametrize("sizes, m", [([2, 3, 1], 1), ([4, 5, 3], 7), ([6, 8, 5, 2], 16)])
def test_nielsen_per_example_update_equals_matrix_update(sizes, m):
    rng = np.random.default_rng(sum(sizes) + m)
    X = rng.standard_normal((sizes[0], m))
    Y = rng.uniform(0, 1, (sizes[-1], m))
    net = nnlib.Network(sizes, seed=rng)
    weights, biases = nielsen_update(net, [(X[:, [k]], Y[:, [k]]) for k in range(m)], eta=0.7)
    matrix = net.copy()
    matrix.update_mini_batch(X, Y, eta=0.7)
    for p_loop, p_matrix in zip(weights + biases, matrix.weights + matrix.biases):
        assert p_loop.shape == p_matrix.shape
        assert np.max(np.abs(p_loop - p_matrix)) < 1e-12
    assert not np.allclose(matrix.weights[0], net.weights[0])     # the step moved the weights


def test_ng_delta_accumulation_equals_backprop():
    # Seed 001: Δ^l += δ^l (a^{l-1})ᵀ per example, D^l = Δ^l / m, equals the matrix-form mean gradient.
    rng = np.random.default_rng(7)
    net = nnlib.Network([5, 4, 3], seed=rng)
    X, Y = rng.standard_normal((5, 9)), rng.uniform(0, 1, (3, 9))
    Delta_w = [np.zeros_like(W) for W in net.weights]
    for i in range(X.shape[1]):
        _, activations = net.forward(X[:, [i]])
        deltas = net.deltas(X[:, [i]], Y[:, [i]])
        for l in range(1, net.L + 1):
            Delta_w[l - 1] += deltas[l - 1] @ activations[l - 1].T
    _, nabla_w = net.backprop(X, Y)
    for Dw, nw in zip(Delta_w, nabla_w):
        assert np.max(np.abs(Dw / X.shape[1] - nw)) < 1e-12
