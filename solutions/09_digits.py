# %% [markdown]
# # Exercise 09 · Train a digit classifier
#
# You will train a network on real handwritten digits to a stated test accuracy (lesson 09).
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
# | 1 | `train_digits` | 3 |
# | | **total** | **3** |

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
# The data: scikit-learn's 8×8 handwritten digits, pixels scaled to [0, 1], one example per
# column, split with a fixed seed (lesson 09).

# %%
X_train, labels_train, X_test, labels_test = nnlib.data.load_digits()
print("X_train", X_train.shape, "labels_train", labels_train.shape)
print("X_test ", X_test.shape, "labels_test ", labels_test.shape)


# %% [markdown]
# ## Question 1: `train_digits` (3 points)
#
# Train a network on `(X_train, labels_train)` and return it: an `nnlib.Network` with 64 inputs and
# 10 outputs (any hidden layers and activations). `check` trains it on the split above and measures the
# returned network on the held-out test digits. The grader calls your function on **its own** training split
# and measures the network on digits your function never saw: 1 point each for a test accuracy of at
# least 80%, 90% and 93%. Train only on what the function receives (loading data inside it is
# flagged), seed your network and `fit`, and keep the training under about 30 seconds.
#
# **Allowed:** `nnlib.Network` with its `fit` and `evaluate`, `nnlib.data.one_hot`, and numpy. Loading or
# splitting the digits inside your function (`nnlib.data.load_digits`, `split`, scikit-learn) is not
# available in this exercise.

# %%
def train_digits(X_train, labels_train):
    """Train and return an nnlib.Network (64 inputs, 10 outputs) on the given digits.

    Parameters
    ----------
    X_train : array, shape (64, m)      pixels in [0, 1], one digit per column
    labels_train : int array, shape (m,)

    Returns
    -------
    nnlib.Network
    """
    ### BEGIN SOLUTION
    Y_train = nnlib.data.one_hot(labels_train, 10)
    net = nnlib.Network([64, 30, 10], seed=1)
    net.fit(X_train, Y_train, epochs=20, batch_size=10, eta=3.0, seed=2)
    return net
    ### END SOLUTION


# %%
check(train_digits)
