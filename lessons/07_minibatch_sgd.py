# %% [markdown]
# # Lesson 07 — Mini-batch stochastic gradient descent
#
# Lessons 03–06 computed the gradient of the cost for a batch of examples and checked it. This lesson turns
# that gradient into training. It looks at three ways to write one gradient step on a mini-batch, checks that
# they agree, and then trains a network on handwritten digits.
#
# **After this lesson you will be able to**
#
# * compute the gradient of the mean cost the way Ng's course does (seed `001`): accumulate
#   $\Delta^l \mathrel{+}= \delta^l (a^{l-1})^\mathsf{T}$ one example at a time, then take $D^l = \Delta^l / m$;
# * read Nielsen's `update_mini_batch` (seed `004`), write it yourself, and say what its
#   `eta/len(mini_batch)` is for;
# * show that both equal the matrix form $\frac1m \delta^l (A^{l-1})^\mathsf{T}$ that `nnlib` computes in one
#   product, and measure how much faster that form is;
# * explain epochs, shuffling, the batch size and the learning rate $\eta$, and why the **mean** gradient, not
#   the sum, lets one $\eta$ serve every batch size;
# * train a $[64, 30, 10]$ network on digits with a progress bar, and read its learning curves.

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
# ## 1 · The gradient over a batch is a mean
#
# The course's cost over a batch of $m$ examples is the mean of the per-example costs. This lesson uses no
# regularization, so $\lambda = 0$:
#
# $$
# J = \frac1m \sum_{x} C_x .
# $$
#
# Differentiation is linear, so the gradient of a mean is the mean of the gradients. BP3 and BP4 give each
# example's share:
#
# $$
# \frac{\partial J}{\partial W^l} = \frac1m \sum_x \delta^l_x \,(a^{l-1}_x)^\mathsf{T},
# \qquad
# \frac{\partial J}{\partial b^l} = \frac1m \sum_x \delta^l_x .
# $$
#
# Here $\delta^l_x$ is the error column of example $x$, of shape $(n_l, 1)$. $a^{l-1}_x$ is its activation
# column, of shape $(n_{l-1}, 1)$. Each product $\delta^l_x (a^{l-1}_x)^\mathsf{T}$ is an outer product of shape
# $(n_l, n_{l-1})$, the shape of $W^l$.
#
# ### Ng's recipe: accumulate $\Delta$, then divide by $m$
#
# Seed `001` computes this sum with a loop. Set $\Delta^l = 0$. For each training example, run the forward and
# backward pass on that example alone and add its outer product, $\Delta^l \mathrel{+}= \delta^l (a^{l-1})^\mathsf{T}$.
# After all $m$ examples, set
#
# $$
# D^l = \frac1m \Delta^l = \frac{\partial J}{\partial W^l}.
# $$
#
# The seed calls the matrix from layer $l$ to layer $l+1$ $w^{(l)}$, so its accumulator reads
# $\Delta^{(l)} \mathrel{+}= \delta^{(l+1)} (a^{(l)})^\mathsf{T}$. In the course's numbering, where $W^l$ maps
# layer $l-1$ to layer $l$, the same line is $\Delta^l \mathrel{+}= \delta^l (a^{l-1})^\mathsf{T}$.
#
# We need a network and a batch to try it on. We use a $[64, 30, 10]$ sigmoid network and the first ten
# training images of scikit-learn's $8 \times 8$ digits. Section 5 trains on all of them.

# %%
X_train, labels_train, X_test, labels_test = nnlib.data.load_digits()   # (64, m) arrays, examples are columns
Y_train = nnlib.data.one_hot(labels_train, 10)                          # (10, m_train)
Y_test = nnlib.data.one_hot(labels_test, 10)                            # (10, m_test)
print("training:", X_train.shape, " test:", X_test.shape)

net = nnlib.Network([64, 30, 10], seed=1)     # sigmoid units, quadratic cost C_x = ½||a^L - y||²
X_batch, Y_batch = X_train[:, :10], Y_train[:, :10]   # a mini-batch of m = 10 columns
m = X_batch.shape[1]


