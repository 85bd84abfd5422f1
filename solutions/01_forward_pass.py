# %% [markdown]
# # Exercise 01 · The forward pass
#
# You will fold a layer's biases into its weight matrix as seed 001 does, then write the forward pass of a sigmoid network for a batch of examples as columns (lesson 01).
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
# | 1 | `with_bias_unit` | 2 |
# | 2 | `feedforward` | 4 |
# | | **total** | **6** |

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
# ## Question 1: `with_bias_unit` (2 points)
#
# Seed 001 gives the inputs of a layer a **bias unit** $x_0 = 1$ on top of the input column and keeps the
# biases inside the weight matrix, one extra column of weights (lesson 01, section 4). Given a layer's
# $W$ of shape $(n_l, n_{l-1})$ and its biases $b$ of shape $(n_l, 1)$, return the matrix $w$ of shape
# $(n_l, 1 + n_{l-1})$ that computes the same weighted inputs from the extended column:
#
# $$w \begin{bmatrix} 1 \\ a \end{bmatrix} = W a + b \quad\text{for every column } a \text{ of length } n_{l-1}.$$
#
# **Allowed:** numpy.

# %%
def with_bias_unit(W, b):
    """The weights of one layer for an input with the bias unit x_0 = 1 on top (lesson 01, section 4).

    Parameters
    ----------
    W : array, shape (n_l, n_{l-1})    the layer's weights
    b : array, shape (n_l, 1)          the layer's biases

    Returns
    -------
    array, shape (n_l, 1 + n_{l-1})
    """
    ### BEGIN SOLUTION
    return np.hstack([b, W])      # the weights on x_0 = 1 are the biases: column 0
    ### END SOLUTION


# %%
check(with_bias_unit)


# %% [markdown]
# ## Question 2: `feedforward` (4 points)
#
# The forward pass of a network whose layers all use the sigmoid, for a whole batch at once. `weights[l-1]`
# is $W^l$ of shape $(n_l, n_{l-1})$, `biases[l-1]` is $b^l$ of shape $(n_l, 1)$, and `X` holds $m$ examples,
# **one per column**, shape $(n_0, m)$. Return the network's output $a^L$ for every example: shape
# $(n_L, m)$, column $k$ for example $k$. The layer rule is lesson 01's, section 2; section 5 lists the shape
# of every array on the way.
#
# **Allowed:** numpy and `nnlib.sigmoid`. `nnlib.Network`'s own forward pass (`feedforward`, `forward`) is
# the answer to this question, so it is not available in this exercise.
#
# The tests include a single example ($m = 1$), networks with more than one hidden layer, and a network in
# which every matrix is square, where a product in the wrong order or a bias added the wrong way round
# raises no error: only the numbers give it away.

# %%
def feedforward(weights, biases, X):
    """The output a^L of a sigmoid network for a batch of columns (lesson 01).

    Parameters
    ----------
    weights : list of L arrays, weights[l-1] of shape (n_l, n_{l-1})
    biases : list of L arrays, biases[l-1] of shape (n_l, 1)
    X : array, shape (n_0, m)    one example per column

    Returns
    -------
    array, shape (n_L, m)
    """
    ### BEGIN SOLUTION
    a = X                                  # a^0 = x: the input layer has no activation
    for W, b in zip(weights, biases):
        a = nnlib.sigmoid(W @ a + b)       # (n_l, n_{l-1}) @ (n_{l-1}, m) + (n_l, 1) -> (n_l, m)
    return a
    ### END SOLUTION


# %%
check(feedforward)
