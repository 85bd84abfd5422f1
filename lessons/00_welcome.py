# %% [markdown]
# # Lesson 00 — Welcome, and the notation of the course
#
# This course derives backpropagation one equation at a time, and lets the computer check every step.
#
# **After this lesson you will be able to**
#
# - find your way around the course: lessons, exercises, solutions and tests;
# - read every symbol the course uses, and give the shape of every array;
# - translate a formula from Andrew Ng's notation (seed `001`) or from row-vector code (seeds `000` and `002`,
#   and *Deep Learning from Scratch*, the book behind seed `003`) into the course's notation, and back;
# - look up the Chinese term for each concept, to read the posts the course grew from;
# - find where every example, number and claim taken from another work comes from (the sources page,
#   [`SOURCES.md`](../SOURCES.md)).

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
# ## How the course works
#
# **Lessons** (`lessons/NN_slug.ipynb`) are notebooks stored with their outputs, so you can read them on a code
# host or as a web page. Every lesson has the same shape:
#
# 1. what you will be able to do at the end;
# 2. the argument, step by step, in formulas;
# 3. a SymPy derivation, where an `assert` proves each formula equal to what `sympy.diff` gets the long way;
# 4. an implementation with `nnlib`, the course's small numpy library;
# 5. a numerical check that the formula and `nnlib` agree on random numbers;
# 6. a short summary.
#
# To run them yourself: `make lab` sets up a virtual environment (the first time) and opens JupyterLab.
# Run a notebook top to bottom (*Run → Run All Cells*); change numbers and run it again.
#
# **Exercises** (`exercises/NN_slug.ipynb`, with the same number as the lesson) ask you to write the functions
# yourself: `sigmoid_prime`, `output_delta`, `hidden_delta`, and so on. After each one, a cell calls `check(...)`,
# which runs tests on your function and says what passed and what failed. When your answer matches a classic
# mistake, such as using $W$ where backpropagation needs $W^\mathsf{T}$, it names that mistake. It never shows
# the answer. Instructors grade the same notebooks with hidden tests (see the README).
#
# **Tests.** `make test` runs `pytest`: the unit tests of `nnlib`, the grader's self-tests, and `nbval`, which
# re-executes every lesson and compares its outputs with the stored ones. An `assert` in a lesson is therefore
# a test: if a formula in a lesson were wrong, the test suite would fail.
#
# ### What "machine-checked" means
#
# Wherever the text says that two things are equal, the next code cell asserts it:
#
# - symbolic expressions with `nnlib.symbolic.equal(a, b)`, which expands $a - b$ and compares it with $0$
#   (no guessing by `simplify`);
# - numbers with `nnlib.rel_error(a, b) < 1e-10`, where
#   $\operatorname{rel\_error}(a, b) = \lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)$.
#
# ### Proved for every size, or checked on instances
#
# A check on a network with three units says nothing, strictly, about a network with four. So the course says
# which of its statements are **proved for every size** and which are **checked on instances**:
#
# - *Proved for every size:* the four equations of backpropagation. Lessons 03–05 first check each one on small
#   networks, then prove it with the widths $n_{l-1}, n_l, n_{l+1}, n_L$ and the batch size $m$ as SymPy symbols,
#   differentiating with respect to one generic entry: BP1 for the quadratic cost with any activation, for the
#   cross-entropy after a sigmoid, and after a softmax (given $\sum_j y_j = 1$); BP2 as the induction step from
#   layer $l+1$ to layer $l$, which with BP1 as its base covers every depth; BP3 and BP4 with the $1/m$ of the
#   mean and the $(\lambda/m)W$ of the L2 term. The one step SymPy is not asked to take is the chain rule across a
#   layer of symbolic width, which lessons 04 and 05 write out.
# - *Checked on instances:* everything else that involves a network. The worked examples (seed 001's two paths,
#   seed 002's update), the bridges to Ng's numbering and to the row-vector form, `nnlib`'s code against the
#   formulas, gradient checking and every training run are checked on the concrete sizes and numbers shown, and
#   the general proofs are substituted back at those sizes so that the two cannot drift apart. Identities in one
#   variable, such as $\sigma' = \sigma(1 - \sigma)$, are proved outright.
#
# The general proofs are quick (lesson 05 times them); here they run again, and each must leave a residual of exactly 0:

# %%
from nnlib.symbolic import prove_all

proved = prove_all()
assert all(proof.residual == 0 for proof in proved)
print("proved for symbolic widths and batch size:", "; ".join(proof.name for proof in proved))

# %% [markdown]
# Here is the whole pattern in miniature, on one sigmoid neuron with one input. Its cost on one example is
# $C = \tfrac12(\sigma(wx + b) - y)^2$, and the claim, which lesson 03 derives properly, is
#
# $$\frac{\partial C}{\partial w} = (a - y)\,\sigma'(z)\,x, \qquad z = wx + b,\quad a = \sigma(z).$$

# %%
from nnlib.symbolic import equal, sigma

w, b, x, y, t = sp.symbols("w b x y t")
z = w * x + b
a = sigma(z)
C = sp.Rational(1, 2) * (a - y) ** 2
sigma_prime = sp.diff(sigma(t), t).subs(t, z)   # σ'(t), evaluated at t = z

by_diff = sp.diff(C, w)                         # the long way
claim = (a - y) * sigma_prime * x               # (a − y) σ'(z) x
assert equal(by_diff, claim)
by_diff

# %% [markdown]
# SymPy's `sigma` knows that $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ (lesson 03 proves it), which is why the
# derivative prints without exponentials. The same formula turned into numbers agrees with `nnlib`, whose
# `Network([1, 1])` is exactly this neuron:

# %%
net = nnlib.Network([1, 1], seed=0)
x_val, y_val = np.array([[0.7]]), np.array([[0.2]])
nabla_b, nabla_w = net.backprop(x_val, y_val)

claim_numbers = sp.lambdify((w, b, x, y), claim, modules=[{"sigma": nnlib.sigmoid}, "numpy"])
value = claim_numbers(net.weights[0][0, 0], net.biases[0][0, 0], 0.7, 0.2)
assert nnlib.rel_error(value, nabla_w[0][0, 0]) < 1e-10
print(f"formula: {value:.12f}   nnlib: {nabla_w[0][0, 0]:.12f}")

# %% [markdown]
# ## The course map
#
# | # | lesson | what you learn |
# |---|---|---|
# | 00 | welcome and notation | how the course works, the notation, the bridges to other texts, a glossary |
# | 01 | forward pass | neurons and layers, bias units, one matrix product per layer for a whole batch, shapes |
# | 02 | chain rule and computation graphs | the chain rule, add and multiply nodes, paths that add up, the apple examples |
# | 03 | cost and the output-layer δ | the cost $J$, BP1, $\sigma' = \sigma(1-\sigma)$, cross-entropy, seed 002's question settled |
# | 04 | the recursive δ rule | BP2 derived and checked, and the common wrong versions caught |
# | 05 | weight and bias gradients | BP3 and BP4 against `sympy.diff` entry by entry, and against `nnlib` |
# | 06 | gradient checking | numerical against analytic derivatives, the choice of $h$, failure modes |
# | 07 | mini-batch SGD | Ng's $\Delta/m$, Nielsen's `update_mini_batch`, the matrix form, training a network |
# | 08 | XOR in eleven lines | seed 002's network reproduced exactly, then through `nnlib` |
# | 09 | digits | Nielsen's network on real handwritten digits, quadratic against cross-entropy |
# | 10 | sentiment network | seed 000's bag-of-words network, in the row-vector form |
# | 11 | beyond sigmoid | tanh and ReLU, vanishing gradients, softmax, L2 regularization, initialization |
# | 12 | reverse-mode autodiff | Jacobians and vector-Jacobian products, why reverse mode, backprop as dynamic programming, `nnlib.autodiff` |
# | 13 | beyond fully connected layers | batch normalization and convolution backward, derived and checked; a small convolutional network |

