"""A small reverse-mode automatic differentiation engine over numpy arrays (lessons 12–13).

A :class:`Tensor` holds a numpy array ``value`` and remembers the tensors it
was computed from.  Every operation computes its forward value and, right
below it, defines its backward rule: the vector-Jacobian product (VJP) that
turns ``out.grad = ∂J/∂out`` into contributions to ``∂J/∂input`` for each
input.  ``J.backward()`` visits the graph from ``J`` back to the leaves and
calls those rules once each, in reverse topological order.  That is
backpropagation (lesson 12): BP2 is the VJP of ``z ↦ W g(z) + b``.

Gradients are *added* (``+=``), so a tensor used twice (a skip connection,
or ``W`` in both the cost and the L2 term) receives the sum over its uses,
the multivariable chain rule's sum over paths.  There is no global state:
the graph lives in the tensors themselves.

Shapes follow the course: examples are columns, ``X`` is ``(n_0, m)``.
Broadcasting is allowed only along axes of length 1 of an array with the
same number of axes (``b`` of shape ``(n, 1)`` against ``(n, m)``) or from a
scalar; ``(n,)`` against ``(n, m)`` is refused.

The batch-norm and 2-D convolution nodes of lesson 13 live in
:mod:`nnlib.layers` and are re-exported here.
"""

import numpy as np
from scipy.special import expit, logsumexp

__all__ = ["Tensor", "activate", "quadratic_cost", "cross_entropy", "network_cost"]


