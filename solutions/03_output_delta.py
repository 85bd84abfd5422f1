# %% [markdown]
# # Exercise 03 · σ′ and the output-layer error δ^L
#
# You will write σ′ by hand and with SymPy, the output error BP1 for the quadratic cost, and derive the cross-entropy's δ^L symbolically (lesson 03).
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
# | 1 | `sigmoid_prime` | 2 |
# | 2 | `sigmoid_prime_symbolic` | 2 |
# | 3 | `output_delta` | 2 |
# | 4 | `cross_entropy_delta_symbolic` | 2 |
# | | **total** | **8** |

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
# ## Question 1: `sigmoid_prime` (2 points)
#
# Write $\sigma'(z)$ for the logistic function $\sigma(z) = 1/(1 + e^{-z})$, elementwise, for a number or
# an array of any shape. The tests include $|z| = 1000$, where `nnlib.sigmoid` does not overflow.
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
# ## Question 2: `sigmoid_prime_symbolic` (2 points)
#
# Now let SymPy do the calculus. The function receives the SymPy symbol `z`; build
# $\sigma(z) = 1/(1 + e^{-z})$ from `sp.exp`, differentiate it, and return $\sigma'(z)$ as an expression
# in `z`. It is graded by symbolic equivalence, so simplified or not, any equal form scores.
#
# **Allowed:** sympy (for example `sympy.diff`) and `nnlib.symbolic.sigma`, to write your result in terms of
# $\sigma$ if you like. Differentiate the $\sigma$ you build from `sp.exp`: that is the derivation this question
# asks for.

# %%
def sigmoid_prime_symbolic(z):
    """σ'(z) as a SymPy expression in the symbol z."""
    ### BEGIN SOLUTION
    sigma = 1 / (1 + sp.exp(-z))
    return sp.diff(sigma, z)
    ### END SOLUTION


# %%
check(sigmoid_prime_symbolic)

# %% [markdown]
# ## Question 3: `output_delta` (2 points)
#
# The error of the output layer, $\delta^L = \partial C/\partial z^L$, for the quadratic cost
# $C = \tfrac12\lVert a^L - y\rVert^2$ and a sigmoid output layer, $a^L = \sigma(z^L)$. The arrays hold a batch,
# one example per column.
#
# **Derive it first.** Take one output unit, $C = \tfrac12 (a - y)^2$ with $a = g(z)$, where $g$ is
# `nnlib.symbolic.g`: an activation of which SymPy knows only that its derivative is $g'$. The cell below
# lets SymPy differentiate $C$ with respect to $z$. Read `dC_dz`, and set `dC_da` to the factor that
# multiplies $g'(z)$: that factor is $\partial C/\partial a$. The same chain rule holds for every unit of the
# layer, and for $g = \sigma$; then write `output_delta`, using your `sigmoid_prime`.
#
# **Allowed:** numpy, `nnlib.sigmoid`, and your own functions from the questions above. The costs' own
# `delta` and the network's `deltas` and `backprop` compute this answer, so they are not available in this
# exercise.

# %%
from nnlib.symbolic import equal, g, g_prime

z, y = sp.symbols("z y")
a = g(z)                           # a generic activation: SymPy knows only dg/dz = g'(z)
C = (a - y) ** 2 / 2
dC_dz = sp.diff(C, z)
dC_dz

# %%
### BEGIN SOLUTION
dC_da = a - y                      # the factor in front of g'(z) in dC_dz
### END SOLUTION
assert not dC_da.has(g_prime(z)), "dC_da is the factor in front of g'(z), without g'"
assert equal(dC_dz, dC_da * g_prime(z))
dC_da


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
# ## Question 4: `cross_entropy_delta_symbolic` (2 points)
#
# For one sigmoid output unit with the cross-entropy cost
# $C = -\left[y \ln a + (1 - y) \ln(1 - a)\right]$, $a = \sigma(z)$, return
# $\delta = \partial C / \partial z$ as a SymPy expression in the symbols `z` and `y`. Differentiate with
# SymPy, then look at what is left of $\sigma'$ (`sp.simplify` helps you see it; the grader does not
# need it).
#
# **Allowed:** sympy (for example `sympy.diff`) and `nnlib.symbolic.sigma`.

# %%
def cross_entropy_delta_symbolic(z, y):
    """∂C/∂z for the cross-entropy of one sigmoid unit, as a SymPy expression in z and y."""
    ### BEGIN SOLUTION
    a = 1 / (1 + sp.exp(-z))
    C = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    return sp.simplify(sp.diff(C, z))
    ### END SOLUTION


# %%
check(cross_entropy_delta_symbolic)
