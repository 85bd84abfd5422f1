# %% [markdown]
# # Exercise 04 · The recursive δ rule (BP2)
#
# You will write BP2, which carries the error of one layer back to the layer before it (lesson 04).
#
# **How to work.** Each question asks for one function (or class). Write your code where it says
# `# YOUR CODE HERE`, replacing the line `raise NotImplementedError(...)`, run the cell, then run the
# `check(...)` cell under it. `check` runs the public tests and tells you which passed, what went in, what
# was expected and what came back; if your answer behaves like a classic mistake, it names the mistake and
# the lesson section to reread. It never shows the answer.
#
# **Derive, then implement.** Where a question starts with a derivation, do it first: complete its cell until
# the cell's `assert` passes, then write the function.
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
# | 2 | `hidden_delta` | 3 |
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
# ## Question 2: `hidden_delta` (3 points)
#
# The error of a hidden sigmoid layer, $\delta^l = \partial C/\partial z^l$, from the error $\delta^{l+1}$ of the
# layer after it, for a batch (one column per example). Lesson 04 derives the rule; derive it again here,
# on a small network, before you write it.
#
# **Derive it first.** The next cell builds a layer $l$ of 3 units followed by a layer $l+1$ of 2 units, with
# weights $W^{l+1}$ (`W2`, shape $(2, 3)$), a generic activation $g$ (`nnlib.symbolic.g`, of which SymPy
# knows only that its derivative is $g'$) and the quadratic cost. SymPy computes $\delta^{l+1}$ (`delta2`)
# and, the long way with `sp.diff`, $\delta^l$ (`delta1`); it shows the first entry of $\delta^l$. Which
# entries of `W2` and of `delta2` appear in it, and what multiplies them? In the cell after it, write
# `delta1_rule`: the whole column $\delta^l$ as one matrix expression in `W2`, `delta2` and `z1`, without
# `sp.diff` (`A.T` is a transpose, `A * B` a matrix product, `hadamard(A, B)` the elementwise product and
# `z1.applyfunc(g_prime)` the column of the $g'(z^l_k)$), until its assert passes.
#
# Then write `hidden_delta` for the sigmoid, in numpy. Mind the shapes in the docstring: the tests use layers
# of different widths, so a transpose in the wrong place shows.
#
# **Allowed:** numpy, `nnlib.sigmoid`, and your own functions from the questions above. nnlib's δ code
# (`Sigmoid.backward`, the network's `deltas` and `backprop`) and `nnlib.symbolic.SymbolicNetwork` compute
# this answer, so they are not available in this exercise.

# %%
from nnlib.symbolic import g, g_prime, hadamard, symbol

n1, n2 = 3, 2                                     # layer l has 3 units, layer l+1 has 2
W2 = sp.Matrix(n2, n1, lambda j, k: symbol("w", 2, f"{j + 1}{k + 1}"))    # W^{l+1}, shape (2, 3)
b2 = sp.Matrix(n2, 1, lambda j, _: symbol("b", 2, j + 1))
z1 = sp.Matrix(n1, 1, lambda k, _: symbol("z", 1, k + 1))                # z^l
z2 = sp.Matrix(n2, 1, lambda j, _: symbol("z", 2, j + 1))                # names for the entries of z^{l+1}
y = sp.Matrix(n2, 1, lambda j, _: symbol("y", None, j + 1))
C = sum((g(z2[j]) - y[j]) ** 2 for j in range(n2)) / 2                 # quadratic cost of a^{l+1} = g(z^{l+1})
delta2 = sp.Matrix([sp.diff(C, z2[j]) for j in range(n2)])              # δ^{l+1} = ∂C/∂z^{l+1}
forward = dict(zip(z2, W2 * z1.applyfunc(g) + b2))                       # z^{l+1} = W^{l+1} g(z^l) + b^{l+1}
delta1 = sp.Matrix([sp.diff(C.subs(forward), z1[k]) for k in range(n1)])    # δ^l = ∂C/∂z^l, the long way
delta1_short = delta1.subs({v: k for k, v in forward.items()})          # the same, written with z^{l+1}
delta1_short[0]

# %%
### BEGIN SOLUTION
delta1_rule = hadamard(W2.T * delta2, z1.applyfunc(g_prime))
### END SOLUTION
assert delta1_rule.shape == (n1, 1)
assert sp.expand(delta1_rule - delta1_short) == sp.zeros(n1, 1)
delta1_rule


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
