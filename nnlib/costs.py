"""Cost functions ``C_x`` and the output-layer error ``δ^L`` (BP1, lesson 03).

Each cost is a small class, as in Nielsen's ``network2.py``, so a network can
swap one for the other:

* ``fn(z, a, y, activation)`` returns ``Σ_x C_x``, the cost *summed* over the
  columns of a batch (the network divides by ``m``);
* ``delta(z, a, y, activation)`` returns ``δ^L = ∂C_x/∂z^L`` for every column,
  shape ``(n_L, m)``.

Both take ``z`` as well as ``a`` so that they can be computed stably from the
weighted input: ``ln σ(z)`` is ``−softplus(−z)``, finite even at ``z = −1000``
where ``σ(z)`` rounds to 0.
"""

import numpy as np

__all__ = ["QuadraticCost", "CrossEntropyCost", "COSTS", "get_cost"]


class QuadraticCost:
    """``C_x = ½ ||a^L − y||²``.  BP1: ``δ^L = (a^L − y) ⊙ σ'(z^L)``."""

    name = "quadratic"

    @staticmethod
    def fn(z, a, y, activation):
        diff = a - y
        return 0.5 * float(np.vdot(diff, diff))

    @staticmethod
    def delta(z, a, y, activation):
        # ∇_a C = a − y, pushed back through σ: BP1.
        return activation.backward(z, a, a - y)


class CrossEntropyCost:
    """Cross-entropy, with ``δ^L = a^L − y`` (σ' cancels, lesson 03).

    After a sigmoid output: ``C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]``.
    After a softmax output: the categorical form ``C_x = −Σ_j y_j ln a_j``.
    """

    name = "cross_entropy"
    outputs = ("sigmoid", "softmax")

    @staticmethod
    def fn(z, a, y, activation):
        if activation.name == "softmax":
            # ln a_j = z_j − log Σ_k e^{z_k}, shifted by the column max for stability.
            zmax = z.max(axis=0, keepdims=True)
            log_a = z - zmax - np.log(np.exp(z - zmax).sum(axis=0, keepdims=True))
            return float(-np.sum(y * log_a))
        # ln σ(z) = −softplus(−z) and ln(1 − σ(z)) = −softplus(z), with softplus(t) = ln(1 + e^t).
        return float(np.sum(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)))

    @staticmethod
    def delta(z, a, y, activation):
        return a - y


COSTS = {cls.name: cls for cls in (QuadraticCost, CrossEntropyCost)}


def get_cost(name):
    """Look up a cost class by its name, with a clear error for a typo."""
    if not isinstance(name, str):
        raise TypeError(f"a cost is named by a string such as 'quadratic', got {name!r} of type {type(name).__name__}")
    try:
        return COSTS[name]
    except KeyError:
        known = ", ".join(repr(k) for k in COSTS)
        raise ValueError(f"unknown cost {name!r}; choose one of {known}") from None
