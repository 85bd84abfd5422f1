# %% [markdown]
# # Lesson 11 — Beyond the sigmoid
#
# Every network so far used the logistic sigmoid σ, mostly with the quadratic cost, and two starting rules for
# the weights: $\mathcal N(0, 1/n_{l-1})$, and seed `000`'s zero first layer. This lesson changes each of those
# choices and uses the four equations BP1–BP4 to predict what happens.
#
# **After this lesson you will be able to**
#
# * derive the derivatives of tanh and ReLU with SymPy and check `nnlib`'s activations against them;
# * measure *vanishing gradients* as the size $\lVert\delta^l\rVert$ of the error in each layer, and explain
#   them with BP2;
# * derive $\delta^L = a^L - y$ for a softmax output with the cross-entropy cost, symbolically and numerically;
# * check that L2 regularization adds $\frac{\lambda}{2m}\sum_l \lVert W^l\rVert^2$ to the cost and
#   $\frac{\lambda}{m}W^l$ to the gradient;
# * explain why a network whose weights all start at zero cannot learn, while seed `000`'s zero first layer can.

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

# %%
from threadpoolctl import threadpool_limits

from nnlib import data
from nnlib.activations import ReLU, Softmax, Tanh
from nnlib.gradcheck import GOOD, format_report, gradient_report
from nnlib.symbolic import SymbolicNetwork, equal

blas_threads = threadpool_limits(limits=1, user_api="blas")  # small matrices: one BLAS thread is faster (lesson 07)

# %% [markdown]
# ## 1. Two more activations: tanh and ReLU
#
# $$\tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\,\sigma(2z) - 1, \qquad
#   \operatorname{ReLU}(z) = \max(0, z) = \begin{cases} 0 & z < 0 \\ z & z \ge 0 \end{cases}$$
#
# tanh is a sigmoid stretched to the range $(-1, 1)$ and centred at $0$. ReLU, the *rectified linear unit*, is the
# identity for positive inputs and zero otherwise. Their derivatives are what BP1 and BP2 need:
#
# $$\tanh'(z) = 1 - \tanh^2 z, \qquad \operatorname{ReLU}'(z) = \begin{cases} 0 & z < 0 \\ 1 & z > 0 \end{cases}$$
#
# and, for comparison, $\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \tfrac14$, because
# $\tfrac14 - s(1 - s) = (s - \tfrac12)^2 \ge 0$. SymPy checks all of it.

# %%
z, s = sp.symbols("z s", real=True)
tanh_prime = sp.diff(sp.tanh(z), z)
assert equal(tanh_prime, 1 - sp.tanh(z) ** 2)
assert sp.simplify(sp.tanh(z).rewrite(sp.exp) - (2 / (1 + sp.exp(-2 * z)) - 1)) == 0   # tanh z = 2σ(2z) − 1
relu = sp.Piecewise((0, z < 0), (z, True))
relu_prime = sp.diff(relu, z)
assert relu_prime == sp.Piecewise((0, z < 0), (1, True))
assert equal(sp.Rational(1, 4) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2)           # so σ' ≤ 1/4
assert tanh_prime.subs(z, 0) == 1                                                       # tanh'(0) = 1 = 4 σ'(0)
sp.Eq(sp.Derivative(sp.tanh(z), z), tanh_prime), sp.Eq(sp.Derivative(relu, z), relu_prime)

# %% [markdown]
# `lambdify` turns the two derivatives into numpy functions, which must agree with `nnlib.activations`. ReLU has
# a kink at $z = 0$, where it has no derivative. Any value in $[0, 1]$ there is a valid *subgradient*, and nnlib
# uses $0$; SymPy's `Piecewise` says $1$. The grid below avoids the kink.

