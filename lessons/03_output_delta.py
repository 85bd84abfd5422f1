# %% [markdown]
# # Lesson 03 — The cost and the output-layer error $\delta^L$
#
# To train a network we need to know how the cost changes when each weight changes. Backpropagation gets there
# through one intermediate quantity per layer, the *error* $\delta^l = \partial C / \partial z^l$. This lesson
# derives it for the output layer, where it starts; lesson 04 carries it back through the hidden layers.
#
# **After this lesson you will be able to**
#
# - write the cost $J$ of a batch, both as seed `001` writes it and in vector form;
# - derive BP1, $\delta^L = \nabla_a C \odot \sigma'(z^L)$, with SymPy, for any activation $g$ and for the
#   sigmoid;
# - prove $\sigma' = \sigma(1 - \sigma)$, and use the "derivative from the output" of seed `002` correctly:
#   it takes $a$, not $z$;
# - show that with the cross-entropy cost the factor $\sigma'$ cancels and $\delta^L = a^L - y$;
# - settle seed `002`'s question by computation: its update is gradient descent on the **squared** error, not
#   on the absolute error;
# - check the symbolic BP1 against `nnlib.Network.deltas` on random numbers.
# - prove BP1 for **any** number of output units $n_L$ with SymPy's indexed sums, for all three output layers.

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
# ## 1. The cost
#
# Seed `001` measures how far the network's outputs $h(x_i)$ are from the targets $y_i$ over $m$ examples with
#
# $$J(w) = \frac1m \sum_{i=1}^{m} \sum_{k=1}^{n_L} \frac12\Big[\big(h(x_i)\big)_k - y_{ik}\Big]^2 .$$
#
# (The seed numbers the examples $i$; the course writes the example as the last subscript $x$, lesson 00. The
# quadratic cost is the seed's choice: Ng's course itself trains its networks with the logistic cost, the
# cross-entropy of section 5, which is why his output error is $\delta^{(L)} = a^{(L)} - y$ with no $g'$.)
#
# In the course's notation $h(x) = a^L$, the inner sum is the *quadratic cost* of one example,
#
# $$C_x = \tfrac12 \lVert a^L - y \rVert^2 = \sum_k \tfrac12 (a^L_k - y_k)^2,$$
#
# and $J = \frac1m \sum_x C_x$ is its mean over the batch (lesson 11 adds the regularization term; here
# $\lambda = 0$). The $\tfrac12$ is there so that the 2 from differentiating the square cancels. Because $J$ is a
# mean, every derivative of $J$ is the mean of the derivatives of the $C_x$; so we can work with **one example
# at a time**, as seed 001 does with its $J_i$, and drop the subscript: $C = C_x$.
#
# `nnlib.symbolic.SymbolicNetwork` builds $J$ as one explicit formula with a symbol for every weight, input and
# target. For a one-layer network with two outputs and two examples, it is exactly the seed's double sum, and
# `nnlib.Network.cost` computes the same number:

# %%
from nnlib.symbolic import Label, SymbolicNetwork, equal, g, g_prime, sigma, symbol

sn = SymbolicNetwork([2, 2], activation="g", m=2)        # outputs a^L = sn.a[L], targets Y, examples as columns
L, m, n_L = sn.L, sn.m, sn.sizes[-1]
h, Y = sn.a[L], sn.Y                                     # (h(x_i))_k = h[k, i],  y_ik = Y[k, i]
J_seed = sp.Rational(1, m) * sum(sp.Rational(1, 2) * (h[k, i] - Y[k, i]) ** 2 for i in range(m) for k in range(n_L))
assert equal(sn.J, J_seed)

net = nnlib.Network([3, 4, 2], seed=0)
X = rng.standard_normal((3, 5))
Y_num = rng.random((2, 5))
A = net.feedforward(X)
J_loops = sum(0.5 * (A[k, i] - Y_num[k, i]) ** 2 for i in range(5) for k in range(2)) / 5
assert nnlib.rel_error(net.cost(X, Y_num), J_loops) < 1e-10
print(f"J = {net.cost(X, Y_num):.10f}")

# %% [markdown]
# ## 2. BP1 for any activation
#
# Define the error of unit $j$ in the output layer as the derivative of the cost with respect to its weighted
# input,
#
# $$\delta^L_j = \frac{\partial C}{\partial z^L_j}.$$
#
# $C$ depends on $z^L_j$ only through $a^L_j = g(z^L_j)$, because the activation acts on each unit separately:
# $\partial a^L_k / \partial z^L_j = 0$ for $k \ne j$. So the chain rule has one term,
#
# $$\delta^L_j = \sum_k \frac{\partial C}{\partial a^L_k}\frac{\partial a^L_k}{\partial z^L_j}
# = \frac{\partial C}{\partial a^L_j}\, g'(z^L_j),
# \qquad\text{in vector form}\qquad
# \boxed{\;\delta^L = \nabla_a C \odot g'(z^L)\;}\quad\text{(BP1)}.$$
#
# For the quadratic cost $\partial C / \partial a^L_j = a^L_j - y_j$, so $\delta^L = (a^L - y) \odot g'(z^L)$,
# which is seed 001's $\delta^{(L)}_j = (a^{(L)}_j - y_{j})\, g'(z^{(L)}_j)$. (The seed writes $y_{ik}$ in that last
# step: a slip, since $k$ was the summation index that the derivative removed; the target belongs to unit $j$.)
# SymPy checks it for three output units and an activation $g$ about which it knows nothing except that its
# derivative is called $g'$:

# %%
n = 3
z = sp.Matrix(sp.symbols("z_1:4"))          # z^L_1 … z^L_3
y = sp.Matrix(sp.symbols("y_1:4"))
a = z.applyfunc(g)                           # a^L = g(z^L)
C = sum(sp.Rational(1, 2) * (a[k] - y[k]) ** 2 for k in range(n))

for j in range(n):
    for k in range(n):
        if k != j:
            assert sp.diff(a[k], z[j]) == 0                  # a_k does not depend on z_j

bp1 = (a - y).multiply_elementwise(z.applyfunc(g_prime))    # (a − y) ⊙ g'(z)
by_diff = sp.Matrix([sp.diff(C, z[j]) for j in range(n)])   # ∂C/∂z_j, the long way
assert all(equal(u, v) for u, v in zip(bp1, by_diff))
sp.Eq(symbol("delta", "L", 1), by_diff[0])

# %% [markdown]
# Inside a real network, $z^L_j = \sum_k w^L_{jk} a^{L-1}_k + b^L_j$, so $\partial z^L_j / \partial b^L_j = 1$ and
# $\partial C / \partial b^L_j = \delta^L_j$ (this is BP3, lesson 05). That lets us check BP1 against
# `sympy.diff` of the *whole* cost of a network with a hidden layer, written out in terms of its weights:

# %%
deep = SymbolicNetwork([2, 3, 2], activation="g")          # one example; every quantity is a formula
L = deep.L
bp1 = (deep.a[L] - deep.Y).multiply_elementwise(deep.z[L].applyfunc(g_prime))
for j in range(deep.sizes[-1]):
    assert equal(bp1[j], sp.diff(deep.J, deep.b[L][j]))
print(f"BP1 equals sympy.diff(J, b^{L}_j) for j = 1 … {deep.sizes[-1]}")

# %% [markdown]
# ### What $\delta^L_j$ measures: nudge $z^L_j$ and watch $C$
#
# $\delta^L_j$ is a derivative, so it answers a concrete question: if something added a small $\varepsilon$ to the
# weighted input $z^L_j$ of one output unit, and nothing else changed, how much would the cost move? To first
# order, by
#
# $$\Delta C \approx \frac{\partial C}{\partial z^L_j}\,\varepsilon = \delta^L_j\,\varepsilon .$$
#
# A unit with a large $|\delta^L_j|$ is one where a small change makes a large difference to the cost; a unit with
# $\delta^L_j \approx 0$ is one the cost hardly cares about, for now. Nudging against the sign of $\delta^L_j$
# lowers the cost, which is all that gradient descent will do. Here is one example pushed through a sigmoid
# `Network([3, 4, 2])` with the quadratic cost. The picture colours each output unit by its $\delta^L_j$ from
# BP1 and writes the activation and the target beside it:

# %%
net = nnlib.Network([3, 4, 2], seed=3)
x = np.array([[0.8], [-0.4], [1.5]])                       # one example, a column (n_0, 1)
y = np.array([[1.0], [0.0]])
zs, activations = net.forward(x)
a_L, z_L = activations[-1], zs[-1]                         # (2, 1) each
delta_L = net.deltas(x, y)[-1]                             # (2, 1): BP1
assert nnlib.rel_error(delta_L, (a_L - y) * nnlib.sigmoid_prime(z_L)) < 1e-12   # (a − y) ⊙ σ'(z)

notes = {(2, j + 1): f"$a$ = {a_L[j, 0]:.3f}, $y$ = {y[j, 0]:g}" for j in range(2)}
nnlib.plot.network_diagram(net, deltas={2: delta_L}, annotate=notes, ng=False,
                           title=r"$\delta^L$ of one example: BP1 on the output units")
assert delta_L[0, 0] < 0 < delta_L[1, 0]                   # the signs the next paragraph explains
assert f"{a_L[0, 0]:.3f}" == "0.305" and f"{a_L[1, 0]:.3f}" == "0.671"
plt.show()


# %% [markdown]
# Unit 1 should output 1 and gives $0.305$: raising $z^L_1$ would help, so $\delta^L_1 < 0$. Unit 2 should
# output 0 and gives $0.671$: $\delta^L_2 > 0$. Now the nudge itself. The cell adds $\varepsilon$ to one entry of
# $z^L$, recomputes $C = \tfrac12\lVert\sigma(z^L) - y\rVert^2$, and compares the change with $\delta^L_j\,\varepsilon$:

# %%
def cost_after_nudge(j, eps):
    z = z_L.copy()
    z[j] += eps                                            # only z^L_j moves
    return 0.5 * np.sum((nnlib.sigmoid(z) - y) ** 2)


