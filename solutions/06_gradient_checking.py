# %% [markdown]
# # Exercise 06 · Gradient checking
#
# You will write the central-difference gradient that lesson 06 uses to check backprop.
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
# | 1 | `numerical_gradient` | 3 |
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
# ## Question 1: `numerical_gradient` (3 points)
#
# The central-difference gradient of a scalar function `f` at the float array `x` (any shape): entry $i$
# estimates $\partial f/\partial x_i$ from two values of `f`, with entry $i$ of `x` moved by $+h$ and by $-h$.
#
# **Derive it first.** The next cell writes Taylor's expansions of $f(x + h)$ and $f(x - h)$ up to $h^3$
# (lesson 06, “How wrong is a difference quotient?”), with the symbols $f_0, f_1, f_2, f_3$ for $f(x)$,
# $f'(x)$, $f''(x)$, $f'''(x)$. Which combination of the two values, divided by what, leaves $f'(x)$ with
# an error that has no term in $h^0$ or $h^1$? Write it in `derivative_estimate`, until the assert passes.
#
# Then write `numerical_gradient`. `f(x)` reads the current values of `x`, so perturb one entry at a time
# **in place**, and put it back before you move on: when your function returns, `x` must hold exactly the
# values it had. The tests also pass their own `h`.
#
# **Allowed:** numpy. `nnlib.gradcheck`'s own numerical gradients compute this answer, so they are not
# available in this exercise.

# %%
h, f0, f1, f2, f3 = sp.symbols("h f_0 f_1 f_2 f_3")     # f(x), f′(x), f″(x), f‴(x) at one point x
f_plus = f0 + f1 * h + f2 * h**2 / 2 + f3 * h**3 / 6     # Taylor: f(x + h), up to h³
f_minus = f_plus.subs(h, -h)                              # f(x − h)
f_plus, f_minus


# %%
def derivative_estimate(f_plus, f_minus, h):
    """The combination of f(x + h) and f(x − h) that estimates f'(x) with an error of order h²."""
    ### BEGIN SOLUTION
    return (f_plus - f_minus) / (2 * h)
    ### END SOLUTION


error = sp.expand(derivative_estimate(f_plus, f_minus, h) - f1)     # estimate − f'(x)
assert error.coeff(h, 0) == 0, "the estimate does not tend to f'(x) as h → 0"
assert error.coeff(h, 1) == 0, "the error still has a term in h: the estimate is only first order"
error


# %%
def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function f at the float array x (lesson 06).

    Parameters
    ----------
    f : callable, f(x) -> float
    x : float array, any shape; unchanged on return
    h : float, the step

    Returns
    -------
    array, the shape of x
    """
    ### BEGIN SOLUTION
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


# %%
check(numerical_gradient)