# %%
grid = np.linspace(-4, 4, 800)                      # an even number of points: 0 is not on the grid
assert nnlib.rel_error(Tanh.prime(grid), sp.lambdify(z, tanh_prime, "numpy")(grid)) < 1e-12
assert np.array_equal(ReLU.prime(grid), sp.lambdify(z, relu_prime, "numpy")(grid))
print("nnlib's ReLU'(0) =", ReLU.prime(np.zeros(1))[0])

fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
for name, f, f_prime in (("sigmoid", nnlib.sigmoid, nnlib.sigmoid_prime), ("tanh", np.tanh, Tanh.prime),
                         ("ReLU", ReLU.fn, ReLU.prime)):
    axes[0].plot(grid, f(grid), label=name)
    axes[1].plot(grid, f_prime(grid), label=name)
for ax, what in zip(axes, ("activation $a = f(z)$", "derivative $f'(z)$")):
    ax.set_xlabel("weighted input $z$")
    ax.set_ylabel(what)
    ax.grid(alpha=0.3)
    ax.legend()
axes[0].set_title("Three activation functions")
axes[1].set_title("Their derivatives: σ' never exceeds 1/4")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 2. Vanishing gradients
#
# Unroll BP2 from the output layer down to layer $l$:
#
# $$\delta^l = \sigma'(z^l) \odot (W^{l+1})^{\mathsf T}\Big(\sigma'(z^{l+1}) \odot (W^{l+2})^{\mathsf T}\big(\cdots
#   \odot (W^L)^{\mathsf T}\delta^L\big)\Big).$$
#
# Each layer on the way down multiplies the error by a transposed weight matrix and then by $\sigma'$. For one
# example, with $\lVert W\rVert_2$ the largest factor by which $W$ can stretch a vector,
#
# $$\lVert\delta^l\rVert \;\le\; \max|\sigma'| \cdot \lVert W^{l+1}\rVert_2 \cdot \lVert\delta^{l+1}\rVert .$$
#
# For the sigmoid, $\max|\sigma'| = \tfrac14$. With weights of moderate size, every layer shrinks the error by a
# factor of a few, and the shrinking compounds. By BP3 and BP4 the gradients of layer $l$ are built from
# $\delta^l$, so the early layers of a deep sigmoid network learn far more slowly than the late ones. tanh
# ($\max \tanh' = 1$) and ReLU ($\operatorname{ReLU}' \in \{0, 1\}$) do not shrink the error by this factor.
#
# We measure it. Three networks with five hidden layers of 30 units, sizes $[64, 30, 30, 30, 30, 30, 10]$, get the
# **same** initial weights (the same seed). They differ only in the hidden activation: sigmoid, tanh or ReLU.
# Each has a softmax output with the cross-entropy cost (section 3). For 500 training digits, `Network.deltas`
# returns every $\delta^l$; we report the root-mean-square size per example, $\lVert\delta^l\rVert_F/\sqrt m$.

# %%
X_train, labels_train, X_test, labels_test = data.load_digits()
Y_train = data.one_hot(labels_train, 10)
X, Y = X_train[:, :500], Y_train[:, :500]
sizes = [64, 30, 30, 30, 30, 30, 10]
hidden_names = ("sigmoid", "tanh", "relu")


def deep_net(hidden):
    return nnlib.Network(sizes, activations=[hidden] * 5 + ["softmax"], cost="cross_entropy", seed=0)


norms = {}
for hidden in hidden_names:
    deltas = deep_net(hidden).deltas(X, Y)                              # deltas[l-1] = δ^l, (n_l, 500)
    norms[hidden] = [np.linalg.norm(d) / np.sqrt(X.shape[1]) for d in deltas]
print("layer l      " + "".join(f"{l:>10}" for l in range(1, len(sizes))))
for hidden, values in norms.items():
    print(f"{hidden:8} ‖δ^l‖" + "".join(f"{v:>10.1e}" for v in values))

# %%
nnlib.plot.layer_norms({f"{hidden} hidden layers": values for hidden, values in norms.items()},
                       title="Error size per layer in a [64, 30×5, 10] network, same initial weights")
plt.show()