C0 = cost_after_nudge(0, 0.0)
assert nnlib.rel_error(C0, net.cost(x, y)) < 1e-12
print(f"{'unit':>4} {'ε':>7} {'ΔC':>13} {'δ^L_j ε':>13}")
for j in range(2):
    leftover = {}
    for eps in (1e-1, 1e-2, 1e-3, 1e-4):
        change = cost_after_nudge(j, eps) - C0
        predicted = delta_L[j, 0] * eps
        leftover[eps] = abs(change - predicted)
        print(f"{j + 1:>4} {eps:>7g} {change:>13.6e} {predicted:>13.6e}")
        if eps <= 1e-2:
            assert abs(change / predicted - 1) < 0.01         # ΔC = δ^L_j ε, to within 1 %
    assert 0.005 < leftover[1e-3] / leftover[1e-2] < 0.02      # what is left shrinks like ε²: second order
    downhill = -np.sign(delta_L[j, 0]) * 1e-3
    assert cost_after_nudge(j, downhill) < C0                  # against the sign of δ, the cost falls

# %% [markdown]
# ## 3. The sigmoid and $\sigma' = \sigma(1 - \sigma)$
#
# The sigmoid is $\sigma(z) = \dfrac{1}{1 + e^{-z}}$. Its derivative is
#
# $$\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2}
# = \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}
# = \sigma(z)\,\big(1 - \sigma(z)\big),$$
#
# because $\dfrac{e^{-z}}{1 + e^{-z}} = \dfrac{(1 + e^{-z}) - 1}{1 + e^{-z}} = 1 - \sigma(z)$. SymPy differentiates
# $1/(1 + e^{-z})$ and confirms both steps:

# %%
zz = sp.Symbol("z", real=True)
s = 1 / (1 + sp.exp(-zz))
ds = sp.diff(s, zz)
assert sp.cancel(sp.exp(-zz) / (1 + sp.exp(-zz)) - (1 - s)) == 0    # e^{-z}/(1 + e^{-z}) = 1 − σ
assert sp.simplify(ds - s * (1 - s)) == 0                            # σ' = σ(1 − σ)

# nnlib.symbolic.sigma is σ with this derivative built in; rewritten with exp it is the same function.
assert equal(sp.diff(sigma(zz), zz).rewrite(sp.exp), s * (1 - s))

z_grid = np.linspace(-8, 8, 33)
assert nnlib.rel_error(nnlib.sigmoid_prime(z_grid), np.exp(-z_grid) / (1 + np.exp(-z_grid)) ** 2) < 1e-10
sp.Eq(sp.Derivative(s, zz), ds)

# %% [markdown]
# So for a sigmoid output layer with the quadratic cost, BP1 reads
#
# $$\delta^L = (a^L - y) \odot a^L \odot (1 - a^L),$$
#
# with no exponential left to compute: everything comes from the output $a^L$ the forward pass already has.
# Checked against `sympy.diff` of a sigmoid network's cost:

# %%
deep = SymbolicNetwork([2, 3, 2], activation="sigmoid")
L = deep.L
aL = deep.a[L]
bp1_sigmoid = (aL - deep.Y).multiply_elementwise(aL.applyfunc(lambda v: v * (1 - v)))
for j in range(deep.sizes[-1]):
    assert equal(bp1_sigmoid[j], sp.diff(deep.J, deep.b[L][j]))


# %% [markdown]
# ## 4. The "derivative from the output" (seed 002)
#
# Seed `002` uses one helper for both the sigmoid and its slope: `nonlin(x)` returns $\sigma(x)$, and
# `nonlin(x, deriv=True)` returns `x*(1-x)`. The second is **not** $\sigma'(x)$. It is $\sigma'(z)$ written in
# terms of the output, $\sigma'(z) = a(1 - a)$ with $a = \sigma(z)$, so it must be handed the activation $a$, and
# the seed's code does exactly that (`nonlin(k2, deriv=True)`, where `k2` is a layer's output). Handing it the
# weighted input $z$ gives $z(1 - z)$, a different function: at $z = 2$ it is $-2$, a negative "slope" for a
# function that only increases, against the true $\sigma'(2) \approx 0.105$.

# %%
def nonlin(v, deriv=False):
    # σ(v); with deriv=True, v(1 − v): σ' expressed through σ's OUTPUT, so v must be an activation a = σ(z).
    return v * (1 - v) if deriv else nnlib.sigmoid(v)


z_vals = np.linspace(-4, 4, 9)
a_vals = nonlin(z_vals)
assert nnlib.rel_error(nonlin(a_vals, deriv=True), nnlib.sigmoid_prime(z_vals)) < 1e-10   # given a: right
assert nnlib.rel_error(nonlin(z_vals, deriv=True), nnlib.sigmoid_prime(z_vals)) > 0.5     # given z: wrong

assert equal(sigma(zz) * (1 - sigma(zz)), sp.diff(sigma(zz), zz))       # a(1 − a) with a = σ(z) is σ'(z)
assert not equal(zz * (1 - zz), sp.diff(sigma(zz), zz))                 # z(1 − z) is not
print(f"z = 2:  σ'(z) = {nnlib.sigmoid_prime(2.0):.6f},  nonlin(σ(z), deriv=True) = "
      f"{nonlin(nonlin(2.0), deriv=True):.6f},  nonlin(z, deriv=True) = {nonlin(2.0, deriv=True):.6f}")

