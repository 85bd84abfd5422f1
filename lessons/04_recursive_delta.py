# %% [markdown]
# # Lesson 04 — The recursive δ rule (BP2)
#
# **After this lesson you will be able to**
#
# - carry the error $\delta$ of one layer back to the layer below it, one chain-rule path at a time;
# - explain why the derivative with respect to a weight deep in a network is a **sum over paths**, using the
#   two-path example from the Andrew Ng course notes (seed 001);
# - write BP2, $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$, with indices and as matrices,
#   and translate it into Ng's layer numbering;
# - name the common wrong versions of BP2, and explain why a shape check catches only some of them;
# - check BP2 against `sympy.diff` and against `nnlib.Network.deltas`.
# - prove BP2 for **any** widths $n_l$, $n_{l+1}$, and state the induction that, with BP1 as its base, covers every depth.

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
# ## Where we are
#
# Lesson 03 defined the **error** of unit $j$ in layer $l$ as the sensitivity of the cost to that unit's
# weighted input,
#
# $$\delta^l_j = \frac{\partial C}{\partial z^l_j},$$
#
# and derived it for the output layer (BP1): $\delta^L = \nabla_a C \odot \sigma'(z^L)$, which for the quadratic cost
# $C = \tfrac12\lVert a^L - y\rVert^2$ is $(a^L - y)\odot\sigma'(z^L)$.
#
# This lesson answers the next question: **given $\delta^{l+1}$, what is $\delta^l$?** Once every layer's $\delta$ is
# known, every weight gradient follows in one line (lesson 05), so this recursion is the heart of backpropagation.
#
# We let SymPy do the bookkeeping. The network below has a symbol for every weight, bias, input and target, so its
# cost $J$ is one explicit (long) formula, and `sympy.diff` can differentiate it directly. The activation is a
# *generic* function $g$: SymPy knows only that its derivative is $g'$. Whatever we prove with $g$ therefore holds
# for every differentiable activation.

# %%
from IPython.display import display

from nnlib.symbolic import Label, SymbolicNetwork, equal, g, hadamard, symbol

sizes = [2, 3, 2, 2, 2]
net = SymbolicNetwork(sizes, activation="g")   # one example (m = 1), quadratic cost
L = net.L

for l in range(1, L + 1):
    assert net.W[l].shape == (sizes[l], sizes[l - 1])
    assert net.z[l].shape == net.b[l].shape == (sizes[l], 1)
    print(f"W^{l}: {net.W[l].shape}    b^{l}, z^{l}, a^{l}, δ^{l}: {net.z[l].shape}")

# %% [markdown]
# The network has an input of two units, **three hidden layers** of 3, 2 and 2 units, and two outputs, so $L = 4$.
# The widths are chosen on purpose: $W^2$ is not square ($2\times3$), while $W^3$ and $W^4$ are ($2\times2$). That
# difference will matter when we look at wrong versions of BP2.
#
# The entries of $z^l$ and $a^l$ are nested formulas: $a^4$ contains $z^4$, which contains $a^3$, and so on down to
# the inputs. To print them readably, `net.compact` writes each layer's values as short symbols $z^l_j$, $a^l_j$
# (and `net.full` undoes that). Here is the last layer, written with the short symbols of the layer below it:

# %%
display(sp.Eq(net.z_sym[4], net.W[4] * net.a_sym[3] + net.b[4], evaluate=False))
display(sp.Eq(sp.Symbol("J"), net.compact(net.J), evaluate=False))

# %% [markdown]
# ## Seed 001's two-path example
#
# The notes on Ng's course (seed 001) derive BP2 from one weight, $w^{(3)}_{11}$ in Ng's numbering. It is the weight
# from unit 1 of a hidden layer into unit 1 of the **last** hidden layer, whose units both feed the two output
# units. In this course's numbering the same weight is $w^3_{11}$ (the matrix superscript happens to be the same in
# both numberings; the layer numbers of $z$, $a$ and $\delta$ shift by one, as the index bridge below shows).
#
# Follow $w^3_{11}$ forward. It enters only $z^3_1$, so it changes only $a^3_1$; but $a^3_1$ enters **both**
# $z^4_1$ and $z^4_2$:
#
# $$
# w^3_{11} \;\to\; z^3_1 \;\to\; a^3_1 \;\to\;
# \begin{cases}
# z^4_1 \to a^4_1 \to J_1 = \tfrac12 (a^4_1 - y_1)^2 \\[2pt]
# z^4_2 \to a^4_2 \to J_2 = \tfrac12 (a^4_2 - y_2)^2
# \end{cases}
# $$
#
# The cost of this example is the sum of the two output terms, $J = J_1 + J_2$ (the seed writes
# $J_i = J_{i1} + J_{i2}$ for example $i$). The derivative of a sum is the sum of the derivatives, so
#
# $$\frac{\partial J}{\partial w^3_{11}} = \frac{\partial J_1}{\partial w^3_{11}} + \frac{\partial J_2}{\partial w^3_{11}}:$$
#
# **one term per path**. Each term is an ordinary chain rule along its path. For the first path,
#
# $$
# \frac{\partial J_1}{\partial w^3_{11}} =
# \underbrace{\frac{\partial J_1}{\partial a^4_1}\,\frac{\partial a^4_1}{\partial z^4_1}}_{\delta^4_1}\;
# \frac{\partial z^4_1}{\partial a^3_1}\;
# \frac{\partial a^3_1}{\partial z^3_1}\;
# \frac{\partial z^3_1}{\partial w^3_{11}} .
# $$
#
# Each factor is the derivative of one small local formula. SymPy takes them one at a time, using the short symbols
# as independent variables:

# %%
z3, a3, z4, a4 = net.z_sym[3], net.a_sym[3], net.z_sym[4], net.a_sym[4]
a2, y = net.a_sym[2], net.Y
w = net.W[3][0, 0]                        # w^3_11
z3_local = net.W[3] * a2 + net.b[3]       # z^3 = W^3 a^2 + b^3
z4_local = net.W[4] * a3 + net.b[4]       # z^4 = W^4 a^3 + b^4
J1 = (a4[0] - y[0]) ** 2 / 2
J2 = (a4[1] - y[1]) ** 2 / 2

