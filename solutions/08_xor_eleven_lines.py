# %% [markdown]
# # Exercise 08 · XOR in eleven lines
#
# You will translate one step of seed 002's eleven-line XOR program from its rows into the course's columns, then replay its training and reproduce the errors it printed (lesson 08).
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
# | 1 | `xor_step` | 3 |
# | 2 | `xor_errors` | 3 |
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
# ## Question 1: `xor_step` (3 points)
#
# The program keeps its weights in **row form**: `syn0` of shape $(n_0, n_1)$ and `syn1` of shape
# $(n_1, n_2)$, with examples as rows, and one iteration of its loop is
#
# ```
# k1 = nonlin(k0 @ syn0);  k2 = nonlin(k1 @ syn1)
# k2_delta = (y - k2) * nonlin(k2, deriv=True)      # nonlin(k, deriv=True) returns k*(1-k)
# k1_delta = (k2_delta @ syn1.T) * nonlin(k1, deriv=True)
# syn1 += k1.T @ k2_delta;  syn0 += k0.T @ k1_delta
# ```
#
# where `nonlin` is the sigmoid and there are no biases. Write **the same step in the course's column form**:
# given the program's matrices `syn0`, `syn1` and a batch `X` $(n_0, m)$, `Y` $(n_2, m)$ with one example per
# column, return `(W1, W2)`: the course's $W^1$ and $W^2$ after one iteration of the program, in the
# course's shapes $(n_1, n_0)$ and $(n_2, n_1)$. The weights after the step must be exactly the program's,
# transposed. Lesson 08, sections 3 and 4, translate each line.
#
# **Allowed:** numpy and `nnlib.sigmoid`. `nnlib.Network`'s training step (`update_mini_batch`, `fit`) and
# its gradient (`backprop`, `deltas`) give this step with the right learning rate, so they are not available in this exercise.

# %% [markdown]
# Both questions use the program's data in the course's layout: `nnlib.data.xor()` returns the four XOR
# examples as **columns**, `X` of shape $(3, 4)$ with the constant input 1 in the third row, and the targets
# `Y` of shape $(1, 4)$. The program's own matrices are drawn with numpy's legacy generator (lesson 08,
# section 2):

# %%
X, Y = nnlib.data.xor()                             # (3, 4) and (1, 4): one example per column
legacy = np.random.RandomState(1)                   # the program's np.random.seed(1)
syn0 = 2 * legacy.random_sample((3, 4)) - 1         # the program's first matrix, row form (3, 4)
syn1 = 2 * legacy.random_sample((4, 1)) - 1         # the program's second matrix, row form (4, 1)
published = [0.496410031903, 0.00858452565325, 0.00578945986251,
             0.00462917677677, 0.00395876528027, 0.00351012256786]
print("X =", X, "Y =", Y, sep="\n")


# %%
def xor_step(syn0, syn1, X, Y):
    """One iteration of the eleven-line program, written with examples as columns (lesson 08).

    Parameters
    ----------
    syn0 : array, shape (n_0, n_1)    the program's first matrix (row form)
    syn1 : array, shape (n_1, n_2)    the program's second matrix (row form)
    X : array, shape (n_0, m)         one example per column
    Y : array, shape (n_2, m)

    Returns
    -------
    (W1, W2) : arrays of shapes (n_1, n_0) and (n_2, n_1), the course's W^1 and W^2 after the step
    """
    ### BEGIN SOLUTION
    W1, W2 = syn0.T, syn1.T                              # the course's W^l is the transpose of the program's matrix
    a1 = nnlib.sigmoid(W1 @ X)                           # (n_1, m)
    a2 = nnlib.sigmoid(W2 @ a1)                          # (n_2, m)
    delta2 = (a2 - Y) * a2 * (1 - a2)                    # BP1, σ' from the output: minus the program's k2_delta
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)             # BP2
    return W1 - delta1 @ X.T, W2 - delta2 @ a1.T         # BP4 summed over the batch, with a step of 1
    ### END SOLUTION


# %%
check(xor_step)


# %% [markdown]
# ## Question 2: `xor_errors` (3 points)
#
# Now replay the program's training: start from its matrices `syn0`, `syn1` (row form), take `iterations`
# steps on the batch `X`, `Y`, and return the errors the program **prints**: at every iteration that is a
# multiple of `report_every` (0 included), *before* that iteration's step, the mean over all entries of
# $\lvert y - a^2\rvert$. Return them as a 1-D array, in order. `iterations` and `report_every` are plain
# integers.
#
# With the seed's matrices (cell above), `xor_errors(syn0, syn1, X, Y, 60_000, 10_000)` must print the six
# numbers of the program, to all twelve digits; the first public test checks the first two.
#
# **Allowed:** numpy, `nnlib.sigmoid` and your `xor_step` (mind which form it takes and which it returns).

# %%
def xor_errors(syn0, syn1, X, Y, iterations, report_every):
    """The mean absolute errors that the eleven-line program prints while it trains (lesson 08).

    Parameters
    ----------
    syn0, syn1 : arrays, shapes (n_0, n_1) and (n_1, n_2)    the program's starting matrices (row form)
    X : array, shape (n_0, m)
    Y : array, shape (n_2, m)
    iterations : int          how many steps to take
    report_every : int        report before every step whose number is a multiple of this

    Returns
    -------
    array, shape (number of reports,)
    """
    ### BEGIN SOLUTION
    errors = []
    for step in range(iterations):
        if step % report_every == 0:
            W1, W2 = syn0.T, syn1.T
            errors.append(np.mean(np.abs(Y - nnlib.sigmoid(W2 @ nnlib.sigmoid(W1 @ X)))))
        W1, W2 = xor_step(syn0, syn1, X, Y)
        syn0, syn1 = W1.T, W2.T                          # back to the program's form for the next step
    return np.array(errors)
    ### END SOLUTION


# %%
check(xor_errors)

# %% [markdown]
# Once `xor_errors` passes, replay the whole run of the program and compare your reports with its printout,
# digit by digit (Python 2 printed 12 significant digits). This takes a few seconds.

# %%
try:
    replay = xor_errors(syn0, syn1, X, Y, 60_000, 10_000)
except NotImplementedError:
    print("write xor_errors first, then run this cell again")
else:
    for it, ours, theirs in zip(range(0, 60_000, 10_000), replay, published):
        same = f"{ours:.12g}" == f"{theirs:.12g}"
        print(f"iteration {it:>6}: yours {ours:.12g}   printed {theirs:.12g}   {'the same digits' if same else 'DIFFERENT'}")
