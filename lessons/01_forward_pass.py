# %% [markdown]
# # Lesson 01 — The forward pass
#
# A neural network is a function built from many small pieces. The *forward pass* evaluates it: it turns an
# input $x$ into an output $a^L$, one layer at a time. Backpropagation, the subject of this course, runs the same
# pieces the other way, so everything later rests on getting this direction exactly right, down to the shape of
# every array.
#
# **After this lesson you will be able to**
#
# - compute the output of one neuron, and of a layer of neurons as one matrix product $z = Wx + b$;
# - write the 3-input network of seed `001` unit by unit, with its bias unit $x_0 = 1$, and prove that it equals
#   the matrix form;
# - explain why a bias unit $x_0 = 1$ with a column of weights is the same thing as a separate bias vector $b$;
# - push a whole batch of examples through a network with one matrix product per layer, and give the shape of
#   every array on the way;
# - explain why one example must be an $(n, 1)$ column, and recognize what goes wrong when it is not.

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
# ## 1. One neuron
#
# A neuron takes inputs $x_1, \dots, x_n$, forms a weighted sum plus a bias, and passes it through an
# *activation function* $g$ (for example the sigmoid $\sigma(z) = 1/(1 + e^{-z})$, studied in lesson 03):
#
# $$z = \sum_{k=1}^{n} w_k x_k + b = w^\mathsf{T} x + b, \qquad a = g(z).$$
#
# $z$ is the *weighted input* and $a$ the neuron's *activation*, its output. Writing the sum as a row of
# weights times a column of inputs is the first step toward matrices:

# %%
from nnlib.symbolic import equal, g, symbol

x1, x2, x3, w1, w2, w3, b = sp.symbols("x_1 x_2 x_3 w_1 w_2 w_3 b")
as_sum = w1 * x1 + w2 * x2 + w3 * x3 + b
as_product = (sp.Matrix([[w1, w2, w3]]) * sp.Matrix([x1, x2, x3]))[0, 0] + b   # a (1, 3) row times a (3, 1) column
assert equal(as_sum, as_product)
g(as_product)

# %% [markdown]
# ## 2. A layer is a matrix product
#
# A *layer* is several neurons that read the same inputs. Give unit $j$ its own row of weights
# $w_{j1}, \dots, w_{jn}$ and its own bias $b_j$. Stacking the rows gives a matrix $W$ with **one row per unit of the layer and
# one column per input**:
#
# $$z_j = \sum_{k} w_{jk} x_k + b_j \quad (j = 1, \dots, n_1)
# \qquad\Longleftrightarrow\qquad
# z = W x + b,\quad a = g(z),$$
#
# where $g$ acts on each entry. The index order of $w_{jk}$ is "to $j$, from $k$": row = the unit the weight
# feeds, column = the input it reads. In the course's notation the layer is layer $l$, its inputs are the
# activations $a^{l-1}$ of the layer before, and
#
# $$z^l = W^l a^{l-1} + b^l,\qquad a^l = \sigma(z^l),\qquad W^l \text{ of shape } (n_l, n_{l-1}).$$
#
# ## 3. Seed 001's network, unit by unit
#
# Seed `001` (Andrew Ng's notation, see lesson 00) draws a network with three inputs $x_1, x_2, x_3$, a hidden
# layer of three units and one output unit. It adds a **bias unit** $x_0 = 1$ to the inputs, and another,
# $a^{(2)}_0 = 1$, to the hidden layer, and writes every unit out:
#
# $$
# \begin{aligned}
# a^{(2)}_1 &= g\big(w^{(1)}_{10} x_0 + w^{(1)}_{11} x_1 + w^{(1)}_{12} x_2 + w^{(1)}_{13} x_3\big) \\
# a^{(2)}_2 &= g\big(w^{(1)}_{20} x_0 + w^{(1)}_{21} x_1 + w^{(1)}_{22} x_2 + w^{(1)}_{23} x_3\big) \\
# a^{(2)}_3 &= g\big(w^{(1)}_{30} x_0 + w^{(1)}_{31} x_1 + w^{(1)}_{32} x_2 + w^{(1)}_{33} x_3\big) \\
# h(x) = a^{(3)}_1 &= g\big(w^{(2)}_{10} a^{(2)}_0 + w^{(2)}_{11} a^{(2)}_1 + w^{(2)}_{12} a^{(2)}_2 + w^{(2)}_{13} a^{(2)}_3\big)
# \end{aligned}
# $$
#
# (The seed's drawing labels the output unit wrongly; its own note corrects the label to $a^{(3)}_1$, the name
# used here.)
#
# and then claims that the same thing, vectorized, is
#
# $$
# x = \begin{bmatrix} x_0 \\ x_1 \\ x_2 \\ x_3 \end{bmatrix},\quad
# w^{(1)} = \begin{bmatrix}
# w^{(1)}_{10} & w^{(1)}_{11} & w^{(1)}_{12} & w^{(1)}_{13} \\
# w^{(1)}_{20} & w^{(1)}_{21} & w^{(1)}_{22} & w^{(1)}_{23} \\
# w^{(1)}_{30} & w^{(1)}_{31} & w^{(1)}_{32} & w^{(1)}_{33}
# \end{bmatrix},\quad
# z^{(2)} = w^{(1)} x,\quad a^{(2)} = g(z^{(2)}),\quad
# z^{(3)} = w^{(2)} \begin{bmatrix} 1 \\ a^{(2)} \end{bmatrix},\quad h(x) = g(z^{(3)}).
# $$
#
# (Its one-row matrix $w^{(2)}$ is printed with entries $w^{(2)}_{20}, \dots, w^{(2)}_{23}$; since layer 3 has a
# single unit, the row index must be 1, as in the unit-by-unit equation for $h(x)$. We use $w^{(2)}_{1k}$.)
#
# We build both versions with SymPy, for a generic activation $g$, and check that they are the same functions:

