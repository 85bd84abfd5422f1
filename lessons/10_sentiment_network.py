# %% [markdown]
# # Lesson 10 — The sentiment network
#
# Seed `000` sums up backpropagation with the code of a small sentiment classifier. A review becomes a
# bag-of-words vector; a linear hidden layer and one sigmoid output unit turn it into the probability that the
# review is positive. The code is written with **row vectors**: one example is a row `layer_0` of shape
# $(1, n_0)$, and the weights of layer $l$ are stored as the transpose of the course's $W^l$. The seed also ends
# with a complaint that BP2 is often written wrongly on the web.
#
# **After this lesson you will be able to**
#
# * generate the course's synthetic review corpus and turn it into bag-of-words columns;
# * write seed `000`'s network and its per-example update in its row-vector form, and translate it into
#   `nnlib`'s column form with $W^1 = (\texttt{weights\_0\_1})^{\mathsf T}$, $W^2 = (\texttt{weights\_1\_2})^{\mathsf T}$;
# * show that the two forms perform the same arithmetic, with the same learning rate, to $10^{-12}$;
# * explain why the network trains although its first weight matrix starts at zero;
# * read off which words the trained network finds positive or negative, and why a bag of words cannot handle
#   "not".

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
from nnlib.symbolic import equal, sigma

blas_threads = threadpool_limits(limits=1, user_api="blas")  # small matrices: one BLAS thread is faster (lesson 07)

# %% [markdown]
# ## 1. A synthetic review corpus
#
# The seed's network was trained on real movie reviews, which we cannot ship or download. Instead
# `nnlib.data.generate_reviews` **generates** reviews from a seed. It is honest to say exactly how, because
# everything the network can learn comes from these rules:
#
# * A built-in vocabulary (`data.REVIEW_WORDS`) holds strong and mild positive and negative adjectives
#   ("brilliant", "good"; "awful", "dull"), positive and negative verbs ("loved", "hated"), nouns ("plot",
#   "acting"), intensifiers ("very"), negators and a few neutral words.
# * A review has one to three *sentiment clauses* built from templates, such as "the plot was really dull",
#   "i found the acting brilliant", "the ending did not seem good", "i never hated the cast". It also has up to two
#   neutral clauses ("we saw it with friends"), in random order, joined by "and", "but" or a full stop.
# * Each clause has a polarity: $\pm 2$ for a strong word or a verb, $\pm 1$ for a mild word. A negation flips the
#   sign and leaves strength $1$, so "not terrible" counts as mildly positive. The label is $1$ (positive) when the
#   polarities sum to more than $0$, and $0$ when they sum to less; a tie is drawn again.
# * Finally 5 % of the labels, chosen at random, are flipped, like careless raters.
#
# The label noise caps the test accuracy of any model at about 95 %. Negation puts some reviews out of reach of
# any model that adds up one weight per word: section 6 shows that no such weights, whatever they are, can call
# "the plot was not good" negative and "the plot was not bad" positive while also calling "the plot was good"
# positive and "the plot was bad" negative. So the task is easy to learn but cannot be learned perfectly.
#

# %%
texts, labels, flipped = data.generate_reviews(4000, seed=0)
for k in [*np.flatnonzero(labels == 1)[:3], *np.flatnonzero(labels == 0)[:3]]:
    print(f"{'positive' if labels[k] else 'negative'}{' (flipped)' if flipped[k] else ''}: {texts[k]}")
print(f"\n{len(texts)} reviews, {labels.mean():.1%} positive, {flipped.mean():.1%} of the labels flipped")
assert len(texts) == 4000 and 0.45 < labels.mean() < 0.55 and 0.03 < flipped.mean() < 0.07
assert data.generate_reviews(4000, seed=0)[0] == texts   # the same seed gives the same corpus

# %% [markdown]
# We keep a stratified quarter for testing; `data.load_reviews()` does exactly this split, and the cell checks it.
# The flags of flipped labels let us also score against the clean labels.
#
# The input layer is a **bag of words**: `BagOfWords` fixes a vocabulary from the training texts, and each review
# becomes a column $x \in \mathbb{R}^{n_0}$ whose entry $i$ counts how often word $i$ occurs. Word order is lost.

