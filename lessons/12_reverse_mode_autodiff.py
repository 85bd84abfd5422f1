# %% [markdown]
# # Lesson 12 — Backpropagation is reverse-mode automatic differentiation
#
# **After this lesson you will be able to**
#
# - write a layer's Jacobian and its **vector-Jacobian product** (VJP), and recognise BP2 as the VJP of
#   $z^l \mapsto W^{l+1} g(z^l) + b^{l+1}$;
# - explain, by counting multiplications on a real network, why a scalar cost of $N$ parameters needs $N$
#   forward-mode passes but a single reverse-mode pass;
# - see backpropagation as **dynamic programming**: the paths from a weight to the cost multiply with depth,
#   while backprop's work only adds up;
# - use `nnlib.autodiff`, a reverse-mode engine of about two hundred lines of code whose every backward rule is a
#   VJP checked against `sympy.diff`, to differentiate networks that `nnlib.Network` cannot express;
# - state the price of reverse mode: it stores every intermediate value until the backward pass.
#
# This is how `loss.backward()` in PyTorch, `jax.grad` and TensorFlow's `GradientTape` work. Lessons 03–05
# derived four equations for one kind of network; this lesson shows that they are one general algorithm,
# applied to that network.

# %%
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import nnlib

sp.init_printing(use_latex="mathjax")
np.set_printoptions(precision=6, suppress=True, linewidth=100)
plt.rcParams.update({"figure.dpi": 80, "figure.figsize": (7, 4), "font.size": 11})
rng = np.random.default_rng(0)

# %% [markdown]
# ## Jacobians and vector-Jacobian products
#
# A function $f:\mathbb{R}^n\to\mathbb{R}^k$ has a **Jacobian**, the $k\times n$ matrix of partial derivatives
# $\big(\partial f_i/\partial x_j\big)$. The chain rule for a composition $J = C(f(x))$ with a scalar $J$ reads
#
# $$\frac{\partial J}{\partial x} = \Big(\frac{\partial f}{\partial x}\Big)^{\!\mathsf T} \frac{\partial J}{\partial f},
# \qquad (n, 1) = (n, k)\,(k, 1).$$
#
# The right-hand side is a **vector-Jacobian product**: the gradient $v = \partial J/\partial f$ that arrived from
# the cost, times the Jacobian. A backward pass is nothing but one VJP per operation, applied from the cost back
# to the inputs.
#
# Take one step of a network, from $z^l$ to $z^{l+1} = W^{l+1} g(z^l) + b^{l+1}$. Its Jacobian is
# $W^{l+1}\,\mathrm{diag}\big(g'(z^l)\big)$. The incoming vector is $v = \delta^{l+1} = \partial C/\partial z^{l+1}$, and
# the VJP should be $\delta^l$. SymPy computes the Jacobian of the map with a generic activation $g$ and checks
# that its VJP is BP2, $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot g'(z^l)$:

# %%
from IPython.display import display

from nnlib.symbolic import equal, g, g_prime, hadamard

n, k = 3, 2                                                         # z^l has n entries, z^{l+1} has k
z = sp.Matrix(sp.symbols("z_1:4"))                                  # z^l
W = sp.Matrix(k, n, lambda i, j: sp.Symbol(f"w_{{{i + 1}{j + 1}}}"))  # W^{l+1}
b = sp.Matrix(sp.symbols("b_1:3"))
v = sp.Matrix(sp.symbols("delta_1:3"))                              # δ^{l+1}, the incoming gradient

step = W * z.applyfunc(g) + b                                       # z^{l+1} = W g(z^l) + b
jacobian = step.jacobian(z)                                         # (k, n): ∂z^{l+1}_i / ∂z^l_j
assert all(equal(u, w) for u, w in zip(jacobian, W * sp.diag(*z.applyfunc(g_prime))))
vjp = jacobian.T * v                                                # (n, 1)
bp2 = hadamard(W.T * v, z.applyfunc(g_prime))
assert all(equal(u, w) for u, w in zip(vjp, bp2))
display(sp.Eq(sp.Symbol(r"\frac{\partial z^{l+1}}{\partial z^{l}}"), jacobian, evaluate=False))
display(sp.Eq(sp.Symbol(r"\delta^{l} = J^{\mathsf{T}} \delta^{l+1}"), vjp, evaluate=False))
print("the VJP of z ↦ W g(z) + b is BP2: ((W)ᵀ δ) ⊙ g'(z), entry by entry")