# %%
x = sp.Matrix(sp.symbols("x_0:4"))                      # (4, 1): the bias unit x_0 on top, then x_1 … x_3
w_1 = sp.Matrix(3, 4, lambda j, k: symbol("w", "(1)", f"{j + 1}{k}"))    # Ng's w^(1)_jk
w_2 = sp.Matrix(1, 4, lambda j, k: symbol("w", "(2)", f"{j + 1}{k}"))

# Unit by unit, as the seed writes them: a^(2)_j = g(Σ_k w^(1)_jk x_k), then h(x) with a^(2)_0 = 1.
a2_units = [g(sum(w_1[j, k] * x[k] for k in range(4))) for j in range(3)]
h_units = g(w_2[0, 0] * 1 + sum(w_2[0, j] * a2_units[j - 1] for j in (1, 2, 3)))

# The matrix form.
z2 = w_1 * x                                  # z^(2) = w^(1) x: (3, 4)(4, 1) = (3, 1)
a2 = z2.applyfunc(g)                          # a^(2) = g(z^(2)), entry by entry
z3 = w_2 * sp.Matrix([1, *a2])                # add a^(2)_0 = 1 on top: (1, 4)(4, 1) = (1, 1)
h_matrix = g(z3[0, 0])

assert all(equal(a2[j], a2_units[j]) for j in range(3))
assert equal(h_matrix, h_units)
sp.Eq(symbol("a", "(2)", 1), a2_units[0])

# %% [markdown]
# ## 4. A bias unit is a bias vector
#
# Split $w^{(1)}$ into its first column, the weights on $x_0$, and the rest. Because $x_0 = 1$,
#
# $$
# w^{(1)} \begin{bmatrix} 1 \\ x_1 \\ x_2 \\ x_3 \end{bmatrix}
# = \underbrace{\begin{bmatrix} w^{(1)}_{11} & w^{(1)}_{12} & w^{(1)}_{13} \\
# w^{(1)}_{21} & w^{(1)}_{22} & w^{(1)}_{23} \\
# w^{(1)}_{31} & w^{(1)}_{32} & w^{(1)}_{33} \end{bmatrix}}_{W^1}
# \begin{bmatrix} x_1 \\ x_2 \\ x_3 \end{bmatrix} +
# \underbrace{\begin{bmatrix} w^{(1)}_{10} \\ w^{(1)}_{20} \\ w^{(1)}_{30} \end{bmatrix}}_{b^1}.
# $$
#
# So a bias unit with a column of weights and a separate bias vector $b$ are two bookkeepings of one function:
# the column of weights on the constant unit *is* $b$. The course keeps $b$ separate, because it is updated by
# its own rule (BP3) and is not regularized. In the course's layer numbering (input = layer 0, lesson 00),
# seed 001's hidden layer $a^{(2)}$ is our $a^1$, and the network is $z^1 = W^1 x + b^1$, $a^1 = g(z^1)$,
# $z^2 = W^2 a^1 + b^2$, $h(x) = a^2 = g(z^2)$.

