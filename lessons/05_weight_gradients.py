# %% [markdown]
# # Lesson 05 — Weight and bias gradients (BP3, BP4)
#
# **After this lesson you will be able to**
#
# - derive the gradient of every bias and weight from the errors $\delta$: $\partial C/\partial b^l = \delta^l$ (BP3)
#   and $\partial C/\partial W^l = \delta^l (a^{l-1})^\mathsf{T}$ (BP4);
# - explain why, for a batch of $m$ examples stored as columns, the single product $\delta^l (A^{l-1})^\mathsf{T}$ already
#   sums the per-example gradients, and why we then divide by $m$ (Ng's $\Delta$ accumulation and $D = \Delta/m$);
# - check that every gradient has the shape of the parameter it belongs to;
# - add the gradient $(\lambda/m)\,W^l$ of the L2 penalty;
# - check BP3 and BP4 against `sympy.diff` for every entry, and `nnlib.Network.backprop` against them on random numbers;
# - translate the result into the row-vector form $A^\mathsf{T}\delta$ used by seed 000 and by *Deep Learning from Scratch*.
# - prove BP3 and BP4, with the $1/m$ and the $(\lambda/m)W$ term, for **any** widths and **any** batch size $m$.

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
# ## One weight, one path
#
# Lessons 03 and 04 gave us the error of every unit, $\delta^l_j = \partial C/\partial z^l_j$. The parameters sit one
# step before the weighted inputs:
#
# $$z^l_j = \sum_{k} w^l_{jk}\,a^{l-1}_k + b^l_j .$$
#
# The weight $w^l_{jk}$ appears in **one** weighted input only, $z^l_j$, where it multiplies $a^{l-1}_k$. (Contrast
# the activation $a^l_j$ of lesson 04, which fed every unit of the next layer.) So there is a single path from
# $w^l_{jk}$ to the cost, and everything after $z^l_j$ on that path is already packed into $\delta^l_j$:
#
# $$
# \frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C}{\partial z^l_j}\,\frac{\partial z^l_j}{\partial w^l_{jk}}
# = \delta^l_j\,a^{l-1}_k \quad\text{(BP4)},
# \qquad
# \frac{\partial C}{\partial b^l_j} = \delta^l_j \cdot 1 = \delta^l_j \quad\text{(BP3)}.
# $$
#
# The local factors are quick to check with the short symbols $a^{l-1}_k$ of a small network: $z^l_i$ depends on
# $w^l_{jk}$ only when $i = j$, with slope $a^{l-1}_k$, and on $b^l_j$ with slope 1.

# %%
from IPython.display import display

from nnlib.symbolic import Label, Lines, SymbolicNetwork, equal, symbol

net = SymbolicNetwork([2, 3, 2], activation="g")      # one example, generic activation g
for l in range(1, net.L + 1):
    z_local = net.W[l] * net.a_sym[l - 1] + net.b[l]  # z^l = W^l a^{l-1} + b^l, with short symbols a^{l-1}
    for i in range(net.sizes[l]):
        for j in range(net.sizes[l]):
            for k in range(net.sizes[l - 1]):
                slope = sp.diff(z_local[i], net.W[l][j, k])
                assert slope == (net.a_sym[l - 1][k] if i == j else 0)
            assert sp.diff(z_local[i], net.b[l][j]) == (1 if i == j else 0)
print("∂z^l_i/∂w^l_jk = a^{l-1}_k if i = j, else 0;  ∂z^l_i/∂b^l_j = 1 if i = j, else 0")

# %% [markdown]
# ## All the entries at once: an outer product
#
# Collect $\delta^l_j\,a^{l-1}_k$ into a matrix with row $j$ and column $k$. That matrix is the column $\delta^l$ times
# the row $(a^{l-1})^\mathsf{T}$, an **outer product**:
#
# $$\frac{\partial C}{\partial W^l} = \delta^l\,(a^{l-1})^\mathsf{T}, \qquad (n_l, 1)\,(1, n_{l-1}) \to (n_l, n_{l-1}),$$
#
# exactly the shape of $W^l$: every weight gets one number. Here is $\partial C/\partial W^2$ for the $[2, 3, 2]$ network,
# written with short symbols, and the check that each entry is `sympy.diff` of the cost:

# %%
outer = net.delta[2] * net.a[1].T
display(sp.Eq(Label("∂C/∂W^2", r"\frac{\partial C}{\partial W^{2}}"), net.compact(outer), evaluate=False))