# %% [markdown]
# Backprop never builds a Jacobian; it computes the VJP directly. The difference matters. For the weights of a
# layer, $Z = W A$ with a batch $A$ of shape $(n_{l-1}, m)$, the Jacobian $\partial\,\mathrm{vec}(Z)/\partial\,\mathrm{vec}(W)$
# has $(n_l m)\times(n_l n_{l-1})$ entries, almost all zero; its VJP with $G = \partial J/\partial Z$ is the single
# product $G A^\mathsf{T}$ of BP4. Here is the Jacobian built explicitly (column-major $\mathrm{vec}$, where it is
# $A^\mathsf{T}\otimes I$) for a small layer, and its VJP compared with $G A^\mathsf{T}$:

# %%
n_l, n_prev, m = 4, 3, 5
A = rng.standard_normal((n_prev, m))
G = rng.standard_normal((n_l, m))
jac_W = np.kron(A.T, np.eye(n_l))                          # ∂vec(WA)/∂vec(W), shape (n_l m, n_l n_prev)
W_test = rng.standard_normal((n_l, n_prev))
assert np.allclose(jac_W @ W_test.flatten(order="F"), (W_test @ A).flatten(order="F"))   # it is the Jacobian
vjp_W = (jac_W.T @ G.flatten(order="F")).reshape((n_l, n_prev), order="F")
assert nnlib.rel_error(vjp_W, G @ A.T) < 1e-14
print(f"Jacobian {jac_W.shape}: {jac_W.size} entries, {np.count_nonzero(jac_W)} nonzero; its VJP equals G Aᵀ")
big = (30 * 10) * (30 * 784)
print(f"for W^1 of a [784, 30, 10] network and a batch of 10 the Jacobian would have {big:,} entries;"
      f" G Aᵀ has {30 * 784:,}")


# %% [markdown]
# ## Every backward rule of the engine is a VJP that SymPy derives
#
# `nnlib.autodiff` has one small backward rule per operation. For each, let SymPy derive the VJP the long way:
# give every input entry a symbol, give the incoming gradient symbols $g_{ij}$, and differentiate the scalar
# $L = \sum_{ij} g_{ij}\,\mathrm{out}_{ij}$ with `sympy.diff`, so that $\partial L/\partial x = $ VJP. First, the
# two rules that are pure linear algebra, checked symbolically: the matrix product (whose VJPs are
# $G B^\mathsf{T}$ and $A^\mathsf{T} G$, BP4 and BP2's $W^\mathsf{T}\delta$) and the addition of a bias column
# broadcast over the batch (whose VJP sums $G$ over the columns, BP3):

# %%
def symbols_like(name, shape):
    return sp.Matrix(*shape, lambda i, j: sp.Symbol(f"{name}_{{{i + 1}{j + 1}}}"))


def vjp_by_diff(out, inputs):
    """∂L/∂x for L = Σ g_ij out_ij, by sympy.diff, for each input matrix x; and the symbols g."""
    G = symbols_like("g", out.shape)
    L = sum(G[i] * out[i] for i in range(len(out)))
    return [x.applyfunc(lambda s: sp.diff(L, s)) for x in inputs], G


A, B = symbols_like("a", (2, 3)), symbols_like("b", (3, 4))
(dA, dB), G = vjp_by_diff(A * B, [A, B])
assert dA == G * B.T and dB == A.T * G                              # matmul:  G Bᵀ  and  Aᵀ G

Z, c = symbols_like("z", (2, 3)), symbols_like("c", (2, 1))
(dZ, dc), G = vjp_by_diff(Z + c * sp.ones(1, 3), [Z, c])           # c broadcast over the 3 columns
assert dZ == G and dc == G * sp.ones(3, 1)                          # add:  G,  and G summed over the columns
print("matmul: ∂L/∂A = G Bᵀ, ∂L/∂B = Aᵀ G;   broadcast add: ∂L/∂c = Σ_columns G")

# %% [markdown]
# For the other operations the VJP from `sympy.diff` is turned into numbers with `lambdify` and compared with the
# engine's backward rule on random inputs. The engine's rule runs by building `(op(x) * G).sum()` and calling
# `backward()`, which leaves $\partial L/\partial x$ in `x.grad`:

# %%
from nnlib import autodiff
from nnlib.autodiff import Tensor

Y_target = rng.random((3, 4))
Y_target /= Y_target.sum(axis=0)                      # columns summing to 1, as one-hot labels do
Y_sym = sp.Matrix(Y_target)


def sig(t):
    return 1 / (1 + sp.exp(-t))


def softmax_sym(Z):
    return sp.Matrix(*Z.shape, lambda i, j: sp.exp(Z[i, j]) / sum(sp.exp(Z[r, j]) for r in range(Z.shape[0])))


def binary_cross_entropy_sym(Z):
    return -sum(Y_sym[i] * sp.log(sig(Z[i])) + (1 - Y_sym[i]) * sp.log(1 - sig(Z[i])) for i in range(len(Z)))


def categorical_cross_entropy_sym(Z):
    return -sum(Y_sym[i] * sp.log(softmax_sym(Z)[i]) for i in range(len(Z)))


cases = {  # name: (SymPy forward, engine forward, input shapes)
    "multiply ⊙": (lambda a, b: hadamard(a, b), lambda a, b: a * b, [(3, 4), (3, 4)]),
    "sigmoid": (lambda z: z.applyfunc(sig), lambda z: z.sigmoid(), [(3, 4)]),
    "tanh": (lambda z: z.applyfunc(sp.tanh), lambda z: z.tanh(), [(3, 4)]),
    "relu": (lambda z: z.applyfunc(lambda t: sp.Max(t, 0)), lambda z: z.relu(), [(3, 4)]),
    "softmax": (softmax_sym, lambda z: z.softmax(), [(3, 4)]),
    "sum": (lambda z: sp.Matrix([[sum(z)]]), lambda z: z.sum(), [(3, 4)]),
    "mean over columns": (lambda z: z * sp.ones(4, 1) / 4, lambda z: z.mean(axis=1), [(3, 4)]),
    "reshape": (lambda z: z.reshape(2, 6), lambda z: z.reshape(2, 6), [(3, 4)]),
    "quadratic cost": (lambda a: sp.Matrix([[sum((a - Y_sym).applyfunc(lambda t: t**2)) / 2 / 4]]),
                       lambda a: autodiff.quadratic_cost(a, Y_target), [(3, 4)]),
    "cross-entropy (sigmoid)": (lambda z: sp.Matrix([[binary_cross_entropy_sym(z) / 4]]),
                                lambda z: autodiff.cross_entropy(z, Y_target, "sigmoid"), [(3, 4)]),
    "cross-entropy (softmax)": (lambda z: sp.Matrix([[categorical_cross_entropy_sym(z) / 4]]),
                                lambda z: autodiff.cross_entropy(z, Y_target, "softmax"), [(3, 4)]),
}
worst = 0.0
for name, (forward_sym, forward_engine, shapes) in cases.items():
    inputs = [symbols_like(f"x{t}", s) for t, s in enumerate(shapes)]
    grads, G = vjp_by_diff(forward_sym(*inputs), inputs)
    f = sp.lambdify([list(x) for x in inputs] + [list(G)], grads, "numpy")
    values = [rng.standard_normal(s) for s in shapes]
    G_value = rng.standard_normal(G.shape)
    by_sympy = f(*[x.flatten() for x in values], G_value.flatten())
    tensors = [Tensor(x) for x in values]
    out = forward_engine(*tensors)
    (out * G_value.reshape(out.shape)).sum().backward()
    errors = [nnlib.rel_error(t.grad, np.asarray(s, dtype=float)) for t, s in zip(tensors, by_sympy)]
    assert max(errors) < 1e-13, f"{name}: the engine's VJP differs from sympy.diff by {max(errors):.1e}"
    worst = max(worst, *errors)
    print(f"{name:25} engine's VJP = VJP from sympy.diff (relative error < 1e-13)")
print(f"largest relative error over all operations: {worst:.1e}")