# %% [markdown]
# ## The notation
#
# The course follows Nielsen's book and the deeplearning.ai convention.
#
# | symbol | meaning | shape |
# |---|---|---|
# | $l = 0, 1, \dots, L$ | layer number: $0$ is the input layer, $L$ the output layer | |
# | $n_l$ | number of units in layer $l$; the list `sizes` is $[n_0, n_1, \dots, n_L]$ | |
# | $m$ | number of examples in a batch | |
# | $x$ as an index | **which example**, numbered $x = 1, \dots, m$ in a batch. It is always the *last* subscript, after a comma: $a^l_{j,x}$ is unit $j$ of layer $l$ in example $x$ (entry $(j, x)$ of $A^l$), $\delta^l_{j,x}$ likewise; with no unit index, $a^l_x$, $\delta^l_x$ are example $x$'s whole columns. One example alone needs no index. (Nielsen writes $a^{x,l}$, Ng $x^{(i)}$ and seed 001 $x_i$ for the same thing; the course never puts the example in a superscript, which belongs to the layer.) | |
# | $x$, $y$ | one example and its target, as **columns** | $(n_0, 1)$, $(n_L, 1)$ |
# | $X$, $Y$ | a batch: **examples are columns** | $(n_0, m)$, $(n_L, m)$ |
# | $W^l$ | weights into layer $l$; entry $w^l_{jk}$ connects unit $k$ of layer $l-1$ to unit $j$ of layer $l$ | $(n_l, n_{l-1})$ |
# | $b^l$ | biases of layer $l$ | $(n_l, 1)$ |
# | $z^l = W^l a^{l-1} + b^l$ | weighted input of layer $l$ | $(n_l, 1)$, or $(n_l, m)$ |
# | $a^l = \sigma(z^l)$, $a^0 = x$ | activation (output) of layer $l$ | like $z^l$ |
# | $\sigma$, $\sigma'$ | activation function and its derivative; $g$, $g'$ for a generic one | |
# | $C_x$ | cost of example $x$, e.g. $\tfrac12\lVert a^L - y\rVert^2$ | scalar |
# | $J = \frac1m \sum_x C_x + \frac{\lambda}{2m}\sum_l \lVert W^l\rVert_F^2$ | cost of a batch | scalar |
# | $\delta^l = \partial C / \partial z^l$ | the error of layer $l$ | like $z^l$ |
# | $\odot$ | elementwise (Hadamard) product | |
# | $\nabla_a C$ | the column of $\partial C / \partial a^L_j$ | $(n_L, 1)$ |
# | $\eta$, $\lambda$ | learning rate, L2 strength | |
#
# The four equations of backpropagation, derived in lessons 03–05:
#
# $$
# \begin{aligned}
# &\text{BP1} & \delta^L &= \nabla_a C \odot \sigma'(z^L) \\
# &\text{BP2} & \delta^l &= \big((W^{l+1})^\mathsf{T} \delta^{l+1}\big) \odot \sigma'(z^l) \\
# &\text{BP3} & \partial C / \partial b^l &= \delta^l \\
# &\text{BP4} & \partial C / \partial W^l &= \delta^l (a^{l-1})^\mathsf{T}
# \end{aligned}
# $$
#
# In code the names are the math's: `z`, `a`, `delta`, `nabla_w`, `nabla_b`, `eta`, `lam`, `sizes`. Python
# lists count from 0, so `net.weights[l-1]` is $W^l$, `net.biases[l-1]` is $b^l$, and `net.deltas(X, Y)[l-1]`
# is $\delta^l$; `net.forward(X)` returns `zs` with `zs[l-1]` $= z^l$ and `activations` with
# `activations[l]` $= a^l$ (so `activations[0]` is $X$). The shapes, checked on a network with
# `sizes = [3, 4, 2]` and a batch of $m = 5$:

# %%
sizes, m = [3, 4, 2], 5
net = nnlib.Network(sizes, seed=1)
X = rng.standard_normal((sizes[0], m))
Y = rng.random((sizes[-1], m))
zs, activations = net.forward(X)
deltas = net.deltas(X, Y)

for l in range(1, net.L + 1):
    assert net.weights[l - 1].shape == (sizes[l], sizes[l - 1])        # W^l: (n_l, n_{l-1})
    assert net.biases[l - 1].shape == (sizes[l], 1)                    # b^l: (n_l, 1)
    assert zs[l - 1].shape == activations[l].shape == deltas[l - 1].shape == (sizes[l], m)
    print(f"l = {l}:  W^{l} {net.weights[l - 1].shape}  b^{l} {net.biases[l - 1].shape}  "
          f"z^{l}, a^{l}, δ^{l} {zs[l - 1].shape}")