# %% [markdown]
# In the sigmoid network the error shrinks by a factor of about five per layer: the first layer's $\delta^1$ is
# more than a thousand times smaller than the output layer's. With tanh or ReLU it shrinks far less. The next cell
# checks the bound above for every example and layer of the sigmoid network, and the size of the effect.

# %%
net = deep_net("sigmoid")
deltas = net.deltas(X, Y)
for l in range(1, net.L):                               # hidden layers l = 1 … L−1
    W_next = net.weights[l]                             # W^{l+1}
    bound = 0.25 * np.linalg.norm(W_next, 2) * np.linalg.norm(deltas[l], axis=0)   # per example
    assert np.all(np.linalg.norm(deltas[l - 1], axis=0) <= bound)
for hidden, values in norms.items():
    print(f"{hidden:8} ‖δ^1‖ / ‖δ^L‖ = {values[0] / values[-1]:.1e}")
assert norms["sigmoid"][0] / norms["sigmoid"][-1] < 1e-3
assert norms["tanh"][0] / norms["tanh"][-1] > 1e-2 and norms["relu"][0] / norms["relu"][-1] > 1e-2

# %% [markdown]
# The same factor works on the forward pass too. A sigmoid layer multiplies small differences between inputs by
# at most $\tfrac14 \lVert W\rVert_2$, so after five layers all digits look almost alike to the output layer. The
# spread of the last hidden layer's activations across examples shows it.

# %%
spread = {hidden: deep_net(hidden).forward(X)[1][-2].std(axis=1).mean() for hidden in hidden_names}
for hidden, value in spread.items():
    print(f"{hidden:8} mean spread of a^5 across the 500 digits: {value:.1e}")
assert spread["sigmoid"] < 1e-3 < min(spread["tanh"], spread["relu"])

# %% [markdown]
# Training shows the consequence. All three networks get the same data, initial weights, learning rate
# $\eta = 0.1$, batch size and shuffling.

# %%
deep_histories, deep_nets = {}, {}
for hidden in hidden_names:
    deep_nets[hidden] = deep_net(hidden)
    deep_histories[f"{hidden} hidden layers"] = deep_nets[hidden].fit(
        X_train, Y_train, epochs=20, batch_size=10, eta=0.1, validation=(X_test, labels_test), seed=0)
for label, h in deep_histories.items():
    print(f"{label:22} test accuracy after 20 epochs: {h['val_accuracy'][-1]:.3f}")
sigmoid_accuracy = deep_histories["sigmoid hidden layers"]["val_accuracy"]
print(f"sigmoid: test accuracy between {min(sigmoid_accuracy):.3f} and {max(sigmoid_accuracy):.3f} in the 20 epochs; "
      f"classes it predicts after them: {np.unique(deep_nets['sigmoid'].predict(X_test))}")
assert all(abs(acc - 0.1) < 0.01 for acc in sigmoid_accuracy)          # within a point of chance, every epoch
assert np.unique(deep_nets["sigmoid"].predict(X_test)).size == 1       # one class for every test image
assert min(deep_histories[f"{h} hidden layers"]["val_accuracy"][-1] for h in ("tanh", "relu")) > 0.9
nnlib.plot.accuracy_curves(deep_histories, title="[64, 30×5, 10] on the digits: softmax output, η = 0.1")
plt.show()

