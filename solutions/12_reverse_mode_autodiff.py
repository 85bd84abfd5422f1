# %% [markdown]
# # Exercise 12 · Reverse-mode automatic differentiation
#
# You will write two backward rules of lesson 12's engine as vector-Jacobian products, the matrix product and the broadcasting addition, then a small reverse-mode engine for scalars, with its topological order and its accumulated gradients (lesson 12).
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
# question are not available in this exercise: here that is all of `nnlib.autodiff` and `nnlib.layers`,
# the engine of lessons 12 and 13. An answer that calls them fails, in `check` and in the grader alike.
#
# | question | you write | points |
# |---|---|---|
# | 1 | `matmul_backward` | 2 |
# | 2 | `add_backward` | 2 |
# | 3 | `Scalar` | 4 |
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
# ## Question 1: `matmul_backward` (2 points)
#
# A matrix-product node computes $C = AB$, with $A$ of shape $(n, k)$ and $B$ of shape $(k, m)$ (a layer's
# $W a$ is one). In a backward pass it receives $G = \partial J/\partial C$, of the shape $(n, m)$ of $C$, from
# the nodes above, and must return the vector-Jacobian products: $\partial J/\partial A$ (the shape of $A$) and
# $\partial J/\partial B$ (the shape of $B$), without ever building a Jacobian (lesson 12, “Jacobians and
# vector-Jacobian products”).
#
# Derive the rule before you code it: write one entry $C_{ij} = \sum_r A_{ir}B_{rj}$, use
# $\partial J/\partial A_{ir} = \sum_{i',j} G_{i'j}\,\partial C_{i'j}/\partial A_{ir}$, and see which sums are left.
# (A scratch cell with a $2\times3$ and a $3\times2$ matrix of SymPy symbols, as in lesson 12, confirms it.)
# Return `(dA, dB)`.
#
# **Allowed:** numpy. `nnlib.autodiff` computes this with its own backward rules, so it is not available in this exercise.

# %%
def matmul_backward(G, A, B):
    """The VJP of C = A B (lesson 12): (∂J/∂A, ∂J/∂B) from G = ∂J/∂C.

    Parameters
    ----------
    G : array, shape (n, m)    ∂J/∂C, the gradient arriving from above
    A : array, shape (n, k)
    B : array, shape (k, m)

    Returns
    -------
    (dA, dB) : arrays of shapes (n, k) and (k, m)
    """
    ### BEGIN SOLUTION
    dA = G @ B.T        # (n, m) @ (m, k): Σ_j G_ij B_rj
    dB = A.T @ G        # (k, n) @ (n, m): Σ_i A_ir G_ij
    return dA, dB
    ### END SOLUTION


# %%
check(matmul_backward)


# %% [markdown]
# ## Question 2: `add_backward` (2 points)
#
# An addition node computes `out = a + b` with numpy's broadcasting, as `nnlib.autodiff` allows it: either
# both inputs have the same number of axes and each axis of each input has the length of `out` or length 1
# (a bias column $b^l$ of shape $(n_l, 1)$ added to $W a$ of shape $(n_l, m)$; a row and a column), or `b` is
# a single number (shape `()`). Given `G` $= \partial J/\partial\,\mathrm{out}$ (the shape of `out`) and the two
# inputs `a` and `b` (only their shapes matter), return `(da, db)`: $\partial J/\partial a$ with the shape of `a`,
# and $\partial J/\partial b$ with the shape of `b`.
#
# An entry of an input that numpy stretched along an axis is *used* once for every entry along that axis.
# How many contributions does its gradient get, and how do they combine? (Lesson 12, “Every backward rule of
# the engine is a VJP that SymPy derives”, has the bias column.)
#
# **Allowed:** numpy. `nnlib.autodiff` computes this with its own backward rules, so it is not available in this exercise.

# %%
def add_backward(G, a, b):
    """The VJP of out = a + b with broadcasting (lesson 12): (∂J/∂a, ∂J/∂b) from G = ∂J/∂out.

    Parameters
    ----------
    G : array, the shape of a + b
    a : array, same number of axes as G, each of length G's or 1
    b : array, like a, or a number of shape ()

    Returns
    -------
    (da, db) : arrays of the shapes of a and b
    """
    ### BEGIN SOLUTION
    def unbroadcast(grad, shape):
        if len(shape) == 0:                            # a number was added to every entry
            return grad.sum()
        stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
        return grad.sum(axis=stretched, keepdims=True)   # one term per use, summed; the shape kept

    return unbroadcast(G, a.shape), unbroadcast(G, b.shape)
    ### END SOLUTION


# %%
check(add_backward)


# %% [markdown]
# ## Question 3: `Scalar` (4 points)
#
# Now the whole algorithm, on numbers: a reverse-mode engine in the style of lesson 12's `nnlib.autodiff`
# (and of micrograd), for **scalars**, with addition and multiplication. A `Scalar` holds a number `value`,
# a gradient `grad`, the `parents` it was computed from, and a function `_backward` that the operation which
# made it sets. `__init__` is given; write
#
# - `a + b` and `a * b` (both `Scalar`s): each returns a new `Scalar` with the result, and sets that result's
#   `_backward` to a function that passes the result's `grad` on to `a` and `b` with the chain rule;
# - `out.backward()`: afterwards, every `Scalar` that `out` was computed from holds in `.grad` the
#   derivative $\partial\,\mathrm{out}/\partial(\text{that scalar})$. It must also work when called on a fresh
#   graph, and when a value is used more than once (`x * x`, or an intermediate result used by two later
#   operations).
#
# Reread lesson 12's “`nnlib.autodiff`: a reverse-mode engine” and “Backprop as dynamic programming”: in what
# order must the nodes' `_backward` functions run, and what must a node do when it receives a gradient from
# a second use? The tests build expressions such as `(x + y) * x` from your class and compare `.value` and the
# leaves' `.grad` after `backward()`.
#
# **Allowed:** plain Python (no numpy needed). `nnlib.autodiff.Tensor` is such an engine, so it is not
# available in this exercise.

# %%
class Scalar:
    """A number that remembers how it was computed, so that gradients can flow back (lesson 12)."""

    def __init__(self, value, parents=()):
        self.value = float(value)
        self.grad = 0.0                  # ∂out/∂self after out.backward()
        self.parents = parents           # the Scalars this one was computed from
        self._backward = lambda: None    # set by the operation that made this Scalar

    def __add__(self, other):
        """self + other, and the backward rule of the sum."""
        ### BEGIN SOLUTION
        out = Scalar(self.value + other.value, (self, other))

        def backward():                  # slope 1 for both inputs; += sums over a node's uses
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out
        ### END SOLUTION

    def __mul__(self, other):
        """self * other, and the backward rule of the product."""
        ### BEGIN SOLUTION
        out = Scalar(self.value * other.value, (self, other))

        def backward():                  # the slope with respect to one factor is the other factor
            self.grad += out.grad * other.value
            other.grad += out.grad * self.value
        out._backward = backward
        return out
        ### END SOLUTION

    def backward(self):
        """Set .grad = ∂self/∂node for every node this Scalar was computed from."""
        ### BEGIN SOLUTION
        order, seen = [], set()

        def visit(node):                 # topological order: every node after its parents
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0                  # ∂self/∂self
        for node in reversed(order):     # a node's grad is complete once every node that uses it has run
            node._backward()
        ### END SOLUTION


# %%
check(Scalar)
