"""Batch normalization and 2-D convolution as :mod:`nnlib.autodiff` nodes (lesson 13).

Both backward rules are the ones lesson 13 derives with SymPy:

* batch norm, with ``g = ∂J/∂y`` and ``x̂ = (x − μ)/√(σ² + ε)`` over ``m`` entries per feature,
  ``∂J/∂x = γ / (m √(σ² + ε)) · (m g − Σ g − x̂ Σ g x̂)``;
* convolution (a "valid" cross-correlation, as in deep-learning libraries), with ``G = ∂J/∂Y``:
  ``∂J/∂X`` is the *full* correlation of ``G`` with the kernel flipped in both spatial axes,
  and ``∂J/∂K`` is the valid correlation of ``X`` with ``G``.

Examples stay in the last axis, as columns do in the rest of the course:
images are ``(C, H, W, m)`` (channels, height, width, examples).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .autodiff import Tensor

__all__ = ["batch_norm", "conv2d", "correlate", "full_correlate"]


def batch_norm(x, gamma, beta, eps=1e-5):
    """Normalize each feature over the batch, then scale and shift: ``y = γ x̂ + β``.

    The statistics of feature ``i`` (row ``i``, or channel ``i`` of an image
    batch) are taken over all the other axes, ``m`` entries in all:
    ``μ = (1/m) Σ x``, ``σ² = (1/m) Σ (x − μ)²``, ``x̂ = (x − μ)/√(σ² + ε)``.

    Parameters
    ----------
    x : Tensor, shape (n, m) or (C, H, W, m)
    gamma, beta : Tensor, shape (n, 1) or (C, 1, 1, 1)
        One scale and one shift per feature.
    eps : float

    Returns
    -------
    Tensor, the shape of ``x``
    """
    gamma, beta = (p if isinstance(p, Tensor) else Tensor(p) for p in (gamma, beta))
    per_feature = (x.shape[0],) + (1,) * (x.value.ndim - 1)
    for name, p in (("gamma", gamma), ("beta", beta)):
        if p.shape != per_feature:
            raise ValueError(f"batch_norm: {name} must have shape {per_feature} (one per feature), got {p.shape}")
    axes = tuple(range(1, x.value.ndim))
    m = x.value.size // x.shape[0]                                  # entries per feature
    mu = x.value.mean(axis=axes, keepdims=True)
    s = np.sqrt(x.value.var(axis=axes, keepdims=True) + eps)        # √(σ² + ε), (n, 1)
    x_hat = (x.value - mu) / s
    out = Tensor(gamma.value * x_hat + beta.value, (x, gamma, beta), "batch_norm")

    def backward():
        g = out.grad
        sum_g = g.sum(axis=axes, keepdims=True)
        sum_g_xhat = (g * x_hat).sum(axis=axes, keepdims=True)
        # μ and σ² depend on every x of the feature: the two sums are their paths (lesson 13).
        x.grad += gamma.value / (m * s) * (m * g - sum_g - x_hat * sum_g_xhat)
        gamma.grad += sum_g_xhat
        beta.grad += sum_g
    out._backward = backward
    return out


def correlate(X, K):
    """Valid cross-correlation ``Y[f,i,j,n] = Σ_{c,p,q} K[f,c,p,q] X[c,i+p,j+q,n]``.

    Parameters
    ----------
    X : array, shape (C, H, W, m)
    K : array, shape (F, C, kh, kw)

    Returns
    -------
    array, shape (F, H − kh + 1, W − kw + 1, m)
    """
    windows = sliding_window_view(X, K.shape[2:], axis=(1, 2))      # (C, H', W', m, kh, kw), no copy
    return np.tensordot(K, windows, axes=([1, 2, 3], [0, 4, 5]))     # (F, H', W', m)


def full_correlate(G, K):
    """Full cross-correlation of ``G`` ``(F, H', W', m)`` with ``K`` ``(F, C, kh, kw)``, summed over ``F``.

    ``G`` is padded with ``kh − 1`` rows and ``kw − 1`` columns of zeros on
    each side, so the result has the input's size ``(C, H' + kh − 1, W' + kw − 1, m)``.
    """
    kh, kw = K.shape[2:]
    padded = np.pad(G, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
    windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))    # (F, H, W, m, kh, kw)
    return np.tensordot(K, windows, axes=([0, 2, 3], [0, 4, 5]))     # (C, H, W, m)


def conv2d(x, K):
    """A 2-D convolution layer without bias: the valid cross-correlation of ``x`` with the kernels ``K``.

    Parameters
    ----------
    x : Tensor, shape (C, H, W, m)
        ``m`` images with ``C`` channels each.
    K : Tensor, shape (F, C, kh, kw)
        ``F`` kernels, each spanning all ``C`` channels.

    Returns
    -------
    Tensor, shape (F, H − kh + 1, W − kw + 1, m).  Add a bias of shape ``(F, 1, 1, 1)`` with ``+``.
    """
    K = K if isinstance(K, Tensor) else Tensor(K)
    if x.value.ndim != 4 or K.value.ndim != 4 or x.shape[0] != K.shape[1]:
        raise ValueError(f"conv2d needs x of shape (C, H, W, m) and K of shape (F, C, kh, kw), "
                         f"got {x.shape} and {K.shape}")
    if K.shape[2] > x.shape[1] or K.shape[3] > x.shape[2]:
        raise ValueError(f"conv2d: kernel {K.shape[2:]} is larger than the image {x.shape[1:3]}")
    out = Tensor(correlate(x.value, K.value), (x, K), "conv2d")

    def backward():
        G = out.grad                                                 # (F, H', W', m)
        # ∂J/∂X: full correlation of G with the kernel flipped in both spatial axes.
        x.grad += full_correlate(G, K.value[:, :, ::-1, ::-1])
        # ∂J/∂K[f,c,p,q] = Σ_{i,j,n} X[c,i+p,j+q,n] G[f,i,j,n]: X correlated with G.
        windows = sliding_window_view(x.value, K.shape[2:], axis=(1, 2))      # (C, H', W', m, kh, kw)
        K.grad += np.tensordot(G, windows, axes=([1, 2, 3], [1, 2, 3]))       # (F, C, kh, kw)
    out._backward = backward
    return out