# %%
z_plot = np.linspace(-6, 6, 241)
fig, ax = plt.subplots()
ax.plot(z_plot, nnlib.sigmoid_prime(z_plot), lw=2.5, label=r"$\sigma'(z)$")
ax.plot(z_plot[::12], nonlin(nonlin(z_plot[::12]), deriv=True), "o", label="nonlin(a, deriv=True), a = σ(z)")
ax.plot(z_plot, nonlin(z_plot, deriv=True), "--", color="tab:red", label="nonlin(z, deriv=True): wrong input")
ax.set_ylim(-1.0, 0.45)
ax.axhline(0, color="0.6", lw=0.8)
ax.set_xlabel("weighted input $z$")
ax.set_ylabel("slope of the sigmoid")
ax.set_title("The derivative from the output must be given $a$, not $z$")
ax.legend(loc="lower left", fontsize=10)
plt.show()

# %% [markdown]
# ## 5. Cross-entropy cancels $\sigma'$
#
# The factor $\sigma'(z^L)$ in BP1 has a cost: when an output neuron saturates ($a^L$ near 0 or 1), $\sigma'$ is
# nearly 0, and so is $\delta^L$, even when the output is completely wrong. The neuron then learns slowly exactly
# when it most needs to. The cross-entropy cost
#
# $$C = -\sum_j \big[y_j \ln a^L_j + (1 - y_j)\ln(1 - a^L_j)\big]$$
#
# is built to remove that factor. For one unit,
#
# $$\frac{\partial C}{\partial a} = -\frac{y}{a} + \frac{1 - y}{1 - a} = \frac{a - y}{a(1 - a)},
# \qquad
# \delta = \frac{\partial C}{\partial a}\,\sigma'(z) = \frac{a - y}{a(1 - a)}\cdot a(1 - a) = a - y .$$
#
# So with a sigmoid output and the cross-entropy cost, $\boxed{\delta^L = a^L - y}$:

# %%
yy, av = sp.symbols("y a")
C_ce = -(yy * sp.log(av) + (1 - yy) * sp.log(1 - av))
dC_da = sp.diff(C_ce, av)
assert sp.cancel(dC_da - (av - yy) / (av * (1 - av))) == 0          # ∂C/∂a = (a − y) / (a(1 − a)), exact for a rational function

delta_ce = sp.diff(C_ce.subs(av, sigma(zz)), zz)                      # ∂C/∂z with a = σ(z)
assert equal(delta_ce, sigma(zz) - yy)

deep = SymbolicNetwork([2, 3, 2], activation="sigmoid", cost="cross_entropy")
L = deep.L
for j in range(deep.sizes[-1]):
    assert equal(deep.a[L][j] - deep.Y[j], sp.diff(deep.J, deep.b[L][j]))
delta_ce

# %% [markdown]
# The difference shows for a target $y = 0$ and a neuron that outputs nearly 1 (large $z$): the quadratic
# cost's $\delta = a \cdot a(1 - a)$ fades away, while the cross-entropy's $\delta = a$ stays near 1.

# %%
a_plot = nnlib.sigmoid(z_plot)
delta_quadratic = (a_plot - 0) * a_plot * (1 - a_plot)
delta_cross_entropy = a_plot - 0
i6 = np.argmin(np.abs(z_plot - 6))
assert delta_quadratic[i6] < 0.003 and delta_cross_entropy[i6] > 0.99

fig, ax = plt.subplots()
ax.plot(z_plot, delta_quadratic, lw=2, label=r"quadratic: $(a - y)\,\sigma'(z)$")
ax.plot(z_plot, delta_cross_entropy, lw=2, label=r"cross-entropy: $a - y$")
ax.set_xlabel("weighted input $z^L$ (the output $a = \\sigma(z)$ should be 0)")
ax.set_ylabel(r"output error $\delta^L$")
ax.set_title("Output error for the target y = 0")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## 6. Which error does seed 002's code minimize?
#
# Seed `002` trains a small network on four examples stored as rows (three inputs, the third always 1: a bias
# unit, as in lesson 01). Its output step is, with `k1` the hidden activations and `k2` the outputs,
#
# ```text
# k2 = nonlin(k1 · syn1)
# k2_error = y − k2
# k2_delta = k2_error * nonlin(k2, deriv=True)      # (y − a) · a(1 − a)
# syn1 += k1ᵀ · k2_delta
# ```
#
# and it prints the mean of $|y - k_2|$ every 10,000 steps. A learner asks why `k2_error` is multiplied by the
# derivative, and whether, since "the cost is the absolute value", the gradient should be $\pm 1$ instead. The
# answer quoted in the seed says the code "minimizes the absolute error", flipping the gradient's sign in one of
# two cases. We settle it by computation.
#
# For one output unit with $a = \sigma(z)$ the code adds to the weights a step proportional to
#
# $$s = (y - a)\,a(1 - a) = (y - a)\,\sigma'(z).$$
#
# Compare the two candidate errors:
#
# $$E_\text{sq} = \tfrac12 (y - a)^2:\quad \frac{\partial E_\text{sq}}{\partial z} = -(y - a)\,\sigma'(z),
# \qquad\qquad
# E_\text{abs} = |y - a|:\quad \frac{\partial E_\text{abs}}{\partial z} = -\operatorname{sign}(y - a)\,\sigma'(z).$$
#
# So $s = -\partial E_\text{sq}/\partial z$ exactly, and the `+=` adds the **negative gradient**: that is gradient
# *descent* on the squared error, with learning rate 1. Against the absolute error the step has the right sign
# but the wrong size: $s = |y - a| \cdot \big(-\partial E_\text{abs}/\partial z\big)$. Descending $E_\text{abs}$
# would need $\operatorname{sign}(y - a)\,\sigma'(z)$, which is the $\pm 1$ the learner suggested.