# %% [markdown]
# Every rule agrees with `sympy.diff` to round-off. Two details of the costs deserve a word. Both take the
# **weighted input** $z^L$ of the output layer, as `nnlib.costs` does, so the cross-entropy is computed as
# $\ln\sigma(z) = -\ln(1 + e^{-z})$ and never takes $\ln 0$; its VJP is then lesson 03's $a - y$. And for a
# softmax output the exact VJP is $a\sum_j y_j - y$, which is $a - y$ for targets that sum to 1.
#
# ## Why reverse mode: counting multiplications
#
# There are two ways to run the chain rule through a network.
#
# - **Forward mode** pushes a *tangent* forward alongside the values: pick a direction $\dot\theta$ in parameter
#   space, and compute $\dot z^l = \dot W^l a^{l-1} + W^l \dot a^{l-1} + \dot b^l$, $\dot a^l = \sigma'(z^l)\odot\dot z^l$,
#   up to $\dot J$. One pass gives one directional derivative (a Jacobian-vector product). The full gradient
#   takes one pass per parameter, with $\dot\theta$ the unit vector of that parameter: **$N$ passes**.
# - **Reverse mode** (backprop) runs the values forward once, then pushes $\partial J/\partial(\cdot)$ backward
#   once, and every parameter's derivative falls out: **one pass**.
#
# Here are both for lesson 09's digits network $[64, 30, 10]$ (sigmoid, quadratic cost) on a mini-batch of 10,
# with every multiplication counted: a matrix product $(p, q)(q, r)$ costs $pqr$, an elementwise product one per entry.

# %%
class Counter:
    """Counts the scalar multiplications of matrix and elementwise products."""

    def __init__(self):
        self.n = 0

    def mm(self, P, Q):                       # (p, q) @ (q, r): p q r multiplications
        self.n += P.shape[0] * P.shape[1] * Q.shape[1]
        return P @ Q

    def ew(self, P, Q):                       # elementwise: one per entry
        self.n += np.broadcast(P, Q).size
        return P * Q


def jvp(net, X, Y, dW, db, count):
    """Forward mode: dJ along the tangent (dW, db), with one pass that carries values and tangents."""
    a, da = X, None                           # the input has no tangent
    for W, b, dW_l, db_l in zip(net.weights, net.biases, dW, db):
        z = count.mm(W, a) + b
        dz = count.mm(dW_l, a) + db_l
        if da is not None:
            dz = dz + count.mm(W, da)
        a = nnlib.sigmoid(z)
        da = count.ew(count.ew(a, 1 - a), dz)  # ȧ = σ'(z) ⊙ ż, with σ' = a(1 − a)
    return float(np.sum(count.ew(a - Y, da))) / X.shape[1]    # J̇ = (1/m) Σ (a − y) ⊙ ȧ


def forward_mode_gradient(net, X, Y, count):
    """The gradient by forward mode: one pass per parameter, with that parameter's unit tangent."""
    zeros_w = [np.zeros_like(W) for W in net.weights]
    zeros_b = [np.zeros_like(b) for b in net.biases]
    grads_w, grads_b = [np.zeros_like(W) for W in net.weights], [np.zeros_like(b) for b in net.biases]
    for l in range(net.L):
        for target, grad in ((zeros_w, grads_w), (zeros_b, grads_b)):
            for index in np.ndindex(target[l].shape):
                target[l][index] = 1.0
                grad[l][index] = jvp(net, X, Y, zeros_w, zeros_b, count)
                target[l][index] = 0.0
    return grads_b, grads_w


def reverse_mode_gradient(net, X, Y, count):
    """The gradient by reverse mode: one forward pass, then BP1–BP4 once."""
    activations = [X]
    for W, b in zip(net.weights, net.biases):
        activations.append(nnlib.sigmoid(count.mm(W, activations[-1]) + b))
    m = X.shape[1]
    a = activations[-1]
    delta = count.ew(count.ew(a - Y, a), 1 - a)                          # BP1
    grads_b, grads_w = [], []
    for l in range(net.L, 0, -1):
        grads_w.insert(0, count.ew(count.mm(delta, activations[l - 1].T), 1 / m))   # BP4
        grads_b.insert(0, delta.mean(axis=1, keepdims=True))                       # BP3 (sums, no products)
        if l > 1:
            a = activations[l - 1]
            delta = count.ew(count.ew(count.mm(net.weights[l - 1].T, delta), a), 1 - a)   # BP2
    return grads_b, grads_w