# %% [markdown]
# ## Bridge 1: Andrew Ng's notation (seed 001)
#
# Seed `001` is a student's notes on Andrew Ng's *Machine Learning* course. It writes $a^{(i)}_j$ for unit $j$ of
# layer $i$ and $w^{(j)}$ for the weight matrix that maps layer $j$ to layer $j+1$, and it counts the **input as
# layer 1**: its first equations are $a^{(2)}_1 = g(w^{(1)}_{10} x_0 + w^{(1)}_{11} x_1 + \dots)$, that is
# $z^{(2)} = w^{(1)} x$. Its key equation (BP2) reads
#
# $$\delta^{(l)} = \big[(w^{(l)})^\mathsf{T} \delta^{(l+1)}\big] \;.\!*\; g'(z^{(l)}),$$
#
# where `.*` is the elementwise product $\odot$.
#
# **The one mapping.** This course counts the input as layer **0**, so Ng's layer $l$ is the course's layer
# $l-1$, and everything numbered by a layer moves down by one. Ng's matrix $w^{(l)}$ leaves his layer $l$ (our
# $l-1$) and enters his layer $l+1$ (our $l$): it is the matrix the course calls $W^l$. In full:
#
# $$w^{(l)} = W^l, \qquad a^{(l)} = a^{l-1}, \qquad z^{(l)} = z^{l-1}, \qquad \delta^{(l)} = \delta^{l-1},
# \qquad L_\text{Ng} = L + 1 .$$
#
# The weight's number stays the same because two shifts cancel: Ng names a matrix after the layer it *leaves*
# and counts from 1; the course names it after the layer it *enters* and counts from 0. Seed 001's own first
# equation fixes the mapping: $z^{(2)} = w^{(1)} x$ multiplies the **input** by $w^{(1)}$, and the matrix that
# multiplies the input is the course's $W^1$ ($z^1 = W^1 a^0$, lesson 01 checks the seed's equations). Lessons
# 04, 05 and 07 use this mapping and no other.
#
# | | Ng (seed 001) | this course |
# |---|---|---|
# | layers | $1, \dots, L_\text{Ng}$; input $a^{(1)} = x$ | $0, \dots, L$; input $a^0 = x$ |
# | forward | $z^{(l+1)} = w^{(l)} a^{(l)}$ | $z^{l} = W^{l} a^{l-1} + b^{l}$ |
# | BP2 | $\delta^{(l)} = [(w^{(l)})^\mathsf{T} \delta^{(l+1)}] \;.\!*\; g'(z^{(l)})$ | $\delta^{l-1} = ((W^{l})^\mathsf{T} \delta^{l}) \odot \sigma'(z^{l-1})$ |
# | BP4 | $\partial J_i / \partial w^{(l)}_{jk} = \delta^{(l+1)}_j a^{(l)}_k$ | $\partial C / \partial w^{l}_{jk} = \delta^{l}_j a^{l-1}_k$ |
#
# Each row on the right is the course's equation with $l-1$ written for $l$ (BP2 is usually written with $l$ for
# the lower layer: $\delta^l = ((W^{l+1})^\mathsf{T}\delta^{l+1}) \odot \sigma'(z^l)$). Ng folds the bias into
# $w^{(l)}$ through a unit that is always 1; lesson 01 shows that this is the same as a separate $b$.
#
# **Translate every index at once.** A formula is translated only when *all* its layer numbers are. Renaming
# the matrix alone, $w^{(l)} \to W^l$, while leaving $\delta^{(l)}$ and $z^{(l)}$ on layer $l$, gives
# $\delta^l = ((W^{l})^\mathsf{T}\delta^{l+1}) \odot \sigma'(z^l)$, which goes back through the wrong matrix: it is
# one of the wrong versions of BP2 that lesson 04 catches. The opposite shortcut, reading $w^{(l)}$ as $W^{l+1}$
# and every other index unchanged, happens to produce BP2's *pattern*, but it names the wrong arrays: it would call
# seed 001's first matrix, the one that multiplies $x$, "$W^2$", and its first hidden layer $a^{(2)}$ "$a^2$"; the
# course does not use it.
#
# The cell runs seed 001's whole computation in Ng's own counting (layers $1 \dots L+1$, matrices $w^{(l)} = W^l$)
# and checks that his $\delta^{(l)}$ is `nnlib`'s $\delta^{l-1}$ at every layer; then it shows that the
# half-translation fails.

