"""Activation functions σ and their derivatives (lessons 01, 03 and 11).

Each activation is a small class with

* ``fn(z)``: the activation ``a = σ(z)``, elementwise on an ``(n_l, m)`` array;
* ``backward(z, a, grad_a)``: the vector-Jacobian product ``∂C/∂z`` given
  ``∂C/∂a``.  For an elementwise σ this is ``grad_a ⊙ σ'(z)``, the product that
  appears in BP1 and BP2.  Softmax couples the units of a column, so its
  ``backward`` applies the full (transposed) Jacobian instead, in closed form,
  without building the matrix (lesson 11 builds it and checks the two agree).

Elementwise activations also expose ``prime(z)`` = ``σ'(z)``.
"""

import numpy as np
from scipy.special import expit

__all__ = ["Sigmoid", "Tanh", "ReLU", "Identity", "Softmax", "ACTIVATIONS", "get_activation", "sigmoid", "sigmoid_prime"]


def sigmoid(z):
    """The logistic function ``σ(z) = 1 / (1 + e^{-z})``, elementwise.

    Evaluated by ``scipy.special.expit``: the same formula in one compiled
    loop that never overflows (``z = ±1000`` gives exactly 1.0 and 0.0 with
    no warning, where ``1 / (1 + np.exp(-z))`` warns of overflow).
    """
    return expit(z)


def sigmoid_prime(z):
    """``σ'(z) = σ(z)(1 − σ(z))`` (lesson 03), elementwise."""
    s = sigmoid(z)
    return s * (1.0 - s)


class Sigmoid:
    """``σ(z) = 1 / (1 + e^{-z})``; ``σ'(z) = σ(z)(1 − σ(z))``."""

    name = "sigmoid"

    fn = staticmethod(expit)  # σ itself; see sigmoid() above

    @staticmethod
    def prime(z):
        return sigmoid_prime(z)

    @staticmethod
    def backward(z, a, grad_a):
        # σ'(z) = a(1 − a): the "derivative from the output" of lesson 03,
        # which saves recomputing σ(z).
        return grad_a * a * (1.0 - a)


class Tanh:
    """``tanh(z)``; ``tanh'(z) = 1 − tanh(z)²``."""

    name = "tanh"

    @staticmethod
    def fn(z):
        return np.tanh(z)

    @staticmethod
    def prime(z):
        return 1.0 - np.tanh(z) ** 2

    @staticmethod
    def backward(z, a, grad_a):
        return grad_a * (1.0 - a * a)


class ReLU:
    """``max(0, z)``; its derivative is 1 for ``z > 0`` and 0 otherwise (0 at the kink)."""

    name = "relu"

    @staticmethod
    def fn(z):
        return np.maximum(z, 0.0)

    @staticmethod
    def prime(z):
        return (z > 0).astype(float)

    @staticmethod
    def backward(z, a, grad_a):
        return grad_a * (z > 0)


class Identity:
    """The linear activation ``a = z`` (seed 000's hidden layer); ``σ' = 1``."""

    name = "identity"

    @staticmethod
    def fn(z):
        return z

    @staticmethod
    def prime(z):
        return np.ones_like(z)

    @staticmethod
    def backward(z, a, grad_a):
        return grad_a


class Softmax:
    """``a_j = e^{z_j} / Σ_k e^{z_k}`` over each column (lesson 11).

    Not elementwise: ``∂a_j/∂z_k = a_j (1[j=k] − a_k)``, so the backward pass is
    ``a ⊙ (g − Σ_k a_k g_k)`` for ``g = ∂C/∂a``.
    """

    name = "softmax"

    @staticmethod
    def fn(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))  # shift by the column max: no overflow
        return e / e.sum(axis=0, keepdims=True)

    @staticmethod
    def backward(z, a, grad_a):
        return a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU, Identity, Softmax)}


def get_activation(name):
    """Look up an activation class by its name, with a clear error for a typo."""
    if not isinstance(name, str):
        raise TypeError(f"an activation is named by a string such as 'sigmoid', got {name!r} of type {type(name).__name__}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}") from None