# %%
from nnlib import data

X_train, labels_train, _, _ = data.load_digits()
X, Y = X_train[:, :10], data.one_hot(labels_train[:10], 10)           # a mini-batch of 10 digits
digits_net = nnlib.Network([64, 30, 10], seed=0)
N = sum(p.size for _, p in digits_net.parameters())
reference_b, reference_w = digits_net.backprop(X, Y)

forward_count, reverse_count = Counter(), Counter()
fwd_b, fwd_w = forward_mode_gradient(digits_net, X, Y, forward_count)
rev_b, rev_w = reverse_mode_gradient(digits_net, X, Y, reverse_count)
for grads in ((fwd_b, fwd_w), (rev_b, rev_w)):
    assert max(nnlib.rel_error(u, v) for u, v in zip(grads[0] + grads[1], reference_b + reference_w)) < 1e-12

# The same counts in closed form, from the sizes alone.
sizes, mb = digits_net.sizes, X.shape[1]
products = [sizes[l] * sizes[l - 1] * mb for l in (1, 2)]            # one (n_l, n_{l-1}) × (n_{l-1}, m) product
one_jvp = (2 * products[0] + 2 * sizes[1] * mb) + (3 * products[1] + 2 * sizes[2] * mb) + sizes[2] * mb
backprop = sum(products) + 2 * sizes[2] * mb + (products[1] + 2 * sizes[1] * mb) + sum(
    products) + sum(sizes[l] * sizes[l - 1] for l in (1, 2))
assert forward_count.n == N * one_jvp and reverse_count.n == backprop
print(f"parameters N = {N}")
print(f"forward mode: {N} passes × {one_jvp:,} = {forward_count.n:,} multiplications")
print(f"reverse mode: 1 pass (forward + backward)  {reverse_count.n:,} multiplications")
print(f"ratio {forward_count.n / reverse_count.n:,.0f}; both gradients equal Network.backprop to round-off")
assert forward_count.n / reverse_count.n > N / 2

# %% [markdown]
# One forward-mode pass costs about as much as one reverse-mode pass (both are a few matrix products per layer),
# so the ratio is of the order of $N$. For a network with millions of parameters, forward mode is out of the
# question. It wins only in the opposite shape, few inputs and many outputs; a cost function is one output.
# The clock agrees (the timing is not stored, since it depends on the machine):

# %%
# NBVAL_IGNORE_OUTPUT
import time


def seconds(f, repeat):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


t_forward = seconds(lambda: forward_mode_gradient(digits_net, X, Y, Counter()), 1)
t_reverse = seconds(lambda: reverse_mode_gradient(digits_net, X, Y, Counter()), 20)
print(f"forward mode {t_forward * 1e3:.0f} ms, reverse mode {t_reverse * 1e6:.0f} µs: "
      f"reverse is {t_forward / t_reverse:,.0f} times faster")


# %% [markdown]
# ## Backprop as dynamic programming
#
# Lesson 04 found that $\partial C/\partial w$ is a **sum over paths**: one product of local derivatives for every
# path from the weight to the cost. How many paths are there? From $w^1_{jk}$ the path must go through unit $j$ of
# layer 1, then through any unit of layer 2, any unit of layer 3, and so on: $n_2 n_3\cdots n_L$ paths, which grows
# exponentially with the depth. Counted one path at a time, by walking every path to its end:

# %%
def paths_by_walking(sizes, l, j):
    """The number of paths from unit j of layer l to the cost, walking each of them (no memory)."""
    if l == len(sizes) - 1:
        return 1
    return sum(paths_by_walking(sizes, l + 1, k) for k in range(sizes[l + 1]))


def paths_by_dynamic_programming(sizes):
    """The same count for every unit of layer 1, layer by layer from the output back: BP2 with W = 1, σ' = 1."""
    count = np.ones(sizes[-1], dtype=np.int64)                         # one path from each output unit
    for l in range(len(sizes) - 2, 0, -1):
        count = np.ones((sizes[l + 1], sizes[l]), dtype=np.int64).T @ count
    return count