# %%
net = nnlib.Network([3, 4, 4, 4, 2], seed=2)
X = rng.standard_normal((3, 5))
Y = rng.random((2, 5))
L = net.L
zs, activations = net.forward(X)
deltas = net.deltas(X, Y)                                 # deltas[l-1] = δ^l, the course's labels
s_prime = nnlib.sigmoid_prime

# Ng's counting: input = layer 1, output = layer L + 1; w^(l) maps Ng layer l to l + 1.
top = L + 1
w_ng = {l: net.weights[l - 1] for l in range(1, top)}    # w^(l) = W^l
b_ng = {l: net.biases[l - 1] for l in range(1, top)}
a_ng, z_ng = {1: X}, {}
for l in range(1, top):
    z_ng[l + 1] = w_ng[l] @ a_ng[l] + b_ng[l]             # z^(l+1) = w^(l) a^(l)  (+ the bias)
    a_ng[l + 1] = nnlib.sigmoid(z_ng[l + 1])
assert w_ng[1].shape[1] == X.shape[0]                     # w^(1) multiplies the input, as in seed 001
d_ng = {top: (a_ng[top] - Y) * s_prime(z_ng[top])}
for l in range(top - 1, 1, -1):
    d_ng[l] = (w_ng[l].T @ d_ng[l + 1]) * s_prime(z_ng[l])   # δ^(l) = [(w^(l))ᵀ δ^(l+1)] .* g'(z^(l))
for l in range(2, top + 1):
    assert nnlib.rel_error(a_ng[l], activations[l - 1]) < 1e-10   # Ng's a^(l) is the course's a^(l-1)
    assert nnlib.rel_error(d_ng[l], deltas[l - 2]) < 1e-10        # Ng's δ^(l) is the course's δ^(l-1)
print(f"Ng's δ^(l), l = 2 … {top}, equal nnlib's δ^l, l = 1 … {L}")

# The half-translation: w^(l) renamed W^l, but δ and z left on layer l.  W^2 is square (4 × 4) here,
# so at layer 2 the product runs, with the right shape and wrong numbers.
l = 2
half = (net.weights[l - 1].T @ deltas[l]) * s_prime(zs[l - 1])        # ((W^l)ᵀ δ^{l+1}) ⊙ σ'(z^l)
err = nnlib.rel_error(half, deltas[l - 1])
assert half.shape == deltas[l - 1].shape and err > 0.1
print(f"half-translated BP2 at layer {l}: right shape, relative error {err:.2f} against nnlib's δ^{l}")

# %% [markdown]
# ### Both numberings on one picture
#
# Here is a network with two hidden layers, drawn once. Under each layer stand its two numbers, ours and Ng's; above each gap between
# two layers stand the matrix's two names. Ng's weights carry the number of the layer they **leave**, in his
# counting; ours carry the number of the layer they **feed**, in ours. Because his layer numbers are one higher,
# the two names of one matrix read the same: the matrix that leaves Ng's layer (1), our layer 0, and feeds our
# layer 1 is Ng's $w^{(1)}$ and our $W^1$. The lines are the actual weights of `net` (blue positive, red
# negative, thicker when larger).
#
# The cell does not take the picture on trust: it reads the labels back from the drawing, runs Ng's BP2 in his
# own counting with the matrices named as the picture names them, and asserts that this reproduces `nnlib`'s
# $\delta^l$ for every hidden layer.

# %%
import re

net = nnlib.Network([3, 4, 4, 2], seed=2)
X = rng.standard_normal((3, 5))
Y = rng.random((2, 5))
zs, _ = net.forward(X)
deltas = net.deltas(X, Y)
L = net.L

