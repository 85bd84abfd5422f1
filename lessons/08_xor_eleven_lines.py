# %% [markdown]
# # Lesson 08 — XOR in eleven lines
#
# A short program that trains a two-layer network on XOR has been copied around the web for years, often
# with the errors it printed. Seed `002` quotes it and asks why its output error is multiplied by the derivative
# of the sigmoid. In this lesson you take that program apart and put it back together in the course's
# notation.
#
# **After this lesson you will be able to**
#
# * read each line of the program as a forward pass, BP1, BP2 or BP4, written with examples as **rows**;
# * re-implement it and reproduce its six published printed errors to every printed digit;
# * translate the row form into the course's column form, with $W^l$ equal to the transpose of the program's matrix,
#   and run the same training through `nnlib`;
# * explain why the program's step of 1 on a *summed* gradient is the learning rate $\eta = m = 4$ on `nnlib`'s
#   *mean* gradient, and why `update_mini_batch` rather than `fit` is the faithful replay;
# * draw the decision boundary that the network learned.

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
# ## 1 · The program and its data
#
# The program's data are the four XOR examples. Each example is a **row** of a $4 \times 3$ matrix. The third
# entry of every row is a constant 1. The network has no separate bias vectors, so a weight on this
# constant input plays the part of a bias. The target is $y = [0, 1, 1, 0]$: the output is 1 when exactly one of
# the first two inputs is 1.
#
# The network is $3 \to 4 \to 1$ with sigmoid units and no biases. It has two weight matrices: `syn0` of shape
# $(3, 4)$ and `syn1` of shape $(4, 1)$. Both are drawn uniformly from $[-1, 1)$ as `2*np.random.random(shape) - 1`,
# after `np.random.seed(1)`. Training runs 60,000 full-batch iterations. Every 10,000 iterations, before that
# iteration's update, the program prints the mean absolute error $\frac{1}{4}\sum_x |y - a^2|$.
#
# `nnlib.data.xor()` holds the same data with the course's convention: examples are **columns**, so its `X` is
# the transpose of the program's matrix.