# %% [markdown]
# The deep sigmoid network stays at chance for all 20 epochs: its test accuracy is never more than a point away
# from 10 %, and after training it gives every test image the same class. tanh and ReLU reach more than 90 %.
# Nielsen's shallow $[n, 30, 10]$ networks of lesson 09 did not have this problem: with one hidden layer there is
# only one factor of $\sigma'$ to pass through.
#
# ## 3. Softmax with the cross-entropy
#
# For classification the output layer can be a **softmax**, whose activations are positive and sum to $1$, a
# probability for each class:
#
# $$a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}, \qquad C_x = -\sum_j y_j \ln a^L_j .$$
#
# Softmax couples the units: $\partial a_j/\partial z_k = a_j(\mathbb 1[j = k] - a_k)$. So BP1's
# $\nabla_a C \odot \sigma'(z^L)$ becomes a full Jacobian product:
#
# $$\delta^L_k = \sum_j \frac{\partial C}{\partial a_j}\frac{\partial a_j}{\partial z_k}
#   = \sum_j \Big(-\frac{y_j}{a_j}\Big) a_j (\mathbb 1[j = k] - a_k)
#   = -y_k + a_k \sum_j y_j = a_k - y_k \quad\text{when } \textstyle\sum_j y_j = 1 .$$
#
# This is the same simple $\delta^L = a^L - y$ as a sigmoid output with the binary cross-entropy (lesson 03),
# for any target whose entries sum to one, such as a one-hot $y$. SymPy derives it for three classes, the long way:
# build $a$ from the exponentials, take `sympy.diff` of $C$, then substitute $y_3 = 1 - y_1 - y_2$.

# %%
zs3 = sp.symbols("z1:4", real=True)
ys3 = sp.symbols("y1:4", real=True)
softmax_a = [sp.exp(z_j) / sum(sp.exp(z_k) for z_k in zs3) for z_j in zs3]
C = -sum(y_j * sp.log(a_j) for y_j, a_j in zip(ys3, softmax_a))
dC_dz = [sp.diff(C, z_k) for z_k in zs3]
targets_sum_to_one = {ys3[2]: 1 - ys3[0] - ys3[1]}
for k in range(3):
    assert equal(sp.together(dC_dz[k] - (sum(ys3) * softmax_a[k] - ys3[k])), 0)      # in general: (Σy) a_k − y_k
    assert equal(sp.together((dC_dz[k] - (softmax_a[k] - ys3[k])).subs(targets_sum_to_one)), 0)
print("δ^L_k = a_k − y_k for k = 1, 2, 3, once the targets sum to 1")
sp.Eq(sp.Symbol(r"\frac{\partial C}{\partial z_1}"), sp.simplify(dC_dz[0]))   # before Σy = 1 is used

# %% [markdown]
# Now the numbers. Take a `Network` with a tanh hidden layer, a softmax output and the cross-entropy cost. We
# compare its $\delta^L$ with three independent computations: SymPy's raw derivative `dC_dz`, before any
# simplification, evaluated at the network's $z^L$; the full softmax Jacobian, built as a $3 \times 3$
# matrix $J_{jk} = \partial a_j/\partial z_k = a_j(\mathbb 1[j = k] - a_k)$ for each example and applied to
# $\nabla_a C = -y / a$ as $\delta^L = J^{\mathsf T} \nabla_a C$ (which is what `Softmax.backward` computes without building $J$); and, for all weights and biases, central finite differences of the cost (lesson 06).

# %%
sm_net = nnlib.Network([4, 5, 3], activations=["tanh", "softmax"], cost="cross_entropy", seed=1)
X_small = rng.standard_normal((4, 6))
Y_small = data.one_hot(rng.integers(0, 3, size=6), 3)
z_L, a_L = sm_net.forward(X_small)[0][-1], sm_net.feedforward(X_small)
delta_L = sm_net.deltas(X_small, Y_small)[-1]                                   # (3, 6)

raw = sp.lambdify([zs3, ys3], dC_dz, "numpy")
delta_sympy = np.column_stack([raw(z_L[:, k], Y_small[:, k]) for k in range(z_L.shape[1])])
jacobians = [np.diag(a) - np.outer(a, a) for a in a_L.T]                       # J_jk = a_j (1[j=k] − a_k), (3, 3)
delta_jacobian = np.column_stack([J.T @ (-Y_small[:, k] / a_L[:, k]) for k, J in enumerate(jacobians)])
assert nnlib.rel_error(Softmax.backward(z_L, a_L, -Y_small / a_L), delta_jacobian) < 1e-12   # nnlib's product
assert nnlib.rel_error(delta_L, delta_sympy) < 1e-12
assert nnlib.rel_error(delta_L, delta_jacobian) < 1e-12
assert nnlib.rel_error(delta_L, a_L - Y_small) < 1e-12
report = gradient_report(sm_net, X_small, Y_small)
print(format_report(report))
assert all(row["rel_error"] < GOOD for row in report)