ax = nnlib.plot.network_diagram(net, title="One network, two numberings: ours (black) and Ng's (brown)")
drawn = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
ng_layer = {l: int(re.search(r"\((\d+)\)", drawn[f"ng-layer:{l}"]).group(1)) for l in range(L + 1)}
ng_matrix = {l: int(re.search(r"w\^\{\((\d+)\)\}", drawn[f"ng-matrix:{l}"]).group(1)) for l in range(1, L + 1)}
assert all(drawn[f"matrix:{l}"].startswith(f"$W^{{{l}}}$") for l in range(1, L + 1))

# Ng's quantities, named as the picture names them: his layer ng_layer[l] is our layer l.
w_ng = {ng_matrix[l]: net.weights[l - 1] for l in range(1, L + 1)}
z_ng = {ng_layer[l]: zs[l - 1] for l in range(1, L + 1)}
d_ng = {ng_layer[L]: deltas[L - 1]}                                   # BP1 at his output layer
for k in range(ng_layer[L] - 1, ng_layer[1] - 1, -1):                 # his BP2, from his layer L down to 2
    d_ng[k] = (w_ng[k].T @ d_ng[k + 1]) * nnlib.sigmoid_prime(z_ng[k])
for l in range(1, L):
    assert nnlib.rel_error(d_ng[ng_layer[l]], deltas[l - 1]) < 1e-10
print("matrix names on the picture:", {f"W^{l}": f"w^({ng_matrix[l]})" for l in range(1, L + 1)})
print("layer numbers on the picture:", {l: f"({ng_layer[l]})" for l in range(L + 1)})
plt.show()

# %% [markdown]
# ## Bridge 2: row vectors (seeds 000 and 002, *Deep Learning from Scratch*)
#
# Many texts and most numpy code put **one example per row**. Seed `000` keeps a weight matrix
# `weights_0_1` of shape (input nodes, hidden nodes) and computes `layer_0.dot(weights_0_1)`; seed `002`
# computes `np.dot(k0, syn0)` with `syn0` of shape $(3, 4)$; *Deep Learning from Scratch* writes
# $Z = AW + b$ and $\partial L / \partial W = A^\mathsf{T}\,\delta$. Each row-form array is the transpose of
# the course's:
#
# | | row form | this course | relation |
# |---|---|---|---|
# | batch | $X_\text{row}$, $(m, n_0)$ | $X$, $(n_0, m)$ | $X_\text{row} = X^\mathsf{T}$ |
# | weights | $W_\text{row}$, $(n_{l-1}, n_l)$ | $W^l$, $(n_l, n_{l-1})$ | $W_\text{row} = (W^l)^\mathsf{T}$ |
# | bias | $b_\text{row}$, $(1, n_l)$ | $b^l$, $(n_l, 1)$ | $b_\text{row} = (b^l)^\mathsf{T}$ |
# | forward | $Z_\text{row} = A_\text{row} W_\text{row} + b_\text{row}$ | $Z^l = W^l A^{l-1} + b^l$ | $Z_\text{row} = (Z^l)^\mathsf{T}$ |
# | error | $\delta_\text{row} = (\delta_\text{row}^{\text{next}} W_\text{row}^{\text{next}\,\mathsf{T}}) \odot \sigma'$ | BP2 | $\delta_\text{row} = (\delta^l)^\mathsf{T}$ |
# | weight gradient | $A_\text{row}^\mathsf{T}\, \delta_\text{row}$ | $\delta^l (A^{l-1})^\mathsf{T}$ | one is the transpose of the other |
# | bias gradient | sum of $\delta_\text{row}$ over rows | sum of $\delta^l$ over columns | transposes |
#
# All of it follows from one rule, $(PQ)^\mathsf{T} = Q^\mathsf{T} P^\mathsf{T}$:
#
# $$(W A + b\,\mathbf 1^\mathsf{T})^\mathsf{T} = A^\mathsf{T} W^\mathsf{T} + \mathbf 1\, b^\mathsf{T},
# \qquad
# (\delta A^\mathsf{T})^\mathsf{T} = A\,\delta^\mathsf{T} = (A^\mathsf{T})^\mathsf{T} \delta^\mathsf{T}.$$
#
# First symbolically, for a layer with 2 inputs, 3 units and a batch of 2:

# %%
n_prev, n, m = 2, 3, 2
from nnlib.symbolic import symbol

W = sp.Matrix(n, n_prev, lambda j, k: symbol("w", None, f"{j + 1}{k + 1}"))
b = sp.Matrix(n, 1, lambda j, _: symbol("b", None, j + 1))
A = sp.Matrix(n_prev, m, lambda k, x: symbol("a", None, (k + 1, x + 1)))          # a_{k,x}: unit k, example x
D = sp.Matrix(n, m, lambda j, x: symbol("delta", None, (j + 1, x + 1)))           # δ_{j,x}
ones = sp.ones(m, 1)

Z_col = W * A + b * ones.T                 # the course: (n, m)
Z_row = A.T * W.T + ones * b.T             # the row form: (m, n)
assert Z_row.shape == Z_col.T.shape
assert all(equal(r, c) for r, c in zip(Z_row, Z_col.T))

grad_col = D * A.T                         # δ Aᵀ: (n, n_prev), the shape of W
grad_row = A.T.T * D.T                     # A_rowᵀ δ_row with A_row = Aᵀ, δ_row = δᵀ: (n_prev, n)
assert all(equal(r, c) for r, c in zip(grad_row, grad_col.T))
Z_row

# %% [markdown]
# And numerically, through a whole network: the forward pass in the row form gives the transpose of
# `nnlib`'s $z^l$ at every layer, and the row-form backward pass gives the transposes of `nnlib`'s gradients.
# `nnlib.Network.backprop` returns the gradient of the *mean* cost $J$, so its gradients carry a factor $1/m$
# that the row-form sums do not.

# %%
net = nnlib.Network([3, 4, 2], seed=3)
m = 6
X = rng.standard_normal((3, m))
Y = rng.random((2, m))
zs, activations = net.forward(X)
nabla_b, nabla_w = net.backprop(X, Y)

# Row form: one example per row, W_row = (W^l)ᵀ, b_row = (b^l)ᵀ.
W_row = [W.T for W in net.weights]
b_row = [b.T for b in net.biases]
A_row, Z_row = [X.T], []
for l in range(1, net.L + 1):
    Z_row.append(A_row[-1] @ W_row[l - 1] + b_row[l - 1])         # Z = A W + b: (m, n_l)
    A_row.append(nnlib.sigmoid(Z_row[-1]))
    assert nnlib.rel_error(Z_row[-1], zs[l - 1].T) < 1e-10         # the transpose of z^l

d2 = (A_row[2] - Y.T) * nnlib.sigmoid_prime(Z_row[1])             # BP1, one row per example
d1 = (d2 @ W_row[1].T) * nnlib.sigmoid_prime(Z_row[0])            # BP2 in the row form
dW_row = [A_row[0].T @ d1, A_row[1].T @ d2]                        # ∂W = Aᵀ δ, summed over the rows
db_row = [d1.sum(axis=0, keepdims=True), d2.sum(axis=0, keepdims=True)]
for l in (1, 2):
    assert nnlib.rel_error(dW_row[l - 1].T / m, nabla_w[l - 1]) < 1e-10
    assert nnlib.rel_error(db_row[l - 1].T / m, nabla_b[l - 1]) < 1e-10
    print(f"layer {l}: row-form ∂W has shape {dW_row[l - 1].shape}, its transpose / m equals nnlib's ∂J/∂W^{l}")

# %% [markdown]
# ## Glossary: English and Chinese
#
# The posts this course grew from are written in Chinese, and the course has a Chinese edition
# (`lessons/zh/`). These are the terms you will meet in both. The glossary is a data file,
# `nnlib/glossary.tsv`, that both editions read through `nnlib.data.glossary()`: one term per line, in
# Simplified Chinese and in the Traditional characters of seed 004 (數值微分, 偏導數), with a note where a term
# misleads. Two traps deserve a warning here. 均方误差 (mean squared error) is what seed 004 calls Nielsen's
# quadratic cost $\tfrac12\lVert a - y\rVert^2$, which is neither a mean nor free of the $\tfrac12$; and the
# variables called `error` in the seeds' code hold $\partial C / \partial a$ (up to sign), not the course's
# error $\delta = \partial C / \partial z$.

