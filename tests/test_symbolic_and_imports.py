"""nnlib.symbolic against sympy.diff, and the import-time promise."""

import subprocess
import sys
import time

import numpy as np
import pytest
import sympy as sp

from nnlib import Network, rel_error
from nnlib.symbolic import SymbolicNetwork, VerificationError, equal, g, g_prime, sigma


@pytest.mark.parametrize("sizes", [[3, 4, 2], [2, 3, 3, 2]])
def test_generic_activation_verifies_quickly(sizes):
    start = time.perf_counter()
    net = SymbolicNetwork(sizes, activation="g")
    result = net.verify()
    elapsed = time.perf_counter() - start
    n_params = sum(a * b + a for a, b in zip(sizes[1:], sizes[:-1]))
    assert result["checked"] == n_params
    assert elapsed < 5.0, f"verifying {sizes} took {elapsed:.1f} s"


def test_batch_lambda_and_cross_entropy_verify():
    SymbolicNetwork([2, 3, 2], activation="sigmoid", cost="cross_entropy", m=2, lam=True).verify()
    SymbolicNetwork([2, 2, 1], activation="g", m=3, bias=False).verify()


def test_a_wrong_bp2_is_caught():
    net = SymbolicNetwork([2, 3, 2])
    # W instead of Wᵀ needs a square matrix to even multiply; drop σ' instead.
    net.grad_W[1] = (net.W[2].T * net.delta[2]) * net.a[0].T
    with pytest.raises(VerificationError, match=r"w\^1_"):
        net.verify()


def test_sigma_derivative_is_sigma_one_minus_sigma():
    z = sp.Symbol("z")
    explicit = 1 / (1 + sp.exp(-z))
    assert sp.simplify(sp.diff(explicit, z) - explicit * (1 - explicit)) == 0
    assert equal(sp.diff(sigma(z), z), sigma(z) * (1 - sigma(z)))
    assert sp.diff(g(z), z) == g_prime(z)


@pytest.mark.parametrize("activation,cost,lam", [("g", "quadratic", 0.0), ("sigmoid", "cross_entropy", 0.4)])
def test_lambdified_gradients_match_network_backprop(activation, cost, lam):
    sym = SymbolicNetwork([3, 4, 2], activation=activation, cost=cost, m=3, lam=True)
    evaluate = sym.lambdify()
    net = Network([3, 4, 2], cost=cost, lam=lam, seed=0)
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((3, 3)), rng.random((2, 3))
    J, nabla_b, nabla_w = evaluate(net.weights, net.biases, X, Y, lam)
    ref_b, ref_w = net.backprop(X, Y)
    assert J == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert max(rel_error(a, b) for a, b in zip(nabla_b + nabla_w, ref_b + ref_w)) < 1e-10


def test_import_nnlib_loads_no_heavy_modules():
    code = (
        "import sys, nnlib; net = nnlib.Network([2, 2], seed=0);"
        "heavy = [m for m in ('sympy', 'matplotlib', 'nnlib.grading', 'nnlib.plot', 'nnlib.symbolic', 'sklearn', 'tqdm')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_lazy_submodules_load_on_first_use():
    code = "import sys, nnlib; nnlib.symbolic; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True"
