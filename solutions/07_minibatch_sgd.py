# %% [markdown]
# # Exercise 07 · One step of mini-batch gradient descent
#
# You will write the update that mini-batch SGD repeats (lesson 07).
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
# | 1 | `update_mini_batch` | 3 |
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
# ## Question 1: `update_mini_batch` (3 points)
#
# One step of gradient descent on a mini-batch: new weights and biases that lower $J$, the mean cost over
# the batch, for a learning rate $\eta$.
#
# **Derive it first.** For small changes $\Delta\theta$ of the parameters (every weight and bias), $J$ changes
# by about $\sum_\theta \frac{\partial J}{\partial\theta}\,\Delta\theta$ (first-order Taylor, as in lesson 06). The next cells
# take a small network and batch, and step every parameter by $\Delta\theta = s\,\eta\,\partial J/\partial\theta$ with
# $\eta = 10^{-3}$. Choose the sign `s` that lowers $J$, and write `predicted`, the first-order change of $J$
# for that step, from `s`, `eta_d` and the gradients `nabla_w_d`, `nabla_b_d`. The assert compares it with the
# change measured by `net.cost`.
#
# Then write `update_mini_batch`. Return two **new** lists, `(weights, biases)`, and leave `net` unchanged.
#
# **Allowed:** numpy and `net.backprop` (the gradient is given; this question is the step). You wrote your
# own gradient in exercise 05. The network's `update_mini_batch` and `fit` take this step themselves, so
# they are not available in this exercise.

# %%
net_d = nnlib.Network([2, 3, 1], seed=0)              # a small network and batch for the derivation
data_rng = np.random.default_rng(1)
X_d = data_rng.uniform(0, 1, (2, 4))
Y_d = data_rng.uniform(0, 1, (1, 4)).round()
nabla_b_d, nabla_w_d = net_d.backprop(X_d, Y_d)         # ∂J/∂b^l and ∂J/∂W^l
eta_d = 1e-3
J_before = net_d.cost(X_d, Y_d)
print(f"J = {J_before:.6f} on this batch before the step")

# %%
### BEGIN SOLUTION
s = -1.0
predicted = s * eta_d * sum(np.sum(g * g) for g in nabla_w_d + nabla_b_d)   # Σ ∂J/∂θ · Δθ over every θ
### END SOLUTION
stepped = net_d.copy()
stepped.weights = [W + s * eta_d * nw for W, nw in zip(net_d.weights, nabla_w_d)]
stepped.biases = [b + s * eta_d * nb for b, nb in zip(net_d.biases, nabla_b_d)]
change = stepped.cost(X_d, Y_d) - J_before
assert change < 0, "with this sign the step makes J larger"
assert abs(change - predicted) < 0.01 * abs(predicted), "the first-order prediction is off"
print(f"J changed by {change:.4e}; first-order prediction {predicted:.4e}")


# %%
def update_mini_batch(net, X, Y, eta):
    """One gradient-descent step on the mini-batch (X, Y); returns (weights, biases), net unchanged.

    Parameters
    ----------
    net : nnlib.Network
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m)
    eta : float, the learning rate

    Returns
    -------
    weights : list of arrays, shapes (n_l, n_{l-1})
    biases : list of arrays, shapes (n_l, 1)
    """
    ### BEGIN SOLUTION
    nabla_b, nabla_w = net.backprop(X, Y)
    weights = [W - eta * nw for W, nw in zip(net.weights, nabla_w)]
    biases = [b - eta * nb for b, nb in zip(net.biases, nabla_b)]
    return weights, biases
    ### END SOLUTION


# %%
check(update_mini_batch)