def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def _broadcast_shape(a, b, op):
    """The result shape of ``a op b``, refusing numpy's silent broadcasting between different ranks."""
    if a.ndim and b.ndim and a.ndim != b.ndim:
        raise ValueError(f"{op}: cannot combine shapes {a.shape} and {b.shape} (different numbers of axes); "
                         f"reshape the smaller one, for example b.reshape(-1, 1) for a column")
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} do not match, and neither has length 1 "
                         f"on the axes that differ") from None


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting stretched, back to ``shape`` (the VJP of broadcasting)."""
    if grad.shape == shape:
        return grad
    if len(shape) == 0:
        return np.sum(grad)
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return np.sum(grad, axis=axes, keepdims=True)


class Tensor:
    """A numpy array that remembers how it was computed, so that gradients can flow back through it.

    Parameters
    ----------
    value : array_like
        Stored as float64 (a float64 array is stored without a copy and never changed).
    parents : tuple of Tensor
        The inputs of the operation that produced this tensor (empty for a leaf).
    op : str
        The operation's name, for ``repr`` and drawings.

    After ``J.backward()``, ``t.grad`` is ``∂J/∂t``, an array of the shape of ``t.value``.
    """

    __array_ufunc__ = None  # ``array + tensor`` then calls Tensor.__radd__ instead of looping numpy over it

    def __init__(self, value, parents=(), op=""):
        self.value = np.asarray(value, dtype=float)
        self.parents = parents
        self.op = op
        self.grad = None
        self._backward = None  # set by the operation that made this tensor: adds into its parents' .grad

    def __repr__(self):
        return f"Tensor(shape={self.value.shape}, op={self.op!r})"

    @property
    def shape(self):
        return self.value.shape

    # ------------------------------------------------------------ arithmetic
    def __add__(self, other):
        other = _as_tensor(other)
        _broadcast_shape(self.value, other.value, "add")
        out = Tensor(self.value + other.value, (self, other), "+")

        def backward():  # ∂(a + b)/∂a = 1: pass the gradient on, summed over broadcast axes
            self.grad += _unbroadcast(out.grad, self.shape)
            other.grad += _unbroadcast(out.grad, other.shape)
        out._backward = backward
        return out

    def __mul__(self, other):
        other = _as_tensor(other)
        _broadcast_shape(self.value, other.value, "mul")
        out = Tensor(self.value * other.value, (self, other), "*")

        def backward():  # elementwise: ∂(a ⊙ b)/∂a = b
            self.grad += _unbroadcast(out.grad * other.value, self.shape)
            other.grad += _unbroadcast(out.grad * self.value, other.shape)
        out._backward = backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_tensor(other))

    def __rsub__(self, other):
        return _as_tensor(other) + (-self)

    def __matmul__(self, other):
        other = _as_tensor(other)
        A, B = self.value, other.value
        if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
            raise ValueError(f"matmul needs (n, k) @ (k, m), got {A.shape} @ {B.shape}")
        out = Tensor(A @ B, (self, other), "@")

        def backward():  # VJP of C = A B:  ∂J/∂A = G Bᵀ,  ∂J/∂B = Aᵀ G  (BP4 and BP2's Wᵀδ)
            self.grad += out.grad @ B.T
            other.grad += A.T @ out.grad
        out._backward = backward
        return out

    # ------------------------------------------------------------ reductions
    def sum(self, axis=None):
        """``Σ`` over ``axis`` (all entries when ``None``), keeping the summed axis with length 1."""
        out = Tensor(np.sum(self.value, axis=axis, keepdims=axis is not None), (self,), "sum")

        def backward():  # every entry contributes with slope 1: spread the gradient back
            self.grad += np.broadcast_to(out.grad, self.shape)
        out._backward = backward
        return out

    def mean(self, axis=None):
        """The mean over ``axis`` (all entries when ``None``): the sum times 1/count."""
        count = self.value.size if axis is None else self.shape[axis]
        return self.sum(axis) * (1.0 / count)

    def reshape(self, *shape):
        out = Tensor(self.value.reshape(*shape), (self,), "reshape")

        def backward():  # the same numbers in a different arrangement
            self.grad += out.grad.reshape(self.shape)
        out._backward = backward
        return out

    # ----------------------------------------------------------- activations
    def sigmoid(self):
        a = expit(self.value)
        out = Tensor(a, (self,), "sigmoid")

        def backward():  # σ'(z) = a(1 − a), from the output (lesson 03)
            self.grad += out.grad * a * (1.0 - a)
        out._backward = backward
        return out

    def tanh(self):
        a = np.tanh(self.value)
        out = Tensor(a, (self,), "tanh")

        def backward():  # tanh'(z) = 1 − a²
            self.grad += out.grad * (1.0 - a * a)
        out._backward = backward
        return out

    def relu(self):
        out = Tensor(np.maximum(self.value, 0.0), (self,), "relu")

        def backward():  # slope 1 where z > 0, else 0
            self.grad += out.grad * (self.value > 0)
        out._backward = backward
        return out

    def softmax(self):
        """Softmax over each column (axis 0)."""
        e = np.exp(self.value - self.value.max(axis=0, keepdims=True))
        a = e / e.sum(axis=0, keepdims=True)
        out = Tensor(a, (self,), "softmax")

        def backward():  # Jacobian a_j(1[j=k] − a_k), so the VJP is a ⊙ (g − Σ_k a_k g_k)  (lesson 11)
            g = out.grad
            self.grad += a * (g - np.sum(a * g, axis=0, keepdims=True))
        out._backward = backward
        return out

    # -------------------------------------------------------------- backward
    def nodes(self):
        """Every tensor this one depends on, itself last, each after all of its inputs (topological order)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # an explicit stack: deep graphs do not hit Python's recursion limit
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents if id(p) not in seen)
        return order

    def backward(self):
        """Set ``t.grad = ∂self/∂t`` for every tensor ``t`` in this graph; ``self`` must hold one number.

        Each call starts from zero gradients, so calling it twice gives the same result.
        """
        if self.value.size != 1:
            raise ValueError(f"backward() starts from a scalar cost, got shape {self.shape}; reduce it with .sum()")
        order = self.nodes()
        for node in order:
            node.grad = np.zeros_like(node.value)
        self.grad = np.ones_like(self.value)
        for node in reversed(order):  # a node's grad is complete once every node that uses it is done
            if node._backward is not None:
                node._backward()