for l in range(1, net.L + 1):
    grad = net.delta[l] * net.a[l - 1].T
    assert grad.shape == net.W[l].shape
    for (j, k), w in np.ndenumerate(np.array(net.W[l])):
        assert equal(grad[j, k], sp.diff(net.J, w))                      # BP4
    for j in range(net.sizes[l]):
        assert equal(net.delta[l][j], sp.diff(net.J, net.b[l][j]))       # BP3
print("BP3 and BP4 equal sympy.diff for every bias and weight of the [2, 3, 2] network (one example)")

# %% [markdown]
# The same outer product in numbers. For one example pushed through a sigmoid `Network([2, 3, 2])`, the grid
# below has the column $\delta^2$ on its left and the row $(a^1)^\mathsf{T}$ on top; cell $(j, k)$ is their product
# $\delta^2_j a^1_k$, the gradient of the weight $w^2_{jk}$ from unit $k$ of layer 1 to unit $j$ of layer 2. Every
# row is a multiple of $(a^1)^\mathsf{T}$ and every column a multiple of $\delta^2$: a weight learns fast when the
# unit it enters has a large error *and* the unit it leaves is active. The cell asserts that the grid it drew is
# `nnlib`'s $\partial C/\partial W^2$ for that example:

# %%
small = nnlib.Network([2, 3, 2], seed=7)
x = np.array([[0.5], [-1.0]])                        # one example: m = 1, so ∂J/∂W = ∂C/∂W
y = np.array([[1.0], [0.0]])
_, activations = small.forward(x)
delta = small.deltas(x, y)                           # delta[1] = δ^2, (2, 1)
_, nabla_w = small.backprop(x, y)

ax = nnlib.plot.outer_product(delta[1], activations[1], l=2)
grid = ax.images[0].get_array()
assert grid.shape == small.weights[1].shape == (2, 3)                        # the shape of W^2
assert nnlib.rel_error(grid, nabla_w[1]) < 1e-12                             # BP4: δ^2 (a^1)ᵀ is ∂C/∂W^2
assert np.linalg.matrix_rank(grid) == 1                                      # an outer product has rank 1
cells = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
assert all(cells[f"cell:{j + 1}:{k + 1}"] == f"{nabla_w[1][j, k]:.3g}" for j in range(2) for k in range(3))
plt.show()

# %% [markdown]
# ## A batch: Ng's $\Delta$ and $D = \Delta/m$
#
# Over a batch the cost is the mean, $J = \frac1m\sum_x C_x$ (no regularization yet), so its gradient is the mean
# of the per-example gradients. Ng's course (seed 001) computes it with a loop: start from $\Delta^{(l)} = 0$; for each
# training example $x$ run the forward and backward pass and add $\delta^{(l+1)}_x\,(a^{(l)}_x)^\mathsf{T}$; at the end
# $D^{(l)} = \frac1m\Delta^{(l)}$ is the gradient. (Ng's $w^{(l)}$ is our $W^l$, and his $\delta^{(l+1)}$, $a^{(l)}$
# are our $\delta^l$, $a^{l-1}$; see lesson 00. Ng marks the example with a superscript, $x^{(i)}$; the course
# writes it as the last subscript, $\delta^l_x$ for example $x$'s column and $\delta^l_{j,x}$ for one entry.)
#
# With the examples as the columns of $A^{l-1}$ (shape $(n_{l-1}, m)$) and of $\delta^l$ (shape $(n_l, m)$), the loop
# is a single matrix product. Entry $(j, k)$ of $\delta^l (A^{l-1})^\mathsf{T}$ is
#
# $$\big(\delta^l (A^{l-1})^\mathsf{T}\big)_{jk} = \sum_{x=1}^{m} \delta^l_{j,x}\,a^{l-1}_{k,x},$$
#
# a sum over the index the two matrices share, **which is the example index**. So
#
# $$\frac{\partial J}{\partial W^l} = \frac1m\,\delta^l (A^{l-1})^\mathsf{T}
# = \frac1m \sum_{x=1}^m \delta^l_x (a^{l-1}_x)^\mathsf{T},
# \qquad \frac{\partial J}{\partial b^l} = \frac1m \sum_{x=1}^m \delta^l_x .$$
#
# With $m = 2$ examples, SymPy runs Ng's loop and compares it with the matrix form. The symbols of example $x$ carry
# it as their last index ($x_{1,2}$ is input 1 of example 2), and column $x$ of $\delta^l$ involves example $x$ alone.
# The entry $D^2_{11}$ is printed one example per line:

# %%
m = 2
net2 = SymbolicNetwork([2, 3, 2], activation="g", m=m)

for l in range(1, net2.L + 1):
    for i in range(m):
        others = set(net2.X[:, 1 - i]) | set(net2.Y[:, 1 - i])
        assert not net2.delta[l][:, i].free_symbols & others           # column i is example i's δ

Delta = {l: sp.zeros(*net2.W[l].shape) for l in range(1, net2.L + 1)}
for i in range(m):                                                     # Ng's loop over the examples
    for l in range(1, net2.L + 1):
        Delta[l] += net2.delta[l][:, i] * net2.a[l - 1][:, i].T
D = {l: Delta[l] / m for l in Delta}

for l in range(1, net2.L + 1):
    matrix_form = net2.delta[l] * net2.a[l - 1].T / m
    assert all(equal(u, v) for u, v in zip(D[l], matrix_form))          # Δ/m = δ Aᵀ / m
    assert all(equal(u, v) for u, v in zip(D[l], net2.grad_W[l]))       # ... which SymbolicNetwork uses
print("Ng's D = Δ/m equals δ^l (A^{l-1})ᵀ / m for both layers")
display(Lines(symbol("D", 2, "11"), net2.compact(D[2][0, 0])))


# %% [markdown]
# ## Every entry against `sympy.diff`
#
# `SymbolicNetwork.verify()` does the complete check: for every weight and every bias of the network it takes
# `sympy.diff` of the batch cost $J$ (the long way, through all the nested layers) and compares it with the
# BP3/BP4 expression $\frac1m\delta^l(A^{l-1})^\mathsf{T}$ or $\frac1m\sum_x\delta^l_x$. It raises if any entry differs.
# We run it on two networks with $m = 2$, one with two hidden layers, and on a sigmoid output with the
# cross-entropy cost, where BP1 simplifies to $\delta^L = a^L - y$ (lesson 03):

# %%
def n_parameters(sizes):
    return sum(n * (n_prev + 1) for n_prev, n in zip(sizes[:-1], sizes[1:]))


cases = [([2, 3, 2], "g", "quadratic"), ([2, 3, 3, 2], "g", "quadratic"), ([2, 3, 2], "sigmoid", "cross_entropy")]
for sizes, activation, cost in cases:
    result = SymbolicNetwork(sizes, activation=activation, cost=cost, m=2).verify()
    assert result["checked"] == n_parameters(sizes)
    print(f"{str(sizes):<13} {activation:<8} {cost:<14} all {result['checked']} entries equal sympy.diff")

# %% [markdown]
# `check_entries()` returns the rows behind that verdict. Here is one of them, the first weight of the
# $[2, 3, 2]$ batch network, with both examples visible: first what `sympy.diff` returns, then BP4. `sympy.diff`
# lists four products, one per path and example ($w^1_{11}$ reaches both output units, in each of the two
# examples), printed one per line; BP4 groups each example's two paths inside $\delta^1_{1,x}$, exactly as lesson 04
# did.

# %%
weight, bp, by_diff, same = net2.check_entries()[0]
assert weight == net2.W[1][0, 0] and same
dJ_dw = Label("∂J/∂w^1_11", r"\frac{\partial J}{\partial w^{1}_{11}}")
display(Lines(dJ_dw, net2.compact(by_diff)))
bp4 = Label("BP4: (1/m)(δ^1 (A^0)ᵀ)_11", r"\text{BP4: } \frac{1}{m} \left(\delta^{1} (A^{0})^{\mathsf{T}}\right)_{11}")
display(Lines(bp4, net2.compact(bp)))

# %% [markdown]
# ## Shapes
#
# Gradient descent subtracts $\eta\,\partial J/\partial W^l$ from $W^l$, so the two must have the same shape; a gradient
# of another shape would either fail or, worse, broadcast. We check it for the symbolic networks and for `nnlib`:

# %%
net3 = SymbolicNetwork([2, 3, 3, 2], activation="g", m=2)
for sym in (net2, net3):
    for l in range(1, sym.L + 1):
        assert sym.grad_W[l].shape == sym.W[l].shape == (sym.sizes[l], sym.sizes[l - 1])
        assert sym.grad_b[l].shape == sym.b[l].shape == (sym.sizes[l], 1)