# %%
y_r, u = sp.symbols("y u", real=True)          # u stands for the output a, a real number in (0, 1)
a_z = sigma(zz)
step = (y_r - a_z) * a_z * (1 - a_z)           # k2_delta = k2_error * nonlin(k2, deriv=True)

E_sq = sp.Rational(1, 2) * (y_r - u) ** 2
E_abs = sp.Abs(y_r - u)
sigma_prime = sp.diff(a_z, zz)


def d_dz(E):
    # chain rule through a = σ(z): ∂E/∂z = (dE/da at a = σ(z)) · σ'(z)
    return sp.diff(E, u).subs(u, a_z) * sigma_prime


assert equal(d_dz(E_sq), sp.diff(E_sq.subs(u, a_z), zz))      # the chain rule agrees with a direct diff
assert equal(step, -d_dz(E_sq))                                # the code's step IS −∂E_sq/∂z ...
assert not equal(step, -d_dz(E_abs))                           # ... and is NOT −∂E_abs/∂z
descent_abs = -sp.sign(a_z - y_r) * a_z * (1 - a_z)            # sign(y − a) σ'(z), as SymPy orders it
assert equal(descent_abs, -d_dz(E_abs))                        # what descending E_abs would need
sp.Eq(Label("∂E_abs/∂z", r"\partial E_\mathrm{abs} / \partial z"), d_dz(E_abs))

# %% [markdown]
# The same verdict from numbers alone, with central differences in $z$ and no symbolic algebra: at $y = 1$ and
# $a \approx 0.70$ the code's step matches $-\partial E_\text{sq}/\partial z$ to within the accuracy of the
# finite differences (`nnlib.gradcheck.GOOD` $= 10^{-7}$), and is $|y - a| \approx 0.30$ times
# $-\partial E_\text{abs}/\partial z$.

# %%
from nnlib.gradcheck import GOOD

y0, z0, hh = 1.0, 0.85, 1e-5
a0 = nnlib.sigmoid(z0)
step_num = (y0 - a0) * nonlin(a0, deriv=True)


def slope(E):
    return (E(nnlib.sigmoid(z0 + hh)) - E(nnlib.sigmoid(z0 - hh))) / (2 * hh)


descent_sq = -slope(lambda a: 0.5 * (y0 - a) ** 2)
descent_abs = -slope(lambda a: abs(y0 - a))
assert nnlib.rel_error(step_num, descent_sq) < GOOD
assert nnlib.rel_error(step_num, descent_abs) > 0.1
assert nnlib.rel_error(step_num / descent_abs, abs(y0 - a0)) < GOOD
print(f"a = {a0:.4f}: code's step {step_num:.6f},  −∂E_sq/∂z ≈ {descent_sq:.6f},  −∂E_abs/∂z ≈ {descent_abs:.6f}")

# %% [markdown]
# The whole update, for both weight matrices and all four examples at once, is gradient descent on
# $E = \tfrac12 \sum_i (y_i - k_{2,i})^2$, the *sum* over the examples (no $1/m$). SymPy checks all
# $4 + 12 = 16$ weights, with the seed's own inputs and targets and symbolic weights; the hidden layer's step uses
# BP2, which lesson 04 derives:

# %%
X_rows = sp.Matrix([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])     # seed 002's inputs, one example per row
y_rows = sp.Matrix([0, 1, 1, 0])
syn0 = sp.Matrix(3, 4, lambda i, j: symbol("s", 0, f"{i + 1}{j + 1}"))
syn1 = sp.Matrix(4, 1, lambda i, _: symbol("s", 1, i + 1))


def derivative_from_output(M):
    return M.applyfunc(lambda v: v * (1 - v))                          # nonlin(·, deriv=True)


k1 = (X_rows * syn0).applyfunc(sigma)
k2 = (k1 * syn1).applyfunc(sigma)
k2_error = y_rows - k2
k2_delta = k2_error.multiply_elementwise(derivative_from_output(k2))
k1_delta = (k2_delta * syn1.T).multiply_elementwise(derivative_from_output(k1))
step1, step0 = k1.T * k2_delta, X_rows.T * k1_delta                 # what syn1 += … and syn0 += … add

E = sum(e ** 2 for e in k2_error) / 2
assert all(equal(step1[i], -sp.diff(E, syn1[i])) for i in range(4))
assert all(equal(step0[i, j], -sp.diff(E, syn0[i, j])) for i in range(3) for j in range(4))
print("syn1 += k1ᵀ·k2_delta and syn0 += k0ᵀ·k1_delta are −∂E/∂syn for E = ½ Σ (y − k2)², all 16 weights")

# %% [markdown]
# And in numbers, against `nnlib`: seed 002's network is `Network([3, 4, 1], bias=False)` with
# $W^1 = $ `syn0`$^\mathsf{T}$ and $W^2 = $ `syn1`$^\mathsf{T}$ (the row-vector bridge of lesson 00).
# `nnlib` returns the gradient of the *mean* cost, so the code's step is $-m$ times its transpose:

# %%
X4 = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y4 = np.array([[0], [1], [1], [0]], dtype=float)
s0 = 2 * rng.random((3, 4)) - 1
s1 = 2 * rng.random((4, 1)) - 1