factors = {
    "∂J_1/∂a^4_1": sp.diff(J1, a4[0]),
    "∂a^4_1/∂z^4_1": sp.diff(g(z4[0]), z4[0]),
    "∂z^4_1/∂a^3_1": sp.diff(z4_local[0], a3[0]),
    "∂a^3_1/∂z^3_1": sp.diff(g(z3[0]), z3[0]),
    "∂z^3_1/∂w^3_11": sp.diff(z3_local[0], w),
}
for name, factor in factors.items():
    print(f"{name:>15} = {factor}")

assert factors["∂z^4_1/∂a^3_1"] == net.W[4][0, 0]     # the weight on the path
assert factors["∂z^3_1/∂w^3_11"] == a2[0]             # the input to the weight

# %% [markdown]
# The first two factors are $\delta^4_1 = (a^4_1 - y_1)\,g'(z^4_1)$, BP1 from lesson 03. The second path differs only
# where it leaves $a^3_1$: it goes through $z^4_2$, whose weight from $a^3_1$ is $w^4_{21}$. So
#
# $$
# \frac{\partial J_1}{\partial w^3_{11}} = \delta^4_1\, w^4_{11}\, g'(z^3_1)\, a^2_1, \qquad
# \frac{\partial J_2}{\partial w^3_{11}} = \delta^4_2\, w^4_{21}\, g'(z^3_1)\, a^2_1 .
# $$
#
# Now the check. `net.full` turns the hand-made path products back into formulas in the weights and inputs, and we
# compare them with `sympy.diff` of the cost terms themselves, taken the long way through the whole nested formula:

# %%
delta4 = net.compact(net.delta[4])            # BP1, with short symbols: (a^4 - y) ⊙ g'(z^4)
path1 = delta4[0] * net.W[4][0, 0] * net.prime(z3)[0] * a2[0]
path2 = delta4[1] * net.W[4][1, 0] * net.prime(z3)[0] * a2[0]
display(sp.Eq(Label("path 1", r"\text{path 1}"), path1, evaluate=False),
        sp.Eq(Label("path 2", r"\text{path 2}"), path2, evaluate=False))

J1_full, J2_full = net.full(J1), net.full(J2)
assert equal(J1_full + J2_full, net.J)                        # J = J_1 + J_2
assert equal(sp.diff(J1_full, w), net.full(path1))            # path 1 is ∂J_1/∂w^3_11
assert equal(sp.diff(J2_full, w), net.full(path2))            # path 2 is ∂J_2/∂w^3_11
assert equal(sp.diff(net.J, w), net.full(path1 + path2))      # the two paths add up
print("∂J/∂w^3_11 = path 1 + path 2, checked against sympy.diff")

# %% [markdown]
# Here are the two paths on the network itself. The weight $w^3_{11}$ is the line from $a^2_1$ to $a^3_1$ (both
# paths start on it, drawn side by side); from $a^3_1$ one path runs to output unit 1 and the cost term $J_1$, the
# other to output unit 2 and $J_2$. Above each gap stand the matrix's names in both numberings: the gap that holds
# $w^3_{11}$ is $W^3$ here and $w^{(3)}$ in seed 001, whose layer numbers, under the picture, are one higher.
# The cell asserts that the drawn paths are the ones the derivation used: each ends on the output unit of its
# cost term, and the weights along it are the factors $w^3_{11}$ and $w^4_{j1}$ of the products above.

# %%
paths = [[(2, 1), (3, 1), (4, 1)], [(2, 1), (3, 1), (4, 2)]]
ax = nnlib.plot.network_diagram(sizes, paths=paths, annotate={(4, 1): "$J_1$", (4, 2): "$J_2$"},
                                path_labels=["path 1: through $z^4_1$ to $J_1$", "path 2: through $z^4_2$ to $J_2$"],
                                title="Seed 001's two paths from $w^3_{11}$ to the cost")
for path, product, J_term in zip(paths, (path1, path2), (J1, J2)):
    (l0, j0), (l1, j1), (l2, j2) = path
    assert net.W[l1][j1 - 1, j0 - 1] == w                                  # every path starts on w^3_11
    assert net.W[l2][j2 - 1, j1 - 1] in product.free_symbols               # and crosses w^4_{j1} on the way
    assert J_term == (a4[j2 - 1] - y[j2 - 1]) ** 2 / 2                     # it ends in J_j of output unit j
assert net.W[4][1, 0] not in path1.free_symbols and net.W[4][0, 0] not in path2.free_symbols
plt.show()

# %% [markdown]
# Both paths end in the same two factors, $g'(z^3_1)\,a^2_1$. Pulling them out,
#
# $$
# \frac{\partial J}{\partial w^3_{11}} =
# \underbrace{\big(\delta^4_1 w^4_{11} + \delta^4_2 w^4_{21}\big)\, g'(z^3_1)}_{\text{call it } \delta^3_1}\; a^2_1 .
# $$
#
# The bracket depends only on unit 1 of layer 3, not on which weight into it we chose, and it is exactly
# $\partial J/\partial z^3_1$: everything downstream of $z^3_1$. So it deserves the name $\delta^3_1$, and the
# derivative has the same shape as for a weight of the last layer, $\partial J/\partial w^4_{jk} = \delta^4_j a^3_k$:
# **error of the unit the weight enters, times the activation the weight multiplies**. Lesson 05 builds on that.
# We check both claims, using `net.delta_by_diff(3)`, which computes $\partial C/\partial z^3$ with `sympy.diff`:

# %%
delta3_1 = (delta4[0] * net.W[4][0, 0] + delta4[1] * net.W[4][1, 0]) * net.prime(z3)[0]
display(sp.Eq(symbol("delta", 3, 1), delta3_1, evaluate=False))

assert equal(net.full(delta3_1 * a2[0]), sp.diff(net.J, w))      # ∂J/∂w^3_11 = δ^3_1 a^2_1
assert equal(net.full(delta3_1), net.delta_by_diff(3)[0])        # the bracket is ∂C/∂z^3_1
print("δ^3_1 = ∂C/∂z^3_1 and ∂J/∂w^3_11 = δ^3_1 · a^2_1, checked against sympy.diff")


