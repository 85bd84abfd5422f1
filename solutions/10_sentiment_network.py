# %% [markdown]
# # Exercise 10 · The sentiment network
#
# You will write seed 000's per-example update of its sentiment network in the seed's own row form, and make it take exactly the step that `nnlib` takes in column form (lesson 10).
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
# | 1 | `row_step` | 4 |
# | | **total** | **4** |

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
# ## Question 1: `row_step` (4 points)
#
# Seed 000's sentiment network reads a review as a bag-of-words **row** `layer_0` of shape $(1, n_0)$
# (word counts), has a **linear** hidden layer of $n_1$ units and one **sigmoid** output unit, no biases,
# and stores its weights in row form: `weights_0_1` of shape $(n_0, n_1)$ and `weights_1_2` of shape
# $(n_1, 1)$. Its forward pass is
#
# $$\texttt{layer\_1} = \texttt{layer\_0}\;\texttt{weights\_0\_1}, \qquad
#   \texttt{layer\_2} = \sigma(\texttt{layer\_1}\;\texttt{weights\_1\_2}),$$
#
# and it learns by gradient descent on the quadratic cost $C = \tfrac12(\texttt{layer\_2} - t)^2$ of each
# review, with learning rate $\eta$ (lesson 10, section 2).
#
# Write the seed's update **in its own row form**: given `layer_0` (one review, or a stack of $k$ reviews as
# rows, shape $(k, n_0)$), the targets `target` $(k, 1)$ of 0s and 1s, the two weight matrices and
# `learning_rate` (a plain number), return the new `(weights_0_1, weights_1_2)`, in their row-form shapes.
# For a stack, the step uses the gradients of the $k$ reviews **summed**, as the seed's matrix products do.
#
# Your step must equal one `nnlib` step of the same network in column form (lesson 10, section 3): the
# public tests compare it with `update_mini_batch` on $W^1 = \texttt{weights\_0\_1}^{\mathsf T}$,
# $W^2 = \texttt{weights\_1\_2}^{\mathsf T}$.
#
# **Allowed:** numpy and `nnlib.sigmoid`. `nnlib.Network`'s training step (`update_mini_batch`, `fit`) and
# its gradient (`backprop`, `deltas`) are the answer in column form, so they are not available in this exercise.

# %%
def row_step(layer_0, target, weights_0_1, weights_1_2, learning_rate):
    """One gradient step of seed 000's sentiment network, in its row form (lesson 10).

    Parameters
    ----------
    layer_0 : array, shape (k, n_0)          one review per row (word counts)
    target : array, shape (k, 1)             0 (negative) or 1 (positive) per review
    weights_0_1 : array, shape (n_0, n_1)    input -> linear hidden layer
    weights_1_2 : array, shape (n_1, 1)      hidden layer -> sigmoid output
    learning_rate : float

    Returns
    -------
    (weights_0_1, weights_1_2) : new arrays of shapes (n_0, n_1) and (n_1, 1)
    """
    ### BEGIN SOLUTION
    layer_1 = layer_0 @ weights_0_1                                   # (k, n_1): linear, no σ
    layer_2 = nnlib.sigmoid(layer_1 @ weights_1_2)                    # (k, 1)
    layer_2_delta = (layer_2 - target) * layer_2 * (1 - layer_2)      # (k, 1): (δ²)ᵀ, σ' from the output
    layer_1_delta = layer_2_delta @ weights_1_2.T                     # (k, n_1): (δ¹)ᵀ, slope 1 in a linear layer
    return (weights_0_1 - learning_rate * (layer_0.T @ layer_1_delta),     # (n_0, n_1), summed over the rows
            weights_1_2 - learning_rate * (layer_1.T @ layer_2_delta))     # (n_1, 1)
    ### END SOLUTION


# %%
check(row_step)