k1_num = nonlin(X4 @ s0)
k2_num = nonlin(k1_num @ s1)
k2_delta_num = (y4 - k2_num) * nonlin(k2_num, deriv=True)
k1_delta_num = (k2_delta_num @ s1.T) * nonlin(k1_num, deriv=True)

xor_net = nnlib.Network([3, 4, 1], bias=False)
xor_net.weights = [s0.T.copy(), s1.T.copy()]
_, nabla_w = xor_net.backprop(X4.T, y4.T)
m4 = X4.shape[0]
assert nnlib.rel_error(k1_num.T @ k2_delta_num, -m4 * nabla_w[1].T) < 1e-10
assert nnlib.rel_error(X4.T @ k1_delta_num, -m4 * nabla_w[0].T) < 1e-10

# %% [markdown]
# **Verdict.** The code minimizes the squared error $\tfrac12\sum(y - k_2)^2$ by plain gradient descent; the
# factor `nonlin(k2, deriv=True)` is the $\sigma'(z)$ of BP1, and `k2_error` $= y - a$ is minus the
# $\nabla_a C$ of the quadratic cost, so that `+=` subtracts the gradient. The claim that it minimizes the
# absolute error is refuted: the absolute error's descent step is $\operatorname{sign}(y - a)\,\sigma'(z)$, and
# the code's differs from it by the factor $|y - a|$. Printing the mean $|y - k_2|$ is only a **monitoring
# choice**, a readable number on the scale of the outputs; the update never differentiates it. Lesson 08 runs
# the seed's network and reproduces its printed numbers.
#
# ## 7. The symbolic BP1 against `nnlib`
#
# Finally, the formula becomes numbers. For a `[3, 4, 2]` network and a batch of three examples,
# `SymbolicNetwork` writes every quantity as a formula of the weights, biases, inputs and targets. We build BP1
# from those formulas as derived above, check it against $\partial C_x/\partial z^L$ taken by `sympy.diff`
# (`sn.delta_by_diff(L)` rebuilds the cost from a fresh symbol for each entry of $z^L$ and differentiates it,
# without BP1), turn it into a numpy
# function with `sympy.lambdify` (the symbolic $\sigma$ becomes `nnlib.sigmoid`; a generic $g$ is evaluated as
# the sigmoid too, with $g'$ as `sigmoid_prime`), and compare with `nnlib.Network.deltas(X, Y)[-1]` at random
# numbers.

# %%
sizes, m = [3, 4, 2], 3
X = rng.standard_normal((sizes[0], m))
Y = rng.random((sizes[-1], m))
numeric = {"sigma": nnlib.sigmoid, "g": nnlib.sigmoid, "g_prime": nnlib.sigmoid_prime}


def arguments(sn):
    # every symbol, in the order of the numbers below: W^1, W^2, b^1, b^2, X, Y, each row by row
    return [*(w for l in sn.W for w in sn.W[l]), *(b for l in sn.b for b in sn.b[l]), *sn.X, *sn.Y]


def values(net):
    return [*(v for W in net.weights for v in W.ravel()), *(v for b in net.biases for v in b.ravel()),
            *X.ravel(), *Y.ravel()]


def bp1_numbers(sn, formula, net):
    f = sp.lambdify(arguments(sn), formula, modules=[numeric, "numpy"])
    return np.array(f(*values(net)), dtype=float)


def bp1_sigmoid_quadratic(sn):                                    # (a − y) ⊙ a(1 − a)
    aL = sn.a[sn.L]
    return (aL - sn.Y).multiply_elementwise(aL.applyfunc(lambda v: v * (1 - v)))


def bp1_generic_quadratic(sn):                                    # (a − y) ⊙ g'(z)
    return (sn.a[sn.L] - sn.Y).multiply_elementwise(sn.z[sn.L].applyfunc(g_prime))


def bp1_sigmoid_cross_entropy(sn):                                # a − y
    return sn.a[sn.L] - sn.Y


cases = [("sigmoid", "quadratic", bp1_sigmoid_quadratic),
         ("g", "quadratic", bp1_generic_quadratic),
         ("sigmoid", "cross_entropy", bp1_sigmoid_cross_entropy)]
for activation, cost, bp1_of in cases:
    sn = SymbolicNetwork(sizes, activation=activation, cost=cost, m=m)
    formula = bp1_of(sn)                                          # (n_L, m): one column per example
    assert all(equal(u, v) for u, v in zip(formula, sn.delta_by_diff(sn.L)))   # against sympy.diff, not BP1
    net = nnlib.Network(sizes, cost=cost, seed=5)
    err = nnlib.rel_error(bp1_numbers(sn, formula, net), net.deltas(X, Y)[-1])
    assert err < 1e-10
    print(f"{activation:>7} + {cost:<13}  BP1 symbolic = nnlib.Network.deltas(X, Y)[-1]  (relative error < 1e-10)")

# %% [markdown]
# The symbolic check can fail. The two classic slips, keeping $\sigma'$ after the cross-entropy has cancelled it
# and dropping it from the quadratic cost's $\delta^L$, give formulas of the right shape, and the same comparison
# with `sympy.diff` rejects both:

# %%
slips = [("sigmoid", "cross_entropy", bp1_sigmoid_quadratic, "σ' kept with the cross-entropy"),
         ("sigmoid", "quadratic", bp1_sigmoid_cross_entropy, "σ' dropped from the quadratic cost")]