# %% [markdown]
# ## From one unit to every unit
#
# Nothing in that argument was special to unit 1 or to layer 3. Take any unit $j$ of a hidden layer $l$. Its
# weighted input $z^l_j$ influences the cost only through $a^l_j = g(z^l_j)$, and $a^l_j$ enters every weighted input
# of the next layer,
#
# $$z^{l+1}_k = \sum_i w^{l+1}_{ki}\, a^l_i + b^{l+1}_k, \qquad k = 1,\dots,n_{l+1},$$
#
# so there is one path per unit $k$ of layer $l+1$. The multivariable chain rule adds the paths:
#
# $$
# \delta^l_j = \frac{\partial C}{\partial z^l_j}
# = \sum_{k=1}^{n_{l+1}} \frac{\partial C}{\partial z^{l+1}_k}\,
#   \frac{\partial z^{l+1}_k}{\partial a^l_j}\,\frac{\partial a^l_j}{\partial z^l_j}
# = \Big(\sum_{k=1}^{n_{l+1}} w^{l+1}_{kj}\,\delta^{l+1}_k\Big)\, g'(z^l_j).
# $$
#
# Mind the index order: $w^{l+1}_{kj}$ is row $k$, column $j$ of $W^{l+1}$. The sum runs down **column** $j$,
# over the weights that *leave* unit $j$.
#
# The cell below checks the middle factor for every pair $(k, j)$, then the whole index formula for every hidden
# unit of the network. On the right-hand side it uses the true $\delta^{l+1}$ from `sympy.diff`, so each layer's
# step is checked on its own: if the rule turns a correct $\delta^{l+1}$ into a correct $\delta^l$, and BP1 gives a
# correct $\delta^L$, then by induction every layer is correct.

# %%
def bp2_by_index(net, l, j):
    """δ^l_j as the sum over the paths through layer l + 1, starting from the true δ^{l+1}."""
    delta_next = net.delta_by_diff(l + 1)
    return sum(net.W[l + 1][k, j] * delta_next[k] for k in range(net.sizes[l + 1])) * net.prime(net.z[l])[j]


checked = 0
for l in range(L - 1, 0, -1):
    z_next_local = net.W[l + 1] * net.a_sym[l] + net.b[l + 1]
    for j in range(sizes[l]):
        for k in range(sizes[l + 1]):
            assert sp.diff(z_next_local[k], net.a_sym[l][j]) == net.W[l + 1][k, j]   # ∂z^{l+1}_k/∂a^l_j
        assert equal(bp2_by_index(net, l, j), net.delta_by_diff(l)[j])
        checked += 1
print(f"index form of BP2 equals sympy.diff for all {checked} hidden units (layers 1-{L - 1})")

# %% [markdown]
# ## The matrix form
#
# The sum $\sum_k w^{l+1}_{kj}\,\delta^{l+1}_k$ runs over the first index of $w$, so it is entry $j$ of the
# **transpose** times the vector: $\sum_k (W^{l+1})^\mathsf{T}_{jk}\,\delta^{l+1}_k = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)_j$.
# Multiplying entry $j$ by $g'(z^l_j)$ for every $j$ at once is the elementwise (Hadamard) product $\odot$. That gives
#
# $$\boxed{\;\delta^l = \big((W^{l+1})^\mathsf{T}\,\delta^{l+1}\big)\odot\sigma'(z^l)\;}\qquad\text{(BP2)}$$
#
# with shapes $(n_l, n_{l+1})\,(n_{l+1}, 1) \to (n_l, 1)$, the shape of $z^l$. Read it as: send the errors back
# along the same weights that carried the signal forward, then scale each by the local slope of its unit.
#
# `SymbolicNetwork` builds its `net.delta[l]` with exactly this formula. We check it entry by entry against
# `sympy.diff` for every hidden layer, and print one entry of $\delta^2$ to see the recursion unfold: written with
# the symbols $\delta^3_1, \delta^3_2$, it is the two entries of $\delta^3$ weighted by column 1 of $W^3$, and
# substituting their formulas gives exactly `net.delta[2]` (written out in full, the entry runs to a dozen
# factors per term and off the page).

# %%
for l in range(L - 1, 0, -1):
    bp2 = hadamard(net.W[l + 1].T * net.delta[l + 1], net.prime(net.z[l]))
    truth = net.delta_by_diff(l)
    assert bp2.shape == truth.shape == (sizes[l], 1)
    assert all(equal(u, v) for u, v in zip(bp2, truth))
    assert all(equal(u, v) for u, v in zip(net.delta[l], truth))
print(f"BP2 in matrix form equals sympy.diff entry by entry for δ^{L - 1}, …, δ^1")
delta3_sym = sp.Matrix([symbol("delta", 3, k + 1) for k in range(sizes[3])])     # δ^3_1, δ^3_2 as symbols
delta2_1 = (net.W[3].T * delta3_sym)[0] * net.prime(net.z_sym[2])[0]          # (column 1 of W^3)·δ^3 g'(z^2_1)
assert equal(net.full(delta2_1.xreplace(dict(zip(delta3_sym, net.compact(net.delta[3]))))), net.delta[2][0])
display(sp.Eq(symbol("delta", 2, 1), delta2_1, evaluate=False))

