"""BP1–BP4 proved for symbolic widths and batch size (nnlib.symbolic, lessons 03–05).

Three kinds of test: the rewriting helpers on small cases whose answer is known, the general proofs
(each residual is exactly 0, and each classic wrong rule leaves a residual that a numeric
counterexample shows is not 0), and the general results substituted at concrete sizes, against
the instance checks of SymbolicNetwork and against Network.backprop on numbers.
"""

import numpy as np
import pytest
import sympy as sp

from nnlib import Network, rel_error
from nnlib.symbolic import (
    SymbolicNetwork,
    at_size,
    bind,
    classic_mistakes,
    equal,
    g,
    general_layer,
    instance,
    merge_sums,
    prove_all,
    prove_bp1,
    prove_bp2,
    prove_bp3,
    prove_bp4,
    random_value,
    reduce_identity,
    sum_kronecker,
    to_numbers,
)

s = general_layer()


# ----------------------------------------------------------------------------- the rewriting helpers
def test_sum_kronecker_sums_out_a_delta_when_the_index_is_in_range():
    f = sp.Function("f")
    n = s.n
    raw = sp.Sum(f(s.i) * sp.KroneckerDelta(s.i, s.j), (s.i, 1, n))
    assert sum_kronecker(raw) == f(s.j)
    # SymPy's own doit leaves a Piecewise guarded by j ≤ n, although j is declared in 1 … n:
    assert isinstance(raw.doit(), sp.Piecewise)
    # the delta's arguments in the other order, and raised to a power, are summed out too
    assert sum_kronecker(sp.Sum(f(s.i) * sp.KroneckerDelta(s.j, s.i) ** 2, (s.i, 1, n))) == f(s.j)


def test_sum_kronecker_leaves_a_delta_whose_index_may_lie_outside_the_range():
    f = sp.Function("f")
    # k runs over 1 … n_{l-1}, i over 1 … n_l: nothing says k ≤ n_l, so the sum must stay.
    raw = sp.Sum(f(s.i) * sp.KroneckerDelta(s.i, s.k), (s.i, 1, s.n))
    out = sum_kronecker(raw)
    assert isinstance(out, sp.Sum) and out.has(sp.KroneckerDelta)
    # a free plain symbol has no declared range either
    t = sp.Symbol("t", integer=True)
    assert sum_kronecker(sp.Sum(f(s.i) * sp.KroneckerDelta(s.i, t), (s.i, 1, s.n))).has(sp.KroneckerDelta)


def test_sum_kronecker_double_sum_pulls_out_constants_and_keeps_other_terms():
    W, a = sp.IndexedBase("W"), sp.IndexedBase("a")
    c = sp.Symbol("c")
    raw = sp.Sum(sp.KroneckerDelta(s.i, s.j) * sp.KroneckerDelta(s.k, s.r) * W[s.i, s.r], (s.r, 1, s.n_prev),
                 (s.i, 1, s.n))
    assert sum_kronecker(raw) == W[s.j, s.k]
    mixed = sp.Sum(c * a[s.i] + a[s.i] * sp.KroneckerDelta(s.i, s.j), (s.i, 1, s.n))
    assert sum_kronecker(mixed) - (a[s.j] + c * sp.Sum(a[s.i], (s.i, 1, s.n))) == 0
    # a summand free of the index is multiplied by the number of terms
    assert sum_kronecker(sp.Sum(c, (s.i, 1, s.n))) == c * s.n


def test_merge_sums_sees_that_equal_sums_cancel_and_unequal_ones_do_not():
    d, a = sp.IndexedBase("d"), sp.IndexedBase("a")
    m = s.m
    lhs = sp.Sum(d[s.x] * a[s.x] / m, (s.x, 1, m))
    rhs = sp.Sum(d[s.x] * a[s.x], (s.x, 1, m)) / m
    assert lhs - rhs != 0                              # SymPy alone does not see it
    assert merge_sums(lhs - rhs) == 0
    assert merge_sums(sp.Sum(d[s.x], (s.x, 1, m)) - sp.Sum(a[s.x], (s.x, 1, m))) != 0