for activation, cost, bp1_of, name in slips:
    sn = SymbolicNetwork(sizes, activation=activation, cost=cost, m=m)
    formula = bp1_of(sn)
    assert formula.shape == sn.delta_by_diff(sn.L).shape
    assert not any(equal(u, v) for u, v in zip(formula, sn.delta_by_diff(sn.L)))   # wrong in every entry
    print(f"{name:<36} rejected in all {len(formula)} entries")

# %% [markdown]
# ## 8. For every size
#
# Everything so far was checked on networks with two or three output units. Strictly, a check on three units says
# nothing about four, or about the ten of a digit classifier. SymPy can do more than check. With its **indexed**
# objects (`IndexedBase`, `Idx`, `Sum`), the number of output units becomes a symbol $n_L$, the cost becomes a sum
# $\sum_{i=1}^{n_L}$ whose length SymPy does not know, and we differentiate with respect to one *generic* entry
# $z^L_j$, where $j$ is declared to lie in $1,\dots,n_L$ and is otherwise unknown. What comes out holds for every
# $n_L$ and every $j$: a proof, not a check.
#
# `nnlib.symbolic.general_layer()` holds these symbols: the widths, the indexed quantities $z^L$ and $y$, and the
# indices. Here is the quadratic cost of $n_L$ outputs and SymPy's derivative with respect to $z^L_j$:

# %%
from IPython.display import display

from nnlib.symbolic import Label, general_layer, prove_bp1, random_value, readable, sum_kronecker

s = general_layer()                        # n_L is a positive integer symbol; j and i are indices in 1 … n_L
j, i, n_L = s.jL, s.iL, s.n_L
C_general = sp.Sum(sp.Rational(1, 2) * (g(s.z_L[i]) - s.y[i]) ** 2, (i, 1, n_L))
raw = sp.diff(C_general, s.z_L[j])         # one generic entry z^L_j
display(sp.Eq(Label("C"), readable(C_general), evaluate=False),
        sp.Eq(Label("∂C/∂z^L_j", r"\frac{\partial C}{\partial z^{L}_{j}}"), readable(raw), evaluate=False))
assert raw.has(sp.KroneckerDelta)

# %% [markdown]
# SymPy differentiated every term of the sum: $\partial z^L_i / \partial z^L_j$ is the **Kronecker delta**
# $\delta_{ij}$, which is 1 when $i = j$ and 0 otherwise (it has nothing to do with the error $\delta^L$ but its
# name). So only the term $i = j$ survives. SymPy's own `doit` knows this, but it keeps a case that cannot happen: it
# answers with a `Piecewise` guarded by $j \le n_L$, although $j$ was declared in $1,\dots,n_L$. The small helper
# `nnlib.symbolic.sum_kronecker` uses the declared range of $j$ to sum the delta out (and leaves it alone when the
# range is not known to fit, so that a proof that needed it fails rather than passing wrongly; its own tests are in
# `tests/test_symbolic_general.py`):

# %%
assert isinstance(raw.doit(), sp.Piecewise)          # SymPy alone: a case split on j ≤ n_L
derived = sum_kronecker(raw)
bp1_general = (g(s.z_L[j]) - s.y[j]) * g_prime(s.z_L[j])
assert sp.expand(derived - bp1_general) == 0         # BP1 for every n_L and every j
display(sp.Eq(Label("∂C/∂z^L_j", r"\frac{\partial C}{\partial z^{L}_{j}}"), readable(derived), evaluate=False))

# %% [markdown]
# `prove_bp1(cost)` runs the same steps for the three output layers of the course, each with its own cost:
#
# | cost | output | $C$ | BP1 |
# |---|---|---|---|
# | quadratic | any $g$ | $\sum_i \tfrac12 (g(z^L_i) - y_i)^2$ | $\delta^L_j = (a^L_j - y_j)\,g'(z^L_j)$ |
# | cross-entropy | sigmoid | $-\sum_i \big[y_i \ln a^L_i + (1 - y_i)\ln(1 - a^L_i)\big]$ | $\delta^L_j = a^L_j - y_j$ |
# | categorical cross-entropy | softmax | $-\sum_i y_i \ln a^L_i$, $a^L_i = e^{z^L_i} / \sum_p e^{z^L_p}$ | $\delta^L_j = a^L_j - y_j$ |
#
# Each returns a `Proof`: the raw derivative, the claim, and the **residual** (derivative minus claim, with the
# Kronecker deltas summed out), which must be exactly 0:

# %%
bp1_proofs = {cost: prove_bp1(cost) for cost in ("quadratic", "cross_entropy", "softmax")}
for cost, proof in bp1_proofs.items():
    assert proof.residual == 0, cost
    display(proof.equation())

# %% [markdown]
# The softmax case needs one fact about the targets: they sum to 1, as a one-hot label or a probability vector
# does. The derivative SymPy finds is $a^L_j \sum_i y_i - y_j$; only with $\sum_i y_i = 1$ is it $a^L_j - y_j$.
# Without that fact the proof fails, and numbers at $n_L = 3$ (random targets that do not sum to 1) show that the
# residual, derivative minus $a^L_j - y_j$, really is not 0:

# %%
unconstrained = prove_bp1("softmax", assume_targets_sum_to_one=False)
assert not unconstrained.holds
display(sp.Eq(Label("∂C/∂z^L_j", r"\frac{\partial C}{\partial z^{L}_{j}}"), readable(unconstrained.derived),
              evaluate=False))