# %% [markdown]
# ## The same equation in Ng's numbering
#
# Ng's course, and the notes in seed 001, number the layers from 1 (the input is layer 1) and name the matrix that
# maps layer $l$ to layer $l+1$ $w^{(l)}$. This course numbers the layers from 0 and names the matrix *into*
# layer $l$ $W^l$. So Ng's layer $l$ is our layer $l-1$, while the matrix names agree: $w^{(l)} = W^l$.
#
# | | this course (Nielsen, deeplearning.ai) | Ng's course (seed 001) |
# |---|---|---|
# | layers | $0,\dots,L$; input $a^0 = x$ | $1,\dots,L+1$; input $a^{(1)} = x$ |
# | matrix | $W^l$ maps layer $l-1$ to $l$ | $w^{(l)}$ maps layer $l$ to $l+1$ |
# | BP2 | $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$ | $\delta^{(l)} = (w^{(l)})^\mathsf{T}\delta^{(l+1)}\;.\!*\;g'(z^{(l)})$ |
# | two-path weight | $w^3_{11}$, into $z^3_1$ | $w^{(3)}_{11}$, into $z^{(4)}_1$ |
# | its gradient | $\delta^3_1\,a^2_1$ | $\delta^{(4)}_1\,a^{(3)}_1$ |
#
# ($.\!*$ is MATLAB's elementwise product, our $\odot$; Ng writes $L$ for the number of layers, which is our
# $L + 1$.) Written for the same layer, Ng's $l$ being our $l - 1$, our BP2 reads
# $\delta^{l-1} = \big((W^{l})^\mathsf{T}\delta^{l}\big)\odot\sigma'(z^{l-1})$, and $W^l$ is Ng's $w^{(l)}$: the same
# matrix and the same equation. The cell renames every quantity into Ng's numbering and checks his form:

# %%
ng_w = {l: net.W[l] for l in range(1, L + 1)}              # w^(l) = W^l: maps Ng layer l to l + 1
ng_z = {l: net.z[l - 1] for l in range(2, L + 2)}          # z^(l) = z^{l-1}
ng_delta = {l: net.delta[l - 1] for l in range(2, L + 2)}  # δ^(l) = δ^{l-1}

for l in range(2, L + 1):                                   # Ng's hidden layers 2 … L
    ng_bp2 = hadamard(ng_w[l].T * ng_delta[l + 1], net.prime(ng_z[l]))
    assert all(equal(u, v) for u, v in zip(ng_bp2, net.delta_by_diff(l - 1)))
print("Ng's δ^(l) = (w^(l))ᵀ δ^(l+1) .* g'(z^(l)) equals sympy.diff for Ng layers 2 … 4")


# %% [markdown]
# ## "This formula is written wrong in many places"
#
# The blog post of seed 000 ends with two formulas,
# $\partial E/\partial W^{(l)} = \delta^{(l+1)} (a^{(l)})^\mathsf{T}$ and
# $\delta^{(l)} = \big((W^{(l)})^\mathsf{T}\delta^{(l+1)}\big)\circ f'(a^{(l)})$, and the remark that this formula is
# written wrong in many places on the web. Two things need saying before any checking.
#
# **The seed's formulas are right in the seed's own numbering.** Its gradient formula pairs $W^{(l)}$ with
# $\delta^{(l+1)}$ and $a^{(l)}$, so its $W^{(l)}$ is the matrix that **leaves** layer $l$, as in Ng's notation.
# The seed's code counts layers from 0 like the course (`layer_0` is the input, `weights_0_1` leaves it), so on
# the same layer labels the seed's $W^{(l)}$ is the course's $W^{l+1}$ (in column form), and its
# $(W^{(l)})^\mathsf{T}\delta^{(l+1)}$ is our $(W^{l+1})^\mathsf{T}\delta^{l+1}$: BP2. The rule of lesson 00 applies:
# translate the layers first, then name the matrix by the layers it joins. Copied letter for letter into the
# course's notation, where $W^l$ *enters* layer $l$, the same formula reads $(W^l)^\mathsf{T}\delta^{l+1}$, and
# that is wrong. The cell checks both readings, and the seed's gradient formula too. (Its $f'(a^{(l)})$ is
# discussed below; here the slope is taken at $z$.)
#
# **The seed does not say which formula is written wrong, or where.** The list of wrong versions after this
# cell is therefore the course's own: the mistakes a derivation or a translation can introduce (a transpose
# dropped, the slope taken at the wrong place or forgotten, a layer index off by one), not a list from the seed.

# %%
def leaving(n, l):
    """The matrix that leaves layer l: seed 000's (and Ng's) W^(l), the course's W^{l+1}."""
    return n.W[l + 1]


seed_000_bp2 = net.check_delta_rule(lambda n, l: hadamard(leaving(n, l).T * n.delta[l + 1], n.prime(n.z[l])))
copied = net.check_delta_rule(lambda n, l: hadamard(n.W[l].T * n.delta[l + 1], n.prime(n.z[l])))
assert set(seed_000_bp2.values()) == {"equal"}          # right in its own numbering
assert "equal" not in copied.values()                  # wrong when its W^(l) is read as the course's W^l

for l in range(0, L):                                  # ∂E/∂W^(l) = δ^(l+1) (a^(l))ᵀ, W^(l) leaving layer l
    seed_gradient = net.delta_by_diff(l + 1) * net.a[l].T
    assert all(equal(u, sp.diff(net.J, w)) for u, w in zip(seed_gradient, leaving(net, l)))
print("seed 000's δ^(l) with W^(l) = the matrix leaving layer l:", seed_000_bp2)
print("the same letters with the course's W^l (entering layer l):", copied)
print("seed 000's ∂E/∂W^(l) = δ^(l+1)(a^(l))ᵀ equals sympy.diff for every matrix")

# %% [markdown]
# Here are the wrong versions, each written as a *rule*: a function `rule(net, l)` that returns a candidate
# $\delta^l$ from $\delta^{l+1}$. `net.check_delta_rule(rule)` compares every entry with `sympy.diff` and
# reports, for each hidden layer, `equal`, `differs` (right shape, wrong formula) or `shape error`.

# %%
rules = {
    "correct: (W^{l+1})ᵀ δ ⊙ σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.z[l])),
    "W^{l+1} instead of its transpose": lambda n, l: hadamard(n.W[l + 1] * n.delta[l + 1], n.prime(n.z[l])),
    "σ'(a^l) instead of σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.a[l])),
    "σ' missing": lambda n, l: n.W[l + 1].T * n.delta[l + 1],
    "σ'(z^{l+1}) instead of σ'(z^l)": lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.prime(n.z[l + 1])),
    "W^l instead of W^{l+1}": lambda n, l: hadamard(n.W[l].T * n.delta[l + 1], n.prime(n.z[l])),
}
verdicts = {name: net.check_delta_rule(rule) for name, rule in rules.items()}

