# %% [markdown]
# # Exercise 02 · Computation-graph nodes
#
# You will write the two nodes of lesson 02, the multiply node and the add node, with their forward and backward passes, and derive one chain-rule derivative with SymPy.
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
# | 1 | `MulLayer` | 2 |
# | 2 | `AddLayer` | 2 |
# | 3 | `chain_rule_symbolic` | 1 |
# | | **total** | **5** |

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
# ## Question 1: `MulLayer` (2 points)
#
# A multiply node computes `out = x · y`. Its `forward(x, y)` remembers both inputs and returns the
# product. Its `backward(dout)` receives `dout`, the derivative of the final output with respect to
# this node's output, and returns the pair `(dx, dy)`: the derivatives of the final output with respect
# to `x` and to `y`. It must work for numbers and, elementwise, for numpy arrays of one shape.
#
# **Allowed:** numpy. `nnlib.graph`'s own `MulLayer` and `AddLayer` (and `nnlib.autodiff`) are the answers
# here, so they are not available in this exercise.

# %%
class MulLayer:
    """A multiply node of a computation graph: out = x · y (lesson 02)."""

    def __init__(self):
        self.x = None   # the inputs of the last forward pass
        self.y = None

    def forward(self, x, y):
        """Return x · y and remember x and y for the backward pass."""
        ### BEGIN SOLUTION
        self.x, self.y = x, y
        return x * y
        ### END SOLUTION

    def backward(self, dout):
        """Return (dx, dy), given dout = ∂(final output)/∂(this node's output)."""
        ### BEGIN SOLUTION
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
        ### END SOLUTION


# %%
check(MulLayer)


# %% [markdown]
# ## Question 2: `AddLayer` (2 points)
#
# An add node computes `out = x + y`; `backward(dout)` returns `(dx, dy)` as above. The public tests
# also chain two of your nodes, like the apple and orange bills of lesson 02.
#
# **Allowed:** numpy, as in question 1.

# %%
class AddLayer:
    """An add node of a computation graph: out = x + y (lesson 02)."""

    def forward(self, x, y):
        """Return x + y."""
        ### BEGIN SOLUTION
        return x + y
        ### END SOLUTION

    def backward(self, dout):
        """Return (dx, dy), given dout = ∂(final output)/∂(this node's output)."""
        ### BEGIN SOLUTION
        return dout * 1, dout * 1
        ### END SOLUTION


# %%
check(AddLayer)


# %% [markdown]
# ## Question 3: `chain_rule_symbolic` (1 point)
#
# For $f = (x + y)^2$, return $\partial f / \partial x$ as a SymPy expression in the symbols `x` and `y`
# that the function receives. Derive it with `sp.diff` or by the chain rule by hand: the answer is graded
# by symbolic equivalence, so any equal form scores.
#
# **Allowed:** sympy (for example `sympy.diff`).

# %%
def chain_rule_symbolic(x, y):
    """∂f/∂x for f = (x + y)², as a SymPy expression in the symbols x and y."""
    ### BEGIN SOLUTION
    f = (x + y) ** 2
    return sp.diff(f, x)
    ### END SOLUTION


# %%
check(chain_rule_symbolic)