print(f"{'L':>2} {'paths from w^1_jk':>18} {'multiplications of backprop (forward + backward)':>50}")
rows = []
for L in range(1, 11):
    sizes = [2] + [3] * L                                               # L layers of 3 units after the input
    walked = paths_by_walking(sizes, 1, 0)
    assert walked == paths_by_dynamic_programming(sizes)[0] == 3 ** (L - 1)
    count = Counter()
    reverse_mode_gradient(nnlib.Network(sizes, seed=0), np.ones((2, 1)), np.zeros((3, 1)), count)
    rows.append((L, walked, count.n))
    print(f"{L:>2} {walked:>18,} {count.n:>50}")
paths, work = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
assert np.all(paths[1:] == 3 * paths[:-1])                              # ×3 per layer: exponential
assert np.all(np.diff(work) == np.diff(work)[0])                       # + a constant per layer: linear

# %% [markdown]
# The second function counts the same paths in a handful of operations. It stores, for each unit, the number of
# paths from that unit to the cost, and gets a layer's counts from the next layer's: the paths from unit $j$ of
# layer $l$ are the paths through each unit $k$ it feeds, summed. That is **dynamic programming**, and it is
# exactly BP2: replace "number of paths" by "sum over paths of the product of local derivatives", and the count
# becomes $\delta^l_j = \sigma'(z^l_j)\sum_k w^{l+1}_{kj}\,\delta^{l+1}_k$. The error $\delta^l_j$ is the memo: the
# whole sum over the path suffixes that start at unit $j$ of layer $l$, computed once and reused by every weight
# that enters that unit.
#
# Summing over the paths one at a time gives the same number as backprop, at an exponential cost. For a
# $[2, 3, 3, 3, 1]$ network there are $3 \cdot 3 = 9$ paths from $w^1_{11}$ (through unit 1 of layer 1, any unit of
# layers 2 and 3, the output unit):

# %%
import itertools

net = nnlib.Network([2, 3, 3, 3, 1], seed=1)
x, y = rng.standard_normal((2, 1)), rng.random((1, 1))
zs, acts = net.forward(x)
slope = [None] + [nnlib.sigmoid_prime(z) for z in zs]                 # slope[l] = σ'(z^l)
dC_da = acts[-1] - y                                                  # quadratic cost, one example

j, k = 0, 0                                                           # the weight w^1_{11}
total, n_paths = 0.0, 0
for u2, u3 in itertools.product(range(3), range(3)):                  # the units the path visits
    units = [j, u2, u3, 0]                                            # layers 1, 2, 3, 4 (output)
    product = acts[0][k, 0] * slope[1][j, 0]                          # ∂z^1_j/∂w^1_jk · ∂a^1_j/∂z^1_j
    for l in range(2, 5):
        product *= net.weights[l - 1][units[l - 1], units[l - 2]] * slope[l][units[l - 1], 0]
    total += product * dC_da[0, 0]
    n_paths += 1
nabla_b, nabla_w = net.backprop(x, y)
assert n_paths == 9 and abs(total - nabla_w[0][j, k]) < 1e-12 * abs(total)
print(f"∂C/∂w^1_11 as a sum over {n_paths} paths: {total:.12e};  by backprop: {nabla_w[0][j, k]:.12e}")

# %% [markdown]
# ## `nnlib.autodiff`: a reverse-mode engine
#
# The engine is one short file, `nnlib/autodiff.py`, in the style of Karpathy's micrograd but over numpy arrays.
# A `Tensor` holds a `value` and the tensors it came from. Each operation computes its value and, directly under
# it, defines `backward()`, its VJP, which **adds** (`+=`) its contribution to each input's `grad`. Here is the
# matrix product in full:

# %%
import inspect

print(inspect.getsource(Tensor.__matmul__))

# %% [markdown]
# `J.backward()` orders the graph so that every tensor comes after its inputs, sets $\partial J/\partial J = 1$, and
# calls the rules in reverse order. When a tensor's rule runs, every tensor that used it has already added its
# share, so its `grad` is complete. The `+=` is the sum over paths: a tensor used twice receives both
# contributions. There is no global tape; the graph lives in the tensors, and each `backward()` starts from zero.
#
# `autodiff.network_cost(net, X, Y)` writes a `Network`'s cost as a graph of these operations. Here it is against
# `Network.backprop` for every activation and both costs, with and without L2 regularization (for the
# cross-entropy, the output layer is a sigmoid or a softmax, the two it allows):