# %% [markdown]
# ## 4. L2 regularization
#
# L2 regularization adds a penalty on large weights to the mean cost (the $J$ of lesson 00's notation table):
#
# $$J = \frac1m\sum_x C_x + \frac{\lambda}{2m}\sum_l \lVert W^l\rVert_F^2, \qquad
#   \frac{\partial J}{\partial W^l} = \frac1m \sum_x \delta^l_x (a^{l-1}_x)^{\mathsf T} + \frac{\lambda}{m} W^l, \qquad
#   \frac{\partial J}{\partial b^l} = \frac1m \sum_x \delta^l_x .$$
#
# The biases are not penalized. A gradient step becomes
# $W^l \leftarrow \big(1 - \tfrac{\eta\lambda}{m}\big) W^l - \tfrac{\eta}{m}\sum_x \delta^l_x (a^{l-1}_x)^{\mathsf T}$:
# every step first shrinks the weights a little, which is why L2 is also called *weight decay*. `fit` uses the
# penalty of the whole training set of $n$ examples, $\frac{\lambda}{2n}\sum_l \lVert W^l\rVert^2$, so each of its steps on
# a mini-batch of $m$ examples decays the weights by $1 - \tfrac{\eta\lambda}{n}$: it is
# `update_mini_batch(X_batch, Y_batch, eta, n)` (lesson 07 checks this to $10^{-12}$). Without `n`, `cost`,
# `backprop` and `update_mini_batch` use the batch's own $m$, the $J$ above.
#
# First SymPy: `SymbolicNetwork` with a symbolic λ builds this $J$ for a $[2, 2, 1]$ sigmoid network and two
# examples, and checks every entry of BP3/BP4 plus $\frac{\lambda}{m}W$ against `sympy.diff`.

# %%
symbolic_l2 = SymbolicNetwork([2, 2, 1], activation="sigmoid", m=2, lam=True)
result = symbolic_l2.verify()
print(f"{result['checked']} entries of ∂J/∂W and ∂J/∂b agree with sympy.diff, penalty included")
assert result["checked"] == 9

# %% [markdown]
# Then `nnlib`: the same network and data with $\lambda = 0.7$ and with $\lambda = 0$. The cost must differ by
# exactly the penalty, the weight gradients by exactly $\frac{\lambda}{m}W^l$, and the bias gradients not at all.
# Finite differences of the regularized cost must match the regularized backprop.

# %%
lam = 0.7
net_l2 = nnlib.Network([5, 4, 3], lam=lam, seed=2)
net_0 = nnlib.Network([5, 4, 3], lam=0.0, seed=2)                 # the same seed: the same weights
X5 = rng.standard_normal((5, 8))
Y5 = rng.random((3, 8))
m = X5.shape[1]
penalty = lam / (2 * m) * sum(np.sum(W ** 2) for W in net_l2.weights)
assert abs(net_l2.cost(X5, Y5) - (net_0.cost(X5, Y5) + penalty)) < 1e-12
print(f"J with λ = {lam}: {net_l2.cost(X5, Y5):.6f} = {net_0.cost(X5, Y5):.6f} + penalty {penalty:.6f}")

(nb_l2, nw_l2), (nb_0, nw_0) = net_l2.backprop(X5, Y5), net_0.backprop(X5, Y5)
for W, g_l2, g_0 in zip(net_l2.weights, nw_l2, nw_0):
    assert nnlib.rel_error(g_l2 - g_0, lam / m * W) < 1e-12