def test_reduce_identity_uses_a_given_sum_whatever_its_index_is_called():
    y = s.y
    given = ((sp.Sum(y[s.iL], (s.iL, 1, s.n_L)), 1),)
    expr = sp.Symbol("c") * sp.Sum(y[s.pL], (s.pL, 1, s.n_L)) - sp.Symbol("c")
    assert reduce_identity(expr, given) == 0
    assert reduce_identity(expr) != 0


# ----------------------------------------------------------------------------- the general proofs
@pytest.mark.parametrize("proof", prove_all(), ids=lambda p: p.name)
def test_every_general_proof_reduces_to_exactly_zero(proof):
    assert proof.residual == 0 and proof.residual is sp.S.Zero
    assert proof.holds
    assert proof.raw.has(sp.KroneckerDelta)           # the help was needed: sympy.diff leaves the deltas
    assert not proof.derived.has(sp.KroneckerDelta)   # and they are gone after it
    assert proof.seconds > 0


def test_the_proofs_are_about_symbolic_sizes():
    widths = {s.n_prev, s.n, s.n_next, s.n_L, s.m}
    for proof in prove_all():
        uppers = {limit[2] for total in proof.raw.atoms(sp.Sum) for limit in total.limits}
        assert uppers and uppers <= widths, (proof.name, uppers)     # every sum runs to a symbolic width
    assert s.m in prove_bp4().claimed.free_symbols and s.lam in prove_bp4().claimed.free_symbols


def test_bp4_without_lambda_and_bp3_with_it():
    assert prove_bp4(lam=False).holds
    assert s.lam not in prove_bp4(lam=False).claimed.free_symbols
    assert prove_bp3(lam=False).holds and prove_bp3(lam=True).holds   # the L2 term does not touch biases


@pytest.mark.parametrize("case", classic_mistakes(), ids=lambda c: f"{c['equation']}: {c['mistake']}")
def test_each_classic_wrong_rule_fails_its_general_proof(case):
    proof = case["proof"]()
    assert not proof.holds
    entry = {"BP1": {s.jL: 1}, "BP4": {s.j: 1, s.k: 2}}.get(case["equation"], {s.j: 1})
    values = [random_value(proof.residual, case["sizes"], entry, seed=seed) for seed in range(3)]
    assert max(abs(v) for v in values) > 1e-6, values      # a numeric counterexample: the residual is not 0


def test_every_named_mistake_of_the_issue_is_covered():
    names = {(c["equation"], c["mistake"]) for c in classic_mistakes()}
    for needed in [("BP2", "W instead of Wᵀ"), ("BP2", "g'(a) instead of g'(z)"), ("BP2", "g' missing"),
                   ("BP1", "g'(a) instead of g'(z)"), ("BP1", "g' missing"), ("BP3", "no 1/m"), ("BP4", "no 1/m")]:
        assert needed in names


# ------------------------------------------------------------------- general = instance, at several sizes
@pytest.mark.parametrize("n_L", [1, 2, 3])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_bp1_at_concrete_sizes_equals_the_instance_check(cost, n_L):
    activation = "g" if cost == "quadratic" else "sigmoid"
    net = SymbolicNetwork([2, 2, n_L], activation=activation, cost=cost)
    L = net.L
    general = instance(prove_bp1(cost).claimed, {s.n_L: n_L}, {s.z_L: net.z[L], s.y: net.Y}, rows=(s.jL, n_L))
    truth = net.delta_by_diff(L)
    assert general.shape == truth.shape == (n_L, 1)
    assert all(equal(u, v) for u, v in zip(general, truth))
    assert all(equal(u, v) for u, v in zip(general, net.delta[L]))


