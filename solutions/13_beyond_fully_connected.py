# %% [markdown]
# # Exercise 13 · Beyond fully connected layers
#
# You will derive the backward pass of batch normalization with SymPy, vectorize it over a batch, and write the backward pass of a 2-D convolution: the gradients of the image and of the kernel (lesson 13).
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
# | 1 | `batch_norm_dx_symbolic` | 2 |
# | 2 | `batch_norm_backward` | 4 |
# | 3 | `conv2d_backward` | 4 |
# | | **total** | **10** |

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
# ## Question 1: `batch_norm_dx_symbolic` (2 points)
#
# Batch normalization of one feature over a batch of $m = 3$ entries $x_1, x_2, x_3$ (lesson 13, “Batch
# normalization”):
#
# $$\mu = \frac1m\sum_k x_k,\qquad \sigma^2 = \frac1m\sum_k (x_k-\mu)^2,\qquad
# \hat x_k = \frac{x_k-\mu}{\sqrt{\sigma^2+\epsilon}},\qquad y_k = \gamma\,\hat x_k + \beta .$$
#
# The gradient arriving from above is $g_k = \partial J/\partial y_k$, so the layer's backward pass is the
# derivative of $L = \sum_k g_k\,y_k$. The function receives the SymPy symbols `x1, x2, x3, g1, g2, g3, gamma,
# epsilon`. Build $\mu$, $\sigma^2$, $\hat x$, $y$ and $L$ from them and return $\partial L/\partial x_1$, derived by
# SymPy (`sp.sqrt`, `sp.diff`). Let SymPy see that $\mu$ and $\sigma^2$ depend on $x_1$: that is the point.
# It is graded by equivalence, so any equal form scores (leave out $\beta$: it does not change the
# derivative).
#
# **Allowed:** sympy.

# %%
def batch_norm_dx_symbolic(x1, x2, x3, g1, g2, g3, gamma, epsilon):
    """∂L/∂x_1 for L = Σ_k g_k y_k, y = batch norm of (x1, x2, x3) (lesson 13), as a SymPy expression."""
    ### BEGIN SOLUTION
    x, g = [x1, x2, x3], [g1, g2, g3]
    m = len(x)
    mu = sum(x) / m
    var = sum((xk - mu) ** 2 for xk in x) / m
    y = [gamma * (xk - mu) / sp.sqrt(var + epsilon) for xk in x]
    L = sum(gk * yk for gk, yk in zip(g, y))
    return sp.diff(L, x1)
    ### END SOLUTION


# %%
check(batch_norm_dx_symbolic)


# %% [markdown]
# ## Question 2: `batch_norm_backward` (4 points)
#
# Now the same layer for a whole batch, in numpy: `x` has shape $(n, m)$, one **feature per row** and one
# example per column, and each row is normalized over its own $m$ entries with the formulas of Question 1;
# `gamma` $(n, 1)$ holds one $\gamma$ per feature (and $\beta$ does not enter the backward pass of `x` or
# $\gamma$). Given `g` $= \partial J/\partial y$ of shape $(n, m)$, `x`, `gamma` and `eps` $= \epsilon$ (a plain number),
# return `(dx, dgamma, dbeta)` of shapes $(n, m)$, $(n, 1)$, $(n, 1)$.
#
# Do not guess $\partial J/\partial x$: take your expression of Question 1, simplify it, and write it with
# $s = \sqrt{\sigma^2+\epsilon}$, $\hat x_k$ and sums over $k$ (SymPy can confirm your compact form, as lesson 13
# does with `equal_with_root`). Then vectorize it over the rows.
#
# **Allowed:** numpy. `nnlib.layers` (and the engine `nnlib.autodiff` under it) computes this, so it is not available in this exercise.

# %%
def batch_norm_backward(g, x, gamma, eps):
    """The backward pass of batch normalization over the columns of x (lesson 13).

    Parameters
    ----------
    g : array, shape (n, m)        ∂J/∂y, the gradient arriving from above
    x : array, shape (n, m)        the layer's input: n features (rows), m examples (columns)
    gamma : array, shape (n, 1)    one scale per feature
    eps : float                    ε

    Returns
    -------
    (dx, dgamma, dbeta) : arrays of shapes (n, m), (n, 1), (n, 1)
    """
    ### BEGIN SOLUTION
    m = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)                     # (n, 1)
    s = np.sqrt(x.var(axis=1, keepdims=True) + eps)        # (n, 1): √(σ² + ε)
    x_hat = (x - mu) / s                                   # (n, m)
    sum_g = g.sum(axis=1, keepdims=True)                   # (n, 1)
    sum_g_xhat = (g * x_hat).sum(axis=1, keepdims=True)    # (n, 1)
    dx = gamma / (m * s) * (m * g - sum_g - x_hat * sum_g_xhat)   # direct, through μ, through σ²
    return dx, sum_g_xhat, sum_g
    ### END SOLUTION


# %%
check(batch_norm_backward)


# %% [markdown]
# ## Question 3: `conv2d_backward` (4 points)
#
# A convolution layer as deep-learning libraries compute it, a "valid" cross-correlation of one image `X`
# $(H, W)$ with one kernel `K` $(k_h, k_w)$ (lesson 13, “2-D convolution”):
#
# $$Y_{ij} = \sum_{p=0}^{k_h-1}\sum_{q=0}^{k_w-1} K_{pq}\,X_{i+p,\,j+q},\qquad Y \text{ of shape } (H-k_h+1,\ W-k_w+1).$$
#
# Given `G` $= \partial J/\partial Y$ (the shape of $Y$), `X` and `K`, return `(dX, dK)`: $\partial J/\partial X$ of the
# shape of `X` and $\partial J/\partial K$ of the shape of `K`. Derive both first, as the lesson does: a $4\times4$
# image and a $2\times2$ kernel of SymPy symbols, $L = \sum G \odot Y$, `sp.diff` by a corner pixel, an interior
# pixel and one weight, and look at which entries of $G$ and $K$ meet. Then write each gradient as a
# correlation, for any image and kernel size (rectangular kernels included). `np.pad` and
# `numpy.lib.stride_tricks.sliding_window_view` are part of numpy and may help.
#
# **Allowed:** numpy. `nnlib.layers` (and the engine `nnlib.autodiff` under it) computes this, so it is not available in this exercise.

# %%
def conv2d_backward(G, X, K):
    """The backward pass of Y = valid cross-correlation of X with K (lesson 13): (∂J/∂X, ∂J/∂K).

    Parameters
    ----------
    G : array, shape (H − kh + 1, W − kw + 1)    ∂J/∂Y, the gradient arriving from above
    X : array, shape (H, W)                      the image
    K : array, shape (kh, kw)                    the kernel

    Returns
    -------
    (dX, dK) : arrays of shapes (H, W) and (kh, kw)
    """
    ### BEGIN SOLUTION
    from numpy.lib.stride_tricks import sliding_window_view

    def correlate(A, B):                                   # valid correlation of A with the smaller B
        return np.einsum("ijpq,pq->ij", sliding_window_view(A, B.shape), B)

    kh, kw = K.shape
    G_padded = np.pad(G, ((kh - 1, kh - 1), (kw - 1, kw - 1)))   # (H + kh − 1, W + kw − 1)
    dX = correlate(G_padded, K[::-1, ::-1])                # full correlation with the kernel rotated by 180°
    dK = correlate(X, G)                                   # Σ_ij G_ij X_{i+p, j+q}
    return dX, dK
    ### END SOLUTION


# %%
check(conv2d_backward)