# %%
train_idx, test_idx = data.split_indices(labels, test_fraction=0.25, seed=0)
texts_train, labels_train, texts_test, labels_test = data.load_reviews(4000, test_fraction=0.25, seed=0)
assert texts_train == [texts[i] for i in train_idx] and np.array_equal(labels_test, labels[test_idx])
clean_test = np.where(flipped[test_idx], 1 - labels_test, labels_test)   # the labels before the flips

bow = data.BagOfWords()
X_train = bow.fit_transform(texts_train)     # (n_0, 3000)
X_test = bow.transform(texts_test)           # (n_0, 1000)
Y_train = labels_train.reshape(1, -1).astype(float)   # (1, 3000): one output unit
Y_test = labels_test.reshape(1, -1).astype(float)
n_0 = X_train.shape[0]
print(f"vocabulary: {n_0} words;  X_train {X_train.shape}, X_test {X_test.shape}")
print("review 0:", texts_train[0])
print("its nonzero counts:", {bow.vocabulary[i]: int(X_train[i, 0]) for i in np.flatnonzero(X_train[:, 0])})
assert X_train[:, 0].sum() == len(data.tokenize(texts_train[0]))   # every word of the review is counted once


# %% [markdown]
# ## 2. The seed's network in row form
#
# The seed's forward pass for one review is
#
# $$\texttt{layer\_1} = \texttt{layer\_0}\;\texttt{weights\_0\_1}, \qquad
#   \texttt{layer\_2} = \sigma(\texttt{layer\_1}\;\texttt{weights\_1\_2}),$$
#
# with shapes $(1, n_0)(n_0, n_1) = (1, n_1)$ and $(1, n_1)(n_1, 1) = (1, 1)$. The hidden layer has no activation
# function (it is linear), and there are no biases. The initialization is
#
# * `weights_0_1` $= 0$, all zeros;
# * `weights_1_2` drawn from $\mathcal N(0, \sigma^2)$ with $\sigma = n_{\text{out}}^{-1/2}$. With one output unit,
#   $n_{\text{out}} = 1$ and $\sigma = 1$.
#
# The backward pass, for one review with target $t \in \{0, 1\}$:
#
# $$\texttt{layer\_2\_delta} = (\texttt{layer\_2} - t)\,\texttt{layer\_2}\,(1 - \texttt{layer\_2}), \qquad
#   \texttt{layer\_1\_delta} = \texttt{layer\_2\_delta}\;\texttt{weights\_1\_2}^{\mathsf T},$$
#
# and the update subtracts the learning rate $\eta$ times
#
# $$\texttt{layer\_1}^{\mathsf T}\,\texttt{layer\_2\_delta} \quad\text{from } \texttt{weights\_1\_2}, \qquad
#   \texttt{layer\_0}^{\mathsf T}\,\texttt{layer\_1\_delta} \quad\text{from } \texttt{weights\_0\_1}.$$
#
# The error is *output minus target*, $a - t$, and it is **subtracted**. That is gradient descent on the quadratic
# cost $C = \tfrac12 (a - t)^2$, whose derivative with respect to $a$ is $a - t$. Code that writes the error as
# $t - a$ must *add* the same product instead. The factor $a(1-a)$ is $\sigma'(z)$ computed from the output
# (lesson 03). The hidden layer is linear, so its $\sigma' = 1$ and no factor appears in `layer_1_delta`.
#
# Here is the row form in our own code. It works for one row, and, as we use later, for a stack of rows.

# %%
def row_step(layer_0, target, weights_0_1, weights_1_2, learning_rate):
    # One gradient step of seed 000's network in row form; returns the new (weights_0_1, weights_1_2).
    layer_1 = layer_0 @ weights_0_1                                  # (k, n_1): linear hidden layer
    layer_2 = nnlib.sigmoid(layer_1 @ weights_1_2)                   # (k, 1)
    layer_2_delta = (layer_2 - target) * layer_2 * (1 - layer_2)     # (k, 1): (a − t) σ'(z)
    layer_1_delta = layer_2_delta @ weights_1_2.T                    # (k, n_1): σ' = 1 in a linear layer
    new_weights_1_2 = weights_1_2 - learning_rate * (layer_1.T @ layer_2_delta)   # (n_1, 1)
    new_weights_0_1 = weights_0_1 - learning_rate * (layer_0.T @ layer_1_delta)   # (n_0, n_1)
    return new_weights_0_1, new_weights_1_2