print(f"{'rule':<36}" + "".join(f"{'layer ' + str(l):>14}" for l in range(L - 1, 0, -1)))
for name, v in verdicts.items():
    print(f"{name:<36}" + "".join(f"{v[l]:>14}" for l in range(L - 1, 0, -1)))

# %%
E, D, S = "equal", "differs", "shape error"
assert verdicts["correct: (W^{l+1})ᵀ δ ⊙ σ'(z^l)"] == {3: E, 2: E, 1: E}
assert verdicts["W^{l+1} instead of its transpose"] == {3: D, 2: D, 1: S}
assert verdicts["σ'(a^l) instead of σ'(z^l)"] == {3: D, 2: D, 1: D}
assert verdicts["σ' missing"] == {3: D, 2: D, 1: D}
assert verdicts["σ'(z^{l+1}) instead of σ'(z^l)"] == {3: D, 2: D, 1: S}
assert verdicts["W^l instead of W^{l+1}"] == {3: D, 2: S, 1: S}
for name, v in verdicts.items():
    if not name.startswith("correct"):
        assert E not in v.values(), name       # every wrong version is rejected in every layer
print("the correct rule passes every layer; every wrong version fails every layer")

# %% [markdown]
# Every wrong version is rejected in every layer, but only some rejections are **loud**. A shape error appears only
# where the widths happen to disagree; wherever the matrices are square, the wrong formula runs and returns a
# plausible vector of the right shape. Let us look at each mistake.
#
# ### $W$ instead of $W^\mathsf{T}$
#
# Going backwards through $W^2$, which is $2\times3$, the untransposed product does not even exist:

# %%
try:
    net.W[2] * net.delta[2]          # (2, 3) times (2, 1)
except sp.ShapeError as err:
    print("ShapeError:", err)
else:
    raise AssertionError("W^2 δ^2 should not be defined: W^2 is 2×3")

# %% [markdown]
# Going backwards through the square $W^4$, it exists and has the right shape, and it is wrong. The correct
# $\delta^3_1$ collects column 1 of $W^4$ (the weights $w^4_{11}, w^4_{21}$ leaving unit 1); the wrong one collects
# row 1 ($w^4_{11}, w^4_{12}$, the weights *entering* output unit 1):

# %%
right = hadamard(net.W[4].T * net.delta[4], net.prime(net.z[3]))
wrong = hadamard(net.W[4] * net.delta[4], net.prime(net.z[3]))
assert wrong.shape == right.shape == (2, 1)
display(sp.Eq(Label("wrong δ^3_1", r"\text{wrong } \delta^{3}_{1}"), net.compact(wrong[0]), evaluate=False),
        sp.Eq(Label("right δ^3_1", r"\text{right } \delta^{3}_{1}"), net.compact(right[0]), evaluate=False))
assert not equal(wrong[0], net.delta_by_diff(3)[0]) and equal(right[0], net.delta_by_diff(3)[0])

# %% [markdown]
# This slip is easy to make even when you know the rule. Seed 001 derives the two entries correctly,
# $\delta^{(4)}_1 = (\delta^{(5)}_1 w^{(4)}_{11} + \delta^{(5)}_2 w^{(4)}_{21})\,g'(z^{(4)}_1)$, and states the
# compact form with $(w^{(4)})^\mathsf{T}$, but when it writes the product out as matrices, the matrix it prints
# has rows $(w^{(4)}_{11}, w^{(4)}_{12})$ and $(w^{(4)}_{21}, w^{(4)}_{22})$: that is $w^{(4)}$ itself, not its transpose.
# The layer is square, so nothing about the shapes warns the reader. In our numbering $w^{(4)} = W^4$ and
# $\delta^{(4)} = \delta^3$. The cell transcribes the seed as (row, column) index pairs of $w^{(4)}$: the weights
# in its two entry formulas, and the rows of the matrix it prints. Each is then compared with `sympy.diff`:

# %%
W4, slope, truth = net.W[4], net.prime(net.z[3]), net.delta_by_diff(3)


def entry_form(weights_of):
    """δ^(4)_r = (δ^(5)_1 w_{j1 k1} + δ^(5)_2 w_{j2 k2}) g'(z^(4)_r), the weights given as index pairs."""
    return sp.Matrix([sum(net.delta[4][t] * W4[j - 1, k - 1] for t, (j, k) in enumerate(weights_of[r]))
                      * slope[r - 1] for r in (1, 2)])


def matrix_form(rows):
    """([rows] δ^(5)) .* g'(z^(4)), the matrix given row by row as index pairs."""
    return hadamard(sp.Matrix([[W4[j - 1, k - 1] for j, k in row] for row in rows]) * net.delta[4], slope)


def matches(candidate):
    return all(equal(u, v) for u, v in zip(candidate, truth))


seed_entry_weights = {1: [(1, 1), (2, 1)], 2: [(1, 2), (2, 2)]}    # δ^(4)_1 uses w_11, w_21; δ^(4)_2 uses w_12, w_22
seed_printed_rows = [[(1, 1), (1, 2)], [(2, 1), (2, 2)]]           # the matrix as the seed prints it
assert matches(entry_form(seed_entry_weights))                     # its entry formulas are right
assert not matches(matrix_form(seed_printed_rows))                 # its printed matrix product is not
print("seed 001's entry formulas: correct; its printed matrix product: rejected")

# %% [markdown]
# The check is not a foregone conclusion: the same comparison accepts the matrix the seed should have printed,
# the transpose, with rows $(w^{(4)}_{11}, w^{(4)}_{21})$ and $(w^{(4)}_{12}, w^{(4)}_{22})$, and rejects entry
# formulas that use the weights of a row:

# %%
transposed_rows = [[(1, 1), (2, 1)], [(1, 2), (2, 2)]]
row_weights = {1: [(1, 1), (1, 2)], 2: [(2, 1), (2, 2)]}
assert matches(matrix_form(transposed_rows))
assert not matches(entry_form(row_weights))
print("printed as the transpose: accepted; entries built from rows of w^(4): rejected")