def activate(z, name):
    """Apply the activation ``name`` (``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``, ``"softmax"``)."""
    if name == "identity":
        return z
    if name not in ("sigmoid", "tanh", "relu", "softmax"):
        raise ValueError(f"unknown activation {name!r}; choose sigmoid, tanh, relu, identity or softmax")
    return getattr(z, name)()


# ------------------------------------------------------------------ costs
def _check_targets(a, Y):
    Y = np.asarray(Y, dtype=float)
    if Y.shape != a.shape:
        raise ValueError(f"targets Y must have the shape of the output, {a.shape}, got {Y.shape}")
    return Y


def quadratic_cost(a, Y):
    """``J = (1/m) Σ_x ½||a − y||²`` for an output ``a`` of shape ``(n_L, m)``; ``∂J/∂a = (a − Y)/m``."""
    Y = _check_targets(a, Y)
    m = a.shape[1]
    diff = a.value - Y
    out = Tensor(0.5 * np.vdot(diff, diff) / m, (a,), "quadratic")

    def backward():
        a.grad += out.grad * diff / m
    out._backward = backward
    return out


def cross_entropy(z, Y, output):
    """The mean cross-entropy of the output layer, computed from its weighted input ``z`` ``(n_L, m)``.

    ``output="sigmoid"``: ``C_x = −Σ_j [y_j ln σ(z_j) + (1 − y_j) ln(1 − σ(z_j))]``, and ``∂C_x/∂z = σ(z) − y``.
    ``output="softmax"``: ``C_x = −Σ_j y_j ln softmax(z)_j``, and ``∂C_x/∂z = softmax(z) Σ_j y_j − y``,
    which is ``a − y`` for targets that sum to 1.  Working from ``z`` avoids ``ln 0`` (lesson 03's cancellation).
    """
    Y = _check_targets(z, Y)
    m = z.shape[1]
    if output == "sigmoid":
        cost = np.sum(Y * np.logaddexp(0.0, -z.value) + (1.0 - Y) * np.logaddexp(0.0, z.value))
        dz = expit(z.value) - Y
    elif output == "softmax":
        log_a = z.value - logsumexp(z.value, axis=0, keepdims=True)
        cost = -np.sum(Y * log_a)
        dz = np.exp(log_a) * Y.sum(axis=0, keepdims=True) - Y
    else:
        raise ValueError(f"cross_entropy needs output='sigmoid' or 'softmax', got {output!r}")
    out = Tensor(cost / m, (z,), "cross_entropy")

    def backward():
        z.grad += out.grad * dz / m
    out._backward = backward
    return out


def network_cost(net, X, Y):
    """Build ``J`` of an :class:`nnlib.Network` as a graph: ``(J, params)``, ``params`` named as ``net.parameters()``.

    ``J = (1/m) Σ_x C_x + (λ/2m) Σ_l ||W^l||²``, the cost that ``net.backprop`` differentiates;
    after ``J.backward()``, ``params["W1"].grad`` is ``∂J/∂W^1``.
    """
    X, Y = net._check_XY(X, Y)
    params = {name: Tensor(value) for name, value in net.parameters()}
    a = Tensor(X)
    for l in range(1, net.L + 1):
        z = params[f"W{l}"] @ a                                   # (n_l, m)
        if net.bias:
            z = z + params[f"b{l}"]                               # b^l (n_l, 1) broadcasts over the columns
        name = net.sigmas[l - 1].name
        if l == net.L and net.cost_function.name == "cross_entropy":
            J = cross_entropy(z, Y, name)
        else:
            a = activate(z, name)
    if net.cost_function.name == "quadratic":
        J = quadratic_cost(a, Y)
    if net.lam:
        m = X.shape[1]
        for l in range(1, net.L + 1):
            W = params[f"W{l}"]
            J = J + (W * W).sum() * (0.5 * net.lam / m)
    return J, params


def __getattr__(name):
    # Lesson 13's layers live in nnlib.layers, which builds on Tensor; they load on first use.
    if name in ("batch_norm", "conv2d"):
        from . import layers
        return getattr(layers, name)
    raise AttributeError(f"module 'nnlib.autodiff' has no attribute {name!r}")