# %%
def ng_gradient(net, X, Y):
    # Seed 001's recipe: Δ^l += δ^l (a^{l-1})ᵀ for one example at a time, then D^l = Δ^l / m.
    # Returns (D_b, D_w), lists indexed like net.biases and net.weights.
    m = X.shape[1]
    Delta_w = [np.zeros_like(W) for W in net.weights]
    Delta_b = [np.zeros_like(b) for b in net.biases]
    for i in range(m):
        x, y = X[:, [i]], Y[:, [i]]                  # (n_0, 1) and (n_L, 1): [i] keeps a column 2-D
        zs, activations = net.forward(x)             # activations[l] = a^l of this one example
        deltas = net.deltas(x, y)                    # deltas[l-1] = δ^l, shape (n_l, 1)
        for l in range(1, net.L + 1):
            Delta_w[l - 1] += deltas[l - 1] @ activations[l - 1].T    # (n_l, 1) @ (1, n_{l-1})
            Delta_b[l - 1] += deltas[l - 1]
    return [Db / m for Db in Delta_b], [Dw / m for Dw in Delta_w]


D_b, D_w = ng_gradient(net, X_batch, Y_batch)
print("D^l shapes:", [Dw.shape for Dw in D_w], " (the shapes of W^1 and W^2)")

# %% [markdown]
# ### The matrix form does the loop in one product
#
# Put the $m$ error columns side by side in $\delta^l$, of shape $(n_l, m)$, and the activation columns in
# $A^{l-1}$, of shape $(n_{l-1}, m)$. Then one matrix product adds up all the outer products:
#
# $$
# \delta^l (A^{l-1})^\mathsf{T} = \sum_{x=1}^{m} \delta^l_x\, (a^{l-1}_x)^\mathsf{T} = \Delta^l .
# $$
#
# Entry $(j, k)$ of the product is $\sum_x \delta^l_{j,x}\, a^{l-1}_{k,x}$, and that is the sum over examples (the example index $x$ is always the last subscript, lesson 00). This is
# why `nnlib.Network.backprop` never loops over examples. It returns $\frac1m\delta^l (A^{l-1})^\mathsf{T}$, and
# for the biases the mean of $\delta^l$ over the columns. The two cells below check the identity for layer 2 and
# then compare the whole gradient with Ng's loop.

# %%
zs, activations = net.forward(X_batch)            # activations[1] = A^1: (30, m)
deltas = net.deltas(X_batch, Y_batch)             # deltas[1] = δ^2: (10, m)
sum_of_outer = sum(np.outer(deltas[1][:, k], activations[1][:, k]) for k in range(m))
assert np.allclose(deltas[1] @ activations[1].T, sum_of_outer, rtol=0, atol=1e-14)

nabla_b, nabla_w = net.backprop(X_batch, Y_batch)   # the matrix form, the whole (64, m) batch at once
for l in (1, 2):
    assert np.max(np.abs(D_w[l - 1] - nabla_w[l - 1])) < 1e-12
    assert np.max(np.abs(D_b[l - 1] - nabla_b[l - 1])) < 1e-12
    assert nnlib.rel_error(D_w[l - 1], nabla_w[l - 1]) < 1e-12
print("Ng's D^l = Δ^l/m equals nnlib's backprop for W^1, b^1, W^2, b^2 (to 1e-12)")

# %% [markdown]
# ### A batch is a matrix whose columns are examples
#
# The picture shows the three matrices of this mini-batch side by side: the inputs $X = A^0$, the hidden
# activations $A^1$ and the output errors $\delta^2$. Each has one column per example, and the digit under each
# column is that example's label. The framed column 3 is the same example, a 7, in all three: its pixels, its
# hidden activations, its errors. In $\delta^2 = (A^2 - Y) \odot \sigma'(Z^2)$ the one negative (blue) entry of
# each column sits in the row of that example's digit, the only row whose target is 1.
#
# Nothing mixes the columns on the way forward or back: column $x$ of $A^1$ and of $\delta^2$ is exactly what a
# pass with example $x$ alone would give, which the cell checks for all ten. The examples meet only in the product
# $\delta^2 (A^1)^\mathsf{T}$, whose entries sum over the shared column index, that is over the examples.

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 4.6))
digits = [str(d) for d in labels_train[:m]]         # the digit in each column, written under it
batch = {"inputs": X_batch, "hidden": activations[1], "errors": deltas[1]}
nnlib.plot.batch_matrix(X_batch, ax=axes[0], name="$X$", column_labels=digits, highlight=3,
                        row_label="input unit (pixel)", title="$X = A^0$: (64, 10)")