# %%
X, Y = nnlib.data.xor()           # X: (3, 4), Y: (1, 4); one example per column
X_rows, y_rows = X.T, Y.T         # the program's layout: (4, 3) and (4, 1), one example per row
print("X (examples are columns):")
print(X)
print("Y =", Y)
assert X.shape == (3, 4) and Y.shape == (1, 4)
assert np.array_equal(X[2], np.ones(4))  # the constant third input, which acts as a bias
assert np.array_equal(X_rows, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
assert np.array_equal(y_rows.ravel(), [0, 1, 1, 0])

# %% [markdown]
# The program printed these six numbers. It ran under Python 2, where `str()` of a float keeps 12 significant
# digits. So the printed values are the program's errors rounded to 12 significant digits.

# %%
published = ["0.496410031903", "0.00858452565325", "0.00578945986251",
             "0.00462917677677", "0.00395876528027", "0.00351012256786"]
published_values = np.array([float(s) for s in published])
iterations, report_every = 60_000, 10_000

# %% [markdown]
# ## 2 · The starting weights need numpy's legacy generator
#
# Everywhere else the course draws random numbers from an explicit `numpy.random.Generator`
# (`np.random.default_rng(seed)`), which is a PCG64 generator, and never uses global state. The published errors
# depend on the program's exact starting weights, though. Those came from numpy's **legacy global generator**,
# a Mersenne Twister, seeded with `np.random.seed(1)`. `default_rng(1)` is a different algorithm and draws
# different numbers. So to reproduce the run, **this lesson has to use the legacy generator**, and it uses it
# only for the two starting matrices.
#
# `np.random.RandomState(1)` is the same legacy Mersenne Twister, wrapped in an object. It gives the numbers that
# `np.random.seed(1)` followed by `np.random.random` gives, and it leaves global state alone. The cell below
# draws the weights both ways and asserts that they are identical. It also asserts that `default_rng(1)` would
# have given other weights.

# %%
legacy = np.random.RandomState(1)                  # numpy's legacy Mersenne Twister, as an object
syn0 = 2 * legacy.random_sample((3, 4)) - 1        # the program's first matrix, (3, 4), uniform in [-1, 1)
syn1 = 2 * legacy.random_sample((4, 1)) - 1        # the program's second matrix, (4, 1)

np.random.seed(1)                                   # the program's own way: the global legacy generator
assert np.array_equal(syn0, 2 * np.random.random((3, 4)) - 1)
assert np.array_equal(syn1, 2 * np.random.random((4, 1)) - 1)

modern = np.random.default_rng(1)                   # the course's usual generator draws something else
assert not np.allclose(syn0, 2 * modern.random((3, 4)) - 1)
print("syn0 =")
print(syn0)
print("syn1 =", syn1.ravel())


# %% [markdown]
# ## 3 · The eleven lines, read as backpropagation
#
# In the row form, a batch of activations $A^{l}$ has one example per **row**. A layer computes
# $A^l = \sigma(A^{l-1} V^l)$, where $V^l$ is the program's matrix (`syn0` is $V^1$, `syn1` is $V^2$). The course
# writes the same layer with one example per column: $a^l = \sigma(W^l a^{l-1})$. Transposing one form gives the other, so
#
# $$
# W^l = (V^l)^\mathsf{T}, \qquad W^1 = \texttt{syn0}^\mathsf{T} \in \mathbb{R}^{4 \times 3}, \qquad
# W^2 = \texttt{syn1}^\mathsf{T} \in \mathbb{R}^{1 \times 4}.
# $$
#
# Here is what each line of the loop computes, in course notation (one column per example):
#
# | program | course notation |
# |---|---|
# | `k1 = nonlin(k0 @ syn0)` | $a^1 = \sigma(W^1 a^0)$ |
# | `k2 = nonlin(k1 @ syn1)` | $a^2 = \sigma(W^2 a^1)$ |
# | `k2_delta = (y - k2) * k2*(1-k2)` | $-(a^2 - y) \odot \sigma'(z^2) = -\delta^2$ (BP1, quadratic cost) |
# | `k1_delta = (k2_delta @ syn1.T) * k1*(1-k1)` | $-\big((W^2)^\mathsf{T}\delta^2\big) \odot \sigma'(z^1) = -\delta^1$ (BP2) |
# | `syn1 += k1.T @ k2_delta` | $W^2 \leftarrow W^2 - \sum_x \delta^2 (a^1)^\mathsf{T}$ (BP4, summed) |
# | `syn0 += k0.T @ k1_delta` | $W^1 \leftarrow W^1 - \sum_x \delta^1 (a^0)^\mathsf{T}$ (BP4, summed) |
#
# Three things stand out.
#
# * **The derivative comes from the output.** `nonlin(k2, deriv=True)` returns `k2*(1-k2)`. This is
#   $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ evaluated from $a = \sigma(z)$, so $z$ itself is never needed (lesson 03).
# * **The cost is the squared error, not the absolute error.** The factor $(y - a)\,\sigma'(z)$ is
#   $-\partial C_x/\partial z$ for $C_x = \tfrac12 (a - y)^2$. The printed $\frac14\sum|y - a|$ is only a progress
#   report, and it is not the function being minimized. Seed `002`'s quoted answer says the program
#   minimizes the absolute error. Lesson 03 checks that claim symbolically and refutes it. Section 4 below asserts
#   it on numbers: the program's step is exactly minus the summed gradient of the squared error.
# * **The step adds the summed gradient with step size 1.** The matrix product over the rows adds up the four
#   examples' contributions. Nothing divides by $m$, and there is no learning-rate factor.
#
# Below is our own re-implementation in the row form. The names say what each array is: `V1` and `V2` are the
# row-form weights, `A1` and `A2` the row-form activations, and `minus_delta2` and `minus_delta1` the negated
# errors that the program carries.

# %%
def sigmoid_from_exp(z):
    # The program's sigmoid, 1 / (1 + e^{-z}), evaluated with np.exp as the program does.
    return 1.0 / (1.0 + np.exp(-z))


def train_rows(V1, V2, A0, y, iterations, report_every):
    # Seed 002's training loop in its own row layout: A0 is (m, 3), y is (m, 1), V1 is (3, 4), V2 is (4, 1).
    # Returns the reported mean absolute errors and the final (V1, V2).  The inputs are not changed.
    V1, V2 = V1.copy(), V2.copy()
    errors = []
    for step in range(iterations):
        A1 = sigmoid_from_exp(A0 @ V1)                         # (m, 4)
        A2 = sigmoid_from_exp(A1 @ V2)                         # (m, 1)
        if step % report_every == 0:
            errors.append(np.mean(np.abs(y - A2)))             # the printed report, taken before the update
        minus_delta2 = (y - A2) * A2 * (1 - A2)                # -δ², one row per example
        minus_delta1 = (minus_delta2 @ V2.T) * A1 * (1 - A1)   # -δ¹, (m, 4)
        V2 += A1.T @ minus_delta2                              # W² ← W² - Σ_x δ² (a¹)ᵀ, in row form
        V1 += A0.T @ minus_delta1                              # W¹ ← W¹ - Σ_x δ¹ (a⁰)ᵀ, in row form
    return np.array(errors), V1, V2


# %% [markdown]
# Now run it for all 60,000 iterations. This takes one or two seconds. Each reported error must match the
# published one to $10^{-9}$. It must also give the same 12 significant digits that Python 2 printed.

# %%
errors_rows, V1_final, V2_final = train_rows(syn0, syn1, X_rows, y_rows, iterations, report_every)

for it, ours, theirs in zip(range(0, iterations, report_every), errors_rows, published):
    print(f"iteration {it:>6}: ours {ours:.12g}   published {theirs}")

assert np.max(np.abs(errors_rows - published_values)) < 1e-9
assert [f"{e:.12g}" for e in errors_rows] == published     # the same digits Python 2's str() printed

# %% [markdown]
# All six numbers match to the last printed digit. The network learned XOR: after training, the outputs
# round to the targets.

# %%
outputs_rows = sigmoid_from_exp(sigmoid_from_exp(X_rows @ V1_final) @ V2_final).ravel()
print("outputs after 60,000 iterations:", outputs_rows)
assert np.array_equal(np.round(outputs_rows), [0, 1, 1, 0])


# %% [markdown]
# ## 4 · Rows and columns: the same run in `nnlib`
#
# `nnlib.Network([3, 4, 1], bias=False)` builds the same network without bias vectors. We give it the program's
# starting weights, transposed: $W^1 = \texttt{syn0}^\mathsf{T}$ and $W^2 = \texttt{syn1}^\mathsf{T}$.
#
# The constant third input does the job of the **hidden** layer's biases: hidden unit $j$ computes
# $z^1_j = W^1_{j1} x_1 + W^1_{j2} x_2 + W^1_{j3} \cdot 1$, so its weight $W^1_{j3}$ on the constant input is its bias.
# The **output** unit gets no constant input, so it has no bias at all: $z^2 = W^2 a^1$. The cell after the first
# step below checks both statements against a $[2, 4, 1]$ network *with* biases that sees only $x_1$ and $x_2$: with
# $b^1 = W^1_{:,3}$ and $b^2 = 0$ it computes the same weighted inputs, and any nonzero $b^2$ would change $z^2$.
#

# %% [markdown]
# The learning rate needs one more step of bookkeeping. `nnlib` minimizes the **mean** cost
# $J = \frac1m \sum_x C_x$, so `update_mini_batch(X, Y, eta)` takes the step
#
# $$
# W^l \leftarrow W^l - \eta\, \frac{\partial J}{\partial W^l}
# = W^l - \frac{\eta}{m} \sum_x \delta^{l}_x (a^{l-1}_x)^\mathsf{T}.
# $$
#
# The program takes $W^l \leftarrow W^l - 1 \cdot \sum_x \delta^{l}_x (a^{l-1}_x)^\mathsf{T}$. The two steps
# agree when $\eta / m = 1$, that is, when
#
# $$
# \eta = m = 4 .
# $$
#
# First, a single step. The program's step equals `nnlib`'s step with $\eta = 4$. It is also exactly minus
# the summed gradient of the **squared** error. The mean with $\eta = 1$ would be four times too small.
#

# %%
def make_net(V1, V2):
    # A bias-free [3, 4, 1] sigmoid network with the row-form weights V1, V2 turned into columns.
    net = nnlib.Network([3, 4, 1], bias=False)       # quadratic cost by default: C_x = ½ (a - y)²
    net.weights = [V1.T.copy(), V2.T.copy()]          # W¹ = syn0ᵀ: (4, 3), W² = syn1ᵀ: (1, 4)
    return net


_, V1_one, V2_one = train_rows(syn0, syn1, X_rows, y_rows, iterations=1, report_every=1)

net = make_net(syn0, syn1)
m = X.shape[1]
nabla_b, nabla_w = net.backprop(X, Y)                 # gradient of the MEAN quadratic cost J
assert nabla_b == []                                  # bias=False: there are no biases to update
assert np.allclose(V1_one.T - syn0.T, -m * nabla_w[0], rtol=0, atol=1e-15)   # step = minus the SUMMED gradient
assert np.allclose(V2_one.T - syn1.T, -m * nabla_w[1], rtol=0, atol=1e-15)

step4 = make_net(syn0, syn1)
step4.update_mini_batch(X, Y, eta=4.0)
step1 = make_net(syn0, syn1)
step1.update_mini_batch(X, Y, eta=1.0)
assert np.allclose(step4.weights[0], V1_one.T, rtol=0, atol=1e-15)
assert np.allclose(step4.weights[1], V2_one.T, rtol=0, atol=1e-15)
assert not np.allclose(step1.weights[1], V2_one.T, rtol=0, atol=1e-6)
print("one step: the program's update equals update_mini_batch with eta = m =", m)

# %% [markdown]
# Now the biases, as promised at the start of this section: the constant input is the hidden layer's bias, and the
# output unit has none.

# %%
W1_start, W2_start = syn0.T, syn1.T                      # (4, 3) and (1, 4): the program's weights as columns
biased = nnlib.Network([2, 4, 1])                         # the same units with bias vectors, fed only x_1 and x_2
biased.weights = [W1_start[:, :2].copy(), W2_start.copy()]
biased.biases = [W1_start[:, 2:].copy(), np.zeros((1, 1))]   # b^1 = the weights on the constant input, b^2 = 0
z_const = make_net(syn0, syn1).forward(X)[0]              # the program's network: [3, 4, 1] without biases
z_biased = biased.forward(X[:2])[0]
assert np.allclose(z_biased[0], z_const[0], rtol=0, atol=1e-15)   # z^1: the constant input acts as b^1
assert np.allclose(z_biased[1], z_const[1], rtol=0, atol=1e-15)   # z^2: equal with b^2 = 0 ...
biased.biases[1] = np.full((1, 1), 0.1)
assert not np.allclose(biased.forward(X[:2])[0][1], z_const[1])   # ... and only then: the output has no bias
print("hidden biases: the weights on the constant input; output bias: none (b^2 = 0)")

# %% [markdown]
# Now run the whole thing: 60,000 calls of `update_mini_batch` on the full batch of four columns. Before every
# 10,000th step we record the same report, $\frac14 \sum_x |y - a^2|$. Each call checks its inputs first (shapes, NaN and inf), as every public method of `nnlib` does.

# %%
net = make_net(syn0, syn1)
errors_nnlib = []
for step in range(iterations):
    if step % report_every == 0:
        errors_nnlib.append(np.mean(np.abs(Y - net.feedforward(X))))
    net.update_mini_batch(X, Y, eta=4.0)
errors_nnlib = np.array(errors_nnlib)

for it, ours, theirs in zip(range(0, iterations, report_every), errors_nnlib, published):
    print(f"iteration {it:>6}: nnlib {ours:.12g}   published {theirs}")

assert np.max(np.abs(errors_nnlib - published_values)) < 1e-9
assert np.max(np.abs(errors_nnlib - errors_rows)) < 1e-12
assert np.allclose(net.weights[0], V1_final.T, rtol=0, atol=1e-9)    # the final weights agree too
assert np.allclose(net.weights[1], V2_final.T, rtol=0, atol=1e-9)
print("nnlib's reports equal the row version's to 1e-12 and the published ones to 1e-9")

# %% [markdown]
# The runs agree far below the printed precision, even though the two compute the sigmoid differently. The
# program evaluates $1/(1+e^{-z})$ with `np.exp`. `nnlib` uses its own overflow-safe routine (see `nnlib.activations`),
# and its results can differ from the program's in the last bit. Gradient descent that is settling into a minimum damps such differences instead of amplifying them.
# The scaling by $\eta = m = 4$ adds no error of its own: `nnlib` takes the step as $(\eta/m)\sum$, and
# $\eta/m = 4/4 = 1$ exactly.
#
# ### Why `update_mini_batch` and not `fit`
#
# `fit(X, Y, epochs, batch_size=4, eta=4.0)` would also take one full-batch step per epoch. But at the start of
# every epoch, `fit` **shuffles the columns**. With all four examples in one batch, the shuffle cannot change
# *which* examples are summed. It changes only the *order* in which $\delta^l (A^{l-1})^\mathsf{T}$ adds up their
# four outer products. Floating-point addition is not associative, so a different order can change the last bit of
# a sum. `update_mini_batch` keeps the columns in the program's order. It is the step-for-step replay, and it is
# the one used above.
#
# Does the shuffle matter here? The cell below measures it: six calls of `fit` with 10,000 epochs each, with a
# report before each call. Because this descent damps rounding differences, the shuffled run also reproduces the
# published errors to $10^{-9}$. On a run that amplifies small differences, only the unshuffled
# replay could be trusted to reproduce a published trajectory.

# %%
shuffled = make_net(syn0, syn1)
errors_fit = []
for k in range(iterations // report_every):
    errors_fit.append(np.mean(np.abs(Y - shuffled.feedforward(X))))
    shuffled.fit(X, Y, epochs=report_every, batch_size=4, eta=4.0, seed=k)
errors_fit = np.array(errors_fit)

assert np.max(np.abs(errors_fit - errors_rows)) < 1e-12
assert np.max(np.abs(errors_fit - published_values)) < 1e-9
print("with shuffled columns, fit's reports still equal the program's to 1e-12")

# %% [markdown]
# ## 5 · What the network learned
#
# The trained `nnlib` network separates XOR. With the constant third input fixed at 1 (`fixed=[0, 0, 1]`), its
# output over the $(x_1, x_2)$ plane is high around $(0, 1)$ and $(1, 0)$ and low around $(0, 0)$ and $(1, 1)$.
# The 0.5 contour is two curves that pass between the corners. No single straight line can separate these
# classes; the hidden layer is what makes the curved boundary possible.

# %%
labels = Y[0].astype(int)
assert np.array_equal(net.predict(X), labels)
print("predicted classes:", net.predict(X), " targets:", labels)

fig, ax = plt.subplots(figsize=(7, 5.5))
nnlib.plot.decision_boundary(net, X, labels, ax=ax, fixed=[0, 0, 1],
                             title="XOR after 60,000 steps (black line: output 0.5)")
ax.set_xlabel("$x_1$ (first input)")
ax.set_ylabel("$x_2$ (second input; $x_3 = 1$ fixed)")
ax.set_xticks([-0.5, 0, 0.5, 1, 1.5])
ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
plt.show()

# %% [markdown]
# ## Sources
#
# - **Seed 002**, a Chinese translation of a Stack Overflow question and answer about the program of Andrew Trask,
#   "A Neural Network in 11 lines of Python (Part 1)" (*i am trask* blog, July 2015). The program, its
#   `np.random.seed(1)` and its six printed errors are Trask's; the seed's copy of the code omits the seed line
#   and lost its multiplication signs, and its answer's "absolute error" claim is refuted here and in lesson 03.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).
#
# ## Summary
#
# * Seed `002`'s eleven-line program is backpropagation written with examples as rows. The program's matrix
#   $V^l$ is $(W^l)^\mathsf{T}$. `k2_delta` and `k1_delta` are $-\delta^2$ and $-\delta^1$ (BP1 and BP2), with
#   $\sigma'$ taken from the output. The `+=` updates are BP4, summed over the four examples.
# * It minimizes the **squared** error. The printed mean absolute error is only a report.
# * Drawing the starting weights with numpy's legacy Mersenne Twister (`np.random.seed(1)`, or
#   `np.random.RandomState(1)`) and training reproduces all six published errors, from 0.496410031903 to
#   0.00351012256786, to every printed digit. This is the one place where the course uses the legacy generator.
# * `nnlib.Network([3, 4, 1], bias=False)` with $W^1 = \texttt{syn0}^\mathsf{T}$ and $W^2 = \texttt{syn1}^\mathsf{T}$
#   gives the same trajectory. Its gradient is the **mean** over the batch, so the program's step of 1 on the sum
#   becomes $\eta = m = 4$.
# * `update_mini_batch` replays the program step for step. `fit` shuffles the columns, which changes only the
#   order of summation. Here that costs nothing, but it is why the replay uses `update_mini_batch`.