network = nnlib.Network([2, 3, 3, 2], seed=5)
X = rng.standard_normal((2, 7))            # 7 examples as columns
Y = rng.random((2, 7))
nabla_b, nabla_w = network.backprop(X, Y)
for W, b, nw, nb in zip(network.weights, network.biases, nabla_w, nabla_b):
    assert nw.shape == W.shape and nb.shape == b.shape
    print(f"W {W.shape} ← ∂J/∂W {nw.shape}     b {b.shape} ← ∂J/∂b {nb.shape}")

# %% [markdown]
# ## The L2 term
#
# With regularization the cost gains $\frac{\lambda}{2m}\sum_l \lVert W^l\rVert_F^2$, a sum of squares of every weight.
# Each weight appears in it once, as $\frac{\lambda}{2m}(w^l_{jk})^2$, with derivative $\frac{\lambda}{m}w^l_{jk}$. The biases do
# not appear in it. So
#
# $$\frac{\partial J}{\partial W^l} = \frac1m\,\delta^l (A^{l-1})^\mathsf{T} + \frac{\lambda}{m}\,W^l,
# \qquad \frac{\partial J}{\partial b^l}\ \text{unchanged.}$$

# %%
net_l2 = SymbolicNetwork([2, 3, 3, 2], activation="g", m=2, lam=True)     # λ is a symbol
lam = net_l2.lam
penalty = lam / (2 * m) * sum(w ** 2 for l in net_l2.W for w in net_l2.W[l])
for l in range(1, net_l2.L + 1):
    assert all(equal(sp.diff(penalty, w), lam / m * w) for w in net_l2.W[l])
    assert all(equal(u, v) for u, v in zip(net_l2.grad_W[l], net3.grad_W[l] + lam / m * net3.W[l]))
    for b in net_l2.b[l]:                           # ∂J/∂b by sympy.diff: no λ in it, the same as without L2
        by_diff = sp.diff(net_l2.J, b)
        assert lam not in by_diff.free_symbols and equal(by_diff, sp.diff(net3.J, b))
result = net_l2.verify()
assert result["checked"] == n_parameters([2, 3, 3, 2])
print(f"with the L2 term: all {result['checked']} entries equal sympy.diff; the bias gradients are unchanged")

# %% [markdown]
# The bias check can fail: decaying the biases too, $\partial J/\partial b^l = \frac1m\sum_x\delta^l_x + \frac{\lambda}{m} b^l$,
# is a common slip (Ng's course, for one, leaves the bias column out of its regularized $D$), and the same
# comparison with `sympy.diff` rejects it in every layer:

# %%
decayed = {l: net_l2.grad_b[l] + lam / m * net_l2.b[l] for l in net_l2.b}
rejected = [l for l in decayed if not all(equal(u, sp.diff(net_l2.J, b)) for u, b in zip(decayed[l], net_l2.b[l]))]
assert rejected == [1, 2, 3]
print("biases decayed as well: rejected in layers", rejected)

# %% [markdown]
# ## Numbers: the formulas against `nnlib.Network.backprop`
#
# `lambdify()` turns the symbolic $J$, BP3 and BP4 into one numpy function, with the generic $g$ replaced by the
# sigmoid and $g'$ by $\sigma'$. `nnlib.Network.backprop` computes the same gradients its own way: one forward
# pass, BP1, a loop over BP2, then BP3 and BP4 as matrix products over the batch. On random weights and inputs, with
# and without regularization, they agree to round-off:

# %% tags=["check-backprop"]
gradients_from_sympy = net_l2.lambdify()          # f(weights, biases, X, Y, lam) -> (J, nabla_b, nabla_w)
X = rng.standard_normal((2, m))
Y = rng.random((2, m))

largest = 0.0
for lam_value in (0.0, 0.7):
    network = nnlib.Network([2, 3, 3, 2], activations="sigmoid", lam=lam_value, seed=6)
    J, sym_b, sym_w = gradients_from_sympy(network.weights, network.biases, X, Y, lam_value)
    nabla_b, nabla_w = network.backprop(X, Y)
    errors = [nnlib.rel_error(s, n) for s, n in zip(sym_b + sym_w, nabla_b + nabla_w)]
    assert abs(J - network.cost(X, Y)) < 1e-12 * abs(J)
    assert max(errors) < 1e-10, f"λ = {lam_value}: backprop differs from the formulas, relative error {max(errors):.1e}"
    largest = max(largest, *errors)