value = random_value(unconstrained.residual, {n_L: 3}, {j: 1})
assert abs(value) > 1e-3
print(f"residual at n_L = 3, random z and y: {value:.4f}")

# %% [markdown]
# ### The general and the concrete cannot drift
#
# The general formula must also agree with everything checked before. `instance(expr, sizes, values, rows=…)`
# substitutes a concrete $n_L$, writes the sums out, and replaces the indexed entries by a network's own
# quantities. At $n_L = 1, \dots, 4$ it gives exactly `sympy.diff` of a `SymbolicNetwork`'s cost, and with
# numbers it gives `nnlib.Network.deltas`:

# %%
from nnlib.symbolic import instance, to_numbers

for n_out in (1, 2, 3, 4):
    for cost, activation in (("quadratic", "g"), ("cross_entropy", "sigmoid")):
        sym_net = SymbolicNetwork([2, 2, n_out], activation=activation, cost=cost)
        general = instance(bp1_proofs[cost].claimed, {n_L: n_out},
                           {s.z_L: sym_net.z[sym_net.L], s.y: sym_net.Y}, rows=(j, n_out))
        assert all(equal(u, v) for u, v in zip(general, sym_net.delta_by_diff(sym_net.L)))

rng_check = np.random.default_rng(3)
for cost, output, proof in (("quadratic", "sigmoid", bp1_proofs["quadratic"]),
                            ("cross_entropy", "sigmoid", bp1_proofs["cross_entropy"]),
                            ("cross_entropy", "softmax", bp1_proofs["softmax"])):
    for n_out in (2, 4):
        num_net = nnlib.Network([3, 4, n_out], activations=["sigmoid", output], cost=cost, seed=7)
        X_check = rng_check.standard_normal((3, 2))
        Y_check = np.eye(n_out)[:, rng_check.integers(0, n_out, 2)]     # one-hot: Σ_j y_j = 1
        zs_check, _ = num_net.forward(X_check)
        expected = num_net.deltas(X_check, Y_check)[-1]
        for x in range(2):
            values = {s.z_L: zs_check[-1][:, [x]], s.y: Y_check[:, [x]]}
            got = to_numbers(instance(proof.claimed, {n_L: n_out}, values, rows=(j, n_out)))
            assert nnlib.rel_error(got, expected[:, [x]]) < 1e-10
print("the general BP1, at n_L = 1 … 4, equals sympy.diff of the instances and nnlib's δ^L in numbers")

# %% [markdown]
# The proofs are quick (the times vary from machine to machine, so this cell's output is not compared):

# %%
# NBVAL_IGNORE_OUTPUT
for cost, proof in bp1_proofs.items():
    print(f"BP1, {cost:<13}: proved in {proof.seconds:.3f} s")

# %% [markdown]
# ## Sources
#
# - **Seed 001** (a Chinese student's notes on Andrew Ng's *Machine Learning* course): the cost $J$ and its BP1,
#   with the $y_{ik}$ slip corrected above. Ng's own course uses the logistic cost, section 5's cross-entropy.
# - **Seed 002** (a Chinese translation of a Stack Overflow question and answer about Andrew Trask's "A Neural
#   Network in 11 lines of Python"): the `nonlin(x, deriv=True)` helper and the question which error the update
#   minimizes; the quoted answer's "absolute error" is refuted in section 6.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).

# %% [markdown]
# ## Summary
#
# - Seed 001's cost is $J = \frac1m\sum_x C_x$ with $C_x = \tfrac12\lVert a^L - y\rVert^2$; derivatives of $J$ are
#   means of per-example derivatives, so backpropagation works one example at a time.
# - **BP1:** $\delta^L = \nabla_a C \odot \sigma'(z^L)$, derived from the chain rule because each $a^L_j$ depends
#   only on $z^L_j$; for the quadratic cost $\delta^L = (a^L - y) \odot g'(z^L)$, checked against `sympy.diff`
#   for a generic $g$ and for the sigmoid.
# - $\sigma' = \sigma(1 - \sigma)$, so the slope can be computed **from the output**: seed 002's
#   `nonlin(a, deriv=True)` must be given $a = \sigma(z)$; given $z$ it returns a wrong value.
# - With the cross-entropy cost, $\sigma'$ cancels and $\delta^L = a^L - y$: no learning slowdown for a
#   saturated, wrong output.
# - Seed 002's update `k2_delta = k2_error * nonlin(k2, deriv=True)`, `syn += …` is gradient **descent on the
#   squared error** $\tfrac12\sum(y - a)^2$ (learning rate 1, summed over examples), not on the absolute error;
#   the printed mean $|y - a|$ only monitors training.
# - The symbolic BP1, lambdified, equals `nnlib.Network.deltas(X, Y)[-1]` to a relative error below $10^{-10}$.
# - **For every size:** with $n_L$ a symbol and a generic entry $z^L_j$, SymPy proves BP1 for the quadratic cost,
#   for the cross-entropy after a sigmoid and, given $\sum_j y_j = 1$, after a softmax; substituted at
#   $n_L = 1, \dots, 4$ the general formula equals the instance checks and `nnlib`.
#
# Next, lesson 04 carries $\delta$ from the output layer back through the hidden layers (BP2).