# %% [markdown]
# Before trusting those two products, SymPy checks them against `sympy.diff` of $C$ for a network with three
# inputs and two hidden units. Every symbol is explicit, and σ is the symbolic sigmoid of `nnlib.symbolic`, with
# $\sigma' = \sigma(1-\sigma)$.

# %%
layer_0_s = sp.Matrix([sp.symbols("x1:4")])                                       # (1, 3)
weights_0_1_s = sp.Matrix(3, 2, lambda i, j: sp.Symbol(f"v_{i + 1}{j + 1}"))      # (3, 2)
weights_1_2_s = sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"u_{i + 1}"))             # (2, 1)
t = sp.Symbol("t")

layer_1_s = layer_0_s * weights_0_1_s
layer_2_s = sigma((layer_1_s * weights_1_2_s)[0, 0])
C = (layer_2_s - t) ** 2 / 2
layer_2_delta_s = (layer_2_s - t) * layer_2_s * (1 - layer_2_s)
layer_1_delta_s = layer_2_delta_s * weights_1_2_s.T

grad_0_1 = layer_0_s.T * layer_1_delta_s          # the seed's update direction for weights_0_1
grad_1_2 = layer_1_s.T * layer_2_delta_s          # and for weights_1_2
checked = 0
for P, G in ((weights_0_1_s, grad_0_1), (weights_1_2_s, grad_1_2)):
    for i in range(P.rows):
        for j in range(P.cols):
            assert equal(sp.diff(C, P[i, j]), G[i, j])
            checked += 1
print(f"all {checked} entries of the seed's two update products equal sympy.diff of C = (a − t)²/2")
z = sp.Symbol("z")
sp.Eq(sp.Symbol(r"\frac{\partial C}{\partial v_{11}}"), sp.factor(grad_0_1[0, 0].subs((layer_1_s * weights_1_2_s)[0, 0], z)))

# %% [markdown]
# ## 3. The same network in column form
#
# Transpose every row. For a column $x = \texttt{layer\_0}^{\mathsf T}$,
#
# $$z^1 = (\texttt{layer\_0}\;\texttt{weights\_0\_1})^{\mathsf T} = \texttt{weights\_0\_1}^{\mathsf T} x = W^1 x,
#   \qquad z^2 = W^2 a^1 \text{ with } W^2 = \texttt{weights\_1\_2}^{\mathsf T},$$
#
# and $a^1 = z^1$ (identity), $a^2 = \sigma(z^2)$. So in `nnlib` the network is
# `Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)`, with the default quadratic cost. The
# backward pass maps term by term:
#
# | seed (rows) | course (columns) |
# |---|---|
# | `layer_2_delta` | $(\delta^2)^{\mathsf T}$, BP1: $(a^2 - y)\,\sigma'(z^2)$ |
# | `layer_1_delta = layer_2_delta · weights_1_2ᵀ` | $(\delta^1)^{\mathsf T} = ((W^2)^{\mathsf T}\delta^2)^{\mathsf T}$, BP2 with $\sigma' = 1$ |
# | `layer_1ᵀ · layer_2_delta` | $(\delta^2 (a^1)^{\mathsf T})^{\mathsf T} = (\partial C/\partial W^2)^{\mathsf T}$, BP4 |
# | `layer_0ᵀ · layer_1_delta` | $(\delta^1 x^{\mathsf T})^{\mathsf T} = (\partial C/\partial W^1)^{\mathsf T}$, BP4 |
#
# **Learning rates.** `nnlib` steps by $\frac{\eta}{m}\sum_x \partial C_x/\partial W$, the gradient of the *mean*
# cost over a batch of $m$ examples. The seed updates after every single review, so $m = 1$, the mean is the
# sum, and the two learning rates are the same number. If the row code is given a stack of $m$ rows, the products
# $\texttt{layer\_0}^{\mathsf T}\texttt{layer\_1\_delta}$ **sum** over the rows, and the matching `nnlib` rate is
# $\eta_{\text{nnlib}} = m\,\eta_{\text{seed}}$.
#
# First the per-example updates. Both forms start from the same weights and see the same 500 reviews in the same
# order, one at a time.