nnlib.plot.batch_matrix(activations[1], ax=axes[1], name="$A^1$", column_labels=digits, highlight=3,
                        row_label="hidden unit", title="$A^1$: (30, 10)")
nnlib.plot.batch_matrix(deltas[1], ax=axes[2], name=r"$\delta^2$", column_labels=digits, highlight=3,
                        row_label="output unit $j$ (digit $j - 1$)", title=r"$\delta^2$: (10, 10)", cmap="RdBu_r", symmetric=True)
fig.suptitle("One mini-batch, one column per example: the framed column 3 is the same digit in every matrix")
fig.tight_layout()
for ax, M in zip(axes, batch.values()):
    assert np.array_equal(ax.images[0].get_array(), M)          # the figure draws the batch the lesson computed

# Each column is that example's own forward and backward pass: nothing mixes the columns until δ² (A¹)ᵀ.
for k in range(m):
    _, one_a = net.forward(X_batch[:, [k]])
    one_delta = net.deltas(X_batch[:, [k]], Y_batch[:, [k]])
    assert nnlib.rel_error(one_a[1], activations[1][:, [k]]) < 1e-12
    assert nnlib.rel_error(one_delta[1], deltas[1][:, [k]]) < 1e-12
assert labels_train[2] == 7                                       # column 3: a 7
assert np.array_equal(deltas[1] < 0, Y_batch == 1)               # the one blue entry: the example's own digit
plt.show()


# %% [markdown]
# The two results are not bit-for-bit equal. The loop and the matrix product add the same numbers in a different
# order, and floating-point addition is not associative, so the last bits can differ. Apart from that rounding,
# they are the same sum.
#
# ## 2 · Nielsen's `update_mini_batch`
#
# Seed `004` quotes the method from Nielsen's book that takes one gradient step. Its `mini_batch` is a Python
# list of `(x, y)` pairs. Each `x` is one input column of shape $(n_0, 1)$: that is the shape $W^1 x$ needs, which
# was the seed's question (lesson 01). The method loops over the pairs. It calls `backprop(x, y)` for each pair
# and adds the results into `nabla_b` and `nabla_w`. Then it steps:
#
# $$
# W^l \leftarrow W^l - \frac{\eta}{\text{len(mini\_batch)}} \sum_x \frac{\partial C_x}{\partial W^l}
# = W^l - \eta\, \frac{\partial J}{\partial W^l}.
# $$
#
# The division by `len(mini_batch)` is Ng's $/m$. It turns the summed gradient into the gradient of the mean cost.
#
# Below is our own version. `nnlib`'s `backprop` on a single column returns that example's gradient
# $\partial C_x / \partial W^l$, because the mean over one example is the example itself. Our version returns new
# weight and bias lists and leaves `net` unchanged.