# %% [markdown]
# ### $\sigma'(a^l)$ instead of $\sigma'(z^l)$
#
# The slope belongs at the unit's *input* $z^l_j$. With the generic $g$, $g'(a^l_j) = g'(g(z^l_j))$ is simply a
# different number, and the checker rejects it in every layer (table above).
#
# Seed 000 itself writes the rule as $\delta^{(l)} = \big((W^{(l)})^\mathsf{T}\delta^{(l+1)}\big)\circ f'(a^{(l)})$, with
# $f'$ applied to the activation. That notation is **right when $f'$ means "the derivative, expressed through the
# output"**. For the sigmoid, lesson 03 showed $\sigma'(z) = \sigma(z)\,(1-\sigma(z)) = a\,(1-a)$, so the
# derivative can be computed from $a$ alone; the seed's code does exactly that, passing the layer's output to its
# derivative helper. (For tanh the same trick gives $1 - a^2$.) What is wrong is to feed $a$ into the derivative
# *as a function of $z$*, that is $\sigma'(a) = \sigma(a)\,(1-\sigma(a))$. A sigmoid network tells the two apart:

# %%
net_sigmoid = SymbolicNetwork([2, 3, 2, 2], activation="sigmoid")
from_output = net_sigmoid.check_delta_rule(
    lambda n, l: hadamard(n.W[l + 1].T * n.delta[l + 1], n.a[l].applyfunc(lambda a: a * (1 - a))))
sigma_prime_of_a = net_sigmoid.check_delta_rule(rules["σ'(a^l) instead of σ'(z^l)"])
print("a ⊙ (1 − a):", from_output)
print("σ'(a):      ", sigma_prime_of_a)
assert set(from_output.values()) == {"equal"}
assert set(sigma_prime_of_a.values()) == {"differs"}

z0 = 0.0
a0 = nnlib.sigmoid(z0)
assert np.isclose(nnlib.sigmoid_prime(z0), a0 * (1 - a0))
print(f"at z = 0: σ'(z) = {nnlib.sigmoid_prime(z0):.4f} = a(1 − a) = {a0 * (1 - a0):.4f},",
      f"but σ'(a) = {nnlib.sigmoid_prime(a0):.4f}")


# %% [markdown]
# ### $\sigma'$ missing
#
# Dropping the factor $\sigma'(z^l)$ forgets the last link of every path, $\partial a^l_j/\partial z^l_j$. It is right
# only when that link is 1, that is for a **linear** unit. Seed 000's hidden layer is linear, which is why its code
# can set the hidden $\delta$ equal to the back-propagated error; in a sigmoid layer the same line would be a bug.
# A linear activation that SymPy knows has slope 1 shows the exception:

# %%
class linear(sp.Function):
    """An activation with slope 1 everywhere (the identity, left unevaluated)."""

    def fdiff(self, argindex=1):
        return sp.Integer(1)


net_linear = SymbolicNetwork(sizes, activation=linear)
without_slope = net_linear.check_delta_rule(rules["σ' missing"])
print("linear units, σ' dropped:", without_slope)
assert set(without_slope.values()) == {"equal"}
assert set(verdicts["σ' missing"].values()) == {"differs"}     # but not for the generic g

# %% [markdown]
# ### The wrong layer index
#
# $\sigma'(z^{l+1})$ takes the slope of the wrong layer; $(W^l)^\mathsf{T}$ goes back through the wrong matrix (the one
# that *produced* $z^l$, rather than the one that consumes $a^l$). Both fail loudly only where neighbouring widths
# differ, and silently in the square part of the network. The second is what a correct formula in Ng's or seed
# 000's notation becomes when its $W^{(l)}$, the matrix leaving layer $l$, is copied as the course's $W^l$ without
# translating the index (checked above).
#
# **The moral.** A shape check is a good first test, and networks whose layers all have *different* widths make it
# catch more. But only a comparison with the derivative itself catches every wrong version, which is why this course
# checks every formula against `sympy.diff`, and why lesson 06 checks code against finite differences.

# %% [markdown]
# ## Numbers: BP2 against `nnlib`
#
# Finally, the symbolic $\delta^1,\dots,\delta^4$ become numbers. `net.lambdify_delta()` turns the BP1/BP2 formulas
# into a numpy function, with the generic $g$ replaced by the sigmoid and $g'$ by $\sigma'$. `nnlib.Network.deltas`
# computes the same errors with its own loop over BP2 (for the sigmoid it computes $\sigma'(z^l)$ as $a^l(1-a^l)$,
# the derivative from the output discussed above). With two examples (columns), random weights and random
# inputs, the two agree to round-off:

# %%
m = 2
net_batch = SymbolicNetwork(sizes, activation="g", m=m)
deltas_from_sympy = net_batch.lambdify_delta()

network = nnlib.Network(sizes, activations="sigmoid", seed=4)
X = rng.standard_normal((sizes[0], m))
Y = rng.random((sizes[-1], m))

expected = deltas_from_sympy(network.weights, network.biases, X, Y)
actual = network.deltas(X, Y)
errors = [nnlib.rel_error(e, a) for e, a in zip(expected, actual)]
for l, (e, a) in enumerate(zip(expected, actual), start=1):
    assert e.shape == a.shape == (sizes[l], m)
assert max(errors) < 1e-10
print(f"δ^1 … δ^{L}: shapes {[a.shape for a in actual]}")
print(f"largest relative error between SymPy's δ and Network.deltas: {max(errors):.0e} (< 1e-10)")

# %% [markdown]
# ## BP2 on the network: a sum down a column, and a nudge
#
# The sum in BP2, $\sum_k w^{l+1}_{kj}\,\delta^{l+1}_k$, runs over the weights that **leave** unit $j$: column $j$
# of $W^{l+1}$. On the numeric network above, for one example, the picture highlights column 1 of $W^4$, the
# weights $w^4_{11}$ and $w^4_{21}$ that leave unit 1 of layer 3, and colours layers 3 and 4 by their $\delta$
# from `Network.deltas`. Each $\delta^4_k$ travels back along its weight; their weighted sum, times the slope
# $\sigma'(z^3_1)$, is $\delta^3_1$. The cell recomputes that sum from the numbers in the picture's labels:

# %%
x = np.array([[0.6], [-1.2]])                      # one example
y = np.array([[0.9], [0.1]])
zs, _ = network.forward(x)
deltas = network.deltas(x, y)                      # deltas[l-1] = δ^l, shapes (n_l, 1)
W4 = network.weights[3]

ax = nnlib.plot.network_diagram(network, leaving=(3, 1), deltas={3: deltas[2], 4: deltas[3]},
                                title="BP2 for unit 1 of layer 3: the sum runs down column 1 of $W^4$")
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
w_drawn = [float(drawn[f"leaving-value:4:{k}:1"].split("= ")[1]) for k in (1, 2)]
d_drawn = [float(drawn[f"delta:4:{k}"].split("= ")[1]) for k in (1, 2)]
assert np.allclose(w_drawn, W4[:, 0], rtol=5e-3)                  # the labels show column 1 of W^4 ...
assert np.allclose(d_drawn, deltas[3][:, 0], rtol=5e-3)           # ... and δ^4, to their 3 printed digits

column_sum = W4[:, 0] @ deltas[3][:, 0]                             # Σ_k w^4_k1 δ^4_k
slope = nnlib.sigmoid_prime(zs[2][0, 0])                            # σ'(z^3_1)
assert nnlib.rel_error(column_sum * slope, deltas[2][0, 0]) < 1e-12
row_sum = W4[0, :] @ deltas[3][:, 0]                                # the row: the weights *entering* output 1
assert abs(row_sum * slope - deltas[2][0, 0]) > 1e-3                # is not δ^3_1
terms = " + ".join(f"({w:.3g})({d:.3g})" for w, d in zip(W4[:, 0], deltas[3][:, 0]))
print(f"δ^3_1 = [{terms}] · σ'(z^3_1) = {column_sum:.4f} · {slope:.4f} = {column_sum * slope:.5f}")
plt.show()


# %% [markdown]
# And what $\delta^3_1$ means, as in lesson 03 for the output layer: nudge $z^3_1$ by $\varepsilon$, let the change
# flow forward through $a^3_1$ into both output units, and the cost moves by $\delta^3_1\,\varepsilon$, to first
# order. Nothing in this check uses BP2; it only runs the network forward:

# %%
def cost_after_nudge(eps):
    z3 = zs[2].copy()
    z3[0] += eps                                                    # only z^3_1 moves
    a4 = nnlib.sigmoid(W4 @ nnlib.sigmoid(z3) + network.biases[3])  # layer 4 sees the change through a^3_1
    return 0.5 * np.sum((a4 - y) ** 2)


C0 = cost_after_nudge(0.0)
assert nnlib.rel_error(C0, network.cost(x, y)) < 1e-12
for eps in (1e-2, 1e-3, 1e-4):
    change, predicted = cost_after_nudge(eps) - C0, deltas[2][0, 0] * eps
    assert abs(change / predicted - 1) < 10 * eps                   # first order: the gap shrinks with ε
    print(f"ε = {eps:g}:  ΔC = {change:.6e}   δ^3_1 ε = {predicted:.6e}")

# %% [markdown]
# ## For every width: BP2 as the induction step
#
# Everything above was checked on one network, with widths 3, 2 and 2. Now the widths become symbols. Take a hidden
# layer $l$ with $n_l$ units, followed by a layer with $n_{l+1}$ units, both unknown positive integers, and one
# *generic* unit $j$ of layer $l$. The next layer's weighted inputs are
#
# $$z^{l+1}_q = \sum_{i=1}^{n_l} W^{l+1}_{qi}\, g(z^l_i) + b^{l+1}_q, \qquad q = 1, \dots, n_{l+1}.$$
#
# Of the layers above we know only their error, $\delta^{l+1}_q = \partial C/\partial z^{l+1}_q$, whatever the cost and
# however many layers follow. The cost depends on $z^l_j$ only through the $n_{l+1}$ values $z^{l+1}_q$, so the
# multivariable chain rule gives
#
# $$\frac{\partial C}{\partial z^l_j} = \sum_{q=1}^{n_{l+1}} \delta^{l+1}_q\, \frac{\partial z^{l+1}_q}{\partial z^l_j}.$$
#
# This one step is written out: SymPy cannot differentiate an unknown function of a *symbolic number* of arguments.
# The derivative inside the sum is SymPy's, taken by `sympy.diff` on the sum of symbolic length, and the Kronecker
# delta it leaves is summed out by `sum_kronecker` (lesson 03):

# %%
from nnlib.symbolic import Label, classic_mistakes, general_layer, instance, prove_bp2, random_value, readable, to_numbers

s = general_layer()
inner = sp.diff(s.z_next_entry(s.q), s.z[s.j])                  # ∂z^{l+1}_q / ∂z^l_j, by sympy.diff
display(sp.Eq(Label("z^(l+1)_q", r"z^{l+1}_{q}"), readable(s.z_next_entry(s.q)), evaluate=False),
        sp.Eq(Label("∂z^(l+1)_q/∂z^l_j", r"\frac{\partial z^{l+1}_{q}}{\partial z^{l}_{j}}"), readable(inner),
              evaluate=False))

bp2_proof = prove_bp2()                                         # the chain-rule sum, reduced, minus BP2
assert bp2_proof.raw.has(sp.KroneckerDelta) and bp2_proof.residual == 0
display(bp2_proof.equation())