# %%
hidden = ["sigmoid", "tanh", "relu", "identity", "softmax"]
setups = [(h, "quadratic", h) for h in hidden] + [(h, "cross_entropy", out) for h in hidden
                                                     for out in ("sigmoid", "softmax")]
largest = 0.0
for hidden_name, cost, output in setups:
    for lam in (0.0, 0.5):
        net = nnlib.Network([5, 6, 4, 3], activations=[hidden_name, hidden_name, output], cost=cost, lam=lam, seed=2)
        X_r = rng.standard_normal((5, 8))
        Y_r = rng.random((3, 8))
        Y_r /= Y_r.sum(axis=0)
        J, params = autodiff.network_cost(net, X_r, Y_r)
        J.backward()
        nabla_b, nabla_w = net.backprop(X_r, Y_r)
        assert abs(J.value - net.cost(X_r, Y_r)) <= 1e-13 * abs(J.value)
        errors = [nnlib.rel_error(params[f"W{l}"].grad, nabla_w[l - 1]) for l in (1, 2, 3)]
        errors += [nnlib.rel_error(params[f"b{l}"].grad, nabla_b[l - 1]) for l in (1, 2, 3)]
        largest = max(largest, *errors)
assert largest < 1e-12
print(f"{2 * len(setups)} networks: the engine's gradients equal Network.backprop, "
      f"largest relative error {largest:.0e} (< 1e-12)")

# %% [markdown]
# The agreement is at the level of the last bit of a float64: the engine performs the same arithmetic as
# `Network.backprop`, in a different order.
#
# ### What `Network` cannot do: a skip connection
#
# `Network` is a chain of layers. The engine differentiates any composition of its operations, for example a
# **residual (skip) connection**, where a hidden layer's output both feeds the next layer and is added to its
# output:
#
# $$h_1 = \mathrm{relu}(W^1 x + b^1), \qquad h_2 = \tanh(W^2 h_1 + b^2) + h_1, \qquad
# J = \frac{1}{2m}\lVert W^3 h_2 + b^3 - y\rVert^2 .$$
#
# The gradient of $W^1$ now arrives along two routes, through $W^2$ and around it, and the `+=` in the add
# rule's backward sums them. The check is `nnlib.gradcheck`: central differences of the cost, entry by entry.

# %%
from nnlib.gradcheck import GOOD, numerical_gradient, rel_error

shapes = {"W1": (6, 4), "b1": (6, 1), "W2": (6, 6), "b2": (6, 1), "W3": (2, 6), "b3": (2, 1)}
arrays = {name: rng.standard_normal(shape) for name, shape in shapes.items()}
X_s, Y_s = rng.standard_normal((4, 10)), rng.random((2, 10))


def skip_cost(p, skip=True):
    h1 = (p["W1"] @ Tensor(X_s) + p["b1"]).relu()
    h2 = (p["W2"] @ h1 + p["b2"]).tanh()
    if skip:
        h2 = h2 + h1                                   # the skip connection
    return autodiff.quadratic_cost(p["W3"] @ h2 + p["b3"], Y_s)


params = {name: Tensor(a) for name, a in arrays.items()}
skip_cost(params).backward()
print(f"{'param':6} {'rel. error vs finite differences':>32}")
for name, a in arrays.items():
    numeric = numerical_gradient(lambda _: skip_cost({n: Tensor(v) for n, v in arrays.items()}).value, a)
    err = rel_error(params[name].grad, numeric)
    assert err < GOOD
    print(f"{name:6} {err:>32.1e}")

without = {name: Tensor(a) for name, a in arrays.items()}
skip_cost(without, skip=False).backward()
assert rel_error(without["W1"].grad, params["W1"].grad) > 0.01
print("dropping the skip route changes ∂J/∂W¹ by a relative", f"{rel_error(without['W1'].grad, params['W1'].grad):.2f}")


# %% [markdown]
# Every parameter agrees with finite differences below `nnlib.gradcheck.GOOD` $= 10^{-7}$ (lesson 06's threshold),
# and the gradient of $W^1$ really does depend on the second route.
#
# ## The price of reverse mode: memory
#
# The backward pass needs the values of the forward pass: BP4 needs every $a^{l-1}$, BP2 every $\sigma'(z^l)$. So
# reverse mode **keeps every intermediate result** until the backward pass has used it. A forward pass on its own
# (prediction, or forward mode) can drop each layer's values as soon as the next layer is computed. Here are the bytes
# of the values the engine's graph holds, for a stack of $L$ layers of 256 units on a batch of 256:

# %%
def deep_cost(L, width=256, m=256, seed=0):
    net = nnlib.Network([width] * (L + 1), activations="tanh", seed=seed)
    X_d = np.random.default_rng(seed).standard_normal((width, m))
    return autodiff.network_cost(net, X_d, np.zeros((width, m)))[0]


one_layer_values = 256 * 256 * 8                                         # one (256, 256) float64 array
print(f"{'L':>3} {'intermediate values kept by the graph':>38} {'forward pass alone':>20}")
stored = {}
for L in (1, 2, 4, 8):
    J = deep_cost(L)
    stored[L] = sum(t.value.nbytes for t in J.nodes() if t.parents)      # results of operations, not inputs
    print(f"{L:>3} {stored[L] / 2**20:>34.1f} MiB {2 * one_layer_values / 2**20:>16.1f} MiB")
per_layer = stored[2] - stored[1]
assert per_layer == 3 * one_layer_values                                   # W a, z = W a + b, a = tanh z
assert all(stored[L] == stored[1] + (L - 1) * per_layer for L in stored)   # grows linearly with depth

# %% [markdown]
# Each layer adds three arrays the size of a batch of activations ($W a$, $z = W a + b$ and $a = \tanh z$): the
# graph's memory grows **linearly with depth**, while a forward pass alone needs two such arrays at any time (the
# current layer's input and output), whatever the depth. (The engine keeps a little more than
# backprop strictly needs: $W a$ before the bias is added is not used by any backward rule. Deep-learning
# frameworks fuse such steps.)
#
# Measured with Python's `tracemalloc`, which sees numpy's allocations, the peak memory of a gradient on an
# 8-layer stack against a forward pass that keeps only the current layer (numbers from this machine, not stored):

# %%
# NBVAL_IGNORE_OUTPUT
import tracemalloc

net8 = nnlib.Network([256] * 9, activations="tanh", seed=0)
X_d = np.random.default_rng(0).standard_normal((256, 256))


def peak_bytes(f):
    tracemalloc.start()
    f()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def forward_only():
    a = X_d
    for W_l, b_l in zip(net8.weights, net8.biases):
        a = np.tanh(W_l @ a + b_l)                   # the previous layer's values are dropped here
    return a


forward_only = peak_bytes(forward_only)
reverse = peak_bytes(lambda: autodiff.network_cost(net8, X_d, np.zeros((256, 256)))[0].backward())
print(f"forward pass alone: {forward_only / 2**20:.1f} MiB; reverse-mode gradient: {reverse / 2**20:.1f} MiB "
      f"({reverse / forward_only:.0f}×)")
assert reverse > 4 * forward_only

# %% [markdown]
# This is the trade reverse mode makes: time proportional to one forward pass, memory proportional to the depth.
# When memory runs out, frameworks store only some layers' values and recompute the rest during the backward pass
# (*gradient checkpointing*), trading some of the time back.
#
# ## Summary
#
# - Each operation's backward rule is a **vector-Jacobian product**; BP2 is the VJP of
#   $z^l\mapsto W^{l+1}g(z^l)+b^{l+1}$, checked against the SymPy Jacobian. A VJP never builds the Jacobian.
# - For a scalar cost, **reverse mode needs one pass, forward mode $N$**: for lesson 09's $[64, 30, 10]$
#   network ($N = 2260$) on a batch of 10, about 109 million multiplications against about fifty thousand.
# - The number of **paths** from a weight to the cost grows exponentially with depth, yet backprop's work grows
#   linearly: $\delta^l$ is the memo of a dynamic program over those paths.
# - `nnlib.autodiff` reproduces `Network.backprop` to the last bits for every activation and cost, and
#   differentiates what `Network` cannot, such as a skip connection, confirmed by `nnlib.gradcheck`.
# - The price is **memory**: every intermediate value is stored until the backward pass, linearly in depth.
#
# Lesson 13 adds two layers that are not fully connected, batch normalization and convolution, derives their
# VJPs with SymPy, and plugs them into the engine.