# %%
b_1 = w_1[:, 0]                                # the weights on x_0 = 1
W_1 = w_1[:, 1:]                               # the weights on x_1 … x_3: shape (3, 3) = (n_1, n_0)
x_plain = x[1:, :]                             # the inputs without the bias unit: (3, 1)

with_unit = (w_1 * x).subs(x[0], 1)            # w^(1) x with x_0 = 1
with_vector = W_1 * x_plain + b_1              # W^1 x + b^1
assert all(equal(u, v) for u, v in zip(with_unit, with_vector))

b_2, W_2 = w_2[:, 0], w_2[:, 1:]               # the same split for the output layer
h_course = g((W_2 * a2 + b_2)[0, 0]).subs(x[0], 1)
assert equal(h_course, h_units.subs(x[0], 1))
with_vector

# %% [markdown]
# The same holds for numbers, and for a whole batch at once: put a row of ones on top of the inputs, and of the
# hidden activations, and fold each $b^l$ into its matrix as column 0. `nnlib.Network([3, 3, 1])` is seed 001's
# network with separate biases; the bias-unit version computed by hand gives the same outputs.

# %%
net = nnlib.Network([3, 3, 1], seed=0)
m = 4
X = rng.standard_normal((3, m))                            # four examples, one per column

w_aug = [np.hstack([b, W]) for W, b in zip(net.weights, net.biases)]   # [b^l | W^l]: (n_l, 1 + n_{l-1})
a = X
for w in w_aug:
    a = nnlib.sigmoid(w @ np.vstack([np.ones((1, m)), a]))             # a row of ones = the bias unit

assert nnlib.rel_error(a, net.feedforward(X)) < 1e-10
print("bias units:", a.ravel())
print("nnlib     :", net.feedforward(X).ravel())

# %% [markdown]
# ## 5. Shapes
#
# For a network with `sizes` $= [n_0, n_1, \dots, n_L]$ and a batch of $m$ examples as columns:
#
# | array | shape | why |
# |---|---|---|
# | $X = A^0$ | $(n_0, m)$ | one column per example |
# | $W^l$ | $(n_l, n_{l-1})$ | one row per unit of layer $l$, one column per unit of layer $l-1$ |
# | $b^l$ | $(n_l, 1)$ | one bias per unit, shared by every example |
# | $Z^l = W^l A^{l-1} + b^l$ | $(n_l, n_{l-1}) \cdot (n_{l-1}, m) \to (n_l, m)$ | $b^l$ is added to every column |
# | $A^l = \sigma(Z^l)$ | $(n_l, m)$ | elementwise |
#
# The inner dimensions of each product, $n_{l-1}$, must agree; that is the whole shape discipline of the
# forward pass. Here it is for `sizes = [4, 5, 3, 2]`:

# %%
sizes, m = [4, 5, 3, 2], 6
net = nnlib.Network(sizes, seed=1)
X = rng.standard_normal((sizes[0], m))
zs, activations = net.forward(X)          # zs[l-1] = Z^l, activations[l] = A^l

assert activations[0].shape == (sizes[0], m)
for l in range(1, net.L + 1):
    W, b = net.weights[l - 1], net.biases[l - 1]
    assert W.shape == (sizes[l], sizes[l - 1]) and b.shape == (sizes[l], 1)
    assert zs[l - 1].shape == activations[l].shape == (sizes[l], m)
    print(f"layer {l}:  W{W.shape} @ A{activations[l - 1].shape} + b{b.shape}  ->  Z, A {zs[l - 1].shape}")

# %% [markdown]
# ## 6. A whole batch in one product per layer
#
# Why does one product handle all $m$ examples? A matrix product acts column by column: column $x$ of $WX$ is
# $W$ times column $x$ of $X$ (the course writes the example as the last subscript, lesson 00: $a^0_x$ is
# example $x$'s input column),
#
# $$W \big[\,a^0_1\;a^0_2\;\cdots\;a^0_m\,\big] = \big[\,Wa^0_1\;\;Wa^0_2\;\cdots\;Wa^0_m\,\big],$$
#
# adding the column $b$ to an $(n_l, m)$ matrix adds it to every column (numpy's broadcasting, used here on
# purpose), and $\sigma$ acts entry by entry. So column $x$ of every $Z^l$ and $A^l$ belongs to example $x$
# alone. First the product rule, symbolically ($x_{k,x}$ is input $k$ of example $x$):