@pytest.mark.parametrize("n_L", [2, 3, 4])
def test_bp1_softmax_at_concrete_sizes_equals_diff_of_the_instance_cost(n_L):
    z, y = sp.symbols(f"z1:{n_L + 1}"), sp.symbols(f"y1:{n_L + 1}")
    denominator = sum(sp.exp(v) for v in z)
    a = [sp.exp(v) / denominator for v in z]
    one_hot_sum = {y[-1]: 1 - sum(y[:-1])}                    # Σ_j y_j = 1
    C = -sum(yj * sp.log(aj) for yj, aj in zip(y, a))
    general = instance(prove_bp1("softmax").claimed, {s.n_L: n_L},
                       {s.z_L: sp.Matrix(z), s.y: sp.Matrix(y)}, rows=(s.jL, n_L))
    for j in range(n_L):
        by_diff = sp.diff(C, z[j]).subs(one_hot_sum)
        assert sp.simplify(general[j].subs(one_hot_sum) - by_diff) == 0


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 2, 3, 2]])
def test_bp2_at_concrete_sizes_equals_the_instance_check(sizes):
    net = SymbolicNetwork(sizes, activation="g")
    claimed = prove_bp2().claimed
    for l in range(net.L - 1, 0, -1):
        widths = {s.n: sizes[l], s.n_next: sizes[l + 1]}
        values = {s.delta_next: net.delta_by_diff(l + 1), s.W_next: net.W[l + 1], s.z: net.z[l]}
        general = instance(claimed, widths, values, rows=(s.j, sizes[l]))
        assert all(equal(u, v) for u, v in zip(general, net.delta_by_diff(l)))


@pytest.mark.parametrize("sizes,m", [([2, 3, 2], 2), ([3, 2, 2], 3)])
def test_bp3_bp4_at_concrete_sizes_equal_sympy_diff_of_the_instance_cost(sizes, m):
    net = SymbolicNetwork(sizes, activation="g", m=m, lam=True)
    bp3_general, bp4_general = prove_bp3().claimed, prove_bp4().claimed
    for l in range(1, net.L + 1):
        widths = {s.n_prev: sizes[l - 1], s.n: sizes[l], s.m: m}
        values = {s.delta: net.delta_by_diff(l), s.a_prev: net.a[l - 1], s.W: net.W[l]}
        grad_W = instance(bp4_general, widths, values, rows=(s.j, sizes[l]), cols=(s.k, sizes[l - 1]))
        grad_b = instance(bp3_general, widths, values, rows=(s.j, sizes[l]))
        grad_W = grad_W.subs(s.lam, net.lam)
        for (j, k), w in np.ndenumerate(np.array(net.W[l])):
            assert equal(grad_W[j, k], sp.diff(net.J, w))
            assert equal(grad_W[j, k], net.grad_W[l][j, k])
        for j in range(sizes[l]):
            assert equal(grad_b[j], sp.diff(net.J, net.b[l][j]))


def test_at_size_and_bind_write_out_the_sums():
    expr = at_size(prove_bp3().claimed, {s.m: 3}, {s.j: 2})
    d = s.delta
    assert expr == (d[2, 1] + d[2, 2] + d[2, 3]) / 3
    M = sp.Matrix(2, 3, lambda i, k: sp.Symbol(f"D{i}{k}"))
    assert bind(expr, {d: M}) == (M[1, 0] + M[1, 1] + M[1, 2]) / 3