print(f"largest relative error between SymPy's gradients and Network.backprop: {largest:.0e} (< 1e-10)")

# %% [markdown]
# This comparison is a real test of `nnlib`: if its BP2 dropped the factor $\sigma'(z^l)$, say, the hidden-layer
# gradients would be off by far more than $10^{-10}$ and the `assert` would stop the notebook. The course's test
# suite does exactly that to this notebook (`tests/test_lesson_checks.py`).
#
# ## The row-vector form
#
# Some texts store examples as **rows**: the code of seed 000 and *Deep Learning from Scratch* compute
# $Z = A\,W + b$ with $A$ of shape $(m, n_{l-1})$ and a weight matrix of shape $(n_{l-1}, n_l)$. That is our layer,
# transposed throughout:
#
# $$A_{\text{row}} = (A^{l-1})^\mathsf{T}, \qquad W_{\text{row}} = (W^l)^\mathsf{T},
# \qquad \delta_{\text{row}} = (\delta^l)^\mathsf{T},
# \qquad Z_{\text{row}} = A_{\text{row}} W_{\text{row}} + (b^l)^\mathsf{T} = (z^l)^\mathsf{T}.$$
#
# Their weight gradient is $A_{\text{row}}^\mathsf{T}\,\delta_{\text{row}}$ (divided by $m$ for a mean cost), shape
# $(n_{l-1}, n_l)$ like $W_{\text{row}}$. Since $(PQ)^\mathsf{T} = Q^\mathsf{T}P^\mathsf{T}$,
#
# $$A_{\text{row}}^\mathsf{T}\,\delta_{\text{row}} = A^{l-1}(\delta^l)^\mathsf{T}
# = \big(\delta^l (A^{l-1})^\mathsf{T}\big)^\mathsf{T}:$$
#
# the same numbers, transposed, as the matrix they belong to. Seed 000's update of its hidden-to-output weights, which
# subtracts the learning rate times the transposed hidden layer output dotted with the output delta, is this form
# for one example. We check the bridge against `sympy.diff` (entry $(k, j)$ of $W_\text{row}$ is $w^l_{jk}$) and on
# numbers:

# %%
for l in range(1, net3.L + 1):
    A_row, delta_row = net3.a[l - 1].T, net3.delta[l].T                 # (m, n_{l-1}) and (m, n_l)
    grad_row = A_row.T * delta_row / m                                  # (n_{l-1}, n_l), like W_row = (W^l)ᵀ
    assert grad_row.shape == net3.W[l].T.shape
    assert all(equal(u, v) for u, v in zip(grad_row, net3.grad_W[l].T))
    for (k, j), w_row in np.ndenumerate(np.array(net3.W[l].T)):
        assert equal(grad_row[k, j], sp.diff(net3.J, w_row))
print("row form Aᵀδ/m = (δ Aᵀ/m)ᵀ, and each entry equals sympy.diff")

network = nnlib.Network([2, 3, 3, 2], seed=5)
X, Y = rng.standard_normal((2, 7)), rng.random((2, 7))
zs, activations = network.forward(X)
deltas = network.deltas(X, Y)
nabla_b, nabla_w = network.backprop(X, Y)
for l in range(1, network.L + 1):
    A_row, delta_row = activations[l - 1].T, deltas[l - 1].T
    assert nnlib.rel_error(A_row.T @ delta_row / X.shape[1], nabla_w[l - 1].T) < 1e-12
print("on numbers too: A_rowᵀ δ_row / m is the transpose of Network.backprop's ∂J/∂W")