assert all(np.array_equal(g_l2, g_0) for g_l2, g_0 in zip(nb_l2, nb_0))
report = gradient_report(net_l2, X5, Y5)
print(format_report(report))
assert all(row["rel_error"] < GOOD for row in report)

# %% [markdown]
# What does the decay do in training? We train $[64, 30, 10]$ with the cross-entropy on only 200 digits, for 100
# epochs, with and without $\lambda = 1$.

# %%
results = {}
for lam in (0.0, 1.0):
    small = nnlib.Network([64, 30, 10], cost="cross_entropy", lam=lam, seed=0)
    small.fit(X_train[:, :200], Y_train[:, :200], epochs=100, batch_size=10, eta=0.5, seed=0)
    results[lam] = (sum(np.sum(W ** 2) for W in small.weights),
                    small.evaluate(X_train[:, :200], labels_train[:200]), small.evaluate(X_test, labels_test))
print(f"{'λ':>4} {'Σ‖W‖²':>8} {'train acc.':>11} {'test acc.':>10}")
for lam, (norm2, train_acc, test_acc) in results.items():
    print(f"{lam:>4} {norm2:>8.1f} {train_acc:>11.3f} {test_acc:>10.3f}")
assert results[1.0][0] < results[0.0][0] / 3

# %% [markdown]
# The penalty keeps the weights several times smaller, and the network no longer fits every training image.
# On this small problem it does not improve the test accuracy, though. Regularization limits how large the
# weights can grow; whether that helps depends on the data and on λ, which is chosen on a validation set.
#
# ## 5. Initialization: why the symmetry must be broken
#
# Seed `000`'s network starts with `weights_0_1` $= 0$ and a random `weights_1_2`, and lesson 10 showed it trains,
# because $\delta^1 = (W^2)^{\mathsf T}\delta^2$ is nonzero. Now set **all** its weights to zero. Then
#
# * $a^1 = W^1 x = 0$, so BP4 gives $\partial C/\partial W^2 = \delta^2 (a^1)^{\mathsf T} = 0$;
# * $\delta^1 = (W^2)^{\mathsf T}\delta^2 = 0$, so $\partial C/\partial W^1 = \delta^1 x^{\mathsf T} = 0$.
#
# The gradient is exactly zero, and it stays zero, because nothing ever moves. We check both starts on the review
# corpus of lesson 10.

# %%
texts_train, reviews_train, texts_test, reviews_test = data.load_reviews()
bow = data.BagOfWords()
Xr_train, Xr_test = bow.fit_transform(texts_train), bow.transform(texts_test)
Yr_train = reviews_train.reshape(1, -1).astype(float)
n_0 = Xr_train.shape[0]


def seed_000_network(W2):
    net = nnlib.Network([n_0, 10, 1], activations=["identity", "sigmoid"], bias=False)
    net.weights = [np.zeros((10, n_0)), W2]
    return net


all_zero = seed_000_network(np.zeros((1, 10)))
_, nabla_w = all_zero.backprop(Xr_train, Yr_train)
assert all(np.all(g == 0) for g in nabla_w)                # exactly zero, not just small
all_zero.fit(Xr_train, Yr_train, epochs=2, batch_size=1, eta=0.01, seed=0)
assert all(np.all(W == 0) for W in all_zero.weights)       # 6,000 updates later: still all zero

random_W2 = seed_000_network(rng.normal(0.0, 1.0, size=(1, 10)))
random_W2.fit(Xr_train, Yr_train, epochs=2, batch_size=1, eta=0.01, seed=0)
for name, net in (("all weights zero", all_zero), ("seed 000: W^1 = 0, W^2 random", random_W2)):
    print(f"{name:31} test accuracy {net.evaluate(Xr_test, reviews_test):.3f}")
assert all_zero.evaluate(Xr_test, reviews_test) == np.mean(reviews_test == 0)   # every review called negative
assert random_W2.evaluate(Xr_test, reviews_test) > 0.8