# ---------------------------------------------------------------------- general = Network.backprop
@pytest.mark.parametrize("sizes,m,lam", [([3, 4, 2], 3, 0.3), ([2, 3, 3, 2], 2, 0.0)])
def test_general_results_on_numbers_equal_network_backprop(sizes, m, lam):
    rng = np.random.default_rng(11)
    network = Network(sizes, lam=lam, seed=3)
    X, Y = rng.standard_normal((sizes[0], m)), rng.random((sizes[-1], m))
    zs, activations = network.forward(X)
    deltas = network.deltas(X, Y)
    nabla_b, nabla_w = network.backprop(X, Y)
    L = len(sizes) - 1

    bp1 = prove_bp1("quadratic").claimed
    for x in range(m):
        values = {s.z_L: zs[L - 1][:, [x]], s.y: Y[:, [x]]}
        got = to_numbers(instance(bp1, {s.n_L: sizes[L]}, values, rows=(s.jL, sizes[L])))
        assert rel_error(got, deltas[L - 1][:, [x]]) < 1e-10

    bp2 = prove_bp2().claimed
    for l in range(L - 1, 0, -1):
        for x in range(m):
            values = {s.delta_next: deltas[l][:, [x]], s.W_next: network.weights[l], s.z: zs[l - 1][:, [x]]}
            got = to_numbers(instance(bp2, {s.n: sizes[l], s.n_next: sizes[l + 1]}, values, rows=(s.j, sizes[l])))
            assert rel_error(got, deltas[l - 1][:, [x]]) < 1e-10

    bp3, bp4 = prove_bp3().claimed.subs(s.lam, lam), prove_bp4().claimed.subs(s.lam, lam)
    for l in range(1, L + 1):
        widths = {s.n_prev: sizes[l - 1], s.n: sizes[l], s.m: m}
        values = {s.delta: deltas[l - 1], s.a_prev: activations[l - 1], s.W: network.weights[l - 1]}
        grad_W = to_numbers(instance(bp4, widths, values, rows=(s.j, sizes[l]), cols=(s.k, sizes[l - 1])))
        grad_b = to_numbers(instance(bp3, widths, values, rows=(s.j, sizes[l])))
        assert rel_error(grad_W, nabla_w[l - 1]) < 1e-10
        assert rel_error(grad_b, nabla_b[l - 1]) < 1e-10


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_bp1_cross_entropy_on_numbers_equals_network_deltas(output):
    rng = np.random.default_rng(12)
    sizes, m = [3, 4, 3], 4
    network = Network(sizes, activations=["sigmoid", output], cost="cross_entropy", seed=2)
    X = rng.standard_normal((3, m))
    Y = np.eye(3)[:, rng.integers(0, 3, m)]                  # one-hot targets: Σ_j y_j = 1
    zs, _ = network.forward(X)
    deltas = network.deltas(X, Y)
    claimed = prove_bp1("cross_entropy" if output == "sigmoid" else "softmax").claimed
    for x in range(m):
        got = to_numbers(instance(claimed, {s.n_L: 3}, {s.z_L: zs[-1][:, [x]], s.y: Y[:, [x]]}, rows=(s.jL, 3)))
        assert rel_error(got, deltas[-1][:, [x]]) < 1e-10


def test_numeric_value_reads_g_as_the_sigmoid():
    from nnlib.symbolic import g_prime, numeric_value, sigma
    assert abs(numeric_value(g(sp.Float(0.3))) - 1 / (1 + np.exp(-0.3))) < 1e-15
    assert abs(numeric_value(g_prime(sp.Float(0.0))) - 0.25) < 1e-15
    assert abs(numeric_value(sigma(sp.Float(0.0))) - 0.5) < 1e-15


def test_the_helpers_never_capture_a_summation_index():
    f, a = sp.Function("f"), sp.IndexedBase("a")
    # the coefficient a[x] mentions the summation index x of the sum it multiplies: it must stay outside
    expr = a[s.x] * sp.Sum(a[s.x], (s.x, 1, s.m)) - sp.Sum(a[s.x] ** 2, (s.x, 1, s.m))
    assert merge_sums(expr) != 0
    # a delta on i whose other factor re-binds i in a sum of its own is left alone
    inner = sp.Sum(f(s.i), (s.i, 1, s.n))
    out = sum_kronecker(sp.Sum(sp.KroneckerDelta(s.i, s.j) * inner * f(s.i), (s.i, 1, s.n)))
    assert out.has(sp.KroneckerDelta)