# %% [markdown]
# ## For every width and every batch size
#
# The checks above used two networks and batches of two or seven examples. Now the widths $n_{l-1}$, $n_l$ and the
# batch size $m$ become symbols, and we differentiate with respect to one *generic* weight $W^l_{jk}$ and one generic
# bias $b^l_j$. The cost of the batch, with the L2 term, is
#
# $$J = \frac1m \sum_{x=1}^{m} C_x + \frac{\lambda}{2m} \sum_{i=1}^{n_l}\sum_{r=1}^{n_{l-1}} \big(W^l_{ir}\big)^2 + \dots,$$
#
# where the dots are the other layers' penalty terms, which do not contain $W^l$. Of the layers above we know only
# the errors $\delta^l_{i,x} = \partial C_x/\partial z^l_{i,x}$ (proved for every width in lessons 03 and 04). Each
# $C_x$ depends on $W^l$ and $b^l$ only through the $n_l$ weighted inputs $z^l_{i,x} = \sum_r W^l_{ir} a^{l-1}_{r,x} + b^l_i$
# of its own example, so the chain rule gives
# $\partial C_x/\partial W^l_{jk} = \sum_i \delta^l_{i,x}\, \partial z^l_{i,x}/\partial W^l_{jk}$. As in lesson 04, that
# sum is written out, and SymPy takes the derivatives inside it and of the penalty. Two Kronecker deltas appear,
# one for the row and one for the column of the weight:

# %%
from nnlib.symbolic import (Label, classic_mistakes, general_layer, instance, prove_all, prove_bp3, prove_bp4,
                            random_value, readable, to_numbers)

s = general_layer()
display(sp.Eq(Label("z^l_{i,x}", r"z^{l}_{i,x}"), readable(s.z_entry(s.i, s.x)), evaluate=False))

bp3_proof, bp4_proof = prove_bp3(), prove_bp4()
display(sp.Eq(bp4_proof.lhs, readable(bp4_proof.raw), evaluate=False))     # before the deltas are summed out
for proof in (bp3_proof, bp4_proof):
    assert proof.raw.has(sp.KroneckerDelta) and proof.residual == 0
    display(proof.equation())

# %% [markdown]
# Both residuals are exactly 0: for **every** $n_{l-1}$, $n_l$, every batch size $m$ and every $\lambda$,
#
# $$\frac{\partial J}{\partial b^l_j} = \frac1m\sum_{x=1}^m \delta^l_{j,x}, \qquad
# \frac{\partial J}{\partial W^l_{jk}} = \frac1m\sum_{x=1}^m \delta^l_{j,x}\, a^{l-1}_{k,x} + \frac{\lambda}{m} W^l_{jk},$$
#
# which are BP3 and BP4, entry by entry, with Ng's $1/m$. (The bias proof includes the L2 term in $J$ as well: it
# contributes nothing.) The classic slips fail: the forgotten $1/m$, the transposed outer product $a\,\delta^\mathsf{T}$
# (which can only be written when $n_l = n_{l-1}$), and $\frac{\lambda}{2m}W$, where the 2 from differentiating the
# square was lost. Each residual is shown to be really nonzero by numbers at concrete sizes:

# %%
for case in classic_mistakes():
    if case["equation"] not in ("BP3", "BP4"):
        continue
    wrong = case["proof"]()
    value = random_value(wrong.residual, case["sizes"], {s.j: 1, s.k: 2})
    assert not wrong.holds and abs(value) > 1e-6          # far above round-off (about 1e-16)
    print(f"{case['equation']}: {case['mistake']:<42} residual ≠ 0, e.g. {value:+.2e}")

# %% [markdown]
# ### The general and the concrete cannot drift
#
# Substituted at the widths of the $[2, 3, 3, 2]$ network with $m = 2$ and the symbol $\lambda$, the general BP3 and
# BP4 give exactly the instance's gradients, which `verify()` compared with `sympy.diff` above. With numbers,
# $\lambda = 0.7$ and a batch of seven, they give `nnlib.Network.backprop`:

# %%
sizes_l2 = net_l2.sizes
for l in range(1, net_l2.L + 1):
    widths = {s.n_prev: sizes_l2[l - 1], s.n: sizes_l2[l], s.m: net_l2.m}
    values = {s.delta: net_l2.delta[l], s.a_prev: net_l2.a[l - 1], s.W: net_l2.W[l]}
    grad_W = instance(bp4_proof.claimed, widths, values, rows=(s.j, sizes_l2[l]), cols=(s.k, sizes_l2[l - 1]))
    grad_b = instance(bp3_proof.claimed, widths, values, rows=(s.j, sizes_l2[l]))
    assert all(equal(u, v) for u, v in zip(grad_W.subs(s.lam, lam), net_l2.grad_W[l]))
    assert all(equal(u, v) for u, v in zip(grad_b, net_l2.grad_b[l]))