# %%
W = sp.Matrix(2, 3, lambda j, k: symbol("w", None, f"{j + 1}{k + 1}"))
X_sym = sp.Matrix(3, 2, lambda k, x: symbol("x", None, (k + 1, x + 1)))     # two examples as columns
for x in range(2):
    assert all(equal(u, v) for u, v in zip((W * X_sym)[:, x], W * X_sym[:, x]))
W * X_sym

# %% [markdown]
# Then the whole network: running each example on its own, as an $(n_0, 1)$ column, gives exactly the columns of
# the batch computation, at every layer.

# %%
zs, activations = net.forward(X)                 # all m examples at once
for k in range(m):
    zs_k, activations_k = net.forward(X[:, [k]])  # example k alone; X[:, [k]] keeps it a (4, 1) column
    for l in range(1, net.L + 1):
        assert nnlib.rel_error(zs_k[l - 1], zs[l - 1][:, [k]]) < 1e-10
        assert nnlib.rel_error(activations_k[l], activations[l][:, [k]]) < 1e-10
print(f"{m} examples one at a time = one batch of {m}, at all {net.L} layers")


# %% [markdown]
# ## 7. Why must $x$ be an $(n, 1)$ column? (seed 004)
#
# Seed `004` is a reader's question about Nielsen's `backprop(self, x, y)`: a mini-batch is a list of pairs
# `(x, y)`, so is `x` a scalar? And since a weight matrix has one column per unit of the previous layer, must
# `x` be an $n \times 1$ vector? A column, yes, but the question's count is off by a layer: it gives $W$ the shape
# $n \times p$, with $n$ units in layer $l$ and $p$ in layer $l-1$, and then asks for $n \times 1$; the vector
# that $W$ multiplies must have $p$ rows, one per column of $W$. So `x` is **one example, an $(n_0, 1)$
# column**, and `y` its $(n_L, 1)$ target. The answer quoted in the seed says that for Nielsen's `[2, 3, 1]` network
# `x` should have shape `(2,)`, a 1-D array. Let us try all three shapes on a plain forward pass with no input checks,
# $a \leftarrow \sigma(Wa + b)$ layer by layer, as Nielsen's `feedforward` does:

# %%
def plain_feedforward(weights, biases, a):
    # z = W a + b, a = σ(z), layer by layer, with no checks on a's shape.
    for W, b in zip(weights, biases):
        a = nnlib.sigmoid(np.dot(W, a) + b)
    return a


net = nnlib.Network([2, 3, 1], seed=4)
W1, b1 = net.weights[0], net.biases[0]
x_col = np.array([[0.5], [-1.0]])                  # (2, 1): right
x_flat = x_col.ravel()                             # (2,): a 1-D array

out = plain_feedforward(net.weights, net.biases, x_col)
assert out.shape == (1, 1) and nnlib.rel_error(out, net.feedforward(x_col)) < 1e-10

z_good = W1 @ x_col + b1                           # (3, 1)
z_bad = W1 @ x_flat + b1                           # (3,) + (3, 1) broadcasts to (3, 3)!
out_bad = plain_feedforward(net.weights, net.biases, x_flat)
assert z_bad.shape == (3, 3) and out_bad.shape == (1, 3)
print("z with a (2, 1) column:\n", z_good)
print("z with a (2,) array:\n", z_bad)
print("network output for the 1-D x, shape", out_bad.shape, ":", out_bad)

# %% [markdown]
# With a 1-D `x`, `W @ x` is a 1-D array of shape `(3,)`, and adding the `(3, 1)` column `b` does not fail:
# numpy *broadcasts* the two into a $(3, 3)$ matrix whose entry $(j, k)$ is $(Wx)_k + b_j$, the weighted sum of
# one unit plus the bias of another. The right values sit on its diagonal, surrounded by nonsense; the next layer
# mixes them all, and one example comes out as three "outputs". No error is raised anywhere.

# %%
assert nnlib.rel_error(np.diag(z_bad), z_good.ravel()) < 1e-10          # the right z, on the diagonal only
assert all(z_bad[j, k] == (W1 @ x_flat)[k] + b1[j, 0] for j in range(3) for k in range(3))

# %% [markdown]
# The first layer's mistake is always square: layer 1 turns the 1-D `x` into an $(n_1, n_1)$ matrix. Every later
# layer multiplies that matrix by $W^l$ and adds $b^l$, so $z^l$ has shape $(n_l, n_1)$, and the network returns
# $n_1$ columns of "outputs" for one example, square only where a layer happens to have $n_1$ units. On a
# `[2, 3, 4, 2]` network:

# %%
deep = nnlib.Network([2, 3, 4, 2], seed=4)
a = x_flat                                          # (2,): the 1-D example
for l, (W, b) in enumerate(zip(deep.weights, deep.biases), start=1):
    z = W @ a + b
    assert z.shape == (deep.sizes[l], deep.sizes[1])                   # (n_l, n_1) at every layer
    assert (z.shape[0] == z.shape[1]) == (deep.sizes[l] == deep.sizes[1])   # square only where n_l = n_1
    print(f"layer {l}: z^{l} has shape {z.shape} = (n_{l}, n_1)")
    a = nnlib.sigmoid(z)

# %% [markdown]
# A row `x` of shape $(1, 2)$ fails at once, because the inner dimensions of $W x$ do not agree
# ($W$ has 2 columns, `x` has 1 row):

# %% tags=["raises-exception"]
plain_feedforward(net.weights, net.biases, x_col.T)

# %% [markdown]
# The dangerous case is a **batch with examples as rows** when the number of examples happens to equal the number
# of inputs: the product is defined, the output has a plausible shape, and the numbers are wrong.

# %%
X2 = np.array([[0.5, 2.0],
               [-1.0, 0.3]])                         # two examples as columns: (n_0, m) = (2, 2)
right = plain_feedforward(net.weights, net.biases, X2)
wrong = plain_feedforward(net.weights, net.biases, X2.T)   # examples as rows, also (2, 2)
assert right.shape == wrong.shape == (1, 2)
assert nnlib.rel_error(right, net.feedforward(X2)) < 1e-10
assert nnlib.rel_error(wrong, right) > 0.01
print("examples as columns:", right, "\nexamples as rows:   ", wrong)

# %% [markdown]
# This is why `nnlib` checks every input before it computes anything. A 1-D array is refused with a message that
# says what was expected, what arrived, and how to fix it:

# %% tags=["raises-exception"]
net.feedforward(x_flat)

# %% [markdown]
# A batch of examples as rows is refused whenever its shape gives it away, with a hint. Only when the batch is
# square can no library tell rows from columns; there the convention itself, *examples are columns*, is the
# protection.

# %%
X5 = rng.standard_normal((2, 5))                  # five examples as columns
try:
    net.feedforward(X5.T)                         # (5, 2): examples as rows
except ValueError as err:
    message = str(err)
else:
    raise AssertionError("a (5, 2) batch for a 2-input network should be refused")
assert "X.T" in message
print(message)

assert nnlib.rel_error(net.feedforward(X2.T), wrong) < 1e-10   # square: accepted, and wrong

# %% [markdown]
# ## Sources
#
# - **Seed 001** (a Chinese student's notes on Andrew Ng's *Machine Learning* course): the 3-input network with
#   bias units, written unit by unit and vectorized, with its two slips noted above (the output label, and the
#   row index of $w^{(2)}$).
# - **Seed 004** (a Chinese mirror of the Stack Overflow question "Deep learning: the code for backpropagation in
#   Python", about Michael Nielsen's `network.py` from *Neural Networks and Deep Learning*): why `x` must be an
#   $(n, 1)$ column, with the question's $n \times 1$ slip and the answer's `(2,)` shape checked above.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).

# %% [markdown]
# ## Summary
#
# - A neuron computes $z = w^\mathsf{T} x + b$ and $a = g(z)$; a layer stacks the weight rows into $W^l$ of shape
#   $(n_l, n_{l-1})$ ("to $j$, from $k$") and computes $z^l = W^l a^{l-1} + b^l$, $a^l = \sigma(z^l)$.
# - Seed 001's unit-by-unit equations equal the matrix form $z^{(2)} = w^{(1)} x$ (checked by SymPy), and its
#   bias unit $x_0 = 1$ with a column of weights is exactly a separate bias vector $b$ (checked symbolically and
#   on numbers).
# - A batch $X$ of shape $(n_0, m)$ with **examples as columns** goes through each layer in one product:
#   column $x$ of every $Z^l$, $A^l$ is example $x$'s, as the per-example loop confirmed.
# - One example is an $(n_0, 1)$ column. A 1-D `x` broadcasts silently: $z^1$ becomes an $(n_1, n_1)$ matrix of
#   nonsense and every later $z^l$ an $(n_l, n_1)$ one (square only where $n_l = n_1$);
#   a row fails; a square batch of rows gives wrong numbers with the right shape. `nnlib` refuses the first two
#   with a message that names the fix.
#
# Next, lesson 02: the chain rule, and how a computation graph runs backwards.