# %%
n_1, learning_rate = 10, 0.01
weights_0_1 = np.zeros((n_0, n_1))                          # seed 000: zeros
weights_1_2 = rng.normal(0.0, 1 ** -0.5, size=(n_1, 1))     # seed 000: N(0, n_out^-1/2) with n_out = 1
start_0_1, start_1_2 = weights_0_1.copy(), weights_1_2.copy()

net = nnlib.Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)
net.weights = [weights_0_1.T.copy(), weights_1_2.T.copy()]   # W^1 = weights_0_1ᵀ, W^2 = weights_1_2ᵀ

for k in range(500):
    layer_0 = X_train[:, k].reshape(1, -1)                  # (1, n_0): the row form of column k
    weights_0_1, weights_1_2 = row_step(layer_0, labels_train[k], weights_0_1, weights_1_2, learning_rate)
    net.update_mini_batch(X_train[:, [k]], Y_train[:, [k]], eta=learning_rate)   # m = 1: the same η

gap = max(np.abs(net.weights[0] - weights_0_1.T).max(), np.abs(net.weights[1] - weights_1_2.T).max())
print(f"after 500 per-example updates: largest difference between the two forms {gap:.1e}")
print(f"(the weights themselves are of size {np.abs(weights_0_1).max():.2f} and {np.abs(weights_1_2).max():.2f})")
assert gap < 1e-12

# %% [markdown]
# Now a stack of $m = 10$ rows, from the same starting weights. The row code's step sums ten gradients at
# learning rate $0.01$. `nnlib`'s step averages them, so it needs $\eta = 10 \times 0.01 = 0.1$ to take the same
# step.

# %%
batch = slice(0, 10)
row_0_1, row_1_2 = row_step(X_train[:, batch].T, Y_train[:, batch].T, start_0_1, start_1_2, learning_rate)
batch_net = nnlib.Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)
batch_net.weights = [start_0_1.T.copy(), start_1_2.T.copy()]
batch_net.update_mini_batch(X_train[:, batch], Y_train[:, batch], eta=10 * learning_rate)
assert nnlib.rel_error(batch_net.weights[0], row_0_1.T) < 1e-12
assert nnlib.rel_error(batch_net.weights[1], row_1_2.T) < 1e-12
batch_net.weights = [start_0_1.T.copy(), start_1_2.T.copy()]
batch_net.update_mini_batch(X_train[:, batch], Y_train[:, batch], eta=learning_rate)  # the unscaled rate
print(f"with η = {learning_rate} instead, W^1 would differ by a relative {nnlib.rel_error(batch_net.weights[0], row_0_1.T):.2f}")
assert nnlib.rel_error(batch_net.weights[0], row_0_1.T) > 0.5

# %% [markdown]
# ## 4. Why a zero first layer still trains
#
# At the start $W^1 = 0$, so $a^1 = W^1 x = 0$ and $z^2 = 0$: every review gets the output $\sigma(0) = \tfrac12$.
# Apply BP1–BP4 to the first review:
#
# * BP1: $\delta^2 = (\tfrac12 - y)\cdot\tfrac14 \neq 0$.
# * BP4 for $W^2$: $\partial C/\partial W^2 = \delta^2 (a^1)^{\mathsf T} = 0$, because $a^1 = 0$. The first
#   step leaves $W^2$ unchanged.
# * BP2: $\delta^1 = (W^2)^{\mathsf T}\delta^2$. This is **not** zero, because $W^2$ was drawn at random.
# * BP4 for $W^1$: $\partial C/\partial W^1 = \delta^1 x^{\mathsf T} \neq 0$. So $W^1$ moves at once.
#
# The random $W^2$ is what makes this work. Each hidden unit $j$ receives its own multiple $w^2_{1j}\,\delta^2$ of
# the error, so after the first step the rows of $W^1$ are different multiples of the same $x^{\mathsf T}$ (a
# rank-one matrix), and $W^2$ starts to change from the second step on. Had $W^2$ also been zero, $\delta^1$ would
# be zero and $W^1$ would stay zero for ever. Lesson 11 shows that case, and the milder failure of equal nonzero
# weights.