network_l2 = nnlib.Network([2, 3, 3, 2], lam=0.7, seed=6)
X7, Y7 = rng.standard_normal((2, 7)), rng.random((2, 7))
_, activations7 = network_l2.forward(X7)
deltas7 = network_l2.deltas(X7, Y7)
nabla_b7, nabla_w7 = network_l2.backprop(X7, Y7)
for l in range(1, network_l2.L + 1):
    n_prev, n_l = network_l2.sizes[l - 1], network_l2.sizes[l]
    widths = {s.n_prev: n_prev, s.n: n_l, s.m: 7}
    values = {s.delta: deltas7[l - 1], s.a_prev: activations7[l - 1], s.W: network_l2.weights[l - 1]}
    grad_W = to_numbers(instance(bp4_proof.claimed.subs(s.lam, 0.7), widths, values, rows=(s.j, n_l), cols=(s.k, n_prev)))
    grad_b = to_numbers(instance(bp3_proof.claimed, widths, values, rows=(s.j, n_l)))
    assert nnlib.rel_error(grad_W, nabla_w7[l - 1]) < 1e-10 and nnlib.rel_error(grad_b, nabla_b7[l - 1]) < 1e-10
print("general BP3/BP4 = the instance's gradients (symbolic), and = Network.backprop with λ = 0.7, m = 7 (numbers)")

# %% [markdown]
# ### All the proofs of lessons 03–05
#
# BP1 (three output layers), BP2 and BP3/BP4, run together from an empty SymPy cache, take well under the ten
# seconds the course allows them; `benchmarks/bench_symbolic_proofs.py` measures each one over several runs. The
# times depend on the machine, so this cell's output is not compared:

# %%
# NBVAL_IGNORE_OUTPUT
import time

sp.core.cache.clear_cache()
start = time.perf_counter()
proofs = prove_all()
total = time.perf_counter() - start
assert all(p.residual == 0 for p in proofs)           # the times are printed, never asserted (busy machines vary)
for p in proofs:
    print(f"{p.name:<30} {p.seconds:6.3f} s")
print(f"{'all together':<30} {total:6.3f} s")

# %% [markdown]
# ## Sources
#
# - **Seed 001** (notes on Andrew Ng's *Machine Learning* course): the accumulation $\Delta^{(l)} \mathrel{+}=
#   \delta^{(l+1)}(a^{(l)})^\mathsf{T}$ and $D^{(l)} = \Delta^{(l)}/m$. Ng's course itself adds $\frac{\lambda}{m}$ times
#   the weights, without the bias column, to $D$: the L2 gradient above.
# - **Seed 000** (Udacity's sentiment-analysis network, lesson 10) and Koki Saitoh's *Deep Learning from Scratch*,
#   chapter 5: the row-vector form $A^\mathsf{T}\delta$.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).

# %% [markdown]
# ## Summary
#
# - A weight enters a single weighted input, so its gradient has a single path:
#   $\partial C/\partial w^l_{jk} = \delta^l_j a^{l-1}_k$ (BP4) and $\partial C/\partial b^l_j = \delta^l_j$ (BP3).
#   In matrix form $\partial C/\partial W^l = \delta^l (a^{l-1})^\mathsf{T}$, an outer product with the shape of $W^l$.
# - For a batch stored as columns, $\delta^l (A^{l-1})^\mathsf{T}$ sums over the examples by itself; dividing by $m$ gives the
#   gradient of the mean cost. This is Ng's $\Delta$ accumulation and $D = \Delta/m$, checked symbolically.
# - The L2 penalty adds $(\lambda/m)W^l$ to the weight gradients and nothing to the bias gradients.
# - Every entry of $\partial J/\partial W^l$ and $\partial J/\partial b^l$ equals `sympy.diff` of the cost, for $[2,3,2]$ and
#   $[2,3,3,2]$ with two examples, with and without $\lambda$; every gradient has its parameter's shape;
#   `nnlib.Network.backprop` matches the formulas to round-off.
# - The row-vector form $A^\mathsf{T}\delta$ of seed 000 and *Deep Learning from Scratch* is the transpose of $\delta A^\mathsf{T}$.
# - **For every size:** with $n_{l-1}$, $n_l$ and $m$ symbols, SymPy proves BP3 and BP4 (with $1/m$ and
#   $(\lambda/m)W$) entry by entry; with lessons 03 and 04, all four equations are proved for every network and
#   batch, and checked on instances and numbers as well.
#
# **Next:** lesson 06 checks gradients without any formulas at all, by finite differences, and shows when that check
# itself can mislead.
