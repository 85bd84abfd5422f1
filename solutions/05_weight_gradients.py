# %% [markdown]
# # Exercise 05 · Weight and bias gradients, and the whole backward pass
#
# You will write BP3 and BP4 for a batch, then put BP1–BP4 together into `backprop` (lessons 03–05).
#
# **How to work.** Each question asks for one function (or class). Write your code where it says
# `# YOUR CODE HERE`, replacing the line `raise NotImplementedError(...)`, run the cell, then run the
# `check(...)` cell under it. `check` runs the public tests and tells you which passed, what went in, what
# was expected and what came back; if your answer behaves like a classic mistake, it names the mistake and
# the lesson section to reread. It never shows the answer.
#
# **How it is graded.** Your instructor's grader runs your notebook top to bottom in a fresh kernel, then
# calls your functions on *hidden* inputs and compares the results outside your notebook. So keep the
# names and signatures exactly as given and keep your functions general (any shape, any batch size).
# Each question says which helpers your answer may use. The parts of `nnlib` that *are* the answer to a
# question are not available in this exercise: an answer that calls them fails, in `check` and
# in the grader alike.
#
# | question | you write | points |
# |---|---|---|
# | 1 | `sigmoid_prime` | 1 |
# | 2 | `output_delta` | 1 |
# | 3 | `hidden_delta` | 1 |
# | 4 | `weight_gradient` | 2 |
# | 5 | `bias_gradient` | 2 |
# | 6 | `backprop` | 4 |
# | | **total** | **11** |

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
# The graded questions use `check`, and nothing else from the grader:

# %%
from nnlib.grading import check


# %% [markdown]
# ## Question 1: `sigmoid_prime` (1 point)
#
# Copy your `sigmoid_prime` from exercise 03: the later questions use it.
#
# **Allowed:** numpy and `nnlib.sigmoid`. nnlib's own σ′ (`nnlib.sigmoid_prime`, `Sigmoid.prime`) and every nnlib function that computes a δ or a
# gradient are answers of this exercise, so they are not available in it.

# %%
def sigmoid_prime(z):
    """σ'(z), elementwise, for a number or an array z of any shape (lesson 03)."""
    ### BEGIN SOLUTION
    s = nnlib.sigmoid(z)
    return s * (1 - s)
    ### END SOLUTION


# %%
check(sigmoid_prime)


# %% [markdown]
# ## Question 2: `output_delta` (1 point)
#
# Copy your `output_delta` from exercise 03: the later questions use it.
#
# **Allowed:** numpy, `nnlib.sigmoid`, and your own functions from the questions above.

# %%
def output_delta(a, y, z):
    """BP1 for the quadratic cost and a sigmoid output layer.

    Parameters
    ----------
    a : array, shape (n_L, m)    the output activations, a = σ(z)
    y : array, shape (n_L, m)    the targets
    z : array, shape (n_L, m)    the weighted inputs of the output layer

    Returns
    -------
    delta : array, shape (n_L, m)
    """
    ### BEGIN SOLUTION
    return (a - y) * sigmoid_prime(z)
    ### END SOLUTION


# %%
check(output_delta)


# %% [markdown]
# ## Question 3: `hidden_delta` (1 point)
#
# Copy your `hidden_delta` from exercise 04: the later questions use it.
#
# **Allowed:** numpy, `nnlib.sigmoid`, and your own functions from the questions above.

# %%
def hidden_delta(W_next, delta_next, z):
    """BP2 with a sigmoid: the error δ^l of a hidden layer from the error of the layer after it.

    Parameters
    ----------
    W_next : array, shape (n_{l+1}, n_l)        W^{l+1}, the weights of the next layer
    delta_next : array, shape (n_{l+1}, m)      δ^{l+1}
    z : array, shape (n_l, m)                   z^l, this layer's weighted inputs

    Returns
    -------
    delta : array, shape (n_l, m)
    """
    ### BEGIN SOLUTION
    return (W_next.T @ delta_next) * sigmoid_prime(z)
    ### END SOLUTION


# %%
check(hidden_delta)


# %% [markdown]
# ## Question 4: `weight_gradient` (2 points)
#
# BP4 averaged over a batch of $m$ examples: the gradient of the mean cost with respect to $W^l$,
# from $\delta^l$ and the previous layer's activations $a^{l-1}$. It has the shape of $W^l$.
#
# **Allowed:** numpy. The network's `backprop` computes this answer, so it is not available in this exercise.

# %%
def weight_gradient(delta, a_prev):
    """∂J/∂W^l for the mean cost over the batch (BP4, lesson 05).

    Parameters
    ----------
    delta : array, shape (n_l, m)          δ^l, one column per example
    a_prev : array, shape (n_{l-1}, m)     a^{l-1}

    Returns
    -------
    array, shape (n_l, n_{l-1})
    """
    ### BEGIN SOLUTION
    m = delta.shape[1]
    return delta @ a_prev.T / m
    ### END SOLUTION


# %%
check(weight_gradient)


# %% [markdown]
# ## Question 5: `bias_gradient` (2 points)
#
# BP3 averaged over the batch: the gradient of the mean cost with respect to $b^l$. It has the shape of
# $b^l$, a column.
#
# **Allowed:** numpy, as in question 4.

# %%
def bias_gradient(delta):
    """∂J/∂b^l for the mean cost over the batch (BP3, lesson 05).

    Parameters
    ----------
    delta : array, shape (n_l, m)

    Returns
    -------
    array, shape (n_l, 1)
    """
    ### BEGIN SOLUTION
    return delta.mean(axis=1, keepdims=True)
    ### END SOLUTION


# %%
check(bias_gradient)


# %% [markdown]
# ## Question 6: `backprop` (4 points)
#
# The whole backward pass for an `nnlib.Network` with sigmoid layers and the quadratic cost: return
# `(nabla_b, nabla_w)`, the gradient of the mean cost, in the order and shapes of
# `nnlib.Network.backprop` (`nabla_w[l-1]` is $\partial J/\partial W^l$). Use your functions above, and
# `net.forward(X)` for the forward pass (it returns `zs` and `activations`, with `zs[l-1]` $= z^l$ and
# `activations[l]` $= a^l$).
#
# **Allowed:** numpy, `nnlib.sigmoid`, `net.forward` and `net.feedforward`, and your own functions from the
# questions above. `net.backprop`, `net.deltas` and nnlib's σ′ compute this answer, so they are not available in
# this exercise.

# %%
def backprop(net, X, Y):
    """(nabla_b, nabla_w), the gradient of the mean quadratic cost of net on the batch (X, Y).

    Parameters
    ----------
    net : nnlib.Network     sigmoid layers, quadratic cost
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m)

    Returns
    -------
    nabla_b : list of arrays, shapes (n_l, 1)
    nabla_w : list of arrays, shapes (n_l, n_{l-1})
    """
    ### BEGIN SOLUTION
    zs, activations = net.forward(X)
    L = len(net.weights)
    nabla_b, nabla_w = [None] * L, [None] * L
    delta = output_delta(activations[L], Y, zs[L - 1])                 # BP1
    for l in range(L, 0, -1):
        if l < L:
            delta = hidden_delta(net.weights[l], delta, zs[l - 1])       # BP2: W^{l+1} is weights[l]
        nabla_b[l - 1] = bias_gradient(delta)                             # BP3
        nabla_w[l - 1] = weight_gradient(delta, activations[l - 1])       # BP4
    return nabla_b, nabla_w
    ### END SOLUTION


# %%
check(backprop)