# %%
first = nnlib.Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)
first.weights = [start_0_1.T.copy(), start_1_2.T.copy()]
x, y = X_train[:, [0]], Y_train[:, [0]]
delta_1, delta_2 = first.deltas(x, y)
_, (nabla_W1, nabla_W2) = first.backprop(x, y)
print("output a^2 =", first.feedforward(x).item(), "  δ^2 =", delta_2.item())
print("δ^1ᵀ =", delta_1.ravel())
assert first.feedforward(x).item() == 0.5 and delta_2.item() == (0.5 - y.item()) * 0.25
assert np.all(nabla_W2 == 0)                          # a^1 = 0: W^2 does not move on the first step
assert np.all(delta_1 != 0) and np.count_nonzero(nabla_W1) > 0
assert np.linalg.matrix_rank(nabla_W1) == 1           # rows: multiples w^2_j δ^2 of the same xᵀ

# %% [markdown]
# ## 5. Training and testing
#
# Now train on all 3,000 training reviews with per-example updates (`batch_size=1`) at the learning rate
# $\eta = 0.01$ used above, for ten passes. `fit` visits the reviews in a fresh random order in each pass; apart from the order,
# this is the update checked above.

# %%
sentiment = nnlib.Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)
sentiment.weights = [start_0_1.T.copy(), start_1_2.T.copy()]
history = sentiment.fit(X_train, Y_train, epochs=10, batch_size=1, eta=learning_rate,
                        validation=(X_test, Y_test), seed=0)
accuracy = sentiment.evaluate(X_test, labels_test)
accuracy_clean = sentiment.evaluate(X_test, clean_test)
print(f"test accuracy {accuracy:.3f} against the (noisy) labels, {accuracy_clean:.3f} against the labels before the flips")
print(f"flipped test labels: {flipped[test_idx].mean():.1%}")
assert accuracy > 0.85 and accuracy_clean > accuracy

# %%
nnlib.plot.loss_curves(history, title="Sentiment network: per-example SGD, η = 0.01")
plt.show()

# %% [markdown]
# About nine reviews in ten are right, and more against the clean labels: some of the "errors" are reviews whose
# label the generator flipped. Of the reviews that are wrong even against the clean labels, most contain a
# negation, although few reviews do; section 6 explains why.

# %%
wrong = sentiment.predict(X_test) != clean_test
has_negation = np.array([bool({"not", "never"} & set(data.tokenize(text))) for text in texts_test])
print(f"reviews with 'not' or 'never': {has_negation.mean():.0%} of the test set, "
      f"{has_negation[wrong].mean():.0%} of the {wrong.sum()} reviews wrong against the clean labels")
assert has_negation[wrong].mean() > 0.75 > 3 * has_negation.mean()

# %% [markdown]
# ## 6. What the network learned
#
# The hidden layer is linear, so the whole network computes
#
# $$z^2 = W^2 W^1 x = v^{\mathsf T} x = \sum_i v_i\,x_i, \qquad v^{\mathsf T} = W^2 W^1 \in \mathbb{R}^{1 \times n_0}.$$
#
# Every occurrence of word $i$ adds exactly $v_i$ to the output's weighted input, whatever the other words are.
# Equivalently, row $i$ of `weights_0_1` is the word's 10-dimensional hidden vector, and projecting it onto the
# output weights `weights_1_2` gives $v_i$. So the ten hidden units add nothing to what the network can compute, which is a single weight per
# word: everything it learns is in the vector $v$.

# %%
W1, W2 = sentiment.weights
v = (W2 @ W1).ravel()                                   # (n_0,): one weight per word
zs, _ = sentiment.forward(X_test)
assert nnlib.rel_error(zs[-1][0], v @ X_test) < 1e-12      # z^2 = vᵀx, for every test review
assert np.allclose(v, W1.T @ W2.ravel())                 # the same: hidden vectors projected on the output weights

order = np.argsort(v)
top = np.concatenate([order[:10], order[-10:]])
nnlib.plot.ranked_bars([bow.vocabulary[i] for i in top], v[top], xlabel="word weight $v_i$ (added to $z^2$ per occurrence)",
                       title="The 10 most negative and the 10 most positive words")
plt.show()

# %%
words = data.REVIEW_WORDS
positive = set(words["positive_strong"] + words["positive_mild"] + words["verbs_positive"])
negative = set(words["negative_strong"] + words["negative_mild"] + words["verbs_negative"])
assert {bow.vocabulary[i] for i in order[-10:]} <= positive
assert {bow.vocabulary[i] for i in order[:10]} <= negative
strong = [bow.index[w] for w in words["positive_strong"] + words["negative_strong"]]
nouns = [bow.index[w] for w in words["nouns"]]
print(f"smallest |v| of a strong sentiment word: {np.abs(v[strong]).min():.2f};  largest |v| of a noun: {np.abs(v[nouns]).max():.2f}")
assert np.abs(v[strong]).min() > np.abs(v[nouns]).max()
print("v of the negators:", {w: round(float(v[bow.index[w]]), 2) for w in words["negators"]})

