# %% [markdown]
# # Exercise 11 · Beyond the sigmoid
#
# You will write a softmax that never overflows, derive with SymPy the output error of a softmax layer with the cross-entropy, write the ReLU backward pass with its kink, and add the L2 term to a layer's gradient (lesson 11).
#
# **How to work.** Each question asks for one function. Write your code where it says
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
# | 1 | `softmax` | 2 |
# | 2 | `softmax_ce_delta_symbolic` | 2 |
# | 3 | `relu_backward` | 2 |
# | 4 | `l2_gradient` | 3 |
# | | **total** | **9** |

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
# ## Question 1: `softmax` (2 points)
#
# The softmax of an output layer, for a batch with **one example per column**: for each column $z$ of
# `z` (shape $(n, m)$),
#
# $$a_j = \frac{e^{z_j}}{\sum_k e^{z_k}} .$$
#
# Return `a`, the same shape as `z`; each column of `a` is positive and sums to 1. The tests include entries
# of size 1000, where `np.exp` alone overflows: your function must still return finite probabilities there,
# without warnings. (Hint: what happens to $a$ when the same number is added to every entry of a column?)
#
# **Allowed:** numpy. `nnlib.activations.Softmax` is the answer, so it is not available in this exercise.

# %%
def softmax(z):
    """The softmax of each column of z (lesson 11, section 3).

    Parameters
    ----------
    z : array, shape (n, m)    weighted inputs of the output layer, one column per example

    Returns
    -------
    array, shape (n, m)        each column positive, summing to 1
    """
    ### BEGIN SOLUTION
    e = np.exp(z - z.max(axis=0, keepdims=True))   # (n, m); every exponent ≤ 0: no overflow
    return e / e.sum(axis=0, keepdims=True)         # (n, m) / (1, m)
    ### END SOLUTION


# %%
check(softmax)


# %% [markdown]
# ## Question 2: `softmax_ce_delta_symbolic` (2 points)
#
# Derive $\delta_1 = \partial C/\partial z_1$ for a softmax output layer of **three** units with the
# cross-entropy cost
#
# $$C = -\sum_{j=1}^{3} y_j \ln a_j, \qquad a_j = \frac{e^{z_j}}{e^{z_1} + e^{z_2} + e^{z_3}},$$
#
# for a target whose entries sum to one, $y_3 = 1 - y_1 - y_2$ (a one-hot $y$, for example). The function
# receives the SymPy symbols `z1, z2, z3, y1, y2`. Build $a$ and $C$ from `sp.exp` and `sp.log`, let SymPy
# differentiate, and return $\partial C/\partial z_1$ as an expression in those five symbols. Simplify it
# (`sp.simplify`) and look at what is left: that is the whole point of pairing softmax with this cost. It
# is graded by equivalence, so any equal form scores.
#
# **Allowed:** sympy.

# %%
def softmax_ce_delta_symbolic(z1, z2, z3, y1, y2):
    """∂C/∂z_1 for a softmax output of three units with the cross-entropy, y_3 = 1 − y_1 − y_2, in SymPy."""
    ### BEGIN SOLUTION
    zs, ys = [z1, z2, z3], [y1, y2, 1 - y1 - y2]
    total = sum(sp.exp(z) for z in zs)
    a = [sp.exp(z) / total for z in zs]
    C = -sum(y * sp.log(a_j) for y, a_j in zip(ys, a))
    return sp.simplify(sp.diff(C, z1))
    ### END SOLUTION


# %%
check(softmax_ce_delta_symbolic)


# %% [markdown]
# ## Question 3: `relu_backward` (2 points)
#
# The backward pass through a layer of ReLU units, $a = \max(0, z)$ elementwise: given `dout`
# $= \partial C/\partial a$ and the layer's weighted inputs `z` (both of shape $(n, m)$), return
# $\partial C/\partial z$, shape $(n, m)$. ReLU has no derivative at its kink $z = 0$; use the slope **0**
# there, as `nnlib` does (lesson 11, section 1). The tests put entries of `z` exactly at 0.
#
# **Allowed:** numpy. `nnlib.activations.ReLU` is the answer, so it is not available in this exercise.

# %%
def relu_backward(dout, z):
    """∂C/∂z through a ReLU layer, from dout = ∂C/∂a (lesson 11, section 1); slope 0 at z = 0.

    Parameters
    ----------
    dout : array, shape (n, m)
    z : array, shape (n, m)

    Returns
    -------
    array, shape (n, m)
    """
    ### BEGIN SOLUTION
    return dout * (z > 0)          # the slope is 1 where z > 0, and 0 elsewhere, the kink included
    ### END SOLUTION


# %%
check(relu_backward)


# %% [markdown]
# ## Question 4: `l2_gradient` (3 points)
#
# L2 regularization adds a penalty on the weights to the mean cost of a batch of $m$ examples
# (lesson 11, section 4):
#
# $$J = \frac1m \sum_x C_x + \frac{\lambda}{2m} \sum_l \lVert W^l \rVert_F^2 .$$
#
# For one layer you are given its weights `W` $= W^l$ $(n_l, n_{l-1})$, its biases `b` $= b^l$ $(n_l, 1)$, and
# `nabla_w`, `nabla_b`: the gradient of the data term $\frac1m\sum_x C_x$ alone with respect to $W^l$ and
# $b^l$ (what backprop returns with $\lambda = 0$). `lam` is $\lambda$ and `m` the batch size, both plain
# numbers. Differentiate $J$ yourself and return `(nabla_w, nabla_b)`, the gradient of the whole $J$ with
# respect to $W^l$ and $b^l$, in the shapes of $W^l$ and $b^l$.
#
# **Allowed:** numpy. `nnlib.Network.backprop` computes this gradient for a whole network, so it is not available in this exercise.

# %%
def l2_gradient(W, b, nabla_w, nabla_b, lam, m):
    """One layer's gradient of J with the L2 penalty, from the gradient of the data term (lesson 11, section 4).

    Parameters
    ----------
    W : array, shape (n_l, n_{l-1})          the layer's weights
    b : array, shape (n_l, 1)                the layer's biases
    nabla_w : array, shape (n_l, n_{l-1})    ∂/∂W of the data term (1/m) Σ_x C_x
    nabla_b : array, shape (n_l, 1)          ∂/∂b of the data term
    lam : float                              λ
    m : int                                  the number of examples in the batch

    Returns
    -------
    (nabla_w, nabla_b) : arrays of shapes (n_l, n_{l-1}) and (n_l, 1)
    """
    ### BEGIN SOLUTION
    return nabla_w + (lam / m) * W, nabla_b.copy()     # the biases are not penalized
    ### END SOLUTION


# %%
check(l2_gradient)