# %% [markdown]
# The claim is BP2 with indices, $\delta^l_j = \big(\sum_q W^{l+1}_{qj}\,\delta^{l+1}_q\big)\,g'(z^l_j)$, and the residual
# is exactly 0 for **every** $n_l$, $n_{l+1}$ and $j$.
#
# **The induction.** Together with lesson 03 this proves backpropagation's errors correct for every network:
#
# - *Base:* BP1 gives $\delta^L = \partial C/\partial z^L$, proved for every number of output units $n_L$ (lesson 03).
# - *Step:* for any layer $l$ and any widths, if $\delta^{l+1} = \partial C/\partial z^{l+1}$, then the $\delta^l$ that
#   BP2 computes from it is $\partial C/\partial z^l$ (proved just now).
# - *Conclusion:* going down from $l = L$ to $l = 1$, every $\delta^l$ computed by BP1 and then BP2 equals
#   $\partial C/\partial z^l$, for every depth $L$ and all widths. The step never looks at the cost or at the layers
#   above $l + 1$: all of that is inside $\delta^{l+1}$.
#
# ### The wrong versions fail the general proof too
#
# Each classic mistake, put in place of BP2, leaves a residual that is not 0. To be sure it is really not 0 (and not
# merely not *recognized* as 0), it is evaluated at concrete widths with random numbers. $W$ instead of $W^\mathsf{T}$
# can only be written when $n_l = n_{l+1}$ (otherwise $W^{l+1}_{jq}$ does not exist), so its counterexample uses two
# square layers:

# %%
for case in classic_mistakes():
    if case["equation"] != "BP2":
        continue
    wrong = case["proof"]()
    value = random_value(wrong.residual, case["sizes"], {s.j: 1})
    assert not wrong.holds and abs(value) > 1e-6          # far above round-off (about 1e-16)
    widths = ", ".join(f"{k} = {v}" for k, v in case["sizes"].items() if k in (s.n, s.n_next))
    print(f"{case['mistake']:<24} residual ≠ 0;  at {widths}: {value:+.2e}")

# %% [markdown]
# ### The general and the concrete cannot drift
#
# Substituted at the widths of this lesson's network, $(n_l, n_{l+1}) = (2, 2), (2, 2), (3, 2)$ for $l = 3, 2, 1$,
# with each indexed quantity replaced by the network's own formula, the general BP2 gives exactly
# `net.delta_by_diff(l)`, the derivative taken the long way; and with numbers it gives `nnlib.Network.deltas` for
# both examples of the batch above:

# %%
bp2_general = bp2_proof.claimed
zs_num, _ = network.forward(X)
deltas_num = network.deltas(X, Y)
for l in range(L - 1, 0, -1):
    widths = {s.n: sizes[l], s.n_next: sizes[l + 1]}
    symbolic = instance(bp2_general, widths, {s.delta_next: net.delta_by_diff(l + 1), s.W_next: net.W[l + 1],
                                              s.z: net.z[l]}, rows=(s.j, sizes[l]))
    assert all(equal(u, v) for u, v in zip(symbolic, net.delta_by_diff(l)))
    for x in range(m):
        values = {s.delta_next: deltas_num[l][:, [x]], s.W_next: network.weights[l], s.z: zs_num[l - 1][:, [x]]}
        got = to_numbers(instance(bp2_general, widths, values, rows=(s.j, sizes[l])))
        assert nnlib.rel_error(got, deltas_num[l - 1][:, [x]]) < 1e-10
print(f"general BP2 = sympy.diff for δ^{L - 1} … δ^1, and = Network.deltas on numbers")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"BP2 proved for every width in {bp2_proof.seconds:.3f} s")

# %% [markdown]
# ## Sources
#
# - **Seed 001**, a Chinese student's notes on Andrew Ng's *Machine Learning* course (Coursera): the two-path example
#   $\partial J/\partial w^{(3)}_{11}$, its entry formulas for $\delta^{(4)}$ and its vector form, whose printed matrix
#   is $w^{(4)}$ where the text needs $(w^{(4)})^\mathsf{T}$ (corrected above).
# - **Seed 000**, a Chinese blog post on the network of Udacity's sentiment-analysis project (Andrew Trask's
#   mini-project in the Deep Learning Nanodegree): its closing formulas, right in its own numbering, and its remark
#   that BP2 "is written wrong in many places", which names no wrong version; the list above is the course's.
# - Michael Nielsen, *Neural Networks and Deep Learning*, chapter 2: the names BP1–BP4 and the column convention.
#
# The full list, with each seed's slips, is in [`SOURCES.md`](../SOURCES.md).

# %% [markdown]
# ## Summary
#
# - The error of a hidden unit collects **every path** from it to the cost: in seed 001's example, $w^3_{11}$ reaches
#   the cost through two output units, and $\partial J/\partial w^3_{11}$ is the sum of the two chain-rule products.
# - Factoring the common tail gives $\delta^l_j = \big(\sum_k w^{l+1}_{kj}\delta^{l+1}_k\big)\,g'(z^l_j)$, and in matrix
#   form **BP2**: $\delta^l = \big((W^{l+1})^\mathsf{T}\delta^{l+1}\big)\odot\sigma'(z^l)$. Both were checked against
#   `sympy.diff` for every hidden unit of a network with three hidden layers and a generic activation.
# - Ng's $\delta^{(l)} = (w^{(l)})^\mathsf{T}\delta^{(l+1)}\,.\!*\,g'(z^{(l)})$ is the same equation, with the layers of
#   $z$, $a$, $\delta$ numbered one higher.
# - The usual wrong versions ($W$ for $W^\mathsf{T}$, $\sigma'(a)$ for $\sigma'(z)$, a missing $\sigma'$, a wrong layer
#   index) are all rejected by the check, but a shape error exposes them only where layer widths differ. Writing
#   $f'(a)$ is fine when it means the derivative expressed through the output, such as $a(1-a)$ for the sigmoid.
# - Seed 000's $(W^{(l)})^\mathsf{T}\delta^{(l+1)}$ is right in its own numbering, where $W^{(l)}$ leaves layer $l$ (our
#   $W^{l+1}$); copied as the course's $W^l$ it becomes the wrong-layer version. The seed names no wrong formula, so
#   the list of wrong versions is the course's own.
# - The symbolic $\delta$s match `nnlib.Network.deltas` to round-off.
# - **For every width:** with $n_l$, $n_{l+1}$ symbols, SymPy proves BP2 as the induction step: if $\delta^{l+1}$ is
#   $\partial C/\partial z^{l+1}$, BP2's $\delta^l$ is $\partial C/\partial z^l$. With BP1 as the base, every layer of every
#   network is covered; the wrong versions fail the general proof as well.
#
# **Next:** lesson 05 turns the $\delta$s into the gradients of every weight and bias (BP3, BP4).