# %% [markdown]
# The ten most positive and the ten most negative words all carry sentiment in the generator's vocabulary, and
# every strong sentiment word outweighs every noun.
#
# **Negation is out of reach.** Take two reviews that differ in one word, "the plot was not good" and "the plot
# was not bad". Their weighted inputs differ by exactly $v_{\text{good}} - v_{\text{bad}}$. The network has
# learned $v_{\text{good}} > 0 > v_{\text{bad}}$, as it must to get "the plot was good" and "the plot was bad"
# right. So "not good" always scores *higher* than "not bad", and the network cannot call the first negative and
# the second positive. Whatever weight "not" gets, at least one of the two is wrong. No bag-of-words model with
# one weight per word, with or without a bias, can do better: the count vectors satisfy
# $x_{\text{not good}} - x_{\text{not bad}} = x_{\text{good}} - x_{\text{bad}}$, so for any weights the two
# differences of weighted inputs are equal, and the cell checks that identity. It would need word pairs (bigrams) or a model that reads the words in order.

# %%
probes = ["the plot was good", "the plot was bad", "the plot was not good", "the plot was not bad"]
z_probe = v @ bow.transform(probes)
for text, z in zip(probes, z_probe):
    print(f"{text:24}  z^2 = {z:+.2f}  →  {'positive' if z > 0 else 'negative'}")
assert v[bow.index["good"]] > 0 > v[bow.index["bad"]]
assert np.isclose(z_probe[2] - z_probe[3], v[bow.index["good"]] - v[bow.index["bad"]])
assert not (z_probe[2] < 0 < z_probe[3])       # "not good" negative and "not bad" positive: impossible here
# For ANY weights v and bias c, z = v·x + c: the count vectors satisfy x_notgood − x_notbad = x_good − x_bad, so
# z(not good) − z(not bad) = z(good) − z(bad) > 0 whenever "good" is called positive and "bad" negative.
x_probe = bow.transform(probes)
assert np.array_equal(x_probe[:, 2] - x_probe[:, 3], x_probe[:, 0] - x_probe[:, 1])

# %% [markdown]
# ## Sources
#
# - **Seed 000**, a Chinese blog post on the `SentimentNetwork` of the sentiment-classification mini-project in
#   Udacity's *Deep Learning Nanodegree* (taught by Andrew Trask): the network, its zero first layer, its row
#   form and its per-example update. The project's corpus of movie reviews is not shipped; the reviews here are
#   generated by `nnlib.data.generate_reviews`, as section 1 describes.
#
# All seeds and works: [`SOURCES.md`](../SOURCES.md).
#
# ## Summary
#
# * The review corpus is **synthetic**: `nnlib.data.generate_reviews` builds short reviews from templates, a
#   vocabulary of sentiment and neutral words, negations and 5 % flipped labels, all from one seed.
#   `BagOfWords` turns them into count columns.
# * Seed `000`'s network (bag of words → linear hidden layer → sigmoid output, no biases) is
#   `Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)` with $W^1 = \texttt{weights\_0\_1}^{\mathsf T}$
#   and $W^2 = \texttt{weights\_1\_2}^{\mathsf T}$. Its row-vector update is BP1–BP4 transposed. Per example, the
#   learning rates are equal; for a stack of $m$ rows the seed's summed step needs $\eta_{\text{nnlib}} = m\,\eta$.
#   Both were checked to $10^{-12}$, and the update products against `sympy.diff`.
# * The zero `weights_0_1` trains because the random `weights_1_2` makes $\delta^1 = (W^2)^{\mathsf T}\delta^2$
#   nonzero. On the first step only $W^1$ moves.
# * Trained per example, the network gets about 88 % of the noisy test labels and 91 % of the clean ones right. With
#   a linear hidden layer it is a weight $v_i$ per word, $v^{\mathsf T} = W^2 W^1$. Sentiment words get the
#   largest weights, and no such weights can get both "not good" and "not bad" right.