# %%
def nielsen_update(net, mini_batch, eta):
    # One gradient step from a list of (x, y) column pairs, one backprop call per example (seed 004's loop).
    nabla_b = [np.zeros_like(b) for b in net.biases]
    nabla_w = [np.zeros_like(W) for W in net.weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = net.backprop(x, y)      # ∂C_x/∂b^l and ∂C_x/∂W^l of one example
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    step = eta / len(mini_batch)                                # η/m: the step uses the MEAN gradient
    weights = [W - step * nw for W, nw in zip(net.weights, nabla_w)]
    biases = [b - step * nb for b, nb in zip(net.biases, nabla_b)]
    return weights, biases


mini_batch = [(X_batch[:, [k]], Y_batch[:, [k]]) for k in range(m)]   # m pairs of (64, 1) and (10, 1) columns
eta = 3.0
loop_weights, loop_biases = nielsen_update(net, mini_batch, eta)

matrix = net.copy()
matrix.update_mini_batch(X_batch, Y_batch, eta)    # nnlib: one backprop on the whole (64, m) batch, then the step
for W_loop, W_matrix in zip(loop_weights + loop_biases, matrix.weights + matrix.biases):
    assert np.max(np.abs(W_loop - W_matrix)) < 1e-12
assert not np.allclose(matrix.weights[0], net.weights[0])   # a real step was taken
print("Nielsen's per-example update equals nnlib's update_mini_batch (to 1e-12)")

# %% [markdown]
# ## 3 · What the matrix form buys
#
# All three versions compute the same step. The loop versions make $m$ separate small passes, each with numpy
# call overhead and thin matrix-vector products. The matrix form makes one pass of matrix-matrix products, and
# BLAS does those fast. The cell below times one step on a batch of 100 digits both ways and takes the best of
# several runs. Its output is not compared by nbval (`# NBVAL_IGNORE_OUTPUT`), because timings change from run to
# run and from machine to machine, and no later cell uses the numbers.

# %%
# NBVAL_IGNORE_OUTPUT
import time


def best_time(step, repeats=7):
    # The fastest of several runs: the least disturbed by other work on the machine.
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


X_100, Y_100 = X_train[:, :100], Y_train[:, :100]
pairs_100 = [(X_100[:, [k]], Y_100[:, [k]]) for k in range(100)]
scratch = net.copy()
t_loop = best_time(lambda: nielsen_update(net, pairs_100, eta))
t_matrix = best_time(lambda: scratch.update_mini_batch(X_100, Y_100, eta))
print(f"one step on 100 examples: loop over examples {1e3 * t_loop:.2f} ms, matrix form {1e3 * t_matrix:.3f} ms")
print(f"the matrix form was {t_loop / t_matrix:.0f}× faster here")

# %% [markdown]
# ## 4 · Mini-batch SGD: epochs, shuffling, batch size and η
#
# Plain gradient descent on $J$ over all $n$ training examples would read the whole training set for every step.
# **Stochastic gradient descent** steps on the gradient of a small random **mini-batch** of $m \ll n$ examples
# instead. The terms:
#
# * **Epoch.** One pass over the training set. The $n$ examples are cut into $\lceil n/m \rceil$ mini-batches, and
#   each mini-batch gives one step. Every example is used once per epoch.
# * **Shuffling.** At the start of every epoch the examples are put in a new random order before they are cut
#   into batches. The batches then differ from epoch to epoch. If a data set is sorted, for example by label,
#   a batch still holds a mix of labels.
# * **Batch size $m$.** A larger batch gives a less noisy estimate of the full gradient, and each example costs
#   less (section 3). But an epoch then has fewer steps.
# * **Learning rate $\eta$.** How far one step moves: $W^l \leftarrow W^l - \eta\, \partial J_{\text{batch}} / \partial W^l$.
#
# Why a mini-batch gradient is a fair estimate: cut the $n$ examples into $k$ batches of equal size. The mean of the
# $k$ batch gradients is then exactly the full gradient, because a mean of equal-sized means is the overall mean.
# A random batch is therefore right on average. The cell checks this on 100 examples cut into 10 batches.

# %%
X_100, Y_100 = X_train[:, :100], Y_train[:, :100]
_, full_w = net.backprop(X_100, Y_100)                            # ∂J/∂W^l over all 100 examples
batch_w = [net.backprop(X_100[:, k:k + 10], Y_100[:, k:k + 10])[1] for k in range(0, 100, 10)]
for l in (1, 2):
    mean_of_batches = sum(g[l - 1] for g in batch_w) / len(batch_w)
    assert np.max(np.abs(mean_of_batches - full_w[l - 1])) < 1e-12
print("the mean of the 10 mini-batch gradients equals the full gradient (to 1e-12)")


# %% [markdown]
# ### Why the mean and not the sum
#
# If a step used the **sum** $\sum_x \partial C_x/\partial W^l$, the step would grow with the batch. A batch twice
# as large gives a sum about twice as large, so $\eta$ would have to shrink whenever $m$ grows. The **mean** does not
# grow with $m$: it estimates the same quantity, the full gradient, at every batch size. One $\eta$ then gives
# steps of the same size for every $m$. Put another way, a step of $\eta$ on the sum is a step of $\eta m$ on the
# mean.
#
# An extreme case makes this plain. Double a batch by repeating each of its columns. The mean gradient stays
# the same, and the sum doubles.

# %%
def summed_gradient(net, X, Y):
    # Σ_x ∂C_x/∂W^l = δ^l (A^{l-1})ᵀ for every layer: the matrix form without the 1/m.
    _, activations = net.forward(X)
    deltas = net.deltas(X, Y)
    return [deltas[l - 1] @ activations[l - 1].T for l in range(1, net.L + 1)]


X_twice = np.hstack([X_batch, X_batch])            # (64, 2m): every example twice
Y_twice = np.hstack([Y_batch, Y_batch])
_, mean_once = net.backprop(X_batch, Y_batch)
_, mean_twice = net.backprop(X_twice, Y_twice)
sum_once = summed_gradient(net, X_batch, Y_batch)
sum_twice = summed_gradient(net, X_twice, Y_twice)
for l in (1, 2):
    assert np.max(np.abs(mean_twice[l - 1] - mean_once[l - 1])) < 1e-12      # the mean: unchanged
    assert np.max(np.abs(sum_twice[l - 1] - 2 * sum_once[l - 1])) < 1e-12    # the sum: doubled
print("doubling the batch leaves the mean gradient unchanged and doubles the sum")


# %% [markdown]
# ### An epoch, written out
#
# `Network.fit` is this loop. For each epoch it draws a permutation of the columns from the generator seeded with
# `seed`, walks through the permutation `batch_size` columns at a time, and takes one `update_mini_batch` step on
# each batch.
#
# One detail matters once the cost has the L2 term of lesson 11, $\lambda > 0$. The penalty belongs to the cost of
# the whole training set of $n$ examples, $\frac{\lambda}{2n}\sum_l \lVert W^l\rVert_F^2$. So on each mini-batch of
# $m$ columns, `fit` descends
#
# $$
# J = \frac1m \sum_{x \in \text{batch}} C_x + \frac{\lambda}{2n}\sum_l \lVert W^l\rVert_F^2 ,
# $$
#
# which is `net.cost(X_batch, Y_batch, n)`, and its step is `update_mini_batch(X_batch, Y_batch, eta, n)`. Each
# step decays the weights by the factor $1 - \eta\lambda/n$. Called without `n`, `update_mini_batch`, `backprop`
# and `cost` take $n = m$, the batch's own $J$ with $\frac{\lambda}{2m}$: the $J$ of lesson 00's notation table, for one batch.
#
# The cell writes one epoch by hand with `update_mini_batch(..., n=n)`, for $\lambda = 0$ and for $\lambda = 5$,
# and checks that `fit` arrives at the same parameters to $10^{-12}$. It also checks that leaving out `n` with
# $\lambda = 5$ trains a different network: each of its steps decays the weights by $\eta\lambda/10$ instead of
# $\eta\lambda/1438$.
#

# %%
def one_epoch(net, X, Y, batch_size, eta, seed, n=None):
    # One epoch of mini-batch SGD: shuffle the columns, then one step per batch_size columns.
    # n is passed on to update_mini_batch: the size of the training set that the L2 term belongs to.
    perm = np.random.default_rng(seed).permutation(X.shape[1])   # a new order for this epoch
    for k in range(0, X.shape[1], batch_size):
        idx = perm[k:k + batch_size]                              # the columns of this mini-batch
        net.update_mini_batch(X[:, idx], Y[:, idx], eta, n=n)


def largest_difference(a, b):
    return max(np.max(np.abs(p - q)) for p, q in zip(a.weights + a.biases, b.weights + b.biases))


n = X_train.shape[1]
for lam in (0.0, 5.0):
    regularized = nnlib.Network([64, 30, 10], lam=lam, seed=1)   # the same weights as net, and L2 strength λ
    by_hand = regularized.copy()
    one_epoch(by_hand, X_train, Y_train, batch_size=10, eta=3.0, seed=5, n=n)
    by_fit = regularized.copy()
    by_fit.fit(X_train, Y_train, epochs=1, batch_size=10, eta=3.0, seed=5)
    assert largest_difference(by_hand, by_fit) < 1e-12
    print(f"λ = {lam}: one epoch = {int(np.ceil(n / 10))} steps; fit took the same steps (to 1e-12)")

batch_lambda = regularized.copy()                                 # λ = 5, but n left out: λ/m with m = 10
one_epoch(batch_lambda, X_train, Y_train, batch_size=10, eta=3.0, seed=5)
print(f"without n (λ/m instead of λ/n), the parameters differ from fit's by up to {largest_difference(batch_lambda, by_fit):.2f}")
assert largest_difference(batch_lambda, by_fit) > 0.1

# %% [markdown]
# ### One η for different batch sizes
#
# Now train the same starting network for 20 epochs with $\eta = 3$ at three batch sizes: $m = 1$ (pure SGD),
# $m = 10$ and $m = 100$. Because each step uses the mean gradient, $\eta = 3$ works for all three without
# retuning. A fourth run makes each step with the **sum** over batches of 100 at $\eta = 3$, which is the mean with
# $\eta = 300$. Its steps are a hundred times too long. The sigmoids saturate: after training, every output
# activation and nine hidden activations in ten lie within 0.01 of 0 or 1, where $\sigma'$ is nearly 0 and BP1
# and BP2 pass almost no error back. The network gives every test image the same class, and in every epoch its
# test accuracy stays within two points of chance level (10% for ten classes).
#
# The runs do not end level. After 20 epochs, $m = 100$ is behind the other two: it took 15 steps per epoch,
# where $m = 10$ took 144 and $m = 1$ took 1,438. Comparing at equal numbers of epochs, rather than equal numbers of
# steps or equal compute, favours the small batches.

# %%
start = nnlib.Network([64, 30, 10], seed=0)
runs = {}
for batch_size in (1, 10, 100):
    history = start.copy().fit(X_train, Y_train, epochs=20, batch_size=batch_size, eta=3.0,
                               validation=(X_test, labels_test), seed=0)
    runs[f"mean gradient, m = {batch_size}"] = history["val_accuracy"]
summed = start.copy()
history = summed.fit(X_train, Y_train, epochs=20, batch_size=100, eta=3.0 * 100,
                     validation=(X_test, labels_test), seed=0)
runs["summed gradient, m = 100"] = history["val_accuracy"]

for name, accuracy in runs.items():
    print(f"{name:<26} test accuracy after 20 epochs: {accuracy[-1]:.1%}")
for batch_size in (1, 10, 100):
    assert runs[f"mean gradient, m = {batch_size}"][-1] > 0.85
assert all(abs(acc - 0.1) < 0.02 for acc in runs["summed gradient, m = 100"])   # chance level: 0.1, every epoch

_, summed_activations = summed.forward(X_test)
saturated = [np.mean((a < 0.01) | (a > 0.99)) for a in summed_activations[1:]]
print(f"summed gradient: saturated activations (within 0.01 of 0 or 1): hidden {saturated[0]:.0%}, "
      f"output {saturated[1]:.0%}; classes predicted: {np.unique(summed.predict(X_test))}")
assert saturated[0] > 0.85 and saturated[1] == 1.0
a_out = summed_activations[2]
assert np.max(a_out * (1 - a_out)) < 1e-10                   # σ'(z^L) ≈ 0: BP1 passes almost nothing back
assert np.unique(summed.predict(X_test)).size == 1           # one class for every test image
assert runs["mean gradient, m = 100"][-1] < min(runs["mean gradient, m = 1"][-1], runs["mean gradient, m = 10"][-1])

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
epochs = np.arange(1, 21)
for name, accuracy in runs.items():
    ax.plot(epochs, accuracy, marker=".", linestyle="--" if name.startswith("summed") else "-", label=name)
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy")
ax.set_ylim(0, 1)
ax.set_title("One learning rate, η = 3, for every batch size, if the gradient is a mean")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## 5 · Training on digits, with a progress bar
#
# Now the whole recipe at once. We take Nielsen's choices: a hidden layer of 30 sigmoid units, the quadratic cost,
# $\eta = 3$, mini-batches of 10 and 30 epochs. The data are scikit-learn's 1,797 handwritten digits, $8 \times 8$
# pixels scaled to $[0, 1]$, split 80/20 with a fixed seed. That gives 1,438 training and 359 test images.
# `validation=(X_test, Y_test)` makes `fit` record the test cost and test accuracy after every epoch.
#
# `progress=True` shows a bar over the epochs with the current training cost. The bar is a live Jupyter widget,
# and it disappears when training ends. **If you are reading a stored copy of this notebook, you will see no bar
# below the next cell.** A widget has no text to store, and the course's notebooks are saved without widget
# state, so nothing of the bar ends up in the file. Run the cell yourself to see it.

# %%
net = nnlib.Network([64, 30, 10], seed=0)
history = net.fit(X_train, Y_train, epochs=30, batch_size=10, eta=3.0,
                  validation=(X_test, Y_test), seed=0, progress=True)

# %%
accuracy = net.evaluate(X_test, labels_test)
assert accuracy == history["val_accuracy"][-1]
assert accuracy > 0.93
assert history["cost"][-1] < history["cost"][0] / 5          # the training cost fell more than five-fold
assert history["val_cost"][-1] < history["val_cost"][0]
print(f"test accuracy after 30 epochs: {accuracy:.1%} ({round(accuracy * X_test.shape[1])} of {X_test.shape[1]} images)")

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
nnlib.plot.loss_curves(history, ax=ax, title="[64, 30, 10] on digits: quadratic cost, η = 3, batch 10")
plt.show()

# %% [markdown]
# The learning curves show two costs on the left axis. One is the per-epoch training cost, the mean of the
# mini-batch costs met during the epoch. The other is the test cost. The test accuracy is on the right axis. The
# test set plays the part of the validation set here, so the plot labels it "val". Both costs fall steeply at
# first. Over the last 15 epochs, the training cost more than halves again, while the test cost falls by less
# than a third. At the end, the test cost is more than three times the training cost. That gap is what the network
# has learned about these particular 1,438 images that does not carry over to new ones. The cell asserts each of
# these statements.

# %%
cost, val_cost = history["cost"], history["val_cost"]
assert cost[-1] < 0.5 * cost[14]                 # epochs 15 → 30: the training cost more than halves ...
assert val_cost[-1] > (2 / 3) * val_cost[14]     # ... the test cost falls by less than a third
assert val_cost[-1] > 3 * cost[-1]               # the gap at the end
print(f"epoch 15 → 30: training cost {cost[14]:.4f} → {cost[-1]:.4f}, test cost {val_cost[14]:.4f} → {val_cost[-1]:.4f}")

# %% [markdown]
# ## Sources
#
# - **Seed 001** (a Chinese student's notes on Andrew Ng's *Machine Learning* course): the accumulation
#   $\Delta^{(l)} \mathrel{+}= \delta^{(l+1)}(a^{(l)})^\mathsf{T}$ and $D^{(l)} = \Delta^{(l)}/m$.
# - **Seed 004** (a Chinese mirror of the Stack Overflow question "Deep learning: the code for backpropagation in
#   Python"): `update_mini_batch` from Michael Nielsen's `network.py`, *Neural Networks and Deep Learning*.
# - The digits are scikit-learn's `load_digits` (UCI optical recognition of handwritten digits, E. Alpaydin and
#   C. Kaynak).
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).
#
# ## Summary
#
# * The gradient of the mean cost is the mean of the per-example gradients:
#   $\partial J/\partial W^l = \frac1m \sum_x \delta^l_x (a^{l-1}_x)^\mathsf{T}$.
# * Ng's $\Delta^l \mathrel{+}= \delta^l (a^{l-1})^\mathsf{T}$ and $D^l = \Delta^l/m$, Nielsen's loop with
#   `eta/len(mini_batch)`, and `nnlib`'s single product $\frac1m \delta^l (A^{l-1})^\mathsf{T}$ give the same
#   gradient and the same step, up to rounding ($10^{-12}$ asserted). The matrix form is much faster.
# * Mini-batch SGD shuffles the training set every epoch, cuts it into batches of $m$, and takes one step of
#   size $\eta$ per batch. Averaged over an epoch's equal-sized batches, the batch gradients give exactly the full
#   gradient.
# * Because the step uses the **mean** gradient, one $\eta$ serves every batch size. A summed gradient would
#   multiply the step by $m$.
# * A $[64, 30, 10]$ network trained this way reaches over 93% test accuracy on the digits in 30 epochs.
#   Lesson 09 takes it further.