# %%
from IPython.display import Markdown

from nnlib.data import glossary

terms = glossary()
english = {term.english: term for term in terms}
assert english["numerical differentiation"].zh_hant == "數值微分"                    # as seed 004 writes it
assert "偏導數" in english["derivative, partial derivative"].zh_hant
assert english["mean squared error"].note.startswith("misleads")
assert english["error"].note.startswith("misleads") and r"\partial C / \partial a" in english["error"].note

a_out, y_out = np.array([[0.8], [0.3], [0.6]]), np.array([[1.0], [0.0], [1.0]])
half_norm = nnlib.costs.QuadraticCost.fn(None, a_out, y_out, None)   # ½‖a − y‖², the course's quadratic cost
assert nnlib.rel_error(half_norm, 0.5 * np.sum((a_out - y_out) ** 2)) < 1e-15
mse = np.mean((a_out - y_out) ** 2)                  # a mean squared error over the 3 outputs
assert abs(half_norm - mse) > 0.01                   # the two names are not the same number

header = ["| English | 简体中文 | 繁體 | notes |", "|---|---|---|---|"]
Markdown("\n".join(header + [f"| {t.english} | {t.zh} | {t.zh_hant} | {t.note} |" for t in terms]))

# %% [markdown]
# ## Sources
#
# The course grew from five Chinese posts, the **seeds**; each lesson has a short *Sources* section naming the seeds and works it uses.
# The sources page, [`SOURCES.md`](../SOURCES.md), lists every seed, the original work behind it (author and
# title), and what the course reproduces, answers or corrects from it, including the seeds' own slips.
#
# | seed | what it is | original work | lessons |
# |---|---|---|---|
# | 000 | a Chinese blog post, "Backpropagation 总结" | Udacity's sentiment-analysis project (Andrew Trask's network) | 00, 04, 05, 10, 11 |
# | 001 | a Chinese blog post, "机器学习--神经网络" | Andrew Ng's *Machine Learning* course (Coursera) | 00, 01, 03–05, 07, 11 |
# | 002 | a Chinese Q&A page about a Stack Overflow question | Andrew Trask, "A Neural Network in 11 lines of Python" | 00, 03, 08 |
# | 003 | a Chinese blog post, "DL之BP…" | Koki Saitoh (斋藤康毅), *Deep Learning from Scratch*, chapter 5 | 02 |
# | 004 | a Chinese mirror of a Stack Overflow question | Michael Nielsen, *Neural Networks and Deep Learning*, `network.py` | 01, 06, 07, 09 |
#
# This lesson uses seed 001 (Ng's notation, Bridge 1) and the row-vector code of seeds 000 and 002 (Bridge 2).

# %% [markdown]
# ## Summary
#
# - Every lesson states its goals, derives with SymPy, **asserts** each equality, implements with `nnlib`,
#   checks the numbers, and ends with a summary; `make test` re-runs all of it.
# - The course's conventions: layers $0 \dots L$, $W^l$ of shape $(n_l, n_{l-1})$, examples as columns,
#   $\delta^l = \partial C / \partial z^l$, and the four equations BP1–BP4. In code, `net.weights[l-1]` is $W^l$.
# - **Ng (seed 001)** counts the input as layer 1 and names a weight matrix after the layer it leaves. The one
#   mapping is $w^{(l)} = W^l$ with $a^{(l)}, z^{(l)}, \delta^{(l)} = a^{l-1}, z^{l-1}, \delta^{l-1}$, all at once;
#   renaming only the matrix gives a wrong BP2 (checked).
# - **Row-vector code (seeds 000 and 002; *Deep Learning from Scratch*)** stores the transposes:
#   $Z_\text{row} = A_\text{row} W_\text{row} + b_\text{row}$ is $(W A + b)^\mathsf{T}$, and
#   $A_\text{row}^\mathsf{T} \delta_\text{row}$ is $(\delta A^\mathsf{T})^\mathsf{T}$. Both bridges were checked
#   against `nnlib`.
#
# Next: lesson 01 builds the forward pass from one neuron up.