# %% [markdown]
# The all-zero network outputs $\sigma(0) = \tfrac12$ for every review and calls them all negative, so it is right
# on the negative half of the test set only (a² = ½ is not above the threshold ½).
#
# A nonlinear hidden layer with biases fails more subtly. Start Nielsen's $[64, 30, 10]$ sigmoid network with every
# weight and bias at zero. Every hidden unit then computes $\sigma(0) = \tfrac12$. On the first step $W^2 = 0$
# makes $\delta^1 = 0$, but $W^2$ does move: its gradient $\delta^2 (a^1)^{\mathsf T}$ has 30 identical columns,
# because all the $a^1_j$ are equal. From then on the hidden units have identical incoming weights, identical
# outgoing weights, hence identical $z^1_j$ and, by BP2, identical $\delta^1_j$ and identical updates. They stay
# copies of one another. Thirty units then do the work of one; this is the **symmetry** that random initial
# weights break.

# %%
Yd_train = data.one_hot(labels_train, 10)
symmetric = nnlib.Network([64, 30, 10], seed=0)
symmetric.weights = [np.zeros_like(W) for W in symmetric.weights]
symmetric.biases = [np.zeros_like(b) for b in symmetric.biases]
first_b, first_w = symmetric.backprop(X_train[:, :10], Yd_train[:, :10])
assert np.all(first_w[0] == 0) and np.all(first_b[0] == 0)           # δ^1 = 0 on the first step
assert np.all(first_w[1] == first_w[1][:, :1])                         # W^2's gradient: 30 identical columns

spread, accuracy = [], []
for epoch in range(1, 31):
    symmetric.fit(X_train, Yd_train, epochs=1, batch_size=10, eta=3.0, seed=epoch)
    W1 = symmetric.weights[0]
    spread.append(np.abs(W1 - W1[0]).max() / np.abs(W1).max())       # how far the rows of W^1 differ
    accuracy.append(symmetric.evaluate(X_test, labels_test))
    if epoch == 10:
        at_10 = symmetric.copy()
print("epoch   rows of W^1 differ by (relative)   test accuracy")
for epoch in (1, 5, 10, 15, 20, 25, 30):
    print(f"{epoch:5}   {spread[epoch - 1]:>30.0e}   {accuracy[epoch - 1]:>13.3f}")
assert max(spread[:10]) < 1e-8 and max(accuracy[:5]) < 0.15

# %% [markdown]
# For the first epochs the rows of $W^1$ agree to round-off, and the network stays at chance. While the 30 units
# are copies, the network is really a network with **one** hidden unit. Its single unit has the common incoming
# weights and bias, and an outgoing weight equal to the sum of the 30 identical ones. The next cell checks this at
# epoch 10, when the accuracy has begun to rise above chance: one feature of the image already separates some
# digits.

# %%
W1, W2 = at_10.weights
b1, b2 = at_10.biases
one_unit = nnlib.Network([64, 1, 10], seed=0)
one_unit.weights = [W1[:1], W2.sum(axis=1, keepdims=True)]     # (1, 64) and (10, 1)
one_unit.biases = [b1[:1], b2]
assert nnlib.rel_error(one_unit.feedforward(X_test), at_10.feedforward(X_test)) < 1e-8
print(f"epoch 10: the [64, 30, 10] network and a [64, 1, 10] network give the same outputs; "
      f"test accuracy {at_10.evaluate(X_test, labels_test):.3f}")

# %% [markdown]
# In exact arithmetic the rows of $W^1$ would stay identical for ever. In floating point they do not: after the first epoch
# they already differ by about $10^{-15}$ of their size, a rounding error. The symmetric state is unstable, and
# training amplifies that difference, by a factor between 2 and 7 from one epoch to the next and about fourfold
# per epoch on average. After 20 epochs the spread is still below $10^{-3}$; at epoch 23 it passes $0.1$. Then the
# units become different features, and the accuracy climbs beyond what one unit can do. The next cell checks these figures, and the plot shows both phases.
# A network that owes its features to rounding errors learns late and unreliably: after 30 epochs it is still far
# below the 96 % that the same network reaches from random weights (lesson 09).

# %%
growth = np.array(spread[1:21]) / np.array(spread[:20])   # the spread's factor from epoch e to e + 1, e = 1 … 20
average = (spread[20] / spread[0]) ** (1 / 20)             # the geometric mean of those factors
print("growth per epoch, epochs 1 → 21:", np.round(growth, 1))
print(f"on average {average:.2f}× per epoch")
assert 0 < spread[0] < 1e-14                               # after epoch 1: a rounding error
assert np.all((2 < growth) & (growth < 7)) and 4 < average < 5
assert spread[19] < 1e-3 and spread[21] < 0.1 < spread[22]    # epoch 20: below 1e-3; epoch 23: first above 0.1

# %%
fig, ax = plt.subplots(figsize=(7, 4))
ax.semilogy(np.arange(1, 31), spread, marker=".", color="tab:blue", label="relative spread of the rows of $W^1$")
ax.set_xlabel("epoch")
ax.set_ylabel("spread of the rows of $W^1$ (log scale)")
ax2 = ax.twinx()
ax2.plot(np.arange(1, 31), accuracy, marker=".", color="tab:green", label="test accuracy")
ax2.set_ylabel("test accuracy")
ax.legend(handles=ax.get_lines() + ax2.get_lines(), loc="upper left")
ax.set_title("All-zero start: the hidden units stay copies until round-off separates them")
plt.show()
assert accuracy[-1] < 0.9 and spread[-1] > 1e-2

# %% [markdown]
# So an initialization has two jobs. It must make the units *different*: random weights, or, as in seed `000`, at
# least a random layer after the zero one, so that BP2 sends each unit its own error. It must also keep the
# signals at a workable size, since section 2 showed how fast they shrink. The $\mathcal N(0, 1/n_{l-1})$
# default of `nnlib` keeps each $z^l$ of order one for a layer with inputs of order one.
#
# ## Sources
#
# - **Seed 000** (Udacity's sentiment network, lesson 10): the zero first layer of section 5.
# - **Seed 001**'s course, Andrew Ng's *Machine Learning*: the regularized gradient $D = \Delta/m + (\lambda/m)\,\Theta$
#   without the bias column, which is the course's $\frac{\lambda}{m}W^l$ with unregularized biases. Michael
#   Nielsen's `network2.py` (*Neural Networks and Deep Learning*, chapter 3) decays the weights the same way.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).
#
# ## Summary
#
# * $\tanh' = 1 - \tanh^2$ and $\operatorname{ReLU}' = \mathbb 1[z > 0]$ (any value in $[0, 1]$ at the kink;
#   nnlib takes 0), derived by SymPy and matched by `nnlib.activations`.
# * BP2 multiplies the error by $\sigma'$ in every layer, and $\sigma' \le \tfrac14$. In a five-hidden-layer sigmoid
#   network, $\lVert\delta^1\rVert$ is more than a thousand times smaller than $\lVert\delta^L\rVert$, and the
#   network stays at chance. With tanh or ReLU the error shrinks far less, and the network learns.
# * A softmax output with the cross-entropy gives $\delta^L = a^L - y$ whenever the targets sum to one. It was checked
#   symbolically, against the full Jacobian, and by finite differences.
# * L2 regularization adds $\frac{\lambda}{2m}\sum\lVert W\rVert^2$ to $J$ and $\frac{\lambda}{m}W$ to the
#   gradient, which makes each step a weight decay. It was checked against `sympy.diff` and against central
#   differences.
# * All-zero weights give a gradient of exactly zero in seed `000`'s network. In a sigmoid network with biases they
#   keep every hidden unit a copy of the others. A random layer breaks the symmetry, which is why seed `000`'s zero
#   first layer is harmless.
